/* account.c - users as the web sees them: throttled login, first-run set-up, preferences and reach into ISMS. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "isms/account.h"
#include "isms/apitoken.h"
#include "isms/i18n.h"
#include "isms/json.h"
#include "isms/session.h"
#include "isms/util.h"
#include "model.h"
#include "when.h"

enum isms_rc account_get(struct isms_ctx *ctx, struct arena *a, int64_t user_id,
			 struct account *ret, struct isms_err *err)
{
	struct stmt *q;
	int r;

	q = store_query(ctx->st,
			"SELECT u.name, u.display_name, p.lang,"
			" CASE WHEN EXISTS (SELECT 1 FROM membership m WHERE m.user_id = u.id AND m.role = 'admin')"
			" THEN 1 ELSE 0 END"
			" FROM app_user u LEFT JOIN user_pref p ON p.user_id = u.id"
			" WHERE u.id = $1 AND u.disabled = 0",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, user_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return isms_err_set(err, ISMS_ENOTFOUND, _("no such user"));
	ret->id = user_id;
	ret->name = arena_strdup(a, stmt_text(q, 0));
	ret->display_name = arena_strdup(a, stmt_text(q, 1));
	ret->lang_set = !stmt_null(q, 2) && i18n_parse_lang(stmt_text(q, 2), &ret->lang);
	if (!ret->lang_set)
		ret->lang = ISMS_LANG_EN;
	ret->admin = stmt_int(q, 3) != 0;
	return stmt_run(q, err);
}

/* --- throttling ------------------------------------------------------------ */

struct counter {
	long failures;
	char window_start[ISMS_TIME_LEN];
};

static enum isms_rc counter_get(struct isms_ctx *ctx, const char *scope, const char *key,
				struct counter *ret, struct isms_err *err)
{
	struct stmt *q;
	int r;

	memset(ret, 0, sizeof(*ret));
	q = store_query(ctx->st,
			"SELECT failures, window_start FROM login_throttle WHERE scope = $1 AND key = $2",
			err);
	if (!q)
		return err->code;
	stmt_bind_text(q, 1, scope);
	stmt_bind_text(q, 2, key);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r > 0) {
		ret->failures = (long)stmt_int(q, 0);
		snprintf(ret->window_start, sizeof(ret->window_start), "%s", stmt_text(q, 1));
		return stmt_run(q, err);
	}
	return ISMS_OK;
}

/* Seconds until the window of `c` ends, when it is over `max`; else 0. */
static long locked_for(const struct counter *c, long max)
{
	char cutoff[ISMS_TIME_LEN];
	time_t start, now = time(NULL);
	long left;

	if (c->failures < max)
		return 0;
	when_offset(-LOGIN_WINDOW, cutoff);
	if (strcmp(c->window_start, cutoff) < 0)
		return 0;
	start = when_parse(c->window_start);
	left = (long)(start + LOGIN_WINDOW - now);
	return left > 0 ? left : 1;
}

static enum isms_rc counter_fail(struct isms_ctx *ctx, const char *scope, const char *key,
				 struct isms_err *err)
{
	char now[ISMS_TIME_LEN], cutoff[ISMS_TIME_LEN];
	struct stmt *q;

	isms_time_now(now);
	when_offset(-LOGIN_WINDOW, cutoff);
	/* A window that has ended starts again at one failure. */
	q = store_query(ctx->st,
			"INSERT INTO login_throttle (scope, key, failures, window_start) VALUES ($1, $2, 1, $3)"
			" ON CONFLICT (scope, key) DO UPDATE SET"
			" failures = CASE WHEN login_throttle.window_start < $4 THEN 1"
			" ELSE login_throttle.failures + 1 END,"
			" window_start = CASE WHEN login_throttle.window_start < $4 THEN $3"
			" ELSE login_throttle.window_start END",
			err);
	if (!q)
		return err->code;
	stmt_bind_text(q, 1, scope);
	stmt_bind_text(q, 2, key);
	stmt_bind_text(q, 3, now);
	stmt_bind_text(q, 4, cutoff);
	return stmt_run(q, err);
}

