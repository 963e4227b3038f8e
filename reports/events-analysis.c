/* SPDX-License-Identifier: MIT */
/*
 * events-analysis.c: what one event of the events report means, worked
 * out from its numbers into struct an (events-internal.h); it writes no
 * output. The kernel release; the GFP flags, decoded with the table of
 * the kernel's era (gfp.h) or, without a release, with every layout the
 * report's format allows; the memory of the show_mem dump; the zone
 * watermark check re-run with the printed numbers (gfp_zone() and
 * __zone_watermark_ok() of mm/page_alloc.c, era by era); the caller and
 * the known offenders of the call trace ("Can you handle the pressure?",
 * section 7.1).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "bootcalc.h"
#include "events-internal.h"
#include "memwaste/gfp.h"
#include "memwaste/banned.h"

/* ---- the release and the GFP flags ---- */

/* The kernel release: the report's own (CPU/Pid line), the boot's "Linux version", else --kernel. */
static void pick_release(struct an *a)
{
	if (a->e->release && *a->e->release) {
		a->release = a->e->release;
		a->release_from = "the CPU/Pid line of the report";
	} else if (a->e->boot_release && *a->e->boot_release) {
		a->release = a->e->boot_release;
		a->release_from = "the Linux version line of the boot";
	} else if (a->o->kernel && *a->o->kernel) {
		a->release = a->o->kernel;
		a->release_from = "--kernel";
	}
	a->kver = a->release ? mw_kver(a->release) : 0;
}

static bool parse_mask(const char *s, uint64_t *ret)
{
	char *end;
	unsigned long long v;
	if (!s || !*s)
		return false;
	errno = 0;
	v = strtoull(s, &end, 16);
	if (errno || end == s || *end)
		return false;
	*ret = v;
	return true;
}

void mw_events_era_label(char *buf, size_t n, const struct mw_gfp_era *first, const struct mw_gfp_era *last)
{
	if (first == last && first->to) {
		snprintf(buf, n, "%s", first->range);
		return;
	}
	if (!last->to) {
		snprintf(buf, n, "%s and later", first->name);
		return;
	}
	/* "2.6.0 .. 4.3" from the first era's start and the last era's end */
	{
		const char *from = first->range;
		size_t fl = strcspn(from, " ");
		const char *to = strstr(last->range, "..");
		snprintf(buf, n, "%.*s .. %s", (int)fl, from, to ? (to[2] == ' ' ? to + 3 : to + 2) : "");
		if (n && buf[strlen(buf) - 1] == ' ')
			buf[strlen(buf) - 1] = '\0';
	}
}

/*
 * Releases the report's own format allows, when no release is given
 * (kernel-formats.md 9, 10): "page allocation failure." with a full stop
 * is 2.6 (before 3.0); a mask without its decoding in brackets predates
 * 4.5; with one, 4.5 or later; "nodemask=" on the failure line 4.10+,
 * ",cpuset=" on it 4.19+; "oomkilladj=" before 2.6.36.
 */
static void format_bounds(const struct ev *e, long *ret_lo, long *ret_hi)
{
	const char *t = NULL;
	long lo = 0, hi = 0;
	for (size_t i = 0; i < e->n_lines; i++)
		if (strcmp(e->lines[i].role, "trigger") == 0) {
			t = e->lines[i].text;
			break;
		}
	*ret_lo = *ret_hi = 0;
	if (!t || ev_eq(e->kind, "request") || !e->gfp_mask)
		return;
	if (strstr(t, "page allocation failure."))
		hi = MW_KVER(3, 0, 0);
	if (strstr(t, "oomkilladj="))
		hi = MW_KVER(2, 6, 36);
	if (e->gfp_names) {
		lo = MW_KVER(4, 5, 0);
	} else {
		/* the decoding is printed right after the number since 4.5 */
		const char *m = strstr(t, e->gfp_mask);
		if (m && m[strlen(e->gfp_mask)] != '(' && (!hi || hi > MW_KVER(4, 5, 0)))
			hi = MW_KVER(4, 5, 0);
	}
	if (strstr(t, "page allocation failure") && strstr(t, "nodemask=") && lo < MW_KVER(4, 10, 0))
		lo = MW_KVER(4, 10, 0);
	if (strstr(t, ",cpuset=") && lo < MW_KVER(4, 19, 0))
		lo = MW_KVER(4, 19, 0);
	*ret_lo = lo;
	*ret_hi = hi;
}

