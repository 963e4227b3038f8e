/* SPDX-License-Identifier: MIT */
/*
 * events.c: the events report. Every OOM kill, page allocation failure or
 * stall, and show_mem dump of the store, explained in plain words: what
 * was asked for (pages, bytes, contiguous and aligned), what the GFP flags
 * allowed the allocator to do (decoded with the table of the kernel's
 * era, gfp.h), why it failed (the zone watermark check re-run with the
 * printed numbers, the free blocks per order), who used the memory (user
 * space or the kernel, the largest tasks, the memory cgroup), and what to
 * do. The method and the advice are those of "Can you handle the
 * pressure? Making Linux bulletproof under load" (2005), section 7, and
 * mm/page_alloc.c (__zone_watermark_ok(), gfp_to_alloc_flags()) and
 * mm/oom_kill.c (oom_badness()) of each era.
 *
 * This file loads the events from the store, writes each event's
 * figures, tables and summary, and the overview of the report;
 * events-analysis.c works out what an event means, events-findings.c
 * says what went wrong and what to do (events-internal.h).
 *
 * `memwaste explain` runs this report on the text it is given, or on a
 * bare request through mw_events_explain_request() (events.h).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "bootcalc.h"
#include "query.h"
#include "events-internal.h"
#include "memwaste/events.h"
#include "memwaste/gfp.h"
#include "memwaste/banned.h"

/* ---- the event as loaded from the store ---- */

static char *dup_or_null(const char *s)
{
	return s && *s ? mw_xstrdup(s) : NULL;
}

static void ev_free(struct ev *e)
{
	char *strs[] = { e->kind, e->input, e->host, e->trigger_comm, e->gfp_mask, e->gfp_names, e->nodemask,
			 e->cpuset, e->mems_allowed, e->release, e->boot_release, e->constraint, e->oom_memcg,
			 e->task_memcg, e->victim_comm, e->summary };
	for (size_t i = 0; i < MW_ARRAY_SIZE(strs); i++)
		free(strs[i]);
	for (size_t i = 0; i < e->n_kv; i++)
		free(e->kv[i].key);
	for (size_t i = 0; i < e->n_zones; i++)
		free(e->zones[i].name);
	for (size_t i = 0; i < e->n_tasks; i++)
		free(e->tasks[i].name);
	for (size_t i = 0; i < e->n_lines; i++) {
		free(e->lines[i].role);
		free(e->lines[i].text);
	}
	free(e->kv);
	free(e->zones);
	free(e->tasks);
	free(e->lines);
	memset(e, 0, sizeof(*e));
}

static void ev_init(struct ev *e)
{
	memset(e, 0, sizeof(*e));
	e->first_line = e->last_line = e->wall = e->trigger_pid = e->order = e->oom_score_adj = MW_UNKNOWN;
	e->victim_pid = e->victim_score = e->v_total_vm_kb = e->v_anon_kb = e->v_file_kb = MW_UNKNOWN;
	e->v_shmem_kb = e->v_uid = e->v_pgtables_kb = e->v_adj = e->stall_ms = MW_UNKNOWN;
	e->ts = NAN;
}

/* "0 3191 15659" -> values; returns how many. */
static unsigned parse_list(const char *s, int64_t *out, unsigned max)
{
	unsigned n = 0;
	while (s && *s && n < max) {
		char *end;
		long long v;
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		v = strtoll(s, &end, 10);
		if (end == s)
			break;
		out[n++] = v;
		s = end;
	}
	return n;
}

