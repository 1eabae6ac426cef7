/* page-scope.c - step 1: the scope of the ISMS, its versions, a form with its structured fields, and its approval. */
#include <stdio.h>
#include <string.h>

#include "isms/html.h"
#include "isms/mdhtml.h"
#include "isms/scope.h"
#include "web.h"

/* Empty rows offered below the items of each kind (more after saving, or
 * with the "Add a row" button when JavaScript runs). */
#define SCOPE_BLANK_ROWS 2

/* The form's field names, in the order of enum scope_kind. */
static const char *const name_fields[SCOPE_NKINDS] = {
	"unit_name", "site_name", "process_name", "system_name", "interface_name", "exclusion_name",
};
static const char *const detail_fields[SCOPE_NKINDS] = {
	"unit_detail", "site_detail", "process_detail", "system_detail", "interface_detail",
	"exclusion_detail",
};

/* What goes in each list, shown above it (the Markdown template of
 * scope.c says the same with its own line format). */
static const char *const guidance[SCOPE_NKINDS] = {
	N_("The departments, teams or companies inside the scope, each with what it does."),
	N_("The offices, data centres and other places inside the scope, with their address."),
	N_("The business processes and services the ISMS protects."),
	N_("The networks, information systems and cloud services inside the scope."),
	N_("Where the scope meets the outside: suppliers, cloud providers, parent company, customers, and what is exchanged with them."),
	N_("What is left out of the scope. Each needs a justification: why it is excluded."),
};

/* --- reading the form (shared with the API) ------------------------------------------------- */

enum isms_rc scope_from_request(struct req *r, struct scope *s, struct isms_err *err)
{
	const char *org = req_str(r, "organisation"), *desc = req_str(r, "description");
	enum isms_rc rc = ISMS_OK;

	memset(s, 0, sizeof(*s));
	s->organisation = org ? org : "";
	s->description = desc ? desc : "";
	for (int k = 0; k < SCOPE_NKINDS; k++) {
		size_t nn, nd, n;
		const char *const *names = req_list(r, name_fields[k], &nn);
		const char *const *details = req_list(r, detail_fields[k], &nd);

		n = nn > nd ? nn : nd;
		s->items[k] = arena_zalloc(&r->arena, (n ? n : 1) * sizeof(*s->items[k]));
		for (size_t i = 0; i < n; i++) {
			const char *name = i < nn ? names[i] : "";
			const char *detail = i < nd ? details[i] : "";

			/* A row left empty is no item; a detail needs its name. The
			 * rows are all kept, so that a form shown again with the
			 * error loses nothing that was typed. */
			if (!*name && !*detail)
				continue;
			if (!*name && !rc) {
				rc = isms_err_set(err, ISMS_EINVAL, _("a row of \"%s\" has a detail but no name"),
						  scope_kind_title((enum scope_kind)k));
				isms_err_hint(err, _("Give the item a name, or empty its detail to drop the row."));
				isms_err_field(err, name_fields[k]);
			}
			s->items[k][s->nitems[k]].name = name;
			s->items[k][s->nitems[k]].detail = detail;
			s->nitems[k]++;
		}
	}
	return rc;
}

/* --- the page ---------------------------------------------------------------------------------- */

