/* page-risk.c - the risk register (steps 4 and 5): the list with filters, sort and paging, one risk explained, adding and editing, the library's suggestions for an asset, and the treatment form (step 6). */
#include <stdio.h>
#include <string.h>

#include "isms/asset.h"
#include "isms/catalog.h"
#include "isms/html.h"
#include "isms/library.h"
#include "isms/method.h"
#include "isms/risk.h"
#include "isms/versioned.h"
#include "web.h"

#define RISK_PAGE 50

static const char *notice(struct req *r)
{
	const char *msg = req_str(r, "msg");

	if (!msg)
		return NULL;
	if (!strcmp(msg, "added"))
		return _("The risk has been added.");
	if (!strcmp(msg, "saved"))
		return _("The risk has been saved.");
	if (!strcmp(msg, "deleted"))
		return _("The risk has been deleted.");
	if (!strcmp(msg, "treated"))
		return _("The treatment has been saved.");
	if (!strcmp(msg, "untreated"))
		return _("The treatment has been removed.");
	return NULL;
}

const char *web_risk_url(struct req *r, const char *code, const char *suffix)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;

	sbuf_addstr(&sb, isms_url(r, "/risks/"));
	html_url_escape(&sb, code);
	sbuf_addstr(&sb, suffix ? suffix : "");
	out = arena_strdup(&r->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

const char *web_suggest_url(struct req *r, const char *asset)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;

	sbuf_addstr(&sb, isms_url(r, "/risk-suggestions?asset="));
	html_url_escape(&sb, asset);
	out = arena_strdup(&r->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

/* The method in force; the default preset when it cannot be read. */
bool web_method(struct req *r, struct score_method *m)
{
	struct isms_err err;

	if (method_current(r->ctx, &r->arena, r->isms.id, m, NULL, &err)) {
		score_preset(SCORE_PRESET_DEFAULT, m);
		return false;
	}
	return true;
}

const char *web_level_label(const struct score_method *m, int level)
{
	return level >= 1 && level <= m->nlevels ? score_text(&m->levels[level - 1].label) : "";
}

/* "12 (Medium), treat", or why there is no value. */
const char *web_eval_text(struct req *r, const struct score_method *m, int value, int level,
			  enum score_decision d)
{
	if (d == SCORE_UNEVALUATED && !value)
		return _("not evaluated");
	if (!value)
		return score_decision_label(d);
	return arena_printf(&r->arena, "%d (%s), %s", value, web_level_label(m, level), score_decision_label(d));
}

const char *web_decision_class(enum score_decision d)
{
	return score_decision_code(d) ? score_decision_code(d) : "none";
}

static const char *target_text(struct req *r, const struct risk *k)
{
	if (k->asset_code)
		return arena_printf(&r->arena, "%s %s", k->asset_code, k->asset_name);
	return arena_printf(&r->arena, _("group %s"), k->group);
}

static const char *levels_text(struct req *r, const struct score_method *m, int t, int v, int l, int i)
{
	const char *a, *b;

	if (m->formula == SCORE_FORMULA_MATRIX) {
		a = l ? arena_printf(&r->arena, "%d", l) : "-";
		b = i ? arena_printf(&r->arena, "%d", i) : "-";
		return arena_printf(&r->arena, _("likelihood %s, impact %s"), a, b);
	}
	a = t ? arena_printf(&r->arena, "%d", t) : "-";
	b = v ? arena_printf(&r->arena, "%d", v) : "-";
	return arena_printf(&r->arena, _("threat %s, vulnerability %s"), a, b);
}

/* --- the register ------------------------------------------------------------------------------ */

static const char *sort_label(enum risk_sort s)
{
	switch (s) {
	case RISK_SORT_CODE: return _("Risk ID");
	case RISK_SORT_VALUE: return _("Value");
	case RISK_SORT_ASSET: return _("Asset");
	case RISK_SORT_OWNER: return _("Risk owner");
	case RISK_SORT_EVALUATION: return _("Evaluation");
	case RISK_SORT_RESIDUAL: return _("Residual risk");
	case RISK_SORT_COUNT: break;
	}
	return "";
}

void web_risk_filter(struct req *r, struct risk_filter *f)
{
	const char *ev = req_str(r, "evaluation"), *tr = req_str(r, "treatment");
	enum score_decision d;
	enum risk_treatment t;

	f->asset = req_str(r, "asset");
	f->group = req_str(r, "group");
	f->owner = req_str(r, "owner");
	if (ev && !strcmp(ev, "none"))
		f->evaluation = SCORE_UNEVALUATED;
	else if (ev && score_decision_parse(ev, &d))
		f->evaluation = (int)d;
	if (tr && !strcmp(tr, "none"))
		f->treatment = RISK_TREAT_NONE;
	else if (tr && risk_treatment_parse(tr, &t))
		f->treatment = (int)t;
	f->min_value = (int)req_int(r, "min_value", -1);
	f->stale = req_bool(r, "stale");
	f->needs_approval = req_bool(r, "needs_approval");
	if (!req_str(r, "sort") || !risk_sort_parse(req_str(r, "sort"), &f->sort))
		f->sort = RISK_SORT_CODE;
	f->reverse = req_bool(r, "desc");
	f->limit = (size_t)req_int(r, "limit", RISK_PAGE);
	f->offset = (size_t)req_int(r, "offset", 0);
}

static void filter_text(struct req *r, const char *name, const char *label, int max)
{
	const char *v = req_str(r, name);

	html_printf(&r->out, "<p><label for=\"f-%s\">%s</label>\n<input id=\"f-%s\" name=\"%s\" value=\"%s\" maxlength=\"%d\"></p>\n",
		    name, label, name, name, v ? v : "", max);
}

/* <option>s of the library's threats or vulnerabilities. */
static void library_options(struct req *r, const struct library *lib, bool threats, const char *selected)
{
	size_t n = threats ? lib->nthreats : lib->nvulns;

	form_option(r, "", threats ? _("choose a threat") : _("choose a vulnerability"), !selected);
	for (size_t i = 0; i < n; i++) {
		const char *code = threats ? lib->threats[i]->code : lib->vulns[i]->code;
		const char *name = threats ? lib_threat_name(lib->threats[i]) : lib_vuln_name(lib->vulns[i]);

		form_option(r, code, arena_printf(&r->arena, "%s %s", code, name),
			    selected && !strcmp(selected, code));
	}
}

/* The fields of a risk, after the form's start: the add form (`cur` NULL)
 * or the edit form. Nothing in them is the session's: the add form is
 * kept as a fragment. False when the library cannot be read. */
static bool risk_form_fields(struct req *r, const struct risk *cur, const struct score_method *m, bool keep)
{
	struct sbuf *o = &r->out;
	struct library lib;
	struct isms_err err;
	unsigned props = cur ? cur->props : 0;
	const char *v;

#define V(field, curval) (keep ? req_str(r, field) : (curval))
	if (library_load(r->ctx, &r->arena, r->isms.id, &lib, &err)) {
		page_error_web(r, &err);
		return false;
	}
	if (keep)
		props = (req_bool(r, "prop_c") ? SCORE_C : 0) | (req_bool(r, "prop_i") ? SCORE_I : 0) |
			(req_bool(r, "prop_a") ? SCORE_A : 0);
	html_raw(o, "<div class=\"grid\">\n");
	if (!cur)
		form_text(r, "r-code", "code", _("Risk ID (empty: the next R-NNN)"), V("code", NULL),
			  RISK_CODE_MAX, false);
	form_text(r, "r-asset", "asset", _("Asset ID"), V("asset", cur ? cur->asset_code : req_str(r, "asset")),
		  ASSET_CODE_MAX, false);
	form_text(r, "r-group", "group", _("or an asset group"), V("group", cur ? cur->group : NULL),
		  ASSET_GROUP_MAX, false);
	v = V("threat", cur ? cur->threat : NULL);
	html_printf(o, "<p><label for=\"r-threat\">%s</label>\n<select id=\"r-threat\" name=\"threat\" required>\n",
		    _("Threat"));
	library_options(r, &lib, true, v);
	html_raw(o, "</select></p>\n");
	v = V("vuln", cur ? cur->vuln : NULL);
	html_printf(o, "<p><label for=\"r-vuln\">%s</label>\n<select id=\"r-vuln\" name=\"vuln\" required>\n",
		    _("Vulnerability"));
	library_options(r, &lib, false, v);
	html_raw(o, "</select></p>\n");
	if (m->formula == SCORE_FORMULA_MATRIX) {
		form_level_select(r, "r-likelihood", "likelihood", _("Likelihood"), &m->likelihood,
				  keep ? req_level(r, "likelihood", 0) : cur ? cur->likelihood : 0, SCORE_SCALE_MAX);
		form_level_select(r, "r-impact", "impact", _("Impact"), &m->impact,
				  keep ? req_level(r, "impact", 0) : cur ? cur->impact : 0, SCORE_SCALE_MAX);
	} else {
		form_level_select(r, "r-tl", "threat_level", _("Threat level"), &m->threat,
				  keep ? req_level(r, "threat_level", 0) : cur ? cur->threat_level : 0, SCORE_SCALE_MAX);
		form_level_select(r, "r-vl", "vuln_level", _("Vulnerability level"), &m->vuln,
				  keep ? req_level(r, "vuln_level", 0) : cur ? cur->vuln_level : 0, SCORE_SCALE_MAX);
	}
	form_text(r, "r-owner", "owner", _("Risk owner (empty: the asset's owner)"),
		  V("owner", cur ? cur->owner : (r->role < ROLE_MANAGER ? web_self_owner(r) : NULL)),
		  RISK_OWNER_MAX, false);
	html_raw(o, "</div>\n");
	html_printf(o, "<fieldset class=\"props\">\n<legend>%s</legend>\n", _("Properties affected (none: the threat's)"));
	html_printf(o, "<label><input type=\"checkbox\" name=\"prop_c\" value=\"1\"%s> %s</label>\n",
		    props & SCORE_C ? " checked" : "", _("Confidentiality"));
	html_printf(o, "<label><input type=\"checkbox\" name=\"prop_i\" value=\"1\"%s> %s</label>\n",
		    props & SCORE_I ? " checked" : "", _("Integrity"));
	html_printf(o, "<label><input type=\"checkbox\" name=\"prop_a\" value=\"1\"%s> %s</label>\n",
		    props & SCORE_A ? " checked" : "", _("Availability"));
	html_raw(o, "</fieldset>\n");
	form_textarea(r, "r-desc", "description", _("Description"), V("description", cur ? cur->description : NULL),
		      RISK_DESC_MAX);
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", cur ? _("Save the risk") : _("Add the risk"));
#undef V
	return true;
}

/* The form of a risk: the add form (`cur` NULL) or the edit form. */
static void risk_form(struct req *r, const struct risk *cur, const struct score_method *m, bool keep)
{
	form_begin(r, cur ? web_risk_url(r, cur->code, NULL) : isms_url(r, "/risks"));
	if (!risk_form_fields(r, cur, m, keep))
		html_raw(&r->out, "</form>\n");
}

/* The method for the page, read on first need: pages kept as fragments
 * need none. */
struct lazy_method {
	struct score_method m;
	bool loaded;
	bool fallback; /* not read: the default preset stands in */
};

static const struct score_method *lazy_method(struct req *r, struct lazy_method *lm)
{
	if (!lm->loaded) {
		lm->fallback = !web_method(r, &lm->m);
		lm->loaded = true;
	}
	return &lm->m;
}

/* The register below the title: the filters, a page of risks, the pager
 * and the exports. It depends on the ISMS's data, the language and the
 * query alone, and is kept as a fragment. False after answering with an
 * error. */
static bool register_render(struct req *r, struct lazy_method *lm)
{
	static const char *const evs[] = { "accept", "treat", "baseline", "none" };
	static const char *const trs[] = { "reduce", "accept", "avoid", "transfer", "none" };
	struct sbuf *o = &r->out;
	struct risk_filter f = RISK_FILTER_INIT;
	const struct score_method *m;
	struct risk *rows;
	struct isms_err err;
	size_t n, total;
	const char *base, *sortbase, *v, *cur_sort;

	web_risk_filter(r, &f);
	if (risk_list(r->ctx, &r->arena, r->isms.id, &f, &rows, &n, &total, &err)) {
		web_fail(r, &err);
		return false;
	}
	m = lazy_method(r, lm);
	html_printf(o, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\">\n", isms_url(r, "/risks"));
	filter_text(r, "asset", _("Asset ID"), ASSET_CODE_MAX);
	filter_text(r, "owner", _("Risk owner"), RISK_OWNER_MAX);
	v = req_str(r, "evaluation");
	html_printf(o, "<p><label for=\"f-ev\">%s</label>\n<select id=\"f-ev\" name=\"evaluation\">\n", _("Evaluation"));
	form_option(r, "", _("any"), !v);
	for (size_t k = 0; k < 4; k++) {
		enum score_decision d = SCORE_UNEVALUATED;

		score_decision_parse(evs[k], &d);
		form_option(r, evs[k], k == 3 ? _("not evaluated") : score_decision_label(d), v && !strcmp(v, evs[k]));
	}
	html_raw(o, "</select></p>\n");
	v = req_str(r, "treatment");
	html_printf(o, "<p><label for=\"f-tr\">%s</label>\n<select id=\"f-tr\" name=\"treatment\">\n", _("Treatment"));
	form_option(r, "", _("any"), !v);
	for (size_t k = 0; k < 5; k++) {
		enum risk_treatment t = RISK_TREAT_NONE;

		risk_treatment_parse(trs[k], &t);
		form_option(r, trs[k], risk_treatment_label(t), v && !strcmp(v, trs[k]));
	}
	html_raw(o, "</select></p>\n");
	html_printf(o, "<p><label for=\"f-min\">%s</label>\n<input id=\"f-min\" name=\"min_value\" type=\"number\" min=\"0\" max=\"%d\" value=\"%s\"></p>\n",
		    _("Value at least"), SCORE_VALUE_MAX, f.min_value >= 0 ? arena_printf(&r->arena, "%d", f.min_value) : "");
	html_printf(o, "<p><label><input type=\"checkbox\" name=\"needs_approval\" value=\"1\"%s> %s</label>\n",
		    f.needs_approval ? " checked" : "", _("residual risk needs approval"));
	html_printf(o, "<label><input type=\"checkbox\" name=\"stale\" value=\"1\"%s> %s</label></p>\n",
		    f.stale ? " checked" : "", _("due for re-evaluation"));
	if (req_str(r, "sort"))
		html_printf(o, "<input type=\"hidden\" name=\"sort\" value=\"%s\">\n", req_str(r, "sort"));
	if (f.reverse)
		html_raw(o, "<input type=\"hidden\" name=\"desc\" value=\"1\">\n");
	if (req_str(r, "group"))
		html_printf(o, "<input type=\"hidden\" name=\"group\" value=\"%s\">\n", req_str(r, "group"));
	html_printf(o, "<p><button>%s</button> <a href=\"%s\">%s</a></p>\n</form>\n", _("Filter"), isms_url(r, "/risks"),
		    _("Clear"));

	base = req_query_url(r, isms_url(r, "/risks"), "offset", "limit");
	sortbase = req_query_url(r, isms_url(r, "/risks"), "sort", "desc");
	cur_sort = req_str(r, "sort") ? req_str(r, "sort") : "code";
	if (n == 0) {
		html_printf(o, "<p>%s</p>\n", total ? _("No risks on this page.") : _("No risks match."));
	} else {
		html_raw(o, "<table class=\"risks\">\n<thead><tr>");
		page_sort_th(r, sortbase, "code", sort_label(RISK_SORT_CODE), cur_sort, f.reverse);
		page_sort_th(r, sortbase, "asset", sort_label(RISK_SORT_ASSET), cur_sort, f.reverse);
		html_printf(o, "<th>%s</th><th>%s</th>", _("Threat"), _("Vulnerability"));
		page_sort_th(r, sortbase, "owner", sort_label(RISK_SORT_OWNER), cur_sort, f.reverse);
		html_printf(o, "<th>%s</th>", _("Levels"));
		page_sort_th_from(r, sortbase, "value", sort_label(RISK_SORT_VALUE), cur_sort, f.reverse, true);
		page_sort_th_from(r, sortbase, "evaluation", sort_label(RISK_SORT_EVALUATION), cur_sort, f.reverse, true);
		html_printf(o, "<th>%s</th>", _("Treatment"));
		page_sort_th_from(r, sortbase, "residual", sort_label(RISK_SORT_RESIDUAL), cur_sort, f.reverse, true);
		html_raw(o, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const struct risk *k = &rows[i];

			html_printf(o, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
				    web_risk_url(r, k->code, NULL), k->code, target_text(r, k), k->threat_name,
				    k->vuln_name, k->owner,
				    levels_text(r, m, k->threat_level, k->vuln_level, k->likelihood, k->impact));
			html_printf(o, "<td>%s</td><td><span class=\"badge ev-%s\">%s</span>%s</td><td>%s</td><td>%s</td></tr>\n",
				    k->value ? arena_printf(&r->arena, "%d %s", k->value, web_level_label(m, k->level)) : "-",
				    web_decision_class(k->evaluation),
				    k->evaluation || k->value ? score_decision_label(k->evaluation) : _("not evaluated"),
				    k->stale ? " *" : "", k->treatment ? risk_treatment_label(k->treatment) : "-",
				    k->treatment ? web_eval_text(r, m, k->residual_value, k->residual_level,
								 k->residual_evaluation)
						 : "-");
		}
		html_raw(o, "</tbody>\n</table>\n");
	}
	page_pager(r, base, total, f.offset, f.limit);
	html_printf(o, "<p>* %s</p>\n", _("due for re-evaluation: the asset's values changed since"));
	html_printf(o, "<p>%s: <a href=\"%s\" download>CSV</a> · <a href=\"%s\" download>XLSX</a> · <a href=\"%s\">%s</a></p>\n",
		    _("Export the risk list"), isms_url(r, "/documents/risks?format=csv"),
		    isms_url(r, "/documents/risks?format=xlsx"), isms_url(r, "/documents"), _("all documents"));
	return true;
}

static void risks_render(struct req *r, const struct isms_err *ferr, int status)
{
	struct sbuf *o = &r->out;
	struct lazy_method lm = { .loaded = false };
	/* Kept for the pages a GET shows; the fields that shape the register
	 * are its variant (msg only picks the notice). */
	bool kept = !ferr && r->method == HTTP_GET;
	const char *variant = req_query_url(r, "", NULL, NULL);
	size_t start;

	page_begin(r, _("Risk register"));
	if (ferr)
		page_error_web(r, ferr);
	else if (notice(r))
		page_notice(r, notice(r));
	start = o->len;
	if (!kept || !fragment_use(r, "risks", variant)) {
		if (!register_render(r, &lm))
			goto out;
		if (kept && !lm.fallback)
			fragment_keep(r, "risks", variant, start);
	}
	if (r->role >= ROLE_OWNER) {
		bool keep = ferr && r->route->handler == page_risk_add;
		/* The form is filled with the asset of the filter and, for an
		 * owner, with the owner's own name (their new risk is theirs). */
		const char *filled = arena_printf(&r->arena, "%lld/%s",
						  r->role < ROLE_MANAGER ? (long long)r->user->id : 0LL,
						  req_str(r, "asset") ? req_str(r, "asset") : "");

		html_printf(o, "<details id=\"add\"%s>\n<summary>%s</summary>\n", keep ? " open" : "", _("Add a risk"));
		form_begin(r, isms_url(r, "/risks"));
		start = o->len;
		if (!kept || !fragment_use(r, "risk-add", filled)) {
			if (!risk_form_fields(r, NULL, lazy_method(r, &lm), keep))
				html_raw(o, "</form>\n");
			else if (kept && !lm.fallback)
				fragment_keep(r, "risk-add", filled, start);
		}
		html_raw(o, "</details>\n");
	}
	page_end(r, status);
out:
	if (lm.loaded)
		score_method_release(&lm.m);
}

void page_risks(struct req *r)
{
	risks_render(r, NULL, 200);
}

/* The levels of a form or an API call: a missing one is unchanged (-1). */
static int level_of(struct req *r, const char *name)
{
	return req_present(r, name) ? req_level(r, name, 0) : -1;
}

static bool may_use_asset(struct req *r, const char *code, struct isms_err *err);

bool web_risk_edit_from(struct req *r, struct risk_edit *e, bool form, struct isms_err *err)
{
	unsigned props = 0;

	e->asset = req_str(r, "asset");
	e->group = req_str(r, "group");
	e->threat = req_str(r, "threat");
	e->vuln = req_str(r, "vuln");
	e->threat_level = level_of(r, "threat_level");
	e->vuln_level = level_of(r, "vuln_level");
	e->likelihood = level_of(r, "likelihood");
	e->impact = level_of(r, "impact");
	if (req_present(r, "owner"))
		e->owner = req_str(r, "owner") ? req_str(r, "owner") : "";
	if (req_present(r, "description"))
		e->description = req_str(r, "description") ? req_str(r, "description") : "";
	if (req_str(r, "props")) {
		if (!score_props_parse(req_str(r, "props"), &props)) {
			isms_err_set(err, ISMS_EINVAL, _("\"%s\" is not a set of C, I and A"), req_str(r, "props"));
			isms_err_field(err, "props");
			return false;
		}
	} else if (form) {
		props = (req_bool(r, "prop_c") ? SCORE_C : 0) | (req_bool(r, "prop_i") ? SCORE_I : 0) |
			(req_bool(r, "prop_a") ? SCORE_A : 0);
	}
	e->props = props ? (int)props : -1;
	if (form && e->asset && e->group) {
		isms_err_set(err, ISMS_EINVAL, _("give an asset or a group, not both"));
		isms_err_field(err, "group");
		return false;
	}
	if (r->role < ROLE_MANAGER && e->owner && !web_owns(r, e->owner)) {
		isms_err_set(err, ISMS_EPERM, _("you can name only yourself as the risk owner"));
		isms_err_detail(err, _("As %s, you own the risks you add; an ISMS manager can give them to someone else."),
				user_role_label(r->role));
		isms_err_field(err, "owner");
		return false;
	}
	/* Here, so that every way of adding or editing a risk (form, API)
	 * checks it. */
	return may_use_asset(r, e->asset, err);
}

/* Owners add risks only to the assets they own. */
static bool may_use_asset(struct req *r, const char *code, struct isms_err *err)
{
	struct asset a;

	if (r->role >= ROLE_MANAGER || !code)
		return true;
	if (asset_get(r->ctx, &r->arena, r->isms.id, code, &a, err))
		return false;
	if (web_owns(r, a.owner))
		return true;
	isms_err_set(err, ISMS_EPERM, _("you can add risks only to the assets you own"));
	isms_err_detail(err, _("The owner of the asset \"%s\" is \"%s\"."), a.code, a.owner);
	isms_err_field(err, "asset");
	return false;
}

bool web_risk_new_from(struct req *r, struct risk_new *n, bool form, struct isms_err *err)
{
	struct risk_edit e = RISK_EDIT_INIT;

	memset(n, 0, sizeof(*n));
	if (!web_risk_edit_from(r, &e, form, err))
		return false;
	if (!e.asset && !e.group) {
		isms_err_set(err, ISMS_EINVAL, _("give the asset, or an asset group"));
		isms_err_field(err, "asset");
		return false;
	}
	if (!e.threat || !e.vuln) {
		isms_err_set(err, ISMS_EINVAL, _("the threat and the vulnerability are required"));
		isms_err_field(err, e.threat ? "vuln" : "threat");
		return false;
	}
	if (r->role < ROLE_MANAGER && !e.owner)
		e.owner = web_self_owner(r);
	n->code = req_str(r, "code");
	n->asset = e.asset;
	n->group = e.group;
	n->threat = e.threat;
	n->vuln = e.vuln;
	n->props = e.props > 0 ? (unsigned)e.props : 0;
	n->threat_level = e.threat_level > 0 ? e.threat_level : 0;
	n->vuln_level = e.vuln_level > 0 ? e.vuln_level : 0;
	n->likelihood = e.likelihood > 0 ? e.likelihood : 0;
	n->impact = e.impact > 0 ? e.impact : 0;
	n->owner = e.owner && *e.owner ? e.owner : NULL;
	n->description = e.description;
	return true;
}

void page_risk_add(struct req *r)
{
	char code[RISK_CODE_MAX + 1];
	struct risk_new n;
	struct isms_err err;

	if (!web_risk_new_from(r, &n, true, &err) || risk_add(r->ctx, r->isms.id, &n, code, &err)) {
		risks_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, web_risk_url(r, code, "?msg=added"));
}

/* --- one risk ------------------------------------------------------------------------------------ */

static void controls_list(struct req *r, const struct risk *k)
{
	struct sbuf *o = &r->out;
	const struct catalog *cat = catalog_builtin(r->isms.edition);

	if (!k->ncontrols && !k->nextras) {
		html_raw(o, "-");
		return;
	}
	html_raw(o, "<ul>");
	for (size_t i = 0; i < k->ncontrols; i++) {
		const struct catalog_item *it = cat ? catalog_find(cat, k->controls[i]) : NULL;

		html_printf(o, "<li><a href=\"%s/items/%s\">%s</a> %s</li>",
			    isms_url(r, arena_printf(&r->arena, "/catalogs/%d", r->isms.edition)), k->controls[i],
			    k->controls[i], it ? catalog_item_title(it) : "");
	}
	for (size_t i = 0; i < k->nextras; i++)
		html_printf(o, "<li>%s: %s</li>", _("additional"), k->extras[i]);
	html_raw(o, "</ul>");
}

const char *web_approval_text(enum approval_state s)
{
	return versioned_state_label(s);
}

static void risk_render(struct req *r, const struct isms_err *ferr, int status)
{
	struct sbuf *o = &r->out;
	struct score_result ex, rex;
	struct score_method m;
	struct approval latest;
	enum approval_state st;
	struct isms_err err;
	struct risk k;
	bool found = false;
	char props[4];

	if (risk_get(r->ctx, &r->arena, r->isms.id, req_param(r, "risk"), &k, &err) ||
	    risk_explain(r->ctx, r->isms.id, &k, &ex, &rex, &err) ||
	    risk_approval_state(r->ctx, &r->arena, r->isms.id, &k, &st, &latest, &found, &err)) {
		web_fail(r, &err);
		return;
	}
	web_method(r, &m);
	score_props_format(k.props, props);
	page_begin(r, arena_printf(&r->arena, _("Risk %s"), k.code));
	if (ferr)
		page_error_web(r, ferr);
	else if (notice(r))
		page_notice(r, notice(r));
	html_printf(o, "<p class=\"lead\"><a href=\"%s\">%s</a></p>\n", isms_url(r, "/risks"), _("Risk register"));
	html_raw(o, "<dl class=\"kv\">\n");
	if (k.asset_code) {
		enum asset_type at;

		html_printf(o, "<dt>%s</dt><dd><a href=\"%s\">%s</a> %s (%s)</dd>\n", _("Asset"),
			    web_asset_url(r, k.asset_code, NULL), k.asset_code, k.asset_name,
			    asset_type_parse(k.asset_type, &at) ? asset_type_label(at) : k.asset_type);
	}
	else
		html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Asset group"), k.group);
	html_printf(o, "<dt>%s</dt><dd>%s %s</dd>\n", _("Threat"), k.threat, k.threat_name);
	html_printf(o, "<dt>%s</dt><dd>%s %s</dd>\n", _("Vulnerability"), k.vuln, k.vuln_name);
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Properties affected"), props);
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Risk owner"), *k.owner ? k.owner : "-");
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Levels"),
		    levels_text(r, &m, k.threat_level, k.vuln_level, k.likelihood, k.impact));
	if (m.formula == SCORE_FORMULA_AVT)
		html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Asset values used"),
			    arena_printf(&r->arena, "C %d, I %d, A %d (%s %d)", k.av_c, k.av_i, k.av_a,
					 _("asset value"), ex.asset_value));
	html_printf(o, "<dt>%s</dt><dd><span class=\"badge ev-%s\">%s</span>", _("Evaluation"),
		    web_decision_class(k.evaluation), web_eval_text(r, &m, k.value, k.level, k.evaluation));
	if (k.evaluation == SCORE_UNEVALUATED && ex.missing)
		html_printf(o, " <span class=\"hint\">%s</span>", score_missing_label(ex.missing));
	if (k.stale)
		html_printf(o, " <span class=\"hint\">%s</span>",
			    _("Due for re-evaluation: the asset's values changed since."));
	html_raw(o, "</dd>\n");
	if (*k.description)
		html_printf(o, "<dt>%s</dt><dd class=\"pre\">%s</dd>\n", _("Description"), k.description);
	html_raw(o, "</dl>\n");

	html_printf(o, "<h2>%s</h2>\n", _("Treatment"));
	if (!k.treatment) {
		html_printf(o, "<p>%s</p>\n", _("No treatment has been chosen yet."));
	} else {
		html_raw(o, "<dl class=\"kv\">\n");
		html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Option"), risk_treatment_label(k.treatment));
		html_printf(o, "<dt>%s</dt><dd>", _("Controls"));
		controls_list(r, &k);
		html_printf(o, "</dd>\n<dt>%s</dt><dd>%s, %s %s, %s</dd>\n", _("Plan"), *k.plan_owner ? k.plan_owner : "-",
			    _("due"), *k.plan_due ? k.plan_due : "-",
			    k.plan_status ? risk_plan_status_label(k.plan_status) : "-");
		if (*k.plan_note)
			html_printf(o, "<dt>%s</dt><dd class=\"pre\">%s</dd>\n", _("Note"), k.plan_note);
		html_printf(o, "<dt>%s</dt><dd><span class=\"badge ev-%s\">%s</span></dd>\n", _("Residual risk"),
			    web_decision_class(k.residual_evaluation),
			    web_eval_text(r, &m, k.residual_value, k.residual_level, k.residual_evaluation));
		html_printf(o, "<dt>%s</dt><dd>%s", _("Approval"), web_approval_text(st));
		if (found)
			html_printf(o, " (%s, %s%s%s)", latest.approver, web_time(r, latest.at), *latest.comment ? ": " : "",
				    latest.comment);
		html_raw(o, "</dd>\n</dl>\n");
		if (risk_needs_approval(&k) && st != APPROVAL_CURRENT)
			html_printf(o, "<p class=\"hint\">%s <a href=\"%s\">%s</a></p>\n",
				    _("The criteria do not accept the residual risk: management must approve it."),
				    isms_url(r, "/approvals"), _("The approver's queue"));
	}
	if (r->role >= ROLE_OWNER && web_owns(r, k.owner)) {
		bool keep = ferr && r->route->handler == page_risk_edit;

		html_printf(o, "<p><a href=\"%s\">%s</a></p>\n", web_risk_url(r, k.code, "/treatment"),
			    k.treatment ? _("Change the treatment") : _("Choose a treatment"));
		html_printf(o, "<h2>%s</h2>\n", _("Edit"));
		risk_form(r, &k, &m, keep);
		html_printf(o, "<p><a class=\"danger\" href=\"%s\">%s</a></p>\n", web_risk_url(r, k.code, "/delete"),
			    _("Delete this risk"));
	}
	html_printf(o, "<p class=\"hint\">%s %s, %s %s</p>\n", _("Created"), web_time(r, k.created_at), _("changed"), web_time(r, k.updated_at));
	score_method_release(&m);
	page_end(r, status);
}