static int load_children(struct mw_store *st, struct ev *e)
{
	struct mw_q q;

	if (mw_q_prepare(&q, st, "SELECT key, value, node FROM event_kv WHERE event_id = ?1 ORDER BY rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, e->id);
	while (mw_q_step(&q)) {
		struct kv *k;
		MW_GROW(e->kv, e->alloc_kv, e->n_kv + 1);
		k = &e->kv[e->n_kv++];
		k->key = mw_q_textdup_or(&q, 0, "");
		k->value = mw_q_i64(&q, 1);
		k->node = mw_q_i64(&q, 2);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT node, zone, free_kb, min_kb, low_kb, high_kb, present_kb, managed_kb, "
				 "lowmem_reserve, counts, page_kb, migratetypes, boost_kb, reserved_highatomic_kb, "
				 "free_cma_kb, all_unreclaimable, zone_line, buddy_line FROM event_zone "
				 "WHERE event_id = ?1 ORDER BY rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, e->id);
	while (mw_q_step(&q)) {
		struct zone *z;
		int64_t counts[MW_MAX_ORDERS];
		const char *types;
		MW_GROW(e->zones, e->alloc_zones, e->n_zones + 1);
		z = &e->zones[e->n_zones++];
		memset(z, 0, sizeof(*z));
		z->node = mw_q_i64(&q, 0);
		z->name = mw_q_textdup_or(&q, 1, "?");
		z->free_kb = mw_q_i64(&q, 2);
		z->min_kb = mw_q_i64(&q, 3);
		z->low_kb = mw_q_i64(&q, 4);
		z->high_kb = mw_q_i64(&q, 5);
		z->present_kb = mw_q_i64(&q, 6);
		z->managed_kb = mw_q_i64(&q, 7);
		z->n_reserve = parse_list(mw_q_text(&q, 8), z->reserve, MW_MAX_ZONES);
		z->n_orders = parse_list(mw_q_text(&q, 9), counts, MW_MAX_ORDERS);
		for (unsigned i = 0; i < z->n_orders; i++)
			z->counts[i] = counts[i] < 0 ? 0 : (uint64_t)counts[i];
		z->page_kb = mw_q_i64(&q, 10);
		types = mw_q_text(&q, 11);
		for (unsigned i = 0; types && *types && i < MW_MAX_ORDERS; i++) {
			size_t n = strcspn(types, " ");
			if (!(n == 1 && types[0] == '-')) {
				size_t c = MW_MIN(n, sizeof(z->types[i]) - 1);
				memcpy(z->types[i], types, c);
				z->types[i][c] = '\0';
			}
			types += n;
			while (*types == ' ')
				types++;
		}
		z->boost_kb = mw_q_i64(&q, 12);
		z->highatomic_kb = mw_q_i64(&q, 13);
		z->free_cma_kb = mw_q_i64(&q, 14);
		z->all_unreclaimable = mw_q_i64(&q, 15);
		z->zone_line = mw_q_i64(&q, 16);
		z->buddy_line = mw_q_i64(&q, 17);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT pid, uid, rss, swapents, pgtables_bytes, nr_ptes, oom_score_adj, name "
				 "FROM event_task WHERE event_id = ?1 ORDER BY rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, e->id);
	while (mw_q_step(&q)) {
		struct task *t;
		MW_GROW(e->tasks, e->alloc_tasks, e->n_tasks + 1);
		t = &e->tasks[e->n_tasks++];
		t->pid = mw_q_i64(&q, 0);
		t->uid = mw_q_i64(&q, 1);
		t->rss = mw_q_i64(&q, 2);
		t->swapents = mw_q_i64(&q, 3);
		t->pgtables_bytes = mw_q_i64(&q, 4);
		t->nr_ptes = mw_q_i64(&q, 5);
		t->oom_score_adj = mw_q_i64(&q, 6);
		t->name = mw_q_textdup_or(&q, 7, "");
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT line, role, text FROM event_line WHERE event_id = ?1 ORDER BY rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, e->id);
	while (mw_q_step(&q)) {
		struct eline *l;
		MW_GROW(e->lines, e->alloc_lines, e->n_lines + 1);
		l = &e->lines[e->n_lines++];
		l->line = mw_q_i64(&q, 0);
		l->role = mw_q_textdup_or(&q, 1, "");
		l->text = mw_q_textdup_or(&q, 2, "");
	}
	return mw_q_finish(&q);
}

/* ---- output ---- */

static const struct mw_column zone_cols[] = {
	{ "node", "Node", MW_UNIT_NONE, MW_VAL_INT, 0, "NUMA node, empty on non-NUMA dumps" },
	{ "zone", "Zone", MW_UNIT_NONE, MW_VAL_STR, 0, "zone name" },
	{ "free_kb", "Free", MW_UNIT_KB, MW_VAL_INT, 0, "free memory of the zone as printed" },
	{ "min_kb", "Min", MW_UNIT_KB, MW_VAL_INT, 0, "min watermark as printed (boost included)" },
	{ "effective_min_kb", "Min for this request", MW_UNIT_KB, MW_VAL_INT, MW_F_DETAIL,
	  "min halved for __GFP_HIGH, a further quarter off for atomic (ALLOC_HARDER) requests" },
	{ "lowmem_reserve_kb", "Reserve", MW_UNIT_KB, MW_VAL_INT, MW_F_DETAIL,
	  "lowmem_reserve[] of this zone for the requested zone" },
	{ "largest_free_block_kb", "Largest block", MW_UNIT_KB, MW_VAL_INT, 0, "the largest free buddy block" },
	{ "order_blocks", "Blocks of the order", MW_UNIT_COUNT, MW_VAL_INT, MW_F_JSON_ONLY,
	  "blocks of the requested order the free blocks could provide" },
	{ "unusable_pct", "Unusable for the order", MW_UNIT_PCT, MW_VAL_DOUBLE, MW_F_JSON_ONLY,
	  "share of free memory in blocks smaller than the order (unusable free space index)" },
	{ "check", "Check", MW_UNIT_NONE, MW_VAL_STR, 0,
	  "pass, below min, no block (of the order), not usable (zone or node the request may not use), low, ok" },
	{ "why", "Why", MW_UNIT_NONE, MW_VAL_STR, MW_F_JSON_ONLY, "the check in words" },
};

static const struct mw_column task_cols[] = {
	{ "pid", "PID", MW_UNIT_NONE, MW_VAL_INT, 0, "process id" },
	{ "name", "Name", MW_UNIT_NONE, MW_VAL_STR, 0, "process name (comm) as printed" },
	{ "uid", "UID", MW_UNIT_NONE, MW_VAL_INT, MW_F_DETAIL, "user id" },
	{ "rss_bytes", "RSS", MW_UNIT_BYTES, MW_VAL_INT, 0, "resident memory (task table rss x page size)" },
	{ "swap_bytes", "Swap", MW_UNIT_BYTES, MW_VAL_INT, 0, "swapped-out memory (swapents x page size)" },
	{ "pgtables_bytes", "Page tables", MW_UNIT_BYTES, MW_VAL_INT, MW_F_DETAIL, "page-table memory" },
	{ "oom_score_adj", "oom_score_adj", MW_UNIT_NONE, MW_VAL_INT, 0, "-1000 (never kill) .. 1000 (kill first)" },
	{ "badness_pct", "Badness", MW_UNIT_PCT, MW_VAL_DOUBLE, 0,
	  "oom_badness(): (rss + swap + page tables) plus oom_score_adj x total / 1000, as % of the total" },
	{ "total_pct", "% of total", MW_UNIT_PCT, MW_VAL_DOUBLE, MW_F_DETAIL,
	  "RSS as a share of the memory the OOM killer weighs against (RAM + swap, or the cgroup limit)" },
	{ "killed", "Killed", MW_UNIT_NONE, MW_VAL_BOOL, 0, "the victim" },
};

static const struct mw_column name_cols[] = {
	{ "name", "Name", MW_UNIT_NONE, MW_VAL_STR, 0, "process name" },
	{ "tasks", "Processes", MW_UNIT_COUNT, MW_VAL_INT, 0, "rows of the task table with this name" },
	{ "rss_bytes", "RSS", MW_UNIT_BYTES, MW_VAL_INT, 0, "their resident memory" },
	{ "swap_bytes", "Swap", MW_UNIT_BYTES, MW_VAL_INT, 0, "their swapped-out memory" },
};

static const struct mw_column mem_cols[] = {
	{ "category", "Where the memory was", MW_UNIT_NONE, MW_VAL_STR, 0, "category" },
	{ "bytes", "Size", MW_UNIT_BYTES, MW_VAL_INT, 0, "from the show_mem counters" },
	{ "pct_of_ram", "% of RAM", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of the memory the kernel manages" },
};

static const struct mw_column flag_cols[] = {
	{ "flag", "Flag", MW_UNIT_NONE, MW_VAL_STR, 0, "GFP flag or composite mask" },
	{ "meaning", "Meaning", MW_UNIT_NONE, MW_VAL_STR, 0, "what it lets the allocator do" },
};

static const struct mw_column cand_cols[] = {
	{ "kernels", "Kernels", MW_UNIT_NONE, MW_VAL_STR, 0, "releases whose GFP layout gives this decoding" },
	{ "flags", "Decoding", MW_UNIT_NONE, MW_VAL_STR, 0, "the mask in that layout" },
	{ "plausible", "Makes sense", MW_UNIT_NONE, MW_VAL_BOOL, 0, "no unknown bits and a coherent set of flags" },
};

static void mem_row(struct mw_node *t, const char *cat, int64_t kb, int64_t total_kb)
{
	struct mw_row *r;
	if (kb == MW_UNKNOWN)
		return;
	r = mw_row_add(t);
	mw_cell_str(r, 0, cat);
	mw_cell_int(r, 1, kb * 1024);
	if (total_kb != MW_UNKNOWN && total_kb > 0)
		mw_cell_double(r, 2, round(ev_pct(kb, total_kb) * 100) / 100);
}

static void flags_table(struct an *a)
{
	char tok[64];
	struct mw_node *t;
	const char *p = a->flags;
	if (!a->have_mask || !a->gfp_known)
		return;
	t = mw_table(a->sec, "gfp_flags_decoded", "GFP flags in words", flag_cols, MW_ARRAY_SIZE(flag_cols));
	while (*p) {
		size_t n = strcspn(p, "|");
		struct mw_row *r;
		const char *w;
		snprintf(tok, sizeof(tok), "%.*s", (int)MW_MIN(n, sizeof(tok) - 1), p);
		p += n;
		if (*p == '|')
			p++;
		if (!tok[0])
			continue;
		r = mw_row_add(t);
		w = mw_gfp_words(tok);
		mw_cell_str(r, 0, tok);
		mw_cell_str(r, 1, w ? w : (strncmp(tok, "0x", 2) == 0 ? "bits no flag of this kernel names" : "(not in memwaste's tables)"));
	}
}

static void candidates_table(struct an *a)
{
	struct mw_node *t;
	if (!a->ambiguous || !a->n_cand)
		return;
	t = mw_table(a->sec, "gfp_candidates", "Possible decodings (kernel release unknown)", cand_cols,
		     MW_ARRAY_SIZE(cand_cols));
	for (size_t i = 0; i < a->n_cand; i++) {
		struct mw_row *r = mw_row_add(t);
		char range[64];
		mw_events_era_label(range, sizeof(range), a->cand[i].era, a->cand[i].era_last);
		mw_cell_str(r, 0, range);
		mw_cell_str(r, 1, a->cand[i].names);
		mw_cell_bool(r, 2, a->cand[i].plausible);
	}
}

/* The zones table's one-word verdict: the re-run check for a request, the watermark band for a show_mem dump. */
static const char *zone_verdict(const struct an *a, const struct zres *zr)
{
	const struct zone *z = zr->z;
	switch (zr->check) {
	case Z_PASS:
		if (a->have_mask)
			return "pass";
		return z->low_kb != MW_UNKNOWN && z->free_kb <= z->low_kb ? "below low" : "ok";
	case Z_BELOW_MIN:
		return "below min";
	case Z_NO_BLOCK:
		return "no block";
	case Z_NOT_ALLOWED:
		return "not usable";
	case Z_EMPTY:
		return "empty";
	default:
		return "-";
	}
}

static void zones_table(struct an *a)
{
	struct mw_node *t;
	bool any = false;
	for (size_t i = 0; i < a->n_zr; i++)
		if (a->zr[i].check != Z_NO_LINE || a->zr[i].z->n_orders)
			any = true;
	if (!any)
		return;
	t = mw_table(a->sec, "zones", a->have_mask ? "Zones: the watermark check re-run with the printed numbers"
						 : "Zones: free memory against the watermarks",
		     zone_cols, MW_ARRAY_SIZE(zone_cols));
	for (size_t i = 0; i < a->n_zr; i++) {
		const struct zres *zr = &a->zr[i];
		const struct zone *z = zr->z;
		struct mw_row *r = mw_row_add(t);
		int64_t pk = z->page_kb > 0 ? z->page_kb : a->page_kb;
		if (z->node != MW_UNKNOWN)
			mw_cell_int(r, 0, z->node);
		mw_cell_str(r, 1, z->name);
		if (z->free_kb != MW_UNKNOWN)
			mw_cell_int(r, 2, z->free_kb);
		if (z->min_kb != MW_UNKNOWN)
			mw_cell_int(r, 3, z->min_kb);
		if (zr->check == Z_PASS || zr->check == Z_BELOW_MIN || zr->check == Z_NO_BLOCK) {
			if (a->have_mask) {
				mw_cell_int(r, 4, zr->min_eff_kb);
				mw_cell_int(r, 5, zr->reserve_kb);
			}
		}
		if (zr->largest >= 0)
			mw_cell_int(r, 6, pk << zr->largest);
		if (z->n_orders) {
			mw_cell_int(r, 7, (int64_t)zr->suitable);
			if (zr->unusable == zr->unusable)
				mw_cell_double(r, 8, round(zr->unusable * 10000) / 100);
		}
		mw_cell_str(r, 9, zone_verdict(a, zr));
		mw_cell_str(r, 10, zr->text);
		mw_row_source(r, a->file, (uint64_t)(z->zone_line > 0 ? z->zone_line : z->buddy_line > 0 ? z->buddy_line : 0));
	}
}

static void memory_table(struct an *a)
{
	struct mw_node *t;
	int64_t tot = a->total_kb;
	if (a->free_kb == MW_UNKNOWN || (a->anon_kb == MW_UNKNOWN && a->lru_kb == MW_UNKNOWN))
		return;
	t = mw_table(a->sec, "memory", "Where the memory was when the dump was printed", mem_cols, MW_ARRAY_SIZE(mem_cols));
	mem_row(t, "free", a->free_kb, tot);
	mem_row(t, "user space: anonymous memory and tmpfs/shmem", a->anon_kb, tot);
	mem_row(t, "page cache (file pages)", a->file_kb, tot);
	mem_row(t, "page cache and user memory (not split by this kernel)", a->lru_kb, tot);
	mem_row(t, "unevictable (mlocked, ramfs)", a->unevict_kb, tot);
	mem_row(t, "slab, reclaimable (dentries, inodes)", a->slab_r_kb, tot);
	mem_row(t, "slab, unreclaimable", a->slab_u_kb, tot);
	mem_row(t, "slab", a->slab_kb, tot);
	mem_row(t, "page tables", a->pgtables_kb, tot);
	mem_row(t, "kernel stacks", a->kstack_kb, tot);
	if (a->hugetlb_kb != MW_UNKNOWN && a->hugetlb_kb > 0)
		mem_row(t, "hugetlb pool", a->hugetlb_kb, tot);
	if (a->other_kb != MW_UNKNOWN)
		mem_row(t, a->other_kb >= 0 ? "other kernel memory (not in the counters: drivers, vmalloc, ...)"
					    : "other (negative: counters moved while printing)", a->other_kb, tot);
}

/*
 * oom_badness(): rss + swap + page tables, minus 3% for root's tasks in
 * kernels before ~4.10 ("just like the __vm_enough_memory()
 * implementation used by LSMs"), plus oom_score_adj * totalpages / 1000.
 */
static void badness(struct an *a, int64_t totalpages)
{
	bool root_bonus = a->kver && a->kver < MW_KVER(4, 10, 0);
	for (size_t i = 0; i < a->e->n_tasks; i++) {
		struct task *t = &a->e->tasks[i];
		double pts = 0;
		int64_t page_bytes = a->page_kb * 1024;
		if (t->rss != MW_UNKNOWN)
			pts += (double)t->rss;
		if (t->swapents != MW_UNKNOWN)
			pts += (double)t->swapents;
		if (t->pgtables_bytes != MW_UNKNOWN)
			pts += (double)t->pgtables_bytes / (double)page_bytes;
		else if (t->nr_ptes != MW_UNKNOWN)
			pts += (double)t->nr_ptes;
		if (root_bonus && t->uid == 0)
			pts -= floor(pts * 3 / 100);
		if (t->oom_score_adj == -1000)
			pts = -INFINITY;
		else if (t->oom_score_adj != MW_UNKNOWN && totalpages > 0)
			pts += (double)t->oom_score_adj * (double)totalpages / 1000.0;
		t->badness = pts;
	}
}

static int cmp_rss(const void *x, const void *y)
{
	const struct task *a = *(const struct task *const *)x, *b = *(const struct task *const *)y;
	int64_t ra = a->rss == MW_UNKNOWN ? -1 : a->rss, rb = b->rss == MW_UNKNOWN ? -1 : b->rss;
	return ra < rb ? 1 : ra > rb ? -1 : (a->pid > b->pid) - (a->pid < b->pid);
}

static void tasks_tables(struct an *a, struct tasks_info *ti)
{
	struct ev *e = a->e;
	const struct task **sorted;
	struct mw_node *t;
	size_t shown = a->o->max_rows ? a->o->max_rows : 10;
	int64_t page_bytes = a->page_kb * 1024;
	int64_t totalpages = MW_UNKNOWN;

	memset(ti, 0, sizeof(*ti));
	if (!e->n_tasks)
		return;
	/* what the OOM killer weighs a task against: RAM + swap, or the memcg limit */
	if (e->memcg && ev_kv(e, "memcg_limit_kb") != MW_UNKNOWN)
		totalpages = ev_kv(e, "memcg_limit_kb") / a->page_kb;
	else if (a->total_kb != MW_UNKNOWN)
		totalpages = a->total_kb / a->page_kb + (a->swap_total_kb != MW_UNKNOWN ? a->swap_total_kb / a->page_kb : 0);
	ti->totalpages = totalpages;
	badness(a, totalpages);
	sorted = mw_xcalloc(e->n_tasks, sizeof(*sorted));
	for (size_t i = 0; i < e->n_tasks; i++) {
		const struct task *k = &e->tasks[i];
		sorted[i] = k;
		if (!ti->top_badness || k->badness > ti->top_badness->badness)
			ti->top_badness = k;
		if (k->pid == e->victim_pid)
			ti->victim = k;
	}
	qsort(sorted, e->n_tasks, sizeof(*sorted), cmp_rss);
	ti->biggest = sorted[0];
	t = mw_table(a->sec, "top_tasks", "Largest tasks by RSS (from the task table)", task_cols, MW_ARRAY_SIZE(task_cols));
	for (size_t i = 0; i < e->n_tasks; i++) {
		const struct task *k = sorted[i];
		struct mw_row *r;
		if (i >= shown && k->pid != e->victim_pid)
			continue;
		r = mw_row_add(t);
		mw_cell_int(r, 0, k->pid);
		mw_cell_str(r, 1, k->name);
		if (k->uid != MW_UNKNOWN)
			mw_cell_int(r, 2, k->uid);
		if (k->rss != MW_UNKNOWN)
			mw_cell_int(r, 3, k->rss * page_bytes);
		if (k->swapents != MW_UNKNOWN)
			mw_cell_int(r, 4, k->swapents * page_bytes);
		if (k->pgtables_bytes != MW_UNKNOWN)
			mw_cell_int(r, 5, k->pgtables_bytes);
		else if (k->nr_ptes != MW_UNKNOWN)
			mw_cell_int(r, 5, k->nr_ptes * page_bytes);
		if (k->oom_score_adj != MW_UNKNOWN)
			mw_cell_int(r, 6, k->oom_score_adj);
		if (totalpages > 0 && isfinite(k->badness))
			mw_cell_double(r, 7, k->badness <= 0 ? 0.0 : round(100.0 * k->badness / (double)totalpages * 100) / 100);
		if (totalpages > 0 && k->rss != MW_UNKNOWN)
			mw_cell_double(r, 8, round(100.0 * (double)k->rss / (double)totalpages * 100) / 100);
		mw_cell_bool(r, 9, k->pid == e->victim_pid);
	}
	/* the same by name: fifty chrome renderers are one problem */
	{
		struct agg {
			const char *name;
			int64_t n, rss, swap;
		} *ag = mw_xcalloc(e->n_tasks, sizeof(*ag));
		size_t na = 0;
		bool worth = false;
		for (size_t i = 0; i < e->n_tasks; i++) {
			const struct task *k = &e->tasks[i];
			size_t j;
			for (j = 0; j < na; j++)
				if (strcmp(ag[j].name, k->name) == 0)
					break;
			if (j == na)
				ag[na++].name = k->name;
			ag[j].n++;
			ag[j].rss += k->rss == MW_UNKNOWN ? 0 : k->rss;
			ag[j].swap += k->swapents == MW_UNKNOWN ? 0 : k->swapents;
			if (ag[j].n > 1)
				worth = true;
		}
		if (worth) {
			/* largest first */
			for (size_t i = 1; i < na; i++)
				for (size_t j = i; j > 0 && ag[j - 1].rss + ag[j - 1].swap < ag[j].rss + ag[j].swap; j--) {
					struct agg x = ag[j];
					ag[j] = ag[j - 1];
					ag[j - 1] = x;
				}
			t = mw_table(a->sec, "top_names", "Largest process names (all their processes together)", name_cols,
				     MW_ARRAY_SIZE(name_cols));
			for (size_t i = 0; i < na && i < shown; i++) {
				struct mw_row *r = mw_row_add(t);
				mw_cell_str(r, 0, ag[i].name);
				mw_cell_int(r, 1, ag[i].n);
				mw_cell_int(r, 2, ag[i].rss * page_bytes);
				mw_cell_int(r, 3, ag[i].swap * page_bytes);
			}
		}
		free(ag);
	}
	free(sorted);
}

/* "8 physically contiguous pages aligned on 8 pages (32 KiB)" */
void mw_events_request_text(const struct an *a, char *buf, size_t n)
{
	int64_t o = a->e->order;
	char b[32];
	if (o == MW_UNKNOWN) {
		snprintf(buf, n, "an allocation of unknown size (no order given)");
		return;
	}
	if (o < 0) {
		snprintf(buf, n, "no allocation: the OOM killer was invoked by hand (sysrq f) or by a memory cgroup");
		return;
	}
	if (o > 40) {
		snprintf(buf, n, "an impossible order %" PRId64, o);
		return;
	}
	mw_format_bytes(b, sizeof(b), (double)(a->page_kb * 1024) * (double)((int64_t)1 << o));
	if (o == 0)
		snprintf(buf, n, "1 page (%s)", b);
	else
		snprintf(buf, n, "%" PRId64 " physically contiguous pages aligned on %" PRId64 " pages (%s)", (int64_t)1 << o,
			 (int64_t)1 << o, b);
}

/* "1 page", "8 physically contiguous pages (32.0 KiB, order 3)" */
static void request_short(const struct an *a, char *buf, size_t n)
{
	int64_t o = a->e->order;
	char b[32];
	if (o == MW_UNKNOWN || o < 0 || o > 40) {
		snprintf(buf, n, "memory");
		return;
	}
	mw_format_bytes(b, sizeof(b), (double)(a->page_kb * 1024) * (double)((int64_t)1 << o));
	if (o == 0)
		snprintf(buf, n, "1 page (%s, order 0)", b);
	else
		snprintf(buf, n, "%" PRId64 " physically contiguous pages (%s, order %" PRId64 ")", (int64_t)1 << o, b, o);
}

static const char *kind_title(const char *kind)
{
	if (ev_eq(kind, "oom_kill"))
		return "OOM kill";
	if (ev_eq(kind, "alloc_failure"))
		return "Page allocation failure";
	if (ev_eq(kind, "alloc_stall"))
		return "Page allocation stall";
	if (ev_eq(kind, "show_mem"))
		return "show_mem dump";
	if (ev_eq(kind, "oom_reaper"))
		return "OOM victim reaped";
	if (ev_eq(kind, "request"))
		return "Allocation request";
	return "Kernel memory event";
}

/* ---- one event ---- */

static void summary_line(struct an *a, const struct tasks_info *ti)
{
	struct ev *e = a->e;
	char s[1200], req[160], x[32], y[32];
	size_t n = 0;
	const char *who = e->trigger_comm ? e->trigger_comm : "The caller";
	request_short(a, req, sizeof(req));

	if (ev_eq(e->kind, "oom_kill")) {
		if (e->order == -1)
			n += (size_t)snprintf(s + n, sizeof(s) - n, "OOM killer invoked by hand (sysrq f)");
		else
			n += (size_t)snprintf(s + n, sizeof(s) - n, "%s asked for %s%s%s and the kernel found none%s", who, req,
					      a->flags[0] ? " with " : "", a->flags, e->memcg ? " within its memory cgroup's limit" : "");
		if (e->victim_pid != MW_UNKNOWN) {
			int64_t rss = ev_add(ev_add(e->v_anon_kb, e->v_file_kb), e->v_shmem_kb);
			ev_fmt_kb(x, sizeof(x), rss);
			n += (size_t)snprintf(s + n, sizeof(s) - n, "; the OOM killer %s %s (pid %" PRId64 "%s%s%s)",
					      ev_kv(e, "victim_exiting") == 1 ? "chose the exiting" : "killed",
					      e->victim_comm ? e->victim_comm : "?", e->victim_pid, rss != MW_UNKNOWN ? ", " : "",
					      rss != MW_UNKNOWN ? x : "", rss != MW_UNKNOWN ? " resident" : "");
		} else if (ev_kv(e, "panic") == 1) {
			n += (size_t)snprintf(s + n, sizeof(s) - n, "; the kernel panicked (panic_on_oom)");
		}
		n += (size_t)snprintf(s + n, sizeof(s) - n, ".");
		if (ev_kv(e, "showmem_incomplete") == 1) {
			n += (size_t)snprintf(s + n, sizeof(s) - n, " The memory dump is abridged.");
		} else if (a->anon_kb != MW_UNKNOWN && a->total_kb != MW_UNKNOWN && a->total_kb > 0) {
			ev_fmt_kb(x, sizeof(x), a->anon_kb);
			n += (size_t)snprintf(s + n, sizeof(s) - n, " User space held %s (%.0f%% of RAM)", x, ev_pct(a->anon_kb, a->total_kb));
			if (a->kernel_kb != MW_UNKNOWN) {
				ev_fmt_kb(y, sizeof(y), a->kernel_kb);
				n += (size_t)snprintf(s + n, sizeof(s) - n, ", the kernel %s", y);
			}
			n += (size_t)snprintf(s + n, sizeof(s) - n, ".");
		} else if (e->memcg && ev_kv(e, "memcg_usage_kb") != MW_UNKNOWN) {
			ev_fmt_kb(x, sizeof(x), ev_kv(e, "memcg_usage_kb"));
			ev_fmt_kb(y, sizeof(y), ev_kv(e, "memcg_limit_kb"));
			n += (size_t)snprintf(s + n, sizeof(s) - n, " The cgroup used %s of its %s limit.", x, y);
		}
		if (a->swap_total_kb == 0)
			n += (size_t)snprintf(s + n, sizeof(s) - n, " No swap.");
		else if (a->swap_total_kb != MW_UNKNOWN && a->swap_free_kb != MW_UNKNOWN && a->swap_free_kb * 100 < a->swap_total_kb)
			n += (size_t)snprintf(s + n, sizeof(s) - n, " Swap was full.");
		(void)ti;
	} else if (ev_eq(e->kind, "alloc_failure") || ev_eq(e->kind, "alloc_stall") || ev_eq(e->kind, "request")) {
		if (ev_eq(e->kind, "request"))
			n += (size_t)snprintf(s + n, sizeof(s) - n, "A request for %s%s%s", req, a->flags[0] ? " with " : "", a->flags);
		else
			n += (size_t)snprintf(s + n, sizeof(s) - n, "%s %s %s%s%s", who,
					      ev_eq(e->kind, "alloc_stall") ? "waited long for" : "could not get", req,
					      a->flags[0] ? " with " : "", a->flags);
		if (a->have_mask && a->reclaim_known)
			n += (size_t)snprintf(s + n, sizeof(s) - n, "; %s", a->p.direct_reclaim ? "it could sleep and reclaim"
					      : "atomic: no reclaim allowed");
		n += (size_t)snprintf(s + n, sizeof(s) - n, ".");
		if (e->order > 0 && a->any_no_block)
			n += (size_t)snprintf(s + n, sizeof(s) - n, " Free memory was there, but not in a block that large: fragmentation.");
		else if (a->any_below_min && !a->any_pass)
			n += (size_t)snprintf(s + n, sizeof(s) - n, " Every zone it could use was at or below its min watermark.");
		if (a->caller[0])
			n += (size_t)snprintf(s + n, sizeof(s) - n, " Caller: %s.", a->caller);
	} else if (ev_eq(e->kind, "show_mem")) {
		if (a->free_kb != MW_UNKNOWN && a->total_kb != MW_UNKNOWN) {
			ev_fmt_kb(x, sizeof(x), a->free_kb);
			ev_fmt_kb(y, sizeof(y), a->total_kb);
			n += (size_t)snprintf(s + n, sizeof(s) - n, "Memory dump: %s free of %s", x, y);
			if (a->anon_kb != MW_UNKNOWN) {
				ev_fmt_kb(x, sizeof(x), a->anon_kb);
				n += (size_t)snprintf(s + n, sizeof(s) - n, "; user space %s", x);
			}
			if (a->file_kb != MW_UNKNOWN) {
				ev_fmt_kb(x, sizeof(x), a->file_kb);
				n += (size_t)snprintf(s + n, sizeof(s) - n, ", page cache %s", x);
			}
			if (a->kernel_kb != MW_UNKNOWN) {
				ev_fmt_kb(x, sizeof(x), a->kernel_kb);
				n += (size_t)snprintf(s + n, sizeof(s) - n, ", kernel %s", x);
			}
			n += (size_t)snprintf(s + n, sizeof(s) - n, ".");
		} else {
			n += (size_t)snprintf(s + n, sizeof(s) - n, "Memory dump (sysrq-m or show_mem).");
		}
	} else if (ev_eq(e->kind, "oom_reaper")) {
		n += (size_t)snprintf(s + n, sizeof(s) - n, "The oom_reaper freed the memory of %s (pid %" PRId64 "), an OOM "
				      "victim whose report is not in the input.", e->victim_comm ? e->victim_comm : "?", e->victim_pid);
	}
	if (e->truncated && n + 1 < sizeof(s))
		snprintf(s + n, sizeof(s) - n, " (The report is cut off.)");
	mw_summary(a->sec, "%s", s);
}

static void figures(struct an *a)
{
	struct ev *e = a->e;
	struct mw_node *sec = a->sec;
	char req[160];

	/* identity, without provenance: tools read these keys directly */
	mw_fig_str(sec, "kind", "Kind", e->kind, NULL);
	mw_fig_str(sec, "kernel_release", "Kernel release", a->release, NULL);
	if (a->release_from)
		mw_node_set_flags(mw_fig_str(sec, "kernel_release_from", "Kernel release from", a->release_from, NULL), MW_F_DETAIL);
	if (e->input)
		mw_node_set_flags(mw_fig_str(sec, "input", "Log", e->input, NULL), MW_F_DETAIL);
	if (e->first_line != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "line", "First line", e->first_line, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL),
				  MW_F_DETAIL);
	if (e->host)
		mw_node_set_flags(mw_fig_str(sec, "host", "Host", e->host, NULL), MW_F_HOST | MW_F_DETAIL);
	if (e->wall != MW_UNKNOWN) {
		bool guessed = ev_kv(e, "time_year_guessed") == 1;
		mw_fig_int(sec, "time", "Time", e->wall, MW_UNIT_TIME, guessed ? MW_CONF_ESTIMATED : MW_CONF_NONE, NULL,
			   guessed ? "the syslog line prints no year: the kernel's build year, else the file's date (a "
				     "date after it is of the year before)" : NULL);
	}
	if (e->ts == e->ts)
		mw_node_set_flags(mw_fig_double(sec, "uptime_seconds", "Uptime", e->ts, MW_UNIT_SECONDS, MW_CONF_NONE, NULL, NULL),
				  MW_F_DETAIL);
	mw_node_set_flags(mw_fig_str(sec, "trigger_comm", "Asked by", e->trigger_comm, NULL),
			  e->trigger_comm ? 0 : MW_F_JSON_ONLY);
	if (e->trigger_pid != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "trigger_pid", "Asked by pid", e->trigger_pid, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL),
				  MW_F_DETAIL);
	if (e->order < 0 && e->order != MW_UNKNOWN)
		/* as printed, for tools; in words for people */
		mw_node_set_flags(mw_fig_int(sec, "order", "Order", e->order, MW_UNIT_NONE, MW_CONF_NONE, NULL,
					     "no allocation: order=-1 marks an OOM kill asked for by hand (sysrq f)"),
				  MW_F_DETAIL);
	else if (e->order != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "order", "Order", e->order, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL), MW_F_KEY);
	else
		mw_node_set_flags(mw_fig_null(sec, "order", "Order", MW_UNIT_NONE, NULL), MW_F_JSON_ONLY);
	mw_node_set_flags(mw_fig_str(sec, "gfp_mask", "GFP mask", e->gfp_mask, NULL), e->gfp_mask ? 0 : MW_F_JSON_ONLY);
	mw_node_set_flags(mw_fig_str(sec, "gfp_flags", "GFP flags", a->flags[0] ? a->flags : NULL, NULL),
			  a->flags[0] ? MW_F_KEY : MW_F_JSON_ONLY);
	if (a->flags_from[0])
		mw_node_set_flags(mw_fig_str(sec, "gfp_flags_from", "GFP flags from", a->flags_from, NULL), MW_F_DETAIL);
	if (e->order != MW_UNKNOWN && e->order >= 0 && e->order <= 40) {
		mw_events_request_text(a, req, sizeof(req));
		mw_node_set_flags(mw_fig_str(sec, "request", "Requested", req, NULL), MW_F_KEY);
		mw_node_set_flags(mw_fig_int(sec, "requested_pages", "Requested pages", (int64_t)1 << e->order, MW_UNIT_PAGES,
					     MW_CONF_EXACT, NULL, "2^order"), MW_F_DETAIL);
		mw_node_set_flags(mw_fig_int(sec, "requested_bytes", "Requested bytes", ((int64_t)1 << e->order) * a->page_kb * 1024,
					     MW_UNIT_BYTES, a->page_known ? MW_CONF_DERIVED : MW_CONF_ESTIMATED, NULL,
					     a->page_known ? "2^order x the page size of the buddy lines"
							   : "2^order x the architecture's usual page size (no buddy line printed)"),
				  MW_F_DETAIL);
		mw_node_set_flags(mw_fig_bool(sec, "contiguous", "Physically contiguous and aligned", e->order > 0), MW_F_DETAIL);
	}
	if (a->have_mask && a->reclaim_known)
		mw_node_set_flags(mw_fig_bool(sec, "direct_reclaim_allowed", "May sleep and reclaim", a->p.direct_reclaim),
				  MW_F_DETAIL);
	if (a->caller[0])
		mw_node_set_flags(mw_fig_str(sec, "caller", "Caller (first frame after the allocator)", a->caller, NULL), MW_F_DETAIL);
	/* keys every event has in JSON; in text only where they mean something */
	mw_node_set_flags(mw_fig_str(sec, "constraint", "OOM constraint", e->constraint, NULL), e->constraint ? 0 : MW_F_JSON_ONLY);
	if (ev_eq(e->kind, "oom_kill") || ev_eq(e->kind, "oom_reaper") || e->victim_pid != MW_UNKNOWN) {
		if (e->victim_pid != MW_UNKNOWN)
			mw_node_set_flags(mw_fig_int(sec, "victim_pid", "Victim pid", e->victim_pid, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL),
					  MW_F_KEY);
		else
			mw_fig_null(sec, "victim_pid", "Victim pid", MW_UNIT_NONE, NULL);
		mw_node_set_flags(mw_fig_str(sec, "victim_comm", "Victim", e->victim_comm, NULL), MW_F_KEY);
	} else {
		mw_node_set_flags(mw_fig_null(sec, "victim_pid", "Victim pid", MW_UNIT_NONE, NULL), MW_F_JSON_ONLY);
		mw_node_set_flags(mw_fig_str(sec, "victim_comm", "Victim", NULL, NULL), MW_F_JSON_ONLY);
	}
	if (e->v_anon_kb != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "victim_anon_rss_kb", "Victim anonymous RSS", e->v_anon_kb, MW_UNIT_KB, MW_CONF_EXACT,
					     NULL, NULL), MW_F_DETAIL);
	if (e->v_file_kb != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "victim_file_rss_kb", "Victim file RSS", e->v_file_kb, MW_UNIT_KB, MW_CONF_EXACT,
					     NULL, NULL), MW_F_DETAIL);
	if (e->v_total_vm_kb != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "victim_total_vm_kb", "Victim virtual size", e->v_total_vm_kb, MW_UNIT_KB,
					     MW_CONF_EXACT, NULL, NULL), MW_F_DETAIL);
	if (e->v_adj != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "victim_oom_score_adj", "Victim oom_score_adj", e->v_adj, MW_UNIT_NONE,
					     MW_CONF_NONE, NULL, NULL), MW_F_DETAIL);
	if (e->victim_score != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "victim_score", "Victim badness score", e->victim_score, MW_UNIT_NONE,
					     MW_CONF_NONE, NULL, NULL), MW_F_DETAIL);
	if (e->memcg) {
		mw_fig_bool(sec, "memcg", "Memory cgroup OOM", true);
		if (e->oom_memcg)
			mw_node_set_flags(mw_fig_str(sec, "oom_memcg", "Cgroup at its limit", e->oom_memcg, NULL), MW_F_DETAIL);
		if (ev_kv(e, "memcg_usage_kb") != MW_UNKNOWN)
			mw_fig_int(sec, "memcg_usage_kb", "Cgroup usage", ev_kv(e, "memcg_usage_kb"), MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL);
		if (ev_kv(e, "memcg_limit_kb") != MW_UNKNOWN)
			mw_fig_int(sec, "memcg_limit_kb", "Cgroup limit", ev_kv(e, "memcg_limit_kb"), MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL);
	}
	if (e->cpuset)
		mw_node_set_flags(mw_fig_str(sec, "cpuset", "cpuset", e->cpuset, NULL), MW_F_DETAIL);
	if (e->mems_allowed)
		mw_node_set_flags(mw_fig_str(sec, "mems_allowed", "Allowed nodes", e->mems_allowed, NULL), MW_F_DETAIL);
	if (e->stall_ms != MW_UNKNOWN)
		mw_fig_int(sec, "stall_seconds", "Stalled for", e->stall_ms / 1000, MW_UNIT_SECONDS, MW_CONF_EXACT, NULL, NULL);
	mw_node_set_flags(mw_fig_bool(sec, "truncated", "Report cut off", e->truncated),
			  e->truncated ? 0 : ev_eq(e->kind, "request") ? MW_F_JSON_ONLY : MW_F_DETAIL);

	/* the memory of the dump */
	if (a->total_kb != MW_UNKNOWN)
		mw_fig_int(sec, "ram_kb", "Memory managed by the kernel", a->total_kb, MW_UNIT_KB, MW_CONF_DERIVED, NULL,
			   "sum of the zones' managed memory, else pages RAM - pages reserved");
	if (a->free_kb != MW_UNKNOWN)
		mw_fig_int(sec, "free_kb", "Free", a->free_kb, MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL);
	if (a->swap_total_kb != MW_UNKNOWN)
		mw_fig_int(sec, "swap_total_kb", "Swap", a->swap_total_kb, MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL);
	if (a->swap_free_kb != MW_UNKNOWN)
		mw_fig_int(sec, "swap_free_kb", "Swap free", a->swap_free_kb, MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL);
	if (ev_kv(e, "tasks_count") != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "tasks_count", "Tasks in the table", ev_kv(e, "tasks_count"), MW_UNIT_COUNT,
					     MW_CONF_EXACT, NULL, NULL), MW_F_DETAIL);
}

