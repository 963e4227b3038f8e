/* SPDX-License-Identifier: MIT */
/*
 * check-events.c: OOM reports, allocation failures and show_mem dumps: the
 * block parser (records) and the events report (explanations).
 *
 * The fixtures in fixtures/oom/ are real memory-cgroup OOMs made on the
 * development machine (fixtures/README.md). The short reports below are
 * built line by line from the kernel's formats of each era
 * (../shared/spec/kernel-formats.md sections 8-10, and lines quoted in
 * public bug reports where named); their numbers are chosen so that the
 * expected results can be computed by hand, and the comments show how.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"
#include "memwaste/events.h"
#include "memwaste/report.h"
#include "memwaste/doc.h"
#include "memwaste/render.h"

/* ---- helpers ---- */

static void parse_text(const char *text, struct mw_test_records *r)
{
	mw_test_records_init(r);
	ck_assert_int_eq(mw_test_parse("report.log", text, strlen(text), NULL, r), 0);
}

/* Runs the events report on `text` (written to a temporary file); cJSON_Delete the result. */
static cJSON *report_text(const char *text, const char *kernel)
{
	struct mw_report_opts o = { .installed_bytes = MW_UNKNOWN, .kernel = kernel };
	return mw_test_report_text(text, "events", &o, -1);
}

static bool has_finding(const cJSON *ev, const char *id)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(ev, "findings"))
		if (strcmp(cJSON_GetObjectItemCaseSensitive(f, "id")->valuestring, id) == 0)
			return true;
	return false;
}

static const char *finding_saw(const cJSON *ev, const char *id)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(ev, "findings"))
		if (strcmp(cJSON_GetObjectItemCaseSensitive(f, "id")->valuestring, id) == 0)
			return cJSON_GetObjectItemCaseSensitive(f, "saw")->valuestring;
	ck_abort_msg("finding '%s' missing", id);
	return NULL;
}

/* The kv record `key` of the first event (node-less), MW_UNKNOWN if absent. */
static int64_t event_kv(const struct mw_test_records *r, const char *key)
{
	const cJSON *rec;
	cJSON_ArrayForEach(rec, r->all) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(rec, "kind");
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(rec, "key");
		if (strcmp(k->valuestring, "event_kv") == 0 && cJSON_IsString(n) && strcmp(n->valuestring, key) == 0 &&
		    !cJSON_GetObjectItemCaseSensitive(rec, "node"))
			return mw_test_int(rec, "value");
	}
	return MW_UNKNOWN;
}

/* ---- the real memory-cgroup OOM of this machine ---- */

START_TEST(test_memcg_fixture_records)
{
	struct mw_test_records r;
	const cJSON *ev, *task;
	size_t ev_index = 0, i = 0;
	const cJSON *rec;

	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse_file(mw_test_fixture("oom/firecracker_6.18.44_memcg-v1_tail_oom.txt"), NULL, &r), 0);
	ck_assert_uint_eq(r.warnings, 0);
	ck_assert_uint_eq(mw_test_count(&r, "event"), 1);
	ev = mw_test_nth(&r, "event", 0);
	ck_assert_str_eq(mw_test_str(ev, "event"), "oom_kill");
	ck_assert_int_eq(mw_test_int(ev, "first_line"), 342);
	ck_assert_int_eq(mw_test_int(ev, "last_line"), 446);
	ck_assert_str_eq(mw_test_str(ev, "trigger_comm"), "tail");
	ck_assert_int_eq(mw_test_int(ev, "trigger_pid"), 15618);
	ck_assert_int_eq(mw_test_int(ev, "order"), 0);
	ck_assert_str_eq(mw_test_str(ev, "gfp_mask"), "0xcc0");
	ck_assert_str_eq(mw_test_str(ev, "gfp_names"), "GFP_KERNEL");
	ck_assert_str_eq(mw_test_str(ev, "kernel_release"), "6.18.44-fc-v669");
	ck_assert_str_eq(mw_test_str(ev, "constraint"), "CONSTRAINT_MEMCG");
	ck_assert_str_eq(mw_test_str(ev, "oom_memcg"), "/mw-oom-test");
	ck_assert_str_eq(mw_test_str(ev, "task_memcg"), "/mw-oom-test");
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ev, "memcg")));
	ck_assert_int_eq(mw_test_int(ev, "victim_pid"), 15618);
	ck_assert_str_eq(mw_test_str(ev, "victim_comm"), "tail");
	ck_assert_int_eq(mw_test_int(ev, "victim_total_vm_kb"), 68148);
	ck_assert_int_eq(mw_test_int(ev, "victim_anon_rss_kb"), 65280);
	ck_assert_int_eq(mw_test_int(ev, "victim_file_rss_kb"), 1564);
	ck_assert_int_eq(mw_test_int(ev, "victim_shmem_rss_kb"), 0);
	ck_assert_int_eq(mw_test_int(ev, "victim_uid"), 0);
	ck_assert_int_eq(mw_test_int(ev, "victim_pgtables_kb"), 180);
	ck_assert_int_eq(mw_test_int(ev, "victim_oom_score_adj"), 0);
	ck_assert(!cJSON_GetObjectItemCaseSensitive(ev, "truncated"));
	/* memory: usage 65536kB, limit 65536kB, failcnt 19; total_rss 66904064 */
	ck_assert_int_eq(event_kv(&r, "memcg_usage_kb"), 65536);
	ck_assert_int_eq(event_kv(&r, "memcg_limit_kb"), 65536);
	ck_assert_int_eq(event_kv(&r, "memcg_failcnt"), 19);
	ck_assert_int_eq(event_kv(&r, "memcg_kmem_usage_kb"), 200);
	ck_assert_int_eq(event_kv(&r, "memcg_rss_bytes"), 66904064);
	ck_assert_int_eq(event_kv(&r, "memcg_cache_bytes"), 0);
	ck_assert_int_eq(event_kv(&r, "tasks_count"), 1);
	/* [  15618]     0 15618    17037    16711    16320      391         0   184320        0             0 tail */
	ck_assert_uint_eq(mw_test_count(&r, "event_task"), 1);
	task = mw_test_nth(&r, "event_task", 0);
	ck_assert_int_eq(mw_test_int(task, "pid"), 15618);
	ck_assert_int_eq(mw_test_int(task, "total_vm"), 17037);
	ck_assert_int_eq(mw_test_int(task, "rss"), 16711);
	ck_assert_int_eq(mw_test_int(task, "rss_anon"), 16320);
	ck_assert_int_eq(mw_test_int(task, "rss_file"), 391);
	ck_assert_int_eq(mw_test_int(task, "rss_shmem"), 0);
	ck_assert_int_eq(mw_test_int(task, "pgtables_bytes"), 184320);
	ck_assert_int_eq(mw_test_int(task, "swapents"), 0);
	ck_assert_str_eq(mw_test_str(task, "name"), "tail");
	/* the event comes before its children */
	cJSON_ArrayForEach(rec, r.all) {
		if (strcmp(mw_test_str(rec, "kind"), "event") == 0)
			ev_index = i;
		i++;
	}
	ck_assert_int_lt(ev_index, i - 1);
	ck_assert_str_eq(mw_test_str(cJSON_GetArrayItem(r.all, (int)ev_index + 1), "kind"), "event_kv");
	mw_test_records_free(&r);
}
END_TEST

