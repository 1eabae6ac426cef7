/* html.c - an HTML writer whose formatting escapes every string argument. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "isms/html.h"
#include "isms/xalloc.h"

void html_escape(struct sbuf *sb, const char *s)
{
	const char *start = s;

	if (!s)
		return;
	for (; *s; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		sbuf_add(sb, start, (size_t)(s - start));
		sbuf_addstr(sb, rep);
		start = s + 1;
	}
	sbuf_add(sb, start, (size_t)(s - start));
}

void html_url_escape(struct sbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c)) {
			sbuf_addch(sb, (char)c);
		} else {
			sbuf_addch(sb, '%');
			sbuf_addch(sb, hex[c >> 4]);
			sbuf_addch(sb, hex[c & 15]);
		}
	}
}

void html_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	const char *p = fmt;

	va_start(ap, fmt);
	while (*p) {
		const char *pct = strchr(p, '%');

		if (!pct) {
			sbuf_addstr(sb, p);
			break;
		}
		sbuf_add(sb, p, (size_t)(pct - p));
		p = pct + 1;
		if (*p == '%') {
			sbuf_addch(sb, '%');
			p++;
		} else if (*p == 's') {
			html_escape(sb, va_arg(ap, const char *));
			p++;
		} else if (*p == 'd' || *p == 'i') {
			sbuf_addf(sb, "%d", va_arg(ap, int));
			p++;
		} else if (*p == 'u') {
			sbuf_addf(sb, "%u", va_arg(ap, unsigned));
			p++;
		} else if (!strncmp(p, "ld", 2) || !strncmp(p, "li", 2)) {
			sbuf_addf(sb, "%ld", va_arg(ap, long));
			p += 2;
		} else if (!strncmp(p, "lu", 2)) {
			sbuf_addf(sb, "%lu", va_arg(ap, unsigned long));
			p += 2;
		} else if (!strncmp(p, "lld", 3)) {
			sbuf_addf(sb, "%lld", va_arg(ap, long long));
			p += 3;
		} else if (!strncmp(p, "llu", 3)) {
			sbuf_addf(sb, "%llu", va_arg(ap, unsigned long long));
			p += 3;
		} else if (!strncmp(p, "zu", 2)) {
			sbuf_addf(sb, "%zu", va_arg(ap, size_t));
			p += 2;
		} else {
			/* A format this writer does not know is a programming
			 * error; stop rather than guess at the arguments. */
			abort();
		}
	}
	va_end(ap);
}
