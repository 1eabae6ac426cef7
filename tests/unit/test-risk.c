/* test-risk.c - the risk register: stored evaluations against the engine, method changes, staleness, treatment, approvals, links, fingerprint. */
#include "helpers.h"

#include <sqlite3.h>

#include "isms/approval.h"
#include "isms/asset.h"
#include "isms/isms.h"
#include "isms/library.h"
#include "isms/method.h"
#include "isms/risk.h"
#include "isms/user.h"
#include "model/risk-int.h"

static int setup(void **state)
{
	*state = fx_new(2022);
	return *state ? 0 : -1;
}

static void add_asset(struct fx *f, const char *code, const char *group, int c, int i, int a)
{
	struct asset as = { .code = code, .name = code, .type = ASSET_INFORMATION, .owner = "alice",
			    .group = group, .c = c, .i = i, .a = a };
	struct isms_err err;

	assert_ok(asset_add(f->ctx, f->isms, &as, NULL, &err), &err);
}

static uint64_t rnd_state = 88172645463325252u;

static unsigned rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % n);
}

static void test_keys(void **state)
{
	(void)state;
	for (int k = 0; k < 20000; k++) {
		struct score_input in = { 0 }, out;

		in.c = (int)rnd(11);
		in.i = (int)rnd(11);
		in.a = (int)rnd(11);
		in.threat = (int)rnd(11);
		in.vuln = (int)rnd(11);
		in.likelihood = (int)rnd(11);
		in.impact = (int)rnd(11);
		in.props = rnd(8);
		risk_unpack_key(risk_pack_key(&in), &out);
		assert_memory_equal(&in, &out, sizeof(in));
	}
}

/* Every stored evaluation must be what the engine says for the risk's
 * inputs under the method in force. */
static void check_register(struct fx *f)
{
	struct arena a = ARENA_INIT;
	struct risk_filter flt = RISK_FILTER_INIT;
	struct score_method m;
	struct risk *rows;
	struct isms_err err;
	size_t n;

	assert_ok(method_current(f->ctx, &a, f->isms, &m, NULL, &err), &err);
	assert_ok(risk_list(f->ctx, &a, f->isms, &flt, &rows, &n, NULL, &err), &err);
	for (size_t k = 0; k < n; k++) {
		const struct risk *r = &rows[k];
		struct score_input in;
		struct score_result res;

		assert_false(r->stale);
		in = (struct score_input){ .c = r->av_c, .i = r->av_i, .a = r->av_a, .props = r->props,
					   .threat = r->threat_level, .vuln = r->vuln_level,
					   .likelihood = r->likelihood, .impact = r->impact };
		score_evaluate(&m, &in, &res);
		if (r->value != res.value || r->level != res.level || r->evaluation != res.decision) {
			print_error("%s: stored %d/%d/%d, engine %d/%d/%d\n", r->code, r->value, r->level,
				    r->evaluation, res.value, res.level, res.decision);
			fail();
		}
		if (r->treatment) {
			if (r->res_threat)
				in.threat = r->res_threat;
			if (r->res_vuln)
				in.vuln = r->res_vuln;
			if (r->res_likelihood)
				in.likelihood = r->res_likelihood;
			if (r->res_impact)
				in.impact = r->res_impact;
			score_evaluate(&m, &in, &res);
			assert_int_equal(r->residual_value, res.value);
			assert_int_equal(r->residual_level, res.level);
			assert_int_equal(r->residual_evaluation, res.decision);
		} else {
			assert_int_equal(r->residual_value, 0);
			assert_int_equal(r->residual_evaluation, SCORE_UNEVALUATED);
		}
	}
	score_method_release(&m);
	arena_release(&a);
}

static void set_method(struct fx *f, struct score_method *m, size_t expect_count)
{
	struct method_change ch;
	struct isms_err err;

	assert_ok(method_set(f->ctx, f->isms, m, &ch, &err), &err);
	assert_false(ch.unchanged);
	assert_int_equal(ch.reevaluated, expect_count);
	score_method_release(m);
}

