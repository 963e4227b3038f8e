/* SPDX-License-Identifier: MIT */
/*
 * store-snapshot.c: snapshots of /proc (meminfo, vmstat, zoneinfo,
 * buddyinfo, pagetypeinfo, slabinfo, ps) and the running statistics that
 * make trend reports fast.
 *
 * Two things keep a week of 10-second captures (60480 snapshots) cheap to
 * report: each snapshot row carries summary columns (MemTotal, MemFree,
 * slab totals, process RSS, ...) filled when the snapshot closes, so the
 * timeline reads one narrow table; and every series (a meminfo field, a
 * vmstat counter, a slab cache, a process name's RSS) has a row in
 * `series` with its count, first/last/min/max and the Welford sums of
 * time and value, merged import by import with Chan's parallel formulas,
 * so slopes and their fit come without rescanning anything.
 *
 * De-duplication: a snapshot whose (host, time) is already stored is
 * skipped with everything in it (overlapping captures do not count
 * twice); whole inputs are de-duplicated by content hash in store.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "store-internal.h"
#include "memwaste/banned.h"

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
	"CREATE TABLE kv(snapshot_id INTEGER NOT NULL, key_id INTEGER NOT NULL, value INTEGER NOT NULL,\n"
	"  PRIMARY KEY(snapshot_id, key_id)) WITHOUT ROWID;\n"
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
	"CREATE TABLE slab(\n"
	"  snapshot_id INTEGER NOT NULL, name_id INTEGER NOT NULL,\n"
	"  active_objs INTEGER, num_objs INTEGER, objsize INTEGER, objperslab INTEGER, pagesperslab INTEGER,\n"
	"  limit_ INTEGER, batchcount INTEGER, sharedfactor INTEGER,\n"
	"  active_slabs INTEGER, num_slabs INTEGER, sharedavail INTEGER,\n"
	"  PRIMARY KEY(snapshot_id, name_id)) WITHOUT ROWID;\n"
	"CREATE TABLE proc_name(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE proc(\n"
	"  snapshot_id INTEGER NOT NULL, pid INTEGER, user TEXT, rss_kb INTEGER, vsz_kb INTEGER,\n"
	"  name_id INTEGER\n"
	");\n"
	"CREATE INDEX proc_snap ON proc(snapshot_id);\n"
	"CREATE TABLE series(\n"
	"  host_id INTEGER NOT NULL, source TEXT NOT NULL, key TEXT NOT NULL, unit TEXT,\n"
	"  n INTEGER NOT NULL, mean_t REAL, mean_v REAL, m2_t REAL, m2_v REAL, c_tv REAL,\n"
	"  t_first REAL, v_first INTEGER, t_last REAL, v_last INTEGER,\n"
	"  t_min REAL, v_min INTEGER, t_max REAL, v_max INTEGER, n_up INTEGER, n_down INTEGER,\n"
	"  PRIMARY KEY(host_id, source, key)) WITHOUT ROWID;\n";

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

struct mw_snapshot_acc {
	/* open snapshot */
	int64_t taken;			/* MW_UNKNOWN if none */
	double t;			/* taken + frac, NAN if unknown */
	int64_t memcol[N_MEMCOLS];
	int64_t slab_caches, slab_total_pages, slab_active_bytes, slab_objs_bytes;
	int64_t dentry_pages, inode_pages, bh_pages, buddy_free_pages;
	int64_t proc_count, proc_rss_kb;
	bool have_slab, have_buddy, have_proc, dirty;
	struct mw_strmap proc_rss;	/* process name -> summed RSS in this snapshot */
	/* section provenance */
	const char *section;
	uint64_t section_first, section_last;
	/* series */
	int64_t host_key_id;		/* host id whose decimal form is in host_key */
	char host_key[24];
	size_t host_key_len;
	struct mw_strmap series_index;	/* "host\0source\0key" -> index */
	struct series_acc *series;
	size_t n_series, alloc_series;
};

