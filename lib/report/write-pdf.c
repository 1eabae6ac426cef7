/* write-pdf.c - the document as an A4 PDF (cairo + pango): Japanese fonts, real tables, page numbers. */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/utf8.h"
#include "isms/xalloc.h"
#include "writer.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
/* Two leaks inside the system libraries that no call of ours can free:
 * cairo 1.16 keeps 768 bytes per PDF with text when the surface is
 * finished (its font subsetting), and fontconfig never frees the
 * configuration it loads once per process. LeakSanitizer ignores what is
 * allocated between these two calls, on this thread only, so a leak of
 * ours still counts. */
#define LIB_LEAKS_BEGIN() __lsan_disable()
#define LIB_LEAKS_END() __lsan_enable()
#else
#define LIB_LEAKS_BEGIN() ((void)0)
#define LIB_LEAKS_END() ((void)0)
#endif

/* Named explicitly: with a generic family, fontconfig may pick a Chinese
 * face and kanji come out in Chinese glyph forms. */
#define FONT "Noto Sans CJK JP"

#define MM (72.0 / 25.4)
#define A4_SHORT (210 * MM)
#define A4_LONG (297 * MM)
#define MARGIN_X (15 * MM)
#define MARGIN_TOP (20 * MM)
#define MARGIN_BOTTOM (18 * MM)
#define PAD 3.0 /* inside table cells */

/* Font sizes in points. */
#define SZ_TITLE 16.0
#define SZ_H1 13.0
#define SZ_H2 11.0
#define SZ_H3 10.0
#define SZ_BODY 10.0
#define SZ_TABLE 8.5
#define SZ_SMALL 7.0

/* A table of this many columns or more puts the document in landscape. */
#define LANDSCAPE_COLS 7

enum font_id {
	F_BODY,
	F_BOLD,
	F_TABLE,
	F_TABLE_BOLD,
	F_SMALL,
	F_TITLE,
	F_H1,
	F_H2,
	F_H3,
	F_COUNT
};

/* The document is laid out once, each page drawn into a recording surface;
 * when the number of pages is known, the pages are played into the PDF
 * with their running head and "page / pages". */
struct pdf {
	const struct doc *d;
	cairo_surface_t *rec; /* the page being drawn */
	cairo_t *cr;          /* drawing on it */
	cairo_surface_t **pages;
	size_t npages, pages_alloc;
	PangoFontMap *fontmap; /* our own, released after each document */
	PangoContext *pango;
	PangoLayout *layout; /* for paragraphs, headings, page furniture */
	PangoFontDescription *font[F_COUNT];
	int page;   /* the current page, from 1 */
	double pw, ph, x0, x1, ytop, ybot, y;
};

/* One line of laid-out text: where it starts, ends and its baseline,
 * relative to the top of its block. */
struct line {
	double top, bottom, baseline;
};

/* --- basics ----------------------------------------------------------------- */

