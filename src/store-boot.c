/* SPDX-License-Identifier: MIT */
/* store-boot.c: boots and what their logs say about boot-time memory (facts, ranges, Memory line, hash tables). */
#include <stdio.h>
#include <string.h>
#include "store-internal.h"
#include "memwaste/banned.h"

static const char schema_v1[] =
	"CREATE TABLE boot(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  input_id INTEGER NOT NULL REFERENCES input(id) ON DELETE CASCADE,\n"
	"  host_id INTEGER REFERENCES host(id),\n"
	"  seq INTEGER NOT NULL,\n"
	"  line INTEGER,\n"
	"  ts REAL,\n"
	"  kernel_release TEXT,\n"
	"  version_line TEXT\n"
	");\n"
	"CREATE INDEX boot_input ON boot(input_id);\n"
	"CREATE TABLE boot_fact(\n"
	"  boot_id INTEGER NOT NULL REFERENCES boot(id) ON DELETE CASCADE,\n"
	"  key TEXT NOT NULL,\n"
	"  value INTEGER,\n"
	"  unit TEXT,\n"
	"  text TEXT,\n"
	"  line INTEGER\n"
	");\n"
	"CREATE INDEX boot_fact_key ON boot_fact(boot_id, key);\n"
	"CREATE TABLE mem_range(\n"
	"  boot_id INTEGER NOT NULL REFERENCES boot(id) ON DELETE CASCADE,\n"
	"  map TEXT NOT NULL,\n"
	"  start_addr INTEGER NOT NULL,\n"
	"  end_addr INTEGER NOT NULL,\n"
	"  unit TEXT NOT NULL,\n"
	"  type TEXT,\n"
	"  type_text TEXT,\n"
	"  node INTEGER,\n"
	"  line INTEGER\n"
	");\n"
	"CREATE INDEX mem_range_boot ON mem_range(boot_id, map);\n"
	"CREATE TABLE memline(\n"
	"  boot_id INTEGER NOT NULL REFERENCES boot(id) ON DELETE CASCADE,\n"
	"  available_kb INTEGER,\n"
	"  total_kb INTEGER,\n"
	"  text TEXT,\n"
	"  line INTEGER\n"
	");\n"
	"CREATE INDEX memline_boot ON memline(boot_id);\n"
	"CREATE TABLE memline_field(\n"
	"  boot_id INTEGER NOT NULL REFERENCES boot(id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL,\n"
	"  kb INTEGER NOT NULL,\n"
	"  line INTEGER\n"
	");\n"
	"CREATE INDEX memline_field_boot ON memline_field(boot_id);\n"
	"CREATE TABLE hash_table(\n"
	"  boot_id INTEGER NOT NULL REFERENCES boot(id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL,\n"
	"  entries INTEGER,\n"
	"  order_ INTEGER,\n"
	"  bytes INTEGER,\n"
	"  alloc TEXT,\n"
	"  after_memline INTEGER,\n"
	"  line INTEGER\n"
	");\n"
	"CREATE INDEX hash_table_boot ON hash_table(boot_id);\n";

static int64_t host_for(struct mw_store *st, struct mw_str host)
{
	if (st->host_id)
		return st->host_id;
	if (st->host)
		return st->host_id = mw_store_host_id(st, st->host, strlen(st->host));
	if (host.len)
		return mw_store_host_id(st, host.ptr, host.len);
	return 0;
}

