/* page-library.c - the threat and vulnerability library (step 4): the built-in entries and the ISMS's own, with search, and forms to add, change and delete the ISMS's own. */
#include <stdio.h>
#include <string.h>

#include "isms/asset.h"
#include "isms/html.h"
#include "isms/library.h"
#include "isms/scoring.h"
#include "web.h"

/* Whether every word occurs in one of the texts (ASCII letters in either
 * case; Japanese as it is, without spaces). */
static bool matches(const char *const *words, size_t nwords, const char *const *texts, size_t ntexts)
{
	for (size_t w = 0; w < nwords; w++) {
		bool hit = false;

		for (size_t t = 0; !hit && t < ntexts; t++)
			hit = texts[t] && strcasestr(texts[t], words[w]);
		if (!hit)
			return false;
	}
	return true;
}

bool web_threat_matches(const struct lib_threat *t, const char *const *words, size_t n)
{
	const char *texts[] = { t->code, t->name_en, t->name_ja, t->desc_en, t->desc_ja };

	return matches(words, n, texts, sizeof(texts) / sizeof(texts[0]));
}

bool web_vuln_matches(const struct lib_vuln *v, const char *const *words, size_t n)
{
	const char *texts[] = { v->code, v->name_en, v->name_ja, v->desc_en, v->desc_ja };

	return matches(words, n, texts, sizeof(texts) / sizeof(texts[0]));
}

