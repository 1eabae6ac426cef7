/*
 * catalog.h - control catalogues: Annex A of ISO/IEC 27001 in its 2005,
 * 2013 and 2022 editions (built in), and catalogues imported by users.
 *
 * A built-in catalogue is parsed once from the data embedded in the
 * binary (data/catalog/iso27001-EDITION.tsv) the first time it is asked
 * for, and then shared read-only by every thread for the life of the
 * process. Items keep the order of the standard.
 */
#ifndef ISMS_CATALOG_H
#define ISMS_CATALOG_H

#include <stddef.h>

#include "isms/tsv.h"

enum catalog_kind {
	CAT_CLAUSE = 0,
	CAT_THEME,
	CAT_OBJECTIVE,
	CAT_GROUP,
	CAT_CONTROL,
	CAT_ENHANCEMENT,
};

struct catalog_item {
	enum catalog_kind kind;
	const char *id;
	const char *parent; /* "" at the top */
	const char *title_en;
	const char *title_ja;
	const char *ja_status; /* "verified", "public" or "own" */
	const char *desc_en;
	const char *desc_ja;
};

struct catalog {
	const char *ident;   /* "iso27001-2013" */
	const char *version; /* "2013" */
	const char *title_en;
	const char *title_ja;
	int edition; /* 2005, 2013, 2022; 0 for others */
	struct catalog_item *items;
	size_t nitems;
	struct tsv tsv; /* owns the strings */
};

/* The built-in Annex A of `edition`, or NULL when there is no such edition. */
const struct catalog *catalog_builtin(int edition);

/* The item with this id, or NULL. */
const struct catalog_item *catalog_find(const struct catalog *c, const char *id);

/* How many items of `kind`. */
size_t catalog_count(const struct catalog *c, enum catalog_kind kind);

/* "clause", "theme", … and back. */
const char *catalog_kind_code(enum catalog_kind kind);
int catalog_kind_parse(const char *s, enum catalog_kind *ret);

/* The title and the description in the current language. */
const char *catalog_item_title(const struct catalog_item *it);
const char *catalog_item_desc(const struct catalog_item *it);

#endif
