/* method-json.c - a risk method to and from JSON, with errors that name the field at fault. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/json.h"
#include "isms/scoring.h"

/* The scales in the order of struct score_method, ending with NULL. */
static const char *const scale_keys[8] = {
	"confidentiality", "integrity", "availability", "threat", "vulnerability", "likelihood", "impact",
	NULL,
};

static struct score_scale *scale_at(struct score_method *m, int k)
{
	switch (k) {
	case 0: case 1: case 2: return &m->asset[k];
	case 3: return &m->threat;
	case 4: return &m->vuln;
	case 5: return &m->likelihood;
	default: return &m->impact;
	}
}

static json_t *text_json(const struct score_text *t)
{
	json_t *o = json_object();

	json_set_str(o, "en", t->en ? t->en : "");
	json_set_str(o, "ja", t->ja ? t->ja : "");
	return o;
}

void score_method_to_json(const struct score_method *m, bool pretty, struct sbuf *out)
{
	json_t *o = json_object(), *scales = json_object(), *levels = json_array(), *acc;

	json_set_int(o, "format", 1);
	json_set_str(o, "preset", m->preset);
	json_object_set_new(o, "name", text_json(&m->name));
	json_set_str(o, "approach", score_approach_code(m->approach));
	json_set_int(o, "detailed_above", m->detailed_above);
	json_set_str(o, "formula", score_formula_code(m->formula));
	json_set_str(o, "asset_value", score_asset_mode_code(m->asset_mode));
	for (int k = 0; k < 7; k++) {
		const struct score_scale *s = scale_at((struct score_method *)m, k);
		json_t *arr;

		if (!s->n)
			continue;
		arr = json_array();
		for (int v = 0; v < s->n; v++) {
			json_t *lv = json_object();

			json_set_int(lv, "value", v + 1);
			json_object_set_new(lv, "label", text_json(&s->lv[v].label));
			json_object_set_new(lv, "description", text_json(&s->lv[v].desc));
			json_array_append_new(arr, lv);
		}
		json_object_set_new(scales, scale_keys[k], arr);
	}
	json_object_set_new(o, "scales", scales);
	for (int k = 0; k < m->nlevels; k++) {
		json_t *lv = json_object();

		json_set_int(lv, "level", k + 1);
		json_object_set_new(lv, "label", text_json(&m->levels[k].label));
		json_object_set_new(lv, "description", text_json(&m->levels[k].desc));
		if (m->formula == SCORE_FORMULA_AVT)
			json_set_int(lv, "min", m->levels[k].min);
		json_array_append_new(levels, lv);
	}
	json_object_set_new(o, "levels", levels);
	if (m->formula == SCORE_FORMULA_MATRIX) {
		json_t *rows = json_array();

		for (int l = 0; l < m->likelihood.n; l++) {
			json_t *row = json_array();

			for (int i = 0; i < m->impact.n; i++)
				json_array_append_new(row, json_integer(m->cell[l][i]));
			json_array_append_new(rows, row);
		}
		json_object_set_new(o, "matrix", rows);
	}
	acc = json_object();
	switch (m->criterion) {
	case SCORE_CRIT_THRESHOLD:
		json_set_int(acc, "threshold", m->threshold);
		break;
	case SCORE_CRIT_CELLS: {
		json_t *cells = json_array();

		for (int l = 0; l < SCORE_SCALE_MAX; l++) {
			for (int i = 0; i < SCORE_SCALE_MAX; i++) {
				if ((m->accept_cell[l] >> i) & 1) {
					json_t *c = json_array();

					json_array_append_new(c, json_integer(l + 1));
					json_array_append_new(c, json_integer(i + 1));
					json_array_append_new(cells, c);
				}
			}
		}
		json_object_set_new(acc, "cells", cells);
		break;
	}
	case SCORE_CRIT_LEVELS: {
		json_t *lv = json_array();

		for (int k = 0; k < m->nlevels; k++)
			if ((m->accept_levels >> k) & 1)
				json_array_append_new(lv, json_integer(k + 1));
		json_object_set_new(acc, "levels", lv);
		break;
	}
	}
	json_object_set_new(o, "acceptance", acc);
	json_object_set_new(o, "assurance", text_json(&m->assurance));
	json_write(out, o, pretty);
	json_decref(o);
}

/* --- reading --------------------------------------------------------------- */

struct reader {
	struct score_method *m;
	struct isms_err *err;
};

/* A literal format, so that the compiler checks it. */
#define fail(r, field, fmt, arg) \
	(isms_err_set((r)->err, ISMS_EINVAL, fmt, arg), isms_err_field((r)->err, field), ISMS_EINVAL)

