/* test-catalog.c - catalogues against the reference, mappings, import, export, storage. */
#include "helpers.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "isms/catalog.h"
#include "isms/isms.h"
#include "isms/log.h"
#include "isms/mapping.h"
#include "isms/sbuf.h"
#include "isms/xalloc.h"

/* --- the reference tables (../shared/reference beside the source tree) --- */

static char *ref_path(const char *rel)
{
	const char *src = getenv("ISMS_SOURCE_DIR");
	char *p;
	struct stat sb;

	if (asprintf(&p, "%s/../shared/reference/%s", src && *src ? src : "..", rel) < 0)
		abort();
	if (stat(p, &sb) != 0) {
		print_message("reference data %s is absent: skipping (it sits beside the clone, in ../shared/reference)\n",
			      p);
		free(p);
		return NULL;
	}
	return p;
}

struct ref_table {
	char ***rows; /* rows[i][k] */
	size_t *ncols;
	size_t nrows;
};

/* A small RFC 4180 reader: enough for the reference CSVs. */
static bool read_ref(const char *rel, struct ref_table *t)
{
	_cleanup_free_ char *path = ref_path(rel);
	struct sbuf field = SBUF_INIT;
	char **cur = NULL;
	size_t ncur = 0, cur_alloc = 0, rows_alloc = 0, ncols_alloc = 0;
	bool quoted = false;
	FILE *f;
	int c;

	memset(t, 0, sizeof(*t));
	if (!path)
		return false;
	f = fopen(path, "r");
	assert_non_null(f);
	while ((c = fgetc(f)) != EOF) {
		if (quoted) {
			if (c == '"') {
				int d = fgetc(f);

				if (d == '"') {
					sbuf_addch(&field, '"');
					continue;
				}
				quoted = false;
				if (d == EOF)
					break;
				c = d;
			} else {
				sbuf_addch(&field, (char)c);
				continue;
			}
		}
		if (c == '"') {
			quoted = true;
		} else if (c == ',' || c == '\n') {
			cur = xgrow(cur, &cur_alloc, ncur + 1, sizeof(*cur));
			cur[ncur++] = sbuf_detach(&field, NULL);
			if (c == '\n') {
				t->rows = xgrow(t->rows, &rows_alloc, t->nrows + 1, sizeof(*t->rows));
				t->ncols = xgrow(t->ncols, &ncols_alloc, t->nrows + 1, sizeof(*t->ncols));
				t->rows[t->nrows] = cur;
				t->ncols[t->nrows++] = ncur;
				cur = NULL;
				ncur = cur_alloc = 0;
			}
		} else if (c != '\r') {
			sbuf_addch(&field, (char)c);
		}
	}
	fclose(f);
	sbuf_release(&field);
	free(cur);
	return true;
}

static void free_ref(struct ref_table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t k = 0; k < t->ncols[i]; k++)
			free(t->rows[i][k]);
		free(t->rows[i]);
	}
	free(t->rows);
	free(t->ncols);
}

/* --- the catalogues ------------------------------------------------------- */

/* Controls below a clause or theme (directly or through an objective). */
static size_t controls_under(const struct catalog *c, const char *top)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nitems; i++) {
		const struct catalog_item *it = &c->items[i], *p;

		if (it->kind != CAT_CONTROL)
			continue;
		p = catalog_find(c, it->parent);
		while (p && *p->parent)
			p = catalog_find(c, p->parent);
		n += p && !strcmp(p->id, top);
	}
	return n;
}

static void test_counts(void **state)
{
	static const struct {
		const char *clause;
		size_t n;
	} per2005[] = {
		{ "A.5", 2 }, { "A.6", 11 }, { "A.7", 5 }, { "A.8", 9 }, { "A.9", 13 }, { "A.10", 32 },
		{ "A.11", 25 }, { "A.12", 16 }, { "A.13", 5 }, { "A.14", 5 }, { "A.15", 10 },
	}, per2022[] = { { "A.5", 37 }, { "A.6", 8 }, { "A.7", 14 }, { "A.8", 34 } };
	const struct catalog *c05 = catalog_builtin(2005), *c13 = catalog_builtin(2013),
			     *c22 = catalog_builtin(2022);

	(void)state;
	assert_null(catalog_builtin(2019));
	assert_int_equal(catalog_count(c05, CAT_CLAUSE), 11);
	assert_int_equal(catalog_count(c05, CAT_OBJECTIVE), 39);
	assert_int_equal(catalog_count(c05, CAT_CONTROL), 133);
	for (size_t i = 0; i < sizeof(per2005) / sizeof(per2005[0]); i++) {
		if (controls_under(c05, per2005[i].clause) != per2005[i].n)
			print_error("2005 %s: %zu controls\n", per2005[i].clause,
				    controls_under(c05, per2005[i].clause));
		assert_int_equal(controls_under(c05, per2005[i].clause), per2005[i].n);
	}
	assert_int_equal(catalog_count(c13, CAT_CLAUSE), 14);
	assert_int_equal(catalog_count(c13, CAT_OBJECTIVE), 35);
	assert_int_equal(catalog_count(c13, CAT_CONTROL), 114);
	assert_int_equal(catalog_count(c22, CAT_THEME), 4);
	assert_int_equal(catalog_count(c22, CAT_CONTROL), 93);
	assert_int_equal(catalog_count(c22, CAT_OBJECTIVE), 0);
	for (size_t i = 0; i < sizeof(per2022) / sizeof(per2022[0]); i++)
		assert_int_equal(controls_under(c22, per2022[i].clause), per2022[i].n);
	assert_int_equal(c05->edition, 2005);
	assert_string_equal(c13->ident, "iso27001-2013");
	assert_int_equal(catalog_edition_parse("2013"), 2013);
	assert_int_equal(catalog_edition_parse("iso27001-2022"), 2022);
	assert_int_equal(catalog_edition_parse("2014"), 0);
}

