/* report-risk.c - the risk list, the risk assessment and treatment reports and the residual risk approval record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/approval.h"
#include "isms/asset.h"
#include "isms/catalog.h"
#include "isms/i18n.h"
#include "isms/method.h"
#include "isms/report.h"
#include "isms/risk.h"
#include "isms/sbuf.h"

/* What every risk report starts from: the method in force and the whole
 * register with its controls. */
struct ctx {
	struct arena ar;
	struct score_method m;
	bool have_m;
	struct version_info v;
	struct risk *rows;
	size_t n;
};

static enum isms_rc load(struct isms_ctx *ictx, const struct isms_info *isms, struct ctx *c,
			 enum risk_sort sort, struct isms_err *err)
{
	struct risk_filter f = RISK_FILTER_INIT;
	enum isms_rc rc;

	memset(c, 0, sizeof(*c));
	rc = method_current(ictx, &c->ar, isms->id, &c->m, &c->v, err);
	if (rc)
		return rc;
	c->have_m = true;
	f.sort = sort;
	f.with_controls = true;
	return risk_list(ictx, &c->ar, isms->id, &f, &c->rows, &c->n, NULL, err);
}

static void release(struct ctx *c)
{
	if (c->have_m)
		score_method_release(&c->m);
	arena_release(&c->ar);
}

static const char *level_label(const struct score_method *m, int level)
{
	return level >= 1 && level <= m->nlevels ? score_text(&m->levels[level - 1].label) : NULL;
}

/* The same, never NULL, for formatting. */
static const char *level_name(const struct score_method *m, int level)
{
	const char *s = level_label(m, level);

	return s ? s : "";
}

/* Colours run from green (the lowest level) to red (the highest). */
static enum doc_style level_style(int level, int nlevels)
{
	if (level <= 0)
		return DOC_STYLE_MUTED;
	if (nlevels <= 1 || level == 1)
		return DOC_STYLE_GOOD;
	if (level == nlevels)
		return DOC_STYLE_BAD;
	return (level - 1) * 2 < nlevels ? DOC_STYLE_NOTICE : DOC_STYLE_WARN;
}

/* Whether the acceptance criteria accept the risks of `level`: "yes" or
 * "no" when they name levels, or when a threshold lies above or below all
 * of the level's values; "up to N" when it cuts through them. Accepted
 * matrix cells are marked in the matrix itself: "-" here. */
static const char *level_accepted(struct arena *a, const struct score_method *m, int level)
{
	if (m->criterion == SCORE_CRIT_LEVELS)
		return (m->accept_levels >> (level - 1)) & 1 ? _("yes") : _("no");
	if (m->criterion == SCORE_CRIT_THRESHOLD && m->formula == SCORE_FORMULA_AVT) {
		int lo = m->levels[level - 1].min;
		int hi = level < m->nlevels ? m->levels[level].min - 1 : m->vmax;

		if (hi <= m->threshold)
			return _("yes");
		if (lo > m->threshold)
			return _("no");
		return arena_printf(a, _("up to %d"), m->threshold);
	}
	return "-";
}

static enum doc_style decision_style(enum score_decision d)
{
	switch (d) {
	case SCORE_ACCEPT: return DOC_STYLE_GOOD;
	case SCORE_TREAT: return DOC_STYLE_WARN;
	case SCORE_BASELINE: return DOC_STYLE_NONE;
	default: return DOC_STYLE_MUTED;
	}
}

static void set_int(struct doc_table *t, size_t col, int v)
{
	if (v > 0)
		doc_set_int(t, col, v);
}

static const char *controls_text(struct arena *a, const struct risk *r, bool extras)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;
	const char *const *v = extras ? r->extras : r->controls;
	size_t n = extras ? r->nextras : r->ncontrols;

	for (size_t k = 0; k < n; k++) {
		if (k)
			sbuf_addch(&sb, '\n');
		sbuf_addstr(&sb, v[k]);
	}
	out = arena_strdup(a, sb.buf);
	sbuf_release(&sb);
	return out;
}

static const char *criterion_text(struct arena *a, const struct score_method *m)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;
	bool first = true;

	switch (m->criterion) {
	case SCORE_CRIT_THRESHOLD:
		sbuf_addf(&sb, _("accept risks whose value is at most %d"), m->threshold);
		break;
	case SCORE_CRIT_LEVELS:
		sbuf_addstr(&sb, _("accept the risk levels"));
		for (int k = 0; k < m->nlevels; k++) {
			if ((m->accept_levels >> k) & 1) {
				sbuf_addf(&sb, "%s %s", first ? "" : ",", score_text(&m->levels[k].label));
				first = false;
			}
		}
		break;
	case SCORE_CRIT_CELLS:
		sbuf_addstr(&sb, _("accept the matrix cells (likelihood:impact)"));
		for (int l = 0; l < m->likelihood.n; l++) {
			for (int i = 0; i < m->impact.n; i++) {
				if ((m->accept_cell[l] >> i) & 1) {
					sbuf_addf(&sb, "%s %d:%d", first ? "" : ",", l + 1, i + 1);
					first = false;
				}
			}
		}
		break;
	}
	out = arena_strdup(a, sb.buf);
	sbuf_release(&sb);
	return out;
}