static void test_reevaluation(void **state)
{
	struct fx *f = *state;
	struct score_method m;
	struct isms_err err;
	const struct library *lib = library_builtin();
	char code[RISK_CODE_MAX + 1];
	int nrisks = 0;

	/* the matrix first, so that risks can carry likelihood and impact */
	assert_true(score_preset("iso27005-5x5", &m));
	set_method(f, &m, 0);
	for (int k = 0; k < 40; k++) {
		char c[16], g[16];

		snprintf(c, sizeof(c), "A-%03d", k);
		snprintf(g, sizeof(g), "G%d", k % 4);
		add_asset(f, c, k % 3 ? g : "", (int)rnd(4), (int)rnd(4), (int)rnd(4));
	}
	for (int k = 0; k < 400; k++) {
		struct risk_new n = { 0 };
		char asset[16], group[16];

		snprintf(asset, sizeof(asset), "A-%03u", rnd(40));
		snprintf(group, sizeof(group), "G%u", rnd(4));
		if (rnd(5))
			n.asset = asset;
		else
			n.group = group;
		n.threat = lib->threats[rnd((unsigned)lib->nthreats)]->code;
		n.vuln = lib->vulns[rnd((unsigned)lib->nvulns)]->code;
		n.props = rnd(8);
		n.likelihood = (int)rnd(6);
		n.impact = (int)rnd(6);
		assert_ok(risk_add(f->ctx, f->isms, &n, code, &err), &err);
		nrisks++;
	}
	check_register(f);

	/* JIPDEC: threat and vulnerability levels next; the matrix levels stay */
	assert_true(score_preset("jipdec-3x3x3", &m));
	set_method(f, &m, (size_t)nrisks);
	for (int k = 1; k <= nrisks; k++) {
		struct risk_edit e = RISK_EDIT_INIT;
		struct risk_treat t = RISK_TREAT_INIT;

		snprintf(code, sizeof(code), "R-%03d", k);
		e.threat_level = (int)rnd(4);
		e.vuln_level = (int)rnd(4);
		assert_ok(risk_edit(f->ctx, f->isms, code, &e, &err), &err);
		if (rnd(3) == 0) {
			t.option = (enum risk_treatment)(1 + rnd(4));
			t.res_threat = (int)rnd(4);
			t.res_vuln = (int)rnd(4);
			assert_ok(risk_treat(f->ctx, f->isms, code, &t, &err), &err);
		}
	}
	check_register(f);

	/* every asset value mode, criterion and approach, one after the other */
	for (int round = 0; round < 24; round++) {
		assert_true(score_preset(round % 5 == 4 ? "iso27005-5x5" : "jipdec-3x3x3", &m));
		m.asset_mode = (enum score_asset_mode)(round % 3);
		m.approach = (enum score_approach)(round % 4);
		m.detailed_above = (int)rnd(3);
		if (m.formula == SCORE_FORMULA_AVT) {
			m.criterion = round % 2 ? SCORE_CRIT_THRESHOLD : SCORE_CRIT_LEVELS;
			m.threshold = (int)rnd(28);
			m.accept_levels = rnd(8);
			if (m.asset_mode == SCORE_AV_SUM)
				m.threshold = (int)rnd(82);
		} else {
			m.criterion = SCORE_CRIT_CELLS;
			for (int l = 0; l < 5; l++)
				m.accept_cell[l] = (unsigned short)rnd(32);
		}
		set_method(f, &m, (size_t)nrisks);
		check_register(f);
	}

	/* revalued assets make their risks stale until re-evaluated */
	{
		struct asset_edit e = ASSET_EDIT_INIT;
		struct risk_filter flt = RISK_FILTER_INIT;
		struct risk *rows;
		size_t n, stale_groups, changed;

		e.c = 3;
		e.i = 3;
		e.a = 3;
		assert_ok(asset_edit(f->ctx, f->isms, "A-001", &e, &err), &err);
		assert_ok(asset_edit(f->ctx, f->isms, "A-005", &e, &err), &err);
		flt.stale = true;
		assert_ok(risk_list(f->ctx, &f->a, f->isms, &flt, &rows, &n, NULL, &err), &err);
		assert_true(n > 0);
		stale_groups = 0;
		for (size_t k = 0; k < n; k++)
			stale_groups += rows[k].group != NULL;
		assert_true(stale_groups > 0); /* are in groups G1 and G1 */
		assert_ok(risk_evaluate_all(f->ctx, f->isms, &changed, &err), &err);
		assert_int_equal(changed, n);
		check_register(f);
		assert_ok(risk_list(f->ctx, &f->a, f->isms, &flt, &rows, &n, NULL, &err), &err);
		assert_int_equal(n, 0);
	}
	/* one audit entry per method change, with the count */
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'method'"), 26);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'method'"
				      " AND after_json LIKE '%\"risks_reevaluated\":400%'"),
			 25);
}

