/* transition.c - moving an ISMS to the 2022 edition: decisions, risk treatments and a report of every change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/catalog.h"
#include "isms/i18n.h"
#include "isms/json.h"
#include "isms/mapping.h"
#include "isms/risk.h"
#include "isms/selection.h"
#include "isms/transition.h"
#include "isms/util.h"
#include "model.h"
#include "selection-int.h"
#include "vec.h"

static const struct {
	const char *code;
	const char *label;
} kinds[TR_KIND_COUNT] = {
	[TR_CARRIED] = { "carried", N_("carried over") },
	[TR_MERGED] = { "merged", N_("merged: decisions agree, reasons combined") },
	[TR_SPLIT] = { "split", N_("split: the decision applies to each part") },
	[TR_CONFLICT] = { "conflict", N_("merged with conflicting decisions: needs a decision") },
	[TR_NEW] = { "new", N_("new in this edition: needs a decision") },
	[TR_UNDECIDED] = { "undecided", N_("no decision to carry over: needs a decision") },
	[TR_REMOVED] = { "removed", N_("no successor: the decision is dropped") },
	[TR_RISKS] = { "risks", N_("risk treatments now use the successors") },
	[TR_ADDITIONAL] = { "additional", N_("additional control, kept") },
};

const char *tr_kind_code(enum tr_kind k)
{
	return kinds[k].code;
}

const char *tr_kind_label(enum tr_kind k)
{
	return T_(kinds[k].label);
}

static bool tr_kind_parse(const char *s, enum tr_kind *ret)
{
	for (int k = 0; k < TR_KIND_COUNT; k++) {
		if (!strcmp(s, kinds[k].code)) {
			*ret = (enum tr_kind)k;
			return true;
		}
	}
	return false;
}

/* One control's decision while converting, for one edition. */
struct dec {
	const char *id;
	bool additional;
	const char *title;
	enum sel_decision decision;
	unsigned reasons; /* stored reasons only */
	const char *justification;
	enum sel_status status;
	const char *owner;
	const char *impl_ref;
	const char *review;
};

struct decs {
	struct dec *v;
	size_t n, alloc;
};

static struct dec *find(struct decs *d, const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].id, id))
			return &d->v[i];
	return NULL;
}

static struct dec *add(struct arena *a, struct decs *d, const char *id)
{
	struct dec *x;

	d->v = arena_vec_grow(a, d->v, d->n, &d->alloc, d->n + 1, sizeof(*d->v));
	x = &d->v[d->n++];
	memset(x, 0, sizeof(*x));
	x->id = id;
	x->title = x->justification = x->owner = x->impl_ref = x->review = "";
	return x;
}

static void add_change(struct arena *a, struct tr_step *s, size_t *alloc, enum tr_kind k,
		       const char *from, const char *to, const char *decision, const char *detail)
{
	s->changes = arena_vec_grow(a, s->changes, s->n, alloc, s->n + 1, sizeof(*s->changes));
	s->changes[s->n++] = (struct tr_change){ k, arena_strdup(a, from), arena_strdup(a, to),
						  arena_strdup(a, decision), arena_strdup(a, detail) };
	s->count[k]++;
}

/* Append `item` to a ", "- (or `sep`-) separated list unless it is there. */
static void join_unique(struct sbuf *sb, const char *item, const char *sep)
{
	const char *p = sb->buf;
	size_t len = strlen(item), seplen = strlen(sep);

	if (!*item)
		return;
	while ((p = strstr(p, item))) {
		bool start = p == sb->buf || (p - sb->buf >= (long)seplen &&
					      !strncmp(p - seplen, sep, seplen));
		bool end = p[len] == '\0' || !strncmp(p + len, sep, seplen);

		if (start && end)
			return;
		p += len;
	}
	if (sb->len)
		sbuf_addstr(sb, sep);
	sbuf_addstr(sb, item);
}

