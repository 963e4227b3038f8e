/* SPDX-License-Identifier: MIT */
/* record.h: the typed records parsers emit and the store keeps. */
#ifndef MW_RECORD_H
#define MW_RECORD_H

#include <math.h>
#include "memwaste/common.h"

/*
 * Parsers turn text into these plain structs and hand them to a sink
 * (struct mw_sink): the SQLite store, the JSON dumper of `memwaste debug
 * parse`, or a test's collector. Parsers never see SQLite; the store never
 * sees text formats.
 *
 * Ownership: every struct mw_str and pointer inside a record is borrowed
 * and valid only during the emit call; sinks copy what they keep.
 *
 * Context: records are not self-contained. MW_REC_BOOT opens a boot that
 * the following boot-level records (facts, ranges, Memory line, hash
 * tables, events) belong to; MW_REC_SNAPSHOT opens a snapshot that the
 * following snapshot-level records (kv, zone, buddy, slab, proc) belong
 * to; MW_REC_EVENT opens an event that its child records follow. A sink
 * that receives a boot-level record with no open boot opens an implicit
 * one (same for snapshots).
 *
 * Adding a record kind: a struct here, a value in enum mw_rec_kind, a sink
 * case in src/store-*.c (and its table in that file's schema), a case in
 * src/record-json.c for `memwaste debug parse`.
 */

/* A borrowed string view; ptr may be NULL when len is 0. */
struct mw_str {
	const char *ptr;
	size_t len;
};
#define MW_STR(s) ((struct mw_str){ (s), sizeof(s) - 1 })
#define MW_STR_NULL ((struct mw_str){ NULL, 0 })
static inline struct mw_str mw_str_make(const char *p, size_t n) { return (struct mw_str){ p, n }; }
/*
 * strcmp() order between a view and a C string, safe for views holding NUL
 * bytes (strncmp stops at a NUL, and the classic "strncmp then look at
 * lit[len]" idiom then reads past the end of a shorter literal).
 */
static inline int mw_str_cmp(struct mw_str s, const char *lit)
{
	size_t n = __builtin_strlen(lit), m = s.len < n ? s.len : n;
	int c = m ? __builtin_memcmp(s.ptr, lit, m) : 0;
	if (c)
		return c;
	return s.len < n ? -1 : s.len > n ? 1 : 0;
}

/* Whether the view equals the C string `lit`. */
static inline bool mw_str_eq(struct mw_str s, const char *lit)
{
	size_t n = __builtin_strlen(lit);
	return s.len == n && (n == 0 || __builtin_memcmp(s.ptr, lit, n) == 0);
}

/* Units of stored values; shared with the document model (doc.h). */
enum mw_unit {
	MW_UNIT_NONE,
	MW_UNIT_BYTES,
	MW_UNIT_KB,		/* KiB: the kernel's "kB" */
	MW_UNIT_PAGES,		/* in pages of the machine's PAGE_SIZE */
	MW_UNIT_COUNT,
	MW_UNIT_PCT,
	MW_UNIT_SECONDS,
	MW_UNIT_PFN,		/* page frame numbers (ranges from old logs) */
	MW_UNIT_HUGEPAGES,	/* counts of huge pages (HugePages_*) */
	MW_UNIT_RATIO,		/* 0..1 indices */
	MW_UNIT_TIME,		/* unix seconds */
	MW_UNIT__MAX
};
const char *mw_unit_name(enum mw_unit u);

#define MW_UNKNOWN INT64_MIN	/* "not given" for int64 fields */
#define MW_MAX_ORDERS 16	/* buddy orders we keep (MAX_ORDER <= 15 on every arch seen) */
#define MW_MAX_ZONES 8
#define MW_MAX_MEMLINE_FIELDS 16

enum mw_rec_kind {
	MW_REC_BOOT,
	MW_REC_BOOT_FACT,
	MW_REC_RANGE,
	MW_REC_MEMLINE,
	MW_REC_HASH,
	MW_REC_SNAPSHOT,
	MW_REC_SNAPSHOT_FACT,
	MW_REC_KV,
	MW_REC_ZONE,
	MW_REC_ZONE_KV,
	MW_REC_BUDDY,
	MW_REC_PAGETYPE,
	MW_REC_SLAB,
	MW_REC_PROC,
	MW_REC_EVENT,
	MW_REC_EVENT_KV,
	MW_REC_EVENT_ZONE,
	MW_REC_EVENT_TASK,
	MW_REC_EVENT_LINE,
	MW_REC__MAX
};
const char *mw_rec_kind_name(enum mw_rec_kind k);

