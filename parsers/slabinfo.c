/* SPDX-License-Identifier: MIT */
/*
 * slabinfo.c: /proc/slabinfo of every version (mm/slab_common.c
 * cache_show(); mm/slab.c s_show() before 3.x; kernel-formats.md 7):
 *
 *   slabinfo - version: 2.1
 *   # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
 *   dentry             40719  40719    192   21    1 : tunables    0    0    0 : slabdata   1939   1939      0
 *   iwl_cmd_pool:0000:04:00.0      0    128    512   32    4 : tunables    0    0    0 : slabdata      4      4      0
 *
 * The version line gates how the lines are read (procps-ng
 * library/slabinfo.c): 1.0 (2.2: "name active num"), 1.1/1.2 (2.4/2.5:
 * "name active num objsize active_slabs num_slabs pagesperslab [: limit
 * batchcount [shared]]"), 2.0 and 2.1 (2.6+, SLAB and SLUB). A version we
 * do not know is refused with a diagnostic and its lines are skipped. A
 * file without its header (supportconfig drops the '#' lines, some tools
 * drop both) is still read: the shape of the first cache line tells the
 * version. Names may be longer than their 17 columns and hold colons, so a
 * line is split on blanks, and the " : " groups are found by their
 * labels (tunables, slabdata; globalstat and cpustat of the statistics
 * variant are skipped). Trap: the 2.0 legend says "<batchcount> <limit>"
 * but the data always printed limit first; position wins.
 *
 * Facts for the snapshot: slabinfo_version, slab_allocator (SLUB prints
 * its tunables as 0 0 0, SLAB never does), and page_size when the caches
 * pin it: a slab of `pagesperslab` pages holds `objperslab` objects of
 * `objsize` bytes, so PAGE_SIZE >= objperslab * objsize / pagesperslab
 * for every cache, and SLUB, which packs as many objects as fit, adds
 * PAGE_SIZE < (objperslab + 1) * objsize / pagesperslab. The smallest
 * power of two above the largest lower bound is the page size when it
 * meets every upper bound.
 */
#include <stdio.h>
#include <string.h>
#include "procfs.h"
#include "memwaste/banned.h"

#define MAX_TOKENS 64

struct slabinfo_state {
	int major, minor;		/* -1: not known (yet) */
	bool statistics;
	bool skip;			/* a version we do not read: lines are counted, not read */
	bool legend;
	bool guessed;			/* no version line: read from the shape */
	unsigned nth;			/* lines fed in this section */
	unsigned caches, skipped, bad;
	uint64_t version_line;
	char first[64];
	size_t first_len;
	/* allocator and page size */
	bool slab_tunables;		/* a cache with non-zero tunables: SLAB */
	uint64_t ps_low, ps_high;	/* bounds on PAGE_SIZE */
	char ps_cache[64];
};

/* A line split on blanks, each token read as a number once (the hot path of a 10-second logging loop). */
struct tokens {
	const char *p[MAX_TOKENS];
	size_t n[MAX_TOKENS];
	int64_t v[MAX_TOKENS];
	bool num[MAX_TOKENS];
	unsigned count;
	bool more;			/* the line had more tokens than kept */
};

static void tokenize(const char *p, const char *end, struct tokens *t)
{
	t->count = 0;
	t->more = false;
	for (;;) {
		const char *s, *e;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		if (t->count == MAX_TOKENS) {
			t->more = true;
			break;
		}
		s = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		t->p[t->count] = s;
		t->n[t->count] = (size_t)(p - s);
		t->num[t->count] = (*s >= '0' && *s <= '9') || *s == '-' ?
					   (e = mw_scan_i64(s, p, &t->v[t->count])) == p : false;
		t->count++;
	}
}

static bool tok_num(const struct tokens *t, unsigned i, int64_t *v)
{
	if (i >= t->count || !t->num[i])
		return false;
	*v = t->v[i];
	return true;
}

static bool tok_is(const struct tokens *t, unsigned i, const char *lit)
{
	return i < t->count && t->n[i] == strlen(lit) && memcmp(t->p[i], lit, t->n[i]) == 0;
}

