/* test-asset.c - the asset inventory: operations, dependencies, list filters, import all-or-nothing, status facts. */
#include "helpers.h"

#include <sqlite3.h>

#include "isms/asset.h"
#include "isms/isms.h"
#include "isms/report.h"
#include "isms/sbuf.h"

static int setup(void **state)
{
	*state = fx_new(2022);
	return *state ? 0 : -1;
}

static void exec_sql(struct fx *f, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void add(struct fx *f, const char *code, enum asset_type t, int c, const char *owner)
{
	struct asset a = { .code = code, .name = code, .type = t, .c = c, .i = c, .a = c, .owner = owner };
	struct isms_err err;

	assert_ok(asset_add(f->ctx, f->isms, &a, NULL, &err), &err);
}

static void test_types(void **state)
{
	enum asset_type t;

	(void)state;
	assert_true(asset_type_parse("information", &t));
	assert_int_equal(t, ASSET_INFORMATION);
	assert_true(asset_type_parse("ソフトウェア", &t));
	assert_int_equal(t, ASSET_SOFTWARE);
	assert_true(asset_type_parse("ＨＡＲＤＷＡＲＥ", &t));
	assert_int_equal(t, ASSET_HARDWARE);
	assert_true(asset_type_parse("人", &t));
	assert_int_equal(t, ASSET_PEOPLE);
	assert_true(asset_type_parse("施設", &t));
	assert_int_equal(t, ASSET_SITE);
	assert_true(asset_type_parse("無形資産", &t));
	assert_int_equal(t, ASSET_INTANGIBLE);
	assert_false(asset_type_parse("robot", &t));
	assert_false(asset_type_parse("", &t));
}

static void test_add_get_edit(void **state)
{
	struct fx *f = *state;
	struct asset a = { .code = "A-001", .name = "顧客台帳", .type = ASSET_INFORMATION,
			   .owner = "営業部長", .c = 3, .i = 2, .a = 1, .c_reason = "個人情報を含む",
			   .classification = "社外秘" };
	struct asset_edit e = ASSET_EDIT_INIT;
	struct asset got;
	struct isms_err err;

	assert_ok(asset_add(f->ctx, f->isms, &a, NULL, &err), &err);
	assert_int_equal(asset_add(f->ctx, f->isms, &a, NULL, &err), ISMS_EEXIST);
	assert_ok(asset_get(f->ctx, &f->a, f->isms, "A-001", &got, &err), &err);
	assert_string_equal(got.name, "顧客台帳");
	assert_int_equal(got.c, 3);
	assert_string_equal(got.c_reason, "個人情報を含む");
	assert_string_equal(got.location, "");
	/* a partial edit: only what is given changes; 0 clears a value */
	e.owner = "";
	e.c = 0;
	e.location = "本社";
	assert_ok(asset_edit(f->ctx, f->isms, "A-001", &e, &err), &err);
	assert_ok(asset_get(f->ctx, &f->a, f->isms, "A-001", &got, &err), &err);
	assert_string_equal(got.owner, "");
	assert_int_equal(got.c, 0);
	assert_int_equal(got.i, 2);
	assert_string_equal(got.location, "本社");
	assert_string_equal(got.classification, "社外秘");
	/* the log has the change with before and after */
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'asset' AND action = 'update'"
				      " AND before_json LIKE '%\"c\":3%' AND after_json LIKE '%\"c\":null%'"),
			 1);
	assert_int_equal(asset_get(f->ctx, &f->a, f->isms, "A-999", &got, &err), ISMS_ENOTFOUND);
	assert_int_equal(asset_edit(f->ctx, f->isms, "A-999", &e, &err), ISMS_ENOTFOUND);
}