void page_risk(struct req *r)
{
	risk_render(r, NULL, 200);
}

/* The risk of the path, when the user may change it; otherwise answers. */
bool web_risk_may_change(struct req *r, struct risk *k)
{
	struct isms_err err;

	if (risk_get(r->ctx, &r->arena, r->isms.id, req_param(r, "risk"), k, &err)) {
		web_fail(r, &err);
		return false;
	}
	return web_check_owner(r, k->owner, _("risks"));
}

void page_risk_edit(struct req *r)
{
	struct risk_edit e = RISK_EDIT_INIT;
	struct isms_err err;
	struct risk k;

	if (!web_risk_may_change(r, &k))
		return;
	if (!web_risk_edit_from(r, &e, true, &err)) {
		risk_render(r, &err, web_status(err.code));
		return;
	}
	/* The form sends the asset or the group, and clears the other. */
	if (e.asset && k.group)
		e.group = NULL;
	if (risk_edit(r->ctx, r->isms.id, k.code, &e, &err)) {
		risk_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, web_risk_url(r, k.code, "?msg=saved"));
}

void page_risk_delete_form(struct req *r)
{
	struct sbuf *o = &r->out;
	struct risk k;

	if (!web_risk_may_change(r, &k))
		return;
	page_begin(r, arena_printf(&r->arena, _("Delete the risk %s"), k.code));
	html_printf(o, "<p>%s</p>\n",
		    arena_printf(&r->arena, _("The risk %s (%s, %s) and its treatment will be deleted. This cannot be undone; the audit log keeps what it was."),
				 k.code, k.threat_name, k.vuln_name));
	form_begin(r, web_risk_url(r, k.code, "/delete"));
	/* this page is the confirmation: no second question */
	html_printf(o, "<p><button class=\"danger\">%s</button> <a href=\"%s\">%s</a></p>\n</form>\n",
		    _("Delete"), web_risk_url(r, k.code, NULL), _("Cancel"));
	page_end(r, 200);
}

