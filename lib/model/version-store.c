/* version-store.c - saving, history and approval of the versioned texts: the scope and the policy. */
#include <stdio.h>
#include <string.h>

#include "isms/approval.h"
#include "isms/i18n.h"
#include "isms/utf8.h"
#include "isms/util.h"
#include "version-store.h"
#include "vec.h"

static const struct {
	const char *subject; /* of their approvals */
	const char *latest;
	const char *history;
} tables[] = {
	[VERSIONED_SCOPE] = {
		"scope",
		"SELECT version, content_hash FROM scope_version WHERE isms_id = $1"
		" ORDER BY version DESC LIMIT 1",
		"SELECT version, created_at, created_by, content_hash FROM scope_version"
		" WHERE isms_id = $1 ORDER BY version",
	},
	[VERSIONED_POLICY] = {
		"policy",
		"SELECT version, content_hash FROM policy_version WHERE isms_id = $1"
		" ORDER BY version DESC LIMIT 1",
		"SELECT version, created_at, created_by, content_hash FROM policy_version"
		" WHERE isms_id = $1 ORDER BY version",
	},
};

enum isms_rc versioned_latest(struct isms_ctx *ctx, int64_t isms_id, enum versioned_table t,
			      int *ret_version, char ret_hash[65], struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, tables[t].latest, err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	*ret_version = 0;
	ret_hash[0] = '\0';
	if (r > 0) {
		*ret_version = (int)stmt_int(q, 0);
		snprintf(ret_hash, 65, "%s", stmt_text(q, 1));
		stmt_run(q, err);
	}
	return ISMS_OK;
}

enum isms_rc versioned_history(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       enum versioned_table t, struct version_info **ret, size_t *ret_n,
			       struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, tables[t].history, err);
	struct version_info *rows = NULL;
	struct approval *ap;
	size_t n = 0, alloc = 0, nap;
	enum isms_rc rc;
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		rows = arena_vec_grow(a, rows, n, &alloc, n + 1, sizeof(*rows));
		rows[n].version = (int)stmt_int(q, 0);
		rows[n].created_at = arena_strdup(a, stmt_text(q, 1));
		rows[n].created_by = arena_strdup(a, stmt_text(q, 2));
		rows[n].content_hash = arena_strdup(a, stmt_text(q, 3));
		rows[n].approved_by = rows[n].approved_at = NULL;
		n++;
	}
	if (r < 0)
		return err->code;
	/* Decisions in order: the last one on a version wins. */
	rc = approval_list(ctx, a, isms_id, tables[t].subject, &ap, &nap, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < nap; i++) {
		json_t *snap = json_loads(ap[i].snapshot, 0, NULL);
		int v = snap ? (int)json_integer_value(json_object_get(snap, "version")) : 0;
		bool yes = ap[i].decision == APPROVAL_APPROVED;

		json_decref(snap);
		for (size_t j = 0; j < n; j++) {
			if (rows[j].version == v) {
				rows[j].approved_by = yes ? ap[i].approver : NULL;
				rows[j].approved_at = yes ? ap[i].at : NULL;
			}
		}
	}
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

enum isms_rc versioned_save(struct isms_ctx *ctx, int64_t isms_id, enum versioned_table t,
			    const char *hash, versioned_insert_fn insert, const void *arg,
			    int *ret_version, bool *ret_unchanged, struct isms_err *err)
{
	char now[ISMS_TIME_LEN], old_hash[65], idbuf[32];
	json_t *after = NULL;
	enum isms_rc rc;
	int version;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = versioned_latest(ctx, isms_id, t, &version, old_hash, err);
	if (rc)
		goto out;
	*ret_unchanged = version && !strcmp(hash, old_hash);
	if (*ret_unchanged) {
		*ret_version = version;
		goto out;
	}
	version++;
	isms_time_now(now);
	rc = insert(ctx, isms_id, version, hash, now, arg, &after, err);
	if (rc)
		goto out;
	snprintf(idbuf, sizeof(idbuf), "%d", version);
	rc = model_audit(ctx, isms_id, tables[t].subject, idbuf, "create", NULL, after, err);
	json_decref(after);
	if (!rc)
		*ret_version = version;
out:
	return store_end(ctx->st, rc, err);
}

