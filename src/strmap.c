/* SPDX-License-Identifier: MIT */
/* strmap.c: string -> int64 map with linear probing. */
#include <string.h>
#include "strmap.h"
#include "memwaste/banned.h"

/*
 * Eight bytes a step with a multiply-xorshift mix (the murmur3 finaliser
 * constants): the store looks up a cache or key name for every line of a
 * capture, and FNV-1a's byte loop was a visible share of an import.
 */
static uint64_t hash(const char *p, size_t n)
{
	uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)n, w;
	while (n >= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
		h ^= h >> 32;
		p += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, p, n);
	h = (h ^ w) * UINT64_C(0xc4ceb9fe1a85ec53);
	return h ^ (h >> 29);
}

void mw_strmap_init(struct mw_strmap *m)
{
	m->slots = NULL;
	m->n = m->cap = 0;
}

void mw_strmap_release(struct mw_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	mw_strmap_init(m);
}

static struct mw_strmap_entry *find(const struct mw_strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t i;
	if (!m->cap)
		return NULL;
	for (i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct mw_strmap_entry *e = &m->slots[i];
		if (!e->key)
			return e;
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
			return e;
	}
}

int64_t *mw_strmap_get(const struct mw_strmap *m, const char *key, size_t len)
{
	struct mw_strmap_entry *e = find(m, key, len, hash(key, len));
	return e && e->key ? &e->value : NULL;
}

static void grow(struct mw_strmap *m)
{
	struct mw_strmap_entry *old = m->slots;
	size_t oldcap = m->cap;
	m->cap = m->cap ? m->cap * 2 : 64;
	m->slots = mw_xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].key) {
			struct mw_strmap_entry *e = find(m, old[i].key, old[i].len, old[i].hash);
			*e = old[i];
		}
	}
	free(old);
}

void mw_strmap_put(struct mw_strmap *m, const char *key, size_t len, int64_t value)
{
	uint64_t h = hash(key, len);
	struct mw_strmap_entry *e;
	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	e = find(m, key, len, h);
	if (!e->key) {
		e->key = mw_xstrndup(key, len);
		e->len = len;
		e->hash = h;
		m->n++;
	}
	e->value = value;
}

size_t mw_strmap_next(const struct mw_strmap *m, size_t i)
{
	for (; i < m->cap; i++)
		if (m->slots[i].key)
			return i;
	return SIZE_MAX;
}
