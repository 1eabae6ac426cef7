/* test-soa.c - steps 1, 2, 7, 9 and 10: scope, policy, control selection, authorisation, SoA, transition, demo. */
#include "helpers.h"

#include <sqlite3.h>

#include "isms/approval.h"
#include "isms/asset.h"
#include "isms/authorisation.h"
#include "isms/demo.h"
#include "isms/doc.h"
#include "isms/isms.h"
#include "isms/policy.h"
#include "isms/report.h"
#include "isms/risk.h"
#include "isms/scope.h"
#include "isms/selection.h"
#include "isms/soa.h"
#include "isms/status.h"
#include "isms/transition.h"
#include "isms/user.h"

/* The ISMS of the fixture, with "boss" as its approver. */
static int setup_edition(void **state, int edition)
{
	struct fx *f = fx_new(edition);
	struct isms_err err;

	if (!f || user_add(f->ctx, "boss", "Boss", NULL, NULL, &err) ||
	    user_role_set(f->ctx, f->isms, "boss", ROLE_APPROVER, &err))
		return -1;
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_edition(state, 2022);
}

static int setup2013(void **state)
{
	return setup_edition(state, 2013);
}

/* --- scope --------------------------------------------------------------------- */

static const char good_scope[] =
	"# ISMS scope\n"
	"<!-- guidance\n  on two lines -->\n"
	"## Organisation\n"
	"Example Corp\n"
	"## Units\n"
	"- Development: builds the product\n"
	"  and runs it\n"
	"* Administration\n"
	"## 拠点\n"
	"- 本社：東京都千代田区\n"
	"## Exclusions\n"
	"- Osaka office: sales only\n"
	"## Description\n"
	"First paragraph.\n"
	"\n"
	"### A heading inside\n";

static void test_scope_parse(void **state)
{
	struct arena a = ARENA_INIT;
	struct sbuf sb = SBUF_INIT;
	struct isms_err err;
	struct scope s, s2;

	(void)state;
	assert_ok(scope_parse(good_scope, strlen(good_scope), &a, &s, &err), &err);
	assert_string_equal(s.organisation, "Example Corp");
	assert_int_equal(s.nitems[SCOPE_UNIT], 2);
	assert_string_equal(s.items[SCOPE_UNIT][0].name, "Development");
	assert_string_equal(s.items[SCOPE_UNIT][0].detail, "builds the product\nand runs it");
	assert_string_equal(s.items[SCOPE_UNIT][1].detail, "");
	assert_int_equal(s.nitems[SCOPE_SITE], 1);
	assert_string_equal(s.items[SCOPE_SITE][0].name, "本社");
	assert_string_equal(s.items[SCOPE_SITE][0].detail, "東京都千代田区");
	assert_string_equal(s.items[SCOPE_EXCLUSION][0].detail, "sales only");
	assert_int_equal(s.nitems[SCOPE_PROCESS], 0);
	assert_string_equal(s.description, "First paragraph.\n\n### A heading inside");
	/* The written form reads back the same. */
	scope_format(&s, &sb);
	assert_ok(scope_parse(sb.buf, sb.len, &a, &s2, &err), &err);
	assert_string_equal(s2.items[SCOPE_UNIT][0].detail, "builds the product\nand runs it");
	assert_string_equal(s2.description, s.description);
	assert_int_equal(s2.nitems[SCOPE_SITE], 1);
	sbuf_release(&sb);
	arena_release(&a);
}

static void expect_parse_error(const char *text, enum isms_rc rc, long line, long col,
			       const char *msg_part)
{
	struct arena a = ARENA_INIT;
	struct isms_err err;
	struct scope s;

	assert_int_equal(scope_parse(text, strlen(text), &a, &s, &err), rc);
	if (!strstr(err.msg, msg_part))
		print_error("message \"%s\" lacks \"%s\"\n", err.msg, msg_part);
	assert_non_null(strstr(err.msg, msg_part));
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, col);
	arena_release(&a);
}

