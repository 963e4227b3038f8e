/* SPDX-License-Identifier: MIT */
/* check-capture.c: captures over time: markers, file-name times, the ps parser, the demux's loop logic, runs in the store. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "memwaste/buf.h"
#include "memwaste/capture.h"
#include "memwaste/importer.h"
#include "memwaste/input.h"
#include "memwaste/parser.h"

/* ---- markers ---- */

static const struct {
	const char *line;
	enum mw_marker mark;
	const char *name;	/* SECTION / SCC_ENTRY name, META host */
} markers[] = {
	{ "==> /proc/meminfo <==", MW_MARK_SECTION, "/proc/meminfo" },
	{ "==> ps <==", MW_MARK_SECTION, "ps" },
	{ "==>  <==", MW_MARK_NONE, NULL },
	{ "#==[ Configuration File ]===========================#", MW_MARK_SCC_ENTRY, "Configuration File" },
	{ "#==[ Command ]======================================#", MW_MARK_SCC_ENTRY, "Command" },
	{ "#==[ Command ]=====x=#", MW_MARK_NONE, NULL },
	{ "# memwaste record 0.1.0 host=db1 kernel=6.18.44 interval=10", MW_MARK_META, "db1" },
	{ "# memwaste record 0.1.0", MW_MARK_META, "" },
	{ "# name            <active_objs> <num_objs> <objsize>", MW_MARK_NONE, NULL },
	/* dmesg --time-format iso: a kernel line, not a date, even when short */
	{ "2026-11-21T23:41:57,123456+00:00 x", MW_MARK_NONE, NULL },
	{ "2026-11-21T23:41:57.000001+00:00 <6>[1.0] x", MW_MARK_NONE, NULL },
	/* ten digits that are not a date(1) +%s */
	{ "0000000042", MW_MARK_NONE, NULL },
	{ "9999999999", MW_MARK_NONE, NULL },
	{ "Sun Nov 22 01:02:03 UTC 2026", MW_MARK_DATE, NULL },
	{ "Thu, 19 Nov 2026 08:00:00 -0500", MW_MARK_DATE, NULL },
	{ "2026-11-21 23:41:57+00:00", MW_MARK_DATE, NULL },
	{ "Mon Nov 23 10:00:00 +03 2026", MW_MARK_DATE, NULL },
	{ "MemTotal:       24684084 kB", MW_MARK_NONE, NULL },
	{ "root         1 17152 /sbin/init", MW_MARK_NONE, NULL },
};

START_TEST(test_markers)
{
	struct mw_marker_info mi;
	const char *line = markers[_i].line;
	enum mw_marker m;
	memset(&mi, 0, sizeof(mi));
	m = mw_capture_marker(line, strlen(line), &mi);
	ck_assert_msg(m == markers[_i].mark, "%s: marker %d", line, m);
	if (m == MW_MARK_SECTION || m == MW_MARK_SCC_ENTRY)
		ck_assert_msg(mw_str_eq(mi.name, markers[_i].name), "%s: name '%.*s'", line, (int)mi.name.len, mi.name.ptr);
	if (m == MW_MARK_META)
		ck_assert_msg(mw_str_eq(mi.host, markers[_i].name), "%s: host '%.*s'", line, (int)mi.host.len, mi.host.ptr);
}
END_TEST

START_TEST(test_dates)
{
	struct mw_marker_info mi;
	/* +03 (zones without an abbreviation): 10:00 at +03 is 07:00 UTC */
	ck_assert(mw_capture_marker("Mon Nov 23 10:00:00 +03 2026", 28, &mi) == MW_MARK_DATE);
	ck_assert_int_eq(mi.date.t, 1795417200);
	ck_assert(mi.date.zone_known);
	/* date -R with a negative offset */
	ck_assert(mw_parse_date("Thu, 19 Nov 2026 08:00:00 -0500", 31, &mi.date));
	ck_assert_int_eq(mi.date.t, 1795093200);
	/* date +%s.%N */
	ck_assert(mw_parse_date("1795304517.250", 14, &mi.date));
	ck_assert_int_eq(mi.date.t, 1795304517);
	ck_assert_double_eq_tol(mi.date.frac, 0.25, 1e-9);
	/* a zone offset must be the whole token */
	ck_assert(!mw_parse_date("2026-11-21T23:41:57+00:00x", 26, &mi.date));
}
END_TEST

