/* SPDX-License-Identifier: MIT */
/* snapshot-internal.h: what reports/snapshot*.c share; not a public API. */
#ifndef MW_REPORTS_SNAPSHOT_INTERNAL_H
#define MW_REPORTS_SNAPSHOT_INTERNAL_H

#include <math.h>
#include <string.h>
#include "fragcalc.h"
#include "query.h"

/*
 * The snapshot report in four files:
 *   snapshot.c           picks the snapshots, loads them from the store,
 *                        works out the page size, writes the meminfo
 *                        breakdown, the vmstat counters and the summary;
 *                        the report's entry points;
 *   snapshot-slab.c      the slab section: totals, waste, the largest
 *                        caches, the dentry and inode caches (slabinfo);
 *   snapshot-zones.c     the zones section: watermarks, free blocks by
 *                        order and migrate type, fragmentation indices,
 *                        min_free_kbytes (zoneinfo, buddyinfo, pagetypeinfo);
 *   snapshot-findings.c  the findings: what looks wrong and what to do.
 *                        New diagnoses go there.
 * Functions one file defines for another are mw_snapshot_*; the small
 * helpers below are static inline.
 */

#define MiB (INT64_C(1) << 20)
#define MAX_TYPES 12

/* ---- what one detailed snapshot holds (loaded by snapshot.c) ---- */

/* A value of meminfo or vmstat: source is the file ("meminfo"), name the field (kv). */
struct kv {
	char *source, *name;
	int64_t value, line;
};

/* One /proc file of the snapshot: its kind ("zoneinfo"), input and lines (snapshot_section). */
struct section {
	char *kind, *input;
	int64_t first, last;
};

/* A slabinfo line (slab); total, active and waste are set by mw_snapshot_compute_slab(). */
struct cache {
	char *name;
	int64_t active_objs, num_objs, objsize, objperslab, pagesperslab, limit, batchcount, sharedfactor;
	int64_t active_slabs, num_slabs, sharedavail, line;
	int64_t total, active, waste;	/* bytes; MW_UNKNOWN when not computable */
};

/* A migrate type of a zone in pagetypeinfo. */
struct ptype {
	char name[24];
	uint64_t free_pages;		/* sum n_k 2^k of this type */
	int64_t blocks;			/* pageblocks of this type, MW_UNKNOWN if no block table */
	bool capped;
};

/* A zone of a node: its zoneinfo, buddyinfo and pagetypeinfo lines together. */
struct zinfo {
	int64_t node;
	char *zone;
	/* zoneinfo */
	bool have_zone;
	int64_t free, min, low, high, promo, boost, spanned, present, managed, cma, start_pfn, zone_line;
	unsigned n_prot;
	int64_t prot[MW_MAX_ZONES];
	bool populated;
	int64_t pcp_count, pcp_high;
	/* buddy counts: from buddyinfo, else summed over pagetypeinfo's free rows */
	bool have_buddy, buddy_from_pt, pt_capped;
	unsigned n_orders;
	uint64_t counts[MW_MAX_ORDERS];
	int64_t buddy_line;
	/* pagetypeinfo */
	unsigned n_types;
	struct ptype types[MAX_TYPES];
	int64_t pt_line;
	/* computed */
	struct mw_frag frag;
	int max_order_now;		/* largest order servable now, -1 none, -2 unknown */
};

/*
 * One snapshot: the summary columns of every candidate, and for the few
 * reported in full the details (load_details() of snapshot.c). Strings are
 * owned.
 */
struct snap {
	int64_t id, host_id, taken, line, page_size_col, memavail, memfree, input_id;
	double frac;
	char *host, *taken_text, *origin, *input;
	unsigned role;			/* ROLE_* bits; 0: one of a few snapshots of its host */
	unsigned host_count;		/* snapshots of this host */
	/* details */
	struct kv *kv;
	size_t n_kv, alloc_kv;
	struct section *sec;
	size_t n_sec, alloc_sec;
	struct mw_facts facts;
	struct cache *caches;
	size_t n_caches, alloc_caches;
	struct zinfo *zones;
	size_t n_zones, alloc_zones;
	int64_t pageblock_order;
};

