/* SPDX-License-Identifier: MIT */
/*
 * zoneinfo.c: /proc/zoneinfo (mm/vmstat.c zoneinfo_show_print(); before
 * 2.6.18 in mm/page_alloc.c), one block per zone, every number in pages.
 * Three layouts (kernel-formats.md 6.1):
 *
 * 2.6.13 .. 2.6.17: watermarks with active/inactive/scanned, per-CPU hot
 * and cold pagesets, NUMA counters inside each pageset:
 *
 *   Node 1, zone   Normal
 *     pages free     1809
 *           min      1423
 *           active   251683
 *           scanned  66 (a: 0 i: 0)
 *           protection: (0, 0, 0, 0)
 *     pagesets
 *       cpu: 0 pcp: 0
 *                 count: 66
 *               numa_hit:       2155
 *     start_pfn:         1048576
 *
 * 2.6.18 .. 4.7: the zone's vm counters ("    nr_free_pages 38277") follow
 * the watermarks, protection comes after them, pagesets are "cpu: N";
 * "managed" appears in 3.x, "inactive_ratio:" closes the block until 4.7.
 *
 * 4.8 .. 6.x: node-based LRU: the first populated zone of each node opens
 * with a "per-node stats" block; the watermark block gains boost, promo
 * and cma; pagesets gain high_min/high_max; unpopulated zones are printed
 * (header, watermarks and protection only):
 *
 *   Node 0, zone      DMA
 *     per-node stats
 *         nr_inactive_anon 34729
 *     pages free     3840
 *           boost    0
 *           min      57
 *           ...
 *           protection: (0, 3019, 4427, 4427, 4427)
 *         nr_free_pages 3840
 *     pagesets
 *       cpu: 0
 *                 count:    0
 *     vm stats threshold: 4
 *     node_unreclaimable:  0
 *     start_pfn:           1
 *
 * Every line is read by its name, not its position: an explicit state
 * (per-node stats, watermarks, counters, pagesets, tail) only tells which
 * names mean what ("high" is a watermark, "high:" a pageset field). A zone
 * is emitted when its block ends (MW_REC_ZONE, then its counters as
 * MW_REC_ZONE_KV, the per-node ones flagged), since protection may come
 * after the counters. Derived counters: pcp_count (free pages held on the
 * per-CPU lists: not in MemFree nor in buddyinfo) and pcp_high, summed
 * over the CPUs; the 2.6.13 per-CPU NUMA counters are summed too.
 */
#include <stdio.h>
#include <string.h>
#include "procfs.h"
#include "memwaste/buf.h"
#include "memwaste/banned.h"

enum zstate {
	Z_HEAD,		/* after "Node N, zone X" */
	Z_PERNODE,	/* inside "per-node stats" */
	Z_WATER,	/* the watermark block */
	Z_COUNTERS,	/* zone counters (and NUMA events) */
	Z_PAGESETS,	/* per-CPU pagesets */
};

struct zkv {
	size_t off, len;	/* name in `names` */
	int64_t value;
	bool per_node;
};

#define MAX_ZKV 4096

struct zoneinfo_state {
	bool open;		/* a zone block is being read */
	enum zstate st;
	uint64_t zone_line;
	struct mw_record zone;	/* the zone being read; zone.u.zone.zone points at zone_name */
	char zone_name[32];
	struct mw_buf names;
	struct zkv *kv;
	size_t n_kv, alloc_kv;
	bool kv_full;
	int64_t pcp_count, pcp_high;
	bool have_pcp;
	unsigned lines_in_zone;
	/* the section */
	unsigned zones;
	int64_t first_node;
	char first_zone[32];
	bool saw_pernode, saw_old, noted_bare;
};

/*
 * Keeps a counter of the zone. `sum`: add to a counter of the same name
 * (the 2.6.13 NUMA counters repeat per CPU); otherwise the last value wins.
 */
static void kv_put(struct zoneinfo_state *s, struct mw_pctx *ctx, uint64_t line, const char *name, size_t len,
		   int64_t v, bool per_node, bool sum)
{
	for (size_t i = 0; i < s->n_kv; i++) {
		if (s->kv[i].len == len && s->kv[i].per_node == per_node && memcmp(s->names.buf + s->kv[i].off, name, len) == 0) {
			s->kv[i].value = sum ? s->kv[i].value + v : v;
			return;
		}
	}
	if (s->n_kv == MAX_ZKV) {
		if (!s->kv_full)
			mw_pwarn(ctx, line, "more than %d counters in one zone; the others are not kept", MAX_ZKV);
		s->kv_full = true;
		return;
	}
	MW_GROW(s->kv, s->alloc_kv, s->n_kv + 1);
	s->kv[s->n_kv].off = s->names.len;
	s->kv[s->n_kv].len = len;
	s->kv[s->n_kv].value = v;
	s->kv[s->n_kv].per_node = per_node;
	s->n_kv++;
	mw_buf_add(&s->names, name, len);
}