/* "slabinfo - version: 2.1[ (statistics)]" */
static bool version_line(const char *p, const char *end, int *major, int *minor, bool *stats)
{
	uint64_t a, b;
	if (!mw_starts_with(p, end, "slabinfo - version:"))
		return false;
	p = mw_skip_ws(p + 19, end);
	if (!(p = mw_scan_u64(p, end, &a)) || p >= end || *p != '.' || !(p = mw_scan_u64(p + 1, end, &b)) || a > 99 || b > 99) {
		*major = *minor = 99;
		*stats = false;
		return true;
	}
	*major = (int)a;
	*minor = (int)b;
	*stats = mw_find(p, end, "(statistics)") != NULL;
	return true;
}

static bool known_version(int major, int minor)
{
	return (major == 1 && minor <= 2) || (major == 2 && minor <= 1);
}

/* A cache line of the 2.x shape: name, 5 numbers, ": tunables" ... */
static bool looks_2x(const struct tokens *t)
{
	int64_t v;
	for (unsigned i = 1; i <= 5; i++)
		if (!tok_num(t, i, &v))
			return false;
	return tok_is(t, 6, ":") && tok_is(t, 7, "tunables");
}

static int slabinfo_probe(const struct mw_line *line, const char *hint)
{
	const char *p = line->ptr, *end = p + line->len;
	struct tokens t;
	int a, b;
	bool st;
	(void)hint;
	if (version_line(p, end, &a, &b, &st))
		return 100;
	if (mw_starts_with(p, end, "# name") && mw_find(p, end, "<active_objs>"))
		return 95;
	tokenize(p, end, &t);
	if (t.count >= 16 && looks_2x(&t))
		return 85;
	return 0;
}

static void note_page_size(struct slabinfo_state *s, const struct mw_rec_slab *c, bool slub)
{
	uint64_t bytes, lo, hi;
	int64_t per = c->objperslab;
	if (per == MW_UNKNOWN && c->num_slabs > 0 && c->num_objs != MW_UNKNOWN)
		per = c->num_objs / c->num_slabs;
	if (per <= 0 || c->objsize <= 0 || c->pagesperslab <= 0 || per > (1 << 20) || c->objsize > (1 << 30))
		return;
	bytes = (uint64_t)per * (uint64_t)c->objsize;
	lo = (bytes + (uint64_t)c->pagesperslab - 1) / (uint64_t)c->pagesperslab;
	if (lo > s->ps_low) {
		s->ps_low = lo;
		snprintf(s->ps_cache, sizeof(s->ps_cache), "%.*s", (int)c->name.len, c->name.ptr);
	}
	if (slub) {
		hi = (bytes + (uint64_t)c->objsize - 1) / (uint64_t)c->pagesperslab;
		if (!s->ps_high || hi < s->ps_high)
			s->ps_high = hi;
	}
}

/*
 * A 2.x cache line: name, active_objs num_objs objsize objperslab
 * pagesperslab, then ": tunables limit batchcount sharedfactor" and
 * ": slabdata active_slabs num_slabs sharedavail", then (statistics) ":
 * globalstat ..." and ": cpustat ...". Returns false with *why set when
 * the line is incomplete.
 */
static bool read_2x(const struct tokens *t, struct mw_rec_slab *c, const char **why)
{
	int64_t *head[5] = { &c->active_objs, &c->num_objs, &c->objsize, &c->objperslab, &c->pagesperslab };
	int64_t *tun[3] = { &c->limit, &c->batchcount, &c->sharedfactor };
	int64_t *data[3] = { &c->active_slabs, &c->num_slabs, &c->sharedavail };
	bool have_tun = false, have_data = false;
	unsigned i;

	for (i = 0; i < 5; i++) {
		if (!tok_num(t, 1 + i, head[i])) {
			*why = i + 1 < t->count ? "a column that is not a number" : "fewer than 5 numbers after the name";
			return false;
		}
	}
	i = 6;
	while (i < t->count) {
		int64_t **dst = NULL;
		unsigned k;
		if (!tok_is(t, i, ":")) {
			*why = "a column that is not a number";
			return false;
		}
		i++;
		if (tok_is(t, i, "tunables"))
			dst = tun, have_tun = true;
		else if (tok_is(t, i, "slabdata"))
			dst = data, have_data = true;
		i++;
		for (k = 0; i < t->count && !tok_is(t, i, ":"); i++, k++) {
			int64_t v;
			if (!tok_num(t, i, &v)) {
				*why = "a column that is not a number";
				return false;
			}
			if (dst && k < 3)
				*dst[k] = v;
		}
		if (dst && k < 3) {
			*why = dst == tun ? "the tunables group is cut short" : "the slabdata group is cut short";
			return false;
		}
	}
	if (!have_tun || !have_data) {
		*why = !have_data ? "no slabdata group (line cut off?)" : "no tunables group";
		return false;
	}
	return true;
}