static void test_scope_parse_errors(void **state)
{
	char big[SCOPE_FILE_MAX + 10];

	(void)state;
	expect_parse_error("## Organisation\nA\n## Bogus\n", ISMS_EINVAL, 3, 4, "unknown section \"Bogus\"");
	expect_parse_error("## Organisation\nA\n## Sites\n## Sites\n", ISMS_EINVAL, 4, 4, "appears twice");
	expect_parse_error("hello\n## Organisation\nA\n", ISMS_EINVAL, 1, 1, "before the first section");
	expect_parse_error("## Organisation\nA\n## Sites\n  x\n", ISMS_EINVAL, 4, 3, "expected a list item");
	expect_parse_error("## Organisation\nA\n## Exclusions\n- Lab\n", ISMS_EINVAL, 4, 3,
			   "the exclusion \"Lab\" has no justification");
	expect_parse_error("## Organisation\nA\nB\n", ISMS_EINVAL, 3, 1, "takes one line");
	expect_parse_error("## Organisation\nA\n<!-- open\n", ISMS_EINVAL, 3, 1, "not closed");
	expect_parse_error("## Organisation\nA\n## Units\n- Dev\n- Dev\n", ISMS_EEXIST, 5, 3, "listed twice");
	expect_parse_error("## Organisation\nA\n## Units\n- : x\n", ISMS_EINVAL, 4, 3, "needs a name");
	/* Invalid UTF-8 and control characters: where they are, in characters. */
	expect_parse_error("## Organisation\n組織\xff\n", ISMS_EINVAL, 2, 3, "not valid UTF-8");
	expect_parse_error("## Organisation\nab\x01\n", ISMS_EINVAL, 2, 3, "control character");
	expect_parse_error("## Units\n- x\n", ISMS_EINVAL, 0, 0, "names no organisation");
	memset(big, 'a', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	expect_parse_error(big, ISMS_ELIMIT, 0, 0, "too large");
}

static void scope_from(struct fx *f, const char *text, int *ret_version, bool *ret_unchanged)
{
	struct isms_err err;
	struct scope s;

	assert_ok(scope_parse(text, strlen(text), &f->a, &s, &err), &err);
	assert_ok(scope_save(f->ctx, f->isms, &s, ret_version, ret_unchanged, &err), &err);
}

static void test_scope_versions(void **state)
{
	struct fx *f = *state;
	struct version_info *v;
	enum approval_state st;
	struct isms_err err;
	struct scope s;
	bool unchanged;
	int version;
	size_t n;

	assert_int_equal(scope_get(f->ctx, &f->a, f->isms, 0, &s, &err), ISMS_ENOTFOUND);
	scope_from(f, good_scope, &version, &unchanged);
	assert_int_equal(version, 1);
	assert_false(unchanged);
	scope_from(f, good_scope, &version, &unchanged);
	assert_int_equal(version, 1);
	assert_true(unchanged);
	assert_ok(scope_approval_state(f->ctx, f->isms, &st, &err), &err);
	assert_int_equal(st, APPROVAL_NONE);
	/* Only an approver approves. */
	assert_int_equal(scope_approve(f->ctx, f->isms, APPROVAL_APPROVED, NULL, NULL, &err), ISMS_EPERM);
	isms_ctx_set_actor(f->ctx, "boss");
	assert_ok(scope_approve(f->ctx, f->isms, APPROVAL_APPROVED, "ok", &version, &err), &err);
	assert_int_equal(version, 1);
	assert_ok(scope_approval_state(f->ctx, f->isms, &st, &err), &err);
	assert_int_equal(st, APPROVAL_CURRENT);
	/* A new version makes the approval stale; the old one stays readable. */
	scope_from(f, "## Organisation\nExample Corp\n## Units\n- Dev\n## Sites\n- HQ\n", &version,
		   &unchanged);
	assert_int_equal(version, 2);
	assert_ok(scope_approval_state(f->ctx, f->isms, &st, &err), &err);
	assert_int_equal(st, APPROVAL_STALE);
	assert_ok(scope_get(f->ctx, &f->a, f->isms, 1, &s, &err), &err);
	assert_int_equal(s.nitems[SCOPE_UNIT], 2);
	assert_string_equal(s.items[SCOPE_EXCLUSION][0].name, "Osaka office");
	assert_ok(scope_get(f->ctx, &f->a, f->isms, 0, &s, &err), &err);
	assert_int_equal(s.version, 2);
	assert_int_equal(scope_get(f->ctx, &f->a, f->isms, 7, &s, &err), ISMS_ENOTFOUND);
	assert_ok(scope_history(f->ctx, &f->a, f->isms, &v, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].approved_by, "boss");
	assert_null(v[1].approved_by);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'scope'"), 2);
}

/* --- policy -------------------------------------------------------------------- */

static void test_policy(void **state)
{
	struct fx *f = *state;
	struct sbuf sb = SBUF_INIT;
	enum approval_state st;
	struct isms_err err;
	struct policy p;
	bool unchanged;
	int version;

	assert_ok(policy_template(ISMS_LANG_JA, "株式会社テスト", "2026-04-01", &sb, &err), &err);
	assert_non_null(strstr(sb.buf, "# 株式会社テスト 情報セキュリティ基本方針"));
	assert_non_null(strstr(sb.buf, "制定日：2026-04-01"));
	assert_non_null(strstr(sb.buf, "経営陣のコミットメント"));
	assert_null(strstr(sb.buf, "{{"));
	sbuf_reset(&sb);
	assert_ok(policy_template(ISMS_LANG_EN, "Test Ltd", "2026-04-01", &sb, &err), &err);
	assert_non_null(strstr(sb.buf, "# Information Security Policy of Test Ltd"));
	assert_non_null(strstr(sb.buf, "## 4. Legal, regulatory and contractual requirements"));
	assert_non_null(strstr(sb.buf, "## 6. Review"));
	assert_ok(policy_save(f->ctx, f->isms, sb.buf, &version, &unchanged, &err), &err);
	assert_int_equal(version, 1);
	/* CRLF and trailing blank lines are the same text. */
	assert_ok(policy_save(f->ctx, f->isms, "# P\r\nline\r\n\r\n", &version, &unchanged, &err), &err);
	assert_int_equal(version, 2);
	assert_ok(policy_save(f->ctx, f->isms, "# P\nline\n", &version, &unchanged, &err), &err);
	assert_true(unchanged);
	assert_ok(policy_get(f->ctx, &f->a, f->isms, 0, &p, &err), &err);
	assert_string_equal(p.body, "# P\nline\n");
	assert_ok(policy_get(f->ctx, &f->a, f->isms, 1, &p, &err), &err);
	assert_non_null(strstr(p.body, "Test Ltd"));
	assert_int_equal(policy_save(f->ctx, f->isms, " \n\t\n", &version, &unchanged, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "empty"));
	assert_int_equal(policy_save(f->ctx, f->isms, "a\nb\x02", &version, &unchanged, &err), ISMS_EINVAL);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 2);
	isms_ctx_set_actor(f->ctx, "boss");
	assert_ok(policy_approve(f->ctx, f->isms, APPROVAL_REJECTED, "redo", NULL, &err), &err);
	assert_ok(policy_approval_state(f->ctx, f->isms, &st, &err), &err);
	assert_int_equal(st, APPROVAL_REJECTED_STATE);
	assert_ok(policy_approve(f->ctx, f->isms, APPROVAL_APPROVED, NULL, NULL, &err), &err);
	assert_ok(policy_approval_state(f->ctx, f->isms, &st, &err), &err);
	assert_int_equal(st, APPROVAL_CURRENT);
	sbuf_release(&sb);
}

