/*
 * doc.h - the neutral document every report is built as (DESIGN.md §2).
 *
 * A report is built once, by a builder, as a `struct doc`: a title, a
 * list of metadata (organisation, ISMS, edition, date, language …, each
 * with a stable key and a translated label), and a flat sequence of
 * blocks in reading order: headings (levels 1 to 3; a level-1 heading
 * opens a section), paragraphs, key/value blocks, tables and charts.
 * Writers turn it into a format (CSV, JSON, XLSX, HTML, PDF …) without
 * knowing which report it is; a new format is one writer, a new report is
 * one builder.
 *
 * Tables have typed columns (text, number, date) with a stable key, a
 * translated label and an optional width hint in characters. Cells are
 * text: a number cell holds a decimal number ("12", "-3", "2.5"), a date
 * cell "YYYY-MM-DD"; NULL is an empty cell. Each cell may carry a style
 * class (emphasis or a colour), which each writer maps to its own means
 * (bold, a fill colour, a CSS class). One table may be marked as the
 * document's main table: the CSV writer writes only that one.
 *
 * Charts are a heat map (a matrix of counts with row and column labels and
 * a colour per cell, such as the risk matrix) or a bar chart (labelled
 * counts). svg.c draws both; writers without pictures write their data.
 *
 * Ownership: the document owns copies of every string given to it (in an
 * arena inside it) and every table and chart; pointers returned by the
 * builders stay valid until `doc_free`. Building never fails (allocation
 * failure aborts); a column index out of range is a programming error.
 */
#ifndef ISMS_DOC_H
#define ISMS_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "isms/arena.h"
#include "isms/err.h"
#include "isms/sbuf.h"

enum doc_type {
	DOC_TEXT = 0,
	DOC_NUMBER, /* a decimal number; written as a number in JSON and XLSX */
	DOC_DATE,   /* "YYYY-MM-DD"; a date cell in XLSX */
};

/* Emphasis or colour class of a cell, a chart bar or a paragraph. */
enum doc_style {
	DOC_STYLE_NONE = 0,
	DOC_STYLE_STRONG, /* bold */
	DOC_STYLE_MUTED,  /* grey: not applicable, not yet known */
	DOC_STYLE_GOOD,   /* green: accepted, done, low */
	DOC_STYLE_NOTICE, /* yellow: medium, due soon */
	DOC_STYLE_WARN,   /* orange: high, stale */
	DOC_STYLE_BAD,    /* red: very high, overdue, rejected */
	DOC_STYLE_COUNT
};

enum doc_block_kind {
	DOC_HEADING = 0,
	DOC_PARAGRAPH,
	DOC_KV,
	DOC_TABLE,
	DOC_CHART,
};

enum doc_chart_kind {
	DOC_CHART_HEATMAP = 0,
	DOC_CHART_BAR,
};

struct doc_kv {
	const char *key;   /* stable: "organisation", "date" … */
	const char *label; /* translated */
	const char *value;
};

struct doc_col {
	const char *key;
	const char *label;
	enum doc_type type;
	unsigned width; /* hint in characters (a CJK character counts 2); 0: automatic */
};

struct doc_cell {
	const char *v; /* NULL: empty */
	enum doc_style style;
};

struct doc_table {
	struct doc *doc;
	const char *key;     /* stable: "assets" */
	const char *caption; /* translated; may be NULL */
	struct doc_col *cols;
	size_t ncols, cols_alloc;
	struct doc_cell *cells; /* row-major, nrows * ncols */
	size_t nrows, cells_alloc;
};

struct doc_chart_cell {
	long count;
	const char *colour; /* "#rrggbb", or NULL for none */
	const char *label;  /* shown beside the count (a level's name); may be NULL */
};

struct doc_bar {
	const char *label;
	long count;
	const char *colour; /* "#rrggbb", or NULL for the default */
};

struct doc_chart {
	struct doc *doc;
	enum doc_chart_kind kind;
	const char *key;
	const char *title;   /* translated; may be NULL */
	const char *x_title; /* heat map: the columns' axis (impact); bar: the value axis */
	const char *y_title; /* heat map: the rows' axis (likelihood) */
	/* heat map: nrows x ncols cells, row 0 drawn at the top */
	size_t nrows, ncols;
	const char **row_labels, **col_labels;
	struct doc_chart_cell *cells;
	/* bar chart */
	struct doc_bar *bars;
	size_t nbars, bars_alloc;
};

struct doc_block {
	enum doc_block_kind kind;
	int level;        /* heading: 1 … 3 */
	const char *text; /* heading, paragraph */
	enum doc_style style; /* paragraph */
	struct doc_kv *kv;    /* key/value block */
	size_t nkv, kv_alloc;
	struct doc_table *table;
	struct doc_chart *chart;
};

