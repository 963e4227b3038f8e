/* SPDX-License-Identifier: MIT */
/* procfs.c: helpers the /proc snapshot parsers share (node/zone headers, name hints, facts). */
#include <string.h>
#include "procfs.h"
#include "memwaste/banned.h"

const char *mw_proc_node_zone(const char *p, const char *end, int64_t *ret_node, struct mw_str *ret_zone)
{
	const char *z;
	int64_t node;

	if (!mw_starts_with(p, end, "Node"))
		return NULL;
	p = mw_skip_ws(p + 4, end);
	if (!(p = mw_scan_i64(p, end, &node)) || p >= end || *p != ',')
		return NULL;
	p = mw_skip_ws(p + 1, end);
	if (!mw_starts_with(p, end, "zone"))
		return NULL;
	p = mw_skip_ws(p + 4, end);
	z = p;
	while (p < end && *p != ' ' && *p != '\t' && *p != ',')
		p++;
	if (p == z)
		return NULL;
	*ret_node = node;
	*ret_zone = mw_str_make(z, (size_t)(p - z));
	return p;
}

bool mw_proc_hint(const char *name_hint, const char *kind)
{
	return name_hint && strstr(name_hint, kind) != NULL;
}

bool mw_proc_blank(const char *p, const char *end)
{
	return mw_skip_ws(p, end) == end;
}

int mw_proc_fact(struct mw_pctx *ctx, uint64_t line, const char *key, int64_t value, const char *text)
{
	struct mw_record r;
	mw_record_init(&r, MW_REC_SNAPSHOT_FACT, line);
	r.u.snapshot_fact.key = mw_str_make(key, strlen(key));
	r.u.snapshot_fact.value = value;
	if (text)
		r.u.snapshot_fact.text = mw_str_make(text, strlen(text));
	return mw_emit(ctx, &r);
}

const char *mw_proc_quote(struct mw_proc_quote *q, const char *p, size_t len)
{
	size_t n = len > 60 ? 57 : len;
	for (size_t i = 0; i < n; i++)
		q->s[i] = p[i] == '\t' ? ' ' : p[i];
	if (n < len)
		memcpy(q->s + n, "...", 3), n += 3;
	q->s[n] = '\0';
	return q->s;
}
