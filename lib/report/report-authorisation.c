/* report-authorisation.c - management's authorisation of the ISMS (実施許可) as a document. */
#include <stdio.h>
#include <string.h>

#include "isms/approval.h"
#include "isms/authorisation.h"
#include "isms/i18n.h"
#include "isms/report.h"
#include "isms/versioned.h"

static const char *state_text(enum approval_state s)
{
	switch (s) {
	case APPROVAL_CURRENT: return _("authorised");
	case APPROVAL_STALE: return _("authorised, but stale");
	case APPROVAL_REJECTED_STATE: return _("refused");
	default: return _("not authorised");
	}
}

enum isms_rc report_authorisation(struct isms_ctx *ctx, const struct isms_info *isms,
				  const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct authorisation au;
	struct approval *hist;
	struct doc_table *t;
	struct doc *d;
	size_t n;
	enum isms_rc rc;

	rc = authorisation_get(ctx, &a, isms->id, &au, err);
	if (!rc)
		rc = approval_list(ctx, &a, isms->id, "authorisation", &hist, &n, err);
	if (rc) {
		arena_release(&a);
		return rc;
	}
	d = report_new("authorisation", _("Management authorisation record"), isms, o);
	doc_heading(d, 1, _("Authorisation"));
	doc_kv(d, "state", _("State"), state_text(au.state));
	if (au.state != APPROVAL_NONE) {
		doc_kv(d, "by", _("Decided by"), au.latest.approver);
		doc_kv(d, "at", _("Decided at"), au.latest.at);
		doc_kv(d, "comment", _("Comment"), au.latest.comment);
		doc_heading(d, 1, _("What was authorised"));
		doc_kvf(d, "scope_version", _("Scope"), _("version %d"), au.was.scope_version);
		doc_kvf(d, "policy_version", _("ISMS policy"), _("version %d"), au.was.policy_version);
		doc_kv(d, "risk_fingerprint", _("Risk method, treatments and residual-risk approvals"),
		       au.was.risk_hash);
		if (au.state == APPROVAL_STALE) {
			doc_para_styled(d, DOC_STYLE_WARN,
					_("What the authorisation covered has changed since; management should authorise the ISMS again."));
			if (au.scope_changed)
				doc_para(d, _("\xe2\x80\xa2 the scope has changed since"));
			if (au.policy_changed)
				doc_para(d, _("\xe2\x80\xa2 the policy has changed since"));
			if (au.risks_changed)
				doc_para(d, _("\xe2\x80\xa2 the risk method, a treatment or a residual-risk approval has changed since"));
		}
	} else {
		doc_para_styled(d, DOC_STYLE_WARN, _("Management has not authorised the ISMS yet."));
	}
	if (n) {
		doc_heading(d, 1, _("Decisions"));
		t = doc_table(d, "decisions", NULL);
		doc_col(t, "at", _("Decided at"), DOC_TEXT, 22);
		doc_col(t, "by", _("Decided by"), DOC_TEXT, 14);
		doc_col(t, "decision", _("Decision"), DOC_TEXT, 10);
		doc_col(t, "comment", _("Comment"), DOC_TEXT, 50);
		for (size_t i = n; i-- > 0;) {
			doc_row(t);
			doc_set(t, 0, hist[i].at);
			doc_set(t, 1, hist[i].approver);
			doc_set(t, 2, hist[i].decision == APPROVAL_APPROVED ? _("authorised") : _("refused"));
			doc_set(t, 3, hist[i].comment);
		}
	}
	arena_release(&a);
	*ret = d;
	return ISMS_OK;
}
