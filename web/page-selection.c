/* page-selection.c - step 7: the selection of controls by clause or theme, with bulk edit, one control's form, and additional controls. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "isms/catalog.h"
#include "isms/html.h"
#include "isms/selection.h"
#include "web.h"

static const enum sel_reason stored_reasons[] = { SEL_REASON_LEGAL, SEL_REASON_CONTRACT,
						  SEL_REASON_BUSINESS };
static const char *const reason_fields[] = { "reason_legal", "reason_contract", "reason_business" };
#define NSTORED (sizeof(stored_reasons) / sizeof(stored_reasons[0]))

/* --- shared with the API ------------------------------------------------------------------ */

/* The top of a control's place in the catalogue: its clause (2005,
 * 2013) or theme (2022); NULL for additional controls. */
const struct catalog_item *control_group(const struct catalog *cat, const struct control_sel *c)
{
	const struct catalog_item *it;
	int guard = 0;

	if (c->additional || !cat)
		return NULL;
	it = catalog_find(cat, c->control_id);
	while (it && *it->parent && guard++ < 16) {
		const struct catalog_item *up = catalog_find(cat, it->parent);

		if (!up)
			break;
		it = up;
	}
	return it;
}

/* The control `id` of the selection (exact, else regardless of case, as
 * the library accepts it). */
enum isms_rc control_find(struct req *r, const char *id, struct control_sel **ret_rows,
			  size_t *ret_n, struct control_sel **ret, struct isms_err *err)
{
	struct control_sel *rows;
	size_t n;

	if (selection_list(r->ctx, &r->arena, r->isms.id, &rows, &n, err))
		return err->code;
	*ret = NULL;
	for (size_t i = 0; i < n && !*ret; i++)
		if (!strcmp(rows[i].control_id, id))
			*ret = &rows[i];
	for (size_t i = 0; i < n && !*ret; i++)
		if (!strcasecmp(rows[i].control_id, id))
			*ret = &rows[i];
	if (ret_rows) {
		*ret_rows = rows;
		*ret_n = n;
	}
	if (!*ret) {
		isms_err_set(err, ISMS_ENOTFOUND, _("unknown control \"%s\" in ISO/IEC 27001:%d"), id,
			     r->isms.edition);
		isms_err_field(err, "control");
		return ISMS_ENOTFOUND;
	}
	return ISMS_OK;
}

/* Whether field `name` was sent (maybe empty), and its value. */
static bool given(struct req *r, const char *name, const char **ret)
{
	for (size_t i = 0; i < r->nfields; i++) {
		if (!strcmp(r->fields[i].name, name)) {
			*ret = r->fields[i].value;
			return true;
		}
	}
	*ret = NULL;
	return false;
}

enum isms_rc control_update(struct req *r, const struct control_sel *c, bool whole,
			    struct isms_err *err)
{
	struct sel_update u = SEL_UPDATE_INIT;
	const char *id = c->control_id, *v, *decision;
	enum sel_status status;

	/* A form sends every field, and an empty one clears; the API changes
	 * only what it sends. */
	for (size_t k = 0; k < NSTORED; k++) {
		if (!given(r, reason_fields[k], &v) && !whole)
			continue;
		if (v && !strcmp(v, "1"))
			u.reasons_add |= stored_reasons[k];
		else
			u.reasons_drop |= stored_reasons[k];
	}
	if (given(r, "status", &v) && v && sel_status_parse(v, &status))
		u.status = (int)status;
	if (given(r, "owner", &v) || whole)
		u.owner = v ? v : "";
	if (given(r, "impl_ref", &v) || whole)
		u.impl_ref = v ? v : "";
	if (given(r, "justification", &v) || whole)
		u.justification = v ? v : "";
	if (c->additional && (given(r, "title", &v) || whole) && v && *v)
		u.title = v;
	decision = req_str(r, "decision");
	if (decision && !strcmp(decision, "excluded"))
		return selection_exclude(r->ctx, r->isms.id, &id, 1, &u, err);
	/* The justification is for exclusions: kept as it was otherwise. */
	u.justification = NULL;
	if (decision && !strcmp(decision, "applicable"))
		return selection_select(r->ctx, r->isms.id, &id, 1, false, &u, err);
	return selection_set(r->ctx, r->isms.id, &id, 1, &u, err);
}

