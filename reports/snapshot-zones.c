/* SPDX-License-Identifier: MIT */
/*
 * snapshot-zones.c: the zones section of the snapshot report, from
 * zoneinfo, buddyinfo and pagetypeinfo: where each zone stands against
 * its watermarks, its free blocks by order and by migrate type, the
 * kernel's unusable-free-space and extfrag indices, the largest order an
 * allocation gets now, and min_free_kbytes against the kernel's formulas.
 * The findings about the zones are in snapshot-findings.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "snapshot-internal.h"
#include "memwaste/banned.h"

static bool is_highmem(const char *zone)
{
	return strcmp(zone, "HighMem") == 0 || strcmp(zone, "Movable") == 0 || strcmp(zone, "Device") == 0;
}

/*
 * Whether an order-k request can be served in the zone right now: a free
 * block of order >= k exists and taking 2^k pages leaves the zone above
 * its min watermark (__zone_watermark_ok() without the reserves of
 * higher zones). -1: nothing can be served, -2: no buddy counts.
 */
static void compute_zone(struct zinfo *z)
{
	if (!z->have_buddy) {
		z->max_order_now = -2;
		return;
	}
	mw_frag_compute(z->counts, z->n_orders, &z->frag);
	z->max_order_now = -1;
	for (unsigned k = 0; k < z->frag.n_orders; k++) {
		bool above = z->min == MW_UNKNOWN || z->free == MW_UNKNOWN ||
			     z->free - ((int64_t)1 << k) >= z->min;
		if (z->frag.suitable[k] > 0 && above)
			z->max_order_now = (int)k;
	}
}

static const struct mw_column watermark_cols[] = {
	{ "node", "Node", MW_UNIT_NONE, MW_VAL_INT, 0, "NUMA node" },
	{ "zone", "Zone", MW_UNIT_NONE, MW_VAL_STR, 0, "zone name" },
	{ "free_pages", "Free", MW_UNIT_COUNT, MW_VAL_INT, 0, "pages free (zoneinfo)" },
	{ "min_pages", "Min", MW_UNIT_COUNT, MW_VAL_INT, 0, "min watermark (pages): below it only atomic and reclaim allocations" },
	{ "low_pages", "Low", MW_UNIT_COUNT, MW_VAL_INT, 0, "low watermark (pages): kswapd wakes below it" },
	{ "high_pages", "High", MW_UNIT_COUNT, MW_VAL_INT, 0, "high watermark (pages): kswapd sleeps above it" },
	{ "boost_pages", "Boost", MW_UNIT_COUNT, MW_VAL_INT, 0, "temporary watermark boost after fragmentation (pages)" },
	{ "reserve_pages", "Reserve", MW_UNIT_COUNT, MW_VAL_INT, 0,
	  "largest lowmem_reserve (protection, pages) kept from allocations that could use a higher zone" },
	{ "managed_pages", "Managed", MW_UNIT_COUNT, MW_VAL_INT, 0, "pages the allocator manages" },
	{ "pcp_pages", "Per-CPU", MW_UNIT_COUNT, MW_VAL_INT, 0, "free pages on the per-CPU lists (not in Free)" },
	{ "state", "State", MW_UNIT_NONE, MW_VAL_STR, 0, "where free stands against the watermarks" },
};

static const struct mw_column order_cols[] = {
	{ "order", "Order", MW_UNIT_NONE, MW_VAL_INT, 0, "buddy order k: blocks of 2^k pages" },
	{ "block_bytes", "Block", MW_UNIT_BYTES, MW_VAL_INT, 0, "2^k x PAGE_SIZE" },
	{ "free_blocks", "Free blocks", MW_UNIT_COUNT, MW_VAL_INT, 0, "free blocks of this order" },
	{ "unusable_index", "Unusable", MW_UNIT_RATIO, MW_VAL_DOUBLE, 0,
	  "share of free memory in blocks too small for this order (debugfs extfrag/unusable_index)" },
	{ "extfrag_index", "Extfrag", MW_UNIT_RATIO, MW_VAL_DOUBLE, 0,
	  "-1: would succeed; towards 0 lack of memory, towards 1 fragmentation (extfrag/extfrag_index)" },
	{ "served_now", "Served now", MW_UNIT_NONE, MW_VAL_BOOL, 0,
	  "a free block this large exists and the zone stays above min after taking it" },
};

