/* SPDX-License-Identifier: MIT */
/*
 * bootfacts.c: the boot-time lines of a kernel log that say where the
 * installed RAM went before user space saw it. Each pattern below is one
 * concern (the page_owner_sort.c discipline): the firmware map
 * (arch/x86/kernel/e820.c), EFI map (drivers/firmware/efi/memmap.c),
 * zone and node ranges (mm/mm_init.c, formerly mm/page_alloc.c), the
 * "Memory:" line (mem_init_print_info(), or the per-arch mem_init() of
 * 2.6), large-system hash tables (alloc_large_system_hash()), zonelists,
 * memmap, crashkernel, and the "Freeing ... memory" lines. Examples:
 *
 *    BIOS-e820: 000000000009fc00 - 00000000000a0000 (reserved)
 *   BIOS-e820: [mem 0x0000000000100000-0x00000000bfffffff] usable
 *   Memory: 1014792k/1039360k available (3211k kernel code, 23488k reserved, 2303k data, 204k init)
 *   Dentry cache hash table entries: 4194304 (order: 13, 33554432 bytes, linear)
 *   Built 1 zonelists, mobility grouping on.  Total pages: 6291358
 *
 * Formats and their eras: ../shared/spec/kernel-formats.md sections 1-4
 * (summarised in man/memwaste-formats.5). Ranges are normalised to
 * exclusive ends here, so the store and the reports never need to know
 * which era printed them.
 */
#include <stdio.h>
#include <string.h>
#include "klog.h"
#include "pattern.h"
#include "memwaste/banned.h"

/*
 * End of a view: a group that did not take part in the match is
 * MW_STR_NULL, and NULL + 0 is undefined behaviour in C (clang's UBSan
 * says so; found by fuzz-parse on the 2006 paper fixture).
 */
static const char *str_end(struct mw_str s)
{
	return s.len ? s.ptr + s.len : s.ptr;
}

enum pat {
	P_CMDLINE,
	P_DMI,
	P_E820_OLD,
	P_E820_NEW,
	P_E820_OP,
	P_EFI_NEW,
	P_EFI_OLD,
	P_ZONE_HDR,
	P_ZONE_MEM,
	P_ZONE_PFN,
	P_ZONE_EMPTY,
	P_NODE_HDR,
	P_NODE_MEM,
	P_NODE_PFN,
	P_MOVABLE_HDR,
	P_MOVABLE_NODE,
	P_MEMLINE,
	P_ARM_MEM_TOTAL,
	P_HASH,
	P_ZONELISTS,
	P_NODE_TOTALPAGES,
	P_MEMMAP,
	P_ZONE_LIFO,
	P_SIZEOF_PAGE,
	P_FREEING,
	P_CRASH_RESERVING,
	P_CRASH_RESERVED,
	P_UNAVAILABLE,
	P_PPC_HASH,
	P_HIGHLOW_MB,
	P_PERCPU,
	P_SLAB_ALLOC,
	P_SWIOTLB,
	P_HUGETLB,
	P_CMA,
	P_LAST_PFN,
	P_PCI_GAP,
	P_SIZE_VMLINUX,
	P__MAX
};

/*
 * {literal that must occur, PCRE2 pattern}. The literal is a cheap memmem
 * prefilter so most log lines never reach the regex engine. Patterns run
 * on the message with leading blanks removed.
 */
