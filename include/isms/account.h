/*
 * account.h - users as the web application sees them: logging in with
 * throttling, the first-run administrator, preferences, password changes
 * and which ISMS a user may reach.
 *
 * Administrators: roles are stored per ISMS, and admin is the one role
 * that reaches beyond its ISMS (DESIGN.md §3): a user who holds the admin
 * role in any ISMS administers the installation, sees every ISMS and acts
 * as admin in each. Everyone else reaches an ISMS only through a
 * membership in it; account_isms answers ISMS_ENOTFOUND for any other
 * ISMS, whether it exists or not, so that ids cannot be probed.
 *
 * Throttling: failed logins are counted per account name and client
 * address together (whether the account exists or not), and per client
 * address, over a window of LOGIN_WINDOW seconds from the first failure.
 * An account with LOGIN_MAX_USER failures from one address cannot log in
 * from that address until the window ends, not even with the right
 * password (the password is then not checked at all); an address with
 * LOGIN_MAX_ADDRESS failures cannot log in to any account. Counting the
 * pair, not the account alone, keeps a stranger's guesses from locking the
 * account's holder out. A wrong current password in a password change
 * counts as a failed login. A successful login clears the count of its
 * account and address; an administrator's password reset clears every
 * count of the account. The counters are not audit-logged: they change
 * nothing in any ISMS, and anonymous requests must not be able to grow the
 * hash-chained log.
 *
 * First run: while no user exists, account_setup_begin makes a one-time
 * token (stored hashed; a new one replaces the old) that lets whoever
 * holds it create the first administrator, for SETUP_TOKEN_MAX_AGE
 * seconds.
 */
#ifndef ISMS_ACCOUNT_H
#define ISMS_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/user.h"

#define LOGIN_WINDOW (15 * 60)
#define LOGIN_MAX_USER 5
#define LOGIN_MAX_ADDRESS 20
/* 64 hex digits and the NUL. */
#define SETUP_TOKEN_HEX 65
/* Seconds a set-up token works after it was made. */
#define SETUP_TOKEN_MAX_AGE (24 * 3600)

struct account {
	int64_t id;
	const char *name;
	const char *display_name; /* "" when none was given */
	bool admin;               /* administers the installation */
	bool lang_set;            /* the user chose a language */
	enum isms_lang lang;
};

/* An ISMS and the role a user has in it. */
struct account_isms {
	struct isms_info isms;
	enum isms_role role;
};

/* The enabled user `user_id`; ISMS_ENOTFOUND otherwise. */
enum isms_rc account_get(struct isms_ctx *ctx, struct arena *a, int64_t user_id,
			 struct account *ret, struct isms_err *err);

/* Check `name` and `password` from `address`, counting failures. On
 * success the user's id goes to `ret_user_id`. A wrong name or password is
 * ISMS_EPERM with `*ret_retry_after` 0; a throttled login is ISMS_EPERM
 * with the seconds until the window ends in `*ret_retry_after`. */
enum isms_rc account_login(struct isms_ctx *ctx, const char *name, const char *password,
			   const char *address, int64_t *ret_user_id, long *ret_retry_after,
			   struct isms_err *err);

/* Delete throttling counters whose window has ended. */
enum isms_rc account_purge(struct isms_ctx *ctx, struct isms_err *err);

/* The ISMS that `a` may reach, by name, with the role in each. */
enum isms_rc account_isms_list(struct isms_ctx *ctx, struct arena *ar, const struct account *a,
			       struct account_isms **ret, size_t *ret_n, struct isms_err *err);

/* ISMS `isms_id` and `a`'s role in it; ISMS_ENOTFOUND when it does not
 * exist or `a` is not a member (and not an administrator). */
enum isms_rc account_isms(struct isms_ctx *ctx, struct arena *ar, const struct account *a,
			  int64_t isms_id, struct isms_info *ret, enum isms_role *ret_role,
			  struct isms_err *err);

/* Remember the language `user_id` chose. */
enum isms_rc account_set_lang(struct isms_ctx *ctx, int64_t user_id, enum isms_lang lang,
			      struct isms_err *err);

/* A user changes their own password from `address`: `old_password` must
 * be right (ISMS_EPERM otherwise, field "old_password"), and a wrong one
 * counts as a failed login; while the account is throttled from that
 * address, ISMS_EPERM with the seconds to wait in `*ret_retry_after` (0
 * otherwise). Every other session of the user ends; the one named
 * `keep_session` (may be NULL) stays. */
enum isms_rc account_change_password(struct isms_ctx *ctx, int64_t user_id,
				     const char *old_password, const char *new_password,
				     const char *keep_session, const char *address,
				     long *ret_retry_after, struct isms_err *err);

/* Add a user with a password and give them `role` in `isms_id`, in one
 * transaction: either both happen or neither. */
enum isms_rc account_add_user(struct isms_ctx *ctx, int64_t isms_id, const char *name,
			      const char *display_name, const char *password, enum isms_role role,
			      int64_t *ret_id, struct isms_err *err);

/* An administrator sets `name`'s password: all of that user's sessions
 * end, their API tokens are revoked and their failed logins forgotten. */
enum isms_rc account_set_password(struct isms_ctx *ctx, const char *name, const char *password,
				  struct isms_err *err);

/* Whether the database has no user yet. */
enum isms_rc account_none(struct isms_ctx *ctx, bool *ret, struct isms_err *err);

/* While no user exists: make a new one-time set-up token (replacing any
 * older one) and write it to `ret_token`. ISMS_ESTATE when users exist. */
enum isms_rc account_setup_begin(struct isms_ctx *ctx, char ret_token[SETUP_TOKEN_HEX],
				 struct isms_err *err);

/* Whether `token` is the current set-up token, made less than
 * SETUP_TOKEN_MAX_AGE seconds ago, and no user exists yet
 * (ISMS_ENOTFOUND, ISMS_ESTATE otherwise). */
enum isms_rc account_setup_check(struct isms_ctx *ctx, const char *token, struct isms_err *err);

struct account_setup {
	const char *name;
	const char *display_name;
	const char *password;
	/* The first ISMS, created when the database holds none; ignored
	 * otherwise. */
	const struct isms_new *isms;
};

/* Use the set-up token: create the administrator with the admin role in
 * every ISMS (creating the first ISMS when there is none), and invalidate
 * the token, all in one transaction. */
enum isms_rc account_setup_finish(struct isms_ctx *ctx, const char *token,
				  const struct account_setup *s, int64_t *ret_user_id,
				  struct isms_err *err);

#endif
