/* SPDX-License-Identifier: MIT */
/*
 * snapshot.c: the snapshot report. One moment of /proc (meminfo, zoneinfo,
 * buddyinfo, pagetypeinfo, slabinfo, vmstat) turned into an explained
 * picture: what user space holds, what the page cache holds, what the
 * kernel holds (slab, page tables, stacks, vmalloc, percpu, huge pages),
 * what is free, and what no counter accounts for; how much of the slab is
 * waste (Kleen, "Where is the memory going?" 2006, 3.7-3.11 and 4.2-4.3);
 * how fragmented each zone is and which allocation orders would succeed
 * now (the kernel's unusable-free-space and extfrag indices); where each
 * zone stands against its watermarks; and findings with the papers'
 * advice ("Can you handle the pressure?" 2005, sections 4-7).
 *
 * A store may hold thousands of snapshots (a day of 10-second captures):
 * the candidates are read from the snapshot table's summary columns only,
 * and full details are built for a few per host: the latest and the worst
 * moment (lowest MemAvailable, else MemFree), or all of them when a host
 * has three or fewer. Trends over all snapshots are the timeline report's.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "bootcalc.h"
#include "fragcalc.h"
#include "query.h"
#include "memwaste/banned.h"

#define MiB (INT64_C(1) << 20)
#define TOP_DEFAULT 10
#define MAX_DETAILED 40		/* detailed snapshots in one document */
#define COSTLY_ORDER 3		/* PAGE_ALLOC_COSTLY_ORDER */
#define MAX_TYPES 12

/* ---- what one detailed snapshot holds ---- */

struct kv {
	char *source, *name;
	int64_t value, line;
};

struct section {
	char *kind, *input;
	int64_t first, last;
};

struct cache {
	char *name;
	int64_t active_objs, num_objs, objsize, objperslab, pagesperslab, limit, batchcount, sharedfactor;
	int64_t active_slabs, num_slabs, sharedavail, line;
	int64_t total, active, waste;	/* bytes; MW_UNKNOWN when not computable */
};

struct ptype {
	char name[24];
	uint64_t free_pages;		/* sum n_k 2^k of this type */
	int64_t blocks;			/* pageblocks of this type, MW_UNKNOWN if no block table */
	bool capped;
};

struct zinfo {
	int64_t node;
	char *zone;
	/* zoneinfo */
	bool have_zone;
	int64_t free, min, low, high, promo, boost, spanned, present, managed, cma, start_pfn, zone_line;
	unsigned n_prot;
	int64_t prot[MW_MAX_ZONES];
	bool populated;
	int64_t pcp_count, pcp_high;
	/* buddy counts: from buddyinfo, else summed over pagetypeinfo's free rows */
	bool have_buddy, buddy_from_pt, pt_capped;
	unsigned n_orders;
	uint64_t counts[MW_MAX_ORDERS];
	int64_t buddy_line;
	/* pagetypeinfo */
	unsigned n_types;
	struct ptype types[MAX_TYPES];
	int64_t pt_line;
	/* computed */
	struct mw_frag frag;
	int max_order_now;		/* largest order servable now, -1 none, -2 unknown */
};

struct snap {
	int64_t id, host_id, taken, line, page_size_col, memavail, memfree, input_id;
	double frac;
	char *host, *taken_text, *origin, *input;
	unsigned role;			/* ROLE_* bits; 0: one of a few snapshots of its host */
	unsigned host_count;		/* snapshots of this host */
	/* details */
	struct kv *kv;
	size_t n_kv, alloc_kv;
	struct section *sec;
	size_t n_sec, alloc_sec;
	struct mw_facts facts;
	struct cache *caches;
	size_t n_caches, alloc_caches;
	struct zinfo *zones;
	size_t n_zones, alloc_zones;
	int64_t pageblock_order;
};

enum { ROLE_LATEST = 1, ROLE_WORST = 2 };

static void snap_free(struct snap *s)
{
	for (size_t i = 0; i < s->n_kv; i++) {
		free(s->kv[i].source);
		free(s->kv[i].name);
	}
	for (size_t i = 0; i < s->n_sec; i++) {
		free(s->sec[i].kind);
		free(s->sec[i].input);
	}
	for (size_t i = 0; i < s->n_caches; i++)
		free(s->caches[i].name);
	for (size_t i = 0; i < s->n_zones; i++)
		free(s->zones[i].zone);
	free(s->kv);
	free(s->sec);
	mw_facts_free(&s->facts);
	free(s->caches);
	free(s->zones);
	free(s->host);
	free(s->taken_text);
	free(s->origin);
	free(s->input);
}

/* ---- loading ---- */

static unsigned parse_counts(const char *text, uint64_t *counts)
{
	unsigned n = 0;
	const char *p = text;
	while (p && *p && n < MW_MAX_ORDERS) {
		char *e;
		unsigned long long v;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		v = strtoull(p, &e, 10);
		if (e == p)
			break;
		counts[n++] = v;
		p = e;
	}
	return n;
}