static const struct mw_pattern patterns[P__MAX] = {
	[P_CMDLINE] = { "ommand line: ", "^(?:Kernel )?[Cc]ommand line: ?(?<v>.*)$" },
	[P_DMI] = { "DMI: ", "^DMI: (?<v>.+)$" },
	[P_E820_OLD] = { " - ", "^(?<who>BIOS-e820|BIOS-e801|BIOS-88|user|modified|reserve setup_data|Xen):"
				" +(?<start>[0-9a-fA-F]{8,16}) - (?<end>[0-9a-fA-F]{8,16}) +(?<type>.+?)\\s*$" },
	[P_E820_NEW] = { "[", "^(?<who>BIOS-e820|BIOS-e801|BIOS-88|user|modified|reserve setup_data|Xen):"
			      " +\\[(?<kw>mem|gap) +(?<start>0x[0-9a-fA-F]+)-(?<end>0x[0-9a-fA-F]+)\\]"
			      "\\s*(?:[0-9.]+ +[KMGT]?B\\s+)?(?<type>.*?)\\s*$" },
	[P_E820_OP] = { "e820: ", "^e820: (?<op>update|remove) \\[mem (?<start>0x[0-9a-fA-F]+)-(?<end>0x[0-9a-fA-F]+)\\]"
				  "\\s*(?<type>.*?)\\s*$" },
	[P_EFI_NEW] = { "range=[", "^(?:efi: +)?mem(?<n>\\d+): +\\[(?<type>[^|\\]]*)[^\\]]*\\] +range=\\["
				   "(?<start>0x[0-9a-fA-F]+)-(?<end>0x[0-9a-fA-F]+)\\]" },
	[P_EFI_OLD] = { "range=[", "^(?:(?:EFI|efi): +)?mem(?<n>\\d+): +type=(?<type>\\d+), attr=0x[0-9a-fA-F]+, +"
				   "range=\\[(?<start>0x[0-9a-fA-F]+)-(?<end>0x[0-9a-fA-F]+)\\)" },
	[P_ZONE_HDR] = { "ranges", "^Zone (?:PFN )?ranges:\\s*$" },
	[P_ZONE_MEM] = { "[mem ", "^(?<zone>[A-Za-z0-9_]+) +\\[mem (?<start>0x[0-9a-fA-F]+)-(?<end>0x[0-9a-fA-F]+)\\]\\s*$" },
	[P_ZONE_PFN] = { " -> ", "^(?<zone>[A-Za-z][A-Za-z0-9_]*) +(?<start>0x[0-9a-fA-F]+|\\d+) +-> +(?<end>0x[0-9a-fA-F]+|\\d+)\\s*$" },
	[P_ZONE_EMPTY] = { "empty", "^(?<zone>[A-Za-z][A-Za-z0-9_]*) +empty\\s*$" },
	[P_NODE_HDR] = { "ranges", "^(?:Early memory node ranges|Early memory PFN ranges|early_node_map\\[\\d+\\] active PFN ranges)\\s*$" },
	[P_NODE_MEM] = { "[mem ", "^node +(?<node>\\d+): +\\[mem (?<start>0x[0-9a-fA-F]+)-(?<end>0x[0-9a-fA-F]+)\\]\\s*$" },
	[P_NODE_PFN] = { " -> ", "^(?<node>\\d+): +(?<start>0x[0-9a-fA-F]+|\\d+) +-> +(?<end>0x[0-9a-fA-F]+|\\d+)\\s*$" },
	[P_MOVABLE_HDR] = { "Movable zone start", "^Movable zone start (?<pfn>PFN )?for each node\\s*$" },
	[P_MOVABLE_NODE] = { "Node ", "^Node (?<node>\\d+): (?<start>0x[0-9a-fA-F]+|\\d+)\\s*$" },
	[P_MEMLINE] = { "Memory: ", "^Memory: (?<avail>\\d+)[kK]/(?<total>\\d+)[kK] available(?<rest>.*)$" },
	[P_ARM_MEM_TOTAL] = { "Memory: ", "^Memory: (?<banks>.*?)= ?(?<total>\\d+)MB total\\s*$" },
	[P_HASH] = { " hash table entries: ", "^(?<name>.+?) hash table entries: (?<entries>\\d+)(?: \\((?<rest>[^)]*)\\))?" },
	[P_ZONELISTS] = { "zonelists", "^Built (?<n>\\d+) zonelists\\b.*?Total pages: (?<pages>\\d+)" },
	[P_NODE_TOTALPAGES] = { "totalpages", "^On node (?<node>\\d+) totalpages: (?<pages>\\d+)" },
	[P_MEMMAP] = { "used for memmap", "^(?<zone>\\w+) zone: (?<pages>\\d+) pages used for memmap" },
	[P_ZONE_LIFO] = { "LIFO batch", "^(?<zone>\\w+) zone: (?<pages>\\d+) pages, LIFO batch:" },
	[P_SIZEOF_PAGE] = { "sizeof(struct page)", "sizeof\\(struct page\\) = (?<n>\\d+)" },
	[P_FREEING] = { "Freeing ", "^Freeing (?<what>.+?) memory: (?<kb>\\d+)[kK]" },
	[P_CRASH_RESERVING] = { "crashkernel", "Reserving (?<mb>\\d+)MB of (?:low )?memory at (?<at>\\d+)MB for crashkernel" },
	[P_CRASH_RESERVED] = { "crashkernel", "crashkernel reserved: (?<start>0x[0-9a-fA-F]+) - (?<end>0x[0-9a-fA-F]+) \\((?<mb>\\d+) MB\\)" },
	[P_UNAVAILABLE] = { "unavailable ranges", "^On node (?<node>\\d+), zone (?<zone>\\w+): (?<pages>\\d+) pages in unavailable ranges" },
	[P_PPC_HASH] = { "for hash table", "^Total memory = (?<mb>\\d+)MB; using (?<kb>\\d+)kB for hash table" },
	[P_HIGHLOW_MB] = { "MEM available", "^(?<mb>\\d+)MB (?<which>HIGHMEM|LOWMEM) available" },
	[P_PERCPU] = { "Embedded", "^(?:percpu|PERCPU): Embedded (?<pages>\\d+) pages/cpu" },
	[P_SLAB_ALLOC] = { "HWalign=", "^(?<alloc>SLUB|SLAB|SLOB): .*HWalign=" },
	[P_SWIOTLB] = { "software IO TLB", "software IO TLB: mapped \\[mem (?<start>0x[0-9a-fA-F]+)-(?<end>0x[0-9a-fA-F]+)\\]" },
	[P_HUGETLB] = { "HugeTLB", "^HugeTLB: registered (?<size>[0-9.]+ [KMG]iB) page size, pre-allocated (?<n>\\d+) pages" },
	[P_CMA] = { "CMA", "(?:Reserved memory: created CMA memory pool at (?<at>0x[0-9a-fA-F]+), size (?<mib>\\d+) MiB|"
			  "^cma: Reserved (?<mib2>\\d+) MiB at (?<at2>0x[0-9a-fA-F]+))" },
	[P_LAST_PFN] = { "last_pfn", "last_pfn = (?<pfn>0x[0-9a-fA-F]+) max_arch_pfn" },
	[P_SIZE_VMLINUX] = { "vmlinux", "^(?<text>\\d+)\\s+(?<data>\\d+)\\s+(?<bss>\\d+)\\s+(?<dec>\\d+)\\s+[0-9a-fA-F]+\\s+\\S*vmlinux\\S*\\s*$" },
	[P_PCI_GAP] = { "available for PCI devices", "\\[mem (?<start>0x[0-9a-fA-F]+)-(?<end>0x[0-9a-fA-F]+)\\] available for PCI devices" },
};

