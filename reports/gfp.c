/* SPDX-License-Identifier: MIT */
/*
 * gfp.c: the GFP flag layouts of every kernel era as data, and the
 * decoder the events report and `memwaste explain` use (gfp.h). Values
 * and eras: ../shared/spec/gfp-flags.md sections 2 and 3, taken from the
 * kernel's include/linux/gfp.h (include/linux/gfp_types.h from 6.0) of
 * each era. Flags that came or went inside an era carry the releases
 * that bound them; where a release is only approximately known the
 * bound is the spec's best estimate.
 */
#include <stdio.h>
#include <string.h>
#include "bootcalc.h"
#include "memwaste/gfp.h"
#include "memwaste/banned.h"

#define V(a, b, c) MW_KVER(a, b, c)
#define FLAGS(t) t, MW_ARRAY_SIZE(t)

/* 2.6.0 .. 2.6.30: bits appended over the years, 0x8 unused until MOVABLE moved there in 2.6.31. */
static const struct mw_gfp_flag era_2_6_11[] = {
	{ "__GFP_DMA", 0x01, 0, 0, NULL },
	{ "__GFP_HIGHMEM", 0x02, 0, 0, NULL },
	{ "__GFP_DMA32", 0x04, V(2, 6, 15), 0, "0x01 with CONFIG_DMA_IS_DMA32 and 0 on 32-bit in 2.6.15 .. 2.6.18" },
	{ "__GFP_WAIT", 0x10, 0, 0, NULL },
	{ "__GFP_HIGH", 0x20, 0, 0, NULL },
	{ "__GFP_IO", 0x40, 0, 0, NULL },
	{ "__GFP_FS", 0x80, 0, 0, NULL },
	{ "__GFP_COLD", 0x100, 0, 0, NULL },
	{ "__GFP_NOWARN", 0x200, 0, 0, NULL },
	{ "__GFP_REPEAT", 0x400, 0, 0, NULL },
	{ "__GFP_NOFAIL", 0x800, 0, 0, NULL },
	{ "__GFP_NORETRY", 0x1000, 0, 0, NULL },
	{ "__GFP_NO_GROW", 0x2000, 0, V(2, 6, 23), "slab-internal" },
	{ "__GFP_COMP", 0x4000, 0, 0, NULL },
	{ "__GFP_ZERO", 0x8000, 0, 0, NULL },
	{ "__GFP_NOMEMALLOC", 0x10000, V(2, 6, 12), 0, NULL },
	{ "__GFP_HARDWALL", 0x20000, V(2, 6, 14), 0, NULL },
	{ "__GFP_THISNODE", 0x40000, V(2, 6, 19), 0, NULL },
	{ "__GFP_RECLAIMABLE", 0x80000, V(2, 6, 23), 0, NULL },
	{ "__GFP_MOVABLE", 0x100000, V(2, 6, 23), 0, NULL },
};

/* 2.6.31 .. 4.3: MOVABLE became a zone modifier (0x8); THP, memcg and kmemcheck bits above. */
static const struct mw_gfp_flag era_2_6_31[] = {
	{ "__GFP_DMA", 0x01, 0, 0, NULL },
	{ "__GFP_HIGHMEM", 0x02, 0, 0, NULL },
	{ "__GFP_DMA32", 0x04, 0, 0, NULL },
	{ "__GFP_MOVABLE", 0x08, 0, 0, NULL },
	{ "__GFP_WAIT", 0x10, 0, 0, NULL },
	{ "__GFP_HIGH", 0x20, 0, 0, NULL },
	{ "__GFP_IO", 0x40, 0, 0, NULL },
	{ "__GFP_FS", 0x80, 0, 0, NULL },
	{ "__GFP_COLD", 0x100, 0, 0, NULL },
	{ "__GFP_NOWARN", 0x200, 0, 0, NULL },
	{ "__GFP_REPEAT", 0x400, 0, 0, NULL },
	{ "__GFP_NOFAIL", 0x800, 0, 0, NULL },
	{ "__GFP_NORETRY", 0x1000, 0, 0, NULL },
	{ "__GFP_MEMALLOC", 0x2000, V(3, 6, 0), 0, NULL },
	{ "__GFP_COMP", 0x4000, 0, 0, NULL },
	{ "__GFP_ZERO", 0x8000, 0, 0, NULL },
	{ "__GFP_NOMEMALLOC", 0x10000, 0, 0, NULL },
	{ "__GFP_HARDWALL", 0x20000, 0, 0, NULL },
	{ "__GFP_THISNODE", 0x40000, 0, 0, NULL },
	{ "__GFP_RECLAIMABLE", 0x80000, 0, 0, NULL },
	{ "__GFP_KMEMCG", 0x100000, V(3, 8, 0), V(3, 15, 0), NULL },
	{ "__GFP_NOACCOUNT", 0x100000, V(4, 2, 0), 0, NULL },
	{ "__GFP_NOTRACK", 0x200000, 0, 0, "only with CONFIG_KMEMCHECK" },
	{ "__GFP_NO_KSWAPD", 0x400000, V(2, 6, 38), 0, NULL },
	{ "__GFP_OTHER_NODE", 0x800000, V(2, 6, 38), 0, NULL },
	{ "__GFP_WRITE", 0x1000000, V(3, 2, 0), 0, NULL },
};

