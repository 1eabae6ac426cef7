/*
 * risk.h - the risk register (リスク一覧, steps 4 and 5), risk treatment
 * (step 6) and the approval of residual risks (step 8).
 *
 * A risk belongs to one ISMS and is known by its code (R-001, given or
 * generated), unique in the ISMS. It is about one asset (by the asset's
 * code) or one asset group (by the group's name), a threat and a
 * vulnerability of the library (built-in or the ISMS's own, see
 * library.h), the properties it affects (C, I, A), its levels (threat and
 * vulnerability, or likelihood and impact, per the method's formula; 0
 * until assessed), a risk owner and a description.
 *
 * Its value, risk level and evaluation (accept, treat, or covered by the
 * baseline controls) are computed by the scoring engine from the method
 * in force (method.h) and the asset's values, and stored, so that lists
 * sort and filter in the database. They are recomputed on every change of
 * the risk, for the whole register when the method changes, and by
 * `risk_evaluate_all` after assets were revalued: a risk whose asset's
 * values changed since its evaluation is `stale` until then.
 *
 * Treatment: an option (reduce 低減, accept 保有, avoid 回避, transfer
 * 移転/共有), Annex A controls of the ISMS's edition and additional
 * controls outside Annex A, a plan (owner, due date, status), and the
 * residual levels (0: as before), from which the residual value and its
 * evaluation follow. A treated risk whose residual risk the criteria do
 * not accept needs the approval of a user with the approver role
 * (approval.h, subject "risk", subject id the code, snapshot
 * `risk_snapshot`); the approval goes stale when the risk changes.
 *
 * Every change is one transaction with one audit entry. Strings of a
 * `struct risk` live in the arena passed to the call that returned it.
 */
#ifndef ISMS_RISK_H
#define ISMS_RISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/approval.h"
#include "isms/arena.h"
#include "isms/context.h"
#include "isms/sbuf.h"
#include "isms/scoring.h"
#include "isms/status.h"
#include "isms/tabin.h"

#define RISK_CODE_MAX 40
#define RISK_OWNER_MAX 100
#define RISK_DESC_MAX 4000
#define RISK_CONTROLS_MAX 50
#define RISK_EXTRA_MAX 500 /* characters of one additional control */
#define RISK_NOTE_MAX 4000

enum risk_treatment {
	RISK_TREAT_NONE = 0,
	RISK_TREAT_REDUCE,   /* 低減 */
	RISK_TREAT_ACCEPT,   /* 保有 */
	RISK_TREAT_AVOID,    /* 回避 */
	RISK_TREAT_TRANSFER, /* 移転・共有 */
	RISK_TREAT_COUNT
};

enum risk_plan_status {
	RISK_PLAN_NONE = 0,
	RISK_PLAN_PLANNED,
	RISK_PLAN_IN_PROGRESS,
	RISK_PLAN_DONE,
	RISK_PLAN_COUNT
};

struct risk {
	int64_t id;
	const char *code;
	const char *asset_code; /* NULL for a group's risk */
	const char *asset_name; /* "" for a group's risk */
	const char *asset_type; /* the asset's type code; "" for a group's risk */
	const char *group;      /* NULL for an asset's risk */
	const char *threat, *vuln;           /* library codes */
	const char *threat_name, *vuln_name; /* in the current language */
	unsigned props;
	int threat_level, vuln_level, likelihood, impact; /* 0: not assessed */
	const char *owner;
	const char *description;
	int av_c, av_i, av_a; /* the asset values of the last evaluation */
	int value, level;     /* 0: none */
	enum score_decision evaluation;
	bool stale; /* the asset's values changed since the evaluation */
	/* treatment */
	enum risk_treatment treatment;
	const char **controls; /* Annex A IDs, in order */
	size_t ncontrols;
	const char **extras; /* additional controls, in order */
	size_t nextras;
	const char *plan_owner, *plan_due, *plan_note; /* "" when not set */
	enum risk_plan_status plan_status;
	int res_threat, res_vuln, res_likelihood, res_impact; /* 0: as before */
	int residual_value, residual_level;
	enum score_decision residual_evaluation;
	const char *created_at, *updated_at;
};

