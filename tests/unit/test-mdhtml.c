/* test-mdhtml.c - the Markdown renderer of the policy preview: what it draws, and that no input escapes it. */
#include "helpers.h"

#include "isms/mdhtml.h"

/* The HTML of `md`, in a static buffer for assertions. */
static const char *render(const char *md, int shift)
{
	static struct sbuf out = SBUF_INIT;

	sbuf_reset(&out);
	markdown_html(md, strlen(md), shift, &out);
	return out.buf;
}

#define assert_renders(md, shift, html) assert_string_equal(render(md, shift), html)

static void test_blocks(void **state)
{
	(void)state;
	assert_renders("", 0, "");
	assert_renders("# Policy\n\nText here.\n", 1, "<h2>Policy</h2>\n<p>Text here.</p>\n");
	assert_renders("## Two ##\n###### Six", 1, "<h3>Two</h3>\n<h6>Six</h6>\n");
	assert_renders("#Not a heading", 0, "<p>#Not a heading</p>\n");
	assert_renders("line one\nline two\n\nnext", 0, "<p>line one\nline two</p>\n<p>next</p>\n");
	assert_renders("a\r\nb\r\n", 0, "<p>a\nb</p>\n");
	assert_renders("---\n", 0, "<hr>\n");
	assert_renders("> quoted\n> more\n\nafter", 0,
		       "<blockquote>\n<p>quoted\nmore</p>\n</blockquote>\n<p>after</p>\n");
	assert_renders("```\n<b>code</b>\n  kept\n```\ntext", 0,
		       "<pre><code>&lt;b&gt;code&lt;/b&gt;\n  kept\n</code></pre>\n<p>text</p>\n");
	/* Japanese text: headings and lists as in the policy template. */
	assert_renders("# 情報セキュリティ基本方針\n\n1. 目的\n2. 適用範囲\n", 1,
		       "<h2>情報セキュリティ基本方針</h2>\n<ol>\n<li>目的\n</li>\n<li>適用範囲\n</li>\n</ol>\n");
}

static void test_lists(void **state)
{
	(void)state;
	assert_renders("- one\n- two\n", 0, "<ul>\n<li>one\n</li>\n<li>two\n</li>\n</ul>\n");
	assert_renders("3. three\n4. four", 0, "<ol start=\"3\">\n<li>three\n</li>\n<li>four\n</li>\n</ol>\n");
	assert_renders("- a\n  - b\n  - c\n- d", 0,
		       "<ul>\n<li>a\n<ul>\n<li>b\n</li>\n<li>c\n</li>\n</ul>\n</li>\n<li>d\n</li>\n</ul>\n");
	/* A lazy continuation line belongs to the item. */
	assert_renders("- long item\ncontinued\n\npara", 0,
		       "<ul>\n<li>long item\ncontinued\n</li>\n</ul>\n<p>para</p>\n");
	/* A different marker starts a new list; a paragraph interrupts. */
	assert_renders("- a\n+ b", 0, "<ul>\n<li>a\n</li>\n</ul>\n<ul>\n<li>b\n</li>\n</ul>\n");
	assert_renders("text\n- item", 0, "<p>text</p>\n<ul>\n<li>item\n</li>\n</ul>\n");
	/* "2019. " inside a paragraph is text; a list starting at 1 interrupts. */
	assert_renders("In\n2019. we", 0, "<p>In\n2019. we</p>\n");
	/* Loose items (a blank line inside) get paragraphs. */
	assert_renders("- a\n\n  more\n- b", 0,
		       "<ul>\n<li><p>a</p>\n<p>more</p>\n</li>\n<li>b\n</li>\n</ul>\n");
}