static void rgb(cairo_t *cr, const char *hex)
{
	unsigned v = (unsigned)strtoul(hex + 1, NULL, 16);

	cairo_set_source_rgb(cr, ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0,
			     (v & 0xff) / 255.0);
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

/* Dark text on light fills, white on dark ones. */
static bool dark(const char *hex)
{
	unsigned v = (unsigned)strtoul(hex + 1, NULL, 16);

	return (((v >> 16) & 0xff) * 299 + ((v >> 8) & 0xff) * 587 + (v & 0xff) * 114) / 1000 < 128;
}

static void set_text(PangoLayout *l, const char *s, enum font_id f, struct pdf *p, double width)
{
	pango_layout_set_font_description(l, p->font[f]);
	pango_layout_set_width(l, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_text(l, s ? s : "", -1);
}

static double text_width(struct pdf *p, const char *s, enum font_id f)
{
	int w, h;

	set_text(p->layout, s, f, p, -1);
	pango_layout_get_size(p->layout, &w, &h);
	return (double)w / PANGO_SCALE;
}

/* The lines of `l`; returns how many, in `*ret` (freed by the caller). */
static size_t layout_lines(PangoLayout *l, struct line **ret)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	size_t n = (size_t)pango_layout_get_line_count(l), i = 0;
	struct line *lines = xcalloc(n ? n : 1, sizeof(*lines));

	do {
		int y0, y1;

		if (i >= n)
			break;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		lines[i].top = (double)y0 / PANGO_SCALE;
		lines[i].bottom = (double)y1 / PANGO_SCALE;
		lines[i].baseline = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	*ret = lines;
	return i;
}

static void show_line(struct pdf *p, PangoLayout *l, size_t i, double x, double y)
{
	PangoLayoutLine *line = pango_layout_get_line_readonly(l, (int)i);
	int w = 0;
	PangoRectangle ink, logical;

	if (!line)
		return;
	/* Alignment of the layout applies to whole-layout drawing only. */
	if (pango_layout_get_alignment(l) == PANGO_ALIGN_RIGHT && pango_layout_get_width(l) > 0) {
		pango_layout_line_get_extents(line, &ink, &logical);
		w = pango_layout_get_width(l) - logical.width;
	} else if (pango_layout_get_alignment(l) == PANGO_ALIGN_CENTER && pango_layout_get_width(l) > 0) {
		pango_layout_line_get_extents(line, &ink, &logical);
		w = (pango_layout_get_width(l) - logical.width) / 2;
	}
	cairo_move_to(p->cr, x + (double)w / PANGO_SCALE, y);
	pango_cairo_show_layout_line(p->cr, line);
}

/* --- pages -------------------------------------------------------------------- */

/* The running head (the title, the organisation) and "page / pages",
 * drawn on the PDF page itself. */
static void furniture(struct pdf *p, cairo_t *cr, int page, int pages)
{
	const char *org = doc_meta_get(p->d, "organisation");
	cairo_t *saved = p->cr;
	char num[64];
	struct line *lines;

	p->cr = cr;
	cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
	set_text(p->layout, p->d->title, F_SMALL, p, (p->x1 - p->x0) * 0.6);
	pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_END);
	layout_lines(p->layout, &lines);
	show_line(p, p->layout, 0, p->x0, 10 * MM + lines[0].baseline);
	free(lines);
	pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_NONE);
	if (org && *org) {
		double w = text_width(p, org, F_SMALL);

		if (w > (p->x1 - p->x0) * 0.38)
			w = (p->x1 - p->x0) * 0.38;
		set_text(p->layout, org, F_SMALL, p, w);
		pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_END);
		layout_lines(p->layout, &lines);
		show_line(p, p->layout, 0, p->x1 - w, 10 * MM + lines[0].baseline);
		free(lines);
		pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_NONE);
	}
	cairo_set_line_width(cr, 0.4);
	cairo_move_to(cr, p->x0, 14 * MM);
	cairo_line_to(cr, p->x1, 14 * MM);
	cairo_stroke(cr);
	snprintf(num, sizeof(num), "%d / %d", page, pages);
	set_text(p->layout, num, F_SMALL, p, p->x1 - p->x0);
	pango_layout_set_alignment(p->layout, PANGO_ALIGN_CENTER);
	layout_lines(p->layout, &lines);
	show_line(p, p->layout, 0, p->x0, p->ph - 9 * MM + lines[0].baseline);
	free(lines);
	pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
	cairo_set_source_rgb(cr, 0, 0, 0);
	p->cr = saved;
}

static void end_page(struct pdf *p)
{
	if (!p->rec)
		return;
	cairo_destroy(p->cr);
	p->pages = xgrow(p->pages, &p->pages_alloc, p->npages + 1, sizeof(*p->pages));
	p->pages[p->npages++] = p->rec;
	p->rec = NULL;
	p->cr = NULL;
}

static void new_page(struct pdf *p)
{
	cairo_rectangle_t extent = { 0, 0, p->pw, p->ph };

	end_page(p);
	p->rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extent);
	p->cr = cairo_create(p->rec);
	p->page++;
	p->y = p->ytop;
}

/* Room for `h` more points on this page, or a new page. */
static void need(struct pdf *p, double h)
{
	if (p->y + h > p->ybot && p->y > p->ytop)
		new_page(p);
}

/* --- text blocks --------------------------------------------------------------- */

/* Wrapped text across pages, line by line, from `x` in `width`. */
static void text_block(struct pdf *p, const char *s, enum font_id f, double x, double width,
		       double space_after)
{
	struct line *lines;
	size_t n;
	double origin;

	set_text(p->layout, s, f, p, width);
	n = layout_lines(p->layout, &lines);
	origin = p->y;
	for (size_t i = 0; i < n; i++) {
		double h = lines[i].bottom - lines[i].top;

		if (origin + lines[i].bottom > p->ybot && p->y > p->ytop) {
			new_page(p);
			origin = p->y - lines[i].top;
		}
		show_line(p, p->layout, i, x, origin + lines[i].baseline);
		p->y = origin + lines[i].top + h;
	}
	free(lines);
	p->y += space_after;
}

