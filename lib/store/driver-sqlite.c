/* driver-sqlite.c - the SQLite driver of the store: WAL, full sync, foreign keys, bound statements. */
#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isms/i18n.h"
#include "isms/sbuf.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "store.h"

#define BUSY_TIMEOUT_MS 10000

/* A connection, and the statements of its transactions, prepared on
 * first use: a web request begins and ends one, and preparing them each
 * time cost as much as a short query. */
enum { TXN_BEGIN, TXN_BEGIN_WRITE, TXN_COMMIT, TXN_ROLLBACK, TXN_COUNT };

static const char *const txn_sql[TXN_COUNT] = { "BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK" };

struct sq_conn {
	sqlite3 *db;
	sqlite3_stmt *txn[TXN_COUNT];
};

static sqlite3 *db_of(struct store *st)
{
	struct sq_conn *c = st->conn;

	return c ? c->db : NULL;
}

/* Turn a SQLite failure into an error report that a user can act on. The
 * SQLite message goes into the detail only; SQL text never does. */
static enum isms_rc fail(struct store *st, int code, struct isms_err *err)
{
	sqlite3 *db = db_of(st);
	const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);

	switch (code & 0xff) {
	case SQLITE_NOTADB:
		isms_err_set(err, ISMS_ESTORE, _("\"%s\" is not an isms database"), st->target);
		isms_err_detail(err, _("SQLite says: %s."), msg);
		isms_err_hint(err, _("Check the --db option or the ISMS_DB variable."));
		return ISMS_ESTORE;
	case SQLITE_CORRUPT:
		isms_err_set(err, ISMS_ESTORE, _("database \"%s\" is damaged"), st->target);
		isms_err_detail(err, _("SQLite says: %s."), msg);
		isms_err_hint(err, _("Restore the database from a backup."));
		return ISMS_ESTORE;
	case SQLITE_READONLY:
	case SQLITE_PERM:
		isms_err_set(err, ISMS_EREADONLY, _("database \"%s\" is read-only"), st->target);
		isms_err_detail(err, _("SQLite says: %s."), msg);
		isms_err_hint(err, _("Check the permissions of the file and of its directory."));
		return ISMS_EREADONLY;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		isms_err_set(err, ISMS_ESTORE, _("database \"%s\" is busy"), st->target);
		isms_err_detail(err, _("Another process held a lock for longer than %d seconds."),
				BUSY_TIMEOUT_MS / 1000);
		return ISMS_ESTORE;
	case SQLITE_CONSTRAINT:
		isms_err_set(err, ISMS_EEXIST, _("the change conflicts with existing data"));
		isms_err_detail(err, _("SQLite says: %s."), msg);
		return ISMS_EEXIST;
	case SQLITE_FULL:
	case SQLITE_IOERR:
		isms_err_set(err, ISMS_EIO, _("cannot write database \"%s\""), st->target);
		isms_err_detail(err, _("SQLite says: %s."), msg);
		return ISMS_EIO;
	case SQLITE_CANTOPEN:
		isms_err_set(err, ISMS_EIO, _("cannot open database \"%s\""), st->target);
		isms_err_detail(err, _("SQLite says: %s."), msg);
		return ISMS_EIO;
	default:
		isms_err_set(err, ISMS_ESTORE, _("database error"));
		isms_err_detail(err, _("SQLite says: %s."), msg);
		return ISMS_ESTORE;
	}
}

/* True when the file cannot be written, its directory neither, and there is
 * no -wal file: reading it in WAL mode would need a -shm file we cannot
 * create, and no one can be writing to it. */
static bool readonly_wal_needs_immutable(const char *path)
{
	char *copy = xstrdup(path);
	char *wal = xasprintf("%s-wal", path);
	bool r;

	r = access(path, W_OK) != 0 && access(dirname(copy), W_OK) != 0 && access(wal, F_OK) != 0;
	free(copy);
	free(wal);
	return r;
}

