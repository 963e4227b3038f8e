/* SPDX-License-Identifier: MIT */
/* check-snapshot.c: the snapshot report's figures and the kernel formulas behind them. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"
#include "memwaste/report.h"
#include "../reports/fragcalc.h"

#define FC "proc/firecracker_6.18.44_x86_64_"

/* fx() returns a static buffer: keep up to 8 paths alive at once. */
static const char *fx(const char *rel)
{
	static char paths[8][512];
	static unsigned next;
	char *p = paths[next++ % 8];
	snprintf(p, sizeof(paths[0]), "%s", mw_test_fixture(rel));
	return p;
}

static bool has_finding(const cJSON *item, const char *id)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(item, "findings"))
		if (strcmp(cJSON_GetObjectItem(f, "id")->valuestring, id) == 0)
			return true;
	return false;
}

static const cJSON *zone_item(const cJSON *snap, const char *zone)
{
	const cJSON *z;
	cJSON_ArrayForEach(z, cJSON_GetObjectItem(snap, "zones"))
		if (strcmp(cJSON_GetObjectItem(z, "zone")->valuestring, zone) == 0)
			return z;
	ck_abort_msg("no zone %s", zone);
	return NULL;
}

static double arr(const cJSON *o, const char *key, int i)
{
	const cJSON *a = cJSON_GetObjectItem(o, key), *v;
	ck_assert_msg(cJSON_IsArray(a), "'%s' is not an array", key);
	v = cJSON_GetArrayItem(a, i);
	ck_assert_msg(cJSON_IsNumber(v), "'%s'[%d] is not a number", key, i);
	return v->valuedouble;
}

/* ---- the kernel's arithmetic ---- */

START_TEST(test_frag_formulas)
{
	/* the Normal zone of the pre-4.4 fixture: orders 0..2 only */
	const uint64_t counts[11] = { 3600, 1430, 342, 0, 0, 0, 0, 0, 0, 0, 0 };
	struct mw_frag f;
	mw_frag_compute(counts, 11, &f);
	ck_assert_uint_eq(f.free_pages, 3600 + 2 * 1430 + 4 * 342);
	ck_assert_uint_eq(f.free_blocks, 3600 + 1430 + 342);
	ck_assert_int_eq(f.largest_order, 2);
	ck_assert_int_eq(f.unusable[0], 0);
	/* (7828 - (1430 + 2 * 342) * 2) * 1000 / 7828 = 3600000 / 7828 */
	ck_assert_int_eq(f.unusable[1], 459);
	ck_assert_int_eq(f.unusable[3], 1000);
	ck_assert_int_eq(f.extfrag[2], -1000);
	/* 1000 - (1000 + 7828 * 1000 / 8) / 5372 = 1000 - 979500 / 5372 */
	ck_assert_int_eq(f.extfrag[3], 818);
	ck_assert_int_eq(f.extfrag[10], 1000 - (1000 + 7828000 / 1024) / 5372);
	/* no free block at all: unusable 1, extfrag 0 */
	{
		const uint64_t none[3] = { 0, 0, 0 };
		mw_frag_compute(none, 3, &f);
		ck_assert_int_eq(f.unusable[1], 1000);
		ck_assert_int_eq(f.extfrag[1], 0);
		ck_assert_int_eq(f.largest_order, -1);
	}
}
END_TEST

START_TEST(test_min_free_formula)
{
	/* the 2.6 comment table: 16MB 512k, 1GB 4096k, 16GB 16384k */
	ck_assert_int_eq(mw_min_free_kbytes_formula(16384, 65536), 512);
	ck_assert_int_eq(mw_min_free_kbytes_formula(1048576, 65536), 4096);
	ck_assert_int_eq(mw_min_free_kbytes_formula(16777216, 65536), 16384);
	ck_assert_int_eq(mw_min_free_kbytes_formula(1, 65536), 128);
	ck_assert_int_eq(mw_min_free_kbytes_formula(INT64_C(1) << 40, 262144), 262144);
	ck_assert_uint_eq(mw_int_sqrt(UINT64_C(1) << 62), UINT64_C(1) << 31);
	ck_assert_uint_eq(mw_int_sqrt(99), 9);
	/* this machine: 3 zones, 512-page pageblocks: 16896 pages = 67584 kB, its vm.min_free_kbytes */
	ck_assert_int_eq(mw_min_free_kbytes_thp(3, 512, 1242934, 4), 67584);
	/* capped at 5% of lowmem */
	ck_assert_int_eq(mw_min_free_kbytes_thp(3, 512, 100000, 4), 100000 / 20 * 4);
}
END_TEST

