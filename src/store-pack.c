/* SPDX-License-Identifier: MIT */
/*
 * store-pack.c: the packed rows of snapshots (kv, slab, proc) and the
 * table-valued functions that read them back.
 *
 * A logging loop prints the same ~370 lines every 10 seconds and few of
 * their numbers move, so a snapshot's kv, slab and proc rows are kept as
 * one pack per snapshot and kind (tables kv_pack, slab_pack, proc_pack):
 * a blob of what changed since the snapshot before it in its chain
 * (store-snapshot.c). The first snapshot of a chain (snapshot.base_id)
 * packs every row; the rows of snapshot S are its chain's packs applied in
 * order, base_id through S. A snapshot whose rows did not change has no
 * pack at all. A snapshot that goes on in the next input (the implicit
 * snapshot of /proc files given one by one) gets a second part.
 *
 * The blob: a format byte (1), then entries
 *
 *   varint zigzag(key - previous key of the pack)   (the first: key - 0)
 *   varint mask     bit 0: the key is gone (nothing follows)
 *                   bit 1 + i: column i follows
 *   per column in the mask: varint 0 for NULL, zigzag(v) + 1 otherwise;
 *                   a text column: varint 0 for NULL, length + 1, bytes
 *
 * A key new to the state starts with every column NULL, so its entry
 * lists the columns that are not; a changed key lists the columns that
 * changed. Keys: kv_key.id, slab_name.id, and the pid for proc (negative
 * ordinals for process lines without one).
 *
 * Reading: kv_rows(base_id, snapshot_id), slab_rows(...) and
 * proc_rows(...) are eponymous virtual tables registered on every
 * connection memwaste opens; the views kv, slab and proc join them to
 * snapshot, so `SELECT ... FROM slab WHERE snapshot_id = ?` works as if
 * every row were stored. Plain sqlite3 has no such functions: it reads
 * the tables, not these views (memwaste-formats(5)).
 */
#include <stdio.h>
#include <string.h>
#include "store-internal.h"
#include "memwaste/banned.h"

/* ---- encoding ---- */

static void pack_need(struct mw_pack *p, size_t extra)
{
	if (p->len + extra > p->alloc) {
		size_t cap = p->alloc ? p->alloc : 256;
		while (cap < p->len + extra)
			cap *= 2;
		p->buf = mw_xrealloc(p->buf, cap);
		p->alloc = cap;
	}
}

