/* SPDX-License-Identifier: MIT */
/*
 * showmem.c: the show_mem() dump that sysrq-m, the OOM killer and
 * allocation failures print (mm/show_mem.c, formerly lib/show_mem.c and
 * the per-architecture show_mem() of 2.6; show_free_areas() in
 * mm/page_alloc.c). Its shape changed in every era
 * (../shared/spec/kernel-formats.md section 8), for example 6.x:
 *
 *   Mem-Info:
 *   active_anon:1413442 inactive_anon:1509191 isolated_anon:0
 *    active_file:29 inactive_file:186 isolated_file:0
 *    ...
 *    free:34629 free_pcp:0 free_cma:0
 *   Node 0 active_anon:5653768kB inactive_anon:6036764kB ... all_unreclaimable? no
 *   Node 0 DMA free:13312kB boost:0kB min:64kB low:80kB high:96kB reserved_highatomic:0KB ...
 *   lowmem_reserve[]: 0 3191 15659 15659 15659
 *   Node 0 DMA: 0*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 1*1024kB (U) 2*2048kB (UM) 2*4096kB (M) = 13312kB
 *   Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB
 *   44659 total pagecache pages
 *   Free swap  = 84kB
 *   Total swap = 25165820kB
 *   4115400 pages RAM
 *
 * and 2.6.15 ("Mem-info:", per-cpu hot/cold lists, "Active:... inactive:",
 * zone lines with active:/inactive:, "2097152 pages of RAM"). Lines arrive
 * prefixed or not, pr_cont pieces indented, and pasted copies wrapped at
 * 80 or 132 columns by mail clients: a line that continues the previous
 * one (no prefix, looks like show_mem tokens) is joined to it before the
 * logical line is parsed. Values go into the event block (events.h):
 * counters in pages, node and zone values in kB, buddy counts per order.
 */
#include <string.h>
#include "events.h"
#include "memwaste/banned.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_word(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_'; }

static bool starts(struct mw_str m, const char *lit)
{
	return mw_starts_with(m.ptr, m.ptr + m.len, lit);
}

/* "Node 12 " at p: returns after it and the node number, or p when absent. */
static const char *node_prefix(const char *p, const char *end, int64_t *ret_node)
{
	uint64_t n;
	const char *q;
	*ret_node = MW_UNKNOWN;
	if (!mw_starts_with(p, end, "Node "))
		return p;
	q = mw_scan_u64(p + 5, end, &n);
	if (!q || q >= end || *q != ' ')
		return p;
	*ret_node = (int64_t)n;
	return q + 1;
}

/* One "name:value" item: "free:13312kB", "reserved_highatomic:0KB", "shmem_thp: 0kB", "all_unreclaimable? yes". */
struct item {
	const char *name;
	size_t nlen;
	int64_t value;
	bool has_value, kb;
};

static const char *next_item(const char *p, const char *end, struct item *it)
{
	const char *tok, *tend, *colon = NULL;

	memset(it, 0, sizeof(*it));
	p = mw_skip_ws(p, end);
	if (p >= end)
		return NULL;
	tok = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	tend = p;
	for (const char *q = tok; q < tend; q++)
		if (*q == ':') {
			colon = q;
			break;
		}
	if (tend > tok && tend[-1] == '?') {
		/* "all_unreclaimable? yes" */
		const char *v = mw_skip_ws(p, end), *ve = v;
		while (ve < end && *ve != ' ' && *ve != '\t')
			ve++;
		it->name = tok;
		it->nlen = (size_t)(tend - 1 - tok);
		if (ve - v == 3 && memcmp(v, "yes", 3) == 0) {
			it->value = 1;
			it->has_value = true;
			return ve;
		}
		if (ve - v == 2 && memcmp(v, "no", 2) == 0) {
			it->value = 0;
			it->has_value = true;
			return ve;
		}
		return p;
	}
	if (!colon || colon == tok)
		return p;
	it->name = tok;
	it->nlen = (size_t)(colon - tok);
	{
		const char *v = colon + 1, *ve = tend, *after = tend;
		int64_t x;
		if (v == tend) {
			/* "shmem_thp: 0kB": the value is the next token */
			v = mw_skip_ws(tend, end);
			ve = v;
			while (ve < end && *ve != ' ' && *ve != '\t')
				ve++;
			after = ve;
		}
		{
			const char *q = mw_scan_i64(v, ve, &x);
			if (!q)
				return tend;
			if (q == ve || ((ve - q == 2) && (q[0] == 'k' || q[0] == 'K') && q[1] == 'B')) {
				it->value = x;
				it->has_value = true;
				it->kb = q != ve;
				return after;
			}
		}
	}
	return tend;
}

