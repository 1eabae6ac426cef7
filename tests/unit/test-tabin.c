/* test-tabin.c - tabular input: CSV encodings and errors, our XLSX reader and its limits, header mapping. */
#include "helpers.h"

#include <zip.h>

#include "isms/sbuf.h"
#include "isms/tabin.h"

#define LIT(s) s, sizeof(s) - 1

static void test_csv_utf8_bom(void **state)
{
	static const char in[] = "\xef\xbb\xbfid,name\r\nA-1,\"two\r\nlines\"\r\n\r\n,,\r\nA-2,\"say \"\"hi\"\"\"\r\n";
	struct isms_err err;
	struct tabin t;

	(void)state;
	assert_ok(tabin_read_csv(in, sizeof(in) - 1, NULL, &t, &err), &err);
	assert_string_equal(t.encoding, "UTF-8 with BOM");
	/* the blank line and the row of empty cells are dropped */
	assert_int_equal(t.nrows, 3);
	assert_string_equal(tabin_cell(&t.rows[0], 1), "id");
	assert_int_equal(t.rows[1].line, 2);
	assert_string_equal(tabin_cell(&t.rows[1], 2), "two\r\nlines");
	/* the record after a two-line cell starts on line 6 */
	assert_int_equal(t.rows[2].line, 6);
	assert_string_equal(tabin_cell(&t.rows[2], 2), "say \"hi\"");
	assert_string_equal(tabin_cell(&t.rows[2], 9), "");
	tabin_release(&t);
}

static void test_csv_sjis(void **state)
{
	/* "資産ID,種別\nA-1,情報\n" in Shift_JIS, with ① (a CP932 extension) */
	static const char in[] = "\x8e\x91\x8e\x59ID,\x8e\xed\x95\xca\nA-1,\x8f\xee\x95\xf1\x87\x40\n";
	struct isms_err err;
	struct tabin t;

	(void)state;
	assert_ok(tabin_read_csv(in, sizeof(in) - 1, NULL, &t, &err), &err);
	assert_string_equal(t.encoding, "Shift_JIS (CP932)");
	assert_string_equal(tabin_cell(&t.rows[0], 1), "資産ID");
	assert_string_equal(tabin_cell(&t.rows[0], 2), "種別");
	assert_string_equal(tabin_cell(&t.rows[1], 2), "情報①");
	tabin_release(&t);
}

static void test_csv_bad_input(void **state)
{
	struct tabin_limits lim = TABIN_LIMITS_DEFAULT;
	struct isms_err err;
	struct tabin t;

	(void)state;
	/* neither UTF-8 nor Shift_JIS: 0x80 alone is not a lead byte in either */
	assert_int_equal(tabin_read_csv(LIT("id\nA-1\n\x80\x80\n"), NULL, &t, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "neither UTF-8 nor Shift_JIS"));
	assert_int_equal(err.line, 3);
	/* UTF-16 */
	assert_int_equal(tabin_read_csv(LIT("\xff\xfei\0d\0"), NULL, &t, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "UTF-16"));
	/* a BOM, then bytes that are not UTF-8 */
	assert_int_equal(tabin_read_csv(LIT("\xef\xbb\xbfid\n\xe3\x81\n"), NULL, &t, &err), ISMS_EINVAL);
	assert_int_equal(err.line, 2);
	/* empty, and only a BOM and blank lines */
	assert_int_equal(tabin_read_csv(LIT(""), NULL, &t, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "empty"));
	assert_int_equal(tabin_read_csv(LIT("\xef\xbb\xbf\r\n\r\n"), NULL, &t, &err), ISMS_EINVAL);
	/* a quote that is never closed */
	assert_int_equal(tabin_read_csv(LIT("id,name\nA-1,\"open\nmore\n"), NULL, &t, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "not closed"));
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 2);
	/* a quote inside an unquoted... after a closing quote */
	assert_int_equal(tabin_read_csv(LIT("id,name\nA-1,\"x\"y\n"), NULL, &t, &err), ISMS_EINVAL);
	assert_int_equal(err.line, 2);
	/* limits: file size, columns, cell length, rows */
	lim.max_file = 10;
	assert_int_equal(tabin_read_csv(LIT("id,name\nA-1,x\n"), &lim, &t, &err), ISMS_ELIMIT);
	lim = (struct tabin_limits)TABIN_LIMITS_DEFAULT;
	lim.max_cols = 2;
	assert_int_equal(tabin_read_csv(LIT("a,b\nA,B,C\n"), &lim, &t, &err), ISMS_ELIMIT);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 3);
	lim = (struct tabin_limits)TABIN_LIMITS_DEFAULT;
	lim.max_cell = 3;
	assert_int_equal(tabin_read_csv(LIT("a\nabcd\n"), &lim, &t, &err), ISMS_ELIMIT);
	assert_int_equal(err.line, 2);
	lim = (struct tabin_limits)TABIN_LIMITS_DEFAULT;
	lim.max_rows = 2;
	assert_int_equal(tabin_read_csv(LIT("a\n1\n2\n"), &lim, &t, &err), ISMS_ELIMIT);
	assert_int_equal(err.line, 3);
}

