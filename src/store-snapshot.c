/* SPDX-License-Identifier: MIT */
/*
 * store-snapshot.c: snapshots of /proc (meminfo, vmstat, zoneinfo,
 * buddyinfo, pagetypeinfo, slabinfo, ps) and the running statistics that
 * make trend reports fast.
 *
 * A day of the 10-second logging loop is 8640 snapshots of about 370
 * lines each, and most of those lines say what the snapshot before said.
 * Three things keep such captures cheap to import, small on disk and fast
 * to report:
 *
 *   - Packs instead of rows. The per-key tables kv, slab and proc are views
 *     over kv_pack, slab_pack and proc_pack, which hold one blob per
 *     snapshot and kind: what changed since the snapshot before (a key
 *     with new values, a key that is gone; store-pack.c has the format).
 *     A chain is a series of snapshots of one host written in one input
 *     transaction, so their ids are consecutive; every KEYFRAME_EVERY
 *     snapshots a new chain starts, and its first snapshot (snapshot.base_id
 *     of all its members) packs every key. The rows of snapshot S are its
 *     chain's packs applied in order, base_id through S, which the
 *     table-valued functions kv_rows(), slab_rows() and proc_rows() do:
 *     `SELECT ... FROM slab WHERE snapshot_id = ?` reads as if every row
 *     were stored. A snapshot where nothing changed has no pack, so a day
 *     is ~26 000 small rows where one row per key and snapshot would be
 *     3 million, and one per run 400 000. Each record costs a compare with
 *     the key's last values and, when they differ, a few bytes appended.
 *     (Chains never span transactions: another writer's snapshot ids could
 *     fall inside them.)
 *   - Summary columns on each snapshot row (MemTotal, MemFree, slab totals,
 *     process RSS, ...), so the timeline reads one narrow table.
 *   - Running statistics per series (a meminfo field, a vmstat counter, a
 *     slab cache, a process name's RSS): count, first/last/min/max and the
 *     Welford sums of time and value, merged import by import with Chan's
 *     parallel formulas, so slopes and their fit need no rescan. The points
 *     of the open snapshot are held until it closes, so a snapshot whose
 *     time is withdrawn ("undated") adds none.
 *
 * De-duplication: a snapshot whose (host, time) is already stored is
 * skipped with everything in it (overlapping captures do not count
 * twice); whole inputs are de-duplicated by content hash in store.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "memwaste/buf.h"
#include "store-internal.h"
#include "memwaste/banned.h"

/* A new chain (a pack of every key) every this many snapshots: bounds what a view applies to read one snapshot. */
#define KEYFRAME_EVERY 64

/* Schema step 1, as released: step 3 replaces the run tables kv_delta, slab_delta and proc_delta with packs. */
static const char schema_v1[] =
	"CREATE TABLE snapshot(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  input_id INTEGER NOT NULL REFERENCES input(id) ON DELETE CASCADE,\n"
	"  host_id INTEGER REFERENCES host(id),\n"
	"  boot_id INTEGER REFERENCES boot(id) ON DELETE SET NULL,\n"
	"  seq INTEGER NOT NULL,\n"
	"  taken INTEGER,\n"
	"  taken_frac REAL,\n"
	"  taken_text TEXT,\n"
	"  origin TEXT,\n"
	"  line INTEGER,\n"
	"  page_size INTEGER,\n"
	"  base_id INTEGER,\n"
	"  memtotal_kb INTEGER, memfree_kb INTEGER, memavailable_kb INTEGER, buffers_kb INTEGER,\n"
	"  cached_kb INTEGER, swapcached_kb INTEGER, anonpages_kb INTEGER, shmem_kb INTEGER,\n"
	"  mapped_kb INTEGER, dirty_kb INTEGER, writeback_kb INTEGER,\n"
	"  slab_kb INTEGER, sreclaimable_kb INTEGER, sunreclaim_kb INTEGER, kreclaimable_kb INTEGER,\n"
	"  kernelstack_kb INTEGER, pagetables_kb INTEGER, secpagetables_kb INTEGER,\n"
	"  vmallocused_kb INTEGER, percpu_kb INTEGER, hugetlb_kb INTEGER,\n"
	"  hugepages_total INTEGER, hugepages_free INTEGER, hugepagesize_kb INTEGER,\n"
	"  anonhugepages_kb INTEGER, swaptotal_kb INTEGER, swapfree_kb INTEGER, committed_as_kb INTEGER,\n"
	"  commitlimit_kb INTEGER, unevictable_kb INTEGER, mlocked_kb INTEGER, cmatotal_kb INTEGER,\n"
	"  cmafree_kb INTEGER, hightotal_kb INTEGER, highfree_kb INTEGER,\n"
	"  slab_caches INTEGER, slab_total_pages INTEGER, slab_active_bytes INTEGER, slab_objs_bytes INTEGER,\n"
	"  dentry_pages INTEGER, inode_pages INTEGER, buffer_head_pages INTEGER,\n"
	"  buddy_free_pages INTEGER,\n"
	"  proc_count INTEGER, proc_rss_kb INTEGER\n"
	");\n"
	"CREATE UNIQUE INDEX snapshot_moment ON snapshot(host_id, taken, taken_frac) WHERE taken IS NOT NULL;\n"
	"CREATE INDEX snapshot_input ON snapshot(input_id);\n"
	"CREATE INDEX snapshot_time ON snapshot(taken);\n"
	"CREATE TABLE snapshot_section(\n"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL,\n"
	"  input_id INTEGER NOT NULL REFERENCES input(id) ON DELETE CASCADE,\n"
	"  first_line INTEGER,\n"
	"  last_line INTEGER\n"
	");\n"
	"CREATE INDEX snapshot_section_snap ON snapshot_section(snapshot_id);\n"
	"CREATE TABLE snapshot_fact(\n"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,\n"
	"  key TEXT NOT NULL,\n"
	"  value INTEGER,\n"
	"  text TEXT,\n"
	"  line INTEGER\n"
	");\n"
	"CREATE INDEX snapshot_fact_snap ON snapshot_fact(snapshot_id, key);\n"
	"CREATE TABLE kv_key(id INTEGER PRIMARY KEY, source TEXT NOT NULL, name TEXT NOT NULL, unit TEXT,\n"
	"  UNIQUE(source, name));\n"
	"CREATE TABLE kv_delta(snapshot_id INTEGER NOT NULL, key_id INTEGER NOT NULL, until_id INTEGER NOT NULL,\n"
	"  value INTEGER, off INTEGER, PRIMARY KEY(snapshot_id, key_id)) WITHOUT ROWID;\n"
	/* line = the first line of the snapshot's section of that source + the run's offset in it */
	"CREATE VIEW kv(snapshot_id, key_id, value, line) AS\n"
	"  SELECT s.id, d.key_id, d.value,\n"
	"    d.off + (SELECT x.first_line FROM snapshot_section x JOIN kv_key k ON k.id = d.key_id\n"
	"             WHERE x.snapshot_id = s.id AND x.kind = k.source LIMIT 1)\n"
	"  FROM snapshot s JOIN kv_delta d\n"
	"  ON d.snapshot_id BETWEEN s.base_id AND s.id AND d.until_id >= s.id;\n"
	"CREATE TABLE zone(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,\n"
	"  node INTEGER, zone TEXT NOT NULL,\n"
	"  free INTEGER, min INTEGER, low INTEGER, high INTEGER, promo INTEGER, boost INTEGER,\n"
	"  spanned INTEGER, present INTEGER, managed INTEGER, cma INTEGER,\n"
	"  protection TEXT, start_pfn INTEGER, populated INTEGER, line INTEGER\n"
	");\n"
	"CREATE INDEX zone_snap ON zone(snapshot_id);\n"
	"CREATE TABLE zone_kv(zone_id INTEGER NOT NULL, key_id INTEGER NOT NULL, value INTEGER NOT NULL,\n"
	"  per_node INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(zone_id, key_id)) WITHOUT ROWID;\n"
	"CREATE TABLE buddy(\n"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,\n"
	"  node INTEGER, zone TEXT NOT NULL, counts TEXT NOT NULL, line INTEGER\n"
	");\n"
	"CREATE INDEX buddy_snap ON buddy(snapshot_id);\n"
	"CREATE TABLE pagetype(\n"
	"  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,\n"
	"  section TEXT NOT NULL, node INTEGER, zone TEXT, type TEXT, counts TEXT NOT NULL,\n"
	"  capped INTEGER, pageblock_order INTEGER, line INTEGER\n"
	");\n"
	"CREATE INDEX pagetype_snap ON pagetype(snapshot_id);\n"
	"CREATE TABLE slab_name(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE slab_delta(\n"
	"  snapshot_id INTEGER NOT NULL, name_id INTEGER NOT NULL, until_id INTEGER NOT NULL,\n"
	"  active_objs INTEGER, num_objs INTEGER, objsize INTEGER, objperslab INTEGER, pagesperslab INTEGER,\n"
	"  limit_ INTEGER, batchcount INTEGER, sharedfactor INTEGER,\n"
	"  active_slabs INTEGER, num_slabs INTEGER, sharedavail INTEGER, off INTEGER,\n"
	"  PRIMARY KEY(snapshot_id, name_id)) WITHOUT ROWID;\n"
	"CREATE VIEW slab(snapshot_id, name_id, active_objs, num_objs, objsize, objperslab, pagesperslab, limit_,\n"
	"  batchcount, sharedfactor, active_slabs, num_slabs, sharedavail, line) AS\n"
	"  SELECT s.id, d.name_id, d.active_objs, d.num_objs, d.objsize, d.objperslab, d.pagesperslab, d.limit_,\n"
	"    d.batchcount, d.sharedfactor, d.active_slabs, d.num_slabs, d.sharedavail,\n"
	"    d.off + (SELECT x.first_line FROM snapshot_section x\n"
	"             WHERE x.snapshot_id = s.id AND x.kind = 'slabinfo' LIMIT 1)\n"
	"  FROM snapshot s JOIN slab_delta d ON d.snapshot_id BETWEEN s.base_id AND s.id AND d.until_id >= s.id;\n"
	"CREATE TABLE proc_name(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE proc_delta(\n"
	"  snapshot_id INTEGER NOT NULL, pid INTEGER NOT NULL, until_id INTEGER NOT NULL,\n"
	"  user TEXT, rss_kb INTEGER, vsz_kb INTEGER, name_id INTEGER,\n"
	"  PRIMARY KEY(snapshot_id, pid)) WITHOUT ROWID;\n"
	"CREATE VIEW proc(snapshot_id, pid, user, rss_kb, vsz_kb, name_id) AS\n"
	"  SELECT s.id, CASE WHEN d.pid >= 0 THEN d.pid END, d.user, d.rss_kb, d.vsz_kb, d.name_id\n"
	"  FROM snapshot s JOIN proc_delta d ON d.snapshot_id BETWEEN s.base_id AND s.id AND d.until_id >= s.id;\n"
	"CREATE TABLE series(\n"
	"  host_id INTEGER NOT NULL, source TEXT NOT NULL, key TEXT NOT NULL, unit TEXT,\n"
	"  n INTEGER NOT NULL, mean_t REAL, mean_v REAL, m2_t REAL, m2_v REAL, c_tv REAL,\n"
	"  t_first REAL, v_first INTEGER, t_last REAL, v_last INTEGER,\n"
	"  t_min REAL, v_min INTEGER, t_max REAL, v_max INTEGER, n_up INTEGER, n_down INTEGER,\n"
	"  PRIMARY KEY(host_id, source, key)) WITHOUT ROWID;\n";