static void test_inline(void **state)
{
	(void)state;
	assert_renders("**bold** and *em* and __b__ and _e_", 0,
		       "<p><strong>bold</strong> and <em>em</em> and <strong>b</strong> and <em>e</em></p>\n");
	assert_renders("*a **b** c*", 0, "<p><em>a <strong>b</strong> c</em></p>\n");
	assert_renders("snake_case_name and 2 * 3 * 4", 0, "<p>snake_case_name and 2 * 3 * 4</p>\n");
	assert_renders("** not bold**", 0, "<p>** not bold**</p>\n");
	assert_renders("`a * b` and ``x ` y``", 0, "<p><code>a * b</code> and <code>x ` y</code></p>\n");
	assert_renders("\\*not em\\*", 0, "<p>*not em*</p>\n");
	assert_renders("[JIPDEC](https://isms.jp/) [mail](mailto:a@example.com)", 0,
		       "<p><a href=\"https://isms.jp/\" rel=\"noopener noreferrer\">JIPDEC</a> "
		       "<a href=\"mailto:a@example.com\" rel=\"noopener noreferrer\">mail</a></p>\n");
	assert_renders("[**bold** link](http://x.example/?a=1&b=2)", 0,
		       "<p><a href=\"http://x.example/?a=1&amp;b=2\" rel=\"noopener noreferrer\"><strong>bold</strong> link</a></p>\n");
}

static void test_escaping(void **state)
{
	(void)state;
	assert_renders("<script>alert(\"x'&\")</script>", 0,
		       "<p>&lt;script&gt;alert(&quot;x&#39;&amp;&quot;)&lt;/script&gt;</p>\n");
	assert_renders("# <img src=x onerror=alert(1)>", 0, "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>\n");
	/* Only http, https and mailto become links. */
	assert_renders("[x](javascript:alert(1))", 0, "<p>[x](javascript:alert(1))</p>\n");
	assert_renders("[x](JaVaScRiPt:alert(1))", 0, "<p>[x](JaVaScRiPt:alert(1))</p>\n");
	assert_renders("[x](data:text/html,<b>)", 0, "<p>[x](data:text/html,&lt;b&gt;)</p>\n");
	assert_renders("[x](/relative)", 0, "<p>[x](/relative)</p>\n");
	/* Quotes in a URL stay inside the attribute. */
	assert_renders("[x](https://a.example/\"onmouseover=alert(1))", 0,
		       "<p><a href=\"https://a.example/&quot;onmouseover=alert(1\" rel=\"noopener noreferrer\">x</a>)</p>\n");
	/* A link inside a link's text is text. */
	assert_renders("[a [b](https://b.example/)](https://a.example/)", 0,
		       "<p><a href=\"https://a.example/\" rel=\"noopener noreferrer\">a [b](https://b.example/)</a></p>\n");
}

/* The tags of our output, checked as a stack: every tag is one we write,
 * every one opened is closed, in order; no other '<' in the output. */
static bool balanced(const char *html)
{
	static const char *const tags[] = { "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li",
					    "blockquote", "pre", "code", "strong", "em", "a", "hr" };
	char stack[256][12];
	size_t depth = 0;

	for (const char *p = html; (p = strchr(p, '<')); p++) {
		bool close = p[1] == '/';
		const char *name = p + 1 + close;
		size_t len = strcspn(name, " >");
		bool known = false;

		for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
			known |= strlen(tags[i]) == len && !strncmp(tags[i], name, len);
		if (!known || len >= sizeof(stack[0]))
			return false;
		if (len == 2 && !strncmp(name, "hr", 2))
			continue;
		if (close) {
			if (!depth || strncmp(stack[depth - 1], name, len) || stack[depth - 1][len])
				return false;
			depth--;
		} else {
			if (depth == sizeof(stack) / sizeof(stack[0]))
				return false;
			memcpy(stack[depth], name, len);
			stack[depth++][len] = '\0';
			/* An attribute value never holds a raw quote or '<'. */
			if (name[len] == ' ') {
				const char *end = strchr(name, '>');

				if (!end || memchr(name, '<', (size_t)(end - name)))
					return false;
			}
		}
	}
	return depth == 0;
}

static void test_random_input_stays_balanced(void **state)
{
	static const char alphabet[] = "*_`[]()#>-+1.) \n\n  \t<>\"'&\\ahttps://x:mailto";
	unsigned seed = 12345;
	char buf[200];

	(void)state;
	for (int round = 0; round < 50000; round++) {
		size_t len = (size_t)(seed % (sizeof(buf) - 1));

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		buf[len] = '\0';
		seed = seed * 1103515245u + 12345u;
		if (!balanced(render(buf, round % 3))) {
			print_error("input %d: \"%s\"\noutput: %s\n", round, buf, render(buf, round % 3));
			fail();
		}
	}
}

