/* api-session.c - the JSON API of logging in, the session, one's own account and API tokens; the OpenAPI document. */
#include <stdio.h>
#include <string.h>

#include "isms/apitoken.h"
#include "isms/json.h"
#include "web.h"

void api_openapi(struct req *r)
{
	r->responded = true;
	r->status = 200;
	r->content_type = "application/json";
	r->compressible = true;
	r->cache_control = "no-cache";
	sbuf_add(&r->out, r->srv->openapi, r->srv->openapi_len);
}

static json_t *session_json(struct req *r, const struct account *a, const char *csrf)
{
	json_t *o = json_object(), *u = json_object();

	json_set_int(u, "id", a->id);
	json_set_str(u, "name", a->name);
	json_set_str(u, "display_name", a->display_name);
	json_set_bool(u, "admin", a->admin);
	json_set_str(u, "lang", i18n_code(r->lang));
	json_object_set_new(o, "user", u);
	json_set_str(o, "auth", csrf ? "session" : "token");
	json_set_str(o, "csrf_token", csrf);
	return o;
}

void api_login(struct req *r)
{
	char token[SESSION_TOKEN_HEX], csrf[ISMS_SHA256_HEX];
	const char *name = req_str(r, "name");
	struct account a;
	struct isms_err err;
	long retry = 0;
	int64_t uid;

	if (account_login(r->ctx, name, req_str(r, "password"), r->address, &uid, &retry, &err)) {
		if (retry) {
			web_header(r, "Retry-After", arena_printf(&r->arena, "%ld", retry));
			web_fail_status(r, 429, &err);
		} else {
			web_fail(r, &err);
		}
		return;
	}
	isms_ctx_set_actor(r->ctx, name);
	if (r->session[0])
		session_end(r->ctx, r->session, &err);
	if (session_create(r->ctx, uid, r->address, &r->srv->cfg.session, token, &err) ||
	    account_get(r->ctx, &r->arena, uid, &a, &err)) {
		web_fail(r, &err);
		return;
	}
	if (a.lang_set && a.lang != r->lang) {
		r->lang = a.lang;
		i18n_use(r->lang, &err);
	}
	web_cookie(r, "isms_session", arena_strdup(&r->arena, token), r->srv->cfg.session.max_age);
	session_csrf(token, csrf);
	memset(token, 0, sizeof(token));
	web_json(r, 200, session_json(r, &a, csrf));
}

void api_logout(struct req *r)
{
	struct isms_err err;
	json_t *o;

	if (r->by_token) {
		isms_err_set(&err, ISMS_ESTATE, _("an API token cannot log out"));
		isms_err_hint(&err, _("Revoke the token instead."));
		web_fail(r, &err);
		return;
	}
	if (session_end(r->ctx, r->session, &err) && err.code != ISMS_ENOTFOUND) {
		web_fail(r, &err);
		return;
	}
	web_cookie(r, "isms_session", "", -1);
	o = json_object();
	json_set_bool(o, "ok", 1);
	web_json(r, 200, o);
}

void api_session(struct req *r)
{
	web_json(r, 200, session_json(r, r->user, r->by_token ? NULL : r->csrf));
}

static void ok(struct req *r)
{
	json_t *o = json_object();

	json_set_bool(o, "ok", 1);
	web_json(r, 200, o);
}

void api_account_password(struct req *r)
{
	struct isms_err err;
	long retry = 0;

	if (account_change_password(r->ctx, r->user->id, req_str(r, "old_password"),
				    req_str(r, "password"), r->session, r->address, &retry, &err)) {
		if (retry)
			web_header(r, "Retry-After", arena_printf(&r->arena, "%ld", retry));
		web_fail_status(r, retry ? 429 : web_status(err.code), &err);
		return;
	}
	ok(r);
}

void api_account_lang(struct req *r)
{
	enum isms_lang lang = ISMS_LANG_EN;
	struct isms_err err;

	i18n_parse_lang(req_str(r, "lang"), &lang);
	if (account_set_lang(r->ctx, r->user->id, lang, &err)) {
		web_fail(r, &err);
		return;
	}
	ok(r);
}

static json_t *token_json(const struct apitoken_info *t)
{
	json_t *o = json_object();

	json_set_int(o, "id", t->id);
	json_set_str(o, "name", t->name);
	json_set_str(o, "hint", t->hint);
	json_set_str(o, "created_at", t->created_at);
	json_set_str(o, "last_used", t->last_used);
	return o;
}

void api_tokens(struct req *r)
{
	struct apitoken_info *rows;
	struct isms_err err;
	json_t *o, *a;
	size_t n;

	if (apitoken_list(r->ctx, &r->arena, r->user->id, &rows, &n, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, token_json(&rows[i]));
	json_object_set_new(o, "tokens", a);
	web_json(r, 200, o);
}

void api_token_create(struct req *r)
{
	char token[APITOKEN_LEN];
	struct isms_err err;
	json_t *o;
	int64_t id;

	if (apitoken_create(r->ctx, r->user->id, req_str(r, "name"), token, &id, &err)) {
		web_fail(r, &err);
		return;
	}
	o = json_object();
	json_set_int(o, "id", id);
	json_set_str(o, "name", req_str(r, "name"));
	json_set_str(o, "token", token);
	memset(token, 0, sizeof(token));
	web_json(r, 200, o);
}

void api_token_revoke(struct req *r)
{
	struct isms_err err;

	if (apitoken_revoke(r->ctx, r->user->id, req_param_id(r, "token"), &err)) {
		web_fail(r, &err);
		return;
	}
	ok(r);
}