/* A heading stays on the page of what follows it: `next` is the height
 * that must fit below it. */
static void heading(struct pdf *p, int level, const char *s, double next)
{
	enum font_id f = level <= 1 ? F_H1 : level == 2 ? F_H2 : F_H3;
	double size = level <= 1 ? SZ_H1 : level == 2 ? SZ_H2 : SZ_H3;

	p->y += size * 0.8;
	need(p, size * 1.6 + next);
	text_block(p, s, f, p->x0, p->x1 - p->x0, 0);
	if (level <= 1) {
		cairo_set_line_width(p->cr, 0.6);
		cairo_move_to(p->cr, p->x0, p->y + 1.5);
		cairo_line_to(p->cr, p->x1, p->y + 1.5);
		cairo_stroke(p->cr);
	}
	p->y += size * 0.4;
}

static void paragraph(struct pdf *p, const char *s, enum doc_style style)
{
	double x = p->x0, w = p->x1 - p->x0;
	const char *c = doc_style_colour(style);
	bool bullet = s && !strncmp(s, "\xe2\x80\xa2 ", 4); /* "• " */

	if (bullet) {
		/* A list item: the bullet hangs in the margin of its text. */
		need(p, SZ_BODY * 1.6);
		set_text(p->layout, "\xe2\x80\xa2", F_BODY, p, -1);
		{
			struct line *lines;

			layout_lines(p->layout, &lines);
			show_line(p, p->layout, 0, x + 4, p->y + lines[0].baseline);
			free(lines);
		}
		x += 14, w -= 14, s += 4;
	}
	if (c) {
		/* A coloured paragraph gets a bar in its colour on the left. */
		double before = p->y;
		int page = p->page;

		text_block(p, s, style == DOC_STYLE_STRONG ? F_BOLD : F_BODY, x + 8, w - 8, 0);
		if (page == p->page) {
			rgb(p->cr, c);
			cairo_rectangle(p->cr, x, before, 4, p->y - before);
			cairo_fill(p->cr);
			cairo_set_source_rgb(p->cr, 0, 0, 0);
		}
		p->y += SZ_BODY * 0.6;
		return;
	}
	text_block(p, s, style == DOC_STYLE_STRONG ? F_BOLD : F_BODY, c ? x + 8 : x, c ? w - 8 : w,
		   SZ_BODY * 0.6);
}

/* --- tables ----------------------------------------------------------------------- */

struct cell_text {
	PangoLayout *layout;
	struct line *lines;
	size_t n, next; /* lines, and the first not drawn yet */
};

struct grid {
	const struct doc_col *cols;
	size_t ncols, nrows;
	const struct doc_cell *cells; /* nrows * ncols */
	double *w;                    /* column widths */
	bool header, borders, first_bold;
	enum font_id font, bold;
	struct cell_text *ct;  /* the row being drawn */
	struct cell_text *hct; /* the header, laid out once */
	double header_h;
};

/* Estimated natural width of a text in points: about half the font size
 * per terminal column (a kanji takes two), the widest line. */
static double natural(const char *s, double size)
{
	size_t line = 0, best = 0;

	for (const char *q = s; q && *q;) {
		uint32_t cp;

		q += utf8_decode(q, &cp);
		if (cp == '\n') {
			line = 0;
			continue;
		}
		line += (size_t)utf8_cp_width(cp);
		if (line > best)
			best = line;
	}
	return (double)best * size * 0.55 + 2 * PAD + 1;
}

/* Column widths that fill `avail`. Each column gets at least its minimum
 * (short contents and the header do not wrap); what is left is shared in
 * proportion to how much more each column would like, judged by both the
 * widest and the average of its cells, so that one long cell does not
 * starve the others. */
