/* SPDX-License-Identifier: MIT */
/* pattern.c: PCRE2 pattern tables with literal prefilters and named groups (see pattern.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include "pattern.h"
#include "memwaste/banned.h"

int mw_pattern_set_compile(struct mw_pattern_set *set)
{
	if (set->status)
		return set->status;
	set->codes = mw_xcalloc(set->n, sizeof(*set->codes));
	for (size_t i = 0; i < set->n; i++) {
		int err;
		PCRE2_SIZE off;
		pcre2_code *c = pcre2_compile((PCRE2_SPTR)set->table[i].re, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
		if (!c) {
			PCRE2_UCHAR msg[160];
			pcre2_get_error_message(err, msg, sizeof(msg));
			snprintf(set->error, sizeof(set->error), "%s pattern %zu at offset %zu: %s", set->name, i, (size_t)off,
				 (const char *)msg);
			return set->status = -EINVAL;
		}
		pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
		set->codes[i] = c;
	}
	set->md = pcre2_match_data_create(32, NULL);
	return set->status = 1;
}

void mw_pattern_set_release(struct mw_pattern_set *set)
{
	if (set->codes)
		for (size_t i = 0; i < set->n; i++)
			pcre2_code_free(set->codes[i]);
	free(set->codes);
	set->codes = NULL;
	pcre2_match_data_free(set->md);
	set->md = NULL;
	set->status = 0;
}

bool mw_pattern_match(struct mw_pattern_set *set, size_t id, struct mw_str s, struct mw_match *ret)
{
	const char *lit = set->table[id].literal;
	if (set->status != 1 && mw_pattern_set_compile(set) < 0)
		return false;
	if (lit[0] && !mw_find(s.ptr, s.ptr + s.len, lit))
		return false;
	if (pcre2_match(set->codes[id], (PCRE2_SPTR)(s.ptr ? s.ptr : ""), s.len, 0, 0, set->md, NULL) < 0)
		return false;
	ret->set = set;
	ret->id = id;
	ret->subject = s.ptr;
	return true;
}

struct mw_str mw_match_group(const struct mw_match *m, const char *name)
{
	int n = pcre2_substring_number_from_name(m->set->codes[m->id], (PCRE2_SPTR)name);
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->set->md);
	if (n < 0 || (uint32_t)n >= pcre2_get_ovector_count(m->set->md) || ov[2 * n] == PCRE2_UNSET)
		return MW_STR_NULL;
	return mw_str_make(m->subject + ov[2 * n], ov[2 * n + 1] - ov[2 * n]);
}

bool mw_match_u64(const struct mw_match *m, const char *name, uint64_t *ret)
{
	struct mw_str s = mw_match_group(m, name);
	const char *end = s.ptr + s.len, *q;
	if (!s.len)
		return false;
	if (s.len > 2 && s.ptr[0] == '0' && (s.ptr[1] == 'x' || s.ptr[1] == 'X'))
		q = mw_scan_hex(s.ptr, end, ret);
	else
		q = mw_scan_u64(s.ptr, end, ret);
	return q == end;
}

bool mw_match_hex(const struct mw_match *m, const char *name, uint64_t *ret)
{
	struct mw_str s = mw_match_group(m, name);
	return s.len && mw_scan_hex(s.ptr, s.ptr + s.len, ret) == s.ptr + s.len;
}

int64_t mw_match_i64(const struct mw_match *m, const char *name)
{
	struct mw_str s = mw_match_group(m, name);
	int64_t v;
	if (!s.len || mw_scan_i64(s.ptr, s.ptr + s.len, &v) != s.ptr + s.len)
		return MW_UNKNOWN;
	return v;
}
