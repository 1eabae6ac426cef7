/* request.c - reading a request: query strings, form and JSON bodies, declared fields, headers, cookies, languages. */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/json.h"
#include "isms/utf8.h"
#include "isms/util.h"
#include "web.h"

const char *req_param(struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (!strcmp(r->params[i].name, name))
			return r->params[i].value;
	return NULL;
}

int64_t req_param_id(struct req *r, const char *name)
{
	long long v = 0;

	/* The router checked the shape already. */
	if (!isms_parse_int(req_param(r, name), 1, INT64_MAX, &v))
		return 0;
	return (int64_t)v;
}

static const struct req_value *find(const struct req_value *vals, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(vals[i].name, name))
			return &vals[i];
	return NULL;
}

const char *req_str(struct req *r, const char *name)
{
	const struct req_value *v = find(r->fields, r->nfields, name);

	return v && v->value[0] ? v->value : NULL;
}

const char *const *req_list(struct req *r, const char *name, size_t *ret_n)
{
	const struct req_value *v = find(r->fields, r->nfields, name);

	*ret_n = v ? v->nlist : 0;
	return v && v->nlist ? v->list : NULL;
}

long long req_int(struct req *r, const char *name, long long dflt)
{
	const char *s = req_str(r, name);
	long long v;

	return s && isms_parse_int(s, INT64_MIN, INT64_MAX, &v) ? v : dflt;
}

bool req_bool(struct req *r, const char *name)
{
	const char *s = req_str(r, name);

	return s && !strcmp(s, "1");
}

const char *req_raw(struct req *r, const char *name)
{
	const struct req_value *v = find(r->raw, r->nraw, name);

	return v ? v->value : NULL;
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

bool req_has_body(struct req *r)
{
	const char *cl = req_header(r, "Content-Length");

	return (cl && strcmp(cl, "0") != 0) || req_header(r, "Transfer-Encoding");
}

const char *req_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

bool req_local_path(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x21 || *s == 0x7f || *s == '\\')
			return false;
	return true;
}

/* --- content negotiation -------------------------------------------------------------- */

/* Walk a header list such as "ja,en-US;q=0.8,*;q=0.1": calls `fn` with each
 * item's token and its weight in thousandths. */
static void each_weighted(const char *h, void (*fn)(const char *tok, size_t len, int q, void *data),
			  void *data)
{
	while (h && *h) {
		const char *end = strchr(h, ','), *semi;
		size_t len = end ? (size_t)(end - h) : strlen(h);
		size_t tlen;
		int q = 1000;

		while (len && (*h == ' ' || *h == '\t'))
			h++, len--;
		semi = memchr(h, ';', len);
		tlen = semi ? (size_t)(semi - h) : len;
		while (tlen && (h[tlen - 1] == ' ' || h[tlen - 1] == '\t'))
			tlen--;
		if (semi) {
			const char *p = semi + 1, *stop = h + len;

			while (p < stop && (*p == ' ' || *p == '\t'))
				p++;
			if (stop - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
				p += 2;
				q = 0;
				if (p < stop && *p == '1') {
					q = 1000;
				} else if (p < stop && *p == '0') {
					int scale = 100;

					p++;
					if (p < stop && *p == '.')
						for (p++; p < stop && *p >= '0' && *p <= '9' && scale; p++, scale /= 10)
							q += (*p - '0') * scale;
				}
			}
		}
		if (tlen)
			fn(h, tlen, q, data);
		h = end ? end + 1 : NULL;
	}
}

struct lang_pick {
	enum isms_lang lang;
	int q;
};

static void lang_item(const char *tok, size_t len, int q, void *data)
{
	struct lang_pick *p = data;
	enum isms_lang l;

	if (len >= 2 && !strncasecmp(tok, "ja", 2) && (len == 2 || tok[2] == '-'))
		l = ISMS_LANG_JA;
	else if (len >= 2 && !strncasecmp(tok, "en", 2) && (len == 2 || tok[2] == '-'))
		l = ISMS_LANG_EN;
	else
		return;
	if (q > p->q) {
		p->q = q;
		p->lang = l;
	}
}

enum isms_lang req_accept_language(struct req *r)
{
	struct lang_pick p = { ISMS_LANG_EN, 0 };

	each_weighted(req_header(r, "Accept-Language"), lang_item, &p);
	return p.lang;
}

struct gzip_pick {
	int gzip;  /* -1 not named */
	int star;
};