static void method_block(struct doc *d, struct ctx *c)
{
	const struct score_method *m = &c->m;

	doc_heading(d, 1, _("Risk assessment method"));
	if (c->v.version)
		doc_kvf(d, "method_version", _("Version"), "%d (%s)", c->v.version, c->v.created_at);
	else
		doc_kv(d, "method_version", _("Version"), _("not set yet; the default preset applies"));
	doc_kv(d, "method", _("Name"), score_text(&m->name));
	doc_kv(d, "approach", _("Approach"), score_approach_label(m->approach));
	doc_kv(d, "formula", _("Formula"), score_formula_label(m->formula));
	if (m->formula == SCORE_FORMULA_AVT)
		doc_kv(d, "asset_value", _("Asset value"), score_asset_mode_label(m->asset_mode));
	doc_kv(d, "criterion", _("Acceptance criterion"), criterion_text(&c->ar, m));
	doc_kv(d, "assurance", _("Required level of assurance"), score_text(&m->assurance));
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return a < b ? -1 : a > b;
}

/* --- リスクマネジメント実施基準: the method as a document ------------------------------------------ */

static void scale_table(struct doc *d, const char *key, const char *caption, const struct score_scale *s)
{
	struct doc_table *t;

	if (!s->n)
		return;
	t = doc_table(d, key, caption);
	doc_col(t, "level", _("Level"), DOC_NUMBER, 5);
	doc_col(t, "label", _("Name"), DOC_TEXT, 20);
	doc_col(t, "description", _("Description"), DOC_TEXT, 60);
	for (int k = 0; k < s->n; k++) {
		doc_row(t);
		doc_set_int(t, 0, k + 1);
		doc_set(t, 1, score_text(&s->lv[k].label));
		doc_set(t, 2, score_text(&s->lv[k].desc));
	}
}

enum isms_rc report_method(struct isms_ctx *ctx, const struct isms_info *isms,
			   const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	struct ctx c = { 0 };
	const struct score_method *m;
	enum approval_state st;
	struct approval latest;
	bool found = false;
	struct doc *d;
	struct doc_table *t;
	struct doc_chart *ch;
	enum isms_rc rc;

	rc = method_current(ctx, &c.ar, isms->id, &c.m, &c.v, err);
	if (rc) {
		arena_release(&c.ar);
		return rc;
	}
	c.have_m = true;
	m = &c.m;
	rc = method_approval_state(ctx, isms->id, &st, err);
	if (!rc)
		rc = approval_latest(ctx, &c.ar, isms->id, "method", "method", &latest, &found, err);
	if (rc) {
		release(&c);
		return rc;
	}
	d = report_new("method", _("Risk management method and acceptance criteria"), isms, o);
	method_block(d, &c);
	if (c.v.version) {
		if (st == APPROVAL_CURRENT)
			doc_kvf(d, "approval", _("Approval"), _("approved by %s on %s"), latest.approver, latest.at);
		else if (st == APPROVAL_STALE)
			doc_kv(d, "approval", _("Approval"), _("an earlier version was approved; this one is not yet"));
		else if (st == APPROVAL_REJECTED_STATE)
			doc_kv(d, "approval", _("Approval"), _("rejected"));
		else
			doc_kv(d, "approval", _("Approval"), _("not approved"));
	} else {
		doc_para_styled(d, DOC_STYLE_WARN,
				_("The ISMS has not set its own method yet: risks are evaluated with the default preset until it does."));
	}
	doc_kvf(d, "values", _("Risk values"), "1-%d", m->vmax);
	if (m->approach == SCORE_APPROACH_COMBINED)
		doc_kvf(d, "detailed_above", _("Detailed analysis"),
			_("for assets whose value is above %d; the baseline controls for the others"),
			m->detailed_above);

	doc_heading(d, 1, _("Scales"));
	scale_table(d, "confidentiality", _("Confidentiality"), &m->asset[0]);
	scale_table(d, "integrity", _("Integrity"), &m->asset[1]);
	scale_table(d, "availability", _("Availability"), &m->asset[2]);
	if (m->formula == SCORE_FORMULA_AVT) {
		scale_table(d, "threat", _("Threat"), &m->threat);
		scale_table(d, "vulnerability", _("Vulnerability"), &m->vuln);
	} else {
		scale_table(d, "likelihood", _("Likelihood"), &m->likelihood);
		scale_table(d, "impact", _("Impact"), &m->impact);
	}

	doc_heading(d, 1, _("Risk levels"));
	t = doc_table(d, "levels", _("Risk levels"));
	doc_col(t, "level", _("Level"), DOC_NUMBER, 5);
	doc_col(t, "label", _("Name"), DOC_TEXT, 14);
	doc_col(t, "values", _("Risk values"), DOC_TEXT, 10);
	doc_col(t, "accepted", _("Accepted by the criteria"), DOC_TEXT, 10);
	doc_col(t, "description", _("Description"), DOC_TEXT, 50);
	doc_set_main(t);
	for (int k = 1; k <= m->nlevels; k++) {
		doc_row(t);
		doc_set_int(t, 0, k);
		doc_set(t, 1, level_label(m, k));
		doc_set_style(t, 1, level_style(k, m->nlevels));
		if (m->formula == SCORE_FORMULA_AVT) {
			int lo = m->levels[k - 1].min;
			int hi = k < m->nlevels ? m->levels[k].min - 1 : m->vmax;

			if (lo <= m->vmax)
				doc_setf(t, 2, "%d-%d", lo, hi < m->vmax ? hi : m->vmax);
		}
		doc_set(t, 3, level_accepted(&c.ar, m, k));
		doc_set(t, 4, score_text(&m->levels[k - 1].desc));
	}

	/* Every value the formula can give, coloured by its level: the
	 * matrix for likelihood × impact, asset value by threat ×
	 * vulnerability for the asset formula. */
	if (m->formula == SCORE_FORMULA_MATRIX) {
		int nl = m->likelihood.n, ni = m->impact.n;
		const char **rows = arena_zalloc(&c.ar, (size_t)nl * sizeof(char *));
		const char **cols = arena_zalloc(&c.ar, (size_t)ni * sizeof(char *));

		for (int l = 0; l < nl; l++)
			rows[l] = arena_printf(&c.ar, "%d %s", nl - l, score_text(&m->likelihood.lv[nl - l - 1].label));
		for (int i = 0; i < ni; i++)
			cols[i] = arena_printf(&c.ar, "%d %s", i + 1, score_text(&m->impact.lv[i].label));
		ch = doc_heatmap(d, "matrix", _("Risk matrix"), _("Likelihood"), _("Impact"), (size_t)nl, rows,
				 (size_t)ni, cols);
		for (int l = 0; l < nl; l++) {
			for (int i = 0; i < ni; i++) {
				int lv = m->cell[nl - l - 1][i];
				bool acc = score_accepts(m, (nl - l) * (i + 1), lv, nl - l, i + 1);

				doc_heatmap_set(ch, (size_t)l, (size_t)i, (long)((nl - l) * (i + 1)),
						doc_style_colour(level_style(lv, m->nlevels)),
						acc ? arena_printf(&c.ar, "%s ✓", level_name(m, lv)) : level_name(m, lv));
			}
		}
	} else {
		int products[SCORE_SCALE_MAX * SCORE_SCALE_MAX], np = 0;
		const char **rows = arena_zalloc(&c.ar, (size_t)m->av_max * sizeof(char *));
		const char **cols;

		for (int tl = 1; tl <= m->threat.n; tl++) {
			for (int vl = 1; vl <= m->vuln.n; vl++) {
				bool have = false;

				for (int k = 0; k < np; k++)
					have = have || products[k] == tl * vl;
				if (!have)
					products[np++] = tl * vl;
			}
		}
		qsort(products, (size_t)np, sizeof(int), cmp_int);
		cols = arena_zalloc(&c.ar, (size_t)np * sizeof(char *));
		for (int k = 0; k < np; k++)
			cols[k] = arena_printf(&c.ar, "%d", products[k]);
		for (int a = 0; a < m->av_max; a++)
			rows[a] = arena_printf(&c.ar, "%d", m->av_max - a);
		ch = doc_heatmap(d, "matrix", _("Risk values"), _("Asset value"), _("Threat × vulnerability"),
				 (size_t)m->av_max, rows, (size_t)np, cols);
		for (int a = 0; a < m->av_max; a++) {
			for (int k = 0; k < np; k++) {
				int value = (m->av_max - a) * products[k];
				int lv = m->level_of[value];
				bool acc = score_accepts(m, value, lv, 0, 0);

				doc_heatmap_set(ch, (size_t)a, (size_t)k, value,
						doc_style_colour(level_style(lv, m->nlevels)),
						acc ? arena_printf(&c.ar, "%s ✓", level_name(m, lv)) : level_name(m, lv));
			}
		}
	}
	doc_para_styled(d, DOC_STYLE_MUTED, _("✓ marks the values that the acceptance criteria accept."));
	release(&c);
	*ret = d;
	return ISMS_OK;
}

