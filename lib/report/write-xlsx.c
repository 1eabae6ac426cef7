/* write-xlsx.c - the document as an Excel workbook (libxlsxwriter): one sheet per table, print-ready. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "isms/i18n.h"
#include "isms/utf8.h"
#include "isms/xalloc.h"
#include "writer.h"

#define MAX_TABLES 64
/* Past this many rows a sheet is streamed (libxlsxwriter's constant
 * memory mode: rows go to disk as they are written, strings inline). */
#define STREAM_ROWS 20000
#define PAPER_A4 9

enum { T_TEXT, T_NUM, T_DATE, T_COUNT };

struct xw {
	lxw_workbook *wb;
	const struct doc *d;
	lxw_format *title, *label, *head, *plain, *bold;
	lxw_format *cell[DOC_STYLE_COUNT][T_COUNT];
	lxw_format *fill[16]; /* heat map colours, made on demand */
	char fill_rgb[16][8];
	size_t nfill;
	char names[MAX_TABLES + 1][LXW_MAX_SHEETNAME_LENGTH];
	size_t nnames;
	lxw_error failed;
};

static uint32_t rgb(const char *hex)
{
	return (uint32_t)strtoul(hex + 1, NULL, 16);
}

static bool colour_ok(const char *s)
{
	if (!s || strlen(s) != 7 || s[0] != '#')
		return false;
	for (int i = 1; i < 7; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

static lxw_format *new_format(struct xw *x)
{
	lxw_format *f = workbook_add_format(x->wb);

	/* A Japanese font for Japanese documents: Excel's default (Calibri)
	 * falls back to a font of its choice for kanji. */
	if (!strcmp(x->d->lang, "ja"))
		format_set_font_name(f, "Yu Gothic");
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

static void make_formats(struct xw *x)
{
	x->title = new_format(x);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->label = new_format(x);
	format_set_bold(x->label);
	x->bold = x->label;
	x->plain = new_format(x);
	format_set_text_wrap(x->plain);
	x->head = new_format(x);
	format_set_bold(x->head);
	format_set_text_wrap(x->head);
	format_set_bg_color(x->head, 0xD9E1F2);
	format_set_border(x->head, LXW_BORDER_THIN);
	for (int s = 0; s < DOC_STYLE_COUNT; s++) {
		for (int t = 0; t < T_COUNT; t++) {
			lxw_format *f = new_format(x);
			const char *c = doc_style_colour((enum doc_style)s);

			format_set_border(f, LXW_BORDER_THIN);
			if (t == T_TEXT)
				format_set_text_wrap(f);
			if (t == T_DATE)
				format_set_num_format(f, "yyyy-mm-dd");
			if (s == DOC_STYLE_STRONG)
				format_set_bold(f);
			if (c)
				format_set_bg_color(f, rgb(c));
			x->cell[s][t] = f;
		}
	}
}

static lxw_format *fill_format(struct xw *x, const char *colour)
{
	lxw_format *f;

	if (!colour_ok(colour))
		return x->cell[DOC_STYLE_NONE][T_NUM];
	for (size_t i = 0; i < x->nfill; i++)
		if (!strcasecmp(x->fill_rgb[i], colour))
			return x->fill[i];
	if (x->nfill == sizeof(x->fill) / sizeof(x->fill[0]))
		return x->cell[DOC_STYLE_NONE][T_NUM];
	f = new_format(x);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_bg_color(f, rgb(colour));
	snprintf(x->fill_rgb[x->nfill], sizeof(x->fill_rgb[0]), "%s", colour);
	x->fill[x->nfill++] = f;
	return f;
}

/* A valid, unique sheet name: at most 31 characters, none of []:*?/\. */
static const char *sheet_name(struct xw *x, const char *want)
{
	char base[LXW_MAX_SHEETNAME_LENGTH];
	char *name = x->names[x->nnames];
	size_t len = 0, chars = 0;

	for (const char *p = want && *want ? want : "Sheet"; *p && chars < 26;) {
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);

		if (len + n >= sizeof(base) - 1)
			break;
		if (strchr("[]:*?/\\", *p) || (unsigned char)*p < 0x20)
			base[len++] = '_';
		else
			memcpy(base + len, p, n), len += n;
		p += n;
		chars++;
	}
	base[len] = '\0';
	if (base[0] == '\'')
		base[0] = '_';
	snprintf(name, LXW_MAX_SHEETNAME_LENGTH, "%.100s", base);
	for (int k = 2;; k++) {
		bool taken = false;

		for (size_t i = 0; i < x->nnames; i++)
			if (!strcmp(x->names[i], name))
				taken = true;
		if (!taken)
			break;
		snprintf(name, LXW_MAX_SHEETNAME_LENGTH, "%.100s (%d)", base, k);
	}
	x->nnames++;
	return name;
}

static void check(struct xw *x, lxw_error e)
{
	if (e && !x->failed)
		x->failed = e;
}

static void put_text(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
		     lxw_format *f)
{
	if (s && *s)
		check(x, worksheet_write_string(ws, r, c, s, f));
	else if (f)
		check(x, worksheet_write_blank(ws, r, c, f));
}

/* Title and metadata at the top of a sheet; returns the next free row. */
static lxw_row_t header_block(struct xw *x, lxw_worksheet *ws)
{
	lxw_row_t r = 0;

	put_text(x, ws, r++, 0, x->d->title, x->title);
	for (size_t i = 0; i < x->d->nmeta; i++) {
		put_text(x, ws, r, 0, x->d->meta[i].label, x->label);
		put_text(x, ws, r, 1, x->d->meta[i].value, NULL);
		r++;
	}
	return r + 1;
}

static bool parse_date(const char *s, lxw_datetime *dt)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	dt->year = (int)strtol(s, NULL, 10);
	dt->month = (int)strtol(s + 5, NULL, 10);
	dt->day = (int)strtol(s + 8, NULL, 10);
	dt->hour = dt->min = 0;
	dt->sec = 0;
	return dt->year >= 1900 && dt->month >= 1 && dt->month <= 12 && dt->day >= 1 && dt->day <= 31;
}

static void write_cell(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
		       const struct doc_col *col, const struct doc_cell *cell)
{
	enum doc_style s = (unsigned)cell->style < DOC_STYLE_COUNT ? cell->style : DOC_STYLE_NONE;
	lxw_datetime dt;
	char *end;
	double v;

	if (!cell->v || !*cell->v) {
		check(x, worksheet_write_blank(ws, r, c, x->cell[s][T_TEXT]));
		return;
	}
	switch (col->type) {
	case DOC_NUMBER:
		v = strtod(cell->v, &end);
		if (!*end) {
			check(x, worksheet_write_number(ws, r, c, v, x->cell[s][T_NUM]));
			return;
		}
		break;
	case DOC_DATE:
		if (parse_date(cell->v, &dt)) {
			check(x, worksheet_write_datetime(ws, r, c, &dt, x->cell[s][T_DATE]));
			return;
		}
		break;
	case DOC_TEXT:
		break;
	}
	/* Always a string, never a formula: "=…" stays text. */
	check(x, worksheet_write_string(ws, r, c, cell->v, x->cell[s][T_TEXT]));
}

static double col_width(const struct doc_table *t, size_t c)
{
	size_t w;

	if (t->cols[c].width)
		return t->cols[c].width + 2;
	w = utf8_width(t->cols[c].label);
	/* Sampling the first rows is enough to size a column. */
	for (size_t r = 0; r < t->nrows && r < 2000; r++) {
		const char *s = doc_cell(t, r, c)->v;
		size_t cw = 0, line = 0;

		for (const char *p = s; p && *p;) {
			uint32_t cp;

			p += utf8_decode(p, &cp);
			if (cp == '\n') {
				line = 0;
				continue;
			}
			line += (size_t)utf8_cp_width(cp);
			if (line > cw)
				cw = line;
		}
		if (cw > w)
			w = cw;
	}
	if (w < 6)
		w = 6;
	if (w > 60)
		w = 60;
	return (double)w + 2;
}

static void print_layout(lxw_worksheet *ws, lxw_row_t head_row)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, PAPER_A4);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_set_footer(ws, "&C&P / &N");
	if (head_row != (lxw_row_t)-1)
		worksheet_repeat_rows(ws, head_row, head_row);
}

