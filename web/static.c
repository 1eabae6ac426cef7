/* static.c - the style sheet and scripts embedded in the binary, served with ETags and long caching. */
#include <string.h>

#include "isms/resource.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "web.h"

static const struct {
	const char *ext;
	const char *type;
	bool text;
} types[] = {
	{ ".css", "text/css; charset=utf-8", true },
	{ ".js", "text/javascript; charset=utf-8", true },
	{ ".svg", "image/svg+xml", true },
	{ ".png", "image/png", false },
	{ ".ico", "image/x-icon", false },
	{ ".woff2", "font/woff2", false },
};

void web_statics_load(struct server *srv)
{
	size_t n = 0;

	for (size_t i = 0; i < isms_nresources; i++)
		if (!strncmp(isms_resources[i].name, "static/", 7))
			n++;
	srv->statics = xcalloc(n ? n : 1, sizeof(*srv->statics));
	for (size_t i = 0; i < isms_nresources; i++) {
		const struct resource *res = &isms_resources[i];
		struct static_file *f;
		const char *dot;
		char hash[ISMS_SHA256_HEX];
		bool text = false;

		if (strncmp(res->name, "static/", 7))
			continue;
		f = &srv->statics[srv->nstatics++];
		f->name = res->name + 7;
		f->data = res->data;
		f->len = res->len;
		f->type = "application/octet-stream";
		dot = strrchr(f->name, '.');
		for (size_t k = 0; dot && k < sizeof(types) / sizeof(types[0]); k++) {
			if (!strcmp(dot, types[k].ext)) {
				f->type = types[k].type;
				text = types[k].text;
			}
		}
		isms_sha256_hex(f->data, f->len, hash);
		snprintf(f->version, sizeof(f->version), "%.16s", hash);
		snprintf(f->etag, sizeof(f->etag), "\"%s\"", f->version);
		if (text) {
			struct sbuf gz = SBUF_INIT;

			if (web_gzip(f->data, f->len, &gz) && gz.len < f->len)
				f->gz = (unsigned char *)sbuf_detach(&gz, &f->gzlen);
			sbuf_release(&gz);
		}
	}
}

const struct static_file *web_static_find(const struct server *srv, const char *name)
{
	for (size_t i = 0; name && i < srv->nstatics; i++)
		if (!strcmp(srv->statics[i].name, name))
			return &srv->statics[i];
	return NULL;
}

const char *web_static_version(const struct server *srv, const char *name)
{
	const struct static_file *f = web_static_find(srv, name);
	static const char none[] = "0";

	return f ? f->version : none;
}

/* Whether If-None-Match names `etag` (or is "*"). */
static bool etag_matches(const char *inm, const char *etag)
{
	size_t n = strlen(etag);

	if (!inm)
		return false;
	if (!strcmp(inm, "*"))
		return true;
	for (const char *p = inm; (p = strstr(p, etag)); p += n) {
		if (p == inm || p[-1] == ' ' || p[-1] == ',' || p[-1] == '/')
			return true;
	}
	return false;
}

void web_static(struct req *r)
{
	const struct static_file *f = web_static_find(r->srv, req_param(r, "file"));
	const char *v = req_str(r, "v");
	struct isms_err err;

	if (!f) {
		isms_err_set(&err, ISMS_ENOTFOUND, _("page not found"));
		web_fail(r, &err);
		return;
	}
	/* A URL that names the current version never changes: cache it for
	 * good. Any other is revalidated. */
	if (v && !strcmp(v, f->version))
		r->cache_control = "public, max-age=31536000, immutable";
	else
		r->cache_control = "no-cache";
	web_header(r, "ETag", f->etag);
	r->responded = true;
	r->content_type = f->type;
	if (etag_matches(req_header(r, "If-None-Match"), f->etag)) {
		r->status = 304;
		return;
	}
	r->status = 200;
	if (f->gz)
		web_header(r, "Vary", "Accept-Encoding");
	if (f->gz && req_accepts_gzip(r)) {
		r->fixed = f->gz;
		r->fixed_len = f->gzlen;
		r->is_gzip = true;
	} else {
		r->fixed = f->data;
		r->fixed_len = f->len;
	}
}