/* Hostile shapes at the policy's size limit finish (linear work): a
 * quadratic renderer would run into the test's timeout. */
static void test_large_hostile_input(void **state)
{
	static const char *const units[] = { "*a ", "**a ", "[", "` ", "_a ", "- x\n", "> ", "  - x\n", "1. " };
	struct sbuf in = SBUF_INIT, out = SBUF_INIT;

	(void)state;
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		sbuf_reset(&in);
		sbuf_reset(&out);
		while (in.len < 100000)
			sbuf_addstr(&in, units[u]);
		markdown_html(in.buf, in.len, 1, &out);
		assert_true(out.len >= in.len / 2);
		assert_true(balanced(out.buf));
	}
	/* Deep nesting is cut off, not followed. */
	sbuf_reset(&in);
	for (int i = 0; i < 5000; i++)
		sbuf_addstr(&in, "> ");
	sbuf_addstr(&in, "deep");
	sbuf_reset(&out);
	markdown_html(in.buf, in.len, 0, &out);
	assert_true(balanced(out.buf));
	assert_non_null(strstr(out.buf, "deep"));
	sbuf_release(&in);
	sbuf_release(&out);
}

/* Brackets that nest or repeat, and URLs that never end: the links'
 * reading stays linear, counted in steps (a clock is no measure on a
 * shared machine). Before brackets were matched in one pass, 100,000
 * characters of "[[[…]]]" took some 2.5 billion steps. */
static void test_links_stay_linear(void **state)
{
	static const struct {
		const char *unit, *tail;
	} shapes[] = {
		{ "[", "" },        /* openers only */
		{ "[", "]" },       /* 50,000 deep, closed: "]" repeated as the tail */
		{ "[a](x", "" },    /* every URL runs to the end */
		{ "[a](x", ")" },   /* one ")" far away, and no scheme */
		{ "[a](http://x", "\x01)" }, /* a scheme, and a control character far away */
		{ "*a ` ", "" },    /* emphasis over code spans that do not close */
	};
	struct sbuf in = SBUF_INIT, out = SBUF_INIT;

	(void)state;
	for (size_t u = 0; u < sizeof(shapes) / sizeof(shapes[0]); u++) {
		size_t steps = 0, n = strcmp(shapes[u].tail, "]") ? 100000 : 50000;

		sbuf_reset(&in);
		sbuf_reset(&out);
		while (in.len < n)
			sbuf_addstr(&in, shapes[u].unit);
		if (!strcmp(shapes[u].tail, "]"))
			while (in.len < 2 * n)
				sbuf_addch(&in, ']');
		else
			sbuf_addstr(&in, shapes[u].tail);
		markdown_html_count(in.buf, in.len, 0, &out, &steps);
		print_message("%-16s %zu bytes, %zu steps\n", shapes[u].unit, in.len, steps);
		assert_true(steps <= 16 * in.len);
		assert_true(balanced(out.buf));
		assert_null(strstr(out.buf, "<a "));
	}
	/* The same reading still finds the links. */
	assert_renders("[a [b] c](https://x.example/)", 0,
		       "<p><a href=\"https://x.example/\" rel=\"noopener noreferrer\">a [b] c</a></p>\n");
	assert_renders("[[x](https://a.example/)]", 0,
		       "<p>[<a href=\"https://a.example/\" rel=\"noopener noreferrer\">x</a>]</p>\n");
	assert_renders("[a](x [b](https://b.example/) [c](https://c.example/ d)", 0,
		       "<p>[a](x <a href=\"https://b.example/\" rel=\"noopener noreferrer\">b</a> "
		       "[c](https://c.example/ d)</p>\n");
	assert_renders("\\[not](https://x.example/) [a\\]b](https://y.example/)", 0,
		       "<p>[not](https://x.example/) <a href=\"https://y.example/\" rel=\"noopener noreferrer\">a]b</a></p>\n");
	assert_renders("*a `x``` b*", 0, "<p><em>a `x``` b</em></p>\n");
	sbuf_release(&in);
	sbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_inline),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_random_input_stays_balanced),
		cmocka_unit_test(test_large_hostile_input),
		cmocka_unit_test(test_links_stay_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
