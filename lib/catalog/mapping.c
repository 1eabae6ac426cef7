/* mapping.c - the edition mappings: the data tables, 2005→2022 composed, reverse lookups. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/catalog.h"
#include "isms/i18n.h"
#include "isms/mapping.h"
#include "isms/resource.h"
#include "isms/sbuf.h"
#include "isms/xalloc.h"

static const char *const map_columns[] = { "from_id", "to_id", "kind", "note", NULL };

static const struct {
	const char *code;
	const char *label;
} kinds[] = {
	[MAP_CARRIED] = { "carried", N_("carried over") },
	[MAP_MERGED] = { "merged", N_("merged") },
	[MAP_SPLIT] = { "split", N_("split") },
	[MAP_REMOVED] = { "removed", N_("removed") },
	[MAP_NEW] = { "new", N_("new") },
};

const char *map_kind_code(enum map_kind k)
{
	return kinds[k].code;
}

const char *map_kind_label(enum map_kind k)
{
	return T_(kinds[k].label);
}

int map_kind_parse(const char *s, enum map_kind *ret)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!strcmp(s, kinds[i].code)) {
			*ret = (enum map_kind)i;
			return 1;
		}
	}
	return 0;
}

/* Index of an edition: 0, 1, 2. */
static int ed_index(int edition)
{
	switch (edition) {
	case 2005: return 0;
	case 2013: return 1;
	case 2022: return 2;
	default: return -1;
	}
}

/* tables[from][to], built once. The strings of the two data tables live in
 * their tsv; composed "via" texts and notes are allocated for good. */
static struct mapping tables[3][3];
static struct tsv map_tsv[2];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void broken(const char *name, const char *what, long line)
{
	fprintf(stderr, "isms: built-in mapping %s is broken: %s (line %ld)\n", name, what, line);
	abort();
}

static void load_direct(int k, const char *name, int from, int to)
{
	const struct resource *r = resource_find(name);
	const struct catalog *cf = catalog_builtin(from), *ct = catalog_builtin(to);
	struct mapping *m = &tables[ed_index(from)][ed_index(to)];
	struct isms_err err;

	if (!r || tsv_parse((const char *)r->data, r->len, map_columns, &map_tsv[k], &err))
		broken(name, r ? err.msg : "missing", r ? err.line : 0L);
	m->from = from;
	m->to = to;
	m->nlinks = map_tsv[k].nrows;
	m->links = xcalloc(m->nlinks, sizeof(*m->links));
	for (size_t i = 0; i < m->nlinks; i++) {
		const char **f = map_tsv[k].rows[i].f;
		struct map_link *l = &m->links[i];
		long line = map_tsv[k].rows[i].line;

		l->from = f[0];
		l->to = f[1];
		l->note = f[3];
		l->via = "";
		if (!map_kind_parse(f[2], &l->kind))
			broken(name, "unknown kind", line);
		if ((*l->from && !catalog_find(cf, l->from)) || (*l->to && !catalog_find(ct, l->to)))
			broken(name, "unknown control", line);
		if ((l->kind == MAP_NEW) != !*l->from || (l->kind == MAP_REMOVED) != !*l->to)
			broken(name, "kind does not fit the ends", line);
	}
}

/* Position of a control in its catalogue, for ordering; controls missing
 * (the empty end) sort last. */
static size_t pos(const struct catalog *c, const char *id)
{
	const struct catalog_item *it = *id ? catalog_find(c, id) : NULL;

	return it ? (size_t)(it - c->items) : c->nitems;
}

struct sort_ctx {
	const struct catalog *from, *to;
};

static int cmp_links(const void *pa, const void *pb, void *arg)
{
	const struct map_link *a = pa, *b = pb;
	const struct sort_ctx *sc = arg;
	size_t fa = pos(sc->from, a->from), fb = pos(sc->from, b->from);
	size_t ta, tb;

	if (fa != fb)
		return fa < fb ? -1 : 1;
	ta = pos(sc->to, a->to);
	tb = pos(sc->to, b->to);
	return ta < tb ? -1 : ta > tb;
}

static void sort_links(struct mapping *m)
{
	struct sort_ctx sc = { catalog_builtin(m->from), catalog_builtin(m->to) };

	qsort_r(m->links, m->nlinks, sizeof(*m->links), cmp_links, &sc);
}

/* The same links read backwards: from and to swapped, kinds kept. */
static void reverse(const struct mapping *fw, struct mapping *bw)
{
	bw->from = fw->to;
	bw->to = fw->from;
	bw->nlinks = fw->nlinks;
	bw->links = xcalloc(bw->nlinks, sizeof(*bw->links));
	for (size_t i = 0; i < fw->nlinks; i++) {
		bw->links[i] = fw->links[i];
		bw->links[i].from = fw->links[i].to;
		bw->links[i].to = fw->links[i].from;
	}
	sort_links(bw);
}

