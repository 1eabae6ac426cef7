/*
 * transition.h - moving an ISMS to the 2022 edition of Annex A.
 *
 * `transition_run` converts the control selection of a 2013 ISMS (or a
 * 2005 one, through 2013) along the mappings between the editions
 * (mapping.h), in one transaction:
 *   - a decision is carried over to every control its control maps to;
 *   - when several controls merge into one, their reasons are combined
 *     (the lowest implementation status, owners and references joined);
 *     when their decisions disagree, the new control gets no decision and
 *     is flagged for review with what each predecessor said;
 *   - the controls new in the target edition get no decision and are
 *     flagged as needing one; decisions on removed controls are dropped;
 *   - additional controls stay as they are;
 *   - risk treatments point to the new controls (risk_control_remap);
 *   - the ISMS's edition changes.
 * Statements of Applicability made before keep their rows and their
 * edition. Every change is listed in the transition's report, which is
 * stored (one per step: 2005 to 2013, 2013 to 2022) and can be shown
 * again. A dry run computes the report and changes nothing.
 *
 * Strings live in the arena passed to each call.
 */
#ifndef ISMS_TRANSITION_H
#define ISMS_TRANSITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"

enum tr_kind {
	TR_CARRIED = 0, /* one control to one: decision carried */
	TR_MERGED,      /* several to one, decisions agree: combined */
	TR_SPLIT,       /* one to several: each gets the decision */
	TR_CONFLICT,    /* several to one, decisions disagree: to decide */
	TR_NEW,         /* new in the target edition: to decide */
	TR_UNDECIDED,   /* its predecessors had no decision: to decide */
	TR_REMOVED,     /* no successor: the decision is dropped */
	TR_RISKS,       /* the risk treatments that used a control now use its successors */
	TR_ADDITIONAL,  /* an additional control, kept */
	TR_KIND_COUNT
};

struct tr_change {
	enum tr_kind kind;
	const char *from_ids; /* the old edition's controls, ", "-separated; "" for new ones */
	const char *to_id;    /* the new edition's control; "" for removed ones */
	const char *decision; /* the resulting decision's code (selection.h); "" when none */
	const char *detail;   /* language-neutral: "A.12.6.1=applicable, A.18.2.3=excluded",
			       * or the risk codes for TR_RISKS */
};

struct tr_step {
	int from, to;
	const char *at;
	const char *actor;
	struct tr_change *changes;
	size_t n;
	size_t count[TR_KIND_COUNT];
};

struct tr_report {
	struct tr_step steps[2];
	size_t nsteps;
};

/* "carried", … (stable) and the kind's description in the current language. */
const char *tr_kind_code(enum tr_kind k);
const char *tr_kind_label(enum tr_kind k);

/* Move the ISMS to edition `to` (2022). ISMS_EINVAL for another target,
 * ISMS_ESTATE when the ISMS is on it already. With `dry_run`, only the
 * report is computed. */
enum isms_rc transition_run(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int to,
			    bool dry_run, struct tr_report *ret, struct isms_err *err);

/* The report of the latest transition; ISMS_ENOTFOUND when there was none. */
enum isms_rc transition_last(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			     struct tr_report *ret, struct isms_err *err);

#endif
