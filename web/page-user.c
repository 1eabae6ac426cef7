/* page-user.c - users and their roles in an ISMS: the list for managers, the forms for administrators. */
#include <stdio.h>
#include <string.h>

#include "isms/html.h"
#include "web.h"

static const enum isms_role all_roles[] = { ROLE_VIEWER, ROLE_AUDITOR, ROLE_OWNER, ROLE_APPROVER,
					    ROLE_MANAGER, ROLE_ADMIN };

static void role_options(struct req *r, enum isms_role selected, bool with_none)
{
	if (with_none)
		html_printf(&r->out, "<option value=\"none\"%s>%s</option>\n",
			    selected == ROLE_NONE ? " selected" : "", _("no role"));
	for (size_t i = 0; i < sizeof(all_roles) / sizeof(all_roles[0]); i++)
		html_printf(&r->out, "<option value=\"%s\"%s>%s</option>\n", user_role_code(all_roles[i]),
			    all_roles[i] == selected ? " selected" : "", user_role_label(all_roles[i]));
}

static const char *notice(const char *msg)
{
	if (!msg)
		return NULL;
	if (!strcmp(msg, "added"))
		return _("The user has been added.");
	if (!strcmp(msg, "saved"))
		return _("The role has been saved.");
	if (!strcmp(msg, "password"))
		return _("The password has been set. The user's sessions have ended.");
	return NULL;
}

enum isms_rc web_users(struct req *r, struct user_info **ret, size_t *ret_n, struct isms_err *err)
{
	struct user_info *all;
	size_t n, kept = 0;

	if (user_list(r->ctx, &r->arena, r->isms.id, &all, &n, err))
		return err->code;
	for (size_t i = 0; i < n; i++)
		if (r->user->admin || all[i].role != ROLE_NONE)
			all[kept++] = all[i];
	*ret = all;
	*ret_n = kept;
	return ISMS_OK;
}

/* The page, with `err` from a form that failed (its values kept, except
 * passwords). */
