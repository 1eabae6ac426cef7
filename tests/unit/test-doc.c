/* test-doc.c - the neutral document and its writers: CSV bytes, JSON, HTML, SVG, XLSX read back. */
#include "helpers.h"

#include <expat.h>
#include <jansson.h>

#include "isms/doc.h"
#include "isms/tabin.h"
#include "report/markdown.h"

/* A small document with everything a writer must handle: Japanese, a
 * formula-looking cell, quotes, a line break, markup, a number column with
 * a negative value, empty cells, styles, a heat map and a bar chart. */
static struct doc *sample(void)
{
	struct doc *d = doc_new("sample", "資産目録 <test>", "ja");
	struct doc_table *t;
	struct doc_chart *c;
	static const char *const rows[] = { "高", "低" };
	static const char *const cols[] = { "1", "2", "3" };

	doc_meta(d, "organisation", "組織", "株式会社サンプル & Co");
	doc_meta(d, "date", "日付", "2026-01-31");
	doc_heading(d, 1, "概要");
	doc_para(d, "<script>alert(1)</script>");
	doc_kv(d, "assets", "資産数", "3");
	doc_kv(d, "owners", "管理責任者なし", "1");
	t = doc_table(d, "assets", "資産");
	doc_col(t, "code", "資産ID", DOC_TEXT, 10);
	doc_col(t, "name", "資産名", DOC_TEXT, 0);
	doc_col(t, "c", "機密性", DOC_NUMBER, 0);
	doc_col(t, "due", "期限", DOC_DATE, 0);
	doc_row(t);
	doc_set(t, 0, "A-001");
	doc_set(t, 1, "=HYPERLINK(\"http://x\")");
	doc_set_int(t, 2, -3);
	doc_set(t, 3, "2026-02-28");
	doc_set_style(t, 2, DOC_STYLE_BAD);
	doc_row(t);
	doc_set(t, 0, "A-002");
	doc_set(t, 1, "顧客台帳, \"重要\"\n二行目");
	doc_set_int(t, 2, 12);
	doc_row(t);
	doc_set(t, 0, "@A-003");
	doc_set_main(t);
	c = doc_heatmap(d, "matrix", "リスクマトリクス", "発生可能性", "影響度", 2, rows, 3, cols);
	doc_heatmap_set(c, 0, 2, 5, "#ff0000", "高");
	doc_heatmap_set(c, 1, 0, 2, "not-a-colour\"><x", NULL);
	c = doc_barchart(d, "types", "種別", "件数");
	doc_bar(c, "情報", 7, NULL);
	doc_bar(c, "<b>", 0, "#00ff00");
	return d;
}

static void test_build(void **state)
{
	struct doc *d = sample();

	(void)state;
	assert_string_equal(d->kind, "sample");
	assert_string_equal(d->lang, "ja");
	assert_int_equal(d->nmeta, 2);
	doc_meta(d, "date", "日付", "2026-02-01");
	assert_int_equal(d->nmeta, 2);
	assert_string_equal(doc_meta_get(d, "date"), "2026-02-01");
	assert_null(doc_meta_get(d, "nothing"));
	/* heading, paragraph, one kv block with two pairs, table, two charts */
	assert_int_equal(d->nblocks, 6);
	assert_int_equal(d->blocks[2].kind, DOC_KV);
	assert_int_equal(d->blocks[2].nkv, 2);
	assert_int_equal(d->main_table->nrows, 3);
	assert_null(doc_cell(d->main_table, 2, 1)->v);
	assert_int_equal(doc_cell(d->main_table, 0, 2)->style, DOC_STYLE_BAD);
	doc_free(d);
}

/* Users' Markdown on paper: headings, bullets, bold without its markers,
 * and links as their text with the address after it. */
static void test_markdown(void **state)
{
	struct doc *d = doc_new("policy", "Policy", "en");

	(void)state;
	doc_markdown(d,
		     "# Rules\n\nSee [the rules](https://example.com/r) and **this**.\n"
		     "- ask [IT](mailto:it@example.com)\n\n[not a link] (x) and [a b](c d)\n",
		     0);
	assert_int_equal(d->nblocks, 4);
	assert_int_equal(d->blocks[0].kind, DOC_HEADING);
	assert_string_equal(d->blocks[0].text, "Rules");
	assert_string_equal(d->blocks[1].text, "See the rules (https://example.com/r) and this.");
	assert_string_equal(d->blocks[2].text, "\xe2\x80\xa2 ask IT (mailto:it@example.com)");
	assert_string_equal(d->blocks[3].text, "[not a link] (x) and [a b](c d)");
	doc_free(d);
}

