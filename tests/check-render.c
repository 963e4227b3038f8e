/* SPDX-License-Identifier: MIT */
/* check-render.c: the text and JSON renderers over a realistic document, goldens, hostile input, redaction. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testlib.h"
#include "memwaste/buf.h"
#include "memwaste/doc.h"
#include "memwaste/redact.h"
#include "memwaste/render.h"
#include "memwaste/banned.h"

/*
 * mw_unit_name() belongs to src/record.c (another module). Until it lands
 * this weak stand-in lets the suite link; the real one overrides it.
 */
__attribute__((weak)) const char *mw_unit_name(enum mw_unit u)
{
	static const char *const names[] = {
		[MW_UNIT_NONE] = "", [MW_UNIT_BYTES] = "bytes", [MW_UNIT_KB] = "kb", [MW_UNIT_PAGES] = "pages",
		[MW_UNIT_COUNT] = "count", [MW_UNIT_PCT] = "pct", [MW_UNIT_SECONDS] = "seconds", [MW_UNIT_PFN] = "pfn",
		[MW_UNIT_HUGEPAGES] = "hugepages", [MW_UNIT_RATIO] = "ratio", [MW_UNIT_TIME] = "time",
	};
	return (unsigned)u < MW_ARRAY_SIZE(names) && names[u] ? names[u] : "";
}

/* ---- the sample document: a "boot" report and a "snapshots" list ---- */

static const struct mw_column hash_cols[] = {
	{ .key = "name", .label = "Name", .type = MW_VAL_STR, .help = "table name as printed" },
	{ .key = "entries", .label = "Entries", .unit = MW_UNIT_COUNT, .type = MW_VAL_INT },
	{ .key = "order", .label = "Order", .type = MW_VAL_INT },
	{ .key = "bytes", .label = "Size", .unit = MW_UNIT_BYTES, .type = MW_VAL_INT },
	{ .key = "alloc", .label = "Allocation", .type = MW_VAL_STR },
	{ .key = "raw_line", .label = "Raw", .type = MW_VAL_STR, .flags = MW_F_JSON_ONLY },
};

static const struct {
	const char *name;
	int64_t entries, order, bytes;
	const char *alloc;
	uint64_t line;
} hash_rows[] = {
	{ "Dentry cache", 4194304, 13, 33554432, "linear", 45 },
	{ "Inode-cache", 2097152, 12, 16777216, "linear", 46 },
	{ "Mount-cache", 32768, 6, 262144, "linear", 51 },
	{ "Mountpoint-cache", 32768, 6, 262144, "linear", 52 },
	{ "TCP established", 524288, 10, 4194304, "vmalloc", 310 },
	{ "futex", 4096, MW_UNKNOWN, MW_UNKNOWN, "", 0 },
};

static void ev(struct mw_node *n, const char *file, uint64_t line, const char *text)
{
	mw_evidence_line(n, file, line, text, strlen(text));
}

static struct mw_doc *sample_doc(void)
{
	struct mw_doc *doc = mw_doc_new("memwaste report for db1.example.com");
	struct mw_node *boot, *n, *t, *f, *e, *list, *item, *c, *trend;
	struct mw_source s3 = { (char *)"dmesg.txt", 3 }, s1 = { (char *)"dmesg.txt", 1 };
	struct mw_source s40 = { (char *)"dmesg.txt", 40 }, sm = { (char *)"snap1/meminfo", 1 };
	struct mw_source sm2 = { (char *)"snap2/meminfo", 1 };
	size_t series;

	boot = mw_section(doc->root, "boot", "Boot: 6.1.0-13-amd64");
	mw_summary(boot, "The firmware map shows 16.0 GiB of RAM and the kernel manages 15.5 GiB (MemTotal).");
	mw_summary(boot, "Of the 512 MiB the kernel keeps for itself, 52.0 MiB went to boot-time hash tables, "
			 "most of it to the dentry cache.");
	n = mw_fig_str(boot, "release", "Kernel release", "6.1.0-13-amd64", &s1);
	n->flags |= MW_F_KEY;
	n = mw_fig_str(boot, "host", "Host", "db1.example.com", NULL);
	n->flags |= MW_F_HOST;
	n = mw_fig_str(boot, "cmdline", "Command line",
		       "BOOT_IMAGE=/vmlinuz-6.1.0-13-amd64 root=/dev/mapper/vg-root ro quiet ip=10.0.0.5 crashkernel=256M",
		       &s1);
	n->flags |= MW_F_COMMAND;
	n = mw_fig_int(boot, "installed_bytes", "Installed memory", INT64_C(17179869184), MW_UNIT_BYTES, MW_CONF_EXACT,
		       &s3, NULL);
	n->flags |= MW_F_KEY;
	n = mw_fig_int(boot, "memtotal_kb", "MemTotal", 16239428, MW_UNIT_KB, MW_CONF_DERIVED, NULL,
		       "available + reserved from the Memory: line");
	n->flags |= MW_F_KEY;
	n = mw_fig_int(boot, "kernel_reserved_bytes", "Kept by the kernel", INT64_C(536870912), MW_UNIT_BYTES,
		       MW_CONF_ESTIMATED, NULL, "installed minus MemTotal; assumes no memory was hot-added after boot");
	n->flags |= MW_F_KEY;
	mw_fig_double(boot, "hash_tables_pct", "Hash tables share", 0.3254, MW_UNIT_PCT, MW_CONF_DERIVED, NULL, NULL);
	n = mw_fig_int(boot, "struct_page_bytes", "struct page array", INT64_C(268435456), MW_UNIT_BYTES,
		       MW_CONF_LOWER_BOUND, &s40, "64 bytes per 4 KiB page of present memory");
	n->flags |= MW_F_DETAIL;
	mw_fig_int(boot, "max_phys_addr_bytes", "Highest physical address", INT64_C(9007199254740993), MW_UNIT_BYTES,
		   MW_CONF_EXACT, &s3, NULL);
	mw_fig_int(boot, "total_pages", "Total pages", 4194304, MW_UNIT_PAGES, MW_CONF_EXACT, &s40, NULL);
	n = mw_fig_int(boot, "max_pfn", "Highest PFN", 0x440000, MW_UNIT_PFN, MW_CONF_EXACT, &s3, NULL);
	n->flags |= MW_F_JSON_ONLY;
	mw_fig_bool(boot, "kaslr", "KASLR", true);
	mw_fig_null(boot, "crashkernel_bytes", "Crash kernel reservation", MW_UNIT_BYTES, "not printed by this kernel");

	t = mw_table(boot, "hash_tables", "Boot-time hash tables", hash_cols, MW_ARRAY_SIZE(hash_cols));
	for (size_t i = 0; i < MW_ARRAY_SIZE(hash_rows); i++) {
		struct mw_row *r = mw_row_add(t);
		char raw[160];
		mw_cell_str(r, 0, hash_rows[i].name);
		mw_cell_int(r, 1, hash_rows[i].entries);
		if (hash_rows[i].order != MW_UNKNOWN)
			mw_cell_int(r, 2, hash_rows[i].order);
		if (hash_rows[i].bytes != MW_UNKNOWN)
			mw_cell_int(r, 3, hash_rows[i].bytes);
		if (*hash_rows[i].alloc)
			mw_cell_str(r, 4, hash_rows[i].alloc);
		snprintf(raw, sizeof(raw), "%s hash table entries: %lld", hash_rows[i].name,
			 (long long)hash_rows[i].entries);
		mw_cell_str(r, 5, raw);
		if (hash_rows[i].line)
			mw_row_source(r, "dmesg.txt", hash_rows[i].line);
	}

	f = mw_finding(boot, "hash-table-oversized", MW_LEVEL_WARNING,
		       "The dentry cache hash table is sized for 5 times the dentries in use",
		       "The dentry cache hash table has 4,194,304 entries (32.0 MiB) while the largest snapshot held "
		       "812,345 dentries.",
		       "The table is allocated once at boot from the amount of memory and is never given back; "
		       "every empty bucket is 8 bytes of memory that no workload can use.",
		       "If the machine never holds many more files in cache, boot with dhash_entries=1048576 to get "
		       "24.0 MiB back.");
	ev(f, "dmesg.txt", 45, "[    0.000000] Dentry cache hash table entries: 4194304 (order: 13, 33554432 bytes, linear)\n");
	ev(f, "snap1/slabinfo", 12, "dentry            812345 845208    192   21    1 : tunables    0    0    0");

	mw_text(boot, "Figures marked estimated assume 4 KiB pages; see memwaste-reports(7) for the method.");

	e = mw_evidence(boot, "e820", "Firmware memory map");
	ev(e, "dmesg.txt", 3, "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable");
	ev(e, "dmesg.txt", 4, "[    0.000000] BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved");
	ev(e, "syslog", 1201, "Nov 21 23:41:57 db1 kernel: e820: update [mem 0x00000000-0x00000fff] usable ==> reserved");