/* Fill `u` from the bulk fields; `*ret_decision` is "keep", "applicable"
 * or "excluded". */
static void bulk_update(struct req *r, struct sel_update *u, const char **ret_decision)
{
	const char *s = req_str(r, "status");
	enum sel_status status;

	for (size_t k = 0; k < NSTORED; k++)
		if (req_bool(r, reason_fields[k]))
			u->reasons_add |= stored_reasons[k];
	if (s && sel_status_parse(s, &status))
		u->status = (int)status;
	u->owner = req_str(r, "owner");
	u->justification = req_str(r, "justification");
	*ret_decision = req_str(r, "decision") ? req_str(r, "decision") : "keep";
}

enum isms_rc controls_bulk(struct req *r, const char *const *ids, size_t n, struct isms_err *err)
{
	struct sel_update u = SEL_UPDATE_INIT;
	const char *decision;

	bulk_update(r, &u, &decision);
	if (!strcmp(decision, "applicable"))
		return selection_select(r->ctx, r->isms.id, ids, n, false, &u, err);
	if (!strcmp(decision, "excluded"))
		return selection_exclude(r->ctx, r->isms.id, ids, n, &u, err);
	return selection_set(r->ctx, r->isms.id, ids, n, &u, err);
}

/* The non-empty control ids of the request, in the arena. */
const char **control_ids(struct req *r, size_t *ret_n)
{
	size_t n, k = 0;
	const char *const *ids = req_list(r, "control", &n);
	const char **out = arena_zalloc(&r->arena, (n ? n : 1) * sizeof(*out));

	for (size_t i = 0; i < n; i++)
		if (*ids[i])
			out[k++] = ids[i];
	*ret_n = k;
	return out;
}

/* --- the list ---------------------------------------------------------------------------------- */

static const char *control_url(struct req *r, const char *id)
{
	struct sbuf sb = SBUF_INIT;
	const char *url;

	html_url_escape(&sb, id);
	url = isms_url(r, arena_printf(&r->arena, "/controls/%s", sb.buf));
	sbuf_release(&sb);
	return url;
}

static bool shown(const struct control_sel *c, const char *show)
{
	if (!show || !strcmp(show, "all"))
		return true;
	if (!strcmp(show, "review"))
		return *c->review != '\0';
	return !strcmp(show, sel_decision_code(c->decision));
}

static bool in_list(const char *const *ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return true;
	return false;
}

static void status_options(struct req *r, int selected, bool with_keep)
{
	if (with_keep)
		html_printf(&r->out, "<option value=\"keep\"%s>%s</option>\n", selected < 0 ? " selected" : "",
			    _("(keep as it is)"));
	for (int s = 0; s < SEL_STATUS_COUNT; s++)
		html_printf(&r->out, "<option value=\"%s\"%s>%s</option>\n", sel_status_code((enum sel_status)s),
			    s == selected ? " selected" : "", sel_status_label((enum sel_status)s));
}

static void control_row(struct req *r, const struct control_sel *c, bool editable, bool checked)
{
	struct sbuf *o = &r->out;

	html_raw(o, "<tr>");
	if (editable)
		html_printf(o, "<td><input type=\"checkbox\" name=\"control\" value=\"%s\" aria-label=\"%s\"%s></td>",
			    c->control_id, arena_printf(&r->arena, _("Select %s"), c->control_id),
			    checked ? " checked" : "");
	html_printf(o, "<td><a href=\"%s\">%s</a></td><td>%s", control_url(r, c->control_id), c->control_id,
		    c->title);
	if (*c->review)
		html_printf(o, "<div class=\"review\">%s</div>", sel_review_text(&r->arena, c->review));
	html_printf(o, "</td><td><span class=\"badge sel-%s\">%s</span></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		    sel_decision_code(c->decision), sel_decision_label(c->decision),
		    c->decision == SEL_EXCLUDED ? c->justification
						: sel_reasons_text(&r->arena, c->reasons, true),
		    c->decision == SEL_APPLICABLE ? sel_status_label(c->status) : "", c->owner, c->risks);
}