static const struct {
	const char *label;
	const char *scc_type;
	const char *kind;	/* NULL = unknown, "-" = skip */
} sections[] = {
	{ "/proc/meminfo", "", "meminfo" },
	{ "proc/slabinfo", "", "slabinfo" },
	{ "/proc/vmstat", "Configuration File", "vmstat" },
	{ "/usr/bin/vmstat 1 4", "Command", "-" },
	{ "/usr/bin/free -k", "Command", "-" },
	{ "/bin/ps axwwo user,pid,ppid,%cpu,%mem,vsz,rss,stat,time,cmd", "Command", "ps" },
	{ "/bin/dmesg", "Command", "klog" },
	{ "/var/log/messages - Last 500 Lines", "Log File", "klog" },
	{ "/sys/kernel/mm/transparent_hugepage/enabled", "Configuration File", "-" },
	{ "Top 10 Memory Processes", "Summary", "-" },
	{ "dmesg", "", "klog" },
	{ "ps -eo user,pid,rss,comm", "", "ps" },
	{ "/proc/cpuinfo", "", NULL },
	{ "notes.txt", "", NULL },
};

START_TEST(test_section_kinds)
{
	const char *k = mw_capture_section_kind(mw_str_make(sections[_i].label, strlen(sections[_i].label)),
						mw_str_make(sections[_i].scc_type, strlen(sections[_i].scc_type)));
	if (!sections[_i].kind)
		ck_assert_msg(k == NULL, "%s: %s", sections[_i].label, k);
	else
		ck_assert_msg(k && strcmp(k, sections[_i].kind) == 0, "%s: %s", sections[_i].label, k ? k : "(unknown)");
}
END_TEST

static const struct {
	const char *name;
	int64_t t;		/* 0 = none */
} names[] = {
	{ "meminfo.20261121-2341", 1795304460 },
	{ "slabinfo-1795304517.txt", 1795304517 },
	{ "meminfo.20261121-234157.zst", 1795304517 },
	{ "2026-11-21T23:41:57", 1795304517 },
	{ "capture_2026-11-21_23-41", 1795304460 },
	{ "scc_db1_261121_2341", 1795304460 },
	{ "meminfo", 0 },
	{ "sosreport-db1-12345-abcdef", 0 },
	{ "meminfo.20261341-2341", 0 },	/* month 13 */
};

START_TEST(test_name_times)
{
	int64_t t = 0;
	bool ok = mw_capture_name_time(names[_i].name, strlen(names[_i].name), &t, NULL, NULL);
	ck_assert_msg(ok == (names[_i].t != 0), "%s: found %d", names[_i].name, ok);
	if (ok)
		ck_assert_msg(t == names[_i].t, "%s: %lld", names[_i].name, (long long)t);
}
END_TEST

/* ---- ps ---- */

static const char ps_loop[] =
	"USER       PID   RSS COMMAND\n"
	"root         1 17152 /process_api --firecracker-init --addr 0.0.0.0:2024\n"
	"root         2     0 [kthreadd]\n"
	"root      4242  3588  \\_ -bash HOME=/root AWS_SECRET_ACCESS_KEY=hunter2\n"
	"root      4243  6100  |   \\_ sshd: root@pts/0 TOKEN=abc\n"
	"www-data  5000 1024 kworker/0:1-events\n";

START_TEST(test_ps_loop)
{
	struct mw_test_records r;
	char *all;
	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("ps.txt", ps_loop, sizeof(ps_loop) - 1, NULL, &r), 0);
	ck_assert_int_eq(mw_test_count(&r, "proc"), 5);
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "proc", 0), "name"), "process_api");
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 0), "rss_kb"), 17152);
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "proc", 1), "name"), "kthreadd");
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "proc", 2), "name"), "bash");
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 2), "pid"), 4242);
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "proc", 3), "name"), "sshd");
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "proc", 4), "name"), "kworker/0:1-events");
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "proc", 4), "user"), "www-data");
	/* nothing of the arguments or the environment reaches a record */
	all = cJSON_PrintUnformatted(r.all);
	ck_assert_ptr_null(strstr(all, "hunter2"));
	ck_assert_ptr_null(strstr(all, "TOKEN"));
	ck_assert_ptr_null(strstr(all, "firecracker-init"));
	free(all);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

static const char ps_aux[] =
	"USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
	"root           1  0.0  0.0 167536 12412 ?        Ss   Nov21   0:03 /sbin/init splash\n"
	"postgres     812  0.1  1.2 2245520 812345 ?      Ss   Nov21   1:03 postgres: checkpointer\n";
static const char ps_top[] =
	"    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n"
	"   1234 mysql     20   0   10.2g   1.5g  12345 S   1.0  12.5  12:34.56 mysqld\n"
	"      7 root      20   0       0      0      0 I   0.0   0.0   0:00.01 kworker/0:0-events\n";
static const char ps_lstart[] =
	"  PID STARTED                   RSS COMM\n"
	"    1 Sat Nov 21 23:41:57 2026 12412 systemd\n"
	"  900 Sat Nov 21 23:42:01 2026  4000 Web Content\n"
	"  901   Nov 20  4001 old\n"
	"  902 23:45:00  4002 new\n";

