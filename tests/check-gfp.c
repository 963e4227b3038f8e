/* SPDX-License-Identifier: MIT */
/* check-gfp.c: the GFP era tables against ../shared/spec/gfp-flags.md section 3, and the decoder. */
#include <string.h>
#include "testlib.h"
#include "memwaste/gfp.h"
#include "../reports/bootcalc.h"

/*
 * The composite table of gfp-flags.md section 3, one row per (mask, era):
 * computed there from the layouts, checked here against the values our
 * tables give, so a wrong bit in any era fails a row.
 */
static const struct {
	const char *mask;
	long kver;
	uint64_t value;
} composites[] = {
	{ "GFP_ATOMIC", MW_KVER(2, 6, 11), 0x20 },
	{ "GFP_ATOMIC", MW_KVER(2, 6, 32), 0x20 },
	{ "GFP_ATOMIC", MW_KVER(4, 4, 0), 0x2080020 },
	{ "GFP_ATOMIC", MW_KVER(4, 10, 0), 0x1080020 },
	{ "GFP_ATOMIC", MW_KVER(4, 19, 0), 0x480020 },
	{ "GFP_ATOMIC", MW_KVER(5, 10, 0), 0xa20 },
	{ "GFP_ATOMIC", MW_KVER(6, 6, 0), 0x820 },
	{ "GFP_ATOMIC", MW_KVER(6, 12, 0), 0x820 },
	{ "GFP_NOWAIT", MW_KVER(4, 9, 0), 0x2000000 },
	{ "GFP_NOWAIT", MW_KVER(4, 14, 0), 0x1000000 },
	{ "GFP_NOWAIT", MW_KVER(4, 19, 0), 0x400000 },
	{ "GFP_NOWAIT", MW_KVER(5, 15, 0), 0x800 },
	{ "GFP_NOWAIT", MW_KVER(6, 8, 0), 0x2800 },
	{ "GFP_NOIO", MW_KVER(2, 6, 11), 0x10 },
	{ "GFP_NOIO", MW_KVER(3, 10, 0), 0x10 },
	{ "GFP_NOIO", MW_KVER(4, 4, 0), 0x2400000 },
	{ "GFP_NOIO", MW_KVER(4, 12, 0), 0x1400000 },
	{ "GFP_NOIO", MW_KVER(4, 18, 0), 0x600000 },
	{ "GFP_NOIO", MW_KVER(6, 1, 0), 0xc00 },
	{ "GFP_NOIO", MW_KVER(6, 8, 0), 0xc00 },
	{ "GFP_NOFS", MW_KVER(2, 6, 18), 0x50 },
	{ "GFP_NOFS", MW_KVER(2, 6, 32), 0x50 },
	{ "GFP_NOFS", MW_KVER(4, 8, 0), 0x2400040 },
	{ "GFP_NOFS", MW_KVER(4, 14, 0), 0x1400040 },
	{ "GFP_NOFS", MW_KVER(4, 15, 0), 0x600040 },
	{ "GFP_NOFS", MW_KVER(5, 19, 0), 0xc40 },
	{ "GFP_NOFS", MW_KVER(6, 19, 0), 0xc40 },
	{ "GFP_KERNEL", MW_KVER(2, 6, 11), 0xd0 },
	{ "GFP_KERNEL", MW_KVER(2, 6, 24), 0xd0 },
	{ "GFP_KERNEL", MW_KVER(3, 10, 0), 0xd0 },
	{ "GFP_KERNEL", MW_KVER(4, 4, 0), 0x24000c0 },
	{ "GFP_KERNEL", MW_KVER(4, 10, 0), 0x14000c0 },
	{ "GFP_KERNEL", MW_KVER(4, 15, 0), 0x6000c0 },
	{ "GFP_KERNEL", MW_KVER(5, 1, 0), 0xcc0 },
	{ "GFP_KERNEL", MW_KVER(6, 3, 0), 0xcc0 },
	{ "GFP_KERNEL", MW_KVER(6, 18, 0), 0xcc0 },
	{ "GFP_KERNEL_ACCOUNT", MW_KVER(4, 5, 0), 0x25000c0 },
	{ "GFP_KERNEL_ACCOUNT", MW_KVER(4, 10, 0), 0x15000c0 },
	{ "GFP_KERNEL_ACCOUNT", MW_KVER(4, 15, 0), 0x7000c0 },
	{ "GFP_KERNEL_ACCOUNT", MW_KVER(5, 1, 0), 0x400cc0 },
	{ "GFP_KERNEL_ACCOUNT", MW_KVER(6, 3, 0), 0x400cc0 },
	{ "GFP_USER", MW_KVER(2, 6, 11), 0xd0 },
	{ "GFP_USER", MW_KVER(2, 6, 18), 0x200d0 },
	{ "GFP_USER", MW_KVER(3, 10, 0), 0x200d0 },
	{ "GFP_USER", MW_KVER(4, 4, 0), 0x24200c0 },
	{ "GFP_USER", MW_KVER(4, 10, 0), 0x14200c0 },
	{ "GFP_USER", MW_KVER(4, 15, 0), 0x6200c0 },
	{ "GFP_USER", MW_KVER(5, 1, 0), 0x100cc0 },
	{ "GFP_USER", MW_KVER(6, 3, 0), 0x100cc0 },
	{ "GFP_HIGHUSER", MW_KVER(2, 6, 11), 0xd2 },
	{ "GFP_HIGHUSER", MW_KVER(2, 6, 18), 0x200d2 },
	{ "GFP_HIGHUSER", MW_KVER(3, 10, 0), 0x200d2 },
	{ "GFP_HIGHUSER", MW_KVER(4, 4, 0), 0x24200c2 },
	{ "GFP_HIGHUSER", MW_KVER(4, 10, 0), 0x14200c2 },
	{ "GFP_HIGHUSER", MW_KVER(4, 15, 0), 0x6200c2 },
	{ "GFP_HIGHUSER", MW_KVER(5, 1, 0), 0x100cc2 },
	{ "GFP_HIGHUSER_MOVABLE", MW_KVER(2, 6, 24), 0x1200d2 },
	{ "GFP_HIGHUSER_MOVABLE", MW_KVER(3, 10, 0), 0x200da },
	{ "GFP_HIGHUSER_MOVABLE", MW_KVER(4, 4, 0), 0x24200ca },
	{ "GFP_HIGHUSER_MOVABLE", MW_KVER(4, 10, 0), 0x14200ca },
	{ "GFP_HIGHUSER_MOVABLE", MW_KVER(4, 15, 0), 0x6200ca },
	{ "GFP_HIGHUSER_MOVABLE", MW_KVER(5, 1, 0), 0x100cca },
	{ "GFP_HIGHUSER_MOVABLE", MW_KVER(6, 18, 0), 0x100cca },
	{ "GFP_TRANSHUGE_LIGHT", MW_KVER(4, 8, 0), 0x342ca },
	{ "GFP_TRANSHUGE_LIGHT", MW_KVER(4, 10, 0), 0x342ca },
	{ "GFP_TRANSHUGE_LIGHT", MW_KVER(4, 15, 0), 0x342ca },
	{ "GFP_TRANSHUGE_LIGHT", MW_KVER(5, 1, 0), 0x1c20ca },
	{ "GFP_TRANSHUGE_LIGHT", MW_KVER(6, 3, 0), 0x1c20ca },
	{ "GFP_TRANSHUGE", MW_KVER(3, 10, 0), 0x4352da },
	{ "GFP_TRANSHUGE", MW_KVER(4, 8, 0), 0x4342ca },
	{ "GFP_TRANSHUGE", MW_KVER(4, 10, 0), 0x4342ca },
	{ "GFP_TRANSHUGE", MW_KVER(4, 15, 0), 0x2342ca },
	{ "GFP_TRANSHUGE", MW_KVER(5, 1, 0), 0x1c24ca },
	{ "GFP_TRANSHUGE", MW_KVER(6, 3, 0), 0x1c24ca },
	{ "GFP_DMA", MW_KVER(2, 6, 11), 0x1 },
	{ "GFP_DMA32", MW_KVER(3, 10, 0), 0x4 },
};