static enum isms_rc wrong_type(struct reader *r, const char *field, const char *want)
{
	isms_err_set(r->err, ISMS_EINVAL, _("\"%s\" must be %s"), field, want);
	isms_err_field(r->err, field);
	return ISMS_EINVAL;
}

/* Refuse keys that the format does not know: a typo must not pass as a
 * default silently. */
static enum isms_rc only_keys(struct reader *r, json_t *o, const char *where,
			      const char *const *known)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v) {
		bool ok = false;
		char f[160];

		for (int k = 0; known[k]; k++)
			ok = ok || !strcmp(key, known[k]);
		if (!ok) {
			snprintf(f, sizeof(f), "%s%s%s", where, *where ? "." : "", key);
			isms_err_set(r->err, ISMS_EINVAL, _("unknown field \"%s\""), f);
			isms_err_hint(r->err, _("docs/risk-method.md lists the fields of a method."));
			isms_err_field(r->err, f);
			return ISMS_EINVAL;
		}
	}
	return ISMS_OK;
}

static enum isms_rc get_text(struct reader *r, json_t *v, const char *field, struct score_text *t)
{
	static const char *const keys[] = { "en", "ja", NULL };
	struct arena *a = &r->m->arena;
	char f[160];
	json_t *en, *ja;
	enum isms_rc rc;

	t->en = "";
	t->ja = "";
	if (!v)
		return ISMS_OK;
	if (json_is_string(v)) {
		/* One text for both languages. */
		t->en = arena_strdup(a, json_string_value(v));
		t->ja = t->en;
		return ISMS_OK;
	}
	if (!json_is_object(v))
		return wrong_type(r, field, _("a text or an object with \"en\" and \"ja\""));
	rc = only_keys(r, v, field, keys);
	if (rc)
		return rc;
	en = json_object_get(v, "en");
	ja = json_object_get(v, "ja");
	snprintf(f, sizeof(f), "%s.en", field);
	if (en && !json_is_string(en))
		return wrong_type(r, f, _("a text"));
	snprintf(f, sizeof(f), "%s.ja", field);
	if (ja && !json_is_string(ja))
		return wrong_type(r, f, _("a text"));
	if (en)
		t->en = arena_strdup(a, json_string_value(en));
	if (ja)
		t->ja = arena_strdup(a, json_string_value(ja));
	if (!*t->en && *t->ja)
		t->en = t->ja;
	return ISMS_OK;
}

static enum isms_rc get_int(struct reader *r, json_t *v, const char *field, int min, int max,
			    int *ret)
{
	json_int_t x;

	if (!json_is_integer(v))
		return wrong_type(r, field, _("a whole number"));
	x = json_integer_value(v);
	if (x < min || x > max) {
		isms_err_set(r->err, ISMS_EINVAL, _("\"%s\" must be from %d to %d"), field, min, max);
		isms_err_detail(r->err, _("It is %lld."), (long long)x);
		isms_err_field(r->err, field);
		return ISMS_EINVAL;
	}
	*ret = (int)x;
	return ISMS_OK;
}

static enum isms_rc get_scale(struct reader *r, json_t *arr, const char *field,
			      struct score_scale *s)
{
	static const char *const keys[] = { "value", "label", "description", NULL };
	size_t n;
	enum isms_rc rc;

	if (!json_is_array(arr))
		return wrong_type(r, field, _("a list of levels"));
	n = json_array_size(arr);
	if (n < SCORE_SCALE_MIN || n > SCORE_SCALE_MAX) {
		isms_err_set(r->err, ISMS_EINVAL, _("the scale \"%s\" must have %d to %d levels"), field,
			     SCORE_SCALE_MIN, SCORE_SCALE_MAX);
		isms_err_detail(r->err, _("It has %zu."), n);
		isms_err_field(r->err, field);
		return ISMS_EINVAL;
	}
	s->n = (int)n;
	for (size_t k = 0; k < n; k++) {
		json_t *lv = json_array_get(arr, k), *v;
		char f[160];

		snprintf(f, sizeof(f), "%s[%zu]", field, k);
		if (!json_is_object(lv))
			return wrong_type(r, f, _("an object with a label"));
		rc = only_keys(r, lv, f, keys);
		if (rc)
			return rc;
		v = json_object_get(lv, "value");
		if (v) {
			int val;

			snprintf(f, sizeof(f), "%s[%zu].value", field, k);
			rc = get_int(r, v, f, 1, SCORE_SCALE_MAX, &val);
			if (rc)
				return rc;
			if (val != (int)k + 1) {
				isms_err_set(r->err, ISMS_EINVAL, _("the levels of a scale are numbered 1, 2, 3 … in order"));
				isms_err_detail(r->err, _("Level %zu has the value %d."), k + 1, val);
				isms_err_field(r->err, f);
				return ISMS_EINVAL;
			}
		}
		snprintf(f, sizeof(f), "%s[%zu].label", field, k);
		if (!json_object_get(lv, "label"))
			return fail(r, f, _("\"%s\" is missing"), f);
		rc = get_text(r, json_object_get(lv, "label"), f, &s->lv[k].label);
		if (rc)
			return rc;
		snprintf(f, sizeof(f), "%s[%zu].description", field, k);
		rc = get_text(r, json_object_get(lv, "description"), f, &s->lv[k].desc);
		if (rc)
			return rc;
	}
	return ISMS_OK;
}

