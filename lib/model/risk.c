/* risk.c - the risk register: adding, changing, removing, listing and evaluating risks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/method.h"
#include "isms/utf8.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "risk-int.h"
#include "vec.h"

/* --- names ------------------------------------------------------------------- */

static const struct {
	const char *code;
	const char *label;
	const char *alias[4]; /* other names accepted on input */
} treatments[RISK_TREAT_COUNT] = {
	[RISK_TREAT_NONE] = { "", N_("no treatment"), { NULL } },
	[RISK_TREAT_REDUCE] = { "reduce", N_("reduce"), { "低減", "modify", "mitigate", NULL } },
	[RISK_TREAT_ACCEPT] = { "accept", N_("retain"), { "保有", "retain", "受容", NULL } },
	[RISK_TREAT_AVOID] = { "avoid", N_("avoid"), { "回避", NULL } },
	[RISK_TREAT_TRANSFER] = { "transfer", N_("transfer or share"),
				  { "移転・共有", "移転", "共有", "share" } },
};

const char *risk_treatment_code(enum risk_treatment t)
{
	return treatments[t].code;
}

const char *risk_treatment_label(enum risk_treatment t)
{
	return T_(treatments[t].label);
}

bool risk_treatment_parse(const char *s, enum risk_treatment *ret)
{
	for (int i = RISK_TREAT_REDUCE; s && i < RISK_TREAT_COUNT; i++) {
		bool hit = !strcasecmp(s, treatments[i].code);

		for (int k = 0; !hit && k < 4 && treatments[i].alias[k]; k++)
			hit = !strcasecmp(s, treatments[i].alias[k]);
		if (!strcmp(s, "移転/共有") && i == RISK_TREAT_TRANSFER)
			hit = true;
		if (hit) {
			*ret = (enum risk_treatment)i;
			return true;
		}
	}
	return false;
}

static const struct {
	const char *code;
	const char *label;
} plan_statuses[RISK_PLAN_COUNT] = {
	[RISK_PLAN_NONE] = { "", N_("no plan") },
	[RISK_PLAN_PLANNED] = { "planned", N_("planned") },
	[RISK_PLAN_IN_PROGRESS] = { "in_progress", N_("in progress") },
	[RISK_PLAN_DONE] = { "done", N_("done") },
};

const char *risk_plan_status_code(enum risk_plan_status s)
{
	return plan_statuses[s].code;
}

const char *risk_plan_status_label(enum risk_plan_status s)
{
	return T_(plan_statuses[s].label);
}

bool risk_plan_status_parse(const char *s, enum risk_plan_status *ret)
{
	static const char *const ja[RISK_PLAN_COUNT] = { "", "計画済み", "実施中", "完了" };

	for (int i = RISK_PLAN_PLANNED; s && i < RISK_PLAN_COUNT; i++) {
		if (!strcasecmp(s, plan_statuses[i].code) || !strcmp(s, ja[i]) ||
		    (i == RISK_PLAN_IN_PROGRESS && !strcasecmp(s, "in-progress"))) {
			*ret = (enum risk_plan_status)i;
			return true;
		}
	}
	return false;
}

static const char *const sort_codes[RISK_SORT_COUNT] = {
	"code", "value", "asset", "owner", "evaluation", "residual",
};

const char *risk_sort_code(enum risk_sort s)
{
	return sort_codes[s];
}

bool risk_sort_parse(const char *s, enum risk_sort *ret)
{
	for (int i = 0; s && i < RISK_SORT_COUNT; i++) {
		if (!strcmp(s, sort_codes[i])) {
			*ret = (enum risk_sort)i;
			return true;
		}
	}
	return false;
}

enum isms_rc risk_check_code(const char *code, const char *field, struct isms_err *err)
{
	enum isms_rc rc = isms_check_text(code, RISK_CODE_MAX, field, err);

	if (rc)
		return rc;
	for (const char *p = code; *p; p++) {
		if (*p == ' ' || *p == ',' || *p == ';' || !strncmp(p, "\u3000", 3)) {
			isms_err_set(err, ISMS_EINVAL, _("invalid risk ID \"%s\""), code);
			isms_err_detail(err, _("A risk ID has no spaces, commas or semicolons."));
			isms_err_field(err, field);
			return ISMS_EINVAL;
		}
	}
	return ISMS_OK;
}

/* --- keys and maps --------------------------------------------------------------- */

int64_t risk_pack_key(const struct score_input *in)
{
	return (int64_t)(in->c & 15) | (int64_t)(in->i & 15) << 4 | (int64_t)(in->a & 15) << 8 |
	       (int64_t)(in->threat & 15) << 12 | (int64_t)(in->vuln & 15) << 16 |
	       (int64_t)(in->likelihood & 15) << 20 | (int64_t)(in->impact & 15) << 24 |
	       (int64_t)(in->props & 7) << 28;
}

void risk_unpack_key(int64_t key, struct score_input *out)
{
	out->c = (int)(key & 15);
	out->i = (int)(key >> 4 & 15);
	out->a = (int)(key >> 8 & 15);
	out->threat = (int)(key >> 12 & 15);
	out->vuln = (int)(key >> 16 & 15);
	out->likelihood = (int)(key >> 20 & 15);
	out->impact = (int)(key >> 24 & 15);
	out->props = (unsigned)(key >> 28 & 7);
}

/* --- evaluation ---------------------------------------------------------------------- */

void risk_input(const struct risk *r, struct score_input *in)
{
	memset(in, 0, sizeof(*in));
	in->c = r->av_c;
	in->i = r->av_i;
	in->a = r->av_a;
	in->props = r->props;
	in->threat = r->threat_level;
	in->vuln = r->vuln_level;
	in->likelihood = r->likelihood;
	in->impact = r->impact;
}

void risk_residual_input(const struct risk *r, struct score_input *in)
{
	risk_input(r, in);
	if (r->res_threat > 0)
		in->threat = r->res_threat;
	if (r->res_vuln > 0)
		in->vuln = r->res_vuln;
	if (r->res_likelihood > 0)
		in->likelihood = r->res_likelihood;
	if (r->res_impact > 0)
		in->impact = r->res_impact;
}

void risk_eval(const struct score_method *m, struct risk *r)
{
	struct score_input in;
	struct score_result res;

	risk_input(r, &in);
	score_evaluate(m, &in, &res);
	r->value = res.value;
	r->level = res.level;
	r->evaluation = res.decision;
	r->residual_value = 0;
	r->residual_level = 0;
	r->residual_evaluation = SCORE_UNEVALUATED;
	if (r->treatment != RISK_TREAT_NONE) {
		risk_residual_input(r, &in);
		score_evaluate(m, &in, &res);
		r->residual_value = res.value;
		r->residual_level = res.level;
		r->residual_evaluation = res.decision;
	}
}

static enum isms_rc check_level(int v, const struct score_scale *s, const char *field,
				const char *name, struct isms_err *err)
{
	if (v <= 0)
		return ISMS_OK;
	if (!s->n) {
		isms_err_set(err, ISMS_EINVAL, _("the method in force has no %s scale"), name);
		isms_err_detail(err, _("Its formula does not use this level."));
		isms_err_hint(err, _("\"isms method show\" shows the scales; the asset value × threat × vulnerability formula uses threat and vulnerability levels, the likelihood × impact formula likelihood and impact."));
		isms_err_field(err, field);
		return ISMS_EINVAL;
	}
	if (v > s->n) {
		isms_err_set(err, ISMS_EINVAL, _("the %s level %d is outside the method's scale of 1 to %d"),
			     name, v, s->n);
		isms_err_field(err, field);
		return ISMS_EINVAL;
	}
	return ISMS_OK;
}

enum isms_rc risk_check_levels(const struct score_method *m, const struct risk *r,
			       struct isms_err *err)
{
	enum isms_rc rc;

