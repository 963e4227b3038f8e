/* SPDX-License-Identifier: MIT */
/* check-kmsg.c: kernel-log prefixes of every shape, and capture markers. */
#include <math.h>
#include <string.h>
#include "testlib.h"
#include "memwaste/capture.h"
#include "memwaste/kmsg.h"
#include "memwaste/parser.h"

static const struct {
	const char *line;
	unsigned prefixes;
	int level;
	double ts;
	int64_t wall;
	const char *msg;
	const char *host;
	bool kernel;
} cases[] = {
	{ "[    0.000000] Linux version 6.1.0", 0x2, -1, 0.0, MW_UNKNOWN, "Linux version 6.1.0", "", true },
	{ "[4294667.296000]  BIOS-e820: 0000000000000000 - 000000000009e800 (usable)", 0x2, -1, 4294667.296, MW_UNKNOWN,
	  " BIOS-e820: 0000000000000000 - 000000000009e800 (usable)", "", true },
	{ "<6>[    0.000000] BIOS-e820: [mem 0x0-0x1] usable", 0x3, 6, 0.0, MW_UNKNOWN, "BIOS-e820: [mem 0x0-0x1] usable", "", true },
	{ "<5>Linux version 2.6.32-504.el6.x86_64", 0x1, 5, NAN, MW_UNKNOWN, "Linux version 2.6.32-504.el6.x86_64", "", true },
	{ "[Wed May 23 16:58:12 2018] Mem-Info:", MW_KP_CTIME, -1, NAN, 1527094692, "Mem-Info:", "", true },
	{ "Jul 28 23:49:12 debian kernel: [    0.000000] Linux version 3.2.0-4-686-pae", MW_KP_SYSLOG | MW_KP_MONO, -1, 0.0,
	  1217288952, "Linux version 3.2.0-4-686-pae", "debian", true },
	{ "Dec 05 22:20:29 peter-x1c systemd[1]: Started foo.", MW_KP_SYSLOG, -1, NAN, 1228515629, "Started foo.", "peter-x1c", false },
	{ "Dec 05 22:20:29 peter-x1c kernel: WhatsApp invoked oom-killer", MW_KP_SYSLOG, -1, NAN, 1228515629,
	  "WhatsApp invoked oom-killer", "peter-x1c", true },
	{ "2026-05-15T17:44:53.172590Z INFO kernel: [    0.000000] BIOS-e820: x", MW_KP_ISO | MW_KP_SYSLOG | MW_KP_MONO, -1, 0.0,
	  1778867093, "BIOS-e820: x", "", true },
	{ "2026-11-21T23:41:57+0100 myhost kernel: Memory: 1K/2K available", MW_KP_ISO | MW_KP_SYSLOG, -1, NAN, 1795300917,
	  "Memory: 1K/2K available", "myhost", true },
	{ "6,1234,5678901,-;Memory: 1K/2K available", MW_KP_KMSG, 6, 5.678901, MW_UNKNOWN, "Memory: 1K/2K available", "", true },
	{ "kern  :info  : [    1.000000] hello", MW_KP_DECODE | MW_KP_MONO, 6, 1.0, MW_UNKNOWN, "hello", "", true },
	{ "[    0.000000][    T0] Linux version 6.x", MW_KP_MONO | MW_KP_CALLER, -1, 0.0, MW_UNKNOWN, "Linux version 6.x", "", true },
	{ "[   12.345678] myhost kernel: usb 1-1: new", MW_KP_MONO | MW_KP_SYSLOG, -1, 12.345678, MW_UNKNOWN, "usb 1-1: new",
	  "myhost", true },
	{ "[   12.345678] usb 1-1: new device", MW_KP_MONO, -1, 12.345678, MW_UNKNOWN, "usb 1-1: new device", "", true },
	{ "[pexpect]#kexec -e", 0, -1, NAN, MW_UNKNOWN, "[pexpect]#kexec -e", "", true },
	{ "  runc:[2:INIT] invoked oom-killer", 0, -1, NAN, MW_UNKNOWN, "  runc:[2:INIT] invoked oom-killer", "", true },
	{ "", 0, -1, NAN, MW_UNKNOWN, "", "", true },
};

START_TEST(test_prefixes)
{
	struct mw_kmsg k;
	const char *line = cases[_i].line;
	mw_kmsg_parse(line, strlen(line), 2008, &k);
	ck_assert_msg(k.prefixes == cases[_i].prefixes, "%s: prefixes %#x", line, k.prefixes);
	ck_assert_int_eq(k.level, cases[_i].level);
	if (isnan(cases[_i].ts))
		ck_assert(isnan(k.ts));
	else
		ck_assert_double_eq_tol(k.ts, cases[_i].ts, 1e-6);
	ck_assert_msg(k.wall == cases[_i].wall, "%s: wall %lld", line, (long long)k.wall);
	ck_assert_int_eq(k.len, strlen(cases[_i].msg));
	ck_assert(memcmp(k.msg, cases[_i].msg, k.len) == 0);
	ck_assert_int_eq(k.host.len, strlen(cases[_i].host));
	ck_assert(k.kernel == cases[_i].kernel);
}
END_TEST

