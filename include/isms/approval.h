/*
 * approval.h - sign-offs by management: who approved what, when, and
 * exactly what they saw.
 *
 * Every approval in isms (scope, policy, method, residual risks, the
 * authorisation of the ISMS, SoA snapshots) is one row here: the subject
 * ("scope", "risk", "soa", …) and its id, the decision, a comment, who and
 * when, a JSON snapshot of the values approved and the SHA-256 of that
 * snapshot. The caller computes the hash of the subject as it is now;
 * when it differs from the hash of the latest approval, the approval is
 * stale. Only a user with the approver role in the ISMS can record one:
 * the acting name of the context must be such a user.
 */
#ifndef ISMS_APPROVAL_H
#define ISMS_APPROVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"

enum approval_decision {
	APPROVAL_APPROVED = 0,
	APPROVAL_REJECTED,
};

enum approval_state {
	APPROVAL_NONE = 0, /* never approved */
	APPROVAL_CURRENT,  /* approved, and the subject is unchanged */
	APPROVAL_STALE,    /* approved, but the subject changed since */
	APPROVAL_REJECTED_STATE, /* the latest decision was a rejection */
};

struct approval {
	int64_t id;
	int64_t isms_id;
	const char *subject;
	const char *subject_id;
	enum approval_decision decision;
	const char *comment;
	const char *approver;
	const char *at;
	const char *snapshot;     /* JSON */
	const char *content_hash; /* SHA-256 hex of snapshot */
};

struct approval_new {
	const char *subject;
	const char *subject_id;
	enum approval_decision decision;
	const char *comment;  /* may be NULL */
	const char *snapshot; /* JSON text of what is approved */
};

#define APPROVAL_COMMENT_MAX 2000

/* The hash that approvals store and compare: SHA-256 of `snapshot`. */
void approval_hash(const char *snapshot, char out[65]);

/* Record a decision by the context's actor, who must have the approver
 * role in `isms_id` (ISMS_EPERM otherwise). Joins the caller's
 * transaction if there is one. */
enum isms_rc approval_record(struct isms_ctx *ctx, int64_t isms_id, const struct approval_new *n,
			     int64_t *ret_id, struct isms_err *err);

/* The latest decision on a subject; `*ret_found` false when there is none. */
enum isms_rc approval_latest(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			     const char *subject, const char *subject_id, struct approval *ret,
			     bool *ret_found, struct isms_err *err);

/* Compare the latest decision with the subject's current snapshot. */
enum isms_rc approval_state_of(struct isms_ctx *ctx, int64_t isms_id, const char *subject,
			       const char *subject_id, const char *current_snapshot,
			       enum approval_state *ret, struct isms_err *err);

/* All decisions of an ISMS, oldest first; `subject` NULL for every kind. */
enum isms_rc approval_list(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			   const char *subject, struct approval **ret, size_t *ret_n,
			   struct isms_err *err);

#endif
