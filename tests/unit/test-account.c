/* test-account.c - web accounts in the library: sessions, API tokens, throttled logins, the first-run token, reach into ISMS. */
#include "helpers.h"

#include <sqlite3.h>

#include "isms/account.h"
#include "isms/apitoken.h"
#include "isms/arena.h"
#include "isms/isms.h"
#include "isms/session.h"
#include "isms/user.h"

#define PW "correct horse battery"

struct fixture {
	char *dir;
	char *path;
	struct isms_ctx *ctx;
	int64_t a, b; /* two ISMS */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct isms_new na = { .name = "a", .org = "A", .edition = 2022, .lang = ISMS_LANG_EN };
	struct isms_new nb = { .name = "b", .org = "B", .edition = 2013, .lang = ISMS_LANG_JA };
	struct isms_err err;

	f->dir = test_tmpdir();
	if (asprintf(&f->path, "%s/t.db", f->dir) < 0)
		return -1;
	if (isms_ctx_open(f->path, ISMS_OPEN_CREATE, &f->ctx, &err))
		return -1;
	isms_ctx_set_actor(f->ctx, "tester");
	if (isms_create(f->ctx, &na, &f->a, &err) || isms_create(f->ctx, &nb, &f->b, &err))
		return -1;
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

static int64_t add(struct fixture *f, const char *name, int64_t isms, enum isms_role role)
{
	struct isms_err err;
	int64_t id = 0;

	assert_ok(account_add_user(f->ctx, isms, name, NULL, PW, role, &id, &err), &err);
	return id;
}

/* Run SQL behind the library's back, as a clock that moved would. */
static void sql(struct fixture *f, const char *q)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int on_count(void *p, int ncol, char **vals, char **names)
{
	(void)ncol;
	(void)names;
	*(long *)p = strtol(vals[0], NULL, 10);
	return 0;
}

/* The number the query `q` counts, read beside the library's connection. */
static long count(struct fixture *f, const char *q)
{
	sqlite3 *db;
	long n = -1;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, q, on_count, &n, NULL), SQLITE_OK);
	sqlite3_close(db);
	return n;
}

static void test_sessions(void **state)
{
	struct fixture *f = *state;
	struct session_policy p = { .idle = 60, .max_age = 3600 };
	char token[SESSION_TOKEN_HEX], other[SESSION_TOKEN_HEX], csrf1[65], csrf2[65];
	struct arena a = ARENA_INIT;
	struct session_info s;
	struct isms_err err;
	int64_t uid = add(f, "alice", f->a, ROLE_VIEWER);

	assert_ok(session_create(f->ctx, uid, "192.0.2.1", &p, token, &err), &err);
	assert_true(session_token_valid(token));
	assert_ok(session_lookup(f->ctx, &a, token, &p, &s, &err), &err);
	assert_int_equal(s.user_id, uid);
	/* The CSRF token is bound to the session. */
	assert_ok(session_create(f->ctx, uid, "192.0.2.1", &p, other, &err), &err);
	session_csrf(token, csrf1);
	session_csrf(other, csrf2);
	assert_string_not_equal(csrf1, csrf2);
	assert_string_not_equal(csrf1, token);
	/* Idle too long: gone, and deleted. */
	sql(f, "UPDATE web_session SET last_seen = '2000-01-01T00:00:00.000Z'");
	assert_int_equal(session_lookup(f->ctx, &a, token, &p, &s, &err), ISMS_ENOTFOUND);
	assert_string_equal(err.msg, "your session has expired");
	assert_int_equal(session_lookup(f->ctx, &a, token, &p, &s, &err), ISMS_ENOTFOUND);
	assert_string_equal(err.msg, "you are not logged in");
	/* Too old, however busy. */
	assert_ok(session_create(f->ctx, uid, "192.0.2.1", &p, token, &err), &err);
	sql(f, "UPDATE web_session SET created_at = '2000-01-01T00:00:00.000Z'");
	assert_int_equal(session_lookup(f->ctx, &a, token, &p, &s, &err), ISMS_ENOTFOUND);
	/* Logout; then the token is nothing. */
	assert_ok(session_create(f->ctx, uid, "192.0.2.1", &p, token, &err), &err);
	assert_ok(session_end(f->ctx, token, &err), &err);
	assert_int_equal(session_lookup(f->ctx, &a, token, &p, &s, &err), ISMS_ENOTFOUND);
	assert_int_equal(session_lookup(f->ctx, &a, "not a token", &p, &s, &err), ISMS_ENOTFOUND);
	arena_release(&a);
}

