/*
 * isms.h - management systems: creating, listing and choosing an ISMS.
 *
 * One database holds any number of ISMS (a consultant's clients, a group's
 * subsidiaries). Each has a unique name, the organisation it belongs to,
 * the edition of ISO/IEC 27001 Annex A it is built on and its default
 * language. Every other row in the database belongs to exactly one ISMS.
 * Strings in a `struct isms_info` live in the arena passed to the call.
 */
#ifndef ISMS_ISMS_H
#define ISMS_ISMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"
#include "isms/i18n.h"

#define ISMS_NAME_MAX 100
#define ISMS_ORG_MAX 200

struct isms_info {
	int64_t id;
	const char *name;
	const char *org;
	int edition; /* 2005, 2013 or 2022 */
	enum isms_lang lang;
	const char *created_at;
	bool is_default;
};

struct isms_new {
	const char *name; /* NULL: the organisation's name */
	const char *org;
	int edition;
	enum isms_lang lang;
};

bool isms_edition_valid(int edition);

/* Create an ISMS; the first one of a database becomes its default. */
enum isms_rc isms_create(struct isms_ctx *ctx, const struct isms_new *n, int64_t *ret_id,
			 struct isms_err *err);

/* All ISMS of the database, by name. */
enum isms_rc isms_list(struct isms_ctx *ctx, struct arena *a, struct isms_info **ret,
		       size_t *ret_n, struct isms_err *err);

/* The ISMS called `name`; with NULL, the database's default, or the only
 * ISMS when there is one. */
enum isms_rc isms_resolve(struct isms_ctx *ctx, struct arena *a, const char *name,
			  struct isms_info *ret, struct isms_err *err);

/* Make `name` the default ISMS of the database. */
enum isms_rc isms_use(struct isms_ctx *ctx, const char *name, struct isms_err *err);

/* Check a short text field: valid UTF-8, no control characters, 1 to
 * `max` characters. `field` names it in the error. */
enum isms_rc isms_check_text(const char *s, size_t max, const char *field,
			     struct isms_err *err);

/* The same for multi-line text (comments, descriptions): tabs and line
 * breaks are allowed, other control characters are not; may be empty. */
enum isms_rc isms_check_textblock(const char *s, size_t max, const char *field,
				  struct isms_err *err);

#endif
