/* test-store.c - the store: migrations, versions, transactions, isolation between ISMS, the audit chain. */
#include "helpers.h"

#include <sqlite3.h>

#include "isms/approval.h"
#include "isms/isms.h"
#include "isms/log.h"
#include "isms/session.h"
#include "isms/user.h"
#include "model/model.h"
#include "store/store.h"

struct fixture {
	char *dir;
	char *path;
	struct isms_ctx *ctx;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct isms_err err;

	f->dir = test_tmpdir();
	if (asprintf(&f->path, "%s/t.db", f->dir) < 0)
		return -1;
	if (isms_ctx_open(f->path, ISMS_OPEN_CREATE, &f->ctx, &err)) {
		fprintf(stderr, "open: %s\n", err.msg);
		return -1;
	}
	isms_ctx_set_actor(f->ctx, "tester");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	isms_ctx_free(f->ctx);
	test_rmrf(f->dir);
	free(f->path);
	free(f->dir);
	free(f);
	return 0;
}

static int64_t make_isms(struct isms_ctx *ctx, const char *name, int edition)
{
	struct isms_new n = { .name = name, .org = name, .edition = edition, .lang = ISMS_LANG_EN };
	struct isms_err err;
	int64_t id = 0;

	assert_ok(isms_create(ctx, &n, &id, &err), &err);
	return id;
}

static void test_schema_is_current(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(isms_ctx_schema_version(f->ctx), store_latest_version("sqlite"));
	assert_true(isms_ctx_schema_version(f->ctx) >= 1);
}

/* Every table holding ISMS data carries the ISMS's id, so that every query
 * can be scoped to one ISMS. The installation-wide tables are listed. */
static void test_every_domain_table_has_isms_id(void **state)
{
	static const char *const installation_wide[] = {
		"schema_version", "setting", "isms", "app_user", "audit_log",
		/* web sessions and tokens belong to users, not to an ISMS */
		"session", "api_token", "login_attempt", "setup_token",
		"web_session", "login_throttle", "user_pref", /* 0006-web.sql */
	};
	struct fixture *f = *state;
	sqlite3 *db;
	sqlite3_stmt *tables;
	int checked = 0;

	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
		-1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		bool exempt = false, has = false, notnull = false;
		char *sql;
		sqlite3_stmt *cols;

		for (size_t i = 0; i < sizeof(installation_wide) / sizeof(*installation_wide); i++)
			exempt |= !strcmp(name, installation_wide[i]);
		if (exempt)
			continue;
		sql = sqlite3_mprintf("PRAGMA table_info(\"%w\")", name);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &cols, NULL), SQLITE_OK);
		while (sqlite3_step(cols) == SQLITE_ROW) {
			if (!strcmp((const char *)sqlite3_column_text(cols, 1), "isms_id")) {
				has = true;
				notnull = sqlite3_column_int(cols, 3) != 0;
			}
		}
		sqlite3_finalize(cols);
		sqlite3_free(sql);
		if (!has || !notnull)
			print_error("table %s lacks a NOT NULL isms_id column\n", name);
		assert_true(has && notnull);
		checked++;
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	assert_true(checked >= 2); /* membership, approval at least */
}

