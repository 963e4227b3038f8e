/* SPDX-License-Identifier: MIT */
/*
 * snapshot-slab.c: the slab section of the snapshot report, from
 * slabinfo: how much the caches hold, how much of it no object uses (the
 * waste), the largest and the most wasteful caches, and the dentry, inode,
 * buffer_head and sysfs caches (Kleen, "Where is the memory going?" 2006,
 * 3.7-3.11). The findings about the slab are in snapshot-findings.c.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "snapshot-internal.h"
#include "memwaste/banned.h"

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

static bool is_sysfs(const char *n)
{
	return strcmp(n, "sysfs_dir_cache") == 0 || strncmp(n, "kernfs_", 7) == 0;
}

void mw_snapshot_compute_slab(struct snap *s, int64_t page_size, struct slabsum *ss)
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

void mw_snapshot_add_slab(struct ctx *c)
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