static char *file_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct sbuf sb = SBUF_INIT;

	sbuf_addstr(&sb, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p)) {
			sbuf_addch(&sb, (char)*p);
		} else {
			sbuf_addch(&sb, '%');
			sbuf_addch(&sb, hex[*p >> 4]);
			sbuf_addch(&sb, hex[*p & 15]);
		}
	}
	sbuf_addstr(&sb, "?immutable=1");
	return sbuf_detach(&sb, NULL);
}

static void sq_close(struct store *st);

/* Before SQLite's first use: no global count of its memory, which every
 * allocation would otherwise update under one lock shared by all threads
 * (the web server's workers each have a connection). */
static void sq_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static enum isms_rc sq_open(struct store *st, const char *path, unsigned flags,
			    struct isms_err *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct stat sb;
	sqlite3 *db = NULL;
	int oflags = SQLITE_OPEN_NOMUTEX;
	int rc;

	pthread_once(&once, sq_configure);
	if (stat(path, &sb) < 0) {
		char *copy = xstrdup(path);
		const char *dir = dirname(copy);
		struct stat db2;

		if (errno != ENOENT || !(flags & STORE_CREATE)) {
			isms_err_set(err, ISMS_ENOTFOUND, _("database \"%s\" does not exist"), path);
			isms_err_hint(err, _("Create it with \"isms init\", or name another one with --db."));
			free(copy);
			return ISMS_ENOTFOUND;
		}
		if (stat(dir, &db2) < 0 || !S_ISDIR(db2.st_mode)) {
			isms_err_set(err, ISMS_EIO, _("cannot create database \"%s\""), path);
			isms_err_detail(err, _("The directory \"%s\" does not exist."), dir);
			isms_err_hint(err, _("Create the directory first, or choose another path."));
			free(copy);
			return ISMS_EIO;
		}
		free(copy);
	} else if (S_ISDIR(sb.st_mode)) {
		isms_err_set(err, ISMS_EINVAL, _("\"%s\" is a directory, not a database"), path);
		return ISMS_EINVAL;
	}
	if (flags & STORE_READONLY)
		oflags |= SQLITE_OPEN_READONLY;
	else
		oflags |= SQLITE_OPEN_READWRITE | ((flags & STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
	if ((flags & STORE_READONLY) && readonly_wal_needs_immutable(path)) {
		/* A WAL database whose -shm file cannot be created (read-only
		 * directory, nobody else writing) is read as immutable. */
		char *uri = file_uri(path);

		rc = sqlite3_open_v2(uri, &db, oflags | SQLITE_OPEN_URI, NULL);
		free(uri);
	} else {
		rc = sqlite3_open_v2(path, &db, oflags, NULL);
	}
	if (rc != SQLITE_OK) {
		enum isms_rc r;

		/* the message is the connection's */
		st->conn = &(struct sq_conn){ .db = db };
		r = fail(st, rc, err);
		sqlite3_close(db);
		st->conn = NULL;
		return r;
	}
	st->conn = xcalloc(1, sizeof(struct sq_conn));
	((struct sq_conn *)st->conn)->db = db;
	if (!(flags & STORE_READONLY) && sqlite3_db_readonly(db, "main") == 1) {
		isms_err_set(err, ISMS_EREADONLY, _("database \"%s\" is read-only"), path);
		isms_err_detail(err, _("The file cannot be written by this user."));
		isms_err_hint(err, _("Check the permissions of the file and of its directory."));
		sq_close(st);
		return ISMS_EREADONLY;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	/*
	 * Connection settings only: nothing here writes to the file, so a
	 * database from a newer isms is still untouched when it is refused.
	 *
	 * mmap_size: reads map the file rather than copy its pages into the
	 * connection's page cache, which is 2 MB by default and smaller than
	 * the register of a large ISMS, so that reading all of it (the counts
	 * of the dashboard, a list sorted by value) copied every page from the
	 * kernel again on each request. Measured with bench/web-wrk.sh's ISMS
	 * (10,000 risks, a 3.3 MB file), server CPU per request: dashboard
	 * 6.5 ms -> 5.9 ms (system time 0.55 -> 0.05 ms), the register sorted
	 * by value 3.2 -> 2.85 ms, its first page unchanged (0.85 ms);
	 * `isms method set` on 100,000 risks 0.47 -> 0.43 s and `isms risk
	 * export` 0.22 -> 0.17 s. cache_size = -16384 (16 MB) did as well on
	 * the pages, but as private memory for each connection; both together
	 * did no better. Writes still go through the page cache and the WAL.
	 */
	rc = sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA mmap_size = 268435456", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		enum isms_rc r = fail(st, rc, err);

		sq_close(st);
		return r;
	}
	return ISMS_OK;
}

static enum isms_rc sq_tune(struct store *st, struct isms_err *err)
{
	int rc;

	if (st->flags & STORE_READONLY)
		return ISMS_OK;
	rc = sqlite3_exec(db_of(st), "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL",
			  NULL, NULL, NULL);
	return rc == SQLITE_OK ? ISMS_OK : fail(st, rc, err);
}

/* In WAL mode, NORMAL commits without an fsync of the WAL: a power
 * failure may lose the newest commits, never the database. FULL is the
 * rule (sq_tune); synchronous cannot change inside a transaction. */
static void sq_relax(struct store *st, bool on)
{
	sqlite3_exec(db_of(st), on ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL", NULL, NULL,
		     NULL);
}

static void sq_close(struct store *st)
{
	struct sq_conn *c = st->conn;

	if (!c)
		return;
	for (int i = 0; i < TXN_COUNT; i++)
		sqlite3_finalize(c->txn[i]);
	sqlite3_close(c->db);
	free(c);
	st->conn = NULL;
}

static enum isms_rc sq_exec(struct store *st, const char *sql, struct isms_err *err)
{
	int rc = sqlite3_exec(db_of(st), sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? ISMS_OK : fail(st, rc, err);
}

/* Run one of the transaction statements. */
static int sq_txn(struct store *st, int which)
{
	struct sq_conn *c = st->conn;
	int rc;

	if (!c->txn[which]) {
		rc = sqlite3_prepare_v3(c->db, txn_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
					&c->txn[which], NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	rc = sqlite3_step(c->txn[which]);
	sqlite3_reset(c->txn[which]);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A prepared statement and, for each placeholder number N, the index of
 * "$N": SQLite numbers named parameters by first appearance, so "$2" may
 * come first in the text. The map is built once, when the statement is
 * prepared, so binding never searches. Numbers need not be contiguous (a
 * batched insert numbers the values of its row r from r×100), hence a
 * limit above SQLite's default count of parameters. */
#define PARAM_MAX 9999

struct sq_stmt {
	sqlite3_stmt *s;
	int nmap;
	int map[];
};

static enum isms_rc sq_prepare(struct store *st, const char *sql, void **ret,
			       struct isms_err *err)
{
	sqlite3_stmt *h = NULL;
	struct sq_stmt *q;
	int rc = sqlite3_prepare_v3(db_of(st), sql, -1, SQLITE_PREPARE_PERSISTENT, &h, NULL);
	int count, max = 0;

	if (rc != SQLITE_OK)
		return fail(st, rc, err);
	count = sqlite3_bind_parameter_count(h);
	for (int i = 1; i <= count; i++) {
		const char *name = sqlite3_bind_parameter_name(h, i);
		long long v;

		if (name && name[0] == '$' && isms_parse_int(name + 1, 1, PARAM_MAX, &v) && v > max)
			max = (int)v;
	}
	q = xcalloc(1, sizeof(*q) + (size_t)(max + 1) * sizeof(int));
	q->s = h;
	q->nmap = max;
	for (int i = 1; i <= count; i++) {
		const char *name = sqlite3_bind_parameter_name(h, i);
		long long v;

		if (name && name[0] == '$' && isms_parse_int(name + 1, 1, PARAM_MAX, &v))
			q->map[v] = i;
	}
	*ret = q;
	return ISMS_OK;
}

static sqlite3_stmt *stmt_of(void *h)
{
	return ((struct sq_stmt *)h)->s;
}

static void sq_finalize(void *h)
{
	sqlite3_finalize(stmt_of(h));
	free(h);
}

static bool sq_readonly(void *h)
{
	return sqlite3_stmt_readonly(stmt_of(h)) != 0;
}

static void sq_reset(void *h)
{
	sqlite3_reset(stmt_of(h));
	sqlite3_clear_bindings(stmt_of(h));
}

/* The index of "$n", or 0 (SQLite ignores binding index 0 with a range
 * error, so a number the statement lacks binds nothing). */
static int param_index(void *h, int n)
{
	struct sq_stmt *q = h;

	return n >= 1 && n <= q->nmap ? q->map[n] : 0;
}

static void sq_bind_text(void *h, int n, const char *s)
{
	sqlite3_bind_text(stmt_of(h), param_index(h, n), s, -1, SQLITE_TRANSIENT);
}

/* SQLite reads the string only while the statement runs; sq_reset
 * clears the binding before the statement is used again. */
static void sq_bind_text_static(void *h, int n, const char *s)
{
	sqlite3_bind_text(stmt_of(h), param_index(h, n), s, -1, SQLITE_STATIC);
}

static void sq_bind_int64(void *h, int n, int64_t v)
{
	sqlite3_bind_int64(stmt_of(h), param_index(h, n), v);
}

static void sq_bind_double(void *h, int n, double v)
{
	sqlite3_bind_double(stmt_of(h), param_index(h, n), v);
}

static void sq_bind_null(void *h, int n)
{
	sqlite3_bind_null(stmt_of(h), param_index(h, n));
}

static int sq_step(struct store *st, void *h, struct isms_err *err)
{
	int rc = sqlite3_step(stmt_of(h));

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	fail(st, rc, err);
	sqlite3_reset(stmt_of(h));
	return -1;
}

static bool sq_column_null(void *h, int i)
{
	return sqlite3_column_type(stmt_of(h), i) == SQLITE_NULL;
}

static const char *sq_column_text(void *h, int i)
{
	return (const char *)sqlite3_column_text(stmt_of(h), i);
}

static int64_t sq_column_int64(void *h, int i)
{
	return sqlite3_column_int64(stmt_of(h), i);
}

static double sq_column_double(void *h, int i)
{
	return sqlite3_column_double(stmt_of(h), i);
}

static int64_t sq_changes(struct store *st)
{
	return sqlite3_changes64(db_of(st));
}

static enum isms_rc sq_begin(struct store *st, bool write, struct isms_err *err)
{
	int rc = sq_txn(st, write ? TXN_BEGIN_WRITE : TXN_BEGIN);

	return rc == SQLITE_OK ? ISMS_OK : fail(st, rc, err);
}

static enum isms_rc sq_commit(struct store *st, struct isms_err *err)
{
	int rc = sq_txn(st, TXN_COMMIT);

	if (rc == SQLITE_OK)
		return ISMS_OK;
	fail(st, rc, err);
	sq_txn(st, TXN_ROLLBACK);
	return err->code;
}

static void sq_rollback(struct store *st)
{
	sq_txn(st, TXN_ROLLBACK);
}

static int sq_table_exists(struct store *st, const char *name, struct isms_err *err)
{
	sqlite3_stmt *h = NULL;
	int rc, r;

	rc = sqlite3_prepare_v2(db_of(st),
				name ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1"
				     : "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
				-1, &h, NULL);
	if (rc != SQLITE_OK) {
		fail(st, rc, err);
		sqlite3_finalize(h);
		return -1;
	}
	if (name)
		sqlite3_bind_text(h, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(h);
	if (rc != SQLITE_ROW) {
		fail(st, rc, err);
		sqlite3_finalize(h);
		return -1;
	}
	r = sqlite3_column_int(h, 0) > 0;
	sqlite3_finalize(h);
	return r;
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.dialect = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_text = sq_bind_text,
	.bind_text_static = sq_bind_text_static,
	.bind_int64 = sq_bind_int64,
	.bind_double = sq_bind_double,
	.bind_null = sq_bind_null,
	.readonly = sq_readonly,
	.step = sq_step,
	.column_null = sq_column_null,
	.column_text = sq_column_text,
	.column_int64 = sq_column_int64,
	.column_double = sq_column_double,
	.changes = sq_changes,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.table_exists = sq_table_exists,
	.tune = sq_tune,
	.relax = sq_relax,
};
