/* SPDX-License-Identifier: MIT */
/*
 * meminfo.c: /proc/meminfo, every era from 2.6.0 to 6.x. One "Key: value
 * [kB]" per line, printed by fs/proc/meminfo.c (meminfo_proc_show(), and
 * arch_report_meminfo() for DirectMap*, hugetlb_report_meminfo() for the
 * HugePages_* lines):
 *
 *   MemTotal:       24684084 kB
 *   MemFree:        23851832 kB
 *   Active(anon):       1588 kB
 *   HugePages_Total:       0
 *   Hugepagesize:       2048 kB
 *   ShadowCallStack:12345 kB
 *
 * Labels were padded to 14 columns before 2.6.28 and to 16 since; a few
 * are wider (HardwareCorrupted), ShadowCallStack has no blank after the
 * colon, the HugePages_* counters have no unit (they count huge pages),
 * and which fields exist depends on the version and the configuration
 * (kernel-formats.md 5). So every line is read by name, never by
 * position: known names are looked up in a sorted table with bsearch()
 * (util-linux lscpu-cputype.c), unknown ones are kept as they are. A
 * known name seen a second time starts a new moment (two captures
 * concatenated without a date line between them).
 */
#include <string.h>
#include "procfs.h"
#include "memwaste/banned.h"

/*
 * Every field of every era (kernel-formats.md 5.2), sorted by strcmp()
 * for bsearch(). `unit` is what the kernel prints: kB, or nothing for the
 * huge page counters (and for the 2.4-era MemShared line).
 */
static const struct meminfo_field {
	const char *name;
	enum mw_unit unit;
} fields[] = {
	{ "Active", MW_UNIT_KB },
	{ "Active(anon)", MW_UNIT_KB },
	{ "Active(file)", MW_UNIT_KB },
	{ "AnonHugePages", MW_UNIT_KB },
	{ "AnonPages", MW_UNIT_KB },
	{ "Balloon", MW_UNIT_KB },
	{ "Bounce", MW_UNIT_KB },
	{ "Buffers", MW_UNIT_KB },
	{ "Cached", MW_UNIT_KB },
	{ "CmaFree", MW_UNIT_KB },
	{ "CmaTotal", MW_UNIT_KB },
	{ "CommitLimit", MW_UNIT_KB },
	{ "Committed_AS", MW_UNIT_KB },
	{ "DirectMap1G", MW_UNIT_KB },
	{ "DirectMap2M", MW_UNIT_KB },
	{ "DirectMap4M", MW_UNIT_KB },
	{ "DirectMap4k", MW_UNIT_KB },
	{ "Dirty", MW_UNIT_KB },
	{ "EarlyMemtestBad", MW_UNIT_KB },
	{ "FileHugePages", MW_UNIT_KB },
	{ "FilePmdMapped", MW_UNIT_KB },
	{ "HardwareCorrupted", MW_UNIT_KB },
	{ "HighFree", MW_UNIT_KB },
	{ "HighTotal", MW_UNIT_KB },
	{ "HugePages_Free", MW_UNIT_HUGEPAGES },
	{ "HugePages_Rsvd", MW_UNIT_HUGEPAGES },
	{ "HugePages_Surp", MW_UNIT_HUGEPAGES },
	{ "HugePages_Total", MW_UNIT_HUGEPAGES },
	{ "Hugepagesize", MW_UNIT_KB },
	{ "Hugetlb", MW_UNIT_KB },
	{ "Inactive", MW_UNIT_KB },
	{ "Inactive(anon)", MW_UNIT_KB },
	{ "Inactive(file)", MW_UNIT_KB },
	{ "KReclaimable", MW_UNIT_KB },
	{ "KernelStack", MW_UNIT_KB },
	{ "LowFree", MW_UNIT_KB },
	{ "LowTotal", MW_UNIT_KB },
	{ "Mapped", MW_UNIT_KB },
	{ "MemAvailable", MW_UNIT_KB },
	{ "MemFree", MW_UNIT_KB },
	{ "MemShared", MW_UNIT_KB },
	{ "MemTotal", MW_UNIT_KB },
	{ "Mlocked", MW_UNIT_KB },
	{ "MmapCopy", MW_UNIT_KB },
	{ "NFS_Unstable", MW_UNIT_KB },
	{ "PageTables", MW_UNIT_KB },
	{ "Percpu", MW_UNIT_KB },
	{ "Quicklists", MW_UNIT_KB },
	{ "SReclaimable", MW_UNIT_KB },
	{ "SUnreclaim", MW_UNIT_KB },
	{ "SecPageTables", MW_UNIT_KB },
	{ "ShadowCallStack", MW_UNIT_KB },
	{ "Shmem", MW_UNIT_KB },
	{ "ShmemHugePages", MW_UNIT_KB },
	{ "ShmemPmdMapped", MW_UNIT_KB },
	{ "Slab", MW_UNIT_KB },
	{ "SwapCached", MW_UNIT_KB },
	{ "SwapFree", MW_UNIT_KB },
	{ "SwapTotal", MW_UNIT_KB },
	{ "Unaccepted", MW_UNIT_KB },
	{ "Unevictable", MW_UNIT_KB },
	{ "VmallocChunk", MW_UNIT_KB },
	{ "VmallocTotal", MW_UNIT_KB },
	{ "VmallocUsed", MW_UNIT_KB },
	{ "Writeback", MW_UNIT_KB },
	{ "WritebackTmp", MW_UNIT_KB },
	{ "Zswap", MW_UNIT_KB },
	{ "Zswapped", MW_UNIT_KB },
};
#define N_FIELDS MW_ARRAY_SIZE(fields)