/* 4.4 .. 4.9: Mel Gorman's rework: WAIT gone, DIRECT_RECLAIM and KSWAPD_RECLAIM, ATOMIC. */
static const struct mw_gfp_flag era_4_4[] = {
	{ "__GFP_DMA", 0x01, 0, 0, NULL },
	{ "__GFP_HIGHMEM", 0x02, 0, 0, NULL },
	{ "__GFP_DMA32", 0x04, 0, 0, NULL },
	{ "__GFP_MOVABLE", 0x08, 0, 0, NULL },
	{ "__GFP_RECLAIMABLE", 0x10, 0, 0, NULL },
	{ "__GFP_HIGH", 0x20, 0, 0, NULL },
	{ "__GFP_IO", 0x40, 0, 0, NULL },
	{ "__GFP_FS", 0x80, 0, 0, NULL },
	{ "__GFP_COLD", 0x100, 0, 0, NULL },
	{ "__GFP_NOWARN", 0x200, 0, 0, NULL },
	{ "__GFP_REPEAT", 0x400, 0, 0, NULL },
	{ "__GFP_NOFAIL", 0x800, 0, 0, NULL },
	{ "__GFP_NORETRY", 0x1000, 0, 0, NULL },
	{ "__GFP_MEMALLOC", 0x2000, 0, 0, NULL },
	{ "__GFP_COMP", 0x4000, 0, 0, NULL },
	{ "__GFP_ZERO", 0x8000, 0, 0, NULL },
	{ "__GFP_NOMEMALLOC", 0x10000, 0, 0, NULL },
	{ "__GFP_HARDWALL", 0x20000, 0, 0, NULL },
	{ "__GFP_THISNODE", 0x40000, 0, 0, NULL },
	{ "__GFP_ATOMIC", 0x80000, 0, 0, NULL },
	{ "__GFP_NOACCOUNT", 0x100000, 0, V(4, 5, 0), NULL },
	{ "__GFP_ACCOUNT", 0x100000, V(4, 5, 0), 0, NULL },
	{ "__GFP_NOTRACK", 0x200000, 0, 0, "only with CONFIG_KMEMCHECK" },
	{ "__GFP_DIRECT_RECLAIM", 0x400000, 0, 0, NULL },
	{ "__GFP_OTHER_NODE", 0x800000, 0, 0, NULL },
	{ "__GFP_WRITE", 0x1000000, 0, 0, NULL },
	{ "__GFP_KSWAPD_RECLAIM", 0x2000000, 0, 0, NULL },
};

/* 4.10 .. 4.14: OTHER_NODE removed, the bits above it moved down one. */
static const struct mw_gfp_flag era_4_10[] = {
	{ "__GFP_DMA", 0x01, 0, 0, NULL },
	{ "__GFP_HIGHMEM", 0x02, 0, 0, NULL },
	{ "__GFP_DMA32", 0x04, 0, 0, NULL },
	{ "__GFP_MOVABLE", 0x08, 0, 0, NULL },
	{ "__GFP_RECLAIMABLE", 0x10, 0, 0, NULL },
	{ "__GFP_HIGH", 0x20, 0, 0, NULL },
	{ "__GFP_IO", 0x40, 0, 0, NULL },
	{ "__GFP_FS", 0x80, 0, 0, NULL },
	{ "__GFP_COLD", 0x100, 0, 0, NULL },
	{ "__GFP_NOWARN", 0x200, 0, 0, NULL },
	{ "__GFP_REPEAT", 0x400, 0, V(4, 13, 0), NULL },
	{ "__GFP_RETRY_MAYFAIL", 0x400, V(4, 13, 0), 0, NULL },
	{ "__GFP_NOFAIL", 0x800, 0, 0, NULL },
	{ "__GFP_NORETRY", 0x1000, 0, 0, NULL },
	{ "__GFP_MEMALLOC", 0x2000, 0, 0, NULL },
	{ "__GFP_COMP", 0x4000, 0, 0, NULL },
	{ "__GFP_ZERO", 0x8000, 0, 0, NULL },
	{ "__GFP_NOMEMALLOC", 0x10000, 0, 0, NULL },
	{ "__GFP_HARDWALL", 0x20000, 0, 0, NULL },
	{ "__GFP_THISNODE", 0x40000, 0, 0, NULL },
	{ "__GFP_ATOMIC", 0x80000, 0, 0, NULL },
	{ "__GFP_ACCOUNT", 0x100000, 0, 0, NULL },
	{ "__GFP_NOTRACK", 0x200000, 0, 0, "only with CONFIG_KMEMCHECK" },
	{ "__GFP_DIRECT_RECLAIM", 0x400000, 0, 0, NULL },
	{ "__GFP_WRITE", 0x800000, 0, 0, NULL },
	{ "__GFP_KSWAPD_RECLAIM", 0x1000000, 0, 0, NULL },
	{ "__GFP_NOLOCKDEP", 0x2000000, V(4, 12, 0), 0, "only with CONFIG_LOCKDEP" },
};

