/* page-asset.c - the asset inventory (step 4): the list with filters, sort and paging; adding, editing and deleting an asset; CSV and XLSX import with an error report. */
#include <stdio.h>
#include <string.h>

#include "isms/asset.h"
#include "isms/html.h"
#include "isms/method.h"
#include "isms/risk.h"
#include "isms/tabin.h"
#include "web.h"

#define ASSET_PAGE 50

static const char *notice(struct req *r)
{
	const char *msg = req_str(r, "msg");

	if (!msg)
		return NULL;
	if (!strcmp(msg, "added"))
		return _("The asset has been added.");
	if (!strcmp(msg, "saved"))
		return _("The asset has been saved.");
	if (!strcmp(msg, "deleted"))
		return _("The asset has been deleted.");
	return NULL;
}

const char *web_asset_url(struct req *r, const char *code, const char *suffix)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;

	sbuf_addstr(&sb, isms_url(r, "/assets/"));
	html_url_escape(&sb, code);
	sbuf_addstr(&sb, suffix ? suffix : "");
	out = arena_strdup(&r->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

/* The method in force, for the labels of C, I and A (the default preset
 * when it cannot be read: labels are a help, not a requirement). */
static void load_method(struct req *r, struct score_method *m)
{
	struct isms_err err;

	if (method_current(r->ctx, &r->arena, r->isms.id, m, NULL, &err))
		score_preset(SCORE_PRESET_DEFAULT, m);
}

const char **web_split_codes(struct req *r, const char *s, size_t max, size_t *ret_n)
{
	const char **v = arena_zalloc(&r->arena, (max + 1) * sizeof(*v));
	size_t n = 0;

	while (s && *s) {
		size_t len;

		s += strspn(s, ",; \t\r\n");
		len = strcspn(s, ",; \t\r\n");
		if (!len)
			break;
		if (n == max) {
			n++;
			break;
		}
		v[n++] = arena_strndup(&r->arena, s, len);
		s += len;
	}
	*ret_n = n;
	return v;
}

/* The form of a new asset (`cur` NULL) or of an asset; after a failed
 * save, the values typed are kept. */
static void asset_form(struct req *r, const struct asset *cur, const struct score_method *m,
		       bool keep)
{
	struct sbuf *o = &r->out;
	static const char *const prop_names[3] = { "c", "i", "a" };
	const char *labels[3] = { _("Confidentiality"), _("Integrity"), _("Availability") };
	const char *reason_labels[3] = { _("Reason for the confidentiality value"),
					 _("Reason for the integrity value"),
					 _("Reason for the availability value") };
	int values[3] = { cur ? cur->c : 0, cur ? cur->i : 0, cur ? cur->a : 0 };
	const char *reasons[3] = { cur ? cur->c_reason : NULL, cur ? cur->i_reason : NULL,
				   cur ? cur->a_reason : NULL };
	const char *reason_fields[3] = { "c_reason", "i_reason", "a_reason" };
	int type = cur ? (int)cur->type : -1;
	struct sbuf deps = SBUF_INIT;
	const char *owner = cur ? cur->owner : (r->role < ROLE_MANAGER ? web_self_owner(r) : NULL);

#define V(field, curval) (keep ? req_str(r, field) : (curval))
	for (size_t k = 0; cur && k < cur->ndeps; k++) {
		if (k)
			sbuf_addstr(&deps, ", ");
		sbuf_addstr(&deps, cur->depends_on[k]);
	}
	if (keep && req_str(r, "type")) {
		enum asset_type t;

		if (asset_type_parse(req_str(r, "type"), &t))
			type = (int)t;
	}
	form_begin(r, cur ? web_asset_url(r, cur->code, NULL) : isms_url(r, "/assets"));
	html_raw(o, "<div class=\"grid\">\n");
	if (!cur)
		form_text(r, "a-code", "code", _("Asset ID"), V("code", NULL), ASSET_CODE_MAX, true);
	form_text(r, "a-name", "name", _("Name"), V("name", cur ? cur->name : NULL), ASSET_NAME_MAX, true);
	html_printf(o, "<p><label for=\"a-type\">%s</label>\n<select id=\"a-type\" name=\"type\" required>\n",
		    _("Type"));
	if (type < 0)
		form_option(r, "", _("choose a type"), true);
	for (int t = 0; t < ASSET_TYPE_COUNT; t++)
		form_option(r, asset_type_code((enum asset_type)t), asset_type_label((enum asset_type)t),
			    t == type);
	html_raw(o, "</select></p>\n");
	form_text(r, "a-owner", "owner", _("Owner"), V("owner", owner), ASSET_OWNER_MAX, false);
	form_text(r, "a-location", "location", _("Location"), V("location", cur ? cur->location : NULL),
		  ASSET_LOCATION_MAX, false);
	form_text(r, "a-group", "group", _("Group"), V("group", cur ? cur->group : NULL), ASSET_GROUP_MAX,
		  false);
	form_text(r, "a-class", "classification", _("Classification"),
		  V("classification", cur ? cur->classification : NULL), ASSET_CLASS_MAX, false);
	form_text(r, "a-deps", "depends_on", _("Depends on (asset IDs, separated by commas)"),
		  V("depends_on", deps.buf), 4000, false);
	html_raw(o, "</div>\n");
	form_textarea(r, "a-desc", "description", _("Description"),
		      V("description", cur ? cur->description : NULL), ASSET_DESC_MAX);
	html_printf(o, "<fieldset>\n<legend>%s</legend>\n", _("Values (C, I, A) with their reasons"));
	for (int p = 0; p < 3; p++) {
		int v = keep ? req_level(r, prop_names[p], 0) : values[p];

		form_level_select(r, arena_printf(&r->arena, "a-%s", prop_names[p]), prop_names[p], labels[p],
				  &m->asset[p], v, ASSET_VALUE_MAX_DEFAULT);
		form_textarea(r, arena_printf(&r->arena, "a-%s", reason_fields[p]), reason_fields[p],
			      reason_labels[p], V(reason_fields[p], reasons[p]), ASSET_REASON_MAX);
	}
	html_raw(o, "</fieldset>\n");
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", cur ? _("Save the asset") : _("Add the asset"));
#undef V
	sbuf_release(&deps);
}

/* --- the list ------------------------------------------------------------------------------ */

static const char *sort_label(enum asset_sort s)
{
	switch (s) {
	case ASSET_SORT_CODE: return _("Asset ID");
	case ASSET_SORT_NAME: return _("Name");
	case ASSET_SORT_TYPE: return _("Type");
	case ASSET_SORT_OWNER: return _("Owner");
	case ASSET_SORT_GROUP: return _("Group");
	case ASSET_SORT_VALUE: return _("Value");
	case ASSET_SORT_UPDATED: return _("Changed");
	case ASSET_SORT_COUNT: break;
	}
	return "";
}

/* The filter of the request (list page and API alike). */
void web_asset_filter(struct req *r, struct asset_filter *f)
{
	enum asset_type t;

	f->type = req_str(r, "type") && asset_type_parse(req_str(r, "type"), &t) ? (int)t : -1;
	f->owner = req_str(r, "owner");
	f->group = req_str(r, "group");
	f->text = req_str(r, "q");
	f->unvalued = req_bool(r, "unvalued");
	if (!req_str(r, "sort") || !asset_sort_parse(req_str(r, "sort"), &f->sort))
		f->sort = ASSET_SORT_CODE;
	f->desc = req_bool(r, "desc");
	f->limit = (size_t)req_int(r, "limit", ASSET_PAGE);
	f->offset = (size_t)req_int(r, "offset", 0);
}

static void assets_render(struct req *r, const struct isms_err *ferr, int status)
{
	struct sbuf *o = &r->out;
	struct asset_filter f = ASSET_FILTER_INIT;
	struct score_method m;
	struct asset *rows;
	struct isms_err err;
	size_t n, total;
	const char *base, *sortbase, *v;

	web_asset_filter(r, &f);
	if (asset_list(r->ctx, &r->arena, r->isms.id, &f, &rows, &n, &total, &err)) {
		web_fail(r, &err);
		return;
	}
	load_method(r, &m);
	page_begin(r, _("Asset inventory"));
	if (ferr)
		page_error_web(r, ferr);
	else if (notice(r))
		page_notice(r, notice(r));
	html_printf(o, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\">\n",
		    isms_url(r, "/assets"));
	v = req_str(r, "q");
	html_printf(o, "<p><label for=\"f-q\">%s</label>\n<input id=\"f-q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"200\"></p>\n",
		    _("ID, name or description"), v ? v : "");
	html_printf(o, "<p><label for=\"f-type\">%s</label>\n<select id=\"f-type\" name=\"type\">\n", _("Type"));
	form_option(r, "", _("any"), f.type < 0);
	for (int t = 0; t < ASSET_TYPE_COUNT; t++)
		form_option(r, asset_type_code((enum asset_type)t), asset_type_label((enum asset_type)t),
			    t == f.type);
	html_raw(o, "</select></p>\n");
	v = req_str(r, "owner");
	html_printf(o, "<p><label for=\"f-owner\">%s</label>\n<input id=\"f-owner\" name=\"owner\" value=\"%s\" maxlength=\"%d\"></p>\n",
		    _("Owner"), v ? v : "", ASSET_OWNER_MAX);
	v = req_str(r, "group");
	html_printf(o, "<p><label for=\"f-group\">%s</label>\n<input id=\"f-group\" name=\"group\" value=\"%s\" maxlength=\"%d\"></p>\n",
		    _("Group"), v ? v : "", ASSET_GROUP_MAX);
	html_printf(o, "<p><label><input type=\"checkbox\" name=\"unvalued\" value=\"1\"%s> %s</label></p>\n",
		    f.unvalued ? " checked" : "", _("only assets not yet valued"));
	if (req_str(r, "sort"))
		html_printf(o, "<input type=\"hidden\" name=\"sort\" value=\"%s\">\n", req_str(r, "sort"));
	if (f.desc)
		html_raw(o, "<input type=\"hidden\" name=\"desc\" value=\"1\">\n");
	html_printf(o, "<p><button>%s</button> <a href=\"%s\">%s</a></p>\n</form>\n", _("Filter"),
		    isms_url(r, "/assets"), _("Clear"));

	base = req_query_url(r, isms_url(r, "/assets"), "offset", "limit");
	sortbase = req_query_url(r, isms_url(r, "/assets"), "sort", "desc");
	if (n == 0) {
		html_printf(o, "<p>%s</p>\n", total ? _("No assets on this page.")
						    : _("No assets match. Add the first one below, or import a file."));
	} else {
		static const enum asset_sort cols[] = { ASSET_SORT_CODE, ASSET_SORT_NAME, ASSET_SORT_TYPE,
							ASSET_SORT_OWNER, ASSET_SORT_GROUP };

		html_raw(o, "<table class=\"assets\">\n<thead><tr>");
		for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
			page_sort_th(r, sortbase, asset_sort_code(cols[k]), sort_label(cols[k]),
				     req_str(r, "sort") ? req_str(r, "sort") : "code", f.desc);
		html_printf(o, "<th>C</th><th>I</th><th>A</th>");
		page_sort_th(r, sortbase, "value", sort_label(ASSET_SORT_VALUE), req_str(r, "sort"), f.desc);
		page_sort_th(r, sortbase, "updated", sort_label(ASSET_SORT_UPDATED), req_str(r, "sort"), f.desc);
		html_raw(o, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const struct asset *a = &rows[i];
			int hi = a->c > a->i ? a->c : a->i;

			hi = a->a > hi ? a->a : hi;
			html_printf(o, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
				    web_asset_url(r, a->code, NULL), a->code, a->name, asset_type_label(a->type),
				    a->owner, a->group);
			html_printf(o, "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
				    a->c ? arena_printf(&r->arena, "%d", a->c) : "-",
				    a->i ? arena_printf(&r->arena, "%d", a->i) : "-",
				    a->a ? arena_printf(&r->arena, "%d", a->a) : "-",
				    hi && a->c && a->i && a->a ? arena_printf(&r->arena, "%d", hi) : "-",
				    web_time(r, a->updated_at));
		}
		html_raw(o, "</tbody>\n</table>\n");
	}
	page_pager(r, base, total, f.offset, f.limit);
	html_printf(o, "<p>%s: <a href=\"%s\" download>CSV</a> · <a href=\"%s\" download>XLSX</a> · <a href=\"%s\">%s</a></p>\n",
		    _("Export the inventory"), isms_url(r, "/documents/assets?format=csv"),
		    isms_url(r, "/documents/assets?format=xlsx"), isms_url(r, "/documents"), _("all documents"));
	if (r->role >= ROLE_MANAGER)
		html_printf(o, "<p><a href=\"%s\">%s</a></p>\n", isms_url(r, "/import/assets"),
			    _("Import assets from a CSV or XLSX file"));
	if (r->role >= ROLE_OWNER) {
		bool keep = ferr && r->route->handler == page_asset_add;

		html_printf(o, "<details id=\"add\"%s>\n<summary>%s</summary>\n", keep ? " open" : "",
			    _("Add an asset"));
		asset_form(r, NULL, &m, keep);
		html_raw(o, "</details>\n");
	}
	score_method_release(&m);
	page_end(r, status);
}

void page_assets(struct req *r)
{
	assets_render(r, NULL, 200);
}

/* The fields of the add and edit forms (and the API) into `e`; `code`
 * owners may set only themselves as the owner. */
bool web_asset_edit_from(struct req *r, struct asset_edit *e, struct isms_err *err)
{
	static const char *const texts[] = { "name", "owner", "location", "group", "description",
					     "c_reason", "i_reason", "a_reason", "classification" };
	const char **slots[] = { &e->name, &e->owner, &e->location, &e->group, &e->description,
				 &e->c_reason, &e->i_reason, &e->a_reason, &e->classification };

	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
		if (req_present(r, texts[k]))
			*slots[k] = req_str(r, texts[k]) ? req_str(r, texts[k]) : "";
	if (req_str(r, "type")) {
		if (!asset_type_parse(req_str(r, "type"), &e->type)) {
			isms_err_set(err, ISMS_EINVAL, _("unknown asset type \"%s\""), req_str(r, "type"));
			isms_err_hint(err, "%s", asset_type_hint());
			isms_err_field(err, "type");
			return false;
		}
		e->set_type = true;
	}
	if (req_present(r, "c"))
		e->c = req_level(r, "c", 0);
	if (req_present(r, "i"))
		e->i = req_level(r, "i", 0);
	if (req_present(r, "a"))
		e->a = req_level(r, "a", 0);
	if (req_present(r, "depends_on")) {
		e->deps = web_split_codes(r, req_str(r, "depends_on"), ASSET_DEPS_MAX, &e->ndeps);
		e->set_deps = true;
		if (e->ndeps > ASSET_DEPS_MAX) {
			isms_err_set(err, ISMS_ELIMIT, _("too many dependencies"));
			isms_err_detail(err, _("An asset may depend on at most %d assets."), ASSET_DEPS_MAX);
			isms_err_field(err, "depends_on");
			return false;
		}
	}
	/* Owners name only themselves as the owner. */
	if (r->role < ROLE_MANAGER && e->owner && !web_owns(r, e->owner)) {
		isms_err_set(err, ISMS_EPERM, _("you can name only yourself as the owner"));
		isms_err_detail(err, _("As %s, you own the assets you add; an ISMS manager can give them to someone else."),
				user_role_label(r->role));
		isms_err_field(err, "owner");
		return false;
	}
	return true;
}

bool web_asset_from(struct req *r, struct asset *a, struct isms_err *err)
{
	struct asset_edit e = ASSET_EDIT_INIT;

	memset(a, 0, sizeof(*a));
	if (!web_asset_edit_from(r, &e, err))
		return false;
	a->code = req_str(r, "code");
	a->name = e.name;
	a->type = e.type;
	a->owner = e.owner && *e.owner ? e.owner : (r->role < ROLE_MANAGER ? web_self_owner(r) : NULL);
	a->location = e.location;
	a->group = e.group;
	a->description = e.description;
	a->c = e.c > 0 ? e.c : 0;
	a->i = e.i > 0 ? e.i : 0;
	a->a = e.a > 0 ? e.a : 0;
	a->c_reason = e.c_reason;
	a->i_reason = e.i_reason;
	a->a_reason = e.a_reason;
	a->classification = e.classification;
	a->depends_on = e.deps;
	a->ndeps = e.ndeps;
	if (!e.set_type) {
		isms_err_set(err, ISMS_EINVAL, _("type is required"));
		isms_err_hint(err, "%s", asset_type_hint());
		isms_err_field(err, "type");
		return false;
	}
	return true;
}

void page_asset_add(struct req *r)
{
	struct isms_err err;
	struct asset a;

	if (!web_asset_from(r, &a, &err) || asset_add(r->ctx, r->isms.id, &a, NULL, &err)) {
		assets_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, web_asset_url(r, a.code, "?msg=added"));
}

/* --- one asset -------------------------------------------------------------------------------- */

static void value_row(struct req *r, const char *label, const struct score_scale *s, int v,
		      const char *reason)
{
	html_printf(&r->out, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td></tr>\n", label,
		    web_level_text(r, s, v), reason);
}

static void codes_list(struct req *r, const char *const *codes, size_t n)
{
	if (!n) {
		html_raw(&r->out, "-");
		return;
	}
	for (size_t k = 0; k < n; k++)
		html_printf(&r->out, "%s<a href=\"%s\">%s</a>", k ? ", " : "", web_asset_url(r, codes[k], NULL),
			    codes[k]);
}

static void asset_render(struct req *r, const struct isms_err *ferr, int status)
{
	struct sbuf *o = &r->out;
	struct risk_filter rf = RISK_FILTER_INIT;
	struct score_method m;
	struct risk *risks;
	struct isms_err err;
	struct asset a;
	size_t nrisks, total;

	if (asset_get(r->ctx, &r->arena, r->isms.id, req_param(r, "asset"), &a, &err)) {
		web_fail(r, &err);
		return;
	}
	rf.asset = a.code;
	rf.limit = 100;
	if (risk_list(r->ctx, &r->arena, r->isms.id, &rf, &risks, &nrisks, &total, &err)) {
		web_fail(r, &err);
		return;
	}
	load_method(r, &m);
	page_begin(r, arena_printf(&r->arena, _("Asset %s: %s"), a.code, a.name));
	if (ferr)
		page_error_web(r, ferr);
	else if (notice(r))
		page_notice(r, notice(r));
	html_printf(o, "<p class=\"lead\"><a href=\"%s\">%s</a></p>\n", isms_url(r, "/assets"), _("Asset inventory"));
	html_raw(o, "<dl class=\"kv\">\n");
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Type"), asset_type_label(a.type));
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Owner"), *a.owner ? a.owner : "-");
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Location"), *a.location ? a.location : "-");
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Group"), *a.group ? a.group : "-");
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Classification"), *a.classification ? a.classification : "-");
	html_printf(o, "<dt>%s</dt><dd>", _("Depends on"));
	codes_list(r, a.depends_on, a.ndeps);
	html_printf(o, "</dd>\n<dt>%s</dt><dd>", _("Needed by"));
	codes_list(r, a.needed_by, a.nneeded);
	html_printf(o, "</dd>\n<dt>%s</dt><dd>%s</dd>\n", _("Changed"), web_time(r, a.updated_at));
	html_raw(o, "</dl>\n");
	if (*a.description)
		html_printf(o, "<p class=\"pre\">%s</p>\n", a.description);
	html_printf(o, "<table class=\"values\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Property"), _("Value"), _("Reason"));
	value_row(r, _("Confidentiality"), &m.asset[0], a.c, a.c_reason);
	value_row(r, _("Integrity"), &m.asset[1], a.i, a.i_reason);
	value_row(r, _("Availability"), &m.asset[2], a.a, a.a_reason);
	html_raw(o, "</tbody>\n</table>\n");

	html_printf(o, "<h2>%s</h2>\n", _("Risks"));
	if (!nrisks) {
		html_printf(o, "<p>%s</p>\n", _("No risks are registered for this asset yet."));
	} else {
		html_printf(o, "<table class=\"risks\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
			    _("Risk ID"), _("Threat"), _("Vulnerability"), _("Value"), _("Evaluation"));
		for (size_t i = 0; i < nrisks; i++)
			html_printf(o, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td><span class=\"badge ev-%s\">%s</span></td></tr>\n",
				    web_risk_url(r, risks[i].code, NULL), risks[i].code, risks[i].threat_name,
				    risks[i].vuln_name,
				    risks[i].value ? arena_printf(&r->arena, "%d", risks[i].value) : "-",
				    score_decision_code(risks[i].evaluation) ? score_decision_code(risks[i].evaluation) : "none",
				    score_decision_label(risks[i].evaluation));
		html_raw(o, "</tbody>\n</table>\n");
		if (total > nrisks)
			html_printf(o, "<p><a href=\"%s\">%s</a></p>\n",
				    req_query_url(r, isms_url(r, "/risks"), NULL, NULL),
				    arena_printf(&r->arena, _("All %zu risks"), total));
	}
	html_printf(o, "<p><a href=\"%s\">%s</a></p>\n",
		    arena_printf(&r->arena, "%s", web_suggest_url(r, a.code)),
		    _("Risks the library suggests for this asset"));
	if (r->role >= ROLE_OWNER && web_owns(r, a.owner)) {
		bool keep = ferr && r->route->handler == page_asset_edit;

		html_printf(o, "<h2>%s</h2>\n", _("Edit"));
		asset_form(r, &a, &m, keep);
		html_printf(o, "<p><a class=\"danger\" href=\"%s\">%s</a></p>\n", web_asset_url(r, a.code, "/delete"),
			    _("Delete this asset"));
	}
	score_method_release(&m);
	page_end(r, status);
}

