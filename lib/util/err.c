/* err.c - filling error reports and naming result codes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "isms/err.h"

enum isms_rc isms_err_set(struct isms_err *err, enum isms_rc rc, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return rc;
	memset(err, 0, sizeof(*err));
	err->code = rc;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return rc;
}

void isms_err_detail(struct isms_err *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
}

void isms_err_hint(struct isms_err *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
}

void isms_err_field(struct isms_err *err, const char *field)
{
	if (err && field)
		snprintf(err->field, sizeof(err->field), "%s", field);
}

void isms_err_pos(struct isms_err *err, long line, long column)
{
	if (!err)
		return;
	err->line = line;
	err->column = column;
}

void isms_err_clear(struct isms_err *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

const char *isms_rc_name(enum isms_rc rc)
{
	static const char *const names[] = {
		[ISMS_OK] = "ok",
		[ISMS_EINVAL] = "invalid",
		[ISMS_ENOTFOUND] = "not_found",
		[ISMS_EEXIST] = "conflict",
		[ISMS_EPERM] = "forbidden",
		[ISMS_EREADONLY] = "read_only",
		[ISMS_ESTORE] = "database",
		[ISMS_EVERSION] = "version",
		[ISMS_ENOTSUP] = "not_supported",
		[ISMS_EIO] = "io",
		[ISMS_ETAMPER] = "verification_failed",
		[ISMS_ESTATE] = "state",
		[ISMS_ELIMIT] = "too_large",
		[ISMS_EINTERNAL] = "internal",
	};

	if ((unsigned)rc < sizeof(names) / sizeof(names[0]) && names[rc])
		return names[rc];
	return "internal";
}
