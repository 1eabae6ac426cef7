/* test-scoring.c - the risk engine: every formula, scale edge, aggregation mode, criterion, and a reference check. */
#include "helpers.h"

#include "isms/scoring.h"
#include "isms/xalloc.h"

static struct score_input inp(int c, int i, int a, unsigned props, int t, int v)
{
	struct score_input in = { .c = c, .i = i, .a = a, .props = props, .threat = t, .vuln = v };

	return in;
}

static struct score_input mat(int l, int i)
{
	struct score_input in = { .props = SCORE_C, .likelihood = l, .impact = i };

	return in;
}

static void test_presets(void **state)
{
	struct score_method m;
	struct isms_err err;

	(void)state;
	assert_true(score_preset("jipdec-3x3x3", &m));
	assert_int_equal(m.formula, SCORE_FORMULA_AVT);
	assert_int_equal(m.asset_mode, SCORE_AV_MAX);
	assert_int_equal(m.vmax, 27);
	assert_int_equal(m.threat.n, 3);
	assert_int_equal(m.asset[0].n, 3);
	assert_string_equal(m.asset[0].lv[0].label.ja, "公開");
	assert_string_equal(m.asset[0].lv[1].label.ja, "社内限り");
	assert_string_equal(m.asset[0].lv[2].label.ja, "関係者限り");
	assert_int_equal(m.criterion, SCORE_CRIT_THRESHOLD);
	assert_ok(score_method_check(&m, &err), &err);
	score_method_release(&m);

	assert_true(score_preset("JIPDEC", &m));
	assert_string_equal(m.preset, "jipdec-3x3x3");
	score_method_release(&m);

	assert_true(score_preset("iso27005-5x5", &m));
	assert_int_equal(m.formula, SCORE_FORMULA_MATRIX);
	assert_int_equal(m.vmax, 25);
	assert_int_equal(m.nlevels, 4);
	assert_int_equal(m.criterion, SCORE_CRIT_LEVELS);
	score_method_release(&m);

	assert_true(score_preset("27005", &m));
	score_method_release(&m);
	assert_false(score_preset("nist", &m));
	assert_false(score_preset("", &m));
}

/* JIPDEC: all 27 products of 1-3, and the levels and decisions at the
 * threshold's edges. */
static void test_jipdec_values(void **state)
{
	struct score_method m;
	struct score_result r;
	struct score_input in;

	(void)state;
	score_preset("jipdec-3x3x3", &m);
	for (int av = 1; av <= 3; av++) {
		for (int t = 1; t <= 3; t++) {
			for (int v = 1; v <= 3; v++) {
				int value = av * t * v;

				in = inp(av, 1, 1, SCORE_C, t, v);
				score_evaluate(&m, &in, &r);
				assert_int_equal(r.value, value);
				assert_int_equal(r.asset_value, av);
				assert_int_equal(r.decision, value <= 8 ? SCORE_ACCEPT : SCORE_TREAT);
				assert_int_equal(r.level, value <= 8 ? 1 : value <= 12 ? 2 : 3);
				assert_true(r.detailed);
			}
		}
	}
	/* max of C, I, A: the property that is highest counts */
	in = inp(1, 3, 2, SCORE_A, 3, 3);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.value, 27);
	assert_int_equal(r.decision, SCORE_TREAT);
	score_method_release(&m);
}

static void test_scale_edges(void **state)
{
	struct score_method m;
	struct score_result r;
	struct score_input in;

	(void)state;
	score_preset("jipdec-3x3x3", &m);
	/* 0 is "not set": the levels are missing */
	in = inp(3, 3, 3, SCORE_C, 0, 2);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_UNEVALUATED);
	assert_int_equal(r.missing, SCORE_MISSING_LEVELS);
	assert_int_equal(r.value, 0);
	in = inp(3, 3, 3, SCORE_C, 2, 0);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_MISSING_LEVELS);
	/* an unvalued property: the asset value is unknown */
	in = inp(3, 0, 3, SCORE_C, 2, 2);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_MISSING_ASSET);
	assert_int_equal(r.decision, SCORE_UNEVALUATED);
	/* past the top of a scale, or negative */
	in = inp(4, 1, 1, SCORE_C, 1, 1);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_OUT_OF_SCALE);
	in = inp(1, 1, 1, SCORE_C, 4, 1);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_OUT_OF_SCALE);
	in = inp(1, 1, 1, SCORE_C, 1, 4);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_OUT_OF_SCALE);
	in = inp(1, 1, -1, SCORE_C, 1, 1);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_OUT_OF_SCALE);
	/* no property */
	in = inp(1, 1, 1, 0, 1, 1);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_MISSING_PROPS);
	/* the lowest and highest values */
	in = inp(1, 1, 1, SCORE_C, 1, 1);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.value, 1);
	in = inp(3, 3, 3, SCORE_C | SCORE_I | SCORE_A, 3, 3);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.value, 27);
	score_method_release(&m);
}

