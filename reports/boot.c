/* SPDX-License-Identifier: MIT */
/*
 * boot.c: the boot report. Where did the installed RAM go before user
 * space saw it? For every boot in the store, from its kernel log only:
 * the firmware's share (e820 map), the kernel image, the boot-time
 * (bootmem/memblock) reservations, struct page, the large-system hash
 * tables, crashkernel and CMA, and what was left for the page allocator,
 * in the spirit of Kleen, "Where is the memory going?" (2006), sections
 * 3.3-3.5 and 5. Every figure carries its source line and whether it is
 * exact, derived or estimated.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "bootcalc.h"
#include "query.h"
#include "memwaste/banned.h"

#define GiB (UINT64_C(1) << 30)

struct hash {
	char *name;
	int64_t entries, order, bytes, line;
	char *alloc;
	bool after;
};

struct boot {
	int64_t id, line;
	char *release, *version_line, *input, *host;
	struct mw_facts facts;
	/* BIOS-e820 map */
	size_t n_e820;
	int64_t e820_line;
	uint64_t by_type[8];		/* usable, reserved, acpi_data, acpi_nvs, unusable, persistent, other, soft_reserved */
	uint64_t usable_low, usable_high, top_low_ram, span_end;
	/* node ranges (non-x86 substitute) */
	uint64_t node_bytes, node_pfns;
	int64_t node_line;
	/* Memory: line */
	bool have_memline;
	int64_t avail_kb, total_kb, memline_line;
	char *memline_text;
	int64_t f_code, f_rwdata, f_rodata, f_data, f_init, f_bss, f_reserved, f_cma, f_highmem, f_absent;
	/* hash tables */
	struct hash *hashes;
	size_t n_hashes, alloc_hashes;
};

enum { T_USABLE, T_RESERVED, T_ACPI_DATA, T_ACPI_NVS, T_UNUSABLE, T_PERSISTENT, T_OTHER, T_SOFT };
static const char *const type_keys[8] = { "usable", "reserved", "acpi_data", "acpi_nvs", "unusable",
					  "persistent", "other", "soft_reserved" };
static const char *const type_labels[8] = { "usable", "reserved", "ACPI data", "ACPI NVS", "unusable",
					    "persistent memory", "other types", "soft reserved" };

static void boot_free(struct boot *b)
{
	for (size_t i = 0; i < b->n_hashes; i++) {
		free(b->hashes[i].name);
		free(b->hashes[i].alloc);
	}
	mw_facts_free(&b->facts);
	free(b->hashes);
	free(b->release);
	free(b->version_line);
	free(b->input);
	free(b->host);
	free(b->memline_text);
}

static const struct mw_fact *find_fact(const struct boot *b, const char *key)
{
	return mw_facts_find(&b->facts, key);
}

static int64_t fact_sum(const struct boot *b, const char *key, int64_t *ret_line)
{
	int64_t sum = MW_UNKNOWN;
	for (size_t i = 0; i < b->facts.n; i++) {
		if (strcmp(b->facts.v[i].key, key) == 0 && b->facts.v[i].value != MW_UNKNOWN) {
			sum = (sum == MW_UNKNOWN ? 0 : sum) + b->facts.v[i].value;
			if (ret_line && *ret_line == MW_UNKNOWN)
				*ret_line = b->facts.v[i].line;
		}
	}
	return sum;
}

static int type_index(const char *t)
{
	for (int i = 0; i < 8; i++)
		if (t && strcmp(t, type_keys[i]) == 0)
			return i;
	return T_OTHER;
}

