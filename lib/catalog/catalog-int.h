/*
 * catalog-int.h - what the catalogue readers and writers share (internal
 * to lib/catalog).
 *
 * A reader fills a `struct cat_builder`: it adds items one by one, each
 * with where it was read (a line of a TSV or CSV file, or a JSON path),
 * and then `cb_finish` checks the whole catalogue (identifier, sizes,
 * unique IDs, parents that exist and come first) and reports a fault with
 * its position. Strings live in the catalogue's arena.
 */
#ifndef ISMS_CATALOG_INT_H
#define ISMS_CATALOG_INT_H

#include <jansson.h>

#include "isms/catalog.h"
#include "isms/err.h"

struct cat_builder {
	struct catalog *c;
	size_t alloc;
	long *lines;        /* per item: its line, 0 when not line-based */
	const char **paths; /* per item: its JSON path, NULL when line-based */
	size_t lines_alloc, paths_alloc;
};

/* A new, empty, allocated catalogue in `b`. */
void cb_init(struct cat_builder *b, const char *source);
/* Release `b`, and its catalogue unless it was taken (`b->c = NULL`). */
void cb_release(struct cat_builder *b);
/* A new item, all strings "", active. */
struct catalog_item *cb_add(struct cat_builder *b, long line, const char *path);
/* A copy of `s` in the catalogue's arena ("" for NULL). */
const char *cb_str(struct cat_builder *b, const char *s);
/* Check everything and settle the identifier and version (options first,
 * then the file, then the file name). */
enum isms_rc cb_finish(struct cat_builder *b, const struct catalog_read_opts *o,
		       struct isms_err *err);

/* Item indices sorted by id (free the array), and the first item with
 * `id` in that order, or -1. */
size_t *cat_sort_ids(const struct catalog *c);
long cat_find_sorted(const struct catalog *c, const size_t *order, const char *id);

/* The readers. `data` is valid UTF-8 without NUL unless said otherwise. */
enum isms_rc cat_read_tsv(struct cat_builder *b, const char *data, size_t len,
			  struct isms_err *err);
enum isms_rc cat_read_csv(struct cat_builder *b, const char *data, size_t len,
			  struct isms_err *err);
enum isms_rc cat_read_oscal(struct cat_builder *b, json_t *root, struct isms_err *err);
enum isms_rc cat_read_json(struct cat_builder *b, json_t *root, struct isms_err *err);

/* The writers. */
void cat_write_oscal(const struct catalog *c, struct sbuf *out);
void cat_write_csv(const struct catalog *c, struct sbuf *out);
void cat_write_json(const struct catalog *c, struct sbuf *out);

/* The columns of our formats: the data-file ones, then what imported
 * catalogues add. */
extern const char *const cat_columns[];
#define CAT_BASE_COLUMNS 8
#define CAT_ALL_COLUMNS 14

/* The namespace of our own OSCAL props and parts. */
#define CAT_OSCAL_NS "urn:isms:oscal"

/* Set an item's field by column index (0 … CAT_ALL_COLUMNS-1); kind and
 * status are parsed. `field` names the column in errors. */
enum isms_rc cat_set_column(struct cat_builder *b, struct catalog_item *it, size_t col,
			    const char *value, struct isms_err *err);

#endif
