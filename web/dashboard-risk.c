/* dashboard-risk.c - the risk part of the dashboard: the risk heat map and the risks by evaluation as SVG drawn by the report library, and what needs attention. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/asset.h"
#include "isms/doc.h"
#include "isms/html.h"
#include "isms/method.h"
#include "isms/risk.h"
#include "isms/selection.h"
#include "web.h"

#define ATTENTION_MAX 10

/* Green for the lowest level to red for the highest, as the reports. */
static const char *level_colour(int level, int nlevels)
{
	enum doc_style s;

	if (level <= 0)
		s = DOC_STYLE_MUTED;
	else if (nlevels <= 1 || level == 1)
		s = DOC_STYLE_GOOD;
	else if (level == nlevels)
		s = DOC_STYLE_BAD;
	else
		s = (level - 1) * 2 < nlevels ? DOC_STYLE_NOTICE : DOC_STYLE_WARN;
	return doc_style_colour(s);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The risk matrix of the register, from its counts by levels and value:
 * likelihood × impact for the matrix formula; asset value × (threat ×
 * vulnerability) for the asset formula. Returns how many risks are
 * outside it (not evaluated). */
static long heatmap(struct doc *d, struct arena *a, const struct score_method *m, const struct risk_tally *rows,
		    size_t n, long total)
{
	struct doc_chart *ch;
	long outside = 0;

	if (m->formula == SCORE_FORMULA_MATRIX) {
		int nl = m->likelihood.n, ni = m->impact.n;
		const char **rl = arena_zalloc(a, (size_t)nl * sizeof(char *));
		const char **cl = arena_zalloc(a, (size_t)ni * sizeof(char *));
		long counts[SCORE_SCALE_MAX][SCORE_SCALE_MAX] = { { 0 } };

		for (int l = 0; l < nl; l++)
			rl[l] = arena_printf(a, "%d %s", nl - l, score_text(&m->likelihood.lv[nl - l - 1].label));
		for (int i = 0; i < ni; i++)
			cl[i] = arena_printf(a, "%d %s", i + 1, score_text(&m->impact.lv[i].label));
		for (size_t k = 0; k < n; k++) {
			if (rows[k].likelihood >= 1 && rows[k].likelihood <= nl && rows[k].impact >= 1 &&
			    rows[k].impact <= ni && rows[k].value)
				counts[rows[k].likelihood - 1][rows[k].impact - 1] += rows[k].n;
			else
				outside += rows[k].n;
		}
		ch = doc_heatmap(d, "matrix", _("Risk matrix"), _("Likelihood"), _("Impact"), (size_t)nl, rl, (size_t)ni, cl);
		for (int l = 0; l < nl; l++) {
			for (int i = 0; i < ni; i++) {
				int lv = m->cell[nl - l - 1][i];

				doc_heatmap_set(ch, (size_t)l, (size_t)i, counts[nl - l - 1][i], level_colour(lv, m->nlevels),
						web_level_label(m, lv));
			}
		}
	} else {
		int products[SCORE_SCALE_MAX * SCORE_SCALE_MAX], np = 0, av_max = m->av_max;
		const char **rl, **cl;
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
		if (av_max < 1 || np < 1)
			return total;
		rl = arena_zalloc(a, (size_t)av_max * sizeof(char *));
		cl = arena_zalloc(a, (size_t)np * sizeof(char *));
		counts = arena_zalloc(a, (size_t)(av_max * np) * sizeof(long));
		for (int k = 0; k < np; k++)
			cl[k] = arena_printf(a, "%d", products[k]);
		for (int k = 0; k < av_max; k++)
			rl[k] = arena_printf(a, "%d", av_max - k);
		for (size_t k = 0; k < n; k++) {
			int tv = rows[k].threat_level * rows[k].vuln_level, col = -1, av;

			if (!rows[k].value || !tv) {
				outside += rows[k].n;
				continue;
			}
			/* value = asset value × threat × vulnerability (per
			 * property: the highest affected property's) */
			av = rows[k].value / tv;
			for (int j = 0; j < np; j++)
				if (products[j] == tv)
					col = j;
			if (col < 0 || av < 1 || av > av_max) {
				outside += rows[k].n;
				continue;
			}
			counts[(av_max - av) * np + col] += rows[k].n;
		}
		ch = doc_heatmap(d, "matrix", _("Risk matrix"), _("Asset value"), _("Threat × vulnerability"),
				 (size_t)av_max, rl, (size_t)np, cl);
		for (int k = 0; k < av_max; k++) {
			for (int j = 0; j < np; j++) {
				int value = (av_max - k) * products[j];
				int lv = value <= SCORE_VALUE_MAX ? m->level_of[value] : m->nlevels;

				doc_heatmap_set(ch, (size_t)k, (size_t)j, counts[k * np + j], level_colour(lv, m->nlevels),
						web_level_label(m, lv));
			}
		}
	}
	return outside;
}

static void attention_item(struct req *r, bool *any, const char *text, const char *href)
{
	if (!*any)
		html_raw(&r->out, "<ul class=\"attention\">\n");
	*any = true;
	if (href)
		html_printf(&r->out, "<li><a href=\"%s\">%s</a></li>\n", href, text);
	else
		html_printf(&r->out, "<li>%s</li>\n", text);
}

/* Step 7 and the SoA: how the applicable controls stand, as a chart. The
 * implementation status is what the SoA states for each applicable
 * control. */
static void controls_section(struct req *r, const struct control_sel *sel, size_t nsel)
{
	struct sbuf *o = &r->out;
	long decided[3] = { 0 }, status[SEL_STATUS_COUNT] = { 0 };
	struct doc_chart *bars;
	struct doc *d;

	for (size_t k = 0; k < nsel; k++) {
		decided[sel[k].decision]++;
		if (sel[k].decision == SEL_APPLICABLE)
			status[sel[k].status]++;
	}
	html_printf(o, "<section aria-labelledby=\"controls-h\">\n<h2 id=\"controls-h\">%s</h2>\n",
		    _("Controls and the Statement of Applicability"));
	if (!decided[SEL_APPLICABLE]) {
		html_printf(o, "<p>%s <a href=\"%s\">%s</a></p>\n</section>\n",
			    _("No control has been marked applicable yet."), isms_url(r, "/controls"),
			    _("Select the controls"));
		return;
	}
	d = doc_new("dashboard", _("Controls"), i18n_code(r->lang));
	bars = doc_barchart(d, "implementation", _("Implementation of the applicable controls"), _("Controls"));
	doc_bar(bars, sel_status_label(SEL_IMPLEMENTED), status[SEL_IMPLEMENTED], doc_style_colour(DOC_STYLE_GOOD));
	doc_bar(bars, sel_status_label(SEL_PARTIAL), status[SEL_PARTIAL], doc_style_colour(DOC_STYLE_NOTICE));
	doc_bar(bars, sel_status_label(SEL_PLANNED), status[SEL_PLANNED], NULL);
	doc_bar(bars, sel_status_label(SEL_NOT_STARTED), status[SEL_NOT_STARTED], doc_style_colour(DOC_STYLE_MUTED));
	html_raw(o, "<div class=\"charts\">\n<figure class=\"bars\">\n");
	doc_chart_svg(bars, o);
	html_raw(o, "</figure>\n</div>\n");
	doc_free(d);
	html_printf(o, "<p>%s · ",
		    arena_printf(&r->arena, _n("%ld of %ld applicable control is implemented",
					       "%ld of %ld applicable controls are implemented", decided[SEL_APPLICABLE]),
				 status[SEL_IMPLEMENTED], decided[SEL_APPLICABLE]));
	html_printf(o, "<a href=\"%s\">%s %ld</a> · ", isms_url(r, "/controls?show=excluded"),
		    sel_decision_label(SEL_EXCLUDED), decided[SEL_EXCLUDED]);
	html_printf(o, "<a href=\"%s\">%s %ld</a> · ", isms_url(r, "/controls?show=undecided"),
		    _("Without a decision"), decided[SEL_UNDECIDED]);
	html_printf(o, "<a href=\"%s\">%s</a></p>\n</section>\n", isms_url(r, "/soa"),
		    _("Statement of Applicability"));
}

/* Returns false when something could not be read (the part shows the
 * error, or what it could read, and is not kept). */
static bool render(struct req *r)
{
	struct sbuf *o = &r->out;
	struct risk_filter f = RISK_FILTER_INIT;
	struct status_facts facts;
	struct score_method m;
	struct control_sel *sel;
	struct risk_tally *tally;
	struct risk *rows;
	struct isms_err err;
	struct doc *d;
	long by_eval[4] = { 0 }, unowned_controls = 0;
	size_t n = 0, ntally, nrows, overdue, nsel = 0;
	bool any = false, complete = true;
	long outside;

	/* The treatments overdue: the first ones in code order, and how many. */
	f.due_before = web_today(r);
	f.limit = ATTENTION_MAX;
	memset(&facts, 0, sizeof(facts));
	if (risk_tally(r->ctx, &r->arena, r->isms.id, &tally, &ntally, &err) ||
	    risk_list(r->ctx, &r->arena, r->isms.id, &f, &rows, &nrows, &overdue, &err) ||
	    risk_status_facts(r->ctx, r->isms.id, &facts, &err) ||
	    asset_status_facts(r->ctx, r->isms.id, &facts, &err)) {
		page_error(r, &err);
		return false;
	}
	if (selection_list(r->ctx, &r->arena, r->isms.id, &sel, &nsel, &err)) {
		nsel = 0;
		complete = false;
	}
	for (size_t k = 0; k < ntally; k++) {
		n += (size_t)tally[k].n;
		by_eval[tally[k].evaluation <= SCORE_BASELINE ? tally[k].evaluation : 0] += tally[k].n;
	}
	if (!web_method(r, &m))
		complete = false;
	html_printf(o, "<section aria-labelledby=\"risks-h\">\n<h2 id=\"risks-h\">%s</h2>\n", _("Risks"));
	if (!n) {
		html_printf(o, "<p>%s <a href=\"%s\">%s</a></p>\n", _("No risks have been identified yet."),
			    isms_url(r, "/risks"), _("The risk register"));
	} else {
		d = doc_new("dashboard", _("Risks"), i18n_code(r->lang));
		outside = heatmap(d, &r->arena, &m, tally, ntally, (long)n);
		{
			struct doc_chart *bars = doc_barchart(d, "evaluation", _("Risks by evaluation"), _("Risks"));

			doc_bar(bars, score_decision_label(SCORE_TREAT), by_eval[SCORE_TREAT], doc_style_colour(DOC_STYLE_WARN));
			doc_bar(bars, score_decision_label(SCORE_ACCEPT), by_eval[SCORE_ACCEPT], doc_style_colour(DOC_STYLE_GOOD));
			doc_bar(bars, score_decision_label(SCORE_BASELINE), by_eval[SCORE_BASELINE], NULL);
			doc_bar(bars, _("not evaluated"), by_eval[SCORE_UNEVALUATED], doc_style_colour(DOC_STYLE_MUTED));
		}
		html_raw(o, "<div class=\"charts\">\n<figure class=\"heatmap\">\n");
		for (size_t b = 0; b < d->nblocks; b++) {
			if (d->blocks[b].kind != DOC_CHART)
				continue;
			if (b && d->blocks[b].chart->kind == DOC_CHART_BAR)
				html_raw(o, "</figure>\n<figure class=\"bars\">\n");
			doc_chart_svg(d->blocks[b].chart, o);
		}
		html_raw(o, "</figure>\n</div>\n");
		doc_free(d);
		html_printf(o, "<p>%s", arena_printf(&r->arena, _n("%zu risk: ", "%zu risks: ", n), n));
		html_printf(o, "<a href=\"%s\">%s %ld</a> · ", isms_url(r, "/risks?evaluation=treat"),
			    score_decision_label(SCORE_TREAT), by_eval[SCORE_TREAT]);
		html_printf(o, "<a href=\"%s\">%s %ld</a> · ", isms_url(r, "/risks?evaluation=accept"),
			    score_decision_label(SCORE_ACCEPT), by_eval[SCORE_ACCEPT]);
		html_printf(o, "<a href=\"%s\">%s %ld</a> · ", isms_url(r, "/risks?evaluation=baseline"),
			    score_decision_label(SCORE_BASELINE), by_eval[SCORE_BASELINE]);
		html_printf(o, "<a href=\"%s\">%s %ld</a></p>\n", isms_url(r, "/risks?evaluation=none"), _("not evaluated"),
			    by_eval[SCORE_UNEVALUATED]);
		if (outside)
			html_printf(o, "<p class=\"hint\">%s</p>\n",
				    arena_printf(&r->arena, _n("%ld risk is not in the matrix: it has not been evaluated.",
							       "%ld risks are not in the matrix: they have not been evaluated.", outside),
						 outside));
	}
	html_raw(o, "</section>\n");
	controls_section(r, sel, nsel);

	html_printf(o, "<section aria-labelledby=\"attention-h\">\n<h2 id=\"attention-h\">%s</h2>\n", _("What needs attention"));
	if (facts.approvals_stale)
		attention_item(r, &any, arena_printf(&r->arena, _n("%ld approval of a residual risk is stale: the risk changed after it was approved.",
								  "%ld approvals of residual risks are stale: the risks changed after they were approved.",
								  facts.approvals_stale), facts.approvals_stale),
			       isms_url(r, "/approvals"));
	if (facts.residual_to_approve > facts.residual_approved + facts.approvals_stale)
		attention_item(r, &any, arena_printf(&r->arena, _n("%ld residual risk awaits management's approval.",
								  "%ld residual risks await management's approval.",
								  facts.residual_to_approve - facts.residual_approved - facts.approvals_stale),
						     facts.residual_to_approve - facts.residual_approved - facts.approvals_stale),
			       isms_url(r, "/approvals"));
	for (size_t k = 0; k < nrows; k++) {
		const struct risk *x = &rows[k];

		attention_item(r, &any, arena_printf(&r->arena, _("The treatment of %s (%s / %s) was due on %s: %s."), x->code,
						     x->threat_name, x->vuln_name, x->plan_due,
						     risk_plan_status_label(x->plan_status)),
			       web_risk_url(r, x->code, "/treatment"));
	}
	if (overdue > ATTENTION_MAX)
		attention_item(r, &any, arena_printf(&r->arena, _("%ld more treatments are overdue."), (long)(overdue - ATTENTION_MAX)),
			       isms_url(r, "/risks?treatment=reduce"));
	for (size_t k = 0; k < nsel; k++)
		if (sel[k].decision == SEL_APPLICABLE && (!sel[k].owner || !*sel[k].owner))
			unowned_controls++;
	if (unowned_controls)
		attention_item(r, &any, arena_printf(&r->arena, _n("%ld applicable control has no owner.",
								  "%ld applicable controls have no owner.", unowned_controls),
						     unowned_controls),
			       NULL);
	if (facts.risks_to_treat > 0 && facts.risks_untreated > 0)
		attention_item(r, &any, arena_printf(&r->arena, _n("%ld risk to treat has no treatment yet.",
								  "%ld risks to treat have no treatment yet.", facts.risks_untreated),
						     facts.risks_untreated),
			       isms_url(r, "/risks?evaluation=treat&treatment=none"));
	if (facts.risks_unevaluated)
		attention_item(r, &any, arena_printf(&r->arena, _n("%ld risk is not evaluated (or due for re-evaluation).",
								  "%ld risks are not evaluated (or due for re-evaluation).",
								  facts.risks_unevaluated), facts.risks_unevaluated),
			       isms_url(r, "/risks?evaluation=none"));
	if (facts.assets_without_owner)
		attention_item(r, &any, arena_printf(&r->arena, _n("%ld asset has no owner.", "%ld assets have no owner.",
								  facts.assets_without_owner), facts.assets_without_owner),
			       isms_url(r, "/assets?sort=owner"));
	if (facts.assets_unvalued)
		attention_item(r, &any, arena_printf(&r->arena, _n("%ld asset is not valued yet.", "%ld assets are not valued yet.",
								  facts.assets_unvalued), facts.assets_unvalued),
			       isms_url(r, "/assets?unvalued=1"));
	if (any)
		html_raw(o, "</ul>\n");
	else
		html_printf(o, "<p>%s</p>\n", _("Nothing needs attention."));
	html_raw(o, "</section>\n");
	score_method_release(&m);
	return complete;
}

/*
 * The dashboard's sections below its title (the ten steps and the risk
 * part) are kept as a fragment (fragment.c). The risk part counts the
 * register in the database (by stored levels, value and evaluation for the
 * heat map and the bars; the treatments overdue; the facts of the steps)
 * and checks the approval of each residual risk that has one: still 15 to
 * 20 ms of CPU for a register of ten thousand risks, most of it SQLite
 * reading every risk's row. The sections have no forms: nothing in them
 * depends on the user beyond the role.
 */
void dashboard_sections(struct req *r)
{
	size_t start = r->out.len;

	if (fragment_use(r, "dashboard", NULL))
		return;
	if (dashboard_steps(r) && render(r))
		fragment_keep(r, "dashboard", NULL, start);
}
