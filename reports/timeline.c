/* SPDX-License-Identifier: MIT */
/*
 * timeline.c: the timeline report. "The box slowly fell apart over two
 * days; here is what my logging loop captured": for every host with a
 * capture over time, the story of its memory.
 *
 *   - Kleen's tables over time ("Where is the memory going?" 2006, 3.5.1,
 *     3.7, 3.8): memory used, slabs total/active/waste, dentry and inode
 *     caches, at the moments that matter (first, last, the worst, the
 *     peaks, each OOM kill).
 *   - Trends for every meminfo field and slab cache from the store's
 *     running statistics (no rescan: slope = c_tv / m2_t, fit r² =
 *     c_tv² / (m2_t m2_v)), leak suspects ranked by steady growth (slope
 *     times fit, with the share of steps that went up), and the cross-check
 *     "kernel memory grew, not user space" or the reverse.
 *   - Pressure episodes: MemAvailable or MemFree below the low watermark,
 *     swap filling, slab reclaim that frees objects but no pages.
 *   - "So who ate all my memory then?" ("Can you handle the pressure?"
 *     2005, 7.2), per snapshot (a stacked chart) and at the worst moment:
 *     kernel, user space with its largest processes, page cache,
 *     unaccounted.
 *
 * Everything per snapshot comes from the snapshot table's summary
 * columns (one narrow scan); per-cache and per-process detail only for
 * the few snapshots shown (the slab and proc views, one snapshot at a
 * time), and at most CHART_POINTS points per chart.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "query.h"
#include "memwaste/banned.h"

#define CHART_POINTS 300
#define TOP_ROWS 10
#define KiB 1024.0
#define MiB (1024.0 * 1024.0)

/* One snapshot's summary columns (kB unless said). */
struct snap {
	int64_t id, input_id, line, base_id;
	double t;			/* unix time with fraction */
	int64_t memtotal, memfree, memavail, buffers, cached, swapcached, anon, shmem, slab, srecl, sunrecl;
	int64_t kstack, pagetables, secpt, vmalloc, percpu, hugetlb, hp_total, hp_size, swaptotal, swapfree;
	int64_t slab_pages, slab_active, slab_objs, dentry, inode;	/* pages, bytes, bytes, pages, pages */
	int64_t proc_count, proc_rss, page_size;
	int64_t low_kb;			/* sum of the zones' low watermarks, MW_UNKNOWN without zoneinfo */
};

/* "Who ate all my memory": where MemTotal went, per snapshot. */
enum cat {
	CAT_FREE,
	CAT_CACHE,
	CAT_SHMEM,
	CAT_ANON,
	CAT_SLAB_RECL,
	CAT_SLAB_UNRECL,
	CAT_KERNEL_OTHER,
	CAT_HUGETLB,
	CAT_UNACCOUNTED,
	CAT__MAX
};

static const struct {
	const char *key, *label, *how;
} cats[CAT__MAX] = {
	[CAT_FREE] = { "free", "free", "MemFree" },
	[CAT_CACHE] = { "page_cache", "page cache", "Buffers + Cached + SwapCached - Shmem: file pages, mostly reclaimable" },
	[CAT_SHMEM] = { "shmem", "tmpfs and shared memory", "Shmem: needs swap to be reclaimed" },
	[CAT_ANON] = { "user_anon", "user space (anonymous)", "AnonPages: what processes allocated" },
	[CAT_SLAB_RECL] = { "slab_reclaimable", "kernel: slab, reclaimable", "SReclaimable: dentries, inodes, ..." },
	[CAT_SLAB_UNRECL] = { "slab_unreclaimable", "kernel: slab, unreclaimable", "SUnreclaim" },
	[CAT_KERNEL_OTHER] = { "kernel_other", "kernel: stacks, page tables, percpu, vmalloc",
			       "KernelStack + PageTables + SecPageTables + Percpu + (VmallocUsed - KernelStack: stacks are vmalloc'ed)" },
	[CAT_HUGETLB] = { "hugetlb", "huge pages (hugetlbfs)", "Hugetlb, else HugePages_Total x Hugepagesize" },
	[CAT_UNACCOUNTED] = { "unaccounted", "unaccounted (drivers' own pages, ...)",
			      "MemTotal minus every other row: pages the counters do not see" },
};

struct event {
	char *kind, *victim, *file;
	int64_t wall, line, victim_pid;
	size_t snap;			/* index of the snapshot at or before it */
};

struct series {
	char *source, *key, *unit;
	int64_t n, v_first, v_last, v_min, v_max, n_up, n_down;
	double t_first, t_last, t_min, t_max, slope, r2;	/* slope per second, NAN when not defined */
};

/* A range of snapshots in which a pressure condition held. */
struct episode {
	const char *kind;		/* "available_below_low", "free_below_low", "swap_filling", "slab_reclaim_no_pages" */
	size_t first, last, worst;
	double value;			/* the worst value (kB, or bytes for slab) */
	double value2;			/* second figure (freed object bytes for slab) */
};

struct host {
	int64_t id;
	char *name;
	struct snap *s;
	size_t n, alloc;
	int64_t undated;
	struct event *ev;
	size_t n_ev, alloc_ev;
	int64_t ev_no_wall;
	struct series *se;
	size_t n_se, alloc_se;
	struct episode *ep;
	size_t n_ep, alloc_ep;
	char **inputs;			/* display name by input id (sparse) */
	size_t n_inputs;
	int64_t page_size;
	enum mw_confidence page_conf;
	const char *page_how;
	int64_t ps_empty;		/* snapshots whose ps section listed nothing */
	int64_t ps_empty_first_snap, ps_empty_line;
	char *ps_empty_text;
	bool low_estimated;
};

struct ctx {
	struct mw_store *st;
	const struct mw_report_opts *o;
	struct mw_node *sec;
	struct host *h;
};

static int64_t v0(int64_t v)
{
	return v == MW_UNKNOWN ? 0 : v;
}

static bool known(int64_t v)
{
	return v != MW_UNKNOWN;
}

static const char *input_name(const struct host *h, int64_t id)
{
	return id > 0 && (size_t)id < h->n_inputs && h->inputs[id] ? h->inputs[id] : NULL;
}

static struct mw_source snap_src(const struct host *h, const struct snap *s)
{
	struct mw_source src = { (char *)input_name(h, s->input_id), known(s->line) ? (uint64_t)s->line : 0 };
	return src;
}

static void fmt_bytes(char *buf, size_t n, double v)
{
	mw_format_bytes(buf, n, v);
}

static void fmt_time(char *buf, size_t n, double t)
{
	struct mw_value v = { .type = MW_VAL_INT, .i = (int64_t)t };
	mw_format_value(buf, n, &v, MW_UNIT_TIME);
}

static void fmt_span(char *buf, size_t n, double s)
{
	struct mw_value v = { .type = MW_VAL_DOUBLE, .d = s };
	mw_format_value(buf, n, &v, MW_UNIT_SECONDS);
}

/* ---- loading ---- */