/* --- リスク一覧: the risk list ------------------------------------------------------------- */

enum {
	C_CODE, C_ASSET, C_ASSET_NAME, C_GROUP, C_THREAT, C_THREAT_NAME, C_VULN, C_VULN_NAME, C_PROPS,
	C_TL, C_VL, C_LIK, C_IMP, C_OWNER, C_DESC, C_VALUE, C_LEVEL, C_EVAL, C_TREAT, C_CONTROLS,
	C_RVALUE, C_REVAL, C_COUNT
};

static struct doc_table *register_table(struct doc *d, struct ctx *c, const char *key,
					const char *caption)
{
	struct doc_table *t = doc_table(d, key, caption);

	doc_col(t, "code", _("Risk ID"), DOC_TEXT, 8);
	doc_col(t, "asset", _("Asset ID"), DOC_TEXT, 8);
	doc_col(t, "asset_name", _("Asset name"), DOC_TEXT, 20);
	doc_col(t, "group", _("Asset group"), DOC_TEXT, 12);
	doc_col(t, "threat", _("Threat"), DOC_TEXT, 7);
	doc_col(t, "threat_name", _("Threat name"), DOC_TEXT, 24);
	doc_col(t, "vulnerability", _("Vulnerability"), DOC_TEXT, 7);
	doc_col(t, "vulnerability_name", _("Vulnerability name"), DOC_TEXT, 24);
	doc_col(t, "props", _("Properties"), DOC_TEXT, 5);
	doc_col(t, "threat_level", _("Threat level"), DOC_NUMBER, 5);
	doc_col(t, "vuln_level", _("Vulnerability level"), DOC_NUMBER, 5);
	doc_col(t, "likelihood", _("Likelihood"), DOC_NUMBER, 5);
	doc_col(t, "impact", _("Impact"), DOC_NUMBER, 5);
	doc_col(t, "owner", _("Risk owner"), DOC_TEXT, 12);
	doc_col(t, "description", _("Description"), DOC_TEXT, 30);
	doc_col(t, "value", _("Risk value"), DOC_NUMBER, 6);
	doc_col(t, "level", _("Risk level"), DOC_TEXT, 8);
	doc_col(t, "evaluation", _("Evaluation"), DOC_TEXT, 10);
	doc_col(t, "treatment", _("Treatment"), DOC_TEXT, 10);
	doc_col(t, "controls", _("Controls"), DOC_TEXT, 12);
	doc_col(t, "residual_value", _("Residual risk value"), DOC_NUMBER, 6);
	doc_col(t, "residual_evaluation", _("Residual risk evaluation"), DOC_TEXT, 10);
	for (size_t k = 0; k < c->n; k++) {
		const struct risk *r = &c->rows[k];
		char props[4];

		score_props_format(r->props, props);
		doc_row(t);
		doc_set(t, C_CODE, r->code);
		doc_set(t, C_ASSET, r->asset_code);
		doc_set(t, C_ASSET_NAME, r->asset_code ? r->asset_name : NULL);
		doc_set(t, C_GROUP, r->group);
		doc_set(t, C_THREAT, r->threat);
		doc_set(t, C_THREAT_NAME, r->threat_name);
		doc_set(t, C_VULN, r->vuln);
		doc_set(t, C_VULN_NAME, r->vuln_name);
		doc_set(t, C_PROPS, props);
		set_int(t, C_TL, r->threat_level);
		set_int(t, C_VL, r->vuln_level);
		set_int(t, C_LIK, r->likelihood);
		set_int(t, C_IMP, r->impact);
		doc_set(t, C_OWNER, r->owner);
		doc_set(t, C_DESC, r->description);
		set_int(t, C_VALUE, r->value);
		doc_set(t, C_LEVEL, level_label(&c->m, r->level));
		doc_set_style(t, C_LEVEL, level_style(r->level, c->m.nlevels));
		doc_set(t, C_EVAL, r->evaluation ? score_decision_label(r->evaluation) : _("not evaluated"));
		doc_set_style(t, C_EVAL, decision_style(r->evaluation));
		if (r->treatment) {
			doc_set(t, C_TREAT, risk_treatment_label(r->treatment));
			doc_set(t, C_CONTROLS, controls_text(&c->ar, r, false));
			set_int(t, C_RVALUE, r->residual_value);
			if (r->residual_evaluation) {
				doc_set(t, C_REVAL, score_decision_label(r->residual_evaluation));
				doc_set_style(t, C_REVAL, decision_style(r->residual_evaluation));
			}
		}
	}
	return t;
}

