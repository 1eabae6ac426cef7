/* selection.c - step 7: the decision on each control, its reasons, status and owner. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/catalog.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/library.h"
#include "isms/risk.h"
#include "isms/selection.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "model.h"
#include "selection-int.h"
#include "vec.h"

static const struct {
	const char *code;
	const char *label;
} decisions[] = {
	[SEL_UNDECIDED] = { "undecided", N_("no decision") },
	[SEL_APPLICABLE] = { "applicable", N_("applicable") },
	[SEL_EXCLUDED] = { "excluded", N_("excluded") },
};

static const struct {
	const char *code;
	const char *label;
} statuses[SEL_STATUS_COUNT] = {
	[SEL_NOT_STARTED] = { "not_started", N_("not started") },
	[SEL_PLANNED] = { "planned", N_("planned") },
	[SEL_PARTIAL] = { "partial", N_("partly implemented") },
	[SEL_IMPLEMENTED] = { "implemented", N_("implemented") },
};

static const struct {
	enum sel_reason bit;
	const char *code;
	const char *label;
} reasons[] = {
	{ SEL_REASON_RISK, "risk", N_("risk treatment") },
	{ SEL_REASON_LEGAL, "legal", N_("legal or regulatory requirement") },
	{ SEL_REASON_CONTRACT, "contract", N_("contractual requirement") },
	{ SEL_REASON_BUSINESS, "business", N_("business need or good practice") },
};

#define NREASONS (sizeof(reasons) / sizeof(reasons[0]))

const char *sel_decision_code(enum sel_decision d)
{
	return decisions[d].code;
}

const char *sel_decision_label(enum sel_decision d)
{
	return T_(decisions[d].label);
}

const char *sel_status_code(enum sel_status s)
{
	return statuses[s].code;
}

const char *sel_status_label(enum sel_status s)
{
	return T_(statuses[s].label);
}

bool sel_status_parse(const char *s, enum sel_status *ret)
{
	for (int i = 0; i < SEL_STATUS_COUNT; i++) {
		if (s && !strcmp(s, statuses[i].code)) {
			*ret = (enum sel_status)i;
			return true;
		}
	}
	return false;
}

const char *sel_reason_code(enum sel_reason r)
{
	for (size_t i = 0; i < NREASONS; i++)
		if (reasons[i].bit == r)
			return reasons[i].code;
	return "";
}

const char *sel_reason_label(enum sel_reason r)
{
	for (size_t i = 0; i < NREASONS; i++)
		if (reasons[i].bit == r)
			return T_(reasons[i].label);
	return "";
}

bool sel_reason_parse(const char *s, enum sel_reason *ret)
{
	for (size_t i = 0; i < NREASONS; i++) {
		if (s && !strcmp(s, reasons[i].code)) {
			*ret = reasons[i].bit;
			return true;
		}
	}
	return false;
}

char *sel_reasons_text(struct arena *a, unsigned bits, bool labels)
{
	struct sbuf sb = SBUF_INIT;
	char *s;

	for (size_t i = 0; i < NREASONS; i++) {
		if (!(bits & reasons[i].bit))
			continue;
		if (sb.len)
			sbuf_addstr(&sb, ", ");
		sbuf_addstr(&sb, labels ? T_(reasons[i].label) : reasons[i].code);
	}
	s = arena_strdup(a, sb.buf);
	sbuf_release(&sb);
	return s;
}

const char *sel_review_text(struct arena *a, const char *review)
{
	if (!review || !*review)
		return "";
	if (!strcmp(review, "new"))
		return _("new in this edition: decide whether it applies");
	if (!strncmp(review, "undecided:", 10))
		return arena_printf(a, _("its predecessors (%s) had no decision"), review + 10);
	if (!strncmp(review, "conflict:", 9))
		return arena_printf(a, _("conflicting decisions before the transition: %s"), review + 9);
	if (!strncmp(review, "risks:", 6))
		return arena_printf(a, _("was excluded, but the treatment of %s now uses it"), review + 6);
	return review;
}

static enum sel_decision decision_parse(const char *s)
{
	if (!strcmp(s, "applicable"))
		return SEL_APPLICABLE;
	if (!strcmp(s, "excluded"))
		return SEL_EXCLUDED;
	return SEL_UNDECIDED;
}

/* --- shared with the SoA, the authorisation and the transition ---------------- */