static void test_asset_modes(void **state)
{
	struct score_method m;
	struct score_result r;
	struct score_input in;
	struct isms_err err;

	(void)state;
	score_preset("jipdec-3x3x3", &m);
	m.asset_mode = SCORE_AV_SUM;
	m.threshold = 20;
	assert_ok(score_method_check(&m, &err), &err);
	assert_int_equal(m.vmax, 81);
	assert_int_equal(m.av_max, 9);
	in = inp(1, 2, 3, SCORE_C, 2, 2);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.asset_value, 6);
	assert_int_equal(r.value, 24);
	assert_int_equal(r.decision, SCORE_TREAT);
	assert_int_equal(r.level, 3); /* levels end at 13-: 24 is high */
	in = inp(1, 1, 1, SCORE_C, 2, 3);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.value, 18);
	assert_int_equal(r.decision, SCORE_ACCEPT);
	in = inp(3, 3, 3, SCORE_I, 3, 3);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.value, 81);

	/* per property: one value for each affected property, the highest counts */
	m.asset_mode = SCORE_AV_PER_PROPERTY;
	m.threshold = 8;
	assert_ok(score_method_check(&m, &err), &err);
	assert_int_equal(m.vmax, 27);
	in = inp(3, 1, 2, SCORE_I | SCORE_A, 2, 2);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.prop_value[0], 0);
	assert_int_equal(r.prop_value[1], 4);
	assert_int_equal(r.prop_value[2], 8);
	assert_int_equal(r.value, 8);
	assert_int_equal(r.asset_value, 2);
	assert_int_equal(r.decision, SCORE_ACCEPT);
	/* C is 3 but not affected: it does not count */
	in = inp(3, 1, 1, SCORE_I, 3, 3);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.value, 9);
	assert_int_equal(r.decision, SCORE_TREAT);
	/* an affected property without a value cannot be evaluated, an
	 * unaffected one does not matter */
	in = inp(0, 2, 2, SCORE_I, 2, 2);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.value, 8);
	in = inp(0, 2, 2, SCORE_C | SCORE_I, 2, 2);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_MISSING_ASSET);
	/* max mode needs all three values */
	m.asset_mode = SCORE_AV_MAX;
	assert_ok(score_method_check(&m, &err), &err);
	in = inp(0, 2, 2, SCORE_I, 2, 2);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_MISSING_ASSET);
	score_method_release(&m);
}

/* Per property with the levels criterion: one unaccepted property is
 * enough to treat. */
static void test_per_property_levels(void **state)
{
	struct score_method m;
	struct score_result r;
	struct score_input in;
	struct isms_err err;

	(void)state;
	score_preset("jipdec-3x3x3", &m);
	m.asset_mode = SCORE_AV_PER_PROPERTY;
	m.criterion = SCORE_CRIT_LEVELS;
	m.accept_levels = 1u << 0 | 1u << 2; /* odd but allowed: low and high */
	assert_ok(score_method_check(&m, &err), &err);
	in = inp(1, 3, 3, SCORE_C | SCORE_I, 3, 3); /* C: 9 (medium), I: 27 (high) */
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.level, 3);
	assert_int_equal(r.decision, SCORE_TREAT);
	in = inp(1, 3, 3, SCORE_C | SCORE_I, 1, 1); /* 1 and 3: low */
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_ACCEPT);
	score_method_release(&m);
}