/* The full explanation of that OOM. */
START_TEST(test_memcg_fixture_report)
{
	const char *paths[] = { mw_test_fixture("oom/firecracker_6.18.44_memcg-v1_tail_oom.txt") };
	cJSON *j = mw_test_report_json(paths, 1, "events", NULL, NULL);
	const cJSON *ev = mw_test_json_path(j, "events.0");
	ck_assert_ptr_nonnull(ev);
	ck_assert_ptr_null(mw_test_json_path(j, "event_overview"));	/* one event: no overview */
	ck_assert_str_eq(mw_test_json_str(ev, "kind"), "oom_kill");
	ck_assert_str_eq(mw_test_json_str(ev, "kernel_release"), "6.18.44-fc-v669");
	ck_assert_str_eq(mw_test_json_str(ev, "trigger_comm"), "tail");
	ck_assert_double_eq(mw_test_json_num(ev, "order"), 0);
	ck_assert_str_eq(mw_test_json_str(ev, "gfp_mask"), "0xcc0");
	ck_assert_str_eq(mw_test_json_str(ev, "gfp_flags"), "GFP_KERNEL");
	ck_assert_str_eq(mw_test_json_str(ev, "gfp_flags_from"), "printed by the kernel");
	ck_assert_str_eq(mw_test_json_str(ev, "constraint"), "CONSTRAINT_MEMCG");
	ck_assert_double_eq(mw_test_json_num(ev, "victim_pid"), 15618);
	ck_assert_str_eq(mw_test_json_str(ev, "victim_comm"), "tail");
	ck_assert_str_eq(mw_test_json_str(ev, "request"), "1 page (4.00 KiB)");
	ck_assert_double_eq(mw_test_json_num(ev, "memcg_usage_kb"), 65536);
	ck_assert_double_eq(mw_test_json_num(ev, "memcg_limit_kb"), 65536);
	ck_assert(cJSON_IsTrue(mw_test_json_path(ev, "direct_reclaim_allowed")));
	/* do_anonymous_page follows the charge path (try_charge_memcg ... __mem_cgroup_charge) */
	ck_assert_str_eq(mw_test_json_str(ev, "caller"), "do_anonymous_page");
	/*
	 * badness: rss 16711 + swap 0 + 184320/4096 = 45 page-table pages =
	 * 16756 of the cgroup's 65536 kB / 4 kB = 16384 pages: 102.27%
	 */
	ck_assert(cJSON_IsTrue(mw_test_json_path(ev, "top_tasks.0.killed")));
	ck_assert_double_eq(mw_test_json_num(ev, "top_tasks.0.rss_bytes"), 16711.0 * 4096);
	ck_assert_double_eq_tol(mw_test_json_num(ev, "top_tasks.0.badness_pct"), 102.27, 0.005);
	ck_assert(has_finding(ev, "oom-victim"));
	ck_assert(has_finding(ev, "oom-memcg-limit"));
	ck_assert(!has_finding(ev, "event-truncated"));
	ck_assert(!has_finding(ev, "gfp-ambiguous"));
	ck_assert_ptr_nonnull(strstr(finding_saw(ev, "oom-victim"), "killed tail (pid 15618)"));
	ck_assert_ptr_nonnull(strstr(finding_saw(ev, "oom-memcg-limit"), "usage 64.0 MiB of limit 64.0 MiB, 19 times"));
	ck_assert_ptr_nonnull(strstr(mw_test_json_str(ev, "summary"), "within its memory cgroup's limit"));
	cJSON_Delete(j);
}
END_TEST

/* Two kills in one cgroup: python3 had oom_score_adj 1000 and went first, then tail. */
START_TEST(test_two_kills)
{
	const char *paths[] = { mw_test_fixture("oom/firecracker_6.18.44_memcg-v1_two_kills.txt") };
	cJSON *j = mw_test_report_json(paths, 1, "events", NULL, NULL);
	ck_assert_double_eq(mw_test_json_num(j, "event_overview.oom_kills_count"), 2);
	ck_assert_double_eq(mw_test_json_num(j, "events.0.victim_pid"), 16092);
	ck_assert_str_eq(mw_test_json_str(j, "events.0.victim_comm"), "python3");
	ck_assert_double_eq(mw_test_json_num(j, "events.0.victim_oom_score_adj"), 1000);
	ck_assert_double_eq(mw_test_json_num(j, "events.1.victim_pid"), 16134);
	ck_assert_str_eq(mw_test_json_str(j, "events.1.victim_comm"), "tail");
	ck_assert_str_eq(mw_test_json_str(j, "events.0.gfp_flags"), "GFP_HIGHUSER_MOVABLE");
	/*
	 * python3: 13522 rss + 155648 / 4096 = 38 pages of page tables, plus
	 * 1000 x 24576 / 1000 (the limit, 96 MiB, in pages) = 38136 = 155.18%
	 */
	ck_assert_str_eq(mw_test_json_str(j, "events.0.top_tasks.0.name"), "python3");
	ck_assert_double_eq_tol(mw_test_json_num(j, "events.0.top_tasks.0.badness_pct"), 155.18, 0.005);
	ck_assert_str_eq(mw_test_json_str(j, "event_overview.timeline.1.outcome"), "killed tail (16134)");
	cJSON_Delete(j);
}
END_TEST

/* ---- failure and trigger lines of every era ---- */

static const struct {
	const char *line;
	const char *kind, *comm, *mask, *names, *nodemask, *cpuset, *mems;
	int64_t order;
} triggers[] = {
	/* 2.6 (the paper's format, with the full stop) */
	{ "swapper/0: page allocation failure. order:1, mode:0x20", "alloc_failure", "swapper/0", "0x20", NULL, NULL, NULL, NULL, 1 },
	/* 3.x warn_alloc_failed */
	{ "oom-depleter: page allocation failure: order:0, mode:0x280da", "alloc_failure", "oom-depleter", "0x280da", NULL, NULL, NULL, NULL, 0 },
	/* 4.9 (coreos/bugs#1106) */
	{ "java: page allocation failure: order:0, mode:0x2084120(GFP_ATOMIC|__GFP_COLD|__GFP_COMP)", "alloc_failure", "java",
	  "0x2084120", "GFP_ATOMIC|__GFP_COLD|__GFP_COMP", NULL, NULL, NULL, 0 },
	/* 4.10-4.18 nodemask; 4.19+ cpuset on the same line */
	{ "fio: page allocation failure: order:2, mode:0x14000c0(GFP_KERNEL), nodemask=0-1", "alloc_failure", "fio", "0x14000c0",
	  "GFP_KERNEL", "0-1", NULL, NULL, 2 },
	{ "kworker/u8:2: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0",
	  "alloc_failure", "kworker/u8:2", "0x40cc0", "GFP_KERNEL|__GFP_COMP", "(null)", "/", "0", 4 },
	/* a cpuset name with a comma */
	{ "irq/5-x: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null),cpuset=a,b,mems_allowed=0-3",
	  "alloc_failure", "irq/5-x", "0x820", "GFP_ATOMIC", "(null)", "a,b", "0-3", 0 },
	/* stalls, with the 4.9 typo and without */
	{ "kworker/0:1: page alloction stalls for 10000ms, order:0, mode:0x24200ca(GFP_HIGHUSER_MOVABLE)", "alloc_stall",
	  "kworker/0:1", "0x24200ca", "GFP_HIGHUSER_MOVABLE", NULL, NULL, NULL, 0 },
	{ "a.out: page allocation stalls for 11020ms, order:0, mode:0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null)",
	  "alloc_stall", "a.out", "0x14200ca", "GFP_HIGHUSER_MOVABLE", "(null)", NULL, NULL, 0 },
	/* vmalloc (4.x warn_alloc) */
	{ "insmod: vmalloc: allocation failure, allocated 20480 of 1048576 bytes, mode:0x24000c2(GFP_KERNEL|__GFP_HIGHMEM)",
	  "alloc_failure", "insmod", "0x24000c2", "GFP_KERNEL|__GFP_HIGHMEM", NULL, NULL, NULL, MW_UNKNOWN },
	/* OOM triggers: 2.6.1x without a name, 2.6.2x oomkilladj, 2.6.32, 4.9 nodemask, 4.12 two spaces, 6.x */
	{ "oom-killer: gfp_mask=0xd0, order=0", "oom_kill", NULL, "0xd0", NULL, NULL, NULL, NULL, 0 },
	{ "java invoked oom-killer: gfp_mask=0x201d2, order=0, oomkilladj=0", "oom_kill", "java", "0x201d2", NULL, NULL, NULL, NULL, 0 },
	{ "httpd invoked oom-killer: gfp_mask=0x200da, order=0, oom_adj=0, oom_score_adj=0", "oom_kill", "httpd", "0x200da", NULL,
	  NULL, NULL, NULL, 0 },
	{ "Web Content invoked oom-killer: gfp_mask=0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD), nodemask=0-1, order=0, oom_score_adj=0",
	  "oom_kill", "Web Content", "0x24201ca", "GFP_HIGHUSER_MOVABLE|__GFP_COLD", "0-1", NULL, NULL, 0 },
	{ "kswapd0 invoked oom-killer: gfp_mask=0x14000c0(GFP_KERNEL), nodemask=(null),  order=2, oom_score_adj=0", "oom_kill",
	  "kswapd0", "0x14000c0", "GFP_KERNEL", "(null)", NULL, NULL, 2 },
	{ "systemd invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0", "oom_kill",
	  "systemd", "0x140cca", "GFP_HIGHUSER_MOVABLE|__GFP_COMP", NULL, NULL, NULL, 0 },
};