/* Nothing of one ISMS is visible through another. */
static void test_isolation(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct isms_err err;
	struct user_info *users;
	struct log_entry *log;
	struct approval *apps, ap;
	struct log_filter lf = { 0 };
	int64_t ia = make_isms(f->ctx, "A", 2022), ib = make_isms(f->ctx, "B", 2013);
	size_t n;
	bool found;

	assert_ok(user_add(f->ctx, "boss", NULL, "a-long-password", NULL, &err), &err);
	assert_ok(user_role_set(f->ctx, ia, "boss", ROLE_APPROVER, &err), &err);
	isms_ctx_set_actor(f->ctx, "boss");
	assert_ok(approval_record(f->ctx, ia, &(struct approval_new){
		.subject = "scope", .subject_id = "1", .snapshot = "{\"v\":1}" }, NULL, &err), &err);

	/* roles */
	assert_ok(user_list(f->ctx, &a, ib, &users, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(users[0].role, ROLE_NONE);
	assert_ok(user_list(f->ctx, &a, ia, &users, &n, &err), &err);
	assert_int_equal(users[0].role, ROLE_APPROVER);

	/* approvals: the approver of A is not an approver of B */
	assert_int_equal(approval_record(f->ctx, ib, &(struct approval_new){
		.subject = "scope", .subject_id = "1", .snapshot = "{}" }, NULL, &err), ISMS_EPERM);
	assert_ok(approval_list(f->ctx, &a, ib, NULL, &apps, &n, &err), &err);
	assert_int_equal(n, 0);
	assert_ok(approval_latest(f->ctx, &a, ib, "scope", "1", &ap, &found, &err), &err);
	assert_false(found);
	assert_ok(approval_list(f->ctx, &a, ia, NULL, &apps, &n, &err), &err);
	assert_int_equal(n, 1);

	/* the audit log of B holds B's own entries and installation-wide ones only */
	lf.isms_id = ib;
	assert_ok(log_list(f->ctx, &a, &lf, &log, &n, &err), &err);
	for (size_t i = 0; i < n; i++)
		assert_true(log[i].isms_id == ib || log[i].isms_id == 0);
	lf.isms_id = ia;
	assert_ok(log_list(f->ctx, &a, &lf, &log, &n, &err), &err);
	{
		bool saw_approval = false;

		for (size_t i = 0; i < n; i++) {
			assert_true(log[i].isms_id == ia || log[i].isms_id == 0);
			saw_approval |= !strcmp(log[i].entity, "approval");
		}
		assert_true(saw_approval);
	}
	arena_release(&a);
}

/* A failed write leaves nothing behind: not the row, not the log entry. */
static void test_failed_write_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct isms_new dup = { .name = "A", .org = "Other", .edition = 2022 };
	struct arena a = ARENA_INIT;
	struct log_filter lf = { 0 };
	struct log_entry *log;
	struct isms_info *rows;
	struct isms_err err;
	size_t n_before, n_after, n;

	make_isms(f->ctx, "A", 2022);
	assert_ok(log_list(f->ctx, &a, &lf, &log, &n_before, &err), &err);
	assert_int_equal(isms_create(f->ctx, &dup, NULL, &err), ISMS_EEXIST);
	assert_string_equal(err.field, "name");
	dup.name = "C";
	dup.edition = 2019;
	assert_int_equal(isms_create(f->ctx, &dup, NULL, &err), ISMS_EINVAL);
	assert_ok(log_list(f->ctx, &a, &lf, &log, &n_after, &err), &err);
	assert_int_equal(n_before, n_after);
	assert_ok(isms_list(f->ctx, &a, &rows, &n, &err), &err);
	assert_int_equal(n, 1);

	/* a nested rollback makes the outer commit fail */
	assert_ok(store_begin(f->ctx->st, &err), &err);
	assert_ok(store_begin(f->ctx->st, &err), &err);
	store_rollback(f->ctx->st);
	assert_int_not_equal(store_commit(f->ctx->st, &err), ISMS_OK);
	arena_release(&a);
}

/* A read-only unit of work: one snapshot for all its reads; a write inside
 * it is refused (it would have to upgrade the snapshot) and leaves the data
 * as it was; afterwards writes work again. */
static void test_read_transaction(void **state)
{
	struct fixture *f = *state;
	struct isms_new n = { .name = "R", .org = "R", .edition = 2022, .lang = ISMS_LANG_EN };
	struct arena a = ARENA_INIT;
	struct isms_info *rows;
	struct isms_err err;
	size_t count;

	make_isms(f->ctx, "A", 2022);
	assert_ok(isms_ctx_begin_read(f->ctx, &err), &err);
	assert_ok(isms_list(f->ctx, &a, &rows, &count, &err), &err);
	assert_int_equal(count, 1);
	assert_int_equal(isms_create(f->ctx, &n, NULL, &err), ISMS_EINTERNAL);
	assert_non_null(strstr(err.msg, "read-only transaction"));
	assert_ok(isms_list(f->ctx, &a, &rows, &count, &err), &err);
	assert_int_equal(count, 1);
	isms_ctx_end_read(f->ctx);
	assert_ok(isms_create(f->ctx, &n, NULL, &err), &err);
	assert_ok(isms_list(f->ctx, &a, &rows, &count, &err), &err);
	assert_int_equal(count, 2);
	arena_release(&a);
}

static long synchronous(struct fixture *f)
{
	struct isms_err err;
	struct stmt *q = store_query(f->ctx->st, "PRAGMA synchronous", &err);
	long v = -1;

	assert_non_null(q);
	if (stmt_next(q, &err) > 0)
		v = (long)stmt_int(q, 0);
	stmt_run(q, &err);
	return v;
}

/* A relaxed write commits without waiting for the disk, and only it: the
 * connection is back to FULL after its commit or its rollback, and a
 * relaxed write nested in a normal one is that one. */
static void test_relaxed_write(void **state)
{
	struct fixture *f = *state;
	struct isms_new n = { .name = "R", .org = "R", .edition = 2022, .lang = ISMS_LANG_EN };
	struct arena a = ARENA_INIT;
	struct isms_info *rows;
	struct isms_err err;
	size_t count;

	assert_int_equal(synchronous(f), 2);
	assert_ok(store_begin_relaxed(f->ctx->st, &err), &err);
	assert_int_equal(synchronous(f), 1);
	assert_ok(isms_create(f->ctx, &n, NULL, &err), &err);
	assert_ok(store_commit(f->ctx->st, &err), &err);
	assert_int_equal(synchronous(f), 2);
	assert_ok(isms_list(f->ctx, &a, &rows, &count, &err), &err);
	assert_int_equal(count, 1);
	assert_ok(store_begin_relaxed(f->ctx->st, &err), &err);
	store_rollback(f->ctx->st);
	assert_int_equal(synchronous(f), 2);
	assert_ok(store_begin(f->ctx->st, &err), &err);
	assert_ok(store_begin_relaxed(f->ctx->st, &err), &err);
	assert_int_equal(synchronous(f), 2);
	assert_ok(store_commit(f->ctx->st, &err), &err);
	assert_ok(store_commit(f->ctx->st, &err), &err);
	assert_int_equal(synchronous(f), 2);
	arena_release(&a);
}

/* The newest audit entry of an ISMS: its own changes and the database's
 * move it, another ISMS's do not. */
static void test_log_newest(void **state)
{
	struct fixture *f = *state;
	int64_t a = make_isms(f->ctx, "A", 2022), b, v1, v2, v3, v4, zoe = 0;
	struct isms_err err;

	assert_ok(log_newest(f->ctx, a, &v1, &err), &err);
	assert_true(v1 > 0);
	b = make_isms(f->ctx, "B", 2022);
	assert_ok(log_newest(f->ctx, a, &v2, &err), &err);
	assert_int_equal(v2, v1);
	/* a user is the database's: every ISMS sees it */
	assert_ok(user_add(f->ctx, "zoe", "Zoe", "a long password", &zoe, &err), &err);
	assert_ok(log_newest(f->ctx, a, &v3, &err), &err);
	assert_true(v3 > v2);
	assert_ok(log_newest(f->ctx, b, &v4, &err), &err);
	assert_int_equal(v4, v3);
	/* a role in A is A's */
	assert_ok(user_role_set(f->ctx, a, "zoe", ROLE_OWNER, &err), &err);
	assert_ok(log_newest(f->ctx, a, &v1, &err), &err);
	assert_true(v1 > v3);
	assert_ok(log_newest(f->ctx, b, &v2, &err), &err);
	assert_int_equal(v2, v3);
	/* a login changes no page */
	{
		struct session_policy p = { .idle = 60, .max_age = 3600 };
		char token[SESSION_TOKEN_HEX];

		assert_ok(session_create(f->ctx, zoe, "::1", &p, token, &err), &err);
		assert_ok(session_end(f->ctx, token, &err), &err);
		assert_ok(log_newest(f->ctx, a, &v2, &err), &err);
		assert_int_equal(v2, v1);
	}
}

static void test_audit_chain_detects_tampering(void **state)
{
	struct fixture *f = *state;
	struct isms_err err;
	int64_t count = 0, bad = 0;
	sqlite3 *db;

	make_isms(f->ctx, "A", 2022);
	make_isms(f->ctx, "B", 2022);
	assert_ok(user_add(f->ctx, "u1", "User One", "password-1", NULL, &err), &err);
	assert_ok(log_verify(f->ctx, &count, &bad, &err), &err);
	assert_true(count >= 4);

	/* the log is append-only in the database itself */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE audit_log SET actor = 'x' WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit_log WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);

	/* behind the library's back, with the guard removed */
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER audit_log_no_update;"
				      "UPDATE audit_log SET actor = 'mallory' WHERE id = 3", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(log_verify(f->ctx, &count, &bad, &err), ISMS_ETAMPER);
	assert_int_equal(bad, 3);
	assert_non_null(strstr(err.msg, "3"));
}

