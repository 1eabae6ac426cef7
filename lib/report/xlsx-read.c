/* xlsx-read.c - a small XLSX reader (libzip + expat): the first worksheet's cells, with limits against zip bombs. */
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "isms/i18n.h"
#include "isms/tabin.h"
#include "isms/xalloc.h"

#define CHUNK 65536
#define MAX_XFS 65536
#define MAX_NUMFMTS 4096

struct xr {
	zip_t *zip;
	const struct tabin_limits *lim;
	struct tabin *t;
	struct isms_err *err;
	enum isms_rc rc;
	size_t unzipped; /* bytes read so far, all entries */
	const char *part; /* the entry being parsed, for messages */
	XML_Parser parser;
	/* shared strings */
	char **sst;
	size_t nsst, sst_alloc;
	/* styles: which cell formats are dates */
	bool *xf_date;
	size_t nxf, xf_alloc;
	long *date_fmts; /* custom numFmt ids that are dates */
	size_t ndate_fmts, date_fmts_alloc;
	/* the parse in progress */
	int depth_si, depth_rph, depth_cellxfs, depth_t, depth_v, depth_is;
	struct sbuf text;
	bool text_overflow;
	/* workbook */
	char *first_rid, *sheet_target;
	/* sheet */
	long row, col;
	char ctype[16];
	long cstyle;
	bool in_cell;
	char **cells;
	size_t ncells, cells_alloc;
	bool row_nonempty;
	size_t total_cells;
};

static enum isms_rc fail(struct xr *x, enum isms_rc rc, long line, long col)
{
	if (!x->rc) {
		x->rc = rc;
		isms_err_pos(x->err, line, col);
	}
	if (x->parser)
		XML_StopParser(x->parser, XML_FALSE);
	return rc;
}

static enum isms_rc bad_file(struct xr *x, const char *why)
{
	if (!x->rc) {
		isms_err_set(x->err, ISMS_EINVAL, _("not a valid XLSX file: %s"), why);
		if (x->part)
			isms_err_detail(x->err, _("The problem is in the part \"%s\" of the file."), x->part);
	}
	return fail(x, ISMS_EINVAL, 0, 0);
}

/* Element names come as "namespace|local" (expat with namespaces). */
static const char *local(const char *name)
{
	const char *bar = strrchr(name, '|');

	return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), want))
			return atts[i + 1];
	return NULL;
}

/* The relationship id of <sheet>: an attribute "id" in a namespace. */
static const char *rel_id(const char **atts)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strchr(atts[i], '|') && !strcmp(local(atts[i]), "id"))
			return atts[i + 1];
	return NULL;
}

static void XMLCALL on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal)
{
	struct xr *x = data;

	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	bad_file(x, _("it declares a document type, which XLSX never does"));
}

static void XMLCALL on_text(void *data, const XML_Char *s, int len)
{
	struct xr *x = data;

	if (x->rc || (!x->depth_t && !x->depth_v) || x->depth_rph)
		return;
	if (x->text.len + (size_t)len > x->lim->max_cell) {
		x->text_overflow = true;
		return;
	}
	sbuf_add(&x->text, s, (size_t)len);
}

/* Read one entry through `parser`, counting what is unpacked. A missing
 * entry is not an error when `optional`. */
