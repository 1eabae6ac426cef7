/* builtin.c - the Annex A catalogues embedded in the binary, parsed once on first use. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/catalog.h"
#include "isms/i18n.h"
#include "isms/resource.h"
#include "isms/xalloc.h"

static const char *const catalog_columns[] = {
	"kind", "id", "parent", "title_en", "title_ja", "ja_status", "desc_en", "desc_ja", NULL,
};

static const char *const kind_codes[] = {
	[CAT_CLAUSE] = "clause", [CAT_THEME] = "theme", [CAT_OBJECTIVE] = "objective",
	[CAT_GROUP] = "group", [CAT_CONTROL] = "control", [CAT_ENHANCEMENT] = "enhancement",
};

const char *catalog_kind_code(enum catalog_kind kind)
{
	return kind_codes[kind];
}

int catalog_kind_parse(const char *s, enum catalog_kind *ret)
{
	for (size_t i = 0; i < sizeof(kind_codes) / sizeof(kind_codes[0]); i++) {
		if (!strcmp(s, kind_codes[i])) {
			*ret = (enum catalog_kind)i;
			return 1;
		}
	}
	return 0;
}

const char *catalog_kind_label(enum catalog_kind kind)
{
	static const char *const labels[] = {
		[CAT_CLAUSE] = N_("clause"), [CAT_THEME] = N_("theme"),
		[CAT_OBJECTIVE] = N_("control objective"), [CAT_GROUP] = N_("group"),
		[CAT_CONTROL] = N_("control"), [CAT_ENHANCEMENT] = N_("enhancement"),
	};

	return T_(labels[kind]);
}

/* Built once, never changed afterwards: safe to share between threads. */
static struct catalog builtins[3];
static pthread_once_t builtins_once = PTHREAD_ONCE_INIT;

static void load(struct catalog *c, const char *name, int edition)
{
	const struct resource *r = resource_find(name);
	struct isms_err err;

	/* The embedded files are checked by the tests; a failure here is a
	 * broken build, not bad input. */
	if (!r || tsv_parse((const char *)r->data, r->len, catalog_columns, &c->tsv, &err)) {
		fprintf(stderr, "isms: built-in catalogue %s is broken: %s (line %ld)\n", name,
			r ? err.msg : "missing", r ? err.line : 0L);
		abort();
	}
	c->ident = tsv_directive(&c->tsv, "catalog");
	c->version = tsv_directive(&c->tsv, "version");
	c->title_en = tsv_directive(&c->tsv, "title_en");
	c->title_ja = tsv_directive(&c->tsv, "title_ja");
	c->edition = edition;
	c->source = "builtin";
	c->uuid = "";
	c->imported_at = "";
	c->imported_by = "";
	c->nitems = c->tsv.nrows;
	c->items = xcalloc(c->nitems, sizeof(*c->items));
	for (size_t i = 0; i < c->nitems; i++) {
		const char **f = c->tsv.rows[i].f;
		struct catalog_item *it = &c->items[i];

		if (!catalog_kind_parse(f[0], &it->kind)) {
			fprintf(stderr, "isms: built-in catalogue %s: bad kind on line %ld\n", name,
				c->tsv.rows[i].line);
			abort();
		}
		it->id = f[1];
		it->parent = f[2];
		it->title_en = f[3];
		it->title_ja = f[4];
		it->ja_status = f[5];
		it->desc_en = f[6];
		it->desc_ja = f[7];
		it->label = "";
		it->statement = "";
		it->guidance = "";
		it->status = CAT_ACTIVE;
		it->moved_to = "";
		it->moved_how = "";
	}
}

static void load_all(void)
{
	load(&builtins[0], "catalog/iso27001-2005.tsv", 2005);
	load(&builtins[1], "catalog/iso27001-2013.tsv", 2013);
	load(&builtins[2], "catalog/iso27001-2022.tsv", 2022);
}

const struct catalog *catalog_builtin(int edition)
{
	pthread_once(&builtins_once, load_all);
	switch (edition) {
	case 2005: return &builtins[0];
	case 2013: return &builtins[1];
	case 2022: return &builtins[2];
	default: return NULL;
	}
}

const struct catalog_item *catalog_find(const struct catalog *c, const char *id)
{
	for (size_t i = 0; i < c->nitems; i++)
		if (!strcmp(c->items[i].id, id))
			return &c->items[i];
	return NULL;
}

size_t catalog_count(const struct catalog *c, enum catalog_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nitems; i++)
		n += c->items[i].kind == kind;
	return n;
}

const char *catalog_item_title(const struct catalog_item *it)
{
	return i18n_pick(it->title_en, it->title_ja);
}

const char *catalog_item_desc(const struct catalog_item *it)
{
	return i18n_pick(it->desc_en, it->desc_ja);
}

const char *catalog_item_label(const struct catalog_item *it)
{
	return it->label && *it->label ? it->label : it->id;
}

const char *catalog_ja_status_label(const char *ja_status)
{
	if (!strcmp(ja_status, "verified"))
		return _("checked against the JIS text");
	if (!strcmp(ja_status, "public"))
		return _("as commonly published, not checked against the JIS text");
	if (!strcmp(ja_status, "own"))
		return _("our own translation");
	return "";
}

int catalog_edition_parse(const char *s)
{
	if (!s)
		return 0;
	if (!strncmp(s, "iso27001-", 9))
		s += 9;
	if (!strcmp(s, "2005"))
		return 2005;
	if (!strcmp(s, "2013"))
		return 2013;
	if (!strcmp(s, "2022"))
		return 2022;
	return 0;
}

int catalog_item_depth(const struct catalog *c, const struct catalog_item *it)
{
	int depth = 0;

	/* Parents always come before their items (checked on import), so
	 * the walk ends; the bound guards against a broken catalogue. */
	while (*it->parent && depth < 64) {
		const struct catalog_item *p = NULL;

		for (const struct catalog_item *q = it; q > c->items;) {
			q--;
			if (!strcmp(q->id, it->parent)) {
				p = q;
				break;
			}
		}
		if (!p)
			break;
		it = p;
		depth++;
	}
	return depth;
}
