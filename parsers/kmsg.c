/* SPDX-License-Identifier: MIT */
/*
 * kmsg.c: kernel-log line prefixes as cursor functions over (p, end) that
 * return where they stopped, or NULL when the prefix is not there (the
 * util-linux dmesg.c shape). Formats are listed in kmsg.h; examples:
 *
 *   <6>[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable
 *   Jul 28 23:49:12 debian kernel: [    0.000000] Linux version 3.2.0-4-686-pae ...
 *   2026-05-15T17:44:53.172590Z INFO kernel: [    0.000000] BIOS-e820: ...
 *   [Wed May 23 16:58:12 2018] sysrq: SysRq : Show Memory
 *
 * The kernel prints the [ts] prefix from kernel/printk/printk.c
 * (print_time()); syslog daemons and journalctl add the others.
 */
#include <string.h>
#include <time.h>
#include "memwaste/kmsg.h"
#include "memwaste/parser.h"
#include "memwaste/banned.h"

static const char months[12][4] = { "jan", "feb", "mar", "apr", "may", "jun",
				    "jul", "aug", "sep", "oct", "nov", "dec" };

int mw_month_from_name(const char *p, size_t len)
{
	if (len < 3)
		return 0;
	for (int i = 0; i < 12; i++) {
		if ((p[0] | 0x20) == months[i][0] && (p[1] | 0x20) == months[i][1] &&
		    (p[2] | 0x20) == months[i][2])
			return i + 1;
	}
	return 0;
}

int64_t mw_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* Howard Hinnant's days_from_civil. */
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* n digits exactly -> value */
static const char *digits(const char *p, const char *end, int n, int *ret)
{
	int v = 0;
	if (end - p < n)
		return NULL;
	for (int i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return NULL;
		v = v * 10 + (p[i] - '0');
	}
	*ret = v;
	return p + n;
}

/* "HH:MM:SS" -> seconds of day; optional ".frac" into *frac */
static const char *hms(const char *p, const char *end, int *ret, double *frac)
{
	int h, m, s;
	if (!(p = digits(p, end, 2, &h)) || p >= end || *p++ != ':' ||
	    !(p = digits(p, end, 2, &m)) || p >= end || *p++ != ':' ||
	    !(p = digits(p, end, 2, &s)))
		return NULL;
	if (h > 23 || m > 59 || s > 60)
		return NULL;
	*frac = 0;
	if (p < end && (*p == '.' || *p == ',') && p + 1 < end && is_digit(p[1])) {
		double scale = 0.1;
		p++;
		while (p < end && is_digit(*p)) {
			*frac += (*p - '0') * scale;
			scale /= 10;
			p++;
		}
	}
	*ret = h * 3600 + m * 60 + s;
	return p;
}