enum isms_rc report_risks(struct isms_ctx *ctx, const struct isms_info *isms,
			  const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	struct ctx c;
	struct doc *d;
	long treat = 0, uneval = 0, stale = 0;
	enum isms_rc rc;

	rc = load(ctx, isms, &c, RISK_SORT_CODE, err);
	if (rc) {
		release(&c);
		return rc;
	}
	d = report_new("risks", _("Risk list"), isms, o);
	for (size_t k = 0; k < c.n; k++) {
		treat += c.rows[k].evaluation == SCORE_TREAT;
		uneval += c.rows[k].evaluation == SCORE_UNEVALUATED;
		stale += c.rows[k].stale;
	}
	doc_heading(d, 1, _("Summary"));
	doc_kvf(d, "risks", _("Risks"), "%zu", c.n);
	doc_kvf(d, "to_treat", _("Risks above the acceptance criteria"), "%ld", treat);
	doc_kvf(d, "unevaluated", _("Risks not evaluated"), "%ld", uneval);
	doc_kvf(d, "stale", _("Risks due for re-evaluation"), "%ld", stale);
	doc_kv(d, "method", _("Risk assessment method"), score_text(&c.m.name));
	doc_heading(d, 1, _("Risks"));
	doc_set_main(register_table(d, &c, "risks", _("Risk list")));
	release(&c);
	*ret = d;
	return ISMS_OK;
}

/* --- リスクアセスメント結果報告: the risk assessment report ----------------------------------------- */

/* The heat map of the register. For likelihood × impact: likelihood by
 * impact. For asset × threat × vulnerability: the asset value by the
 * product of threat and vulnerability, so that every cell has one value
 * and one level. */
