/* mdhtml.c - users' Markdown as safe HTML: the markup is ours and balanced, every character of the text is escaped. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isms/mdhtml.h"
#include "isms/xalloc.h"

/* Nesting of lists, quotes and inline spans beyond this is written as text. */
#define MD_DEPTH_MAX 8
/* Code spans are delimited by runs of at most this many backticks. */
#define MD_TICKS_MAX 16

struct line {
	const char *s;
	size_t len;
};

struct md {
	struct sbuf *out;
	int shift;
	size_t steps; /* characters the inline scanners read (markdown_html_count) */
};

/* --- text ----------------------------------------------------------------------- */

static void esc(struct sbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': sbuf_addstr(out, "&amp;"); break;
		case '<': sbuf_addstr(out, "&lt;"); break;
		case '>': sbuf_addstr(out, "&gt;"); break;
		case '"': sbuf_addstr(out, "&quot;"); break;
		case '\'': sbuf_addstr(out, "&#39;"); break;
		case '\0': break;
		default: sbuf_addch(out, s[i]);
		}
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_punct(char c)
{
	return c > 0x20 && c < 0x7f && !is_alnum(c);
}

/* --- inline ------------------------------------------------------------------------ */

/*
 * Spans are found left to right. An opener whose closer is not found
 * stays text; the search remembers where it failed (a later opener of the
 * same kind cannot succeed either), so each level of nesting reads the
 * text once. Brackets are matched once for the whole text, and the end
 * of a link's URL is looked for once for all the openers that share it,
 * so that nested or repeated brackets ("[[[[…]]]]", "[a](x[a](x…") cost
 * no more.
 */
struct span_state {
	size_t no_strong[2]; /* "**", "__": no closer at or after this position */
	size_t no_em[2];     /* "*", "_" */
	size_t no_ticks[MD_TICKS_MAX + 1];
	size_t *close;       /* close[i]: the ']' of the '[' at i, 0 for none; NULL until needed */
	size_t url_from, url_end; /* no end of a URL in [url_from, url_end) */
};

static size_t run_of(const char *s, size_t len, size_t i, char c)
{
	size_t k = 0;

	while (i + k < len && s[i + k] == c)
		k++;
	return k;
}

/* A closer of `k` (1 or 2) delimiters `c` after `from`: preceded by a
 * non-space, and for one delimiter, a run of exactly one. */
static bool find_closer(struct md *m, const char *s, size_t len, size_t from, char c, size_t k,
			size_t *ret)
{
	for (size_t j = from; j < len; j++) {
		size_t run;

		m->steps++;
		if (s[j] == '\\') {
			j++;
			continue;
		}
		if (s[j] == '`') {
			/* Delimiters inside a code span do not count. */
			size_t t = run_of(s, len, j, '`'), e;

			for (e = j + t; e < len; e++) {
				size_t r;

				m->steps++;
				if (s[e] != '`')
					continue;
				r = run_of(s, len, e, '`');
				m->steps += r;
				if (r == t)
					break;
				e += r - 1; /* a longer or shorter run, whole */
			}
			if (e < len)
				j = e + t - 1;
			else
				j += t - 1;
			continue;
		}
		if (s[j] != c)
			continue;
		run = run_of(s, len, j, c);
		if (!is_space(s[j - 1]) && (k == 2 ? run >= 2 : run == 1) &&
		    (c != '_' || j + run >= len || !is_alnum(s[j + run]))) {
			*ret = j;
			return true;
		}
		j += run - 1;
	}
	return false;
}

/* Where a URL starting at `from` ends: at the first ")", white space or
 * control character. */
static bool url_stop(char c)
{
	return c == ')' || is_space(c) || (unsigned char)c < 0x20 || c == 0x7f;
}

/* The scheme alone: url_end stopped at anything else a URL cannot hold. */
static bool url_allowed(const char *u, size_t len)
{
	static const char *const schemes[] = { "https://", "http://", "mailto:" };

	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		size_t n = strlen(schemes[i]);

		if (len > n && !strncasecmp(u, schemes[i], n))
			return true;
	}
	return false;
}

/* The end of the URL from `from` (url_stop, or `len`). Openers come left
 * to right, so a stretch without a stop is read once for all of them. */