static void check_str_or_absent(const cJSON *rec, const char *field, const char *want)
{
	if (want)
		ck_assert_str_eq(mw_test_str(rec, field), want);
	else
		ck_assert_msg(!cJSON_GetObjectItemCaseSensitive(rec, field), "%s present", field);
}

START_TEST(test_trigger_lines)
{
	struct mw_test_records r;
	const cJSON *ev;
	char text[512];
	snprintf(text, sizeof(text), "[  100.000001] %s\n", triggers[_i].line);
	parse_text(text, &r);
	ck_assert_uint_eq(mw_test_count(&r, "event"), 1);
	ev = mw_test_nth(&r, "event", 0);
	ck_assert_str_eq(mw_test_str(ev, "event"), triggers[_i].kind);
	check_str_or_absent(ev, "trigger_comm", triggers[_i].comm);
	check_str_or_absent(ev, "gfp_mask", triggers[_i].mask);
	check_str_or_absent(ev, "gfp_names", triggers[_i].names);
	check_str_or_absent(ev, "nodemask", triggers[_i].nodemask);
	check_str_or_absent(ev, "cpuset", triggers[_i].cpuset);
	check_str_or_absent(ev, "mems_allowed", triggers[_i].mems);
	if (triggers[_i].order == MW_UNKNOWN)
		ck_assert(!cJSON_GetObjectItemCaseSensitive(ev, "order"));
	else
		ck_assert_int_eq(mw_test_int(ev, "order"), triggers[_i].order);
	/* an OOM report that stops after its first line is cut off; a failure line is whole */
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ev, "truncated")) == (strcmp(triggers[_i].kind, "oom_kill") == 0));
	mw_test_records_free(&r);
}
END_TEST

/* ---- task tables of every era ---- */

static const struct {
	const char *header, *row;
	int64_t pid, rss, pgtables_bytes, nr_ptes, swapents, adj;
	const char *name;
} tasks[] = {
	/* 2.6.32: cpu and oom_adj columns */
	{ "[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name",
	  "[ 8376]   501  8376   367606      842   1       0             0 httpd", 8376, 842, MW_UNKNOWN, MW_UNKNOWN, MW_UNKNOWN, 0, "httpd" },
	/* 3.x .. 4.7 */
	{ "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name",
	  "[ 3882]     0  3882   166443    80359     301        0             0 python", 3882, 80359, MW_UNKNOWN, 301, 0, 0, "python" },
	/* 4.8 .. 4.14: nr_pmds */
	{ "[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name",
	  "[  651]     0   651    27005     5232      66       3        0          -900 (sd-pam)", 651, 5232, MW_UNKNOWN, 66, 0, -900, "(sd-pam)" },
	/* 4.19 .. 6.x: pgtables_bytes; a name with a space */
	{ "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
	  "[ 321864]  1000 321864   842171   129323  4104192    35119           167 Isolated Web Co", 321864, 129323, 4104192,
	  MW_UNKNOWN, 35119, 167, "Isolated Web Co" },
	/* 6.8+: rss split; a name with brackets and a colon */
	{ "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name",
	  "[   8291]     0  8291   280560     1310      900      410         0    98304        7          1000 runc:[2:INIT]", 8291,
	  1310, 98304, MW_UNKNOWN, 7, 1000, "runc:[2:INIT]" },
};

static void check_opt_int(const cJSON *rec, const char *field, int64_t want)
{
	if (want == MW_UNKNOWN)
		ck_assert_msg(!cJSON_GetObjectItemCaseSensitive(rec, field), "%s present", field);
	else
		ck_assert_int_eq(mw_test_int(rec, field), want);
}

START_TEST(test_task_tables)
{
	struct mw_test_records r;
	const cJSON *t;
	char text[1024];
	snprintf(text, sizeof(text),
		 "[    1.000000] x invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0\n"
		 "[    1.000001] %s\n[    1.000002] %s\n"
		 "[    1.000003] Out of memory: Kill process %lld (%s) score 500 or sacrifice child\n"
		 "[    1.000004] Killed process %lld (%s) total-vm:1000kB, anon-rss:500kB, file-rss:4kB\n",
		 tasks[_i].header, tasks[_i].row, (long long)tasks[_i].pid, tasks[_i].name, (long long)tasks[_i].pid,
		 tasks[_i].name);
	parse_text(text, &r);
	ck_assert_uint_eq(r.warnings, 0);
	ck_assert_uint_eq(mw_test_count(&r, "event_task"), 1);
	t = mw_test_nth(&r, "event_task", 0);
	ck_assert_int_eq(mw_test_int(t, "pid"), tasks[_i].pid);
	ck_assert_int_eq(mw_test_int(t, "rss"), tasks[_i].rss);
	check_opt_int(t, "pgtables_bytes", tasks[_i].pgtables_bytes);
	check_opt_int(t, "nr_ptes", tasks[_i].nr_ptes);
	check_opt_int(t, "swapents", tasks[_i].swapents);
	ck_assert_int_eq(mw_test_int(t, "oom_score_adj"), tasks[_i].adj);
	ck_assert_str_eq(mw_test_str(t, "name"), tasks[_i].name);
	/* the victim's name, spaces and brackets included, from the kill line */
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "event", 0), "victim_comm"), tasks[_i].name);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "event", 0), "victim_score"), 500);
	mw_test_records_free(&r);
}
END_TEST

/* 2.6.1x kill lines, 3.10 memcg selection != victim, reaper and sharing lines. */
START_TEST(test_kill_lines)
{
	struct mw_test_records r;
	const cJSON *ev;
	parse_text("oom-killer: gfp_mask=0x201d2, order=0\n"
		   "Out of Memory: Kill process 1234 (foo bar) score 500 and children.\n"
		   "Out of memory: Killed process 1234 (foo bar).\n", &r);
	ev = mw_test_nth(&r, "event", 0);
	ck_assert_int_eq(mw_test_int(ev, "victim_pid"), 1234);
	ck_assert_str_eq(mw_test_str(ev, "victim_comm"), "foo bar");
	ck_assert_int_eq(mw_test_int(ev, "victim_score"), 500);
	ck_assert(!cJSON_GetObjectItemCaseSensitive(ev, "truncated"));
	mw_test_records_free(&r);

	parse_text("[  10.1] a invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=-998\n"
		   "[  10.2] Task in /a/b killed as a result of limit of /a\n"
		   "[  10.3] memory: usage 233472kB, limit 233472kB, failcnt 3028\n"
		   "[  10.4] Memory cgroup stats for /a: cache:0KB rss:0KB rss_huge:0KB\n"
		   "[  10.5] Memory cgroup stats for /a/b: cache:8KB rss:233428KB rss_huge:2048KB\n"
		   "[  10.6] Memory cgroup out of memory: Kill process 26074 (monocular) score 54 or sacrifice child\n"
		   "[  10.7] Killed process 24518 (monocular) total-vm:267220kB, anon-rss:232620kB, file-rss:11064kB, shmem-rss:0kB\n"
		   "[  10.8] oom_reaper: reaped process 24518 (monocular), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n"
		   "[  10.9] oom_reaper: reaped process 999 (other), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n", &r);
	ck_assert_uint_eq(mw_test_count(&r, "event"), 1);
	ev = mw_test_nth(&r, "event", 0);
	ck_assert_int_eq(mw_test_int(ev, "victim_pid"), 24518);	/* the killed one, not the selected one */
	ck_assert_str_eq(mw_test_str(ev, "oom_memcg"), "/a");
	ck_assert_str_eq(mw_test_str(ev, "task_memcg"), "/a/b");
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ev, "memcg")));
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ev, "reaped")));
	ck_assert_int_eq(event_kv(&r, "selected_pid"), 26074);
	ck_assert_int_eq(event_kv(&r, "reaped_other"), 1);
	/* the hierarchy's statistics summed: (0 + 233428) kB and (0 + 8) kB */
	ck_assert_int_eq(event_kv(&r, "memcg_rss_bytes"), 233428 * 1024);
	ck_assert_int_eq(event_kv(&r, "memcg_cache_bytes"), 8 * 1024);
	mw_test_records_free(&r);

	/* a reaper line whose report is not in the input: a victim all the same */
	parse_text("[  5.0] oom_reaper: reaped process 77 (leaky), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n", &r);
	ev = mw_test_nth(&r, "event", 0);
	ck_assert_str_eq(mw_test_str(ev, "event"), "oom_reaper");
	ck_assert_int_eq(mw_test_int(ev, "victim_pid"), 77);
	mw_test_records_free(&r);
}
END_TEST