/* One event: its analysis, figures, tables, summary and findings, into a->sec. */
static void explain(struct an *a)
{
	struct ev *e = a->e;
	struct tasks_info ti;
	bool oom = ev_eq(e->kind, "oom_kill");

	mw_events_analyse(a);

	figures(a);
	memset(&ti, 0, sizeof(ti));
	flags_table(a);
	candidates_table(a);
	memory_table(a);
	zones_table(a);
	if (oom)
		tasks_tables(a, &ti);
	summary_line(a, &ti);

	mw_events_findings(a, &ti);
	free(a->zr);
	a->zr = NULL;
}

static const char *base(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;
	return s ? s + 1 : path;
}

/* "OOM kill: doxygen (pid 473206) killed, oom.log:1" */
static void event_item(struct mw_node *list, struct ev *e, const struct mw_report_opts *o)
{
	struct an a;
	char title[320];
	size_t n;

	if (ev_eq(e->kind, "oom_kill") && e->victim_pid != MW_UNKNOWN)
		n = (size_t)snprintf(title, sizeof(title), "OOM kill: %s (pid %" PRId64 ") killed", e->victim_comm ? e->victim_comm : "?",
				     e->victim_pid);
	else if (ev_eq(e->kind, "oom_reaper"))
		n = (size_t)snprintf(title, sizeof(title), "OOM victim reaped: %s (pid %" PRId64 ")", e->victim_comm ? e->victim_comm : "?",
				     e->victim_pid);
	else if (e->order != MW_UNKNOWN && e->order >= 0 && !ev_eq(e->kind, "show_mem"))
		n = (size_t)snprintf(title, sizeof(title), "%s: %s%sorder %" PRId64,
				     ev_eq(e->kind, "oom_kill") ? (ev_kv(e, "panic") == 1 ? "Out of memory, kernel panic" : "Out of memory")
							        : kind_title(e->kind),
				     e->trigger_comm ? e->trigger_comm : "", e->trigger_comm ? ", " : "", e->order);
	else
		n = (size_t)snprintf(title, sizeof(title), "%s%s%s", kind_title(e->kind), e->trigger_comm ? ": " : "",
				     e->trigger_comm ? e->trigger_comm : "");
	if (n < sizeof(title) && e->input && e->first_line != MW_UNKNOWN)
		snprintf(title + n, sizeof(title) - n, ", %s:%" PRId64, base(e->input), e->first_line);
	memset(&a, 0, sizeof(a));
	a.e = e;
	a.o = o;
	a.file = e->input;
	a.sec = mw_list_add(list, title);
	explain(&a);
}

