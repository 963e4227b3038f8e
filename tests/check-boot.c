/* SPDX-License-Identifier: MIT */
/* check-boot.c: boot-time lines (parser) and the boot report's figures. */
#include <math.h>
#include <string.h>
#include "testlib.h"
#include "memwaste/report.h"
#include "../reports/bootcalc.h"

/* The paper's own lines: Kleen 2006, sections 3.3-3.4 and 5, 1 GiB installed. */
START_TEST(test_paper_figures)
{
	const char *paths[] = { mw_test_fixture("dmesg/kleen-2006-paper.txt") };
	struct mw_report_opts o = { .installed_bytes = INT64_C(1) << 30 };
	cJSON *j = mw_test_report_json(paths, 1, "boot", &o, NULL);

	ck_assert_double_eq(mw_test_json_num(j, "boots.0.installed_bytes"), 1073741824.0);
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.memory_available_kb"), 1014792);
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.memory_total_kb"), 1039360);
	/* "bootmem takes 32.99MB (3.22% of total)" */
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.bootmem_bytes"), (1048576.0 - 1014792.0) * 1024);
	ck_assert_double_eq_tol(mw_test_json_num(j, "boots.0.bootmem_bytes") / 1048576.0, 32.99, 0.005);
	ck_assert_double_eq_tol(mw_test_json_num(j, "boots.0.bootmem_pct"), 3.22, 0.001);
	/* "Adding up this memory gives 4.78MB or 0.46% of total memory" (0.4669%: the paper truncates) */
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.hash_tables_bytes"), 5013504);
	ck_assert_double_eq_tol(mw_test_json_num(j, "boots.0.hash_tables_bytes") / 1048576.0, 4.78, 0.005);
	ck_assert_double_eq_tol(mw_test_json_num(j, "boots.0.hash_tables_pct"), 0.47, 0.001);
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.hash_tables_count"), 7);
	/* "This gives about 6.3MB for the kernel image with its data" */
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.kernel_image_bytes"), 6603564);
	ck_assert_double_eq_tol(mw_test_json_num(j, "boots.0.kernel_image_bytes") / 1048576.0, 6.3, 0.005);
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.kernel_code_bytes"), 3211.0 * 1024);
	/* "the kernel code and static data use around 6.1% of the total memory": it is 0.60% */
	ck_assert_double_eq_tol(mw_test_json_num(j, "boots.0.kernel_resident_pct"), 0.60, 0.001);
	ck_assert(mw_test_json_num(j, "boots.0.kernel_resident_pct") < 1.0);
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.page_size_bytes"), 4096);
	cJSON_Delete(j);
}
END_TEST

/* This machine: a 6.18 kernel whose Memory: line predates deferred struct page init. */
START_TEST(test_live_capture)
{
	const char *paths[] = { mw_test_fixture("dmesg/firecracker_6.18.44_x86_64_dmesg.txt") };
	cJSON *j = mw_test_report_json(paths, 1, "boot", NULL, NULL);
	const cJSON *findings = mw_test_json_path(j, "boots.0.findings"), *f;
	bool deferred = false;

	ck_assert_str_eq(mw_test_json_str(j, "boots.0.kernel_release"), "6.18.44-fc-v669");
	ck_assert_str_eq(mw_test_json_str(j, "boots.0.arch"), "x86_64");
	/* 0x9fc00 + (0xc0000000 - 0x100000) + (0x640000000 - 0x100000000) */
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.e820_usable_bytes"), 654336.0 + 3220176896.0 + 22548578304.0);
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.installed_bytes"), 24.0 * 1073741824.0);
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.memory_available_kb"), 3218172);
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.memory_total_kb"), 25165432);
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.kernel_code_bytes"), 18478.0 * 1024);
	/* deferred init: bootmem from total - reserved - cma, not from the 3 GiB "available" */
	ck_assert_double_eq(mw_test_json_num(j, "boots.0.bootmem_bytes"),
			    24.0 * 1073741824.0 - (25165432.0 - 496508.0) * 1024);
	cJSON_ArrayForEach(f, findings)
		if (strcmp(cJSON_GetObjectItem(f, "id")->valuestring, "memline-before-deferred-init") == 0)
			deferred = true;
	ck_assert(deferred);
	/* Dquot has "(order 0, 4096 bytes)", posixtimers/futex print their own tails */
	ck_assert(mw_test_json_num(j, "boots.0.hash_tables_bytes") > 33554432.0 + 16777216.0);
	cJSON_Delete(j);
}
END_TEST