static void widths(const struct grid *g, double avail, double size, double *w)
{
	double *min = xcalloc(g->ncols, sizeof(*min)), *want = xcalloc(g->ncols, sizeof(*want));
	double summin = 0, sumwant = 0, sumextra = 0, short_text = 10 * size * 0.55 + 2 * PAD + 1;

	for (size_t c = 0; c < g->ncols; c++) {
		double max = 0, sum = 0, head = g->header ? natural(g->cols[c].label, size) : 0;
		size_t n = 0;

		if (g->cols[c].width) {
			max = sum = g->cols[c].width * size * 0.55 + 2 * PAD + 1;
			n = 1;
		}
		for (size_t r = 0; !g->cols[c].width && r < g->nrows && r < 500; r++, n++) {
			double v = natural(g->cells[r * g->ncols + c].v, size);

			sum += v;
			if (v > max)
				max = v;
		}
		min[c] = max < short_text ? max : short_text * 0.6;
		if (head > min[c])
			min[c] = head < short_text * 1.2 ? head : short_text * 1.2;
		if (min[c] < 3.5 * size)
			min[c] = 3.5 * size;
		want[c] = (max + (n ? sum / (double)n : 0)) / 2;
		if (want[c] > avail * 0.6)
			want[c] = avail * 0.6;
		if (want[c] < min[c])
			want[c] = min[c];
		summin += min[c];
		sumwant += want[c];
		sumextra += want[c] - min[c];
	}
	for (size_t c = 0; c < g->ncols; c++) {
		if (sumwant <= avail * 0.7)
			w[c] = want[c] * 1.2; /* a small table keeps its natural size, with air */
		else if (sumwant <= avail)
			w[c] = want[c] * avail / sumwant;
		else if (summin >= avail || sumextra <= 0)
			w[c] = min[c] * avail / summin;
		else
			w[c] = min[c] + (avail - summin) * (want[c] - min[c]) / sumextra;
	}
	free(min);
	free(want);
}