static struct mw_pattern_set set = MW_PATTERN_SET("boot facts", patterns);

void mw_bootfacts_release(void)
{
	mw_pattern_set_release(&set);
}

static bool match(struct mw_match *m, enum pat id, struct mw_str s)
{
	return mw_pattern_match(&set, id, s, m);
}

#define grp mw_match_group
#define grp_u64 mw_match_u64
#define grp_hex mw_match_hex

enum list_mode { LIST_NONE, LIST_ZONES, LIST_NODES, LIST_MOVABLE };

struct bootfacts {
	enum list_mode mode;
	bool movable_pfn;
};

static int fact(struct mw_pctx *ctx, const struct mw_kline *l, const char *key, int64_t value, enum mw_unit unit,
		struct mw_str text)
{
	struct mw_record r;
	mw_record_init(&r, MW_REC_BOOT_FACT, l->line);
	r.ts = l->ts;
	r.u.boot_fact.key = mw_str_make(key, strlen(key));
	r.u.boot_fact.value = value;
	r.u.boot_fact.unit = unit;
	r.u.boot_fact.text = text;
	return mw_emit(ctx, &r);
}

static int range(struct mw_pctx *ctx, const struct mw_kline *l, const char *map, uint64_t start, uint64_t end,
		 enum mw_unit unit, struct mw_str type, struct mw_str type_text, int64_t node)
{
	struct mw_record r;
	if (end < start) {
		mw_pwarn(ctx, l->line, "range ends before it starts, skipped");
		return 0;
	}
	mw_record_init(&r, MW_REC_RANGE, l->line);
	r.ts = l->ts;
	r.u.range.map = mw_str_make(map, strlen(map));
	r.u.range.start = start;
	r.u.range.end = end;
	r.u.range.unit = unit;
	r.u.range.type = type;
	r.u.range.type_text = type_text;
	r.u.range.node = node;
	return mw_emit(ctx, &r);
}

/*
 * Firmware type text -> normalised name. Works for both eras ("(usable)"
 * and "usable"), for the pending "kernel usable RAM" form, and for
 * "type N" (no parentheses in either era).
 */