static struct mw_snapshot_acc *acc(struct mw_store *st)
{
	if (!st->snap) {
		st->snap = mw_xcalloc(1, sizeof(*st->snap));
		st->snap->host_key_id = -1;
		mw_strmap_init(&st->snap->series_index);
		mw_strmap_init(&st->snap->proc_rss);
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
	mw_strmap_release(&a->proc_rss);
	a->section = NULL;
}

/* Adds one point to a series (Welford's online update). */
static void series_add(struct mw_store *st, const char *source, struct mw_str key, const char *unit, int64_t v)
{
	struct mw_snapshot_acc *a = st->snap;
	char buf[300];
	size_t sl = strlen(source), n;
	int64_t *idx;
	struct series_acc *s;
	double t = a->t, dt, dv;

	if (t != t || key.len + sl + 24 > sizeof(buf))
		return;
	/* the host part of the key, formatted once per host rather than once per value */
	if (a->host_key_id != st->host_id) {
		a->host_key_len = (size_t)snprintf(a->host_key, sizeof(a->host_key), "%lld", (long long)st->host_id);
		a->host_key_id = st->host_id;
	}
	memcpy(buf, a->host_key, a->host_key_len);
	n = a->host_key_len;
	buf[n++] = '\0';
	memcpy(buf + n, source, sl);
	n += sl;
	buf[n++] = '\0';
	memcpy(buf + n, key.ptr, key.len);
	n += key.len;
	idx = mw_strmap_get(&a->series_index, buf, n);
	if (!idx) {
		MW_GROW(a->series, a->alloc_series, a->n_series + 1);
		s = &a->series[a->n_series];
		memset(s, 0, sizeof(*s));
		s->host_id = st->host_id;
		s->source = mw_xstrdup(source);
		s->key = mw_xstrndup(key.ptr, key.len);
		s->unit = unit;
		mw_strmap_put(&a->series_index, buf, n, (int64_t)a->n_series);
		a->n_series++;
	} else {
		s = &a->series[*idx];
	}
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
	}
	for (size_t i = 0; i < a->n_series; i++) {
		free(a->series[i].source);
		free(a->series[i].key);
	}
	a->n_series = 0;
	mw_strmap_release(&a->series_index);
	return 0;
}