static void table_sheet(struct xw *x, const struct doc_table *t)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, sheet_name(x, t->caption ? t->caption : t->key));
	lxw_row_t head, r;

	if (!ws) {
		check(x, LXW_ERROR_SHEETNAME_ALREADY_USED);
		return;
	}
	head = header_block(x, ws);
	for (size_t c = 0; c < t->ncols; c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col_width(t, c), NULL);
		put_text(x, ws, head, (lxw_col_t)c, t->cols[c].label, x->head);
	}
	r = head + 1;
	for (size_t i = 0; i < t->nrows && !x->failed; i++, r++)
		for (size_t c = 0; c < t->ncols; c++)
			write_cell(x, ws, r, (lxw_col_t)c, &t->cols[c], doc_cell(t, i, c));
	if (t->ncols) {
		worksheet_freeze_panes(ws, head + 1, 0);
		check(x, worksheet_autofilter(ws, head, 0, t->nrows ? r - 1 : head,
					      (lxw_col_t)(t->ncols - 1)));
	}
	print_layout(ws, head);
}

static lxw_row_t chart_rows(struct xw *x, lxw_worksheet *ws, lxw_row_t r,
			    const struct doc_chart *c)
{
	if (c->title)
		put_text(x, ws, r++, 0, c->title, x->bold);
	if (c->kind == DOC_CHART_HEATMAP) {
		if (c->x_title)
			put_text(x, ws, r++, 1, c->x_title, x->bold);
		put_text(x, ws, r, 0, c->y_title, x->bold);
		for (size_t k = 0; k < c->ncols; k++)
			put_text(x, ws, r, (lxw_col_t)(k + 1), c->col_labels[k], x->head);
		r++;
		for (size_t i = 0; i < c->nrows; i++, r++) {
			put_text(x, ws, r, 0, c->row_labels[i], x->head);
			for (size_t k = 0; k < c->ncols; k++) {
				const struct doc_chart_cell *cell = &c->cells[i * c->ncols + k];

				check(x, worksheet_write_number(ws, r, (lxw_col_t)(k + 1), (double)cell->count,
								fill_format(x, cell->colour)));
			}
		}
	} else {
		for (size_t i = 0; i < c->nbars; i++, r++) {
			put_text(x, ws, r, 0, c->bars[i].label, x->cell[DOC_STYLE_NONE][T_TEXT]);
			check(x, worksheet_write_number(ws, r, 1, (double)c->bars[i].count,
							x->cell[DOC_STYLE_NONE][T_NUM]));
		}
	}
	return r + 1;
}