static int load(struct mw_store *st, struct boot *b)
{
	struct mw_q q;

	if (mw_facts_load(&b->facts, st, "boot_fact", "boot_id", b->id) < 0)
		return MW_ESTORE;

	b->e820_line = b->node_line = MW_UNKNOWN;
	if (mw_q_prepare(&q, st, "SELECT map, start_addr, end_addr, unit, type, line FROM mem_range "
				 "WHERE boot_id = ?1 AND map IN ('e820', 'node') ORDER BY rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, b->id);
	while (mw_q_step(&q)) {
		const char *map = mw_q_text(&q, 0), *unit = mw_q_text(&q, 3);
		uint64_t start = (uint64_t)mw_q_i64(&q, 1), end = (uint64_t)mw_q_i64(&q, 2);
		if (strcmp(map, "e820") == 0) {
			int t = type_index(mw_q_text(&q, 4));
			uint64_t size = end - start;
			if (b->e820_line == MW_UNKNOWN)
				b->e820_line = mw_q_i64(&q, 5);
			b->n_e820++;
			b->by_type[t] += size;
			if (end > b->span_end)
				b->span_end = end;
			if (t == T_USABLE) {
				uint64_t low_end = MW_MIN(end, 4 * GiB);
				if (start < 4 * GiB) {
					b->usable_low += low_end - start;
					if (low_end > b->top_low_ram)
						b->top_low_ram = low_end;
				}
				if (end > 4 * GiB)
					b->usable_high += end - MW_MAX(start, 4 * GiB);
			}
		} else {
			if (b->node_line == MW_UNKNOWN)
				b->node_line = mw_q_i64(&q, 5);
			if (unit && strcmp(unit, "pfn") == 0)
				b->node_pfns += end - start;
			else
				b->node_bytes += end - start;
		}
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;

	if (mw_q_prepare(&q, st, "SELECT available_kb, total_kb, line, text FROM memline WHERE boot_id = ?1 "
				 "ORDER BY rowid LIMIT 1") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, b->id);
	if (mw_q_step(&q)) {
		b->have_memline = true;
		b->avail_kb = mw_q_i64(&q, 0);
		b->total_kb = mw_q_i64(&q, 1);
		b->memline_line = mw_q_i64(&q, 2);
		b->memline_text = mw_q_textdup(&q, 3);
	}
	if (mw_q_finish(&q) < 0)
		return MW_ESTORE;
	b->f_code = b->f_rwdata = b->f_rodata = b->f_data = b->f_init = b->f_bss = MW_UNKNOWN;
	b->f_reserved = b->f_cma = b->f_highmem = b->f_absent = MW_UNKNOWN;
	if (b->have_memline) {
		static const struct {
			const char *name;
			size_t off;
		} names[] = {
			{ "kernel code", offsetof(struct boot, f_code) }, { "rwdata", offsetof(struct boot, f_rwdata) },
			{ "rodata", offsetof(struct boot, f_rodata) }, { "data", offsetof(struct boot, f_data) },
			{ "init", offsetof(struct boot, f_init) }, { "bss", offsetof(struct boot, f_bss) },
			{ "reserved", offsetof(struct boot, f_reserved) },
			{ "cma-reserved", offsetof(struct boot, f_cma) }, { "highmem", offsetof(struct boot, f_highmem) },
			{ "absent", offsetof(struct boot, f_absent) },
		};
		/* the first Memory line of the boot only */
		if (mw_q_prepare(&q, st, "SELECT name, kb FROM memline_field WHERE boot_id = ?1 AND line = ?2") < 0)
			return MW_ESTORE;
		mw_q_bind_i64(&q, 1, b->id);
		mw_q_bind_i64(&q, 2, b->memline_line);
		while (mw_q_step(&q)) {
			const char *n = mw_q_text(&q, 0);
			for (size_t i = 0; i < MW_ARRAY_SIZE(names); i++)
				if (strcmp(n, names[i].name) == 0)
					*(int64_t *)((char *)b + names[i].off) = mw_q_i64(&q, 1);
		}
		if (mw_q_finish(&q) < 0)
			return MW_ESTORE;
	}

	if (mw_q_prepare(&q, st, "SELECT name, entries, order_, bytes, alloc, after_memline, line FROM hash_table "
				 "WHERE boot_id = ?1 ORDER BY rowid") < 0)
		return MW_ESTORE;
	mw_q_bind_i64(&q, 1, b->id);
	while (mw_q_step(&q)) {
		struct hash *h;
		MW_GROW(b->hashes, b->alloc_hashes, b->n_hashes + 1);
		h = &b->hashes[b->n_hashes++];
		h->name = mw_q_textdup_or(&q, 0, "");
		h->entries = mw_q_i64(&q, 1);
		h->order = mw_q_i64(&q, 2);
		h->bytes = mw_q_i64(&q, 3);
		h->alloc = mw_q_textdup(&q, 4);
		h->after = mw_q_i64(&q, 5) == 1;
		h->line = mw_q_i64(&q, 6);
	}
	return mw_q_finish(&q);
}

/* PAGE_SIZE from hash-table lines: bytes / 2^order, by majority (kernel-formats.md 3). */
static int page_size_from_hashes(const struct boot *b, int64_t *ret_line)
{
	static const int sizes[] = { 4096, 8192, 16384, 65536 };
	int votes[4] = { 0 }, best = -1;
	int64_t lines[4] = { MW_UNKNOWN, MW_UNKNOWN, MW_UNKNOWN, MW_UNKNOWN };
	for (size_t i = 0; i < b->n_hashes; i++) {
		const struct hash *h = &b->hashes[i];
		if (h->order == MW_UNKNOWN || h->order < 0 || h->order > 30 || h->bytes <= 0)
			continue;
		if (h->bytes % ((int64_t)1 << h->order))
			continue;
		for (int k = 0; k < 4; k++) {
			if ((h->bytes >> h->order) == sizes[k]) {
				votes[k]++;
				if (lines[k] == MW_UNKNOWN)
					lines[k] = h->line;
			}
		}
	}
	for (int k = 0; k < 4; k++)
		if (votes[k] && (best < 0 || votes[k] > votes[best]))
			best = k;
	if (best < 0)
		return 0;
	*ret_line = lines[best];
	return sizes[best];
}

/* Pages the kernel manages per the Memory: line (see the deferred-init note in report_one). */
static int64_t managed_kb(const struct boot *b)
{
	return b->total_kb - (b->f_reserved == MW_UNKNOWN ? 0 : b->f_reserved) - (b->f_cma == MW_UNKNOWN ? 0 : b->f_cma) -
	       (b->f_absent == MW_UNKNOWN ? 0 : b->f_absent);
}

struct ctx {
	struct mw_node *sec;
	const char *file;
};

static struct mw_source src_at(const struct ctx *c, int64_t line)
{
	struct mw_source s = { (char *)c->file, line == MW_UNKNOWN ? 0 : (uint64_t)line };
	return s;
}

static struct mw_node *fig(const struct ctx *c, const char *key, const char *label, int64_t v, enum mw_unit unit,
			   enum mw_confidence conf, int64_t line, const char *how)
{
	struct mw_source s = src_at(c, line);
	return mw_fig_int(c->sec, key, label, v, unit, conf, line == MW_UNKNOWN ? NULL : &s, how);
}

static struct mw_node *figpct(const struct ctx *c, const char *key, const char *label, double v,
			      enum mw_confidence conf, const char *how)
{
	if (v != v)
		return mw_fig_null(c->sec, key, label, MW_UNIT_PCT, how);
	return mw_fig_double(c->sec, key, label, round(v * 100) / 100, MW_UNIT_PCT, conf, NULL, how);
}

static const struct mw_column hash_cols[] = {
	{ "name", "Hash table", MW_UNIT_NONE, MW_VAL_STR, 0, "table name as printed" },
	{ "entries", "Entries", MW_UNIT_COUNT, MW_VAL_INT, 0, "buckets" },
	{ "order", "Order", MW_UNIT_NONE, MW_VAL_INT, MW_F_DETAIL, "order as printed (negative before the 2025 fix)" },
	{ "bytes", "Size", MW_UNIT_BYTES, MW_VAL_INT, 0, "bytes as printed" },
	{ "pct_of_installed", "% of RAM", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of installed RAM" },
	{ "alloc", "Allocation", MW_UNIT_NONE, MW_VAL_STR, MW_F_DETAIL, "linear, vmalloc or vmalloc hugepage" },
	{ "when", "When", MW_UNIT_NONE, MW_VAL_STR, 0, "before or after the Memory: line" },
};

static const struct mw_column e820_cols[] = {
	{ "type", "e820 type", MW_UNIT_NONE, MW_VAL_STR, 0, "normalised firmware type" },
	{ "bytes", "Size", MW_UNIT_BYTES, MW_VAL_INT, 0, "sum of the ranges of this type" },
	{ "pct_of_installed", "% of RAM", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of installed RAM" },
};

static const struct mw_column where_cols[] = {
	{ "category", "Where the installed RAM went", MW_UNIT_NONE, MW_VAL_STR, 0, "category" },
	{ "bytes", "Size", MW_UNIT_BYTES, MW_VAL_INT, 0, "bytes" },
	{ "pct_of_installed", "% of RAM", MW_UNIT_PCT, MW_VAL_DOUBLE, 0, "share of installed RAM" },
	{ "confidence", "How known", MW_UNIT_NONE, MW_VAL_STR, 0, "exact, derived or estimated" },
};

static void where_row(struct mw_node *t, const char *cat, int64_t bytes, uint64_t installed, enum mw_confidence c)
{
	struct mw_row *r = mw_row_add(t);
	mw_cell_str(r, 0, cat);
	mw_cell_int(r, 1, bytes);
	mw_cell_double(r, 2, round(mw_pct((double)bytes, (double)installed) * 100) / 100);
	mw_cell_str(r, 3, mw_confidence_name(c));
}

static void fmt_bytes(char *buf, size_t n, double v)
{
	mw_format_bytes(buf, n, v);
}

static int report_one(struct mw_store *st, const struct mw_report_opts *o, struct mw_node *list, struct boot *b)
{
	char title[256], how[512], a[32], bb[32], cc[32];
	struct mw_node *sec, *t, *f;
	struct ctx c;
	enum mw_arch arch;
	int page_size, sp_size;
	int64_t ps_line = MW_UNKNOWN, line;
	uint64_t installed = 0, granule = 0, seen = 0, usable;
	enum mw_confidence inst_conf;
	const char *inst_how = NULL, *sp_how = NULL;
	bool has_e820 = b->n_e820 > 0, deferred = false;
	long kver = mw_kver(b->release);
	const struct mw_fact *ft;

	(void)st;
	snprintf(title, sizeof(title), "Boot %s%s%s", b->release ? b->release : "(kernel release not in the log)",
		 b->host ? " on " : "", b->host ? b->host : "");
	sec = mw_list_add(list, title);
	c.sec = sec;
	c.file = b->input;

	mw_fig_str(sec, "kernel_release", "Kernel release", b->release, NULL);
	if (b->host)
		mw_node_set_flags(mw_fig_str(sec, "host", "Host", b->host, NULL), MW_F_HOST);
	mw_fig_str(sec, "input", "Log", b->input, NULL);
	arch = mw_arch_guess(b->release, b->version_line, has_e820, b->f_highmem != MW_UNKNOWN);
	mw_fig_str(sec, "arch", "Architecture", mw_arch_name(arch), NULL);
	if ((ft = find_fact(b, "dmi")))
		mw_node_set_flags(mw_fig_str(sec, "dmi", "Hardware (DMI)", ft->text, &(struct mw_source){ b->input, (uint64_t)ft->line }), MW_F_DETAIL);
	if ((ft = find_fact(b, "cmdline")))
		mw_node_set_flags(mw_fig_str(sec, "cmdline", "Kernel command line", ft->text,
					     &(struct mw_source){ b->input, (uint64_t)ft->line }), MW_F_DETAIL);
	for (size_t i = 0; i < b->facts.n; i++) {
		bool seen_before = false;
		/* "Command line:" and "Kernel command line:" repeat the same parameters */
		for (size_t k = 0; k < i && !seen_before; k++)
			seen_before = strcmp(b->facts.v[k].key, b->facts.v[i].key) == 0 &&
				      strcmp(b->facts.v[k].text ? b->facts.v[k].text : "", b->facts.v[i].text ? b->facts.v[i].text : "") == 0;
		if (!seen_before && strncmp(b->facts.v[i].key, "param_", 6) == 0) {
			char key[64], label[64];
			snprintf(key, sizeof(key), "boot_param_%s", b->facts.v[i].key + 6);
			snprintf(label, sizeof(label), "Boot parameter %s=", b->facts.v[i].key + 6);
			mw_fig_str(sec, key, label, b->facts.v[i].text, &(struct mw_source){ b->input, (uint64_t)b->facts.v[i].line });
		}
	}

	/* PAGE_SIZE */
	page_size = page_size_from_hashes(b, &ps_line);
	if (page_size) {
		fig(&c, "page_size_bytes", "Page size", page_size, MW_UNIT_BYTES, MW_CONF_DERIVED, ps_line,
		    "hash table bytes / 2^order");
	} else {
		page_size = mw_page_size_default(arch);
		fig(&c, "page_size_bytes", "Page size", page_size, MW_UNIT_BYTES, MW_CONF_ESTIMATED, MW_UNKNOWN,
		    "not in the log: the architecture's default");
	}

	/* what the firmware and the kernel saw */
	usable = b->by_type[T_USABLE];
	if (has_e820)
		seen = usable;
	else if (b->node_bytes || b->node_pfns)
		seen = b->node_bytes + b->node_pfns * (uint64_t)page_size;
	else if (b->have_memline && b->total_kb > 0)
		seen = (uint64_t)b->total_kb * 1024;
	else if ((ft = find_fact(b, "arm_memory_total_kb")) || (ft = find_fact(b, "total_memory_kb")))
		seen = (uint64_t)ft->value * 1024;

	if (o->installed_bytes != MW_UNKNOWN && o->installed_bytes > 0) {
		installed = (uint64_t)o->installed_bytes;
		inst_conf = MW_CONF_EXACT;
		inst_how = "given with --installed";
	} else if (seen) {
		installed = mw_installed_estimate(seen, &granule);
		fmt_bytes(a, sizeof(a), (double)granule);
		snprintf(how, sizeof(how), "%s rounded up to a multiple of %s; give --installed SIZE for the exact figure",
			 has_e820 ? "e820 usable RAM" : (b->node_bytes || b->node_pfns) ? "memory node ranges" : "kernel's total memory",
			 a);
		inst_conf = MW_CONF_ESTIMATED;
		inst_how = how;
	} else {
		inst_conf = MW_CONF_NONE;
	}
	if (installed)
		mw_node_set_flags(fig(&c, "installed_bytes", "Installed RAM", (int64_t)installed, MW_UNIT_BYTES, inst_conf,
				      MW_UNKNOWN, inst_how), MW_F_KEY);
	else
		mw_fig_null(sec, "installed_bytes", "Installed RAM", MW_UNIT_BYTES,
			    "the log has no memory map and no Memory: line; give --installed SIZE");

	/* firmware map */
	if (has_e820) {
		uint64_t loss = installed > usable ? installed - usable : 0;
		mw_node_set_flags(fig(&c, "e820_usable_bytes", "e820 usable RAM", (int64_t)usable, MW_UNIT_BYTES,
				      MW_CONF_EXACT, b->e820_line, "sum of the firmware's usable ranges"), MW_F_KEY);
		fig(&c, "e820_reserved_bytes", "e820 reserved", (int64_t)b->by_type[T_RESERVED], MW_UNIT_BYTES,
		    MW_CONF_EXACT, b->e820_line, NULL);
		fig(&c, "e820_acpi_bytes", "e820 ACPI data + NVS", (int64_t)(b->by_type[T_ACPI_DATA] + b->by_type[T_ACPI_NVS]),
		    MW_UNIT_BYTES, MW_CONF_EXACT, b->e820_line, NULL);
		fig(&c, "e820_entries", "e820 entries", (int64_t)b->n_e820, MW_UNIT_COUNT, MW_CONF_EXACT, b->e820_line, NULL);
		if (installed) {
			snprintf(how, sizeof(how), "installed minus e820 usable");
			mw_node_set_flags(fig(&c, "firmware_loss_bytes", "Lost to firmware and hardware", (int64_t)loss,
					      MW_UNIT_BYTES, inst_conf == MW_CONF_EXACT ? MW_CONF_DERIVED : MW_CONF_ESTIMATED,
					      b->e820_line, how), MW_F_KEY);
			figpct(&c, "firmware_loss_pct", "Lost to firmware, % of installed", mw_pct((double)loss, (double)installed),
			       MW_CONF_DERIVED, NULL);
		}
		fig(&c, "usable_below_4g_bytes", "Usable RAM below 4 GiB", (int64_t)b->usable_low, MW_UNIT_BYTES,
		    MW_CONF_EXACT, b->e820_line, NULL);
		fig(&c, "usable_above_4g_bytes", "Usable RAM above 4 GiB (remapped)", (int64_t)b->usable_high, MW_UNIT_BYTES,
		    MW_CONF_EXACT, b->e820_line, NULL);
		if (b->top_low_ram && b->span_end > 3 * GiB) {
			uint64_t hole = 4 * GiB - b->top_low_ram;
			fig(&c, "pci_hole_bytes", "Address space below 4 GiB without RAM (PCI/MMIO hole)", (int64_t)hole,
			    MW_UNIT_BYTES, MW_CONF_DERIVED, b->e820_line, "4 GiB minus the end of the last usable range below it");
			if (installed > 4 * GiB && b->usable_high == 0) {
				mw_finding(sec, "pci-hole-not-remapped", MW_LEVEL_WARNING, "RAM hidden by the PCI hole",
					   "No usable RAM above 4 GiB although more than 4 GiB is installed.",
					   "The firmware did not remap the memory under the PCI MMIO window, so it is invisible (Kleen 4.1).",
					   "Enable memory remapping/hoisting in the BIOS setup, or use a 64-bit kernel with PAE on 32-bit.");
			}
		}
		t = mw_table(sec, "e820_by_type", "Firmware memory map (BIOS-e820) by type", e820_cols,
			     MW_ARRAY_SIZE(e820_cols));
		for (int i = 0; i < 8; i++) {
			struct mw_row *r;
			if (!b->by_type[i])
				continue;
			r = mw_row_add(t);
			mw_cell_str(r, 0, type_labels[i]);
			mw_cell_int(r, 1, (int64_t)b->by_type[i]);
			mw_cell_double(r, 2, round(mw_pct((double)b->by_type[i], (double)installed) * 100) / 100);
		}
		if (installed && usable && installed > usable &&
		    mw_pct((double)(installed - usable), (double)installed) > 5.0) {
			fmt_bytes(a, sizeof(a), (double)(installed - usable));
			snprintf(how, sizeof(how), "%s of the installed RAM (%.1f%%) is not usable RAM in the firmware map.", a,
				 mw_pct((double)(installed - usable), (double)installed));
			f = mw_finding(sec, "firmware-loss-high", MW_LEVEL_NOTICE, "The firmware keeps a large share", how,
				       "Integrated graphics, firmware tables and the PCI hole take it before Linux starts (Kleen 3.3, 4.1).",
				       "Check the BIOS graphics-memory setting and memory remapping; if the installed size was "
				       "estimated, give --installed to make this exact.");
			(void)f;
		}
	} else {
		mw_fig_null(sec, "e820_usable_bytes", "e820 usable RAM", MW_UNIT_BYTES,
			    "no BIOS-e820 map in this log (not x86, or the start of the log is missing)");
		if (b->node_bytes || b->node_pfns)
			fig(&c, "node_ranges_bytes", "RAM in memory node ranges", (int64_t)seen, MW_UNIT_BYTES,
			    MW_CONF_EXACT, b->node_line, "sum of Early memory node ranges");
		if (installed && seen && installed > seen)
			fig(&c, "firmware_loss_bytes", "Not seen by the kernel (firmware, carve-outs)", (int64_t)(installed - seen),
			    MW_UNIT_BYTES, MW_CONF_ESTIMATED, MW_UNKNOWN, "installed minus the memory the kernel was told about");
	}

	/* Memory: line */
	if (!b->have_memline) {
		mw_fig_null(sec, "memory_available_kb", "Memory: available", MW_UNIT_KB, "no Memory: line in this log");
		mw_fig_null(sec, "memory_total_kb", "Memory: total", MW_UNIT_KB, "no Memory: line in this log");
	} else {
		int64_t code = b->f_code, data, image, init = b->f_init, resident, reserved_kb;
		int64_t avail_eff = b->avail_kb;
		mw_node_set_flags(fig(&c, "memory_available_kb", "Memory: available", b->avail_kb, MW_UNIT_KB, MW_CONF_EXACT,
				      b->memline_line, "first number of the Memory: line (free pages then)"), MW_F_KEY);
		fig(&c, "memory_total_kb", "Memory: total", b->total_kb, MW_UNIT_KB, MW_CONF_EXACT, b->memline_line,
		    kver >= MW_KVER(3, 11, 0) ? "present pages (RAM known to the page allocator)"
					      : "second number of the Memory: line");
		if (b->f_rwdata != MW_UNKNOWN || b->f_rodata != MW_UNKNOWN || b->f_bss != MW_UNKNOWN)
			data = (b->f_rwdata == MW_UNKNOWN ? 0 : b->f_rwdata) + (b->f_rodata == MW_UNKNOWN ? 0 : b->f_rodata) +
			       (b->f_bss == MW_UNKNOWN ? 0 : b->f_bss);
		else
			data = b->f_data;
		if (code != MW_UNKNOWN)
			mw_node_set_flags(fig(&c, "kernel_code_bytes", "Kernel code", code * 1024, MW_UNIT_BYTES, MW_CONF_EXACT,
					      b->memline_line, "kernel code on the Memory: line"), MW_F_KEY);
		else
			mw_fig_null(sec, "kernel_code_bytes", "Kernel code", MW_UNIT_BYTES, "not on this Memory: line");
		if (data != MW_UNKNOWN)
			fig(&c, "kernel_data_bytes", "Kernel data (rwdata + rodata + bss)", data * 1024, MW_UNIT_BYTES,
			    MW_CONF_EXACT, b->memline_line, b->f_data != MW_UNKNOWN ? "data on the Memory: line (includes rodata)" : NULL);
		if (init != MW_UNKNOWN)
			fig(&c, "kernel_init_bytes", "Kernel init sections (freed after boot)", init * 1024, MW_UNIT_BYTES,
			    MW_CONF_EXACT, b->memline_line, NULL);
		image = MW_UNKNOWN;
		if (code != MW_UNKNOWN)
			image = code + (data == MW_UNKNOWN ? 0 : data) + (init == MW_UNKNOWN ? 0 : init);
		ft = find_fact(b, "vmlinux_bytes");
		if (ft) {
			/* `size vmlinux` output beside the log: the image's own text+data+bss */
			fig(&c, "kernel_image_bytes", "Kernel image (size vmlinux: text + data + bss)", ft->value,
			    MW_UNIT_BYTES, MW_CONF_EXACT, ft->line, "dec column of size(1)");
			image = ft->value / 1024;
			resident = ft->value - (init == MW_UNKNOWN ? 0 : init * 1024);
		} else if (image != MW_UNKNOWN) {
			fig(&c, "kernel_image_bytes", "Kernel image (code + data + init)", image * 1024, MW_UNIT_BYTES,
			    MW_CONF_DERIVED, b->memline_line, "sum of the Memory: line's kernel sections");
			resident = (image - (init == MW_UNKNOWN ? 0 : init)) * 1024;
		} else {
			resident = MW_UNKNOWN;
		}
		if (resident != MW_UNKNOWN && installed) {
			fig(&c, "kernel_resident_bytes", "Kernel code and static data after boot (image minus init)", resident,
			    MW_UNIT_BYTES, MW_CONF_DERIVED, b->memline_line, NULL);
			mw_node_set_flags(figpct(&c, "kernel_resident_pct", "Kernel code and static data, % of installed",
						 mw_pct((double)resident, (double)installed), MW_CONF_DERIVED,
						 "Kleen 3.3 says 6.1% for his 1 GiB machine: the right figure is ten times smaller"),
					  MW_F_KEY);
		}
		reserved_kb = b->f_reserved;
		if (reserved_kb != MW_UNKNOWN)
			fig(&c, "memory_reserved_kb", "Memory: reserved", reserved_kb, MW_UNIT_KB, MW_CONF_EXACT, b->memline_line,
			    "the kernel's own count of boot-time reservations");
		if (b->f_cma != MW_UNKNOWN)
			fig(&c, "cma_reserved_bytes", "CMA reserved", b->f_cma * 1024, MW_UNIT_BYTES, MW_CONF_EXACT,
			    b->memline_line, NULL);
		if (b->f_highmem != MW_UNKNOWN)
			fig(&c, "highmem_bytes", "Highmem (32-bit)", b->f_highmem * 1024, MW_UNIT_BYTES, MW_CONF_EXACT,
			    b->memline_line, NULL);

		/*
		 * Memory the kernel manages = total - reserved - cma (the generic
		 * line), or total - absent - reserved (x86_64 lines up to 3.10, whose
		 * total counts holes). When "available" is far below that, the line
		 * was printed before the memory reached the buddy allocator:
		 * deferred struct page init (4.2 .. ~6.15). Use the managed figure.
		 */
		if (reserved_kb != MW_UNKNOWN && b->total_kb > 0) {
			int64_t managed = b->total_kb - reserved_kb - (b->f_cma == MW_UNKNOWN ? 0 : b->f_cma) -
					  (b->f_absent == MW_UNKNOWN ? 0 : b->f_absent);
			if (managed > 0 && managed - b->avail_kb > b->total_kb / 10) {
				deferred = true;
				avail_eff = managed;
				fmt_bytes(a, sizeof(a), (double)b->avail_kb * 1024);
				fmt_bytes(bb, sizeof(bb), (double)managed * 1024);
				snprintf(how, sizeof(how),
					 "The Memory: line says %s available of %s the kernel manages: it was printed before "
					 "most memory reached the page allocator (deferred struct page initialisation).", a, bb);
				f = mw_finding(sec, "memline-before-deferred-init", MW_LEVEL_INFO,
					       "Memory: line printed before all memory was initialised", how,
					       "Its first number understates what the kernel had; memwaste uses the managed "
					       "figure (total - reserved - cma) instead (kernel-formats.md 2.2).",
					       "Nothing to do; /proc/meminfo MemTotal is the reliable figure later.");
				mw_evidence_line(f, b->input, (uint64_t)b->memline_line, b->memline_text,
						 b->memline_text ? strlen(b->memline_text) : 0);
			}
		}
		if (installed && avail_eff > 0) {
			int64_t bootmem = (int64_t)installed - avail_eff * 1024;
			mw_node_set_flags(fig(&c, "bootmem_bytes", "Boot-time share (installed - available)", bootmem,
					      MW_UNIT_BYTES, deferred ? MW_CONF_ESTIMATED : (inst_conf == MW_CONF_EXACT ? MW_CONF_DERIVED : MW_CONF_ESTIMATED),
					      b->memline_line,
					      deferred ? "installed minus (total - reserved - cma), the line predates deferred init"
						       : "installed minus the Memory: line's available, as Kleen 3.4 computes it"),
					  MW_F_KEY);
			figpct(&c, "bootmem_pct", "Boot-time share, % of installed", mw_pct((double)bootmem, (double)installed),
			       MW_CONF_DERIVED, NULL);
		}
		(void)cc;
	}

	/* struct page */
	{
		int64_t memmap_line = MW_UNKNOWN, memmap_pages = fact_sum(b, "memmap_pages", &memmap_line);
		int64_t pages = MW_UNKNOWN, sp_bytes;
		enum mw_confidence conf;
		const char *sp_src = NULL;
		ft = find_fact(b, "struct_page_size");
		if (ft) {
			sp_size = (int)ft->value;
			sp_how = "sizeof(struct page) printed in the log";
		} else {
			sp_size = mw_struct_page_size_guess(arch, kver, &sp_how);
		}
		if (b->have_memline && b->total_kb > 0)
			pages = b->total_kb * 1024 / page_size;
		else if (seen)
			pages = (int64_t)(seen / (uint64_t)page_size);
		if (memmap_pages != MW_UNKNOWN) {
			sp_bytes = memmap_pages * page_size;
			conf = MW_CONF_EXACT;
			sp_src = "sum of \"pages used for memmap\" lines";
			line = memmap_line;
		} else if (pages != MW_UNKNOWN) {
			sp_bytes = pages * sp_size;
			conf = ft ? MW_CONF_DERIVED : MW_CONF_ESTIMATED;
			snprintf(how, sizeof(how), "%" PRId64 " pages x %d bytes (%s)", pages, sp_size, sp_how);
			sp_src = how;
			line = b->memline_line;
		} else {
			sp_bytes = MW_UNKNOWN;
			conf = MW_CONF_NONE;
			line = MW_UNKNOWN;
		}
		fig(&c, "struct_page_size_bytes", "sizeof(struct page)", sp_size, MW_UNIT_BYTES,
		    ft ? MW_CONF_EXACT : MW_CONF_ESTIMATED, ft ? ft->line : MW_UNKNOWN, sp_how);
		if (sp_bytes != MW_UNKNOWN) {
			mw_node_set_flags(fig(&c, "struct_page_bytes", "struct page array (mem_map)", sp_bytes, MW_UNIT_BYTES,
					      conf, line, sp_src), MW_F_KEY);
			if (installed)
				figpct(&c, "struct_page_pct", "struct page, % of installed",
				       mw_pct((double)sp_bytes, (double)installed), conf, NULL);
		} else {
			mw_fig_null(sec, "struct_page_bytes", "struct page array (mem_map)", MW_UNIT_BYTES,
				    "no page count in this log");
		}

		/* hash tables */
		{
			int64_t total = 0, early = 0, late = 0, largest = 0;
			size_t largest_i = 0;
			bool any = false;
			t = mw_table(sec, "hash_tables", "Large system hash tables", hash_cols, MW_ARRAY_SIZE(hash_cols));
			for (size_t i = 0; i < b->n_hashes; i++) {
				struct hash *h = &b->hashes[i];
				struct mw_row *r = mw_row_add(t);
				mw_cell_str(r, 0, h->name);
				if (h->entries != MW_UNKNOWN)
					mw_cell_int(r, 1, h->entries);
				if (h->order != MW_UNKNOWN)
					mw_cell_int(r, 2, h->order);
				if (h->bytes != MW_UNKNOWN) {
					mw_cell_int(r, 3, h->bytes);
					if (installed)
						mw_cell_double(r, 4, round(mw_pct((double)h->bytes, (double)installed) * 1000) / 1000);
					total += h->bytes;
					any = true;
					if (h->after)
						late += h->bytes;
					else
						early += h->bytes;
					if (h->bytes > largest) {
						largest = h->bytes;
						largest_i = i;
					}
				}
				if (h->alloc)
					mw_cell_str(r, 5, h->alloc);
				mw_cell_str(r, 6, b->have_memline ? (h->after ? "after" : "before") : "");
				mw_row_source(r, b->input, h->line == MW_UNKNOWN ? 0 : (uint64_t)h->line);
			}
			if (any) {
				mw_node_set_flags(fig(&c, "hash_tables_bytes", "Hash tables", total, MW_UNIT_BYTES, MW_CONF_EXACT,
						      b->hashes[0].line, "sum of the bytes on every hash table line"), MW_F_KEY);
				fig(&c, "hash_tables_count", "Hash tables listed", (int64_t)b->n_hashes, MW_UNIT_COUNT,
				    MW_CONF_EXACT, MW_UNKNOWN, NULL);
				if (installed) {
					double pct = mw_pct((double)total, (double)installed);
					figpct(&c, "hash_tables_pct", "Hash tables, % of installed", pct, MW_CONF_DERIVED, NULL);
					fig(&c, "hash_tables_16x_bytes", "Hash tables projected for 16x this RAM", total * 16,
					    MW_UNIT_BYTES, MW_CONF_ESTIMATED, MW_UNKNOWN,
					    "alloc_large_system_hash() sizes tables in proportion to memory");
					if (pct >= 1.0 || (b->f_code != MW_UNKNOWN && total > b->f_code * 1024)) {
						fmt_bytes(a, sizeof(a), (double)total);
						fmt_bytes(bb, sizeof(bb), (double)largest);
						snprintf(how, sizeof(how),
							 "The hash tables take %s (%.2f%% of RAM)%s; the largest is %s (%s).", a, pct,
							 b->f_code != MW_UNKNOWN && total > b->f_code * 1024 ? ", more than the kernel code" : "",
							 b->hashes[largest_i].name, bb);
						f = mw_finding(sec, "hash-tables-large", pct >= 2.0 ? MW_LEVEL_WARNING : MW_LEVEL_NOTICE,
							       "Hash tables sized by RAM take a visible share", how,
							       "Their size grows with memory: multi-TB machines tie up gigabytes this way (Kleen 5).",
							       "Cap them on the kernel command line when the workload does not need them: "
							       "dhash_entries=, ihash_entries=, thash_entries=, uhash_entries=.");
						mw_evidence_line(f, b->input, (uint64_t)b->hashes[largest_i].line, b->hashes[largest_i].name,
								 strlen(b->hashes[largest_i].name));
					}
				}
			} else {
				mw_fig_null(sec, "hash_tables_bytes", "Hash tables", MW_UNIT_BYTES,
					    b->n_hashes ? "the hash table lines state no sizes" : "no hash table lines in this log");
			}

			/* crashkernel */
			line = MW_UNKNOWN;
			{
				int64_t crash = fact_sum(b, "crashkernel_bytes", &line);
				if (crash != MW_UNKNOWN) {
					fig(&c, "crashkernel_bytes", "Reserved for the crash kernel", crash, MW_UNIT_BYTES,
					    MW_CONF_EXACT, line, NULL);
					if (installed && mw_pct((double)crash, (double)installed) > 5.0) {
						fmt_bytes(a, sizeof(a), (double)crash);
						snprintf(how, sizeof(how), "crashkernel reserves %s (%.1f%% of RAM).", a,
							 mw_pct((double)crash, (double)installed));
						mw_finding(sec, "crashkernel-large", MW_LEVEL_NOTICE, "Large crashkernel reservation", how,
							   "This memory is never available to the running system.",
							   "Use crashkernel=auto or a smaller fixed size unless kdump needs it.");
					}
				}
			}

			/* returned after boot */
			{
				int64_t freed = 0;
				bool anyf = false;
				for (size_t i = 0; i < b->facts.n; i++) {
					if (strncmp(b->facts.v[i].key, "freeing_", 8) == 0 && b->facts.v[i].value != MW_UNKNOWN) {
						freed += b->facts.v[i].value;
						anyf = true;
					}
				}
				if (anyf)
					fig(&c, "freed_after_boot_bytes", "Returned after boot (init sections, initrd)", freed * 1024,
					    MW_UNIT_BYTES, MW_CONF_EXACT, MW_UNKNOWN, "sum of the Freeing ... memory lines");
			}

			/* the paper's table: where the installed RAM went */
			if (installed && b->have_memline) {
				int64_t avail = deferred ? managed_kb(b) : b->avail_kb;
				int64_t fw = has_e820 ? (int64_t)(installed > usable ? installed - usable : 0)
						      : (seen && installed > seen ? (int64_t)(installed - seen) : 0);
				int64_t kernel_seen = has_e820 ? (int64_t)usable : (int64_t)(seen ? seen : installed);
				int64_t present = b->total_kb * 1024;
				int64_t unmanaged = kernel_seen - present > 0 && kver >= MW_KVER(3, 11, 0) ? kernel_seen - present : 0;
				int64_t boot = kernel_seen - unmanaged - avail * 1024;
				int64_t img = (b->f_code == MW_UNKNOWN ? 0 : b->f_code) +
					      (b->f_rwdata == MW_UNKNOWN ? 0 : b->f_rwdata) + (b->f_rodata == MW_UNKNOWN ? 0 : b->f_rodata) +
					      (b->f_data == MW_UNKNOWN ? 0 : b->f_data) + (b->f_bss == MW_UNKNOWN ? 0 : b->f_bss) +
					      (b->f_init == MW_UNKNOWN ? 0 : b->f_init);
				int64_t crash = fact_sum(b, "crashkernel_bytes", NULL), other;
				int64_t spb = sp_bytes == MW_UNKNOWN ? 0 : sp_bytes;
				img *= 1024;
				if (crash == MW_UNKNOWN)
					crash = 0;
				other = boot - img - spb - crash - early;
				t = mw_table(sec, "where_it_went", "Where the installed RAM went at boot", where_cols,
					     MW_ARRAY_SIZE(where_cols));
				if (fw)
					where_row(t, has_e820 ? "firmware and hardware (not usable in the e820 map)"
							      : "not given to the kernel (firmware, carve-outs)",
						  fw, installed, inst_conf == MW_CONF_EXACT ? MW_CONF_DERIVED : MW_CONF_ESTIMATED);
				if (unmanaged)
					where_row(t, "usable but not managed (holes, mem=, memmap=)", unmanaged, installed,
						  MW_CONF_DERIVED);
				where_row(t, "kernel image (code, data, bss, init)", img, installed, MW_CONF_EXACT);
				if (spb)
					where_row(t, "struct page array", spb, installed,
						  memmap_pages != MW_UNKNOWN ? MW_CONF_EXACT : MW_CONF_ESTIMATED);
				if (crash)
					where_row(t, "crash kernel", crash, installed, MW_CONF_EXACT);
				if (early)
					where_row(t, "hash tables before the Memory: line", early, installed, MW_CONF_EXACT);
				where_row(t, other >= 0 ? "other boot-time allocations (page tables, percpu, initrd, ACPI, ...)"
						       : "other boot-time allocations (estimate too large: see struct page)",
					  other, installed, MW_CONF_DERIVED);
				if (late)
					where_row(t, "hash tables after the Memory: line", late, installed, MW_CONF_EXACT);
				where_row(t, "left for the page allocator at boot", avail * 1024 - late, installed,
					  deferred ? MW_CONF_ESTIMATED : MW_CONF_EXACT);
				{
					struct mw_row *r = mw_row_add(t);
					mw_cell_str(r, 0, "installed RAM");
					mw_cell_int(r, 1, (int64_t)installed);
					mw_cell_double(r, 2, 100.0);
					mw_cell_str(r, 3, mw_confidence_name(inst_conf));
				}
				/* the waterfall chart: installed RAM down to what the page allocator got */
				{
					struct mw_node *ch = mw_chart(sec, "boot_waterfall", "From installed RAM to the page allocator",
								      MW_CHART_WATERFALL, MW_UNIT_BYTES, false);
					size_t s = mw_chart_series_add(ch, "bytes");
					double x = 0, left = (double)installed;
					mw_chart_point(ch, s, x++, left, "installed");
					if (fw)
						mw_chart_point(ch, s, x++, left -= (double)fw, "firmware");
					if (unmanaged)
						mw_chart_point(ch, s, x++, left -= (double)unmanaged, "not managed");
					mw_chart_point(ch, s, x++, left -= (double)img, "kernel image");
					if (spb)
						mw_chart_point(ch, s, x++, left -= (double)spb, "struct page");
					if (crash)
						mw_chart_point(ch, s, x++, left -= (double)crash, "crashkernel");
					if (early)
						mw_chart_point(ch, s, x++, left -= (double)early, "early hash tables");
					mw_chart_point(ch, s, x++, left -= (double)other, "other boot allocations");
					if (late)
						mw_chart_point(ch, s, x++, left -= (double)late, "late hash tables");
					/* a waterfall ends on a total (doc.h) */
					mw_chart_point(ch, s, x, left, "left for the page allocator");
				}
			}

			/* summary */
			{
				char sum[1024];
				size_t n = 0;
				fmt_bytes(a, sizeof(a), (double)installed);
				n += (size_t)snprintf(sum + n, sizeof(sum) - n, "%s%s installed", a,
						      inst_conf == MW_CONF_ESTIMATED ? " (estimated)" : "");
				if (has_e820 && installed) {
					fmt_bytes(bb, sizeof(bb), (double)(installed > usable ? installed - usable : 0));
					n += (size_t)snprintf(sum + n, sizeof(sum) - n, "; firmware kept %s", bb);
				}
				if (b->have_memline && installed) {
					int64_t avail = deferred ? managed_kb(b) : b->avail_kb;
					fmt_bytes(bb, sizeof(bb), (double)((int64_t)installed - avail * 1024));
					n += (size_t)snprintf(sum + n, sizeof(sum) - n, "; %s (%.2f%%) gone before the page allocator started",
							      bb, mw_pct((double)((int64_t)installed - avail * 1024), (double)installed));
				}
				if (any) {
					fmt_bytes(bb, sizeof(bb), (double)total);
					n += (size_t)snprintf(sum + n, sizeof(sum) - n, "; hash tables %s", bb);
				}
				if (sp_bytes != MW_UNKNOWN) {
					fmt_bytes(bb, sizeof(bb), (double)sp_bytes);
					n += (size_t)snprintf(sum + n, sizeof(sum) - n, "; struct page %s", bb);
				}
				snprintf(sum + n, sizeof(sum) - n, ".");
				if (installed || b->have_memline)
					mw_summary(sec, "%s", sum);
				else
					mw_summary(sec, "This log has no memory map and no Memory: line: nothing to account for.");
			}
		}
	}
	return 0;
}

static bool boot_applies(struct mw_store *st, const struct mw_report_opts *o)
{
	(void)o;
	return mw_q_scalar(st, "SELECT (SELECT count(*) FROM memline) + (SELECT count(*) FROM mem_range) + "
			       "(SELECT count(*) FROM hash_table) + 0 * ?1", 0) > 0;
}

static int boot_run(struct mw_store *st, const struct mw_report_opts *o, struct mw_node *root)
{
	struct mw_q q;
	struct mw_node *list;
	struct boot *boots = NULL;
	size_t n = 0, alloc = 0;
	int r = 0;

	if (mw_q_prepare(&q, st, "SELECT b.id, b.kernel_release, b.version_line, i.display, h.name, b.line FROM boot b "
				 "JOIN input i ON i.id = b.input_id LEFT JOIN host h ON h.id = b.host_id "
				 "WHERE (?1 IS NULL OR h.name = ?1) AND (EXISTS (SELECT 1 FROM memline m WHERE m.boot_id = b.id) "
				 "OR EXISTS (SELECT 1 FROM mem_range r WHERE r.boot_id = b.id) "
				 "OR EXISTS (SELECT 1 FROM hash_table t WHERE t.boot_id = b.id)) "
				 "ORDER BY b.input_id, b.seq") < 0)
		return MW_ESTORE;
	mw_q_bind_text(&q, 1, o->host);
	while (mw_q_step(&q)) {
		struct boot *b;
		MW_GROW(boots, alloc, n + 1);
		b = &boots[n++];
		memset(b, 0, sizeof(*b));
		b->id = mw_q_i64(&q, 0);
		b->release = mw_q_textdup(&q, 1);
		b->version_line = mw_q_textdup(&q, 2);
		b->input = mw_q_textdup(&q, 3);
		b->host = mw_q_textdup(&q, 4);
		b->line = mw_q_i64(&q, 5);
	}
	if (mw_q_finish(&q) < 0)
		r = MW_ESTORE;
	if (n && r == 0) {
		list = mw_list(root, "boots", "Boot-time memory: where the installed RAM went");
		for (size_t i = 0; i < n && r == 0; i++) {
			r = load(st, &boots[i]);
			if (r == 0)
				r = report_one(st, o, list, &boots[i]);
		}
	}
	for (size_t i = 0; i < n; i++)
		boot_free(&boots[i]);
	free(boots);
	return r;
}

const struct mw_report mw_report_boot = {
	.name = "boot",
	.summary = "boot-time accounting: firmware, kernel image, bootmem, struct page, hash tables",
	.applies = boot_applies,
	.run = boot_run,
};