/* ---- the report ---- */

static const struct mw_column overview_cols[] = {
	{ "line", "Line", MW_UNIT_NONE, MW_VAL_INT, 0, "first line of the event in its input" },
	{ "time", "Time", MW_UNIT_TIME, MW_VAL_INT, 0, "wall-clock time from syslog or dmesg -T prefixes" },
	{ "uptime_seconds", "Uptime", MW_UNIT_SECONDS, MW_VAL_DOUBLE, MW_F_DETAIL, "monotonic [ts] of the first line" },
	{ "kind", "Kind", MW_UNIT_NONE, MW_VAL_STR, 0, "oom_kill, alloc_failure, alloc_stall, show_mem, oom_reaper" },
	{ "who", "Asked by", MW_UNIT_NONE, MW_VAL_STR, 0, "the task whose allocation failed" },
	{ "order_", "Order", MW_UNIT_NONE, MW_VAL_INT, 0, "buddy order of the request" },
	{ "mask", "Mask", MW_UNIT_NONE, MW_VAL_STR, 0, "GFP mask as printed" },
	{ "outcome", "Outcome", MW_UNIT_NONE, MW_VAL_STR, 0, "who was killed, or what failed" },
};

static bool events_applies(struct mw_store *st, const struct mw_report_opts *o)
{
	(void)o;
	return mw_q_scalar(st, "SELECT count(*) + 0 * ?1 FROM event", 0) > 0;
}

