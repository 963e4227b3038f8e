/* SPDX-License-Identifier: MIT */
/*
 * pagetypeinfo.c: /proc/pagetypeinfo (2.6.24+, mm/vmstat.c:
 * pagetypeinfo_show()): the free blocks of each order split by migrate
 * type, then how many pageblocks each zone has of each type:
 *
 *   Page block order: 9
 *   Pages per block:  512
 *
 *   Free pages count per migrate type at order       0      1      2 ...
 *   Node    0, zone      DMA, type    Unmovable      0      0      0 ...
 *   Node    0, zone   Normal, type      Movable   1194   2927   1976 ...
 *
 *   Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate
 *   Node 0, zone      DMA            1            7            0            0            0
 *
 * Free counts are capped at 100000 and then printed ">100000" (the capped
 * bit of the record says so). The migrate types and their order changed
 * in 4.4 (Unmovable, Reclaimable, Movable, Reserve before; Unmovable,
 * Movable, Reclaimable, HighAtomic since; CMA and Isolate when
 * configured), so the block table is read through the column map built
 * from its header line, and free rows by the type named on each row. The
 * order columns come from the "at order 0 1 2 ..." header. A "Number of
 * mixed blocks" table (CONFIG_PAGE_OWNER) is read like the block table.
 */
#include <string.h>
#include "procfs.h"
#include "memwaste/banned.h"

#define MAX_TYPES 12

enum pstate {
	P_TOP,		/* before the free table: page block lines, blank lines */
	P_FREE,		/* free rows */
	P_BLOCKS,	/* block (or mixed) rows */
	P_AFTER_BLOCKS,	/* a blank line after a block table: a mixed table may follow */
};

struct pagetype_state {
	enum pstate st;
	int64_t pageblock_order;
	unsigned n_orders;		/* from the free table's header, 0 if not seen */
	const char *section;		/* "blocks" or "mixed" */
	unsigned n_types;
	char types[MAX_TYPES][24];	/* block table column names */
	unsigned rows;
	bool any;
};

static const char free_header[] = "Free pages count per migrate type at order";
static const char blocks_header[] = "Number of blocks type";
static const char mixed_header[] = "Number of mixed blocks";

static int pagetypeinfo_probe(const struct mw_line *line, const char *hint)
{
	const char *p = line->ptr, *end = p + line->len;
	int64_t node;
	struct mw_str zone;
	(void)hint;
	if (mw_starts_with(p, end, "Page block order:"))
		return 100;
	if (mw_starts_with(p, end, free_header))
		return 95;
	if (mw_starts_with(p, end, blocks_header))
		return 90;
	if ((p = mw_proc_node_zone(p, end, &node, &zone)) && p < end && *p == ',' &&
	    mw_starts_with(mw_skip_ws(p + 1, end), end, "type"))
		return 90;
	return 0;
}

/* "Free pages count per migrate type at order 0 1 2 ...": the orders. */
static int read_free_header(struct pagetype_state *s, struct mw_pctx *ctx, const struct mw_line *line)
{
	const char *p = line->ptr + MW_STRLEN(free_header), *end = line->ptr + line->len;
	unsigned n = 0;
	for (;;) {
		uint64_t v;
		p = mw_skip_ws(p, end);
		if (p == end)
			break;
		if (!(p = mw_scan_u64(p, end, &v)) || v != n) {
			mw_pwarn(ctx, line->lineno, "the order header does not count 0, 1, 2...; orders read from the rows");
			n = 0;
			break;
		}
		n++;
	}
	s->n_orders = MW_MIN(n, (unsigned)MW_MAX_ORDERS);
	return MW_FEED_TAKEN;
}