const char *mw_meminfo_field_name(size_t i)
{
	return i < N_FIELDS ? fields[i].name : NULL;
}

struct key {
	const char *p;
	size_t n;
};

static int field_cmp(const void *k, const void *e)
{
	const struct key *key = k;
	const char *name = ((const struct meminfo_field *)e)->name;
	return mw_str_cmp(mw_str_make(key->p, key->n), name);
}

/* Index of a known field, or -1. */
static int field_index(const char *p, size_t n)
{
	struct key k = { p, n };
	const struct meminfo_field *f = bsearch(&k, fields, N_FIELDS, sizeof(fields[0]), field_cmp);
	return f ? (int)(f - fields) : -1;
}

static bool key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '(' ||
	       c == ')' || c == '-' || c == '.';
}

/*
 * The key of a "Key: value" line: letters, digits and _()-. up to a colon,
 * no blank. Returns the position after the colon, or NULL.
 */
static const char *scan_key(const char *p, const char *end, struct mw_str *ret)
{
	const char *s = p;
	while (p < end && key_char(*p))
		p++;
	if (p == s || p >= end || *p != ':')
		return NULL;
	*ret = mw_str_make(s, (size_t)(p - s));
	return p + 1;
}

struct line {
	struct mw_str key;
	int field;		/* index in fields[] or -1 */
	bool numeric;		/* the value is a number */
	int64_t value;
	bool unit_kb;
	const char *rest;	/* text after value and unit, NULL if none */
	const char *vstart;
};

/* Splits a meminfo line; false when it does not have the "Key: value" shape. */
static bool split(const char *p, const char *end, struct line *l)
{
	const char *q;
	memset(l, 0, sizeof(*l));
	if (!(q = scan_key(p, end, &l->key)))
		return false;
	l->field = field_index(l->key.ptr, l->key.len);
	q = mw_skip_ws(q, end);
	l->vstart = q;
	if (q == end)
		return true;
	if ((p = mw_scan_i64(q, end, &l->value)) && (p == end || *p == ' ' || *p == '\t')) {
		l->numeric = true;
		q = mw_skip_ws(p, end);
		if (mw_starts_with(q, end, "kB") && (q + 2 == end || q[2] == ' ' || q[2] == '\t')) {
			l->unit_kb = true;
			q = mw_skip_ws(q + 2, end);
		}
		if (q < end)
			l->rest = q;
	}
	return true;
}