static void put_varint(struct mw_pack *p, uint64_t v)
{
	unsigned char *o;
	pack_need(p, 10);
	o = p->buf + p->len;
	while (v >= 0x80) {
		*o++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*o++ = (unsigned char)v;
	p->len = (size_t)(o - p->buf);
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t u)
{
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

void mw_pack_begin(struct mw_pack *p)
{
	p->len = 0;
	p->prev_key = 0;
	p->entries = 0;
	pack_need(p, 1);
	p->buf[p->len++] = MW_PACK_FORMAT;
}

static void put_key(struct mw_pack *p, int64_t key)
{
	/* wrapping difference: exact for any two keys */
	put_varint(p, zigzag((int64_t)((uint64_t)key - (uint64_t)p->prev_key)));
	p->prev_key = key;
	p->entries++;
}

void mw_pack_put(struct mw_pack *p, int64_t key, uint32_t mask, const int64_t *v, int text_col, const char *text)
{
	put_key(p, key);
	put_varint(p, (uint64_t)mask << 1);
	for (int i = 0; mask >> i; i++) {
		if (!(mask & (UINT32_C(1) << i)))
			continue;
		if (i == text_col) {
			size_t n = text ? strlen(text) : 0;
			put_varint(p, text ? n + 1 : 0);
			pack_need(p, n);
			if (n)
				memcpy(p->buf + p->len, text, n);
			p->len += n;
		} else {
			put_varint(p, v[i] == MW_UNKNOWN ? 0 : zigzag(v[i]) + 1);
		}
	}
}

void mw_pack_gone(struct mw_pack *p, int64_t key)
{
	put_key(p, key);
	put_varint(p, 1);
}

void mw_pack_release(struct mw_pack *p)
{
	free(p->buf);
	memset(p, 0, sizeof(*p));
}

/* ---- decoding: the state of a chain, packs applied one after the other ---- */

struct state_row {
	int64_t key;
	bool present;
	int64_t v[MW_PACK_MAX_COLS];
	char *text;
};

struct state {
	struct state_row *rows;
	size_t n_rows, alloc_rows;
	uint32_t *slots;		/* open addressing: row index + 1, 0 = empty */
	size_t cap;
};

static size_t slot_of(const struct state *s, int64_t key)
{
	uint64_t h = (uint64_t)key * UINT64_C(0x9E3779B97F4A7C15);
	size_t i = (size_t)(h >> 32) & (s->cap - 1);
	while (s->slots[i] && s->rows[s->slots[i] - 1].key != key)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static struct state_row *state_row(struct state *s, int64_t key, int n_cols)
{
	size_t i;
	if ((s->n_rows + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 512;
		free(s->slots);
		s->slots = mw_xcalloc(cap, sizeof(*s->slots));
		s->cap = cap;
		for (size_t r = 0; r < s->n_rows; r++)
			s->slots[slot_of(s, s->rows[r].key)] = (uint32_t)r + 1;
	}
	i = slot_of(s, key);
	if (!s->slots[i]) {
		struct state_row *r;
		MW_GROW(s->rows, s->alloc_rows, s->n_rows + 1);
		r = &s->rows[s->n_rows];
		r->key = key;
		r->present = false;
		r->text = NULL;
		s->slots[i] = (uint32_t)++s->n_rows;
	}
	{
		struct state_row *r = &s->rows[s->slots[i] - 1];
		if (!r->present) {
			/* a key new to the state: every column NULL until its entry says otherwise */
			for (int c = 0; c < n_cols; c++)
				r->v[c] = MW_UNKNOWN;
			r->text = mw_free(r->text);
		}
		return r;
	}
}

static void state_release(struct state *s)
{
	for (size_t i = 0; i < s->n_rows; i++)
		free(s->rows[i].text);
	free(s->rows);
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

static bool get_varint(const unsigned char **pp, const unsigned char *end, uint64_t *ret)
{
	const unsigned char *p = *pp;
	uint64_t v = 0;
	for (unsigned shift = 0; p < end && shift < 64; shift += 7) {
		unsigned char b = *p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*pp = p;
			*ret = v;
			return true;
		}
	}
	return false;
}

/* Applies one pack; false when the blob is damaged. */
static bool apply_pack(struct state *s, const unsigned char *p, size_t len, int n_cols, int text_col)
{
	const unsigned char *end = p + len;
	int64_t key = 0;
	if (!len || *p++ != MW_PACK_FORMAT)
		return false;
	while (p < end) {
		uint64_t u, mask;
		struct state_row *r;
		if (!get_varint(&p, end, &u) || !get_varint(&p, end, &mask))
			return false;
		key = (int64_t)((uint64_t)key + (uint64_t)unzigzag(u));
		if (mask & 1) {
			/* gone: a key the state does not hold is damage too, but harmless */
			if (mask != 1)
				return false;
			if (s->cap) {
				size_t i = slot_of(s, key);
				if (s->slots[i])
					s->rows[s->slots[i] - 1].present = false;
			}
			continue;
		}
		mask >>= 1;
		if (mask >> n_cols)
			return false;
		r = state_row(s, key, n_cols);
		r->present = true;
		for (int c = 0; c < n_cols; c++) {
			if (!(mask & (UINT64_C(1) << c)))
				continue;
			if (!get_varint(&p, end, &u))
				return false;
			if (c == text_col) {
				free(r->text);
				r->text = NULL;
				if (u) {
					if (u - 1 > (uint64_t)(end - p))
						return false;
					r->text = mw_xstrndup((const char *)p, (size_t)(u - 1));
					p += u - 1;
				}
			} else {
				r->v[c] = u ? unzigzag(u - 1) : MW_UNKNOWN;
			}
		}
	}
	return true;
}

/* ---- the table-valued functions ---- */

struct pack_kind {
	const char *name;		/* the function */
	const char *table;		/* the packs */
	const char *key_col;
	const char *cols;		/* the value columns, in pack column order */
	int n_cols;
	int text_col;			/* -1: none */
};

static const struct pack_kind kinds[MW_PACK__N] = {
	[MW_PACK_KV] = { "kv_rows", "kv_pack", "key_id", "value INTEGER, off INTEGER", 2, -1 },
	[MW_PACK_SLAB] = { "slab_rows", "slab_pack", "name_id",
			   "active_objs INTEGER, num_objs INTEGER, objsize INTEGER, objperslab INTEGER, "
			   "pagesperslab INTEGER, limit_ INTEGER, batchcount INTEGER, sharedfactor INTEGER, "
			   "active_slabs INTEGER, num_slabs INTEGER, sharedavail INTEGER, off INTEGER", 12, -1 },
	[MW_PACK_PROC] = { "proc_rows", "proc_pack", "pid", "rss_kb INTEGER, vsz_kb INTEGER, name_id INTEGER, user TEXT",
			   4, 3 },
};

struct pack_vtab {
	sqlite3_vtab base;
	sqlite3 *db;
	const struct pack_kind *kind;
	sqlite3_stmt *packs;		/* the packs of a chain up to a snapshot */
};

struct pack_cursor {
	sqlite3_vtab_cursor base;
	struct state state;
	struct order {
		int64_t key;
		size_t row;
	} *order;			/* the present rows, by key */
	size_t n, i;
	int64_t base_id, snapshot_id;
};

/* column numbers: key, the kind's values, then the hidden arguments */
#define COL_BASE(k) (1 + (k)->n_cols)
#define COL_SNAP(k) (2 + (k)->n_cols)

static int pack_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **ret, char **err)
{
	const struct pack_kind *k = aux;
	struct pack_vtab *vt;
	char sql[512];
	int rc;
	(void)argc;
	(void)argv;
	snprintf(sql, sizeof(sql), "CREATE TABLE x(%s INTEGER, %s, base_id HIDDEN, snapshot_id HIDDEN)", k->key_col,
		 k->cols);
	if ((rc = sqlite3_declare_vtab(db, sql)) != SQLITE_OK) {
		*err = sqlite3_mprintf("%s: %s", k->name, sqlite3_errmsg(db));
		return rc;
	}
	sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
	vt = mw_xcalloc(1, sizeof(*vt));
	vt->db = db;
	vt->kind = k;
	*ret = &vt->base;
	return SQLITE_OK;
}

static int pack_disconnect(sqlite3_vtab *v)
{
	struct pack_vtab *vt = (struct pack_vtab *)v;
	sqlite3_finalize(vt->packs);
	free(vt);
	return SQLITE_OK;
}

/* Both arguments are needed, by equality: without them there is nothing to read. */
static int pack_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
	const struct pack_kind *k = ((struct pack_vtab *)v)->kind;
	int base = -1, snap = -1;
	for (int i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];
		if (c->op != SQLITE_INDEX_CONSTRAINT_EQ)
			continue;
		if (c->iColumn == COL_BASE(k)) {
			if (!c->usable)
				return SQLITE_CONSTRAINT;
			base = i;
		} else if (c->iColumn == COL_SNAP(k)) {
			if (!c->usable)
				return SQLITE_CONSTRAINT;
			snap = i;
		}
	}
	if (base < 0 || snap < 0) {
		sqlite3_free(v->zErrMsg);
		v->zErrMsg = sqlite3_mprintf("%s(base_id, snapshot_id) needs both arguments", k->name);
		return SQLITE_ERROR;
	}
	info->aConstraintUsage[base].argvIndex = 1;
	info->aConstraintUsage[base].omit = 1;
	info->aConstraintUsage[snap].argvIndex = 2;
	info->aConstraintUsage[snap].omit = 1;
	info->estimatedCost = 1000;
	info->estimatedRows = 300;
	if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn == 0 && !info->aOrderBy[0].desc)
		info->orderByConsumed = 1;	/* rows come by key */
	return SQLITE_OK;
}