enum isms_rc versioned_approve(struct isms_ctx *ctx, int64_t isms_id, enum versioned_table t,
			       versioned_snapshot_fn snapshot, enum approval_decision d,
			       const char *comment, int *ret_version, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct sbuf snap = SBUF_INIT;
	struct approval_new n = { .subject = tables[t].subject, .subject_id = tables[t].subject,
				  .decision = d, .comment = comment };
	enum isms_rc rc;
	int version;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = snapshot(ctx, &a, isms_id, &snap, &version, err);
	if (!rc) {
		n.snapshot = snap.buf;
		rc = approval_record(ctx, isms_id, &n, NULL, err);
		if (!rc && ret_version)
			*ret_version = version;
	}
	rc = store_end(ctx->st, rc, err);
	sbuf_release(&snap);
	arena_release(&a);
	return rc;
}

enum isms_rc versioned_approval_state(struct isms_ctx *ctx, int64_t isms_id,
				      enum versioned_table t, versioned_snapshot_fn snapshot,
				      enum approval_state *ret, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct sbuf snap = SBUF_INIT;
	struct isms_err e;
	enum isms_rc rc;
	int version;

	rc = snapshot(ctx, &a, isms_id, &snap, &version, &e);
	if (rc == ISMS_ENOTFOUND) {
		*ret = APPROVAL_NONE;
		rc = ISMS_OK;
	} else if (rc) {
		*err = e;
	} else {
		rc = approval_state_of(ctx, isms_id, tables[t].subject, tables[t].subject, snap.buf,
				       ret, err);
	}
	sbuf_release(&snap);
	arena_release(&a);
	return rc;
}

long versioned_column(const char *line, const char *p)
{
	long col = 1;

	for (const char *c = line; c < p; col++) {
		uint32_t cp;

		c += utf8_decode(c, &cp);
	}
	return col;
}

/* Position of byte offset `off` in `text` as line and column. */
static void position_of(const char *text, size_t off, long *ret_line, long *ret_col)
{
	size_t start = 0;
	long line = 1;

	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			line++;
			start = i + 1;
		}
	}
	*ret_line = line;
	*ret_col = 1;
	for (size_t i = start; i < off;) {
		uint32_t cp;

		i += utf8_decode(text + i, &cp);
		(*ret_col)++;
	}
}

enum isms_rc versioned_check_file(const char *text, size_t len, size_t max,
				  struct isms_err *err)
{
	size_t bad;
	long line, col;

	if (len > max) {
		isms_err_set(err, ISMS_ELIMIT, _("the file is too large"));
		isms_err_detail(err, _("It has %zu bytes; the limit is %zu."), len, max);
		return ISMS_ELIMIT;
	}
	if (!utf8_valid(text, len, &bad)) {
		position_of(text, bad, &line, &col);
		isms_err_set(err, ISMS_EINVAL, _("the file is not valid UTF-8"));
		isms_err_hint(err, _("Save the file as UTF-8."));
		isms_err_pos(err, line, col);
		return ISMS_EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
			position_of(text, i, &line, &col);
			isms_err_set(err, ISMS_EINVAL, _("the file contains a control character (0x%02x)"), c);
			isms_err_pos(err, line, col);
			return ISMS_EINVAL;
		}
	}
	return ISMS_OK;
}

const char *versioned_state_label(enum approval_state s)
{
	switch (s) {
	case APPROVAL_NONE: return _("not approved");
	case APPROVAL_CURRENT: return _("approved");
	case APPROVAL_STALE: return _("approval stale: changed since");
	case APPROVAL_REJECTED_STATE: return _("rejected");
	}
	return "";
}

const char *versioned_state_code(enum approval_state s)
{
	static const char *const codes[] = { "none", "current", "stale", "rejected" };

	return (unsigned)s < 4 ? codes[s] : "none";
}
