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
 * `memwaste explain` runs this report on the text it is given, or on a
 * bare request through mw_events_explain_request() (events.h).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "bootcalc.h"
#include "query.h"
#include "memwaste/events.h"
#include "memwaste/gfp.h"
#include "memwaste/banned.h"

#define COSTLY_ORDER 3		/* PAGE_ALLOC_COSTLY_ORDER */
#define MAX_CAND 8

/* ---- the event as loaded from the store ---- */

struct kv {
	char *key;
	int64_t value;
	int64_t node;
};

struct zone {
	int64_t node;
	char *name;
	int64_t free_kb, min_kb, low_kb, high_kb, present_kb, managed_kb;
	int64_t boost_kb, highatomic_kb, free_cma_kb, all_unreclaimable, page_kb, zone_line, buddy_line;
	unsigned n_reserve;
	int64_t reserve[MW_MAX_ZONES];
	unsigned n_orders;
	uint64_t counts[MW_MAX_ORDERS];
	char types[MW_MAX_ORDERS][8];
};

struct task {
	int64_t pid, uid, rss, swapents, pgtables_bytes, nr_ptes, oom_score_adj;
	char *name;
	double badness;
};

struct eline {
	int64_t line;
	char *role, *text;
};

struct ev {
	int64_t id, first_line, last_line, wall, trigger_pid, order, oom_score_adj, victim_pid, victim_score;
	int64_t v_total_vm_kb, v_anon_kb, v_file_kb, v_shmem_kb, v_uid, v_pgtables_kb, v_adj, stall_ms;
	double ts;
	bool memcg, reaped, truncated;
	char *kind, *input, *host, *trigger_comm, *gfp_mask, *gfp_names, *nodemask, *cpuset, *mems_allowed;
	char *release, *boot_release, *constraint, *oom_memcg, *task_memcg, *victim_comm, *summary;
	struct kv *kv;
	size_t n_kv, alloc_kv;
	struct zone *zones;
	size_t n_zones, alloc_zones;
	struct task *tasks;
	size_t n_tasks, alloc_tasks;
	struct eline *lines;
	size_t n_lines, alloc_lines;
};

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

/* ---- lookups ---- */

/* A global (not per-node) value, MW_UNKNOWN when absent. */
static int64_t kv(const struct ev *e, const char *key)
{
	for (size_t i = 0; i < e->n_kv; i++)
		if (e->kv[i].node == MW_UNKNOWN && strcmp(e->kv[i].key, key) == 0)
			return e->kv[i].value;
	return MW_UNKNOWN;
}

static const struct eline *line_at(const struct ev *e, int64_t line)
{
	for (size_t i = 0; i < e->n_lines; i++)
		if (e->lines[i].line == line)
			return &e->lines[i];
	return NULL;
}

static bool is(const char *s, const char *lit)
{
	return s && strcmp(s, lit) == 0;
}

/* ---- the analysis ---- */

enum zcheck {
	Z_NO_LINE,		/* no zone line printed: nothing to check */
	Z_NOT_ALLOWED,		/* a zone this request may not use */
	Z_PASS,
	Z_BELOW_MIN,		/* free <= min (+ lowmem_reserve) */
	Z_NO_BLOCK,		/* enough free pages, none in a block of the order */
};

struct zres {
	const struct zone *z;
	enum zcheck check;
	const char *why_not;		/* Z_NOT_ALLOWED */
	int64_t min_eff_kb, reserve_kb, free_eff_kb;
	int largest;			/* order of the largest free block, -1 if none */
	uint64_t suitable;		/* blocks of the requested order the free blocks could make */
	double unusable;		/* unusable free space index for the order (0..1), NAN unknown */
	char text[256];
};

struct an {
	struct ev *e;
	const struct mw_report_opts *o;
	struct mw_node *sec;
	const char *file;

	const char *release, *release_from;
	long kver;

	bool have_mask;
	uint64_t mask;
	const struct mw_gfp_era *era;	/* era whose bits explain the mask */
	long era_kver;
	bool gfp_known;			/* the flags' meaning is certain */
	bool ambiguous;
	char flags[400];
	char flags_from[256];
	struct mw_gfp_props p;
	bool reclaim_known;		/* p.direct_reclaim is the same in every candidate */
	struct mw_gfp_decode cand[MAX_CAND];
	size_t n_cand;
	char names_mismatch[200];

	int64_t page_kb;
	bool page_known;

	/* memory of the dump, kB (MW_UNKNOWN when not printed) */
	int64_t ram_kb, total_kb, free_kb, anon_kb, file_kb, lru_kb, unevict_kb, slab_r_kb, slab_u_kb, slab_kb;
	int64_t pgtables_kb, kstack_kb, hugetlb_kb, hugetlb_free_kb, other_kb, shmem_kb, dirty_kb, swap_total_kb;
	int64_t swap_free_kb, kernel_kb, user_kb;

	struct zres *zr;
	size_t n_zr;
	const char *classzone;
	bool any_zone_checked, any_pass, any_no_block, any_below_min;
	int64_t free_usable_kb, free_unusable_kb;

	/* trace */
	char caller[128];
	char offender[256];
	const char *offender_id;
	bool in_irq;
};

static void fmt_kb(char *buf, size_t n, int64_t kb)
{
	mw_format_bytes(buf, n, kb == MW_UNKNOWN ? NAN : (double)kb * 1024.0);
}

/* "Node 0 Normal", or "Normal" on dumps without nodes. */
static void zone_name(const struct zone *z, char *buf, size_t n)
{
	if (z->node != MW_UNKNOWN)
		snprintf(buf, n, "Node %" PRId64 " %s", z->node, z->name);
	else
		snprintf(buf, n, "%s", z->name);
}

static double pct(int64_t part, int64_t whole)
{
	if (part == MW_UNKNOWN || whole == MW_UNKNOWN || whole <= 0)
		return NAN;
	return 100.0 * (double)part / (double)whole;
}

static void evidence_role(struct mw_node *f, const struct an *a, const char *role, size_t max)
{
	for (size_t i = 0, n = 0; i < a->e->n_lines && n < max; i++) {
		const struct eline *l = &a->e->lines[i];
		if (strcmp(l->role, role) == 0) {
			mw_evidence_line(f, a->file, l->line == MW_UNKNOWN ? 0 : (uint64_t)l->line, l->text, strlen(l->text));
			n++;
		}
	}
}

static void evidence_line(struct mw_node *f, const struct an *a, int64_t line)
{
	const struct eline *l = line == MW_UNKNOWN ? NULL : line_at(a->e, line);
	if (l)
		mw_evidence_line(f, a->file, (uint64_t)l->line, l->text, strlen(l->text));
}

/* The kernel release: the report's own (CPU/Pid line), the boot's "Linux version", else --kernel. */
static void pick_release(struct an *a)
{
	if (a->e->release) {
		a->release = a->e->release;
		a->release_from = "the CPU/Pid line of the report";
	} else if (a->e->boot_release) {
		a->release = a->e->boot_release;
		a->release_from = "the Linux version line of the boot";
	} else if (a->o->kernel) {
		a->release = a->o->kernel;
		a->release_from = "--kernel";
	}
	a->kver = a->release ? mw_kver(a->release) : 0;
}

static bool parse_mask(const char *s, uint64_t *ret)
{
	char *end;
	unsigned long long v;
	if (!s || !*s)
		return false;
	errno = 0;
	v = strtoull(s, &end, 16);
	if (errno || end == s || *end)
		return false;
	*ret = v;
	return true;
}

static void era_label(char *buf, size_t n, const struct mw_gfp_era *first, const struct mw_gfp_era *last)
{
	if (first == last && first->to) {
		snprintf(buf, n, "%s", first->range);
		return;
	}
	if (!last->to) {
		snprintf(buf, n, "%s and later", first->name);
		return;
	}
	/* "2.6.0 .. 4.3" from the first era's start and the last era's end */
	{
		const char *from = first->range;
		size_t fl = strcspn(from, " ");
		const char *to = strstr(last->range, "..");
		snprintf(buf, n, "%.*s .. %s", (int)fl, from, to ? (to[2] == ' ' ? to + 3 : to + 2) : "");
		if (n && buf[strlen(buf) - 1] == ' ')
			buf[strlen(buf) - 1] = '\0';
	}
}

/*
 * Releases the report's own format allows, when no release is given
 * (kernel-formats.md 9, 10): "page allocation failure." with a full stop
 * is 2.6 (before 3.0); a mask without its decoding in brackets predates
 * 4.5; with one, 4.5 or later; "nodemask=" on the failure line 4.10+,
 * ",cpuset=" on it 4.19+; "oomkilladj=" before 2.6.36.
 */
static void format_bounds(const struct ev *e, long *ret_lo, long *ret_hi)
{
	const char *t = NULL;
	long lo = 0, hi = 0;
	for (size_t i = 0; i < e->n_lines; i++)
		if (strcmp(e->lines[i].role, "trigger") == 0) {
			t = e->lines[i].text;
			break;
		}
	*ret_lo = *ret_hi = 0;
	if (!t || is(e->kind, "request") || !e->gfp_mask)
		return;
	if (strstr(t, "page allocation failure."))
		hi = MW_KVER(3, 0, 0);
	if (strstr(t, "oomkilladj="))
		hi = MW_KVER(2, 6, 36);
	if (e->gfp_names) {
		lo = MW_KVER(4, 5, 0);
	} else {
		/* the decoding is printed right after the number since 4.5 */
		const char *m = strstr(t, e->gfp_mask);
		if (m && m[strlen(e->gfp_mask)] != '(' && (!hi || hi > MW_KVER(4, 5, 0)))
			hi = MW_KVER(4, 5, 0);
	}
	if (strstr(t, "page allocation failure") && strstr(t, "nodemask=") && lo < MW_KVER(4, 10, 0))
		lo = MW_KVER(4, 10, 0);
	if (strstr(t, ",cpuset=") && lo < MW_KVER(4, 19, 0))
		lo = MW_KVER(4, 19, 0);
	*ret_lo = lo;
	*ret_hi = hi;
}

/*
 * What the mask means: the kernel's printed names (4.5+) checked against
 * the table of the report's era; else the table of the era; else every
 * era's decoding, and whether they agree.
 */