/* 4.15 .. 5.0: COLD and NOTRACK removed, everything renumbered. */
static const struct mw_gfp_flag era_4_15[] = {
	{ "__GFP_DMA", 0x01, 0, 0, NULL },
	{ "__GFP_HIGHMEM", 0x02, 0, 0, NULL },
	{ "__GFP_DMA32", 0x04, 0, 0, NULL },
	{ "__GFP_MOVABLE", 0x08, 0, 0, NULL },
	{ "__GFP_RECLAIMABLE", 0x10, 0, 0, NULL },
	{ "__GFP_HIGH", 0x20, 0, 0, NULL },
	{ "__GFP_IO", 0x40, 0, 0, NULL },
	{ "__GFP_FS", 0x80, 0, 0, NULL },
	{ "__GFP_WRITE", 0x100, 0, 0, NULL },
	{ "__GFP_NOWARN", 0x200, 0, 0, NULL },
	{ "__GFP_RETRY_MAYFAIL", 0x400, 0, 0, NULL },
	{ "__GFP_NOFAIL", 0x800, 0, 0, NULL },
	{ "__GFP_NORETRY", 0x1000, 0, 0, NULL },
	{ "__GFP_MEMALLOC", 0x2000, 0, 0, NULL },
	{ "__GFP_COMP", 0x4000, 0, 0, NULL },
	{ "__GFP_ZERO", 0x8000, 0, 0, NULL },
	{ "__GFP_NOMEMALLOC", 0x10000, 0, 0, NULL },
	{ "__GFP_HARDWALL", 0x20000, 0, 0, NULL },
	{ "__GFP_THISNODE", 0x40000, 0, 0, NULL },
	{ "__GFP_ATOMIC", 0x80000, 0, 0, NULL },
	{ "__GFP_ACCOUNT", 0x100000, 0, 0, NULL },
	{ "__GFP_DIRECT_RECLAIM", 0x200000, 0, 0, NULL },
	{ "__GFP_KSWAPD_RECLAIM", 0x400000, 0, 0, NULL },
	{ "__GFP_NOLOCKDEP", 0x800000, 0, 0, "only with CONFIG_LOCKDEP" },
};

/* 5.1 .. 6.2: "mm: shuffle GFP_* flags" made GFP_KERNEL a small immediate (0xcc0). */
static const struct mw_gfp_flag era_5_1[] = {
	{ "__GFP_DMA", 0x01, 0, 0, NULL },
	{ "__GFP_HIGHMEM", 0x02, 0, 0, NULL },
	{ "__GFP_DMA32", 0x04, 0, 0, NULL },
	{ "__GFP_MOVABLE", 0x08, 0, 0, NULL },
	{ "__GFP_RECLAIMABLE", 0x10, 0, 0, NULL },
	{ "__GFP_HIGH", 0x20, 0, 0, NULL },
	{ "__GFP_IO", 0x40, 0, 0, NULL },
	{ "__GFP_FS", 0x80, 0, 0, NULL },
	{ "__GFP_ZERO", 0x100, 0, 0, NULL },
	{ "__GFP_ATOMIC", 0x200, 0, 0, NULL },
	{ "__GFP_DIRECT_RECLAIM", 0x400, 0, 0, NULL },
	{ "__GFP_KSWAPD_RECLAIM", 0x800, 0, 0, NULL },
	{ "__GFP_WRITE", 0x1000, 0, 0, NULL },
	{ "__GFP_NOWARN", 0x2000, 0, 0, NULL },
	{ "__GFP_RETRY_MAYFAIL", 0x4000, 0, 0, NULL },
	{ "__GFP_NOFAIL", 0x8000, 0, 0, NULL },
	{ "__GFP_NORETRY", 0x10000, 0, 0, NULL },
	{ "__GFP_MEMALLOC", 0x20000, 0, 0, NULL },
	{ "__GFP_COMP", 0x40000, 0, 0, NULL },
	{ "__GFP_NOMEMALLOC", 0x80000, 0, 0, NULL },
	{ "__GFP_HARDWALL", 0x100000, 0, 0, NULL },
	{ "__GFP_THISNODE", 0x200000, 0, 0, NULL },
	{ "__GFP_ACCOUNT", 0x400000, 0, 0, NULL },
	{ "__GFP_NOLOCKDEP", 0x800000, 0, V(5, 14, 0), "only with CONFIG_LOCKDEP" },
	{ "__GFP_ZEROTAGS", 0x800000, V(5, 14, 0), 0, NULL },
	{ "__GFP_SKIP_ZERO", 0x1000000, V(6, 0, 0), 0, "only with CONFIG_KASAN_HW_TAGS" },
	{ "__GFP_SKIP_KASAN_UNPOISON", 0x2000000, V(6, 0, 0), 0, "only with CONFIG_KASAN_HW_TAGS" },
	{ "__GFP_SKIP_KASAN_POISON", 0x4000000, V(6, 0, 0), 0, "only with CONFIG_KASAN_HW_TAGS" },
	{ "__GFP_NOLOCKDEP", 0x8000000, V(6, 0, 0), 0, "only with CONFIG_LOCKDEP" },
};

/* 6.3 .. 6.9: __GFP_ATOMIC discarded (0x200 unused). */
static const struct mw_gfp_flag era_6_3[] = {
	{ "__GFP_DMA", 0x01, 0, 0, NULL },
	{ "__GFP_HIGHMEM", 0x02, 0, 0, NULL },
	{ "__GFP_DMA32", 0x04, 0, 0, NULL },
	{ "__GFP_MOVABLE", 0x08, 0, 0, NULL },
	{ "__GFP_RECLAIMABLE", 0x10, 0, 0, NULL },
	{ "__GFP_HIGH", 0x20, 0, 0, NULL },
	{ "__GFP_IO", 0x40, 0, 0, NULL },
	{ "__GFP_FS", 0x80, 0, 0, NULL },
	{ "__GFP_ZERO", 0x100, 0, 0, NULL },
	{ "__GFP_DIRECT_RECLAIM", 0x400, 0, 0, NULL },
	{ "__GFP_KSWAPD_RECLAIM", 0x800, 0, 0, NULL },
	{ "__GFP_WRITE", 0x1000, 0, 0, NULL },
	{ "__GFP_NOWARN", 0x2000, 0, 0, NULL },
	{ "__GFP_RETRY_MAYFAIL", 0x4000, 0, 0, NULL },
	{ "__GFP_NOFAIL", 0x8000, 0, 0, NULL },
	{ "__GFP_NORETRY", 0x10000, 0, 0, NULL },
	{ "__GFP_MEMALLOC", 0x20000, 0, 0, NULL },
	{ "__GFP_COMP", 0x40000, 0, 0, NULL },
	{ "__GFP_NOMEMALLOC", 0x80000, 0, 0, NULL },
	{ "__GFP_HARDWALL", 0x100000, 0, 0, NULL },
	{ "__GFP_THISNODE", 0x200000, 0, 0, NULL },
	{ "__GFP_ACCOUNT", 0x400000, 0, 0, NULL },
	{ "__GFP_ZEROTAGS", 0x800000, 0, 0, NULL },
	{ "__GFP_SKIP_ZERO", 0x1000000, 0, 0, "only with CONFIG_KASAN_HW_TAGS" },
	{ "__GFP_SKIP_KASAN", 0x2000000, 0, 0, "only with CONFIG_KASAN_HW_TAGS" },
	{ "__GFP_NOLOCKDEP", 0x4000000, 0, 0, "only with CONFIG_LOCKDEP" },
};