static void prepare_cell(struct pdf *p, struct grid *g, struct cell_text *ct, size_t c,
			 const char *text, enum font_id f, bool right)
{
	set_text(ct->layout, text, f, p, g->w[c] - 2 * PAD);
	pango_layout_set_alignment(ct->layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	free(ct->lines);
	ct->n = layout_lines(ct->layout, &ct->lines);
	ct->next = 0;
}

static double cell_height(const struct cell_text *ct)
{
	return ct->n ? ct->lines[ct->n - 1].bottom - ct->lines[ct->next].top : 0;
}

/* Draw what fits of a prepared row from p->y down to `limit`; returns true
 * when the whole row has been drawn. */
static bool row_segment(struct pdf *p, struct grid *g, struct cell_text *cts,
			const struct doc_cell *cells, double limit)
{
	size_t *upto = xcalloc(g->ncols, sizeof(*upto));
	double h = 0, x = p->x0;
	bool done = true;

	for (size_t c = 0; c < g->ncols; c++) {
		struct cell_text *ct = &cts[c];
		size_t i = ct->next;
		double start = i < ct->n ? ct->lines[i].top : 0;

		while (i < ct->n && p->y + (ct->lines[i].bottom - start) + 2 * PAD <= limit)
			i++;
		/* Nothing fits on a fresh page: a line taller than the page. */
		if (i == ct->next && i < ct->n && p->y <= p->ytop + g->header_h + 1)
			i++;
		upto[c] = i;
		if (i < ct->n)
			done = false;
		if (i > ct->next && ct->lines[i - 1].bottom - start > h)
			h = ct->lines[i - 1].bottom - start;
	}
	h += 2 * PAD;
	for (size_t c = 0; c < g->ncols; c++) {
		struct cell_text *ct = &cts[c];
		enum doc_style st = cells ? cells[c].style : DOC_STYLE_NONE;
		const char *fill = cells ? doc_style_colour(st) : "#e7e6e6";
		double start = ct->next < ct->n ? ct->lines[ct->next].top : 0;

		{
			if (fill) {
				rgb(p->cr, fill);
				cairo_rectangle(p->cr, x, p->y, g->w[c], h);
				cairo_fill(p->cr);
			}
			if (cells && st == DOC_STYLE_MUTED)
				cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
			else if (fill && dark(fill))
				cairo_set_source_rgb(p->cr, 1, 1, 1);
			else
				cairo_set_source_rgb(p->cr, 0, 0, 0);
			for (size_t i = ct->next; i < upto[c]; i++)
				show_line(p, ct->layout, i, x + PAD, p->y + PAD + ct->lines[i].baseline - start);
			if (g->borders) {
				cairo_set_source_rgb(p->cr, 0.55, 0.55, 0.55);
				cairo_set_line_width(p->cr, 0.5);
				cairo_rectangle(p->cr, x, p->y, g->w[c], h);
				cairo_stroke(p->cr);
			}
			cairo_set_source_rgb(p->cr, 0, 0, 0);
		}
		ct->next = upto[c];
		x += g->w[c];
	}
	p->y += h;
	free(upto);
	return done;
}

static void header_row(struct pdf *p, struct grid *g)
{
	if (!g->header)
		return;
	for (size_t c = 0; c < g->ncols; c++)
		g->hct[c].next = 0;
	row_segment(p, g, g->hct, NULL, p->ybot + p->ph);
}

static void grid_new_page(struct pdf *p, struct grid *g)
{
	new_page(p);
	header_row(p, g);
}

static void grid_draw(struct pdf *p, struct grid *g, double avail)
{
	double size = g->font == F_TABLE ? SZ_TABLE : SZ_BODY;

	g->w = xcalloc(g->ncols, sizeof(*g->w));
	g->ct = xcalloc(g->ncols, sizeof(*g->ct));
	g->hct = xcalloc(g->ncols, sizeof(*g->hct));
	g->header_h = 0;
	widths(g, avail, size, g->w);
	for (size_t c = 0; c < g->ncols; c++) {
		g->ct[c].layout = pango_layout_new(p->pango);
		pango_layout_set_wrap(g->ct[c].layout, PANGO_WRAP_WORD_CHAR);
		g->hct[c].layout = pango_layout_new(p->pango);
		pango_layout_set_wrap(g->hct[c].layout, PANGO_WRAP_WORD_CHAR);
		if (g->header) {
			prepare_cell(p, g, &g->hct[c], c, g->cols[c].label, g->bold, false);
			if (cell_height(&g->hct[c]) + 2 * PAD > g->header_h)
				g->header_h = cell_height(&g->hct[c]) + 2 * PAD;
		}
	}
	/* The header and at least one line of a row together. */
	need(p, g->header_h + size * 1.5 + 2 * PAD);
	header_row(p, g);
	for (size_t r = 0; r < g->nrows; r++) {
		const struct doc_cell *cells = &g->cells[r * g->ncols];
		double rowh = 0;

		for (size_t c = 0; c < g->ncols; c++) {
			bool bold = cells[c].style == DOC_STYLE_STRONG || (g->first_bold && c == 0);

			prepare_cell(p, g, &g->ct[c], c, cells[c].v, bold ? g->bold : g->font,
				     g->cols[c].type == DOC_NUMBER);
			if (cell_height(&g->ct[c]) > rowh)
				rowh = cell_height(&g->ct[c]);
		}
		rowh += 2 * PAD;
		/* A row that fits on a page is never split: it moves to the
		 * next page, under the repeated header. A longer one starts
		 * where at least a line of it fits. */
		if (p->y + rowh > p->ybot && (rowh <= p->ybot - p->ytop - g->header_h ||
					      p->y + size * 2 + 2 * PAD > p->ybot))
			grid_new_page(p, g);
		while (!row_segment(p, g, g->ct, cells, p->ybot))
			grid_new_page(p, g);
	}
	for (size_t c = 0; c < g->ncols; c++) {
		g_object_unref(g->ct[c].layout);
		g_object_unref(g->hct[c].layout);
		free(g->ct[c].lines);
		free(g->hct[c].lines);
	}
	free(g->ct);
	free(g->hct);
	free(g->w);
	p->y += size;
}

static void table(struct pdf *p, const struct doc_table *t)
{
	struct grid g = {
		.cols = t->cols, .ncols = t->ncols, .nrows = t->nrows, .cells = t->cells,
		.header = true, .borders = true, .font = F_TABLE, .bold = F_TABLE_BOLD,
	};

	if (!t->ncols)
		return;
	if (t->caption) {
		need(p, SZ_BODY * 5);
		text_block(p, t->caption, F_BOLD, p->x0, p->x1 - p->x0, 2);
	}
	grid_draw(p, &g, p->x1 - p->x0);
}

/* Key/value pairs: a two-column grid without lines, labels in bold. */
static void kv(struct pdf *p, const struct doc_kv *pairs, size_t n)
{
	struct doc_col cols[2] = { { .key = "k", .label = "" }, { .key = "v", .label = "" } };
	struct doc_cell *cells = xcalloc(n ? 2 * n : 1, sizeof(*cells));
	struct grid g = {
		.cols = cols, .ncols = 2, .nrows = n, .cells = cells, .first_bold = true,
		.font = F_BODY, .bold = F_BOLD,
	};
	double labels = 0, avail = p->x1 - p->x0;

	for (size_t i = 0; i < n; i++) {
		double w = text_width(p, pairs[i].label, F_BOLD) + 2 * PAD + 4;

		cells[2 * i].v = pairs[i].label;
		cells[2 * i + 1].v = pairs[i].value;
		if (w > labels)
			labels = w;
	}
	if (labels > avail * 0.4)
		labels = avail * 0.4;
	/* Widths as hints in characters: the label column as wide as its
	 * longest label, the value column the rest. */
	cols[0].width = (unsigned)((labels - 2 * PAD - 1) / (SZ_BODY * 0.55)) + 1;
	cols[1].width = (unsigned)((avail - labels - 2 * PAD - 1) / (SZ_BODY * 0.55));
	grid_draw(p, &g, avail);
	free(cells);
}

/* --- charts ------------------------------------------------------------------------ */

static void centred(struct pdf *p, const char *s, enum font_id f, double x, double w, double y)
{
	struct line *lines;

	set_text(p->layout, s, f, p, w);
	pango_layout_set_alignment(p->layout, PANGO_ALIGN_CENTER);
	if (layout_lines(p->layout, &lines))
		show_line(p, p->layout, 0, x, y + lines[0].baseline);
	free(lines);
	pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
}

/* The label column, the cell width and the whole height of a heat map. */
static double heatmap_geometry(struct pdf *p, const struct doc_chart *c, double *ret_label_w,
			       double *ret_cell)
{
	double label_w = 0, cell;

	for (size_t i = 0; i < c->nrows; i++) {
		double w = text_width(p, c->row_labels[i], F_TABLE) + 8;

		if (w > label_w)
			label_w = w;
	}
	if (label_w < 50)
		label_w = 50;
	if (label_w > (p->x1 - p->x0) * 0.3)
		label_w = (p->x1 - p->x0) * 0.3;
	cell = (p->x1 - p->x0 - label_w) / (double)(c->ncols ? c->ncols : 1);
	if (cell > 70)
		cell = 70;
	*ret_label_w = label_w;
	*ret_cell = cell;
	return (c->y_title ? SZ_TABLE * 2 : 0) + (double)c->nrows * cell * 0.6 + SZ_TABLE * 5;
}

/* The height a chart needs on one page (a bar chart may break, after a few bars). */
static double chart_height(struct pdf *p, const struct doc_chart *c)
{
	double lw, cell, h;

	if (c->kind == DOC_CHART_HEATMAP)
		h = heatmap_geometry(p, c, &lw, &cell);
	else
		h = (double)(c->nbars < 5 ? c->nbars : 5) * SZ_TABLE * 2;
	if (c->title)
		h += SZ_BODY * 2.5;
	if (h > p->ybot - p->ytop - SZ_BODY * 4)
		h = p->ybot - p->ytop - SZ_BODY * 4;
	return h;
}

static void heatmap(struct pdf *p, const struct doc_chart *c)
{
	double label_w, cell, x, y, total_h = heatmap_geometry(p, c, &label_w, &cell);

	need(p, total_h);
	if (c->y_title)
		text_block(p, c->y_title, F_TABLE_BOLD, p->x0, label_w + cell * (double)c->ncols, 2);
	y = p->y;
	for (size_t r = 0; r < c->nrows; r++) {
		double ch = cell * 0.6;

		x = p->x0;
		{
			struct line *lines;

			set_text(p->layout, c->row_labels[r], F_TABLE, p, label_w - 6);
			if (layout_lines(p->layout, &lines))
				show_line(p, p->layout, 0, x, y + ch / 2 - (lines[0].bottom - lines[0].top) / 2 +
								       lines[0].baseline);
			free(lines);
		}
		x += label_w;
		for (size_t k = 0; k < c->ncols; k++) {
			const struct doc_chart_cell *cc = &c->cells[r * c->ncols + k];
			char num[32];

			{
				if (colour_ok(cc->colour)) {
					rgb(p->cr, cc->colour);
					cairo_rectangle(p->cr, x, y, cell, ch);
					cairo_fill(p->cr);
				}
				cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4);
				cairo_set_line_width(p->cr, 0.6);
				cairo_rectangle(p->cr, x, y, cell, ch);
				cairo_stroke(p->cr);
				if (colour_ok(cc->colour) && dark(cc->colour))
					cairo_set_source_rgb(p->cr, 1, 1, 1);
				else
					cairo_set_source_rgb(p->cr, 0, 0, 0);
				snprintf(num, sizeof(num), "%ld", cc->count);
				centred(p, num, F_TABLE_BOLD, x, cell, y + ch * 0.18);
				if (cc->label)
					centred(p, cc->label, F_SMALL, x, cell, y + ch * 0.55);
				cairo_set_source_rgb(p->cr, 0, 0, 0);
			}
			x += cell;
		}
		y += cell * 0.6;
	}
	for (size_t k = 0; k < c->ncols; k++)
		centred(p, c->col_labels[k], F_TABLE, p->x0 + label_w + cell * (double)k, cell, y + 2);
	y += SZ_TABLE * 2;
	if (c->x_title)
		centred(p, c->x_title, F_TABLE_BOLD, p->x0 + label_w, cell * (double)c->ncols, y);
	p->y = y + SZ_TABLE * 2.5;
}