void page_risk_delete(struct req *r)
{
	struct isms_err err;
	struct risk k;

	if (!web_risk_may_change(r, &k))
		return;
	if (risk_rm(r->ctx, r->isms.id, k.code, &err)) {
		risk_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, "/risks?msg=deleted"));
}

/* --- treatment ----------------------------------------------------------------------------------------- */

/* The control picker: every control of the ISMS's edition, by clause or
 * theme, the chosen ones ticked. */
static void control_picker(struct req *r, const char *const *chosen, size_t nchosen)
{
	struct sbuf *o = &r->out;
	const struct catalog *cat = catalog_builtin(r->isms.edition);
	bool open = false;

	html_printf(o, "<fieldset class=\"picker\" data-picker>\n<legend>%s</legend>\n",
		    arena_printf(&r->arena, _("Annex A controls (ISO/IEC 27001:%d)"), r->isms.edition));
	html_printf(o, "<p class=\"picker-search\" hidden><label for=\"pick-q\">%s</label>\n<input id=\"pick-q\" type=\"search\" data-picker-search maxlength=\"100\"></p>\n",
		    _("Find a control"));
	for (size_t i = 0; cat && i < cat->nitems; i++) {
		const struct catalog_item *it = &cat->items[i];
		bool on = false;

		if (it->kind == CAT_CLAUSE || it->kind == CAT_THEME) {
			bool has = false;

			/* A group with chosen controls is open, so that they show. */
			for (size_t j = i + 1; j < cat->nitems && cat->items[j].kind != CAT_CLAUSE &&
					       cat->items[j].kind != CAT_THEME && !has; j++)
				for (size_t k = 0; k < nchosen && !has; k++)
					has = !strcmp(chosen[k], cat->items[j].id);
			if (open)
				html_raw(o, "</details>\n");
			html_printf(o, "<details%s><summary>%s %s</summary>\n", has ? " open" : "", it->id,
				    catalog_item_title(it));
			open = true;
			continue;
		}
		if (it->kind != CAT_CONTROL)
			continue;
		for (size_t k = 0; k < nchosen; k++)
			on = on || !strcmp(chosen[k], it->id);
		/* the description: shown on hover, and searched too */
		html_printf(o, "<label class=\"pick\" title=\"%s\"><input type=\"checkbox\" name=\"controls\" value=\"%s\"%s> %s %s</label>\n",
			    catalog_item_desc(it), it->id, on ? " checked" : "", it->id, catalog_item_title(it));
	}
	if (open)
		html_raw(o, "</details>\n");
	html_printf(o, "<p class=\"hint\" data-picker-none hidden>%s</p>\n",
		    _("No control matches: try other words, or the control's ID."));
	html_raw(o, "</fieldset>\n");
}

