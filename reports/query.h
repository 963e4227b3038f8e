/* SPDX-License-Identifier: MIT */
/* query.h: small helpers for reports' SQL (prepared statements, NULL as MW_UNKNOWN). */
#ifndef MW_REPORTS_QUERY_H
#define MW_REPORTS_QUERY_H

#include <sqlite3.h>
#include "memwaste/report.h"

/*
 * struct mw_q wraps one prepared statement:
 *   struct mw_q q;
 *   if (mw_q_prepare(&q, st, "SELECT ... WHERE boot_id = ?1") < 0) return ...;
 *   mw_q_bind_i64(&q, 1, id);
 *   while (mw_q_step(&q)) ... mw_q_i64(&q, 0) ...
 *   mw_q_finish(&q);
 * mw_q_step returns false at the end and on error (q.rc keeps the error).
 */
struct mw_q {
	sqlite3_stmt *s;
	int rc;
};

int mw_q_prepare(struct mw_q *q, struct mw_store *st, const char *sql);
void mw_q_bind_i64(struct mw_q *q, int i, int64_t v);
void mw_q_bind_text(struct mw_q *q, int i, const char *v);
bool mw_q_step(struct mw_q *q);
int64_t mw_q_i64(struct mw_q *q, int col);		/* MW_UNKNOWN for NULL */
double mw_q_double(struct mw_q *q, int col);		/* NAN for NULL */
const char *mw_q_text(struct mw_q *q, int col);		/* NULL for NULL; valid until the next step */
bool mw_q_null(struct mw_q *q, int col);
/* A malloc'ed copy of a text column, NULL for NULL. */
char *mw_q_textdup(struct mw_q *q, int col);
/* The same, with `dflt` copied for NULL: never NULL. */
char *mw_q_textdup_or(struct mw_q *q, int col, const char *dflt);
int mw_q_finish(struct mw_q *q);			/* 0 or MW_ESTORE */
/* One integer from a query with one bound integer (MW_UNKNOWN if no row). */
int64_t mw_q_scalar(struct mw_store *st, const char *sql, int64_t arg);

/*
 * The (key, value, text, line) facts of a boot or a snapshot
 * (boot_fact, snapshot_fact), in the order they were stored.
 */
struct mw_fact {
	char *key, *text;	/* key never NULL; text may be */
	int64_t value, line;	/* MW_UNKNOWN when not stored */
};
struct mw_facts {
	struct mw_fact *v;
	size_t n, alloc;
};
/* Appends the facts of `table` (boot_fact or snapshot_fact) whose `id_col` is id. 0 or MW_ESTORE. */
int mw_facts_load(struct mw_facts *fs, struct mw_store *st, const char *table, const char *id_col, int64_t id);
/* The first fact named key, NULL if none. */
const struct mw_fact *mw_facts_find(const struct mw_facts *fs, const char *key);
void mw_facts_free(struct mw_facts *fs);

/*
 * The most a count of pages on the LRU lists (lru_kb) can hold with the
 * pages isolated from them for a while (reclaim, compaction, migration):
 * the lists plus a sixteenth and 4 MiB. Dirty and writeback pages above
 * this mean a counter went wrong.
 */
int64_t mw_lru_slack_kb(int64_t lru_kb);

/* 100 * part / whole, NAN when whole is 0 or unknown. */
double mw_pct(double part, double whole);

#endif