/* ---- the report on this machine's capture ---- */

START_TEST(test_live_files)
{
	const char *paths[] = { fx(FC "meminfo.txt"), fx(FC "zoneinfo.txt"),
				fx(FC "buddyinfo.txt"), fx(FC "pagetypeinfo.txt"),
				fx(FC "slabinfo.txt"), fx(FC "vmstat.txt") };
	unsigned long warnings = 0;
	cJSON *j = mw_test_report_json(paths, MW_ARRAY_SIZE(paths), "snapshot", NULL, &warnings);
	const cJSON *s = mw_test_json_path(j, "snapshots.0"), *z;

	ck_assert_int_eq(warnings, 0);
	/* six files, one moment */
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "snapshots")), 1);
	ck_assert_double_eq(mw_test_json_num(s, "memtotal_kb"), 24684084);
	ck_assert_double_eq(mw_test_json_num(s, "page_size_bytes"), 4096);
	ck_assert_str_eq(mw_test_json_str(s, "provenance.page_size_bytes.confidence"), "derived");
	/* slab: sum num_slabs x pagesperslab x 4096, sum active_objs x objsize (computed apart in Python) */
	ck_assert_double_eq(mw_test_json_num(s, "slab_total_bytes"), 158654464);
	ck_assert_double_eq(mw_test_json_num(s, "slab_active_bytes"), 152809912);
	ck_assert_double_eq(mw_test_json_num(s, "slab_waste_bytes"), 158654464 - 152809912);
	ck_assert_str_eq(mw_test_json_str(s, "provenance.slab_waste_bytes.confidence"), "lower_bound");
	ck_assert_str_eq(mw_test_json_str(s, "slab_allocator"), "SLUB");
	/*
	 * MemTotal 24684084 - AnonPages 19416 - Shmem 8872 - (Cached 653200 - Shmem) - Buffers 1716
	 * - SReclaimable 134892 - SUnreclaim 26624 - PageTables 1912 - KernelStack 1484
	 * - (VmallocUsed 14316 - KernelStack) - Percpu 688 - MemFree 23757664
	 * - 14743 per-CPU free pages x 4 kB = 14684 kB
	 */
	ck_assert_double_eq(mw_test_json_num(s, "unaccounted_bytes"), 14684.0 * 1024);
	ck_assert_double_eq(mw_test_json_num(s, "pcp_free_bytes"), 14743.0 * 4096);
	ck_assert_double_eq(mw_test_json_num(s, "user_space_bytes"), (19416.0 + 8872) * 1024);
	ck_assert_double_eq(mw_test_json_num(s, "page_cache_bytes"), (653200.0 - 8872 + 1716) * 1024);
	/* zones: free pages = sum n_k 2^k of buddyinfo */
	z = zone_item(s, "Normal");
	ck_assert_double_eq(mw_test_json_num(z, "free_pages"), 259928);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(z, "unusable_index")), 11);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(z, "extfrag_index")), 11);
	ck_assert_double_eq(arr(z, "unusable_index", 0), 0);
	/* order 10: (259928 - 129 * 1024) * 1000 / 259928 = 491.8 -> 0.491 */
	ck_assert_double_eq(arr(z, "unusable_index", 10), 0.491);
	ck_assert_double_eq(arr(z, "extfrag_index", 10), -1);
	ck_assert_double_eq(mw_test_json_num(z, "largest_free_order"), 10);
	ck_assert_double_eq(mw_test_json_num(zone_item(s, "DMA32"), "free_pages"), 772915);
	ck_assert_double_eq(mw_test_json_num(zone_item(s, "DMA"), "free_pages"), 3840);
	/* watermarks: 51 + 10296 + 6548 pages of the lowmem zones; the THP formula gives 67584 kB */
	ck_assert_double_eq(mw_test_json_num(s, "min_free_kbytes"), (51.0 + 10296 + 6548) * 4);
	ck_assert_double_eq(mw_test_json_num(s, "min_free_kbytes_thp"), 67584);
	ck_assert(!has_finding(s, "min-free-kbytes-custom"));
	/* MemFree counts lazily initialised memory the zones do not hold yet */
	ck_assert(has_finding(s, "free-not-in-buddy"));
	ck_assert(!has_finding(s, "high-order-will-fail"));
	ck_assert(!has_finding(s, "zone-below-min"));
	cJSON_Delete(j);
}
END_TEST