/* The counter of one account from one address: scope "user", the name
 * and the address on two lines (names and addresses hold no line break). */
#define PAIR_KEY_MAX (USER_NAME_MAX + 1 + SESSION_ADDRESS_MAX + 1)

static void pair_key(const char *name, const char *address, char out[PAIR_KEY_MAX])
{
	snprintf(out, PAIR_KEY_MAX, "%s\n%s", name, address);
}

struct throttle {
	char key[PAIR_KEY_MAX];
	struct counter pair, address;
};

/* Whether `name` may try a password from `address` now: ISMS_EPERM with
 * the seconds to wait in `*ret_retry_after` when either counter is over
 * its limit. */
static enum isms_rc throttle_check(struct isms_ctx *ctx, const char *name, const char *address,
				   struct throttle *t, long *ret_retry_after, struct isms_err *err)
{
	enum isms_rc rc;
	long wait_pair, wait_addr, wait;

	*ret_retry_after = 0;
	if (!address || strlen(address) > SESSION_ADDRESS_MAX)
		return isms_err_set(err, ISMS_EINVAL, _("invalid client address"));
	pair_key(name, address, t->key);
	rc = counter_get(ctx, "user", t->key, &t->pair, err);
	if (!rc)
		rc = counter_get(ctx, "address", address, &t->address, err);
	if (rc)
		return rc;
	wait_pair = locked_for(&t->pair, LOGIN_MAX_USER);
	wait_addr = locked_for(&t->address, LOGIN_MAX_ADDRESS);
	wait = wait_pair > wait_addr ? wait_pair : wait_addr;
	if (!wait)
		return ISMS_OK;
	*ret_retry_after = wait;
	isms_err_set(err, ISMS_EPERM, _("too many failed logins"));
	isms_err_detail(err, _n("Logging in is blocked for %ld more minute.",
				"Logging in is blocked for %ld more minutes.", (wait + 59) / 60),
			(wait + 59) / 60);
	isms_err_hint(err, _("Wait, or ask an administrator to set a new password."));
	return ISMS_EPERM;
}

static enum isms_rc throttle_fail(struct isms_ctx *ctx, const struct throttle *t,
				  const char *address, struct isms_err *err)
{
	enum isms_rc rc = store_begin(ctx->st, err);

	if (rc)
		return rc;
	rc = counter_fail(ctx, "user", t->key, err);
	if (!rc)
		rc = counter_fail(ctx, "address", address, err);
	return store_end(ctx->st, rc, err);
}

/* A right password clears the count of its account from its address. */
static enum isms_rc throttle_pass(struct isms_ctx *ctx, const struct throttle *t,
				  struct isms_err *err)
{
	struct stmt *q;
	enum isms_rc rc;

	if (!t->pair.failures)
		return ISMS_OK;
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	q = store_query(ctx->st, "DELETE FROM login_throttle WHERE scope = 'user' AND key = $1", err);
	if (!q)
		return store_end(ctx->st, err->code, err);
	stmt_bind_text(q, 1, t->key);
	rc = stmt_run(q, err);
	return store_end(ctx->st, rc, err);
}

/* Every count of account `name`, from any address (an administrator set a
 * new password). The name alone is the key counters had before they were
 * kept per address. */
static enum isms_rc throttle_clear_account(struct isms_ctx *ctx, const char *name,
					   struct isms_err *err)
{
	char prefix[USER_NAME_MAX + 2];
	struct stmt *q;

	snprintf(prefix, sizeof(prefix), "%s\n", name);
	q = store_query(ctx->st,
			"DELETE FROM login_throttle WHERE scope = 'user'"
			" AND (key = $1 OR substr(key, 1, $2) = $3)",
			err);
	if (!q)
		return err->code;
	stmt_bind_text(q, 1, name);
	stmt_bind_int(q, 2, (int64_t)strlen(prefix));
	stmt_bind_text(q, 3, prefix);
	return stmt_run(q, err);
}

