-- 0005: approvals: every sign-off by management, with a hash of what was approved.
CREATE TABLE approval (
	id INTEGER PRIMARY KEY,
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	subject TEXT NOT NULL,
	subject_id TEXT NOT NULL,
	decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
	comment TEXT NOT NULL DEFAULT '',
	approver TEXT NOT NULL,
	at TEXT NOT NULL,
	snapshot TEXT NOT NULL,
	content_hash TEXT NOT NULL
);
CREATE INDEX approval_subject ON approval (isms_id, subject, subject_id, id);
