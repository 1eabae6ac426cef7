/* page-catalog.c - the control catalogues: the list, a catalogue's tree by clause or theme with search, one control with its counterparts in the other editions, and the mapping between editions. */
#include <stdio.h>
#include <string.h>

#include "isms/catalog.h"
#include "isms/html.h"
#include "isms/library.h"
#include "isms/mapping.h"
#include "web.h"

static const int editions[] = { 2005, 2013, 2022 };

const char *web_catalog_title(const struct catalog *c)
{
	return i18n_pick(c->title_en, c->title_ja);
}

size_t web_search_words(struct arena *a, const char *q, const char ***ret)
{
	const char **words = NULL;
	size_t n = 0, alloc = 0;
	const char *p = q;

	*ret = NULL;
	if (!q)
		return 0;
	/* Words are separated by ASCII spaces and ideographic spaces (U+3000);
	 * Japanese needs none: every word is matched as a substring. */
	while (*p) {
		size_t len = 0;

		while (*p == ' ' || *p == '\t' || !strncmp(p, "\xe3\x80\x80", 3))
			p += *p == ' ' || *p == '\t' ? 1 : 3;
		while (p[len] && p[len] != ' ' && p[len] != '\t' && strncmp(p + len, "\xe3\x80\x80", 3))
			len++;
		if (!len)
			break;
		if (n == alloc) {
			const char **w = arena_alloc(a, (alloc ? alloc * 2 : 4) * sizeof(*w));

			if (n)
				memcpy(w, words, n * sizeof(*w));
			words = w;
			alloc = alloc ? alloc * 2 : 4;
		}
		words[n++] = arena_strndup(a, p, len);
		p += len;
	}
	*ret = words;
	return n;
}

/* The catalogue of the path, or an answer (404) and NULL. */
struct catalog *web_catalog_open(struct req *r)
{
	struct catalog *c = NULL;
	struct isms_err err;

	if (catalog_open(r->ctx, r->isms.id, req_param(r, "catalog"), req_str(r, "version"), &c, &err)) {
		if (err.code == ISMS_EINVAL)
			err.code = ISMS_ENOTFOUND;
		web_fail(r, &err);
		return NULL;
	}
	return c;
}