/* "information, software" in the current language. */
static const char *types_text(struct req *r, const char *list)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;

	for (int t = 0; list && t < ASSET_TYPE_COUNT; t++) {
		if (!lib_list_has(list, asset_type_code((enum asset_type)t)))
			continue;
		if (sb.len)
			sbuf_addstr(&sb, ", ");
		sbuf_addstr(&sb, asset_type_label((enum asset_type)t));
	}
	out = arena_strdup(&r->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

static const char *notice(struct req *r)
{
	const char *msg = req_str(r, "msg");

	if (msg && !strcmp(msg, "added"))
		return _("The entry has been added to this ISMS's library.");
	if (msg && !strcmp(msg, "saved"))
		return _("The entry has been changed.");
	if (msg && !strcmp(msg, "deleted"))
		return _("The entry has been deleted from this ISMS's library.");
	return NULL;
}

static void type_boxes(struct req *r, const char *prefix, bool keep)
{
	const char *const *sent = NULL;
	size_t nsent = 0;

	if (keep)
		sent = req_list(r, "asset_types", &nsent);
	html_printf(&r->out, "<fieldset>\n<legend>%s</legend>\n", _("Asset types it concerns"));
	for (int t = 0; t < ASSET_TYPE_COUNT; t++) {
		const char *code = asset_type_code((enum asset_type)t);
		bool on = false;

		for (size_t k = 0; k < nsent; k++)
			on = on || !strcmp(sent[k], code);
		html_printf(&r->out, "<label><input type=\"checkbox\" name=\"asset_types\" value=\"%s\" id=\"%s-%s\"%s> %s</label>\n",
			    code, prefix, code, on ? " checked" : "", asset_type_label((enum asset_type)t));
	}
	html_raw(&r->out, "</fieldset>\n");
}

static void common_fields(struct req *r, const char *prefix, bool keep)
{
#define V(f) (keep ? req_str(r, f) : NULL)
	form_text(r, arena_printf(&r->arena, "%s-code", prefix), "code",
		  _("Code (empty: the next one)"), V("code"), LIB_CODE_MAX, false);
	form_text(r, arena_printf(&r->arena, "%s-en", prefix), "name_en", _("Name in English"), V("name_en"),
		  LIB_NAME_MAX, false);
	form_text(r, arena_printf(&r->arena, "%s-ja", prefix), "name_ja", _("Name in Japanese"), V("name_ja"),
		  LIB_NAME_MAX, false);
	form_text(r, arena_printf(&r->arena, "%s-ctl", prefix), "controls",
		  arena_printf(&r->arena, _("Controls of ISO/IEC 27001:%d (IDs, separated by commas)"), r->isms.edition),
		  V("controls"), 2000, false);
	form_textarea(r, arena_printf(&r->arena, "%s-den", prefix), "desc_en", _("Description in English"),
		      V("desc_en"), LIB_DESC_MAX);
	form_textarea(r, arena_printf(&r->arena, "%s-dja", prefix), "desc_ja", _("Description in Japanese"),
		      V("desc_ja"), LIB_DESC_MAX);
#undef V
}

static const char *joined(struct req *r, const char *const *v, size_t n);

/* What an edit form shows: the entry as it is, or what was sent when its
 * change failed. */
struct edit_vals {
	const char *name_en, *name_ja, *controls, *desc_en, *desc_ja;
	const char *asset_types; /* comma-separated codes */
	const char *threats;     /* a vulnerability's */
	const char *category;    /* a threat's, its code */
	unsigned props;          /* a threat's */
};

static void sent_vals(struct req *r, struct edit_vals *v)
{
	const char *const *types;
	size_t n;

	v->name_en = req_str(r, "name_en");
	v->name_ja = req_str(r, "name_ja");
	v->controls = req_str(r, "controls");
	v->desc_en = req_str(r, "desc_en");
	v->desc_ja = req_str(r, "desc_ja");
	types = req_list(r, "asset_types", &n);
	v->asset_types = joined(r, types, n);
	v->threats = req_str(r, "threats");
	v->category = req_str(r, "category");
	v->props = (req_bool(r, "prop_c") ? SCORE_C : 0) | (req_bool(r, "prop_i") ? SCORE_I : 0) |
		   (req_bool(r, "prop_a") ? SCORE_A : 0);
}

/* The fields of an edit form with ids beginning with `id`. */
static void edit_fields(struct req *r, const char *id, const struct edit_vals *v, bool threat)
{
	struct sbuf *o = &r->out;

	form_text(r, arena_printf(&r->arena, "%s-en", id), "name_en", _("Name in English"), v->name_en,
		  LIB_NAME_MAX, false);
	form_text(r, arena_printf(&r->arena, "%s-ja", id), "name_ja", _("Name in Japanese"), v->name_ja,
		  LIB_NAME_MAX, false);
	form_text(r, arena_printf(&r->arena, "%s-ctl", id), "controls",
		  arena_printf(&r->arena, _("Controls of ISO/IEC 27001:%d (IDs, separated by commas)"), r->isms.edition),
		  v->controls, 2000, false);
	form_textarea(r, arena_printf(&r->arena, "%s-den", id), "desc_en", _("Description in English"),
		      v->desc_en, LIB_DESC_MAX);
	form_textarea(r, arena_printf(&r->arena, "%s-dja", id), "desc_ja", _("Description in Japanese"),
		      v->desc_ja, LIB_DESC_MAX);
	if (threat) {
		html_printf(o, "<p><label for=\"%s-cat\">%s</label>\n<select id=\"%s-cat\" name=\"category\">\n", id,
			    _("Category"), id);
		for (int c = 0; c < THREAT_CATEGORY_COUNT; c++)
			form_option(r, threat_category_code((enum threat_category)c),
				    threat_category_label((enum threat_category)c),
				    v->category && !strcmp(v->category, threat_category_code((enum threat_category)c)));
		html_raw(o, "</select></p>\n");
		html_printf(o, "<fieldset class=\"props\">\n<legend>%s</legend>\n", _("Properties it affects"));
		html_printf(o, "<label><input type=\"checkbox\" name=\"prop_c\" value=\"1\"%s> %s</label>\n",
			    v->props & SCORE_C ? " checked" : "", _("Confidentiality"));
		html_printf(o, "<label><input type=\"checkbox\" name=\"prop_i\" value=\"1\"%s> %s</label>\n",
			    v->props & SCORE_I ? " checked" : "", _("Integrity"));
		html_printf(o, "<label><input type=\"checkbox\" name=\"prop_a\" value=\"1\"%s> %s</label>\n",
			    v->props & SCORE_A ? " checked" : "", _("Availability"));
		html_raw(o, "</fieldset>\n");
	} else {
		form_text(r, arena_printf(&r->arena, "%s-threats", id), "threats",
			  _("Threats it lets happen (codes, separated by commas)"), v->threats, 2000, false);
	}
	html_printf(o, "<fieldset>\n<legend>%s</legend>\n", _("Asset types it concerns"));
	for (int t = 0; t < ASSET_TYPE_COUNT; t++) {
		const char *code = asset_type_code((enum asset_type)t);

		html_printf(o, "<label><input type=\"checkbox\" name=\"asset_types\" value=\"%s\" id=\"%s-%s\"%s> %s</label>\n",
			    code, id, code, lib_list_has(v->asset_types, code) ? " checked" : "",
			    asset_type_label((enum asset_type)t));
	}
	html_raw(o, "</fieldset>\n");
}

/* The form that changes an entry of the ISMS's own and the button that
 * deletes it (one POST, confirmed in the browser, as the other deletions
 * of a list), folded under the entry's code and name; open, with what was
 * sent, when its change failed (`keep`). */
static void edit_forms(struct req *r, const char *code, const char *name, bool threat,
		       const struct edit_vals *v, bool keep)
{
	struct sbuf *o = &r->out;
	/* The fields' ids are this, "-" and a word without "-": codes may
	 * hold "-", yet no two entries' ids meet, nor meet a <details>'. */
	const char *id = arena_printf(&r->arena, "%s-%s", threat ? "et" : "ev", code);
	const char *url = isms_url(r, arena_printf(&r->arena, "/library/%s/%s", threat ? "threats" : "vulns",
						   web_url_part(r, code)));

	html_printf(o, "<details id=\"%s-%s\"%s>\n<summary>%s</summary>\n", threat ? "threat" : "vuln", code,
		    keep ? " open" : "", arena_printf(&r->arena, _("%s %s: change or delete"), code, name));
	form_begin(r, url);
	edit_fields(r, id, v, threat);
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", _("Save the changes"));
	form_begin(r, arena_printf(&r->arena, "%s/delete", url));
	html_printf(o, "<p><button class=\"danger small\" data-confirm=\"%s\">%s</button></p>\n</form>\n</details>\n",
		    arena_printf(&r->arena, _("Delete %s from this ISMS's library?"), code),
		    threat ? _("Delete this threat") : _("Delete this vulnerability"));
}

static void threat_edit_forms(struct req *r, const struct library *lib, const struct lib_threat *t,
			      const struct isms_err *ferr)
{
	const char *sent = r->route->handler == page_threat_edit ? req_param(r, "threat") : NULL;
	bool keep = ferr && sent && library_find_threat(lib, sent) == t;
	struct edit_vals v = { t->name_en, t->name_ja, t->ctl[0], t->desc_en, t->desc_ja,
			       t->asset_types, NULL, threat_category_code(t->category), t->props };

	if (keep)
		sent_vals(r, &v);
	edit_forms(r, t->code, lib_threat_name(t), true, &v, keep);
}

static void vuln_edit_forms(struct req *r, const struct library *lib, const struct lib_vuln *vu,
			    const struct isms_err *ferr)
{
	const char *sent = r->route->handler == page_vuln_edit ? req_param(r, "vuln") : NULL;
	bool keep = ferr && sent && library_find_vuln(lib, sent) == vu;
	struct edit_vals v = { vu->name_en, vu->name_ja, vu->ctl[0], vu->desc_en, vu->desc_ja,
			       vu->asset_types, vu->threats, NULL, 0 };

	if (keep)
		sent_vals(r, &v);
	edit_forms(r, vu->code, lib_vuln_name(vu), false, &v, keep);
}

static void library_render(struct req *r, const struct isms_err *ferr, int status)
{
	struct sbuf *o = &r->out;
	const char *q = req_str(r, "q");
	const char **words;
	struct library lib;
	struct isms_err err;
	size_t nwords, nown = 0, nthreats_shown = 0, nvulns_shown = 0;
	bool edit = r->role >= ROLE_MANAGER;
	bool keep_t = ferr && r->route->handler == page_threat_add;
	bool keep_v = ferr && r->route->handler == page_vuln_add;

	if (library_load(r->ctx, &r->arena, r->isms.id, &lib, &err)) {
		web_fail(r, &err);
		return;
	}
	nwords = web_search_words(&r->arena, q, &words);
	page_begin(r, _("Threat and vulnerability library"));
	if (ferr)
		page_error_web(r, ferr);
	else if (notice(r))
		page_notice(r, notice(r));
	html_printf(o, "<p>%s</p>\n",
		    _("The threats and vulnerabilities that risks are made of: the built-in library, and this ISMS's own entries (marked ◆). The controls are those of this ISMS's edition."));
	html_printf(o, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\">\n", isms_url(r, "/library"));
	html_printf(o, "<p><label for=\"q\">%s</label>\n<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"200\"></p>\n",
		    _("Search the codes, names and descriptions"), q ? q : "");
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", _("Search"));

	/* how many of each match: a list that none does says so, without
	 * an empty table */
	for (size_t i = 0; i < lib.nthreats; i++)
		nthreats_shown += !nwords || web_threat_matches(lib.threats[i], words, nwords);
	for (size_t i = 0; i < lib.nvulns; i++)
		nvulns_shown += !nwords || web_vuln_matches(lib.vulns[i], words, nwords);
	if (nwords)
		html_printf(o, "<p>%s</p>\n", arena_printf(&r->arena, _n("%zu entry matches.", "%zu entries match.",
									   nthreats_shown + nvulns_shown),
								  nthreats_shown + nvulns_shown));

	html_printf(o, "<h2 id=\"threats\">%s</h2>\n", _("Threats"));
	if (!nthreats_shown)
		html_printf(o, "<p>%s</p>\n", _("No threat matches."));
	else
		html_printf(o, "<table class=\"library\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Code"), _("Name"), _("Category"), _("Properties"), _("Asset types"), _("Controls"));
	for (size_t i = 0; i < lib.nthreats; i++) {
		const struct lib_threat *t = lib.threats[i];
		char props[4];

		if (nwords && !web_threat_matches(t, words, nwords))
			continue;
		score_props_format(t->props, props);
		nown += t->own;
		if (edit && t->own)
			html_printf(o, "<tr><td><a href=\"#threat-%s\">%s</a> ◆</td>", t->code, t->code);
		else
			html_printf(o, "<tr><td>%s%s</td>", t->code, t->own ? " ◆" : "");
		html_printf(o, "<td><strong>%s</strong><br><span class=\"hint\">%s</span></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			    lib_threat_name(t), lib_threat_desc(t),
			    threat_category_label(t->category), props, types_text(r, t->asset_types),
			    lib_threat_controls(t, r->isms.edition));
	}
	if (nthreats_shown)
		html_raw(o, "</tbody>\n</table>\n");
	if (edit && nown) {
		html_printf(o, "<h3>%s</h3>\n", _("This ISMS's own threats"));
		for (size_t i = 0; i < lib.nthreats; i++)
			if (lib.threats[i]->own && (!nwords || web_threat_matches(lib.threats[i], words, nwords)))
				threat_edit_forms(r, &lib, lib.threats[i], ferr);
	}
	nown = 0;
	html_printf(o, "<h2 id=\"vulns\">%s</h2>\n", _("Vulnerabilities"));
	if (!nvulns_shown)
		html_printf(o, "<p>%s</p>\n", _("No vulnerability matches."));
	else
		html_printf(o, "<table class=\"library\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Code"), _("Name"), _("Asset types"), _("Threats"), _("Controls"));
	for (size_t i = 0; i < lib.nvulns; i++) {
		const struct lib_vuln *v = lib.vulns[i];

		if (nwords && !web_vuln_matches(v, words, nwords))
			continue;
		nown += v->own;
		if (edit && v->own)
			html_printf(o, "<tr><td><a href=\"#vuln-%s\">%s</a> ◆</td>", v->code, v->code);
		else
			html_printf(o, "<tr><td>%s%s</td>", v->code, v->own ? " ◆" : "");
		html_printf(o, "<td><strong>%s</strong><br><span class=\"hint\">%s</span></td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			    lib_vuln_name(v), lib_vuln_desc(v), types_text(r, v->asset_types),
			    v->threats, lib_vuln_controls(v, r->isms.edition));
	}
	if (nvulns_shown)
		html_raw(o, "</tbody>\n</table>\n");
	if (edit && nown) {
		html_printf(o, "<h3>%s</h3>\n", _("This ISMS's own vulnerabilities"));
		for (size_t i = 0; i < lib.nvulns; i++)
			if (lib.vulns[i]->own && (!nwords || web_vuln_matches(lib.vulns[i], words, nwords)))
				vuln_edit_forms(r, &lib, lib.vulns[i], ferr);
	}

	if (edit) {
		html_printf(o, "<details%s>\n<summary>%s</summary>\n", keep_t ? " open" : "", _("Add a threat of this ISMS"));
		form_begin(r, isms_url(r, "/library/threats"));
		common_fields(r, "t", keep_t);
		html_printf(o, "<p><label for=\"t-cat\">%s</label>\n<select id=\"t-cat\" name=\"category\">\n", _("Category"));
		for (int c = 0; c < THREAT_CATEGORY_COUNT; c++)
			form_option(r, threat_category_code((enum threat_category)c),
				    threat_category_label((enum threat_category)c),
				    keep_t && req_str(r, "category") && !strcmp(req_str(r, "category"), threat_category_code((enum threat_category)c)));
		html_raw(o, "</select></p>\n");
		html_printf(o, "<fieldset class=\"props\">\n<legend>%s</legend>\n", _("Properties it affects"));
		html_printf(o, "<label><input type=\"checkbox\" name=\"prop_c\" value=\"1\"%s> %s</label>\n",
			    keep_t && req_bool(r, "prop_c") ? " checked" : "", _("Confidentiality"));
		html_printf(o, "<label><input type=\"checkbox\" name=\"prop_i\" value=\"1\"%s> %s</label>\n",
			    keep_t && req_bool(r, "prop_i") ? " checked" : "", _("Integrity"));
		html_printf(o, "<label><input type=\"checkbox\" name=\"prop_a\" value=\"1\"%s> %s</label>\n",
			    keep_t && req_bool(r, "prop_a") ? " checked" : "", _("Availability"));
		html_raw(o, "</fieldset>\n");
		type_boxes(r, "t", keep_t);
		html_printf(o, "<p><button>%s</button></p>\n</form>\n</details>\n", _("Add the threat"));

		html_printf(o, "<details%s>\n<summary>%s</summary>\n", keep_v ? " open" : "",
			    _("Add a vulnerability of this ISMS"));
		form_begin(r, isms_url(r, "/library/vulns"));
		common_fields(r, "v", keep_v);
		form_text(r, "v-threats", "threats", _("Threats it lets happen (codes, separated by commas)"),
			  keep_v ? req_str(r, "threats") : NULL, 2000, false);
		type_boxes(r, "v", keep_v);
		html_printf(o, "<p><button>%s</button></p>\n</form>\n</details>\n", _("Add the vulnerability"));
	}
	page_end(r, status);
}