/* The printk caller id: a task, a CPU, none. */
START_TEST(test_caller)
{
	static const struct {
		const char *line;
		int64_t caller;
	} c[] = {
		{ "[    0.000000][    T0] Linux version 6.x", 1 },
		{ "[  123.456789][ T4242] a invoked oom-killer", 4243 },
		{ "[  123.456789][    C3] eth0: link up", -4 },
		{ "[  123.456789] no caller", 0 },
		{ "[  123.456789][ X3] not a caller", 0 },
	};
	for (size_t i = 0; i < MW_ARRAY_SIZE(c); i++) {
		struct mw_kmsg k;
		mw_kmsg_parse(c[i].line, strlen(c[i].line), 2026, &k);
		ck_assert_msg(k.caller == c[i].caller, "%s: caller %lld", c[i].line, (long long)k.caller);
	}
}
END_TEST

/* mw_find() (parsers/util.c), the substring search under every pattern's prefilter, against memmem. */
START_TEST(test_find)
{
	static const struct {
		const char *hay, *needle;
	} c[] = {
		{ "Out of memory: Killed process", "Killed" }, { "aaaaaaab", "aab" }, { "abc", "abc" }, { "abc", "abcd" },
		{ "abc", "c" }, { "abc", "" }, { "", "a" }, { "xxa", "a" }, { "ab ab ab abx", "abx" }, { "ababababa", "bab" },
		{ "mode:0x20", "0x2" }, { "mode:", "mode:0" },
	};
	for (size_t i = 0; i < MW_ARRAY_SIZE(c); i++) {
		size_t n = strlen(c[i].hay);
		const char *want = n ? memmem(c[i].hay, n, c[i].needle, strlen(c[i].needle)) : NULL;
		ck_assert_msg(mw_find(c[i].hay, c[i].hay + n, c[i].needle) == want, "%s / %s", c[i].hay, c[i].needle);
	}
	/* the end bounds the search: no match may run past it, NUL bytes are ordinary bytes */
	ck_assert_ptr_null(mw_find("abcdef", "abcdef" + 4, "def"));
	ck_assert_ptr_null(mw_find("abcdef", "abcdef" + 4, "de"));
	{
		static const char nul[] = "a\0b\0c";
		ck_assert_ptr_eq(mw_find(nul, nul + 5, "c"), nul + 4);
	}
}
END_TEST

static const struct {
	const char *line;
	enum mw_marker mark;
	int64_t t;
	bool zone_known;
} markers[] = {
	{ "Sat Nov 21 23:41:57 UTC 2026", MW_MARK_DATE, 1795304517, true },
	{ "Sat Nov 21 23:41:57 CET 2026", MW_MARK_DATE, 1795300917, true },
	{ "Sat Nov 21 23:41:57 XYZT 2026", MW_MARK_DATE, 1795304517, false },
	{ "Sat Nov 21 23:41:57 2026", MW_MARK_DATE, 1795304517, false },
	{ "Sat, 21 Nov 2026 23:41:57 +0000", MW_MARK_DATE, 1795304517, true },
	{ "Sat 21 Nov 2026 11:41:57 PM UTC", MW_MARK_DATE, 1795304517, true },
	{ "2026-11-21T23:41:57+00:00", MW_MARK_DATE, 1795304517, true },
	{ "2026-11-21T23:41:57,123456789+01:00", MW_MARK_DATE, 1795300917, true },
	{ "2026-11-21 23:41:57", MW_MARK_DATE, 1795304517, false },
	{ "1795304517", MW_MARK_DATE, 1795304517, true },
	{ "------------------------", MW_MARK_SEPARATOR, 0, false },
	{ "  =====  ", MW_MARK_SEPARATOR, 0, false },
	{ "---", MW_MARK_NONE, 0, false },
	{ "MemTotal:       24684084 kB", MW_MARK_NONE, 0, false },
	{ "12345", MW_MARK_NONE, 0, false },
	{ "Sat Nov 21 23:41:57 UTC 2026 extra words here", MW_MARK_NONE, 0, false },
	{ "Sat Nov 32 23:41:57 UTC 2026", MW_MARK_NONE, 0, false },
};

START_TEST(test_markers)
{
	struct mw_marker_info mi;
	const struct mw_date *d = &mi.date;
	const char *line = markers[_i].line;
	enum mw_marker m = mw_capture_marker(line, strlen(line), &mi);
	ck_assert_msg(m == markers[_i].mark, "%s: marker %d", line, m);
	if (m == MW_MARK_DATE) {
		ck_assert_msg(d->t == markers[_i].t, "%s: t %lld", line, (long long)d->t);
		ck_assert(d->zone_known == markers[_i].zone_known);
	}
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("kmsg");
	TCase *tc = tcase_create("prefixes");
	tcase_add_loop_test(tc, test_prefixes, 0, (int)MW_ARRAY_SIZE(cases));
	tcase_add_loop_test(tc, test_markers, 0, (int)MW_ARRAY_SIZE(markers));
	tcase_add_test(tc, test_caller);
	tcase_add_test(tc, test_find);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_suite);
}