/* "Number of blocks type  Unmovable  Movable ...": the column map. */
static int read_blocks_header(struct pagetype_state *s, struct mw_pctx *ctx, const struct mw_line *line, size_t skip,
			      const char *section)
{
	const char *p = line->ptr + skip, *end = line->ptr + line->len;
	s->n_types = 0;
	s->section = section;
	for (;;) {
		size_t n;
		const char *t = mw_next_token(p, end, &n, &p);
		if (!n)
			break;
		if (s->n_types == MAX_TYPES) {
			mw_pwarn(ctx, line->lineno, "more than %d migrate types; the others are not kept", MAX_TYPES);
			break;
		}
		n = MW_MIN(n, sizeof(s->types[0]) - 1);
		memcpy(s->types[s->n_types], t, n);
		s->types[s->n_types][n] = '\0';
		s->n_types++;
	}
	s->st = P_BLOCKS;
	return MW_FEED_TAKEN;
}

/* A count, possibly ">100000" (capped). Returns the position after it or NULL. */
static const char *read_count(const char *p, const char *end, uint64_t *v, bool *capped)
{
	*capped = p < end && *p == '>';
	if (*capped)
		p++;
	p = mw_scan_u64(p, end, v);
	if (p && ((p < end && *p != ' ' && *p != '\t') || *v > MW_PROC_MAX_BLOCKS))
		return NULL;
	return p;
}

/* "Node    0, zone      DMA, type    Unmovable      0      1 ..." */
static int read_free_row(struct pagetype_state *s, struct mw_pctx *ctx, const struct mw_line *line, const char *p,
			 int64_t node, struct mw_str zone)
{
	const char *end = line->ptr + line->len, *t;
	struct mw_proc_quote q;
	struct mw_record r;
	struct mw_rec_pagetype *pt = &r.u.pagetype;
	size_t n;
	int rc;

	p = mw_skip_ws(p + 1, end);	/* after the comma */
	if (!mw_starts_with(p, end, "type"))
		return MW_FEED_REJECT;
	t = mw_next_token(p + 4, end, &n, &p);
	if (!n) {
		mw_pwarn(ctx, line->lineno, "no migrate type on this row, skipped");
		return MW_FEED_TAKEN;
	}
	mw_record_init(&r, MW_REC_PAGETYPE, line->lineno);
	pt->section = MW_STR("free");
	pt->node = node;
	pt->zone = zone;
	pt->type = mw_str_make(t, n);
	pt->pageblock_order = s->pageblock_order;
	for (;;) {
		uint64_t v;
		bool capped;
		const char *after;
		p = mw_skip_ws(p, end);
		if (p == end)
			break;
		if (!(after = read_count(p, end, &v, &capped))) {
			mw_pwarn(ctx, line->lineno, "'%s' is not a count; row %.*s/%.*s skipped",
				 mw_proc_quote(&q, p, (size_t)(end - p)), (int)zone.len, zone.ptr, (int)n, t);
			return MW_FEED_TAKEN;
		}
		if (pt->n_orders == MW_MAX_ORDERS)
			break;
		if (capped)
			pt->capped |= UINT32_C(1) << pt->n_orders;
		pt->counts[pt->n_orders++] = v;
		p = after;
	}
	if (s->n_orders && pt->n_orders != s->n_orders)
		mw_pwarn(ctx, line->lineno, "%u counts on this row, the header has %u orders (line cut off?)",
			 pt->n_orders, s->n_orders);
	s->rows++;
	rc = mw_emit(ctx, &r);
	return rc < 0 ? rc : MW_FEED_TAKEN;
}

/* "Node 0, zone      DMA            1            7 ..." under the block (or mixed) header. */
static int read_block_row(struct pagetype_state *s, struct mw_pctx *ctx, const struct mw_line *line, const char *p,
			  int64_t node, struct mw_str zone)
{
	const char *end = line->ptr + line->len;
	uint64_t counts[MAX_TYPES];
	unsigned n = 0;

	for (;;) {
		uint64_t v;
		const char *after;
		p = mw_skip_ws(p, end);
		if (p == end)
			break;
		if (!(after = mw_scan_u64(p, end, &v)) || (after < end && *after != ' ' && *after != '\t') ||
		    v > MW_PROC_MAX_BLOCKS)
			return MW_FEED_REJECT;
		if (n == MAX_TYPES)
			return MW_FEED_REJECT;
		counts[n++] = v;
		p = after;
	}
	if (n != s->n_types)	/* not this table (a buddyinfo line after the file) */
		return MW_FEED_REJECT;
	for (unsigned i = 0; i < n; i++) {
		struct mw_record r;
		int rc;
		mw_record_init(&r, MW_REC_PAGETYPE, line->lineno);
		r.u.pagetype.section = mw_str_make(s->section, strlen(s->section));
		r.u.pagetype.node = node;
		r.u.pagetype.zone = zone;
		r.u.pagetype.type = mw_str_make(s->types[i], strlen(s->types[i]));
		r.u.pagetype.n_orders = 1;
		r.u.pagetype.counts[0] = counts[i];
		r.u.pagetype.pageblock_order = s->pageblock_order;
		if ((rc = mw_emit(ctx, &r)) < 0)
			return rc;
	}
	s->rows++;
	return MW_FEED_TAKEN;
}