static void barchart(struct pdf *p, const struct doc_chart *c)
{
	double label_w = 0, bar_w, max = 1, row = SZ_TABLE * 2;

	for (size_t i = 0; i < c->nbars; i++) {
		double w = text_width(p, c->bars[i].label, F_TABLE) + 8;

		if (w > label_w)
			label_w = w;
		if (c->bars[i].count > max)
			max = (double)c->bars[i].count;
	}
	if (label_w > (p->x1 - p->x0) * 0.4)
		label_w = (p->x1 - p->x0) * 0.4;
	bar_w = (p->x1 - p->x0 - label_w) * 0.8;
	for (size_t i = 0; i < c->nbars; i++) {
		char num[32];

		need(p, row);
		{
			struct line *lines;
			double len = bar_w * (double)c->bars[i].count / max;

			set_text(p->layout, c->bars[i].label, F_TABLE, p, label_w - 6);
			if (layout_lines(p->layout, &lines))
				show_line(p, p->layout, 0, p->x0, p->y + lines[0].baseline);
			free(lines);
			rgb(p->cr, colour_ok(c->bars[i].colour) ? c->bars[i].colour : "#4472c4");
			cairo_rectangle(p->cr, p->x0 + label_w, p->y + 1, len, row - 4);
			cairo_fill(p->cr);
			cairo_set_source_rgb(p->cr, 0, 0, 0);
			snprintf(num, sizeof(num), "%ld", c->bars[i].count);
			set_text(p->layout, num, F_TABLE, p, -1);
			if (layout_lines(p->layout, &lines))
				show_line(p, p->layout, 0, p->x0 + label_w + len + 4, p->y + lines[0].baseline);
			free(lines);
		}
		p->y += row;
	}
	if (c->x_title)
		text_block(p, c->x_title, F_TABLE, p->x0 + label_w, bar_w, 0);
	p->y += SZ_TABLE * 1.5;
}

