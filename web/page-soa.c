/* page-soa.c - step 10: the Statements of Applicability: snapshots, generating one, the diff of two, approval, and export in Japanese or English. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "isms/html.h"
#include "isms/report.h"
#include "isms/selection.h"
#include "isms/soa.h"
#include "web.h"

static const char *const export_formats[] = { "xlsx", "pdf", "csv", "html", NULL };

/* A stored status code ("partial") as its label. */
static const char *status_text(const char *code)
{
	enum sel_status s;

	return code && sel_status_parse(code, &s) ? sel_status_label(s) : code;
}

/* The reasons' codes ("risk,legal") as labels. */
static const char *reasons_text(struct req *r, const char *codes)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;

	while (codes && *codes) {
		const char *comma = strchr(codes, ',');
		char *code = arena_strndup(&r->arena, codes, comma ? (size_t)(comma - codes) : strlen(codes));
		enum sel_reason reason;

		if (sb.len)
			sbuf_addstr(&sb, ", ");
		sbuf_addstr(&sb, sel_reason_parse(code, &reason) ? sel_reason_label(reason) : code);
		codes = comma ? comma + 1 : NULL;
	}
	out = arena_strdup(&r->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

const char *soa_field_label(const char *field)
{
	static const char *const labels[][2] = {
		{ "applicable", N_("Applicable") },
		{ "title", N_("Title") },
		{ "reasons", N_("Reasons for inclusion") },
		{ "justification", N_("Justification for exclusion") },
		{ "status", N_("Implementation") },
		{ "owner", N_("Owner") },
		{ "impl_ref", N_("Implementation reference") },
		{ "risks", N_("Risks") },
	};

	for (size_t i = 0; field && i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(field, labels[i][0]))
			return T_(labels[i][1]);
	return field ? field : "";
}

/* --- the list ---------------------------------------------------------------------------------- */

static void list_render(struct req *r, const struct isms_err *err, int status)
{
	struct sbuf *o = &r->out;
	struct soa_info *list;
	struct isms_err e2;
	size_t n;

	if (soa_list(r->ctx, &r->arena, r->isms.id, &list, &n, &e2)) {
		web_fail(r, &e2);
		return;
	}
	page_begin(r, _("Statement of Applicability"));
	step_messages(r, err);
	html_printf(o, "<p class=\"lead\">%s</p>\n",
		    _("Step 10: the Statement of Applicability lists every control with the decision on it, the reasons or the justification, and its implementation. Each one generated is a numbered, dated snapshot of the control selection that stays as it was; top management approves it."));
	if (r->role >= ROLE_MANAGER) {
		form_begin(r, isms_url(r, "/soa"));
		html_printf(o, "<p><button>%s</button></p>\n</form>\n",
			    _("Generate a new Statement of Applicability"));
	}
	if (!n) {
		struct sel_counts cnt;
		size_t undecided = 0;

		if (!selection_counts(r->ctx, r->isms.id, &cnt, &e2))
			undecided = cnt.total - cnt.decided;
		if (undecided) {
			html_printf(o, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
				    _("No Statement of Applicability has been generated yet. Every control needs a decision first."));
			html_printf(o, "<p><a href=\"%s\">%s</a></p>\n", isms_url(r, "/controls?show=undecided"),
				    arena_printf(&r->arena, _n("%zu control without a decision", "%zu controls without a decision",
							       undecided), undecided));
		} else {
			html_printf(o, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
				    _("No Statement of Applicability has been generated yet. Every control has a decision: it can be generated now."));
		}
		page_end(r, status);
		return;
	}
	html_printf(o, "<table class=\"soa-list\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("No."), _("Edition"), _("Generated"), _("By"), _("Applicable"), _("Excluded"),
		    _("Approval"), _("Approved by"));
	for (size_t i = n; i-- > 0;) {
		const struct soa_info *s = &list[i];

		html_printf(o, "<tr><td><a href=\"%s\">%d</a></td><td>ISO/IEC 27001:%d</td><td>%s</td><td>%s</td><td>%zu</td><td>%zu</td><td>",
			    isms_url(r, arena_printf(&r->arena, "/soa/%d", s->number)), s->number, s->edition,
			    web_time(r, s->created_at), s->created_by, s->applicable, s->excluded);
		step_state_badge(r, s->approval);
		html_printf(o, "</td><td>%s</td></tr>\n", s->approved_by ? s->approved_by : "");
	}
	html_raw(o, "</tbody>\n</table>\n");
	if (n >= 2) {
		html_printf(o, "<h2>%s</h2>\n", _("Compare two Statements of Applicability"));
		html_printf(o, "<form method=\"get\" action=\"%s\" class=\"filters\">\n", isms_url(r, "/soa/diff"));
		for (int k = 0; k < 2; k++) {
			int pick = list[n - 2 + (size_t)k].number;

			html_printf(o, "<p><label for=\"diff-%s\">%s</label>\n<select id=\"diff-%s\" name=\"%s\">\n",
				    k ? "to" : "from", k ? _("To") : _("From"), k ? "to" : "from", k ? "to" : "from");
			for (size_t i = n; i-- > 0;)
				html_printf(o, "<option value=\"%d\"%s>%d</option>\n", list[i].number,
					    list[i].number == pick ? " selected" : "", list[i].number);
			html_raw(o, "</select></p>\n");
		}
		html_printf(o, "<p><button class=\"secondary\">%s</button></p>\n</form>\n", _("Compare"));
	}
	page_end(r, status);
}

void page_soa_list(struct req *r)
{
	list_render(r, NULL, 200);
}

void page_soa_generate(struct req *r)
{
	struct isms_err err;
	int number;

	if (soa_generate(r->ctx, r->isms.id, &number, &err)) {
		step_web_hint(&err);
		list_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, arena_printf(&r->arena, "/soa/%d?msg=generated", number)));
}