	if ((rc = check_level(r->threat_level, &m->threat, "threat_level", _("threat"), err)) ||
	    (rc = check_level(r->vuln_level, &m->vuln, "vuln_level", _("vulnerability"), err)) ||
	    (rc = check_level(r->likelihood, &m->likelihood, "likelihood", _("likelihood"), err)) ||
	    (rc = check_level(r->impact, &m->impact, "impact", _("impact"), err)) ||
	    (rc = check_level(r->res_threat, &m->threat, "residual_threat", _("threat"), err)) ||
	    (rc = check_level(r->res_vuln, &m->vuln, "residual_vuln", _("vulnerability"), err)) ||
	    (rc = check_level(r->res_likelihood, &m->likelihood, "residual_likelihood",
			      _("likelihood"), err)) ||
	    (rc = check_level(r->res_impact, &m->impact, "residual_impact", _("impact"), err)))
		return rc;
	return ISMS_OK;
}

/* --- reading ------------------------------------------------------------------------------ */

/* Group maxima, for the risks of groups and their staleness. */
#define GROUP_MAX                                                                      \
	" LEFT JOIN (SELECT grp, MAX(c) AS c, MAX(i) AS i, MAX(a) AS a FROM asset"      \
	" WHERE isms_id = $1 AND grp <> '' GROUP BY grp) g ON r.asset_id IS NULL AND g.grp = r.grp"

#define STALE_EXPR                                                                     \
	"CASE WHEN r.asset_id IS NOT NULL THEN"                                        \
	" (CASE WHEN COALESCE(a.c, 0) <> r.av_c OR COALESCE(a.i, 0) <> r.av_i"          \
	" OR COALESCE(a.a, 0) <> r.av_a THEN 1 ELSE 0 END)"                             \
	" ELSE (CASE WHEN COALESCE(g.c, 0) <> r.av_c OR COALESCE(g.i, 0) <> r.av_i"     \
	" OR COALESCE(g.a, 0) <> r.av_a THEN 1 ELSE 0 END) END"

#define RISK_COLUMNS                                                                         \
	"r.id, r.code, a.code, a.name, a.type, r.grp, r.threat, r.vuln, r.props,"             \
	" r.threat_level, r.vuln_level, r.likelihood, r.impact, r.owner, r.description,"      \
	" r.av_c, r.av_i, r.av_a, r.value, r.level, r.evaluation, r.treatment, r.plan_owner," \
	" r.plan_due, r.plan_status, r.plan_note, r.res_threat, r.res_vuln, r.res_likelihood," \
	" r.res_impact, r.residual_value, r.residual_level, r.residual_evaluation,"           \
	" r.created_at, r.updated_at, r.asset_id, " STALE_EXPR

#define RISK_FROM " FROM risk r LEFT JOIN asset a ON a.id = r.asset_id" GROUP_MAX

static int col_int(struct stmt *q, int i)
{
	return stmt_null(q, i) ? 0 : (int)stmt_int(q, i);
}

static const char *lib_threat_name_of(const struct library *lib, const char *code)
{
	const struct lib_threat *t = lib ? library_find_threat(lib, code) : NULL;

	return t ? lib_threat_name(t) : code;
}

static const char *lib_vuln_name_of(const struct library *lib, const char *code)
{
	const struct lib_vuln *v = lib ? library_find_vuln(lib, code) : NULL;

	return v ? lib_vuln_name(v) : code;
}

static void read_row(struct stmt *q, struct arena *a, const struct library *lib, struct risk *r,
		     int64_t *ret_asset_id)
{
	memset(r, 0, sizeof(*r));
	r->id = stmt_int(q, 0);
	r->code = arena_strdup(a, stmt_text(q, 1));
	if (!stmt_null(q, 35)) {
		r->asset_code = arena_strdup(a, stmt_text(q, 2));
		r->asset_name = arena_strdup(a, stmt_text(q, 3));
		r->asset_type = arena_strdup(a, stmt_text(q, 4));
	} else {
		r->asset_name = "";
		r->asset_type = "";
		r->group = arena_strdup(a, stmt_text(q, 5));
	}
	r->threat = arena_strdup(a, stmt_text(q, 6));
	r->vuln = arena_strdup(a, stmt_text(q, 7));
	r->threat_name = lib_threat_name_of(lib, r->threat);
	r->vuln_name = lib_vuln_name_of(lib, r->vuln);
	r->props = (unsigned)stmt_int(q, 8);
	r->threat_level = col_int(q, 9);
	r->vuln_level = col_int(q, 10);
	r->likelihood = col_int(q, 11);
	r->impact = col_int(q, 12);
	r->owner = arena_strdup(a, stmt_text(q, 13));
	r->description = arena_strdup(a, stmt_text(q, 14));
	r->av_c = col_int(q, 15);
	r->av_i = col_int(q, 16);
	r->av_a = col_int(q, 17);
	r->value = col_int(q, 18);
	r->level = col_int(q, 19);
	if (stmt_null(q, 20) || !score_decision_parse(stmt_text(q, 20), &r->evaluation))
		r->evaluation = SCORE_UNEVALUATED;
	if (stmt_null(q, 21) || !risk_treatment_parse(stmt_text(q, 21), &r->treatment))
		r->treatment = RISK_TREAT_NONE;
	r->plan_owner = arena_strdup(a, stmt_text(q, 22));
	r->plan_due = arena_strdup(a, stmt_text(q, 23));
	if (!risk_plan_status_parse(stmt_text(q, 24), &r->plan_status))
		r->plan_status = RISK_PLAN_NONE;
	r->plan_note = arena_strdup(a, stmt_text(q, 25));
	r->res_threat = col_int(q, 26);
	r->res_vuln = col_int(q, 27);
	r->res_likelihood = col_int(q, 28);
	r->res_impact = col_int(q, 29);
	r->residual_value = col_int(q, 30);
	r->residual_level = col_int(q, 31);
	if (stmt_null(q, 32) || !score_decision_parse(stmt_text(q, 32), &r->residual_evaluation))
		r->residual_evaluation = SCORE_UNEVALUATED;
	r->created_at = arena_strdup(a, stmt_text(q, 33));
	r->updated_at = arena_strdup(a, stmt_text(q, 34));
	if (ret_asset_id)
		*ret_asset_id = stmt_null(q, 35) ? 0 : stmt_int(q, 35);
	r->stale = stmt_int(q, 36) != 0;
}

static void add_control(struct arena *a, struct risk *row, size_t *calloc_, size_t *ealloc,
			const char *kind, const char *control)
{
	if (!strcmp(kind, "annex")) {
		row->controls = arena_vec_grow(a, row->controls, row->ncontrols, calloc_,
					       row->ncontrols + 1, sizeof(*row->controls));
		row->controls[row->ncontrols++] = arena_strdup(a, control);
	} else {
		row->extras = arena_vec_grow(a, row->extras, row->nextras, ealloc, row->nextras + 1,
					     sizeof(*row->extras));
		row->extras[row->nextras++] = arena_strdup(a, control);
	}
}

/* A page of risks looks its controls up risk by risk (the primary key);
 * more than this reads those of the whole register in one pass. */
#define CONTROLS_BY_ID_MAX 200

/* Attach the controls of the risks `rows`, sorted by id. */
static enum isms_rc attach_controls(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
				    struct risk *rows, size_t n, int64_t only_id,
				    struct isms_err *err)
{
	struct stmt *q;
	size_t *calloc_, *ealloc;
	int r = 0;

	if (!n)
		return ISMS_OK;
	if (only_id || n <= CONTROLS_BY_ID_MAX) {
		for (size_t k = 0; k < n && r >= 0; k++) {
			size_t ca = 0, ea = 0;

			q = store_query(ctx->st,
					"SELECT kind, control FROM risk_control"
					" WHERE isms_id = $1 AND risk_id = $2 ORDER BY kind, pos",
					err);
			if (!q)
				return err->code;
			stmt_bind_int(q, 1, isms_id);
			stmt_bind_int(q, 2, rows[k].id);
			while ((r = stmt_next(q, err)) > 0)
				add_control(a, &rows[k], &ca, &ea, stmt_text(q, 0), stmt_text(q, 1));
		}
		return r < 0 ? err->code : ISMS_OK;
	}
	q = store_query(ctx->st,
			"SELECT risk_id, kind, control FROM risk_control"
			" WHERE isms_id = $1 AND ($2 = 0 OR risk_id = $2) ORDER BY risk_id, kind, pos",
			err);
	if (!q)
		return err->code;
	calloc_ = xcalloc(n, sizeof(*calloc_));
	ealloc = xcalloc(n, sizeof(*ealloc));
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, only_id);
	while ((r = stmt_next(q, err)) > 0) {
		int64_t id = stmt_int(q, 0);
		size_t lo = 0, hi = n;
		struct risk *row;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (rows[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == n || rows[lo].id != id)
			continue;
		row = &rows[lo];
		add_control(a, row, &calloc_[lo], &ealloc[lo], stmt_text(q, 1), stmt_text(q, 2));
	}
	free(calloc_);
	free(ealloc);
	return r < 0 ? err->code : ISMS_OK;
}

