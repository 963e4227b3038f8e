/* SPDX-License-Identifier: MIT */
/*
 * snapshot-findings.c: the findings of the snapshot report: what looks
 * wrong in one moment of /proc and what to do, as data (id, severity,
 * what was seen, why, advice, evidence lines). They read what the
 * sections worked out (struct ctx, snapshot-internal.h) and quote the
 * papers' advice where it applies: Kleen, "Where is the memory going?"
 * (2006) and "Can you handle the pressure? Making Linux bulletproof under
 * load" (2005).
 *
 * Adding a finding: a block in the function for its kind below (memory
 * and slab, zones, hash tables; the min_free_kbytes and vmstat ones sit in
 * their sections of the document), and a `.B <id>` line in the snapshot
 * section of man/memwaste-reports.7 (the consistency test checks it).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "snapshot-internal.h"
#include "memwaste/banned.h"

#define COSTLY_ORDER 3		/* PAGE_ALLOC_COSTLY_ORDER */

/* ---- evidence lines ---- */

/* A cache's line as slabinfo prints it (the values of that line, for evidence). */
static void cache_line_text(char *buf, size_t n, const struct cache *c)
{
	int w = snprintf(buf, n, "%-17s %6" PRId64 " %6" PRId64 " %6" PRId64 " %4" PRId64 " %4" PRId64
		 " : tunables %4" PRId64 " %4" PRId64 " %4" PRId64 " : slabdata %6" PRId64 " %6" PRId64 " %6" PRId64,
		 c->name, nz(c->active_objs), nz(c->num_objs), nz(c->objsize), nz(c->objperslab), nz(c->pagesperslab),
		 nz(c->limit), nz(c->batchcount), nz(c->sharedfactor), nz(c->active_slabs), nz(c->num_slabs),
		 nz(c->sharedavail));
	if (w < 0 || (size_t)w >= n)
		buf[n - 1] = '\0';	/* cut: the evidence keeps its start */
}

/* The cache of that name in the snapshot's slabinfo, NULL if none. */
static const struct cache *cache_find(const struct snap *s, const char *name)
{
	for (size_t i = 0; i < s->n_caches; i++)
		if (strcmp(s->caches[i].name, name) == 0)
			return &s->caches[i];
	return NULL;
}

/* The cache's slabinfo line as evidence of finding f; nothing when c is NULL. */
static void evidence_cache(struct mw_node *f, const struct snap *s, const struct cache *c)
{
	char line[256];
	const struct section *x = sec_find(s, "slabinfo");
	if (!c)
		return;
	cache_line_text(line, sizeof(line), c);
	mw_evidence_line(f, x ? x->input : NULL, c->line != MW_UNKNOWN ? (uint64_t)c->line : 0, line, strlen(line));
}

/* A meminfo or vmstat line as evidence of finding f, as the kernel prints it. */
static void evidence_kv(struct mw_node *f, const struct snap *s, const char *source, const char *name)
{
	const struct kv *k = kv_find(s, source, name);
	const struct section *x = sec_find(s, source);
	char line[128];
	if (!k)
		return;
	if (strcmp(source, "meminfo") == 0)
		snprintf(line, sizeof(line), "%s:%*s%8" PRId64 "%s", name, (int)(strlen(name) < 15 ? 15 - strlen(name) : 0), "",
			 k->value, strncmp(name, "HugePages_", 10) == 0 ? "" : " kB");
	else
		snprintf(line, sizeof(line), "%s %" PRId64, name, k->value);
	mw_evidence_line(f, x ? x->input : NULL, k->line != MW_UNKNOWN ? (uint64_t)k->line : 0, line, strlen(line));
}

/* ---- findings in the sections ---- */

/*
 * min_free_kbytes, at the end of the zones section: set by hand (far from
 * every value the kernel would compute), or a large share of lowmem
 * (kernel-formats.md 12).
 */
