/* steps.c - what the pages of the steps share: notices, approval states and decision forms, documents sent as files. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "isms/html.h"
#include "isms/versioned.h"
#include "web.h"

const char *step_notice(struct req *r)
{
	const char *msg = req_str(r, "msg");

	if (!msg)
		return NULL;
	if (!strcmp(msg, "saved"))
		return _("The changes have been saved.");
	if (!strcmp(msg, "unchanged"))
		return _("Nothing had changed, so no new version was saved.");
	if (!strcmp(msg, "approved"))
		return _("Your approval has been recorded.");
	if (!strcmp(msg, "rejected"))
		return _("Your rejection has been recorded.");
	if (!strcmp(msg, "authorised"))
		return _("Your authorisation of the ISMS has been recorded.");
	if (!strcmp(msg, "refused"))
		return _("Your refusal to authorise the ISMS has been recorded.");
	if (!strcmp(msg, "generated"))
		return _("A new Statement of Applicability has been generated.");
	if (!strcmp(msg, "added"))
		return _("The additional control has been added.");
	if (!strcmp(msg, "removed"))
		return _("The additional control has been removed.");
	return NULL;
}

void step_messages(struct req *r, const struct isms_err *err)
{
	if (err)
		page_error(r, err);
	else if (step_notice(r))
		page_notice(r, step_notice(r));
}

const char *step_state_class(enum approval_state s)
{
	switch (s) {
	case APPROVAL_CURRENT: return "ap-current";
	case APPROVAL_STALE: return "ap-stale";
	case APPROVAL_REJECTED_STATE: return "ap-rejected";
	case APPROVAL_NONE: break;
	}
	return "ap-none";
}

void step_state_badge(struct req *r, enum approval_state s)
{
	html_printf(&r->out, "<span class=\"badge %s\">%s</span>", step_state_class(s),
		    versioned_state_label(s));
}

void step_decision_form(struct req *r, const char *action, const char *intro,
			const char *approve, const char *reject, bool comment_required)
{
	struct sbuf *o = &r->out;
	const char *keep = r->method == HTTP_POST ? req_str(r, "comment") : NULL;

	html_raw(o, "<section class=\"decide\" aria-labelledby=\"decide-h\">\n");
	html_printf(o, "<h2 id=\"decide-h\">%s</h2>\n<p>%s</p>\n", _("Your decision"), intro);
	form_begin(r, action);
	html_printf(o, "<p><label for=\"decide-comment\">%s</label>\n",
		    comment_required ? _("Comment (required)") : _("Comment (optional)"));
	html_printf(o, "<textarea id=\"decide-comment\" name=\"comment\" rows=\"3\" maxlength=\"%d\"%s>%s</textarea></p>\n",
		    APPROVAL_COMMENT_MAX, comment_required ? " required" : "", keep ? keep : "");
	html_printf(o, "<p class=\"buttons\"><button name=\"decision\" value=\"approve\">%s</button>\n", approve);
	html_printf(o, "<button name=\"decision\" value=\"reject\" class=\"danger\">%s</button></p>\n</form>\n</section>\n",
		    reject);
}

enum approval_decision step_decision(struct req *r)
{
	const char *d = req_str(r, "decision");

	return d && !strcmp(d, "reject") ? APPROVAL_REJECTED : APPROVAL_APPROVED;
}

void step_web_hint(struct isms_err *err)
{
	/* The library's hints name command-line options for the CLI; in the
	 * browser the form is the way, and its field is named. */
	if (strstr(err->hint, "--") || strstr(err->hint, "\"isms ") || strstr(err->hint, "isms "))
		err->hint[0] = '\0';
}

void step_today(char out[16])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

/* cairo, pango and fontconfig are shared by the whole process: one PDF
 * (or document set) is written at a time. */
static pthread_mutex_t pdf_lock = PTHREAD_MUTEX_INITIALIZER;

void step_lock_pdf(void)
{
	pthread_mutex_lock(&pdf_lock);
}

void step_unlock_pdf(void)
{
	pthread_mutex_unlock(&pdf_lock);
}

void step_send_doc(struct req *r, struct doc *d, enum doc_format f, const char *basename)
{
	struct isms_err err;
	enum isms_rc rc;

	sbuf_reset(&r->out);
	if (f == DOC_PDF)
		step_lock_pdf();
	rc = doc_write(d, f, &r->out, &err);
	if (f == DOC_PDF)
		step_unlock_pdf();
	doc_free(d);
	if (rc) {
		sbuf_reset(&r->out);
		web_fail(r, &err);
		return;
	}
	web_send(r, 200, f == DOC_CSV ? "text/csv; charset=utf-8"
			 : f == DOC_HTML ? "text/html; charset=utf-8"
					 : doc_format_mime(f),
		 arena_printf(&r->arena, "%s.%s", basename, doc_format_ext(f)));
}

bool step_doc_lang(struct req *r, enum isms_lang *ret)
{
	const char *l = req_str(r, "lang");

	*ret = r->lang;
	return !l || i18n_parse_lang(l, ret);
}

void step_download_links(struct req *r, const char *base, const char *const *formats)
{
	static const enum isms_lang langs[] = { ISMS_LANG_JA, ISMS_LANG_EN };
	struct sbuf *o = &r->out;

	html_raw(o, "<ul class=\"downloads\">\n");
	for (size_t l = 0; l < 2; l++) {
		html_printf(o, "<li><span class=\"lang\" lang=\"%s\">%s</span>", i18n_code(langs[l]),
			    langs[l] == ISMS_LANG_JA ? "日本語" : "English");
		for (const char *const *f = formats; *f; f++) {
			enum doc_format df;

			doc_format_parse(*f, &df);
			html_printf(o, " <a href=\"%s%sformat=%s&amp;lang=%s\" download>%s</a>", base,
				    strchr(base, '?') ? "&amp;" : "?", *f, i18n_code(langs[l]),
				    df == DOC_XLSX ? "Excel (XLSX)" : df == DOC_PDF ? "PDF"
				    : df == DOC_CSV ? "CSV" : df == DOC_HTML ? "HTML" : "JSON");
		}
		html_raw(o, "</li>\n");
	}
	html_raw(o, "</ul>\n");
}

void step_history(struct req *r, const char *page, const struct version_info *v, size_t n, int shown)
{
	struct sbuf *o = &r->out;

	html_printf(o, "<section aria-labelledby=\"hist-h\">\n<h2 id=\"hist-h\">%s</h2>\n", _("Versions"));
	html_printf(o, "<table class=\"versions\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Version"), _("Saved"), _("By"), _("Approved by"));
	for (size_t i = n; i-- > 0;) {
		html_raw(o, "<tr><td>");
		if (v[i].version == shown)
			html_printf(o, "<strong>%d</strong>", v[i].version);
		else
			html_printf(o, "<a href=\"%s\">%d</a>",
				    isms_url(r, arena_printf(&r->arena, "%s?version=%d", page, v[i].version)),
				    v[i].version);
		html_printf(o, "</td><td>%s</td><td>%s</td><td>", web_time(r, v[i].created_at), v[i].created_by);
		if (v[i].approved_by)
			html_printf(o, "%s (%s)", v[i].approved_by, web_time(r, v[i].approved_at));
		html_raw(o, "</td></tr>\n");
	}
	html_raw(o, "</tbody>\n</table>\n</section>\n");
}
