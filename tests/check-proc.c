/* SPDX-License-Identifier: MIT */
/* check-proc.c: the /proc snapshot parsers (meminfo, zoneinfo, buddyinfo, pagetypeinfo, slabinfo, vmstat). */
#include <string.h>
#include "testlib.h"
#include "../parsers/procfs.h"

#define FC "proc/firecracker_6.18.44_x86_64_"

static void parse_text(const char *name, const char *text, struct mw_test_records *r)
{
	mw_test_records_init(r);
	ck_assert_int_eq(mw_test_parse(name, text, strlen(text), NULL, r), 0);
}

static void parse_fixture(const char *rel, struct mw_test_records *r)
{
	mw_test_records_init(r);
	ck_assert_int_eq(mw_test_parse_file(mw_test_fixture(rel), NULL, r), 0);
}

/* The i-th record of `kind` whose string field `field` is `value`. */
static cJSON *find_rec(const struct mw_test_records *r, const char *kind, const char *field, const char *value)
{
	cJSON *o;
	cJSON_ArrayForEach(o, r->all) {
		const cJSON *k = cJSON_GetObjectItem(o, "kind"), *f = cJSON_GetObjectItem(o, field);
		if (cJSON_IsString(k) && strcmp(k->valuestring, kind) == 0 && cJSON_IsString(f) &&
		    strcmp(f->valuestring, value) == 0)
			return o;
	}
	return NULL;
}

static const cJSON *zone_of(const struct mw_test_records *r, const char *kind, int64_t node, const char *zone)
{
	cJSON *o;
	cJSON_ArrayForEach(o, r->all) {
		const cJSON *k = cJSON_GetObjectItem(o, "kind");
		if (strcmp(k->valuestring, kind) == 0 && mw_test_int(o, "node") == node && strcmp(mw_test_str(o, "zone"), zone) == 0)
			return o;
	}
	ck_abort_msg("no %s record for node %lld zone %s", kind, (long long)node, zone);
	return NULL;
}

/* ---- meminfo ---- */

START_TEST(test_meminfo_fields_sorted)
{
	const char *prev = NULL, *n;
	size_t i = 0;
	while ((n = mw_meminfo_field_name(i++))) {
		if (prev)
			ck_assert_msg(strcmp(prev, n) < 0, "meminfo field table not sorted at '%s' / '%s'", prev, n);
		prev = n;
	}
	ck_assert(i > 60);
}
END_TEST

START_TEST(test_meminfo_live)
{
	struct mw_test_records r;
	parse_fixture(FC "meminfo.txt", &r);
	ck_assert_int_eq(mw_test_count(&r, "snapshot"), 1);
	ck_assert_int_eq(mw_test_count(&r, "kv"), 54);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "MemTotal"), "value"), 24684084);
	ck_assert_str_eq(mw_test_str(find_rec(&r, "kv", "key", "MemTotal"), "unit"), "kb");
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "MemTotal"), "line"), 1);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "Hugepagesize"), "value"), 2048);
	ck_assert_str_eq(mw_test_str(find_rec(&r, "kv", "key", "HugePages_Total"), "unit"), "hugepages");
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "Active(anon)"), "value"), 1548);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

/* 2.6.27 labels padded to 14 columns, ShadowCallStack without a blank, a vendor field, a unit-less counter. */
START_TEST(test_meminfo_eras)
{
	struct mw_test_records r;
	parse_text("meminfo",
		   "MemTotal:      1035520 kB\n"
		   "MemFree:         20392 kB\n"
		   "HighTotal:      131008 kB\n"
		   "ShadowCallStack:12345 kB\n"
		   "Tcache:          45678 kB\n"
		   "HugePages_Rsvd:      3\n"
		   "HardwareCorrupted:     0 kB\n",
		   &r);
	ck_assert_int_eq(mw_test_count(&r, "kv"), 7);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "MemTotal"), "value"), 1035520);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "ShadowCallStack"), "value"), 12345);
	/* unknown keys are kept, never dropped */
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "Tcache"), "value"), 45678);
	ck_assert_str_eq(mw_test_str(find_rec(&r, "kv", "key", "HugePages_Rsvd"), "unit"), "hugepages");
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

