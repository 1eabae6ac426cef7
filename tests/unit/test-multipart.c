/* test-multipart.c - the multipart/form-data reader of the web server (web/multipart.c): boundaries, parts, files, limits and malformed bodies. */
#include "helpers.h"

#include "isms/arena.h"
#include "web.h"

#define BODY(s) s, sizeof(s) - 1

struct parsed {
	struct arena a;
	struct mp_part *parts;
	size_t n;
	struct isms_err err;
	enum isms_rc rc;
};

static void parse(struct parsed *p, const char *boundary, const char *body, size_t len, size_t max)
{
	memset(p, 0, sizeof(*p));
	p->rc = multipart_parse(&p->a, boundary, body, len, max, &p->parts, &p->n, &p->err);
}

static void test_boundary(void **state)
{
	struct arena a = ARENA_INIT;
	char long_b[100];

	(void)state;
	assert_string_equal(multipart_boundary(&a, "multipart/form-data; boundary=abc"), "abc");
	assert_string_equal(multipart_boundary(&a, "Multipart/Form-Data;boundary=\"a b:c\""), "a b:c");
	assert_string_equal(multipart_boundary(&a, "multipart/form-data; charset=utf-8; BOUNDARY=----x"), "----x");
	assert_null(multipart_boundary(&a, "multipart/form-data"));
	assert_null(multipart_boundary(&a, "multipart/form-data; boundary="));
	assert_null(multipart_boundary(&a, "multipart/form-data; boundary=\"ends with space \""));
	assert_null(multipart_boundary(&a, "multipart/form-data; boundary=a; boundary=b"));
	assert_null(multipart_boundary(&a, "multipart/form-data; boundary=\"unclosed"));
	assert_null(multipart_boundary(&a, "multipart/form-data; boundary=bad<char>"));
	assert_null(multipart_boundary(&a, "application/x-www-form-urlencoded; boundary=abc"));
	assert_null(multipart_boundary(&a, NULL));
	memset(long_b, 'x', 71);
	snprintf(long_b + 71, sizeof(long_b) - 71, "%s", "");
	assert_null(multipart_boundary(&a, arena_printf(&a, "multipart/form-data; boundary=%s", long_b)));
	long_b[70] = '\0';
	assert_non_null(multipart_boundary(&a, arena_printf(&a, "multipart/form-data; boundary=%s", long_b)));
	arena_release(&a);
}

static void test_fields_and_files(void **state)
{
	static const char body[] =
		"preamble is ignored\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"csrf\"\r\n"
		"\r\n"
		"0123\r\n"
		"--XyZ  \r\n"
		"content-disposition: form-data; name=\"file\"; filename=\"C:\\\\dir\\\\a \\\"b\\\".csv\"\r\n"
		"Content-Type: text/csv\r\n"
		"X-Other: ignored\r\n"
		"\r\n"
		"line1 --XyZ is no boundary\r\n\0binary\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"empty\"\r\n"
		"\r\n"
		"\r\n"
		"--XyZ--\r\n"
		"epilogue --XyZ\r\n";
	struct parsed p;

	(void)state;
	parse(&p, "XyZ", body, sizeof(body) - 1, 10);
	assert_int_equal(p.rc, ISMS_OK);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.parts[0].name, "csrf");
	assert_null(p.parts[0].filename);
	assert_int_equal(p.parts[0].len, 4);
	assert_memory_equal(p.parts[0].data, "0123", 4);
	assert_string_equal(p.parts[1].name, "file");
	assert_string_equal(p.parts[1].filename, "C:\\dir\\a \"b\".csv");
	assert_string_equal(p.parts[1].type, "text/csv");
	/* The content is kept byte for byte, NUL and boundary-like text too. */
	assert_int_equal(p.parts[1].len, sizeof("line1 --XyZ is no boundary\r\n\0binary") - 1);
	assert_memory_equal(p.parts[1].data, "line1 --XyZ is no boundary\r\n\0binary", p.parts[1].len);
	assert_string_equal(p.parts[2].name, "empty");
	assert_int_equal(p.parts[2].len, 0);
	arena_release(&p.a);
}

static void test_empty_form(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "b", BODY("--b--\r\n"), 4);
	assert_int_equal(p.rc, ISMS_OK);
	assert_int_equal(p.n, 0);
	arena_release(&p.a);
}