static void test_treatment_and_links(void **state)
{
	struct fx *f = *state;
	struct risk_new n = { .asset = "A-1", .threat = "T-001", .vuln = "V-001", .threat_level = 3,
			      .vuln_level = 3 };
	const char *ctl[] = { "A.8.8", "A.5.7" };
	const char *extra[] = { "Penetration test every year" };
	struct risk_treat t = RISK_TREAT_INIT;
	struct risk_control_link *links;
	struct isms_err err;
	char code[RISK_CODE_MAX + 1], fp1[65], fp2[65], fp3[65];
	struct risk r;
	size_t nl;

	add_asset(f, "A-1", "", 3, 3, 3);
	assert_ok(risk_add(f->ctx, f->isms, &n, code, &err), &err);
	assert_string_equal(code, "R-001");
	n.vuln = "V-002";
	assert_ok(risk_add(f->ctx, f->isms, &n, code, &err), &err);
	assert_ok(risk_fingerprint(f->ctx, f->isms, fp1, &err), &err);
	assert_int_equal(strlen(fp1), 64);

	t.option = RISK_TREAT_REDUCE;
	t.controls = ctl;
	t.ncontrols = 2;
	t.set_controls = true;
	t.extras = extra;
	t.nextras = 1;
	t.set_extras = true;
	t.res_vuln = 1;
	t.plan_due = "2027-03-31";
	assert_ok(risk_treat(f->ctx, f->isms, "R-001", &t, &err), &err);
	t.controls = ctl + 1;
	t.ncontrols = 1;
	assert_ok(risk_treat(f->ctx, f->isms, "R-002", &t, &err), &err);
	assert_ok(risk_get(f->ctx, &f->a, f->isms, "R-001", &r, &err), &err);
	assert_int_equal(r.ncontrols, 2);
	assert_string_equal(r.controls[0], "A.8.8");
	assert_int_equal(r.nextras, 1);
	assert_int_equal(r.plan_status, RISK_PLAN_PLANNED);
	assert_int_equal(r.residual_value, 9);
	assert_int_equal(r.residual_evaluation, SCORE_TREAT);
	assert_true(risk_needs_approval(&r));
	assert_ok(risk_fingerprint(f->ctx, f->isms, fp2, &err), &err);
	assert_string_not_equal(fp1, fp2);

	/* a description is not part of the treatment */
	{
		struct risk_edit e = RISK_EDIT_INIT;

		e.description = "now with words";
		assert_ok(risk_edit(f->ctx, f->isms, "R-002", &e, &err), &err);
		assert_ok(risk_fingerprint(f->ctx, f->isms, fp3, &err), &err);
		assert_string_equal(fp2, fp3);
	}

	assert_ok(risk_control_links(f->ctx, &f->a, f->isms, &links, &nl, &err), &err);
	assert_int_equal(nl, 3);
	assert_string_equal(links[0].control_id, "A.5.7");
	assert_string_equal(links[0].risk_code, "R-001");
	assert_string_equal(links[1].control_id, "A.5.7");
	assert_string_equal(links[1].risk_code, "R-002");
	assert_string_equal(links[2].control_id, "A.8.8");

	/* A.8.8 becomes A.8.9 and A.5.7: order kept, no duplicate */
	{
		const char *to[] = { "A.8.9", "A.5.7" };

		assert_ok(risk_control_remap(f->ctx, f->isms, "A.8.8", to, 2, &err), &err);
		assert_ok(risk_get(f->ctx, &f->a, f->isms, "R-001", &r, &err), &err);
		assert_int_equal(r.ncontrols, 2);
		assert_string_equal(r.controls[0], "A.8.9");
		assert_string_equal(r.controls[1], "A.5.7");
		assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'remap'"), 1);
		assert_ok(risk_fingerprint(f->ctx, f->isms, fp3, &err), &err);
		assert_string_not_equal(fp2, fp3);
		/* removed without a successor */
		assert_ok(risk_control_remap(f->ctx, f->isms, "A.5.7", NULL, 0, &err), &err);
		assert_ok(risk_get(f->ctx, &f->a, f->isms, "R-002", &r, &err), &err);
		assert_int_equal(r.ncontrols, 0);
	}
	/* a bad control is refused, naming it */
	{
		const char *bad[] = { "A.99.1" };

		t.controls = bad;
		t.ncontrols = 1;
		assert_int_equal(risk_treat(f->ctx, f->isms, "R-001", &t, &err), ISMS_EINVAL);
		assert_non_null(strstr(err.msg, "A.99.1"));
		t.ncontrols = 0;
		t.plan_due = "2027-02-30";
		assert_int_equal(risk_treat(f->ctx, f->isms, "R-001", &t, &err), ISMS_EINVAL);
		assert_string_equal(err.field, "plan_due");
	}
}