START_TEST(test_composites)
{
	uint64_t v = 0;
	const struct mw_gfp_era *era = mw_gfp_era_for(composites[_i].kver);
	ck_assert_ptr_nonnull(era);
	ck_assert_msg(mw_gfp_value(era, composites[_i].kver, composites[_i].mask, &v), "%s undefined in %ld",
		      composites[_i].mask, composites[_i].kver);
	ck_assert_msg(v == composites[_i].value, "%s in %ld: %#llx, spec says %#llx", composites[_i].mask,
		      composites[_i].kver, (unsigned long long)v, (unsigned long long)composites[_i].value);
}
END_TEST

/* Decodes as the kernel printed them (%pGg, 4.5+) and the spec's worked decodes for older eras. */
static const struct {
	uint64_t mask;
	long kver;
	const char *names;
} decodes[] = {
	{ 0x20, MW_KVER(2, 6, 2), "GFP_ATOMIC" },
	{ 0xd0, MW_KVER(2, 6, 32), "GFP_KERNEL" },
	{ 0x280da, MW_KVER(4, 2, 0), "GFP_HIGHUSER_MOVABLE|__GFP_ZERO" },
	{ 0x201da, MW_KVER(3, 10, 0), "GFP_HIGHUSER_MOVABLE|__GFP_COLD" },
	{ 0x200da, MW_KVER(2, 6, 32), "GFP_HIGHUSER_MOVABLE" },
	{ 0x24000c0, MW_KVER(4, 5, 0), "GFP_KERNEL" },
	{ 0x14200ca, MW_KVER(4, 12, 0), "GFP_HIGHUSER_MOVABLE" },
	{ 0x16080c0, MW_KVER(4, 12, 0), "GFP_KERNEL|__GFP_ZERO|__GFP_NOTRACK" },
	{ 0x6000c0, MW_KVER(4, 19, 0), "GFP_KERNEL" },
	{ 0x480020, MW_KVER(4, 19, 0), "GFP_ATOMIC" },
	{ 0xa20, MW_KVER(5, 10, 0), "GFP_ATOMIC" },
	{ 0x820, MW_KVER(6, 6, 0), "GFP_ATOMIC" },
	/* real logs of the corpus: what the kernel itself printed */
	{ 0x140cca, MW_KVER(6, 0, 11), "GFP_HIGHUSER_MOVABLE|__GFP_COMP" },
	{ 0x140dca, MW_KVER(6, 1, 1), "GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO" },
	{ 0xcc0, MW_KVER(5, 13, 0), "GFP_KERNEL" },
	{ 0x500cc2, MW_KVER(5, 8, 2), "GFP_HIGHUSER|__GFP_ACCOUNT" },
	{ 0x40dc0, MW_KVER(5, 10, 2), "GFP_KERNEL|__GFP_COMP|__GFP_ZERO" },
	{ 0x40c40, MW_KVER(5, 19, 0), "GFP_NOFS|__GFP_COMP" },
	{ 0x40c00, MW_KVER(6, 8, 0), "GFP_NOIO|__GFP_COMP" },
	{ 0xc0c40, MW_KVER(6, 19, 0), "GFP_NOFS|__GFP_COMP|__GFP_NOMEMALLOC" },
	{ 0x100cca, MW_KVER(6, 18, 44), "GFP_HIGHUSER_MOVABLE" },
	{ 0x400dc0, MW_KVER(5, 15, 0), "GFP_KERNEL_ACCOUNT|__GFP_ZERO" },
	/* a bit nobody defines comes out in hex, like %pGg */
	{ 0x80000000cc0ULL, MW_KVER(6, 1, 0), "GFP_KERNEL|0x80000000000" },
};