enum isms_rc account_login(struct isms_ctx *ctx, const char *name, const char *password,
			   const char *address, int64_t *ret_user_id, long *ret_retry_after,
			   struct isms_err *err)
{
	struct throttle t;
	struct isms_err auth;
	enum isms_rc rc;
	int64_t id;

	*ret_retry_after = 0;
	if (!name || !*name || strlen(name) > USER_NAME_MAX || !password ||
	    strlen(password) > USER_PASSWORD_MAX)
		return isms_err_set(err, ISMS_EPERM, _("wrong user name or password"));
	rc = throttle_check(ctx, name, address, &t, ret_retry_after, err);
	if (rc)
		return rc;
	rc = user_authenticate(ctx, name, password, &id, &auth);
	if (rc == ISMS_EPERM) {
		rc = throttle_fail(ctx, &t, address, err);
		if (rc)
			return rc;
		*err = auth;
		return ISMS_EPERM;
	}
	if (rc) {
		*err = auth;
		return rc;
	}
	rc = throttle_pass(ctx, &t, err);
	if (rc)
		return rc;
	*ret_user_id = id;
	return ISMS_OK;
}

enum isms_rc account_purge(struct isms_ctx *ctx, struct isms_err *err)
{
	char cutoff[ISMS_TIME_LEN];
	struct stmt *q;
	enum isms_rc rc;

	when_offset(-LOGIN_WINDOW, cutoff);
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	q = store_query(ctx->st, "DELETE FROM login_throttle WHERE window_start < $1", err);
	if (!q)
		return store_end(ctx->st, err->code, err);
	stmt_bind_text(q, 1, cutoff);
	rc = stmt_run(q, err);
	return store_end(ctx->st, rc, err);
}

/* --- reach into ISMS ---------------------------------------------------------- */

#define REACH_COLUMNS \
	"i.id, i.name, i.org, i.edition, i.lang, i.created_at," \
	" CASE WHEN s.value = i.name THEN 1 ELSE 0 END, m.role" \
	" FROM isms i LEFT JOIN setting s ON s.key = 'default_isms'" \
	" LEFT JOIN membership m ON m.isms_id = i.id AND m.user_id = $1"

static void row_to_reach(struct stmt *q, struct arena *a, bool admin, struct account_isms *r)
{
	r->isms.id = stmt_int(q, 0);
	r->isms.name = arena_strdup(a, stmt_text(q, 1));
	r->isms.org = arena_strdup(a, stmt_text(q, 2));
	r->isms.edition = (int)stmt_int(q, 3);
	r->isms.lang = strcmp(stmt_text(q, 4), "ja") ? ISMS_LANG_EN : ISMS_LANG_JA;
	r->isms.created_at = arena_strdup(a, stmt_text(q, 5));
	r->isms.is_default = stmt_int(q, 6) != 0;
	r->role = ROLE_NONE;
	if (admin)
		r->role = ROLE_ADMIN;
	else if (!stmt_null(q, 7))
		user_role_parse(stmt_text(q, 7), &r->role);
}

enum isms_rc account_isms_list(struct isms_ctx *ctx, struct arena *ar, const struct account *a,
			       struct account_isms **ret, size_t *ret_n, struct isms_err *err)
{
	struct account_isms *rows = NULL;
	size_t n = 0, alloc = 0;
	struct stmt *q;
	int r;

