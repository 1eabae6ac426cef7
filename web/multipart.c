/* multipart.c - reading multipart/form-data bodies (RFC 7578): the fields and files of an upload form, with limits. */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "isms/i18n.h"
#include "web.h"

/* The characters RFC 2046 allows in a boundary. */
static bool bchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("'()+_,-./:=? ", c));
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * One parameter of a header value: `; name=value` or `; name="value"`.
 * `*p` is just past the previous item; on success it moves past this one
 * and the name and value are stored in the arena (at most MP_NAME_MAX
 * bytes each). Returns 0 at the end of the value, 1 with a parameter, -1
 * when it is malformed.
 */
static int next_param(struct arena *a, const char **p, const char *end, char **ret_name,
		      char **ret_value)
{
	const char *s = skip_ws(*p, end), *name;
	char value[MP_NAME_MAX + 1];
	size_t nlen, vlen = 0;

	if (s == end)
		return 0;
	if (*s != ';')
		return -1;
	s = skip_ws(s + 1, end);
	name = s;
	while (s < end && *s != '=' && *s != ';' && *s != ' ' && *s != '\t')
		s++;
	nlen = (size_t)(s - name);
	s = skip_ws(s, end);
	if (!nlen || nlen > MP_NAME_MAX || s == end || *s != '=')
		return -1;
	s = skip_ws(s + 1, end);
	if (s < end && *s == '"') {
		/* A quoted string. Browsers write quotes in names as %22 and
		 * never escape backslashes (Windows paths keep theirs): only
		 * \" and \\ are taken as escapes. */
		for (s++; s < end && *s != '"'; s++) {
			char c = *s;

			if (c == '\\' && s + 1 < end && (s[1] == '"' || s[1] == '\\'))
				c = *++s;
			if (c == '\0' || c == '\r' || c == '\n' || vlen >= MP_NAME_MAX)
				return -1;
			value[vlen++] = c;
		}
		if (s == end)
			return -1;
		s++;
	} else {
		while (s < end && *s != ';' && *s != ' ' && *s != '\t') {
			if (*s == '\0' || vlen >= MP_NAME_MAX)
				return -1;
			value[vlen++] = *s++;
		}
	}
	value[vlen] = '\0';
	*ret_name = arena_strndup(a, name, nlen);
	*ret_value = arena_strndup(a, value, vlen);
	*p = s;
	return 1;
}

const char *multipart_boundary(struct arena *a, const char *content_type)
{
	static const char type[] = "multipart/form-data";
	const char *p, *end, *boundary = NULL;
	char *name, *value;
	int r;

	if (!content_type || strncasecmp(content_type, type, sizeof(type) - 1))
		return NULL;
	p = content_type + sizeof(type) - 1;
	end = p + strlen(p);
	while ((r = next_param(a, &p, end, &name, &value)) > 0) {
		if (!strcasecmp(name, "boundary")) {
			if (boundary)
				return NULL;
			boundary = value;
		}
	}
	if (r < 0 || !boundary)
		return NULL;
	{
		size_t n = strlen(boundary);

		if (n == 0 || n > MP_BOUNDARY_MAX || boundary[n - 1] == ' ')
			return NULL;
		for (size_t i = 0; i < n; i++)
			if (!bchar(boundary[i]))
				return NULL;
	}
	return boundary;
}

static enum isms_rc malformed(struct isms_err *err, const char *detail)
{
	isms_err_set(err, ISMS_EINVAL, _("malformed multipart form data"));
	isms_err_detail(err, "%s", detail);
	return ISMS_EINVAL;
}

/* "form-data; name="x"; filename="y"" into the part. */
static enum isms_rc disposition(struct arena *a, const char *v, const char *end,
				struct mp_part *part, struct isms_err *err)
{
	static const char fd[] = "form-data";
	const char *p = skip_ws(v, end);
	char *name, *value;
	int r;