static void bulk_fields(struct req *r, bool keep)
{
	struct sbuf *o = &r->out;
	const char *decision = keep ? req_str(r, "decision") : NULL;
	const char *status = keep ? req_str(r, "status") : NULL;
	const char *v;
	enum sel_status st;
	int sel = -1;

	if (status && sel_status_parse(status, &st))
		sel = (int)st;
	html_printf(o, "<fieldset class=\"bulk\">\n<legend>%s</legend>\n", _("Change the selected controls"));
	html_printf(o, "<p class=\"hint\">%s</p>\n",
		    _("Tick controls in the table, then say what to change: every ticked control changes in one step, or none when one of them cannot."));
	html_printf(o, "<p><label for=\"bulk-decision\">%s</label>\n<select id=\"bulk-decision\" name=\"decision\">\n",
		    _("Decision"));
	html_printf(o, "<option value=\"keep\">%s</option>\n", _("(keep as it is)"));
	html_printf(o, "<option value=\"applicable\"%s>%s</option>\n",
		    decision && !strcmp(decision, "applicable") ? " selected" : "", _("applicable"));
	html_printf(o, "<option value=\"excluded\"%s>%s</option>\n</select></p>\n",
		    decision && !strcmp(decision, "excluded") ? " selected" : "", _("excluded"));
	html_printf(o, "<fieldset class=\"inline\"><legend>%s</legend>\n", _("Add reasons for inclusion"));
	for (size_t k = 0; k < NSTORED; k++)
		html_printf(o, "<label class=\"check\"><input type=\"checkbox\" name=\"%s\" value=\"1\"%s> %s</label>\n",
			    reason_fields[k], keep && req_bool(r, reason_fields[k]) ? " checked" : "",
			    sel_reason_label(stored_reasons[k]));
	html_raw(o, "</fieldset>\n");
	v = keep ? req_str(r, "justification") : NULL;
	html_printf(o, "<p><label for=\"bulk-justification\">%s</label>\n", _("Justification for exclusion"));
	html_printf(o, "<textarea id=\"bulk-justification\" name=\"justification\" rows=\"2\" maxlength=\"%d\">%s</textarea></p>\n",
		    SEL_JUSTIFICATION_MAX, v ? v : "");
	html_printf(o, "<p><label for=\"bulk-status\">%s</label>\n<select id=\"bulk-status\" name=\"status\">\n",
		    _("Implementation"));
	status_options(r, sel, true);
	html_raw(o, "</select></p>\n");
	v = keep ? req_str(r, "owner") : NULL;
	html_printf(o, "<p><label for=\"bulk-owner\">%s</label>\n", _("Owner (empty: keep)"));
	html_printf(o, "<input id=\"bulk-owner\" name=\"owner\" value=\"%s\" maxlength=\"%d\"></p>\n", v ? v : "",
		    SEL_OWNER_MAX);
	html_printf(o, "<p><button>%s</button></p>\n</fieldset>\n", _("Apply to the selected controls"));
}

