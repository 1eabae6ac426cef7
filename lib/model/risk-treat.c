/* risk-treat.c - step 6: risk treatment, its controls, and what the SoA and the authorisation need of it. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "isms/catalog.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/method.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "risk-int.h"
#include "vec.h"

/* A list of strings being built in an arena, without duplicates. */
struct list {
	const char **v;
	size_t n, alloc;
};

static bool list_has(const struct list *l, const char *s)
{
	for (size_t k = 0; k < l->n; k++)
		if (!strcmp(l->v[k], s))
			return true;
	return false;
}

static void list_add(struct arena *a, struct list *l, const char *s)
{
	if (list_has(l, s))
		return;
	l->v = arena_vec_grow(a, l->v, l->n, &l->alloc, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = arena_strdup(a, s);
}

/* Add every control of a comma-separated list. */
static void list_add_csv(struct arena *a, struct list *l, const char *csv)
{
	for (const char *p = csv; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len)
			list_add(a, l, arena_strndup(a, p, len));
		if (!end)
			break;
		p = end + 1;
	}
}

/* What a catalogue item is, in the current language. */
static const char *kind_label(enum catalog_kind k)
{
	switch (k) {
	case CAT_CLAUSE: return _("a clause");
	case CAT_THEME: return _("a theme");
	case CAT_OBJECTIVE: return _("a control objective");
	case CAT_GROUP: return _("a group");
	case CAT_CONTROL: return _("a control");
	case CAT_ENHANCEMENT: return _("an enhancement");
	}
	return "";
}

static enum isms_rc check_control(const struct catalog *cat, const char *id, struct isms_err *err)
{
	const struct catalog_item *it = catalog_find(cat, id);

	if (it && it->kind == CAT_CONTROL)
		return ISMS_OK;
	isms_err_set(err, ISMS_EINVAL, _("%s is not a control of ISO/IEC 27001:%d Annex A"), id,
		     cat->edition);
	if (it)
		isms_err_detail(err, _("%s is %s, not a control."), id, kind_label(it->kind));
	isms_err_hint(err, _("Name controls by their ID in the ISMS's edition, such as A.8.8 (2022) or A.12.6.1 (2013); put other measures in --extra."));
	isms_err_field(err, "controls");
	return ISMS_EINVAL;
}

static enum isms_rc check_treat(const struct risk_treat *t, const struct catalog *cat,
				struct isms_err *err)
{
	enum isms_rc rc;

	if ((unsigned)t->option >= RISK_TREAT_COUNT || t->option == RISK_TREAT_NONE) {
		isms_err_set(err, ISMS_EINVAL, _("a treatment needs an option"));
		isms_err_hint(err, _("The options are reduce (低減), accept (保有), avoid (回避) and transfer (移転・共有)."));
		isms_err_field(err, "option");
		return ISMS_EINVAL;
	}
	if (t->ncontrols > RISK_CONTROLS_MAX || t->nextras > RISK_CONTROLS_MAX) {
		isms_err_set(err, ISMS_ELIMIT, _("a treatment has at most %d controls of each kind"),
			     RISK_CONTROLS_MAX);
		isms_err_field(err, t->ncontrols > RISK_CONTROLS_MAX ? "controls" : "extra_controls");
		return ISMS_ELIMIT;
	}
	for (size_t k = 0; k < t->ncontrols; k++)
		if ((rc = check_control(cat, t->controls[k], err)))
			return rc;
	for (size_t k = 0; k < t->nextras; k++)
		if ((rc = isms_check_text(t->extras[k], RISK_EXTRA_MAX, "extra_controls", err)))
			return rc;
	if (t->plan_owner && *t->plan_owner &&
	    (rc = isms_check_text(t->plan_owner, RISK_OWNER_MAX, "plan_owner", err)))
		return rc;
	if (t->plan_due && *t->plan_due && !isms_date_valid(t->plan_due)) {
		isms_err_set(err, ISMS_EINVAL, _("the due date \"%s\" is not a date"), t->plan_due);
		isms_err_hint(err, _("Write dates as YYYY-MM-DD, for example 2027-03-31."));
		isms_err_field(err, "plan_due");
		return ISMS_EINVAL;
	}
	if (t->plan_status >= RISK_PLAN_COUNT || t->plan_status == RISK_PLAN_NONE) {
		isms_err_set(err, ISMS_EINVAL, _("unknown plan status"));
		isms_err_hint(err, _("The statuses are planned, in_progress and done."));
		isms_err_field(err, "plan_status");
		return ISMS_EINVAL;
	}
	if (t->plan_note && (rc = isms_check_textblock(t->plan_note, RISK_NOTE_MAX, "plan_note", err)))
		return rc;
	return ISMS_OK;
}