/* --- a risk whose treatment uses controls ------------------------------------------- */

static void add_treated_risk(struct fx *f, const char *asset, const char *const *controls, size_t n,
			     char code[RISK_CODE_MAX + 1])
{
	struct asset a = { .code = asset, .name = asset, .type = ASSET_INFORMATION, .c = 3, .i = 3,
			   .a = 3, .owner = "Ops" };
	struct risk_new rn = { .asset = asset, .threat = "T-001", .vuln = "V-001", .threat_level = 3,
			       .vuln_level = 3 };
	struct risk_treat t = RISK_TREAT_INIT;
	struct isms_err err;

	assert_ok(asset_add(f->ctx, f->isms, &a, NULL, &err), &err);
	assert_ok(risk_add(f->ctx, f->isms, &rn, code, &err), &err);
	t.option = RISK_TREAT_REDUCE;
	t.controls = controls;
	t.ncontrols = n;
	t.set_controls = true;
	assert_ok(risk_treat(f->ctx, f->isms, code, &t, &err), &err);
}

static const struct control_sel *find_sel(const struct control_sel *rows, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].control_id, id))
			return &rows[i];
	return NULL;
}

static void test_selection(void **state)
{
	struct fx *f = *state;
	static const char *const used[] = { "A.8.5", "A.5.15" };
	struct sel_update u = SEL_UPDATE_INIT;
	struct control_sel *rows;
	const struct control_sel *c;
	struct status_facts facts = { 0 };
	struct isms_err err;
	char code[RISK_CODE_MAX + 1];
	size_t n;

	add_treated_risk(f, "A-1", used, 2, code);
	/* Every control of the edition is listed, with the risks that use it. */
	assert_ok(selection_list(f->ctx, &f->a, f->isms, &rows, &n, &err), &err);
	assert_int_equal(n, 93);
	c = find_sel(rows, n, "A.8.5");
	assert_string_equal(c->risks, code);
	assert_true(c->reasons & SEL_REASON_RISK);
	assert_int_equal(c->decision, SEL_UNDECIDED);

	/* Excluding a control in use names the risk and changes nothing. */
	u.justification = "not needed";
	assert_int_equal(selection_exclude(f->ctx, f->isms, (const char *[]){ "A.5.1", "A.8.5" }, 2, &u, &err),
			 ISMS_ESTATE);
	assert_non_null(strstr(err.msg, "A.8.5"));
	assert_non_null(strstr(err.msg, code));
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM control_selection"), 0);
	/* Without a justification. */
	u.justification = NULL;
	assert_int_equal(selection_exclude(f->ctx, f->isms, (const char *[]){ "A.5.1" }, 1, &u, &err),
			 ISMS_EINVAL);
	assert_string_equal(err.field, "justification");
	/* Unknown controls, and groups that are not controls. */
	u = (struct sel_update)SEL_UPDATE_INIT;
	u.reasons_add = SEL_REASON_LEGAL;
	assert_int_equal(selection_select(f->ctx, f->isms, (const char *[]){ "A.99.1" }, 1, false, &u, &err),
			 ISMS_ENOTFOUND);
	assert_non_null(strstr(err.msg, "A.99.1"));
	assert_int_equal(selection_select(f->ctx, f->isms, (const char *[]){ "A.5" }, 1, false, &u, &err),
			 ISMS_EINVAL);
	/* No reason: refused; the risk is reason enough. */
	u.reasons_add = 0;
	assert_int_equal(selection_select(f->ctx, f->isms, (const char *[]){ "A.5.1" }, 1, false, &u, &err),
			 ISMS_EINVAL);
	assert_string_equal(err.field, "reason");
	u.status = SEL_PARTIAL;
	u.owner = "IT";
	assert_ok(selection_select(f->ctx, f->isms, (const char *[]){ "a.8.5" }, 1, false, &u, &err), &err);
	/* The reason "risk treatment" is not set by hand. */
	u = (struct sel_update)SEL_UPDATE_INIT;
	u.reasons_add = SEL_REASON_RISK;
	assert_int_equal(selection_set(f->ctx, f->isms, (const char *[]){ "A.8.5" }, 1, &u, &err), ISMS_EINVAL);
	/* set needs a decision first. */
	u.reasons_add = SEL_REASON_LEGAL;
	assert_int_equal(selection_set(f->ctx, f->isms, (const char *[]){ "A.5.2" }, 1, &u, &err), ISMS_ESTATE);
	/* Bulk: all or nothing. */
	u = (struct sel_update)SEL_UPDATE_INIT;
	u.reasons_add = SEL_REASON_BUSINESS;
	assert_int_equal(selection_select(f->ctx, f->isms, (const char *[]){ "A.5.1", "A.5.2", "nope" }, 3,
					  false, &u, &err),
			 ISMS_ENOTFOUND);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM control_selection"), 1);
	assert_ok(selection_select(f->ctx, f->isms, (const char *[]){ "A.5.1", "A.5.2" }, 2, false, &u, &err),
		  &err);
	u = (struct sel_update)SEL_UPDATE_INIT;
	u.justification = "no premises of our own";
	assert_ok(selection_exclude(f->ctx, f->isms, (const char *[]){ "A.7.4" }, 1, &u, &err), &err);
	/* Dropping the only reason of an applicable control is refused. */
	u = (struct sel_update)SEL_UPDATE_INIT;
	u.reasons_drop = SEL_REASON_BUSINESS;
	assert_int_equal(selection_set(f->ctx, f->isms, (const char *[]){ "A.5.1" }, 1, &u, &err), ISMS_EINVAL);
	/* Additional controls. */
	u = (struct sel_update)SEL_UPDATE_INIT;
	u.reasons_add = SEL_REASON_CONTRACT;
	assert_int_equal(selection_select(f->ctx, f->isms, (const char *[]){ "X-1" }, 1, true, &u, &err),
			 ISMS_EINVAL);
	assert_string_equal(err.field, "title");
	u.title = "Data kept in Japan";
	assert_int_equal(selection_select(f->ctx, f->isms, (const char *[]){ "A.5.3" }, 1, true, &u, &err),
			 ISMS_EEXIST);
	assert_int_equal(selection_select(f->ctx, f->isms, (const char *[]){ "bad id" }, 1, true, &u, &err),
			 ISMS_EINVAL);
	assert_ok(selection_select(f->ctx, f->isms, (const char *[]){ "X-1" }, 1, true, &u, &err), &err);
	assert_int_equal(selection_remove(f->ctx, f->isms, (const char *[]){ "A.5.1" }, 1, &err), ISMS_EINVAL);

	assert_ok(selection_list(f->ctx, &f->a, f->isms, &rows, &n, &err), &err);
	assert_int_equal(n, 94);
	c = find_sel(rows, n, "A.8.5");
	assert_int_equal(c->decision, SEL_APPLICABLE);
	assert_int_equal(c->status, SEL_PARTIAL);
	assert_string_equal(c->owner, "IT");
	c = find_sel(rows, n, "X-1");
	assert_true(c->additional);
	assert_string_equal(c->title, "Data kept in Japan");
	assert_int_equal(c->reasons, SEL_REASON_CONTRACT);
	c = find_sel(rows, n, "A.7.4");
	assert_int_equal(c->decision, SEL_EXCLUDED);
	assert_string_equal(c->justification, "no premises of our own");
	assert_ok(selection_facts(f->ctx, f->isms, 2022, &facts, &err), &err);
	assert_int_equal(facts.controls_total, 94);
	assert_int_equal(facts.controls_decided, 5);
	assert_int_equal(facts.exclusions_unjustified, 0);
	assert_ok(selection_remove(f->ctx, f->isms, (const char *[]){ "X-1" }, 1, &err), &err);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM control_selection WHERE additional = 1"), 0);
}

