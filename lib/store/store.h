/*
 * store.h - the database layer (internal to lib/).
 *
 * A `struct store` is one open database connection behind a driver
 * (`struct store_ops`, one const instance per driver-*.c). It knows no
 * entity: the model files bring their own SQL, written in the dialect
 * subset SQLite and PostgreSQL share, with `$1`, `$2`… placeholders bound
 * by number (drivers map them by name, since SQLite numbers them by first
 * appearance).
 *
 * Statements: `store_query` returns a prepared statement for a SQL text,
 * prepared once and cached on the store (keyed by the text), reset and with
 * its bindings cleared. The caller binds every parameter, steps it with
 * `stmt_next`, and never finalizes it. A cached statement must not be used
 * twice at once; entity code reads all rows before running the next query
 * with the same text.
 *
 * Transactions: `store_begin` … `store_commit` or `store_rollback`. They
 * nest: only the outermost pair talks to the database, and a rollback at
 * any depth makes the outermost commit fail, so a write is all or nothing.
 * Writes begin IMMEDIATE on SQLite so that concurrent writers wait (busy
 * timeout) rather than fail at commit. `store_begin_read` begins one that
 * only reads (one snapshot for many queries); a `store_begin` nested in it
 * fails with ISMS_EINTERNAL.
 *
 * Audit log: every change made through the library appends one entry with
 * `store_audit` inside its write transaction (audit.c).
 */
#ifndef ISMS_STORE_H
#define ISMS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "isms/err.h"

struct store;
struct stmt;

enum store_open_flags {
	STORE_CREATE = 1 << 0,   /* create the database when it does not exist */
	STORE_READONLY = 1 << 1, /* never write */
};

struct store_ops {
	const char *name;    /* "sqlite" */
	const char *dialect; /* directory of its migrations */
	enum isms_rc (*open)(struct store *st, const char *target, unsigned flags,
			     struct isms_err *err);
	void (*close)(struct store *st);
	/* Run a script of statements without parameters (migrations). */
	enum isms_rc (*exec)(struct store *st, const char *sql, struct isms_err *err);
	enum isms_rc (*prepare)(struct store *st, const char *sql, void **ret,
				struct isms_err *err);
	void (*finalize)(void *h);
	void (*reset)(void *h);
	/* Whether the statement only reads. */
	bool (*readonly)(void *h);
	void (*bind_text)(void *h, int n, const char *s);
	/* The same without a copy: `s` stays the caller's (see
	 * stmt_bind_text_static). */
	void (*bind_text_static)(void *h, int n, const char *s);
	void (*bind_int64)(void *h, int n, int64_t v);
	void (*bind_double)(void *h, int n, double v);
	void (*bind_null)(void *h, int n);
	/* 1: a row; 0: done; -1: error (err set). */
	int (*step)(struct store *st, void *h, struct isms_err *err);
	bool (*column_null)(void *h, int i);
	const char *(*column_text)(void *h, int i);
	int64_t (*column_int64)(void *h, int i);
	double (*column_double)(void *h, int i);
	/* Rows changed by the last statement. */
	int64_t (*changes)(struct store *st);
	enum isms_rc (*begin)(struct store *st, bool write, struct isms_err *err);
	enum isms_rc (*commit)(struct store *st, struct isms_err *err);
	void (*rollback)(struct store *st);
	/* Whether a table exists (used before migrations to tell an isms
	 * database from another one). */
	int (*table_exists)(struct store *st, const char *name, struct isms_err *err);
	/* Settings the driver applies after the version check (WAL …). */
	enum isms_rc (*tune)(struct store *st, struct isms_err *err);
	/* Outside any transaction: commits from now on do (`on` false: do
	 * not) wait for the disk. */
	void (*relax)(struct store *st, bool on);
};

struct stmt {
	struct store *st;
	void *h;
	const char *sql;
	struct stmt *next;
	bool active; /* stepped to a row and not reset: it holds a read snapshot */
};