static struct mw_str e820_type(struct mw_str t, char *buf, size_t bufsz)
{
	const char *p = t.ptr, *end = str_end(t);
	if (t.len >= 2 && p[0] == '(' && end[-1] == ')')
		p++, end--;
	t = mw_str_make(p, (size_t)(end - p));
	if (mw_find(p, end, "unusable"))
		return MW_STR("unusable");
	if (mw_find(p, end, "usable") || mw_find(p, end, "RAM"))
		return MW_STR("usable");
	if (mw_find(p, end, "ACPI data") || mw_find(p, end, "ACPI Tables"))
		return MW_STR("acpi_data");
	if (mw_find(p, end, "ACPI NVS") || mw_find(p, end, "Non-volatile"))
		return MW_STR("acpi_nvs");
	if (mw_find(p, end, "soft reserved") || mw_find(p, end, "Soft Reserved"))
		return MW_STR("soft_reserved");
	if (mw_find(p, end, "persistent") || mw_find(p, end, "Persistent"))
		return MW_STR("persistent");
	if (mw_find(p, end, "reserved") || mw_find(p, end, "Reserved"))
		return MW_STR("reserved");
	if (mw_starts_with(p, end, "type ")) {
		uint64_t n;
		const char *q = mw_scan_u64(p + 5, end, &n);
		if (q) {
			int k = snprintf(buf, bufsz, "type_%llu", (unsigned long long)n);
			/* type 12 (PRAM) and 7 (PMEM) are persistent memory; 128 prints as usable */
			if (n == 7 || n == 12)
				return MW_STR("persistent");
			return mw_str_make(buf, (size_t)k);
		}
	}
	return MW_STR("other");
}

static const char *e820_map(struct mw_str who)
{
	if (mw_str_eq(who, "user") || mw_str_eq(who, "modified"))
		return "user";
	if (mw_str_eq(who, "reserve setup_data"))
		return "setup_data";
	return "e820";
}

static const char *const efi_types[] = {
	"Reserved", "Loader Code", "Loader Data", "Boot Code", "Boot Data", "Runtime Code", "Runtime Data",
	"Conventional", "Unusable", "ACPI Reclaim", "ACPI Mem NVS", "MMIO", "MMIO Port", "PAL Code", "Persistent",
	"Unaccepted",
};

static int handle_e820(struct mw_pctx *ctx, const struct mw_kline *l, const struct mw_match *m, bool new_era)
{
	uint64_t start, end;
	char buf[32];
	struct mw_str type_text = grp(m, "type");
	struct mw_str type;

	if (new_era) {
		if (!grp_hex(m, "start", &start) || !grp_hex(m, "end", &end) || end == UINT64_MAX)
			goto bad;
		if (mw_str_eq(grp(m, "kw"), "gap"))
			return 0;	/* derived by the printer, not a firmware entry */
		end += 1;		/* "[mem A-B]" has an inclusive end */
	} else {
		if (!grp_hex(m, "start", &start) || !grp_hex(m, "end", &end))
			goto bad;
	}
	type = e820_type(type_text, buf, sizeof(buf));
	return range(ctx, l, e820_map(grp(m, "who")), start, end, MW_UNIT_BYTES, type, type_text, MW_UNKNOWN);
bad:
	mw_pwarn(ctx, l->line, "unreadable firmware memory map entry");
	return 0;
}

static int handle_e820_op(struct mw_pctx *ctx, const struct mw_kline *l, const struct mw_match *m)
{
	uint64_t start, end;
	char buf[32];
	struct mw_str text = grp(m, "type"), last = text;
	const char *arrow = mw_find(text.ptr, str_end(text), "==>");
	bool update = mw_str_eq(grp(m, "op"), "update");

	if (!grp_hex(m, "start", &start) || !grp_hex(m, "end", &end) || end == UINT64_MAX) {
		mw_pwarn(ctx, l->line, "unreadable e820 %s line", update ? "update" : "remove");
		return 0;
	}
	if (arrow)
		last = mw_str_trim(mw_str_make(arrow + 3, (size_t)(str_end(text) - arrow - 3)));
	return range(ctx, l, update ? "e820_update" : "e820_remove", start, end + 1, MW_UNIT_BYTES,
		     e820_type(last, buf, sizeof(buf)), text, MW_UNKNOWN);
}

static int handle_efi(struct mw_pctx *ctx, const struct mw_kline *l, const struct mw_match *m, bool new_era)
{
	uint64_t start, end;
	struct mw_str type = mw_str_trim(grp(m, "type"));
	if (!grp_hex(m, "start", &start) || !grp_hex(m, "end", &end) || end == UINT64_MAX)
		return 0;
	if (new_era) {
		end += 1;
	} else {
		uint64_t n;
		if (mw_scan_u64(type.ptr, str_end(type), &n) && n < MW_ARRAY_SIZE(efi_types))
			type = mw_str_make(efi_types[n], strlen(efi_types[n]));
	}
	return range(ctx, l, "efi", start, end, MW_UNIT_BYTES, type, grp(m, "type"), MW_UNKNOWN);
}