START_TEST(test_meminfo_garbage)
{
	struct mw_test_records r;
	parse_text("bad-meminfo",
		   "MemTotal:       16000000 kB\n"
		   "MemFree:        abc kB\n"
		   "Buffers:        12x kB\n"
		   "Cached:         5000000 kB trailing words\n"
		   "Slab:           300000\n"
		   "SwapCached:          0 kB\n",
		   &r);
	/* "abc" and "12x" are not numbers: those lines are skipped */
	ck_assert_ptr_null(find_rec(&r, "kv", "key", "MemFree"));
	ck_assert_ptr_null(find_rec(&r, "kv", "key", "Buffers"));
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "Cached"), "value"), 5000000);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "Slab"), "value"), 300000);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "SwapCached"), "value"), 0);
	/* the rest of the file still imports: one snapshot, MemTotal kept */
	ck_assert_int_eq(mw_test_count(&r, "snapshot"), 1);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "MemTotal"), "value"), 16000000);
	ck_assert_uint_eq(r.warnings, 4);
	ck_assert_str_eq(r.last_warning, "bad-meminfo:5: 'Slab' has no 'kB' after its value (line cut off?); read as kB");
	mw_test_records_free(&r);
}
END_TEST

/* A garbled line in the middle of a section is reported, and the section (one moment) goes on. */
START_TEST(test_garbled_middle)
{
	struct mw_test_records r;
	parse_text("g",
		   "MemTotal:  100 kB\nMem#ree:  50 kB\nCached:  10 kB\n"
		   "slabinfo - version: 2.1\n"
		   "dentry 1 1 192 21 1 : tunables 0 0 0 : slabdata 1 1 0\n"
		   "ino#de x 1 600 13 2 : tunables 0 0 0 : slabdata 1 1 0\n"
		   "foo 2 2 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n",
		   &r);
	ck_assert_int_eq(mw_test_count(&r, "snapshot"), 1);
	ck_assert_int_eq(mw_test_count(&r, "kv"), 2);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 2);
	ck_assert_uint_eq(r.warnings, 2);
	ck_assert_str_eq(r.last_warning, "g:6: 'ino#de x 1 600 13 2 : tunables 0 0 0 : slabdata 1 1 0' is not a cache line, skipped");
	mw_test_records_free(&r);
}
END_TEST

/* Two captures concatenated without a date line: the repeated MemTotal starts a new moment. */
START_TEST(test_meminfo_twice)
{
	struct mw_test_records r;
	parse_text("two", "MemTotal: 100 kB\nMemFree: 50 kB\nMemTotal: 100 kB\nMemFree: 40 kB\n", &r);
	ck_assert_int_eq(mw_test_count(&r, "snapshot"), 2);
	ck_assert_int_eq(mw_test_count(&r, "kv"), 4);
	mw_test_records_free(&r);
}
END_TEST

/* ---- zoneinfo ---- */

START_TEST(test_zoneinfo_48)
{
	struct mw_test_records r;
	const cJSON *z;
	cJSON *kv;
	size_t per_node = 0;
	parse_fixture(FC "zoneinfo.txt", &r);
	ck_assert_int_eq(mw_test_count(&r, "zone"), 5);
	z = zone_of(&r, "zone", 0, "Normal");
	ck_assert_int_eq(mw_test_int(z, "free"), 259928);
	ck_assert_int_eq(mw_test_int(z, "min"), 6548);
	ck_assert_int_eq(mw_test_int(z, "low"), 8185);
	ck_assert_int_eq(mw_test_int(z, "high"), 9822);
	ck_assert_int_eq(mw_test_int(z, "promo"), 11459);
	ck_assert_int_eq(mw_test_int(z, "boost"), 0);
	ck_assert_int_eq(mw_test_int(z, "managed"), 491520);
	ck_assert_int_eq(mw_test_int(z, "present"), 5505024);
	ck_assert_int_eq(mw_test_int(z, "start_pfn"), 1048576);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(z, "populated")));
	z = zone_of(&r, "zone", 0, "DMA");
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(z, "protection")), 5);
	ck_assert_int_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(z, "protection"), 2)->valueint, 4939);
	/* unpopulated zones are printed since 4.x */
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(zone_of(&r, "zone", 0, "Movable"), "populated")));
	cJSON_ArrayForEach(kv, r.all)
		if (strcmp(cJSON_GetObjectItem(kv, "kind")->valuestring, "zone_kv") == 0 && cJSON_IsTrue(cJSON_GetObjectItem(kv, "per_node")))
			per_node++;
	ck_assert_uint_eq(per_node, 51);
	ck_assert_str_eq(mw_test_str(find_rec(&r, "snapshot_fact", "key", "zoneinfo_layout"), "text"), "4.8+");
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

