/* SPDX-License-Identifier: MIT */
/* store-event.c: kernel memory events (OOM kills, allocation failures and stalls, show_mem dumps) and their details. */
#include <stdio.h>
#include <string.h>
#include "store-internal.h"
#include "memwaste/banned.h"

static const char schema_v1[] =
	"CREATE TABLE event(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  input_id INTEGER NOT NULL REFERENCES input(id) ON DELETE CASCADE,\n"
	"  boot_id INTEGER REFERENCES boot(id) ON DELETE SET NULL,\n"
	"  host_id INTEGER REFERENCES host(id),\n"
	"  seq INTEGER NOT NULL,\n"
	"  kind TEXT NOT NULL,\n"
	"  first_line INTEGER, last_line INTEGER,\n"
	"  ts REAL, wall INTEGER,\n"
	"  trigger_comm TEXT, trigger_pid INTEGER,\n"
	"  order_ INTEGER, gfp_mask TEXT, gfp_names TEXT,\n"
	"  nodemask TEXT, cpuset TEXT, mems_allowed TEXT,\n"
	"  oom_score_adj INTEGER, kernel_release TEXT,\n"
	"  constraint_ TEXT, oom_memcg TEXT, task_memcg TEXT, memcg INTEGER,\n"
	"  victim_pid INTEGER, victim_comm TEXT, victim_score INTEGER,\n"
	"  victim_total_vm_kb INTEGER, victim_anon_rss_kb INTEGER, victim_file_rss_kb INTEGER,\n"
	"  victim_shmem_rss_kb INTEGER, victim_uid INTEGER, victim_pgtables_kb INTEGER,\n"
	"  victim_oom_score_adj INTEGER, reaped INTEGER, stall_ms INTEGER, truncated INTEGER,\n"
	"  summary TEXT\n"
	");\n"
	"CREATE INDEX event_input ON event(input_id);\n"
	"CREATE INDEX event_boot ON event(boot_id);\n"
	"CREATE TABLE event_kv(\n"
	"  event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,\n"
	"  key TEXT NOT NULL, value INTEGER, unit TEXT, node INTEGER\n"
	");\n"
	"CREATE INDEX event_kv_event ON event_kv(event_id);\n"
	"CREATE TABLE event_zone(\n"
	"  event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,\n"
	"  node INTEGER, zone TEXT,\n"
	"  free_kb INTEGER, min_kb INTEGER, low_kb INTEGER, high_kb INTEGER, present_kb INTEGER, managed_kb INTEGER,\n"
	"  lowmem_reserve TEXT, counts TEXT, page_kb INTEGER, migratetypes TEXT\n"
	");\n"
	"CREATE INDEX event_zone_event ON event_zone(event_id);\n"
	"CREATE TABLE event_task(\n"
	"  event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,\n"
	"  pid INTEGER, uid INTEGER, tgid INTEGER, total_vm INTEGER, rss INTEGER, rss_anon INTEGER,\n"
	"  rss_file INTEGER, rss_shmem INTEGER, pgtables_bytes INTEGER, nr_ptes INTEGER, swapents INTEGER,\n"
	"  oom_score_adj INTEGER, name TEXT\n"
	");\n"
	"CREATE INDEX event_task_event ON event_task(event_id);\n"
	"CREATE TABLE event_line(\n"
	"  event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,\n"
	"  line INTEGER, role TEXT, text TEXT\n"
	");\n"
	"CREATE INDEX event_line_event ON event_line(event_id);\n";

/*
 * Schema step 2 (src/schema.c): what the watermark check of the events
 * report needs from a show_mem zone line besides free/min/low/high, and
 * the input lines of the zone and buddy lines, so a finding can quote them.
 */
const char mw_store_event_v2[] =
	"ALTER TABLE event_zone ADD COLUMN boost_kb INTEGER;\n"
	"ALTER TABLE event_zone ADD COLUMN reserved_highatomic_kb INTEGER;\n"
	"ALTER TABLE event_zone ADD COLUMN free_cma_kb INTEGER;\n"
	"ALTER TABLE event_zone ADD COLUMN all_unreclaimable INTEGER;\n"
	"ALTER TABLE event_zone ADD COLUMN zone_line INTEGER;\n"
	"ALTER TABLE event_zone ADD COLUMN buddy_line INTEGER;\n";

/* The session host, else the host of the event's boot (from a syslog prefix). */
static int64_t event_host(struct mw_store *st)
{
	int64_t host_id = st->host_id;
	if (!host_id && st->host)
		host_id = st->host_id = mw_store_host_id(st, st->host, strlen(st->host));
	if (!host_id && st->boot_id) {
		sqlite3_stmt *q = mw_store_stmt(st, "SELECT host_id FROM boot WHERE id = ?1");
		if (q) {
			sqlite3_bind_int64(q, 1, st->boot_id);
			if (sqlite3_step(q) == SQLITE_ROW)
				host_id = sqlite3_column_int64(q, 0);
			sqlite3_reset(q);
		}
	}
	return host_id;
}