void mw_snapshot_min_free_findings(struct ctx *c, struct mw_node *sec, const struct min_free *mf)
{
	int64_t derived = mf->derived, formula = mf->formula, formula_now = mf->formula_now, thp = mf->thp;
	int64_t lowmem_pages = mf->lowmem_pages, page_kb = mf->page_kb;
	unsigned n_low = mf->n_low;
	char how[512], a[32], bb[32], cc[32];
	bool custom;

	/* the zones' mins are rounded down, one page per zone at most */
	custom = llabs(derived - formula) > (int64_t)(n_low + 1) * page_kb &&
		 llabs(derived - formula_now) > (int64_t)(n_low + 1) * page_kb &&
		 (thp == MW_UNKNOWN || llabs(derived - thp) > (int64_t)(n_low + 1) * page_kb) && formula < 262144 &&
		 formula > 128;
	fmt_bytes(a, sizeof(a), (double)derived * 1024);
	fmt_bytes(bb, sizeof(bb), (double)formula * 1024);
	if (thp != MW_UNKNOWN)
		fmt_bytes(cc, sizeof(cc), (double)thp * 1024);
	if (custom) {
		snprintf(how, sizeof(how),
			 "The zones' min watermarks add up to min_free_kbytes = %" PRId64 " kB (%s); the kernel would set "
			 "%" PRId64 " kB (%s) for this lowmem%s%s%s.",
			 derived, a, formula, bb, thp != MW_UNKNOWN ? ", or " : "", thp != MW_UNKNOWN ? cc : "",
			 thp != MW_UNKNOWN ? " with transparent huge pages" : "");
		mw_finding(sec, "min-free-kbytes-custom", MW_LEVEL_INFO, "min_free_kbytes was set by hand", how,
			       derived > formula ? "A larger reserve keeps atomic and high-order allocations working under "
						   "pressure, at the price of memory nobody else can use."
						 : "A smaller reserve than the kernel's default leaves less room for "
						   "atomic allocations (network receive, interrupts) under pressure.",
			       "Check vm.min_free_kbytes (sysctl, tuned profiles) and keep it only if it was set on purpose.");
	}
	if (derived * 1024 > (int64_t)(lowmem_pages * c->ps.bytes / 20) && derived > 65536) {
		snprintf(how, sizeof(how), "min_free_kbytes is %s, more than 5%% of lowmem.", a);
		mw_finding(sec, "min-free-kbytes-high", MW_LEVEL_NOTICE, "A large share of memory is kept free by the watermarks",
			   how, "Pages below the min watermark serve only atomic allocations and reclaim; kswapd keeps "
				"free memory above high, about 1.5 times min and more.",
			   "Lower vm.min_free_kbytes unless atomic allocation failures made someone raise it.");
	}
}

/* Direct compaction since boot: most of it failed (vmstat compact_stall, compact_fail). */
void mw_snapshot_vmstat_findings(struct ctx *c, struct mw_node *sec)
{
	struct snap *s = c->s;
	struct mw_node *f;
	int64_t stall = vm(s, "compact_stall"), fail = vm(s, "compact_fail");
	char how[512];

	if (stall != MW_UNKNOWN && fail != MW_UNKNOWN && stall >= 100 && (double)fail * 2 >= (double)stall) {
		snprintf(how, sizeof(how), "%" PRId64 " of %" PRId64 " direct compactions since boot failed (%.0f%%).", fail,
			 stall, mw_pct((double)fail, (double)stall));
		f = mw_finding(sec, "compaction-failing", MW_LEVEL_NOTICE, "Memory compaction keeps failing", how,
			       "High-order allocations stall in compaction and then fail or fall back: "
			       "memory is fragmented by pages that cannot move.",
			       "Look at the unmovable pageblocks in pagetypeinfo and at callers that need contiguous "
			       "memory (jumbo frames, some drivers); see the zone findings for what is free now.");
		evidence_kv(f, s, "vmstat", "compact_stall");
		evidence_kv(f, s, "vmstat", "compact_fail");
	}
}

/* ---- findings over the whole snapshot ---- */

