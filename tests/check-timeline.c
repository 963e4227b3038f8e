/* SPDX-License-Identifier: MIT */
/*
 * check-timeline.c: the timeline report on captures with known answers.
 * The records go straight into a store (the /proc parsers are not this
 * suite's business): every figure below follows from the numbers fed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "testlib.h"
#include "memwaste/importer.h"
#include "memwaste/render.h"
#include "memwaste/report.h"
#include "memwaste/store.h"

#define T0 INT64_C(1795304517)	/* Sat Nov 21 23:41:57 UTC 2026 */
#define GiB_KB (1024 * 1024)

struct feed {
	struct mw_store *st;
	struct mw_sink *sink;
};

static void feed_open(struct feed *f, const char *name)
{
	char *err = NULL;
	struct mw_input_info info = { .path = name, .display = name };
	if (!f->st) {
		ck_assert_int_eq(mw_store_open(NULL, MW_STORE_MEMORY, &f->st, &err), 0);
		f->sink = mw_store_sink(f->st);
	}
	ck_assert_int_eq(mw_store_begin_input(f->st, &info), 0);
}

static void feed_close(struct feed *f)
{
	ck_assert_int_eq(mw_store_end_input(f->st, true, 0, 0, "ok"), 0);
}

static void emit(struct feed *f, struct mw_record *r)
{
	ck_assert_int_eq(f->sink->emit(f->sink->userdata, r), 0);
}

static void snapshot(struct feed *f, int64_t t, const char *host, uint64_t line)
{
	struct mw_record r;
	mw_record_init(&r, MW_REC_SNAPSHOT, line);
	r.u.snapshot.taken = t;
	r.u.snapshot.origin = MW_STR("loop");
	if (host)
		r.u.snapshot.host = mw_str_make(host, strlen(host));
	emit(f, &r);
}

static void meminfo(struct feed *f, const char *key, int64_t kb)
{
	struct mw_record r;
	mw_record_init(&r, MW_REC_KV, 0);
	r.u.kv.source = MW_STR("meminfo");
	r.u.kv.key = mw_str_make(key, strlen(key));
	r.u.kv.value = kb;
	r.u.kv.unit = MW_UNIT_KB;
	emit(f, &r);
}

static void slab(struct feed *f, const char *name, int64_t active, int64_t num, int64_t objsize, int64_t perslab,
		 int64_t pages_per_slab)
{
	struct mw_record r;
	mw_record_init(&r, MW_REC_SLAB, 0);
	r.u.slab.name = mw_str_make(name, strlen(name));
	r.u.slab.active_objs = active;
	r.u.slab.num_objs = num;
	r.u.slab.objsize = objsize;
	r.u.slab.objperslab = perslab;
	r.u.slab.pagesperslab = pages_per_slab;
	r.u.slab.limit = r.u.slab.batchcount = r.u.slab.sharedfactor = r.u.slab.sharedavail = 0;
	r.u.slab.num_slabs = r.u.slab.active_slabs = (num + perslab - 1) / perslab;
	emit(f, &r);
}

static void proc(struct feed *f, int64_t pid, const char *name, int64_t rss_kb)
{
	struct mw_record r;
	mw_record_init(&r, MW_REC_PROC, 0);
	r.u.proc.pid = pid;
	r.u.proc.user = MW_STR("root");
	r.u.proc.name = mw_str_make(name, strlen(name));
	r.u.proc.rss_kb = rss_kb;
	emit(f, &r);
}

static cJSON *run_report(struct mw_store *st, const char *host)
{
	struct mw_report_opts ro = { .installed_bytes = MW_UNKNOWN, .host = host };
	struct mw_render_opts rend = { .details = true };
	struct mw_doc *doc = mw_doc_new("test");
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	cJSON *j;
	ck_assert(mw_report_timeline.applies(st, &ro));
	ck_assert_int_eq(mw_report_timeline.run(st, &ro, doc->root), 0);
	out = open_memstream(&buf, &len);
	ck_assert_int_eq(mw_render(MW_FORMAT_JSON, doc, &rend, out), 0);
	fclose(out);
	j = cJSON_Parse(buf);
	ck_assert_ptr_nonnull(j);
	free(buf);
	mw_doc_free(doc);
	return j;
}

static const cJSON *finding(const cJSON *tl, const char *id)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(tl, "findings")) {
		const cJSON *i = cJSON_GetObjectItem(f, "id");
		if (cJSON_IsString(i) && strcmp(i->valuestring, id) == 0)
			return f;
	}
	return NULL;
}

