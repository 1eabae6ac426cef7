/* report-soa.c - the Statement of Applicability (適用宣言書) and the selected controls (対策基準) as documents. */
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/report.h"
#include "isms/sbuf.h"
#include "isms/selection.h"
#include "isms/soa.h"
#include "isms/versioned.h"

enum soa_col { C_ID, C_TITLE, C_APPLICABLE, C_REASONS, C_JUSTIFICATION, C_STATUS, C_OWNER, C_REF,
	       C_RISKS, C_COUNT };

static const struct {
	const char *key;
	const char *label; /* N_() */
	unsigned width;
} cols[C_COUNT] = {
	[C_ID] = { "control", N_("Control"), 8 },
	[C_TITLE] = { "title", N_("Title"), 30 },
	[C_APPLICABLE] = { "applicable", N_("Applicable"), 8 },
	[C_REASONS] = { "reasons", N_("Reasons for inclusion"), 22 },
	[C_JUSTIFICATION] = { "justification", N_("Justification for exclusion"), 30 },
	[C_STATUS] = { "status", N_("Implementation status"), 12 },
	[C_OWNER] = { "owner", N_("Owner"), 12 },
	[C_REF] = { "impl_ref", N_("Implementation reference"), 26 },
	[C_RISKS] = { "risks", N_("Linked risks"), 14 },
};

static enum doc_style status_style(enum sel_status s)
{
	switch (s) {
	case SEL_IMPLEMENTED: return DOC_STYLE_GOOD;
	case SEL_PARTIAL: return DOC_STYLE_NOTICE;
	default: return DOC_STYLE_WARN;
	}
}

/* "risk,legal" (or "risk, legal") as labels, one a line. */
static void reasons_labels(const char *codes, struct sbuf *out)
{
	const char *p = codes;

	sbuf_reset(out);
	while (p && *p) {
		const char *end = strchr(p, ',');
		char code[32];
		enum sel_reason r;

		while (*p == ' ')
			p++;
		snprintf(code, sizeof(code), "%.*s", (int)(end ? end - p : (long)strlen(p)), p);
		if (out->len)
			sbuf_addch(out, '\n');
		sbuf_addstr(out, sel_reason_parse(code, &r) ? sel_reason_label(r) : code);
		p = end ? end + 1 : NULL;
	}
}

/* A cell keeps at most this many risk codes: a control used by thousands
 * of risks would pass Excel's 32,767 characters a cell, and the full list
 * is the risk treatment report's. */
#define RISKS_SHOWN 50

static void set_risks(struct doc_table *t, const char *codes, struct sbuf *tmp)
{
	const char *p = codes;
	size_t n = 0, total = 0;

	for (const char *q = codes; q && *q; q++)
		total += *q == ',';
	total += codes && *codes;
	if (total <= RISKS_SHOWN) {
		doc_set(t, C_RISKS, codes);
		return;
	}
	while (n < RISKS_SHOWN && (p = strchr(p, ',')))
		p++, n++;
	sbuf_reset(tmp);
	sbuf_addf(tmp, _("%.*s and %zu more"), (int)(p - codes - 1), codes, total - RISKS_SHOWN);
	doc_set(t, C_RISKS, tmp->buf);
}

static struct doc_table *soa_table(struct doc *d, const char *caption)
{
	struct doc_table *t = doc_table(d, "soa", caption);

	for (int c = 0; c < C_COUNT; c++)
		doc_col(t, cols[c].key, T_(cols[c].label), DOC_TEXT, cols[c].width);
	return t;
}

static const char *edition_text(int edition)
{
	switch (edition) {
	case 2005: return "ISO/IEC 27001:2005 (JIS Q 27001:2006)";
	case 2013: return "ISO/IEC 27001:2013 (JIS Q 27001:2014)";
	default: return "ISO/IEC 27001:2022 (JIS Q 27001:2023)";
	}
}

