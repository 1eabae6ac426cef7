-- 0006: the web application: sessions, API tokens, login throttling, the
-- first-run set-up link and per-user preferences. These belong to users
-- and to the installation, not to one ISMS, so none has an isms_id.

-- A logged-in browser. Only the SHA-256 of the cookie's token is stored:
-- a copy of the database does not let anyone act as a user.
CREATE TABLE web_session (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	last_seen TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	address TEXT NOT NULL
);
CREATE INDEX web_session_user ON web_session (user_id);
CREATE INDEX web_session_seen ON web_session (last_seen);

-- A token for scripts, sent as "Authorization: Bearer". Stored hashed; the
-- hint is its first characters, to tell tokens apart in a list.
CREATE TABLE api_token (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	hint TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_used TEXT
);
CREATE INDEX api_token_user ON api_token (user_id);

-- Failed logins in the current window, per account name and per client
-- address.
CREATE TABLE login_throttle (
	scope TEXT NOT NULL CHECK (scope IN ('user', 'address')),
	key TEXT NOT NULL,
	failures INTEGER NOT NULL,
	window_start TEXT NOT NULL,
	PRIMARY KEY (scope, key)
);

-- The one-time link printed by "isms serve" while no user exists.
CREATE TABLE setup_token (
	token_hash TEXT NOT NULL PRIMARY KEY,
	created_at TEXT NOT NULL
);

CREATE TABLE user_pref (
	user_id INTEGER NOT NULL PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
	lang TEXT CHECK (lang IN ('ja', 'en'))
);