static void scope_view_render(struct req *r, const struct isms_err *err, int status)
{
	struct sbuf *o = &r->out;
	struct version_info *versions;
	enum approval_state st = APPROVAL_NONE;
	struct isms_err e2;
	struct scope s, latest;
	int want = (int)req_int(r, "version", 0);
	size_t nversions;
	enum isms_rc rc;

	rc = scope_get(r->ctx, &r->arena, r->isms.id, 0, &latest, &e2);
	if (rc && rc != ISMS_ENOTFOUND) {
		web_fail(r, &e2);
		return;
	}
	if (rc == ISMS_ENOTFOUND) {
		if (want) {
			web_fail(r, &e2);
			return;
		}
		page_begin(r, _("ISMS scope"));
		step_messages(r, err);
		html_printf(o, "<p class=\"lead\">%s</p>\n",
			    _("Step 1: decide the scope and boundaries of the ISMS: the organisation, its units, sites, processes and systems, the interfaces with outside parties, and what is excluded, with a justification."));
		html_printf(o, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
			    _("The scope has not been written yet."));
		if (r->role >= ROLE_MANAGER)
			html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n", isms_url(r, "/scope/edit"),
				    _("Write the scope"));
		page_end(r, status);
		return;
	}
	s = latest;
	if (want && want != latest.version && scope_get(r->ctx, &r->arena, r->isms.id, want, &s, &e2)) {
		web_fail(r, &e2);
		return;
	}
	if (scope_approval_state(r->ctx, r->isms.id, &st, &e2) ||
	    scope_history(r->ctx, &r->arena, r->isms.id, &versions, &nversions, &e2)) {
		web_fail(r, &e2);
		return;
	}
	page_begin(r, _("ISMS scope"));
	step_messages(r, err);
	if (s.version != latest.version) {
		html_raw(o, "<div class=\"notice\" role=\"status\"><p>");
		html_printf(o, "%s ", arena_printf(&r->arena, _("This is version %d, an older version. The latest is version %d."),
						   s.version, latest.version));
		html_printf(o, "<a href=\"%s\">%s</a></p></div>\n", isms_url(r, "/scope"), _("Show the latest version"));
	}
	html_printf(o, "<p class=\"meta\">%s ",
		    arena_printf(&r->arena, _("Version %d, saved %s by %s."), s.version, web_time(r, s.created_at), s.created_by));
	if (s.version == latest.version)
		step_state_badge(r, st);
	html_raw(o, "</p>\n");
	if (r->role >= ROLE_MANAGER)
		html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n", isms_url(r, "/scope/edit"),
			    _("Edit the scope"));
	html_printf(o, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd></dl>\n", _("Organisation"), s.organisation);
	for (int k = 0; k < SCOPE_NKINDS; k++) {
		html_printf(o, "<h2>%s</h2>\n", scope_kind_title((enum scope_kind)k));
		if (!s.nitems[k]) {
			html_printf(o, "<p class=\"hint\">%s</p>\n", _("None."));
			continue;
		}
		html_printf(o, "<table class=\"scope-items\">\n<thead><tr><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
			    _("Name"), k == SCOPE_EXCLUSION ? _("Justification") : _("Detail"));
		for (size_t i = 0; i < s.nitems[k]; i++)
			html_printf(o, "<tr><td>%s</td><td class=\"pre-line\">%s</td></tr>\n", s.items[k][i].name,
				    s.items[k][i].detail);
		html_raw(o, "</tbody>\n</table>\n");
	}
	if (*s.description) {
		html_printf(o, "<h2>%s</h2>\n<div class=\"markdown\">\n", _("Description"));
		markdown_html(s.description, strlen(s.description), 2, o);
		html_raw(o, "</div>\n");
	}
	html_printf(o, "<h2>%s</h2>\n", _("Download"));
	step_download_links(r, isms_url(r, "/documents/scope"), (const char *const[]){ "pdf", "html", NULL });
	if (r->role == ROLE_APPROVER && s.version == latest.version)
		step_decision_form(r, isms_url(r, "/scope/approve"),
				   arena_printf(&r->arena, _("As top management, approve version %d of the scope, or reject it with a comment."),
						latest.version),
				   _("Approve this version"), _("Reject"), false);
	step_history(r, "/scope", versions, nversions, s.version);
	page_end(r, status);
}

void page_scope(struct req *r)
{
	scope_view_render(r, NULL, 200);
}

