/*
 * asset.h - the asset inventory (資産目録, step 4): assets, their owners,
 * C/I/A values with reasons, groups and dependencies; CSV and XLSX import.
 *
 * An asset belongs to one ISMS and is known to users by its code, their
 * own identifier (such as A-001), unique in the ISMS. Its type is one of
 * seven (information, software, hardware, service, people, site,
 * intangible). Its confidentiality, integrity and availability values are
 * each either unset (0 here, NULL in the database: "not valued yet") or a
 * level of the ISMS's method's scale for that property, with a reason.
 * Assets may be put in a group (a name; "" for none), so that risks can be
 * assessed per group, and may depend on other assets of the same ISMS
 * (never on themselves, never in a cycle).
 *
 * Every change is one transaction with an audit entry. An import checks
 * every row first and reports all errors with their line and column;
 * nothing changes unless every row is good. Strings of a `struct asset`
 * live in the arena passed to the call that returned it.
 */
#ifndef ISMS_ASSET_H
#define ISMS_ASSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"
#include "isms/status.h"
#include "isms/tabin.h"

enum asset_type {
	ASSET_INFORMATION = 0,
	ASSET_SOFTWARE,
	ASSET_HARDWARE,
	ASSET_SERVICE,
	ASSET_PEOPLE,
	ASSET_SITE,
	ASSET_INTANGIBLE,
	ASSET_TYPE_COUNT
};

#define ASSET_CODE_MAX 40
#define ASSET_NAME_MAX 200
#define ASSET_OWNER_MAX 100
#define ASSET_LOCATION_MAX 200
#define ASSET_GROUP_MAX 100
#define ASSET_DESC_MAX 4000
#define ASSET_REASON_MAX 1000
#define ASSET_CLASS_MAX 50
#define ASSET_DEPS_MAX 100
/* Until the ISMS has a risk assessment method, C, I and A are 1 to this. */
#define ASSET_VALUE_MAX_DEFAULT 10

struct asset {
	int64_t id;
	const char *code;
	const char *name;
	enum asset_type type;
	const char *owner;
	const char *location;
	const char *group;
	const char *description;
	int c, i, a; /* 0: not valued */
	const char *c_reason, *i_reason, *a_reason;
	const char *classification;
	const char **depends_on; /* codes, sorted */
	size_t ndeps;
	const char **needed_by; /* codes of assets that depend on this one (asset_get only) */
	size_t nneeded;
	const char *created_at, *updated_at;
};

/* "information", … (stable, stored) and the name in the current language. */
const char *asset_type_code(enum asset_type t);
const char *asset_type_label(enum asset_type t);
/* The code or the English or Japanese name ("情報", "ソフトウェア", …),
 * case-insensitive for ASCII. */
bool asset_type_parse(const char *s, enum asset_type *ret);
/* One sentence naming the accepted types in both languages, for hints. */
const char *asset_type_hint(void);

/* A code as users may write it: 1 to ASSET_CODE_MAX characters, no
 * spaces, commas or semicolons (they separate codes in lists). */
enum isms_rc asset_check_code(const char *code, const char *field, struct isms_err *err);

/* The highest level C, I and A may take in `isms_id`: the number of
 * levels of the scales of the method in force (method_asset_levels), or
 * ASSET_VALUE_MAX_DEFAULT each while the ISMS has not set a method. */
enum isms_rc asset_value_range(struct isms_ctx *ctx, int64_t isms_id, int ret_max[3],
			       struct isms_err *err);
/* Check C/I/A values (0 = unset) against that range. */
enum isms_rc asset_check_values(struct isms_ctx *ctx, int64_t isms_id, int c, int i, int a,
				struct isms_err *err);

/* A new asset: code, name and type are required; other strings may be
 * NULL; `deps` are codes of existing assets. */
enum isms_rc asset_add(struct isms_ctx *ctx, int64_t isms_id, const struct asset *a,
		       int64_t *ret_id, struct isms_err *err);

/* A partial update: NULL strings and negative values are left as they
 * are; "" clears a string, 0 clears a value. With `set_deps`, the
 * dependencies become `deps` (possibly none). */
struct asset_edit {
	const char *name;
	bool set_type;
	enum asset_type type;
	const char *owner, *location, *group, *description;
	int c, i, a; /* -1: unchanged */
	const char *c_reason, *i_reason, *a_reason;
	const char *classification;
	bool set_deps;
	const char **deps;
	size_t ndeps;
};
#define ASSET_EDIT_INIT { .c = -1, .i = -1, .a = -1 }