START_TEST(test_ps_columns)
{
	struct mw_test_records r;
	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("aux.txt", ps_aux, sizeof(ps_aux) - 1, NULL, &r), 0);
	ck_assert_int_eq(mw_test_count(&r, "proc"), 2);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 1), "vsz_kb"), 2245520);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 1), "rss_kb"), 812345);
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "proc", 1), "name"), "postgres");
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "proc", 0), "name"), "init");
	mw_test_records_free(&r);

	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("top.txt", ps_top, sizeof(ps_top) - 1, NULL, &r), 0);
	ck_assert_int_eq(mw_test_count(&r, "proc"), 2);
	/* top's suffixes: 1.5g of RSS, 10.2g of VIRT, in KiB */
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 0), "rss_kb"), 1572864);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 0), "vsz_kb"), 10695475);
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "proc", 0), "user"), "mysql");
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "proc", 1), "name"), "kworker/0:0-events");
	mw_test_records_free(&r);

	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("lstart.txt", ps_lstart, sizeof(ps_lstart) - 1, NULL, &r), 0);
	ck_assert_int_eq(mw_test_count(&r, "proc"), 4);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 2), "rss_kb"), 4001);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 3), "rss_kb"), 4002);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 1), "rss_kb"), 4000);
	/* a comm column keeps its spaces */
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "proc", 1), "name"), "Web Content");
	mw_test_records_free(&r);
}
END_TEST

/* The paper's loop without a terminal: the header and nothing else. */
static const char loop_no_tty[] =
	"Sat Nov 21 23:41:57 UTC 2026\n"
	"USER       PID   RSS COMMAND\n"
	"------------------------\n"
	"Sat Nov 21 23:42:07 UTC 2026\n"
	"USER       PID   RSS COMMAND\n"
	"------------------------\n";

START_TEST(test_ps_empty)
{
	struct mw_test_records r;
	const char *note;
	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("loop.txt", loop_no_tty, sizeof(loop_no_tty) - 1, NULL, &r), 0);
	ck_assert_int_eq(mw_test_count(&r, "snapshot"), 2);
	ck_assert_int_eq(mw_test_count(&r, "proc"), 0);
	ck_assert_int_eq(mw_test_count(&r, "snapshot_fact"), 2);
	ck_assert_str_eq(mw_test_str(mw_test_nth(&r, "snapshot_fact", 0), "key"), "ps_empty");
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "snapshot_fact", 1), "line"), 5);
	/* explained once per input, with the fix */
	note = mw_test_diag(&r, "ps -eo user,pid,rss,comm");
	ck_assert_ptr_nonnull(note);
	ck_assert_ptr_nonnull(strstr(note, "loop.txt:2:"));
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

/* ---- the demux's loop logic ---- */

/* Four snapshots: good, no date, a date going backwards, garbage, a cut last line. */
static const char loop_bad[] =
	"Sat Nov 21 23:41:57 UTC 2026\n"		/* 1 */
	"USER       PID   RSS COMMAND\n"
	"root         1  1000 init\n"
	"------------------------\n"			/* 4 */
	"USER       PID   RSS COMMAND\n"		/* 5: no date line */
	"root         1  1001 init\n"
	"------------------------\n"			/* 7 */
	"Sat Nov 21 23:41:50 UTC 2026\n"		/* 8: backwards */
	"USER       PID   RSS COMMAND\n"
	"root         1  1002 init\n"
	"------------------------\n"			/* 11 */
	"%%% lost+found garbage\n"			/* 12 */
	"more garbage here\n"				/* 13 */
	"Sat Nov 21 23:42:17 UTC 2026\n"		/* 14 */
	"USER       PID   RSS COMMAND\n"
	"root         1  1003 init\n"			/* 16 */
	"root         2  99";				/* 17: cut mid-line */

START_TEST(test_loop_bad_input)
{
	struct mw_test_records r;
	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("bad.txt", loop_bad, sizeof(loop_bad) - 1, NULL, &r), 0);
	ck_assert_int_eq(mw_test_count(&r, "snapshot"), 4);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "snapshot", 0), "taken"), 1795304517);
	/* the undated one has no time (not the file's, not the previous one's) */
	ck_assert_ptr_null(cJSON_GetObjectItem(mw_test_nth(&r, "snapshot", 1), "taken"));
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "snapshot", 2), "taken"), 1795304510);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "snapshot", 3), "taken"), 1795304537);
	/* every snapshot keeps its process, the cut line is not read as RSS 99 */
	ck_assert_int_eq(mw_test_count(&r, "proc"), 4);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 3), "rss_kb"), 1003);
	ck_assert_ptr_nonnull(mw_test_diag(&r, "warning bad.txt:5: snapshot without a date line"));
	ck_assert_ptr_nonnull(mw_test_diag(&r, "warning bad.txt:8: date goes backwards"));
	ck_assert_ptr_nonnull(mw_test_diag(&r, "warning bad.txt:12: 2 unrecognised lines between snapshots"));
	ck_assert_ptr_nonnull(mw_test_diag(&r, "warning bad.txt:17: capture cut mid-line"));
	ck_assert_int_eq(r.warnings, 4);
	mw_test_records_free(&r);
}
END_TEST