/* A kernel boot: "Linux version 6.1.0-13-amd64 (...) #1 SMP ..." */
struct mw_rec_boot {
	struct mw_str release;		/* "6.1.0-13-amd64", may be empty for an implicit boot */
	struct mw_str version_line;	/* the whole message */
	struct mw_str host;		/* from a syslog prefix, may be empty */
};

/*
 * One fact about the current boot. Keys are snake_case and documented in
 * memwaste-formats(5): cmdline, dmi, arch_hint, page_size, struct_page_size,
 * total_pages, zonelists, memmap_pages, freeing_<what>_kb, crashkernel_bytes,
 * node_totalpages, ...
 */
struct mw_rec_boot_fact {
	struct mw_str key;
	int64_t value;			/* MW_UNKNOWN when the fact is text only */
	enum mw_unit unit;
	struct mw_str text;		/* text value or the source message */
};

/*
 * A physical address range, normalised to [start, end) (exclusive end)
 * whatever the era printed. `map` says which list it belongs to:
 * "e820" (the firmware's BIOS-e820 map, also BIOS-e801/BIOS-88), "user"
 * (user-defined map), "setup_data", "e820_update", "e820_remove", "efi",
 * "zone" (Zone ranges), "node" (Early memory node ranges / early_node_map),
 * "movable" (movable zone start), "initmem" (Initmem setup node).
 */
struct mw_rec_range {
	struct mw_str map;
	uint64_t start;
	uint64_t end;			/* exclusive */
	enum mw_unit unit;		/* MW_UNIT_BYTES or MW_UNIT_PFN */
	struct mw_str type;		/* normalised: usable, reserved, acpi_data, acpi_nvs, unusable, persistent, soft_reserved, type_N; zone or efi type names as printed */
	struct mw_str type_text;	/* as printed ("ACPI data", "usable ==> reserved") */
	int64_t node;			/* node number for node/zone maps, MW_UNKNOWN otherwise */
};

/* "Memory: 16239428K/16671564K available (14339K kernel code, ...)" */
struct mw_rec_memline {
	int64_t available_kb;
	int64_t total_kb;
	unsigned n_fields;
	struct {
		struct mw_str name;	/* "kernel code", "rwdata", "reserved", "cma-reserved", ... */
		int64_t kb;
	} fields[MW_MAX_MEMLINE_FIELDS];
	struct mw_str text;
};

/* "Dentry cache hash table entries: 4194304 (order: 13, 33554432 bytes, linear)" */
struct mw_rec_hash {
	struct mw_str name;
	int64_t entries;
	int64_t order;			/* MW_UNKNOWN when not printed; may be negative */
	int64_t bytes;			/* total bytes; MW_UNKNOWN when not printed */
	struct mw_str alloc;		/* "linear", "vmalloc", "vmalloc hugepage" or empty */
	bool after_memline;		/* printed after the Memory: line of this boot */
};

/*
 * A moment at which /proc files were captured. `taken` is unix time
 * (MW_UNKNOWN when the capture did not say); taken_text is what the
 * capture printed. origin: "file", "loop" (logging-loop output), "dir"
 * (capture directory), "sosreport", "supportconfig", "record", "live".
 */
struct mw_rec_snapshot {
	int64_t taken;
	double taken_frac;		/* sub-second part, 0 when unknown */
	struct mw_str taken_text;
	struct mw_str host;		/* may be empty: the sink uses the session host */
	struct mw_str origin;
	bool implicit;			/* opened for a section, not by a date line: may go on in the next input */
};

/*
 * key/value about the current snapshot (page_size, slabinfo_version,
 * ps_empty, ...). Key "undated" (value 1) withdraws the snapshot's time:
 * it was opened with the file's time before the input showed date lines
 * of its own (a logging-loop capture cut at the start).
 */
struct mw_rec_snapshot_fact {
	struct mw_str key;
	int64_t value;
	struct mw_str text;
};

/* One "key value" of a key/value source in the current snapshot. */
struct mw_rec_kv {
	struct mw_str source;		/* "meminfo", "vmstat", "node_meminfo" */
	struct mw_str key;		/* as printed: "MemTotal", "Active(anon)", "nr_free_pages" */
	int64_t value;
	enum mw_unit unit;		/* KB for "kB" lines, PAGES for vmstat, HUGEPAGES, COUNT */
};

