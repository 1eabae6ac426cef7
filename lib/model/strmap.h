/*
 * strmap.h - a string -> index hash map (internal to lib/model).
 *
 * Importers and exporters look rows up by code (assets, risks, library
 * entries) many times; this is an open-addressing table that grows as
 * needed. Keys are not copied: they must outlive the map (an arena, or the
 * rows being indexed). Putting a key again replaces its value. Each slot
 * keeps its key's hash, so that a probe reads a key only when the hashes
 * are equal.
 */
#ifndef ISMS_MODEL_STRMAP_H
#define ISMS_MODEL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	const char *key; /* NULL: empty */
	uint64_t hash;
	size_t val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t size, count;
};

/* An empty map with room for about `expected` keys. */
void strmap_init(struct strmap *m, size_t expected);
void strmap_put(struct strmap *m, const char *key, size_t val);
/* Put `key` only when it is not in the map yet, and say so; when it is,
 * its value goes into *ret_old (when not NULL) and the map is unchanged. */
bool strmap_put_new(struct strmap *m, const char *key, size_t val, size_t *ret_old);
/* Whether `key` is in the map; its value in *ret (when not NULL). */
bool strmap_get(const struct strmap *m, const char *key, size_t *ret);
void strmap_free(struct strmap *m);

#endif