/* Memory and slab: unaccounted memory, the slab, d/icache, buffer heads, dirty pages, page tables, free memory. */
static void memory_findings(struct ctx *c)
{
	struct snap *s = c->s;
	struct breakdown *b = &c->b;
	struct slabsum *ss = &c->ss;
	int64_t memtotal = mi(s, "MemTotal"), sunr = mi(s, "SUnreclaim"), pt = mi(s, "PageTables");
	int64_t lowtotal = mi(s, "LowTotal"), memfree = mi(s, "MemFree");
	double total = memtotal > 0 ? (double)memtotal * 1024 : NAN;
	struct mw_node *f;
	char saw[768], a[32], bb[32], cc[32];

	/* unaccounted */
	if (b->have && b->unaccounted_kb * 1024 >= 256 * MiB && b->unaccounted_kb * 10 >= b->total_kb) {
		int64_t pcp = 0;
		bool have_pcp = false;
		for (size_t i = 0; i < s->n_zones; i++)
			if (s->zones[i].pcp_count != MW_UNKNOWN)
				pcp += s->zones[i].pcp_count, have_pcp = true;
		fmt_bytes(a, sizeof(a), (double)b->unaccounted_kb * 1024);
		fmt_bytes(bb, sizeof(bb), (double)pcp * (double)c->ps.bytes);
		snprintf(saw, sizeof(saw), "%s (%.1f%% of MemTotal) is held by no category meminfo reports%s%s%s.", a,
			 mw_pct((double)b->unaccounted_kb, (double)b->total_kb), have_pcp ? "; the per-CPU free lists hold " : "",
			 have_pcp ? bb : "", have_pcp ? " of it" : "");
		f = mw_finding(c->item, "unaccounted-high",
			       b->unaccounted_kb * 5 >= b->total_kb ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
			       "Much memory is not accounted for", saw,
			       "Pages that drivers take straight from the page allocator (graphics, network buffers, "
			       "DMA, RDMA, balloon and virtio drivers) appear in no meminfo counter; a leak there "
			       "grows this figure.",
			       "Compare captures over time: if it grows, look at the drivers (page_owner, or "
			       "/proc/vmallocinfo and the driver's own statistics) and at memory cgroup kernel usage.");
		evidence_kv(f, s, "meminfo", "MemTotal");
		evidence_kv(f, s, "meminfo", "MemFree");
	}
	/* unreclaimable slab: the kernel ate it */
	if (sunr != MW_UNKNOWN && memtotal > 0 && sunr * 10 >= memtotal && sunr * 1024 >= 128 * MiB) {
		fmt_bytes(a, sizeof(a), (double)sunr * 1024);
		snprintf(saw, sizeof(saw), "Unreclaimable slab holds %s (%.1f%% of MemTotal).", a,
			 mw_pct((double)sunr, (double)memtotal));
		f = mw_finding(c->item, "slab-unreclaimable-high", sunr * 5 >= memtotal ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
			       "The kernel holds much memory it cannot give back", saw,
			       "\"Either the kernel ate it, or userspace ate it\" (Can you handle the pressure, 7.2): "
			       "reclaim cannot shrink caches without a shrinker, and most have none.",
			       "Find the cache in the largest-caches table and follow it over time with the paper's "
			       "logging loop (date; cat /proc/meminfo; cat /proc/slabinfo every 10 seconds).");
		evidence_kv(f, s, "meminfo", "SUnreclaim");
	}
	/* slab waste (Kleen 4.2) */
	if (ss->have && ss->total > 0 && ss->waste >= 64 * MiB && ss->waste * 4 >= ss->total) {
		const struct cache *worst = NULL;
		for (size_t i = 0; i < s->n_caches; i++)
			if (s->caches[i].waste != MW_UNKNOWN && (!worst || s->caches[i].waste > worst->waste))
				worst = &s->caches[i];
		fmt_bytes(a, sizeof(a), (double)ss->waste);
		fmt_bytes(bb, sizeof(bb), (double)ss->total);
		snprintf(saw, sizeof(saw), "%s%s of the %s in slabs holds no object (%.1f%%)%s%s.", ss->slub ? "At least " : "",
			 a, bb, mw_pct((double)ss->waste, (double)ss->total), worst ? "; most in " : "", worst ? worst->name : "");
		f = mw_finding(c->item, "slab-waste-high", MW_LEVEL_NOTICE, "A large share of the slab is waste", saw,
			       "Free objects pin whole slabs: a slab goes back to the page allocator only when every object "
			       "in it is free (Kleen 4.2-4.3); kmalloc's power-of-two sizes add rounding on top.",
			       "If the waste is in a reclaimable cache, it shrinks under pressure; a one-time "
			       "'echo 2 > /proc/sys/vm/drop_caches' shows how much comes back. Persistent waste in "
			       "kmalloc caches points at allocation sizes just above a power of two.");
		evidence_cache(f, s, worst);
	}
	/* dentry and inode caches (Kleen 3.8) */
	if (ss->have && total > 0 && (double)(ss->dentry + ss->inode) >= total * 0.10 && ss->dentry + ss->inode >= 256 * MiB) {
		fmt_bytes(a, sizeof(a), (double)(ss->dentry + ss->inode));
		snprintf(saw, sizeof(saw), "The dentry and inode caches take %s (%.1f%% of MemTotal).", a,
			 mw_pct((double)(ss->dentry + ss->inode), total));
		f = mw_finding(c->item, "dcache-icache-large", MW_LEVEL_NOTICE, "The dentry and inode caches are large", saw,
			       "Tools that walk the whole file system (find, updatedb, backups) fill them; they compete "
			       "with more useful data, and reclaim frees them slowly (Kleen 3.8).",
			       "Exclude big trees from updatedb (PRUNEPATHS), raise vm.vfs_cache_pressure above 100 to "
			       "reclaim them sooner, and check which file system's inode cache is largest.");
		evidence_cache(f, s, cache_find(s, "dentry"));
	}
	/* the blunderbuss effect: reclaimable caches full of holes */
	if (ss->have) {
		const struct cache *worst = NULL;
		for (size_t i = 0; i < s->n_caches; i++) {
			const struct cache *k = &s->caches[i];
			if (!(is_dentry(k->name) || is_inode(k->name)) || k->total == MW_UNKNOWN || k->num_objs <= 0)
				continue;
			if (k->total < 64 * MiB || (total > 0 && (double)k->total < total * 0.01))
				continue;
			if (k->active_objs * 2 > k->num_objs)
				continue;
			if (!worst || k->total > worst->total)
				worst = k;
		}
		if (worst) {
			fmt_bytes(a, sizeof(a), (double)worst->total);
			snprintf(saw, sizeof(saw), "%s holds %s in slabs whose objects are only %.0f%% in use (%" PRId64
				 " of %" PRId64 ").", worst->name, a, mw_pct((double)worst->active_objs, (double)worst->num_objs),
				 worst->active_objs, worst->num_objs);
			f = mw_finding(c->item, "slab-blunderbuss", MW_LEVEL_NOTICE,
				       "Reclaim freed objects but not the slabs they sit in", saw,
				       "The shrinker frees dentries and inodes in LRU order, not slab by slab: many slabs keep "
				       "a few live objects and no page goes back (the blunderbuss effect, Can you handle the "
				       "pressure 6.1). A large share of the useful cache is thrown away first.",
				       "Expect this memory to stay; it comes back only as the remaining objects die. If it "
				       "hurts, drop the caches once (echo 2 > /proc/sys/vm/drop_caches) after the tree walk "
				       "that filled them, and keep such walks away from busy hours.");
			evidence_cache(f, s, worst);
		}
	}
	/* buffer heads (pressure 4.2) */
	if (ss->have && ss->bh > 0) {
		double lowmem = lowtotal > 0 ? (double)lowtotal * 1024 : total;
		if (lowmem > 0 && (double)ss->bh > lowmem * 0.10) {
			fmt_bytes(a, sizeof(a), (double)ss->bh);
			snprintf(saw, sizeof(saw), "buffer_head takes %s, %.1f%% of %s.", a, mw_pct((double)ss->bh, lowmem),
				 lowtotal > 0 ? "low memory (LowTotal)" : "MemTotal");
			f = mw_finding(c->item, "bufferheads-lowmem", lowtotal > 0 ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
				       "Buffer heads eat low memory", saw,
				       "Every page-cache page of a block file system can carry buffer heads; they come from "
				       "low memory, stay until the VM reuses the page, and the kernel caps them at 10% of "
				       "ZONE_NORMAL (Can you handle the pressure 4.2).",
				       "On 32-bit machines move to a 64-bit kernel; otherwise reduce dirty page-cache "
				       "(vm.dirty_ratio) or use a file system that does not keep buffer heads for data "
				       "pages (ext4 with delalloc, XFS).");
			evidence_cache(f, s, cache_find(s, "buffer_head"));
		}
	}
	/* dirty page cache: more than the file LRU can hold is a counter gone wrong, else a share of RAM */
	{
		int64_t dirty = mi(s, "Dirty"), wb = mi(s, "Writeback"), af = mi(s, "Active(file)"),
			inf = mi(s, "Inactive(file)"), unev = mi(s, "Unevictable");
		int64_t dw = dirty == MW_UNKNOWN ? MW_UNKNOWN : dirty + (wb == MW_UNKNOWN ? 0 : wb);
		if (dw != MW_UNKNOWN && af != MW_UNKNOWN && inf != MW_UNKNOWN &&
		    dw > mw_lru_slack_kb(af + inf + (unev == MW_UNKNOWN ? 0 : unev))) {
			fmt_bytes(a, sizeof(a), (double)dw * 1024);
			fmt_bytes(bb, sizeof(bb), (double)(af + inf + (unev == MW_UNKNOWN ? 0 : unev)) * 1024);
			snprintf(saw, sizeof(saw), "Dirty and Writeback come to %s, more than the file LRU and the unevictable "
				 "list hold (%s), where such pages sit.", a, bb);
			f = mw_finding(c->item, "dirty-counter-drift", MW_LEVEL_NOTICE, "The dirty page counter cannot be right",
				       saw,
				       "Every dirty or writeback page is a file page on an LRU list, so Dirty + Writeback "
				       "cannot exceed Active(file) + Inactive(file) + Unevictable; a counter that drifted (an "
				       "accounting bug of the kernel, or numbers edited by hand) reads like this.",
				       "Do not tune dirty limits on this figure; check the kernel's changelog for dirty "
				       "accounting fixes, and whether the figure keeps growing over time.");
			evidence_kv(f, s, "meminfo", "Dirty");
			evidence_kv(f, s, "meminfo", "Active(file)");
			evidence_kv(f, s, "meminfo", "Inactive(file)");
		} else if (dw != MW_UNKNOWN && memtotal > 0 && dw * 10 >= memtotal) {
			fmt_bytes(a, sizeof(a), (double)dw * 1024);
			snprintf(saw, sizeof(saw), "Dirty and Writeback come to %s (%.1f%% of MemTotal).", a,
				 mw_pct((double)dw, (double)memtotal));
			f = mw_finding(c->item, "dirty-pages-high", MW_LEVEL_NOTICE, "Much dirty page cache", saw,
				       "Dirty pages must be written before they can be reclaimed; \"clean the page if it is "
				       "dirty (i.e. sync it to disk)\" is a step of every reclaim (Can you handle the "
				       "pressure?, 3.2), and slow storage makes reclaim stall.",
				       "Lower vm.dirty_ratio / vm.dirty_bytes, or find the writer and the slow device.");
			evidence_kv(f, s, "meminfo", "Dirty");
		}
	}
	/* page tables (Kleen 3.6) */
	if (pt != MW_UNKNOWN && memtotal > 0 && pt * 100 >= memtotal * 3 && pt * 1024 >= 128 * MiB) {
		fmt_bytes(a, sizeof(a), (double)pt * 1024);
		snprintf(saw, sizeof(saw), "Page tables take %s (%.1f%% of MemTotal; Kleen measured 0.52%% on a desktop).", a,
			 mw_pct((double)pt, (double)memtotal));
		f = mw_finding(c->item, "pagetables-high", MW_LEVEL_NOTICE, "Page tables take a large share", saw,
			       "Every process maps its own page tables for the same shared libraries and shared "
			       "memory; many processes mapping large areas multiply them (Kleen 3.6).",
			       "Use huge pages for large shared mappings (hugetlbfs shares the page tables of huge "
			       "page mappings; THP cuts the PTE pages), and fewer processes that each map the same "
			       "large areas (threads instead of forked workers, or a smaller SGA/shared buffer).");
		evidence_kv(f, s, "meminfo", "PageTables");
	}
	/* free memory the buddy allocator does not hold */
	if (memfree > 0 && c->ps.conf != MW_CONF_ESTIMATED) {
		int64_t buddy = 0;
		bool have = false;
		for (size_t i = 0; i < s->n_zones; i++) {
			const struct zinfo *z = &s->zones[i];
			if (z->have_zone && z->free != MW_UNKNOWN)
				buddy += z->free, have = true;
		}
		if (!have && vm(s, "nr_free_pages") != MW_UNKNOWN)
			buddy = vm(s, "nr_free_pages"), have = true;
		if (have) {
			double diff = (double)memfree * 1024 - (double)buddy * (double)c->ps.bytes;
			if (diff > 64.0 * MiB && diff > (double)memtotal * 1024 * 0.05) {
				fmt_bytes(a, sizeof(a), (double)memfree * 1024);
				fmt_bytes(bb, sizeof(bb), (double)buddy * (double)c->ps.bytes);
				fmt_bytes(cc, sizeof(cc), diff);
				snprintf(saw, sizeof(saw), "MemFree says %s, the zones hold %s of free pages: %s is counted free "
					 "but is not in the buddy allocator yet.", a, bb, cc);
				f = mw_finding(c->item, "free-not-in-buddy", MW_LEVEL_INFO,
					       "Free memory that the page allocator has not received yet", saw,
					       "Memory whose struct pages are initialised lazily (deferred_init) or that a "
					       "confidential guest has not accepted yet counts as free but must be set up "
					       "before use; high-order allocations see only the zones' free pages. (Or the "
					       "files were captured at different moments.)",
					       "Nothing to do if the kernel was built or booted that way; read the "
					       "fragmentation figures against the zones' free pages, not MemFree.");
				evidence_kv(f, s, "meminfo", "MemFree");
			}
		}
	}
}

