/*
 * policy.h - step 2: the ISMS policy (基本方針文書), a versioned Markdown text.
 *
 * The policy is free Markdown written by the organisation. Every save that
 * changes the text is a new version numbered from 1; older versions stay
 * readable. isms ships a starting template in Japanese and in English,
 * written for this tool (data/templates/policy-LANG.md), that covers the
 * purpose, the framework for objectives, management's commitment, legal
 * and contractual requirements, responsibilities and review. Management
 * approves a version with `policy_approve` (the approver role); the
 * approval goes stale when a later version differs.
 *
 * Strings in a `struct policy` live in the arena passed to the call.
 */
#ifndef ISMS_POLICY_H
#define ISMS_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/approval.h"
#include "isms/arena.h"
#include "isms/context.h"
#include "isms/i18n.h"
#include "isms/sbuf.h"
#include "isms/versioned.h"

#define POLICY_FILE_MAX (512 * 1024) /* bytes */
#define POLICY_MAX 100000            /* characters */

struct policy {
	int version; /* 0 until saved */
	const char *body;
	const char *created_at;
	const char *created_by;
	char content_hash[65];
};

/* Check a policy text: not empty, within the limits, valid UTF-8, no
 * control characters (errors with line and column). */
enum isms_rc policy_check(const char *body, size_t len, struct isms_err *err);

/* The starting template in `lang`, with the organisation's name and the
 * date (YYYY-MM-DD) filled in. */
enum isms_rc policy_template(enum isms_lang lang, const char *organisation, const char *date,
			     struct sbuf *out, struct isms_err *err);

/* Save `body` as a new version. When it equals the latest version,
 * nothing is written and `*ret_unchanged` is true. */
enum isms_rc policy_save(struct isms_ctx *ctx, int64_t isms_id, const char *body,
			 int *ret_version, bool *ret_unchanged, struct isms_err *err);

/* Version `version` (0: the latest). ISMS_ENOTFOUND when there is none. */
enum isms_rc policy_get(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int version,
			struct policy *ret, struct isms_err *err);

/* Every version, oldest first. */
enum isms_rc policy_history(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			    struct version_info **ret, size_t *ret_n, struct isms_err *err);

/* What an approval of `p` records: its version and the hash of its text. */
void policy_snapshot(const struct policy *p, struct sbuf *out);

/* Approve (or reject) the latest version as the context's actor, who must
 * be an approver. `*ret_version` is the version decided on. */
enum isms_rc policy_approve(struct isms_ctx *ctx, int64_t isms_id, enum approval_decision d,
			    const char *comment, int *ret_version, struct isms_err *err);

/* The approval state of the latest version (APPROVAL_NONE without one). */
enum isms_rc policy_approval_state(struct isms_ctx *ctx, int64_t isms_id,
				   enum approval_state *ret, struct isms_err *err);

#endif