START_TEST(test_zoneinfo_2613)
{
	struct mw_test_records r;
	const cJSON *z;
	cJSON *o;
	int64_t pcp = -1, numa = -1;
	parse_fixture("proc/spec_2.6.13_x86_64_zoneinfo.txt", &r);
	ck_assert_int_eq(mw_test_count(&r, "zone"), 2);
	z = zone_of(&r, "zone", 0, "Normal");
	ck_assert_int_eq(mw_test_int(z, "free"), 900);
	ck_assert_int_eq(mw_test_int(z, "min"), 1003);
	ck_assert_int_eq(mw_test_int(z, "present"), 256000);
	ck_assert_int_eq(mw_test_int(z, "start_pfn"), 4096);
	ck_assert_ptr_null(cJSON_GetObjectItem(z, "managed"));
	/* the zone kvs follow their zone: hot and cold pagesets of both CPUs summed, NUMA counters summed */
	cJSON_ArrayForEach(o, r.all) {
		const char *k = cJSON_GetObjectItem(o, "kind")->valuestring;
		if (strcmp(k, "zone") == 0) {
			pcp = numa = -1;
			continue;
		}
		if (strcmp(k, "zone_kv") != 0)
			continue;
		if (strcmp(mw_test_str(o, "key"), "pcp_count") == 0)
			pcp = mw_test_int(o, "value");
		if (strcmp(mw_test_str(o, "key"), "numa_hit") == 0)
			numa = mw_test_int(o, "value");
	}
	ck_assert_int_eq(pcp, 40 + 10 + 50 + 12);
	ck_assert_int_eq(numa, 5000 + 7000);
	ck_assert_str_eq(mw_test_str(find_rec(&r, "snapshot_fact", "key", "zoneinfo_layout"), "text"), "2.6.13-2.6.17");
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

/* 2.6.18 .. 4.7: counters after the watermarks, protection after the counters. */
START_TEST(test_zoneinfo_2618)
{
	struct mw_test_records r;
	const cJSON *z;
	parse_text("zoneinfo",
		   "Node 0, zone   Normal\n"
		   "  pages free     38277\n"
		   "        min      696\n"
		   "        low      870\n"
		   "        high     1044\n"
		   "        scanned  0 (aa: 0 ia: 0 af: 0 if: 0)\n"
		   "        spanned  122368\n"
		   "        present  121412\n"
		   "    nr_free_pages 38277\n"
		   "    nr_slab_reclaimable 3343\n"
		   "        protection: (0, 4038, 4038)\n"
		   "  pagesets\n"
		   "    cpu: 0\n"
		   "              count: 145\n"
		   "              high:  186\n"
		   "              batch: 31\n"
		   "  vm stats threshold: 6\n"
		   "  all_unreclaimable: 0\n"
		   "  start_pfn:         524288\n"
		   "  inactive_ratio:    1\n",
		   &r);
	z = zone_of(&r, "zone", 0, "Normal");
	ck_assert_int_eq(mw_test_int(z, "high"), 1044);
	ck_assert_int_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(z, "protection"), 1)->valueint, 4038);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "zone_kv", "key", "nr_slab_reclaimable"), "value"), 3343);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "zone_kv", "key", "pcp_count"), "value"), 145);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "zone_kv", "key", "pcp_high"), "value"), 186);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "zone_kv", "key", "inactive_ratio"), "value"), 1);
	ck_assert_str_eq(mw_test_str(find_rec(&r, "snapshot_fact", "key", "zoneinfo_layout"), "text"), "2.6.18-4.7");
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