/* One step between editions: the new edition's decisions from the old's. */
static void convert(struct arena *a, const struct catalog *to_cat, const struct mapping *back,
		    const struct mapping *fwd, struct decs *old, struct decs *out,
		    struct tr_step *s, size_t *alloc)
{
	struct sbuf from = SBUF_INIT, detail = SBUF_INIT, owner = SBUF_INIT, ref = SBUF_INIT,
		    just = SBUF_INIT;

	for (size_t i = 0; i < to_cat->nitems; i++) {
		const struct catalog_item *it = &to_cat->items[i];
		const struct map_link *links[16];
		size_t nl, napp = 0, nexc = 0, nsrc = 0;
		struct dec *x;
		bool split = false;

		if (it->kind != CAT_CONTROL)
			continue;
		nl = mapping_lookup(back, it->id, links, 16);
		if (nl > 16)
			nl = 16;
		x = add(a, out, it->id);
		sbuf_reset(&from);
		sbuf_reset(&detail);
		sbuf_reset(&owner);
		sbuf_reset(&ref);
		sbuf_reset(&just);
		x->status = SEL_IMPLEMENTED;
		for (size_t k = 0; k < nl; k++) {
			const struct map_link *l = links[k];
			const struct map_link *onward[16];
			struct dec *o;

			if (!*l->to)
				continue;
			nsrc++;
			join_unique(&from, l->to, ", ");
			/* An old control that reaches several new ones was split. */
			if (mapping_lookup(fwd, l->to, onward, 16) > 1)
				split = true;
			o = find(old, l->to);
			if (!o || o->decision == SEL_UNDECIDED)
				continue;
			if (detail.len)
				sbuf_addstr(&detail, ", ");
			sbuf_addf(&detail, "%s=%s", o->id, sel_decision_code(o->decision));
			if (o->decision == SEL_APPLICABLE) {
				napp++;
				x->reasons |= o->reasons;
				if (o->status < x->status)
					x->status = o->status;
				join_unique(&owner, o->owner, ", ");
				join_unique(&ref, o->impl_ref, "; ");
			} else {
				nexc++;
				if (nsrc > 1 || nl > 1)
					sbuf_addf(&just, "%s%s: %s", just.len ? "\n" : "", o->id,
						  o->justification);
				else
					sbuf_addstr(&just, o->justification);
			}
		}
		if (!napp)
			x->status = SEL_NOT_STARTED;
		x->owner = arena_strdup(a, owner.buf);
		x->impl_ref = arena_strdup(a, ref.buf);
		x->justification = arena_strdup(a, just.buf);
		if (nsrc == 0) {
			x->review = "new";
			add_change(a, s, alloc, TR_NEW, "", it->id, "", "");
		} else if (!napp && !nexc) {
			x->review = arena_printf(a, "undecided:%s", from.buf);
			add_change(a, s, alloc, TR_UNDECIDED, from.buf, it->id, "", "");
		} else if (napp && nexc) {
			x->review = arena_printf(a, "conflict:%s", detail.buf);
			add_change(a, s, alloc, TR_CONFLICT, from.buf, it->id, "", detail.buf);
		} else {
			x->decision = napp ? SEL_APPLICABLE : SEL_EXCLUDED;
			if (!napp) {
				x->reasons = 0;
				x->status = SEL_NOT_STARTED;
			}
			add_change(a, s, alloc, nsrc > 1 ? TR_MERGED : split ? TR_SPLIT : TR_CARRIED,
				   from.buf, it->id, sel_decision_code(x->decision), detail.buf);
		}
	}
	/* Old controls that go nowhere. */
	for (size_t i = 0; i < old->n; i++) {
		const struct map_link *l[4];
		const struct dec *o = &old->v[i];
		size_t nl;

		if (o->additional)
			continue;
		nl = mapping_lookup(fwd, o->id, l, 4);
		if (nl == 0 || (nl == 1 && !*l[0]->to))
			add_change(a, s, alloc, TR_REMOVED, o->id, "", "",
				   arena_printf(a, "%s=%s", o->id, sel_decision_code(o->decision)));
	}
	for (size_t i = 0; i < old->n; i++) {
		if (!old->v[i].additional)
			continue;
		*add(a, out, old->v[i].id) = old->v[i];
		add_change(a, s, alloc, TR_ADDITIONAL, old->v[i].id, old->v[i].id,
			   sel_decision_code(old->v[i].decision), "");
	}
	sbuf_release(&from);
	sbuf_release(&detail);
	sbuf_release(&owner);
	sbuf_release(&ref);
	sbuf_release(&just);
}

