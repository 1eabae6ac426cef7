/*
 * soa.h - step 10: the Statement of Applicability (適用宣言書).
 *
 * An SoA is a numbered, dated snapshot of the control selection: one
 * frozen row per control of the ISMS's edition, in the standard's order,
 * then the additional controls. A row keeps its titles in both languages
 * and its risks as they were, so that a snapshot reads the same after the
 * selection, the risks or the edition change (a transition leaves the
 * snapshots of the old edition as they were). Every control must have a
 * decision before a snapshot is made, and a snapshot is only made when
 * something changed since the last one.
 *
 * A snapshot is approved by a user with the approver role (approval.h,
 * subject "soa", subject id its number). `soa_diff` lists what changed
 * between two snapshots, field by field.
 *
 * `soa_status_facts` gathers the facts of steps 1, 2, 7, 9 and 10 for
 * `isms status`. Strings live in the arena passed to each call.
 */
#ifndef ISMS_SOA_H
#define ISMS_SOA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/approval.h"
#include "isms/arena.h"
#include "isms/context.h"
#include "isms/sbuf.h"
#include "isms/status.h"

struct soa_row {
	const char *control_id;
	bool additional;
	const char *section_id; /* the objective or theme; "" for additional controls */
	const char *section_en, *section_ja;
	const char *title_en, *title_ja;
	bool applicable;
	const char *reasons; /* codes of selection.h, comma-separated: "risk,legal" */
	const char *justification;
	const char *status;  /* a code of selection.h: "implemented" … */
	const char *owner;
	const char *impl_ref;
	const char *risks;   /* risk codes, ", "-separated */
};

struct soa {
	int number;
	int edition;
	const char *organisation;
	const char *created_at;
	const char *created_by;
	char content_hash[65];
	struct soa_row *rows;
	size_t nrows;
	/* the latest decision on it */
	enum approval_state approval; /* APPROVAL_NONE, _CURRENT or _REJECTED_STATE */
	const char *approved_by, *approved_at, *approval_comment;
};

/* One line of `soa_list`. */
struct soa_info {
	int number;
	int edition;
	const char *created_at;
	const char *created_by;
	size_t controls, applicable, excluded;
	enum approval_state approval;
	const char *approved_by, *approved_at;
};

enum soa_change_kind {
	SOA_ADDED = 0,  /* a control only in the second snapshot */
	SOA_REMOVED,    /* only in the first */
	SOA_CHANGED,    /* in both, `field` differs */
};

struct soa_change {
	enum soa_change_kind kind;
	const char *control_id;
	const char *field;  /* "applicable", "reasons", … for SOA_CHANGED */
	const char *before; /* for SOA_CHANGED */
	const char *after;
};

/* The rows a snapshot made now would have, and their hash. */
enum isms_rc soa_current(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
			 struct soa *ret, struct isms_err *err);

/* Make the next snapshot. ISMS_ESTATE when a control has no decision yet,
 * or when nothing changed since the latest snapshot. */
enum isms_rc soa_generate(struct isms_ctx *ctx, int64_t isms_id, int *ret_number,
			  struct isms_err *err);

/* Snapshot `number` (0: the latest) with its rows and approval. */
enum isms_rc soa_get(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int number,
		     struct soa *ret, struct isms_err *err);

/* Every snapshot, oldest first. */
enum isms_rc soa_list(struct isms_ctx *ctx, struct arena *a, int64_t isms_id,
		      struct soa_info **ret, size_t *ret_n, struct isms_err *err);

/* What changed from snapshot `from` to snapshot `to`, in the order of the
 * rows. */
enum isms_rc soa_diff(struct isms_ctx *ctx, struct arena *a, int64_t isms_id, int from, int to,
		      struct soa_change **ret, size_t *ret_n, struct isms_err *err);

/* Approve or reject snapshot `number` (0: the latest) as the context's
 * actor, who must be an approver. */
enum isms_rc soa_approve(struct isms_ctx *ctx, int64_t isms_id, int number,
			 enum approval_decision d, const char *comment, int *ret_number,
			 struct isms_err *err);

/* The JSON an approval of `s` records: number, edition and content hash. */
void soa_snapshot(const struct soa *s, struct sbuf *out);

/* The facts of steps 1, 2, 7, 9 and 10 for `isms status`. */
enum isms_rc soa_status_facts(struct isms_ctx *ctx, int64_t isms_id, int edition,
			      struct status_facts *f, struct isms_err *err);

#endif