static bool is_populated(const struct mw_rec_zone *z)
{
	if (z->present != MW_UNKNOWN)
		return z->present > 0;
	if (z->managed != MW_UNKNOWN)
		return z->managed > 0;
	if (z->spanned != MW_UNKNOWN)
		return z->spanned > 0;
	return z->free != MW_UNKNOWN && z->free > 0;
}

/* Emits the zone being read and its counters; warns about missing watermark lines. */
static int end_zone(struct zoneinfo_state *s, struct mw_pctx *ctx)
{
	struct mw_rec_zone *z = &s->zone.u.zone;
	static const char *const names[] = { "pages free", "min", "low", "high" };
	const int64_t *vals[] = { &z->free, &z->min, &z->low, &z->high };
	char missing[64];
	size_t o = 0;
	int rc;

	if (!s->open)
		return 0;
	s->open = false;
	z->populated = is_populated(z);
	missing[0] = '\0';
	for (size_t i = 0; i < MW_ARRAY_SIZE(names); i++)
		if (*vals[i] == MW_UNKNOWN)
			o += (size_t)snprintf(missing + o, sizeof(missing) - o, "%s'%s'", o ? ", " : "", names[i]);
	if (!s->lines_in_zone)
		mw_pwarn(ctx, s->zone_line, "zone %s of node %lld has an empty block", s->zone_name,
			 (long long)z->node);
	else if (o)
		mw_pwarn(ctx, s->zone_line, "zone %s of node %lld: its watermark block is incomplete (no %s)",
			 s->zone_name, (long long)z->node, missing);
	if ((rc = mw_emit(ctx, &s->zone)) < 0)
		return rc;
	if (s->have_pcp) {
		kv_put(s, ctx, s->zone_line, "pcp_count", 9, s->pcp_count, false, false);
		kv_put(s, ctx, s->zone_line, "pcp_high", 8, s->pcp_high, false, false);
	}
	for (size_t i = 0; i < s->n_kv; i++) {
		struct mw_record r;
		mw_record_init(&r, MW_REC_ZONE_KV, s->zone_line);
		r.u.zone_kv.key = mw_str_make(s->names.buf + s->kv[i].off, s->kv[i].len);
		r.u.zone_kv.value = s->kv[i].value;
		r.u.zone_kv.per_node = s->kv[i].per_node;
		if ((rc = mw_emit(ctx, &r)) < 0)
			return rc;
	}
	return 0;
}

static void begin_zone(struct zoneinfo_state *s, uint64_t line, int64_t node, struct mw_str zone)
{
	size_t n = MW_MIN(zone.len, sizeof(s->zone_name) - 1);
	mw_record_init(&s->zone, MW_REC_ZONE, line);
	memcpy(s->zone_name, zone.ptr, n);
	s->zone_name[n] = '\0';
	s->zone.u.zone.node = node;
	s->zone.u.zone.zone = mw_str_make(s->zone_name, n);
	s->open = true;
	s->st = Z_HEAD;
	s->zone_line = line;
	s->n_kv = 0;
	s->kv_full = false;
	mw_buf_reset(&s->names);
	s->pcp_count = s->pcp_high = 0;
	s->have_pcp = false;
	s->lines_in_zone = 0;
	if (!s->zones) {
		s->first_node = node;
		memcpy(s->first_zone, s->zone_name, n + 1);
	}
	s->zones++;
}

/* "Node N, zone NAME" and nothing else. */
static bool zone_header(const char *p, const char *end, int64_t *node, struct mw_str *zone)
{
	p = mw_proc_node_zone(p, end, node, zone);
	return p && mw_proc_blank(p, end);
}

