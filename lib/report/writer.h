/*
 * writer.h - the writers of the neutral document (internal to lib/report).
 *
 * One `const struct doc_writer` per format, defined in write-FORMAT.c and
 * listed in the table of doc.c. `write` appends the whole output to an
 * sbuf; `write_file`, when a writer has it, writes straight to a path
 * (libxlsxwriter writes files), and `write` may then go through a
 * temporary file. Writers never change the document.
 */
#ifndef ISMS_REPORT_WRITER_H
#define ISMS_REPORT_WRITER_H

#include "isms/doc.h"

struct doc_writer {
	enum doc_format format;
	enum isms_rc (*write)(const struct doc *d, struct sbuf *out, struct isms_err *err);
	enum isms_rc (*write_file)(const struct doc *d, const char *path, struct isms_err *err);
};

extern const struct doc_writer doc_writer_csv;
extern const struct doc_writer doc_writer_json;
extern const struct doc_writer doc_writer_xlsx;
extern const struct doc_writer doc_writer_html;
extern const struct doc_writer doc_writer_pdf;

/* The tables a writer of one table per sheet or file goes through: the
 * main table alone when one is marked, else every table, in order. */
size_t doc_tables(const struct doc *d, const struct doc_table **out, size_t max);

#endif
