/*
 * fragment.c - pieces of pages kept once made.
 *
 * Some pages read much of an ISMS to show little: the dashboard counts the
 * whole risk register, and a page of the register is sorted and counted out
 * of all its risks. What such a piece shows depends only on the ISMS's
 * data, the day (treatments fall overdue with the date), the language, the
 * reader's role in the ISMS, and the request's own fields (filters, sort,
 * page). Every change of an ISMS, from this process or any other, appends
 * an audit entry in the same transaction, so the newest entry's id
 * (log_newest, one index probe) tells whether a kept piece still holds.
 *
 * A piece never holds a CSRF token or anything else of one user: callers
 * keep those outside it. The pieces are shared by the worker threads under
 * one lock, bounded in number and in bytes; the least recently used goes
 * first.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/log.h"
#include "isms/xalloc.h"
#include "web.h"

#define SLOTS 256
#define BYTES_MAX (32u << 20)

static struct piece {
	char *key;      /* ISMS, language, role, name and variant */
	uint64_t hash;  /* of key */
	int64_t version; /* the newest audit entry when it was made */
	char day[16];
	char *html;
	size_t len;
	unsigned long used;
} pieces[SLOTS];
static size_t bytes;
static unsigned long clock_;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* The version of the request's ISMS, read once a request; false when it
 * cannot be read (the piece is then made and not kept). */
static bool version(struct req *r, int64_t *ret)
{
	struct isms_err err;

	if (!r->frag_version_read) {
		r->frag_version_read = true;
		if (log_newest(r->ctx, r->isms.id, &r->frag_version, &err))
			r->frag_version = -1;
	}
	*ret = r->frag_version;
	return *ret >= 0;
}

static const char *key_of(struct req *r, const char *name, const char *variant)
{
	return arena_printf(&r->arena, "%lld/%d/%d/%s/%s", (long long)r->isms.id, (int)r->lang,
			    (int)r->role, name, variant ? variant : "");
}

bool fragment_use(struct req *r, const char *name, const char *variant)
{
	const char *key = key_of(r, name, variant), *day = web_today(r);
	uint64_t h = fnv1a(key);
	bool hit = false;
	int64_t v;

	if (!version(r, &v))
		return false;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < SLOTS; i++) {
		struct piece *p = &pieces[i];

		if (p->html && p->hash == h && p->version == v && !strcmp(p->day, day) &&
		    !strcmp(p->key, key)) {
			p->used = ++clock_;
			sbuf_add(&r->out, p->html, p->len);
			hit = true;
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

static void drop(struct piece *p)
{
	bytes -= p->len;
	free(p->key);
	free(p->html);
	memset(p, 0, sizeof(*p));
}

void fragment_keep(struct req *r, const char *name, const char *variant, size_t start)
{
	const char *key = key_of(r, name, variant);
	size_t len = r->out.len - start;
	uint64_t h = fnv1a(key);
	struct piece *slot = NULL;
	int64_t v;

	if (!version(r, &v) || len > BYTES_MAX / 8)
		return;
	pthread_mutex_lock(&lock);
	/* the same key's older piece, else a free slot, else the least
	 * recently used */
	for (size_t i = 0; i < SLOTS; i++) {
		struct piece *p = &pieces[i];

		if (p->html && p->hash == h && !strcmp(p->key, key)) {
			slot = p;
			break;
		}
		if (!slot || (slot->html && (!p->html || p->used < slot->used)))
			slot = p;
	}
	if (slot->html)
		drop(slot);
	/* within the bytes allowed: the least recently used go first */
	while (bytes + len > BYTES_MAX) {
		struct piece *old = NULL;

		for (size_t i = 0; i < SLOTS; i++)
			if (pieces[i].html && (!old || pieces[i].used < old->used))
				old = &pieces[i];
		if (!old)
			break;
		drop(old);
	}
	slot->key = xstrdup(key);
	slot->hash = h;
	slot->version = v;
	snprintf(slot->day, sizeof(slot->day), "%s", web_today(r));
	slot->html = xmalloc(len);
	memcpy(slot->html, r->out.buf + start, len);
	slot->len = len;
	slot->used = ++clock_;
	bytes += len;
	pthread_mutex_unlock(&lock);
}

void fragment_clear(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < SLOTS; i++)
		if (pieces[i].html)
			drop(&pieces[i]);
	pthread_mutex_unlock(&lock);
}