/* --- one snapshot --------------------------------------------------------------------------------- */

bool web_soa_number(struct req *r, int *ret)
{
	int64_t number = req_param_id(r, "soa");
	struct isms_err err;

	if (number < 1 || number > INT_MAX) {
		isms_err_set(&err, ISMS_ENOTFOUND, _("there is no Statement of Applicability %s"),
			     req_param(r, "soa"));
		web_fail(r, &err);
		return false;
	}
	*ret = (int)number;
	return true;
}

static void soa_render(struct req *r, const struct isms_err *err, int status)
{
	struct sbuf *o = &r->out;
	const char *base, *section = NULL;
	struct isms_err e2;
	struct soa s;
	int number;

	if (!web_soa_number(r, &number))
		return;
	base = isms_url(r, arena_printf(&r->arena, "/soa/%d", number));

	if (soa_get(r->ctx, &r->arena, r->isms.id, number, &s, &e2)) {
		web_fail(r, &e2);
		return;
	}
	page_begin(r, arena_printf(&r->arena, _("Statement of Applicability %d"), s.number));
	step_messages(r, err);
	html_printf(o, "<p><a href=\"%s\">%s</a></p>\n", isms_url(r, "/soa"), _("All Statements of Applicability"));
	html_printf(o, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>ISO/IEC 27001:%d</dd>\n",
		    _("Organisation"), s.organisation, _("Standard"), s.edition);
	html_printf(o, "<dt>%s</dt><dd>%s (%s)</dd>\n<dt>%s</dt><dd>", _("Generated"), web_time(r, s.created_at), s.created_by,
		    _("Approval"));
	step_state_badge(r, s.approval);
	if (s.approval != APPROVAL_NONE && s.approved_by)
		html_printf(o, " %s (%s)", s.approved_by, web_time(r, s.approved_at));
	html_raw(o, "</dd>\n");
	if (s.approval_comment && *s.approval_comment)
		html_printf(o, "<dt>%s</dt><dd class=\"pre-line\">%s</dd>\n", _("Comment"), s.approval_comment);
	html_printf(o, "<dt>%s</dt><dd><code>%s</code></dd>\n</dl>\n", _("Content hash"),
		    arena_printf(&r->arena, "%.16s", s.content_hash));
	html_printf(o, "<h2>%s</h2>\n", _("Export"));
	step_download_links(r, arena_printf(&r->arena, "%s/export", base), export_formats);
	if (s.number > 1)
		html_printf(o, "<p><a href=\"%s\">%s</a></p>\n",
			    isms_url(r, arena_printf(&r->arena, "/soa/diff?from=%d&to=%d", s.number - 1, s.number)),
			    arena_printf(&r->arena, _("What changed since Statement of Applicability %d"), s.number - 1));
	if (r->role == ROLE_APPROVER)
		step_decision_form(r, arena_printf(&r->arena, "%s/approve", base),
				   arena_printf(&r->arena, _("As top management, approve Statement of Applicability %d, or reject it with a comment."),
						s.number),
				   _("Approve this Statement of Applicability"), _("Reject"), false);
	html_printf(o, "<h2>%s</h2>\n", _("Controls"));
	html_printf(o, "<table class=\"soa\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n",
		    _("Control"), _("Title"), _("Applicable"), _("Reasons or justification"), _("Implementation"),
		    _("Owner"), _("Risks"));
	for (size_t i = 0; i < s.nrows; i++) {
		const struct soa_row *row = &s.rows[i];

		if (!section || strcmp(section, row->section_id)) {
			if (section)
				html_raw(o, "</tbody>\n");
			section = row->section_id;
			html_raw(o, "<tbody><tr class=\"group-row\"><th colspan=\"7\" scope=\"rowgroup\">");
			if (*row->section_id)
				html_printf(o, "%s %s", row->section_id, i18n_pick(row->section_en, row->section_ja));
			else
				html_printf(o, "%s", _("Additional controls"));
			html_raw(o, "</th></tr>\n");
		}
		html_printf(o, "<tr><td>%s</td><td>%s</td><td><span class=\"badge sel-%s\">%s</span></td><td class=\"pre-line\">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			    row->control_id, i18n_pick(row->title_en, row->title_ja),
			    row->applicable ? "applicable" : "excluded",
			    row->applicable ? _("applicable") : _("excluded"),
			    row->applicable ? reasons_text(r, row->reasons) : row->justification,
			    row->applicable ? status_text(row->status) : "", row->owner, row->risks);
	}
	if (section)
		html_raw(o, "</tbody>\n");
	html_raw(o, "</table>\n");
	page_end(r, status);
}