static int event(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_event *e = &rec->u.event;
	int64_t host_id = event_host(st);
	sqlite3_stmt *s = mw_store_stmt(
		st, "INSERT INTO event(input_id, boot_id, host_id, seq, kind, first_line, last_line, ts, wall, "
		    "trigger_comm, trigger_pid, order_, gfp_mask, gfp_names, nodemask, cpuset, mems_allowed, "
		    "oom_score_adj, kernel_release, constraint_, oom_memcg, task_memcg, memcg, victim_pid, victim_comm, "
		    "victim_score, victim_total_vm_kb, victim_anon_rss_kb, victim_file_rss_kb, victim_shmem_rss_kb, "
		    "victim_uid, victim_pgtables_kb, victim_oom_score_adj, reaped, stall_ms, truncated, summary) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
		    "?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37)");
	int r;

	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->input_id);
	mw_bind_i64(s, 2, st->boot_id ? st->boot_id : MW_UNKNOWN);
	mw_bind_i64(s, 3, host_id ? host_id : MW_UNKNOWN);
	sqlite3_bind_int64(s, 4, (int64_t)++st->input_seq);
	sqlite3_bind_text(s, 5, mw_event_kind_name(e->kind), -1, SQLITE_STATIC);
	mw_bind_i64(s, 6, e->first_line ? (int64_t)e->first_line : (int64_t)rec->line);
	mw_bind_i64(s, 7, e->last_line ? (int64_t)e->last_line : MW_UNKNOWN);
	mw_bind_double(s, 8, e->ts);
	mw_bind_i64(s, 9, e->wall);
	mw_bind_str(s, 10, e->trigger_comm);
	mw_bind_i64(s, 11, e->trigger_pid);
	mw_bind_i64(s, 12, e->order);
	mw_bind_str(s, 13, e->gfp_mask);
	mw_bind_str(s, 14, e->gfp_names);
	mw_bind_str(s, 15, e->nodemask);
	mw_bind_str(s, 16, e->cpuset);
	mw_bind_str(s, 17, e->mems_allowed);
	mw_bind_i64(s, 18, e->oom_score_adj);
	mw_bind_str(s, 19, e->kernel_release);
	mw_bind_str(s, 20, e->constraint);
	mw_bind_str(s, 21, e->oom_memcg);
	mw_bind_str(s, 22, e->task_memcg);
	sqlite3_bind_int(s, 23, e->memcg);
	mw_bind_i64(s, 24, e->victim_pid);
	mw_bind_str(s, 25, e->victim_comm);
	mw_bind_i64(s, 26, e->victim_score);
	mw_bind_i64(s, 27, e->victim_total_vm_kb);
	mw_bind_i64(s, 28, e->victim_anon_rss_kb);
	mw_bind_i64(s, 29, e->victim_file_rss_kb);
	mw_bind_i64(s, 30, e->victim_shmem_rss_kb);
	mw_bind_i64(s, 31, e->victim_uid);
	mw_bind_i64(s, 32, e->victim_pgtables_kb);
	mw_bind_i64(s, 33, e->victim_oom_score_adj);
	sqlite3_bind_int(s, 34, e->reaped);
	mw_bind_i64(s, 35, e->stall_ms);
	sqlite3_bind_int(s, 36, e->truncated);
	mw_bind_str(s, 37, e->summary);
	if ((r = mw_store_step_done(st, s)) < 0)
		return r;
	st->event_id = sqlite3_last_insert_rowid(st->db);
	st->counts.events++;
	return 0;
}

