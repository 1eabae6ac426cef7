/* method.c - step 3: the versioned risk assessment method, its re-evaluation of the register and its approval. */
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/json.h"
#include "isms/method.h"
#include "isms/util.h"
#include "model.h"
#include "risk-int.h"
#include "vec.h"

static void canonical(const struct score_method *m, struct sbuf *out)
{
	score_method_to_json(m, false, out);
}

static enum isms_rc load_row(struct isms_ctx *ctx, struct arena *a, struct stmt *q,
			     struct score_method *ret, struct version_info *info,
			     struct isms_err *err)
{
	const char *config = stmt_text(q, 1);
	enum isms_rc rc;

	if (info) {
		memset(info, 0, sizeof(*info));
		info->version = (int)stmt_int(q, 0);
		info->content_hash = arena_strdup(a, stmt_text(q, 2));
		info->created_at = arena_strdup(a, stmt_text(q, 3));
		info->created_by = arena_strdup(a, stmt_text(q, 4));
	}
	rc = score_method_from_json(config, strlen(config), ret, err);
	(void)ctx;
	if (rc) {
		/* Stored methods were checked when they were set. */
		isms_err_set(err, ISMS_ESTORE, _("the stored risk method cannot be read"));
		isms_err_detail(err, _("Version %d of the method is damaged."), (int)stmt_int(q, 0));
		return ISMS_ESTORE;
	}
	return ISMS_OK;
}

enum isms_rc method_current(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			    struct score_method *ret, struct version_info *ret_info,
			    struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT version, config, content_hash, created_at, created_by FROM method"
				     " WHERE isms_id = $1 ORDER BY version DESC LIMIT 1",
				     err);
	enum isms_rc rc;
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		score_preset(SCORE_PRESET_DEFAULT, ret);
		if (ret_info)
			memset(ret_info, 0, sizeof(*ret_info));
		return ISMS_OK;
	}
	rc = load_row(ctx, a, q, ret, ret_info, err);
	stmt_run(q, err);
	return rc;
}

enum isms_rc method_version(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int version,
			    struct score_method *ret, struct version_info *ret_info,
			    struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT version, config, content_hash, created_at, created_by FROM method"
				     " WHERE isms_id = $1 AND version = $2",
				     err);
	enum isms_rc rc;
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, version);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		isms_err_set(err, ISMS_ENOTFOUND, _("the method has no version %d"), version);
		isms_err_hint(err, _("\"isms method history\" lists the versions."));
		return ISMS_ENOTFOUND;
	}
	rc = load_row(ctx, a, q, ret, ret_info, err);
	stmt_run(q, err);
	return rc;
}

enum isms_rc method_history(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			    struct version_info **ret, size_t *ret_n, struct isms_err *err)
{
	struct version_info *rows = NULL;
	struct approval *apps;
	size_t n = 0, alloc = 0, napps;
	struct stmt *q;
	enum isms_rc rc;
	int r;