/* Decimal PFN in the 2.6.19..2.6.25 era, hex (0x) later: both mean pages. */
static bool pfn_or_addr(const struct mw_match *m, const char *name, uint64_t *ret)
{
	return grp_u64(m, name, ret);
}

/*
 * "Memory: 1014792k/1039360k available (3211k kernel code, 23488k reserved, 2303k data, 204k init)"
 * "Memory: 1007916k/1007916k available, 40660k reserved, 242688K highmem" (ARM 2.6)
 * The parenthesised list is read as "<n>[kK] <name>" pairs in any order.
 */
static int handle_memline(struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l, const struct mw_match *m)
{
	struct mw_record r;
	uint64_t avail, total;
	struct mw_str rest = grp(m, "rest");
	const char *p = rest.ptr, *end = str_end(rest);

	if (!grp_u64(m, "avail", &avail) || !grp_u64(m, "total", &total)) {
		mw_pwarn(ctx, l->line, "unreadable Memory: line");
		return 0;
	}
	mw_record_init(&r, MW_REC_MEMLINE, l->line);
	r.ts = l->ts;
	r.u.memline.available_kb = (int64_t)avail;
	r.u.memline.total_kb = (int64_t)total;
	r.u.memline.text = mw_str_make(l->msg, l->len);
	while (p < end) {
		uint64_t kb;
		const char *q, *name;
		while (p < end && (*p == ' ' || *p == '(' || *p == ',' || *p == ')'))
			p++;
		if (p >= end)
			break;
		q = mw_scan_u64(p, end, &kb);
		if (!q || q >= end || (*q != 'k' && *q != 'K')) {
			/* skip an item we cannot read ("... available" arch strings) */
			while (p < end && *p != ',')
				p++;
			continue;
		}
		q++;
		q = mw_skip_ws(q, end);
		name = q;
		while (q < end && *q != ',' && *q != ')')
			q++;
		if (r.u.memline.n_fields < MW_MAX_MEMLINE_FIELDS) {
			r.u.memline.fields[r.u.memline.n_fields].name =
				mw_str_trim(mw_str_make(name, (size_t)(q - name)));
			r.u.memline.fields[r.u.memline.n_fields].kb = (int64_t)kb;
			r.u.memline.n_fields++;
		}
		p = q;
	}
	mw_klog_set_memline_seen(kl);
	return mw_emit(ctx, &r);
}

/*
 * "<name> hash table entries: N (order: k, B bytes[, linear|vmalloc|vmalloc hugepage])"
 * also "(order k, B bytes)" (Dquot), "(B bytes on N NUMA nodes, total T KiB, linear)." (futex, 6.x),
 * and no parenthesis at all ("Mount-cache hash table entries: 256", 2.6).
 */
static int handle_hash(struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l, const struct mw_match *m)
{
	struct mw_record r;
	uint64_t entries;
	struct mw_str rest = grp(m, "rest");
	const char *p = rest.ptr, *end = str_end(rest), *q;

	if (!grp_u64(m, "entries", &entries)) {
		mw_pwarn(ctx, l->line, "unreadable hash table line");
		return 0;
	}
	mw_record_init(&r, MW_REC_HASH, l->line);
	r.ts = l->ts;
	r.u.hash.name = grp(m, "name");
	r.u.hash.entries = (int64_t)entries;
	r.u.hash.after_memline = mw_klog_memline_seen(kl);
	if (rest.len) {
		if ((q = mw_find(p, end, "order")) != NULL) {
			int64_t order;
			q += 5;
			if (q < end && *q == ':')
				q++;
			q = mw_skip_ws(q, end);
			if (mw_scan_i64(q, end, &order))
				r.u.hash.order = order;
		}
		if ((q = mw_find(p, end, " bytes")) != NULL) {
			const char *s = q;
			uint64_t bytes;
			while (s > p && s[-1] >= '0' && s[-1] <= '9')
				s--;
			if (s < q && mw_scan_u64(s, q, &bytes) == q)
				r.u.hash.bytes = (int64_t)bytes;
		}
		/* futex: per-node bytes, and the total over all nodes */
		if ((q = mw_find(p, end, "total ")) != NULL) {
			uint64_t t;
			const char *e = mw_scan_u64(q + 6, end, &t);
			if (e && mw_starts_with(e, end, " KiB"))
				r.u.hash.bytes = (int64_t)(t * 1024);
			else if (e && mw_starts_with(e, end, " MiB"))
				r.u.hash.bytes = (int64_t)(t * 1024 * 1024);
		}
		if (mw_find(p, end, "vmalloc hugepage"))
			r.u.hash.alloc = MW_STR("vmalloc hugepage");
		else if (mw_find(p, end, "vmalloc"))
			r.u.hash.alloc = MW_STR("vmalloc");
		else if (mw_find(p, end, "linear"))
			r.u.hash.alloc = MW_STR("linear");
	}
	return mw_emit(ctx, &r);
}