/*
 * What the mask means: the kernel's printed names (4.5+) checked against
 * the table of the report's era; else the table of the era; else every
 * era's decoding, and whether they agree.
 */
static void decode_gfp(struct an *a)
{
	struct ev *e = a->e;
	struct mw_gfp_decode d;

	a->flags[0] = a->flags_from[0] = a->names_mismatch[0] = '\0';
	a->have_mask = parse_mask(e->gfp_mask, &a->mask);
	if (!a->have_mask)
		return;
	a->era = mw_gfp_era_for(a->kver);
	a->era_kver = a->kver;
	if (!a->era && e->gfp_names) {
		/* no release: the eras whose layout gives the printed names this value */
		size_t n;
		const struct mw_gfp_era *eras = mw_gfp_eras(&n);
		for (size_t i = n; i-- > 0;) {
			uint64_t v;
			if (mw_gfp_names_value(&eras[i], 0, e->gfp_names, &v, NULL, 0) == 0 && v == a->mask) {
				a->era = &eras[i];
				break;
			}
		}
		a->era_kver = 0;
	}
	if (a->era) {
		mw_gfp_decode(a->mask, a->era, a->era_kver, &d);
		a->p = d.p;
		a->gfp_known = a->reclaim_known = true;
		if (e->gfp_names) {
			uint64_t v;
			char bad[128];
			int nbad = mw_gfp_names_value(a->era, a->era_kver, e->gfp_names, &v, bad, sizeof(bad));
			snprintf(a->flags, sizeof(a->flags), "%s", e->gfp_names);
			snprintf(a->flags_from, sizeof(a->flags_from), "printed by the kernel");
			if (nbad)
				snprintf(a->names_mismatch, sizeof(a->names_mismatch),
					 "the names %s are unknown to the %s table", bad, a->era->range);
			else if (v != a->mask)
				snprintf(a->names_mismatch, sizeof(a->names_mismatch),
					 "the printed names add up to %#llx in the %s table, not %s", (unsigned long long)v,
					 a->era->range, e->gfp_mask);
		} else {
			snprintf(a->flags, sizeof(a->flags), "%s", d.names);
			snprintf(a->flags_from, sizeof(a->flags_from), "decoded with the %s table (%s)", a->era->range,
				 a->kver ? "the kernel's release" : "the names the kernel printed");
			if (!d.plausible)
				snprintf(a->names_mismatch, sizeof(a->names_mismatch),
					 "the mask makes little sense in the %s layout: %s", a->era->range, d.implausible);
		}
		return;
	}
	/* unknown era, only a number: every layout the report's format allows */
	{
		size_t total, plausible = 0, distinct = 0, kept = 0;
		long lo, hi;
		format_bounds(e, &lo, &hi);
		a->n_cand = mw_gfp_candidates(a->mask, a->cand, MAX_CAND, &total);
		for (size_t i = 0; i < a->n_cand; i++) {
			/* a group [era .. era_last] overlaps [lo, hi)? */
			long from = a->cand[i].era->from, to = a->cand[i].era_last->to;
			if ((hi && from >= hi) || (lo && to && to <= lo))
				continue;
			a->cand[kept++] = a->cand[i];
		}
		if (kept)
			a->n_cand = kept;
		/* name only the eras the format allows (the groups point into one array of eras) */
		for (size_t i = 0; kept && i < a->n_cand; i++) {
			const struct mw_gfp_era *f = a->cand[i].era, *l = a->cand[i].era_last;
			while (lo && f < l && f->to && f->to <= lo)
				f++;
			while (hi && l > f && l->from >= hi)
				l--;
			a->cand[i].era = f;
			a->cand[i].era_last = l;
		}
		for (size_t i = 0; i < a->n_cand; i++)
			if (a->cand[i].plausible)
				plausible++;
		distinct = plausible ? plausible : a->n_cand;
		if (distinct == 1 || (plausible && a->cand[0].plausible && plausible == 1)) {
			char range[64];
			mw_events_era_label(range, sizeof(range), a->cand[0].era, a->cand[0].era_last);
			snprintf(a->flags, sizeof(a->flags), "%s", a->cand[0].names);
			if (lo || hi) {
				char b1[32], b2[32];
				snprintf(b1, sizeof(b1), "%ld.%ld", lo / 1000000, lo / 1000 % 1000);
				snprintf(b2, sizeof(b2), "%ld.%ld", hi / 1000000, hi / 1000 % 1000);
				snprintf(a->flags_from, sizeof(a->flags_from), "release unknown; the report's format dates the "
					 "kernel %s%s%s%s (GFP layout %s)", lo ? b1 : "", lo ? " or later" : "", lo && hi ? ", before " :
					 hi ? "before " : "", hi ? b2 : "", range);
			} else {
				snprintf(a->flags_from, sizeof(a->flags_from), "release unknown; the only layout in which the mask "
					 "makes sense is %s", range);
			}
			a->p = a->cand[0].p;
			a->era = a->cand[0].era_last;
			a->gfp_known = a->reclaim_known = true;
		} else {
			size_t o = 0;
			bool first = true;
			a->ambiguous = true;
			for (size_t i = 0; i < a->n_cand && o + 1 < sizeof(a->flags); i++) {
				char range[64];
				if (plausible && !a->cand[i].plausible)
					continue;
				mw_events_era_label(range, sizeof(range), a->cand[i].era, a->cand[i].era_last);
				o += (size_t)snprintf(a->flags + o, sizeof(a->flags) - o, "%s%s (%s)", first ? "" : " or ",
						      a->cand[i].names, range);
				if (o >= sizeof(a->flags))
					o = sizeof(a->flags) - 1;
				first = false;
			}
			snprintf(a->flags_from, sizeof(a->flags_from),
				 "release unknown: the mask means different things in different kernels");
			a->p = a->cand[0].p;
			a->era = a->cand[0].era_last;
			a->reclaim_known = true;
			for (size_t i = 1; i < a->n_cand; i++)
				if ((!plausible || a->cand[i].plausible) && a->cand[i].p.direct_reclaim != a->p.direct_reclaim)
					a->reclaim_known = false;
		}
	}
}

