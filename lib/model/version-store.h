/*
 * version-store.h - shared queries of the versioned texts (internal).
 *
 * The scope and the policy are stored the same way: one row per version
 * in their own table, with the content's hash, and approvals whose
 * snapshot names the version. The table is chosen by an enum mapped to
 * fixed SQL, never by text.
 */
#ifndef ISMS_MODEL_VERSION_STORE_H
#define ISMS_MODEL_VERSION_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
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

/* Check a text file as typed by a user: at most `max` bytes, valid UTF-8,
 * no control characters but tabs and line breaks. Errors carry the line
 * and column of the fault. */
enum isms_rc versioned_check_file(const char *text, size_t len, size_t max,
				  struct isms_err *err);

/* The column (in characters, from 1) of `p` within `line`. */
long versioned_column(const char *line, const char *p);

#endif
