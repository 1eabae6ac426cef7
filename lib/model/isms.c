/* isms.c - the ISMS entity: create, list, resolve by name and set the default. */
#include <string.h>

#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/utf8.h"
#include "isms/util.h"
#include "model.h"
#include "vec.h"

bool isms_edition_valid(int edition)
{
	return edition == 2005 || edition == 2013 || edition == 2022;
}

static enum isms_rc check_text(const char *s, size_t max, const char *field, bool block,
			       struct isms_err *err)
{
	size_t len = s ? strlen(s) : 0, bad;

	if (!len) {
		if (block)
			return ISMS_OK;
		isms_err_set(err, ISMS_EINVAL, _("%s must not be empty"), field);
		isms_err_field(err, field);
		return ISMS_EINVAL;
	}
	if (!utf8_valid(s, len, &bad)) {
		isms_err_set(err, ISMS_EINVAL, _("%s is not valid UTF-8"), field);
		isms_err_detail(err, _("The bytes at offset %zu are not UTF-8."), bad);
		isms_err_field(err, field);
		return ISMS_EINVAL;
	}
	for (const char *p = s; *p; p++) {
		if (block && (*p == '\n' || *p == '\r' || *p == '\t'))
			continue;
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			isms_err_set(err, ISMS_EINVAL, _("%s contains a control character"), field);
			isms_err_field(err, field);
			return ISMS_EINVAL;
		}
	}
	/* a character takes at least a byte: count them only when the bytes
	 * are over the limit */
	if (len > max && utf8_length(s) > max) {
		isms_err_set(err, ISMS_ELIMIT, _("%s is too long"), field);
		isms_err_detail(err, _("It has %zu characters; the limit is %zu."), utf8_length(s), max);
		isms_err_field(err, field);
		return ISMS_ELIMIT;
	}
	return ISMS_OK;
}

enum isms_rc isms_check_text(const char *s, size_t max, const char *field,
			     struct isms_err *err)
{
	return check_text(s, max, field, false, err);
}

enum isms_rc isms_check_textblock(const char *s, size_t max, const char *field,
				  struct isms_err *err)
{
	return check_text(s, max, field, true, err);
}

static void row_to_info(struct stmt *q, struct arena *a, struct isms_info *r)
{
	r->id = stmt_int(q, 0);
	r->name = arena_strdup(a, stmt_text(q, 1));
	r->org = arena_strdup(a, stmt_text(q, 2));
	r->edition = (int)stmt_int(q, 3);
	r->lang = strcmp(stmt_text(q, 4), "ja") ? ISMS_LANG_EN : ISMS_LANG_JA;
	r->created_at = arena_strdup(a, stmt_text(q, 5));
	r->is_default = stmt_int(q, 6) != 0;
}

#define ISMS_COLUMNS \
	"i.id, i.name, i.org, i.edition, i.lang, i.created_at," \
	" CASE WHEN s.value = i.name THEN 1 ELSE 0 END" \
	" FROM isms i LEFT JOIN setting s ON s.key = 'default_isms'"

static enum isms_rc count_isms(struct isms_ctx *ctx, long *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, "SELECT COUNT(*) FROM isms", err);
	int r;

	if (!q)
		return err->code;
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	*ret = (long)stmt_int(q, 0);
	return ISMS_OK;
}