/* The two halves of a lookup: the check writes nothing (it may run in a
 * read-only transaction), and leaves what is due to session_settle. */
static void test_session_check_and_settle(void **state)
{
	struct fixture *f = *state;
	struct session_policy p = { .idle = 600, .max_age = 3600 };
	char token[SESSION_TOKEN_HEX];
	struct arena a = ARENA_INIT;
	struct session_info s;
	struct isms_err err;
	int64_t uid = add(f, "sam", f->a, ROLE_VIEWER), tid = 0, who = 0;
	char api[APITOKEN_LEN];

	assert_ok(session_create(f->ctx, uid, "192.0.2.1", &p, token, &err), &err);
	assert_ok(session_check(f->ctx, &a, token, &p, &s, &err), &err);
	assert_false(s.touch_due);
	/* seen long enough ago: due to be touched, and only settle touches */
	sql(f, "UPDATE web_session SET last_seen = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-200 seconds')");
	assert_ok(isms_ctx_begin_read(f->ctx, &err), &err);
	assert_ok(session_check(f->ctx, &a, token, &p, &s, &err), &err);
	isms_ctx_end_read(f->ctx);
	assert_true(s.touch_due);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM web_session WHERE last_seen > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-100 seconds')"), 0);
	assert_ok(session_settle(f->ctx, &a, &s, &err), &err);
	assert_false(s.touch_due);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM web_session WHERE last_seen > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-100 seconds')"), 1);
	/* ended: the check says so and keeps the row; settle deletes it */
	sql(f, "UPDATE web_session SET last_seen = '2000-01-01T00:00:00.000Z'");
	assert_int_equal(session_check(f->ctx, &a, token, &p, &s, &err), ISMS_ENOTFOUND);
	assert_true(s.ended);
	assert_string_equal(err.msg, "your session has expired");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM web_session"), 1);
	assert_ok(session_settle(f->ctx, &a, &s, &err), &err);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM web_session"), 0);
	/* an API token's last use, likewise */
	assert_ok(apitoken_create(f->ctx, uid, "script", api, NULL, &err), &err);
	assert_ok(apitoken_check(f->ctx, api, &who, &tid, &err), &err);
	assert_int_equal(who, uid);
	assert_true(tid > 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM api_token WHERE last_used IS NOT NULL"), 0);
	assert_ok(apitoken_touch(f->ctx, tid, &err), &err);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM api_token WHERE last_used IS NOT NULL"), 1);
	assert_ok(apitoken_check(f->ctx, api, &who, &tid, &err), &err);
	assert_int_equal(tid, 0);
	arena_release(&a);
}

static void test_password_change_ends_other_sessions(void **state)
{
	struct fixture *f = *state;
	struct session_policy p = { .idle = 60, .max_age = 3600 };
	char mine[SESSION_TOKEN_HEX], other[SESSION_TOKEN_HEX];
	struct arena a = ARENA_INIT;
	struct session_info s;
	struct isms_err err;
	int64_t uid = add(f, "bob", f->a, ROLE_OWNER);
	long retry = 0;

	assert_ok(session_create(f->ctx, uid, "::1", &p, mine, &err), &err);
	assert_ok(session_create(f->ctx, uid, "::1", &p, other, &err), &err);
	assert_int_equal(account_change_password(f->ctx, uid, "wrong", "n3w password", mine, "::1",
						 &retry, &err),
			 ISMS_EPERM);
	assert_string_equal(err.field, "old_password");
	assert_int_equal(retry, 0);
	assert_ok(session_lookup(f->ctx, &a, other, &p, &s, &err), &err);
	assert_ok(account_change_password(f->ctx, uid, PW, "n3w password", mine, "::1", &retry, &err),
		  &err);
	assert_ok(session_lookup(f->ctx, &a, mine, &p, &s, &err), &err);
	assert_int_equal(session_lookup(f->ctx, &a, other, &p, &s, &err), ISMS_ENOTFOUND);
	assert_ok(account_set_password(f->ctx, "bob", "reset passw0rd", &err), &err);
	assert_int_equal(session_lookup(f->ctx, &a, mine, &p, &s, &err), ISMS_ENOTFOUND);
	arena_release(&a);
}

static void test_api_tokens(void **state)
{
	struct fixture *f = *state;
	char token[APITOKEN_LEN], t2[APITOKEN_LEN];
	struct apitoken_info *list;
	struct arena a = ARENA_INIT;
	struct isms_err err;
	int64_t uid = add(f, "carol", f->a, ROLE_MANAGER), other = add(f, "dave", f->a, ROLE_VIEWER);
	int64_t id, who = 0;
	size_t n;

	assert_ok(apitoken_create(f->ctx, uid, "export", token, &id, &err), &err);
	assert_int_equal(strncmp(token, "isms_", 5), 0);
	assert_int_equal(strlen(token), APITOKEN_LEN - 1);
	assert_ok(apitoken_lookup(f->ctx, token, &who, &err), &err);
	assert_int_equal(who, uid);
	assert_ok(apitoken_list(f->ctx, &a, uid, &list, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(strncmp(list[0].hint, token, 13), 0);
	assert_int_equal(strlen(list[0].hint), 13);
	/* Only its user revokes it. */
	assert_int_equal(apitoken_revoke(f->ctx, other, id, &err), ISMS_ENOTFOUND);
	assert_ok(apitoken_revoke(f->ctx, uid, id, &err), &err);
	assert_int_equal(apitoken_lookup(f->ctx, token, &who, &err), ISMS_ENOTFOUND);
	assert_int_equal(apitoken_create(f->ctx, uid, "", t2, NULL, &err), ISMS_EINVAL);
	for (int i = 0; i < APITOKEN_PER_USER; i++)
		assert_ok(apitoken_create(f->ctx, uid, "many", t2, NULL, &err), &err);
	assert_int_equal(apitoken_create(f->ctx, uid, "one more", t2, NULL, &err), ISMS_ELIMIT);
	arena_release(&a);
}

static void test_throttle(void **state)
{
	struct fixture *f = *state;
	struct isms_err err;
	int64_t uid = add(f, "erin", f->a, ROLE_VIEWER), got = 0;
	long retry = 0;

	for (int i = 0; i < LOGIN_MAX_USER; i++) {
		assert_int_equal(account_login(f->ctx, "erin", "guess", "198.51.100.7", &got, &retry, &err),
				 ISMS_EPERM);
		assert_int_equal(retry, 0);
	}
	assert_int_equal(account_login(f->ctx, "erin", PW, "198.51.100.7", &got, &retry, &err), ISMS_EPERM);
	assert_true(retry > LOGIN_WINDOW - 60 && retry <= LOGIN_WINDOW);
	assert_string_equal(err.msg, "too many failed logins");
	/* Per account and address: the guesses of one address do not lock
	 * the account's holder out elsewhere. */
	assert_ok(account_login(f->ctx, "erin", PW, "198.51.100.8", &got, &retry, &err), &err);
	assert_int_equal(got, uid);
	assert_int_equal(account_login(f->ctx, "erin", PW, "198.51.100.7", &got, &retry, &err), ISMS_EPERM);
	/* The window ends. */
	sql(f, "UPDATE login_throttle SET window_start = '2000-01-01T00:00:00.000Z'");
	assert_ok(account_login(f->ctx, "erin", PW, "198.51.100.7", &got, &retry, &err), &err);
	assert_int_equal(got, uid);
	/* Per address, across names that do not even exist. */
	for (int i = 0; i < LOGIN_MAX_ADDRESS; i++) {
		char name[32];

		snprintf(name, sizeof(name), "ghost%d", i);
		assert_int_equal(account_login(f->ctx, name, "guess", "203.0.113.9", &got, &retry, &err),
				 ISMS_EPERM);
	}
	assert_int_equal(account_login(f->ctx, "erin", PW, "203.0.113.9", &got, &retry, &err), ISMS_EPERM);
	assert_true(retry > 0);
	assert_ok(account_login(f->ctx, "erin", PW, "203.0.113.10", &got, &retry, &err), &err);
}

static void test_reach(void **state)
{
	struct fixture *f = *state;
	struct account_isms *list;
	struct arena ar = ARENA_INIT;
	struct account acct;
	struct isms_info info;
	enum isms_role role;
	struct isms_err err;
	int64_t frank = add(f, "frank", f->a, ROLE_AUDITOR), root = add(f, "root", f->b, ROLE_ADMIN);
	size_t n;

	assert_ok(account_get(f->ctx, &ar, frank, &acct, &err), &err);
	assert_false(acct.admin);
	assert_ok(account_isms_list(f->ctx, &ar, &acct, &list, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].isms.id, f->a);
	assert_int_equal(list[0].role, ROLE_AUDITOR);
	assert_ok(account_isms(f->ctx, &ar, &acct, f->a, &info, &role, &err), &err);
	assert_int_equal(role, ROLE_AUDITOR);
	/* Another ISMS and one that does not exist answer alike. */
	assert_int_equal(account_isms(f->ctx, &ar, &acct, f->b, &info, &role, &err), ISMS_ENOTFOUND);
	assert_string_equal(err.detail, "It does not exist, or you are not a member of it.");
	assert_int_equal(account_isms(f->ctx, &ar, &acct, 999, &info, &role, &err), ISMS_ENOTFOUND);
	/* An admin anywhere administers everything. */
	assert_ok(account_get(f->ctx, &ar, root, &acct, &err), &err);
	assert_true(acct.admin);
	assert_ok(account_isms(f->ctx, &ar, &acct, f->a, &info, &role, &err), &err);
	assert_int_equal(role, ROLE_ADMIN);
	assert_ok(account_isms_list(f->ctx, &ar, &acct, &list, &n, &err), &err);
	assert_int_equal(n, 2);
	/* The language is remembered. */
	assert_false(acct.lang_set);
	assert_ok(account_set_lang(f->ctx, root, ISMS_LANG_JA, &err), &err);
	assert_ok(account_get(f->ctx, &ar, root, &acct, &err), &err);
	assert_true(acct.lang_set);
	assert_int_equal(acct.lang, ISMS_LANG_JA);
	arena_release(&ar);
}

static void test_setup_token(void **state)
{
	struct fixture *f = *state;
	char token[SETUP_TOKEN_HEX], older[SETUP_TOKEN_HEX];
	struct account_setup s = { .name = "first", .display_name = "First", .password = PW };
	struct isms_err err;
	int64_t id = 0;
	bool none = false;

	assert_ok(account_none(f->ctx, &none, &err), &err);
	assert_true(none);
	assert_ok(account_setup_begin(f->ctx, older, &err), &err);
	assert_ok(account_setup_begin(f->ctx, token, &err), &err);
	/* A new token replaces the older one. */
	assert_int_equal(account_setup_check(f->ctx, older, &err), ISMS_ENOTFOUND);
	assert_ok(account_setup_check(f->ctx, token, &err), &err);
	/* A bad password changes nothing and keeps the token. */
	s.password = "short";
	assert_int_equal(account_setup_finish(f->ctx, token, &s, &id, &err), ISMS_EINVAL);
	assert_ok(account_setup_check(f->ctx, token, &err), &err);
	s.password = PW;
	/* A day later the link is no key. */
	sql(f, "UPDATE setup_token SET created_at = '2000-01-01T00:00:00.000Z'");
	assert_int_equal(account_setup_check(f->ctx, token, &err), ISMS_ENOTFOUND);
	assert_string_equal(err.msg, "this set-up link has expired");
	assert_int_equal(account_setup_finish(f->ctx, token, &s, &id, &err), ISMS_ENOTFOUND);
	assert_ok(account_none(f->ctx, &none, &err), &err);
	assert_true(none);
	sql(f, "UPDATE setup_token SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-23 hours')");
	assert_ok(account_setup_check(f->ctx, token, &err), &err);
	assert_ok(account_setup_finish(f->ctx, token, &s, &id, &err), &err);
	assert_true(id > 0);
	/* Used once; and with users, no new token is made. */
	assert_int_equal(account_setup_finish(f->ctx, token, &s, &id, &err), ISMS_ESTATE);
	assert_int_equal(account_setup_begin(f->ctx, token, &err), ISMS_ESTATE);
	{
		struct arena a = ARENA_INIT;
		struct account acct;
		enum isms_role role;
		struct isms_info info;

		assert_ok(account_get(f->ctx, &a, id, &acct, &err), &err);
		assert_true(acct.admin);
		assert_ok(account_isms(f->ctx, &a, &acct, f->b, &info, &role, &err), &err);
		arena_release(&a);
	}
}

/* Guessing the current password in a password change is throttled like
 * a login; an administrator's reset clears the counts and revokes the
 * user's API tokens. */
static void test_password_change_throttled_and_reset(void **state)
{
	struct fixture *f = *state;
	char token[APITOKEN_LEN];
	struct isms_err err;
	int64_t uid = add(f, "gina", f->a, ROLE_VIEWER), got = 0, who = 0;
	long retry = 0;

	for (int i = 0; i < LOGIN_MAX_USER; i++) {
		assert_int_equal(account_change_password(f->ctx, uid, "guess", "n3w password", NULL,
							 "192.0.2.5", &retry, &err),
				 ISMS_EPERM);
		assert_string_equal(err.field, "old_password");
		assert_int_equal(retry, 0);
	}
	/* Even the right password now waits, for changes and logins alike. */
	assert_int_equal(account_change_password(f->ctx, uid, PW, "n3w password", NULL, "192.0.2.5",
						 &retry, &err),
			 ISMS_EPERM);
	assert_true(retry > 0);
	assert_string_equal(err.msg, "too many failed logins");
	assert_int_equal(account_login(f->ctx, "gina", PW, "192.0.2.5", &got, &retry, &err), ISMS_EPERM);
	assert_true(retry > 0);
	/* The administrator's reset ends the lock-out and the tokens. */
	assert_ok(apitoken_create(f->ctx, uid, "script", token, NULL, &err), &err);
	assert_ok(apitoken_create(f->ctx, uid, "other script", token, NULL, &err), &err);
	assert_ok(account_set_password(f->ctx, "gina", "reset passw0rd", &err), &err);
	assert_int_equal(apitoken_lookup(f->ctx, token, &who, &err), ISMS_ENOTFOUND);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM api_token"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'api_token'"
				  " AND action = 'delete'"), 2);
	assert_ok(account_login(f->ctx, "gina", "reset passw0rd", "192.0.2.5", &got, &retry, &err), &err);
	assert_int_equal(got, uid);
	assert_ok(account_change_password(f->ctx, uid, "reset passw0rd", "n3w password", NULL,
					  "192.0.2.5", &retry, &err),
		  &err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_check_and_settle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_change_ends_other_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_change_throttled_and_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_setup_token, setup, teardown),
	};

	if (!isms_crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
