/* report-scope.c - the ISMS scope (適用範囲) and the ISMS policy (基本方針) as documents. */
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/policy.h"
#include "isms/report.h"
#include "isms/scope.h"
#include "isms/versioned.h"
#include "markdown.h"

/* Version, author and approval of a versioned text, in the metadata. */
static void version_meta(struct doc *d, int version, const char *created_at,
			 const char *created_by, enum approval_state st,
			 const struct version_info *hist, size_t nhist)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%d", version);
	doc_meta(d, "version", _("Version"), buf);
	snprintf(buf, sizeof(buf), "%.10s (%s)", created_at, created_by);
	doc_meta(d, "saved", _("Saved"), buf);
	for (size_t i = 0; i < nhist; i++) {
		if (hist[i].version != version || !hist[i].approved_by)
			continue;
		snprintf(buf, sizeof(buf), "%s (%.10s)", hist[i].approved_by, hist[i].approved_at);
		doc_meta(d, "approver", _("Approved by"), buf);
		return;
	}
	doc_meta(d, "approver", _("Approved by"), versioned_state_label(st));
}

enum isms_rc report_scope(struct isms_ctx *ctx, const struct isms_info *isms,
			  const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	static const char *const detail[SCOPE_NKINDS] = {
		N_("Role"), N_("Address and use"), N_("Description"), N_("Description"),
		N_("What is exchanged or relied on"), N_("Justification"),
	};
	struct arena a = ARENA_INIT;
	struct version_info *hist;
	enum approval_state st;
	struct scope s;
	struct doc *d;
	size_t nhist;
	enum isms_rc rc;

	rc = scope_get(ctx, &a, isms->id, 0, &s, err);
	if (!rc)
		rc = scope_approval_state(ctx, isms->id, &st, err);
	if (!rc)
		rc = scope_history(ctx, &a, isms->id, &hist, &nhist, err);
	if (rc) {
		arena_release(&a);
		return rc;
	}
	d = report_new("scope", _("ISMS scope"), isms, o);
	version_meta(d, s.version, s.created_at, s.created_by, st, hist, nhist);
	doc_heading(d, 1, _("Organisation"));
	doc_para(d, s.organisation);
	for (int k = 0; k < SCOPE_NKINDS; k++) {
		struct doc_table *t;

		doc_heading(d, 1, scope_kind_title((enum scope_kind)k));
		if (!s.nitems[k]) {
			doc_para_styled(d, DOC_STYLE_MUTED, _("None."));
			continue;
		}
		t = doc_table(d, scope_kind_code((enum scope_kind)k), NULL);
		doc_col(t, "name", _("Name"), DOC_TEXT, 24);
		doc_col(t, "detail", T_(detail[k]), DOC_TEXT, 50);
		for (size_t i = 0; i < s.nitems[k]; i++) {
			doc_row(t);
			doc_set(t, 0, s.items[k][i].name);
			doc_set(t, 1, s.items[k][i].detail);
		}
	}
	if (*s.description) {
		doc_heading(d, 1, _("Description"));
		doc_markdown(d, s.description, 1);
	}
	arena_release(&a);
	*ret = d;
	return ISMS_OK;
}

enum isms_rc report_policy(struct isms_ctx *ctx, const struct isms_info *isms,
			   const struct report_opts *o, struct doc **ret, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct version_info *hist;
	enum approval_state st;
	struct policy p;
	struct doc *d;
	size_t nhist;
	enum isms_rc rc;

	rc = policy_get(ctx, &a, isms->id, 0, &p, err);
	if (!rc)
		rc = policy_approval_state(ctx, isms->id, &st, err);
	if (!rc)
		rc = policy_history(ctx, &a, isms->id, &hist, &nhist, err);
	if (rc) {
		arena_release(&a);
		return rc;
	}
	d = report_new("policy", _("ISMS policy"), isms, o);
	version_meta(d, p.version, p.created_at, p.created_by, st, hist, nhist);
	/* The policy's own title (its first "#" line) is the document's. */
	doc_markdown(d, p.body, 0);
	arena_release(&a);
	*ret = d;
	return ISMS_OK;
}