void page_asset(struct req *r)
{
	asset_render(r, NULL, 200);
}

/* The asset of the path when the user may change it; otherwise answers. */
static bool may_change(struct req *r, struct asset *a)
{
	struct isms_err err;

	if (asset_get(r->ctx, &r->arena, r->isms.id, req_param(r, "asset"), a, &err)) {
		web_fail(r, &err);
		return false;
	}
	return web_check_owner(r, a->owner, _("assets"));
}

void page_asset_edit(struct req *r)
{
	struct asset_edit e = ASSET_EDIT_INIT;
	struct isms_err err;
	struct asset a;

	if (!may_change(r, &a))
		return;
	if (!web_asset_edit_from(r, &e, &err) ||
	    asset_edit(r->ctx, r->isms.id, a.code, &e, &err)) {
		asset_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, web_asset_url(r, a.code, "?msg=saved"));
}

void page_asset_delete_form(struct req *r)
{
	struct sbuf *o = &r->out;
	struct asset a;

	if (!may_change(r, &a))
		return;
	page_begin(r, arena_printf(&r->arena, _("Delete the asset %s"), a.code));
	html_printf(o, "<p>%s</p>\n",
		    arena_printf(&r->arena, _("The asset \"%s\" (%s) and its dependencies will be deleted. This cannot be undone; the audit log keeps what it was."),
				 a.name, a.code));
	form_begin(r, web_asset_url(r, a.code, "/delete"));
	/* this page is the confirmation: no second question */
	html_printf(o, "<p><button class=\"danger\">%s</button> <a href=\"%s\">%s</a></p>\n</form>\n",
		    _("Delete"), web_asset_url(r, a.code, NULL), _("Cancel"));
	page_end(r, 200);
}