static void test_matrix(void **state)
{
	struct score_method m;
	struct score_result r;
	struct score_input in;
	struct isms_err err;

	(void)state;
	score_preset("iso27005-5x5", &m);
	for (int l = 1; l <= 5; l++) {
		for (int i = 1; i <= 5; i++) {
			int p = l * i, lv = p <= 4 ? 1 : p <= 9 ? 2 : p <= 16 ? 3 : 4;

			in = mat(l, i);
			score_evaluate(&m, &in, &r);
			assert_int_equal(r.value, p);
			assert_int_equal(r.level, lv);
			assert_int_equal(r.decision, lv == 1 ? SCORE_ACCEPT : SCORE_TREAT);
		}
	}
	in = mat(0, 3);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_MISSING_LEVELS);
	in = mat(6, 3);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_OUT_OF_SCALE);
	/* asset values do not matter to the matrix (no combined approach) */
	in = mat(2, 2);
	in.c = 99;
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.value, 4);

	/* accepted cells: exactly the cells named */
	m.criterion = SCORE_CRIT_CELLS;
	memset(m.accept_cell, 0, sizeof(m.accept_cell));
	m.accept_cell[4] = 1u << 0; /* likelihood 5, impact 1 */
	m.accept_cell[0] = 1u << 4; /* likelihood 1, impact 5 */
	assert_ok(score_method_check(&m, &err), &err);
	in = mat(5, 1);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_ACCEPT);
	in = mat(1, 5);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_ACCEPT);
	in = mat(1, 1);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_TREAT);

	/* threshold on the product */
	m.criterion = SCORE_CRIT_THRESHOLD;
	m.threshold = 6;
	assert_ok(score_method_check(&m, &err), &err);
	in = mat(2, 3);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_ACCEPT);
	in = mat(1, 5);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_ACCEPT);
	in = mat(5, 2);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_TREAT);
	score_method_release(&m);
}

/* 2×2 and 10×10, the smallest and largest matrices. */
static void test_matrix_sizes(void **state)
{
	struct score_method m, big;
	struct score_result r;
	struct score_input in;
	struct isms_err err;

	(void)state;
	score_preset("iso27005-5x5", &m);
	m.likelihood.n = 2;
	m.impact.n = 2;
	m.cell[0][0] = 1, m.cell[0][1] = 2, m.cell[1][0] = 2, m.cell[1][1] = 4;
	assert_ok(score_method_check(&m, &err), &err);
	assert_int_equal(m.vmax, 4);
	in = mat(2, 2);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.value, 4);
	assert_int_equal(r.level, 4);
	in = mat(3, 1);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_OUT_OF_SCALE);

	score_method_copy(&big, &m);
	big.likelihood.n = big.impact.n = 10;
	for (int k = 0; k < 10; k++) {
		big.likelihood.lv[k].label.en = "L";
		big.impact.lv[k].label.en = "I";
	}
	for (int l = 0; l < 10; l++)
		for (int i = 0; i < 10; i++)
			big.cell[l][i] = (unsigned char)(1 + (l + i) / 5);
	big.criterion = SCORE_CRIT_THRESHOLD;
	big.threshold = 100;
	assert_ok(score_method_check(&big, &err), &err);
	in = mat(10, 10);
	score_evaluate(&big, &in, &r);
	assert_int_equal(r.value, 100);
	assert_int_equal(r.level, 4);
	assert_int_equal(r.decision, SCORE_ACCEPT);
	big.likelihood.n = 11;
	assert_int_equal(score_method_check(&big, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "scales.likelihood");
	big.likelihood.n = 1;
	assert_int_equal(score_method_check(&big, &err), ISMS_EINVAL);
	score_method_release(&big);
	score_method_release(&m);
}

static void test_threshold_edges(void **state)
{
	struct score_method m;
	struct score_result r;
	struct score_input in;
	struct isms_err err;

	(void)state;
	score_preset("jipdec-3x3x3", &m);
	m.threshold = 0; /* nothing accepted */
	assert_ok(score_method_check(&m, &err), &err);
	in = inp(1, 1, 1, SCORE_C, 1, 1);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_TREAT);
	m.threshold = 27; /* everything accepted */
	assert_ok(score_method_check(&m, &err), &err);
	in = inp(3, 3, 3, SCORE_C, 3, 3);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_ACCEPT);
	m.threshold = 28;
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "acceptance.threshold");
	assert_non_null(strstr(err.msg, "28"));
	m.threshold = -1;
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	/* cells need the matrix */
	m.threshold = 8;
	m.criterion = SCORE_CRIT_CELLS;
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "acceptance.cells");
	/* a level that does not exist */
	m.criterion = SCORE_CRIT_LEVELS;
	m.accept_levels = 1u << 3;
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "acceptance.levels");
	m.accept_levels = 0; /* nothing accepted is allowed */
	assert_ok(score_method_check(&m, &err), &err);
	score_method_release(&m);
}