/*
 * 6.10 onward: the bits are handed out from an enum; bits 0..23 as in
 * 6.3, the ones above only for enabled options, in order SKIP_ZERO,
 * SKIP_KASAN, NOLOCKDEP, NO_OBJ_EXT. The table gives the common
 * configuration (no KASAN hardware tags, no lockdep): NO_OBJ_EXT first.
 */
static const struct mw_gfp_flag era_6_10[] = {
	{ "__GFP_DMA", 0x01, 0, 0, NULL },
	{ "__GFP_HIGHMEM", 0x02, 0, 0, NULL },
	{ "__GFP_DMA32", 0x04, 0, 0, NULL },
	{ "__GFP_MOVABLE", 0x08, 0, 0, NULL },
	{ "__GFP_RECLAIMABLE", 0x10, 0, 0, NULL },
	{ "__GFP_HIGH", 0x20, 0, 0, NULL },
	{ "__GFP_IO", 0x40, 0, 0, NULL },
	{ "__GFP_FS", 0x80, 0, 0, NULL },
	{ "__GFP_ZERO", 0x100, 0, 0, NULL },
	{ "__GFP_DIRECT_RECLAIM", 0x400, 0, 0, NULL },
	{ "__GFP_KSWAPD_RECLAIM", 0x800, 0, 0, NULL },
	{ "__GFP_WRITE", 0x1000, 0, 0, NULL },
	{ "__GFP_NOWARN", 0x2000, 0, 0, NULL },
	{ "__GFP_RETRY_MAYFAIL", 0x4000, 0, 0, NULL },
	{ "__GFP_NOFAIL", 0x8000, 0, 0, NULL },
	{ "__GFP_NORETRY", 0x10000, 0, 0, NULL },
	{ "__GFP_MEMALLOC", 0x20000, 0, 0, NULL },
	{ "__GFP_COMP", 0x40000, 0, 0, NULL },
	{ "__GFP_NOMEMALLOC", 0x80000, 0, 0, NULL },
	{ "__GFP_HARDWALL", 0x100000, 0, 0, NULL },
	{ "__GFP_THISNODE", 0x200000, 0, 0, NULL },
	{ "__GFP_ACCOUNT", 0x400000, 0, 0, NULL },
	{ "__GFP_ZEROTAGS", 0x800000, 0, 0, NULL },
	{ "__GFP_NO_OBJ_EXT", 0x1000000, 0, 0, "position depends on CONFIG_KASAN_HW_TAGS and CONFIG_LOCKDEP" },
};

static const struct mw_gfp_era eras[] = {
	{ "2.6.11", "2.6.0 .. 2.6.30", V(2, 6, 0), V(2, 6, 31), V(2, 6, 18), FLAGS(era_2_6_11) },
	{ "2.6.31", "2.6.31 .. 4.3", V(2, 6, 31), V(4, 4, 0), V(3, 10, 0), FLAGS(era_2_6_31) },
	{ "4.4", "4.4 .. 4.9", V(4, 4, 0), V(4, 10, 0), V(4, 9, 0), FLAGS(era_4_4) },
	{ "4.10", "4.10 .. 4.14", V(4, 10, 0), V(4, 15, 0), V(4, 14, 0), FLAGS(era_4_10) },
	{ "4.15", "4.15 .. 5.0", V(4, 15, 0), V(5, 1, 0), V(4, 19, 0), FLAGS(era_4_15) },
	{ "5.1", "5.1 .. 6.2", V(5, 1, 0), V(6, 3, 0), V(5, 15, 0), FLAGS(era_5_1) },
	{ "6.3", "6.3 .. 6.9", V(6, 3, 0), V(6, 10, 0), V(6, 6, 0), FLAGS(era_6_3) },
	{ "6.10", "6.10 ..", V(6, 10, 0), 0, V(6, 12, 0), FLAGS(era_6_10) },
};

/*
 * Composite masks, as include/linux/gfp.h defines them, in the order
 * mmflags.h lists them (which is the order %pGg tries them). `parts`:
 * '|'-separated names; "~X" removes X's bits, "!X" requires X to be
 * absent (so GFP_ATOMIC of 2.6 is __GFP_HIGH without __GFP_WAIT).
 */
