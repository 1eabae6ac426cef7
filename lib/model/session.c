/* session.c - web sessions: started at login, found by the SHA-256 of their token, ended by logout, idleness or age. */
#include <sodium.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/json.h"
#include "isms/sbuf.h"
#include "isms/session.h"
#include "isms/user.h"
#include "model.h"
#include "when.h"

/* A session is touched at most this often (and at least four times per
 * idle period), so that reading pages does not write on every request. */
#define TOUCH_MS 60000LL

bool session_token_valid(const char *s)
{
	size_t n;

	if (!s)
		return false;
	for (n = 0; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == SESSION_TOKEN_HEX - 1;
}

void session_csrf(const char *token, char out[ISMS_SHA256_HEX])
{
	struct sbuf sb = SBUF_INIT;

	sbuf_addstr(&sb, "isms-csrf-v1\n");
	sbuf_addstr(&sb, token);
	isms_sha256_hex(sb.buf, sb.len, out);
	sodium_memzero(sb.buf, sb.len);
	sbuf_release(&sb);
}

enum isms_rc session_create(struct isms_ctx *ctx, int64_t user_id, const char *address,
			    const struct session_policy *p, char ret_token[SESSION_TOKEN_HEX],
			    struct isms_err *err)
{
	char token[SESSION_TOKEN_HEX], hash[ISMS_SHA256_HEX], now[ISMS_TIME_LEN];
	char expires[ISMS_TIME_LEN], name[USER_NAME_MAX + 1];
	struct stmt *q;
	json_t *after;
	enum isms_rc rc;

	if (!address || strlen(address) > SESSION_ADDRESS_MAX)
		return isms_err_set(err, ISMS_EINVAL, _("invalid client address"));
	isms_random_hex(token, 32);
	isms_sha256_hex(token, strlen(token), hash);
	isms_time_now(now);
	when_offset(p->max_age, expires);
	rc = store_begin(ctx->st, err);
	if (rc)
		goto wipe;
	rc = model_user_name(ctx, user_id, name, sizeof(name), err);
	if (rc)
		goto out;
	q = store_query(ctx->st,
			"INSERT INTO web_session (token_hash, user_id, created_at, last_seen, expires_at, address)"
			" VALUES ($1, $2, $3, $3, $4, $5)",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_text(q, 1, hash);
	stmt_bind_int(q, 2, user_id);
	stmt_bind_text(q, 3, now);
	stmt_bind_text(q, 4, expires);
	stmt_bind_text(q, 5, address);
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	after = json_object();
	json_set_str(after, "address", address);
	json_set_str(after, "expires_at", expires);
	rc = model_audit(ctx, 0, "session", name, "login", NULL, after, err);
	json_decref(after);
out:
	rc = store_end(ctx->st, rc, err);
	if (!rc)
		memcpy(ret_token, token, SESSION_TOKEN_HEX);
wipe:
	sodium_memzero(token, sizeof(token));
	return rc;
}

static enum isms_rc delete_by_id(struct isms_ctx *ctx, int64_t id, struct isms_err *err)
{
	struct stmt *q;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	q = store_query(ctx->st, "DELETE FROM web_session WHERE id = $1", err);
	if (!q)
		return store_end(ctx->st, err->code, err);
	stmt_bind_int(q, 1, id);
	rc = stmt_run(q, err);
	return store_end(ctx->st, rc, err);
}

enum isms_rc session_check(struct isms_ctx *ctx, struct arena *a, const char *token,
			   const struct session_policy *p, struct session_info *ret,
			   struct isms_err *err)
{
	char hash[ISMS_SHA256_HEX], now[ISMS_TIME_LEN], idle[ISMS_TIME_LEN], born[ISMS_TIME_LEN];
	char touch[ISMS_TIME_LEN];
	struct session_info s;
	struct stmt *q;
	long long every;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (!session_token_valid(token))
		return isms_err_set(err, ISMS_ENOTFOUND, _("you are not logged in"));
	isms_sha256_hex(token, strlen(token), hash);
	q = store_query(ctx->st,
			"SELECT s.id, s.user_id, s.created_at, s.last_seen, s.expires_at"
			" FROM web_session s JOIN app_user u ON u.id = s.user_id"
			" WHERE s.token_hash = $1 AND u.disabled = 0",
			err);
	if (!q)
		return err->code;
	stmt_bind_text(q, 1, hash);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return isms_err_set(err, ISMS_ENOTFOUND, _("you are not logged in"));
	memset(&s, 0, sizeof(s));
	s.id = stmt_int(q, 0);
	s.user_id = stmt_int(q, 1);
	s.created_at = arena_strdup(a, stmt_text(q, 2));
	s.last_seen = arena_strdup(a, stmt_text(q, 3));
	s.expires_at = arena_strdup(a, stmt_text(q, 4));
	if (stmt_run(q, err))
		return err->code;

	isms_time_now(now);
	when_offset(-p->idle, idle);
	when_offset(-p->max_age, born);
	if (strcmp(s.expires_at, now) <= 0 || strcmp(s.last_seen, idle) < 0 ||
	    strcmp(s.created_at, born) < 0) {
		ret->id = s.id;
		ret->ended = true;
		isms_err_set(err, ISMS_ENOTFOUND, _("your session has expired"));
		isms_err_hint(err, _("Log in again."));
		return ISMS_ENOTFOUND;
	}

	every = (long long)p->idle * 1000 / 4;
	if (every > TOUCH_MS)
		every = TOUCH_MS;
	when_offset_ms(-every, touch);
	s.touch_due = strcmp(s.last_seen, touch) < 0;
	*ret = s;
	return ISMS_OK;
}

enum isms_rc session_settle(struct isms_ctx *ctx, struct arena *a, struct session_info *s,
			    struct isms_err *err)
{
	char now[ISMS_TIME_LEN];
	struct stmt *q;
	enum isms_rc rc;

	if (s->ended) {
		s->ended = false;
		return delete_by_id(ctx, s->id, err);
	}
	if (!s->touch_due)
		return ISMS_OK;
	s->touch_due = false;
	isms_time_now(now);
	/* losing a "last seen" to a power failure costs nothing */
	rc = store_begin_relaxed(ctx->st, err);
	if (rc)
		return rc;
	q = store_query(ctx->st, "UPDATE web_session SET last_seen = $1 WHERE id = $2", err);
	if (!q)
		return store_end(ctx->st, err->code, err);
	stmt_bind_text(q, 1, now);
	stmt_bind_int(q, 2, s->id);
	rc = store_end(ctx->st, stmt_run(q, err), err);
	if (!rc)
		s->last_seen = arena_strdup(a, now);
	return rc;
}

enum isms_rc session_lookup(struct isms_ctx *ctx, struct arena *a, const char *token,
			    const struct session_policy *p, struct session_info *ret,
			    struct isms_err *err)
{
	enum isms_rc rc = session_check(ctx, a, token, p, ret, err);
	struct isms_err err2;

	if (rc && ret->ended) {
		/* the session's end is the answer, even if forgetting it fails */
		session_settle(ctx, a, ret, &err2);
		return rc;
	}
	return rc ? rc : session_settle(ctx, a, ret, err);
}

enum isms_rc session_end(struct isms_ctx *ctx, const char *token, struct isms_err *err)
{
	char hash[ISMS_SHA256_HEX], name[USER_NAME_MAX + 1];
	struct stmt *q;
	enum isms_rc rc;
	int64_t id;
	int r;

	if (!session_token_valid(token))
		return isms_err_set(err, ISMS_ENOTFOUND, _("you are not logged in"));
	isms_sha256_hex(token, strlen(token), hash);
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	q = store_query(ctx->st,
			"SELECT s.id, u.name FROM web_session s JOIN app_user u ON u.id = s.user_id"
			" WHERE s.token_hash = $1",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_text(q, 1, hash);
	r = stmt_next(q, err);
	if (r <= 0) {
		rc = r < 0 ? err->code : isms_err_set(err, ISMS_ENOTFOUND, _("you are not logged in"));
		goto out;
	}
	id = stmt_int(q, 0);
	snprintf(name, sizeof(name), "%s", stmt_text(q, 1));
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	q = store_query(ctx->st, "DELETE FROM web_session WHERE id = $1", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, id);
	rc = stmt_run(q, err);
	if (!rc)
		rc = model_audit(ctx, 0, "session", name, "logout", NULL, NULL, err);
out:
	return store_end(ctx->st, rc, err);
}

enum isms_rc session_end_user(struct isms_ctx *ctx, int64_t user_id, const char *keep,
			      struct isms_err *err)
{
	char hash[ISMS_SHA256_HEX] = "";
	struct stmt *q;
	enum isms_rc rc;

	if (keep && session_token_valid(keep))
		isms_sha256_hex(keep, strlen(keep), hash);
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	q = store_query(ctx->st, "DELETE FROM web_session WHERE user_id = $1 AND token_hash <> $2", err);
	if (!q)
		return store_end(ctx->st, err->code, err);
	stmt_bind_int(q, 1, user_id);
	stmt_bind_text(q, 2, hash);
	rc = stmt_run(q, err);
	return store_end(ctx->st, rc, err);
}

enum isms_rc session_purge(struct isms_ctx *ctx, const struct session_policy *p,
			   struct isms_err *err)
{
	char now[ISMS_TIME_LEN], idle[ISMS_TIME_LEN], born[ISMS_TIME_LEN];
	struct stmt *q;
	enum isms_rc rc;

	isms_time_now(now);
	when_offset(-p->idle, idle);
	when_offset(-p->max_age, born);
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	q = store_query(ctx->st,
			"DELETE FROM web_session WHERE expires_at <= $1 OR last_seen < $2 OR created_at < $3",
			err);
	if (!q)
		return store_end(ctx->st, err->code, err);
	stmt_bind_text(q, 1, now);
	stmt_bind_text(q, 2, idle);
	stmt_bind_text(q, 3, born);
	rc = stmt_run(q, err);
	return store_end(ctx->st, rc, err);
}
