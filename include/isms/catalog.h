/*
 * catalog.h - control catalogues: Annex A of ISO/IEC 27001 in its 2005,
 * 2013 and 2022 editions (built in), and catalogues imported by users.
 *
 * A built-in catalogue is parsed once from the data embedded in the
 * binary (data/catalog/iso27001-EDITION.tsv) the first time it is asked
 * for, and then shared read-only by every thread for the life of the
 * process. Items keep the order of the standard.
 *
 * Other catalogues are read from files (our TSV data format, a CSV form of
 * it, OSCAL catalog JSON, or our own JSON export) into a `struct catalog`
 * that owns all its strings (`catalog_free`), and can be stored in the
 * database of an ISMS, where (identifier, version) names one catalogue:
 * importing the same pair again updates it in place, a new version is kept
 * beside the old one. Every parser checks the whole input (unique IDs,
 * parents that exist, sizes) before anything is written, and a failed
 * import changes nothing. Files are limited to CATALOG_FILE_MAX bytes.
 *
 * Strings of an item are never NULL: absent texts are "".
 */
#ifndef ISMS_CATALOG_H
#define ISMS_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"
#include "isms/sbuf.h"
#include "isms/tsv.h"

enum catalog_kind {
	CAT_CLAUSE = 0,
	CAT_THEME,
	CAT_OBJECTIVE,
	CAT_GROUP,
	CAT_CONTROL,
	CAT_ENHANCEMENT,
};
#define CAT_NKINDS 6

enum catalog_status {
	CAT_ACTIVE = 0,
	CAT_WITHDRAWN, /* retired: kept so that old references still resolve */
};

struct catalog_item {
	enum catalog_kind kind;
	const char *id;
	const char *parent; /* "" at the top */
	const char *title_en;
	const char *title_ja;
	const char *ja_status; /* "verified", "public", "own"; "" when unknown */
	const char *desc_en;
	const char *desc_ja;
	/* What imported catalogues add ("" and CAT_ACTIVE for the built-in ones). */
	const char *label;     /* the display label ("AC-2" for "ac-2"); "" when it is the id */
	const char *statement; /* the control's own text, flattened, lines split by '\n' */
	const char *guidance;
	enum catalog_status status;
	const char *moved_to;  /* withdrawn: where it went, IDs separated by ", " */
	const char *moved_how; /* "incorporated-into" or "moved-to"; "" */
};

