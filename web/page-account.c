/* page-account.c - one's own account: password, language and API tokens. */
#include <stdio.h>
#include <string.h>

#include "isms/apitoken.h"
#include "isms/html.h"
#include "web.h"

static const char *notice(const char *msg)
{
	if (!msg)
		return NULL;
	if (!strcmp(msg, "password"))
		return _("Your password has been changed. Your other sessions have ended.");
	if (!strcmp(msg, "saved"))
		return _("Your language has been saved.");
	if (!strcmp(msg, "revoked"))
		return _("The API token has been revoked.");
	return NULL;
}

/* The page; `token` is a token just created, shown this once. */
static void account_render(struct req *r, const struct isms_err *err, int status, const char *token)
{
	struct sbuf *o = &r->out;
	struct apitoken_info *tokens;
	struct isms_err e2;
	size_t n;
	const char *v;

	if (apitoken_list(r->ctx, &r->arena, r->user->id, &tokens, &n, &e2)) {
		web_fail(r, &e2);
		return;
	}
	page_begin(r, _("Your account"));
	if (err)
		page_error(r, err);
	else if (notice(req_str(r, "msg")))
		page_notice(r, notice(req_str(r, "msg")));
	html_printf(o, "<p>%s: <strong>%s</strong>", _("User name"), r->user->name);
	if (r->user->display_name[0])
		html_printf(o, " (%s)", r->user->display_name);
	if (r->user->admin)
		html_printf(o, " &middot; %s", _("administrator of this installation"));
	html_raw(o, "</p>\n");

	html_printf(o, "<section aria-labelledby=\"lang-h\">\n<h2 id=\"lang-h\">%s</h2>\n", _("Language"));
	form_begin(r, "/account/lang");
	html_raw(o, "<input type=\"hidden\" name=\"next\" value=\"/account?msg=saved\">\n");
	html_printf(o, "<p><label for=\"lang\">%s</label>\n<select id=\"lang\" name=\"lang\">\n",
		    _("Language of the pages"));
	html_printf(o, "<option value=\"ja\"%s>日本語</option>\n", r->lang == ISMS_LANG_JA ? " selected" : "");
	html_printf(o, "<option value=\"en\"%s>English</option>\n", r->lang == ISMS_LANG_EN ? " selected" : "");
	html_printf(o, "</select>\n<button>%s</button></p>\n</form>\n</section>\n", _("Save"));

	html_printf(o, "<section aria-labelledby=\"pw-h\">\n<h2 id=\"pw-h\">%s</h2>\n", _("Change your password"));
	form_begin(r, "/account/password");
	html_printf(o, "<input value=\"%s\" autocomplete=\"username\" aria-hidden=\"true\" hidden readonly>\n", r->user->name);
	html_printf(o, "<p><label for=\"old\">%s</label>\n", _("Current password"));
	html_printf(o, "<input id=\"old\" name=\"old_password\" type=\"password\" maxlength=\"%d\" autocomplete=\"current-password\" required></p>\n",
		    USER_PASSWORD_MAX);
	html_printf(o, "<p><label for=\"new\">%s</label>\n", _("New password"));
	html_printf(o, "<input id=\"new\" name=\"password\" type=\"password\" minlength=\"%d\" maxlength=\"%d\" autocomplete=\"new-password\" required></p>\n",
		    USER_PASSWORD_MIN, USER_PASSWORD_MAX);
	html_printf(o, "<p><label for=\"new2\">%s</label>\n", _("Repeat the password"));
	html_printf(o, "<input id=\"new2\" name=\"password2\" type=\"password\" minlength=\"%d\" maxlength=\"%d\" autocomplete=\"new-password\" required></p>\n",
		    USER_PASSWORD_MIN, USER_PASSWORD_MAX);
	html_printf(o, "<p><button>%s</button></p>\n</form>\n</section>\n", _("Change the password"));

	html_printf(o, "<section aria-labelledby=\"tok-h\">\n<h2 id=\"tok-h\">%s</h2>\n", _("API tokens"));
	html_printf(o, "<p>%s</p>\n",
		    _("A script sends a token as \"Authorization: Bearer TOKEN\" and acts with your roles. Only a hash of the token is stored: it is shown once, when it is created."));
	if (token) {
		html_raw(o, "<div class=\"notice\" role=\"status\">\n");
		html_printf(o, "<p>%s</p>\n", _("Copy the new token now; it will not be shown again:"));
		html_printf(o, "<p><code id=\"new-token\">%s</code> <button type=\"button\" class=\"small\" data-copy=\"new-token\" hidden>%s</button></p>\n</div>\n",
			    token, _("Copy"));
	}
	if (n) {
		html_printf(o, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead>\n<tbody>\n",
			    _("Name"), _("Begins with"), _("Created"), _("Last used"));
		for (size_t i = 0; i < n; i++) {
			const struct apitoken_info *t = &tokens[i];

			html_printf(o, "<tr><td>%s</td><td><code>%s&hellip;</code></td><td>%s</td><td>%s</td><td>",
				    t->name, t->hint, web_time(r, t->created_at), t->last_used ? web_time(r, t->last_used) : _("never"));
			form_begin(r, arena_printf(&r->arena, "/account/tokens/%lld/revoke", (long long)t->id));
			html_printf(o, "<button class=\"small danger\" data-confirm=\"%s\">%s</button>\n</form></td></tr>\n",
				    _("Revoke this token? Scripts using it will stop working."), _("Revoke"));
		}
		html_raw(o, "</tbody>\n</table>\n");
	}
	form_begin(r, "/account/tokens");
	v = err && r->route->handler == page_token_create ? req_str(r, "name") : NULL;
	html_printf(o, "<p><label for=\"token-name\">%s</label>\n", _("What the new token is for"));
	html_printf(o, "<input id=\"token-name\" name=\"name\" value=\"%s\" maxlength=\"%d\" required>\n",
		    v ? v : "", APITOKEN_NAME_MAX);
	html_printf(o, "<button>%s</button></p>\n</form>\n</section>\n", _("Create a token"));
	page_end(r, status);
}