static const char two_boots[] =
	"Jul 28 23:49:12 box kernel: [    0.000000] Linux version 3.2.0-4-686-pae (x) #1 SMP Debian 3.2.68-1+deb7u2 Fri Jun 19 2015\n"
	"Jul 28 23:49:12 box kernel: [    0.000000]  BIOS-e820: 0000000000000000 - 000000000009fc00 (usable)\n"
	"Jul 28 23:49:12 box kernel: [    0.000000]  BIOS-e820: 0000000000100000 - 0000000007ff0000 (usable)\n"
	"Jul 28 23:49:12 box kernel: [    0.000000]  BIOS-e820: 00000000fffc0000 - 0000000100000000 (reserved)\n"
	"Jul 28 23:49:12 box kernel: [    0.000000] Memory: 114116k/130944k available (2860k kernel code, 16376k reserved, 1348k data, 424k init, 0k highmem)\n"
	"Jul 28 23:59:12 box systemd[1]: Stopping.\n"
	"Jul 29 00:37:17 box kernel: [    0.000000] Linux version 3.2.0-4-686-pae (x) #1 SMP Debian 3.2.68-1+deb7u2 Fri Jun 19 2015\n"
	"Jul 29 00:37:17 box kernel: [    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
	"Jul 29 00:37:17 box kernel: [    0.000000] Memory: 503968k/524160k available (2860k kernel code, 19740k reserved, 1348k data, 424k init, 0k highmem)\n";

START_TEST(test_boot_records)
{
	struct mw_test_records r;
	cJSON *rec;
	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("kern.log", two_boots, strlen(two_boots), NULL, &r), 0);
	ck_assert_int_eq(mw_test_count(&r, "boot"), 2);
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "boot", 0), "release"), "3.2.0-4-686-pae");
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "boot", 1), "host"), "box");
	/* old era: exclusive end; new era: inclusive end, normalised to exclusive */
	rec = mw_test_nth(&r, "range", 0);
	ck_assert_int_eq(mw_test_int(rec, "start"), 0);
	ck_assert_int_eq(mw_test_int(rec, "end"), 0x9fc00);
	ck_assert_str_eq(mw_test_str(rec, "type"), "usable");
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "range", 2), "type"), "reserved");
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "range", 3), "end"), 0x9fc00);
	rec = mw_test_nth(&r, "memline", 0);
	ck_assert_int_eq(mw_test_int(rec, "available_kb"), 114116);
	ck_assert_int_eq(mw_test_int(rec, "total_kb"), 130944);
	ck_assert_int_eq(mw_test_int(cJSON_GetObjectItem(rec, "fields"), "kernel code"), 2860);
	ck_assert_int_eq(mw_test_int(cJSON_GetObjectItem(rec, "fields"), "highmem"), 0);
	ck_assert_int_eq(mw_test_count(&r, "memline"), 2);
	mw_test_records_free(&r);
}
END_TEST

static const struct {
	const char *line;
	const char *key;
	int64_t value;
} memlines[] = {
	{ "Memory: 16239428K/16671564K available (14339K kernel code, 2541K rwdata, 5364K rodata, 2876K init, 4736K bss, 432136K reserved, 0K cma-reserved)",
	  "cma-reserved", 0 },
	{ "Memory: 1007916k/1007916k available, 40660k reserved, 242688K highmem", "highmem", 242688 },
	{ "Memory: 503332K/524288K available (5468K kernel code, 272K rwdata, 1364K rodata, 264K init, 182K bss, 20956K reserved, 0K cma-reserved, 0K highmem)",
	  "bss", 182 },
	{ "Memory: 7969440K/8388608K available (18432K kernel code, 2200K rwdata, 6000K rodata, 3000K init, 4000K bss, 419168K reserved, 0K cma-reserved, ...)",
	  "reserved", 419168 },
};