static int flush_section(struct mw_store *st)
{
	struct mw_snapshot_acc *a = st->snap;
	sqlite3_stmt *s;
	if (!a || !a->section || !st->snapshot_id || st->snapshot_skipped)
		return 0;
	/* series that need the whole section: per-name process RSS and the slab totals */
	if (strcmp(a->section, "ps") == 0) {
		for (size_t i = mw_strmap_next(&a->proc_rss, 0); i != SIZE_MAX; i = mw_strmap_next(&a->proc_rss, i + 1))
			series_add(st, "proc_rss", mw_str_make(a->proc_rss.slots[i].key, a->proc_rss.slots[i].len), "kb",
				   a->proc_rss.slots[i].value);
		series_add(st, "ps", MW_STR("rss_total"), "kb", a->proc_rss_kb);
		series_add(st, "ps", MW_STR("count"), "count", a->proc_count);
	} else if (strcmp(a->section, "slabinfo") == 0) {
		series_add(st, "slab_total", MW_STR("pages"), "pages", a->slab_total_pages);
		series_add(st, "slab_total", MW_STR("active_bytes"), "bytes", a->slab_active_bytes);
	}
	s = mw_store_stmt(st, "INSERT INTO snapshot_section(snapshot_id, kind, input_id, first_line, last_line) "
			      "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->snapshot_id);
	sqlite3_bind_text(s, 2, a->section, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, st->input_id);
	mw_bind_i64(s, 4, a->section_first ? (int64_t)a->section_first : MW_UNKNOWN);
	mw_bind_i64(s, 5, a->section_last ? (int64_t)a->section_last : MW_UNKNOWN);
	a->section = NULL;
	return mw_store_step_done(st, s);
}

static int note_section(struct mw_store *st, const char *kind, uint64_t line)
{
	struct mw_snapshot_acc *a = acc(st);
	int r;
	if (a->section && strcmp(a->section, kind) == 0) {
		if (line > a->section_last)
			a->section_last = line;
		return 0;
	}
	if ((r = flush_section(st)) < 0)
		return r;
	a->section = kind;
	a->section_first = a->section_last = line;
	return 0;
}

/* Writes the summary columns of the open snapshot (called at close and at the end of each input). */
static int write_summary(struct mw_store *st)
{
	struct mw_snapshot_acc *a = st->snap;
	static char sql[2048];
	static bool built;
	sqlite3_stmt *s;
	int col = 1;

	if (!a || !st->snapshot_id || st->snapshot_skipped || !a->dirty)
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
			 "proc_count = ?%zu, proc_rss_kb = ?%zu WHERE id = ?%zu",
			 N_MEMCOLS + 1, N_MEMCOLS + 2, N_MEMCOLS + 3, N_MEMCOLS + 4, N_MEMCOLS + 5, N_MEMCOLS + 6,
			 N_MEMCOLS + 7, N_MEMCOLS + 8, N_MEMCOLS + 9, N_MEMCOLS + 10, N_MEMCOLS + 11);
		built = true;
	}
	if (!(s = mw_store_stmt(st, sql)))
		return MW_ESTORE;
	for (size_t i = 0; i < N_MEMCOLS; i++)
		mw_bind_i64(s, col++, a->memcol[i]);
	mw_bind_i64(s, col++, a->have_slab ? a->slab_caches : MW_UNKNOWN);
	mw_bind_i64(s, col++, a->have_slab ? a->slab_total_pages : MW_UNKNOWN);
	mw_bind_i64(s, col++, a->have_slab ? a->slab_active_bytes : MW_UNKNOWN);
	mw_bind_i64(s, col++, a->have_slab ? a->slab_objs_bytes : MW_UNKNOWN);
	mw_bind_i64(s, col++, a->have_slab ? a->dentry_pages : MW_UNKNOWN);
	mw_bind_i64(s, col++, a->have_slab ? a->inode_pages : MW_UNKNOWN);
	mw_bind_i64(s, col++, a->have_slab ? a->bh_pages : MW_UNKNOWN);
	mw_bind_i64(s, col++, a->have_buddy ? a->buddy_free_pages : MW_UNKNOWN);
	mw_bind_i64(s, col++, a->have_proc ? a->proc_count : MW_UNKNOWN);
	mw_bind_i64(s, col++, a->have_proc ? a->proc_rss_kb : MW_UNKNOWN);
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
		if ((r = write_summary(st)) < 0)
			return r;
	}
	st->snapshot_id = 0;
	st->snapshot_skipped = false;
	st->zone_id = 0;
	if (a)
		reset_open(a);
	return 0;
}