static size_t url_end(struct md *m, struct span_state *st, const char *s, size_t len, size_t from)
{
	size_t end;

	if (from >= st->url_from && from <= st->url_end)
		return st->url_end;
	for (end = from; end < len && !url_stop(s[end]); end++)
		m->steps++;
	st->url_from = from;
	st->url_end = end;
	return end;
}

/* close[] for the '[' of `s`, in one pass with a stack; a backslash hides
 * the character after it, as in the links' own reading. */
static void match_brackets(struct md *m, struct span_state *st, const char *s, size_t len)
{
	size_t *stack = xmalloc(len * sizeof(*stack)), top = 0;

	st->close = xcalloc(len, sizeof(*st->close));
	for (size_t j = 0; j < len; j++) {
		m->steps++;
		if (s[j] == '\\')
			j++;
		else if (s[j] == '[')
			stack[top++] = j;
		else if (s[j] == ']' && top)
			st->close[stack[--top]] = j;
	}
	free(stack);
}

static void spans(struct md *m, const char *s, size_t len, int depth, bool in_link);

/* A link at s[i] == '[': its text ends at the matching ']' directly
 * followed by "(URL)". */
static bool try_link(struct md *m, struct span_state *st, const char *s, size_t len, size_t *i,
		     int depth)
{
	size_t close, open_url, end;

	if (!st->close)
		match_brackets(m, st, s, len);
	close = st->close[*i];
	if (!close || close + 1 >= len || s[close + 1] != '(')
		return false;
	open_url = close + 2;
	end = url_end(m, st, s, len, open_url);
	if (end >= len || s[end] != ')' || !url_allowed(s + open_url, end - open_url))
		return false;
	sbuf_addstr(m->out, "<a href=\"");
	esc(m->out, s + open_url, end - open_url);
	sbuf_addstr(m->out, "\" rel=\"noopener noreferrer\">");
	spans(m, s + *i + 1, close - *i - 1, depth + 1, true);
	sbuf_addstr(m->out, "</a>");
	*i = end + 1;
	return true;
}

static bool try_code(struct md *m, struct span_state *st, const char *s, size_t len, size_t *i)
{
	size_t t = run_of(s, len, *i, '`'), e, a, b;

	if (t > MD_TICKS_MAX || *i >= st->no_ticks[t])
		return false;
	for (e = *i + t; e < len; e++) {
		m->steps++;
		if (s[e] == '`') {
			size_t r = run_of(s, len, e, '`');

			if (r == t)
				break;
			e += r - 1;
		}
	}
	if (e >= len) {
		st->no_ticks[t] = *i;
		return false;
	}
	a = *i + t;
	b = e;
	/* One space on each side is padding: "`` `x` ``" shows `x`. */
	if (b - a >= 2 && s[a] == ' ' && s[b - 1] == ' ') {
		a++;
		b--;
	}
	sbuf_addstr(m->out, "<code>");
	esc(m->out, s + a, b - a);
	sbuf_addstr(m->out, "</code>");
	*i = e + t;
	return true;
}

static bool try_emphasis(struct md *m, struct span_state *st, const char *s, size_t len, size_t *i,
			 int depth, bool in_link)
{
	char c = s[*i];
	size_t run = run_of(s, len, *i, c), k = run >= 2 ? 2 : 1, close;
	size_t *no = k == 2 ? &st->no_strong[c == '_'] : &st->no_em[c == '_'];

	/* An opener is followed by a non-space; "_" inside a word is text. */
	if (*i + k >= len || is_space(s[*i + k]) || *i >= *no)
		return false;
	if (c == '_' && *i > 0 && is_alnum(s[*i - 1]))
		return false;
	if (!find_closer(m, s, len, *i + k + 1, c, k, &close)) {
		*no = *i;
		return false;
	}
	sbuf_addstr(m->out, k == 2 ? "<strong>" : "<em>");
	spans(m, s + *i + k, close - *i - k, depth + 1, in_link);
	sbuf_addstr(m->out, k == 2 ? "</strong>" : "</em>");
	*i = close + k;
	return true;
}