static void test_audit_chain_detects_deletion(void **state)
{
	struct fixture *f = *state;
	struct isms_err err;
	int64_t count = 0, bad = 0;
	sqlite3 *db;

	make_isms(f->ctx, "A", 2022);
	make_isms(f->ctx, "B", 2022);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER audit_log_no_delete;"
				      "DELETE FROM audit_log WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(log_verify(f->ctx, &count, &bad, &err), ISMS_ETAMPER);
	assert_int_equal(bad, 2);
}

static void test_newer_schema_is_refused_untouched(void **state)
{
	struct fixture *f = *state;
	struct isms_ctx *ctx2 = NULL;
	struct isms_err err;
	sqlite3 *db;
	char *before, *after;

	make_isms(f->ctx, "A", 2022);
	isms_ctx_free(f->ctx);
	f->ctx = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode = DELETE; INSERT INTO schema_version VALUES (5000, 'x')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	if (asprintf(&before, "sha256sum '%s' > '%s.sum1'", f->path, f->path) < 0 || system(before))
		fail();
	assert_int_equal(isms_ctx_open(f->path, 0, &ctx2, &err), ISMS_EVERSION);
	assert_null(ctx2);
	assert_non_null(strstr(err.detail, "5000"));
	if (asprintf(&after, "sha256sum '%s' | cmp -s - '%s.sum1'", f->path, f->path) < 0)
		fail();
	assert_int_equal(system(after), 0);
	free(before);
	free(after);
	/* reopen something for teardown */
	assert_ok(isms_ctx_open(":memory:", ISMS_OPEN_CREATE, &f->ctx, &err), &err);
}