static void test_formats(void **state)
{
	enum doc_format f;

	(void)state;
	assert_true(doc_format_parse("xlsx", &f));
	assert_int_equal(f, DOC_XLSX);
	assert_false(doc_format_parse("XLSX", &f));
	assert_false(doc_format_parse("table", &f));
	assert_string_equal(doc_format_name(DOC_HTML), "html");
	assert_string_equal(doc_format_ext(DOC_CSV), "csv");
	assert_true(doc_format_available(DOC_CSV));
	assert_true(doc_format_available(DOC_XLSX));
	assert_string_equal(doc_style_colour(DOC_STYLE_GOOD), "#c6efce");
	assert_null(doc_style_colour(DOC_STYLE_NONE));
}

static void test_csv_bytes(void **state)
{
	struct doc *d = sample();
	struct sbuf sb = SBUF_INIT;
	struct isms_err err;

	(void)state;
	assert_ok(doc_write(d, DOC_CSV, &sb, &err), &err);
	assert_string_equal(sb.buf,
			    "\xef\xbb\xbf"
			    "資産ID,資産名,機密性,期限\r\n"
			    "A-001,\"'=HYPERLINK(\"\"http://x\"\")\",-3,2026-02-28\r\n"
			    "A-002,\"顧客台帳, \"\"重要\"\"\n二行目\",12,\r\n"
			    "\"'@A-003\",,,\r\n");
	sbuf_release(&sb);
	doc_free(d);
}

static void test_csv_every_table(void **state)
{
	struct doc *d = doc_new("two", "Two", "en");
	struct doc_table *t;
	struct sbuf sb = SBUF_INIT;
	struct isms_err err;

	(void)state;
	t = doc_table(d, "a", "First");
	doc_col(t, "x", "X", DOC_TEXT, 0);
	doc_row(t);
	doc_set(t, 0, "1");
	t = doc_table(d, "b", "Second");
	doc_col(t, "y", "Y", DOC_NUMBER, 0);
	doc_row(t);
	doc_set(t, 0, "-2");
	assert_ok(doc_write(d, DOC_CSV, &sb, &err), &err);
	assert_string_equal(sb.buf, "\xef\xbb\xbf" "First\r\nX\r\n1\r\n\r\nSecond\r\nY\r\n-2\r\n");
	sbuf_release(&sb);
	doc_free(d);
}

static void test_json(void **state)
{
	struct doc *d = sample();
	struct sbuf sb = SBUF_INIT;
	struct isms_err err;
	json_error_t je;
	json_t *o, *blocks, *table, *rows, *chart;

	(void)state;
	assert_ok(doc_write(d, DOC_JSON, &sb, &err), &err);
	o = json_loads(sb.buf, 0, &je);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "title")), "資産目録 <test>");
	assert_string_equal(json_string_value(json_object_get(json_object_get(o, "meta"), "organisation")),
			    "株式会社サンプル & Co");
	blocks = json_object_get(o, "blocks");
	assert_int_equal(json_array_size(blocks), 6);
	table = json_array_get(blocks, 3);
	assert_string_equal(json_string_value(json_object_get(table, "type")), "table");
	rows = json_object_get(table, "rows");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "c")), -3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "name")),
			    "=HYPERLINK(\"http://x\")");
	assert_true(json_is_null(json_object_get(json_array_get(rows, 2), "name")));
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(json_array_get(rows, 0), "_style"), "c")),
			    "bad");
	chart = json_array_get(blocks, 4);
	assert_string_equal(json_string_value(json_object_get(chart, "chart")), "heatmap");
	assert_int_equal(json_integer_value(json_object_get(
				 json_array_get(json_array_get(json_object_get(chart, "cells"), 0), 2), "count")),
			 5);
	json_decref(o);
	sbuf_release(&sb);
	doc_free(d);
}