/* Why a snapshot is reported when its host has more than three. */
enum { ROLE_LATEST = 1, ROLE_WORST = 2 };

/* ---- what the report works out, in struct ctx ---- */

/* PAGE_SIZE of the snapshot and how it is known (snapshot.c resolve_page_size()). */
struct page_size {
	int64_t bytes;
	enum mw_confidence conf;
	char how[256];
	struct mw_source src;
};

/* A row of the meminfo breakdown: a category of MemTotal. */
struct brow {
	const char *category, *group, *fields;
	int64_t kb;
	enum mw_confidence conf;
};

/* MemTotal split into categories (compute_breakdown() of snapshot.c); kB. */
struct breakdown {
	bool have;
	int64_t total_kb, user_kb, cache_kb, kernel_kb, free_kb, pcp_kb, unaccounted_kb;
	bool estimated;
	struct brow rows[24];
	size_t n;
	char missing[256];
	char vmalloc_note[256];
};

/* The slab in sums (mw_snapshot_compute_slab(), snapshot-slab.c); bytes. */
struct slabsum {
	bool have;
	bool slub, version_known;
	int64_t caches, total, active, waste;
	int64_t dentry, inode, dentry_active, inode_active, bh, sysfs;
	int64_t bh_line;
	int64_t unknown_size;		/* caches whose size could not be computed (1.0 lines) */
};

/*
 * min_free_kbytes as the zones' min watermarks add it up and as the kernel
 * would set it (add_min_free() of snapshot-zones.c), for the findings; kB.
 */
struct min_free {
	int64_t derived;		/* sum of the lowmem zones' min watermarks */
	int64_t formula, formula_now;	/* the kernel's formula at boot and now */
	int64_t thp;			/* khugepaged's value, MW_UNKNOWN if unknown */
	int64_t lowmem_pages, page_kb;
	unsigned n_low;			/* lowmem zones counted */
};

/* One detailed snapshot being written: report_snapshot() of snapshot.c fills it in this order. */
struct ctx {
	struct mw_store *st;
	const struct mw_report_opts *o;
	struct snap *s;
	struct mw_node *item;
	struct page_size ps;
	struct breakdown b;
	struct slabsum ss;
	unsigned top;
};

/*
 * The latest boot of the snapshot's host: the same host id, or a boot
 * without a host when the snapshot's host is not known either (a dmesg and
 * a slabinfo given together without --host are one machine).
 */
#define BOOT_OF_HOST(cols) \
	"SELECT " cols " FROM boot b WHERE b.host_id = ?1 OR (b.host_id IS NULL AND " \
	"(SELECT name FROM host WHERE id = ?1) IS 'unknown') ORDER BY b.id DESC LIMIT 1"

/* ---- lookups and small helpers ---- */

/* The value of a field of meminfo or vmstat (source), NULL when absent. */
static inline const struct kv *kv_find(const struct snap *s, const char *source, const char *name)
{
	for (size_t i = 0; i < s->n_kv; i++)
		if (strcmp(s->kv[i].name, name) == 0 && strcmp(s->kv[i].source, source) == 0)
			return &s->kv[i];
	return NULL;
}

/* A meminfo field in kB, MW_UNKNOWN when absent. */
static inline int64_t mi(const struct snap *s, const char *name)
{
	const struct kv *k = kv_find(s, "meminfo", name);
	return k ? k->value : MW_UNKNOWN;
}

/* A vmstat counter, MW_UNKNOWN when absent. */
static inline int64_t vm(const struct snap *s, const char *name)
{
	const struct kv *k = kv_find(s, "vmstat", name);
	return k ? k->value : MW_UNKNOWN;
}

/* The snapshot's file of that kind ("slabinfo"), NULL when it has none. */
static inline const struct section *sec_find(const struct snap *s, const char *kind)
{
	for (size_t i = 0; i < s->n_sec; i++)
		if (strcmp(s->sec[i].kind, kind) == 0)
			return &s->sec[i];
	return NULL;
}

static inline const struct mw_fact *fact_find(const struct snap *s, const char *key)
{
	return mw_facts_find(&s->facts, key);
}