/* The same capture as one concatenated text with a date line. */
START_TEST(test_live_all)
{
	const char *paths[] = { fx(FC "all.txt") };
	cJSON *j = mw_test_report_json(paths, 1, "snapshot", NULL, NULL);
	const cJSON *s = mw_test_json_path(j, "snapshots.0");
	ck_assert_double_eq(mw_test_json_num(s, "taken"), 1795311818);
	ck_assert_str_eq(mw_test_json_str(s, "sections"), "meminfo, zoneinfo, buddyinfo, pagetypeinfo, slabinfo, vmstat");
	ck_assert_double_eq(mw_test_json_num(s, "memtotal_kb"), 24684084);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(s, "zones")), 3);
	cJSON_Delete(j);
}
END_TEST

/* Old layouts: 2.6.13 zoneinfo, slabinfo 1.1 and 2.0, pre-4.4 pagetypeinfo (numbers checked by hand). */
START_TEST(test_old_layouts)
{
	const char *zi[] = { fx("proc/spec_2.6.13_x86_64_zoneinfo.txt") };
	const char *s11[] = { fx("proc/spec_2.4_slabinfo-1.1.txt") };
	const char *s20[] = { fx("proc/spec_2.6.0_slabinfo-2.0.txt") };
	const char *pt[] = { fx("proc/spec_3.10_x86_64_pagetypeinfo.txt") };
	cJSON *j;
	const cJSON *s, *z;

	j = mw_test_report_json(zi, 1, "snapshot", NULL, NULL);
	s = mw_test_json_path(j, "snapshots.0");
	ck_assert(has_finding(s, "zone-below-min"));
	/* (15 + 1003) pages x 4 kB; int_sqrt(16 x (3998 + 256000) x 4) = 4079 */
	ck_assert_double_eq(mw_test_json_num(s, "min_free_kbytes"), 4072);
	ck_assert_double_eq(mw_test_json_num(s, "min_free_kbytes_formula"), 4079);
	ck_assert(!has_finding(s, "min-free-kbytes-custom"));
	ck_assert_ptr_null(cJSON_GetObjectItem(s, "min_free_kbytes_thp"));
	ck_assert_double_eq(mw_test_json_num(zone_item(s, "Normal"), "pcp_free_pages"), 112);
	ck_assert_double_eq(mw_test_json_num(zone_item(s, "Normal"), "free_pages"), 900);
	ck_assert_str_eq(mw_test_json_str(s, "provenance.page_size_bytes.confidence"), "estimated");
	cJSON_Delete(j);

	j = mw_test_report_json(s11, 1, "snapshot", NULL, NULL);
	s = mw_test_json_path(j, "snapshots.0");
	/* slabs: 2 + 0 + 30 + 378 + 134 + 151 + 12 + 18 = 725 pages; active: 59*100 + 120*896 + 3011*480
	 * + 4012*128 + 6004*96 + 12*4096 + 1800*32 */
	ck_assert_double_eq(mw_test_json_num(s, "slab_total_bytes"), 725.0 * 4096);
	ck_assert_double_eq(mw_test_json_num(s, "slab_active_bytes"),
			    59.0 * 100 + 120 * 896 + 3011 * 480 + 4012 * 128 + 6004 * 96 + 12 * 4096 + 1800 * 32);
	ck_assert_double_eq(mw_test_json_num(s, "dcache_icache_bytes"), (134.0 + 378) * 4096);
	ck_assert_double_eq(mw_test_json_num(s, "buffer_head_bytes"), 151.0 * 4096);
	ck_assert_str_eq(mw_test_json_str(s, "provenance.slab_waste_bytes.confidence"), "derived");
	cJSON_Delete(j);

	j = mw_test_report_json(s20, 1, "snapshot", NULL, NULL);
	s = mw_test_json_path(j, "snapshots.0");
	ck_assert_double_eq(mw_test_json_num(s, "slab_total_bytes"), (1715.0 + 1305 + 257 + 20 + 40 + 9) * 4096);
	ck_assert_double_eq(mw_test_json_num(s, "slab_active_bytes"),
			    9000.0 * 512 + 30000 * 160 + 20000 * 48 + 2000 * 32 + 40 * 4096 + 800 * 40);
	ck_assert_double_eq(mw_test_json_num(s, "sysfs_kernfs_bytes"), 9.0 * 4096);
	ck_assert_str_eq(mw_test_json_str(s, "slab_allocator"), "SLAB");
	cJSON_Delete(j);

	j = mw_test_report_json(pt, 1, "snapshot", NULL, NULL);
	s = mw_test_json_path(j, "snapshots.0");
	z = zone_item(s, "Normal");
	ck_assert_double_eq(mw_test_json_num(z, "free_pages"), 7828);
	ck_assert_double_eq(arr(z, "extfrag_index", 3), 0.818);
	ck_assert_double_eq(arr(z, "unusable_index", 3), 1);
	ck_assert_double_eq(mw_test_json_num(z, "largest_free_order"), 2);
	ck_assert(has_finding(s, "high-order-will-fail"));
	ck_assert(has_finding(s, "external-fragmentation"));
	cJSON_Delete(j);
}
END_TEST

