/* SPDX-License-Identifier: MIT */
/*
 * buddyinfo.c: /proc/buddyinfo, one line per zone with the number of free
 * blocks of each order (mm/vmstat.c, frag_show_print(): "Node %d, zone
 * %8s " then "%6lu " per order, unchanged since 2.6):
 *
 *   Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3
 *   Node 0, zone   Normal   3632   3186   2269    843    516    317    204     85     17      0     78
 *
 * The counts are blocks of 2^order pages, not pages. How many orders
 * there are depends on MAX_ORDER (11 on most x86 and arm64 4K kernels,
 * 14 with 64K pages, other values with huge-page configurations), so the
 * number of columns is read from each line, never assumed. The first
 * zone seen again starts a new moment (concatenated captures).
 */
#include <string.h>
#include "procfs.h"
#include "memwaste/banned.h"

/* "Node N, zone NAME" followed by a number: the shape of a buddyinfo line. */
static const char *head(const char *p, const char *end, int64_t *node, struct mw_str *zone)
{
	p = mw_proc_node_zone(p, end, node, zone);
	if (!p)
		return NULL;
	p = mw_skip_ws(p, end);
	return p < end && *p >= '0' && *p <= '9' ? p : NULL;
}

static int buddyinfo_probe(const struct mw_line *line, const char *hint)
{
	int64_t node;
	struct mw_str zone;
	(void)hint;
	return head(line->ptr, line->ptr + line->len, &node, &zone) ? 95 : 0;
}

struct buddyinfo_state {
	unsigned lines;
	int64_t first_node;
	char first_zone[32];
	size_t first_zone_len;
	unsigned n_orders;	/* of the first line */
};

static int buddyinfo_feed(void *state, struct mw_pctx *ctx, const struct mw_line *line)
{
	struct buddyinfo_state *s = state;
	const char *end = line->ptr + line->len, *p;
	struct mw_proc_quote q;
	struct mw_record r;
	struct mw_rec_buddy *b = &r.u.buddy;
	int64_t node;
	struct mw_str zone;
	int rc;

	if (mw_proc_blank(line->ptr, line->ptr + line->len))
		return MW_FEED_TAKEN;	/* a blank line ends nothing: the next line says what comes */
	if (!(p = head(line->ptr, end, &node, &zone)))
		return MW_FEED_REJECT;
	if (s->lines && node == s->first_node && zone.len == s->first_zone_len &&
	    memcmp(zone.ptr, s->first_zone, zone.len) == 0)
		return MW_FEED_REJECT;	/* the first zone again: the next capture */
	mw_record_init(&r, MW_REC_BUDDY, line->lineno);
	b->node = node;
	b->zone = zone;
	for (;;) {
		uint64_t v;
		const char *after;
		p = mw_skip_ws(p, end);
		if (p == end)
			break;
		if (!(after = mw_scan_u64(p, end, &v)) || (after < end && *after != ' ' && *after != '\t') ||
		    v > MW_PROC_MAX_BLOCKS) {
			mw_pwarn(ctx, line->lineno, "'%s' is not a count of free blocks; zone %.*s of node %lld skipped",
				 mw_proc_quote(&q, p, (size_t)(end - p)), (int)zone.len, zone.ptr, (long long)node);
			return MW_FEED_TAKEN;
		}
		if (b->n_orders == MW_MAX_ORDERS) {
			mw_pwarn(ctx, line->lineno, "more than %d orders; the higher ones are not kept", MW_MAX_ORDERS);
			break;
		}
		b->counts[b->n_orders++] = v;
		p = after;
	}
	if (!s->lines) {
		s->first_node = node;
		s->first_zone_len = MW_MIN(zone.len, sizeof(s->first_zone));
		memcpy(s->first_zone, zone.ptr, s->first_zone_len);
		s->n_orders = b->n_orders;
	} else if (b->n_orders != s->n_orders) {
		mw_pwarn(ctx, line->lineno, "zone %.*s has %u orders, the first zone %u (line cut off?)",
			 (int)zone.len, zone.ptr, b->n_orders, s->n_orders);
	}
	s->lines++;
	rc = mw_emit(ctx, &r);
	return rc < 0 ? rc : MW_FEED_TAKEN;
}

const struct mw_parser mw_parser_buddyinfo = {
	.name = "buddyinfo",
	.summary = "/proc/buddyinfo (free blocks per order per zone)",
	.flags = MW_PARSER_SNAPSHOT,
	.snapshot_kind = MW_SK_BUDDYINFO,
	.state_size = sizeof(struct buddyinfo_state),
	.probe = buddyinfo_probe,
	.feed = buddyinfo_feed,
};