void page_asset_delete(struct req *r)
{
	struct isms_err err;
	struct asset a;

	if (!may_change(r, &a))
		return;
	if (asset_rm(r->ctx, r->isms.id, a.code, &err)) {
		asset_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, "/assets?msg=deleted"));
}

/* --- import --------------------------------------------------------------------------------------- */

/* Read an uploaded CSV or XLSX file; XLSX when it starts as a zip archive. */
enum isms_rc web_read_table(const struct req_file *f, struct tabin *t, struct isms_err *err)
{
	struct tabin_limits lim = TABIN_LIMITS_DEFAULT;

	if (f->len >= 4 && !memcmp(f->data, "PK\3\4", 4))
		return tabin_read_xlsx(f->data, f->len, &lim, t, err);
	return tabin_read_csv(f->data, f->len, &lim, t, err);
}

static void import_form(struct req *r)
{
	struct sbuf *o = &r->out;

	html_printf(o, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\">\n",
		    isms_url(r, "/import/assets"));
	form_csrf(r);
	html_printf(o, "<p><label for=\"i-file\">%s</label>\n<input id=\"i-file\" name=\"file\" type=\"file\" accept=\".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\" required></p>\n",
		    _("CSV (UTF-8 or Shift_JIS) or XLSX file"));
	html_printf(o, "<p><label><input type=\"checkbox\" name=\"allow_unknown\" value=\"1\"> %s</label></p>\n",
		    _("Skip columns that are not asset fields (such as an export's computed columns)"));
	html_printf(o, "<p><label><input type=\"checkbox\" name=\"dry_run\" value=\"1\"> %s</label></p>\n",
		    _("Only check the file: change nothing"));
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", _("Import"));
}