static void test_approaches(void **state)
{
	struct score_method m;
	struct score_result r;
	struct score_input in;
	struct isms_err err;

	(void)state;
	score_preset("jipdec-3x3x3", &m);
	m.approach = SCORE_APPROACH_BASELINE;
	assert_ok(score_method_check(&m, &err), &err);
	in = inp(3, 3, 3, SCORE_C, 3, 3);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_BASELINE);
	assert_false(r.detailed);
	assert_int_equal(r.value, 27); /* still computed when it can be */
	in = inp(3, 3, 3, SCORE_C, 0, 0);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_BASELINE); /* levels not needed */

	m.approach = SCORE_APPROACH_COMBINED;
	m.detailed_above = 2;
	assert_ok(score_method_check(&m, &err), &err);
	in = inp(2, 2, 2, SCORE_C, 3, 3); /* asset value 2: baseline */
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_BASELINE);
	assert_false(r.detailed);
	in = inp(2, 3, 2, SCORE_C, 3, 3); /* asset value 3: detailed */
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_TREAT);
	assert_true(r.detailed);
	in = inp(0, 3, 2, SCORE_C, 3, 3); /* unknown value: detailed, and missing */
	score_evaluate(&m, &in, &r);
	assert_true(r.detailed);
	assert_int_equal(r.decision, SCORE_UNEVALUATED);
	m.detailed_above = 0; /* everything detailed */
	assert_ok(score_method_check(&m, &err), &err);
	in = inp(1, 1, 1, SCORE_C, 1, 1);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_ACCEPT);
	m.detailed_above = 3; /* nothing left for detailed analysis */
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "detailed_above");
	m.detailed_above = -1;
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);

	m.approach = SCORE_APPROACH_INFORMAL;
	m.detailed_above = 2;
	assert_ok(score_method_check(&m, &err), &err);
	in = inp(1, 1, 1, SCORE_C, 1, 1);
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_ACCEPT);
	score_method_release(&m);

	/* combined with the matrix: the asset value splits, the matrix evaluates */
	score_preset("iso27005-5x5", &m);
	m.approach = SCORE_APPROACH_COMBINED;
	m.detailed_above = 1;
	assert_ok(score_method_check(&m, &err), &err);
	in = mat(5, 5);
	in.c = in.i = in.a = 1;
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_BASELINE);
	in.a = 2;
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.decision, SCORE_TREAT);
	in.a = 4; /* outside the asset scale */
	score_evaluate(&m, &in, &r);
	assert_int_equal(r.missing, SCORE_OUT_OF_SCALE);
	score_method_release(&m);
}

static void test_check_errors(void **state)
{
	struct score_method m;
	struct isms_err err;

	(void)state;
	score_preset("jipdec-3x3x3", &m);
	m.asset[1].n = 4;
	m.asset[1].lv[3].label.en = "Extra";
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "scales");
	m.asset[1].n = 3;
	m.threat.lv[1].label.en = "";
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "scales.threat[1].label.en");
	m.threat.lv[1].label.en = "Medium";
	m.levels[1].min = 1;
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "levels[1].min");
	m.levels[1].min = 9;
	m.levels[0].min = 2;
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "levels[0].min");
	m.levels[0].min = 1;
	m.nlevels = 0;
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "levels");
	m.nlevels = 3;
	m.name.en = "";
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "name.en");
	m.name.en = "Ours";
	m.threat.n = 0;
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "scales.threat");
	score_method_release(&m);

	score_preset("iso27005-5x5", &m);
	m.cell[2][3] = 5;
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	assert_string_equal(err.field, "matrix[2][3]");
	m.cell[2][3] = 0;
	assert_int_equal(score_method_check(&m, &err), ISMS_EINVAL);
	score_method_release(&m);
}

