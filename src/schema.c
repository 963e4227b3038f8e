/* SPDX-License-Identifier: MIT */
/*
 * schema.c: the database schema as ordered migration steps (FreeBSD pkg
 * db_upgrades.h). The version lives in PRAGMA user_version; each step
 * runs in its own transaction. Never edit a step once released: add one.
 * Step 1 is the core tables below plus each store domain's tables
 * (store-boot.c, store-snapshot.c, store-event.c).
 */
#include <stdio.h>
#include "store-internal.h"
#include "memwaste/banned.h"

static const char core_v1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE host(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE input(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  path TEXT NOT NULL,\n"
	"  display TEXT NOT NULL,\n"
	"  kind TEXT,\n"
	"  host_id INTEGER REFERENCES host(id),\n"
	"  size INTEGER,\n"
	"  content_hash TEXT,\n"
	"  lines INTEGER,\n"
	"  status TEXT,\n"
	"  imported_at INTEGER NOT NULL\n"
	");\n"
	"CREATE UNIQUE INDEX input_content ON input(content_hash) WHERE content_hash IS NOT NULL;\n";

static const struct mw_store_domain *const domains[] = {
	&mw_store_domain_boot,
	&mw_store_domain_snapshot,
	&mw_store_domain_event,
};

struct step {
	int version;
	const char *sql;	/* NULL and no fn: step 1 (core + domains) */
	int (*fn)(struct mw_store *st);	/* a step that moves data, in C */
	bool vacuum;		/* it frees much of an existing database: VACUUM after the migration */
};

static const struct step steps[] = {
	{ 1, NULL, NULL, false },
	{ 2, mw_store_event_v2, NULL, false },
	{ 3, NULL, mw_store_snapshot_v3, true },	/* the runs it drops were most of the file */
};

static int read_version(struct mw_store *st, int *ret)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return mw_store_fail(st, "reading the schema version");
	rc = sqlite3_step(s);
	*ret = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return mw_store_fail(st, "reading the schema version");
	return 0;
}

/*
 * The version is read again once BEGIN IMMEDIATE holds the write lock:
 * two imports that open a new database at the same moment both see
 * version 0, and the second one must find the tables the first one just
 * made instead of failing on "table meta already exists".
 */
static int run_step(struct mw_store *st, const struct step *s)
{
	int r, now;
	char pragma[64];

	if ((r = mw_store_exec(st, "BEGIN IMMEDIATE")) < 0)
		return r;
	if ((r = read_version(st, &now)) < 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return r;
	}
	if (now >= s->version)
		return mw_store_exec(st, "COMMIT");
	if (s->fn) {
		r = s->fn(st);
	} else if (s->sql) {
		r = mw_store_exec(st, s->sql);
	} else {
		r = mw_store_exec(st, core_v1);
		for (size_t i = 0; r >= 0 && i < MW_ARRAY_SIZE(domains); i++)
			r = mw_store_exec(st, domains[i]->schema_v1);
	}
	if (r >= 0) {
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", s->version);
		r = mw_store_exec(st, pragma);
	}
	if (r < 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return r;
	}
	return mw_store_exec(st, "COMMIT");
}

int mw_schema_migrate(struct mw_store *st)
{
	int version = 0, r;

	if ((r = read_version(st, &version)) < 0)
		return r;
	if (version > steps[MW_ARRAY_SIZE(steps) - 1].version) {
		snprintf(st->errmsg, sizeof(st->errmsg),
			 "database schema version %d is newer than this memwaste knows (%d); upgrade memwaste", version,
			 steps[MW_ARRAY_SIZE(steps) - 1].version);
		return MW_ESTORE;
	}
	bool vacuum = false;
	for (size_t i = 0; i < MW_ARRAY_SIZE(steps); i++) {
		if (steps[i].version <= version)
			continue;
		if (st->mode == MW_STORE_READONLY) {
			/* version 0: a database being created by an import that has not finished its first step */
			snprintf(st->errmsg, sizeof(st->errmsg), "%s", version == 0
				 ? "database is empty: nothing has been imported into it yet"
				 : "database needs an upgrade; import into it once to upgrade");
			return MW_ESTORE;
		}
		if ((r = run_step(st, &steps[i])) < 0)
			return r;
		vacuum |= steps[i].vacuum && version > 0;
	}
	/*
	 * Give the freed pages back to the file system, once. Not fatal: a
	 * reader holding the file open makes VACUUM busy, and the data is
	 * converted all the same.
	 */
	if (vacuum)
		(void)sqlite3_exec(st->db, "VACUUM", NULL, NULL, NULL);
	return 0;
}
