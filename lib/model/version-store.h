/*
 * version-store.h - shared queries of the versioned texts (internal).
 *
 * The scope and the policy are stored the same way: one row per version
 * in their own table, with the content's hash, and approvals whose
 * snapshot names the version. Saving, approving and the approval state
 * are shared; the entity brings the rows of a version and its snapshot
 * through callbacks. The table is chosen by an enum mapped to
 * fixed SQL, never by text.
 */
#ifndef ISMS_MODEL_VERSION_STORE_H
#define ISMS_MODEL_VERSION_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/sbuf.h"
#include "isms/versioned.h"
#include "model.h"

enum versioned_table {
	VERSIONED_SCOPE = 0,
	VERSIONED_POLICY,
};

/* The newest version and its content hash; 0 and "" when there is none. */
enum isms_rc versioned_latest(struct isms_ctx *ctx, int64_t isms_id, enum versioned_table t,
			      int *ret_version, char ret_hash[65], struct isms_err *err);

/* Every version, oldest first, with the approval of each. */
enum isms_rc versioned_history(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       enum versioned_table t, struct version_info **ret, size_t *ret_n,
			       struct isms_err *err);

/* Write the rows of version `version` of a text, whose content hashes to
 * `hash`, saved at `now`, and return the "after" of its audit entry in
 * *ret_after (taken). `arg` is the caller's content. */
typedef enum isms_rc (*versioned_insert_fn)(struct isms_ctx *ctx, int64_t isms_id, int version,
					    const char *hash, const char *now, const void *arg,
					    json_t **ret_after, struct isms_err *err);

/* Save a new version of `t` whose content hashes to `hash`: the newest
 * version plus one, written by `insert`, with its audit entry, in one
 * transaction. When the newest version has that hash already nothing is
 * written and *ret_unchanged is set. *ret_version is the version saved, or
 * the unchanged one. */
enum isms_rc versioned_save(struct isms_ctx *ctx, int64_t isms_id, enum versioned_table t,
			    const char *hash, versioned_insert_fn insert, const void *arg,
			    int *ret_version, bool *ret_unchanged, struct isms_err *err);

/* Append the approval snapshot of the newest version of a text to `snap`
 * and give its number; ISMS_ENOTFOUND, with the text's own message, when
 * nothing has been saved yet. */
typedef enum isms_rc (*versioned_snapshot_fn)(struct isms_ctx *ctx, struct arena *a,
					      int64_t isms_id, struct sbuf *snap,
					      int *ret_version, struct isms_err *err);

/* Record a decision on the newest version of `t`; its number in
 * *ret_version (when not NULL). */
enum isms_rc versioned_approve(struct isms_ctx *ctx, int64_t isms_id, enum versioned_table t,
			       versioned_snapshot_fn snapshot, enum approval_decision d,
			       const char *comment, int *ret_version, struct isms_err *err);

/* Whether the newest version of `t` is the one approved; APPROVAL_NONE
 * when there is no version. */
enum isms_rc versioned_approval_state(struct isms_ctx *ctx, int64_t isms_id,
				      enum versioned_table t, versioned_snapshot_fn snapshot,
				      enum approval_state *ret, struct isms_err *err);

/* Check a text file as typed by a user: at most `max` bytes, valid UTF-8,
 * no control characters but tabs and line breaks. Errors carry the line
 * and column of the fault. */
enum isms_rc versioned_check_file(const char *text, size_t len, size_t max,
				  struct isms_err *err);

/* The column (in characters, from 1) of `p` within `line`. */
long versioned_column(const char *line, const char *p);

#endif
