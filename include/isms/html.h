/*
 * html.h - writing HTML that is escaped by default.
 *
 * `html_printf` escapes every %s argument for both text and attribute
 * context (& < > " '). Numbers (%d %i %u %ld %lu %lld %llu %zu) are
 * written as they are. No other conversions, widths or precisions are
 * accepted. The one way to write markup unescaped is `html_raw`, which
 * only compiles with a string literal, so data can never reach it.
 */
#ifndef ISMS_HTML_H
#define ISMS_HTML_H

#include "isms/sbuf.h"

void html_printf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void html_escape(struct sbuf *sb, const char *s);
/* Percent-encode for a URL path segment or query value. */
void html_url_escape(struct sbuf *sb, const char *s);

#define html_raw(sb, literal) sbuf_addstr((sb), "" literal "")

#endif