/*
 * A 1.x cache line. 1.1/1.2: name active_objs num_objs objsize
 * active_slabs num_slabs pagesperslab [statistics...] [: limit batchcount
 * [shared]]. 1.0: name active_objs num_objs, or name active_objs num_objs
 * active_slabs num_slabs pagesperslab (no object size).
 */
static bool read_1x(const struct slabinfo_state *s, const struct tokens *t, struct mw_rec_slab *c, const char **why)
{
	int64_t v[8];
	unsigned n = 0, i;
	for (i = 1; i < t->count && !tok_is(t, i, ":") && n < 8; i++) {
		if (!tok_num(t, i, &v[n])) {
			*why = "a column that is not a number";
			return false;
		}
		n++;
	}
	if (s->minor == 0) {
		if (n != 2 && n != 5) {
			*why = "slabinfo 1.0 lines have 2 or 5 numbers";
			return false;
		}
		c->active_objs = v[0];
		c->num_objs = v[1];
		if (n == 5) {
			c->active_slabs = v[2];
			c->num_slabs = v[3];
			c->pagesperslab = v[4];
		}
		return true;
	}
	if (n < 6) {
		*why = "fewer than 6 numbers after the name";
		return false;
	}
	c->active_objs = v[0];
	c->num_objs = v[1];
	c->objsize = v[2];
	c->active_slabs = v[3];
	c->num_slabs = v[4];
	c->pagesperslab = v[5];
	if (c->num_slabs > 0)
		c->objperslab = c->num_objs / c->num_slabs;
	while (i < t->count && !tok_is(t, i, ":"))
		i++;
	if (tok_is(t, i, ":")) {
		int64_t a, b, sh;
		if (tok_num(t, i + 1, &a) && tok_num(t, i + 2, &b)) {
			c->limit = a;
			c->batchcount = b;
			if (tok_num(t, i + 3, &sh))
				c->sharedfactor = sh;
		}
	}
	return true;
}

/*
 * Whether a line is a cache line of this section, complete or not: a name
 * and as many leading numbers as the version always prints (2.x: 5, 1.1:
 * 6, 1.0: 2). Shorter lines are another section (vmstat's "name value"
 * looks like a cache line cut after its first number), except the last
 * line of an input that was cut off.
 */
static bool cache_shaped(const struct slabinfo_state *s, const struct tokens *t, bool unterminated)
{
	unsigned need = s->major < 0 ? 2 : s->major == 2 ? 5 : s->minor == 0 ? 2 : 6;
	int64_t v;
	if (t->count < 2 || !tok_num(t, 1, &v))
		return false;
	if (unterminated)
		return true;
	for (unsigned i = 1; i <= need; i++)
		if (!tok_num(t, i, &v))
			return false;
	return true;
}

/*
 * The common line of 2.x, read in one pass without splitting it: a name,
 * 5 numbers, ": tunables" and 3 numbers, ": slabdata" and 3 numbers, then
 * nothing but blanks. A logging loop prints ~240 of these every 10
 * seconds, so this is the hot path of a capture's import. Numbers are
 * unsigned and at most 18 digits (no overflow); anything else (a sign, a
 * statistics group, a name starting with a blank or '#', a cut line)
 * returns false and the line goes through tokenize(), which reads it the
 * same way when it can and says what is wrong when it cannot.
 */
static bool blank_c(char c)
{
	return c == ' ' || c == '\t';
}

static const char *fast_num(const char *p, const char *end, int64_t *ret)
{
	const char *s;
	uint64_t v = 0;
	if (p == end || !blank_c(*p))
		return NULL;
	while (++p < end && blank_c(*p))
		;
	s = p;
	while (p < end && (unsigned)(*p - '0') < 10)
		v = v * 10 + (uint64_t)(*p++ - '0');
	if (p == s || p - s > 18 || (p < end && !blank_c(*p)))
		return NULL;
	*ret = (int64_t)v;
	return p;
}

/* " : label" (blanks around the colon); returns the position after the label or NULL. */
static const char *fast_group(const char *p, const char *end, const char *label, size_t n)
{
	if (p == end || !blank_c(*p))
		return NULL;
	while (++p < end && blank_c(*p))
		;
	if (end - p < 2 || p[0] != ':' || !blank_c(p[1]))
		return NULL;
	p += 2;
	while (p < end && blank_c(*p))
		p++;
	if ((size_t)(end - p) < n || memcmp(p, label, n) != 0)
		return NULL;
	return p + n;
}