static void treat_render(struct req *r, const struct isms_err *ferr, int status)
{
	struct sbuf *o = &r->out;
	struct score_method m;
	struct isms_err err;
	struct risk k;
	bool keep = ferr != NULL;
	int option;
	const char *const *chosen;
	size_t nchosen;
	struct sbuf extras = SBUF_INIT;
	int plan_status;
	const char *v;

	if (risk_get(r->ctx, &r->arena, r->isms.id, req_param(r, "risk"), &k, &err)) {
		web_fail(r, &err);
		return;
	}
	web_method(r, &m);
	page_begin(r, arena_printf(&r->arena, _("Treatment of the risk %s"), k.code));
	if (ferr)
		page_error_web(r, ferr);
	else if (notice(r))
		page_notice(r, notice(r));
	html_printf(o, "<p class=\"lead\"><a href=\"%s\">%s</a>: %s / %s / %s</p>\n", web_risk_url(r, k.code, NULL), k.code,
		    target_text(r, &k), k.threat_name, k.vuln_name);
	html_raw(o, "<dl class=\"kv\">\n");
	html_printf(o, "<dt>%s</dt><dd><span class=\"badge ev-%s\">%s</span></dd>\n", _("Risk"),
		    web_decision_class(k.evaluation), web_eval_text(r, &m, k.value, k.level, k.evaluation));
	html_printf(o, "<dt>%s</dt><dd><span class=\"badge ev-%s\" id=\"residual\">%s</span></dd>\n", _("Residual risk"),
		    k.treatment ? web_decision_class(k.residual_evaluation) : "none",
		    k.treatment ? web_eval_text(r, &m, k.residual_value, k.residual_level, k.residual_evaluation)
				: _("no treatment yet"));
	html_raw(o, "</dl>\n");
	if (k.treatment && risk_needs_approval(&k))
		html_printf(o, "<p class=\"hint\">%s</p>\n",
			    _("The criteria do not accept the residual risk: management must approve it."));
	if (!web_owns(r, k.owner) || r->role < ROLE_OWNER) {
		html_printf(o, "<p>%s</p>\n", _("Only the risk owner or an ISMS manager can change the treatment."));
		score_method_release(&m);
		page_end(r, status);
		return;
	}
	option = keep && req_str(r, "option") ? -1 : (int)k.treatment;
	if (option < 0) {
		enum risk_treatment t;

		option = risk_treatment_parse(req_str(r, "option"), &t) ? (int)t : 0;
	}
	if (keep)
		chosen = req_list(r, "controls", &nchosen);
	else
		chosen = k.controls, nchosen = k.ncontrols;
	for (size_t i = 0; i < k.nextras; i++) {
		if (i)
			sbuf_addch(&extras, '\n');
		sbuf_addstr(&extras, k.extras[i]);
	}
	form_begin(r, web_risk_url(r, k.code, "/treatment"));
	html_printf(o, "<fieldset>\n<legend>%s</legend>\n", _("Option"));
	for (int t = RISK_TREAT_REDUCE; t < RISK_TREAT_COUNT; t++)
		html_printf(o, "<label><input type=\"radio\" name=\"option\" value=\"%s\"%s required> %s</label>\n",
			    risk_treatment_code((enum risk_treatment)t), t == option ? " checked" : "",
			    risk_treatment_label((enum risk_treatment)t));
	html_raw(o, "</fieldset>\n");
	control_picker(r, chosen, nchosen);
	html_printf(o, "<p><label><input type=\"checkbox\" name=\"suggested\" value=\"1\"> %s</label></p>\n",
		    _("Also add the controls the library links to the threat and vulnerability"));
	form_textarea(r, "t-extras", "extras", _("Additional controls outside Annex A (one a line)"),
		      keep ? req_str(r, "extras") : extras.buf, RISK_CONTROLS_MAX * (RISK_EXTRA_MAX + 1));
	sbuf_release(&extras);
	html_printf(o, "<fieldset>\n<legend>%s</legend>\n<div class=\"grid\">\n", _("Plan"));
	form_text(r, "t-owner", "plan_owner", _("Who carries it out"), keep ? req_str(r, "plan_owner") : k.plan_owner,
		  RISK_OWNER_MAX, false);
	v = keep ? req_str(r, "plan_due") : k.plan_due;
	html_printf(o, "<p><label for=\"t-due\">%s</label>\n<input id=\"t-due\" name=\"plan_due\" type=\"date\" value=\"%s\"></p>\n",
		    _("Due date"), v ? v : "");
	plan_status = (int)k.plan_status;
	if (keep && req_str(r, "plan_status")) {
		enum risk_plan_status ps;

		if (risk_plan_status_parse(req_str(r, "plan_status"), &ps))
			plan_status = (int)ps;
	}
	html_printf(o, "<p><label for=\"t-status\">%s</label>\n<select id=\"t-status\" name=\"plan_status\">\n", _("Status"));
	for (int s = RISK_PLAN_PLANNED; s < RISK_PLAN_COUNT; s++)
		form_option(r, risk_plan_status_code((enum risk_plan_status)s),
			    risk_plan_status_label((enum risk_plan_status)s), s == plan_status || (!plan_status && s == RISK_PLAN_PLANNED));
	html_raw(o, "</select></p>\n</div>\n");
	form_textarea(r, "t-note", "plan_note", _("Note"), keep ? req_str(r, "plan_note") : k.plan_note, RISK_NOTE_MAX);
	html_raw(o, "</fieldset>\n");
	html_printf(o, "<fieldset>\n<legend>%s</legend>\n<p class=\"hint\">%s</p>\n<div class=\"grid\">\n",
		    _("Residual levels"), _("The levels expected after the treatment; \"not set\" keeps the present ones."));
	if (m.formula == SCORE_FORMULA_MATRIX) {
		form_level_select(r, "t-rl", "res_likelihood", _("Likelihood"), &m.likelihood,
				  keep ? req_level(r, "res_likelihood", 0) : k.res_likelihood, SCORE_SCALE_MAX);
		form_level_select(r, "t-ri", "res_impact", _("Impact"), &m.impact,
				  keep ? req_level(r, "res_impact", 0) : k.res_impact, SCORE_SCALE_MAX);
	} else {
		form_level_select(r, "t-rt", "res_threat", _("Threat level"), &m.threat,
				  keep ? req_level(r, "res_threat", 0) : k.res_threat, SCORE_SCALE_MAX);
		form_level_select(r, "t-rv", "res_vuln", _("Vulnerability level"), &m.vuln,
				  keep ? req_level(r, "res_vuln", 0) : k.res_vuln, SCORE_SCALE_MAX);
	}
	html_raw(o, "</div>\n</fieldset>\n");
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", _("Save the treatment"));
	if (k.treatment) {
		form_begin(r, web_risk_url(r, k.code, "/untreat"));
		html_printf(o, "<p><button class=\"danger small\" data-confirm=\"%s\">%s</button></p>\n</form>\n",
			    _("Remove the treatment of this risk?"), _("Remove the treatment"));
	}
	score_method_release(&m);
	page_end(r, status);
}

