/* SPDX-License-Identifier: MIT */
/* fragcalc.h: the kernel's fragmentation indices and watermark formulas (no SQL, no text formats). */
#ifndef MW_REPORTS_FRAGCALC_H
#define MW_REPORTS_FRAGCALC_H

#include "memwaste/common.h"
#include "memwaste/record.h"

/*
 * Fragmentation of one zone from its buddy counts (counts[k] = free
 * blocks of 2^k pages), as mm/vmstat.c computes it for debugfs
 * extfrag/unusable_index and extfrag/extfrag_index (kernel-formats.md 13),
 * in the kernel's integer thousandths:
 *
 *   free_pages = sum n_k 2^k, free_blocks = sum n_k,
 *   suitable(o) = sum_{k>=o} n_k 2^(k-o)
 *   unusable(o) = (free_pages - suitable(o) 2^o) * 1000 / free_pages  (1000 if no free page)
 *   extfrag(o)  = 0 if no free block; -1000 if suitable(o) > 0 (the request would succeed);
 *                 else 1000 - (1000 + free_pages * 1000 / 2^o) / free_blocks
 *
 * Unusable towards 1000: that share of the free memory is in blocks too
 * small for order o. Extfrag towards 0: a failure would be for lack of
 * memory; towards 1000: for fragmentation (compaction helps; the kernel
 * compacts above vm.extfrag_threshold, 500 by default).
 */
struct mw_frag {
	unsigned n_orders;
	uint64_t free_pages, free_blocks;
	int largest_order;			/* highest order with a free block, -1 if none */
	int unusable[MW_MAX_ORDERS];		/* thousandths */
	int extfrag[MW_MAX_ORDERS];		/* thousandths, -1000 = would succeed */
	uint64_t suitable[MW_MAX_ORDERS];	/* blocks of order o that the free blocks hold */
};
void mw_frag_compute(const uint64_t *counts, unsigned n_orders, struct mw_frag *ret);

/* floor(sqrt(x)) for 64-bit integers (the kernel's int_sqrt). */
uint64_t mw_int_sqrt(uint64_t x);

/*
 * min_free_kbytes the kernel computes at boot (mm/page_alloc.c
 * calculate_min_free_kbytes()): int_sqrt(lowmem_kb * 16) clamped to
 * [128, clamp_max] kB (65536 in 2.6 to ~5.x, 262144 since).
 */
int64_t mw_min_free_kbytes_formula(int64_t lowmem_kb, int64_t clamp_max);

/*
 * What khugepaged raises min_free_kbytes to when transparent huge pages
 * are enabled (mm/khugepaged.c set_recommended_min_free_kbytes()):
 * pageblock_pages * nr_zones * (2 + 3 * 3) pages, at most 5% of lowmem
 * (lowmem_pages = nr_free_buffer_pages()), in kB.
 */
int64_t mw_min_free_kbytes_thp(unsigned nr_zones, int64_t pageblock_pages, int64_t lowmem_pages, int page_kb);

#endif
