-- 0004: risk assessment and treatment (steps 3 to 6 and 8): the method, the
-- ISMS's own threats and vulnerabilities, the risk register, treatments.

-- Step 3: every change of the method is a new version; the newest one is
-- in force. `config` is the method as JSON (docs/risk-method.md).
CREATE TABLE method (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	version INTEGER NOT NULL CHECK (version > 0),
	config TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	PRIMARY KEY (isms_id, version)
);

-- The ISMS's own threats and vulnerabilities, beside the built-in library
-- (data/library/*.tsv, which is not copied into the database). Lists are
-- comma-separated: asset types, control IDs of the ISMS's edition, threat
-- codes.
CREATE TABLE threat (
	id INTEGER PRIMARY KEY,
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	category TEXT NOT NULL CHECK (category IN ('deliberate', 'accidental', 'environmental')),
	name_en TEXT NOT NULL DEFAULT '',
	name_ja TEXT NOT NULL DEFAULT '',
	props TEXT NOT NULL,
	asset_types TEXT NOT NULL DEFAULT '',
	controls TEXT NOT NULL DEFAULT '',
	desc_en TEXT NOT NULL DEFAULT '',
	desc_ja TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	UNIQUE (isms_id, code)
);

CREATE TABLE vulnerability (
	id INTEGER PRIMARY KEY,
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	name_en TEXT NOT NULL DEFAULT '',
	name_ja TEXT NOT NULL DEFAULT '',
	asset_types TEXT NOT NULL DEFAULT '',
	threats TEXT NOT NULL DEFAULT '',
	controls TEXT NOT NULL DEFAULT '',
	desc_en TEXT NOT NULL DEFAULT '',
	desc_ja TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	UNIQUE (isms_id, code)
);

-- Steps 4 to 6: the risk register. A risk is about one asset or one asset
-- group. Levels are NULL until assessed. av_c, av_i, av_a are the asset's
-- (or the group's highest) values when the risk was last evaluated, 0 for
-- none: a risk whose asset changed since is due for re-evaluation.
-- input_key and residual_key pack every input of the evaluation into one
-- number (lib/model/risk.c), so that a method change re-evaluates the
-- register by distinct keys rather than row by row. value, level and
-- evaluation are computed from the method, never entered.
CREATE TABLE risk (
	id INTEGER PRIMARY KEY,
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	asset_id INTEGER REFERENCES asset (id),
	grp TEXT,
	threat TEXT NOT NULL,
	vuln TEXT NOT NULL,
	props INTEGER NOT NULL CHECK (props BETWEEN 1 AND 7),
	threat_level INTEGER,
	vuln_level INTEGER,
	likelihood INTEGER,
	impact INTEGER,
	owner TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	av_c INTEGER NOT NULL DEFAULT 0,
	av_i INTEGER NOT NULL DEFAULT 0,
	av_a INTEGER NOT NULL DEFAULT 0,
	input_key INTEGER NOT NULL,
	value INTEGER,
	level INTEGER,
	evaluation TEXT CHECK (evaluation IN ('accept', 'treat', 'baseline')),
	-- step 6: the treatment and its plan; residual levels NULL mean "as before"
	treatment TEXT CHECK (treatment IN ('reduce', 'accept', 'avoid', 'transfer')),
	plan_owner TEXT NOT NULL DEFAULT '',
	plan_due TEXT NOT NULL DEFAULT '',
	plan_status TEXT NOT NULL DEFAULT '' CHECK (plan_status IN ('', 'planned', 'in_progress', 'done')),
	plan_note TEXT NOT NULL DEFAULT '',
	res_threat INTEGER,
	res_vuln INTEGER,
	res_likelihood INTEGER,
	res_impact INTEGER,
	residual_key INTEGER,
	residual_value INTEGER,
	residual_level INTEGER,
	residual_evaluation TEXT CHECK (residual_evaluation IN ('accept', 'treat', 'baseline')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (isms_id, code),
	CHECK ((asset_id IS NULL) <> (grp IS NULL))
);
CREATE INDEX risk_asset ON risk (asset_id);
CREATE INDEX risk_grp ON risk (isms_id, grp);
CREATE INDEX risk_input_key ON risk (isms_id, input_key);
CREATE INDEX risk_residual_key ON risk (isms_id, residual_key);

-- The controls of a treatment: Annex A controls of the ISMS's edition
-- ('annex', control = its ID) and additional ones outside Annex A
-- ('extra', control = the text), in the order given.
CREATE TABLE risk_control (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	risk_id INTEGER NOT NULL REFERENCES risk (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('annex', 'extra')),
	pos INTEGER NOT NULL,
	control TEXT NOT NULL,
	PRIMARY KEY (risk_id, kind, pos)
);
CREATE INDEX risk_control_isms ON risk_control (isms_id, kind, control);

-- The evaluation of each input key under the method in force, filled when
-- the method changes: re-evaluating the register is then one UPDATE that
-- looks each risk's key up here.
CREATE TABLE risk_eval_map (
	isms_id INTEGER NOT NULL REFERENCES isms (id) ON DELETE CASCADE,
	input_key INTEGER NOT NULL,
	value INTEGER,
	level INTEGER,
	evaluation TEXT,
	PRIMARY KEY (isms_id, input_key)
);
