/* store.c - opening databases by URL, migrations, transactions and the statement cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/i18n.h"
#include "isms/resource.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "store.h"

/* Migrations are embedded as "migrations/DIALECT/NNNN-name.sql". */
static int migration_number(const struct resource *r, const char *dialect)
{
	char prefix[64];
	size_t n;
	long long v;
	char num[5];

	n = (size_t)snprintf(prefix, sizeof(prefix), "migrations/%s/", dialect);
	if (strncmp(r->name, prefix, n) || strlen(r->name) < n + 5 || r->name[n + 4] != '-')
		return 0;
	memcpy(num, r->name + n, 4);
	num[4] = '\0';
	if (!isms_parse_int(num, 1, 9999, &v))
		return 0;
	return (int)v;
}

int store_latest_version(const char *dialect)
{
	int latest = 0;

	for (size_t i = 0; i < isms_nresources; i++) {
		int v = migration_number(&isms_resources[i], dialect);

		if (v > latest)
			latest = v;
	}
	return latest;
}

static enum isms_rc read_version(struct store *st, struct isms_err *err)
{
	struct stmt *q;
	int r;

	r = st->ops->table_exists(st, "schema_version", err);
	if (r < 0)
		return err->code;
	if (r == 0) {
		r = st->ops->table_exists(st, NULL, err);
		if (r < 0)
			return err->code;
		if (r > 0) {
			isms_err_set(err, ISMS_ESTORE, _("\"%s\" is not an isms database"), st->target);
			isms_err_detail(err, _("The file is a database, but it holds tables that isms did not create."));
			return ISMS_ESTORE;
		}
		st->version = 0;
		return ISMS_OK;
	}
	q = store_query(st, "SELECT MAX(version) FROM schema_version", err);
	if (!q)
		return err->code;
	r = stmt_next(q, err);
	if (r < 0)
		return err->code;
	st->version = r ? (int)stmt_int(q, 0) : 0;
	return ISMS_OK;
}

/* Whether migration `v` has been applied to the database. */
static int applied(struct store *st, int v, struct isms_err *err)
{
	struct stmt *q;
	int r;

	if (st->version == 0)
		return 0;
	q = store_query(st, "SELECT COUNT(*) FROM schema_version WHERE version = $1", err);
	if (!q)
		return -1;
	stmt_bind_int(q, 1, v);
	r = stmt_next(q, err);
	if (r < 0)
		return -1;
	r = stmt_int(q, 0) > 0;
	store_release(st);
	return r;
}

/* The next embedded migration above `after` that is not applied yet, or 0.
 * Every migration is recorded in schema_version, so one that arrives with
 * a lower number than the newest applied one is still applied. */
static int next_pending(struct store *st, int after, const struct resource **ret,
			struct isms_err *err)
{
	for (;;) {
		int v = 0;

		*ret = NULL;
		for (size_t i = 0; i < isms_nresources; i++) {
			int n = migration_number(&isms_resources[i], st->ops->dialect);

			if (n > after && (v == 0 || n < v)) {
				v = n;
				*ret = &isms_resources[i];
			}
		}
		if (v == 0)
			return 0;
		switch (applied(st, v, err)) {
		case 0: return v;
		case 1: after = v; break;
		default: return -1;
		}
	}
}

/* Apply every pending migration, in order, each in its own transaction. */
static enum isms_rc migrate(struct store *st, struct isms_err *err)
{
	int v = 0;

	for (;;) {
		const struct resource *r;
		char now[ISMS_TIME_LEN];
		struct stmt *q;
		enum isms_rc rc;

		v = next_pending(st, v, &r, err);
		if (v < 0)
			return err->code;
		if (v == 0)
			return ISMS_OK;
		rc = store_begin(st, err);
		if (rc)
			return rc;
		rc = st->ops->exec(st, (const char *)r->data, err);
		if (!rc) {
			q = store_query(st, "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)", err);
			if (!q) {
				rc = err->code;
			} else {
				isms_time_now(now);
				stmt_bind_int(q, 1, v);
				stmt_bind_text(q, 2, now);
				rc = stmt_run(q, err);
			}
		}
		rc = store_end(st, rc, err);
		if (rc)
			return rc;
		if (v > st->version)
			st->version = v;
	}
}