enum isms_rc sel_isms_info(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			   int *ret_edition, const char **ret_org, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, "SELECT edition, org FROM isms WHERE id = $1", err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return isms_err_set(err, ISMS_ENOTFOUND, _("no ISMS with id %lld"), (long long)isms_id);
	*ret_edition = (int)stmt_int(q, 0);
	if (ret_org)
		*ret_org = arena_strdup(a, stmt_text(q, 1));
	stmt_run(q, err);
	return ISMS_OK;
}

struct link_pair {
	const char *control, *risk;
};

static int cmp_pair(const void *x, const void *y)
{
	const struct link_pair *p = x, *q = y;
	int c = strcmp(p->control, q->control);

	return c ? c : strcmp(p->risk, q->risk);
}

enum isms_rc sel_load_links(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			    struct sel_links *ret, struct isms_err *err)
{
	struct risk_control_link *links;
	struct link_pair *pairs;
	size_t n;
	enum isms_rc rc;

	memset(ret, 0, sizeof(*ret));
	rc = risk_control_links(ctx, a, isms_id, &links, &n, err);
	if (rc)
		return rc;
	pairs = arena_alloc(a, (n ? n : 1) * sizeof(*pairs));
	for (size_t i = 0; i < n; i++) {
		pairs[i].control = links[i].control_id;
		pairs[i].risk = links[i].risk_code;
	}
	if (n > 1)
		qsort(pairs, n, sizeof(*pairs), cmp_pair);
	/* At most one group per pair. */
	ret->ids = arena_alloc(a, (n ? n : 1) * sizeof(*ret->ids));
	ret->codes = arena_alloc(a, (n ? n : 1) * sizeof(*ret->codes));
	ret->counts = arena_alloc(a, (n ? n : 1) * sizeof(*ret->counts));
	for (size_t i = 0; i < n;) {
		struct sbuf sb = SBUF_INIT;
		size_t j = i, count = 0;

		for (; j < n && !strcmp(pairs[j].control, pairs[i].control); j++) {
			if (j > i && !strcmp(pairs[j].risk, pairs[j - 1].risk))
				continue;
			if (sb.len)
				sbuf_addstr(&sb, ", ");
			sbuf_addstr(&sb, pairs[j].risk);
			count++;
		}
		ret->ids[ret->n] = pairs[i].control;
		ret->codes[ret->n] = arena_strdup(a, sb.buf);
		ret->counts[ret->n] = count;
		ret->n++;
		sbuf_release(&sb);
		i = j;
	}
	return ISMS_OK;
}

const char *sel_links_of(const struct sel_links *l, const char *id, size_t *ret_n)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(l->ids[mid], id);

		if (c == 0) {
			if (ret_n)
				*ret_n = l->counts[mid];
			return l->codes[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (ret_n)
		*ret_n = 0;
	return NULL;
}

/* --- rows ----------------------------------------------------------------- */

struct row {
	bool exists;
	bool additional;
	const char *title;
	enum sel_decision decision;
	unsigned reasons; /* stored ones only */
	const char *justification;
	enum sel_status status;
	const char *owner;
	const char *impl_ref;
	const char *review;
	const char *updated_at;
	const char *updated_by;
};

#define ROW_COLUMNS \
	"control_id, additional, title, decision, reason_legal, reason_contract, reason_business," \
	" justification, status, owner, impl_ref, review, updated_at, updated_by"

static void read_row(struct stmt *q, struct arena *a, struct row *r)
{
	r->exists = true;
	r->additional = stmt_int(q, 1) != 0;
	r->title = arena_strdup(a, stmt_text(q, 2));
	r->decision = decision_parse(stmt_text(q, 3));
	r->reasons = (stmt_int(q, 4) ? SEL_REASON_LEGAL : 0) |
		     (stmt_int(q, 5) ? SEL_REASON_CONTRACT : 0) |
		     (stmt_int(q, 6) ? SEL_REASON_BUSINESS : 0);
	r->justification = arena_strdup(a, stmt_text(q, 7));
	r->status = SEL_NOT_STARTED;
	sel_status_parse(stmt_text(q, 8), &r->status);
	r->owner = arena_strdup(a, stmt_text(q, 9));
	r->impl_ref = arena_strdup(a, stmt_text(q, 10));
	r->review = arena_strdup(a, stmt_text(q, 11));
	r->updated_at = arena_strdup(a, stmt_text(q, 12));
	r->updated_by = arena_strdup(a, stmt_text(q, 13));
}

static enum isms_rc get_row(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			    const char *id, struct row *r, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT " ROW_COLUMNS " FROM control_selection"
				     " WHERE isms_id = $1 AND control_id = $2",
				     err);
	int rr;

	memset(r, 0, sizeof(*r));
	r->title = r->justification = r->owner = r->impl_ref = r->review = "";
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, id);
	rr = stmt_next(q, err);
	if (rr < 0)
		return err->code;
	if (rr > 0) {
		read_row(q, a, r);
		stmt_run(q, err);
	}
	return ISMS_OK;
}

