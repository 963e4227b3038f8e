/* SPDX-License-Identifier: MIT */
/* record-json.c: records as JSON objects for `memwaste debug parse` and the tests. */
#include <inttypes.h>
#include <stdio.h>
#include "memwaste/record-json.h"
#include "memwaste/doc.h"
#include "memwaste/banned.h"

static void add_int(cJSON *o, const char *name, int64_t v)
{
	if (v == MW_UNKNOWN)
		return;
	if (v > -(INT64_C(1) << 53) && v < (INT64_C(1) << 53)) {
		cJSON_AddNumberToObject(o, name, (double)v);
	} else {
		char buf[32];
		snprintf(buf, sizeof(buf), "%" PRId64, v);
		cJSON_AddItemToObject(o, name, cJSON_CreateRaw(buf));
	}
}

static void add_u64(cJSON *o, const char *name, uint64_t v)
{
	if (v < (UINT64_C(1) << 53)) {
		cJSON_AddNumberToObject(o, name, (double)v);
	} else {
		char buf[32];
		snprintf(buf, sizeof(buf), "%" PRIu64, v);
		cJSON_AddItemToObject(o, name, cJSON_CreateRaw(buf));
	}
}

static void add_str(cJSON *o, const char *name, struct mw_str s)
{
	char *c;
	if (!s.ptr)
		return;
	c = mw_doc_clean_string(s.ptr, s.len, true);
	cJSON_AddStringToObject(o, name, c);
	free(c);
}

static void add_counts(cJSON *o, const char *name, const uint64_t *counts, unsigned n)
{
	cJSON *a = cJSON_AddArrayToObject(o, name);
	for (unsigned i = 0; i < n && i < MW_MAX_ORDERS; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber((double)counts[i]));
}

static void add_i64_array(cJSON *o, const char *name, const int64_t *v, unsigned n)
{
	cJSON *a = cJSON_AddArrayToObject(o, name);
	for (unsigned i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[i]));
}

static void event_json(cJSON *o, const struct mw_rec_event *e)
{
	cJSON_AddStringToObject(o, "event", mw_event_kind_name(e->kind));
	add_u64(o, "first_line", e->first_line);
	add_u64(o, "last_line", e->last_line);
	if (e->ts == e->ts)
		cJSON_AddNumberToObject(o, "ts", e->ts);
	add_int(o, "wall", e->wall);
	add_str(o, "trigger_comm", e->trigger_comm);
	add_int(o, "trigger_pid", e->trigger_pid);
	add_int(o, "order", e->order);
	add_str(o, "gfp_mask", e->gfp_mask);
	add_str(o, "gfp_names", e->gfp_names);
	add_str(o, "nodemask", e->nodemask);
	add_str(o, "cpuset", e->cpuset);
	add_str(o, "mems_allowed", e->mems_allowed);
	add_int(o, "oom_score_adj", e->oom_score_adj);
	add_str(o, "kernel_release", e->kernel_release);
	add_str(o, "constraint", e->constraint);
	add_str(o, "oom_memcg", e->oom_memcg);
	add_str(o, "task_memcg", e->task_memcg);
	if (e->memcg)
		cJSON_AddTrueToObject(o, "memcg");
	add_int(o, "victim_pid", e->victim_pid);
	add_str(o, "victim_comm", e->victim_comm);
	add_int(o, "victim_score", e->victim_score);
	add_int(o, "victim_total_vm_kb", e->victim_total_vm_kb);
	add_int(o, "victim_anon_rss_kb", e->victim_anon_rss_kb);
	add_int(o, "victim_file_rss_kb", e->victim_file_rss_kb);
	add_int(o, "victim_shmem_rss_kb", e->victim_shmem_rss_kb);
	add_int(o, "victim_uid", e->victim_uid);
	add_int(o, "victim_pgtables_kb", e->victim_pgtables_kb);
	add_int(o, "victim_oom_score_adj", e->victim_oom_score_adj);
	if (e->reaped)
		cJSON_AddTrueToObject(o, "reaped");
	add_int(o, "stall_ms", e->stall_ms);
	if (e->truncated)
		cJSON_AddTrueToObject(o, "truncated");
	add_str(o, "summary", e->summary);
}

