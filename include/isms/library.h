/*
 * library.h - the threat and vulnerability library (step 4): the built-in
 * entries, in Japanese and English, and each ISMS's own.
 *
 * The built-in library is parsed once from the data embedded in the
 * binary (data/library/threats.tsv and vulnerabilities.tsv) the first time
 * it is asked for, and then shared read-only by every thread for the life
 * of the process. An ISMS adds its own entries (tables threat and
 * vulnerability); `library_load` gives both together, built-in first.
 *
 * Entries are known by their code: T-001 and V-001 for built-in ones,
 * UT-001 and UV-001 (or the user's own code) for an ISMS's. Each entry
 * links to the controls that address it in each edition of Annex A; an
 * ISMS's own entry has controls of the ISMS's edition only.
 *
 * Strings of a `struct library` live in the arena passed to
 * `library_load`, or, for the built-in library, as long as the process.
 */
#ifndef ISMS_LIBRARY_H
#define ISMS_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"

#define LIB_CODE_MAX 20
#define LIB_NAME_MAX 200
#define LIB_DESC_MAX 2000
#define LIB_LIST_MAX 100 /* entries in one list (controls, threats, asset types) */

enum threat_category {
	THREAT_DELIBERATE = 0,
	THREAT_ACCIDENTAL,
	THREAT_ENVIRONMENTAL,
	THREAT_CATEGORY_COUNT
};

struct lib_threat {
	const char *code;
	enum threat_category category;
	const char *name_en, *name_ja;
	unsigned props;          /* SCORE_C | SCORE_I | SCORE_A */
	const char *asset_types; /* comma-separated codes of asset.h */
	const char *ctl[3];      /* controls of the 2005, 2013 and 2022 editions, comma-separated */
	const char *desc_en, *desc_ja;
	bool own; /* the ISMS's own entry */
};

struct lib_vuln {
	const char *code;
	const char *name_en, *name_ja;
	const char *asset_types;
	const char *threats; /* comma-separated threat codes */
	const char *ctl[3];
	const char *desc_en, *desc_ja;
	bool own;
};

struct library {
	const struct lib_threat **threats;
	size_t nthreats;
	const struct lib_vuln **vulns;
	size_t nvulns;
};

/* The built-in library. */
const struct library *library_builtin(void);

/* The built-in library and the ISMS's own entries. */
enum isms_rc library_load(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			  struct library *ret, struct isms_err *err);

const char *threat_category_code(enum threat_category c);
const char *threat_category_label(enum threat_category c);
bool threat_category_parse(const char *s, enum threat_category *ret);

/* Names and descriptions in the current language. */
const char *lib_threat_name(const struct lib_threat *t);
const char *lib_threat_desc(const struct lib_threat *t);
const char *lib_vuln_name(const struct lib_vuln *v);
const char *lib_vuln_desc(const struct lib_vuln *v);
/* The controls for `edition` (an own entry's controls whatever the
 * edition), comma-separated; "" for none. */
const char *lib_threat_controls(const struct lib_threat *t, int edition);
const char *lib_vuln_controls(const struct lib_vuln *v, int edition);

/* Whether a comma-separated list holds `item`. */
bool lib_list_has(const char *list, const char *item);

/* An entry by its code, or by its exact English or Japanese name
 * (surrounding spaces ignored; ASCII case ignored when that is still
 * unique). NULL when there is none. */
const struct lib_threat *library_find_threat(const struct library *l, const char *s);
const struct lib_vuln *library_find_vuln(const struct library *l, const char *s);

/* Up to `max` entries nearest to `s` (a name containing it or contained
 * in it first, then by edit distance), for "did you mean" hints. */
size_t library_near_threats(const struct library *l, const char *s,
			    const struct lib_threat **out, size_t max);
size_t library_near_vulns(const struct library *l, const char *s, const struct lib_vuln **out,
			  size_t max);
/* The nearest entries as one line ("T-001 Unauthorised access, …") in the
 * current language, allocated in `a`; "" when none is near. */
const char *library_near_threats_text(struct arena *a, const struct library *l, const char *s);
const char *library_near_vulns_text(struct arena *a, const struct library *l, const char *s);
/* The error of a lookup that found nothing: "no threat "S" in the
 * library" (or vulnerability) with code `rc`, and the nearest entries in
 * its detail. Returns `rc`; callers add their own hint and field. */
enum isms_rc library_threat_not_found(struct arena *a, const struct library *l, const char *s,
				      enum isms_rc rc, struct isms_err *err);
enum isms_rc library_vuln_not_found(struct arena *a, const struct library *l, const char *s,
				    enum isms_rc rc, struct isms_err *err);

/* Add an entry of the ISMS's own. `code` NULL or "" generates UT-NNN (or
 * UV-NNN); the code must not be one of the library's already. At least
 * one name is required; control IDs must be controls of the ISMS's
 * edition; the threats of a vulnerability must exist. The new code is
 * written to `ret_code`. */
enum isms_rc threat_add(struct isms_ctx *ctx, int64_t isms_id, const struct lib_threat *t,
			char ret_code[LIB_CODE_MAX + 1], struct isms_err *err);
enum isms_rc vuln_add(struct isms_ctx *ctx, int64_t isms_id, const struct lib_vuln *v,
		      char ret_code[LIB_CODE_MAX + 1], struct isms_err *err);

/* A change to an entry of the ISMS's own: a text or list left NULL (a
 * number -1) stays as it is; "" clears it. Lists are comma-separated. */
struct threat_edit {
	const char *name_en, *name_ja, *desc_en, *desc_ja;
	const char *asset_types, *controls;
	int category; /* an enum threat_category, or -1 */
	int props;    /* SCORE_C | SCORE_I | SCORE_A, or -1 */
};
#define THREAT_EDIT_INIT { .category = -1, .props = -1 }

struct vuln_edit {
	const char *name_en, *name_ja, *desc_en, *desc_ja;
	const char *asset_types, *controls, *threats;
};
#define VULN_EDIT_INIT { 0 }

/* Change an entry of the ISMS's own, found by its code (or exact name).
 * What changes is checked as `threat_add` and `vuln_add` check it, with
 * the same errors, and at least one name must remain. The code stays:
 * risks and vulnerabilities refer to entries by it. A built-in entry is
 * refused with ISMS_EPERM (the hint: add one of the ISMS's own). When
 * nothing changes, nothing is written or audited. */
enum isms_rc threat_edit(struct isms_ctx *ctx, int64_t isms_id, const char *code,
			 const struct threat_edit *e, struct isms_err *err);
enum isms_rc vuln_edit(struct isms_ctx *ctx, int64_t isms_id, const char *code,
		       const struct vuln_edit *e, struct isms_err *err);

/* Remove an entry of the ISMS's own. Refused with ISMS_ESTATE while risks
 * use it (the detail counts them and names the first few) and, for a
 * threat, while vulnerabilities of the ISMS link to it (named likewise:
 * the link is not dropped behind the user's back); a built-in entry with
 * ISMS_EPERM. */
enum isms_rc threat_rm(struct isms_ctx *ctx, int64_t isms_id, const char *code,
		       struct isms_err *err);
enum isms_rc vuln_rm(struct isms_ctx *ctx, int64_t isms_id, const char *code,
		     struct isms_err *err);

#endif