void page_soa(struct req *r)
{
	soa_render(r, NULL, 200);
}

void page_soa_approve(struct req *r)
{
	enum approval_decision d = step_decision(r);
	struct isms_err err;
	int number;

	if (!web_soa_number(r, &number))
		return;
	if (soa_approve(r->ctx, r->isms.id, number, d, req_str(r, "comment"), &number, &err)) {
		step_web_hint(&err);
		if (err.code == ISMS_ENOTFOUND)
			web_fail(r, &err);
		else
			soa_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, arena_printf(&r->arena, "/soa/%d?msg=%s", number,
						 d == APPROVAL_APPROVED ? "approved" : "rejected")));
}

/* Build the report in `lang` (the texts are translated while it is
 * built), then go back to the page's language. */
enum isms_rc soa_doc(struct req *r, int number, enum isms_lang lang, struct doc **ret,
		     struct isms_err *err)
{
	struct report_opts ro = { 0 };
	struct isms_err ignore;
	enum isms_rc rc;
	char today[16];

	step_today(today);
	ro.date = today;
	i18n_use(lang, &ignore);
	rc = report_soa_number(r->ctx, &r->isms, number, &ro, ret, err);
	i18n_use(r->lang, &ignore);
	return rc;
}

void page_soa_export(struct req *r)
{
	enum doc_format f = DOC_XLSX;
	enum isms_lang lang;
	struct isms_err err;
	struct doc *d;
	int number;

	if (!web_soa_number(r, &number))
		return;
	doc_format_parse(req_str(r, "format"), &f);
	step_doc_lang(r, &lang);
	if (soa_doc(r, number, lang, &d, &err)) {
		web_fail(r, &err);
		return;
	}
	step_send_doc(r, d, f, arena_printf(&r->arena, "soa-%d-%s", number, i18n_code(lang)));
}