static void chart(struct pdf *p, const struct doc_chart *c)
{
	/* The title stays with the chart (a heat map is never split). */
	if (c->title) {
		need(p, chart_height(p, c));
		text_block(p, c->title, F_BOLD, p->x0, p->x1 - p->x0, 4);
	}
	if (c->kind == DOC_CHART_HEATMAP)
		heatmap(p, c);
	else
		barchart(p, c);
}

/* --- the document -------------------------------------------------------------------- */

static bool landscape(const struct doc *d)
{
	for (size_t i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == DOC_TABLE && d->blocks[i].table->ncols >= LANDSCAPE_COLS)
			return true;
	return false;
}

/* The least of a block that must follow a heading on its page. */
static double min_height(struct pdf *p, const struct doc_block *b)
{
	switch (b->kind) {
	case DOC_CHART:
		return chart_height(p, b->chart);
	case DOC_TABLE:
		/* a caption, the header and a row */
		return SZ_BODY * 2 + SZ_TABLE * 6;
	default:
		return SZ_BODY * 4.5;
	}
}

static void render(struct pdf *p)
{
	const struct doc *d = p->d;

	p->page = 0;
	new_page(p);
	text_block(p, d->title, F_TITLE, p->x0, p->x1 - p->x0, SZ_BODY * 0.5);
	if (d->nmeta)
		kv(p, d->meta, d->nmeta);
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct doc_block *b = &d->blocks[i];

		switch (b->kind) {
		case DOC_HEADING:
			heading(p, b->level, b->text, i + 1 < d->nblocks ? min_height(p, &d->blocks[i + 1])
									   : SZ_BODY * 2);
			break;
		case DOC_PARAGRAPH:
			paragraph(p, b->text, b->style);
			break;
		case DOC_KV:
			kv(p, b->kv, b->nkv);
			break;
		case DOC_TABLE:
			table(p, b->table);
			break;
		case DOC_CHART:
			chart(p, b->chart);
			break;
		}
	}
	end_page(p);
}