/* A capture cut at the start: the lines before the first date are a snapshot of unknown time. */
static const char loop_cut_start[] =
	"root         1  1000 init\n"
	"USER       PID   RSS COMMAND\n"
	"root         1  1000 init\n"
	"------------------------\n"
	"Sat Nov 21 23:41:57 UTC 2026\n"
	"USER       PID   RSS COMMAND\n"
	"root         1  1001 init\n";

START_TEST(test_loop_cut_start)
{
	struct mw_test_records r;
	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("cut.txt", loop_cut_start, sizeof(loop_cut_start) - 1, NULL, &r), 0);
	ck_assert_int_eq(mw_test_count(&r, "snapshot"), 2);
	/* the separator on line 4 already says "capture over time": the first snapshot's time is withdrawn */
	ck_assert_int_eq(mw_test_count(&r, "proc"), 2);
	mw_test_records_free(&r);
}
END_TEST

/* memwaste record's shape: a header naming the host, ==> sections. */
static const char record_shape[] =
	"# memwaste record 0.1.0 host=db7 kernel=6.18.44 interval=10\n"
	"2026-11-21T23:41:57.500000+00:00\n"
	"==> ps <==\n"
	"USER         PID   RSS COMMAND\n"
	"root           1 12412 systemd\n"
	"==> /proc/cpuinfo <==\n"
	"processor\t: 0\n"
	"==> free -m <==\n"
	"USER         PID   RSS COMMAND\n"
	"==> dmesg <==\n"
	"2026-11-21T23:41:50.000000+00:00 <6>[  100.000000] hello\n"
	"------------------------\n";

START_TEST(test_record_shape)
{
	struct mw_test_records r;
	const cJSON *s;
	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("rec.txt", record_shape, sizeof(record_shape) - 1, NULL, &r), 0);
	ck_assert_int_eq(mw_test_count(&r, "snapshot"), 1);
	s = mw_test_nth(&r, "snapshot", 0);
	ck_assert_str_eq(mw_test_str(s, "host"), "db7");
	ck_assert_int_eq(mw_test_int(s, "taken"), 1795304517);
	/* the skipped "free -m" section did not start a second listing */
	ck_assert_int_eq(mw_test_count(&r, "proc"), 1);
	ck_assert_int_eq(r.warnings, 0);
	mw_test_records_free(&r);
}
END_TEST

/* ---- runs in the store ---- */

struct store_fixture {
	struct mw_store *st;
	struct mw_importer im;
	struct mw_diag diag;
};

static void store_import(struct store_fixture *f, const char *text, const char *name)
{
	char *err = NULL;
	if (!f->st) {
		ck_assert_int_eq(mw_store_open(NULL, MW_STORE_MEMORY, &f->st, &err), 0);
		mw_diag_init(&f->diag, NULL, NULL);
		mw_importer_init(&f->im, f->st, &f->diag);
	}
	ck_assert_msg(mw_importer_mem(&f->im, text, strlen(text), name, NULL, "loop", MW_UNKNOWN) == 0, "%s", mw_store_errmsg(f->st));
}

