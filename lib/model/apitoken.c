/* apitoken.c - API tokens for scripts: created once, stored as SHA-256, revoked by their user. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "isms/apitoken.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/user.h"
#include "isms/util.h"
#include "model.h"
#include "when.h"

/* The time of last use is written at most once a minute per token. */
#define TOUCH_SECONDS 60
#define HINT_LEN 13 /* "isms_" and 8 hex digits */

static bool token_valid(const char *s)
{
	size_t plen = strlen(APITOKEN_PREFIX), n = 0;

	if (!s || strncmp(s, APITOKEN_PREFIX, plen))
		return false;
	for (s += plen; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == APITOKEN_LEN - 1 - plen;
}

enum isms_rc apitoken_create(struct isms_ctx *ctx, int64_t user_id, const char *name,
			     char ret_token[APITOKEN_LEN], int64_t *ret_id, struct isms_err *err)
{
	char token[APITOKEN_LEN], hex[65], hash[ISMS_SHA256_HEX], hint[HINT_LEN + 1];
	char now[ISMS_TIME_LEN], owner[USER_NAME_MAX + 1], idbuf[32];
	struct stmt *q;
	json_t *after;
	enum isms_rc rc;
	int64_t id;
	int r;

	rc = isms_check_text(name, APITOKEN_NAME_MAX, "name", err);
	if (rc)
		return rc;
	isms_random_hex(hex, 32);
	snprintf(token, sizeof(token), "%s%s", APITOKEN_PREFIX, hex);
	sodium_memzero(hex, sizeof(hex));
	isms_sha256_hex(token, strlen(token), hash);
	snprintf(hint, sizeof(hint), "%.*s", HINT_LEN, token);
	isms_time_now(now);
	rc = store_begin(ctx->st, err);
	if (rc)
		goto wipe;
	rc = model_user_name(ctx, user_id, owner, sizeof(owner), err);
	if (rc)
		goto out;
	q = store_query(ctx->st, "SELECT COUNT(*) FROM api_token WHERE user_id = $1", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, user_id);
	r = stmt_next(q, err);
	if (r <= 0) {
		rc = r < 0 ? err->code : isms_err_set(err, ISMS_EINTERNAL, "count returned no row");
		goto out;
	}
	if (stmt_int(q, 0) >= APITOKEN_PER_USER) {
		stmt_run(q, err);
		isms_err_set(err, ISMS_ELIMIT, _("too many API tokens"));
		isms_err_detail(err, _("A user can hold %d API tokens at once."), APITOKEN_PER_USER);
		isms_err_hint(err, _("Revoke a token that is no longer used."));
		rc = ISMS_ELIMIT;
		goto out;
	}
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	q = store_query(ctx->st,
			"INSERT INTO api_token (user_id, name, token_hash, hint, created_at)"
			" VALUES ($1, $2, $3, $4, $5) RETURNING id",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, user_id);
	stmt_bind_text(q, 2, name);
	stmt_bind_text(q, 3, hash);
	stmt_bind_text(q, 4, hint);
	stmt_bind_text(q, 5, now);
	r = stmt_next(q, err);
	if (r <= 0) {
		rc = r < 0 ? err->code : isms_err_set(err, ISMS_EINTERNAL, "insert returned no id");
		goto out;
	}
	id = stmt_int(q, 0);
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	after = json_object();
	json_set_str(after, "user", owner);
	json_set_str(after, "name", name);
	json_set_str(after, "hint", hint);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	rc = model_audit(ctx, 0, "api_token", idbuf, "create", NULL, after, err);
	json_decref(after);
	if (!rc && ret_id)
		*ret_id = id;
out:
	rc = store_end(ctx->st, rc, err);
	if (!rc)
		memcpy(ret_token, token, APITOKEN_LEN);
wipe:
	sodium_memzero(token, sizeof(token));
	return rc;
}

enum isms_rc apitoken_list(struct isms_ctx *ctx, struct arena *a, int64_t user_id,
			   struct apitoken_info **ret, size_t *ret_n, struct isms_err *err)
{
	struct apitoken_info *rows = NULL;
	size_t n = 0, alloc = 0;
	struct stmt *q;
	int r;

	q = store_query(ctx->st,
			"SELECT id, name, hint, created_at, last_used FROM api_token WHERE user_id = $1"
			" ORDER BY id DESC",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, user_id);
	while ((r = stmt_next(q, err)) > 0) {
		struct apitoken_info *t;

		if (n == alloc) {
			struct apitoken_info *bigger;

			alloc = alloc ? alloc * 2 : 8;
			bigger = arena_alloc(a, alloc * sizeof(*rows));
			if (n)
				memcpy(bigger, rows, n * sizeof(*rows));
			rows = bigger;
		}
		t = &rows[n++];
		t->id = stmt_int(q, 0);
		t->name = arena_strdup(a, stmt_text(q, 1));
		t->hint = arena_strdup(a, stmt_text(q, 2));
		t->created_at = arena_strdup(a, stmt_text(q, 3));
		t->last_used = stmt_null(q, 4) ? NULL : arena_strdup(a, stmt_text(q, 4));
	}
	if (r < 0)
		return err->code;
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

enum isms_rc apitoken_revoke(struct isms_ctx *ctx, int64_t user_id, int64_t id,
			     struct isms_err *err)
{
	char owner[USER_NAME_MAX + 1], idbuf[32];
	struct stmt *q;
	json_t *before;
	enum isms_rc rc;
	int r;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = model_user_name(ctx, user_id, owner, sizeof(owner), err);
	if (rc)
		goto out;
	q = store_query(ctx->st,
			"DELETE FROM api_token WHERE id = $1 AND user_id = $2 RETURNING name, hint", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, id);
	stmt_bind_int(q, 2, user_id);
	r = stmt_next(q, err);
	if (r <= 0) {
		if (r == 0) {
			isms_err_set(err, ISMS_ENOTFOUND, _("no API token %lld"), (long long)id);
			isms_err_field(err, "id");
		}
		rc = err->code;
		goto out;
	}
	before = json_object();
	json_set_str(before, "user", owner);
	json_set_str(before, "name", stmt_text(q, 0));
	json_set_str(before, "hint", stmt_text(q, 1));
	rc = stmt_run(q, err);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	if (!rc)
		rc = model_audit(ctx, 0, "api_token", idbuf, "delete", before, NULL, err);
	json_decref(before);
out:
	return store_end(ctx->st, rc, err);
}

enum isms_rc apitoken_revoke_user(struct isms_ctx *ctx, int64_t user_id, struct isms_err *err)
{
	char owner[USER_NAME_MAX + 1], idbuf[32];
	struct stmt *q;
	enum isms_rc rc;
	int r;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	/* Disabled users too: their tokens are of no use, but go all the same. */
	q = store_query(ctx->st, "SELECT name FROM app_user WHERE id = $1", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, user_id);
	r = stmt_next(q, err);
	if (r <= 0) {
		rc = r < 0 ? err->code : isms_err_set(err, ISMS_ENOTFOUND, _("no such user"));
		goto out;
	}
	snprintf(owner, sizeof(owner), "%s", stmt_text(q, 0));
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	/* One audit entry per token, as if each had been revoked. */
	for (;;) {
		json_t *before;
		int64_t id;

		q = store_query(ctx->st,
				"DELETE FROM api_token WHERE id = (SELECT MIN(id) FROM api_token"
				" WHERE user_id = $1) RETURNING id, name, hint",
				err);
		if (!q) {
			rc = err->code;
			goto out;
		}
		stmt_bind_int(q, 1, user_id);
		r = stmt_next(q, err);
		if (r <= 0) {
			rc = r < 0 ? err->code : ISMS_OK;
			goto out;
		}
		id = stmt_int(q, 0);
		before = json_object();
		json_set_str(before, "user", owner);
		json_set_str(before, "name", stmt_text(q, 1));
		json_set_str(before, "hint", stmt_text(q, 2));
		rc = stmt_run(q, err);
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
		if (!rc)
			rc = model_audit(ctx, 0, "api_token", idbuf, "delete", before, NULL, err);
		json_decref(before);
		if (rc)
			goto out;
	}
out:
	return store_end(ctx->st, rc, err);
}

enum isms_rc apitoken_check(struct isms_ctx *ctx, const char *token, int64_t *ret_user_id,
			    int64_t *ret_touch_id, struct isms_err *err)
{
	char hash[ISMS_SHA256_HEX], touch[ISMS_TIME_LEN];
	struct stmt *q;
	int64_t id, uid;
	bool stale;
	int r;

	*ret_touch_id = 0;
	if (!token_valid(token))
		return isms_err_set(err, ISMS_ENOTFOUND, _("invalid API token"));
	isms_sha256_hex(token, strlen(token), hash);
	q = store_query(ctx->st,
			"SELECT t.id, t.user_id, t.last_used FROM api_token t JOIN app_user u ON u.id = t.user_id"
			" WHERE t.token_hash = $1 AND u.disabled = 0",
			err);
	if (!q)
		return err->code;
	stmt_bind_text(q, 1, hash);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		isms_err_set(err, ISMS_ENOTFOUND, _("invalid API token"));
		isms_err_hint(err, _("The token may have been revoked; create a new one."));
		return ISMS_ENOTFOUND;
	}
	id = stmt_int(q, 0);
	uid = stmt_int(q, 1);
	when_offset(-TOUCH_SECONDS, touch);
	stale = stmt_null(q, 2) || strcmp(stmt_text(q, 2), touch) < 0;
	if (stmt_run(q, err))
		return err->code;
	*ret_user_id = uid;
	if (stale)
		*ret_touch_id = id;
	return ISMS_OK;
}

enum isms_rc apitoken_touch(struct isms_ctx *ctx, int64_t id, struct isms_err *err)
{
	char now[ISMS_TIME_LEN];
	struct stmt *q;
	/* losing a "last used" to a power failure costs nothing */
	enum isms_rc rc = store_begin_relaxed(ctx->st, err);

	if (rc)
		return rc;
	q = store_query(ctx->st, "UPDATE api_token SET last_used = $1 WHERE id = $2", err);
	if (!q)
		return store_end(ctx->st, err->code, err);
	isms_time_now(now);
	stmt_bind_text(q, 1, now);
	stmt_bind_int(q, 2, id);
	return store_end(ctx->st, stmt_run(q, err), err);
}

enum isms_rc apitoken_lookup(struct isms_ctx *ctx, const char *token, int64_t *ret_user_id,
			     struct isms_err *err)
{
	int64_t touch;
	enum isms_rc rc = apitoken_check(ctx, token, ret_user_id, &touch, err);

	return rc || !touch ? rc : apitoken_touch(ctx, touch, err);
}