static bool item_is(const struct item *it, const char *name)
{
	return it->nlen == strlen(name) && memcmp(it->name, name, it->nlen) == 0;
}

/* A key for the store from a printed name: "isolated(anon)" -> "isolated_anon" (+ suffix). */
static void key_of(const struct item *it, const char *suffix, char *buf, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < it->nlen && o + 1 < n; i++) {
		char c = it->name[i];
		if (c == '(' || c == '-' || c == '.')
			c = '_';
		else if (c == ')')
			continue;
		buf[o++] = c;
	}
	buf[o] = '\0';
	if (suffix && o + strlen(suffix) + 1 < n)
		memcpy(buf + o, suffix, strlen(suffix) + 1);
}

/* Whether every token is "name:value"-like (counters without units). */
static bool counter_tokens(struct mw_str m)
{
	const char *p = m.ptr, *end = m.ptr + m.len;
	int n = 0;
	while ((p = mw_skip_ws(p, end)) < end) {
		const char *t = p;
		while (p < end && is_word(*p))
			p++;
		if (p == t || p >= end || *p != ':')
			return false;
		p++;
		if (p < end && *p == '-')
			p++;
		t = p;
		while (p < end && is_digit(*p))
			p++;
		if (p == t || (p < end && *p != ' ' && *p != '\t'))
			return false;
		n++;
	}
	return n > 0;
}

static const char *const tail_suffixes[] = {
	" pages RAM", " pages of RAM", " pages HighMem/MovableOnly", " pages HighMem", " pages reserved",
	" reserved pages", " pages cma reserved", " pages hwpoisoned", " pages shared", " pages non-shared",
	" pages swap cached", " pages in pagetable cache", " pages dirty", " pages writeback", " pages mapped",
	" pages slab", " pages pagetables", " total pagecache pages", " pages in swap cache",
};

enum sm_kind mw_showmem_kind(struct mw_str m)
{
	const char *p = m.ptr, *end = m.ptr + m.len, *w;
	int64_t node;