/* A zone whose watermark block is missing, another with no block at all: file:line, the rest imports. */
START_TEST(test_zoneinfo_missing_block)
{
	struct mw_test_records r;
	parse_text("zi",
		   "Node 0, zone      DMA\n"
		   "Node 0, zone   Normal\n"
		   "  pages free     500\n"
		   "    nr_free_pages 500\n"
		   "        protection: (0, 0)\n"
		   "Node 0, zone  HighMem\n"
		   "  pages free     7\n"
		   "        min      1\n"
		   "        low      2\n"
		   "        high     3\n",
		   &r);
	ck_assert_int_eq(mw_test_count(&r, "zone"), 3);
	ck_assert_int_eq(mw_test_int(zone_of(&r, "zone", 0, "HighMem"), "high"), 3);
	ck_assert_int_eq(mw_test_int(zone_of(&r, "zone", 0, "Normal"), "free"), 500);
	ck_assert_uint_eq(r.warnings, 2);
	ck_assert_str_eq(r.last_warning, "zi:2: zone Normal of node 0: its watermark block is incomplete (no 'min', 'low', 'high')");
	mw_test_records_free(&r);
}
END_TEST

/* ---- buddyinfo ---- */

START_TEST(test_buddyinfo)
{
	struct mw_test_records r;
	const cJSON *b;
	parse_fixture(FC "buddyinfo.txt", &r);
	ck_assert_int_eq(mw_test_count(&r, "buddy"), 3);
	b = zone_of(&r, "buddy", 0, "Normal");
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(b, "counts")), 11);
	ck_assert_int_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(b, "counts"), 0)->valueint, 1390);
	ck_assert_int_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(b, "counts"), 10)->valueint, 129);
	mw_test_records_free(&r);
	/* the number of orders comes from the data: 14 with 64K pages on arm64 */
	parse_text("buddyinfo", "Node 0, zone   Normal      1      2      3      4      5      6      7      8      9     10     11     12     13     14 \n", &r);
	b = zone_of(&r, "buddy", 0, "Normal");
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(b, "counts")), 14);
	ck_assert_int_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(b, "counts"), 13)->valueint, 14);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

/* ---- pagetypeinfo ---- */

static int64_t blocks_of(const struct mw_test_records *r, const char *zone, const char *type)
{
	cJSON *o;
	cJSON_ArrayForEach(o, r->all) {
		if (strcmp(cJSON_GetObjectItem(o, "kind")->valuestring, "pagetype") == 0 &&
		    strcmp(mw_test_str(o, "section"), "blocks") == 0 && strcmp(mw_test_str(o, "zone"), zone) == 0 &&
		    strcmp(mw_test_str(o, "type"), type) == 0)
			return cJSON_GetArrayItem(cJSON_GetObjectItem(o, "counts"), 0)->valueint;
	}
	return -1;
}

/* Before 4.4 the columns were Unmovable Reclaimable Movable Reserve: the header decides. */
START_TEST(test_pagetypeinfo_pre44)
{
	struct mw_test_records r;
	parse_fixture("proc/spec_3.10_x86_64_pagetypeinfo.txt", &r);
	ck_assert_int_eq(blocks_of(&r, "Normal", "Movable"), 380);
	ck_assert_int_eq(blocks_of(&r, "Normal", "Reclaimable"), 20);
	ck_assert_int_eq(blocks_of(&r, "Normal", "Reserve"), 2);
	ck_assert_int_eq(blocks_of(&r, "DMA", "Movable"), 6);
	ck_assert_int_eq(mw_test_count(&r, "pagetype"), 10 + 2 * 5);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "pagetype", 0), "pageblock_order"), 9);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
	parse_fixture(FC "pagetypeinfo.txt", &r);
	ck_assert_int_eq(blocks_of(&r, "Normal", "Movable"), 754);
	ck_assert_int_eq(blocks_of(&r, "Normal", "HighAtomic"), 0);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

START_TEST(test_pagetypeinfo_capped)
{
	struct mw_test_records r;
	cJSON *rec;
	parse_text("pagetypeinfo",
		   "Free pages count per migrate type at order       0      1      2 \n"
		   "Node    0, zone   Normal, type      Movable >100000  50000      3 \n",
		   &r);
	rec = mw_test_nth(&r, "pagetype", 0);
	ck_assert_int_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(rec, "counts"), 0)->valueint, 100000);
	ck_assert_int_eq(mw_test_int(rec, "capped"), 1);
	ck_assert_str_eq(mw_test_str(rec, "type"), "Movable");
	mw_test_records_free(&r);
}
END_TEST