static const cJSON *row_named(const cJSON *table, const char *key, const char *value)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, table) {
		const cJSON *v = cJSON_GetObjectItem(r, key);
		if (cJSON_IsString(v) && strstr(v->valuestring, value))
			return r;
	}
	return NULL;
}

/*
 * 200 snapshots, 10 s apart, of an 8 GiB machine: the dentry cache grows
 * by 50 slabs (50 pages) every snapshot (a find / walk); from snapshot 100
 * a process "hog" touches about 20 MiB more every snapshot, taking
 * MemFree and MemAvailable with it until snapshot 150, where it holds 1
 * GiB and MemAvailable is 10 MiB (below the low watermark, about 19.5
 * MiB for 8 GiB) until the hog is gone at snapshot 160.
 */
static void build_pressure(struct feed *f, const char *host)
{
	feed_open(f, "pressure.log");
	for (int i = 0; i < 200; i++) {
		int64_t t = T0 + 10 * i, dentry_num = 21 * (1000 + 50 * i), hog = 0, avail, slab_kb;
		int hog_steps = i < 100 ? 0 : i <= 150 ? i - 100 : i < 160 ? 50 : 0;
		hog = INT64_C(1048576) * hog_steps / 50;	/* up to 1 GiB */
		slab_kb = 4 * ((1000 + 50 * i) + 500);	/* dentry pages + kmalloc-64's 500 */
		avail = 1024 * 1024 + 10 * 1024 - hog;	/* 1 GiB + 10 MiB, less the hog */
		snapshot(f, t, host, (uint64_t)(1 + 10 * i));
		meminfo(f, "MemTotal", 8 * GiB_KB);
		meminfo(f, "MemFree", avail - 300 * 1024 + 100 * 1024);
		meminfo(f, "MemAvailable", avail);
		meminfo(f, "Buffers", 0);
		meminfo(f, "Cached", 300 * 1024);
		meminfo(f, "Shmem", 0);
		meminfo(f, "AnonPages", 200 * 1024 + hog);
		meminfo(f, "Slab", slab_kb);
		meminfo(f, "SReclaimable", 4 * (1000 + 50 * i));
		meminfo(f, "SUnreclaim", 4 * 500);
		meminfo(f, "KernelStack", 8 * 1024);
		meminfo(f, "PageTables", 4 * 1024);
		slab(f, "dentry", dentry_num, dentry_num, 192, 21, 1);
		slab(f, "kmalloc-64", 32000, 32000, 64, 64, 1);
		proc(f, 1, "init", 4096);
		if (hog_steps)
			proc(f, 4242, "hog", hog + 1024);
		if (i == 159) {
			/* the OOM killer takes the hog 5 s after this snapshot */
			struct mw_record e;
			mw_record_init(&e, MW_REC_EVENT, 90000);
			e.u.event.kind = MW_EVENT_OOM_KILL;
			e.u.event.first_line = 90000;
			e.u.event.wall = t + 5;
			e.u.event.victim_comm = MW_STR("hog");
			e.u.event.victim_pid = 4242;
			emit(f, &e);
		}
	}
	feed_close(f);
}