static void test_approval(void **state)
{
	struct fx *f = *state;
	struct risk_new n = { .asset = "A-1", .threat = "T-001", .vuln = "V-001", .threat_level = 3,
			      .vuln_level = 3 };
	struct risk_treat t = RISK_TREAT_INIT;
	struct status_facts sf = { 0 };
	enum approval_state st;
	struct isms_err err;
	char code[RISK_CODE_MAX + 1], fp1[65], fp2[65];
	struct risk r;

	add_asset(f, "A-1", "", 3, 3, 3);
	assert_ok(user_add(f->ctx, "boss", NULL, NULL, NULL, &err), &err);
	assert_ok(user_role_set(f->ctx, f->isms, "boss", ROLE_APPROVER, &err), &err);
	assert_ok(risk_add(f->ctx, f->isms, &n, code, &err), &err);

	/* no treatment yet: nothing to approve */
	isms_ctx_set_actor(f->ctx, "boss");
	assert_int_equal(risk_approve(f->ctx, f->isms, "R-001", APPROVAL_APPROVED, NULL, &err), ISMS_ESTATE);
	isms_ctx_set_actor(f->ctx, "tester");
	t.option = RISK_TREAT_ACCEPT;
	assert_ok(risk_treat(f->ctx, f->isms, "R-001", &t, &err), &err);
	/* only an approver */
	assert_int_equal(risk_approve(f->ctx, f->isms, "R-001", APPROVAL_APPROVED, NULL, &err), ISMS_EPERM);
	assert_ok(risk_status_facts(f->ctx, f->isms, &sf, &err), &err);
	assert_int_equal(sf.residual_to_approve, 1);
	assert_int_equal(sf.residual_approved, 0);

	assert_ok(risk_fingerprint(f->ctx, f->isms, fp1, &err), &err);
	isms_ctx_set_actor(f->ctx, "boss");
	assert_ok(risk_approve(f->ctx, f->isms, "R-001", APPROVAL_APPROVED, "retained", &err), &err);
	isms_ctx_set_actor(f->ctx, "tester");
	assert_ok(risk_fingerprint(f->ctx, f->isms, fp2, &err), &err);
	assert_string_not_equal(fp1, fp2);
	assert_ok(risk_get(f->ctx, &f->a, f->isms, "R-001", &r, &err), &err);
	assert_ok(risk_approval_state(f->ctx, &f->a, f->isms, &r, &st, NULL, NULL, &err), &err);
	assert_int_equal(st, APPROVAL_CURRENT);
	memset(&sf, 0, sizeof(sf));
	assert_ok(risk_status_facts(f->ctx, f->isms, &sf, &err), &err);
	assert_int_equal(sf.residual_approved, 1);
	assert_int_equal(sf.approvals_stale, 0);

	/* a change of the risk makes the approval stale */
	{
		struct risk_edit e = RISK_EDIT_INIT;

		e.vuln_level = 2;
		assert_ok(risk_edit(f->ctx, f->isms, "R-001", &e, &err), &err);
	}
	assert_ok(risk_get(f->ctx, &f->a, f->isms, "R-001", &r, &err), &err);
	assert_ok(risk_approval_state(f->ctx, &f->a, f->isms, &r, &st, NULL, NULL, &err), &err);
	assert_int_equal(st, APPROVAL_STALE);
	memset(&sf, 0, sizeof(sf));
	assert_ok(risk_status_facts(f->ctx, f->isms, &sf, &err), &err);
	assert_int_equal(sf.residual_approved, 0);
	assert_int_equal(sf.approvals_stale, 1);

	/* a rejection is recorded and is not an approval */
	isms_ctx_set_actor(f->ctx, "boss");
	assert_ok(risk_approve(f->ctx, f->isms, "R-001", APPROVAL_REJECTED, "reduce it", &err), &err);
	assert_ok(risk_approval_state(f->ctx, &f->a, f->isms, &r, &st, NULL, NULL, &err), &err);
	assert_int_equal(st, APPROVAL_REJECTED_STATE);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM approval WHERE subject = 'risk'"), 2);
}

static void test_bad_input(void **state)
{
	struct fx *f = *state;
	struct risk_new n = { .asset = "A-1", .threat = "T-001", .vuln = "V-001" };
	struct isms_err err;
	char code[RISK_CODE_MAX + 1];

	add_asset(f, "A-1", "G", 2, 2, 2);
	n.asset = "A-2";
	assert_int_equal(risk_add(f->ctx, f->isms, &n, code, &err), ISMS_ENOTFOUND);
	assert_string_equal(err.field, "asset");
	n.asset = NULL;
	n.group = "H";
	assert_int_equal(risk_add(f->ctx, f->isms, &n, code, &err), ISMS_ENOTFOUND);
	assert_string_equal(err.field, "group");
	n.group = "G";
	assert_ok(risk_add(f->ctx, f->isms, &n, code, &err), &err);
	n.asset = "A-1";
	assert_int_equal(risk_add(f->ctx, f->isms, &n, code, &err), ISMS_EINVAL);
	n.group = NULL;
	n.threat = "Unauthorized acess";
	assert_int_equal(risk_add(f->ctx, f->isms, &n, code, &err), ISMS_ENOTFOUND);
	assert_non_null(strstr(err.detail, "T-001"));
	n.threat = "unauthorised access"; /* ASCII case does not matter when unique */
	n.threat_level = 4;
	assert_int_equal(risk_add(f->ctx, f->isms, &n, code, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "threat_level");
	n.threat_level = 0;
	n.likelihood = 2;
	assert_int_equal(risk_add(f->ctx, f->isms, &n, code, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "likelihood");
	n.likelihood = 0;
	n.code = "R 1";
	assert_int_equal(risk_add(f->ctx, f->isms, &n, code, &err), ISMS_EINVAL);
	n.code = "R-001";
	assert_int_equal(risk_add(f->ctx, f->isms, &n, code, &err), ISMS_EEXIST);
	n.code = NULL;
	assert_ok(risk_add(f->ctx, f->isms, &n, code, &err), &err);
	assert_string_equal(code, "R-002");
	assert_int_equal(risk_rm(f->ctx, f->isms, "R-404", &err), ISMS_ENOTFOUND);
	assert_int_equal(risk_edit(f->ctx, f->isms, "R-404", &(struct risk_edit)RISK_EDIT_INIT, &err),
			 ISMS_ENOTFOUND);
	/* nothing of the failures was written */
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM risk"), 2);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'risk'"), 2);
	/* an asset with risks cannot go */
	assert_int_equal(asset_rm(f->ctx, f->isms, "A-1", &err), ISMS_ESTATE);
	assert_non_null(strstr(err.msg, "A-1"));
}