	if (!m.len)
		return SM_NONE;
	if (starts(m, "Mem-Info:") || starts(m, "Mem-info:"))
		return SM_MEMINFO;
	if (starts(m, "lowmem_reserve[]:"))
		return SM_RESERVE;
	if (starts(m, "Free pages:"))
		return SM_FREE_PAGES;
	if (starts(m, "Free swap") || starts(m, "Total swap") || starts(m, "Swap cache"))
		return SM_TAIL;
	if (starts(m, "Memory allocations:"))
		return SM_MEMALLOC;
	if (starts(m, "cpu ") && (mw_find(p, end, " hot:") || mw_find(p, end, " cold:")))
		return SM_PERCPU;
	if (starts(m, "CPU ")) {
		const char *q = mw_skip_ws(p + 3, end);
		uint64_t c;
		q = mw_scan_u64(q, end, &c);
		if (q && q < end && *q == ':' && mw_find(q, end, "hi:"))
			return SM_PERCPU;
		return SM_NONE;
	}
	if (is_digit(*p)) {
		for (size_t i = 0; i < MW_ARRAY_SIZE(tail_suffixes); i++) {
			const char *s = mw_find(p, end, tail_suffixes[i]);
			if (s) {
				const char *q = p;
				while (q < s && is_digit(*q))
					q++;
				if (q == s)
					return SM_TAIL;
			}
		}
		return SM_NONE;
	}
	p = node_prefix(p, end, &node);
	if (node != MW_UNKNOWN && mw_starts_with(p, end, "hugepages_total="))
		return SM_HUGEPAGES;
	w = p;
	while (p < end && is_word(*p))
		p++;
	if (p == w || p >= end)
		return SM_NONE;
	if (*p == ':') {
		/* "Node 0 active_anon:...kB" or counters "active_anon:1234 ..." or a buddy line "Normal: 1*4kB" */
		const char *v = p + 1;
		if (v < end && *v == ' ') {
			v = mw_skip_ws(v, end);
			if (mw_starts_with(v, end, "empty"))
				return SM_BUDDY;
			{
				const char *q = v;
				while (q < end && is_digit(*q))
					q++;
				if (q > v && q < end && *q == '*')
					return SM_BUDDY;
			}
			return SM_NONE;
		}
		if (node != MW_UNKNOWN)
			return SM_NODE;
		if ((p - w == 11 && memcmp(w, "active_anon", 11) == 0) || (p - w == 11 && memcmp(w, "Active_anon", 11) == 0) ||
		    (p - w == 6 && memcmp(w, "Active", 6) == 0))
			return counter_tokens(m) || mw_find(m.ptr, end, "kB") == NULL ? SM_COUNTERS : SM_NONE;
		return counter_tokens(m) ? SM_COUNTER_CONT : SM_NONE;
	}
	if (*p == ' ') {
		const char *q = p + 1;
		if (mw_starts_with(q, end, "free:") && q + 5 < end && is_digit(q[5]))
			return SM_ZONE;
		if (mw_starts_with(q, end, "per-cpu:"))
			return SM_PERCPU;
	}
	return SM_NONE;
}

/*
 * Whether a physical line can be the rest of a wrapped show_mem line: its
 * tokens are "name:value" items, buddy counts, units or numbers; only the
 * first and the last may be a piece of a word cut by the wrap ("ive_anon",
 * "m"). Prose fails.
 */
static bool looks_like_wrap(const char *p, const char *end)
{
	int n = 0;
	while ((p = mw_skip_ws(p, end)) < end) {
		const char *t = p;
		bool ok = false;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		if (n == 0 || mw_skip_ws(p, end) == end) {
			bool frag = true;
			for (const char *q = t; q < p; q++)
				if (!is_word(*q) && *q != '(' && *q != ')')
					frag = false;
			if (frag) {
				n++;
				continue;
			}
		}
		for (const char *q = t; q < p; q++)
			if (*q == ':' || *q == '*' || *q == '=' || *q == '(' || *q == ')' || *q == '?')
				ok = true;
		if (!ok) {
			const char *q = t;
			while (q < p && is_digit(*q))
				q++;
			if (q == p || (p - q == 2 && (q[0] == 'k' || q[0] == 'K') && q[1] == 'B') ||
			    (p - q == 1 && (*q == 'k' || *q == 'B')))
				ok = true;
			else if ((p - t == 3 && memcmp(t, "yes", 3) == 0) || (p - t == 2 && memcmp(t, "no", 2) == 0))
				ok = true;
		}
		if (!ok)
			return false;
		n++;
	}
	return n > 0;
}

/* Appends a wrapped piece, putting back the space the wrap may have eaten. */
static void join(struct mw_buf *b, const char *p, size_t len)
{
	if (b->len && len && b->buf[b->len - 1] != ' ' && b->buf[b->len - 1] != '\t' && p[0] != ' ' && p[0] != '\t') {
		char last = b->buf[b->len - 1], first = p[0];
		bool space;
		if (is_digit(last))
			space = !(is_digit(first) || first == 'k' || first == 'K' || first == 'B' || first == '*');
		else if (last == 'B' || last == ')' || last == '?')
			space = first != ':';
		else if (b->len >= 3 && (memcmp(b->buf + b->len - 3, " no", 3) == 0 || memcmp(b->buf + b->len - 3, "yes", 3) == 0))
			space = true;
		else
			space = false;
		if (space)
			mw_buf_addch(b, ' ');
	}
	mw_buf_add(b, p, len);
}

static bool joinable(enum sm_kind k)
{
	return k == SM_COUNTERS || k == SM_NODE || k == SM_ZONE || k == SM_BUDDY || k == SM_RESERVE;
}