static void test_json_round_trip(void **state)
{
	for (int k = 0; score_preset_names[k]; k++) {
		struct score_method m, back;
		struct sbuf a = SBUF_INIT, b = SBUF_INIT;
		struct isms_err err;

		(void)state;
		score_preset(score_preset_names[k], &m);
		m.asset_mode = SCORE_AV_PER_PROPERTY;
		m.assurance.en = "Once a year.";
		score_method_to_json(&m, true, &a);
		assert_ok(score_method_from_json(a.buf, a.len, &back, &err), &err);
		score_method_to_json(&back, true, &b);
		assert_string_equal(a.buf, b.buf);
		assert_int_equal(back.vmax, m.vmax);
		assert_string_equal(back.assurance.en, "Once a year.");
		sbuf_release(&a);
		sbuf_release(&b);
		score_method_release(&back);
		score_method_release(&m);
	}
}

static void expect_json_error(const char *text, enum isms_rc rc, const char *field, long line,
			      const char *msg_part)
{
	struct score_method m;
	struct isms_err err;

	isms_err_clear(&err);
	assert_int_equal(score_method_from_json(text, strlen(text), &m, &err), rc);
	if (field)
		assert_string_equal(err.field, field);
	if (line)
		assert_int_equal(err.line, line);
	if (msg_part && !strstr(err.msg, msg_part)) {
		print_error("message \"%s\" lacks \"%s\"\n", err.msg, msg_part);
		fail();
	}
}

static void test_json_errors(void **state)
{
	struct score_method m;
	struct sbuf sb = SBUF_INIT;
	char *bad;

	(void)state;
	expect_json_error("{\n  \"name\": \"x\",\n  oops\n}", ISMS_EINVAL, NULL, 3, "not valid JSON");
	expect_json_error("[]", ISMS_EINVAL, "(top)", 0, "must be an object");
	expect_json_error("{\"name\":\"x\",\"colour\":1}", ISMS_EINVAL, "colour", 0, "unknown field");
	expect_json_error("{\"name\":\"x\",\"approach\":\"fast\",\"formula\":\"likelihood-impact\"}",
			  ISMS_EINVAL, "approach", 0, "unknown value");
	expect_json_error("{\"name\":\"x\",\"approach\":\"detailed\"}", ISMS_EINVAL, "formula", 0,
			  "missing");
	expect_json_error("{\"a\":1,\"a\":2}", ISMS_EINVAL, NULL, 0, "not valid JSON");

	/* a good method with one thing wrong at a time */
	score_preset("jipdec-3x3x3", &m);
	score_method_to_json(&m, false, &sb);
	score_method_release(&m);
#define MUTATE(from, to, field, part)                                        \
	do {                                                                   \
		struct sbuf t = SBUF_INIT;                                     \
		char *at = strstr(sb.buf, from);                               \
                                                                               \
		assert_non_null(at);                                           \
		sbuf_add(&t, sb.buf, (size_t)(at - sb.buf));                   \
		sbuf_addstr(&t, to);                                           \
		sbuf_addstr(&t, at + strlen(from));                            \
		expect_json_error(t.buf, ISMS_EINVAL, field, 0, part);         \
		sbuf_release(&t);                                              \
	} while (0)
	MUTATE("\"threshold\":8", "\"threshold\":99", "acceptance.threshold", "99");
	MUTATE("\"threshold\":8", "\"threshold\":\"8\"", "acceptance.threshold", "whole number");
	MUTATE("\"threshold\":8", "\"threshold\":8,\"levels\":[1]", "acceptance", "exactly one");
	MUTATE("\"min\":9", "\"min\":0", "levels[1].min", "from 1");
	MUTATE("\"value\":2", "\"value\":3", "scales.confidentiality[1].value", "numbered");
	MUTATE("\"label\":{\"en\":\"Public\"", "\"label\":{\"fr\":\"x\",\"en\":\"Public\"",
	       "scales.confidentiality[0].label.fr", "unknown field");
	MUTATE("\"asset_value\":\"max\"", "\"asset_value\":\"median\"", "asset_value", "median");
	MUTATE("\"formula\":\"asset-threat-vulnerability\"", "\"formula\":\"likelihood-impact\"",
	       "scales", "likelihood");
#undef MUTATE
	sbuf_release(&sb);

	/* too large */
	bad = xcalloc(SCORE_JSON_MAX + 2, 1);
	memset(bad, ' ', SCORE_JSON_MAX + 1);
	assert_int_equal(score_method_from_json(bad, SCORE_JSON_MAX + 1, &m, &(struct isms_err){ 0 }),
			 ISMS_ELIMIT);
	free(bad);
}