START_TEST(test_pressure)
{
	struct feed f = { 0 };
	const cJSON *tl, *ep, *t, *row, *fi;
	cJSON *j;
	double sum = 0;

	build_pressure(&f, "db1");
	j = run_report(f.st, NULL);
	tl = mw_test_json_path(j, "timelines.0");
	ck_assert_ptr_nonnull(tl);
	ck_assert_double_eq(mw_test_json_num(tl, "snapshots"), 200);
	ck_assert_double_eq(mw_test_json_num(tl, "duration_seconds"), 1990);
	ck_assert_double_eq(mw_test_json_num(tl, "interval_seconds"), 10);
	ck_assert_str_eq(mw_test_json_str(tl, "host"), "db1");
	/* the page size from Slab over the caches' pages: 4 KiB, derived */
	ck_assert_double_eq(mw_test_json_num(tl, "page_size_bytes"), 4096);
	ck_assert_str_eq(mw_test_json_str(tl, "provenance.page_size_bytes.confidence"), "derived");
	/* the worst moment is snapshot 150 */
	ck_assert_double_eq(mw_test_json_num(tl, "worst_time"), (double)(T0 + 1500));
	ck_assert_double_eq(mw_test_json_num(tl, "available_min_bytes"), 10.0 * 1024 * 1024);
	/* dentry grows by exactly 50 pages per 10 s: 73,728,000 bytes per hour, a perfect fit */
	ck_assert_str_eq(mw_test_json_str(tl, "fastest_growing_slab"), "dentry");
	ck_assert_double_eq_tol(mw_test_json_num(tl, "fastest_growing_slab_bytes_per_hour"), 50.0 * 4096 * 360, 1);
	ck_assert_double_eq_tol(mw_test_json_num(tl, "fastest_growing_slab_r2"), 1.0, 1e-9);
	ck_assert_str_eq(mw_test_json_str(tl, "most_objects_slab"), "dentry");
	ck_assert_double_eq(mw_test_json_num(tl, "most_objects_added"), 21.0 * 50 * 199);
	ck_assert_double_eq(mw_test_json_num(tl, "dicache_growth_bytes"), 50.0 * 199 * 4096);
	/* kernel: SReclaimable +200 kB per snapshot; the last 20 snapshots' mean is 180 snapshots after the first 20's */
	ck_assert_double_eq_tol(mw_test_json_num(tl, "kernel_growth_bytes"), 200.0 * 1024 * 180, 2);
	/* the hog came and went: user space did not grow */
	ck_assert_double_eq(mw_test_json_num(tl, "user_growth_bytes"), 0);
	ck_assert_ptr_null(finding(tl, "user-memory-grew"));
	/* the OOM-free part of the story: MemAvailable below the low watermark around snapshot 150 */
	ep = mw_test_json_path(tl, "pressure_episodes");
	ck_assert_ptr_nonnull(ep);
	row = row_named(ep, "kind", "available_below_low");
	ck_assert_ptr_nonnull(row);
	/* low watermark for 8 GiB: 4 sqrt(8388608) = 11585 kB, + max(min/4, 8389) = 19974 kB */
	ck_assert_double_eq(mw_test_json_num(row, "start"), (double)(T0 + 10 * 150));
	ck_assert_ptr_nonnull(finding(tl, "memory-pressure"));
	ck_assert_str_eq(mw_test_json_str(finding(tl, "memory-pressure"), "severity"), "warning");
	/* who ate the memory at the worst moment: the rows add up to MemTotal, user space is the hog */
	t = mw_test_json_path(tl, "who_ate_memory");
	cJSON_ArrayForEach(row, t)
		sum += cJSON_GetObjectItem(row, "bytes")->valuedouble;
	ck_assert_double_eq(sum, 8.0 * 1024 * 1024 * 1024);
	ck_assert_double_eq(mw_test_json_num(row_named(t, "category", "user space"), "bytes"),
			    (200.0 * 1024 + 1048576) * 1024);
	ck_assert_str_eq(mw_test_json_str(tl, "top_processes_at_worst.0.name"), "hog");
	ck_assert_str_eq(mw_test_json_str(tl, "top_slab_at_worst.0.name"), "dentry");
	/* Kleen's tables at the moments: first, the worst, the last */
	t = mw_test_json_path(tl, "memory_used_at");
	ck_assert_str_eq(mw_test_json_str(t, "0.moment"), "first");
	ck_assert_double_eq(mw_test_json_num(t, "0.memory_used_bytes"),
			    (8.0 * GiB_KB - (1024 * 1024 + 10 * 1024 - 200 * 1024)) * 1024);
	ck_assert_ptr_nonnull(row_named(t, "moment", "least available"));
	t = mw_test_json_path(tl, "slab_at");
	/* first snapshot: 1000 dentry pages + 500 kmalloc-64 pages; active = 21000 x 192 + 32000 x 64 */
	ck_assert_double_eq(mw_test_json_num(t, "0.slabs_total_bytes"), 1500.0 * 4096);
	ck_assert_double_eq(mw_test_json_num(t, "0.slabs_active_bytes"), 21000.0 * 192 + 32000 * 64);
	t = mw_test_json_path(tl, "dicache_at");
	ck_assert_double_eq(mw_test_json_num(t, "0.dicache_bytes"), 1000.0 * 4096);
	/* leak suspects: dentry, steadily; the hog went away (it is in "who ate the memory"), so it is not one */
	t = mw_test_json_path(tl, "leak_suspects");
	ck_assert_str_eq(mw_test_json_str(t, "0.name"), "dentry");
	ck_assert_str_eq(mw_test_json_str(t, "0.confidence"), "high");
	ck_assert_ptr_null(row_named(t, "name", "hog"));
	fi = finding(tl, "leak-suspect");
	ck_assert_ptr_nonnull(fi);
	ck_assert_ptr_nonnull(strstr(mw_test_json_str(fi, "saw"), "dentry"));
	/* the OOM kill: a moment of its own, a finding, a marker on the charts */
	ck_assert_double_eq(mw_test_json_num(tl, "oom_kills"), 1);
	fi = finding(tl, "oom-during-capture");
	ck_assert_ptr_nonnull(fi);
	ck_assert_ptr_nonnull(strstr(mw_test_json_str(fi, "saw"), "of hog"));
	row = row_named(mw_test_json_path(tl, "memory_used_at"), "moment", "before OOM kill of hog");
	ck_assert_ptr_nonnull(row);
	ck_assert_double_eq(mw_test_json_num(row, "time"), (double)(T0 + 1590));
	ck_assert_str_eq(mw_test_json_str(tl, "memory_over_time.markers.0.label"), "OOM kill: hog");
	ck_assert_double_eq(mw_test_json_num(tl, "memory_over_time.markers.0.x"), (double)(T0 + 1595));
	/* every meminfo field and slab cache has a trend row */
	ck_assert_int_eq(cJSON_GetArraySize(mw_test_json_path(tl, "meminfo_trends")), 12);
	ck_assert_int_eq(cJSON_GetArraySize(mw_test_json_path(tl, "slab_trends")), 2);
	ck_assert_str_eq(mw_test_json_str(tl, "slab_trends.0.name"), "dentry");
	/* charts: 200 snapshots need no downsampling; the stacked one has the nine categories */
	ck_assert_int_eq(cJSON_GetArraySize(mw_test_json_path(tl, "memory_over_time.series")), 9);
	ck_assert_int_eq(cJSON_GetArraySize(mw_test_json_path(tl, "memory_over_time.series.0.points")), 200);
	ck_assert_str_eq(mw_test_json_str(tl, "slab_over_time.series.0.name"), "dentry");
	cJSON_Delete(j);
	mw_store_close(f.st);
}
END_TEST