static const struct comp {
	const char *name;
	long since, until;
	const char *parts;
} comps[] = {
	{ "__GFP_RECLAIM", V(4, 4, 0), 0, "__GFP_DIRECT_RECLAIM|__GFP_KSWAPD_RECLAIM" },
	{ "GFP_TRANSHUGE", V(2, 6, 38), V(4, 4, 0),
	  "GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_NOMEMALLOC|__GFP_NORETRY|__GFP_NOWARN|__GFP_NO_KSWAPD" },
	{ "GFP_TRANSHUGE", V(4, 4, 0), V(4, 8, 0),
	  "GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_NOMEMALLOC|__GFP_NORETRY|__GFP_NOWARN|~__GFP_KSWAPD_RECLAIM" },
	{ "GFP_TRANSHUGE", V(4, 8, 0), 0, "GFP_TRANSHUGE_LIGHT|__GFP_DIRECT_RECLAIM" },
	{ "GFP_TRANSHUGE_LIGHT", V(4, 8, 0), 0,
	  "GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_NOMEMALLOC|__GFP_NOWARN|~__GFP_RECLAIM" },
	{ "GFP_HIGHUSER_MOVABLE", V(2, 6, 23), 0, "GFP_HIGHUSER|__GFP_MOVABLE" },
	{ "GFP_HIGHUSER", 0, V(2, 6, 14), "GFP_KERNEL|__GFP_HIGHMEM" },
	{ "GFP_HIGHUSER", V(2, 6, 14), 0, "GFP_USER|__GFP_HIGHMEM" },
	{ "GFP_USER", V(2, 6, 14), 0, "GFP_KERNEL|__GFP_HARDWALL" },
	{ "GFP_TEMPORARY", V(2, 6, 24), V(4, 15, 0), "GFP_KERNEL|__GFP_RECLAIMABLE" },
	{ "GFP_KERNEL_ACCOUNT", V(4, 5, 0), 0, "GFP_KERNEL|__GFP_ACCOUNT" },
	{ "GFP_KERNEL", 0, V(4, 4, 0), "__GFP_WAIT|__GFP_IO|__GFP_FS" },
	{ "GFP_KERNEL", V(4, 4, 0), 0, "__GFP_RECLAIM|__GFP_IO|__GFP_FS" },
	{ "GFP_USER", 0, V(2, 6, 14), "GFP_KERNEL" },	/* no HARDWALL yet: after GFP_KERNEL so 0xd0 decodes as GFP_KERNEL */
	{ "GFP_NOFS", 0, V(4, 4, 0), "__GFP_WAIT|__GFP_IO" },
	{ "GFP_NOFS", V(4, 4, 0), 0, "__GFP_RECLAIM|__GFP_IO" },
	{ "GFP_ATOMIC", 0, V(4, 4, 0), "__GFP_HIGH|!__GFP_WAIT" },
	{ "GFP_ATOMIC", V(4, 4, 0), V(6, 3, 0), "__GFP_HIGH|__GFP_ATOMIC|__GFP_KSWAPD_RECLAIM" },
	{ "GFP_ATOMIC", V(6, 3, 0), 0, "__GFP_HIGH|__GFP_KSWAPD_RECLAIM" },
	{ "GFP_NOIO", 0, V(4, 4, 0), "__GFP_WAIT" },
	{ "GFP_NOIO", V(4, 4, 0), 0, "__GFP_RECLAIM" },
	{ "GFP_NOWAIT", V(4, 4, 0), V(6, 7, 0), "__GFP_KSWAPD_RECLAIM|!__GFP_DIRECT_RECLAIM" },
	{ "GFP_NOWAIT", V(6, 7, 0), 0, "__GFP_KSWAPD_RECLAIM|__GFP_NOWARN|!__GFP_DIRECT_RECLAIM" },
	{ "GFP_DMA", 0, 0, "__GFP_DMA" },
	{ "GFP_DMA32", V(2, 6, 15), 0, "__GFP_DMA32" },
};

/* Single flags in the order mmflags.h prints them; flags not listed come after, by value. */
static const char *const single_order[] = {
	"__GFP_HIGHMEM", "__GFP_HIGH", "__GFP_ATOMIC", "__GFP_IO", "__GFP_FS", "__GFP_COLD", "__GFP_NOWARN",
	"__GFP_REPEAT", "__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_COMP", "__GFP_ZERO",
	"__GFP_NOMEMALLOC", "__GFP_MEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_RECLAIMABLE",
	"__GFP_MOVABLE", "__GFP_ACCOUNT", "__GFP_NOACCOUNT", "__GFP_NOTRACK", "__GFP_WRITE", "__GFP_WAIT",
	"__GFP_RECLAIM", "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM", "__GFP_NO_KSWAPD", "__GFP_OTHER_NODE",
	"__GFP_KMEMCG", "__GFP_NOLOCKDEP", "__GFP_ZEROTAGS", "__GFP_SKIP_ZERO", "__GFP_SKIP_KASAN",
	"__GFP_SKIP_KASAN_UNPOISON", "__GFP_SKIP_KASAN_POISON", "__GFP_NO_OBJ_EXT", "__GFP_NO_GROW",
};