static cairo_status_t to_sbuf(void *closure, const unsigned char *data, unsigned int len)
{
	sbuf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static const struct {
	PangoWeight weight;
	double size;
} fonts[F_COUNT] = {
	[F_BODY] = { PANGO_WEIGHT_NORMAL, SZ_BODY },
	[F_BOLD] = { PANGO_WEIGHT_BOLD, SZ_BODY },
	[F_TABLE] = { PANGO_WEIGHT_NORMAL, SZ_TABLE },
	[F_TABLE_BOLD] = { PANGO_WEIGHT_BOLD, SZ_TABLE },
	[F_SMALL] = { PANGO_WEIGHT_NORMAL, SZ_SMALL },
	[F_TITLE] = { PANGO_WEIGHT_BOLD, SZ_TITLE },
	[F_H1] = { PANGO_WEIGHT_BOLD, SZ_H1 },
	[F_H2] = { PANGO_WEIGHT_BOLD, SZ_H2 },
	[F_H3] = { PANGO_WEIGHT_BOLD, SZ_H3 },
};

/* Play the recorded pages into the PDF, each with its furniture. */
static void emit(struct pdf *p, struct sbuf *out)
{
	cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(to_sbuf, out, p->pw, p->ph);
	cairo_t *cr = cairo_create(pdf);

	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, p->d->title);
	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "isms");
	if (doc_meta_get(p->d, "organisation"))
		cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_AUTHOR,
					       doc_meta_get(p->d, "organisation"));
	pango_cairo_update_context(cr, p->pango);
	for (size_t i = 0; i < p->npages; i++) {
		cairo_set_source_surface(cr, p->pages[i], 0, 0);
		cairo_paint(cr);
		furniture(p, cr, (int)i + 1, (int)p->npages);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	LIB_LEAKS_BEGIN();
	cairo_surface_finish(pdf);
	LIB_LEAKS_END();
	cairo_surface_destroy(pdf);
}

static enum isms_rc write_pdf(const struct doc *d, struct sbuf *out, struct isms_err *err)
{
	struct pdf p = { .d = d };
	size_t start = out->len;

	if (landscape(d))
		p.pw = A4_LONG, p.ph = A4_SHORT;
	else
		p.pw = A4_SHORT, p.ph = A4_LONG;
	p.x0 = MARGIN_X;
	p.x1 = p.pw - MARGIN_X;
	p.ytop = MARGIN_TOP;
	p.ybot = p.ph - MARGIN_BOTTOM;
	LIB_LEAKS_BEGIN();
	/* Loaded here rather than in a thread of pango's, so that the leak
	 * marker above covers it; a no-op after the first time. */
	FcInit();
	LIB_LEAKS_END();
	/* A font map of our own rather than the process-wide default: its
	 * caches go with it, and no state outlives the call. */
	p.fontmap = pango_cairo_font_map_new();
	p.pango = pango_font_map_create_context(p.fontmap);
	/* One unit is one point: font sizes are in points, not at 96 dpi. */
	pango_cairo_context_set_resolution(p.pango, 72);
	p.layout = pango_layout_new(p.pango);
	pango_layout_set_wrap(p.layout, PANGO_WRAP_WORD_CHAR);
	for (int i = 0; i < F_COUNT; i++) {
		p.font[i] = pango_font_description_new();
		pango_font_description_set_family(p.font[i], FONT);
		pango_font_description_set_weight(p.font[i], fonts[i].weight);
		pango_font_description_set_size(p.font[i], (gint)(fonts[i].size * PANGO_SCALE));
	}
	render(&p);
	emit(&p, out);
	for (size_t i = 0; i < p.npages; i++)
		cairo_surface_destroy(p.pages[i]);
	free(p.pages);
	for (int i = 0; i < F_COUNT; i++)
		pango_font_description_free(p.font[i]);
	g_object_unref(p.layout);
	g_object_unref(p.pango);
	g_object_unref(p.fontmap);
	if (out->len == start || out->overflow)
		return isms_err_set(err, ISMS_EIO, _("cannot make the PDF"));
	return ISMS_OK;
}

const struct doc_writer doc_writer_pdf = {
	.format = DOC_PDF,
	.write = write_pdf,
};