static enum isms_rc get_enum(struct reader *r, json_t *o, const char *key, const char *const *codes,
			     int *ret)
{
	json_t *v = json_object_get(o, key);

	if (!v)
		return fail(r, key, _("\"%s\" is missing"), key);
	if (!json_is_string(v))
		return wrong_type(r, key, _("a text"));
	for (int k = 0; codes[k]; k++) {
		if (!strcmp(json_string_value(v), codes[k])) {
			*ret = k;
			return ISMS_OK;
		}
	}
	isms_err_set(r->err, ISMS_EINVAL, _("unknown value \"%s\" of \"%s\""), json_string_value(v), key);
	{
		struct sbuf sb = SBUF_INIT;

		for (int k = 0; codes[k]; k++)
			sbuf_addf(&sb, "%s%s", k ? ", " : "", codes[k]);
		isms_err_hint(r->err, _("Use one of: %s."), sb.buf);
		sbuf_release(&sb);
	}
	isms_err_field(r->err, key);
	return ISMS_EINVAL;
}

static enum isms_rc get_levels(struct reader *r, json_t *arr)
{
	static const char *const keys[] = { "level", "label", "description", "min", NULL };
	struct score_method *m = r->m;
	size_t n;
	enum isms_rc rc;

	if (!arr)
		return fail(r, "levels", _("\"%s\" is missing"), "levels");
	if (!json_is_array(arr))
		return wrong_type(r, "levels", _("a list of risk levels"));
	n = json_array_size(arr);
	if (n < 1 || n > SCORE_RLEVELS_MAX) {
		isms_err_set(r->err, ISMS_EINVAL, _("there must be 1 to %d risk levels"), SCORE_RLEVELS_MAX);
		isms_err_field(r->err, "levels");
		return ISMS_EINVAL;
	}
	m->nlevels = (int)n;
	for (size_t k = 0; k < n; k++) {
		json_t *lv = json_array_get(arr, k), *v;
		char f[64];

		snprintf(f, sizeof(f), "levels[%zu]", k);
		if (!json_is_object(lv))
			return wrong_type(r, f, _("an object with a label"));
		rc = only_keys(r, lv, f, keys);
		if (rc)
			return rc;
		v = json_object_get(lv, "level");
		if (v) {
			int val;

			snprintf(f, sizeof(f), "levels[%zu].level", k);
			rc = get_int(r, v, f, 1, SCORE_RLEVELS_MAX, &val);
			if (rc)
				return rc;
			if (val != (int)k + 1) {
				isms_err_set(r->err, ISMS_EINVAL, _("the risk levels are numbered 1, 2, 3 … in order"));
				isms_err_field(r->err, f);
				return ISMS_EINVAL;
			}
		}
		snprintf(f, sizeof(f), "levels[%zu].label", k);
		if (!json_object_get(lv, "label"))
			return fail(r, f, _("\"%s\" is missing"), f);
		rc = get_text(r, json_object_get(lv, "label"), f, &m->levels[k].label);
		if (rc)
			return rc;
		snprintf(f, sizeof(f), "levels[%zu].description", k);
		rc = get_text(r, json_object_get(lv, "description"), f, &m->levels[k].desc);
		if (rc)
			return rc;
		v = json_object_get(lv, "min");
		snprintf(f, sizeof(f), "levels[%zu].min", k);
		if (v) {
			rc = get_int(r, v, f, 1, SCORE_VALUE_MAX, &m->levels[k].min);
			if (rc)
				return rc;
		} else if (m->formula == SCORE_FORMULA_AVT) {
			return fail(r, f, _("\"%s\" is missing"), f);
		}
	}
	return ISMS_OK;
}

