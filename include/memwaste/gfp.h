/* SPDX-License-Identifier: MIT */
/* gfp.h: GFP flag tables per kernel era, and decoding of the masks OOM and allocation-failure reports print. */
#ifndef MW_GFP_H
#define MW_GFP_H

#include "memwaste/common.h"

/*
 * The GFP bits were renumbered several times (../shared/spec/gfp-flags.md):
 * the same hex value means different things in different kernels. The
 * tables live in reports/gfp.c as data: one table per era in which the
 * layout changed (2.6.11, 2.6.31, 4.4, 4.10, 4.15, 5.1, 6.3, 6.10), each
 * row a flag with its value and, when the flag appeared or went away inside
 * the era, the releases that bound it. Composite masks (GFP_KERNEL,
 * GFP_ATOMIC, ...) are defined by their parts, as include/linux/gfp.h
 * defines them, so their values are computed from the same rows.
 *
 * Versions are mw_kver() numbers (reports/bootcalc.h): MW_KVER(4, 15, 0).
 *
 * Decoding follows the kernel's %pGg (lib/vsprintf.c with the name table
 * of include/trace/events/mmflags.h): composite names first, in the
 * kernel's order, each taken when all its bits are set; then single flags;
 * bits no flag explains are printed as a hex number at the end.
 */

struct mw_gfp_flag {
	const char *name;	/* "__GFP_IO" */
	uint64_t value;
	long since, until;	/* within the era: [since, until), 0 = the era's bounds */
	const char *note;	/* config dependence and such, may be NULL */
};

struct mw_gfp_era {
	const char *name;	/* "4.15" */
	const char *range;	/* "4.15 .. 5.0" for people */
	long from, to;		/* [from, to), to = 0 for the newest */
	long typical;		/* the version decoded when only the era is known (RHEL 7's 3.10 for 2.6.31 .. 4.3) */
	const struct mw_gfp_flag *flags;
	size_t n_flags;
};

/* All eras, oldest first. */
const struct mw_gfp_era *mw_gfp_eras(size_t *ret_n);
/* The era of a kernel version (mw_kver() number); NULL when kver is 0. */
const struct mw_gfp_era *mw_gfp_era_for(long kver);
/* The era by its name ("2.6.31"), NULL if unknown. */
const struct mw_gfp_era *mw_gfp_era_named(const char *name);

/*
 * The value of a flag or composite name in a kernel version (`kver` picks
 * the flags that exist in it; 0 = the era in general). Returns false when
 * the name means nothing in that version.
 */
bool mw_gfp_value(const struct mw_gfp_era *era, long kver, const char *name, uint64_t *ret);

/* What a decoded mask lets the allocator do. */
struct mw_gfp_props {
	bool direct_reclaim;	/* may sleep and reclaim (__GFP_WAIT <= 4.3, __GFP_DIRECT_RECLAIM 4.4+) */
	bool kswapd;		/* wakes kswapd */
	bool io, fs;		/* may start I/O, may call into filesystems */
	bool high;		/* __GFP_HIGH: may dip into the reserve below min (min halved) */
	bool harder;		/* ALLOC_HARDER / ALLOC_NON_BLOCK: a further quarter of min */
	bool nowarn, nofail, noretry, retry, comp, zero;
	bool movable, highmem, dma, dma32, thisnode, hardwall, nomemalloc, memalloc, account;
};

struct mw_gfp_decode {
	const struct mw_gfp_era *era;
	const struct mw_gfp_era *era_last;	/* candidates: the last era of the group (== era otherwise) */
	long kver;		/* version the flags were picked for (0: era in general) */
	uint64_t mask;
	char names[320];	/* "GFP_KERNEL|__GFP_COMP" the way %pGg prints it; "0" for no bits */
	uint64_t unknown;	/* bits no flag of this kernel explains */
	struct mw_gfp_props p;
	bool plausible;		/* no unknown bits and the bits make sense together */
	const char *implausible;	/* why not, when !plausible */
};

/* Decodes `mask` with the flags of `era` as they were in `kver` (0 = era in general). */
void mw_gfp_decode(uint64_t mask, const struct mw_gfp_era *era, long kver, struct mw_gfp_decode *ret);

/*
 * The value of a '|'-separated list of names as the kernel printed them
 * ("GFP_KERNEL|__GFP_COMP", possibly ending in a hex number for unnamed
 * bits). Names unknown in that version are copied, '|'-separated, to
 * `unknown` (size n); returns how many there were.
 */
int mw_gfp_names_value(const struct mw_gfp_era *era, long kver, const char *names, uint64_t *ret,
		       char *unknown, size_t n);

/* Properties of a mask under an era (as mw_gfp_decode() fills them). */
void mw_gfp_props(uint64_t mask, const struct mw_gfp_era *era, long kver, struct mw_gfp_props *ret);

/* Plain words for a flag or composite name ("may sleep and reclaim memory"), NULL if unknown. */
const char *mw_gfp_words(const char *name);

/*
 * Candidate decodings when the kernel release is unknown: one per group of
 * consecutive eras that decode `mask` the same way, plausible ones first,
 * oldest first.
 * Returns how many were written to `ret` (at most n).
 */
size_t mw_gfp_candidates(uint64_t mask, struct mw_gfp_decode *ret, size_t n, size_t *ret_total);

#endif