/* Same IDs, kinds and English titles, in the same order, as the reference. */
static void test_against_reference(void **state)
{
	static const int eds[] = { 2005, 2013, 2022 };

	(void)state;
	for (size_t e = 0; e < 3; e++) {
		const struct catalog *c = catalog_builtin(eds[e]);
		struct ref_table t;
		char rel[64];

		snprintf(rel, sizeof(rel), "catalogs/iso27001_%d_annexA.csv", eds[e]);
		if (!read_ref(rel, &t))
			skip();
		assert_string_equal(t.rows[0][0], "level");
		assert_int_equal(t.nrows - 1, c->nitems);
		for (size_t i = 1; i < t.nrows; i++) {
			const struct catalog_item *it = &c->items[i - 1];

			assert_int_equal(t.ncols[i], 3);
			assert_string_equal(catalog_kind_code(it->kind), t.rows[i][0]);
			assert_string_equal(it->id, t.rows[i][1]);
			assert_string_equal(it->title_en, t.rows[i][2]);
		}
		free_ref(&t);
	}
}

/* The names the reference README lists as certain, exactly. */
static const struct {
	int edition;
	const char *id, *ja;
} certain[] = {
	{ 2022, "A.5", "組織的管理策" }, { 2022, "A.6", "人的管理策" },
	{ 2022, "A.7", "物理的管理策" }, { 2022, "A.8", "技術的管理策" },
	{ 2013, "A.5", "情報セキュリティのための方針群" },
	{ 2013, "A.6", "情報セキュリティのための組織" }, { 2013, "A.7", "人的資源のセキュリティ" },
	{ 2013, "A.8", "資産の管理" }, { 2013, "A.9", "アクセス制御" }, { 2013, "A.10", "暗号" },
	{ 2013, "A.11", "物理的及び環境的セキュリティ" }, { 2013, "A.12", "運用のセキュリティ" },
	{ 2013, "A.13", "通信のセキュリティ" }, { 2013, "A.14", "システムの取得，開発及び保守" },
	{ 2013, "A.15", "供給者関係" }, { 2013, "A.16", "情報セキュリティインシデント管理" },
	{ 2013, "A.17", "事業継続マネジメントにおける情報セキュリティの側面" },
	{ 2013, "A.18", "順守" },
	{ 2005, "A.5", "セキュリティ基本方針" }, { 2005, "A.6", "情報セキュリティのための組織" },
	{ 2005, "A.7", "資産の管理" }, { 2005, "A.8", "人的資源のセキュリティ" },
	{ 2005, "A.9", "物理的及び環境的セキュリティ" }, { 2005, "A.10", "通信及び運用管理" },
	{ 2005, "A.11", "アクセス制御" }, { 2005, "A.12", "情報システムの取得、開発及び保守" },
	{ 2005, "A.13", "情報セキュリティインシデントの管理" }, { 2005, "A.14", "事業継続管理" },
	{ 2005, "A.15", "順守" },
};

static void test_japanese_titles(void **state)
{
	static const int eds[] = { 2005, 2013, 2022 };
	struct ref_table t;

	(void)state;
	for (size_t e = 0; e < 3; e++) {
		const struct catalog *c = catalog_builtin(eds[e]);

		for (size_t i = 0; i < c->nitems; i++) {
			const struct catalog_item *it = &c->items[i];

			if (!*it->title_ja || !*catalog_ja_status_label(it->ja_status))
				print_error("%d %s: no Japanese title or no valid ja_status\n", eds[e], it->id);
			assert_true(*it->title_ja);
			assert_true(!strcmp(it->ja_status, "verified") || !strcmp(it->ja_status, "public") ||
				    !strcmp(it->ja_status, "own"));
			/* every description in both languages, never just the title */
			assert_true(*it->desc_en && *it->desc_ja);
			assert_string_not_equal(it->desc_en, it->title_en);
			assert_string_not_equal(it->desc_ja, it->title_ja);
		}
	}
	for (size_t i = 0; i < sizeof(certain) / sizeof(certain[0]); i++) {
		const struct catalog_item *it = catalog_find(catalog_builtin(certain[i].edition), certain[i].id);

		assert_non_null(it);
		if (strcmp(it->title_ja, certain[i].ja))
			print_error("%d %s: %s, expected %s\n", certain[i].edition, certain[i].id,
				    it->title_ja, certain[i].ja);
		assert_string_equal(it->title_ja, certain[i].ja);
		assert_string_equal(it->ja_status, "verified");
	}
	/* The 2022 titles are the candidates of the reference, or one of the
	 * variants it lists. */
	if (!read_ref("catalogs/iso27001_2022_annexA_ja_candidates.csv", &t))
		skip();
	for (size_t i = 1; i < t.nrows; i++) {
		const struct catalog_item *it = catalog_find(catalog_builtin(2022), t.rows[i][0]);
		bool ok;

		assert_non_null(it);
		ok = !strcmp(it->title_ja, t.rows[i][1]);
		if (!ok && t.ncols[i] > 3) {
			char *v = t.rows[i][3], *save = NULL;

			for (char *w = strtok_r(v, "/", &save); w && !ok; w = strtok_r(NULL, "/", &save)) {
				while (*w == ' ')
					w++;
				size_t n = strlen(w);

				while (n && w[n - 1] == ' ')
					w[--n] = '\0';
				ok = !strcmp(it->title_ja, w);
			}
		}
		if (!ok)
			print_error("2022 %s: %s is neither the candidate nor a variant\n", it->id, it->title_ja);
		assert_true(ok);
	}
	free_ref(&t);
}

/* --- mappings ------------------------------------------------------------------ */

static bool has_link(const struct mapping *m, const char *from, const char *to, enum map_kind *kind)
{
	for (size_t i = 0; i < m->nlinks; i++) {
		if (!strcmp(m->links[i].from, from) && !strcmp(m->links[i].to, to)) {
			if (kind)
				*kind = m->links[i].kind;
			return true;
		}
	}
	return false;
}

/* Every control of the source edition has a link, and every control of the
 * target edition is reached or is new. */
