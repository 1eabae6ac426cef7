/* page-policy.c - step 2: the ISMS policy, a Markdown editor with a preview, its versions and its approval. */
#include <stdio.h>
#include <string.h>

#include "isms/html.h"
#include "isms/mdhtml.h"
#include "isms/policy.h"
#include "web.h"

static void policy_view_render(struct req *r, const struct isms_err *err, int status)
{
	struct sbuf *o = &r->out;
	enum approval_state st = APPROVAL_NONE;
	struct version_info *versions;
	struct policy p, latest;
	struct isms_err e2;
	int want = (int)req_int(r, "version", 0);
	size_t nversions;
	enum isms_rc rc;

	rc = policy_get(r->ctx, &r->arena, r->isms.id, 0, &latest, &e2);
	if ((rc && rc != ISMS_ENOTFOUND) || (rc == ISMS_ENOTFOUND && want)) {
		web_fail(r, &e2);
		return;
	}
	if (rc == ISMS_ENOTFOUND) {
		page_begin(r, _("ISMS policy"));
		step_messages(r, err);
		html_printf(o, "<p class=\"lead\">%s</p>\n",
			    _("Step 2: write the ISMS policy: its purpose, the framework for setting objectives, management's commitment, and how it is reviewed."));
		html_printf(o, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
			    _("The policy has not been written yet."));
		if (r->role >= ROLE_MANAGER)
			html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n", isms_url(r, "/policy/edit"),
				    _("Write the policy from the template"));
		page_end(r, status);
		return;
	}
	p = latest;
	if ((want && want != latest.version && policy_get(r->ctx, &r->arena, r->isms.id, want, &p, &e2)) ||
	    policy_approval_state(r->ctx, r->isms.id, &st, &e2) ||
	    policy_history(r->ctx, &r->arena, r->isms.id, &versions, &nversions, &e2)) {
		web_fail(r, &e2);
		return;
	}
	page_begin(r, _("ISMS policy"));
	step_messages(r, err);
	if (p.version != latest.version) {
		html_raw(o, "<div class=\"notice\" role=\"status\"><p>");
		html_printf(o, "%s ", arena_printf(&r->arena, _("This is version %d, an older version. The latest is version %d."),
						   p.version, latest.version));
		html_printf(o, "<a href=\"%s\">%s</a></p></div>\n", isms_url(r, "/policy"), _("Show the latest version"));
	}
	html_printf(o, "<p class=\"meta\">%s ",
		    arena_printf(&r->arena, _("Version %d, saved %s by %s."), p.version, web_time(r, p.created_at), p.created_by));
	if (p.version == latest.version)
		step_state_badge(r, st);
	html_raw(o, "</p>\n");
	if (r->role >= ROLE_MANAGER)
		html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n", isms_url(r, "/policy/edit"),
			    _("Edit the policy"));
	html_raw(o, "<article class=\"markdown policy\">\n");
	markdown_html(p.body, strlen(p.body), 1, o);
	html_raw(o, "</article>\n");
	html_printf(o, "<h2>%s</h2>\n", _("Download"));
	step_download_links(r, isms_url(r, "/documents/policy"), (const char *const[]){ "pdf", "html", NULL });
	if (r->role == ROLE_APPROVER && p.version == latest.version)
		step_decision_form(r, isms_url(r, "/policy/approve"),
				   arena_printf(&r->arena, _("As top management, approve version %d of the policy, or reject it with a comment."),
						latest.version),
				   _("Approve this version"), _("Reject"), false);
	step_history(r, "/policy", versions, nversions, p.version);
	page_end(r, status);
}

void page_policy(struct req *r)
{
	policy_view_render(r, NULL, 200);
}