static bool fast_2x(const char *p, const char *end, struct mw_rec_slab *c)
{
	const char *s = p;
	if (p == end || blank_c(*p) || *p == '#')
		return false;
	while (p < end && !blank_c(*p))
		p++;
	c->name = mw_str_make(s, (size_t)(p - s));
	if (!(p = fast_num(p, end, &c->active_objs)) || !(p = fast_num(p, end, &c->num_objs)) ||
	    !(p = fast_num(p, end, &c->objsize)) || !(p = fast_num(p, end, &c->objperslab)) ||
	    !(p = fast_num(p, end, &c->pagesperslab)) || !(p = fast_group(p, end, "tunables", 8)) ||
	    !(p = fast_num(p, end, &c->limit)) || !(p = fast_num(p, end, &c->batchcount)) ||
	    !(p = fast_num(p, end, &c->sharedfactor)) || !(p = fast_group(p, end, "slabdata", 8)) ||
	    !(p = fast_num(p, end, &c->active_slabs)) || !(p = fast_num(p, end, &c->num_slabs)) ||
	    !(p = fast_num(p, end, &c->sharedavail)))
		return false;
	while (p < end && blank_c(*p))
		p++;
	return p == end;
}

/*
 * The memo (mw_parser.memo_size): what fast_2x() read from the line at
 * each position of the last section, with its bytes. A 10-second loop
 * changes about one cache line in ten, so most lines are a memcmp() away
 * from their numbers. Only lines fast_2x() read are kept: their record
 * depends on nothing but their bytes.
 */
struct slab_memo_line {
	struct mw_memo_line line;
	size_t name_len;
	int64_t v[11];
};

struct slabinfo_memo {
	struct slab_memo_line line[MW_MEMO_LINES];
};

static bool memo_get(const struct slab_memo_line *m, const struct mw_line *line, struct mw_rec_slab *c)
{
	if (!mw_memo_same(&m->line, line))
		return false;
	c->name = mw_str_make(line->ptr, m->name_len);
	c->active_objs = m->v[0];
	c->num_objs = m->v[1];
	c->objsize = m->v[2];
	c->objperslab = m->v[3];
	c->pagesperslab = m->v[4];
	c->limit = m->v[5];
	c->batchcount = m->v[6];
	c->sharedfactor = m->v[7];
	c->active_slabs = m->v[8];
	c->num_slabs = m->v[9];
	c->sharedavail = m->v[10];
	return true;
}

static void memo_put(struct slab_memo_line *m, const struct mw_line *line, const struct mw_rec_slab *c)
{
	mw_memo_keep(&m->line, line);
	m->name_len = c->name.len;
	m->v[0] = c->active_objs;
	m->v[1] = c->num_objs;
	m->v[2] = c->objsize;
	m->v[3] = c->objperslab;
	m->v[4] = c->pagesperslab;
	m->v[5] = c->limit;
	m->v[6] = c->batchcount;
	m->v[7] = c->sharedfactor;
	m->v[8] = c->active_slabs;
	m->v[9] = c->num_slabs;
	m->v[10] = c->sharedavail;
}

static void slabinfo_memo_release(void *memo)
{
	struct slabinfo_memo *m = memo;
	for (size_t i = 0; i < MW_MEMO_LINES; i++)
		mw_memo_free(&m->line[i].line);
}

/* Counts within the bounds of procfs.h; every number of a cache line is unsigned. */
static bool plausible(const struct mw_rec_slab *c)
{
	static const struct {
		size_t off;
		int64_t max;
	} bounds[] = {
		{ offsetof(struct mw_rec_slab, active_objs), MW_PROC_MAX_PAGES },
		{ offsetof(struct mw_rec_slab, num_objs), MW_PROC_MAX_PAGES },
		{ offsetof(struct mw_rec_slab, objsize), INT64_C(1) << 34 },
		{ offsetof(struct mw_rec_slab, objperslab), INT64_C(1) << 24 },
		{ offsetof(struct mw_rec_slab, pagesperslab), INT64_C(1) << 12 },
		{ offsetof(struct mw_rec_slab, active_slabs), MW_PROC_MAX_PAGES },
		{ offsetof(struct mw_rec_slab, num_slabs), MW_PROC_MAX_PAGES },
		{ offsetof(struct mw_rec_slab, limit), INT64_C(1) << 32 },
		{ offsetof(struct mw_rec_slab, batchcount), INT64_C(1) << 32 },
		{ offsetof(struct mw_rec_slab, sharedfactor), INT64_C(1) << 32 },
		{ offsetof(struct mw_rec_slab, sharedavail), MW_PROC_MAX_PAGES },
	};
	for (size_t i = 0; i < MW_ARRAY_SIZE(bounds); i++) {
		int64_t v = *(const int64_t *)((const char *)c + bounds[i].off);
		if (v != MW_UNKNOWN && (v < 0 || v > bounds[i].max))
			return false;
	}
	return true;
}