static enum isms_rc parse_entry(struct xr *x, const char *name, bool optional,
				XML_StartElementHandler start, XML_EndElementHandler end)
{
	zip_stat_t zs;
	zip_file_t *zf;
	char *buf;
	zip_int64_t n;

	if (x->rc)
		return x->rc;
	x->part = name;
	if (zip_stat(x->zip, name, 0, &zs) < 0) {
		if (optional)
			return ISMS_OK;
		return bad_file(x, _("a required part is missing"));
	}
	if ((zs.valid & ZIP_STAT_SIZE) && zs.size > x->lim->max_unzipped - x->unzipped) {
		isms_err_set(x->err, ISMS_ELIMIT, _("the XLSX file unpacks to more than %zu bytes"),
			     x->lim->max_unzipped);
		isms_err_detail(x->err, _("The part \"%s\" alone is %llu bytes."), name,
				(unsigned long long)zs.size);
		return fail(x, ISMS_ELIMIT, 0, 0);
	}
	zf = zip_fopen(x->zip, name, 0);
	if (!zf)
		return bad_file(x, _("a part cannot be unpacked"));
	x->parser = XML_ParserCreateNS(NULL, '|');
	XML_SetUserData(x->parser, x);
	XML_SetElementHandler(x->parser, start, end);
	XML_SetCharacterDataHandler(x->parser, on_text);
	XML_SetStartDoctypeDeclHandler(x->parser, on_doctype);
	buf = xmalloc(CHUNK);
	for (;;) {
		n = zip_fread(zf, buf, CHUNK);
		if (n < 0) {
			bad_file(x, _("a part is damaged"));
			break;
		}
		/* Declared sizes can lie: count what really comes out. */
		x->unzipped += (size_t)n;
		if (x->unzipped > x->lim->max_unzipped) {
			isms_err_set(x->err, ISMS_ELIMIT, _("the XLSX file unpacks to more than %zu bytes"),
				     x->lim->max_unzipped);
			isms_err_detail(x->err, _("It is probably a zip bomb, or far too big to import."));
			fail(x, ISMS_ELIMIT, 0, 0);
			break;
		}
		if (XML_Parse(x->parser, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (!x->rc) {
				isms_err_set(x->err, ISMS_EINVAL, _("not a valid XLSX file: %s"),
					     XML_ErrorString(XML_GetErrorCode(x->parser)));
				isms_err_detail(x->err, _("The XML of the part \"%s\" is broken at its line %lu."),
						name, (unsigned long)XML_GetCurrentLineNumber(x->parser));
				x->rc = ISMS_EINVAL;
			}
			break;
		}
		if (n == 0 || x->rc)
			break;
	}
	free(buf);
	XML_ParserFree(x->parser);
	x->parser = NULL;
	zip_fclose(zf);
	x->part = NULL;
	return x->rc;
}

/* ---- workbook and its relationships ------------------------------------- */

static void XMLCALL wb_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = data;

	if (!x->first_rid && !strcmp(local(name), "sheet")) {
		const char *id = rel_id(atts);

		x->first_rid = xstrdup(id ? id : "");
	}
}

static void XMLCALL no_end(void *data, const XML_Char *name)
{
	(void)data, (void)name;
}

static void XMLCALL rels_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = data;
	const char *id, *target;

	if (x->sheet_target || strcmp(local(name), "Relationship") || !x->first_rid)
		return;
	id = attr(atts, "Id");
	target = attr(atts, "Target");
	if (id && target && !strcmp(id, x->first_rid)) {
		if (target[0] == '/')
			x->sheet_target = xstrdup(target + 1);
		else
			x->sheet_target = xasprintf("xl/%s", target);
	}
}

/* ---- shared strings ---------------------------------------------------- */

static void XMLCALL sst_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = data;
	const char *l = local(name);

	(void)atts;
	if (!strcmp(l, "si")) {
		x->depth_si++;
		sbuf_reset(&x->text);
		x->text_overflow = false;
	} else if (!strcmp(l, "rPh")) {
		x->depth_rph++; /* furigana: not part of the text */
	} else if (!strcmp(l, "t") && x->depth_si) {
		x->depth_t++;
	}
}

static void XMLCALL sst_end(void *data, const XML_Char *name)
{
	struct xr *x = data;
	const char *l = local(name);

	if (!strcmp(l, "si") && x->depth_si) {
		x->depth_si--;
		if (x->text_overflow) {
			isms_err_set(x->err, ISMS_ELIMIT, _("a cell is longer than %zu bytes"),
				     x->lim->max_cell);
			isms_err_detail(x->err, _("Shared string %zu is too long."), x->nsst);
			fail(x, ISMS_ELIMIT, 0, 0);
			return;
		}
		if (x->nsst >= x->lim->max_cells) {
			isms_err_set(x->err, ISMS_ELIMIT, _("the file has more than %zu cells"),
				     x->lim->max_cells);
			fail(x, ISMS_ELIMIT, 0, 0);
			return;
		}
		x->sst = xgrow(x->sst, &x->sst_alloc, x->nsst + 1, sizeof(*x->sst));
		x->sst[x->nsst++] = arena_strndup(&x->t->arena, x->text.buf, x->text.len);
	} else if (!strcmp(l, "rPh") && x->depth_rph) {
		x->depth_rph--;
	} else if (!strcmp(l, "t") && x->depth_t) {
		x->depth_t--;
	}
}