	q = store_query(ctx->st,
			"SELECT version, content_hash, created_at, created_by FROM method"
			" WHERE isms_id = $1 ORDER BY version",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		rows = arena_vec_grow(a, rows, n, &alloc, n + 1, sizeof(*rows));
		memset(&rows[n], 0, sizeof(rows[n]));
		rows[n].version = (int)stmt_int(q, 0);
		rows[n].content_hash = arena_strdup(a, stmt_text(q, 1));
		rows[n].created_at = arena_strdup(a, stmt_text(q, 2));
		rows[n].created_by = arena_strdup(a, stmt_text(q, 3));
		n++;
	}
	if (r < 0)
		return err->code;
	/* A version was approved when an approval's snapshot has its hash
	 * and no later decision on the method overrode it. */
	rc = approval_list(ctx, a, isms_id, "method", &apps, &napps, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < napps; i++) {
		for (size_t k = 0; k < n; k++) {
			if (strcmp(apps[i].content_hash, rows[k].content_hash))
				continue;
			if (apps[i].decision == APPROVAL_APPROVED) {
				rows[k].approved_by = apps[i].approver;
				rows[k].approved_at = apps[i].at;
			} else {
				rows[k].approved_by = NULL;
				rows[k].approved_at = NULL;
			}
		}
	}
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

static json_t *method_json(const struct score_method *m)
{
	struct sbuf sb = SBUF_INIT;
	json_error_t je;
	json_t *v;

	canonical(m, &sb);
	v = json_loads(sb.buf, 0, &je);
	sbuf_release(&sb);
	return v;
}

enum isms_rc method_set(struct isms_ctx *ctx, int64_t isms_id, struct score_method *m,
			struct method_change *ret, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method old;
	struct version_info info;
	struct sbuf text = SBUF_INIT, oldtext = SBUF_INIT;
	char hash[ISMS_SHA256_HEX], now[ISMS_TIME_LEN], idbuf[32];
	json_t *before = NULL, *after = NULL;
	struct stmt *q;
	enum isms_rc rc;
	bool have_old = false;

	memset(ret, 0, sizeof(*ret));
	rc = score_method_check(m, err);
	if (rc)
		return rc;
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = method_current(ctx, &a, isms_id, &old, &info, err);
	if (rc)
		goto out;
	have_old = true;
	canonical(m, &text);
	canonical(&old, &oldtext);
	if (info.version > 0 && !strcmp(text.buf, oldtext.buf)) {
		ret->version = info.version;
		ret->unchanged = true;
		goto out;
	}
	isms_sha256_hex(text.buf, text.len, hash);
	isms_time_now(now);
	q = store_query(ctx->st,
			"INSERT INTO method (isms_id, version, config, content_hash, created_at, created_by)"
			" VALUES ($1, $2, $3, $4, $5, $6)",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, info.version + 1);
	stmt_bind_text(q, 3, text.buf);
	stmt_bind_text(q, 4, hash);
	stmt_bind_text(q, 5, now);
	stmt_bind_text(q, 6, ctx->actor);
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	ret->version = info.version + 1;
	rc = risk_reevaluate(ctx, isms_id, m, &ret->reevaluated, &ret->unevaluated, err);
	if (rc)
		goto out;
	if (info.version > 0) {
		before = json_object();
		json_set_int(before, "version", info.version);
		json_object_set_new(before, "method", method_json(&old));
	}
	after = json_object();
	json_set_int(after, "version", ret->version);
	json_object_set_new(after, "method", method_json(m));
	json_set_int(after, "risks_reevaluated", (long long)ret->reevaluated);
	json_set_int(after, "risks_unevaluated", (long long)ret->unevaluated);
	snprintf(idbuf, sizeof(idbuf), "v%d", ret->version);
	rc = model_audit(ctx, isms_id, "method", idbuf, info.version ? "update" : "create", before,
			 after, err);
out:
	json_decref(before);
	json_decref(after);
	if (have_old)
		score_method_release(&old);
	sbuf_release(&text);
	sbuf_release(&oldtext);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

enum isms_rc method_approve(struct isms_ctx *ctx, int64_t isms_id, enum approval_decision d,
			    const char *comment, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method m;
	struct version_info info;
	struct sbuf text = SBUF_INIT;
	struct approval_new n = { .subject = "method", .subject_id = "method", .decision = d,
				  .comment = comment };
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = method_current(ctx, &a, isms_id, &m, &info, err);
	if (rc)
		goto out;
	if (info.version == 0) {
		isms_err_set(err, ISMS_ESTATE, _("the ISMS has no risk assessment method yet"));
		isms_err_hint(err, _("Set one first with \"isms method set\"."));
		rc = ISMS_ESTATE;
	} else {
		canonical(&m, &text);
		n.snapshot = text.buf;
		rc = approval_record(ctx, isms_id, &n, NULL, err);
	}
	score_method_release(&m);
out:
	sbuf_release(&text);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

enum isms_rc method_approval_state(struct isms_ctx *ctx, int64_t isms_id,
				   enum approval_state *ret, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method m;
	struct version_info info;
	struct sbuf text = SBUF_INIT;
	enum isms_rc rc;

	rc = method_current(ctx, &a, isms_id, &m, &info, err);
	if (rc)
		goto out;
	*ret = APPROVAL_NONE;
	if (info.version > 0) {
		canonical(&m, &text);
		rc = approval_state_of(ctx, isms_id, "method", "method", text.buf, ret, err);
	}
	score_method_release(&m);
out:
	sbuf_release(&text);
	arena_release(&a);
	return rc;
}

enum isms_rc method_asset_levels(struct isms_ctx *ctx, int64_t isms_id, int ret_max[3],
				 bool *ret_set, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method m;
	struct version_info info;
	enum isms_rc rc;

	rc = method_current(ctx, &a, isms_id, &m, &info, err);
	if (!rc) {
		for (int p = 0; p < 3; p++)
			ret_max[p] = m.asset[p].n ? m.asset[p].n : SCORE_SCALE_MAX;
		if (ret_set)
			*ret_set = info.version > 0;
		score_method_release(&m);
	}
	arena_release(&a);
	return rc;
}
