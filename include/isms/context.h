/*
 * context.h - the handle every library call works through.
 *
 * A `struct isms_ctx` is one open database and the name of whoever acts
 * through it (recorded in the audit log). There are no globals in the
 * library: every entity function takes the context first. A context is
 * used by one thread at a time; the web server opens one per worker.
 */
#ifndef ISMS_CONTEXT_H
#define ISMS_CONTEXT_H

#include "isms/err.h"

struct isms_ctx;

enum isms_open_flags {
	ISMS_OPEN_CREATE = 1 << 0,   /* create the database file if missing */
	ISMS_OPEN_READONLY = 1 << 1, /* never write (for commands that only read) */
};

/* Open the database at `url`: a path, "sqlite:PATH" or "postgres://…". The
 * schema is created or upgraded unless ISMS_OPEN_READONLY. */
enum isms_rc isms_ctx_open(const char *url, unsigned flags, struct isms_ctx **ret,
			   struct isms_err *err);
void isms_ctx_free(struct isms_ctx *ctx);

/* Who acts: a user name or an OS login name. Copied. */
void isms_ctx_set_actor(struct isms_ctx *ctx, const char *actor);
const char *isms_ctx_actor(const struct isms_ctx *ctx);

/* End a unit of work (a command, a web request): releases what the
 * connection still holds, so that the next read sees the newest data.
 * Long-lived contexts (web workers) call it after every request. */
void isms_ctx_release(struct isms_ctx *ctx);

/* A unit of work that only reads: everything it reads comes from one
 * snapshot, taken once (a read transaction; the reads inside join it
 * rather than each taking and dropping their own). A write inside fails
 * with ISMS_EINTERNAL. isms_ctx_end_read ends it; they nest. */
enum isms_rc isms_ctx_begin_read(struct isms_ctx *ctx, struct isms_err *err);
void isms_ctx_end_read(struct isms_ctx *ctx);

/* The schema version of the open database. */
int isms_ctx_schema_version(const struct isms_ctx *ctx);

#endif