static void assert_covers(const struct mapping *m)
{
	const struct catalog *cf = catalog_builtin(m->from), *ct = catalog_builtin(m->to);
	const struct map_link *l[16];

	for (size_t i = 0; i < cf->nitems; i++)
		if (cf->items[i].kind == CAT_CONTROL) {
			if (!mapping_lookup(m, cf->items[i].id, l, 16))
				print_error("%d→%d: %s has no link\n", m->from, m->to, cf->items[i].id);
			assert_true(mapping_lookup(m, cf->items[i].id, l, 16) > 0);
		}
	for (size_t i = 0; i < ct->nitems; i++) {
		bool reached = false;

		if (ct->items[i].kind != CAT_CONTROL)
			continue;
		for (size_t k = 0; k < m->nlinks && !reached; k++)
			reached = !strcmp(m->links[k].to, ct->items[i].id);
		assert_true(reached);
	}
	for (size_t k = 0; k < m->nlinks; k++) {
		assert_true(!*m->links[k].from || catalog_find(cf, m->links[k].from));
		assert_true(!*m->links[k].to || catalog_find(ct, m->links[k].to));
	}
}

static void test_mapping_2005_2013(void **state)
{
	const struct mapping *m = mapping_builtin(2005, 2013);
	size_t counts[5] = { 0 };
	struct ref_table t;

	(void)state;
	assert_non_null(m);
	assert_null(mapping_builtin(2013, 2013));
	assert_null(mapping_builtin(2013, 2019));
	assert_covers(m);
	for (size_t i = 0; i < m->nlinks; i++)
		counts[m->links[i].kind]++;
	assert_int_equal(counts[MAP_CARRIED], 102);
	assert_int_equal(counts[MAP_SPLIT], 1);
	assert_int_equal(counts[MAP_MERGED], 10);
	assert_int_equal(counts[MAP_REMOVED], 21);
	assert_int_equal(counts[MAP_NEW], 11);
	/* A.11.2.1 (user registration) is the source of two links */
	{
		const struct map_link *l[4];

		assert_int_equal(mapping_lookup(m, "A.11.2.1", l, 4), 2);
	}
	if (!read_ref("catalogs/iso27001_2005_to_2013.csv", &t))
		skip();
	assert_int_equal(t.nrows - 1, m->nlinks);
	for (size_t i = 1; i < t.nrows; i++) {
		enum map_kind k, want;

		assert_true(map_kind_parse(t.rows[i][2], &want));
		assert_true(has_link(m, t.rows[i][0], t.rows[i][1], &k));
		assert_int_equal(k, want);
	}
	free_ref(&t);
}

static void test_mapping_2013_2022(void **state)
{
	static const char *const new2022[] = { "A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10",
					       "A.8.11", "A.8.12", "A.8.16", "A.8.23", "A.8.28" };
	const struct mapping *m = mapping_builtin(2013, 2022);
	const struct catalog *c22 = catalog_builtin(2022);
	const struct map_link *l[4];
	struct ref_table t;
	size_t nnew = 0, nsplit = 0;

	(void)state;
	assert_covers(m);
	for (size_t i = 0; i < m->nlinks; i++) {
		if (m->links[i].kind == MAP_NEW)
			nnew++;
		if (m->links[i].kind == MAP_SPLIT) {
			nsplit++;
			assert_string_equal(m->links[i].from, "A.18.2.3");
		}
		assert_true(m->links[i].kind != MAP_REMOVED);
	}
	/* A.18.2.3 is the only split, into A.5.36 and A.8.8 */
	assert_int_equal(nsplit, 2);
	assert_int_equal(mapping_lookup(m, "A.18.2.3", l, 4), 2);
	assert_true(has_link(m, "A.18.2.3", "A.5.36", NULL));
	assert_true(has_link(m, "A.18.2.3", "A.8.8", NULL));
	assert_int_equal(mapping_lookup(m, "A.12.6.1", l, 4), 1);
	assert_string_equal(l[0]->to, "A.8.8");
	if (!read_ref("catalogs/iso27001_2013_to_2022.csv", &t))
		skip();
	/* the pairs are the reference's, and the new controls are exactly the
	 * 2022 controls that no 2013 control reaches there */
	assert_int_equal(t.nrows - 1 + 11, m->nlinks);
	for (size_t i = 1; i < t.nrows; i++)
		assert_true(has_link(m, t.rows[i][0], t.rows[i][1], NULL));
	for (size_t i = 0; i < c22->nitems; i++) {
		const char *id = c22->items[i].id;
		bool in_ref = false, listed = false;

		if (c22->items[i].kind != CAT_CONTROL)
			continue;
		for (size_t r = 1; r < t.nrows; r++)
			in_ref |= !strcmp(t.rows[r][1], id);
		for (size_t k = 0; k < 11; k++)
			listed |= !strcmp(new2022[k], id);
		assert_int_equal(!in_ref, listed);
		assert_int_equal(has_link(m, "", id, NULL), listed);
	}
	assert_int_equal(nnew, 11);
	free_ref(&t);
}

