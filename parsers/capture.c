/* SPDX-License-Identifier: MIT */
/*
 * capture.c: the markers of captures over time (include/memwaste/capture.h):
 * the loop of "Can you handle the pressure?" section 7.2,
 *
 *   while true; do date; cat /proc/meminfo; cat /proc/slabinfo;
 *     ps ef -o user,pid,rss,command; echo ------------------------; sleep 10; done
 *
 * whose output reads
 *
 *   Sat Nov 21 23:41:57 UTC 2026
 *   MemTotal:       24684032 kB
 *   ...
 *   ------------------------
 *
 * date(1) lines open snapshots and dashed lines close them; "==> FILE <=="
 * headers (head(1), tail(1), memwaste record) and supportconfig's
 * "#==[ Configuration File ]===#" entries name the section that follows;
 * "# memwaste record" starts a record capture. The /proc sections between
 * markers are recognised by content (demux.c). No kernel file prints
 * these: date(1), head(1), supportconfig and memwaste do.
 */
#include <string.h>
#include "memwaste/capture.h"
#include "memwaste/kmsg.h"
#include "memwaste/parser.h"
#include "memwaste/banned.h"

static bool isd(char c) { return c >= '0' && c <= '9'; }

static const struct { const char *name; int offset_min; } zones[] = {
	{ "UTC", 0 }, { "GMT", 0 }, { "Z", 0 }, { "UT", 0 },
	{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
	{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
	{ "AKST", -540 }, { "AKDT", -480 }, { "HST", -600 },
	{ "WET", 0 }, { "WEST", 60 }, { "BST", 60 }, { "CET", 60 }, { "CEST", 120 },
	{ "EET", 120 }, { "EEST", 180 }, { "MSK", 180 }, { "IST", 330 },
	{ "JST", 540 }, { "KST", 540 }, { "AEST", 600 }, { "AEDT", 660 },
	{ "NZST", 720 }, { "NZDT", 780 },
};

/*
 * Zone token: name from the table, "+0100", "+01:00", "-03"; returns the
 * offset in minutes or false. The numeric form must be the whole token:
 * "+00:00 [ 12.3] msg" (dmesg --time-format iso) is not a zone.
 */
static bool zone_offset(const char *p, size_t n, int *ret)
{
	if (n >= 3 && (p[0] == '+' || p[0] == '-') && isd(p[1]) && isd(p[2])) {
		int sign = p[0] == '-' ? -1 : 1, hh = (p[1] - '0') * 10 + (p[2] - '0'), mm = 0;
		size_t i = 3;
		if (i < n && p[i] == ':')
			i++;
		if (i + 2 <= n && isd(p[i]) && isd(p[i + 1])) {
			mm = (p[i] - '0') * 10 + (p[i + 1] - '0');
			i += 2;
		} else if (i != 3) {
			return false;
		}
		if (i != n || hh > 14 || mm > 59)
			return false;
		*ret = sign * (hh * 60 + mm);
		return true;
	}
	for (size_t i = 0; i < MW_ARRAY_SIZE(zones); i++) {
		if (strlen(zones[i].name) == n && memcmp(zones[i].name, p, n) == 0) {
			*ret = zones[i].offset_min;
			return true;
		}
	}
	return false;
}

static bool parse_hms(const char *p, size_t n, int *sod, double *frac)
{
	int h, m, s = 0;
	size_t i = 0;
	*frac = 0;
	if (n < 5 || !isd(p[0]))
		return false;
	h = p[i++] - '0';
	if (isd(p[i]))
		h = h * 10 + (p[i++] - '0');
	if (p[i++] != ':' || i + 2 > n || !isd(p[i]) || !isd(p[i + 1]))
		return false;
	m = (p[i] - '0') * 10 + (p[i + 1] - '0');
	i += 2;
	if (i < n && p[i] == ':') {
		i++;
		if (i + 2 > n || !isd(p[i]) || !isd(p[i + 1]))
			return false;
		s = (p[i] - '0') * 10 + (p[i + 1] - '0');
		i += 2;
		if (i < n && (p[i] == '.' || p[i] == ',')) {
			double sc = 0.1;
			for (i++; i < n && isd(p[i]); i++, sc /= 10)
				*frac += (p[i] - '0') * sc;
		}
	}
	if (i != n || h > 23 || m > 59 || s > 60)
		return false;
	*sod = h * 3600 + m * 60 + s;
	return true;
}

static bool is_weekday(const char *p, size_t n)
{
	static const char *const wd[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	if (n == 4 && p[3] == ',')
		n = 3;
	if (n != 3)
		return false;
	for (int i = 0; i < 7; i++)
		if (memcmp(p, wd[i], 3) == 0)
			return true;
	return false;
}

static bool small_num(const char *p, size_t n, int lo, int hi, int *ret)
{
	int v = 0;
	if (!n || n > 4)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isd(p[i]))
			return false;
		v = v * 10 + (p[i] - '0');
	}
	if (v < lo || v > hi)
		return false;
	*ret = v;
	return true;
}

/*
 * Token-based reading of the textual date forms:
 *   Sat Nov 21 23:41:57 UTC 2026        (C locale)
 *   Sat Nov 21 23:41:57 2026            (no zone)
 *   Sat 21 Nov 2026 11:41:57 PM CET     (en_US)
 *   Sat, 21 Nov 2026 23:41:57 +0000     (date -R)
 */
static bool parse_text_date(const char *p, size_t len, struct mw_date *ret)
{
	const char *tok[8];
	size_t tl[8];
	int nt = 0, mon = 0, day = 0, year = 0, sod = -1, off = 0;
	bool pm = false, am = false, zk = false;
	double frac = 0;
	const char *q = p, *end = p + len;

	while (q < end && nt < 8) {
		size_t n;
		const char *after;
		tok[nt] = mw_next_token(q, end, &n, &after);
		if (!n)
			break;
		tl[nt++] = n;
		q = after;
	}
	if (mw_skip_ws(q, end) != end || nt < 4 || !is_weekday(tok[0], tl[0]))
		return false;
	for (int i = 1; i < nt; i++) {
		int v;
		if (!mon && tl[i] == 3 && mw_month_from_name(tok[i], 3)) {
			mon = mw_month_from_name(tok[i], 3);
		} else if (sod < 0 && memchr(tok[i], ':', tl[i])) {
			if (!parse_hms(tok[i], tl[i], &sod, &frac))
				return false;
		} else if (tl[i] == 2 && (memcmp(tok[i], "PM", 2) == 0 || memcmp(tok[i], "pm", 2) == 0)) {
			pm = true;
		} else if (tl[i] == 2 && (memcmp(tok[i], "AM", 2) == 0 || memcmp(tok[i], "am", 2) == 0)) {
			am = true;
		} else if (!year && tl[i] == 4 && small_num(tok[i], 4, 1970, 2200, &v)) {
			year = v;
		} else if (!day && tl[i] <= 2 && small_num(tok[i], tl[i], 1, 31, &v)) {
			day = v;
		} else if (!zk && zone_offset(tok[i], tl[i], &off)) {
			zk = true;
		} else if (!zk && tl[i] <= 5) {
			/* an unknown zone name: read as UTC, say so through zone_known */
			bool alpha = true;
			for (size_t k = 0; k < tl[i]; k++)
				if (!((tok[i][k] >= 'A' && tok[i][k] <= 'Z') || (tok[i][k] >= 'a' && tok[i][k] <= 'z')))
					alpha = false;
			if (!alpha)
				return false;
		} else {
			return false;
		}
	}
	if (!mon || !day || !year || sod < 0)
		return false;
	if (pm && sod < 12 * 3600)
		sod += 12 * 3600;
	if (am && sod >= 12 * 3600)
		sod -= 12 * 3600;
	ret->t = mw_days_from_civil(year, (unsigned)mon, (unsigned)day) * 86400 + sod - off * 60;
	ret->frac = frac;
	ret->zone_known = zk;
	return true;
}

/* 2026-11-21T23:41:57[,ns][+00:00] or "2026-11-21 23:41:57[ +0000|UTC]" */
static bool parse_iso_date(const char *p, size_t len, struct mw_date *ret)
{
	int y, mo, d, sod, off = 0;
	double frac;
	size_t i = 10, j;
	bool zk = false;
	if (len < 16 || !small_num(p, 4, 1970, 2200, &y) || p[4] != '-' || !small_num(p + 5, 2, 1, 12, &mo) ||
	    p[7] != '-' || !small_num(p + 8, 2, 1, 31, &d) || (p[10] != 'T' && p[10] != ' '))
		return false;
	i = 11;
	j = i;
	while (j < len && (isd(p[j]) || p[j] == ':' || p[j] == '.' || p[j] == ','))
		j++;
	if (!parse_hms(p + i, j - i, &sod, &frac))
		return false;
	while (j < len && p[j] == ' ')
		j++;
	if (j < len) {
		size_t n = len - j;
		while (n && p[j + n - 1] == ' ')
			n--;
		if (!zone_offset(p + j, n, &off))
			return false;
		zk = true;
	}
	ret->t = mw_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + sod - off * 60;
	ret->frac = frac;
	ret->zone_known = zk;
	return true;
}

bool mw_parse_date(const char *p, size_t len, struct mw_date *ret)
{
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	while (len && (*p == ' ' || *p == '\t'))
		p++, len--;
	if (len < 10 || len > 64)
		return false;
	/* date +%s: ten digits (2001..2286), optional fraction */
	if (isd(p[0])) {
		size_t i = 0;
		while (i < len && isd(p[i]))
			i++;
		if (i == 10 && (i == len || p[i] == '.')) {
			uint64_t v = 0;
			double frac = 0, sc = 0.1;
			mw_scan_u64(p, p + 10, &v);
			/* 2000-01-01 .. 2100-01-01: other 10-digit numbers are not dates */
			if (v < UINT64_C(946684800) || v >= UINT64_C(4102444800))
				return false;
			if (i < len) {
				size_t k;
				for (k = i + 1; k < len && isd(p[k]); k++, sc /= 10)
					frac += (p[k] - '0') * sc;
				if (k != len)
					return false;
			}
			ret->t = (int64_t)v;
			ret->frac = frac;
			ret->zone_known = true;
			return true;
		}
		return parse_iso_date(p, len, ret);
	}
	return parse_text_date(p, len, ret);
}

/* "==> /proc/meminfo <==": head(1) and tail(1) print it between files; memwaste record too. */
static bool section_header(const char *p, size_t len, struct mw_str *ret)
{
	struct mw_str s;
	if (len < 9 || memcmp(p, "==> ", 4) != 0 || memcmp(p + len - 4, " <==", 4) != 0)
		return false;
	s = mw_str_trim(mw_str_make(p + 4, len - 8));
	if (!s.len)
		return false;
	*ret = s;
	return true;
}

/* supportconfig: "#==[ Configuration File ]===========================#" */
static bool scc_entry(const char *p, size_t len, struct mw_str *ret)
{
	const char *close;
	if (len < 8 || memcmp(p, "#==[ ", 5) != 0 || p[len - 1] != '#')
		return false;
	close = memchr(p + 5, ']', len - 5);
	if (!close)
		return false;
	for (const char *q = close + 1; q < p + len - 1; q++)
		if (*q != '=')
			return false;
	*ret = mw_str_trim(mw_str_make(p + 5, (size_t)(close - p - 5)));
	return true;
}

/* "# memwaste record 0.1.0 host=db1 kernel=6.18.44 interval=10" */
static bool meta_line(const char *p, size_t len, struct mw_str *ret_host)
{
	const char *end = p + len, *q;
	static const char head[] = "# memwaste record ";
	if (len < MW_STRLEN(head) || memcmp(p, head, MW_STRLEN(head)) != 0)
		return false;
	*ret_host = MW_STR_NULL;
	for (q = p + MW_STRLEN(head); q < end;) {
		size_t n;
		const char *after, *t = mw_next_token(q, end, &n, &after);
		if (!n)
			break;
		if (n > 5 && memcmp(t, "host=", 5) == 0)
			*ret_host = mw_str_make(t + 5, n - 5);
		q = after;
	}
	return true;
}

/* "Sat Nov 21 ...", "Sat, 21 Nov ...", "Sat 21 Nov ...": the cheap test before the full parse */
static bool is_weekday_start(const char *p, size_t len)
{
	return len >= 4 && (p[3] == ' ' || p[3] == ',') && is_weekday(p, 3);
}

enum mw_marker mw_capture_marker(const char *p, size_t len, struct mw_marker_info *ret)
{
	size_t i = 0, dashes = 0;
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i == len)
		return MW_MARK_NONE;
	switch (p[i]) {
	case '-':
	case '=': {
		char c = p[i];
		size_t j = i;
		for (; j < len && p[j] == c; j++)
			dashes++;
		if (j == len && dashes >= 4)
			return MW_MARK_SEPARATOR;
		if (c == '=' && i == 0 && section_header(p, len, &ret->name))
			return MW_MARK_SECTION;
		return MW_MARK_NONE;
	}
	case '#':
		if (i == 0 && scc_entry(p, len, &ret->name))
			return MW_MARK_SCC_ENTRY;
		if (i == 0 && meta_line(p, len, &ret->host))
			return MW_MARK_META;
		return MW_MARK_NONE;
	default:
		break;
	}
	if (len - i < 10 || len - i > 64)
		return MW_MARK_NONE;
	if (!(p[i] >= '0' && p[i] <= '9') && !is_weekday_start(p + i, len - i))
		return MW_MARK_NONE;
	return mw_parse_date(p + i, len - i, &ret->date) ? MW_MARK_DATE : MW_MARK_NONE;
}