static int64_t snapshot_host(struct mw_store *st, struct mw_str host)
{
	if (host.len) {
		if (!st->host)
			return mw_store_host_id(st, host.ptr, host.len);
	}
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
	if (taken != MW_UNKNOWN) {
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
	s = mw_store_stmt(st, "INSERT INTO snapshot(input_id, host_id, boot_id, seq, taken, taken_frac, taken_text, "
			      "origin, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->input_id);
	sqlite3_bind_int64(s, 2, host_id);
	mw_bind_i64(s, 3, st->boot_id ? st->boot_id : MW_UNKNOWN);
	sqlite3_bind_int64(s, 4, (int64_t)++st->input_seq);
	mw_bind_i64(s, 5, taken);
	sqlite3_bind_double(s, 6, frac);
	mw_bind_str(s, 7, sn ? sn->taken_text : MW_STR_NULL);
	mw_bind_str(s, 8, sn && sn->origin.len ? sn->origin : MW_STR("file"));
	mw_bind_i64(s, 9, rec && rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	if ((r = mw_store_step_done(st, s)) < 0)
		return r;
	st->snapshot_id = sqlite3_last_insert_rowid(st->db);
	st->snapshot_skipped = false;
	st->counts.snapshots++;
	a->taken = taken;
	a->t = taken == MW_UNKNOWN ? NAN : (double)taken + frac;
	a->dirty = true;
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
		int c = strncmp(meminfo_columns[mid].key, key.ptr, key.len);
		if (c == 0 && meminfo_columns[mid].key[key.len] != '\0')
			c = 1;
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
	int64_t key_id = mw_store_kv_key(st, k->source, k->key, k->unit);
	sqlite3_stmt *s;
	char src[32];
	int r;

	if (!key_id)
		return MW_ESTORE;
	snprintf(src, sizeof(src), "%.*s", (int)MW_MIN(k->source.len, sizeof(src) - 1), k->source.ptr);
	if ((r = note_section(st, mw_str_eq(k->source, "meminfo") ? "meminfo" : mw_str_eq(k->source, "vmstat") ? "vmstat" : "kv", rec->line)) < 0)
		return r;
	s = mw_store_stmt(st, "INSERT OR REPLACE INTO kv(snapshot_id, key_id, value, line) VALUES (?1, ?2, ?3, ?4)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->snapshot_id);
	sqlite3_bind_int64(s, 2, key_id);
	sqlite3_bind_int64(s, 3, k->value);
	mw_bind_i64(s, 4, rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	if ((r = mw_store_step_done(st, s)) < 0)
		return r;
	if (mw_str_eq(k->source, "meminfo")) {
		int c = meminfo_column(k->key);
		if (c >= 0) {
			a->memcol[c] = k->value;
			a->dirty = true;
		}
	}
	series_add(st, src, k->key, mw_unit_name(k->unit), k->value);
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


static int slab(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_slab *c = &rec->u.slab;
	struct mw_snapshot_acc *a = acc(st);
	int64_t name_id = mw_store_name_id(st, &st->slab_names, "slab_name", c->name), pages;
	sqlite3_stmt *s;
	int r;

	if (!name_id)
		return MW_ESTORE;
	if ((r = note_section(st, "slabinfo", rec->line)) < 0)
		return r;
	s = mw_store_stmt(st, "INSERT OR IGNORE INTO slab(snapshot_id, name_id, active_objs, num_objs, objsize, "
			      "objperslab, pagesperslab, limit_, batchcount, sharedfactor, active_slabs, num_slabs, "
			      "sharedavail, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->snapshot_id);
	sqlite3_bind_int64(s, 2, name_id);
	mw_bind_i64(s, 3, c->active_objs);
	mw_bind_i64(s, 4, c->num_objs);
	mw_bind_i64(s, 5, c->objsize);
	mw_bind_i64(s, 6, c->objperslab);
	mw_bind_i64(s, 7, c->pagesperslab);
	mw_bind_i64(s, 8, c->limit);
	mw_bind_i64(s, 9, c->batchcount);
	mw_bind_i64(s, 10, c->sharedfactor);
	mw_bind_i64(s, 11, c->active_slabs);
	mw_bind_i64(s, 12, c->num_slabs);
	mw_bind_i64(s, 13, c->sharedavail);
	mw_bind_i64(s, 14, rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	if ((r = mw_store_step_done(st, s)) < 0)
		return r;
	if (sqlite3_changes(st->db) == 0)
		return 0;	/* a second line for the same cache name: the first one counts */
	pages = sat_mul(val0(c->num_slabs), c->pagesperslab == MW_UNKNOWN ? 1 : c->pagesperslab);
	a->slab_caches++;
	a->slab_total_pages = sat_add(a->slab_total_pages, pages);
	a->slab_active_bytes = sat_add(a->slab_active_bytes, sat_mul(val0(c->active_objs), val0(c->objsize)));
	a->slab_objs_bytes = sat_add(a->slab_objs_bytes, sat_mul(val0(c->num_objs), val0(c->objsize)));
	if (mw_str_eq(c->name, "dentry") || mw_str_eq(c->name, "dentry_cache"))
		a->dentry_pages = sat_add(a->dentry_pages, pages);
	else if (c->name.len > 11 && memcmp(c->name.ptr + c->name.len - 11, "inode_cache", 11) == 0)
		a->inode_pages = sat_add(a->inode_pages, pages);
	else if (c->name.len > 11 && memcmp(c->name.ptr + c->name.len - 11, "_inode_info", 11) == 0)
		a->inode_pages = sat_add(a->inode_pages, pages);
	else if (mw_str_eq(c->name, "buffer_head"))
		a->bh_pages = sat_add(a->bh_pages, pages);
	a->have_slab = true;
	a->dirty = true;
	series_add(st, "slab", c->name, "pages", pages);
	return 0;
}

static int proc(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_proc *p = &rec->u.proc;
	struct mw_snapshot_acc *a = acc(st);
	int64_t name_id = mw_store_name_id(st, &st->proc_names, "proc_name", p->name), *sum;
	sqlite3_stmt *s;
	int r;

	if (!name_id)
		return MW_ESTORE;
	if ((r = note_section(st, "ps", rec->line)) < 0)
		return r;
	s = mw_store_stmt(st, "INSERT INTO proc(snapshot_id, pid, user, rss_kb, vsz_kb, name_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->snapshot_id);
	mw_bind_i64(s, 2, p->pid);
	mw_bind_str(s, 3, p->user);
	mw_bind_i64(s, 4, p->rss_kb);
	mw_bind_i64(s, 5, p->vsz_kb);
	sqlite3_bind_int64(s, 6, name_id);
	a->proc_count++;
	a->proc_rss_kb += val0(p->rss_kb);
	a->have_proc = true;
	a->dirty = true;
	if ((sum = mw_strmap_get(&a->proc_rss, p->name.ptr ? p->name.ptr : "", p->name.len)))
		*sum += val0(p->rss_kb);
	else
		mw_strmap_put(&a->proc_rss, p->name.ptr ? p->name.ptr : "", p->name.len, val0(p->rss_kb));
	return mw_store_step_done(st, s);
}

static int snapshot_fact(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_snapshot_fact *f = &rec->u.snapshot_fact;
	sqlite3_stmt *s;
	if (mw_str_eq(f->key, "page_size") && f->value > 0) {
		s = mw_store_stmt(st, "UPDATE snapshot SET page_size = ?1 WHERE id = ?2");
		if (!s)
			return MW_ESTORE;
		sqlite3_bind_int64(s, 1, f->value);
		sqlite3_bind_int64(s, 2, st->snapshot_id);
		if (mw_store_step_done(st, s) < 0)
			return MW_ESTORE;
	}
	if (mw_str_eq(f->key, "ps_present"))
		acc(st)->have_proc = true, acc(st)->dirty = true;
	s = mw_store_stmt(st, "INSERT INTO snapshot_fact(snapshot_id, key, value, text, line) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->snapshot_id);
	mw_bind_str(s, 2, f->key);
	mw_bind_i64(s, 3, f->value);
	mw_bind_str(s, 4, f->text);
	mw_bind_i64(s, 5, rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	return mw_store_step_done(st, s);
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
	int r;
	/*
	 * An implicit snapshot stays open across inputs (meminfo and slabinfo
	 * given as two files are one moment), so only its summary and section
	 * are written here; the series are flushed at every input end.
	 */
	if ((r = flush_section(st)) < 0)
		return r;
	if ((r = write_summary(st)) < 0)
		return r;
	if (st->snap)
		st->snap->dirty = st->snapshot_id != 0;
	return series_flush(st);
}

static void snapshot_release(struct mw_store *st)
{
	struct mw_snapshot_acc *a = st->snap;
	if (!a)
		return;
	for (size_t i = 0; i < a->n_series; i++) {
		free(a->series[i].source);
		free(a->series[i].key);
	}
	free(a->series);
	mw_strmap_release(&a->series_index);
	mw_strmap_release(&a->proc_rss);
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
