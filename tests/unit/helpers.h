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

#include "isms/context.h"
#include "isms/err.h"
#include "isms/i18n.h"
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

#endif