/* Zone findings: watermarks and high orders, per node. */
static void zone_findings(struct ctx *c)
{
	struct snap *s = c->s;
	struct mw_node *f;
	char saw[1024], a[32];
	size_t o;

	/* below min / below low */
	for (int pass = 0; pass < 2; pass++) {
		const char *state = pass == 0 ? "below min" : "below low";
		struct mw_node *fin = NULL;
		o = 0;
		saw[0] = '\0';
		for (size_t i = 0; i < s->n_zones; i++) {
			const struct zinfo *z = &s->zones[i];
			if (strcmp(mw_snapshot_zone_state(z), state) != 0)
				continue;
			o += (size_t)snprintf(saw + o, sizeof(saw) - o, "%snode %" PRId64 " %s has %" PRId64 " free pages, %s is %" PRId64,
					      o ? "; " : "", z->node, z->zone, z->free, pass == 0 ? "min" : "low",
					      pass == 0 ? z->min : z->low);
			if (o >= sizeof(saw))
				o = sizeof(saw) - 1;
		}
		if (!o)
			continue;
		snprintf(saw + o, sizeof(saw) - o, ".");
		if (pass == 0)
			fin = mw_finding(c->item, "zone-below-min", MW_LEVEL_WARNING, "A zone is below its min watermark", saw,
					 "Below min only atomic allocations and reclaim itself get pages; every other "
					 "allocation reclaims directly and stalls (Can you handle the pressure 2).",
					 "Find what fills memory (the breakdown and the largest caches); if this is a "
					 "burst of atomic allocations (network receive), a larger vm.min_free_kbytes "
					 "gives them room.");
		else
			fin = mw_finding(c->item, "zone-below-low", MW_LEVEL_NOTICE, "A zone is below its low watermark", saw,
					 "kswapd is reclaiming in the background until the zone is above high again.",
					 "Normal under load; if it lasts, memory is short for this workload.");
		for (size_t i = 0; i < s->n_zones; i++) {
			const struct zinfo *z = &s->zones[i];
			char line[64];
			if (strcmp(mw_snapshot_zone_state(z), state) != 0)
				continue;
			snprintf(line, sizeof(line), "Node %" PRId64 ", zone %8s", z->node, z->zone);
			mw_evidence_line(fin, sec_find(s, "zoneinfo") ? sec_find(s, "zoneinfo")->input : NULL,
					 z->zone_line != MW_UNKNOWN ? (uint64_t)z->zone_line : 0, line, strlen(line));
		}
	}

	/* high orders, per node: the best any zone of the node can do */
	for (size_t i = 0; i < s->n_zones; i++) {
		const struct zinfo *z = &s->zones[i];
		int best = -2, failing;
		char blk[32];
		const struct zinfo *zz, *bestz = NULL;
		bool seen = false, low_mem, other = false;
		uint64_t node_free = 0;
		int64_t node_managed = 0;
		for (size_t j = 0; j < i; j++)
			if (s->zones[j].node == z->node)
				seen = true;
		if (seen)
			continue;
		/* DMA counts only when the node has nothing else: lowmem_reserve keeps it from other allocations */
		for (size_t j = i; j < s->n_zones; j++)
			if (s->zones[j].node == z->node && s->zones[j].have_buddy && strcmp(s->zones[j].zone, "DMA") != 0)
				other = true;
		for (size_t j = i; j < s->n_zones; j++) {
			zz = &s->zones[j];
			if (zz->node != z->node || !zz->have_buddy || (other && strcmp(zz->zone, "DMA") == 0))
				continue;
			if (zz->max_order_now > best) {
				best = zz->max_order_now;
				bestz = zz;
			}
			node_free += zz->frag.free_pages;
			node_managed += nz(zz->managed);
		}
		if (!bestz || best >= COSTLY_ORDER)
			continue;
		failing = best + 1;
		low_mem = node_managed > 0 && node_free * 50 < (uint64_t)node_managed;
		fmt_bytes(a, sizeof(a), (double)node_free * (double)c->ps.bytes);
		fmt_bytes(blk, sizeof(blk), (double)c->ps.bytes * (double)(INT64_C(1) << failing));
		if (best >= 0)
			o = (size_t)snprintf(saw, sizeof(saw),
					     "On node %" PRId64 " no zone can serve an order-%d allocation now (%s of contiguous "
					     "memory): the largest it can serve is order %d, with %s free in the node",
					     z->node, failing, blk, best, a);
		else
			o = (size_t)snprintf(saw, sizeof(saw),
					     "On node %" PRId64 " no zone can serve even an order-0 allocation without going below "
					     "its min watermark (%s free in the node)", z->node, a);
		if (o < sizeof(saw) && bestz->frag.n_orders > (unsigned)failing)
			o += (size_t)snprintf(saw + o, sizeof(saw) - o, "; extfrag index at order %d in %s: %.3f", failing,
					      bestz->zone, bestz->frag.extfrag[failing] / 1000.0);
		if (o < sizeof(saw))
			snprintf(saw + o, sizeof(saw) - o, ".");
		f = mw_finding(c->item, "high-order-will-fail", MW_LEVEL_WARNING, "High-order allocations will fail", saw,
			       low_mem ? "There is little free memory at all: these requests fail for lack of memory, and "
					 "reclaim has to free some first."
				       : "The free memory is in small pieces: \"systems that have been running for a while "
					 "inevitably get fragmented to the point where large allocs are inevitably going to "
					 "fail\" (Can you handle the pressure 7.1). Kernel stacks without vmap, jumbo frames "
					 "(a 9000-byte MTU needs order 2), and some drivers ask for these.",
			       "See if the caller can do without physically contiguous memory, or make it use a reserved "
			       "mempool (Can you handle the pressure 7.1); run compaction (echo 1 > "
			       "/proc/sys/vm/compact_memory) and consider a larger vm.min_free_kbytes.");
		{
			char line[160];
			size_t n = 0;
			n += (size_t)snprintf(line, sizeof(line), "%sNode %" PRId64 ", zone %8s",
					      bestz->buddy_from_pt ? "(pagetypeinfo, all types) " : "", bestz->node, bestz->zone);
			for (unsigned k = 0; k < bestz->n_orders && n + 8 < sizeof(line); k++)
				n += (size_t)snprintf(line + n, sizeof(line) - n, " %6" PRIu64, bestz->counts[k]);
			/* buddyinfo: the line's values in the kernel's format; pagetypeinfo: the sum of the zone's rows */
			mw_evidence_line(f, bestz->buddy_from_pt ? (sec_find(s, "pagetypeinfo") ? sec_find(s, "pagetypeinfo")->input : NULL)
								 : (sec_find(s, "buddyinfo") ? sec_find(s, "buddyinfo")->input : NULL),
					 bestz->buddy_from_pt ? 0 : (uint64_t)nz(bestz->buddy_line), line, strlen(line));
		}
	}

	/* external fragmentation: free memory exists but not in large enough blocks */
	{
		bool any = false;
		o = 0;
		saw[0] = '\0';
		for (size_t i = 0; i < s->n_zones; i++) {
			const struct zinfo *z = &s->zones[i];
			int first_fail = -1;
			if (!z->have_buddy || !z->frag.free_pages || strcmp(z->zone, "DMA") == 0)
				continue;
			for (unsigned k = 1; k < z->frag.n_orders; k++) {
				if (!z->frag.suitable[k]) {
					first_fail = (int)k;
					break;
				}
			}
			/* orders real allocations use: up to the pageblock (huge page) order */
			if (first_fail < 0 || first_fail > (s->pageblock_order != MW_UNKNOWN ? s->pageblock_order : 9) ||
			    z->frag.extfrag[first_fail] <= 500)
				continue;
			if (z->managed != MW_UNKNOWN && z->frag.free_pages * 100 < (uint64_t)z->managed)
				continue;	/* hardly any free memory: not a fragmentation problem */
			fmt_bytes(a, sizeof(a), (double)z->frag.free_pages * (double)c->ps.bytes);
			o += (size_t)snprintf(saw + o, sizeof(saw) - o,
					      "%snode %" PRId64 " %s has %s free but no block of order %d or more "
					      "(extfrag index %.3f)",
					      o ? "; " : "", z->node, z->zone, a, first_fail, z->frag.extfrag[first_fail] / 1000.0);
			if (o >= sizeof(saw))
				o = sizeof(saw) - 1;
			any = true;
		}
		if (any) {
			if (o + 1 < sizeof(saw))
				snprintf(saw + o, sizeof(saw) - o, ".");
			mw_finding(c->item, "external-fragmentation", MW_LEVEL_NOTICE,
				   "Free memory is fragmented into small blocks", saw,
				   "An extfrag index above 0.5 means a failure at that order is due to fragmentation, not "
				   "lack of memory; the kernel then compacts (vm.extfrag_threshold, 500) instead of reclaiming. "
				   "Unmovable pages (page tables, slab, pinned pages) scattered through memory prevent large "
				   "free blocks (Can you handle the pressure 5.3).",
				   "Compaction helps when the blocks hold movable pages (echo 1 > /proc/sys/vm/compact_memory); "
				   "see which migrate types own the pageblocks in the pagetypeinfo table.");
		}
	}
}