static int slabinfo_begin(void *state, struct mw_pctx *ctx)
{
	struct slabinfo_state *s = state;
	(void)ctx;
	s->major = s->minor = -1;
	return 0;
}

/* A cache line read (by fast_2x(), read_2x() or read_1x()): checked, noted and emitted. */
static int cache_line(struct slabinfo_state *s, struct mw_pctx *ctx, const struct mw_line *line, struct mw_record *r)
{
	struct mw_rec_slab *c = &r->u.slab;
	int rc;
	if (!plausible(c)) {
		s->bad++;
		mw_pwarn(ctx, line->lineno, "cache '%.*s' skipped: %s", (int)MW_MIN(c->name.len, (size_t)64), c->name.ptr,
			 "a number out of any plausible range");
		return MW_FEED_TAKEN;
	}
	if (!s->caches) {
		s->first_len = MW_MIN(c->name.len, sizeof(s->first));
		memcpy(s->first, c->name.ptr, s->first_len);
	}
	s->caches++;
	if (c->limit > 0 || c->batchcount > 0)
		s->slab_tunables = true;
	note_page_size(s, c, s->major == 2 && c->limit == 0 && c->batchcount == 0 && c->sharedfactor == 0);
	rc = mw_emit(ctx, r);
	return rc < 0 ? rc : MW_FEED_TAKEN;
}

static int slabinfo_feed(void *state, struct mw_pctx *ctx, const struct mw_line *line)
{
	struct slabinfo_state *s = state;
	const char *p = line->ptr, *end = p + line->len, *why = NULL;
	struct mw_proc_quote q;
	struct mw_record r;
	struct mw_rec_slab *c = &r.u.slab;
	struct tokens t;
	unsigned nth = s->nth++;
	int a, b;
	bool st, ok;

	if (s->major == 2 && !s->skip) {
		struct slabinfo_memo *memo = ctx->memo;
		struct slab_memo_line *m = memo && nth < MW_MEMO_LINES ? &memo->line[nth] : NULL;
		bool hit = false;
		mw_record_init(&r, MW_REC_SLAB, line->lineno);
		if ((m && (hit = memo_get(m, line, c))) || fast_2x(p, end, c)) {
			if (s->caches && c->name.len == s->first_len && memcmp(c->name.ptr, s->first, s->first_len) == 0)
				return MW_FEED_REJECT;	/* the first cache again: the next capture */
			if (m && !hit)
				memo_put(m, line, c);
			if (hit)
				ctx->stats->memo_lines++;
			return cache_line(s, ctx, line, &r);
		}
	}
	if (version_line(p, end, &a, &b, &st)) {
		if (s->major >= 0 || s->caches || s->legend || s->skipped)
			return MW_FEED_REJECT;	/* the next capture */
		s->major = a;
		s->minor = b;
		s->statistics = st;
		s->version_line = line->lineno;
		if (!known_version(a, b)) {
			s->skip = true;
			if (a == 99)
				mw_pwarn(ctx, line->lineno, "cannot read the version number ('%s'); the cache lines are skipped",
					 mw_proc_quote(&q, p, line->len));
			else
				mw_pwarn(ctx, line->lineno, "version %d.%d is not one memwaste reads (1.0-1.2, 2.0, 2.1); "
					 "the cache lines are skipped", a, b);
		}
		return MW_FEED_TAKEN;
	}
	if (mw_proc_blank(p, end))
		return MW_FEED_TAKEN;	/* a blank line ends nothing: the next line says what comes */
	if (*p == '#') {
		if (s->legend || s->caches || !mw_find(p, end, "<active_objs>"))
			return MW_FEED_REJECT;
		s->legend = true;
		if (s->major < 0) {
			/* the legend without the version line: 2.x (the 2.0 legend lists batchcount first) */
			s->major = 2;
			s->minor = mw_find(p, end, "<batchcount> <limit>") ? 0 : 1;
			s->guessed = true;
		}
		return MW_FEED_TAKEN;
	}
	tokenize(p, end, &t);
	if (!cache_shaped(s, &t, line->unterminated)) {
		/* a garbled cache line is not the end of the section */
		if (s->major >= 0 && !s->skip && mw_find(p, end, " : slabdata ")) {
			s->bad++;
			mw_pwarn(ctx, line->lineno, "'%s' is not a cache line, skipped", mw_proc_quote(&q, p, line->len));
			return MW_FEED_TAKEN;
		}
		return MW_FEED_REJECT;
	}
	if (s->caches && t.n[0] == s->first_len && memcmp(t.p[0], s->first, t.n[0]) == 0)
		return MW_FEED_REJECT;	/* the first cache again: the next capture */
	if (s->skip) {
		s->skipped++;
		return MW_FEED_TAKEN;
	}
	if (s->major < 0) {
		/* no header at all: tell the version from the shape */
		s->guessed = true;
		if (looks_2x(&t)) {
			s->major = 2;
			s->minor = 1;
		} else {
			s->major = 1;
			s->minor = t.count == 3 ? 0 : 1;
		}
		mw_pnote(ctx, line->lineno, "no version line; read as version %d.%d from the shape of the lines",
			 s->major, s->minor);
	}
	mw_record_init(&r, MW_REC_SLAB, line->lineno);
	c->name = mw_str_make(t.p[0], t.n[0]);
	ok = s->major == 2 ? read_2x(&t, c, &why) : read_1x(s, &t, c, &why);
	if (!ok) {
		s->bad++;
		mw_pwarn(ctx, line->lineno, "cache '%.*s' skipped: %s", (int)MW_MIN(t.n[0], (size_t)64), t.p[0], why);
		return MW_FEED_TAKEN;
	}
	return cache_line(s, ctx, line, &r);
}