/* One list of the form: the items and SCOPE_BLANK_ROWS empty rows. */
static void kind_rows(struct req *r, int k, const struct scope *s)
{
	struct sbuf *o = &r->out;
	const char *title = scope_kind_title((enum scope_kind)k);

	html_printf(o, "<fieldset class=\"scope-kind\">\n<legend>%s</legend>\n<p class=\"hint\">%s</p>\n", title,
		    T_(guidance[k]));
	html_printf(o, "<table class=\"rows\" id=\"rows-%s\">\n<thead><tr><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    scope_kind_code((enum scope_kind)k), _("Name"),
		    k == SCOPE_EXCLUSION ? _("Justification (required)") : _("Detail"));
	for (size_t i = 0; i < s->nitems[k] + SCOPE_BLANK_ROWS; i++) {
		const struct scope_item *it = i < s->nitems[k] ? &s->items[k][i] : NULL;

		html_printf(o, "<tr><td><input name=\"%s\" value=\"%s\" maxlength=\"%d\" aria-label=\"%s\"></td>",
			    name_fields[k], it ? it->name : "", SCOPE_NAME_MAX,
			    arena_printf(&r->arena, _("%s: name"), title));
		html_printf(o, "<td><textarea name=\"%s\" rows=\"2\" maxlength=\"%d\" aria-label=\"%s\">%s</textarea></td></tr>\n",
			    detail_fields[k], SCOPE_DETAIL_MAX,
			    arena_printf(&r->arena, k == SCOPE_EXCLUSION ? _("%s: justification") : _("%s: detail"), title),
			    it ? it->detail : "");
	}
	html_raw(o, "</tbody>\n</table>\n");
	html_printf(o, "<p><button type=\"button\" class=\"small secondary\" data-add-row=\"rows-%s\" hidden>%s</button></p>\n</fieldset>\n",
		    scope_kind_code((enum scope_kind)k), _("Add a row"));
}

static void scope_form_render(struct req *r, const struct scope *s, const struct isms_err *err,
			      int status)
{
	struct sbuf *o = &r->out;

	page_begin(r, _("Edit the scope"));
	step_messages(r, err);
	html_printf(o, "<p class=\"lead\">%s</p>\n",
		    _("Saving makes a new version when something changed; earlier versions stay readable, and an approval of an earlier version becomes stale."));
	html_printf(o, "<p class=\"hint\">%s</p>\n", _("To remove an item, empty its name and its detail."));
	form_begin(r, isms_url(r, "/scope"));
	html_printf(o, "<p><label for=\"organisation\">%s</label>\n", _("Organisation"));
	html_printf(o, "<input id=\"organisation\" name=\"organisation\" value=\"%s\" maxlength=\"%d\" required></p>\n",
		    s->organisation ? s->organisation : "", SCOPE_NAME_MAX);
	for (int k = 0; k < SCOPE_NKINDS; k++)
		kind_rows(r, k, s);
	html_printf(o, "<p><label for=\"description\">%s</label>\n", _("Description (Markdown)"));
	html_printf(o, "<textarea id=\"description\" name=\"description\" rows=\"8\" maxlength=\"%d\">%s</textarea></p>\n",
		    SCOPE_TEXT_MAX, s->description ? s->description : "");
	html_printf(o, "<p class=\"buttons\"><button>%s</button> <a href=\"%s\">%s</a></p>\n</form>\n",
		    _("Save"), isms_url(r, "/scope"), _("Cancel"));
	page_end(r, status);
}

void page_scope_edit(struct req *r)
{
	struct isms_err err;
	struct scope s;
	enum isms_rc rc = scope_get(r->ctx, &r->arena, r->isms.id, 0, &s, &err);

	if (rc == ISMS_ENOTFOUND) {
		memset(&s, 0, sizeof(s));
		s.organisation = r->isms.org;
		s.description = "";
	} else if (rc) {
		web_fail(r, &err);
		return;
	}
	scope_form_render(r, &s, NULL, 200);
}

void page_scope_save(struct req *r)
{
	struct isms_err err;
	struct scope s;
	bool unchanged;
	int version;

	if (scope_from_request(r, &s, &err) ||
	    scope_save(r->ctx, r->isms.id, &s, &version, &unchanged, &err)) {
		step_web_hint(&err);
		scope_form_render(r, &s, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, unchanged ? "/scope?msg=unchanged" : "/scope?msg=saved"));
}

void page_scope_approve(struct req *r)
{
	enum approval_decision d = step_decision(r);
	struct isms_err err;
	int version;

	if (scope_approve(r->ctx, r->isms.id, d, req_str(r, "comment"), &version, &err)) {
		step_web_hint(&err);
		scope_view_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, d == APPROVAL_APPROVED ? "/scope?msg=approved" : "/scope?msg=rejected"));
}
