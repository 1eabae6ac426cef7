/*
 * table.h - a neutral table and its writers (text, CSV, JSON).
 *
 * Listings are built once as a `struct rtable` (columns with a stable key
 * and a translated header; rows of cells) and written in the format the
 * user asked for. Text aligns columns by terminal width (Japanese takes two
 * columns a character). CSV follows RFC 4180; a text cell that starts with
 * = + - @ or a tab or carriage return is prefixed with ' so that Excel
 * never runs it as a formula. JSON is an array of objects keyed by the
 * column keys, with numbers as numbers and empty optional cells as null.
 *
 * The table owns copies of everything added to it.
 */
#ifndef ISMS_TABLE_H
#define ISMS_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "isms/sbuf.h"

enum rcell_type {
	RCELL_TEXT = 0,
	RCELL_NUMBER, /* written unquoted in JSON, never neutralised in CSV */
	RCELL_BOOL,   /* "true"/"false" text, JSON booleans */
};

struct rtable_col {
	char *key;
	char *header;
	enum rcell_type type;
};

struct rtable {
	struct rtable_col *cols;
	size_t ncols, cols_alloc;
	char **cells; /* row-major; NULL for an empty cell */
	size_t nrows, cells_alloc;
};

enum rtable_format {
	RTABLE_TEXT = 0,
	RTABLE_CSV,
	RTABLE_JSON,
};

void rtable_init(struct rtable *t);
void rtable_release(struct rtable *t);
void rtable_col(struct rtable *t, const char *key, const char *header, enum rcell_type type);
/* Start a new row; then set its cells by column index. */
void rtable_row(struct rtable *t);
void rtable_set(struct rtable *t, size_t col, const char *value);
void rtable_setf(struct rtable *t, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *rtable_get(const struct rtable *t, size_t row, size_t col);

void rtable_write(const struct rtable *t, enum rtable_format f, struct sbuf *out);
/* One CSV field, quoted and neutralised as above. */
void csv_field(struct sbuf *out, const char *s, bool neutralise);

#endif