/* ---- the page size and the memory of the dump ---- */

static void page_size(struct an *a)
{
	a->page_kb = MW_UNKNOWN;
	for (size_t i = 0; i < a->e->n_zones; i++)
		if (a->e->zones[i].page_kb > 0) {
			a->page_kb = a->e->zones[i].page_kb;
			a->page_known = true;
			return;
		}
	a->page_kb = mw_page_size_default(mw_arch_guess(a->release, NULL, false, false)) / 1024;
}

static int64_t pages_kb(const struct an *a, int64_t pages)
{
	return pages == MW_UNKNOWN ? MW_UNKNOWN : pages * a->page_kb;
}

/* The dump's memory, in kB, from the counters (pages), node lines and totals. */
static void memory(struct an *a)
{
	struct ev *e = a->e;
	int64_t managed = 0;
	bool all_managed = e->n_zones > 0;

	a->ram_kb = pages_kb(a, ev_kv(e, "pages_ram"));
	for (size_t i = 0; i < e->n_zones; i++) {
		if (e->zones[i].managed_kb == MW_UNKNOWN)
			all_managed = false;
		else
			managed += e->zones[i].managed_kb;
	}
	if (ev_kv(e, "showmem_incomplete") == 1)
		a->total_kb = MW_UNKNOWN;	/* an abridged dump: shares of it would mislead */
	else if (all_managed && managed > 0)
		a->total_kb = managed;
	else if (a->ram_kb != MW_UNKNOWN && ev_kv(e, "pages_reserved") != MW_UNKNOWN)
		a->total_kb = a->ram_kb - pages_kb(a, ev_kv(e, "pages_reserved"));
	else
		a->total_kb = a->ram_kb;

	a->free_kb = pages_kb(a, ev_kv(e, "free"));
	if (a->free_kb == MW_UNKNOWN)
		a->free_kb = ev_kv(e, "free_pages_kb");
	if (a->free_kb == MW_UNKNOWN && e->n_zones) {
		int64_t f = 0;
		for (size_t i = 0; i < e->n_zones; i++)
			f = ev_add(f, e->zones[i].free_kb);
		a->free_kb = f;
	}
	a->anon_kb = a->file_kb = a->lru_kb = MW_UNKNOWN;
	if (ev_kv(e, "active_anon") != MW_UNKNOWN || ev_kv(e, "Active_anon") != MW_UNKNOWN) {
		a->anon_kb = pages_kb(a, ev_add(ev_add(ev_add(ev_kv(e, "active_anon"), ev_kv(e, "Active_anon")), ev_kv(e, "inactive_anon")),
					     ev_kv(e, "isolated_anon")));
		a->file_kb = pages_kb(a, ev_add(ev_add(ev_kv(e, "active_file"), ev_kv(e, "inactive_file")), ev_kv(e, "isolated_file")));
	} else if (ev_kv(e, "Active") != MW_UNKNOWN) {
		a->lru_kb = pages_kb(a, ev_add(ev_kv(e, "Active"), ev_kv(e, "inactive")));
	}
	a->unevict_kb = pages_kb(a, ev_kv(e, "unevictable"));
	a->slab_r_kb = pages_kb(a, ev_kv(e, "slab_reclaimable"));
	a->slab_u_kb = pages_kb(a, ev_kv(e, "slab_unreclaimable"));
	a->slab_kb = pages_kb(a, ev_kv(e, "slab"));
	a->pgtables_kb = pages_kb(a, ev_kv(e, "pagetables"));
	if (a->pgtables_kb == MW_UNKNOWN)
		a->pgtables_kb = ev_kv(e, "pagetables_kb");
	a->kstack_kb = ev_kv(e, "kernel_stack_kb");
	a->hugetlb_kb = ev_kv(e, "hugetlb_total_kb");
	a->hugetlb_free_kb = ev_kv(e, "hugetlb_free_kb");
	a->shmem_kb = pages_kb(a, ev_kv(e, "shmem"));
	a->dirty_kb = pages_kb(a, ev_add(ev_kv(e, "dirty"), ev_kv(e, "writeback")));
	a->swap_total_kb = ev_kv(e, "total_swap_kb");
	a->swap_free_kb = ev_kv(e, "free_swap_kb");

	/* what the counters do not cover: drivers, vmalloc, GPU buffers, the kernel's own allocations */
	a->other_kb = MW_UNKNOWN;
	if (a->total_kb != MW_UNKNOWN && a->free_kb != MW_UNKNOWN && (a->anon_kb != MW_UNKNOWN || a->lru_kb != MW_UNKNOWN)) {
		int64_t acc = a->free_kb;
		int64_t parts[] = { a->anon_kb, a->file_kb, a->lru_kb, a->unevict_kb, a->slab_r_kb, a->slab_u_kb,
				    a->slab_kb, a->pgtables_kb, a->kstack_kb, a->hugetlb_kb,
				    pages_kb(a, ev_kv(e, "sec_pagetables")), pages_kb(a, ev_kv(e, "bounce")),
				    pages_kb(a, ev_kv(e, "kernel_misc_reclaimable")) };
		for (size_t i = 0; i < MW_ARRAY_SIZE(parts); i++)
			if (parts[i] != MW_UNKNOWN)
				acc += parts[i];
		a->other_kb = a->total_kb - acc;
	}
	a->kernel_kb = MW_UNKNOWN;
	if (a->slab_u_kb != MW_UNKNOWN || a->slab_kb != MW_UNKNOWN) {
		a->kernel_kb = ev_add(ev_add(a->slab_u_kb, a->slab_kb), ev_add(a->pgtables_kb, a->kstack_kb));
		if (a->other_kb != MW_UNKNOWN && a->other_kb > 0)
			a->kernel_kb += a->other_kb;
	}
	a->user_kb = a->anon_kb;
}