static json_t *row_json(const char *id, const struct row *r)
{
	json_t *o = json_object();
	struct arena a = ARENA_INIT;

	json_set_str(o, "control", id);
	if (r->additional) {
		json_set_bool(o, "additional", 1);
		json_set_str(o, "title", r->title);
	}
	json_set_str(o, "decision", sel_decision_code(r->decision));
	json_set_str(o, "reasons", sel_reasons_text(&a, r->reasons, false));
	json_set_str(o, "justification", r->justification);
	json_set_str(o, "status", sel_status_code(r->status));
	json_set_str(o, "owner", r->owner);
	json_set_str(o, "impl_ref", r->impl_ref);
	if (*r->review)
		json_set_str(o, "review", r->review);
	arena_release(&a);
	return o;
}

static enum isms_rc put_row(struct isms_ctx *ctx, int64_t isms_id, const char *id,
			    const struct row *before, const struct row *r, struct isms_err *err)
{
	char now[ISMS_TIME_LEN];
	struct stmt *q;
	json_t *b, *after;
	enum isms_rc rc;

	isms_time_now(now);
	q = store_query(ctx->st,
			"INSERT INTO control_selection (isms_id, control_id, additional, title, decision,"
			" reason_legal, reason_contract, reason_business, justification, status, owner,"
			" impl_ref, review, updated_at, updated_by)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
			" ON CONFLICT (isms_id, control_id) DO UPDATE SET additional = excluded.additional,"
			" title = excluded.title, decision = excluded.decision,"
			" reason_legal = excluded.reason_legal, reason_contract = excluded.reason_contract,"
			" reason_business = excluded.reason_business, justification = excluded.justification,"
			" status = excluded.status, owner = excluded.owner, impl_ref = excluded.impl_ref,"
			" review = excluded.review, updated_at = excluded.updated_at,"
			" updated_by = excluded.updated_by",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, id);
	stmt_bind_int(q, 3, r->additional);
	stmt_bind_text(q, 4, r->title);
	stmt_bind_text(q, 5, sel_decision_code(r->decision));
	stmt_bind_int(q, 6, (r->reasons & SEL_REASON_LEGAL) != 0);
	stmt_bind_int(q, 7, (r->reasons & SEL_REASON_CONTRACT) != 0);
	stmt_bind_int(q, 8, (r->reasons & SEL_REASON_BUSINESS) != 0);
	stmt_bind_text(q, 9, r->justification);
	stmt_bind_text(q, 10, sel_status_code(r->status));
	stmt_bind_text(q, 11, r->owner);
	stmt_bind_text(q, 12, r->impl_ref);
	stmt_bind_text(q, 13, r->review);
	stmt_bind_text(q, 14, now);
	stmt_bind_text(q, 15, ctx->actor);
	rc = stmt_run(q, err);
	if (rc)
		return rc;
	b = before->exists ? row_json(id, before) : NULL;
	after = row_json(id, r);
	rc = model_audit(ctx, isms_id, "control_selection", id, before->exists ? "update" : "create",
			 b, after, err);
	json_decref(b);
	json_decref(after);
	return rc;
}

/* --- checks --------------------------------------------------------------- */

static enum isms_rc check_update(const struct sel_update *u, struct isms_err *err)
{
	enum isms_rc rc = ISMS_OK;

