/*
 * selection-int.h - what the files of steps 7 to 10 share (internal).
 *
 * The control selection, the SoA, the authorisation and the transition
 * all need the ISMS's edition and organisation, and the links between
 * controls and the risks whose treatment uses them.
 */
#ifndef ISMS_MODEL_SELECTION_INT_H
#define ISMS_MODEL_SELECTION_INT_H

#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/selection.h"
#include "model.h"

/* The edition and organisation of an ISMS (`ret_org` may be NULL). */
enum isms_rc sel_isms_info(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			   int *ret_edition, const char **ret_org, struct isms_err *err);

/* The risks that use each control: `*ret_codes[i]` holds the risk codes
 * (", "-separated, sorted) of the control `(*ret_ids)[i]`, ids sorted. */
struct sel_links {
	const char **ids;
	const char **codes;
	size_t *counts;
	size_t n;
};

enum isms_rc sel_load_links(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			    struct sel_links *ret, struct isms_err *err);

/* The risk codes of `id` (NULL when none) and their number. */
const char *sel_links_of(const struct sel_links *l, const char *id, size_t *ret_n);

#endif
