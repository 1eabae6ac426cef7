/*
 * apitoken.h - API tokens: credentials for scripts.
 *
 * A user creates a token for a script and gives it a name. The token is
 * "isms_" and 64 hex digits from the CSPRNG; it is returned once, by
 * apitoken_create, and the database keeps only its SHA-256 and a hint (its
 * first characters) to tell tokens apart. A script sends it as
 * "Authorization: Bearer TOKEN" and acts with its user's roles. Creating
 * and revoking are audit-logged; the time of last use is housekeeping.
 *
 * A token cannot outlive its revocation: the web application does not let
 * a request authenticated by a token create or revoke tokens or change the
 * password, and an administrator's password reset revokes all the user's
 * tokens (apitoken_revoke_user).
 */
#ifndef ISMS_APITOKEN_H
#define ISMS_APITOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"

#define APITOKEN_PREFIX "isms_"
/* "isms_", 64 hex digits and the NUL. */
#define APITOKEN_LEN 70
#define APITOKEN_NAME_MAX 100
/* Tokens one user may hold at once. */
#define APITOKEN_PER_USER 20

struct apitoken_info {
	int64_t id;
	const char *name;
	const char *hint;       /* "isms_1a2b3c4d" */
	const char *created_at;
	const char *last_used;  /* NULL when never used */
};

/* Create a token named `name` for `user_id`. The token goes to
 * `ret_token`, its id to `ret_id` (may be NULL). ISMS_ELIMIT when the user
 * holds APITOKEN_PER_USER tokens already. */
enum isms_rc apitoken_create(struct isms_ctx *ctx, int64_t user_id, const char *name,
			     char ret_token[APITOKEN_LEN], int64_t *ret_id, struct isms_err *err);

/* The tokens of `user_id`, newest first. */
enum isms_rc apitoken_list(struct isms_ctx *ctx, struct arena *a, int64_t user_id,
			   struct apitoken_info **ret, size_t *ret_n, struct isms_err *err);

/* Revoke token `id` of `user_id`; ISMS_ENOTFOUND when that user has no
 * such token. */
enum isms_rc apitoken_revoke(struct isms_ctx *ctx, int64_t user_id, int64_t id,
			     struct isms_err *err);

/* Revoke every token of `user_id` (an administrator reset the user's
 * password), each audit-logged as a revocation. */
enum isms_rc apitoken_revoke_user(struct isms_ctx *ctx, int64_t user_id, struct isms_err *err);

/* The user a token belongs to. ISMS_ENOTFOUND when the token is
 * malformed, unknown, revoked or its user disabled. */
enum isms_rc apitoken_lookup(struct isms_ctx *ctx, const char *token, int64_t *ret_user_id,
			     struct isms_err *err);

/* The same in two halves, so that the check can join a read-only
 * transaction: apitoken_check only reads, and sets `ret_touch_id` to the
 * token whose last use is due to be recorded (0: none); apitoken_touch,
 * called outside any read-only transaction, records it. */
enum isms_rc apitoken_check(struct isms_ctx *ctx, const char *token, int64_t *ret_user_id,
			    int64_t *ret_touch_id, struct isms_err *err);
enum isms_rc apitoken_touch(struct isms_ctx *ctx, int64_t id, struct isms_err *err);

#endif