/* Headings, paragraphs, key/value blocks and charts go on a first sheet,
 * in order; tables get sheets of their own. */
static void summary_sheet(struct xw *x)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, sheet_name(x, x->d->title));
	lxw_row_t r;

	if (!ws) {
		check(x, LXW_ERROR_SHEETNAME_ALREADY_USED);
		return;
	}
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, 12, 14, NULL);
	r = header_block(x, ws);
	for (size_t i = 0; i < x->d->nblocks; i++) {
		const struct doc_block *b = &x->d->blocks[i];

		switch (b->kind) {
		case DOC_HEADING:
			put_text(x, ws, r++, 0, b->text, x->bold);
			break;
		case DOC_PARAGRAPH:
			put_text(x, ws, r++, 0, b->text, b->style == DOC_STYLE_STRONG ? x->bold : NULL);
			break;
		case DOC_KV:
			for (size_t k = 0; k < b->nkv; k++, r++) {
				put_text(x, ws, r, 0, b->kv[k].label, x->label);
				put_text(x, ws, r, 1, b->kv[k].value, NULL);
			}
			r++;
			break;
		case DOC_CHART:
			r = chart_rows(x, ws, r, b->chart);
			break;
		case DOC_TABLE:
			if (b->table->caption)
				put_text(x, ws, r++, 0, b->table->caption, x->bold);
			break;
		}
	}
	print_layout(ws, (lxw_row_t)-1);
}

