/* page-isms.c - choosing an ISMS, creating one, and its dashboard with the ten steps drawn as SVG. */
#include <stdio.h>
#include <string.h>

#include "isms/html.h"
#include "isms/status.h"
#include "web.h"

static void isms_list_render(struct req *r, const struct isms_err *err, int status)
{
	struct sbuf *o = &r->out;
	struct account_isms *list;
	struct isms_err e2;
	size_t n;
	const char *v;

	if (account_isms_list(r->ctx, &r->arena, r->user, &list, &n, &e2)) {
		web_fail(r, &e2);
		return;
	}
	page_begin(r, _("Choose an ISMS"));
	if (err)
		page_error(r, err);
	else if (req_str(r, "msg"))
		page_notice(r, _("The ISMS has been created."));
	if (n == 0) {
		html_printf(o, "<p>%s</p>\n", _("You are not a member of any ISMS yet. Ask an administrator to give you a role."));
	} else {
		html_printf(o, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
			    _("Name"), _("Organisation"), _("Edition"), _("Your role"));
		for (size_t i = 0; i < n; i++) {
			const struct isms_info *s = &list[i].isms;

			html_printf(o, "<tr><td><a href=\"/isms/%lld\">%s</a></td><td>%s</td><td>ISO/IEC 27001:%d</td><td>%s</td></tr>\n",
				    (long long)s->id, s->name, s->org, s->edition,
				    user_role_label(list[i].role));
		}
		html_raw(o, "</tbody>\n</table>\n");
	}
	if (r->user->admin) {
		html_printf(o, "<h2>%s</h2>\n", _("Create an ISMS"));
		form_begin(r, "/isms");
		v = req_str(r, "org");
		html_printf(o, "<p><label for=\"org\">%s</label>\n", _("Organisation"));
		html_printf(o, "<input id=\"org\" name=\"org\" value=\"%s\" maxlength=\"%d\" required></p>\n",
			    err && v ? v : "", ISMS_ORG_MAX);
		v = req_str(r, "name");
		html_printf(o, "<p><label for=\"name\">%s</label>\n", _("Name of the ISMS (default: the organisation's)"));
		html_printf(o, "<input id=\"name\" name=\"name\" value=\"%s\" maxlength=\"%d\"></p>\n",
			    err && v ? v : "", ISMS_NAME_MAX);
		html_printf(o, "<p><label for=\"edition\">%s</label>\n<select id=\"edition\" name=\"edition\">\n",
			    _("Edition of ISO/IEC 27001"));
		form_edition_options(r, req_int(r, "edition", 2022));
		html_raw(o, "</select></p>\n");
		html_printf(o, "<p><label for=\"lang\">%s</label>\n<select id=\"lang\" name=\"lang\">\n",
			    _("Default language"));
		html_printf(o, "<option value=\"ja\"%s>日本語</option>\n",
			    r->lang == ISMS_LANG_JA ? " selected" : "");
		html_printf(o, "<option value=\"en\"%s>English</option>\n",
			    r->lang == ISMS_LANG_EN ? " selected" : "");
		html_printf(o, "</select></p>\n<p><button>%s</button></p>\n</form>\n", _("Create"));
	}
	page_end(r, status);
}

void page_isms_list(struct req *r)
{
	isms_list_render(r, NULL, 200);
}

void page_isms_create(struct req *r)
{
	struct isms_new in = { 0 };
	struct isms_err err;

	in.org = req_str(r, "org");
	in.name = req_str(r, "name");
	in.edition = (int)req_int(r, "edition", 0);
	i18n_parse_lang(req_str(r, "lang"), &in.lang);
	if (isms_create(r->ctx, &in, NULL, &err)) {
		isms_list_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, "/isms?msg=created");
}

/* --- the dashboard ------------------------------------------------------------------------ */

#define STEP_W 64
#define STEP_GAP 6
#define STEP_X0 4