/* ---- slabinfo ---- */

START_TEST(test_slabinfo_21)
{
	struct mw_test_records r;
	cJSON *c;
	parse_fixture(FC "slabinfo.txt", &r);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 235);
	c = find_rec(&r, "slab", "name", "dentry");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(mw_test_int(c, "objsize"), 192);
	ck_assert_int_eq(mw_test_int(c, "objperslab"), 21);
	ck_assert_int_eq(mw_test_int(c, "limit"), 0);
	ck_assert_str_eq(mw_test_str(find_rec(&r, "snapshot_fact", "key", "slab_allocator"), "text"), "SLUB");
	ck_assert_int_eq(mw_test_int(find_rec(&r, "snapshot_fact", "key", "page_size"), "value"), 4096);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "snapshot_fact", "key", "slabinfo_version"), "value"), 21);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

/* 2.0: the legend says <batchcount> <limit>, the data prints limit first. */
START_TEST(test_slabinfo_20)
{
	struct mw_test_records r;
	cJSON *c;
	parse_fixture("proc/spec_2.6.0_slabinfo-2.0.txt", &r);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 6);
	c = find_rec(&r, "slab", "name", "dentry_cache");
	ck_assert_int_eq(mw_test_int(c, "limit"), 120);
	ck_assert_int_eq(mw_test_int(c, "batchcount"), 60);
	ck_assert_int_eq(mw_test_int(c, "sharedfactor"), 8);
	ck_assert_int_eq(mw_test_int(c, "num_slabs"), 1305);
	ck_assert_str_eq(mw_test_str(find_rec(&r, "snapshot_fact", "key", "slab_allocator"), "text"), "SLAB");
	ck_assert_int_eq(mw_test_int(find_rec(&r, "snapshot_fact", "key", "page_size"), "value"), 4096);
	mw_test_records_free(&r);
}
END_TEST

START_TEST(test_slabinfo_11)
{
	struct mw_test_records r;
	cJSON *c;
	parse_fixture("proc/spec_2.4_slabinfo-1.1.txt", &r);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 8);
	c = find_rec(&r, "slab", "name", "dentry_cache");
	ck_assert_int_eq(mw_test_int(c, "active_objs"), 4012);
	ck_assert_int_eq(mw_test_int(c, "objsize"), 128);
	ck_assert_int_eq(mw_test_int(c, "active_slabs"), 134);
	ck_assert_int_eq(mw_test_int(c, "num_slabs"), 134);
	ck_assert_int_eq(mw_test_int(c, "pagesperslab"), 1);
	ck_assert_int_eq(mw_test_int(c, "objperslab"), 30);
	ck_assert_int_eq(mw_test_int(c, "limit"), 252);
	ck_assert_int_eq(mw_test_int(c, "batchcount"), 126);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "snapshot_fact", "key", "slabinfo_version"), "value"), 11);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
	/* 1.0 (2.2): name, active and total objects only */
	parse_text("slabinfo", "slabinfo - version: 1.0\nkmem_cache            29     42\ndentry_cache      1189547 1263374\n", &r);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 2);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "slab", "name", "dentry_cache"), "num_objs"), 1263374);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

/* supportconfig drops the '#' legend; some captures lose the version line too. */
START_TEST(test_slabinfo_headerless)
{
	struct mw_test_records r;
	parse_text("memory.txt",
		   "slabinfo - version: 2.1\n"
		   "dentry             40719  40719    192   21    1 : tunables    0    0    0 : slabdata   1939   1939      0\n"
		   "kmalloc-8          4096   4096      8  512    1 : tunables    0    0    0 : slabdata      8      8      0\n",
		   &r);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 2);
	mw_test_records_free(&r);
	parse_text("memory.txt",
		   "dentry             40719  40719    192   21    1 : tunables    0    0    0 : slabdata   1939   1939      0\n"
		   "kmalloc-8          4096   4096      8  512    1 : tunables    0    0    0 : slabdata      8      8      0\n",
		   &r);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 2);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "slab", "name", "kmalloc-8"), "num_slabs"), 8);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "snapshot_fact", "key", "page_size"), "value"), 4096);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