enum isms_rc store_open(const char *url, unsigned flags, struct store **ret,
			struct isms_err *err)
{
	const struct store_ops *ops = &store_sqlite_ops;
	const char *target = url;
	struct store *st;
	enum isms_rc rc;
	int latest;

	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13)) {
		isms_err_set(err, ISMS_ENOTSUP, _("not built with PostgreSQL support"));
		isms_err_detail(err, _("This isms program can only use SQLite databases."));
		isms_err_hint(err, _("Give a file path or a sqlite:PATH URL."));
		return ISMS_ENOTSUP;
	}
	if (!strncmp(url, "sqlite:", 7))
		target = url + 7;
	if (!*target)
		return isms_err_set(err, ISMS_EINVAL, _("the database path is empty"));

	st = xcalloc(1, sizeof(*st));
	st->ops = ops;
	st->target = xstrdup(target);
	st->flags = flags;
	rc = ops->open(st, target, flags, err);
	if (rc) {
		free(st->target);
		free(st);
		return rc;
	}
	rc = read_version(st, err);
	if (rc)
		goto fail;
	latest = store_latest_version(ops->dialect);
	if (st->version > latest) {
		isms_err_set(err, ISMS_EVERSION,
			     _("database \"%s\" is from a newer version of isms"), target);
		isms_err_detail(err, _("Its schema version is %d; this program knows versions up to %d. The database was not changed."),
				st->version, latest);
		isms_err_hint(err, _("Use a newer isms program to open it."));
		rc = ISMS_EVERSION;
		goto fail;
	}
	rc = ops->tune(st, err);
	if (rc)
		goto fail;
	{
		const struct resource *r;
		int pending = next_pending(st, 0, &r, err);

		if (pending < 0) {
			rc = err->code;
			goto fail;
		}
		if (pending && (flags & STORE_READONLY)) {
			if (st->version == 0) {
				isms_err_set(err, ISMS_ENOTFOUND, _("database \"%s\" is empty"), target);
				isms_err_hint(err, _("Create an ISMS in it with \"isms init\"."));
			} else {
				isms_err_set(err, ISMS_ESTATE, _("database \"%s\" needs an upgrade"), target);
				isms_err_hint(err, _("Run a command that writes to it once, such as \"isms use NAME\", to upgrade it."));
			}
			rc = err->code;
			goto fail;
		}
		if (pending) {
			rc = migrate(st, err);
			if (rc)
				goto fail;
		}
	}
	*ret = st;
	return ISMS_OK;
fail:
	store_close(st);
	return rc;
}

void store_close(struct store *st)
{
	struct stmt *q, *next;

	if (!st)
		return;
	for (q = st->cache; q; q = next) {
		next = q->next;
		st->ops->finalize(q->h);
		free(q);
	}
	st->ops->close(st);
	free(st->target);
	free(st);
}

static enum isms_rc begin(struct store *st, bool write, struct isms_err *err)
{
	enum isms_rc rc;

	if (st->depth > 0) {
		/* A write would upgrade the reader's snapshot, which fails
		 * once another connection has written since: callers that
		 * only read must not reach code that writes. */
		if (write && st->reading)
			return isms_err_set(err, ISMS_EINTERNAL,
					    "internal error: a write inside a read-only transaction");
		st->depth++;
		return ISMS_OK;
	}
	st->depth++;
	st->reading = !write;
	st->failed = false;
	/* start from the newest data, not from a snapshot an earlier read
	 * left open */
	store_release(st);
	rc = st->ops->begin(st, write, err);
	if (rc)
		st->depth = 0;
	return rc;
}

enum isms_rc store_begin(struct store *st, struct isms_err *err)
{
	if (st->flags & STORE_READONLY)
		return isms_err_set(err, ISMS_EREADONLY, _("database \"%s\" is opened read-only"),
				    st->target);
	return begin(st, true, err);
}

enum isms_rc store_begin_read(struct store *st, struct isms_err *err)
{
	return begin(st, false, err);
}

enum isms_rc store_begin_relaxed(struct store *st, struct isms_err *err)
{
	enum isms_rc rc;
	bool outermost = st->depth == 0 && !(st->flags & STORE_READONLY);

	if (outermost) {
		st->ops->relax(st, true);
		st->relaxed = true;
	}
	rc = store_begin(st, err);
	if (rc && outermost) {
		st->ops->relax(st, false);
		st->relaxed = false;
	}
	return rc;
}

/* After the outermost commit or rollback: commits wait for the disk again. */
static void unrelax(struct store *st)
{
	if (st->relaxed) {
		st->ops->relax(st, false);
		st->relaxed = false;
	}
}

void store_release(struct store *st)
{
	for (struct stmt *q = st->cache; q; q = q->next) {
		if (q->active) {
			st->ops->reset(q->h);
			q->active = false;
		}
	}
}