static void test_mapping_composed(void **state)
{
	const struct mapping *ab = mapping_builtin(2005, 2013), *bc = mapping_builtin(2013, 2022);
	const struct mapping *ac = mapping_builtin(2005, 2022), *ca = mapping_builtin(2022, 2005);
	const struct map_link *l[8];
	enum map_kind k;
	size_t n;

	(void)state;
	assert_covers(ac);
	/* exactly the composed pairs */
	for (size_t i = 0; i < ab->nlinks; i++)
		for (size_t j = 0; j < bc->nlinks; j++)
			if (*ab->links[i].from && *ab->links[i].to &&
			    !strcmp(ab->links[i].to, bc->links[j].from))
				assert_true(has_link(ac, ab->links[i].from, bc->links[j].to, NULL));
	for (size_t i = 0; i < ac->nlinks; i++) {
		const struct map_link *x = &ac->links[i];

		if (x->kind == MAP_REMOVED)
			assert_true(has_link(ab, x->from, "", NULL));
		else if (x->kind == MAP_NEW)
			assert_string_equal(x->from, "");
		else
			assert_true(*x->via);
	}
	/* 2005 A.12.6.1 (control of technical vulnerabilities) → 2022 A.8.8 */
	n = mapping_lookup(ac, "A.12.6.1", l, 8);
	assert_int_equal(n, 1);
	assert_string_equal(l[0]->to, "A.8.8");
	assert_string_equal(l[0]->via, "A.12.6.1");
	assert_int_equal(l[0]->kind, MAP_MERGED);
	/* 2005 A.15.2.2 → 2013 A.18.2.3 → split into A.5.36 and A.8.8 */
	assert_true(has_link(ac, "A.15.2.2", "A.8.8", &k));
	assert_int_equal(k, MAP_SPLIT);
	/* a control removed in 2013 stays removed */
	assert_true(has_link(ac, "A.6.1.1", "", &k));
	assert_int_equal(k, MAP_REMOVED);
	/* backwards: A.8.8's predecessors */
	n = mapping_lookup(ca, "A.8.8", l, 8);
	assert_int_equal(n, 2);
	assert_string_equal(l[0]->to, "A.12.6.1");
	assert_string_equal(l[1]->to, "A.15.2.2");
	n = mapping_lookup(mapping_builtin(2022, 2013), "A.8.8", l, 8);
	assert_int_equal(n, 2);
	assert_string_equal(l[0]->to, "A.12.6.1");
	assert_int_equal(l[0]->kind, MAP_MERGED);
	assert_string_equal(l[1]->to, "A.18.2.3");
	assert_int_equal(l[1]->kind, MAP_SPLIT);
	/* a new control has no predecessor, whichever way it is read */
	n = mapping_lookup(mapping_builtin(2022, 2013), "A.5.7", l, 8);
	assert_int_equal(n, 1);
	assert_string_equal(l[0]->to, "");
	assert_int_equal(l[0]->kind, MAP_NEW);
}

/* --- reading OSCAL --------------------------------------------------------------- */

static const char *nist_low(void)
{
	static char path[4096];
	char *p = ref_path("oscal/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog-min.json");

	if (!p)
		return NULL;
	snprintf(path, sizeof(path), "%s", p);
	free(p);
	return path;
}

static const struct catalog_item *must_find(const struct catalog *c, const char *id)
{
	const struct catalog_item *it = catalog_find(c, id);

	if (!it)
		print_error("no item %s\n", id);
	assert_non_null(it);
	return it;
}

static void test_oscal_nist_low(void **state)
{
	const char *path = nist_low();
	struct catalog *c = NULL;
	const struct catalog_item *it;
	struct isms_err err;

	(void)state;
	if (!path)
		skip();
	assert_ok(catalog_load_file(path, &(struct catalog_read_opts){ .ident = "nist-low" }, &c, &err), &err);
	assert_int_equal(catalog_count(c, CAT_GROUP), 18);
	assert_int_equal(catalog_count(c, CAT_CONTROL), 131);
	assert_int_equal(catalog_count(c, CAT_ENHANCEMENT), 18);
	assert_string_equal(c->ident, "nist-low");
	assert_string_equal(c->version, "5.1.1+u4");
	assert_string_equal(c->source, "oscal");
	assert_string_equal(c->title_en, "NIST Special Publication 800-53 Revision 5.1.1 LOW IMPACT BASELINE");
	it = must_find(c, "ac");
	assert_int_equal(it->kind, CAT_GROUP);
	assert_string_equal(it->title_en, "Access Control");
	it = must_find(c, "ac-2");
	assert_string_equal(it->label, "AC-2");
	assert_string_equal(it->parent, "ac");
	assert_string_equal(it->title_en, "Account Management");
	assert_non_null(strstr(it->statement, "c. Require [Assignment: prerequisites and criteria] for group and role membership;"));
	assert_non_null(strstr(it->statement, "\n  1. Authorized users of the system;"));
	assert_non_null(strstr(it->guidance, "Examples of system account types include"));
	it = must_find(c, "ac-1");
	assert_non_null(strstr(it->statement,
			       "[Selection (one or more): organization-level; mission/business process-level; system-level] access control policy"));
	assert_non_null(strstr(it->statement, "a. Develop, document, and disseminate to [Assignment: organization-defined personnel or roles]:"));
	it = must_find(c, "ia-2.1");
	assert_int_equal(it->kind, CAT_ENHANCEMENT);
	assert_string_equal(it->parent, "ia-2");
	assert_string_equal(it->label, "IA-2(1)");
	for (size_t i = 0; i < c->nitems; i++) {
		assert_null(strstr(c->items[i].statement, "{{"));
		assert_null(strstr(c->items[i].guidance, "{{"));
		assert_int_equal(c->items[i].status, CAT_ACTIVE);
	}
	catalog_free(c);
}

/* Nested groups, enhancements inside enhancements, withdrawn controls,
 * parameters with choices that insert other parameters, top-level
 * controls, and a group without an id. */