	if (u->status < -1 || u->status >= SEL_STATUS_COUNT)
		return isms_err_set(err, ISMS_EINVAL, _("unknown implementation status"));
	if ((u->reasons_add | u->reasons_drop) & ~(unsigned)SEL_REASONS_STORED) {
		isms_err_set(err, ISMS_EINVAL, _("the reason \"risk treatment\" cannot be set by hand"));
		isms_err_detail(err, _("It follows from the risk treatments that use the control."));
		isms_err_field(err, "reason");
		return ISMS_EINVAL;
	}
	if (u->owner && *u->owner)
		rc = isms_check_text(u->owner, SEL_OWNER_MAX, "owner", err);
	if (!rc && u->impl_ref)
		rc = isms_check_textblock(u->impl_ref, SEL_REF_MAX, "impl_ref", err);
	if (!rc && u->justification)
		rc = isms_check_textblock(u->justification, SEL_JUSTIFICATION_MAX, "justification", err);
	if (!rc && u->title)
		rc = isms_check_text(u->title, SEL_TITLE_MAX, "title", err);
	return rc;
}

/* An additional control's id: letters, digits and ". _ -", not an Annex A id. */
static enum isms_rc check_new_id(const struct catalog *cat, const char *id, struct isms_err *err)
{
	size_t len = strlen(id);
	bool ok = len > 0 && len <= SEL_ID_MAX;

	for (const char *p = id; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		     strchr("._-", *p);
	if (!ok) {
		isms_err_set(err, ISMS_EINVAL, _("invalid control id \"%s\""), id);
		isms_err_detail(err, _("An additional control's id has 1 to %d characters: letters, digits, \".\", \"_\" and \"-\"."),
				SEL_ID_MAX);
		isms_err_field(err, "control");
		return ISMS_EINVAL;
	}
	if (catalog_find(cat, id)) {
		isms_err_set(err, ISMS_EEXIST, _("\"%s\" is an Annex A control, not an additional one"), id);
		isms_err_hint(err, _("Select it without --additional."));
		isms_err_field(err, "control");
		return ISMS_EEXIST;
	}
	return ISMS_OK;
}

static enum isms_rc unknown_control(struct isms_err *err, const char *id, int edition)
{
	isms_err_set(err, ISMS_ENOTFOUND, _("unknown control \"%s\" in ISO/IEC 27001:%d"), id, edition);
	isms_err_hint(err, _("\"isms control list\" lists the controls of the ISMS's edition; add a control outside Annex A with \"isms control select --additional --title TITLE ID\"."));
	isms_err_field(err, "control");
	return ISMS_ENOTFOUND;
}

/* "R-001, R-002, … and 12 more" for messages. */
static const char *short_list(struct arena *a, const char *codes, size_t n)
{
	const char *p = codes;
	size_t shown = 0;

	if (n <= 10)
		return codes;
	for (; *p && shown < 10; p++)
		if (*p == ',')
			shown++;
	return arena_printf(a, _("%.*s and %zu more"), (int)(p - codes - 1), codes, n - 10);
}

enum op {
	OP_SELECT,
	OP_ADD,
	OP_EXCLUDE,
	OP_SET,
	OP_REMOVE,
};

static enum isms_rc apply_one(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			      const struct catalog *cat, const struct sel_links *links,
			      const char *id, enum op op, const struct sel_update *u,
			      struct isms_err *err)
{
	const struct catalog_item *it = catalog_find(cat, id);
	struct row before, r;
	size_t nrisks;
	const char *risks;
	struct stmt *q;
	enum isms_rc rc;

	/* "a.5.1" is A.5.1. */
	for (size_t i = 0; !it && op != OP_ADD && i < cat->nitems; i++)
		if (!strcasecmp(cat->items[i].id, id))
			it = &cat->items[i];
	if (it)
		id = it->id;
	risks = sel_links_of(links, id, &nrisks);

