/*
 * scoring.h - the risk scoring engine: scales, formulas, risk levels and
 * acceptance criteria, all as data (DESIGN.md §5).
 *
 * Pure: data in, numbers out. No I/O, no database, no globals; every
 * function is safe to call from any thread on a method nobody changes.
 *
 * A `struct score_method` is the organisation's risk assessment method
 * (step 3, リスクマネジメント実施基準):
 *   - the approach: baseline, informal, detailed, or combined (detailed
 *     analysis only for assets whose value is above `detailed_above`, the
 *     baseline controls for the others);
 *   - the formula: asset value × threat × vulnerability, where the asset
 *     value is the highest of C, I and A, their sum, or each affected
 *     property on its own (one value per property, the risk taking the
 *     highest); or likelihood × impact on a matrix whose every cell names
 *     a risk level;
 *   - scales of 2 to 10 levels, numbered from 1, each level with a label
 *     and a description in English and Japanese;
 *   - named risk levels: for the asset formula, level k covers the values
 *     from its `min` up to the next level's `min` - 1; for the matrix,
 *     each cell says its level;
 *   - the acceptance criterion: a threshold (a risk whose value is at most
 *     the threshold is accepted), the accepted matrix cells, or the
 *     accepted risk levels; and the required level of assurance, as text.
 *
 * The method owns all its strings (an arena inside it): build it with
 * `score_method_init` and a preset or `score_method_from_json`, release it
 * with `score_method_release`. After changing any field by hand, call
 * `score_method_check` (which validates and rebuilds the lookup tables)
 * before evaluating: `score_evaluate` relies on a checked method.
 */
#ifndef ISMS_SCORING_H
#define ISMS_SCORING_H

#include <stdbool.h>
#include <stddef.h>

#include "isms/arena.h"
#include "isms/err.h"
#include "isms/sbuf.h"

#define SCORE_SCALE_MIN 2
#define SCORE_SCALE_MAX 10
#define SCORE_RLEVELS_MAX 10
/* The largest value any formula can give: (3 × 10) × 10 × 10, the sum of
 * three 10-level asset values times a threat and a vulnerability. */
#define SCORE_VALUE_MAX 3000
#define SCORE_LABEL_MAX 100
#define SCORE_DESC_MAX 1000
#define SCORE_ASSURANCE_MAX 4000
/* The size limit of a method in JSON. */
#define SCORE_JSON_MAX (1u << 20)

/* Properties, as bits: a risk affects a non-empty subset. */
enum score_prop {
	SCORE_C = 1,
	SCORE_I = 2,
	SCORE_A = 4,
};

enum score_approach {
	SCORE_APPROACH_BASELINE = 0,
	SCORE_APPROACH_INFORMAL,
	SCORE_APPROACH_DETAILED,
	SCORE_APPROACH_COMBINED,
};

enum score_formula {
	SCORE_FORMULA_AVT = 0, /* asset value × threat × vulnerability */
	SCORE_FORMULA_MATRIX,  /* likelihood × impact */
};

enum score_asset_mode {
	SCORE_AV_MAX = 0,      /* the highest of C, I, A */
	SCORE_AV_SUM,          /* C + I + A */
	SCORE_AV_PER_PROPERTY, /* each affected property on its own */
};

enum score_criterion {
	SCORE_CRIT_THRESHOLD = 0,
	SCORE_CRIT_CELLS,  /* matrix formula only */
	SCORE_CRIT_LEVELS,
};

enum score_decision {
	SCORE_UNEVALUATED = 0, /* something the formula needs is missing */
	SCORE_ACCEPT,          /* within the acceptance criteria */
	SCORE_TREAT,           /* above the criteria: needs treatment */
	SCORE_BASELINE,        /* covered by the baseline controls (baseline or combined approach) */
};

/* Why a risk could not be evaluated. */
enum score_missing {
	SCORE_MISSING_NONE = 0,
	SCORE_MISSING_ASSET,   /* the asset values the formula needs are not set */
	SCORE_MISSING_LEVELS,  /* threat and vulnerability (or likelihood and impact) not assessed */
	SCORE_MISSING_PROPS,   /* no property affected */
	SCORE_OUT_OF_SCALE,    /* an input is outside its scale */
};

struct score_text {
	const char *en;
	const char *ja; /* "" when there is none */
};

struct score_level {
	struct score_text label;
	struct score_text desc;
};

struct score_scale {
	int n; /* levels 1 … n; 0 when the scale is not defined */
	struct score_level lv[SCORE_SCALE_MAX];
};

struct score_rlevel {
	struct score_text label;
	struct score_text desc;
	int min; /* asset formula: the lowest value of this level */
};

