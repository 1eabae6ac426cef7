-- 0007: scope and policy (steps 1-2), control selection (7), SoA snapshots (10), edition transitions.

-- Step 1: every save of the scope is a new version; older ones stay readable.
CREATE TABLE scope_version (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	version INTEGER NOT NULL CHECK (version > 0),
	organisation TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	content_hash TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	PRIMARY KEY (isms_id, version)
);

-- The structured fields of one scope version, in the order written.
CREATE TABLE scope_item (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('unit', 'site', 'process', 'system', 'interface', 'exclusion')),
	pos INTEGER NOT NULL,
	name TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (isms_id, version, kind, pos),
	FOREIGN KEY (isms_id, version) REFERENCES scope_version (isms_id, version) ON DELETE CASCADE
);

-- Step 2: the ISMS policy, a versioned Markdown text.
CREATE TABLE policy_version (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	version INTEGER NOT NULL CHECK (version > 0),
	body TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	PRIMARY KEY (isms_id, version)
);

-- Step 7: the decision on each control of the ISMS's edition, and the
-- additional controls outside Annex A. A control without a row has no
-- decision yet. The reason "risk treatment" is not stored: it is derived
-- from the treatments that use the control. `review` is set by a
-- transition when a decision must be looked at again, and cleared by the
-- next decision.
CREATE TABLE control_selection (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	control_id TEXT NOT NULL,
	additional INTEGER NOT NULL DEFAULT 0 CHECK (additional IN (0, 1)),
	title TEXT NOT NULL DEFAULT '',
	decision TEXT NOT NULL CHECK (decision IN ('undecided', 'applicable', 'excluded')),
	reason_legal INTEGER NOT NULL DEFAULT 0 CHECK (reason_legal IN (0, 1)),
	reason_contract INTEGER NOT NULL DEFAULT 0 CHECK (reason_contract IN (0, 1)),
	reason_business INTEGER NOT NULL DEFAULT 0 CHECK (reason_business IN (0, 1)),
	justification TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'not_started'
		CHECK (status IN ('not_started', 'planned', 'partial', 'implemented')),
	owner TEXT NOT NULL DEFAULT '',
	impl_ref TEXT NOT NULL DEFAULT '',
	review TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	PRIMARY KEY (isms_id, control_id),
	CHECK (decision <> 'excluded' OR justification <> '')
);

-- Step 10: numbered, dated Statements of Applicability. The rows are
-- frozen copies (titles in both languages), so a snapshot reads the same
-- after the selection, the risks or the edition change.
CREATE TABLE soa (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	number INTEGER NOT NULL CHECK (number > 0),
	edition INTEGER NOT NULL,
	organisation TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	PRIMARY KEY (isms_id, number)
);

CREATE TABLE soa_row (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	number INTEGER NOT NULL,
	pos INTEGER NOT NULL,
	control_id TEXT NOT NULL,
	additional INTEGER NOT NULL DEFAULT 0,
	section_id TEXT NOT NULL DEFAULT '',
	section_en TEXT NOT NULL DEFAULT '',
	section_ja TEXT NOT NULL DEFAULT '',
	title_en TEXT NOT NULL,
	title_ja TEXT NOT NULL,
	applicable INTEGER NOT NULL CHECK (applicable IN (0, 1)),
	reasons TEXT NOT NULL DEFAULT '',
	justification TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	owner TEXT NOT NULL DEFAULT '',
	impl_ref TEXT NOT NULL DEFAULT '',
	risks TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (isms_id, number, pos),
	FOREIGN KEY (isms_id, number) REFERENCES soa (isms_id, number) ON DELETE CASCADE
);

-- Moves to a newer edition of Annex A, each with the list of its changes.
CREATE TABLE transition (
	id INTEGER PRIMARY KEY,
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	from_edition INTEGER NOT NULL,
	to_edition INTEGER NOT NULL,
	at TEXT NOT NULL,
	actor TEXT NOT NULL
);
CREATE INDEX transition_isms ON transition (isms_id, id);

CREATE TABLE transition_change (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	transition_id INTEGER NOT NULL REFERENCES transition (id) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	kind TEXT NOT NULL,
	from_ids TEXT NOT NULL DEFAULT '',
	to_id TEXT NOT NULL DEFAULT '',
	decision TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (transition_id, pos)
);