static void decide_all(struct fx *f)
{
	struct control_sel *rows;
	struct isms_err err;
	size_t n;

	assert_ok(selection_list(f->ctx, &f->a, f->isms, &rows, &n, &err), &err);
	for (size_t i = 0; i < n; i++) {
		struct sel_update u = SEL_UPDATE_INIT;

		if (rows[i].decision != SEL_UNDECIDED)
			continue;
		u.reasons_add = SEL_REASON_BUSINESS;
		u.status = SEL_IMPLEMENTED;
		assert_ok(selection_select(f->ctx, f->isms, &rows[i].control_id, 1, false, &u, &err), &err);
	}
}

/* --- the SoA ---------------------------------------------------------------------- */

static void test_soa(void **state)
{
	struct fx *f = *state;
	static const char *const used[] = { "A.8.8" };
	struct sel_update u = SEL_UPDATE_INIT;
	struct status_facts facts = { 0 };
	struct soa_change *ch;
	struct soa_info *list;
	struct isms_err err;
	struct soa s;
	char code[RISK_CODE_MAX + 1];
	size_t n;
	int number;

	assert_int_equal(soa_get(f->ctx, &f->a, f->isms, 0, &s, &err), ISMS_ENOTFOUND);
	add_treated_risk(f, "A-1", used, 1, code);
	u.justification = "no secure areas";
	assert_ok(selection_exclude(f->ctx, f->isms, (const char *[]){ "A.7.6" }, 1, &u, &err), &err);
	/* Controls without a decision stop the SoA. */
	assert_int_equal(soa_generate(f->ctx, f->isms, &number, &err), ISMS_ESTATE);
	assert_non_null(strstr(err.msg, "92 controls have no decision yet"));
	decide_all(f);
	assert_ok(soa_generate(f->ctx, f->isms, &number, &err), &err);
	assert_int_equal(number, 1);
	assert_int_equal(soa_generate(f->ctx, f->isms, &number, &err), ISMS_ESTATE);
	assert_non_null(strstr(err.msg, "nothing has changed"));
	assert_ok(soa_get(f->ctx, &f->a, f->isms, 1, &s, &err), &err);
	assert_int_equal(s.nrows, 93);
	assert_int_equal(s.edition, 2022);
	assert_string_equal(s.rows[0].control_id, "A.5.1");
	assert_string_equal(s.rows[0].section_id, "A.5");
	assert_string_equal(s.rows[0].title_en, "Policies for information security");
	assert_string_equal(s.rows[0].reasons, "business");
	for (size_t i = 0; i < s.nrows; i++) {
		if (!strcmp(s.rows[i].control_id, "A.8.8")) {
			assert_string_equal(s.rows[i].risks, code);
			assert_string_equal(s.rows[i].reasons, "risk,business");
		}
		if (!strcmp(s.rows[i].control_id, "A.7.6")) {
			assert_false(s.rows[i].applicable);
			assert_string_equal(s.rows[i].justification, "no secure areas");
			assert_string_equal(s.rows[i].status, "");
		}
	}
	assert_ok(soa_status_facts(f->ctx, f->isms, 2022, &facts, &err), &err);
	assert_int_equal(facts.soa_snapshots, 1);
	assert_false(facts.soa_approved);
	assert_false(facts.soa_outdated);
	/* Approval by an approver only. */
	assert_int_equal(soa_approve(f->ctx, f->isms, 1, APPROVAL_APPROVED, NULL, NULL, &err), ISMS_EPERM);
	isms_ctx_set_actor(f->ctx, "boss");
	assert_ok(soa_approve(f->ctx, f->isms, 0, APPROVAL_APPROVED, "fine", &number, &err), &err);
	assert_int_equal(number, 1);
	assert_int_equal(soa_approve(f->ctx, f->isms, 5, APPROVAL_APPROVED, NULL, NULL, &err), ISMS_ENOTFOUND);
	isms_ctx_set_actor(f->ctx, "tester");
	/* A change: the snapshot stays frozen, the step says it is outdated. */
	u = (struct sel_update)SEL_UPDATE_INIT;
	u.status = SEL_PLANNED;
	u.owner = "CISO";
	assert_ok(selection_set(f->ctx, f->isms, (const char *[]){ "A.5.2" }, 1, &u, &err), &err);
	memset(&facts, 0, sizeof(facts));
	assert_ok(soa_status_facts(f->ctx, f->isms, 2022, &facts, &err), &err);
	assert_true(facts.soa_approved);
	assert_true(facts.soa_outdated);
	assert_ok(soa_generate(f->ctx, f->isms, &number, &err), &err);
	assert_int_equal(number, 2);
	assert_ok(soa_diff(f->ctx, &f->a, f->isms, 1, 2, &ch, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(ch[0].control_id, "A.5.2");
	assert_string_equal(ch[0].field, "status");
	assert_string_equal(ch[0].before, "implemented");
	assert_string_equal(ch[0].after, "planned");
	assert_string_equal(ch[1].field, "owner");
	assert_ok(soa_diff(f->ctx, &f->a, f->isms, 2, 2, &ch, &n, &err), &err);
	assert_int_equal(n, 0);
	assert_int_equal(soa_diff(f->ctx, &f->a, f->isms, 1, 9, &ch, &n, &err), ISMS_ENOTFOUND);
	assert_ok(soa_get(f->ctx, &f->a, f->isms, 1, &s, &err), &err);
	assert_int_equal(s.approval, APPROVAL_CURRENT);
	assert_string_equal(s.approved_by, "boss");
	assert_ok(soa_list(f->ctx, &f->a, f->isms, &list, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].applicable, 92);
	assert_int_equal(list[0].excluded, 1);
	assert_int_equal(list[0].approval, APPROVAL_CURRENT);
	assert_int_equal(list[1].approval, APPROVAL_NONE);
}

static void test_soa_report(void **state)
{
	struct fx *f = *state;
	struct report_opts o = { .date = "2026-04-01" };
	struct isms_info isms = { .id = f->isms, .name = "Example", .org = "Example", .edition = 2022 };
	struct isms_err err;
	struct sbuf sb = SBUF_INIT;
	struct doc *d;
	int number;

	decide_all(f);
	assert_ok(soa_generate(f->ctx, f->isms, &number, &err), &err);
	assert_ok(report_soa_number(f->ctx, &isms, 1, &o, &d, &err), &err);
	assert_string_equal(doc_meta_get(d, "version"), "1");
	assert_string_equal(doc_meta_get(d, "approver"), "not approved");
	assert_non_null(strstr(doc_meta_get(d, "edition"), "2022"));
	assert_int_equal(d->main_table->nrows, 93);
	assert_int_equal(d->main_table->ncols, 9);
	assert_ok(doc_write(d, DOC_PDF, &sb, &err), &err);
	assert_memory_equal(sb.buf, "%PDF-", 5);
	doc_free(d);
	sbuf_release(&sb);
}

/* --- authorisation ----------------------------------------------------------------- */

static void test_authorisation(void **state)
{
	struct fx *f = *state;
	struct authorisation au;
	struct status_facts facts = { 0 };
	struct isms_err err;
	bool unchanged;
	int version;

	isms_ctx_set_actor(f->ctx, "boss");
	assert_int_equal(authorisation_record(f->ctx, f->isms, APPROVAL_APPROVED, "go", &err), ISMS_ESTATE);
	assert_non_null(strstr(err.msg, "scope"));
	isms_ctx_set_actor(f->ctx, "tester");
	scope_from(f, good_scope, &version, &unchanged);
	assert_ok(policy_save(f->ctx, f->isms, "# Policy\n", &version, &unchanged, &err), &err);
	assert_int_equal(authorisation_record(f->ctx, f->isms, APPROVAL_APPROVED, "go", &err), ISMS_EPERM);
	isms_ctx_set_actor(f->ctx, "boss");
	assert_int_equal(authorisation_record(f->ctx, f->isms, APPROVAL_APPROVED, "", &err), ISMS_EINVAL);
	assert_ok(authorisation_record(f->ctx, f->isms, APPROVAL_APPROVED, "start on 1 April", &err), &err);
	assert_ok(authorisation_get(f->ctx, &f->a, f->isms, &au, &err), &err);
	assert_int_equal(au.state, APPROVAL_CURRENT);
	assert_string_equal(au.latest.comment, "start on 1 April");
	assert_int_equal(au.was.scope_version, 1);
	assert_int_equal(au.was.policy_version, 1);
	assert_int_equal(strlen(au.was.risk_hash), 64);
	assert_ok(soa_status_facts(f->ctx, f->isms, 2022, &facts, &err), &err);
	assert_true(facts.authorised);
	assert_false(facts.authorisation_stale);
	/* The policy changes: stale, and it says what changed. */
	isms_ctx_set_actor(f->ctx, "tester");
	assert_ok(policy_save(f->ctx, f->isms, "# Policy 2\n", &version, &unchanged, &err), &err);
	assert_ok(authorisation_get(f->ctx, &f->a, f->isms, &au, &err), &err);
	assert_int_equal(au.state, APPROVAL_STALE);
	assert_true(au.policy_changed);
	assert_false(au.scope_changed);
	assert_false(au.risks_changed);
	/* A risk treatment changes the risk fingerprint. */
	add_treated_risk(f, "A-1", (const char *const[]){ "A.8.8" }, 1, (char[RISK_CODE_MAX + 1]){ 0 });
	assert_ok(authorisation_get(f->ctx, &f->a, f->isms, &au, &err), &err);
	assert_true(au.risks_changed);
	memset(&facts, 0, sizeof(facts));
	assert_ok(soa_status_facts(f->ctx, f->isms, 2022, &facts, &err), &err);
	assert_true(facts.authorised);
	assert_true(facts.authorisation_stale);
}

/* --- transition ---------------------------------------------------------------------- */

static const struct tr_change *find_change(const struct tr_step *s, enum tr_kind k, const char *to)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->changes[i].kind == k && !strcmp(s->changes[i].to_id, to))
			return &s->changes[i];
	return NULL;
}