static int load_events(struct mw_store *st, const struct mw_report_opts *o, struct ev **ret, size_t *ret_n)
{
	struct mw_q q;
	struct ev *evs = NULL;
	size_t n = 0, alloc = 0;
	int r = 0;

	if (mw_q_prepare(&q, st, "SELECT e.id, e.kind, e.first_line, e.last_line, e.ts, e.wall, e.trigger_comm, e.trigger_pid, "
				 "e.order_, e.gfp_mask, e.gfp_names, e.nodemask, e.cpuset, e.mems_allowed, e.oom_score_adj, "
				 "e.kernel_release, e.constraint_, e.oom_memcg, e.task_memcg, e.memcg, e.victim_pid, "
				 "e.victim_comm, e.victim_score, e.victim_total_vm_kb, e.victim_anon_rss_kb, "
				 "e.victim_file_rss_kb, e.victim_shmem_rss_kb, e.victim_uid, e.victim_pgtables_kb, "
				 "e.victim_oom_score_adj, e.reaped, e.stall_ms, e.truncated, e.summary, i.display, h.name, "
				 "b.kernel_release FROM event e JOIN input i ON i.id = e.input_id "
				 "LEFT JOIN host h ON h.id = e.host_id LEFT JOIN boot b ON b.id = e.boot_id "
				 "WHERE (?1 IS NULL OR h.name = ?1) ORDER BY e.input_id, e.first_line, e.seq") < 0)
		return MW_ESTORE;
	mw_q_bind_text(&q, 1, o->host);
	while (mw_q_step(&q)) {
		struct ev *e;
		MW_GROW(evs, alloc, n + 1);
		e = &evs[n++];
		ev_init(e);
		e->id = mw_q_i64(&q, 0);
		e->kind = mw_q_textdup(&q, 1);
		e->first_line = mw_q_i64(&q, 2);
		e->last_line = mw_q_i64(&q, 3);
		e->ts = mw_q_double(&q, 4);
		e->wall = mw_q_i64(&q, 5);
		e->trigger_comm = mw_q_textdup(&q, 6);
		e->trigger_pid = mw_q_i64(&q, 7);
		e->order = mw_q_i64(&q, 8);
		e->gfp_mask = mw_q_textdup(&q, 9);
		e->gfp_names = mw_q_textdup(&q, 10);
		e->nodemask = mw_q_textdup(&q, 11);
		e->cpuset = mw_q_textdup(&q, 12);
		e->mems_allowed = mw_q_textdup(&q, 13);
		e->oom_score_adj = mw_q_i64(&q, 14);
		e->release = mw_q_textdup(&q, 15);
		e->constraint = mw_q_textdup(&q, 16);
		e->oom_memcg = mw_q_textdup(&q, 17);
		e->task_memcg = mw_q_textdup(&q, 18);
		e->memcg = mw_q_i64(&q, 19) == 1;
		e->victim_pid = mw_q_i64(&q, 20);
		e->victim_comm = mw_q_textdup(&q, 21);
		e->victim_score = mw_q_i64(&q, 22);
		e->v_total_vm_kb = mw_q_i64(&q, 23);
		e->v_anon_kb = mw_q_i64(&q, 24);
		e->v_file_kb = mw_q_i64(&q, 25);
		e->v_shmem_kb = mw_q_i64(&q, 26);
		e->v_uid = mw_q_i64(&q, 27);
		e->v_pgtables_kb = mw_q_i64(&q, 28);
		e->v_adj = mw_q_i64(&q, 29);
		e->reaped = mw_q_i64(&q, 30) == 1;
		e->stall_ms = mw_q_i64(&q, 31);
		e->truncated = mw_q_i64(&q, 32) == 1;
		e->summary = mw_q_textdup(&q, 33);
		e->input = mw_q_textdup(&q, 34);
		e->host = mw_q_textdup(&q, 35);
		e->boot_release = mw_q_textdup(&q, 36);
	}
	if (mw_q_finish(&q) < 0)
		r = MW_ESTORE;
	for (size_t i = 0; i < n && r == 0; i++)
		r = load_children(st, &evs[i]);
	*ret = evs;
	*ret_n = n;
	return r;
}