struct store {
	const struct store_ops *ops;
	void *conn;
	char *target; /* path or URL, for messages */
	unsigned flags;
	int depth;
	bool failed; /* a rollback happened inside the outermost transaction */
	bool reading; /* the outermost transaction only reads */
	bool relaxed; /* the outermost transaction commits without waiting for the disk */
	struct stmt *cache;
	int version; /* schema version after open */
};

/* The number of the newest migration this program carries. */
int store_latest_version(const char *dialect);

/* Open `url` (a path, "sqlite:PATH", or "postgres://…") and bring its schema
 * up to date (unless STORE_READONLY). A database from a newer isms is
 * refused with ISMS_EVERSION and left untouched. */
enum isms_rc store_open(const char *url, unsigned flags, struct store **ret,
			struct isms_err *err);
void store_close(struct store *st);

/* Reset every cached statement. A statement left in the middle of its rows
 * keeps its read snapshot open, and later reads on the connection would not
 * see newer data; the end of each transaction and of each unit of work
 * (isms_ctx_release) calls this. Never call it while iterating rows. */
void store_release(struct store *st);

enum isms_rc store_begin(struct store *st, struct isms_err *err);
enum isms_rc store_begin_read(struct store *st, struct isms_err *err);
/* A write whose loss in a power failure does no harm (a session's "last
 * seen" time): its commit does not wait for the disk, so that the request
 * that makes it does not either. Nested in another transaction it is
 * that transaction. */
enum isms_rc store_begin_relaxed(struct store *st, struct isms_err *err);
enum isms_rc store_commit(struct store *st, struct isms_err *err);
void store_rollback(struct store *st);
/* Commit when rc is ISMS_OK, else roll back; returns the final code. */
enum isms_rc store_end(struct store *st, enum isms_rc rc, struct isms_err *err);

struct stmt *store_query(struct store *st, const char *sql, struct isms_err *err);
/* Prepare, bind the given values (see store_execf) and run to completion. */
enum isms_rc store_exec(struct store *st, const char *sql, struct isms_err *err);

void stmt_bind_text(struct stmt *q, int n, const char *s);
/* Bind `s` without copying it, for bulk writes where copying every value
 * shows: the string must stay valid and unchanged until the statement has
 * run (its last stmt_next), and the caller must not free it before that. */
void stmt_bind_text_static(struct stmt *q, int n, const char *s);
void stmt_bind_int(struct stmt *q, int n, int64_t v);
void stmt_bind_double(struct stmt *q, int n, double v);
void stmt_bind_null(struct stmt *q, int n);
int stmt_next(struct stmt *q, struct isms_err *err);
/* Step to completion expecting no row; returns ISMS_OK or the error. */
enum isms_rc stmt_run(struct stmt *q, struct isms_err *err);
/* Step an INSERT … RETURNING id to completion and give the new row's id;
 * no row coming back is an internal error. */
enum isms_rc stmt_insert_id(struct stmt *q, int64_t *ret_id, struct isms_err *err);
bool stmt_null(struct stmt *q, int i);
const char *stmt_text(struct stmt *q, int i); /* never NULL: "" for NULL */
int64_t stmt_int(struct stmt *q, int i);
double stmt_double(struct stmt *q, int i);
int64_t store_changes(struct store *st);

/* One audit-log entry. `before` and `after` are JSON texts or NULL. */
struct audit_entry {
	int64_t isms_id; /* 0: installation-wide (users) */
	const char *actor;
	const char *entity;
	const char *entity_id;
	const char *action; /* "create", "update", "delete", … */
	const char *before;
	const char *after;
};

/* Append `e` to the hash-chained log; must be inside a write transaction. */
enum isms_rc store_audit(struct store *st, const struct audit_entry *e,
			 struct isms_err *err);

/* The content hash of one entry, given its fields and the previous hash. */
void store_audit_hash(int64_t id, int64_t isms_id, const char *at, const char *actor,
		      const char *entity, const char *entity_id, const char *action,
		      const char *before, const char *after, const char *prev_hash,
		      char out[65]);

extern const struct store_ops store_sqlite_ops;

#endif