/* ---- show_mem ---- */

/*
 * A 2.6.32 atomic order-1 failure in a network driver's receive path, with
 * numbers made for hand-checking the watermark arithmetic:
 *   mask 0x20 = GFP_ATOMIC: __GFP_HIGH halves min, no __GFP_WAIT
 *   (ALLOC_HARDER) takes a further quarter. No zone modifier: the
 *   requested zone is the highest one printed, DMA32 (lowmem_reserve
 *   index 1).
 *   DMA: free 300 pages, min 250 -> 125 -> 94; reserve[1] = 100;
 *     299 > 194, then the order loop: 299 - 300 = -1 <= 94 >> 1: no block.
 *   DMA32: free 1000, min 500 -> 250 -> 188; reserve 0; 999 > 188, then
 *     999 - 1000 = -1 <= 94: no block.
 */
static const char old_atomic[] =
	"<4>swapper/0: page allocation failure. order:1, mode:0x20\n"
	"<4>Pid: 0, comm: swapper Not tainted 2.6.32-504.el6.x86_64 #1\n"
	"<4>Call Trace:\n"
	"<4> <IRQ>  [<ffffffff8113e77c>] ? __alloc_pages_nodemask+0x7dc/0x950\n"
	"<4> [<ffffffff8117f132>] ? kmem_getpages+0x62/0x170\n"
	"<4> [<ffffffff8146cc62>] ? __alloc_skb+0x72/0x190\n"
	"<4> [<ffffffffa0123456>] ? e1000_alloc_rx_buffers+0x1b6/0x2e0 [e1000e]\n"
	"<6>Mem-Info:\n"
	"<4>Node 0 DMA per-cpu:\n"
	"<4>CPU    0: hi:    0, btch:   1 usd:   0\n"
	"<4>Node 0 DMA32 per-cpu:\n"
	"<4>CPU    0: hi:  186, btch:  31 usd:  30\n"
	"<4>active_anon:1000 inactive_anon:500 isolated_anon:0\n"
	"<4> active_file:200 inactive_file:100 isolated_file:0\n"
	"<4> unevictable:0 dirty:0 writeback:0 unstable:0\n"
	"<4> free:1300 slab_reclaimable:100 slab_unreclaimable:200\n"
	"<4> mapped:10 shmem:0 pagetables:50 bounce:0\n"
	"<4>Node 0 DMA free:1200kB min:1000kB low:1250kB high:1500kB active_anon:0kB present:16000kB pages_scanned:0 all_unreclaimable? no\n"
	"<4>lowmem_reserve[]: 0 100 100 100\n"
	"<4>Node 0 DMA32 free:4000kB min:2000kB low:2500kB high:3000kB active_anon:4000kB present:100000kB pages_scanned:0 all_unreclaimable? no\n"
	"<4>lowmem_reserve[]: 0 0 0 0\n"
	"<4>Node 0 DMA: 300*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 1200kB\n"
	"<4>Node 0 DMA32: 1000*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 4000kB\n"
	"<4>300 total pagecache pages\n"
	"<4>0 pages in swap cache\n"
	"<4>Swap cache stats: add 0, delete 0, find 0/0\n"
	"<4>Free swap  = 0kB\n"
	"<4>Total swap = 0kB\n"
	"<6>30000 pages RAM\n"
	"<6>1000 pages reserved\n"
	"<6>br0: port 1(eth0) entering forwarding state\n";

START_TEST(test_old_atomic_watermark)
{
	struct mw_test_records r;
	const cJSON *z;
	cJSON *j;
	const cJSON *ev;

	parse_text(old_atomic, &r);
	ck_assert_uint_eq(r.warnings, 0);
	ck_assert_uint_eq(mw_test_count(&r, "event"), 1);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "event", 0), "last_line"), 30);
	ck_assert_uint_eq(mw_test_count(&r, "event_zone"), 2);
	z = mw_test_nth(&r, "event_zone", 0);
	ck_assert_str_eq(mw_test_str(z, "zone"), "DMA");
	ck_assert_int_eq(mw_test_int(z, "free_kb"), 1200);
	ck_assert_int_eq(mw_test_int(z, "min_kb"), 1000);
	ck_assert_int_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(z, "lowmem_reserve"), 1)->valueint, 100);
	ck_assert_int_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(z, "counts"), 0)->valueint, 300);
	ck_assert_int_eq(mw_test_int(z, "zone_line"), 18);
	ck_assert_int_eq(mw_test_int(z, "buddy_line"), 22);
	ck_assert_int_eq(event_kv(&r, "free"), 1300);
	ck_assert_int_eq(event_kv(&r, "pages_ram"), 30000);
	ck_assert_int_eq(event_kv(&r, "total_swap_kb"), 0);
	mw_test_records_free(&r);

	j = report_text(old_atomic, NULL);
	ev = mw_test_json_path(j, "events.0");
	ck_assert_str_eq(mw_test_json_str(ev, "gfp_flags"), "GFP_ATOMIC");
	ck_assert_str_eq(mw_test_json_str(ev, "kernel_release"), "2.6.32-504.el6.x86_64");
	ck_assert(cJSON_IsFalse(mw_test_json_path(ev, "direct_reclaim_allowed")));
	ck_assert_double_eq(mw_test_json_num(ev, "zones.0.effective_min_kb"), 94 * 4);
	ck_assert_double_eq(mw_test_json_num(ev, "zones.0.lowmem_reserve_kb"), 100 * 4);
	ck_assert_str_eq(mw_test_json_str(ev, "zones.0.check"), "no block");
	ck_assert_double_eq(mw_test_json_num(ev, "zones.1.effective_min_kb"), 188 * 4);
	ck_assert_str_eq(mw_test_json_str(ev, "zones.1.check"), "no block");
	ck_assert_double_eq(mw_test_json_num(ev, "zones.1.largest_free_block_kb"), 4);
	ck_assert(has_finding(ev, "alloc-no-reclaim"));
	ck_assert(has_finding(ev, "alloc-fragmentation"));
	ck_assert(has_finding(ev, "alloc-known-offender"));
	ck_assert_ptr_nonnull(strstr(finding_saw(ev, "alloc-known-offender"), "jumbo frames"));
	ck_assert_ptr_nonnull(strstr(finding_saw(ev, "alloc-no-reclaim"), "interrupt context"));
	ck_assert(!has_finding(ev, "alloc-no-memory"));
	cJSON_Delete(j);
}
END_TEST

/*
 * 4.4+ checks the free blocks' migratetypes: the only order-4 block is
 * HighAtomic, kept for atomic high-order requests. Normal zone: free 864
 * kB = 216 pages, min 100 kB = 25 pages, reserved_highatomic 64 kB = 16.
 *   GFP_KERNEL order 2: 216 - 16 - 3 = 197 > 25, but no U/M/E block of
 *   order >= 2: "no block".
 *   GFP_ATOMIC (0xa20) order 2: ALLOC_HARDER may take the H block: pass.
 */
