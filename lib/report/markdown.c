/* markdown.c - users' Markdown texts as document blocks: headings, paragraphs, list items. */
#include <stdbool.h>
#include <string.h>

#include "isms/sbuf.h"
#include "markdown.h"

/* A link "[text](url)" at s[i]: its text and URL, and where it ends. */
static bool link_at(const char *s, size_t len, size_t i, size_t *text_end, size_t *url,
		    size_t *url_end)
{
	const char *close, *paren;

	if (s[i] != '[')
		return false;
	close = memchr(s + i + 1, ']', len - i - 1);
	if (!close || close == s + i + 1 || (size_t)(close - s) + 1 >= len || close[1] != '(')
		return false;
	paren = memchr(close + 2, ')', len - (size_t)(close + 2 - s));
	if (!paren || paren == close + 2 || memchr(close + 2, ' ', (size_t)(paren - close - 2)))
		return false;
	*text_end = (size_t)(close - s);
	*url = (size_t)(close + 2 - s);
	*url_end = (size_t)(paren - s);
	return true;
}

/* Append a line of text as it reads on paper: without the ** markers,
 * and a link as its text with the address after it, "text (url)". */
static void add_text(struct sbuf *sb, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t te, u, ue;

		if (s[i] == '*' && i + 1 < len && s[i + 1] == '*') {
			i++;
			continue;
		}
		if (link_at(s, len, i, &te, &u, &ue)) {
			add_text(sb, s + i + 1, te - i - 1);
			sbuf_addstr(sb, " (");
			sbuf_add(sb, s + u, ue - u);
			sbuf_addch(sb, ')');
			i = ue;
			continue;
		}
		sbuf_addch(sb, s[i]);
	}
}

static void flush(struct doc *d, struct sbuf *para)
{
	sbuf_rtrim(para);
	if (para->len)
		doc_para(d, para->buf);
	sbuf_reset(para);
}

void doc_markdown(struct doc *d, const char *md, int shift)
{
	struct sbuf para = SBUF_INIT, line = SBUF_INIT;
	const char *p = md;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t lead = 0, hashes = 0;

		if (len && p[len - 1] == '\r')
			len--;
		while (lead < len && (p[lead] == ' ' || p[lead] == '\t'))
			lead++;
		while (lead + hashes < len && p[lead + hashes] == '#')
			hashes++;
		if (lead == len) {
			flush(d, &para);
		} else if (hashes && hashes <= 6 && lead + hashes < len && p[lead + hashes] == ' ') {
			int level = (int)hashes + shift;

			flush(d, &para);
			sbuf_reset(&line);
			add_text(&line, p + lead + hashes + 1, len - lead - hashes - 1);
			sbuf_rtrim(&line);
			doc_heading(d, level < 1 ? 1 : level > 3 ? 3 : level, line.buf);
		} else if ((p[lead] == '-' || p[lead] == '*') && lead + 1 < len && p[lead + 1] == ' ') {
			flush(d, &para);
			sbuf_addstr(&para, "\xe2\x80\xa2 "); /* "• " */
			add_text(&para, p + lead + 2, len - lead - 2);
		} else {
			/* A soft line break: a space between words, nothing between
			 * Japanese characters (a line that ends in a multi-byte one). */
			if (para.len && !(para.buf[para.len - 1] & 0x80))
				sbuf_addch(&para, ' ');
			add_text(&para, p + lead, len - lead);
		}
		p = nl ? nl + 1 : NULL;
	}
	flush(d, &para);
	sbuf_release(&para);
	sbuf_release(&line);
}
