/*
 * status.h - where an ISMS stands in the ten steps of establishing it.
 *
 * The ten steps of DESIGN.md §1, in three phases, each with the artefact
 * it produces. The state of each step is computed in two stages, so that
 * the rules can be tested without a database:
 *   - status_compute gathers facts (counts and flags) from the database;
 *   - status_evaluate turns facts into a state and the list of what is
 *     missing, one short translated line each.
 * Later features add facts (their tables) and rules; callers do not change.
 */
#ifndef ISMS_STATUS_H
#define ISMS_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "isms/arena.h"
#include "isms/isms.h"
#include "isms/json.h"

enum step_state {
	STEP_NOT_STARTED = 0,
	STEP_IN_PROGRESS,
	STEP_DONE,
	STEP_APPROVED,
};

#define STATUS_STEPS 10
#define STATUS_MISSING_MAX 8

/* What the rules look at. Counts are of the ISMS in question. */
struct status_facts {
	/* step 1 and 2: versioned, approvable texts */
	bool scope_exists, scope_complete, scope_approved;
	bool policy_exists, policy_approved;
	/* step 3 */
	bool method_set, method_approved;
	/* step 4 */
	long assets, assets_without_owner, assets_unvalued, risks;
	/* step 5 */
	long risks_unevaluated;
	/* step 6 */
	long risks_to_treat, risks_untreated;
	/* step 7 */
	long controls_total, controls_decided, exclusions_unjustified;
	/* step 8 */
	long residual_to_approve, residual_approved, approvals_stale;
	/* step 9 */
	bool authorised, authorisation_stale;
	/* step 10 */
	long soa_snapshots;
	bool soa_approved, soa_outdated;
};

struct step_status {
	int step;               /* 1 … 10 */
	int phase;              /* 1 … 3 */
	const char *name;       /* translated */
	const char *artefact;   /* translated */
	const char *clause;     /* of the ISMS's edition, e.g. "6.1.2 a–b" */
	enum step_state state;
	const char *missing[STATUS_MISSING_MAX]; /* translated, in the arena */
	size_t nmissing;
};

struct isms_status {
	struct isms_info isms;
	struct step_status steps[STATUS_STEPS];
};

/* Pure: the steps' states from facts. Strings are allocated in `a`. */
void status_evaluate(const struct status_facts *f, int edition, struct arena *a,
		     struct step_status steps[STATUS_STEPS]);

/* Facts from the database, then status_evaluate. */
enum isms_rc status_compute(struct isms_ctx *ctx, struct arena *a, const struct isms_info *isms,
			    struct isms_status *ret, struct isms_err *err);

/* The status as JSON, as "isms status --format json" prints it: the
 * ISMS's name, organisation and edition, then each step with its state
 * and what it lacks. With `with_id` the ISMS's id comes first (the web
 * API's shape). The caller owns the result. */
json_t *status_json(const struct isms_status *st, bool with_id);

/* The phase's name, translated (1 … 3). */
const char *status_phase_name(int phase);
/* "not_started", "in_progress", "done", "approved" (stable, for JSON). */
const char *status_state_code(enum step_state s);
/* The state's name, translated. */
const char *status_state_label(enum step_state s);

#endif