static void test_bad_input(void **state)
{
	struct fx *f = *state;
	struct asset a = { .code = "A 1", .name = "x", .type = ASSET_SITE };
	struct asset_edit e = ASSET_EDIT_INIT;
	struct isms_err err;
	char long_name[ASSET_NAME_MAX + 2];

	assert_int_equal(asset_add(f->ctx, f->isms, &a, NULL, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "code");
	a.code = "A-1";
	a.name = "";
	assert_int_equal(asset_add(f->ctx, f->isms, &a, NULL, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "name");
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	a.name = long_name;
	assert_int_equal(asset_add(f->ctx, f->isms, &a, NULL, &err), ISMS_ELIMIT);
	a.name = "x";
	a.c = 11;
	assert_int_equal(asset_add(f->ctx, f->isms, &a, NULL, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "c");
	a.c = 0;
	a.owner = "tab\there";
	assert_int_equal(asset_add(f->ctx, f->isms, &a, NULL, &err), ISMS_EINVAL);
	a.owner = NULL;
	a.description = "two\nlines are fine";
	assert_ok(asset_add(f->ctx, f->isms, &a, NULL, &err), &err);
	e.a = 42;
	assert_int_equal(asset_edit(f->ctx, f->isms, "A-1", &e, &err), ISMS_EINVAL);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM asset"), 1);
}

static void test_deps(void **state)
{
	struct fx *f = *state;
	const char *d1[] = { "B" }, *d2[] = { "C" }, *d3[] = { "A" }, *self[] = { "A" }, *none[] = { "Z" };
	struct asset_edit e = ASSET_EDIT_INIT;
	struct asset got;
	struct isms_err err;

	add(f, "A", ASSET_SERVICE, 0, NULL);
	add(f, "B", ASSET_SOFTWARE, 0, NULL);
	add(f, "C", ASSET_HARDWARE, 0, NULL);
	e.set_deps = true;
	e.deps = d1, e.ndeps = 1;
	assert_ok(asset_edit(f->ctx, f->isms, "A", &e, &err), &err);
	e.deps = d2;
	assert_ok(asset_edit(f->ctx, f->isms, "B", &e, &err), &err);
	/* C -> A would close A -> B -> C -> A */
	e.deps = d3;
	assert_int_equal(asset_edit(f->ctx, f->isms, "C", &e, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.detail, "A → B"));
	assert_non_null(strstr(err.detail, "B → C"));
	assert_non_null(strstr(err.detail, "C → A"));
	e.deps = self;
	assert_int_equal(asset_edit(f->ctx, f->isms, "A", &e, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "itself"));
	e.deps = none;
	assert_int_equal(asset_edit(f->ctx, f->isms, "A", &e, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "\"Z\""));
	assert_ok(asset_get(f->ctx, &f->a, f->isms, "B", &got, &err), &err);
	assert_int_equal(got.ndeps, 1);
	assert_string_equal(got.depends_on[0], "C");
	assert_int_equal(got.nneeded, 1);
	assert_string_equal(got.needed_by[0], "A");
	/* removing B takes its dependency rows with it */
	assert_ok(asset_rm(f->ctx, f->isms, "B", &err), &err);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM asset_dependency"), 0);
	assert_int_equal(asset_rm(f->ctx, f->isms, "B", &err), ISMS_ENOTFOUND);
	/* a dependency chain far longer than a recursion could take */
	{
		char code[32], prev[32];
		const char *dep[1] = { prev };

		for (int i = 0; i < 3000; i++) {
			struct asset a = { .code = code, .name = "n", .type = ASSET_SITE };

			snprintf(code, sizeof(code), "L-%d", i);
			a.depends_on = dep;
			a.ndeps = i > 0;
			assert_ok(asset_add(f->ctx, f->isms, &a, NULL, &err), &err);
			snprintf(prev, sizeof(prev), "%s", code);
		}
		e.deps = dep;
		snprintf(prev, sizeof(prev), "L-2999");
		assert_int_equal(asset_edit(f->ctx, f->isms, "L-0", &e, &err), ISMS_EINVAL);
		assert_non_null(strstr(err.msg, "cycle"));
	}
}

static void test_list(void **state)
{
	struct fx *f = *state;
	struct asset_filter flt = ASSET_FILTER_INIT;
	struct asset_edit e = ASSET_EDIT_INIT;
	struct asset_group *g;
	struct asset *rows;
	size_t n, total;
	struct isms_err err;

	add(f, "A-3", ASSET_INFORMATION, 1, "総務");
	add(f, "A-1", ASSET_SOFTWARE, 3, "情シス");
	add(f, "A-2", ASSET_INFORMATION, 2, "");
	add(f, "B-1", ASSET_SITE, 0, "総務");
	e.group = "本社";
	assert_ok(asset_edit(f->ctx, f->isms, "A-1", &e, &err), &err);
	assert_ok(asset_edit(f->ctx, f->isms, "A-3", &e, &err), &err);
	assert_ok(asset_list(f->ctx, &f->a, f->isms, &flt, &rows, &n, &total, &err), &err);
	assert_int_equal(n, 4);
	assert_string_equal(rows[0].code, "A-1");
	assert_string_equal(rows[3].code, "B-1");
	flt.type = ASSET_INFORMATION;
	assert_ok(asset_list(f->ctx, &f->a, f->isms, &flt, &rows, &n, &total, &err), &err);
	assert_int_equal(n, 2);
	flt.type = -1;
	flt.owner = "";
	assert_ok(asset_list(f->ctx, &f->a, f->isms, &flt, &rows, &n, &total, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].code, "A-2");
	flt.owner = NULL;
	flt.group = "本社";
	assert_ok(asset_list(f->ctx, &f->a, f->isms, &flt, &rows, &n, &total, &err), &err);
	assert_int_equal(n, 2);
	flt.group = NULL;
	flt.text = "b-";
	assert_ok(asset_list(f->ctx, &f->a, f->isms, &flt, &rows, &n, &total, &err), &err);
	assert_int_equal(n, 1);
	/* "%" is a character to look for, not a wildcard */
	flt.text = "%";
	assert_ok(asset_list(f->ctx, &f->a, f->isms, &flt, &rows, &n, &total, &err), &err);
	assert_int_equal(n, 0);
	flt.text = NULL;
	flt.unvalued = true;
	assert_ok(asset_list(f->ctx, &f->a, f->isms, &flt, &rows, &n, &total, &err), &err);
	assert_int_equal(n, 1);
	flt.unvalued = false;
	flt.sort = ASSET_SORT_VALUE;
	flt.desc = true;
	flt.limit = 2;
	flt.offset = 1;
	assert_ok(asset_list(f->ctx, &f->a, f->isms, &flt, &rows, &n, &total, &err), &err);
	assert_int_equal(total, 4);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].code, "A-2");
	assert_string_equal(rows[1].code, "A-3");
	assert_ok(asset_groups(f->ctx, &f->a, f->isms, &g, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(g[0].name, "");
	assert_int_equal(g[0].count, 2);
	assert_int_equal(g[0].unvalued, 1);
	assert_string_equal(g[1].name, "本社");
	assert_int_equal(g[1].c, 3);
}

static void test_status_facts(void **state)
{
	struct fx *f = *state;
	struct status_facts sf = { 0 };
	struct isms_err err;

	add(f, "A-1", ASSET_INFORMATION, 1, "総務");
	add(f, "A-2", ASSET_INFORMATION, 0, "");
	add(f, "A-3", ASSET_INFORMATION, 0, "x");
	assert_ok(asset_status_facts(f->ctx, f->isms, &sf, &err), &err);
	assert_int_equal(sf.assets, 3);
	assert_int_equal(sf.assets_without_owner, 1);
	assert_int_equal(sf.assets_unvalued, 2);
}

static enum isms_rc import(struct fx *f, const char *csv, struct asset_import_result *res,
			   struct tabin_errors *errs, struct isms_err *err)
{
	struct asset_import_opts o = { .source = "test.csv" };
	struct tabin t;
	enum isms_rc rc;

	rc = tabin_read_csv(csv, strlen(csv), NULL, &t, err);
	if (rc)
		return rc;
	rc = asset_import(f->ctx, f->isms, &t, &o, res, errs, err);
	tabin_release(&t);
	return rc;
}

static void test_import(void **state)
{
	struct fx *f = *state;
	struct asset_import_result res;
	struct tabin_errors errs = { 0 };
	struct isms_err err;
	struct asset got;

	assert_ok(import(f,
			 "資産ID,資産名,種別,管理責任者,機密性,完全性,可用性,依存先\n"
			 "A-2,サーバ,hardware,情シス,2,2,3,\n"
			 "A-1,台帳,情報,営業,3,,1,\"A-2; A-3\"\n"
			 "A-3,回線,サービス,,１,1,1,\n",
			 &res, &errs, &err),
		  &err);
	assert_int_equal(res.added, 3);
	assert_int_equal(res.updated + res.unchanged, 0);
	assert_ok(asset_get(f->ctx, &f->a, f->isms, "A-1", &got, &err), &err);
	assert_int_equal(got.ndeps, 2);
	assert_int_equal(got.i, 0);
	assert_int_equal(got.type, ASSET_INFORMATION);
	assert_ok(asset_get(f->ctx, &f->a, f->isms, "A-3", &got, &err), &err);
	assert_int_equal(got.c, 1);
	/* one audit entry for the whole import */
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'"), 1);

	/* only the columns present change; the rest stay */
	assert_ok(import(f, "id,owner\nA-1,総務\nA-2,情シス\n", &res, &errs, &err), &err);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.updated, 1);
	assert_int_equal(res.unchanged, 1);
	assert_ok(asset_get(f->ctx, &f->a, f->isms, "A-1", &got, &err), &err);
	assert_string_equal(got.owner, "総務");
	assert_string_equal(got.name, "台帳");
	assert_int_equal(got.ndeps, 2);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'"
				      " AND after_json LIKE '%\"owner\":[\"営業\",\"総務\"]%'"),
			 1);

	/* every error at once, nothing written */
	assert_int_equal(import(f,
				"id,name,type,c,depends on\n"
				"A-9,x,robot,2,\n"
				"A-10,,site,99,\n"
				"A-11,y,site,x,A-404\n"
				"A-9,z,site,1,\n"
				"A-12,w,site,1,A-12\n",
				&res, &errs, &err),
			 ISMS_EINVAL);
	assert_int_equal(errs.total, 7);
	assert_int_equal(errs.v[0].line, 2);
	assert_int_equal(errs.v[0].column, 3);
	assert_string_equal(errs.v[0].field, "type");
	assert_int_equal(errs.v[1].line, 3);
	assert_string_equal(errs.v[1].field, "name");
	assert_string_equal(errs.v[2].field, "c");
	assert_int_equal(errs.v[3].line, 4);
	assert_string_equal(errs.v[4].field, "code");
	assert_non_null(strstr(errs.v[4].msg, "also on line 2"));
	assert_non_null(strstr(errs.v[5].msg, "A-404"));
	assert_non_null(strstr(errs.v[6].msg, "itself"));
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM asset"), 3);
	tabin_errors_release(&errs);

	/* a cycle through the file and the database */
	assert_int_equal(import(f, "id,depends on\nA-2,A-1\n", &res, &errs, &err), ISMS_EINVAL);
	assert_int_equal(errs.total, 1);
	assert_non_null(strstr(errs.v[0].msg, "cycle"));
	tabin_errors_release(&errs);

	/* no header with an ID column; a header without rows */
	assert_int_equal(import(f, "name,type\nx,site\n", &res, &errs, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "no header"));
	assert_int_equal(import(f, "id,name\n", &res, &errs, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "no rows"));
}

