/* write-csv.c - the document's tables as RFC 4180 CSV, UTF-8 with a BOM, safe to open in Excel. */
#include "isms/table.h"
#include "writer.h"

#define MAX_TABLES 64

static void write_table(const struct doc_table *t, struct sbuf *out)
{
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			sbuf_addch(out, ',');
		csv_field(out, t->cols[c].label, true);
	}
	sbuf_addstr(out, "\r\n");
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				sbuf_addch(out, ',');
			/* Numbers are ours and may be negative; text and dates come
			 * from users and are neutralised against formulas. */
			csv_field(out, doc_cell(t, r, c)->v, t->cols[c].type != DOC_NUMBER);
		}
		sbuf_addstr(out, "\r\n");
	}
}

/* The main table alone; without one, every table, each after a line with
 * its caption and separated by an empty line. */
static enum isms_rc write_csv(const struct doc *d, struct sbuf *out, struct isms_err *err)
{
	const struct doc_table *tables[MAX_TABLES];
	size_t n = doc_tables(d, tables, MAX_TABLES);

	(void)err;
	sbuf_addstr(out, "\xef\xbb\xbf");
	for (size_t i = 0; i < n; i++) {
		if (n > 1) {
			if (i)
				sbuf_addstr(out, "\r\n");
			if (tables[i]->caption) {
				csv_field(out, tables[i]->caption, true);
				sbuf_addstr(out, "\r\n");
			}
		}
		write_table(tables[i], out);
	}
	return ISMS_OK;
}

const struct doc_writer doc_writer_csv = {
	.format = DOC_CSV,
	.write = write_csv,
};