/* Well-formed XML (the HTML writer writes XHTML-compatible markup) with
 * expat; counts elements by name. */
struct xml_count {
	int svg, table, tr, script, rect;
};

static void XMLCALL count_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xml_count *c = data;

	(void)atts;
	c->svg += !strcmp(name, "svg");
	c->table += !strcmp(name, "table");
	c->tr += !strcmp(name, "tr");
	c->script += !strcmp(name, "script");
	c->rect += !strcmp(name, "rect");
}

static void XMLCALL count_end(void *data, const XML_Char *name)
{
	(void)data, (void)name;
}

static bool well_formed(const char *xml, struct xml_count *c)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	bool ok;

	memset(c, 0, sizeof(*c));
	XML_SetUserData(p, c);
	XML_SetElementHandler(p, count_start, count_end);
	ok = XML_Parse(p, xml, (int)strlen(xml), 1) == XML_STATUS_OK;
	if (!ok)
		print_error("XML error %s at line %lu\n", XML_ErrorString(XML_GetErrorCode(p)),
			    (unsigned long)XML_GetCurrentLineNumber(p));
	XML_ParserFree(p);
	return ok;
}

static void test_html(void **state)
{
	struct doc *d = sample();
	struct sbuf sb = SBUF_INIT, body = SBUF_INIT;
	struct isms_err err;
	struct xml_count c;
	const char *start;

	(void)state;
	assert_ok(doc_write(d, DOC_HTML, &sb, &err), &err);
	assert_non_null(strstr(sb.buf, "<!DOCTYPE html>\n<html lang=\"ja\">"));
	assert_non_null(strstr(sb.buf, "<title>資産目録 &lt;test&gt;</title>"));
	assert_non_null(strstr(sb.buf, "@media print"));
	assert_non_null(strstr(sb.buf, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_null(strstr(sb.buf, "<script>"));
	assert_non_null(strstr(sb.buf, "<td class=\"num s-bad\">-3</td>"));
	assert_non_null(strstr(sb.buf, "株式会社サンプル &amp; Co"));
	/* a colour that is not #rrggbb never reaches an attribute */
	assert_null(strstr(sb.buf, "not-a-colour"));
	/* everything after the doctype is well-formed XML */
	start = strstr(sb.buf, "<html");
	assert_true(well_formed(start, &c));
	assert_int_equal(c.table, 1);
	assert_int_equal(c.tr, 4);
	assert_int_equal(c.svg, 2);
	assert_int_equal(c.script, 0);
	doc_write_html_body(d, &body);
	assert_true(!strncmp(body.buf, "<article class=\"isms-doc\"", 25));
	assert_non_null(strstr(sb.buf, body.buf));
	sbuf_release(&body);
	sbuf_release(&sb);
	doc_free(d);
}

static void test_svg(void **state)
{
	struct doc *d = sample();
	struct sbuf sb = SBUF_INIT;
	struct xml_count c;

	(void)state;
	doc_chart_svg(d->blocks[4].chart, &sb);
	assert_true(well_formed(sb.buf, &c));
	assert_int_equal(c.svg, 1);
	assert_int_equal(c.rect, 6);
	assert_non_null(strstr(sb.buf, "fill=\"#ff0000\""));
	/* white text on the dark red cell, black on white */
	assert_non_null(strstr(sb.buf, "fill=\"#ffffff\" font-size=\"14\" font-weight=\"bold\">5</text>"));
	assert_non_null(strstr(sb.buf, ">発生可能性</text>"));
	sbuf_reset(&sb);
	doc_chart_svg(d->blocks[5].chart, &sb);
	assert_true(well_formed(sb.buf, &c));
	assert_int_equal(c.rect, 2);
	assert_non_null(strstr(sb.buf, "&lt;b&gt;"));
	/* the longest bar is the largest count; a zero count has no width */
	assert_non_null(strstr(sb.buf, "width=\"320\""));
	assert_non_null(strstr(sb.buf, "width=\"0\""));
	sbuf_release(&sb);
	doc_free(d);
}

/* The workbook read back with our own reader, cell by cell: the header
 * block, then the table with numbers and dates typed. */
static void test_xlsx_roundtrip(void **state)
{
	struct doc *d = sample();
	struct sbuf sb = SBUF_INIT;
	struct isms_err err;
	struct tabin t;
	const struct tabin_row *r;

	(void)state;
	assert_ok(doc_write(d, DOC_XLSX, &sb, &err), &err);
	assert_true(sb.len > 1000);
	assert_memory_equal(sb.buf, "PK\3\4", 4);
	assert_ok(tabin_read_xlsx(sb.buf, sb.len, NULL, &t, &err), &err);
	/* title, 2 metadata rows, (blank), header, 3 rows */
	assert_int_equal(t.nrows, 7);
	assert_string_equal(tabin_cell(&t.rows[0], 1), "資産目録 <test>");
	assert_int_equal(t.rows[0].line, 1);
	assert_string_equal(tabin_cell(&t.rows[1], 1), "組織");
	assert_string_equal(tabin_cell(&t.rows[1], 2), "株式会社サンプル & Co");
	r = &t.rows[3];
	assert_int_equal(r->line, 5);
	assert_string_equal(tabin_cell(r, 1), "資産ID");
	assert_string_equal(tabin_cell(r, 4), "期限");
	r = &t.rows[4];
	assert_string_equal(tabin_cell(r, 1), "A-001");
	assert_string_equal(tabin_cell(r, 2), "=HYPERLINK(\"http://x\")");
	assert_string_equal(tabin_cell(r, 3), "-3");
	assert_string_equal(tabin_cell(r, 4), "2026-02-28");
	r = &t.rows[5];
	assert_string_equal(tabin_cell(r, 2), "顧客台帳, \"重要\"\n二行目");
	assert_string_equal(tabin_cell(r, 3), "12");
	assert_string_equal(tabin_cell(r, 4), "");
	r = &t.rows[6];
	assert_string_equal(tabin_cell(r, 1), "@A-003");
	tabin_release(&t);
	sbuf_release(&sb);
	doc_free(d);
}

/* A document without a main table gets a first sheet with the other
 * blocks, and each table a sheet; a big table is streamed. */
static void test_xlsx_file_big(void **state)
{
	char *dir = test_tmpdir(), *path;
	struct doc *d = doc_new("big", "Big", "en");
	struct doc_table *t = doc_table(d, "rows", "Rows");
	struct isms_err err;
	struct tabin tin;

	(void)state;
	doc_para(d, "intro");
	doc_col(t, "n", "N", DOC_NUMBER, 0);
	doc_col(t, "s", "S", DOC_TEXT, 0);
	for (int i = 0; i < 25000; i++) {
		doc_row(t);
		doc_set_int(t, 0, i);
		doc_setf(t, 1, "row %d", i);
	}
	if (asprintf(&path, "%s/big.xlsx", dir) < 0)
		abort();
	assert_ok(doc_write_file(d, DOC_XLSX, path, &err), &err);
	/* the first sheet is the summary: its first cell is the title */
	{
		FILE *f = fopen(path, "rb");
		char *buf = malloc(8 << 20);
		size_t n = fread(buf, 1, 8 << 20, f);

		fclose(f);
		assert_ok(tabin_read_xlsx(buf, n, NULL, &tin, &err), &err);
		assert_string_equal(tabin_cell(&tin.rows[0], 1), "Big");
		assert_string_equal(tabin_cell(&tin.rows[1], 1), "Rows");
		assert_string_equal(tabin_cell(&tin.rows[2], 1), "intro");
		tabin_release(&tin);
		free(buf);
	}
	free(path);
	test_rmrf(dir);
	free(dir);
	doc_free(d);
}

static void test_write_file_errors(void **state)
{
	struct doc *d = sample();
	struct isms_err err;

	(void)state;
	assert_int_equal(doc_write_file(d, DOC_CSV, "/nonexistent-dir/x.csv", &err), ISMS_EIO);
	assert_non_null(strstr(err.msg, "/nonexistent-dir/x.csv"));
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_csv_bytes),
		cmocka_unit_test(test_csv_every_table),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_xlsx_roundtrip),
		cmocka_unit_test(test_xlsx_file_big),
		cmocka_unit_test(test_write_file_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