static const char highatomic_fmt[] =
	"[  50.000000] t: page allocation failure: order:2, mode:%s, nodemask=(null),cpuset=/,mems_allowed=0\n"
	"[  50.000001] CPU: 1 PID: 42 Comm: t Not tainted 5.10.0-8-amd64 #1 Debian 5.10.46-4\n"
	"[  50.000002] Mem-Info:\n"
	"[  50.000003] active_anon:10 inactive_anon:10 isolated_anon:0\n"
	"               active_file:10 inactive_file:10 isolated_file:0\n"
	"               unevictable:0 dirty:0 writeback:0\n"
	"               slab_reclaimable:10 slab_unreclaimable:10\n"
	"               mapped:0 shmem:0 pagetables:1 bounce:0\n"
	"               free:216 free_pcp:0 free_cma:0\n"
	"[  50.000004] Node 0 Normal free:864kB min:100kB low:125kB high:150kB reserved_highatomic:64KB active_anon:40kB inactive_anon:40kB active_file:40kB inactive_file:40kB unevictable:0kB writepending:0kB present:2048kB managed:1024kB mlocked:0kB pagetables:4kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB\n"
	"[  50.000005] lowmem_reserve[]: 0 0 0 0 0\n"
	"[  50.000006] Node 0 Normal: 100*4kB (UME) 50*8kB (UM) 0*16kB 0*32kB 1*64kB (H) 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 864kB\n"
	"[  50.000007] 20 total pagecache pages\n"
	"[  50.000008] 512 pages RAM\n"
	"[  50.000009] 0 pages HighMem/MovableOnly\n"
	"[  50.000010] 256 pages reserved\n";

START_TEST(test_highatomic_types)
{
	char text[4096];
	cJSON *j;
	snprintf(text, sizeof(text), highatomic_fmt, "0xcc0(GFP_KERNEL)");
	j = report_text(text, NULL);
	ck_assert_str_eq(mw_test_json_str(j, "events.0.zones.0.check"), "no block");
	ck_assert_double_eq(mw_test_json_num(j, "events.0.zones.0.effective_min_kb"), 100);
	ck_assert(has_finding(mw_test_json_path(j, "events.0"), "alloc-fragmentation"));
	cJSON_Delete(j);
	snprintf(text, sizeof(text), highatomic_fmt, "0xa20(GFP_ATOMIC)");
	j = report_text(text, NULL);
	/* 25 pages: halved (12 off) and a quarter of the rest off (3): 10 pages */
	ck_assert_double_eq(mw_test_json_num(j, "events.0.zones.0.effective_min_kb"), 40);
	ck_assert_str_eq(mw_test_json_str(j, "events.0.zones.0.check"), "pass");
	ck_assert(has_finding(mw_test_json_path(j, "events.0"), "alloc-no-reclaim"));
	cJSON_Delete(j);
}
END_TEST

/*
 * A 2.6-era sysrq-m dump of a NUMA box whose node 1 has no DMA zone: free 0
 * <= min 0 is no shortage. The empty zone is "empty", not counted below low,
 * and no evidence of the watermark finding; DMA32 between min and low is.
 */
START_TEST(test_showmem_empty_zone)
{
	cJSON *j;
	const cJSON *ev;
	j = report_text("SysRq : Show Memory\n"
			"Mem-info:\n"
			"Node 1 DMA free:0kB min:0kB low:0kB high:0kB active:0kB inactive:0kB present:0kB pages_scanned:0 all_unreclaimable? no\n"
			"lowmem_reserve[]: 0 0 0 0\n"
			"Node 0 DMA32 free:7048kB min:5672kB low:7088kB high:8508kB active:135612kB inactive:3791400kB present:4038816kB pages_scanned:0 all_unreclaimable? no\n"
			"lowmem_reserve[]: 0 0 0 0\n"
			"Node 0 Normal free:90000kB min:5672kB low:7088kB high:8508kB active:1kB inactive:1kB present:4038816kB pages_scanned:0 all_unreclaimable? no\n"
			"lowmem_reserve[]: 0 0 0 0\n"
			"2064256 pages of RAM\n",
			NULL);
	ev = mw_test_json_path(j, "events.0");
	ck_assert_ptr_nonnull(ev);
	ck_assert_str_eq(mw_test_json_str(ev, "zones.0.check"), "empty");
	ck_assert_str_eq(mw_test_json_str(ev, "zones.1.check"), "below low");
	ck_assert_str_eq(mw_test_json_str(ev, "zones.2.check"), "ok");
	ck_assert(has_finding(ev, "zone-watermarks"));
	ck_assert_ptr_null(strstr(finding_saw(ev, "zone-watermarks"), "DMA:"));
	ck_assert_ptr_nonnull(strstr(finding_saw(ev, "zone-watermarks"), "Node 0 DMA32: free between min and low"));
	ck_assert(!has_finding(ev, "zone-below-min"));
	/* no release anywhere: unknown, and no "from" */
	ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(ev, "kernel_release")));
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(ev, "kernel_release_from"));
	cJSON_Delete(j);
}
END_TEST

/* A show_mem dump whose dirty count is larger than the file LRU (the 5.19-rc shape): drift, not "much dirty". */
START_TEST(test_showmem_dirty_drift)
{
	cJSON *j;
	const cJSON *ev;
	j = report_text("sysrq: Show Memory\n"
			"Mem-Info:\n"
			"active_anon:143 inactive_anon:32000 isolated_anon:0\n"
			" active_file:35317 inactive_file:31687 isolated_file:0\n"
			" unevictable:3086 dirty:706420 writeback:0\n"
			" slab_reclaimable:12356 slab_unreclaimable:15392\n"
			" mapped:16398 shmem:532 pagetables:1000 bounce:0\n"
			" free:3825037 free_pcp:34496 free_cma:0\n"
			"4194142 pages RAM\n",
			NULL);
	ev = mw_test_json_path(j, "events.0");
	ck_assert_ptr_nonnull(ev);
	ck_assert(has_finding(ev, "dirty-counter-drift"));
	ck_assert(!has_finding(ev, "dirty-pages-high"));
	cJSON_Delete(j);
}
END_TEST

/*
 * Syslog dates print no year: the file's mtime (here 2026-03-01) gives it,
 * and a date after the mtime is of the year before (Dec 05 is 2025's).
 */
START_TEST(test_syslog_year)
{
	struct mw_report_opts o = { .installed_bytes = MW_UNKNOWN };
	static const char text[] =
		"Dec 05 22:20:29 box kernel: a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"Dec 05 22:20:29 box kernel: Out of memory: Killed process 7 (a) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
		"Feb 27 10:00:00 box kernel: b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"Feb 27 10:00:00 box kernel: Out of memory: Killed process 8 (b) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n";
	cJSON *j = mw_test_report_text(text, "events", &o, 1772323200);	/* mtime 2026-03-01 00:00:00Z */
	ck_assert_double_eq(mw_test_json_num(j, "events.0.time"), 1764973229.0);	/* 2025-12-05 22:20:29Z */
	ck_assert_double_eq(mw_test_json_num(j, "events.1.time"), 1772186400.0);	/* 2026-02-27 10:00:00Z */
	/* and the year is said to be a guess */
	ck_assert_str_eq(mw_test_json_str(j, "events.0.provenance.time.confidence"), "estimated");
	cJSON_Delete(j);
}
END_TEST

