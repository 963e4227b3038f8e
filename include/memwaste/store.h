/* SPDX-License-Identifier: MIT */
/* store.h: the SQLite store: open/migrate, one transaction per input, the record sink. */
#ifndef MW_STORE_H
#define MW_STORE_H

#include "memwaste/common.h"
#include "memwaste/diag.h"
#include "memwaste/record.h"

/*
 * The store keeps every record with its provenance: each row traces back
 * to an `input` row (path, content hash, when imported) and to a line of
 * it, so reports can cite "dmesg.txt:14".
 *
 * Layout (src/schema.c holds the migration steps; every table is
 * documented in memwaste-formats(5)): host, input, boot, boot_fact, range,
 * memline, memline_field, hash_table, snapshot (with per-snapshot summary
 * columns computed at import time so the timeline report never rescans
 * the big tables), snapshot_fact, kv_key + kv, zone + zone_kv, buddy,
 * pagetype, slab_name + slab, proc, event + event_kv + event_zone +
 * event_task + event_line, series (running statistics per host and
 * series key, for trends).
 *
 * kv, slab and proc are views over kv_pack, slab_pack and proc_pack,
 * which keep one blob per snapshot of what changed since the snapshot
 * before (src/store-snapshot.c, src/store-pack.c), read back by the
 * table-valued functions kv_rows(), slab_rows() and proc_rows() that
 * mw_store_open() registers on its connection (plain sqlite3 cannot read
 * these three views). Read them one snapshot at a time
 * (`WHERE snapshot_id = ?`), which applies at most a chain's 64 packs; a
 * scan of a whole view rebuilds every snapshot and is slow on long
 * captures.
 *
 * Concurrency: WAL journal and a busy timeout, so a report can read while
 * an import writes and two imports queue instead of failing.
 */

struct mw_store;
struct sqlite3;

enum mw_store_mode {
	MW_STORE_READWRITE,	/* create if missing */
	MW_STORE_READONLY,	/* report on an existing database */
	MW_STORE_MEMORY,	/* temporary in-memory database */
};

/* Opens (creating and migrating as needed). On failure *ret_error is a malloc'ed message. */
int mw_store_open(const char *path, enum mw_store_mode mode, struct mw_store **ret, char **ret_error);
struct mw_store *mw_store_close(struct mw_store *st);
/* The default database path: $MEMWASTE_DB, $XDG_DATA_HOME/memwaste/memwaste.db, ~/.local/share/memwaste/memwaste.db (malloc'ed). */
char *mw_store_default_path(void);
/*
 * Checks the folder of a database path: with `create` (the default
 * location) missing folders are made like `mkdir -p`; without it (an
 * explicit --db or $MEMWASTE_DB) a missing folder is an error, since it is
 * most likely a typo.
 */
int mw_store_prepare_dir(const char *path, bool create, char **ret_error);

/* The connection, for reports' queries (read only by convention). */
struct sqlite3 *mw_store_db(struct mw_store *st);
const char *mw_store_errmsg(struct mw_store *st);

struct mw_input_info {
	const char *path;	/* as given, or the file inside a directory */
	const char *display;	/* name used in messages and evidence */
	const char *host;	/* NULL: the session's host */
	const char *kind;	/* --kind, NULL = detected */
	uint64_t size;
};

/*
 * Input transaction: begin_input opens a transaction and an input row;
 * records are emitted through mw_store_sink(); end_input commits (ok) or
 * rolls back everything of this input. begin_input returns MW_EDUPLICATE
 * only from end_input: the content hash is known at the end, so
 * end_input(ok=true) with a hash already present rolls back and returns
 * MW_EDUPLICATE ("already imported").
 */
int mw_store_begin_input(struct mw_store *st, const struct mw_input_info *info);
int mw_store_end_input(struct mw_store *st, bool ok, uint64_t content_hash, uint64_t lines, const char *status);
/* The sink to hand to mw_parse_input(). */
struct mw_sink *mw_store_sink(struct mw_store *st);
/* Sets the host used for new boots and snapshots (from --host, the data or the directory). */
void mw_store_set_host(struct mw_store *st, const char *host);
/* Forgets the open boot/snapshot (between unrelated inputs). */
void mw_store_reset_context(struct mw_store *st);

/* Counts of what an input added, for the import summary. */
struct mw_store_counts {
	uint64_t boots, snapshots, snapshots_skipped, events, records;
};
void mw_store_input_counts(struct mw_store *st, struct mw_store_counts *ret);

/* ---- for the store's own files (src/store-*.c) ---- */
struct mw_store_domain {
	const char *name;
	/* DDL of this domain's tables for schema step 1. */
	const char *schema_v1;
	/* Handles the record kinds of this domain; returns 1 if handled, 0 if not mine, < 0 on error. */
	int (*emit)(struct mw_store *st, const struct mw_record *rec);
	/* Called before commit of an input (flush summaries). */
	int (*end_input)(struct mw_store *st);
	void (*release)(struct mw_store *st);
};

#endif
