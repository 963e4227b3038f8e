/* SPDX-License-Identifier: MIT */
/*
 * events-findings.c: the findings of the events report: for each event,
 * what went wrong and what to do, as data (id, severity, what was seen,
 * why, advice, evidence lines). They read the analysis of the event
 * (struct an, events-internal.h) and quote "Can you handle the pressure?
 * Making Linux bulletproof under load" (2005), section 7, where it
 * applies.
 *
 * Adding a finding: a function here, called from mw_events_findings()
 * (at the end) for the kinds of event it concerns, and a `.B <id>` line
 * in the events section of man/memwaste-reports.7 (the consistency test
 * checks it). Findings about several events together (OOM kill after OOM
 * kill, the same failure again) belong to the overview in events.c.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "events-internal.h"
#include "query.h"
#include "memwaste/banned.h"

#define COSTLY_ORDER 3		/* PAGE_ALLOC_COSTLY_ORDER */

/* ---- evidence lines, zone names ---- */

static const struct eline *line_at(const struct ev *e, int64_t line)
{
	for (size_t i = 0; i < e->n_lines; i++)
		if (e->lines[i].line == line)
			return &e->lines[i];
	return NULL;
}

/* The first `max` lines of the event with this role, as evidence of finding f. */
static void evidence_role(struct mw_node *f, const struct an *a, const char *role, size_t max)
{
	for (size_t i = 0, n = 0; i < a->e->n_lines && n < max; i++) {
		const struct eline *l = &a->e->lines[i];
		if (strcmp(l->role, role) == 0) {
			mw_evidence_line(f, a->file, l->line == MW_UNKNOWN ? 0 : (uint64_t)l->line, l->text, strlen(l->text));
			n++;
		}
	}
}

/* The event's line number `line` (if kept), as evidence of finding f. */
static void evidence_line(struct mw_node *f, const struct an *a, int64_t line)
{
	const struct eline *l = line == MW_UNKNOWN ? NULL : line_at(a->e, line);
	if (l)
		mw_evidence_line(f, a->file, (uint64_t)l->line, l->text, strlen(l->text));
}

/* "Node 0 Normal", or "Normal" on dumps without nodes. */
static void zone_name(const struct zone *z, char *buf, size_t n)
{
	if (z->node != MW_UNKNOWN)
		snprintf(buf, n, "Node %" PRId64 " %s", z->node, z->name);
	else
		snprintf(buf, n, "%s", z->name);
}

/* ---- findings ---- */

static void findings_gfp(struct an *a)
{
	struct mw_node *f;
	char saw[512];
	if (!a->have_mask)
		return;
	if (a->ambiguous) {
		snprintf(saw, sizeof(saw), "The kernel release is not in the input and the mask %s means different things in "
			 "different kernels: %s.", a->e->gfp_mask, a->flags);
		f = mw_finding(a->sec, "gfp-ambiguous", MW_LEVEL_NOTICE, "GFP mask ambiguous without the kernel release", saw,
			       "The GFP bits were renumbered in 2.6.31, 4.4, 4.10, 4.15, 5.1 and 6.3; only the kernel's era "
			       "says which flags a number stands for.",
			       "Give the release with --kernel (uname -r of the machine), or paste the whole report: its "
			       "CPU/Pid line names the kernel.");
		evidence_role(f, a, "trigger", 1);
	}
	if (a->names_mismatch[0]) {
		snprintf(saw, sizeof(saw), "%s%s.", a->e->gfp_names ? "The kernel printed its own decoding, but " : "",
			 a->names_mismatch);
		f = mw_finding(a->sec, "gfp-names-mismatch", MW_LEVEL_INFO, "GFP names and table disagree", saw,
			       "Some bits depend on the configuration (lockdep, KASAN hardware tags, kmemcheck) and vendor "
			       "kernels add their own; the names the kernel printed are what it meant.",
			       "memwaste uses the printed names; check the release if they look wrong.");
		evidence_role(f, a, "trigger", 1);
	}
}

