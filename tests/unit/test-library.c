/* test-library.c - an ISMS's own threats and vulnerabilities: changing and removing them, refusals, and what is audited. */
#include "helpers.h"

#include "isms/asset.h"
#include "isms/library.h"
#include "isms/risk.h"
#include "isms/scoring.h"

static int setup(void **state)
{
	*state = fx_new(2022);
	return *state ? 0 : -1;
}

/* The first column of the first row of `sql` as text, in `out`. */
static const char *text_sql(struct fx *f, const char *sql, char *out, size_t size)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	out[0] = '\0';
	sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static long audits(struct fx *f)
{
	return count_sql(f, "SELECT COUNT(*) FROM audit_log");
}

/* UT-001 "Drone surveillance" and UV-001 "Low fence", linked to it. */
static void add_own(struct fx *f)
{
	struct lib_threat t = { .name_en = "Drone surveillance", .name_ja = "ドローンによる監視",
				.category = THREAT_DELIBERATE, .props = SCORE_C,
				.asset_types = "site", .ctl = { "A.7.4" } };
	struct lib_vuln v = { .name_en = "Low fence", .threats = "UT-001,T-001", .asset_types = "site",
			      .ctl = { "A.7.1" } };
	char code[LIB_CODE_MAX + 1];
	struct isms_err err;

	assert_ok(threat_add(f->ctx, f->isms, &t, code, &err), &err);
	assert_string_equal(code, "UT-001");
	assert_ok(vuln_add(f->ctx, f->isms, &v, code, &err), &err);
	assert_string_equal(code, "UV-001");
}

static const struct lib_threat *threat_of(struct fx *f, const char *code)
{
	struct library lib;
	struct isms_err err;

	assert_ok(library_load(f->ctx, &f->a, f->isms, &lib, &err), &err);
	return library_find_threat(&lib, code);
}

static const struct lib_vuln *vuln_of(struct fx *f, const char *code)
{
	struct library lib;
	struct isms_err err;

	assert_ok(library_load(f->ctx, &f->a, f->isms, &lib, &err), &err);
	return library_find_vuln(&lib, code);
}

static void test_threat_edit(void **state)
{
	struct fx *f = *state;
	struct threat_edit e = THREAT_EDIT_INIT;
	const struct lib_threat *t;
	struct isms_err err;
	char buf[2048];
	long n0;

	add_own(f);
	n0 = audits(f);
	e.name_en = "Drone filming";
	e.props = SCORE_C | SCORE_A;
	e.category = THREAT_ACCIDENTAL;
	e.asset_types = " site , people,site";
	e.controls = "A.7.4, A.7.1";
	e.desc_en = "Filmed from above.";
	assert_ok(threat_edit(f->ctx, f->isms, "UT-001", &e, &err), &err);
	t = threat_of(f, "UT-001");
	assert_non_null(t);
	assert_string_equal(t->name_en, "Drone filming");
	assert_string_equal(t->name_ja, "ドローンによる監視"); /* not given: unchanged */
	assert_int_equal(t->props, SCORE_C | SCORE_A);
	assert_int_equal(t->category, THREAT_ACCIDENTAL);
	assert_string_equal(t->asset_types, "site,people");
	assert_string_equal(lib_threat_controls(t, 2022), "A.7.4,A.7.1");
	assert_string_equal(t->desc_en, "Filmed from above.");
	/* one audit entry, with before and after */
	assert_int_equal(audits(f), n0 + 1);
	text_sql(f, "SELECT entity || ' ' || entity_id || ' ' || action || ' ' || before_json || ' ' || after_json"
		    " FROM audit_log ORDER BY id DESC LIMIT 1", buf, sizeof(buf));
	assert_non_null(strstr(buf, "threat UT-001 update {"));
	assert_non_null(strstr(buf, "\"name_en\":\"Drone surveillance\""));
	assert_non_null(strstr(buf, "\"name_en\":\"Drone filming\""));
	assert_non_null(strstr(buf, "\"props\":\"CA\""));

	/* the same values again change nothing and are not audited */
	assert_ok(threat_edit(f->ctx, f->isms, "UT-001", &e, &err), &err);
	assert_int_equal(audits(f), n0 + 1);

	/* "" clears a text; by its exact name too */
	e = (struct threat_edit)THREAT_EDIT_INIT;
	e.desc_en = "";
	e.name_ja = "";
	assert_ok(threat_edit(f->ctx, f->isms, "Drone filming", &e, &err), &err);
	t = threat_of(f, "UT-001");
	assert_string_equal(t->desc_en, "");
	assert_string_equal(t->name_ja, "");
	assert_int_equal(audits(f), n0 + 2);
	/* its own name, in another case, is no conflict */
	e = (struct threat_edit)THREAT_EDIT_INIT;
	e.name_en = "drone filming";
	assert_ok(threat_edit(f->ctx, f->isms, "UT-001", &e, &err), &err);
	assert_string_equal(threat_of(f, "UT-001")->name_en, "drone filming");
}