/* ---- styles: which cell formats show dates ------------------------------------- */

static bool date_code(const char *code)
{
	bool quoted = false;

	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			quoted = !quoted;
		} else if (quoted) {
			continue;
		} else if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			/* [Red], [$-411], [h] … are not date letters */
			while (*p && *p != ']')
				p++;
			if (!*p)
				break;
		} else if (strchr("yYdD", *p)) {
			return true;
		}
	}
	return false;
}

static bool builtin_date(long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static void XMLCALL styles_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = data;
	const char *l = local(name);

	if (!strcmp(l, "numFmt")) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");

		if (id && code && date_code(code) && x->ndate_fmts < MAX_NUMFMTS) {
			x->date_fmts = xgrow(x->date_fmts, &x->date_fmts_alloc, x->ndate_fmts + 1,
					     sizeof(*x->date_fmts));
			x->date_fmts[x->ndate_fmts++] = strtol(id, NULL, 10);
		}
	} else if (!strcmp(l, "cellXfs")) {
		x->depth_cellxfs++;
	} else if (!strcmp(l, "xf") && x->depth_cellxfs && x->nxf < MAX_XFS) {
		const char *id = attr(atts, "numFmtId");
		long v = id ? strtol(id, NULL, 10) : 0;
		bool date = builtin_date(v);

		for (size_t i = 0; i < x->ndate_fmts && !date; i++)
			date = x->date_fmts[i] == v;
		x->xf_date = xgrow(x->xf_date, &x->xf_alloc, x->nxf + 1, sizeof(*x->xf_date));
		x->xf_date[x->nxf++] = date;
	}
}

static void XMLCALL styles_end(void *data, const XML_Char *name)
{
	struct xr *x = data;

	if (!strcmp(local(name), "cellXfs") && x->depth_cellxfs)
		x->depth_cellxfs--;
}

/* ---- the worksheet ---------------------------------------------------------- */

/* "AB12" -> column 28, row 12; false when it is not a cell reference. */
static bool cell_ref(const char *s, long *ret_col, long *ret_row)
{
	long col = 0, row = 0;

	for (; *s >= 'A' && *s <= 'Z'; s++) {
		col = col * 26 + (*s - 'A' + 1);
		if (col > 20000)
			return false;
	}
	for (; *s >= '0' && *s <= '9'; s++) {
		row = row * 10 + (*s - '0');
		if (row > 100000000)
			return false;
	}
	if (*s || !col)
		return false;
	*ret_col = col;
	*ret_row = row;
	return true;
}

