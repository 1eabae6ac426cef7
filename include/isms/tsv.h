/*
 * tsv.h - reading the project's tab-separated data files (data/README.md).
 *
 * `tsv_parse` copies the input, checks that it is UTF-8 and that its
 * column header is exactly the expected one, and splits every record into
 * fields. Comments (#) and blank lines are skipped, "%key<TAB>value"
 * lines before the header are directives. Errors carry the line and
 * column (1-based, in characters) of the fault. Field pointers stay valid
 * until `tsv_release`.
 */
#ifndef ISMS_TSV_H
#define ISMS_TSV_H

#include <stddef.h>

#include "isms/err.h"

struct tsv_row {
	const char **f; /* ncols fields, never NULL ("" for empty) */
	long line;
};

struct tsv {
	char *buf;
	size_t ncols;
	const char **dkeys, **dvals; /* directives */
	size_t ndirectives;
	struct tsv_row *rows;
	size_t nrows;
	const char **fields; /* storage behind rows[].f */
};

/* `columns` is the expected header, ending with NULL. */
enum isms_rc tsv_parse(const char *data, size_t len, const char *const *columns,
		       struct tsv *ret, struct isms_err *err);
const char *tsv_directive(const struct tsv *t, const char *key);
void tsv_release(struct tsv *t);

#endif