/* The memory picture shared by OOM reports and show_mem dumps: who held it. */
static void findings_memory(struct an *a, bool oom)
{
	struct mw_node *f;
	char saw[768], x[32], y[32], z[32];
	int64_t tot = a->total_kb;
	double kernel_pct = ev_pct(a->kernel_kb, tot), user_pct = ev_pct(a->anon_kb, tot);

	if (tot == MW_UNKNOWN || tot <= 0)
		return;
	if (a->kernel_kb != MW_UNKNOWN && kernel_pct >= 30.0 && (a->anon_kb == MW_UNKNOWN || a->kernel_kb > a->anon_kb)) {
		ev_fmt_kb(x, sizeof(x), a->kernel_kb);
		ev_fmt_kb(y, sizeof(y), a->slab_u_kb != MW_UNKNOWN ? a->slab_u_kb : a->slab_kb);
		ev_fmt_kb(z, sizeof(z), a->other_kb > 0 ? a->other_kb : 0);
		snprintf(saw, sizeof(saw), "The kernel held %s (%.0f%% of RAM): unreclaimable slab %s, memory no counter "
			 "explains %s, page tables and kernel stacks the rest; user space had %s.", x, kernel_pct, y, z,
			 a->anon_kb != MW_UNKNOWN ? (ev_fmt_kb(z, sizeof(z), a->anon_kb), z) : "an unknown amount");
		f = mw_finding(a->sec, "kernel-memory-high", oom ? MW_LEVEL_CRITICAL : MW_LEVEL_WARNING,
			       "The kernel ate the memory", saw,
			       "\"There are two basic answers, either the kernel ate it, or userspace ate it ... If it was kernel "
			       "memory, we need two basic things to diagnose it, /proc/meminfo and /proc/slabinfo\" (Can you "
			       "handle the pressure?, 7.2). Killing processes cannot free it.",
			       "Reproduce it while logging /proc/meminfo, /proc/slabinfo and ps every 10 seconds from a remote "
			       "machine (the paper's loop: while true; do date; cat /proc/meminfo; cat /proc/slabinfo; ps ef "
			       "-o user,pid,rss,command; echo ------------------------; sleep 10; done) and run memwaste on the "
			       "log; look for a slab cache or driver that grows.");
		evidence_role(f, a, "counters", 1);
		evidence_role(f, a, "slab", 8);
	} else if (a->anon_kb != MW_UNKNOWN && user_pct >= 50.0) {
		ev_fmt_kb(x, sizeof(x), a->anon_kb);
		snprintf(saw, sizeof(saw), "User space held %s of anonymous memory and tmpfs (%.0f%% of RAM)", x, user_pct);
		if (a->kernel_kb != MW_UNKNOWN) {
			size_t n = strlen(saw);
			ev_fmt_kb(y, sizeof(y), a->kernel_kb);
			snprintf(saw + n, sizeof(saw) - n, "; the kernel %s (%.0f%%)", y, kernel_pct);
		}
		{
			size_t n = strlen(saw);
			snprintf(saw + n, sizeof(saw) - n, ".");
		}
		f = mw_finding(a->sec, "user-memory-high", oom ? MW_LEVEL_WARNING : MW_LEVEL_INFO, "User space ate the memory",
			       saw,
			       "\"If the userspace ate it, then hopefully the OOM killer will blow them away\" (Can you handle the "
			       "pressure?, 7.2): anonymous memory can only go to swap.",
			       a->e->n_tasks ? "Find the largest processes below; limit them (cgroup memory.max / "
					       "memory.limit_in_bytes, systemd MemoryMax=), fix the leak, add RAM or swap."
					     : "Find the largest processes (ps -eo pid,rss,comm --sort=-rss); limit them (cgroup "
					       "memory.max / memory.limit_in_bytes, systemd MemoryMax=), fix the leak, add RAM or swap.");
		evidence_role(f, a, "counters", 1);
	}
	if (a->other_kb != MW_UNKNOWN && ev_pct(a->other_kb, tot) >= 10.0 && a->other_kb >= 256 * 1024) {
		ev_fmt_kb(x, sizeof(x), a->other_kb);
		{
			int64_t used_swap = a->swap_total_kb != MW_UNKNOWN && a->swap_free_kb != MW_UNKNOWN
						    ? a->swap_total_kb - a->swap_free_kb : 0;
			size_t n = (size_t)snprintf(saw, sizeof(saw), "%s (%.0f%% of RAM) was in use but in none of the dump's "
						    "counters (LRU lists, slab, page tables, kernel stacks, hugetlb, free).", x,
						    ev_pct(a->other_kb, tot));
			if (used_swap > a->other_kb && n < sizeof(saw)) {
				ev_fmt_kb(y, sizeof(y), used_swap);
				snprintf(saw + n, sizeof(saw) - n, " %s of swap was in use: if the swap is zram or zswap, its "
					 "compressed pages are kept in RAM and counted nowhere else.", y);
			}
		}
		f = mw_finding(a->sec, "kernel-memory-unaccounted", MW_LEVEL_NOTICE, "Memory no counter explains", saw,
			       "Pages a driver or subsystem takes straight from the page allocator appear in no show_mem "
			       "counter: zram and zswap pools, GPU buffers, vmalloc areas, the ZFS ARC, balloon drivers, "
			       "network page pools.",
			       "Compare /proc/meminfo (VmallocUsed, Percpu, Zswap, the GPU and ZFS statistics) and "
			       "/sys/block/zram*/mm_stat with the sum of its known fields; look for what grows.");
		evidence_role(f, a, "counters", 1);
		evidence_role(f, a, "totals", 1);
	}
	if (a->pgtables_kb != MW_UNKNOWN && ev_pct(a->pgtables_kb, tot) >= 5.0) {
		ev_fmt_kb(x, sizeof(x), a->pgtables_kb);
		snprintf(saw, sizeof(saw), "Page tables took %s (%.1f%% of RAM).", x, ev_pct(a->pgtables_kb, tot));
		f = mw_finding(a->sec, "pagetables-high", MW_LEVEL_NOTICE, "Page tables take a large share", saw,
			       "Page tables are not reclaimable; many processes mapping large areas (databases with big "
			       "shared memory, JVMs, containers) multiply them.",
			       "Use huge pages for big shared mappings, or fewer processes mapping the same memory.");
		evidence_role(f, a, "counters", 1);
	}
	if (a->hugetlb_kb != MW_UNKNOWN && ev_pct(a->hugetlb_kb, tot) >= 10.0) {
		ev_fmt_kb(x, sizeof(x), a->hugetlb_kb);
		ev_fmt_kb(y, sizeof(y), a->hugetlb_free_kb == MW_UNKNOWN ? 0 : a->hugetlb_free_kb);
		snprintf(saw, sizeof(saw), "The hugetlb pool held %s (%.0f%% of RAM), %s of it unused.", x,
			 ev_pct(a->hugetlb_kb, tot), y);
		f = mw_finding(a->sec, "hugetlb-pool-large", a->hugetlb_free_kb > a->hugetlb_kb / 2 ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
			       "Memory set aside for huge pages", saw,
			       "Pages in the hugetlb pool are reserved at boot or by vm.nr_hugepages and serve nothing else, used "
			       "or not.",
			       "Size vm.nr_hugepages (or hugepages= on the command line) to what the application maps.");
		evidence_role(f, a, "hugepages", 4);
	}
	/* dirty and writeback pages are file pages on the LRU: more of them than the file LRU holds is a counter gone wrong */
	if (a->dirty_kb != MW_UNKNOWN && a->file_kb != MW_UNKNOWN &&
	    a->dirty_kb > mw_lru_slack_kb(ev_add(a->file_kb, a->unevict_kb == MW_UNKNOWN ? 0 : a->unevict_kb))) {
		ev_fmt_kb(x, sizeof(x), a->dirty_kb);
		ev_fmt_kb(y, sizeof(y), ev_add(a->file_kb, a->unevict_kb == MW_UNKNOWN ? 0 : a->unevict_kb));
		snprintf(saw, sizeof(saw), "Dirty and writeback pages came to %s, more than the whole file LRU and unevictable "
			 "lists (%s) that such pages sit on.", x, y);
		f = mw_finding(a->sec, "dirty-counter-drift", MW_LEVEL_NOTICE, "The dirty page counter cannot be right", saw,
			       "Every dirty or writeback page is a file page on an LRU list, so NR_FILE_DIRTY + NR_WRITEBACK "
			       "cannot exceed them; a per-node or per-memcg counter that drifted (an accounting bug of the "
			       "kernel, or a dump whose numbers were edited) reads like this.",
			       "Do not tune dirty limits on this figure; compare with /proc/meminfo Dirty: and vmstat "
			       "nr_dirty, and check the kernel's changelog for dirty accounting fixes.");
		evidence_role(f, a, "counters", 1);
	} else if (a->dirty_kb != MW_UNKNOWN && ev_pct(a->dirty_kb, tot) >= 10.0) {
		ev_fmt_kb(x, sizeof(x), a->dirty_kb);
		snprintf(saw, sizeof(saw), "%s of page cache was dirty or under writeback (%.0f%% of RAM).", x, ev_pct(a->dirty_kb, tot));
		f = mw_finding(a->sec, "dirty-pages-high", MW_LEVEL_NOTICE, "Much dirty page cache", saw,
			       "Dirty pages must be written before they can be reclaimed; \"clean the page if it is dirty (i.e. "
			       "sync it to disk)\" is a step of every reclaim (Can you handle the pressure?, 3.2), and slow "
			       "storage makes reclaim stall.",
			       "Lower vm.dirty_ratio / vm.dirty_bytes, or find the writer and the slow device.");
		evidence_role(f, a, "counters", 1);
	}
}