enum isms_rc risk_treat(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			const struct risk_treat *t, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method m;
	bool have_m = false;
	struct library lib;
	struct risk r;
	struct risk_target tg;
	struct list ctl = { 0 }, ext = { 0 };
	const struct catalog *cat;
	int64_t asset_id;
	int edition;
	json_t *before = NULL, *after = NULL;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = model_isms_edition(ctx, isms_id, &edition, err)))
		goto out;
	cat = catalog_builtin(edition);
	if ((rc = check_treat(t, cat, err)))
		goto out;
	if ((rc = method_current(ctx, &a, isms_id, &m, NULL, err)))
		goto out;
	have_m = true;
	if ((rc = library_load(ctx, &a, isms_id, &lib, err)) ||
	    (rc = risk_load(ctx, &a, isms_id, &lib, code, &r, &asset_id, err)))
		goto out;
	before = risk_json(&r);
	rc = asset_id ? risk_target_asset(ctx, &a, isms_id, r.asset_code, &tg, err)
		      : risk_target_group(ctx, &a, isms_id, r.group, &tg, err);
	if (rc)
		goto out;
	r.av_c = tg.c;
	r.av_i = tg.i;
	r.av_a = tg.a;

	if (!t->set_controls)
		for (size_t k = 0; k < r.ncontrols; k++)
			list_add(&a, &ctl, r.controls[k]);
	if (t->set_controls || t->add_controls)
		for (size_t k = 0; k < t->ncontrols; k++)
			list_add(&a, &ctl, t->controls[k]);
	if (t->suggested) {
		const struct lib_threat *th = library_find_threat(&lib, r.threat);
		const struct lib_vuln *vu = library_find_vuln(&lib, r.vuln);

		if (th)
			list_add_csv(&a, &ctl, lib_threat_controls(th, edition));
		if (vu)
			list_add_csv(&a, &ctl, lib_vuln_controls(vu, edition));
	}
	if (!t->set_extras)
		for (size_t k = 0; k < r.nextras; k++)
			list_add(&a, &ext, r.extras[k]);
	if (t->set_extras || t->add_extras)
		for (size_t k = 0; k < t->nextras; k++)
			list_add(&a, &ext, t->extras[k]);
	if (ctl.n > RISK_CONTROLS_MAX || ext.n > RISK_CONTROLS_MAX) {
		isms_err_set(err, ISMS_ELIMIT, _("a treatment has at most %d controls of each kind"),
			     RISK_CONTROLS_MAX);
		rc = ISMS_ELIMIT;
		goto out;
	}
	r.controls = ctl.v;
	r.ncontrols = ctl.n;
	r.extras = ext.v;
	r.nextras = ext.n;

	if (r.treatment == RISK_TREAT_NONE && t->plan_status < 0)
		r.plan_status = RISK_PLAN_PLANNED;
	r.treatment = t->option;
	if (t->plan_status > 0)
		r.plan_status = (enum risk_plan_status)t->plan_status;
	if (t->plan_owner)
		r.plan_owner = t->plan_owner;
	if (t->plan_due)
		r.plan_due = t->plan_due;
	if (t->plan_note)
		r.plan_note = t->plan_note;
	if (t->res_threat >= 0)
		r.res_threat = t->res_threat;
	if (t->res_vuln >= 0)
		r.res_vuln = t->res_vuln;
	if (t->res_likelihood >= 0)
		r.res_likelihood = t->res_likelihood;
	if (t->res_impact >= 0)
		r.res_impact = t->res_impact;
	{
		struct risk chk = { 0 };

		chk.res_threat = t->res_threat;
		chk.res_vuln = t->res_vuln;
		chk.res_likelihood = t->res_likelihood;
		chk.res_impact = t->res_impact;
		if ((rc = risk_check_levels(&m, &chk, err)))
			goto out;
	}
	if ((rc = risk_write(ctx, isms_id, &m, &r, asset_id, false, err)) ||
	    (rc = risk_write_controls(ctx, isms_id, &r, err)))
		goto out;
	after = risk_json(&r);
	if (!json_equal(before, after))
		rc = model_audit(ctx, isms_id, "risk", r.code, "treat", before, after, err);
out:
	json_decref(before);
	json_decref(after);
	if (have_m)
		score_method_release(&m);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

