/* user.c - users, Argon2id password hashes and per-ISMS roles. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/json.h"
#include "isms/user.h"
#include "isms/utf8.h"
#include "isms/util.h"
#include "model.h"
#include "vec.h"

static const struct {
	const char *code;
	const char *label;
} roles[] = {
	[ROLE_NONE] = { "none", N_("none") },
	[ROLE_VIEWER] = { "viewer", N_("viewer") },
	[ROLE_AUDITOR] = { "auditor", N_("auditor") },
	[ROLE_OWNER] = { "owner", N_("owner") },
	[ROLE_APPROVER] = { "approver", N_("approver") },
	[ROLE_MANAGER] = { "manager", N_("manager") },
	[ROLE_ADMIN] = { "admin", N_("admin") },
};

const char *user_role_code(enum isms_role role)
{
	return roles[role].code;
}

const char *user_role_label(enum isms_role role)
{
	return T_(roles[role].label);
}

bool user_role_parse(const char *s, enum isms_role *ret)
{
	for (size_t i = ROLE_VIEWER; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (s && !strcmp(s, roles[i].code)) {
			*ret = (enum isms_role)i;
			return true;
		}
	}
	return false;
}

static enum isms_rc check_name(const char *name, struct isms_err *err)
{
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len > USER_NAME_MAX)
		goto bad;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._@-", *p)))
			goto bad;
	return ISMS_OK;
bad:
	isms_err_set(err, ISMS_EINVAL, _("invalid user name \"%s\""), name ? name : "");
	isms_err_detail(err, _("A user name has 1 to %d characters: letters, digits, \".\", \"_\", \"@\" and \"-\"."),
			USER_NAME_MAX);
	isms_err_field(err, "name");
	return ISMS_EINVAL;
}

static enum isms_rc hash_password(const char *password, char out[crypto_pwhash_STRBYTES],
				  struct isms_err *err)
{
	size_t len = strlen(password);

	if (len < USER_PASSWORD_MIN || len > USER_PASSWORD_MAX) {
		isms_err_set(err, ISMS_EINVAL, _("the password must have %d to %d bytes"),
			     USER_PASSWORD_MIN, USER_PASSWORD_MAX);
		isms_err_field(err, "password");
		return ISMS_EINVAL;
	}
	if (!utf8_valid(password, len, NULL)) {
		isms_err_set(err, ISMS_EINVAL, _("the password is not valid UTF-8"));
		isms_err_field(err, "password");
		return ISMS_EINVAL;
	}
	if (crypto_pwhash_str(out, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return isms_err_set(err, ISMS_EINTERNAL, _("cannot hash the password: out of memory"));
	return ISMS_OK;
}

static enum isms_rc find_user(struct isms_ctx *ctx, const char *name, int64_t *ret_id,
			      struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, "SELECT id FROM app_user WHERE name = $1", err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_text(q, 1, name);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		isms_err_set(err, ISMS_ENOTFOUND, _("no user named \"%s\""), name);
		isms_err_hint(err, _("\"isms user list\" shows the users."));
		return ISMS_ENOTFOUND;
	}
	*ret_id = stmt_int(q, 0);
	stmt_run(q, err);
	return ISMS_OK;
}

enum isms_rc user_add(struct isms_ctx *ctx, const char *name, const char *display_name,
		      const char *password, int64_t *ret_id, struct isms_err *err)
{
	char hash[crypto_pwhash_STRBYTES], now[ISMS_TIME_LEN];
	struct stmt *q;
	json_t *after;
	enum isms_rc rc;
	int64_t id;
	int r;

	rc = check_name(name, err);
	if (rc)
		return rc;
	if (display_name && *display_name) {
		rc = isms_check_text(display_name, 100, "display_name", err);
		if (rc)
			return rc;
	}
	if (password) {
		rc = hash_password(password, hash, err);
		if (rc)
			return rc;
	}
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	q = store_query(ctx->st, "SELECT id FROM app_user WHERE name = $1", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_text(q, 1, name);
	r = stmt_next(q, err);
	if (r != 0) {
		if (r > 0) {
			isms_err_set(err, ISMS_EEXIST, _("a user named \"%s\" already exists"), name);
			isms_err_field(err, "name");
		}
		rc = err->code;
		goto out;
	}
	isms_time_now(now);
	q = store_query(ctx->st,
			"INSERT INTO app_user (name, display_name, pwhash, created_at)"
			" VALUES ($1, $2, $3, $4) RETURNING id",
			err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_text(q, 1, name);
	stmt_bind_text(q, 2, display_name ? display_name : "");
	stmt_bind_text(q, 3, password ? hash : NULL);
	stmt_bind_text(q, 4, now);
	rc = stmt_insert_id(q, &id, err);
	if (rc)
		goto out;
	after = json_object();
	json_set_str(after, "name", name);
	json_set_str(after, "display_name", display_name ? display_name : "");
	json_set_bool(after, "has_password", password != NULL);
	rc = model_audit(ctx, 0, "user", name, "create", NULL, after, err);
	json_decref(after);
	if (!rc && ret_id)
		*ret_id = id;
out:
	sodium_memzero(hash, sizeof(hash));
	return store_end(ctx->st, rc, err);
}

enum isms_rc user_list(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
		       struct user_info **ret, size_t *ret_n, struct isms_err *err)
{
	struct stmt *q;
	struct user_info *rows = NULL;
	size_t n = 0, alloc = 0;
	int r;

	q = store_query(ctx->st,
			"SELECT u.id, u.name, u.display_name, u.created_at, u.disabled,"
			" CASE WHEN u.pwhash IS NULL THEN 0 ELSE 1 END, m.role"
			" FROM app_user u LEFT JOIN membership m ON m.user_id = u.id AND m.isms_id = $1"
			" ORDER BY u.name",
			err);
	if (!q)
		return err->code;
	stmt_bind_int(q, 1, isms_id);
	while ((r = stmt_next(q, err)) > 0) {
		struct user_info *u;

		rows = arena_vec_grow(a, rows, n, &alloc, n + 1, sizeof(*rows));
		u = &rows[n++];
		u->id = stmt_int(q, 0);
		u->name = arena_strdup(a, stmt_text(q, 1));
		u->display_name = arena_strdup(a, stmt_text(q, 2));
		u->created_at = arena_strdup(a, stmt_text(q, 3));
		u->disabled = stmt_int(q, 4) != 0;
		u->has_password = stmt_int(q, 5) != 0;
		u->role = ROLE_NONE;
		if (!stmt_null(q, 6))
			user_role_parse(stmt_text(q, 6), &u->role);
	}
	if (r < 0)
		return err->code;
	*ret = rows;
	*ret_n = n;
	return ISMS_OK;
}

enum isms_rc user_passwd(struct isms_ctx *ctx, const char *name, const char *password,
			 struct isms_err *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct stmt *q;
	enum isms_rc rc;
	int64_t id;

	rc = hash_password(password, hash, err);
	if (rc)
		return rc;
	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = find_user(ctx, name, &id, err);
	if (rc)
		goto out;
	q = store_query(ctx->st, "UPDATE app_user SET pwhash = $1 WHERE id = $2", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_text(q, 1, hash);
	stmt_bind_int(q, 2, id);
	rc = stmt_run(q, err);
	/* The log says that the password changed, never what it is. */
	if (!rc)
		rc = model_audit(ctx, 0, "user", name, "passwd", NULL, NULL, err);