/* "reduce", … (stable, stored) and the JIS term in the current language;
 * parsing takes the code or the English or Japanese name. */
const char *risk_treatment_code(enum risk_treatment t);
const char *risk_treatment_label(enum risk_treatment t);
bool risk_treatment_parse(const char *s, enum risk_treatment *ret);
const char *risk_plan_status_code(enum risk_plan_status s);
const char *risk_plan_status_label(enum risk_plan_status s);
bool risk_plan_status_parse(const char *s, enum risk_plan_status *ret);

/* A risk code as users may write it: 1 to RISK_CODE_MAX characters, no
 * spaces, commas or semicolons. */
enum isms_rc risk_check_code(const char *code, const char *field, struct isms_err *err);

/* A new risk. Exactly one of `asset` (an asset code) and `group` is set.
 * `threat` and `vuln` are a library code or an exact name. `props` 0
 * takes the threat's. `code` NULL generates the next R-NNN. `owner` NULL
 * takes the asset's owner. */
struct risk_new {
	const char *code;
	const char *asset;
	const char *group;
	const char *threat, *vuln;
	unsigned props;
	int threat_level, vuln_level, likelihood, impact;
	const char *owner;
	const char *description;
};

enum isms_rc risk_add(struct isms_ctx *ctx, int64_t isms_id, const struct risk_new *n,
		      char ret_code[RISK_CODE_MAX + 1], struct isms_err *err);

/* A partial update: NULL strings and negative numbers are left as they
 * are; 0 clears a level; setting `asset` clears `group` and back. */
struct risk_edit {
	const char *asset, *group;
	const char *threat, *vuln;
	int props; /* -1: unchanged */
	int threat_level, vuln_level, likelihood, impact;
	const char *owner, *description;
};
#define RISK_EDIT_INIT { .props = -1, .threat_level = -1, .vuln_level = -1, .likelihood = -1, .impact = -1 }

enum isms_rc risk_edit(struct isms_ctx *ctx, int64_t isms_id, const char *code,
		       const struct risk_edit *e, struct isms_err *err);

enum isms_rc risk_rm(struct isms_ctx *ctx, int64_t isms_id, const char *code, struct isms_err *err);

/* One risk with its controls; ISMS_ENOTFOUND if none. */
enum isms_rc risk_get(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, const char *code,
		      struct risk *ret, struct isms_err *err);

/* The evaluation of `r` in detail (per-property values, why it is not
 * evaluated) under the method in force, and of its residual risk. */
enum isms_rc risk_explain(struct isms_ctx *ctx, int64_t isms_id, const struct risk *r,
			  struct score_result *ret, struct score_result *ret_residual,
			  struct isms_err *err);

enum risk_sort {
	RISK_SORT_CODE = 0,
	RISK_SORT_VALUE,      /* highest first unless reversed */
	RISK_SORT_ASSET,
	RISK_SORT_OWNER,
	RISK_SORT_EVALUATION,
	RISK_SORT_RESIDUAL,
	RISK_SORT_COUNT
};
const char *risk_sort_code(enum risk_sort s);
bool risk_sort_parse(const char *s, enum risk_sort *ret);

/* What `risk_list` keeps. -1 or NULL: any. */
struct risk_filter {
	const char *asset; /* an asset code */
	const char *group;
	const char *owner;
	int evaluation;     /* an enum score_decision; SCORE_UNEVALUATED for the unevaluated ones */
	int treatment;      /* an enum risk_treatment; RISK_TREAT_NONE for the untreated */
	int min_value;      /* value at least */
	bool stale;         /* only stale ones */
	bool needs_approval; /* only treated risks whose residual risk the criteria do not accept */
	bool has_approval;   /* only risks with an approval decision on record */
	const char *due_before; /* YYYY-MM-DD: only treatments not done that were due before that day */
	enum risk_sort sort;
	bool reverse;
	size_t limit, offset; /* 0: all */
	bool with_controls;   /* fill controls and extras */
};
#define RISK_FILTER_INIT { .evaluation = -1, .treatment = -1, .min_value = -1 }