/* "<6>" */
static const char *parse_level(const char *p, const char *end, int *ret)
{
	int v = 0, n = 0;
	if (p >= end || *p != '<')
		return NULL;
	p++;
	while (p < end && is_digit(*p) && n < 4) {
		v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	if (!n || p >= end || *p != '>')
		return NULL;
	*ret = v & 7;
	return p + 1;
}

/* "[    0.000000]" (and "[12345.678901]") */
static const char *parse_mono(const char *p, const char *end, double *ret)
{
	double v = 0, scale = 0.1;
	int n = 0;
	if (p >= end || *p != '[')
		return NULL;
	p++;
	while (p < end && *p == ' ')
		p++;
	while (p < end && is_digit(*p)) {
		v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	if (!n || p >= end || *p != '.')
		return NULL;
	p++;
	n = 0;
	while (p < end && is_digit(*p)) {
		v += (*p - '0') * scale;
		scale /= 10;
		p++;
		n++;
	}
	if (!n || p >= end || *p != ']')
		return NULL;
	*ret = v;
	return p + 1;
}

/* "[    T1]" / "[    C0]" printk caller id (CONFIG_PRINTK_CALLER): a task (T pid) or a CPU outside task context */
static const char *parse_caller(const char *p, const char *end, int64_t *ret)
{
	bool task;
	int64_t v = 0;
	if (p >= end || *p != '[')
		return NULL;
	p++;
	while (p < end && *p == ' ')
		p++;
	if (p >= end || (*p != 'T' && *p != 'C'))
		return NULL;
	task = *p == 'T';
	p++;
	if (p >= end || !is_digit(*p))
		return NULL;
	while (p < end && is_digit(*p)) {
		if (v < INT64_C(1) << 40)
			v = v * 10 + (*p - '0');
		p++;
	}
	if (p >= end || *p != ']')
		return NULL;
	*ret = task ? v + 1 : -(v + 1);
	return p + 1;
}

/* "[Sat Nov 21 23:41:57 2026]" */
static const char *parse_ctime(const char *p, const char *end, int64_t *ret)
{
	int mon, day, sod, year;
	double frac;
	if (end - p < 26 || *p != '[')
		return NULL;
	p++;
	if (!mw_month_from_name(p + 4, 3) || p[3] != ' ' || p[7] != ' ')
		return NULL;
	mon = mw_month_from_name(p + 4, 3);
	p += 8;
	if (*p == ' ')
		p++;
	if (!is_digit(*p))
		return NULL;
	day = *p++ - '0';
	if (p < end && is_digit(*p))
		day = day * 10 + (*p++ - '0');
	if (p >= end || *p++ != ' ')
		return NULL;
	if (!(p = hms(p, end, &sod, &frac)) || p >= end || *p++ != ' ' || !(p = digits(p, end, 4, &year)) ||
	    p >= end || *p != ']')
		return NULL;
	*ret = mw_days_from_civil(year, (unsigned)mon, (unsigned)day) * 86400 + sod;
	return p + 1;
}

/* "Nov 21 23:41:57" or "Nov  1 23:41:57.123456" (syslog, no year) */
static const char *parse_syslog_date(const char *p, const char *end, int year, int64_t *ret, double *frac)
{
	int mon, day, sod;
	if (end - p < 15 || !(mon = mw_month_from_name(p, 3)) || p[3] != ' ')
		return NULL;
	p += 4;
	if (*p == ' ')
		p++;
	if (!is_digit(*p))
		return NULL;
	day = *p++ - '0';
	if (p < end && is_digit(*p))
		day = day * 10 + (*p++ - '0');
	if (day < 1 || day > 31 || p >= end || *p++ != ' ')
		return NULL;
	if (!(p = hms(p, end, &sod, frac)))
		return NULL;
	*ret = mw_days_from_civil(year, (unsigned)mon, (unsigned)day) * 86400 + sod;
	return p;
}

/* "2026-11-21T23:41:57[.frac][Z|+hh:mm|+hhmm]" */
static const char *parse_iso(const char *p, const char *end, int64_t *ret, double *frac)
{
	int y, mo, d, sod;
	if (!(p = digits(p, end, 4, &y)) || p >= end || *p++ != '-' || !(p = digits(p, end, 2, &mo)) ||
	    p >= end || *p++ != '-' || !(p = digits(p, end, 2, &d)) || p >= end || (*p != 'T' && *p != ' '))
		return NULL;
	p++;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || !(p = hms(p, end, &sod, frac)))
		return NULL;
	*ret = mw_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + sod;
	if (p < end && *p == 'Z') {
		p++;
	} else if (p < end && (*p == '+' || *p == '-')) {
		int sign = *p == '-' ? -1 : 1, hh, mm = 0;
		const char *q = digits(p + 1, end, 2, &hh);
		if (q) {
			if (q < end && *q == ':')
				q++;
			const char *r = digits(q, end, 2, &mm);
			p = r ? r : q;
			*ret -= sign * (hh * 3600 + mm * 60);
		}
	}
	return p;
}

/* " host ident[pid]: " after a syslog/iso date; returns after ": " and sets host/kernel. */
static const char *parse_syslog_tail(const char *p, const char *end, struct mw_kmsg *k)
{
	const char *h, *hend, *id, *idend;
	if (p >= end || *p != ' ')
		return NULL;
	p++;
	h = p;
	while (p < end && *p != ' ' && *p != ':')
		p++;
	hend = p;
	if (p >= end)
		return NULL;
	if (*p == ':') {
		/* "DATE kernel: msg" without a host */
		if (hend - h == 6 && memcmp(h, "kernel", 6) == 0) {
			k->kernel = true;
			p++;
			return p < end && *p == ' ' ? p + 1 : p;
		}
		return NULL;
	}
	p++;
	id = p;
	while (p < end && *p != ' ' && *p != ':')
		p++;
	if (p >= end || *p != ':')
		return NULL;
	idend = p;
	p++;
	if (p < end && *p == ' ')
		p++;
	k->host = mw_str_make(h, (size_t)(hend - h));
	k->kernel = (idend - id == 6 && memcmp(id, "kernel", 6) == 0);
	/* ChromeOS puts a level word where the host would be: "INFO kernel:" */
	{
		static const char *const levels[] = { "EMERG", "ALERT", "CRIT", "ERR", "ERROR", "WARNING",
						      "WARN", "NOTICE", "INFO", "DEBUG" };
		for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
			if (k->host.len == strlen(levels[i]) && memcmp(h, levels[i], k->host.len) == 0)
				k->host = MW_STR_NULL;
	}
	return p;
}

/* "6,1234,5678901,-;" /dev/kmsg */
static const char *parse_kmsg_record(const char *p, const char *end, int *level, double *ts)
{
	uint64_t lv, seq, usec;
	const char *q = mw_scan_u64(p, end, &lv);
	if (!q || q >= end || *q != ',')
		return NULL;
	q = mw_scan_u64(q + 1, end, &seq);
	if (!q || q >= end || *q != ',')
		return NULL;
	q = mw_scan_u64(q + 1, end, &usec);
	if (!q || q >= end || *q != ',')
		return NULL;
	while (q < end && *q != ';' && *q != ' ')
		q++;
	if (q >= end || *q != ';')
		return NULL;
	*level = (int)(lv & 7);
	*ts = (double)usec / 1e6;
	return q + 1;
}

/* "kern  :info  : " (dmesg -x) */
static const char *parse_decode(const char *p, const char *end, int *level)
{
	static const char *const lv[] = { "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug" };
	const char *q = p;
	if (!mw_starts_with(p, end, "kern") && !mw_starts_with(p, end, "user"))
		return NULL;
	q += 4;
	while (q < end && *q == ' ')
		q++;
	if (q >= end || *q != ':')
		return NULL;
	q++;
	for (int i = 0; i < 8; i++) {
		if (mw_starts_with(q, end, lv[i])) {
			q += strlen(lv[i]);
			while (q < end && *q == ' ')
				q++;
			if (q < end && *q == ':') {
				*level = i;
				q++;
				return q < end && *q == ' ' ? q + 1 : q;
			}
		}
	}
	return NULL;
}

void mw_kmsg_parse(const char *line, size_t len, int year, struct mw_kmsg *k)
{
	const char *p = line, *end = line + len, *q;
	int level;
	double ts, frac;
	int64_t wall;

	memset(k, 0, sizeof(*k));
	k->level = -1;
	k->ts = NAN;
	k->wall = MW_UNKNOWN;
	k->kernel = true;
	if (!year) {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		year = tm.tm_year + 1900;
	}

	/* Outer prefixes added by logging daemons. */
	if ((q = parse_syslog_date(p, end, year, &wall, &frac)) && (q = parse_syslog_tail(q, end, k))) {
		k->prefixes |= MW_KP_SYSLOG;
		k->wall = wall;
		k->wall_frac = frac;
		p = q;
	} else if (len >= 19 && is_digit(p[0]) && (q = parse_iso(p, end, &wall, &frac))) {
		const char *r = parse_syslog_tail(q, end, k);
		if (r) {
			k->prefixes |= MW_KP_ISO | MW_KP_SYSLOG;
			p = r;
		} else {
			/* dmesg --time-format iso: "2026-11-21T23:41:57,123456+00:00 msg" */
			k->kernel = true;
			k->prefixes |= MW_KP_ISO;
			p = q < end && *q == ' ' ? q + 1 : q;
		}
		k->wall = wall;
		k->wall_frac = frac;
		k->wall_has_year = true;
	} else if (len >= 6 && is_digit(p[0]) && (q = parse_kmsg_record(p, end, &level, &ts))) {
		k->prefixes |= MW_KP_KMSG;
		k->level = level;
		k->ts = ts;
		p = q;
	} else if ((q = parse_decode(p, end, &level))) {
		k->prefixes |= MW_KP_DECODE;
		k->level = level;
		p = q;
	}

	/* Kernel prefixes: <N>, [ts], [caller], [ctime]; in that order, each optional. */
	if ((q = parse_level(p, end, &level))) {
		k->prefixes |= MW_KP_LEVEL;
		k->level = level;
		p = q;
	}
	if ((q = parse_mono(p, end, &ts))) {
		k->prefixes |= MW_KP_MONO;
		k->ts = ts;
		p = q;
		if ((q = parse_caller(p, end, &k->caller))) {
			k->prefixes |= MW_KP_CALLER;
			p = q;
		}
		/* journalctl -o short-monotonic: "[ 12.3] host kernel: msg" */
		if (!(k->prefixes & MW_KP_SYSLOG)) {
			struct mw_kmsg t = *k;
			const char *r = parse_syslog_tail(p, end, &t);
			if (r && t.kernel && t.host.len) {
				*k = t;
				k->prefixes |= MW_KP_SYSLOG;
				p = r;
			}
		}
	} else if ((q = parse_ctime(p, end, &wall))) {
		k->prefixes |= MW_KP_CTIME;
		k->wall = wall;
		k->wall_has_year = true;
		p = q;
	}
	if (k->prefixes & (MW_KP_MONO | MW_KP_CTIME | MW_KP_LEVEL)) {
		/* the kernel puts one space after the prefix */
		if (p < end && *p == ' ')
			p++;
	}
	k->msg = p;
	k->len = (size_t)(end - p);
}