/* Kernel growth only, user space flat: the cross-check says so; process growth only: the reverse. */
START_TEST(test_kernel_not_user)
{
	struct feed f = { 0 };
	cJSON *j;
	const cJSON *tl;
	feed_open(&f, "k.log");
	for (int i = 0; i < 50; i++) {
		snapshot(&f, T0 + 60 * i, "k1", 0);
		meminfo(&f, "MemTotal", 4 * GiB_KB);
		meminfo(&f, "MemFree", 3 * GiB_KB - 10240 * i);
		meminfo(&f, "MemAvailable", 3 * GiB_KB - 10240 * i);
		meminfo(&f, "AnonPages", 100 * 1024);
		meminfo(&f, "SUnreclaim", 50 * 1024 + 10240 * i);
		proc(&f, 1, "init", 5000);
	}
	for (int i = 0; i < 50; i++) {
		snapshot(&f, T0 + 60 * i, "u1", 0);
		meminfo(&f, "MemTotal", 4 * GiB_KB);
		meminfo(&f, "MemFree", 3 * GiB_KB - 10240 * i);
		meminfo(&f, "AnonPages", 100 * 1024 + 10240 * i);
		meminfo(&f, "SUnreclaim", 50 * 1024);
		proc(&f, 7, "java", 90 * 1024 + 10240 * i);
	}
	feed_close(&f);
	j = run_report(f.st, NULL);
	tl = mw_test_json_path(j, "timelines.0");
	ck_assert_str_eq(mw_test_json_str(tl, "host"), "k1");
	ck_assert_ptr_nonnull(finding(tl, "kernel-memory-grew"));
	ck_assert_ptr_null(finding(tl, "user-memory-grew"));
	/* no slabinfo: SUnreclaim itself is the suspect */
	ck_assert_str_eq(mw_test_json_str(tl, "leak_suspects.0.name"), "SUnreclaim");
	tl = mw_test_json_path(j, "timelines.1");
	ck_assert_str_eq(mw_test_json_str(tl, "host"), "u1");
	ck_assert_ptr_nonnull(finding(tl, "user-memory-grew"));
	ck_assert_ptr_null(finding(tl, "kernel-memory-grew"));
	ck_assert_ptr_nonnull(row_named(mw_test_json_path(tl, "leak_suspects"), "name", "java"));
	cJSON_Delete(j);
	/* --host: one timeline */
	j = run_report(f.st, "u1");
	ck_assert_ptr_null(mw_test_json_path(j, "timelines.1"));
	ck_assert_str_eq(mw_test_json_str(j, "timelines.0.host"), "u1");
	cJSON_Delete(j);
	mw_store_close(f.st);
}
END_TEST