static void heatmap(struct doc *d, struct ctx *c)
{
	const struct score_method *m = &c->m;
	struct doc_chart *ch;
	long outside = 0;

	if (m->formula == SCORE_FORMULA_MATRIX) {
		int nl = m->likelihood.n, ni = m->impact.n;
		const char **rows = arena_zalloc(&c->ar, (size_t)nl * sizeof(char *));
		const char **cols = arena_zalloc(&c->ar, (size_t)ni * sizeof(char *));
		long counts[SCORE_SCALE_MAX][SCORE_SCALE_MAX] = { { 0 } };

		for (int l = 0; l < nl; l++)
			rows[l] = arena_printf(&c->ar, "%d %s", nl - l, score_text(&m->likelihood.lv[nl - l - 1].label));
		for (int i = 0; i < ni; i++)
			cols[i] = arena_printf(&c->ar, "%d %s", i + 1, score_text(&m->impact.lv[i].label));
		for (size_t k = 0; k < c->n; k++) {
			const struct risk *r = &c->rows[k];

			if (r->likelihood >= 1 && r->likelihood <= nl && r->impact >= 1 && r->impact <= ni)
				counts[r->likelihood - 1][r->impact - 1]++;
			else
				outside++;
		}
		ch = doc_heatmap(d, "matrix", _("Risk matrix"), _("Likelihood"), _("Impact"), (size_t)nl,
				 rows, (size_t)ni, cols);
		for (int l = 0; l < nl; l++) {
			for (int i = 0; i < ni; i++) {
				int lv = m->cell[nl - l - 1][i];

				doc_heatmap_set(ch, (size_t)l, (size_t)i, counts[nl - l - 1][i],
						doc_style_colour(level_style(lv, m->nlevels)),
						level_label(m, lv));
			}
		}
	} else {
		int products[SCORE_SCALE_MAX * SCORE_SCALE_MAX], np = 0;
		int av_max = m->av_max;
		const char **rows = arena_zalloc(&c->ar, (size_t)av_max * sizeof(char *));
		const char **cols;
		long *counts;

		for (int t = 1; t <= m->threat.n; t++) {
			for (int v = 1; v <= m->vuln.n; v++) {
				bool have = false;

				for (int k = 0; k < np; k++)
					have = have || products[k] == t * v;
				if (!have)
					products[np++] = t * v;
			}
		}
		qsort(products, (size_t)np, sizeof(int), cmp_int);
		cols = arena_zalloc(&c->ar, (size_t)np * sizeof(char *));
		for (int k = 0; k < np; k++)
			cols[k] = arena_printf(&c->ar, "%d", products[k]);
		for (int a = 0; a < av_max; a++)
			rows[a] = arena_printf(&c->ar, "%d", av_max - a);
		counts = arena_zalloc(&c->ar, (size_t)(av_max * np) * sizeof(long));
		for (size_t k = 0; k < c->n; k++) {
			const struct risk *r = &c->rows[k];
			int tv = r->threat_level * r->vuln_level, col = -1, av;

			if (!r->value || !tv) {
				outside++;
				continue;
			}
			/* value = asset value × threat × vulnerability in every
			 * mode (per property: the highest affected property's) */
			av = r->value / tv;
			for (int j = 0; j < np; j++)
				if (products[j] == tv)
					col = j;
			if (col < 0 || av < 1 || av > av_max) {
				outside++;
				continue;
			}
			counts[(av_max - av) * np + col]++;
		}
		ch = doc_heatmap(d, "matrix", _("Risk matrix"), _("Asset value"),
				 _("Threat × vulnerability"), (size_t)av_max, rows, (size_t)np, cols);
		for (int a = 0; a < av_max; a++) {
			for (int j = 0; j < np; j++) {
				int value = (av_max - a) * products[j];
				int lv = value <= SCORE_VALUE_MAX ? m->level_of[value] : m->nlevels;

				doc_heatmap_set(ch, (size_t)a, (size_t)j, counts[a * np + j],
						doc_style_colour(level_style(lv, m->nlevels)), level_label(m, lv));
			}
		}
	}
	if (outside)
		doc_para_styled(d, DOC_STYLE_MUTED,
				arena_printf(&c->ar, _n("%ld risk is not in the matrix: it has not been evaluated.",
							"%ld risks are not in the matrix: they have not been evaluated.",
							outside),
					     outside));
}