static bool buddy_complete(const struct mw_buf *b)
{
	const char *eq = NULL;
	for (size_t i = b->len; i-- > 0;)
		if (b->buf[i] == '=') {
			eq = b->buf + i;
			break;
		}
	if (!eq)
		return mw_find(b->buf, b->buf + b->len, "empty") != NULL;
	{
		const char *q = mw_skip_ws(eq + 1, b->buf + b->len);
		uint64_t v;
		q = mw_scan_u64(q, b->buf + b->len, &v);
		return q && mw_starts_with(q, b->buf + b->len, "kB");
	}
}

static void parse_counters(struct mw_evblock *e, const char *p, const char *end)
{
	struct item it;
	char key[64];
	while ((p = next_item(p, end, &it))) {
		if (!it.has_value)
			continue;
		key_of(&it, it.kb ? "_kb" : NULL, key, sizeof(key));
		mw_ev_kv(e, key, it.value, it.kb ? MW_UNIT_KB : MW_UNIT_PAGES, MW_UNKNOWN);
	}
}

static void parse_node(struct mw_evblock *e, const char *p, const char *end)
{
	int64_t node;
	struct item it;
	char key[64];
	p = node_prefix(p, end, &node);
	while ((p = next_item(p, end, &it))) {
		if (!it.has_value)
			continue;
		if (item_is(&it, "kernel_stack")) {
			e->kstack_node_kb += it.value;
			e->kstack_node = true;
		} else if (item_is(&it, "pagetables")) {
			e->pgtables_node_kb += it.value;
			e->pgtables_node = true;
		}
		key_of(&it, it.kb ? "_kb" : NULL, key, sizeof(key));
		mw_ev_kv(e, key, it.value, it.kb ? MW_UNIT_KB : MW_UNIT_NONE, node);
	}
}

static void parse_zone(struct mw_evblock *e, const char *p, const char *end, uint64_t line)
{
	int64_t node;
	const char *w;
	struct ev_zone *z;
	struct item it;

	p = node_prefix(p, end, &node);
	w = p;
	while (p < end && is_word(*p))
		p++;
	z = mw_ev_zone(e, node, w, (size_t)(p - w));
	if (!z)
		return;
	e->last_zone = (int)(z - e->zones);
	z->zone_line = line;
	while ((p = next_item(p, end, &it))) {
		if (!it.has_value)
			continue;
		if (item_is(&it, "free"))
			z->free_kb = it.value;
		else if (item_is(&it, "min"))
			z->min_kb = it.value;
		else if (item_is(&it, "low"))
			z->low_kb = it.value;
		else if (item_is(&it, "high"))
			z->high_kb = it.value;
		else if (item_is(&it, "boost"))
			z->boost_kb = it.value;
		else if (item_is(&it, "reserved_highatomic"))
			z->highatomic_kb = it.value;
		else if (item_is(&it, "present"))
			z->present_kb = it.value;
		else if (item_is(&it, "managed"))
			z->managed_kb = it.value;
		else if (item_is(&it, "free_cma"))
			z->free_cma_kb = it.value;
		else if (item_is(&it, "all_unreclaimable"))
			z->all_unreclaimable = (int)it.value;
		else if (item_is(&it, "kernel_stack"))
			e->kstack_zone_kb += it.value;
		else if (item_is(&it, "pagetables"))
			e->pgtables_zone_kb += it.value;
	}
}

static void parse_reserve(struct mw_evblock *e, const char *p, const char *end)
{
	struct ev_zone *z;
	if (e->last_zone < 0 || (size_t)e->last_zone >= e->n_zones)
		return;
	z = &e->zones[e->last_zone];
	p += MW_STRLEN("lowmem_reserve[]:");
	z->n_reserve = 0;
	while ((p = mw_skip_ws(p, end)) < end && z->n_reserve < MW_MAX_ZONES) {
		int64_t v;
		const char *q = mw_scan_i64(p, end, &v);
		if (!q)
			break;
		z->reserve[z->n_reserve++] = v;
		p = q;
	}
	e->last_zone = -1;
}