out:
	sodium_memzero(hash, sizeof(hash));
	return store_end(ctx->st, rc, err);
}

enum isms_rc user_role_set(struct isms_ctx *ctx, int64_t isms_id, const char *name,
			   enum isms_role role, struct isms_err *err)
{
	struct stmt *q;
	enum isms_rc rc;
	int64_t uid;
	json_t *before = NULL, *after = NULL;
	const char *old = NULL;
	int r;

	rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = find_user(ctx, name, &uid, err);
	if (rc)
		goto out;
	q = store_query(ctx->st, "SELECT role FROM membership WHERE isms_id = $1 AND user_id = $2", err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, uid);
	r = stmt_next(q, err);
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	if (r > 0) {
		enum isms_role o;

		if (user_role_parse(stmt_text(q, 0), &o))
			old = user_role_code(o);
		stmt_run(q, err);
	}
	if (role == ROLE_NONE) {
		q = store_query(ctx->st, "DELETE FROM membership WHERE isms_id = $1 AND user_id = $2", err);
	} else {
		q = store_query(ctx->st,
				"INSERT INTO membership (isms_id, user_id, role) VALUES ($1, $2, $3)"
				" ON CONFLICT (isms_id, user_id) DO UPDATE SET role = excluded.role",
				err);
	}
	if (!q) {
		rc = err->code;
		goto out;
	}
	stmt_bind_int(q, 1, isms_id);
	stmt_bind_int(q, 2, uid);
	if (role != ROLE_NONE)
		stmt_bind_text(q, 3, user_role_code(role));
	rc = stmt_run(q, err);
	if (rc)
		goto out;
	if (old) {
		before = json_object();
		json_set_str(before, "user", name);
		json_set_str(before, "role", old);
	}
	if (role != ROLE_NONE) {
		after = json_object();
		json_set_str(after, "user", name);
		json_set_str(after, "role", user_role_code(role));
	}
	rc = model_audit(ctx, isms_id, "membership", name,
			 role == ROLE_NONE ? "delete" : old ? "update" : "create", before, after, err);
	json_decref(before);
	json_decref(after);
out:
	return store_end(ctx->st, rc, err);
}