static bool ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static void import_columns(struct req *r)
{
	struct sbuf *o = &r->out;

	html_printf(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Columns"),
		    _("The first row names the columns, in English or Japanese (the Japanese names are listed on the Japanese page); only the asset ID is required. A row whose ID exists updates that asset; an empty cell clears its field, a missing column leaves it. Every row is checked first: when any row is wrong, nothing is imported."));
	html_printf(o, "<table>\n<thead><tr><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n", _("Column"),
		    _("Also accepted"));
	for (int k = 0; k < AF_COUNT; k++) {
		const struct tabin_field *f = &asset_fields[k];

		html_printf(o, "<tr><td>%s%s</td><td>", asset_field_label((enum asset_field)k),
			    f->required ? " *" : "");
		for (size_t i = 0, shown = 0; f->names[i]; i++) {
			/* Japanese names are listed on Japanese pages. */
			if (r->lang != ISMS_LANG_JA && !ascii_only(f->names[i]))
				continue;
			html_printf(o, "%s<code>%s</code>", shown++ ? ", " : "", f->names[i]);
		}
		html_raw(o, "</td></tr>\n");
	}
	html_raw(o, "</tbody>\n</table>\n");
}

void page_asset_import_form(struct req *r)
{
	page_begin(r, _("Import assets"));
	import_form(r);
	import_columns(r);
	page_end(r, 200);
}

