/* SPDX-License-Identifier: MIT */
/* format.c: numbers in their units for humans (binary sizes, counts, percentages, times). */
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "memwaste/doc.h"
#include "memwaste/banned.h"

/*
 * snprintf() follows LC_NUMERIC; if the program ever calls setlocale(),
 * "1,50 GiB" would appear in reports and break the goldens. Put the C
 * decimal point back (cJSON does the same).
 */
static void c_decimal_point(char *s)
{
	const char *dp = localeconv()->decimal_point;
	size_t dl;
	char *p;
	if (!dp || !*dp || !strcmp(dp, "."))
		return;
	dl = strlen(dp);
	p = strstr(s, dp);
	if (!p)
		return;
	*p = '.';
	memmove(p + 1, p + dl, strlen(p + dl) + 1);
}

/* A double with `dec` decimals into tmp (C decimal point). */
static void fixed(char *tmp, size_t sz, double v, int dec)
{
	snprintf(tmp, sz, "%.*f", dec, v);
	c_decimal_point(tmp);
}

/* "1,234,567" for a magnitude, with a leading '-' when neg. */
static void group_u64(char *out, size_t sz, uint64_t mag, bool neg)
{
	char digits[32], tmp[48];
	size_t n, i, j = 0;
	n = (size_t)snprintf(digits, sizeof(digits), "%" PRIu64, mag);
	if (neg)
		tmp[j++] = '-';
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			tmp[j++] = ',';
		tmp[j++] = digits[i];
	}
	tmp[j] = '\0';
	snprintf(out, sz, "%s", tmp);
}

static void group_i64(char *out, size_t sz, int64_t v)
{
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;	/* INT64_MIN safe */
	group_u64(out, sz, mag, v < 0);
}

/* A double as a count: grouped integer part, up to 2 decimals without trailing zeros. */
static void group_double(char *out, size_t sz, double d, int max_dec)
{
	double a = fabs(d), scale = max_dec == 2 ? 100.0 : max_dec == 1 ? 10.0 : 1.0;
	uint64_t r, ip, frac;
	char head[48];

	if (a * scale >= 1.8e19) {
		snprintf(out, sz, "%.3g", d);
		c_decimal_point(out);
		return;
	}
	r = (uint64_t)llround(a * scale);
	ip = r / (uint64_t)scale;
	frac = r % (uint64_t)scale;
	group_u64(head, sizeof(head), ip, d < 0 && r != 0);
	if (!frac) {
		snprintf(out, sz, "%s", head);
	} else if (max_dec == 2) {
		if (frac % 10 == 0)
			snprintf(out, sz, "%s.%" PRIu64, head, frac / 10);
		else
			snprintf(out, sz, "%s.%02" PRIu64, head, frac);
	} else {
		snprintf(out, sz, "%s.%" PRIu64, head, frac);
	}
}

void mw_format_bytes(char *out, size_t outsz, double bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	const char *sign = bytes < 0 ? "-" : "";
	double v = fabs(bytes);
	char num[64];
	size_t u = 0;
	int dec;

	if (!outsz)
		return;
	if (!isfinite(bytes)) {
		snprintf(out, outsz, "n/a");
		return;
	}
	if (v < 1024) {
		if (v == floor(v))
			snprintf(out, outsz, "%s%.0f B", sign, v);
		else {
			fixed(num, sizeof(num), v, v >= 99.95 ? 0 : v >= 9.995 ? 1 : 2);
			snprintf(out, outsz, "%s%s B", sign, num);
		}
		return;
	}
	while (v >= 1024 && u + 1 < MW_ARRAY_SIZE(units)) {
		v /= 1024;
		u++;
	}
	/* 3 significant digits, decided on the rounded value (9.996 is "10.0", not "10.00") */
	dec = v >= 99.95 ? 0 : v >= 9.995 ? 1 : 2;
	if (dec == 0 && v >= 1023.5 && u + 1 < MW_ARRAY_SIZE(units)) {
		v /= 1024;	/* "1024 KiB" reads better as "1.00 MiB" */
		u++;
		dec = 2;
	}
	fixed(num, sizeof(num), v, dec);
	snprintf(out, outsz, "%s%s %s", sign, num, units[u]);
}

/* A plain double: up to 6 decimals without trailing zeros, exponent form only for extremes. */
static void plain_double(char *out, size_t sz, double d)
{
	double a = fabs(d);
	char tmp[64];
	size_t n;
	if (a != 0 && (a >= 1e15 || a < 1e-4)) {
		snprintf(out, sz, "%.6g", d);
		c_decimal_point(out);
		return;
	}
	fixed(tmp, sizeof(tmp), d, 6);
	n = strlen(tmp);
	while (n > 0 && tmp[n - 1] == '0')
		tmp[--n] = '\0';
	if (n > 0 && tmp[n - 1] == '.')
		tmp[--n] = '\0';
	if (!strcmp(tmp, "-0"))
		snprintf(tmp, sizeof(tmp), "0");
	snprintf(out, sz, "%s", tmp);
}

