-- 0001: the foundation: schema version, settings, ISMS, users, roles, audit log.
CREATE TABLE schema_version (
	version INTEGER NOT NULL PRIMARY KEY,
	applied_at TEXT NOT NULL
);

CREATE TABLE setting (
	key TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE isms (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	org TEXT NOT NULL,
	edition INTEGER NOT NULL CHECK (edition IN (2005, 2013, 2022)),
	lang TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL
);

CREATE TABLE app_user (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL DEFAULT '',
	pwhash TEXT,
	created_at TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE membership (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'owner', 'approver', 'auditor', 'viewer')),
	PRIMARY KEY (isms_id, user_id)
);

-- Append-only: the library only ever inserts. Each entry carries the hash
-- of the previous entry and of its own content (lib/store/audit.c), so a
-- change behind the library's back is found by "isms log verify".
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	isms_id INTEGER NOT NULL,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	action TEXT NOT NULL,
	before_json TEXT,
	after_json TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_isms ON audit_log (isms_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