/* A field of the asset file by the column name the reader's language
 * uses (the English one, or the first Japanese one), as in the list of
 * columns on the import page; the key when it is none of them. */
static const char *column_name(struct req *r, const char *key)
{
	for (size_t i = 0; i < AF_COUNT; i++) {
		const char *const *names = asset_fields[i].names;

		if (strcmp(asset_fields[i].key, key))
			continue;
		if (r->lang == ISMS_LANG_JA)
			for (size_t k = 1; names[k]; k++)
				if (names[k][0] & 0x80)
					return names[k];
		return names[0];
	}
	return key;
}

/* The error report of an import: every problem with its line and column. */
void page_import_errors(struct req *r, const struct tabin_errors *errs)
{
	struct sbuf *o = &r->out;

	html_printf(o, "<table class=\"import-errors\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Line"), _("Column"), _("Field"), _("Problem"));
	for (size_t i = 0; i < errs->n; i++) {
		const struct isms_err *e = &errs->v[i];

		html_printf(o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s",
			    e->line ? arena_printf(&r->arena, "%ld", e->line) : "-",
			    e->column ? arena_printf(&r->arena, "%ld", e->column) : "-",
			    column_name(r, e->field), e->msg);
		if (e->detail[0])
			html_printf(o, "<br><span class=\"hint\">%s</span>", e->detail);
		if (e->hint[0])
			html_printf(o, "<br><span class=\"hint\">%s</span>", e->hint);
		html_raw(o, "</td></tr>\n");
	}
	html_raw(o, "</tbody>\n</table>\n");
	if (errs->total > errs->n)
		html_printf(o, "<p>%s</p>\n",
			    arena_printf(&r->arena, _("%zu more problems are not shown."), errs->total - errs->n));
}

