/*
 * arena.h - a region allocator for one unit of work.
 *
 * Each command and each web request allocates its short-lived data (rows
 * read from the database, formatted strings) from one arena and frees it
 * all at once with `arena_release`. Allocations are 16-byte aligned and
 * never fail (out of memory aborts). Nothing allocated from an arena may
 * be freed on its own or outlive it.
 */
#ifndef ISMS_ARENA_H
#define ISMS_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t total; /* bytes handed out, for limits and tests */
};

#define ARENA_INIT { 0 }

void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_release(struct arena *a);

#endif