/* ---- zones and the watermark check ---- */

static int zone_rank(const char *name)
{
	static const char *const order[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" };
	for (int i = 0; i < (int)MW_ARRAY_SIZE(order); i++)
		if (strcmp(order[i], name) == 0)
			return i;
	return 2;	/* unknown names behave like Normal */
}

static bool zone_seen(const struct ev *e, const char *name)
{
	for (size_t i = 0; i < e->n_zones; i++)
		if (strcmp(e->zones[i].name, name) == 0)
			return true;
	return false;
}

/* The highest zone the mask lets the allocator use (gfp_zone() of mm/page_alloc.c). */
static const char *class_zone(const struct an *a)
{
	const struct ev *e = a->e;
	if (a->p.dma)
		return "DMA";
	if (a->p.dma32)
		return zone_seen(e, "DMA32") ? "DMA32" : zone_seen(e, "DMA") ? "DMA" : "Normal";
	if (a->p.highmem && a->p.movable && zone_seen(e, "Movable"))
		return "Movable";
	if (a->p.highmem && zone_seen(e, "HighMem"))
		return "HighMem";
	if (zone_seen(e, "Normal"))
		return "Normal";
	/* arm64 and friends without a Normal zone: the highest one printed */
	{
		const char *best = NULL;
		for (size_t i = 0; i < e->n_zones; i++)
			if (zone_rank(e->zones[i].name) <= 2 && (!best || zone_rank(e->zones[i].name) > zone_rank(best)))
				best = e->zones[i].name;
		return best ? best : "Normal";
	}
}

/* Index of a zone in lowmem_reserve[]: its rank among the zone types the dump shows (no gaps assumed). */
static int reserve_index(const struct ev *e, const char *name)
{
	int idx = 0, r = zone_rank(name);
	static const char *const order[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" };
	for (int i = 0; i < r; i++)
		if (zone_seen(e, order[i]))
			idx++;
	return idx;
}

/* "0-1,4" contains node? An empty or "(null)" list contains every node. */
static bool node_in(const char *list, int64_t node)
{
	const char *p = list;
	if (!list || !*list || strcmp(list, "(null)") == 0 || node == MW_UNKNOWN)
		return true;
	while (*p) {
		char *end;
		long lo = strtol(p, &end, 10), hi;
		if (end == p)
			return true;	/* not a list we read: do not exclude */
		hi = lo;
		p = end;
		if (*p == '-') {
			hi = strtol(p + 1, &end, 10);
			p = end;
		}
		if (node >= lo && node <= hi)
			return true;
		if (*p == ',')
			p++;
		else
			break;
	}
	return false;
}

static bool type_usable(const char *types, const struct an *a)
{
	if (!types || !*types)
		return true;
	for (const char *t = types; *t; t++) {
		if (*t == 'U' || *t == 'M' || *t == 'E' || *t == 'R')
			return true;
		if (*t == 'C' && a->p.movable)
			return true;
		if (*t == 'H' && a->p.harder)
			return true;
	}
	return false;
}

/*
 * __zone_watermark_ok() with the dump's numbers, for the zones the request
 * may use. All eras: free - (2^order - 1) must stay above min (halved for
 * __GFP_HIGH, a further quarter off for ALLOC_HARDER) plus the zone's
 * lowmem_reserve for the requested zone. Then, before 4.4, the free pages
 * in blocks of at least each lower order must stay above min >> order;
 * from 4.4, some free block of the order or larger must exist in a
 * migratetype the request may take.
 */
static void check_zones(struct an *a)
{
	struct ev *e = a->e;
	int64_t order = e->order;
	bool old = a->era ? a->era->from < MW_KVER(4, 4, 0) : (a->kver && a->kver < MW_KVER(4, 4, 0));
	int cz_rank, cz_idx;
	const char *allowed = e->nodemask && strcmp(e->nodemask, "(null)") != 0 ? e->nodemask : e->mems_allowed;

	a->classzone = class_zone(a);
	cz_rank = zone_rank(a->classzone);
	cz_idx = reserve_index(e, a->classzone);
	a->zr = mw_xcalloc(e->n_zones ? e->n_zones : 1, sizeof(*a->zr));
	a->n_zr = e->n_zones;
	a->free_usable_kb = a->free_unusable_kb = 0;
	for (size_t i = 0; i < e->n_zones; i++) {
		const struct zone *z = &e->zones[i];
		struct zres *r = &a->zr[i];
		int64_t pk = z->page_kb > 0 ? z->page_kb : a->page_kb;
		int64_t o = order == MW_UNKNOWN || order < 0 ? 0 : order;
		uint64_t free_blocks_pages = 0, suitable = 0;

		r->z = z;
		r->largest = -1;
		r->unusable = NAN;
		for (unsigned k = 0; k < z->n_orders && k < MW_MAX_ORDERS; k++) {
			free_blocks_pages += z->counts[k] << k;
			if (z->counts[k])
				r->largest = (int)k;
			if (k >= o && o < 63)
				suitable += z->counts[k] << (k - o);
		}
		r->suitable = suitable;
		if (z->n_orders && free_blocks_pages)
			r->unusable = (double)(free_blocks_pages - (suitable << o)) / (double)free_blocks_pages;
		if (z->free_kb == MW_UNKNOWN || z->min_kb == MW_UNKNOWN) {
			r->check = Z_NO_LINE;
			snprintf(r->text, sizeof(r->text), "no zone line printed");
			continue;
		}
		if (z->present_kb == 0 || z->managed_kb == 0) {
			/* free 0 <= min 0 is no shortage: the zone has no memory to run short of */
			r->check = Z_EMPTY;
			snprintf(r->text, sizeof(r->text), "empty zone: no memory %s", z->present_kb == 0 ? "present" : "managed");
			continue;
		}
		if (!a->have_mask) {
			/* a show_mem dump on its own: where the zone stands against its watermarks */
			r->check = z->free_kb <= z->min_kb ? Z_BELOW_MIN : Z_PASS;
			snprintf(r->text, sizeof(r->text), "%s", z->free_kb <= z->min_kb ? "free at or below min"
				 : z->low_kb != MW_UNKNOWN && z->free_kb <= z->low_kb ? "free between min and low (kswapd works)"
				 : z->high_kb != MW_UNKNOWN && z->free_kb <= z->high_kb ? "free between low and high"
				 : "free above the high watermark");
			continue;
		}
		if (zone_rank(z->name) > cz_rank) {
			r->check = Z_NOT_ALLOWED;
			r->why_not = a->p.movable ? "needs __GFP_HIGHMEM|__GFP_MOVABLE" : "needs __GFP_MOVABLE (and __GFP_HIGHMEM)";
			snprintf(r->text, sizeof(r->text), "not usable: this request may only use %s and below", a->classzone);
			a->free_unusable_kb += z->free_kb;
			continue;
		}
		if (!node_in(allowed, z->node)) {
			r->check = Z_NOT_ALLOWED;
			r->why_not = "outside the allowed nodes";
			snprintf(r->text, sizeof(r->text), "not usable: node %" PRId64 " is outside the allowed nodes %s", z->node, allowed);
			a->free_unusable_kb += z->free_kb;
			continue;
		}
		a->free_usable_kb += z->free_kb;
		a->any_zone_checked = true;
		{
			int64_t min = z->min_kb / pk, free = z->free_kb / pk, reserve = 0;
			if (a->p.high)
				min -= min / 2;
			if (a->p.harder)
				min -= min / 4;
			if (!old && !a->p.harder && z->highatomic_kb != MW_UNKNOWN)
				free -= z->highatomic_kb / pk;
			if (!a->p.movable && z->free_cma_kb != MW_UNKNOWN)
				free -= z->free_cma_kb / pk;
			free -= ((int64_t)1 << o) - 1;
			if ((unsigned)cz_idx < z->n_reserve)
				reserve = z->reserve[cz_idx];
			r->min_eff_kb = min * pk;
			r->reserve_kb = reserve * pk;
			r->free_eff_kb = free * pk;
			if (free <= min + reserve) {
				char f[32], m[32], rv[32];
				r->check = Z_BELOW_MIN;
				ev_fmt_kb(f, sizeof(f), free * pk);
				ev_fmt_kb(m, sizeof(m), min * pk);
				ev_fmt_kb(rv, sizeof(rv), reserve * pk);
				snprintf(r->text, sizeof(r->text), "fails: free %s <= min %s + lowmem_reserve %s", f, m, rv);
				a->any_below_min = true;
				continue;
			}
			if (o > 0 && !z->n_orders) {
				r->check = Z_PASS;
				snprintf(r->text, sizeof(r->text), "free above min; no buddy line to check the order");
				a->any_pass = true;
				continue;
			}
			if (o > 0 && old) {
				int64_t fp = free, mm = min;
				bool fail = false;
				int at = 0;
				for (int64_t k = 0; k < o && k < (int64_t)z->n_orders && k < MW_MAX_ORDERS; k++) {
					fp -= (int64_t)(z->counts[k] << k);
					mm >>= 1;
					if (fp <= mm) {
						fail = true;
						at = (int)k + 1;
						break;
					}
				}
				if (fail) {
					r->check = Z_NO_BLOCK;
					snprintf(r->text, sizeof(r->text),
						 "fails: too little free memory in blocks of order %d or more (2.6-4.3 check)", at);
					a->any_no_block = true;
					continue;
				}
			} else if (o > 0) {
				bool found = false;
				for (unsigned k = (unsigned)o; k < z->n_orders && k < MW_MAX_ORDERS; k++)
					if (z->counts[k] && type_usable(z->types[k], a))
						found = true;
				if (!found) {
					r->check = Z_NO_BLOCK;
					if (r->largest >= 0)
						snprintf(r->text, sizeof(r->text), "fails: no free block of order %" PRId64
							 " or larger (largest: order %d)", o, r->largest);
					else
						snprintf(r->text, sizeof(r->text), "fails: no free block at all");
					a->any_no_block = true;
					continue;
				}
			}
			r->check = Z_PASS;
			snprintf(r->text, sizeof(r->text), "passes now (memory was freed after the failure, or the request "
				 "could not use it: cpuset, __GFP_THISNODE, compaction deferred)");
			a->any_pass = true;
		}
	}
}

/* ---- the call trace ---- */

/* Function names of a trace line, in order: "[<..>] ? name+0x1/0x2 [mod]", "<..>{name+816}". */
static size_t trace_funcs(const char *s, char out[][96], size_t max, bool *ret_irq)
{
	size_t n = 0;
	const char *p = s;
	if (strstr(s, "<IRQ>") || strstr(s, "<SOFTIRQ>"))
		*ret_irq = true;
	while (*p && n < max) {
		const char *plus = strchr(p, '+');
		const char *start;
		if (!plus)
			break;
		start = plus;
		while (start > p && (start[-1] == '_' || start[-1] == '.' || start[-1] == '$' ||
				     (start[-1] >= 'a' && start[-1] <= 'z') || (start[-1] >= 'A' && start[-1] <= 'Z') ||
				     (start[-1] >= '0' && start[-1] <= '9')))
			start--;
		if (plus > start && (plus[1] == '0' || (plus[1] >= '1' && plus[1] <= '9'))) {
			size_t len = MW_MIN((size_t)(plus - start), (size_t)95);
			/* "name.cold", "name.constprop.0", "name.isra.42", "name.part.0" -> name */
			const char *dot = memchr(start, '.', len);
			if (dot && dot > start)
				len = (size_t)(dot - start);
			memcpy(out[n], start, len);
			out[n][len] = '\0';
			n++;
		}
		p = plus + 1;
	}
	return n;
}

static bool allocator_frame(const char *f)
{
	static const char *const names[] = {
		"dump_stack", "dump_stack_lvl", "show_stack", "dump_backtrace", "warn_alloc", "warn_alloc_failed",
		"__warn_alloc", "__alloc_pages", "__alloc_pages_nodemask", "__alloc_pages_slowpath",
		"__alloc_pages_internal", "__alloc_pages_may_oom", "__alloc_pages_direct_compact", "alloc_pages",
		"alloc_pages_current", "alloc_pages_vma", "alloc_pages_mpol", "alloc_pages_mpol_noprof",
		"__alloc_frozen_pages_noprof", "alloc_pages_noprof", "__alloc_pages_noprof", "alloc_frozen_pages_noprof",
		"__get_free_pages", "get_zeroed_page", "__folio_alloc", "folio_alloc", "vma_alloc_folio",
		"__page_cache_alloc", "kmem_getpages", "cache_grow", "cache_alloc_refill", "fallback_alloc",
		"____cache_alloc", "____cache_alloc_node", "__kmalloc", "kmalloc", "kmalloc_order", "kmalloc_order_trace",
		"__kmalloc_large_node", "kmalloc_large", "__kmalloc_node", "kmalloc_node", "__kmalloc_noprof",
		"__kmalloc_node_noprof", "__kmalloc_node_track_caller", "kmalloc_reserve", "kmem_cache_alloc",
		"kmem_cache_alloc_noprof", "kmem_cache_alloc_trace", "kmem_cache_alloc_node", "allocate_slab", "new_slab",
		"___slab_alloc", "__slab_alloc", "refill_objects", "__pcs_replace_empty_main", "alloc_slab_page",
		"slab_alloc", "slab_alloc_node", "get_page_from_freelist", "out_of_memory", "oom_kill_process",
		"dump_header", "__vmalloc_node_range", "__vmalloc", "vmalloc", "__vmalloc_area_node", "vm_area_alloc_pages",
		"kvmalloc_node", "__kvmalloc_node", "kvmalloc_node_noprof", "__kvmalloc_node_noprof",
		"alloc_pages_bulk_array_mempolicy", "__alloc_pages_bulk",
		/* the OOM killer and the memory cgroup charge path */
		"out_of_memory", "mem_cgroup_out_of_memory", "mem_cgroup_oom_synchronize", "mem_cgroup_oom",
		"pagefault_out_of_memory", "try_charge", "try_charge_memcg", "charge_memcg", "__mem_cgroup_charge",
		"mem_cgroup_charge", "mem_cgroup_try_charge", "mem_cgroup_charge_common", "mm_fault_error",
		"moom_callback", "__oom_kill_process", "oom_kill_process", "warn_alloc_show_mem",
	};
	for (size_t i = 0; i < MW_ARRAY_SIZE(names); i++)
		if (strcmp(names[i], f) == 0)
			return true;
	return false;
}

/* The paper's known offenders and their kin, recognised by function prefix or module. */
static const struct offender {
	const char *id;
	const char *label;
	const char *const match[12];
} offenders[] = {
	{ "cifs", "CIFS/SMB client", { "cifs_", "smb2_", "SMB2_", "smb_", "[cifs]", NULL } },
	{ "nfs", "NFS / SunRPC", { "nfs_", "nfs4_", "nfs3_", "nfsd", "rpc_", "xs_", "xprt_", "svc_", "[nfs]", "[sunrpc]", "[nfsv4]", NULL } },
	{ "net", "the network stack (socket buffers)", { "__alloc_skb", "alloc_skb", "__netdev_alloc_skb", "netdev_alloc_", "napi_alloc_",
							  "pskb_expand_head", "skb_copy", "tcp_", "__napi_", "netif_receive_skb", "net_rx_action", NULL } },
};

/* Whether a trace line is a frame the unwinder was sure of (no "? " marker). */
static bool reliable(const char *text)
{
	const char *q = strstr(text, "? ");
	const char *plus = strchr(text, '+');
	return !q || (plus && q > plus);
}

/*
 * The caller: the first frame after the last allocator (or OOM-killer)
 * frame. Frames marked "?" are guesses of the unwinder and skipped, unless
 * every frame is one (2.6 kernels without frame pointers).
 */
static void analyse_trace(struct an *a)
{
	bool past_alloc = false, any_reliable = false;
	char funcs[16][96];
	a->caller[0] = a->offender[0] = '\0';
	a->offender_id = NULL;
	for (size_t i = 0; i < a->e->n_lines; i++)
		if (strcmp(a->e->lines[i].role, "trace") == 0 && reliable(a->e->lines[i].text) &&
		    strchr(a->e->lines[i].text, '+'))
			any_reliable = true;
	for (size_t i = 0; i < a->e->n_lines; i++) {
		const struct eline *l = &a->e->lines[i];
		size_t n;
		bool sure;
		if (strcmp(l->role, "trace") != 0)
			continue;
		n = trace_funcs(l->text, funcs, 16, &a->in_irq);
		sure = reliable(l->text) || !any_reliable;
		if (!sure)
			continue;
		for (size_t k = 0; k < n; k++) {
			if (allocator_frame(funcs[k])) {
				past_alloc = true;
				a->caller[0] = '\0';
				continue;
			}
			if (!a->caller[0] && past_alloc && sure)
				snprintf(a->caller, sizeof(a->caller), "%.*s", (int)sizeof(funcs[k]) - 1, funcs[k]);
		}
		for (size_t o = 0; o < MW_ARRAY_SIZE(offenders) && !a->offender_id && sure; o++)
			for (size_t m = 0; offenders[o].match[m]; m++) {
				const char *pat = offenders[o].match[m];
				bool hit = false;
				if (pat[0] == '[')
					hit = strstr(l->text, pat) != NULL;
				else
					for (size_t k = 0; k < n && !hit; k++)
						hit = strncmp(funcs[k], pat, strlen(pat)) == 0;
				if (hit) {
					a->offender_id = offenders[o].id;
					snprintf(a->offender, sizeof(a->offender), "%s", offenders[o].label);
					break;
				}
			}
		if (strstr(l->text, "net_rx_action") || strstr(l->text, "__do_softirq"))
			a->in_irq = true;
	}
}

/* ---- all of it ---- */

/* The steps in order: each reads what the ones before worked out. */
void mw_events_analyse(struct an *a)
{
	pick_release(a);
	decode_gfp(a);
	page_size(a);
	memory(a);
	check_zones(a);
	analyse_trace(a);
}