static void findings_swap(struct an *a)
{
	struct mw_node *f;
	char saw[512], x[32], y[32];
	int64_t anon = a->anon_kb != MW_UNKNOWN ? a->anon_kb : 0;
	if (a->swap_total_kb == MW_UNKNOWN)
		return;
	if (a->swap_total_kb == 0) {
		ev_fmt_kb(x, sizeof(x), anon);
		snprintf(saw, sizeof(saw), "No swap was configured; %s of anonymous memory could not be written anywhere.", x);
		f = mw_finding(a->sec, "swap-none", MW_LEVEL_NOTICE, "No swap", saw,
			       "Without swap, anonymous memory is pinned in RAM: reclaim can only drop page cache, and the "
			       "OOM killer comes sooner.",
			       "If the workload's cold anonymous memory is large, add swap (or zram); otherwise size RAM for the "
			       "peak.");
		evidence_role(f, a, "swap", 2);
	} else if (a->swap_free_kb != MW_UNKNOWN && a->swap_free_kb * 100 < a->swap_total_kb) {
		ev_fmt_kb(x, sizeof(x), a->swap_free_kb);
		ev_fmt_kb(y, sizeof(y), a->swap_total_kb);
		snprintf(saw, sizeof(saw), "Swap was full: %s free of %s.", x, y);
		f = mw_finding(a->sec, "swap-exhausted", MW_LEVEL_WARNING, "Swap exhausted", saw,
			       "With swap full nothing more of the anonymous memory can leave RAM.",
			       "The workload outgrew RAM + swap: see the largest tasks.");
		evidence_role(f, a, "swap", 2);
	}
}

/* "If the workload does not fit into RAM + SWAP, then you are going to run out of memory." */
static void finding_fit(struct an *a)
{
	struct mw_node *f;
	char saw[512], x[32], y[32];
	int64_t used_swap, demand, capacity, unrecl;
	if (a->total_kb == MW_UNKNOWN || a->anon_kb == MW_UNKNOWN || a->swap_total_kb == MW_UNKNOWN ||
	    a->swap_free_kb == MW_UNKNOWN)
		return;
	used_swap = a->swap_total_kb - a->swap_free_kb;
	unrecl = ev_add(ev_add(a->slab_u_kb, a->pgtables_kb), a->kstack_kb);
	if (unrecl == MW_UNKNOWN)
		unrecl = 0;
	demand = a->anon_kb + used_swap + unrecl + (a->unevict_kb == MW_UNKNOWN ? 0 : a->unevict_kb);
	capacity = a->total_kb + a->swap_total_kb;
	if (capacity <= 0 || demand * 100 < capacity * 90)
		return;
	ev_fmt_kb(x, sizeof(x), demand);
	ev_fmt_kb(y, sizeof(y), capacity);
	snprintf(saw, sizeof(saw), "Anonymous memory, used swap and unreclaimable kernel memory add up to %s, %.0f%% of RAM "
		 "+ swap (%s).", x, ev_pct(demand, capacity), y);
	f = mw_finding(a->sec, "workload-does-not-fit", MW_LEVEL_CRITICAL, "The workload does not fit in RAM + swap", saw,
		       "\"If the workload does not fit into RAM + SWAP, then you are going to run out of memory. If it does "
		       "not fit into RAM, then it will probably perform badly, but should still work\" (Can you handle the "
		       "pressure?, 7).",
		       "\"Your workload is unreasonable for the machine\" or \"something is wrong\": shrink the workload, "
		       "find the leak, or give the machine more RAM or swap.");
	evidence_role(f, a, "counters", 1);
	evidence_role(f, a, "swap", 2);
}

static void findings_zones_showmem(struct an *a)
{
	for (size_t i = 0; i < a->n_zr; i++) {
		const struct zres *zr = &a->zr[i];
		const struct zone *z = zr->z;
		char saw[512], x[32], y[32], nm[48];
		struct mw_node *f;
		zone_name(z, nm, sizeof(nm));
		if (zr->check == Z_BELOW_MIN) {
			ev_fmt_kb(x, sizeof(x), z->free_kb);
			ev_fmt_kb(y, sizeof(y), z->min_kb);
			snprintf(saw, sizeof(saw), "Zone %s had %s free, at or below its min watermark %s.", nm, x, y);
			f = mw_finding(a->sec, "zone-below-min", MW_LEVEL_WARNING, "A zone ran out of free memory", saw,
				       "Below min only __GFP_HIGH and atomic allocations may take pages; everything else reclaims "
				       "directly (Can you handle the pressure?, 2).",
				       "See which memory fills the zone in the table above.");
			evidence_line(f, a, z->zone_line);
		} else if (z->n_orders > COSTLY_ORDER + 1 && zr->largest >= 0 && zr->largest <= COSTLY_ORDER &&
			   z->free_kb != MW_UNKNOWN && z->high_kb != MW_UNKNOWN && z->free_kb > z->high_kb) {
			int64_t pk = z->page_kb > 0 ? z->page_kb : a->page_kb;
			ev_fmt_kb(x, sizeof(x), z->free_kb);
			ev_fmt_kb(y, sizeof(y), pk << zr->largest);
			snprintf(saw, sizeof(saw), "Zone %s had %s free but its largest free block was %s (order %d).", nm, x, y,
				 zr->largest);
			f = mw_finding(a->sec, "zone-fragmented", MW_LEVEL_NOTICE, "Free memory in small pieces", saw,
				       "\"Systems that have been running for a while inevitably get fragmented to the point where "
				       "large allocs are inevitably going to fail (i.e. we have lots of smaller blocks free, but "
				       "none big enough for that)\" (Can you handle the pressure?, 7.1).",
				       "Allocations above order 3 will fail here: echo 1 > /proc/sys/vm/compact_memory compacts "
				       "now; raise vm.min_free_kbytes or enable THP defrag to keep larger blocks.");
			evidence_line(f, a, z->buddy_line);
		}
	}
	/* where every zone stood: the answer to "is anything wrong?" of a sysrq-m dump */
	{
		size_t n = 0, low = 0, checked = 0;
		char saw[768];
		struct mw_node *f;
		saw[0] = '\0';
		for (size_t i = 0; i < a->n_zr; i++) {
			const struct zres *zr = &a->zr[i];
			char nm[48];
			if (zr->check == Z_NO_LINE || zr->check == Z_EMPTY)
				continue;
			checked++;
			if (zr->z->low_kb != MW_UNKNOWN && zr->z->free_kb <= zr->z->low_kb)
				low++;
			zone_name(zr->z, nm, sizeof(nm));
			if (n < sizeof(saw))
				n += (size_t)snprintf(saw + n, sizeof(saw) - n, "%s%s: %s.", n ? " " : "", nm, zr->text);
		}
		if (!checked)
			return;
		f = mw_finding(a->sec, "zone-watermarks", low ? MW_LEVEL_NOTICE : MW_LEVEL_INFO,
			       low ? "Some zones below their low watermark" : "Every zone above its low watermark", saw,
			       "Below low, kswapd reclaims in the background; below min, allocations reclaim directly and "
			       "only __GFP_HIGH and atomic ones may go further (Can you handle the pressure?, 2).",
			       low ? "kswapd was working when the dump was taken: see what fills those zones."
				   : "No shortage at the time of the dump.");
		for (size_t i = 0; i < a->n_zr; i++)
			if (a->zr[i].check != Z_NO_LINE && a->zr[i].check != Z_EMPTY && a->zr[i].z->low_kb != MW_UNKNOWN &&
			    a->zr[i].z->free_kb <= a->zr[i].z->low_kb)
				evidence_line(f, a, a->zr[i].z->zone_line);
	}
}