/*
 * A walk: per snapshot the dentry cache gains 10 pages and ext4's inode
 * cache the 50 pages of the inodes those dentries pin, while kmalloc-4k
 * gains 20 (host w1) or 100 (host w2). On w1 the dentry cache is named,
 * with the group's slope; on w2 the cache outside the group outruns it.
 */
START_TEST(test_dentry_pins_inodes)
{
	struct feed f = { 0 };
	cJSON *j;
	const cJSON *tl;
	feed_open(&f, "walk.log");
	for (int h = 1; h <= 3; h++)
		for (int i = 0; i < 60; i++) {
			/* w3: dentry alone grows fastest (60 pages a snapshot), its inodes slower */
			int64_t d = 21 * (100 + (h == 3 ? 60 : 10) * i), ino = 3 * (500 + 50 * i),
				k = 100 + (h == 1 ? 20 : h == 2 ? 100 : 5) * i;
			snapshot(&f, T0 + 10 * i, h == 1 ? "w1" : h == 2 ? "w2" : "w3", 0);
			meminfo(&f, "MemTotal", 4 * GiB_KB);
			meminfo(&f, "MemFree", 3 * GiB_KB);
			slab(&f, "dentry", d, d, 192, 21, 1);
			slab(&f, "ext4_inode_cache", ino, ino, 1080, 3, 1);
			slab(&f, "kmalloc-4k", k, k, 4096, 1, 1);
		}
	feed_close(&f);
	j = run_report(f.st, NULL);
	tl = mw_test_json_path(j, "timelines.0");
	ck_assert_str_eq(mw_test_json_str(tl, "host"), "w1");
	ck_assert_str_eq(mw_test_json_str(tl, "fastest_growing_slab"), "dentry");
	ck_assert_double_eq_tol(mw_test_json_num(tl, "fastest_growing_slab_bytes_per_hour"), 60.0 * 4096 * 360, 1);
	ck_assert_double_eq_tol(mw_test_json_num(tl, "fastest_growing_slab_r2"), 1.0, 1e-9);
	ck_assert_str_eq(mw_test_json_str(tl, "fastest_growing_single_slab"), "ext4_inode_cache");
	ck_assert_double_eq_tol(mw_test_json_num(tl, "fastest_growing_single_slab_bytes_per_hour"), 50.0 * 4096 * 360, 1);
	ck_assert_ptr_nonnull(strstr(mw_test_json_str(tl, "summary"), "dentry with the inodes it pins"));
	tl = mw_test_json_path(j, "timelines.1");
	ck_assert_str_eq(mw_test_json_str(tl, "host"), "w2");
	ck_assert_str_eq(mw_test_json_str(tl, "fastest_growing_slab"), "kmalloc-4k");
	ck_assert_double_eq_tol(mw_test_json_num(tl, "fastest_growing_slab_bytes_per_hour"), 100.0 * 4096 * 360, 1);
	ck_assert_ptr_null(mw_test_json_path(tl, "fastest_growing_single_slab"));
	/* w3: dentry with its inodes (60 + 50 pages a snapshot), and no single cache beside it: dentry is that one */
	tl = mw_test_json_path(j, "timelines.2");
	ck_assert_str_eq(mw_test_json_str(tl, "host"), "w3");
	ck_assert_str_eq(mw_test_json_str(tl, "fastest_growing_slab"), "dentry");
	ck_assert_double_eq_tol(mw_test_json_num(tl, "fastest_growing_slab_bytes_per_hour"), 110.0 * 4096 * 360, 1);
	ck_assert_ptr_null(mw_test_json_path(tl, "fastest_growing_single_slab"));
	cJSON_Delete(j);
	mw_store_close(f.st);
}
END_TEST