static int event_kv(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_event_kv *k = &rec->u.event_kv;
	sqlite3_stmt *s = mw_store_stmt(st, "INSERT INTO event_kv(event_id, key, value, unit, node) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->event_id);
	mw_bind_str(s, 2, k->key);
	mw_bind_i64(s, 3, k->value);
	mw_bind_cstr(s, 4, mw_unit_name(k->unit));
	mw_bind_i64(s, 5, k->node);
	return mw_store_step_done(st, s);
}

static int event_zone(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_event_zone *z = &rec->u.event_zone;
	char reserve[256], counts[MW_MAX_ORDERS * 22], types[MW_MAX_ORDERS * 8];
	size_t o = 0;
	sqlite3_stmt *s;

	reserve[0] = counts[0] = types[0] = '\0';
	for (unsigned i = 0; i < z->n_reserve && i < MW_MAX_ZONES; i++)
		o += (size_t)snprintf(reserve + o, sizeof(reserve) - o, i ? " %lld" : "%lld", (long long)z->lowmem_reserve[i]);
	o = 0;
	for (unsigned i = 0; i < z->n_orders && i < MW_MAX_ORDERS; i++)
		o += (size_t)snprintf(counts + o, sizeof(counts) - o, i ? " %llu" : "%llu", (unsigned long long)z->counts[i]);
	o = 0;
	for (unsigned i = 0; i < z->n_orders && i < MW_MAX_ORDERS; i++)
		o += (size_t)snprintf(types + o, sizeof(types) - o, i ? " %.*s" : "%.*s",
				      z->migratetypes[i].len ? (int)MW_MIN(z->migratetypes[i].len, 6) : 1,
				      z->migratetypes[i].len ? z->migratetypes[i].ptr : "-");
	s = mw_store_stmt(st, "INSERT INTO event_zone(event_id, node, zone, free_kb, min_kb, low_kb, high_kb, present_kb, "
			      "managed_kb, lowmem_reserve, counts, page_kb, migratetypes, boost_kb, reserved_highatomic_kb, "
			      "free_cma_kb, all_unreclaimable, zone_line, buddy_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			      "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->event_id);
	mw_bind_i64(s, 2, z->node);
	mw_bind_str(s, 3, z->zone);
	mw_bind_i64(s, 4, z->free_kb);
	mw_bind_i64(s, 5, z->min_kb);
	mw_bind_i64(s, 6, z->low_kb);
	mw_bind_i64(s, 7, z->high_kb);
	mw_bind_i64(s, 8, z->present_kb);
	mw_bind_i64(s, 9, z->managed_kb);
	mw_bind_cstr(s, 10, z->n_reserve ? reserve : NULL);
	mw_bind_cstr(s, 11, z->n_orders ? counts : NULL);
	mw_bind_i64(s, 12, z->page_kb);
	mw_bind_cstr(s, 13, z->n_orders ? types : NULL);
	mw_bind_i64(s, 14, z->boost_kb);
	mw_bind_i64(s, 15, z->reserved_highatomic_kb);
	mw_bind_i64(s, 16, z->free_cma_kb);
	mw_bind_i64(s, 17, z->all_unreclaimable < 0 ? MW_UNKNOWN : z->all_unreclaimable);
	mw_bind_i64(s, 18, z->zone_line ? (int64_t)z->zone_line : MW_UNKNOWN);
	mw_bind_i64(s, 19, z->buddy_line ? (int64_t)z->buddy_line : MW_UNKNOWN);
	return mw_store_step_done(st, s);
}

static int event_task(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_event_task *t = &rec->u.event_task;
	sqlite3_stmt *s = mw_store_stmt(st, "INSERT INTO event_task(event_id, pid, uid, tgid, total_vm, rss, rss_anon, "
					    "rss_file, rss_shmem, pgtables_bytes, nr_ptes, swapents, oom_score_adj, name) "
					    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->event_id);
	mw_bind_i64(s, 2, t->pid);
	mw_bind_i64(s, 3, t->uid);
	mw_bind_i64(s, 4, t->tgid);
	mw_bind_i64(s, 5, t->total_vm);
	mw_bind_i64(s, 6, t->rss);
	mw_bind_i64(s, 7, t->rss_anon);
	mw_bind_i64(s, 8, t->rss_file);
	mw_bind_i64(s, 9, t->rss_shmem);
	mw_bind_i64(s, 10, t->pgtables_bytes);
	mw_bind_i64(s, 11, t->nr_ptes);
	mw_bind_i64(s, 12, t->swapents);
	mw_bind_i64(s, 13, t->oom_score_adj);
	mw_bind_str(s, 14, t->name);
	return mw_store_step_done(st, s);
}

static int event_line(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_event_line *l = &rec->u.event_line;
	sqlite3_stmt *s = mw_store_stmt(st, "INSERT INTO event_line(event_id, line, role, text) VALUES (?1, ?2, ?3, ?4)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->event_id);
	mw_bind_i64(s, 2, l->line ? (int64_t)l->line : (int64_t)rec->line);
	mw_bind_str(s, 3, l->role);
	mw_bind_str(s, 4, l->text);
	return mw_store_step_done(st, s);
}

static int event_emit(struct mw_store *st, const struct mw_record *rec)
{
	int r;
	switch (rec->kind) {
	case MW_REC_EVENT:
		r = event(st, rec);
		break;
	case MW_REC_EVENT_KV:
	case MW_REC_EVENT_ZONE:
	case MW_REC_EVENT_TASK:
	case MW_REC_EVENT_LINE:
		if (!st->event_id)
			return 1;	/* a child without its event: nothing to attach it to */
		r = rec->kind == MW_REC_EVENT_KV ? event_kv(st, rec)
		    : rec->kind == MW_REC_EVENT_ZONE ? event_zone(st, rec)
		    : rec->kind == MW_REC_EVENT_TASK ? event_task(st, rec)
						     : event_line(st, rec);
		break;
	default:
		return 0;
	}
	return r < 0 ? r : 1;
}

const struct mw_store_domain mw_store_domain_event = {
	.name = "event",
	.schema_v1 = schema_v1,
	.emit = event_emit,
};
