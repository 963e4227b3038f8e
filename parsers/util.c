/* SPDX-License-Identifier: MIT */
/* util.c: checked number scanning and small string helpers for parsers. */
#include <string.h>
#include "memwaste/parser.h"
#include "memwaste/banned.h"

const char *mw_skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

const char *mw_scan_u64(const char *p, const char *end, uint64_t *ret)
{
	uint64_t v = 0;
	const char *start = p;
	while (p < end && *p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return NULL;
		v = v * 10 + d;
		p++;
	}
	if (p == start)
		return NULL;
	*ret = v;
	return p;
}

const char *mw_scan_i64(const char *p, const char *end, int64_t *ret)
{
	bool neg = false;
	uint64_t v;
	if (p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		p++;
	}
	p = mw_scan_u64(p, end, &v);
	if (!p)
		return NULL;
	if (neg) {
		if (v > (uint64_t)INT64_MAX + 1)
			return NULL;
		*ret = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (v > (uint64_t)INT64_MAX)
			return NULL;
		*ret = (int64_t)v;
	}
	return p;
}

const char *mw_scan_hex(const char *p, const char *end, uint64_t *ret)
{
	uint64_t v = 0;
	const char *start;
	if (end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	start = p;
	while (p < end) {
		unsigned d;
		char c = *p;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			break;
		if (v >> 60)
			return NULL;
		v = (v << 4) | d;
		p++;
	}
	if (p == start)
		return NULL;
	*ret = v;
	return p;
}

const char *mw_next_token(const char *p, const char *end, size_t *ret_len, const char **ret_after)
{
	const char *s;
	p = mw_skip_ws(p, end);
	s = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	*ret_len = (size_t)(p - s);
	if (ret_after)
		*ret_after = p;
	return s;
}

bool mw_starts_with(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/*
 * memchr for the first byte, then memcmp: the needles are short literals
 * and the haystacks log lines, where glibc's memmem spends more on its
 * setup than on the search (60% of a kernel-log import went there). The
 * work stays linear in the line for a needle of fixed length.
 */
const char *mw_find(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	if (p >= end || (size_t)(end - p) < n)
		return NULL;
	if (!n)
		return p;
	for (const char *last = end - n; p <= last;) {
		const char *q = memchr(p, s[0], (size_t)(last - p) + 1);
		if (!q)
			return NULL;
		if (memcmp(q + 1, s + 1, n - 1) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

struct mw_str mw_str_trim(struct mw_str s)
{
	while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t'))
		s.ptr++, s.len--;
	while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
		s.len--;
	return s;
}

void mw_memo_keep(struct mw_memo_line *m, const struct mw_line *line)
{
	if (line->len > MW_MEMO_MAX_LEN || !line->len) {
		m->len = 0;
		return;
	}
	if (!m->bytes)
		m->bytes = mw_xmalloc(MW_MEMO_MAX_LEN);
	memcpy(m->bytes, line->ptr, line->len);
	m->len = (uint32_t)line->len;
}

void mw_memo_free(struct mw_memo_line *m)
{
	free(m->bytes);
	m->bytes = NULL;
	m->len = 0;
}