/* The path of a catalogue, without the version. */
static const char *catalog_path(struct req *r, const struct catalog *c)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;

	sbuf_addstr(&sb, isms_url(r, "/catalogs/"));
	html_url_escape(&sb, c->edition ? arena_printf(&r->arena, "%d", c->edition) : c->ident);
	out = arena_strdup(&r->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

/* The URL of a catalogue, or of one of its items, for links. */
static const char *catalog_url(struct req *r, const struct catalog *c, const char *item)
{
	struct sbuf sb = SBUF_INIT;
	const char *out;

	sbuf_addstr(&sb, isms_url(r, "/catalogs/"));
	html_url_escape(&sb, c->edition ? arena_printf(&r->arena, "%d", c->edition) : c->ident);
	if (item) {
		sbuf_addstr(&sb, "/items/");
		html_url_escape(&sb, item);
	}
	if (!c->edition && c->version && *c->version) {
		sbuf_addstr(&sb, "?version=");
		html_url_escape(&sb, c->version);
	}
	out = arena_strdup(&r->arena, sb.buf);
	sbuf_release(&sb);
	return out;
}

static void counts_text(struct req *r, const size_t counts[CAT_NKINDS])
{
	bool first = true;

	for (int k = 0; k < CAT_NKINDS; k++) {
		if (!counts[k])
			continue;
		html_printf(&r->out, "%s%s: %zu", first ? "" : ", ", catalog_kind_label((enum catalog_kind)k),
			    counts[k]);
		first = false;
	}
}

void page_catalogs(struct req *r)
{
	struct sbuf *o = &r->out;
	struct catalog_info *rows;
	struct isms_err err;
	size_t n;

	if (catalog_list(r->ctx, r->isms.id, &r->arena, &rows, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	page_begin(r, _("Control catalogues"));
	html_printf(o, "<p>%s</p>\n",
		    arena_printf(&r->arena, _("Annex A of ISO/IEC 27001 in its three editions, and the catalogues imported into this ISMS. This ISMS uses the %d edition."),
				 r->isms.edition));
	html_printf(o, "<table class=\"catalogs\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("Catalogue"), _("Version"), _("Title"), _("Contents"), _("Source"));
	for (size_t i = 0; i < n; i++) {
		const struct catalog_info *c = &rows[i];
		struct sbuf url = SBUF_INIT;

		sbuf_addstr(&url, isms_url(r, "/catalogs/"));
		html_url_escape(&url, c->edition ? arena_printf(&r->arena, "%d", c->edition) : c->ident);
		if (!c->edition) {
			sbuf_addstr(&url, "?version=");
			html_url_escape(&url, c->version);
		}
		html_printf(o, "<tr><td><a href=\"%s\">%s</a>%s</td><td>%s</td><td>%s</td><td>", url.buf,
			    c->ident, c->edition == r->isms.edition ? " ★" : "", c->version,
			    i18n_pick(c->title_en, c->title_ja));
		sbuf_release(&url);
		counts_text(r, c->counts);
		html_printf(o, "</td><td>%s</td></tr>\n",
			    c->db_id ? arena_printf(&r->arena, _("imported %s by %s"), c->imported_at, c->imported_by)
				     : _("built in"));
	}
	html_raw(o, "</tbody>\n</table>\n");
	html_printf(o, "<p>★ %s</p>\n", _("the edition of this ISMS"));
	html_printf(o, "<h2>%s</h2>\n<p><a href=\"%s\">%s</a></p>\n", _("Between the editions"),
		    isms_url(r, "/mapping"), _("How the controls of one edition map onto another"));
	page_end(r, 200);
}

/* One row of the tree. */
static void item_row(struct req *r, const struct catalog *c, const struct catalog_item *it, int depth)
{
	html_printf(&r->out, "<tr class=\"k-%s d%d\"><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td></tr>\n",
		    catalog_kind_code(it->kind), depth > 3 ? 3 : depth, catalog_url(r, c, it->id),
		    catalog_item_label(it), catalog_item_title(it),
		    it->status == CAT_WITHDRAWN ? _("withdrawn") : catalog_kind_label(it->kind));
}

void page_catalog(struct req *r)
{
	struct sbuf *o = &r->out;
	struct catalog *c = web_catalog_open(r);
	const char *q = req_str(r, "q");
	const char **words;
	size_t nwords, shown = 0;

	if (!c)
		return;
	nwords = web_search_words(&r->arena, q, &words);
	page_begin(r, web_catalog_title(c));
	html_printf(o, "<p class=\"lead\">%s %s</p>\n", c->ident, c->version);
	html_printf(o, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\">\n",
		    catalog_path(r, c));
	if (!c->edition && c->version)
		html_printf(o, "<input type=\"hidden\" name=\"version\" value=\"%s\">\n", c->version);
	html_printf(o, "<p><label for=\"q\">%s</label>\n<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"200\"></p>\n",
		    _("Search the IDs, titles and descriptions (Japanese or English)"), q ? q : "");
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", _("Search"));
	html_printf(o, "<table class=\"tree\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    _("ID"), _("Title"), _("Kind"));
	for (size_t i = 0; i < c->nitems; i++) {
		const struct catalog_item *it = &c->items[i];

		if (nwords && !catalog_item_matches(it, words, nwords))
			continue;
		item_row(r, c, it, nwords ? 0 : catalog_item_depth(c, it));
		shown++;
	}
	html_raw(o, "</tbody>\n</table>\n");
	if (nwords)
		html_printf(o, "<p>%s</p>\n",
			    arena_printf(&r->arena, _n("%zu item matches.", "%zu items match.", shown), shown));
	catalog_free(c);
	page_end(r, 200);
}

/* The links of `id` (of edition `from`) in every other edition. */
static void counterparts(struct req *r, const struct catalog *c, const char *id)
{
	struct sbuf *o = &r->out;
	bool any = false;

	for (size_t e = 0; e < sizeof(editions) / sizeof(editions[0]); e++) {
		const struct mapping *m = mapping_builtin(c->edition, editions[e]);
		const struct catalog *other = catalog_builtin(editions[e]);
		const struct map_link *links[64];
		size_t n;

		if (!m || !other)
			continue;
		n = mapping_lookup(m, id, links, sizeof(links) / sizeof(links[0]));
		if (!n)
			continue;
		if (!any)
			html_printf(o, "<table class=\"mapping\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
				    _("Edition"), _("Control"), _("Title"), _("Link"), _("Via 2013"));
		any = true;
		for (size_t k = 0; k < n && k < sizeof(links) / sizeof(links[0]); k++) {
			const struct map_link *l = links[k];
			const struct catalog_item *to = *l->to ? catalog_find(other, l->to) : NULL;

			html_printf(o, "<tr><td>ISO/IEC 27001:%d</td><td>", editions[e]);
			if (to)
				html_printf(o, "<a href=\"%s\">%s</a>", catalog_url(r, other, l->to), l->to);
			else
				html_raw(o, "-");
			html_printf(o, "</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
				    to ? catalog_item_title(to) : "", map_kind_label(l->kind), l->via);
		}
	}
	if (any)
		html_raw(o, "</tbody>\n</table>\n");
	else
		html_printf(o, "<p>%s</p>\n", _("No counterparts are recorded for this item."));
}

/* Threats and vulnerabilities of the library whose controls include `id`. */
static void library_links(struct req *r, int edition, const char *id)
{
	struct sbuf *o = &r->out;
	struct library lib;
	struct isms_err err;
	bool any = false;

	if (library_load(r->ctx, &r->arena, r->isms.id, &lib, &err))
		return;
	for (size_t i = 0; i < lib.nthreats; i++) {
		const struct lib_threat *t = lib.threats[i];

		if (!lib_list_has(lib_threat_controls(t, edition), id))
			continue;
		if (!any)
			html_printf(o, "<h2>%s</h2>\n<ul>\n", _("Threats and vulnerabilities it addresses"));
		any = true;
		html_printf(o, "<li>%s %s %s</li>\n", _("Threat"), t->code, lib_threat_name(t));
	}
	for (size_t i = 0; i < lib.nvulns; i++) {
		const struct lib_vuln *v = lib.vulns[i];

		if (!lib_list_has(lib_vuln_controls(v, edition), id))
			continue;
		if (!any)
			html_printf(o, "<h2>%s</h2>\n<ul>\n", _("Threats and vulnerabilities it addresses"));
		any = true;
		html_printf(o, "<li>%s %s %s</li>\n", _("Vulnerability"), v->code, lib_vuln_name(v));
	}
	if (any)
		html_raw(o, "</ul>\n");
}

void page_catalog_item(struct req *r)
{
	struct sbuf *o = &r->out;
	struct catalog *c = web_catalog_open(r);
	const struct catalog_item *it, *parent;
	struct isms_err err;
	bool children = false;

	if (!c)
		return;
	it = catalog_find(c, req_param(r, "item"));
	if (!it) {
		isms_err_set(&err, ISMS_ENOTFOUND, _("no item \"%s\" in the catalogue %s"), req_param(r, "item"),
			     c->ident);
		catalog_free(c);
		web_fail(r, &err);
		return;
	}
	parent = *it->parent ? catalog_find(c, it->parent) : NULL;
	page_begin(r, arena_printf(&r->arena, "%s %s", catalog_item_label(it), catalog_item_title(it)));
	html_printf(o, "<p class=\"lead\"><a href=\"%s\">%s</a>", catalog_url(r, c, NULL), web_catalog_title(c));
	if (parent)
		html_printf(o, " &rsaquo; <a href=\"%s\">%s %s</a>", catalog_url(r, c, parent->id),
			    catalog_item_label(parent), catalog_item_title(parent));
	html_raw(o, "</p>\n<dl class=\"kv\">\n");
	html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Kind"), catalog_kind_label(it->kind));
	if (it->status == CAT_WITHDRAWN)
		html_printf(o, "<dt>%s</dt><dd>%s %s</dd>\n", _("Status"), _("withdrawn"), it->moved_to);
	if (*it->ja_status)
		html_printf(o, "<dt>%s</dt><dd>%s</dd>\n", _("Japanese title"), catalog_ja_status_label(it->ja_status));
	html_raw(o, "</dl>\n");
	if (*catalog_item_desc(it))
		html_printf(o, "<p class=\"desc\">%s</p>\n", catalog_item_desc(it));
	if (*it->statement)
		html_printf(o, "<h2>%s</h2>\n<p class=\"pre\">%s</p>\n", _("Statement"), it->statement);
	if (*it->guidance)
		html_printf(o, "<h2>%s</h2>\n<p class=\"pre\">%s</p>\n", _("Guidance"), it->guidance);
	for (size_t i = 0; i < c->nitems; i++) {
		const struct catalog_item *ch = &c->items[i];

		if (strcmp(ch->parent, it->id))
			continue;
		if (!children)
			html_printf(o, "<h2>%s</h2>\n<ul>\n", _("Contents"));
		children = true;
		html_printf(o, "<li><a href=\"%s\">%s</a> %s</li>\n", catalog_url(r, c, ch->id),
			    catalog_item_label(ch), catalog_item_title(ch));
	}
	if (children)
		html_raw(o, "</ul>\n");
	if (c->edition && it->kind == CAT_CONTROL) {
		html_printf(o, "<h2>%s</h2>\n", _("In the other editions"));
		counterparts(r, c, it->id);
		library_links(r, c->edition, it->id);
	}
	catalog_free(c);
	page_end(r, 200);
}

/* --- the mapping between editions ------------------------------------------------------------- */

bool web_mapping_editions(struct req *r, int *ret_from, int *ret_to, struct isms_err *err)
{
	int from = (int)req_int(r, "from", r->isms.edition == 2005 ? 2005 : 2013);
	int to = (int)req_int(r, "to", r->isms.edition == 2005 ? 2013 : 2022);

	if (!catalog_builtin(from) || !catalog_builtin(to)) {
		isms_err_set(err, ISMS_EINVAL, _("unknown edition %d"), catalog_builtin(from) ? to : from);
		isms_err_hint(err, _("The editions are 2005, 2013 and 2022."));
		isms_err_field(err, catalog_builtin(from) ? "to" : "from");
		return false;
	}
	if (from == to) {
		isms_err_set(err, ISMS_EINVAL, _("choose two different editions"));
		isms_err_field(err, "to");
		return false;
	}
	*ret_from = from;
	*ret_to = to;
	return true;
}

void page_mapping(struct req *r)
{
	struct sbuf *o = &r->out;
	const char *control = req_str(r, "control");
	const struct catalog *cf, *ct;
	const struct mapping *m;
	struct isms_err err;
	int from, to;
	bool ok = web_mapping_editions(r, &from, &to, &err);
	size_t shown = 0;

	page_begin(r, _("Mapping between the editions of Annex A"));
	html_printf(o, "<form method=\"get\" action=\"%s\" class=\"filters\">\n", isms_url(r, "/mapping"));
	html_printf(o, "<p><label for=\"from\">%s</label>\n<select id=\"from\" name=\"from\">\n", _("From"));
	form_edition_options(r, req_int(r, "from", ok ? from : 2013));
	html_printf(o, "</select></p>\n<p><label for=\"to\">%s</label>\n<select id=\"to\" name=\"to\">\n", _("To"));
	form_edition_options(r, req_int(r, "to", ok ? to : 2022));
	html_raw(o, "</select></p>\n");
	html_printf(o, "<p><label for=\"control\">%s</label>\n<input id=\"control\" name=\"control\" value=\"%s\" maxlength=\"100\"></p>\n",
		    _("One control (optional)"), control ? control : "");
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", _("Show"));
	if (!ok) {
		page_error_web(r, &err);
		page_end(r, 422);
		return;
	}
	m = mapping_builtin(from, to);
	cf = catalog_builtin(from);
	ct = catalog_builtin(to);
	html_printf(o, "<table class=\"mapping\">\n<thead><tr><th>ISO/IEC 27001:%d</th><th>%s</th><th>ISO/IEC 27001:%d</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		    from, _("Title"), to, _("Title"), _("Link"), _("Via 2013"));
	for (size_t i = 0; m && i < m->nlinks; i++) {
		const struct map_link *l = &m->links[i];
		const struct catalog_item *a = *l->from ? catalog_find(cf, l->from) : NULL;
		const struct catalog_item *b = *l->to ? catalog_find(ct, l->to) : NULL;

		if (control && strcmp(l->from, control) && strcmp(l->to, control))
			continue;
		shown++;
		html_raw(o, "<tr><td>");
		if (a)
			html_printf(o, "<a href=\"%s\">%s</a>", catalog_url(r, cf, l->from), l->from);
		html_printf(o, "</td><td>%s</td><td>", a ? catalog_item_title(a) : "");
		if (b)
			html_printf(o, "<a href=\"%s\">%s</a>", catalog_url(r, ct, l->to), l->to);
		html_printf(o, "</td><td>%s</td><td class=\"map-%s\">%s</td><td>%s</td></tr>\n",
			    b ? catalog_item_title(b) : "", map_kind_code(l->kind), map_kind_label(l->kind), l->via);
	}
	html_raw(o, "</tbody>\n</table>\n");
	html_printf(o, "<p>%s</p>\n", arena_printf(&r->arena, _n("%zu link.", "%zu links.", shown), shown));
	page_end(r, 200);
}