static void test_transition(void **state)
{
	struct fx *f = *state;
	static const char *const used[] = { "A.12.6.1" };
	struct sel_update u = SEL_UPDATE_INIT;
	struct control_sel *rows;
	const struct control_sel *c;
	const struct tr_change *ch;
	struct tr_report r;
	struct isms_err err;
	struct soa s;
	struct risk rk;
	char code[RISK_CODE_MAX + 1];
	size_t n;
	int number;

	add_treated_risk(f, "A-1", used, 1, code);
	/* A.9.1.1 and A.9.1.2 agree (applicable): A.5.15 combines their reasons. */
	u.reasons_add = SEL_REASON_LEGAL;
	u.status = SEL_IMPLEMENTED;
	u.owner = "IT";
	assert_ok(selection_select(f->ctx, f->isms, (const char *[]){ "A.9.1.1" }, 1, false, &u, &err), &err);
	u.reasons_add = SEL_REASON_CONTRACT;
	u.status = SEL_PARTIAL;
	u.owner = "HR";
	assert_ok(selection_select(f->ctx, f->isms, (const char *[]){ "A.9.1.2" }, 1, false, &u, &err), &err);
	/* A.18.2.2 excluded and A.18.2.3 applicable: A.5.36 gets conflicting decisions. */
	u = (struct sel_update)SEL_UPDATE_INIT;
	u.justification = "no compliance reviews here";
	assert_ok(selection_exclude(f->ctx, f->isms, (const char *[]){ "A.18.2.2" }, 1, &u, &err), &err);
	decide_all(f);
	assert_ok(soa_generate(f->ctx, f->isms, &number, &err), &err);

	/* A dry run reports and changes nothing. */
	assert_ok(transition_run(f->ctx, &f->a, f->isms, 2022, true, &r, &err), &err);
	assert_int_equal(r.nsteps, 1);
	assert_int_equal(r.steps[0].count[TR_NEW], 11);
	assert_int_equal(count_sql(f, "SELECT edition FROM isms"), 2013);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM transition"), 0);

	assert_int_equal(transition_run(f->ctx, &f->a, f->isms, 2013, false, &r, &err), ISMS_EINVAL);
	assert_ok(transition_run(f->ctx, &f->a, f->isms, 2022, false, &r, &err), &err);
	assert_int_equal(count_sql(f, "SELECT edition FROM isms"), 2022);
	ch = find_change(&r.steps[0], TR_MERGED, "A.5.15");
	assert_non_null(ch);
	assert_string_equal(ch->from_ids, "A.9.1.1, A.9.1.2");
	assert_string_equal(ch->decision, "applicable");
	ch = find_change(&r.steps[0], TR_CONFLICT, "A.5.36");
	assert_non_null(ch);
	assert_non_null(strstr(ch->detail, "A.18.2.2=excluded"));
	assert_non_null(strstr(ch->detail, "A.18.2.3=applicable"));
	assert_non_null(find_change(&r.steps[0], TR_NEW, "A.5.7"));
	assert_non_null(find_change(&r.steps[0], TR_CARRIED, "A.5.2"));
	ch = find_change(&r.steps[0], TR_RISKS, "A.8.8");
	assert_non_null(ch);
	assert_string_equal(ch->from_ids, "A.12.6.1");
	assert_string_equal(ch->detail, code);

	assert_ok(selection_list(f->ctx, &f->a, f->isms, &rows, &n, &err), &err);
	assert_int_equal(n, 93);
	c = find_sel(rows, n, "A.5.15");
	assert_int_equal(c->decision, SEL_APPLICABLE);
	assert_int_equal(c->reasons & (SEL_REASON_LEGAL | SEL_REASON_CONTRACT),
			 SEL_REASON_LEGAL | SEL_REASON_CONTRACT);
	assert_int_equal(c->status, SEL_PARTIAL); /* the lower of the two */
	assert_string_equal(c->owner, "IT, HR");
	c = find_sel(rows, n, "A.5.36");
	assert_int_equal(c->decision, SEL_UNDECIDED);
	assert_non_null(strstr(c->review, "conflict"));
	c = find_sel(rows, n, "A.8.23");
	assert_int_equal(c->decision, SEL_UNDECIDED);
	assert_string_equal(c->review, "new");
	c = find_sel(rows, n, "A.8.8");
	assert_int_equal(c->decision, SEL_APPLICABLE);
	assert_string_equal(c->risks, code);
	/* The risk's treatment now names the 2022 control. */
	assert_ok(risk_get(f->ctx, &f->a, f->isms, code, &rk, &err), &err);
	assert_int_equal(rk.ncontrols, 1);
	assert_string_equal(rk.controls[0], "A.8.8");
	/* The old snapshot is as it was. */
	assert_ok(soa_get(f->ctx, &f->a, f->isms, 1, &s, &err), &err);
	assert_int_equal(s.edition, 2013);
	assert_int_equal(s.nrows, 114);
	assert_string_equal(s.rows[0].control_id, "A.5.1.1");
	/* The report is stored; a second transition is refused. */
	assert_ok(transition_last(f->ctx, &f->a, f->isms, &r, &err), &err);
	assert_int_equal(r.nsteps, 1);
	assert_non_null(find_change(&r.steps[0], TR_CONFLICT, "A.5.36"));
	assert_int_equal(transition_run(f->ctx, &f->a, f->isms, 2022, false, &r, &err), ISMS_ESTATE);
	/* New decisions are needed before the next SoA. */
	assert_int_equal(soa_generate(f->ctx, f->isms, &number, &err), ISMS_ESTATE);
}