	c = mw_chart(boot, "memory_waterfall", "From installed memory to MemTotal", MW_CHART_WATERFALL, MW_UNIT_BYTES,
		     false);
	series = mw_chart_series_add(c, "memory");
	mw_chart_point(c, series, 0, 17179869184.0, "installed");
	mw_chart_point(c, series, 1, 16777216000.0, "firmware");
	mw_chart_point(c, series, 2, 16722690048.0, "hash tables");
	mw_chart_point(c, series, 3, 16642998272.0, "other kernel");
	mw_chart_point(c, series, 4, 16642998272.0, "MemTotal");

	list = mw_list(doc->root, "snapshots", "Snapshots");
	item = mw_list_add(list, "Snapshot 1: 2026-11-21 23:41:57Z");
	mw_summary(item, "2.31 GiB available; slab holds 1.12 GiB, 61%% of it unreclaimable.");
	n = mw_fig_int(item, "taken", "Taken", 1795304517, MW_UNIT_TIME, MW_CONF_EXACT, &sm, NULL);
	n->flags |= MW_F_KEY;
	n = mw_fig_int(item, "memavailable_kb", "MemAvailable", 2422784, MW_UNIT_KB, MW_CONF_EXACT, &sm, NULL);
	n->flags |= MW_F_KEY;
	mw_fig_int(item, "slab_unreclaimable_kb", "SUnreclaim", 716800, MW_UNIT_KB, MW_CONF_EXACT, &sm, NULL);
	mw_fig_int(item, "dentries", "Dentries", 812345, MW_UNIT_COUNT, MW_CONF_EXACT, NULL, NULL);
	n = mw_fig_str(item, "host", "Host", "db1.example.com", NULL);
	n->flags |= MW_F_HOST;
	mw_text(item, "Captured over ssh from 10.0.0.7 (fe80::1ff:fe23:4567:890a%%eth0) by the capture script.");

	item = mw_list_add(list, "Snapshot 2: 2026-11-22 05:41:57Z");
	mw_summary(item, "1.05 GiB available; unreclaimable slab grew by 300 MiB in 6 hours.");
	n = mw_fig_int(item, "taken", "Taken", 1795326117, MW_UNIT_TIME, MW_CONF_EXACT, &sm2, NULL);
	n->flags |= MW_F_KEY;
	n = mw_fig_int(item, "memavailable_kb", "MemAvailable", 1101004, MW_UNIT_KB, MW_CONF_EXACT, &sm2, NULL);
	n->flags |= MW_F_KEY;
	mw_fig_int(item, "slab_unreclaimable_kb", "SUnreclaim", 1024000, MW_UNIT_KB, MW_CONF_EXACT, &sm2, NULL);
	n = mw_fig_str(item, "host", "Host", "backup-7.example.com", NULL);
	n->flags |= MW_F_HOST;
	f = mw_finding(item, "slab-unreclaimable-growing", MW_LEVEL_NOTICE, "Unreclaimable slab is growing",
		       "SUnreclaim went from 700 MiB to 1000 MiB between the two snapshots.",
		       "Memory in unreclaimable slab comes back only when its owner frees it; steady growth often "
		       "means a leak.",
		       "Compare /proc/slabinfo between snapshots to find the cache that grows.");
	ev(f, "snap2/meminfo", 24, "SUnreclaim:      1024000 kB");

	trend = mw_section(doc->root, "trend", "Trend");
	c = mw_chart(trend, "memory_over_time", "Memory over time", MW_CHART_LINES, MW_UNIT_KB, true);
	series = mw_chart_series_add(c, "MemAvailable");
	mw_chart_point(c, series, 1795304517, 2422784, NULL);
	mw_chart_point(c, series, 1795326117, 1101004, NULL);
	series = mw_chart_series_add(c, "SUnreclaim");
	mw_chart_point(c, series, 1795304517, 716800, NULL);
	mw_chart_point(c, series, 1795326117, 1024000, "peak");
	mw_chart_marker_add(c, 1795320000, "OOM kill of java (pid 4242)");
	return doc;
}

/*
 * ---- a timeline document with every chart kind ----
 * The shape the capture, proc and events reports fill: memory breakdown
 * over time (stacked, kB) with events marked, top slab caches over time
 * (lines, bytes, one gap), free blocks per order per zone (bars; the
 * counts are this machine's /proc/buddyinfo of 2026-11-22) and a boot
 * waterfall. Series names and a marker are hostile on purpose.
 */
static struct mw_doc *charts_doc(void)
{
	static const char *const parts[] = { "AnonPages", "Cached", "Slab", "Other kernel", "MemFree" };
	static const double part_kb[][5] = {
		{ 1200000, 9100000, 700000, 900000, 12600000 }, { 1900000, 9300000, 780000, 910000, 11800000 },
		{ 3100000, 9200000, 900000, 920000, 10600000 }, { 5200000, 8100000, 1100000, 930000, 9400000 },
		{ 8300000, 6400000, 1350000, 940000, 7700000 },  { 11900000, 4300000, 1600000, 950000, 5900000 },
		{ 15500000, 2600000, 1800000, 960000, 3800000 }, { 18400000, 1300000, 2000000, 970000, 2000000 },
		{ 19600000, 900000, 2100000, 980000, 1100000 },  { 6100000, 2200000, 1900000, 960000, 13500000 },
	};
	static const char *const zones[] = { "DMA", "DMA32", "Normal" };
	static const double buddy[3][11] = {
		{ 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3 },
		{ 1, 1, 4, 2, 5, 4, 3, 3, 4, 2, 752 },
		{ 35, 209, 1217, 932, 633, 424, 282, 118, 35, 6, 26 },
	};
	struct mw_doc *doc = mw_doc_new("memwaste timeline for web-3");
	struct mw_node *tl = mw_section(doc->root, "timeline", "Timeline"), *c, *frag, *boot;
	double t0 = 1795304517;	/* 2026-11-21 23:41:57Z */
	size_t s;
	char label[32];

	mw_summary(tl, "Anonymous memory grew from 1.14 GiB to 18.7 GiB in 4 h 30 min until the OOM killer "
		       "ran; slab doubled.");
	mw_fig_int(tl, "snapshots", "Snapshots", 10, MW_UNIT_COUNT, MW_CONF_EXACT, NULL, NULL)->flags |= MW_F_KEY;
	c = mw_chart(tl, "memory_breakdown", "Memory breakdown over time", MW_CHART_STACKED, MW_UNIT_KB, true);
	for (size_t i = 0; i < MW_ARRAY_SIZE(parts); i++) {
		s = mw_chart_series_add(c, parts[i]);
		for (size_t j = 0; j < MW_ARRAY_SIZE(part_kb); j++)
			mw_chart_point(c, s, t0 + 1800.0 * (double)j, part_kb[j][i], NULL);
	}
	mw_chart_marker_add(c, t0 + 1800.0 * 8 + 600, "OOM kill of java (pid 4242)");
	mw_chart_marker_add(c, t0 + 1800.0 * 6 + 120, "page allocation failure: order:3 <script>alert(1)</script>");

	c = mw_chart(tl, "top_slab_caches", "Top slab caches over time", MW_CHART_LINES, MW_UNIT_BYTES, true);
	s = mw_chart_series_add(c, "dentry");
	for (size_t j = 0; j < 10; j++)
		mw_chart_point(c, s, t0 + 1800.0 * (double)j, 150e6 + 40e6 * (double)j, NULL);
	s = mw_chart_series_add(c, "kmalloc-64 | `x`");
	for (size_t j = 0; j < 10; j++)
		mw_chart_point(c, s, t0 + 1800.0 * (double)j, j == 4 ? NAN : 90e6 + 25e6 * (double)(j % 5), NULL);
	s = mw_chart_series_add(c, "inode_cache");
	for (size_t j = 0; j < 10; j++)
		mw_chart_point(c, s, t0 + 1800.0 * (double)j, 60e6 + 12e6 * (double)j, j == 9 ? "peak" : NULL);
	mw_chart_marker_add(c, t0 + 1800.0 * 8 + 600, "OOM kill of java (pid 4242)");

	frag = mw_section(doc->root, "fragmentation", "Fragmentation");
	c = mw_chart(frag, "free_blocks", "Free blocks per order per zone (node 0)", MW_CHART_BARS, MW_UNIT_COUNT, false);
	for (size_t z = 0; z < 3; z++) {
		s = mw_chart_series_add(c, zones[z]);
		for (size_t o = 0; o < 11; o++) {
			snprintf(label, sizeof(label), "%zu", o);
			mw_chart_point(c, s, (double)o, buddy[z][o], label);
		}
	}

	boot = mw_section(doc->root, "boot", "Boot");
	c = mw_chart(boot, "boot_waterfall", "From installed RAM to the page allocator", MW_CHART_WATERFALL,
		     MW_UNIT_BYTES, false);
	s = mw_chart_series_add(c, "bytes");
	mw_chart_point(c, s, 0, 25769803776.0, "installed");
	mw_chart_point(c, s, 1, 25769409536.0, "firmware");
	mw_chart_point(c, s, 2, 25732399104.0, "kernel image");
	mw_chart_point(c, s, 3, 25329745920.0, "struct page");
	mw_chart_point(c, s, 4, 25278365696.0, "early hash tables");
	mw_chart_point(c, s, 5, 25261064192.0, "other boot allocations");
	mw_chart_point(c, s, 6, 25261064192.0, "left for the page allocator");
	return doc;
}

