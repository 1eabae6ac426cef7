/* scoring.c - the pure risk engine: checking a method, evaluating a risk against it. */
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/scoring.h"

void score_method_init(struct score_method *m)
{
	memset(m, 0, sizeof(*m));
	m->preset = "custom";
	m->name.en = "";
	m->name.ja = "";
	m->assurance.en = "";
	m->assurance.ja = "";
}

void score_method_release(struct score_method *m)
{
	arena_release(&m->arena);
	score_method_init(m);
}

static const char *dup(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

static void copy_text(struct arena *a, struct score_text *dst, const struct score_text *src)
{
	dst->en = dup(a, src->en);
	dst->ja = dup(a, src->ja);
}

static void copy_scale(struct arena *a, struct score_scale *dst, const struct score_scale *src)
{
	dst->n = src->n;
	for (int k = 0; k < SCORE_SCALE_MAX; k++) {
		copy_text(a, &dst->lv[k].label, &src->lv[k].label);
		copy_text(a, &dst->lv[k].desc, &src->lv[k].desc);
	}
}

void score_method_copy(struct score_method *dst, const struct score_method *src)
{
	struct arena *a;

	score_method_init(dst);
	memcpy((char *)dst + sizeof(dst->arena), (const char *)src + sizeof(src->arena),
	       sizeof(*dst) - sizeof(dst->arena));
	a = &dst->arena;
	dst->preset = dup(a, src->preset);
	copy_text(a, &dst->name, &src->name);
	for (int p = 0; p < 3; p++)
		copy_scale(a, &dst->asset[p], &src->asset[p]);
	copy_scale(a, &dst->threat, &src->threat);
	copy_scale(a, &dst->vuln, &src->vuln);
	copy_scale(a, &dst->likelihood, &src->likelihood);
	copy_scale(a, &dst->impact, &src->impact);
	for (int k = 0; k < SCORE_RLEVELS_MAX; k++) {
		copy_text(a, &dst->levels[k].label, &src->levels[k].label);
		copy_text(a, &dst->levels[k].desc, &src->levels[k].desc);
	}
	copy_text(a, &dst->assurance, &src->assurance);
}

const char *score_text(const struct score_text *t)
{
	return i18n_pick(t->en, t->ja);
}

/* --- codes and names ---------------------------------------------------- */

static const struct {
	const char *code;
	const char *label;
} approaches[] = {
	[SCORE_APPROACH_BASELINE] = { "baseline", N_("baseline approach") },
	[SCORE_APPROACH_INFORMAL] = { "informal", N_("informal approach") },
	[SCORE_APPROACH_DETAILED] = { "detailed", N_("detailed risk analysis") },
	[SCORE_APPROACH_COMBINED] = { "combined", N_("combined approach") },
};

const char *score_approach_code(enum score_approach a)
{
	return approaches[a].code;
}

const char *score_approach_label(enum score_approach a)
{
	return T_(approaches[a].label);
}

bool score_approach_parse(const char *s, enum score_approach *ret)
{
	for (size_t i = 0; i < sizeof(approaches) / sizeof(approaches[0]); i++) {
		if (s && !strcmp(s, approaches[i].code)) {
			*ret = (enum score_approach)i;
			return true;
		}
	}
	return false;
}

const char *score_formula_code(enum score_formula f)
{
	return f == SCORE_FORMULA_MATRIX ? "likelihood-impact" : "asset-threat-vulnerability";
}

const char *score_formula_label(enum score_formula f)
{
	return f == SCORE_FORMULA_MATRIX ? _("likelihood × impact (risk matrix)")
					 : _("asset value × threat × vulnerability");
}

static const struct {
	const char *code;
	const char *label;
} asset_modes[] = {
	[SCORE_AV_MAX] = { "max", N_("the highest of C, I and A") },
	[SCORE_AV_SUM] = { "sum", N_("the sum of C, I and A") },
	[SCORE_AV_PER_PROPERTY] = { "per-property", N_("each affected property on its own") },
};

const char *score_asset_mode_code(enum score_asset_mode a)
{
	return asset_modes[a].code;
}

const char *score_asset_mode_label(enum score_asset_mode a)
{
	return T_(asset_modes[a].label);
}

bool score_asset_mode_parse(const char *s, enum score_asset_mode *ret)
{
	for (size_t i = 0; i < sizeof(asset_modes) / sizeof(asset_modes[0]); i++) {
		if (s && !strcmp(s, asset_modes[i].code)) {
			*ret = (enum score_asset_mode)i;
			return true;
		}
	}
	return false;
}

const char *score_criterion_code(enum score_criterion c)
{
	static const char *const codes[] = { "threshold", "cells", "levels" };

	return codes[c];
}

static const struct {
	const char *code;
	const char *label;
} decisions[] = {
	[SCORE_UNEVALUATED] = { NULL, N_("not evaluated") },
	[SCORE_ACCEPT] = { "accept", N_("accept") },
	[SCORE_TREAT] = { "treat", N_("treat") },
	[SCORE_BASELINE] = { "baseline", N_("baseline controls") },
};

const char *score_decision_code(enum score_decision d)
{
	return decisions[d].code;
}

const char *score_decision_label(enum score_decision d)
{
	return T_(decisions[d].label);
}

bool score_decision_parse(const char *s, enum score_decision *ret)
{
	for (size_t i = SCORE_ACCEPT; i < sizeof(decisions) / sizeof(decisions[0]); i++) {
		if (s && !strcmp(s, decisions[i].code)) {
			*ret = (enum score_decision)i;
			return true;
		}
	}
	return false;
}

const char *score_missing_label(enum score_missing w)
{
	switch (w) {
	case SCORE_MISSING_NONE: return "";
	case SCORE_MISSING_ASSET: return _("the asset has no value for the properties the method needs");
	case SCORE_MISSING_LEVELS: return _("the levels the formula needs have not been assessed");
	case SCORE_MISSING_PROPS: return _("no property (C, I, A) is affected");
	case SCORE_OUT_OF_SCALE: return _("a value is outside the method's scale");
	}
	return "";
}

void score_props_format(unsigned props, char out[4])
{
	size_t n = 0;

	if (props & SCORE_C)
		out[n++] = 'C';
	if (props & SCORE_I)
		out[n++] = 'I';
	if (props & SCORE_A)
		out[n++] = 'A';
	out[n] = '\0';
}

bool score_props_parse(const char *s, unsigned *ret)
{
	static const struct {
		const char *word;
		unsigned bit;
	} words[] = {
		{ "C", SCORE_C }, { "c", SCORE_C }, { "I", SCORE_I }, { "i", SCORE_I },
		{ "A", SCORE_A }, { "a", SCORE_A },
		{ "機密性", SCORE_C }, { "完全性", SCORE_I }, { "可用性", SCORE_A },
		{ "confidentiality", SCORE_C }, { "integrity", SCORE_I }, { "availability", SCORE_A },
		{ "Confidentiality", SCORE_C }, { "Integrity", SCORE_I }, { "Availability", SCORE_A },
	};
	unsigned props = 0;

	if (!s)
		return false;
	while (*s) {
		size_t k;

		if (*s == ',' || *s == ' ' || *s == '/' || *s == '+') {
			s++;
			continue;
		}
		if (!strncmp(s, "、", strlen("、")) || !strncmp(s, "・", strlen("・"))) {
			s += strlen("、");
			continue;
		}
		/* longest words first, so "confidentiality" is not read as "c" */
		for (k = sizeof(words) / sizeof(words[0]); k-- > 0;) {
			size_t n = strlen(words[k].word);

			if (!strncmp(s, words[k].word, n))
				break;
		}
		if (k == (size_t)-1)
			return false;
		props |= words[k].bit;
		s += strlen(words[k].word);
	}
	if (!props)
		return false;
	*ret = props;
	return true;
}

/* --- checking a method ---------------------------------------------------- */

static enum isms_rc check_text(const struct score_text *t, size_t max, bool required,
			       const char *field, bool block, struct isms_err *err)
{
	char f[160];
	enum isms_rc rc;

	snprintf(f, sizeof(f), "%s.en", field);
	if (required || (t->en && *t->en)) {
		rc = block ? isms_check_textblock(t->en, max, f, err) : isms_check_text(t->en, max, f, err);
		if (rc)
			return rc;
	}
	snprintf(f, sizeof(f), "%s.ja", field);
	if (t->ja && *t->ja) {
		rc = block ? isms_check_textblock(t->ja, max, f, err) : isms_check_text(t->ja, max, f, err);
		if (rc)
			return rc;
	}
	return ISMS_OK;
}

static enum isms_rc bad(struct isms_err *err, const char *field, const char *msg)
{
	isms_err_set(err, ISMS_EINVAL, "%s", msg);
	isms_err_field(err, field);
	return ISMS_EINVAL;
}

static enum isms_rc check_scale(const struct score_scale *s, const char *field, bool required,
				struct isms_err *err)
{
	char f[128];
	enum isms_rc rc;

	if (s->n == 0 && !required)
		return ISMS_OK;
	if (s->n < SCORE_SCALE_MIN || s->n > SCORE_SCALE_MAX) {
		isms_err_set(err, ISMS_EINVAL, _("the scale \"%s\" must have %d to %d levels"), field,
			     SCORE_SCALE_MIN, SCORE_SCALE_MAX);
		if (s->n)
			isms_err_detail(err, _("It has %d."), s->n);
		isms_err_field(err, field);
		return ISMS_EINVAL;
	}
	for (int k = 0; k < s->n; k++) {
		snprintf(f, sizeof(f), "%s[%d].label", field, k);
		rc = check_text(&s->lv[k].label, SCORE_LABEL_MAX, true, f, false, err);
		if (rc)
			return rc;
		snprintf(f, sizeof(f), "%s[%d].description", field, k);
		rc = check_text(&s->lv[k].desc, SCORE_DESC_MAX, false, f, true, err);
		if (rc)
			return rc;
	}
	return ISMS_OK;
}

/* The highest asset value of the asset scales in the chosen mode. */
static int asset_value_max(const struct score_method *m)
{
	int na = m->asset[0].n;

	return m->asset_mode == SCORE_AV_SUM ? 3 * na : na;
}

enum isms_rc score_method_check(struct score_method *m, struct isms_err *err)
{
	static const char *const prop_scales[3] = {
		"scales.confidentiality", "scales.integrity", "scales.availability",
	};
	bool avt = m->formula == SCORE_FORMULA_AVT;
	bool need_assets = avt || m->approach == SCORE_APPROACH_COMBINED;
	char f[128];
	enum isms_rc rc;

	m->checked = false;
	if ((unsigned)m->approach > SCORE_APPROACH_COMBINED)
		return bad(err, "approach", _("unknown approach"));
	if ((unsigned)m->formula > SCORE_FORMULA_MATRIX)
		return bad(err, "formula", _("unknown formula"));
	if ((unsigned)m->asset_mode > SCORE_AV_PER_PROPERTY)
		return bad(err, "asset_value", _("unknown asset value mode"));
	if ((unsigned)m->criterion > SCORE_CRIT_LEVELS)
		return bad(err, "acceptance", _("unknown acceptance criterion"));
	rc = check_text(&m->name, SCORE_LABEL_MAX, true, "name", false, err);
	if (rc)
		return rc;
	for (int p = 0; p < 3; p++) {
		rc = check_scale(&m->asset[p], prop_scales[p], need_assets, err);
		if (rc)
			return rc;
	}
	if (need_assets && (m->asset[1].n != m->asset[0].n || m->asset[2].n != m->asset[0].n)) {
		isms_err_set(err, ISMS_EINVAL,
			     _("the confidentiality, integrity and availability scales must have the same number of levels"));
		isms_err_detail(err, _("They have %d, %d and %d."), m->asset[0].n, m->asset[1].n,
				m->asset[2].n);
		isms_err_field(err, "scales");
		return ISMS_EINVAL;
	}
	if ((rc = check_scale(&m->threat, "scales.threat", avt, err)) ||
	    (rc = check_scale(&m->vuln, "scales.vulnerability", avt, err)) ||
	    (rc = check_scale(&m->likelihood, "scales.likelihood", !avt, err)) ||
	    (rc = check_scale(&m->impact, "scales.impact", !avt, err)))
		return rc;
	if (m->nlevels < 1 || m->nlevels > SCORE_RLEVELS_MAX) {
		isms_err_set(err, ISMS_EINVAL, _("there must be 1 to %d risk levels"), SCORE_RLEVELS_MAX);
		isms_err_field(err, "levels");
		return ISMS_EINVAL;
	}
	for (int k = 0; k < m->nlevels; k++) {
		snprintf(f, sizeof(f), "levels[%d].label", k);
		rc = check_text(&m->levels[k].label, SCORE_LABEL_MAX, true, f, false, err);
		if (rc)
			return rc;
		snprintf(f, sizeof(f), "levels[%d].description", k);
		rc = check_text(&m->levels[k].desc, SCORE_DESC_MAX, false, f, true, err);
		if (rc)
			return rc;
	}
	m->av_max = need_assets ? asset_value_max(m) : 0;
	if (avt) {
		m->vmax = m->av_max * m->threat.n * m->vuln.n;
		for (int k = 0; k < m->nlevels; k++) {
			snprintf(f, sizeof(f), "levels[%d].min", k);
			if (k == 0 && m->levels[0].min != 1) {
				isms_err_set(err, ISMS_EINVAL, _("the first risk level must start at 1"));
				isms_err_detail(err, _("Its min is %d."), m->levels[0].min);
				isms_err_field(err, f);
				return ISMS_EINVAL;
			}
			if (k > 0 && m->levels[k].min <= m->levels[k - 1].min) {
				isms_err_set(err, ISMS_EINVAL, _("the risk levels must start at increasing values"));
				isms_err_detail(err, _("Level %d starts at %d, level %d at %d."), k,
						m->levels[k - 1].min, k + 1, m->levels[k].min);
				isms_err_field(err, f);
				return ISMS_EINVAL;
			}
			if (m->levels[k].min > SCORE_VALUE_MAX) {
				isms_err_set(err, ISMS_EINVAL, _("a risk level starts above %d"), SCORE_VALUE_MAX);
				isms_err_field(err, f);
				return ISMS_EINVAL;
			}
		}
		memset(m->level_of, 0, sizeof(m->level_of));
		for (int v = 1, k = 0; v <= m->vmax; v++) {
			while (k + 1 < m->nlevels && m->levels[k + 1].min <= v)
				k++;
			m->level_of[v] = (unsigned char)(k + 1);
		}
	} else {
		m->vmax = m->likelihood.n * m->impact.n;
		for (int l = 0; l < SCORE_SCALE_MAX; l++) {
			for (int i = 0; i < SCORE_SCALE_MAX; i++) {
				bool inside = l < m->likelihood.n && i < m->impact.n;

				if (!inside) {
					m->cell[l][i] = 0;
					continue;
				}
				if (m->cell[l][i] < 1 || m->cell[l][i] > m->nlevels) {
					snprintf(f, sizeof(f), "matrix[%d][%d]", l, i);
					isms_err_set(err, ISMS_EINVAL,
						     _("the matrix cell of likelihood %d and impact %d names no risk level"),
						     l + 1, i + 1);
					isms_err_detail(err, _("Each cell holds a risk level from 1 to %d."),
							m->nlevels);
					isms_err_field(err, f);
					return ISMS_EINVAL;
				}
			}
		}
	}
	switch (m->criterion) {
	case SCORE_CRIT_THRESHOLD:
		if (m->threshold < 0 || m->threshold > m->vmax) {
			isms_err_set(err, ISMS_EINVAL, _("the acceptance threshold %d is outside the values 0 to %d"),
				     m->threshold, m->vmax);
			isms_err_detail(err, _("With this formula and these scales, risk values go from 1 to %d; a risk is accepted when its value is at most the threshold."),
					m->vmax);
			isms_err_field(err, "acceptance.threshold");
			return ISMS_EINVAL;
		}
		break;
	case SCORE_CRIT_CELLS:
		if (avt)
			return bad(err, "acceptance.cells",
				   _("accepted cells need the likelihood × impact formula"));
		for (int l = 0; l < SCORE_SCALE_MAX; l++) {
			unsigned row = m->accept_cell[l];

			if ((l >= m->likelihood.n && row) ||
			    (m->impact.n < 16 && (row >> m->impact.n)))
				return bad(err, "acceptance.cells",
					   _("an accepted cell is outside the matrix"));
		}
		break;
	case SCORE_CRIT_LEVELS:
		if (m->accept_levels >> m->nlevels)
			return bad(err, "acceptance.levels", _("an accepted risk level does not exist"));
		break;
	}
	if (m->approach == SCORE_APPROACH_COMBINED &&
	    (m->detailed_above < 0 || m->detailed_above >= m->av_max)) {
		isms_err_set(err, ISMS_EINVAL,
			     _("the asset value above which detailed analysis applies must be from 0 to %d"),
			     m->av_max - 1);
		isms_err_detail(err, _("Asset values go from 1 to %d with this asset value mode; %d would leave no asset for detailed analysis."),
				m->av_max, m->detailed_above);
		isms_err_field(err, "detailed_above");
		return ISMS_EINVAL;
	}
	rc = check_text(&m->assurance, SCORE_ASSURANCE_MAX, false, "assurance", true, err);
	if (rc)
		return rc;
	m->checked = true;
	return ISMS_OK;
}

/* --- evaluating ------------------------------------------------------------ */

bool score_accepts(const struct score_method *m, int value, int level, int likelihood,
		   int impact)
{
	switch (m->criterion) {
	case SCORE_CRIT_THRESHOLD:
		return value >= 1 && value <= m->threshold;
	case SCORE_CRIT_LEVELS:
		return level >= 1 && level <= m->nlevels && ((m->accept_levels >> (level - 1)) & 1);
	case SCORE_CRIT_CELLS:
		return likelihood >= 1 && likelihood <= m->likelihood.n && impact >= 1 &&
		       impact <= m->impact.n &&
		       ((m->accept_cell[likelihood - 1] >> (impact - 1)) & 1);
	}
	return false;
}

static bool in_scale(int v, const struct score_scale *s)
{
	return v >= 0 && v <= s->n;
}

/* The asset value in the method's mode; 0 when a value it needs is not
 * set. Per property, the highest of the affected properties. */
static int asset_value(const struct score_method *m, const struct score_input *in)
{
	const int v[3] = { in->c, in->i, in->a };
	int av = 0;

	switch (m->asset_mode) {
	case SCORE_AV_MAX:
		if (!v[0] || !v[1] || !v[2])
			return 0;
		av = v[0] > v[1] ? v[0] : v[1];
		return av > v[2] ? av : v[2];
	case SCORE_AV_SUM:
		if (!v[0] || !v[1] || !v[2])
			return 0;
		return v[0] + v[1] + v[2];
	case SCORE_AV_PER_PROPERTY:
		for (int p = 0; p < 3; p++) {
			if (!(in->props & (1u << p)))
				continue;
			if (!v[p])
				return 0;
			if (v[p] > av)
				av = v[p];
		}
		return av;
	}
	return 0;
}

void score_evaluate(const struct score_method *m, const struct score_input *in,
		    struct score_result *out)
{
	bool avt = m->formula == SCORE_FORMULA_AVT;
	bool uses_assets = avt || m->approach == SCORE_APPROACH_COMBINED;
	unsigned props = in->props & (SCORE_C | SCORE_I | SCORE_A);

	memset(out, 0, sizeof(*out));
	out->detailed = m->approach != SCORE_APPROACH_BASELINE;
	if (!props) {
		out->missing = SCORE_MISSING_PROPS;
		return;
	}
	if (uses_assets && (!in_scale(in->c, &m->asset[0]) || !in_scale(in->i, &m->asset[1]) ||
			    !in_scale(in->a, &m->asset[2]))) {
		out->missing = SCORE_OUT_OF_SCALE;
		return;
	}
	if (uses_assets)
		out->asset_value = asset_value(m, in);
	if (m->approach == SCORE_APPROACH_COMBINED)
		out->detailed = !out->asset_value || out->asset_value > m->detailed_above;

	if (avt) {
		if (!in_scale(in->threat, &m->threat) || !in_scale(in->vuln, &m->vuln)) {
			out->missing = SCORE_OUT_OF_SCALE;
		} else if (!in->threat || !in->vuln) {
			out->missing = SCORE_MISSING_LEVELS;
		} else if (!out->asset_value) {
			out->missing = SCORE_MISSING_ASSET;
		} else if (m->asset_mode == SCORE_AV_PER_PROPERTY) {
			const int v[3] = { in->c, in->i, in->a };

			for (int p = 0; p < 3; p++) {
				if (!(props & (1u << p)))
					continue;
				out->prop_value[p] = v[p] * in->threat * in->vuln;
				if (out->prop_value[p] > out->value)
					out->value = out->prop_value[p];
			}
		} else {
			out->value = out->asset_value * in->threat * in->vuln;
		}
		if (out->value)
			out->level = m->level_of[out->value];
	} else {
		if (!in_scale(in->likelihood, &m->likelihood) || !in_scale(in->impact, &m->impact)) {
			out->missing = SCORE_OUT_OF_SCALE;
		} else if (!in->likelihood || !in->impact) {
			out->missing = SCORE_MISSING_LEVELS;
		} else {
			out->value = in->likelihood * in->impact;
			out->level = m->cell[in->likelihood - 1][in->impact - 1];
		}
	}

	if (!out->detailed) {
		/* Covered by the baseline controls: no individual evaluation,
		 * whatever is missing for a value. */
		out->decision = SCORE_BASELINE;
		out->missing = SCORE_MISSING_NONE;
		return;
	}
	if (out->missing != SCORE_MISSING_NONE)
		return;
	if (avt && m->asset_mode == SCORE_AV_PER_PROPERTY) {
		out->decision = SCORE_ACCEPT;
		for (int p = 0; p < 3; p++) {
			int pv = out->prop_value[p];

			if (pv && !score_accepts(m, pv, m->level_of[pv], 0, 0))
				out->decision = SCORE_TREAT;
		}
	} else {
		out->decision = score_accepts(m, out->value, out->level, in->likelihood, in->impact)
					? SCORE_ACCEPT
					: SCORE_TREAT;
	}
}