/* Serial day number (1900 date system) to YYYY-MM-DD. */
static void serial_date(double v, char out[64])
{
	long days = (long)floor(v);
	long z, era, doe, yoe, y, doy, mp, d, m;

	/* Excel counts 1900-02-29, which did not exist. */
	if (days < 60)
		days += 1;
	/* days since 1899-12-30 -> days since 1970-01-01 */
	z = days - 25569 + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(out, 64, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

static const char *number_text(struct xr *x, const char *raw, bool date)
{
	char buf[64], *end;
	double v = strtod(raw, &end);

	if (*end || !*raw || !isfinite(v))
		return arena_strdup(&x->t->arena, raw);
	if (date && v >= 1 && v < 2958466) {
		serial_date(v, buf);
	} else if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
	} else {
		snprintf(buf, sizeof(buf), "%.15g", v);
	}
	return arena_strdup(&x->t->arena, buf);
}

static void flush_row(struct xr *x)
{
	struct tabin *t = x->t;
	struct tabin_row *r;

	if (x->row_nonempty) {
		if (t->nrows >= x->lim->max_rows) {
			isms_err_set(x->err, ISMS_ELIMIT, _("the file has more than %zu rows"),
				     x->lim->max_rows);
			fail(x, ISMS_ELIMIT, x->row, 0);
			return;
		}
		t->rows = xgrow(t->rows, &t->rows_alloc, t->nrows + 1, sizeof(*t->rows));
		r = &t->rows[t->nrows++];
		r->line = x->row;
		r->ncells = x->ncells;
		r->cells = arena_alloc(&t->arena, (x->ncells ? x->ncells : 1) * sizeof(char *));
		for (size_t i = 0; i < x->ncells; i++)
			r->cells[i] = x->cells[i] ? x->cells[i] : (char *)"";
	}
	x->ncells = 0;
	x->row_nonempty = false;
}

static void XMLCALL sheet_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xr *x = data;
	const char *l = local(name);

	if (x->rc)
		return;
	if (!strcmp(l, "row")) {
		const char *r = attr(atts, "r");
		long v = r ? strtol(r, NULL, 10) : 0;

		flush_row(x);
		x->row = v > 0 ? v : x->row + 1;
		x->col = 0;
	} else if (!strcmp(l, "c")) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		long col, row;

		if (r) {
			if (!cell_ref(r, &col, &row)) {
				isms_err_set(x->err, ISMS_EINVAL, _("not a valid XLSX file: %s"),
					     _("a cell has an invalid reference"));
				fail(x, ISMS_EINVAL, x->row, x->col + 1);
				return;
			}
			x->col = col;
		} else {
			x->col++;
		}
		if ((size_t)x->col > x->lim->max_cols) {
			isms_err_set(x->err, ISMS_ELIMIT, _("a row has more than %zu columns"),
				     x->lim->max_cols);
			fail(x, ISMS_ELIMIT, x->row, x->col);
			return;
		}
		snprintf(x->ctype, sizeof(x->ctype), "%s", t ? t : "n");
		x->cstyle = s ? strtol(s, NULL, 10) : 0;
		x->in_cell = true;
		sbuf_reset(&x->text);
		x->text_overflow = false;
	} else if (!strcmp(l, "v") && x->in_cell) {
		x->depth_v++;
	} else if (!strcmp(l, "is") && x->in_cell) {
		x->depth_is++;
	} else if (!strcmp(l, "t") && x->depth_is) {
		x->depth_t++;
	} else if (!strcmp(l, "rPh") && x->depth_is) {
		x->depth_rph++;
	}
}

static void set_cell(struct xr *x)
{
	const char *val = NULL;
	const char *t = x->ctype;

	if (x->text_overflow) {
		isms_err_set(x->err, ISMS_ELIMIT, _("a cell is longer than %zu bytes"), x->lim->max_cell);
		fail(x, ISMS_ELIMIT, x->row, x->col);
		return;
	}
	if (!strcmp(t, "s")) {
		char *end;
		long i = strtol(x->text.buf, &end, 10);

		if (*end || !x->text.len || i < 0 || (size_t)i >= x->nsst) {
			isms_err_set(x->err, ISMS_EINVAL, _("not a valid XLSX file: %s"),
				     _("a cell refers to a shared string that does not exist"));
			fail(x, ISMS_EINVAL, x->row, x->col);
			return;
		}
		val = x->sst[i];
	} else if (!strcmp(t, "b")) {
		val = !strcmp(x->text.buf, "1") ? "TRUE" : x->text.len ? "FALSE" : "";
	} else if (!strcmp(t, "n")) {
		bool date = x->cstyle >= 0 && (size_t)x->cstyle < x->nxf && x->xf_date[x->cstyle];

		val = x->text.len ? number_text(x, x->text.buf, date) : "";
	} else if (!strcmp(t, "d")) {
		val = arena_strndup(&x->t->arena, x->text.buf, x->text.len >= 10 ? 10 : x->text.len);
	} else {
		/* inlineStr, str (a formula's text), e (an error such as #N/A) */
		val = arena_strndup(&x->t->arena, x->text.buf, x->text.len);
	}
	if (!*val)
		return;
	if (++x->total_cells > x->lim->max_cells) {
		isms_err_set(x->err, ISMS_ELIMIT, _("the file has more than %zu cells"), x->lim->max_cells);
		fail(x, ISMS_ELIMIT, x->row, x->col);
		return;
	}
	if ((size_t)x->col > x->ncells) {
		x->cells = xgrow(x->cells, &x->cells_alloc, (size_t)x->col, sizeof(*x->cells));
		memset(x->cells + x->ncells, 0, ((size_t)x->col - x->ncells) * sizeof(*x->cells));
		x->ncells = (size_t)x->col;
	}
	x->cells[x->col - 1] = (char *)val;
	x->row_nonempty = true;
}