/* ---- what a section header names ---- */

static const char *const proc_kinds[] = { "meminfo", "zoneinfo", "buddyinfo", "pagetypeinfo", "slabinfo", "vmstat" };

/* The base name of the first word of a label: "/usr/bin/free -k" -> "free". */
static struct mw_str first_base(struct mw_str label, struct mw_str *ret_rest)
{
	const char *p = label.ptr, *end = label.ptr + label.len, *after, *slash;
	size_t n;
	const char *w = mw_next_token(p, end, &n, &after);
	*ret_rest = mw_str_make(after, (size_t)(end - after));
	slash = w;
	for (const char *q = w; q < w + n; q++)
		if (*q == '/')
			slash = q + 1;
	return mw_str_make(slash, (size_t)(w + n - slash));
}

const char *mw_capture_section_kind(struct mw_str label, struct mw_str scc_type)
{
	struct mw_str rest, base;
	bool is_command = scc_type.len && mw_str_eq(scc_type, "Command");
	bool is_log = scc_type.len && mw_str_eq(scc_type, "Log File");
	bool is_file = scc_type.len && mw_str_eq(scc_type, "Configuration File");
	bool is_proc;

	label = mw_str_trim(label);
	if (scc_type.len && !is_command && !is_log && !is_file)
		return MW_SECTION_SKIP;		/* Summary, Note, ... */
	if (!label.len)
		return scc_type.len ? MW_SECTION_SKIP : MW_SECTION_UNKNOWN;
	base = first_base(label, &rest);
	is_proc = label.len > 6 && (mw_find(label.ptr, label.ptr + MW_MIN(label.len, (size_t)64), "proc/") != NULL);
	if (is_log)
		return "klog";
	if (mw_str_eq(base, "dmesg") || mw_str_eq(base, "journalctl") || mw_str_eq(base, "messages") ||
	    mw_str_eq(base, "kern.log") || mw_str_eq(base, "boot.msg") || mw_str_eq(base, "vmcore-dmesg.txt") ||
	    mw_str_eq(base, "klog"))
		return "klog";
	if (mw_str_eq(base, "ps") || mw_str_eq(base, "top"))
		return "ps";
	if (is_proc || !scc_type.len) {
		for (size_t i = 0; i < MW_ARRAY_SIZE(proc_kinds); i++)
			if (mw_str_eq(base, proc_kinds[i]) && !rest.len)
				return proc_kinds[i];
	}
	if (mw_str_eq(base, "free") || mw_str_eq(base, "vmstat") || mw_str_eq(base, "sysctl") || mw_str_eq(base, "pmap") ||
	    mw_str_eq(base, "numastat") || mw_str_eq(base, "numactl") || mw_str_eq(base, "slabtop") || mw_str_eq(base, "mpstat") ||
	    mw_str_eq(base, "uptime") || mw_str_eq(base, "df"))
		return MW_SECTION_SKIP;
	if (scc_type.len)
		return MW_SECTION_SKIP;		/* a supportconfig entry that is none of ours */
	return MW_SECTION_UNKNOWN;
}

