/* soa.c - step 10: numbered Statements of Applicability with frozen rows, their diff and approval. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/authorisation.h"
#include "isms/i18n.h"
#include "isms/json.h"
#include "isms/policy.h"
#include "isms/scope.h"
#include "isms/selection.h"
#include "isms/soa.h"
#include "isms/util.h"
#include "model.h"
#include "selection-int.h"
#include "vec.h"

#define SUBJECT "soa"

static json_t *rows_json(const struct soa_row *rows, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++) {
		const struct soa_row *r = &rows[i];
		json_t *o = json_object();

		json_set_str(o, "control", r->control_id);
		json_set_bool(o, "additional", r->additional);
		json_set_str(o, "title_en", r->title_en);
		json_set_str(o, "title_ja", r->title_ja);
		json_set_bool(o, "applicable", r->applicable);
		json_set_str(o, "reasons", r->reasons);
		json_set_str(o, "justification", r->justification);
		json_set_str(o, "status", r->status);
		json_set_str(o, "owner", r->owner);
		json_set_str(o, "impl_ref", r->impl_ref);
		json_set_str(o, "risks", r->risks);
		json_array_append_new(arr, o);
	}
	return arr;
}

/* The hash a snapshot is compared by: its edition and every row. */
static void rows_hash(int edition, const struct soa_row *rows, size_t n, char out[65])
{
	json_t *o = json_object();
	struct sbuf sb = SBUF_INIT;

	json_set_int(o, "edition", edition);
	json_object_set_new(o, "rows", rows_json(rows, n));
	json_write(&sb, o, 0);
	isms_sha256_hex(sb.buf, sb.len, out);
	sbuf_release(&sb);
	json_decref(o);
}

/* "risk,legal": the reasons' codes as a row keeps them. */
static const char *reason_codes(struct arena *a, unsigned bits)
{
	static const enum sel_reason order[] = { SEL_REASON_RISK, SEL_REASON_LEGAL,
						 SEL_REASON_CONTRACT, SEL_REASON_BUSINESS };
	struct sbuf sb = SBUF_INIT;
	const char *s;

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (bits & order[i])
			sbuf_addf(&sb, "%s%s", sb.len ? "," : "", sel_reason_code(order[i]));
	s = arena_strdup(a, sb.buf);
	sbuf_release(&sb);
	return s;
}

/* The rows of a snapshot made now; the controls without a decision are
 * counted and listed ("A.5.7, A.5.23") rather than made into rows. */
static enum isms_rc build(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, struct soa *s,
			  size_t *ret_undecided, const char **ret_undecided_ids, struct isms_err *err)
{
	struct control_sel *sel;
	struct sbuf undecided = SBUF_INIT;
	size_t nsel, nund = 0;
	enum isms_rc rc;

	memset(s, 0, sizeof(*s));
	rc = sel_isms_info(ctx, a, isms_id, &s->edition, &s->organisation, err);
	if (!rc)
		rc = selection_list(ctx, a, isms_id, &sel, &nsel, err);
	if (rc)
		return rc;
	s->rows = arena_zalloc(a, (nsel ? nsel : 1) * sizeof(*s->rows));
	for (size_t i = 0; i < nsel; i++) {
		const struct control_sel *c = &sel[i];
		struct soa_row *r;

		if (c->decision == SEL_UNDECIDED) {
			if (nund < 10)
				sbuf_addf(&undecided, "%s%s", nund ? ", " : "", c->control_id);
			nund++;
			continue;
		}
		r = &s->rows[s->nrows++];
		r->control_id = c->control_id;
		r->additional = c->additional;
		r->section_id = c->section_id;
		r->section_en = c->section_en;
		r->section_ja = c->section_ja;
		r->title_en = c->title_en;
		r->title_ja = c->title_ja;
		r->applicable = c->decision == SEL_APPLICABLE;
		r->reasons = r->applicable ? reason_codes(a, c->reasons) : "";
		r->justification = r->applicable ? "" : c->justification;
		r->status = r->applicable ? sel_status_code(c->status) : "";
		r->owner = c->owner;
		r->impl_ref = c->impl_ref;
		r->risks = c->risks;
	}
	if (nund > 10)
		sbuf_addf(&undecided, _(" and %zu more"), nund - 10);
	*ret_undecided = nund;
	*ret_undecided_ids = arena_strdup(a, undecided.buf);
	sbuf_release(&undecided);
	rows_hash(s->edition, s->rows, s->nrows, s->content_hash);
	return ISMS_OK;
}