enum isms_rc report_assessment(struct isms_ctx *ctx, const struct isms_info *isms,
			       const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	struct ctx c;
	struct doc *d;
	struct doc_table *t;
	struct doc_chart *ch;
	long by_level[SCORE_RLEVELS_MAX + 1] = { 0 }, by_decision[SCORE_BASELINE + 1] = { 0 };
	long type_risks[ASSET_TYPE_COUNT + 1] = { 0 }, type_treat[ASSET_TYPE_COUNT + 1] = { 0 };
	size_t top;
	enum isms_rc rc;

	rc = load(ctx, isms, &c, RISK_SORT_VALUE, err);
	if (rc) {
		release(&c);
		return rc;
	}
	d = report_new("assessment", _("Risk assessment report"), isms, o);
	for (size_t k = 0; k < c.n; k++) {
		const struct risk *r = &c.rows[k];
		enum asset_type ty;
		int ti = ASSET_TYPE_COUNT; /* groups */

		by_level[r->level >= 1 && r->level <= c.m.nlevels ? r->level : 0]++;
		by_decision[r->evaluation]++;
		if (r->asset_code && asset_type_parse(r->asset_type, &ty))
			ti = (int)ty;
		type_risks[ti]++;
		type_treat[ti] += r->evaluation == SCORE_TREAT;
	}
	method_block(d, &c);

	doc_heading(d, 1, _("Summary"));
	doc_kvf(d, "risks", _("Risks"), "%zu", c.n);
	doc_kvf(d, "accepted", _("Accepted (within the criteria)"), "%ld", by_decision[SCORE_ACCEPT]);
	doc_kvf(d, "to_treat", _("To treat (above the criteria)"), "%ld", by_decision[SCORE_TREAT]);
	doc_kvf(d, "baseline", _("Covered by the baseline controls"), "%ld", by_decision[SCORE_BASELINE]);
	doc_kvf(d, "unevaluated", _("Not evaluated"), "%ld", by_decision[SCORE_UNEVALUATED]);

	doc_heading(d, 1, _("Risks by level"));
	t = doc_table(d, "by_level", _("Risks by level"));
	doc_col(t, "level", _("Risk level"), DOC_TEXT, 14);
	doc_col(t, "risks", _("Risks"), DOC_NUMBER, 8);
	doc_col(t, "accepted", _("Accepted by the criteria"), DOC_TEXT, 10);
	ch = doc_barchart(d, "by_level", _("Risks by level"), _("Risks"));
	for (int k = c.m.nlevels; k >= 1; k--) {
		enum doc_style st = level_style(k, c.m.nlevels);

		doc_row(t);
		doc_set(t, 0, level_label(&c.m, k));
		doc_set_style(t, 0, st);
		doc_set_int(t, 1, by_level[k]);
		doc_set(t, 2, level_accepted(&c.ar, &c.m, k));
		doc_bar(ch, level_label(&c.m, k), by_level[k], doc_style_colour(st));
	}
	doc_row(t);
	doc_set(t, 0, _("not evaluated"));
	doc_set_style(t, 0, DOC_STYLE_MUTED);
	doc_set_int(t, 1, by_level[0]);

	doc_heading(d, 1, _("Risks by asset type"));
	t = doc_table(d, "by_asset_type", _("Risks by asset type"));
	doc_col(t, "asset_type", _("Asset type"), DOC_TEXT, 14);
	doc_col(t, "risks", _("Risks"), DOC_NUMBER, 8);
	doc_col(t, "to_treat", _("To treat"), DOC_NUMBER, 8);
	ch = doc_barchart(d, "by_asset_type", _("Risks by asset type"), _("Risks"));
	for (int k = 0; k <= ASSET_TYPE_COUNT; k++) {
		const char *label = k < ASSET_TYPE_COUNT ? asset_type_label((enum asset_type)k)
							 : _("asset groups");

		if (!type_risks[k] && k == ASSET_TYPE_COUNT)
			continue;
		doc_row(t);
		doc_set(t, 0, label);
		doc_set_int(t, 1, type_risks[k]);
		doc_set_int(t, 2, type_treat[k]);
		doc_bar(ch, label, type_risks[k], NULL);
	}

	doc_heading(d, 1, _("Risk matrix"));
	heatmap(d, &c);

	doc_heading(d, 1, _("Top risks"));
	t = doc_table(d, "top", _("The highest risks"));
	doc_col(t, "code", _("Risk ID"), DOC_TEXT, 8);
	doc_col(t, "asset", _("Asset"), DOC_TEXT, 16);
	doc_col(t, "threat", _("Threat"), DOC_TEXT, 24);
	doc_col(t, "vulnerability", _("Vulnerability"), DOC_TEXT, 24);
	doc_col(t, "value", _("Risk value"), DOC_NUMBER, 6);
	doc_col(t, "level", _("Risk level"), DOC_TEXT, 8);
	doc_col(t, "evaluation", _("Evaluation"), DOC_TEXT, 10);
	top = 0;
	for (size_t k = 0; k < c.n && top < 10; k++) {
		const struct risk *r = &c.rows[k];

		if (!r->value)
			continue;
		top++;
		doc_row(t);
		doc_set(t, 0, r->code);
		doc_set(t, 1, r->asset_code ? r->asset_code : r->group);
		doc_set(t, 2, r->threat_name);
		doc_set(t, 3, r->vuln_name);
		doc_set_int(t, 4, r->value);
		doc_set(t, 5, level_label(&c.m, r->level));
		doc_set_style(t, 5, level_style(r->level, c.m.nlevels));
		doc_set(t, 6, score_decision_label(r->evaluation));
		doc_set_style(t, 6, decision_style(r->evaluation));
	}

	doc_heading(d, 1, _("Evaluation of every risk"));
	doc_set_main(register_table(d, &c, "evaluation", _("Evaluation of every risk")));
	release(&c);
	*ret = d;
	return ISMS_OK;
}

/* --- リスク対応結果報告: the risk treatment report --------------------------------------------------- */