static int zoneinfo_probe(const struct mw_line *line, const char *hint)
{
	int64_t node;
	struct mw_str zone;
	(void)hint;
	return zone_header(line->ptr, line->ptr + line->len, &node, &zone) ? 95 : 0;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* "(a, b, c)" of "protection:" */
static bool read_protection(struct mw_rec_zone *z, const char *p, const char *end)
{
	p = mw_skip_ws(p, end);
	if (p >= end || *p != '(')
		return false;
	p++;
	z->n_protection = 0;
	for (;;) {
		int64_t v;
		p = mw_skip_ws(p, end);
		if (p < end && *p == ')')
			return true;
		if (!(p = mw_scan_i64(p, end, &v)) || v > MW_PROC_MAX_PAGES || v < -MW_PROC_MAX_PAGES)
			return false;
		if (z->n_protection < MW_MAX_ZONES)
			z->protection[z->n_protection++] = v;
		p = mw_skip_ws(p, end);
		if (p < end && *p == ',')
			p++;
	}
}

/* Watermark-block names (no colon) and where they go. */
static int64_t *watermark_field(struct mw_rec_zone *z, struct mw_str n)
{
	if (mw_str_eq(n, "min")) return &z->min;
	if (mw_str_eq(n, "low")) return &z->low;
	if (mw_str_eq(n, "high")) return &z->high;
	if (mw_str_eq(n, "boost")) return &z->boost;
	if (mw_str_eq(n, "promo")) return &z->promo;
	if (mw_str_eq(n, "spanned")) return &z->spanned;
	if (mw_str_eq(n, "present")) return &z->present;
	if (mw_str_eq(n, "managed")) return &z->managed;
	if (mw_str_eq(n, "cma")) return &z->cma;
	return NULL;
}

static bool is_pcp_field(struct mw_str n)
{
	return mw_str_eq(n, "count") || mw_str_eq(n, "low") || mw_str_eq(n, "high") || mw_str_eq(n, "batch") ||
	       mw_str_eq(n, "high_min") || mw_str_eq(n, "high_max");
}

/*
 * One indented line of a zone block. Shapes: "name value" (watermarks,
 * counters), "name: value" (pageset fields, tail lines), "pages free N",
 * "protection: (...)", "per-node stats", "pagesets", "cpu: N [pcp: M]",
 * "vm stats threshold: N", "scanned N (a: x i: y)".
 */
static int zone_line(struct zoneinfo_state *s, struct mw_pctx *ctx, const struct mw_line *line, const char *p,
		     const char *end)
{
	struct mw_rec_zone *z = &s->zone.u.zone;
	struct mw_proc_quote q;
	struct mw_str name;
	const char *v, *after;
	bool colon;
	int64_t n;

	s->lines_in_zone++;
	if (mw_starts_with(p, end, "per-node stats")) {
		s->st = Z_PERNODE;
		s->saw_pernode = true;
		return MW_FEED_TAKEN;
	}
	if (mw_starts_with(p, end, "pages free")) {
		if (!mw_scan_i64(mw_skip_ws(p + 10, end), end, &n))
			goto bad_value;
		if (n < 0 || n > MW_PROC_MAX_PAGES)
			goto bad_range;
		z->free = n;
		s->st = Z_WATER;
		return MW_FEED_TAKEN;
	}
	if (mw_starts_with(p, end, "pagesets")) {
		s->st = Z_PAGESETS;
		return MW_FEED_TAKEN;
	}
	if (mw_starts_with(p, end, "protection:")) {
		if (!read_protection(z, p + 11, end))
			mw_pwarn(ctx, line->lineno, "cannot read the protection list ('%s')",
				 mw_proc_quote(&q, p, (size_t)(end - p)));
		if (s->st == Z_WATER)
			s->st = Z_COUNTERS;
		return MW_FEED_TAKEN;
	}
	if (mw_starts_with(p, end, "vm stats threshold:")) {
		if (mw_scan_i64(mw_skip_ws(p + 19, end), end, &n))
			kv_put(s, ctx, line->lineno, "vm_stats_threshold", 18, n, false, false);	/* per CPU, alike */
		return MW_FEED_TAKEN;
	}
	if (mw_starts_with(p, end, "cpu:")) {
		s->st = Z_PAGESETS;
		if (mw_find(p, end, "pcp:"))
			s->saw_old = true;
		return MW_FEED_TAKEN;
	}
	if (*p >= '0' && *p <= '9') {
		/* a value without its name: some 4.18 kernels print one in the per-node block */
		if (!s->noted_bare)
			mw_pnote(ctx, line->lineno, "a value without a name ('%s') skipped (a known quirk of some 4.18 kernels)",
				 mw_proc_quote(&q, p, (size_t)(end - p)));
		s->noted_bare = true;
		return MW_FEED_TAKEN;
	}
	v = p;
	while (v < end && name_char(*v))
		v++;
	if (v == p)
		goto bad_line;
	name = mw_str_make(p, (size_t)(v - p));
	colon = v < end && *v == ':';
	if (colon)
		v++;
	v = mw_skip_ws(v, end);
	if (!(after = mw_scan_i64(v, end, &n)))
		goto bad_value;
	if (n > MW_PROC_MAX_PAGES || n < -MW_PROC_MAX_PAGES)
		goto bad_range;
	after = mw_skip_ws(after, end);

	if (colon) {
		if (s->st == Z_PAGESETS && is_pcp_field(name)) {
			s->have_pcp = true;
			if (mw_str_eq(name, "count"))
				s->pcp_count += n;
			else if (mw_str_eq(name, "high"))
				s->pcp_high += n;
			return MW_FEED_TAKEN;
		}
		if (mw_str_eq(name, "start_pfn"))
			z->start_pfn = n;
		else
			kv_put(s, ctx, line->lineno, name.ptr, name.len, n, false, s->st == Z_PAGESETS);	/* 2.6.13 per-CPU NUMA: summed */
		return MW_FEED_TAKEN;
	}
	if (s->st == Z_WATER || s->st == Z_HEAD) {
		int64_t *f = watermark_field(z, name);
		if (f) {
			*f = n;
			return MW_FEED_TAKEN;
		}
		if (mw_str_eq(name, "active") || mw_str_eq(name, "inactive") || mw_str_eq(name, "scanned")) {
			/* 2.6.13-era LRU sizes and the scan count ("scanned  66 (a: 0 i: 0)") */
			if (!mw_str_eq(name, "scanned"))
				s->saw_old = true;
			kv_put(s, ctx, line->lineno, name.ptr, name.len, n, false, false);
			return MW_FEED_TAKEN;
		}
		s->st = Z_COUNTERS;
	}
	if (after < end && *after != '(')
		mw_pwarn(ctx, line->lineno, "text after the value of '%.*s' ignored ('%s')", (int)name.len,
			 name.ptr, mw_proc_quote(&q, after, (size_t)(end - after)));
	kv_put(s, ctx, line->lineno, name.ptr, name.len, n, s->st == Z_PERNODE, false);
	return MW_FEED_TAKEN;

bad_value:
	mw_pwarn(ctx, line->lineno, "no number in '%s', line skipped", mw_proc_quote(&q, p, (size_t)(end - p)));
	return MW_FEED_TAKEN;
bad_range:
	mw_pwarn(ctx, line->lineno, "value out of any plausible range in '%s', line skipped",
		 mw_proc_quote(&q, p, (size_t)(end - p)));
	return MW_FEED_TAKEN;
bad_line:
	mw_pwarn(ctx, line->lineno, "'%s' is not a zoneinfo line, skipped", mw_proc_quote(&q, p, (size_t)(end - p)));
	return MW_FEED_TAKEN;
}

static int zoneinfo_feed(void *state, struct mw_pctx *ctx, const struct mw_line *line)
{
	struct zoneinfo_state *s = state;
	const char *p = line->ptr, *end = p + line->len;
	int64_t node;
	struct mw_str zone;
	int rc;

	if (mw_proc_blank(line->ptr, line->ptr + line->len))
		return MW_FEED_TAKEN;	/* a blank line ends nothing: the next line says what comes */
	if (p < end && (*p == ' ' || *p == '\t')) {
		p = mw_skip_ws(p, end);
		if (p == end || !s->open)
			return MW_FEED_REJECT;
		return zone_line(s, ctx, line, p, end);
	}
	if (!zone_header(p, end, &node, &zone))
		return MW_FEED_REJECT;
	if (s->zones && node == s->first_node && zone.len == strlen(s->first_zone) &&
	    memcmp(zone.ptr, s->first_zone, zone.len) == 0)
		return MW_FEED_REJECT;	/* the first zone again: the next capture */
	if ((rc = end_zone(s, ctx)) < 0)
		return rc;
	begin_zone(s, line->lineno, node, zone);
	return MW_FEED_TAKEN;
}

static int zoneinfo_begin(void *state, struct mw_pctx *ctx)
{
	struct zoneinfo_state *s = state;
	(void)ctx;
	mw_buf_init(&s->names);
	return 0;
}

static int zoneinfo_finish(void *state, struct mw_pctx *ctx)
{
	struct zoneinfo_state *s = state;
	int rc = end_zone(s, ctx);
	if (rc >= 0 && s->zones)
		rc = mw_proc_fact(ctx, 0, "zoneinfo_layout", MW_UNKNOWN,
				  s->saw_pernode ? "4.8+" : s->saw_old ? "2.6.13-2.6.17" : "2.6.18-4.7");
	mw_buf_release(&s->names);
	free(s->kv);
	s->kv = NULL;
	s->n_kv = s->alloc_kv = 0;
	return rc;
}

const struct mw_parser mw_parser_zoneinfo = {
	.name = "zoneinfo",
	.summary = "/proc/zoneinfo (2.6.13, 2.6.18 and 4.8+ layouts)",
	.flags = MW_PARSER_SNAPSHOT,
	.snapshot_kind = MW_SK_ZONEINFO,
	.state_size = sizeof(struct zoneinfo_state),
	.probe = zoneinfo_probe,
	.begin = zoneinfo_begin,
	.feed = zoneinfo_feed,
	.finish = zoneinfo_finish,
};
