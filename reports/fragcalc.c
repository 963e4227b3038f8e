/* SPDX-License-Identifier: MIT */
/* fragcalc.c: the kernel's fragmentation indices and watermark formulas (fragcalc.h). */
#include "fragcalc.h"
#include "memwaste/banned.h"

void mw_frag_compute(const uint64_t *counts, unsigned n_orders, struct mw_frag *ret)
{
	unsigned n = n_orders > MW_MAX_ORDERS ? MW_MAX_ORDERS : n_orders;

	ret->n_orders = n;
	ret->free_pages = ret->free_blocks = 0;
	ret->largest_order = -1;
	for (unsigned k = 0; k < n; k++) {
		ret->free_blocks += counts[k];
		ret->free_pages += counts[k] << k;
		if (counts[k])
			ret->largest_order = (int)k;
	}
	for (unsigned o = 0; o < n; o++) {
		uint64_t suitable = 0;
		for (unsigned k = o; k < n; k++)
			suitable += counts[k] << (k - o);
		ret->suitable[o] = suitable;
		ret->unusable[o] = ret->free_pages ? (int)((ret->free_pages - (suitable << o)) * 1000 / ret->free_pages) : 1000;
		if (!ret->free_blocks)
			ret->extfrag[o] = 0;
		else if (suitable)
			ret->extfrag[o] = -1000;
		else
			ret->extfrag[o] = 1000 - (int)((1000 + ret->free_pages * 1000 / (UINT64_C(1) << o)) / ret->free_blocks);
	}
}

uint64_t mw_int_sqrt(uint64_t x)
{
	uint64_t r = 0, bit = UINT64_C(1) << 62;
	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

int64_t mw_min_free_kbytes_formula(int64_t lowmem_kb, int64_t clamp_max)
{
	int64_t v;
	if (lowmem_kb <= 0)
		return 128;
	v = (int64_t)mw_int_sqrt((uint64_t)lowmem_kb * 16);
	if (v < 128)
		v = 128;
	if (v > clamp_max)
		v = clamp_max;
	return v;
}

int64_t mw_min_free_kbytes_thp(unsigned nr_zones, int64_t pageblock_pages, int64_t lowmem_pages, int page_kb)
{
	int64_t pages = pageblock_pages * (int64_t)nr_zones * 2 + pageblock_pages * (int64_t)nr_zones * 3 * 3;
	if (lowmem_pages >= 0 && pages > lowmem_pages / 20)
		pages = lowmem_pages / 20;
	return pages * page_kb;
}
