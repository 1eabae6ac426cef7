/* page-library.c - the threat and vulnerability library (step 4): the built-in entries and the ISMS's own, with search, and forms to add the ISMS's own. */
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

static void library_render(struct req *r, const struct isms_err *ferr, int status)
{
	struct sbuf *o = &r->out;
	const char *q = req_str(r, "q");
	const char **words;
	struct library lib;
	struct isms_err err;
	size_t nwords, shown = 0;
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

	html_printf(o, "<h2 id=\"threats\">%s</h2>\n", _("Threats"));
	html_printf(o, "<table class=\"library\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Code"), _("Name"), _("Category"), _("Properties"), _("Asset types"), _("Controls"));
	for (size_t i = 0; i < lib.nthreats; i++) {
		const struct lib_threat *t = lib.threats[i];
		char props[4];

		if (nwords && !web_threat_matches(t, words, nwords))
			continue;
		shown++;
		score_props_format(t->props, props);
		html_printf(o, "<tr><td>%s%s</td><td><strong>%s</strong><br><span class=\"hint\">%s</span></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			    t->code, t->own ? " ◆" : "", lib_threat_name(t), lib_threat_desc(t),
			    threat_category_label(t->category), props, types_text(r, t->asset_types),
			    lib_threat_controls(t, r->isms.edition));
	}
	html_raw(o, "</tbody>\n</table>\n");
	html_printf(o, "<h2 id=\"vulns\">%s</h2>\n", _("Vulnerabilities"));
	html_printf(o, "<table class=\"library\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Code"), _("Name"), _("Asset types"), _("Threats"), _("Controls"));
	for (size_t i = 0; i < lib.nvulns; i++) {
		const struct lib_vuln *v = lib.vulns[i];

		if (nwords && !web_vuln_matches(v, words, nwords))
			continue;
		shown++;
		html_printf(o, "<tr><td>%s%s</td><td><strong>%s</strong><br><span class=\"hint\">%s</span></td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			    v->code, v->own ? " ◆" : "", lib_vuln_name(v), lib_vuln_desc(v), types_text(r, v->asset_types),
			    v->threats, lib_vuln_controls(v, r->isms.edition));
	}
	html_raw(o, "</tbody>\n</table>\n");
	if (nwords)
		html_printf(o, "<p>%s</p>\n", arena_printf(&r->arena, _n("%zu entry matches.", "%zu entries match.", shown), shown));

	if (r->role >= ROLE_MANAGER) {
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
