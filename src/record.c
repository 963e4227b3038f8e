/* SPDX-License-Identifier: MIT */
/* record.c: names of record kinds, units and event kinds; record initialisation. */
#include <string.h>
#include "memwaste/record.h"
#include "memwaste/banned.h"

static const char *const unit_names[MW_UNIT__MAX] = {
	[MW_UNIT_NONE] = "",
	[MW_UNIT_BYTES] = "bytes",
	[MW_UNIT_KB] = "kb",
	[MW_UNIT_PAGES] = "pages",
	[MW_UNIT_COUNT] = "count",
	[MW_UNIT_PCT] = "pct",
	[MW_UNIT_SECONDS] = "seconds",
	[MW_UNIT_PFN] = "pfn",
	[MW_UNIT_HUGEPAGES] = "hugepages",
	[MW_UNIT_RATIO] = "ratio",
	[MW_UNIT_TIME] = "time",
};

const char *mw_unit_name(enum mw_unit u)
{
	return (unsigned)u < MW_UNIT__MAX ? unit_names[u] : "";
}

static const char *const kind_names[MW_REC__MAX] = {
	[MW_REC_BOOT] = "boot",
	[MW_REC_BOOT_FACT] = "boot_fact",
	[MW_REC_RANGE] = "range",
	[MW_REC_MEMLINE] = "memline",
	[MW_REC_HASH] = "hash",
	[MW_REC_SNAPSHOT] = "snapshot",
	[MW_REC_SNAPSHOT_FACT] = "snapshot_fact",
	[MW_REC_KV] = "kv",
	[MW_REC_ZONE] = "zone",
	[MW_REC_ZONE_KV] = "zone_kv",
	[MW_REC_BUDDY] = "buddy",
	[MW_REC_PAGETYPE] = "pagetype",
	[MW_REC_SLAB] = "slab",
	[MW_REC_PROC] = "proc",
	[MW_REC_EVENT] = "event",
	[MW_REC_EVENT_KV] = "event_kv",
	[MW_REC_EVENT_ZONE] = "event_zone",
	[MW_REC_EVENT_TASK] = "event_task",
	[MW_REC_EVENT_LINE] = "event_line",
};

const char *mw_rec_kind_name(enum mw_rec_kind k)
{
	return (unsigned)k < MW_REC__MAX ? kind_names[k] : "?";
}

static bool ends_with(struct mw_str s, const char *suffix)
{
	size_t n = strlen(suffix);
	return s.len >= n && memcmp(s.ptr + s.len - n, suffix, n) == 0;
}

enum mw_slab_family mw_slab_family(struct mw_str name)
{
	if (mw_str_eq(name, "dentry") || mw_str_eq(name, "dentry_cache"))
		return MW_SLAB_DENTRY;
	if (mw_str_eq(name, "buffer_head"))
		return MW_SLAB_BUFFER_HEAD;
	if (mw_str_eq(name, "inode") || ends_with(name, "inode_cache") || ends_with(name, "_inode_info") ||
	    ends_with(name, "_inode"))
		return MW_SLAB_INODE;
	return MW_SLAB_OTHER;
}

static const char *const event_names[MW_EVENT__MAX] = {
	[MW_EVENT_OOM_KILL] = "oom_kill",
	[MW_EVENT_ALLOC_FAILURE] = "alloc_failure",
	[MW_EVENT_ALLOC_STALL] = "alloc_stall",
	[MW_EVENT_SHOW_MEM] = "show_mem",
	[MW_EVENT_OOM_REAPER] = "oom_reaper",
};

const char *mw_event_kind_name(enum mw_event_kind k)
{
	return (unsigned)k < MW_EVENT__MAX ? event_names[k] : "?";
}

/* The size of each kind's struct: a record is cleared only as far as its kind reaches (parsers emit millions). */
static const size_t kind_sizes[MW_REC__MAX] = {
	[MW_REC_BOOT] = sizeof(struct mw_rec_boot),
	[MW_REC_BOOT_FACT] = sizeof(struct mw_rec_boot_fact),
	[MW_REC_RANGE] = sizeof(struct mw_rec_range),
	[MW_REC_MEMLINE] = sizeof(struct mw_rec_memline),
	[MW_REC_HASH] = sizeof(struct mw_rec_hash),
	[MW_REC_SNAPSHOT] = sizeof(struct mw_rec_snapshot),
	[MW_REC_SNAPSHOT_FACT] = sizeof(struct mw_rec_snapshot_fact),
	[MW_REC_KV] = sizeof(struct mw_rec_kv),
	[MW_REC_ZONE] = sizeof(struct mw_rec_zone),
	[MW_REC_ZONE_KV] = sizeof(struct mw_rec_zone_kv),
	[MW_REC_BUDDY] = sizeof(struct mw_rec_buddy),
	[MW_REC_PAGETYPE] = sizeof(struct mw_rec_pagetype),
	[MW_REC_SLAB] = sizeof(struct mw_rec_slab),
	[MW_REC_PROC] = sizeof(struct mw_rec_proc),
	[MW_REC_EVENT] = sizeof(struct mw_rec_event),
	[MW_REC_EVENT_KV] = sizeof(struct mw_rec_event_kv),
	[MW_REC_EVENT_ZONE] = sizeof(struct mw_rec_event_zone),
	[MW_REC_EVENT_TASK] = sizeof(struct mw_rec_event_task),
	[MW_REC_EVENT_LINE] = sizeof(struct mw_rec_event_line),
};