START_TEST(test_decode)
{
	struct mw_gfp_decode d;
	const struct mw_gfp_era *era = mw_gfp_era_for(decodes[_i].kver);
	mw_gfp_decode(decodes[_i].mask, era, decodes[_i].kver, &d);
	ck_assert_str_eq(d.names, decodes[_i].names);
}
END_TEST

START_TEST(test_props_and_names)
{
	struct mw_gfp_decode d;
	uint64_t v;
	char bad[64];

	/* 2.6: GFP_ATOMIC cannot wait: no direct reclaim, min halved and a quarter more */
	mw_gfp_decode(0x20, mw_gfp_era_for(MW_KVER(2, 6, 18)), MW_KVER(2, 6, 18), &d);
	ck_assert(!d.p.direct_reclaim && d.p.high && d.p.harder && d.plausible);
	/* 0x10 is __GFP_WAIT before 4.4 and __GFP_RECLAIMABLE after */
	mw_gfp_decode(0xd0, mw_gfp_era_for(MW_KVER(3, 10, 0)), 0, &d);
	ck_assert(d.p.direct_reclaim && d.p.io && d.p.fs && !d.p.harder);
	mw_gfp_decode(0xd0, mw_gfp_era_for(MW_KVER(4, 19, 0)), 0, &d);
	ck_assert(!d.p.direct_reclaim && !d.plausible);
	/* 5.1+ GFP_NOFS: reclaim and I/O, no filesystem */
	mw_gfp_decode(0x40c40, mw_gfp_era_for(MW_KVER(5, 19, 0)), 0, &d);
	ck_assert(d.p.direct_reclaim && d.p.io && !d.p.fs && d.p.comp);
	/* 6.3+: an allocation that cannot block is harder without __GFP_ATOMIC */
	mw_gfp_decode(0x820, mw_gfp_era_for(MW_KVER(6, 6, 0)), 0, &d);
	ck_assert(d.p.high && d.p.harder && !d.p.direct_reclaim);
	/* __GFP_NOMEMALLOC takes the reserves away */
	mw_gfp_decode(0xc0c40, mw_gfp_era_for(MW_KVER(6, 19, 0)), 0, &d);
	ck_assert(d.p.nomemalloc && !d.p.harder);

	/* printed names back to a value */
	ck_assert_int_eq(mw_gfp_names_value(mw_gfp_era_for(MW_KVER(6, 1, 1)), MW_KVER(6, 1, 1),
					    "GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO", &v, bad, sizeof(bad)), 0);
	ck_assert_uint_eq(v, 0x140dca);
	ck_assert_int_eq(mw_gfp_names_value(mw_gfp_era_for(MW_KVER(6, 1, 1)), MW_KVER(6, 1, 1),
					    "GFP_KERNEL|__GFP_BOGUS|0x4000000", &v, bad, sizeof(bad)), 1);
	ck_assert_uint_eq(v, 0x4000cc0);
	ck_assert_str_eq(bad, "__GFP_BOGUS");
	ck_assert_str_eq(mw_gfp_words("__GFP_HIGH"), "high priority: may go below the min watermark (min halved)");
}
END_TEST