enum isms_rc risk_load(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
		       const struct library *lib, const char *code, struct risk *ret,
		       int64_t *ret_asset_id, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT " RISK_COLUMNS RISK_FROM " WHERE r.isms_id = $1 AND r.code = $2",
				     err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, code);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		isms_err_set(err, ISMS_ENOTFOUND, _("no risk with the ID \"%s\""), code);
		isms_err_hint(err, _("\"isms risk list\" shows the risks."));
		return ISMS_ENOTFOUND;
	}
	read_row(q, a, lib, ret, ret_asset_id);
	stmt_run(q, err);
	return attach_controls(ctx, a, isms_id, ret, 1, ret->id, err);
}

enum isms_rc risk_get(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, const char *code,
		      struct risk *ret, struct isms_err *err)
{
	struct library lib;
	enum isms_rc rc = library_load(ctx, a, isms_id, &lib, err);

	return rc ? rc : risk_load(ctx, a, isms_id, &lib, code, ret, NULL, err);
}

/* The filters of `risk_list`, over the risk table alone: the page is
 * chosen, and the rows are counted, without joining every risk to its
 * asset and its group (the asset is found by its id; the stale risks are
 * only looked for when asked for). */
#define LIST_WHERE                                                                        \
	" WHERE r.isms_id = $1"                                                            \
	" AND ($2 = '' OR r.asset_id = (SELECT x.id FROM asset x WHERE x.isms_id = $1 AND x.code = $2))" \
	" AND ($3 = 0 OR r.grp = $4) AND ($5 = 0 OR r.owner = $6)"                          \
	" AND ($7 = '' OR ($7 = 'none' AND r.evaluation IS NULL) OR r.evaluation = $7)"        \
	" AND ($8 = '' OR ($8 = 'none' AND r.treatment IS NULL) OR r.treatment = $8)"          \
	" AND ($9 < 0 OR r.value >= $9)"                                                   \
	" AND ($10 = 0 OR r.id IN (SELECT r.id" RISK_FROM " WHERE r.isms_id = $1 AND (" STALE_EXPR ") = 1))" \
	" AND ($13 = 0 OR (r.treatment IS NOT NULL AND r.residual_evaluation = 'treat'))"     \
	" AND ($14 = '' OR (r.treatment IS NOT NULL AND r.plan_due <> '' AND r.plan_status <> 'done'" \
	" AND r.plan_due < $14))"                                                          \
	" AND ($15 = 0 OR EXISTS (SELECT 1 FROM approval ap WHERE ap.isms_id = $1 AND ap.subject = 'risk'" \
	" AND ap.subject_id = r.code))"

/* The whole list (or all from an offset) in one query. */
#define LIST_SQL(order) \
	"SELECT " RISK_COLUMNS RISK_FROM LIST_WHERE " ORDER BY " order " LIMIT $11 OFFSET $12"

/* A page in two steps: the ids of the page, sorted and cut by the query
 * over the risk table (joined to the asset only to sort by it), then the
 * full rows of those ids only. Every order ends with the code, which is
 * unique: both steps put the rows in the same order. The ids are the
 * ISMS's already; a second test of isms_id on the outer risk would make
 * SQLite scan the register for each id. */
#define PAGE_SQL(from, order)                                                             \
	"SELECT " RISK_COLUMNS " FROM (SELECT r.id" from LIST_WHERE " ORDER BY " order          \
	" LIMIT $11 OFFSET $12) pg JOIN risk r ON r.id = pg.id LEFT JOIN asset a ON a.id = r.asset_id" \
	GROUP_MAX " ORDER BY " order
#define LIST_FROM " FROM risk r"
#define LIST_FROM_ASSET " FROM risk r LEFT JOIN asset a ON a.id = r.asset_id"
/* Only risks with an approval on record: found from the approvals (a few),
 * by their codes, rather than by testing every risk. */
#define LIST_FROM_APPROVED                                                                \
	" FROM (SELECT DISTINCT ap.subject_id FROM approval ap WHERE ap.isms_id = $1"      \
	" AND ap.subject = 'risk') apc JOIN risk r ON r.isms_id = $1 AND r.code = apc.subject_id"
#define LIST_FROM_APPROVED_ASSET LIST_FROM_APPROVED " LEFT JOIN asset a ON a.id = r.asset_id"

#define VALUE_ORDER "CASE WHEN r.value IS NULL THEN 1 ELSE 0 END, r.value"
#define EVAL_ORDER                                                                      \
	"CASE r.evaluation WHEN 'treat' THEN 0 WHEN 'accept' THEN 1 WHEN 'baseline' THEN 2" \
	" ELSE 3 END"
#define RESIDUAL_ORDER "CASE WHEN r.residual_value IS NULL THEN 1 ELSE 0 END, r.residual_value"

static const char *const list_sql[RISK_SORT_COUNT][2] = {
	[RISK_SORT_CODE] = { LIST_SQL("r.code"), LIST_SQL("r.code DESC") },
	[RISK_SORT_VALUE] = { LIST_SQL(VALUE_ORDER " DESC, r.code"), LIST_SQL(VALUE_ORDER ", r.code") },
	[RISK_SORT_ASSET] = { LIST_SQL("COALESCE(a.code, r.grp), r.code"),
			      LIST_SQL("COALESCE(a.code, r.grp) DESC, r.code") },
	[RISK_SORT_OWNER] = { LIST_SQL("r.owner, r.code"), LIST_SQL("r.owner DESC, r.code") },
	[RISK_SORT_EVALUATION] = { LIST_SQL(EVAL_ORDER ", " VALUE_ORDER " DESC, r.code"),
				   LIST_SQL(EVAL_ORDER " DESC, " VALUE_ORDER ", r.code") },
	[RISK_SORT_RESIDUAL] = { LIST_SQL(RESIDUAL_ORDER " DESC, r.code"),
				 LIST_SQL(RESIDUAL_ORDER ", r.code") },
};

#define PAGE_SORTS(from, from_asset)                                                      \
	{                                                                                 \
		[RISK_SORT_CODE] = { PAGE_SQL(from, "r.code"), PAGE_SQL(from, "r.code DESC") }, \
		[RISK_SORT_VALUE] = { PAGE_SQL(from, VALUE_ORDER " DESC, r.code"),              \
				      PAGE_SQL(from, VALUE_ORDER ", r.code") },                   \
		[RISK_SORT_ASSET] = { PAGE_SQL(from_asset, "COALESCE(a.code, r.grp), r.code"),  \
				      PAGE_SQL(from_asset, "COALESCE(a.code, r.grp) DESC, r.code") }, \
		[RISK_SORT_OWNER] = { PAGE_SQL(from, "r.owner, r.code"),                        \
				      PAGE_SQL(from, "r.owner DESC, r.code") },                   \
		[RISK_SORT_EVALUATION] = { PAGE_SQL(from, EVAL_ORDER ", " VALUE_ORDER " DESC, r.code"), \
					   PAGE_SQL(from, EVAL_ORDER " DESC, " VALUE_ORDER ", r.code") }, \
		[RISK_SORT_RESIDUAL] = { PAGE_SQL(from, RESIDUAL_ORDER " DESC, r.code"),        \
					 PAGE_SQL(from, RESIDUAL_ORDER ", r.code") },             \
	}

/* By has_approval, sort and direction. */
static const char *const page_sql[2][RISK_SORT_COUNT][2] = {
	PAGE_SORTS(LIST_FROM, LIST_FROM_ASSET),
	PAGE_SORTS(LIST_FROM_APPROVED, LIST_FROM_APPROVED_ASSET),
};