static enum isms_rc load(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, struct decs *d,
			 struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT control_id, additional, title, decision, reason_legal,"
				     " reason_contract, reason_business, justification, status, owner,"
				     " impl_ref FROM control_selection WHERE isms_id = $1 ORDER BY control_id",
				     err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		struct dec *x = add(a, d, arena_strdup(a, stmt_text(q, 0)));
		const char *dc = stmt_text(q, 3);

		x->additional = stmt_int(q, 1) != 0;
		x->title = arena_strdup(a, stmt_text(q, 2));
		x->decision = !strcmp(dc, "applicable") ? SEL_APPLICABLE
			      : !strcmp(dc, "excluded") ? SEL_EXCLUDED : SEL_UNDECIDED;
		x->reasons = (stmt_int(q, 4) ? SEL_REASON_LEGAL : 0) |
			     (stmt_int(q, 5) ? SEL_REASON_CONTRACT : 0) |
			     (stmt_int(q, 6) ? SEL_REASON_BUSINESS : 0);
		x->justification = arena_strdup(a, stmt_text(q, 7));
		sel_status_parse(stmt_text(q, 8), &x->status);
		x->owner = arena_strdup(a, stmt_text(q, 9));
		x->impl_ref = arena_strdup(a, stmt_text(q, 10));
	}
	return r < 0 ? err->code : ISMS_OK;
}

static enum isms_rc save_decisions(struct isms_ctx *ctx, int64_t isms_id, const struct decs *d,
				   struct isms_err *err)
{
	char now[ISMS_TIME_LEN];
	struct stmt *q = store_query(ctx->st, "DELETE FROM control_selection WHERE isms_id = $1", err);
	enum isms_rc rc;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	rc = stmt_run(q, err);
	isms_time_now(now);
	for (size_t i = 0; !rc && i < d->n; i++) {
		const struct dec *x = &d->v[i];

		if (x->decision == SEL_UNDECIDED && !*x->review)
			continue;
		q = store_query(ctx->st,
				"INSERT INTO control_selection (isms_id, control_id, additional, title,"
				" decision, reason_legal, reason_contract, reason_business, justification,"
				" status, owner, impl_ref, review, updated_at, updated_by)"
				" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
				err);
		if (!q)
			return err->code;
		stmt_bind_int(q, 1, isms_id);
		stmt_bind_text(q, 2, x->id);
		stmt_bind_int(q, 3, x->additional);
		stmt_bind_text(q, 4, x->title);
		stmt_bind_text(q, 5, sel_decision_code(x->decision));
		stmt_bind_int(q, 6, (x->reasons & SEL_REASON_LEGAL) != 0);
		stmt_bind_int(q, 7, (x->reasons & SEL_REASON_CONTRACT) != 0);
		stmt_bind_int(q, 8, (x->reasons & SEL_REASON_BUSINESS) != 0);
		stmt_bind_text(q, 9, x->justification);
		stmt_bind_text(q, 10, sel_status_code(x->status));
		stmt_bind_text(q, 11, x->owner);
		stmt_bind_text(q, 12, x->impl_ref);
		stmt_bind_text(q, 13, x->review);
		stmt_bind_text(q, 14, now);
		stmt_bind_text(q, 15, ctx->actor);
		rc = stmt_run(q, err);
	}
	return rc;
}

/* Point the risk treatments at the new edition's controls, straight from
 * the first edition to the last: the IDs of 2013 and 2022 never collide,
 * nor do those of 2005 and 2022, so one pass cannot remap a control twice. */