/* Each bad change is refused with add's error, naming the field, and
 * changes nothing. */
static void test_edit_errors(void **state)
{
	struct fx *f = *state;
	struct isms_err err;
	char before[4096], after[4096];
	long n0;
	static const char *const row =
		"SELECT category || props || name_en || '/' || name_ja || asset_types || controls || desc_en"
		" FROM threat WHERE code = 'UT-001'";
	struct {
		struct threat_edit e;
		enum isms_rc rc;
		const char *field, *msg;
	} cases[] = {
		{ { .name_en = "", .name_ja = "", .category = -1, .props = -1 }, ISMS_EINVAL, "name",
		  "a name in English or Japanese is required" },
		{ { .name_en = "Phishing", .category = -1, .props = -1 }, ISMS_EEXIST, "name_en",
		  "the library already has an entry named \"Phishing\"" },
		{ { .name_ja = "T-001", .category = -1, .props = -1 }, ISMS_EEXIST, "name_ja", "already has" },
		{ { .controls = "A.7.4,A.9.9.9", .category = -1, .props = -1 }, ISMS_EINVAL, "controls",
		  "A.9.9.9 is not a control of ISO/IEC 27001:2022 Annex A" },
		{ { .asset_types = "site,spaceship", .category = -1, .props = -1 }, ISMS_EINVAL, "asset_types",
		  "unknown asset type \"spaceship\"" },
		{ { .category = -1, .props = 0 }, ISMS_EINVAL, "props", "at least one of C, I and A" },
		{ { .category = -1, .props = 8 }, ISMS_EINVAL, "props", "at least one of C, I and A" },
		{ { .category = THREAT_CATEGORY_COUNT, .props = -1 }, ISMS_EINVAL, "category",
		  "unknown threat category" },
		{ { .name_en = "x\001y", .category = -1, .props = -1 }, ISMS_EINVAL, "name_en", "" },
	};
	char long_desc[LIB_DESC_MAX + 2];

	add_own(f);
	memset(long_desc, 'x', sizeof(long_desc) - 1);
	long_desc[sizeof(long_desc) - 1] = '\0';
	text_sql(f, row, before, sizeof(before));
	assert_true(*before);
	n0 = audits(f);
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		cases[k].e.desc_en = "a change that must not be saved";
		assert_int_equal(threat_edit(f->ctx, f->isms, "UT-001", &cases[k].e, &err), cases[k].rc);
		assert_string_equal(err.field, cases[k].field);
		if (!strstr(err.msg, cases[k].msg))
			fail_msg("case %zu: %s", k, err.msg);
	}
	{
		struct threat_edit e = THREAT_EDIT_INIT;

		e.desc_en = long_desc;
		assert_int_not_equal(threat_edit(f->ctx, f->isms, "UT-001", &e, &err), ISMS_OK);
		assert_string_equal(err.field, "description_en");
	}
	{
		struct vuln_edit v = VULN_EDIT_INIT;

		v.threats = "UT-001,T-999";
		v.name_en = "Changed fence";
		assert_int_equal(vuln_edit(f->ctx, f->isms, "UV-001", &v, &err), ISMS_EINVAL);
		assert_string_equal(err.field, "threats");
		assert_non_null(strstr(err.msg, "T-999"));
		assert_string_equal(vuln_of(f, "UV-001")->name_en, "Low fence");
	}
	assert_int_equal(audits(f), n0);
	assert_string_equal(text_sql(f, row, after, sizeof(after)), before);
}

static void test_builtin_and_unknown_entries(void **state)
{
	struct fx *f = *state;
	struct threat_edit te = THREAT_EDIT_INIT;
	struct vuln_edit ve = VULN_EDIT_INIT;
	struct isms_err err;
	long n0 = audits(f);

	te.name_en = "Mine now";
	ve.name_en = "Mine now";
	assert_int_equal(threat_edit(f->ctx, f->isms, "T-001", &te, &err), ISMS_EPERM);
	assert_non_null(strstr(err.msg, "built-in threat \"T-001\" cannot be changed"));
	assert_non_null(strstr(err.hint, "of this ISMS's own"));
	assert_int_equal(threat_rm(f->ctx, f->isms, "T-001", &err), ISMS_EPERM);
	assert_non_null(strstr(err.msg, "cannot be removed"));
	assert_int_equal(vuln_edit(f->ctx, f->isms, "V-001", &ve, &err), ISMS_EPERM);
	assert_non_null(strstr(err.msg, "built-in vulnerability \"V-001\""));
	assert_int_equal(vuln_rm(f->ctx, f->isms, "V-001", &err), ISMS_EPERM);
	/* by name too: still the built-in entry */
	assert_int_equal(threat_rm(f->ctx, f->isms, "Phishing", &err), ISMS_EPERM);
	assert_int_equal(threat_edit(f->ctx, f->isms, "UT-404", &te, &err), ISMS_ENOTFOUND);
	assert_int_equal(vuln_rm(f->ctx, f->isms, "UV-404", &err), ISMS_ENOTFOUND);
	assert_int_equal(audits(f), n0);
	assert_string_equal(threat_of(f, "T-001")->name_en, "Unauthorised access");
}