static void test_malformed(void **state)
{
	static const struct {
		const char *body;
		const char *why;
	} cases[] = {
		{ "", "empty" },
		{ "no boundary at all", "no opening boundary" },
		{ "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nvalue", "no closing boundary" },
		{ "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n", "headers that do not end" },
		{ "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--", "no name" },
		{ "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--b--", "an empty name" },
		{ "--b\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nx\r\n--b--", "not form-data" },
		{ "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "no Content-Disposition" },
		{ "--b\r\nContent-Disposition form-data; name=\"x\"\r\n\r\nx\r\n--b--", "a header without a colon" },
		{ "--b\r\n: value\r\n\r\nx\r\n--b--", "a header without a name" },
		{ "--b\r\nContent-Disposition: form-data; name=\"x\"; name=\"y\"\r\n\r\nx\r\n--b--", "two names" },
		{ "--b\r\nContent-Disposition: form-data; name=\"x\"\r\nContent-Disposition: form-data; name=\"y\"\r\n\r\nx\r\n--b--",
		  "two dispositions" },
		{ "--b\r\nContent-Disposition: form-data; name=\"unclosed\r\n\r\nx\r\n--b--", "an unclosed quote" },
		{ "--b\r\nContent-Disposition: form-data; name=x y\r\n\r\nx\r\n--b--", "junk after a value" },
		{ "--bX\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nx\r\n--b--", "text after the boundary" },
	};
	struct parsed p;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse(&p, "b", cases[i].body, strlen(cases[i].body), 10);
		if (p.rc != ISMS_EINVAL)
			fail_msg("%s: rc %d", cases[i].why, p.rc);
		assert_string_equal(p.err.msg, "malformed multipart form data");
		assert_true(p.err.detail[0] != '\0');
		arena_release(&p.a);
	}
}

static void test_limits(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct parsed p;

	(void)state;
	for (int i = 0; i < 5; i++)
		sbuf_addf(&sb, "--b\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n", i);
	sbuf_addstr(&sb, "--b--\r\n");
	parse(&p, "b", sb.buf, sb.len, 5);
	assert_int_equal(p.rc, ISMS_OK);
	assert_int_equal(p.n, 5);
	arena_release(&p.a);
	parse(&p, "b", sb.buf, sb.len, 4);
	assert_int_equal(p.rc, ISMS_ELIMIT);
	arena_release(&p.a);
	/* Headers past MP_HEADER_MAX. */
	sbuf_reset(&sb);
	sbuf_addstr(&sb, "--b\r\nContent-Disposition: form-data; name=\"x\"\r\nX-Padding: ");
	for (int i = 0; i < MP_HEADER_MAX; i++)
		sbuf_addch(&sb, 'p');
	sbuf_addstr(&sb, "\r\n\r\nx\r\n--b--\r\n");
	parse(&p, "b", sb.buf, sb.len, 5);
	assert_int_equal(p.rc, ISMS_EINVAL);
	arena_release(&p.a);
	/* A name past MP_NAME_MAX. */
	sbuf_reset(&sb);
	sbuf_addstr(&sb, "--b\r\nContent-Disposition: form-data; name=\"");
	for (int i = 0; i <= MP_NAME_MAX; i++)
		sbuf_addch(&sb, 'n');
	sbuf_addstr(&sb, "\"\r\n\r\nx\r\n--b--\r\n");
	parse(&p, "b", sb.buf, sb.len, 5);
	assert_int_equal(p.rc, ISMS_EINVAL);
	arena_release(&p.a);
	sbuf_release(&sb);
}

/* Every prefix of a good body is refused, never read past its end (the
 * sanitizer build checks the reads). */
static void test_truncated(void **state)
{
	static const char body[] = "--b\r\nContent-Disposition: form-data; name=\"a\"; filename=\"x\"\r\n"
				   "Content-Type: text/plain\r\n\r\nabc\r\n--b--\r\n";
	size_t full = sizeof(body) - 1;

	(void)state;
	for (size_t len = 0; len < full - 4; len++) {
		char *copy = malloc(len ? len : 1);
		struct parsed p;

		memcpy(copy, body, len);
		parse(&p, "b", copy, len, 4);
		if (p.rc == ISMS_OK)
			fail_msg("a body cut at %zu bytes was accepted", len);
		arena_release(&p.a);
		free(copy);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_fields_and_files),
		cmocka_unit_test(test_empty_form),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