static enum isms_rc remap_risks(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
				const struct mapping *m, bool dry_run, struct decs *cur,
				struct tr_step *s, size_t *alloc, struct isms_err *err)
{
	struct sel_links links;
	enum isms_rc rc = sel_load_links(ctx, a, isms_id, &links, err);

	for (size_t i = 0; !rc && i < links.n; i++) {
		const struct map_link *l[16];
		const char *to[16];
		size_t nl = mapping_lookup(m, links.ids[i], l, 16), nto = 0;
		struct sbuf targets = SBUF_INIT;

		for (size_t k = 0; k < nl && k < 16; k++) {
			struct dec *x;

			if (!*l[k]->to)
				continue;
			to[nto++] = l[k]->to;
			join_unique(&targets, l[k]->to, ", ");
			/* A treatment now uses a control that was excluded (its
			 * other predecessor was): that needs a decision. */
			x = find(cur, l[k]->to);
			if (x && x->decision == SEL_EXCLUDED) {
				x->decision = SEL_UNDECIDED;
				x->review = arena_printf(a, "risks:%s", links.codes[i]);
				add_change(a, s, alloc, TR_CONFLICT, links.ids[i], x->id, "",
					   arena_printf(a, "risks=%s", links.codes[i]));
			}
		}
		add_change(a, s, alloc, TR_RISKS, links.ids[i], targets.buf, "", links.codes[i]);
		sbuf_release(&targets);
		if (!dry_run)
			rc = risk_control_remap(ctx, isms_id, links.ids[i], to, nto, err);
	}
	return rc;
}

static enum isms_rc store_step(struct isms_ctx *ctx, int64_t isms_id, const struct tr_step *s,
			       struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "INSERT INTO transition (isms_id, from_edition, to_edition, at, actor)"
				     " VALUES ($1, $2, $3, $4, $5) RETURNING id",
				     err);
	enum isms_rc rc;
	int64_t id;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, s->from);
	stmt_bind_int(q, 3, s->to);
	stmt_bind_text(q, 4, s->at);
	stmt_bind_text(q, 5, ctx->actor);
	rc = stmt_insert_id(q, &id, err);
	for (size_t i = 0; !rc && i < s->n; i++) {
		const struct tr_change *c = &s->changes[i];

		q = store_query(ctx->st,
				"INSERT INTO transition_change (isms_id, transition_id, pos, kind, from_ids,"
				" to_id, decision, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
				err);
		if (!q)
			return err->code;
		stmt_bind_int(q, 1, isms_id);
		stmt_bind_int(q, 2, id);
		stmt_bind_int(q, 3, (int64_t)i);
		stmt_bind_text(q, 4, tr_kind_code(c->kind));
		stmt_bind_text(q, 5, c->from_ids);
		stmt_bind_text(q, 6, c->to_id);
		stmt_bind_text(q, 7, c->decision);
		stmt_bind_text(q, 8, c->detail);
		rc = stmt_run(q, err);
	}
	return rc;
}

