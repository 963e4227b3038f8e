/* SPDX-License-Identifier: MIT */
/* kmsg.h: kernel-log line prefixes (dmesg, dmesg -T, <N> levels, syslog, journalctl, kmsg, ISO). */
#ifndef MW_KMSG_H
#define MW_KMSG_H

#include "memwaste/common.h"
#include "memwaste/record.h"

/*
 * Prefixes recognised, possibly stacked, detected per line (mixed files
 * are fine):
 *   <6>                                   console / vmcore-dmesg level
 *   [    0.000000]  [4294667.296000]      dmesg monotonic time
 *   [    0.000000][    T1]                with printk caller id
 *   [Sat Nov 21 23:41:57 2026]            dmesg -T
 *   Nov 21 23:41:57 host kernel:          syslog, journalctl -o short
 *   Nov 21 23:41:57.123456 host kernel:   journalctl -o short-precise
 *   2026-11-21T23:41:57+0000 host kernel: journalctl -o short-iso, rsyslog
 *   2026-05-15T17:44:53.172590Z INFO kernel:   ChromeOS /var/log/messages
 *   [   12.345678] host kernel:           journalctl -o short-monotonic
 *   6,1234,5678901,-;                     /dev/kmsg records
 *   kern  :info  :                        dmesg -x
 * A syslog/journal line whose program is not the kernel (systemd[1]:,
 * rtkit-daemon[1086]:) has kernel == false; callers skip it.
 */
enum {
	MW_KP_LEVEL = 1 << 0,
	MW_KP_MONO = 1 << 1,
	MW_KP_CTIME = 1 << 2,	/* dmesg -T */
	MW_KP_SYSLOG = 1 << 3,
	MW_KP_ISO = 1 << 4,
	MW_KP_KMSG = 1 << 5,
	MW_KP_DECODE = 1 << 6,	/* dmesg -x */
	MW_KP_CALLER = 1 << 7,
};

struct mw_kmsg {
	const char *msg;	/* message after every prefix (points into the line) */
	size_t len;
	int level;		/* 0..7, -1 when not printed */
	double ts;		/* monotonic seconds, NAN when not printed */
	int64_t wall;		/* unix time, MW_UNKNOWN when not printed */
	double wall_frac;
	bool wall_has_year;	/* false for syslog "Nov 21 ..." (year guessed) */
	struct mw_str host;	/* syslog/journal host, may be empty */
	int64_t caller;		/* printk caller id: "[T123]" is 123 + 1, "[C1]" is -(1 + 1), 0 when not printed */
	unsigned prefixes;	/* MW_KP_* seen */
	bool kernel;		/* false for other programs' syslog lines */
};

/*
 * Parses the prefixes of one physical line. Never fails: a line without
 * prefix comes back with prefixes == 0 and msg == line. `year` is used
 * for syslog dates that print none (0 = the current year).
 */
void mw_kmsg_parse(const char *line, size_t len, int year, struct mw_kmsg *ret);

/* Month number 1..12 from a 3-letter English name at p (case-insensitive), 0 if none. */
int mw_month_from_name(const char *p, size_t len);
/* Days since the epoch for a civil date (proleptic Gregorian); used instead of timegm(). */
int64_t mw_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