static void progress_svg(struct req *r, const struct isms_status *st, int done)
{
	static const enum step_state states[] = { STEP_NOT_STARTED, STEP_IN_PROGRESS, STEP_DONE,
						  STEP_APPROVED };
	struct sbuf *o = &r->out;
	int width = STEP_X0 * 2 + STATUS_STEPS * (STEP_W + STEP_GAP) - STEP_GAP;

	html_printf(o, "<svg class=\"progress\" viewBox=\"0 0 %d 116\" role=\"img\" aria-labelledby=\"progress-title\" xmlns=\"http://www.w3.org/2000/svg\">\n",
		    width);
	html_printf(o, "<title id=\"progress-title\">%s</title>\n",
		    arena_printf(&r->arena, _("%d of %d steps done"), done, STATUS_STEPS));
	/* Each phase spans its steps, with its name above them. */
	for (int p = 1; p <= 3; p++) {
		int first = -1, last = -1;

		for (int i = 0; i < STATUS_STEPS; i++) {
			if (st->steps[i].phase == p) {
				if (first < 0)
					first = i;
				last = i;
			}
		}
		if (first < 0)
			continue;
		html_printf(o, "<g class=\"phase\"><rect x=\"%d\" y=\"18\" width=\"%d\" height=\"3\" rx=\"1\"/>",
			    STEP_X0 + first * (STEP_W + STEP_GAP),
			    (last - first + 1) * (STEP_W + STEP_GAP) - STEP_GAP);
		html_printf(o, "<text x=\"%d\" y=\"13\">%s</text></g>\n",
			    STEP_X0 + first * (STEP_W + STEP_GAP), status_phase_name(p));
	}
	for (int i = 0; i < STATUS_STEPS; i++) {
		const struct step_status *s = &st->steps[i];
		int x = STEP_X0 + i * (STEP_W + STEP_GAP);

		html_printf(o, "<g class=\"step st-%s\"><title>%d. %s: %s</title>", status_state_code(s->state),
			    s->step, s->name, status_state_label(s->state));
		html_printf(o, "<rect x=\"%d\" y=\"28\" width=\"%d\" height=\"44\" rx=\"5\"/>", x, STEP_W);
		html_printf(o, "<text x=\"%d\" y=\"57\" text-anchor=\"middle\">%d</text></g>\n",
			    x + STEP_W / 2, s->step);
	}
	for (size_t k = 0; k < sizeof(states) / sizeof(states[0]); k++) {
		int x = STEP_X0 + (int)k * 170;

		html_printf(o, "<g class=\"legend st-%s\"><rect x=\"%d\" y=\"92\" width=\"14\" height=\"14\" rx=\"3\"/>",
			    status_state_code(states[k]), x);
		html_printf(o, "<text x=\"%d\" y=\"104\">%s</text></g>\n", x + 20,
			    status_state_label(states[k]));
	}
	html_raw(o, "</svg>\n");
}

/* The ten steps as SVG and a table. Part of the dashboard's cached
 * section (dashboard-risk.c), so it depends only on the ISMS and the
 * language. Returns false, with an error paragraph written, if the status
 * cannot be computed. */
/* The page where each step is done. */
static const char *const step_pages[STATUS_STEPS] = {
	"/scope", "/policy", "/method", "/assets", "/risks", "/risks?evaluation=treat",
	"/controls", "/approvals", "/authorisation", "/soa",
};

bool dashboard_steps(struct req *r)
{
	struct sbuf *o = &r->out;
	struct isms_status st;
	struct isms_err err;
	int done = 0;

	if (status_compute(r->ctx, &r->arena, &r->isms, &st, &err)) {
		html_printf(o, "<p class=\"error\">%s</p>\n", err.msg);
		return false;
	}
	for (int i = 0; i < STATUS_STEPS; i++)
		if (st.steps[i].state >= STEP_DONE)
			done++;
	html_printf(o, "<section aria-labelledby=\"steps\">\n<h2 id=\"steps\">%s</h2>\n",
		    _("Establishing the ISMS: the ten steps"));
	progress_svg(r, &st, done);
	html_printf(o, "<table class=\"steps\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Step"), _("What is done"), _("Artefact"), _("Clause"), _("State"),
		    _("What is missing"));
	for (int i = 0; i < STATUS_STEPS; i++) {
		const struct step_status *s = &st.steps[i];

		if (i == 0 || st.steps[i - 1].phase != s->phase)
			html_printf(o, "<tr class=\"phase-row\"><th colspan=\"6\" scope=\"rowgroup\">%s</th></tr>\n",
				    status_phase_name(s->phase));
		html_printf(o, "<tr><td>%d</td><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td><span class=\"badge st-%s\">%s</span></td><td>",
			    s->step, isms_url(r, step_pages[i]), s->name, s->artefact, s->clause,
			    status_state_code(s->state), status_state_label(s->state));
		if (s->nmissing) {
			html_raw(o, "<ul>");
			for (size_t k = 0; k < s->nmissing; k++)
				html_printf(o, "<li>%s</li>", s->missing[k]);
			html_raw(o, "</ul>");
		}
		html_raw(o, "</td></tr>\n");
	}
	html_raw(o, "</tbody>\n</table>\n</section>\n");
	return true;
}

void page_dashboard(struct req *r)
{
	struct sbuf *o = &r->out;

	page_begin(r, arena_printf(&r->arena, _("Dashboard: %s"), r->isms.name));
	html_printf(o, "<p class=\"lead\">%s &middot; ISO/IEC 27001:%d &middot; %s: %s</p>\n", r->isms.org,
		    r->isms.edition, _("Your role"), user_role_label(r->role));
	dashboard_sections(r);
	page_end(r, 200);
}