static void spans(struct md *m, const char *s, size_t len, int depth, bool in_link)
{
	struct span_state st;
	size_t i = 0, text = 0;

	if (depth > MD_DEPTH_MAX) {
		esc(m->out, s, len);
		return;
	}
	for (size_t k = 0; k < 2; k++)
		st.no_strong[k] = st.no_em[k] = SIZE_MAX;
	for (size_t k = 0; k <= MD_TICKS_MAX; k++)
		st.no_ticks[k] = SIZE_MAX;
	st.close = NULL;
	st.url_from = 1;
	st.url_end = 0;
	while (i < len) {
		size_t at = i;
		bool done = false;

		m->steps++;
		switch (s[i]) {
		case '\\':
			if (i + 1 < len && is_punct(s[i + 1])) {
				esc(m->out, s + text, i - text);
				esc(m->out, s + i + 1, 1);
				i += 2;
				text = i;
				continue;
			}
			break;
		case '`':
			esc(m->out, s + text, i - text);
			done = try_code(m, &st, s, len, &i);
			break;
		case '*':
		case '_':
			esc(m->out, s + text, i - text);
			done = try_emphasis(m, &st, s, len, &i, depth, in_link);
			break;
		case '[':
			esc(m->out, s + text, i - text);
			done = !in_link && try_link(m, &st, s, len, &i, depth);
			break;
		default:
			break;
		}
		if (done) {
			text = i;
			continue;
		}
		if (s[at] == '`' || s[at] == '*' || s[at] == '_') {
			/* A run that opened nothing is text, whole. */
			size_t run = run_of(s, len, at, s[at]);

			esc(m->out, s + at, run);
			i = at + run;
			text = i;
			continue;
		}
		if (s[at] == '[') {
			esc(m->out, "[", 1);
			text = at + 1;
		}
		i = at + 1;
	}
	esc(m->out, s + text, len - text);
	free(st.close);
}

/* --- blocks -------------------------------------------------------------------------- */

/* Columns of leading white space (a tab to the next multiple of 4), and
 * the bytes they take. */
static size_t indent(const struct line *l, size_t *ret_bytes)
{
	size_t col = 0, i = 0;

	for (; i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'); i++)
		col = l->s[i] == '\t' ? (col / 4 + 1) * 4 : col + 1;
	if (ret_bytes)
		*ret_bytes = i;
	return col;
}

static bool blank(const struct line *l)
{
	size_t b;

	indent(l, &b);
	return b == l->len;
}

/* The line without `cols` columns of leading white space. */
static struct line strip_cols(const struct line *l, size_t cols)
{
	struct line r = *l;
	size_t col = 0;

	while (r.len && col < cols && (r.s[0] == ' ' || r.s[0] == '\t')) {
		col = r.s[0] == '\t' ? (col / 4 + 1) * 4 : col + 1;
		r.s++;
		r.len--;
	}
	return r;
}

static struct line trimmed(const struct line *l)
{
	struct line r = *l;
	size_t b;

	indent(l, &b);
	r.s += b;
	r.len -= b;
	while (r.len && is_space(r.s[r.len - 1]))
		r.len--;
	return r;
}

/* "#" to "######" and a space (or nothing): the level, else 0. */
static int heading_level(const struct line *l)
{
	struct line t = trimmed(l);
	size_t n = run_of(t.s, t.len, 0, '#');

	if (n < 1 || n > 6 || (n < t.len && t.s[n] != ' ' && t.s[n] != '\t'))
		return 0;
	return (int)n;
}

static bool is_rule(const struct line *l)
{
	struct line t = trimmed(l);
	size_t n = 0;

	if (!t.len || (t.s[0] != '-' && t.s[0] != '*' && t.s[0] != '_'))
		return false;
	for (size_t i = 0; i < t.len; i++) {
		if (t.s[i] == t.s[0])
			n++;
		else if (t.s[i] != ' ' && t.s[i] != '\t')
			return false;
	}
	return n >= 3;
}

/* "```" or "~~~" (3 or more): the character and the count, else 0. */
static size_t fence(const struct line *l, char *ret_c)
{
	struct line t = trimmed(l);
	size_t n;

	if (!t.len || (t.s[0] != '`' && t.s[0] != '~'))
		return 0;
	n = run_of(t.s, t.len, 0, t.s[0]);
	if (n < 3)
		return 0;
	*ret_c = t.s[0];
	return n;
}

static bool is_quote(const struct line *l)
{
	struct line t = trimmed(l);

	return t.len && t.s[0] == '>';
}

struct marker {
	bool ordered;
	char c;          /* '-', '*', '+', or the delimiter '.' or ')' */
	long start;      /* ordered */
	size_t col;      /* where the marker starts */
	size_t content;  /* the column where the item's text starts */
	size_t skip;     /* bytes up to the text */
};

/* A list item's marker: "- ", "* ", "+ ", "1. ", "1) " (or the marker
 * alone on its line). */
static bool list_marker(const struct line *l, struct marker *ret)
{
	size_t b, col = indent(l, &b), i = b, spaces = 0;

	if (i >= l->len)
		return false;
	if (l->s[i] == '-' || l->s[i] == '*' || l->s[i] == '+') {
		ret->ordered = false;
		ret->c = l->s[i];
		ret->start = 0;
		i++;
	} else {
		long v = 0;
		size_t d = 0;

		while (i < l->len && l->s[i] >= '0' && l->s[i] <= '9' && d < 9) {
			v = v * 10 + (l->s[i] - '0');
			i++;
			d++;
		}
		if (!d || i >= l->len || (l->s[i] != '.' && l->s[i] != ')'))
			return false;
		ret->ordered = true;
		ret->c = l->s[i];
		ret->start = v;
		i++;
	}
	if (i < l->len && l->s[i] != ' ' && l->s[i] != '\t')
		return false;
	ret->col = col;
	while (i < l->len && l->s[i] == ' ' && spaces < 4) {
		i++;
		spaces++;
	}
	ret->content = col + (i - b) + (spaces ? 0 : 1);
	ret->skip = i;
	return true;
}

/* Whether a line starts a block other than a paragraph, so that it ends
 * the paragraph above. */
static bool interrupts(const struct line *l)
{
	struct marker mk;
	char c;

	if (heading_level(l) || is_rule(l) || fence(l, &c) || is_quote(l))
		return true;
	return list_marker(l, &mk) && (!mk.ordered || mk.start == 1) &&
	       mk.skip < l->len; /* an empty item does not interrupt */
}

static void blocks(struct md *m, const struct line *ls, size_t n, bool tight, int depth);

/* Lines joined by "\n" into `sb`, each trimmed on the left. */
static void join(struct sbuf *sb, const struct line *ls, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		struct line t = trimmed(&ls[k]);

		if (k)
			sbuf_addch(sb, '\n');
		sbuf_add(sb, t.s, t.len);
	}
}

