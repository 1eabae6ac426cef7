/* test-util.c - sbuf, arena, UTF-8, the HTML and JSON writers and the table writers. */
#include "helpers.h"

#include "isms/arena.h"
#include "isms/html.h"
#include "isms/json.h"
#include "isms/sbuf.h"
#include "isms/table.h"
#include "isms/utf8.h"
#include "isms/xalloc.h"

static void test_sbuf_basics(void **state)
{
	struct sbuf sb = SBUF_INIT;
	char *p;
	size_t len;

	(void)state;
	assert_string_equal(sb.buf, "");
	sbuf_addstr(&sb, "abc");
	sbuf_addch(&sb, '-');
	sbuf_addf(&sb, "%d/%s", 42, "x");
	assert_string_equal(sb.buf, "abc-42/x");
	assert_int_equal(sb.len, 8);
	sbuf_addstr(&sb, "  \n");
	sbuf_rtrim(&sb);
	assert_string_equal(sb.buf, "abc-42/x");
	p = sbuf_detach(&sb, &len);
	assert_string_equal(p, "abc-42/x");
	assert_int_equal(len, 8);
	assert_string_equal(sb.buf, "");
	free(p);
	/* detach of an empty buffer still hands over a string to free */
	p = sbuf_detach(&sb, NULL);
	assert_string_equal(p, "");
	free(p);
}

static void test_sbuf_limit(void **state)
{
	struct sbuf sb;

	(void)state;
	sbuf_init(&sb, 5);
	sbuf_addstr(&sb, "1234");
	assert_false(sb.overflow);
	sbuf_addstr(&sb, "56");
	assert_true(sb.overflow);
	assert_string_equal(sb.buf, "1234");
	sbuf_addch(&sb, 'x');
	assert_string_equal(sb.buf, "1234");
	sbuf_release(&sb);
}

static void test_sbuf_grows(void **state)
{
	struct sbuf sb = SBUF_INIT;

	(void)state;
	for (int i = 0; i < 10000; i++)
		sbuf_addstr(&sb, "0123456789");
	assert_int_equal(sb.len, 100000);
	assert_int_equal(strlen(sb.buf), 100000);
	sbuf_release(&sb);
}

static void test_arena(void **state)
{
	struct arena a = ARENA_INIT;
	char *big;

	(void)state;
	for (int i = 0; i < 5000; i++) {
		char *s = arena_printf(&a, "row %d", i);

		assert_string_equal(s, i == 0 ? "row 0" : s);
		assert_int_equal(((uintptr_t)s) % 16, 0);
	}
	big = arena_alloc(&a, 1 << 20);
	memset(big, 'x', 1 << 20);
	assert_string_equal(arena_strdup(&a, "after big"), "after big");
	assert_null(arena_strdup(&a, NULL));
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	arena_release(&a);
	assert_null(a.head);
}

static void test_utf8_valid(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_true(utf8_valid("plain", 5, NULL));
	assert_true(utf8_valid("適用宣言書", strlen("適用宣言書"), NULL));
	assert_true(utf8_valid("\xf0\x9f\x98\x80", 4, NULL));
	/* overlong "/" */
	assert_false(utf8_valid("a\xc0\xaf", 3, &bad));
	assert_int_equal(bad, 1);
	/* surrogate */
	assert_false(utf8_valid("\xed\xa0\x80", 3, NULL));
	/* beyond U+10FFFF */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4, NULL));
	/* truncated sequence */
	assert_false(utf8_valid("ab\xe3\x81", 4, &bad));
	assert_int_equal(bad, 2);
	/* Shift_JIS bytes of "資産" are not UTF-8 */
	assert_false(utf8_valid("\x8e\x91\x8e\x59", 4, NULL));
}

static void test_utf8_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("資産目録"), 8);
	assert_int_equal(utf8_width("ｱｲｳ"), 3); /* halfwidth katakana */
	assert_int_equal(utf8_width("Ａ"), 2);  /* fullwidth A */
	assert_int_equal(utf8_length("資産A"), 3);
	assert_int_equal(utf8_bom_len("\xef\xbb\xbfx", 4), 3);
	assert_int_equal(utf8_bom_len("x", 1), 0);
}

static void test_html_escapes_by_default(void **state)
{
	struct sbuf sb = SBUF_INIT;

	(void)state;
	html_printf(&sb, "<td title=\"%s\">%s</td><td>%d%%</td>",
		    "a\"b'c", "<script>alert(1)</script>&", 42);
	assert_string_equal(sb.buf,
			    "<td title=\"a&quot;b&#39;c\">&lt;script&gt;alert(1)&lt;/script&gt;&amp;</td><td>42%</td>");
	sbuf_reset(&sb);
	html_raw(&sb, "<br>");
	{
		const char *volatile none = NULL;

		html_printf(&sb, "%zu|%lld|%s", (size_t)7, -5LL, none);
	}
	assert_string_equal(sb.buf, "<br>7|-5|");
	sbuf_reset(&sb);
	html_url_escape(&sb, "a b/資");
	assert_string_equal(sb.buf, "a%20b%2F%E8%B3%87");
	sbuf_release(&sb);
}

