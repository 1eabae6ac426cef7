/*
 * sbuf.h - the string builder.
 *
 * A `struct sbuf` is never NULL-buffered after `sbuf_init`: `buf` always
 * points at a NUL-terminated string (an empty static one until the first
 * append), so it can be printed at any time. `len` excludes the NUL.
 * `sbuf_detach` hands the buffer over to the caller (who frees it) and
 * leaves the sbuf empty and reusable. `sbuf_release` frees it.
 *
 * A buffer fed by untrusted input gets a maximum size (`max`, 0 for none):
 * appends that would pass it set `overflow` and append nothing more, and
 * the caller reports the limit. Appending never fails otherwise.
 */
#ifndef ISMS_SBUF_H
#define ISMS_SBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct sbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;
	bool overflow;
};

extern char sbuf_empty[];
#define SBUF_INIT { .buf = sbuf_empty }

void sbuf_init(struct sbuf *sb, size_t max);
void sbuf_release(struct sbuf *sb);
char *sbuf_detach(struct sbuf *sb, size_t *ret_len);
void sbuf_reset(struct sbuf *sb);
void sbuf_grow(struct sbuf *sb, size_t extra);
void sbuf_add(struct sbuf *sb, const void *data, size_t len);
void sbuf_addstr(struct sbuf *sb, const char *s);
void sbuf_addch(struct sbuf *sb, char c);
void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Remove trailing whitespace. */
void sbuf_rtrim(struct sbuf *sb);
void sbuf_setlen(struct sbuf *sb, size_t len);

static inline void sbuf_cleanup(struct sbuf *sb)
{
	sbuf_release(sb);
}

#endif