/* Logical show_mem lines of three eras, to be cut by wraps in the next test. */
static const char *const dumps[] = {
	/* 6.x */
	"Mem-Info:\n"
	"active_anon:1413442 inactive_anon:1509191 isolated_anon:0\n"
	" active_file:29 inactive_file:186 isolated_file:0\n"
	" free:34629 free_pcp:0 free_cma:0\n"
	"Node 0 active_anon:5653768kB inactive_anon:6036764kB active_file:728kB inactive_file:132kB unevictable:8188kB isolated(anon):0kB isolated(file):0kB mapped:5172kB dirty:224kB writeback:80kB shmem:78160kB shmem_thp: 0kB shmem_pmdmapped: 0kB anon_thp: 1236992kB writeback_tmp:0kB kernel_stack:10592kB pagetables:102816kB sec_pagetables:0kB all_unreclaimable? no\n"
	"Node 0 DMA32 free:63304kB boost:0kB min:13760kB low:17200kB high:20640kB reserved_highatomic:0KB active_anon:1816112kB inactive_anon:1188180kB active_file:0kB inactive_file:240kB unevictable:544kB writepending:28kB present:3348656kB managed:3283120kB mlocked:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB\n"
	"lowmem_reserve[]: 0 0 12468 12468 12468\n"
	"Node 0 DMA32: 550*4kB (UM) 250*8kB (UE) 46*16kB (UE) 14*32kB (UME) 6*64kB (UME) 2*128kB (UM) 1*256kB (U) 14*512kB (ME) 7*1024kB (ME) 19*2048kB (ME) 1*4096kB (M) = 63624kB\n"
	"4115400 pages RAM\n",
	/* 3.x, no NUMA */
	"Mem-Info:\n"
	"active_anon:610014 inactive_anon:16551 isolated_anon:0\n"
	" active_file:83258 inactive_file:151927 isolated_file:0\n"
	" free:72021 slab_reclaimable:18685 slab_unreclaimable:13682\n"
	"DMA32 free:251976kB min:51124kB low:63904kB high:76684kB active_anon:1738128kB inactive_anon:58108kB active_file:316652kB inactive_file:591328kB unevictable:16kB isolated(anon):0kB isolated(file):0kB present:3054528kB mlocked:16kB dirty:40kB writeback:0kB mapped:58684kB shmem:108216kB slab_reclaimable:38888kB slab_unreclaimable:15988kB kernel_stack:1416kB pagetables:8684kB unstable:0kB bounce:0kB free_cma:0kB writeback_tmp:0kB pages_scanned:0 all_unreclaimable? no\n"
	"lowmem_reserve[]: 0 0 945 945\n"
	"DMA32: 56*4kB 577*8kB 754*16kB 1192*32kB 713*64kB 484*128kB 223*256kB 57*512kB 1*1024kB 1*2048kB 0*4096kB = 251976kB\n"
	"1032176 pages RAM\n",
	/* 2.6.15 */
	"Mem-info:\n"
	"Node 0 DMA per-cpu:\n"
	"cpu 0 hot: low 0, high 12, batch 2 used:1\n"
	"cpu 0 cold: low 0, high 4, batch 1 used:0\n"
	"Free pages:       25780kB (0kB HighMem)\n"
	"Active:283000 inactive:1704247 dirty:1177 writeback:1 unstable:0 free:6445 slab:31088 mapped:54478 pagetables:7852\n"
	"Node 0 DMA32 free:7048kB min:5672kB low:7088kB high:8508kB active:135612kB inactive:3791400kB present:4038816kB pages_scanned:0 all_unreclaimable? no\n"
	"lowmem_reserve[]: 0 0 0 0\n"
	"Node 0 DMA32: 0*4kB 1*8kB 14*16kB 1*32kB 2*64kB 0*128kB 0*256kB 1*512kB 0*1024kB 1*2048kB 1*4096kB = 7048kB\n"
	"2097152 pages of RAM\n"
	"53560 reserved pages\n",
};

/* The zone and buddy records of a text, as one comparable string. */
static char *zone_summary(const char *text)
{
	struct mw_test_records r;
	const cJSON *rec;
	char *s;
	size_t n = 0;
	parse_text(text, &r);
	ck_assert_msg(r.warnings == 0, "%s", r.last_warning ? r.last_warning : "");
	ck_assert_uint_eq(mw_test_count(&r, "event"), 1);
	s = mw_xcalloc(1, 8192);
	cJSON_ArrayForEach(rec, r.all) {
		const char *k = mw_test_str(rec, "kind");
		if (strcmp(k, "event_zone") == 0 || strcmp(k, "event_kv") == 0) {
			cJSON *c = cJSON_Duplicate(rec, 1);
			char *p;
			cJSON_DeleteItemFromObject(c, "line");
			cJSON_DeleteItemFromObject(c, "zone_line");
			cJSON_DeleteItemFromObject(c, "buddy_line");
			p = cJSON_PrintUnformatted(c);
			n += (size_t)snprintf(s + n, 8192 - n, "%s\n", p);
			free(p);
			cJSON_Delete(c);
		}
	}
	mw_test_records_free(&r);
	return s;
}

/*
 * Mail clients wrap pasted dumps: at a width, sometimes keeping the space
 * at the end of a line (80 columns), sometimes cutting inside a word (132
 * columns, "isolated(anon" / "):0kB"), sometimes indenting the rest. Every
 * wrapping must give the records of the unwrapped dump.
 */
static char *wrap(const char *text, size_t width, int style)
{
	struct mw_buf b = MW_BUF_INIT;
	const char *p = text;
	while (*p) {
		size_t len = strcspn(p, "\n");
		size_t col = 0;
		for (size_t i = 0; i < len; i++) {
			if (col >= width && style == 0 && p[i - 1] == ' ') {
				/* after a space, kept at the end of the line */
				mw_buf_addch(&b, '\n');
				col = 0;
			} else if (col >= width && style == 1) {
				/* hard cut anywhere */
				mw_buf_addch(&b, '\n');
				col = 0;
			} else if (col >= width && style == 2 && p[i] == ' ') {
				/* at a space, the space dropped and the rest indented (dmesg -T, pr_cont) */
				mw_buf_addstr(&b, "\n                            ");
				col = 28;
				continue;
			}
			mw_buf_addch(&b, p[i]);
			col++;
		}
		mw_buf_addch(&b, '\n');
		p += len + (p[len] == '\n');
	}
	return mw_buf_detach(&b, NULL);
}

START_TEST(test_wrapped_dumps)
{
	const char *dump = dumps[_i];
	char *want = zone_summary(dump);
	static const size_t widths[] = { 60, 72, 80, 100, 132 };
	for (int style = 0; style < 3; style++) {
		for (size_t w = 0; w < MW_ARRAY_SIZE(widths); w++) {
			char *wrapped = wrap(dump, widths[w], style);
			char *got = zone_summary(wrapped);
			ck_assert_msg(strcmp(want, got) == 0, "style %d width %zu:\n%s\ngave\n%s\nnot\n%s", style, widths[w],
				      wrapped, got, want);
			free(got);
			free(wrapped);
		}
	}
	free(want);
}
END_TEST

/* U+00A0 in place of spaces (pasted from a web page or a mail) parses like spaces. */
START_TEST(test_nbsp)
{
	char *want = zone_summary(dumps[0]);
	struct mw_buf b = MW_BUF_INIT;
	char *got;
	for (const char *p = dumps[0]; *p; p++) {
		if (*p == ' ' && (p[1] == ' ' || p[-1] == ':'))
			mw_buf_addstr(&b, "\xc2\xa0");
		else
			mw_buf_addch(&b, *p);
	}
	got = zone_summary(b.buf);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	mw_buf_release(&b);
}
END_TEST

/* A buddy line whose blocks do not add up to its total is reported with file:line. */
START_TEST(test_buddy_total_mismatch)
{
	struct mw_test_records r;
	parse_text("Mem-Info:\nNode 0 DMA: 1*4kB 1*8kB = 16kB\n1 pages RAM\n", &r);
	ck_assert_uint_eq(r.warnings, 1);
	ck_assert_str_eq(r.last_warning, "report.log:2: buddy line of DMA: the blocks add up to 12 kB, the line says 16 kB");
	mw_test_records_free(&r);
}
END_TEST

/* ---- bad input ---- */

/* Every prefix of a real report parses without a crash; cut ones are marked. */
START_TEST(test_cut_everywhere)
{
	size_t len;
	char *text = mw_test_read_file(mw_test_fixture("oom/firecracker_6.18.44_memcg-v1_two_kills.txt"), &len);
	size_t lines = 0;
	for (size_t i = 0; i < len; i++) {
		struct mw_test_records r;
		const cJSON *ev;
		if (text[i] != '\n')
			continue;
		lines++;
		mw_test_records_init(&r);
		ck_assert_int_eq(mw_test_parse("cut.log", text, i + 1, NULL, &r), 0);
		ck_assert_uint_eq(r.warnings, 0);
		ck_assert_uint_le(mw_test_count(&r, "event"), 2);
		ev = mw_test_nth(&r, "event", 0);
		ck_assert_ptr_nonnull(ev);
		/* the first report is whole from its kill line (86) on */
		ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ev, "truncated")) == (lines < 86));
		mw_test_records_free(&r);
	}
	ck_assert_uint_eq(lines, 173);
	free(text);
}
END_TEST