START_TEST(test_memline_variants)
{
	struct mw_test_records r;
	cJSON *rec;
	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("m", memlines[_i].line, strlen(memlines[_i].line), NULL, &r), 0);
	rec = mw_test_nth(&r, "memline", 0);
	ck_assert_int_eq(mw_test_int(cJSON_GetObjectItem(rec, "fields"), memlines[_i].key), memlines[_i].value);
	mw_test_records_free(&r);
}
END_TEST

static const struct {
	const char *line;
	int64_t entries, order, bytes;
	const char *alloc;
} hashes[] = {
	{ "Dentry cache hash table entries: 4194304 (order: 13, 33554432 bytes, linear)", 4194304, 13, 33554432, "linear" },
	{ "TCP established hash table entries: 32 (order: -4, 256 bytes, linear)", 32, -4, 256, "linear" },
	{ "futex hash table entries: 131072 (order: 11, 8388608 bytes, vmalloc hugepage)", 131072, 11, 8388608, "vmalloc hugepage" },
	{ "VFS: Dquot-cache hash table entries: 512 (order 0, 4096 bytes)", 512, 0, 4096, NULL },
	{ "futex hash table entries: 2048 (131072 bytes on 4 NUMA nodes, total 512 KiB, linear).", 2048, MW_UNKNOWN, 524288, "linear" },
	{ "Mount-cache hash table entries: 256", 256, MW_UNKNOWN, MW_UNKNOWN, NULL },
};

START_TEST(test_hash_variants)
{
	struct mw_test_records r;
	cJSON *rec;
	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("h", hashes[_i].line, strlen(hashes[_i].line), NULL, &r), 0);
	rec = mw_test_nth(&r, "hash", 0);
	ck_assert_int_eq(mw_test_int(rec, "entries"), hashes[_i].entries);
	if (hashes[_i].order != MW_UNKNOWN)
		ck_assert_int_eq(mw_test_int(rec, "order"), hashes[_i].order);
	else
		ck_assert(!cJSON_GetObjectItem(rec, "order"));
	if (hashes[_i].bytes != MW_UNKNOWN)
		ck_assert_int_eq(mw_test_int(rec, "bytes"), hashes[_i].bytes);
	else
		ck_assert(!cJSON_GetObjectItem(rec, "bytes"));
	if (hashes[_i].alloc)
		ck_assert_str_eq(mw_test_str(rec, "alloc"), hashes[_i].alloc);
	mw_test_records_free(&r);
}
END_TEST

static const char arm64_ranges[] =
	"[    0.000000] Linux version 5.10.110+ (nirvana@orangepi5) (aarch64-linux-gnu-gcc 11.3.0) #1 SMP\n"
	"[    0.000000] Zone ranges:\n"
	"[    0.000000]   DMA      [mem 0x0000000000200000-0x00000000ffffffff]\n"
	"[    0.000000]   DMA32    empty\n"
	"[    0.000000]   Normal   [mem 0x0000000100000000-0x00000001ffffffff]\n"
	"[    0.000000] Movable zone start for each node\n"
	"[    0.000000] Early memory node ranges\n"
	"[    0.000000]   node   0: [mem 0x0000000000200000-0x00000000efffffff]\n"
	"[    0.000000]   node   0: [mem 0x0000000100000000-0x00000001ffffffff]\n"
	"[    0.000000] Initmem setup node 0 [mem 0x0000000000200000-0x00000001ffffffff]\n"
	"[    0.000000] Zone PFN ranges:\n"
	"[    0.000000]   DMA      0x00000010 -> 0x00001000\n"
	"[    0.000000] early_node_map[1] active PFN ranges\n"
	"[    0.000000]     0: 0x00000010 -> 0x0000009f\n";