static int pack_open(sqlite3_vtab *v, sqlite3_vtab_cursor **ret)
{
	struct pack_cursor *c = mw_xcalloc(1, sizeof(*c));
	(void)v;
	*ret = &c->base;
	return SQLITE_OK;
}

static void cursor_reset(struct pack_cursor *c)
{
	state_release(&c->state);
	c->order = mw_free(c->order);
	c->n = c->i = 0;
}

static int pack_close(sqlite3_vtab_cursor *cur)
{
	struct pack_cursor *c = (struct pack_cursor *)cur;
	cursor_reset(c);
	free(c);
	return SQLITE_OK;
}

static int by_key(const void *a, const void *b)
{
	int64_t x = ((const struct order *)a)->key, y = ((const struct order *)b)->key;
	return (x > y) - (x < y);
}

static int pack_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc, sqlite3_value **argv)
{
	struct pack_cursor *c = (struct pack_cursor *)cur;
	struct pack_vtab *vt = (struct pack_vtab *)cur->pVtab;
	const struct pack_kind *k = vt->kind;
	int rc;
	(void)idx;
	(void)idxstr;

	cursor_reset(c);
	if (argc != 2 || sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return SQLITE_OK;	/* a snapshot without a chain (nothing kept): no rows */
	c->base_id = sqlite3_value_int64(argv[0]);
	c->snapshot_id = sqlite3_value_int64(argv[1]);
	if (!vt->packs) {
		char sql[160];
		snprintf(sql, sizeof(sql), "SELECT data FROM %s WHERE snapshot_id BETWEEN ?1 AND ?2 ORDER BY snapshot_id, part",
			 k->table);
		if (sqlite3_prepare_v3(vt->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &vt->packs, NULL) != SQLITE_OK) {
			vt->base.zErrMsg = sqlite3_mprintf("%s: %s", k->name, sqlite3_errmsg(vt->db));
			return SQLITE_ERROR;
		}
	}
	sqlite3_bind_int64(vt->packs, 1, c->base_id);
	sqlite3_bind_int64(vt->packs, 2, c->snapshot_id);
	while ((rc = sqlite3_step(vt->packs)) == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(vt->packs, 0);
		int n = sqlite3_column_bytes(vt->packs, 0);
		if (!apply_pack(&c->state, blob, (size_t)n, k->n_cols, k->text_col)) {
			sqlite3_reset(vt->packs);
			vt->base.zErrMsg = sqlite3_mprintf("%s: a damaged pack in %s (snapshots %lld to %lld)", k->name,
							   k->table, (long long)c->base_id, (long long)c->snapshot_id);
			return SQLITE_CORRUPT;
		}
	}
	sqlite3_reset(vt->packs);
	if (rc != SQLITE_DONE) {
		vt->base.zErrMsg = sqlite3_mprintf("%s: %s", k->name, sqlite3_errmsg(vt->db));
		return rc;
	}
	c->order = mw_xmalloc((c->state.n_rows ? c->state.n_rows : 1) * sizeof(*c->order));
	for (size_t i = 0; i < c->state.n_rows; i++) {
		if (c->state.rows[i].present) {
			c->order[c->n].key = c->state.rows[i].key;
			c->order[c->n++].row = i;
		}
	}
	qsort(c->order, c->n, sizeof(*c->order), by_key);
	return SQLITE_OK;
}

static int pack_next(sqlite3_vtab_cursor *cur)
{
	((struct pack_cursor *)cur)->i++;
	return SQLITE_OK;
}

static int pack_eof(sqlite3_vtab_cursor *cur)
{
	const struct pack_cursor *c = (const struct pack_cursor *)cur;
	return c->i >= c->n;
}

static int pack_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct pack_cursor *c = (const struct pack_cursor *)cur;
	const struct pack_kind *k = ((const struct pack_vtab *)cur->pVtab)->kind;
	const struct state_row *r = &c->state.rows[c->order[c->i].row];
	if (col == 0) {
		sqlite3_result_int64(ctx, r->key);
	} else if (col == COL_BASE(k)) {
		sqlite3_result_int64(ctx, c->base_id);
	} else if (col == COL_SNAP(k)) {
		sqlite3_result_int64(ctx, c->snapshot_id);
	} else if (col - 1 == k->text_col) {
		if (r->text)
			sqlite3_result_text(ctx, r->text, -1, SQLITE_TRANSIENT);
	} else if (col >= 1 && col <= k->n_cols && r->v[col - 1] != MW_UNKNOWN) {
		sqlite3_result_int64(ctx, r->v[col - 1]);
	}
	return SQLITE_OK;
}

static int pack_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *ret)
{
	*ret = (sqlite3_int64)((const struct pack_cursor *)cur)->i;
	return SQLITE_OK;
}

static const sqlite3_module pack_module = {
	.iVersion = 0,
	.xCreate = NULL,	/* eponymous only: kv_rows(...) in a FROM clause, never CREATE VIRTUAL TABLE */
	.xConnect = pack_connect,
	.xBestIndex = pack_best_index,
	.xDisconnect = pack_disconnect,
	.xOpen = pack_open,
	.xClose = pack_close,
	.xFilter = pack_filter,
	.xNext = pack_next,
	.xEof = pack_eof,
	.xColumn = pack_column,
	.xRowid = pack_rowid,
};

int mw_store_register_packs(struct mw_store *st)
{
	for (size_t i = 0; i < MW_ARRAY_SIZE(kinds); i++) {
		if (sqlite3_create_module_v2(st->db, kinds[i].name, &pack_module, (void *)&kinds[i], NULL) != SQLITE_OK)
			return mw_store_fail(st, "registering the pack readers");
	}
	return 0;
}