static void users_render(struct req *r, const struct isms_err *err, int status)
{
	struct sbuf *o = &r->out;
	struct user_info *users;
	struct isms_err e2;
	bool admin = r->role >= ROLE_ADMIN;
	size_t n;
	const char *v;

	if (web_users(r, &users, &n, &e2)) {
		web_fail(r, &e2);
		return;
	}
	page_begin(r, _("Users and roles"));
	if (err)
		page_error(r, err);
	else if (notice(req_str(r, "msg")))
		page_notice(r, notice(req_str(r, "msg")));
	html_printf(o, "<p>%s</p>\n",
		    _("Roles apply to this ISMS only. An administrator in any ISMS administers them all."));
	html_printf(o, "<table class=\"users\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>",
		    _("User"), _("Display name"), _("Role"), _("Password set"));
	if (admin)
		html_printf(o, "<th>%s</th>", _("Password"));
	html_raw(o, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct user_info *u = &users[i];
		struct sbuf name = SBUF_INIT;
		const char *base;

		html_url_escape(&name, u->name);
		base = isms_url(r, arena_printf(&r->arena, "/users/%s", name.buf));
		sbuf_release(&name);
		html_printf(o, "<tr><td>%s</td><td>%s</td>", u->name, u->display_name);
		if (admin) {
			html_raw(o, "<td>");
			form_begin(r, arena_printf(&r->arena, "%s/role", base));
			html_printf(o, "<label class=\"sr\" for=\"role-%zu\">%s</label>\n", i, _("Role"));
			html_printf(o, "<select id=\"role-%zu\" name=\"role\" data-autosubmit>\n", i);
			role_options(r, u->role, true);
			html_printf(o, "</select>\n<button class=\"small\">%s</button>\n</form></td>", _("Save"));
		} else {
			html_printf(o, "<td>%s</td>", u->role ? user_role_label(u->role) : "");
		}
		html_printf(o, "<td>%s</td>", u->has_password ? _("yes") : _("no"));
		if (admin) {
			html_printf(o, "<td><details><summary>%s</summary>\n", _("Set a password"));
			form_begin(r, arena_printf(&r->arena, "%s/password", base));
			html_printf(o, "<p><label for=\"pw-%zu\">%s</label>\n", i, _("New password"));
			html_printf(o, "<input id=\"pw-%zu\" name=\"password\" type=\"password\" minlength=\"%d\" maxlength=\"%d\" autocomplete=\"new-password\" required></p>\n",
				    i, USER_PASSWORD_MIN, USER_PASSWORD_MAX);
			html_printf(o, "<p><label for=\"pw2-%zu\">%s</label>\n", i, _("Repeat the password"));
			html_printf(o, "<input id=\"pw2-%zu\" name=\"password2\" type=\"password\" minlength=\"%d\" maxlength=\"%d\" autocomplete=\"new-password\" required></p>\n",
				    i, USER_PASSWORD_MIN, USER_PASSWORD_MAX);
			html_printf(o, "<p><button class=\"small\">%s</button></p>\n</form></details></td>",
				    _("Set the password"));
		}
		html_raw(o, "</tr>\n");
	}
	html_raw(o, "</tbody>\n</table>\n");
	if (admin) {
		bool keep = err && r->route->handler == page_user_add;

		html_printf(o, "<h2>%s</h2>\n", _("Add a user"));
		form_begin(r, isms_url(r, "/users"));
		v = keep ? req_str(r, "name") : NULL;
		html_printf(o, "<p><label for=\"new-name\">%s</label>\n", _("User name"));
		html_printf(o, "<input id=\"new-name\" name=\"name\" value=\"%s\" maxlength=\"%d\" pattern=\"[A-Za-z0-9._@\\-]+\" autocomplete=\"off\" required></p>\n",
			    v ? v : "", USER_NAME_MAX);
		v = keep ? req_str(r, "display_name") : NULL;
		html_printf(o, "<p><label for=\"new-display\">%s</label>\n", _("Display name"));
		html_printf(o, "<input id=\"new-display\" name=\"display_name\" value=\"%s\" maxlength=\"100\"></p>\n",
			    v ? v : "");
		html_printf(o, "<p><label for=\"new-password\">%s</label>\n", _("First password"));
		html_printf(o, "<input id=\"new-password\" name=\"password\" type=\"password\" minlength=\"%d\" maxlength=\"%d\" autocomplete=\"new-password\" required></p>\n",
			    USER_PASSWORD_MIN, USER_PASSWORD_MAX);
		html_printf(o, "<p><label for=\"new-role\">%s</label>\n<select id=\"new-role\" name=\"role\">\n",
			    _("Role in this ISMS"));
		role_options(r, ROLE_VIEWER, false);
		html_printf(o, "</select></p>\n<p><button>%s</button></p>\n</form>\n", _("Add the user"));
	}
	page_end(r, status);
}

void page_users(struct req *r)
{
	users_render(r, NULL, 200);
}

void page_user_add(struct req *r)
{
	const char *name = req_str(r, "name");
	enum isms_role role = ROLE_VIEWER;
	struct isms_err err;

	user_role_parse(req_str(r, "role"), &role);
	if (account_add_user(r->ctx, r->isms.id, name, req_str(r, "display_name"),
			     req_str(r, "password"), role, NULL, &err)) {
		users_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, "/users?msg=added"));
}

void page_user_role(struct req *r)
{
	enum isms_role role = ROLE_NONE;
	struct isms_err err;

	user_role_parse(req_str(r, "role"), &role);
	if (user_role_set(r->ctx, r->isms.id, req_param(r, "user"), role, &err)) {
		users_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, "/users?msg=saved"));
}

void page_user_password(struct req *r)
{
	struct isms_err err;

	if (strcmp(req_str(r, "password"), req_str(r, "password2"))) {
		isms_err_set(&err, ISMS_EINVAL, _("the passwords do not match"));
		isms_err_field(&err, "password2");
		users_render(r, &err, 422);
		return;
	}
	if (account_set_password(r->ctx, req_param(r, "user"), req_str(r, "password"), &err)) {
		users_render(r, &err, web_status(err.code));
		return;
	}
	web_redirect(r, isms_url(r, "/users?msg=password"));
}
