/*
 * vec.h - growing arrays inside an arena (internal to lib/model).
 *
 * Rows read from the database are collected into arena arrays whose final
 * size is not known in advance; `arena_vec_grow` returns an array with
 * room for at least `need` elements, copying the `n` already there. The
 * old array is left to the arena.
 */
#ifndef ISMS_MODEL_VEC_H
#define ISMS_MODEL_VEC_H

#include <string.h>

#include "isms/arena.h"

static inline void *arena_vec_grow(struct arena *a, void *p, size_t n, size_t *alloc, size_t need,
				   size_t size)
{
	void *bigger;

	if (need <= *alloc)
		return p;
	while (*alloc < need)
		*alloc = *alloc ? *alloc * 2 : 16;
	bigger = arena_alloc(a, *alloc * size);
	if (n)
		memcpy(bigger, p, n * size);
	return bigger;
}

#endif