static void XMLCALL sheet_end(void *data, const XML_Char *name)
{
	struct xr *x = data;
	const char *l = local(name);

	if (x->rc)
		return;
	if (!strcmp(l, "c") && x->in_cell) {
		set_cell(x);
		x->in_cell = false;
	} else if (!strcmp(l, "v") && x->depth_v) {
		x->depth_v--;
	} else if (!strcmp(l, "is") && x->depth_is) {
		x->depth_is--;
	} else if (!strcmp(l, "t") && x->depth_t) {
		x->depth_t--;
	} else if (!strcmp(l, "rPh") && x->depth_rph) {
		x->depth_rph--;
	} else if (!strcmp(l, "sheetData")) {
		flush_row(x);
	}
}

enum isms_rc tabin_read_xlsx(const void *data, size_t len, const struct tabin_limits *lim,
			     struct tabin *ret, struct isms_err *err)
{
	static const struct tabin_limits defaults = TABIN_LIMITS_DEFAULT;
	struct xr x = { .lim = lim ? lim : &defaults, .t = ret, .err = err };
	zip_source_t *src;
	zip_error_t ze;
	zip_int64_t entries;

	memset(ret, 0, sizeof(*ret));
	ret->kind = TABIN_XLSX;
	ret->encoding = "XLSX";
	if (len > x.lim->max_file) {
		isms_err_set(err, ISMS_ELIMIT, _("the file is too big"));
		isms_err_detail(err, _("It has %zu bytes; the limit is %zu."), len, x.lim->max_file);
		return ISMS_ELIMIT;
	}
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src)
		x.zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!x.zip) {
		isms_err_set(err, ISMS_EINVAL, _("not a valid XLSX file: the zip archive cannot be read"));
		isms_err_detail(err, _("libzip says: %s."), zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return ISMS_EINVAL;
	}
	zip_error_fini(&ze);
	entries = zip_get_num_entries(x.zip, 0);
	if (entries < 0 || (size_t)entries > x.lim->max_entries) {
		isms_err_set(err, ISMS_ELIMIT, _("the XLSX file has more than %zu parts"),
			     x.lim->max_entries);
		isms_err_detail(err, _("It has %lld entries."), (long long)entries);
		x.rc = ISMS_ELIMIT;
		goto out;
	}
	if (zip_name_locate(x.zip, "xl/workbook.xml", 0) < 0) {
		bad_file(&x, _("it has no workbook (xl/workbook.xml)"));
		goto out;
	}
	if (parse_entry(&x, "xl/workbook.xml", false, wb_start, no_end))
		goto out;
	if (x.first_rid && *x.first_rid &&
	    parse_entry(&x, "xl/_rels/workbook.xml.rels", true, rels_start, no_end))
		goto out;
	if (!x.sheet_target)
		x.sheet_target = xstrdup("xl/worksheets/sheet1.xml");
	if (parse_entry(&x, "xl/sharedStrings.xml", true, sst_start, sst_end))
		goto out;
	if (parse_entry(&x, "xl/styles.xml", true, styles_start, styles_end))
		goto out;
	sbuf_reset(&x.text);
	if (parse_entry(&x, x.sheet_target, false, sheet_start, sheet_end))
		goto out;
	flush_row(&x);
	if (!x.rc && ret->nrows == 0) {
		isms_err_set(err, ISMS_EINVAL, _("the file is empty"));
		isms_err_detail(err, _("Its first worksheet has no cells."));
		x.rc = ISMS_EINVAL;
	}
out:
	zip_discard(x.zip);
	free(x.sst);
	free(x.xf_date);
	free(x.date_fmts);
	free(x.cells);
	free(x.first_rid);
	free(x.sheet_target);
	sbuf_release(&x.text);
	if (x.rc)
		tabin_release(ret);
	return x.rc;
}
