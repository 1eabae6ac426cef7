/* report.c - the table of reports and the metadata they share. */
#include <string.h>

#include "isms/i18n.h"
#include "isms/report.h"

/* One entry per report; the builders live in report-NAME.c. */
const struct report_def report_defs[] = {
	{ "assets", N_("Asset inventory"), report_assets },
	{ "method", N_("Risk management method and acceptance criteria"), report_method },
	{ "risks", N_("Risk list"), report_risks },
	{ "assessment", N_("Risk assessment report"), report_assessment },
	{ "treatment", N_("Risk treatment report"), report_treatment },
	{ "approvals", N_("Residual risk approval record"), report_approvals },
	{ "scope", N_("ISMS scope"), report_scope },
	{ "policy", N_("ISMS policy"), report_policy },
	{ "controls", N_("Selected controls"), report_controls },
	{ "authorisation", N_("Management authorisation record"), report_authorisation },
	{ "soa", N_("Statement of Applicability"), report_soa },
	{ "transition", N_("Transition to a new edition"), report_transition },
	{ 0 },
};

const struct report_def *report_find(const char *name)
{
	for (const struct report_def *r = report_defs; r->name; r++)
		if (name && !strcmp(r->name, name))
			return r;
	return NULL;
}

static const char *jis_edition(int edition)
{
	switch (edition) {
	case 2005: return "ISO/IEC 27001:2005 (JIS Q 27001:2006)";
	case 2013: return "ISO/IEC 27001:2013 (JIS Q 27001:2014)";
	default: return "ISO/IEC 27001:2022 (JIS Q 27001:2023)";
	}
}

struct doc *report_new(const char *kind, const char *title, const struct isms_info *isms,
		       const struct report_opts *o)
{
	struct doc *d = doc_new(kind, title, i18n_code(i18n_current()));

	doc_meta(d, "organisation", _("Organisation"), isms->org);
	doc_meta(d, "isms", _("ISMS"), isms->name);
	doc_meta(d, "edition", _("Standard"), jis_edition(isms->edition));
	doc_meta(d, "date", _("Date"), o && o->date ? o->date : "");
	doc_meta(d, "language", _("Language"), i18n_current() == ISMS_LANG_JA ? "日本語" : "English");
	return d;
}