void page_risk_treatment(struct req *r)
{
	treat_render(r, NULL, 200);
}

/* The treatment of a form or an API call. `form`: the controls and
 * extras replace the present ones (a form sends them all). */
bool web_treat_from(struct req *r, const struct risk *k, struct risk_treat *t, bool form, struct isms_err *err)
{
	enum risk_plan_status ps;
	size_t n;

	if (req_str(r, "option")) {
		if (!risk_treatment_parse(req_str(r, "option"), &t->option)) {
			isms_err_set(err, ISMS_EINVAL, _("unknown treatment option \"%s\""), req_str(r, "option"));
			isms_err_hint(err, _("The options are reduce, accept, avoid and transfer."));
			isms_err_field(err, "option");
			return false;
		}
	} else if (k->treatment) {
		t->option = k->treatment;
	} else {
		isms_err_set(err, ISMS_EINVAL, _("choose a treatment option"));
		isms_err_field(err, "option");
		return false;
	}
	if (form || req_present(r, "controls")) {
		t->controls = req_list(r, "controls", &n);
		t->ncontrols = n;
		t->set_controls = true;
	}
	if (form || req_present(r, "extras")) {
		t->extras = web_split_lines(r, req_str(r, "extras"), RISK_CONTROLS_MAX, &n);
		t->nextras = n;
		t->set_extras = true;
		if (n > RISK_CONTROLS_MAX) {
			isms_err_set(err, ISMS_ELIMIT, _("too many additional controls"));
			isms_err_detail(err, _("A risk may have at most %d additional controls."), RISK_CONTROLS_MAX);
			isms_err_field(err, "extras");
			return false;
		}
	}
	t->suggested = req_bool(r, "suggested");
	if (req_present(r, "plan_owner"))
		t->plan_owner = req_str(r, "plan_owner") ? req_str(r, "plan_owner") : "";
	if (req_present(r, "plan_due"))
		t->plan_due = req_str(r, "plan_due") ? req_str(r, "plan_due") : "";
	if (req_present(r, "plan_note"))
		t->plan_note = req_str(r, "plan_note") ? req_str(r, "plan_note") : "";
	if (req_str(r, "plan_status")) {
		if (!risk_plan_status_parse(req_str(r, "plan_status"), &ps)) {
			isms_err_set(err, ISMS_EINVAL, _("unknown plan status \"%s\""), req_str(r, "plan_status"));
			isms_err_field(err, "plan_status");
			return false;
		}
		t->plan_status = (int)ps;
	}
	t->res_threat = level_of(r, "res_threat");
	t->res_vuln = level_of(r, "res_vuln");
	t->res_likelihood = level_of(r, "res_likelihood");
	t->res_impact = level_of(r, "res_impact");
	return true;
}