static void format_seconds(char *out, size_t sz, double d)
{
	const char *sign = d < 0 ? "-" : "";
	double a = fabs(d);
	char num[64];

	if (a < 59.5) {
		if (a == floor(a))
			snprintf(out, sz, "%s%.0f s", sign, a);
		else {
			snprintf(num, sizeof(num), "%.3g", a);
			c_decimal_point(num);
			snprintf(out, sz, "%s%s s", sign, num);
		}
	} else if (a < 3599.5) {
		long long t = llround(a);
		snprintf(out, sz, "%s%lldm %02llds", sign, t / 60, t % 60);
	} else if (a < 86370) {
		long long t = llround(a / 60);
		snprintf(out, sz, "%s%lldh %02lldm", sign, t / 60, t % 60);
	} else if (a < 9e15) {
		long long t = llround(a / 3600);
		snprintf(out, sz, "%s%lldd %02lldh", sign, t / 24, t % 24);
	} else {
		snprintf(out, sz, "%s%.3g s", sign, a);
		c_decimal_point(out);
	}
}

static void format_time(char *out, size_t sz, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	if ((int64_t)tt != t || !gmtime_r(&tt, &tm) || !strftime(out, sz, "%Y-%m-%d %H:%M:%SZ", &tm))
		snprintf(out, sz, "%" PRId64, t);
}

void mw_format_value(char *out, size_t outsz, const struct mw_value *v, enum mw_unit unit)
{
	char num[64];
	bool isint;
	double d;
	int64_t i;

	if (!outsz)
		return;
	if (!v || v->type == MW_VAL_NONE || (v->type == MW_VAL_DOUBLE && !isfinite(v->d))) {
		snprintf(out, outsz, "unknown");
		return;
	}
	if (v->type == MW_VAL_STR) {
		snprintf(out, outsz, "%s", v->s ? v->s : "");
		return;
	}
	if (v->type == MW_VAL_BOOL) {
		snprintf(out, outsz, "%s", v->i ? "yes" : "no");
		return;
	}
	if (v->type == MW_VAL_ARRAY) {
		/* the elements in the unit, blank-separated; "-" for unknown ones */
		size_t o = 0;
		out[0] = '\0';
		for (size_t k = 0; k < v->n_arr && o + 1 < outsz; k++) {
			struct mw_value e = { .type = v->arr_int ? MW_VAL_INT : MW_VAL_DOUBLE };
			char one[64];
			if (v->arr_int)
				e.i = isfinite(v->arr[k]) ? (int64_t)v->arr[k] : 0;
			e.d = v->arr[k];
			if (isfinite(v->arr[k]))
				mw_format_value(one, sizeof(one), &e, unit);
			else
				snprintf(one, sizeof(one), "-");
			o += (size_t)snprintf(out + o, outsz - o, "%s%s", k ? " " : "", one);
		}
		return;
	}
	isint = v->type == MW_VAL_INT;
	i = v->i;
	d = isint ? (double)v->i : v->d;

	switch (unit) {
	case MW_UNIT_BYTES:
		mw_format_bytes(out, outsz, d);
		break;
	case MW_UNIT_KB:
		mw_format_bytes(out, outsz, d * 1024.0);
		break;
	case MW_UNIT_PAGES:
	case MW_UNIT_HUGEPAGES:
		if (isint)
			group_i64(num, sizeof(num), i);
		else
			group_double(num, sizeof(num), d, 2);
		snprintf(out, outsz, "%s %s%s", num, unit == MW_UNIT_HUGEPAGES ? "huge page" : "page",
			 fabs(d) == 1.0 ? "" : "s");
		break;
	case MW_UNIT_COUNT:
		if (isint)
			group_i64(out, outsz, i);
		else
			group_double(out, outsz, d, 2);
		break;
	case MW_UNIT_PCT:
		if (fabs(d) < 99.995)
			fixed(num, sizeof(num), d, 2);
		else if (fabs(d) < 999.95)
			fixed(num, sizeof(num), d, 1);
		else
			group_double(num, sizeof(num), d, 0);
		snprintf(out, outsz, "%s%%", num);
		break;
	case MW_UNIT_RATIO:
		fixed(num, sizeof(num), d, 3);
		snprintf(out, outsz, "%s", num);
		break;
	case MW_UNIT_SECONDS:
		format_seconds(out, outsz, d);
		break;
	case MW_UNIT_PFN:
		if (isint && i >= 0)
			snprintf(out, outsz, "0x%" PRIx64, (uint64_t)i);
		else
			plain_double(out, outsz, d);
		break;
	case MW_UNIT_TIME:
		if (!isint && fabs(d) >= 9.2e18)
			plain_double(out, outsz, d);
		else
			format_time(out, outsz, isint ? i : (int64_t)floor(d));
		break;
	case MW_UNIT_NONE:
	default:
		if (isint)
			snprintf(out, outsz, "%" PRId64, i);
		else
			plain_double(out, outsz, d);
		break;
	}
}