void page_library(struct req *r)
{
	library_render(r, NULL, 200);
}

/* A comma-separated list from a FIELD_REPEAT field or a text of codes. */
static const char *joined(struct req *r, const char *const *v, size_t n)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;

	for (size_t k = 0; k < n; k++) {
		if (!v[k] || !*v[k])
			continue;
		if (sb.len)
			sbuf_addch(&sb, ',');
		sbuf_addstr(&sb, v[k]);
	}
	out = arena_strdup(&r->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

static const char *codes_text(struct req *r, const char *name)
{
	size_t n;
	const char **v = web_split_codes(r, req_str(r, name), LIB_LIST_MAX, &n);

	return joined(r, v, n);
}

void web_threat_from(struct req *r, struct lib_threat *t)
{
	const char *const *types;
	size_t n;

	memset(t, 0, sizeof(*t));
	t->code = req_str(r, "code");
	t->name_en = req_str(r, "name_en");
	t->name_ja = req_str(r, "name_ja");
	if (!req_str(r, "category") || !threat_category_parse(req_str(r, "category"), &t->category))
		t->category = THREAT_DELIBERATE;
	if (req_str(r, "props"))
		score_props_parse(req_str(r, "props"), &t->props);
	else
		t->props = (req_bool(r, "prop_c") ? SCORE_C : 0) | (req_bool(r, "prop_i") ? SCORE_I : 0) |
			   (req_bool(r, "prop_a") ? SCORE_A : 0);
	types = req_list(r, "asset_types", &n);
	t->asset_types = joined(r, types, n);
	t->ctl[0] = codes_text(r, "controls");
	t->desc_en = req_str(r, "desc_en");
	t->desc_ja = req_str(r, "desc_ja");
}

void web_vuln_from(struct req *r, struct lib_vuln *v)
{
	const char *const *types;
	size_t n;

	memset(v, 0, sizeof(*v));
	v->code = req_str(r, "code");
	v->name_en = req_str(r, "name_en");
	v->name_ja = req_str(r, "name_ja");
	types = req_list(r, "asset_types", &n);
	v->asset_types = joined(r, types, n);
	v->threats = codes_text(r, "threats");
	v->ctl[0] = codes_text(r, "controls");
	v->desc_en = req_str(r, "desc_en");
	v->desc_ja = req_str(r, "desc_ja");
}

void page_threat_add(struct req *r)
{
	char code[LIB_CODE_MAX + 1];
	struct lib_threat t;
	struct isms_err err;

	web_threat_from(r, &t);
	if (threat_add(r->ctx, r->isms.id, &t, code, &err)) {
		library_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, arena_printf(&r->arena, "%s?q=%s&msg=added", isms_url(r, "/library"), web_url_part(r, code)));
}

void page_vuln_add(struct req *r)
{
	char code[LIB_CODE_MAX + 1];
	struct lib_vuln v;
	struct isms_err err;

	web_vuln_from(r, &v);
	if (vuln_add(r->ctx, r->isms.id, &v, code, &err)) {
		library_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, arena_printf(&r->arena, "%s?q=%s&msg=added", isms_url(r, "/library"), web_url_part(r, code)));
}

void web_threat_edit_from(struct req *r, bool form, struct threat_edit *e)
{
	const char *cat = req_str(r, "category");
	enum threat_category c;
	unsigned props = 0;

	*e = (struct threat_edit)THREAT_EDIT_INIT;
#define TEXT(f) (req_present(r, f) ? (req_str(r, f) ? req_str(r, f) : "") : NULL)
	e->name_en = TEXT("name_en");
	e->name_ja = TEXT("name_ja");
	e->desc_en = TEXT("desc_en");
	e->desc_ja = TEXT("desc_ja");
#undef TEXT
	if (req_present(r, "controls"))
		e->controls = codes_text(r, "controls");
	if (form || req_present(r, "asset_types")) {
		size_t n;
		const char *const *types = req_list(r, "asset_types", &n);

		e->asset_types = joined(r, types, n);
	}
	if (cat && threat_category_parse(cat, &c))
		e->category = (int)c;
	if (req_str(r, "props")) {
		if (!score_props_parse(req_str(r, "props"), &props))
			props = 0;
		e->props = (int)props;
	} else if (form || req_present(r, "prop_c") || req_present(r, "prop_i") || req_present(r, "prop_a")) {
		e->props = (req_bool(r, "prop_c") ? SCORE_C : 0) | (req_bool(r, "prop_i") ? SCORE_I : 0) |
			   (req_bool(r, "prop_a") ? SCORE_A : 0);
	}
}

void web_vuln_edit_from(struct req *r, bool form, struct vuln_edit *e)
{
	*e = (struct vuln_edit)VULN_EDIT_INIT;
#define TEXT(f) (req_present(r, f) ? (req_str(r, f) ? req_str(r, f) : "") : NULL)
	e->name_en = TEXT("name_en");
	e->name_ja = TEXT("name_ja");
	e->desc_en = TEXT("desc_en");
	e->desc_ja = TEXT("desc_ja");
#undef TEXT
	if (req_present(r, "controls"))
		e->controls = codes_text(r, "controls");
	if (req_present(r, "threats"))
		e->threats = codes_text(r, "threats");
	if (form || req_present(r, "asset_types")) {
		size_t n;
		const char *const *types = req_list(r, "asset_types", &n);

		e->asset_types = joined(r, types, n);
	}
}

/* After a failed change or deletion: the library page with the error, or
 * the error page when there is no such entry. */
static void library_failed(struct req *r, const struct isms_err *err)
{
	if (err->code == ISMS_ENOTFOUND)
		web_fail(r, err);
	else
		library_render(r, err, web_status(err->code));
}

void page_threat_edit(struct req *r)
{
	const char *code = req_param(r, "threat");
	struct threat_edit e;
	struct isms_err err;

	web_threat_edit_from(r, true, &e);
	if (threat_edit(r->ctx, r->isms.id, code, &e, &err)) {
		library_failed(r, &err);
		return;
	}
	web_redirect(r, arena_printf(&r->arena, "%s?q=%s&msg=saved", isms_url(r, "/library"), web_url_part(r, code)));
}

void page_vuln_edit(struct req *r)
{
	const char *code = req_param(r, "vuln");
	struct vuln_edit e;
	struct isms_err err;

	web_vuln_edit_from(r, true, &e);
	if (vuln_edit(r->ctx, r->isms.id, code, &e, &err)) {
		library_failed(r, &err);
		return;
	}
	web_redirect(r, arena_printf(&r->arena, "%s?q=%s&msg=saved", isms_url(r, "/library"), web_url_part(r, code)));
}

void page_threat_delete(struct req *r)
{
	struct isms_err err;

	if (threat_rm(r->ctx, r->isms.id, req_param(r, "threat"), &err)) {
		library_failed(r, &err);
		return;
	}
	web_redirect(r, isms_url(r, "/library?msg=deleted"));
}

void page_vuln_delete(struct req *r)
{
	struct isms_err err;

	if (vuln_rm(r->ctx, r->isms.id, req_param(r, "vuln"), &err)) {
		library_failed(r, &err);
		return;
	}
	web_redirect(r, isms_url(r, "/library?msg=deleted"));
}