/* Swap filling and slab reclaim that frees objects but not pages. */
START_TEST(test_swap_and_slab_reclaim)
{
	struct feed f = { 0 };
	cJSON *j;
	const cJSON *tl, *ep;
	feed_open(&f, "s.log");
	for (int i = 0; i < 20; i++) {
		/* dentry: 50000 objects on 2500 slabs; from snapshot 10 half of them are freed, spread over every slab */
		int64_t active = i < 10 ? 50000 : 25000;
		snapshot(&f, T0 + 10 * i, "s1", 0);
		meminfo(&f, "MemTotal", 2 * GiB_KB);
		meminfo(&f, "MemFree", 1 * GiB_KB);
		meminfo(&f, "SwapTotal", 1 * GiB_KB);
		meminfo(&f, "SwapFree", i < 5 ? GiB_KB : GiB_KB - 51200 * (i - 4));
		slab(&f, "dentry", active, 50000, 192, 20, 1);
	}
	feed_close(&f);
	j = run_report(f.st, NULL);
	tl = mw_test_json_path(j, "timelines.0");
	ep = mw_test_json_path(tl, "pressure_episodes");
	ck_assert_ptr_nonnull(row_named(ep, "kind", "swap_filling"));
	ck_assert_double_eq(mw_test_json_num(row_named(ep, "kind", "swap_filling"), "start"), (double)(T0 + 40));
	ck_assert_ptr_nonnull(finding(tl, "swap-filling"));
	ck_assert_ptr_nonnull(row_named(ep, "kind", "slab_reclaim_no_pages"));
	ck_assert_double_eq(mw_test_json_num(row_named(ep, "kind", "slab_reclaim_no_pages"), "end"), (double)(T0 + 100));
	ck_assert_ptr_nonnull(finding(tl, "slab-reclaim-ineffective"));
	/* the waste is visible in Kleen's slab table: 2500 pages, half the objects active */
	ck_assert_double_eq(mw_test_json_num(tl, "slab_at.0.slabs_total_bytes"), 2500.0 * 4096);
	cJSON_Delete(j);
	mw_store_close(f.st);
}
END_TEST

/* The paper's own loop without a terminal: empty listings are explained; one snapshot is not a timeline. */
START_TEST(test_ps_empty_and_applies)
{
	static const char loop[] =
		"Sat Nov 21 23:41:57 UTC 2026\nUSER       PID   RSS COMMAND\n------------------------\n"
		"Sat Nov 21 23:42:07 UTC 2026\nUSER       PID   RSS COMMAND\n------------------------\n"
		"Sat Nov 21 23:42:17 UTC 2026\nUSER       PID   RSS COMMAND\n------------------------\n";
	struct mw_store *st = NULL;
	struct mw_importer im;
	struct mw_diag diag;
	struct mw_report_opts ro = { .installed_bytes = MW_UNKNOWN };
	char *err = NULL;
	cJSON *j;
	const cJSON *fi;

	ck_assert_int_eq(mw_store_open(NULL, MW_STORE_MEMORY, &st, &err), 0);
	mw_diag_init(&diag, NULL, NULL);
	mw_importer_init(&im, st, &diag);
	ck_assert_int_eq(mw_importer_mem(&im, loop, 58, "one.log", NULL, "file", MW_UNKNOWN), 0);
	ck_assert(!mw_report_timeline.applies(st, &ro));
	ck_assert_int_eq(mw_importer_mem(&im, loop, sizeof(loop) - 1, "loop.log", NULL, "file", MW_UNKNOWN), 0);
	j = run_report(st, NULL);
	fi = finding(mw_test_json_path(j, "timelines.0"), "ps-listed-nothing");
	ck_assert_ptr_nonnull(fi);
	ck_assert_ptr_nonnull(strstr(mw_test_json_str(fi, "advice"), "ps -eo user,pid,rss,comm"));
	ck_assert_double_eq(mw_test_json_num(j, "timelines.0.ps_empty_snapshots"), 3);
	ck_assert_str_eq(mw_test_json_str(fi, "evidence.0.file"), "one.log");
	cJSON_Delete(j);
	mw_store_close(st);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("timeline");
	TCase *tc = tcase_create("timeline");
	tcase_add_test(tc, test_pressure);
	tcase_add_test(tc, test_kernel_not_user);
	tcase_add_test(tc, test_dentry_pins_inodes);
	tcase_add_test(tc, test_swap_and_slab_reclaim);
	tcase_add_test(tc, test_ps_empty_and_applies);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_suite);
}
