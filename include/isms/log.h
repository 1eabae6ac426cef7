/*
 * log.h - reading and verifying the audit log.
 *
 * Every change made through the library is one entry: who, when, which
 * ISMS, entity, id, action, and the values before and after as JSON. The
 * log is append-only and hash-chained: each entry's hash covers its own
 * content and the previous entry's hash, so editing, deleting or
 * reordering any entry is found by `log_verify`.
 */
#ifndef ISMS_LOG_H
#define ISMS_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isms/arena.h"
#include "isms/context.h"

struct log_entry {
	int64_t id;
	int64_t isms_id; /* 0: installation-wide (users) */
	const char *at;
	const char *actor;
	const char *entity;
	const char *entity_id;
	const char *action;
	const char *before; /* JSON or NULL */
	const char *after;  /* JSON or NULL */
};

struct log_filter {
	int64_t isms_id;   /* entries of this ISMS and installation-wide ones; 0: all */
	/* With isms_id: of the installation-wide entries, only those about
	 * the ISMS's own members (the "user" and "session" entries naming
	 * one), so that one ISMS does not see the users and logins of
	 * another. Accounts, API tokens and the set-up stay with the
	 * installation's administrators. */
	bool members_only;
	const char *entity; /* NULL: any */
	const char *actor;  /* NULL: any */
	const char *since;  /* YYYY-MM-DD, inclusive; NULL: no bound */
	const char *until;  /* YYYY-MM-DD, inclusive; NULL: no bound */
	size_t limit;       /* 0: no limit; the newest entries are kept */
};

enum isms_rc log_list(struct isms_ctx *ctx, struct arena *a, const struct log_filter *f,
		      struct log_entry **ret, size_t *ret_n, struct isms_err *err);

/* The id of the newest entry that changed what ISMS `isms_id` shows: its
 * own, or one of the whole database (users, catalogues), but not logins,
 * logouts, API tokens or the first-run link; 0 when there is none. Every
 * change appends an entry, so a page made from the data of an ISMS holds
 * as long as this id does. */
enum isms_rc log_newest(struct isms_ctx *ctx, int64_t isms_id, int64_t *ret_id,
			struct isms_err *err);

/* Check the whole chain. On success `*ret_count` is the number of entries.
 * On a mismatch, ISMS_ETAMPER with the first bad entry's id in
 * `*ret_bad_id` and the reason in the error. */
enum isms_rc log_verify(struct isms_ctx *ctx, int64_t *ret_count, int64_t *ret_bad_id,
			struct isms_err *err);

#endif