	if ((size_t)(end - p) < sizeof(fd) - 1 || strncasecmp(p, fd, sizeof(fd) - 1))
		return malformed(err, _("A part's Content-Disposition is not form-data."));
	p += sizeof(fd) - 1;
	while ((r = next_param(a, &p, end, &name, &value)) > 0) {
		if (!strcasecmp(name, "name")) {
			if (part->name)
				return malformed(err, _("A part names its field twice."));
			part->name = value;
		} else if (!strcasecmp(name, "filename")) {
			if (part->filename)
				return malformed(err, _("A part names its file twice."));
			part->filename = value;
		}
		/* filename* (RFC 5987) and others: browsers do not send them
		 * for forms; ignored. */
	}
	if (r < 0)
		return malformed(err, _("A part's Content-Disposition cannot be read."));
	if (!part->name || !part->name[0])
		return malformed(err, _("A part has no field name."));
	return ISMS_OK;
}

enum isms_rc multipart_parse(struct arena *a, const char *boundary, const char *body, size_t len,
			     size_t max, struct mp_part **ret, size_t *ret_n, struct isms_err *err)
{
	size_t blen = strlen(boundary), dlen = blen + 4, n = 0;
	char *delim = arena_alloc(a, dlen + 1);
	const char *p, *end = body + len;
	struct mp_part *parts = arena_zalloc(a, (max ? max : 1) * sizeof(*parts));

	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen + 1);
	/* The first delimiter opens the body, or follows a preamble. */
	if (len >= dlen - 2 && !memcmp(body, delim + 2, dlen - 2)) {
		p = body + dlen - 2;
	} else {
		const char *q = memmem(body, len, delim, dlen);

		if (!q)
			return malformed(err, _("The body does not start with the boundary of its Content-Type."));
		p = q + dlen;
	}
	for (;;) {
		struct mp_part part = { 0 };
		bool have_disposition = false;
		const char *hstart, *q;

		/* "--" after a delimiter closes the body; what follows is an
		 * epilogue, ignored. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;
		p = skip_ws(p, end);
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return malformed(err, _("A boundary line is not followed by a line break."));
		p += 2;
		if (n >= max) {
			isms_err_set(err, ISMS_ELIMIT, _("too many fields"));
			isms_err_detail(err, _("A form may have at most %zu fields."), max);
			return ISMS_ELIMIT;
		}
		hstart = p;
		for (;;) {
			const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2), *colon;

			if (!eol || (size_t)(eol - hstart) > MP_HEADER_MAX)
				return malformed(err, eol ? _("The headers of a part are too long.")
							  : _("The headers of a part do not end."));
			if (eol == p) {
				p = eol + 2;
				break;
			}
			colon = memchr(p, ':', (size_t)(eol - p));
			if (!colon || colon == p || memchr(p, '\0', (size_t)(eol - p)))
				return malformed(err, _("A header line of a part has no name."));
			if ((size_t)(colon - p) == 19 && !strncasecmp(p, "Content-Disposition", 19)) {
				if (have_disposition)
					return malformed(err, _("A part has two Content-Disposition headers."));
				have_disposition = true;
				if (disposition(a, colon + 1, eol, &part, err))
					return err->code;
			} else if ((size_t)(colon - p) == 12 && !strncasecmp(p, "Content-Type", 12)) {
				const char *v = skip_ws(colon + 1, eol);
				size_t vlen = (size_t)(eol - v);

				while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
					vlen--;
				part.type = arena_strndup(a, v, vlen < MP_NAME_MAX ? vlen : MP_NAME_MAX);
			}
			p = eol + 2;
		}
		if (!have_disposition)
			return malformed(err, _("A part has no Content-Disposition header."));
		q = memmem(p, (size_t)(end - p), delim, dlen);
		if (!q)
			return malformed(err, _("The body ends before its closing boundary."));
		part.data = p;
		part.len = (size_t)(q - p);
		parts[n++] = part;
		p = q + dlen;
	}
	*ret = parts;
	*ret_n = n;
	return ISMS_OK;
}
