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
	const char *sql;	/* NULL: step 1 (core + domains) */
};

static const struct step steps[] = {
	{ 1, NULL },
	{ 2, mw_store_event_v2 },
};

static int run_step(struct mw_store *st, const struct step *s)
{
	int r;
	char pragma[64];

	if ((r = mw_store_exec(st, "BEGIN IMMEDIATE")) < 0)
		return r;
	if (s->sql) {
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
	sqlite3_stmt *s;
	int version = 0, r;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return mw_store_fail(st, "reading the schema version");
	if (sqlite3_step(s) == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (version > steps[MW_ARRAY_SIZE(steps) - 1].version) {
		snprintf(st->errmsg, sizeof(st->errmsg),
			 "database schema version %d is newer than this memwaste knows (%d); upgrade memwaste", version,
			 steps[MW_ARRAY_SIZE(steps) - 1].version);
		return MW_ESTORE;
	}
	for (size_t i = 0; i < MW_ARRAY_SIZE(steps); i++) {
		if (steps[i].version <= version)
			continue;
		if (st->mode == MW_STORE_READONLY) {
			snprintf(st->errmsg, sizeof(st->errmsg), "database needs an upgrade; import into it once to upgrade");
			return MW_ESTORE;
		}
		if ((r = run_step(st, &steps[i])) < 0)
			return r;
	}
	return 0;
}