static void test_fold(void **state)
{
	struct sbuf a = SBUF_INIT;

	(void)state;
	tabin_fold_name("  ＡＳＳＥＴ　ＩＤ ", &a);
	assert_string_equal(a.buf, "assetid");
	sbuf_reset(&a);
	tabin_fold_name("Asset_ID", &a);
	assert_string_equal(a.buf, "assetid");
	sbuf_reset(&a);
	tabin_fold_name("資産 ID", &a);
	assert_string_equal(a.buf, "資産id");
	sbuf_release(&a);
}

static const char *const f_id[] = { "Asset ID", "id", "資産ID", NULL };
static const char *const f_name[] = { "Name", "資産名", NULL };
static const struct tabin_field fields[] = {
	{ "code", f_id, true },
	{ "name", f_name, false },
};

static void test_header(void **state)
{
	static const char in[] = "資産目録,\n組織,Example\n\nname,ＩＤ,備考\nx,A-1,y\n";
	struct tabin_header h;
	struct isms_err err;
	struct tabin t;

	(void)state;
	assert_ok(tabin_read_csv(in, sizeof(in) - 1, NULL, &t, &err), &err);
	/* the rows above the header (a report's title block) are skipped */
	assert_int_equal(tabin_map_header(&t, fields, 2, false, &h, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "unknown column \"備考\""));
	assert_int_equal(err.line, 4);
	assert_int_equal(err.column, 3);
	assert_ok(tabin_map_header(&t, fields, 2, true, &h, &err), &err);
	assert_int_equal(h.header_row, 2);
	assert_int_equal(h.col_of_field[0], 2);
	assert_int_equal(h.col_of_field[1], 1);
	assert_int_equal(h.nunknown, 1);
	assert_string_equal(h.unknown[0], "備考");
	assert_string_equal(tabin_field(&h, &t.rows[3], 0), "A-1");
	tabin_release(&t);

	assert_ok(tabin_read_csv(LIT("資産名,名前\nx,y\n"), NULL, &t, &err), &err);
	assert_int_equal(tabin_map_header(&t, fields, 2, true, &h, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "no header row"));
	tabin_release(&t);

	assert_ok(tabin_read_csv(LIT("id,資産ID\n1,2\n"), NULL, &t, &err), &err);
	assert_int_equal(tabin_map_header(&t, fields, 2, true, &h, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "given twice"));
	assert_int_equal(err.column, 2);
	tabin_release(&t);
}

/* ---- XLSX files made by hand ------------------------------------------------ */

struct part {
	const char *name;
	const char *data;
	size_t len; /* 0: strlen */
};