static bool needs_summary(const struct doc *d)
{
	size_t tables = 0;

	if (d->main_table)
		return false;
	for (size_t i = 0; i < d->nblocks; i++) {
		if (d->blocks[i].kind == DOC_TABLE)
			tables++;
		else if (d->blocks[i].kind != DOC_HEADING)
			return true;
	}
	return tables == 0;
}

static enum isms_rc write_xlsx_file(const struct doc *d, const char *path, struct isms_err *err)
{
	const struct doc_table *tables[MAX_TABLES];
	size_t n = doc_tables(d, tables, MAX_TABLES), rows = 0;
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props = { 0 };
	struct xw x = { .d = d };
	lxw_error e;

	for (size_t i = 0; i < n; i++)
		rows += tables[i]->nrows;
	opt.constant_memory = rows > STREAM_ROWS;
	opt.tmpdir = NULL;
	x.wb = workbook_new_opt(path, &opt);
	if (!x.wb) {
		isms_err_set(err, ISMS_EIO, _("cannot write \"%s\""), path);
		return ISMS_EIO;
	}
	props.title = (char *)d->title;
	props.company = (char *)(doc_meta_get(d, "organisation") ? doc_meta_get(d, "organisation") : "");
	props.comments = (char *)"isms";
	workbook_set_properties(x.wb, &props);
	make_formats(&x);
	if (needs_summary(d))
		summary_sheet(&x);
	for (size_t i = 0; i < n; i++)
		table_sheet(&x, tables[i]);
	e = workbook_close(x.wb);
	if (x.failed == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
		isms_err_set(err, ISMS_ELIMIT, _("a cell is too long for Excel"));
		isms_err_detail(err, _("Excel cells hold at most 32,767 characters."));
		return ISMS_ELIMIT;
	}
	if (x.failed || e) {
		isms_err_set(err, ISMS_EIO, _("cannot write \"%s\""), path);
		isms_err_detail(err, _("libxlsxwriter says: %s."), lxw_strerror(x.failed ? x.failed : e));
		return ISMS_EIO;
	}
	return ISMS_OK;
}

/* Through a private temporary file: libxlsxwriter writes files. */
static enum isms_rc write_xlsx(const struct doc *d, struct sbuf *out, struct isms_err *err)
{
	char path[] = P_tmpdir "/isms-xlsx-XXXXXX";
	enum isms_rc rc;
	FILE *f;
	int fd = mkstemp(path);

	if (fd < 0) {
		isms_err_set(err, ISMS_EIO, _("cannot create a temporary file: %s"), strerror(errno));
		return ISMS_EIO;
	}
	close(fd);
	rc = write_xlsx_file(d, path, err);
	if (!rc) {
		char buf[65536];
		size_t n;

		f = fopen(path, "rb");
		if (!f) {
			rc = isms_err_set(err, ISMS_EIO, _("cannot read \"%s\": %s"), path, strerror(errno));
		} else {
			while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
				sbuf_add(out, buf, n);
			fclose(f);
		}
	}
	unlink(path);
	return rc;
}

const struct doc_writer doc_writer_xlsx = {
	.format = DOC_XLSX,
	.write = write_xlsx,
	.write_file = write_xlsx_file,
};