static unsigned log2u(uint64_t v)
{
	unsigned k = 0;
	while (v > 1) {
		v >>= 1;
		k++;
	}
	return k;
}

/* "Node 0 DMA32: 550*4kB (UM) 250*8kB (UE) ... = 63624kB", "Node 1 DMA: empty" */
static void parse_buddy(struct mw_evblock *e, struct mw_pctx *ctx, const char *p, const char *end, uint64_t line)
{
	int64_t node;
	const char *w;
	struct ev_zone *z;
	int last = -1;
	uint64_t sum = 0;

	p = node_prefix(p, end, &node);
	w = p;
	while (p < end && is_word(*p))
		p++;
	z = mw_ev_zone(e, node, w, (size_t)(p - w));
	if (!z)
		return;
	z->buddy_line = line;
	if (p < end && *p == ':')
		p++;
	while ((p = mw_skip_ws(p, end)) < end) {
		uint64_t count, size;
		const char *q;
		if (*p == '(') {
			const char *c = p + 1;
			while (p < end && *p != ')')
				p++;
			if (last >= 0) {
				size_t n = MW_MIN((size_t)(p - c), sizeof(z->types[0]) - 1);
				memcpy(z->types[last], c, n);
				z->types[last][n] = '\0';
			}
			if (p < end)
				p++;
			continue;
		}
		if (*p == '=') {
			/* "= 13312kB": the line's own total; a mismatch means a damaged (badly joined) line */
			uint64_t total;
			q = mw_scan_u64(mw_skip_ws(p + 1, end), end, &total);
			if (q && mw_starts_with(q, end, "kB") && total != sum)
				mw_pwarn(ctx, line, "buddy line of %s: the blocks add up to %llu kB, the line says %llu kB",
					 z->name, (unsigned long long)sum, (unsigned long long)total);
			break;
		}
		q = mw_scan_u64(p, end, &count);
		if (!q || q >= end || *q != '*') {
			while (p < end && *p != ' ')
				p++;
			continue;
		}
		q = mw_scan_u64(q + 1, end, &size);
		if (!q || !mw_starts_with(q, end, "kB") || !size) {
			mw_pwarn(ctx, line, "buddy line: unreadable block count, line skipped");
			return;
		}
		if (z->page_kb == MW_UNKNOWN)
			z->page_kb = (int64_t)size;
		sum += count * size;
		if (size % (uint64_t)z->page_kb == 0) {
			unsigned k = log2u(size / (uint64_t)z->page_kb);
			if (k < MW_MAX_ORDERS && ((uint64_t)z->page_kb << k) == size) {
				z->counts[k] = count;
				if (k + 1 > z->n_orders)
					z->n_orders = k + 1;
				last = (int)k;
			}
		}
		p = q + 2;
	}
}

static void parse_hugepages(struct mw_evblock *e, const char *p, const char *end)
{
	int64_t node, total = MW_UNKNOWN, freep = MW_UNKNOWN, size = MW_UNKNOWN;
	p = node_prefix(p, end, &node);
	while ((p = mw_skip_ws(p, end)) < end) {
		const char *t = p, *eq;
		int64_t v;
		while (p < end && *p != ' ')
			p++;
		eq = t;
		while (eq < p && *eq != '=')
			eq++;
		if (eq >= p || !mw_scan_i64(eq + 1, p, &v))
			continue;
		if (mw_starts_with(t, p, "hugepages_total="))
			total = v;
		else if (mw_starts_with(t, p, "hugepages_free="))
			freep = v;
		else if (mw_starts_with(t, p, "hugepages_size="))
			size = v;
	}
	if (total != MW_UNKNOWN && size != MW_UNKNOWN) {
		e->hugetlb_seen = true;
		e->hugetlb_total_kb += total * size;
		if (freep != MW_UNKNOWN)
			e->hugetlb_free_kb += freep * size;
	}
}