struct doc {
	struct arena arena;
	const char *kind;  /* stable name of the report: "assets", "risks" … */
	const char *title; /* translated */
	const char *lang;  /* "ja" or "en": the language it was built in */
	struct doc_kv *meta;
	size_t nmeta, meta_alloc;
	struct doc_block *blocks;
	size_t nblocks, blocks_alloc;
	struct doc_table *main_table; /* NULL: none marked */
};

/* A new, empty document. `kind` is the report's stable name, `lang` the
 * language its texts are in ("ja" or "en"). */
struct doc *doc_new(const char *kind, const char *title, const char *lang);
void doc_free(struct doc *d);

/* Add one metadata entry (kept in order; a key given twice is replaced). */
void doc_meta(struct doc *d, const char *key, const char *label, const char *value);
/* The value of a metadata entry, or NULL. */
const char *doc_meta_get(const struct doc *d, const char *key);

void doc_heading(struct doc *d, int level, const char *text);
void doc_para(struct doc *d, const char *text);
void doc_para_styled(struct doc *d, enum doc_style style, const char *text);
/* Add a pair to the key/value block at the end of the document, opening a
 * new block when the last block is something else. */
void doc_kv(struct doc *d, const char *key, const char *label, const char *value);
void doc_kvf(struct doc *d, const char *key, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A new table at the end of the document. Columns are added first, then
 * rows: `doc_row` starts a row whose cells are then set by column index. */
struct doc_table *doc_table(struct doc *d, const char *key, const char *caption);
size_t doc_col(struct doc_table *t, const char *key, const char *label, enum doc_type type,
	       unsigned width);
void doc_row(struct doc_table *t);
void doc_set(struct doc_table *t, size_t col, const char *value);
void doc_setf(struct doc_table *t, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void doc_set_int(struct doc_table *t, size_t col, long long v);
void doc_set_style(struct doc_table *t, size_t col, enum doc_style style);
/* The CSV writer writes only this table. */
void doc_set_main(struct doc_table *t);
const struct doc_cell *doc_cell(const struct doc_table *t, size_t row, size_t col);

/* A heat map of `nrows` x `ncols` counts, every cell 0 and uncoloured;
 * labels are copied. */
struct doc_chart *doc_heatmap(struct doc *d, const char *key, const char *title,
			      const char *y_title, const char *x_title, size_t nrows,
			      const char *const *row_labels, size_t ncols,
			      const char *const *col_labels);
void doc_heatmap_set(struct doc_chart *c, size_t row, size_t col, long count,
		     const char *colour, const char *label);
/* A bar chart; bars are added in order. */
struct doc_chart *doc_barchart(struct doc *d, const char *key, const char *title,
			       const char *x_title);
void doc_bar(struct doc_chart *c, const char *label, long count, const char *colour);

/*
 * Writing. Every format is one writer in a table (lib/report/writer.h);
 * a format whose writer is not built in (PDF until its writer exists)
 * fails with ISMS_ENOTSUP.
 */
enum doc_format {
	DOC_CSV = 0,
	DOC_JSON,
	DOC_XLSX,
	DOC_HTML,
	DOC_PDF,
	DOC_FORMAT_COUNT
};

/* "csv", "json", "xlsx", "html", "pdf" and back; false when unknown. */
bool doc_format_parse(const char *s, enum doc_format *ret);
const char *doc_format_name(enum doc_format f);
/* The usual file name extension (without the dot) and media type. */
const char *doc_format_ext(enum doc_format f);
const char *doc_format_mime(enum doc_format f);
/* Whether a writer for `f` is built in. */
bool doc_format_available(enum doc_format f);

/* Append the document in format `f` to `out` (binary formats too: use
 * out->len, not strlen). */
enum isms_rc doc_write(const struct doc *d, enum doc_format f, struct sbuf *out,
		       struct isms_err *err);
/* Write it to the file `path`, replacing it only when complete (a
 * temporary file beside it is renamed over it). */
enum isms_rc doc_write_file(const struct doc *d, enum doc_format f, const char *path,
			    struct isms_err *err);

/* The HTML of the document without <html>, <head> and <body>: the blocks
 * inside one <article class="isms-doc">, for a page of the web app that
 * brings its own head and the stylesheet below. */
void doc_write_html_body(const struct doc *d, struct sbuf *out);
/* The stylesheet of the printable page (screen and print). */
const char *doc_html_css(void);

/* A chart as a standalone <svg> element (UTF-8, escaped). */
void doc_chart_svg(const struct doc_chart *c, struct sbuf *out);

/* The colour a style stands for, "#rrggbb"; NULL for none and strong. */
const char *doc_style_colour(enum doc_style s);
/* "strong", "good" … (stable, for JSON and CSS). */
const char *doc_style_name(enum doc_style s);

#endif
