/* strmap.c - the string -> index hash map of the importers and exporters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "isms/xalloc.h"
#include "strmap.h"

/* FNV-1a */
static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

void strmap_init(struct strmap *m, size_t expected)
{
	m->size = 16;
	while (m->size < expected * 2)
		m->size *= 2;
	m->keys = xcalloc(m->size, sizeof(*m->keys));
	m->vals = xcalloc(m->size, sizeof(*m->vals));
	m->count = 0;
}

void strmap_put(struct strmap *m, const char *key, size_t val)
{
	size_t i;

	if (2 * (m->count + 1) > m->size) {
		struct strmap bigger;

		strmap_init(&bigger, m->size);
		for (size_t k = 0; k < m->size; k++)
			if (m->keys[k])
				strmap_put(&bigger, m->keys[k], m->vals[k]);
		strmap_free(m);
		*m = bigger;
	}
	for (i = hash(key) & (m->size - 1); m->keys[i]; i = (i + 1) & (m->size - 1)) {
		if (!strcmp(m->keys[i], key)) {
			m->vals[i] = val;
			return;
		}
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->count++;
}

bool strmap_get(const struct strmap *m, const char *key, size_t *ret)
{
	if (!m->size)
		return false;
	for (size_t i = hash(key) & (m->size - 1); m->keys[i]; i = (i + 1) & (m->size - 1)) {
		if (!strcmp(m->keys[i], key)) {
			if (ret)
				*ret = m->vals[i];
			return true;
		}
	}
	return false;
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