/* ---- timestamps in file names ---- */

static bool digits_at(const char *p, size_t len, size_t at, size_t n)
{
	if (at + n > len)
		return false;
	for (size_t k = 0; k < n; k++)
		if (!isd(p[at + k]))
			return false;
	return true;
}

static int num_at(const char *p, size_t at, size_t n)
{
	int v = 0;
	for (size_t k = 0; k < n; k++)
		v = v * 10 + (p[at + k] - '0');
	return v;
}

static bool civil_ok(int y, int mo, int d, int h, int mi, int s)
{
	return y >= 1990 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60;
}

static bool is_sep(char c)
{
	return c == '-' || c == '_' || c == 'T' || c == ':' || c == '.' || c == ' ';
}

/* Tries the forms at offset `at` (a digit run starts there); *ret_end is set past the timestamp. */
static bool name_time_at(const char *p, size_t len, size_t at, int64_t *ret_t, size_t *ret_end)
{
	size_t run = 0;
	int y, mo, d, h, mi, s = 0;
	while (at + run < len && isd(p[at + run]))
		run++;
	/* 2026-11-21T23:41[:57] */
	if (run == 4 && digits_at(p, len, at + 5, 2) && digits_at(p, len, at + 8, 2) && p[at + 4] == '-' &&
	    p[at + 7] == '-' && at + 10 < len && is_sep(p[at + 10]) && digits_at(p, len, at + 11, 2) &&
	    at + 13 < len && is_sep(p[at + 13]) && digits_at(p, len, at + 14, 2)) {
		size_t e = at + 16;
		y = num_at(p, at, 4), mo = num_at(p, at + 5, 2), d = num_at(p, at + 8, 2);
		h = num_at(p, at + 11, 2), mi = num_at(p, at + 14, 2);
		if (e < len && is_sep(p[e]) && digits_at(p, len, e + 1, 2) && !digits_at(p, len, e + 3, 1)) {
			s = num_at(p, e + 1, 2);
			e += 3;
		}
		if (!civil_ok(y, mo, d, h, mi, s))
			return false;
		*ret_t = mw_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s;
		*ret_end = e;
		return true;
	}
	/* 20261121-2341[57] */
	if (run == 8 && at + 8 < len && (p[at + 8] == '-' || p[at + 8] == '_' || p[at + 8] == 'T')) {
		size_t r2 = 0, b = at + 9;
		while (b + r2 < len && isd(p[b + r2]))
			r2++;
		if (r2 == 4 || r2 == 6) {
			y = num_at(p, at, 4), mo = num_at(p, at + 4, 2), d = num_at(p, at + 6, 2);
			h = num_at(p, b, 2), mi = num_at(p, b + 2, 2);
			if (r2 == 6)
				s = num_at(p, b + 4, 2);
			if (!civil_ok(y, mo, d, h, mi, s))
				return false;
			*ret_t = mw_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s;
			*ret_end = b + r2;
			return true;
		}
	}
	/* supportconfig scc_host_261121_2341 */
	if (run == 6 && at + 6 < len && p[at + 6] == '_' && digits_at(p, len, at + 7, 4) && !digits_at(p, len, at + 11, 1)) {
		y = 2000 + num_at(p, at, 2), mo = num_at(p, at + 2, 2), d = num_at(p, at + 4, 2);
		h = num_at(p, at + 7, 2), mi = num_at(p, at + 9, 2);
		if (!civil_ok(y, mo, d, h, mi, 0))
			return false;
		*ret_t = mw_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60;
		*ret_end = at + 11;
		return true;
	}
	/* 1700000000 */
	if (run == 10) {
		uint64_t v = 0;
		mw_scan_u64(p + at, p + at + 10, &v);
		if (v >= UINT64_C(946684800) && v < UINT64_C(4102444800)) {
			*ret_t = (int64_t)v;
			*ret_end = at + 10;
			return true;
		}
	}
	return false;
}

bool mw_capture_name_time(const char *name, size_t len, int64_t *ret_t, size_t *ret_at, size_t *ret_end)
{
	for (size_t i = 0; i < len; i++) {
		size_t end;
		if (!isd(name[i]) || (i > 0 && isd(name[i - 1])))
			continue;
		if (name_time_at(name, len, i, ret_t, &end)) {
			if (ret_at)
				*ret_at = i;
			if (ret_end)
				*ret_end = end;
			return true;
		}
	}
	return false;
}