/* Hash tables of the boot of the same host against the caches they index (Kleen 5). */
static void hash_findings(struct ctx *c)
{
	struct snap *s = c->s;
	static const struct {
		const char *hash, *cache, *param;
	} pairs[] = {
		{ "Dentry cache", "dentry", "dhash_entries" },
		{ "Inode-cache", "inode_cache", "ihash_entries" },
	};
	struct mw_q q;
	int64_t boot_id = MW_UNKNOWN;
	char *input = NULL;

	if (!s->n_caches)
		return;
	if (mw_q_prepare(&q, c->st, BOOT_OF_HOST("id, (SELECT display FROM input i WHERE i.id = b.input_id)")) < 0)
		return;
	mw_q_bind_i64(&q, 1, s->host_id);
	if (mw_q_step(&q)) {
		boot_id = mw_q_i64(&q, 0);
		input = mw_q_textdup(&q, 1);
	}
	mw_q_finish(&q);
	if (boot_id == MW_UNKNOWN) {
		free(input);
		return;
	}
	for (size_t i = 0; i < MW_ARRAY_SIZE(pairs); i++) {
		int64_t entries = MW_UNKNOWN, bytes = MW_UNKNOWN, line = MW_UNKNOWN, objs = 0;
		bool any = false;
		if (mw_q_prepare(&q, c->st, "SELECT entries, bytes, line FROM hash_table WHERE boot_id = ?1 AND name = ?2 "
					    "ORDER BY rowid DESC LIMIT 1") < 0)
			break;
		mw_q_bind_i64(&q, 1, boot_id);
		mw_q_bind_text(&q, 2, pairs[i].hash);
		if (mw_q_step(&q)) {
			entries = mw_q_i64(&q, 0);
			bytes = mw_q_i64(&q, 1);
			line = mw_q_i64(&q, 2);
		}
		mw_q_finish(&q);
		if (entries == MW_UNKNOWN || bytes == MW_UNKNOWN)
			continue;
		for (size_t k = 0; k < s->n_caches; k++) {
			const struct cache *ca = &s->caches[k];
			bool match = i == 0 ? is_dentry(ca->name) : is_inode(ca->name);
			if (match && ca->active_objs != MW_UNKNOWN) {
				objs += ca->active_objs;
				any = true;
			}
		}
		if (!any || bytes < 32 * MiB || entries < 8 * MW_MAX(objs, 1)) {
			continue;
		} else {
			char saw[512], a[32], text[128];
			struct mw_node *f;
			fmt_bytes(a, sizeof(a), (double)bytes);
			snprintf(saw, sizeof(saw), "The %s hash table has %" PRId64 " buckets (%s) for %" PRId64
				 " cached objects: %.0f buckets per object.", pairs[i].hash, entries, a, objs,
				 (double)entries / (double)MW_MAX(objs, 1));
			f = mw_finding(c->item, "hash-table-oversized", MW_LEVEL_NOTICE, "A hash table sized by RAM is far too large",
				       saw,
				       "alloc_large_system_hash() sizes these tables by memory size, not by use; on large "
				       "machines they tie up memory for nothing (Kleen 5).",
				       pairs[i].param[0] == 'd'
					       ? "Boot with a smaller dhash_entries= (a power of two near the number of cached dentries)."
					       : "Boot with a smaller ihash_entries= (a power of two near the number of cached inodes).");
			snprintf(text, sizeof(text), "%s hash table entries: %" PRId64 " (%" PRId64 " bytes)", pairs[i].hash, entries,
				 bytes);
			mw_evidence_line(f, input, line != MW_UNKNOWN ? (uint64_t)line : 0, text, strlen(text));
			evidence_cache(f, s, cache_find(s, pairs[i].cache));
		}
	}
	free(input);
}

/* In this order, after every section of the snapshot: the document lists them so. */
void mw_snapshot_findings(struct ctx *c)
{
	memory_findings(c);
	zone_findings(c);
	hash_findings(c);
}