void page_risk_treat(struct req *r)
{
	struct risk_treat t = RISK_TREAT_INIT;
	struct isms_err err;
	struct risk k;

	if (!web_risk_may_change(r, &k))
		return;
	if (!web_treat_from(r, &k, &t, true, &err) || risk_treat(r->ctx, r->isms.id, k.code, &t, &err)) {
		treat_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, web_risk_url(r, k.code, "/treatment?msg=treated"));
}

void page_risk_untreat(struct req *r)
{
	struct isms_err err;
	struct risk k;

	if (!web_risk_may_change(r, &k))
		return;
	if (risk_untreat(r->ctx, r->isms.id, k.code, &err)) {
		treat_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, web_risk_url(r, k.code, "?msg=untreated"));
}

/* --- suggestions ---------------------------------------------------------------------------------------- */

void page_risk_suggest(struct req *r)
{
	struct sbuf *o = &r->out;
	const char *asset = req_str(r, "asset");
	struct risk_suggestion *s;
	struct isms_err err;
	struct asset a;
	size_t n, fresh = 0;

	page_begin(r, _("Risks the library suggests"));
	html_printf(o, "<form method=\"get\" action=\"%s\" class=\"filters\">\n", isms_url(r, "/risk-suggestions"));
	html_printf(o, "<p><label for=\"s-asset\">%s</label>\n<input id=\"s-asset\" name=\"asset\" value=\"%s\" maxlength=\"%d\" required></p>\n",
		    _("Asset ID"), asset ? asset : "", ASSET_CODE_MAX);
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", _("Suggest"));
	if (!asset) {
		html_printf(o, "<p>%s</p>\n",
			    _("The library pairs threats and vulnerabilities by asset type. Give an asset to see the pairs for it."));
		page_end(r, 200);
		return;
	}
	if (asset_get(r->ctx, &r->arena, r->isms.id, asset, &a, &err) ||
	    risk_suggest(r->ctx, &r->arena, r->isms.id, asset, &s, &n, &err)) {
		page_error_web(r, &err);
		page_end(r, web_status(err.code));
		return;
	}
	html_printf(o, "<p>%s</p>\n", arena_printf(&r->arena, _("%s %s (%s): %zu pairs."), a.code, a.name,
						   asset_type_label(a.type), n));
	if (!n) {
		page_end(r, 200);
		return;
	}
	form_begin(r, isms_url(r, "/risk-suggestions"));
	html_printf(o, "<input type=\"hidden\" name=\"asset\" value=\"%s\">\n", a.code);
	html_printf(o, "<table class=\"suggestions\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Add"), _("Threat"), _("Vulnerability"), _("Properties"));
	for (size_t i = 0; i < n; i++) {
		char props[4];

		score_props_format(s[i].props, props);
		html_raw(o, "<tr><td>");
		if (s[i].registered) {
			html_printf(o, "%s", _("registered"));
		} else {
			html_printf(o, "<input type=\"checkbox\" name=\"pairs\" value=\"%s|%s\" aria-label=\"%s\">",
				    s[i].threat, s[i].vuln, _("Add"));
			fresh++;
		}
		html_printf(o, "</td><td>%s %s</td><td>%s %s</td><td>%s</td></tr>\n", s[i].threat, s[i].threat_name,
			    s[i].vuln, s[i].vuln_name, props);
	}
	html_raw(o, "</tbody>\n</table>\n");
	if (fresh && r->role >= ROLE_OWNER && web_owns(r, a.owner))
		html_printf(o, "<p><button>%s</button></p>\n", _("Add the ticked pairs as risks"));
	html_raw(o, "</form>\n");
	page_end(r, 200);
}