static void test_json_writer(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct isms_err err;
	json_t *o = json_object(), *e;

	(void)state;
	json_set_str(o, "s", "quote\" and </script> and 資産");
	json_set_str(o, "n", NULL);
	json_set_int(o, "i", 7);
	json_set_bool(o, "b", 1);
	json_write(&sb, o, 0);
	assert_string_equal(sb.buf,
			    "{\"s\":\"quote\\\" and </script> and 資産\",\"n\":null,\"i\":7,\"b\":true}");
	json_decref(o);
	sbuf_reset(&sb);
	isms_err_set(&err, ISMS_EINVAL, "bad %s", "thing");
	isms_err_hint(&err, "Do this.");
	isms_err_field(&err, "name");
	isms_err_pos(&err, 3, 4);
	e = json_from_err(&err);
	json_write(&sb, e, 0);
	assert_string_equal(sb.buf, "{\"error\":{\"code\":\"invalid\",\"message\":\"bad thing\",\"hint\":\"Do this.\",\"field\":\"name\",\"line\":3,\"column\":4}}");
	json_decref(e);
	sbuf_release(&sb);
}

static void test_table_writers(void **state)
{
	struct rtable t;
	struct sbuf sb = SBUF_INIT;

	(void)state;
	rtable_init(&t);
	rtable_col(&t, "id", "ID", RCELL_TEXT);
	rtable_col(&t, "name", "名前", RCELL_TEXT);
	rtable_col(&t, "value", "Value", RCELL_NUMBER);
	rtable_row(&t);
	rtable_set(&t, 0, "A-1");
	rtable_set(&t, 1, "=HYPERLINK(\"http://x\")");
	rtable_set(&t, 2, "-3");
	rtable_row(&t);
	rtable_set(&t, 0, "A-2");
	rtable_set(&t, 1, "資産, \"一\"");
	rtable_set(&t, 2, "12");

	rtable_write(&t, RTABLE_CSV, &sb);
	assert_string_equal(sb.buf, "id,name,value\r\n"
				    "A-1,\"'=HYPERLINK(\"\"http://x\"\")\",-3\r\n"
				    "A-2,\"資産, \"\"一\"\"\",12\r\n");
	sbuf_reset(&sb);
	rtable_write(&t, RTABLE_TEXT, &sb);
	assert_string_equal(sb.buf, "ID   名前                    Value\n"
				    "---  ----------------------  -----\n"
				    "A-1  =HYPERLINK(\"http://x\")     -3\n"
				    "A-2  資産, \"一\"                 12\n");
	sbuf_reset(&sb);
	rtable_write(&t, RTABLE_JSON, &sb);
	assert_non_null(strstr(sb.buf, "\"value\": -3"));
	assert_non_null(strstr(sb.buf, "\"name\": \"=HYPERLINK(\\\"http://x\\\")\""));
	sbuf_release(&sb);
	rtable_release(&t);
}

static void test_parse_and_dates(void **state)
{
	long long v;

	(void)state;
	assert_true(isms_parse_int("2022", 0, 9999, &v));
	assert_int_equal(v, 2022);
	assert_false(isms_parse_int("20x", 0, 9999, &v));
	assert_false(isms_parse_int("", 0, 9999, &v));
	assert_false(isms_parse_int(" 1", 0, 9999, &v));
	assert_false(isms_parse_int("10000", 0, 9999, &v));
	assert_true(isms_date_valid("2024-02-29"));
	assert_false(isms_date_valid("2023-02-29"));
	assert_false(isms_date_valid("2023-13-01"));
	assert_false(isms_date_valid("2023-1-01"));
}

static void test_sha256(void **state)
{
	char out[ISMS_SHA256_HEX];

	(void)state;
	isms_sha256_hex("abc", 3, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sbuf_basics),
		cmocka_unit_test(test_sbuf_limit),
		cmocka_unit_test(test_sbuf_grows),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_width),
		cmocka_unit_test(test_html_escapes_by_default),
		cmocka_unit_test(test_json_writer),
		cmocka_unit_test(test_table_writers),
		cmocka_unit_test(test_parse_and_dates),
		cmocka_unit_test(test_sha256),
	};

	if (!isms_crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
