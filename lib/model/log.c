/* log.c - listing the audit log and verifying its hash chain. */
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/log.h"
#include "isms/util.h"
#include "model.h"
#include "vec.h"

enum isms_rc log_list(struct isms_ctx *ctx, struct arena *a, const struct log_filter *f,
		      struct log_entry **ret, size_t *ret_n, struct isms_err *err)
{
	struct stmt *q;
	struct log_entry *rows = NULL;
	size_t n = 0, alloc = 0;
	char since[32] = "", until[32] = "";
	int r;

	if (f->since) {
		if (!isms_date_valid(f->since)) {
			isms_err_set(err, ISMS_EINVAL, _("invalid date \"%s\""), f->since);
			isms_err_hint(err, _("Write dates as YYYY-MM-DD."));
			isms_err_field(err, "since");
			return ISMS_EINVAL;
		}
		snprintf(since, sizeof(since), "%s", f->since);
	}
	if (f->until) {
		if (!isms_date_valid(f->until)) {
			isms_err_set(err, ISMS_EINVAL, _("invalid date \"%s\""), f->until);
			isms_err_hint(err, _("Write dates as YYYY-MM-DD."));
			isms_err_field(err, "until");
			return ISMS_EINVAL;
		}
		/* Times are ISO-8601 text, so "the whole day" is everything
		 * below the next character after the date. */
		snprintf(until, sizeof(until), "%sU", f->until);
	}
	/* Newest first when limited, so that the limit keeps the newest. */
	q = store_query(ctx->st,
			"SELECT id, isms_id, at, actor, entity, entity_id, action, before_json, after_json"
			" FROM audit_log"
			" WHERE ($1 = 0 OR isms_id = $1 OR (isms_id = 0 AND ($7 = 0"
			" OR (entity IN ('user', 'session') AND entity_id IN (SELECT u.name FROM app_user u"
			" JOIN membership m ON m.user_id = u.id WHERE m.isms_id = $1)))))"
			" AND ($2 = '' OR entity = $2) AND ($3 = '' OR actor = $3)"
			" AND ($4 = '' OR at >= $4) AND ($5 = '' OR at < $5)"
			" ORDER BY id DESC LIMIT $6",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, f->isms_id);
	stmt_bind_text(q, 2, f->entity ? f->entity : "");
	stmt_bind_text(q, 3, f->actor ? f->actor : "");
	stmt_bind_text(q, 4, since);
	stmt_bind_text(q, 5, until);
	stmt_bind_int(q, 6, f->limit ? (int64_t)f->limit : INT64_MAX);
	stmt_bind_int(q, 7, f->members_only ? 1 : 0);
	while ((r = stmt_next(q, err)) > 0) {
		struct log_entry *e;

		rows = arena_vec_grow(a, rows, n, &alloc, n + 1, sizeof(*rows));
		e = &rows[n++];
		e->id = stmt_int(q, 0);
		e->isms_id = stmt_int(q, 1);
		e->at = arena_strdup(a, stmt_text(q, 2));
		e->actor = arena_strdup(a, stmt_text(q, 3));
		e->entity = arena_strdup(a, stmt_text(q, 4));
		e->entity_id = arena_strdup(a, stmt_text(q, 5));
		e->action = arena_strdup(a, stmt_text(q, 6));
		e->before = stmt_null(q, 7) ? NULL : arena_strdup(a, stmt_text(q, 7));
		e->after = stmt_null(q, 8) ? NULL : arena_strdup(a, stmt_text(q, 8));
	}
	if (r < 0)
		return err->code;
	/* Oldest first for the reader. */
	for (size_t i = 0; i < n / 2; i++) {
		struct log_entry t = rows[i];

		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = t;
	}
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

enum isms_rc log_newest(struct isms_ctx *ctx, int64_t isms_id, int64_t *ret_id,
			struct isms_err *err)
{
	/* Two probes of the partial index of migration 0008, whose WHERE
	 * clause these repeat (SQLite uses the index only then). */
#define CHANGES "entity NOT IN ('session', 'api_token', 'setup')"
	struct stmt *q = store_query(ctx->st,
				     "SELECT MAX(COALESCE((SELECT MAX(id) FROM audit_log WHERE isms_id = $1 AND " CHANGES "), 0),"
				     " COALESCE((SELECT MAX(id) FROM audit_log WHERE isms_id = 0 AND " CHANGES "), 0))",
				     err);
#undef CHANGES
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	*ret_id = r ? stmt_int(q, 0) : 0;
	return stmt_run(q, err);
}

enum isms_rc log_verify(struct isms_ctx *ctx, int64_t *ret_count, int64_t *ret_bad_id,
			struct isms_err *err)
{
	char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
	struct stmt *q;
	int64_t count = 0, expect_id = 1;
	enum isms_rc rc;
	int r;

	rc = store_begin_read(ctx->st, err);
	if (rc)
		return rc;
	q = store_query(ctx->st,
			"SELECT id, isms_id, at, actor, entity, entity_id, action, before_json,"
			" after_json, prev_hash, hash FROM audit_log ORDER BY id",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	while ((r = stmt_next(q, err)) > 0) {
		char hash[65];
		int64_t id = stmt_int(q, 0);

		store_audit_hash(id, stmt_int(q, 1), stmt_text(q, 2), stmt_text(q, 3),
				 stmt_text(q, 4), stmt_text(q, 5), stmt_text(q, 6),
				 stmt_null(q, 7) ? NULL : stmt_text(q, 7),
				 stmt_null(q, 8) ? NULL : stmt_text(q, 8), stmt_text(q, 9), hash);
		if (id != expect_id) {
			isms_err_set(err, ISMS_ETAMPER, _("audit log entry %lld is missing"),
				     (long long)expect_id);
			isms_err_detail(err, _("The entries jump from %lld to %lld: entries were deleted."),
					(long long)expect_id - 1, (long long)id);
			*ret_bad_id = expect_id;
		} else if (strcmp(stmt_text(q, 9), prev) != 0) {
			isms_err_set(err, ISMS_ETAMPER, _("audit log entry %lld does not follow the one before it"),
				     (long long)id);
			isms_err_detail(err, _("Its link to the previous entry does not match: the log was changed before this entry."));
			*ret_bad_id = id;
		} else if (strcmp(stmt_text(q, 10), hash) != 0) {
			isms_err_set(err, ISMS_ETAMPER, _("audit log entry %lld has been altered"),
				     (long long)id);
			isms_err_detail(err, _("Its content no longer matches its hash: the entry was changed after it was written."));
			*ret_bad_id = id;
		} else {
			snprintf(prev, sizeof(prev), "%s", stmt_text(q, 10));
			count++;
			expect_id++;
			continue;
		}
		isms_err_hint(err, _("Restore the database from a backup taken before the change, and find out who had access to the file."));
		rc = ISMS_ETAMPER;
		goto out;
	}
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	*ret_count = count;
out:
	store_rollback(ctx->st);
	return rc;
}