/* --- the diff ------------------------------------------------------------------------------------- */

/* The two snapshots to compare: as asked, else the latest two. False
 * when there are fewer than two. */
bool soa_diff_pair(struct req *r, int *ret_from, int *ret_to, struct isms_err *err, bool *ret_failed)
{
	struct soa_info *list;
	size_t n;

	*ret_failed = false;
	*ret_from = (int)req_int(r, "from", 0);
	*ret_to = (int)req_int(r, "to", 0);
	if (*ret_from && *ret_to)
		return true;
	if (soa_list(r->ctx, &r->arena, r->isms.id, &list, &n, err)) {
		*ret_failed = true;
		return false;
	}
	if (!*ret_to)
		*ret_to = n ? list[n - 1].number : 0;
	if (!*ret_from)
		*ret_from = *ret_to > 1 ? *ret_to - 1 : 0;
	return *ret_from && *ret_to;
}

void page_soa_diff(struct req *r)
{
	static const char *const kinds[] = { N_("added"), N_("removed"), N_("changed") };
	struct sbuf *o = &r->out;
	struct soa_change *ch;
	struct isms_err err;
	bool failed;
	int from, to;
	size_t n;

	if (!soa_diff_pair(r, &from, &to, &err, &failed)) {
		if (failed) {
			web_fail(r, &err);
			return;
		}
		page_begin(r, _("Compare Statements of Applicability"));
		html_printf(o, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
			    _("There are fewer than two Statements of Applicability to compare."));
		html_printf(o, "<p><a href=\"%s\">%s</a></p>\n", isms_url(r, "/soa"), _("All Statements of Applicability"));
		page_end(r, 200);
		return;
	}
	if (soa_diff(r->ctx, &r->arena, r->isms.id, from, to, &ch, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	page_begin(r, arena_printf(&r->arena, _("Statement of Applicability %d compared with %d"), to, from));
	html_printf(o, "<p><a href=\"%s\">%s</a></p>\n", isms_url(r, "/soa"), _("All Statements of Applicability"));
	if (!n) {
		html_printf(o, "<p>%s</p>\n",
			    arena_printf(&r->arena, _("Statements of Applicability %d and %d are the same."), from, to));
		page_end(r, 200);
		return;
	}
	html_printf(o, "<p>%s</p>\n", arena_printf(&r->arena, _n("%zu change.", "%zu changes.", n), n));
	html_printf(o, "<table class=\"diff\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Control"), _("Change"), _("Field"), arena_printf(&r->arena, _("In %d"), from),
		    arena_printf(&r->arena, _("In %d"), to));
	for (size_t i = 0; i < n; i++) {
		const struct soa_change *c = &ch[i];
		bool is_status = c->field && !strcmp(c->field, "status");
		bool is_reasons = c->field && !strcmp(c->field, "reasons");
		const char *before = is_status ? status_text(c->before) : is_reasons ? reasons_text(r, c->before) : c->before;
		const char *after = is_status ? status_text(c->after) : is_reasons ? reasons_text(r, c->after) : c->after;

		html_printf(o, "<tr class=\"ch-%s\"><td>%s</td><td>%s</td><td>%s</td><td class=\"pre-line\">%s</td><td class=\"pre-line\">%s</td></tr>\n",
			    kinds[c->kind], c->control_id, T_(kinds[c->kind]), c->field ? soa_field_label(c->field) : "",
			    before ? before : "", after ? after : "");
	}
	html_raw(o, "</tbody>\n</table>\n");
	page_end(r, 200);
}