	if (it && it->kind != CAT_CONTROL) {
		isms_err_set(err, ISMS_EINVAL, _("\"%s\" is not a control but a %s"), id,
			     catalog_kind_code(it->kind));
		isms_err_field(err, "control");
		return ISMS_EINVAL;
	}
	rc = get_row(ctx, a, isms_id, id, &before, err);
	if (rc)
		return rc;
	if (op == OP_ADD) {
		rc = check_new_id(cat, id, err);
		if (rc)
			return rc;
		if (before.exists) {
			isms_err_set(err, ISMS_EEXIST, _("the additional control \"%s\" already exists"), id);
			isms_err_hint(err, _("Change it with \"isms control set\"."));
			isms_err_field(err, "control");
			return ISMS_EEXIST;
		}
		if (!u->title || !*u->title) {
			isms_err_set(err, ISMS_EINVAL, _("the additional control \"%s\" needs a title"), id);
			isms_err_hint(err, _("Give it with --title TEXT."));
			isms_err_field(err, "title");
			return ISMS_EINVAL;
		}
	} else if (!it && !(before.exists && before.additional)) {
		return unknown_control(err, id, cat->edition);
	}
	if (op == OP_REMOVE) {
		if (!before.additional) {
			isms_err_set(err, ISMS_EINVAL, _("\"%s\" is an Annex A control and cannot be removed"), id);
			isms_err_hint(err, _("Exclude it with a justification instead."));
			isms_err_field(err, "control");
			return ISMS_EINVAL;
		}
		if (risks) {
			isms_err_set(err, ISMS_ESTATE, _("control \"%s\" is used by the treatment of %s"), id,
				     short_list(a, risks, nrisks));
			isms_err_hint(err, _("Change the treatment of those risks first."));
			isms_err_field(err, "control");
			return ISMS_ESTATE;
		}
		q = store_query(ctx->st, "DELETE FROM control_selection WHERE isms_id = $1 AND control_id = $2",
				err);
		if (!q)
			return err->code;
		stmt_bind_int(q, 1, isms_id);
		stmt_bind_text(q, 2, id);
		rc = stmt_run(q, err);
		if (!rc) {
			json_t *b = row_json(id, &before);

			rc = model_audit(ctx, isms_id, "control_selection", id, "delete", b, NULL, err);
			json_decref(b);
		}
		return rc;
	}
	if (op == OP_SET && (!before.exists || before.decision == SEL_UNDECIDED)) {
		isms_err_set(err, ISMS_ESTATE, _("control \"%s\" has no decision yet"), id);
		isms_err_hint(err, _("Select it with \"isms control select\" or exclude it with \"isms control exclude\" first."));
		isms_err_field(err, "control");
		return ISMS_ESTATE;
	}

