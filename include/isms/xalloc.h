/*
 * xalloc.h - allocation that never returns NULL.
 *
 * These abort the program when memory runs out, so callers never test the
 * result. `xstrdup(NULL)` returns NULL, for convenience with optional
 * strings. The cleanup attribute helpers follow systemd: a local declared
 * with `_cleanup_free_` is freed when it goes out of scope, and `TAKE_PTR`
 * hands its value over and leaves NULL behind.
 */
#ifndef ISMS_XALLOC_H
#define ISMS_XALLOC_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array to at least `need` elements of `size` bytes, doubling. */
void *xgrow(void *p, size_t *alloc, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline void freep(void *p)
{
	free(*(void **)p);
}

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _cleanup_free_ _cleanup_(freep)
#define TAKE_PTR(p)                         \
	({                                  \
		__typeof__(p) take_ptr_ = (p); \
		(p) = NULL;                 \
		take_ptr_;                  \
	})

#endif