struct catalog {
	const char *ident;   /* "iso27001-2013" */
	const char *version; /* "2013" */
	const char *title_en;
	const char *title_ja;
	int edition; /* 2005, 2013, 2022 for the built-in ones; 0 for others */
	struct catalog_item *items;
	size_t nitems;
	struct tsv tsv; /* built-in: owns the strings */
	/* Catalogues read from files or from the database. */
	bool allocated;           /* freed by catalog_free; false for built-ins */
	struct arena arena;       /* owns the strings */
	const char *source;       /* "tsv", "csv", "oscal", "json"; "builtin" */
	const char *uuid;         /* the OSCAL uuid, kept for export; "" */
	int64_t db_id;            /* its row in the database; 0 when not stored */
	const char *imported_at;  /* "" when not stored */
	const char *imported_by;
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
/* The kind's name in the current language. */
const char *catalog_kind_label(enum catalog_kind kind);

/* The title and the description in the current language. */
const char *catalog_item_title(const struct catalog_item *it);
const char *catalog_item_desc(const struct catalog_item *it);
/* The label when there is one, else the id. */
const char *catalog_item_label(const struct catalog_item *it);
/* What a ja_status means, in the current language ("" for ""). */
const char *catalog_ja_status_label(const char *ja_status);

/* "2013", "iso27001-2013" → 2013; 0 for anything else. */
int catalog_edition_parse(const char *s);

/* Depth of an item below the top of its catalogue (0 at the top). */
int catalog_item_depth(const struct catalog *c, const struct catalog_item *it);

/* --- files ------------------------------------------------------------- */

#define CATALOG_FILE_MAX ((size_t)32 << 20) /* 32 MiB */
#define CATALOG_ITEMS_MAX 100000
#define CATALOG_ID_MAX 100        /* characters of an item id or label */
#define CATALOG_IDENT_MAX 64      /* characters of a catalogue identifier or version */
#define CATALOG_TITLE_MAX 1000    /* characters of a title */
#define CATALOG_TEXT_MAX 200000   /* characters of a description, statement, guidance */

enum catalog_format {
	CATFMT_AUTO = 0, /* by content: JSON (OSCAL or ours), else TSV or CSV by the header */
	CATFMT_TSV,
	CATFMT_CSV,
	CATFMT_OSCAL,
	CATFMT_JSON, /* our own JSON ("isms-catalog") */
};

/* "tsv", "csv", "oscal", "json" and back. */
const char *catalog_format_code(enum catalog_format f);
bool catalog_format_parse(const char *s, enum catalog_format *ret);

struct catalog_read_opts {
	enum catalog_format format;
	const char *ident;   /* overrides what the file says; NULL: from the file */
	const char *version; /* likewise */
	const char *name;    /* the file's name: the identifier of last resort */
};

/* Parse a catalogue from `len` bytes. Errors carry the line and column
 * (TSV, CSV, malformed JSON) or the JSON path in the field (OSCAL). */
enum isms_rc catalog_parse(const char *data, size_t len, const struct catalog_read_opts *o,
			   struct catalog **ret, struct isms_err *err);

/* Read and parse the file at `path` (at most CATALOG_FILE_MAX bytes). */
enum isms_rc catalog_load_file(const char *path, const struct catalog_read_opts *o,
			       struct catalog **ret, struct isms_err *err);

/* Free a catalogue returned by catalog_parse, catalog_load_file or
 * catalog_open; built-in catalogues are left alone. NULL is fine. */
void catalog_free(struct catalog *c);

/* Write `c` as OSCAL catalog JSON, our CSV (UTF-8 with a BOM, cells that
 * Excel would run as formulas neutralised and restored on import) or our
 * JSON. Reading the output back gives the same items. */
enum isms_rc catalog_export(const struct catalog *c, enum catalog_format f, struct sbuf *out,
			    struct isms_err *err);

/* --- the database ------------------------------------------------------ */

struct catalog_info {
	int64_t db_id; /* 0: built in */
	const char *ident;
	const char *version;
	const char *title_en;
	const char *title_ja;
	int edition;
	const char *source; /* "builtin", "tsv", "csv", "oscal", "json" */
	const char *imported_at;
	const char *imported_by;
	size_t counts[CAT_NKINDS];
	size_t withdrawn;
};

/* Store `c` in the ISMS `isms_id`: one transaction with its audit entry.
 * The same identifier and version is updated in place (`*ret_updated`);
 * the identifiers of the built-in catalogues are refused. */
enum isms_rc catalog_import(struct isms_ctx *ctx, int64_t isms_id, const struct catalog *c,
			    bool *ret_updated, struct isms_err *err);

/* The built-in catalogues, then those imported into `isms_id` (ctx may be
 * NULL: built-ins only), by identifier and version. */
enum isms_rc catalog_list(struct isms_ctx *ctx, int64_t isms_id, struct arena *a,
			  struct catalog_info **ret, size_t *ret_n, struct isms_err *err);

/* The catalogue called `name`: an edition ("2013", "iso27001-2013") or the
 * identifier of one imported into `isms_id` (ctx may be NULL), in `version`
 * or, with NULL, its most recently imported version. Free with
 * catalog_free. */
enum isms_rc catalog_open(struct isms_ctx *ctx, int64_t isms_id, const char *name,
			  const char *version, struct catalog **ret, struct isms_err *err);

/* --- search ------------------------------------------------------------ */

/* Whether every one of `nwords` words occurs in the item's id, label,
 * titles or descriptions (or statement), in either language: substrings,
 * so Japanese needs no spaces; ASCII letters match either case and
 * full-width ASCII matches its plain form. */
bool catalog_item_matches(const struct catalog_item *it, const char *const *words,
			  size_t nwords);

#endif
