/* SPDX-License-Identifier: MIT */
/*
 * snapshot.c: the snapshot report. One moment of /proc (meminfo, zoneinfo,
 * buddyinfo, pagetypeinfo, slabinfo, vmstat) turned into an explained
 * picture: what user space holds, what the page cache holds, what the
 * kernel holds (slab, page tables, stacks, vmalloc, percpu, huge pages),
 * what is free, and what no counter accounts for; how much of the slab is
 * waste (Kleen, "Where is the memory going?" 2006, 3.7-3.11 and 4.2-4.3);
 * how fragmented each zone is and which allocation orders would succeed
 * now (the kernel's unusable-free-space and extfrag indices); where each
 * zone stands against its watermarks; and findings with the papers'
 * advice ("Can you handle the pressure?" 2005, sections 4-7).
 *
 * A store may hold thousands of snapshots (a day of 10-second captures):
 * the candidates are read from the snapshot table's summary columns only,
 * and full details are built for a few per host: the latest and the worst
 * moment (lowest MemAvailable, else MemFree), or all of them when a host
 * has three or fewer. Trends over all snapshots are the timeline report's.
 *
 * This file picks the snapshots, loads them, works out PAGE_SIZE, writes
 * the meminfo breakdown, the vmstat counters and the summary, and calls
 * the other sections in order (report_snapshot()): the slab in
 * snapshot-slab.c, the zones in snapshot-zones.c, the findings in
 * snapshot-findings.c. snapshot-internal.h has the types they share.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "bootcalc.h"
#include "snapshot-internal.h"
#include "memwaste/banned.h"

#define TOP_DEFAULT 10
#define MAX_DETAILED 40		/* detailed snapshots in one document */

/* Frees what a snapshot owns, not the struct. */
static void snap_free(struct snap *s)
{
	for (size_t i = 0; i < s->n_kv; i++) {
		free(s->kv[i].source);
		free(s->kv[i].name);
	}
	for (size_t i = 0; i < s->n_sec; i++) {
		free(s->sec[i].kind);
		free(s->sec[i].input);
	}
	for (size_t i = 0; i < s->n_caches; i++)
		free(s->caches[i].name);
	for (size_t i = 0; i < s->n_zones; i++)
		free(s->zones[i].zone);
	free(s->kv);
	free(s->sec);
	mw_facts_free(&s->facts);
	free(s->caches);
	free(s->zones);
	free(s->host);
	free(s->taken_text);
	free(s->origin);
	free(s->input);
}

/* ---- loading ---- */

static unsigned parse_counts(const char *text, uint64_t *counts)
{
	unsigned n = 0;
	const char *p = text;
	while (p && *p && n < MW_MAX_ORDERS) {
		char *e;
		unsigned long long v;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		v = strtoull(p, &e, 10);
		if (e == p)
			break;
		counts[n++] = v;
		p = e;
	}
	return n;
}