static void additional_form(struct req *r, bool keep)
{
	struct sbuf *o = &r->out;
	const char *v;

	html_printf(o, "<section aria-labelledby=\"add-h\">\n<h2 id=\"add-h\">%s</h2>\n<p>%s</p>\n",
		    _("Add a control outside Annex A"),
		    _("Controls of your own, or from another catalogue, apply by definition and appear in the Statement of Applicability after the Annex A controls."));
	form_begin(r, isms_url(r, "/controls/additional"));
	v = keep ? req_str(r, "control") : NULL;
	html_printf(o, "<p><label for=\"add-id\">%s</label>\n", _("Identifier"));
	html_printf(o, "<input id=\"add-id\" name=\"control\" value=\"%s\" maxlength=\"%d\" pattern=\"[A-Za-z0-9._\\-]+\" required></p>\n",
		    v ? v : "", SEL_ID_MAX);
	v = keep ? req_str(r, "title") : NULL;
	html_printf(o, "<p><label for=\"add-title\">%s</label>\n", _("Title"));
	html_printf(o, "<input id=\"add-title\" name=\"title\" value=\"%s\" maxlength=\"%d\" required></p>\n",
		    v ? v : "", SEL_TITLE_MAX);
	html_printf(o, "<fieldset class=\"inline\"><legend>%s</legend>\n", _("Reasons for inclusion"));
	for (size_t k = 0; k < NSTORED; k++)
		html_printf(o, "<label class=\"check\"><input type=\"checkbox\" name=\"%s\" value=\"1\"%s> %s</label>\n",
			    reason_fields[k], keep && req_bool(r, reason_fields[k]) ? " checked" : "",
			    sel_reason_label(stored_reasons[k]));
	html_raw(o, "</fieldset>\n");
	html_printf(o, "<p><label for=\"add-status\">%s</label>\n<select id=\"add-status\" name=\"status\">\n",
		    _("Implementation"));
	status_options(r, SEL_NOT_STARTED, false);
	html_raw(o, "</select></p>\n");
	v = keep ? req_str(r, "owner") : NULL;
	html_printf(o, "<p><label for=\"add-owner\">%s</label>\n", _("Owner"));
	html_printf(o, "<input id=\"add-owner\" name=\"owner\" value=\"%s\" maxlength=\"%d\"></p>\n", v ? v : "",
		    SEL_OWNER_MAX);
	html_printf(o, "<p><button>%s</button></p>\n</form>\n</section>\n", _("Add the control"));
}

/* What the controls page shows, read on first need: the page is kept as
 * two fragments (its head, and the table with the bulk edit after the
 * form's CSRF token), and needs nothing when both are kept. */
struct ctl_page {
	const struct catalog *cat;
	const char *group, *show;
	struct control_sel *rows;
	size_t n;
	bool loaded;
};

static bool ctl_load(struct req *r, struct ctl_page *p)
{
	struct isms_err e2;

	if (p->loaded)
		return true;
	if (selection_list(r->ctx, &r->arena, r->isms.id, &p->rows, &p->n, &e2)) {
		web_fail(r, &e2);
		return false;
	}
	p->loaded = true;
	return true;
}