static void decode_gfp(struct an *a)
{
	struct ev *e = a->e;
	struct mw_gfp_decode d;

	a->flags[0] = a->flags_from[0] = a->names_mismatch[0] = '\0';
	a->have_mask = parse_mask(e->gfp_mask, &a->mask);
	if (!a->have_mask)
		return;
	a->era = mw_gfp_era_for(a->kver);
	a->era_kver = a->kver;
	if (!a->era && e->gfp_names) {
		/* no release: the eras whose layout gives the printed names this value */
		size_t n;
		const struct mw_gfp_era *eras = mw_gfp_eras(&n);
		for (size_t i = n; i-- > 0;) {
			uint64_t v;
			if (mw_gfp_names_value(&eras[i], 0, e->gfp_names, &v, NULL, 0) == 0 && v == a->mask) {
				a->era = &eras[i];
				break;
			}
		}
		a->era_kver = 0;
	}
	if (a->era) {
		mw_gfp_decode(a->mask, a->era, a->era_kver, &d);
		a->p = d.p;
		a->gfp_known = a->reclaim_known = true;
		if (e->gfp_names) {
			uint64_t v;
			char bad[128];
			int nbad = mw_gfp_names_value(a->era, a->era_kver, e->gfp_names, &v, bad, sizeof(bad));
			snprintf(a->flags, sizeof(a->flags), "%s", e->gfp_names);
			snprintf(a->flags_from, sizeof(a->flags_from), "printed by the kernel");
			if (nbad)
				snprintf(a->names_mismatch, sizeof(a->names_mismatch),
					 "the names %s are unknown to the %s table", bad, a->era->range);
			else if (v != a->mask)
				snprintf(a->names_mismatch, sizeof(a->names_mismatch),
					 "the printed names add up to %#llx in the %s table, not %s", (unsigned long long)v,
					 a->era->range, e->gfp_mask);
		} else {
			snprintf(a->flags, sizeof(a->flags), "%s", d.names);
			snprintf(a->flags_from, sizeof(a->flags_from), "decoded with the %s table (%s)", a->era->range,
				 a->kver ? "the kernel's release" : "the names the kernel printed");
			if (!d.plausible)
				snprintf(a->names_mismatch, sizeof(a->names_mismatch),
					 "the mask makes little sense in the %s layout: %s", a->era->range, d.implausible);
		}
		return;
	}
	/* unknown era, only a number: every layout the report's format allows */
	{
		size_t total, plausible = 0, distinct = 0, kept = 0;
		long lo, hi;
		format_bounds(e, &lo, &hi);
		a->n_cand = mw_gfp_candidates(a->mask, a->cand, MAX_CAND, &total);
		for (size_t i = 0; i < a->n_cand; i++) {
			/* a group [era .. era_last] overlaps [lo, hi)? */
			long from = a->cand[i].era->from, to = a->cand[i].era_last->to;
			if ((hi && from >= hi) || (lo && to && to <= lo))
				continue;
			a->cand[kept++] = a->cand[i];
		}
		if (kept)
			a->n_cand = kept;
		/* name only the eras the format allows (the groups point into one array of eras) */
		for (size_t i = 0; kept && i < a->n_cand; i++) {
			const struct mw_gfp_era *f = a->cand[i].era, *l = a->cand[i].era_last;
			while (lo && f < l && f->to && f->to <= lo)
				f++;
			while (hi && l > f && l->from >= hi)
				l--;
			a->cand[i].era = f;
			a->cand[i].era_last = l;
		}
		for (size_t i = 0; i < a->n_cand; i++)
			if (a->cand[i].plausible)
				plausible++;
		distinct = plausible ? plausible : a->n_cand;
		if (distinct == 1 || (plausible && a->cand[0].plausible && plausible == 1)) {
			char range[64];
			era_label(range, sizeof(range), a->cand[0].era, a->cand[0].era_last);
			snprintf(a->flags, sizeof(a->flags), "%s", a->cand[0].names);
			if (lo || hi) {
				char b1[32], b2[32];
				snprintf(b1, sizeof(b1), "%ld.%ld", lo / 1000000, lo / 1000 % 1000);
				snprintf(b2, sizeof(b2), "%ld.%ld", hi / 1000000, hi / 1000 % 1000);
				snprintf(a->flags_from, sizeof(a->flags_from), "release unknown; the report's format dates the "
					 "kernel %s%s%s%s (GFP layout %s)", lo ? b1 : "", lo ? " or later" : "", lo && hi ? ", before " :
					 hi ? "before " : "", hi ? b2 : "", range);
			} else {
				snprintf(a->flags_from, sizeof(a->flags_from), "release unknown; the only layout in which the mask "
					 "makes sense is %s", range);
			}
			a->p = a->cand[0].p;
			a->era = a->cand[0].era_last;
			a->gfp_known = a->reclaim_known = true;
		} else {
			size_t o = 0;
			bool first = true;
			a->ambiguous = true;
			for (size_t i = 0; i < a->n_cand && o + 1 < sizeof(a->flags); i++) {
				char range[64];
				if (plausible && !a->cand[i].plausible)
					continue;
				era_label(range, sizeof(range), a->cand[i].era, a->cand[i].era_last);
				o += (size_t)snprintf(a->flags + o, sizeof(a->flags) - o, "%s%s (%s)", first ? "" : " or ",
						      a->cand[i].names, range);
				if (o >= sizeof(a->flags))
					o = sizeof(a->flags) - 1;
				first = false;
			}
			snprintf(a->flags_from, sizeof(a->flags_from),
				 "release unknown: the mask means different things in different kernels");
			a->p = a->cand[0].p;
			a->era = a->cand[0].era_last;
			a->reclaim_known = true;
			for (size_t i = 1; i < a->n_cand; i++)
				if ((!plausible || a->cand[i].plausible) && a->cand[i].p.direct_reclaim != a->p.direct_reclaim)
					a->reclaim_known = false;
		}
	}
}

static void page_size(struct an *a)
{
	a->page_kb = MW_UNKNOWN;
	for (size_t i = 0; i < a->e->n_zones; i++)
		if (a->e->zones[i].page_kb > 0) {
			a->page_kb = a->e->zones[i].page_kb;
			a->page_known = true;
			return;
		}
	a->page_kb = mw_page_size_default(mw_arch_guess(a->release, NULL, false, false)) / 1024;
}

static int64_t pages_kb(const struct an *a, int64_t pages)
{
	return pages == MW_UNKNOWN ? MW_UNKNOWN : pages * a->page_kb;
}

static int64_t add(int64_t x, int64_t y)
{
	if (x == MW_UNKNOWN)
		return y;
	if (y == MW_UNKNOWN)
		return x;
	return x + y;
}

/* The dump's memory, in kB, from the counters (pages), node lines and totals. */
static void memory(struct an *a)
{
	struct ev *e = a->e;
	int64_t managed = 0;
	bool all_managed = e->n_zones > 0;

	a->ram_kb = pages_kb(a, kv(e, "pages_ram"));
	for (size_t i = 0; i < e->n_zones; i++) {
		if (e->zones[i].managed_kb == MW_UNKNOWN)
			all_managed = false;
		else
			managed += e->zones[i].managed_kb;
	}
	if (kv(e, "showmem_incomplete") == 1)
		a->total_kb = MW_UNKNOWN;	/* an abridged dump: shares of it would mislead */
	else if (all_managed && managed > 0)
		a->total_kb = managed;
	else if (a->ram_kb != MW_UNKNOWN && kv(e, "pages_reserved") != MW_UNKNOWN)
		a->total_kb = a->ram_kb - pages_kb(a, kv(e, "pages_reserved"));
	else
		a->total_kb = a->ram_kb;

	a->free_kb = pages_kb(a, kv(e, "free"));
	if (a->free_kb == MW_UNKNOWN)
		a->free_kb = kv(e, "free_pages_kb");
	if (a->free_kb == MW_UNKNOWN && e->n_zones) {
		int64_t f = 0;
		for (size_t i = 0; i < e->n_zones; i++)
			f = add(f, e->zones[i].free_kb);
		a->free_kb = f;
	}
	a->anon_kb = a->file_kb = a->lru_kb = MW_UNKNOWN;
	if (kv(e, "active_anon") != MW_UNKNOWN || kv(e, "Active_anon") != MW_UNKNOWN) {
		a->anon_kb = pages_kb(a, add(add(add(kv(e, "active_anon"), kv(e, "Active_anon")), kv(e, "inactive_anon")),
					     kv(e, "isolated_anon")));
		a->file_kb = pages_kb(a, add(add(kv(e, "active_file"), kv(e, "inactive_file")), kv(e, "isolated_file")));
	} else if (kv(e, "Active") != MW_UNKNOWN) {
		a->lru_kb = pages_kb(a, add(kv(e, "Active"), kv(e, "inactive")));
	}
	a->unevict_kb = pages_kb(a, kv(e, "unevictable"));
	a->slab_r_kb = pages_kb(a, kv(e, "slab_reclaimable"));
	a->slab_u_kb = pages_kb(a, kv(e, "slab_unreclaimable"));
	a->slab_kb = pages_kb(a, kv(e, "slab"));
	a->pgtables_kb = pages_kb(a, kv(e, "pagetables"));
	if (a->pgtables_kb == MW_UNKNOWN)
		a->pgtables_kb = kv(e, "pagetables_kb");
	a->kstack_kb = kv(e, "kernel_stack_kb");
	a->hugetlb_kb = kv(e, "hugetlb_total_kb");
	a->hugetlb_free_kb = kv(e, "hugetlb_free_kb");
	a->shmem_kb = pages_kb(a, kv(e, "shmem"));
	a->dirty_kb = pages_kb(a, add(kv(e, "dirty"), kv(e, "writeback")));
	a->swap_total_kb = kv(e, "total_swap_kb");
	a->swap_free_kb = kv(e, "free_swap_kb");

	/* what the counters do not cover: drivers, vmalloc, GPU buffers, the kernel's own allocations */
	a->other_kb = MW_UNKNOWN;
	if (a->total_kb != MW_UNKNOWN && a->free_kb != MW_UNKNOWN && (a->anon_kb != MW_UNKNOWN || a->lru_kb != MW_UNKNOWN)) {
		int64_t acc = a->free_kb;
		int64_t parts[] = { a->anon_kb, a->file_kb, a->lru_kb, a->unevict_kb, a->slab_r_kb, a->slab_u_kb,
				    a->slab_kb, a->pgtables_kb, a->kstack_kb, a->hugetlb_kb,
				    pages_kb(a, kv(e, "sec_pagetables")), pages_kb(a, kv(e, "bounce")),
				    pages_kb(a, kv(e, "kernel_misc_reclaimable")) };
		for (size_t i = 0; i < MW_ARRAY_SIZE(parts); i++)
			if (parts[i] != MW_UNKNOWN)
				acc += parts[i];
		a->other_kb = a->total_kb - acc;
	}
	a->kernel_kb = MW_UNKNOWN;
	if (a->slab_u_kb != MW_UNKNOWN || a->slab_kb != MW_UNKNOWN) {
		a->kernel_kb = add(add(a->slab_u_kb, a->slab_kb), add(a->pgtables_kb, a->kstack_kb));
		if (a->other_kb != MW_UNKNOWN && a->other_kb > 0)
			a->kernel_kb += a->other_kb;
	}
	a->user_kb = a->anon_kb;
}

/* ---- zones and the watermark check ---- */

