/*
 * model.h - what the entity files of lib/model share (internal).
 *
 * The context owns the store; entity functions reach it as ctx->st. Each
 * write runs inside one store transaction and appends its audit entry
 * there, through model_audit.
 */
#ifndef ISMS_MODEL_H
#define ISMS_MODEL_H

#include <jansson.h>

#include "isms/context.h"
#include "../store/store.h"

struct isms_ctx {
	struct store *st;
	char *actor;
};

/* Append an audit entry for a change by ctx's actor. `before` and `after`
 * are JSON objects (NULL for none); they are not taken. */
enum isms_rc model_audit(struct isms_ctx *ctx, int64_t isms_id, const char *entity,
			 const char *entity_id, const char *action, const json_t *before,
			 const json_t *after, struct isms_err *err);

/* The ISO/IEC 27001 edition of ISMS `isms_id` (its Annex A), in *ret
 * (isms.c). */
enum isms_rc model_isms_edition(struct isms_ctx *ctx, int64_t isms_id, int *ret,
				struct isms_err *err);

/* The name of the active (not disabled) user `user_id`, into `out`;
 * ISMS_ENOTFOUND when there is none (user.c). */
enum isms_rc model_user_name(struct isms_ctx *ctx, int64_t user_id, char *out, size_t size,
			     struct isms_err *err);

#endif