/* The lead, the counts and the filters. */
static void controls_head(struct req *r, const struct ctl_page *p)
{
	static const char *const shows[][2] = {
		{ "all", N_("All controls") },
		{ "undecided", N_("Without a decision") },
		{ "applicable", N_("Applicable") },
		{ "excluded", N_("Excluded") },
		{ "review", N_("To review after a transition") },
	};
	struct sbuf *o = &r->out;
	long counts[3] = { 0 }, impl[SEL_STATUS_COUNT] = { 0 };

	for (size_t i = 0; i < p->n; i++) {
		counts[p->rows[i].decision]++;
		if (p->rows[i].decision == SEL_APPLICABLE)
			impl[p->rows[i].status]++;
	}
	html_printf(o, "<p class=\"lead\">%s</p>\n",
		    _("Step 7: decide for every control of Annex A whether it applies, with the reasons for including it or the justification for excluding it, and add controls of your own."));
	html_printf(o, "<dl class=\"counts\"><div><dt>%s</dt><dd>%zu</dd></div><div><dt>%s</dt><dd>%ld</dd></div><div><dt>%s</dt><dd>%ld</dd></div><div><dt>%s</dt><dd>%ld</dd></div>",
		    _("Controls"), p->n, _("Applicable"), counts[SEL_APPLICABLE], _("Excluded"),
		    counts[SEL_EXCLUDED], _("Without a decision"), counts[SEL_UNDECIDED]);
	html_printf(o, "<div><dt>%s</dt><dd>%ld</dd></div></dl>\n", sel_status_label(SEL_IMPLEMENTED),
		    impl[SEL_IMPLEMENTED]);

	/* Filters: a clause or theme, and which decisions. */
	html_printf(o, "<form method=\"get\" action=\"%s\" class=\"filters\">\n", isms_url(r, "/controls"));
	html_printf(o, "<p><label for=\"f-group\">%s</label>\n<select id=\"f-group\" name=\"group\">\n",
		    r->isms.edition == 2022 ? _("Theme") : _("Clause"));
	html_printf(o, "<option value=\"\">%s</option>\n", _("All"));
	for (size_t i = 0; p->cat && i < p->cat->nitems; i++) {
		const struct catalog_item *it = &p->cat->items[i];

		if (*it->parent)
			continue;
		html_printf(o, "<option value=\"%s\"%s>%s %s</option>\n", it->id,
			    p->group && !strcmp(p->group, it->id) ? " selected" : "", it->id, catalog_item_title(it));
	}
	html_printf(o, "<option value=\"additional\"%s>%s</option>\n</select></p>\n",
		    p->group && !strcmp(p->group, "additional") ? " selected" : "", _("Additional controls"));
	html_printf(o, "<p><label for=\"f-show\">%s</label>\n<select id=\"f-show\" name=\"show\">\n", _("Show"));
	for (size_t i = 0; i < sizeof(shows) / sizeof(shows[0]); i++)
		html_printf(o, "<option value=\"%s\"%s>%s</option>\n", shows[i][0],
			    p->show && !strcmp(p->show, shows[i][0]) ? " selected" : "", T_(shows[i][1]));
	html_printf(o, "</select></p>\n<p><button class=\"secondary\">%s</button></p>\n</form>\n", _("Show"));
}

/* The table, and the bulk edit when `editable`, up to the end of the
 * form (begun by the caller with its CSRF token). */
static void controls_table(struct req *r, const struct ctl_page *p, bool editable, bool keep)
{
	struct sbuf *o = &r->out;
	const char *const *checked = NULL;
	const char *current = NULL;
	size_t groups = 0, nchecked = 0;

	if (keep)
		checked = req_list(r, "control", &nchecked);
	if (editable) {
		if (p->group)
			html_printf(o, "<input type=\"hidden\" name=\"group\" value=\"%s\">\n", p->group);
		if (p->show)
			html_printf(o, "<input type=\"hidden\" name=\"show\" value=\"%s\">\n", p->show);
	}
	html_raw(o, "<table class=\"controls\">\n<thead><tr>");
	if (editable)
		html_printf(o, "<th><span class=\"sr\">%s</span></th>", _("Select"));
	html_printf(o, "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n",
		    _("Control"), _("Title"), _("Decision"), _("Reasons or justification"), _("Implementation"),
		    _("Owner"), _("Risks"));
	for (size_t i = 0; i < p->n; i++) {
		const struct control_sel *c = &p->rows[i];
		const struct catalog_item *g = control_group(p->cat, c);
		const char *gid = g ? g->id : "additional";

		if ((p->group && strcmp(p->group, gid)) || !shown(c, p->show))
			continue;
		if (!current || strcmp(current, gid)) {
			if (current)
				html_raw(o, "</tbody>\n");
			current = gid;
			groups++;
			html_printf(o, "<tbody id=\"g-%s\"><tr class=\"group-row\"><th colspan=\"%d\" scope=\"rowgroup\">",
				    gid, editable ? 8 : 7);
			if (editable)
				html_printf(o, "<input type=\"checkbox\" data-check-all=\"g-%s\" aria-label=\"%s\" hidden> ",
					    gid, _("Select every control of this group"));
			if (g)
				html_printf(o, "%s %s</th></tr>\n", g->id, catalog_item_title(g));
			else
				html_printf(o, "%s</th></tr>\n", _("Additional controls"));
		}
		control_row(r, c, editable, checked && in_list(checked, nchecked, c->control_id));
	}
	if (current)
		html_raw(o, "</tbody>\n");
	html_raw(o, "</table>\n");
	if (!groups)
		html_printf(o, "<p>%s</p>\n", _("No control matches."));
	if (editable) {
		bulk_fields(r, keep);
		html_raw(o, "</form>\n");
	}
}