enum isms_rc report_treatment(struct isms_ctx *ctx, const struct isms_info *isms,
			      const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	struct ctx c;
	struct doc *d;
	struct doc_table *t;
	struct doc_chart *ch;
	const struct catalog *cat = catalog_builtin(isms->edition);
	long by_option[RISK_TREAT_COUNT] = { 0 }, by_status[RISK_PLAN_COUNT] = { 0 };
	long to_treat = 0, untreated = 0, overdue = 0, approval = 0;
	enum isms_rc rc;

	rc = load(ctx, isms, &c, RISK_SORT_VALUE, err);
	if (rc) {
		release(&c);
		return rc;
	}
	d = report_new("treatment", _("Risk treatment report"), isms, o);
	for (size_t k = 0; k < c.n; k++) {
		const struct risk *r = &c.rows[k];

		to_treat += r->evaluation == SCORE_TREAT;
		untreated += r->evaluation == SCORE_TREAT && !r->treatment;
		by_option[r->treatment]++;
		if (r->treatment) {
			by_status[r->plan_status]++;
			overdue += *r->plan_due && o && o->date && strcmp(r->plan_due, o->date) < 0 &&
				   r->plan_status != RISK_PLAN_DONE;
			approval += risk_needs_approval(r);
		}
	}
	doc_heading(d, 1, _("Summary"));
	doc_kvf(d, "to_treat", _("Risks above the acceptance criteria"), "%ld", to_treat);
	doc_kvf(d, "untreated", _("Of which without a treatment"), "%ld", untreated);
	doc_kvf(d, "treated", _("Risks with a treatment"), "%zu", c.n - (size_t)by_option[RISK_TREAT_NONE]);
	doc_kvf(d, "overdue", _("Plans past their due date"), "%ld", overdue);
	doc_kvf(d, "needs_approval", _("Residual risks that need management's approval"), "%ld", approval);
	if (untreated)
		doc_para_styled(d, DOC_STYLE_WARN,
				arena_printf(&c.ar, _n("%ld risk above the criteria has no treatment.",
						       "%ld risks above the criteria have no treatment.", untreated),
					     untreated));
	ch = doc_barchart(d, "by_option", _("Treatments by option"), _("Risks"));
	for (int k = RISK_TREAT_REDUCE; k < RISK_TREAT_COUNT; k++)
		doc_bar(ch, risk_treatment_label((enum risk_treatment)k), by_option[k], NULL);
	ch = doc_barchart(d, "by_status", _("Plans by status"), _("Risks"));
	for (int k = RISK_PLAN_PLANNED; k < RISK_PLAN_COUNT; k++)
		doc_bar(ch, risk_plan_status_label((enum risk_plan_status)k), by_status[k], NULL);

	doc_heading(d, 1, _("Risk treatment plan"));
	t = doc_table(d, "treatment", _("Risk treatment plan"));
	doc_col(t, "code", _("Risk ID"), DOC_TEXT, 8);
	doc_col(t, "asset", _("Asset"), DOC_TEXT, 12);
	doc_col(t, "threat", _("Threat"), DOC_TEXT, 20);
	doc_col(t, "vulnerability", _("Vulnerability"), DOC_TEXT, 20);
	doc_col(t, "value", _("Risk value"), DOC_NUMBER, 6);
	doc_col(t, "level", _("Risk level"), DOC_TEXT, 8);
	doc_col(t, "treatment", _("Treatment"), DOC_TEXT, 10);
	doc_col(t, "controls", _("Controls"), DOC_TEXT, 30);
	doc_col(t, "extra_controls", _("Additional controls"), DOC_TEXT, 24);
	doc_col(t, "plan_owner", _("Plan owner"), DOC_TEXT, 12);
	doc_col(t, "plan_due", _("Due"), DOC_DATE, 10);
	doc_col(t, "plan_status", _("Plan status"), DOC_TEXT, 10);
	doc_col(t, "residual_value", _("Residual risk value"), DOC_NUMBER, 6);
	doc_col(t, "residual_level", _("Residual risk level"), DOC_TEXT, 8);
	doc_col(t, "residual_evaluation", _("Residual risk evaluation"), DOC_TEXT, 10);
	doc_set_main(t);
	for (size_t k = 0; k < c.n; k++) {
		const struct risk *r = &c.rows[k];
		struct sbuf sb = SBUF_INIT;

		if (!r->treatment && r->evaluation != SCORE_TREAT)
			continue;
		for (size_t j = 0; j < r->ncontrols; j++) {
			const struct catalog_item *it = cat ? catalog_find(cat, r->controls[j]) : NULL;

			sbuf_addf(&sb, "%s%s%s%s", j ? "\n" : "", r->controls[j], it ? " " : "",
				  it ? catalog_item_title(it) : "");
		}
		doc_row(t);
		doc_set(t, 0, r->code);
		doc_set(t, 1, r->asset_code ? r->asset_code : r->group);
		doc_set(t, 2, r->threat_name);
		doc_set(t, 3, r->vuln_name);
		set_int(t, 4, r->value);
		doc_set(t, 5, level_label(&c.m, r->level));
		doc_set_style(t, 5, level_style(r->level, c.m.nlevels));
		if (!r->treatment) {
			doc_set(t, 6, _("none yet"));
			doc_set_style(t, 6, DOC_STYLE_BAD);
		} else {
			doc_set(t, 6, risk_treatment_label(r->treatment));
			doc_set(t, 7, sb.buf);
			doc_set(t, 8, controls_text(&c.ar, r, true));
			doc_set(t, 9, r->plan_owner);
			doc_set(t, 10, *r->plan_due ? r->plan_due : NULL);
			if (*r->plan_due && o && o->date && strcmp(r->plan_due, o->date) < 0 &&
			    r->plan_status != RISK_PLAN_DONE)
				doc_set_style(t, 10, DOC_STYLE_BAD);
			doc_set(t, 11, r->plan_status ? risk_plan_status_label(r->plan_status) : NULL);
			set_int(t, 12, r->residual_value);
			doc_set(t, 13, level_label(&c.m, r->residual_level));
			doc_set_style(t, 13, level_style(r->residual_level, c.m.nlevels));
			if (r->residual_evaluation) {
				doc_set(t, 14, score_decision_label(r->residual_evaluation));
				doc_set_style(t, 14, decision_style(r->residual_evaluation));
			}
		}
		sbuf_release(&sb);
	}
	release(&c);
	*ret = d;
	return ISMS_OK;
}

/* --- 残留リスク承認記録: the residual risk approval record -------------------------------------------- */