static const struct mw_column type_cols[] = {
	{ "type", "Migrate type", MW_UNIT_NONE, MW_VAL_STR, 0, "as pagetypeinfo names it" },
	{ "type_free_pages", "Free pages", MW_UNIT_PAGES, MW_VAL_INT, 0, "sum of free blocks x 2^order of this type" },
	{ "pageblocks", "Pageblocks", MW_UNIT_COUNT, MW_VAL_INT, 0, "pageblocks of this type" },
	{ "pageblocks_pct", "% of blocks", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of the zone's pageblocks" },
};

const char *mw_snapshot_zone_state(const struct zinfo *z)
{
	if (!z->have_zone || z->free == MW_UNKNOWN || z->min == MW_UNKNOWN)
		return "unknown";
	if (!z->populated || (z->managed != MW_UNKNOWN && z->managed == 0))
		return "empty zone";
	if (z->free < z->min)
		return "below min";
	if (z->low != MW_UNKNOWN && z->free < z->low)
		return "below low";
	if (z->high != MW_UNKNOWN && z->free < z->high)
		return "below high";
	return "ok";
}

/* The free blocks of every zone per order, for the HTML renderer's bars (text lists them briefly). */
static void add_chart(struct ctx *c)
{
	struct mw_node *ch = NULL;
	for (size_t i = 0; i < c->s->n_zones; i++) {
		const struct zinfo *z = &c->s->zones[i];
		char name[64];
		size_t si;
		if (!z->have_buddy || !z->frag.free_blocks)
			continue;
		if (!ch)
			ch = mw_chart(c->item, "free_blocks_chart", "Free blocks per order, per zone", MW_CHART_BARS,
				      MW_UNIT_COUNT, false);
		snprintf(name, sizeof(name), "node %" PRId64 " %s", z->node, z->zone);
		si = mw_chart_series_add(ch, name);
		for (unsigned k = 0; k < z->n_orders; k++) {
			char label[32];
			snprintf(label, sizeof(label), "order %u", k);
			mw_chart_point(ch, si, (double)k, (double)z->counts[k], label);
		}
	}
}

static void zone_item(struct ctx *c, struct mw_node *list, struct zinfo *z)
{
	char title[96], how[256];
	struct mw_node *it, *t;
	struct mw_source zsrc = sec_src(c->s, "zoneinfo", z->zone_line);
	struct mw_source bsrc = z->buddy_from_pt ? sec_src(c->s, "pagetypeinfo", z->pt_line)
						  : sec_src(c->s, "buddyinfo", z->buddy_line);
	int64_t ps = c->ps.bytes;

	snprintf(title, sizeof(title), "Node %" PRId64 ", zone %s", z->node, z->zone);
	it = mw_list_add(list, title);
	figi(it, "node", "Node", z->node, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL);
	mw_fig_str(it, "zone", "Zone", z->zone, NULL);
	if (z->have_zone) {
		figi(it, "managed_pages", "Managed", z->managed, MW_UNIT_PAGES, MW_CONF_EXACT, &zsrc, NULL);
		if (z->present != MW_UNKNOWN)
			mw_node_set_flags(figi(it, "present_pages", "Present", z->present, MW_UNIT_PAGES, MW_CONF_EXACT,
						     &zsrc, NULL), MW_F_DETAIL);
	}
	/*
	 * free_pages carries no provenance entry: tools collect every
	 * "free_pages" value of a document (corpus-check does), and a
	 * provenance object under that key would be one of them. How it is
	 * computed is in memwaste-reports(7); free_bytes says it here.
	 */
	if (z->have_buddy)
		figi(it, "free_pages", "Free pages", (int64_t)z->frag.free_pages, MW_UNIT_PAGES, MW_CONF_NONE, NULL, NULL);
	else if (z->have_zone && z->free != MW_UNKNOWN)
		figi(it, "free_pages", "Free pages", z->free, MW_UNIT_PAGES, MW_CONF_NONE, NULL, NULL);
	else
		mw_fig_null(it, "free_pages", "Free pages", MW_UNIT_PAGES, NULL);
	snprintf(how, sizeof(how), "%s x PAGE_SIZE",
		 z->have_buddy ? (z->buddy_from_pt ? "sum of free blocks x 2^order over every migrate type (pagetypeinfo)"
						   : "sum of free blocks x 2^order (buddyinfo)")
			       : "pages free (zoneinfo)");
	if (z->have_buddy)
		figi(it, "free_bytes", "Free", cmul((int64_t)z->frag.free_pages, ps), MW_UNIT_BYTES,
			   z->pt_capped ? MW_CONF_LOWER_BOUND : c->ps.conf == MW_CONF_ESTIMATED ? MW_CONF_ESTIMATED : MW_CONF_DERIVED,
			   &bsrc, how);
	else if (z->have_zone && z->free != MW_UNKNOWN)
		figi(it, "free_bytes", "Free", cmul(z->free, ps), MW_UNIT_BYTES,
			   c->ps.conf == MW_CONF_ESTIMATED ? MW_CONF_ESTIMATED : MW_CONF_DERIVED, &zsrc, how);
	if (z->have_zone) {
		mw_node_set_flags(figi(it, "min_pages", "Min watermark", z->min, MW_UNIT_PAGES, MW_CONF_EXACT, &zsrc, NULL),
				  MW_F_JSON_ONLY);
		mw_node_set_flags(figi(it, "low_pages", "Low watermark", z->low, MW_UNIT_PAGES, MW_CONF_EXACT, &zsrc, NULL),
				  MW_F_JSON_ONLY);
		mw_node_set_flags(figi(it, "high_pages", "High watermark", z->high, MW_UNIT_PAGES, MW_CONF_EXACT, &zsrc, NULL),
				  MW_F_JSON_ONLY);
		if (z->n_prot) {
			double prot[MW_MAX_ZONES];
			for (unsigned i = 0; i < z->n_prot; i++)
				prot[i] = (double)z->prot[i];
			mw_fig_array(it, "lowmem_reserve_pages", "lowmem_reserve (protection)", prot, z->n_prot, MW_UNIT_COUNT,
				     MW_CONF_EXACT, &zsrc, "pages kept from allocations that may use zone 0, 1, ... of the node");
		}
		if (z->pcp_count != MW_UNKNOWN)
			figi(it, "pcp_free_pages", "Free pages on the per-CPU lists", z->pcp_count, MW_UNIT_PAGES,
				   MW_CONF_DERIVED, &zsrc, "sum of the pagesets' count: free, but neither in MemFree nor in buddyinfo");
		mw_fig_str(it, "watermark_state", "Against the watermarks", mw_snapshot_zone_state(z), NULL);
	}
	if (!z->have_buddy) {
		mw_node_set_flags(mw_fig_null(it, "unusable_index", "Unusable free space index by order", MW_UNIT_RATIO,
					      "no buddyinfo or pagetypeinfo for this zone"), MW_F_JSON_ONLY);
		mw_node_set_flags(mw_fig_null(it, "extfrag_index", "External fragmentation index by order", MW_UNIT_RATIO,
					      "no buddyinfo or pagetypeinfo for this zone"), MW_F_JSON_ONLY);
		mw_text(it, "No buddyinfo or pagetypeinfo for this zone: fragmentation unknown.");
		return;
	}
	{
		double unus[MW_MAX_ORDERS], ext[MW_MAX_ORDERS], blocks[MW_MAX_ORDERS];
		for (unsigned k = 0; k < z->frag.n_orders; k++) {
			unus[k] = z->frag.unusable[k] / 1000.0;
			ext[k] = z->frag.extfrag[k] / 1000.0;
			blocks[k] = (double)z->counts[k];
		}
		/* arrays for tools; people read the table below */
		mw_node_set_flags(mw_fig_array(it, "free_blocks", "Free blocks by order", blocks, z->frag.n_orders, MW_UNIT_COUNT,
					       z->pt_capped ? MW_CONF_LOWER_BOUND : MW_CONF_EXACT, &bsrc, NULL),
				  MW_F_JSON_ONLY);
		mw_node_set_flags(mw_fig_array(it, "unusable_index", "Unusable free space index by order", unus,
					       z->frag.n_orders, MW_UNIT_RATIO, MW_CONF_DERIVED, NULL,
					       "(free pages - suitable blocks x 2^order) / free pages, as debugfs "
					       "extfrag/unusable_index"),
				  MW_F_JSON_ONLY);
		mw_node_set_flags(mw_fig_array(it, "extfrag_index", "External fragmentation index by order", ext,
					       z->frag.n_orders, MW_UNIT_RATIO, MW_CONF_DERIVED, NULL,
					       "-1 would succeed; else 1 - (1 + free pages / 2^order) / free blocks, as "
					       "debugfs extfrag/extfrag_index"),
				  MW_F_JSON_ONLY);
		figi(it, "largest_free_order", "Largest free block (order)", z->frag.largest_order, MW_UNIT_NONE,
			   MW_CONF_DERIVED, &bsrc, NULL);
		if (z->max_order_now >= -1)
			figi(it, "largest_order_served_now", "Largest order an allocation gets now", z->max_order_now,
				   MW_UNIT_NONE, MW_CONF_DERIVED, NULL,
				   z->have_zone ? "a block of that order exists and the zone stays above min after taking it"
						: "a block of that order exists (no zoneinfo: watermarks not checked)");
	}
	t = mw_table(it, "orders", "By order", order_cols, MW_ARRAY_SIZE(order_cols));
	for (unsigned k = 0; k < z->frag.n_orders; k++) {
		struct mw_row *r = mw_row_add(t);
		mw_cell_int(r, 0, k);
		mw_cell_int(r, 1, ps << k);
		mw_cell_int(r, 2, (int64_t)z->counts[k]);
		mw_cell_double(r, 3, z->frag.unusable[k] / 1000.0);
		mw_cell_double(r, 4, z->frag.extfrag[k] / 1000.0);
		mw_cell_bool(r, 5, (int)k <= z->max_order_now);
	}
	if (z->n_types) {
		int64_t blocks = 0;
		for (unsigned i = 0; i < z->n_types; i++)
			blocks += nz(z->types[i].blocks);
		t = mw_table(it, "migrate_types", "By migrate type (pagetypeinfo)", type_cols, MW_ARRAY_SIZE(type_cols));
		for (unsigned i = 0; i < z->n_types; i++) {
			struct mw_row *r = mw_row_add(t);
			mw_cell_str(r, 0, z->types[i].name);
			mw_cell_int(r, 1, (int64_t)z->types[i].free_pages);
			if (z->types[i].blocks != MW_UNKNOWN) {
				mw_cell_int(r, 2, z->types[i].blocks);
				if (blocks > 0)
					mw_cell_double(r, 3, pct((double)z->types[i].blocks, (double)blocks));
			}
		}
		if (z->pt_capped)
			mw_text(it, "Some pagetypeinfo counts were capped (printed >100000): these free figures are lower bounds.");
	}
}

/* min_free_kbytes from the zones' min watermarks, against the kernel's formulas (kernel-formats.md 12). */
static void add_min_free(struct ctx *c, struct mw_node *sec)
{
	struct snap *s = c->s;
	int64_t min_pages = 0, lowmem_pages = 0, lowmem_free_pages = 0, page_kb = c->ps.bytes / 1024;
	unsigned nr_zones = 0, n_low = 0;
	int64_t derived, formula, formula_now, thp = MW_UNKNOWN, pb = s->pageblock_order, pages;
	struct min_free mf;

	for (size_t i = 0; i < s->n_zones; i++) {
		const struct zinfo *z = &s->zones[i];
		if (!z->have_zone || is_highmem(z->zone) || z->min == MW_UNKNOWN)
			continue;
		if (!z->populated || z->managed == 0)
			continue;
		min_pages += z->min;
		n_low++;
		/* managed pages since ~3.8, present pages before */
		pages = z->managed != MW_UNKNOWN ? z->managed : z->present;
		if (pages != MW_UNKNOWN) {
			lowmem_pages += pages;
			lowmem_free_pages += pages > nz(z->high) ? pages - nz(z->high) : 0;
			nr_zones++;
		}
	}
	if (!n_low || !lowmem_pages || page_kb <= 0)
		return;
	derived = min_pages * page_kb;
	/*
	 * At boot the high watermarks are still 0, so nr_free_buffer_pages() is
	 * the whole lowmem; a later recalculation (memory hotplug) subtracts
	 * them. Either is the kernel's own value.
	 */
	formula = mw_min_free_kbytes_formula(lowmem_pages * page_kb, 262144);
	formula_now = mw_min_free_kbytes_formula(lowmem_free_pages * page_kb, 262144);
	/* transparent huge pages came in 2.6.38: a zoneinfo with "managed" (3.8+) or a pageblock order tells a recent kernel */
	for (size_t i = 0; i < s->n_zones && pb == MW_UNKNOWN; i++)
		if (s->zones[i].managed != MW_UNKNOWN && c->ps.bytes == 4096)
			pb = 9;	/* x86 and arm64 4K: pageblocks of 2 MiB */
	if (pb != MW_UNKNOWN && pb >= 0 && pb < 20)
		thp = mw_min_free_kbytes_thp(nr_zones, (int64_t)1 << pb, lowmem_free_pages, (int)page_kb);
	figi(sec, "min_free_kbytes", "min_free_kbytes (from the zones' min watermarks)", derived, MW_UNIT_KB,
		   c->ps.conf == MW_CONF_ESTIMATED ? MW_CONF_ESTIMATED : MW_CONF_DERIVED, NULL,
		   "sum of the min watermarks of the lowmem zones x PAGE_SIZE (each zone's share is rounded down)");
	figi(sec, "min_free_kbytes_formula", "min_free_kbytes the kernel computes for this lowmem", formula, MW_UNIT_KB,
	     MW_CONF_DERIVED, NULL, "int_sqrt(lowmem kB x 16), lowmem = managed (or present) pages of the lowmem zones");
	if (thp != MW_UNKNOWN)
		figi(sec, "min_free_kbytes_thp", "min_free_kbytes khugepaged sets with transparent huge pages", thp,
			   MW_UNIT_KB, MW_CONF_DERIVED, NULL,
			   "pageblock x zones x 11 pages, at most 5% of lowmem (set_recommended_min_free_kbytes)");
	mf = (struct min_free){ .derived = derived, .formula = formula, .formula_now = formula_now, .thp = thp,
				.lowmem_pages = lowmem_pages, .page_kb = page_kb, .n_low = n_low };
	mw_snapshot_min_free_findings(c, sec, &mf);
}

void mw_snapshot_add_zones(struct ctx *c)
{
	struct snap *s = c->s;
	struct mw_node *sec, *t, *list;
	bool any_zone = false, any_buddy = false;

	for (size_t i = 0; i < s->n_zones; i++) {
		compute_zone(&s->zones[i]);
		any_zone |= s->zones[i].have_zone;
		any_buddy |= s->zones[i].have_buddy;
	}
	if (!s->n_zones)
		return;
	sec = mw_section(c->item, NULL, "Zones: watermarks and fragmentation (zoneinfo, buddyinfo, pagetypeinfo)");
	if (any_zone) {
		t = mw_table(sec, "watermarks", "Free pages against the watermarks (in pages)", watermark_cols, MW_ARRAY_SIZE(watermark_cols));
		for (size_t i = 0; i < s->n_zones; i++) {
			const struct zinfo *z = &s->zones[i];
			struct mw_row *r;
			int64_t reserve = 0;
			struct mw_source src = sec_src(s, "zoneinfo", z->zone_line);
			if (!z->have_zone)
				continue;
			r = mw_row_add(t);
			for (unsigned k = 0; k < z->n_prot; k++)
				reserve = MW_MAX(reserve, z->prot[k]);
			mw_cell_int(r, 0, z->node);
			mw_cell_str(r, 1, z->zone);
			if (z->free != MW_UNKNOWN)
				mw_cell_int(r, 2, z->free);
			if (z->min != MW_UNKNOWN)
				mw_cell_int(r, 3, z->min);
			if (z->low != MW_UNKNOWN)
				mw_cell_int(r, 4, z->low);
			if (z->high != MW_UNKNOWN)
				mw_cell_int(r, 5, z->high);
			if (z->boost != MW_UNKNOWN)
				mw_cell_int(r, 6, z->boost);
			if (z->n_prot)
				mw_cell_int(r, 7, reserve);
			if (z->managed != MW_UNKNOWN)
				mw_cell_int(r, 8, z->managed);
			if (z->pcp_count != MW_UNKNOWN)
				mw_cell_int(r, 9, z->pcp_count);
			mw_cell_str(r, 10, mw_snapshot_zone_state(z));
			mw_row_source(r, src.file, src.line);
		}
		add_min_free(c, sec);
	}
	if (any_buddy)
		add_chart(c);
	list = mw_list(sec, "zones", "Zones");
	for (size_t i = 0; i < s->n_zones; i++) {
		const struct zinfo *z = &s->zones[i];
		if (z->have_buddy || (z->have_zone && z->populated))
			zone_item(c, list, &s->zones[i]);
	}
}