static struct zinfo *zone_get(struct snap *s, int64_t node, const char *zone)
{
	struct zinfo *z;
	for (size_t i = 0; i < s->n_zones; i++)
		if (s->zones[i].node == node && strcmp(s->zones[i].zone, zone) == 0)
			return &s->zones[i];
	MW_GROW(s->zones, s->alloc_zones, s->n_zones + 1);
	z = &s->zones[s->n_zones++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	z->zone = mw_xstrdup(zone);
	z->free = z->min = z->low = z->high = z->promo = z->boost = MW_UNKNOWN;
	z->spanned = z->present = z->managed = z->cma = z->start_pfn = z->zone_line = MW_UNKNOWN;
	z->pcp_count = z->pcp_high = MW_UNKNOWN;
	z->buddy_line = z->pt_line = MW_UNKNOWN;
	z->max_order_now = -2;
	return z;
}

static int load_details(struct mw_store *st, struct snap *s)
{
	struct mw_q q;

	if (mw_q_prepare(&q, st, "SELECT x.kind, i.display, x.first_line, x.last_line FROM snapshot_section x "
				 "JOIN input i ON i.id = x.input_id WHERE x.snapshot_id = ?1 ORDER BY x.rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		struct section *x;
		MW_GROW(s->sec, s->alloc_sec, s->n_sec + 1);
		x = &s->sec[s->n_sec++];
		x->kind = mw_q_textdup_or(&q, 0, "");
		x->input = mw_q_textdup_or(&q, 1, "");
		x->first = mw_q_i64(&q, 2);
		x->last = mw_q_i64(&q, 3);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_facts_load(&s->facts, st, "snapshot_fact", "snapshot_id", s->id) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT k.source, k.name, v.value, v.line FROM kv v JOIN kv_key k ON k.id = v.key_id "
				 "WHERE v.snapshot_id = ?1") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		struct kv *k;
		MW_GROW(s->kv, s->alloc_kv, s->n_kv + 1);
		k = &s->kv[s->n_kv++];
		k->source = mw_q_textdup_or(&q, 0, "");
		k->name = mw_q_textdup_or(&q, 1, "");
		k->value = mw_q_i64(&q, 2);
		k->line = mw_q_i64(&q, 3);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT n.name, s.active_objs, s.num_objs, s.objsize, s.objperslab, s.pagesperslab, "
				 "s.limit_, s.batchcount, s.sharedfactor, s.active_slabs, s.num_slabs, s.sharedavail, s.line "
				 "FROM slab s JOIN slab_name n ON n.id = s.name_id WHERE s.snapshot_id = ?1 ORDER BY s.line") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		struct cache *c;
		MW_GROW(s->caches, s->alloc_caches, s->n_caches + 1);
		c = &s->caches[s->n_caches++];
		c->name = mw_q_textdup_or(&q, 0, "");
		c->active_objs = mw_q_i64(&q, 1);
		c->num_objs = mw_q_i64(&q, 2);
		c->objsize = mw_q_i64(&q, 3);
		c->objperslab = mw_q_i64(&q, 4);
		c->pagesperslab = mw_q_i64(&q, 5);
		c->limit = mw_q_i64(&q, 6);
		c->batchcount = mw_q_i64(&q, 7);
		c->sharedfactor = mw_q_i64(&q, 8);
		c->active_slabs = mw_q_i64(&q, 9);
		c->num_slabs = mw_q_i64(&q, 10);
		c->sharedavail = mw_q_i64(&q, 11);
		c->line = mw_q_i64(&q, 12);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT z.node, z.zone, z.free, z.min, z.low, z.high, z.promo, z.boost, z.spanned, "
				 "z.present, z.managed, z.cma, z.protection, z.start_pfn, z.populated, z.line, "
				 "(SELECT v.value FROM zone_kv v JOIN kv_key k ON k.id = v.key_id WHERE v.zone_id = z.id "
				 "AND k.name = 'pcp_count'), "
				 "(SELECT v.value FROM zone_kv v JOIN kv_key k ON k.id = v.key_id WHERE v.zone_id = z.id "
				 "AND k.name = 'pcp_high') "
				 "FROM zone z WHERE z.snapshot_id = ?1 ORDER BY z.id") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		struct zinfo *z = zone_get(s, mw_q_i64(&q, 0), mw_q_text(&q, 1));
		const char *prot = mw_q_text(&q, 12);
		z->have_zone = true;
		z->free = mw_q_i64(&q, 2);
		z->min = mw_q_i64(&q, 3);
		z->low = mw_q_i64(&q, 4);
		z->high = mw_q_i64(&q, 5);
		z->promo = mw_q_i64(&q, 6);
		z->boost = mw_q_i64(&q, 7);
		z->spanned = mw_q_i64(&q, 8);
		z->present = mw_q_i64(&q, 9);
		z->managed = mw_q_i64(&q, 10);
		z->cma = mw_q_i64(&q, 11);
		if (prot) {
			uint64_t tmp[MW_MAX_ORDERS];
			unsigned n = parse_counts(prot, tmp);
			z->n_prot = MW_MIN(n, (unsigned)MW_MAX_ZONES);
			for (unsigned i = 0; i < z->n_prot; i++)
				z->prot[i] = (int64_t)tmp[i];
		}
		z->start_pfn = mw_q_i64(&q, 13);
		z->populated = mw_q_i64(&q, 14) == 1;
		z->zone_line = mw_q_i64(&q, 15);
		z->pcp_count = mw_q_i64(&q, 16);
		z->pcp_high = mw_q_i64(&q, 17);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT node, zone, counts, line FROM buddy WHERE snapshot_id = ?1 ORDER BY rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		struct zinfo *z = zone_get(s, mw_q_i64(&q, 0), mw_q_text(&q, 1));
		z->have_buddy = true;
		z->n_orders = parse_counts(mw_q_text(&q, 2), z->counts);
		z->buddy_line = mw_q_i64(&q, 3);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	s->pageblock_order = MW_UNKNOWN;
	if (mw_q_prepare(&q, st, "SELECT section, node, zone, type, counts, capped, pageblock_order, line FROM pagetype "
				 "WHERE snapshot_id = ?1 ORDER BY rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, s->id);
	while (mw_q_step(&q)) {
		const char *section = mw_q_text(&q, 0), *type = mw_q_text(&q, 3);
		struct zinfo *z = zone_get(s, mw_q_i64(&q, 1), mw_q_text(&q, 2) ? mw_q_text(&q, 2) : "");
		struct ptype *t = NULL;
		uint64_t counts[MW_MAX_ORDERS];
		unsigned n = parse_counts(mw_q_text(&q, 4), counts);
		if (mw_q_i64(&q, 6) != MW_UNKNOWN)
			s->pageblock_order = mw_q_i64(&q, 6);
		if (!type)
			continue;
		for (unsigned i = 0; i < z->n_types; i++)
			if (strcmp(z->types[i].name, type) == 0)
				t = &z->types[i];
		if (!t && z->n_types < MAX_TYPES) {
			t = &z->types[z->n_types++];
			snprintf(t->name, sizeof(t->name), "%s", type);
			t->blocks = MW_UNKNOWN;
		}
		if (!t)
			continue;
		if (strcmp(section, "free") == 0) {
			if (z->pt_line == MW_UNKNOWN)
				z->pt_line = mw_q_i64(&q, 7);
			for (unsigned k = 0; k < n; k++)
				t->free_pages += counts[k] << k;
			if (mw_q_i64(&q, 5) > 0)
				t->capped = z->pt_capped = true;
			if (!z->have_buddy || z->buddy_from_pt) {
				z->buddy_from_pt = true;
				if (n > z->n_orders)
					z->n_orders = n;
				for (unsigned k = 0; k < n; k++)
					z->counts[k] += counts[k];
			}
		} else if (strcmp(section, "blocks") == 0 && n >= 1) {
			t->blocks = (int64_t)counts[0];
		}
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;
	for (size_t i = 0; i < s->n_zones; i++)
		if (s->zones[i].buddy_from_pt)
			s->zones[i].have_buddy = true;
	return 0;
}

/* ---- lookups ---- */

static const struct kv *kv_find(const struct snap *s, const char *source, const char *name)
{
	for (size_t i = 0; i < s->n_kv; i++)
		if (strcmp(s->kv[i].name, name) == 0 && strcmp(s->kv[i].source, source) == 0)
			return &s->kv[i];
	return NULL;
}

static int64_t mi(const struct snap *s, const char *name)
{
	const struct kv *k = kv_find(s, "meminfo", name);
	return k ? k->value : MW_UNKNOWN;
}

static int64_t vm(const struct snap *s, const char *name)
{
	const struct kv *k = kv_find(s, "vmstat", name);
	return k ? k->value : MW_UNKNOWN;
}

static const struct section *sec_find(const struct snap *s, const char *kind)
{
	for (size_t i = 0; i < s->n_sec; i++)
		if (strcmp(s->sec[i].kind, kind) == 0)
			return &s->sec[i];
	return NULL;
}

static const struct mw_fact *fact_find(const struct snap *s, const char *key)
{
	return mw_facts_find(&s->facts, key);
}

/* Source of a kv line: the section's input and the line. */
static struct mw_source kv_src(const struct snap *s, const char *source, const char *name)
{
	const struct kv *k = kv_find(s, source, name);
	const struct section *x = sec_find(s, source);
	struct mw_source src = { x ? x->input : NULL, k && k->line != MW_UNKNOWN ? (uint64_t)k->line : 0 };
	return src;
}

static struct mw_source sec_src(const struct snap *s, const char *kind, int64_t line)
{
	const struct section *x = sec_find(s, kind);
	struct mw_source src = { x ? x->input : NULL, line != MW_UNKNOWN && line > 0 ? (uint64_t)line : 0 };
	if (!src.line && x && x->first != MW_UNKNOWN)
		src.line = (uint64_t)x->first;
	return src;
}

static int64_t nz(int64_t v)
{
	return v == MW_UNKNOWN ? 0 : v;
}

/*
 * Checked arithmetic on numbers read from text: unknown in, unknown out,
 * and a product or sum beyond 64 bits (a damaged line) is unknown too.
 */
static int64_t cmul(int64_t a, int64_t b)
{
	int64_t r;
	if (a == MW_UNKNOWN || b == MW_UNKNOWN || __builtin_mul_overflow(a, b, &r))
		return MW_UNKNOWN;
	return r;
}

static int64_t cadd(int64_t a, int64_t b)
{
	int64_t r;
	if (a == MW_UNKNOWN || b == MW_UNKNOWN || __builtin_add_overflow(a, b, &r) || r == MW_UNKNOWN)
		return MW_UNKNOWN;
	return r;
}

static double round2(double v)
{
	return round(v * 100) / 100;
}

static double pct(double part, double whole)
{
	return round2(mw_pct(part, whole));
}

static void fmt_bytes(char *buf, size_t n, double v)
{
	mw_format_bytes(buf, n, v);
}

static bool is_dentry(const char *n)
{
	return mw_slab_family(mw_str_make(n, strlen(n))) == MW_SLAB_DENTRY;
}

static bool is_inode(const char *n)
{
	return mw_slab_family(mw_str_make(n, strlen(n))) == MW_SLAB_INODE;
}

static bool is_sysfs(const char *n)
{
	return strcmp(n, "sysfs_dir_cache") == 0 || strncmp(n, "kernfs_", 7) == 0;
}

/* mw_fig_int() that writes a null (with `how`) when the value is unknown. */
static struct mw_node *figi(struct mw_node *sec, const char *key, const char *label, int64_t v, enum mw_unit unit,
			    enum mw_confidence conf, const struct mw_source *src, const char *how)
{
	if (v == MW_UNKNOWN)
		return mw_fig_null(sec, key, label, unit, "not in the data");
	return mw_fig_int(sec, key, label, v, unit, conf, src, how);
}

/* ---- page size ---- */

struct page_size {
	int64_t bytes;
	enum mw_confidence conf;
	char how[256];
	struct mw_source src;
};

/*
 * The latest boot of the snapshot's host: the same host id, or a boot
 * without a host when the snapshot's host is not known either (a dmesg and
 * a slabinfo given together without --host are one machine).
 */
#define BOOT_OF_HOST(cols) \
	"SELECT " cols " FROM boot b WHERE b.host_id = ?1 OR (b.host_id IS NULL AND " \
	"(SELECT name FROM host WHERE id = ?1) IS 'unknown') ORDER BY b.id DESC LIMIT 1"

/* bytes / 2^order of the hash-table lines of the latest boot of this host, by majority (kernel-formats.md 3). */
static int64_t boot_page_size(struct mw_store *st, int64_t host_id, char *release, size_t relsz, enum mw_arch *ret_arch)
{
	static const int64_t sizes[] = { 4096, 8192, 16384, 65536 };
	int votes[4] = { 0 }, best = -1;
	int64_t boot_id = MW_UNKNOWN;
	struct mw_q q;

	release[0] = '\0';
	if (mw_q_prepare(&q, st, BOOT_OF_HOST("id, kernel_release, version_line, "
					      "EXISTS (SELECT 1 FROM mem_range r WHERE r.boot_id = b.id AND r.map = 'e820')")) < 0)
		return 0;
	mw_q_bind_i64(&q, 1, host_id);
	if (mw_q_step(&q)) {
		boot_id = mw_q_i64(&q, 0);
		snprintf(release, relsz, "%s", mw_q_text(&q, 1) ? mw_q_text(&q, 1) : "");
		*ret_arch = mw_arch_guess(mw_q_text(&q, 1), mw_q_text(&q, 2), mw_q_i64(&q, 3) == 1, false);
	}
	mw_q_finish(&q);
	if (boot_id == MW_UNKNOWN)
		return -1;
	if (mw_q_prepare(&q, st, "SELECT order_, bytes FROM hash_table WHERE boot_id = ?1") < 0)
		return 0;
	mw_q_bind_i64(&q, 1, boot_id);
	while (mw_q_step(&q)) {
		int64_t order = mw_q_i64(&q, 0), bytes = mw_q_i64(&q, 1);
		if (order == MW_UNKNOWN || order < 0 || order > 30 || bytes <= 0 || bytes % ((int64_t)1 << order))
			continue;
		for (int k = 0; k < 4; k++)
			if ((bytes >> order) == sizes[k])
				votes[k]++;
	}
	mw_q_finish(&q);
	for (int k = 0; k < 4; k++)
		if (votes[k] && (best < 0 || votes[k] > votes[best]))
			best = k;
	return best < 0 ? 0 : sizes[best];
}

/*
 * PAGE_SIZE for this snapshot: what the data says (slabinfo pins it; the
 * ratio of MemFree to vmstat's nr_free_pages; Hugepagesize over the
 * pageblock order), else the boot of the same host, else 4096 stated as
 * estimated.
 */
static void resolve_page_size(struct mw_store *st, const struct snap *s, struct page_size *ps)
{
	const struct mw_fact *f = fact_find(s, "page_size");
	int64_t memfree = mi(s, "MemFree"), nrfree = vm(s, "nr_free_pages"), hp = mi(s, "Hugepagesize");
	char release[128];
	enum mw_arch arch = MW_ARCH_UNKNOWN;
	int64_t b;

	memset(ps, 0, sizeof(*ps));
	if (s->page_size_col != MW_UNKNOWN && s->page_size_col > 0) {
		ps->bytes = s->page_size_col;
		ps->conf = MW_CONF_DERIVED;
		snprintf(ps->how, sizeof(ps->how), "%s", f && f->text ? f->text : "stated by the capture");
		if (f)
			ps->src = sec_src(s, "slabinfo", f->line);
		return;
	}
	if (memfree > 0 && nrfree > 0) {
		double r = (double)memfree * 1024.0 / (double)nrfree;
		for (int64_t p = 4096; p <= 65536; p <<= 1) {
			if (fabs(r - (double)p) <= (double)p * 0.01) {
				ps->bytes = p;
				ps->conf = MW_CONF_DERIVED;
				snprintf(ps->how, sizeof(ps->how), "MemFree (kB) / nr_free_pages of vmstat = %.0f bytes", r);
				ps->src = kv_src(s, "vmstat", "nr_free_pages");
				return;
			}
		}
	}
	/* some ARM vendor kernels print DirectMap lines too, as zeros: only a mapped direct map says x86 */
	if (nz(mi(s, "DirectMap4k")) + nz(mi(s, "DirectMap2M")) + nz(mi(s, "DirectMap4M")) + nz(mi(s, "DirectMap1G")) > 0) {
		ps->bytes = 4096;
		ps->conf = MW_CONF_DERIVED;
		snprintf(ps->how, sizeof(ps->how), "x86 (meminfo has DirectMap lines): its pages are always 4 KiB");
		ps->src = kv_src(s, "meminfo", mi(s, "DirectMap4k") != MW_UNKNOWN ? "DirectMap4k" : "DirectMap2M");
		return;
	}
	if (hp > 0 && s->pageblock_order != MW_UNKNOWN && s->pageblock_order > 0 && s->pageblock_order < 20) {
		int64_t p = hp * 1024 >> s->pageblock_order;
		if (p == 4096 || p == 8192 || p == 16384 || p == 65536) {
			ps->bytes = p;
			ps->conf = MW_CONF_ESTIMATED;
			snprintf(ps->how, sizeof(ps->how),
				 "Hugepagesize / 2^(page block order %" PRId64 "): the pageblock is a huge page on most configurations",
				 s->pageblock_order);
			ps->src = kv_src(s, "meminfo", "Hugepagesize");
			return;
		}
	}
	b = boot_page_size(st, s->host_id, release, sizeof(release), &arch);
	if (b > 0) {
		ps->bytes = b;
		ps->conf = MW_CONF_DERIVED;
		snprintf(ps->how, sizeof(ps->how), "from the hash-table lines of the boot log of this host%s%s",
			 release[0] ? " (" : "", release[0] ? release : "");
		if (release[0])
			snprintf(ps->how + strlen(ps->how), sizeof(ps->how) - strlen(ps->how), ")");
		return;
	}
	ps->bytes = 4096;
	ps->conf = MW_CONF_ESTIMATED;
	if (arch != MW_ARCH_UNKNOWN) {
		ps->bytes = mw_page_size_default(arch);
		snprintf(ps->how, sizeof(ps->how), "the default of the architecture of this host's boot log (%s)",
			 mw_arch_name(arch));
		return;
	}
	snprintf(ps->how, sizeof(ps->how), "%s",
		 b < 0 ? "not in the data and no boot log of this host: 4 KiB assumed (x86, most arm64)"
		       : "not in the data nor in the boot log of this host: 4 KiB assumed (x86, most arm64)");
}

/* ---- the memory breakdown ---- */

static const struct mw_column breakdown_cols[] = {
	{ "category", "Category", MW_UNIT_NONE, MW_VAL_STR, 0, "what holds the memory" },
	{ "group", "Group", MW_UNIT_NONE, MW_VAL_STR, 0, "user space, page cache, kernel, free, unaccounted" },
	{ "bytes", "Size", MW_UNIT_BYTES, MW_VAL_INT, 0, "bytes" },
	{ "pct_of_total", "% of MemTotal", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of MemTotal" },
	{ "fields", "From", MW_UNIT_NONE, MW_VAL_STR, 0, "the meminfo fields" },
	{ "confidence", "How known", MW_UNIT_NONE, MW_VAL_STR, MW_F_JSON_ONLY, "exact, derived or estimated" },
};

struct brow {
	const char *category, *group, *fields;
	int64_t kb;
	enum mw_confidence conf;
};

struct breakdown {
	bool have;
	int64_t total_kb, user_kb, cache_kb, kernel_kb, free_kb, pcp_kb, unaccounted_kb;
	bool estimated;
	struct brow rows[24];
	size_t n;
	char missing[256];
	char vmalloc_note[256];
};

static void brow_add(struct breakdown *b, const char *cat, const char *group, const char *fields, int64_t kb,
		     enum mw_confidence conf)
{
	if (b->n < MW_ARRAY_SIZE(b->rows))
		b->rows[b->n++] = (struct brow){ cat, group, fields, kb, conf };
}

static void missing_add(struct breakdown *b, const char *name)
{
	size_t o = strlen(b->missing);
	snprintf(b->missing + o, sizeof(b->missing) - o, "%s%s", o ? ", " : "", name);
}

/*
 * The partition of MemTotal from meminfo (kernel-formats.md 5.3): every
 * category is a meminfo field or a difference of two, the rest is
 * "unaccounted". Cached includes Shmem (since 2.6.32), KReclaimable
 * includes SReclaimable, AnonPages includes AnonHugePages. VmallocUsed is
 * address space before 4.4, 0 from 4.4 to ~5.2 and pages since; with
 * CONFIG_VMAP_STACK (default on 64-bit x86 and arm64) kernel stacks are
 * vmalloc pages and counted in both.
 */
static void compute_breakdown(const struct snap *s, int64_t page_size, struct breakdown *b)
{
	int64_t total = mi(s, "MemTotal"), free_ = mi(s, "MemFree"), anon = mi(s, "AnonPages"), shmem = mi(s, "Shmem");
	int64_t cached = mi(s, "Cached"), buffers = mi(s, "Buffers"), swapc = mi(s, "SwapCached");
	int64_t slab = mi(s, "Slab"), srec = mi(s, "SReclaimable"), sunr = mi(s, "SUnreclaim"), krec = mi(s, "KReclaimable");
	int64_t pt = mi(s, "PageTables"), spt = mi(s, "SecPageTables"), ks = mi(s, "KernelStack");
	int64_t vused = mi(s, "VmallocUsed"), vchunk = mi(s, "VmallocChunk"), vtotal = mi(s, "VmallocTotal");
	int64_t percpu = mi(s, "Percpu"), hugetlb = mi(s, "Hugetlb"), hp_total = mi(s, "HugePages_Total");
	int64_t hp_size = mi(s, "Hugepagesize"), zswap = mi(s, "Zswap"), unacc = mi(s, "Unaccepted");
	int64_t balloon = mi(s, "Balloon"), bounce = mi(s, "Bounce"), hightotal = mi(s, "HighTotal");
	int64_t sum = 0;

	memset(b, 0, sizeof(*b));
	if (total == MW_UNKNOWN || total <= 0)
		return;
	b->have = true;
	b->total_kb = total;

	if (anon != MW_UNKNOWN)
		brow_add(b, "anonymous", "user space", "AnonPages", anon, MW_CONF_EXACT);
	else
		missing_add(b, "AnonPages");
	if (shmem != MW_UNKNOWN)
		brow_add(b, "shmem, tmpfs", "user space", "Shmem", shmem, MW_CONF_EXACT);
	b->user_kb = nz(anon) + nz(shmem);

	if (cached != MW_UNKNOWN)
		brow_add(b, shmem != MW_UNKNOWN ? "file cache" : "file cache, shmem", "page cache",
			 shmem != MW_UNKNOWN ? "Cached - Shmem" : "Cached", cached - nz(shmem), MW_CONF_DERIVED);
	if (buffers != MW_UNKNOWN)
		brow_add(b, "buffers", "page cache", "Buffers", buffers, MW_CONF_EXACT);
	if (swapc != MW_UNKNOWN && swapc > 0)
		brow_add(b, "swap cache", "page cache", "SwapCached", swapc, MW_CONF_EXACT);
	b->cache_kb = nz(cached) - nz(shmem) + nz(buffers) + nz(swapc);

	if (srec != MW_UNKNOWN && sunr != MW_UNKNOWN) {
		brow_add(b, "slab reclaimable", "kernel", "SReclaimable", srec, MW_CONF_EXACT);
		brow_add(b, "slab unreclaimable", "kernel", "SUnreclaim", sunr, MW_CONF_EXACT);
		b->kernel_kb += srec + sunr;
	} else if (slab != MW_UNKNOWN) {
		brow_add(b, "slab", "kernel", "Slab", slab, MW_CONF_EXACT);
		b->kernel_kb += slab;
	} else {
		missing_add(b, "Slab");
	}
	if (krec != MW_UNKNOWN && srec != MW_UNKNOWN && krec > srec) {
		brow_add(b, "other reclaimable", "kernel", "KReclaimable - SReclaimable", krec - srec,
			 MW_CONF_DERIVED);
		b->kernel_kb += krec - srec;
	}
	if (pt != MW_UNKNOWN) {
		brow_add(b, "page tables", "kernel", spt != MW_UNKNOWN ? "PageTables + SecPageTables" : "PageTables",
			 pt + nz(spt), MW_CONF_EXACT);
		b->kernel_kb += pt + nz(spt);
	} else {
		missing_add(b, "PageTables");
	}
	if (ks != MW_UNKNOWN) {
		brow_add(b, "kernel stacks", "kernel", "KernelStack", ks, MW_CONF_EXACT);
		b->kernel_kb += ks;
	} else {
		missing_add(b, "KernelStack");
	}
	/* vmalloc: what the number means depends on the era */
	if (vused != MW_UNKNOWN) {
		if (vchunk != MW_UNKNOWN && vchunk > 0) {
			snprintf(b->vmalloc_note, sizeof(b->vmalloc_note),
				 "VmallocUsed (%" PRId64 " kB) is vmalloc address space on this kernel (before 4.4: "
				 "ioremap included), not memory: left out, vmalloc pages are in 'unaccounted'", vused);
		} else if (vused == 0) {
			snprintf(b->vmalloc_note, sizeof(b->vmalloc_note),
				 "VmallocUsed is 0: kernels 4.4 to 5.2 print 0; vmalloc pages are in 'unaccounted'");
		} else {
			bool vmap_stack = ks != MW_UNKNOWN && ks > 0 && hightotal == MW_UNKNOWN && vtotal != MW_UNKNOWN &&
					  vtotal > (INT64_C(1) << 30);
			int64_t v = vmap_stack ? vused - ks : vused;
			if (v < 0)
				v = 0;
			brow_add(b, vmap_stack ? "vmalloc - stacks" : "vmalloc", "kernel",
				 vmap_stack ? "VmallocUsed - KernelStack" : "VmallocUsed", v,
				 vmap_stack ? MW_CONF_ESTIMATED : MW_CONF_EXACT);
			b->kernel_kb += v;
			if (vmap_stack) {
				b->estimated = true;
				snprintf(b->vmalloc_note, sizeof(b->vmalloc_note),
					 "64-bit kernel: kernel stacks are taken to be vmalloc'ed (CONFIG_VMAP_STACK, the "
					 "default on x86_64 and arm64) and counted once, under kernel stacks");
			}
		}
	}
	if (percpu != MW_UNKNOWN) {
		brow_add(b, "percpu", "kernel", "Percpu", percpu, MW_CONF_EXACT);
		b->kernel_kb += percpu;
	}
	if (hugetlb != MW_UNKNOWN && hugetlb > 0) {
		brow_add(b, "hugetlb pool", "kernel", "Hugetlb", hugetlb, MW_CONF_EXACT);
		b->kernel_kb += hugetlb;
	} else if (hugetlb == MW_UNKNOWN && hp_total != MW_UNKNOWN && hp_total > 0 && cmul(hp_total, hp_size) != MW_UNKNOWN &&
		   cmul(hp_total, hp_size) <= (INT64_C(1) << 44)) {	/* the meminfo bound of the parsers */
		brow_add(b, "hugetlb pool", "kernel", "HugePages_Total x Hugepagesize", hp_total * hp_size,
			 MW_CONF_DERIVED);
		b->kernel_kb += hp_total * hp_size;
	}
	if (zswap != MW_UNKNOWN && zswap > 0) {
		brow_add(b, "zswap pool", "kernel", "Zswap", zswap, MW_CONF_EXACT);
		b->kernel_kb += zswap;
	}
	if (unacc != MW_UNKNOWN && unacc > 0) {
		brow_add(b, "unaccepted", "kernel", "Unaccepted", unacc, MW_CONF_EXACT);
		b->kernel_kb += unacc;
	}
	if (balloon != MW_UNKNOWN && balloon > 0) {
		brow_add(b, "balloon", "kernel", "Balloon", balloon, MW_CONF_EXACT);
		b->kernel_kb += balloon;
	}
	if (bounce != MW_UNKNOWN && bounce > 0) {
		brow_add(b, "bounce", "kernel", "Bounce", bounce, MW_CONF_EXACT);
		b->kernel_kb += bounce;
	}
	if (free_ != MW_UNKNOWN)
		brow_add(b, "free", "free", "MemFree", free_, MW_CONF_EXACT);
	else
		missing_add(b, "MemFree");
	b->free_kb = nz(free_);
	/* free pages on the per-CPU lists are in no meminfo counter, not even MemFree (zoneinfo pagesets) */
	{
		int64_t pcp = 0;
		bool have = false;
		for (size_t i = 0; i < s->n_zones; i++)
			if (s->zones[i].pcp_count != MW_UNKNOWN)
				pcp += s->zones[i].pcp_count, have = true;
		if (have && pcp > 0 && cmul(pcp, page_size) != MW_UNKNOWN) {
			b->pcp_kb = cmul(pcp, page_size) / 1024;
			brow_add(b, "free, per-CPU lists", "free", "zoneinfo pagesets (count)", b->pcp_kb, MW_CONF_DERIVED);
		}
	}
	sum = b->user_kb + b->cache_kb + b->kernel_kb + b->free_kb + b->pcp_kb;
	b->unaccounted_kb = total - sum;
	brow_add(b, "unaccounted", "unaccounted", "MemTotal - all of the above", b->unaccounted_kb,
		 b->estimated || b->missing[0] ? MW_CONF_ESTIMATED : MW_CONF_DERIVED);
}

/* ---- slab ---- */

static const struct mw_column paper_cols[] = {
	{ "slabs_total_bytes", "Slabs total", MW_UNIT_BYTES, MW_VAL_INT, 0, "num_slabs x pagesperslab x PAGE_SIZE" },
	{ "slabs_active_bytes", "Slabs active", MW_UNIT_BYTES, MW_VAL_INT, 0, "active_objs x objsize" },
	{ "waste_pct", "Waste", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "(total - active) / total" },
	{ "total_pct", "Total", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "slabs total / MemTotal" },
};

static const struct mw_column cache_cols[] = {
	{ "cache", "Cache", MW_UNIT_NONE, MW_VAL_STR, 0, "slab cache name" },
	{ "total_bytes", "Size", MW_UNIT_BYTES, MW_VAL_INT, 0, "num_slabs x pagesperslab x PAGE_SIZE" },
	{ "active_bytes", "In use", MW_UNIT_BYTES, MW_VAL_INT, 0, "active_objs x objsize" },
	{ "waste_bytes", "Waste", MW_UNIT_BYTES, MW_VAL_INT, 0, "size - in use" },
	{ "waste_pct", "Waste %", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "waste / size" },
	{ "objsize_bytes", "Obj size", MW_UNIT_BYTES, MW_VAL_INT, 0, "objsize as printed (padded)" },
	{ "active_objs", "Objects used", MW_UNIT_COUNT, MW_VAL_INT, MW_F_JSON_ONLY, "active_objs" },
	{ "num_objs", "Objects", MW_UNIT_COUNT, MW_VAL_INT, MW_F_JSON_ONLY, "num_objs" },
	{ "pages_per_slab", "Pages/slab", MW_UNIT_COUNT, MW_VAL_INT, MW_F_JSON_ONLY, "pagesperslab" },
};

static const struct mw_column dicache_cols[] = {
	{ "cache", "Cache", MW_UNIT_NONE, MW_VAL_STR, 0, "dentry or inode cache" },
	{ "total_bytes", "d/icache", MW_UNIT_BYTES, MW_VAL_INT, 0, "slab memory of the cache" },
	{ "active_bytes", "In use", MW_UNIT_BYTES, MW_VAL_INT, 0, "active_objs x objsize" },
	{ "pct_of_total", "Total", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of MemTotal" },
};

struct slabsum {
	bool have;
	bool slub, version_known;
	int64_t caches, total, active, waste;
	int64_t dentry, inode, dentry_active, inode_active, bh, sysfs;
	int64_t bh_line;
	int64_t unknown_size;		/* caches whose size could not be computed (1.0 lines) */
};

static void compute_slab(struct snap *s, int64_t page_size, struct slabsum *ss)
{
	const struct mw_fact *alloc = fact_find(s, "slab_allocator");
	memset(ss, 0, sizeof(*ss));
	ss->bh_line = MW_UNKNOWN;
	if (!s->n_caches)
		return;
	ss->have = true;
	ss->slub = alloc && alloc->text && strcmp(alloc->text, "SLUB") == 0;
	for (size_t i = 0; i < s->n_caches; i++) {
		struct cache *c = &s->caches[i];
		int64_t total, active;
		c->total = cmul(cmul(c->num_slabs, c->pagesperslab), page_size);
		c->active = cmul(c->active_objs, c->objsize);
		c->waste = c->total != MW_UNKNOWN && c->active != MW_UNKNOWN ? c->total - c->active : MW_UNKNOWN;
		ss->caches++;
		total = cadd(ss->total, c->total);
		active = cadd(ss->active, nz(c->active));
		if (c->total == MW_UNKNOWN || total == MW_UNKNOWN || active == MW_UNKNOWN) {
			ss->unknown_size++;
			continue;
		}
		ss->total = total;
		ss->active = active;
		if (is_dentry(c->name)) {
			ss->dentry += c->total;
			ss->dentry_active += nz(c->active);
		} else if (is_inode(c->name)) {
			ss->inode += c->total;
			ss->inode_active += nz(c->active);
		} else if (strcmp(c->name, "buffer_head") == 0) {
			ss->bh += c->total;
			ss->bh_line = c->line;
		} else if (is_sysfs(c->name)) {
			ss->sysfs += c->total;
		}
	}
	ss->waste = ss->total - ss->active;
}

static int cmp_total(const void *a, const void *b)
{
	const struct cache *x = *(const struct cache *const *)a, *y = *(const struct cache *const *)b;
	if (nz(x->total) != nz(y->total))
		return nz(x->total) < nz(y->total) ? 1 : -1;
	return strcmp(x->name, y->name);
}

static int cmp_waste(const void *a, const void *b)
{
	const struct cache *x = *(const struct cache *const *)a, *y = *(const struct cache *const *)b;
	if (nz(x->waste) != nz(y->waste))
		return nz(x->waste) < nz(y->waste) ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* A cache's line as slabinfo prints it (the values of that line, for evidence). */
static void cache_line_text(char *buf, size_t n, const struct cache *c)
{
	int w = snprintf(buf, n, "%-17s %6" PRId64 " %6" PRId64 " %6" PRId64 " %4" PRId64 " %4" PRId64
		 " : tunables %4" PRId64 " %4" PRId64 " %4" PRId64 " : slabdata %6" PRId64 " %6" PRId64 " %6" PRId64,
		 c->name, nz(c->active_objs), nz(c->num_objs), nz(c->objsize), nz(c->objperslab), nz(c->pagesperslab),
		 nz(c->limit), nz(c->batchcount), nz(c->sharedfactor), nz(c->active_slabs), nz(c->num_slabs),
		 nz(c->sharedavail));
	if (w < 0 || (size_t)w >= n)
		buf[n - 1] = '\0';	/* cut: the evidence keeps its start */
}

static void cache_row(struct mw_node *t, const struct snap *s, const struct cache *c)
{
	struct mw_row *r = mw_row_add(t);
	const struct section *x = sec_find(s, "slabinfo");
	mw_cell_str(r, 0, c->name);
	if (c->total != MW_UNKNOWN)
		mw_cell_int(r, 1, c->total);
	if (c->active != MW_UNKNOWN)
		mw_cell_int(r, 2, c->active);
	if (c->waste != MW_UNKNOWN) {
		mw_cell_int(r, 3, c->waste);
		if (c->total > 0)
			mw_cell_double(r, 4, pct((double)c->waste, (double)c->total));
	}
	if (c->objsize != MW_UNKNOWN)
		mw_cell_int(r, 5, c->objsize);
	if (c->active_objs != MW_UNKNOWN)
		mw_cell_int(r, 6, c->active_objs);
	if (c->num_objs != MW_UNKNOWN)
		mw_cell_int(r, 7, c->num_objs);
	if (c->pagesperslab != MW_UNKNOWN)
		mw_cell_int(r, 8, c->pagesperslab);
	mw_row_source(r, x ? x->input : NULL, c->line != MW_UNKNOWN ? (uint64_t)c->line : 0);
}

static const struct cache *cache_find(const struct snap *s, const char *name)
{
	for (size_t i = 0; i < s->n_caches; i++)
		if (strcmp(s->caches[i].name, name) == 0)
			return &s->caches[i];
	return NULL;
}

static void evidence_cache(struct mw_node *f, const struct snap *s, const struct cache *c)
{
	char line[256];
	const struct section *x = sec_find(s, "slabinfo");
	if (!c)
		return;
	cache_line_text(line, sizeof(line), c);
	mw_evidence_line(f, x ? x->input : NULL, c->line != MW_UNKNOWN ? (uint64_t)c->line : 0, line, strlen(line));
}

static void evidence_kv(struct mw_node *f, const struct snap *s, const char *source, const char *name)
{
	const struct kv *k = kv_find(s, source, name);
	const struct section *x = sec_find(s, source);
	char line[128];
	if (!k)
		return;
	if (strcmp(source, "meminfo") == 0)
		snprintf(line, sizeof(line), "%s:%*s%8" PRId64 "%s", name, (int)(strlen(name) < 15 ? 15 - strlen(name) : 0), "",
			 k->value, strncmp(name, "HugePages_", 10) == 0 ? "" : " kB");
	else
		snprintf(line, sizeof(line), "%s %" PRId64, name, k->value);
	mw_evidence_line(f, x ? x->input : NULL, k->line != MW_UNKNOWN ? (uint64_t)k->line : 0, line, strlen(line));
}

/* ---- zones ---- */

static bool is_highmem(const char *zone)
{
	return strcmp(zone, "HighMem") == 0 || strcmp(zone, "Movable") == 0 || strcmp(zone, "Device") == 0;
}

/*
 * Whether an order-k request can be served in the zone right now: a free
 * block of order >= k exists and taking 2^k pages leaves the zone above
 * its min watermark (__zone_watermark_ok() without the reserves of
 * higher zones). -1: nothing can be served, -2: no buddy counts.
 */
static void compute_zone(struct zinfo *z)
{
	if (!z->have_buddy) {
		z->max_order_now = -2;
		return;
	}
	mw_frag_compute(z->counts, z->n_orders, &z->frag);
	z->max_order_now = -1;
	for (unsigned k = 0; k < z->frag.n_orders; k++) {
		bool above = z->min == MW_UNKNOWN || z->free == MW_UNKNOWN ||
			     z->free - ((int64_t)1 << k) >= z->min;
		if (z->frag.suitable[k] > 0 && above)
			z->max_order_now = (int)k;
	}
}

static const struct mw_column watermark_cols[] = {
	{ "node", "Node", MW_UNIT_NONE, MW_VAL_INT, 0, "NUMA node" },
	{ "zone", "Zone", MW_UNIT_NONE, MW_VAL_STR, 0, "zone name" },
	{ "free_pages", "Free", MW_UNIT_COUNT, MW_VAL_INT, 0, "pages free (zoneinfo)" },
	{ "min_pages", "Min", MW_UNIT_COUNT, MW_VAL_INT, 0, "min watermark (pages): below it only atomic and reclaim allocations" },
	{ "low_pages", "Low", MW_UNIT_COUNT, MW_VAL_INT, 0, "low watermark (pages): kswapd wakes below it" },
	{ "high_pages", "High", MW_UNIT_COUNT, MW_VAL_INT, 0, "high watermark (pages): kswapd sleeps above it" },
	{ "boost_pages", "Boost", MW_UNIT_COUNT, MW_VAL_INT, 0, "temporary watermark boost after fragmentation (pages)" },
	{ "reserve_pages", "Reserve", MW_UNIT_COUNT, MW_VAL_INT, 0,
	  "largest lowmem_reserve (protection, pages) kept from allocations that could use a higher zone" },
	{ "managed_pages", "Managed", MW_UNIT_COUNT, MW_VAL_INT, 0, "pages the allocator manages" },
	{ "pcp_pages", "Per-CPU", MW_UNIT_COUNT, MW_VAL_INT, 0, "free pages on the per-CPU lists (not in Free)" },
	{ "state", "State", MW_UNIT_NONE, MW_VAL_STR, 0, "where free stands against the watermarks" },
};

static const struct mw_column order_cols[] = {
	{ "order", "Order", MW_UNIT_NONE, MW_VAL_INT, 0, "buddy order k: blocks of 2^k pages" },
	{ "block_bytes", "Block", MW_UNIT_BYTES, MW_VAL_INT, 0, "2^k x PAGE_SIZE" },
	{ "free_blocks", "Free blocks", MW_UNIT_COUNT, MW_VAL_INT, 0, "free blocks of this order" },
	{ "unusable_index", "Unusable", MW_UNIT_RATIO, MW_VAL_DOUBLE, 0,
	  "share of free memory in blocks too small for this order (debugfs extfrag/unusable_index)" },
	{ "extfrag_index", "Extfrag", MW_UNIT_RATIO, MW_VAL_DOUBLE, 0,
	  "-1: would succeed; towards 0 lack of memory, towards 1 fragmentation (extfrag/extfrag_index)" },
	{ "served_now", "Served now", MW_UNIT_NONE, MW_VAL_BOOL, 0,
	  "a free block this large exists and the zone stays above min after taking it" },
};

static const struct mw_column type_cols[] = {
	{ "type", "Migrate type", MW_UNIT_NONE, MW_VAL_STR, 0, "as pagetypeinfo names it" },
	{ "type_free_pages", "Free pages", MW_UNIT_PAGES, MW_VAL_INT, 0, "sum of free blocks x 2^order of this type" },
	{ "pageblocks", "Pageblocks", MW_UNIT_COUNT, MW_VAL_INT, 0, "pageblocks of this type" },
	{ "pageblocks_pct", "% of blocks", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of the zone's pageblocks" },
};

static const char *zone_state(const struct zinfo *z)
{
	if (!z->have_zone || z->free == MW_UNKNOWN || z->min == MW_UNKNOWN)
		return "unknown";
	if (!z->populated || (z->managed != MW_UNKNOWN && z->managed == 0))
		return "empty zone";
	if (z->free < z->min)
		return "below min";
	if (z->low != MW_UNKNOWN && z->free < z->low)
		return "below low";
	if (z->high != MW_UNKNOWN && z->free < z->high)
		return "below high";
	return "ok";
}

/* ---- the document ---- */

struct ctx {
	struct mw_store *st;
	const struct mw_report_opts *o;
	struct snap *s;
	struct mw_node *item;
	struct page_size ps;
	struct breakdown b;
	struct slabsum ss;
	unsigned top;
};

static struct mw_node *fig_kb(struct ctx *c, struct mw_node *sec, const char *key, const char *label, const char *name)
{
	struct mw_source src = kv_src(c->s, "meminfo", name);
	int64_t v = mi(c->s, name);
	if (v == MW_UNKNOWN)
		return mw_fig_null(sec, key, label, MW_UNIT_KB, "not in this meminfo");
	return figi(sec, key, label, v, MW_UNIT_KB, MW_CONF_EXACT, &src, NULL);
}

static void add_breakdown(struct ctx *c)
{
	struct breakdown *b = &c->b;
	struct mw_node *sec, *t;
	char how[512];

	if (!sec_find(c->s, "meminfo")) {
		/* the keys every snapshot has, for tools; nothing to show people */
		mw_node_set_flags(mw_fig_null(c->item, "memtotal_kb", "MemTotal", MW_UNIT_KB, "no meminfo in this snapshot"),
				  MW_F_JSON_ONLY);
		mw_node_set_flags(mw_fig_null(c->item, "unaccounted_bytes", "Unaccounted", MW_UNIT_BYTES,
					      "no meminfo in this snapshot"), MW_F_JSON_ONLY);
		return;
	}
	sec = mw_section(c->item, NULL, "Where the memory is (meminfo)");
	mw_node_set_flags(fig_kb(c, sec, "memtotal_kb", "MemTotal", "MemTotal"), MW_F_KEY);
	fig_kb(c, sec, "memfree_kb", "MemFree", "MemFree");
	mw_node_set_flags(fig_kb(c, sec, "memavailable_kb", "MemAvailable", "MemAvailable"), MW_F_KEY);
	if (!b->have) {
		mw_fig_null(sec, "unaccounted_bytes", "Unaccounted", MW_UNIT_BYTES,
			    sec_find(c->s, "meminfo") ? "this meminfo has no MemTotal" : "no meminfo in this snapshot");
		mw_fig_null(sec, "unaccounted_pct", "Unaccounted, % of MemTotal", MW_UNIT_PCT, NULL);
		return;
	}
	mw_node_set_flags(figi(sec, "user_space_bytes", "User space (anonymous + shared memory)", b->user_kb * 1024,
				     MW_UNIT_BYTES, MW_CONF_DERIVED, NULL, "AnonPages + Shmem"), MW_F_KEY);
	mw_fig_double(sec, "user_space_pct", "User space, % of MemTotal", pct(b->user_kb, b->total_kb), MW_UNIT_PCT,
		      MW_CONF_DERIVED, NULL, NULL);
	mw_node_set_flags(figi(sec, "page_cache_bytes", "Page cache (files, buffers, swap cache)", b->cache_kb * 1024,
				     MW_UNIT_BYTES, MW_CONF_DERIVED, NULL, "Cached - Shmem + Buffers + SwapCached"), MW_F_KEY);
	mw_fig_double(sec, "page_cache_pct", "Page cache, % of MemTotal", pct(b->cache_kb, b->total_kb), MW_UNIT_PCT,
		      MW_CONF_DERIVED, NULL, NULL);
	mw_node_set_flags(figi(sec, "kernel_bytes", "Kernel (slab, page tables, stacks, vmalloc, percpu, huge pages)",
				     b->kernel_kb * 1024, MW_UNIT_BYTES, b->estimated ? MW_CONF_ESTIMATED : MW_CONF_DERIVED, NULL,
				     "the kernel rows of the table below"), MW_F_KEY);
	mw_fig_double(sec, "kernel_pct", "Kernel, % of MemTotal", pct(b->kernel_kb, b->total_kb), MW_UNIT_PCT,
		      MW_CONF_DERIVED, NULL, NULL);
	figi(sec, "free_bytes", "Free", b->free_kb * 1024, MW_UNIT_BYTES, MW_CONF_EXACT, NULL, "MemFree");
	if (b->pcp_kb)
		figi(sec, "pcp_free_bytes", "Free on the per-CPU lists (not in MemFree)", b->pcp_kb * 1024, MW_UNIT_BYTES,
			   MW_CONF_DERIVED, NULL, "sum of the pagesets' count in zoneinfo x PAGE_SIZE");
	snprintf(how, sizeof(how), "MemTotal minus every category above%s%s", b->missing[0] ? "; not reported by this kernel: " : "",
		 b->missing);
	mw_node_set_flags(figi(sec, "unaccounted_bytes", "Unaccounted (no counter names it)", b->unaccounted_kb * 1024,
				     MW_UNIT_BYTES, b->estimated || b->missing[0] ? MW_CONF_ESTIMATED : MW_CONF_DERIVED, NULL, how),
			  MW_F_KEY);
	mw_node_set_flags(mw_fig_double(sec, "unaccounted_pct", "Unaccounted, % of MemTotal",
					pct(b->unaccounted_kb, b->total_kb), MW_UNIT_PCT, MW_CONF_DERIVED, NULL, NULL),
			  MW_F_KEY);

	t = mw_table(sec, "breakdown", "MemTotal, category by category", breakdown_cols, MW_ARRAY_SIZE(breakdown_cols));
	for (size_t i = 0; i < b->n; i++) {
		struct mw_row *r = mw_row_add(t);
		const struct kv *k = strchr(b->rows[i].fields, ' ') ? NULL : kv_find(c->s, "meminfo", b->rows[i].fields);
		const struct section *x = sec_find(c->s, "meminfo");
		mw_cell_str(r, 0, b->rows[i].category);
		mw_cell_str(r, 1, b->rows[i].group);
		mw_cell_int(r, 2, b->rows[i].kb * 1024);
		mw_cell_double(r, 3, pct((double)b->rows[i].kb, (double)b->total_kb));
		mw_cell_str(r, 4, b->rows[i].fields);
		mw_cell_str(r, 5, mw_confidence_name(b->rows[i].conf));
		if (k && x)
			mw_row_source(r, x->input, k->line != MW_UNKNOWN ? (uint64_t)k->line : 0);
	}
	{
		struct mw_row *r = mw_row_add(t);
		struct mw_source src = kv_src(c->s, "meminfo", "MemTotal");
		mw_cell_str(r, 0, "MemTotal");
		mw_cell_str(r, 1, "total");
		mw_cell_int(r, 2, b->total_kb * 1024);
		mw_cell_double(r, 3, 100.0);
		mw_cell_str(r, 4, "MemTotal");
		mw_cell_str(r, 5, "exact");
		mw_row_source(r, src.file, src.line);
	}
	if (b->vmalloc_note[0])
		mw_text(sec, "%s.", b->vmalloc_note);
	if (b->missing[0])
		mw_text(sec, "This kernel does not report %s: that memory is counted in 'unaccounted'.", b->missing);
	if (b->unaccounted_kb < 0)
		mw_text(sec, "Unaccounted is negative: some categories overlap here (swap cache pages still mapped are "
			     "also anonymous memory; vmalloc can hold kernel stacks).");
}

static void add_slab(struct ctx *c)
{
	struct slabsum *ss = &c->ss;
	struct snap *s = c->s;
	struct mw_node *sec, *t;
	const struct mw_fact *ver = fact_find(s, "slabinfo_version");
	const struct section *x = sec_find(s, "slabinfo");
	struct mw_source src = { x ? x->input : NULL, x && x->first != MW_UNKNOWN ? (uint64_t)x->first : 0 };
	int64_t memtotal = mi(s, "MemTotal"), slab_kb = mi(s, "Slab");
	enum mw_confidence wconf;
	char how[512], a[32];
	const struct cache **v;
	size_t n = 0;

	if (!ss->have) {
		const char *why = x ? "slabinfo of an unknown version: its lines were skipped" : "no slabinfo in this snapshot";
		mw_node_set_flags(mw_fig_null(c->item, "slab_total_bytes", "Slab, total", MW_UNIT_BYTES, why), MW_F_JSON_ONLY);
		mw_node_set_flags(mw_fig_null(c->item, "slab_active_bytes", "Slab, in use", MW_UNIT_BYTES, why), MW_F_JSON_ONLY);
		mw_node_set_flags(mw_fig_null(c->item, "slab_waste_bytes", "Slab, waste", MW_UNIT_BYTES, why), MW_F_JSON_ONLY);
		if (x) {
			sec = mw_section(c->item, NULL, "Slab (slabinfo)");
			mw_text(sec, "The slabinfo of this snapshot could not be read (%s).", why);
		} else if (slab_kb != MW_UNKNOWN) {
			fmt_bytes(a, sizeof(a), (double)slab_kb * 1024);
			mw_text(c->item, "meminfo says the slab holds %s; a capture of /proc/slabinfo (root only) would show "
					 "which caches.", a);
		}
		return;
	}
	sec = mw_section(c->item, NULL, "Slab (slabinfo)");
	if (ver && ver->text)
		mw_fig_str(sec, "slabinfo_version", "slabinfo version", ver->text, &src);
	mw_fig_str(sec, "slab_allocator", "Allocator", ss->slub ? "SLUB" : "SLAB", NULL);
	figi(sec, "slab_caches", "Caches", ss->caches, MW_UNIT_COUNT, MW_CONF_EXACT, &src, NULL);
	snprintf(how, sizeof(how), "sum of num_slabs x pagesperslab x PAGE_SIZE (%" PRId64 " bytes, %s)", c->ps.bytes,
		 mw_confidence_name(c->ps.conf));
	mw_node_set_flags(figi(sec, "slab_total_bytes", "Slab, total", ss->total, MW_UNIT_BYTES,
				     c->ps.conf == MW_CONF_ESTIMATED ? MW_CONF_ESTIMATED : MW_CONF_DERIVED, &src, how),
			  MW_F_KEY);
	figi(sec, "slab_active_bytes", "Slab, in use (active objects x object size)", ss->active, MW_UNIT_BYTES,
		   MW_CONF_DERIVED, &src, "sum of active_objs x objsize");
	wconf = ss->slub ? MW_CONF_LOWER_BOUND : MW_CONF_DERIVED;
	mw_node_set_flags(figi(sec, "slab_waste_bytes", "Slab, waste (total - in use)", ss->waste, MW_UNIT_BYTES, wconf,
				     &src, ss->slub ? "a lower bound on SLUB: see below" : "total - in use"),
			  MW_F_KEY);
	mw_fig_double(sec, "slab_waste_pct", "Slab waste, % of the slab", pct((double)ss->waste, (double)ss->total),
		      MW_UNIT_PCT, wconf, NULL, NULL);
	if (memtotal > 0)
		mw_fig_double(sec, "slab_total_pct", "Slab, % of MemTotal", pct((double)ss->total, (double)memtotal * 1024),
			      MW_UNIT_PCT, MW_CONF_DERIVED, NULL, NULL);
	if (slab_kb != MW_UNKNOWN) {
		struct mw_source ms = kv_src(s, "meminfo", "Slab");
		figi(sec, "meminfo_slab_bytes", "Slab according to meminfo", slab_kb * 1024, MW_UNIT_BYTES,
			   MW_CONF_EXACT, &ms, NULL);
		figi(sec, "slab_unlisted_bytes", "meminfo Slab minus the caches slabinfo lists",
			   slab_kb * 1024 - ss->total, MW_UNIT_BYTES, MW_CONF_ESTIMATED, NULL,
			   "the files are read moments apart; kmalloc caches of memory cgroups and caches that are not "
			   "listed make up the rest");
	}
	if (ss->unknown_size)
		mw_text(sec, "%" PRId64 " caches print no object size or pages per slab (slabinfo 1.0): their memory is not in the totals.",
			ss->unknown_size);

	/* the paper's table */
	t = mw_table(sec, "slab_summary", "Slabs total, slabs active, waste, share of memory (Kleen 3.7)", paper_cols,
		     MW_ARRAY_SIZE(paper_cols));
	{
		struct mw_row *r = mw_row_add(t);
		mw_cell_int(r, 0, ss->total);
		mw_cell_int(r, 1, ss->active);
		mw_cell_double(r, 2, pct((double)ss->waste, (double)ss->total));
		if (memtotal > 0)
			mw_cell_double(r, 3, pct((double)ss->total, (double)memtotal * 1024));
	}
	if (ss->slub)
		mw_text(sec, "From a captured slabinfo on SLUB the waste is a lower bound: objsize is the padded object "
			     "(alignment and metadata already count as used), and SLUB counts every object of the per-CPU "
			     "slabs as active, free or not. The exact figures need /sys/kernel/slab/*/ (object_size, "
			     "slab_size, partial and cpu_slabs).");
	else
		mw_text(sec, "On SLAB, objects cached on the per-CPU and shared arrays count as active: the waste is "
			     "what sits in slabs no object uses.");

	/* top caches */
	v = mw_xcalloc(s->n_caches ? s->n_caches : 1, sizeof(*v));
	for (size_t i = 0; i < s->n_caches; i++)
		if (s->caches[i].total != MW_UNKNOWN)
			v[n++] = &s->caches[i];
	qsort(v, n, sizeof(*v), cmp_total);
	t = mw_table(sec, "slab_top_by_size", "Largest caches", cache_cols, MW_ARRAY_SIZE(cache_cols));
	for (size_t i = 0; i < n && i < c->top; i++)
		cache_row(t, s, v[i]);
	qsort(v, n, sizeof(*v), cmp_waste);
	t = mw_table(sec, "slab_top_by_waste", "Caches that waste the most", cache_cols, MW_ARRAY_SIZE(cache_cols));
	for (size_t i = 0; i < n && i < c->top && v[i]->waste > 0; i++)
		cache_row(t, s, v[i]);
	free(v);

	/* dentry and inode caches (Kleen 3.8), buffer heads, sysfs */
	mw_node_set_flags(figi(sec, "dcache_icache_bytes", "Dentry and inode caches (d/icache)", ss->dentry + ss->inode,
				     MW_UNIT_BYTES, MW_CONF_DERIVED, NULL,
				     "dentry plus every *inode_cache, *_inode_info and *_inode cache"), MW_F_KEY);
	if (memtotal > 0)
		mw_fig_double(sec, "dcache_icache_pct", "d/icache, % of MemTotal",
			      pct((double)(ss->dentry + ss->inode), (double)memtotal * 1024), MW_UNIT_PCT, MW_CONF_DERIVED, NULL,
			      NULL);
	figi(sec, "dentry_bytes", "Dentry cache", ss->dentry, MW_UNIT_BYTES, MW_CONF_DERIVED, NULL, NULL);
	figi(sec, "inode_caches_bytes", "Inode caches", ss->inode, MW_UNIT_BYTES, MW_CONF_DERIVED, NULL, NULL);
	figi(sec, "buffer_head_bytes", "buffer_head cache", ss->bh, MW_UNIT_BYTES, MW_CONF_DERIVED, NULL, NULL);
	figi(sec, "sysfs_kernfs_bytes", "sysfs/kernfs caches", ss->sysfs, MW_UNIT_BYTES, MW_CONF_DERIVED, NULL,
		   "sysfs_dir_cache (2.6) or kernfs_node_cache and kernfs_iattrs_cache (Kleen 3.11)");
	{
		const struct cache **d = mw_xcalloc(s->n_caches ? s->n_caches : 1, sizeof(*d));
		size_t nd = 0;
		for (size_t i = 0; i < s->n_caches; i++)
			if ((is_dentry(s->caches[i].name) || is_inode(s->caches[i].name)) && s->caches[i].total > 0)
				d[nd++] = &s->caches[i];
		qsort(d, nd, sizeof(*d), cmp_total);
		t = mw_table(sec, "dcache_icache", "Dentry and inode caches", dicache_cols, MW_ARRAY_SIZE(dicache_cols));
		for (size_t i = 0; i < nd && i < c->top; i++) {
			struct mw_row *r = mw_row_add(t);
			mw_cell_str(r, 0, d[i]->name);
			mw_cell_int(r, 1, d[i]->total);
			if (d[i]->active != MW_UNKNOWN)
				mw_cell_int(r, 2, d[i]->active);
			if (memtotal > 0)
				mw_cell_double(r, 3, round(mw_pct((double)d[i]->total, (double)memtotal * 1024) * 1000) / 1000);
			mw_row_source(r, x ? x->input : NULL, d[i]->line != MW_UNKNOWN ? (uint64_t)d[i]->line : 0);
		}
		free(d);
	}
}

/* The free blocks of every zone per order, for the HTML renderer's bars (text lists them briefly). */
static void add_chart(struct ctx *c)
{
	struct mw_node *ch = NULL;
	for (size_t i = 0; i < c->s->n_zones; i++) {
		const struct zinfo *z = &c->s->zones[i];
		char name[64];
		size_t si;
		if (!z->have_buddy || !z->frag.free_blocks)
			continue;
		if (!ch)
			ch = mw_chart(c->item, "free_blocks_chart", "Free blocks per order, per zone", MW_CHART_BARS,
				      MW_UNIT_COUNT, false);
		snprintf(name, sizeof(name), "node %" PRId64 " %s", z->node, z->zone);
		si = mw_chart_series_add(ch, name);
		for (unsigned k = 0; k < z->n_orders; k++) {
			char label[32];
			snprintf(label, sizeof(label), "order %u", k);
			mw_chart_point(ch, si, (double)k, (double)z->counts[k], label);
		}
	}
}

static void zone_item(struct ctx *c, struct mw_node *list, struct zinfo *z)
{
	char title[96], how[256];
	struct mw_node *it, *t;
	struct mw_source zsrc = sec_src(c->s, "zoneinfo", z->zone_line);
	struct mw_source bsrc = z->buddy_from_pt ? sec_src(c->s, "pagetypeinfo", z->pt_line)
						  : sec_src(c->s, "buddyinfo", z->buddy_line);
	int64_t ps = c->ps.bytes;

	snprintf(title, sizeof(title), "Node %" PRId64 ", zone %s", z->node, z->zone);
	it = mw_list_add(list, title);
	figi(it, "node", "Node", z->node, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL);
	mw_fig_str(it, "zone", "Zone", z->zone, NULL);
	if (z->have_zone) {
		figi(it, "managed_pages", "Managed", z->managed, MW_UNIT_PAGES, MW_CONF_EXACT, &zsrc, NULL);
		if (z->present != MW_UNKNOWN)
			mw_node_set_flags(figi(it, "present_pages", "Present", z->present, MW_UNIT_PAGES, MW_CONF_EXACT,
						     &zsrc, NULL), MW_F_DETAIL);
	}
	/*
	 * free_pages carries no provenance entry: tools collect every
	 * "free_pages" value of a document (corpus-check does), and a
	 * provenance object under that key would be one of them. How it is
	 * computed is in memwaste-reports(7); free_bytes says it here.
	 */
	if (z->have_buddy)
		figi(it, "free_pages", "Free pages", (int64_t)z->frag.free_pages, MW_UNIT_PAGES, MW_CONF_NONE, NULL, NULL);
	else if (z->have_zone && z->free != MW_UNKNOWN)
		figi(it, "free_pages", "Free pages", z->free, MW_UNIT_PAGES, MW_CONF_NONE, NULL, NULL);
	else
		mw_fig_null(it, "free_pages", "Free pages", MW_UNIT_PAGES, NULL);
	snprintf(how, sizeof(how), "%s x PAGE_SIZE",
		 z->have_buddy ? (z->buddy_from_pt ? "sum of free blocks x 2^order over every migrate type (pagetypeinfo)"
						   : "sum of free blocks x 2^order (buddyinfo)")
			       : "pages free (zoneinfo)");
	if (z->have_buddy)
		figi(it, "free_bytes", "Free", cmul((int64_t)z->frag.free_pages, ps), MW_UNIT_BYTES,
			   z->pt_capped ? MW_CONF_LOWER_BOUND : c->ps.conf == MW_CONF_ESTIMATED ? MW_CONF_ESTIMATED : MW_CONF_DERIVED,
			   &bsrc, how);
	else if (z->have_zone && z->free != MW_UNKNOWN)
		figi(it, "free_bytes", "Free", cmul(z->free, ps), MW_UNIT_BYTES,
			   c->ps.conf == MW_CONF_ESTIMATED ? MW_CONF_ESTIMATED : MW_CONF_DERIVED, &zsrc, how);
	if (z->have_zone) {
		mw_node_set_flags(figi(it, "min_pages", "Min watermark", z->min, MW_UNIT_PAGES, MW_CONF_EXACT, &zsrc, NULL),
				  MW_F_JSON_ONLY);
		mw_node_set_flags(figi(it, "low_pages", "Low watermark", z->low, MW_UNIT_PAGES, MW_CONF_EXACT, &zsrc, NULL),
				  MW_F_JSON_ONLY);
		mw_node_set_flags(figi(it, "high_pages", "High watermark", z->high, MW_UNIT_PAGES, MW_CONF_EXACT, &zsrc, NULL),
				  MW_F_JSON_ONLY);
		if (z->n_prot) {
			double prot[MW_MAX_ZONES];
			for (unsigned i = 0; i < z->n_prot; i++)
				prot[i] = (double)z->prot[i];
			mw_fig_array(it, "lowmem_reserve_pages", "lowmem_reserve (protection)", prot, z->n_prot, MW_UNIT_COUNT,
				     MW_CONF_EXACT, &zsrc, "pages kept from allocations that may use zone 0, 1, ... of the node");
		}
		if (z->pcp_count != MW_UNKNOWN)
			figi(it, "pcp_free_pages", "Free pages on the per-CPU lists", z->pcp_count, MW_UNIT_PAGES,
				   MW_CONF_DERIVED, &zsrc, "sum of the pagesets' count: free, but neither in MemFree nor in buddyinfo");
		mw_fig_str(it, "watermark_state", "Against the watermarks", zone_state(z), NULL);
	}
	if (!z->have_buddy) {
		mw_node_set_flags(mw_fig_null(it, "unusable_index", "Unusable free space index by order", MW_UNIT_RATIO,
					      "no buddyinfo or pagetypeinfo for this zone"), MW_F_JSON_ONLY);
		mw_node_set_flags(mw_fig_null(it, "extfrag_index", "External fragmentation index by order", MW_UNIT_RATIO,
					      "no buddyinfo or pagetypeinfo for this zone"), MW_F_JSON_ONLY);
		mw_text(it, "No buddyinfo or pagetypeinfo for this zone: fragmentation unknown.");
		return;
	}
	{
		double unus[MW_MAX_ORDERS], ext[MW_MAX_ORDERS], blocks[MW_MAX_ORDERS];
		for (unsigned k = 0; k < z->frag.n_orders; k++) {
			unus[k] = z->frag.unusable[k] / 1000.0;
			ext[k] = z->frag.extfrag[k] / 1000.0;
			blocks[k] = (double)z->counts[k];
		}
		/* arrays for tools; people read the table below */
		mw_node_set_flags(mw_fig_array(it, "free_blocks", "Free blocks by order", blocks, z->frag.n_orders, MW_UNIT_COUNT,
					       z->pt_capped ? MW_CONF_LOWER_BOUND : MW_CONF_EXACT, &bsrc, NULL),
				  MW_F_JSON_ONLY);
		mw_node_set_flags(mw_fig_array(it, "unusable_index", "Unusable free space index by order", unus,
					       z->frag.n_orders, MW_UNIT_RATIO, MW_CONF_DERIVED, NULL,
					       "(free pages - suitable blocks x 2^order) / free pages, as debugfs "
					       "extfrag/unusable_index"),
				  MW_F_JSON_ONLY);
		mw_node_set_flags(mw_fig_array(it, "extfrag_index", "External fragmentation index by order", ext,
					       z->frag.n_orders, MW_UNIT_RATIO, MW_CONF_DERIVED, NULL,
					       "-1 would succeed; else 1 - (1 + free pages / 2^order) / free blocks, as "
					       "debugfs extfrag/extfrag_index"),
				  MW_F_JSON_ONLY);
		figi(it, "largest_free_order", "Largest free block (order)", z->frag.largest_order, MW_UNIT_NONE,
			   MW_CONF_DERIVED, &bsrc, NULL);
		if (z->max_order_now >= -1)
			figi(it, "largest_order_served_now", "Largest order an allocation gets now", z->max_order_now,
				   MW_UNIT_NONE, MW_CONF_DERIVED, NULL,
				   z->have_zone ? "a block of that order exists and the zone stays above min after taking it"
						: "a block of that order exists (no zoneinfo: watermarks not checked)");
	}
	t = mw_table(it, "orders", "By order", order_cols, MW_ARRAY_SIZE(order_cols));
	for (unsigned k = 0; k < z->frag.n_orders; k++) {
		struct mw_row *r = mw_row_add(t);
		mw_cell_int(r, 0, k);
		mw_cell_int(r, 1, ps << k);
		mw_cell_int(r, 2, (int64_t)z->counts[k]);
		mw_cell_double(r, 3, z->frag.unusable[k] / 1000.0);
		mw_cell_double(r, 4, z->frag.extfrag[k] / 1000.0);
		mw_cell_bool(r, 5, (int)k <= z->max_order_now);
	}
	if (z->n_types) {
		int64_t blocks = 0;
		for (unsigned i = 0; i < z->n_types; i++)
			blocks += nz(z->types[i].blocks);
		t = mw_table(it, "migrate_types", "By migrate type (pagetypeinfo)", type_cols, MW_ARRAY_SIZE(type_cols));
		for (unsigned i = 0; i < z->n_types; i++) {
			struct mw_row *r = mw_row_add(t);
			mw_cell_str(r, 0, z->types[i].name);
			mw_cell_int(r, 1, (int64_t)z->types[i].free_pages);
			if (z->types[i].blocks != MW_UNKNOWN) {
				mw_cell_int(r, 2, z->types[i].blocks);
				if (blocks > 0)
					mw_cell_double(r, 3, pct((double)z->types[i].blocks, (double)blocks));
			}
		}
		if (z->pt_capped)
			mw_text(it, "Some pagetypeinfo counts were capped (printed >100000): these free figures are lower bounds.");
	}
}

/* min_free_kbytes from the zones' min watermarks, against the kernel's formulas (kernel-formats.md 12). */
static void add_min_free(struct ctx *c, struct mw_node *sec)
{
	struct snap *s = c->s;
	int64_t min_pages = 0, lowmem_pages = 0, lowmem_free_pages = 0, page_kb = c->ps.bytes / 1024;
	unsigned nr_zones = 0, n_low = 0;
	int64_t derived, formula, formula_now, thp = MW_UNKNOWN, pb = s->pageblock_order, pages;
	char how[512], a[32], bb[32], cc[32];
	bool custom;

	for (size_t i = 0; i < s->n_zones; i++) {
		const struct zinfo *z = &s->zones[i];
		if (!z->have_zone || is_highmem(z->zone) || z->min == MW_UNKNOWN)
			continue;
		if (!z->populated || z->managed == 0)
			continue;
		min_pages += z->min;
		n_low++;
		/* managed pages since ~3.8, present pages before */
		pages = z->managed != MW_UNKNOWN ? z->managed : z->present;
		if (pages != MW_UNKNOWN) {
			lowmem_pages += pages;
			lowmem_free_pages += pages > nz(z->high) ? pages - nz(z->high) : 0;
			nr_zones++;
		}
	}
	if (!n_low || !lowmem_pages || page_kb <= 0)
		return;
	derived = min_pages * page_kb;
	/*
	 * At boot the high watermarks are still 0, so nr_free_buffer_pages() is
	 * the whole lowmem; a later recalculation (memory hotplug) subtracts
	 * them. Either is the kernel's own value.
	 */
	formula = mw_min_free_kbytes_formula(lowmem_pages * page_kb, 262144);
	formula_now = mw_min_free_kbytes_formula(lowmem_free_pages * page_kb, 262144);
	/* transparent huge pages came in 2.6.38: a zoneinfo with "managed" (3.8+) or a pageblock order tells a recent kernel */
	for (size_t i = 0; i < s->n_zones && pb == MW_UNKNOWN; i++)
		if (s->zones[i].managed != MW_UNKNOWN && c->ps.bytes == 4096)
			pb = 9;	/* x86 and arm64 4K: pageblocks of 2 MiB */
	if (pb != MW_UNKNOWN && pb >= 0 && pb < 20)
		thp = mw_min_free_kbytes_thp(nr_zones, (int64_t)1 << pb, lowmem_free_pages, (int)page_kb);
	figi(sec, "min_free_kbytes", "min_free_kbytes (from the zones' min watermarks)", derived, MW_UNIT_KB,
		   c->ps.conf == MW_CONF_ESTIMATED ? MW_CONF_ESTIMATED : MW_CONF_DERIVED, NULL,
		   "sum of the min watermarks of the lowmem zones x PAGE_SIZE (each zone's share is rounded down)");
	figi(sec, "min_free_kbytes_formula", "min_free_kbytes the kernel computes for this lowmem", formula, MW_UNIT_KB,
	     MW_CONF_DERIVED, NULL, "int_sqrt(lowmem kB x 16), lowmem = managed (or present) pages of the lowmem zones");
	if (thp != MW_UNKNOWN)
		figi(sec, "min_free_kbytes_thp", "min_free_kbytes khugepaged sets with transparent huge pages", thp,
			   MW_UNIT_KB, MW_CONF_DERIVED, NULL,
			   "pageblock x zones x 11 pages, at most 5% of lowmem (set_recommended_min_free_kbytes)");
	/* the zones' mins are rounded down, one page per zone at most */
	custom = llabs(derived - formula) > (int64_t)(n_low + 1) * page_kb &&
		 llabs(derived - formula_now) > (int64_t)(n_low + 1) * page_kb &&
		 (thp == MW_UNKNOWN || llabs(derived - thp) > (int64_t)(n_low + 1) * page_kb) && formula < 262144 &&
		 formula > 128;
	fmt_bytes(a, sizeof(a), (double)derived * 1024);
	fmt_bytes(bb, sizeof(bb), (double)formula * 1024);
	if (thp != MW_UNKNOWN)
		fmt_bytes(cc, sizeof(cc), (double)thp * 1024);
	if (custom) {
		snprintf(how, sizeof(how),
			 "The zones' min watermarks add up to min_free_kbytes = %" PRId64 " kB (%s); the kernel would set "
			 "%" PRId64 " kB (%s) for this lowmem%s%s%s.",
			 derived, a, formula, bb, thp != MW_UNKNOWN ? ", or " : "", thp != MW_UNKNOWN ? cc : "",
			 thp != MW_UNKNOWN ? " with transparent huge pages" : "");
		mw_finding(sec, "min-free-kbytes-custom", MW_LEVEL_INFO, "min_free_kbytes was set by hand", how,
			       derived > formula ? "A larger reserve keeps atomic and high-order allocations working under "
						   "pressure, at the price of memory nobody else can use."
						 : "A smaller reserve than the kernel's default leaves less room for "
						   "atomic allocations (network receive, interrupts) under pressure.",
			       "Check vm.min_free_kbytes (sysctl, tuned profiles) and keep it only if it was set on purpose.");
	}
	if (derived * 1024 > (int64_t)(lowmem_pages * c->ps.bytes / 20) && derived > 65536) {
		snprintf(how, sizeof(how), "min_free_kbytes is %s, more than 5%% of lowmem.", a);
		mw_finding(sec, "min-free-kbytes-high", MW_LEVEL_NOTICE, "A large share of memory is kept free by the watermarks",
			   how, "Pages below the min watermark serve only atomic allocations and reclaim; kswapd keeps "
				"free memory above high, about 1.5 times min and more.",
			   "Lower vm.min_free_kbytes unless atomic allocation failures made someone raise it.");
	}
}

static void add_zones(struct ctx *c)
{
	struct snap *s = c->s;
	struct mw_node *sec, *t, *list;
	bool any_zone = false, any_buddy = false;

	for (size_t i = 0; i < s->n_zones; i++) {
		compute_zone(&s->zones[i]);
		any_zone |= s->zones[i].have_zone;
		any_buddy |= s->zones[i].have_buddy;
	}
	if (!s->n_zones)
		return;
	sec = mw_section(c->item, NULL, "Zones: watermarks and fragmentation (zoneinfo, buddyinfo, pagetypeinfo)");
	if (any_zone) {
		t = mw_table(sec, "watermarks", "Free pages against the watermarks (in pages)", watermark_cols, MW_ARRAY_SIZE(watermark_cols));
		for (size_t i = 0; i < s->n_zones; i++) {
			const struct zinfo *z = &s->zones[i];
			struct mw_row *r;
			int64_t reserve = 0;
			struct mw_source src = sec_src(s, "zoneinfo", z->zone_line);
			if (!z->have_zone)
				continue;
			r = mw_row_add(t);
			for (unsigned k = 0; k < z->n_prot; k++)
				reserve = MW_MAX(reserve, z->prot[k]);
			mw_cell_int(r, 0, z->node);
			mw_cell_str(r, 1, z->zone);
			if (z->free != MW_UNKNOWN)
				mw_cell_int(r, 2, z->free);
			if (z->min != MW_UNKNOWN)
				mw_cell_int(r, 3, z->min);
			if (z->low != MW_UNKNOWN)
				mw_cell_int(r, 4, z->low);
			if (z->high != MW_UNKNOWN)
				mw_cell_int(r, 5, z->high);
			if (z->boost != MW_UNKNOWN)
				mw_cell_int(r, 6, z->boost);
			if (z->n_prot)
				mw_cell_int(r, 7, reserve);
			if (z->managed != MW_UNKNOWN)
				mw_cell_int(r, 8, z->managed);
			if (z->pcp_count != MW_UNKNOWN)
				mw_cell_int(r, 9, z->pcp_count);
			mw_cell_str(r, 10, zone_state(z));
			mw_row_source(r, src.file, src.line);
		}
		add_min_free(c, sec);
	}
	if (any_buddy)
		add_chart(c);
	list = mw_list(sec, "zones", "Zones");
	for (size_t i = 0; i < s->n_zones; i++) {
		const struct zinfo *z = &s->zones[i];
		if (z->have_buddy || (z->have_zone && z->populated))
			zone_item(c, list, &s->zones[i]);
	}
}

static const struct mw_column vmstat_cols[] = {
	{ "counter", "Counter", MW_UNIT_NONE, MW_VAL_STR, 0, "vmstat name" },
	{ "value", "Since boot", MW_UNIT_COUNT, MW_VAL_INT, 0, "value as printed" },
	{ "meaning", "Meaning", MW_UNIT_NONE, MW_VAL_STR, 0, "what it counts" },
};

static const struct {
	const char *name, *meaning;
} pressure_counters[] = {
	{ "allocstall", "direct reclaims (allocations that had to free memory themselves)" },
	{ "allocstall_normal", "direct reclaims for Normal-zone allocations" },
	{ "allocstall_movable", "direct reclaims for movable allocations" },
	{ "pgscan_kswapd", "pages scanned by kswapd" },
	{ "pgscan_direct", "pages scanned in direct reclaim" },
	{ "pgsteal_kswapd", "pages reclaimed by kswapd" },
	{ "pgsteal_direct", "pages reclaimed in direct reclaim" },
	{ "slabs_scanned", "slab objects scanned by the shrinkers" },
	{ "pginodesteal", "inodes freed with their page cache" },
	{ "compact_stall", "direct compactions (high-order allocations that had to compact)" },
	{ "compact_fail", "direct compactions that failed" },
	{ "compact_success", "direct compactions that succeeded" },
	{ "thp_fault_fallback", "huge page faults that fell back to small pages" },
	{ "pgmajfault", "major page faults (read from disk)" },
	{ "workingset_refault_file", "evicted file pages read back soon after" },
	{ "workingset_refault", "evicted pages read back soon after" },
	{ "oom_kill", "processes killed by the OOM killer" },
};

static void add_vmstat(struct ctx *c)
{
	struct snap *s = c->s;
	struct mw_node *sec, *t = NULL, *f;
	int64_t stall = vm(s, "compact_stall"), fail = vm(s, "compact_fail");
	char how[512];

	if (!sec_find(s, "vmstat"))
		return;
	sec = mw_section(c->item, NULL, "Memory pressure since boot (vmstat)");
	for (size_t i = 0; i < MW_ARRAY_SIZE(pressure_counters); i++) {
		const struct kv *k = kv_find(s, "vmstat", pressure_counters[i].name);
		const struct section *x = sec_find(s, "vmstat");
		struct mw_row *r;
		if (!k)
			continue;
		if (!t)
			t = mw_table(sec, "vmstat_pressure", "Reclaim, compaction and OOM counters", vmstat_cols,
				     MW_ARRAY_SIZE(vmstat_cols));
		r = mw_row_add(t);
		mw_cell_str(r, 0, k->name);
		mw_cell_int(r, 1, k->value);
		mw_cell_str(r, 2, pressure_counters[i].meaning);
		mw_row_source(r, x ? x->input : NULL, k->line != MW_UNKNOWN ? (uint64_t)k->line : 0);
	}
	if (stall != MW_UNKNOWN && fail != MW_UNKNOWN && stall >= 100 && (double)fail * 2 >= (double)stall) {
		snprintf(how, sizeof(how), "%" PRId64 " of %" PRId64 " direct compactions since boot failed (%.0f%%).", fail,
			 stall, mw_pct((double)fail, (double)stall));
		f = mw_finding(sec, "compaction-failing", MW_LEVEL_NOTICE, "Memory compaction keeps failing", how,
			       "High-order allocations stall in compaction and then fail or fall back: "
			       "memory is fragmented by pages that cannot move.",
			       "Look at the unmovable pageblocks in pagetypeinfo and at callers that need contiguous "
			       "memory (jumbo frames, some drivers); see the zone findings for what is free now.");
		evidence_kv(f, s, "vmstat", "compact_stall");
		evidence_kv(f, s, "vmstat", "compact_fail");
	}
}

/* ---- findings over the whole snapshot ---- */

static void findings(struct ctx *c)
{
	struct snap *s = c->s;
	struct breakdown *b = &c->b;
	struct slabsum *ss = &c->ss;
	int64_t memtotal = mi(s, "MemTotal"), sunr = mi(s, "SUnreclaim"), pt = mi(s, "PageTables");
	int64_t lowtotal = mi(s, "LowTotal"), memfree = mi(s, "MemFree");
	double total = memtotal > 0 ? (double)memtotal * 1024 : NAN;
	struct mw_node *f;
	char saw[768], a[32], bb[32], cc[32];

	/* unaccounted */
	if (b->have && b->unaccounted_kb * 1024 >= 256 * MiB && b->unaccounted_kb * 10 >= b->total_kb) {
		int64_t pcp = 0;
		bool have_pcp = false;
		for (size_t i = 0; i < s->n_zones; i++)
			if (s->zones[i].pcp_count != MW_UNKNOWN)
				pcp += s->zones[i].pcp_count, have_pcp = true;
		fmt_bytes(a, sizeof(a), (double)b->unaccounted_kb * 1024);
		fmt_bytes(bb, sizeof(bb), (double)pcp * (double)c->ps.bytes);
		snprintf(saw, sizeof(saw), "%s (%.1f%% of MemTotal) is held by no category meminfo reports%s%s%s.", a,
			 mw_pct((double)b->unaccounted_kb, (double)b->total_kb), have_pcp ? "; the per-CPU free lists hold " : "",
			 have_pcp ? bb : "", have_pcp ? " of it" : "");
		f = mw_finding(c->item, "unaccounted-high",
			       b->unaccounted_kb * 5 >= b->total_kb ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
			       "Much memory is not accounted for", saw,
			       "Pages that drivers take straight from the page allocator (graphics, network buffers, "
			       "DMA, RDMA, balloon and virtio drivers) appear in no meminfo counter; a leak there "
			       "grows this figure.",
			       "Compare captures over time: if it grows, look at the drivers (page_owner, or "
			       "/proc/vmallocinfo and the driver's own statistics) and at memory cgroup kernel usage.");
		evidence_kv(f, s, "meminfo", "MemTotal");
		evidence_kv(f, s, "meminfo", "MemFree");
	}
	/* unreclaimable slab: the kernel ate it */
	if (sunr != MW_UNKNOWN && memtotal > 0 && sunr * 10 >= memtotal && sunr * 1024 >= 128 * MiB) {
		fmt_bytes(a, sizeof(a), (double)sunr * 1024);
		snprintf(saw, sizeof(saw), "Unreclaimable slab holds %s (%.1f%% of MemTotal).", a,
			 mw_pct((double)sunr, (double)memtotal));
		f = mw_finding(c->item, "slab-unreclaimable-high", sunr * 5 >= memtotal ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
			       "The kernel holds much memory it cannot give back", saw,
			       "\"Either the kernel ate it, or userspace ate it\" (Can you handle the pressure, 7.2): "
			       "reclaim cannot shrink caches without a shrinker, and most have none.",
			       "Find the cache in the largest-caches table and follow it over time with the paper's "
			       "logging loop (date; cat /proc/meminfo; cat /proc/slabinfo every 10 seconds).");
		evidence_kv(f, s, "meminfo", "SUnreclaim");
	}
	/* slab waste (Kleen 4.2) */
	if (ss->have && ss->total > 0 && ss->waste >= 64 * MiB && ss->waste * 4 >= ss->total) {
		const struct cache *worst = NULL;
		for (size_t i = 0; i < s->n_caches; i++)
			if (s->caches[i].waste != MW_UNKNOWN && (!worst || s->caches[i].waste > worst->waste))
				worst = &s->caches[i];
		fmt_bytes(a, sizeof(a), (double)ss->waste);
		fmt_bytes(bb, sizeof(bb), (double)ss->total);
		snprintf(saw, sizeof(saw), "%s%s of the %s in slabs holds no object (%.1f%%)%s%s.", ss->slub ? "At least " : "",
			 a, bb, mw_pct((double)ss->waste, (double)ss->total), worst ? "; most in " : "", worst ? worst->name : "");
		f = mw_finding(c->item, "slab-waste-high", MW_LEVEL_NOTICE, "A large share of the slab is waste", saw,
			       "Free objects pin whole slabs: a slab goes back to the page allocator only when every object "
			       "in it is free (Kleen 4.2-4.3); kmalloc's power-of-two sizes add rounding on top.",
			       "If the waste is in a reclaimable cache, it shrinks under pressure; a one-time "
			       "'echo 2 > /proc/sys/vm/drop_caches' shows how much comes back. Persistent waste in "
			       "kmalloc caches points at allocation sizes just above a power of two.");
		evidence_cache(f, s, worst);
	}
	/* dentry and inode caches (Kleen 3.8) */
	if (ss->have && total > 0 && (double)(ss->dentry + ss->inode) >= total * 0.10 && ss->dentry + ss->inode >= 256 * MiB) {
		fmt_bytes(a, sizeof(a), (double)(ss->dentry + ss->inode));
		snprintf(saw, sizeof(saw), "The dentry and inode caches take %s (%.1f%% of MemTotal).", a,
			 mw_pct((double)(ss->dentry + ss->inode), total));
		f = mw_finding(c->item, "dcache-icache-large", MW_LEVEL_NOTICE, "The dentry and inode caches are large", saw,
			       "Tools that walk the whole file system (find, updatedb, backups) fill them; they compete "
			       "with more useful data, and reclaim frees them slowly (Kleen 3.8).",
			       "Exclude big trees from updatedb (PRUNEPATHS), raise vm.vfs_cache_pressure above 100 to "
			       "reclaim them sooner, and check which file system's inode cache is largest.");
		evidence_cache(f, s, cache_find(s, "dentry"));
	}
	/* the blunderbuss effect: reclaimable caches full of holes */
	if (ss->have) {
		const struct cache *worst = NULL;
		for (size_t i = 0; i < s->n_caches; i++) {
			const struct cache *k = &s->caches[i];
			if (!(is_dentry(k->name) || is_inode(k->name)) || k->total == MW_UNKNOWN || k->num_objs <= 0)
				continue;
			if (k->total < 64 * MiB || (total > 0 && (double)k->total < total * 0.01))
				continue;
			if (k->active_objs * 2 > k->num_objs)
				continue;
			if (!worst || k->total > worst->total)
				worst = k;
		}
		if (worst) {
			fmt_bytes(a, sizeof(a), (double)worst->total);
			snprintf(saw, sizeof(saw), "%s holds %s in slabs whose objects are only %.0f%% in use (%" PRId64
				 " of %" PRId64 ").", worst->name, a, mw_pct((double)worst->active_objs, (double)worst->num_objs),
				 worst->active_objs, worst->num_objs);
			f = mw_finding(c->item, "slab-blunderbuss", MW_LEVEL_NOTICE,
				       "Reclaim freed objects but not the slabs they sit in", saw,
				       "The shrinker frees dentries and inodes in LRU order, not slab by slab: many slabs keep "
				       "a few live objects and no page goes back (the blunderbuss effect, Can you handle the "
				       "pressure 6.1). A large share of the useful cache is thrown away first.",
				       "Expect this memory to stay; it comes back only as the remaining objects die. If it "
				       "hurts, drop the caches once (echo 2 > /proc/sys/vm/drop_caches) after the tree walk "
				       "that filled them, and keep such walks away from busy hours.");
			evidence_cache(f, s, worst);
		}
	}
	/* buffer heads (pressure 4.2) */
	if (ss->have && ss->bh > 0) {
		double lowmem = lowtotal > 0 ? (double)lowtotal * 1024 : total;
		if (lowmem > 0 && (double)ss->bh > lowmem * 0.10) {
			fmt_bytes(a, sizeof(a), (double)ss->bh);
			snprintf(saw, sizeof(saw), "buffer_head takes %s, %.1f%% of %s.", a, mw_pct((double)ss->bh, lowmem),
				 lowtotal > 0 ? "low memory (LowTotal)" : "MemTotal");
			f = mw_finding(c->item, "bufferheads-lowmem", lowtotal > 0 ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
				       "Buffer heads eat low memory", saw,
				       "Every page-cache page of a block file system can carry buffer heads; they come from "
				       "low memory, stay until the VM reuses the page, and the kernel caps them at 10% of "
				       "ZONE_NORMAL (Can you handle the pressure 4.2).",
				       "On 32-bit machines move to a 64-bit kernel; otherwise reduce dirty page-cache "
				       "(vm.dirty_ratio) or use a file system that does not keep buffer heads for data "
				       "pages (ext4 with delalloc, XFS).");
			evidence_cache(f, s, cache_find(s, "buffer_head"));
		}
	}
	/* dirty page cache: more than the file LRU can hold is a counter gone wrong, else a share of RAM */
	{
		int64_t dirty = mi(s, "Dirty"), wb = mi(s, "Writeback"), af = mi(s, "Active(file)"),
			inf = mi(s, "Inactive(file)"), unev = mi(s, "Unevictable");
		int64_t dw = dirty == MW_UNKNOWN ? MW_UNKNOWN : dirty + (wb == MW_UNKNOWN ? 0 : wb);
		if (dw != MW_UNKNOWN && af != MW_UNKNOWN && inf != MW_UNKNOWN &&
		    dw > mw_lru_slack_kb(af + inf + (unev == MW_UNKNOWN ? 0 : unev))) {
			fmt_bytes(a, sizeof(a), (double)dw * 1024);
			fmt_bytes(bb, sizeof(bb), (double)(af + inf + (unev == MW_UNKNOWN ? 0 : unev)) * 1024);
			snprintf(saw, sizeof(saw), "Dirty and Writeback come to %s, more than the file LRU and the unevictable "
				 "list hold (%s), where such pages sit.", a, bb);
			f = mw_finding(c->item, "dirty-counter-drift", MW_LEVEL_NOTICE, "The dirty page counter cannot be right",
				       saw,
				       "Every dirty or writeback page is a file page on an LRU list, so Dirty + Writeback "
				       "cannot exceed Active(file) + Inactive(file) + Unevictable; a counter that drifted (an "
				       "accounting bug of the kernel, or numbers edited by hand) reads like this.",
				       "Do not tune dirty limits on this figure; check the kernel's changelog for dirty "
				       "accounting fixes, and whether the figure keeps growing over time.");
			evidence_kv(f, s, "meminfo", "Dirty");
			evidence_kv(f, s, "meminfo", "Active(file)");
			evidence_kv(f, s, "meminfo", "Inactive(file)");
		} else if (dw != MW_UNKNOWN && memtotal > 0 && dw * 10 >= memtotal) {
			fmt_bytes(a, sizeof(a), (double)dw * 1024);
			snprintf(saw, sizeof(saw), "Dirty and Writeback come to %s (%.1f%% of MemTotal).", a,
				 mw_pct((double)dw, (double)memtotal));
			f = mw_finding(c->item, "dirty-pages-high", MW_LEVEL_NOTICE, "Much dirty page cache", saw,
				       "Dirty pages must be written before they can be reclaimed; \"clean the page if it is "
				       "dirty (i.e. sync it to disk)\" is a step of every reclaim (Can you handle the "
				       "pressure?, 3.2), and slow storage makes reclaim stall.",
				       "Lower vm.dirty_ratio / vm.dirty_bytes, or find the writer and the slow device.");
			evidence_kv(f, s, "meminfo", "Dirty");
		}
	}
	/* page tables (Kleen 3.6) */
	if (pt != MW_UNKNOWN && memtotal > 0 && pt * 100 >= memtotal * 3 && pt * 1024 >= 128 * MiB) {
		fmt_bytes(a, sizeof(a), (double)pt * 1024);
		snprintf(saw, sizeof(saw), "Page tables take %s (%.1f%% of MemTotal; Kleen measured 0.52%% on a desktop).", a,
			 mw_pct((double)pt, (double)memtotal));
		f = mw_finding(c->item, "pagetables-high", MW_LEVEL_NOTICE, "Page tables take a large share", saw,
			       "Every process maps its own page tables for the same shared libraries and shared "
			       "memory; many processes mapping large areas multiply them (Kleen 3.6).",
			       "Use huge pages for large shared mappings (hugetlbfs shares the page tables of huge "
			       "page mappings; THP cuts the PTE pages), and fewer processes that each map the same "
			       "large areas (threads instead of forked workers, or a smaller SGA/shared buffer).");
		evidence_kv(f, s, "meminfo", "PageTables");
	}
	/* free memory the buddy allocator does not hold */
	if (memfree > 0 && c->ps.conf != MW_CONF_ESTIMATED) {
		int64_t buddy = 0;
		bool have = false;
		for (size_t i = 0; i < s->n_zones; i++) {
			const struct zinfo *z = &s->zones[i];
			if (z->have_zone && z->free != MW_UNKNOWN)
				buddy += z->free, have = true;
		}
		if (!have && vm(s, "nr_free_pages") != MW_UNKNOWN)
			buddy = vm(s, "nr_free_pages"), have = true;
		if (have) {
			double diff = (double)memfree * 1024 - (double)buddy * (double)c->ps.bytes;
			if (diff > 64.0 * MiB && diff > (double)memtotal * 1024 * 0.05) {
				fmt_bytes(a, sizeof(a), (double)memfree * 1024);
				fmt_bytes(bb, sizeof(bb), (double)buddy * (double)c->ps.bytes);
				fmt_bytes(cc, sizeof(cc), diff);
				snprintf(saw, sizeof(saw), "MemFree says %s, the zones hold %s of free pages: %s is counted free "
					 "but is not in the buddy allocator yet.", a, bb, cc);
				f = mw_finding(c->item, "free-not-in-buddy", MW_LEVEL_INFO,
					       "Free memory that the page allocator has not received yet", saw,
					       "Memory whose struct pages are initialised lazily (deferred_init) or that a "
					       "confidential guest has not accepted yet counts as free but must be set up "
					       "before use; high-order allocations see only the zones' free pages. (Or the "
					       "files were captured at different moments.)",
					       "Nothing to do if the kernel was built or booted that way; read the "
					       "fragmentation figures against the zones' free pages, not MemFree.");
				evidence_kv(f, s, "meminfo", "MemFree");
			}
		}
	}
}

/* Zone findings: watermarks and high orders, per node. */
static void zone_findings(struct ctx *c)
{
	struct snap *s = c->s;
	struct mw_node *f;
	char saw[1024], a[32];
	size_t o;

	/* below min / below low */
	for (int pass = 0; pass < 2; pass++) {
		const char *state = pass == 0 ? "below min" : "below low";
		struct mw_node *fin = NULL;
		o = 0;
		saw[0] = '\0';
		for (size_t i = 0; i < s->n_zones; i++) {
			const struct zinfo *z = &s->zones[i];
			if (strcmp(zone_state(z), state) != 0)
				continue;
			o += (size_t)snprintf(saw + o, sizeof(saw) - o, "%snode %" PRId64 " %s has %" PRId64 " free pages, %s is %" PRId64,
					      o ? "; " : "", z->node, z->zone, z->free, pass == 0 ? "min" : "low",
					      pass == 0 ? z->min : z->low);
			if (o >= sizeof(saw))
				o = sizeof(saw) - 1;
		}
		if (!o)
			continue;
		snprintf(saw + o, sizeof(saw) - o, ".");
		if (pass == 0)
			fin = mw_finding(c->item, "zone-below-min", MW_LEVEL_WARNING, "A zone is below its min watermark", saw,
					 "Below min only atomic allocations and reclaim itself get pages; every other "
					 "allocation reclaims directly and stalls (Can you handle the pressure 2).",
					 "Find what fills memory (the breakdown and the largest caches); if this is a "
					 "burst of atomic allocations (network receive), a larger vm.min_free_kbytes "
					 "gives them room.");
		else
			fin = mw_finding(c->item, "zone-below-low", MW_LEVEL_NOTICE, "A zone is below its low watermark", saw,
					 "kswapd is reclaiming in the background until the zone is above high again.",
					 "Normal under load; if it lasts, memory is short for this workload.");
		for (size_t i = 0; i < s->n_zones; i++) {
			const struct zinfo *z = &s->zones[i];
			char line[64];
			if (strcmp(zone_state(z), state) != 0)
				continue;
			snprintf(line, sizeof(line), "Node %" PRId64 ", zone %8s", z->node, z->zone);
			mw_evidence_line(fin, sec_find(s, "zoneinfo") ? sec_find(s, "zoneinfo")->input : NULL,
					 z->zone_line != MW_UNKNOWN ? (uint64_t)z->zone_line : 0, line, strlen(line));
		}
	}

	/* high orders, per node: the best any zone of the node can do */
	for (size_t i = 0; i < s->n_zones; i++) {
		const struct zinfo *z = &s->zones[i];
		int best = -2, failing;
		char blk[32];
		const struct zinfo *zz, *bestz = NULL;
		bool seen = false, low_mem, other = false;
		uint64_t node_free = 0;
		int64_t node_managed = 0;
		for (size_t j = 0; j < i; j++)
			if (s->zones[j].node == z->node)
				seen = true;
		if (seen)
			continue;
		/* DMA counts only when the node has nothing else: lowmem_reserve keeps it from other allocations */
		for (size_t j = i; j < s->n_zones; j++)
			if (s->zones[j].node == z->node && s->zones[j].have_buddy && strcmp(s->zones[j].zone, "DMA") != 0)
				other = true;
		for (size_t j = i; j < s->n_zones; j++) {
			zz = &s->zones[j];
			if (zz->node != z->node || !zz->have_buddy || (other && strcmp(zz->zone, "DMA") == 0))
				continue;
			if (zz->max_order_now > best) {
				best = zz->max_order_now;
				bestz = zz;
			}
			node_free += zz->frag.free_pages;
			node_managed += nz(zz->managed);
		}
		if (!bestz || best >= COSTLY_ORDER)
			continue;
		failing = best + 1;
		low_mem = node_managed > 0 && node_free * 50 < (uint64_t)node_managed;
		fmt_bytes(a, sizeof(a), (double)node_free * (double)c->ps.bytes);
		fmt_bytes(blk, sizeof(blk), (double)c->ps.bytes * (double)(INT64_C(1) << failing));
		if (best >= 0)
			o = (size_t)snprintf(saw, sizeof(saw),
					     "On node %" PRId64 " no zone can serve an order-%d allocation now (%s of contiguous "
					     "memory): the largest it can serve is order %d, with %s free in the node",
					     z->node, failing, blk, best, a);
		else
			o = (size_t)snprintf(saw, sizeof(saw),
					     "On node %" PRId64 " no zone can serve even an order-0 allocation without going below "
					     "its min watermark (%s free in the node)", z->node, a);
		if (o < sizeof(saw) && bestz->frag.n_orders > (unsigned)failing)
			o += (size_t)snprintf(saw + o, sizeof(saw) - o, "; extfrag index at order %d in %s: %.3f", failing,
					      bestz->zone, bestz->frag.extfrag[failing] / 1000.0);
		if (o < sizeof(saw))
			snprintf(saw + o, sizeof(saw) - o, ".");
		f = mw_finding(c->item, "high-order-will-fail", MW_LEVEL_WARNING, "High-order allocations will fail", saw,
			       low_mem ? "There is little free memory at all: these requests fail for lack of memory, and "
					 "reclaim has to free some first."
				       : "The free memory is in small pieces: \"systems that have been running for a while "
					 "inevitably get fragmented to the point where large allocs are inevitably going to "
					 "fail\" (Can you handle the pressure 7.1). Kernel stacks without vmap, jumbo frames "
					 "(a 9000-byte MTU needs order 2), and some drivers ask for these.",
			       "See if the caller can do without physically contiguous memory, or make it use a reserved "
			       "mempool (Can you handle the pressure 7.1); run compaction (echo 1 > "
			       "/proc/sys/vm/compact_memory) and consider a larger vm.min_free_kbytes.");
		{
			char line[160];
			size_t n = 0;
			n += (size_t)snprintf(line, sizeof(line), "%sNode %" PRId64 ", zone %8s",
					      bestz->buddy_from_pt ? "(pagetypeinfo, all types) " : "", bestz->node, bestz->zone);
			for (unsigned k = 0; k < bestz->n_orders && n + 8 < sizeof(line); k++)
				n += (size_t)snprintf(line + n, sizeof(line) - n, " %6" PRIu64, bestz->counts[k]);
			/* buddyinfo: the line's values in the kernel's format; pagetypeinfo: the sum of the zone's rows */
			mw_evidence_line(f, bestz->buddy_from_pt ? (sec_find(s, "pagetypeinfo") ? sec_find(s, "pagetypeinfo")->input : NULL)
								 : (sec_find(s, "buddyinfo") ? sec_find(s, "buddyinfo")->input : NULL),
					 bestz->buddy_from_pt ? 0 : (uint64_t)nz(bestz->buddy_line), line, strlen(line));
		}
	}

	/* external fragmentation: free memory exists but not in large enough blocks */
	{
		bool any = false;
		o = 0;
		saw[0] = '\0';
		for (size_t i = 0; i < s->n_zones; i++) {
			const struct zinfo *z = &s->zones[i];
			int first_fail = -1;
			if (!z->have_buddy || !z->frag.free_pages || strcmp(z->zone, "DMA") == 0)
				continue;
			for (unsigned k = 1; k < z->frag.n_orders; k++) {
				if (!z->frag.suitable[k]) {
					first_fail = (int)k;
					break;
				}
			}
			/* orders real allocations use: up to the pageblock (huge page) order */
			if (first_fail < 0 || first_fail > (s->pageblock_order != MW_UNKNOWN ? s->pageblock_order : 9) ||
			    z->frag.extfrag[first_fail] <= 500)
				continue;
			if (z->managed != MW_UNKNOWN && z->frag.free_pages * 100 < (uint64_t)z->managed)
				continue;	/* hardly any free memory: not a fragmentation problem */
			fmt_bytes(a, sizeof(a), (double)z->frag.free_pages * (double)c->ps.bytes);
			o += (size_t)snprintf(saw + o, sizeof(saw) - o,
					      "%snode %" PRId64 " %s has %s free but no block of order %d or more "
					      "(extfrag index %.3f)",
					      o ? "; " : "", z->node, z->zone, a, first_fail, z->frag.extfrag[first_fail] / 1000.0);
			if (o >= sizeof(saw))
				o = sizeof(saw) - 1;
			any = true;
		}
		if (any) {
			if (o + 1 < sizeof(saw))
				snprintf(saw + o, sizeof(saw) - o, ".");
			mw_finding(c->item, "external-fragmentation", MW_LEVEL_NOTICE,
				   "Free memory is fragmented into small blocks", saw,
				   "An extfrag index above 0.5 means a failure at that order is due to fragmentation, not "
				   "lack of memory; the kernel then compacts (vm.extfrag_threshold, 500) instead of reclaiming. "
				   "Unmovable pages (page tables, slab, pinned pages) scattered through memory prevent large "
				   "free blocks (Can you handle the pressure 5.3).",
				   "Compaction helps when the blocks hold movable pages (echo 1 > /proc/sys/vm/compact_memory); "
				   "see which migrate types own the pageblocks in the pagetypeinfo table.");
		}
	}
}

/* Hash tables of the boot of the same host against the caches they index (Kleen 5). */
static void hash_findings(struct ctx *c)
{
	struct snap *s = c->s;
	static const struct {
		const char *hash, *cache, *param;
	} pairs[] = {
		{ "Dentry cache", "dentry", "dhash_entries" },
		{ "Inode-cache", "inode_cache", "ihash_entries" },
	};
	struct mw_q q;
	int64_t boot_id = MW_UNKNOWN;
	char *input = NULL;

	if (!s->n_caches)
		return;
	if (mw_q_prepare(&q, c->st, BOOT_OF_HOST("id, (SELECT display FROM input i WHERE i.id = b.input_id)")) < 0)
		return;
	mw_q_bind_i64(&q, 1, s->host_id);
	if (mw_q_step(&q)) {
		boot_id = mw_q_i64(&q, 0);
		input = mw_q_textdup(&q, 1);
	}
	mw_q_finish(&q);
	if (boot_id == MW_UNKNOWN) {
		free(input);
		return;
	}
	for (size_t i = 0; i < MW_ARRAY_SIZE(pairs); i++) {
		int64_t entries = MW_UNKNOWN, bytes = MW_UNKNOWN, line = MW_UNKNOWN, objs = 0;
		bool any = false;
		if (mw_q_prepare(&q, c->st, "SELECT entries, bytes, line FROM hash_table WHERE boot_id = ?1 AND name = ?2 "
					    "ORDER BY rowid DESC LIMIT 1") < 0)
			break;
		mw_q_bind_i64(&q, 1, boot_id);
		mw_q_bind_text(&q, 2, pairs[i].hash);
		if (mw_q_step(&q)) {
			entries = mw_q_i64(&q, 0);
			bytes = mw_q_i64(&q, 1);
			line = mw_q_i64(&q, 2);
		}
		mw_q_finish(&q);
		if (entries == MW_UNKNOWN || bytes == MW_UNKNOWN)
			continue;
		for (size_t k = 0; k < s->n_caches; k++) {
			const struct cache *ca = &s->caches[k];
			bool match = i == 0 ? is_dentry(ca->name) : is_inode(ca->name);
			if (match && ca->active_objs != MW_UNKNOWN) {
				objs += ca->active_objs;
				any = true;
			}
		}
		if (!any || bytes < 32 * MiB || entries < 8 * MW_MAX(objs, 1)) {
			continue;
		} else {
			char saw[512], a[32], text[128];
			struct mw_node *f;
			fmt_bytes(a, sizeof(a), (double)bytes);
			snprintf(saw, sizeof(saw), "The %s hash table has %" PRId64 " buckets (%s) for %" PRId64
				 " cached objects: %.0f buckets per object.", pairs[i].hash, entries, a, objs,
				 (double)entries / (double)MW_MAX(objs, 1));
			f = mw_finding(c->item, "hash-table-oversized", MW_LEVEL_NOTICE, "A hash table sized by RAM is far too large",
				       saw,
				       "alloc_large_system_hash() sizes these tables by memory size, not by use; on large "
				       "machines they tie up memory for nothing (Kleen 5).",
				       pairs[i].param[0] == 'd'
					       ? "Boot with a smaller dhash_entries= (a power of two near the number of cached dentries)."
					       : "Boot with a smaller ihash_entries= (a power of two near the number of cached inodes).");
			snprintf(text, sizeof(text), "%s hash table entries: %" PRId64 " (%" PRId64 " bytes)", pairs[i].hash, entries,
				 bytes);
			mw_evidence_line(f, input, line != MW_UNKNOWN ? (uint64_t)line : 0, text, strlen(text));
			evidence_cache(f, s, cache_find(s, pairs[i].cache));
		}
	}
	free(input);
}

static void summary(struct ctx *c)
{
	char sum[1024], a[32], bb[32];
	size_t n = 0;
	struct breakdown *b = &c->b;
	struct slabsum *ss = &c->ss;

	if (b->have) {
		double t = (double)b->total_kb;
		fmt_bytes(a, sizeof(a), t * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "MemTotal %s: ", a);
		fmt_bytes(a, sizeof(a), (double)b->user_kb * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "user space %s (%.1f%%), ", a, mw_pct((double)b->user_kb, t));
		fmt_bytes(a, sizeof(a), (double)b->cache_kb * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "page cache %s (%.1f%%), ", a, mw_pct((double)b->cache_kb, t));
		fmt_bytes(a, sizeof(a), (double)b->kernel_kb * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "kernel %s (%.1f%%), ", a, mw_pct((double)b->kernel_kb, t));
		fmt_bytes(a, sizeof(a), (double)b->free_kb * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "free %s (%.1f%%), ", a, mw_pct((double)b->free_kb, t));
		fmt_bytes(a, sizeof(a), (double)b->unaccounted_kb * 1024);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "unaccounted %s (%.1f%%).", a,
				      mw_pct((double)b->unaccounted_kb, t));
	}
	if (ss->have && n < sizeof(sum)) {
		fmt_bytes(a, sizeof(a), (double)ss->total);
		fmt_bytes(bb, sizeof(bb), (double)ss->waste);
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%sSlab %s, waste %s%s (%.1f%%).", n ? " " : "", a,
				      ss->slub ? "at least " : "", bb, mw_pct((double)ss->waste, (double)ss->total));
	}
	if (n < sizeof(sum)) {
		unsigned zones = 0, below_min = 0, below_low = 0;
		for (size_t i = 0; i < c->s->n_zones; i++) {
			const char *st = zone_state(&c->s->zones[i]);
			if (!c->s->zones[i].have_zone || !strcmp(st, "empty zone") || !strcmp(st, "unknown"))
				continue;
			zones++;
			below_min += !strcmp(st, "below min");
			below_low += !strcmp(st, "below low");
		}
		if (zones && below_min)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%s%u of %u zones below their min watermark.", n ? " " : "",
					      below_min, zones);
		else if (zones && below_low)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%s%u of %u zones below their low watermark.", n ? " " : "",
					      below_low, zones);
		else if (zones)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%sEvery zone is above its low watermark.", n ? " " : "");
		if (!c->b.have && n < sizeof(sum)) {
			uint64_t free_pages = 0;
			unsigned nz_ = 0;
			for (size_t i = 0; i < c->s->n_zones; i++) {
				const struct zinfo *z = &c->s->zones[i];
				if (z->have_buddy)
					free_pages += z->frag.free_pages, nz_++;
				else if (z->have_zone && z->free != MW_UNKNOWN && z->free > 0)
					free_pages += (uint64_t)z->free, nz_++;
			}
			if (nz_) {
				fmt_bytes(a, sizeof(a), (double)free_pages * (double)c->ps.bytes);
				n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%s%s free in %u zones.", n ? " " : "", a, nz_);
			}
		}
	}
	if (n < sizeof(sum)) {
		const struct zinfo *best = NULL;
		bool other = false;
		for (size_t i = 0; i < c->s->n_zones; i++)
			other |= c->s->zones[i].have_buddy && strcmp(c->s->zones[i].zone, "DMA") != 0;
		for (size_t i = 0; i < c->s->n_zones; i++) {
			const struct zinfo *z = &c->s->zones[i];
			if (other && strcmp(z->zone, "DMA") == 0)
				continue;
			if (z->have_buddy && (!best || z->frag.largest_order > best->frag.largest_order ||
					      (z->frag.largest_order == best->frag.largest_order &&
					       z->counts[MW_MAX(z->frag.largest_order, 0)] * (z->frag.largest_order >= 0) >
						       best->counts[MW_MAX(best->frag.largest_order, 0)] * (best->frag.largest_order >= 0))))
				best = z;
		}
		if (best) {
			if (best->frag.largest_order >= 0) {
				fmt_bytes(a, sizeof(a), (double)c->ps.bytes * (double)(INT64_C(1) << best->frag.largest_order));
				n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%sLargest free block: order %d (%s) in %s.",
						      n ? " " : "", best->frag.largest_order, a, best->zone);
			} else {
				n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%sNo free block in any zone.", n ? " " : "");
			}
		}
	}
	if (n < sizeof(sum) && sec_find(c->s, "vmstat")) {
		int64_t stalls = 0, cstall = vm(c->s, "compact_stall"), cfail = vm(c->s, "compact_fail"), oom = vm(c->s, "oom_kill");
		bool any = false;
		for (size_t i = 0; i < c->s->n_kv; i++)
			if (strcmp(c->s->kv[i].source, "vmstat") == 0 && strncmp(c->s->kv[i].name, "allocstall", 10) == 0 &&
			    c->s->kv[i].value >= 0 && stalls != MW_UNKNOWN)
				stalls = cadd(stalls, c->s->kv[i].value), any = true;
		n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%sSince boot: ", n ? " " : "");
		if (any && stalls != MW_UNKNOWN)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%" PRId64 " direct reclaims, ", stalls);
		if (cstall != MW_UNKNOWN)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%" PRId64 " direct compactions (%" PRId64 " failed), ",
					      cstall, nz(cfail));
		if (oom != MW_UNKNOWN)
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%" PRId64 " OOM kills, ", oom);
		if (n >= 2 && n < sizeof(sum) && sum[n - 2] == ',') {
			sum[n - 2] = '.';
			sum[--n] = '\0';
		} else if (n < sizeof(sum)) {
			n += (size_t)snprintf(sum + n, sizeof(sum) - n, "no reclaim counters.");
		}
	}
	if (!n)
		snprintf(sum, sizeof(sum), "%s", "Nothing in this snapshot memwaste summarises (see below).");
	mw_summary(c->item, "%s", sum);
}

/* The input of the snapshot, or the directory its files share ("proc/") when it spans several. */
static const char *snapshot_where(const struct snap *s, char *buf, size_t n)
{
	size_t common;
	if (!s->n_sec)
		return s->input ? s->input : "?";
	common = strlen(s->sec[0].input);
	for (size_t i = 1; i < s->n_sec; i++) {
		size_t k = 0;
		while (k < common && s->sec[i].input[k] == s->sec[0].input[k])
			k++;
		common = k;
	}
	if (common == strlen(s->sec[0].input))
		return s->sec[0].input;
	while (common && s->sec[0].input[common - 1] != '/')
		common--;
	if (!common)
		return "several files";
	snprintf(buf, n, "%.*s", (int)common, s->sec[0].input);
	return buf;
}

static void report_snapshot(struct mw_store *st, const struct mw_report_opts *o, struct mw_node *list, struct snap *s)
{
	struct ctx c = { .st = st, .o = o, .s = s };
	char title[512], roles[96], sections[160], wbuf[256];
	const char *where;
	const char *host = s->host && strcmp(s->host, "unknown") != 0 ? s->host : NULL;
	bool dated = s->taken != MW_UNKNOWN && (s->taken_text || (s->origin && strcmp(s->origin, "live") == 0));
	size_t n = 0;

	c.top = o->max_rows ? o->max_rows : TOP_DEFAULT;
	if (s->host_count == 1)
		snprintf(roles, sizeof(roles), "the only snapshot");
	else if (!s->role)
		snprintf(roles, sizeof(roles), "one of %u", s->host_count);
	else
		snprintf(roles, sizeof(roles), "%s%s%s of %u", s->role & ROLE_LATEST ? "latest" : "",
			 (s->role & ROLE_LATEST) && (s->role & ROLE_WORST) ? ", " : "",
			 s->role & ROLE_WORST ? (s->memavail != MW_UNKNOWN ? "lowest MemAvailable" : "lowest MemFree") : "",
			 s->host_count);
	where = snapshot_where(s, wbuf, sizeof(wbuf));
	if (dated) {
		struct mw_value tv = { .type = MW_VAL_INT, .i = s->taken };
		char when[64];
		mw_format_value(when, sizeof(when), &tv, MW_UNIT_TIME);
		snprintf(title, sizeof(title), "Snapshot%s%s at %s (%s)", host ? " of " : "", host ? host : "", when, roles);
	} else {
		snprintf(title, sizeof(title), "Snapshot%s%s from %s (%s)", host ? " of " : "", host ? host : "", where, roles);
	}
	c.item = mw_list_add(list, title);
	if (host)
		mw_node_set_flags(mw_fig_str(c.item, "host", "Host", host, NULL), MW_F_HOST);
	if (dated) {
		struct mw_source src = { s->input, s->line != MW_UNKNOWN ? (uint64_t)s->line : 0 };
		figi(c.item, "taken", "Taken", s->taken, MW_UNIT_TIME, MW_CONF_EXACT, s->taken_text ? &src : NULL,
			   s->taken_text ? "the date line of the capture" : "read from this machine now");
	}
	mw_fig_str(c.item, "role", "Why this snapshot", roles, NULL);
	sections[0] = '\0';
	for (size_t i = 0; i < s->n_sec; i++) {
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->sec[j].kind, s->sec[i].kind) == 0)
				dup = true;
		if (!dup && n + 20 < sizeof(sections))
			n += (size_t)snprintf(sections + n, sizeof(sections) - n, "%s%s", n ? ", " : "", s->sec[i].kind);
	}
	mw_fig_str(c.item, "sections", "Files in this snapshot", sections, NULL);
	if (s->n_sec) {
		struct mw_source src = { s->sec[0].input, s->sec[0].first != MW_UNKNOWN ? (uint64_t)s->sec[0].first : 0 };
		mw_fig_str(c.item, "input", "Input", where, strcmp(where, s->sec[0].input) == 0 ? &src : NULL);
	}
	resolve_page_size(st, s, &c.ps);
	figi(c.item, "page_size_bytes", "Page size", c.ps.bytes, MW_UNIT_BYTES, c.ps.conf,
		   c.ps.src.file || c.ps.src.line ? &c.ps.src : NULL, c.ps.how);

	compute_breakdown(s, c.ps.bytes, &c.b);
	compute_slab(s, c.ps.bytes, &c.ss);
	add_breakdown(&c);
	add_slab(&c);
	add_zones(&c);
	add_vmstat(&c);
	findings(&c);
	zone_findings(&c);
	hash_findings(&c);
	summary(&c);
}