/* The editor, with `body` in it and its preview when `preview`. */
static void policy_form_render(struct req *r, const char *body, bool preview,
			       const struct isms_err *err, int status)
{
	struct sbuf *o = &r->out;

	page_begin(r, _("Edit the policy"));
	step_messages(r, err);
	html_printf(o, "<p class=\"lead\">%s</p>\n",
		    _("Write in Markdown: \"#\" for headings, \"-\" or \"1.\" for lists, **bold** and *emphasis*. Saving makes a new version when the text changed; an approval of an earlier version becomes stale."));
	html_raw(o, "<div class=\"editor\">\n<div class=\"editor-text\">\n");
	form_begin(r, isms_url(r, "/policy"));
	html_printf(o, "<p><label for=\"body\">%s</label>\n", _("Policy text (Markdown)"));
	html_printf(o, "<textarea id=\"body\" name=\"body\" rows=\"28\" maxlength=\"%d\" required data-preview=\"%s\" data-preview-target=\"preview\">%s</textarea></p>\n",
		    POLICY_MAX, arena_printf(&r->arena, "/api/v1/isms/%lld/policy/preview", (long long)r->isms.id),
		    body);
	html_printf(o, "<p class=\"buttons\"><button>%s</button>\n", _("Save"));
	html_printf(o, "<button class=\"secondary\" formaction=\"%s\">%s</button>\n", isms_url(r, "/policy/preview"),
		    _("Preview"));
	html_printf(o, "<a href=\"%s\">%s</a></p>\n</form>\n</div>\n", isms_url(r, "/policy"), _("Cancel"));
	html_printf(o, "<section class=\"editor-preview\" aria-labelledby=\"preview-h\">\n<h2 id=\"preview-h\">%s</h2>\n",
		    _("Preview"));
	html_raw(o, "<div id=\"preview\" class=\"markdown policy\" aria-live=\"polite\">\n");
	if (preview)
		markdown_html(body, strlen(body), 1, o);
	else
		html_printf(o, "<p class=\"hint\">%s</p>\n", _("Press \"Preview\" to see the text as it will be shown."));
	html_raw(o, "</div>\n</section>\n</div>\n");
	page_end(r, status);
}

void page_policy_edit(struct req *r)
{
	struct sbuf tmpl = SBUF_INIT;
	struct isms_err err;
	struct policy p;
	enum isms_rc rc = policy_get(r->ctx, &r->arena, r->isms.id, 0, &p, &err);
	char today[16];

	if (rc == ISMS_ENOTFOUND) {
		/* A first policy starts from the template, in the reader's language. */
		step_today(today);
		if (policy_template(r->lang, r->isms.org, today, &tmpl, &err)) {
			sbuf_release(&tmpl);
			web_fail(r, &err);
			return;
		}
		p.body = arena_strdup(&r->arena, tmpl.buf);
		sbuf_release(&tmpl);
	} else if (rc) {
		web_fail(r, &err);
		return;
	}
	policy_form_render(r, p.body, false, NULL, 200);
}

void page_policy_save(struct req *r)
{
	const char *body = req_str(r, "body");
	struct isms_err err;
	bool unchanged;
	int version;

	if (policy_save(r->ctx, r->isms.id, body, &version, &unchanged, &err)) {
		step_web_hint(&err);
		policy_form_render(r, body, false, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, unchanged ? "/policy?msg=unchanged" : "/policy?msg=saved"));
}

void page_policy_preview(struct req *r)
{
	const char *body = req_str(r, "body");
	struct isms_err err;

	/* The same checks as a save, so that the preview shows what a save
	 * would refuse; nothing is written. */
	if (policy_check(body, strlen(body), &err)) {
		policy_form_render(r, body, false, &err, web_status(err.code));
		return;
	}
	policy_form_render(r, body, true, NULL, 200);
}

void page_policy_approve(struct req *r)
{
	enum approval_decision d = step_decision(r);
	struct isms_err err;
	int version;

	if (policy_approve(r->ctx, r->isms.id, d, req_str(r, "comment"), &version, &err)) {
		step_web_hint(&err);
		policy_view_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, d == APPROVAL_APPROVED ? "/policy?msg=approved" : "/policy?msg=rejected"));
}