static void test_import(void **state)
{
	struct fx *f = *state;
	struct risk_import_opts o = { .source = "t.csv" };
	struct risk_import_result res;
	struct tabin_errors errs = { 0 };
	struct isms_err err;
	struct tabin t;
	static const char bad[] =
		"Risk ID,Asset ID,Threat,Vulnerability,Threat level,Vulnerability level,Properties\n"
		"R-1,A-1,T-001,V-001,3,3,CIA\n"
		"R-1,A-1,T-002,V-001,3,3,CI\n"
		",A-9,T-001,V-001,1,1,C\n"
		",A-1,Fishing,V-001,1,1,C\n"
		",A-1,T-001,Nothing like it,x,1,Q\n";
	static const char good[] =
		"\xef\xbb\xbf\xe3\x83\xaa\xe3\x82\xb9\xe3\x82\xaf\x49\x44,資産ID,脅威,脆弱性,脅威レベル,脆弱性レベル\n"
		",A-1,不正アクセス,V-001,３,2\n"
		"R-100,A-1,T-002,New weakness,1,1\n";

	add_asset(f, "A-1", "", 3, 2, 1);
	assert_ok(tabin_read_csv(bad, sizeof(bad) - 1, NULL, &t, &err), &err);
	assert_int_equal(risk_import(f->ctx, f->isms, &t, &o, &res, &errs, &err), ISMS_EINVAL);
	/* duplicate, unknown asset, unknown threat, unknown vulnerability, bad level, bad props */
	assert_int_equal(errs.total, 6);
	assert_int_equal(errs.v[0].line, 3);
	assert_int_equal(errs.v[0].column, 1);
	assert_int_equal(errs.v[1].line, 4);
	assert_int_equal(errs.v[1].column, 2);
	assert_int_equal(errs.v[2].line, 5);
	assert_int_equal(errs.v[2].column, 3);
	assert_non_null(strstr(errs.v[2].detail, "Phishing"));
	assert_int_equal(errs.v[3].column, 4);
	assert_int_equal(errs.v[4].column, 7); /* props come before levels */
	assert_int_equal(errs.v[5].column, 5);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM risk"), 0);
	tabin_errors_release(&errs);
	tabin_release(&t);

	assert_ok(tabin_read_csv(good, sizeof(good) - 1, NULL, &t, &err), &err);
	memset(&errs, 0, sizeof(errs));
	assert_int_equal(risk_import(f->ctx, f->isms, &t, &o, &res, &errs, &err), ISMS_EINVAL);
	assert_int_equal(errs.total, 1);
	tabin_errors_release(&errs);
	o.add_missing = true;
	o.dry_run = true;
	assert_ok(risk_import(f->ctx, f->isms, &t, &o, &res, &errs, &err), &err);
	assert_int_equal(res.added, 2);
	assert_int_equal(res.vulns_added, 1);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM risk"), 0);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM vulnerability"), 0);
	o.dry_run = false;
	assert_ok(risk_import(f->ctx, f->isms, &t, &o, &res, &errs, &err), &err);
	assert_int_equal(res.added, 2);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM risk"), 2);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM vulnerability WHERE name_en = 'New weakness'"), 1);
	/* the row without an ID got the first free code; the fullwidth 3 is 3 */
	assert_int_equal(count_sql(f, "SELECT value FROM risk WHERE code = 'R-001'"), 18);
	/* the same file again changes nothing but adds the ID-less row again */
	o.add_missing = false;
	assert_ok(risk_import(f->ctx, f->isms, &t, &o, &res, &errs, &err), &err);
	assert_int_equal(res.added, 1);
	assert_int_equal(res.unchanged, 1);
	assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'"), 2);
	tabin_release(&t);
}

/*
 * Paging, sorting and counting in the database against a scan of the
 * whole register in C, the way the pages did it before, on a generated
 * register: groups, unassessed risks, treatments with plans and
 * controls, approvals (current, stale, rejected), stale risks.
 */
struct expect_filter {
	const char *name;
	struct risk_filter f;
};

static bool has_code(const struct approval *ap, size_t nap, const char *code)
{
	for (size_t k = 0; k < nap; k++)
		if (!strcmp(ap[k].subject_id, code))
			return true;
	return false;
}

/* What the filter keeps, as the SQL of risk_list said it before. */
static bool scan_keeps(const struct risk_filter *f, const struct risk *r, const struct approval *ap,
		       size_t nap)
{
	if (f->asset && (!r->asset_code || strcmp(r->asset_code, f->asset)))
		return false;
	if (f->group && (!r->group || strcmp(r->group, f->group)))
		return false;
	if (f->owner && strcmp(r->owner, f->owner))
		return false;
	if (f->evaluation >= 0 && (int)r->evaluation != f->evaluation)
		return false;
	if (f->treatment >= 0 && (int)r->treatment != f->treatment)
		return false;
	if (f->min_value >= 0 && (!r->value || r->value < f->min_value)) /* a NULL value fails */
		return false;
	if (f->stale && !r->stale)
		return false;
	if (f->needs_approval && !risk_needs_approval(r))
		return false;
	if (f->has_approval && !has_code(ap, nap, r->code))
		return false;
	if (f->due_before && (!r->treatment || !*r->plan_due || r->plan_status == RISK_PLAN_DONE ||
			      strcmp(r->plan_due, f->due_before) >= 0))
		return false;
	return true;
}

static enum risk_sort scan_sort;
static bool scan_reverse;

static int cmp_int_asc(int a, int b)
{
	return a < b ? -1 : a > b;
}