/* The evaluation and treatment of `f` as bound: "" for any. */
static void filter_codes(const struct risk_filter *f, const char **ret_ev, const char **ret_tr)
{
	*ret_ev = "";
	*ret_tr = "";
	if (f->evaluation == SCORE_UNEVALUATED)
		*ret_ev = "none";
	else if (f->evaluation > 0 && f->evaluation <= SCORE_BASELINE)
		*ret_ev = score_decision_code((enum score_decision)f->evaluation);
	if (f->treatment == RISK_TREAT_NONE)
		*ret_tr = "none";
	else if (f->treatment > 0 && f->treatment < RISK_TREAT_COUNT)
		*ret_tr = risk_treatment_code((enum risk_treatment)f->treatment);
}

/* Whether `f` keeps every risk: the pager's count is then a count of the
 * ISMS's risks, from an index alone. */
static bool filter_keeps_all(const struct risk_filter *f)
{
	const char *ev, *tr;

	filter_codes(f, &ev, &tr);
	return (!f->asset || !*f->asset) && !f->group && !f->owner && !*ev && !*tr &&
	       f->min_value < 0 && !f->stale && !f->needs_approval && !f->has_approval &&
	       (!f->due_before || !*f->due_before);
}

static void bind_filter(struct stmt *q, int64_t isms_id, const struct risk_filter *f)
{
	const char *ev, *tr;

	filter_codes(f, &ev, &tr);
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, f->asset ? f->asset : "");
	stmt_bind_int(q, 3, f->group != NULL);
	stmt_bind_text(q, 4, f->group ? f->group : "");
	stmt_bind_int(q, 5, f->owner != NULL);
	stmt_bind_text(q, 6, f->owner ? f->owner : "");
	stmt_bind_text(q, 7, ev);
	stmt_bind_text(q, 8, tr);
	stmt_bind_int(q, 9, f->min_value);
	stmt_bind_int(q, 10, f->stale);
	stmt_bind_int(q, 13, f->needs_approval);
	stmt_bind_text(q, 14, f->due_before ? f->due_before : "");
	stmt_bind_int(q, 15, f->has_approval);
}

static int cmp_id(const void *x, const void *y)
{
	const struct risk *a = x, *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

enum isms_rc risk_list(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
		       const struct risk_filter *f, struct risk **ret, size_t *ret_n,
		       size_t *ret_total, struct isms_err *err)
{
	struct risk *rows = NULL;
	struct library lib;
	size_t n = 0, alloc = 0;
	struct stmt *q;
	enum isms_rc rc;
	int r;

	if ((unsigned)f->sort >= RISK_SORT_COUNT)
		return isms_err_set(err, ISMS_EINVAL, _("unknown sort order"));
	rc = library_load(ctx, a, isms_id, &lib, err);
	if (rc)
		return rc;
	rc = store_begin_read(ctx->st, err);
	if (rc)
		return rc;
	/* The whole register in one query; a page, or the few risks with an
	 * approval, in two steps. */
	if (f->limit || f->has_approval)
		q = store_query(ctx->st, page_sql[f->has_approval][f->sort][f->reverse], err);
	else
		q = store_query(ctx->st, list_sql[f->sort][f->reverse], err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	bind_filter(q, isms_id, f);
	stmt_bind_int(q, 11, f->limit ? (int64_t)f->limit : INT64_MAX);
	stmt_bind_int(q, 12, (int64_t)f->offset);
	while ((r = stmt_next(q, err)) > 0) {
		rows = arena_vec_grow(a, rows, n, &alloc, n + 1, sizeof(*rows));
		read_row(q, a, &lib, &rows[n++], NULL);
	}
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	if (ret_total) {
		if (filter_keeps_all(f))
			q = store_query(ctx->st, "SELECT COUNT(*) FROM risk WHERE isms_id = $1", err);
		else
			q = store_query(ctx->st, "SELECT COUNT(*) FROM risk r" LIST_WHERE, err);
		if (!q) {
			rc = err->code;
			goto out;
		}
		bind_filter(q, isms_id, f);
		r = stmt_next(q, err);
		if (r < 0) {
			rc = err->code;
			goto out;
		}
		*ret_total = (size_t)stmt_int(q, 0);
		stmt_run(q, err);
	}
	if (f->with_controls && n) {
		/* attach by id, then restore the order asked for */
		size_t *order = xcalloc(n, sizeof(*order));
		struct risk *byid = arena_alloc(a, n * sizeof(*byid));

		for (size_t k = 0; k < n; k++)
			rows[k].ncontrols = k; /* remember the position */
		memcpy(byid, rows, n * sizeof(*rows));
		qsort(byid, n, sizeof(*byid), cmp_id);
		for (size_t k = 0; k < n; k++) {
			order[k] = byid[k].ncontrols;
			byid[k].ncontrols = 0;
		}
		rc = attach_controls(ctx, a, isms_id, byid, n, n == 1 ? byid[0].id : 0, err);
		for (size_t k = 0; k < n; k++)
			rows[order[k]] = byid[k];
		free(order);
		if (rc)
			goto out;
	}
	*ret = rows;
	*ret_n = n;
out:
	/* a commit of a read, or nothing when nested in the caller's transaction */
	return store_end(ctx->st, rc, err);
}

/* --- targets ---------------------------------------------------------------------------------- */

enum isms_rc risk_target_asset(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       const char *code, struct risk_target *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT id, code, name, type, owner, COALESCE(c, 0), COALESCE(i, 0),"
				     " COALESCE(a, 0) FROM asset WHERE isms_id = $1 AND code = $2",
				     err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, code);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		isms_err_set(err, ISMS_ENOTFOUND, _("no asset with the ID \"%s\""), code);
		isms_err_hint(err, _("\"isms asset list\" shows the assets."));
		isms_err_field(err, "asset");
		return ISMS_ENOTFOUND;
	}
	memset(ret, 0, sizeof(*ret));
	ret->asset_id = stmt_int(q, 0);
	ret->asset_code = arena_strdup(a, stmt_text(q, 1));
	ret->asset_name = arena_strdup(a, stmt_text(q, 2));
	ret->asset_type = arena_strdup(a, stmt_text(q, 3));
	ret->owner = arena_strdup(a, stmt_text(q, 4));
	ret->c = (int)stmt_int(q, 5);
	ret->i = (int)stmt_int(q, 6);
	ret->a = (int)stmt_int(q, 7);
	stmt_run(q, err);
	return ISMS_OK;
}

enum isms_rc risk_target_group(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       const char *name, struct risk_target *ret, struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT COUNT(*), COALESCE(MAX(c), 0), COALESCE(MAX(i), 0),"
				     " COALESCE(MAX(a), 0) FROM asset WHERE isms_id = $1 AND grp = $2",
				     err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, name);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0 || !*name || stmt_int(q, 0) == 0) {
		if (r > 0)
			stmt_run(q, err);
		isms_err_set(err, ISMS_ENOTFOUND, _("no asset group named \"%s\""), name);
		isms_err_detail(err, _("A group exists while at least one asset belongs to it."));
		isms_err_hint(err, _("Put assets in a group with \"isms asset edit ID --group NAME\"."));
		isms_err_field(err, "group");
		return ISMS_ENOTFOUND;
	}
	memset(ret, 0, sizeof(*ret));
	ret->group = arena_strdup(a, name);
	ret->asset_name = "";
	ret->asset_type = "";
	ret->owner = "";
	ret->c = (int)stmt_int(q, 1);
	ret->i = (int)stmt_int(q, 2);
	ret->a = (int)stmt_int(q, 3);
	stmt_run(q, err);
	return ISMS_OK;
}

enum isms_rc risk_next_code(struct isms_ctx *ctx, int64_t isms_id, long long *ret_next,
			    struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st,
				     "SELECT code FROM risk WHERE isms_id = $1 AND code >= 'R-' AND code < 'R.'",
				     err);
	long long max = 0, v;
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0)
		if (isms_parse_int(stmt_text(q, 0) + 2, 0, 999999999999LL, &v) && v > max)
			max = v;
	if (r < 0)
		return err->code;
	*ret_next = max + 1;
	return ISMS_OK;
}