/* "Free pages:       25780kB (0kB HighMem)" (2.6.x) */
static void parse_free_pages(struct mw_evblock *e, const char *p, const char *end)
{
	int64_t v;
	const char *q = mw_skip_ws(p + MW_STRLEN("Free pages:"), end);
	if ((q = mw_scan_i64(q, end, &v)) && mw_starts_with(q, end, "kB")) {
		mw_ev_kv(e, "free_pages_kb", v, MW_UNIT_KB, MW_UNKNOWN);
		q = mw_skip_ws(q + 2, end);
		if (q < end && *q == '(' && (q = mw_scan_i64(q + 1, end, &v)))
			mw_ev_kv(e, "free_highmem_kb", v, MW_UNIT_KB, MW_UNKNOWN);
	}
}

static void parse_tail(struct mw_evblock *e, const char *p, const char *end, uint64_t line)
{
	struct mw_str m = mw_str_make(p, (size_t)(end - p));
	int64_t v;
	const char *q;

	if (starts(m, "Free swap") || starts(m, "Total swap")) {
		bool total = starts(m, "Total");
		q = p + (total ? MW_STRLEN("Total swap") : MW_STRLEN("Free swap"));
		while (q < end && (*q == ' ' || *q == '=' || *q == ':'))
			q++;
		if ((q = mw_scan_i64(q, end, &v)) && mw_starts_with(q, end, "kB")) {
			const char *key = total ? "total_swap_kb" : "free_swap_kb";
			bool have = false;
			for (size_t i = 0; i < e->n_kv; i++)
				if (strcmp(e->kv[i].key, key) == 0)
					have = true;
			/* old arch show_mem printed "Free swap:" after the generic "Free swap  =" */
			if (!have)
				mw_ev_kv(e, key, v, MW_UNIT_KB, MW_UNKNOWN);
			mw_ev_line(e, line, "swap", p, (size_t)(end - p));
		}
		return;
	}
	if (starts(m, "Swap cache"))
		return;
	q = mw_scan_i64(p, end, &v);
	if (!q)
		return;
	q = mw_skip_ws(q, end);
	{
		static const struct {
			const char *text, *key;
		} tails[] = {
			{ "pages RAM", "pages_ram" }, { "pages of RAM", "pages_ram" },
			{ "pages HighMem/MovableOnly", "pages_highmem" }, { "pages HighMem", "pages_highmem" },
			{ "pages reserved", "pages_reserved" }, { "reserved pages", "pages_reserved" },
			{ "pages cma reserved", "pages_cma_reserved" }, { "pages hwpoisoned", "pages_hwpoisoned" },
			{ "pages shared", "pages_shared" }, { "pages non-shared", "pages_non_shared" },
			{ "pages swap cached", "pages_swap_cached" }, { "pages in pagetable cache", "pages_pagetable_cache" },
			{ "total pagecache pages", "pagecache_pages" }, { "pages in swap cache", "swap_cache_pages" },
			{ "pages dirty", "pages_dirty" }, { "pages writeback", "pages_writeback" },
			{ "pages mapped", "pages_mapped" }, { "pages slab", "pages_slab" },
			{ "pages pagetables", "pages_pagetables" },
		};
		size_t rest = (size_t)(end - q);
		while (rest && (q[rest - 1] == ' ' || q[rest - 1] == '\t'))
			rest--;
		for (size_t i = 0; i < MW_ARRAY_SIZE(tails); i++) {
			if (strlen(tails[i].text) == rest && memcmp(q, tails[i].text, rest) == 0) {
				mw_ev_kv(e, tails[i].key, v, MW_UNIT_PAGES, MW_UNKNOWN);
				if (strcmp(tails[i].key, "pages_ram") == 0) {
					e->showmem_tail = true;
					mw_ev_line(e, line, "totals", p, (size_t)(end - p));
				}
				return;
			}
		}
	}
}