static void enc_item(const char *tok, size_t len, int q, void *data)
{
	struct gzip_pick *p = data;

	if ((len == 4 && !strncasecmp(tok, "gzip", 4)) || (len == 6 && !strncasecmp(tok, "x-gzip", 6)))
		p->gzip = q;
	else if (len == 1 && tok[0] == '*')
		p->star = q;
}

bool req_accepts_gzip(struct req *r)
{
	struct gzip_pick p = { -1, -1 };

	each_weighted(req_header(r, "Accept-Encoding"), enc_item, &p);
	return p.gzip > 0 || (p.gzip < 0 && p.star > 0);
}

/* --- raw fields ------------------------------------------------------------------------------ */

static void bad_request(struct req *r, const char *msg, const char *detail)
{
	struct isms_err err;

	isms_err_set(&err, ISMS_EINVAL, "%s", msg);
	if (detail)
		isms_err_detail(&err, "%s", detail);
	web_fail_status(r, 400, &err);
}

/* The route's declaration of field `name`, or NULL. */
static const struct field *declared(struct req *r, const char *name)
{
	for (const struct field *f = r->route ? r->route->fields : NULL; f && f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

/* One more value of a FIELD_REPEAT field. */
static bool add_item(struct req *r, struct req_value *v, const char *value)
{
	if (v->nlist >= REQ_LIST_MAX) {
		struct isms_err err;

		isms_err_set(&err, ISMS_ELIMIT, _("field \"%s\" is given too many times"), v->name);
		isms_err_detail(&err, _("The limit is %d values."), REQ_LIST_MAX);
		web_fail_status(r, 413, &err);
		return false;
	}
	/* Grow by doubling; the arena keeps the old arrays until the end of
	 * the request, which is at most twice the final size. */
	if ((v->nlist & (v->nlist - 1)) == 0) {
		const char **list = arena_alloc(&r->arena, (v->nlist ? v->nlist * 2 : 1) * sizeof(*list));

		if (v->nlist)
			memcpy(list, v->list, v->nlist * sizeof(*list));
		v->list = list;
	}
	v->list[v->nlist++] = value;
	return true;
}

static bool add_raw(struct req *r, const char *name, const char *value, char kind)
{
	const struct field *f = declared(r, name);
	struct req_value *v;
	struct isms_err err;

	for (size_t i = 0; i < r->nraw; i++) {
		if (strcmp(r->raw[i].name, name))
			continue;
		if (f && (f->flags & FIELD_REPEAT))
			return add_item(r, &r->raw[i], value);
		isms_err_set(&err, ISMS_EINVAL, _("field \"%s\" is given twice"), name);
		web_fail_status(r, 400, &err);
		return false;
	}
	if (r->nraw >= REQ_FIELDS_MAX) {
		bad_request(r, _("too many fields"), NULL);
		return false;
	}
	v = &r->raw[r->nraw++];
	v->name = name;
	v->value = value;
	v->kind = kind;
	v->list = NULL;
	v->nlist = 0;
	return !(f && (f->flags & FIELD_REPEAT)) || add_item(r, v, value);
}

struct query_walk {
	struct req *r;
	bool ok;
};

static enum MHD_Result query_item(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	struct query_walk *w = cls;

	(void)kind;
	if (!w->ok)
		return MHD_NO;
	w->ok = add_raw(w->r, arena_strdup(&w->r->arena, key ? key : ""),
			arena_strdup(&w->r->arena, value ? value : ""), 0);
	return w->ok ? MHD_YES : MHD_NO;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode one form component; NULL when malformed. */
static char *form_decode(struct arena *a, const char *s, size_t len)
{
	char *out = arena_alloc(a, len + 1), *o = out;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return NULL;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return NULL;
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '\0') {
			return NULL;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static bool read_form(struct req *r)
{
	const char *s = r->body.buf, *end = s + r->body.len;

	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(s, '=', (size_t)(stop - s));
		char *name, *value;

		if (!eq || eq == s) {
			bad_request(r, _("malformed form data"),
				    _("Each field must be written as name=value."));
			return false;
		}
		name = form_decode(&r->arena, s, (size_t)(eq - s));
		value = form_decode(&r->arena, eq + 1, (size_t)(stop - eq - 1));
		if (!name || !value) {
			bad_request(r, _("malformed form data"),
				    _("A percent escape is incomplete or encodes a NUL byte."));
			return false;
		}
		if (!add_raw(r, name, value, 0))
			return false;
		s = amp ? amp + 1 : end;
	}
	return true;
}

static bool read_json(struct req *r)
{
	json_error_t jerr;
	json_t *v, *val;
	const char *key;
	struct isms_err err;

	v = json_loadb(r->body.buf, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v) {
		isms_err_set(&err, ISMS_EINVAL, _("malformed JSON"));
		isms_err_detail(&err, "%s", jerr.text);
		isms_err_pos(&err, jerr.line, jerr.column);
		web_fail_status(r, 400, &err);
		return false;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		bad_request(r, _("malformed JSON"), _("The body must be a JSON object."));
		return false;
	}
	json_object_foreach(v, key, val) {
		const struct field *f = declared(r, key);
		const char *s;
		size_t i;
		json_t *item;
		char kind;

		/* A list field takes an array of strings. */
		if (json_is_array(val) && f && (f->flags & FIELD_REPEAT)) {
			json_array_foreach(val, i, item) {
				if (!json_is_string(item)) {
					isms_err_set(&err, ISMS_EINVAL, _("%s must be an array of strings"), key);
					isms_err_field(&err, key);
					json_decref(v);
					web_fail_status(r, 422, &err);
					return false;
				}
				s = arena_strndup(&r->arena, json_string_value(item), json_string_length(item));
				if (!add_raw(r, arena_strdup(&r->arena, key), s, 's')) {
					json_decref(v);
					return false;
				}
			}
			continue;
		}
		switch (json_typeof(val)) {
		case JSON_STRING:
			s = arena_strndup(&r->arena, json_string_value(val), json_string_length(val));
			kind = 's';
			break;
		case JSON_INTEGER:
			s = arena_printf(&r->arena, "%lld", (long long)json_integer_value(val));
			kind = 'i';
			break;
		case JSON_TRUE:
		case JSON_FALSE:
			s = json_is_true(val) ? "1" : "0";
			kind = 'b';
			break;
		case JSON_NULL:
			continue;
		case JSON_OBJECT:
		case JSON_ARRAY: {
			/* Kept as its JSON text, for FIELD_JSON fields alone. */
			char *text = json_dumps(val, JSON_COMPACT | JSON_PRESERVE_ORDER);

			s = arena_strdup(&r->arena, text ? text : "null");
			free(text);
			kind = 'j';
			break;
		}
		default:
			isms_err_set(&err, ISMS_EINVAL, _("%s must be a string, a number or a boolean"), key);
			isms_err_field(&err, key);
			json_decref(v);
			web_fail_status(r, 422, &err);
			return false;
		}
		if (!add_raw(r, arena_strdup(&r->arena, key), s, kind)) {
			json_decref(v);
			return false;
		}
	}
	json_decref(v);
	return true;
}

/* Whether the Content-Type header names `type` (parameters allowed). */
static bool content_type_is(struct req *r, const char *type)
{
	const char *ct = req_header(r, "Content-Type");
	size_t n = strlen(type);

	return ct && !strncasecmp(ct, type, n) && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* The parts of a multipart/form-data body (upload routes): plain parts
 * are fields like a form's, files are kept in r->files and named by a raw
 * value of kind 'f'. A file input left empty sends a part without a name
 * or content, which is no file. */
static bool read_multipart(struct req *r)
{
	const char *boundary = multipart_boundary(&r->arena, req_header(r, "Content-Type"));
	struct mp_part *parts;
	struct isms_err err;
	size_t n;

	if (!boundary) {
		bad_request(r, _("malformed multipart form data"),
			    _("The Content-Type has no valid boundary."));
		return false;
	}
	if (multipart_parse(&r->arena, boundary, r->body.buf, r->body.len, REQ_FIELDS_MAX, &parts,
			    &n, &err)) {
		web_fail_status(r, 400, &err);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		const struct mp_part *p = &parts[i];

		if (p->filename) {
			struct req_file *f;

			if (!p->filename[0] && !p->len)
				continue;
			if (r->nfiles >= REQ_FILES_MAX) {
				bad_request(r, _("too many files"), NULL);
				return false;
			}
			f = &r->files[r->nfiles++];
			f->field = p->name;
			f->filename = p->filename[0] ? p->filename : "upload";
			f->type = p->type;
			f->data = p->data;
			f->len = p->len;
			if (!add_raw(r, p->name, f->filename, 'f'))
				return false;
			continue;
		}
		if (memchr(p->data, '\0', p->len)) {
			isms_err_set(&err, ISMS_EINVAL, _("field \"%s\" contains a NUL byte"), p->name);
			web_fail_status(r, 400, &err);
			return false;
		}
		if (!add_raw(r, p->name, arena_strndup(&r->arena, p->data, p->len), 0))
			return false;
	}
	return true;
}

const struct req_file *req_file(struct req *r, const char *name)
{
	const struct req_value *v = find(r->fields, r->nfields, name);

	if (!v || v->kind != 'f')
		return NULL;
	for (size_t i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].field, name))
			return &r->files[i];
	return NULL;
}

bool req_read_raw(struct req *r)
{
	struct query_walk w = { r, true };
	bool api = r->route->flags & ROUTE_API;

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_item, &w);
	if (!w.ok)
		return false;
	if (r->method == HTTP_GET)
		return true;
	if (r->nraw) {
		bad_request(r, _("unexpected query string"),
			    _("Send the fields of a change in the body of the request."));
		return false;
	}
	if (r->body.len == 0)
		return true;
	if ((r->route->flags & ROUTE_UPLOAD) && content_type_is(r, "multipart/form-data"))
		return read_multipart(r);
	if (api) {
		if (!content_type_is(r, "application/json")) {
			struct isms_err err;

			isms_err_set(&err, ISMS_EINVAL, _("the body must be JSON"));
			isms_err_hint(&err, _("Send it with \"Content-Type: application/json\"."));
			web_fail_status(r, 415, &err);
			return false;
		}
		return read_json(r);
	}
	if (!content_type_is(r, "application/x-www-form-urlencoded")) {
		struct isms_err err;

		isms_err_set(&err, ISMS_EINVAL, _("the body must be form data"));
		isms_err_hint(&err, _("Send it with \"Content-Type: application/x-www-form-urlencoded\"."));
		web_fail_status(r, 415, &err);
		return false;
	}
	return read_form(r);
}

/* --- declared fields ------------------------------------------------------------------------- */

static bool all_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static enum isms_rc check_value(const struct field *f, const struct req_value *v, bool api,
				struct isms_err *err)
{
	const char *s = v->value;
	size_t len = strlen(s), bad;
	long long n;

	/* Files come only from multipart bodies, and only for file fields. */
	if (v->kind == 'f' || f->type == FIELD_FILE) {
		if (v->kind == 'f' && f->type == FIELD_FILE)
			return ISMS_OK;
		isms_err_set(err, ISMS_EINVAL, f->type == FIELD_FILE ? _("%s must be a file")
								   : _("%s must not be a file"),
			     f->name);
		goto field;
	}
	/* Values from a JSON body must have the field's type; query strings
	 * are text like forms. */
	if (v->kind == 'j' && f->type != FIELD_JSON) {
		isms_err_set(err, ISMS_EINVAL, _("%s must be a string, a number or a boolean"), f->name);
		goto field;
	}
	if (api && v->kind) {
		char want = f->type == FIELD_INT ? 'i' : f->type == FIELD_BOOL ? 'b' : f->type == FIELD_JSON ? 'j' : 's';

		if (v->kind != want) {
			isms_err_set(err, ISMS_EINVAL,
				     want == 'i' ? _("%s must be an integer")
				     : want == 'b' ? _("%s must be true or false")
				     : want == 'j' ? _("%s must be a JSON object")
						   : _("%s must be a string"),
				     f->name);
			goto field;
		}
	}
	if (len == 0)
		return ISMS_OK;
	if (!utf8_valid(s, len, &bad)) {
		isms_err_set(err, ISMS_EINVAL, _("%s is not valid UTF-8"), f->name);
		isms_err_detail(err, _("The bytes at offset %zu are not UTF-8."), bad);
		goto field;
	}
	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_MULTILINE:
		for (const char *p = s; *p; p++) {
			unsigned char c = (unsigned char)*p;

			if ((c < 0x20 && !(f->type == FIELD_MULTILINE && (c == '\n' || c == '\r' || c == '\t'))) ||
			    c == 0x7f) {
				isms_err_set(err, ISMS_EINVAL, _("%s contains a control character"), f->name);
				goto field;
			}
		}
		if ((long long)utf8_length(s) > f->max) {
			isms_err_set(err, ISMS_ELIMIT, _("%s is too long"), f->name);
			isms_err_detail(err, _("It has %zu characters; the limit is %lld."), utf8_length(s),
					f->max);
			goto field;
		}
		return ISMS_OK;
	case FIELD_PASSWORD:
		if ((long long)len > f->max) {
			isms_err_set(err, ISMS_ELIMIT, _("%s is too long"), f->name);
			isms_err_detail(err, _("It has %zu bytes; the limit is %lld."), len, f->max);
			goto field;
		}
		return ISMS_OK;
	case FIELD_NAME:
		for (const char *p = s; *p; p++) {
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9') || strchr("._@-", *p)) || len > USER_NAME_MAX) {
				isms_err_set(err, ISMS_EINVAL, _("invalid user name \"%s\""), s);
				isms_err_detail(err, _("A user name has 1 to %d characters: letters, digits, \".\", \"_\", \"@\" and \"-\"."),
						USER_NAME_MAX);
				goto field;
			}
		}
		return ISMS_OK;
	case FIELD_INT:
		if (!isms_parse_int(s, f->min, f->max, &n)) {
			isms_err_set(err, ISMS_EINVAL, _("%s must be a whole number from %lld to %lld"),
				     f->name, f->min, f->max);
			goto field;
		}
		return ISMS_OK;
	case FIELD_DATE:
		if (!isms_date_valid(s)) {
			isms_err_set(err, ISMS_EINVAL, _("invalid date \"%s\""), s);
			isms_err_hint(err, _("Write dates as YYYY-MM-DD."));
			goto field;
		}
		return ISMS_OK;
	case FIELD_ENUM:
		for (const char *const *e = f->values; *e; e++)
			if (!strcmp(*e, s))
				return ISMS_OK;
		isms_err_set(err, ISMS_EINVAL, _("%s has an unknown value"), f->name);
		goto field;
	case FIELD_BOOL:
		if (!strcmp(s, "1") || !strcmp(s, "0"))
			return ISMS_OK;
		isms_err_set(err, ISMS_EINVAL, _("%s must be 1 or 0"), f->name);
		goto field;
	case FIELD_HEX:
		if (!all_hex(s, len) || (f->max ? (long long)len != f->max : len > 128)) {
			isms_err_set(err, ISMS_EINVAL, _("%s is malformed"), f->name);
			goto field;
		}
		return ISMS_OK;
	case FIELD_PATH:
		if (!req_local_path(s) || (long long)len > f->max) {
			isms_err_set(err, ISMS_EINVAL, _("%s must be a path on this site"), f->name);
			goto field;
		}
		return ISMS_OK;
	case FIELD_JSON:
		/* Parsed by the handler, which reports where it is wrong. */
		if ((long long)len > f->max) {
			isms_err_set(err, ISMS_ELIMIT, _("%s is too long"), f->name);
			isms_err_detail(err, _("It has %zu bytes; the limit is %lld."), len, f->max);
			goto field;
		}
		return ISMS_OK;
	case FIELD_FILE:
		return ISMS_OK;
	}
	isms_err_set(err, ISMS_EINTERNAL, "field %s has no type", f->name);