static const char fixture_oscal[] =
	"{\"catalog\": {\"uuid\": \"11111111-2222-4333-8444-555555555555\",\n"
	" \"metadata\": {\"title\": \"Fixture\", \"version\": \"1.0\", \"oscal-version\": \"1.1.2\"},\n"
	" \"params\": [{\"id\": \"top-p\", \"label\": \"a catalogue-wide value\"}],\n"
	" \"groups\": [{\"id\": \"g1\", \"class\": \"family\", \"title\": \"One\",\n"
	"   \"groups\": [{\"id\": \"g1a\", \"title\": \"One A\",\n"
	"     \"groups\": [{\"id\": \"g1a-i\", \"title\": \"One A i\",\n"
	"       \"controls\": [{\"id\": \"c-1\", \"title\": \"First\",\n"
	"         \"params\": [{\"id\": \"c-1_p1\", \"label\": \"how often\"},\n"
	"                      {\"id\": \"c-1_p2\", \"select\": {\"choice\": [\"daily\", \"every {{ insert: param, c-1_p1 }}\"]}}],\n"
	"         \"props\": [{\"name\": \"label\", \"value\": \"C-01\", \"class\": \"zero-padded\"},\n"
	"                     {\"name\": \"label\", \"value\": \"C-1\"}],\n"
	"         \"parts\": [{\"id\": \"c-1_smt\", \"name\": \"statement\", \"prose\": \"Do it {{ insert: param, c-1_p2 }} for {{ insert: param, top-p }}.\",\n"
	"                      \"parts\": [{\"name\": \"item\", \"props\": [{\"name\": \"label\", \"value\": \"a.\"}], \"prose\": \"Step {{ insert: param, nope }}\"}]},\n"
	"                     {\"name\": \"guidance\", \"prose\": \"Why.\"}],\n"
	"         \"controls\": [{\"id\": \"c-1.1\", \"title\": \"First, more\",\n"
	"           \"parts\": [{\"name\": \"statement\", \"prose\": \"Also {{ insert: param, c-1_p1 }}.\"}],\n"
	"           \"controls\": [{\"id\": \"c-1.1.1\", \"title\": \"Deeper\"}]},\n"
	"                        {\"id\": \"c-1.2\", \"title\": \"[Withdrawn: incorporated]\",\n"
	"           \"props\": [{\"name\": \"status\", \"value\": \"withdrawn\"}],\n"
	"           \"links\": [{\"href\": \"#c-1\", \"rel\": \"incorporated-into\"}, {\"href\": \"#c-1.1\", \"rel\": \"incorporated-into\"}]}]}]}]}]},\n"
	"  {\"class\": \"family\", \"title\": \"No id\", \"controls\": [\n"
	"    {\"id\": \"c-2\", \"title\": \"[Withdrawn: moved]\", \"props\": [{\"name\": \"status\", \"value\": \"withdrawn\"}],\n"
	"     \"links\": [{\"href\": \"#c-1\", \"rel\": \"moved-to\"}, {\"href\": \"#x\", \"rel\": \"related\"}]}]}],\n"
	" \"controls\": [{\"id\": \"top-1\", \"title\": \"At the top\"}]}}\n";

static void test_oscal_fixture(void **state)
{
	struct catalog *c = NULL;
	const struct catalog_item *it;
	struct isms_err err;

	(void)state;
	assert_ok(catalog_parse(fixture_oscal, strlen(fixture_oscal),
				&(struct catalog_read_opts){ .name = "some/Fixture File.json" }, &c, &err),
		  &err);
	assert_string_equal(c->ident, "fixture-file");
	assert_string_equal(c->uuid, "11111111-2222-4333-8444-555555555555");
	assert_int_equal(c->nitems, 10);
	assert_int_equal(catalog_count(c, CAT_GROUP), 4);
	assert_int_equal(catalog_count(c, CAT_CONTROL), 3);
	assert_int_equal(catalog_count(c, CAT_ENHANCEMENT), 3);
	assert_string_equal(must_find(c, "g1a")->parent, "g1");
	assert_string_equal(must_find(c, "g1a-i")->parent, "g1a");
	assert_int_equal(catalog_item_depth(c, must_find(c, "c-1.1.1")), 5);
	it = must_find(c, "c-1");
	assert_string_equal(it->parent, "g1a-i");
	assert_string_equal(it->label, "C-1");
	assert_string_equal(it->statement,
			    "Do it [Selection: daily; every [Assignment: how often]] for [Assignment: a catalogue-wide value].\n"
			    "  a. Step {{ insert: param, nope }}");
	assert_string_equal(it->guidance, "Why.");
	it = must_find(c, "c-1.1");
	assert_int_equal(it->kind, CAT_ENHANCEMENT);
	assert_string_equal(it->statement, "Also [Assignment: how often].");
	assert_string_equal(must_find(c, "c-1.1.1")->parent, "c-1.1");
	it = must_find(c, "c-1.2");
	assert_int_equal(it->status, CAT_WITHDRAWN);
	assert_string_equal(it->moved_to, "c-1, c-1.1");
	assert_string_equal(it->moved_how, "incorporated-into");
	it = must_find(c, "c-2");
	assert_int_equal(it->status, CAT_WITHDRAWN);
	assert_string_equal(it->moved_to, "c-1");
	assert_string_equal(it->moved_how, "moved-to");
	assert_string_equal(it->parent, "group-1");
	assert_string_equal(must_find(c, "top-1")->parent, "");
	assert_string_equal(must_find(c, "g1")->label, "");
	catalog_free(c);
}

/* --- bad input ------------------------------------------------------------------ */

static enum isms_rc parse_str(const char *s, enum catalog_format f, struct isms_err *err)
{
	struct catalog *c = NULL;
	enum isms_rc rc = catalog_parse(s, strlen(s), &(struct catalog_read_opts){ .format = f,
		.name = "t" }, &c, err);

	assert_true(rc != ISMS_OK || c != NULL);
	catalog_free(c);
	return rc;
}