/* ---- rendering to memory ---- */

static int render_to(enum mw_format f, const struct mw_doc *doc, const struct mw_render_opts *o, char **ret)
{
	size_t len = 0;
	FILE *mem = open_memstream(ret, &len);
	int r;
	ck_assert_ptr_nonnull(mem);
	r = mw_render(f, doc, o, mem);
	fclose(mem);
	return r;
}

static char *render(enum mw_format f, const struct mw_doc *doc, const struct mw_render_opts *o)
{
	char *s = NULL;
	int r = render_to(f, doc, o, &s);
	ck_assert_int_eq(r, 0);
	return s;
}

static cJSON *render_json(const struct mw_doc *doc, const struct mw_render_opts *o)
{
	char *s = render(MW_FORMAT_JSON, doc, o);
	cJSON *j = cJSON_Parse(s);
	ck_assert_msg(j != NULL, "invalid JSON near: %.80s", cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "?");
	free(s);
	return j;
}

static const struct mw_render_opts defaults = { .details = true, .width = 100 };

/* ---- goldens ---- */

/* tests/expected/render/, found from this file's path (CMake compiles sources by absolute path). */
static const char *expected_path(const char *name)
{
	static char path[4096];
	const char *slash = strrchr(__FILE__, '/');
	int dirlen = slash ? (int)(slash - __FILE__) : 1;
	snprintf(path, sizeof(path), "%.*s/expected/render/%s", dirlen, slash ? __FILE__ : ".", name);
	return path;
}


/* The version would change every golden on each release: "memwaste 0.1.0" -> "memwaste VERSION" (a new string). */
static char *normalise_version(const char *s)
{
	static const char ver[] = "\"memwaste " MW_VERSION "\"";
	struct mw_buf b = MW_BUF_INIT;
	const char *p = strstr(s, ver);
	if (!p)
		return mw_xstrdup(s);
	mw_buf_add(&b, s, (size_t)(p - s));
	mw_buf_addstr(&b, "\"memwaste VERSION\"");
	mw_buf_addstr(&b, p + sizeof(ver) - 1);
	return mw_buf_detach(&b, NULL);
}

/* mkdir -p of the directory holding `path` */
static void make_parent_dirs(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0777);
		*p = '/';
	}
}

static void write_file(const char *path, const char *data)
{
	FILE *f;
	make_parent_dirs(path);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "cannot write '%s'", path);
	fputs(data, f);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * Compares with tests/expected/render/<name>. A missing file is written
 * and the test fails (review it, then commit it); MEMWASTE_UPDATE_EXPECTED=1
 * rewrites every golden. On a mismatch <name>.actual is left beside it.
 */
static void check_golden(const char *name, const char *output)
{
	char *actual = normalise_version(output);
	const char *path = expected_path(name);
	const char *update = getenv("MEMWASTE_UPDATE_EXPECTED");
	char actual_path[4200];
	char *want;

	if (update && !strcmp(update, "1")) {
		write_file(path, actual);
		free(actual);
		return;
	}
	if (access(path, F_OK) != 0) {
		write_file(path, actual);
		free(actual);
		ck_abort_msg("'%s' was missing and has been written: review it and commit it", path);
	}
	want = mw_test_read_file(path, NULL);
	snprintf(actual_path, sizeof(actual_path), "%s.actual", path);
	if (strcmp(want, actual)) {
		size_t line = 1, i;
		for (i = 0; want[i] && want[i] == actual[i]; i++)
			line += want[i] == '\n';
		write_file(actual_path, actual);
		free(want);
		free(actual);
		ck_abort_msg("'%s' differs from the output at line %zu (output in '%s'; MEMWASTE_UPDATE_EXPECTED=1 "
			     "rewrites the goldens)", path, line, actual_path);
	}
	unlink(actual_path);
	free(want);
	free(actual);
}

static const struct {
	const char *golden;
	enum mw_format format;
	struct mw_render_opts opts;
} golden_cases[] = {
	{ "sample.txt", MW_FORMAT_TEXT, { .details = true, .width = 100 } },
	{ "sample-summary.txt", MW_FORMAT_TEXT, { .details = false, .width = 100 } },
	{ "sample-color.txt", MW_FORMAT_TEXT, { .details = true, .width = 100, .color = true } },
	{ "sample-width60.txt", MW_FORMAT_TEXT, { .details = true, .width = 60 } },
	{ "sample-redacted.txt", MW_FORMAT_TEXT, { .details = true, .redact_hosts = true, .show_commands = true } },
	{ "sample.json", MW_FORMAT_JSON, { .details = true } },
	{ "sample-redacted.json", MW_FORMAT_JSON, { .redact_hosts = true, .show_commands = true } },
	{ "sample.md", MW_FORMAT_MARKDOWN, { .details = true } },
	{ "sample-redacted.md", MW_FORMAT_MARKDOWN, { .redact_hosts = true, .show_commands = true } },
	{ "sample.html", MW_FORMAT_HTML, { .details = true } },
	{ "sample-redacted.html", MW_FORMAT_HTML, { .redact_hosts = true, .show_commands = true } },
};

/* The chart document in every format: the HTML golden is also what the browser test opens. */
static const struct {
	const char *golden;
	enum mw_format format;
} chart_golden_cases[] = {
	{ "charts.txt", MW_FORMAT_TEXT },
	{ "charts.json", MW_FORMAT_JSON },
	{ "charts.md", MW_FORMAT_MARKDOWN },
	{ "charts.html", MW_FORMAT_HTML },
};

START_TEST(test_chart_golden)
{
	struct mw_doc *doc = charts_doc();
	char *s = render(chart_golden_cases[_i].format, doc, &(struct mw_render_opts){ .details = true });
	check_golden(chart_golden_cases[_i].golden, s);
	free(s);
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_golden)
{
	struct mw_doc *doc = sample_doc();
	char *s = render(golden_cases[_i].format, doc, &golden_cases[_i].opts);
	check_golden(golden_cases[_i].golden, s);
	free(s);
	mw_doc_free(doc);
}
END_TEST

/* ---- formats ---- */

START_TEST(test_formats)
{
	enum mw_format f = MW_FORMAT__MAX;
	ck_assert_str_eq(mw_format_name(MW_FORMAT_TEXT), "text");
	ck_assert_str_eq(mw_format_name(MW_FORMAT_JSON), "json");
	ck_assert_ptr_null(mw_format_name(MW_FORMAT__MAX));
	ck_assert_int_eq(mw_format_parse("json", &f), 0);
	ck_assert_int_eq(f, MW_FORMAT_JSON);
	ck_assert_int_eq(mw_format_parse("text", &f), 0);
	ck_assert_int_eq(f, MW_FORMAT_TEXT);
	ck_assert_int_eq(mw_format_parse("yaml", &f), -EINVAL);
	ck_assert_int_eq(mw_format_parse("", &f), -EINVAL);
	ck_assert_int_eq(mw_format_parse(NULL, &f), -EINVAL);
	ck_assert_str_eq(mw_format_list(), "text, json, markdown, html");
	ck_assert_int_eq(mw_format_parse("markdown", &f), 0);
	ck_assert_int_eq(f, MW_FORMAT_MARKDOWN);
	ck_assert_int_eq(mw_format_parse("html", &f), 0);
	ck_assert_int_eq(f, MW_FORMAT_HTML);
	/* every format has a name that parses back to it */
	for (unsigned i = 0; i < MW_FORMAT__MAX; i++) {
		ck_assert_ptr_nonnull(mw_format_name((enum mw_format)i));
		ck_assert_int_eq(mw_format_parse(mw_format_name((enum mw_format)i), &f), 0);
		ck_assert_uint_eq(f, i);
	}
}
END_TEST

START_TEST(test_render_bad_args)
{
	struct mw_doc *doc = mw_doc_new("t");
	ck_assert_int_eq(mw_render(MW_FORMAT__MAX, doc, NULL, stdout), -EINVAL);
	ck_assert_int_eq(mw_render((enum mw_format)-1, doc, NULL, stdout), -EINVAL);
	ck_assert_int_eq(mw_render(MW_FORMAT_TEXT, NULL, NULL, stdout), -EINVAL);
	ck_assert_int_eq(mw_render(MW_FORMAT_TEXT, doc, NULL, NULL), -EINVAL);
	mw_doc_free(doc);
}
END_TEST

/* opts == NULL: details on, width 100, the same as the defaults a caller sets */
START_TEST(test_null_opts)
{
	struct mw_doc *doc = sample_doc();
	char *a = render(MW_FORMAT_TEXT, doc, NULL), *b = render(MW_FORMAT_TEXT, doc, &defaults);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	mw_doc_free(doc);
}
END_TEST

/* ---- JSON read back ---- */

static const cJSON *get(const cJSON *o, const char *path)
{
	char buf[256], *p, *save = NULL;
	snprintf(buf, sizeof(buf), "%s", path);
	for (p = strtok_r(buf, ".", &save); p; p = strtok_r(NULL, ".", &save)) {
		if (cJSON_IsArray(o))
			o = cJSON_GetArrayItem(o, (int)strtol(p, NULL, 10));
		else
			o = cJSON_GetObjectItemCaseSensitive(o, p);
		ck_assert_msg(o != NULL, "no '%s' in '%s'", p, path);
	}
	return o;
}