enum isms_rc user_authenticate(struct isms_ctx *ctx, const char *name, const char *password,
			       int64_t *ret_id, struct isms_err *err)
{
	/* A fixed hash to check against when the user does not exist, so that
	 * the time taken does not tell which names exist. */
	static const char dummy[] =
		"$argon2id$v=19$m=65536,t=2,p=1$UMlNzyPQVMMjhgzyKEDi6Q$7qW+hXwzVvAWaK+0DX2cqAPh+bjsg7i3/zpXHOE0TwE";
	char hash[crypto_pwhash_STRBYTES] = "";
	struct stmt *q;
	int64_t id = 0;
	bool disabled = true;
	int r;

	q = store_query(ctx->st, "SELECT id, pwhash, disabled FROM app_user WHERE name = $1", err);
	if (!q)
		return err->code;
	stmt_bind_text(q, 1, name ? name : "");
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r > 0 && !stmt_null(q, 1)) {
		id = stmt_int(q, 0);
		snprintf(hash, sizeof(hash), "%s", stmt_text(q, 1));
		disabled = stmt_int(q, 2) != 0;
		stmt_run(q, err);
	} else {
		snprintf(hash, sizeof(hash), "%s", dummy);
	}
	if (!password || crypto_pwhash_str_verify(hash, password, strlen(password)) != 0 ||
	    !id || disabled)
		return isms_err_set(err, ISMS_EPERM, _("wrong user name or password"));
	if (ret_id)
		*ret_id = id;
	return ISMS_OK;
}

enum isms_rc model_user_name(struct isms_ctx *ctx, int64_t user_id, char *out, size_t size,
			     struct isms_err *err)
{
	struct stmt *q = store_query(ctx->st, "SELECT name FROM app_user WHERE id = $1 AND disabled = 0",
				     err);
	int r;

	if (!q)
		return err->code;
	stmt_bind_int(q, 1, user_id);
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return isms_err_set(err, ISMS_ENOTFOUND, _("no such user"));
	snprintf(out, size, "%s", stmt_text(q, 0));
	return stmt_run(q, err);
}