/* NULL (0) last either way, then highest first, or lowest when reversed. */
static int cmp_value(int a, int b, bool reverse)
{
	if (!a != !b)
		return !a ? 1 : -1;
	return reverse ? cmp_int_asc(a, b) : cmp_int_asc(b, a);
}

static int eval_rank(enum score_decision d)
{
	return d == SCORE_TREAT ? 0 : d == SCORE_ACCEPT ? 1 : d == SCORE_BASELINE ? 2 : 3;
}

static int scan_cmp(const void *x, const void *y)
{
	const struct risk *a = *(const struct risk *const *)x, *b = *(const struct risk *const *)y;
	int c = 0;

	switch (scan_sort) {
	case RISK_SORT_CODE:
		return scan_reverse ? -strcmp(a->code, b->code) : strcmp(a->code, b->code);
	case RISK_SORT_VALUE:
		c = cmp_value(a->value, b->value, scan_reverse);
		break;
	case RISK_SORT_ASSET:
		c = strcmp(a->asset_code ? a->asset_code : a->group, b->asset_code ? b->asset_code : b->group);
		c = scan_reverse ? -c : c;
		break;
	case RISK_SORT_OWNER:
		c = scan_reverse ? -strcmp(a->owner, b->owner) : strcmp(a->owner, b->owner);
		break;
	case RISK_SORT_EVALUATION:
		c = cmp_int_asc(eval_rank(a->evaluation), eval_rank(b->evaluation));
		c = scan_reverse ? -c : c;
		if (!c)
			c = cmp_value(a->value, b->value, scan_reverse);
		break;
	case RISK_SORT_RESIDUAL:
		c = cmp_value(a->residual_value, b->residual_value, scan_reverse);
		break;
	case RISK_SORT_COUNT:
		break;
	}
	return c ? c : strcmp(a->code, b->code);
}

static void assert_same_risk(const struct risk *a, const struct risk *b)
{
	assert_string_equal(a->code, b->code);
	assert_int_equal(a->id, b->id);
	assert_true((a->asset_code == NULL) == (b->asset_code == NULL));
	if (a->asset_code) {
		assert_string_equal(a->asset_code, b->asset_code);
		assert_string_equal(a->asset_name, b->asset_name);
	} else {
		assert_string_equal(a->group, b->group);
	}
	assert_string_equal(a->threat_name, b->threat_name);
	assert_string_equal(a->owner, b->owner);
	assert_int_equal(a->value, b->value);
	assert_int_equal(a->evaluation, b->evaluation);
	assert_int_equal(a->stale, b->stale);
	assert_int_equal(a->treatment, b->treatment);
	assert_string_equal(a->plan_due, b->plan_due);
	assert_int_equal(a->residual_value, b->residual_value);
	assert_int_equal(a->ncontrols, b->ncontrols);
	for (size_t k = 0; k < a->ncontrols; k++)
		assert_string_equal(a->controls[k], b->controls[k]);
	assert_int_equal(a->nextras, b->nextras);
	for (size_t k = 0; k < a->nextras; k++)
		assert_string_equal(a->extras[k], b->extras[k]);
}

/* Every sort, both ways, the whole list and pages of it, against the
 * scan; `all` is the whole register with its controls. */
static void check_lists(struct fx *f, const struct risk *all, size_t nall, const struct expect_filter *ef)
{
	struct approval *ap;
	struct isms_err err;
	const struct risk **want = calloc(nall + 1, sizeof(*want));
	size_t nap, nwant = 0;

	assert_ok(approval_list(f->ctx, &f->a, f->isms, "risk", &ap, &nap, &err), &err);
	for (size_t k = 0; k < nall; k++)
		if (scan_keeps(&ef->f, &all[k], ap, nap))
			want[nwant++] = &all[k];
	for (int s = 0; s < RISK_SORT_COUNT; s++) {
		for (int rev = 0; rev < 2; rev++) {
			static const size_t pages[][2] = { { 0, 0 }, { 50, 0 }, { 7, 0 }, { 7, 7 }, { 7, 100 },
							   { 1, 0 }, { 13, 290 }, { 7, 1000 } };

			scan_sort = (enum risk_sort)s;
			scan_reverse = rev;
			qsort(want, nwant, sizeof(*want), scan_cmp);
			for (size_t p = 0; p < sizeof(pages) / sizeof(pages[0]); p++) {
				struct risk_filter flt = ef->f;
				struct risk *rows;
				size_t n, total = 0, expect_n;

				flt.sort = (enum risk_sort)s;
				flt.reverse = rev;
				flt.limit = pages[p][0];
				flt.offset = pages[p][1];
				flt.with_controls = true;
				assert_ok(risk_list(f->ctx, &f->a, f->isms, &flt, &rows, &n, &total, &err), &err);
				expect_n = flt.offset >= nwant ? 0 : nwant - flt.offset;
				if (flt.limit && expect_n > flt.limit)
					expect_n = flt.limit;
				if (total != nwant || n != expect_n)
					print_error("%s, sort %s%s, limit %zu offset %zu: %zu of %zu rows, expected %zu of %zu\n",
						    ef->name, risk_sort_code(flt.sort), rev ? " desc" : "", flt.limit,
						    flt.offset, n, total, expect_n, nwant);
				assert_int_equal(total, nwant);
				assert_int_equal(n, expect_n);
				for (size_t k = 0; k < n; k++)
					assert_same_risk(&rows[k], want[flt.offset + k]);
			}
		}
	}
	free(want);
}