static struct zinfo *zone_get(struct snap *s, int64_t node, const char *zone)
{
	struct zinfo *z;
	for (size_t i = 0; i < s->n_zones; i++)
		if (s->zones[i].node == node && strcmp(s->zones[i].zone, zone) == 0)
			return &s->zones[i];
	MW_GROW(s->zones, s->alloc_zones, s->n_zones + 1);
	z = &s->zones[s->n_zones++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	z->zone = mw_xstrdup(zone);
	z->free = z->min = z->low = z->high = z->promo = z->boost = MW_UNKNOWN;
	z->spanned = z->present = z->managed = z->cma = z->start_pfn = z->zone_line = MW_UNKNOWN;
	z->pcp_count = z->pcp_high = MW_UNKNOWN;
	z->buddy_line = z->pt_line = MW_UNKNOWN;
	z->max_order_now = -2;
	return z;
}

static int load_details(struct mw_store *st, struct snap *s)
{
	struct mw_q q;

	if (mw_q_prepare(&q, st, "SELECT x.kind, i.display, x.first_line, x.last_line FROM snapshot_section x "
				 "JOIN input i ON i.id = x.input_id WHERE x.snapshot_id = ?1 ORDER BY x.rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		struct section *x;
		MW_GROW(s->sec, s->alloc_sec, s->n_sec + 1);
		x = &s->sec[s->n_sec++];
		x->kind = mw_q_textdup_or(&q, 0, "");
		x->input = mw_q_textdup_or(&q, 1, "");
		x->first = mw_q_i64(&q, 2);
		x->last = mw_q_i64(&q, 3);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_facts_load(&s->facts, st, "snapshot_fact", "snapshot_id", s->id) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT k.source, k.name, v.value, v.line FROM kv v JOIN kv_key k ON k.id = v.key_id "
				 "WHERE v.snapshot_id = ?1") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		struct kv *k;
		MW_GROW(s->kv, s->alloc_kv, s->n_kv + 1);
		k = &s->kv[s->n_kv++];
		k->source = mw_q_textdup_or(&q, 0, "");
		k->name = mw_q_textdup_or(&q, 1, "");
		k->value = mw_q_i64(&q, 2);
		k->line = mw_q_i64(&q, 3);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT n.name, s.active_objs, s.num_objs, s.objsize, s.objperslab, s.pagesperslab, "
				 "s.limit_, s.batchcount, s.sharedfactor, s.active_slabs, s.num_slabs, s.sharedavail, s.line "
				 "FROM slab s JOIN slab_name n ON n.id = s.name_id WHERE s.snapshot_id = ?1 ORDER BY s.line") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		struct cache *c;
		MW_GROW(s->caches, s->alloc_caches, s->n_caches + 1);
		c = &s->caches[s->n_caches++];
		c->name = mw_q_textdup_or(&q, 0, "");
		c->active_objs = mw_q_i64(&q, 1);
		c->num_objs = mw_q_i64(&q, 2);
		c->objsize = mw_q_i64(&q, 3);
		c->objperslab = mw_q_i64(&q, 4);
		c->pagesperslab = mw_q_i64(&q, 5);
		c->limit = mw_q_i64(&q, 6);
		c->batchcount = mw_q_i64(&q, 7);
		c->sharedfactor = mw_q_i64(&q, 8);
		c->active_slabs = mw_q_i64(&q, 9);
		c->num_slabs = mw_q_i64(&q, 10);
		c->sharedavail = mw_q_i64(&q, 11);
		c->line = mw_q_i64(&q, 12);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT z.node, z.zone, z.free, z.min, z.low, z.high, z.promo, z.boost, z.spanned, "
				 "z.present, z.managed, z.cma, z.protection, z.start_pfn, z.populated, z.line, "
				 "(SELECT v.value FROM zone_kv v JOIN kv_key k ON k.id = v.key_id WHERE v.zone_id = z.id "
				 "AND k.name = 'pcp_count'), "
				 "(SELECT v.value FROM zone_kv v JOIN kv_key k ON k.id = v.key_id WHERE v.zone_id = z.id "
				 "AND k.name = 'pcp_high') "
				 "FROM zone z WHERE z.snapshot_id = ?1 ORDER BY z.id") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		struct zinfo *z = zone_get(s, mw_q_i64(&q, 0), mw_q_text(&q, 1));
		const char *prot = mw_q_text(&q, 12);
		z->have_zone = true;
		z->free = mw_q_i64(&q, 2);
		z->min = mw_q_i64(&q, 3);
		z->low = mw_q_i64(&q, 4);
		z->high = mw_q_i64(&q, 5);
		z->promo = mw_q_i64(&q, 6);
		z->boost = mw_q_i64(&q, 7);
		z->spanned = mw_q_i64(&q, 8);
		z->present = mw_q_i64(&q, 9);
		z->managed = mw_q_i64(&q, 10);
		z->cma = mw_q_i64(&q, 11);
		if (prot) {
			uint64_t tmp[MW_MAX_ORDERS];
			unsigned n = parse_counts(prot, tmp);
			z->n_prot = MW_MIN(n, (unsigned)MW_MAX_ZONES);
			for (unsigned i = 0; i < z->n_prot; i++)
				z->prot[i] = (int64_t)tmp[i];
		}
		z->start_pfn = mw_q_i64(&q, 13);
		z->populated = mw_q_i64(&q, 14) == 1;
		z->zone_line = mw_q_i64(&q, 15);
		z->pcp_count = mw_q_i64(&q, 16);
		z->pcp_high = mw_q_i64(&q, 17);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT node, zone, counts, line FROM buddy WHERE snapshot_id = ?1 ORDER BY rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		struct zinfo *z = zone_get(s, mw_q_i64(&q, 0), mw_q_text(&q, 1));
		z->have_buddy = true;
		z->n_orders = parse_counts(mw_q_text(&q, 2), z->counts);
		z->buddy_line = mw_q_i64(&q, 3);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	s->pageblock_order = MW_UNKNOWN;
	if (mw_q_prepare(&q, st, "SELECT section, node, zone, type, counts, capped, pageblock_order, line FROM pagetype "
				 "WHERE snapshot_id = ?1 ORDER BY rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		const char *section = mw_q_text(&q, 0), *type = mw_q_text(&q, 3);
		struct zinfo *z = zone_get(s, mw_q_i64(&q, 1), mw_q_text(&q, 2) ? mw_q_text(&q, 2) : "");
		struct ptype *t = NULL;
		uint64_t counts[MW_MAX_ORDERS];
		unsigned n = parse_counts(mw_q_text(&q, 4), counts);
		if (mw_q_i64(&q, 6) != MW_UNKNOWN)
			s->pageblock_order = mw_q_i64(&q, 6);
		if (!type)
			continue;
		for (unsigned i = 0; i < z->n_types; i++)
			if (strcmp(z->types[i].name, type) == 0)
				t = &z->types[i];
		if (!t && z->n_types < MAX_TYPES) {
			t = &z->types[z->n_types++];
			snprintf(t->name, sizeof(t->name), "%s", type);
			t->blocks = MW_UNKNOWN;
		}
		if (!t)
			continue;
		if (strcmp(section, "free") == 0) {
			if (z->pt_line == MW_UNKNOWN)
				z->pt_line = mw_q_i64(&q, 7);
			for (unsigned k = 0; k < n; k++)
				t->free_pages += counts[k] << k;
			if (mw_q_i64(&q, 5) > 0)
				t->capped = z->pt_capped = true;
			if (!z->have_buddy || z->buddy_from_pt) {
				z->buddy_from_pt = true;
				if (n > z->n_orders)
					z->n_orders = n;
				for (unsigned k = 0; k < n; k++)
					z->counts[k] += counts[k];
			}
		} else if (strcmp(section, "blocks") == 0 && n >= 1) {
			t->blocks = (int64_t)counts[0];
		}
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;
	for (size_t i = 0; i < s->n_zones; i++)
		if (s->zones[i].buddy_from_pt)
			s->zones[i].have_buddy = true;
	return 0;
}

/* ---- page size ---- */

/* bytes / 2^order of the hash-table lines of the latest boot of this host, by majority (kernel-formats.md 3). */
static int64_t boot_page_size(struct mw_store *st, int64_t host_id, char *release, size_t relsz, enum mw_arch *ret_arch)
{
	static const int64_t sizes[] = { 4096, 8192, 16384, 65536 };
	int votes[4] = { 0 }, best = -1;
	int64_t boot_id = MW_UNKNOWN;
	struct mw_q q;

	release[0] = '\0';
	if (mw_q_prepare(&q, st, BOOT_OF_HOST("id, kernel_release, version_line, "
					      "EXISTS (SELECT 1 FROM mem_range r WHERE r.boot_id = b.id AND r.map = 'e820')")) < 0)
		return 0;
	mw_q_bind_i64(&q, 1, host_id);
	if (mw_q_step(&q)) {
		boot_id = mw_q_i64(&q, 0);
		snprintf(release, relsz, "%s", mw_q_text(&q, 1) ? mw_q_text(&q, 1) : "");
		*ret_arch = mw_arch_guess(mw_q_text(&q, 1), mw_q_text(&q, 2), mw_q_i64(&q, 3) == 1, false);
	}
	mw_q_finish(&q);
	if (boot_id == MW_UNKNOWN)
		return -1;
	if (mw_q_prepare(&q, st, "SELECT order_, bytes FROM hash_table WHERE boot_id = ?1") < 0)
		return 0;
	mw_q_bind_i64(&q, 1, boot_id);
	while (mw_q_step(&q)) {
		int64_t order = mw_q_i64(&q, 0), bytes = mw_q_i64(&q, 1);
		if (order == MW_UNKNOWN || order < 0 || order > 30 || bytes <= 0 || bytes % ((int64_t)1 << order))
			continue;
		for (int k = 0; k < 4; k++)
			if ((bytes >> order) == sizes[k])
				votes[k]++;
	}
	mw_q_finish(&q);
	for (int k = 0; k < 4; k++)
		if (votes[k] && (best < 0 || votes[k] > votes[best]))
			best = k;
	return best < 0 ? 0 : sizes[best];
}

/*
 * PAGE_SIZE for this snapshot: what the data says (slabinfo pins it; the
 * ratio of MemFree to vmstat's nr_free_pages; Hugepagesize over the
 * pageblock order), else the boot of the same host, else 4096 stated as
 * estimated.
 */
static void resolve_page_size(struct mw_store *st, const struct snap *s, struct page_size *ps)
{
	const struct mw_fact *f = fact_find(s, "page_size");
	int64_t memfree = mi(s, "MemFree"), nrfree = vm(s, "nr_free_pages"), hp = mi(s, "Hugepagesize");
	char release[128];
	enum mw_arch arch = MW_ARCH_UNKNOWN;
	int64_t b;

	memset(ps, 0, sizeof(*ps));
	if (s->page_size_col != MW_UNKNOWN && s->page_size_col > 0) {
		ps->bytes = s->page_size_col;
		ps->conf = MW_CONF_DERIVED;
		snprintf(ps->how, sizeof(ps->how), "%s", f && f->text ? f->text : "stated by the capture");
		if (f)
			ps->src = sec_src(s, "slabinfo", f->line);
		return;
	}
	if (memfree > 0 && nrfree > 0) {
		double r = (double)memfree * 1024.0 / (double)nrfree;
		for (int64_t p = 4096; p <= 65536; p <<= 1) {
			if (fabs(r - (double)p) <= (double)p * 0.01) {
				ps->bytes = p;
				ps->conf = MW_CONF_DERIVED;
				snprintf(ps->how, sizeof(ps->how), "MemFree (kB) / nr_free_pages of vmstat = %.0f bytes", r);
				ps->src = kv_src(s, "vmstat", "nr_free_pages");
				return;
			}
		}
	}
	/* some ARM vendor kernels print DirectMap lines too, as zeros: only a mapped direct map says x86 */
	if (nz(mi(s, "DirectMap4k")) + nz(mi(s, "DirectMap2M")) + nz(mi(s, "DirectMap4M")) + nz(mi(s, "DirectMap1G")) > 0) {
		ps->bytes = 4096;
		ps->conf = MW_CONF_DERIVED;
		snprintf(ps->how, sizeof(ps->how), "x86 (meminfo has DirectMap lines): its pages are always 4 KiB");
		ps->src = kv_src(s, "meminfo", mi(s, "DirectMap4k") != MW_UNKNOWN ? "DirectMap4k" : "DirectMap2M");
		return;
	}
	if (hp > 0 && s->pageblock_order != MW_UNKNOWN && s->pageblock_order > 0 && s->pageblock_order < 20) {
		int64_t p = hp * 1024 >> s->pageblock_order;
		if (p == 4096 || p == 8192 || p == 16384 || p == 65536) {
			ps->bytes = p;
			ps->conf = MW_CONF_ESTIMATED;
			snprintf(ps->how, sizeof(ps->how),
				 "Hugepagesize / 2^(page block order %" PRId64 "): the pageblock is a huge page on most configurations",
				 s->pageblock_order);
			ps->src = kv_src(s, "meminfo", "Hugepagesize");
			return;
		}
	}
	b = boot_page_size(st, s->host_id, release, sizeof(release), &arch);
	if (b > 0) {
		ps->bytes = b;
		ps->conf = MW_CONF_DERIVED;
		snprintf(ps->how, sizeof(ps->how), "from the hash-table lines of the boot log of this host%s%s",
			 release[0] ? " (" : "", release[0] ? release : "");
		if (release[0])
			snprintf(ps->how + strlen(ps->how), sizeof(ps->how) - strlen(ps->how), ")");
		return;
	}
	ps->bytes = 4096;
	ps->conf = MW_CONF_ESTIMATED;
	if (arch != MW_ARCH_UNKNOWN) {
		ps->bytes = mw_page_size_default(arch);
		snprintf(ps->how, sizeof(ps->how), "the default of the architecture of this host's boot log (%s)",
			 mw_arch_name(arch));
		return;
	}
	snprintf(ps->how, sizeof(ps->how), "%s",
		 b < 0 ? "not in the data and no boot log of this host: 4 KiB assumed (x86, most arm64)"
		       : "not in the data nor in the boot log of this host: 4 KiB assumed (x86, most arm64)");
}

/* ---- the memory breakdown ---- */

static const struct mw_column breakdown_cols[] = {
	{ "category", "Category", MW_UNIT_NONE, MW_VAL_STR, 0, "what holds the memory" },
	{ "group", "Group", MW_UNIT_NONE, MW_VAL_STR, 0, "user space, page cache, kernel, free, unaccounted" },
	{ "bytes", "Size", MW_UNIT_BYTES, MW_VAL_INT, 0, "bytes" },
	{ "pct_of_total", "% of MemTotal", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of MemTotal" },
	{ "fields", "From", MW_UNIT_NONE, MW_VAL_STR, 0, "the meminfo fields" },
	{ "confidence", "How known", MW_UNIT_NONE, MW_VAL_STR, MW_F_JSON_ONLY, "exact, derived or estimated" },
};

static void brow_add(struct breakdown *b, const char *cat, const char *group, const char *fields, int64_t kb,
		     enum mw_confidence conf)
{
	if (b->n < MW_ARRAY_SIZE(b->rows))
		b->rows[b->n++] = (struct brow){ cat, group, fields, kb, conf };
}

static void missing_add(struct breakdown *b, const char *name)
{
	size_t o = strlen(b->missing);
	snprintf(b->missing + o, sizeof(b->missing) - o, "%s%s", o ? ", " : "", name);
}

/*
 * The partition of MemTotal from meminfo (kernel-formats.md 5.3): every
 * category is a meminfo field or a difference of two, the rest is
 * "unaccounted". Cached includes Shmem (since 2.6.32), KReclaimable
 * includes SReclaimable, AnonPages includes AnonHugePages. VmallocUsed is
 * address space before 4.4, 0 from 4.4 to ~5.2 and pages since; with
 * CONFIG_VMAP_STACK (default on 64-bit x86 and arm64) kernel stacks are
 * vmalloc pages and counted in both.
 */
static void compute_breakdown(const struct snap *s, int64_t page_size, struct breakdown *b)
{
	int64_t total = mi(s, "MemTotal"), free_ = mi(s, "MemFree"), anon = mi(s, "AnonPages"), shmem = mi(s, "Shmem");
	int64_t cached = mi(s, "Cached"), buffers = mi(s, "Buffers"), swapc = mi(s, "SwapCached");
	int64_t slab = mi(s, "Slab"), srec = mi(s, "SReclaimable"), sunr = mi(s, "SUnreclaim"), krec = mi(s, "KReclaimable");
	int64_t pt = mi(s, "PageTables"), spt = mi(s, "SecPageTables"), ks = mi(s, "KernelStack");
	int64_t vused = mi(s, "VmallocUsed"), vchunk = mi(s, "VmallocChunk"), vtotal = mi(s, "VmallocTotal");
	int64_t percpu = mi(s, "Percpu"), hugetlb = mi(s, "Hugetlb"), hp_total = mi(s, "HugePages_Total");
	int64_t hp_size = mi(s, "Hugepagesize"), zswap = mi(s, "Zswap"), unacc = mi(s, "Unaccepted");
	int64_t balloon = mi(s, "Balloon"), bounce = mi(s, "Bounce"), hightotal = mi(s, "HighTotal");
	int64_t sum = 0;

	memset(b, 0, sizeof(*b));
	if (total == MW_UNKNOWN || total <= 0)
		return;
	b->have = true;
	b->total_kb = total;

	if (anon != MW_UNKNOWN)
		brow_add(b, "anonymous", "user space", "AnonPages", anon, MW_CONF_EXACT);
	else
		missing_add(b, "AnonPages");
	if (shmem != MW_UNKNOWN)
		brow_add(b, "shmem, tmpfs", "user space", "Shmem", shmem, MW_CONF_EXACT);
	b->user_kb = nz(anon) + nz(shmem);

	if (cached != MW_UNKNOWN)
		brow_add(b, shmem != MW_UNKNOWN ? "file cache" : "file cache, shmem", "page cache",
			 shmem != MW_UNKNOWN ? "Cached - Shmem" : "Cached", cached - nz(shmem), MW_CONF_DERIVED);
	if (buffers != MW_UNKNOWN)
		brow_add(b, "buffers", "page cache", "Buffers", buffers, MW_CONF_EXACT);
	if (swapc != MW_UNKNOWN && swapc > 0)
		brow_add(b, "swap cache", "page cache", "SwapCached", swapc, MW_CONF_EXACT);
	b->cache_kb = nz(cached) - nz(shmem) + nz(buffers) + nz(swapc);

	if (srec != MW_UNKNOWN && sunr != MW_UNKNOWN) {
		brow_add(b, "slab reclaimable", "kernel", "SReclaimable", srec, MW_CONF_EXACT);
		brow_add(b, "slab unreclaimable", "kernel", "SUnreclaim", sunr, MW_CONF_EXACT);
		b->kernel_kb += srec + sunr;
	} else if (slab != MW_UNKNOWN) {
		brow_add(b, "slab", "kernel", "Slab", slab, MW_CONF_EXACT);
		b->kernel_kb += slab;
	} else {
		missing_add(b, "Slab");
	}
	if (krec != MW_UNKNOWN && srec != MW_UNKNOWN && krec > srec) {
		brow_add(b, "other reclaimable", "kernel", "KReclaimable - SReclaimable", krec - srec,
			 MW_CONF_DERIVED);
		b->kernel_kb += krec - srec;
	}
	if (pt != MW_UNKNOWN) {
		brow_add(b, "page tables", "kernel", spt != MW_UNKNOWN ? "PageTables + SecPageTables" : "PageTables",
			 pt + nz(spt), MW_CONF_EXACT);
		b->kernel_kb += pt + nz(spt);
	} else {
		missing_add(b, "PageTables");
	}
	if (ks != MW_UNKNOWN) {
		brow_add(b, "kernel stacks", "kernel", "KernelStack", ks, MW_CONF_EXACT);
		b->kernel_kb += ks;
	} else {
		missing_add(b, "KernelStack");
	}
	/* vmalloc: what the number means depends on the era */
	if (vused != MW_UNKNOWN) {
		if (vchunk != MW_UNKNOWN && vchunk > 0) {
			snprintf(b->vmalloc_note, sizeof(b->vmalloc_note),
				 "VmallocUsed (%" PRId64 " kB) is vmalloc address space on this kernel (before 4.4: "
				 "ioremap included), not memory: left out, vmalloc pages are in 'unaccounted'", vused);
		} else if (vused == 0) {
			snprintf(b->vmalloc_note, sizeof(b->vmalloc_note),
				 "VmallocUsed is 0: kernels 4.4 to 5.2 print 0; vmalloc pages are in 'unaccounted'");
		} else {
			bool vmap_stack = ks != MW_UNKNOWN && ks > 0 && hightotal == MW_UNKNOWN && vtotal != MW_UNKNOWN &&
					  vtotal > (INT64_C(1) << 30);
			int64_t v = vmap_stack ? vused - ks : vused;
			if (v < 0)
				v = 0;
			brow_add(b, vmap_stack ? "vmalloc - stacks" : "vmalloc", "kernel",
				 vmap_stack ? "VmallocUsed - KernelStack" : "VmallocUsed", v,
				 vmap_stack ? MW_CONF_ESTIMATED : MW_CONF_EXACT);
			b->kernel_kb += v;
			if (vmap_stack) {
				b->estimated = true;
				snprintf(b->vmalloc_note, sizeof(b->vmalloc_note),
					 "64-bit kernel: kernel stacks are taken to be vmalloc'ed (CONFIG_VMAP_STACK, the "
					 "default on x86_64 and arm64) and counted once, under kernel stacks");
			}
		}
	}
	if (percpu != MW_UNKNOWN) {
		brow_add(b, "percpu", "kernel", "Percpu", percpu, MW_CONF_EXACT);
		b->kernel_kb += percpu;
	}
	if (hugetlb != MW_UNKNOWN && hugetlb > 0) {
		brow_add(b, "hugetlb pool", "kernel", "Hugetlb", hugetlb, MW_CONF_EXACT);
		b->kernel_kb += hugetlb;
	} else if (hugetlb == MW_UNKNOWN && hp_total != MW_UNKNOWN && hp_total > 0 && cmul(hp_total, hp_size) != MW_UNKNOWN &&
		   cmul(hp_total, hp_size) <= (INT64_C(1) << 44)) {	/* the meminfo bound of the parsers */
		brow_add(b, "hugetlb pool", "kernel", "HugePages_Total x Hugepagesize", hp_total * hp_size,
			 MW_CONF_DERIVED);
		b->kernel_kb += hp_total * hp_size;
	}
	if (zswap != MW_UNKNOWN && zswap > 0) {
		brow_add(b, "zswap pool", "kernel", "Zswap", zswap, MW_CONF_EXACT);
		b->kernel_kb += zswap;
	}
	if (unacc != MW_UNKNOWN && unacc > 0) {
		brow_add(b, "unaccepted", "kernel", "Unaccepted", unacc, MW_CONF_EXACT);
		b->kernel_kb += unacc;
	}
	if (balloon != MW_UNKNOWN && balloon > 0) {
		brow_add(b, "balloon", "kernel", "Balloon", balloon, MW_CONF_EXACT);
		b->kernel_kb += balloon;
	}
	if (bounce != MW_UNKNOWN && bounce > 0) {
		brow_add(b, "bounce", "kernel", "Bounce", bounce, MW_CONF_EXACT);
		b->kernel_kb += bounce;
	}
	if (free_ != MW_UNKNOWN)
		brow_add(b, "free", "free", "MemFree", free_, MW_CONF_EXACT);
	else
		missing_add(b, "MemFree");
	b->free_kb = nz(free_);
	/* free pages on the per-CPU lists are in no meminfo counter, not even MemFree (zoneinfo pagesets) */
	{
		int64_t pcp = 0;
		bool have = false;
		for (size_t i = 0; i < s->n_zones; i++)
			if (s->zones[i].pcp_count != MW_UNKNOWN)
				pcp += s->zones[i].pcp_count, have = true;
		if (have && pcp > 0 && cmul(pcp, page_size) != MW_UNKNOWN) {
			b->pcp_kb = cmul(pcp, page_size) / 1024;
			brow_add(b, "free, per-CPU lists", "free", "zoneinfo pagesets (count)", b->pcp_kb, MW_CONF_DERIVED);
		}
	}
	sum = b->user_kb + b->cache_kb + b->kernel_kb + b->free_kb + b->pcp_kb;
	b->unaccounted_kb = total - sum;
	brow_add(b, "unaccounted", "unaccounted", "MemTotal - all of the above", b->unaccounted_kb,
		 b->estimated || b->missing[0] ? MW_CONF_ESTIMATED : MW_CONF_DERIVED);
}

/* ---- the breakdown in the document ---- */

static struct mw_node *fig_kb(struct ctx *c, struct mw_node *sec, const char *key, const char *label, const char *name)
{
	struct mw_source src = kv_src(c->s, "meminfo", name);
	int64_t v = mi(c->s, name);
	if (v == MW_UNKNOWN)
		return mw_fig_null(sec, key, label, MW_UNIT_KB, "not in this meminfo");
	return figi(sec, key, label, v, MW_UNIT_KB, MW_CONF_EXACT, &src, NULL);
}

static void add_breakdown(struct ctx *c)
{
	struct breakdown *b = &c->b;
	struct mw_node *sec, *t;
	char how[512];

	if (!sec_find(c->s, "meminfo")) {
		/* the keys every snapshot has, for tools; nothing to show people */
		mw_node_set_flags(mw_fig_null(c->item, "memtotal_kb", "MemTotal", MW_UNIT_KB, "no meminfo in this snapshot"),
				  MW_F_JSON_ONLY);
		mw_node_set_flags(mw_fig_null(c->item, "unaccounted_bytes", "Unaccounted", MW_UNIT_BYTES,
					      "no meminfo in this snapshot"), MW_F_JSON_ONLY);
		return;
	}
	sec = mw_section(c->item, NULL, "Where the memory is (meminfo)");
	mw_node_set_flags(fig_kb(c, sec, "memtotal_kb", "MemTotal", "MemTotal"), MW_F_KEY);
	fig_kb(c, sec, "memfree_kb", "MemFree", "MemFree");
	mw_node_set_flags(fig_kb(c, sec, "memavailable_kb", "MemAvailable", "MemAvailable"), MW_F_KEY);
	if (!b->have) {
		mw_fig_null(sec, "unaccounted_bytes", "Unaccounted", MW_UNIT_BYTES,
			    sec_find(c->s, "meminfo") ? "this meminfo has no MemTotal" : "no meminfo in this snapshot");
		mw_fig_null(sec, "unaccounted_pct", "Unaccounted, % of MemTotal", MW_UNIT_PCT, NULL);
		return;
	}
	mw_node_set_flags(figi(sec, "user_space_bytes", "User space (anonymous + shared memory)", b->user_kb * 1024,
				     MW_UNIT_BYTES, MW_CONF_DERIVED, NULL, "AnonPages + Shmem"), MW_F_KEY);
	mw_fig_double(sec, "user_space_pct", "User space, % of MemTotal", pct(b->user_kb, b->total_kb), MW_UNIT_PCT,
		      MW_CONF_DERIVED, NULL, NULL);
	mw_node_set_flags(figi(sec, "page_cache_bytes", "Page cache (files, buffers, swap cache)", b->cache_kb * 1024,
				     MW_UNIT_BYTES, MW_CONF_DERIVED, NULL, "Cached - Shmem + Buffers + SwapCached"), MW_F_KEY);
	mw_fig_double(sec, "page_cache_pct", "Page cache, % of MemTotal", pct(b->cache_kb, b->total_kb), MW_UNIT_PCT,
		      MW_CONF_DERIVED, NULL, NULL);
	mw_node_set_flags(figi(sec, "kernel_bytes", "Kernel (slab, page tables, stacks, vmalloc, percpu, huge pages)",
				     b->kernel_kb * 1024, MW_UNIT_BYTES, b->estimated ? MW_CONF_ESTIMATED : MW_CONF_DERIVED, NULL,
				     "the kernel rows of the table below"), MW_F_KEY);
	mw_fig_double(sec, "kernel_pct", "Kernel, % of MemTotal", pct(b->kernel_kb, b->total_kb), MW_UNIT_PCT,
		      MW_CONF_DERIVED, NULL, NULL);
	figi(sec, "free_bytes", "Free", b->free_kb * 1024, MW_UNIT_BYTES, MW_CONF_EXACT, NULL, "MemFree");
	if (b->pcp_kb)
		figi(sec, "pcp_free_bytes", "Free on the per-CPU lists (not in MemFree)", b->pcp_kb * 1024, MW_UNIT_BYTES,
			   MW_CONF_DERIVED, NULL, "sum of the pagesets' count in zoneinfo x PAGE_SIZE");
	snprintf(how, sizeof(how), "MemTotal minus every category above%s%s", b->missing[0] ? "; not reported by this kernel: " : "",
		 b->missing);
	mw_node_set_flags(figi(sec, "unaccounted_bytes", "Unaccounted (no counter names it)", b->unaccounted_kb * 1024,
				     MW_UNIT_BYTES, b->estimated || b->missing[0] ? MW_CONF_ESTIMATED : MW_CONF_DERIVED, NULL, how),
			  MW_F_KEY);
	mw_node_set_flags(mw_fig_double(sec, "unaccounted_pct", "Unaccounted, % of MemTotal",
					pct(b->unaccounted_kb, b->total_kb), MW_UNIT_PCT, MW_CONF_DERIVED, NULL, NULL),
			  MW_F_KEY);

	t = mw_table(sec, "breakdown", "MemTotal, category by category", breakdown_cols, MW_ARRAY_SIZE(breakdown_cols));
	for (size_t i = 0; i < b->n; i++) {
		struct mw_row *r = mw_row_add(t);
		const struct kv *k = strchr(b->rows[i].fields, ' ') ? NULL : kv_find(c->s, "meminfo", b->rows[i].fields);
		const struct section *x = sec_find(c->s, "meminfo");
		mw_cell_str(r, 0, b->rows[i].category);
		mw_cell_str(r, 1, b->rows[i].group);
		mw_cell_int(r, 2, b->rows[i].kb * 1024);
		mw_cell_double(r, 3, pct((double)b->rows[i].kb, (double)b->total_kb));
		mw_cell_str(r, 4, b->rows[i].fields);
		mw_cell_str(r, 5, mw_confidence_name(b->rows[i].conf));
		if (k && x)
			mw_row_source(r, x->input, k->line != MW_UNKNOWN ? (uint64_t)k->line : 0);
	}
	{
		struct mw_row *r = mw_row_add(t);
		struct mw_source src = kv_src(c->s, "meminfo", "MemTotal");
		mw_cell_str(r, 0, "MemTotal");
		mw_cell_str(r, 1, "total");
		mw_cell_int(r, 2, b->total_kb * 1024);
		mw_cell_double(r, 3, 100.0);
		mw_cell_str(r, 4, "MemTotal");
		mw_cell_str(r, 5, "exact");
		mw_row_source(r, src.file, src.line);
	}
	if (b->vmalloc_note[0])
		mw_text(sec, "%s.", b->vmalloc_note);
	if (b->missing[0])
		mw_text(sec, "This kernel does not report %s: that memory is counted in 'unaccounted'.", b->missing);
	if (b->unaccounted_kb < 0)
		mw_text(sec, "Unaccounted is negative: some categories overlap here (swap cache pages still mapped are "
			     "also anonymous memory; vmalloc can hold kernel stacks).");
}

/* ---- memory pressure since boot (vmstat) ---- */

static const struct mw_column vmstat_cols[] = {
	{ "counter", "Counter", MW_UNIT_NONE, MW_VAL_STR, 0, "vmstat name" },
	{ "value", "Since boot", MW_UNIT_COUNT, MW_VAL_INT, 0, "value as printed" },
	{ "meaning", "Meaning", MW_UNIT_NONE, MW_VAL_STR, 0, "what it counts" },
};

static const struct {
	const char *name, *meaning;
} pressure_counters[] = {
	{ "allocstall", "direct reclaims (allocations that had to free memory themselves)" },
	{ "allocstall_normal", "direct reclaims for Normal-zone allocations" },
	{ "allocstall_movable", "direct reclaims for movable allocations" },
	{ "pgscan_kswapd", "pages scanned by kswapd" },
	{ "pgscan_direct", "pages scanned in direct reclaim" },
	{ "pgsteal_kswapd", "pages reclaimed by kswapd" },
	{ "pgsteal_direct", "pages reclaimed in direct reclaim" },
	{ "slabs_scanned", "slab objects scanned by the shrinkers" },
	{ "pginodesteal", "inodes freed with their page cache" },
	{ "compact_stall", "direct compactions (high-order allocations that had to compact)" },
	{ "compact_fail", "direct compactions that failed" },
	{ "compact_success", "direct compactions that succeeded" },
	{ "thp_fault_fallback", "huge page faults that fell back to small pages" },
	{ "pgmajfault", "major page faults (read from disk)" },
	{ "workingset_refault_file", "evicted file pages read back soon after" },
	{ "workingset_refault", "evicted pages read back soon after" },
	{ "oom_kill", "processes killed by the OOM killer" },
};

static void add_vmstat(struct ctx *c)
{
	struct snap *s = c->s;
	struct mw_node *sec, *t = NULL;

	if (!sec_find(s, "vmstat"))
		return;
	sec = mw_section(c->item, NULL, "Memory pressure since boot (vmstat)");
	for (size_t i = 0; i < MW_ARRAY_SIZE(pressure_counters); i++) {
		const struct kv *k = kv_find(s, "vmstat", pressure_counters[i].name);
		const struct section *x = sec_find(s, "vmstat");
		struct mw_row *r;
		if (!k)
			continue;
		if (!t)
			t = mw_table(sec, "vmstat_pressure", "Reclaim, compaction and OOM counters", vmstat_cols,
				     MW_ARRAY_SIZE(vmstat_cols));
		r = mw_row_add(t);
		mw_cell_str(r, 0, k->name);
		mw_cell_int(r, 1, k->value);
		mw_cell_str(r, 2, pressure_counters[i].meaning);
		mw_row_source(r, x ? x->input : NULL, k->line != MW_UNKNOWN ? (uint64_t)k->line : 0);
	}
	mw_snapshot_vmstat_findings(c, sec);
}

/* ---- the snapshot in the document ---- */

/* One paragraph first in the item: the breakdown, the slab, the zones, the largest free block, vmstat. */
static void summary(struct ctx *c)
{
	char sum[1024], a[32], bb[32];
	size_t n = 0;
	struct breakdown *b = &c->b;
	struct slabsum *ss = &c->ss;

	if (b->have) {
		double t = (double)b->total_kb;
		fmt_bytes(a, sizeof(a), t * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "MemTotal %s: ", a);
		fmt_bytes(a, sizeof(a), (double)b->user_kb * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "user space %s (%.1f%%), ", a, mw_pct((double)b->user_kb, t));
		fmt_bytes(a, sizeof(a), (double)b->cache_kb * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "page cache %s (%.1f%%), ", a, mw_pct((double)b->cache_kb, t));
		fmt_bytes(a, sizeof(a), (double)b->kernel_kb * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "kernel %s (%.1f%%), ", a, mw_pct((double)b->kernel_kb, t));
		fmt_bytes(a, sizeof(a), (double)b->free_kb * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "free %s (%.1f%%), ", a, mw_pct((double)b->free_kb, t));
		fmt_bytes(a, sizeof(a), (double)b->unaccounted_kb * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "unaccounted %s (%.1f%%).", a,
				      mw_pct((double)b->unaccounted_kb, t));
	}
	if (ss->have && n < sizeof(sum)) {
		fmt_bytes(a, sizeof(a), (double)ss->total);
		fmt_bytes(bb, sizeof(bb), (double)ss->waste);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%sSlab %s, waste %s%s (%.1f%%).", n ? " " : "", a,
				      ss->slub ? "at least " : "", bb, mw_pct((double)ss->waste, (double)ss->total));
	}
	if (n < sizeof(sum)) {
		unsigned zones = 0, below_min = 0, below_low = 0;
		for (size_t i = 0; i < c->s->n_zones; i++) {
			const char *st = mw_snapshot_zone_state(&c->s->zones[i]);
			if (!c->s->zones[i].have_zone || !strcmp(st, "empty zone") || !strcmp(st, "unknown"))
				continue;
			zones++;
			below_min += !strcmp(st, "below min");
			below_low += !strcmp(st, "below low");
		}
		if (zones && below_min)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%s%u of %u zones below their min watermark.", n ? " " : "",
					      below_min, zones);
		else if (zones && below_low)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%s%u of %u zones below their low watermark.", n ? " " : "",
					      below_low, zones);
		else if (zones)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%sEvery zone is above its low watermark.", n ? " " : "");
		if (!c->b.have && n < sizeof(sum)) {
			uint64_t free_pages = 0;
			unsigned nz_ = 0;
			for (size_t i = 0; i < c->s->n_zones; i++) {
				const struct zinfo *z = &c->s->zones[i];
				if (z->have_buddy)
					free_pages += z->frag.free_pages, nz_++;
				else if (z->have_zone && z->free != MW_UNKNOWN && z->free > 0)
					free_pages += (uint64_t)z->free, nz_++;
			}
			if (nz_) {
				fmt_bytes(a, sizeof(a), (double)free_pages * (double)c->ps.bytes);
				n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%s%s free in %u zones.", n ? " " : "", a, nz_);
			}
		}
	}
	if (n < sizeof(sum)) {
		const struct zinfo *best = NULL;
		bool other = false;
		for (size_t i = 0; i < c->s->n_zones; i++)
			other |= c->s->zones[i].have_buddy && strcmp(c->s->zones[i].zone, "DMA") != 0;
		for (size_t i = 0; i < c->s->n_zones; i++) {
			const struct zinfo *z = &c->s->zones[i];
			if (other && strcmp(z->zone, "DMA") == 0)
				continue;
			if (z->have_buddy && (!best || z->frag.largest_order > best->frag.largest_order ||
					      (z->frag.largest_order == best->frag.largest_order &&
					       z->counts[MW_MAX(z->frag.largest_order, 0)] * (z->frag.largest_order >= 0) >
						       best->counts[MW_MAX(best->frag.largest_order, 0)] * (best->frag.largest_order >= 0))))
				best = z;
		}
		if (best) {
			if (best->frag.largest_order >= 0) {
				fmt_bytes(a, sizeof(a), (double)c->ps.bytes * (double)(INT64_C(1) << best->frag.largest_order));
				n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%sLargest free block: order %d (%s) in %s.",
						      n ? " " : "", best->frag.largest_order, a, best->zone);
			} else {
				n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%sNo free block in any zone.", n ? " " : "");
			}
		}
	}
	if (n < sizeof(sum) && sec_find(c->s, "vmstat")) {
		int64_t stalls = 0, cstall = vm(c->s, "compact_stall"), cfail = vm(c->s, "compact_fail"), oom = vm(c->s, "oom_kill");
		bool any = false;
		for (size_t i = 0; i < c->s->n_kv; i++)
			if (strcmp(c->s->kv[i].source, "vmstat") == 0 && strncmp(c->s->kv[i].name, "allocstall", 10) == 0 &&
			    c->s->kv[i].value >= 0 && stalls != MW_UNKNOWN)
				stalls = cadd(stalls, c->s->kv[i].value), any = true;
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%sSince boot: ", n ? " " : "");
		if (any && stalls != MW_UNKNOWN)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%" PRId64 " direct reclaims, ", stalls);
		if (cstall != MW_UNKNOWN)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%" PRId64 " direct compactions (%" PRId64 " failed), ",
					      cstall, nz(cfail));
		if (oom != MW_UNKNOWN)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%" PRId64 " OOM kills, ", oom);
		if (n >= 2 && n < sizeof(sum) && sum[n - 2] == ',') {
			sum[n - 2] = '.';
			sum[--n] = '\0';
		} else if (n < sizeof(sum)) {
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "no reclaim counters.");
		}
	}
	if (!n)
		snprintf(sum, sizeof(sum), "%s", "Nothing in this snapshot memwaste summarises (see below).");
	mw_summary(c->item, "%s", sum);
}

