/* SPDX-License-Identifier: MIT */
/* query.c: prepared-statement helpers for reports. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "query.h"
#include "memwaste/banned.h"

int mw_q_prepare(struct mw_q *q, struct mw_store *st, const char *sql)
{
	q->rc = sqlite3_prepare_v2(mw_store_db(st), sql, -1, &q->s, NULL);
	if (q->rc != SQLITE_OK) {
		q->s = NULL;
		return MW_ESTORE;
	}
	return 0;
}

void mw_q_bind_i64(struct mw_q *q, int i, int64_t v)
{
	if (v == MW_UNKNOWN)
		sqlite3_bind_null(q->s, i);
	else
		sqlite3_bind_int64(q->s, i, v);
}

void mw_q_bind_text(struct mw_q *q, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(q->s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q->s, i);
}

bool mw_q_step(struct mw_q *q)
{
	if (!q->s)
		return false;
	q->rc = sqlite3_step(q->s);
	return q->rc == SQLITE_ROW;
}

int64_t mw_q_i64(struct mw_q *q, int col)
{
	if (sqlite3_column_type(q->s, col) == SQLITE_NULL)
		return MW_UNKNOWN;
	return sqlite3_column_int64(q->s, col);
}

double mw_q_double(struct mw_q *q, int col)
{
	if (sqlite3_column_type(q->s, col) == SQLITE_NULL)
		return NAN;
	return sqlite3_column_double(q->s, col);
}

const char *mw_q_text(struct mw_q *q, int col)
{
	return (const char *)sqlite3_column_text(q->s, col);
}

char *mw_q_textdup(struct mw_q *q, int col)
{
	const char *t = mw_q_text(q, col);
	return t ? mw_xstrdup(t) : NULL;
}

char *mw_q_textdup_or(struct mw_q *q, int col, const char *dflt)
{
	const char *t = mw_q_text(q, col);
	return mw_xstrdup(t ? t : dflt);
}

bool mw_q_null(struct mw_q *q, int col)
{
	return sqlite3_column_type(q->s, col) == SQLITE_NULL;
}

int mw_q_finish(struct mw_q *q)
{
	int bad = q->rc != SQLITE_OK && q->rc != SQLITE_DONE && q->rc != SQLITE_ROW;
	sqlite3_finalize(q->s);
	q->s = NULL;
	return bad ? MW_ESTORE : 0;
}

int64_t mw_q_scalar(struct mw_store *st, const char *sql, int64_t arg)
{
	struct mw_q q;
	int64_t v = MW_UNKNOWN;
	if (mw_q_prepare(&q, st, sql) < 0)
		return MW_UNKNOWN;
	mw_q_bind_i64(&q, 1, arg);
	if (mw_q_step(&q))
		v = mw_q_i64(&q, 0);
	mw_q_finish(&q);
	return v;
}

int mw_facts_load(struct mw_facts *fs, struct mw_store *st, const char *table, const char *id_col, int64_t id)
{
	char sql[160];
	struct mw_q q;
	snprintf(sql, sizeof(sql), "SELECT key, value, text, line FROM %s WHERE %s = ?1 ORDER BY rowid", table, id_col);
	if (mw_q_prepare(&q, st, sql) < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, id);
	while (mw_q_step(&q)) {
		struct mw_fact *f;
		MW_GROW(fs->v, fs->alloc, fs->n + 1);
		f = &fs->v[fs->n++];
		f->key = mw_q_textdup_or(&q, 0, "");
		f->value = mw_q_i64(&q, 1);
		f->text = mw_q_textdup(&q, 2);
		f->line = mw_q_i64(&q, 3);
	}
	return mw_q_finish(&q);
}

const struct mw_fact *mw_facts_find(const struct mw_facts *fs, const char *key)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].key, key) == 0)
			return &fs->v[i];
	return NULL;
}

void mw_facts_free(struct mw_facts *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].key);
		free(fs->v[i].text);
	}
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

int64_t mw_lru_slack_kb(int64_t lru_kb)
{
	return lru_kb + lru_kb / 16 + 4096;
}

double mw_pct(double part, double whole)
{
	if (!(whole > 0) || part != part)
		return NAN;
	return 100.0 * part / whole;
}
