/* svg.c - the document's charts as inline SVG: the heat map (risk matrix) and the bar chart. */
#include <stdlib.h>
#include <string.h>

#include "isms/doc.h"
#include "isms/html.h"
#include "isms/utf8.h"

#define FONT "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"
#define CHAR_W 7 /* px per terminal column at 12px, for laying out labels */

/* Only "#rrggbb" reaches an attribute; anything else is no colour. */
static bool colour_ok(const char *s)
{
	if (!s || strlen(s) != 7 || s[0] != '#')
		return false;
	for (int i = 1; i < 7; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

/* Black or white text, whichever reads better on `bg`. */
static const char *ink(const char *bg)
{
	int v[3];

	if (!colour_ok(bg))
		return "#000000";
	for (int i = 0; i < 3; i++) {
		char h[3] = { bg[1 + 2 * i], bg[2 + 2 * i], 0 };

		v[i] = (int)strtol(h, NULL, 16);
	}
	return (v[0] * 299 + v[1] * 587 + v[2] * 114) / 1000 < 128 ? "#ffffff" : "#000000";
}

static size_t max_width(const char *const *labels, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++) {
		size_t lw = labels[i] ? utf8_width(labels[i]) : 0;

		if (lw > w)
			w = lw;
	}
	return w;
}

static void heatmap(const struct doc_chart *c, struct sbuf *out)
{
	const int cw = 64, ch = 44, top = c->title ? 36 : 12;
	int left = 28 + (int)max_width(c->row_labels, c->nrows) * CHAR_W + 8;
	int width, height;

	if (left < 60)
		left = 60;
	width = left + (int)c->ncols * cw + 12;
	height = top + (int)c->nrows * ch + 52;
	html_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"isms-chart isms-heatmap\""
			 " role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
			 " font-family=\"" FONT "\" font-size=\"12\">",
		    width, height, width, height);
	html_printf(out, "<title>%s</title>", c->title ? c->title : c->key);
	if (c->title)
		html_printf(out, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>",
			    left, c->title);
	for (size_t r = 0; r < c->nrows; r++) {
		int y = top + (int)r * ch;

		html_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>",
			    left - 6, y + ch / 2, c->row_labels[r]);
		for (size_t k = 0; k < c->ncols; k++) {
			const struct doc_chart_cell *cell = &c->cells[r * c->ncols + k];
			const char *fill = colour_ok(cell->colour) ? cell->colour : "#ffffff";
			int x = left + (int)k * cw;

			html_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\""
					 " stroke=\"#808080\"/>",
				    x, y, cw, ch, fill);
			html_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\""
					 " font-size=\"14\" font-weight=\"bold\">%ld</text>",
				    x + cw / 2, y + (cell->label ? 20 : 27), ink(fill), cell->count);
			if (cell->label)
				html_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\""
						 " font-size=\"10\">%s</text>",
					    x + cw / 2, y + 36, ink(fill), cell->label);
		}
	}
	for (size_t k = 0; k < c->ncols; k++)
		html_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
			    left + (int)k * cw + cw / 2, top + (int)c->nrows * ch + 18, c->col_labels[k]);
	if (c->x_title)
		html_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>",
			    left + (int)c->ncols * cw / 2, top + (int)c->nrows * ch + 42, c->x_title);
	if (c->y_title)
		html_printf(out, "<text transform=\"translate(14 %d) rotate(-90)\" text-anchor=\"middle\""
				 " font-weight=\"bold\">%s</text>",
			    top + (int)c->nrows * ch / 2, c->y_title);
	html_raw(out, "</svg>");
}

static void barchart(const struct doc_chart *c, struct sbuf *out)
{
	const int bh = 22, gap = 8, barmax = 320, top = c->title ? 36 : 12;
	size_t lw = 0;
	long max = 0;
	int left, width, height;

	for (size_t i = 0; i < c->nbars; i++) {
		size_t w = utf8_width(c->bars[i].label);

		if (w > lw)
			lw = w;
		if (c->bars[i].count > max)
			max = c->bars[i].count;
	}
	left = 12 + (int)lw * CHAR_W + 8;
	width = left + barmax + 60;
	height = top + (int)c->nbars * (bh + gap) + (c->x_title ? 28 : 8);
	html_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"isms-chart isms-bars\""
			 " role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
			 " font-family=\"" FONT "\" font-size=\"12\">",
		    width, height, width, height);
	html_printf(out, "<title>%s</title>", c->title ? c->title : c->key);
	if (c->title)
		html_printf(out, "<text x=\"12\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>",
			    c->title);
	for (size_t i = 0; i < c->nbars; i++) {
		const struct doc_bar *b = &c->bars[i];
		int y = top + (int)i * (bh + gap);
		int w = max > 0 && b->count > 0 ? (int)((double)b->count / (double)max * barmax) : 0;

		if (b->count > 0 && w < 1)
			w = 1;
		html_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>",
			    left - 6, y + bh / 2, b->label);
		html_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
			    left, y, w, bh, colour_ok(b->colour) ? b->colour : "#4472c4");
		html_printf(out, "<text x=\"%d\" y=\"%d\" dominant-baseline=\"middle\">%ld</text>",
			    left + w + 6, y + bh / 2, b->count);
	}
	if (c->x_title)
		html_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>",
			    left + barmax / 2, height - 8, c->x_title);
	html_raw(out, "</svg>");
}

void doc_chart_svg(const struct doc_chart *c, struct sbuf *out)
{
	if (c->kind == DOC_CHART_HEATMAP)
		heatmap(c, out);
	else
		barchart(c, out);
}