/*
 * Schema step 3: kv, slab and proc kept as packs (store-pack.c) instead
 * of runs; the runs of a database made by an earlier memwaste become
 * packs (v3_chain()).
 */
static const char v3_tables[] =
	"CREATE TABLE kv_pack(snapshot_id INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL,\n"
	"  PRIMARY KEY(snapshot_id, part)) WITHOUT ROWID;\n"
	"CREATE TABLE slab_pack(snapshot_id INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL,\n"
	"  PRIMARY KEY(snapshot_id, part)) WITHOUT ROWID;\n"
	"CREATE TABLE proc_pack(snapshot_id INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL,\n"
	"  PRIMARY KEY(snapshot_id, part)) WITHOUT ROWID;\n";

static const char v3_views[] =
	"DROP VIEW kv;\n"
	"DROP VIEW slab;\n"
	"DROP VIEW proc;\n"
	"DROP TABLE kv_delta;\n"
	"DROP TABLE slab_delta;\n"
	"DROP TABLE proc_delta;\n"
	/* line = the first line of the snapshot's section of that source + the row's offset in it */
	"CREATE VIEW kv(snapshot_id, key_id, value, line) AS\n"
	"  SELECT s.id, d.key_id, d.value,\n"
	"    d.off + (SELECT x.first_line FROM snapshot_section x JOIN kv_key k ON k.id = d.key_id\n"
	"             WHERE x.snapshot_id = s.id AND x.kind = k.source LIMIT 1)\n"
	"  FROM snapshot s JOIN kv_rows(s.base_id, s.id) d;\n"
	"CREATE VIEW slab(snapshot_id, name_id, active_objs, num_objs, objsize, objperslab, pagesperslab, limit_,\n"
	"  batchcount, sharedfactor, active_slabs, num_slabs, sharedavail, line) AS\n"
	"  SELECT s.id, d.name_id, d.active_objs, d.num_objs, d.objsize, d.objperslab, d.pagesperslab, d.limit_,\n"
	"    d.batchcount, d.sharedfactor, d.active_slabs, d.num_slabs, d.sharedavail,\n"
	"    d.off + (SELECT x.first_line FROM snapshot_section x\n"
	"             WHERE x.snapshot_id = s.id AND x.kind = 'slabinfo' LIMIT 1)\n"
	"  FROM snapshot s JOIN slab_rows(s.base_id, s.id) d;\n"
	"CREATE VIEW proc(snapshot_id, pid, user, rss_kb, vsz_kb, name_id) AS\n"
	"  SELECT s.id, CASE WHEN d.pid >= 0 THEN d.pid END, d.user, d.rss_kb, d.vsz_kb, d.name_id\n"
	"  FROM snapshot s JOIN proc_rows(s.base_id, s.id) d;\n";

/*
 * The conversion, chain by chain (memory: one chain's runs): a run of
 * kind k starts an entry with every column at its first snapshot, and a
 * run that ends inside its chain ends with a "gone" entry at the snapshot
 * after it, unless the key's next run starts there.
 */
static const struct {
	const char *runs;		/* a chain's runs: snapshot_id, key, until_id, columns in pack order */
	const char *insert;
	int n_cols, text_col;
} v3_kinds[] = {
	{ "SELECT snapshot_id, key_id, until_id, value, off FROM kv_delta WHERE snapshot_id BETWEEN ?1 AND ?2",
	  "INSERT INTO kv_pack(snapshot_id, part, data) VALUES (?1, 0, ?2)", 2, -1 },
	{ "SELECT snapshot_id, name_id, until_id, active_objs, num_objs, objsize, objperslab, pagesperslab, limit_, "
	  "batchcount, sharedfactor, active_slabs, num_slabs, sharedavail, off FROM slab_delta "
	  "WHERE snapshot_id BETWEEN ?1 AND ?2",
	  "INSERT INTO slab_pack(snapshot_id, part, data) VALUES (?1, 0, ?2)", 12, -1 },
	{ "SELECT snapshot_id, pid, until_id, rss_kb, vsz_kb, name_id, user FROM proc_delta "
	  "WHERE snapshot_id BETWEEN ?1 AND ?2",
	  "INSERT INTO proc_pack(snapshot_id, part, data) VALUES (?1, 0, ?2)", 4, 3 },
};

struct v3_event {
	int64_t at, key;
	size_t run;			/* SIZE_MAX: the key is gone */
};

struct v3_run {
	int64_t v[MW_PACK_MAX_COLS];
	char *text;
};

static int v3_order(const void *a, const void *b)
{
	const struct v3_event *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	/* a gone key and a new run of it at the same snapshot: the run, alone (see below) */
	return (x->run == SIZE_MAX) - (y->run == SIZE_MAX);
}

static int v3_chain(struct mw_store *st, size_t kind, sqlite3_stmt *q, sqlite3_stmt *ins, int64_t first, int64_t last,
		    struct mw_pack *p)
{
	int n = v3_kinds[kind].n_cols, tc = v3_kinds[kind].text_col, rc, r = 0;
	struct v3_event *ev = NULL;
	struct v3_run *runs = NULL;
	size_t n_ev = 0, alloc_ev = 0, n_runs = 0, alloc_runs = 0;

	sqlite3_bind_int64(q, 1, first);
	sqlite3_bind_int64(q, 2, last);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct v3_run *run;
		int64_t at = sqlite3_column_int64(q, 0), key = sqlite3_column_int64(q, 1), until = sqlite3_column_int64(q, 2);
		MW_GROW(runs, alloc_runs, n_runs + 1);
		run = &runs[n_runs];
		for (int c = 0; c < n; c++)
			run->v[c] = c == tc || sqlite3_column_type(q, 3 + c) == SQLITE_NULL ? MW_UNKNOWN
											     : sqlite3_column_int64(q, 3 + c);
		run->text = tc >= 0 && sqlite3_column_type(q, 3 + tc) != SQLITE_NULL
				    ? mw_xstrdup((const char *)sqlite3_column_text(q, 3 + tc)) : NULL;
		MW_GROW(ev, alloc_ev, n_ev + 2);
		ev[n_ev++] = (struct v3_event){ at, key, n_runs };
		if (until < last)
			ev[n_ev++] = (struct v3_event){ until + 1, key, SIZE_MAX };
		n_runs++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		r = mw_store_fail(st, "converting runs to packs");
	if (n_ev)
		qsort(ev, n_ev, sizeof(*ev), v3_order);
	for (size_t i = 0; r == 0 && i < n_ev; i++) {
		if (i && ev[i].at == ev[i - 1].at && ev[i].key == ev[i - 1].key)
			continue;	/* gone where its next run starts: the run says it all */
		if (p->entries && ev[i].at != ev[i - 1].at) {
			sqlite3_bind_int64(ins, 1, ev[i - 1].at);
			sqlite3_bind_blob(ins, 2, p->buf, (int)p->len, SQLITE_STATIC);
			r = mw_store_step_done(st, ins);
			sqlite3_reset(ins);
			mw_pack_begin(p);
		}
		if (ev[i].run == SIZE_MAX)
			mw_pack_gone(p, ev[i].key);
		else	/* every column: the entry says the whole row, whatever the state held */
			mw_pack_put(p, ev[i].key, (UINT32_C(1) << n) - 1, runs[ev[i].run].v, tc, runs[ev[i].run].text);
	}
	if (r == 0 && p->entries) {
		sqlite3_bind_int64(ins, 1, ev[n_ev - 1].at);
		sqlite3_bind_blob(ins, 2, p->buf, (int)p->len, SQLITE_STATIC);
		r = mw_store_step_done(st, ins);
		sqlite3_reset(ins);
	}
	mw_pack_begin(p);
	for (size_t i = 0; i < n_runs; i++)
		free(runs[i].text);
	free(runs);
	free(ev);
	return r;
}

