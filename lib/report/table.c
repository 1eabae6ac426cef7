/* table.c - the neutral table and its text, CSV and JSON writers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "isms/json.h"
#include "isms/table.h"
#include "isms/utf8.h"
#include "isms/xalloc.h"

void rtable_init(struct rtable *t)
{
	memset(t, 0, sizeof(*t));
}

void rtable_release(struct rtable *t)
{
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->cols[i].key);
		free(t->cols[i].header);
	}
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cols);
	free(t->cells);
	rtable_init(t);
}

void rtable_col(struct rtable *t, const char *key, const char *header, enum rcell_type type)
{
	t->cols = xgrow(t->cols, &t->cols_alloc, t->ncols + 1, sizeof(*t->cols));
	t->cols[t->ncols].key = xstrdup(key);
	t->cols[t->ncols].header = xstrdup(header);
	t->cols[t->ncols].type = type;
	t->ncols++;
}

void rtable_row(struct rtable *t)
{
	size_t need = (t->nrows + 1) * t->ncols;

	t->cells = xgrow(t->cells, &t->cells_alloc, need, sizeof(*t->cells));
	memset(t->cells + t->nrows * t->ncols, 0, t->ncols * sizeof(*t->cells));
	t->nrows++;
}

void rtable_set(struct rtable *t, size_t col, const char *value)
{
	char **cell = &t->cells[(t->nrows - 1) * t->ncols + col];

	free(*cell);
	*cell = value ? xstrdup(value) : NULL;
}

void rtable_setf(struct rtable *t, size_t col, const char *fmt, ...)
{
	char **cell = &t->cells[(t->nrows - 1) * t->ncols + col];
	va_list ap;

	free(*cell);
	va_start(ap, fmt);
	if (vasprintf(cell, fmt, ap) < 0)
		*cell = NULL;
	va_end(ap);
}

const char *rtable_get(const struct rtable *t, size_t row, size_t col)
{
	return t->cells[row * t->ncols + col];
}

void csv_field(struct sbuf *out, const char *s, bool neutralise)
{
	bool quote;

	if (!s)
		return;
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (neutralise && strchr("=+-@\t\r", s[0]) && s[0])
		quote = true;
	if (!quote) {
		sbuf_addstr(out, s);
		return;
	}
	sbuf_addch(out, '"');
	if (neutralise && s[0] && strchr("=+-@\t\r", s[0]))
		sbuf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			sbuf_addch(out, '"');
		sbuf_addch(out, *s);
	}
	sbuf_addch(out, '"');
}

static void pad(struct sbuf *out, size_t n)
{
	while (n--)
		sbuf_addch(out, ' ');
}

/* One line of a cell for text output: newlines and tabs become spaces. */
static const char *flat(const char *s, struct sbuf *tmp)
{
	sbuf_reset(tmp);
	for (; s && *s; s++)
		sbuf_addch(tmp, (*s == '\n' || *s == '\t' || *s == '\r') ? ' ' : *s);
	return tmp->buf;
}

static void write_text(const struct rtable *t, struct sbuf *out)
{
	size_t *w = xcalloc(t->ncols ? t->ncols : 1, sizeof(*w));
	struct sbuf tmp = SBUF_INIT;

	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = utf8_width(t->cols[c].header);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t cw = utf8_width(flat(rtable_get(t, r, c), &tmp));

			if (cw > w[c])
				w[c] = cw;
		}
	}
	for (size_t c = 0; c < t->ncols; c++) {
		sbuf_addstr(out, t->cols[c].header);
		if (c + 1 < t->ncols)
			pad(out, w[c] - utf8_width(t->cols[c].header) + 2);
	}
	sbuf_addch(out, '\n');
	for (size_t c = 0; c < t->ncols; c++) {
		for (size_t i = 0; i < w[c]; i++)
			sbuf_addch(out, '-');
		if (c + 1 < t->ncols)
			sbuf_addstr(out, "  ");
	}
	sbuf_addch(out, '\n');
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = flat(rtable_get(t, r, c), &tmp);
			size_t cw = utf8_width(s);

			if (t->cols[c].type == RCELL_NUMBER) {
				pad(out, w[c] - cw);
				sbuf_addstr(out, s);
			} else {
				sbuf_addstr(out, s);
				if (c + 1 < t->ncols)
					pad(out, w[c] - cw);
			}
			if (c + 1 < t->ncols)
				sbuf_addstr(out, "  ");
		}
		sbuf_rtrim(out);
		sbuf_addch(out, '\n');
	}
	sbuf_release(&tmp);
	free(w);
}

static void write_csv(const struct rtable *t, struct sbuf *out)
{
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			sbuf_addch(out, ',');
		csv_field(out, t->cols[c].key, true);
	}
	sbuf_addstr(out, "\r\n");
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				sbuf_addch(out, ',');
			csv_field(out, rtable_get(t, r, c), t->cols[c].type == RCELL_TEXT);
		}
		sbuf_addstr(out, "\r\n");
	}
}

static void write_json(const struct rtable *t, struct sbuf *out)
{
	json_t *arr = json_array();

	for (size_t r = 0; r < t->nrows; r++) {
		json_t *o = json_object();

		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = rtable_get(t, r, c);
			json_t *v;

			if (!s) {
				v = json_null();
			} else if (t->cols[c].type == RCELL_NUMBER) {
				json_error_t je;

				v = json_loads(s, JSON_DECODE_ANY, &je);
				if (!v || !json_is_number(v)) {
					json_decref(v);
					v = json_string(s);
				}
			} else if (t->cols[c].type == RCELL_BOOL) {
				v = json_boolean(!strcmp(s, "true") || !strcmp(s, "1"));
			} else {
				v = json_str_or_null(s);
			}
			json_object_set_new(o, t->cols[c].key, v);
		}
		json_array_append_new(arr, o);
	}
	json_write(out, arr, 1);
	sbuf_addch(out, '\n');
	json_decref(arr);
}

void rtable_write(const struct rtable *t, enum rtable_format f, struct sbuf *out)
{
	switch (f) {
	case RTABLE_TEXT: write_text(t, out); break;
	case RTABLE_CSV: write_csv(t, out); break;
	case RTABLE_JSON: write_json(t, out); break;
	}
}