enum isms_rc risk_untreat(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			  struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method m;
	bool have_m = false;
	struct library lib;
	struct risk r;
	int64_t asset_id;
	json_t *before = NULL, *after = NULL;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = method_current(ctx, &a, isms_id, &m, NULL, err)))
		goto out;
	have_m = true;
	if ((rc = library_load(ctx, &a, isms_id, &lib, err)) ||
	    (rc = risk_load(ctx, &a, isms_id, &lib, code, &r, &asset_id, err)))
		goto out;
	if (r.treatment == RISK_TREAT_NONE) {
		isms_err_set(err, ISMS_ESTATE, _("risk \"%s\" has no treatment"), code);
		rc = ISMS_ESTATE;
		goto out;
	}
	before = risk_json(&r);
	r.treatment = RISK_TREAT_NONE;
	r.ncontrols = r.nextras = 0;
	r.plan_owner = r.plan_due = r.plan_note = "";
	r.plan_status = RISK_PLAN_NONE;
	r.res_threat = r.res_vuln = r.res_likelihood = r.res_impact = 0;
	if ((rc = risk_write(ctx, isms_id, &m, &r, asset_id, false, err)) ||
	    (rc = risk_write_controls(ctx, isms_id, &r, err)))
		goto out;
	after = risk_json(&r);
	rc = model_audit(ctx, isms_id, "risk", r.code, "untreat", before, after, err);
out:
	json_decref(before);
	json_decref(after);
	if (have_m)
		score_method_release(&m);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

/* --- for the SoA (step 7) and the authorisation (step 9) ------------------------------------- */

enum isms_rc risk_control_links(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
				struct risk_control_link **ret, size_t *ret_n,
				struct isms_err *err)
{
	struct risk_control_link *v = NULL;
	size_t n = 0, alloc = 0;
	struct stmt *q;
	int r;

	q = store_query(ctx->st,
			"SELECT c.control, r.code FROM risk_control c JOIN risk r ON r.id = c.risk_id"
			" WHERE c.isms_id = $1 AND r.isms_id = $1 AND c.kind = 'annex'"
			" AND r.treatment IS NOT NULL ORDER BY c.control, r.code",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		v = arena_vec_grow(a, v, n, &alloc, n + 1, sizeof(*v));
		v[n].control_id = arena_strdup(a, stmt_text(q, 0));
		v[n].risk_code = arena_strdup(a, stmt_text(q, 1));
		n++;
	}
	if (r < 0)
		return err->code;
	*ret = v;
	*ret_n = n;
	return ISMS_OK;
}