enum isms_rc soa_current(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			 struct soa *ret, struct isms_err *err)
{
	const char *ids;
	size_t nund;

	return build(ctx, a, isms_id, ret, &nund, &ids, err);
}

/* The number, edition and hash of the latest snapshot; number 0 if none. */
static enum isms_rc latest(struct isms_ctx *ctx, int64_t isms_id, int *ret_number,
			   int *ret_edition, char ret_hash[65], struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT number, edition, content_hash FROM soa WHERE isms_id = $1"
				     " ORDER BY number DESC LIMIT 1",
				     err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	*ret_number = 0;
	*ret_edition = 0;
	ret_hash[0] = '\0';
	if (r > 0) {
		*ret_number = (int)stmt_int(q, 0);
		*ret_edition = (int)stmt_int(q, 1);
		snprintf(ret_hash, 65, "%s", stmt_text(q, 2));
		stmt_run(q, err);
	}
	return ISMS_OK;
}

static enum isms_rc insert_rows(struct isms_ctx *ctx, int64_t isms_id, int number,
				const struct soa *s, struct isms_err *err)
{
	enum isms_rc rc = ISMS_OK;

	for (size_t i = 0; !rc && i < s->nrows; i++) {
		const struct soa_row *r = &s->rows[i];
		struct stmt *q = store_query(
			ctx->st,
			"INSERT INTO soa_row (isms_id, number, pos, control_id, additional, section_id,"
			" section_en, section_ja, title_en, title_ja, applicable, reasons, justification,"
			" status, owner, impl_ref, risks) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
			" $11, $12, $13, $14, $15, $16, $17)",
			err);

		if (!q)
			return err->code;
		stmt_bind_int(q, 1, isms_id);
		stmt_bind_int(q, 2, number);
		stmt_bind_int(q, 3, (int64_t)i);
		stmt_bind_text(q, 4, r->control_id);
		stmt_bind_int(q, 5, r->additional);
		stmt_bind_text(q, 6, r->section_id);
		stmt_bind_text(q, 7, r->section_en);
		stmt_bind_text(q, 8, r->section_ja);
		stmt_bind_text(q, 9, r->title_en);
		stmt_bind_text(q, 10, r->title_ja);
		stmt_bind_int(q, 11, r->applicable);
		stmt_bind_text(q, 12, r->reasons);
		stmt_bind_text(q, 13, r->justification);
		stmt_bind_text(q, 14, r->status);
		stmt_bind_text(q, 15, r->owner);
		stmt_bind_text(q, 16, r->impl_ref);
		stmt_bind_text(q, 17, r->risks);
		rc = stmt_run(q, err);
	}
	return rc;
}