static void test_transition_2005(void **state)
{
	struct fx *f = *state;
	struct isms_new n = { .name = "old", .org = "Old", .edition = 2005, .lang = ISMS_LANG_EN };
	struct sel_update u = SEL_UPDATE_INIT;
	struct tr_report r;
	struct isms_err err;
	int64_t id;

	assert_ok(isms_create(f->ctx, &n, &id, &err), &err);
	u.reasons_add = SEL_REASON_BUSINESS;
	/* A.10.1.1 (2005) becomes A.12.1.1 (2013), then A.5.37 (2022). */
	assert_ok(selection_select(f->ctx, id, (const char *[]){ "A.10.1.1", "A.6.1.2" }, 2, false, &u, &err),
		  &err);
	assert_ok(transition_run(f->ctx, &f->a, id, 2022, false, &r, &err), &err);
	assert_int_equal(r.nsteps, 2);
	assert_int_equal(r.steps[0].from, 2005);
	assert_int_equal(r.steps[0].to, 2013);
	assert_int_equal(r.steps[1].to, 2022);
	assert_non_null(find_change(&r.steps[0], TR_CARRIED, "A.12.1.1"));
	assert_non_null(find_change(&r.steps[1], TR_CARRIED, "A.5.37"));
	/* A.6.1.2 (co-ordination) has no successor: its decision is dropped. */
	assert_int_equal(r.steps[0].count[TR_REMOVED], 1);
	assert_string_equal(r.steps[0].changes[r.steps[0].n - 1].from_ids, "A.6.1.2");
	assert_ok(transition_last(f->ctx, &f->a, id, &r, &err), &err);
	assert_int_equal(r.nsteps, 2);
}