void page_asset_import(struct req *r)
{
	struct sbuf *o = &r->out;
	const struct req_file *f = req_file(r, "file");
	struct asset_import_opts opts = { 0 };
	struct asset_import_result res = { 0 };
	struct tabin_errors errs = { 0 };
	struct tabin t;
	struct isms_err err;
	enum isms_rc rc;

	opts.source = f->filename;
	opts.allow_unknown = req_bool(r, "allow_unknown");
	opts.dry_run = req_bool(r, "dry_run");
	memset(&t, 0, sizeof(t));
	rc = web_read_table(f, &t, &err);
	if (!rc)
		rc = asset_import(r->ctx, r->isms.id, &t, &opts, &res, &errs, &err);
	tabin_release(&t);
	if (rc) {
		page_begin(r, _("Import assets"));
		if (errs.n) {
			html_printf(o, "<div class=\"error\" role=\"alert\"><p><strong>%s</strong></p><p>%s</p></div>\n",
				    arena_printf(&r->arena, _n("The file \"%s\" has %zu problem. Nothing has been imported.",
							       "The file \"%s\" has %zu problems. Nothing has been imported.",
							       errs.total),
						 f->filename, errs.total),
				    _("Correct the file and import it again."));
			page_import_errors(r, &errs);
		} else {
			page_error_web(r, &err);
			if (err.line)
				html_printf(o, "<p>%s</p>\n",
					    arena_printf(&r->arena, _("At line %ld, column %ld."), err.line, err.column));
		}
		tabin_errors_release(&errs);
		import_form(r);
		page_end(r, rc == ISMS_ELIMIT ? 413 : 422);
		return;
	}
	tabin_errors_release(&errs);
	page_begin(r, _("Import assets"));
	html_printf(o, "<div class=\"notice ok\" role=\"status\"><p>%s</p><p>%s</p></div>\n",
		    opts.dry_run ? arena_printf(&r->arena, _("The file \"%s\" is good: nothing has been changed (only checked)."), f->filename)
				 : arena_printf(&r->arena, _("The file \"%s\" has been imported."), f->filename),
		    arena_printf(&r->arena, _("%zu rows (%s): %zu added, %zu updated, %zu unchanged."), res.rows,
				 res.encoding ? res.encoding : "", res.added, res.updated, res.unchanged));
	if (res.nskipped) {
		html_printf(o, "<p>%s ", _("Columns skipped:"));
		for (size_t k = 0; k < res.nskipped; k++)
			html_printf(o, "%s%s", k ? ", " : "", res.skipped[k]);
		html_raw(o, "</p>\n");
	}
	html_printf(o, "<p><a href=\"%s\">%s</a></p>\n", isms_url(r, "/assets"), _("Back to the asset inventory"));
	page_end(r, 200);
}