	q = store_query(ctx->st,
			"SELECT " REACH_COLUMNS " WHERE $2 = 1 OR m.role IS NOT NULL ORDER BY i.name", err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, a->id);
	stmt_bind_int(q, 2, a->admin ? 1 : 0);
	while ((r = stmt_next(q, err)) > 0) {
		if (n == alloc) {
			struct account_isms *bigger;

			alloc = alloc ? alloc * 2 : 8;
			bigger = arena_alloc(ar, alloc * sizeof(*rows));
			if (n)
				memcpy(bigger, rows, n * sizeof(*rows));
			rows = bigger;
		}
		row_to_reach(q, ar, a->admin, &rows[n++]);
	}
	if (r < 0)
		return err->code;
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

enum isms_rc account_isms(struct isms_ctx *ctx, struct arena *ar, const struct account *a,
			  int64_t isms_id, struct isms_info *ret, enum isms_role *ret_role,
			  struct isms_err *err)
{
	struct account_isms row = { 0 };
	struct stmt *q;
	int r;

	q = store_query(ctx->st, "SELECT " REACH_COLUMNS " WHERE i.id = $2", err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, a->id);
	stmt_bind_int(q, 2, isms_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r > 0) {
		row_to_reach(q, ar, a->admin, &row);
		if (stmt_run(q, err))
			return err->code;
	}
	if (r == 0 || row.role == ROLE_NONE) {
		isms_err_set(err, ISMS_ENOTFOUND, _("ISMS %lld not found"), (long long)isms_id);
		isms_err_detail(err, _("It does not exist, or you are not a member of it."));
		return ISMS_ENOTFOUND;
	}
	*ret = row.isms;
	*ret_role = row.role;
	return ISMS_OK;
}

/* --- preferences and passwords -------------------------------------------------- */

enum isms_rc account_set_lang(struct isms_ctx *ctx, int64_t user_id, enum isms_lang lang,
			      struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct account acct;
	json_t *before = NULL, *after;
	struct stmt *q;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = account_get(ctx, &a, user_id, &acct, err);
	if (rc)
		goto out;
	q = store_query(ctx->st,
			"INSERT INTO user_pref (user_id, lang) VALUES ($1, $2)"
			" ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, user_id);
	stmt_bind_text(q, 2, i18n_code(lang));
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	if (acct.lang_set) {
		before = json_object();
		json_set_str(before, "lang", i18n_code(acct.lang));
	}
	after = json_object();
	json_set_str(after, "lang", i18n_code(lang));
	rc = model_audit(ctx, 0, "user", acct.name, "update", before, after, err);
	json_decref(before);
	json_decref(after);
out:
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

enum isms_rc account_change_password(struct isms_ctx *ctx, int64_t user_id,
				     const char *old_password, const char *new_password,
				     const char *keep_session, const char *address,
				     long *ret_retry_after, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct throttle t;
	struct account acct;
	enum isms_rc rc;

	*ret_retry_after = 0;
	rc = account_get(ctx, &a, user_id, &acct, err);
	if (rc)
		goto out;
	/* The old password is guessed like a login's: counted alike. */
	rc = throttle_check(ctx, acct.name, address, &t, ret_retry_after, err);
	if (rc)
		goto out;
	/* Checked before the write transaction: the hash takes a while, and
	 * the database should not be locked meanwhile. */
	if (user_authenticate(ctx, acct.name, old_password ? old_password : "", NULL, err)) {
		rc = throttle_fail(ctx, &t, address, err);
		if (rc)
			goto out;
		isms_err_set(err, ISMS_EPERM, _("the current password is wrong"));
		isms_err_field(err, "old_password");
		rc = ISMS_EPERM;
		goto out;
	}
	rc = throttle_pass(ctx, &t, err);
	if (rc)
		goto out;
	rc = store_begin(ctx->st, err);
	if (rc)
		goto out;
	rc = user_passwd(ctx, acct.name, new_password, err);
	if (!rc)
		rc = session_end_user(ctx, user_id, keep_session, err);
	rc = store_end(ctx->st, rc, err);
out:
	arena_release(&a);
	return rc;
}

enum isms_rc account_add_user(struct isms_ctx *ctx, int64_t isms_id, const char *name,
			      const char *display_name, const char *password, enum isms_role role,
			      int64_t *ret_id, struct isms_err *err)
{
	enum isms_rc rc;

	if (!password || !*password) {
		isms_err_set(err, ISMS_EINVAL, _("the password must have %d to %d bytes"),
			     USER_PASSWORD_MIN, USER_PASSWORD_MAX);
		isms_err_field(err, "password");
		return ISMS_EINVAL;
	}
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = user_add(ctx, name, display_name, password, ret_id, err);
	if (!rc)
		rc = user_role_set(ctx, isms_id, name, role, err);
	return store_end(ctx->st, rc, err);
}

enum isms_rc account_set_password(struct isms_ctx *ctx, const char *name, const char *password,
				  struct isms_err *err)
{
	struct stmt *q;
	enum isms_rc rc;
	int64_t id = 0;
	int r;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = user_passwd(ctx, name, password, err);
	if (rc)
		goto out;
	q = store_query(ctx->st, "SELECT id FROM app_user WHERE name = $1", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_text(q, 1, name);
	r = stmt_next(q, err);
	if (r <= 0) {
		rc = r < 0 ? err->code : isms_err_set(err, ISMS_EINTERNAL, "user vanished");
		goto out;
	}
	id = stmt_int(q, 0);
	rc = stmt_run(q, err);
	/* Whoever had the account (a session, a token, or was locking it out
	 * by guessing) has it no more. */
	if (!rc)
		rc = session_end_user(ctx, id, NULL, err);
	if (!rc)
		rc = apitoken_revoke_user(ctx, id, err);
	if (!rc)
		rc = throttle_clear_account(ctx, name, err);
out:
	return store_end(ctx->st, rc, err);
}

/* --- first run ---------------------------------------------------------------------- */

static enum isms_rc count(struct isms_ctx *ctx, const char *sql, long *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, sql, err);
	int r;

	if (!q)
		return err->code;
	r = stmt_next(q, err);
	if (r <= 0)
		return r < 0 ? err->code : isms_err_set(err, ISMS_EINTERNAL, "count returned no row");
	*ret = (long)stmt_int(q, 0);
	return stmt_run(q, err);
}

enum isms_rc account_none(struct isms_ctx *ctx, bool *ret, struct isms_err *err)
{
	long n;
	enum isms_rc rc = count(ctx, "SELECT COUNT(*) FROM app_user", &n, err);

	if (!rc)
		*ret = n == 0;
	return rc;
}

static enum isms_rc users_exist(struct isms_err *err)
{
	isms_err_set(err, ISMS_ESTATE, _("the administrator has been created already"));
	isms_err_hint(err, _("Log in with that account, or ask its holder for one."));
	return ISMS_ESTATE;
}

enum isms_rc account_setup_begin(struct isms_ctx *ctx, char ret_token[SETUP_TOKEN_HEX],
				 struct isms_err *err)
{
	char token[SETUP_TOKEN_HEX], hash[ISMS_SHA256_HEX], now[ISMS_TIME_LEN];
	struct stmt *q;
	enum isms_rc rc;
	long users;

	isms_random_hex(token, 32);
	isms_sha256_hex(token, strlen(token), hash);
	isms_time_now(now);
	rc = store_begin(ctx->st, err);
	if (rc)
		goto wipe;
	rc = count(ctx, "SELECT COUNT(*) FROM app_user", &users, err);
	if (!rc && users)
		rc = users_exist(err);
	if (!rc)
		rc = store_exec(ctx->st, "DELETE FROM setup_token", err);
	if (rc)
		goto out;
	q = store_query(ctx->st, "INSERT INTO setup_token (token_hash, created_at) VALUES ($1, $2)", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_text(q, 1, hash);
	stmt_bind_text(q, 2, now);
	rc = stmt_run(q, err);
	if (!rc)
		rc = model_audit(ctx, 0, "setup", "admin", "create", NULL, NULL, err);
out:
	rc = store_end(ctx->st, rc, err);
	if (!rc)
		memcpy(ret_token, token, SETUP_TOKEN_HEX);
wipe:
	sodium_memzero(token, sizeof(token));
	return rc;
}

static enum isms_rc check_token(struct isms_ctx *ctx, const char *token, struct isms_err *err)
{
	char hash[ISMS_SHA256_HEX];
	struct stmt *q;
	bool expired;
	long users;
	int r;

	if (count(ctx, "SELECT COUNT(*) FROM app_user", &users, err))
		return err->code;
	if (users)
		return users_exist(err);
	if (!session_token_valid(token))
		goto bad;
	isms_sha256_hex(token, strlen(token), hash);
	q = store_query(ctx->st, "SELECT created_at FROM setup_token WHERE token_hash = $1", err);
	if (!q)
		return err->code;
	stmt_bind_text(q, 1, hash);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r > 0) {
		char cutoff[ISMS_TIME_LEN];

		/* A link found in an old log or terminal later is no key. */
		when_offset(-SETUP_TOKEN_MAX_AGE, cutoff);
		expired = strcmp(stmt_text(q, 0), cutoff) < 0;
		if (stmt_run(q, err))
			return err->code;
		if (!expired)
			return ISMS_OK;
		isms_err_set(err, ISMS_ENOTFOUND, _("this set-up link has expired"));
		isms_err_detail(err, _("A set-up link works for %d hours after \"isms serve\" printed it."),
				SETUP_TOKEN_MAX_AGE / 3600);
		isms_err_hint(err, _("Restart \"isms serve\" for a new link, or create an administrator with \"isms user add NAME --role admin\"."));
		return ISMS_ENOTFOUND;
	}
bad:
	isms_err_set(err, ISMS_ENOTFOUND, _("this set-up link is not valid"));
	isms_err_detail(err, _("A set-up link works once, and only the newest one printed by \"isms serve\" works."));
	isms_err_hint(err, _("Restart \"isms serve\" for a new link, or create an administrator with \"isms user add NAME --role admin\"."));
	return ISMS_ENOTFOUND;
}

enum isms_rc account_setup_check(struct isms_ctx *ctx, const char *token, struct isms_err *err)
{
	return check_token(ctx, token, err);
}

enum isms_rc account_setup_finish(struct isms_ctx *ctx, const char *token,
				  const struct account_setup *s, int64_t *ret_user_id,
				  struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct isms_info *list;
	enum isms_rc rc;
	size_t n;
	int64_t id = 0;

	if (!s->password || !*s->password) {
		isms_err_set(err, ISMS_EINVAL, _("the administrator needs a password"));
		isms_err_field(err, "password");
		return ISMS_EINVAL;
	}
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = check_token(ctx, token, err);
	if (rc)
		goto out;
	rc = isms_list(ctx, &a, &list, &n, err);
	if (rc)
		goto out;
	if (n == 0) {
		if (!s->isms) {
			isms_err_set(err, ISMS_EINVAL, _("the database holds no ISMS"));
			isms_err_hint(err, _("Give the organisation and the edition of the first ISMS."));
			isms_err_field(err, "org");
			rc = ISMS_EINVAL;
			goto out;
		}
		rc = isms_create(ctx, s->isms, NULL, err);
		if (!rc)
			rc = isms_list(ctx, &a, &list, &n, err);
		if (rc)
			goto out;
	}
	rc = user_add(ctx, s->name, s->display_name, s->password, &id, err);
	for (size_t i = 0; !rc && i < n; i++)
		rc = user_role_set(ctx, list[i].id, s->name, ROLE_ADMIN, err);
	if (!rc)
		rc = store_exec(ctx->st, "DELETE FROM setup_token", err);
	if (!rc && ret_user_id)
		*ret_user_id = id;
out:
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}