static enum isms_rc get_matrix(struct reader *r, json_t *rows)
{
	struct score_method *m = r->m;
	enum isms_rc rc;

	if (!rows)
		return fail(r, "matrix", _("\"%s\" is missing"), "matrix");
	if (!json_is_array(rows))
		return wrong_type(r, "matrix", _("a list of rows"));
	if ((int)json_array_size(rows) != m->likelihood.n) {
		isms_err_set(r->err, ISMS_EINVAL, _("the matrix must have one row per likelihood level"));
		isms_err_detail(r->err, _("It has %zu rows; the likelihood scale has %d levels."),
				json_array_size(rows), m->likelihood.n);
		isms_err_field(r->err, "matrix");
		return ISMS_EINVAL;
	}
	for (int l = 0; l < m->likelihood.n; l++) {
		json_t *row = json_array_get(rows, (size_t)l);
		char f[64];

		snprintf(f, sizeof(f), "matrix[%d]", l);
		if (!json_is_array(row))
			return wrong_type(r, f, _("a list of risk levels"));
		if ((int)json_array_size(row) != m->impact.n) {
			isms_err_set(r->err, ISMS_EINVAL, _("each row of the matrix must have one cell per impact level"));
			isms_err_detail(r->err, _("Row %d has %zu cells; the impact scale has %d levels."),
					l + 1, json_array_size(row), m->impact.n);
			isms_err_field(r->err, f);
			return ISMS_EINVAL;
		}
		for (int i = 0; i < m->impact.n; i++) {
			int v;

			snprintf(f, sizeof(f), "matrix[%d][%d]", l, i);
			rc = get_int(r, json_array_get(row, (size_t)i), f, 1, m->nlevels, &v);
			if (rc)
				return rc;
			m->cell[l][i] = (unsigned char)v;
		}
	}
	return ISMS_OK;
}

static enum isms_rc get_acceptance(struct reader *r, json_t *acc)
{
	static const char *const keys[] = { "threshold", "cells", "levels", NULL };
	struct score_method *m = r->m;
	json_t *v;
	enum isms_rc rc;

	if (!acc)
		return fail(r, "acceptance", _("\"%s\" is missing"), "acceptance");
	if (!json_is_object(acc))
		return wrong_type(r, "acceptance", _("an object with \"threshold\", \"cells\" or \"levels\""));
	rc = only_keys(r, acc, "acceptance", keys);
	if (rc)
		return rc;
	if (json_object_size(acc) != 1)
		return fail(r, "acceptance",
			    _("\"%s\" must have exactly one of \"threshold\", \"cells\" and \"levels\""),
			    "acceptance");
	if ((v = json_object_get(acc, "threshold"))) {
		m->criterion = SCORE_CRIT_THRESHOLD;
		return get_int(r, v, "acceptance.threshold", 0, SCORE_VALUE_MAX, &m->threshold);
	}
	if ((v = json_object_get(acc, "cells"))) {
		m->criterion = SCORE_CRIT_CELLS;
		if (!json_is_array(v))
			return wrong_type(r, "acceptance.cells", _("a list of [likelihood, impact] pairs"));
		for (size_t k = 0; k < json_array_size(v); k++) {
			json_t *c = json_array_get(v, k);
			char f[64];
			int l, i;

			snprintf(f, sizeof(f), "acceptance.cells[%zu]", k);
			if (!json_is_array(c) || json_array_size(c) != 2)
				return wrong_type(r, f, _("a [likelihood, impact] pair"));
			if ((rc = get_int(r, json_array_get(c, 0), f, 1, m->likelihood.n ? m->likelihood.n : 1, &l)) ||
			    (rc = get_int(r, json_array_get(c, 1), f, 1, m->impact.n ? m->impact.n : 1, &i)))
				return rc;
			m->accept_cell[l - 1] |= (unsigned short)(1u << (i - 1));
		}
		return ISMS_OK;
	}
	v = json_object_get(acc, "levels");
	m->criterion = SCORE_CRIT_LEVELS;
	if (!json_is_array(v))
		return wrong_type(r, "acceptance.levels", _("a list of risk level numbers"));
	for (size_t k = 0; k < json_array_size(v); k++) {
		char f[64];
		int lv;

		snprintf(f, sizeof(f), "acceptance.levels[%zu]", k);
		rc = get_int(r, json_array_get(v, k), f, 1, m->nlevels, &lv);
		if (rc)
			return rc;
		m->accept_levels |= 1u << (lv - 1);
	}
	return ISMS_OK;
}