static int meminfo_probe(const struct mw_line *line, const char *hint)
{
	struct line l;
	/* the whole line must be "Key: value [kB]": show_mem's "Active:283000 inactive:..." is not meminfo */
	if (!split(line->ptr, line->ptr + line->len, &l) || !l.numeric || l.rest)
		return 0;
	if (mw_str_eq(l.key, "MemTotal"))
		return 100;
	if (mw_proc_hint(hint, "meminfo"))
		return 90;
	return l.field >= 0 ? 75 : 0;
}

struct meminfo_state {
	uint64_t seen[(N_FIELDS + 63) / 64];
	unsigned lines;
	unsigned nth;			/* lines fed in this section */
};

/*
 * The memo (mw_parser.memo_size): for each position of the last section,
 * a line read without any message, and what it said. A loop's meminfo
 * repeats most of its lines (a 10-second step changes about 13 of 57).
 */
struct meminfo_memo {
	struct {
		struct mw_memo_line line;
		size_t key_len;
		int field;
		int64_t value;
		enum mw_unit unit;
	} e[MW_MEMO_LINES];
};

static void meminfo_memo_release(void *memo)
{
	struct meminfo_memo *m = memo;
	for (size_t i = 0; i < MW_MEMO_LINES; i++)
		mw_memo_free(&m->e[i].line);
}

/* A line as read before: the same checks of the section's state, the same record. */
static int emit_kv(struct meminfo_state *s, struct mw_pctx *ctx, const struct mw_line *line, struct mw_str key,
		   int field, int64_t value, enum mw_unit unit)
{
	struct mw_record r;
	int rc;
	if (field >= 0) {
		uint64_t bit = UINT64_C(1) << (field % 64);
		if (s->seen[field / 64] & bit)
			return MW_FEED_REJECT;	/* the same field again: the next capture */
		s->seen[field / 64] |= bit;
	}
	s->lines++;
	mw_record_init(&r, MW_REC_KV, line->lineno);
	r.u.kv.source = MW_STR("meminfo");
	r.u.kv.key = key;
	r.u.kv.value = value;
	r.u.kv.unit = unit;
	rc = mw_emit(ctx, &r);
	return rc < 0 ? rc : MW_FEED_TAKEN;
}