enum isms_rc report_approvals(struct isms_ctx *ctx, const struct isms_info *isms,
			      const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	struct ctx c;
	struct doc *d;
	struct doc_table *t;
	struct approval *apps;
	struct state {
		enum approval_state st;
		struct approval latest;
		bool found;
	} *states;
	size_t napps;
	long need = 0, current = 0, stale = 0, rejected = 0;
	enum isms_rc rc;

	rc = load(ctx, isms, &c, RISK_SORT_CODE, err);
	if (!rc)
		rc = approval_list(ctx, &c.ar, isms->id, "risk", &apps, &napps, err);
	if (rc) {
		release(&c);
		return rc;
	}
	states = arena_zalloc(&c.ar, (c.n ? c.n : 1) * sizeof(*states));
	for (size_t k = 0; k < c.n; k++) {
		const struct risk *r = &c.rows[k];
		bool needs = risk_needs_approval(r);

		rc = risk_approval_state(ctx, &c.ar, isms->id, r, &states[k].st, &states[k].latest,
					 &states[k].found, err);
		if (rc) {
			release(&c);
			return rc;
		}
		need += needs;
		current += needs && states[k].st == APPROVAL_CURRENT;
		stale += needs && states[k].st == APPROVAL_STALE;
		rejected += needs && states[k].st == APPROVAL_REJECTED_STATE;
	}
	d = report_new("approvals", _("Residual risk approval record"), isms, o);
	doc_heading(d, 1, _("Summary"));
	doc_kvf(d, "needs_approval", _("Residual risks that need approval"), "%ld", need);
	doc_kvf(d, "approved", _("Approved residual risks"), "%ld", current);
	doc_kvf(d, "stale", _("Approvals that are stale"), "%ld", stale);
	doc_kvf(d, "rejected", _("Rejected"), "%ld", rejected);
	doc_kvf(d, "awaiting", _("Awaiting approval"), "%ld", need - current - stale - rejected);

	doc_heading(d, 1, _("Residual risks and their approval"));
	doc_para(d, _("A residual risk that the acceptance criteria do not accept is retained only with the approval of top management. An approval covers the risk's values as they were when it was given; when the risk changes, the approval becomes stale and is needed again."));
	t = doc_table(d, "approvals", _("Residual risks and their approval"));
	doc_col(t, "code", _("Risk ID"), DOC_TEXT, 8);
	doc_col(t, "asset", _("Asset"), DOC_TEXT, 12);
	doc_col(t, "threat", _("Threat"), DOC_TEXT, 20);
	doc_col(t, "vulnerability", _("Vulnerability"), DOC_TEXT, 20);
	doc_col(t, "treatment", _("Treatment"), DOC_TEXT, 10);
	doc_col(t, "residual_value", _("Residual risk value"), DOC_NUMBER, 6);
	doc_col(t, "residual_level", _("Residual risk level"), DOC_TEXT, 8);
	doc_col(t, "needs_approval", _("Needs approval"), DOC_TEXT, 8);
	doc_col(t, "state", _("Approval"), DOC_TEXT, 12);
	doc_col(t, "approver", _("Decided by"), DOC_TEXT, 12);
	doc_col(t, "at", _("Decided at (UTC)"), DOC_TEXT, 20);
	doc_col(t, "comment", _("Comment"), DOC_TEXT, 24);
	doc_col(t, "hash", _("SHA-256 of the values approved"), DOC_TEXT, 16);
	doc_set_main(t);
	for (size_t k = 0; k < c.n; k++) {
		const struct risk *r = &c.rows[k];
		const struct approval *latest = &states[k].latest;
		bool needs = risk_needs_approval(r);

		if (!needs && !states[k].found)
			continue;
		doc_row(t);
		doc_set(t, 0, r->code);
		doc_set(t, 1, r->asset_code ? r->asset_code : r->group);
		doc_set(t, 2, r->threat_name);
		doc_set(t, 3, r->vuln_name);
		doc_set(t, 4, r->treatment ? risk_treatment_label(r->treatment) : NULL);
		set_int(t, 5, r->treatment ? r->residual_value : r->value);
		doc_set(t, 6, level_label(&c.m, r->treatment ? r->residual_level : r->level));
		doc_set(t, 7, needs ? _("yes") : _("no"));
		switch (states[k].st) {
		case APPROVAL_CURRENT:
			doc_set(t, 8, _("approved"));
			doc_set_style(t, 8, DOC_STYLE_GOOD);
			break;
		case APPROVAL_STALE:
			doc_set(t, 8, _("stale"));
			doc_set_style(t, 8, DOC_STYLE_WARN);
			break;
		case APPROVAL_REJECTED_STATE:
			doc_set(t, 8, _("rejected"));
			doc_set_style(t, 8, DOC_STYLE_BAD);
			break;
		case APPROVAL_NONE:
			doc_set(t, 8, _("awaiting approval"));
			doc_set_style(t, 8, needs ? DOC_STYLE_NOTICE : DOC_STYLE_MUTED);
			break;
		}
		if (states[k].found) {
			doc_set(t, 9, latest->approver);
			doc_set(t, 10, latest->at);
			doc_set(t, 11, latest->comment);
			doc_set(t, 12, latest->content_hash);
		}
	}

	doc_heading(d, 1, _("Every decision"));
	t = doc_table(d, "decisions", _("Every decision on residual risks, oldest first"));
	doc_col(t, "id", _("No."), DOC_NUMBER, 5);
	doc_col(t, "code", _("Risk ID"), DOC_TEXT, 8);
	doc_col(t, "decision", _("Decision"), DOC_TEXT, 10);
	doc_col(t, "approver", _("Decided by"), DOC_TEXT, 12);
	doc_col(t, "at", _("Decided at (UTC)"), DOC_TEXT, 20);
	doc_col(t, "comment", _("Comment"), DOC_TEXT, 24);
	doc_col(t, "hash", _("SHA-256 of the values approved"), DOC_TEXT, 16);
	for (size_t k = 0; k < napps; k++) {
		doc_row(t);
		doc_set_int(t, 0, apps[k].id);
		doc_set(t, 1, apps[k].subject_id);
		doc_set(t, 2, apps[k].decision == APPROVAL_APPROVED ? _("approved") : _("rejected"));
		doc_set_style(t, 2, apps[k].decision == APPROVAL_APPROVED ? DOC_STYLE_GOOD : DOC_STYLE_BAD);
		doc_set(t, 3, apps[k].approver);
		doc_set(t, 4, apps[k].at);
		doc_set(t, 5, apps[k].comment);
		doc_set(t, 6, apps[k].content_hash);
	}
	release(&c);
	*ret = d;
	return ISMS_OK;
}