static int64_t sql_int(struct mw_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;
	ck_assert_int_eq(sqlite3_prepare_v2(mw_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Builds a loop capture of n snapshots in which pid 100 grows, pid 200 exits at 5 and pid 300 starts at 3. */
static char *make_loop(int n, int64_t t0)
{
	struct mw_buf b = MW_BUF_INIT;
	for (int i = 0; i < n; i++) {
		mw_buf_addf(&b, "%lld\nUSER PID RSS COMMAND\n", (long long)(t0 + 10 * i));
		mw_buf_addf(&b, "root 100 %d grower\n", 1000 + (i / 2) * 10);
		if (i < 5)
			mw_buf_addstr(&b, "root 200 500 short\n");
		if (i >= 3)
			mw_buf_addstr(&b, "root 300 700 late\n");
		mw_buf_addstr(&b, "root 1 4000 init\n------------------------\n");
	}
	return mw_buf_detach(&b, NULL);
}

START_TEST(test_runs)
{
	struct store_fixture f = { 0 };
	char *text = make_loop(150, 1795304517);	/* three chains of 64 */
	store_import(&f, text, "loop");
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM snapshot"), 150);
	/* every snapshot reads back exactly what its summary says */
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM snapshot s WHERE s.proc_count IS NOT (SELECT count(*) FROM proc "
				       "WHERE snapshot_id = s.id) OR s.proc_rss_kb IS NOT (SELECT sum(rss_kb) FROM proc "
				       "WHERE snapshot_id = s.id)"), 0);
	ck_assert_int_eq(sql_int(f.st, "SELECT rss_kb FROM proc p JOIN snapshot s ON s.id = p.snapshot_id "
				       "WHERE s.taken = 1795304517 + 10 * 149 AND p.pid = 100"), 1000 + 74 * 10);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM proc p JOIN snapshot s ON s.id = p.snapshot_id "
				       "WHERE p.pid = 200"), 5);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM proc p JOIN snapshot s ON s.id = p.snapshot_id "
				       "WHERE p.pid = 300"), 147);
	/*
	 * packs, not rows: a pack for each chain's first snapshot (0, 64, 128), then only where
	 * something changed: the grower every other snapshot (2, 4, ... 148), 'late' coming (3),
	 * 'short' going (5); init never changes
	 */
	ck_assert_int_eq(sql_int(f.st, "SELECT count(DISTINCT base_id) FROM snapshot"), 3);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM snapshot s WHERE s.id = s.base_id AND NOT EXISTS "
				       "(SELECT 1 FROM proc_pack p WHERE p.snapshot_id = s.id)"), 0);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM proc_pack"), 75 + 2);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM proc_pack p JOIN snapshot s ON s.id = p.snapshot_id "
				       "WHERE s.taken = 1795304517 + 10 * 7"), 0);
	/* a change costs a few bytes: the grower's entry is pid, mask and rss */
	ck_assert_int_le(sql_int(f.st, "SELECT max(length(data)) FROM proc_pack p JOIN snapshot s ON s.id = p.snapshot_id "
				       "WHERE s.taken = 1795304517 + 10 * 8"), 1 + 2 + 1 + 3);
	/* the series saw every point */
	ck_assert_int_eq(sql_int(f.st, "SELECT n FROM series WHERE source = 'proc_rss' AND key = 'grower'"), 150);
	ck_assert_int_eq(sql_int(f.st, "SELECT v_last - v_first FROM series WHERE source = 'proc_rss' AND key = 'grower'"), 740);
	/* the same capture again: content hash, nothing changes */
	ck_assert_int_eq(mw_importer_mem(&f.im, text, strlen(text), "again", NULL, "loop", MW_UNKNOWN), 0);
	ck_assert_int_eq(f.im.inputs_duplicate, 1);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM snapshot"), 150);
	free(text);
	/* an overlapping capture (snapshots 100..199): only the 50 new moments are added */
	text = make_loop(100, 1795304517 + 1000);
	store_import(&f, text, "overlap");
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM snapshot"), 200);
	ck_assert_int_eq(sql_int(f.st, "SELECT n FROM series WHERE source = 'proc_rss' AND key = 'init'"), 200);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM snapshot s WHERE s.proc_count IS NOT (SELECT count(*) FROM proc "
				       "WHERE snapshot_id = s.id)"), 0);
	free(text);
	mw_store_close(f.st);
}
END_TEST

/* A snapshot that goes on in the next input (a capture directory: meminfo, then slabinfo, then ps). */
START_TEST(test_runs_across_inputs)
{
	struct store_fixture f = { 0 };
	struct mw_input_info info = { .path = "x", .display = "x" };
	struct mw_sink *sink;
	struct mw_record r;
	char *err = NULL;
	ck_assert_int_eq(mw_store_open(NULL, MW_STORE_MEMORY, &f.st, &err), 0);
	sink = mw_store_sink(f.st);
	ck_assert_int_eq(mw_store_begin_input(f.st, &info), 0);
	for (int i = 0; i < 3; i++) {
		mw_record_init(&r, MW_REC_SNAPSHOT, 0);
		r.u.snapshot.taken = 1795304517 + 10 * i;
		ck_assert_int_eq(sink->emit(sink->userdata, &r), 0);
		mw_record_init(&r, MW_REC_KV, 0);
		r.u.kv.source = MW_STR("meminfo");
		r.u.kv.key = MW_STR("MemFree");
		r.u.kv.value = 1000;
		r.u.kv.unit = MW_UNIT_KB;
		ck_assert_int_eq(sink->emit(sink->userdata, &r), 0);
	}
	ck_assert_int_eq(mw_store_end_input(f.st, true, 1, 0, "ok"), 0);
	/* the third snapshot goes on: its processes come in the next input */
	info.path = info.display = "y";
	ck_assert_int_eq(mw_store_begin_input(f.st, &info), 0);
	for (int pid = 1; pid <= 2; pid++) {
		mw_record_init(&r, MW_REC_PROC, 0);
		r.u.proc.pid = pid;
		r.u.proc.name = MW_STR("p");
		r.u.proc.rss_kb = 100 * pid;
		ck_assert_int_eq(sink->emit(sink->userdata, &r), 0);
	}
	ck_assert_int_eq(mw_store_end_input(f.st, true, 2, 0, "ok"), 0);
	/* then a new moment in a third input */
	info.path = info.display = "z";
	ck_assert_int_eq(mw_store_begin_input(f.st, &info), 0);
	mw_record_init(&r, MW_REC_SNAPSHOT, 0);
	r.u.snapshot.taken = 1795304517 + 30;
	ck_assert_int_eq(sink->emit(sink->userdata, &r), 0);
	mw_record_init(&r, MW_REC_PROC, 0);
	r.u.proc.pid = 1;
	r.u.proc.name = MW_STR("p");
	r.u.proc.rss_kb = 100;
	ck_assert_int_eq(sink->emit(sink->userdata, &r), 0);
	ck_assert_int_eq(mw_store_end_input(f.st, true, 3, 0, "ok"), 0);

	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM kv WHERE snapshot_id = 1"), 1);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM kv WHERE snapshot_id = 3"), 1);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM proc WHERE snapshot_id = 3"), 2);
	ck_assert_int_eq(sql_int(f.st, "SELECT sum(rss_kb) FROM proc WHERE snapshot_id = 3"), 300);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM proc WHERE snapshot_id IN (1, 2)"), 0);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM proc WHERE snapshot_id = 4"), 1);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM kv WHERE snapshot_id = 4"), 0);
	ck_assert_int_eq(sql_int(f.st, "SELECT proc_count FROM snapshot WHERE id = 3"), 2);
	mw_store_close(f.st);
}
END_TEST