static double num(const cJSON *o, const char *path)
{
	const cJSON *v = get(o, path);
	ck_assert_msg(cJSON_IsNumber(v), "'%s' is not a number", path);
	return v->valuedouble;
}

static const char *str(const cJSON *o, const char *path)
{
	const cJSON *v = get(o, path);
	ck_assert_msg(cJSON_IsString(v), "'%s' is not a string", path);
	return v->valuestring;
}

START_TEST(test_json_shape)
{
	struct mw_doc *doc = sample_doc();
	cJSON *j = render_json(doc, &defaults);
	char *text = render(MW_FORMAT_JSON, doc, &defaults);

	ck_assert(num(j, "schema_version") == 1);
	ck_assert_str_eq(str(j, "generator"), "memwaste " MW_VERSION);
	ck_assert_str_eq(str(j, "title"), "memwaste report for db1.example.com");
	/* figures hold plain values */
	ck_assert(num(j, "boot.installed_bytes") == 17179869184.0);
	ck_assert(num(j, "boot.memtotal_kb") == 16239428);
	ck_assert(num(j, "boot.hash_tables_pct") == 0.3254);
	ck_assert(num(j, "boot.max_pfn") == 0x440000);	/* JSON_ONLY is in JSON */
	ck_assert(cJSON_IsTrue(get(j, "boot.kaslr")));
	ck_assert(cJSON_IsNull(get(j, "boot.crashkernel_bytes")));
	ck_assert_str_eq(str(j, "boot.release"), "6.1.0-13-amd64");
	ck_assert_str_eq(str(j, "boot.host"), "db1.example.com");
	/* int64 beyond 2^53, exact in the text and never in exponent form */
	ck_assert_ptr_nonnull(strstr(text, "\"max_phys_addr_bytes\":\t9007199254740993,"));
	ck_assert_ptr_nonnull(strstr(text, "\"installed_bytes\":\t17179869184,"));
	ck_assert_ptr_null(strstr(text, "e+"));
	/* provenance */
	ck_assert_str_eq(str(j, "boot.provenance.installed_bytes.confidence"), "exact");
	ck_assert_str_eq(str(j, "boot.provenance.installed_bytes.source.file"), "dmesg.txt");
	ck_assert(num(j, "boot.provenance.installed_bytes.source.line") == 3);
	ck_assert_ptr_null(cJSON_GetObjectItem(get(j, "boot.provenance.installed_bytes"), "how"));
	ck_assert_str_eq(str(j, "boot.provenance.kernel_reserved_bytes.confidence"), "estimated");
	ck_assert_ptr_null(cJSON_GetObjectItem(get(j, "boot.provenance.kernel_reserved_bytes"), "source"));
	ck_assert_str_eq(str(j, "boot.provenance.struct_page_bytes.confidence"), "lower_bound");
	ck_assert_str_eq(str(j, "boot.provenance.crashkernel_bytes.how"), "not printed by this kernel");
	ck_assert_ptr_null(cJSON_GetObjectItem(get(j, "boot.provenance"), "kaslr"));
	ck_assert_ptr_null(cJSON_GetObjectItem(get(j, "boot.provenance.release"), "confidence"));
	ck_assert_str_eq(str(j, "boot.provenance.release.source.file"), "dmesg.txt");
	/* commands hidden by default */
	ck_assert(cJSON_IsNull(get(j, "boot.cmdline")));
	ck_assert_str_eq(str(j, "boot.provenance.cmdline.how"), "hidden; use --show-commands");
	ck_assert_ptr_null(strstr(text, "crashkernel=256M"));
	/* tables */
	ck_assert_int_eq(cJSON_GetArraySize(get(j, "boot.hash_tables")), 6);
	ck_assert_str_eq(str(j, "boot.hash_tables.0.name"), "Dentry cache");
	ck_assert(num(j, "boot.hash_tables.0.entries") == 4194304);
	ck_assert(num(j, "boot.hash_tables.0.bytes") == 33554432);
	ck_assert_str_eq(str(j, "boot.hash_tables.0.source.file"), "dmesg.txt");
	ck_assert(num(j, "boot.hash_tables.4.source.line") == 310);
	ck_assert_str_eq(str(j, "boot.hash_tables.0.raw_line"), "Dentry cache hash table entries: 4194304");
	ck_assert(cJSON_IsNull(get(j, "boot.hash_tables.5.bytes")));
	ck_assert_ptr_null(cJSON_GetObjectItem(get(j, "boot.hash_tables.5"), "source"));
	/* findings, notes, evidence */
	ck_assert_int_eq(cJSON_GetArraySize(get(j, "boot.findings")), 1);
	ck_assert_str_eq(str(j, "boot.findings.0.id"), "hash-table-oversized");
	ck_assert_str_eq(str(j, "boot.findings.0.severity"), "warning");
	ck_assert_ptr_nonnull(strstr(str(j, "boot.findings.0.saw"), "4,194,304 entries"));
	ck_assert_ptr_nonnull(strstr(str(j, "boot.findings.0.advice"), "dhash_entries"));
	ck_assert_ptr_nonnull(strstr(str(j, "boot.findings.0.why"), "never given back"));
	ck_assert_str_eq(str(j, "boot.findings.0.evidence.0.file"), "dmesg.txt");
	ck_assert(num(j, "boot.findings.0.evidence.0.line") == 45);
	ck_assert_str_eq(str(j, "boot.findings.0.evidence.0.text"),
			 "[    0.000000] Dentry cache hash table entries: 4194304 (order: 13, 33554432 bytes, linear)");
	ck_assert_ptr_nonnull(strstr(str(j, "boot.notes.0"), "4 KiB pages"));
	ck_assert_int_eq(cJSON_GetArraySize(get(j, "boot.e820")), 3);
	ck_assert(num(j, "boot.e820.2.line") == 1201);
	ck_assert_ptr_nonnull(strstr(str(j, "boot.summary"), "16.0 GiB"));
	/* charts */
	ck_assert_str_eq(str(j, "boot.memory_waterfall.kind"), "waterfall");
	ck_assert_str_eq(str(j, "boot.memory_waterfall.unit"), "bytes");
	ck_assert(cJSON_IsFalse(get(j, "boot.memory_waterfall.x_is_time")));
	ck_assert(num(j, "boot.memory_waterfall.series.0.points.1.1") == 16777216000.0);
	ck_assert_str_eq(str(j, "boot.memory_waterfall.series.0.points.1.2"), "firmware");
	ck_assert_str_eq(str(j, "trend.memory_over_time.kind"), "lines");
	ck_assert(cJSON_IsTrue(get(j, "trend.memory_over_time.x_is_time")));
	ck_assert_int_eq(cJSON_GetArraySize(get(j, "trend.memory_over_time.series.0.points.0")), 2);
	ck_assert_str_eq(str(j, "trend.memory_over_time.series.1.points.1.2"), "peak");
	ck_assert(num(j, "trend.memory_over_time.markers.0.x") == 1795320000);
	ck_assert_str_eq(str(j, "trend.memory_over_time.markers.0.label"), "OOM kill of java (pid 4242)");
	/* the list */
	ck_assert_int_eq(cJSON_GetArraySize(get(j, "snapshots")), 2);
	ck_assert_str_eq(str(j, "snapshots.0.title"), "Snapshot 1: 2026-11-21 23:41:57Z");
	ck_assert(num(j, "snapshots.0.taken") == 1795304517);
	ck_assert(num(j, "snapshots.1.memavailable_kb") == 1101004);
	ck_assert_str_eq(str(j, "snapshots.1.provenance.memavailable_kb.source.file"), "snap2/meminfo");
	ck_assert_str_eq(str(j, "snapshots.1.findings.0.id"), "slab-unreclaimable-growing");
	ck_assert_str_eq(str(j, "snapshots.1.findings.0.severity"), "notice");
	ck_assert_ptr_null(cJSON_GetObjectItem(j, "findings"));	/* none at the root */
	cJSON_Delete(j);
	free(text);
	mw_doc_free(doc);
}
END_TEST