	r = before;
	if (op == OP_ADD) {
		r.additional = true;
		r.status = SEL_NOT_STARTED;
	}
	if (u->title && (op == OP_ADD || r.additional))
		r.title = u->title;
	r.reasons = (r.reasons | u->reasons_add) & ~u->reasons_drop;
	if (u->status >= 0)
		r.status = (enum sel_status)u->status;
	if (u->owner)
		r.owner = u->owner;
	if (u->impl_ref)
		r.impl_ref = u->impl_ref;
	if (op == OP_SELECT || op == OP_ADD) {
		r.decision = SEL_APPLICABLE;
		r.review = "";
	} else if (op == OP_EXCLUDE) {
		if (r.additional) {
			isms_err_set(err, ISMS_EINVAL, _("the additional control \"%s\" cannot be excluded"), id);
			isms_err_hint(err, _("Remove it with \"isms control remove\"."));
			isms_err_field(err, "control");
			return ISMS_EINVAL;
		}
		if (risks) {
			isms_err_set(err, ISMS_ESTATE, _("control \"%s\" cannot be excluded: the treatment of %s uses it"),
				     id, short_list(a, risks, nrisks));
			isms_err_detail(err, _("A control chosen to treat a risk applies to the ISMS."));
			isms_err_hint(err, _("Change the treatment of those risks first, or keep the control applicable."));
			isms_err_field(err, "control");
			return ISMS_ESTATE;
		}
		r.decision = SEL_EXCLUDED;
		r.justification = u->justification ? u->justification : "";
		r.review = "";
	} else if (u->justification) {
		r.justification = u->justification;
	}
	if (r.decision == SEL_EXCLUDED && !*r.justification) {
		isms_err_set(err, ISMS_EINVAL, _("the exclusion of \"%s\" needs a justification"), id);
		isms_err_detail(err, _("The Statement of Applicability must say why each excluded control does not apply."));
		isms_err_hint(err, _("Give it with --justification TEXT."));
		isms_err_field(err, "justification");
		return ISMS_EINVAL;
	}
	if (r.decision == SEL_APPLICABLE && !r.reasons && !risks) {
		isms_err_set(err, ISMS_EINVAL, _("control \"%s\" has no reason for inclusion"), id);
		isms_err_detail(err, _("No risk treatment uses it, and no legal, contractual or business reason was given."));
		isms_err_hint(err, _("Give one with --reason legal, --reason contract or --reason business."));
		isms_err_field(err, "reason");
		return ISMS_EINVAL;
	}
	return put_row(ctx, isms_id, id, &before, &r, err);
}

static enum isms_rc apply(struct isms_ctx *ctx, int64_t isms_id, const char *const *ids,
			  size_t n, enum op op, const struct sel_update *u, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct sel_links links;
	const struct catalog *cat;
	enum isms_rc rc;
	int edition;

	if (n == 0)
		return isms_err_set(err, ISMS_EINVAL, _("no control given"));
	if (n > SEL_BULK_MAX) {
		isms_err_set(err, ISMS_ELIMIT, _("too many controls in one operation"));
		isms_err_detail(err, _("%zu were given; the limit is %d."), n, SEL_BULK_MAX);
		return ISMS_ELIMIT;
	}
	if (u) {
		rc = check_update(u, err);
		if (rc)
			return rc;
	}
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = sel_isms_info(ctx, &a, isms_id, &edition, NULL, err);
	if (rc)
		goto out;
	cat = catalog_builtin(edition);
	rc = sel_load_links(ctx, &a, isms_id, &links, err);
	for (size_t i = 0; !rc && i < n; i++)
		rc = apply_one(ctx, &a, isms_id, cat, &links, ids[i], op, u, err);
out:
	rc = store_end(ctx->st, rc, err);
	arena_release(&a);
	return rc;
}

enum isms_rc selection_select(struct isms_ctx *ctx, int64_t isms_id, const char *const *ids,
			      size_t n, bool additional, const struct sel_update *u,
			      struct isms_err *err)
{
	return apply(ctx, isms_id, ids, n, additional ? OP_ADD : OP_SELECT, u, err);
}

enum isms_rc selection_exclude(struct isms_ctx *ctx, int64_t isms_id, const char *const *ids,
			       size_t n, const struct sel_update *u, struct isms_err *err)
{
	if (!u->justification || !*u->justification) {
		isms_err_set(err, ISMS_EINVAL, _("an exclusion needs a justification"));
		isms_err_detail(err, _("The Statement of Applicability must say why each excluded control does not apply."));
		isms_err_hint(err, _("Give it with --justification TEXT."));
		isms_err_field(err, "justification");
		return ISMS_EINVAL;
	}
	return apply(ctx, isms_id, ids, n, OP_EXCLUDE, u, err);
}

enum isms_rc selection_set(struct isms_ctx *ctx, int64_t isms_id, const char *const *ids,
			   size_t n, const struct sel_update *u, struct isms_err *err)
{
	return apply(ctx, isms_id, ids, n, OP_SET, u, err);
}

enum isms_rc selection_remove(struct isms_ctx *ctx, int64_t isms_id, const char *const *ids,
			      size_t n, struct isms_err *err)
{
	struct sel_update u = SEL_UPDATE_INIT;

	return apply(ctx, isms_id, ids, n, OP_REMOVE, &u, err);
}

/* --- reading ---------------------------------------------------------------- */

struct stored {
	const char *id;
	struct row r;
};

static int cmp_stored(const void *x, const void *y)
{
	return strcmp(((const struct stored *)x)->id, ((const struct stored *)y)->id);
}

static enum isms_rc read_all(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			     struct stored **ret, size_t *ret_n, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT " ROW_COLUMNS " FROM control_selection WHERE isms_id = $1"
				     " ORDER BY control_id",
				     err);
	struct stored *rows = NULL;
	size_t n = 0, alloc = 0;
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		rows = arena_vec_grow(a, rows, n, &alloc, n + 1, sizeof(*rows));
		rows[n].id = arena_strdup(a, stmt_text(q, 0));
		read_row(q, a, &rows[n].r);
		n++;
	}
	if (r < 0)
		return err->code;
	/* SQL text order may follow another collation; bsearch needs strcmp's. */
	if (n > 1)
		qsort(rows, n, sizeof(*rows), cmp_stored);
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

