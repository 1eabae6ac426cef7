/*
 * report.h - the reports of isms, each built once as a neutral document.
 *
 * A report is a name ("assets", "risks" …), a translated title and a
 * builder that reads the database and returns a `struct doc` (doc.h),
 * which any writer then turns into CSV, JSON, XLSX, HTML or PDF. The
 * table `report_defs` lists them all; front ends (`isms report NAME`, the
 * web app) find a report there, so a new report is one builder and one
 * entry. Builders write their texts in the calling thread's language.
 */
#ifndef ISMS_REPORT_H
#define ISMS_REPORT_H

#include "isms/context.h"
#include "isms/doc.h"
#include "isms/isms.h"

struct report_opts {
	const char *date; /* the report's date, YYYY-MM-DD (the caller's today) */
};

struct report_def {
	const char *name;  /* stable: "assets" */
	const char *title; /* N_(): read with T_() */
	enum isms_rc (*build)(struct isms_ctx *ctx, const struct isms_info *isms,
			      const struct report_opts *o, struct doc **ret, struct isms_err *err);
};

/* Every report, ending with { 0 }. */
extern const struct report_def report_defs[];

/* The report called `name`, or NULL. */
const struct report_def *report_find(const char *name);

/* A new document with the metadata every report carries: organisation,
 * ISMS, edition, date, language. */
struct doc *report_new(const char *kind, const char *title, const struct isms_info *isms,
		       const struct report_opts *o);

/* The asset inventory (資産目録): every asset with the columns of the
 * asset import format (docs/asset-files.md), so that an exported
 * inventory can be edited and imported again. */
enum isms_rc report_assets(struct isms_ctx *ctx, const struct isms_info *isms,
			   const struct report_opts *o, struct doc **ret, struct isms_err *err);

/* Steps 1, 2, 7, 9 and 10 (report-scope.c, report-soa.c,
 * report-authorisation.c): the scope and the policy (latest versions,
 * with their approval), the selected controls (the current selection,
 * with an implementation chart), the authorisation record, and the
 * Statement of Applicability: the latest snapshot, or snapshot `number`
 * (its header block: organisation, edition, version, date, approver). */
enum isms_rc report_scope(struct isms_ctx *ctx, const struct isms_info *isms,
			  const struct report_opts *o, struct doc **ret, struct isms_err *err);
enum isms_rc report_policy(struct isms_ctx *ctx, const struct isms_info *isms,
			   const struct report_opts *o, struct doc **ret, struct isms_err *err);
enum isms_rc report_controls(struct isms_ctx *ctx, const struct isms_info *isms,
			     const struct report_opts *o, struct doc **ret, struct isms_err *err);
enum isms_rc report_authorisation(struct isms_ctx *ctx, const struct isms_info *isms,
				  const struct report_opts *o, struct doc **ret, struct isms_err *err);
enum isms_rc report_soa(struct isms_ctx *ctx, const struct isms_info *isms,
			const struct report_opts *o, struct doc **ret, struct isms_err *err);
enum isms_rc report_soa_number(struct isms_ctx *ctx, const struct isms_info *isms, int number,
			       const struct report_opts *o, struct doc **ret, struct isms_err *err);
/* The report of the latest transition to a new edition (report-transition.c);
 * `report_transition_steps` adds the steps of any report to `d`. */
enum isms_rc report_transition(struct isms_ctx *ctx, const struct isms_info *isms,
			       const struct report_opts *o, struct doc **ret, struct isms_err *err);
struct tr_report;
void report_transition_steps(struct doc *d, const struct tr_report *r);

/* The risk assessment method (リスクマネジメント実施基準, step 3): the
 * approach, formula, criteria and assurance, every scale, the risk levels
 * and every value the formula can give coloured by its level. */
enum isms_rc report_method(struct isms_ctx *ctx, const struct isms_info *isms,
			   const struct report_opts *o, struct doc **ret, struct isms_err *err);
/* The risk list (リスク一覧): every risk with the columns of the risk
 * import format (docs/risk-files.md) and the computed ones. */
enum isms_rc report_risks(struct isms_ctx *ctx, const struct isms_info *isms,
			  const struct report_opts *o, struct doc **ret, struct isms_err *err);
/* The risk assessment report (リスクアセスメント結果報告): the method,
 * counts by level and by asset type, the risk matrix as a heat map, the
 * top risks and the evaluation of every risk. */
enum isms_rc report_assessment(struct isms_ctx *ctx, const struct isms_info *isms,
			       const struct report_opts *o, struct doc **ret, struct isms_err *err);
/* The risk treatment report (リスク対応結果報告): options, controls, plans
 * and residual risks. */
enum isms_rc report_treatment(struct isms_ctx *ctx, const struct isms_info *isms,
			      const struct report_opts *o, struct doc **ret, struct isms_err *err);
/* The residual risk approval record (残留リスク承認記録): every residual
 * risk that needs approval with its state, and every decision. */
enum isms_rc report_approvals(struct isms_ctx *ctx, const struct isms_info *isms,
			      const struct report_opts *o, struct doc **ret, struct isms_err *err);

#endif