/*
 * OOM kill after OOM kill: each freed memory that was used up again.
 * Kills belong together when each follows the previous one within 10
 * minutes (by the wall clock, else the monotonic clock of one boot;
 * without either, in the order of the input). The largest such run.
 */
static void oom_repeats(struct mw_node *sec, struct ev *evs, size_t n)
{
	struct mw_node *f;
	char saw[768], span[64] = "";
	size_t o2 = 0, first = SIZE_MAX, last = 0, best_first = SIZE_MAX, best_last = 0, run = 0, best = 0, prev = SIZE_MAX;
	const char *asker = NULL;
	bool same_asker = true;
	for (size_t i = 0; i < n; i++) {
		bool close = false;
		if (!ev_eq(evs[i].kind, "oom_kill"))
			continue;
		if (prev != SIZE_MAX) {
			if (evs[i].wall != MW_UNKNOWN && evs[prev].wall != MW_UNKNOWN)
				close = evs[i].wall - evs[prev].wall <= 600 && evs[i].wall >= evs[prev].wall;
			else if (evs[i].ts == evs[i].ts && evs[prev].ts == evs[prev].ts)
				close = evs[i].ts - evs[prev].ts <= 600.0 && evs[i].ts >= evs[prev].ts;
			else
				close = true;
		}
		if (!close) {
			first = i;
			run = 0;
		}
		run++;
		if (run > best) {
			best = run;
			best_first = first;
			best_last = i;
		}
		prev = i;
	}
	first = best_first;
	last = best_last;
	for (size_t i = first; best >= 2 && i <= last; i++) {
		if (!ev_eq(evs[i].kind, "oom_kill"))
			continue;
		if (!asker)
			asker = evs[i].trigger_comm;
		else if (!evs[i].trigger_comm || strcmp(asker, evs[i].trigger_comm) != 0)
			same_asker = false;
	}
	if (best < 2)
		return;
	if (evs[first].wall != MW_UNKNOWN && evs[last].wall != MW_UNKNOWN)
		snprintf(span, sizeof(span), " within %" PRId64 " s", evs[last].wall - evs[first].wall);
	else if (evs[first].ts == evs[first].ts && evs[last].ts == evs[last].ts && evs[last].ts >= evs[first].ts)
		snprintf(span, sizeof(span), " within %.3g s", evs[last].ts - evs[first].ts);
	o2 += (size_t)snprintf(saw + o2, sizeof(saw) - o2, "%zu OOM kills%s: ", best, span);
	for (size_t i = first, k = 0; i <= last && o2 + 40 < sizeof(saw); i++)
		if (ev_eq(evs[i].kind, "oom_kill") && k++ < 8)
			o2 += (size_t)snprintf(saw + o2, sizeof(saw) - o2, "%s%s", k > 1 ? ", " : "",
					       evs[i].victim_comm ? evs[i].victim_comm : "?");
	if (same_asker && asker && o2 < sizeof(saw))
		snprintf(saw + o2, sizeof(saw) - o2, " killed; %s asked for the memory every time.", asker);
	else if (o2 < sizeof(saw))
		snprintf(saw + o2, sizeof(saw) - o2, " killed.");
	f = mw_finding(sec, "oom-kills-repeated", MW_LEVEL_WARNING, "OOM kill after OOM kill", saw,
		       "Each kill freed memory that was used up again: what grows was not (or not only) what died. "
		       "A victim chosen by oom_score_adj can be innocent.",
		       same_asker && asker ? "Look at the task that kept asking first: it is likely the one growing; "
					     "limit it or fix it, rather than the victims."
					   : "Compare the largest tasks of each report: the one that keeps growing is "
					     "the cause.");
	for (size_t i = first, k = 0; i <= last && k < 6; i++)
		if (ev_eq(evs[i].kind, "oom_kill") && evs[i].summary) {
			mw_evidence_line(f, evs[i].input, evs[i].first_line == MW_UNKNOWN ? 0 : (uint64_t)evs[i].first_line,
					 evs[i].summary, strlen(evs[i].summary));
			k++;
		}
}