static void test_props_and_codes(void **state)
{
	unsigned p;
	char buf[4];
	enum score_approach ap;
	enum score_decision d;

	(void)state;
	assert_true(score_props_parse("CIA", &p));
	assert_int_equal(p, 7);
	assert_true(score_props_parse("c,a", &p));
	assert_int_equal(p, SCORE_C | SCORE_A);
	assert_true(score_props_parse("機密性・可用性", &p));
	assert_int_equal(p, SCORE_C | SCORE_A);
	assert_true(score_props_parse("Integrity", &p));
	assert_int_equal(p, SCORE_I);
	assert_false(score_props_parse("", &p));
	assert_false(score_props_parse("CX", &p));
	assert_false(score_props_parse(NULL, &p));
	score_props_format(SCORE_I | SCORE_A, buf);
	assert_string_equal(buf, "IA");
	score_props_format(0, buf);
	assert_string_equal(buf, "");
	assert_true(score_approach_parse("combined", &ap));
	assert_int_equal(ap, SCORE_APPROACH_COMBINED);
	assert_false(score_approach_parse("Combined", &ap));
	assert_true(score_decision_parse("baseline", &d));
	assert_false(score_decision_parse("none", &d));
	assert_null(score_decision_code(SCORE_UNEVALUATED));
}

/*
 * The reference: the same rules written out plainly, without the engine's
 * lookup tables, and compared on many generated methods and inputs.
 */
static int ref_level_of_value(const struct score_method *m, int value)
{
	int level = 0;

	for (int k = 0; k < m->nlevels; k++)
		if (value >= m->levels[k].min)
			level = k + 1;
	return level;
}

static bool ref_accepts(const struct score_method *m, int value, int level, int l, int i)
{
	if (m->criterion == SCORE_CRIT_THRESHOLD)
		return value <= m->threshold;
	if (m->criterion == SCORE_CRIT_LEVELS)
		return (m->accept_levels & (1u << (level - 1))) != 0;
	if (l < 1 || i < 1)
		return false;
	return (m->accept_cell[l - 1] & (1u << (i - 1))) != 0;
}

static void ref_evaluate(const struct score_method *m, const struct score_input *in,
			 struct score_result *out)
{
	int vals[3] = { in->c, in->i, in->a };
	int na = m->asset[0].n;
	bool avt = m->formula == SCORE_FORMULA_AVT;
	bool assets_used = avt || m->approach == SCORE_APPROACH_COMBINED;
	int av = 0;

