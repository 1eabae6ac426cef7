-- 0002: catalogues imported into an ISMS (OSCAL, TSV, CSV, JSON) and their items.
-- The built-in Annex A catalogues live in the binary, not here.
CREATE TABLE catalog (
	id INTEGER PRIMARY KEY,
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	ident TEXT NOT NULL,
	version TEXT NOT NULL,
	title_en TEXT NOT NULL,
	title_ja TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL CHECK (source IN ('tsv', 'csv', 'oscal', 'json')),
	uuid TEXT NOT NULL DEFAULT '',
	sha256 TEXT NOT NULL,
	generation INTEGER NOT NULL DEFAULT 1,
	imported_at TEXT NOT NULL,
	imported_by TEXT NOT NULL,
	UNIQUE (isms_id, ident, version)
);

-- One row per group, control or enhancement, in the catalogue's order
-- (seq). A re-import updates rows in place by (catalog_id, item_id) and
-- removes those the new file no longer has (generation).
CREATE TABLE catalog_item (
	id INTEGER PRIMARY KEY,
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	catalog_id INTEGER NOT NULL REFERENCES catalog (id) ON DELETE CASCADE,
	generation INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('clause', 'theme', 'objective', 'group', 'control', 'enhancement')),
	item_id TEXT NOT NULL,
	parent TEXT NOT NULL DEFAULT '',
	label TEXT NOT NULL DEFAULT '',
	title_en TEXT NOT NULL DEFAULT '',
	title_ja TEXT NOT NULL DEFAULT '',
	ja_status TEXT NOT NULL DEFAULT '' CHECK (ja_status IN ('', 'verified', 'public', 'own')),
	desc_en TEXT NOT NULL DEFAULT '',
	desc_ja TEXT NOT NULL DEFAULT '',
	statement TEXT NOT NULL DEFAULT '',
	guidance TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
	moved_to TEXT NOT NULL DEFAULT '',
	moved_how TEXT NOT NULL DEFAULT '' CHECK (moved_how IN ('', 'incorporated-into', 'moved-to')),
	UNIQUE (catalog_id, item_id)
);
CREATE INDEX catalog_item_order ON catalog_item (isms_id, catalog_id, seq);