static const struct {
	const char *name;
	const char *words;
} words[] = {
	{ "GFP_ATOMIC", "atomic: must not sleep (interrupt or spinlock context); may use part of the emergency reserve" },
	{ "GFP_NOWAIT", "must not sleep; only wakes kswapd" },
	{ "GFP_NOIO", "may sleep and reclaim, but must not start I/O (block-layer context)" },
	{ "GFP_NOFS", "may sleep, reclaim and do I/O, but must not call into filesystems (filesystem context)" },
	{ "GFP_KERNEL", "normal kernel allocation: may sleep, reclaim, start I/O and call into filesystems" },
	{ "GFP_KERNEL_ACCOUNT", "normal kernel allocation charged to the memory cgroup" },
	{ "GFP_TEMPORARY", "normal kernel allocation expected to be short-lived (reclaimable)" },
	{ "GFP_USER", "allocation on behalf of user space, confined to the task's cpuset" },
	{ "GFP_HIGHUSER", "user-space page, may come from highmem" },
	{ "GFP_HIGHUSER_MOVABLE", "user-space page that can be migrated (page cache, anonymous memory)" },
	{ "GFP_TRANSHUGE", "transparent huge page, with direct reclaim and compaction" },
	{ "GFP_TRANSHUGE_LIGHT", "transparent huge page, opportunistic (no reclaim)" },
	{ "GFP_DMA", "from ZONE_DMA (the first 16 MiB on x86) for old devices" },
	{ "GFP_DMA32", "from ZONE_DMA32 (below 4 GiB) for 32-bit devices" },
	{ "__GFP_DMA", "from ZONE_DMA" },
	{ "__GFP_DMA32", "from ZONE_DMA32 (below 4 GiB)" },
	{ "__GFP_HIGHMEM", "may come from highmem" },
	{ "__GFP_MOVABLE", "movable: may come from ZONE_MOVABLE and be migrated by compaction" },
	{ "__GFP_RECLAIMABLE", "reclaimable kernel object (slab with a shrinker)" },
	{ "__GFP_WAIT", "may sleep (and so reclaim memory directly)" },
	{ "__GFP_HIGH", "high priority: may go below the min watermark (min halved)" },
	{ "__GFP_ATOMIC", "atomic context: may use a further part of the reserve" },
	{ "__GFP_IO", "may start physical I/O" },
	{ "__GFP_FS", "may call into filesystems" },
	{ "__GFP_COLD", "cache-cold page wanted" },
	{ "__GFP_NOWARN", "no failure warning" },
	{ "__GFP_REPEAT", "retry hard, may still fail" },
	{ "__GFP_RETRY_MAYFAIL", "retry hard, may still fail (never invokes the OOM killer)" },
	{ "__GFP_NOFAIL", "must not fail: retries forever" },
	{ "__GFP_NORETRY", "give up early, no OOM killer" },
	{ "__GFP_COMP", "compound page (one object of several pages)" },
	{ "__GFP_ZERO", "zeroed page" },
	{ "__GFP_NOMEMALLOC", "never use the emergency reserves" },
	{ "__GFP_MEMALLOC", "may use all of the emergency reserves" },
	{ "__GFP_HARDWALL", "confined to the task's cpuset" },
	{ "__GFP_THISNODE", "this NUMA node only, no fallback" },
	{ "__GFP_ACCOUNT", "charged to the memory cgroup" },
	{ "__GFP_NOACCOUNT", "not charged to the memory cgroup" },
	{ "__GFP_NOTRACK", "not tracked by kmemcheck" },
	{ "__GFP_WRITE", "page will be dirtied (spread over nodes)" },
	{ "__GFP_RECLAIM", "may reclaim directly and wake kswapd" },
	{ "__GFP_DIRECT_RECLAIM", "may sleep and reclaim memory directly" },
	{ "__GFP_KSWAPD_RECLAIM", "wakes kswapd to reclaim in the background" },
	{ "__GFP_NO_KSWAPD", "does not wake kswapd" },
	{ "__GFP_OTHER_NODE", "allocation on behalf of another node (statistics)" },
	{ "__GFP_KMEMCG", "charged to the kernel-memory cgroup" },
	{ "__GFP_NOLOCKDEP", "not checked by lockdep" },
	{ "__GFP_ZEROTAGS", "memory tags zeroed too (arm64 MTE)" },
	{ "__GFP_SKIP_ZERO", "skip zeroing (KASAN hardware tags)" },
	{ "__GFP_SKIP_KASAN", "skip KASAN poisoning" },
	{ "__GFP_SKIP_KASAN_UNPOISON", "skip KASAN unpoisoning" },
	{ "__GFP_SKIP_KASAN_POISON", "skip KASAN poisoning" },
	{ "__GFP_NO_OBJ_EXT", "no slab object extension (allocation profiling)" },
	{ "__GFP_NO_GROW", "slab must not grow (slab-internal)" },
};

const struct mw_gfp_era *mw_gfp_eras(size_t *ret_n)
{
	*ret_n = MW_ARRAY_SIZE(eras);
	return eras;
}

const struct mw_gfp_era *mw_gfp_era_for(long kver)
{
	if (kver <= 0)
		return NULL;
	for (size_t i = MW_ARRAY_SIZE(eras); i-- > 0;)
		if (kver >= eras[i].from)
			return &eras[i];
	return &eras[0];	/* 2.4 and older: the oldest layout we know */
}

const struct mw_gfp_era *mw_gfp_era_named(const char *name)
{
	for (size_t i = 0; i < MW_ARRAY_SIZE(eras); i++)
		if (strcmp(eras[i].name, name) == 0)
			return &eras[i];
	return NULL;
}

static long eff_kver(const struct mw_gfp_era *era, long kver)
{
	return kver > 0 ? kver : era->typical;
}

static bool in_range(long v, long since, long until)
{
	return (!since || v >= since) && (!until || v < until);
}

static const struct mw_gfp_flag *find_flag(const struct mw_gfp_era *era, long v, const char *name, size_t len)
{
	for (size_t i = 0; i < era->n_flags; i++) {
		const struct mw_gfp_flag *f = &era->flags[i];
		if (strlen(f->name) == len && memcmp(f->name, name, len) == 0 && in_range(v, f->since, f->until))
			return f;
	}
	return NULL;
}

static const struct comp *find_comp(long v, const char *name, size_t len)
{
	for (size_t i = 0; i < MW_ARRAY_SIZE(comps); i++) {
		const struct comp *c = &comps[i];
		if (strlen(c->name) == len && memcmp(c->name, name, len) == 0 && in_range(v, c->since, c->until))
			return c;
	}
	return NULL;
}