static const char ct[] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
static const char wb[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
	" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"資産\" sheetId=\"1\" r:id=\"rId7\"/><sheet name=\"b\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"x\" Target=\"worksheets/other.xml\"/>"
	"<Relationship Id=\"rId7\" Type=\"x\" Target=\"/xl/worksheets/first.xml\"/></Relationships>";
static const char sst[] =
	"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<si><t>資産ID</t></si>"
	"<si><r><t>顧客</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">台帳 </t></r>"
	"<rPh sb=\"0\" eb=\"2\"><t>コキャク</t></rPh></si>"
	"<si><t>a &amp; &lt;b&gt;</t></si></sst>";
static const char styles[] =
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy/mm/dd\"/></numFmts>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	"<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>";
static const char sheet[] =
	"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
	"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"inlineStr\"><is><t>インライン</t></is></c></row>"
	"<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\"><v>3</v></c><c r=\"C3\" s=\"1\"><v>45688</v></c>"
	"<c r=\"D3\" t=\"b\"><v>1</v></c><c r=\"E3\" t=\"str\"><f>A1</f><v>calc</v></c><c r=\"F3\"><v>0.1</v></c>"
	"<c r=\"G3\" s=\"2\"><v>60</v></c></row>"
	"<row r=\"4\"><c t=\"s\"><v>2</v></c><c><v>1E3</v></c></row>"
	"</sheetData></worksheet>";

static void make_xlsx(const struct part *parts, size_t n, struct sbuf *out)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_stat_t st;
	void *buf;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
		zip_source_t *s = zip_source_buffer(z, parts[i].data, len, 0);

		assert_true(zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	assert_int_equal(zip_source_open(src), 0);
	buf = malloc(st.size);
	assert_int_equal(zip_source_read(src, buf, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	sbuf_add(out, buf, st.size);
	free(buf);
	zip_error_fini(&ze);
}

static void test_xlsx_cells(void **state)
{
	const struct part parts[] = {
		{ "[Content_Types].xml", ct, 0 }, { "xl/workbook.xml", wb, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 }, { "xl/sharedStrings.xml", sst, 0 },
		{ "xl/styles.xml", styles, 0 }, { "xl/worksheets/first.xml", sheet, 0 },
		{ "xl/worksheets/other.xml", "<worksheet/>", 0 },
	};
	struct sbuf x = SBUF_INIT;
	struct isms_err err;
	struct tabin t;

	(void)state;
	make_xlsx(parts, sizeof(parts) / sizeof(parts[0]), &x);
	assert_ok(tabin_read_xlsx(x.buf, x.len, NULL, &t, &err), &err);
	assert_int_equal(t.nrows, 3);
	assert_int_equal(t.rows[0].line, 2);
	assert_string_equal(tabin_cell(&t.rows[0], 1), "資産ID");
	assert_string_equal(tabin_cell(&t.rows[0], 2), "");
	assert_string_equal(tabin_cell(&t.rows[0], 3), "インライン");
	/* rich text joined, the furigana (rPh) left out */
	assert_string_equal(tabin_cell(&t.rows[1], 1), "顧客台帳 ");
	assert_string_equal(tabin_cell(&t.rows[1], 2), "3");
	assert_string_equal(tabin_cell(&t.rows[1], 3), "2025-01-31");
	assert_string_equal(tabin_cell(&t.rows[1], 4), "TRUE");
	assert_string_equal(tabin_cell(&t.rows[1], 5), "calc");
	assert_string_equal(tabin_cell(&t.rows[1], 6), "0.1");
	/* serial 60 is Excel's 1900-02-29, which never was: read as 02-28 */
	assert_string_equal(tabin_cell(&t.rows[1], 7), "1900-02-28");
	/* cells without references follow one another */
	assert_int_equal(t.rows[2].line, 4);
	assert_string_equal(tabin_cell(&t.rows[2], 1), "a & <b>");
	assert_string_equal(tabin_cell(&t.rows[2], 2), "1000");
	tabin_release(&t);
	sbuf_release(&x);
}

static void test_xlsx_bad(void **state)
{
	struct tabin_limits lim = TABIN_LIMITS_DEFAULT;
	struct sbuf x = SBUF_INIT;
	struct isms_err err;
	struct tabin t;
	char *big;

	(void)state;
	/* not a zip at all */
	assert_int_equal(tabin_read_xlsx("PK\3\4 garbage", 12, NULL, &t, &err), ISMS_EINVAL);
	assert_non_null(strstr(err.msg, "zip archive"));
	/* a zip without a workbook */
	{
		const struct part p[] = { { "hello.txt", "hi", 0 } };

		make_xlsx(p, 1, &x);
		assert_int_equal(tabin_read_xlsx(x.buf, x.len, NULL, &t, &err), ISMS_EINVAL);
		assert_non_null(strstr(err.msg, "no workbook"));
		sbuf_reset(&x);
	}
	/* broken XML in the sheet */
	{
		const struct part p[] = { { "xl/workbook.xml", "<workbook/>", 0 },
					  { "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>", 0 } };

		make_xlsx(p, 2, &x);
		assert_int_equal(tabin_read_xlsx(x.buf, x.len, NULL, &t, &err), ISMS_EINVAL);
		assert_non_null(strstr(err.detail, "xl/worksheets/sheet1.xml"));
		sbuf_reset(&x);
	}
	/* a document type declaration (entity expansion attacks need one) */
	{
		const struct part p[] = {
			{ "xl/workbook.xml", "<!DOCTYPE w [<!ENTITY a \"aaaa\">]><workbook/>", 0 },
		};

		make_xlsx(p, 1, &x);
		assert_int_equal(tabin_read_xlsx(x.buf, x.len, NULL, &t, &err), ISMS_EINVAL);
		assert_non_null(strstr(err.msg, "document type"));
		sbuf_reset(&x);
	}
	/* a shared string index out of range */
	{
		const struct part p[] = {
			{ "xl/workbook.xml", "<workbook/>", 0 },
			{ "xl/worksheets/sheet1.xml",
			  "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row></sheetData></worksheet>", 0 },
		};

		make_xlsx(p, 2, &x);
		assert_int_equal(tabin_read_xlsx(x.buf, x.len, NULL, &t, &err), ISMS_EINVAL);
		assert_int_equal(err.line, 1);
		sbuf_reset(&x);
	}
	/* a zip bomb: 8 MiB of spaces inside the sheet, against a 1 MiB limit */
	big = malloc(8u << 20);
	memset(big, ' ', 8u << 20);
	memcpy(big, "<worksheet>", 11);
	{
		const struct part p[] = { { "xl/workbook.xml", "<workbook/>", 0 },
					  { "xl/worksheets/sheet1.xml", big, 8u << 20 } };

		make_xlsx(p, 2, &x);
		assert_true(x.len < 100000);
		lim.max_unzipped = 1u << 20;
		assert_int_equal(tabin_read_xlsx(x.buf, x.len, &lim, &t, &err), ISMS_ELIMIT);
		assert_non_null(strstr(err.msg, "unpacks to more than"));
		sbuf_reset(&x);
	}
	free(big);
	/* too many entries */
	{
		const struct part p[] = { { "xl/workbook.xml", "<workbook/>", 0 }, { "a", "1", 0 },
					  { "b", "2", 0 } };

		make_xlsx(p, 3, &x);
		lim = (struct tabin_limits)TABIN_LIMITS_DEFAULT;
		lim.max_entries = 2;
		assert_int_equal(tabin_read_xlsx(x.buf, x.len, &lim, &t, &err), ISMS_ELIMIT);
		sbuf_reset(&x);
	}
	/* a row far too long, and too many cells */
	{
		const struct part p[] = {
			{ "xl/workbook.xml", "<workbook/>", 0 },
			{ "xl/worksheets/sheet1.xml",
			  "<worksheet><sheetData><row r=\"3\"><c r=\"A3\"><v>1</v></c><c r=\"ZZ3\"><v>2</v></c></row>"
			  "</sheetData></worksheet>", 0 },
		};

		make_xlsx(p, 2, &x);
		lim = (struct tabin_limits)TABIN_LIMITS_DEFAULT;
		assert_int_equal(tabin_read_xlsx(x.buf, x.len, &lim, &t, &err), ISMS_ELIMIT);
		assert_int_equal(err.line, 3);
		assert_int_equal(err.column, 702);
		lim.max_cols = 1000;
		lim.max_cells = 1;
		assert_int_equal(tabin_read_xlsx(x.buf, x.len, &lim, &t, &err), ISMS_ELIMIT);
		assert_non_null(strstr(err.msg, "cells"));
		sbuf_reset(&x);
	}
	/* an empty first sheet */
	{
		const struct part p[] = { { "xl/workbook.xml", "<workbook/>", 0 },
					  { "xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>", 0 } };

		make_xlsx(p, 2, &x);
		assert_int_equal(tabin_read_xlsx(x.buf, x.len, NULL, &t, &err), ISMS_EINVAL);
		assert_non_null(strstr(err.msg, "empty"));
	}
	sbuf_release(&x);
}

static void test_read_file(void **state)
{
	char *dir = test_tmpdir(), *path;
	struct tabin_limits lim = TABIN_LIMITS_DEFAULT;
	struct isms_err err;
	struct tabin t;
	FILE *f;

	(void)state;
	if (asprintf(&path, "%s/a.csv", dir) < 0)
		abort();
	assert_int_equal(tabin_read_file(path, NULL, &t, &err), ISMS_EIO);
	f = fopen(path, "w");
	fputs("id\nA-1\n", f);
	fclose(f);
	assert_ok(tabin_read_file(path, NULL, &t, &err), &err);
	assert_int_equal(t.kind, TABIN_CSV);
	tabin_release(&t);
	lim.max_file = 4;
	assert_int_equal(tabin_read_file(path, &lim, &t, &err), ISMS_ELIMIT);
	assert_int_equal(tabin_read_file(dir, NULL, &t, &err), ISMS_EIO);
	free(path);
	test_rmrf(dir);
	free(dir);
}

static void test_errors_list(void **state)
{
	struct tabin_errors e = { .max = 2 };
	struct isms_err one;

	(void)state;
	for (int i = 0; i < 5; i++) {
		isms_err_set(&one, ISMS_EINVAL, "bad %d", i);
		tabin_errors_add(&e, &one);
	}
	assert_int_equal(e.n, 2);
	assert_int_equal(e.total, 5);
	assert_string_equal(e.v[1].msg, "bad 1");
	tabin_errors_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_utf8_bom),
		cmocka_unit_test(test_csv_sjis),
		cmocka_unit_test(test_csv_bad_input),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_xlsx_cells),
		cmocka_unit_test(test_xlsx_bad),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_errors_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