/* Two reports whose lines interleave (two CPUs): both kept, the first marked cut, no crash. */
START_TEST(test_interleaved)
{
	struct mw_test_records r;
	cJSON *j;
	static const char text[] =
		"[ 1.0] a: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0\n"
		"[ 1.0] CPU: 0 PID: 1 Comm: a Not tainted 6.6.0 #1\n"
		"[ 1.0] b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"[ 1.0] Call Trace:\n"
		"[ 1.0] Mem-Info:\n"
		"[ 1.0] CPU: 1 PID: 2 Comm: b Not tainted 6.6.0 #1\n"
		"[ 1.0] active_anon:1 inactive_anon:1 isolated_anon:0\n"
		"[ 1.0] Out of memory: Killed process 2 (b) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n";
	parse_text(text, &r);
	ck_assert_uint_eq(mw_test_count(&r, "event"), 2);
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "event", 0), "event"), "alloc_failure");
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "event", 1), "event"), "oom_kill");
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "event", 1), "victim_pid"), 2);
	mw_test_records_free(&r);
	j = report_text(text, NULL);
	ck_assert_double_eq(mw_test_json_num(j, "event_overview.events_count"), 2);
	cJSON_Delete(j);
}
END_TEST

/*
 * The same two reports from a kernel with CONFIG_PRINTK_CALLER: each
 * task's lines carry its caller id, so both come out whole, in order,
 * and lines of other callers (a CPU's interrupt) do not cut them.
 */
START_TEST(test_interleaved_callers)
{
	struct mw_test_records r;
	const cJSON *a, *b;
	static const char text[] =
		"[    1.000000][  T100] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"[    1.000001][  T200] b invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"
		"[    1.000002][  T100] CPU: 0 PID: 100 Comm: a Not tainted 6.6.0 #1\n"
		"[    1.000003][  T200] CPU: 1 PID: 200 Comm: b Not tainted 6.6.0 #1\n"
		"[    1.000004][    C3] e1000e: eth0 NIC Link is Up\n"
		"[    1.000005][  T100] Mem-Info:\n"
		"[    1.000006][  T200] Mem-Info:\n"
		"[    1.000007][  T100] active_anon:1 inactive_anon:1 isolated_anon:0\n"
		"[    1.000008][  T200] active_anon:2 inactive_anon:2 isolated_anon:0\n"
		"[    1.000009][  T200] Out of memory: Killed process 300 (hog2) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
		"[    1.000010][  T100] Out of memory: Killed process 400 (hog1) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
		"[    1.000011][  T100] later\n";
	parse_text(text, &r);
	ck_assert_uint_eq(mw_test_count(&r, "event"), 2);
	/* a report ends at its caller's next line after the kill: a's here, b's at the end of the input */
	a = mw_test_nth(&r, "event", 0);
	b = mw_test_nth(&r, "event", 1);
	ck_assert_str_eq(mw_test_str(a, "trigger_comm"), "a");
	ck_assert_int_eq(mw_test_int(a, "victim_pid"), 400);
	ck_assert_str_eq(mw_test_str(a, "gfp_mask"), "0xcc0");
	ck_assert(!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "truncated")));
	ck_assert_str_eq(mw_test_str(b, "trigger_comm"), "b");
	ck_assert_int_eq(mw_test_int(b, "victim_pid"), 300);
	ck_assert_str_eq(mw_test_str(b, "gfp_mask"), "0x140cca");
	ck_assert(!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "truncated")));
	mw_test_records_free(&r);
}
END_TEST

/* Five callers at once, one more than the lanes: the finished allocation failure makes room; no line changes report. */
START_TEST(test_callers_overflow)
{
	struct mw_test_records r;
	const cJSON *ev;
	int oom = 0;
	static const char text[] =
		"[    1.000000][  T100] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"[    1.000001][  T200] b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"[    1.000002][  T300] c: page allocation failure: order:3, mode:0x820(GFP_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0\n"
		"[    1.000003][  T400] d invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"[    1.000004][  T500] e invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"[    1.000005][  T100] Out of memory: Killed process 7 (hog1) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
		"[    1.000006][  T500] Out of memory: Killed process 8 (hog5) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n";
	parse_text(text, &r);
	ck_assert_uint_eq(mw_test_count(&r, "event"), 5);
	for (size_t i = 0; i < 5; i++) {
		ev = mw_test_nth(&r, "event", i);
		if (strcmp(mw_test_str(ev, "event"), "oom_kill") != 0)
			continue;
		oom++;
		if (strcmp(mw_test_str(ev, "trigger_comm"), "a") == 0)
			ck_assert_int_eq(mw_test_int(ev, "victim_pid"), 7);
		else if (strcmp(mw_test_str(ev, "trigger_comm"), "e") == 0)
			ck_assert_int_eq(mw_test_int(ev, "victim_pid"), 8);
		else
			ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(ev, "victim_pid"));
	}
	ck_assert_int_eq(oom, 4);
	mw_test_records_free(&r);
}
END_TEST

/* An OOM report that lost its first lines (a log window starting inside it). */
START_TEST(test_orphan_lines)
{
	struct mw_test_records r;
	const cJSON *ev;
	parse_text("[ 9.0] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n"
		   "[ 9.0] [    116]     0   116  2628942  1995298 16052224        0          1000 stress-ng-vm\n"
		   "[ 9.0] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=stress-ng-vm,pid=116,uid=0\n"
		   "[ 9.0] Out of memory: Killed process 116 (stress-ng-vm) total-vm:10515768kB, anon-rss:7980628kB, file-rss:564kB, shmem-rss:0kB, UID:0 pgtables:15676kB oom_score_adj:1000\n",
		   &r);
	ck_assert_uint_eq(mw_test_count(&r, "event"), 1);
	ev = mw_test_nth(&r, "event", 0);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ev, "truncated")));
	ck_assert_int_eq(mw_test_int(ev, "victim_pid"), 116);
	ck_assert_str_eq(mw_test_str(ev, "constraint"), "CONSTRAINT_NONE");
	ck_assert_uint_eq(mw_test_count(&r, "event_task"), 1);
	mw_test_records_free(&r);
}
END_TEST

/* A reboot closes the report open in the old boot: the event stays with its boot. */
START_TEST(test_reboot_closes)
{
	struct mw_test_records r;
	const cJSON *rec;
	int boots = 0, event_boot = -1;
	parse_text("[    0.000000] Linux version 5.4.0-1 (x@y) #1 SMP\n"
		   "[  100.000000] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		   "[  100.000001] Mem-Info:\n"
		   "[    0.000000] Linux version 5.4.0-2 (x@y) #1 SMP\n"
		   "[    1.000000] booted\n", &r);
	cJSON_ArrayForEach(rec, r.all) {
		if (strcmp(mw_test_str(rec, "kind"), "boot") == 0)
			boots++;
		if (strcmp(mw_test_str(rec, "kind"), "event") == 0)
			event_boot = boots;
	}
	ck_assert_int_eq(boots, 2);
	ck_assert_int_eq(event_boot, 1);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(mw_test_nth(&r, "event", 0), "truncated")));
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "event", 0), "kernel_release"), "5.4.0-1");
	mw_test_records_free(&r);
}
END_TEST

/* A report open at boot lets the boot lines through: "DMI:" is no register, the Memory: line no show_mem line. */
START_TEST(test_boot_lines_pass)
{
	struct mw_test_records r;
	const cJSON *rec;
	bool dmi = false;
	parse_text("[    0.000000] Linux version 6.1.0 (x@y) #1 SMP\n"
		   "[    0.010000] swapper/0: page allocation failure: order:3, mode:0xcc0(GFP_KERNEL), nodemask=(null)\n"
		   "[    0.010001] Call Trace:\n"
		   "[    0.010002]  dump_stack_lvl+0x48/0x60\n"
		   "[    0.010003] DMI: QEMU Standard PC (i440FX + PIIX, 1996)\n"
		   "[    0.010004] Memory: 16239428K/16671564K available (14339K kernel code, 432136K reserved)\n", &r);
	cJSON_ArrayForEach(rec, r.all)
		if (strcmp(mw_test_str(rec, "kind"), "boot_fact") == 0 && strcmp(mw_test_str(rec, "key"), "dmi") == 0)
			dmi = true;
	ck_assert(dmi);
	ck_assert_uint_eq(mw_test_count(&r, "memline"), 1);
	ck_assert_uint_eq(mw_test_count(&r, "event"), 1);
	mw_test_records_free(&r);
}
END_TEST