static int zone_rank(const char *name)
{
	static const char *const order[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" };
	for (int i = 0; i < (int)MW_ARRAY_SIZE(order); i++)
		if (strcmp(order[i], name) == 0)
			return i;
	return 2;	/* unknown names behave like Normal */
}

static bool zone_seen(const struct ev *e, const char *name)
{
	for (size_t i = 0; i < e->n_zones; i++)
		if (strcmp(e->zones[i].name, name) == 0)
			return true;
	return false;
}

/* The highest zone the mask lets the allocator use (gfp_zone() of mm/page_alloc.c). */
static const char *class_zone(const struct an *a)
{
	const struct ev *e = a->e;
	if (a->p.dma)
		return "DMA";
	if (a->p.dma32)
		return zone_seen(e, "DMA32") ? "DMA32" : zone_seen(e, "DMA") ? "DMA" : "Normal";
	if (a->p.highmem && a->p.movable && zone_seen(e, "Movable"))
		return "Movable";
	if (a->p.highmem && zone_seen(e, "HighMem"))
		return "HighMem";
	if (zone_seen(e, "Normal"))
		return "Normal";
	/* arm64 and friends without a Normal zone: the highest one printed */
	{
		const char *best = NULL;
		for (size_t i = 0; i < e->n_zones; i++)
			if (zone_rank(e->zones[i].name) <= 2 && (!best || zone_rank(e->zones[i].name) > zone_rank(best)))
				best = e->zones[i].name;
		return best ? best : "Normal";
	}
}

/* Index of a zone in lowmem_reserve[]: its rank among the zone types the dump shows (no gaps assumed). */
static int reserve_index(const struct ev *e, const char *name)
{
	int idx = 0, r = zone_rank(name);
	static const char *const order[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" };
	for (int i = 0; i < r; i++)
		if (zone_seen(e, order[i]))
			idx++;
	return idx;
}

/* "0-1,4" contains node? An empty or "(null)" list contains every node. */
static bool node_in(const char *list, int64_t node)
{
	const char *p = list;
	if (!list || !*list || strcmp(list, "(null)") == 0 || node == MW_UNKNOWN)
		return true;
	while (*p) {
		char *end;
		long lo = strtol(p, &end, 10), hi;
		if (end == p)
			return true;	/* not a list we read: do not exclude */
		hi = lo;
		p = end;
		if (*p == '-') {
			hi = strtol(p + 1, &end, 10);
			p = end;
		}
		if (node >= lo && node <= hi)
			return true;
		if (*p == ',')
			p++;
		else
			break;
	}
	return false;
}

static bool type_usable(const char *types, const struct an *a)
{
	if (!types || !*types)
		return true;
	for (const char *t = types; *t; t++) {
		if (*t == 'U' || *t == 'M' || *t == 'E' || *t == 'R')
			return true;
		if (*t == 'C' && a->p.movable)
			return true;
		if (*t == 'H' && a->p.harder)
			return true;
	}
	return false;
}

/*
 * __zone_watermark_ok() with the dump's numbers, for the zones the request
 * may use. All eras: free - (2^order - 1) must stay above min (halved for
 * __GFP_HIGH, a further quarter off for ALLOC_HARDER) plus the zone's
 * lowmem_reserve for the requested zone. Then, before 4.4, the free pages
 * in blocks of at least each lower order must stay above min >> order;
 * from 4.4, some free block of the order or larger must exist in a
 * migratetype the request may take.
 */
static void check_zones(struct an *a)
{
	struct ev *e = a->e;
	int64_t order = e->order;
	bool old = a->era ? a->era->from < MW_KVER(4, 4, 0) : (a->kver && a->kver < MW_KVER(4, 4, 0));
	int cz_rank, cz_idx;
	const char *allowed = e->nodemask && strcmp(e->nodemask, "(null)") != 0 ? e->nodemask : e->mems_allowed;

	a->classzone = class_zone(a);
	cz_rank = zone_rank(a->classzone);
	cz_idx = reserve_index(e, a->classzone);
	a->zr = mw_xcalloc(e->n_zones ? e->n_zones : 1, sizeof(*a->zr));
	a->n_zr = e->n_zones;
	a->free_usable_kb = a->free_unusable_kb = 0;
	for (size_t i = 0; i < e->n_zones; i++) {
		const struct zone *z = &e->zones[i];
		struct zres *r = &a->zr[i];
		int64_t pk = z->page_kb > 0 ? z->page_kb : a->page_kb;
		int64_t o = order == MW_UNKNOWN || order < 0 ? 0 : order;
		uint64_t free_blocks_pages = 0, suitable = 0;

		r->z = z;
		r->largest = -1;
		r->unusable = NAN;
		for (unsigned k = 0; k < z->n_orders && k < MW_MAX_ORDERS; k++) {
			free_blocks_pages += z->counts[k] << k;
			if (z->counts[k])
				r->largest = (int)k;
			if (k >= o && o < 63)
				suitable += z->counts[k] << (k - o);
		}
		r->suitable = suitable;
		if (z->n_orders && free_blocks_pages)
			r->unusable = (double)(free_blocks_pages - (suitable << o)) / (double)free_blocks_pages;
		if (z->free_kb == MW_UNKNOWN || z->min_kb == MW_UNKNOWN) {
			r->check = Z_NO_LINE;
			snprintf(r->text, sizeof(r->text), "no zone line printed");
			continue;
		}
		if (!a->have_mask) {
			/* a show_mem dump on its own: where the zone stands against its watermarks */
			r->check = z->free_kb <= z->min_kb ? Z_BELOW_MIN : Z_PASS;
			snprintf(r->text, sizeof(r->text), "%s", z->free_kb <= z->min_kb ? "free at or below min"
				 : z->low_kb != MW_UNKNOWN && z->free_kb <= z->low_kb ? "free between min and low (kswapd works)"
				 : z->high_kb != MW_UNKNOWN && z->free_kb <= z->high_kb ? "free between low and high"
				 : "free above the high watermark");
			continue;
		}
		if (zone_rank(z->name) > cz_rank) {
			r->check = Z_NOT_ALLOWED;
			r->why_not = a->p.movable ? "needs __GFP_HIGHMEM|__GFP_MOVABLE" : "needs __GFP_MOVABLE (and __GFP_HIGHMEM)";
			snprintf(r->text, sizeof(r->text), "not usable: this request may only use %s and below", a->classzone);
			a->free_unusable_kb += z->free_kb;
			continue;
		}
		if (!node_in(allowed, z->node)) {
			r->check = Z_NOT_ALLOWED;
			r->why_not = "outside the allowed nodes";
			snprintf(r->text, sizeof(r->text), "not usable: node %" PRId64 " is outside the allowed nodes %s", z->node, allowed);
			a->free_unusable_kb += z->free_kb;
			continue;
		}
		a->free_usable_kb += z->free_kb;
		a->any_zone_checked = true;
		{
			int64_t min = z->min_kb / pk, free = z->free_kb / pk, reserve = 0;
			if (a->p.high)
				min -= min / 2;
			if (a->p.harder)
				min -= min / 4;
			if (!old && !a->p.harder && z->highatomic_kb != MW_UNKNOWN)
				free -= z->highatomic_kb / pk;
			if (!a->p.movable && z->free_cma_kb != MW_UNKNOWN)
				free -= z->free_cma_kb / pk;
			free -= ((int64_t)1 << o) - 1;
			if ((unsigned)cz_idx < z->n_reserve)
				reserve = z->reserve[cz_idx];
			r->min_eff_kb = min * pk;
			r->reserve_kb = reserve * pk;
			r->free_eff_kb = free * pk;
			if (free <= min + reserve) {
				char f[32], m[32], rv[32];
				r->check = Z_BELOW_MIN;
				fmt_kb(f, sizeof(f), free * pk);
				fmt_kb(m, sizeof(m), min * pk);
				fmt_kb(rv, sizeof(rv), reserve * pk);
				snprintf(r->text, sizeof(r->text), "fails: free %s <= min %s + lowmem_reserve %s", f, m, rv);
				a->any_below_min = true;
				continue;
			}
			if (o > 0 && !z->n_orders) {
				r->check = Z_PASS;
				snprintf(r->text, sizeof(r->text), "free above min; no buddy line to check the order");
				a->any_pass = true;
				continue;
			}
			if (o > 0 && old) {
				int64_t fp = free, mm = min;
				bool fail = false;
				int at = 0;
				for (int64_t k = 0; k < o && k < (int64_t)z->n_orders && k < MW_MAX_ORDERS; k++) {
					fp -= (int64_t)(z->counts[k] << k);
					mm >>= 1;
					if (fp <= mm) {
						fail = true;
						at = (int)k + 1;
						break;
					}
				}
				if (fail) {
					r->check = Z_NO_BLOCK;
					snprintf(r->text, sizeof(r->text),
						 "fails: too little free memory in blocks of order %d or more (2.6-4.3 check)", at);
					a->any_no_block = true;
					continue;
				}
			} else if (o > 0) {
				bool found = false;
				for (unsigned k = (unsigned)o; k < z->n_orders && k < MW_MAX_ORDERS; k++)
					if (z->counts[k] && type_usable(z->types[k], a))
						found = true;
				if (!found) {
					r->check = Z_NO_BLOCK;
					if (r->largest >= 0)
						snprintf(r->text, sizeof(r->text), "fails: no free block of order %" PRId64
							 " or larger (largest: order %d)", o, r->largest);
					else
						snprintf(r->text, sizeof(r->text), "fails: no free block at all");
					a->any_no_block = true;
					continue;
				}
			}
			r->check = Z_PASS;
			snprintf(r->text, sizeof(r->text), "passes now (memory was freed after the failure, or the request "
				 "could not use it: cpuset, __GFP_THISNODE, compaction deferred)");
			a->any_pass = true;
		}
	}
}

/* ---- the call trace ---- */

/* Function names of a trace line, in order: "[<..>] ? name+0x1/0x2 [mod]", "<..>{name+816}". */
static size_t trace_funcs(const char *s, char out[][96], size_t max, bool *ret_irq)
{
	size_t n = 0;
	const char *p = s;
	if (strstr(s, "<IRQ>") || strstr(s, "<SOFTIRQ>"))
		*ret_irq = true;
	while (*p && n < max) {
		const char *plus = strchr(p, '+');
		const char *start;
		if (!plus)
			break;
		start = plus;
		while (start > p && (start[-1] == '_' || start[-1] == '.' || start[-1] == '$' ||
				     (start[-1] >= 'a' && start[-1] <= 'z') || (start[-1] >= 'A' && start[-1] <= 'Z') ||
				     (start[-1] >= '0' && start[-1] <= '9')))
			start--;
		if (plus > start && (plus[1] == '0' || (plus[1] >= '1' && plus[1] <= '9'))) {
			size_t len = MW_MIN((size_t)(plus - start), (size_t)95);
			/* "name.cold", "name.constprop.0", "name.isra.42", "name.part.0" -> name */
			const char *dot = memchr(start, '.', len);
			if (dot && dot > start)
				len = (size_t)(dot - start);
			memcpy(out[n], start, len);
			out[n][len] = '\0';
			n++;
		}
		p = plus + 1;
	}
	return n;
}

static bool allocator_frame(const char *f)
{
	static const char *const names[] = {
		"dump_stack", "dump_stack_lvl", "show_stack", "dump_backtrace", "warn_alloc", "warn_alloc_failed",
		"__warn_alloc", "__alloc_pages", "__alloc_pages_nodemask", "__alloc_pages_slowpath",
		"__alloc_pages_internal", "__alloc_pages_may_oom", "__alloc_pages_direct_compact", "alloc_pages",
		"alloc_pages_current", "alloc_pages_vma", "alloc_pages_mpol", "alloc_pages_mpol_noprof",
		"__alloc_frozen_pages_noprof", "alloc_pages_noprof", "__alloc_pages_noprof", "alloc_frozen_pages_noprof",
		"__get_free_pages", "get_zeroed_page", "__folio_alloc", "folio_alloc", "vma_alloc_folio",
		"__page_cache_alloc", "kmem_getpages", "cache_grow", "cache_alloc_refill", "fallback_alloc",
		"____cache_alloc", "____cache_alloc_node", "__kmalloc", "kmalloc", "kmalloc_order", "kmalloc_order_trace",
		"__kmalloc_large_node", "kmalloc_large", "__kmalloc_node", "kmalloc_node", "__kmalloc_noprof",
		"__kmalloc_node_noprof", "__kmalloc_node_track_caller", "kmalloc_reserve", "kmem_cache_alloc",
		"kmem_cache_alloc_noprof", "kmem_cache_alloc_trace", "kmem_cache_alloc_node", "allocate_slab", "new_slab",
		"___slab_alloc", "__slab_alloc", "refill_objects", "__pcs_replace_empty_main", "alloc_slab_page",
		"slab_alloc", "slab_alloc_node", "get_page_from_freelist", "out_of_memory", "oom_kill_process",
		"dump_header", "__vmalloc_node_range", "__vmalloc", "vmalloc", "__vmalloc_area_node", "vm_area_alloc_pages",
		"kvmalloc_node", "__kvmalloc_node", "kvmalloc_node_noprof", "__kvmalloc_node_noprof",
		"alloc_pages_bulk_array_mempolicy", "__alloc_pages_bulk",
		/* the OOM killer and the memory cgroup charge path */
		"out_of_memory", "mem_cgroup_out_of_memory", "mem_cgroup_oom_synchronize", "mem_cgroup_oom",
		"pagefault_out_of_memory", "try_charge", "try_charge_memcg", "charge_memcg", "__mem_cgroup_charge",
		"mem_cgroup_charge", "mem_cgroup_try_charge", "mem_cgroup_charge_common", "mm_fault_error",
		"moom_callback", "__oom_kill_process", "oom_kill_process", "warn_alloc_show_mem",
	};
	for (size_t i = 0; i < MW_ARRAY_SIZE(names); i++)
		if (strcmp(names[i], f) == 0)
			return true;
	return false;
}

/* The paper's known offenders and their kin, recognised by function prefix or module. */
static const struct offender {
	const char *id;
	const char *label;
	const char *const match[12];
} offenders[] = {
	{ "cifs", "CIFS/SMB client", { "cifs_", "smb2_", "SMB2_", "smb_", "[cifs]", NULL } },
	{ "nfs", "NFS / SunRPC", { "nfs_", "nfs4_", "nfs3_", "nfsd", "rpc_", "xs_", "xprt_", "svc_", "[nfs]", "[sunrpc]", "[nfsv4]", NULL } },
	{ "net", "the network stack (socket buffers)", { "__alloc_skb", "alloc_skb", "__netdev_alloc_skb", "netdev_alloc_", "napi_alloc_",
							  "pskb_expand_head", "skb_copy", "tcp_", "__napi_", "netif_receive_skb", "net_rx_action", NULL } },
};

/* Whether a trace line is a frame the unwinder was sure of (no "? " marker). */
static bool reliable(const char *text)
{
	const char *q = strstr(text, "? ");
	const char *plus = strchr(text, '+');
	return !q || (plus && q > plus);
}

/*
 * The caller: the first frame after the last allocator (or OOM-killer)
 * frame. Frames marked "?" are guesses of the unwinder and skipped, unless
 * every frame is one (2.6 kernels without frame pointers).
 */
static void analyse_trace(struct an *a)
{
	bool past_alloc = false, any_reliable = false;
	char funcs[16][96];
	a->caller[0] = a->offender[0] = '\0';
	a->offender_id = NULL;
	for (size_t i = 0; i < a->e->n_lines; i++)
		if (strcmp(a->e->lines[i].role, "trace") == 0 && reliable(a->e->lines[i].text) &&
		    strchr(a->e->lines[i].text, '+'))
			any_reliable = true;
	for (size_t i = 0; i < a->e->n_lines; i++) {
		const struct eline *l = &a->e->lines[i];
		size_t n;
		bool sure;
		if (strcmp(l->role, "trace") != 0)
			continue;
		n = trace_funcs(l->text, funcs, 16, &a->in_irq);
		sure = reliable(l->text) || !any_reliable;
		if (!sure)
			continue;
		for (size_t k = 0; k < n; k++) {
			if (allocator_frame(funcs[k])) {
				past_alloc = true;
				a->caller[0] = '\0';
				continue;
			}
			if (!a->caller[0] && past_alloc && sure)
				snprintf(a->caller, sizeof(a->caller), "%s", funcs[k]);
		}
		for (size_t o = 0; o < MW_ARRAY_SIZE(offenders) && !a->offender_id && sure; o++)
			for (size_t m = 0; offenders[o].match[m]; m++) {
				const char *pat = offenders[o].match[m];
				bool hit = false;
				if (pat[0] == '[')
					hit = strstr(l->text, pat) != NULL;
				else
					for (size_t k = 0; k < n && !hit; k++)
						hit = strncmp(funcs[k], pat, strlen(pat)) == 0;
				if (hit) {
					a->offender_id = offenders[o].id;
					snprintf(a->offender, sizeof(a->offender), "%s", offenders[o].label);
					break;
				}
			}
		if (strstr(l->text, "net_rx_action") || strstr(l->text, "__do_softirq"))
			a->in_irq = true;
	}
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
		mw_cell_double(r, 2, round(pct(kb, total_kb) * 100) / 100);
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
		era_label(range, sizeof(range), a->cand[i].era, a->cand[i].era_last);
		mw_cell_str(r, 0, range);
		mw_cell_str(r, 1, a->cand[i].names);
		mw_cell_bool(r, 2, a->cand[i].plausible);
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
		mw_cell_str(r, 9, zr->check == Z_PASS ? (a->have_mask ? "pass" : "ok") : zr->check == Z_BELOW_MIN
					? (a->have_mask ? "below min" : "low") : zr->check == Z_NO_BLOCK ? "no block"
					: zr->check == Z_NOT_ALLOWED ? "not usable" : "-");
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

struct tasks_info {
	const struct task *biggest, *top_badness, *victim;
	int64_t totalpages;
};

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
	if (e->memcg && kv(e, "memcg_limit_kb") != MW_UNKNOWN)
		totalpages = kv(e, "memcg_limit_kb") / a->page_kb;
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
static void request_text(const struct an *a, char *buf, size_t n)
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
	if (is(kind, "oom_kill"))
		return "OOM kill";
	if (is(kind, "alloc_failure"))
		return "Page allocation failure";
	if (is(kind, "alloc_stall"))
		return "Page allocation stall";
	if (is(kind, "show_mem"))
		return "show_mem dump";
	if (is(kind, "oom_reaper"))
		return "OOM victim reaped";
	if (is(kind, "request"))
		return "Allocation request";
	return "Kernel memory event";
}

/* ---- findings ---- */

static void findings_gfp(struct an *a)
{
	struct mw_node *f;
	char saw[512];
	if (!a->have_mask)
		return;
	if (a->ambiguous) {
		snprintf(saw, sizeof(saw), "The kernel release is not in the input and the mask %s means different things in "
			 "different kernels: %s.", a->e->gfp_mask, a->flags);
		f = mw_finding(a->sec, "gfp-ambiguous", MW_LEVEL_NOTICE, "GFP mask ambiguous without the kernel release", saw,
			       "The GFP bits were renumbered in 2.6.31, 4.4, 4.10, 4.15, 5.1 and 6.3; only the kernel's era "
			       "says which flags a number stands for.",
			       "Give the release with --kernel (uname -r of the machine), or paste the whole report: its "
			       "CPU/Pid line names the kernel.");
		evidence_role(f, a, "trigger", 1);
	}
	if (a->names_mismatch[0]) {
		snprintf(saw, sizeof(saw), "%s%s.", a->e->gfp_names ? "The kernel printed its own decoding, but " : "",
			 a->names_mismatch);
		f = mw_finding(a->sec, "gfp-names-mismatch", MW_LEVEL_INFO, "GFP names and table disagree", saw,
			       "Some bits depend on the configuration (lockdep, KASAN hardware tags, kmemcheck) and vendor "
			       "kernels add their own; the names the kernel printed are what it meant.",
			       "memwaste uses the printed names; check the release if they look wrong.");
		evidence_role(f, a, "trigger", 1);
	}
}

/* The memory picture shared by OOM reports and show_mem dumps: who held it. */
static void findings_memory(struct an *a, bool oom)
{
	struct mw_node *f;
	char saw[768], x[32], y[32], z[32];
	int64_t tot = a->total_kb;
	double kernel_pct = pct(a->kernel_kb, tot), user_pct = pct(a->anon_kb, tot);

	if (tot == MW_UNKNOWN || tot <= 0)
		return;
	if (a->kernel_kb != MW_UNKNOWN && kernel_pct >= 30.0 && (a->anon_kb == MW_UNKNOWN || a->kernel_kb > a->anon_kb)) {
		fmt_kb(x, sizeof(x), a->kernel_kb);
		fmt_kb(y, sizeof(y), a->slab_u_kb != MW_UNKNOWN ? a->slab_u_kb : a->slab_kb);
		fmt_kb(z, sizeof(z), a->other_kb > 0 ? a->other_kb : 0);
		snprintf(saw, sizeof(saw), "The kernel held %s (%.0f%% of RAM): unreclaimable slab %s, memory no counter "
			 "explains %s, page tables and kernel stacks the rest; user space had %s.", x, kernel_pct, y, z,
			 a->anon_kb != MW_UNKNOWN ? (fmt_kb(z, sizeof(z), a->anon_kb), z) : "an unknown amount");
		f = mw_finding(a->sec, "kernel-memory-high", oom ? MW_LEVEL_CRITICAL : MW_LEVEL_WARNING,
			       "The kernel ate the memory", saw,
			       "\"There are two basic answers, either the kernel ate it, or userspace ate it ... If it was kernel "
			       "memory, we need two basic things to diagnose it, /proc/meminfo and /proc/slabinfo\" (Can you "
			       "handle the pressure?, 7.2). Killing processes cannot free it.",
			       "Reproduce it while logging /proc/meminfo, /proc/slabinfo and ps every 10 seconds from a remote "
			       "machine (the paper's loop: while true; do date; cat /proc/meminfo; cat /proc/slabinfo; ps ef "
			       "-o user,pid,rss,command; echo ------------------------; sleep 10; done) and run memwaste on the "
			       "log; look for a slab cache or driver that grows.");
		evidence_role(f, a, "counters", 1);
		evidence_role(f, a, "slab", 8);
	} else if (a->anon_kb != MW_UNKNOWN && user_pct >= 50.0) {
		fmt_kb(x, sizeof(x), a->anon_kb);
		snprintf(saw, sizeof(saw), "User space held %s of anonymous memory and tmpfs (%.0f%% of RAM)", x, user_pct);
		if (a->kernel_kb != MW_UNKNOWN) {
			size_t n = strlen(saw);
			fmt_kb(y, sizeof(y), a->kernel_kb);
			snprintf(saw + n, sizeof(saw) - n, "; the kernel %s (%.0f%%)", y, kernel_pct);
		}
		{
			size_t n = strlen(saw);
			snprintf(saw + n, sizeof(saw) - n, ".");
		}
		f = mw_finding(a->sec, "user-memory-high", oom ? MW_LEVEL_WARNING : MW_LEVEL_INFO, "User space ate the memory",
			       saw,
			       "\"If the userspace ate it, then hopefully the OOM killer will blow them away\" (Can you handle the "
			       "pressure?, 7.2): anonymous memory can only go to swap.",
			       a->e->n_tasks ? "Find the largest processes below; limit them (cgroup memory.max / "
					       "memory.limit_in_bytes, systemd MemoryMax=), fix the leak, add RAM or swap."
					     : "Find the largest processes (ps -eo pid,rss,comm --sort=-rss); limit them (cgroup "
					       "memory.max / memory.limit_in_bytes, systemd MemoryMax=), fix the leak, add RAM or swap.");
		evidence_role(f, a, "counters", 1);
	}
	if (a->other_kb != MW_UNKNOWN && pct(a->other_kb, tot) >= 10.0 && a->other_kb >= 256 * 1024) {
		fmt_kb(x, sizeof(x), a->other_kb);
		{
			int64_t used_swap = a->swap_total_kb != MW_UNKNOWN && a->swap_free_kb != MW_UNKNOWN
						    ? a->swap_total_kb - a->swap_free_kb : 0;
			size_t n = (size_t)snprintf(saw, sizeof(saw), "%s (%.0f%% of RAM) was in use but in none of the dump's "
						    "counters (LRU lists, slab, page tables, kernel stacks, hugetlb, free).", x,
						    pct(a->other_kb, tot));
			if (used_swap > a->other_kb && n < sizeof(saw)) {
				fmt_kb(y, sizeof(y), used_swap);
				snprintf(saw + n, sizeof(saw) - n, " %s of swap was in use: if the swap is zram or zswap, its "
					 "compressed pages are kept in RAM and counted nowhere else.", y);
			}
		}
		f = mw_finding(a->sec, "kernel-memory-unaccounted", MW_LEVEL_NOTICE, "Memory no counter explains", saw,
			       "Pages a driver or subsystem takes straight from the page allocator appear in no show_mem "
			       "counter: zram and zswap pools, GPU buffers, vmalloc areas, the ZFS ARC, balloon drivers, "
			       "network page pools.",
			       "Compare /proc/meminfo (VmallocUsed, Percpu, Zswap, the GPU and ZFS statistics) and "
			       "/sys/block/zram*/mm_stat with the sum of its known fields; look for what grows.");
		evidence_role(f, a, "counters", 1);
		evidence_role(f, a, "totals", 1);
	}
	if (a->pgtables_kb != MW_UNKNOWN && pct(a->pgtables_kb, tot) >= 5.0) {
		fmt_kb(x, sizeof(x), a->pgtables_kb);
		snprintf(saw, sizeof(saw), "Page tables took %s (%.1f%% of RAM).", x, pct(a->pgtables_kb, tot));
		f = mw_finding(a->sec, "pagetables-high", MW_LEVEL_NOTICE, "Page tables take a large share", saw,
			       "Page tables are not reclaimable; many processes mapping large areas (databases with big "
			       "shared memory, JVMs, containers) multiply them.",
			       "Use huge pages for big shared mappings, or fewer processes mapping the same memory.");
		evidence_role(f, a, "counters", 1);
	}
	if (a->hugetlb_kb != MW_UNKNOWN && pct(a->hugetlb_kb, tot) >= 10.0) {
		fmt_kb(x, sizeof(x), a->hugetlb_kb);
		fmt_kb(y, sizeof(y), a->hugetlb_free_kb == MW_UNKNOWN ? 0 : a->hugetlb_free_kb);
		snprintf(saw, sizeof(saw), "The hugetlb pool held %s (%.0f%% of RAM), %s of it unused.", x,
			 pct(a->hugetlb_kb, tot), y);
		f = mw_finding(a->sec, "hugetlb-pool-large", a->hugetlb_free_kb > a->hugetlb_kb / 2 ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
			       "Memory set aside for huge pages", saw,
			       "Pages in the hugetlb pool are reserved at boot or by vm.nr_hugepages and serve nothing else, used "
			       "or not.",
			       "Size vm.nr_hugepages (or hugepages= on the command line) to what the application maps.");
		evidence_role(f, a, "hugepages", 4);
	}
	if (a->dirty_kb != MW_UNKNOWN && pct(a->dirty_kb, tot) >= 10.0) {
		fmt_kb(x, sizeof(x), a->dirty_kb);
		snprintf(saw, sizeof(saw), "%s of page cache was dirty or under writeback (%.0f%% of RAM).", x, pct(a->dirty_kb, tot));
		f = mw_finding(a->sec, "dirty-pages-high", MW_LEVEL_NOTICE, "Much dirty page cache", saw,
			       "Dirty pages must be written before they can be reclaimed; \"clean the page if it is dirty (i.e. "
			       "sync it to disk)\" is a step of every reclaim (Can you handle the pressure?, 3.2), and slow "
			       "storage makes reclaim stall.",
			       "Lower vm.dirty_ratio / vm.dirty_bytes, or find the writer and the slow device.");
		evidence_role(f, a, "counters", 1);
	}
}

static void findings_swap(struct an *a)
{
	struct mw_node *f;
	char saw[512], x[32], y[32];
	int64_t anon = a->anon_kb != MW_UNKNOWN ? a->anon_kb : 0;
	if (a->swap_total_kb == MW_UNKNOWN)
		return;
	if (a->swap_total_kb == 0) {
		fmt_kb(x, sizeof(x), anon);
		snprintf(saw, sizeof(saw), "No swap was configured; %s of anonymous memory could not be written anywhere.", x);
		f = mw_finding(a->sec, "swap-none", MW_LEVEL_NOTICE, "No swap", saw,
			       "Without swap, anonymous memory is pinned in RAM: reclaim can only drop page cache, and the "
			       "OOM killer comes sooner.",
			       "If the workload's cold anonymous memory is large, add swap (or zram); otherwise size RAM for the "
			       "peak.");
		evidence_role(f, a, "swap", 2);
	} else if (a->swap_free_kb != MW_UNKNOWN && a->swap_free_kb * 100 < a->swap_total_kb) {
		fmt_kb(x, sizeof(x), a->swap_free_kb);
		fmt_kb(y, sizeof(y), a->swap_total_kb);
		snprintf(saw, sizeof(saw), "Swap was full: %s free of %s.", x, y);
		f = mw_finding(a->sec, "swap-exhausted", MW_LEVEL_WARNING, "Swap exhausted", saw,
			       "With swap full nothing more of the anonymous memory can leave RAM.",
			       "The workload outgrew RAM + swap: see the largest tasks.");
		evidence_role(f, a, "swap", 2);
	}
}

/* "If the workload does not fit into RAM + SWAP, then you are going to run out of memory." */
static void finding_fit(struct an *a)
{
	struct mw_node *f;
	char saw[512], x[32], y[32];
	int64_t used_swap, demand, capacity, unrecl;
	if (a->total_kb == MW_UNKNOWN || a->anon_kb == MW_UNKNOWN || a->swap_total_kb == MW_UNKNOWN ||
	    a->swap_free_kb == MW_UNKNOWN)
		return;
	used_swap = a->swap_total_kb - a->swap_free_kb;
	unrecl = add(add(a->slab_u_kb, a->pgtables_kb), a->kstack_kb);
	if (unrecl == MW_UNKNOWN)
		unrecl = 0;
	demand = a->anon_kb + used_swap + unrecl + (a->unevict_kb == MW_UNKNOWN ? 0 : a->unevict_kb);
	capacity = a->total_kb + a->swap_total_kb;
	if (capacity <= 0 || demand * 100 < capacity * 90)
		return;
	fmt_kb(x, sizeof(x), demand);
	fmt_kb(y, sizeof(y), capacity);
	snprintf(saw, sizeof(saw), "Anonymous memory, used swap and unreclaimable kernel memory add up to %s, %.0f%% of RAM "
		 "+ swap (%s).", x, pct(demand, capacity), y);
	f = mw_finding(a->sec, "workload-does-not-fit", MW_LEVEL_CRITICAL, "The workload does not fit in RAM + swap", saw,
		       "\"If the workload does not fit into RAM + SWAP, then you are going to run out of memory. If it does "
		       "not fit into RAM, then it will probably perform badly, but should still work\" (Can you handle the "
		       "pressure?, 7).",
		       "\"Your workload is unreasonable for the machine\" or \"something is wrong\": shrink the workload, "
		       "find the leak, or give the machine more RAM or swap.");
	evidence_role(f, a, "counters", 1);
	evidence_role(f, a, "swap", 2);
}

static void findings_zones_showmem(struct an *a)
{
	for (size_t i = 0; i < a->n_zr; i++) {
		const struct zres *zr = &a->zr[i];
		const struct zone *z = zr->z;
		char saw[512], x[32], y[32], nm[48];
		struct mw_node *f;
		zone_name(z, nm, sizeof(nm));
		if (zr->check == Z_BELOW_MIN && z->managed_kb != 0 && z->present_kb != 0) {
			fmt_kb(x, sizeof(x), z->free_kb);
			fmt_kb(y, sizeof(y), z->min_kb);
			snprintf(saw, sizeof(saw), "Zone %s had %s free, at or below its min watermark %s.", nm, x, y);
			f = mw_finding(a->sec, "zone-below-min", MW_LEVEL_WARNING, "A zone ran out of free memory", saw,
				       "Below min only __GFP_HIGH and atomic allocations may take pages; everything else reclaims "
				       "directly (Can you handle the pressure?, 2).",
				       "See which memory fills the zone in the table above.");
			evidence_line(f, a, z->zone_line);
		} else if (z->n_orders > COSTLY_ORDER + 1 && zr->largest >= 0 && zr->largest <= COSTLY_ORDER &&
			   z->free_kb != MW_UNKNOWN && z->high_kb != MW_UNKNOWN && z->free_kb > z->high_kb) {
			int64_t pk = z->page_kb > 0 ? z->page_kb : a->page_kb;
			fmt_kb(x, sizeof(x), z->free_kb);
			fmt_kb(y, sizeof(y), pk << zr->largest);
			snprintf(saw, sizeof(saw), "Zone %s had %s free but its largest free block was %s (order %d).", nm, x, y,
				 zr->largest);
			f = mw_finding(a->sec, "zone-fragmented", MW_LEVEL_NOTICE, "Free memory in small pieces", saw,
				       "\"Systems that have been running for a while inevitably get fragmented to the point where "
				       "large allocs are inevitably going to fail (i.e. we have lots of smaller blocks free, but "
				       "none big enough for that)\" (Can you handle the pressure?, 7.1).",
				       "Allocations above order 3 will fail here: echo 1 > /proc/sys/vm/compact_memory compacts "
				       "now; raise vm.min_free_kbytes or enable THP defrag to keep larger blocks.");
			evidence_line(f, a, z->buddy_line);
		}
	}
	/* where every zone stood: the answer to "is anything wrong?" of a sysrq-m dump */
	{
		size_t n = 0, low = 0, checked = 0;
		char saw[768];
		struct mw_node *f;
		saw[0] = '\0';
		for (size_t i = 0; i < a->n_zr; i++) {
			const struct zres *zr = &a->zr[i];
			char nm[48];
			if (zr->check == Z_NO_LINE || zr->z->present_kb == 0 || zr->z->managed_kb == 0)
				continue;
			checked++;
			if (zr->z->low_kb != MW_UNKNOWN && zr->z->free_kb <= zr->z->low_kb)
				low++;
			zone_name(zr->z, nm, sizeof(nm));
			if (n < sizeof(saw))
				n += (size_t)snprintf(saw + n, sizeof(saw) - n, "%s%s: %s.", n ? " " : "", nm, zr->text);
		}
		if (!checked)
			return;
		f = mw_finding(a->sec, "zone-watermarks", low ? MW_LEVEL_NOTICE : MW_LEVEL_INFO,
			       low ? "Some zones below their low watermark" : "Every zone above its low watermark", saw,
			       "Below low, kswapd reclaims in the background; below min, allocations reclaim directly and "
			       "only __GFP_HIGH and atomic ones may go further (Can you handle the pressure?, 2).",
			       low ? "kswapd was working when the dump was taken: see what fills those zones."
				   : "No shortage at the time of the dump.");
		for (size_t i = 0; i < a->n_zr; i++)
			if (a->zr[i].check != Z_NO_LINE && a->zr[i].z->low_kb != MW_UNKNOWN && a->zr[i].z->free_kb <= a->zr[i].z->low_kb)
				evidence_line(f, a, a->zr[i].z->zone_line);
	}
}

/* A request typed on the command line: what its flags let the allocator do, always said. */
static void finding_request(struct an *a)
{
	char saw[768];
	struct mw_node *f;
	size_t n = 0;
	if (!a->have_mask || !a->reclaim_known)
		return;
	n += (size_t)snprintf(saw + n, sizeof(saw) - n, "%s: ", a->flags);
	if (a->p.direct_reclaim)
		n += (size_t)snprintf(saw + n, sizeof(saw) - n, "the caller may sleep and reclaim%s%s, so it fails only when "
				      "nothing can be freed%s.", a->p.io ? "" : " (no I/O)", a->p.fs ? "" : " (no filesystem calls)",
				      a->p.nofail ? "; __GFP_NOFAIL makes it retry forever" : a->p.noretry ? "; __GFP_NORETRY "
				      "makes it give up early" : "");
	else
		n += (size_t)snprintf(saw + n, sizeof(saw) - n, "the caller may not sleep: it gets only what is free%s, and "
				      "fails as soon as that is gone.", a->p.high ? " plus part of the reserve below min" : "");
	if (a->p.dma || a->p.dma32)
		snprintf(saw + n, sizeof(saw) - n, " It must come from %s.", a->p.dma ? "ZONE_DMA" : "ZONE_DMA32");
	f = mw_finding(a->sec, "request-flags", MW_LEVEL_INFO, "What the flags allow", saw,
		       "The GFP flags decide whether the allocator may sleep, reclaim, start I/O, call filesystems, dip "
		       "into reserves, and from which zones it may take pages.",
		       "Paste the whole failure report for the rest of the answer: the free memory per zone and the caller.");
	evidence_role(f, a, "trigger", 1);
}

/* An oom_reaper line whose report is not in the input. */
static void finding_reaped(struct an *a)
{
	char saw[256];
	struct mw_node *f;
	snprintf(saw, sizeof(saw), "The oom_reaper freed the memory of %s (pid %" PRId64 "), killed by an OOM report that "
		 "is not in the input.", a->e->victim_comm ? a->e->victim_comm : "?", a->e->victim_pid);
	f = mw_finding(a->sec, "oom-reaped", MW_LEVEL_NOTICE, "An OOM victim reaped", saw,
		       "The reaper runs right after an OOM kill: the machine ran out of memory shortly before this line.",
		       "Find the OOM report in a longer log (journalctl -k, /var/log/kern.log).");
	evidence_role(f, a, "reaper", 1);
}

static void finding_truncated(struct an *a)
{
	struct mw_node *f;
	if (!a->e->truncated)
		return;
	f = mw_finding(a->sec, "event-truncated", MW_LEVEL_NOTICE, "Report cut off",
		       a->e->first_line != MW_UNKNOWN ? "The report stops before its natural end (the input ends, or another "
						       "report starts, inside it)." : "The report is incomplete.",
		       "Figures that come after the cut are missing; what is shown is what was printed.",
		       "Get the whole kernel log (journalctl -k, /var/log/kern.log, vmcore-dmesg) for this time.");
	evidence_role(f, a, "trigger", 1);
}

static void findings_alloc(struct an *a)
{
	struct ev *e = a->e;
	struct mw_node *f;
	char saw[1024], req[160], x[32], y[32];
	int64_t o = e->order;
	bool reclaim = a->p.direct_reclaim;
	const char *who = e->trigger_comm ? e->trigger_comm : "the caller";

	request_text(a, req, sizeof(req));
	if (is(e->kind, "alloc_stall")) {
		snprintf(saw, sizeof(saw), "%s waited %" PRId64 " ms for %s.", who, e->stall_ms, req);
		f = mw_finding(a->sec, "alloc-stall", MW_LEVEL_WARNING, "An allocation stalled", saw,
			       "The allocator kept reclaiming and compacting without success for this long: the task was "
			       "stuck, memory was nearly exhausted or badly fragmented.",
			       "Treat it as an early OOM warning: see the memory picture of the dump and the caller.");
		evidence_role(f, a, "trigger", 1);
	}
	if (kv(e, "vmalloc") == 1) {
		int64_t bytes = kv(e, "vmalloc_bytes");
		mw_format_bytes(x, sizeof(x), bytes == MW_UNKNOWN ? NAN : (double)bytes);
		snprintf(saw, sizeof(saw), "%s could not vmalloc %s.", who, bytes == MW_UNKNOWN ? "memory" : x);
		f = mw_finding(a->sec, "alloc-vmalloc", MW_LEVEL_WARNING, "vmalloc failed", saw,
			       "vmalloc needs no contiguous memory, only single pages and virtual address space: a failure "
			       "means no pages at all, a fatal signal, or exhausted vmalloc space (32-bit).",
			       "Check free memory in the dump; on 32-bit kernels raise vmalloc= on the command line.");
		evidence_role(f, a, "trigger", 1);
	}
	if (!a->have_mask && o == MW_UNKNOWN)
		return;

	/* no direct reclaim: GFP_ATOMIC or GFP_NOWAIT */
	if (a->have_mask && a->reclaim_known && !reclaim) {
		snprintf(saw, sizeof(saw), "%s asked for %s with %s%s: it may not sleep, so it cannot reclaim memory itself "
			 "and may only take what is free%s.%s%s%s", who, req, a->flags, a->ambiguous ? " (every reading agrees: no "
			 "direct reclaim)" : "",
			 a->p.high ? ", including part of the reserve below the min watermark (__GFP_HIGH)" : "",
			 a->in_irq ? " It was called in interrupt context." : "",
			 a->caller[0] ? " Caller: " : "", a->caller[0] ? a->caller : "");
		f = mw_finding(a->sec, "alloc-no-reclaim", MW_LEVEL_WARNING, "Atomic allocation: no reclaim allowed", saw,
			       "\"Things like GFP_HIGH, and not having GFP_WAIT and/or GFP_IO set are brutal on the allocator. If "
			       "you do such things at a high rate then, yes, you will exhaust the system of memory. Play nice!\" "
			       "(Can you handle the pressure?, 7.1). An atomic request fails as soon as the free pages and the "
			       "emergency reserve are gone; kswapd refills them only later.",
			       "Use the stack trace to find the caller: allocate with GFP_KERNEL outside the atomic section, or "
			       "preallocate (a mempool), or let the caller retry; raising vm.min_free_kbytes enlarges the reserve "
			       "atomic allocations dip into.");
		evidence_role(f, a, "trigger", 1);
		evidence_role(f, a, "trace", 6);
	}
	if (o == 0 && reclaim && a->reclaim_known && !is(e->kind, "request")) {
		bool restricted = !a->p.fs || !a->p.io;
		snprintf(saw, sizeof(saw), "%s asked for %s with %s, a request that may sleep and reclaim, and the kernel "
			 "could not find one: you have no memory, and we could free no memory to satisfy the request.%s", who,
			 req, a->flags, restricted ? " The request could not reclaim through the filesystem or block layer "
			 "(GFP_NOFS/GFP_NOIO), which leaves dirty and filesystem-owned pages out of reach." : "");
		if (e->trigger_comm && strncmp(e->trigger_comm, "kswapd", 6) == 0) {
			size_t n = strlen(saw);
			snprintf(saw + n, sizeof(saw) - n, " %s is the reclaim thread itself: its own allocation%s%s failed while "
				 "it was freeing memory%s.", e->trigger_comm, a->caller[0] ? " in " : "", a->caller,
				 a->p.nomemalloc ? ", and __GFP_NOMEMALLOC kept it off the emergency reserves" : "");
		}
		f = mw_finding(a->sec, "alloc-no-memory", MW_LEVEL_CRITICAL, "Order-0 failure: no memory left", saw,
			       "\"If it was a normal alloc (e.g. __GFP_WAIT | __GFP_IO | __GFP_FS), then you have no memory, and "
			       "we could free no memory to satisfy your request. Your system is in deep trouble.\" (Can you handle "
			       "the pressure?, 7.1)",
			       a->free_kb != MW_UNKNOWN ? "Find out who holds the memory (the table above; /proc/meminfo and "
							  "/proc/slabinfo over time): either the workload does not fit in RAM + swap, "
							  "or something leaks."
							: "Find out who holds the memory (/proc/meminfo and /proc/slabinfo over time): "
							  "either the workload does not fit in RAM + swap, or something leaks.");
		evidence_role(f, a, "trigger", 1);
		evidence_role(f, a, "counters", 1);
	} else if (o == 0 && is(e->kind, "request") && reclaim && a->reclaim_known) {
		snprintf(saw, sizeof(saw), "%s of %s is a normal request that may sleep and reclaim: if it fails, you have no "
			 "memory, and the kernel could free none.", req, a->flags);
		mw_finding(a->sec, "alloc-no-memory", MW_LEVEL_CRITICAL, "Order-0 failure: no memory left", saw,
			   "\"If it was a normal alloc (e.g. __GFP_WAIT | __GFP_IO | __GFP_FS), then you have no memory, and we "
			   "could free no memory to satisfy your request. Your system is in deep trouble.\" (Can you handle the "
			   "pressure?, 7.1)",
			   "Find out who holds the memory: /proc/meminfo and /proc/slabinfo, logged over time.");
	}
	if (o == 0 && !(reclaim && a->reclaim_known) && !a->have_mask) {
		snprintf(saw, sizeof(saw), "The system could not allocate 1 single page of memory.");
		mw_finding(a->sec, "alloc-no-memory", MW_LEVEL_CRITICAL, "Order-0 failure: no memory left", saw,
			   "\"If the order was 0, the system could not allocate you 1 single page of memory.\" (Can you handle "
			   "the pressure?, 7.1)",
			   "Examine the flags of the allocation (give the mode) and who holds the memory.");
	}
	if (o > 0 && o <= 40) {
		bool frag = o >= COSTLY_ORDER || a->any_no_block;
		if (frag) {
			size_t n;
			snprintf(saw, sizeof(saw), "%s asked for %s.", who, req);
			n = strlen(saw);
			for (size_t i = 0; i < a->n_zr && n + 1 < sizeof(saw); i++) {
				const struct zres *zr = &a->zr[i];
				int64_t pk = zr->z->page_kb > 0 ? zr->z->page_kb : a->page_kb;
				char nm[48];
				if (a->any_no_block ? zr->check != Z_NO_BLOCK : !(zr->check == Z_BELOW_MIN && zr->z->n_orders))
					continue;
				zone_name(zr->z, nm, sizeof(nm));
				fmt_kb(x, sizeof(x), zr->z->free_kb);
				if (zr->largest >= 0)
					fmt_kb(y, sizeof(y), pk << zr->largest);
				n += (size_t)snprintf(saw + n, sizeof(saw) - n, " %s had %s free, largest block %s.", nm, x,
						      zr->largest >= 0 ? y : "none");
				if (n >= sizeof(saw))
					n = sizeof(saw) - 1;
			}
			if (a->any_no_block && n + 1 < sizeof(saw))
				snprintf(saw + n, sizeof(saw) - n, " Free memory was there, but not in one piece that large.");
			f = mw_finding(a->sec, "alloc-fragmentation", o >= COSTLY_ORDER ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
				       "Higher-order allocation: fragmentation", saw,
				       "\"Order n means trying to allocate 2^n pages ... these cannot be any old pages, but "
				       "physically contiguous pages, aligned on a boundary of 2^n pages. Systems that have been "
				       "running for a while inevitably get fragmented to the point where large allocs are "
				       "inevitably going to fail (i.e. we have lots of smaller blocks free, but none big enough "
				       "for that)\" (Can you handle the pressure?, 7.1).",
				       "The paper's three fixes: wait for the VM to get better at dealing with fragmentation (do "
				       "not hold your breath: compaction since 2.6.35 helps, echo 1 > /proc/sys/vm/compact_memory); "
				       "see if the caller can do without physically contiguous blocks of RAM (kvmalloc/vmalloc, "
				       "scatter-gather); make the caller operate out of a reserved mempool. /proc/buddyinfo shows "
				       "the free blocks per order over time.");
			evidence_role(f, a, "trigger", 1);
			for (size_t i = 0; i < a->n_zr; i++)
				if (a->zr[i].check == Z_NO_BLOCK)
					evidence_line(f, a, a->zr[i].z->buddy_line);
		}
		if (o > COSTLY_ORDER) {
			snprintf(saw, sizeof(saw), "Order %" PRId64 " is above PAGE_ALLOC_COSTLY_ORDER (3).", o);
			f = mw_finding(a->sec, "alloc-costly-order", MW_LEVEL_NOTICE, "Costly order", saw,
				       "For orders above 3 the allocator gives up after little reclaim and compaction and never "
				       "invokes the OOM killer: such requests are expected to fail on a busy machine.",
				       "The caller should fall back to smaller pieces (kvmalloc() falls back to vmalloc).");
			evidence_role(f, a, "trigger", 1);
		}
	}
	/* the watermark check itself */
	if (a->any_zone_checked) {
		size_t n = 0;
		saw[0] = '\0';
		for (size_t i = 0; i < a->n_zr && n + 1 < sizeof(saw); i++) {
			const struct zres *zr = &a->zr[i];
			char nm[48];
			if (zr->check == Z_NO_LINE)
				continue;
			zone_name(zr->z, nm, sizeof(nm));
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, "%s%s: %s.", n ? " " : "", nm, zr->text);
			if (n >= sizeof(saw))
				n = sizeof(saw) - 1;
		}
		f = mw_finding(a->sec, "alloc-watermark", MW_LEVEL_INFO, "Watermark check re-run", saw,
			       "__zone_watermark_ok(): free pages minus the request must stay above min (halved for __GFP_HIGH, "
			       "a quarter less for atomic requests) plus the zone's lowmem_reserve for the requested zone, and "
			       "a free block of the order must exist.",
			       a->any_pass ? "A zone passes with the printed numbers: memory was freed between the failure and "
					     "the dump, or a constraint (cpuset, mempolicy, __GFP_THISNODE) kept the request away from it."
					   : "Every zone the request could use failed: see the reasons.");
		for (size_t i = 0; i < a->n_zr; i++)
			if (a->zr[i].check != Z_NO_LINE && a->zr[i].check != Z_NOT_ALLOWED)
				evidence_line(f, a, a->zr[i].z->zone_line);
	}
	/* filesystem or I/O context */
	if (a->have_mask && a->gfp_known && reclaim && (!a->p.fs || !a->p.io) && a->file_kb != MW_UNKNOWN &&
	    a->total_kb != MW_UNKNOWN && pct(a->file_kb, a->total_kb) >= 25.0) {
		fmt_kb(x, sizeof(x), a->file_kb);
		snprintf(saw, sizeof(saw), "The request was %s (no filesystem%s) while %s (%.0f%% of RAM) sat in the page "
			 "cache.", a->p.io ? "GFP_NOFS" : "GFP_NOIO", a->p.io ? " calls" : " calls, no I/O", x,
			 pct(a->file_kb, a->total_kb));
		f = mw_finding(a->sec, "alloc-restricted-reclaim", MW_LEVEL_NOTICE, "Reclaim restricted by the caller's context",
			       saw,
			       "A filesystem or block driver allocating inside its own I/O path may not recurse into it, so "
			       "the clean and dirty pages that need it to be freed stay: plenty of page cache and still a failure.",
			       "A filesystem bug report: allocations in that path should be smaller, preallocated, or allowed to "
			       "fail gracefully (the caller retries).");
		evidence_role(f, a, "trigger", 1);
	}
	/* known offenders */
	if (a->offender_id) {
		bool jumbo = strcmp(a->offender_id, "net") == 0 && o >= 1;
		snprintf(saw, sizeof(saw), "The call trace goes through %s%s%s%s.", a->offender,
			 jumbo ? ": a socket buffer of several pages, as jumbo frames (MTU above the page size) need" : "",
			 a->caller[0] ? "; first frame after the allocator: " : "", a->caller[0] ? a->caller : "");
		f = mw_finding(a->sec, "alloc-known-offender", MW_LEVEL_NOTICE, "A known offender", saw,
			       "\"Use the printed stack trace to find the associated caller requesting the memory. CIFS, NFS, and "
			       "gigabit ethernet with jumbo frames are known offenders.\" (Can you handle the pressure?, 7.1)",
			       jumbo ? "Lower the MTU to 1500 (or 4000 minus headers), use a driver that builds skbs from page "
				       "fragments, or raise vm.min_free_kbytes for the atomic reserve."
				     : "Update the module or its configuration (smaller rsize/wsize, fewer outstanding requests), "
				       "or raise vm.min_free_kbytes.");
		evidence_role(f, a, "trace", 8);
	}
	if (is(e->kind, "alloc_failure") && !a->e->n_zones && kv(e, "vmalloc") != 1) {
		f = mw_finding(a->sec, "alloc-no-showmem", MW_LEVEL_INFO, "No memory dump with the failure",
			       "The kernel printed no show_mem dump with this failure (2.6 kernels before ~2.6.20 never did; "
			       "later ones rate-limit it), so what was free is unknown.",
			       "Without the dump the order and flags are all there is to go on.",
			       "\"/proc/buddyinfo will give you more stats on fragmentation. Adding a show_mem() to __alloc_pages "
			       "just after the printk of the failure is often helpful\" (Can you handle the pressure?, 7.1); "
			       "newer kernels do that for you.");
		evidence_role(f, a, "trigger", 1);
	}
}

static void findings_oom(struct an *a, const struct tasks_info *ti)
{
	struct ev *e = a->e;
	struct mw_node *f;
	char saw[1024], x[32], y[32], z[32];
	int64_t page_bytes = a->page_kb * 1024;

	if (e->order == -1) {
		f = mw_finding(a->sec, "oom-manual", MW_LEVEL_INFO, "OOM killer invoked by hand",
			       "order=-1: no allocation failed; someone asked for an OOM kill (sysrq f, echo f > "
			       "/proc/sysrq-trigger, or the kernel's moom work item).",
			       "A manual OOM kill picks the victim the same way but says nothing about a shortage.",
			       "Ask who triggered it; the dump still shows the memory at that moment.");
		evidence_role(f, a, "trigger", 1);
		evidence_role(f, a, "workqueue", 1);
	}
	if (e->victim_pid != MW_UNKNOWN && kv(e, "victim_exiting") != 1) {
		size_t n;
		int64_t rss = add(add(e->v_anon_kb, e->v_file_kb), e->v_shmem_kb);
		fmt_kb(x, sizeof(x), rss);
		snprintf(saw, sizeof(saw), "The OOM killer killed %s (pid %" PRId64 ")", e->victim_comm ? e->victim_comm : "?",
			 e->victim_pid);
		n = strlen(saw);
		if (rss != MW_UNKNOWN) {
			fmt_kb(y, sizeof(y), e->v_anon_kb == MW_UNKNOWN ? 0 : e->v_anon_kb);
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", which had %s resident (%s anonymous)", x, y);
		} else if (ti->victim && ti->victim->rss != MW_UNKNOWN) {
			mw_format_bytes(y, sizeof(y), (double)(ti->victim->rss * page_bytes));
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", which had %s resident", y);
		}
		if (e->victim_score != MW_UNKNOWN)
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", badness score %" PRId64 " of 1000", e->victim_score);
		if (e->v_adj != MW_UNKNOWN || (ti->victim && ti->victim->oom_score_adj != MW_UNKNOWN))
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", oom_score_adj %" PRId64,
					      e->v_adj != MW_UNKNOWN ? e->v_adj : ti->victim->oom_score_adj);
		n += (size_t)snprintf(saw + n, sizeof(saw) - n, ".");
		if (ti->top_badness && ti->victim && ti->top_badness == ti->victim && ti->totalpages > 0)
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, " It had the highest badness of the task table (%.0f%% of "
					      "the %s the killer weighs against).", 100.0 * ti->victim->badness / (double)ti->totalpages,
					      e->memcg ? "cgroup limit" : "RAM + swap");
		if (e->reaped && n < sizeof(saw))
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, " The oom_reaper freed its memory at once.");
		if (e->trigger_comm && e->victim_comm && strcmp(e->trigger_comm, e->victim_comm) != 0 && n < sizeof(saw))
			snprintf(saw + n, sizeof(saw) - n, " The task that asked for memory, %s, was not the one killed.",
				 e->trigger_comm);
		f = mw_finding(a->sec, "oom-victim", MW_LEVEL_CRITICAL, "Who was killed and why", saw,
			       "The OOM killer kills the task with the highest oom_badness(): its RSS, swap and page tables as a "
			       "share of the memory it may use, plus oom_score_adj/1000 of that memory. Its memory comes back, "
			       "the allocation that could not be satisfied then succeeds.",
			       e->memcg ? "The cgroup's limit was reached: raise it (memory.max, memory.limit_in_bytes, the "
					  "container's memory limit) or shrink what runs in it."
					: "Make the killed program use less memory, limit it (cgroup memory.max, systemd MemoryMax=) "
					  "so it fails alone, or give the machine more memory.");
		evidence_role(f, a, "select", 1);
		evidence_role(f, a, "summary", 1);
		evidence_role(f, a, "kill", 1);
		evidence_role(f, a, "reaper", 1);
	}
	/* chosen because of oom_score_adj, or the biggest one was protected */
	if (ti->biggest && ti->victim && ti->biggest != ti->victim && ti->biggest->rss != MW_UNKNOWN &&
	    ti->victim->rss != MW_UNKNOWN && ti->biggest->rss > ti->victim->rss) {
		mw_format_bytes(x, sizeof(x), (double)(ti->biggest->rss * page_bytes));
		mw_format_bytes(y, sizeof(y), (double)(ti->victim->rss * page_bytes));
		if (ti->biggest->oom_score_adj == -1000) {
			snprintf(saw, sizeof(saw), "The largest task, %s (pid %" PRId64 ", %s resident), has oom_score_adj -1000 "
				 "and can never be killed; %s (%s) died instead.", ti->biggest->name, ti->biggest->pid, x,
				 ti->victim->name, y);
			f = mw_finding(a->sec, "oom-biggest-protected", MW_LEVEL_WARNING, "The largest task is OOM-proof", saw,
				       "oom_score_adj -1000 exempts a task from the OOM killer; when it is also the one that grows, "
				       "innocent tasks die one after another.",
				       "Only exempt what must survive and cannot leak; limit it with a cgroup instead.");
		} else {
			snprintf(saw, sizeof(saw), "%s (pid %" PRId64 ", %s resident) was killed although %s (pid %" PRId64 ") held "
				 "%s: oom_score_adj %" PRId64 " against %" PRId64 " made the difference.", ti->victim->name,
				 ti->victim->pid, y, ti->biggest->name, ti->biggest->pid, x,
				 ti->victim->oom_score_adj == MW_UNKNOWN ? 0 : ti->victim->oom_score_adj,
				 ti->biggest->oom_score_adj == MW_UNKNOWN ? 0 : ti->biggest->oom_score_adj);
			f = mw_finding(a->sec, "oom-victim-adjusted", MW_LEVEL_NOTICE, "Victim chosen by oom_score_adj", saw,
				       "Browsers, systemd user services and container runtimes raise oom_score_adj of expendable "
				       "processes so they die first; the task that used the memory may live on.",
				       "If the same large task keeps pushing the machine into OOM, limit it; the victims are a "
				       "symptom.");
		}
		evidence_role(f, a, "kill", 1);
	}
	if (e->memcg) {
		int64_t usage = kv(e, "memcg_usage_kb"), limit = kv(e, "memcg_limit_kb"), fail = kv(e, "memcg_failcnt");
		int64_t msw_u = kv(e, "memcg_memsw_usage_kb"), msw_l = kv(e, "memcg_memsw_limit_kb");
		size_t n;
		fmt_kb(x, sizeof(x), usage);
		fmt_kb(y, sizeof(y), limit);
		snprintf(saw, sizeof(saw), "The memory cgroup %s hit its limit", e->oom_memcg ? e->oom_memcg : "(unnamed)");
		n = strlen(saw);
		if (usage != MW_UNKNOWN && limit != MW_UNKNOWN)
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ": usage %s of limit %s", x, y);
		if (fail != MW_UNKNOWN)
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", %" PRId64 " times refused before", fail);
		if (msw_l != MW_UNKNOWN && msw_u != MW_UNKNOWN && msw_l < (INT64_C(1) << 50)) {
			fmt_kb(z, sizeof(z), msw_l);
			n += (size_t)snprintf(saw + n, sizeof(saw) - n, "; memory+swap limit %s", z);
		}
		{
			int64_t rss = kv(e, "memcg_rss_bytes") != MW_UNKNOWN ? kv(e, "memcg_rss_bytes") : kv(e, "memcg_anon_bytes");
			int64_t cache = kv(e, "memcg_cache_bytes") != MW_UNKNOWN ? kv(e, "memcg_cache_bytes") : kv(e, "memcg_file_bytes");
			if (rss != MW_UNKNOWN) {
				mw_format_bytes(z, sizeof(z), (double)rss);
				n += (size_t)snprintf(saw + n, sizeof(saw) - n, "; anonymous %s", z);
			}
			if (cache != MW_UNKNOWN) {
				mw_format_bytes(z, sizeof(z), (double)cache);
				n += (size_t)snprintf(saw + n, sizeof(saw) - n, ", page cache %s", z);
			}
		}
		snprintf(saw + n, sizeof(saw) - n, ". The rest of the machine may have had plenty free.");
		f = mw_finding(a->sec, "oom-memcg-limit", MW_LEVEL_WARNING, "Memory cgroup limit reached", saw,
			       "A cgroup OOM is local: the kernel found nothing to reclaim inside the cgroup (anonymous memory "
			       "without swap, or swap accounted too) and killed one of its tasks.",
			       "Raise the limit (memory.max on cgroup v2, memory.limit_in_bytes on v1, the container's memory "
			       "limit) to what the workload needs, or find why it grew.");
		evidence_role(f, a, "memcg", 4);
	}
	if (e->constraint && (is(e->constraint, "CONSTRAINT_CPUSET") || is(e->constraint, "CONSTRAINT_MEMORY_POLICY"))) {
		snprintf(saw, sizeof(saw), "The OOM was %s: only the nodes %s counted.", is(e->constraint, "CONSTRAINT_CPUSET")
			 ? "constrained by a cpuset" : "constrained by a NUMA memory policy",
			 e->mems_allowed ? e->mems_allowed : "allowed");
		f = mw_finding(a->sec, "oom-constrained", MW_LEVEL_NOTICE, "Constrained OOM", saw,
			       "A cpuset or mempolicy restricts the task to some nodes; memory free on the others does not "
			       "help it.",
			       "Check the cpuset (cpuset.mems) and numactl policy of the workload.");
		evidence_role(f, a, "summary", 1);
	}
	if (a->free_unusable_kb > 0 && a->free_usable_kb != MW_UNKNOWN && a->free_unusable_kb > 4 * (a->free_usable_kb + 1)) {
		fmt_kb(x, sizeof(x), a->free_unusable_kb);
		fmt_kb(y, sizeof(y), a->free_usable_kb);
		snprintf(saw, sizeof(saw), "%s was free in zones this request could not use (zone above %s, or outside the "
			 "allowed nodes); the zones it could use had %s.", x, a->classzone, y);
		f = mw_finding(a->sec, "oom-free-unusable-zones", MW_LEVEL_WARNING, "Free memory the request could not use", saw,
			       "The GFP mask decides the zones (ZONE_MOVABLE needs __GFP_MOVABLE|__GFP_HIGHMEM) and the cpuset "
			       "the nodes: memory elsewhere does not count.",
			       "Give the node kernel-usable memory (movablecore=/kernelcore=, memory hotplug onlining as "
			       "online_kernel) or let the workload use other nodes.");
		for (size_t i = 0; i < a->n_zr; i++)
			if (a->zr[i].check == Z_NOT_ALLOWED)
				evidence_line(f, a, a->zr[i].z->zone_line);
	}
	if (e->order > 0) {
		snprintf(saw, sizeof(saw), "The allocation that failed was order %" PRId64 ", not a single page.", e->order);
		f = mw_finding(a->sec, "oom-high-order", MW_LEVEL_NOTICE, "OOM for a higher-order allocation", saw,
			       "Orders 1 to 3 (kernel stacks, network buffers) may invoke the OOM killer when fragmentation "
			       "leaves no block that large, even with free memory around.",
			       "Look at the largest free block per zone above; compaction (vm.compact_memory) and a higher "
			       "vm.min_free_kbytes help.");
		evidence_role(f, a, "trigger", 1);
	}
	if (kv(e, "panic") == 1) {
		f = mw_finding(a->sec, "oom-panic", MW_LEVEL_CRITICAL, "The kernel panicked instead of killing",
			       "vm.panic_on_oom is set: the machine rebooted (or hung) rather than kill a task.",
			       "panic_on_oom suits clusters that fail over; elsewhere it turns a dead process into a dead machine.",
			       "Set vm.panic_on_oom=0 unless a fail-over needs it.");
		evidence_role(f, a, "panic", 1);
	}
	if (kv(e, "no_killable") == 1) {
		f = mw_finding(a->sec, "oom-no-killable", MW_LEVEL_CRITICAL, "No task could be killed",
			       "Out of memory and no killable processes: every candidate was exempt (oom_score_adj -1000) or "
			       "a kernel thread.",
			       "The kernel panics next: the memory is held by the kernel or by exempt tasks.",
			       "Find who holds the memory; do not exempt large tasks.");
		evidence_role(f, a, "kill", 1);
	}
	if (kv(e, "victim_exiting") == 1) {
		snprintf(saw, sizeof(saw), "The selected task %s (pid %" PRId64 ") was already exiting; nothing was killed.",
			 e->victim_comm ? e->victim_comm : "?", e->victim_pid);
		f = mw_finding(a->sec, "oom-victim-exiting", MW_LEVEL_INFO, "Victim already exiting", saw,
			       "Its memory is about to be freed; the OOM killer waits for it instead of killing another task.",
			       "Nothing, unless it repeats: then the exit is stuck (look for D-state tasks).");
		evidence_role(f, a, "kill", 1);
	}
}