cJSON *mw_record_to_json(const struct mw_record *rec)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "kind", mw_rec_kind_name(rec->kind));
	if (rec->line)
		add_u64(o, "line", rec->line);
	if (rec->ts == rec->ts)
		cJSON_AddNumberToObject(o, "ts", rec->ts);

	switch (rec->kind) {
	case MW_REC_BOOT:
		add_str(o, "release", rec->u.boot.release);
		add_str(o, "version_line", rec->u.boot.version_line);
		add_str(o, "host", rec->u.boot.host);
		break;
	case MW_REC_BOOT_FACT:
		add_str(o, "key", rec->u.boot_fact.key);
		add_int(o, "value", rec->u.boot_fact.value);
		if (rec->u.boot_fact.unit)
			cJSON_AddStringToObject(o, "unit", mw_unit_name(rec->u.boot_fact.unit));
		add_str(o, "text", rec->u.boot_fact.text);
		break;
	case MW_REC_RANGE:
		add_str(o, "map", rec->u.range.map);
		add_u64(o, "start", rec->u.range.start);
		add_u64(o, "end", rec->u.range.end);
		cJSON_AddStringToObject(o, "unit", mw_unit_name(rec->u.range.unit));
		add_str(o, "type", rec->u.range.type);
		add_str(o, "type_text", rec->u.range.type_text);
		add_int(o, "node", rec->u.range.node);
		break;
	case MW_REC_MEMLINE: {
		cJSON *f;
		add_int(o, "available_kb", rec->u.memline.available_kb);
		add_int(o, "total_kb", rec->u.memline.total_kb);
		f = cJSON_AddObjectToObject(o, "fields");
		for (unsigned i = 0; i < rec->u.memline.n_fields; i++) {
			char *name = mw_doc_clean_string(rec->u.memline.fields[i].name.ptr,
							 rec->u.memline.fields[i].name.len, false);
			add_int(f, name, rec->u.memline.fields[i].kb);
			free(name);
		}
		add_str(o, "text", rec->u.memline.text);
		break;
	}
	case MW_REC_HASH:
		add_str(o, "name", rec->u.hash.name);
		add_int(o, "entries", rec->u.hash.entries);
		add_int(o, "order", rec->u.hash.order);
		add_int(o, "bytes", rec->u.hash.bytes);
		add_str(o, "alloc", rec->u.hash.alloc);
		cJSON_AddBoolToObject(o, "after_memline", rec->u.hash.after_memline);
		break;
	case MW_REC_SNAPSHOT:
		add_int(o, "taken", rec->u.snapshot.taken);
		add_str(o, "taken_text", rec->u.snapshot.taken_text);
		add_str(o, "host", rec->u.snapshot.host);
		add_str(o, "origin", rec->u.snapshot.origin);
		if (rec->u.snapshot.implicit)
			cJSON_AddBoolToObject(o, "implicit", true);
		break;
	case MW_REC_SNAPSHOT_FACT:
		add_str(o, "key", rec->u.snapshot_fact.key);
		add_int(o, "value", rec->u.snapshot_fact.value);
		add_str(o, "text", rec->u.snapshot_fact.text);
		break;
	case MW_REC_KV:
		add_str(o, "source", rec->u.kv.source);
		add_str(o, "key", rec->u.kv.key);
		add_int(o, "value", rec->u.kv.value);
		cJSON_AddStringToObject(o, "unit", mw_unit_name(rec->u.kv.unit));
		break;
	case MW_REC_ZONE: {
		const struct mw_rec_zone *z = &rec->u.zone;
		add_int(o, "node", z->node);
		add_str(o, "zone", z->zone);
		add_int(o, "free", z->free);
		add_int(o, "min", z->min);
		add_int(o, "low", z->low);
		add_int(o, "high", z->high);
		add_int(o, "promo", z->promo);
		add_int(o, "boost", z->boost);
		add_int(o, "spanned", z->spanned);
		add_int(o, "present", z->present);
		add_int(o, "managed", z->managed);
		add_int(o, "cma", z->cma);
		add_i64_array(o, "protection", z->protection, z->n_protection);
		add_int(o, "start_pfn", z->start_pfn);
		cJSON_AddBoolToObject(o, "populated", z->populated);
		break;
	}
	case MW_REC_ZONE_KV:
		add_str(o, "key", rec->u.zone_kv.key);
		add_int(o, "value", rec->u.zone_kv.value);
		if (rec->u.zone_kv.per_node)
			cJSON_AddTrueToObject(o, "per_node");
		break;
	case MW_REC_BUDDY:
		add_int(o, "node", rec->u.buddy.node);
		add_str(o, "zone", rec->u.buddy.zone);
		add_counts(o, "counts", rec->u.buddy.counts, rec->u.buddy.n_orders);
		break;
	case MW_REC_PAGETYPE:
		add_str(o, "section", rec->u.pagetype.section);
		add_int(o, "node", rec->u.pagetype.node);
		add_str(o, "zone", rec->u.pagetype.zone);
		add_str(o, "type", rec->u.pagetype.type);
		add_counts(o, "counts", rec->u.pagetype.counts, rec->u.pagetype.n_orders);
		if (rec->u.pagetype.capped)
			add_int(o, "capped", rec->u.pagetype.capped);
		add_int(o, "pageblock_order", rec->u.pagetype.pageblock_order);
		break;
	case MW_REC_SLAB: {
		const struct mw_rec_slab *s = &rec->u.slab;
		add_str(o, "name", s->name);
		add_int(o, "active_objs", s->active_objs);
		add_int(o, "num_objs", s->num_objs);
		add_int(o, "objsize", s->objsize);
		add_int(o, "objperslab", s->objperslab);
		add_int(o, "pagesperslab", s->pagesperslab);
		add_int(o, "limit", s->limit);
		add_int(o, "batchcount", s->batchcount);
		add_int(o, "sharedfactor", s->sharedfactor);
		add_int(o, "active_slabs", s->active_slabs);
		add_int(o, "num_slabs", s->num_slabs);
		add_int(o, "sharedavail", s->sharedavail);
		break;
	}
	case MW_REC_PROC:
		add_int(o, "pid", rec->u.proc.pid);
		add_str(o, "user", rec->u.proc.user);
		add_int(o, "rss_kb", rec->u.proc.rss_kb);
		add_int(o, "vsz_kb", rec->u.proc.vsz_kb);
		add_str(o, "name", rec->u.proc.name);
		break;
	case MW_REC_EVENT:
		event_json(o, &rec->u.event);
		break;
	case MW_REC_EVENT_KV:
		add_str(o, "key", rec->u.event_kv.key);
		add_int(o, "value", rec->u.event_kv.value);
		cJSON_AddStringToObject(o, "unit", mw_unit_name(rec->u.event_kv.unit));
		add_int(o, "node", rec->u.event_kv.node);
		break;
	case MW_REC_EVENT_ZONE: {
		const struct mw_rec_event_zone *z = &rec->u.event_zone;
		add_int(o, "node", z->node);
		add_str(o, "zone", z->zone);
		add_int(o, "free_kb", z->free_kb);
		add_int(o, "min_kb", z->min_kb);
		add_int(o, "low_kb", z->low_kb);
		add_int(o, "high_kb", z->high_kb);
		add_int(o, "present_kb", z->present_kb);
		add_int(o, "managed_kb", z->managed_kb);
		add_int(o, "boost_kb", z->boost_kb);
		add_int(o, "reserved_highatomic_kb", z->reserved_highatomic_kb);
		add_int(o, "free_cma_kb", z->free_cma_kb);
		if (z->all_unreclaimable >= 0)
			cJSON_AddBoolToObject(o, "all_unreclaimable", z->all_unreclaimable > 0);
		add_u64(o, "zone_line", z->zone_line);
		add_u64(o, "buddy_line", z->buddy_line);
		add_i64_array(o, "lowmem_reserve", z->lowmem_reserve, z->n_reserve);
		if (z->n_orders) {
			cJSON *m;
			add_counts(o, "counts", z->counts, z->n_orders);
			add_int(o, "page_kb", z->page_kb);
			m = cJSON_AddArrayToObject(o, "migratetypes");
			for (unsigned i = 0; i < z->n_orders && i < MW_MAX_ORDERS; i++) {
				char *c = mw_doc_clean_string(z->migratetypes[i].ptr ? z->migratetypes[i].ptr : "",
							      z->migratetypes[i].len, false);
				cJSON_AddItemToArray(m, cJSON_CreateString(c));
				free(c);
			}
		}
		break;
	}
	case MW_REC_EVENT_TASK: {
		const struct mw_rec_event_task *t = &rec->u.event_task;
		add_int(o, "pid", t->pid);
		add_int(o, "uid", t->uid);
		add_int(o, "tgid", t->tgid);
		add_int(o, "total_vm", t->total_vm);
		add_int(o, "rss", t->rss);
		add_int(o, "rss_anon", t->rss_anon);
		add_int(o, "rss_file", t->rss_file);
		add_int(o, "rss_shmem", t->rss_shmem);
		add_int(o, "pgtables_bytes", t->pgtables_bytes);
		add_int(o, "nr_ptes", t->nr_ptes);
		add_int(o, "swapents", t->swapents);
		add_int(o, "oom_score_adj", t->oom_score_adj);
		add_str(o, "name", t->name);
		break;
	}
	case MW_REC_EVENT_LINE:
		add_u64(o, "evidence_line", rec->u.event_line.line);
		add_str(o, "role", rec->u.event_line.role);
		add_str(o, "text", rec->u.event_line.text);
		break;
	default:
		break;
	}
	return o;
}