static int meminfo_feed(void *state, struct mw_pctx *ctx, const struct mw_line *line)
{
	struct meminfo_state *s = state;
	const char *end = line->ptr + line->len;
	struct mw_proc_quote q;
	struct mw_record r;
	struct line l;
	struct meminfo_memo *memo = ctx->memo;
	unsigned nth = s->nth++;

	if (memo && nth < MW_MEMO_LINES && mw_memo_same(&memo->e[nth].line, line) && ++ctx->stats->memo_lines)
		return emit_kv(s, ctx, line, mw_str_make(line->ptr, memo->e[nth].key_len), memo->e[nth].field,
			       memo->e[nth].value, memo->e[nth].unit);
	if (mw_proc_blank(line->ptr, line->ptr + line->len))
		return MW_FEED_TAKEN;	/* a blank line ends nothing: the next line says what comes */
	if (!split(line->ptr, end, &l)) {
		/* a garbled meminfo line ("Mem#ree:  123 kB") is not the end of the section */
		if (s->lines && end - line->ptr > 4 && memcmp(end - 3, " kB", 3) == 0 && memchr(line->ptr, ':', line->len)) {
			mw_pwarn(ctx, line->lineno, "'%s' is not a meminfo line, skipped",
				 mw_proc_quote(&q, line->ptr, line->len));
			return MW_FEED_TAKEN;
		}
		return MW_FEED_REJECT;
	}
	if (l.field >= 0) {
		uint64_t bit = UINT64_C(1) << (l.field % 64);
		if (s->seen[l.field / 64] & bit)
			return MW_FEED_REJECT;	/* the same field again: the next capture */
		s->seen[l.field / 64] |= bit;
	}
	if (!l.numeric) {
		/* an unknown key with a text value is not meminfo (a status file, a note) */
		if (l.field < 0 && !(l.vstart < end && *l.vstart >= '0' && *l.vstart <= '9'))
			return MW_FEED_REJECT;
		mw_pwarn(ctx, line->lineno, "the value of '%.*s' is not a number ('%s'), line skipped",
			 (int)l.key.len, l.key.ptr, mw_proc_quote(&q, l.vstart, (size_t)(end - l.vstart)));
		return MW_FEED_TAKEN;
	}
	if (l.value > MW_PROC_MAX_KB || l.value < -MW_PROC_MAX_KB) {
		mw_pwarn(ctx, line->lineno, "the value of '%.*s' is out of any plausible range (%lld), line skipped",
			 (int)l.key.len, l.key.ptr, (long long)l.value);
		return MW_FEED_TAKEN;
	}
	s->lines++;
	if (l.rest)
		mw_pwarn(ctx, line->lineno, "text after the value of '%.*s' ignored ('%s')", (int)l.key.len,
			 l.key.ptr, mw_proc_quote(&q, l.rest, (size_t)(end - l.rest)));
	if (l.value < 0)
		mw_pnote(ctx, line->lineno, "'%.*s' is negative (%lld): kept as printed (per-CPU counter drift)",
			 (int)l.key.len, l.key.ptr, (long long)l.value);
	mw_record_init(&r, MW_REC_KV, line->lineno);
	r.u.kv.source = MW_STR("meminfo");
	r.u.kv.key = l.key;
	r.u.kv.value = l.value;
	if (l.unit_kb) {
		r.u.kv.unit = MW_UNIT_KB;
	} else if (l.field >= 0 && fields[l.field].unit == MW_UNIT_KB) {
		/* a kB field without its unit: the line was cut; the number is still kB */
		mw_pwarn(ctx, line->lineno, "'%.*s' has no 'kB' after its value (line cut off?); read as kB",
			 (int)l.key.len, l.key.ptr);
		r.u.kv.unit = MW_UNIT_KB;
		memo = NULL;	/* a message: not a line to reuse */
	} else if (l.field >= 0) {
		r.u.kv.unit = fields[l.field].unit;
	} else {
		r.u.kv.unit = mw_starts_with(l.key.ptr, l.key.ptr + l.key.len, "HugePages_") ? MW_UNIT_HUGEPAGES
											    : MW_UNIT_COUNT;
	}
	if (memo && nth < MW_MEMO_LINES && !l.rest && l.value >= 0 && l.key.ptr == line->ptr) {
		mw_memo_keep(&memo->e[nth].line, line);
		memo->e[nth].key_len = l.key.len;
		memo->e[nth].field = l.field;
		memo->e[nth].value = l.value;
		memo->e[nth].unit = r.u.kv.unit;
	}
	{
		int rc = mw_emit(ctx, &r);
		return rc < 0 ? rc : MW_FEED_TAKEN;
	}
}

const struct mw_parser mw_parser_meminfo = {
	.name = "meminfo",
	.summary = "/proc/meminfo (2.6.0 to 6.x; fields by name)",
	.flags = MW_PARSER_SNAPSHOT,
	.snapshot_kind = MW_SK_MEMINFO,
	.state_size = sizeof(struct meminfo_state),
	.probe = meminfo_probe,
	.feed = meminfo_feed,
	.memo_size = sizeof(struct meminfo_memo),
	.memo_release = meminfo_memo_release,
};