/* --- writing ---------------------------------------------------------------------------------- */

json_t *risk_json(const struct risk *r)
{
	json_t *o = json_object(), *ctl = json_array(), *ext = json_array();
	char props[4];

	score_props_format(r->props, props);
	json_set_str(o, "code", r->code);
	json_set_str(o, "asset", r->asset_code);
	json_set_str(o, "group", r->group);
	json_set_str(o, "threat", r->threat);
	json_set_str(o, "vulnerability", r->vuln);
	json_set_str(o, "props", props);
	json_set_int(o, "threat_level", r->threat_level);
	json_set_int(o, "vuln_level", r->vuln_level);
	json_set_int(o, "likelihood", r->likelihood);
	json_set_int(o, "impact", r->impact);
	json_set_str(o, "owner", r->owner);
	json_set_str(o, "description", r->description);
	json_set_int(o, "asset_c", r->av_c);
	json_set_int(o, "asset_i", r->av_i);
	json_set_int(o, "asset_a", r->av_a);
	json_set_int(o, "value", r->value);
	json_set_int(o, "level", r->level);
	json_set_str(o, "evaluation", score_decision_code(r->evaluation));
	json_set_str(o, "treatment", r->treatment ? risk_treatment_code(r->treatment) : NULL);
	for (size_t k = 0; k < r->ncontrols; k++)
		json_array_append_new(ctl, json_string(r->controls[k]));
	for (size_t k = 0; k < r->nextras; k++)
		json_array_append_new(ext, json_string(r->extras[k]));
	json_object_set_new(o, "controls", ctl);
	json_object_set_new(o, "extra_controls", ext);
	json_set_str(o, "plan_owner", r->plan_owner);
	json_set_str(o, "plan_due", r->plan_due);
	json_set_str(o, "plan_status", risk_plan_status_code(r->plan_status));
	json_set_str(o, "plan_note", r->plan_note);
	json_set_int(o, "residual_threat", r->res_threat);
	json_set_int(o, "residual_vuln", r->res_vuln);
	json_set_int(o, "residual_likelihood", r->res_likelihood);
	json_set_int(o, "residual_impact", r->res_impact);
	json_set_int(o, "residual_value", r->residual_value);
	json_set_int(o, "residual_level", r->residual_level);
	json_set_str(o, "residual_evaluation", score_decision_code(r->residual_evaluation));
	return o;
}

static void bind_level(struct stmt *q, int n, int v)
{
	if (v > 0)
		stmt_bind_int(q, n, v);
	else
		stmt_bind_null(q, n);
}

enum isms_rc risk_write(struct isms_ctx *ctx, int64_t isms_id, const struct score_method *m,
			struct risk *r, int64_t asset_id, bool insert, struct isms_err *err)
{
	static const char insert_sql[] =
		"INSERT INTO risk (isms_id, code, asset_id, grp, threat, vuln, props, threat_level,"
		" vuln_level, likelihood, impact, owner, description, av_c, av_i, av_a, input_key, value,"
		" level, evaluation, treatment, plan_owner, plan_due, plan_status, plan_note, res_threat,"
		" res_vuln, res_likelihood, res_impact, residual_key, residual_value, residual_level,"
		" residual_evaluation, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
		" $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25,"
		" $26, $27, $28, $29, $30, $31, $32, $33, $34, $34) RETURNING id";
	static const char update_sql[] =
		"UPDATE risk SET code = $2, asset_id = $3, grp = $4, threat = $5, vuln = $6, props = $7,"
		" threat_level = $8, vuln_level = $9, likelihood = $10, impact = $11, owner = $12,"
		" description = $13, av_c = $14, av_i = $15, av_a = $16, input_key = $17, value = $18,"
		" level = $19, evaluation = $20, treatment = $21, plan_owner = $22, plan_due = $23,"
		" plan_status = $24, plan_note = $25, res_threat = $26, res_vuln = $27,"
		" res_likelihood = $28, res_impact = $29, residual_key = $30, residual_value = $31,"
		" residual_level = $32, residual_evaluation = $33, updated_at = $34"
		" WHERE isms_id = $1 AND id = $35";
	char now[ISMS_TIME_LEN];
	struct score_input in;
	struct stmt *q;

	risk_eval(m, r);
	isms_time_now(now);
	q = store_query(ctx->st, insert ? insert_sql : update_sql, err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, r->code);
	if (asset_id)
		stmt_bind_int(q, 3, asset_id);
	else
		stmt_bind_null(q, 3);
	stmt_bind_text(q, 4, asset_id ? NULL : r->group);
	stmt_bind_text(q, 5, r->threat);
	stmt_bind_text(q, 6, r->vuln);
	stmt_bind_int(q, 7, r->props);
	bind_level(q, 8, r->threat_level);
	bind_level(q, 9, r->vuln_level);
	bind_level(q, 10, r->likelihood);
	bind_level(q, 11, r->impact);
	stmt_bind_text(q, 12, r->owner ? r->owner : "");
	stmt_bind_text(q, 13, r->description ? r->description : "");
	stmt_bind_int(q, 14, r->av_c);
	stmt_bind_int(q, 15, r->av_i);
	stmt_bind_int(q, 16, r->av_a);
	risk_input(r, &in);
	stmt_bind_int(q, 17, risk_pack_key(&in));
	bind_level(q, 18, r->value);
	bind_level(q, 19, r->level);
	stmt_bind_text(q, 20, score_decision_code(r->evaluation));
	stmt_bind_text(q, 21, r->treatment ? risk_treatment_code(r->treatment) : NULL);
	stmt_bind_text(q, 22, r->plan_owner ? r->plan_owner : "");
	stmt_bind_text(q, 23, r->plan_due ? r->plan_due : "");
	stmt_bind_text(q, 24, risk_plan_status_code(r->plan_status));
	stmt_bind_text(q, 25, r->plan_note ? r->plan_note : "");
	bind_level(q, 26, r->res_threat);
	bind_level(q, 27, r->res_vuln);
	bind_level(q, 28, r->res_likelihood);
	bind_level(q, 29, r->res_impact);
	if (r->treatment) {
		risk_residual_input(r, &in);
		stmt_bind_int(q, 30, risk_pack_key(&in));
	} else {
		stmt_bind_null(q, 30);
	}
	bind_level(q, 31, r->residual_value);
	bind_level(q, 32, r->residual_level);
	stmt_bind_text(q, 33, score_decision_code(r->residual_evaluation));
	stmt_bind_text(q, 34, now);
	if (!insert) {
		stmt_bind_int(q, 35, r->id);
		return stmt_run(q, err);
	}
	return stmt_insert_id(q, &r->id, err);
}

enum isms_rc risk_write_controls(struct isms_ctx *ctx, int64_t isms_id, const struct risk *r,
				 struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, "DELETE FROM risk_control WHERE isms_id = $1 AND risk_id = $2",
				     err);
	enum isms_rc rc;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, r->id);
	rc = stmt_run(q, err);
	for (int kind = 0; kind < 2 && !rc; kind++) {
		const char *const *list = kind ? r->extras : r->controls;
		size_t n = kind ? r->nextras : r->ncontrols;

		for (size_t k = 0; k < n && !rc; k++) {
			q = store_query(ctx->st,
					"INSERT INTO risk_control (isms_id, risk_id, kind, pos, control)"
					" VALUES ($1, $2, $3, $4, $5)",
					err);
			if (!q)
				return err->code;
			stmt_bind_int(q, 1, isms_id);
			stmt_bind_int(q, 2, r->id);
			stmt_bind_text(q, 3, kind ? "extra" : "annex");
			stmt_bind_int(q, 4, (int64_t)k + 1);
			stmt_bind_text(q, 5, list[k]);
			rc = stmt_run(q, err);
		}
	}
	return rc;
}

/* --- adding, changing, removing ------------------------------------------------------------- */

