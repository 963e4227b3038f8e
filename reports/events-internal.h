/* SPDX-License-Identifier: MIT */
/* events-internal.h: what reports/events*.c share; not a public API. */
#ifndef MW_REPORTS_EVENTS_INTERNAL_H
#define MW_REPORTS_EVENTS_INTERNAL_H

#include <math.h>
#include <string.h>
#include "memwaste/common.h"
#include "memwaste/doc.h"
#include "memwaste/gfp.h"
#include "memwaste/record.h"
#include "memwaste/report.h"

/*
 * The events report in three files:
 *   events.c           loads the events from the store, writes each one's
 *                      figures, tables and summary, and the report;
 *   events-analysis.c  works out what an event means: the GFP flags, the
 *                      memory of the dump, the zone watermark check, the
 *                      caller in the call trace (fills struct an);
 *   events-findings.c  the findings: what went wrong and what to do. New
 *                      diagnoses go there.
 * Functions one file defines for another are mw_events_*; the small
 * helpers below are static inline, ev_*.
 */

#define MAX_CAND 8		/* GFP decodings kept when the kernel release is unknown */

/* ---- the event as loaded from the store (events.c) ---- */

/* A number of the event: show_mem counters, memcg figures, flags (event_kv). */
struct kv {
	char *key;
	int64_t value;
	int64_t node;
};

/* A zone line of the dump with its buddy line (event_zone). */
struct zone {
	int64_t node;
	char *name;
	int64_t free_kb, min_kb, low_kb, high_kb, present_kb, managed_kb;
	int64_t boost_kb, highatomic_kb, free_cma_kb, all_unreclaimable, page_kb, zone_line, buddy_line;
	unsigned n_reserve;
	int64_t reserve[MW_MAX_ZONES];
	unsigned n_orders;
	uint64_t counts[MW_MAX_ORDERS];
	char types[MW_MAX_ORDERS][8];
};

/* A row of the OOM report's task table (event_task); badness is set by the output. */
struct task {
	int64_t pid, uid, rss, swapents, pgtables_bytes, nr_ptes, oom_score_adj;
	char *name;
	double badness;
};

/* A line of the report kept as evidence, with its role: "trigger", "trace", "counters" ... (event_line). */
struct eline {
	int64_t line;
	char *role, *text;
};

/* One event as loaded from the store (event and its child tables); strings are owned, NULL when absent. */
struct ev {
	int64_t id, first_line, last_line, wall, trigger_pid, order, oom_score_adj, victim_pid, victim_score;
	int64_t v_total_vm_kb, v_anon_kb, v_file_kb, v_shmem_kb, v_uid, v_pgtables_kb, v_adj, stall_ms;
	double ts;
	bool memcg, reaped, truncated;
	char *kind, *input, *host, *trigger_comm, *gfp_mask, *gfp_names, *nodemask, *cpuset, *mems_allowed;
	char *release, *boot_release, *constraint, *oom_memcg, *task_memcg, *victim_comm, *summary;
	struct kv *kv;
	size_t n_kv, alloc_kv;
	struct zone *zones;
	size_t n_zones, alloc_zones;
	struct task *tasks;
	size_t n_tasks, alloc_tasks;
	struct eline *lines;
	size_t n_lines, alloc_lines;
};

/* ---- the analysis of one event (events-analysis.c) ---- */

/* The outcome of the watermark check for one zone. */
enum zcheck {
	Z_NO_LINE,		/* no zone line printed: nothing to check */
	Z_EMPTY,		/* present:0kB or managed:0kB: a zone with no memory */
	Z_NOT_ALLOWED,		/* a zone this request may not use */
	Z_PASS,
	Z_BELOW_MIN,		/* free <= min (+ lowmem_reserve) */
	Z_NO_BLOCK,		/* enough free pages, none in a block of the order */
};

/* One zone against the request (check_zones() of events-analysis.c). */
struct zres {
	const struct zone *z;
	enum zcheck check;
	const char *why_not;		/* Z_NOT_ALLOWED */
	int64_t min_eff_kb, reserve_kb, free_eff_kb;
	int largest;			/* order of the largest free block, -1 if none */
	uint64_t suitable;		/* blocks of the requested order the free blocks could make */
	double unusable;		/* unusable free space index for the order (0..1), NAN unknown */
	char text[256];
};

