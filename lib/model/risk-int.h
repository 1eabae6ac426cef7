/*
 * risk-int.h - what the risk files of lib/model share (internal).
 *
 * Every input of a risk's evaluation (asset values, properties, levels)
 * is packed into one integer key, 4 bits a level (0 to 10) and 3 bits for
 * the properties, so that the register can be re-evaluated by distinct
 * keys: a method change computes each key once and updates the register
 * in one statement.
 *
 * Writes go through one path: the caller builds the risk as it is to be
 * (`struct risk`, with the asset's id beside it), `risk_write` evaluates
 * it under the method and stores every column, and the audit entry is the
 * risk as JSON before and after (`risk_json`).
 */
#ifndef ISMS_RISK_INT_H
#define ISMS_RISK_INT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/library.h"
#include "isms/risk.h"
#include "isms/scoring.h"
#include "model.h"
#include "strmap.h"

int64_t risk_pack_key(const struct score_input *in);
void risk_unpack_key(int64_t key, struct score_input *out);

/* The inputs of `r`'s evaluation and of its residual risk. */
void risk_input(const struct risk *r, struct score_input *ret);
void risk_residual_input(const struct risk *r, struct score_input *ret);

/* Evaluate `r` under `m`: fills value, level, evaluation and, when it
 * has a treatment, the residual ones. */
void risk_eval(const struct score_method *m, struct risk *r);

/* Check the levels of `r` (and its residual levels) against the scales of
 * `m`: 0 or 1 … n, and only for scales the method has. */
enum isms_rc risk_check_levels(const struct score_method *m, const struct risk *r,
			       struct isms_err *err);

/* Evaluate and store every column of `r` (not its controls). `insert`
 * adds a row (setting r->id); otherwise the row r->id is updated. */
enum isms_rc risk_write(struct isms_ctx *ctx, int64_t isms_id, const struct score_method *m,
			struct risk *r, int64_t asset_id, bool insert, struct isms_err *err);

/* Replace the controls of risk r->id by r->controls and r->extras. */
enum isms_rc risk_write_controls(struct isms_ctx *ctx, int64_t isms_id, const struct risk *r,
				 struct isms_err *err);

/* A risk with its controls and its asset's id (0 for a group's risk). */
enum isms_rc risk_load(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
		       const struct library *lib, const char *code, struct risk *ret,
		       int64_t *ret_asset_id, struct isms_err *err);

/* The risk as JSON, for the audit log and the approval snapshot. */
json_t *risk_json(const struct risk *r);

/* Re-evaluate the whole register of `isms_id` under `m` (checked), in the
 * caller's transaction: first bring the asset values of stale risks up to
 * date, then evaluate every distinct input key once. */
enum isms_rc risk_reevaluate(struct isms_ctx *ctx, int64_t isms_id, const struct score_method *m,
			     size_t *ret_count, size_t *ret_unevaluated, struct isms_err *err);

/* An asset (by code) or a group (by name) as a risk refers to it, with the
 * values a risk of it is evaluated with. */
struct risk_target {
	int64_t asset_id; /* 0 for a group */
	const char *asset_code, *asset_name, *asset_type, *group, *owner;
	int c, i, a;
};
enum isms_rc risk_target_asset(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       const char *code, struct risk_target *ret, struct isms_err *err);
enum isms_rc risk_target_group(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			       const char *name, struct risk_target *ret, struct isms_err *err);

/* The next free code "R-NNN". */
enum isms_rc risk_next_code(struct isms_ctx *ctx, int64_t isms_id, long long *ret_next,
			    struct isms_err *err);

#endif
