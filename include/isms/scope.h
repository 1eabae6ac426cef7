/*
 * scope.h - step 1: the scope and boundaries of the ISMS (ISMS の適用範囲).
 *
 * A scope names the organisation, and lists its units, sites, business
 * processes, networks and systems, interfaces and dependencies on outside
 * parties, and the exclusions from the scope, each exclusion with its
 * justification; plus free text. Every save that changes something is a
 * new version, numbered from 1; older versions stay readable. Saving the
 * same content again makes no version.
 *
 * Scopes are exchanged as a small Markdown format (docs/commands/scope.md):
 * `scope_parse` reads it and reports each fault with its line and column,
 * `scope_format` writes it back, so that show, edit and set round-trip.
 * Management approves a version with `scope_approve` (the approver role);
 * the approval goes stale when a later version differs.
 *
 * Strings in a `struct scope` live in the arena passed to the call.
 */
#ifndef ISMS_SCOPE_H
#define ISMS_SCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/approval.h"
#include "isms/arena.h"
#include "isms/context.h"
#include "isms/sbuf.h"
#include "isms/versioned.h"

enum scope_kind {
	SCOPE_UNIT = 0,
	SCOPE_SITE,
	SCOPE_PROCESS,
	SCOPE_SYSTEM,
	SCOPE_INTERFACE,
	SCOPE_EXCLUSION,
	SCOPE_NKINDS,
};

#define SCOPE_FILE_MAX (256 * 1024) /* bytes of a scope file */
#define SCOPE_NAME_MAX 200          /* characters of an item's name */
#define SCOPE_DETAIL_MAX 2000       /* characters of an item's detail */
#define SCOPE_ITEMS_MAX 500         /* items of one kind */
#define SCOPE_TEXT_MAX 50000        /* characters of the free text */

struct scope_item {
	const char *name;
	const char *detail; /* "" when none; for an exclusion, its justification */
	long line;          /* where it was read (scope_parse), else 0 */
};

struct scope {
	int version; /* 0 until saved */
	const char *organisation;
	struct scope_item *items[SCOPE_NKINDS];
	size_t nitems[SCOPE_NKINDS];
	const char *description; /* free text, Markdown; "" when none */
	const char *created_at;
	const char *created_by;
	char content_hash[65]; /* of the content, without version and author */
};

/* "unit", "site", … (stable: database and JSON). */
const char *scope_kind_code(enum scope_kind k);
/* The section heading in the current language ("Sites", "拠点"). */
const char *scope_kind_title(enum scope_kind k);

/* Parse the Markdown form; the organisation is required and every
 * exclusion needs a justification. Errors carry line and column. */
enum isms_rc scope_parse(const char *text, size_t len, struct arena *a, struct scope *ret,
			 struct isms_err *err);

/* The Markdown form, with headings in the current language. */
void scope_format(const struct scope *s, struct sbuf *out);

/* A scope to start from: the organisation and each section with a short
 * guidance comment, in the current language. */
void scope_template(const char *organisation, struct sbuf *out);

/* Check every field as scope_parse does (for callers that build a scope
 * themselves, like the web forms or the demo). */
enum isms_rc scope_check(const struct scope *s, struct isms_err *err);

/* Save `s` as a new version. When it equals the latest version,
 * nothing is written and `*ret_unchanged` is true. */
enum isms_rc scope_save(struct isms_ctx *ctx, int64_t isms_id, const struct scope *s,
			int *ret_version, bool *ret_unchanged, struct isms_err *err);

/* Version `version` (0: the latest). ISMS_ENOTFOUND when there is none. */
enum isms_rc scope_get(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int version,
		       struct scope *ret, struct isms_err *err);

/* Every version, oldest first. */
enum isms_rc scope_history(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			   struct version_info **ret, size_t *ret_n, struct isms_err *err);

/* What an approval of `s` records: its version and content (JSON). */
void scope_snapshot(const struct scope *s, struct sbuf *out);

/* Approve (or reject) the latest version, as the context's actor, who must
 * be an approver. `*ret_version` is the version decided on. */
enum isms_rc scope_approve(struct isms_ctx *ctx, int64_t isms_id, enum approval_decision d,
			   const char *comment, int *ret_version, struct isms_err *err);

/* The approval state of the latest version (APPROVAL_NONE without one). */
enum isms_rc scope_approval_state(struct isms_ctx *ctx, int64_t isms_id,
				  enum approval_state *ret, struct isms_err *err);

#endif
