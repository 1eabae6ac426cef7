/* catalog-import.c - benchmark: importing an OSCAL catalogue against jansson loading it. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "isms/catalog.h"
#include "isms/context.h"
#include "isms/isms.h"
#include "isms/util.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : NULL;
	long long reps = 20;
	char dir[] = "/tmp/isms-bench-XXXXXX", db[64];
	struct isms_new n = { .name = "bench", .org = "Bench", .edition = 2022 };
	struct isms_ctx *ctx;
	struct isms_err err;
	double *tj, *tf, *tp, *ti;
	int64_t isms_id;

	if (!path || (argc > 2 && !isms_parse_int(argv[2], 1, 100000, &reps))) {
		fprintf(stderr, "usage: %s OSCAL-CATALOG.json [REPETITIONS]\n", argv[0]);
		return 2;
	}
	if (!isms_crypto_init() || !mkdtemp(dir))
		return 1;
	snprintf(db, sizeof(db), "%s/bench.db", dir);
	if (isms_ctx_open(db, ISMS_OPEN_CREATE, &ctx, &err) || isms_create(ctx, &n, &isms_id, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	tj = calloc((size_t)reps, sizeof(*tj));
	tf = calloc((size_t)reps, sizeof(*tf));
	tp = calloc((size_t)reps, sizeof(*tp));
	ti = calloc((size_t)reps, sizeof(*ti));
	for (long long r = 0; r < reps; r++) {
		struct catalog_read_opts o = { .ident = "bench" };
		char version[32];
		struct catalog *c = NULL;
		json_error_t je;
		json_t *j;
		double t0;

		/* 1. jansson alone: the floor for reading the same bytes as JSON,
		 * without and with freeing the tree (our import frees its own) */
		t0 = now();
		j = json_load_file(path, 0, &je);
		tj[r] = now() - t0;
		if (!j) {
			fprintf(stderr, "bench: %s\n", je.text);
			return 1;
		}
		json_decref(j);
		tf[r] = now() - t0;

		/* 2. our reader: jansson plus walking groups, controls and prose */
		t0 = now();
		if (catalog_load_file(path, &o, &c, &err)) {
			fprintf(stderr, "bench: %s\n", err.msg);
			return 1;
		}
		catalog_free(c);
		tp[r] = now() - t0;

		/* 3. the whole import: read, check, store in one transaction
		 * (a new version each time, so every round inserts) */
		snprintf(version, sizeof(version), "r%lld", r);
		o.version = version;
		t0 = now();
		if (catalog_load_file(path, &o, &c, &err) || catalog_import(ctx, isms_id, c, NULL, &err)) {
			fprintf(stderr, "bench: %s\n", err.msg);
			return 1;
		}
		catalog_free(c);
		ti[r] = now() - t0;
	}
	{
		double mj = median(tj, (int)reps), mf = median(tf, (int)reps);
		double mp = median(tp, (int)reps), mi = median(ti, (int)reps);

		printf("file: %s\n", path);
		printf("repetitions: %lld (medians below)\n", reps);
		printf("jansson json_load_file:                 %8.3f ms\n", mj * 1e3);
		printf("jansson json_load_file + json_decref:   %8.3f ms\n", mf * 1e3);
		printf("isms parse (catalog_load_file + free):  %8.3f ms  = %.2f x load, %.2f x load+free\n",
		       mp * 1e3, mp / mj, mp / mf);
		printf("isms import (parse + store + free):     %8.3f ms  = %.2f x load, %.2f x load+free\n",
		       mi * 1e3, mi / mj, mi / mf);
	}
	free(tj);
	free(tf);
	free(tp);
	free(ti);
	isms_ctx_free(ctx);
	unlink(db);
	{
		char wal[80], shm[80];

		snprintf(wal, sizeof(wal), "%s-wal", db);
		snprintf(shm, sizeof(shm), "%s-shm", db);
		unlink(wal);
		unlink(shm);
	}
	rmdir(dir);
	return 0;
}