enum isms_rc soa_generate(struct isms_ctx *ctx, int64_t isms_id, int *ret_number,
			  struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	char now[ISMS_TIME_LEN], last_hash[65], idbuf[32];
	const char *undecided;
	size_t nund, applicable = 0;
	struct soa s;
	struct stmt *q;
	json_t *after;
	enum isms_rc rc;
	int last = 0, last_edition = 0;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = build(ctx, &a, isms_id, &s, &nund, &undecided, err);
	if (!rc)
		rc = latest(ctx, isms_id, &last, &last_edition, last_hash, err);
	if (rc)
		goto out;
	if (nund) {
		isms_err_set(err, ISMS_ESTATE,
			     _n("%zu control has no decision yet: %s", "%zu controls have no decision yet: %s",
				nund),
			     nund, undecided);
		isms_err_detail(err, _("The Statement of Applicability states a decision on every control of the edition."));
		isms_err_hint(err, _("\"isms control list --undecided\" lists them; select or exclude each."));
		rc = ISMS_ESTATE;
		goto out;
	}
	if (last && last_edition == s.edition && !strcmp(last_hash, s.content_hash)) {
		isms_err_set(err, ISMS_ESTATE,
			     _("nothing has changed since Statement of Applicability %d"), last);
		isms_err_hint(err, _("\"isms soa show %d\" shows it."), last);
		rc = ISMS_ESTATE;
		goto out;
	}
	isms_time_now(now);
	q = store_query(ctx->st,
			"INSERT INTO soa (isms_id, number, edition, organisation, content_hash, created_at,"
			" created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, last + 1);
	stmt_bind_int(q, 3, s.edition);
	stmt_bind_text(q, 4, s.organisation);
	stmt_bind_text(q, 5, s.content_hash);
	stmt_bind_text(q, 6, now);
	stmt_bind_text(q, 7, ctx->actor);
	rc = stmt_run(q, err);
	if (!rc)
		rc = insert_rows(ctx, isms_id, last + 1, &s, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < s.nrows; i++)
		applicable += s.rows[i].applicable;
	after = json_object();
	json_set_int(after, "number", last + 1);
	json_set_int(after, "edition", s.edition);
	json_set_str(after, "content_hash", s.content_hash);
	json_set_int(after, "controls", (long long)s.nrows);
	json_set_int(after, "applicable", (long long)applicable);
	json_set_int(after, "excluded", (long long)(s.nrows - applicable));
	snprintf(idbuf, sizeof(idbuf), "%d", last + 1);
	rc = model_audit(ctx, isms_id, "soa", idbuf, "create", NULL, after, err);
	json_decref(after);
	if (!rc)
		*ret_number = last + 1;
out:
	rc = store_end(ctx->st, rc, err);
	arena_release(&a);
	return rc;
}

void soa_snapshot(const struct soa *s, struct sbuf *out)
{
	json_t *o = json_object();

	json_set_int(o, "number", s->number);
	json_set_int(o, "edition", s->edition);
	json_set_str(o, "content_hash", s->content_hash);
	json_write(out, o, 0);
	json_decref(o);
}

static enum isms_rc no_soa(struct isms_err *err, int number)
{
	if (number) {
		isms_err_set(err, ISMS_ENOTFOUND, _("there is no Statement of Applicability %d"), number);
		isms_err_hint(err, _("\"isms soa list\" lists them."));
	} else {
		isms_err_set(err, ISMS_ENOTFOUND, _("no Statement of Applicability has been generated yet"));
		isms_err_hint(err, _("Make one with \"isms soa generate\"."));
	}
	return ISMS_ENOTFOUND;
}

enum isms_rc soa_get(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int number,
		     struct soa *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT number, edition, organisation, content_hash, created_at, created_by"
				     " FROM soa WHERE isms_id = $1 AND ($2 = 0 OR number = $2)"
				     " ORDER BY number DESC LIMIT 1",
				     err);
	struct approval ap;
	size_t alloc = 0;
	char idbuf[32];
	bool found;
	enum isms_rc rc;
	int r;

	if (!q)
		return err->code;
	memset(ret, 0, sizeof(*ret));
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, number);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return no_soa(err, number);
	ret->number = (int)stmt_int(q, 0);
	ret->edition = (int)stmt_int(q, 1);
	ret->organisation = arena_strdup(a, stmt_text(q, 2));
	snprintf(ret->content_hash, sizeof(ret->content_hash), "%s", stmt_text(q, 3));
	ret->created_at = arena_strdup(a, stmt_text(q, 4));
	ret->created_by = arena_strdup(a, stmt_text(q, 5));
	stmt_run(q, err);
	q = store_query(ctx->st,
			"SELECT control_id, additional, section_id, section_en, section_ja, title_en,"
			" title_ja, applicable, reasons, justification, status, owner, impl_ref, risks"
			" FROM soa_row WHERE isms_id = $1 AND number = $2 ORDER BY pos",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, ret->number);
	while ((r = stmt_next(q, err)) > 0) {
		struct soa_row *row;

		ret->rows = arena_vec_grow(a, ret->rows, ret->nrows, &alloc, ret->nrows + 1,
					   sizeof(*ret->rows));
		row = &ret->rows[ret->nrows++];
		row->control_id = arena_strdup(a, stmt_text(q, 0));
		row->additional = stmt_int(q, 1) != 0;
		row->section_id = arena_strdup(a, stmt_text(q, 2));
		row->section_en = arena_strdup(a, stmt_text(q, 3));
		row->section_ja = arena_strdup(a, stmt_text(q, 4));
		row->title_en = arena_strdup(a, stmt_text(q, 5));
		row->title_ja = arena_strdup(a, stmt_text(q, 6));
		row->applicable = stmt_int(q, 7) != 0;
		row->reasons = arena_strdup(a, stmt_text(q, 8));
		row->justification = arena_strdup(a, stmt_text(q, 9));
		row->status = arena_strdup(a, stmt_text(q, 10));
		row->owner = arena_strdup(a, stmt_text(q, 11));
		row->impl_ref = arena_strdup(a, stmt_text(q, 12));
		row->risks = arena_strdup(a, stmt_text(q, 13));
	}
	if (r < 0)
		return err->code;
	snprintf(idbuf, sizeof(idbuf), "%d", ret->number);
	rc = approval_latest(ctx, a, isms_id, SUBJECT, idbuf, &ap, &found, err);
	if (rc || !found)
		return rc;
	ret->approval = ap.decision == APPROVAL_APPROVED ? APPROVAL_CURRENT : APPROVAL_REJECTED_STATE;
	ret->approved_by = ap.approver;
	ret->approved_at = ap.at;
	ret->approval_comment = ap.comment;
	return ISMS_OK;
}