enum isms_rc risk_control_remap(struct isms_ctx *ctx, int64_t isms_id, const char *from_control,
				const char *const *to_controls, size_t n, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct library lib;
	const char **codes = NULL;
	size_t ncodes = 0, alloc = 0;
	struct stmt *q;
	enum isms_rc rc;
	int r;

	for (size_t k = 0; k < n; k++)
		if ((rc = isms_check_text(to_controls[k], RISK_EXTRA_MAX, "controls", err)))
			return rc;
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	q = store_query(ctx->st,
			"SELECT r.code FROM risk_control c JOIN risk r ON r.id = c.risk_id"
			" WHERE c.isms_id = $1 AND c.kind = 'annex' AND c.control = $2 ORDER BY r.code",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, from_control);
	while ((r = stmt_next(q, err)) > 0) {
		codes = arena_vec_grow(&a, codes, ncodes, &alloc, ncodes + 1, sizeof(*codes));
		codes[ncodes++] = arena_strdup(&a, stmt_text(q, 0));
	}
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	if (ncodes && (rc = library_load(ctx, &a, isms_id, &lib, err)))
		goto out;
	for (size_t i = 0; i < ncodes && !rc; i++) {
		struct risk rk;
		struct list ctl = { 0 };
		json_t *before, *after;

		rc = risk_load(ctx, &a, isms_id, &lib, codes[i], &rk, NULL, err);
		if (rc)
			break;
		before = risk_json(&rk);
		for (size_t k = 0; k < rk.ncontrols; k++) {
			if (strcmp(rk.controls[k], from_control)) {
				list_add(&a, &ctl, rk.controls[k]);
				continue;
			}
			for (size_t j = 0; j < n; j++)
				list_add(&a, &ctl, to_controls[j]);
		}
		rk.controls = ctl.v;
		rk.ncontrols = ctl.n;
		rc = risk_write_controls(ctx, isms_id, &rk, err);
		if (!rc) {
			q = store_query(ctx->st, "UPDATE risk SET updated_at = $3 WHERE isms_id = $1 AND id = $2",
					err);
			if (q) {
				char now[ISMS_TIME_LEN];

				isms_time_now(now);
				stmt_bind_int(q, 1, isms_id);
				stmt_bind_int(q, 2, rk.id);
				stmt_bind_text(q, 3, now);
				rc = stmt_run(q, err);
			} else {
				rc = err->code;
			}
		}
		after = risk_json(&rk);
		if (!rc)
			rc = model_audit(ctx, isms_id, "risk", rk.code, "remap", before, after, err);
		json_decref(before);
		json_decref(after);
	}
out:
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

static void feed(crypto_hash_sha256_state *st, struct sbuf *sb)
{
	crypto_hash_sha256_update(st, (const unsigned char *)sb->buf, sb->len);
	sbuf_reset(sb);
}

/* A field of the fingerprint: its length, then its bytes, so that no two
 * different inputs give the same stream. */
static void field(struct sbuf *sb, const char *s)
{
	sbuf_addf(sb, "%zu:%s|", strlen(s), s);
}

enum isms_rc risk_fingerprint(struct isms_ctx *ctx, int64_t isms_id, char out[65],
			      struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method m;
	struct version_info info;
	struct sbuf sb = SBUF_INIT;
	crypto_hash_sha256_state st;
	unsigned char digest[crypto_hash_sha256_BYTES];
	struct stmt *q;
	enum isms_rc rc;
	int r;

	rc = store_begin_read(ctx->st, err);
	if (rc)
		return rc;
	crypto_hash_sha256_init(&st);
	rc = method_current(ctx, &a, isms_id, &m, &info, err);
	if (rc)
		goto out;
	sbuf_addf(&sb, "isms-risk-fingerprint-v2|method|%d|", info.version);
	score_method_to_json(&m, false, &sb);
	score_method_release(&m);
	feed(&st, &sb);

	/* Every risk's evaluation and treatment, by id, with its controls
	 * merged in from a second ordered stream. */
	q = store_query(ctx->st,
			"SELECT r.id, r.code, COALESCE(r.value, 0), COALESCE(r.evaluation, ''),"
			" COALESCE(r.treatment, ''), r.plan_owner, r.plan_due, r.plan_status,"
			" COALESCE(r.res_threat, 0), COALESCE(r.res_vuln, 0), COALESCE(r.res_likelihood, 0),"
			" COALESCE(r.res_impact, 0), COALESCE(r.residual_value, 0),"
			" COALESCE(r.residual_evaluation, '') FROM risk r WHERE r.isms_id = $1 ORDER BY r.id",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		sbuf_addf(&sb, "risk|%lld|", (long long)stmt_int(q, 0));
		field(&sb, stmt_text(q, 1));
		sbuf_addf(&sb, "%lld|", (long long)stmt_int(q, 2));
		for (int c = 3; c <= 7; c++)
			field(&sb, stmt_text(q, c));
		for (int c = 8; c <= 12; c++)
			sbuf_addf(&sb, "%lld|", (long long)stmt_int(q, c));
		field(&sb, stmt_text(q, 13));
		if (sb.len > 65536)
			feed(&st, &sb);
	}
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	q = store_query(ctx->st,
			"SELECT risk_id, kind, pos, control FROM risk_control WHERE isms_id = $1"
			" ORDER BY risk_id, kind, pos",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		sbuf_addf(&sb, "control|%lld|", (long long)stmt_int(q, 0));
		field(&sb, stmt_text(q, 1));
		sbuf_addf(&sb, "%lld|", (long long)stmt_int(q, 2));
		field(&sb, stmt_text(q, 3));
		if (sb.len > 65536)
			feed(&st, &sb);
	}
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	/* The residual-risk approvals: the decision in force on each risk (the
	 * latest), and what it decided on. Deciding the same again (a yearly
	 * re-acceptance, a new comment) changes nothing that management
	 * authorised; a different decision, or one on changed content, does. */
	q = store_query(ctx->st,
			"SELECT ap.subject_id, ap.decision, ap.content_hash FROM approval ap"
			" WHERE ap.isms_id = $1 AND ap.subject = 'risk' AND ap.id = (SELECT MAX(b.id)"
			" FROM approval b WHERE b.isms_id = $1 AND b.subject = 'risk'"
			" AND b.subject_id = ap.subject_id) ORDER BY ap.subject_id",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		sbuf_addstr(&sb, "approval|");
		field(&sb, stmt_text(q, 0));
		field(&sb, stmt_text(q, 1));
		field(&sb, stmt_text(q, 2));
		if (sb.len > 65536)
			feed(&st, &sb);
	}
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	feed(&st, &sb);
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out, 65, digest, sizeof(digest));
out:
	sbuf_release(&sb);
	arena_release(&a);
	/* a commit of a read, or nothing when nested in the caller's transaction */
	return store_end(ctx->st, rc, err);
}