	memset(out, 0, sizeof(*out));
	out->detailed = m->approach != SCORE_APPROACH_BASELINE;
	if (in->props == 0) {
		out->missing = SCORE_MISSING_PROPS;
		return;
	}
	if (assets_used) {
		for (int p = 0; p < 3; p++) {
			if (vals[p] < 0 || vals[p] > na) {
				out->missing = SCORE_OUT_OF_SCALE;
				return;
			}
		}
		if (m->asset_mode == SCORE_AV_PER_PROPERTY) {
			for (int p = 0; p < 3; p++) {
				if (!(in->props & (1u << p)))
					continue;
				if (vals[p] == 0) {
					av = 0;
					break;
				}
				av = vals[p] > av ? vals[p] : av;
			}
		} else if (vals[0] && vals[1] && vals[2]) {
			if (m->asset_mode == SCORE_AV_SUM) {
				av = vals[0] + vals[1] + vals[2];
			} else {
				av = vals[0];
				for (int p = 1; p < 3; p++)
					av = vals[p] > av ? vals[p] : av;
			}
		}
		out->asset_value = av;
	}
	if (m->approach == SCORE_APPROACH_COMBINED)
		out->detailed = av == 0 || av > m->detailed_above;
	if (avt) {
		if (in->threat < 0 || in->threat > m->threat.n || in->vuln < 0 || in->vuln > m->vuln.n)
			out->missing = SCORE_OUT_OF_SCALE;
		else if (in->threat == 0 || in->vuln == 0)
			out->missing = SCORE_MISSING_LEVELS;
		else if (av == 0)
			out->missing = SCORE_MISSING_ASSET;
		else if (m->asset_mode == SCORE_AV_PER_PROPERTY) {
			for (int p = 0; p < 3; p++) {
				if (in->props & (1u << p)) {
					out->prop_value[p] = vals[p] * in->threat * in->vuln;
					if (out->prop_value[p] > out->value)
						out->value = out->prop_value[p];
				}
			}
		} else {
			out->value = av * in->threat * in->vuln;
		}
		if (out->value)
			out->level = ref_level_of_value(m, out->value);
	} else {
		if (in->likelihood < 0 || in->likelihood > m->likelihood.n || in->impact < 0 ||
		    in->impact > m->impact.n)
			out->missing = SCORE_OUT_OF_SCALE;
		else if (in->likelihood == 0 || in->impact == 0)
			out->missing = SCORE_MISSING_LEVELS;
		else {
			out->value = in->likelihood * in->impact;
			out->level = m->cell[in->likelihood - 1][in->impact - 1];
		}
	}
	if (!out->detailed) {
		out->decision = SCORE_BASELINE;
		out->missing = SCORE_MISSING_NONE;
		return;
	}
	if (out->missing)
		return;
	out->decision = SCORE_ACCEPT;
	if (avt && m->asset_mode == SCORE_AV_PER_PROPERTY) {
		for (int p = 0; p < 3; p++) {
			int v = out->prop_value[p];

			if (v && !ref_accepts(m, v, ref_level_of_value(m, v), 0, 0))
				out->decision = SCORE_TREAT;
		}
	} else if (!ref_accepts(m, out->value, out->level, in->likelihood, in->impact)) {
		out->decision = SCORE_TREAT;
	}
}

static bool same_result(const struct score_result *a, const struct score_result *b)
{
	return a->decision == b->decision && a->missing == b->missing && a->value == b->value &&
	       a->level == b->level && a->asset_value == b->asset_value &&
	       a->detailed == b->detailed && a->prop_value[0] == b->prop_value[0] &&
	       a->prop_value[1] == b->prop_value[1] && a->prop_value[2] == b->prop_value[2];
}

/* A small deterministic generator (xorshift), so that a failure can be
 * reproduced from its case number. */
static uint64_t rnd_state;

static unsigned rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % n);
}

static void random_method(struct score_method *m)
{
	int na, nt, nv, nl, ni;

	score_method_init(m);
	m->name.en = "generated";
	m->formula = rnd(2) ? SCORE_FORMULA_MATRIX : SCORE_FORMULA_AVT;
	m->approach = (enum score_approach)rnd(4);
	m->asset_mode = (enum score_asset_mode)rnd(3);
	na = 2 + (int)rnd(9);
	nt = 2 + (int)rnd(9);
	nv = 2 + (int)rnd(9);
	nl = 2 + (int)rnd(9);
	ni = 2 + (int)rnd(9);
	for (int p = 0; p < 3; p++) {
		m->asset[p].n = na;
		for (int k = 0; k < na; k++)
			m->asset[p].lv[k].label.en = "a";
	}
	if (m->formula == SCORE_FORMULA_AVT) {
		m->threat.n = nt;
		m->vuln.n = nv;
		for (int k = 0; k < 10; k++)
			m->threat.lv[k].label.en = m->vuln.lv[k].label.en = "t";
	} else {
		m->likelihood.n = nl;
		m->impact.n = ni;
		for (int k = 0; k < 10; k++)
			m->likelihood.lv[k].label.en = m->impact.lv[k].label.en = "l";
	}
	m->nlevels = 1 + (int)rnd(SCORE_RLEVELS_MAX);
	for (int k = 0, min = 1; k < m->nlevels; k++) {
		m->levels[k].label.en = "level";
		m->levels[k].min = min;
		min += 1 + (int)rnd(40);
	}
	for (int l = 0; l < nl; l++)
		for (int i = 0; i < ni; i++)
			m->cell[l][i] = (unsigned char)(1 + rnd((unsigned)m->nlevels));
	m->criterion = (enum score_criterion)rnd(3);
	if (m->criterion == SCORE_CRIT_CELLS && m->formula == SCORE_FORMULA_AVT)
		m->criterion = SCORE_CRIT_THRESHOLD;
	for (int l = 0; l < nl; l++)
		m->accept_cell[l] = (unsigned short)(rnd(1u << ni));
	m->accept_levels = rnd(1u << m->nlevels);
	{
		int av_max = m->asset_mode == SCORE_AV_SUM ? 3 * na : na;
		int vmax = m->formula == SCORE_FORMULA_AVT ? av_max * nt * nv : nl * ni;

		m->threshold = (int)rnd((unsigned)vmax + 1);
		m->detailed_above = (int)rnd((unsigned)av_max);
	}
}

