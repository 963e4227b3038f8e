/* SPDX-License-Identifier: MIT */
/* pattern.h: tables of PCRE2 patterns with literal prefilters, for the kernel-log handlers (parsers/ only). */
#ifndef MW_PARSERS_PATTERN_H
#define MW_PARSERS_PATTERN_H

#include "memwaste/parser.h"

/*
 * One pattern per concern (the page_owner_sort.c discipline): a table of
 * {literal, regex} indexed by the handler's own enum. The literal must
 * occur in the message for the regex to run at all (a memmem prefilter,
 * so most log lines never reach the regex engine; "" = always run).
 * Groups are named and read by name. The set compiles on first use, with
 * JIT, and keeps one match-data block: the handlers are not reentrant,
 * and neither is this.
 *
 *   static const struct mw_pattern patterns[P__MAX] = { [P_X] = { "lit", "^re(?<v>\\d+)" }, ... };
 *   static struct mw_pattern_set set = MW_PATTERN_SET("boot facts", patterns);
 *   struct mw_match m;
 *   if (mw_pattern_match(&set, P_X, msg, &m)) ... mw_match_group(&m, "v") ...
 */
struct mw_pattern {
	const char *literal;
	const char *re;
};

struct mw_pattern_set {
	const char *name;		/* for the error message: "boot facts" */
	const struct mw_pattern *table;
	size_t n;
	void **codes;			/* pcre2_code *, compiled */
	void *md;			/* pcre2_match_data * */
	int status;			/* 0 = not compiled, 1 = ok, < 0 = a pattern failed */
	char error[256];		/* which pattern and why, when status < 0 */
};

#define MW_PATTERN_SET(name, table) { (name), (table), MW_ARRAY_SIZE(table), NULL, NULL, 0, "" }

/* Compiles every pattern once; 1 = ready, < 0 = a pattern failed (set->error names it). */
int mw_pattern_set_compile(struct mw_pattern_set *set);
void mw_pattern_set_release(struct mw_pattern_set *set);

struct mw_match {
	const struct mw_pattern_set *set;
	size_t id;
	const char *subject;
};

/* Whether pattern `id` matches `s` (compiles the set first; false if it cannot). The match is valid until the next call. */
bool mw_pattern_match(struct mw_pattern_set *set, size_t id, struct mw_str s, struct mw_match *ret);
/* A named group of the last match, or an empty view when it did not take part. */
struct mw_str mw_match_group(const struct mw_match *m, const char *name);
/* A group read whole as an unsigned number: decimal, or hex with 0x. */
bool mw_match_u64(const struct mw_match *m, const char *name, uint64_t *ret);
/* A group read whole as hex (0x optional). */
bool mw_match_hex(const struct mw_match *m, const char *name, uint64_t *ret);
/* A group read whole as a signed decimal, MW_UNKNOWN if absent or not a number. */
int64_t mw_match_i64(const struct mw_match *m, const char *name);

#endif
