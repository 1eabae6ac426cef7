/* api-user.c - the JSON API of users and their roles in an ISMS. */
#include <stdio.h>
#include <string.h>

#include "isms/json.h"
#include "web.h"

static json_t *user_json(const struct user_info *u)
{
	json_t *o = json_object();

	json_set_str(o, "name", u->name);
	json_set_str(o, "display_name", u->display_name);
	json_set_str(o, "role", u->role ? user_role_code(u->role) : NULL);
	json_set_bool(o, "has_password", u->has_password);
	json_set_bool(o, "disabled", u->disabled);
	json_set_str(o, "created_at", u->created_at);
	return o;
}

void api_roles(struct req *r)
{
	json_t *o = json_object(), *a = json_array();

	(void)r;
	for (int role = ROLE_VIEWER; role <= ROLE_ADMIN; role++) {
		json_t *j = json_object();

		json_set_str(j, "code", user_role_code((enum isms_role)role));
		json_set_str(j, "label", user_role_label((enum isms_role)role));
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "roles", a);
	web_json(r, 200, o);
}

void api_users(struct req *r)
{
	struct user_info *rows;
	struct isms_err err;
	json_t *o, *a;
	size_t n;

	if (web_users(r, &rows, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, user_json(&rows[i]));
	json_object_set_new(o, "users", a);
	web_json(r, 200, o);
}

/* Answer with user `name` as the ISMS sees it now. */
static void send_user(struct req *r, const char *name)
{
	struct user_info *rows;
	struct isms_err err;
	size_t n;

	if (web_users(r, &rows, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(rows[i].name, name)) {
			web_json(r, 200, user_json(&rows[i]));
			return;
		}
	}
	isms_err_set(&err, ISMS_ENOTFOUND, _("no user named \"%s\""), name);
	web_fail(r, &err);
}

void api_user_add(struct req *r)
{
	const char *name = req_str(r, "name");
	enum isms_role role = ROLE_VIEWER;
	struct isms_err err;

	user_role_parse(req_str(r, "role"), &role);
	if (account_add_user(r->ctx, r->isms.id, name, req_str(r, "display_name"),
			     req_str(r, "password"), role, NULL, &err)) {
		web_fail(r, &err);
		return;
	}
	send_user(r, name);
}

void api_user_role(struct req *r)
{
	enum isms_role role = ROLE_NONE;
	struct isms_err err;

	user_role_parse(req_str(r, "role"), &role);
	if (user_role_set(r->ctx, r->isms.id, req_param(r, "user"), role, &err)) {
		web_fail(r, &err);
		return;
	}
	send_user(r, req_param(r, "user"));
}

void api_user_password(struct req *r)
{
	struct isms_err err;
	json_t *o;

	if (account_set_password(r->ctx, req_param(r, "user"), req_str(r, "password"), &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	json_set_bool(o, "ok", 1);
	web_json(r, 200, o);
}