/* Duplicate keys: the later gets a suffix and both values survive, in JSON and provenance. */
START_TEST(test_json_duplicate_keys)
{
	struct mw_doc *doc = mw_doc_new("dups");
	struct mw_node *s = mw_section(doc->root, "boot", "Boot"), *anon = mw_section(s, NULL, "Merged");
	struct mw_source src = { (char *)"a", 1 };
	cJSON *j;

	mw_fig_int(s, "total_kb", "Total", 1, MW_UNIT_KB, MW_CONF_EXACT, &src, NULL);
	mw_fig_int(s, "total_kb", "Total", 2, MW_UNIT_KB, MW_CONF_ESTIMATED, NULL, "guess");
	mw_fig_int(anon, "total_kb", "Total", 3, MW_UNIT_KB, MW_CONF_NONE, NULL, NULL);
	mw_fig_int(doc->root, "title", "Not the title", 4, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL);
	mw_summary(anon, "merged summary");
	mw_text(anon, "merged note");
	mw_section(doc->root, "boot", "Boot again");
	j = render_json(doc, &defaults);
	ck_assert(num(j, "boot.total_kb") == 1);
	ck_assert(num(j, "boot.total_kb_2") == 2);
	ck_assert(num(j, "boot.total_kb_3") == 3);
	ck_assert_str_eq(str(j, "boot.provenance.total_kb.confidence"), "exact");
	ck_assert_str_eq(str(j, "boot.provenance.total_kb_2.how"), "guess");
	ck_assert_str_eq(str(j, "title"), "dups");
	ck_assert(num(j, "title_2") == 4);
	ck_assert(cJSON_IsObject(get(j, "boot_2")));
	ck_assert_str_eq(str(j, "boot.notes.0"), "merged summary");
	ck_assert_str_eq(str(j, "boot.notes.1"), "merged note");
	cJSON_Delete(j);

	/* a document edited by hand past the API still yields unique JSON keys */
	free(s->children[1]->key);
	s->children[1]->key = mw_xstrdup("total_kb");
	j = render_json(doc, &defaults);
	ck_assert(num(j, "boot.total_kb") == 1);
	ck_assert(num(j, "boot.total_kb_2") == 2);
	ck_assert_str_eq(str(j, "boot.provenance.total_kb_2.how"), "guess");
	cJSON_Delete(j);
	mw_doc_free(doc);
}
END_TEST

/* ---- hostile strings ---- */

static const char *const hostile[] = {
	"<script>alert(1)</script>",
	"a | b | c",
	"`rm -rf /` ``",
	"\"double\" and 'single' quotes",
	"bell\x01 and esc\x1b[2J and nul",
	"invalid \xff\xfe utf-8 \xc0\xaf and \xed\xa0\x80",
	"'; DROP TABLE x; --",
	"back\\slash \\u0000 \\n",
	"\xe2\x80\xae reversed",
	"tab\there",
};

static struct mw_doc *hostile_doc(void)
{
	static const struct mw_column cols[] = {
		{ .key = "name", .label = "Name <b>", .type = MW_VAL_STR },
		{ .key = "n", .label = "N|", .unit = MW_UNIT_COUNT, .type = MW_VAL_INT },
	};
	struct mw_doc *doc = mw_doc_new(hostile[0]);
	struct mw_node *s = mw_section(doc->root, "s", hostile[1]), *t, *f;
	struct mw_source src = { (char *)hostile[2], 7 };

	mw_summary(s, "%s", hostile[3]);
	for (size_t i = 0; i < MW_ARRAY_SIZE(hostile); i++) {
		char key[16];
		snprintf(key, sizeof(key), "v%zu", i);
		mw_fig_str(s, key, hostile[i], hostile[i], &src)->flags |= MW_F_KEY;
	}
	t = mw_table(s, "t", hostile[4], cols, 2);
	for (size_t i = 0; i < MW_ARRAY_SIZE(hostile); i++) {
		struct mw_row *r = mw_row_add(t);
		mw_cell_str(r, 0, hostile[i]);
		mw_cell_int(r, 1, (int64_t)i);
		mw_row_source(r, hostile[5], i);
	}
	f = mw_finding(s, hostile[6], MW_LEVEL_CRITICAL, hostile[7], hostile[8], hostile[9], hostile[0]);
	for (size_t i = 0; i < MW_ARRAY_SIZE(hostile); i++)
		mw_evidence_line(f, hostile[i], i + 1, hostile[i], strlen(hostile[i]));
	mw_text(s, "%s %s", hostile[4], hostile[5]);
	return doc;
}

START_TEST(test_hostile_json)
{
	struct mw_doc *doc = hostile_doc();
	cJSON *j = render_json(doc, &defaults);
	for (size_t i = 0; i < MW_ARRAY_SIZE(hostile); i++) {
		char key[32], *want = mw_doc_clean_string(hostile[i], strlen(hostile[i]), false);
		char *want_tabs = mw_doc_clean_string(hostile[i], strlen(hostile[i]), true);
		snprintf(key, sizeof(key), "s.v%zu", i);
		ck_assert_str_eq(str(j, key), want);	/* JSON escaping round-trips the cleaned string */
		snprintf(key, sizeof(key), "s.t.%zu.name", i);
		ck_assert_str_eq(str(j, key), want);
		snprintf(key, sizeof(key), "s.findings.0.evidence.%zu.text", i);
		ck_assert_str_eq(str(j, key), want_tabs);
		free(want);
		free(want_tabs);
	}
	ck_assert_str_eq(str(j, "title"), "<script>alert(1)</script>");
	ck_assert_str_eq(str(j, "s.v6"), "'; DROP TABLE x; --");
	ck_assert_str_eq(str(j, "s.v4"), "bell\\x01 and esc\\x1b[2J and nul");
	ck_assert_str_eq(str(j, "s.findings.0.evidence.9.text"), "tab\there");
	cJSON_Delete(j);
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_hostile_text)
{
	struct mw_doc *doc = hostile_doc();
	char *s = render(MW_FORMAT_TEXT, doc, &defaults);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		ck_assert_msg(*p >= 0x20 || *p == '\n' || *p == '\t', "control byte 0x%02x in text output", *p);
	ck_assert_ptr_nonnull(strstr(s, "<script>alert(1)</script>"));
	ck_assert_ptr_nonnull(strstr(s, "a | b | c"));
	ck_assert_ptr_nonnull(strstr(s, "`rm -rf /` ``"));
	ck_assert_ptr_nonnull(strstr(s, "\"double\" and 'single' quotes"));
	ck_assert_ptr_nonnull(strstr(s, "'; DROP TABLE x; --"));
	ck_assert_ptr_nonnull(strstr(s, "bell\\x01 and esc\\x1b[2J"));
	ck_assert_ptr_nonnull(strstr(s, "invalid \xef\xbf\xbd\xef\xbf\xbd utf-8"));
	ck_assert_ptr_nonnull(strstr(s, "\\u202e reversed"));
	ck_assert_ptr_nonnull(strstr(s, "tab\there"));	/* evidence keeps tabs */
	ck_assert_ptr_nonnull(strstr(s, "tab here"));	/* values do not */
	free(s);
	mw_doc_free(doc);
}
END_TEST

/* Whether s is valid UTF-8 (what every format must write whatever came in). */
static bool valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
		if (!n || (n == 2 && *p < 0xc2))
			return false;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

/* The number of '|' in a Markdown table line that are cell separators (not preceded by an odd run of '\\'). */
static size_t md_pipes(const char *line, size_t len)
{
	size_t n = 0, bs = 0;
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '|' && bs % 2 == 0)
			n++;
		bs = line[i] == '\\' ? bs + 1 : 0;
	}
	return n;
}

/*
 * Structure of Markdown output, whatever the strings were: every table row
 * has as many separators as its header, fences close with their own
 * fence, every <details> closes, and outside fences the only '<' are our
 * tags or escaped, the only backticks are escaped or ours (code spans of
 * finding ids, fences).
 */
static void assert_markdown_sound(const char *s)
{
	const char *line = s;
	size_t header_pipes = 0, open = 0, fence = 0;
	bool in_table = false;

	ck_assert_msg(valid_utf8(s), "markdown output is not valid UTF-8");
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		for (size_t i = 0; i < len; i++)
			ck_assert_msg((unsigned char)line[i] >= 0x20 || line[i] == '\t', "control byte in markdown");
		if (fence) {
			size_t k = strspn(line, "`");
			if (k >= fence && k == len)
				fence = 0;
			else
				ck_assert_msg(k < fence, "a line inside a fence starts with the fence: '%.*s'", (int)len, line);
		} else if (len >= 3 && !strncmp(line, "```", 3)) {
			fence = strspn(line, "`");
		} else {
			if (len && line[0] == '|') {
				size_t np = md_pipes(line, len);
				if (!in_table)
					header_pipes = np;
				ck_assert_msg(np == header_pipes, "table row with %zu separators, header %zu: '%.*s'", np,
					      header_pipes, (int)len, line);
				in_table = true;
			} else {
				in_table = false;
			}
			if (!strncmp(line, "<details>", 9))
				open++;
			if (!strncmp(line, "</details>", 10)) {
				ck_assert_msg(open > 0, "</details> without <details>");
				open--;
			}
			for (size_t i = 0; i < len; i++) {
				bool escaped = i && line[i - 1] == '\\';
				if (line[i] == '<' && !escaped)
					ck_assert_msg(!strncmp(line + i, "<details>", 9) || !strncmp(line + i, "</details>", 10) ||
						      !strncmp(line + i, "<summary>", 9) || !strncmp(line + i, "</summary>", 10),
						      "raw '<' in markdown: '%.*s'", (int)len, line);
			}
		}
		if (!end)
			break;
		line = end + 1;
	}
	ck_assert_msg(!fence, "a fence is not closed");
	ck_assert_msg(!open, "a <details> is not closed");
}