START_TEST(test_slabinfo_bad)
{
	struct mw_test_records r;
	/* a line cut in its slabdata group, and a line cut at the end of the input */
	parse_text("slabinfo",
		   "slabinfo - version: 2.1\n"
		   "dentry             40719  40719    192   21    1 : tunables    0    0    0 : slabdata   1939\n"
		   "inode_cache         1000   1000    600   13    2 : tunables    0    0    0 : slabdata     77     77      0\n"
		   "kmalloc-64         1024   1024     64   64",
		   &r);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 1);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "slab", "name", "inode_cache"), "num_slabs"), 77);
	ck_assert_uint_eq(r.warnings, 2);
	ck_assert_str_eq(r.last_warning, "slabinfo:4: cache 'kmalloc-64' skipped: fewer than 5 numbers after the name");
	mw_test_records_free(&r);
	/* a version we do not know: refused with file:line, its lines skipped, the rest of the input imported */
	parse_text("mixed",
		   "slabinfo - version: 3.0\n"
		   "dentry             40719  40719    192   21    1 : tunables    0    0    0 : slabdata   1939   1939      0\n"
		   "MemTotal:       16000000 kB\n",
		   &r);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 0);
	ck_assert_int_eq(mw_test_int(find_rec(&r, "kv", "key", "MemTotal"), "value"), 16000000);
	ck_assert_uint_eq(r.warnings, 1);
	ck_assert_str_eq(r.last_warning, "mixed:1: version 3.0 is not one memwaste reads (1.0-1.2, 2.0, 2.1); the cache lines are skipped");
	mw_test_records_free(&r);
}
END_TEST

static int null_emit(void *userdata, const struct mw_record *rec)
{
	(void)userdata;
	(void)rec;
	return 0;
}

static int parse_strict(const char *text, bool strict)
{
	struct mw_input_limits limits;
	struct mw_input *in = NULL;
	struct mw_session session = { .pending_time = MW_UNKNOWN };
	struct mw_sink sink = { null_emit, NULL };
	struct mw_parse_opts po = { .strict = strict, .name_hint = "x", .origin = "file", .time_hint = MW_UNKNOWN };
	struct mw_diag diag;
	char *err = NULL;
	int r;
	mw_input_limits_default(&limits);
	ck_assert_int_eq(mw_input_open_mem(text, strlen(text), "x", &limits, &in, &err), 0);
	mw_diag_init(&diag, NULL, NULL);
	r = mw_parse_input(in, &po, &session, &sink, &diag, NULL);
	mw_input_free(in);
	return r;
}

/* --strict: any of these problems fails the input; without it the input imports. */
START_TEST(test_strict)
{
	static const char *const bad[] = {
		"MemTotal: 100 kB\nMemFree: x kB\n",
		"slabinfo - version: 9.9\ndentry 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n",
		"slabinfo - version: 2.1\ndentry 1 2 3 4 5 : tunables 0 0 0 : slabdata 1\n",
		"Node 0, zone   Normal\n  pages free 1\n",
		"Node 0, zone   Normal      1      x\n",
	};
	for (size_t i = 0; i < MW_ARRAY_SIZE(bad); i++) {
		ck_assert_msg(parse_strict(bad[i], true) == MW_ESTRICT, "input %zu is not refused by --strict", i);
		ck_assert_msg(parse_strict(bad[i], false) == 0, "input %zu fails without --strict", i);
	}
}
END_TEST

/* ---- vmstat ---- */

START_TEST(test_vmstat)
{
	struct mw_test_records r;
	parse_fixture(FC "vmstat.txt", &r);
	ck_assert_int_eq(mw_test_count(&r, "kv"), 192);
	ck_assert_str_eq(mw_test_str(find_rec(&r, "kv", "key", "nr_free_pages"), "unit"), "pages");
	ck_assert_str_eq(mw_test_str(find_rec(&r, "kv", "key", "pgfault"), "unit"), "count");
	ck_assert_str_eq(mw_test_str(find_rec(&r, "kv", "key", "nr_anon_transparent_hugepages"), "unit"), "hugepages");
	ck_assert_str_eq(mw_test_str(find_rec(&r, "kv", "key", "nr_free_pages"), "source"), "vmstat");
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

/* ---- several files in one text ---- */

START_TEST(test_concatenated)
{
	struct mw_test_records r;
	parse_fixture(FC "all.txt", &r);
	ck_assert_int_eq(mw_test_count(&r, "snapshot"), 1);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "snapshot", 0), "taken"), 1795311818);
	ck_assert_int_eq(mw_test_count(&r, "zone"), 5);
	ck_assert_int_eq(mw_test_count(&r, "buddy"), 3);
	ck_assert_int_eq(mw_test_count(&r, "pagetype"), 30);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 235);
	ck_assert_int_eq(mw_test_count(&r, "kv"), 54 + 192);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