/* The input of the snapshot, or the directory its files share ("proc/") when it spans several. */
static const char *snapshot_where(const struct snap *s, char *buf, size_t n)
{
	size_t common;
	if (!s->n_sec)
		return s->input ? s->input : "?";
	common = strlen(s->sec[0].input);
	for (size_t i = 1; i < s->n_sec; i++) {
		size_t k = 0;
		while (k < common && s->sec[i].input[k] == s->sec[0].input[k])
			k++;
		common = k;
	}
	if (common == strlen(s->sec[0].input))
		return s->sec[0].input;
	while (common && s->sec[0].input[common - 1] != '/')
		common--;
	if (!common)
		return "several files";
	snprintf(buf, n, "%.*s", (int)common, s->sec[0].input);
	return buf;
}

static void report_snapshot(struct mw_store *st, const struct mw_report_opts *o, struct mw_node *list, struct snap *s)
{
	struct ctx c = { .st = st, .o = o, .s = s };
	char title[512], roles[96], sections[160], wbuf[256];
	const char *where;
	const char *host = s->host && strcmp(s->host, "unknown") != 0 ? s->host : NULL;
	bool dated = s->taken != MW_UNKNOWN && (s->taken_text || (s->origin && strcmp(s->origin, "live") == 0));
	size_t n = 0;

	c.top = o->max_rows ? o->max_rows : TOP_DEFAULT;
	if (s->host_count == 1)
		snprintf(roles, sizeof(roles), "the only snapshot");
	else if (!s->role)
		snprintf(roles, sizeof(roles), "one of %u", s->host_count);
	else
		snprintf(roles, sizeof(roles), "%s%s%s of %u", s->role & ROLE_LATEST ? "latest" : "",
			 (s->role & ROLE_LATEST) && (s->role & ROLE_WORST) ? ", " : "",
			 s->role & ROLE_WORST ? (s->memavail != MW_UNKNOWN ? "lowest MemAvailable" : "lowest MemFree") : "",
			 s->host_count);
	where = snapshot_where(s, wbuf, sizeof(wbuf));
	if (dated) {
		struct mw_value tv = { .type = MW_VAL_INT, .i = s->taken };
		char when[64];
		mw_format_value(when, sizeof(when), &tv, MW_UNIT_TIME);
		snprintf(title, sizeof(title), "Snapshot%s%s at %s (%s)", host ? " of " : "", host ? host : "", when, roles);
	} else {
		snprintf(title, sizeof(title), "Snapshot%s%s from %s (%s)", host ? " of " : "", host ? host : "", where, roles);
	}
	c.item = mw_list_add(list, title);
	if (host)
		mw_node_set_flags(mw_fig_str(c.item, "host", "Host", host, NULL), MW_F_HOST);
	if (dated) {
		struct mw_source src = { s->input, s->line != MW_UNKNOWN ? (uint64_t)s->line : 0 };
		figi(c.item, "taken", "Taken", s->taken, MW_UNIT_TIME, MW_CONF_EXACT, s->taken_text ? &src : NULL,
			   s->taken_text ? "the date line of the capture" : "read from this machine now");
	}
	mw_fig_str(c.item, "role", "Why this snapshot", roles, NULL);
	sections[0] = '\0';
	for (size_t i = 0; i < s->n_sec; i++) {
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->sec[j].kind, s->sec[i].kind) == 0)
				dup = true;
		if (!dup && n + 20 < sizeof(sections))
			n += (size_t)snprintf(sections + n, sizeof(sections) - n, "%s%s", n ? ", " : "", s->sec[i].kind);
	}
	mw_fig_str(c.item, "sections", "Files in this snapshot", sections, NULL);
	if (s->n_sec) {
		struct mw_source src = { s->sec[0].input, s->sec[0].first != MW_UNKNOWN ? (uint64_t)s->sec[0].first : 0 };
		mw_fig_str(c.item, "input", "Input", where, strcmp(where, s->sec[0].input) == 0 ? &src : NULL);
	}
	resolve_page_size(st, s, &c.ps);
	figi(c.item, "page_size_bytes", "Page size", c.ps.bytes, MW_UNIT_BYTES, c.ps.conf,
		   c.ps.src.file || c.ps.src.line ? &c.ps.src : NULL, c.ps.how);

	compute_breakdown(s, c.ps.bytes, &c.b);
	mw_snapshot_compute_slab(s, c.ps.bytes, &c.ss);
	add_breakdown(&c);
	mw_snapshot_add_slab(&c);
	mw_snapshot_add_zones(&c);
	add_vmstat(&c);
	mw_snapshot_findings(&c);
	summary(&c);
}