static enum isms_rc lookup_threat(struct arena *a, const struct library *lib, const char *s,
				  const struct lib_threat **ret, struct isms_err *err)
{
	*ret = library_find_threat(lib, s);
	if (*ret)
		return ISMS_OK;
	library_threat_not_found(a, lib, s, ISMS_ENOTFOUND, err);
	isms_err_hint(err, _("Give a code or the exact name from \"isms threat list\", or add the threat with \"isms threat add\"."));
	isms_err_field(err, "threat");
	return ISMS_ENOTFOUND;
}

static enum isms_rc lookup_vuln(struct arena *a, const struct library *lib, const char *s,
				const struct lib_vuln **ret, struct isms_err *err)
{
	*ret = library_find_vuln(lib, s);
	if (*ret)
		return ISMS_OK;
	library_vuln_not_found(a, lib, s, ISMS_ENOTFOUND, err);
	isms_err_hint(err, _("Give a code or the exact name from \"isms vuln list\", or add the vulnerability with \"isms vuln add\"."));
	isms_err_field(err, "vulnerability");
	return ISMS_ENOTFOUND;
}

static enum isms_rc check_texts(const char *owner, const char *desc, struct isms_err *err)
{
	enum isms_rc rc;

	if (owner && *owner && (rc = isms_check_text(owner, RISK_OWNER_MAX, "owner", err)))
		return rc;
	if (desc && (rc = isms_check_textblock(desc, RISK_DESC_MAX, "description", err)))
		return rc;
	return ISMS_OK;
}

static void apply_target(struct risk *r, const struct risk_target *t)
{
	r->asset_code = t->asset_code;
	r->asset_name = t->asset_name;
	r->asset_type = t->asset_type;
	r->group = t->asset_id ? NULL : t->group;
	r->av_c = t->c;
	r->av_i = t->i;
	r->av_a = t->a;
}

static enum isms_rc code_free(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			      struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, "SELECT id FROM risk WHERE isms_id = $1 AND code = $2", err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_text(q, 2, code);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r > 0) {
		stmt_run(q, err);
		isms_err_set(err, ISMS_EEXIST, _("a risk with the ID \"%s\" already exists"), code);
		isms_err_hint(err, _("Choose another ID, or leave it out to have the next one generated."));
		isms_err_field(err, "code");
		return ISMS_EEXIST;
	}
	return ISMS_OK;
}

enum isms_rc risk_add(struct isms_ctx *ctx, int64_t isms_id, const struct risk_new *n,
		      char ret_code[RISK_CODE_MAX + 1], struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method m;
	bool have_m = false;
	struct library lib;
	struct risk_target t;
	struct risk r = { 0 };
	const struct lib_threat *th;
	const struct lib_vuln *vu;
	json_t *after;
	enum isms_rc rc;

	if (n->code && (rc = risk_check_code(n->code, "code", err)))
		return rc;
	if ((n->asset != NULL) == (n->group != NULL)) {
		isms_err_set(err, ISMS_EINVAL, _("a risk is about one asset or one asset group"));
		isms_err_hint(err, _("Give either --asset ID or --group NAME."));
		isms_err_field(err, "asset");
		return ISMS_EINVAL;
	}
	if (!n->threat || !*n->threat || !n->vuln || !*n->vuln) {
		isms_err_set(err, ISMS_EINVAL, _("a risk needs a threat and a vulnerability"));
		isms_err_field(err, n->threat && *n->threat ? "vulnerability" : "threat");
		return ISMS_EINVAL;
	}
	if (n->props & ~7u)
		return isms_err_set(err, ISMS_EINVAL, _("unknown property"));
	rc = check_texts(n->owner, n->description, err);
	if (rc)
		return rc;
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = method_current(ctx, &a, isms_id, &m, NULL, err)))
		goto out;
	have_m = true;
	if ((rc = library_load(ctx, &a, isms_id, &lib, err)) ||
	    (rc = lookup_threat(&a, &lib, n->threat, &th, err)) ||
	    (rc = lookup_vuln(&a, &lib, n->vuln, &vu, err)))
		goto out;
	rc = n->asset ? risk_target_asset(ctx, &a, isms_id, n->asset, &t, err)
		      : risk_target_group(ctx, &a, isms_id, n->group, &t, err);
	if (rc)
		goto out;
	if (n->code) {
		rc = code_free(ctx, isms_id, n->code, err);
		if (rc)
			goto out;
		r.code = n->code;
	} else {
		long long next;

		rc = risk_next_code(ctx, isms_id, &next, err);
		if (rc)
			goto out;
		r.code = arena_printf(&a, "R-%03lld", next);
	}
	apply_target(&r, &t);
	r.threat = th->code;
	r.vuln = vu->code;
	r.props = n->props ? n->props : th->props;
	r.threat_level = n->threat_level;
	r.vuln_level = n->vuln_level;
	r.likelihood = n->likelihood;
	r.impact = n->impact;
	r.owner = n->owner ? n->owner : t.owner;
	r.description = n->description ? n->description : "";
	r.plan_owner = r.plan_due = r.plan_note = "";
	rc = risk_check_levels(&m, &r, err);
	if (rc)
		goto out;
	rc = risk_write(ctx, isms_id, &m, &r, t.asset_id, true, err);
	if (rc)
		goto out;
	after = risk_json(&r);
	rc = model_audit(ctx, isms_id, "risk", r.code, "create", NULL, after, err);
	json_decref(after);
	if (!rc && ret_code)
		snprintf(ret_code, RISK_CODE_MAX + 1, "%s", r.code);
out:
	if (have_m)
		score_method_release(&m);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

enum isms_rc risk_edit(struct isms_ctx *ctx, int64_t isms_id, const char *code,
		       const struct risk_edit *e, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method m;
	bool have_m = false;
	struct library lib;
	struct risk_target t;
	struct risk r;
	int64_t asset_id;
	json_t *before = NULL, *after = NULL;
	enum isms_rc rc;

	if (e->asset && e->group) {
		isms_err_set(err, ISMS_EINVAL, _("a risk is about one asset or one asset group"));
		isms_err_hint(err, _("Give either --asset ID or --group NAME."));
		return ISMS_EINVAL;
	}
	if (e->props == 0 || e->props > 7) {
		isms_err_set(err, ISMS_EINVAL, _("a risk affects at least one of C, I and A"));
		isms_err_field(err, "props");
		return ISMS_EINVAL;
	}
	rc = check_texts(e->owner, e->description, err);
	if (rc)
		return rc;
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = method_current(ctx, &a, isms_id, &m, NULL, err)))
		goto out;
	have_m = true;
	if ((rc = library_load(ctx, &a, isms_id, &lib, err)) ||
	    (rc = risk_load(ctx, &a, isms_id, &lib, code, &r, &asset_id, err)))
		goto out;
	before = risk_json(&r);
	if (e->asset || (!e->group && asset_id)) {
		rc = risk_target_asset(ctx, &a, isms_id, e->asset ? e->asset : r.asset_code, &t, err);
	} else {
		rc = risk_target_group(ctx, &a, isms_id, e->group ? e->group : r.group, &t, err);
	}
	if (rc)
		goto out;
	apply_target(&r, &t);
	if (e->threat) {
		const struct lib_threat *th;

		rc = lookup_threat(&a, &lib, e->threat, &th, err);
		if (rc)
			goto out;
		r.threat = th->code;
	}
	if (e->vuln) {
		const struct lib_vuln *vu;

		rc = lookup_vuln(&a, &lib, e->vuln, &vu, err);
		if (rc)
			goto out;
		r.vuln = vu->code;
	}
	if (e->props > 0)
		r.props = (unsigned)e->props;
	if (e->threat_level >= 0)
		r.threat_level = e->threat_level;
	if (e->vuln_level >= 0)
		r.vuln_level = e->vuln_level;
	if (e->likelihood >= 0)
		r.likelihood = e->likelihood;
	if (e->impact >= 0)
		r.impact = e->impact;
	if (e->owner)
		r.owner = e->owner;
	if (e->description)
		r.description = e->description;
	{
		/* Only the levels being set are checked: levels of another
		 * formula kept from an earlier method stay as they are. */
		struct risk chk = { 0 };

		chk.threat_level = e->threat_level;
		chk.vuln_level = e->vuln_level;
		chk.likelihood = e->likelihood;
		chk.impact = e->impact;
		rc = risk_check_levels(&m, &chk, err);
		if (rc)
			goto out;
	}
	rc = risk_write(ctx, isms_id, &m, &r, t.asset_id, false, err);
	if (rc)
		goto out;
	after = risk_json(&r);
	if (json_equal(before, after)) {
		/* nothing changed: no audit entry */
		goto out;
	}
	rc = model_audit(ctx, isms_id, "risk", r.code, "update", before, after, err);