struct score_method {
	struct arena arena; /* owns every string */
	const char *preset; /* "jipdec-3x3x3", "iso27005-5x5" or "custom" */
	struct score_text name;
	enum score_approach approach;
	int detailed_above; /* combined: assets whose value is above this get detailed analysis */
	enum score_formula formula;
	enum score_asset_mode asset_mode;
	struct score_scale asset[3]; /* confidentiality, integrity, availability */
	struct score_scale threat, vuln;
	struct score_scale likelihood, impact;
	int nlevels;
	struct score_rlevel levels[SCORE_RLEVELS_MAX];
	/* matrix: the level (1-based) of likelihood l and impact i is
	 * cell[l - 1][i - 1] */
	unsigned char cell[SCORE_SCALE_MAX][SCORE_SCALE_MAX];
	enum score_criterion criterion;
	int threshold;
	unsigned short accept_cell[SCORE_SCALE_MAX]; /* bit i - 1 of row l - 1 */
	unsigned accept_levels;                       /* bit k - 1 for level k */
	struct score_text assurance;

	/* Built by score_method_check. */
	int vmax;     /* the highest value the formula can give */
	int av_max;   /* the highest asset value (max, sum or one property) */
	unsigned char level_of[SCORE_VALUE_MAX + 1]; /* asset formula: value -> level */
	bool checked;
};

/* What one risk brings. Zero means "not set" for every level. */
struct score_input {
	int c, i, a;    /* the asset's values (for a group: the highest of its members) */
	unsigned props; /* SCORE_C | SCORE_I | SCORE_A */
	int threat, vuln;
	int likelihood, impact;
};

struct score_result {
	enum score_decision decision;
	enum score_missing missing; /* with SCORE_UNEVALUATED */
	int value;                  /* 0 when it cannot be computed */
	int level;                  /* 1-based risk level; 0 when none */
	int prop_value[3];          /* per-property mode: C, I, A (0: not affected) */
	int asset_value;            /* the asset value used; 0 when unknown */
	bool detailed;              /* whether detailed analysis applies */
};

void score_method_init(struct score_method *m);
void score_method_release(struct score_method *m);
/* A deep copy of `src` into `dst` (initialised here). */
void score_method_copy(struct score_method *dst, const struct score_method *src);

/* Presets by name: "jipdec-3x3x3" (also "jipdec"), the default, and
 * "iso27005-5x5" (also "iso27005", "27005"). `m` is initialised here.
 * False for an unknown name. */
bool score_preset(const char *name, struct score_method *m);
/* The preset names, ending with NULL, and each one's display name. */
extern const char *const score_preset_names[];
const char *score_preset_title(const char *name);
#define SCORE_PRESET_DEFAULT "jipdec-3x3x3"

/* Validate `m` (every scale, level, cell and criterion, with the field at
 * fault in the error) and build its lookup tables. */
enum isms_rc score_method_check(struct score_method *m, struct isms_err *err);

/* Evaluate one risk. `m` must have been checked. */
void score_evaluate(const struct score_method *m, const struct score_input *in,
		    struct score_result *out);

/* Whether `value` at `level` (or, for the cell criterion, the matrix cell
 * of likelihood and impact) meets the acceptance criterion. */
bool score_accepts(const struct score_method *m, int value, int level, int likelihood,
		   int impact);

/* The method as JSON (the format of docs/risk-method.md), keys in a fixed
 * order; `pretty` indents it. */
void score_method_to_json(const struct score_method *m, bool pretty, struct sbuf *out);
/* Parse and check a method from JSON text. Syntax errors carry the line
 * and column; other errors name the field ("scales.threat[2].label.ja").
 * `m` is initialised here and released on failure. */
enum isms_rc score_method_from_json(const char *text, size_t len, struct score_method *m,
				    struct isms_err *err);

/* Stable codes and translated names of the enums. */
const char *score_approach_code(enum score_approach a);
const char *score_approach_label(enum score_approach a);
bool score_approach_parse(const char *s, enum score_approach *ret);
const char *score_formula_code(enum score_formula f);
const char *score_formula_label(enum score_formula f);
const char *score_asset_mode_code(enum score_asset_mode a);
const char *score_asset_mode_label(enum score_asset_mode a);
bool score_asset_mode_parse(const char *s, enum score_asset_mode *ret);
const char *score_criterion_code(enum score_criterion c);
const char *score_decision_code(enum score_decision d); /* "accept", "treat", "baseline"; NULL */
const char *score_decision_label(enum score_decision d);
bool score_decision_parse(const char *s, enum score_decision *ret);
const char *score_missing_label(enum score_missing w);

/* "CIA", "CI", … for a set of properties; "" for none. `out` has 4 bytes. */
void score_props_format(unsigned props, char out[4]);
/* Parse "CIA", "ci", "C,I", "機密性,完全性"…; false on anything else or an
 * empty set. */
bool score_props_parse(const char *s, unsigned *ret);

/* A text in the current language. */
const char *score_text(const struct score_text *t);

#endif
