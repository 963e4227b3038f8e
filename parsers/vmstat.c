/* SPDX-License-Identifier: MIT */
/*
 * vmstat.c: /proc/vmstat, "name value" per line (mm/vmstat.c,
 * vmstat_show() over vmstat_text[]): zone counters, NUMA events, node
 * counters, the dirty thresholds and the VM event counters, in that order:
 *
 *   nr_free_pages 922063
 *   nr_zone_inactive_anon 34686
 *   numa_hit 18930517
 *   pgfault 19123456
 *   compact_stall 0
 *
 * Which counters exist changes with nearly every release and with the
 * configuration, so lines are kept by name whatever they are. Units:
 * nr_* counters are pages, except the THP counters (nr_*hugepages,
 * nr_*_pmdmapped: huge pages) and nr_kernel_stack / nr_shadow_call_stack,
 * whose unit changed over time (a count of stacks, later kB) and which are
 * kept as raw counts; every other line is an event count. The first name
 * seen again starts a new moment (concatenated captures).
 */
#include <string.h>
#include "procfs.h"
#include "memwaste/banned.h"

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c >= 'A' && c <= 'Z');
}

/* "name value": returns false when the line does not have that shape (value checked by the caller). */
static bool split(const char *p, const char *end, struct mw_str *ret_name, const char **ret_value)
{
	const char *s = p;
	while (p < end && name_char(*p))
		p++;
	if (p == s || p >= end || (*p != ' ' && *p != '\t'))
		return false;
	*ret_name = mw_str_make(s, (size_t)(p - s));
	*ret_value = mw_skip_ws(p, end);
	return *ret_value < end;
}

static bool contains(struct mw_str s, const char *lit)
{
	return mw_find(s.ptr, s.ptr + s.len, lit) != NULL;
}

static enum mw_unit unit_of(struct mw_str name)
{
	if (!mw_starts_with(name.ptr, name.ptr + name.len, "nr_"))
		return MW_UNIT_COUNT;
	if (contains(name, "hugepages") || contains(name, "pmdmapped"))
		return MW_UNIT_HUGEPAGES;
	if (mw_str_eq(name, "nr_kernel_stack") || mw_str_eq(name, "nr_shadow_call_stack"))
		return MW_UNIT_COUNT;
	return MW_UNIT_PAGES;
}

static int vmstat_probe(const struct mw_line *line, const char *hint)
{
	const char *end = line->ptr + line->len, *v, *after;
	struct mw_str name;
	int64_t n;
	if (!split(line->ptr, end, &name, &v) || !(after = mw_scan_i64(v, end, &n)) || !mw_proc_blank(after, end))
		return 0;
	if (mw_str_eq(name, "nr_free_pages"))
		return 95;
	if (mw_proc_hint(hint, "vmstat"))
		return 90;
	return mw_starts_with(name.ptr, end, "nr_") ? 60 : 0;
}

struct vmstat_state {
	char first[64];
	size_t first_len;
	unsigned lines;
};

static int vmstat_feed(void *state, struct mw_pctx *ctx, const struct mw_line *line)
{
	struct vmstat_state *s = state;
	const char *end = line->ptr + line->len, *v, *after;
	struct mw_proc_quote q;
	struct mw_str name;
	struct mw_record r;
	int64_t n;
	int rc;

	if (mw_proc_blank(line->ptr, line->ptr + line->len))
		return MW_FEED_TAKEN;	/* a blank line ends nothing: the next line says what comes */
	if (!split(line->ptr, end, &name, &v))
		return MW_FEED_REJECT;
	if (s->lines && name.len == s->first_len && memcmp(name.ptr, s->first, name.len) == 0)
		return MW_FEED_REJECT;	/* the first counter again: the next capture */
	if (!(after = mw_scan_i64(v, end, &n))) {
		if (!(*v >= '0' && *v <= '9') && *v != '-')
			return MW_FEED_REJECT;
		mw_pwarn(ctx, line->lineno, "the value of '%.*s' is not a number ('%s'), line skipped",
			 (int)name.len, name.ptr, mw_proc_quote(&q, v, (size_t)(end - v)));
		return MW_FEED_TAKEN;
	}
	if (!mw_proc_blank(after, end)) {
		if (!s->lines)
			return MW_FEED_REJECT;
		mw_pwarn(ctx, line->lineno, "text after the value of '%.*s' ignored ('%s')", (int)name.len,
			 name.ptr, mw_proc_quote(&q, after, (size_t)(end - after)));
	}
	if (!s->lines && name.len < sizeof(s->first)) {
		memcpy(s->first, name.ptr, name.len);
		s->first_len = name.len;
	}
	s->lines++;
	mw_record_init(&r, MW_REC_KV, line->lineno);
	r.u.kv.source = MW_STR("vmstat");
	r.u.kv.key = name;
	r.u.kv.value = n;
	r.u.kv.unit = unit_of(name);
	rc = mw_emit(ctx, &r);
	return rc < 0 ? rc : MW_FEED_TAKEN;
}

const struct mw_parser mw_parser_vmstat = {
	.name = "vmstat",
	.summary = "/proc/vmstat (counters by name)",
	.flags = MW_PARSER_SNAPSHOT,
	.snapshot_kind = MW_SK_VMSTAT,
	.state_size = sizeof(struct vmstat_state),
	.probe = vmstat_probe,
	.feed = vmstat_feed,
};