/* Asset k of test_import_many depends on k - 1 when k % 4 == 1, asset 3
 * on the last one, and asset 20 on two. */
static size_t many_deps(size_t k, size_t n, char out[2][24])
{
	if (k == 3) {
		snprintf(out[0], 24, "A-%02zu", n);
		return 1;
	}
	if (k == 20) {
		snprintf(out[0], 24, "A-01");
		snprintf(out[1], 24, "A-33");
		return 2;
	}
	if (k > 1 && k % 4 == 1) {
		snprintf(out[0], 24, "A-%02zu", k - 1);
		return 1;
	}
	return 0;
}

/* More rows than one statement inserts (assets go in batches): every
 * field of every row lands on its own asset, and dependencies reach
 * across batches and into the rows inserted last. */
static void test_import_many(void **state)
{
	static const char *const type_cells[ASSET_TYPE_COUNT] = {
		"情報", "software", "ＨＡＲＤＷＡＲＥ", "サービス", "人", "施設", "無形資産",
	};
	static const size_t probe[] = { 1, 3, 16, 17, 20, 32, 33, 40, 41 };
	const size_t n = 41;
	struct fx *f = *state;
	struct asset_import_result res;
	struct tabin_errors errs = { 0 };
	struct isms_err err;
	struct sbuf csv = SBUF_INIT;
	struct asset got;
	char want[64], deps[2][24];

	sbuf_addstr(&csv, "id,name,type,owner,location,group,c,i,a,description,c reason,i reason,"
			  "a reason,classification,depends on\n");
	for (size_t k = 1; k <= n; k++) {
		size_t nd = many_deps(k, n, deps);

		sbuf_addf(&csv, "A-%02zu,name %zu,%s,owner %zu,loc %zu,G%zu,%zu,%zu,%s,desc %zu,cr %zu,ir %zu,"
				"ar %zu,class %zu,%s%s%s\n",
			  k, k, type_cells[k % ASSET_TYPE_COUNT], k, k, k % 3, 1 + k % 3, 1 + (k + 1) % 3,
			  k % 4 ? "2" : "", k, k, k, k, k, nd ? deps[0] : "", nd > 1 ? ";" : "",
			  nd > 1 ? deps[1] : "");
	}
	assert_ok(import(f, csv.buf, &res, &errs, &err), &err);
	assert_int_equal(res.added, n);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM asset_dependency"), 13);
	for (size_t p = 0; p < sizeof(probe) / sizeof(probe[0]); p++) {
		size_t k = probe[p], nd = many_deps(k, n, deps);

		snprintf(want, sizeof(want), "A-%02zu", k);
		assert_ok(asset_get(f->ctx, &f->a, f->isms, want, &got, &err), &err);
		snprintf(want, sizeof(want), "name %zu", k);
		assert_string_equal(got.name, want);
		assert_int_equal(got.type, (enum asset_type)(k % ASSET_TYPE_COUNT));
		snprintf(want, sizeof(want), "owner %zu", k);
		assert_string_equal(got.owner, want);
		snprintf(want, sizeof(want), "loc %zu", k);
		assert_string_equal(got.location, want);
		snprintf(want, sizeof(want), "G%zu", k % 3);
		assert_string_equal(got.group, want);
		assert_int_equal(got.c, (int)(1 + k % 3));
		assert_int_equal(got.i, (int)(1 + (k + 1) % 3));
		assert_int_equal(got.a, k % 4 ? 2 : 0);
		snprintf(want, sizeof(want), "desc %zu", k);
		assert_string_equal(got.description, want);
		snprintf(want, sizeof(want), "cr %zu", k);
		assert_string_equal(got.c_reason, want);
		snprintf(want, sizeof(want), "ir %zu", k);
		assert_string_equal(got.i_reason, want);
		snprintf(want, sizeof(want), "ar %zu", k);
		assert_string_equal(got.a_reason, want);
		snprintf(want, sizeof(want), "class %zu", k);
		assert_string_equal(got.classification, want);
		assert_int_equal(got.ndeps, nd);
		for (size_t d = 0; d < nd; d++)
			assert_string_equal(got.depends_on[d], deps[d]);
	}
	/* the same file again changes nothing */
	assert_ok(import(f, csv.buf, &res, &errs, &err), &err);
	assert_int_equal(res.added + res.updated, 0);
	assert_int_equal(res.unchanged, n);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'"), 1);
	sbuf_release(&csv);

	/* an asset made to depend on one the same file adds, which itself
	 * depends on nothing */
	assert_ok(import(f, "id,name,type,depends on\nA-02,name 2,software,B-1\nB-1,b,site,\n", &res,
			 &errs, &err),
		  &err);
	assert_int_equal(res.added, 1);
	assert_int_equal(res.updated, 1);
	assert_ok(asset_get(f->ctx, &f->a, f->isms, "A-02", &got, &err), &err);
	assert_int_equal(got.ndeps, 1);
	assert_string_equal(got.depends_on[0], "B-1");
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM asset_dependency"), 14);

	/* with the highest id taken, SQLite numbers new rows at random below
	 * the others: the import still finds the ids of those it added */
	sbuf_addf(&csv, "INSERT INTO asset (id, isms_id, code, name, type, created_at, updated_at)"
			" VALUES (9223372036854775807, %lld, 'Z-1', 'z', 'site', '', '')",
		  (long long)f->isms);
	exec_sql(f, csv.buf);
	sbuf_release(&csv);
	assert_ok(import(f, "id,name,type,depends on\nC-1,c,site,\nC-2,c,site,C-1\nA-03,name 3,人,C-2\n",
			 &res, &errs, &err),
		  &err);
	assert_int_equal(res.added, 2);
	assert_int_equal(res.updated, 1);
	assert_ok(asset_get(f->ctx, &f->a, f->isms, "C-2", &got, &err), &err);
	assert_int_equal(got.ndeps, 1);
	assert_string_equal(got.depends_on[0], "C-1");
	assert_ok(asset_get(f->ctx, &f->a, f->isms, "A-03", &got, &err), &err);
	assert_int_equal(got.ndeps, 1);
	assert_string_equal(got.depends_on[0], "C-2");
}

static void test_report(void **state)
{
	struct fx *f = *state;
	struct report_opts o = { .date = "2026-01-31" };
	struct isms_info info;
	struct isms_err err;
	struct doc *d;

	add(f, "A-1", ASSET_INFORMATION, 2, "");
	assert_ok(isms_resolve(f->ctx, &f->a, NULL, &info, &err), &err);
	assert_non_null(report_find("assets"));
	assert_null(report_find("nothing"));
	assert_ok(report_assets(f->ctx, &info, &o, &d, &err), &err);
	assert_string_equal(doc_meta_get(d, "date"), "2026-01-31");
	assert_string_equal(doc_meta_get(d, "organisation"), "Example");
	assert_int_equal(d->main_table->nrows, 1);
	assert_int_equal(d->main_table->ncols, AF_COUNT);
	assert_string_equal(doc_cell(d->main_table, 0, AF_TYPE)->v, "information");
	assert_int_equal(doc_cell(d->main_table, 0, AF_OWNER)->style, DOC_STYLE_WARN);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),
		cmocka_unit_test_setup_teardown(test_add_get_edit, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_deps, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_status_facts, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_import, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_many, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_report, setup, fx_teardown),
	};

	if (!isms_crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