/* ---- selection ---- */

static bool later(const struct snap *a, const struct snap *b)
{
	if (a->taken != MW_UNKNOWN && b->taken != MW_UNKNOWN && (a->taken != b->taken || a->frac != b->frac))
		return a->taken > b->taken || (a->taken == b->taken && a->frac > b->frac);
	return a->id > b->id;
}

static int64_t pressure_key(const struct snap *s)
{
	return s->memavail != MW_UNKNOWN ? s->memavail : s->memfree;
}

static bool snapshot_applies(struct mw_store *st, const struct mw_report_opts *o)
{
	(void)o;
	return mw_q_scalar(st, "SELECT EXISTS (SELECT 1 FROM snapshot_section WHERE kind IN ('meminfo', 'zoneinfo', "
			       "'buddyinfo', 'pagetypeinfo', 'slabinfo', 'vmstat')) + 0 * ?1", 0) > 0;
}

static int cmp_chrono(const void *a, const void *b)
{
	const struct snap *x = a, *y = b;
	if (x->host_id != y->host_id)
		return x->host_id < y->host_id ? -1 : 1;
	if (later(x, y))
		return 1;
	if (later(y, x))
		return -1;
	return 0;
}

static int snapshot_run(struct mw_store *st, const struct mw_report_opts *o, struct mw_node *root)
{
	struct mw_q q;
	struct snap *all = NULL, *pick = NULL;
	size_t n = 0, alloc = 0, n_pick = 0, alloc_pick = 0, skipped_hosts = 0;
	struct mw_node *list;
	int r = 0;

	/* candidates from the summary columns only: fast on a week of captures */
	if (mw_q_prepare(&q, st, "SELECT s.id, s.host_id, h.name, s.taken, s.taken_frac, s.memavailable_kb, s.memfree_kb "
				 "FROM snapshot s LEFT JOIN host h ON h.id = s.host_id "
				 "WHERE (?1 IS NULL OR h.name = ?1) AND (s.memtotal_kb IS NOT NULL OR s.memfree_kb IS NOT NULL "
				 "OR s.slab_caches IS NOT NULL OR s.buddy_free_pages IS NOT NULL OR EXISTS (SELECT 1 FROM "
				 "snapshot_section x WHERE x.snapshot_id = s.id AND x.kind IN ('meminfo', 'zoneinfo', "
				 "'buddyinfo', 'pagetypeinfo', 'slabinfo', 'vmstat'))) ORDER BY s.host_id, s.id") < 0)
		return MW_ESTORE;
	mw_q_bind_text(&q, 1, o->host);
	while (mw_q_step(&q)) {
		struct snap *s;
		MW_GROW(all, alloc, n + 1);
		s = &all[n++];
		memset(s, 0, sizeof(*s));
		s->id = mw_q_i64(&q, 0);
		s->host_id = mw_q_i64(&q, 1);
		s->taken = mw_q_i64(&q, 3);
		s->frac = mw_q_null(&q, 4) ? 0 : mw_q_double(&q, 4);
		s->memavail = mw_q_i64(&q, 5);
		s->memfree = mw_q_i64(&q, 6);
	}
	if (mw_q_finish(&q) < 0) {
		free(all);
		return MW_ESTORE;
	}
	/* per host: the latest and the worst, or all when there are few */
	for (size_t i = 0; i < n;) {
		size_t j = i, latest = i, worst = SIZE_MAX;
		while (j < n && all[j].host_id == all[i].host_id) {
			if (later(&all[j], &all[latest]))
				latest = j;
			if (pressure_key(&all[j]) != MW_UNKNOWN &&
			    (worst == SIZE_MAX || pressure_key(&all[j]) < pressure_key(&all[worst])))
				worst = j;
			j++;
		}
		if (n_pick >= MAX_DETAILED) {
			skipped_hosts++;
			i = j;
			continue;
		}
		for (size_t k = i; k < j; k++) {
			unsigned role = 0;
			if (k == latest && j - i > 1)
				role |= ROLE_LATEST;
			if (k == worst && j - i > 1)
				role |= ROLE_WORST;
			if (!role && j - i > 3)
				continue;
			MW_GROW(pick, alloc_pick, n_pick + 1);
			pick[n_pick] = all[k];
			pick[n_pick].role = role;
			pick[n_pick].host_count = (unsigned)(j - i);
			n_pick++;
		}
		i = j;
	}
	free(all);
	qsort(pick, n_pick, sizeof(*pick), cmp_chrono);
	if (!n_pick) {
		free(pick);
		return 0;
	}
	list = mw_list(root, "snapshots", "/proc snapshots: where the memory is");
	for (size_t i = 0; i < n_pick && r == 0; i++) {
		struct snap *s = &pick[i];
		if (mw_q_prepare(&q, st, "SELECT h.name, s.taken_text, s.origin, s.line, s.page_size, i.display "
					 "FROM snapshot s LEFT JOIN host h ON h.id = s.host_id JOIN input i ON i.id = s.input_id "
					 "WHERE s.id = ?1") < 0) {
			r = MW_ESTORE;
			break;
		}
		mw_q_bind_i64(&q, 1, s->id);
		if (mw_q_step(&q)) {
			s->host = mw_q_textdup(&q, 0);
			s->taken_text = mw_q_textdup(&q, 1);
			s->origin = mw_q_textdup(&q, 2);
			s->line = mw_q_i64(&q, 3);
			s->page_size_col = mw_q_i64(&q, 4);
			s->input = mw_q_textdup(&q, 5);
		}
		if (mw_q_finish(&q) < 0) {
			r = MW_ESTORE;
			break;
		}
		r = load_details(st, s);
		if (r == 0)
			report_snapshot(st, o, list, s);
	}
	if (skipped_hosts)
		mw_text(root, "%zu more hosts have snapshots; report them one at a time with --host.", skipped_hosts);
	for (size_t i = 0; i < n_pick; i++)
		snap_free(&pick[i]);
	free(pick);
	return r;
}

const struct mw_report mw_report_snapshot = {
	.name = "snapshot",
	.summary = "one /proc snapshot explained: breakdown, slab waste, fragmentation, watermarks",
	.applies = snapshot_applies,
	.run = snapshot_run,
};