static void controls_render(struct req *r, const struct isms_err *err, int status)
{
	struct sbuf *o = &r->out;
	struct ctl_page p = { .cat = catalog_builtin(r->isms.edition), .group = req_str(r, "group"),
			      .show = req_str(r, "show") };
	bool editable = r->role >= ROLE_MANAGER;
	bool keep = err && r->route->handler == page_controls_bulk;
	/* the fields that shape the page; a page answering a form is made anew */
	const char *variant = err || r->method != HTTP_GET ? NULL : req_query_url(r, "", NULL, NULL);
	size_t start;

	if (err && !ctl_load(r, &p))
		return;
	page_begin(r, _("Selected controls"));
	step_messages(r, err);
	start = o->len;
	if (!variant || !fragment_use(r, "controls-head", variant)) {
		if (!ctl_load(r, &p))
			return;
		controls_head(r, &p);
		if (variant)
			fragment_keep(r, "controls-head", variant, start);
	}
	if (editable)
		form_begin(r, isms_url(r, "/controls"));
	start = o->len;
	if (!variant || !fragment_use(r, "controls-table", variant)) {
		if (!ctl_load(r, &p))
			return;
		controls_table(r, &p, editable, keep);
		if (variant)
			fragment_keep(r, "controls-table", variant, start);
	}
	if (editable)
		additional_form(r, err && r->route->handler == page_control_add);
	page_end(r, status);
}

void page_controls(struct req *r)
{
	controls_render(r, NULL, 200);
}

void page_controls_bulk(struct req *r)
{
	const char *group = req_str(r, "group"), *show = req_str(r, "show");
	struct isms_err err;
	struct sbuf to = SBUF_INIT;
	const char **ids;
	size_t n;

	ids = control_ids(r, &n);
	if (!n) {
		isms_err_set(&err, ISMS_EINVAL, _("no control is selected"));
		isms_err_hint(&err, _("Tick the controls to change in the first column of the table."));
		isms_err_field(&err, "control");
		controls_render(r, &err, 422);
		return;
	}
	if (controls_bulk(r, ids, n, &err)) {
		step_web_hint(&err);
		controls_render(r, &err, web_status(err.code));
		return;
	}
	sbuf_addstr(&to, "/controls?msg=saved");
	if (group) {
		sbuf_addstr(&to, "&group=");
		html_url_escape(&to, group);
	}
	if (show) {
		sbuf_addstr(&to, "&show=");
		html_url_escape(&to, show);
	}
	web_redirect(r, isms_url(r, arena_strdup(&r->arena, to.buf)));
	sbuf_release(&to);
}

void page_control_add(struct req *r)
{
	struct sel_update u = SEL_UPDATE_INIT;
	const char *id = req_str(r, "control"), *s = req_str(r, "status");
	enum sel_status status;
	struct isms_err err;

	for (size_t k = 0; k < NSTORED; k++)
		if (req_bool(r, reason_fields[k]))
			u.reasons_add |= stored_reasons[k];
	if (s && sel_status_parse(s, &status))
		u.status = (int)status;
	u.owner = req_str(r, "owner");
	u.impl_ref = req_str(r, "impl_ref");
	u.title = req_str(r, "title");
	if (selection_select(r->ctx, r->isms.id, &id, 1, true, &u, &err)) {
		step_web_hint(&err);
		controls_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, "/controls?msg=added&group=additional"));
}