/* A logging loop of many moments: details for the latest and the worst only, every item with the keys. */
START_TEST(test_selection)
{
	char text[1024];
	size_t n = 0;
	cJSON *j;
	const cJSON *list, *it;
	static const int avail[] = { 9000, 8000, 2000, 7000, 6500, 6000 };

	for (int i = 0; i < 6; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "2026-11-21 10:%02d:00\nMemTotal:       16000000 kB\n"
				      "MemFree:         %d000 kB\nMemAvailable:    %d000 kB\n------------------------\n", i,
				      avail[i] / 2, avail[i]);
	ck_assert_uint_lt(n, sizeof(text));
	j = mw_test_report_text(text, "snapshot", NULL, -1);
	list = cJSON_GetObjectItem(j, "snapshots");
	ck_assert_int_eq(cJSON_GetArraySize(list), 2);
	/* in time order: the worst (10:02) first, then the latest (10:05) */
	ck_assert_double_eq(mw_test_json_num(j, "snapshots.0.memavailable_kb"), 2000000);
	ck_assert_str_eq(mw_test_json_str(j, "snapshots.0.role"), "lowest MemAvailable of 6");
	ck_assert_double_eq(mw_test_json_num(j, "snapshots.1.memavailable_kb"), 6000000);
	ck_assert_str_eq(mw_test_json_str(j, "snapshots.1.role"), "latest of 6");
	cJSON_ArrayForEach(it, list) {
		ck_assert_ptr_nonnull(cJSON_GetObjectItem(it, "memtotal_kb"));
		ck_assert_ptr_nonnull(cJSON_GetObjectItem(it, "slab_total_bytes"));
		ck_assert_ptr_nonnull(cJSON_GetObjectItem(it, "slab_active_bytes"));
		ck_assert_ptr_nonnull(cJSON_GetObjectItem(it, "slab_waste_bytes"));
		ck_assert_ptr_nonnull(cJSON_GetObjectItem(it, "unaccounted_bytes"));
	}
	cJSON_Delete(j);
}
END_TEST

/* PAGE_SIZE from the boot log of the same host when the /proc files do not tell. */
START_TEST(test_page_size_from_boot)
{
	const char *paths[] = { fx("dmesg/kleen-2006-paper.txt"), fx(FC "buddyinfo.txt") };
	cJSON *j = mw_test_report_json(paths, 2, "snapshot", NULL, NULL);
	ck_assert_double_eq(mw_test_json_num(j, "snapshots.0.page_size_bytes"), 4096);
	ck_assert_str_eq(mw_test_json_str(j, "snapshots.0.provenance.page_size_bytes.confidence"), "derived");
	ck_assert_ptr_nonnull(strstr(mw_test_json_str(j, "snapshots.0.provenance.page_size_bytes.how"), "boot log"));
	cJSON_Delete(j);
}
END_TEST

