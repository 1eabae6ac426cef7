/* helpers.h - shared set-up for the unit tests: temporary databases. */
#ifndef ISMS_TEST_HELPERS_H
#define ISMS_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "isms/arena.h"
#include "isms/context.h"
#include "isms/err.h"
#include "isms/i18n.h"
#include "isms/isms.h"
#include "isms/util.h"

/* A fresh directory under $TMPDIR; the caller frees the string. */
static inline char *test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *p;

	if (asprintf(&p, "%s/isms-test-XXXXXX", base && *base ? base : "/tmp") < 0)
		abort();
	if (!mkdtemp(p))
		abort();
	return p;
}

static inline void test_rmrf(const char *dir)
{
	char *cmd;

	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
		abort();
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

/* Assert success, printing the error report when not. */
#define assert_ok(expr, errp)                                                      \
	do {                                                                       \
		enum isms_rc rc_ = (expr);                                         \
		if (rc_ != ISMS_OK)                                                \
			print_error("%s: rc %d: %s (%s)\n", #expr, rc_, (errp)->msg, \
				    (errp)->detail);                               \
		assert_int_equal(rc_, ISMS_OK);                                    \
	} while (0)

/* A fixture of the model tests: a fresh database in a temporary directory
 * with one ISMS "Example" of `edition`, and "tester" acting. */
struct fx {
	char *dir, *db;
	struct isms_ctx *ctx;
	int64_t isms;
	struct arena a;
};

static inline struct fx *fx_new(int edition)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct isms_err err;
	struct isms_new n = { .org = "Example", .edition = edition, .lang = ISMS_LANG_EN };

	f->dir = test_tmpdir();
	if (asprintf(&f->db, "%s/t.db", f->dir) < 0)
		abort();
	if (isms_ctx_open(f->db, ISMS_OPEN_CREATE, &f->ctx, &err) || isms_create(f->ctx, &n, &f->isms, &err))
		return NULL;
	isms_ctx_set_actor(f->ctx, "tester");
	return f;
}

static inline int fx_teardown(void **state)
{
	struct fx *f = *state;

	isms_ctx_free(f->ctx);
	arena_release(&f->a);
	test_rmrf(f->dir);
	free(f->dir);
	free(f->db);
	free(f);
	return 0;
}

/* The first column of the first row of `sql`, read behind the library's
 * back; -1 when there is none. */
static inline long count_sql(struct fx *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long v = -1;

	sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

#endif