static bool value_of(const struct mw_gfp_era *era, long v, const char *name, size_t len, uint64_t *ret,
		     uint64_t *ret_absent, int depth);

/* A composite's bits (and the bits that must be absent); false when a part does not exist in v. */
static bool comp_value(const struct mw_gfp_era *era, long v, const struct comp *c, uint64_t *ret, uint64_t *ret_absent,
		       int depth)
{
	const char *p = c->parts;
	uint64_t set = 0, minus = 0, absent = 0;
	while (*p) {
		size_t n = strcspn(p, "|");
		char op = 0;
		uint64_t x, xa = 0;
		if (*p == '~' || *p == '!') {
			op = *p;
			p++;
			n--;
		}
		if (!value_of(era, v, p, n, &x, &xa, depth + 1))
			return false;
		if (op == '~')
			minus |= x;
		else if (op == '!')
			absent |= x;
		else {
			set |= x;
			absent |= xa;
		}
		p += n;
		if (*p == '|')
			p++;
	}
	*ret = set & ~minus;
	if (ret_absent)
		*ret_absent = absent;
	return true;
}

static bool value_of(const struct mw_gfp_era *era, long v, const char *name, size_t len, uint64_t *ret,
		     uint64_t *ret_absent, int depth)
{
	const struct mw_gfp_flag *f;
	const struct comp *c;
	if (depth > 8)
		return false;
	if (ret_absent)
		*ret_absent = 0;
	if ((c = find_comp(v, name, len)))
		return comp_value(era, v, c, ret, ret_absent, depth);
	if ((f = find_flag(era, v, name, len))) {
		*ret = f->value;
		return true;
	}
	return false;
}

bool mw_gfp_value(const struct mw_gfp_era *era, long kver, const char *name, uint64_t *ret)
{
	if (!era || !name)
		return false;
	return value_of(era, eff_kver(era, kver), name, strlen(name), ret, NULL, 0);
}

static uint64_t bit(const struct mw_gfp_era *era, long v, const char *name)
{
	uint64_t x = 0;
	if (!value_of(era, v, name, strlen(name), &x, NULL, 0))
		return 0;
	return x;
}

void mw_gfp_props(uint64_t mask, const struct mw_gfp_era *era, long kver, struct mw_gfp_props *p)
{
	long v = eff_kver(era, kver);
	bool old = v < MW_KVER(4, 4, 0);
	uint64_t nomem = bit(era, v, "__GFP_NOMEMALLOC");
#define HAS(n) ((bit(era, v, n) & mask) != 0)
	memset(p, 0, sizeof(*p));
	p->direct_reclaim = old ? HAS("__GFP_WAIT") : HAS("__GFP_DIRECT_RECLAIM");
	p->kswapd = old ? !HAS("__GFP_NO_KSWAPD") : HAS("__GFP_KSWAPD_RECLAIM");
	p->io = HAS("__GFP_IO");
	p->fs = HAS("__GFP_FS");
	p->high = HAS("__GFP_HIGH");
	p->nomemalloc = nomem && (mask & nomem);
	/*
	 * ALLOC_HARDER (mm/page_alloc.c gfp_to_alloc_flags): <= 4.3 every
	 * allocation that cannot wait; 4.4 .. 6.2 __GFP_ATOMIC; 6.3+
	 * ALLOC_NON_BLOCK for every allocation without direct reclaim. Never
	 * with __GFP_NOMEMALLOC.
	 */
	if (old)
		p->harder = !p->direct_reclaim;
	else if (v < MW_KVER(6, 3, 0))
		p->harder = HAS("__GFP_ATOMIC");
	else
		p->harder = !p->direct_reclaim;
	if (p->nomemalloc)
		p->harder = false;
	p->nowarn = HAS("__GFP_NOWARN");
	p->nofail = HAS("__GFP_NOFAIL");
	p->noretry = HAS("__GFP_NORETRY");
	p->retry = HAS("__GFP_REPEAT") || HAS("__GFP_RETRY_MAYFAIL");
	p->comp = HAS("__GFP_COMP");
	p->zero = HAS("__GFP_ZERO");
	p->movable = HAS("__GFP_MOVABLE");
	p->highmem = HAS("__GFP_HIGHMEM");
	p->dma = HAS("__GFP_DMA");
	p->dma32 = HAS("__GFP_DMA32");
	p->thisnode = HAS("__GFP_THISNODE");
	p->hardwall = HAS("__GFP_HARDWALL");
	p->memalloc = HAS("__GFP_MEMALLOC");
	p->account = HAS("__GFP_ACCOUNT");
#undef HAS
}

static void append_name(char *buf, size_t n, const char *name)
{
	size_t len = strlen(buf);
	if (len + 2 >= n)
		return;
	snprintf(buf + len, n - len, "%s%s", len ? "|" : "", name);
}

static int single_rank(const char *name)
{
	for (size_t i = 0; i < MW_ARRAY_SIZE(single_order); i++)
		if (strcmp(single_order[i], name) == 0)
			return (int)i;
	return (int)MW_ARRAY_SIZE(single_order);
}

