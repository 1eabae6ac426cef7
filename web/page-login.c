/* page-login.c - logging in and out, and creating the first administrator from the one-time link. */
#include <stdio.h>
#include <string.h>

#include "isms/html.h"
#include "isms/util.h"
#include "web.h"

/* The pre-login cookie lives as long as a login form may stay open. */
#define PRELOGIN_MAX_AGE (12 * 3600)

void web_prelogin_csrf(struct req *r, bool create)
{
	const char *pre = req_cookie(r, "isms_pre");
	struct sbuf sb = SBUF_INIT;

	if (!session_token_valid(pre)) {
		char fresh[SESSION_TOKEN_HEX];

		if (!create)
			return;
		isms_random_hex(fresh, 32);
		pre = arena_strdup(&r->arena, fresh);
		web_cookie(r, "isms_pre", pre, PRELOGIN_MAX_AGE);
	}
	sbuf_addstr(&sb, "isms-prelogin-v1\n");
	sbuf_addstr(&sb, pre);
	isms_sha256_hex(sb.buf, sb.len, r->csrf);
	sbuf_release(&sb);
}

static const char *next_or_home(struct req *r)
{
	const char *next = req_str(r, "next");

	return next && req_local_path(next) ? next : "/";
}

void page_root(struct req *r)
{
	struct account_isms *list;
	struct isms_err err;
	size_t n;

	if (!r->user) {
		web_redirect(r, "/login");
		return;
	}
	if (account_isms_list(r->ctx, &r->arena, r->user, &list, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	if (n == 1)
		web_redirect(r, arena_printf(&r->arena, "/isms/%lld", (long long)list[0].isms.id));
	else
		web_redirect(r, "/isms");
}

static void login_render(struct req *r, const struct isms_err *err, int status, const char *name)
{
	struct sbuf *o = &r->out;
	const char *msg = req_str(r, "msg");
	const char *next = req_str(r, "next");
	struct isms_err e2;
	bool none = false;

	page_begin(r, _("Log in"));
	if (err)
		page_error(r, err);
	else if (msg && !strcmp(msg, "expired"))
		page_notice(r, _("Your session has expired. Log in again."));
	else if (msg && !strcmp(msg, "out"))
		page_notice(r, _("You have logged out."));
	if (!account_none(r->ctx, &none, &e2) && none)
		page_notice(r, _("No user exists yet. Open the one-time set-up link that \"isms serve\" printed when it started."));
	form_begin(r, "/login");
	if (next && req_local_path(next))
		html_printf(o, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next);
	html_printf(o, "<p><label for=\"name\">%s</label>\n", _("User name"));
	html_printf(o, "<input id=\"name\" name=\"name\" value=\"%s\" maxlength=\"%d\" autocomplete=\"username\" required autofocus></p>\n",
		    name ? name : "", USER_NAME_MAX);
	html_printf(o, "<p><label for=\"password\">%s</label>\n", _("Password"));
	html_printf(o, "<input id=\"password\" name=\"password\" type=\"password\" maxlength=\"%d\" autocomplete=\"current-password\" required></p>\n",
		    USER_PASSWORD_MAX);
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", _("Log in"));
	page_end(r, status);
}

void page_login(struct req *r)
{
	if (r->user) {
		web_redirect(r, next_or_home(r));
		return;
	}
	web_prelogin_csrf(r, true);
	login_render(r, NULL, 200, NULL);
}

static void start_session(struct req *r, int64_t uid, const char *to)
{
	char token[SESSION_TOKEN_HEX];
	struct isms_err err;

	if (r->session[0])
		session_end(r->ctx, r->session, &err);
	if (session_create(r->ctx, uid, r->address, &r->srv->cfg.session, token, &err)) {
		web_fail(r, &err);
		return;
	}
	web_cookie(r, "isms_session", arena_strdup(&r->arena, token), r->srv->cfg.session.max_age);
	memset(token, 0, sizeof(token));
	web_redirect(r, to);
}

void page_login_post(struct req *r)
{
	const char *name = req_str(r, "name");
	struct isms_err err;
	long retry = 0;
	int64_t uid;

	if (account_login(r->ctx, name, req_str(r, "password"), r->address, &uid, &retry, &err)) {
		int status = web_status(err.code);

		if (retry) {
			status = 429;
			web_header(r, "Retry-After", arena_printf(&r->arena, "%ld", retry));
		}
		login_render(r, &err, status, name);
		return;
	}
	isms_ctx_set_actor(r->ctx, name);
	start_session(r, uid, next_or_home(r));
}

void page_logout(struct req *r)
{
	struct isms_err err;

	if (r->session[0] && session_end(r->ctx, r->session, &err) && err.code != ISMS_ENOTFOUND) {
		web_fail(r, &err);
		return;
	}
	web_cookie(r, "isms_session", "", -1);
	web_redirect(r, "/login?msg=out");
}

/* --- the first administrator ------------------------------------------------------------- */

static void setup_render(struct req *r, const struct isms_err *err, int status)
{
	struct sbuf *o = &r->out;
	struct isms_info *list;
	struct isms_err e2;
	size_t n = 0;
	const char *v;
	long long edition = req_int(r, "edition", 2022);
	const char *lang = req_str(r, "lang") ? req_str(r, "lang") : i18n_code(r->lang);

	if (isms_list(r->ctx, &r->arena, &list, &n, &e2)) {
		web_fail(r, &e2);
		return;
	}
	page_begin(r, _("Create the administrator"));
	if (err)
		page_error(r, err);
	html_printf(o, "<p>%s</p>\n",
		    _("This link works once. The account you create here administers every ISMS of this installation."));
	form_begin(r, "/setup");
	html_printf(o, "<input type=\"hidden\" name=\"token\" value=\"%s\">\n", req_str(r, "token"));
	html_printf(o, "<fieldset><legend>%s</legend>\n", _("Administrator"));
	v = req_str(r, "name");
	html_printf(o, "<p><label for=\"name\">%s</label>\n", _("User name"));
	html_printf(o, "<input id=\"name\" name=\"name\" value=\"%s\" maxlength=\"%d\" pattern=\"[A-Za-z0-9._@\\-]+\" autocomplete=\"username\" required></p>\n",
		    v ? v : "", USER_NAME_MAX);
	v = req_str(r, "display_name");
	html_printf(o, "<p><label for=\"display_name\">%s</label>\n", _("Display name"));
	html_printf(o, "<input id=\"display_name\" name=\"display_name\" value=\"%s\" maxlength=\"100\"></p>\n",
		    v ? v : "");
	html_printf(o, "<p><label for=\"password\">%s</label>\n", _("Password"));
	html_printf(o, "<input id=\"password\" name=\"password\" type=\"password\" minlength=\"%d\" maxlength=\"%d\" autocomplete=\"new-password\" required></p>\n",
		    USER_PASSWORD_MIN, USER_PASSWORD_MAX);
	html_printf(o, "<p><label for=\"password2\">%s</label>\n", _("Repeat the password"));
	html_printf(o, "<input id=\"password2\" name=\"password2\" type=\"password\" minlength=\"%d\" maxlength=\"%d\" autocomplete=\"new-password\" required></p>\n",
		    USER_PASSWORD_MIN, USER_PASSWORD_MAX);
	html_raw(o, "</fieldset>\n");
	if (n == 0) {
		html_printf(o, "<fieldset><legend>%s</legend>\n", _("The first ISMS"));
		v = req_str(r, "org");
		html_printf(o, "<p><label for=\"org\">%s</label>\n", _("Organisation"));
		html_printf(o, "<input id=\"org\" name=\"org\" value=\"%s\" maxlength=\"%d\" required></p>\n",
			    v ? v : "", ISMS_ORG_MAX);
		v = req_str(r, "isms_name");
		html_printf(o, "<p><label for=\"isms_name\">%s</label>\n", _("Name of the ISMS (default: the organisation's)"));
		html_printf(o, "<input id=\"isms_name\" name=\"isms_name\" value=\"%s\" maxlength=\"%d\"></p>\n",
			    v ? v : "", ISMS_NAME_MAX);
		html_printf(o, "<p><label for=\"edition\">%s</label>\n<select id=\"edition\" name=\"edition\">\n",
			    _("Edition of ISO/IEC 27001"));
		form_edition_options(r, edition);
		html_raw(o, "</select></p>\n");
		html_printf(o, "<p><label for=\"lang\">%s</label>\n<select id=\"lang\" name=\"lang\">\n",
			    _("Default language"));
		html_printf(o, "<option value=\"ja\"%s>日本語</option>\n", !strcmp(lang, "ja") ? " selected" : "");
		html_printf(o, "<option value=\"en\"%s>English</option>\n", !strcmp(lang, "en") ? " selected" : "");
		html_raw(o, "</select></p>\n</fieldset>\n");
	}
	html_printf(o, "<p><button>%s</button></p>\n</form>\n", _("Create the administrator"));
	page_end(r, status);
}

void page_setup(struct req *r)
{
	struct isms_err err;

	if (account_setup_check(r->ctx, req_str(r, "token"), &err)) {
		web_fail(r, &err);
		return;
	}
	web_prelogin_csrf(r, true);
	setup_render(r, NULL, 200);
}

void page_setup_post(struct req *r)
{
	const char *password = req_str(r, "password");
	struct isms_new in = { 0 };
	struct account_setup s = { 0 };
	struct isms_err err;
	int64_t uid;

	if (strcmp(password, req_str(r, "password2"))) {
		isms_err_set(&err, ISMS_EINVAL, _("the passwords do not match"));
		isms_err_field(&err, "password2");
		setup_render(r, &err, 422);
		return;
	}
	in.org = req_str(r, "org");
	in.name = req_str(r, "isms_name");
	in.edition = (int)req_int(r, "edition", 2022);
	in.lang = r->lang;
	if (req_str(r, "lang"))
		i18n_parse_lang(req_str(r, "lang"), &in.lang);
	s.name = req_str(r, "name");
	s.display_name = req_str(r, "display_name");
	s.password = password;
	s.isms = in.org ? &in : NULL;
	isms_ctx_set_actor(r->ctx, s.name);
	if (account_setup_finish(r->ctx, req_str(r, "token"), &s, &uid, &err)) {
		if (err.code == ISMS_ENOTFOUND || err.code == ISMS_ESTATE)
			web_fail(r, &err);
		else
			setup_render(r, &err, web_status(err.code));
		return;
	}
	start_session(r, uid, "/");
}