static void random_input(const struct score_method *m, struct score_input *in)
{
	int na = m->asset[0].n;

	/* mostly inside the scales, sometimes 0 or one past the end */
	in->c = (int)rnd((unsigned)na + 2);
	in->i = (int)rnd((unsigned)na + 2);
	in->a = (int)rnd((unsigned)na + 2);
	in->props = rnd(8);
	in->threat = (int)rnd((unsigned)m->threat.n + 2);
	in->vuln = (int)rnd((unsigned)m->vuln.n + 2);
	in->likelihood = (int)rnd((unsigned)m->likelihood.n + 2);
	in->impact = (int)rnd((unsigned)m->impact.n + 2);
	if (rnd(20) == 0)
		in->c = -1;
}

static void test_reference(void **state)
{
	long cases = 0;

	(void)state;
	rnd_state = 0x9e3779b97f4a7c15u;
	for (int k = 0; k < 2000; k++) {
		struct score_method m;
		struct isms_err err;

		random_method(&m);
		if (score_method_check(&m, &err)) {
			print_error("method %d: %s (%s)\n", k, err.msg, err.field);
			fail();
		}
		for (int j = 0; j < 200; j++) {
			struct score_input in;
			struct score_result got, want;

			random_input(&m, &in);
			score_evaluate(&m, &in, &got);
			ref_evaluate(&m, &in, &want);
			cases++;
			if (!same_result(&got, &want)) {
				print_error("case %d/%d: formula %d mode %d approach %d crit %d;"
					    " input c%d i%d a%d p%u t%d v%d l%d i%d:"
					    " got %d/%d/%d/%d want %d/%d/%d/%d\n",
					    k, j, m.formula, m.asset_mode, m.approach, m.criterion,
					    in.c, in.i, in.a, in.props, in.threat, in.vuln,
					    in.likelihood, in.impact, got.value, got.level,
					    got.decision, got.missing, want.value, want.level,
					    want.decision, want.missing);
				fail();
			}
		}
		score_method_release(&m);
	}
	assert_int_equal(cases, 400000);
}

/* Through JSON and back, generated methods keep every evaluation. */
static void test_reference_json(void **state)
{
	(void)state;
	rnd_state = 0x2545f4914f6cdd1du;
	for (int k = 0; k < 300; k++) {
		struct score_method m, back;
		struct sbuf sb = SBUF_INIT;
		struct isms_err err;

		random_method(&m);
		assert_ok(score_method_check(&m, &err), &err);
		score_method_to_json(&m, false, &sb);
		assert_ok(score_method_from_json(sb.buf, sb.len, &back, &err), &err);
		for (int j = 0; j < 100; j++) {
			struct score_input in;
			struct score_result a, b;

			random_input(&m, &in);
			score_evaluate(&m, &in, &a);
			score_evaluate(&back, &in, &b);
			assert_true(same_result(&a, &b));
		}
		sbuf_release(&sb);
		score_method_release(&back);
		score_method_release(&m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets),
		cmocka_unit_test(test_jipdec_values),
		cmocka_unit_test(test_scale_edges),
		cmocka_unit_test(test_asset_modes),
		cmocka_unit_test(test_per_property_levels),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_matrix_sizes),
		cmocka_unit_test(test_threshold_edges),
		cmocka_unit_test(test_approaches),
		cmocka_unit_test(test_check_errors),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_props_and_codes),
		cmocka_unit_test(test_reference),
		cmocka_unit_test(test_reference_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