/* Boot parameters worth their own fact (mem=, crashkernel=, hugepages=, ...). */
static int cmdline_params(struct mw_pctx *ctx, const struct mw_kline *l, struct mw_str v)
{
	static const char *const keys[] = { "mem", "memmap", "crashkernel", "hugepages", "hugepagesz",
					    "default_hugepagesz", "hugetlb_cma", "cma", "movablecore",
					    "kernelcore", "transparent_hugepage", "swiotlb", "numa" };
	const char *p = v.ptr, *end = str_end(v);
	while (p < end) {
		size_t n;
		const char *after, *tok = mw_next_token(p, end, &n, &after);
		if (!n)
			break;
		for (size_t i = 0; i < MW_ARRAY_SIZE(keys); i++) {
			size_t kl = strlen(keys[i]);
			if (n > kl && tok[kl] == '=' && memcmp(tok, keys[i], kl) == 0) {
				char key[48];
				int r;
				snprintf(key, sizeof(key), "param_%s", keys[i]);
				r = fact(ctx, l, key, MW_UNKNOWN, MW_UNIT_NONE, mw_str_make(tok + kl + 1, n - kl - 1));
				if (r < 0)
					return r;
			}
		}
		p = after;
	}
	return 0;
}

/* "unused kernel image (initmem)" -> "freeing_unused_kernel_image_initmem_kb" */
static void slug_key(char *out, size_t outsz, const char *prefix, struct mw_str what, const char *suffix)
{
	size_t o = 0;
	bool us = false;
	o += (size_t)snprintf(out, outsz, "%s", prefix);
	for (size_t i = 0; i < what.len && o + 2 < outsz; i++) {
		char c = what.ptr[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			out[o++] = c;
			us = false;
		} else if (!us && o && out[o - 1] != '_') {
			out[o++] = '_';
			us = true;
		}
	}
	while (o && out[o - 1] == '_')
		o--;
	out[o] = '\0';
	snprintf(out + o, outsz - o, "%s", suffix);
}