START_TEST(test_zone_node_ranges)
{
	struct mw_test_records r;
	cJSON *rec;
	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("arm64", arm64_ranges, strlen(arm64_ranges), NULL, &r), 0);
	ck_assert_int_eq(mw_test_count(&r, "range"), 6);
	rec = mw_test_nth(&r, "range", 0);
	ck_assert_str_eq(mw_test_str(rec, "map"), "zone");
	ck_assert_str_eq(mw_test_str(rec, "type"), "DMA");
	ck_assert_int_eq(mw_test_int(rec, "end"), 0x100000000);
	rec = mw_test_nth(&r, "range", 2);
	ck_assert_str_eq(mw_test_str(rec, "map"), "node");
	ck_assert_int_eq(mw_test_int(rec, "end") - mw_test_int(rec, "start"), 0xf0000000 - 0x200000);
	rec = mw_test_nth(&r, "range", 4);
	ck_assert_str_eq(mw_test_str(rec, "unit"), "pfn");
	ck_assert_int_eq(mw_test_int(rec, "start"), 0x10);
	rec = mw_test_nth(&r, "range", 5);
	ck_assert_str_eq(mw_test_str(rec, "map"), "node");
	ck_assert_int_eq(mw_test_int(rec, "end"), 0x9f);
	mw_test_records_free(&r);
}
END_TEST

START_TEST(test_calc)
{
	uint64_t g;
	ck_assert_uint_eq(mw_installed_estimate(UINT64_C(1063165747), &g), UINT64_C(1) << 30);	/* 1013.95 MiB */
	ck_assert_uint_eq(mw_installed_estimate(UINT64_C(3162541056), &g), UINT64_C(3) << 30);	/* T400, 3 GiB */
	ck_assert_uint_eq(mw_installed_estimate(UINT64_C(1648952545280), &g), UINT64_C(1536) << 30);
	ck_assert_uint_eq(mw_installed_estimate(UINT64_C(200604672), &g), UINT64_C(192) << 20);
	ck_assert_int_eq(mw_kver("2.6.18-rc4"), 2006018);
	ck_assert_int_eq(mw_kver("6.18.44-fc-v669"), 6018044);
	ck_assert_int_eq(mw_kver("3.10-1-grml-amd64"), 3010000);
	ck_assert_int_eq(mw_arch_guess("3.2.0-4-686-pae", NULL, true, false), MW_ARCH_I386);
	ck_assert_int_eq(mw_arch_guess("5.10.110+", "Linux version 5.10.110+ (x) (aarch64-linux-gnu-gcc)", false, false), MW_ARCH_ARM64);
	ck_assert_int_eq(mw_arch_guess("2.6.18-rc4", NULL, true, false), MW_ARCH_X86_64);
	{
		const char *how;
		ck_assert_int_eq(mw_struct_page_size_guess(MW_ARCH_X86_64, 2006018, &how), 56);
		ck_assert_int_eq(mw_struct_page_size_guess(MW_ARCH_X86_64, 6001000, &how), 64);
		ck_assert_int_eq(mw_struct_page_size_guess(MW_ARCH_I386, 3002000, &how), 32);
	}
	{
		uint64_t v;
		ck_assert(mw_parse_size("1G", &v) && v == UINT64_C(1) << 30);
		ck_assert(mw_parse_size("1GiB", &v) && v == UINT64_C(1) << 30);
		ck_assert(mw_parse_size("1073741824", &v) && v == UINT64_C(1) << 30);
		ck_assert(mw_parse_size("1.5T", &v) && v == UINT64_C(3) << 39);
		ck_assert(!mw_parse_size("12X", &v));
		ck_assert(!mw_parse_size("", &v));
	}
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("boot");
	TCase *tc = tcase_create("boot");
	tcase_add_test(tc, test_paper_figures);
	tcase_add_test(tc, test_live_capture);
	tcase_add_test(tc, test_boot_records);
	tcase_add_loop_test(tc, test_memline_variants, 0, (int)MW_ARRAY_SIZE(memlines));
	tcase_add_loop_test(tc, test_hash_variants, 0, (int)MW_ARRAY_SIZE(hashes));
	tcase_add_test(tc, test_zone_node_ranges);
	tcase_add_test(tc, test_calc);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_suite);
}