static void test_bad_json(void **state)
{
	struct isms_err err;
	char *profile;

	(void)state;
	/* malformed: the line and column of the fault */
	assert_int_equal(parse_str("{\n  \"catalog\": {\n    \"metadata\": ,\n  }\n}\n", CATFMT_AUTO, &err),
			 ISMS_EINVAL);
	assert_string_equal(err.msg, "the file is not valid JSON");
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 17);
	assert_non_null(strstr(err.detail, "unexpected token"));
	/* valid JSON, not a catalogue */
	assert_int_equal(parse_str("[1, 2]", CATFMT_AUTO, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "the JSON document is not a catalogue");
	assert_int_equal(parse_str("{\"component-definition\": {}}", CATFMT_AUTO, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.detail, "OSCAL component-definition"));
	assert_int_equal(parse_str("{\"catalog\": {\"uuid\": \"x\"}}", CATFMT_AUTO, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "the OSCAL catalog has no metadata");
	assert_int_equal(parse_str("{\"catalog\": {\"metadata\": {\"title\": \"T\", \"version\": \"1\"},"
				   " \"groups\": [{\"id\": \"g\", \"title\": \"G\", \"controls\": [{\"id\": \"c\"}]}]}}",
				   CATFMT_AUTO, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "catalog.groups[0].controls[0].title");
	/* duplicate keys are refused by the parser */
	assert_int_equal(parse_str("{\"catalog\": {}, \"catalog\": {}}", CATFMT_AUTO, &err), ISMS_EINVAL);
	/* the NIST profile is not a catalogue, and the message says so */
	profile = ref_path("oscal/NIST_SP-800-53_rev5_LOW-baseline_profile.json");
	if (profile) {
		struct catalog *c = NULL;

		assert_int_equal(catalog_load_file(profile, NULL, &c, &err), ISMS_EINVAL);
		assert_null(c);
		assert_non_null(strstr(err.detail, "OSCAL profile"));
		free(profile);
	}
}

static void test_duplicates(void **state)
{
	static const char dup_oscal[] =
		"{\"catalog\": {\"metadata\": {\"title\": \"T\", \"version\": \"1\"},\n"
		" \"groups\": [{\"id\": \"g\", \"title\": \"G\", \"controls\": [\n"
		"   {\"id\": \"c-1\", \"title\": \"A\"}, {\"id\": \"c-2\", \"title\": \"B\",\n"
		"   \"controls\": [{\"id\": \"c-1\", \"title\": \"again\"}]}]}]}}";
	static const char dup_tsv[] =
		"%catalog\tx\n%version\t1\n"
		"kind\tid\tparent\ttitle_en\ttitle_ja\tja_status\tdesc_en\tdesc_ja\n"
		"group\tG\t\tGroup\t\t\t\t\n"
		"control\tC.1\tG\tOne\t\t\t\t\n"
		"control\tC.1\tG\tTwo\t\t\t\t\n";
	static const char dup_csv[] =
		"%version,1\r\n"
		"kind,id,parent,title_en,title_ja,ja_status,desc_en,desc_ja\r\n"
		"control,X-1,,One,,,,\r\n"
		"control,X-2,,Two,,,\"multi\r\nline\",\r\n"
		"control,X-1,,Three,,,,\r\n";
	struct isms_err err;

	(void)state;
	assert_int_equal(parse_str(dup_oscal, CATFMT_AUTO, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "duplicate ID \"c-1\"");
	assert_string_equal(err.field, "catalog.groups[0].controls[1].controls[0].id");
	assert_non_null(strstr(err.detail, "catalog.groups[0].controls[0]"));
	assert_int_equal(parse_str(dup_tsv, CATFMT_AUTO, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "duplicate ID \"C.1\"");
	assert_int_equal(err.line, 6);
	assert_non_null(strstr(err.detail, "line 5"));
	assert_int_equal(parse_str(dup_csv, CATFMT_CSV, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "duplicate ID \"X-1\"");
	assert_int_equal(err.line, 6); /* the record before spans two lines */
}

static void test_bad_csv_tsv(void **state)
{
	struct isms_err err;

	(void)state;
	/* a missing column, named */
	assert_int_equal(parse_str("kind,id,parent,title_en,title_ja,ja_status,desc_ja\ncontrol,X,,T,,,\n",
				   CATFMT_CSV, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "the column \"desc_en\" is missing from the header");
	assert_string_equal(err.field, "desc_en");
	assert_int_equal(err.line, 1);
	assert_int_equal(parse_str("%catalog,x\n%version,1\nkind,id,parent,title_en,title_ja,ja_status,desc_en,desc_ja,colour\n",
				   CATFMT_CSV, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "unknown column \"colour\" in the header");
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 9);
	assert_int_equal(parse_str("kind,id,parent,title_en,title_ja,ja_status,desc_en,desc_ja\ncontrol,X,,T,,\n",
				   CATFMT_CSV, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "the record has 6 fields instead of 8");
	assert_int_equal(err.line, 2);
	assert_int_equal(parse_str("kind,id,parent,title_en,title_ja,ja_status,desc_en,desc_ja\ncontrol,\"X,,T,,,,\n",
				   CATFMT_CSV, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "malformed CSV"));
	assert_int_equal(parse_str("%version\t1\nkind\tid\tparent\ttitle_en\ttitle_ja\tja_status\tdesc_en\tdesc_ja\n"
				   "widget\tX\t\tT\t\t\t\t\n", CATFMT_TSV, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "unknown kind \"widget\"");
	assert_int_equal(err.line, 3);
	assert_int_equal(parse_str("%version\t1\nkind\tid\tparent\ttitle_en\ttitle_ja\tja_status\tdesc_en\tdesc_ja\n"
				   "control\tX\tG\tT\t\t\t\t\n", CATFMT_TSV, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "the parent \"G\" of \"X\" does not exist");
	assert_int_equal(parse_str("kind\tid\tparent\ttitle_en\ttitle_ja\tja_status\tdesc_en\tdesc_ja\n"
				   "control\tX\t\tT\t\t\t\t\n", CATFMT_TSV, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "the catalogue has no version");
	assert_int_equal(parse_str("%version\t1\nkind\tid\tparent\ttitle_en\ttitle_ja\tja_status\tdesc_en\tdesc_ja\n"
				   "control\tX\t\tT\t\tsure\t\t\n", CATFMT_TSV, &err), ISMS_EINVAL);
	assert_string_equal(err.msg, "unknown ja_status \"sure\"");
	assert_int_equal(parse_str("%version\t1\nkind\tid\tparent\ttitle\n", CATFMT_TSV, &err), ISMS_EINVAL);
	assert_int_equal(err.line, 2);
}

static void test_size_limit(void **state)
{
	char *dir = test_tmpdir(), *path;
	struct catalog *c = NULL;
	struct isms_err err;
	int fd;

	(void)state;
	if (asprintf(&path, "%s/big.json", dir) < 0)
		abort();
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	/* sparse: no 32 MiB written */
	assert_int_equal(ftruncate(fd, (off_t)CATALOG_FILE_MAX + 1), 0);
	close(fd);
	assert_int_equal(catalog_load_file(path, NULL, &c, &err), ISMS_ELIMIT);
	assert_string_equal(err.msg, "the file is too large");
	assert_non_null(strstr(err.detail, "32 MiB"));
	assert_null(c);
	/* exactly at the limit is read (and then found not to be JSON) */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(ftruncate(fd, (off_t)CATALOG_FILE_MAX), 0);
	close(fd);
	assert_int_equal(catalog_load_file(path, NULL, &c, &err), ISMS_EINVAL);
	assert_int_equal(catalog_parse("x", CATALOG_FILE_MAX + 1, NULL, &c, &err), ISMS_ELIMIT);
	free(path);
	if (asprintf(&path, "%s/missing.json", dir) < 0)
		abort();
	assert_int_equal(catalog_load_file(path, NULL, &c, &err), ISMS_ENOTFOUND);
	free(path);
	test_rmrf(dir);
	free(dir);
}

static void test_csv_cp932_and_neutralised(void **state)
{
	/* "管理策" in CP932, and a title that Excel would take for a formula */
	static const char cp932[] =
		"%catalog,own\r\n%version,2\r\n"
		"kind,id,parent,title_en,title_ja,ja_status,desc_en,desc_ja\r\n"
		"control,X-1,,\"'=SUM(A1)\",\x8a\xc7\x97\x9d\x8d\xf4,own,,\r\n";
	struct catalog *c = NULL;
	struct isms_err err;

	(void)state;
	assert_ok(catalog_parse(cp932, strlen(cp932), &(struct catalog_read_opts){ .format = CATFMT_AUTO,
		.name = "x.csv" }, &c, &err), &err);
	assert_string_equal(c->ident, "own");
	assert_string_equal(c->items[0].title_ja, "管理策");
	assert_string_equal(c->items[0].title_en, "=SUM(A1)");
	catalog_free(c);
}

/* --- round trips ----------------------------------------------------------------- */

static void assert_same(const struct catalog *a, const struct catalog *b)
{
	assert_string_equal(a->version, b->version);
	assert_string_equal(a->title_en, b->title_en);
	assert_string_equal(a->title_ja, b->title_ja);
	assert_int_equal(a->nitems, b->nitems);
	for (size_t i = 0; i < a->nitems; i++) {
		const struct catalog_item *x = &a->items[i], *y = &b->items[i];

		assert_int_equal(x->kind, y->kind);
		assert_string_equal(x->id, y->id);
		assert_string_equal(x->parent, y->parent);
		assert_string_equal(x->label, y->label);
		assert_string_equal(x->title_en, y->title_en);
		assert_string_equal(x->title_ja, y->title_ja);
		assert_string_equal(x->ja_status, y->ja_status);
		assert_string_equal(x->desc_en, y->desc_en);
		assert_string_equal(x->desc_ja, y->desc_ja);
		assert_string_equal(x->statement, y->statement);
		assert_string_equal(x->guidance, y->guidance);
		assert_int_equal(x->status, y->status);
		assert_string_equal(x->moved_to, y->moved_to);
		assert_string_equal(x->moved_how, y->moved_how);
	}
}

static void round_trip(const struct catalog *c, enum catalog_format f)
{
	struct sbuf sb = SBUF_INIT;
	struct catalog *back = NULL;
	struct isms_err err;

	assert_ok(catalog_export(c, f, &sb, &err), &err);
	assert_ok(catalog_parse(sb.buf, sb.len, &(struct catalog_read_opts){ .ident = "copy" }, &back, &err),
		  &err);
	assert_string_equal(back->source, catalog_format_code(f));
	assert_same(c, back);
	catalog_free(back);
	sbuf_release(&sb);
}

static void test_round_trips(void **state)
{
	static const int eds[] = { 2005, 2013, 2022 };
	static const enum catalog_format fmts[] = { CATFMT_OSCAL, CATFMT_CSV, CATFMT_JSON };
	const char *path = nist_low();
	struct catalog *c = NULL;
	struct sbuf sb = SBUF_INIT;
	struct isms_err err;

	(void)state;
	for (size_t e = 0; e < 3; e++)
		for (size_t f = 0; f < 3; f++)
			round_trip(catalog_builtin(eds[e]), fmts[f]);
	assert_ok(catalog_parse(fixture_oscal, strlen(fixture_oscal), &(struct catalog_read_opts){
		.ident = "fx" }, &c, &err), &err);
	for (size_t f = 0; f < 3; f++)
		round_trip(c, fmts[f]);
	catalog_free(c);
	/* our OSCAL names the identifier, the Japanese and the description */
	assert_ok(catalog_export(catalog_builtin(2022), CATFMT_OSCAL, &sb, &err), &err);
	assert_non_null(strstr(sb.buf, "\"oscal-version\": \"1.1.2\""));
	assert_non_null(strstr(sb.buf, "\"value\": \"iso27001-2022\""));
	assert_non_null(strstr(sb.buf, "\"title\": \"Management of technical vulnerabilities\""));
	assert_non_null(strstr(sb.buf, "技術的ぜい弱性の管理"));
	sbuf_release(&sb);
	if (!path)
		skip();
	assert_ok(catalog_load_file(path, NULL, &c, &err), &err);
	for (size_t f = 0; f < 3; f++)
		round_trip(c, fmts[f]);
	catalog_free(c);
}

/* --- search ---------------------------------------------------------------------- */

static bool found(int edition, const char *id, const char *const *words, size_t n)
{
	return catalog_item_matches(catalog_find(catalog_builtin(edition), id), words, n);
}

static void test_search(void **state)
{
	const char *ja[] = { "ぜい弱性" }, *ja2[] = { "技術的", "管理" }, *en[] = { "TECHNICAL", "vulnerabilities" };
	const char *wide[] = { "ＩＣＴ" }, *both[] = { "ぜい弱性", "backup" }, *id[] = { "a.8.8" };

	(void)state;
	assert_true(found(2022, "A.8.8", ja, 1));
	assert_true(found(2022, "A.8.8", ja2, 2));
	assert_true(found(2022, "A.8.8", en, 2));
	assert_true(found(2022, "A.8.8", id, 1));
	assert_true(found(2022, "A.5.30", wide, 1));
	assert_false(found(2022, "A.8.8", both, 2));
	assert_false(found(2022, "A.8.13", ja, 1));
}

/* --- storage ---------------------------------------------------------------------- */

struct fixture {
	char *dir, *path;
	struct isms_ctx *ctx;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct isms_err err;

	f->dir = test_tmpdir();
	if (asprintf(&f->path, "%s/t.db", f->dir) < 0)
		return -1;
	if (isms_ctx_open(f->path, ISMS_OPEN_CREATE, &f->ctx, &err))
		return -1;
	isms_ctx_set_actor(f->ctx, "tester");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	isms_ctx_free(f->ctx);
	test_rmrf(f->dir);
	free(f->path);
	free(f->dir);
	free(f);
	return 0;
}

static long long count_rows(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	long long n;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

static const char small_tsv[] =
	"%catalog\town\n%version\t1\n%title_en\tOur own\n"
	"kind\tid\tparent\ttitle_en\ttitle_ja\tja_status\tdesc_en\tdesc_ja\n"
	"group\tG\t\tGroup\tグループ\town\t\t\n"
	"control\tG.1\tG\tFirst\t第一\town\tThe first.\t最初。\n"
	"control\tG.2\tG\tSecond\t\t\t\t\n";

static void test_store(void **state)
{
	struct fixture *f = *state;
	struct isms_new na = { .name = "A", .org = "A", .edition = 2022 }, nb = { .name = "B", .org = "B", .edition = 2013 };
	struct catalog *c = NULL, *c2 = NULL, *open = NULL;
	struct catalog_info *rows;
	struct arena a = ARENA_INIT;
	struct isms_err err;
	int64_t ia, ib, first_id;
	bool updated = true;
	size_t n;
	long long items_before, log_before;

	assert_ok(isms_create(f->ctx, &na, &ia, &err), &err);
	assert_ok(isms_create(f->ctx, &nb, &ib, &err), &err);
	assert_ok(catalog_parse(small_tsv, strlen(small_tsv), NULL, &c, &err), &err);
	assert_ok(catalog_import(f->ctx, ia, c, &updated, &err), &err);
	assert_false(updated);
	/* A sees it, B does not */
	assert_ok(catalog_list(f->ctx, ia, &a, &rows, &n, &err), &err);
	assert_int_equal(n, 4);
	assert_string_equal(rows[3].ident, "own");
	assert_string_equal(rows[3].source, "tsv");
	assert_int_equal(rows[3].counts[CAT_CONTROL], 2);
	assert_int_equal(rows[3].counts[CAT_GROUP], 1);
	assert_ok(catalog_list(f->ctx, ib, &a, &rows, &n, &err), &err);
	assert_int_equal(n, 3);
	assert_int_equal(catalog_open(f->ctx, ib, "own", NULL, &open, &err), ISMS_ENOTFOUND);
	assert_ok(catalog_open(f->ctx, ia, "own", NULL, &open, &err), &err);
	assert_same(c, open);
	first_id = open->db_id;
	catalog_free(open);
	/* the same version again: updated in place, one catalogue, items replaced */
	c->items[1].title_en = "First, renamed";
	c->nitems = 2;
	assert_ok(catalog_import(f->ctx, ia, c, &updated, &err), &err);
	assert_true(updated);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM catalog"), 1);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM catalog_item"), 2);
	assert_ok(catalog_open(f->ctx, ia, "own", "1", &open, &err), &err);
	assert_int_equal(open->db_id, first_id);
	assert_string_equal(open->items[1].title_en, "First, renamed");
	assert_int_equal(open->nitems, 2);
	catalog_free(open);
	/* a new version is kept beside the old one; the newest is the default */
	assert_ok(catalog_parse(small_tsv, strlen(small_tsv), &(struct catalog_read_opts){ .version = "2" },
				&c2, &err), &err);
	assert_ok(catalog_import(f->ctx, ia, c2, &updated, &err), &err);
	assert_false(updated);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM catalog"), 2);
	assert_ok(catalog_open(f->ctx, ia, "own", NULL, &open, &err), &err);
	assert_string_equal(open->version, "2");
	assert_int_equal(open->nitems, 3);
	catalog_free(open);
	assert_int_equal(catalog_open(f->ctx, ia, "own", "3", &open, &err), ISMS_ENOTFOUND);
	assert_string_equal(err.msg, "no catalogue \"own\" in version \"3\"");
	/* the audit log has the three imports, in A */
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM audit_log WHERE entity = 'catalog'"), 3);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM audit_log WHERE entity = 'catalog' AND action = 'update'"), 1);
	/* a failed import changes nothing: an identifier of a built-in one */
	items_before = count_rows(f->path, "SELECT COUNT(*) FROM catalog_item");
	log_before = count_rows(f->path, "SELECT COUNT(*) FROM audit_log");
	c2->ident = "iso27001-2022";
	assert_int_equal(catalog_import(f->ctx, ia, c2, NULL, &err), ISMS_EEXIST);
	/* and one that fails half way (an item the database refuses) */
	c2->ident = "other";
	c2->items[2].ja_status = "bogus";
	assert_int_not_equal(catalog_import(f->ctx, ia, c2, NULL, &err), ISMS_OK);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM catalog_item"), items_before);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM catalog"), 2);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM audit_log"), log_before);
	/* built-ins resolve by edition, and an edition has one version */
	assert_ok(catalog_open(NULL, 0, "2013", NULL, &open, &err), &err);
	assert_ptr_equal(open, catalog_builtin(2013));
	catalog_free(open);
	assert_int_equal(catalog_open(NULL, 0, "2013", "2014", &open, &err), ISMS_ENOTFOUND);
	catalog_free(c);
	catalog_free(c2);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_against_reference),
		cmocka_unit_test(test_japanese_titles),
		cmocka_unit_test(test_mapping_2005_2013),
		cmocka_unit_test(test_mapping_2013_2022),
		cmocka_unit_test(test_mapping_composed),
		cmocka_unit_test(test_oscal_nist_low),
		cmocka_unit_test(test_oscal_fixture),
		cmocka_unit_test(test_bad_json),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_bad_csv_tsv),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_csv_cp932_and_neutralised),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_search),
		cmocka_unit_test_setup_teardown(test_store, setup, teardown),
	};

	if (!isms_crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