/* Source of a kv line: the section's input and the line. */
static inline struct mw_source kv_src(const struct snap *s, const char *source, const char *name)
{
	const struct kv *k = kv_find(s, source, name);
	const struct section *x = sec_find(s, source);
	struct mw_source src = { x ? x->input : NULL, k && k->line != MW_UNKNOWN ? (uint64_t)k->line : 0 };
	return src;
}

/* Source of a line of a section; its first line when the line is unknown. */
static inline struct mw_source sec_src(const struct snap *s, const char *kind, int64_t line)
{
	const struct section *x = sec_find(s, kind);
	struct mw_source src = { x ? x->input : NULL, line != MW_UNKNOWN && line > 0 ? (uint64_t)line : 0 };
	if (!src.line && x && x->first != MW_UNKNOWN)
		src.line = (uint64_t)x->first;
	return src;
}

/* Unknown counts as 0 (in sums and sort keys). */
static inline int64_t nz(int64_t v)
{
	return v == MW_UNKNOWN ? 0 : v;
}

/*
 * Checked arithmetic on numbers read from text: unknown in, unknown out,
 * and a product or sum beyond 64 bits (a damaged line) is unknown too.
 */
static inline int64_t cmul(int64_t a, int64_t b)
{
	int64_t r;
	if (a == MW_UNKNOWN || b == MW_UNKNOWN || __builtin_mul_overflow(a, b, &r))
		return MW_UNKNOWN;
	return r;
}

static inline int64_t cadd(int64_t a, int64_t b)
{
	int64_t r;
	if (a == MW_UNKNOWN || b == MW_UNKNOWN || __builtin_add_overflow(a, b, &r) || r == MW_UNKNOWN)
		return MW_UNKNOWN;
	return r;
}

static inline double round2(double v)
{
	return round(v * 100) / 100;
}

/* A percentage rounded to two decimals, as the documents show them. */
static inline double pct(double part, double whole)
{
	return round2(mw_pct(part, whole));
}

static inline void fmt_bytes(char *buf, size_t n, double v)
{
	mw_format_bytes(buf, n, v);
}

/* The dentry cache, and the inode caches of every file system (mw_slab_family()). */
static inline bool is_dentry(const char *n)
{
	return mw_slab_family(mw_str_make(n, strlen(n))) == MW_SLAB_DENTRY;
}

static inline bool is_inode(const char *n)
{
	return mw_slab_family(mw_str_make(n, strlen(n))) == MW_SLAB_INODE;
}

/* mw_fig_int() that writes a null (with `how`) when the value is unknown. */
static inline struct mw_node *figi(struct mw_node *sec, const char *key, const char *label, int64_t v,
				   enum mw_unit unit, enum mw_confidence conf, const struct mw_source *src,
				   const char *how)
{
	if (v == MW_UNKNOWN)
		return mw_fig_null(sec, key, label, unit, "not in the data");
	return mw_fig_int(sec, key, label, v, unit, conf, src, how);
}

/* ---- snapshot-slab.c ---- */

/* Each cache's total, in-use and waste bytes, and the sums over the caches. */
void mw_snapshot_compute_slab(struct snap *s, int64_t page_size, struct slabsum *ss);
/* The slab section: the paper's table, the largest and most wasteful caches, the d/icache. */
void mw_snapshot_add_slab(struct ctx *c);

/* ---- snapshot-zones.c ---- */

/* "ok", "below high", "below low", "below min", "empty zone" or "unknown". */
const char *mw_snapshot_zone_state(const struct zinfo *z);
/* The zones section; computes each zone's fragmentation first (struct zinfo frag, max_order_now). */
void mw_snapshot_add_zones(struct ctx *c);

/* ---- snapshot-findings.c ---- */

/* The findings over the whole snapshot, after every section: memory, slab, zones, hash tables. */
void mw_snapshot_findings(struct ctx *c);
/* min_free_kbytes set by hand or too high, in the zones section (sec). */
void mw_snapshot_min_free_findings(struct ctx *c, struct mw_node *sec, const struct min_free *mf);
/* Compaction that keeps failing, in the vmstat section (sec). */
void mw_snapshot_vmstat_findings(struct ctx *c, struct mw_node *sec);

#endif