/* ---- capture directories ---- */

static int64_t sql_int_text(struct mw_store *st, const char *sql, const char *arg)
{
	sqlite3_stmt *s;
	int64_t v = -1;
	ck_assert_int_eq(sqlite3_prepare_v2(mw_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* A sosreport and a supportconfig of this machine: one snapshot each at their date, on their host. */
START_TEST(test_dirs)
{
	struct store_fixture f = { 0 };
	char *err = NULL;
	/* Sun Nov 22 02:06:09 UTC 2026 */
	const int64_t sos_time = 1795313169;
	ck_assert_int_eq(mw_store_open(NULL, MW_STORE_MEMORY, &f.st, &err), 0);
	mw_diag_init(&f.diag, NULL, NULL);
	mw_importer_init(&f.im, f.st, &f.diag);
	ck_assert_int_eq(mw_importer_path(&f.im, mw_test_fixture("capture/sosreport-vm-2026-11-22-mwfix")), 0);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM snapshot"), 1);
	ck_assert_int_eq(sql_int(f.st, "SELECT taken FROM snapshot"), sos_time);
	ck_assert_int_eq(sql_int_text(f.st, "SELECT count(*) FROM snapshot s JOIN host h ON h.id = s.host_id WHERE "
					    "h.name = ?1 AND s.origin = 'sosreport'", "vm"), 1);
	/* the ps listing of sos_commands/process joined the snapshot; the boot came from sos_commands/kernel/dmesg */
	ck_assert_int_gt(sql_int(f.st, "SELECT proc_count FROM snapshot"), 10);
	ck_assert_int_eq(sql_int_text(f.st, "SELECT count(*) FROM boot b JOIN host h ON h.id = b.host_id WHERE h.name = ?1",
				      "vm"), 1);
	/* only the files of the plan were read (not free, version.txt, the links' duplicates) */
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM input WHERE display LIKE '%/free' OR display LIKE '%version.txt' "
				       "OR display LIKE '%-mwfix/ps'"), 0);
	/* a capture imported after it does not inherit the sosreport's host */
	{
		static const char loop[] = "Sun Nov 22 03:00:00 UTC 2026\nUSER PID RSS COMMAND\nroot 1 100 init\n";
		ck_assert_int_eq(mw_importer_mem(&f.im, loop, sizeof(loop) - 1, "later.log", NULL, "file", MW_UNKNOWN), 0);
		ck_assert_int_eq(sql_int_text(f.st, "SELECT count(*) FROM snapshot s JOIN host h ON h.id = s.host_id WHERE "
						    "h.name = ?1", "unknown"), 1);
	}
	/* the supportconfig of the same minute: the same host and moment, nothing new */
	ck_assert_int_eq(mw_importer_path(&f.im, mw_test_fixture("capture/scc_vm_261122_0206")), 0);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM snapshot"), 2);
	ck_assert_int_ge(sql_int(f.st, "SELECT count(*) FROM input WHERE display LIKE '%memory.txt'"), 1);
	mw_store_close(f.st);
}
END_TEST

/* Files named by kind and time: one snapshot per time, on the host of the top-level hostname file. */
START_TEST(test_timed_files)
{
	struct store_fixture f = { 0 };
	char dir[] = "/tmp/mw-check-capture-XXXXXX", path[256], *err = NULL;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/hostname", dir);
	write_file(path, "db9\n");
	snprintf(path, sizeof(path), "%s/ps.20261121-2341", dir);
	write_file(path, "USER PID RSS COMMAND\nroot 1 100 init\n");
	snprintf(path, sizeof(path), "%s/ps.20261121-2342", dir);
	write_file(path, "USER PID RSS COMMAND\nroot 1 200 init\n");
	snprintf(path, sizeof(path), "%s/ps-1795304580.txt", dir);
	write_file(path, "USER PID RSS COMMAND\nroot 1 300 init\n");
	ck_assert_int_eq(mw_store_open(NULL, MW_STORE_MEMORY, &f.st, &err), 0);
	mw_diag_init(&f.diag, NULL, NULL);
	mw_importer_init(&f.im, f.st, &f.diag);
	ck_assert_int_eq(mw_importer_path(&f.im, dir), 0);
	ck_assert_int_eq(sql_int(f.st, "SELECT count(*) FROM snapshot"), 3);
	ck_assert_int_eq(sql_int(f.st, "SELECT proc_rss_kb FROM snapshot WHERE taken = 1795304460"), 100);
	ck_assert_int_eq(sql_int(f.st, "SELECT proc_rss_kb FROM snapshot WHERE taken = 1795304520"), 200);
	ck_assert_int_eq(sql_int(f.st, "SELECT proc_rss_kb FROM snapshot WHERE taken = 1795304580"), 300);
	ck_assert_int_eq(sql_int_text(f.st, "SELECT count(*) FROM snapshot s JOIN host h ON h.id = s.host_id WHERE h.name = ?1",
				      "db9"), 3);
	mw_store_close(f.st);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

/* ---- memos: reading a line again from the last snapshot changes nothing ---- */

/*
 * A loop whose snapshots repeat lines at the same places and also break
 * every assumption a memo could make: a memoized meminfo line that is now
 * the second of its field (the next capture), one with text after it, a
 * slabinfo of another version between two 2.1 ones, caches that swap
 * places, the first cache again, a damaged line where a good one was, and
 * a ps header whose columns change under the same process lines (RSS,
 * then VSZ, then RSS again).
 */
static char *memo_loop(void)
{
	static const char *const mem[] = { "MemTotal:       24684084 kB\n", "MemFree:        23851832 kB\n",
					   "HugePages_Total:       0\n", "Weird:     5\n" };
	static const char *const slab_head = "slabinfo - version: 2.1\n# name            <active_objs> <num_objs> "
					     "<objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> "
					     "<sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n";
	static const char *const dentry = "dentry             40719  40719    192   21    1 : tunables    0    0    0 "
					  ": slabdata   1939   1939      0\n";
	static const char *const kmalloc = "kmalloc-64          1000   1024     64   64    1 : tunables    0    0    0 "
					   ": slabdata     16     16      0\n";
	static const char *const procs = "root           1  4000 /sbin/init splash\nroot           2     0 [kthreadd]\n"
					 "www          300  1200  \\_ /usr/sbin/httpd -k start\n";
	struct mw_buf b = MW_BUF_INIT;
	for (int i = 0; i < 9; i++) {
		mw_buf_addf(&b, "Sat Nov 21 23:%02d:00 UTC 2026\n", 10 + i);
		/* meminfo */
		if (i == 4) {
			mw_buf_addstr(&b, mem[1]);	/* MemFree, then MemFree again at its usual place */
			mw_buf_addstr(&b, mem[1]);
		} else {
			mw_buf_addstr(&b, mem[0]);
			mw_buf_addstr(&b, i == 5 ? "MemFree:        23851832 kB trailing words\n" : i == 2 ?
					  "MemFree:        23000000 kB\n" : mem[1]);
		}
		mw_buf_addstr(&b, mem[2]);
		mw_buf_addstr(&b, i == 6 ? "Weird:     -5\n" : mem[3]);
		/* slabinfo */
		if (i == 3) {
			mw_buf_addstr(&b, "slabinfo - version: 1.1\nkmalloc-64 1000 1024 64 16 16 1\ndentry 40719 40719 192 "
					  "1939 1939 1\n");
		} else {
			mw_buf_addstr(&b, slab_head);
			if (i == 5) {
				mw_buf_addstr(&b, kmalloc);	/* swapped */
				mw_buf_addstr(&b, dentry);
			} else if (i == 6) {
				mw_buf_addstr(&b, dentry);
				mw_buf_addstr(&b, "kmalloc-64          1000   1024     64   64    1 : tunables    0    0    0 "
						  ": slabdata     16     16\n");	/* cut short */
				mw_buf_addstr(&b, "kmalloc-64\t1000\t1024\t64\t64\t1\t:\ttunables\t0\t0\t0\t:\tslabdata\t16\t16\t0\n");
			} else if (i == 7) {
				mw_buf_addstr(&b, dentry);
				mw_buf_addstr(&b, dentry);	/* the first cache again: the next capture */
			} else {
				mw_buf_addstr(&b, dentry);
				mw_buf_addstr(&b, i == 2 ? "kmalloc-64          1100   1152     64   64    1 : tunables    0    0"
							   "    0 : slabdata     18     18      0\n" : kmalloc);
			}
		}
		/* ps */
		mw_buf_addstr(&b, i == 4 ? "USER         PID   VSZ COMMAND\n" : "USER         PID   RSS COMMAND\n");
		mw_buf_addstr(&b, procs);
		mw_buf_addstr(&b, "------------------------\n");
	}
	return mw_buf_detach(&b, NULL);
}

/* Records and diagnostics of one input read with and without memos; returns the lines read from memos. */
static uint64_t memo_compare(const char *name, const char *text, size_t len)
{
	struct mw_test_records a, b;
	struct mw_parse_stats sa, sb;
	struct mw_input_limits limits;
	struct mw_input *in;
	char *err = NULL;
	mw_input_limits_default(&limits);
	mw_test_records_init(&a);
	mw_test_records_init(&b);
	for (int pass = 0; pass < 2; pass++) {
		if (text)
			ck_assert_int_eq(mw_input_open_mem(text, len, name, &limits, &in, &err), 0);
		else
			ck_assert_int_eq(mw_input_open(mw_test_fixture(name), NULL, &limits, false, &in, &err), 0);
		ck_assert_int_eq(mw_test_parse_input(in, name, NULL, pass == 1, pass ? &b : &a, pass ? &sb : &sa), 0);
		mw_input_free(in);
	}
	ck_assert_msg(cJSON_Compare(a.all, b.all, true), "%s: records differ with memos", name);
	ck_assert_msg(cJSON_Compare(a.diags, b.diags, true), "%s: diagnostics differ with memos", name);
	ck_assert_uint_eq(sb.memo_lines, 0);
	mw_test_records_free(&a);
	mw_test_records_free(&b);
	return sa.memo_lines;
}

START_TEST(test_memo)
{
	char *text = memo_loop();
	struct mw_test_records r;
	/* lines read again: 9 snapshots, most of their lines as the one before */
	ck_assert_uint_gt(memo_compare("memo.txt", text, strlen(text)), 40);
	/* what the tricky snapshots say, read from memos or not */
	mw_test_records_init(&r);
	ck_assert_int_eq(mw_test_parse("memo.txt", text, strlen(text), NULL, &r), 0);
	ck_assert_ptr_nonnull(mw_test_diag(&r, "text after the value of 'MemFree' ignored"));
	ck_assert_ptr_nonnull(mw_test_diag(&r, "the slabdata group is cut short"));
	ck_assert_ptr_nonnull(mw_test_diag(&r, "'Weird' is negative (-5)"));
	/* the ps listing under VSZ (snapshot 5) has sizes, not RSS, for the same lines */
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 4 * 3), "vsz_kb"), 4000);
	ck_assert_int_eq(mw_test_int(mw_test_nth(&r, "proc", 5 * 3), "rss_kb"), 4000);
	mw_test_records_free(&r);
	free(text);
	/* the real captures */
	ck_assert_uint_gt(memo_compare("capture/loop-vm-20261122.txt.zst", NULL, 0), 1000);
	memo_compare("capture/loop-damaged.txt", NULL, 0);
	memo_compare("capture/record-vm-20261122.zst", NULL, 0);
	memo_compare("proc/firecracker_6.18.44_x86_64_all.txt", NULL, 0);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("capture");
	TCase *tc = tcase_create("markers");
	tcase_add_loop_test(tc, test_markers, 0, (int)MW_ARRAY_SIZE(markers));
	tcase_add_test(tc, test_dates);
	tcase_add_loop_test(tc, test_section_kinds, 0, (int)MW_ARRAY_SIZE(sections));
	tcase_add_loop_test(tc, test_name_times, 0, (int)MW_ARRAY_SIZE(names));
	suite_add_tcase(s, tc);
	tc = tcase_create("ps");
	tcase_add_test(tc, test_ps_loop);
	tcase_add_test(tc, test_ps_columns);
	tcase_add_test(tc, test_ps_empty);
	suite_add_tcase(s, tc);
	tc = tcase_create("loop");
	tcase_add_test(tc, test_loop_bad_input);
	tcase_add_test(tc, test_loop_cut_start);
	tcase_add_test(tc, test_record_shape);
	tcase_add_test(tc, test_memo);
	suite_add_tcase(s, tc);
	tc = tcase_create("store");
	tcase_add_test(tc, test_runs);
	tcase_add_test(tc, test_runs_across_inputs);
	suite_add_tcase(s, tc);
	tc = tcase_create("dirs");
	tcase_add_test(tc, test_dirs);
	tcase_add_test(tc, test_timed_files);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_suite);
}
