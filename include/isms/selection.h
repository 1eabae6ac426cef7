/*
 * selection.h - step 7: selecting the controls (対策基準), Annex A and
 * additional ones.
 *
 * For every control of the ISMS's edition the organisation decides whether
 * it applies. An applicable control has at least one reason for inclusion:
 * risk treatment (derived, never stored: the control is used by the
 * treatment of a risk), a legal or regulatory requirement, a contractual
 * one, or business needs and good practice. An excluded control has a
 * justification, always. Both carry an implementation status, an owner
 * and references to where and how the control is implemented. Controls
 * outside Annex A can be added; they apply by definition.
 *
 * Rules kept here, for the CLI and the web alike:
 *   - a control that a risk treatment uses cannot be excluded: the error
 *     names the risks;
 *   - an applicable control without any reason is refused;
 *   - every operation takes several controls at once and is one
 *     transaction: all change, or none.
 *
 * Strings in the structs live in the arena passed to the call.
 */
#ifndef ISMS_SELECTION_H
#define ISMS_SELECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"
#include "isms/status.h"

enum sel_decision {
	SEL_UNDECIDED = 0,
	SEL_APPLICABLE,
	SEL_EXCLUDED,
};

enum sel_status {
	SEL_NOT_STARTED = 0,
	SEL_PLANNED,
	SEL_PARTIAL,
	SEL_IMPLEMENTED,
	SEL_STATUS_COUNT
};

/* Reasons for inclusion, as bits. SEL_REASON_RISK is derived. */
enum sel_reason {
	SEL_REASON_RISK = 1 << 0,
	SEL_REASON_LEGAL = 1 << 1,
	SEL_REASON_CONTRACT = 1 << 2,
	SEL_REASON_BUSINESS = 1 << 3,
};
#define SEL_REASONS_STORED (SEL_REASON_LEGAL | SEL_REASON_CONTRACT | SEL_REASON_BUSINESS)

#define SEL_ID_MAX 32             /* characters of an additional control's id */
#define SEL_TITLE_MAX 200
#define SEL_JUSTIFICATION_MAX 2000
#define SEL_OWNER_MAX 100
#define SEL_REF_MAX 2000
#define SEL_BULK_MAX 1000         /* controls in one operation */

struct control_sel {
	const char *control_id;
	bool additional;
	const char *section_id; /* the enclosing objective or theme; "" for additional */
	const char *title;      /* in the current language */
	const char *title_en, *title_ja;
	const char *section_en, *section_ja;
	enum sel_decision decision;
	unsigned reasons;       /* SEL_REASON_* bits, risk included */
	const char *justification;
	enum sel_status status;
	const char *owner;
	const char *impl_ref;
	const char *review;     /* what a transition asks to look at again; "" */
	const char *risks;      /* codes of the risks whose treatment uses it, ", "-separated */
	size_t nrisks;
	const char *updated_at; /* NULL when never decided */
	const char *updated_by;
};

/* What select, exclude and set change; fields left at their zero values
 * (NULL, -1 for the status) keep the stored value. */
struct sel_update {
	unsigned reasons_add;  /* SEL_REASON_LEGAL | … */
	unsigned reasons_drop;
	int status;            /* enum sel_status, or -1 */
	const char *owner;     /* "" clears */
	const char *impl_ref;  /* "" clears */
	const char *justification; /* exclude */
	const char *title;     /* additional controls */
};

#define SEL_UPDATE_INIT { .status = -1 }

/* Stable codes ("applicable", "partial", "legal" …) and translated labels. */
const char *sel_decision_code(enum sel_decision d);
const char *sel_decision_label(enum sel_decision d);
const char *sel_status_code(enum sel_status s);
const char *sel_status_label(enum sel_status s);
bool sel_status_parse(const char *s, enum sel_status *ret);
const char *sel_reason_code(enum sel_reason r);
const char *sel_reason_label(enum sel_reason r);
bool sel_reason_parse(const char *s, enum sel_reason *ret);
/* The reasons as ", "-separated codes (`labels` false) or labels. */
char *sel_reasons_text(struct arena *a, unsigned reasons, bool labels);

/* What a review note left by a transition asks, in the current language. */
const char *sel_review_text(struct arena *a, const char *review);

/* Mark controls applicable. With `additional`, `ids` are new controls
 * outside Annex A (u->title required); otherwise each must be a control of
 * the ISMS's edition or an additional control already added. */
enum isms_rc selection_select(struct isms_ctx *ctx, int64_t isms_id, const char *const *ids,
			      size_t n, bool additional, const struct sel_update *u,
			      struct isms_err *err);

/* Exclude controls of the edition, with u->justification (required). */
enum isms_rc selection_exclude(struct isms_ctx *ctx, int64_t isms_id, const char *const *ids,
			       size_t n, const struct sel_update *u, struct isms_err *err);

/* Change reasons, status, owner or references without changing the
 * decision; controls without a decision yet are refused. */
enum isms_rc selection_set(struct isms_ctx *ctx, int64_t isms_id, const char *const *ids,
			   size_t n, const struct sel_update *u, struct isms_err *err);

/* Remove additional controls. */
enum isms_rc selection_remove(struct isms_ctx *ctx, int64_t isms_id, const char *const *ids,
			      size_t n, struct isms_err *err);

/* Every control of the edition in the standard's order, then the
 * additional ones, with their decisions and the risks that use them. */
enum isms_rc selection_list(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			    struct control_sel **ret, size_t *ret_n, struct isms_err *err);

/* One proposal of `selection_suggest`. */
struct sel_suggestion {
	const char *control_id;
	const char *title;
	enum sel_decision decision; /* the current decision */
	const char *risks;          /* the treated risks that lead to it, ", "-separated */
	const char *via;            /* the threats and vulnerabilities, ", "-separated */
	size_t nrisks;
};

/* Controls proposed by the threat and vulnerability library for the risks
 * that have a treatment, most risks first. */
enum isms_rc selection_suggest(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       struct sel_suggestion **ret, size_t *ret_n, struct isms_err *err);

/* How many controls there are (the edition's and the additional ones),
 * how many have a decision, and how many exclusions lack a justification:
 * what selection_list would count, without reading the risks. */
struct sel_counts {
	size_t total, decided, unjustified;
};
enum isms_rc selection_counts(struct isms_ctx *ctx, int64_t isms_id, struct sel_counts *ret,
			      struct isms_err *err);

/* The facts of step 7 for `isms status`. */
enum isms_rc selection_facts(struct isms_ctx *ctx, int64_t isms_id, int edition,
			     struct status_facts *f, struct isms_err *err);

#endif
