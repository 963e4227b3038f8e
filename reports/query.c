/* SPDX-License-Identifier: MIT */
/* query.c: prepared-statement helpers for reports. */
#include <math.h>
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

double mw_pct(double part, double whole)
{
	if (!(whole > 0) || part != part)
		return NAN;
	return 100.0 * part / whole;
}
