/* test-status.c - the rules that turn facts into the state of the ten steps. */
#include "helpers.h"

#include "isms/status.h"

static struct step_status steps[STATUS_STEPS];
static struct arena arena;

static void eval(const struct status_facts *f, int edition)
{
	arena_release(&arena);
	status_evaluate(f, edition, &arena, steps);
}

static bool missing_has(int step, const char *needle)
{
	for (size_t i = 0; i < steps[step - 1].nmissing; i++)
		if (strstr(steps[step - 1].missing[i], needle))
			return true;
	return false;
}

static void test_new_isms(void **state)
{
	struct status_facts f = { 0 };
	static const int phases[] = { 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 };

	(void)state;
	eval(&f, 2022);
	for (int i = 0; i < STATUS_STEPS; i++) {
		assert_int_equal(steps[i].step, i + 1);
		assert_int_equal(steps[i].phase, phases[i]);
		assert_int_equal(steps[i].state, STEP_NOT_STARTED);
		assert_true(steps[i].nmissing >= 1);
		assert_non_null(steps[i].name);
		assert_non_null(steps[i].artefact);
	}
	assert_string_equal(steps[9].artefact, "Statement of Applicability");
	assert_string_equal(steps[0].clause, "4.3");
	assert_string_equal(steps[9].clause, "6.1.3 d");
	eval(&f, 2005);
	assert_string_equal(steps[0].clause, "4.2.1 a");
	assert_string_equal(steps[9].clause, "4.2.1 j");
}

static void test_texts(void **state)
{
	struct status_facts f = { .scope_exists = true };

	(void)state;
	eval(&f, 2022);
	assert_int_equal(steps[0].state, STEP_IN_PROGRESS);
	f.scope_complete = true;
	eval(&f, 2022);
	assert_int_equal(steps[0].state, STEP_DONE);
	assert_true(missing_has(1, "not approved"));
	f.scope_approved = true;
	f.policy_exists = true;
	eval(&f, 2022);
	assert_int_equal(steps[0].state, STEP_APPROVED);
	assert_int_equal(steps[0].nmissing, 0);
	assert_int_equal(steps[1].state, STEP_DONE);
	f.method_set = true;
	eval(&f, 2022);
	assert_int_equal(steps[2].state, STEP_DONE);
	f.method_approved = true;
	eval(&f, 2022);
	assert_int_equal(steps[2].state, STEP_APPROVED);
}

static void test_assets_and_risks(void **state)
{
	struct status_facts f = { .assets = 20, .assets_without_owner = 12 };

	(void)state;
	eval(&f, 2022);
	assert_int_equal(steps[3].state, STEP_IN_PROGRESS);
	assert_true(missing_has(4, "12 assets have no owner"));
	assert_true(missing_has(4, "no risks"));
	f.assets_without_owner = 1;
	f.risks = 30;
	eval(&f, 2022);
	assert_true(missing_has(4, "1 asset has no owner"));
	f.assets_without_owner = 0;
	f.risks_unevaluated = 3;
	eval(&f, 2022);
	assert_int_equal(steps[3].state, STEP_DONE);
	assert_int_equal(steps[4].state, STEP_IN_PROGRESS);
	assert_int_equal(steps[5].state, STEP_NOT_STARTED);
	f.risks_unevaluated = 0;
	f.risks_to_treat = 8;
	f.risks_untreated = 5;
	eval(&f, 2022);
	assert_int_equal(steps[4].state, STEP_DONE);
	assert_int_equal(steps[5].state, STEP_IN_PROGRESS);
	assert_true(missing_has(6, "5 risks above the criteria have no treatment"));
	assert_int_equal(steps[7].state, STEP_NOT_STARTED);
	f.risks_untreated = 8;
	eval(&f, 2022);
	assert_int_equal(steps[5].state, STEP_NOT_STARTED);
	f.risks_untreated = 0;
	eval(&f, 2022);
	assert_int_equal(steps[5].state, STEP_DONE);
}

static void test_residual_approvals(void **state)
{
	struct status_facts f = { .assets = 1, .risks = 4, .risks_to_treat = 2,
				  .residual_to_approve = 2 };

	(void)state;
	eval(&f, 2022);
	assert_int_equal(steps[7].state, STEP_NOT_STARTED);
	assert_true(missing_has(8, "2 residual risks await approval"));
	f.residual_approved = 1;
	eval(&f, 2022);
	assert_int_equal(steps[7].state, STEP_IN_PROGRESS);
	f.residual_approved = 2;
	eval(&f, 2022);
	assert_int_equal(steps[7].state, STEP_APPROVED);
	f.approvals_stale = 2;
	eval(&f, 2022);
	assert_int_equal(steps[7].state, STEP_IN_PROGRESS);
	assert_true(missing_has(8, "2 approvals are stale"));
}

static void test_controls_authorisation_soa(void **state)
{
	struct status_facts f = { .controls_total = 93, .controls_decided = 90,
				  .exclusions_unjustified = 1 };

	(void)state;
	eval(&f, 2022);
	assert_int_equal(steps[6].state, STEP_IN_PROGRESS);
	assert_true(missing_has(7, "3 controls have no decision"));
	assert_true(missing_has(7, "1 exclusion has no justification"));
	f.controls_decided = 93;
	f.exclusions_unjustified = 0;
	f.authorised = true;
	f.soa_snapshots = 2;
	eval(&f, 2022);
	assert_int_equal(steps[6].state, STEP_DONE);
	assert_int_equal(steps[8].state, STEP_APPROVED);
	assert_int_equal(steps[9].state, STEP_DONE);
	f.authorisation_stale = true;
	f.soa_approved = true;
	eval(&f, 2022);
	assert_int_equal(steps[8].state, STEP_IN_PROGRESS);
	assert_int_equal(steps[9].state, STEP_APPROVED);
	f.soa_outdated = true;
	eval(&f, 2022);
	assert_int_equal(steps[9].state, STEP_IN_PROGRESS);
}

static void test_japanese(void **state)
{
	struct status_facts f = { 0 };
	struct isms_err err;

	(void)state;
	if (i18n_use(ISMS_LANG_JA, &err) != ISMS_OK)
		skip();
	eval(&f, 2022);
	assert_string_equal(steps[9].artefact, "適用宣言書");
	assert_string_equal(steps[2].artefact, "リスクマネジメント実施基準");
	assert_string_equal(status_state_label(STEP_NOT_STARTED), "未着手");
	/* the codes for machines do not change with the language */
	assert_string_equal(status_state_code(STEP_NOT_STARTED), "not_started");
	/* translations are remembered per language: switching back and forth
	 * gives each language's text for the same msgid */
	i18n_use(ISMS_LANG_EN, &err);
	assert_string_equal(status_state_label(STEP_NOT_STARTED), "not started");
	i18n_use(ISMS_LANG_JA, &err);
	assert_string_equal(status_state_label(STEP_NOT_STARTED), "未着手");
	i18n_use(ISMS_LANG_EN, &err);
	assert_string_equal(status_state_label(STEP_NOT_STARTED), "not started");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_isms),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_assets_and_risks),
		cmocka_unit_test(test_residual_approvals),
		cmocka_unit_test(test_controls_authorisation_soa),
		cmocka_unit_test(test_japanese),
	};
	struct isms_err err;
	int rc;

	i18n_init(getenv("ISMS_LOCALEDIR"));
	i18n_use(ISMS_LANG_EN, &err);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	arena_release(&arena);
	return rc;
}