/* Report-level view: counts, the timeline, and what repeats. */
static void overview(struct mw_node *root, struct ev *evs, size_t n)
{
	struct mw_node *sec = mw_section(root, "event_overview", "Kernel memory events");
	struct mw_node *t;
	int64_t counts[6] = { 0 };
	static const char *const kinds[6] = { "oom_kill", "alloc_failure", "alloc_stall", "show_mem", "oom_reaper", NULL };
	char s[768];
	size_t o = 0;

	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 5; k++)
			if (ev_eq(evs[i].kind, kinds[k]))
				counts[k]++;
	mw_node_set_flags(mw_fig_int(sec, "events_count", "Events", (int64_t)n, MW_UNIT_COUNT, MW_CONF_EXACT, NULL, "reports found in the input"), MW_F_DETAIL);
	mw_fig_int(sec, "oom_kills_count", "OOM kills", counts[0], MW_UNIT_COUNT, MW_CONF_EXACT, NULL, "reports found in the input");
	mw_fig_int(sec, "alloc_failures_count", "Allocation failures", counts[1], MW_UNIT_COUNT, MW_CONF_EXACT, NULL, "reports found in the input");
	mw_node_set_flags(mw_fig_int(sec, "alloc_stalls_count", "Allocation stalls", counts[2], MW_UNIT_COUNT, MW_CONF_EXACT,
				     NULL, "reports found in the input"), MW_F_DETAIL);
	mw_node_set_flags(mw_fig_int(sec, "show_mem_count", "show_mem dumps", counts[3], MW_UNIT_COUNT, MW_CONF_EXACT, NULL, "reports found in the input"),
			  MW_F_DETAIL);

	o += (size_t)snprintf(s + o, sizeof(s) - o, "%zu kernel memory event%s", n, n == 1 ? "" : "s");
	{
		const char *names[5] = { "OOM kill", "allocation failure", "allocation stall", "show_mem dump", "reaped victim" };
		bool first = true;
		for (int k = 0; k < 5; k++) {
			if (!counts[k])
				continue;
			o += (size_t)snprintf(s + o, sizeof(s) - o, "%s%" PRId64 " %s%s", first ? ": " : ", ", counts[k], names[k],
					      counts[k] == 1 ? "" : "s");
			first = false;
		}
	}
	if (counts[0]) {
		bool first = true;
		size_t shown = 0;
		for (size_t i = 0; i < n && o + 40 < sizeof(s); i++) {
			if (!ev_eq(evs[i].kind, "oom_kill") || evs[i].victim_pid == MW_UNKNOWN)
				continue;
			if (shown++ >= 5) {
				o += (size_t)snprintf(s + o, sizeof(s) - o, ", ...");
				break;
			}
			o += (size_t)snprintf(s + o, sizeof(s) - o, "%s%s (%" PRId64 ")", first ? "; killed " : ", ",
					      evs[i].victim_comm ? evs[i].victim_comm : "?", evs[i].victim_pid);
			first = false;
		}
	}
	snprintf(s + (o < sizeof(s) ? o : sizeof(s) - 1), sizeof(s) - (o < sizeof(s) ? o : sizeof(s) - 1), ".");
	mw_summary(sec, "%s", s);

	t = mw_table(sec, "timeline", "Events in order", overview_cols, MW_ARRAY_SIZE(overview_cols));
	for (size_t i = 0; i < n; i++) {
		struct ev *e = &evs[i];
		struct mw_row *r = mw_row_add(t);
		char out[160];
		if (e->first_line != MW_UNKNOWN)
			mw_cell_int(r, 0, e->first_line);
		if (e->wall != MW_UNKNOWN)
			mw_cell_int(r, 1, e->wall);
		if (e->ts == e->ts)
			mw_cell_double(r, 2, e->ts);
		mw_cell_str(r, 3, e->kind);
		if (e->trigger_comm)
			mw_cell_str(r, 4, e->trigger_comm);
		if (e->order != MW_UNKNOWN)
			mw_cell_int(r, 5, e->order);
		if (e->gfp_mask)
			mw_cell_str(r, 6, e->gfp_mask);
		if (ev_eq(e->kind, "oom_kill") || ev_eq(e->kind, "oom_reaper"))
			snprintf(out, sizeof(out), "%s %s (%" PRId64 ")", ev_eq(e->kind, "oom_reaper") ? "reaped" : "killed",
				 e->victim_comm ? e->victim_comm : "?", e->victim_pid);
		else if (ev_eq(e->kind, "show_mem"))
			snprintf(out, sizeof(out), "memory dump");
		else
			snprintf(out, sizeof(out), "failed");
		if (e->victim_pid == MW_UNKNOWN && ev_eq(e->kind, "oom_kill"))
			snprintf(out, sizeof(out), "%s", ev_kv(e, "panic") == 1 ? "kernel panic" : "no kill in the input");
		mw_cell_str(r, 7, out);
		mw_row_source(r, e->input, e->first_line == MW_UNKNOWN ? 0 : (uint64_t)e->first_line);
	}

	oom_repeats(sec, evs, n);

	/* the same failure again and again */
	for (size_t i = 0; i < n; i++) {
		struct ev *e = &evs[i];
		size_t same = 0;
		int64_t suppressed = 0;
		bool first = true;
		if (!ev_eq(e->kind, "alloc_failure"))
			continue;
		for (size_t j = 0; j < n; j++) {
			if (ev_eq(evs[j].kind, "alloc_failure") && evs[j].order == e->order &&
			    ((!evs[j].gfp_mask && !e->gfp_mask) || (evs[j].gfp_mask && e->gfp_mask && strcmp(evs[j].gfp_mask, e->gfp_mask) == 0)) &&
			    ((!evs[j].trigger_comm && !e->trigger_comm) ||
			     (evs[j].trigger_comm && e->trigger_comm && strcmp(evs[j].trigger_comm, e->trigger_comm) == 0))) {
				if (j < i)
					first = false;
				same++;
				if (ev_kv(&evs[j], "callbacks_suppressed") != MW_UNKNOWN)
					suppressed += ev_kv(&evs[j], "callbacks_suppressed");
			}
		}
		if (first && (same >= 3 || (same >= 2 && suppressed > 0))) {
			struct mw_node *f;
			char saw[512];
			snprintf(saw, sizeof(saw), "%s failed %zu times with order %" PRId64 " and mode %s%s.",
				 e->trigger_comm ? e->trigger_comm : "The same caller", same, e->order, e->gfp_mask ? e->gfp_mask : "?",
				 suppressed ? " (and the kernel suppressed more: \"callbacks suppressed\")" : "");
			f = mw_finding(sec, "alloc-repeated", MW_LEVEL_WARNING, "The same allocation keeps failing", saw,
				       "A failure that repeats is a steady state, not a spike: the caller keeps asking for memory "
				       "the system does not have in that form.",
				       "Fix the caller (see the explanation of the first failure below) rather than the moment.");
			for (size_t j = 0, k = 0; j < n && k < 5; j++)
				if (ev_eq(evs[j].kind, "alloc_failure") && evs[j].order == e->order && evs[j].summary &&
				    evs[j].trigger_comm && e->trigger_comm && strcmp(evs[j].trigger_comm, e->trigger_comm) == 0) {
					mw_evidence_line(f, evs[j].input, evs[j].first_line == MW_UNKNOWN ? 0 : (uint64_t)evs[j].first_line,
							 evs[j].summary, strlen(evs[j].summary));
					k++;
				}
		}
	}
}

