/* api-catalog.c - the JSON API of the control catalogues and the mapping between editions. */
#include <stdio.h>
#include <string.h>

#include "isms/catalog.h"
#include "isms/json.h"
#include "isms/mapping.h"
#include "web.h"

static json_t *item_json(const struct catalog_item *it)
{
	json_t *o = json_object();

	json_set_str(o, "id", it->id);
	json_set_str(o, "label", catalog_item_label(it));
	json_set_str(o, "kind", catalog_kind_code(it->kind));
	json_set_str(o, "parent", *it->parent ? it->parent : NULL);
	json_set_str(o, "title", catalog_item_title(it));
	json_set_str(o, "title_en", it->title_en);
	json_set_str(o, "title_ja", it->title_ja);
	json_set_str(o, "description", catalog_item_desc(it));
	json_set_bool(o, "withdrawn", it->status == CAT_WITHDRAWN);
	return o;
}

void api_catalogs(struct req *r)
{
	struct catalog_info *rows;
	struct isms_err err;
	json_t *o, *a;
	size_t n;

	if (catalog_list(r->ctx, r->isms.id, &r->arena, &rows, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct catalog_info *c = &rows[i];
		json_t *j = json_object(), *counts = json_object();

		json_set_str(j, "ident", c->ident);
		json_set_str(j, "version", c->version);
		json_set_str(j, "title", i18n_pick(c->title_en, c->title_ja));
		if (c->edition)
			json_set_int(j, "edition", c->edition);
		else
			json_object_set_new(j, "edition", json_null());
		json_set_str(j, "source", c->source);
		json_set_bool(j, "builtin", c->db_id == 0);
		for (int k = 0; k < CAT_NKINDS; k++)
			if (c->counts[k])
				json_set_int(counts, catalog_kind_code((enum catalog_kind)k), (long long)c->counts[k]);
		json_object_set_new(j, "counts", counts);
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "catalogs", a);
	web_json(r, 200, o);
}

void api_catalog(struct req *r)
{
	struct catalog *c = web_catalog_open(r);
	const char **words;
	size_t nwords;
	json_t *o, *a;

	if (!c)
		return;
	nwords = web_search_words(&r->arena, req_str(r, "q"), &words);
	o = json_object();
	a = json_array();
	json_set_str(o, "ident", c->ident);
	json_set_str(o, "version", c->version);
	json_set_str(o, "title", web_catalog_title(c));
	for (size_t i = 0; i < c->nitems; i++) {
		const struct catalog_item *it = &c->items[i];
		json_t *j;

		if (nwords && !catalog_item_matches(it, words, nwords))
			continue;
		j = item_json(it);
		json_set_int(j, "depth", catalog_item_depth(c, it));
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "items", a);
	catalog_free(c);
	web_json(r, 200, o);
}

static json_t *link_json(const struct map_link *l, int from, int to)
{
	json_t *j = json_object();

	json_set_int(j, "from_edition", from);
	json_set_str(j, "from", *l->from ? l->from : NULL);
	json_set_int(j, "to_edition", to);
	json_set_str(j, "to", *l->to ? l->to : NULL);
	json_set_str(j, "kind", map_kind_code(l->kind));
	json_set_str(j, "via", *l->via ? l->via : NULL);
	json_set_str(j, "note", *l->note ? l->note : NULL);
	return j;
}

void api_catalog_item(struct req *r)
{
	static const int editions[] = { 2005, 2013, 2022 };
	struct catalog *c = web_catalog_open(r);
	const struct catalog_item *it;
	struct isms_err err;
	json_t *o, *kids, *links;

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
	o = item_json(it);
	json_set_str(o, "statement", it->statement);
	json_set_str(o, "guidance", it->guidance);
	kids = json_array();
	for (size_t i = 0; i < c->nitems; i++)
		if (!strcmp(c->items[i].parent, it->id))
			json_array_append_new(kids, json_string(c->items[i].id));
	json_object_set_new(o, "children", kids);
	links = json_array();
	for (size_t e = 0; c->edition && e < sizeof(editions) / sizeof(editions[0]); e++) {
		const struct mapping *m = mapping_builtin(c->edition, editions[e]);
		const struct map_link *found[64];
		size_t n;

		if (!m)
			continue;
		n = mapping_lookup(m, it->id, found, sizeof(found) / sizeof(found[0]));
		for (size_t k = 0; k < n && k < sizeof(found) / sizeof(found[0]); k++)
			json_array_append_new(links, link_json(found[k], c->edition, editions[e]));
	}
	json_object_set_new(o, "counterparts", links);
	catalog_free(c);
	web_json(r, 200, o);
}

void api_mapping(struct req *r)
{
	const char *control = req_str(r, "control");
	const struct mapping *m;
	struct isms_err err;
	json_t *o, *a;
	int from, to;

	if (!web_mapping_editions(r, &from, &to, &err)) {
		web_fail(r, &err);
		return;
	}
	m = mapping_builtin(from, to);
	o = json_object();
	a = json_array();
	json_set_int(o, "from", from);
	json_set_int(o, "to", to);
	for (size_t i = 0; m && i < m->nlinks; i++) {
		const struct map_link *l = &m->links[i];

		if (control && strcmp(l->from, control) && strcmp(l->to, control))
			continue;
		json_array_append_new(a, link_json(l, from, to));
	}
	json_object_set_new(o, "links", a);
	web_json(r, 200, o);
}