static size_t count_from(const struct mapping *m, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nlinks; i++)
		n += *m->links[i].to && !strcmp(m->links[i].from, id);
	return n;
}

static size_t count_to(const struct mapping *m, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nlinks; i++)
		n += *m->links[i].from && !strcmp(m->links[i].to, id);
	return n;
}

/* The 2013 controls through which a→c passes, in the order of 2013. */
static const char *via_of(const struct mapping *ab, const struct mapping *bc, const char *a,
			  const char *c)
{
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < ab->nlinks; i++) {
		const struct map_link *l1 = &ab->links[i];

		if (strcmp(l1->from, a) || !*l1->to)
			continue;
		for (size_t j = 0; j < bc->nlinks; j++) {
			if (!strcmp(bc->links[j].from, l1->to) && !strcmp(bc->links[j].to, c)) {
				if (sb.len)
					sbuf_addstr(&sb, ", ");
				sbuf_addstr(&sb, l1->to);
				break;
			}
		}
	}
	return sbuf_detach(&sb, NULL);
}

/* 2005→2022 through 2013: a→c for every a→b of the first table and b→c of
 * the second; paths that meet again are one link. */
static void compose(const struct mapping *ab, const struct mapping *bc, struct mapping *ac)
{
	const struct catalog *cc = catalog_builtin(bc->to);
	size_t alloc = 0;

	ac->from = ab->from;
	ac->to = bc->to;
	for (size_t i = 0; i < ab->nlinks; i++) {
		const struct map_link *l1 = &ab->links[i];

		if (!*l1->from)
			continue;
		if (!*l1->to) {
			ac->links = xgrow(ac->links, &alloc, ac->nlinks + 1, sizeof(*ac->links));
			ac->links[ac->nlinks++] = (struct map_link){ l1->from, "", MAP_REMOVED, "",
								     l1->note };
			continue;
		}
		for (size_t j = 0; j < bc->nlinks; j++) {
			const struct map_link *l2 = &bc->links[j];
			bool seen = false;

			if (strcmp(l2->from, l1->to))
				continue;
			for (size_t k = 0; k < ac->nlinks && !seen; k++)
				seen = !strcmp(ac->links[k].from, l1->from) &&
				       !strcmp(ac->links[k].to, l2->to);
			if (seen)
				continue;
			ac->links = xgrow(ac->links, &alloc, ac->nlinks + 1, sizeof(*ac->links));
			ac->links[ac->nlinks++] = (struct map_link){
				l1->from, l2->to, MAP_CARRIED, via_of(ab, bc, l1->from, l2->to), ""
			};
		}
	}
	/* Controls of the newest edition that no old control reaches. */
	for (size_t i = 0; i < cc->nitems; i++) {
		const struct catalog_item *it = &cc->items[i];
		bool reached = false;

		if (it->kind != CAT_CONTROL)
			continue;
		for (size_t k = 0; k < ac->nlinks && !reached; k++)
			reached = !strcmp(ac->links[k].to, it->id);
		if (!reached) {
			ac->links = xgrow(ac->links, &alloc, ac->nlinks + 1, sizeof(*ac->links));
			ac->links[ac->nlinks++] = (struct map_link){ "", it->id, MAP_NEW, "", "" };
		}
	}
	/* The kinds of the composed links, from their multiplicities. */
	for (size_t k = 0; k < ac->nlinks; k++) {
		struct map_link *l = &ac->links[k];

		if (!*l->from || !*l->to)
			continue;
		if (count_from(ac, l->from) > 1)
			l->kind = MAP_SPLIT;
		else if (count_to(ac, l->to) > 1)
			l->kind = MAP_MERGED;
		else
			l->kind = MAP_CARRIED;
	}
	sort_links(ac);
}

static void load_all(void)
{
	load_direct(0, "catalog/map-2005-2013.tsv", 2005, 2013);
	load_direct(1, "catalog/map-2013-2022.tsv", 2013, 2022);
	sort_links(&tables[0][1]);
	sort_links(&tables[1][2]);
	compose(&tables[0][1], &tables[1][2], &tables[0][2]);
	reverse(&tables[0][1], &tables[1][0]);
	reverse(&tables[1][2], &tables[2][1]);
	reverse(&tables[0][2], &tables[2][0]);
}

const struct mapping *mapping_builtin(int from, int to)
{
	int f = ed_index(from), t = ed_index(to);

	if (f < 0 || t < 0 || f == t)
		return NULL;
	pthread_once(&tables_once, load_all);
	return &tables[f][t];
}

size_t mapping_lookup(const struct mapping *m, const char *id, const struct map_link **ret,
		      size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nlinks; i++) {
		if (strcmp(m->links[i].from, id))
			continue;
		if (n < max)
			ret[n] = &m->links[i];
		n++;
	}
	return n;
}