static void paragraph(struct md *m, const struct line *ls, size_t n, bool tight, int depth)
{
	struct sbuf text = SBUF_INIT;

	join(&text, ls, n);
	if (!tight)
		sbuf_addstr(m->out, "<p>");
	spans(m, text.buf, text.len, depth, false);
	sbuf_addstr(m->out, tight ? "\n" : "</p>\n");
	sbuf_release(&text);
}

/* A list starting at ls[0]; returns the lines it takes. */
static size_t list(struct md *m, const struct line *ls, size_t n, int depth)
{
	struct marker first, mk;
	size_t i = 0;

	list_marker(&ls[0], &first);
	if (!first.ordered)
		sbuf_addstr(m->out, "<ul>\n");
	else if (first.start != 1)
		sbuf_addf(m->out, "<ol start=\"%ld\">\n", first.start);
	else
		sbuf_addstr(m->out, "<ol>\n");
	while (i < n && list_marker(&ls[i], &mk) && mk.ordered == first.ordered && mk.c == first.c &&
	       mk.col < first.content) {
		struct line *item = xcalloc(n - i, sizeof(*item));
		size_t ni = 0, j = i + 1;
		bool loose = false, after_blank = false;

		item[ni].s = ls[i].s + mk.skip;
		item[ni++].len = ls[i].len - mk.skip;
		while (j < n) {
			struct marker sub;

			if (blank(&ls[j])) {
				size_t k = j;

				while (k < n && blank(&ls[k]))
					k++;
				if (k < n && indent(&ls[k], NULL) >= mk.content) {
					loose = true;
					for (; j < k; j++)
						item[ni++] = ls[j];
					after_blank = true;
					continue;
				}
				break;
			}
			if (indent(&ls[j], NULL) >= mk.content) {
				item[ni++] = strip_cols(&ls[j], mk.content);
				after_blank = false;
				j++;
				continue;
			}
			if (after_blank || list_marker(&ls[j], &sub) || interrupts(&ls[j]))
				break;
			item[ni++] = ls[j++]; /* a lazy continuation of the text */
		}
		sbuf_addstr(m->out, "<li>");
		blocks(m, item, ni, !loose, depth + 1);
		sbuf_addstr(m->out, "</li>\n");
		free(item);
		i = j;
		/* Blank lines between items. */
		while (i < n && blank(&ls[i])) {
			size_t k = i;

			while (k < n && blank(&ls[k]))
				k++;
			if (k < n && list_marker(&ls[k], &mk) && mk.ordered == first.ordered &&
			    mk.c == first.c && mk.col < first.content)
				i = k;
			else
				break;
		}
	}
	sbuf_addstr(m->out, first.ordered ? "</ol>\n" : "</ul>\n");
	return i ? i : 1;
}

