/* audit.c - appending to the hash-chained, append-only audit log. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "isms/sbuf.h"
#include "isms/util.h"
#include "store.h"

/* The hashed content is every field, each preceded by its length, so that
 * no two different entries can produce the same byte string. NULL and ""
 * are told apart by a length of -1. */
static void add_field(struct sbuf *sb, const char *s)
{
	if (!s) {
		sbuf_addstr(sb, "-1:");
		return;
	}
	sbuf_addf(sb, "%zu:", strlen(s));
	sbuf_addstr(sb, s);
}

void store_audit_hash(int64_t id, int64_t isms_id, const char *at, const char *actor,
		      const char *entity, const char *entity_id, const char *action,
		      const char *before, const char *after, const char *prev_hash,
		      char out[65])
{
	struct sbuf sb = SBUF_INIT;

	sbuf_addf(&sb, "isms-audit-v1|%" PRId64 "|%" PRId64 "|", id, isms_id);
	add_field(&sb, at);
	add_field(&sb, actor);
	add_field(&sb, entity);
	add_field(&sb, entity_id);
	add_field(&sb, action);
	add_field(&sb, before);
	add_field(&sb, after);
	add_field(&sb, prev_hash);
	isms_sha256_hex(sb.buf, sb.len, out);
	sbuf_release(&sb);
}

enum isms_rc store_audit(struct store *st, const struct audit_entry *e,
			 struct isms_err *err)
{
	static const char genesis[65] =
		"0000000000000000000000000000000000000000000000000000000000000000";
	char prev[65], hash[65], at[ISMS_TIME_LEN];
	struct stmt *q;
	int64_t id = 1;
	int r;

	if (st->depth <= 0)
		return isms_err_set(err, ISMS_EINTERNAL, "audit entry outside a transaction");
	q = store_query(st, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", err);
	if (!q)
		return err->code;
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r) {
		id = stmt_int(q, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", stmt_text(q, 1));
	} else {
		memcpy(prev, genesis, sizeof(prev));
	}
	isms_time_now(at);
	store_audit_hash(id, e->isms_id, at, e->actor, e->entity, e->entity_id, e->action,
			 e->before, e->after, prev, hash);
	q = store_query(st,
			"INSERT INTO audit_log (id, isms_id, at, actor, entity, entity_id, action,"
			" before_json, after_json, prev_hash, hash)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, id);
	stmt_bind_int(q, 2, e->isms_id);
	stmt_bind_text(q, 3, at);
	stmt_bind_text(q, 4, e->actor);
	stmt_bind_text(q, 5, e->entity);
	stmt_bind_text(q, 6, e->entity_id);
	stmt_bind_text(q, 7, e->action);
	stmt_bind_text(q, 8, e->before);
	stmt_bind_text(q, 9, e->after);
	stmt_bind_text(q, 10, prev);
	stmt_bind_text(q, 11, hash);
	return stmt_run(q, err);
}