int mw_store_snapshot_v3(struct mw_store *st)
{
	sqlite3_stmt *chains = NULL, *q[MW_ARRAY_SIZE(v3_kinds)] = { NULL }, *ins[MW_ARRAY_SIZE(v3_kinds)] = { NULL };
	struct mw_pack p = { 0 };
	int64_t first = 0, last = 0, base = 0;
	int r = mw_store_exec(st, v3_tables), rc;

	if (r < 0)
		return r;
	/* chains: runs of consecutive snapshots with one base_id */
	if (sqlite3_prepare_v2(st->db, "SELECT id, base_id FROM snapshot WHERE base_id IS NOT NULL ORDER BY id", -1,
			       &chains, NULL) != SQLITE_OK)
		r = mw_store_fail(st, "converting runs to packs");
	for (size_t k = 0; r == 0 && k < MW_ARRAY_SIZE(v3_kinds); k++)
		if (sqlite3_prepare_v2(st->db, v3_kinds[k].runs, -1, &q[k], NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(st->db, v3_kinds[k].insert, -1, &ins[k], NULL) != SQLITE_OK)
			r = mw_store_fail(st, "converting runs to packs");
	mw_pack_begin(&p);
	while (r == 0) {
		rc = sqlite3_step(chains);
		if (rc == SQLITE_ROW && base && sqlite3_column_int64(chains, 1) == base) {
			last = sqlite3_column_int64(chains, 0);
			continue;
		}
		for (size_t k = 0; base && r == 0 && k < MW_ARRAY_SIZE(v3_kinds); k++)
			r = v3_chain(st, k, q[k], ins[k], first, last, &p);
		if (rc != SQLITE_ROW) {
			if (rc != SQLITE_DONE && r == 0)
				r = mw_store_fail(st, "converting runs to packs");
			break;
		}
		first = last = sqlite3_column_int64(chains, 0);
		base = sqlite3_column_int64(chains, 1);
	}
	sqlite3_finalize(chains);
	for (size_t k = 0; k < MW_ARRAY_SIZE(v3_kinds); k++) {
		sqlite3_finalize(q[k]);
		sqlite3_finalize(ins[k]);
	}
	mw_pack_release(&p);
	return r < 0 ? r : mw_store_exec(st, v3_views);
}

/* meminfo field -> snapshot summary column */
static const struct {
	const char *key;
	const char *column;
} meminfo_columns[] = {
	{ "AnonHugePages", "anonhugepages_kb" }, { "AnonPages", "anonpages_kb" }, { "Buffers", "buffers_kb" },
	{ "Cached", "cached_kb" }, { "CmaFree", "cmafree_kb" }, { "CmaTotal", "cmatotal_kb" },
	{ "CommitLimit", "commitlimit_kb" }, { "Committed_AS", "committed_as_kb" }, { "Dirty", "dirty_kb" },
	{ "HighFree", "highfree_kb" }, { "HighTotal", "hightotal_kb" }, { "HugePages_Free", "hugepages_free" },
	{ "HugePages_Total", "hugepages_total" }, { "Hugepagesize", "hugepagesize_kb" }, { "Hugetlb", "hugetlb_kb" },
	{ "KReclaimable", "kreclaimable_kb" }, { "KernelStack", "kernelstack_kb" }, { "Mapped", "mapped_kb" },
	{ "MemAvailable", "memavailable_kb" }, { "MemFree", "memfree_kb" }, { "MemTotal", "memtotal_kb" },
	{ "Mlocked", "mlocked_kb" }, { "PageTables", "pagetables_kb" }, { "Percpu", "percpu_kb" },
	{ "SReclaimable", "sreclaimable_kb" }, { "SUnreclaim", "sunreclaim_kb" }, { "SecPageTables", "secpagetables_kb" },
	{ "Shmem", "shmem_kb" }, { "Slab", "slab_kb" }, { "SwapCached", "swapcached_kb" }, { "SwapFree", "swapfree_kb" },
	{ "SwapTotal", "swaptotal_kb" }, { "Unevictable", "unevictable_kb" }, { "VmallocUsed", "vmallocused_kb" },
	{ "Writeback", "writeback_kb" },
};
#define N_MEMCOLS MW_ARRAY_SIZE(meminfo_columns)

/* Products and sums of counters from text: a damaged line must not overflow them (INT64_MAX = saturated). */
static int64_t sat_mul(int64_t a, int64_t b)
{
	int64_t r;
	return __builtin_mul_overflow(a, b, &r) ? INT64_MAX : r;
}

static int64_t sat_add(int64_t a, int64_t b)
{
	int64_t r;
	return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

struct series_acc {
	int64_t host_id;
	char *source, *key;
	const char *unit;
	int64_t n;
	double mean_t, mean_v, m2_t, m2_v, c_tv;
	double t_first, t_last, t_min, t_max;
	int64_t v_first, v_last, v_min, v_max, n_up, n_down;
};

/* A point of the open snapshot, added to its series when the snapshot closes. */
struct point {
	uint32_t series;
	int64_t v;
};

/*
 * A key of the open chain: its values as the packs written so far leave
 * them (`present`: the key is in that state), and the generation of the
 * last snapshot that had it.
 *
 * Values carry `off`, the line's offset from its section's first line, so
 * the views give every snapshot's rows their line ("meminfo:14"). A loop
 * prints its files the same way every time: offsets rarely change, and a
 * changed offset is simply a changed column.
 */
#define KV_VALUES 2	/* value, off */
struct kv_state {
	uint64_t seen;
	bool present;
	int8_t memcol;			/* meminfo summary column + 1, -1 for none, 0 = not looked up yet */
	int64_t v[KV_VALUES];
};

#define SLAB_VALUES 12	/* the 11 slabinfo numbers and off */
enum slab_class { SLAB_CLASS_UNKNOWN, SLAB_CLASS_OTHER, SLAB_CLASS_DENTRY, SLAB_CLASS_INODE, SLAB_CLASS_BH };
struct slab_state {
	uint64_t seen;
	bool present;
	uint8_t cls;			/* enum slab_class of the cache's name, for the summary */
	int64_t v[SLAB_VALUES];
};

#define PROC_VALUES 3	/* rss_kb, vsz_kb, name_id; the user is pack column 3 */
#define PROC_USER_COL 3
struct proc_state {
	int64_t pid;			/* the hash key; INT64_MIN = free slot */
	uint64_t seen;
	bool present;
	int64_t v[PROC_VALUES];
	char *user;
};

/* The pack of one kind for the open snapshot, and how many keys its state holds. */
struct pack_out {
	struct mw_pack pack;
	size_t present;			/* keys present in the state */
	size_t kept;			/* of those, keys the open snapshot had */
	unsigned parts;			/* parts written for the open snapshot */
};

/*
 * A chain: snapshots of one host in one input transaction, so their ids
 * are consecutive. Its first snapshot (base_id) packs every row; the next
 * ones pack what changed.
 */
struct chain {
	bool open;			/* a chain runs in this input */
	int64_t base_id;		/* its first snapshot */
	int64_t host_id;
	unsigned since_base;
	uint64_t gen;			/* generation of the open snapshot */
	struct kv_state *kv;
	size_t n_kv;
	struct slab_state *slab;
	size_t n_slab;
	struct proc_state *procs;	/* open addressing by pid */
	size_t proc_cap, proc_used;
	int64_t proc_ordinal;		/* keys for process lines without a pid */
	struct pack_out out[MW_PACK__N];
};

/*
 * Ids by position in a section: /proc files list their keys in the same
 * order snapshot after snapshot, so the id of the key at line i of a
 * section is usually the one it had last time (a compare instead of a
 * hash lookup, for every line of a capture).
 */
#define POS_KEYS 1024
#define POS_KEY_LEN 48
struct pos_cache {
	struct {
		int64_t id;
		uint32_t len;
		char key[POS_KEY_LEN];
	} e[POS_KEYS];
	size_t i;
};

static int64_t pos_get(struct pos_cache *c, struct mw_str key)
{
	size_t i = c->i;
	if (i < POS_KEYS && c->e[i].id && c->e[i].len == key.len && memcmp(c->e[i].key, key.ptr, key.len) == 0)
		return c->e[i].id;
	return 0;
}

static void pos_put(struct pos_cache *c, struct mw_str key, int64_t id)
{
	size_t i = c->i;
	if (i < POS_KEYS) {
		c->e[i].id = key.len <= POS_KEY_LEN ? id : 0;
		c->e[i].len = (uint32_t)key.len;
		if (key.len <= POS_KEY_LEN)
			memcpy(c->e[i].key, key.ptr, key.len);
	}
}

struct mw_snapshot_acc {
	/* ids of the keys by their position in the current section */
	struct pos_cache meminfo_pos, vmstat_pos, slab_pos, proc_pos;
	/* open snapshot */
	int64_t taken;			/* MW_UNKNOWN if none */
	double t;			/* taken + frac, NAN if unknown */
	int64_t memcol[N_MEMCOLS];
	int64_t slab_caches, slab_total_pages, slab_active_bytes, slab_objs_bytes;
	int64_t dentry_pages, inode_pages, bh_pages, buddy_free_pages;
	int64_t proc_count, proc_rss_kb;
	bool have_slab, have_buddy, have_proc, dirty;
	/* process RSS per name in the open snapshot: by proc_name id, with the ids touched */
	int64_t *name_rss;
	size_t n_name_rss;
	int64_t *touched;
	size_t n_touched, alloc_touched;
	int64_t page_size;		/* from a page_size fact, MW_UNKNOWN if none */
	/*
	 * The open snapshot's row is written when it closes, with its summary,
	 * unless a zone, buddy or pagetype row needs it first (row_written).
	 * Until then its sections and facts wait here: they refer to it.
	 */
	bool row_written;
	int64_t next_id;		/* the next snapshot id of this transaction, 0 = not known yet */
	/*
	 * No stored snapshot of host late_host is later than late_taken (in
	 * this transaction): a snapshot after it cannot be one already stored,
	 * so only the others are looked up. late_host 0: not known yet.
	 */
	int64_t late_host, late_taken;
	struct {
		int64_t input_id, host_id, boot_id, seq, line;
		double frac;
		bool have_text;
		struct mw_buf text, origin;
	} row;
	struct pending_section {
		const char *kind;
		uint64_t first, last;
	} *sections;
	size_t n_sections, alloc_sections;
	struct pending_fact {
		char *key, *text;
		int64_t value;
		uint64_t line;
	} *facts;
	size_t n_facts, alloc_facts;
	/* section provenance */
	const char *section;
	uint64_t section_first, section_last;
	/* the chain and its packs */
	struct chain chain;
	uint64_t gen;
	/* series */
	int64_t host_key_id;		/* host id whose decimal form is in host_key */
	char host_key[24];
	size_t host_key_len;
	struct mw_strmap series_index;	/* "host\0source\0key" -> index */
	struct series_acc *series;
	size_t n_series, alloc_series;
	int64_t cache_host;		/* the host the id -> series caches below are for */
	uint32_t *kv_series, *slab_series, *proc_series;	/* id -> series index + 1 */
	size_t n_kv_series, n_slab_series, n_proc_series;
	struct point *points;
	size_t n_points, alloc_points;
};

static struct mw_snapshot_acc *acc(struct mw_store *st)
{
	if (!st->snap) {
		struct chain *c;
		st->snap = mw_xcalloc(1, sizeof(*st->snap));
		st->snap->host_key_id = -1;
		mw_buf_init(&st->snap->row.text);
		mw_buf_init(&st->snap->row.origin);
		mw_strmap_init(&st->snap->series_index);
		c = &st->snap->chain;
		for (size_t k = 0; k < MW_PACK__N; k++)
			mw_pack_begin(&c->out[k].pack);
	}
	return st->snap;
}

static void reset_open(struct mw_snapshot_acc *a)
{
	for (size_t i = 0; i < N_MEMCOLS; i++)
		a->memcol[i] = MW_UNKNOWN;
	a->slab_caches = a->slab_total_pages = a->slab_active_bytes = a->slab_objs_bytes = 0;
	a->dentry_pages = a->inode_pages = a->bh_pages = a->buddy_free_pages = 0;
	a->proc_count = a->proc_rss_kb = 0;
	a->have_slab = a->have_buddy = a->have_proc = a->dirty = false;
	for (size_t i = 0; i < a->n_touched; i++)
		a->name_rss[a->touched[i]] = -1;
	a->n_touched = 0;
	a->section = NULL;
	a->n_points = 0;
	a->page_size = MW_UNKNOWN;
	a->row_written = false;
	a->n_sections = 0;
	for (size_t i = 0; i < a->n_facts; i++) {
		free(a->facts[i].key);
		free(a->facts[i].text);
	}
	a->n_facts = 0;
}

/* ---- series ---- */

static void grow_u32(uint32_t **p, size_t *n, size_t need)
{
	size_t old = *n, cap = old ? old : 256;
	if (need < old)
		return;
	while (cap <= need)
		cap *= 2;
	*p = mw_xrealloc(*p, cap * sizeof(**p));
	memset(*p + old, 0, (cap - old) * sizeof(**p));
	*n = cap;
}

/* The series (host, source, key), created on first use; returns its index. */
static uint32_t series_index(struct mw_store *st, const char *source, struct mw_str key, const char *unit)
{
	struct mw_snapshot_acc *a = st->snap;
	char buf[320];
	size_t sl = strlen(source), n;
	int64_t *idx;
	struct series_acc *s;

	if (key.len + sl + 24 > sizeof(buf))
		key.len = sizeof(buf) - sl - 24;
	n = (size_t)snprintf(buf, sizeof(buf), "%lld", (long long)st->host_id);
	buf[n++] = '\0';
	memcpy(buf + n, source, sl);
	n += sl;
	buf[n++] = '\0';
	memcpy(buf + n, key.ptr, key.len);
	n += key.len;
	if ((idx = mw_strmap_get(&a->series_index, buf, n)))
		return (uint32_t)*idx;
	MW_GROW(a->series, a->alloc_series, a->n_series + 1);
	s = &a->series[a->n_series];
	memset(s, 0, sizeof(*s));
	s->host_id = st->host_id;
	s->source = mw_xstrdup(source);
	s->key = mw_xstrndup(key.ptr, key.len);
	s->unit = unit;
	mw_strmap_put(&a->series_index, buf, n, (int64_t)a->n_series);
	return (uint32_t)a->n_series++;
}

static void forget_series_ids(struct mw_snapshot_acc *a)
{
	if (a->kv_series)
		memset(a->kv_series, 0, a->n_kv_series * sizeof(*a->kv_series));
	if (a->slab_series)
		memset(a->slab_series, 0, a->n_slab_series * sizeof(*a->slab_series));
	if (a->proc_series)
		memset(a->proc_series, 0, a->n_proc_series * sizeof(*a->proc_series));
}

/* id -> series index through a cache valid for one host (ids are per database, series per host). */
static uint32_t series_by_id(struct mw_store *st, uint32_t **cache, size_t *n, int64_t id, struct mw_str src,
			     struct mw_str key, const char *unit)
{
	char source[32];
	struct mw_snapshot_acc *a = st->snap;
	if (a->cache_host != st->host_id) {
		forget_series_ids(a);
		a->cache_host = st->host_id;
	}
	if (id > 0 && (size_t)id < *n && (*cache)[id])
		return (*cache)[id] - 1;
	snprintf(source, sizeof(source), "%.*s", (int)MW_MIN(src.len, sizeof(source) - 1), src.ptr);
	if (id <= 0)
		return series_index(st, source, key, unit);
	grow_u32(cache, n, (size_t)id);
	(*cache)[id] = series_index(st, source, key, unit) + 1;
	return (*cache)[id] - 1;
}

static void point(struct mw_store *st, uint32_t series, int64_t v)
{
	struct mw_snapshot_acc *a = st->snap;
	if (a->n_points == a->alloc_points)
		MW_GROW(a->points, a->alloc_points, a->n_points + 1);
	a->points[a->n_points].series = series;
	a->points[a->n_points].v = v;
	a->n_points++;
}

/* Adds one point to a series (Welford's online update). */
static void series_add(struct series_acc *s, double t, int64_t v)
{
	double dt, dv;
	if (s->n == 0) {
		s->t_first = s->t_last = s->t_min = s->t_max = t;
		s->v_first = s->v_last = s->v_min = s->v_max = v;
	} else {
		if (t >= s->t_last) {
			if (v > s->v_last)
				s->n_up++;
			else if (v < s->v_last)
				s->n_down++;
			s->t_last = t;
			s->v_last = v;
		}
		if (t < s->t_first) {
			s->t_first = t;
			s->v_first = v;
		}
		if (v < s->v_min) {
			s->v_min = v;
			s->t_min = t;
		}
		if (v > s->v_max) {
			s->v_max = v;
			s->t_max = t;
		}
	}
	s->n++;
	dt = t - s->mean_t;
	s->mean_t += dt / (double)s->n;
	dv = (double)v - s->mean_v;
	s->mean_v += dv / (double)s->n;
	s->m2_t += dt * (t - s->mean_t);
	s->m2_v += dv * ((double)v - s->mean_v);
	s->c_tv += dt * ((double)v - s->mean_v);
}

/* The open snapshot's points join their series (when it has a time). */
static void apply_points(struct mw_snapshot_acc *a)
{
	if (a->t == a->t)
		for (size_t i = 0; i < a->n_points; i++)
			series_add(&a->series[a->points[i].series], a->t, a->points[i].v);
	a->n_points = 0;
}

/* Merges the accumulated series into the table (Chan et al. for the sums). */
static int series_flush(struct mw_store *st)
{
	struct mw_snapshot_acc *a = st->snap;
	if (!a)
		return 0;
	for (size_t i = 0; i < a->n_series; i++) {
		struct series_acc *s = &a->series[i], o;
		sqlite3_stmt *q = mw_store_stmt(st, "SELECT n, mean_t, mean_v, m2_t, m2_v, c_tv, t_first, v_first, t_last, "
						    "v_last, t_min, v_min, t_max, v_max, n_up, n_down FROM series "
						    "WHERE host_id = ?1 AND source = ?2 AND key = ?3");
		sqlite3_stmt *w;
		int r;
		if (!q)
			return MW_ESTORE;
		if (!s->n)
			continue;
		sqlite3_bind_int64(q, 1, s->host_id);
		sqlite3_bind_text(q, 2, s->source, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, s->key, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW) {
			o.n = sqlite3_column_int64(q, 0);
			o.mean_t = sqlite3_column_double(q, 1);
			o.mean_v = sqlite3_column_double(q, 2);
			o.m2_t = sqlite3_column_double(q, 3);
			o.m2_v = sqlite3_column_double(q, 4);
			o.c_tv = sqlite3_column_double(q, 5);
			o.t_first = sqlite3_column_double(q, 6);
			o.v_first = sqlite3_column_int64(q, 7);
			o.t_last = sqlite3_column_double(q, 8);
			o.v_last = sqlite3_column_int64(q, 9);
			o.t_min = sqlite3_column_double(q, 10);
			o.v_min = sqlite3_column_int64(q, 11);
			o.t_max = sqlite3_column_double(q, 12);
			o.v_max = sqlite3_column_int64(q, 13);
			o.n_up = sqlite3_column_int64(q, 14);
			o.n_down = sqlite3_column_int64(q, 15);
			sqlite3_reset(q);
			if (o.n > 0) {
				double n = (double)(o.n + s->n), dt = s->mean_t - o.mean_t, dv = s->mean_v - o.mean_v;
				double f = (double)o.n * (double)s->n / n;
				s->m2_t += o.m2_t + dt * dt * f;
				s->m2_v += o.m2_v + dv * dv * f;
				s->c_tv += o.c_tv + dt * dv * f;
				s->mean_t = o.mean_t + dt * (double)s->n / n;
				s->mean_v = o.mean_v + dv * (double)s->n / n;
				s->n += o.n;
				s->n_up += o.n_up;
				s->n_down += o.n_down;
				if (o.t_first < s->t_first) {
					s->t_first = o.t_first;
					s->v_first = o.v_first;
				}
				if (o.t_last > s->t_last) {
					s->t_last = o.t_last;
					s->v_last = o.v_last;
				}
				if (o.v_min < s->v_min) {
					s->v_min = o.v_min;
					s->t_min = o.t_min;
				}
				if (o.v_max > s->v_max) {
					s->v_max = o.v_max;
					s->t_max = o.t_max;
				}
			}
		} else {
			sqlite3_reset(q);
		}
		w = mw_store_stmt(st, "INSERT OR REPLACE INTO series(host_id, source, key, unit, n, mean_t, mean_v, m2_t, "
				      "m2_v, c_tv, t_first, v_first, t_last, v_last, t_min, v_min, t_max, v_max, n_up, "
				      "n_down) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
				      "?16, ?17, ?18, ?19, ?20)");
		if (!w)
			return MW_ESTORE;
		sqlite3_bind_int64(w, 1, s->host_id);
		sqlite3_bind_text(w, 2, s->source, -1, SQLITE_STATIC);
		sqlite3_bind_text(w, 3, s->key, -1, SQLITE_STATIC);
		mw_bind_cstr(w, 4, s->unit);
		sqlite3_bind_int64(w, 5, s->n);
		sqlite3_bind_double(w, 6, s->mean_t);
		sqlite3_bind_double(w, 7, s->mean_v);
		sqlite3_bind_double(w, 8, s->m2_t);
		sqlite3_bind_double(w, 9, s->m2_v);
		sqlite3_bind_double(w, 10, s->c_tv);
		sqlite3_bind_double(w, 11, s->t_first);
		sqlite3_bind_int64(w, 12, s->v_first);
		sqlite3_bind_double(w, 13, s->t_last);
		sqlite3_bind_int64(w, 14, s->v_last);
		sqlite3_bind_double(w, 15, s->t_min);
		sqlite3_bind_int64(w, 16, s->v_min);
		sqlite3_bind_double(w, 17, s->t_max);
		sqlite3_bind_int64(w, 18, s->v_max);
		sqlite3_bind_int64(w, 19, s->n_up);
		sqlite3_bind_int64(w, 20, s->n_down);
		if ((r = mw_store_step_done(st, w)) < 0)
			return r;
		/* merged into the table: what comes later in this session starts from zero */
		memset(&s->n, 0, sizeof(*s) - offsetof(struct series_acc, n));
	}
	return 0;
}

/* Forgets every series (the input was rolled back, or the store closes). */
static void series_release(struct mw_snapshot_acc *a)
{
	for (size_t i = 0; i < a->n_series; i++) {
		free(a->series[i].source);
		free(a->series[i].key);
	}
	a->n_series = 0;
	a->n_points = 0;
	mw_strmap_release(&a->series_index);
	forget_series_ids(a);
}

/* ---- packs: what changed, one blob per snapshot and kind ---- */

static const char *const pack_sql[MW_PACK__N] = {
	[MW_PACK_KV] = "INSERT INTO kv_pack(snapshot_id, part, data) VALUES (?1, ?2, ?3)",
	[MW_PACK_SLAB] = "INSERT INTO slab_pack(snapshot_id, part, data) VALUES (?1, ?2, ?3)",
	[MW_PACK_PROC] = "INSERT INTO proc_pack(snapshot_id, part, data) VALUES (?1, ?2, ?3)",
};

/*
 * A key's values in the open snapshot: an entry in its kind's pack when
 * the key is new to the state (every column that is not NULL) or when
 * columns changed (those columns). Returns false for a key the snapshot
 * already had: the first line counts.
 */
static bool track(struct chain *c, enum mw_pack_kind kind, int64_t key, uint64_t *seen, bool *present, int64_t *cur,
		  const int64_t *v, int n)
{
	struct pack_out *o = &c->out[kind];
	uint32_t mask = 0;
	if (*seen == c->gen)
		return false;
	*seen = c->gen;
	if (*present) {
		for (int i = 0; i < n; i++)
			if (cur[i] != v[i])
				mask |= UINT32_C(1) << i;
		if (mask)
			mw_pack_put(&o->pack, key, mask, v, -1, NULL);
	} else {
		for (int i = 0; i < n; i++)
			if (v[i] != MW_UNKNOWN)
				mask |= UINT32_C(1) << i;
		mw_pack_put(&o->pack, key, mask, v, -1, NULL);
		*present = true;
		o->present++;
	}
	o->kept++;
	memcpy(cur, v, (size_t)n * sizeof(*v));
	return true;
}

/*
 * Ends the open snapshot's packs (it closes, or the input ends with it
 * open): keys of the state it did not have are gone, and every pack with
 * an entry becomes a row. Keys it did not have are found by count first:
 * a loop's snapshot usually has every key of the one before.
 */
static int write_packs(struct mw_store *st)
{
	struct chain *c = &st->snap->chain;
	int r;
	if (c->out[MW_PACK_KV].kept < c->out[MW_PACK_KV].present) {
		for (size_t i = 0; i < c->n_kv; i++) {
			if (c->kv[i].present && c->kv[i].seen != c->gen) {
				mw_pack_gone(&c->out[MW_PACK_KV].pack, (int64_t)i);
				c->kv[i].present = false;
				c->out[MW_PACK_KV].present--;
			}
		}
	}
	if (c->out[MW_PACK_SLAB].kept < c->out[MW_PACK_SLAB].present) {
		for (size_t i = 0; i < c->n_slab; i++) {
			if (c->slab[i].present && c->slab[i].seen != c->gen) {
				mw_pack_gone(&c->out[MW_PACK_SLAB].pack, (int64_t)i);
				c->slab[i].present = false;
				c->out[MW_PACK_SLAB].present--;
			}
		}
	}
	if (c->out[MW_PACK_PROC].kept < c->out[MW_PACK_PROC].present) {
		for (size_t i = 0; i < c->proc_cap; i++) {
			struct proc_state *p = &c->procs[i];
			if (p->pid != INT64_MIN && p->present && p->seen != c->gen) {
				mw_pack_gone(&c->out[MW_PACK_PROC].pack, p->pid);
				p->present = false;
				c->out[MW_PACK_PROC].present--;
			}
		}
	}
	for (size_t k = 0; k < MW_PACK__N; k++) {
		struct pack_out *o = &c->out[k];
		sqlite3_stmt *s;
		if (!o->pack.entries)
			continue;
		if (!(s = mw_store_stmt(st, pack_sql[k])))
			return MW_ESTORE;
		sqlite3_bind_int64(s, 1, st->snapshot_id);
		sqlite3_bind_int(s, 2, (int)o->parts);
		sqlite3_bind_blob(s, 3, o->pack.buf, (int)o->pack.len, SQLITE_STATIC);
		r = mw_store_step_done(st, s);
		sqlite3_clear_bindings(s);
		if (r < 0)
			return r;
		o->parts++;
		mw_pack_begin(&o->pack);
	}
	return 0;
}

/* Forgets the chain's keys (a new chain starts, or after a rollback). */
static void chain_clear(struct chain *c)
{
	for (size_t i = 0; i < c->n_kv; i++)
		c->kv[i].present = false;
	for (size_t i = 0; i < c->n_slab; i++)
		c->slab[i].present = false;
	for (size_t i = 0; i < c->proc_cap; i++) {
		free(c->procs[i].user);
		c->procs[i].user = NULL;
		c->procs[i].pid = INT64_MIN;
	}
	c->proc_used = 0;
	for (size_t k = 0; k < MW_PACK__N; k++) {
		mw_pack_begin(&c->out[k].pack);
		c->out[k].present = c->out[k].kept = 0;
		c->out[k].parts = 0;
	}
}

static struct kv_state *kv_state(struct chain *c, int64_t id)
{
	if ((size_t)id >= c->n_kv) {
		size_t old = c->n_kv, cap = old ? old : 256;
		while (cap <= (size_t)id)
			cap *= 2;
		c->kv = mw_xrealloc(c->kv, cap * sizeof(*c->kv));
		memset(c->kv + old, 0, (cap - old) * sizeof(*c->kv));
		c->n_kv = cap;
	}
	return &c->kv[id];
}

static struct slab_state *slab_state(struct chain *c, int64_t id)
{
	if ((size_t)id >= c->n_slab) {
		size_t old = c->n_slab, cap = old ? old : 256;
		while (cap <= (size_t)id)
			cap *= 2;
		c->slab = mw_xrealloc(c->slab, cap * sizeof(*c->slab));
		memset(c->slab + old, 0, (cap - old) * sizeof(*c->slab));
		c->n_slab = cap;
	}
	return &c->slab[id];
}

static size_t pid_slot(const struct chain *c, int64_t pid)
{
	uint64_t h = (uint64_t)pid * UINT64_C(0x9E3779B97F4A7C15);
	size_t i = (size_t)(h >> 32) & (c->proc_cap - 1);
	while (c->procs[i].pid != INT64_MIN && c->procs[i].pid != pid)
		i = (i + 1) & (c->proc_cap - 1);
	return i;
}

static struct proc_state *proc_state(struct chain *c, int64_t pid)
{
	size_t i;
	if ((c->proc_used + 1) * 2 > c->proc_cap) {
		struct proc_state *old = c->procs;
		size_t oldcap = c->proc_cap;
		c->proc_cap = oldcap ? oldcap * 2 : 1024;
		c->procs = mw_xmalloc(c->proc_cap * sizeof(*c->procs));
		for (size_t k = 0; k < c->proc_cap; k++) {
			memset(&c->procs[k], 0, sizeof(c->procs[k]));
			c->procs[k].pid = INT64_MIN;
		}
		for (size_t k = 0; k < oldcap; k++)
			if (old[k].pid != INT64_MIN)
				c->procs[pid_slot(c, old[k].pid)] = old[k];
		free(old);
	}
	i = pid_slot(c, pid);
	if (c->procs[i].pid == INT64_MIN) {
		memset(&c->procs[i], 0, sizeof(c->procs[i]));
		c->procs[i].pid = pid;
		c->proc_used++;
	}
	return &c->procs[i];
}

/* A new snapshot joins the chain, or starts a new one (the one before it is closed: its packs are written). */
static void chain_join(struct mw_store *st, int64_t host_id)
{
	struct mw_snapshot_acc *a = st->snap;
	struct chain *c = &a->chain;
	c->gen = ++a->gen;
	if (!c->open || c->host_id != host_id || c->since_base + 1 >= KEYFRAME_EVERY) {
		chain_clear(c);
		c->open = true;
		c->host_id = host_id;
		c->base_id = st->snapshot_id;
		c->since_base = 0;
		c->proc_ordinal = 0;
	} else {
		c->since_base++;
	}
	for (size_t k = 0; k < MW_PACK__N; k++)
		c->out[k].kept = c->out[k].parts = 0;
}

/* ---- sections and the summary ---- */

/* The statement that writes a section row of the open snapshot (NULL on error). */
static sqlite3_stmt *write_section(struct mw_store *st, const char *kind, uint64_t first, uint64_t last)
{
	sqlite3_stmt *s = mw_store_stmt(st, "INSERT INTO snapshot_section(snapshot_id, kind, input_id, first_line, "
					    "last_line) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, st->snapshot_id);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, st->input_id);
	mw_bind_i64(s, 4, first ? (int64_t)first : MW_UNKNOWN);
	mw_bind_i64(s, 5, last ? (int64_t)last : MW_UNKNOWN);
	return s;
}

static int flush_section(struct mw_store *st)
{
	struct mw_snapshot_acc *a = st->snap;
	sqlite3_stmt *s;
	if (!a || !a->section || !st->snapshot_id || st->snapshot_skipped)
		return 0;
	/* series that need the whole section: per-name process RSS and the totals */
	if (strcmp(a->section, "ps") == 0) {
		/* proc() resolved each name's series when it first saw the name in this snapshot */
		for (size_t i = 0; i < a->n_touched; i++)
			point(st, a->proc_series[a->touched[i]] - 1, a->name_rss[a->touched[i]]);
		point(st, series_index(st, "ps", MW_STR("rss_total"), "kb"), a->proc_rss_kb);
		point(st, series_index(st, "ps", MW_STR("count"), "count"), a->proc_count);
	} else if (strcmp(a->section, "slabinfo") == 0) {
		point(st, series_index(st, "slab_total", MW_STR("pages"), "pages"), a->slab_total_pages);
		point(st, series_index(st, "slab_total", MW_STR("active_bytes"), "bytes"), a->slab_active_bytes);
	}
	if (!a->row_written) {
		struct pending_section *p;
		MW_GROW(a->sections, a->alloc_sections, a->n_sections + 1);
		p = &a->sections[a->n_sections++];
		p->kind = a->section;
		p->first = a->section_first;
		p->last = a->section_last;
		a->section = NULL;
		return 0;
	}
	s = write_section(st, a->section, a->section_first, a->section_last);
	a->section = NULL;
	return s ? mw_store_step_done(st, s) : MW_ESTORE;
}

static int note_section(struct mw_store *st, const char *kind, uint64_t line)
{
	struct mw_snapshot_acc *a = acc(st);
	int r;
	if (a->section && (a->section == kind || strcmp(a->section, kind) == 0)) {
		if (line > a->section_last)
			a->section_last = line;
		return 0;
	}
	if ((r = flush_section(st)) < 0)
		return r;
	a->section = kind;
	a->meminfo_pos.i = a->vmstat_pos.i = a->slab_pos.i = a->proc_pos.i = 0;
	a->section_first = a->section_last = line;
	return 0;
}

static const char summary_columns[] =
	"slab_caches, slab_total_pages, slab_active_bytes, slab_objs_bytes, dentry_pages, inode_pages, "
	"buffer_head_pages, buddy_free_pages, proc_count, proc_rss_kb";
#define N_SUMMARY 10

/* Binds the meminfo columns and the other summary columns from *col on. */
static void bind_summary(const struct mw_snapshot_acc *a, sqlite3_stmt *s, int *col)
{
	for (size_t i = 0; i < N_MEMCOLS; i++)
		mw_bind_i64(s, (*col)++, a->memcol[i]);
	mw_bind_i64(s, (*col)++, a->have_slab ? a->slab_caches : MW_UNKNOWN);
	mw_bind_i64(s, (*col)++, a->have_slab ? a->slab_total_pages : MW_UNKNOWN);
	mw_bind_i64(s, (*col)++, a->have_slab ? a->slab_active_bytes : MW_UNKNOWN);
	mw_bind_i64(s, (*col)++, a->have_slab ? a->slab_objs_bytes : MW_UNKNOWN);
	mw_bind_i64(s, (*col)++, a->have_slab ? a->dentry_pages : MW_UNKNOWN);
	mw_bind_i64(s, (*col)++, a->have_slab ? a->inode_pages : MW_UNKNOWN);
	mw_bind_i64(s, (*col)++, a->have_slab ? a->bh_pages : MW_UNKNOWN);
	mw_bind_i64(s, (*col)++, a->have_buddy ? a->buddy_free_pages : MW_UNKNOWN);
	mw_bind_i64(s, (*col)++, a->have_proc ? a->proc_count : MW_UNKNOWN);
	mw_bind_i64(s, (*col)++, a->have_proc ? a->proc_rss_kb : MW_UNKNOWN);
}

static int write_fact(struct mw_store *st, struct mw_str key, int64_t value, struct mw_str text, uint64_t line)
{
	sqlite3_stmt *s = mw_store_stmt(st, "INSERT INTO snapshot_fact(snapshot_id, key, value, text, line) "
					    "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->snapshot_id);
	mw_bind_str(s, 2, key);
	mw_bind_i64(s, 3, value);
	mw_bind_str(s, 4, text);
	mw_bind_i64(s, 5, line ? (int64_t)line : MW_UNKNOWN);
	return mw_store_step_done(st, s);
}

/*
 * INSERT statements of 1 to MULTI_ROWS rows, built on first use: mw_store_stmt()
 * keeps statements by the address of their text, so each count has its own.
 */
#define MULTI_ROWS 8
static const char section_insert[] = "INSERT INTO snapshot_section(snapshot_id, kind, input_id, first_line, last_line) VALUES ";
static const char fact_insert[] = "INSERT INTO snapshot_fact(snapshot_id, key, value, text, line) VALUES ";
static char section_sql[MULTI_ROWS][512], fact_sql[MULTI_ROWS][512];

static const char *multi_sql(char (*sql)[512], size_t n, const char *head, int cols)
{
	char *q = sql[n - 1];
	if (!q[0]) {
		size_t o = (size_t)snprintf(q, 512, "%s", head);
		for (size_t r = 0; r < n; r++)
			for (int c = 0; c < cols; c++)
				o += (size_t)snprintf(q + o, 512 - o, "%s?%zu%s", c ? ", " : r ? ", (" : "(",
						      r * (size_t)cols + (size_t)c + 1, c + 1 == cols ? ")" : "");
	}
	return q;
}

/*
 * Writes the open snapshot's row, its summary as it stands and the
 * sections and facts that waited for it. Its id was taken at open: the
 * input's transaction is the only writer.
 */
static int write_row(struct mw_store *st)
{
	struct mw_snapshot_acc *a = st->snap;
	static char sql[2048];
	static bool built;
	sqlite3_stmt *s;
	int col = 1, r;

	if (!built) {
		size_t o = 0, n = 12 + N_MEMCOLS + N_SUMMARY;
		o += (size_t)snprintf(sql + o, sizeof(sql) - o, "INSERT INTO snapshot(id, input_id, host_id, boot_id, seq, "
				      "taken, taken_frac, taken_text, origin, line, page_size, base_id");
		for (size_t i = 0; i < N_MEMCOLS; i++)
			o += (size_t)snprintf(sql + o, sizeof(sql) - o, ", %s", meminfo_columns[i].column);
		o += (size_t)snprintf(sql + o, sizeof(sql) - o, ", %s) VALUES (", summary_columns);
		for (size_t i = 1; i <= n; i++)
			o += (size_t)snprintf(sql + o, sizeof(sql) - o, i < n ? "?%zu, " : "?%zu)", i);
		built = true;
	}
	if (!(s = mw_store_stmt(st, sql)))
		return MW_ESTORE;
	sqlite3_bind_int64(s, col++, st->snapshot_id);
	sqlite3_bind_int64(s, col++, a->row.input_id);
	sqlite3_bind_int64(s, col++, a->row.host_id);
	mw_bind_i64(s, col++, a->row.boot_id);
	sqlite3_bind_int64(s, col++, a->row.seq);
	mw_bind_i64(s, col++, a->taken);
	mw_bind_double(s, col++, a->taken == MW_UNKNOWN ? NAN : a->row.frac);	/* no time, no fraction */
	if (a->row.have_text)
		sqlite3_bind_text(s, col++, a->row.text.buf, (int)a->row.text.len, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, col++);
	sqlite3_bind_text(s, col++, a->row.origin.buf, (int)a->row.origin.len, SQLITE_STATIC);
	mw_bind_i64(s, col++, a->row.line);
	mw_bind_i64(s, col++, a->page_size);
	sqlite3_bind_int64(s, col++, a->chain.base_id);
	bind_summary(a, s, &col);
	if ((r = mw_store_step_done(st, s)) < 0)
		return r;
	a->row_written = true;
	a->dirty = false;
	/* what waited for the row, several rows per INSERT (a loop's snapshot has 3 sections and 3 facts) */
	for (size_t i = 0; i < a->n_sections; i += MULTI_ROWS) {
		size_t n = MW_MIN(a->n_sections - i, (size_t)MULTI_ROWS);
		if (!(s = mw_store_stmt(st, multi_sql(section_sql, n, section_insert, 5))))
			return MW_ESTORE;
		for (size_t k = 0; k < n; k++) {
			const struct pending_section *p = &a->sections[i + k];
			int c = (int)k * 5 + 1;
			sqlite3_bind_int64(s, c, st->snapshot_id);
			sqlite3_bind_text(s, c + 1, p->kind, -1, SQLITE_STATIC);
			sqlite3_bind_int64(s, c + 2, st->input_id);
			mw_bind_i64(s, c + 3, p->first ? (int64_t)p->first : MW_UNKNOWN);
			mw_bind_i64(s, c + 4, p->last ? (int64_t)p->last : MW_UNKNOWN);
		}
		if ((r = mw_store_step_done(st, s)) < 0)
			return r;
	}
	a->n_sections = 0;
	r = 0;
	for (size_t i = 0; r == 0 && i < a->n_facts; i += MULTI_ROWS) {
		size_t n = MW_MIN(a->n_facts - i, (size_t)MULTI_ROWS);
		if (!(s = mw_store_stmt(st, multi_sql(fact_sql, n, fact_insert, 5)))) {
			r = MW_ESTORE;
			break;
		}
		for (size_t k = 0; k < n; k++) {
			const struct pending_fact *f = &a->facts[i + k];
			int c = (int)k * 5 + 1;
			sqlite3_bind_int64(s, c, st->snapshot_id);
			sqlite3_bind_text(s, c + 1, f->key, -1, SQLITE_STATIC);
			mw_bind_i64(s, c + 2, f->value);
			mw_bind_cstr(s, c + 3, f->text);
			mw_bind_i64(s, c + 4, f->line ? (int64_t)f->line : MW_UNKNOWN);
		}
		r = mw_store_step_done(st, s);
		sqlite3_clear_bindings(s);	/* the texts are freed below */
	}
	for (size_t i = 0; i < a->n_facts; i++) {
		free(a->facts[i].key);
		free(a->facts[i].text);
	}
	a->n_facts = 0;
	return r;
}

/* The open snapshot's row, for a row that refers to it (zone, buddy, pagetype). */
static int need_row(struct mw_store *st)
{
	struct mw_snapshot_acc *a = acc(st);
	if (!st->snapshot_id || st->snapshot_skipped || a->row_written)
		return 0;
	return write_row(st);
}

/* Writes the summary columns of the open snapshot (called at close and at the end of each input). */
static int write_summary(struct mw_store *st)
{
	struct mw_snapshot_acc *a = st->snap;
	static char sql[2048];
	static bool built;
	sqlite3_stmt *s;
	int col = 1;

	if (!a || !st->snapshot_id || st->snapshot_skipped)
		return 0;
	if (!a->row_written)
		return write_row(st);
	if (!a->dirty)
		return 0;
	if (!built) {
		size_t o = 0;
		o += (size_t)snprintf(sql + o, sizeof(sql) - o, "UPDATE snapshot SET ");
		for (size_t i = 0; i < N_MEMCOLS; i++)
			o += (size_t)snprintf(sql + o, sizeof(sql) - o, "%s = coalesce(?%zu, %s), ",
					      meminfo_columns[i].column, i + 1, meminfo_columns[i].column);
		snprintf(sql + o, sizeof(sql) - o,
			 "slab_caches = ?%zu, slab_total_pages = ?%zu, slab_active_bytes = ?%zu, slab_objs_bytes = ?%zu, "
			 "dentry_pages = ?%zu, inode_pages = ?%zu, buffer_head_pages = ?%zu, buddy_free_pages = ?%zu, "
			 "proc_count = ?%zu, proc_rss_kb = ?%zu, base_id = ?%zu, taken = ?%zu, taken_frac = "
			 "CASE WHEN ?%zu IS NULL THEN NULL ELSE taken_frac END, page_size = coalesce(?%zu, page_size) "
			 "WHERE id = ?%zu",
			 N_MEMCOLS + 1, N_MEMCOLS + 2, N_MEMCOLS + 3, N_MEMCOLS + 4, N_MEMCOLS + 5, N_MEMCOLS + 6,
			 N_MEMCOLS + 7, N_MEMCOLS + 8, N_MEMCOLS + 9, N_MEMCOLS + 10, N_MEMCOLS + 11, N_MEMCOLS + 12,
			 N_MEMCOLS + 12, N_MEMCOLS + 13, N_MEMCOLS + 14);
		built = true;
	}
	if (!(s = mw_store_stmt(st, sql)))
		return MW_ESTORE;
	bind_summary(a, s, &col);
	sqlite3_bind_int64(s, col++, a->chain.base_id);
	mw_bind_i64(s, col++, a->taken);
	mw_bind_i64(s, col++, a->page_size);
	sqlite3_bind_int64(s, col++, st->snapshot_id);
	a->dirty = false;
	return mw_store_step_done(st, s);
}

int mw_store_close_snapshot(struct mw_store *st)
{
	struct mw_snapshot_acc *a = st->snap;
	int r;
	if (!st->snapshot_id)
		return 0;
	if (a && !st->snapshot_skipped) {
		if ((r = flush_section(st)) < 0)
			return r;
		if (a->chain.open && (r = write_packs(st)) < 0)
			return r;
		if ((r = write_summary(st)) < 0)
			return r;
		apply_points(a);
	}
	st->snapshot_id = 0;
	st->snapshot_skipped = false;
	st->zone_id = 0;
	if (a)
		reset_open(a);
	return 0;
}

/*
 * The host of a new snapshot: --host, else the one the data names (it
 * becomes the input's host, for the boots and events that follow), else
 * the session's.
 */
static int64_t snapshot_host(struct mw_store *st, struct mw_str host)
{
	if (host.len && !st->host)
		return st->host_id = mw_store_host_id(st, host.ptr, host.len);
	if (!st->host_id)
		st->host_id = mw_store_host_id(st, st->host ? st->host : "unknown", strlen(st->host ? st->host : "unknown"));
	return st->host_id;
}

static int open_snapshot(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_snapshot *sn = rec ? &rec->u.snapshot : NULL;
	struct mw_snapshot_acc *a = acc(st);
	int64_t host_id, taken = sn ? sn->taken : MW_UNKNOWN;
	double frac = sn ? sn->taken_frac : 0;
	sqlite3_stmt *s;
	int r;

	if ((r = mw_store_close_snapshot(st)) < 0)
		return r;
	reset_open(a);
	host_id = snapshot_host(st, sn ? sn->host : MW_STR_NULL);
	if (!host_id)
		return MW_ESTORE;
	if (taken != MW_UNKNOWN && a->late_host != host_id) {
		/* the latest time of the host's snapshots, once per input: a capture's moments only move forward */
		s = mw_store_stmt(st, "SELECT max(taken) FROM snapshot WHERE host_id = ?1");
		if (!s)
			return MW_ESTORE;
		sqlite3_bind_int64(s, 1, host_id);
		if (sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_reset(s);
			return mw_store_fail(st, "reading the last snapshot time");
		}
		a->late_host = host_id;
		a->late_taken = sqlite3_column_type(s, 0) == SQLITE_NULL ? INT64_MIN : sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
	}
	if (taken != MW_UNKNOWN && taken <= a->late_taken) {
		s = mw_store_stmt(st, "SELECT id FROM snapshot WHERE host_id = ?1 AND taken = ?2 AND taken_frac = ?3");
		if (!s)
			return MW_ESTORE;
		sqlite3_bind_int64(s, 1, host_id);
		sqlite3_bind_int64(s, 2, taken);
		sqlite3_bind_double(s, 3, frac);
		if (sqlite3_step(s) == SQLITE_ROW) {
			/* the same moment of the same host is already stored (overlapping captures) */
			st->snapshot_id = sqlite3_column_int64(s, 0);
			st->snapshot_skipped = true;
			st->counts.snapshots_skipped++;
			sqlite3_reset(s);
			return 0;
		}
		sqlite3_reset(s);
	}
	if (taken != MW_UNKNOWN && taken > a->late_taken)
		a->late_taken = taken;
	/* the row is written when the snapshot closes (write_row()); its id is the next one */
	if (!a->next_id) {
		s = mw_store_stmt(st, "SELECT coalesce(max(id), 0) + 1 FROM snapshot");
		if (!s)
			return MW_ESTORE;
		if (sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_reset(s);
			return mw_store_fail(st, "reading the last snapshot id");
		}
		a->next_id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
	}
	st->snapshot_id = a->next_id++;
	a->row.input_id = st->input_id;
	a->row.host_id = host_id;
	a->row.boot_id = st->boot_id ? st->boot_id : MW_UNKNOWN;
	a->row.seq = (int64_t)++st->input_seq;
	a->row.frac = frac;
	a->row.line = rec && rec->line ? (int64_t)rec->line : MW_UNKNOWN;
	a->row.have_text = sn && sn->taken_text.ptr;
	mw_buf_reset(&a->row.text);
	if (a->row.have_text)
		mw_buf_add(&a->row.text, sn->taken_text.ptr, sn->taken_text.len);
	mw_buf_reset(&a->row.origin);
	if (sn && sn->origin.len)
		mw_buf_add(&a->row.origin, sn->origin.ptr, sn->origin.len);
	else
		mw_buf_addstr(&a->row.origin, "file");
	st->snapshot_skipped = false;
	st->counts.snapshots++;
	a->taken = taken;
	a->t = taken == MW_UNKNOWN ? NAN : (double)taken + frac;
	a->dirty = true;
	chain_join(st, host_id);
	return 0;
}

int mw_store_need_snapshot(struct mw_store *st, const struct mw_record *rec)
{
	(void)rec;
	if (st->snapshot_id)
		return 0;
	return open_snapshot(st, NULL);
}

static int meminfo_column(struct mw_str key)
{
	size_t lo = 0, hi = N_MEMCOLS;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = -mw_str_cmp(key, meminfo_columns[mid].key);
		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int kv(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_kv *k = &rec->u.kv;
	struct mw_snapshot_acc *a = acc(st);
	bool meminfo = mw_str_eq(k->source, "meminfo"), vmstat = !meminfo && mw_str_eq(k->source, "vmstat");
	struct pos_cache *pc = meminfo ? &a->meminfo_pos : vmstat ? &a->vmstat_pos : NULL;
	int64_t key_id = 0, off;
	struct kv_state *ks;
	int r;

	if ((r = note_section(st, meminfo ? "meminfo" : vmstat ? "vmstat" : "kv", rec->line)) < 0)
		return r;
	if (pc)
		key_id = pos_get(pc, k->key);
	if (!key_id) {
		if (!(key_id = mw_store_kv_key(st, k->source, k->key, k->unit)))
			return MW_ESTORE;
		if (pc)
			pos_put(pc, k->key, key_id);
	}
	if (pc)
		pc->i++;
	off = rec->line && a->section_first && rec->line >= a->section_first ? (int64_t)(rec->line - a->section_first)
									      : MW_UNKNOWN;
	ks = kv_state(&a->chain, key_id);
	{
		int64_t v[KV_VALUES] = { k->value, off };
		if (!track(&a->chain, MW_PACK_KV, key_id, &ks->seen, &ks->present, ks->v, v, KV_VALUES))
			return 0;	/* the same key twice in one snapshot: the first one counts */
	}
	if (meminfo) {
		if (!ks->memcol) {
			int c = meminfo_column(k->key);
			ks->memcol = (int8_t)(c >= 0 ? c + 1 : -1);
		}
		if (ks->memcol > 0) {
			a->memcol[ks->memcol - 1] = k->value;
			a->dirty = true;
		}
	}
	point(st, series_by_id(st, &a->kv_series, &a->n_kv_series, key_id, k->source, k->key, mw_unit_name(k->unit)),
	      k->value);
	return 0;
}

static void counts_text(char *buf, size_t bufsz, const uint64_t *counts, unsigned n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < n && i < MW_MAX_ORDERS && o + 24 < bufsz; i++)
		o += (size_t)snprintf(buf + o, bufsz - o, i ? " %llu" : "%llu", (unsigned long long)counts[i]);
}

static int zone(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_zone *z = &rec->u.zone;
	sqlite3_stmt *s;
	char prot[256];
	size_t o = 0;
	int r;

	if ((r = note_section(st, "zoneinfo", rec->line)) < 0)
		return r;
	prot[0] = '\0';
	for (unsigned i = 0; i < z->n_protection && i < MW_MAX_ZONES; i++)
		o += (size_t)snprintf(prot + o, sizeof(prot) - o, i ? " %lld" : "%lld", (long long)z->protection[i]);
	if ((r = need_row(st)) < 0)
		return r;
	s = mw_store_stmt(st, "INSERT INTO zone(snapshot_id, node, zone, free, min, low, high, promo, boost, spanned, "
			      "present, managed, cma, protection, start_pfn, populated, line) VALUES (?1, ?2, ?3, ?4, "
			      "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->snapshot_id);
	mw_bind_i64(s, 2, z->node);
	mw_bind_str(s, 3, z->zone.ptr ? z->zone : MW_STR(""));
	mw_bind_i64(s, 4, z->free);
	mw_bind_i64(s, 5, z->min);
	mw_bind_i64(s, 6, z->low);
	mw_bind_i64(s, 7, z->high);
	mw_bind_i64(s, 8, z->promo);
	mw_bind_i64(s, 9, z->boost);
	mw_bind_i64(s, 10, z->spanned);
	mw_bind_i64(s, 11, z->present);
	mw_bind_i64(s, 12, z->managed);
	mw_bind_i64(s, 13, z->cma);
	mw_bind_cstr(s, 14, z->n_protection ? prot : NULL);
	mw_bind_i64(s, 15, z->start_pfn);
	sqlite3_bind_int(s, 16, z->populated);
	mw_bind_i64(s, 17, rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	if ((r = mw_store_step_done(st, s)) < 0)
		return r;
	st->zone_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int zone_kv(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_zone_kv *k = &rec->u.zone_kv;
	int64_t key_id;
	sqlite3_stmt *s;
	if (!st->zone_id)
		return 0;
	key_id = mw_store_kv_key(st, MW_STR("zoneinfo"), k->key, MW_UNIT_PAGES);
	if (!key_id)
		return MW_ESTORE;
	s = mw_store_stmt(st, "INSERT OR REPLACE INTO zone_kv(zone_id, key_id, value, per_node) VALUES (?1, ?2, ?3, ?4)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->zone_id);
	sqlite3_bind_int64(s, 2, key_id);
	sqlite3_bind_int64(s, 3, k->value);
	sqlite3_bind_int(s, 4, k->per_node);
	return mw_store_step_done(st, s);
}

static int buddy(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_buddy *b = &rec->u.buddy;
	struct mw_snapshot_acc *a = acc(st);
	char counts[MW_MAX_ORDERS * 22];
	sqlite3_stmt *s;
	int r;

	if ((r = note_section(st, "buddyinfo", rec->line)) < 0)
		return r;
	counts_text(counts, sizeof(counts), b->counts, b->n_orders);
	if ((r = need_row(st)) < 0)
		return r;
	s = mw_store_stmt(st, "INSERT INTO buddy(snapshot_id, node, zone, counts, line) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->snapshot_id);
	mw_bind_i64(s, 2, b->node);
	mw_bind_str(s, 3, b->zone.ptr ? b->zone : MW_STR(""));
	sqlite3_bind_text(s, 4, counts, -1, SQLITE_TRANSIENT);
	mw_bind_i64(s, 5, rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	for (unsigned i = 0; i < b->n_orders && i < MW_MAX_ORDERS; i++)
		a->buddy_free_pages = sat_add(a->buddy_free_pages, b->counts[i] > (UINT64_C(1) << 47) ? INT64_MAX
												 : (int64_t)(b->counts[i] << i));
	a->have_buddy = true;
	a->dirty = true;
	return mw_store_step_done(st, s);
}

static int pagetype(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_pagetype *p = &rec->u.pagetype;
	char counts[MW_MAX_ORDERS * 22];
	sqlite3_stmt *s;
	int r;
	if ((r = note_section(st, "pagetypeinfo", rec->line)) < 0)
		return r;
	counts_text(counts, sizeof(counts), p->counts, p->n_orders);
	if ((r = need_row(st)) < 0)
		return r;
	s = mw_store_stmt(st, "INSERT INTO pagetype(snapshot_id, section, node, zone, type, counts, capped, "
			      "pageblock_order, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->snapshot_id);
	mw_bind_str(s, 2, p->section);
	mw_bind_i64(s, 3, p->node);
	mw_bind_str(s, 4, p->zone);
	mw_bind_str(s, 5, p->type);
	sqlite3_bind_text(s, 6, counts, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 7, p->capped);
	mw_bind_i64(s, 8, p->pageblock_order);
	mw_bind_i64(s, 9, rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	return mw_store_step_done(st, s);
}

static int64_t val0(int64_t v)
{
	return v == MW_UNKNOWN ? 0 : v;
}


/* Which summary column a cache counts in (the name is the same for its id, so it is asked once). */
static enum slab_class slab_class(struct mw_str name)
{
	switch (mw_slab_family(name)) {
	case MW_SLAB_DENTRY:
		return SLAB_CLASS_DENTRY;
	case MW_SLAB_INODE:
		return SLAB_CLASS_INODE;
	case MW_SLAB_BUFFER_HEAD:
		return SLAB_CLASS_BH;
	default:
		return SLAB_CLASS_OTHER;
	}
}

static int slab(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_slab *c = &rec->u.slab;
	struct mw_snapshot_acc *a = acc(st);
	int64_t name_id, pages;
	int64_t v[SLAB_VALUES] = { c->active_objs, c->num_objs, c->objsize, c->objperslab, c->pagesperslab,
				   c->limit, c->batchcount, c->sharedfactor, c->active_slabs, c->num_slabs,
				   c->sharedavail, MW_UNKNOWN };
	struct slab_state *ss;
	int r;

	if ((r = note_section(st, "slabinfo", rec->line)) < 0)
		return r;
	if (rec->line && a->section_first && rec->line >= a->section_first)
		v[SLAB_VALUES - 1] = (int64_t)(rec->line - a->section_first);
	if (!(name_id = pos_get(&a->slab_pos, c->name))) {
		if (!(name_id = mw_store_name_id(st, &st->slab_names, "slab_name", c->name)))
			return MW_ESTORE;
		pos_put(&a->slab_pos, c->name, name_id);
	}
	a->slab_pos.i++;
	ss = slab_state(&a->chain, name_id);
	if (!track(&a->chain, MW_PACK_SLAB, name_id, &ss->seen, &ss->present, ss->v, v, SLAB_VALUES))
		return 0;	/* a second line for the same cache name: the first one counts */
	pages = val0(c->num_slabs) * (c->pagesperslab == MW_UNKNOWN ? 1 : c->pagesperslab);
	a->slab_caches++;
	a->slab_total_pages = sat_add(a->slab_total_pages, pages);
	a->slab_active_bytes = sat_add(a->slab_active_bytes, sat_mul(val0(c->active_objs), val0(c->objsize)));
	a->slab_objs_bytes = sat_add(a->slab_objs_bytes, sat_mul(val0(c->num_objs), val0(c->objsize)));
	if (!ss->cls)
		ss->cls = slab_class(c->name);
	if (ss->cls == SLAB_CLASS_DENTRY)
		a->dentry_pages = sat_add(a->dentry_pages, pages);
	else if (ss->cls == SLAB_CLASS_INODE)
		a->inode_pages = sat_add(a->inode_pages, pages);
	else if (ss->cls == SLAB_CLASS_BH)
		a->bh_pages = sat_add(a->bh_pages, pages);
	a->have_slab = true;
	a->dirty = true;
	point(st, series_by_id(st, &a->slab_series, &a->n_slab_series, name_id, MW_STR("slab"), c->name, "pages"), pages);
	return 0;
}

static bool same_user(const char *a, struct mw_str b)
{
	if (!a)
		return !b.ptr;
	return b.ptr && strlen(a) == b.len && memcmp(a, b.ptr, b.len) == 0;
}

static int proc(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_proc *p = &rec->u.proc;
	struct mw_snapshot_acc *a = acc(st);
	int64_t name_id, pid;
	struct proc_state *ps;
	int r;

	if ((r = note_section(st, "ps", rec->line)) < 0)
		return r;
	if (!(name_id = pos_get(&a->proc_pos, p->name))) {
		if (!(name_id = mw_store_name_id(st, &st->proc_names, "proc_name", p->name)))
			return MW_ESTORE;
		pos_put(&a->proc_pos, p->name, name_id);
	}
	a->proc_pos.i++;
	pid = p->pid != MW_UNKNOWN && p->pid >= 0 ? p->pid : -++a->chain.proc_ordinal;
	ps = proc_state(&a->chain, pid);
	if (ps->seen == a->chain.gen)
		return 0;	/* the same pid twice (threads): the first line counts */
	{
		/* track() with the user as a text column */
		struct pack_out *o = &a->chain.out[MW_PACK_PROC];
		int64_t v[PROC_VALUES] = { p->rss_kb, p->vsz_kb, name_id };
		bool was = ps->present, user_same = was && same_user(ps->user, p->user);
		uint32_t mask = 0;
		ps->seen = a->chain.gen;
		for (int i = 0; i < PROC_VALUES; i++)
			if (was ? ps->v[i] != v[i] : v[i] != MW_UNKNOWN)
				mask |= UINT32_C(1) << i;
		if (!user_same) {
			free(ps->user);
			ps->user = p->user.ptr ? mw_xstrndup(p->user.ptr, p->user.len) : NULL;
			if (was || ps->user)
				mask |= UINT32_C(1) << PROC_USER_COL;
		}
		if (mask || !was)
			mw_pack_put(&o->pack, pid, mask, v, PROC_USER_COL, ps->user);
		if (!was) {
			ps->present = true;
			o->present++;
		}
		o->kept++;
		memcpy(ps->v, v, sizeof(v));
	}
	a->proc_count++;
	a->proc_rss_kb += val0(p->rss_kb);
	a->have_proc = true;
	a->dirty = true;
	if ((size_t)name_id >= a->n_name_rss) {
		size_t old = a->n_name_rss, cap = old ? old : 256;
		while (cap <= (size_t)name_id)
			cap *= 2;
		a->name_rss = mw_xrealloc(a->name_rss, cap * sizeof(*a->name_rss));
		for (size_t i = old; i < cap; i++)
			a->name_rss[i] = -1;
		a->n_name_rss = cap;
	}
	if (a->name_rss[name_id] < 0) {
		series_by_id(st, &a->proc_series, &a->n_proc_series, name_id, MW_STR("proc_rss"), p->name, "kb");
		a->name_rss[name_id] = 0;
		MW_GROW(a->touched, a->alloc_touched, a->n_touched + 1);
		a->touched[a->n_touched++] = name_id;
	}
	a->name_rss[name_id] += val0(p->rss_kb);
	return 0;
}

static int snapshot_fact(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_snapshot_fact *f = &rec->u.snapshot_fact;
	struct mw_snapshot_acc *a = acc(st);
	struct pending_fact *p;
	if (mw_str_eq(f->key, "page_size") && f->value > 0) {
		a->page_size = f->value;	/* a summary column */
		a->dirty = true;
	}
	if (mw_str_eq(f->key, "ps_present"))
		a->have_proc = true, a->dirty = true;
	if (mw_str_eq(f->key, "undated")) {
		/* the time came from the file, and the file says it is a capture over time: no time */
		a->taken = MW_UNKNOWN;
		a->t = NAN;
		a->n_points = 0;
		a->dirty = true;
	}
	if (a->row_written)
		return write_fact(st, f->key, f->value, f->text, rec->line);
	/* the fact refers to the snapshot's row: it waits for it */
	MW_GROW(a->facts, a->alloc_facts, a->n_facts + 1);
	p = &a->facts[a->n_facts++];
	p->key = mw_xstrndup(f->key.ptr ? f->key.ptr : "", f->key.len);
	p->text = f->text.ptr ? mw_xstrndup(f->text.ptr, f->text.len) : NULL;
	p->value = f->value;
	p->line = rec->line;
	return 0;
}

static int snapshot_emit(struct mw_store *st, const struct mw_record *rec)
{
	int r;
	switch (rec->kind) {
	case MW_REC_SNAPSHOT:
		r = open_snapshot(st, rec);
		return r < 0 ? r : 1;
	case MW_REC_SNAPSHOT_FACT:
	case MW_REC_KV:
	case MW_REC_ZONE:
	case MW_REC_ZONE_KV:
	case MW_REC_BUDDY:
	case MW_REC_PAGETYPE:
	case MW_REC_SLAB:
	case MW_REC_PROC:
		break;
	default:
		return 0;
	}
	if ((r = mw_store_need_snapshot(st, rec)) < 0)
		return r;
	if (st->snapshot_skipped)
		return 1;
	switch (rec->kind) {
	case MW_REC_SNAPSHOT_FACT: r = snapshot_fact(st, rec); break;
	case MW_REC_KV: r = kv(st, rec); break;
	case MW_REC_ZONE: r = zone(st, rec); break;
	case MW_REC_ZONE_KV: r = zone_kv(st, rec); break;
	case MW_REC_BUDDY: r = buddy(st, rec); break;
	case MW_REC_PAGETYPE: r = pagetype(st, rec); break;
	case MW_REC_SLAB: r = slab(st, rec); break;
	case MW_REC_PROC: r = proc(st, rec); break;
	default: r = 0; break;
	}
	return r < 0 ? r : 1;
}

static int snapshot_end_input(struct mw_store *st)
{
	struct mw_snapshot_acc *a = st->snap;
	int r;
	/*
	 * An implicit snapshot stays open across inputs (meminfo and slabinfo
	 * given as two files are one moment), so only its section, its
	 * packs so far and its summary are written here; its points
	 * join the series now (it may never close in a transaction). The
	 * series are flushed at every input end.
	 */
	if ((r = flush_section(st)) < 0)
		return r;
	if (a && a->chain.open) {
		/*
		 * Chains never span transactions (another writer's snapshot
		 * ids could fall inside them): the next snapshot starts a new
		 * chain. The open snapshot may go on in the next input: what
		 * it adds there is a second part of its packs, written when it
		 * closes.
		 */
		if (st->snapshot_id && !st->snapshot_skipped) {
			if ((r = write_packs(st)) < 0)
				return r;
			a->chain.since_base = KEYFRAME_EVERY;
		} else {
			a->chain.open = false;
			chain_clear(&a->chain);
		}
	}
	if ((r = write_summary(st)) < 0)
		return r;
	if (a) {
		apply_points(a);
		a->dirty = st->snapshot_id != 0;
		a->next_id = 0;	/* another writer may add snapshots before the next input */
		a->late_host = 0;
	}
	return series_flush(st);
}

/*
 * The input was rolled back: what the accumulators hold is not in the
 * database, and ids it made may be given to other names next time, so
 * everything cached by id or holding an id goes too.
 */
void mw_store_snapshot_rollback(struct mw_store *st)
{
	struct mw_snapshot_acc *a = st->snap;
	if (!a)
		return;
	memset(a->meminfo_pos.e, 0, sizeof(a->meminfo_pos.e));
	memset(a->vmstat_pos.e, 0, sizeof(a->vmstat_pos.e));
	memset(a->slab_pos.e, 0, sizeof(a->slab_pos.e));
	memset(a->proc_pos.e, 0, sizeof(a->proc_pos.e));
	for (size_t i = 0; i < a->chain.n_kv; i++)
		a->chain.kv[i].memcol = 0;
	for (size_t i = 0; i < a->chain.n_slab; i++)
		a->chain.slab[i].cls = SLAB_CLASS_UNKNOWN;
	a->chain.open = false;
	chain_clear(&a->chain);
	series_release(a);
	reset_open(a);
	a->next_id = 0;
	a->late_host = 0;
}

static void snapshot_release(struct mw_store *st)
{
	struct mw_snapshot_acc *a = st->snap;
	if (!a)
		return;
	series_release(a);
	chain_clear(&a->chain);
	reset_open(a);
	for (size_t k = 0; k < MW_PACK__N; k++)
		mw_pack_release(&a->chain.out[k].pack);
	free(a->chain.kv);
	free(a->chain.slab);
	free(a->chain.procs);
	free(a->series);
	free(a->points);
	free(a->kv_series);
	free(a->slab_series);
	free(a->proc_series);
	free(a->name_rss);
	free(a->touched);
	free(a->facts);
	free(a->sections);
	mw_buf_release(&a->row.text);
	mw_buf_release(&a->row.origin);
	free(a);
	st->snap = NULL;
}

const struct mw_store_domain mw_store_domain_snapshot = {
	.name = "snapshot",
	.schema_v1 = schema_v1,
	.emit = snapshot_emit,
	.end_input = snapshot_end_input,
	.release = snapshot_release,
};