/* One zone of /proc/zoneinfo (all numbers in pages). */
struct mw_rec_zone {
	int64_t node;
	struct mw_str zone;
	int64_t free, min, low, high, promo, boost, spanned, present, managed, cma;	/* MW_UNKNOWN if absent */
	unsigned n_protection;
	int64_t protection[MW_MAX_ZONES];
	int64_t start_pfn;
	bool populated;			/* false for the unpopulated zones 4.x+ prints */
};

/* A counter inside the last MW_REC_ZONE (nr_free_pages, numa_hit, per-node stats, ...). */
struct mw_rec_zone_kv {
	struct mw_str key;
	int64_t value;
	bool per_node;			/* from the "per-node stats" block */
};

/* Free blocks per order of one zone: /proc/buddyinfo. counts[k] = blocks of 2^k pages. */
struct mw_rec_buddy {
	int64_t node;
	struct mw_str zone;
	unsigned n_orders;
	uint64_t counts[MW_MAX_ORDERS];
};

/*
 * /proc/pagetypeinfo. section "free": counts per order for one migrate type
 * (capped counts, printed ">100000", have the order's bit set in capped);
 * section "blocks": n_orders = 1, counts[0] = pageblocks of that type.
 */
struct mw_rec_pagetype {
	struct mw_str section;		/* "free" or "blocks" */
	int64_t node;
	struct mw_str zone;
	struct mw_str type;		/* "Unmovable", "Movable", "HighAtomic", ... */
	unsigned n_orders;
	uint64_t counts[MW_MAX_ORDERS];
	uint32_t capped;
	int64_t pageblock_order;	/* from "Page block order:" when known */
};

/* One line of /proc/slabinfo (2.x data line; 1.x lines fill what they have). */
struct mw_rec_slab {
	struct mw_str name;
	int64_t active_objs, num_objs, objsize, objperslab, pagesperslab;
	int64_t limit, batchcount, sharedfactor;
	int64_t active_slabs, num_slabs, sharedavail;
};

/*
 * The caches Kleen's "d/icache" figure adds up: the dentry cache, and every
 * inode cache (ext4_inode_cache, proc_inode_cache, *_inode_info, xfs_inode,
 * btrfs_inode, 2.4's inode_cache). One rule for the store's per-snapshot
 * columns, the snapshot report and the timeline.
 */
enum mw_slab_family { MW_SLAB_OTHER, MW_SLAB_DENTRY, MW_SLAB_INODE, MW_SLAB_BUFFER_HEAD };
enum mw_slab_family mw_slab_family(struct mw_str name);

/* One process from a ps listing. Never the command line's arguments or environment. */
struct mw_rec_proc {
	int64_t pid;
	struct mw_str user;
	int64_t rss_kb;
	int64_t vsz_kb;			/* MW_UNKNOWN when not listed */
	struct mw_str name;		/* process name: comm, or the basename of argv[0] */
};

enum mw_event_kind {
	MW_EVENT_OOM_KILL,		/* an OOM-killer report (global or memcg) */
	MW_EVENT_ALLOC_FAILURE,		/* "page allocation failure" */
	MW_EVENT_ALLOC_STALL,		/* "page allocation stalls for" */
	MW_EVENT_SHOW_MEM,		/* a sysrq-m / show_mem dump on its own */
	MW_EVENT_OOM_REAPER,		/* "oom_reaper: reaped process" without a report */
	MW_EVENT__MAX
};
const char *mw_event_kind_name(enum mw_event_kind k);

/*
 * A kernel memory event. Emitted once the block is complete (so every
 * field is known), then followed by its child records.
 */
struct mw_rec_event {
	enum mw_event_kind kind;
	uint64_t first_line, last_line;
	double ts;			/* monotonic seconds from the [ts] prefix, NAN if none */
	int64_t wall;			/* unix time from a syslog/-T prefix, MW_UNKNOWN if none */
	struct mw_str trigger_comm;	/* who asked ("httpd invoked oom-killer", "cat: page allocation failure") */
	int64_t trigger_pid;
	int64_t order;			/* MW_UNKNOWN if not printed; -1 for sysrq-f */
	struct mw_str gfp_mask;		/* hex as printed: "0x201da" */
	struct mw_str gfp_names;	/* decode printed by the kernel: "GFP_KERNEL|__GFP_COMP", may be empty */
	struct mw_str nodemask, cpuset, mems_allowed;
	int64_t oom_score_adj;		/* of the trigger */
	struct mw_str kernel_release;	/* from the CPU/Comm/Tainted line */
	struct mw_str constraint;	/* CONSTRAINT_NONE, CONSTRAINT_MEMCG, ... */
	struct mw_str oom_memcg, task_memcg;
	bool memcg;			/* memory cgroup OOM */
	int64_t victim_pid;
	struct mw_str victim_comm;
	int64_t victim_score;
	int64_t victim_total_vm_kb, victim_anon_rss_kb, victim_file_rss_kb, victim_shmem_rss_kb;
	int64_t victim_uid, victim_pgtables_kb, victim_oom_score_adj;
	bool reaped;			/* an oom_reaper line followed */
	int64_t stall_ms;		/* allocation stalls */
	bool truncated;			/* the block was cut off */
	struct mw_str summary;		/* the first line, for display */
};

