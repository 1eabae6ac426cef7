/* response.c - answering a request: HTML, JSON, redirects, cookies, and errors with one status table. */
#include <stdio.h>
#include <string.h>

#include "isms/html.h"
#include "isms/json.h"
#include "web.h"

void web_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders < sizeof(r->headers) / sizeof(r->headers[0])) {
		r->headers[r->nheaders].name = name;
		r->headers[r->nheaders].value = value;
		r->nheaders++;
	}
}

void web_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	char *c = arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s",
			       name, max_age < 0 ? "" : value, max_age < 0 ? 0L : max_age,
			       r->srv->cfg.secure_cookies ? "; Secure" : "");

	web_header(r, "Set-Cookie", c);
}

void web_html(struct req *r, int status)
{
	r->responded = true;
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
	r->compressible = true;
}

void web_json(struct req *r, int status, json_t *v)
{
	sbuf_reset(&r->out);
	json_write(&r->out, v, 0);
	sbuf_addch(&r->out, '\n');
	json_decref(v);
	r->responded = true;
	r->status = status;
	r->content_type = "application/json";
	r->compressible = true;
}

void web_send(struct req *r, int status, const char *type, const char *filename)
{
	r->responded = true;
	r->status = status;
	r->content_type = type;
	/* Text compresses; zip-based files (XLSX), PDF and zip do not. */
	r->compressible = !strncmp(type, "text/", 5) || !strncmp(type, "application/json", 16);
	if (filename) {
		bool safe = *filename != '\0';

		for (const char *p = filename; *p; p++)
			safe &= (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				(*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-';
		web_header(r, "Content-Disposition",
			   arena_printf(&r->arena, "attachment; filename=\"%s\"",
					safe ? filename : "download"));
	}
}

void web_redirect(struct req *r, const char *path)
{
	sbuf_reset(&r->out);
	web_header(r, "Location", path);
	r->responded = true;
	r->status = 303;
	r->content_type = "text/plain; charset=utf-8";
}

int web_status(enum isms_rc rc)
{
	switch (rc) {
	case ISMS_OK: return 200;
	case ISMS_EINVAL: return 422;
	case ISMS_ENOTFOUND: return 404;
	case ISMS_EEXIST:
	case ISMS_ESTATE: return 409;
	case ISMS_EPERM: return 403;
	case ISMS_ELIMIT: return 413;
	case ISMS_EREADONLY:
	case ISMS_ESTORE:
	case ISMS_EVERSION:
	case ISMS_ENOTSUP:
	case ISMS_EIO:
	case ISMS_ETAMPER:
	case ISMS_EINTERNAL: return 500;
	}
	return 500;
}

/* The machine-readable code of errors that the HTTP layer finds, which the
 * library's codes do not name. */
static const char *status_code_name(int status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthenticated";
	case 405: return "method_not_allowed";
	case 415: return "unsupported_media_type";
	case 429: return "too_many_requests";
	case 503: return "unavailable";
	default: return NULL;
	}
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return _("Bad request");
	case 401: return _("Not logged in");
	case 403: return _("Not allowed");
	case 404: return _("Not found");
	case 405: return _("Method not allowed");
	case 409: return _("Conflict");
	case 413: return _("Too large");
	case 415: return _("Unsupported content");
	case 422: return _("Invalid input");
	case 429: return _("Too many attempts");
	default: return _("Error");
	}
}

void web_fail_status(struct req *r, int status, const struct isms_err *err)
{
	bool api = r->route ? (r->route->flags & ROUTE_API) : !strncmp(r->path, "/api/", 5);

	if (api) {
		json_t *j = json_from_err(err);
		const char *code = status_code_name(status);

		if (code)
			json_object_set_new(json_object_get(j, "error"), "code", json_string(code));
		web_json(r, status, j);
		return;
	}
	sbuf_reset(&r->out);
	page_begin(r, status_title(status));
	page_error(r, err);
	html_raw(&r->out, "<p><a href=\"/\">");
	html_printf(&r->out, "%s", _("Go to the home page"));
	html_raw(&r->out, "</a></p>\n");
	page_end(r, status);
}

void web_fail(struct req *r, const struct isms_err *err)
{
	web_fail_status(r, web_status(err->code), err);
}
