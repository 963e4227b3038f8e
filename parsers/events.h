/* SPDX-License-Identifier: MIT */
/* events.h: the kernel memory event being assembled, shared by events.c (OOM, allocation failures) and showmem.c (parsers/ only). */
#ifndef MW_PARSERS_EVENTS_H
#define MW_PARSERS_EVENTS_H

#include "klog.h"
#include "memwaste/buf.h"

/*
 * An event block (an OOM report, an allocation failure, a show_mem dump
 * on its own) is collected here until it is complete, then emitted as one
 * MW_REC_EVENT followed by its children. Every list is bounded, so memory
 * stays constant whatever the input: a task table of 100000 rows keeps
 * the EV_MAX_TASKS largest (by rss + swap) and counts the rest.
 */
#define EV_MAX_KV 512
#define EV_MAX_ZONES 256
#define EV_MAX_TASKS 1000
#define EV_MAX_LINES 96
#define EV_MAX_TRACE 32		/* call-trace frames kept as evidence */
#define EV_MAX_PENDING 8192	/* a wrapped show_mem line is joined up to this length */

enum ev_section {
	SEC_AWAIT,		/* "SysRq : Show Memory" seen, Mem-Info not yet */
	SEC_HEADER,		/* trigger, cpuset, CPU/Pid line, Hardware name */
	SEC_TRACE,		/* call trace, registers */
	SEC_SHOWMEM,
	SEC_MEMCG,
	SEC_MEMCG_STATS,
	SEC_TASKS,
	SEC_SLABINFO,
	SEC_KILL,		/* the victim is known: only reaper lines follow */
};

/* Logical show_mem line kinds (showmem.c). */
enum sm_kind {
	SM_NONE,
	SM_MEMINFO,
	SM_PERCPU,		/* "Node 0 DMA per-cpu:", "CPU    0: hi:", "cpu 0 hot: low 0, ..." */
	SM_COUNTERS,		/* "active_anon:... inactive_anon:..." (pages) */
	SM_COUNTER_CONT,	/* " active_file:47 inactive_file:49" */
	SM_FREE_PAGES,		/* 2.6: "Free pages:       25780kB (0kB HighMem)" */
	SM_NODE,		/* "Node 0 active_anon:5653768kB ..." */
	SM_ZONE,		/* "Node 0 DMA free:13312kB min:64kB ..." */
	SM_RESERVE,		/* "lowmem_reserve[]: 0 3191 15659" */
	SM_BUDDY,		/* "Node 0 DMA: 0*4kB 1*8kB (U) ... = 13312kB" */
	SM_HUGEPAGES,
	SM_TAIL,		/* pagecache, swap and page-total lines */
	SM_MEMALLOC,		/* "Memory allocations:" (6.10+ allocation profiling) */
};

struct ev_kv {
	char *key;
	int64_t value;
	enum mw_unit unit;
	int64_t node;
};

struct ev_zone {
	int64_t node;
	char name[24];
	int64_t free_kb, min_kb, low_kb, high_kb, present_kb, managed_kb;
	int64_t boost_kb, highatomic_kb, free_cma_kb;
	int all_unreclaimable;		/* -1 unknown */
	unsigned n_reserve;
	int64_t reserve[MW_MAX_ZONES];
	unsigned n_orders;
	uint64_t counts[MW_MAX_ORDERS];
	char types[MW_MAX_ORDERS][8];
	int64_t page_kb;
	uint64_t zone_line, buddy_line;
};

struct ev_task {
	struct mw_rec_event_task t;	/* t.name unused: see name */
	char *name;
	int64_t weight;			/* for keeping the largest */
};

struct ev_line {
	uint64_t line;
	const char *role;		/* static string */
	char *text;
};

struct mw_evblock {
	bool open;
	enum mw_event_kind kind;
	enum ev_section sec;
	uint64_t first_line, last_line;
	double ts, last_ts;
	int64_t wall, last_wall;
	struct mw_str host;		/* of the first line (borrowed from klog, stable) */

	/* fields of struct mw_rec_event (owned strings) */
	char *trigger_comm, *gfp_mask, *gfp_names, *nodemask, *cpuset, *mems_allowed;
	char *kernel_release, *constraint, *oom_memcg, *task_memcg, *victim_comm, *summary;
	int64_t trigger_pid, order, oom_score_adj;
	int64_t victim_pid, victim_score, victim_total_vm_kb, victim_anon_rss_kb, victim_file_rss_kb;
	int64_t victim_shmem_rss_kb, victim_uid, victim_pgtables_kb, victim_oom_score_adj, stall_ms;
	bool memcg, reaped, truncated;

	/* progress */
	bool have_cpu, trace_seen, showmem_seen, showmem_tail, killed, finished;
	unsigned unrelated;		/* lines not taken since the last one taken */
	unsigned n_trace;
	bool memalloc_rows;		/* inside "Memory allocations:" */

	/* children (bounded) */
	struct ev_kv *kv;
	size_t n_kv, alloc_kv;
	struct ev_zone *zones;
	size_t n_zones, alloc_zones;
	int last_zone;			/* index of the last zone line, for lowmem_reserve[] */
	struct ev_task *tasks;
	size_t n_tasks, alloc_tasks;
	struct ev_line *lines;
	size_t n_lines, alloc_lines;
	uint64_t lines_dropped;

	/* task table */
	int ncols;
	int cols[20];			/* column ids (events.c) in header order, "name" excluded */
	bool have_header;
	uint64_t tasks_seen;
	int64_t tasks_rss, tasks_swapents, tasks_pgtables_bytes;

	/* show_mem */
	struct mw_buf pending;		/* logical line being joined */
	enum sm_kind pending_kind;
	uint64_t pending_line;
	int64_t kstack_zone_kb, kstack_node_kb, pgtables_zone_kb, pgtables_node_kb;
	bool kstack_node, pgtables_node;
	int64_t hugetlb_total_kb, hugetlb_free_kb;
	bool hugetlb_seen;
	int64_t slab_used_kb;		/* "Unreclaimable slab info:" */
	bool slabinfo_seen;

	/* memcg statistics: summed over the hierarchy printout, or the total_* lines */
	int64_t memcg_stat[16], memcg_total[16];
	bool memcg_stat_seen[16], memcg_total_seen[16];
};

/* Children of the block (events.c). */
void mw_ev_kv(struct mw_evblock *e, const char *key, int64_t value, enum mw_unit unit, int64_t node);
/* Adds `delta` to the counter `key` (created at 0). */
void mw_ev_kv_add(struct mw_evblock *e, const char *key, int64_t delta, enum mw_unit unit, int64_t node);
void mw_ev_line(struct mw_evblock *e, uint64_t line, const char *role, const char *text, size_t len);
/* The zone (node, name), created on first use; NULL when the bound is reached. */
struct ev_zone *mw_ev_zone(struct mw_evblock *e, int64_t node, const char *name, size_t len);

/* show_mem (showmem.c) */
/* The kind of a show_mem line (its first physical line), SM_NONE if it is none. */
enum sm_kind mw_showmem_kind(struct mw_str m);
/*
 * Offers a line inside a show_mem dump. Returns 1 when taken (parsed, or
 * kept to be joined with the lines that continue it), 0 when it is no
 * show_mem line (anything pending is parsed first).
 */
int mw_showmem_line(struct mw_evblock *e, struct mw_pctx *ctx, const struct mw_kline *l, struct mw_str m);
/* Parses the pending logical line. */
void mw_showmem_flush(struct mw_evblock *e, struct mw_pctx *ctx);

#endif