/* A request typed on the command line: what its flags let the allocator do, always said. */
static void finding_request(struct an *a)
{
	char saw[768];
	struct mw_node *f;
	size_t n = 0;
	if (!a->have_mask || !a->reclaim_known)
		return;
	n += (size_t)snprintf(saw + n, sizeof(saw) - n, "%s: ", a->flags);
	if (a->p.direct_reclaim)
		n += (size_t)snprintf(saw + n, sizeof(saw) - n, "the caller may sleep and reclaim%s%s, so it fails only when "
				      "nothing can be freed%s.", a->p.io ? "" : " (no I/O)", a->p.fs ? "" : " (no filesystem calls)",
				      a->p.nofail ? "; __GFP_NOFAIL makes it retry forever" : a->p.noretry ? "; __GFP_NORETRY "
				      "makes it give up early" : "");
	else
		n += (size_t)snprintf(saw + n, sizeof(saw) - n, "the caller may not sleep: it gets only what is free%s, and "
				      "fails as soon as that is gone.", a->p.high ? " plus part of the reserve below min" : "");
	if (a->p.dma || a->p.dma32)
		snprintf(saw + n, sizeof(saw) - n, " It must come from %s.", a->p.dma ? "ZONE_DMA" : "ZONE_DMA32");
	f = mw_finding(a->sec, "request-flags", MW_LEVEL_INFO, "What the flags allow", saw,
		       "The GFP flags decide whether the allocator may sleep, reclaim, start I/O, call filesystems, dip "
		       "into reserves, and from which zones it may take pages.",
		       "Paste the whole failure report for the rest of the answer: the free memory per zone and the caller.");
	evidence_role(f, a, "trigger", 1);
}

/* An oom_reaper line whose report is not in the input. */
static void finding_reaped(struct an *a)
{
	char saw[256];
	struct mw_node *f;
	snprintf(saw, sizeof(saw), "The oom_reaper freed the memory of %s (pid %" PRId64 "), killed by an OOM report that "
		 "is not in the input.", a->e->victim_comm ? a->e->victim_comm : "?", a->e->victim_pid);
	f = mw_finding(a->sec, "oom-reaped", MW_LEVEL_NOTICE, "An OOM victim reaped", saw,
		       "The reaper runs right after an OOM kill: the machine ran out of memory shortly before this line.",
		       "Find the OOM report in a longer log (journalctl -k, /var/log/kern.log).");
	evidence_role(f, a, "reaper", 1);
}

static void finding_truncated(struct an *a)
{
	struct mw_node *f;
	if (!a->e->truncated)
		return;
	f = mw_finding(a->sec, "event-truncated", MW_LEVEL_NOTICE, "Report cut off",
		       a->e->first_line != MW_UNKNOWN ? "The report stops before its natural end (the input ends, or another "
						       "report starts, inside it)." : "The report is incomplete.",
		       "Figures that come after the cut are missing; what is shown is what was printed.",
		       "Get the whole kernel log (journalctl -k, /var/log/kern.log, vmcore-dmesg) for this time.");
	evidence_role(f, a, "trigger", 1);
}