/* Every migration is recorded; one that is missing from a database (it
 * arrived with a lower number than the newest applied one) is applied on
 * the next open that may write, and a read-only open refuses the database. */
static void test_missing_migration_is_applied(void **state)
{
	struct fixture *f = *state;
	struct isms_ctx *ro = NULL;
	struct isms_err err;
	sqlite3 *db;
	sqlite3_stmt *q;
	int n = -1;

	isms_ctx_free(f->ctx);
	f->ctx = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE approval; DELETE FROM schema_version WHERE version = 5",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(isms_ctx_open(f->path, ISMS_OPEN_READONLY, &ro, &err), ISMS_ESTATE);
	assert_non_null(strstr(err.msg, "needs an upgrade"));
	assert_ok(isms_ctx_open(f->path, 0, &f->ctx, &err), &err);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'approval'", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	assert_int_equal(n, 1);
}

static void test_postgres_is_refused(void **state)
{
	struct isms_ctx *ctx = NULL;
	struct isms_err err;

	(void)state;
	assert_int_equal(isms_ctx_open("postgres://localhost/x", 0, &ctx, &err), ISMS_ENOTSUP);
	assert_non_null(strstr(err.msg, "PostgreSQL"));
	assert_null(ctx);
}

static void test_sqlite_url_and_reopen(void **state)
{
	struct fixture *f = *state;
	struct isms_ctx *ctx2;
	struct isms_err err;
	struct isms_info info;
	struct arena a = ARENA_INIT;
	char *url;

	make_isms(f->ctx, "A", 2005);
	if (asprintf(&url, "sqlite:%s", f->path) < 0)
		fail();
	assert_ok(isms_ctx_open(url, ISMS_OPEN_READONLY, &ctx2, &err), &err);
	assert_ok(isms_resolve(ctx2, &a, NULL, &info, &err), &err);
	assert_string_equal(info.name, "A");
	assert_int_equal(info.edition, 2005);
	assert_true(info.is_default);
	/* a read-only context refuses to write */
	assert_int_equal(isms_create(ctx2, &(struct isms_new){ .org = "X", .edition = 2022 }, NULL, &err),
			 ISMS_EREADONLY);
	isms_ctx_free(ctx2);
	free(url);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schema_is_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_domain_table_has_isms_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_isolation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_write_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_newest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relaxed_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_chain_detects_tampering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_chain_detects_deletion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_is_refused_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_migration_is_applied, setup, teardown),
		cmocka_unit_test(test_postgres_is_refused),
		cmocka_unit_test_setup_teardown(test_sqlite_url_and_reopen, setup, teardown),
	};

	if (!isms_crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
