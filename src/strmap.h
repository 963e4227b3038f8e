/* SPDX-License-Identifier: MIT */
/* strmap.h: string -> int64 open-addressing map (the store's key-id caches). */
#ifndef MW_STRMAP_H
#define MW_STRMAP_H

#include "memwaste/common.h"

struct mw_strmap_entry {
	char *key;
	size_t len;
	uint64_t hash;
	int64_t value;
};

struct mw_strmap {
	struct mw_strmap_entry *slots;
	size_t n, cap;
};

void mw_strmap_init(struct mw_strmap *m);
void mw_strmap_release(struct mw_strmap *m);
/* Pointer to the value for key (len bytes), or NULL. */
int64_t *mw_strmap_get(const struct mw_strmap *m, const char *key, size_t len);
/* Inserts or updates. */
void mw_strmap_put(struct mw_strmap *m, const char *key, size_t len, int64_t value);
/* Iteration: index from 0; returns the next used slot index >= i, or SIZE_MAX. */
size_t mw_strmap_next(const struct mw_strmap *m, size_t i);

#endif