/* A number from the event's dump: show_mem counters, memcg usage/limit, swap, totals. */
struct mw_rec_event_kv {
	struct mw_str key;		/* "free", "slab_unreclaimable", "memcg_usage_kb", "total_swap_kb", "pages_ram", ... */
	int64_t value;
	enum mw_unit unit;
	int64_t node;			/* MW_UNKNOWN for global counters */
};

/* A zone line of the event's show_mem, with its buddy line when printed. */
struct mw_rec_event_zone {
	int64_t node;			/* MW_UNKNOWN on non-NUMA dumps */
	struct mw_str zone;
	int64_t free_kb, min_kb, low_kb, high_kb, present_kb, managed_kb;
	int64_t boost_kb;		/* watermark boost (5.0+), already inside min/low/high */
	int64_t reserved_highatomic_kb;	/* 4.4+: free pages held back for high-order atomic allocations */
	int64_t free_cma_kb;		/* free CMA pages: usable by movable allocations only */
	int all_unreclaimable;		/* "all_unreclaimable? yes" of old zone lines: 1, 0, or -1 when not printed */
	uint64_t zone_line, buddy_line;	/* input lines of the zone and buddy lines, 0 when absent */
	unsigned n_reserve;
	int64_t lowmem_reserve[MW_MAX_ZONES];	/* pages */
	unsigned n_orders;		/* 0 when no buddy line */
	uint64_t counts[MW_MAX_ORDERS];
	int64_t page_kb;		/* size of the first buddy bucket (PAGE_SIZE in kB) */
	struct mw_str migratetypes[MW_MAX_ORDERS];	/* "UME" per order, may be empty */
};

/* A row of the OOM task table (memory in pages, pgtables in bytes). */
struct mw_rec_event_task {
	int64_t pid, uid, tgid, total_vm, rss, rss_anon, rss_file, rss_shmem;
	int64_t pgtables_bytes, nr_ptes, swapents, oom_score_adj;
	struct mw_str name;
};

/* An evidence line of the event (the trigger, call trace frames, the kill line...). */
struct mw_rec_event_line {
	uint64_t line;
	struct mw_str role;		/* "trigger", "trace", "kill", "memcg", "zone", ... */
	struct mw_str text;
};

struct mw_record {
	enum mw_rec_kind kind;
	uint64_t line;			/* 1-based line of the input, 0 if none */
	double ts;			/* monotonic [ts] of kernel-log records, NAN if none */
	union {
		struct mw_rec_boot boot;
		struct mw_rec_boot_fact boot_fact;
		struct mw_rec_range range;
		struct mw_rec_memline memline;
		struct mw_rec_hash hash;
		struct mw_rec_snapshot snapshot;
		struct mw_rec_snapshot_fact snapshot_fact;
		struct mw_rec_kv kv;
		struct mw_rec_zone zone;
		struct mw_rec_zone_kv zone_kv;
		struct mw_rec_buddy buddy;
		struct mw_rec_pagetype pagetype;
		struct mw_rec_slab slab;
		struct mw_rec_proc proc;
		struct mw_rec_event event;
		struct mw_rec_event_kv event_kv;
		struct mw_rec_event_zone event_zone;
		struct mw_rec_event_task event_task;
		struct mw_rec_event_line event_line;
	} u;
};

/* Initialises a record of `kind`: zeroes it and sets every int64 "unknown" field to MW_UNKNOWN. */
void mw_record_init(struct mw_record *rec, enum mw_rec_kind kind, uint64_t line);

/* Where records go. emit returns 0 or < 0 to abort the parse (the error is returned by the parser). */
struct mw_sink {
	int (*emit)(void *userdata, const struct mw_record *rec);
	void *userdata;
};

#endif