static int slabinfo_finish(void *state, struct mw_pctx *ctx)
{
	struct slabinfo_state *s = state;
	char text[160];
	uint64_t ps = 4096;
	int rc;

	if (s->major < 0)
		return 0;
	if (s->skip) {
		if (s->skipped)
			mw_pnote(ctx, s->version_line, "%u cache lines of an unknown version skipped", s->skipped);
		snprintf(text, sizeof(text), "%d.%d", s->major, s->minor);
		return mw_proc_fact(ctx, s->version_line, "slabinfo_version", s->major * 10 + s->minor, text);
	}
	snprintf(text, sizeof(text), "%d.%d%s%s", s->major, s->minor, s->statistics ? " (statistics)" : "",
		 s->guessed ? " (from the shape: no version line)" : "");
	if ((rc = mw_proc_fact(ctx, s->version_line, "slabinfo_version", s->major * 10 + s->minor, text)) < 0)
		return rc;
	if (!s->caches)
		return 0;
	if ((rc = mw_proc_fact(ctx, s->version_line, "slab_allocator", MW_UNKNOWN,
			       s->major == 2 && !s->slab_tunables ? "SLUB" : "SLAB")) < 0)
		return rc;
	while (ps < s->ps_low && ps < (UINT64_C(1) << 20))
		ps <<= 1;
	/* the largest lower bound must be above half a page to pin it; SLUB's upper bounds must agree */
	if (s->ps_low > ps / 2 && ps <= (UINT64_C(1) << 18) && (!s->ps_high || ps <= s->ps_high)) {
		snprintf(text, sizeof(text), "objects per slab x object size of cache '%s' need %llu bytes per page",
			 s->ps_cache, (unsigned long long)s->ps_low);
		return mw_proc_fact(ctx, s->version_line, "page_size", (int64_t)ps, text);
	}
	return 0;
}

const struct mw_parser mw_parser_slabinfo = {
	.name = "slabinfo",
	.summary = "/proc/slabinfo (versions 1.0-1.2, 2.0, 2.1; SLAB and SLUB)",
	.flags = MW_PARSER_SNAPSHOT,
	.snapshot_kind = MW_SK_SLABINFO,
	.state_size = sizeof(struct slabinfo_state),
	.probe = slabinfo_probe,
	.begin = slabinfo_begin,
	.feed = slabinfo_feed,
	.finish = slabinfo_finish,
	.memo_size = sizeof(struct slabinfo_memo),
	.memo_release = slabinfo_memo_release,
};