/* ---- one event ---- */

static void summary_line(struct an *a, const struct tasks_info *ti)
{
	struct ev *e = a->e;
	char s[1200], req[160], x[32], y[32];
	size_t n = 0;
	const char *who = e->trigger_comm ? e->trigger_comm : "The caller";
	request_short(a, req, sizeof(req));

	if (is(e->kind, "oom_kill")) {
		if (e->order == -1)
			n += (size_t)snprintf(s + n, sizeof(s) - n, "OOM killer invoked by hand (sysrq f)");
		else
			n += (size_t)snprintf(s + n, sizeof(s) - n, "%s asked for %s%s%s and the kernel found none%s", who, req,
					      a->flags[0] ? " with " : "", a->flags, e->memcg ? " within its memory cgroup's limit" : "");
		if (e->victim_pid != MW_UNKNOWN) {
			int64_t rss = add(add(e->v_anon_kb, e->v_file_kb), e->v_shmem_kb);
			fmt_kb(x, sizeof(x), rss);
			n += (size_t)snprintf(s + n, sizeof(s) - n, "; the OOM killer %s %s (pid %" PRId64 "%s%s%s)",
					      kv(e, "victim_exiting") == 1 ? "chose the exiting" : "killed",
					      e->victim_comm ? e->victim_comm : "?", e->victim_pid, rss != MW_UNKNOWN ? ", " : "",
					      rss != MW_UNKNOWN ? x : "", rss != MW_UNKNOWN ? " resident" : "");
		} else if (kv(e, "panic") == 1) {
			n += (size_t)snprintf(s + n, sizeof(s) - n, "; the kernel panicked (panic_on_oom)");
		}
		n += (size_t)snprintf(s + n, sizeof(s) - n, ".");
		if (kv(e, "showmem_incomplete") == 1) {
			n += (size_t)snprintf(s + n, sizeof(s) - n, " The memory dump is abridged.");
		} else if (a->anon_kb != MW_UNKNOWN && a->total_kb != MW_UNKNOWN && a->total_kb > 0) {
			fmt_kb(x, sizeof(x), a->anon_kb);
			n += (size_t)snprintf(s + n, sizeof(s) - n, " User space held %s (%.0f%% of RAM)", x, pct(a->anon_kb, a->total_kb));
			if (a->kernel_kb != MW_UNKNOWN) {
				fmt_kb(y, sizeof(y), a->kernel_kb);
				n += (size_t)snprintf(s + n, sizeof(s) - n, ", the kernel %s", y);
			}
			n += (size_t)snprintf(s + n, sizeof(s) - n, ".");
		} else if (e->memcg && kv(e, "memcg_usage_kb") != MW_UNKNOWN) {
			fmt_kb(x, sizeof(x), kv(e, "memcg_usage_kb"));
			fmt_kb(y, sizeof(y), kv(e, "memcg_limit_kb"));
			n += (size_t)snprintf(s + n, sizeof(s) - n, " The cgroup used %s of its %s limit.", x, y);
		}
		if (a->swap_total_kb == 0)
			n += (size_t)snprintf(s + n, sizeof(s) - n, " No swap.");
		else if (a->swap_total_kb != MW_UNKNOWN && a->swap_free_kb != MW_UNKNOWN && a->swap_free_kb * 100 < a->swap_total_kb)
			n += (size_t)snprintf(s + n, sizeof(s) - n, " Swap was full.");
		(void)ti;
	} else if (is(e->kind, "alloc_failure") || is(e->kind, "alloc_stall") || is(e->kind, "request")) {
		if (is(e->kind, "request"))
			n += (size_t)snprintf(s + n, sizeof(s) - n, "A request for %s%s%s", req, a->flags[0] ? " with " : "", a->flags);
		else
			n += (size_t)snprintf(s + n, sizeof(s) - n, "%s %s %s%s%s", who,
					      is(e->kind, "alloc_stall") ? "waited long for" : "could not get", req,
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
	} else if (is(e->kind, "show_mem")) {
		if (a->free_kb != MW_UNKNOWN && a->total_kb != MW_UNKNOWN) {
			fmt_kb(x, sizeof(x), a->free_kb);
			fmt_kb(y, sizeof(y), a->total_kb);
			n += (size_t)snprintf(s + n, sizeof(s) - n, "Memory dump: %s free of %s", x, y);
			if (a->anon_kb != MW_UNKNOWN) {
				fmt_kb(x, sizeof(x), a->anon_kb);
				n += (size_t)snprintf(s + n, sizeof(s) - n, "; user space %s", x);
			}
			if (a->file_kb != MW_UNKNOWN) {
				fmt_kb(x, sizeof(x), a->file_kb);
				n += (size_t)snprintf(s + n, sizeof(s) - n, ", page cache %s", x);
			}
			if (a->kernel_kb != MW_UNKNOWN) {
				fmt_kb(x, sizeof(x), a->kernel_kb);
				n += (size_t)snprintf(s + n, sizeof(s) - n, ", kernel %s", x);
			}
			n += (size_t)snprintf(s + n, sizeof(s) - n, ".");
		} else {
			n += (size_t)snprintf(s + n, sizeof(s) - n, "Memory dump (sysrq-m or show_mem).");
		}
	} else if (is(e->kind, "oom_reaper")) {
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
	if (e->wall != MW_UNKNOWN)
		mw_fig_int(sec, "time", "Time", e->wall, MW_UNIT_TIME, MW_CONF_NONE, NULL, NULL);
	if (e->ts == e->ts)
		mw_node_set_flags(mw_fig_double(sec, "uptime_seconds", "Uptime", e->ts, MW_UNIT_SECONDS, MW_CONF_NONE, NULL, NULL),
				  MW_F_DETAIL);
	mw_node_set_flags(mw_fig_str(sec, "trigger_comm", "Asked by", e->trigger_comm, NULL),
			  e->trigger_comm ? 0 : MW_F_JSON_ONLY);
	if (e->trigger_pid != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "trigger_pid", "Asked by pid", e->trigger_pid, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL),
				  MW_F_DETAIL);
	if (e->order != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "order", "Order", e->order, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL), MW_F_KEY);
	else
		mw_node_set_flags(mw_fig_null(sec, "order", "Order", MW_UNIT_NONE, NULL), MW_F_JSON_ONLY);
	mw_node_set_flags(mw_fig_str(sec, "gfp_mask", "GFP mask", e->gfp_mask, NULL), e->gfp_mask ? 0 : MW_F_JSON_ONLY);
	mw_node_set_flags(mw_fig_str(sec, "gfp_flags", "GFP flags", a->flags[0] ? a->flags : NULL, NULL),
			  a->flags[0] ? MW_F_KEY : MW_F_JSON_ONLY);
	if (a->flags_from[0])
		mw_node_set_flags(mw_fig_str(sec, "gfp_flags_from", "GFP flags from", a->flags_from, NULL), MW_F_DETAIL);
	if (e->order != MW_UNKNOWN && e->order >= 0 && e->order <= 40) {
		request_text(a, req, sizeof(req));
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
	if (is(e->kind, "oom_kill") || is(e->kind, "oom_reaper") || e->victim_pid != MW_UNKNOWN) {
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
		if (kv(e, "memcg_usage_kb") != MW_UNKNOWN)
			mw_fig_int(sec, "memcg_usage_kb", "Cgroup usage", kv(e, "memcg_usage_kb"), MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL);
		if (kv(e, "memcg_limit_kb") != MW_UNKNOWN)
			mw_fig_int(sec, "memcg_limit_kb", "Cgroup limit", kv(e, "memcg_limit_kb"), MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL);
	}
	if (e->cpuset)
		mw_node_set_flags(mw_fig_str(sec, "cpuset", "cpuset", e->cpuset, NULL), MW_F_DETAIL);
	if (e->mems_allowed)
		mw_node_set_flags(mw_fig_str(sec, "mems_allowed", "Allowed nodes", e->mems_allowed, NULL), MW_F_DETAIL);
	if (e->stall_ms != MW_UNKNOWN)
		mw_fig_int(sec, "stall_seconds", "Stalled for", e->stall_ms / 1000, MW_UNIT_SECONDS, MW_CONF_EXACT, NULL, NULL);
	mw_node_set_flags(mw_fig_bool(sec, "truncated", "Report cut off", e->truncated),
			  e->truncated ? 0 : is(e->kind, "request") ? MW_F_JSON_ONLY : MW_F_DETAIL);

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
	if (kv(e, "tasks_count") != MW_UNKNOWN)
		mw_node_set_flags(mw_fig_int(sec, "tasks_count", "Tasks in the table", kv(e, "tasks_count"), MW_UNIT_COUNT,
					     MW_CONF_EXACT, NULL, NULL), MW_F_DETAIL);
}

static void analyse(struct an *a)
{
	struct ev *e = a->e;
	struct tasks_info ti;
	bool oom = is(e->kind, "oom_kill");
	bool alloc = is(e->kind, "alloc_failure") || is(e->kind, "alloc_stall") || is(e->kind, "request");

	pick_release(a);
	decode_gfp(a);
	page_size(a);
	memory(a);
	check_zones(a);
	analyse_trace(a);

	figures(a);
	memset(&ti, 0, sizeof(ti));
	flags_table(a);
	candidates_table(a);
	memory_table(a);
	zones_table(a);
	if (oom)
		tasks_tables(a, &ti);
	summary_line(a, &ti);

	finding_truncated(a);
	findings_gfp(a);
	if (oom)
		findings_oom(a, &ti);
	if (alloc)
		findings_alloc(a);
	/* who held the memory: the question for OOMs, dumps and single pages, not for fragmentation */
	if (oom || is(e->kind, "show_mem") || (alloc && (e->order == 0 || is(e->kind, "alloc_stall")))) {
		findings_memory(a, oom);
		if (oom || alloc)
			finding_fit(a);
		findings_swap(a);
	}
	if (is(e->kind, "show_mem"))
		findings_zones_showmem(a);
	if (is(e->kind, "request"))
		finding_request(a);
	if (is(e->kind, "oom_reaper"))
		finding_reaped(a);
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

	if (is(e->kind, "oom_kill") && e->victim_pid != MW_UNKNOWN)
		n = (size_t)snprintf(title, sizeof(title), "OOM kill: %s (pid %" PRId64 ") killed", e->victim_comm ? e->victim_comm : "?",
				     e->victim_pid);
	else if (is(e->kind, "oom_reaper"))
		n = (size_t)snprintf(title, sizeof(title), "OOM victim reaped: %s (pid %" PRId64 ")", e->victim_comm ? e->victim_comm : "?",
				     e->victim_pid);
	else if (e->order != MW_UNKNOWN && e->order >= 0 && !is(e->kind, "show_mem"))
		n = (size_t)snprintf(title, sizeof(title), "%s: %s%sorder %" PRId64,
				     is(e->kind, "oom_kill") ? (kv(e, "panic") == 1 ? "Out of memory, kernel panic" : "Out of memory")
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
	analyse(&a);
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
		if (!is(evs[i].kind, "oom_kill"))
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
		if (!is(evs[i].kind, "oom_kill"))
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
		if (is(evs[i].kind, "oom_kill") && k++ < 8)
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
		if (is(evs[i].kind, "oom_kill") && evs[i].summary) {
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
			if (is(evs[i].kind, kinds[k]))
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
			if (!is(evs[i].kind, "oom_kill") || evs[i].victim_pid == MW_UNKNOWN)
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
		if (is(e->kind, "oom_kill") || is(e->kind, "oom_reaper"))
			snprintf(out, sizeof(out), "%s %s (%" PRId64 ")", is(e->kind, "oom_reaper") ? "reaped" : "killed",
				 e->victim_comm ? e->victim_comm : "?", e->victim_pid);
		else if (is(e->kind, "show_mem"))
			snprintf(out, sizeof(out), "memory dump");
		else
			snprintf(out, sizeof(out), "failed");
		if (e->victim_pid == MW_UNKNOWN && is(e->kind, "oom_kill"))
			snprintf(out, sizeof(out), "%s", kv(e, "panic") == 1 ? "kernel panic" : "no kill in the input");
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
		if (!is(e->kind, "alloc_failure"))
			continue;
		for (size_t j = 0; j < n; j++) {
			if (is(evs[j].kind, "alloc_failure") && evs[j].order == e->order &&
			    ((!evs[j].gfp_mask && !e->gfp_mask) || (evs[j].gfp_mask && e->gfp_mask && strcmp(evs[j].gfp_mask, e->gfp_mask) == 0)) &&
			    ((!evs[j].trigger_comm && !e->trigger_comm) ||
			     (evs[j].trigger_comm && e->trigger_comm && strcmp(evs[j].trigger_comm, e->trigger_comm) == 0))) {
				if (j < i)
					first = false;
				same++;
				if (kv(&evs[j], "callbacks_suppressed") != MW_UNKNOWN)
					suppressed += kv(&evs[j], "callbacks_suppressed");
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
				if (is(evs[j].kind, "alloc_failure") && evs[j].order == e->order && evs[j].summary &&
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