static void test_rm_refused_while_used(void **state)
{
	struct fx *f = *state;
	struct asset as = { .code = "A-1", .name = "Site", .type = ASSET_SITE, .c = 2, .i = 2, .a = 2 };
	struct risk_new rn = { .asset = "A-1", .threat = "UT-001", .vuln = "V-001" };
	struct vuln_edit ve = VULN_EDIT_INIT;
	char code[RISK_CODE_MAX + 1], buf[2048];
	struct isms_err err;
	long n0;

	add_own(f);
	assert_ok(asset_add(f->ctx, f->isms, &as, NULL, &err), &err);
	for (int k = 0; k < 7; k++)
		assert_ok(risk_add(f->ctx, f->isms, &rn, code, &err), &err);
	rn.threat = "T-001";
	rn.vuln = "UV-001";
	assert_ok(risk_add(f->ctx, f->isms, &rn, code, &err), &err);
	assert_string_equal(code, "R-008");
	n0 = audits(f);

	/* seven risks: the first five named, and the count */
	assert_int_equal(threat_rm(f->ctx, f->isms, "UT-001", &err), ISMS_ESTATE);
	assert_string_equal(err.msg, "threat \"UT-001\" is used by risks");
	assert_string_equal(err.detail, "7 risks use it: R-001, R-002, R-003, R-004, R-005, ….");
	assert_non_null(strstr(err.hint, "another threat"));
	assert_int_equal(vuln_rm(f->ctx, f->isms, "UV-001", &err), ISMS_ESTATE);
	assert_string_equal(err.detail, "1 risk uses it: R-008.");
	assert_int_equal(audits(f), n0);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM threat"), 1);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM vulnerability"), 1);

	/* without the risks, the link from UV-001 still keeps UT-001 */
	for (int k = 1; k <= 7; k++) {
		char rc[16];

		snprintf(rc, sizeof(rc), "R-%03d", k);
		assert_ok(risk_rm(f->ctx, f->isms, rc, &err), &err);
	}
	n0 = audits(f);
	assert_int_equal(threat_rm(f->ctx, f->isms, "UT-001", &err), ISMS_ESTATE);
	assert_string_equal(err.msg, "threat \"UT-001\" is linked to vulnerabilities");
	assert_non_null(strstr(err.detail, "UV-001"));
	assert_int_equal(audits(f), n0);
	assert_string_equal(vuln_of(f, "UV-001")->threats, "UT-001,T-001");

	/* once the vulnerability no longer links to it, it goes, audited */
	ve.threats = "T-001";
	assert_ok(vuln_edit(f->ctx, f->isms, "UV-001", &ve, &err), &err);
	assert_ok(threat_rm(f->ctx, f->isms, "UT-001", &err), &err);
	assert_null(threat_of(f, "UT-001"));
	assert_int_equal(audits(f), n0 + 2);
	text_sql(f, "SELECT entity_id || ' ' || action || ' ' || before_json || ' ' || IFNULL(after_json, 'null')"
		    " FROM audit_log ORDER BY id DESC LIMIT 1", buf, sizeof(buf));
	assert_non_null(strstr(buf, "UT-001 delete {"));
	assert_non_null(strstr(buf, "\"name_en\":\"Drone surveillance\""));
	assert_non_null(strstr(buf, "} null"));

	assert_ok(risk_rm(f->ctx, f->isms, "R-008", &err), &err);
	assert_ok(vuln_rm(f->ctx, f->isms, "UV-001", &err), &err);
	assert_null(vuln_of(f, "UV-001"));
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'delete'"
				      " AND entity IN ('threat', 'vulnerability')"),
			 2);
	/* gone: a second removal finds nothing */
	assert_int_equal(vuln_rm(f->ctx, f->isms, "UV-001", &err), ISMS_ENOTFOUND);
}

/* Another ISMS's entries are out of reach. */
static void test_other_isms(void **state)
{
	struct fx *f = *state;
	struct isms_new in = { .org = "Other", .name = "other", .edition = 2022, .lang = ISMS_LANG_EN };
	struct threat_edit e = THREAT_EDIT_INIT;
	struct isms_err err;
	int64_t other;

	add_own(f);
	assert_ok(isms_create(f->ctx, &in, &other, &err), &err);
	e.name_en = "Hijacked";
	assert_int_equal(threat_edit(f->ctx, other, "UT-001", &e, &err), ISMS_ENOTFOUND);
	assert_int_equal(threat_rm(f->ctx, other, "UT-001", &err), ISMS_ENOTFOUND);
	assert_int_equal(vuln_rm(f->ctx, other, "UV-001", &err), ISMS_ENOTFOUND);
	assert_string_equal(threat_of(f, "UT-001")->name_en, "Drone surveillance");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_threat_edit, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_edit_errors, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_builtin_and_unknown_entries, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rm_refused_while_used, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_other_isms, setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