/* ---- selection ---- */

static bool later(const struct snap *a, const struct snap *b)
{
	if (a->taken != MW_UNKNOWN && b->taken != MW_UNKNOWN && (a->taken != b->taken || a->frac != b->frac))
		return a->taken > b->taken || (a->taken == b->taken && a->frac > b->frac);
	return a->id > b->id;
}

static int64_t pressure_key(const struct snap *s)
{
	return s->memavail != MW_UNKNOWN ? s->memavail : s->memfree;
}

static bool snapshot_applies(struct mw_store *st, const struct mw_report_opts *o)
{
	(void)o;
	return mw_q_scalar(st, "SELECT EXISTS (SELECT 1 FROM snapshot_section WHERE kind IN ('meminfo', 'zoneinfo', "
			       "'buddyinfo', 'pagetypeinfo', 'slabinfo', 'vmstat')) + 0 * ?1", 0) > 0;
}

static int cmp_chrono(const void *a, const void *b)
{
	const struct snap *x = a, *y = b;
	if (x->host_id != y->host_id)
		return x->host_id < y->host_id ? -1 : 1;
	if (later(x, y))
		return 1;
	if (later(y, x))
		return -1;
	return 0;
}

static int snapshot_run(struct mw_store *st, const struct mw_report_opts *o, struct mw_node *root)
{
	struct mw_q q;
	struct snap *all = NULL, *pick = NULL;
	size_t n = 0, alloc = 0, n_pick = 0, alloc_pick = 0, skipped_hosts = 0;
	struct mw_node *list;
	int r = 0;

	/* candidates from the summary columns only: fast on a week of captures */
	if (mw_q_prepare(&q, st, "SELECT s.id, s.host_id, h.name, s.taken, s.taken_frac, s.memavailable_kb, s.memfree_kb "
				 "FROM snapshot s LEFT JOIN host h ON h.id = s.host_id "
				 "WHERE (?1 IS NULL OR h.name = ?1) AND (s.memtotal_kb IS NOT NULL OR s.memfree_kb IS NOT NULL "
				 "OR s.slab_caches IS NOT NULL OR s.buddy_free_pages IS NOT NULL OR EXISTS (SELECT 1 FROM "
				 "snapshot_section x WHERE x.snapshot_id = s.id AND x.kind IN ('meminfo', 'zoneinfo', "
				 "'buddyinfo', 'pagetypeinfo', 'slabinfo', 'vmstat'))) ORDER BY s.host_id, s.id") < 0)
		return MW_ESTORE;
	mw_q_bind_text(&q, 1, o->host);
	while (mw_q_step(&q)) {
		struct snap *s;
		MW_GROW(all, alloc, n + 1);
		s = &all[n++];
		memset(s, 0, sizeof(*s));
		s->id = mw_q_i64(&q, 0);
		s->host_id = mw_q_i64(&q, 1);
		s->taken = mw_q_i64(&q, 3);
		s->frac = mw_q_null(&q, 4) ? 0 : mw_q_double(&q, 4);
		s->memavail = mw_q_i64(&q, 5);
		s->memfree = mw_q_i64(&q, 6);
	}
	if (mw_q_finish(&q) < 0) {
		free(all);
		return MW_ESTORE;
	}
	/* per host: the latest and the worst, or all when there are few */
	for (size_t i = 0; i < n;) {
		size_t j = i, latest = i, worst = SIZE_MAX;
		while (j < n && all[j].host_id == all[i].host_id) {
			if (later(&all[j], &all[latest]))
				latest = j;
			if (pressure_key(&all[j]) != MW_UNKNOWN &&
			    (worst == SIZE_MAX || pressure_key(&all[j]) < pressure_key(&all[worst])))
				worst = j;
			j++;
		}
		if (n_pick >= MAX_DETAILED) {
			skipped_hosts++;
			i = j;
			continue;
		}
		for (size_t k = i; k < j; k++) {
			unsigned role = 0;
			if (k == latest && j - i > 1)
				role |= ROLE_LATEST;
			if (k == worst && j - i > 1)
				role |= ROLE_WORST;
			if (!role && j - i > 3)
				continue;
			MW_GROW(pick, alloc_pick, n_pick + 1);
			pick[n_pick] = all[k];
			pick[n_pick].role = role;
			pick[n_pick].host_count = (unsigned)(j - i);
			n_pick++;
		}
		i = j;
	}
	free(all);
	qsort(pick, n_pick, sizeof(*pick), cmp_chrono);
	if (!n_pick) {
		free(pick);
		return 0;
	}
	list = mw_list(root, "snapshots", "/proc snapshots: where the memory is");
	for (size_t i = 0; i < n_pick && r == 0; i++) {
		struct snap *s = &pick[i];
		if (mw_q_prepare(&q, st, "SELECT h.name, s.taken_text, s.origin, s.line, s.page_size, i.display "
					 "FROM snapshot s LEFT JOIN host h ON h.id = s.host_id JOIN input i ON i.id = s.input_id "
					 "WHERE s.id = ?1") < 0) {
			r = MW_ESTORE;
			break;
		}
		mw_q_bind_i64(&q, 1, s->id);
		if (mw_q_step(&q)) {
			s->host = mw_q_textdup(&q, 0);
			s->taken_text = mw_q_textdup(&q, 1);
			s->origin = mw_q_textdup(&q, 2);
			s->line = mw_q_i64(&q, 3);
			s->page_size_col = mw_q_i64(&q, 4);
			s->input = mw_q_textdup(&q, 5);
		}
		if (mw_q_finish(&q) < 0) {
			r = MW_ESTORE;
			break;
		}
		r = load_details(st, s);
		if (r == 0)
			report_snapshot(st, o, list, s);
	}
	if (skipped_hosts)
		mw_text(root, "%zu more hosts have snapshots; report them one at a time with --host.", skipped_hosts);
	for (size_t i = 0; i < n_pick; i++)
		snap_free(&pick[i]);
	free(pick);
	return r;
}

const struct mw_report mw_report_snapshot = {
	.name = "snapshot",
	.summary = "one /proc snapshot explained: breakdown, slab waste, fragmentation, watermarks",
	.applies = snapshot_applies,
	.run = snapshot_run,
};