static int add_boot(struct mw_store *st, const struct mw_record *rec, struct mw_str release, struct mw_str line,
		    struct mw_str host)
{
	sqlite3_stmt *s = mw_store_stmt(st, "INSERT INTO boot(input_id, host_id, seq, line, ts, kernel_release, "
					    "version_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	int64_t hid;
	int r;
	if (!s)
		return MW_ESTORE;
	hid = host_for(st, host);
	sqlite3_bind_int64(s, 1, st->input_id);
	mw_bind_i64(s, 2, hid ? hid : MW_UNKNOWN);
	sqlite3_bind_int64(s, 3, (int64_t)++st->input_seq);
	mw_bind_i64(s, 4, rec && rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	mw_bind_double(s, 5, rec ? rec->ts : NAN);
	mw_bind_str(s, 6, release.len ? release : MW_STR_NULL);
	mw_bind_str(s, 7, line.len ? line : MW_STR_NULL);
	if ((r = mw_store_step_done(st, s)) < 0)
		return r;
	st->boot_id = sqlite3_last_insert_rowid(st->db);
	st->counts.boots++;
	return 0;
}

int mw_store_need_boot(struct mw_store *st, const struct mw_record *rec)
{
	if (st->boot_id)
		return 0;
	return add_boot(st, rec, MW_STR_NULL, MW_STR_NULL, MW_STR_NULL);
}

static int boot_fact(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_boot_fact *f = &rec->u.boot_fact;
	sqlite3_stmt *s;

	/* the kernel log names an implicit boot once its "Linux version" line arrives */
	if (mw_str_eq(f->key, "release") || mw_str_eq(f->key, "version_line")) {
		s = mw_store_stmt(st, mw_str_eq(f->key, "release") ? "UPDATE boot SET kernel_release = ?1 WHERE id = ?2"
								   : "UPDATE boot SET version_line = ?1 WHERE id = ?2");
		if (!s)
			return MW_ESTORE;
		mw_bind_str(s, 1, f->text);
		sqlite3_bind_int64(s, 2, st->boot_id);
		return mw_store_step_done(st, s);
	}
	s = mw_store_stmt(st, "INSERT INTO boot_fact(boot_id, key, value, unit, text, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->boot_id);
	mw_bind_str(s, 2, f->key);
	mw_bind_i64(s, 3, f->value);
	mw_bind_cstr(s, 4, f->unit ? mw_unit_name(f->unit) : NULL);
	mw_bind_str(s, 5, f->text);
	mw_bind_i64(s, 6, rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	return mw_store_step_done(st, s);
}

static int range(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_range *g = &rec->u.range;
	sqlite3_stmt *s = mw_store_stmt(st, "INSERT INTO mem_range(boot_id, map, start_addr, end_addr, unit, type, "
					    "type_text, node, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->boot_id);
	mw_bind_str(s, 2, g->map);
	sqlite3_bind_int64(s, 3, (int64_t)g->start);
	sqlite3_bind_int64(s, 4, (int64_t)g->end);
	mw_bind_cstr(s, 5, mw_unit_name(g->unit));
	mw_bind_str(s, 6, g->type);
	mw_bind_str(s, 7, g->type_text);
	mw_bind_i64(s, 8, g->node);
	mw_bind_i64(s, 9, rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	return mw_store_step_done(st, s);
}

static int memline(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_memline *m = &rec->u.memline;
	sqlite3_stmt *s = mw_store_stmt(st, "INSERT INTO memline(boot_id, available_kb, total_kb, text, line) "
					    "VALUES (?1, ?2, ?3, ?4, ?5)");
	int r;
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->boot_id);
	mw_bind_i64(s, 2, m->available_kb);
	mw_bind_i64(s, 3, m->total_kb);
	mw_bind_str(s, 4, m->text);
	mw_bind_i64(s, 5, rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	if ((r = mw_store_step_done(st, s)) < 0)
		return r;
	for (unsigned i = 0; i < m->n_fields; i++) {
		s = mw_store_stmt(st, "INSERT INTO memline_field(boot_id, name, kb, line) VALUES (?1, ?2, ?3, ?4)");
		if (!s)
			return MW_ESTORE;
		sqlite3_bind_int64(s, 1, st->boot_id);
		mw_bind_str(s, 2, m->fields[i].name);
		sqlite3_bind_int64(s, 3, m->fields[i].kb);
		mw_bind_i64(s, 4, rec->line ? (int64_t)rec->line : MW_UNKNOWN);
		if ((r = mw_store_step_done(st, s)) < 0)
			return r;
	}
	return 0;
}

static int hash_table(struct mw_store *st, const struct mw_record *rec)
{
	const struct mw_rec_hash *h = &rec->u.hash;
	sqlite3_stmt *s = mw_store_stmt(st, "INSERT INTO hash_table(boot_id, name, entries, order_, bytes, alloc, "
					    "after_memline, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s)
		return MW_ESTORE;
	sqlite3_bind_int64(s, 1, st->boot_id);
	mw_bind_str(s, 2, h->name);
	mw_bind_i64(s, 3, h->entries);
	mw_bind_i64(s, 4, h->order);
	mw_bind_i64(s, 5, h->bytes);
	mw_bind_str(s, 6, h->alloc.len ? h->alloc : MW_STR_NULL);
	sqlite3_bind_int(s, 7, h->after_memline);
	mw_bind_i64(s, 8, rec->line ? (int64_t)rec->line : MW_UNKNOWN);
	return mw_store_step_done(st, s);
}

static int boot_emit(struct mw_store *st, const struct mw_record *rec)
{
	int r;
	switch (rec->kind) {
	case MW_REC_BOOT:
		r = add_boot(st, rec, rec->u.boot.release, rec->u.boot.version_line, rec->u.boot.host);
		break;
	case MW_REC_BOOT_FACT:
		r = mw_store_need_boot(st, rec);
		if (r >= 0)
			r = boot_fact(st, rec);
		break;
	case MW_REC_RANGE:
		r = mw_store_need_boot(st, rec);
		if (r >= 0)
			r = range(st, rec);
		break;
	case MW_REC_MEMLINE:
		r = mw_store_need_boot(st, rec);
		if (r >= 0)
			r = memline(st, rec);
		break;
	case MW_REC_HASH:
		r = mw_store_need_boot(st, rec);
		if (r >= 0)
			r = hash_table(st, rec);
		break;
	default:
		return 0;
	}
	return r < 0 ? r : 1;
}

const struct mw_store_domain mw_store_domain_boot = {
	.name = "boot",
	.schema_v1 = schema_v1,
	.emit = boot_emit,
};
