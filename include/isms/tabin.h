/*
 * tabin.h - reading tabular input: CSV and XLSX files into rows of UTF-8
 * cells, and mapping their header to the fields an importer knows.
 *
 * What users bring is mostly what Excel writes. A CSV file may be UTF-8,
 * with or without a byte order mark, or Shift_JIS (Windows code page 932,
 * as Japanese Excel saves "CSV"); the encoding is detected and the text
 * converted to UTF-8. Anything else (UTF-16, bytes valid in neither) is
 * refused with the line of the first bad byte. An XLSX file is read by a
 * small reader of our own (libzip and expat): the first worksheet, with
 * shared strings (phonetic runs skipped), inline strings, numbers and
 * booleans; formulas give their cached value.
 *
 * Every input has limits (`struct tabin_limits`): the file's size, and for
 * XLSX the number of entries in the archive and the total uncompressed
 * size actually read (against zip bombs), the number of cells, the row
 * length and a cell's length. Going over one is ISMS_ELIMIT, with the
 * position where it happened.
 *
 * Rows keep their position: `line` is the line a CSV record starts on (a
 * quoted cell may span lines), or the row number of a worksheet; cells are
 * numbered from 1 as columns. Completely empty rows are dropped. Errors
 * carry the position in `err->line` and `err->column` (0 when unknown).
 *
 * A `struct tabin` owns every string of its rows (an arena inside it)
 * until `tabin_release`.
 */
#ifndef ISMS_TABIN_H
#define ISMS_TABIN_H

#include <stdbool.h>
#include <stddef.h>

#include "isms/arena.h"
#include "isms/err.h"
#include "isms/sbuf.h"

enum tabin_kind {
	TABIN_CSV = 0,
	TABIN_XLSX,
};

struct tabin_limits {
	size_t max_file;     /* bytes of the file as given */
	size_t max_rows;     /* rows, header included */
	size_t max_cols;     /* cells in one row (the row length) */
	size_t max_cell;     /* bytes of one cell, as UTF-8 */
	size_t max_cells;    /* cells in all */
	size_t max_entries;  /* XLSX: entries in the archive */
	size_t max_unzipped; /* XLSX: uncompressed bytes read, all entries together */
};

/* 64 MiB files, 1,000,000 rows, 256 columns, 32,767 bytes a cell (Excel's
 * own limit is 32,767 characters), 20,000,000 cells; XLSX archives with at
 * most 10,000 entries and 512 MiB uncompressed. */
#define TABIN_LIMITS_DEFAULT                                                         \
	{ .max_file = 64u << 20, .max_rows = 1000000, .max_cols = 256, .max_cell = 32767, \
	  .max_cells = 20000000, .max_entries = 10000, .max_unzipped = 512u << 20 }

struct tabin_row {
	long line;    /* CSV: the line the record starts on; XLSX: the row number */
	size_t ncells;
	char **cells; /* UTF-8, never NULL ("" for empty); cell k is column k + 1 */
};

struct tabin {
	enum tabin_kind kind;
	const char *encoding; /* "UTF-8", "UTF-8 with BOM", "Shift_JIS (CP932)", "XLSX" */
	struct tabin_row *rows;
	size_t nrows, rows_alloc;
	struct arena arena;
};

/* Read `path`: XLSX when it starts as a zip archive ("PK\3\4"), CSV
 * otherwise. `lim` NULL means TABIN_LIMITS_DEFAULT. A missing or
 * unreadable file is ISMS_EIO, an empty one ISMS_EINVAL. */
enum isms_rc tabin_read_file(const char *path, const struct tabin_limits *lim,
			     struct tabin *ret, struct isms_err *err);
/* The same from memory. */
enum isms_rc tabin_read_csv(const char *data, size_t len, const struct tabin_limits *lim,
			    struct tabin *ret, struct isms_err *err);
enum isms_rc tabin_read_xlsx(const void *data, size_t len, const struct tabin_limits *lim,
			     struct tabin *ret, struct isms_err *err);
void tabin_release(struct tabin *t);

/* A cell of a row, or "" past its end. */
const char *tabin_cell(const struct tabin_row *r, size_t col);

/*
 * Header mapping. An importer lists its fields, each with the column
 * names it accepts in English and Japanese ("id", "code", "資産ID").
 * Names are compared after folding: surrounding spaces (also U+3000) are
 * dropped, fullwidth ASCII becomes ASCII, ASCII letters lower case, and
 * spaces, "_" and "-" are ignored, so "Asset ID", "asset_id" and
 * "ＡＳＳＥＴ　ＩＤ" are the same name.
 *
 * The header is the first row, among the first TABIN_HEADER_SCAN, that
 * has a cell naming a required field; rows above it (a title, metadata
 * written by a report) are skipped. A required field without a column,
 * two columns for the same field, or (unless `allow_unknown`) a column of
 * no field is an error naming the column and its position.
 */
#define TABIN_HEADER_SCAN 20

struct tabin_field {
	const char *key;          /* stable, e.g. "code" */
	const char *const *names; /* accepted names, ending with NULL; names[0] is the English one */
	bool required;
};

struct tabin_header {
	size_t header_row;  /* index into rows[] of the header */
	long *col_of_field; /* per field: its column (1-based), or 0 when absent */
	size_t nfields;
	const char **unknown; /* names of columns of no field, in order */
	long *unknown_cols;
	size_t nunknown;
};

enum isms_rc tabin_map_header(struct tabin *t, const struct tabin_field *fields, size_t nfields,
			      bool allow_unknown, struct tabin_header *ret, struct isms_err *err);
/* The field's cell in row `r`, or NULL when the field has no column. */
const char *tabin_field(const struct tabin_header *h, const struct tabin_row *r, size_t field);
/* The folded form of a column name (see above), into `out`. */
void tabin_fold_name(const char *s, struct sbuf *out);

/*
 * A list of errors, for importers that check every row before changing
 * anything and report all that is wrong at once. At most `max` reports
 * are kept (0: 200); `total` counts them all.
 */
struct tabin_errors {
	struct isms_err *v;
	size_t n, alloc, max;
	size_t total;
};

void tabin_errors_add(struct tabin_errors *e, const struct isms_err *one);
void tabin_errors_release(struct tabin_errors *e);

#endif