static enum isms_rc set_default(struct isms_ctx *ctx, int64_t id, const char *name,
				const char *old, struct isms_err *err)
{
	struct stmt *q;
	json_t *before = json_object(), *after = json_object();
	enum isms_rc rc;

	q = store_query(ctx->st,
			"INSERT INTO setting (key, value) VALUES ('default_isms', $1)"
			" ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_text(q, 1, name);
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	json_set_str(before, "default_isms", old);
	json_set_str(after, "default_isms", name);
	rc = model_audit(ctx, id, "setting", "default_isms", "update", old ? before : NULL,
			 after, err);
out:
	json_decref(before);
	json_decref(after);
	return rc;
}

enum isms_rc isms_create(struct isms_ctx *ctx, const struct isms_new *n, int64_t *ret_id,
			 struct isms_err *err)
{
	const char *name = n->name && *n->name ? n->name : n->org;
	char now[ISMS_TIME_LEN], idbuf[32];
	struct stmt *q;
	json_t *after;
	enum isms_rc rc;
	int64_t id;
	long count = 0;
	int r;

	rc = isms_check_text(n->org, ISMS_ORG_MAX, "org", err);
	if (rc)
		return rc;
	rc = isms_check_text(name, ISMS_NAME_MAX, "name", err);
	if (rc)
		return rc;
	if (!isms_edition_valid(n->edition)) {
		isms_err_set(err, ISMS_EINVAL, _("unknown edition %d"), n->edition);
		isms_err_hint(err, _("The editions of ISO/IEC 27001 are 2005, 2013 and 2022."));
		isms_err_field(err, "edition");
		return ISMS_EINVAL;
	}
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	q = store_query(ctx->st, "SELECT id FROM isms WHERE name = $1", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_text(q, 1, name);
	r = stmt_next(q, err);
	if (r != 0) {
		if (r > 0) {
			isms_err_set(err, ISMS_EEXIST, _("an ISMS named \"%s\" already exists"), name);
			isms_err_hint(err, _("Choose another name with --name."));
			isms_err_field(err, "name");
		}
		rc = err->code;
		goto out;
	}
	rc = count_isms(ctx, &count, err);
	if (rc)
		goto out;
	isms_time_now(now);
	q = store_query(ctx->st,
			"INSERT INTO isms (name, org, edition, lang, created_at, created_by)"
			" VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_text(q, 1, name);
	stmt_bind_text(q, 2, n->org);
	stmt_bind_int(q, 3, n->edition);
	stmt_bind_text(q, 4, i18n_code(n->lang));
	stmt_bind_text(q, 5, now);
	stmt_bind_text(q, 6, ctx->actor);
	rc = stmt_insert_id(q, &id, err);
	if (rc)
		goto out;
	after = json_object();
	json_set_str(after, "name", name);
	json_set_str(after, "org", n->org);
	json_set_int(after, "edition", n->edition);
	json_set_str(after, "lang", i18n_code(n->lang));
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	rc = model_audit(ctx, id, "isms", idbuf, "create", NULL, after, err);
	json_decref(after);
	if (!rc && count == 0)
		rc = set_default(ctx, id, name, NULL, err);
	if (!rc && ret_id)
		*ret_id = id;
out:
	return store_end(ctx->st, rc, err);
}

enum isms_rc model_isms_edition(struct isms_ctx *ctx, int64_t isms_id, int *ret,
				struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, "SELECT edition FROM isms WHERE id = $1", err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (!r)
		return isms_err_set(err, ISMS_ENOTFOUND, _("the ISMS does not exist"));
	*ret = (int)stmt_int(q, 0);
	stmt_run(q, err);
	return ISMS_OK;
}

enum isms_rc isms_list(struct isms_ctx *ctx, struct arena *a, struct isms_info **ret,
		       size_t *ret_n, struct isms_err *err)
{
	struct stmt *q;
	struct isms_info *rows = NULL;
	size_t n = 0, alloc = 0;
	int r;

	q = store_query(ctx->st, "SELECT " ISMS_COLUMNS " ORDER BY i.name", err);
	if (!q)
		return err->code;
	while ((r = stmt_next(q, err)) > 0) {
		rows = arena_vec_grow(a, rows, n, &alloc, n + 1, sizeof(*rows));
		row_to_info(q, a, &rows[n++]);
	}
	if (r < 0)
		return err->code;
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

static enum isms_rc find_by_name(struct isms_ctx *ctx, struct arena *a, const char *name,
				 struct isms_info *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, "SELECT " ISMS_COLUMNS " WHERE i.name = $1", err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_text(q, 1, name);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		isms_err_set(err, ISMS_ENOTFOUND, _("no ISMS named \"%s\""), name);
		isms_err_hint(err, _("\"isms list\" shows the ISMS of this database."));
		return ISMS_ENOTFOUND;
	}
	row_to_info(q, a, ret);
	return ISMS_OK;
}

enum isms_rc isms_resolve(struct isms_ctx *ctx, struct arena *a, const char *name,
			  struct isms_info *ret, struct isms_err *err)
{
	struct isms_info *rows;
	size_t n;
	enum isms_rc rc;

	if (name)
		return find_by_name(ctx, a, name, ret, err);
	rc = isms_list(ctx, a, &rows, &n, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].is_default) {
			*ret = rows[i];
			return ISMS_OK;
		}
	}
	if (n == 1) {
		*ret = rows[0];
		return ISMS_OK;
	}
	if (n == 0) {
		isms_err_set(err, ISMS_ENOTFOUND, _("the database holds no ISMS"));
		isms_err_hint(err, _("Create one with \"isms init --org NAME --edition 2022\"."));
		return ISMS_ENOTFOUND;
	}
	isms_err_set(err, ISMS_ENOTFOUND, _("no ISMS chosen"));
	isms_err_detail(err, _("The database holds %zu ISMS and none is the default."), n);
	isms_err_hint(err, _("Choose one with --isms NAME, or set a default with \"isms use NAME\"."));
	return ISMS_ENOTFOUND;
}

enum isms_rc isms_use(struct isms_ctx *ctx, const char *name, struct isms_err *err)
{
	struct isms_info info, cur;
	struct arena a = ARENA_INIT;
	enum isms_rc rc;
	const char *old = NULL;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = find_by_name(ctx, &a, name, &info, err);
	if (!rc) {
		struct isms_err ignore;

		if (!isms_resolve(ctx, &a, NULL, &cur, &ignore) && cur.is_default)
			old = cur.name;
		rc = set_default(ctx, info.id, info.name, old, err);
	}
	rc = store_end(ctx->st, rc, err);
	arena_release(&a);
	return rc;
}
