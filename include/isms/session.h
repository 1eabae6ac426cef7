/*
 * session.h - the logged-in sessions of the web application.
 *
 * A session starts when a user logs in. It is named by a random token (32
 * bytes from the CSPRNG, written as 64 hex digits) that only the browser
 * keeps, in a cookie; the database stores the token's SHA-256, never the
 * token, so a copy of the database does not let anyone act as a user.
 * Sessions live in the database, so several server processes share them.
 *
 * A session ends at logout, after `idle` seconds without a request, or
 * `max_age` seconds after login, whichever comes first. The policy is
 * given at each lookup, so a server started with a shorter timeout applies
 * it to existing sessions too. An ended session is deleted when it is next
 * presented; session_purge removes the others. Logins and logouts are
 * audit-logged; touching and purging are housekeeping and are not.
 *
 * The CSRF token of a session is derived from its token (session_csrf):
 * it is bound to the session, needs no storage, and does not reveal the
 * session token.
 */
#ifndef ISMS_SESSION_H
#define ISMS_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"
#include "isms/util.h"

/* 64 hex digits and the NUL. */
#define SESSION_TOKEN_HEX 65
#define SESSION_ADDRESS_MAX 64

struct session_policy {
	long idle;    /* seconds without a request */
	long max_age; /* seconds after login */
};

struct session_info {
	int64_t id;
	int64_t user_id;
	const char *created_at;
	const char *last_seen;
	const char *expires_at;
	bool touch_due; /* session_check: last_seen is old enough to be renewed */
	bool ended;     /* session_check: it ended (ISMS_ENOTFOUND); id is set */
};

/* Start a session for `user_id` (who must exist and not be disabled),
 * seen from `address`. The token is written to `ret_token`; it is shown
 * to nobody but the client. */
enum isms_rc session_create(struct isms_ctx *ctx, int64_t user_id, const char *address,
			    const struct session_policy *p, char ret_token[SESSION_TOKEN_HEX],
			    struct isms_err *err);

/* The session named by `token`, touched as seen now. ISMS_ENOTFOUND when
 * the token is malformed or unknown, the user disabled, or the session
 * ended (then it is deleted and the message says it expired). */
enum isms_rc session_lookup(struct isms_ctx *ctx, struct arena *a, const char *token,
			    const struct session_policy *p, struct session_info *ret,
			    struct isms_err *err);

/* The same in two halves, so that the check can join a read-only
 * transaction: session_check only reads, and leaves in `ret` what is due
 * (touch_due, or ended with ISMS_ENOTFOUND); session_settle, called outside
 * any read-only transaction, writes it (touches the session, or deletes the
 * ended one) and clears the flags. */
enum isms_rc session_check(struct isms_ctx *ctx, struct arena *a, const char *token,
			   const struct session_policy *p, struct session_info *ret,
			   struct isms_err *err);
enum isms_rc session_settle(struct isms_ctx *ctx, struct arena *a, struct session_info *s,
			    struct isms_err *err);

/* Log out: delete the session. ISMS_ENOTFOUND when there is none. */
enum isms_rc session_end(struct isms_ctx *ctx, const char *token, struct isms_err *err);

/* End every session of `user_id` except the one named `keep` (NULL: all),
 * after a password change. Runs inside the caller's transaction when
 * there is one. */
enum isms_rc session_end_user(struct isms_ctx *ctx, int64_t user_id, const char *keep,
			      struct isms_err *err);

/* Delete every ended session. */
enum isms_rc session_purge(struct isms_ctx *ctx, const struct session_policy *p,
			   struct isms_err *err);

/* 64 lower-case hex digits: the shape of a session token. */
bool session_token_valid(const char *s);

/* The CSRF token of the session named `token`. */
void session_csrf(const char *token, char out[ISMS_SHA256_HEX]);

#endif