/* The risks `f` keeps, in its order: with a limit, that many from the
 * offset (the query chooses, sorts and cuts them, and reads the full rows
 * of those only); `*ret_total`, when asked for, is how many it keeps in
 * all, for the pager. */
enum isms_rc risk_list(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
		       const struct risk_filter *f, struct risk **ret, size_t *ret_n,
		       size_t *ret_total, struct isms_err *err);

/* The register counted in the database, for charts that need no rows:
 * one entry per distinct combination of the stored levels, value and
 * evaluation (0 and SCORE_UNEVALUATED when not set), with the number of
 * risks that have it. Entries are in no particular order. */
struct risk_tally {
	int threat_level, vuln_level, likelihood, impact;
	int value;
	enum score_decision evaluation;
	long n;
};

enum isms_rc risk_tally(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			struct risk_tally **ret, size_t *ret_n, struct isms_err *err);

/* Re-evaluate every risk whose asset values changed since its last
 * evaluation (or that was never evaluated); one transaction, one audit
 * entry with the number of risks changed. */
enum isms_rc risk_evaluate_all(struct isms_ctx *ctx, int64_t isms_id, size_t *ret_changed,
			       struct isms_err *err);

/*
 * Treatment.
 */
struct risk_treat {
	enum risk_treatment option;
	/* Annex A IDs of the ISMS's edition: with `set_controls` they
	 * replace the present ones (none: all are removed), with
	 * `add_controls` they are added; otherwise the controls stay. */
	const char *const *controls;
	size_t ncontrols;
	bool set_controls, add_controls;
	bool suggested;              /* also add the controls the library links to the threat and vulnerability */
	const char *const *extras;   /* additional controls outside Annex A, the same way */
	size_t nextras;
	bool set_extras, add_extras;
	const char *plan_owner;      /* NULL: unchanged ("" clears) */
	const char *plan_due;        /* YYYY-MM-DD; NULL: unchanged */
	int plan_status;             /* an enum risk_plan_status; -1: unchanged (planned for a new treatment) */
	const char *plan_note;
	int res_threat, res_vuln, res_likelihood, res_impact; /* -1: unchanged; 0: as before */
};
#define RISK_TREAT_INIT { .plan_status = -1, .res_threat = -1, .res_vuln = -1, .res_likelihood = -1, .res_impact = -1 }

enum isms_rc risk_treat(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			const struct risk_treat *t, struct isms_err *err);
/* Remove the treatment (and its controls) of a risk. */
enum isms_rc risk_untreat(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			  struct isms_err *err);

/*
 * Approval of residual risks (step 8).
 */

/* Whether the residual risk of `r` needs management's approval: it has a
 * treatment and the criteria do not accept its residual value. */
bool risk_needs_approval(const struct risk *r);

/* The canonical JSON of what an approval of `r` covers (its asset,
 * threat, vulnerability, levels, values, evaluation, treatment, controls
 * and residual values). */
void risk_snapshot(const struct risk *r, struct sbuf *out);

/* Record the decision of the context's actor (who must be an approver)
 * on the residual risk of `code`. A risk that has no treatment yet, or
 * whose evaluation is unknown, cannot be approved (ISMS_ESTATE). */
enum isms_rc risk_approve(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			  enum approval_decision d, const char *comment, struct isms_err *err);

/* The state of the approval of `r`, and its latest decision (when
 * `ret_latest` is not NULL; `*ret_found` says whether there is one). */