/* --- one control ------------------------------------------------------------------------------- */

static void control_render(struct req *r, const struct isms_err *err, int status)
{
	struct sbuf *o = &r->out;
	const struct catalog *cat = catalog_builtin(r->isms.edition);
	const struct catalog_item *it;
	struct control_sel *c;
	struct isms_err e2;
	bool keep = err && r->route->handler == page_control_save;
	const char *v, *decision;

	if (control_find(r, req_param(r, "control"), NULL, NULL, &c, &e2)) {
		web_fail(r, &e2);
		return;
	}
	it = c->additional ? NULL : catalog_find(cat, c->control_id);
	page_begin(r, arena_printf(&r->arena, "%s %s", c->control_id, c->title));
	step_messages(r, err);
	html_printf(o, "<p><a href=\"%s\">%s</a></p>\n", isms_url(r, "/controls"), _("Back to the selected controls"));
	if (it) {
		const struct catalog_item *sec = catalog_find(cat, it->parent);

		if (sec)
			html_printf(o, "<p class=\"meta\">%s %s</p>\n", sec->id, catalog_item_title(sec));
		if (*catalog_item_desc(it))
			html_printf(o, "<p class=\"desc\">%s</p>\n", catalog_item_desc(it));
	} else {
		html_printf(o, "<p class=\"meta\">%s</p>\n", _("A control outside Annex A"));
	}
	html_printf(o, "<dl class=\"facts\">\n<dt>%s</dt><dd><span class=\"badge sel-%s\">%s</span></dd>\n",
		    _("Decision"), sel_decision_code(c->decision), sel_decision_label(c->decision));
	if (c->decision == SEL_APPLICABLE)
		html_printf(o, "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n", _("Reasons for inclusion"),
			    sel_reasons_text(&r->arena, c->reasons, true), _("Implementation"),
			    sel_status_label(c->status));
	if (c->decision == SEL_EXCLUDED)
		html_printf(o, "<dt>%s</dt><dd class=\"pre-line\">%s</dd>\n", _("Justification for exclusion"),
			    c->justification);
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd class=\"pre-line\">%s</dd>\n<dt>%s</dt><dd>%s</dd>\n",
		    _("Owner"), c->owner, _("Implementation reference"), c->impl_ref,
		    _("Risks whose treatment uses it"), *c->risks ? c->risks : _("none"));
	if (*c->review)
		html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("To review"), sel_review_text(&r->arena, c->review));
	if (c->updated_at)
		html_printf(o, "<dt>%s</dt><dd>%s (%s)</dd>\n", _("Last changed"), web_time(r, c->updated_at), c->updated_by);
	html_raw(o, "</dl>\n");
	if (r->role < ROLE_MANAGER) {
		page_end(r, status);
		return;
	}

	html_printf(o, "<h2>%s</h2>\n", _("Change the decision"));
	form_begin(r, control_url(r, c->control_id));
	decision = keep ? req_str(r, "decision") : sel_decision_code(c->decision);
	html_printf(o, "<fieldset class=\"inline\"><legend>%s</legend>\n", _("Decision"));
	html_printf(o, "<label class=\"check\"><input type=\"radio\" name=\"decision\" value=\"applicable\" required%s> %s</label>\n",
		    decision && !strcmp(decision, "applicable") ? " checked" : "", _("applicable"));
	if (!c->additional)
		html_printf(o, "<label class=\"check\"><input type=\"radio\" name=\"decision\" value=\"excluded\"%s> %s</label>\n",
			    decision && !strcmp(decision, "excluded") ? " checked" : "", _("excluded"));
	html_raw(o, "</fieldset>\n");
	if (c->additional) {
		v = keep ? req_str(r, "title") : c->title;
		html_printf(o, "<p><label for=\"c-title\">%s</label>\n", _("Title"));
		html_printf(o, "<input id=\"c-title\" name=\"title\" value=\"%s\" maxlength=\"%d\" required></p>\n",
			    v ? v : "", SEL_TITLE_MAX);
	}
	html_printf(o, "<fieldset class=\"inline\"><legend>%s</legend>\n", _("Reasons for inclusion"));
	for (size_t k = 0; k < NSTORED; k++) {
		bool on = keep ? req_bool(r, reason_fields[k]) : (c->reasons & stored_reasons[k]) != 0;

		html_printf(o, "<label class=\"check\"><input type=\"checkbox\" name=\"%s\" value=\"1\"%s> %s</label>\n",
			    reason_fields[k], on ? " checked" : "", sel_reason_label(stored_reasons[k]));
	}
	if (c->reasons & SEL_REASON_RISK)
		html_printf(o, "<p class=\"hint\">%s</p>\n",
			    arena_printf(&r->arena, _("Also included for risk treatment: %s."), c->risks));
	html_raw(o, "</fieldset>\n");
	v = keep ? req_str(r, "justification") : c->justification;
	html_printf(o, "<p><label for=\"c-just\">%s</label>\n", _("Justification for exclusion"));
	html_printf(o, "<textarea id=\"c-just\" name=\"justification\" rows=\"3\" maxlength=\"%d\">%s</textarea></p>\n",
		    SEL_JUSTIFICATION_MAX, v ? v : "");
	html_printf(o, "<p><label for=\"c-status\">%s</label>\n<select id=\"c-status\" name=\"status\">\n",
		    _("Implementation"));
	{
		enum sel_status st = c->status;
		const char *s = keep ? req_str(r, "status") : NULL;

		if (s)
			sel_status_parse(s, &st);
		status_options(r, (int)st, false);
	}
	html_raw(o, "</select></p>\n");
	v = keep ? req_str(r, "owner") : c->owner;
	html_printf(o, "<p><label for=\"c-owner\">%s</label>\n", _("Owner"));
	html_printf(o, "<input id=\"c-owner\" name=\"owner\" value=\"%s\" maxlength=\"%d\"></p>\n", v ? v : "",
		    SEL_OWNER_MAX);
	v = keep ? req_str(r, "impl_ref") : c->impl_ref;
	html_printf(o, "<p><label for=\"c-ref\">%s</label>\n", _("Implementation reference (where and how)"));
	html_printf(o, "<textarea id=\"c-ref\" name=\"impl_ref\" rows=\"3\" maxlength=\"%d\">%s</textarea></p>\n",
		    SEL_REF_MAX, v ? v : "");
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", _("Save"));
	if (c->additional) {
		form_begin(r, arena_printf(&r->arena, "%s/remove", control_url(r, c->control_id)));
		html_printf(o, "<p><button class=\"danger\" data-confirm=\"%s\">%s</button></p>\n</form>\n",
			    _("Remove this additional control?"), _("Remove the control"));
	}
	page_end(r, status);
}

void page_control(struct req *r)
{
	control_render(r, NULL, 200);
}

void page_control_save(struct req *r)
{
	struct control_sel *c;
	struct isms_err err;

	if (control_find(r, req_param(r, "control"), NULL, NULL, &c, &err)) {
		web_fail(r, &err);
		return;
	}
	if (control_update(r, c, true, &err)) {
		step_web_hint(&err);
		control_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, arena_printf(&r->arena, "%s?msg=saved", control_url(r, c->control_id)));
}

void page_control_remove(struct req *r)
{
	const char *id = req_param(r, "control");
	struct isms_err err;

	if (selection_remove(r->ctx, r->isms.id, &id, 1, &err)) {
		step_web_hint(&err);
		if (err.code == ISMS_ENOTFOUND)
			web_fail(r, &err);
		else
			control_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, "/controls?msg=removed&group=additional"));
}