static int pagetypeinfo_begin(void *state, struct mw_pctx *ctx)
{
	struct pagetype_state *s = state;
	(void)ctx;
	s->pageblock_order = MW_UNKNOWN;
	s->st = P_TOP;
	return 0;
}

static int pagetypeinfo_feed(void *state, struct mw_pctx *ctx, const struct mw_line *line)
{
	struct pagetype_state *s = state;
	const char *p = line->ptr, *end = p + line->len;
	int64_t node;
	struct mw_str zone;
	bool first = !s->any;

	s->any = true;
	if (mw_proc_blank(p, end)) {
		if (s->st == P_TOP)
			return MW_FEED_TAKEN;
		if (s->st == P_FREE || s->st == P_BLOCKS)
			s->st = s->st == P_BLOCKS ? P_AFTER_BLOCKS : P_TOP;
		return MW_FEED_TAKEN;
	}
	if (mw_starts_with(p, end, "Page block order:")) {
		if (!first)
			return MW_FEED_REJECT;	/* the next capture */
		if (!mw_scan_i64(mw_skip_ws(p + 17, end), end, &s->pageblock_order)) {
			mw_pwarn(ctx, line->lineno, "no number after 'Page block order:'");
			s->pageblock_order = MW_UNKNOWN;
		}
		return MW_FEED_TAKEN;
	}
	if (mw_starts_with(p, end, "Pages per block:"))
		return s->st == P_TOP ? MW_FEED_TAKEN : MW_FEED_REJECT;
	if (mw_starts_with(p, end, free_header)) {
		if (s->rows && s->st != P_TOP)
			return MW_FEED_REJECT;
		s->st = P_FREE;
		return read_free_header(s, ctx, line);
	}
	if (mw_starts_with(p, end, blocks_header)) {
		if (s->section && s->st != P_FREE && s->st != P_TOP)
			return MW_FEED_REJECT;
		return read_blocks_header(s, ctx, line, MW_STRLEN(blocks_header), "blocks");
	}
	if (mw_starts_with(p, end, mixed_header)) {
		if (s->st != P_AFTER_BLOCKS && s->st != P_BLOCKS)
			return MW_FEED_REJECT;
		return read_blocks_header(s, ctx, line, MW_STRLEN(mixed_header), "mixed");
	}
	if (!(p = mw_proc_node_zone(p, end, &node, &zone)))
		return MW_FEED_REJECT;
	if (p < end && *p == ',') {
		if (s->st != P_FREE && !(s->st == P_TOP && !s->rows))
			return MW_FEED_REJECT;
		s->st = P_FREE;
		return read_free_row(s, ctx, line, p, node, zone);
	}
	if (s->st == P_BLOCKS)
		return read_block_row(s, ctx, line, p, node, zone);
	return MW_FEED_REJECT;
}

const struct mw_parser mw_parser_pagetypeinfo = {
	.name = "pagetypeinfo",
	.summary = "/proc/pagetypeinfo (free blocks per migrate type; pageblocks per type)",
	.flags = MW_PARSER_SNAPSHOT,
	.snapshot_kind = MW_SK_PAGETYPEINFO,
	.state_size = sizeof(struct pagetype_state),
	.probe = pagetypeinfo_probe,
	.begin = pagetypeinfo_begin,
	.feed = pagetypeinfo_feed,
};