static void fill(struct control_sel *c, const struct row *r, const struct sel_links *links)
{
	c->decision = r ? r->decision : SEL_UNDECIDED;
	c->reasons = r ? r->reasons : 0;
	c->justification = r ? r->justification : "";
	c->status = r ? r->status : SEL_NOT_STARTED;
	c->owner = r ? r->owner : "";
	c->impl_ref = r ? r->impl_ref : "";
	c->review = r ? r->review : "";
	c->updated_at = r ? r->updated_at : NULL;
	c->updated_by = r ? r->updated_by : NULL;
	c->risks = sel_links_of(links, c->control_id, &c->nrisks);
	if (c->risks)
		c->reasons |= SEL_REASON_RISK;
	else
		c->risks = "";
}

/* Every control with its decision; with `risks`, also the treated risks
 * that use it (and the reason they give), which means reading every link
 * between controls and risks. */
static enum isms_rc list_rows(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, bool risks,
			      struct control_sel **ret, size_t *ret_n, struct isms_err *err)
{
	const struct catalog *cat;
	struct sel_links links;
	struct stored *st = NULL;
	struct control_sel *rows;
	size_t nst = 0, n = 0;
	enum isms_rc rc;
	int edition;

	memset(&links, 0, sizeof(links));
	rc = sel_isms_info(ctx, a, isms_id, &edition, NULL, err);
	if (!rc)
		rc = read_all(ctx, a, isms_id, &st, &nst, err);
	if (!rc && risks)
		rc = sel_load_links(ctx, a, isms_id, &links, err);
	if (rc)
		return rc;
	cat = catalog_builtin(edition);
	rows = arena_zalloc(a, (cat->nitems + nst + 1) * sizeof(*rows));
	for (size_t i = 0; i < cat->nitems; i++) {
		const struct catalog_item *it = &cat->items[i];
		const struct catalog_item *sec;
		struct stored key = { .id = it->id }, *found;
		struct control_sel *c;

		if (it->kind != CAT_CONTROL)
			continue;
		c = &rows[n++];
		sec = catalog_find(cat, it->parent);
		found = nst ? bsearch(&key, st, nst, sizeof(*st), cmp_stored) : NULL;
		c->control_id = it->id;
		c->additional = false;
		c->title = catalog_item_title(it);
		c->title_en = it->title_en;
		c->title_ja = it->title_ja;
		c->section_id = it->parent;
		c->section_en = sec ? sec->title_en : "";
		c->section_ja = sec ? sec->title_ja : "";
		fill(c, found ? &found->r : NULL, &links);
	}
	for (size_t i = 0; i < nst; i++) {
		struct control_sel *c;

		if (!st[i].r.additional)
			continue;
		c = &rows[n++];
		c->control_id = st[i].id;
		c->additional = true;
		c->title = c->title_en = c->title_ja = st[i].r.title;
		c->section_id = c->section_en = c->section_ja = "";
		fill(c, &st[i].r, &links);
	}
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

enum isms_rc selection_list(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			    struct control_sel **ret, size_t *ret_n, struct isms_err *err)
{
	return list_rows(ctx, a, isms_id, true, ret, ret_n, err);
}

enum isms_rc selection_counts(struct isms_ctx *ctx, int64_t isms_id, struct sel_counts *ret,
			      struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct control_sel *rows;
	size_t n;
	enum isms_rc rc;

	/* the links to risks change no decision: not read */
	memset(ret, 0, sizeof(*ret));
	rc = list_rows(ctx, &a, isms_id, false, &rows, &n, err);
	for (size_t i = 0; !rc && i < n; i++) {
		ret->decided += rows[i].decision != SEL_UNDECIDED;
		ret->unjustified += rows[i].decision == SEL_EXCLUDED && !*rows[i].justification;
	}
	if (!rc)
		ret->total = n;
	arena_release(&a);
	return rc;
}

enum isms_rc selection_facts(struct isms_ctx *ctx, int64_t isms_id, int edition,
			     struct status_facts *f, struct isms_err *err)
{
	struct sel_counts c;
	enum isms_rc rc;