enum isms_rc soa_list(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
		      struct soa_info **ret, size_t *ret_n, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT s.number, s.edition, s.created_at, s.created_by,"
				     " (SELECT COUNT(*) FROM soa_row r WHERE r.isms_id = s.isms_id"
				     "  AND r.number = s.number),"
				     " (SELECT COUNT(*) FROM soa_row r WHERE r.isms_id = s.isms_id"
				     "  AND r.number = s.number AND r.applicable = 1)"
				     " FROM soa s WHERE s.isms_id = $1 ORDER BY s.number",
				     err);
	struct soa_info *rows = NULL;
	struct approval *ap;
	size_t n = 0, alloc = 0, nap;
	enum isms_rc rc;
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		rows = arena_vec_grow(a, rows, n, &alloc, n + 1, sizeof(*rows));
		memset(&rows[n], 0, sizeof(rows[n]));
		rows[n].number = (int)stmt_int(q, 0);
		rows[n].edition = (int)stmt_int(q, 1);
		rows[n].created_at = arena_strdup(a, stmt_text(q, 2));
		rows[n].created_by = arena_strdup(a, stmt_text(q, 3));
		rows[n].controls = (size_t)stmt_int(q, 4);
		rows[n].applicable = (size_t)stmt_int(q, 5);
		rows[n].excluded = rows[n].controls - rows[n].applicable;
		n++;
	}
	if (r < 0)
		return err->code;
	rc = approval_list(ctx, a, isms_id, SUBJECT, &ap, &nap, err);
	if (rc)
		return rc;
	/* Oldest first: the last decision on each snapshot stays. */
	for (size_t i = 0; i < nap; i++) {
		long long num;

		if (!isms_parse_int(ap[i].subject_id, 1, 1000000000, &num))
			continue;
		for (size_t j = 0; j < n; j++) {
			if (rows[j].number != num)
				continue;
			rows[j].approval = ap[i].decision == APPROVAL_APPROVED ? APPROVAL_CURRENT
									      : APPROVAL_REJECTED_STATE;
			rows[j].approved_by = ap[i].approver;
			rows[j].approved_at = ap[i].at;
		}
	}
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

static const struct soa_row *find_row(const struct soa *s, const char *id)
{
	for (size_t i = 0; i < s->nrows; i++)
		if (!strcmp(s->rows[i].control_id, id))
			return &s->rows[i];
	return NULL;
}

enum isms_rc soa_diff(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int from, int to,
		      struct soa_change **ret, size_t *ret_n, struct isms_err *err)
{
	struct soa s1, s2;
	struct soa_change *out = NULL;
	size_t n = 0, alloc = 0;
	enum isms_rc rc;

	if (from <= 0 || to <= 0)
		return isms_err_set(err, ISMS_EINVAL, _("a Statement of Applicability is numbered from 1"));
	rc = soa_get(ctx, a, isms_id, from, &s1, err);
	if (!rc)
		rc = soa_get(ctx, a, isms_id, to, &s2, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < s2.nrows; i++) {
		const struct soa_row *y = &s2.rows[i], *x = find_row(&s1, y->control_id);
		const struct {
			const char *field, *before, *after;
		} fields[] = {
			{ "applicable", x && x->applicable ? "applicable" : "excluded",
			  y->applicable ? "applicable" : "excluded" },
			{ "title", x ? x->title_en : "", y->title_en },
			{ "reasons", x ? x->reasons : "", y->reasons },
			{ "justification", x ? x->justification : "", y->justification },
			{ "status", x ? x->status : "", y->status },
			{ "owner", x ? x->owner : "", y->owner },
			{ "impl_ref", x ? x->impl_ref : "", y->impl_ref },
			{ "risks", x ? x->risks : "", y->risks },
		};

		if (!x) {
			out = arena_vec_grow(a, out, n, &alloc, n + 1, sizeof(*out));
			out[n++] = (struct soa_change){ SOA_ADDED, y->control_id, NULL, NULL, NULL };
			continue;
		}
		for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
			if (!strcmp(fields[k].before, fields[k].after))
				continue;
			out = arena_vec_grow(a, out, n, &alloc, n + 1, sizeof(*out));
			out[n++] = (struct soa_change){ SOA_CHANGED, y->control_id, fields[k].field,
							fields[k].before, fields[k].after };
		}
	}
	for (size_t i = 0; i < s1.nrows; i++) {
		if (find_row(&s2, s1.rows[i].control_id))
			continue;
		out = arena_vec_grow(a, out, n, &alloc, n + 1, sizeof(*out));
		out[n++] = (struct soa_change){ SOA_REMOVED, s1.rows[i].control_id, NULL, NULL, NULL };
	}
	*ret = out;
	*ret_n = n;
	return ISMS_OK;
}