void mw_record_init(struct mw_record *rec, enum mw_rec_kind kind, uint64_t line)
{
	if ((unsigned)kind < MW_REC__MAX && kind_sizes[kind])
		memset(&rec->u, 0, kind_sizes[kind]);
	else
		memset(&rec->u, 0, sizeof(rec->u));
	rec->kind = kind;
	rec->line = line;
	rec->ts = NAN;
	switch (kind) {
	case MW_REC_BOOT_FACT:
		rec->u.boot_fact.value = MW_UNKNOWN;
		break;
	case MW_REC_RANGE:
		rec->u.range.node = MW_UNKNOWN;
		rec->u.range.unit = MW_UNIT_BYTES;
		break;
	case MW_REC_MEMLINE:
		rec->u.memline.available_kb = rec->u.memline.total_kb = MW_UNKNOWN;
		break;
	case MW_REC_HASH:
		rec->u.hash.entries = rec->u.hash.order = rec->u.hash.bytes = MW_UNKNOWN;
		break;
	case MW_REC_SNAPSHOT:
		rec->u.snapshot.taken = MW_UNKNOWN;
		break;
	case MW_REC_SNAPSHOT_FACT:
		rec->u.snapshot_fact.value = MW_UNKNOWN;
		break;
	case MW_REC_ZONE: {
		struct mw_rec_zone *z = &rec->u.zone;
		z->node = z->free = z->min = z->low = z->high = z->promo = z->boost = MW_UNKNOWN;
		z->spanned = z->present = z->managed = z->cma = z->start_pfn = MW_UNKNOWN;
		z->populated = true;
		break;
	}
	case MW_REC_BUDDY:
		rec->u.buddy.node = MW_UNKNOWN;
		break;
	case MW_REC_PAGETYPE:
		rec->u.pagetype.node = rec->u.pagetype.pageblock_order = MW_UNKNOWN;
		break;
	case MW_REC_SLAB: {
		struct mw_rec_slab *s = &rec->u.slab;
		s->active_objs = s->num_objs = s->objsize = s->objperslab = s->pagesperslab = MW_UNKNOWN;
		s->limit = s->batchcount = s->sharedfactor = MW_UNKNOWN;
		s->active_slabs = s->num_slabs = s->sharedavail = MW_UNKNOWN;
		break;
	}
	case MW_REC_PROC:
		rec->u.proc.pid = rec->u.proc.rss_kb = rec->u.proc.vsz_kb = MW_UNKNOWN;
		break;
	case MW_REC_EVENT: {
		struct mw_rec_event *e = &rec->u.event;
		e->ts = NAN;
		e->wall = e->trigger_pid = e->order = e->oom_score_adj = MW_UNKNOWN;
		e->victim_pid = e->victim_score = e->victim_total_vm_kb = e->victim_anon_rss_kb = MW_UNKNOWN;
		e->victim_file_rss_kb = e->victim_shmem_rss_kb = e->victim_uid = MW_UNKNOWN;
		e->victim_pgtables_kb = e->victim_oom_score_adj = e->stall_ms = MW_UNKNOWN;
		break;
	}
	case MW_REC_EVENT_KV:
		rec->u.event_kv.node = MW_UNKNOWN;
		break;
	case MW_REC_EVENT_ZONE: {
		struct mw_rec_event_zone *z = &rec->u.event_zone;
		z->node = z->free_kb = z->min_kb = z->low_kb = z->high_kb = MW_UNKNOWN;
		z->present_kb = z->managed_kb = z->page_kb = MW_UNKNOWN;
		z->boost_kb = z->reserved_highatomic_kb = z->free_cma_kb = MW_UNKNOWN;
		z->all_unreclaimable = -1;
		break;
	}
	case MW_REC_EVENT_TASK: {
		struct mw_rec_event_task *t = &rec->u.event_task;
		t->pid = t->uid = t->tgid = t->total_vm = t->rss = t->rss_anon = t->rss_file = MW_UNKNOWN;
		t->rss_shmem = t->pgtables_bytes = t->nr_ptes = t->swapents = t->oom_score_adj = MW_UNKNOWN;
		break;
	}
	default:
		break;
	}
}
