/* sbuf.c - the growable, always NUL-terminated string builder. */
#include <stdio.h>
#include <string.h>

#include "isms/sbuf.h"
#include "isms/xalloc.h"

char sbuf_empty[1];

void sbuf_init(struct sbuf *sb, size_t max)
{
	sb->buf = sbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->max = max;
	sb->overflow = false;
}

void sbuf_release(struct sbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sbuf_init(sb, sb->max);
}

char *sbuf_detach(struct sbuf *sb, size_t *ret_len)
{
	char *p;

	if (ret_len)
		*ret_len = sb->len;
	p = sb->alloc ? sb->buf : xstrdup("");
	sbuf_init(sb, sb->max);
	return p;
}

void sbuf_reset(struct sbuf *sb)
{
	sbuf_setlen(sb, 0);
	sb->overflow = false;
}

void sbuf_setlen(struct sbuf *sb, size_t len)
{
	if (!sb->alloc)
		return;
	if (len > sb->len)
		len = sb->len;
	sb->len = len;
	sb->buf[len] = '\0';
}

void sbuf_grow(struct sbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->alloc)
		return;
	if (!sb->alloc)
		sb->buf = NULL;
	sb->buf = xgrow(sb->buf, &sb->alloc, need, 1);
	if (sb->len == 0)
		sb->buf[0] = '\0';
}

static bool fits(struct sbuf *sb, size_t len)
{
	if (sb->overflow)
		return false;
	if (sb->max && sb->len + len > sb->max) {
		sb->overflow = true;
		return false;
	}
	return true;
}

void sbuf_add(struct sbuf *sb, const void *data, size_t len)
{
	if (!fits(sb, len))
		return;
	sbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void sbuf_addstr(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void sbuf_addch(struct sbuf *sb, char c)
{
	sbuf_add(sb, &c, 1);
}

void sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || !fits(sb, (size_t)n))
		return;
	sbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void sbuf_rtrim(struct sbuf *sb)
{
	size_t n = sb->len;

	while (n && strchr(" \t\r\n", sb->buf[n - 1]))
		n--;
	sbuf_setlen(sb, n);
}