enum isms_rc soa_approve(struct isms_ctx *ctx, int64_t isms_id, int number,
			 enum approval_decision d, const char *comment, int *ret_number,
			 struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct sbuf snap = SBUF_INIT;
	struct approval_new n = { .subject = SUBJECT, .decision = d, .comment = comment };
	char idbuf[32];
	struct soa s;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = soa_get(ctx, &a, isms_id, number, &s, err);
	if (!rc) {
		snprintf(idbuf, sizeof(idbuf), "%d", s.number);
		soa_snapshot(&s, &snap);
		n.subject_id = idbuf;
		n.snapshot = snap.buf;
		rc = approval_record(ctx, isms_id, &n, NULL, err);
		if (!rc && ret_number)
			*ret_number = s.number;
	}
	rc = store_end(ctx->st, rc, err);
	sbuf_release(&snap);
	arena_release(&a);
	return rc;
}

/* --- isms status ---------------------------------------------------------- */

static enum isms_rc text_facts(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       struct status_facts *f, struct isms_err *err)
{
	enum approval_state st;
	struct isms_err e;
	struct scope s;
	struct policy p;
	enum isms_rc rc;

	rc = scope_get(ctx, a, isms_id, 0, &s, &e);
	if (rc && rc != ISMS_ENOTFOUND) {
		*err = e;
		return rc;
	}
	f->scope_exists = rc == ISMS_OK;
	f->scope_complete = f->scope_exists && *s.organisation && s.nitems[SCOPE_UNIT] &&
			    s.nitems[SCOPE_SITE];
	rc = scope_approval_state(ctx, isms_id, &st, err);
	if (rc)
		return rc;
	f->scope_approved = st == APPROVAL_CURRENT;
	rc = policy_get(ctx, a, isms_id, 0, &p, &e);
	if (rc && rc != ISMS_ENOTFOUND) {
		*err = e;
		return rc;
	}
	f->policy_exists = rc == ISMS_OK;
	rc = policy_approval_state(ctx, isms_id, &st, err);
	if (rc)
		return rc;
	f->policy_approved = st == APPROVAL_CURRENT;
	return ISMS_OK;
}

enum isms_rc soa_status_facts(struct isms_ctx *ctx, int64_t isms_id, int edition,
			      struct status_facts *f, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct authorisation au;
	struct soa now, last;
	struct isms_err e;
	enum isms_rc rc;

	rc = text_facts(ctx, &a, isms_id, f, err);
	if (!rc)
		rc = selection_facts(ctx, isms_id, edition, f, err);
	if (!rc)
		rc = authorisation_get(ctx, &a, isms_id, &au, err);
	if (rc)
		goto out;
	f->authorised = au.state == APPROVAL_CURRENT || au.state == APPROVAL_STALE;
	f->authorisation_stale = au.state == APPROVAL_STALE;
	rc = soa_get(ctx, &a, isms_id, 0, &last, &e);
	if (rc == ISMS_ENOTFOUND) {
		f->soa_snapshots = 0;
		rc = ISMS_OK;
		goto out;
	}
	if (rc) {
		*err = e;
		goto out;
	}
	f->soa_snapshots = last.number;
	f->soa_approved = last.approval == APPROVAL_CURRENT;
	rc = soa_current(ctx, &a, isms_id, &now, err);
	if (!rc)
		f->soa_outdated = last.edition != now.edition || strcmp(last.content_hash, now.content_hash);
out:
	arena_release(&a);
	return rc;
}