void page_account(struct req *r)
{
	account_render(r, NULL, 200, NULL);
}

void page_account_password(struct req *r)
{
	struct isms_err err;
	long retry = 0;

	if (strcmp(req_str(r, "password"), req_str(r, "password2"))) {
		isms_err_set(&err, ISMS_EINVAL, _("the passwords do not match"));
		isms_err_field(&err, "password2");
		account_render(r, &err, 422, NULL);
		return;
	}
	if (account_change_password(r->ctx, r->user->id, req_str(r, "old_password"),
				    req_str(r, "password"), r->session, r->address, &retry, &err)) {
		if (retry)
			web_header(r, "Retry-After", arena_printf(&r->arena, "%ld", retry));
		account_render(r, &err, retry ? 429 : web_status(err.code), NULL);
		return;
	}
	web_redirect(r, "/account?msg=password");
}

void page_account_lang(struct req *r)
{
	enum isms_lang lang = ISMS_LANG_EN;
	const char *next = req_str(r, "next");
	struct isms_err err;

	i18n_parse_lang(req_str(r, "lang"), &lang);
	if (account_set_lang(r->ctx, r->user->id, lang, &err)) {
		web_fail(r, &err);
		return;
	}
	web_redirect(r, next && req_local_path(next) ? next : "/");
}

void page_token_create(struct req *r)
{
	char token[APITOKEN_LEN];
	struct isms_err err;

	if (apitoken_create(r->ctx, r->user->id, req_str(r, "name"), token, NULL, &err)) {
		account_render(r, &err, web_status(err.code), NULL);
		return;
	}
	/* Shown in this answer only: never in a URL, never cached. */
	account_render(r, NULL, 200, arena_strdup(&r->arena, token));
	memset(token, 0, sizeof(token));
}

void page_token_revoke(struct req *r)
{
	struct isms_err err;

	if (apitoken_revoke(r->ctx, r->user->id, req_param_id(r, "token"), &err)) {
		account_render(r, &err, web_status(err.code), NULL);
		return;
	}
	web_redirect(r, "/account?msg=revoked");
}
