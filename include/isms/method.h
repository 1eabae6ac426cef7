/*
 * method.h - the risk assessment method of an ISMS (step 3,
 * リスクマネジメント実施基準): stored, versioned, approved.
 *
 * The method is a `struct score_method` (scoring.h) kept as JSON. Every
 * change is a new version numbered from 1; the newest is in force. Until
 * an ISMS sets one, the default preset (JIPDEC 3×3×3) is used to evaluate
 * risks, and step 3 is not done. Setting a method re-evaluates every risk
 * of the ISMS in the same transaction and writes one audit entry with the
 * method before and after and the number of risks re-evaluated.
 *
 * Management approves the method like any sign-off (approval.h, subject
 * "method", subject id "method", the snapshot its JSON); a new version
 * makes the approval stale.
 */
#ifndef ISMS_METHOD_H
#define ISMS_METHOD_H

#include <stdbool.h>
#include <stddef.h>

#include "isms/approval.h"
#include "isms/arena.h"
#include "isms/context.h"
#include "isms/scoring.h"
#include "isms/versioned.h"

/* The method in force: `ret` is initialised here (the caller releases
 * it); `ret_info->version` is 0 when the ISMS has none yet and the
 * default preset applies. `ret_info` may be NULL. */
enum isms_rc method_current(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			    struct score_method *ret, struct version_info *ret_info,
			    struct isms_err *err);

/* One version of the method (ISMS_ENOTFOUND when there is no such one). */
enum isms_rc method_version(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int version,
			    struct score_method *ret, struct version_info *ret_info,
			    struct isms_err *err);

/* Every version, oldest first, with who approved it. */
enum isms_rc method_history(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			    struct version_info **ret, size_t *ret_n, struct isms_err *err);

struct method_change {
	int version;        /* the new version; the current one when unchanged */
	bool unchanged;     /* the method was the same as the one in force */
	size_t reevaluated; /* risks re-evaluated */
	size_t unevaluated; /* of which cannot be evaluated under the new method */
};

/* Make `m` (checked here) the method in force and re-evaluate every risk,
 * in one transaction. A method equal to the one in force changes nothing
 * (`unchanged`), except that a first one is always stored. */
enum isms_rc method_set(struct isms_ctx *ctx, int64_t isms_id, struct score_method *m,
			struct method_change *ret, struct isms_err *err);

/* Record the actor's decision on the method in force; refused while the
 * ISMS has not set one. */
enum isms_rc method_approve(struct isms_ctx *ctx, int64_t isms_id, enum approval_decision d,
			    const char *comment, struct isms_err *err);

/* The state of the approval of the method in force (APPROVAL_NONE while
 * no method is set). */
enum isms_rc method_approval_state(struct isms_ctx *ctx, int64_t isms_id,
				   enum approval_state *ret, struct isms_err *err);

/* The number of levels of the confidentiality, integrity and availability
 * scales of the method in force; `*ret_set` is false when the ISMS has
 * not set a method (the numbers are then the default preset's). */
enum isms_rc method_asset_levels(struct isms_ctx *ctx, int64_t isms_id, int ret_max[3],
				 bool *ret_set, struct isms_err *err);

#endif