/*
 * The explanation of one event. The caller (events.c) sets e, o, sec and
 * file and zeroes the rest; mw_events_analyse() fills the rest; the output
 * and the findings read it. zr is allocated by mw_events_analyse() and freed
 * by the caller.
 */
struct an {
	struct ev *e;
	const struct mw_report_opts *o;
	struct mw_node *sec;
	const char *file;

	const char *release, *release_from;
	long kver;

	bool have_mask;
	uint64_t mask;
	const struct mw_gfp_era *era;	/* era whose bits explain the mask */
	long era_kver;
	bool gfp_known;			/* the flags' meaning is certain */
	bool ambiguous;
	char flags[400];
	char flags_from[256];
	struct mw_gfp_props p;
	bool reclaim_known;		/* p.direct_reclaim is the same in every candidate */
	struct mw_gfp_decode cand[MAX_CAND];
	size_t n_cand;
	char names_mismatch[200];

	int64_t page_kb;
	bool page_known;

	/* memory of the dump, kB (MW_UNKNOWN when not printed) */
	int64_t ram_kb, total_kb, free_kb, anon_kb, file_kb, lru_kb, unevict_kb, slab_r_kb, slab_u_kb, slab_kb;
	int64_t pgtables_kb, kstack_kb, hugetlb_kb, hugetlb_free_kb, other_kb, shmem_kb, dirty_kb, swap_total_kb;
	int64_t swap_free_kb, kernel_kb, user_kb;

	struct zres *zr;
	size_t n_zr;
	const char *classzone;
	bool any_zone_checked, any_pass, any_no_block, any_below_min;
	int64_t free_usable_kb, free_unusable_kb;

	/* trace */
	char caller[128];
	char offender[256];
	const char *offender_id;
	bool in_irq;
};

/* What the task table says about the OOM victim (events.c tasks_tables()), for the findings. */
struct tasks_info {
	const struct task *biggest, *top_badness, *victim;
	int64_t totalpages;
};

/* ---- small helpers ---- */

/* A global (not per-node) value of the event, MW_UNKNOWN when absent. */
static inline int64_t ev_kv(const struct ev *e, const char *key)
{
	for (size_t i = 0; i < e->n_kv; i++)
		if (e->kv[i].node == MW_UNKNOWN && strcmp(e->kv[i].key, key) == 0)
			return e->kv[i].value;
	return MW_UNKNOWN;
}

/* s equals lit; s may be NULL. */
static inline bool ev_eq(const char *s, const char *lit)
{
	return s && strcmp(s, lit) == 0;
}

/* kB for people ("1.50 GiB"); MW_UNKNOWN prints "n/a". */
static inline void ev_fmt_kb(char *buf, size_t n, int64_t kb)
{
	mw_format_bytes(buf, n, kb == MW_UNKNOWN ? NAN : (double)kb * 1024.0);
}

/* 100 * part / whole, NAN when either is unknown or whole <= 0. */
static inline double ev_pct(int64_t part, int64_t whole)
{
	if (part == MW_UNKNOWN || whole == MW_UNKNOWN || whole <= 0)
		return NAN;
	return 100.0 * (double)part / (double)whole;
}

/* x + y, where an MW_UNKNOWN term is left out: MW_UNKNOWN only when both are. */
static inline int64_t ev_add(int64_t x, int64_t y)
{
	if (x == MW_UNKNOWN)
		return y;
	if (y == MW_UNKNOWN)
		return x;
	return x + y;
}

/* ---- events.c ---- */

/* "8 physically contiguous pages aligned on 8 pages (32 KiB)": the request of the event in words. */
void mw_events_request_text(const struct an *a, char *buf, size_t n);

/* ---- events-analysis.c ---- */

/*
 * Works out what the event means, in order: the kernel release, the GFP
 * flags, the page size, the memory of the dump, the watermark check of
 * each zone, the caller and known offenders in the call trace.
 */
void mw_events_analyse(struct an *a);
/* "4.15 .. 5.0", "2.6.0 .. 4.3", "6.3 and later": the releases of a run of GFP eras. */
void mw_events_era_label(char *buf, size_t n, const struct mw_gfp_era *first, const struct mw_gfp_era *last);

/* ---- events-findings.c ---- */

/*
 * Adds the findings that apply to the event's kind to a->sec, after
 * mw_events_analyse() and the task table (ti; zeroed when there is none).
 */
void mw_events_findings(struct an *a, const struct tasks_info *ti);

#endif