enum isms_rc transition_run(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int to,
			    bool dry_run, struct tr_report *ret, struct isms_err *err)
{
	struct decs cur = { 0 };
	char now[ISMS_TIME_LEN], idbuf[32];
	size_t alloc[2] = { 0, 0 };
	struct stmt *q;
	json_t *before, *after;
	enum isms_rc rc;
	int edition;

	memset(ret, 0, sizeof(*ret));
	if (to != 2022) {
		isms_err_set(err, ISMS_EINVAL, _("cannot move to edition %d"), to);
		isms_err_detail(err, _("A transition goes to the current edition of ISO/IEC 27001, 2022."));
		isms_err_hint(err, _("Use --to 2022."));
		isms_err_field(err, "to");
		return ISMS_EINVAL;
	}
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = sel_isms_info(ctx, a, isms_id, &edition, NULL, err);
	if (rc)
		goto out;
	if (edition == to) {
		isms_err_set(err, ISMS_ESTATE, _("the ISMS is on ISO/IEC 27001:%d already"), to);
		rc = ISMS_ESTATE;
		goto out;
	}
	rc = load(ctx, a, isms_id, &cur, err);
	if (rc)
		goto out;
	isms_time_now(now);
	/* 2005 goes through 2013: decisions are merged edition by edition. */
	for (int from = edition; from != to; from = from == 2005 ? 2013 : 2022) {
		int next = from == 2005 ? 2013 : 2022;
		struct tr_step *s = &ret->steps[ret->nsteps];
		struct decs out = { 0 };

		s->from = from;
		s->to = next;
		s->at = arena_strdup(a, now);
		s->actor = arena_strdup(a, isms_ctx_actor(ctx));
		convert(a, catalog_builtin(next), mapping_builtin(next, from), mapping_builtin(from, next),
			&cur, &out, s, &alloc[ret->nsteps]);
		cur = out;
		ret->nsteps++;
	}
	/* The risks, once, from the first edition to the last. */
	rc = remap_risks(ctx, a, isms_id, mapping_builtin(edition, to), dry_run, &cur,
			 &ret->steps[ret->nsteps - 1], &alloc[ret->nsteps - 1], err);
	if (rc || dry_run)
		goto out;
	rc = save_decisions(ctx, isms_id, &cur, err);
	for (size_t i = 0; !rc && i < ret->nsteps; i++)
		rc = store_step(ctx, isms_id, &ret->steps[i], err);
	if (rc)
		goto out;
	q = store_query(ctx->st, "UPDATE isms SET edition = $1 WHERE id = $2", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, to);
	stmt_bind_int(q, 2, isms_id);
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	before = json_object();
	after = json_object();
	json_set_int(before, "edition", edition);
	json_set_int(after, "edition", to);
	for (int k = 0; k < TR_KIND_COUNT; k++) {
		size_t n = 0;

		for (size_t i = 0; i < ret->nsteps; i++)
			n += ret->steps[i].count[k];
		json_set_int(after, tr_kind_code((enum tr_kind)k), (long long)n);
	}
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)isms_id);
	rc = model_audit(ctx, isms_id, "isms", idbuf, "transition", before, after, err);
	json_decref(before);
	json_decref(after);
out:
	return store_end(ctx->st, rc, err);
}

enum isms_rc transition_last(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			     struct tr_report *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT id, from_edition, to_edition, at, actor FROM transition"
				     " WHERE isms_id = $1 AND at = (SELECT MAX(at) FROM transition"
				     " WHERE isms_id = $1) ORDER BY id",
				     err);
	int64_t ids[2];
	int r;

	memset(ret, 0, sizeof(*ret));
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		struct tr_step *s;

		if (ret->nsteps == 2)
			continue;
		s = &ret->steps[ret->nsteps];
		ids[ret->nsteps++] = stmt_int(q, 0);
		s->from = (int)stmt_int(q, 1);
		s->to = (int)stmt_int(q, 2);
		s->at = arena_strdup(a, stmt_text(q, 3));
		s->actor = arena_strdup(a, stmt_text(q, 4));
	}
	if (r < 0)
		return err->code;
	if (!ret->nsteps) {
		isms_err_set(err, ISMS_ENOTFOUND, _("this ISMS has never moved to another edition"));
		return ISMS_ENOTFOUND;
	}
	for (size_t i = 0; i < ret->nsteps; i++) {
		struct tr_step *s = &ret->steps[i];
		size_t alloc = 0;

		q = store_query(ctx->st,
				"SELECT kind, from_ids, to_id, decision, detail FROM transition_change"
				" WHERE isms_id = $1 AND transition_id = $2 ORDER BY pos",
				err);
		if (!q)
			return err->code;
		stmt_bind_int(q, 1, isms_id);
		stmt_bind_int(q, 2, ids[i]);
		while ((r = stmt_next(q, err)) > 0) {
			enum tr_kind k;

			if (!tr_kind_parse(stmt_text(q, 0), &k))
				continue;
			add_change(a, s, &alloc, k, stmt_text(q, 1), stmt_text(q, 2), stmt_text(q, 3),
				   stmt_text(q, 4));
		}
		if (r < 0)
			return err->code;
	}
	return ISMS_OK;
}