static void findings_alloc(struct an *a)
{
	struct ev *e = a->e;
	struct mw_node *f;
	char saw[1024], req[160], x[32], y[32];
	int64_t o = e->order;
	bool reclaim = a->p.direct_reclaim;
	const char *who = e->trigger_comm ? e->trigger_comm : "the caller";

	mw_events_request_text(a, req, sizeof(req));
	if (ev_eq(e->kind, "alloc_stall")) {
		snprintf(saw, sizeof(saw), "%s waited %" PRId64 " ms for %s.", who, e->stall_ms, req);
		f = mw_finding(a->sec, "alloc-stall", MW_LEVEL_WARNING, "An allocation stalled", saw,
			       "The allocator kept reclaiming and compacting without success for this long: the task was "
			       "stuck, memory was nearly exhausted or badly fragmented.",
			       "Treat it as an early OOM warning: see the memory picture of the dump and the caller.");
		evidence_role(f, a, "trigger", 1);
	}
	if (ev_kv(e, "vmalloc") == 1) {
		int64_t bytes = ev_kv(e, "vmalloc_bytes");
		mw_format_bytes(x, sizeof(x), bytes == MW_UNKNOWN ? NAN : (double)bytes);
		snprintf(saw, sizeof(saw), "%s could not vmalloc %s.", who, bytes == MW_UNKNOWN ? "memory" : x);
		f = mw_finding(a->sec, "alloc-vmalloc", MW_LEVEL_WARNING, "vmalloc failed", saw,
			       "vmalloc needs no contiguous memory, only single pages and virtual address space: a failure "
			       "means no pages at all, a fatal signal, or exhausted vmalloc space (32-bit).",
			       "Check free memory in the dump; on 32-bit kernels raise vmalloc= on the command line.");
		evidence_role(f, a, "trigger", 1);
	}
	if (!a->have_mask && o == MW_UNKNOWN)
		return;

	/* no direct reclaim: GFP_ATOMIC or GFP_NOWAIT */
	if (a->have_mask && a->reclaim_known && !reclaim) {
		snprintf(saw, sizeof(saw), "%s asked for %s with %s%s: it may not sleep, so it cannot reclaim memory itself "
			 "and may only take what is free%s.%s%s%s", who, req, a->flags, a->ambiguous ? " (every reading agrees: no "
			 "direct reclaim)" : "",
			 a->p.high ? ", including part of the reserve below the min watermark (__GFP_HIGH)" : "",
			 a->in_irq ? " It was called in interrupt context." : "",
			 a->caller[0] ? " Caller: " : "", a->caller[0] ? a->caller : "");
		f = mw_finding(a->sec, "alloc-no-reclaim", MW_LEVEL_WARNING, "Atomic allocation: no reclaim allowed", saw,
			       "\"Things like GFP_HIGH, and not having GFP_WAIT and/or GFP_IO set are brutal on the allocator. If "
			       "you do such things at a high rate then, yes, you will exhaust the system of memory. Play nice!\" "
			       "(Can you handle the pressure?, 7.1). An atomic request fails as soon as the free pages and the "
			       "emergency reserve are gone; kswapd refills them only later.",
			       "Use the stack trace to find the caller: allocate with GFP_KERNEL outside the atomic section, or "
			       "preallocate (a mempool), or let the caller retry; raising vm.min_free_kbytes enlarges the reserve "
			       "atomic allocations dip into.");
		evidence_role(f, a, "trigger", 1);
		evidence_role(f, a, "trace", 6);
	}
	if (o == 0 && reclaim && a->reclaim_known && !ev_eq(e->kind, "request")) {
		bool restricted = !a->p.fs || !a->p.io;
		snprintf(saw, sizeof(saw), "%s asked for %s with %s, a request that may sleep and reclaim, and the kernel "
			 "could not find one: you have no memory, and we could free no memory to satisfy the request.%s", who,
			 req, a->flags, restricted ? " The request could not reclaim through the filesystem or block layer "
			 "(GFP_NOFS/GFP_NOIO), which leaves dirty and filesystem-owned pages out of reach." : "");
		if (e->trigger_comm && strncmp(e->trigger_comm, "kswapd", 6) == 0) {
			size_t n = strlen(saw);
			snprintf(saw + n, sizeof(saw) - n, " %s is the reclaim thread itself: its own allocation%s%s failed while "
				 "it was freeing memory%s.", e->trigger_comm, a->caller[0] ? " in " : "", a->caller,
				 a->p.nomemalloc ? ", and __GFP_NOMEMALLOC kept it off the emergency reserves" : "");
		}
		f = mw_finding(a->sec, "alloc-no-memory", MW_LEVEL_CRITICAL, "Order-0 failure: no memory left", saw,
			       "\"If it was a normal alloc (e.g. __GFP_WAIT | __GFP_IO | __GFP_FS), then you have no memory, and "
			       "we could free no memory to satisfy your request. Your system is in deep trouble.\" (Can you handle "
			       "the pressure?, 7.1)",
			       a->free_kb != MW_UNKNOWN ? "Find out who holds the memory (the table above; /proc/meminfo and "
							  "/proc/slabinfo over time): either the workload does not fit in RAM + swap, "
							  "or something leaks."
							: "Find out who holds the memory (/proc/meminfo and /proc/slabinfo over time): "
							  "either the workload does not fit in RAM + swap, or something leaks.");
		evidence_role(f, a, "trigger", 1);
		evidence_role(f, a, "counters", 1);
	} else if (o == 0 && ev_eq(e->kind, "request") && reclaim && a->reclaim_known) {
		snprintf(saw, sizeof(saw), "%s of %s is a normal request that may sleep and reclaim: if it fails, you have no "
			 "memory, and the kernel could free none.", req, a->flags);
		mw_finding(a->sec, "alloc-no-memory", MW_LEVEL_CRITICAL, "Order-0 failure: no memory left", saw,
			   "\"If it was a normal alloc (e.g. __GFP_WAIT | __GFP_IO | __GFP_FS), then you have no memory, and we "
			   "could free no memory to satisfy your request. Your system is in deep trouble.\" (Can you handle the "
			   "pressure?, 7.1)",
			   "Find out who holds the memory: /proc/meminfo and /proc/slabinfo, logged over time.");
	}
	if (o == 0 && !(reclaim && a->reclaim_known) && !a->have_mask) {
		snprintf(saw, sizeof(saw), "The system could not allocate 1 single page of memory.");
		mw_finding(a->sec, "alloc-no-memory", MW_LEVEL_CRITICAL, "Order-0 failure: no memory left", saw,
			   "\"If the order was 0, the system could not allocate you 1 single page of memory.\" (Can you handle "
			   "the pressure?, 7.1)",
			   "Examine the flags of the allocation (give the mode) and who holds the memory.");
	}
	if (o > 0 && o <= 40) {
		bool frag = o >= COSTLY_ORDER || a->any_no_block;
		if (frag) {
			size_t n;
			snprintf(saw, sizeof(saw), "%s asked for %s.", who, req);
			n = strlen(saw);
			for (size_t i = 0; i < a->n_zr && n + 1 < sizeof(saw); i++) {
				const struct zres *zr = &a->zr[i];
				int64_t pk = zr->z->page_kb > 0 ? zr->z->page_kb : a->page_kb;
				char nm[48];
				if (a->any_no_block ? zr->check != Z_NO_BLOCK : !(zr->check == Z_BELOW_MIN && zr->z->n_orders))
					continue;
				zone_name(zr->z, nm, sizeof(nm));
				ev_fmt_kb(x, sizeof(x), zr->z->free_kb);
				if (zr->largest >= 0)
					ev_fmt_kb(y, sizeof(y), pk << zr->largest);
				n += (size_t)snprintf(saw + n, sizeof(saw) - n, " %s had %s free, largest block %s.", nm, x,
						      zr->largest >= 0 ? y : "none");
				if (n >= sizeof(saw))
					n = sizeof(saw) - 1;
			}
			if (a->any_no_block && n + 1 < sizeof(saw))
				snprintf(saw + n, sizeof(saw) - n, " Free memory was there, but not in one piece that large.");
			f = mw_finding(a->sec, "alloc-fragmentation", o >= COSTLY_ORDER ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
				       "Higher-order allocation: fragmentation", saw,
				       "\"Order n means trying to allocate 2^n pages ... these cannot be any old pages, but "
				       "physically contiguous pages, aligned on a boundary of 2^n pages. Systems that have been "
				       "running for a while inevitably get fragmented to the point where large allocs are "
				       "inevitably going to fail (i.e. we have lots of smaller blocks free, but none big enough "
				       "for that)\" (Can you handle the pressure?, 7.1).",
				       "The paper's three fixes: wait for the VM to get better at dealing with fragmentation (do "
				       "not hold your breath: compaction since 2.6.35 helps, echo 1 > /proc/sys/vm/compact_memory); "
				       "see if the caller can do without physically contiguous blocks of RAM (kvmalloc/vmalloc, "
				       "scatter-gather); make the caller operate out of a reserved mempool. /proc/buddyinfo shows "
				       "the free blocks per order over time.");
			evidence_role(f, a, "trigger", 1);
			for (size_t i = 0; i < a->n_zr; i++)
				if (a->zr[i].check == Z_NO_BLOCK)
					evidence_line(f, a, a->zr[i].z->buddy_line);
		}
		if (o > COSTLY_ORDER) {
			snprintf(saw, sizeof(saw), "Order %" PRId64 " is above PAGE_ALLOC_COSTLY_ORDER (3).", o);
			f = mw_finding(a->sec, "alloc-costly-order", MW_LEVEL_NOTICE, "Costly order", saw,
				       "For orders above 3 the allocator gives up after little reclaim and compaction and never "
				       "invokes the OOM killer: such requests are expected to fail on a busy machine.",
				       "The caller should fall back to smaller pieces (kvmalloc() falls back to vmalloc).");
			evidence_role(f, a, "trigger", 1);
		}
	}
	/* the watermark check itself */
	if (a->any_zone_checked) {
		size_t n = 0;
		saw[0] = '\0';
		for (size_t i = 0; i < a->n_zr && n + 1 < sizeof(saw); i++) {
			const struct zres *zr = &a->zr[i];
			char nm[48];
			if (zr->check == Z_NO_LINE || zr->check == Z_EMPTY)
				continue;
			zone_name(zr->z, nm, sizeof(nm));
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, "%s%s: %s.", n ? " " : "", nm, zr->text);
			if (n >= sizeof(saw))
				n = sizeof(saw) - 1;
		}
		f = mw_finding(a->sec, "alloc-watermark", MW_LEVEL_INFO, "Watermark check re-run", saw,
			       "__zone_watermark_ok(): free pages minus the request must stay above min (halved for __GFP_HIGH, "
			       "a quarter less for atomic requests) plus the zone's lowmem_reserve for the requested zone, and "
			       "a free block of the order must exist.",
			       a->any_pass ? "A zone passes with the printed numbers: memory was freed between the failure and "
					     "the dump, or a constraint (cpuset, mempolicy, __GFP_THISNODE) kept the request away from it."
					   : "Every zone the request could use failed: see the reasons.");
		for (size_t i = 0; i < a->n_zr; i++)
			if (a->zr[i].check != Z_NO_LINE && a->zr[i].check != Z_NOT_ALLOWED && a->zr[i].check != Z_EMPTY)
				evidence_line(f, a, a->zr[i].z->zone_line);
	}
	/* filesystem or I/O context */
	if (a->have_mask && a->gfp_known && reclaim && (!a->p.fs || !a->p.io) && a->file_kb != MW_UNKNOWN &&
	    a->total_kb != MW_UNKNOWN && ev_pct(a->file_kb, a->total_kb) >= 25.0) {
		ev_fmt_kb(x, sizeof(x), a->file_kb);
		snprintf(saw, sizeof(saw), "The request was %s (no filesystem%s) while %s (%.0f%% of RAM) sat in the page "
			 "cache.", a->p.io ? "GFP_NOFS" : "GFP_NOIO", a->p.io ? " calls" : " calls, no I/O", x,
			 ev_pct(a->file_kb, a->total_kb));
		f = mw_finding(a->sec, "alloc-restricted-reclaim", MW_LEVEL_NOTICE, "Reclaim restricted by the caller's context",
			       saw,
			       "A filesystem or block driver allocating inside its own I/O path may not recurse into it, so "
			       "the clean and dirty pages that need it to be freed stay: plenty of page cache and still a failure.",
			       "A filesystem bug report: allocations in that path should be smaller, preallocated, or allowed to "
			       "fail gracefully (the caller retries).");
		evidence_role(f, a, "trigger", 1);
	}
	/* known offenders */
	if (a->offender_id) {
		bool jumbo = strcmp(a->offender_id, "net") == 0 && o >= 1;
		snprintf(saw, sizeof(saw), "The call trace goes through %s%s%s%s.", a->offender,
			 jumbo ? ": a socket buffer of several pages, as jumbo frames (MTU above the page size) need" : "",
			 a->caller[0] ? "; first frame after the allocator: " : "", a->caller[0] ? a->caller : "");
		f = mw_finding(a->sec, "alloc-known-offender", MW_LEVEL_NOTICE, "A known offender", saw,
			       "\"Use the printed stack trace to find the associated caller requesting the memory. CIFS, NFS, and "
			       "gigabit ethernet with jumbo frames are known offenders.\" (Can you handle the pressure?, 7.1)",
			       jumbo ? "Lower the MTU to 1500 (or 4000 minus headers), use a driver that builds skbs from page "
				       "fragments, or raise vm.min_free_kbytes for the atomic reserve."
				     : "Update the module or its configuration (smaller rsize/wsize, fewer outstanding requests), "
				       "or raise vm.min_free_kbytes.");
		evidence_role(f, a, "trace", 8);
	}
	if (ev_eq(e->kind, "alloc_failure") && !a->e->n_zones && ev_kv(e, "vmalloc") != 1) {
		f = mw_finding(a->sec, "alloc-no-showmem", MW_LEVEL_INFO, "No memory dump with the failure",
			       "The kernel printed no show_mem dump with this failure (2.6 kernels before ~2.6.20 never did; "
			       "later ones rate-limit it), so what was free is unknown.",
			       "Without the dump the order and flags are all there is to go on.",
			       "\"/proc/buddyinfo will give you more stats on fragmentation. Adding a show_mem() to __alloc_pages "
			       "just after the printk of the failure is often helpful\" (Can you handle the pressure?, 7.1); "
			       "newer kernels do that for you.");
		evidence_role(f, a, "trigger", 1);
	}
}