/* Without a release: 0x20 is GFP_ATOMIC before 4.4 and a bare __GFP_HIGH after, so both are shown. */
START_TEST(test_candidates)
{
	struct mw_gfp_decode c[8];
	size_t total, n = mw_gfp_candidates(0x20, c, 8, &total);
	bool atomic = false, high = false;
	ck_assert_uint_ge(n, 2);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(c[i].names, "GFP_ATOMIC") == 0) {
			atomic = true;
			ck_assert_str_eq(c[i].era->name, "2.6.11");
			ck_assert_str_eq(c[i].era_last->name, "2.6.31");
		}
		if (strcmp(c[i].names, "__GFP_HIGH") == 0)
			high = true;
	}
	ck_assert(atomic && high);
	/* 0xcc0 only makes sense from 5.1: the plausible candidates all say GFP_KERNEL */
	n = mw_gfp_candidates(0xcc0, c, 8, &total);
	ck_assert(c[0].plausible);
	ck_assert_str_eq(c[0].names, "GFP_KERNEL");
	for (size_t i = 1; i < n; i++)
		ck_assert(!c[i].plausible || strcmp(c[i].names, "GFP_KERNEL") == 0);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("gfp");
	TCase *tc = tcase_create("gfp");
	tcase_add_loop_test(tc, test_composites, 0, (int)MW_ARRAY_SIZE(composites));
	tcase_add_loop_test(tc, test_decode, 0, (int)MW_ARRAY_SIZE(decodes));
	tcase_add_test(tc, test_props_and_names);
	tcase_add_test(tc, test_candidates);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_suite);
}