/* ---- explain: requests ---- */

static cJSON *explain(int64_t order, const char *mask, const char *names, const char *kernel)
{
	struct mw_event_request rq = { .order = order, .gfp_mask = mask, .gfp_names = names, .text = "typed" };
	struct mw_report_opts o = { .installed_bytes = MW_UNKNOWN, .kernel = kernel };
	struct mw_doc *doc = mw_doc_new("t");
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	cJSON *j;
	ck_assert_int_eq(mw_events_explain_request(&rq, &o, doc->root), 0);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(mw_render(MW_FORMAT_JSON, doc, NULL, f), 0);
	fclose(f);
	j = cJSON_Parse(buf);
	free(buf);
	mw_doc_free(doc);
	ck_assert_ptr_nonnull(j);
	return j;
}

/* The paper's examples: order 3 is "8 physically contiguous pages, aligned on a boundary of 8 pages". */
START_TEST(test_explain_paper)
{
	cJSON *j = explain(3, "0x20", NULL, NULL);
	const cJSON *ev = mw_test_json_path(j, "events.0");
	ck_assert_str_eq(mw_test_json_str(ev, "kind"), "request");
	ck_assert_str_eq(mw_test_json_str(ev, "request"), "8 physically contiguous pages aligned on 8 pages (32.0 KiB)");
	ck_assert_double_eq(mw_test_json_num(ev, "requested_pages"), 8);
	ck_assert_double_eq(mw_test_json_num(ev, "requested_bytes"), 32768);
	/* no release: 0x20 is GFP_ATOMIC before 4.4 and a bare __GFP_HIGH after; both shown */
	ck_assert_str_eq(mw_test_json_str(ev, "gfp_flags"), "GFP_ATOMIC (2.6.0 .. 4.3) or __GFP_HIGH (4.4 and later)");
	ck_assert(has_finding(ev, "gfp-ambiguous"));
	ck_assert(has_finding(ev, "alloc-no-reclaim"));	/* true in both readings */
	ck_assert(has_finding(ev, "alloc-fragmentation"));
	ck_assert_double_eq(cJSON_GetArraySize(mw_test_json_path(ev, "gfp_candidates")), 2);
	cJSON_Delete(j);

	/* "you have no memory" */
	j = explain(0, "0xd0", NULL, NULL);
	ev = mw_test_json_path(j, "events.0");
	ck_assert_str_eq(mw_test_json_str(ev, "gfp_flags"), "GFP_KERNEL");	/* the only sensible layout: <= 4.3 */
	ck_assert_ptr_nonnull(strstr(finding_saw(ev, "alloc-no-memory"), "you have no memory"));
	ck_assert(!has_finding(ev, "alloc-no-reclaim"));
	cJSON_Delete(j);
}
END_TEST

/* GFP_KERNEL in five layouts, decoded with the era of --kernel. */
static const struct {
	const char *kernel, *mask;
} kernels[] = {
	{ "2.6.18", "0xd0" }, { "3.10.0-1062.el7.x86_64", "0xd0" }, { "4.9.0-8-amd64", "0x24000c0" },
	{ "4.14.35", "0x14000c0" }, { "4.19.0-16-amd64", "0x6000c0" }, { "5.15.0-91-generic", "0xcc0" },
};

START_TEST(test_explain_gfp_kernel_eras)
{
	cJSON *j = explain(0, kernels[_i].mask, NULL, kernels[_i].kernel);
	const cJSON *ev = mw_test_json_path(j, "events.0");
	ck_assert_str_eq(mw_test_json_str(ev, "gfp_flags"), "GFP_KERNEL");
	ck_assert_str_eq(mw_test_json_str(ev, "kernel_release"), kernels[_i].kernel);
	ck_assert(cJSON_IsTrue(mw_test_json_path(ev, "direct_reclaim_allowed")));
	ck_assert(!has_finding(ev, "gfp-ambiguous"));
	cJSON_Delete(j);
}
END_TEST

/* The report's format dates the kernel: "page allocation failure." with a full stop is 2.6. */
START_TEST(test_format_dates_kernel)
{
	cJSON *j = report_text("sort: page allocation failure. order:1, mode:0x20\n", NULL);
	ck_assert_str_eq(mw_test_json_str(j, "events.0.gfp_flags"), "GFP_ATOMIC");
	ck_assert(!has_finding(mw_test_json_path(j, "events.0"), "gfp-ambiguous"));
	ck_assert(has_finding(mw_test_json_path(j, "events.0"), "alloc-no-showmem"));
	cJSON_Delete(j);
	/* the colon form without a decoding is 3.0 .. 4.4: 4.4 had no %pGg yet and read 0x20 as __GFP_HIGH */
	j = report_text("x: page allocation failure: order:0, mode:0x20\n", NULL);
	ck_assert_str_eq(mw_test_json_str(j, "events.0.gfp_flags"), "GFP_ATOMIC (2.6.0 .. 4.3) or __GFP_HIGH (4.4 .. 4.9)");
	cJSON_Delete(j);
	/* names printed but no release: the layout whose values match them */
	j = report_text("x: page allocation failure: order:0, mode:0x2084120(GFP_ATOMIC|__GFP_COLD|__GFP_COMP)\n", NULL);
	ck_assert_str_eq(mw_test_json_str(j, "events.0.gfp_flags"), "GFP_ATOMIC|__GFP_COLD|__GFP_COMP");
	ck_assert(!has_finding(mw_test_json_path(j, "events.0"), "gfp-names-mismatch"));
	cJSON_Delete(j);
	/* printed names that the release's table does not give: said, and the names win */
	j = report_text("[ 1.0] x: page allocation failure: order:0, mode:0x2084120(GFP_ATOMIC|__GFP_COLD|__GFP_COMP)\n"
			"[ 1.0] CPU: 7 PID: 1 Comm: x Not tainted 5.4.0 #1\n", NULL);
	ck_assert(has_finding(mw_test_json_path(j, "events.0"), "gfp-names-mismatch"));
	ck_assert_str_eq(mw_test_json_str(j, "events.0.gfp_flags"), "GFP_ATOMIC|__GFP_COLD|__GFP_COMP");
	cJSON_Delete(j);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("events");
	TCase *tc = tcase_create("events");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_memcg_fixture_records);
	tcase_add_test(tc, test_memcg_fixture_report);
	tcase_add_test(tc, test_two_kills);
	tcase_add_loop_test(tc, test_trigger_lines, 0, (int)MW_ARRAY_SIZE(triggers));
	tcase_add_loop_test(tc, test_task_tables, 0, (int)MW_ARRAY_SIZE(tasks));
	tcase_add_test(tc, test_kill_lines);
	tcase_add_test(tc, test_old_atomic_watermark);
	tcase_add_test(tc, test_highatomic_types);
	tcase_add_loop_test(tc, test_wrapped_dumps, 0, (int)MW_ARRAY_SIZE(dumps));
	tcase_add_test(tc, test_nbsp);
	tcase_add_test(tc, test_buddy_total_mismatch);
	tcase_add_test(tc, test_cut_everywhere);
	tcase_add_test(tc, test_interleaved);
	tcase_add_test(tc, test_showmem_empty_zone);
	tcase_add_test(tc, test_showmem_dirty_drift);
	tcase_add_test(tc, test_syslog_year);
	tcase_add_test(tc, test_interleaved_callers);
	tcase_add_test(tc, test_callers_overflow);
	tcase_add_test(tc, test_orphan_lines);
	tcase_add_test(tc, test_reboot_closes);
	tcase_add_test(tc, test_boot_lines_pass);
	tcase_add_test(tc, test_explain_paper);
	tcase_add_loop_test(tc, test_explain_gfp_kernel_eras, 0, (int)MW_ARRAY_SIZE(kernels));
	tcase_add_test(tc, test_format_dates_kernel);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_suite);
}