enum isms_rc asset_edit(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			const struct asset_edit *e, struct isms_err *err);

/* Remove an asset (its dependencies go with it). Refused with ISMS_ESTATE,
 * naming them, while risks refer to it. */
enum isms_rc asset_rm(struct isms_ctx *ctx, int64_t isms_id, const char *code,
		      struct isms_err *err);

/* One asset with its dependencies both ways; ISMS_ENOTFOUND if none. */
enum isms_rc asset_get(struct isms_ctx *ctx, struct arena *ar, int64_t isms_id,
		       const char *code, struct asset *ret, struct isms_err *err);

enum asset_sort {
	ASSET_SORT_CODE = 0,
	ASSET_SORT_NAME,
	ASSET_SORT_TYPE,
	ASSET_SORT_OWNER,
	ASSET_SORT_GROUP,
	ASSET_SORT_VALUE, /* the highest of C, I, A; unvalued last */
	ASSET_SORT_UPDATED,
	ASSET_SORT_COUNT
};

/* "code", "name", … and back. */
const char *asset_sort_code(enum asset_sort s);
bool asset_sort_parse(const char *s, enum asset_sort *ret);

struct asset_filter {
	int type;           /* an enum asset_type, or -1 for any */
	const char *owner;  /* exact; NULL: any; "" for assets without an owner */
	const char *group;  /* exact; NULL: any; "" for assets in no group */
	const char *text;   /* in the code, name or description (ASCII case-insensitive); NULL: any */
	bool unvalued;      /* only assets with a C, I or A not set */
	enum asset_sort sort;
	bool desc;
	size_t limit;  /* 0: all */
	size_t offset;
	bool with_deps; /* fill depends_on */
};
#define ASSET_FILTER_INIT { .type = -1 }

/* The assets that pass `f`, in its order; `*ret_total` (may be NULL) is
 * how many pass before paging. */
enum isms_rc asset_list(struct isms_ctx *ctx, struct arena *ar, int64_t isms_id,
			const struct asset_filter *f, struct asset **ret, size_t *ret_n,
			size_t *ret_total, struct isms_err *err);

struct asset_group {
	const char *name; /* "" for the assets in no group */
	long count;
	long unvalued;
	int c, i, a; /* the highest of the members' values (0: none valued) */
};

/* Groups by name, with counts. */
enum isms_rc asset_groups(struct isms_ctx *ctx, struct arena *ar, int64_t isms_id,
			  struct asset_group **ret, size_t *ret_n, struct isms_err *err);

/*
 * Import and export. The columns (English and Japanese names, both
 * accepted; see docs/asset-files.md) are in `asset_fields`; only the code
 * column is required. A row whose code exists updates that asset: a
 * column that is present sets its field (an empty cell clears it), a
 * column that is absent leaves it. A new asset needs a name and a type.
 * Dependencies list codes separated by commas, semicolons or line breaks;
 * they may name assets of the same file.
 */
enum asset_field {
	AF_CODE = 0, AF_NAME, AF_TYPE, AF_OWNER, AF_LOCATION, AF_GROUP,
	AF_C, AF_I, AF_A, AF_DESCRIPTION, AF_C_REASON, AF_I_REASON, AF_A_REASON,
	AF_CLASSIFICATION, AF_DEPENDS_ON,
	AF_COUNT
};

extern const struct tabin_field asset_fields[AF_COUNT];
/* A field's column name in the current language (for export headers). */
const char *asset_field_label(enum asset_field f);

struct asset_import_opts {
	const char *source; /* the file's name, for the audit log */
	bool allow_unknown; /* skip columns of no field instead of failing */
	bool dry_run;       /* check and count, change nothing */
};

struct asset_import_result {
	size_t added, updated, unchanged;
	size_t rows;
	const char *encoding;
	/* columns that were skipped (allow_unknown) */
	const char **skipped;
	long *skipped_cols;
	size_t nskipped;
};

/* Import the rows of `t`. When any row is bad: ISMS_EINVAL, `errs` holds
 * every problem (with line, column and field) and nothing has changed. A
 * problem with the file as a whole (no header) is in `err` alone. */
enum isms_rc asset_import(struct isms_ctx *ctx, int64_t isms_id, struct tabin *t,
			  const struct asset_import_opts *o, struct asset_import_result *ret,
			  struct tabin_errors *errs, struct isms_err *err);

/* Step 4's facts for `isms status`: assets, without an owner, unvalued. */
enum isms_rc asset_status_facts(struct isms_ctx *ctx, int64_t isms_id, struct status_facts *f,
				struct isms_err *err);

#endif