enum isms_rc store_commit(struct store *st, struct isms_err *err)
{
	enum isms_rc rc;

	if (st->depth <= 0)
		return isms_err_set(err, ISMS_EINTERNAL, "commit without a transaction");
	if (--st->depth > 0)
		return ISMS_OK;
	/* A statement left in the middle of its rows would keep the read
	 * snapshot alive past the end of the transaction. */
	store_release(st);
	if (st->failed) {
		st->ops->rollback(st);
		unrelax(st);
		return isms_err_set(err, ISMS_EINTERNAL, "commit after a nested rollback");
	}
	rc = st->ops->commit(st, err);
	unrelax(st);
	return rc;
}

void store_rollback(struct store *st)
{
	if (st->depth <= 0)
		return;
	if (--st->depth > 0) {
		st->failed = true;
		return;
	}
	store_release(st);
	st->ops->rollback(st);
	unrelax(st);
}

enum isms_rc store_end(struct store *st, enum isms_rc rc, struct isms_err *err)
{
	if (rc) {
		store_rollback(st);
		return rc;
	}
	rc = store_commit(st, err);
	return rc;
}

struct stmt *store_query(struct store *st, const char *sql, struct isms_err *err)
{
	struct stmt *q;
	void *h;

	/* The SQL is nearly always a literal: its address finds it. */
	for (q = st->cache; q && q->sql != sql; q = q->next)
		;
	for (struct stmt *t = st->cache; !q && t; t = t->next)
		if (!strcmp(t->sql, sql))
			q = t;
	if (q) {
		st->ops->reset(q->h);
		q->active = false;
		return q;
	}
	if (st->ops->prepare(st, sql, &h, err))
		return NULL;
	q = xcalloc(1, sizeof(*q));
	q->st = st;
	q->h = h;
	q->sql = sql;
	q->next = st->cache;
	st->cache = q;
	return q;
}

enum isms_rc store_exec(struct store *st, const char *sql, struct isms_err *err)
{
	struct stmt *q = store_query(st, sql, err);

	return q ? stmt_run(q, err) : err->code;
}

void stmt_bind_text(struct stmt *q, int n, const char *s)
{
	if (s)
		q->st->ops->bind_text(q->h, n, s);
	else
		q->st->ops->bind_null(q->h, n);
}

void stmt_bind_text_static(struct stmt *q, int n, const char *s)
{
	if (s)
		q->st->ops->bind_text_static(q->h, n, s);
	else
		q->st->ops->bind_null(q->h, n);
}

void stmt_bind_int(struct stmt *q, int n, int64_t v)
{
	q->st->ops->bind_int64(q->h, n, v);
}

void stmt_bind_double(struct stmt *q, int n, double v)
{
	q->st->ops->bind_double(q->h, n, v);
}

void stmt_bind_null(struct stmt *q, int n)
{
	q->st->ops->bind_null(q->h, n);
}

int stmt_next(struct stmt *q, struct isms_err *err)
{
	int r;

	/* A statement that writes, run in a read-only transaction: refused
	 * like a store_begin there (see begin). */
	if (!q->active && q->st->depth > 0 && q->st->reading && !q->st->ops->readonly(q->h)) {
		isms_err_set(err, ISMS_EINTERNAL, "internal error: a write inside a read-only transaction");
		return -1;
	}
	r = q->st->ops->step(q->st, q->h, err);

	q->active = r > 0;
	return r;
}

enum isms_rc stmt_run(struct stmt *q, struct isms_err *err)
{
	int r;

	while ((r = stmt_next(q, err)) > 0)
		;
	return r < 0 ? err->code : ISMS_OK;
}

enum isms_rc stmt_insert_id(struct stmt *q, int64_t *ret_id, struct isms_err *err)
{
	int r = stmt_next(q, err);

	if (r <= 0)
		return r < 0 ? err->code : isms_err_set(err, ISMS_EINTERNAL, "insert returned no id");
	*ret_id = stmt_int(q, 0);
	return stmt_run(q, err);
}

bool stmt_null(struct stmt *q, int i)
{
	return q->st->ops->column_null(q->h, i);
}

const char *stmt_text(struct stmt *q, int i)
{
	const char *s = q->st->ops->column_text(q->h, i);

	return s ? s : "";
}

int64_t stmt_int(struct stmt *q, int i)
{
	return q->st->ops->column_int64(q->h, i);
}

double stmt_double(struct stmt *q, int i)
{
	return q->st->ops->column_double(q->h, i);
}

int64_t store_changes(struct store *st)
{
	return st->ops->changes(st);
}
