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
	m->slots = xcalloc(m->size, sizeof(*m->slots));
	m->count = 0;
}

/* The slot of `key`: the one that holds it, or the empty one where it
 * would go. */
static struct strmap_slot *find(const struct strmap *m, const char *key, uint64_t h)
{
	size_t i = h & (m->size - 1);

	for (; m->slots[i].key; i = (i + 1) & (m->size - 1))
		if (m->slots[i].hash == h && !strcmp(m->slots[i].key, key))
			break;
	return &m->slots[i];
}

static void grow(struct strmap *m)
{
	struct strmap bigger;

	strmap_init(&bigger, m->size);
	for (size_t k = 0; k < m->size; k++)
		if (m->slots[k].key)
			*find(&bigger, m->slots[k].key, m->slots[k].hash) = m->slots[k];
	bigger.count = m->count;
	strmap_free(m);
	*m = bigger;
}

/* The slot of `key`, taken for it when the key is new. */
static struct strmap_slot *add(struct strmap *m, const char *key, bool *ret_new)
{
	uint64_t h = hash(key);
	struct strmap_slot *s;

	if (2 * (m->count + 1) > m->size)
		grow(m);
	s = find(m, key, h);
	*ret_new = !s->key;
	if (!s->key) {
		s->key = key;
		s->hash = h;
		m->count++;
	}
	return s;
}

bool strmap_put_new(struct strmap *m, const char *key, size_t val, size_t *ret_old)
{
	bool fresh;
	struct strmap_slot *s = add(m, key, &fresh);

	if (!fresh) {
		if (ret_old)
			*ret_old = s->val;
		return false;
	}
	s->val = val;
	return true;
}

void strmap_put(struct strmap *m, const char *key, size_t val)
{
	bool fresh;

	add(m, key, &fresh)->val = val;
}

bool strmap_get(const struct strmap *m, const char *key, size_t *ret)
{
	const struct strmap_slot *s;

	if (!m->count)
		return false;
	s = find(m, key, hash(key));
	if (!s->key)
		return false;
	if (ret)
		*ret = s->val;
	return true;
}

void strmap_free(struct strmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