field:
	isms_err_field(err, f->name);
	return err->code;
}

bool req_check_fields(struct req *r)
{
	const struct field *fields = r->route->fields;
	bool api = r->route->flags & ROUTE_API;
	struct isms_err err;

	for (size_t i = 0; i < r->nraw; i++) {
		const struct req_value *v = &r->raw[i];
		const struct field *f = NULL;

		if (!api && (r->route->flags & ROUTE_WRITE) && !strcmp(v->name, "csrf"))
			continue;
		for (const struct field *d = fields; d && d->name; d++)
			if (!strcmp(d->name, v->name))
				f = d;
		if (!f) {
			struct sbuf shown = SBUF_INIT;

			/* The name is the sender's: show it only as far as it is printable. */
			for (const char *p = v->name; *p && shown.len < 40; p++)
				sbuf_addch(&shown, ((unsigned char)*p < 0x20 || *p == 0x7f) ? '?' : *p);
			isms_err_set(&err, ISMS_EINVAL, _("unknown field \"%s\""), shown.buf);
			sbuf_release(&shown);
			web_fail_status(r, 400, &err);
			return false;
		}
		for (size_t k = 0; k < (v->nlist ? v->nlist : 1); k++) {
			struct req_value one = *v;

			if (v->nlist)
				one.value = v->list[k];
			if (check_value(f, &one, api, &err)) {
				web_fail(r, &err);
				return false;
			}
		}
		r->fields[r->nfields++] = *v;
	}
	for (const struct field *d = fields; d && d->name; d++) {
		const struct req_value *v;

		if (!(d->flags & FIELD_REQUIRED))
			continue;
		v = find(r->fields, r->nfields, d->name);
		if (!v || !v->value[0]) {
			isms_err_set(&err, ISMS_EINVAL, _("%s is required"), d->name);
			isms_err_field(&err, d->name);
			web_fail(r, &err);
			return false;
		}
	}
	return true;
}
