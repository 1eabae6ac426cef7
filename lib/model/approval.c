/* approval.c - management sign-offs with a hash of exactly what was approved. */
#include <stdio.h>
#include <string.h>

#include "isms/approval.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/user.h"
#include "isms/util.h"
#include "model.h"
#include "vec.h"

void approval_hash(const char *snapshot, char out[65])
{
	isms_sha256_hex(snapshot, strlen(snapshot), out);
}

/* The acting user must hold the approver role in this ISMS. */
static enum isms_rc check_approver(struct isms_ctx *ctx, int64_t isms_id, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT m.role FROM membership m JOIN app_user u ON u.id = m.user_id"
				     " WHERE m.isms_id = $1 AND u.name = $2 AND u.disabled = 0",
				     err);
	int r;
	bool ok;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, ctx->actor);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	ok = r > 0 && !strcmp(stmt_text(q, 0), "approver");
	if (r > 0)
		stmt_run(q, err);
	if (!ok) {
		isms_err_set(err, ISMS_EPERM, _("\"%s\" is not an approver of this ISMS"), ctx->actor);
		isms_err_detail(err, _("Only a user with the approver role (top management) can approve or reject."));
		isms_err_hint(err, _("Act as an approver with --as NAME, or give the role with \"isms user role NAME approver\"."));
		return ISMS_EPERM;
	}
	return ISMS_OK;
}

enum isms_rc approval_record(struct isms_ctx *ctx, int64_t isms_id, const struct approval_new *n,
			     int64_t *ret_id, struct isms_err *err)
{
	char now[ISMS_TIME_LEN], hash[65];
	const char *decision = n->decision == APPROVAL_APPROVED ? "approved" : "rejected";
	struct stmt *q;
	json_t *after, *snap;
	json_error_t je;
	enum isms_rc rc;
	int64_t id;

	rc = isms_check_textblock(n->comment, APPROVAL_COMMENT_MAX, "comment", err);
	if (rc)
		return rc;
	snap = json_loads(n->snapshot, JSON_DECODE_ANY, &je);
	if (!snap)
		return isms_err_set(err, ISMS_EINTERNAL, "approval snapshot is not JSON");
	rc = store_begin(ctx->st, err);
	if (rc) {
		json_decref(snap);
		return rc;
	}
	rc = check_approver(ctx, isms_id, err);
	if (rc)
		goto out;
	approval_hash(n->snapshot, hash);
	isms_time_now(now);
	q = store_query(ctx->st,
			"INSERT INTO approval (isms_id, subject, subject_id, decision, comment, approver, at,"
			" snapshot, content_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, n->subject);
	stmt_bind_text(q, 3, n->subject_id);
	stmt_bind_text(q, 4, decision);
	stmt_bind_text(q, 5, n->comment ? n->comment : "");
	stmt_bind_text(q, 6, ctx->actor);
	stmt_bind_text(q, 7, now);
	stmt_bind_text(q, 8, n->snapshot);
	stmt_bind_text(q, 9, hash);
	rc = stmt_insert_id(q, &id, err);
	if (rc)
		goto out;
	after = json_object();
	json_set_str(after, "subject", n->subject);
	json_set_str(after, "subject_id", n->subject_id);
	json_set_str(after, "decision", decision);
	json_set_str(after, "comment", n->comment ? n->comment : "");
	json_set_str(after, "content_hash", hash);
	json_object_set(after, "snapshot", snap);
	rc = model_audit(ctx, isms_id, "approval", n->subject_id, decision, NULL, after, err);
	json_decref(after);
	if (!rc && ret_id)
		*ret_id = id;
out:
	json_decref(snap);
	return store_end(ctx->st, rc, err);
}

#define APPROVAL_COLUMNS \
	"id, isms_id, subject, subject_id, decision, comment, approver, at, snapshot, content_hash"

static void row_to_approval(struct stmt *q, struct arena *a, struct approval *r)
{
	r->id = stmt_int(q, 0);
	r->isms_id = stmt_int(q, 1);
	r->subject = arena_strdup(a, stmt_text(q, 2));
	r->subject_id = arena_strdup(a, stmt_text(q, 3));
	r->decision = strcmp(stmt_text(q, 4), "approved") ? APPROVAL_REJECTED : APPROVAL_APPROVED;
	r->comment = arena_strdup(a, stmt_text(q, 5));
	r->approver = arena_strdup(a, stmt_text(q, 6));
	r->at = arena_strdup(a, stmt_text(q, 7));
	r->snapshot = arena_strdup(a, stmt_text(q, 8));
	r->content_hash = arena_strdup(a, stmt_text(q, 9));
}

enum isms_rc approval_latest(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			     const char *subject, const char *subject_id, struct approval *ret,
			     bool *ret_found, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT " APPROVAL_COLUMNS " FROM approval"
				     " WHERE isms_id = $1 AND subject = $2 AND subject_id = $3"
				     " ORDER BY id DESC LIMIT 1",
				     err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, subject);
	stmt_bind_text(q, 3, subject_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	*ret_found = r > 0;
	if (r > 0) {
		row_to_approval(q, a, ret);
		stmt_run(q, err);
	}
	return ISMS_OK;
}

enum isms_rc approval_state_of(struct isms_ctx *ctx, int64_t isms_id, const char *subject,
			       const char *subject_id, const char *current_snapshot,
			       enum approval_state *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT decision, content_hash FROM approval"
				     " WHERE isms_id = $1 AND subject = $2 AND subject_id = $3"
				     " ORDER BY id DESC LIMIT 1",
				     err);
	char hash[65];
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, subject);
	stmt_bind_text(q, 3, subject_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		*ret = APPROVAL_NONE;
		return ISMS_OK;
	}
	approval_hash(current_snapshot, hash);
	if (strcmp(stmt_text(q, 0), "approved"))
		*ret = APPROVAL_REJECTED_STATE;
	else
		*ret = strcmp(stmt_text(q, 1), hash) ? APPROVAL_STALE : APPROVAL_CURRENT;
	stmt_run(q, err);
	return ISMS_OK;
}

enum isms_rc approval_list(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			   const char *subject, struct approval **ret, size_t *ret_n,
			   struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT " APPROVAL_COLUMNS " FROM approval"
				     " WHERE isms_id = $1 AND ($2 = '' OR subject = $2) ORDER BY id",
				     err);
	struct approval *rows = NULL;
	size_t n = 0, alloc = 0;
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, subject ? subject : "");
	while ((r = stmt_next(q, err)) > 0) {
		rows = arena_vec_grow(a, rows, n, &alloc, n + 1, sizeof(*rows));
		row_to_approval(q, a, &rows[n++]);
	}
	if (r < 0)
		return err->code;
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}
