/* page-log.c - the audit log of an ISMS with filters, and the verification of its hash chain. */
#include <stdio.h>
#include <string.h>

#include "isms/html.h"
#include "isms/log.h"
#include "web.h"

#define LOG_DEFAULT_LIMIT 200

static void filter_input(struct req *r, const char *name, const char *label, const char *type,
			 int maxlength)
{
	const char *v = req_str(r, name);

	html_printf(&r->out, "<p><label for=\"f-%s\">%s</label>\n", name, label);
	html_printf(&r->out, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"%s\" maxlength=\"%d\"></p>\n",
		    name, name, type, v ? v : "", maxlength);
}

/* The codes the log stores, as people read them (the codes stay in the
 * API, in the filter's URL and in a tooltip). */
struct code_label {
	const char *code;
	const char *label;
};

static const struct code_label entities[] = {
	{ "api_token", N_("API token") },
	{ "approval", N_("Approval") },
	{ "asset", N_("Asset") },
	{ "catalog", N_("Catalogue") },
	{ "control_selection", N_("Control selection") },
	{ "isms", N_("ISMS") },
	{ "membership", N_("Role in the ISMS") },
	{ "method", N_("Risk assessment method") },
	{ "policy", N_("Policy") },
	{ "risk", N_("Risk") },
	{ "scope", N_("Scope") },
	{ "session", N_("Login session") },
	{ "setting", N_("Setting") },
	{ "setup", N_("First-run set-up") },
	{ "soa", N_("Statement of Applicability") },
	{ "threat", N_("Threat") },
	{ "user", N_("User") },
	{ "vulnerability", N_("Vulnerability") },
}, actions[] = {
	{ "create", N_("created") },
	{ "update", N_("changed") },
	{ "delete", N_("deleted") },
	{ "import", N_("imported") },
	{ "transition", N_("moved to another edition") },
	{ "evaluate", N_("evaluated") },
	{ "treat", N_("treatment set") },
	{ "untreat", N_("treatment removed") },
	{ "remap", N_("controls remapped") },
	{ "login", N_("logged in") },
	{ "logout", N_("logged out") },
	{ "passwd", N_("password changed") },
	{ "approved", N_("approved") },
	{ "rejected", N_("rejected") },
};

#define NLABELS(t) (sizeof(t) / sizeof((t)[0]))

/* The label of `code` in `table`, or the code itself when unknown. */
static const char *label_of(const struct code_label *table, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(table[i].code, code))
			return T_(table[i].label);
	return code;
}

static void entity_select(struct req *r)
{
	const char *v = req_str(r, "entity");
	bool known = !v;

	html_printf(&r->out, "<p><label for=\"f-entity\">%s</label>\n<select id=\"f-entity\" name=\"entity\">\n",
		    _("Entity"));
	form_option(r, "", _("any"), !v);
	for (size_t i = 0; i < NLABELS(entities); i++) {
		bool on = v && !strcmp(v, entities[i].code);

		known = known || on;
		form_option(r, entities[i].code, T_(entities[i].label), on);
	}
	if (!known)
		form_option(r, v, v, true);
	html_raw(&r->out, "</select></p>\n");
}

void page_log(struct req *r)
{
	struct sbuf *o = &r->out;
	struct log_filter f = { 0 };
	struct log_entry *rows;
	struct isms_err err;
	size_t n;

	f.isms_id = r->isms.id;
	f.members_only = !r->user->admin;
	f.entity = req_str(r, "entity");
	f.actor = req_str(r, "actor");
	f.since = req_str(r, "since");
	f.until = req_str(r, "until");
	f.limit = (size_t)req_int(r, "limit", LOG_DEFAULT_LIMIT);
	if (log_list(r->ctx, &r->arena, &f, &rows, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	page_begin(r, _("Audit log"));
	html_printf(o, "<p>%s</p>\n",
		    _("Every change is recorded with who made it and when. The entries are chained by hashes, so that a change made behind the application's back is found by the verification."));
	html_printf(o, "<form method=\"get\" action=\"%s\" class=\"filters\">\n", isms_url(r, "/log"));
	entity_select(r);
	filter_input(r, "actor", _("Actor"), "text", 64);
	filter_input(r, "since", _("From (UTC)"), "date", 10);
	filter_input(r, "until", _("To (UTC)"), "date", 10);
	html_printf(o, "<p><label for=\"f-limit\">%s</label>\n", _("Newest entries"));
	html_printf(o, "<input id=\"f-limit\" name=\"limit\" type=\"number\" min=\"1\" max=\"10000\" value=\"%zu\"></p>\n",
		    f.limit);
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", _("Filter"));
	html_printf(o, "<form method=\"get\" action=\"%s\">\n<p><button>%s</button></p>\n</form>\n",
		    isms_url(r, "/log/verify"), _("Verify the hash chain"));
	if (n == 0) {
		html_printf(o, "<p>%s</p>\n", _("No entries match."));
		page_end(r, 200);
		return;
	}
	html_printf(o, "<p>%s</p>\n",
		    arena_printf(&r->arena, _n("%zu entry, newest first.", "%zu entries, newest first.", n), n));
	html_printf(o, "<table class=\"log\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("No."), _("Time (UTC)"), _("Actor"), _("Entity"), _("ID"), _("Action"), _("Change"));
	for (size_t i = n; i-- > 0;) {
		const struct log_entry *e = &rows[i];

		html_printf(o, "<tr><td>%lld</td><td>%s</td><td>%s</td><td title=\"%s\">%s</td><td>%s</td><td title=\"%s\">%s</td><td>",
			    (long long)e->id, web_time(r, e->at), e->actor, e->entity, label_of(entities, NLABELS(entities), e->entity),
			    e->entity_id, e->action, label_of(actions, NLABELS(actions), e->action));
		if (e->before)
			html_printf(o, "<div><span class=\"label\">%s</span> <code>%s</code></div>", _("before"),
				    e->before);
		if (e->after)
			html_printf(o, "<div><span class=\"label\">%s</span> <code>%s</code></div>", _("after"),
				    e->after);
		html_raw(o, "</td></tr>\n");
	}
	html_raw(o, "</tbody>\n</table>\n");
	page_end(r, 200);
}

void page_log_verify(struct req *r)
{
	struct sbuf *o = &r->out;
	struct isms_err err = { 0 };
	int64_t count = 0, bad = 0;

	/* A broken chain is the answer to the question, not a failure of
	 * the request; a database that cannot be read is. */
	if (log_verify(r->ctx, &count, &bad, &err) && err.code != ISMS_ETAMPER) {
		web_fail(r, &err);
		return;
	}
	page_begin(r, _("Verification of the audit log"));
	if (err.code == ISMS_ETAMPER && bad) {
		page_error(r, &err);
	} else {
		html_printf(o, "<div class=\"notice ok\" role=\"status\"><p>%s</p></div>\n",
			    arena_printf(&r->arena, _("The audit log is intact: %lld entries checked."),
					 (long long)count));
	}
	html_printf(o, "<p><a href=\"%s\">%s</a></p>\n", isms_url(r, "/log"), _("Back to the audit log"));
	page_end(r, 200);
}