START_TEST(test_hostile_markdown)
{
	struct mw_doc *doc = hostile_doc();
	char *s = render(MW_FORMAT_MARKDOWN, doc, &defaults);
	assert_markdown_sound(s);
	ck_assert_ptr_nonnull(strstr(s, "\\<script\\>alert(1)\\</script\\>"));
	ck_assert_ptr_nonnull(strstr(s, "a \\| b \\| c"));
	ck_assert_ptr_nonnull(strstr(s, "\\`rm -rf /\\` \\`\\`"));
	ck_assert_ptr_nonnull(strstr(s, "bell\\\\x01 and esc\\\\x1b\\[2J"));	/* the escape's backslash is escaped */
	ck_assert_ptr_nonnull(strstr(s, "invalid \xef\xbf\xbd\xef\xbf\xbd utf-8"));
	/* quoted lines stay verbatim inside the fence */
	ck_assert_ptr_nonnull(strstr(s, "\n`rm -rf /` ``\n") ? strstr(s, "`rm -rf /` ``") : strstr(s, ": `rm -rf /` ``"));
	ck_assert_ptr_nonnull(strstr(s, ": <script>alert(1)</script>\n"));
	ck_assert_ptr_nonnull(strstr(s, ": tab\there\n"));
	free(s);
	mw_doc_free(doc);
}
END_TEST

