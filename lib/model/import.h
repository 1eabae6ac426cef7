/*
 * import.h - what the importers of lib/model share (internal).
 *
 * An importer (assets in asset.c, the risk register in risk-io.c) maps
 * the file's header to its fields with tabin_map_header, reads the cells
 * of every row through import_cells, checks every row and collects each
 * fault in a `struct tabin_errors`, and changes nothing when there is one:
 * a file is imported whole or not at all. Cleaned cells live in the
 * importer's arena or, when cleaning changed nothing, in the file read.
 */
#ifndef ISMS_MODEL_IMPORT_H
#define ISMS_MODEL_IMPORT_H

#include <stdarg.h>
#include <stddef.h>

#include "isms/arena.h"
#include "isms/err.h"
#include "isms/tabin.h"

/* A cell as importers read it: surrounding spaces (also U+3000, the
 * ideographic space) go, CR LF inside becomes LF, and the quote our CSV
 * export puts before = + - @ (against formula injection) goes. A cell that
 * needs none of that is returned as it is (it lives as long as the file
 * read); otherwise the cleaned copy is in `ar`. */
const char *import_clean(struct arena *ar, const char *s);

/* The cleaned cells of the first `nfields` fields of `h` in row `src`,
 * into v[0 … nfields-1]; NULL for a field the file has no column for. */
void import_cells(struct arena *ar, const struct tabin_header *h, const struct tabin_row *src,
		  size_t nfields, const char **v);

/* Add `why` to `errs` as the fault of field `field` on `line`: the report
 * names the field's key (in `fields`) and its column (in `h`). */
void import_error(struct tabin_errors *errs, const struct tabin_header *h,
		  const struct tabin_field *fields, int field, long line,
		  const struct isms_err *why);
/* The same with a message of its own (ISMS_EINVAL). */
void import_verrorf(struct tabin_errors *errs, const struct tabin_header *h,
		    const struct tabin_field *fields, int field, long line, const char *fmt,
		    va_list ap) __attribute__((format(printf, 6, 0)));

/* The error that ends an import with faults: how many there are, and
 * that `bad` of the `nrows` rows have one. Returns ISMS_EINVAL. */
enum isms_rc import_failed(const struct tabin_errors *errs, size_t bad, size_t nrows,
			   struct isms_err *err);

#endif