out:
	json_decref(before);
	json_decref(after);
	if (have_m)
		score_method_release(&m);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

enum isms_rc risk_rm(struct isms_ctx *ctx, int64_t isms_id, const char *code, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct library lib;
	struct risk r;
	struct stmt *q;
	json_t *before = NULL;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	if ((rc = library_load(ctx, &a, isms_id, &lib, err)) ||
	    (rc = risk_load(ctx, &a, isms_id, &lib, code, &r, NULL, err)))
		goto out;
	before = risk_json(&r);
	q = store_query(ctx->st, "DELETE FROM risk WHERE isms_id = $1 AND id = $2", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, r.id);
	rc = stmt_run(q, err);
	if (!rc)
		rc = model_audit(ctx, isms_id, "risk", r.code, "delete", before, NULL, err);
out:
	json_decref(before);
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

enum isms_rc risk_explain(struct isms_ctx *ctx, int64_t isms_id, const struct risk *r,
			  struct score_result *ret, struct score_result *ret_residual,
			  struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method m;
	struct score_input in;
	enum isms_rc rc;

	rc = method_current(ctx, &a, isms_id, &m, NULL, err);
	if (!rc) {
		risk_input(r, &in);
		score_evaluate(&m, &in, ret);
		memset(ret_residual, 0, sizeof(*ret_residual));
		if (r->treatment) {
			risk_residual_input(r, &in);
			score_evaluate(&m, &in, ret_residual);
		}
		score_method_release(&m);
	}
	arena_release(&a);
	return rc;
}

/* --- re-evaluation ------------------------------------------------------------------------------ */

/* Bring av_c, av_i, av_a and the keys of stale risks up to date (their
 * asset, or their group, was revalued). Returns how many changed. */
static enum isms_rc refresh_stale(struct isms_ctx *ctx, int64_t isms_id, size_t *ret_n,
				  struct isms_err *err)
{
	struct stale {
		int64_t id, key, rkey;
		int c, i, a;
		bool has_rkey;
	} *v = NULL;
	size_t n = 0, alloc = 0;
	struct stmt *q;
	enum isms_rc rc = ISMS_OK;
	int r;

	q = store_query(ctx->st,
			"SELECT r.id, COALESCE(a.c, g.c, 0), COALESCE(a.i, g.i, 0), COALESCE(a.a, g.a, 0),"
			" r.input_key, r.residual_key FROM risk r LEFT JOIN asset a ON a.id = r.asset_id"
			GROUP_MAX " WHERE r.isms_id = $1 AND (" STALE_EXPR ") = 1",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		struct score_input in;

		v = xgrow(v, &alloc, n + 1, sizeof(*v));
		v[n].id = stmt_int(q, 0);
		v[n].c = (int)stmt_int(q, 1);
		v[n].i = (int)stmt_int(q, 2);
		v[n].a = (int)stmt_int(q, 3);
		risk_unpack_key(stmt_int(q, 4), &in);
		in.c = v[n].c, in.i = v[n].i, in.a = v[n].a;
		v[n].key = risk_pack_key(&in);
		v[n].has_rkey = !stmt_null(q, 5);
		if (v[n].has_rkey) {
			risk_unpack_key(stmt_int(q, 5), &in);
			in.c = v[n].c, in.i = v[n].i, in.a = v[n].a;
			v[n].rkey = risk_pack_key(&in);
		}
		n++;
	}
	if (r < 0) {
		free(v);
		return err->code;
	}
	for (size_t k = 0; k < n && !rc; k++) {
		q = store_query(ctx->st,
				"UPDATE risk SET av_c = $3, av_i = $4, av_a = $5, input_key = $6,"
				" residual_key = $7 WHERE isms_id = $1 AND id = $2",
				err);
		if (!q) {
			rc = err->code;
			break;
		}
		stmt_bind_int(q, 1, isms_id);
		stmt_bind_int(q, 2, v[k].id);
		stmt_bind_int(q, 3, v[k].c);
		stmt_bind_int(q, 4, v[k].i);
		stmt_bind_int(q, 5, v[k].a);
		stmt_bind_int(q, 6, v[k].key);
		if (v[k].has_rkey)
			stmt_bind_int(q, 7, v[k].rkey);
		else
			stmt_bind_null(q, 7);
		rc = stmt_run(q, err);
	}
	free(v);
	if (ret_n)
		*ret_n = n;
	return rc;
}

static int cmp_key(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return a < b ? -1 : a > b;
}

enum isms_rc risk_reevaluate(struct isms_ctx *ctx, int64_t isms_id, const struct score_method *m,
			     size_t *ret_count, size_t *ret_unevaluated, struct isms_err *err)
{
	int64_t *keys = NULL;
	size_t n = 0, alloc = 0;
	struct stmt *q;
	enum isms_rc rc;
	int r;

	rc = refresh_stale(ctx, isms_id, NULL, err);
	if (rc)
		return rc;
	q = store_query(ctx->st, "DELETE FROM risk_eval_map WHERE isms_id = $1", err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	rc = stmt_run(q, err);
	if (rc)
		return rc;
	/* Both key columns are indexed: these are index scans, and the
	 * distinct keys are few (bounded by the scales). */
	q = store_query(ctx->st,
			"SELECT DISTINCT input_key FROM risk WHERE isms_id = $1"
			" UNION SELECT DISTINCT residual_key FROM risk WHERE isms_id = $1"
			" AND residual_key IS NOT NULL",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		keys = xgrow(keys, &alloc, n + 1, sizeof(*keys));
		keys[n++] = stmt_int(q, 0);
	}
	if (r < 0) {
		free(keys);
		return err->code;
	}
	if (n)
		qsort(keys, n, sizeof(*keys), cmp_key);
	for (size_t k = 0; k < n && !rc; k++) {
		struct score_input in;
		struct score_result res;

		risk_unpack_key(keys[k], &in);
		score_evaluate(m, &in, &res);
		q = store_query(ctx->st,
				"INSERT INTO risk_eval_map (isms_id, input_key, value, level, evaluation)"
				" VALUES ($1, $2, $3, $4, $5)",
				err);
		if (!q) {
			rc = err->code;
			break;
		}
		stmt_bind_int(q, 1, isms_id);
		stmt_bind_int(q, 2, keys[k]);
		bind_level(q, 3, res.value);
		bind_level(q, 4, res.level);
		stmt_bind_text(q, 5, score_decision_code(res.decision));
		rc = stmt_run(q, err);
	}
	free(keys);
	if (rc)
		return rc;
	q = store_query(ctx->st,
			"UPDATE risk SET (value, level, evaluation) = (SELECT m.value, m.level, m.evaluation"
			" FROM risk_eval_map m WHERE m.isms_id = risk.isms_id AND m.input_key = risk.input_key),"
			" (residual_value, residual_level, residual_evaluation) = (SELECT m.value, m.level,"
			" m.evaluation FROM risk_eval_map m WHERE m.isms_id = risk.isms_id"
			" AND m.input_key = risk.residual_key)"
			" WHERE isms_id = $1",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	rc = stmt_run(q, err);
	if (rc)
		return rc;
	if (ret_count)
		*ret_count = (size_t)store_changes(ctx->st);
	if (ret_unevaluated) {
		q = store_query(ctx->st,
				"SELECT COUNT(*) FROM risk WHERE isms_id = $1 AND evaluation IS NULL", err);
		if (!q)
			return err->code;
		stmt_bind_int(q, 1, isms_id);
		r = stmt_next(q, err);
		if (r < 0)
			return err->code;
		*ret_unevaluated = (size_t)stmt_int(q, 0);
		stmt_run(q, err);
	}
	return ISMS_OK;
}

enum isms_rc risk_evaluate_all(struct isms_ctx *ctx, int64_t isms_id, size_t *ret_changed,
			       struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct score_method m;
	size_t stale = 0, count = 0, uneval = 0;
	json_t *after;
	enum isms_rc rc;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = method_current(ctx, &a, isms_id, &m, NULL, err);
	if (rc)
		goto out;
	rc = refresh_stale(ctx, isms_id, &stale, err);
	if (!rc)
		rc = risk_reevaluate(ctx, isms_id, &m, &count, &uneval, err);
	score_method_release(&m);
	if (rc)
		goto out;
	if (ret_changed)
		*ret_changed = stale;
	if (stale) {
		after = json_object();
		json_set_int(after, "risks_revalued", (long long)stale);
		json_set_int(after, "risks_reevaluated", (long long)count);
		json_set_int(after, "risks_unevaluated", (long long)uneval);
		rc = model_audit(ctx, isms_id, "risk", "register", "evaluate", NULL, after, err);
		json_decref(after);
	}
out:
	arena_release(&a);
	return store_end(ctx->st, rc, err);
}

/* --- suggestions ------------------------------------------------------------------------------- */

enum isms_rc risk_suggest(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			  const char *asset_code, struct risk_suggestion **ret, size_t *ret_n,
			  struct isms_err *err)
{
	struct risk_suggestion *out = NULL;
	size_t n = 0, alloc = 0;
	struct library lib;
	struct risk_target t;
	struct strmap have;
	struct stmt *q;
	enum isms_rc rc;
	int r;

	if ((rc = library_load(ctx, a, isms_id, &lib, err)) ||
	    (rc = risk_target_asset(ctx, a, isms_id, asset_code, &t, err)))
		return rc;
	/* the pairs the asset already has */
	strmap_init(&have, 64);
	q = store_query(ctx->st, "SELECT threat, vuln FROM risk WHERE isms_id = $1 AND asset_id = $2", err);
	if (!q) {
		strmap_free(&have);
		return err->code;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, t.asset_id);
	while ((r = stmt_next(q, err)) > 0)
		strmap_put(&have, arena_printf(a, "%s\t%s", stmt_text(q, 0), stmt_text(q, 1)), 1);
	if (r < 0) {
		strmap_free(&have);
		return err->code;
	}
	/* A vulnerability of the asset's type, with each threat it enables
	 * that also concerns the type. */
	for (size_t v = 0; v < lib.nvulns; v++) {
		const struct lib_vuln *vu = lib.vulns[v];

		if (!lib_list_has(vu->asset_types, t.asset_type))
			continue;
		for (size_t k = 0; k < lib.nthreats; k++) {
			const struct lib_threat *th = lib.threats[k];
			size_t dummy;

			if (!lib_list_has(vu->threats, th->code) ||
			    !lib_list_has(th->asset_types, t.asset_type))
				continue;
			out = arena_vec_grow(a, out, n, &alloc, n + 1, sizeof(*out));
			out[n].threat = th->code;
			out[n].threat_name = lib_threat_name(th);
			out[n].vuln = vu->code;
			out[n].vuln_name = lib_vuln_name(vu);
			out[n].props = th->props;
			out[n].registered = strmap_get(&have, arena_printf(a, "%s\t%s", th->code, vu->code),
						       &dummy);
			n++;
		}
	}
	strmap_free(&have);
	*ret = out;
	*ret_n = n;
	return ISMS_OK;
}

/* --- counts ------------------------------------------------------------------------------------ */

enum isms_rc risk_tally(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			struct risk_tally **ret, size_t *ret_n, struct isms_err *err)
{
	struct risk_tally *out = NULL;
	size_t n = 0, alloc = 0;
	struct stmt *q;
	int r;

	/* A few hundred combinations at most: the levels and values are
	 * bounded by the scales. */
	q = store_query(ctx->st,
			"SELECT threat_level, vuln_level, likelihood, impact, value, evaluation, COUNT(*)"
			" FROM risk WHERE isms_id = $1"
			" GROUP BY threat_level, vuln_level, likelihood, impact, value, evaluation",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		struct risk_tally *t;

		out = arena_vec_grow(a, out, n, &alloc, n + 1, sizeof(*out));
		t = &out[n++];
		t->threat_level = col_int(q, 0);
		t->vuln_level = col_int(q, 1);
		t->likelihood = col_int(q, 2);
		t->impact = col_int(q, 3);
		t->value = col_int(q, 4);
		if (stmt_null(q, 5) || !score_decision_parse(stmt_text(q, 5), &t->evaluation))
			t->evaluation = SCORE_UNEVALUATED;
		t->n = (long)stmt_int(q, 6);
	}
	if (r < 0)
		return err->code;
	*ret = out;
	*ret_n = n;
	return ISMS_OK;
}

/* --- status ------------------------------------------------------------------------------------ */

enum isms_rc risk_status_facts(struct isms_ctx *ctx, int64_t isms_id, struct status_facts *f,
			       struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct risk *rows;
	size_t n;
	struct risk_filter flt = RISK_FILTER_INIT;
	struct stmt *q;
	enum approval_state st;
	enum isms_rc rc;
	int r;

	/* step 3: a method of the ISMS's own, and its approval */
	q = store_query(ctx->st, "SELECT COUNT(*) FROM method WHERE isms_id = $1", err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	f->method_set = r > 0 && stmt_int(q, 0) > 0;
	stmt_run(q, err);
	rc = method_approval_state(ctx, isms_id, &st, err);
	if (rc)
		return rc;
	f->method_approved = f->method_set && st == APPROVAL_CURRENT;

	/* The residual risks that need approval are those of the filter
	 * needs_approval of risk_list (and of risk_needs_approval). */
	q = store_query(ctx->st,
			"SELECT COUNT(*),"
			" COALESCE(SUM(CASE WHEN r.evaluation IS NULL OR (" STALE_EXPR ") = 1 THEN 1 ELSE 0 END), 0),"
			" COALESCE(SUM(CASE WHEN r.evaluation = 'treat' THEN 1 ELSE 0 END), 0),"
			" COALESCE(SUM(CASE WHEN r.evaluation = 'treat' AND r.treatment IS NULL THEN 1 ELSE 0 END), 0),"
			" COALESCE(SUM(CASE WHEN r.treatment IS NOT NULL AND r.residual_evaluation = 'treat'"
			" THEN 1 ELSE 0 END), 0)"
			RISK_FROM " WHERE r.isms_id = $1",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	r = stmt_next(q, err);
	if (r <= 0)
		return r < 0 ? err->code : ISMS_OK;
	f->risks = (long)stmt_int(q, 0);
	f->risks_unevaluated = (long)stmt_int(q, 1);
	f->risks_to_treat = (long)stmt_int(q, 2);
	f->risks_untreated = (long)stmt_int(q, 3);
	f->residual_to_approve = (long)stmt_int(q, 4);
	stmt_run(q, err);

	/* Residual risks that need approval: treated, and not accepted by
	 * the criteria. Only one with an approval on record can have a
	 * current or a stale one: the approval of each of those is checked
	 * against its values (the hash of its snapshot). With no approval of
	 * a risk on record, the register is not read again. */
	q = store_query(ctx->st, "SELECT COUNT(*) FROM approval WHERE isms_id = $1 AND subject = 'risk'", err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	n = (size_t)stmt_int(q, 0);
	stmt_run(q, err);
	if (!n)
		goto out;
	flt.with_controls = true;
	flt.needs_approval = true;
	flt.has_approval = true;
	rc = risk_list(ctx, &a, isms_id, &flt, &rows, &n, NULL, err);
	if (rc)
		goto out;
	for (size_t k = 0; k < n; k++) {
		if (!risk_needs_approval(&rows[k]))
			continue;
		rc = risk_approval_state(ctx, &a, isms_id, &rows[k], &st, NULL, NULL, err);
		if (rc)
			goto out;
		if (st == APPROVAL_CURRENT)
			f->residual_approved++;
		else if (st == APPROVAL_STALE)
			f->approvals_stale++;
	}
out:
	arena_release(&a);
	return rc;
}