/* The facts as risk_status_facts computed them from the whole register. */
static void check_facts(struct fx *f, const struct risk *all, size_t nall, struct status_facts *ret)
{
	struct status_facts want = { 0 }, got = { 0 };
	struct isms_err err;

	want.risks = (long)nall;
	for (size_t k = 0; k < nall; k++) {
		const struct risk *r = &all[k];
		enum approval_state st;

		want.risks_unevaluated += r->evaluation == SCORE_UNEVALUATED || r->stale;
		want.risks_to_treat += r->evaluation == SCORE_TREAT;
		want.risks_untreated += r->evaluation == SCORE_TREAT && !r->treatment;
		if (!risk_needs_approval(r))
			continue;
		want.residual_to_approve++;
		assert_ok(risk_approval_state(f->ctx, &f->a, f->isms, r, &st, NULL, NULL, &err), &err);
		want.residual_approved += st == APPROVAL_CURRENT;
		want.approvals_stale += st == APPROVAL_STALE;
	}
	assert_ok(risk_status_facts(f->ctx, f->isms, &got, &err), &err);
	assert_int_equal(got.risks, want.risks);
	assert_int_equal(got.risks_unevaluated, want.risks_unevaluated);
	assert_int_equal(got.risks_to_treat, want.risks_to_treat);
	assert_int_equal(got.risks_untreated, want.risks_untreated);
	assert_int_equal(got.residual_to_approve, want.residual_to_approve);
	assert_int_equal(got.residual_approved, want.residual_approved);
	assert_int_equal(got.approvals_stale, want.approvals_stale);
	if (ret)
		*ret = want;
}

/* The counts by levels, value and evaluation against the scan. */
static void check_tally(struct fx *f, const struct risk *all, size_t nall)
{
	struct risk_tally *t;
	struct isms_err err;
	size_t nt;
	long sum = 0;

	assert_ok(risk_tally(f->ctx, &f->a, f->isms, &t, &nt, &err), &err);
	for (size_t i = 0; i < nt; i++) {
		long want = 0;

		for (size_t k = 0; k < nall; k++) {
			const struct risk *r = &all[k];

			want += r->threat_level == t[i].threat_level && r->vuln_level == t[i].vuln_level &&
				r->likelihood == t[i].likelihood && r->impact == t[i].impact &&
				r->value == t[i].value && r->evaluation == t[i].evaluation;
		}
		assert_true(t[i].n > 0);
		assert_int_equal(t[i].n, want);
		/* one entry per combination */
		for (size_t j = 0; j < i; j++)
			assert_false(t[j].threat_level == t[i].threat_level && t[j].vuln_level == t[i].vuln_level &&
				     t[j].likelihood == t[i].likelihood && t[j].impact == t[i].impact &&
				     t[j].value == t[i].value && t[j].evaluation == t[i].evaluation);
		sum += t[i].n;
	}
	assert_int_equal(sum, (long)nall);
}

static void load_all(struct fx *f, struct risk **ret, size_t *ret_n)
{
	struct risk_filter flt = RISK_FILTER_INIT;
	struct isms_err err;
	size_t total;

	flt.with_controls = true;
	assert_ok(risk_list(f->ctx, &f->a, f->isms, &flt, ret, ret_n, &total, &err), &err);
	assert_int_equal(total, *ret_n);
}

static void check_all(struct fx *f, const struct risk *all, size_t nall, struct status_facts *ret)
{
	struct expect_filter ef[] = {
		{ "no filter", RISK_FILTER_INIT },
		{ "asset A-003", RISK_FILTER_INIT },
		{ "unknown asset", RISK_FILTER_INIT },
		{ "group G1", RISK_FILTER_INIT },
		{ "owner", RISK_FILTER_INIT },
		{ "evaluation treat", RISK_FILTER_INIT },
		{ "not evaluated", RISK_FILTER_INIT },
		{ "untreated", RISK_FILTER_INIT },
		{ "reduced, value 6 or more", RISK_FILTER_INIT },
		{ "stale", RISK_FILTER_INIT },
		{ "needs approval", RISK_FILTER_INIT },
		{ "needs approval, has one", RISK_FILTER_INIT },
		{ "overdue", RISK_FILTER_INIT },
	};

	ef[1].f.asset = "A-003";
	ef[2].f.asset = "A-999";
	ef[3].f.group = "G1";
	ef[4].f.owner = "owner 2";
	ef[5].f.evaluation = SCORE_TREAT;
	ef[6].f.evaluation = SCORE_UNEVALUATED;
	ef[7].f.treatment = RISK_TREAT_NONE;
	ef[8].f.treatment = RISK_TREAT_REDUCE;
	ef[8].f.min_value = 6;
	ef[9].f.stale = true;
	ef[10].f.needs_approval = true;
	ef[11].f.needs_approval = true;
	ef[11].f.has_approval = true;
	ef[12].f.due_before = "2026-07-01";
	for (size_t k = 0; k < sizeof(ef) / sizeof(ef[0]); k++)
		check_lists(f, all, nall, &ef[k]);
	check_facts(f, all, nall, ret);
	check_tally(f, all, nall);
}

