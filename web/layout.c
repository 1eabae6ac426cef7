/* layout.c - the frame of every page: head, navigation, notices and forms with their CSRF token. */
#include <stdio.h>
#include <string.h>

#include "isms/html.h"
#include "web.h"

#ifndef ISMS_VERSION
#define ISMS_VERSION "0.1.0"
#endif

/* The pages of an ISMS, in the order of the navigation. Features add
 * their pages here; a link shows only to roles that may open it. */
static const struct nav_item {
	const char *suffix; /* after /isms/ID */
	const char *label;  /* N_() */
	enum isms_role role;
} isms_nav[] = {
	{ "", N_("Dashboard"), ROLE_VIEWER },
	{ "/scope", N_("Scope"), ROLE_VIEWER },
	{ "/policy", N_("Policy"), ROLE_VIEWER },
	{ "/method", N_("Method"), ROLE_VIEWER },
	{ "/assets", N_("Assets"), ROLE_VIEWER },
	{ "/risks", N_("Risks"), ROLE_VIEWER },
	{ "/controls", N_("Controls"), ROLE_VIEWER },
	{ "/approvals", N_("Residual risks"), ROLE_VIEWER },
	{ "/authorisation", N_("Authorisation"), ROLE_VIEWER },
	{ "/soa", N_("SoA"), ROLE_VIEWER },
	{ "/documents", N_("Documents"), ROLE_VIEWER },
	{ "/library", N_("Threats and vulnerabilities"), ROLE_VIEWER },
	{ "/catalogs", N_("Catalogues"), ROLE_VIEWER },
	{ "/users", N_("Users and roles"), ROLE_MANAGER },
	{ "/log", N_("Audit log"), ROLE_AUDITOR },
	{ NULL, NULL, ROLE_NONE },
};

const char *isms_url(struct req *r, const char *suffix)
{
	return arena_printf(&r->arena, "/isms/%lld%s", (long long)r->isms.id, suffix ? suffix : "");
}

void form_csrf(struct req *r)
{
	html_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", r->csrf);
}

void form_begin(struct req *r, const char *action)
{
	html_printf(&r->out, "<form method=\"post\" action=\"%s\">\n", action);
	form_csrf(r);
}

static void nav_isms(struct req *r)
{
	struct sbuf *o = &r->out;

	char base[32];
	int blen = snprintf(base, sizeof(base), "/isms/%lld", (long long)r->isms.id);
	/* the page's own link, when the path is one of them */
	const char *here = !strncmp(r->path, base, (size_t)blen) ? r->path + blen : NULL;

	html_raw(o, "<nav class=\"isms\" aria-label=\"ISMS\">\n");
	html_printf(o, "<span class=\"isms-name\">%s</span>\n", r->isms.name);
	/* Written piece by piece: it is on every page of an ISMS. The
	 * URLs are digits and fixed paths; the labels are escaped. */
	for (const struct nav_item *n = isms_nav; n->label; n++) {
		if (r->role < n->role)
			continue;
		sbuf_addstr(o, "<a href=\"");
		sbuf_addstr(o, base);
		sbuf_addstr(o, n->suffix);
		sbuf_addstr(o, here && !strcmp(here, n->suffix) ? "\" aria-current=\"page\">" : "\">");
		html_escape(o, T_(n->label));
		sbuf_addstr(o, "</a>\n");
	}
	html_raw(o, "</nav>\n");
}

static void nav_user(struct req *r)
{
	struct sbuf *o = &r->out;
	/* The language switch returns to this page, or to a page that can be
	 * shown again when this one answered a form. */
	const char *back = r->method == HTTP_GET ? r->path
			   : r->isms.id		  ? isms_url(r, "")
						  : "/";

	html_raw(o, "<nav class=\"account\">\n");
	html_printf(o, "<span class=\"who\">%s</span>\n",
		    r->user->display_name[0] ? r->user->display_name : r->user->name);
	html_printf(o, "<a href=\"/isms\">%s</a>\n", _("ISMS list"));
	html_printf(o, "<a href=\"/account\">%s</a>\n", _("Account"));
	if (r->csrf[0]) {
		html_raw(o, "<form method=\"post\" action=\"/account/lang\" class=\"inline lang\">\n");
		form_csrf(r);
		html_printf(o, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", back);
		if (r->lang == ISMS_LANG_JA)
			html_raw(o, "<button name=\"lang\" value=\"ja\" lang=\"ja\" aria-pressed=\"true\">日本語</button>\n"
				    "<button name=\"lang\" value=\"en\" lang=\"en\">English</button>\n");
		else
			html_raw(o, "<button name=\"lang\" value=\"ja\" lang=\"ja\">日本語</button>\n"
				    "<button name=\"lang\" value=\"en\" lang=\"en\" aria-pressed=\"true\">English</button>\n");
		html_raw(o, "</form>\n");
		html_raw(o, "<form method=\"post\" action=\"/logout\" class=\"inline\">\n");
		form_csrf(r);
		html_printf(o, "<button>%s</button>\n", _("Log out"));
		html_raw(o, "</form>\n");
	}
	html_raw(o, "</nav>\n");
}

void page_begin(struct req *r, const char *title)
{
	struct sbuf *o = &r->out;

	sbuf_reset(o);
	html_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		    i18n_code(r->lang));
	html_raw(o, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	html_printf(o, "<title>%s - isms</title>\n", title);
	html_printf(o, "<link rel=\"stylesheet\" href=\"/static/isms.css?v=%s\">\n",
		    web_static_version(r->srv, "isms.css"));
	html_printf(o, "<script src=\"/static/isms.js?v=%s\" defer></script>\n",
		    web_static_version(r->srv, "isms.js"));
	html_raw(o, "</head>\n<body>\n<header class=\"top\">\n<a class=\"brand\" href=\"/\">isms</a>\n");
	if (r->user && r->isms.id)
		nav_isms(r);
	if (r->user)
		nav_user(r);
	html_raw(o, "</header>\n<main>\n");
	html_printf(o, "<h1>%s</h1>\n", title);
}

void page_end(struct req *r, int status)
{
	html_printf(&r->out, "</main>\n<footer><p>isms %s</p></footer>\n</body>\n</html>\n",
		    ISMS_VERSION);
	web_html(r, status);
}

void page_error(struct req *r, const struct isms_err *err)
{
	struct sbuf *o = &r->out;

	html_raw(o, "<div class=\"error\" role=\"alert\">\n");
	/* The field's name is for programs (the API's error has it): on a
	 * page, the message says what is wrong in the reader's language. */
	html_printf(o, "<p><strong>%s</strong></p>\n", err->msg[0] ? err->msg : _("unknown error"));
	if (err->detail[0])
		html_printf(o, "<p>%s</p>\n", err->detail);
	if (err->hint[0])
		html_printf(o, "<p class=\"hint\">%s</p>\n", err->hint);
	html_raw(o, "</div>\n");
}

void page_notice(struct req *r, const char *text)
{
	html_printf(&r->out, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n", text);
}

void form_edition_options(struct req *r, long long selected)
{
	static const int editions[] = { 2022, 2013, 2005 };

	for (size_t i = 0; i < sizeof(editions) / sizeof(editions[0]); i++)
		html_printf(&r->out, "<option value=\"%d\"%s>ISO/IEC 27001:%d</option>\n", editions[i],
			    editions[i] == selected ? " selected" : "", editions[i]);
}