void mw_showmem_flush(struct mw_evblock *e, struct mw_pctx *ctx)
{
	const char *p, *end;
	const char *role = NULL;
	if (!e->pending.len) {
		e->pending_kind = SM_NONE;
		return;
	}
	p = e->pending.buf;
	end = p + e->pending.len;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	p = mw_skip_ws(p, end);
	switch (e->pending_kind) {
	case SM_COUNTERS:
		parse_counters(e, p, end);
		role = "counters";
		break;
	case SM_NODE:
		parse_node(e, p, end);
		role = "node";
		break;
	case SM_ZONE:
		parse_zone(e, p, end, e->pending_line);
		role = "zone";
		break;
	case SM_RESERVE:
		parse_reserve(e, p, end);
		role = "reserve";
		break;
	case SM_BUDDY:
		parse_buddy(e, ctx, p, end, e->pending_line);
		role = "buddy";
		break;
	default:
		break;
	}
	if (role) {
		/* the evidence of a joined line: one space where the pieces were indented */
		struct mw_buf ev = MW_BUF_INIT;
		for (const char *q = p; q < end; q++)
			if (!((*q == ' ' || *q == '\t') && ev.len && (ev.buf[ev.len - 1] == ' ')))
				mw_buf_addch(&ev, *q == '\t' ? ' ' : *q);
		mw_ev_line(e, e->pending_line, role, ev.buf, ev.len);
		mw_buf_release(&ev);
	}
	mw_buf_reset(&e->pending);
	e->pending_kind = SM_NONE;
}

static void start_pending(struct mw_evblock *e, enum sm_kind k, const struct mw_kline *l, struct mw_str m)
{
	mw_buf_reset(&e->pending);
	mw_buf_add(&e->pending, m.ptr, m.len);
	e->pending_kind = k;
	e->pending_line = l->line;
}

int mw_showmem_line(struct mw_evblock *e, struct mw_pctx *ctx, const struct mw_kline *l, struct mw_str m)
{
	enum sm_kind k = mw_showmem_kind(m);
	bool wrapish = !l->prefixed || l->continuation;

	if (k == SM_NONE || k == SM_COUNTER_CONT) {
		if (e->pending.len && joinable(e->pending_kind) && e->pending.len < EV_MAX_PENDING) {
			if (k == SM_COUNTER_CONT && e->pending_kind == SM_COUNTERS && !wrapish) {
				/* "<4> active_file:..." a prefixed pr_cont piece: one more line of counters */
				mw_buf_addch(&e->pending, ' ');
				mw_buf_add(&e->pending, m.ptr, m.len);
				return 1;
			}
			if (wrapish && !(e->pending_kind == SM_BUDDY && buddy_complete(&e->pending)) &&
			    looks_like_wrap(m.ptr, m.ptr + m.len)) {
				/* the raw message: a wrap keeps its leading blanks, they separate tokens */
				const char *raw = l->msg;
				size_t n = l->len;
				while (n && (raw[n - 1] == '\r' || raw[n - 1] == '\n'))
					n--;
				join(&e->pending, raw, n);
				return 1;
			}
		}
		if (e->memalloc_rows && k == SM_NONE && mw_find(m.ptr, m.ptr + m.len, "func:")) {
			mw_ev_line(e, l->line, "memalloc", m.ptr, m.len);
			return 1;
		}
		mw_showmem_flush(e, ctx);
		return 0;
	}
	mw_showmem_flush(e, ctx);
	e->memalloc_rows = false;
	switch (k) {
	case SM_MEMINFO:
	case SM_PERCPU:
		return 1;
	case SM_MEMALLOC:
		e->memalloc_rows = true;
		mw_ev_line(e, l->line, "memalloc", m.ptr, m.len);
		return 1;
	case SM_FREE_PAGES:
		parse_free_pages(e, m.ptr, m.ptr + m.len);
		mw_ev_line(e, l->line, "counters", m.ptr, m.len);
		return 1;
	case SM_HUGEPAGES: {
		int64_t before = e->hugetlb_total_kb;
		parse_hugepages(e, m.ptr, m.ptr + m.len);
		if (e->hugetlb_total_kb != before)
			mw_ev_line(e, l->line, "hugepages", m.ptr, m.len);
		return 1;
	}
	case SM_TAIL:
		parse_tail(e, m.ptr, m.ptr + m.len, l->line);
		return 1;
	default:
		start_pending(e, k, l, m);
		if (k == SM_BUDDY && buddy_complete(&e->pending))
			mw_showmem_flush(e, ctx);
		return 1;
	}
}