/* Every '<' in HTML output opens one of the tags the renderer writes: no string became markup. */
static void assert_html_sound(const char *s)
{
	static const char *const tags[] = {
		"!DOCTYPE", "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "nav", "section",
		"h1", "h2", "h3", "h4", "h5", "h6", "p", "ol", "ul", "li", "a", "strong", "div", "dl", "dt", "dd", "span",
		"table", "thead", "tbody", "tr", "th", "td", "code", "pre", "figure", "figcaption", "details", "summary",
		"i", "wbr", "svg", "g", "line", "rect", "path", "circle", "text", NULL,
	};
	ck_assert_msg(valid_utf8(s), "HTML output is not valid UTF-8");
	for (const char *p = s; *p; p++) {
		const char *name;
		size_t n;
		bool known = false;
		ck_assert_msg((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\t', "control byte in HTML");
		if (*p != '<')
			continue;
		name = p + 1 + (p[1] == '/');
		n = strcspn(name, " >/");
		for (size_t i = 0; tags[i] && !known; i++)
			known = strlen(tags[i]) == n && !strncmp(tags[i], name, n);
		ck_assert_msg(known, "unexpected markup in HTML: '%.40s'", p);
	}
	ck_assert_ptr_null(strstr(s, "<script"));
	ck_assert_ptr_null(strstr(s, "src="));
	ck_assert_ptr_null(strstr(s, "@import"));
	ck_assert_ptr_null(strstr(s, "url("));
}

START_TEST(test_hostile_html)
{
	struct mw_doc *doc = hostile_doc();
	char *s = render(MW_FORMAT_HTML, doc, &defaults);
	assert_html_sound(s);
	ck_assert_ptr_nonnull(strstr(s, "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
	ck_assert_ptr_nonnull(strstr(s, "&quot;double&quot; and &#39;single&#39; quotes"));
	ck_assert_ptr_nonnull(strstr(s, "bell\\x01 and esc\\x1b[2J"));
	ck_assert_ptr_nonnull(strstr(s, "tab\there\n"));	/* evidence keeps its tab */
	free(s);
	mw_doc_free(doc);
}
END_TEST

/* Every test document, every option: the JSON follows memwaste-json(5). */
START_TEST(test_json_schema_docs)
{
	struct mw_doc *docs[] = { sample_doc(), charts_doc() };
	static const struct mw_render_opts variants[] = {
		{ .details = true },
		{ .redact_hosts = true, .show_commands = true },
	};
	for (size_t d = 0; d < MW_ARRAY_SIZE(docs); d++) {
		for (size_t v = 0; v < MW_ARRAY_SIZE(variants); v++) {
			struct mw_buf err = MW_BUF_INIT;
			cJSON *j = render_json(docs[d], &variants[v]);
			unsigned n = mw_test_json_validate(j, true, &err);
			ck_assert_msg(n == 0, "document %zu, options %zu:\n%s", d, v, err.buf);
			mw_buf_release(&err);
			cJSON_Delete(j);
		}
		mw_doc_free(docs[d]);
	}
}
END_TEST

/* ---- the Markdown size budget ---- */

/* A document far beyond any ticket: long tables, long evidence, many sections and list items. */
static struct mw_doc *huge_doc(void)
{
	static const struct mw_column cols[] = {
		{ .key = "name", .label = "Cache", .type = MW_VAL_STR },
		{ .key = "objs", .label = "Objects", .unit = MW_UNIT_COUNT, .type = MW_VAL_INT },
	};
	struct mw_doc *doc = mw_doc_new("a very long report");
	struct mw_node *list = mw_list(doc->root, "snapshots", "Snapshots");
	for (int i = 0; i < 300; i++) {
		char title[64];
		struct mw_node *item, *t, *f;
		snprintf(title, sizeof(title), "Snapshot %d", i + 1);
		item = mw_list_add(list, title);
		mw_summary(item, "Snapshot %d of a long capture, with a | and a ` in its summary.", i + 1);
		mw_fig_int(item, "free_kb", "Free", i * 1000, MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL)->flags |= MW_F_KEY;
		t = mw_table(item, "slabs", "Slab caches", cols, 2);
		for (int r = 0; r < 60; r++) {
			struct mw_row *row = mw_row_add(t);
			char name[48];
			snprintf(name, sizeof(name), "cache-%d-%d", i, r);
			mw_cell_str(row, 0, name);
			mw_cell_int(row, 1, r * 100);
		}
		f = mw_finding(item, "slab-growing", MW_LEVEL_WARNING, "Slab grows", "It grew.", "Leaks.", "Look.");
		for (int e = 0; e < 50; e++)
			ev(f, "slabinfo", (uint64_t)e + 1, "dentry            812345 845208    192   21    1 : tunables");
	}
	return doc;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

START_TEST(test_markdown_budget)
{
	struct mw_doc *doc = huge_doc();
	static const size_t budgets[] = { 0, 4096, 10000, 30000, 200000 };
	char *json = render(MW_FORMAT_JSON, doc, &defaults), *html = render(MW_FORMAT_HTML, doc, &defaults);

	for (size_t i = 0; i < MW_ARRAY_SIZE(budgets); i++) {
		struct mw_render_opts o = defaults;
		size_t limit = budgets[i] ? budgets[i] : MW_MARKDOWN_MAX_BYTES;
		char *s;
		o.max_bytes = budgets[i];
		s = render(MW_FORMAT_MARKDOWN, doc, &o);
		ck_assert_msg(strlen(s) <= limit, "budget %zu: %zu bytes", limit, strlen(s));
		ck_assert_msg(strlen(s) >= limit / 2, "budget %zu: only %zu bytes used", limit, strlen(s));
		assert_markdown_sound(s);
		ck_assert_ptr_nonnull(strstr(s, "**Verdict:** 300 warnings. Most severe: Slab grows (warning)."));
		ck_assert_ptr_nonnull(strstr(s, "This report was cut at"));
		ck_assert_ptr_nonnull(strstr(s, "--format html"));
		/* the summary comes first, in full: long lists as one table with both ends */
		ck_assert_ptr_nonnull(strstr(s, "| Snapshot 5 | 3.91 MiB | **WARNING** Slab grows |"));
		ck_assert_ptr_nonnull(strstr(s, "| *… 290 more* |"));
		if (limit >= 30000) {
			ck_assert_ptr_nonnull(strstr(s, "*… 20 more rows in the JSON and HTML reports.*"));
			ck_assert_ptr_nonnull(strstr(s, "*… 20 more lines in the JSON and HTML reports.*"));
		}
		free(s);
	}
	/* the other formats keep everything */
	ck_assert_uint_eq(count(json, "\"slab-growing\""), 300);
	ck_assert_uint_eq(count(html, "cache-299-59"), 1);
	free(json);
	free(html);
	mw_doc_free(doc);
}
END_TEST

/* Without a limit nothing is cut; a small document is never cut. */
START_TEST(test_markdown_no_limit)
{
	struct mw_doc *doc = huge_doc(), *small = sample_doc();
	struct mw_render_opts o = defaults;
	char *s;
	o.max_bytes = SIZE_MAX;
	s = render(MW_FORMAT_MARKDOWN, doc, &o);
	ck_assert_ptr_null(strstr(s, "This report was cut"));
	ck_assert_uint_gt(strlen(s), 1000000);
	assert_markdown_sound(s);
	free(s);
	s = render(MW_FORMAT_MARKDOWN, small, &defaults);
	ck_assert_ptr_null(strstr(s, "This report was cut"));
	ck_assert_ptr_nonnull(strstr(s, "## Details"));
	free(s);
	mw_doc_free(doc);
	mw_doc_free(small);
}
END_TEST

/* ---- redaction ---- */

START_TEST(test_redaction)
{
	struct mw_doc *doc = sample_doc();
	struct mw_render_opts o = defaults;
	char *text, *json, *again;
	cJSON *j;

	o.redact_hosts = true;
	text = render(MW_FORMAT_TEXT, doc, &o);
	json = render(MW_FORMAT_JSON, doc, &o);
	again = render(MW_FORMAT_TEXT, doc, &o);
	ck_assert_str_eq(text, again);	/* stable */
	for (int k = 0; k < 2; k++) {
		const char *s = k ? json : text;
		ck_assert_ptr_null(strstr(s, "db1"));
		ck_assert_ptr_null(strstr(s, "backup-7"));
		ck_assert_ptr_null(strstr(s, "10.0.0.7"));
		ck_assert_ptr_null(strstr(s, "fe80::"));
		ck_assert_ptr_nonnull(strstr(s, "host-1"));
		ck_assert_ptr_nonnull(strstr(s, "host-2"));
		ck_assert_ptr_nonnull(strstr(s, "ip-1 (ip-2%eth0)"));
		ck_assert_ptr_nonnull(strstr(s, "Nov 21 23:41:57 host-1 kernel:"));	/* short name in a syslog line */
		ck_assert_ptr_nonnull(strstr(s, "6.1.0-13-amd64"));	/* a release is not an address */
		ck_assert_ptr_nonnull(strstr(s, "0x0000000000000000-0x000000000009fbff"));
	}
	j = cJSON_Parse(json);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(str(j, "title"), "memwaste report for host-1");
	ck_assert_str_eq(str(j, "boot.host"), "host-1");
	ck_assert_str_eq(str(j, "snapshots.0.host"), "host-1");	/* same host, same placeholder */
	ck_assert_str_eq(str(j, "snapshots.1.host"), "host-2");
	ck_assert(cJSON_IsNull(get(j, "boot.cmdline")));	/* still hidden: redaction does not show commands */
	cJSON_Delete(j);
	free(text);
	free(json);
	free(again);

	/* with --show-commands the address in the command line is the first one */
	o.show_commands = true;
	j = render_json(doc, &o);
	ck_assert_ptr_nonnull(strstr(str(j, "boot.cmdline"), " ip=ip-1 crashkernel=256M"));
	ck_assert_ptr_nonnull(strstr(str(j, "snapshots.0.notes.0"), "from ip-2 (ip-3%eth0)"));
	cJSON_Delete(j);
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_redaction_off)
{
	struct mw_doc *doc = sample_doc();
	char *text = render(MW_FORMAT_TEXT, doc, &defaults);
	ck_assert_ptr_nonnull(strstr(text, "db1.example.com"));
	ck_assert_ptr_nonnull(strstr(text, "10.0.0.7"));
	ck_assert_ptr_null(strstr(text, "host-1"));
	free(text);
	mw_doc_free(doc);
}
END_TEST

static const struct {
	const char *in;
	const char *out;
} redact_cases[] = {
	{ "plain text", "plain text" },
	{ "from 10.0.0.7 to 192.168.1.1", "from ip-1 to ip-2" },
	{ "again 10.0.0.7", "again ip-1" },
	{ "range 10.0.0.7-10.0.0.9.", "range ip-1-ip-3." },
	{ "[10.0.0.7]:22 and 10.0.0.7/8", "[ip-1]:22 and ip-1/8" },
	{ "not 1.2.3.4.5 nor 256.1.1.1 nor v1.2.3.4 nor 1.2.3", "not 1.2.3.4.5 nor 256.1.1.1 nor v1.2.3.4 nor 1.2.3" },
	{ "kernel 6.1.0-13-amd64 4.18.0-305.el8.x86_64", "kernel 6.1.0-13-amd64 4.18.0-305.el8.x86_64" },
	{ "v6 fe80::1 and FE80::0:1, ::1; 2001:db8::8a2e:370:7334.", "v6 ip-4 and ip-4, ip-5; ip-6." },
	{ "mapped ::ffff:192.168.1.1 zone fe80::1%eth0", "mapped ip-7 zone ip-4%eth0" },
	{ "at 23:41:57 mac 00:1b:21:aa:bb:cc pci 0000:00:1f.6 [8086:a323]",
	  "at 23:41:57 mac 00:1b:21:aa:bb:cc pci 0000:00:1f.6 [8086:a323]" },
	{ "std::vector and Foo::bar", "std::vector and Foo::bar" },
	{ "addr fe80::1: bad", "addr ip-4: bad" },
	{ "hosts db1.example.com DB1 db1 db10 xdb1 db1-b db1.other", "hosts host-1 host-1 host-1 db10 xdb1 host-1-b host-1.other" },
	{ "/tmp/sosreport-db1-0042-2026/sos_commands/db1_x", "/tmp/sosreport-host-1-0042-2026/sos_commands/host-1_x" },
	{ "web-frontend-3 said hi to a", "host-2 said hi to a" },
};

START_TEST(test_redactor)
{
	struct mw_redactor *r = mw_redactor_new();
	struct mw_buf b = MW_BUF_INIT;

	ck_assert_str_eq(mw_redactor_host(r, "db1.example.com"), "host-1");
	ck_assert_str_eq(mw_redactor_host(r, "DB1.example.com"), "host-1");	/* case-insensitive */
	ck_assert_str_eq(mw_redactor_host(r, "db1"), "host-1");			/* the short name */
	ck_assert_str_eq(mw_redactor_host(r, "web-frontend-3"), "host-2");
	ck_assert_str_eq(mw_redactor_host(r, "a"), "host-3");			/* whole values only */
	ck_assert_str_eq(mw_redactor_host(r, ""), "");
	for (size_t i = 0; i < MW_ARRAY_SIZE(redact_cases); i++) {
		mw_buf_reset(&b);
		mw_redactor_add(r, &b, redact_cases[i].in);
		ck_assert_msg(!strcmp(b.buf, redact_cases[i].out), "'%s': got '%s', want '%s'", redact_cases[i].in,
			      b.buf, redact_cases[i].out);
	}
	/* a host value that is an address shares the address numbering */
	ck_assert_str_eq(mw_redactor_host(r, "10.0.0.7"), "ip-1");
	ck_assert_str_eq(mw_redactor_host(r, "::1"), "ip-5");
	/* scan registers without output */
	mw_redactor_scan(r, "new 172.16.0.1");
	mw_buf_reset(&b);
	mw_redactor_add(r, &b, "172.16.0.1");
	ck_assert_str_eq(b.buf, "ip-8");
	mw_buf_release(&b);
	ck_assert_ptr_null(mw_redactor_free(r));
	ck_assert_ptr_null(mw_redactor_free(NULL));
}
END_TEST

/* ---- commands ---- */

START_TEST(test_show_commands)
{
	struct mw_doc *doc = sample_doc();
	struct mw_render_opts o = defaults;
	char *text = render(MW_FORMAT_TEXT, doc, &o);
	cJSON *j;

	ck_assert_ptr_null(strstr(text, "BOOT_IMAGE"));
	ck_assert_ptr_nonnull(strstr(text, "(hidden; use --show-commands)"));
	free(text);
	o.show_commands = true;
	text = render(MW_FORMAT_TEXT, doc, &o);
	ck_assert_ptr_nonnull(strstr(text, "BOOT_IMAGE=/vmlinuz-6.1.0-13-amd64"));
	ck_assert_ptr_null(strstr(text, "hidden"));
	free(text);
	j = render_json(doc, &o);
	ck_assert_str_eq(str(j, "boot.cmdline"),
			 "BOOT_IMAGE=/vmlinuz-6.1.0-13-amd64 root=/dev/mapper/vg-root ro quiet ip=10.0.0.5 crashkernel=256M");
	ck_assert_ptr_null(cJSON_GetObjectItem(get(j, "boot.provenance.cmdline"), "how"));
	cJSON_Delete(j);
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_command_column)
{
	static const struct mw_column cols[] = {
		{ .key = "pid", .label = "PID", .type = MW_VAL_INT },
		{ .key = "cmd", .label = "Command", .type = MW_VAL_STR, .flags = MW_F_COMMAND },
	};
	struct mw_doc *doc = mw_doc_new("procs");
	struct mw_node *t = mw_table(doc->root, "procs", "Processes", cols, 2);
	struct mw_row *r = mw_row_add(t);
	char *text;
	cJSON *j;

	mw_cell_int(r, 0, 4242);
	mw_cell_str(r, 1, "java -Dsecret=hunter2 -jar app.jar");
	j = render_json(doc, &defaults);
	ck_assert(cJSON_IsNull(get(j, "procs.0.cmd")));
	cJSON_Delete(j);
	text = render(MW_FORMAT_TEXT, doc, &defaults);
	ck_assert_ptr_null(strstr(text, "hunter2"));
	free(text);
	mw_doc_free(doc);
}
END_TEST

/* ---- layout ---- */

static void assert_lines_fit(const char *s, size_t width)
{
	const char *line = s;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		size_t w = mw_render_width(line, len);
		/* quoted evidence lines ("  file:12: text") are printed whole */
		size_t sp = strspn(line, " "), colon = sp + strcspn(line + sp, ": \n");
		bool exempt = line[colon] == ':' && colon > sp && line[colon + 1] >= '0' && line[colon + 1] <= '9' &&
			      strstr(line + colon, ": ") && strstr(line + colon, ": ") < line + len;
		ck_assert_msg(w <= width || exempt, "line of %zu columns > %zu: '%.*s'", w, width, (int)len, line);
		if (!end)
			break;
		line = end + 1;
	}
}

START_TEST(test_width)
{
	struct mw_doc *doc = sample_doc();
	static const int widths[] = { 100, 80, 60, 40 };
	for (size_t i = 0; i < MW_ARRAY_SIZE(widths); i++) {
		struct mw_render_opts o = defaults;
		char *s;
		o.width = widths[i];
		s = render(MW_FORMAT_TEXT, doc, &o);
		assert_lines_fit(s, (size_t)widths[i]);
		ck_assert_ptr_nonnull(strstr(s, "4,194,304"));	/* numbers are never cut */
		ck_assert_ptr_nonnull(strstr(s, "32.0 MiB"));
		if (widths[i] <= 60)
			ck_assert_ptr_nonnull(strstr(s, "…"));
		free(s);
	}
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_color)
{
	struct mw_doc *doc = sample_doc();
	struct mw_render_opts o = defaults;
	char *plain = render(MW_FORMAT_TEXT, doc, &o), *col;
	ck_assert_ptr_null(strchr(plain, '\033'));
	o.color = true;
	col = render(MW_FORMAT_TEXT, doc, &o);
	ck_assert_ptr_nonnull(strstr(col, "\033[1;33m[WARNING]\033[0m"));
	ck_assert_ptr_nonnull(strstr(col, "\033[1;36m[NOTICE]\033[0m"));
	ck_assert_ptr_nonnull(strstr(col, "\033[1m== Boot: 6.1.0-13-amd64 ==\033[0m"));
	free(plain);
	free(col);
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_summary_only)
{
	struct mw_doc *doc = sample_doc();
	struct mw_render_opts o = defaults;
	char *s;
	o.details = false;
	s = render(MW_FORMAT_TEXT, doc, &o);
	ck_assert_ptr_nonnull(strstr(s, "Installed memory"));	/* MW_F_KEY */
	ck_assert_ptr_nonnull(strstr(s, "[WARNING] The dentry cache hash table"));
	ck_assert_ptr_nonnull(strstr(s, "Snapshot 2: 2026-11-22 05:41:57Z"));
	ck_assert_ptr_null(strstr(s, "struct page array"));	/* MW_F_DETAIL */
	ck_assert_ptr_null(strstr(s, "Highest PFN"));		/* MW_F_JSON_ONLY */
	ck_assert_ptr_null(strstr(s, "== "));			/* no details headings */
	ck_assert_ptr_null(strstr(s, "Dentry cache  "));	/* no tables */
	free(s);
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_long_list_summary)
{
	struct mw_doc *doc = mw_doc_new("many snapshots");
	struct mw_node *list = mw_list(doc->root, "snapshots", "Snapshots");
	char *s;
	for (int i = 1; i <= 40; i++) {
		char title[32];
		snprintf(title, sizeof(title), "Snapshot %d", i);
		mw_fig_int(mw_list_add(list, title), "free_kb", "Free", i * 1000, MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL)
			->flags |= MW_F_KEY;
	}
	s = render(MW_FORMAT_TEXT, doc, &(struct mw_render_opts){ .details = false });
	ck_assert_ptr_nonnull(strstr(s, "Snapshot 5\n"));
	ck_assert_ptr_null(strstr(s, "Snapshot 6\n"));
	ck_assert_ptr_nonnull(strstr(s, "… 30 more"));
	ck_assert_ptr_nonnull(strstr(s, "Snapshot 36\n"));
	ck_assert_ptr_nonnull(strstr(s, "Snapshot 40\n"));
	free(s);
	s = render(MW_FORMAT_TEXT, doc, &defaults);
	ck_assert_ptr_nonnull(strstr(s, "=== Snapshot 20 ==="));	/* details list them all */
	free(s);
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_big_table)
{
	static const struct mw_column cols[] = {
		{ .key = "name", .label = "Cache", .type = MW_VAL_STR },
		{ .key = "objs", .label = "Objects", .unit = MW_UNIT_COUNT, .type = MW_VAL_INT },
		{ .key = "kb", .label = "Size", .unit = MW_UNIT_KB, .type = MW_VAL_INT },
	};
	struct mw_doc *doc = mw_doc_new("slabs");
	struct mw_node *t = mw_table(doc->root, "slabs", "Slab caches", cols, 3);
	char *s;
	cJSON *j;
	for (int i = 0; i < 5000; i++) {
		struct mw_row *r = mw_row_add(t);
		char name[64];
		snprintf(name, sizeof(name), "cache-with-a-rather-long-name-number-%d", i);
		mw_cell_str(r, 0, name);
		mw_cell_int(r, 1, (int64_t)i * 1000);
		mw_cell_int(r, 2, (int64_t)i * 4);
	}
	s = render(MW_FORMAT_TEXT, doc, &(struct mw_render_opts){ .details = true, .width = 50 });
	assert_lines_fit(s, 50);
	ck_assert_ptr_nonnull(strstr(s, "4,999,000"));
	free(s);
	j = render_json(doc, &defaults);
	ck_assert_int_eq(cJSON_GetArraySize(get(j, "slabs")), 5000);
	ck_assert(num(j, "slabs.4999.objs") == 4999000);
	cJSON_Delete(j);
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_empty_doc)
{
	struct mw_doc *doc = mw_doc_new(NULL);
	char *s = render(MW_FORMAT_TEXT, doc, &defaults);
	cJSON *j;
	ck_assert_str_eq(s, "");
	free(s);
	j = render_json(doc, &defaults);
	ck_assert(cJSON_IsNull(get(j, "title")));
	ck_assert_int_eq(cJSON_GetArraySize(j), 3);
	cJSON_Delete(j);
	mw_doc_free(doc);
}
END_TEST

/* ---- write errors ---- */

START_TEST(test_write_error_full)
{
	struct mw_doc *doc = sample_doc();
	for (unsigned f = 0; f < MW_FORMAT__MAX; f++) {
		FILE *full = fopen("/dev/full", "w");
		ck_assert_ptr_nonnull(full);
		ck_assert_int_eq(mw_render((enum mw_format)f, doc, &defaults, full), -ENOSPC);
		fclose(full);
	}
	mw_doc_free(doc);
}
END_TEST

/* A big document fails in the middle (fwrite), not only at the final flush. */
START_TEST(test_write_error_full_big)
{
	struct mw_doc *doc = mw_doc_new("big");
	for (int i = 0; i < 3000; i++)
		mw_text(doc->root, "Paragraph %d of a long document that does not fit in a stdio buffer.", i);
	for (unsigned f = 0; f < MW_FORMAT__MAX; f++) {
		FILE *full = fopen("/dev/full", "w");
		ck_assert_int_eq(mw_render((enum mw_format)f, doc, &defaults, full), -ENOSPC);
		fclose(full);
	}
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_write_error_pipe)
{
	struct mw_doc *doc = sample_doc();
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	for (unsigned f = 0; f < MW_FORMAT__MAX; f++) {
		int fds[2];
		FILE *w;
		ck_assert_int_eq(pipe(fds), 0);
		close(fds[0]);
		w = fdopen(fds[1], "w");
		ck_assert_int_eq(mw_render((enum mw_format)f, doc, &defaults, w), -EPIPE);
		fclose(w);
	}
	signal(SIGPIPE, old);
	mw_doc_free(doc);
}
END_TEST

static Suite *make_render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("golden");
	tcase_add_loop_test(tc, test_golden, 0, (int)MW_ARRAY_SIZE(golden_cases));
	tcase_add_loop_test(tc, test_chart_golden, 0, (int)MW_ARRAY_SIZE(chart_golden_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("formats");
	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_render_bad_args);
	tcase_add_test(tc, test_null_opts);
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_test(tc, test_json_shape);
	tcase_add_test(tc, test_json_duplicate_keys);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_test(tc, test_hostile_json);
	tcase_add_test(tc, test_hostile_text);
	tcase_add_test(tc, test_hostile_markdown);
	tcase_add_test(tc, test_hostile_html);
	tcase_add_test(tc, test_json_schema_docs);
	suite_add_tcase(s, tc);

	tc = tcase_create("budget");
	tcase_add_test(tc, test_markdown_budget);
	tcase_add_test(tc, test_markdown_no_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("redaction");
	tcase_add_test(tc, test_redaction);
	tcase_add_test(tc, test_redaction_off);
	tcase_add_test(tc, test_redactor);
	tcase_add_test(tc, test_show_commands);
	tcase_add_test(tc, test_command_column);
	suite_add_tcase(s, tc);

	tc = tcase_create("layout");
	tcase_add_test(tc, test_width);
	tcase_add_test(tc, test_color);
	tcase_add_test(tc, test_summary_only);
	tcase_add_test(tc, test_long_list_summary);
	tcase_add_test(tc, test_big_table);
	tcase_add_test(tc, test_empty_doc);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_write_error_full);
	tcase_add_test(tc, test_write_error_full_big);
	tcase_add_test(tc, test_write_error_pipe);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_render_suite);
}