static void blocks(struct md *m, const struct line *ls, size_t n, bool tight, int depth)
{
	size_t i = 0;

	if (depth > MD_DEPTH_MAX) {
		/* Too deep to be a real text: the rest as one paragraph of text. */
		struct sbuf text = SBUF_INIT;

		join(&text, ls, n);
		sbuf_addstr(m->out, "<p>");
		esc(m->out, text.buf, text.len);
		sbuf_addstr(m->out, "</p>\n");
		sbuf_release(&text);
		return;
	}
	while (i < n) {
		const struct line *l = &ls[i];
		struct line t;
		struct marker mk;
		size_t start, count;
		char fc;
		int level;

		if (blank(l)) {
			i++;
			continue;
		}
		if ((count = fence(l, &fc))) {
			sbuf_addstr(m->out, "<pre><code>");
			for (i++; i < n; i++) {
				char c2;
				size_t c2n = fence(&ls[i], &c2);

				if (c2n >= count && c2 == fc && trimmed(&ls[i]).len == c2n) {
					i++;
					break;
				}
				esc(m->out, ls[i].s, ls[i].len);
				sbuf_addch(m->out, '\n');
			}
			sbuf_addstr(m->out, "</code></pre>\n");
			continue;
		}
		if ((level = heading_level(l))) {
			int h = level + m->shift;

			h = h < 1 ? 1 : h > 6 ? 6 : h;
			t = trimmed(l);
			t.s += level;
			t.len -= level;
			/* Closing hashes are decoration. */
			while (t.len && t.s[t.len - 1] == '#')
				t.len--;
			t = trimmed(&t);
			sbuf_addf(m->out, "<h%d>", h);
			spans(m, t.s, t.len, depth, false);
			sbuf_addf(m->out, "</h%d>\n", h);
			i++;
			continue;
		}
		if (is_rule(l)) {
			sbuf_addstr(m->out, "<hr>\n");
			i++;
			continue;
		}
		if (is_quote(l)) {
			struct line *q = xcalloc(n - i, sizeof(*q));
			size_t nq = 0;

			for (; i < n && !blank(&ls[i]); i++) {
				if (is_quote(&ls[i])) {
					t = trimmed(&ls[i]);
					t.s++;
					t.len--;
					if (t.len && t.s[0] == ' ') {
						t.s++;
						t.len--;
					}
					q[nq++] = t;
				} else if (!interrupts(&ls[i])) {
					q[nq++] = ls[i];
				} else {
					break;
				}
			}
			sbuf_addstr(m->out, "<blockquote>\n");
			blocks(m, q, nq, false, depth + 1);
			sbuf_addstr(m->out, "</blockquote>\n");
			free(q);
			continue;
		}
		if (list_marker(l, &mk)) {
			i += list(m, ls + i, n - i, depth);
			continue;
		}
		start = i;
		for (i++; i < n && !blank(&ls[i]) && !interrupts(&ls[i]); i++)
			;
		paragraph(m, ls + start, i - start, tight, depth);
	}
}

void markdown_html(const char *md, size_t len, int shift, struct sbuf *out)
{
	size_t steps = 0;

	markdown_html_count(md, len, shift, out, &steps);
}

void markdown_html_count(const char *md, size_t len, int shift, struct sbuf *out, size_t *steps)
{
	struct md m = { out, shift, 0 };
	struct line *ls;
	size_t n = 1, k = 0;
	const char *p = md, *end = md + len;

	for (size_t i = 0; i < len; i++)
		if (md[i] == '\n')
			n++;
	ls = xcalloc(n, sizeof(*ls));
	while (p <= end && k < n) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		ls[k].s = p;
		ls[k].len = l && p[l - 1] == '\r' ? l - 1 : l;
		k++;
		if (!nl)
			break;
		p = nl + 1;
	}
	blocks(&m, ls, k, false, 0);
	free(ls);
	*steps += m.steps;
}
