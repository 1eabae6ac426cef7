/*
 * authorisation.h - step 9: management authorises implementing and
 * operating the ISMS (実施許可).
 *
 * An authorisation is an approval (approval.h, subject "authorisation")
 * by a user with the approver role, with a comment, that records exactly
 * what was authorised: the version and hash of the scope and of the
 * policy, and the risk fingerprint (the method in force, every risk
 * treatment and the residual-risk approvals, risk.h). When any of them
 * changes afterwards the authorisation is stale, and `authorisation_get`
 * says which part changed. The scope and the policy must exist.
 */
#ifndef ISMS_AUTHORISATION_H
#define ISMS_AUTHORISATION_H

#include <stdbool.h>
#include <stdint.h>

#include "isms/approval.h"
#include "isms/arena.h"
#include "isms/context.h"
#include "isms/sbuf.h"

/* What an authorisation covers. */
struct authorisation_basis {
	int scope_version;
	char scope_hash[65];
	int policy_version;
	char policy_hash[65];
	char risk_hash[65];
};

struct authorisation {
	enum approval_state state; /* none, current, stale or rejected */
	struct approval latest;    /* valid unless state is APPROVAL_NONE */
	struct authorisation_basis was, now;
	bool scope_changed, policy_changed, risks_changed;
};

/* What would be authorised now. ISMS_ESTATE when the scope or the policy
 * has not been written. */
enum isms_rc authorisation_basis(struct isms_ctx *ctx, int64_t isms_id,
				 struct authorisation_basis *ret, struct isms_err *err);

/* The JSON an approval of `b` records. */
void authorisation_snapshot(const struct authorisation_basis *b, struct sbuf *out);

/* Authorise (or refuse) as the context's actor, who must be an approver;
 * `comment` is required. */
enum isms_rc authorisation_record(struct isms_ctx *ctx, int64_t isms_id, enum approval_decision d,
				  const char *comment, struct isms_err *err);

/* The latest decision and whether it still holds. `ret->now` is filled
 * when the scope and the policy exist (else zeroed). */
enum isms_rc authorisation_get(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       struct authorisation *ret, struct isms_err *err);

#endif
