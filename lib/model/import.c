/* import.c - cleaning cells and reporting faults, for the importers of assets and risks. */
#include <stdio.h>
#include <string.h>

#include "isms/i18n.h"
#include "import.h"

const char *import_clean(struct arena *ar, const char *s)
{
	size_t len = strlen(s), start = 0;
	char *out, *o;

	for (;;) {
		if (start < len && strchr(" \t\r\n", s[start]))
			start++;
		else if (len - start >= 3 && !memcmp(s + start, "\xe3\x80\x80", 3))
			start += 3;
		else
			break;
	}
	for (;;) {
		if (len > start && strchr(" \t\r\n", s[len - 1]))
			len--;
		else if (len - start >= 3 && !memcmp(s + len - 3, "\xe3\x80\x80", 3))
			len -= 3;
		else
			break;
	}
	if (len - start >= 2 && s[start] == '\'' && strchr("=+-@", s[start + 1]))
		start++;
	/* most cells need nothing: they are used as they are */
	if (start == 0 && s[len] == '\0' && !memchr(s, '\r', len))
		return s;
	out = o = arena_alloc(ar, len - start + 1);
	for (size_t k = start; k < len; k++)
		if (!(s[k] == '\r' && s[k + 1] == '\n'))
			*o++ = s[k];
	*o = '\0';
	return out;
}

void import_cells(struct arena *ar, const struct tabin_header *h, const struct tabin_row *src,
		  size_t nfields, const char **v)
{
	for (size_t f = 0; f < nfields; f++) {
		const char *s = tabin_field(h, src, f);

		v[f] = s ? import_clean(ar, s) : NULL;
	}
}

void import_error(struct tabin_errors *errs, const struct tabin_header *h,
		  const struct tabin_field *fields, int field, long line,
		  const struct isms_err *why)
{
	struct isms_err e = *why;

	isms_err_field(&e, fields[field].key);
	isms_err_pos(&e, line, h->col_of_field[field]);
	tabin_errors_add(errs, &e);
}

void import_verrorf(struct tabin_errors *errs, const struct tabin_header *h,
		    const struct tabin_field *fields, int field, long line, const char *fmt,
		    va_list ap)
{
	struct isms_err e;

	isms_err_clear(&e);
	e.code = ISMS_EINVAL;
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	import_error(errs, h, fields, field, line, &e);
}

enum isms_rc import_failed(const struct tabin_errors *errs, size_t bad, size_t nrows,
			   struct isms_err *err)
{
	isms_err_set(err, ISMS_EINVAL,
		     _n("%zu error in the file; nothing was imported",
			"%zu errors in the file; nothing was imported", errs->total),
		     errs->total);
	isms_err_detail(err, _n("%zu of %zu rows has a problem.", "%zu of %zu rows have problems.",
				bad),
			bad, nrows);
	return ISMS_EINVAL;
}