	(void)edition;
	rc = selection_counts(ctx, isms_id, &c, err);
	if (!rc) {
		f->controls_total = (long)c.total;
		f->controls_decided = (long)c.decided;
		f->exclusions_unjustified = (long)c.unjustified;
	}
	return rc;
}

/* --- suggestions ------------------------------------------------------------ */

struct sugg_acc {
	const char *id;
	struct sbuf risks, via;
	size_t nrisks;
	const struct risk *last; /* risks come one at a time: no search needed */
};

static void add_unique(struct sbuf *sb, const char *item)
{
	const char *p = sb->buf;
	size_t len = strlen(item);

	while ((p = strstr(p, item))) {
		if ((p == sb->buf || p[-1] == ' ') && (p[len] == ',' || p[len] == '\0'))
			return;
		p += len;
	}
	if (sb->len)
		sbuf_addstr(sb, ", ");
	sbuf_addstr(sb, item);
}

static int cmp_sugg(const void *x, const void *y)
{
	const struct sel_suggestion *p = x, *q = y;

	if (p->nrisks != q->nrisks)
		return p->nrisks > q->nrisks ? -1 : 1;
	return 0;
}

/* Every control id of a comma-separated list is offered for risk `r`. */
static void offer(struct sugg_acc *acc, size_t nacc, const char *list, const struct risk *r,
		  const char *via)
{
	const char *p = list;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		for (size_t i = 0; i < nacc; i++) {
			if (strlen(acc[i].id) != len || strncmp(acc[i].id, p, len))
				continue;
			if (acc[i].last != r) {
				if (acc[i].risks.len)
					sbuf_addstr(&acc[i].risks, ", ");
				sbuf_addstr(&acc[i].risks, r->code);
				acc[i].nrisks++;
				acc[i].last = r;
			}
			add_unique(&acc[i].via, via);
		}
		p = end ? end + 1 : NULL;
	}
}

enum isms_rc selection_suggest(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       struct sel_suggestion **ret, size_t *ret_n, struct isms_err *err)
{
	struct risk_filter f = RISK_FILTER_INIT;
	struct control_sel *sel;
	struct sugg_acc *acc;
	struct library lib;
	struct risk *risks;
	size_t nsel, nrisks, total, n = 0;
	struct sel_suggestion *out;
	enum isms_rc rc;
	int edition;

	rc = sel_isms_info(ctx, a, isms_id, &edition, NULL, err);
	if (!rc)
		rc = selection_list(ctx, a, isms_id, &sel, &nsel, err);
	if (!rc)
		rc = library_load(ctx, a, isms_id, &lib, err);
	if (!rc)
		rc = risk_list(ctx, a, isms_id, &f, &risks, &nrisks, &total, err);
	if (rc)
		return rc;
	acc = xcalloc(nsel ? nsel : 1, sizeof(*acc));
	for (size_t i = 0; i < nsel; i++) {
		acc[i].id = sel[i].control_id;
		sbuf_init(&acc[i].risks, 0);
		sbuf_init(&acc[i].via, 0);
	}
	/* The controls the library links to the threat and the weakness of
	 * every risk being reduced or transferred. */
	for (size_t i = 0; i < nrisks; i++) {
		const struct risk *r = &risks[i];
		const struct lib_threat *t;
		const struct lib_vuln *v;

		if (r->treatment != RISK_TREAT_REDUCE && r->treatment != RISK_TREAT_TRANSFER)
			continue;
		t = library_find_threat(&lib, r->threat);
		v = library_find_vuln(&lib, r->vuln);
		if (t)
			offer(acc, nsel, lib_threat_controls(t, edition), r, t->code);
		if (v)
			offer(acc, nsel, lib_vuln_controls(v, edition), r, v->code);
	}
	out = arena_zalloc(a, (nsel ? nsel : 1) * sizeof(*out));
	for (size_t i = 0; i < nsel; i++) {
		if (acc[i].nrisks) {
			out[n].control_id = sel[i].control_id;
			out[n].title = sel[i].title;
			out[n].decision = sel[i].decision;
			out[n].risks = arena_strdup(a, acc[i].risks.buf);
			out[n].via = arena_strdup(a, acc[i].via.buf);
			out[n].nrisks = acc[i].nrisks;
			n++;
		}
		sbuf_release(&acc[i].risks);
		sbuf_release(&acc[i].via);
	}
	free(acc);
	/* Stable: equal counts keep the standard's order. */
	for (size_t i = 1; i < n; i++) {
		struct sel_suggestion tmp = out[i];
		size_t j = i;

		while (j > 0 && cmp_sugg(&out[j - 1], &tmp) > 0) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = tmp;
	}
	*ret = out;
	*ret_n = n;
	return ISMS_OK;
}