void mw_gfp_decode(uint64_t mask, const struct mw_gfp_era *era, long kver, struct mw_gfp_decode *d)
{
	long v = eff_kver(era, kver);
	uint64_t left = mask, known = 0;
	const struct mw_gfp_flag *sorted[64];
	size_t ns = 0;

	memset(d, 0, sizeof(*d));
	d->era = d->era_last = era;
	d->kver = kver;
	d->mask = mask;
	for (size_t i = 0; i < era->n_flags; i++)
		if (in_range(v, era->flags[i].since, era->flags[i].until))
			known |= era->flags[i].value;
	/* composites first, in mmflags.h order, each when all its bits are still set */
	for (size_t i = 0; i < MW_ARRAY_SIZE(comps); i++) {
		const struct comp *c = &comps[i];
		uint64_t x, absent;
		if (!in_range(v, c->since, c->until) || strcmp(c->name, "__GFP_RECLAIM") == 0)
			continue;
		if (!comp_value(era, v, c, &x, &absent, 0) || !x)
			continue;
		if ((left & x) == x && !(mask & absent)) {
			append_name(d->names, sizeof(d->names), c->name);
			left &= ~x;
		}
	}
	/* then single flags (and __GFP_RECLAIM for its two bits) */
	for (size_t i = 0; i < era->n_flags && ns < MW_ARRAY_SIZE(sorted); i++)
		if (in_range(v, era->flags[i].since, era->flags[i].until))
			sorted[ns++] = &era->flags[i];
	for (size_t i = 1; i < ns; i++)
		for (size_t j = i; j > 0 && single_rank(sorted[j - 1]->name) > single_rank(sorted[j]->name); j--) {
			const struct mw_gfp_flag *t = sorted[j];
			sorted[j] = sorted[j - 1];
			sorted[j - 1] = t;
		}
	{
		uint64_t r = bit(era, v, "__GFP_RECLAIM");
		int rr = single_rank("__GFP_RECLAIM");
		bool done = false;
		for (size_t i = 0; i < ns; i++) {
			if (!done && r && single_rank(sorted[i]->name) > rr) {
				if ((left & r) == r) {
					append_name(d->names, sizeof(d->names), "__GFP_RECLAIM");
					left &= ~r;
				}
				done = true;
			}
			if (left & sorted[i]->value) {
				append_name(d->names, sizeof(d->names), sorted[i]->name);
				left &= ~sorted[i]->value;
			}
		}
	}
	d->unknown = mask & ~known;
	if (left) {
		char hex[24];
		snprintf(hex, sizeof(hex), "%#llx", (unsigned long long)left);
		append_name(d->names, sizeof(d->names), hex);
	}
	if (!d->names[0])
		snprintf(d->names, sizeof(d->names), "0");
	mw_gfp_props(mask, era, kver, &d->p);

	d->plausible = true;
	if (d->unknown) {
		d->plausible = false;
		d->implausible = "bits that no flag of these kernels has";
	} else if (v >= MW_KVER(4, 4, 0) && (d->p.io || d->p.fs) && !d->p.direct_reclaim && !d->p.kswapd) {
		d->plausible = false;
		d->implausible = "I/O or filesystem access without any reclaim bit";
	} else if (v < MW_KVER(4, 4, 0) && (d->p.io || d->p.fs) && !d->p.direct_reclaim) {
		d->plausible = false;
		d->implausible = "I/O or filesystem access without __GFP_WAIT";
	} else if (d->p.dma && d->p.dma32) {
		d->plausible = false;
		d->implausible = "both DMA zone modifiers";
	}
}

int mw_gfp_names_value(const struct mw_gfp_era *era, long kver, const char *names, uint64_t *ret, char *unknown,
		       size_t n)
{
	long v = eff_kver(era, kver);
	const char *p = names;
	uint64_t total = 0;
	int bad = 0;
	if (unknown && n)
		unknown[0] = '\0';
	while (p && *p) {
		size_t len = strcspn(p, "|");
		uint64_t x;
		if (len > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			/* leftover bits printed in hex */
			uint64_t h = 0;
			bool ok = true;
			for (size_t i = 2; i < len; i++) {
				char ch = p[i];
				int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
					: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
				if (d < 0 || h >> 60) {
					ok = false;
					break;
				}
				h = h * 16 + (uint64_t)d;
			}
			if (ok)
				total |= h;
		} else if (len && value_of(era, v, p, len, &x, NULL, 0)) {
			total |= x;
		} else if (len) {
			bad++;
			if (unknown && n) {
				size_t ul = strlen(unknown);
				if (ul + len + 2 < n)
					snprintf(unknown + ul, n - ul, "%s%.*s", ul ? "|" : "", (int)len, p);
			}
		}
		p += len;
		if (*p == '|')
			p++;
	}
	*ret = total;
	return bad;
}

const char *mw_gfp_words(const char *name)
{
	for (size_t i = 0; i < MW_ARRAY_SIZE(words); i++)
		if (strcmp(words[i].name, name) == 0)
			return words[i].words;
	return NULL;
}

size_t mw_gfp_candidates(uint64_t mask, struct mw_gfp_decode *ret, size_t n, size_t *ret_total)
{
	struct mw_gfp_decode all[MW_ARRAY_SIZE(eras)];
	size_t groups = 0, out = 0;
	struct mw_gfp_decode grp[MW_ARRAY_SIZE(eras)];

	for (size_t i = 0; i < MW_ARRAY_SIZE(eras); i++)
		mw_gfp_decode(mask, &eras[i], 0, &all[i]);
	for (size_t i = 0; i < MW_ARRAY_SIZE(eras); i++) {
		if (groups && strcmp(grp[groups - 1].names, all[i].names) == 0 &&
		    grp[groups - 1].plausible == all[i].plausible) {
			grp[groups - 1].era_last = all[i].era;
			continue;
		}
		grp[groups++] = all[i];
	}
	/* plausible groups first, oldest first within each kind */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < groups; i++)
			if (grp[i].plausible == (pass == 0) && out < n)
				ret[out++] = grp[i];
	if (ret_total)
		*ret_total = groups;
	return out;
}