/* Add the chosen pairs ("T-001|V-002") as risks of `asset`; the codes
 * added go into `ret` (at most `max`). Stops at the first error. */
enum isms_rc web_suggest_add(struct req *r, const char *asset, const char *const *pairs, size_t n,
			     const char ***ret, size_t *ret_n, struct isms_err *err)
{
	const char **codes = arena_zalloc(&r->arena, (n + 1) * sizeof(*codes));
	size_t added = 0;

	*ret = codes;
	*ret_n = 0;
	if (!n) {
		isms_err_set(err, ISMS_EINVAL, _("tick at least one pair"));
		isms_err_field(err, "pairs");
		return ISMS_EINVAL;
	}
	if (!may_use_asset(r, asset, err))
		return err->code;
	for (size_t i = 0; i < n; i++) {
		const char *bar = strchr(pairs[i], '|');
		struct risk_new nw = { 0 };
		char code[RISK_CODE_MAX + 1];

		if (!bar || bar == pairs[i] || !bar[1]) {
			isms_err_set(err, ISMS_EINVAL, _("\"%s\" is not a threat and a vulnerability"), pairs[i]);
			isms_err_field(err, "pairs");
			return ISMS_EINVAL;
		}
		nw.asset = asset;
		nw.threat = arena_strndup(&r->arena, pairs[i], (size_t)(bar - pairs[i]));
		nw.vuln = bar + 1;
		nw.owner = r->role < ROLE_MANAGER ? web_self_owner(r) : NULL;
		if (risk_add(r->ctx, r->isms.id, &nw, code, err)) {
			if (added)
				isms_err_detail(err, _n("%zu risk was added before this error.",
							"%zu risks were added before this error.", added),
						added);
			return err->code;
		}
		codes[added++] = arena_strdup(&r->arena, code);
		*ret_n = added;
	}
	return ISMS_OK;
}

void page_risk_suggest_add(struct req *r)
{
	const char *const *pairs;
	const char **codes;
	struct isms_err err;
	size_t n, added;

	pairs = req_list(r, "pairs", &n);
	if (web_suggest_add(r, req_str(r, "asset"), pairs, n, &codes, &added, &err)) {
		page_begin(r, _("Risks the library suggests"));
		page_error_web(r, &err);
		html_printf(&r->out, "<p><a href=\"%s\">%s</a></p>\n", web_suggest_url(r, req_str(r, "asset")),
			    _("Back to the suggestions"));
		page_end(r, web_status(err.code));
		return;
	}
	web_redirect(r, arena_printf(&r->arena, "%smsg=added", req_query_url(r, isms_url(r, "/risks"), "pairs", NULL)));
}