static void findings_oom(struct an *a, const struct tasks_info *ti)
{
	struct ev *e = a->e;
	struct mw_node *f;
	char saw[1024], x[32], y[32], z[32];
	int64_t page_bytes = a->page_kb * 1024;

	if (e->order == -1) {
		f = mw_finding(a->sec, "oom-manual", MW_LEVEL_INFO, "OOM killer invoked by hand",
			       "order=-1: no allocation failed; someone asked for an OOM kill (sysrq f, echo f > "
			       "/proc/sysrq-trigger, or the kernel's moom work item).",
			       "A manual OOM kill picks the victim the same way but says nothing about a shortage.",
			       "Ask who triggered it; the dump still shows the memory at that moment.");
		evidence_role(f, a, "trigger", 1);
		evidence_role(f, a, "workqueue", 1);
	}
	if (e->victim_pid != MW_UNKNOWN && ev_kv(e, "victim_exiting") != 1) {
		size_t n;
		int64_t rss = ev_add(ev_add(e->v_anon_kb, e->v_file_kb), e->v_shmem_kb);
		ev_fmt_kb(x, sizeof(x), rss);
		snprintf(saw, sizeof(saw), "The OOM killer killed %s (pid %" PRId64 ")", e->victim_comm ? e->victim_comm : "?",
			 e->victim_pid);
		n = strlen(saw);
		if (rss != MW_UNKNOWN) {
			ev_fmt_kb(y, sizeof(y), e->v_anon_kb == MW_UNKNOWN ? 0 : e->v_anon_kb);
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", which had %s resident (%s anonymous)", x, y);
		} else if (ti->victim && ti->victim->rss != MW_UNKNOWN) {
			mw_format_bytes(y, sizeof(y), (double)(ti->victim->rss * page_bytes));
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", which had %s resident", y);
		}
		if (e->victim_score != MW_UNKNOWN)
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", badness score %" PRId64 " of 1000", e->victim_score);
		if (e->v_adj != MW_UNKNOWN || (ti->victim && ti->victim->oom_score_adj != MW_UNKNOWN))
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", oom_score_adj %" PRId64,
					      e->v_adj != MW_UNKNOWN ? e->v_adj : ti->victim->oom_score_adj);
		n += (size_t)snprintf(saw + n, sizeof(saw) - n, ".");
		if (ti->top_badness && ti->victim && ti->top_badness == ti->victim && ti->totalpages > 0)
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, " It had the highest badness of the task table (%.0f%% of "
					      "the %s the killer weighs against).", 100.0 * ti->victim->badness / (double)ti->totalpages,
					      e->memcg ? "cgroup limit" : "RAM + swap");
		if (e->reaped && n < sizeof(saw))
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, " The oom_reaper freed its memory at once.");
		if (e->trigger_comm && e->victim_comm && strcmp(e->trigger_comm, e->victim_comm) != 0 && n < sizeof(saw))
			snprintf(saw + n, sizeof(saw) - n, " The task that asked for memory, %s, was not the one killed.",
				 e->trigger_comm);
		f = mw_finding(a->sec, "oom-victim", MW_LEVEL_CRITICAL, "Who was killed and why", saw,
			       "The OOM killer kills the task with the highest oom_badness(): its RSS, swap and page tables as a "
			       "share of the memory it may use, plus oom_score_adj/1000 of that memory. Its memory comes back, "
			       "the allocation that could not be satisfied then succeeds.",
			       e->memcg ? "The cgroup's limit was reached: raise it (memory.max, memory.limit_in_bytes, the "
					  "container's memory limit) or shrink what runs in it."
					: "Make the killed program use less memory, limit it (cgroup memory.max, systemd MemoryMax=) "
					  "so it fails alone, or give the machine more memory.");
		evidence_role(f, a, "select", 1);
		evidence_role(f, a, "summary", 1);
		evidence_role(f, a, "kill", 1);
		evidence_role(f, a, "reaper", 1);
	}
	/* chosen because of oom_score_adj, or the biggest one was protected */
	if (ti->biggest && ti->victim && ti->biggest != ti->victim && ti->biggest->rss != MW_UNKNOWN &&
	    ti->victim->rss != MW_UNKNOWN && ti->biggest->rss > ti->victim->rss) {
		mw_format_bytes(x, sizeof(x), (double)(ti->biggest->rss * page_bytes));
		mw_format_bytes(y, sizeof(y), (double)(ti->victim->rss * page_bytes));
		if (ti->biggest->oom_score_adj == -1000) {
			snprintf(saw, sizeof(saw), "The largest task, %s (pid %" PRId64 ", %s resident), has oom_score_adj -1000 "
				 "and can never be killed; %s (%s) died instead.", ti->biggest->name, ti->biggest->pid, x,
				 ti->victim->name, y);
			f = mw_finding(a->sec, "oom-biggest-protected", MW_LEVEL_WARNING, "The largest task is OOM-proof", saw,
				       "oom_score_adj -1000 exempts a task from the OOM killer; when it is also the one that grows, "
				       "innocent tasks die one after another.",
				       "Only exempt what must survive and cannot leak; limit it with a cgroup instead.");
		} else {
			snprintf(saw, sizeof(saw), "%s (pid %" PRId64 ", %s resident) was killed although %s (pid %" PRId64 ") held "
				 "%s: oom_score_adj %" PRId64 " against %" PRId64 " made the difference.", ti->victim->name,
				 ti->victim->pid, y, ti->biggest->name, ti->biggest->pid, x,
				 ti->victim->oom_score_adj == MW_UNKNOWN ? 0 : ti->victim->oom_score_adj,
				 ti->biggest->oom_score_adj == MW_UNKNOWN ? 0 : ti->biggest->oom_score_adj);
			f = mw_finding(a->sec, "oom-victim-adjusted", MW_LEVEL_NOTICE, "Victim chosen by oom_score_adj", saw,
				       "Browsers, systemd user services and container runtimes raise oom_score_adj of expendable "
				       "processes so they die first; the task that used the memory may live on.",
				       "If the same large task keeps pushing the machine into OOM, limit it; the victims are a "
				       "symptom.");
		}
		evidence_role(f, a, "kill", 1);
	}
	if (e->memcg) {
		int64_t usage = ev_kv(e, "memcg_usage_kb"), limit = ev_kv(e, "memcg_limit_kb"), fail = ev_kv(e, "memcg_failcnt");
		int64_t msw_u = ev_kv(e, "memcg_memsw_usage_kb"), msw_l = ev_kv(e, "memcg_memsw_limit_kb");
		size_t n;
		ev_fmt_kb(x, sizeof(x), usage);
		ev_fmt_kb(y, sizeof(y), limit);
		snprintf(saw, sizeof(saw), "The memory cgroup %s hit its limit", e->oom_memcg ? e->oom_memcg : "(unnamed)");
		n = strlen(saw);
		if (usage != MW_UNKNOWN && limit != MW_UNKNOWN)
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ": usage %s of limit %s", x, y);
		if (fail != MW_UNKNOWN)
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", %" PRId64 " times refused before", fail);
		if (msw_l != MW_UNKNOWN && msw_u != MW_UNKNOWN && msw_l < (INT64_C(1) << 50)) {
			ev_fmt_kb(z, sizeof(z), msw_l);
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, "; memory+swap limit %s", z);
		}
		{
			int64_t rss = ev_kv(e, "memcg_rss_bytes") != MW_UNKNOWN ? ev_kv(e, "memcg_rss_bytes") : ev_kv(e, "memcg_anon_bytes");
			int64_t cache = ev_kv(e, "memcg_cache_bytes") != MW_UNKNOWN ? ev_kv(e, "memcg_cache_bytes") : ev_kv(e, "memcg_file_bytes");
			if (rss != MW_UNKNOWN) {
				mw_format_bytes(z, sizeof(z), (double)rss);
				n += (size_t)snprintf(saw + n, sizeof(saw) - n, "; anonymous %s", z);
			}
			if (cache != MW_UNKNOWN) {
				mw_format_bytes(z, sizeof(z), (double)cache);
				n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", page cache %s", z);
			}
		}
		snprintf(saw + n, sizeof(saw) - n, ". The rest of the machine may have had plenty free.");
		f = mw_finding(a->sec, "oom-memcg-limit", MW_LEVEL_WARNING, "Memory cgroup limit reached", saw,
			       "A cgroup OOM is local: the kernel found nothing to reclaim inside the cgroup (anonymous memory "
			       "without swap, or swap accounted too) and killed one of its tasks.",
			       "Raise the limit (memory.max on cgroup v2, memory.limit_in_bytes on v1, the container's memory "
			       "limit) to what the workload needs, or find why it grew.");
		evidence_role(f, a, "memcg", 4);
	}
	if (e->constraint && (ev_eq(e->constraint, "CONSTRAINT_CPUSET") || ev_eq(e->constraint, "CONSTRAINT_MEMORY_POLICY"))) {
		snprintf(saw, sizeof(saw), "The OOM was %s: only the nodes %s counted.", ev_eq(e->constraint, "CONSTRAINT_CPUSET")
			 ? "constrained by a cpuset" : "constrained by a NUMA memory policy",
			 e->mems_allowed ? e->mems_allowed : "allowed");
		f = mw_finding(a->sec, "oom-constrained", MW_LEVEL_NOTICE, "Constrained OOM", saw,
			       "A cpuset or mempolicy restricts the task to some nodes; memory free on the others does not "
			       "help it.",
			       "Check the cpuset (cpuset.mems) and numactl policy of the workload.");
		evidence_role(f, a, "summary", 1);
	}
	if (a->free_unusable_kb > 0 && a->free_usable_kb != MW_UNKNOWN && a->free_unusable_kb > 4 * (a->free_usable_kb + 1)) {
		ev_fmt_kb(x, sizeof(x), a->free_unusable_kb);
		ev_fmt_kb(y, sizeof(y), a->free_usable_kb);
		snprintf(saw, sizeof(saw), "%s was free in zones this request could not use (zone above %s, or outside the "
			 "allowed nodes); the zones it could use had %s.", x, a->classzone, y);
		f = mw_finding(a->sec, "oom-free-unusable-zones", MW_LEVEL_WARNING, "Free memory the request could not use", saw,
			       "The GFP mask decides the zones (ZONE_MOVABLE needs __GFP_MOVABLE|__GFP_HIGHMEM) and the cpuset "
			       "the nodes: memory elsewhere does not count.",
			       "Give the node kernel-usable memory (movablecore=/kernelcore=, memory hotplug onlining as "
			       "online_kernel) or let the workload use other nodes.");
		for (size_t i = 0; i < a->n_zr; i++)
			if (a->zr[i].check == Z_NOT_ALLOWED)
				evidence_line(f, a, a->zr[i].z->zone_line);
	}
	if (e->order > 0) {
		snprintf(saw, sizeof(saw), "The allocation that failed was order %" PRId64 ", not a single page.", e->order);
		f = mw_finding(a->sec, "oom-high-order", MW_LEVEL_NOTICE, "OOM for a higher-order allocation", saw,
			       "Orders 1 to 3 (kernel stacks, network buffers) may invoke the OOM killer when fragmentation "
			       "leaves no block that large, even with free memory around.",
			       "Look at the largest free block per zone above; compaction (vm.compact_memory) and a higher "
			       "vm.min_free_kbytes help.");
		evidence_role(f, a, "trigger", 1);
	}
	if (ev_kv(e, "panic") == 1) {
		f = mw_finding(a->sec, "oom-panic", MW_LEVEL_CRITICAL, "The kernel panicked instead of killing",
			       "vm.panic_on_oom is set: the machine rebooted (or hung) rather than kill a task.",
			       "panic_on_oom suits clusters that fail over; elsewhere it turns a dead process into a dead machine.",
			       "Set vm.panic_on_oom=0 unless a fail-over needs it.");
		evidence_role(f, a, "panic", 1);
	}
	if (ev_kv(e, "no_killable") == 1) {
		f = mw_finding(a->sec, "oom-no-killable", MW_LEVEL_CRITICAL, "No task could be killed",
			       "Out of memory and no killable processes: every candidate was exempt (oom_score_adj -1000) or "
			       "a kernel thread.",
			       "The kernel panics next: the memory is held by the kernel or by exempt tasks.",
			       "Find who holds the memory; do not exempt large tasks.");
		evidence_role(f, a, "kill", 1);
	}
	if (ev_kv(e, "victim_exiting") == 1) {
		snprintf(saw, sizeof(saw), "The selected task %s (pid %" PRId64 ") was already exiting; nothing was killed.",
			 e->victim_comm ? e->victim_comm : "?", e->victim_pid);
		f = mw_finding(a->sec, "oom-victim-exiting", MW_LEVEL_INFO, "Victim already exiting", saw,
			       "Its memory is about to be freed; the OOM killer waits for it instead of killing another task.",
			       "Nothing, unless it repeats: then the exit is stuck (look for D-state tasks).");
		evidence_role(f, a, "kill", 1);
	}
}

/* ---- which findings an event gets ---- */

/* By the event's kind; a report shows its findings in the order they are added here. */
void mw_events_findings(struct an *a, const struct tasks_info *ti)
{
	struct ev *e = a->e;
	bool oom = ev_eq(e->kind, "oom_kill");
	bool alloc = ev_eq(e->kind, "alloc_failure") || ev_eq(e->kind, "alloc_stall") || ev_eq(e->kind, "request");

	finding_truncated(a);
	findings_gfp(a);
	if (oom)
		findings_oom(a, ti);
	if (alloc)
		findings_alloc(a);
	/* who held the memory: the question for OOMs, dumps and single pages, not for fragmentation */
	if (oom || ev_eq(e->kind, "show_mem") || (alloc && (e->order == 0 || ev_eq(e->kind, "alloc_stall")))) {
		findings_memory(a, oom);
		if (oom || alloc)
			finding_fit(a);
		findings_swap(a);
	}
	if (ev_eq(e->kind, "show_mem"))
		findings_zones_showmem(a);
	if (ev_eq(e->kind, "request"))
		finding_request(a);
	if (ev_eq(e->kind, "oom_reaper"))
		finding_reaped(a);
}