static int load_snapshots(struct ctx *c)
{
	struct host *h = c->h;
	struct mw_q q;
	if (mw_q_prepare(&q, c->st,
			 "SELECT id, input_id, line, taken + coalesce(taken_frac, 0), memtotal_kb, memfree_kb, memavailable_kb, "
			 "buffers_kb, cached_kb, swapcached_kb, anonpages_kb, shmem_kb, slab_kb, sreclaimable_kb, sunreclaim_kb, "
			 "kernelstack_kb, pagetables_kb, secpagetables_kb, vmallocused_kb, percpu_kb, hugetlb_kb, hugepages_total, "
			 "hugepagesize_kb, swaptotal_kb, swapfree_kb, slab_total_pages, slab_active_bytes, slab_objs_bytes, "
			 "dentry_pages, inode_pages, proc_count, proc_rss_kb, page_size, base_id "
			 "FROM snapshot WHERE host_id = ?1 AND taken IS NOT NULL ORDER BY taken, taken_frac, id") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, h->id);
	while (mw_q_step(&q)) {
		struct snap *s;
		int col = 0;
		MW_GROW(h->s, h->alloc, h->n + 1);
		s = &h->s[h->n++];
		s->id = mw_q_i64(&q, col++);
		s->input_id = mw_q_i64(&q, col++);
		s->line = mw_q_i64(&q, col++);
		s->t = mw_q_double(&q, col++);
		s->memtotal = mw_q_i64(&q, col++);
		s->memfree = mw_q_i64(&q, col++);
		s->memavail = mw_q_i64(&q, col++);
		s->buffers = mw_q_i64(&q, col++);
		s->cached = mw_q_i64(&q, col++);
		s->swapcached = mw_q_i64(&q, col++);
		s->anon = mw_q_i64(&q, col++);
		s->shmem = mw_q_i64(&q, col++);
		s->slab = mw_q_i64(&q, col++);
		s->srecl = mw_q_i64(&q, col++);
		s->sunrecl = mw_q_i64(&q, col++);
		s->kstack = mw_q_i64(&q, col++);
		s->pagetables = mw_q_i64(&q, col++);
		s->secpt = mw_q_i64(&q, col++);
		s->vmalloc = mw_q_i64(&q, col++);
		s->percpu = mw_q_i64(&q, col++);
		s->hugetlb = mw_q_i64(&q, col++);
		s->hp_total = mw_q_i64(&q, col++);
		s->hp_size = mw_q_i64(&q, col++);
		s->swaptotal = mw_q_i64(&q, col++);
		s->swapfree = mw_q_i64(&q, col++);
		s->slab_pages = mw_q_i64(&q, col++);
		s->slab_active = mw_q_i64(&q, col++);
		s->slab_objs = mw_q_i64(&q, col++);
		s->dentry = mw_q_i64(&q, col++);
		s->inode = mw_q_i64(&q, col++);
		s->proc_count = mw_q_i64(&q, col++);
		s->proc_rss = mw_q_i64(&q, col++);
		s->page_size = mw_q_i64(&q, col++);
		s->base_id = mw_q_i64(&q, col++);
		s->low_kb = MW_UNKNOWN;
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;
	h->undated = mw_q_scalar(c->st, "SELECT count(*) FROM snapshot WHERE host_id = ?1 AND taken IS NULL", h->id);
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	const struct snap *x = *(const struct snap *const *)a, *y = *(const struct snap *const *)b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Snapshot by id through a sorted index (ids are not in time order across inputs). */
static struct snap *by_id(struct snap **index, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (index[mid]->id == id)
			return index[mid];
		if (index[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Inputs' names, the zones' low watermarks, the empty ps listings, the page size. */
static int load_details(struct ctx *c)
{
	struct host *h = c->h;
	struct snap **index = mw_xcalloc(h->n + 1, sizeof(*index));
	struct mw_q q;
	int64_t ps_snap = MW_UNKNOWN, slab_kb = 0, slab_pages = 0;
	int r = 0;

	for (size_t i = 0; i < h->n; i++)
		index[i] = &h->s[i];
	qsort(index, h->n, sizeof(*index), cmp_id);

	if (mw_q_prepare(&q, c->st, "SELECT DISTINCT i.id, i.display FROM input i JOIN snapshot s ON s.input_id = i.id "
				    "WHERE s.host_id = ?1") < 0)
		goto fail;
	mw_q_bind_i64(&q, 1, h->id);
	while (mw_q_step(&q)) {
		int64_t id = mw_q_i64(&q, 0);
		if (id <= 0 || id > (int64_t)1 << 30)
			continue;
		if ((size_t)id >= h->n_inputs) {
			size_t old = h->n_inputs;
			h->n_inputs = (size_t)id + 64;
			h->inputs = mw_xrealloc(h->inputs, h->n_inputs * sizeof(*h->inputs));
			memset(h->inputs + old, 0, (h->n_inputs - old) * sizeof(*h->inputs));
		}
		h->inputs[id] = mw_q_textdup(&q, 1);
	}
	if (mw_q_finish(&q) < 0)
		goto fail;

	if (mw_q_prepare(&q, c->st, "SELECT z.snapshot_id, sum(z.low) FROM zone z JOIN snapshot s ON s.id = z.snapshot_id "
				    "WHERE s.host_id = ?1 AND z.low IS NOT NULL GROUP BY z.snapshot_id") < 0)
		goto fail;
	mw_q_bind_i64(&q, 1, h->id);
	while (mw_q_step(&q)) {
		struct snap *s = by_id(index, h->n, mw_q_i64(&q, 0));
		if (s)
			s->low_kb = mw_q_i64(&q, 1);	/* pages for now: scaled once the page size is known */
	}
	if (mw_q_finish(&q) < 0)
		goto fail;

	if (mw_q_prepare(&q, c->st, "SELECT f.snapshot_id, f.line, f.text FROM snapshot_fact f JOIN snapshot s "
				    "ON s.id = f.snapshot_id WHERE s.host_id = ?1 AND f.key = 'ps_empty' ORDER BY s.taken") < 0)
		goto fail;
	mw_q_bind_i64(&q, 1, h->id);
	while (mw_q_step(&q)) {
		if (!h->ps_empty++) {
			ps_snap = mw_q_i64(&q, 0);
			h->ps_empty_line = mw_q_i64(&q, 1);
			h->ps_empty_text = mw_q_textdup(&q, 2);
		}
	}
	if (mw_q_finish(&q) < 0)
		goto fail;
	h->ps_empty_first_snap = ps_snap;

	/* page size: as the data says, else Slab (kB) over slab pages, else the common 4 KiB */
	h->page_size = 0;
	for (size_t i = 0; i < h->n && !h->page_size; i++)
		if (known(h->s[i].page_size) && h->s[i].page_size > 0)
			h->page_size = h->s[i].page_size;
	if (h->page_size) {
		h->page_conf = MW_CONF_EXACT;
		h->page_how = "as the capture states it";
	} else {
		for (size_t i = 0; i < h->n; i++) {
			if (known(h->s[i].slab) && known(h->s[i].slab_pages) && h->s[i].slab_pages > 0) {
				slab_kb += h->s[i].slab;
				slab_pages += h->s[i].slab_pages;
			}
		}
		if (slab_pages) {
			double ratio = (double)slab_kb * 1024 / (double)slab_pages;
			static const int sizes[] = { 4096, 8192, 16384, 65536 };
			for (size_t k = 0; k < MW_ARRAY_SIZE(sizes); k++)
				if (ratio > sizes[k] * 0.8 && ratio < sizes[k] * 1.25)
					h->page_size = sizes[k];
		}
		if (h->page_size) {
			h->page_conf = MW_CONF_DERIVED;
			h->page_how = "meminfo Slab (kB) over the pages of the slabinfo caches";
		} else {
			h->page_size = 4096;
			h->page_conf = MW_CONF_ESTIMATED;
			h->page_how = "not in the capture: 4 KiB assumed";
		}
	}
	for (size_t i = 0; i < h->n; i++) {
		struct snap *s = &h->s[i];
		if (known(s->low_kb)) {
			s->low_kb = s->low_kb * h->page_size / 1024;
		} else if (known(s->memtotal) && s->memtotal > 0) {
			/* mm/page_alloc.c: min_free_kbytes = 4 sqrt(lowmem kB), low = min + max(min/4, managed/1000) */
			double min = 4 * sqrt((double)s->memtotal);
			min = min < 128 ? 128 : min > 262144 ? 262144 : min;
			s->low_kb = (int64_t)(min + fmax(min / 4, (double)s->memtotal / 1000));
			h->low_estimated = true;
		}
	}
	free(index);
	return 0;
fail:
	r = MW_ESTORE;
	free(index);
	return r;
}

static int load_events(struct ctx *c)
{
	struct host *h = c->h;
	struct mw_q q;
	size_t k = 0;
	if (!h->n)
		return 0;
	if (mw_q_prepare(&q, c->st, "SELECT e.kind, e.wall, e.victim_comm, e.victim_pid, e.first_line, i.display "
				    "FROM event e JOIN input i ON i.id = e.input_id WHERE e.host_id = ?1 AND e.wall "
				    "BETWEEN ?2 AND ?3 AND e.kind IN ('oom_kill', 'alloc_failure', 'alloc_stall') "
				    "ORDER BY e.wall, e.id") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, h->id);
	mw_q_bind_i64(&q, 2, (int64_t)h->s[0].t - 600);
	mw_q_bind_i64(&q, 3, (int64_t)h->s[h->n - 1].t + 600);
	while (mw_q_step(&q)) {
		struct event *e;
		MW_GROW(h->ev, h->alloc_ev, h->n_ev + 1);
		e = &h->ev[h->n_ev++];
		e->kind = mw_q_textdup(&q, 0);
		e->wall = mw_q_i64(&q, 1);
		e->victim = mw_q_textdup(&q, 2);
		e->victim_pid = mw_q_i64(&q, 3);
		e->line = mw_q_i64(&q, 4);
		e->file = mw_q_textdup(&q, 5);
		/* the last snapshot at or before it (the first one if it came before the capture) */
		while (k + 1 < h->n && h->s[k + 1].t <= (double)e->wall)
			k++;
		e->snap = k;
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;
	h->ev_no_wall = mw_q_scalar(c->st, "SELECT count(*) FROM event WHERE host_id = ?1 AND wall IS NULL AND kind = "
				    "'oom_kill'", h->id);
	return 0;
}

static int load_series(struct ctx *c)
{
	struct host *h = c->h;
	struct mw_q q;
	if (mw_q_prepare(&q, c->st, "SELECT source, key, unit, n, m2_t, m2_v, c_tv, t_first, v_first, t_last, v_last, t_min, "
				    "v_min, t_max, v_max, n_up, n_down FROM series WHERE host_id = ?1 ORDER BY source, key") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, h->id);
	while (mw_q_step(&q)) {
		struct series *s;
		double m2_t = mw_q_double(&q, 4), m2_v = mw_q_double(&q, 5), c_tv = mw_q_double(&q, 6);
		MW_GROW(h->se, h->alloc_se, h->n_se + 1);
		s = &h->se[h->n_se++];
		s->source = mw_q_textdup_or(&q, 0, "");
		s->key = mw_q_textdup_or(&q, 1, "");
		s->unit = mw_q_textdup(&q, 2);
		s->n = mw_q_i64(&q, 3);
		s->t_first = mw_q_double(&q, 7);
		s->v_first = mw_q_i64(&q, 8);
		s->t_last = mw_q_double(&q, 9);
		s->v_last = mw_q_i64(&q, 10);
		s->t_min = mw_q_double(&q, 11);
		s->v_min = mw_q_i64(&q, 12);
		s->t_max = mw_q_double(&q, 13);
		s->v_max = mw_q_i64(&q, 14);
		s->n_up = mw_q_i64(&q, 15);
		s->n_down = mw_q_i64(&q, 16);
		/* least squares over every point: slope = cov(t, v) / var(t), r² = cov² / (var(t) var(v)) */
		s->slope = m2_t > 0 ? c_tv / m2_t : NAN;
		s->r2 = m2_t > 0 && m2_v > 0 ? c_tv * c_tv / (m2_t * m2_v) : NAN;
	}
	return mw_q_finish(&q);
}

/* Bytes per unit of a series. */
static double unit_bytes(const struct host *h, const struct series *s)
{
	if (!s->unit)
		return NAN;
	if (strcmp(s->unit, "kb") == 0)
		return KiB;
	if (strcmp(s->unit, "pages") == 0)
		return (double)h->page_size;
	if (strcmp(s->unit, "bytes") == 0)
		return 1;
	return NAN;
}

/* ---- per snapshot ---- */

static bool breakdown(const struct snap *s, int64_t out[CAT__MAX])
{
	int64_t used = 0, vm;
	if (!known(s->memtotal) || !known(s->memfree))
		return false;
	out[CAT_FREE] = s->memfree;
	out[CAT_SHMEM] = v0(s->shmem);
	out[CAT_CACHE] = v0(s->buffers) + v0(s->cached) + v0(s->swapcached) - v0(s->shmem);
	if (out[CAT_CACHE] < 0)
		out[CAT_CACHE] = 0;
	out[CAT_ANON] = v0(s->anon);
	if (known(s->srecl) || known(s->sunrecl)) {
		out[CAT_SLAB_RECL] = v0(s->srecl);
		out[CAT_SLAB_UNRECL] = v0(s->sunrecl);
	} else {
		out[CAT_SLAB_RECL] = 0;
		out[CAT_SLAB_UNRECL] = v0(s->slab);
	}
	vm = v0(s->vmalloc) - v0(s->kstack);
	out[CAT_KERNEL_OTHER] = v0(s->kstack) + v0(s->pagetables) + v0(s->secpt) + v0(s->percpu) + (vm > 0 ? vm : 0);
	out[CAT_HUGETLB] = known(s->hugetlb) ? s->hugetlb : v0(s->hp_total) * v0(s->hp_size);
	for (int c = 0; c < CAT_UNACCOUNTED; c++)
		used += out[c];
	out[CAT_UNACCOUNTED] = s->memtotal - used;
	return true;
}

static int64_t kernel_kb(const int64_t b[CAT__MAX])
{
	return b[CAT_SLAB_RECL] + b[CAT_SLAB_UNRECL] + b[CAT_KERNEL_OTHER];
}

/* How much memory was really left: MemAvailable, else MemFree + page cache (kernels before 3.14). */
static int64_t available(const struct snap *s)
{
	if (known(s->memavail))
		return s->memavail;
	if (known(s->memfree))
		return s->memfree + v0(s->buffers) + v0(s->cached) - v0(s->shmem);
	return MW_UNKNOWN;
}

static double slab_bytes(const struct host *h, const struct snap *s)
{
	if (known(s->slab_pages))
		return (double)s->slab_pages * (double)h->page_size;
	if (known(s->slab))
		return (double)s->slab * KiB;
	return NAN;
}

static double dicache_bytes(const struct host *h, const struct snap *s)
{
	if (!known(s->dentry) && !known(s->inode))
		return NAN;
	return (double)(v0(s->dentry) + v0(s->inode)) * (double)h->page_size;
}

/* ---- moments ---- */

struct moment {
	size_t snap;
	char label[160];
};

static void add_moment(struct moment *m, size_t *n, size_t max, size_t snap, const char *label)
{
	for (size_t i = 0; i < *n; i++) {
		if (m[i].snap == snap) {
			size_t l = strlen(m[i].label);
			snprintf(m[i].label + l, sizeof(m[i].label) - l, ", %s", label);
			return;
		}
	}
	if (*n == max)
		return;
	m[*n].snap = snap;
	snprintf(m[*n].label, sizeof(m[*n].label), "%s", label);
	(*n)++;
}

static int cmp_moment(const void *a, const void *b)
{
	const struct moment *x = a, *y = b;
	return x->snap < y->snap ? -1 : x->snap > y->snap;
}

static const struct mw_column used_cols[] = {
	{ "moment", "Time", MW_UNIT_NONE, MW_VAL_STR, 0, "which moment: first, last, the worst, a peak, an OOM kill" },
	{ "time", "At", MW_UNIT_TIME, MW_VAL_INT, 0, "when the snapshot was taken (UTC)" },
	{ "memory_used_bytes", "Memory used", MW_UNIT_BYTES, MW_VAL_INT, 0, "MemTotal - MemFree: pages the page allocator handed out" },
	{ "memory_used_pct", "Percent", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "of MemTotal" },
	{ "available_bytes", "Available", MW_UNIT_BYTES, MW_VAL_INT, MW_F_DETAIL, "MemAvailable" },
};

static const struct mw_column slab_cols[] = {
	{ "moment", "Time", MW_UNIT_NONE, MW_VAL_STR, 0, "which moment" },
	{ "time", "At", MW_UNIT_TIME, MW_VAL_INT, 0, "when the snapshot was taken (UTC)" },
	{ "slabs_total_bytes", "Slabs total", MW_UNIT_BYTES, MW_VAL_INT, 0, "pages of every cache (num_slabs x pagesperslab)" },
	{ "slabs_active_bytes", "Slabs active", MW_UNIT_BYTES, MW_VAL_INT, 0, "active_objs x objsize" },
	{ "waste_pct", "Waste", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "(total - active) / total: free objects and padding" },
	{ "total_pct", "Total", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "slabs total, % of MemTotal" },
};

static const struct mw_column dicache_cols[] = {
	{ "moment", "Time", MW_UNIT_NONE, MW_VAL_STR, 0, "which moment" },
	{ "time", "At", MW_UNIT_TIME, MW_VAL_INT, 0, "when the snapshot was taken (UTC)" },
	{ "dicache_bytes", "d/icache", MW_UNIT_BYTES, MW_VAL_INT, 0, "dentry and inode cache pages (dentry, *inode_cache, *_inode_info, *_inode)" },
	{ "total_pct", "Total", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "% of MemTotal" },
};

static double round2(double v)
{
	return v != v ? v : round(v * 100) / 100;
}

static void moment_tables(struct ctx *c, size_t worst)
{
	struct host *h = c->h;
	struct moment m[64];
	size_t n = 0, peak_slab = SIZE_MAX, peak_dic = SIZE_MAX, peak_anon = SIZE_MAX, peak_used = SIZE_MAX;
	double best_slab = -1, best_dic = -1, best_anon = -1, best_used = -1;
	struct mw_node *tu = NULL, *ts = NULL, *td = NULL;
	bool any_used = false, any_slab = false, any_dic = false;

	for (size_t i = 0; i < h->n; i++) {
		const struct snap *s = &h->s[i];
		double v;
		v = slab_bytes(h, s);
		if (v == v && v > best_slab)
			best_slab = v, peak_slab = i;
		v = dicache_bytes(h, s);
		if (v == v && v > best_dic)
			best_dic = v, peak_dic = i;
		if (known(s->anon) && (double)s->anon > best_anon)
			best_anon = (double)s->anon, peak_anon = i;
		if (known(s->memtotal) && known(s->memfree) && (double)(s->memtotal - s->memfree) > best_used)
			best_used = (double)(s->memtotal - s->memfree), peak_used = i;
		any_used |= known(s->memtotal) && known(s->memfree);
		any_slab |= known(s->slab_pages) || known(s->slab);
		any_dic |= known(s->dentry) || known(s->inode);
	}
	add_moment(m, &n, MW_ARRAY_SIZE(m), 0, "first");
	if (worst != SIZE_MAX)
		add_moment(m, &n, MW_ARRAY_SIZE(m), worst, "least available");
	if (peak_used != SIZE_MAX)
		add_moment(m, &n, MW_ARRAY_SIZE(m), peak_used, "most used");
	if (peak_slab != SIZE_MAX)
		add_moment(m, &n, MW_ARRAY_SIZE(m), peak_slab, "largest slab");
	if (peak_dic != SIZE_MAX)
		add_moment(m, &n, MW_ARRAY_SIZE(m), peak_dic, "largest d/icache");
	if (peak_anon != SIZE_MAX)
		add_moment(m, &n, MW_ARRAY_SIZE(m), peak_anon, "most user memory");
	for (size_t i = 0; i < h->n_ev; i++) {
		char label[96];
		snprintf(label, sizeof(label), "before %s%s%s", h->ev[i].kind && strcmp(h->ev[i].kind, "oom_kill") == 0
			 ? "OOM kill" : "allocation failure", h->ev[i].victim ? " of " : "", h->ev[i].victim ? h->ev[i].victim : "");
		add_moment(m, &n, MW_ARRAY_SIZE(m), h->ev[i].snap, label);
	}
	add_moment(m, &n, MW_ARRAY_SIZE(m), h->n - 1, "last");
	qsort(m, n, sizeof(*m), cmp_moment);

	if (any_used)
		tu = mw_table(c->sec, "memory_used_at", "Memory used at these moments (Kleen 3.5.1)", used_cols,
			      MW_ARRAY_SIZE(used_cols));
	if (any_slab)
		ts = mw_table(c->sec, "slab_at", "Slab at these moments (Kleen 3.7)", slab_cols, MW_ARRAY_SIZE(slab_cols));
	if (any_dic)
		td = mw_table(c->sec, "dicache_at", "Dentry and inode caches at these moments (Kleen 3.8)", dicache_cols,
			      MW_ARRAY_SIZE(dicache_cols));
	for (size_t i = 0; i < n; i++) {
		const struct snap *s = &h->s[m[i].snap];
		struct mw_source src = snap_src(h, s);
		struct mw_row *r;
		double total = known(s->memtotal) ? (double)s->memtotal * KiB : NAN, v;
		if (tu) {
			r = mw_row_add(tu);
			mw_cell_str(r, 0, m[i].label);
			mw_cell_int(r, 1, (int64_t)s->t);
			if (known(s->memtotal) && known(s->memfree)) {
				mw_cell_int(r, 2, (s->memtotal - s->memfree) * 1024);
				mw_cell_double(r, 3, round2(mw_pct((double)(s->memtotal - s->memfree), (double)s->memtotal)));
			}
			if (known(s->memavail))
				mw_cell_int(r, 4, s->memavail * 1024);
			mw_row_source(r, src.file, src.line);
		}
		v = slab_bytes(h, s);
		if (ts && v == v) {
			r = mw_row_add(ts);
			mw_cell_str(r, 0, m[i].label);
			mw_cell_int(r, 1, (int64_t)s->t);
			mw_cell_int(r, 2, (int64_t)v);
			if (known(s->slab_active) && known(s->slab_pages)) {
				mw_cell_int(r, 3, s->slab_active);
				mw_cell_double(r, 4, round2(mw_pct(v - (double)s->slab_active, v)));
			}
			mw_cell_double(r, 5, round2(mw_pct(v, total)));
			mw_row_source(r, src.file, src.line);
		}
		v = dicache_bytes(h, s);
		if (td && v == v) {
			r = mw_row_add(td);
			mw_cell_str(r, 0, m[i].label);
			mw_cell_int(r, 1, (int64_t)s->t);
			mw_cell_int(r, 2, (int64_t)v);
			mw_cell_double(r, 3, round2(mw_pct(v, total)));
			mw_row_source(r, src.file, src.line);
		}
	}
}

/* ---- trends and leak suspects ---- */

static const struct mw_column trend_cols[] = {
	{ "name", "Name", MW_UNIT_NONE, MW_VAL_STR, 0, "meminfo field (the kB ones) or slab cache" },
	{ "start_bytes", "Start", MW_UNIT_BYTES, MW_VAL_INT, 0, "first value (a cache: num_slabs x pagesperslab pages)" },
	{ "end_bytes", "End", MW_UNIT_BYTES, MW_VAL_INT, 0, "last value" },
	{ "min_bytes", "Min", MW_UNIT_BYTES, MW_VAL_INT, MW_F_DETAIL, "smallest value" },
	{ "max_bytes", "Max", MW_UNIT_BYTES, MW_VAL_INT, 0, "largest value" },
	{ "slope_bytes_per_hour", "Slope/h", MW_UNIT_BYTES, MW_VAL_DOUBLE, 0, "least-squares slope over every snapshot, per hour" },
	{ "r2", "Fit r²", MW_UNIT_RATIO, MW_VAL_DOUBLE, 0, "how well a straight line fits (1 = steady)" },
};

/* One row of a trend table: a series in bytes (`scale` bytes per unit). */
static void trend_row(struct mw_node *t, const struct series *s, double scale)
{
	struct mw_row *r = mw_row_add(t);
	mw_cell_str(r, 0, s->key);
	mw_cell_int(r, 1, (int64_t)((double)s->v_first * scale));
	mw_cell_int(r, 2, (int64_t)((double)s->v_last * scale));
	mw_cell_int(r, 3, (int64_t)((double)s->v_min * scale));
	mw_cell_int(r, 4, (int64_t)((double)s->v_max * scale));
	mw_cell_double(r, 5, s->slope == s->slope ? round(s->slope * 3600 * scale) : 0);
	if (s->r2 == s->r2)
		mw_cell_double(r, 6, round(s->r2 * 1000) / 1000);
}

static const struct mw_column suspect_cols[] = {
	{ "rank", "#", MW_UNIT_COUNT, MW_VAL_INT, 0, "by slope x fit" },
	{ "kind", "Kind", MW_UNIT_NONE, MW_VAL_STR, 0, "slab cache, kernel counter (meminfo), or process name" },
	{ "name", "Name", MW_UNIT_NONE, MW_VAL_STR, 0, "what grew" },
	{ "growth_bytes", "Grew", MW_UNIT_BYTES, MW_VAL_INT, 0, "last minus first" },
	{ "slope_bytes_per_hour", "Per hour", MW_UNIT_BYTES, MW_VAL_DOUBLE, 0, "least-squares slope" },
	{ "r2", "Fit r²", MW_UNIT_RATIO, MW_VAL_DOUBLE, 0, "1 = a straight line" },
	{ "steps_up_pct", "Steps up", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "of the snapshot-to-snapshot changes, how many went up" },
	{ "confidence", "Confidence", MW_UNIT_NONE, MW_VAL_STR, 0, "high: r² >= 0.9, >= 20 points, >= 70% steps up; medium: r² >= 0.7" },
};

static int cmp_slope_desc(const void *a, const void *b)
{
	const struct series *x = *(const struct series *const *)a, *y = *(const struct series *const *)b;
	double sx = x->slope == x->slope ? x->slope : -INFINITY, sy = y->slope == y->slope ? y->slope : -INFINITY;
	if (sx != sy)
		return sx > sy ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void trend_tables(struct ctx *c)
{
	struct host *h = c->h;
	struct mw_node *t;
	const struct series **slabs = mw_xcalloc(h->n_se + 1, sizeof(*slabs));
	size_t n_slabs = 0;
	double pb = (double)h->page_size;

	t = NULL;
	for (size_t i = 0; i < h->n_se; i++) {
		const struct series *s = &h->se[i];
		if (strcmp(s->source, "slab") == 0)
			slabs[n_slabs++] = s;
		if (strcmp(s->source, "meminfo") != 0 || !s->unit || strcmp(s->unit, "kb") != 0)
			continue;	/* HugePages_* are counts: Hugetlb says it in kB */
		if (!t)
			t = mw_table(c->sec, "meminfo_trends", "Every meminfo field over the capture", trend_cols,
				     MW_ARRAY_SIZE(trend_cols));
		trend_row(t, s, KiB);
	}
	if (n_slabs) {
		qsort(slabs, n_slabs, sizeof(*slabs), cmp_slope_desc);
		t = mw_table(c->sec, "slab_trends", "Every slab cache over the capture, fastest growing first", trend_cols,
			     MW_ARRAY_SIZE(trend_cols));
		for (size_t i = 0; i < n_slabs; i++)
			trend_row(t, slabs[i], pb);
	}
	free(slabs);
}

struct suspect {
	const struct series *s;
	const char *kind;
	double per_hour, growth, score, steady;
	const char *confidence;
};

static int cmp_suspect(const void *a, const void *b)
{
	const struct suspect *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->s->key, y->s->key);
}

/* meminfo fields that are kernel memory of their own (not sums of others, not user space). */
static bool kernel_counter(const char *key)
{
	static const char *const keys[] = { "SUnreclaim", "SReclaimable", "KernelStack", "PageTables", "SecPageTables",
					    "Percpu", "VmallocUsed" };
	for (size_t i = 0; i < MW_ARRAY_SIZE(keys); i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

/*
 * Leak suspects: series that grew steadily, not just ended higher. A
 * suspect's slope is positive, its fit r² at least 0.5 and its growth
 * worth a look (4 MiB or 0.2% of MemTotal), and it still holds memory at
 * the end of the capture (a process that went away is not leaking any
 * more: it shows in "who ate the memory" instead). Ranked by slope times
 * r², so a steady climb beats a jump.
 */
static size_t suspects(struct ctx *c, struct suspect **ret, double memtotal_bytes, double end, double interval)
{
	struct host *h = c->h;
	struct suspect *sus = NULL;
	size_t n = 0, alloc = 0;
	double floor_bytes = fmax(4 * MiB, memtotal_bytes * 0.002);

	bool have_slab = false;

	for (size_t i = 0; i < h->n_se && !have_slab; i++)
		have_slab = strcmp(h->se[i].source, "slab") == 0;
	for (size_t i = 0; i < h->n_se; i++) {
		const struct series *s = &h->se[i];
		const char *kind;
		double ub = unit_bytes(h, s), growth, steady;
		struct suspect *x;
		if (strcmp(s->source, "slab") == 0)
			kind = "slab cache";
		else if (strcmp(s->source, "meminfo") == 0 && kernel_counter(s->key) &&
			 !(have_slab && s->key[0] == 'S' && (strcmp(s->key, "SUnreclaim") == 0 || strcmp(s->key, "SReclaimable") == 0)))
			kind = "kernel counter";	/* the slab sums only when the caches themselves are not known */
		else if (strcmp(s->source, "meminfo") == 0 && (strcmp(s->key, "AnonPages") == 0 || strcmp(s->key, "Shmem") == 0))
			kind = "user space";
		else if (strcmp(s->source, "proc_rss") == 0)
			kind = "process";
		else
			continue;
		if (ub != ub || s->n < 3 || !(s->slope > 0) || !(s->r2 >= 0.5))
			continue;
		if (interval == interval && s->t_last < end - 3 * interval)
			continue;
		growth = (double)(s->v_last - s->v_first) * ub;
		if (growth < floor_bytes)
			continue;
		steady = s->n_up + s->n_down ? (double)s->n_up / (double)(s->n_up + s->n_down) : NAN;
		MW_GROW(sus, alloc, n + 1);
		x = &sus[n++];
		x->s = s;
		x->kind = kind;
		x->growth = growth;
		x->per_hour = s->slope * 3600 * ub;
		x->score = x->per_hour * s->r2;
		x->steady = steady;
		if (s->r2 >= 0.9 && s->n >= 20 && steady >= 0.7)
			x->confidence = "high";
		else if (s->r2 >= 0.7 && s->n >= 10)
			x->confidence = "medium";
		else
			x->confidence = "low";
	}
	if (n > 1)
		qsort(sus, n, sizeof(*sus), cmp_suspect);
	*ret = sus;
	return n;
}

/* What a snapshot says of one side of the cross-check, in kB (MW_UNKNOWN when it says nothing). */
enum side { SIDE_KERNEL, SIDE_USER, SIDE_PROCS };

static int64_t side_kb(const struct snap *s, enum side side)
{
	int64_t vm;
	switch (side) {
	case SIDE_KERNEL:
		if (!known(s->slab) && !known(s->srecl) && !known(s->sunrecl) && !known(s->kstack))
			return MW_UNKNOWN;
		vm = v0(s->vmalloc) - v0(s->kstack);
		return (known(s->srecl) || known(s->sunrecl) ? v0(s->srecl) + v0(s->sunrecl) : v0(s->slab)) + v0(s->kstack) +
		       v0(s->pagetables) + v0(s->secpt) + v0(s->percpu) + (vm > 0 ? vm : 0);
	case SIDE_USER:
		if (!known(s->anon) && !known(s->shmem))
			return MW_UNKNOWN;
		return v0(s->anon) + v0(s->shmem);
	case SIDE_PROCS:
		return known(s->proc_count) && s->proc_count > 0 ? s->proc_rss : MW_UNKNOWN;
	}
	return MW_UNKNOWN;
}

/*
 * How much one side grew over the capture (bytes): the mean of its last
 * tenth of snapshots minus the mean of its first tenth (1 to 30 of each),
 * so a transient bump in the middle - a process that came and went - is
 * not growth, and one odd snapshot at either end does not decide it.
 */
static double side_growth(const struct host *h, enum side side, bool *ret_any)
{
	size_t k = h->n / 10, n0 = 0, n1 = 0;
	double a = 0, b = 0;
	if (k < 1)
		k = 1;
	if (k > 30)
		k = 30;
	for (size_t i = 0; i < h->n && n0 < k; i++) {
		int64_t v = side_kb(&h->s[i], side);
		if (known(v))
			a += (double)v, n0++;
	}
	for (size_t i = h->n; i-- > 0 && n1 < k;) {
		int64_t v = side_kb(&h->s[i], side);
		if (known(v))
			b += (double)v, n1++;
	}
	if (!n0 || !n1)
		return 0;
	*ret_any = true;
	return (b / (double)n1 - a / (double)n0) * KiB;
}

/* ---- pressure episodes ---- */

static struct episode *add_episode(struct host *h, const char *kind, size_t first)
{
	struct episode *e;
	MW_GROW(h->ep, h->alloc_ep, h->n_ep + 1);
	e = &h->ep[h->n_ep++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->first = e->last = e->worst = first;
	e->value = NAN;
	return e;
}

/* Runs of snapshots below the low watermark: MemAvailable (nothing cheap left), else MemFree (kswapd reclaiming). */
static void low_episodes(struct host *h, bool use_avail)
{
	struct episode *cur = NULL;
	for (size_t i = 0; i < h->n; i++) {
		const struct snap *s = &h->s[i];
		int64_t v = use_avail ? s->memavail : s->memfree;
		bool below = known(v) && known(s->low_kb) && v < s->low_kb;
		if (!below) {
			cur = NULL;
			continue;
		}
		if (!cur) {
			cur = add_episode(h, use_avail ? "available_below_low" : "free_below_low", i);
			cur->value = (double)v;
			cur->value2 = (double)s->low_kb;
		}
		cur->last = i;
		if ((double)v < cur->value) {
			cur->value = (double)v;
			cur->worst = i;
		}
	}
}

/* Swap filling: swap use climbing over consecutive snapshots by 1% of the swap (at least 16 MiB), or 90% full. */
static void swap_episodes(struct host *h)
{
	size_t start = SIZE_MAX;
	for (size_t i = 1; i <= h->n; i++) {
		const struct snap *a = &h->s[i - 1], *b = i < h->n ? &h->s[i] : NULL;
		bool ok = b && known(a->swapfree) && known(b->swapfree) && known(b->swaptotal) && b->swaptotal > 0;
		/* a run starts with swap use going up, and goes on while it does not go down */
		bool up = ok && (start == SIZE_MAX ? b->swapfree < a->swapfree : b->swapfree <= a->swapfree);
		if (up && start == SIZE_MAX)
			start = i - 1;
		if ((!up || i == h->n) && start != SIZE_MAX) {
			size_t end = up ? i : i - 1;
			const struct snap *s0 = &h->s[start], *s1 = &h->s[end];
			double grew = (double)(s0->swapfree - s1->swapfree) * KiB;
			double need = fmax(16 * MiB, (double)s1->swaptotal * KiB / 100);
			bool full = (double)s1->swapfree < (double)s1->swaptotal * 0.1;
			if (grew >= need || (full && grew > 0)) {
				struct episode *e = add_episode(h, "swap_filling", start);
				e->last = e->worst = end;
				e->value = (double)(s1->swaptotal - s1->swapfree);
				e->value2 = grew / KiB;
			}
			start = SIZE_MAX;
		}
	}
}

/*
 * Slab reclaim that frees objects but no pages (Kleen 3.8, and figure 5
 * of "Can you handle the pressure?": a slab page goes back only when
 * every object on it is free): between two snapshots the active objects
 * shrank by 1% of the slab (at least 4 MiB) while the slab pages gave back
 * less than a quarter of that.
 */
static void slab_episodes(struct host *h)
{
	struct episode *cur = NULL;
	double pb = (double)h->page_size;
	for (size_t i = 1; i < h->n; i++) {
		const struct snap *a = &h->s[i - 1], *b = &h->s[i];
		double freed, returned;
		bool hit;
		if (!known(a->slab_active) || !known(b->slab_active) || !known(a->slab_pages) || !known(b->slab_pages)) {
			cur = NULL;
			continue;
		}
		freed = (double)(a->slab_active - b->slab_active);
		returned = (double)(a->slab_pages - b->slab_pages) * pb;
		hit = freed >= fmax(4 * MiB, (double)a->slab_pages * pb / 100) && returned < freed / 4;
		if (!hit) {
			cur = NULL;
			continue;
		}
		if (!cur) {
			cur = add_episode(h, "slab_reclaim_no_pages", i - 1);
			cur->value = 0;
			cur->value2 = 0;
		}
		cur->last = cur->worst = i;
		cur->value2 += freed;
		cur->value += returned > 0 ? returned : 0;
	}
}

static const struct mw_column episode_cols[] = {
	{ "kind", "Episode", MW_UNIT_NONE, MW_VAL_STR, 0, "available_below_low, free_below_low, swap_filling, slab_reclaim_no_pages" },
	{ "start", "From", MW_UNIT_TIME, MW_VAL_INT, 0, "first snapshot of the episode" },
	{ "end", "To", MW_UNIT_TIME, MW_VAL_INT, 0, "last snapshot of the episode" },
	{ "duration_seconds", "For", MW_UNIT_SECONDS, MW_VAL_INT, 0, "end - start (0: one snapshot)" },
	{ "snapshots", "Snapshots", MW_UNIT_COUNT, MW_VAL_INT, MW_F_DETAIL, "in the episode" },
	{ "what", "What", MW_UNIT_NONE, MW_VAL_STR, 0, "the worst figure of the episode" },
};

static const char *episode_label(const char *kind)
{
	if (strcmp(kind, "available_below_low") == 0)
		return "MemAvailable below the low watermark";
	if (strcmp(kind, "free_below_low") == 0)
		return "MemFree below the low watermark (kswapd reclaiming)";
	if (strcmp(kind, "swap_filling") == 0)
		return "swap filling";
	return "slab reclaim freed objects, not pages";
}

static void episode_table(struct ctx *c)
{
	struct host *h = c->h;
	struct mw_node *t;
	char a[32], b[32], what[200];
	if (!h->n_ep)
		return;
	t = mw_table(c->sec, "pressure_episodes", "Pressure episodes", episode_cols, MW_ARRAY_SIZE(episode_cols));
	for (size_t i = 0; i < h->n_ep; i++) {
		const struct episode *e = &h->ep[i];
		const struct snap *s0 = &h->s[e->first], *s1 = &h->s[e->last], *w = &h->s[e->worst];
		struct mw_source src = snap_src(h, w);
		struct mw_row *r = mw_row_add(t);
		mw_cell_str(r, 0, e->kind);
		mw_cell_int(r, 1, (int64_t)s0->t);
		mw_cell_int(r, 2, (int64_t)s1->t);
		mw_cell_int(r, 3, (int64_t)(s1->t - s0->t));
		mw_cell_int(r, 4, (int64_t)(e->last - e->first + 1));
		if (strcmp(e->kind, "swap_filling") == 0) {
			fmt_bytes(a, sizeof(a), e->value2 * KiB);
			fmt_bytes(b, sizeof(b), e->value * KiB);
			snprintf(what, sizeof(what), "swap use grew by %s to %s", a, b);
		} else if (strcmp(e->kind, "slab_reclaim_no_pages") == 0) {
			fmt_bytes(a, sizeof(a), e->value2);
			fmt_bytes(b, sizeof(b), e->value);
			snprintf(what, sizeof(what), "%s of objects freed, %s of slab pages returned", a, b);
		} else {
			fmt_bytes(a, sizeof(a), e->value * KiB);
			fmt_bytes(b, sizeof(b), e->value2 * KiB);
			snprintf(what, sizeof(what), "%s %s, low watermark %s%s", a,
				 strcmp(e->kind, "available_below_low") == 0 ? "available" : "free", b,
				 h->low_estimated ? " (estimated)" : "");
		}
		mw_cell_str(r, 5, what);
		mw_row_source(r, src.file, src.line);
	}
}

/* ---- who ate all my memory ---- */

static const struct mw_column who_cols[] = {
	{ "category", "Where", MW_UNIT_NONE, MW_VAL_STR, 0, "kernel, user space, page cache, free, unaccounted" },
	{ "bytes", "Size", MW_UNIT_BYTES, MW_VAL_INT, 0, "at the worst moment" },
	{ "pct", "% of MemTotal", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of MemTotal" },
	{ "how", "From", MW_UNIT_NONE, MW_VAL_STR, MW_F_DETAIL, "the meminfo fields behind the row" },
};

static const struct mw_column proc_cols[] = {
	{ "name", "Process", MW_UNIT_NONE, MW_VAL_STR, 0, "process name (never the command line)" },
	{ "pid", "PID", MW_UNIT_NONE, MW_VAL_INT, 0, "process id" },
	{ "user", "User", MW_UNIT_NONE, MW_VAL_STR, MW_F_DETAIL, "owner" },
	{ "rss_bytes", "RSS", MW_UNIT_BYTES, MW_VAL_INT, 0, "resident set (shared pages counted in each process)" },
	{ "pct", "% of MemTotal", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of MemTotal" },
};

static const struct mw_column top_slab_cols[] = {
	{ "name", "Cache", MW_UNIT_NONE, MW_VAL_STR, 0, "slab cache" },
	{ "bytes", "Size", MW_UNIT_BYTES, MW_VAL_INT, 0, "num_slabs x pagesperslab pages" },
	{ "active_bytes", "Active", MW_UNIT_BYTES, MW_VAL_INT, MW_F_DETAIL, "active_objs x objsize" },
	{ "pct", "% of MemTotal", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of MemTotal" },
};

/* The largest processes and slab caches of one snapshot (the views, one snapshot: a short scan). */
static int worst_details(struct ctx *c, const struct snap *s, char *top_proc, size_t tpn, char *top_slab, size_t tsn)
{
	struct host *h = c->h;
	struct mw_q q;
	struct mw_node *t = NULL;
	double total = known(s->memtotal) ? (double)s->memtotal * KiB : NAN;
	struct mw_source src = snap_src(h, s);
	char a[32];
	unsigned rows = 0;

	if (known(s->proc_count) && s->proc_count > 0) {
		if (mw_q_prepare(&q, c->st, "SELECT n.name, p.pid, p.user, p.rss_kb FROM proc p LEFT JOIN proc_name n ON "
					    "n.id = p.name_id WHERE p.snapshot_id = ?1 AND p.rss_kb IS NOT NULL "
					    "ORDER BY p.rss_kb DESC, p.pid LIMIT ?2") < 0)
			return MW_ESTORE;
		mw_q_bind_i64(&q, 1, s->id);
		mw_q_bind_i64(&q, 2, TOP_ROWS);
		while (mw_q_step(&q)) {
			struct mw_row *r;
			int64_t rss = mw_q_i64(&q, 3);
			if (!t)
				t = mw_table(c->sec, "top_processes_at_worst", "Largest processes at the worst moment", proc_cols,
					     MW_ARRAY_SIZE(proc_cols));
			r = mw_row_add(t);
			mw_cell_str(r, 0, mw_q_text(&q, 0));
			mw_cell_int(r, 1, mw_q_i64(&q, 1));
			mw_cell_str(r, 2, mw_q_text(&q, 2));
			mw_cell_int(r, 3, rss * 1024);
			mw_cell_double(r, 4, round2(mw_pct((double)rss * KiB, total)));
			mw_row_source(r, src.file, src.line);
			if (!rows++) {
				fmt_bytes(a, sizeof(a), (double)rss * KiB);
				snprintf(top_proc, tpn, "%s (%s)", mw_q_text(&q, 0) ? mw_q_text(&q, 0) : "?", a);
			}
		}
		if (mw_q_finish(&q) < 0)
			return MW_ESTORE;
	}
	if (known(s->slab_pages)) {
		t = NULL;
		rows = 0;
		if (mw_q_prepare(&q, c->st, "SELECT n.name, s.num_slabs * coalesce(s.pagesperslab, 1), s.active_objs * s.objsize "
					    "FROM slab s JOIN slab_name n ON n.id = s.name_id WHERE s.snapshot_id = ?1 "
					    "ORDER BY 2 DESC, n.name LIMIT ?2") < 0)
			return MW_ESTORE;
		mw_q_bind_i64(&q, 1, s->id);
		mw_q_bind_i64(&q, 2, TOP_ROWS);
		while (mw_q_step(&q)) {
			struct mw_row *r;
			double bytes = (double)mw_q_i64(&q, 1) * (double)h->page_size;
			if (!t)
				t = mw_table(c->sec, "top_slab_at_worst", "Largest slab caches at the worst moment", top_slab_cols,
					     MW_ARRAY_SIZE(top_slab_cols));
			r = mw_row_add(t);
			mw_cell_str(r, 0, mw_q_text(&q, 0));
			mw_cell_int(r, 1, (int64_t)bytes);
			if (!mw_q_null(&q, 2))
				mw_cell_int(r, 2, mw_q_i64(&q, 2));
			mw_cell_double(r, 3, round2(mw_pct(bytes, total)));
			mw_row_source(r, src.file, src.line);
			if (!rows++) {
				fmt_bytes(a, sizeof(a), bytes);
				snprintf(top_slab, tsn, "%s (%s)", mw_q_text(&q, 0), a);
			}
		}
		if (mw_q_finish(&q) < 0)
			return MW_ESTORE;
	}
	return 0;
}

/* ---- charts ---- */

/* Picks, per bucket of snapshots, the one with the least memory available: the chart never hides a low point. */
static size_t sample(const struct host *h, size_t *out, size_t max)
{
	size_t per = (h->n + max - 1) / max, n = 0;
	if (per < 1)
		per = 1;
	for (size_t b = 0; b < h->n; b += per) {
		size_t best = b;
		int64_t bv = available(&h->s[b]);
		for (size_t i = b + 1; i < b + per && i < h->n; i++) {
			int64_t v = available(&h->s[i]);
			if (known(v) && (!known(bv) || v < bv)) {
				bv = v;
				best = i;
			}
		}
		out[n++] = best;
	}
	return n;
}

static void markers(struct ctx *c, struct mw_node *ch)
{
	struct host *h = c->h;
	char label[160];
	for (size_t i = 0; i < h->n_ev; i++) {
		snprintf(label, sizeof(label), "%s%s%s", h->ev[i].kind && strcmp(h->ev[i].kind, "oom_kill") == 0 ? "OOM kill" :
			 "allocation failure", h->ev[i].victim ? ": " : "", h->ev[i].victim ? h->ev[i].victim : "");
		mw_chart_marker_add(ch, (double)h->ev[i].wall, label);
	}
	for (size_t i = 0; i < h->n_ep; i++)
		mw_chart_marker_add(ch, h->s[h->ep[i].first].t, episode_label(h->ep[i].kind));
}

static int charts(struct ctx *c, const struct suspect *sus, size_t n_sus)
{
	struct host *h = c->h;
	size_t *pts = mw_xcalloc(CHART_POINTS + 1, sizeof(*pts)), n = sample(h, pts, CHART_POINTS);
	struct mw_node *ch;
	size_t series[CAT__MAX];
	const struct series *top[6];
	size_t n_top = 0, sidx[6];
	int ret = 0;

	ch = mw_chart(c->sec, "memory_over_time", "Who ate all my memory, over time", MW_CHART_STACKED, MW_UNIT_BYTES, true);
	for (int k = 0; k < CAT__MAX; k++)
		series[k] = mw_chart_series_add(ch, cats[k].label);
	for (size_t i = 0; i < n; i++) {
		int64_t b[CAT__MAX];
		const struct snap *s = &h->s[pts[i]];
		if (!breakdown(s, b))
			continue;
		for (int k = 0; k < CAT__MAX; k++)
			mw_chart_point(ch, series[k], s->t, (double)b[k] * KiB, NULL);
	}
	markers(c, ch);

	/* the largest caches, and the fastest-growing ones among the suspects */
	for (size_t i = 0; i < n_sus && n_top < 3; i++)
		if (strcmp(sus[i].kind, "slab cache") == 0)
			top[n_top++] = sus[i].s;
	for (size_t k = n_top; k < 5; k++) {
		const struct series *best = NULL;
		for (size_t i = 0; i < h->n_se; i++) {
			const struct series *s = &h->se[i];
			bool taken = false;
			if (strcmp(s->source, "slab") != 0)
				continue;
			for (size_t j = 0; j < n_top; j++)
				taken |= top[j] == s;
			if (!taken && (!best || s->v_max > best->v_max))
				best = s;
		}
		if (best)
			top[n_top++] = best;
	}
	if (n_top) {
		struct mw_q q;
		int64_t ids[6];
		ch = mw_chart(c->sec, "slab_over_time", "The largest and fastest-growing slab caches", MW_CHART_LINES,
			      MW_UNIT_BYTES, true);
		for (size_t j = 0; j < n_top; j++)
			sidx[j] = mw_chart_series_add(ch, top[j]->key);
		if (mw_q_prepare(&q, c->st, "SELECT id FROM slab_name WHERE name = ?1") < 0) {
			ret = MW_ESTORE;
			goto out;
		}
		for (size_t j = 0; j < n_top; j++) {
			sqlite3_reset(q.s);
			mw_q_bind_text(&q, 1, top[j]->key);
			ids[j] = mw_q_step(&q) ? mw_q_i64(&q, 0) : MW_UNKNOWN;
		}
		mw_q_finish(&q);
		if (mw_q_prepare(&q, c->st, "SELECT name_id, num_slabs * coalesce(pagesperslab, 1) FROM slab WHERE snapshot_id "
					    "= ?1 AND name_id IN (?2, ?3, ?4, ?5, ?6, ?7)") < 0) {
			ret = MW_ESTORE;
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			const struct snap *s = &h->s[pts[i]];
			bool seen[6] = { false };
			if (!known(s->slab_pages))
				continue;
			sqlite3_reset(q.s);
			mw_q_bind_i64(&q, 1, s->id);
			for (size_t j = 0; j < 6; j++)
				mw_q_bind_i64(&q, 2 + (int)j, j < n_top ? ids[j] : MW_UNKNOWN);
			while (mw_q_step(&q)) {
				int64_t id = mw_q_i64(&q, 0);
				for (size_t j = 0; j < n_top; j++) {
					if (ids[j] == id && !seen[j]) {
						mw_chart_point(ch, sidx[j], s->t, (double)mw_q_i64(&q, 1) * (double)h->page_size, NULL);
						seen[j] = true;
					}
				}
			}
			for (size_t j = 0; j < n_top; j++)
				if (!seen[j])
					mw_chart_point(ch, sidx[j], s->t, 0, NULL);
		}
		if (mw_q_finish(&q) < 0)
			ret = MW_ESTORE;
		markers(c, ch);
	}
out:
	free(pts);
	return ret;
}

/* ---- the report of one host ---- */

static size_t worst_moment(const struct host *h)
{
	size_t worst = SIZE_MAX;
	for (size_t i = 0; i < h->n; i++) {
		int64_t v = available(&h->s[i]);
		if (known(v) && (worst == SIZE_MAX || v < available(&h->s[worst])))
			worst = i;
	}
	return worst;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The usual interval (median), and the gaps: intervals over three times it (and 5 s longer). */
static double median_interval(const struct host *h, size_t *ret_gaps, double *ret_longest)
{
	double *d, med;
	size_t n = 0;
	*ret_gaps = 0;
	*ret_longest = 0;
	if (h->n < 2)
		return NAN;
	d = mw_xcalloc(h->n, sizeof(*d));
	for (size_t i = 1; i < h->n; i++)
		d[n++] = h->s[i].t - h->s[i - 1].t;
	qsort(d, n, sizeof(*d), cmp_double);
	med = d[n / 2];
	*ret_longest = d[n - 1];
	for (size_t i = 0; i < n; i++)
		if (med > 0 && d[i] > 3 * med && d[i] > med + 5)
			(*ret_gaps)++;
	free(d);
	return med;
}

static void evidence_snap(const struct ctx *c, struct mw_node *f, const struct snap *s)
{
	struct mw_q q;
	const char *file = input_name(c->h, s->input_id);
	if (mw_q_prepare(&q, c->st, "SELECT coalesce(taken_text, '') FROM snapshot WHERE id = ?1") < 0)
		return;
	mw_q_bind_i64(&q, 1, s->id);
	if (mw_q_step(&q)) {
		const char *t = mw_q_text(&q, 0);
		char buf[200];
		if (!t || !*t) {
			fmt_time(buf, sizeof(buf), s->t);
			t = buf;
		}
		mw_evidence_line(f, file, known(s->line) ? (uint64_t)s->line : 0, t, strlen(t));
	}
	mw_q_finish(&q);
}

/* What the figures, findings and summary of one host share. */
struct story {
	const struct snap *first, *last;
	double span, med, longest, memtotal;	/* seconds, seconds, seconds, bytes (NAN if unknown) */
	size_t worst, gaps;			/* worst: SIZE_MAX without meminfo */
	bool kernel_any, user_any, proc_any;
	double kernel_g, user_g, proc_g;	/* bytes over the capture (side_growth) */
	const struct series *fastest;		/* the slab cache with the steepest slope, NULL if none grew */
	const char *fastest_key;		/* fastest->key, or "dentry" when it leads the d/icache group */
	double fastest_slope, fastest_r2;	/* pages per second; the group's when fastest_pins */
	bool fastest_pins;			/* the dentry cache, counted with the inodes its entries pin */
	char most_objects[128];			/* the slab cache that gained the most objects, "" if none */
	int64_t most_objects_added;
	double dicache_g;			/* dentry + inode caches, bytes, last minus first snapshot with slabinfo */
	struct suspect *sus;
	size_t n_sus;
};

/*
 * The cache that gained the most objects between the first and the last
 * snapshot with a slabinfo section. Bytes favour big objects: a find /
 * walk adds one dentry (192 bytes) and one inode (about 1 KiB) per file,
 * so the filesystem's inode cache grows fastest in bytes while the dentry
 * cache gains as many objects, each pinning its inode.
 */
static void most_objects(struct ctx *c, struct story *y)
{
	struct host *h = c->h;
	const struct snap *f = NULL, *l = NULL;
	struct mw_q q;
	y->most_objects[0] = '\0';
	y->most_objects_added = 0;
	y->dicache_g = NAN;
	for (size_t i = 0; i < h->n && !f; i++)
		if (known(h->s[i].slab_pages))
			f = &h->s[i];
	for (size_t i = h->n; i-- > 0 && !l;)
		if (known(h->s[i].slab_pages))
			l = &h->s[i];
	if (!f || f == l)
		return;
	if (known(f->dentry) || known(f->inode))
		y->dicache_g = dicache_bytes(h, l) - dicache_bytes(h, f);
	if (mw_q_prepare(&q, c->st, "SELECT n.name, coalesce(b.num_objs, 0) - coalesce(a.num_objs, 0) FROM slab b "
				    "JOIN slab_name n ON n.id = b.name_id LEFT JOIN slab a ON a.snapshot_id = ?1 AND "
				    "a.name_id = b.name_id WHERE b.snapshot_id = ?2 ORDER BY 2 DESC, n.name LIMIT 1") < 0)
		return;
	mw_q_bind_i64(&q, 1, f->id);
	mw_q_bind_i64(&q, 2, l->id);
	if (mw_q_step(&q) && mw_q_i64(&q, 1) > 0) {
		snprintf(y->most_objects, sizeof(y->most_objects), "%s", mw_q_text(&q, 0));
		y->most_objects_added = mw_q_i64(&q, 1);
	}
	mw_q_finish(&q);
}

/* Least-squares slope (pages per second) and r² of the dentry + inode cache pages, over the snapshots with them. */
static void dicache_fit(const struct host *h, double *slope, double *r2)
{
	double n = 0, mt = 0, mv = 0, m2t = 0, m2v = 0, ctv = 0;
	*slope = *r2 = NAN;
	for (size_t i = 0; i < h->n; i++) {
		const struct snap *s = &h->s[i];
		double v, dt, dv;
		if (!known(s->dentry) && !known(s->inode))
			continue;
		v = (double)(v0(s->dentry) + v0(s->inode));
		n++;
		dt = s->t - mt;
		dv = v - mv;
		mt += dt / n;
		mv += dv / n;
		m2t += dt * (s->t - mt);
		m2v += dv * (v - mv);
		ctv += dt * (v - mv);
	}
	if (n >= 2 && m2t > 0) {
		*slope = ctv / m2t;
		*r2 = m2v > 0 ? ctv * ctv / (m2t * m2v) : NAN;
	}
}

/*
 * The fastest-growing slab cache, in bytes. A dentry holds a reference to
 * its inode ("Can you handle the pressure?", section 6): when the dentry
 * cache grows, the filesystem's inode cache grows with it, and in bytes the
 * inodes (about 1 KiB each against 192 bytes) outrun the dentries that pin
 * them. So when an inode or dentry cache grows fastest and the dentry cache
 * grew too, the dentry cache is named, with the slope of the whole d/icache
 * group; a cache outside the group still wins if it grows faster than that.
 */
static void fastest_cache(const struct host *h, struct story *y)
{
	const struct series *dentry = NULL, *other = NULL;
	double gs, gr2;
	for (size_t i = 0; i < h->n_se; i++) {
		const struct series *s = &h->se[i];
		enum mw_slab_family fam;
		if (strcmp(s->source, "slab") != 0 || !(s->slope > 0))
			continue;
		fam = mw_slab_family(mw_str_make(s->key, strlen(s->key)));
		if (!y->fastest || s->slope > y->fastest->slope)
			y->fastest = s;
		if (fam == MW_SLAB_DENTRY)
			dentry = s;
		else if (fam != MW_SLAB_INODE && (!other || s->slope > other->slope))
			other = s;
	}
	if (!y->fastest)
		return;
	y->fastest_key = y->fastest->key;
	y->fastest_slope = y->fastest->slope;
	y->fastest_r2 = y->fastest->r2;
	if (!dentry || y->fastest == other)
		return;
	dicache_fit(h, &gs, &gr2);
	if (gs > 0 && (!other || gs > other->slope)) {
		y->fastest_key = dentry->key;
		y->fastest_slope = gs;
		y->fastest_r2 = gr2;
		y->fastest_pins = true;
	}
}

static void story_compute(struct ctx *c, struct story *y)
{
	struct host *h = c->h;

	memset(y, 0, sizeof(*y));
	y->first = &h->s[0];
	y->last = &h->s[h->n - 1];
	y->span = y->last->t - y->first->t;
	y->memtotal = NAN;
	for (size_t i = h->n; i-- > 0;)
		if (known(h->s[i].memtotal)) {
			y->memtotal = (double)h->s[i].memtotal * KiB;
			break;
		}
	y->worst = worst_moment(h);
	y->med = median_interval(h, &y->gaps, &y->longest);
	y->kernel_g = side_growth(h, SIDE_KERNEL, &y->kernel_any);
	y->user_g = side_growth(h, SIDE_USER, &y->user_any);
	y->proc_g = side_growth(h, SIDE_PROCS, &y->proc_any);
	fastest_cache(h, y);
	y->n_sus = suspects(c, &y->sus, y->memtotal, y->last->t, y->med);
	most_objects(c, y);
	low_episodes(h, true);
	low_episodes(h, false);
	swap_episodes(h);
	slab_episodes(h);
}

static void basic_figures(struct ctx *c, const struct story *y)
{
	struct host *h = c->h;
	struct mw_node *sec = c->sec;
	struct mw_source s0 = snap_src(h, y->first), s1 = snap_src(h, y->last);
	char a[48], b[48], saw[400];

	mw_node_set_flags(mw_fig_str(sec, "host", "Host", h->name, NULL), MW_F_HOST);
	mw_fig_int(sec, "first_time", "First snapshot", (int64_t)y->first->t, MW_UNIT_TIME, MW_CONF_EXACT, &s0, NULL);
	mw_fig_int(sec, "last_time", "Last snapshot", (int64_t)y->last->t, MW_UNIT_TIME, MW_CONF_EXACT, &s1, NULL);
	mw_node_set_flags(mw_fig_double(sec, "duration_seconds", "Captured for", y->span, MW_UNIT_SECONDS, MW_CONF_EXACT,
					NULL, NULL), MW_F_KEY);
	mw_fig_int(sec, "snapshots", "Snapshots on the timeline", (int64_t)h->n, MW_UNIT_COUNT, MW_CONF_EXACT, NULL, NULL);
	if (h->undated)
		mw_fig_int(sec, "snapshots_undated", "Snapshots without a time (not on the timeline)", h->undated,
			   MW_UNIT_COUNT, MW_CONF_EXACT, NULL, "their capture printed no date line for them");
	mw_fig_double(sec, "interval_seconds", "Usual interval", y->med, MW_UNIT_SECONDS, MW_CONF_DERIVED, NULL,
		      "median time between snapshots");
	mw_fig_int(sec, "page_size_bytes", "Page size", h->page_size, MW_UNIT_BYTES, h->page_conf, NULL, h->page_how);
	if (y->gaps) {
		fmt_span(a, sizeof(a), y->longest);
		fmt_span(b, sizeof(b), y->med);
		snprintf(saw, sizeof(saw), "%zu times the capture paused for more than three intervals (the longest %s, "
			 "where %s is usual).", y->gaps, a, b);
		mw_fig_int(sec, "gaps", "Gaps (more than 3 intervals)", (int64_t)y->gaps, MW_UNIT_COUNT, MW_CONF_DERIVED, NULL,
			   NULL);
		mw_finding(sec, "capture-gaps", MW_LEVEL_NOTICE, "The capture has gaps", saw,
			   "A logging loop that stalls under memory pressure is itself evidence: fork, exec and page faults "
			   "wait for reclaim. A gap can also be a restart or a clock step.",
			   "Look at what the snapshots before each gap show; `memwaste record` keeps a fixed schedule.");
	}
	if (y->worst != SIZE_MAX) {
		const struct snap *w = &h->s[y->worst];
		struct mw_source src = snap_src(h, w);
		int64_t first_av = available(y->first), last_av = available(y->last);
		if (known(first_av))
			mw_fig_int(sec, "available_first_bytes", "Available at the start", first_av * 1024, MW_UNIT_BYTES,
				   known(y->first->memavail) ? MW_CONF_EXACT : MW_CONF_ESTIMATED, &s0,
				   known(y->first->memavail) ? "MemAvailable" : "MemFree + Buffers + Cached - Shmem (no MemAvailable)");
		if (known(last_av))
			mw_node_set_flags(mw_fig_int(sec, "available_last_bytes", "Available at the end", last_av * 1024,
						     MW_UNIT_BYTES, known(y->last->memavail) ? MW_CONF_EXACT : MW_CONF_ESTIMATED,
						     &s1, NULL), MW_F_KEY);
		mw_node_set_flags(mw_fig_int(sec, "available_min_bytes", "Least available", available(w) * 1024, MW_UNIT_BYTES,
					     known(w->memavail) ? MW_CONF_EXACT : MW_CONF_ESTIMATED, &src, NULL), MW_F_KEY);
		mw_fig_int(sec, "worst_time", "Worst moment", (int64_t)w->t, MW_UNIT_TIME, MW_CONF_EXACT, &src,
			   "the snapshot with the least memory available");
	}
}

/* Kernel against user space, the fastest-growing cache, the leak suspects. */
static void growth_findings(struct ctx *c, const struct story *y)
{
	struct host *h = c->h;
	struct mw_node *sec = c->sec, *f;
	double floor_bytes = fmax(4 * MiB, (y->memtotal == y->memtotal ? y->memtotal : 0) * 0.002);
	double user = fmax(y->user_g, y->proc_g);
	char a[48], b[48], d[48], saw[600];

	if (y->kernel_any)
		mw_node_set_flags(mw_fig_double(sec, "kernel_growth_bytes", "Kernel memory, change", round(y->kernel_g),
						MW_UNIT_BYTES, MW_CONF_DERIVED, NULL,
						"SUnreclaim + SReclaimable + KernelStack + PageTables + SecPageTables + Percpu "
						"+ vmalloc beyond the stacks: mean of the last tenth of the snapshots minus "
						"mean of the first tenth"), MW_F_KEY);
	if (y->user_any)
		mw_node_set_flags(mw_fig_double(sec, "user_growth_bytes", "User memory, change", round(y->user_g),
						MW_UNIT_BYTES, MW_CONF_DERIVED, NULL, "AnonPages + Shmem, last tenth minus first "
						"tenth"), MW_F_KEY);
	if (y->proc_any)
		mw_fig_double(sec, "process_rss_growth_bytes", "Process RSS (sum), change", round(y->proc_g), MW_UNIT_BYTES,
			      MW_CONF_DERIVED, NULL, "summed RSS of the process listings, last tenth minus first tenth");
	if (y->fastest) {
		mw_node_set_flags(mw_fig_str(sec, "fastest_growing_slab", "Fastest-growing slab cache", y->fastest_key, NULL),
				  MW_F_KEY);
		mw_fig_double(sec, "fastest_growing_slab_bytes_per_hour", "... grows per hour",
			      round(y->fastest_slope * 3600 * (double)h->page_size), MW_UNIT_BYTES, MW_CONF_DERIVED, NULL,
			      y->fastest_pins ? "the dentry cache counted with the inode caches its entries pin (a dentry "
						"holds a reference to its inode): least-squares slope of their pages over every "
						"snapshot" : "least-squares slope over every snapshot");
		if (y->fastest_r2 == y->fastest_r2)
			mw_fig_double(sec, "fastest_growing_slab_r2", "... fit r²", round(y->fastest_r2 * 1000) / 1000,
				      MW_UNIT_RATIO, MW_CONF_DERIVED, NULL, NULL);
		if (y->fastest_pins && strcmp(y->fastest->key, y->fastest_key) != 0) {
			mw_fig_str(sec, "fastest_growing_single_slab", "Fastest-growing single cache, in bytes",
				   y->fastest->key, NULL);
			mw_fig_double(sec, "fastest_growing_single_slab_bytes_per_hour", "... grows per hour",
				      round(y->fastest->slope * 3600 * (double)h->page_size), MW_UNIT_BYTES,
				      MW_CONF_DERIVED, NULL, "least-squares slope over every snapshot");
		}
	}
	if (y->most_objects[0]) {
		mw_node_set_flags(mw_fig_str(sec, "most_objects_slab", "Slab cache that gained the most objects",
					     y->most_objects, NULL), MW_F_KEY);
		mw_fig_int(sec, "most_objects_added", "... objects gained", y->most_objects_added, MW_UNIT_COUNT,
			   MW_CONF_DERIVED, NULL, "num_objs, last minus first snapshot with a slabinfo section");
	}
	if (y->dicache_g == y->dicache_g)
		mw_fig_double(sec, "dicache_growth_bytes", "Dentry and inode caches, change", y->dicache_g, MW_UNIT_BYTES,
			      MW_CONF_DERIVED, NULL, "dentry, *inode_cache, *_inode_info and *_inode pages, last minus first snapshot "
			      "with a slabinfo section");

	/* the cross-check needs both sides: without meminfo nothing is known of the kernel */
	if (!y->kernel_any || !(y->user_any || y->proc_any))
		;
	else if (y->kernel_g >= floor_bytes && y->kernel_g >= 2 * fmax(user, 0)) {
		char us[160] = "", ps[120] = "";
		fmt_bytes(a, sizeof(a), y->kernel_g);
		fmt_bytes(b, sizeof(b), y->user_g);
		fmt_bytes(d, sizeof(d), y->proc_g);
		if (y->user_any)
			snprintf(us, sizeof(us), " user space (AnonPages and Shmem) by %s", b);
		if (y->proc_any)
			snprintf(ps, sizeof(ps), "%s the processes' RSS by %s", y->user_any ? " and" : "", d);
		snprintf(saw, sizeof(saw), "Kernel memory grew by %s over the capture while%s%s: kernel memory grew, not user "
			 "space.", a, us, ps);
		f = mw_finding(sec, "kernel-memory-grew", y->kernel_g >= y->memtotal * 0.05 ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
			       "Kernel memory grew, not user space", saw,
			       "\"If it was kernel memory, we need two basic things to diagnose it, /proc/meminfo and "
			       "/proc/slabinfo\" (Can you handle the pressure? 7.2). The OOM killer cannot free kernel memory: "
			       "it kills processes that are not the cause.",
			       "See the leak suspects and the slab trends: a steadily growing cache names the subsystem; a "
			       "reclaimable one (dentry, inode) shrinks under pressure, an unreclaimable one is a leak or a "
			       "queue that is not drained.");
		evidence_snap(c, f, y->first);
		evidence_snap(c, f, y->last);
	} else if (user >= floor_bytes && user >= 2 * fmax(y->kernel_g, 0)) {
		fmt_bytes(a, sizeof(a), user);
		fmt_bytes(b, sizeof(b), y->kernel_g);
		snprintf(saw, sizeof(saw), "User space grew by %s over the capture while kernel memory grew by %s: user space "
			 "grew, not the kernel.", a, b);
		f = mw_finding(sec, "user-memory-grew", user >= y->memtotal * 0.05 ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
			       "User space grew, not the kernel", saw,
			       "\"If the userspace ate it, then hopefully the OOM killer will blow them away\" (Can you handle "
			       "the pressure? 7.2): the growth is in processes, not in kernel caches.",
			       "See the processes among the leak suspects and the largest processes at the worst moment.");
		evidence_snap(c, f, y->first);
		evidence_snap(c, f, y->last);
	}

	if (y->n_sus) {
		struct mw_node *t = mw_table(sec, "leak_suspects", "Leak suspects: what grew steadily", suspect_cols,
					     MW_ARRAY_SIZE(suspect_cols));
		const struct suspect *top = &y->sus[0];
		for (size_t i = 0; i < y->n_sus && i < TOP_ROWS; i++) {
			const struct suspect *x = &y->sus[i];
			struct mw_row *row = mw_row_add(t);
			mw_cell_int(row, 0, (int64_t)i + 1);
			mw_cell_str(row, 1, x->kind);
			mw_cell_str(row, 2, x->s->key);
			mw_cell_int(row, 3, (int64_t)x->growth);
			mw_cell_double(row, 4, round(x->per_hour));
			mw_cell_double(row, 5, round(x->s->r2 * 1000) / 1000);
			if (x->steady == x->steady)
				mw_cell_double(row, 6, round2(x->steady * 100));
			mw_cell_str(row, 7, x->confidence);
		}
		if (strcmp(top->confidence, "low") != 0) {
			fmt_bytes(a, sizeof(a), top->growth);
			fmt_bytes(b, sizeof(b), top->per_hour);
			fmt_span(d, sizeof(d), top->s->t_last - top->s->t_first);
			snprintf(saw, sizeof(saw), "The %s %s grew by %s in %s, %s per hour, with a fit r² of %.3f and %.0f%% of "
				 "its changes upward (%s confidence).", top->kind, top->s->key, a, d, b, top->s->r2,
				 top->steady == top->steady ? top->steady * 100 : 0, top->confidence);
			f = mw_finding(sec, "leak-suspect", strcmp(top->confidence, "high") == 0 ? MW_LEVEL_WARNING :
				       MW_LEVEL_NOTICE, "A steady climb: leak suspect", saw,
				       "A leak grows at a steady rate whatever the load; a cache that only ended higher (one jump) "
				       "is not one. The fit says how steady the growth was, not only how large.",
				       strcmp(top->kind, "process") == 0
				       ? "Watch the process's memory (smem, /proc/PID/smaps_rollup) and its allocations."
				       : strcmp(top->kind, "slab cache") == 0
				       ? "Find the cache's users: slabtop, /sys/kernel/slab/CACHE/, or boot with slub_debug=U,CACHE "
					 "and read /sys/kernel/debug/slab/CACHE/alloc_traces. SLUB merges caches under one name: "
					 "slub_nomerge separates them."
				       : "Compare with the slab caches and the processes: the counter names the kind of memory, the "
					 "cache or process its owner.");
			evidence_snap(c, f, y->first);
			evidence_snap(c, f, y->last);
		}
	}
}

static const struct episode *first_episode(const struct host *h, const char *kind, size_t *ret_n)
{
	const struct episode *first = NULL;
	*ret_n = 0;
	for (size_t i = 0; i < h->n_ep; i++)
		if (strcmp(h->ep[i].kind, kind) == 0 && !(*ret_n)++)
			first = &h->ep[i];
	return first;
}

static void pressure_findings(struct ctx *c)
{
	struct host *h = c->h;
	struct mw_node *sec = c->sec, *f;
	size_t n_av, n_free, n_swap, n_slab;
	const struct episode *av = first_episode(h, "available_below_low", &n_av);
	const struct episode *fr = first_episode(h, "free_below_low", &n_free);
	const struct episode *sw = first_episode(h, "swap_filling", &n_swap);
	const struct episode *sl = first_episode(h, "slab_reclaim_no_pages", &n_slab);
	char a[48], b[48], d[48], saw[400];

	bool any_low = false;
	for (size_t i = 0; i < h->n && !any_low; i++)
		any_low = known(h->s[i].low_kb);
	mw_node_set_flags(mw_fig_int(sec, "pressure_episode_count", "Pressure episodes", (int64_t)h->n_ep, MW_UNIT_COUNT,
				     MW_CONF_DERIVED, NULL, !any_low ? "no meminfo in the capture: only slab and swap episodes "
				     "could be seen" : h->low_estimated ? "low watermark estimated from MemTotal "
				     "(no zoneinfo in the capture)" : "low watermark from zoneinfo"), MW_F_KEY);
	if (av || fr) {
		const struct episode *ep = av ? av : fr;
		fmt_time(a, sizeof(a), h->s[ep->first].t);
		snprintf(saw, sizeof(saw), "%zu times MemAvailable and %zu times MemFree fell below the low watermark%s; the "
			 "first at %s.", n_av, n_free, h->low_estimated ? " (estimated from MemTotal)" : "", a);
		f = mw_finding(sec, "memory-pressure", av ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
			       av ? "Memory ran out" : "The kernel had to reclaim", saw,
			       "Below the low watermark kswapd reclaims in the background; when MemAvailable is below it too, "
			       "little is left to reclaim cheaply and allocations stall or fail (OOM).",
			       "See who ate the memory at the worst moment, and the trends: what grew before the episode is "
			       "what to fix.");
		evidence_snap(c, f, &h->s[ep->worst]);
	}
	if (sw) {
		fmt_time(a, sizeof(a), h->s[sw->first].t);
		fmt_bytes(b, sizeof(b), sw->value2 * KiB);
		snprintf(saw, sizeof(saw), "Swap use climbed %zu times; the first from %s, by %s.", n_swap, a, b);
		f = mw_finding(sec, "swap-filling", MW_LEVEL_WARNING, "Swap is filling", saw,
			       "Memory that is swapped out is memory the workload needed and did not have; when swap is full "
			       "the next step is the OOM killer.",
			       "Find what grew (the trends and suspects); add memory or limit the workload (memory cgroups).");
		evidence_snap(c, f, &h->s[sw->last]);
	}
	if (sl) {
		fmt_bytes(a, sizeof(a), sl->value2);
		fmt_bytes(b, sizeof(b), sl->value);
		fmt_time(d, sizeof(d), h->s[sl->first].t);
		snprintf(saw, sizeof(saw), "%zu times slab reclaim freed objects without giving their pages back; the first "
			 "at %s: %s of objects freed, %s of pages returned.", n_slab, d, a, b);
		f = mw_finding(sec, "slab-reclaim-ineffective", MW_LEVEL_NOTICE, "Slab reclaim freed objects, not pages", saw,
			       "A slab page is freed only when every object on it is free: \"the system is not very effective "
			       "at freeing these caches\" (Kleen 3.8). The freed objects stay as waste.",
			       "Expected after a burst (find /, updatedb); if it keeps the machine short, drop caches once "
			       "(echo 2 > /proc/sys/vm/drop_caches) to see how much comes back, and look at "
			       "vm.vfs_cache_pressure.");
		evidence_snap(c, f, &h->s[sl->last]);
	}
}

static void event_findings(struct ctx *c)
{
	struct host *h = c->h;
	const struct event *ev = NULL;
	size_t ooms = 0;
	char a[48], saw[300];
	struct mw_node *f;

	if (h->ev_no_wall > 0)
		mw_text(c->sec, "%" PRId64 " OOM kills of this host have no wall-clock time in their log (dmesg without -T): "
			"they are not placed on the timeline.", h->ev_no_wall);
	if (!h->n_ev)
		return;
	for (size_t i = 0; i < h->n_ev; i++) {
		if (h->ev[i].kind && strcmp(h->ev[i].kind, "oom_kill") == 0) {
			if (!ooms++)
				ev = &h->ev[i];
		}
	}
	mw_node_set_flags(mw_fig_int(c->sec, "oom_kills", "OOM kills during the capture", (int64_t)ooms, MW_UNIT_COUNT,
				     MW_CONF_EXACT, NULL, NULL), MW_F_KEY);
	if (!ev)
		return;
	fmt_time(a, sizeof(a), (double)ev->wall);
	snprintf(saw, sizeof(saw), "%zu OOM kills during the capture, the first at %s%s%s.", ooms, a, ev->victim ? " of " : "",
		 ev->victim ? ev->victim : "");
	f = mw_finding(c->sec, "oom-during-capture", MW_LEVEL_CRITICAL, "The OOM killer ran during the capture", saw,
		       "The snapshots before each kill show what filled the memory; the victim is chosen by size, not by "
		       "guilt.",
		       "Compare the snapshot before the kill (in the tables) with the first one: what grew is the cause.");
	evidence_snap(c, f, &h->s[ev->snap]);
}

static void ps_finding(struct ctx *c)
{
	struct host *h = c->h;
	struct mw_node *f;
	char saw[300];
	if (!h->ps_empty)
		return;
	snprintf(saw, sizeof(saw), "The process listings of %" PRId64 " snapshots name no process at all (%s).", h->ps_empty,
		 h->ps_empty_text ? h->ps_empty_text : "a header only");
	f = mw_finding(c->sec, "ps-listed-nothing", MW_LEVEL_NOTICE, "The process listings are empty", saw,
		       "`ps ef` uses BSD options without 'a' and 'x': it lists only the processes of its own terminal. The "
		       "loop of \"Can you handle the pressure?\" (7.2) run from cron, nohup or a service has no terminal, so "
		       "it records no process: who ate the memory in user space cannot be told.",
		       "Use `ps -eo user,pid,rss,comm` in the loop, or `memwaste record`, which lists every process.");
	for (size_t i = 0; i < h->n; i++) {
		if (h->s[i].id == h->ps_empty_first_snap) {
			mw_evidence_line(f, input_name(h, h->s[i].input_id), known(h->ps_empty_line) ? (uint64_t)h->ps_empty_line : 0,
					 h->ps_empty_text ? h->ps_empty_text : "", h->ps_empty_text ? strlen(h->ps_empty_text) : 0);
			break;
		}
	}
	mw_fig_int(c->sec, "ps_empty_snapshots", "Snapshots with an empty process listing", h->ps_empty, MW_UNIT_COUNT,
		   MW_CONF_EXACT, NULL, NULL);
}

/* "So who ate all my memory then?" at the worst moment: the table, the largest consumers, one sentence. */
static int who_ate(struct ctx *c, const struct story *y)
{
	struct host *h = c->h;
	const struct snap *w;
	int64_t br[CAT__MAX];
	struct mw_node *t;
	struct mw_source src;
	char a[48], b[48], d[48], e[48], top_proc[160] = "", top_slab[160] = "";
	double total;
	int r;

	if (y->worst == SIZE_MAX || !breakdown(&h->s[y->worst], br))
		return 0;
	w = &h->s[y->worst];
	src = snap_src(h, w);
	total = (double)w->memtotal * KiB;
	t = mw_table(c->sec, "who_ate_memory", "So who ate all my memory then? (at the worst moment)", who_cols,
		     MW_ARRAY_SIZE(who_cols));
	for (int k = 0; k < CAT__MAX; k++) {
		struct mw_row *row = mw_row_add(t);
		mw_cell_str(row, 0, cats[k].label);
		mw_cell_int(row, 1, br[k] * 1024);
		mw_cell_double(row, 2, round2(mw_pct((double)br[k] * KiB, total)));
		mw_cell_str(row, 3, cats[k].how);
		mw_row_source(row, src.file, src.line);
	}
	if ((r = worst_details(c, w, top_proc, sizeof(top_proc), top_slab, sizeof(top_slab))) < 0)
		return r;
	fmt_bytes(a, sizeof(a), (double)kernel_kb(br) * KiB);
	fmt_bytes(b, sizeof(b), (double)(br[CAT_ANON] + br[CAT_SHMEM]) * KiB);
	fmt_bytes(d, sizeof(d), (double)br[CAT_CACHE] * KiB);
	fmt_bytes(e, sizeof(e), (double)br[CAT_UNACCOUNTED] * KiB);
	mw_text(c->sec, "At the worst moment the kernel held %s (%.1f%%)%s%s, user space %s (%.1f%%)%s%s, the page cache "
		"%s (%.1f%%), and %s (%.1f%%) was not accounted by any counter.", a,
		mw_pct((double)kernel_kb(br), (double)w->memtotal), *top_slab ? "; largest slab cache " : "", top_slab, b,
		mw_pct((double)(br[CAT_ANON] + br[CAT_SHMEM]), (double)w->memtotal), *top_proc ? "; largest process " : "",
		top_proc, d, mw_pct((double)br[CAT_CACHE], (double)w->memtotal), e,
		mw_pct((double)br[CAT_UNACCOUNTED], (double)w->memtotal));
	return 0;
}

static void summary(struct ctx *c, const struct story *y)
{
	struct host *h = c->h;
	char sum[1200], a[48], b[48], d[48];
	size_t so = 0;

	fmt_span(a, sizeof(a), y->span);
	fmt_span(b, sizeof(b), y->med);
	so += (size_t)snprintf(sum + so, sizeof(sum) - so, "%zu snapshots over %s (every %s)", h->n, a, b);
	if (y->worst != SIZE_MAX) {
		int64_t fa = available(y->first), la = available(y->last);
		fmt_bytes(a, sizeof(a), (double)fa * KiB);
		fmt_bytes(b, sizeof(b), (double)la * KiB);
		fmt_bytes(d, sizeof(d), (double)available(&h->s[y->worst]) * KiB);
		if (known(fa) && known(la))
			so += (size_t)snprintf(sum + so, sizeof(sum) - so, "; available memory went from %s to %s (least %s)",
					       a, b, d);
	}
	if (y->kernel_any || y->user_any) {
		double user = y->user_any ? y->user_g : y->proc_g;
		fmt_bytes(a, sizeof(a), y->kernel_g);
		fmt_bytes(b, sizeof(b), user);
		so += (size_t)snprintf(sum + so, sizeof(sum) - so, "; kernel memory %s%s, user space %s%s",
				       y->kernel_g >= 0 ? "+" : "", a, user >= 0 ? "+" : "", b);
	}
	if (y->fastest) {
		fmt_bytes(a, sizeof(a), y->fastest_slope * 3600 * (double)h->page_size);
		so += (size_t)snprintf(sum + so, sizeof(sum) - so, "; fastest-growing slab cache %s%s (%s/h, r² %.2f)",
				       y->fastest_key, y->fastest_pins ? " with the inodes it pins" : "", a,
				       y->fastest_r2 == y->fastest_r2 ? y->fastest_r2 : 0);
	}
	if (y->most_objects[0] && (!y->fastest || strcmp(y->most_objects, y->fastest_key) != 0)) {
		struct mw_value v = { .type = MW_VAL_INT, .i = y->most_objects_added };
		mw_format_value(a, sizeof(a), &v, MW_UNIT_COUNT);
		so += (size_t)snprintf(sum + so, sizeof(sum) - so, ", most objects gained %s (+%s)", y->most_objects, a);
	}
	if (y->dicache_g == y->dicache_g && fabs(y->dicache_g) >= 4 * MiB) {
		fmt_bytes(a, sizeof(a), y->dicache_g);
		so += (size_t)snprintf(sum + so, sizeof(sum) - so, "; dentry and inode caches %s%s", y->dicache_g > 0 ? "+" : "",
				       a);
	}
	if (h->n_ep)
		so += (size_t)snprintf(sum + so, sizeof(sum) - so, "; %zu pressure episodes", h->n_ep);
	if (h->n_ev)
		so += (size_t)snprintf(sum + so, sizeof(sum) - so, "; %zu OOM kills or allocation failures", h->n_ev);
	snprintf(sum + so, sizeof(sum) - so, ".");
	mw_summary(c->sec, "%s", sum);
}

static int report_host(struct ctx *c, struct mw_node *list)
{
	struct host *h = c->h;
	struct story y;
	char title[300], a[48], b[48];
	int r;

	story_compute(c, &y);
	fmt_time(a, sizeof(a), y.first->t);
	fmt_span(b, sizeof(b), y.span);
	/* "unknown" is the store's name for a capture that named no host: leave it out of the title */
	if (strcmp(h->name, "unknown") == 0)
		snprintf(title, sizeof(title), "Timeline: %zu snapshots over %s from %s", h->n, b, a);
	else
		snprintf(title, sizeof(title), "Timeline of %s: %zu snapshots over %s from %s", h->name, h->n, b, a);
	c->sec = mw_list_add(list, title);

	basic_figures(c, &y);
	growth_findings(c, &y);
	pressure_findings(c);
	event_findings(c);
	ps_finding(c);
	if ((r = who_ate(c, &y)) == 0) {
		moment_tables(c, y.worst);
		episode_table(c);
		trend_tables(c);
		r = charts(c, y.sus, y.n_sus);
	}
	if (r == 0)
		summary(c, &y);
	free(y.sus);
	return r;
}

static void host_free(struct host *h)
{
	for (size_t i = 0; i < h->n_ev; i++) {
		free(h->ev[i].kind);
		free(h->ev[i].victim);
		free(h->ev[i].file);
	}
	for (size_t i = 0; i < h->n_se; i++) {
		free(h->se[i].source);
		free(h->se[i].key);
		free(h->se[i].unit);
	}
	for (size_t i = 0; i < h->n_inputs; i++)
		free(h->inputs[i]);
	free(h->inputs);
	free(h->ev);
	free(h->se);
	free(h->ep);
	free(h->s);
	free(h->name);
	free(h->ps_empty_text);
}

static const char hosts_sql[] =
	"SELECT h.id, h.name FROM host h WHERE (?1 IS NULL OR h.name = ?1) AND "
	"(SELECT count(*) FROM (SELECT 1 FROM snapshot s WHERE s.host_id = h.id AND s.taken IS NOT NULL LIMIT 2)) = 2 "
	"ORDER BY h.name";

static bool timeline_applies(struct mw_store *st, const struct mw_report_opts *o)
{
	struct mw_q q;
	bool any;
	if (mw_q_prepare(&q, st, hosts_sql) < 0)
		return false;
	mw_q_bind_text(&q, 1, o->host);
	any = mw_q_step(&q);
	mw_q_finish(&q);
	return any;
}

static int timeline_run(struct mw_store *st, const struct mw_report_opts *o, struct mw_node *root)
{
	struct mw_q q;
	struct host *hosts = NULL;
	size_t n = 0, alloc = 0;
	struct mw_node *list;
	int r = 0;

	if (mw_q_prepare(&q, st, hosts_sql) < 0)
		return MW_ESTORE;
	mw_q_bind_text(&q, 1, o->host);
	while (mw_q_step(&q)) {
		MW_GROW(hosts, alloc, n + 1);
		memset(&hosts[n], 0, sizeof(hosts[n]));
		hosts[n].id = mw_q_i64(&q, 0);
		hosts[n].name = mw_q_textdup_or(&q, 1, "");
		n++;
	}
	if (mw_q_finish(&q) < 0)
		r = MW_ESTORE;
	if (n && r == 0) {
		list = mw_list(root, "timelines", "Memory over time");
		for (size_t i = 0; i < n && r == 0; i++) {
			struct ctx c = { .st = st, .o = o, .h = &hosts[i] };
			if ((r = load_snapshots(&c)) < 0 || (r = load_details(&c)) < 0 || (r = load_events(&c)) < 0 ||
			    (r = load_series(&c)) < 0)
				break;
			if (hosts[i].n >= 2)
				r = report_host(&c, list);
		}
	}
	for (size_t i = 0; i < n; i++)
		host_free(&hosts[i]);
	free(hosts);
	return r;
}

const struct mw_report mw_report_timeline = {
	.name = "timeline",
	.summary = "captures over time: trends, leak suspects, pressure episodes, who ate the memory",
	.applies = timeline_applies,
	.run = timeline_run,
};