/* Findings from meminfo and slabinfo: unaccounted, unreclaimable slab, dentry blunderbuss, page tables. */
START_TEST(test_findings)
{
	cJSON *j;
	const cJSON *s;

	j = mw_test_report_text("MemTotal:        8000000 kB\n"
				 "MemFree:          500000 kB\n"
				 "Buffers:           10000 kB\n"
				 "Cached:          1000000 kB\n"
				 "AnonPages:       2000000 kB\n"
				 "Shmem:             10000 kB\n"
				 "Slab:            2200000 kB\n"
				 "SReclaimable:    1200000 kB\n"
				 "SUnreclaim:      1000000 kB\n"
				 "KernelStack:       20000 kB\n"
				 "PageTables:       300000 kB\n"
				 "slabinfo - version: 2.1\n"
				 "dentry           1000000 5000000    192   21    1 : tunables    0    0    0 : slabdata 238096 238096      0\n"
				 "kmalloc-64       4000000 4000000     64   64    1 : tunables    0    0    0 : slabdata  62500  62500      0\n",
				 "snapshot", NULL, -1);
	s = mw_test_json_path(j, "snapshots.0");
	/* 8000000 - 2000000 - 10000 - 990000 - 10000 - 1200000 - 1000000 - 300000 - 20000 - 500000 */
	ck_assert_double_eq(mw_test_json_num(s, "unaccounted_bytes"), 1970000.0 * 1024);
	ck_assert(has_finding(s, "unaccounted-high"));
	ck_assert(has_finding(s, "slab-unreclaimable-high"));
	ck_assert(has_finding(s, "pagetables-high"));
	/* dentry: 238096 slabs of 4 KiB, 20% of its objects in use */
	ck_assert(has_finding(s, "slab-blunderbuss"));
	ck_assert(has_finding(s, "slab-waste-high"));
	ck_assert_double_eq(mw_test_json_num(s, "dentry_bytes"), 238096.0 * 4096);
	cJSON_Delete(j);
}
END_TEST

/* Dirty pages: a share of RAM within the file LRU, or more than the LRU can hold (a counter gone wrong). */
static cJSON *meminfo_report(const char *text)
{
	return mw_test_report_text(text, "snapshot", NULL, -1);
}

START_TEST(test_dirty)
{
	cJSON *j;
	const cJSON *s;
	/* 1.2 GB dirty of 8 GB, on 3 GB of file pages: a share, no drift */
	j = meminfo_report("MemTotal:        8000000 kB\nMemFree:         4000000 kB\nCached:          3000000 kB\n"
			   "Active(file):    1500000 kB\nInactive(file):  1500000 kB\nUnevictable:           0 kB\n"
			   "Dirty:           1000000 kB\nWriteback:        200000 kB\n");
	s = mw_test_json_path(j, "snapshots.0");
	ck_assert(has_finding(s, "dirty-pages-high"));
	ck_assert(!has_finding(s, "dirty-counter-drift"));
	cJSON_Delete(j);
	/* the 5.19-rc shape: 2.8 GB dirty on 268 MB of file pages */
	j = meminfo_report("MemTotal:       16292348 kB\nMemFree:        15298308 kB\nCached:           209288 kB\n"
			   "Active(file):     141268 kB\nInactive(file):   126748 kB\nUnevictable:       12344 kB\n"
			   "Dirty:           2825676 kB\nWriteback:             0 kB\n");
	s = mw_test_json_path(j, "snapshots.0");
	ck_assert(has_finding(s, "dirty-counter-drift"));
	ck_assert(!has_finding(s, "dirty-pages-high"));
	cJSON_Delete(j);
	/* within the slack for isolated pages: 268 MB + 268/16 + 4 MB */
	j = meminfo_report("MemTotal:       16292348 kB\nMemFree:        15298308 kB\nCached:           209288 kB\n"
			   "Active(file):     141268 kB\nInactive(file):   126748 kB\nUnevictable:           0 kB\n"
			   "Dirty:            288000 kB\nWriteback:             0 kB\n");
	s = mw_test_json_path(j, "snapshots.0");
	ck_assert(!has_finding(s, "dirty-counter-drift"));
	cJSON_Delete(j);
}
END_TEST

static Suite *make_snapshot_suite(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc = tcase_create("report");
	tcase_add_test(tc, test_frag_formulas);
	tcase_add_test(tc, test_min_free_formula);
	tcase_add_test(tc, test_live_files);
	tcase_add_test(tc, test_live_all);
	tcase_add_test(tc, test_old_layouts);
	tcase_add_test(tc, test_selection);
	tcase_add_test(tc, test_page_size_from_boot);
	tcase_add_test(tc, test_findings);
	tcase_add_test(tc, test_dirty);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_snapshot_suite);
}
