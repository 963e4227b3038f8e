/* SPDX-License-Identifier: MIT */
/* store-internal.h: what src/store*.c share; not a public API. */
#ifndef MW_STORE_INTERNAL_H
#define MW_STORE_INTERNAL_H

#include <sqlite3.h>
#include "memwaste/store.h"
#include "strmap.h"

/* Prepared statements are cached by their SQL text's address. */
struct mw_stmt_cache {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct mw_snapshot_acc;	/* store-snapshot.c */
struct mw_event_acc;	/* store-event.c */

struct mw_store {
	sqlite3 *db;
	char *path;
	enum mw_store_mode mode;
	struct mw_sink sink;
	char errmsg[512];

	struct mw_stmt_cache stmts[96];
	size_t n_stmts;

	/* the input being imported */
	bool in_input;
	int64_t input_id;
	int64_t host_id;		/* session host (--host / data / directory), 0 = unknown yet */
	char *host;
	uint64_t input_seq;		/* order of boots/snapshots in the input */
	struct mw_store_counts counts;
	int status;			/* first sink error of the input */

	/* open context */
	int64_t boot_id;		/* 0 = none */
	int64_t snapshot_id;		/* 0 = none */
	bool snapshot_skipped;		/* the open snapshot duplicates one already stored */
	int64_t zone_id;		/* last zone of the open snapshot */
	int64_t event_id;		/* last event */

	/* id caches */
	struct mw_strmap hosts;
	struct mw_strmap kv_keys;	/* "source\0name" -> kv_key.id */
	struct mw_strmap slab_names;
	struct mw_strmap proc_names;

	struct mw_snapshot_acc *snap;
	struct mw_event_acc *ev;
};

/* Prepared statement for `sql` (a string literal: cached by address), reset and cleared. */
sqlite3_stmt *mw_store_stmt(struct mw_store *st, const char *sql);
/* Runs a statement to completion; returns 0 or MW_ESTORE with the message saved. */
int mw_store_step_done(struct mw_store *st, sqlite3_stmt *s);
int mw_store_exec(struct mw_store *st, const char *sql);
int mw_store_fail(struct mw_store *st, const char *what);

/* Binding helpers: NULL for MW_UNKNOWN / empty views. */
void mw_bind_i64(sqlite3_stmt *s, int i, int64_t v);
void mw_bind_str(sqlite3_stmt *s, int i, struct mw_str v);
void mw_bind_cstr(sqlite3_stmt *s, int i, const char *v);
void mw_bind_double(sqlite3_stmt *s, int i, double v);

/* Host id for a name (created on first use). */
int64_t mw_store_host_id(struct mw_store *st, const char *name, size_t len);
/* kv_key id for (source, name, unit) (created on first use). */
int64_t mw_store_kv_key(struct mw_store *st, struct mw_str source, struct mw_str name, enum mw_unit unit);
/* id in a name dictionary table (slab_name, proc_name). */
int64_t mw_store_name_id(struct mw_store *st, struct mw_strmap *cache, const char *table, struct mw_str name);

/* Opens an implicit boot when a boot-level record arrives with none open. */
int mw_store_need_boot(struct mw_store *st, const struct mw_record *rec);
int mw_store_need_snapshot(struct mw_store *st, const struct mw_record *rec);
/* Closes the open snapshot: writes its summary columns and series. */
int mw_store_close_snapshot(struct mw_store *st);
/* The input was rolled back: forgets the snapshot domain's accumulators (change-row chain, series). */
void mw_store_snapshot_rollback(struct mw_store *st);

extern const struct mw_store_domain mw_store_domain_boot;
extern const struct mw_store_domain mw_store_domain_snapshot;
extern const struct mw_store_domain mw_store_domain_event;
/* Schema step 2: event_zone columns for the watermark check (store-event.c). */
extern const char mw_store_event_v2[];
/* Schema step 3: kv, slab and proc as packs; converts the runs of older databases (store-snapshot.c). */
int mw_store_snapshot_v3(struct mw_store *st);

/*
 * Packs (store-pack.c): a snapshot's kv, slab and proc rows as one blob
 * per snapshot and kind, holding what changed since the snapshot before
 * it in its chain (the format is described at the top of store-pack.c).
 */
enum mw_pack_kind { MW_PACK_KV, MW_PACK_SLAB, MW_PACK_PROC, MW_PACK__N };
#define MW_PACK_FORMAT 1
#define MW_PACK_MAX_COLS 12	/* slab: its 11 numbers and the line offset */
struct mw_pack {
	unsigned char *buf;
	size_t len, alloc;
	int64_t prev_key;
	unsigned entries;
};
/* Starts an empty pack (the format byte). */
void mw_pack_begin(struct mw_pack *p);
/*
 * A key's entry: the columns in `mask` (bit i: column i) from v[], and
 * `text` (NULL for a NULL) for column `text_col` (-1: none).
 */
void mw_pack_put(struct mw_pack *p, int64_t key, uint32_t mask, const int64_t *v, int text_col, const char *text);
/* The key is gone. */
void mw_pack_gone(struct mw_pack *p, int64_t key);
void mw_pack_release(struct mw_pack *p);
/* Registers kv_rows(), slab_rows() and proc_rows(), which the views kv, slab and proc read. */
int mw_store_register_packs(struct mw_store *st);

/* Schema: the migration steps (schema.c). */
int mw_schema_migrate(struct mw_store *st);

#endif