static int bootfacts_feed(void *state, struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l)
{
	struct bootfacts *bf = state;
	struct mw_str s = mw_str_trim(mw_str_make(l->msg, l->len));
	struct mw_match m;
	uint64_t a, b;
	int r = 0;

	if (mw_pattern_set_compile(&set) < 0) {
		mw_pwarn(ctx, l->line, "internal error: %s", set.error);
		return -EINVAL;
	}
	if (!s.len)
		return 0;

	/* Lists that follow a header line: zone ranges, node ranges, movable zone start. */
	if (bf->mode != LIST_NONE) {
		if (bf->mode == LIST_ZONES) {
			if (match(&m, P_ZONE_MEM, s) && grp_hex(&m, "start", &a) && grp_hex(&m, "end", &b) && b != UINT64_MAX) {
				if ((r = mw_klog_need_boot(kl, ctx, l)) < 0)
					return r;
				return range(ctx, l, "zone", a, b + 1, MW_UNIT_BYTES, grp(&m, "zone"), grp(&m, "zone"),
					     MW_UNKNOWN) < 0 ? -1 : 1;
			}
			if (match(&m, P_ZONE_PFN, s) && pfn_or_addr(&m, "start", &a) && pfn_or_addr(&m, "end", &b)) {
				if ((r = mw_klog_need_boot(kl, ctx, l)) < 0)
					return r;
				return range(ctx, l, "zone", a, b, MW_UNIT_PFN, grp(&m, "zone"), grp(&m, "zone"),
					     MW_UNKNOWN) < 0 ? -1 : 1;
			}
			if (match(&m, P_ZONE_EMPTY, s))
				return 1;
		} else if (bf->mode == LIST_NODES) {
			if (match(&m, P_NODE_MEM, s) && grp_hex(&m, "start", &a) && grp_hex(&m, "end", &b) &&
			    b != UINT64_MAX && grp_u64(&m, "node", &(uint64_t){ 0 })) {
				uint64_t node;
				grp_u64(&m, "node", &node);
				if ((r = mw_klog_need_boot(kl, ctx, l)) < 0)
					return r;
				return range(ctx, l, "node", a, b + 1, MW_UNIT_BYTES, MW_STR("memory"), MW_STR_NULL,
					     (int64_t)node) < 0 ? -1 : 1;
			}
			if (match(&m, P_NODE_PFN, s) && pfn_or_addr(&m, "start", &a) && pfn_or_addr(&m, "end", &b)) {
				uint64_t node = 0;
				grp_u64(&m, "node", &node);
				if ((r = mw_klog_need_boot(kl, ctx, l)) < 0)
					return r;
				return range(ctx, l, "node", a, b, MW_UNIT_PFN, MW_STR("memory"), MW_STR_NULL,
					     (int64_t)node) < 0 ? -1 : 1;
			}
		} else if (bf->mode == LIST_MOVABLE) {
			if (match(&m, P_MOVABLE_NODE, s) && grp_u64(&m, "start", &a)) {
				uint64_t node = 0;
				grp_u64(&m, "node", &node);
				if ((r = mw_klog_need_boot(kl, ctx, l)) < 0)
					return r;
				return range(ctx, l, "movable", a, a, bf->movable_pfn ? MW_UNIT_PFN : MW_UNIT_BYTES,
					     MW_STR("movable_start"), MW_STR_NULL, (int64_t)node) < 0 ? -1 : 1;
			}
		}
		bf->mode = LIST_NONE;
	}
	if (match(&m, P_ZONE_HDR, s)) {
		bf->mode = LIST_ZONES;
		return 1;
	}
	if (match(&m, P_NODE_HDR, s)) {
		bf->mode = LIST_NODES;
		return 1;
	}
	if (match(&m, P_MOVABLE_HDR, s)) {
		bf->mode = LIST_MOVABLE;
		bf->movable_pfn = grp(&m, "pfn").len != 0;
		return 1;
	}

	/* `size vmlinux` output pasted beside the log (Kleen 3.3): the image's text + data + bss */
	if (s.len < 120 && match(&m, P_SIZE_VMLINUX, s) && grp_u64(&m, "dec", &a)) {
		if ((r = mw_klog_need_boot(kl, ctx, l)) < 0)
			return r;
		if ((r = fact(ctx, l, "vmlinux_bytes", (int64_t)a, MW_UNIT_BYTES, s)) >= 0 && grp_u64(&m, "text", &b))
			r = fact(ctx, l, "vmlinux_text_bytes", (int64_t)b, MW_UNIT_BYTES, s);
		return r < 0 ? r : 1;
	}

	/* The quick exit for most lines: every remaining pattern needs one of these bytes. */
	if (!memchr(s.ptr, ':', s.len) && !memchr(s.ptr, '=', s.len) && !memchr(s.ptr, '[', s.len) &&
	    !mw_find(s.ptr, str_end(s), "available"))
		return 0;

#define NEED_BOOT() do { if ((r = mw_klog_need_boot(kl, ctx, l)) < 0) return r; } while (0)
	if (match(&m, P_E820_NEW, s)) {
		NEED_BOOT();
		r = handle_e820(ctx, l, &m, true);
	} else if (match(&m, P_E820_OLD, s)) {
		NEED_BOOT();
		r = handle_e820(ctx, l, &m, false);
	} else if (match(&m, P_E820_OP, s)) {
		NEED_BOOT();
		r = handle_e820_op(ctx, l, &m);
	} else if (match(&m, P_MEMLINE, s)) {
		NEED_BOOT();
		r = handle_memline(kl, ctx, l, &m);
	} else if (match(&m, P_HASH, s)) {
		NEED_BOOT();
		r = handle_hash(kl, ctx, l, &m);
	} else if (match(&m, P_CMDLINE, s)) {
		NEED_BOOT();
		if ((r = fact(ctx, l, "cmdline", MW_UNKNOWN, MW_UNIT_NONE, grp(&m, "v"))) >= 0)
			r = cmdline_params(ctx, l, grp(&m, "v"));
	} else if (match(&m, P_DMI, s)) {
		NEED_BOOT();
		r = fact(ctx, l, "dmi", MW_UNKNOWN, MW_UNIT_NONE, grp(&m, "v"));
	} else if (match(&m, P_EFI_NEW, s)) {
		NEED_BOOT();
		r = handle_efi(ctx, l, &m, true);
	} else if (match(&m, P_EFI_OLD, s)) {
		NEED_BOOT();
		r = handle_efi(ctx, l, &m, false);
	} else if (match(&m, P_ARM_MEM_TOTAL, s) && grp_u64(&m, "total", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "arm_memory_total_kb", (int64_t)a * 1024, MW_UNIT_KB, s);
	} else if (match(&m, P_ZONELISTS, s) && grp_u64(&m, "pages", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "total_pages", (int64_t)a, MW_UNIT_PAGES, s);
	} else if (match(&m, P_NODE_TOTALPAGES, s) && grp_u64(&m, "pages", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "node_totalpages", (int64_t)a, MW_UNIT_PAGES, grp(&m, "node"));
	} else if (match(&m, P_MEMMAP, s) && grp_u64(&m, "pages", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "memmap_pages", (int64_t)a, MW_UNIT_PAGES, grp(&m, "zone"));
	} else if (match(&m, P_ZONE_LIFO, s) && grp_u64(&m, "pages", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "zone_pages", (int64_t)a, MW_UNIT_PAGES, grp(&m, "zone"));
	} else if (match(&m, P_SIZEOF_PAGE, s) && grp_u64(&m, "n", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "struct_page_size", (int64_t)a, MW_UNIT_BYTES, s);
	} else if (match(&m, P_FREEING, s) && grp_u64(&m, "kb", &a)) {
		char key[96];
		NEED_BOOT();
		slug_key(key, sizeof(key), "freeing_", grp(&m, "what"), "_kb");
		r = fact(ctx, l, key, (int64_t)a, MW_UNIT_KB, s);
	} else if (match(&m, P_CRASH_RESERVING, s) && grp_u64(&m, "mb", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "crashkernel_bytes", (int64_t)a << 20, MW_UNIT_BYTES, s);
	} else if (match(&m, P_CRASH_RESERVED, s) && grp_u64(&m, "mb", &a)) {
		NEED_BOOT();
		if (grp_hex(&m, "start", &a) && grp_hex(&m, "end", &b) && b >= a)
			r = fact(ctx, l, "crashkernel_bytes", (int64_t)(b - a + 1), MW_UNIT_BYTES, s);
	} else if (match(&m, P_UNAVAILABLE, s) && grp_u64(&m, "pages", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "unavailable_pages", (int64_t)a, MW_UNIT_PAGES, grp(&m, "zone"));
	} else if (match(&m, P_PPC_HASH, s) && grp_u64(&m, "kb", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "mmu_hash_table_kb", (int64_t)a, MW_UNIT_KB, s);
		if (r >= 0 && grp_u64(&m, "mb", &b))
			r = fact(ctx, l, "total_memory_kb", (int64_t)b * 1024, MW_UNIT_KB, s);
	} else if (match(&m, P_HIGHLOW_MB, s) && grp_u64(&m, "mb", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, mw_str_eq(grp(&m, "which"), "HIGHMEM") ? "highmem_kb" : "lowmem_kb",
			 (int64_t)a * 1024, MW_UNIT_KB, s);
	} else if (match(&m, P_PERCPU, s) && grp_u64(&m, "pages", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "percpu_pages_per_cpu", (int64_t)a, MW_UNIT_PAGES, s);
	} else if (match(&m, P_SLAB_ALLOC, s)) {
		NEED_BOOT();
		r = fact(ctx, l, "slab_allocator", MW_UNKNOWN, MW_UNIT_NONE, grp(&m, "alloc"));
	} else if (match(&m, P_SWIOTLB, s) && grp_hex(&m, "start", &a) && grp_hex(&m, "end", &b) && b >= a) {
		NEED_BOOT();
		r = fact(ctx, l, "swiotlb_bytes", (int64_t)(b - a + 1), MW_UNIT_BYTES, s);
	} else if (match(&m, P_HUGETLB, s) && grp_u64(&m, "n", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "hugetlb_preallocated_pages", (int64_t)a, MW_UNIT_COUNT, grp(&m, "size"));
	} else if (match(&m, P_CMA, s)) {
		NEED_BOOT();
		if (grp_u64(&m, "mib", &a) || grp_u64(&m, "mib2", &a))
			r = fact(ctx, l, "cma_bytes", (int64_t)a << 20, MW_UNIT_BYTES, s);
	} else if (match(&m, P_LAST_PFN, s) && grp_hex(&m, "pfn", &a)) {
		NEED_BOOT();
		r = fact(ctx, l, "last_pfn", (int64_t)a, MW_UNIT_PFN, s);
	} else if (match(&m, P_PCI_GAP, s) && grp_hex(&m, "start", &a) && grp_hex(&m, "end", &b) && b >= a) {
		NEED_BOOT();
		r = range(ctx, l, "pci_gap", a, b + 1, MW_UNIT_BYTES, MW_STR("pci_gap"), MW_STR_NULL, MW_UNKNOWN);
	} else {
		return 0;
	}
#undef NEED_BOOT
	return r < 0 ? r : 1;
}

const struct mw_klog_handler mw_klog_bootfacts = {
	.name = "bootfacts",
	.state_size = sizeof(struct bootfacts),
	.feed = bootfacts_feed,
};