enum isms_rc report_soa_number(struct isms_ctx *ctx, const struct isms_info *isms, int number,
			       const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct sbuf sb = SBUF_INIT;
	struct doc_table *t;
	struct doc *d;
	struct soa s;
	size_t applicable = 0, implemented = 0, additional = 0;
	enum isms_rc rc;
	char num[32];

	(void)o;
	rc = soa_get(ctx, &a, isms->id, number, &s, err);
	if (rc) {
		arena_release(&a);
		return rc;
	}
	/* The header block an auditor expects, in this order: the snapshot's
	 * own edition, number, date and approver, whatever the ISMS is today. */
	d = doc_new("soa", _("Statement of Applicability"), i18n_code(i18n_current()));
	doc_meta(d, "organisation", _("Organisation"), s.organisation);
	doc_meta(d, "isms", _("ISMS"), isms->name);
	doc_meta(d, "edition", _("Standard"), edition_text(s.edition));
	snprintf(num, sizeof(num), "%d", s.number);
	doc_meta(d, "version", _("Version"), num);
	snprintf(num, sizeof(num), "%.10s", s.created_at);
	doc_meta(d, "date", _("Date"), num);
	if (s.approval == APPROVAL_CURRENT) {
		sbuf_addf(&sb, "%s (%.10s)", s.approved_by, s.approved_at);
		doc_meta(d, "approver", _("Approved by"), sb.buf);
	} else {
		doc_meta(d, "approver", _("Approved by"),
			 s.approval == APPROVAL_REJECTED_STATE ? _("rejected") : _("not approved"));
	}
	doc_meta(d, "language", _("Language"), i18n_current() == ISMS_LANG_JA ? "日本語" : "English");
	for (size_t i = 0; i < s.nrows; i++) {
		applicable += s.rows[i].applicable;
		additional += s.rows[i].additional;
		implemented += s.rows[i].applicable && !strcmp(s.rows[i].status, "implemented");
	}
	doc_heading(d, 1, _("Summary"));
	doc_kvf(d, "controls", _("Controls"), "%zu", s.nrows);
	doc_kvf(d, "applicable", _("Applicable"), "%zu", applicable);
	doc_kvf(d, "excluded", _("Excluded"), "%zu", s.nrows - applicable);
	doc_kvf(d, "implemented", _("Implemented"), "%zu", implemented);
	doc_kvf(d, "additional", _("Additional controls outside Annex A"), "%zu", additional);
	doc_heading(d, 1, _("Controls"));
	t = soa_table(d, _("Statement of Applicability"));
	doc_set_main(t);
	for (size_t i = 0; i < s.nrows; i++) {
		const struct soa_row *r = &s.rows[i];
		enum sel_status st;

		doc_row(t);
		doc_set(t, C_ID, r->control_id);
		doc_set(t, C_TITLE, i18n_pick(r->title_en, r->title_ja));
		doc_set(t, C_APPLICABLE, sel_decision_label(r->applicable ? SEL_APPLICABLE : SEL_EXCLUDED));
		if (!r->applicable)
			doc_set_style(t, C_APPLICABLE, DOC_STYLE_MUTED);
		reasons_labels(r->reasons, &sb);
		doc_set(t, C_REASONS, sb.buf);
		doc_set(t, C_JUSTIFICATION, r->justification);
		if (r->applicable && sel_status_parse(r->status, &st)) {
			doc_set(t, C_STATUS, sel_status_label(st));
			doc_set_style(t, C_STATUS, status_style(st));
		}
		doc_set(t, C_OWNER, r->owner);
		doc_set(t, C_REF, r->impl_ref);
		set_risks(t, r->risks, &sb);
	}
	sbuf_release(&sb);
	arena_release(&a);
	*ret = d;
	return ISMS_OK;
}

enum isms_rc report_soa(struct isms_ctx *ctx, const struct isms_info *isms,
			const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	return report_soa_number(ctx, isms, 0, o, ret, err);
}

enum isms_rc report_controls(struct isms_ctx *ctx, const struct isms_info *isms,
			     const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct sbuf sb = SBUF_INIT;
	struct control_sel *rows;
	size_t n, by_status[SEL_STATUS_COUNT] = { 0 }, by_decision[3] = { 0 };
	struct doc_table *t;
	struct doc_chart *ch;
	struct doc *d;
	enum isms_rc rc;

	rc = selection_list(ctx, &a, isms->id, &rows, &n, err);
	if (rc) {
		arena_release(&a);
		return rc;
	}
	d = report_new("controls", _("Selected controls"), isms, o);
	for (size_t i = 0; i < n; i++) {
		by_decision[rows[i].decision]++;
		if (rows[i].decision == SEL_APPLICABLE)
			by_status[rows[i].status]++;
	}
	doc_heading(d, 1, _("Summary"));
	doc_kvf(d, "controls", _("Controls"), "%zu", n);
	doc_kvf(d, "applicable", _("Applicable"), "%zu", by_decision[SEL_APPLICABLE]);
	doc_kvf(d, "excluded", _("Excluded"), "%zu", by_decision[SEL_EXCLUDED]);
	doc_kvf(d, "undecided", _("Without a decision"), "%zu", by_decision[SEL_UNDECIDED]);
	ch = doc_barchart(d, "status", _("Implementation of the applicable controls"), _("Controls"));
	for (int s = SEL_STATUS_COUNT - 1; s >= 0; s--)
		doc_bar(ch, sel_status_label((enum sel_status)s), (long)by_status[s],
			doc_style_colour(status_style((enum sel_status)s)));
	doc_heading(d, 1, _("Controls"));
	t = soa_table(d, _("Selected controls"));
	doc_set_main(t);
	for (size_t i = 0; i < n; i++) {
		const struct control_sel *c = &rows[i];

		doc_row(t);
		doc_set(t, C_ID, c->control_id);
		doc_set(t, C_TITLE, c->title);
		doc_set(t, C_APPLICABLE, sel_decision_label(c->decision));
		if (c->decision != SEL_APPLICABLE)
			doc_set_style(t, C_APPLICABLE,
				      c->decision == SEL_UNDECIDED ? DOC_STYLE_BAD : DOC_STYLE_MUTED);
		if (c->decision == SEL_APPLICABLE) {
			reasons_labels(sel_reasons_text(&a, c->reasons, false), &sb);
			doc_set(t, C_REASONS, sb.buf);
			doc_set(t, C_STATUS, sel_status_label(c->status));
			doc_set_style(t, C_STATUS, status_style(c->status));
		}
		doc_set(t, C_JUSTIFICATION, c->justification);
		doc_set(t, C_OWNER, c->owner);
		doc_set(t, C_REF, c->impl_ref);
		set_risks(t, c->risks, &sb);
	}
	sbuf_release(&sb);
	arena_release(&a);
	*ret = d;
	return ISMS_OK;
}