/* Blank lines between and inside sections end nothing: still one moment. */
START_TEST(test_blank_lines)
{
	struct mw_test_records r;
	parse_text("blanks",
		   "MemTotal:       16000000 kB\n\nMemFree:         8000000 kB\n\n"
		   "slabinfo - version: 2.1\n\n"
		   "dentry             40719  40719    192   21    1 : tunables    0    0    0 : slabdata   1939   1939      0\n\n\n"
		   "Node 0, zone   Normal      1      2      3\n\n"
		   "nr_free_pages 12\n\n",
		   &r);
	ck_assert_int_eq(mw_test_count(&r, "snapshot"), 1);
	ck_assert_int_eq(mw_test_count(&r, "kv"), 3);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 1);
	ck_assert_int_eq(mw_test_count(&r, "buddy"), 1);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

/* The paper's logging loop: date, meminfo, slabinfo, separator, twice. */
START_TEST(test_logging_loop)
{
	struct mw_test_records r;
	parse_text("log",
		   "Sat Nov 21 23:41:57 UTC 2026\n"
		   "MemTotal:       16000000 kB\n"
		   "MemFree:         8000000 kB\n"
		   "slabinfo - version: 2.1\n"
		   "dentry             40719  40719    192   21    1 : tunables    0    0    0 : slabdata   1939   1939      0\n"
		   "------------------------\n"
		   "Sat Nov 21 23:42:07 UTC 2026\n"
		   "MemTotal:       16000000 kB\n"
		   "MemFree:         7000000 kB\n"
		   "slabinfo - version: 2.1\n"
		   "dentry             50719  50719    192   21    1 : tunables    0    0    0 : slabdata   2415   2415      0\n"
		   "------------------------\n",
		   &r);
	ck_assert_int_eq(mw_test_count(&r, "snapshot"), 2);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "snapshot", 1), "taken") - mw_test_int(mw_test_nth(&r, "snapshot", 0), "taken"), 10);
	ck_assert_int_eq(mw_test_count(&r, "slab"), 2);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "slab", 1), "num_slabs"), 2415);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

static Suite *make_proc_suite(void)
{
	Suite *s = suite_create("proc");
	TCase *tc = tcase_create("parsers");
	tcase_add_test(tc, test_meminfo_fields_sorted);
	tcase_add_test(tc, test_meminfo_live);
	tcase_add_test(tc, test_meminfo_eras);
	tcase_add_test(tc, test_meminfo_garbage);
	tcase_add_test(tc, test_meminfo_twice);
	tcase_add_test(tc, test_garbled_middle);
	tcase_add_test(tc, test_zoneinfo_48);
	tcase_add_test(tc, test_zoneinfo_2613);
	tcase_add_test(tc, test_zoneinfo_2618);
	tcase_add_test(tc, test_zoneinfo_missing_block);
	tcase_add_test(tc, test_buddyinfo);
	tcase_add_test(tc, test_pagetypeinfo_pre44);
	tcase_add_test(tc, test_pagetypeinfo_capped);
	tcase_add_test(tc, test_slabinfo_21);
	tcase_add_test(tc, test_slabinfo_20);
	tcase_add_test(tc, test_slabinfo_11);
	tcase_add_test(tc, test_slabinfo_headerless);
	tcase_add_test(tc, test_slabinfo_bad);
	tcase_add_test(tc, test_strict);
	tcase_add_test(tc, test_vmstat);
	tcase_add_test(tc, test_concatenated);
	tcase_add_test(tc, test_logging_loop);
	tcase_add_test(tc, test_blank_lines);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_proc_suite);
}