static enum isms_rc read_method(struct reader *r, json_t *o)
{
	static const char *const keys[] = {
		"format", "preset", "name", "approach", "detailed_above", "formula", "asset_value",
		"scales", "levels", "matrix", "acceptance", "assurance", NULL,
	};
	static const char *const approach_codes[] = { "baseline", "informal", "detailed", "combined", NULL };
	static const char *const formula_codes[] = { "asset-threat-vulnerability", "likelihood-impact", NULL };
	static const char *const mode_codes[] = { "max", "sum", "per-property", NULL };
	struct score_method *m = r->m;
	json_t *v, *scales;
	int x;
	enum isms_rc rc;

	if (!json_is_object(o))
		return wrong_type(r, "(top)", _("an object"));
	rc = only_keys(r, o, "", keys);
	if (rc)
		return rc;
	if ((v = json_object_get(o, "format"))) {
		rc = get_int(r, v, "format", 1, 1, &x);
		if (rc)
			return rc;
	}
	v = json_object_get(o, "preset");
	if (v && !json_is_string(v))
		return wrong_type(r, "preset", _("a text"));
	m->preset = arena_strdup(&m->arena, v ? json_string_value(v) : "custom");
	if (!json_object_get(o, "name"))
		return fail(r, "name", _("\"%s\" is missing"), "name");
	rc = get_text(r, json_object_get(o, "name"), "name", &m->name);
	if (rc)
		return rc;
	if ((rc = get_enum(r, o, "approach", approach_codes, &x)))
		return rc;
	m->approach = (enum score_approach)x;
	if ((rc = get_enum(r, o, "formula", formula_codes, &x)))
		return rc;
	m->formula = (enum score_formula)x;
	if (json_object_get(o, "asset_value")) {
		if ((rc = get_enum(r, o, "asset_value", mode_codes, &x)))
			return rc;
		m->asset_mode = (enum score_asset_mode)x;
	}
	if ((v = json_object_get(o, "detailed_above"))) {
		rc = get_int(r, v, "detailed_above", 0, SCORE_VALUE_MAX, &m->detailed_above);
		if (rc)
			return rc;
	}
	scales = json_object_get(o, "scales");
	if (!scales)
		return fail(r, "scales", _("\"%s\" is missing"), "scales");
	if (!json_is_object(scales))
		return wrong_type(r, "scales", _("an object of scales"));
	rc = only_keys(r, scales, "scales", scale_keys);
	if (rc)
		return rc;
	for (int k = 0; k < 7; k++) {
		char f[64];

		v = json_object_get(scales, scale_keys[k]);
		if (!v)
			continue;
		snprintf(f, sizeof(f), "scales.%s", scale_keys[k]);
		rc = get_scale(r, v, f, scale_at(m, k));
		if (rc)
			return rc;
	}
	rc = get_levels(r, json_object_get(o, "levels"));
	if (rc)
		return rc;
	if (m->formula == SCORE_FORMULA_MATRIX) {
		if (!m->likelihood.n || !m->impact.n)
			return fail(r, "scales", _("the likelihood × impact formula needs the scales \"%s\""),
				    "likelihood, impact");
		rc = get_matrix(r, json_object_get(o, "matrix"));
		if (rc)
			return rc;
	} else if (json_object_get(o, "matrix")) {
		return fail(r, "matrix", _("\"%s\" is only for the likelihood × impact formula"), "matrix");
	}
	rc = get_acceptance(r, json_object_get(o, "acceptance"));
	if (rc)
		return rc;
	return get_text(r, json_object_get(o, "assurance"), "assurance", &m->assurance);
}

enum isms_rc score_method_from_json(const char *text, size_t len, struct score_method *m,
				    struct isms_err *err)
{
	struct reader r = { .m = m, .err = err };
	json_error_t je;
	json_t *o;
	enum isms_rc rc;

	score_method_init(m);
	if (len > SCORE_JSON_MAX) {
		isms_err_set(err, ISMS_ELIMIT, _("the method is too large"));
		isms_err_detail(err, _("It has %zu bytes; the limit is %u."), len, SCORE_JSON_MAX);
		return ISMS_ELIMIT;
	}
	o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		isms_err_set(err, ISMS_EINVAL, _("the method is not valid JSON: %s"), je.text);
		isms_err_pos(err, je.line > 0 ? je.line : 0, je.column > 0 ? je.column : 0);
		return ISMS_EINVAL;
	}
	rc = read_method(&r, o);
	json_decref(o);
	if (!rc)
		rc = score_method_check(m, err);
	if (rc)
		score_method_release(m);
	return rc;
}