enum isms_rc risk_approval_state(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
				 const struct risk *r, enum approval_state *ret,
				 struct approval *ret_latest, bool *ret_found, struct isms_err *err);

/*
 * Suggestions: threat and vulnerability pairs of the library for an
 * asset's type, each with whether the asset already has that risk.
 */
struct risk_suggestion {
	const char *threat, *threat_name;
	const char *vuln, *vuln_name;
	unsigned props;
	bool registered;
};

enum isms_rc risk_suggest(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			  const char *asset_code, struct risk_suggestion **ret, size_t *ret_n,
			  struct isms_err *err);

/*
 * Import and export (docs/risk-files.md). Columns have English and
 * Japanese names, both accepted. A row whose code exists updates that
 * risk; a row without a code adds one with the next code. The threat and
 * vulnerability are a library code or an exact name; a name that is
 * not in the library is an error that lists the nearest entries, unless
 * `add_missing` adds it to the ISMS's own library.
 */
enum risk_field {
	RF_CODE = 0, RF_ASSET, RF_GROUP, RF_THREAT, RF_VULN, RF_PROPS,
	RF_THREAT_LEVEL, RF_VULN_LEVEL, RF_LIKELIHOOD, RF_IMPACT, RF_OWNER, RF_DESCRIPTION,
	RF_COUNT
};

extern const struct tabin_field risk_fields[RF_COUNT];

struct risk_import_opts {
	const char *source; /* the file's name, for the audit log */
	bool add_missing;
	bool allow_unknown; /* skip columns of no field (such as an export's computed columns) */
	bool dry_run;
};

struct risk_import_result {
	size_t added, updated, unchanged;
	size_t rows;
	size_t threats_added, vulns_added;
	const char *encoding;
};

enum isms_rc risk_import(struct isms_ctx *ctx, int64_t isms_id, struct tabin *t,
			 const struct risk_import_opts *o, struct risk_import_result *ret,
			 struct tabin_errors *errs, struct isms_err *err);

/* Export the register as CSV (UTF-8 with a BOM, Excel-safe) in code
 * order, streamed through `write` in pieces; `write` returns 0 on
 * success. The columns are those of the import, then the computed ones. */
typedef int (*risk_write_fn)(void *arg, const void *data, size_t len);
enum isms_rc risk_export_csv(struct isms_ctx *ctx, int64_t isms_id, risk_write_fn write,
			     void *arg, size_t *ret_rows, struct isms_err *err);

/*
 * What other features need.
 */

/* One (Annex A control, risk) pair of the ISMS's risk treatments. */
struct risk_control_link {
	const char *control_id;
	const char *risk_code;
};

/* Every (Annex A control, risk) pair used by risk treatments of the
 * ISMS, by control and then risk code. */
enum isms_rc risk_control_links(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
				struct risk_control_link **ret, size_t *ret_n,
				struct isms_err *err);

/* Replace `from_control` by `to_controls` (n may be 0: removed) in every
 * treatment of the ISMS, keeping each treatment's order and without
 * duplicates. Joins the caller's transaction; one audit entry per risk
 * changed. */
enum isms_rc risk_control_remap(struct isms_ctx *ctx, int64_t isms_id, const char *from_control,
				const char *const *to_controls, size_t n, struct isms_err *err);

/* SHA-256 (hex) over the method in force, every risk's treatment and the
 * residual-risk approvals, so that an authorisation can go stale. */
enum isms_rc risk_fingerprint(struct isms_ctx *ctx, int64_t isms_id, char out[65],
			      struct isms_err *err);

/* Steps 4 (risks) to 6 and 8 for `isms status`: risks, risks_unevaluated,
 * risks_to_treat, risks_untreated, residual_to_approve,
 * residual_approved, approvals_stale. */
enum isms_rc risk_status_facts(struct isms_ctx *ctx, int64_t isms_id, struct status_facts *f,
			       struct isms_err *err);

#endif