static int events_run(struct mw_store *st, const struct mw_report_opts *o, struct mw_node *root)
{
	struct ev *evs = NULL;
	size_t n = 0;
	int r = load_events(st, o, &evs, &n);
	if (r == 0 && n) {
		struct mw_node *list;
		if (n > 1)
			overview(root, evs, n);
		list = mw_list(root, "events", "Kernel memory events explained");
		for (size_t i = 0; i < n; i++)
			event_item(list, &evs[i], o);
	}
	for (size_t i = 0; i < n; i++)
		ev_free(&evs[i]);
	free(evs);
	return r;
}

int mw_events_explain_request(const struct mw_event_request *rq, const struct mw_report_opts *o, struct mw_node *root)
{
	struct ev e;
	struct mw_node *list;
	ev_init(&e);
	e.kind = mw_xstrdup("request");
	e.order = rq->order;
	e.gfp_mask = dup_or_null(rq->gfp_mask);
	e.gfp_names = dup_or_null(rq->gfp_names);
	if (!e.gfp_mask && e.gfp_names) {
		/* names only: their value in the given kernel, else in the newest layout */
		size_t n;
		const struct mw_gfp_era *eras = mw_gfp_eras(&n);
		const struct mw_gfp_era *era = mw_gfp_era_for(o->kernel ? mw_kver(o->kernel) : 0);
		uint64_t v;
		if (!era)
			era = &eras[n - 1];
		if (mw_gfp_names_value(era, o->kernel ? mw_kver(o->kernel) : 0, e.gfp_names, &v, NULL, 0) == 0 && v) {
			e.gfp_mask = mw_xasprintf("%#llx", (unsigned long long)v);
			if (!o->kernel)
				e.release = mw_xstrdup(era->name);
		}
	}
	e.summary = dup_or_null(rq->text);
	if (rq->text) {
		MW_GROW(e.lines, e.alloc_lines, 1);
		e.lines[0].line = MW_UNKNOWN;
		e.lines[0].role = mw_xstrdup("trigger");
		e.lines[0].text = mw_xstrdup(rq->text);
		e.n_lines = 1;
	}
	list = mw_list(root, "events", "Kernel memory events explained");
	event_item(list, &e, o);
	ev_free(&e);
	return 0;
}

const struct mw_report mw_report_events = {
	.name = "events",
	.summary = "OOM kills, page allocation failures and show_mem dumps explained (GFP flags, watermarks, victims)",
	.applies = events_applies,
	.run = events_run,
};
