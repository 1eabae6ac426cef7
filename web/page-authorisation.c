/* page-authorisation.c - step 9: management's authorisation of the ISMS, what it covers, whether it still holds, and the approver's form. */
#include <stdio.h>
#include <string.h>

#include "isms/authorisation.h"
#include "isms/html.h"
#include "web.h"

const char *authorisation_state_label(enum approval_state s)
{
	switch (s) {
	case APPROVAL_CURRENT: return _("Authorised");
	case APPROVAL_STALE: return _("Authorised, but stale: something it covers has changed since");
	case APPROVAL_REJECTED_STATE: return _("Refused");
	case APPROVAL_NONE: break;
	}
	return _("Not authorised yet");
}

static void basis(struct req *r, const struct authorisation_basis *b, bool scope_changed,
		  bool policy_changed, bool risks_changed)
{
	struct sbuf *o = &r->out;

	html_printf(o, "<dl class=\"facts\">\n<dt>%s</dt><dd><a href=\"%s\">%s</a>%s</dd>\n", _("Scope"),
		    isms_url(r, arena_printf(&r->arena, "/scope?version=%d", b->scope_version)),
		    arena_printf(&r->arena, _("version %d"), b->scope_version),
		    scope_changed ? _(" (changed since)") : "");
	html_printf(o, "<dt>%s</dt><dd><a href=\"%s\">%s</a>%s</dd>\n", _("Policy"),
		    isms_url(r, arena_printf(&r->arena, "/policy?version=%d", b->policy_version)),
		    arena_printf(&r->arena, _("version %d"), b->policy_version),
		    policy_changed ? _(" (changed since)") : "");
	html_printf(o, "<dt>%s</dt><dd><code title=\"%s\">%s</code>%s</dd>\n</dl>\n",
		    _("Risk fingerprint (method, treatments, residual-risk approvals)"), b->risk_hash,
		    arena_printf(&r->arena, "%.12s", b->risk_hash), risks_changed ? _(" (changed since)") : "");
}

static void authorisation_render(struct req *r, const struct isms_err *err, int status)
{
	struct sbuf *o = &r->out;
	struct authorisation au;
	struct authorisation_basis now;
	struct approval *hist;
	struct isms_err e2, why;
	enum isms_rc basis_rc;
	size_t nhist;

	if (authorisation_get(r->ctx, &r->arena, r->isms.id, &au, &e2) ||
	    approval_list(r->ctx, &r->arena, r->isms.id, "authorisation", &hist, &nhist, &e2)) {
		web_fail(r, &e2);
		return;
	}
	basis_rc = authorisation_basis(r->ctx, r->isms.id, &now, &why);
	if (basis_rc && basis_rc != ISMS_ESTATE) {
		web_fail(r, &why);
		return;
	}
	page_begin(r, _("Management authorisation record"));
	step_messages(r, err);
	html_printf(o, "<p class=\"lead\">%s</p>\n",
		    _("Step 9: top management authorises implementing and operating the ISMS. The record says exactly what was authorised: the versions of the scope and the policy, and the state of the risk assessment and treatment. When any of them changes, the authorisation is stale and must be given again."));
	html_printf(o, "<p class=\"state\"><span class=\"badge %s\">%s</span></p>\n", step_state_class(au.state),
		    authorisation_state_label(au.state));
	if (au.state != APPROVAL_NONE) {
		html_printf(o, "<h2>%s</h2>\n", _("The latest decision"));
		html_printf(o, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd class=\"pre-line\">%s</dd>\n</dl>\n",
			    _("By"), au.latest.approver, _("At"), web_time(r, au.latest.at), _("Comment"),
			    au.latest.comment ? au.latest.comment : "");
		html_printf(o, "<h3>%s</h3>\n", _("What it covers"));
		basis(r, &au.was, au.scope_changed, au.policy_changed, au.risks_changed);
	}
	html_printf(o, "<h2>%s</h2>\n", _("What would be authorised now"));
	if (basis_rc) {
		step_web_hint(&why);
		html_printf(o, "<div class=\"notice\" role=\"status\"><p>%s</p>", why.msg);
		if (why.hint[0])
			html_printf(o, "<p class=\"hint\">%s</p>", why.hint);
		html_raw(o, "</div>\n");
	} else {
		basis(r, &now, false, false, false);
	}
	html_printf(o, "<h2>%s</h2>\n", _("Download"));
	step_download_links(r, isms_url(r, "/documents/authorisation"), (const char *const[]){ "pdf", "html", NULL });
	if (r->role != ROLE_APPROVER && !basis_rc)
		html_printf(o, "<p class=\"hint\">%s</p>\n",
			    _("Only top management, a user with the approver role, authorises the ISMS; you can follow it here."));
	if (r->role == ROLE_APPROVER && !basis_rc)
		step_decision_form(r, isms_url(r, "/authorisation"),
				   _("As top management, authorise implementing and operating the ISMS as it stands now, or refuse. Say in the comment what you authorise, or why you refuse."),
				   _("Authorise the ISMS"), _("Refuse"), true);
	if (nhist) {
		html_printf(o, "<h2>%s</h2>\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
			    _("Decisions"), _("At"), _("By"), _("Decision"), _("Comment"));
		for (size_t i = nhist; i-- > 0;)
			html_printf(o, "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"pre-line\">%s</td></tr>\n", web_time(r, hist[i].at),
				    hist[i].approver,
				    hist[i].decision == APPROVAL_APPROVED ? _("authorised") : _("refused"),
				    hist[i].comment ? hist[i].comment : "");
		html_raw(o, "</tbody>\n</table>\n");
	}
	page_end(r, status);
}

void page_authorisation(struct req *r)
{
	authorisation_render(r, NULL, 200);
}

void page_authorisation_decide(struct req *r)
{
	enum approval_decision d = step_decision(r);
	struct isms_err err;

	if (authorisation_record(r->ctx, r->isms.id, d, req_str(r, "comment"), &err)) {
		step_web_hint(&err);
		authorisation_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, d == APPROVAL_APPROVED ? "/authorisation?msg=authorised"
							   : "/authorisation?msg=refused"));
}
