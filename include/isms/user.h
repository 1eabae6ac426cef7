/*
 * user.h - users, their passwords and their roles in each ISMS.
 *
 * Users belong to the installation; roles belong to an ISMS (a user can be
 * a manager in one and a viewer in another). Passwords are stored only as
 * Argon2id hashes (libsodium's crypto_pwhash_str). Nothing here ever
 * returns or logs a password or a hash.
 */
#ifndef ISMS_USER_H
#define ISMS_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"

enum isms_role {
	ROLE_NONE = 0,
	ROLE_VIEWER,
	ROLE_AUDITOR,
	ROLE_OWNER,
	ROLE_APPROVER,
	ROLE_MANAGER,
	ROLE_ADMIN,
};

#define USER_NAME_MAX 64
#define USER_PASSWORD_MIN 8
#define USER_PASSWORD_MAX 1024

struct user_info {
	int64_t id;
	const char *name;
	const char *display_name;
	const char *created_at;
	bool disabled;
	bool has_password;
	enum isms_role role; /* in the ISMS asked about; ROLE_NONE if none */
};

/* "admin", "manager", … (stable, used in the database and the API). */
const char *user_role_code(enum isms_role role);
/* The role's name in the current language. */
const char *user_role_label(enum isms_role role);
bool user_role_parse(const char *s, enum isms_role *ret);

/* Add a user; `password` may be NULL for an account that cannot log in
 * until a password is set. */
enum isms_rc user_add(struct isms_ctx *ctx, const char *name, const char *display_name,
		      const char *password, int64_t *ret_id, struct isms_err *err);

/* All users, with their role in `isms_id` (0: no role column). */
enum isms_rc user_list(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
		       struct user_info **ret, size_t *ret_n, struct isms_err *err);

enum isms_rc user_passwd(struct isms_ctx *ctx, const char *name, const char *password,
			 struct isms_err *err);

/* Give `name` the role `role` in `isms_id`; ROLE_NONE removes it. */
enum isms_rc user_role_set(struct isms_ctx *ctx, int64_t isms_id, const char *name,
			   enum isms_role role, struct isms_err *err);

/* Check a password. ISMS_EPERM for a wrong name or password alike. */
enum isms_rc user_authenticate(struct isms_ctx *ctx, const char *name, const char *password,
			       int64_t *ret_id, struct isms_err *err);

#endif
