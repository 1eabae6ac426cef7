-- 0003: the asset inventory (資産目録): assets with their C/I/A values, groups and dependencies.
CREATE TABLE asset (
	id INTEGER PRIMARY KEY,
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	-- the user's own identifier, such as A-001
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('information', 'software', 'hardware', 'service',
					   'people', 'site', 'intangible')),
	owner TEXT NOT NULL DEFAULT '',
	location TEXT NOT NULL DEFAULT '',
	-- the group the asset is assessed with; '' for none
	grp TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	-- NULL: not valued yet
	c INTEGER CHECK (c IS NULL OR c >= 0),
	i INTEGER CHECK (i IS NULL OR i >= 0),
	a INTEGER CHECK (a IS NULL OR a >= 0),
	c_reason TEXT NOT NULL DEFAULT '',
	i_reason TEXT NOT NULL DEFAULT '',
	a_reason TEXT NOT NULL DEFAULT '',
	classification TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (isms_id, code)
);

-- asset_id depends on depends_on_id (a service on its servers, say).
CREATE TABLE asset_dependency (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	asset_id INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
	depends_on_id INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
	PRIMARY KEY (asset_id, depends_on_id),
	CHECK (asset_id <> depends_on_id)
);
CREATE INDEX asset_dependency_on ON asset_dependency (depends_on_id);
CREATE INDEX asset_dependency_isms ON asset_dependency (isms_id, asset_id);