/* --- the demo and isms status ------------------------------------------------------------ */

static void test_demo(void **state)
{
	struct fx *f = *state;
	struct demo_opts o = { .name = "demo", .lang = ISMS_LANG_JA, .edition = 2022 };
	struct isms_status st;
	struct isms_info info;
	struct isms_err err;
	int64_t id;

	assert_ok(demo_build(f->ctx, &o, &id, &err), &err);
	assert_string_equal(isms_ctx_actor(f->ctx), "tester");
	assert_ok(isms_resolve(f->ctx, &f->a, "demo", &info, &err), &err);
	assert_string_equal(info.org, "株式会社サンプルソフト");
	assert_ok(status_compute(f->ctx, &f->a, &info, &st, &err), &err);
	for (int i = 0; i < STATUS_STEPS; i++) {
		if (st.steps[i].state < STEP_DONE)
			print_error("step %d: %s\n", i + 1, st.steps[i].nmissing ? st.steps[i].missing[0] : "");
		assert_true(st.steps[i].state >= STEP_DONE);
	}
	assert_int_equal(st.steps[0].state, STEP_APPROVED);
	assert_int_equal(st.steps[9].state, STEP_APPROVED);
	/* The same name again: refused, nothing half-built. */
	assert_int_equal(demo_build(f->ctx, &o, &id, &err), ISMS_EEXIST);
	o.name = "demo13";
	o.edition = 2013;
	o.lang = ISMS_LANG_EN;
	assert_ok(demo_build(f->ctx, &o, &id, &err), &err);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM soa"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scope_parse),
		cmocka_unit_test(test_scope_parse_errors),
		cmocka_unit_test_setup_teardown(test_scope_versions, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_policy, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_selection, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_soa, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_soa_report, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_authorisation, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_transition, setup2013, fx_teardown),
		cmocka_unit_test_setup_teardown(test_transition_2005, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_demo, setup, fx_teardown),
	};

	if (!isms_crypto_init())
		return 1;
	i18n_init(getenv("ISMS_LOCALEDIR"));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
