/* SPDX-License-Identifier: MIT */
/*
 * capture.c: the markers of logging-loop output, the loop of "Can you
 * handle the pressure?" section 7.2:
 *
 *   while true; do date; cat /proc/meminfo; cat /proc/slabinfo;
 *     ps ef -o user,pid,rss,command; echo ------------------------; sleep 10; done
 *
 * A date(1) line opens a snapshot, a dashed line closes it. The /proc
 * sections between them are recognised by content (demux.c). This file
 * only reads the markers.
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

/* Zone token: name from the table, "+0100", "+01:00", "-03"; returns offset minutes or false. */
static bool zone_offset(const char *p, size_t n, int *ret)
{
	if (n >= 3 && (p[0] == '+' || p[0] == '-') && isd(p[1]) && isd(p[2])) {
		int sign = p[0] == '-' ? -1 : 1, hh = (p[1] - '0') * 10 + (p[2] - '0'), mm = 0;
		const char *q = p + 3;
		if ((size_t)(q - p) < n && *q == ':')
			q++;
		if ((size_t)(q - p) + 2 <= n && isd(q[0]) && isd(q[1]))
			mm = (q[0] - '0') * 10 + (q[1] - '0');
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
			uint64_t v;
			double frac = 0, sc = 0.1;
			mw_scan_u64(p, p + 10, &v);
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

enum mw_marker mw_capture_marker(const char *p, size_t len, struct mw_date *ret)
{
	size_t i = 0, dashes = 0;
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i < len && (p[i] == '-' || p[i] == '=')) {
		char c = p[i];
		for (; i < len && p[i] == c; i++)
			dashes++;
		if (i == len && dashes >= 4)
			return MW_MARK_SEPARATOR;
		return MW_MARK_NONE;
	}
	if (len - i < 10 || len - i > 64)
		return MW_MARK_NONE;
	return mw_parse_date(p + i, len - i, ret) ? MW_MARK_DATE : MW_MARK_NONE;
}