static void test_paging_and_counts(void **state)
{
	static const char *const dues[] = { "", "2026-01-15", "2026-06-30", "2026-07-01", "2027-03-31" };
	static const char *const annex[] = { "A.5.7", "A.8.8", "A.8.5", "A.5.17" };
	static const char *const extra[] = { "Quarterly review" };
	struct fx *f = *state;
	const struct library *lib = library_builtin();
	struct score_method m;
	struct isms_err err;
	struct status_facts facts;
	struct risk *all;
	size_t nall, approved = 0, stale = 0;
	char code[RISK_CODE_MAX + 1];

	assert_true(score_preset("jipdec-3x3x3", &m));
	set_method(f, &m, 0);
	for (int k = 0; k < 30; k++) {
		char c[16], g[16];

		snprintf(c, sizeof(c), "A-%03d", k);
		snprintf(g, sizeof(g), "G%d", k % 4);
		add_asset(f, c, k % 3 ? g : "", 1 + (int)rnd(3), 1 + (int)rnd(3), 1 + (int)rnd(3));
	}
	/* more than a page of controls looked up one risk at a time */
	for (int k = 0; k < 300; k++) {
		struct risk_new n = { 0 };
		char asset[16], group[16], owner[16];

		snprintf(asset, sizeof(asset), "A-%03u", rnd(30));
		snprintf(group, sizeof(group), "G%u", rnd(4));
		snprintf(owner, sizeof(owner), "owner %u", rnd(5));
		if (rnd(5))
			n.asset = asset;
		else
			n.group = group;
		n.threat = lib->threats[rnd((unsigned)lib->nthreats)]->code;
		n.vuln = lib->vulns[rnd((unsigned)lib->nvulns)]->code;
		n.threat_level = (int)rnd(4); /* 0: not assessed */
		n.vuln_level = 1 + (int)rnd(3);
		n.owner = rnd(4) ? owner : NULL;
		assert_ok(risk_add(f->ctx, f->isms, &n, code, &err), &err);
		if (rnd(3) == 0) {
			struct risk_treat t = RISK_TREAT_INIT;
			size_t nc = rnd(3);

			t.option = (enum risk_treatment)(1 + rnd(4));
			t.res_vuln = (int)rnd(4);
			t.controls = annex + rnd(2);
			t.ncontrols = nc;
			t.set_controls = true;
			t.extras = extra;
			t.nextras = rnd(2);
			t.set_extras = true;
			t.plan_due = dues[rnd(5)];
			t.plan_status = (int)(1 + rnd(3));
			assert_ok(risk_treat(f->ctx, f->isms, code, &t, &err), &err);
		}
	}
	/* no approval yet */
	load_all(f, &all, &nall);
	assert_int_equal(nall, 300);
	check_facts(f, all, nall, NULL);

	/* approvals of some residual risks, a rejection, then changes that
	 * make approvals stale and risks due for re-evaluation */
	assert_ok(user_add(f->ctx, "boss", NULL, NULL, NULL, &err), &err);
	assert_ok(user_role_set(f->ctx, f->isms, "boss", ROLE_APPROVER, &err), &err);
	for (size_t k = 0; k < nall; k++) {
		if (!risk_needs_approval(&all[k]) || all[k].evaluation == SCORE_UNEVALUATED || rnd(3) == 0)
			continue;
		isms_ctx_set_actor(f->ctx, "boss");
		assert_ok(risk_approve(f->ctx, f->isms, all[k].code, approved % 5 == 4 ? APPROVAL_REJECTED : APPROVAL_APPROVED,
				       NULL, &err), &err);
		isms_ctx_set_actor(f->ctx, "tester");
		if (approved % 3 == 1) {
			struct risk_edit e = RISK_EDIT_INIT;

			e.threat_level = 1 + (all[k].threat_level % 3);
			assert_ok(risk_edit(f->ctx, f->isms, all[k].code, &e, &err), &err);
		}
		approved++;
	}
	assert_true(approved >= 6);
	{
		struct asset_edit e = ASSET_EDIT_INIT;

		e.c = 3;
		e.i = 3;
		e.a = 3;
		assert_ok(asset_edit(f->ctx, f->isms, "A-001", &e, &err), &err); /* in group G1 */
		assert_ok(asset_edit(f->ctx, f->isms, "A-003", &e, &err), &err); /* in no group */
	}
	load_all(f, &all, &nall);
	check_all(f, all, nall, &facts);
	/* the register has every case */
	for (size_t k = 0; k < nall; k++)
		stale += all[k].stale;
	assert_true(stale > 0);
	assert_true(facts.risks_unevaluated > (long)stale);
	assert_true(facts.residual_approved > 0);
	assert_true(facts.approvals_stale > 0);
	assert_true(facts.residual_to_approve > facts.residual_approved + facts.approvals_stale);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test_setup_teardown(test_reevaluation, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_treatment_and_links, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_approval, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_import, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_paging_and_counts, setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
