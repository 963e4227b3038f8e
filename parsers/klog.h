/* SPDX-License-Identifier: MIT */
/* klog.h: the kernel-log parser's internal interface for its message handlers (parsers/ only). */
#ifndef MW_PARSERS_KLOG_H
#define MW_PARSERS_KLOG_H

#include "memwaste/kmsg.h"
#include "memwaste/parser.h"

/*
 * The kernel-log parser (klog.c) strips prefixes, splits rsyslog "#012"
 * escapes, drops other programs' syslog lines, tracks boots, and offers
 * each logical kernel message to its handlers in order until one takes
 * it. Handlers: the event block parsers (OOM, allocation failures,
 * show_mem) first, so a block in progress sees its continuation lines,
 * then the boot facts (e820, Memory:, hash tables, ...).
 */

/* One logical kernel message. */
struct mw_kline {
	const char *msg;	/* message text (prefixes stripped), not NUL-terminated */
	size_t len;
	uint64_t line;		/* physical line number */
	double ts;		/* monotonic [ts], NAN if none (inherited by continuations) */
	int64_t wall;		/* unix time from syslog/-T prefixes, MW_UNKNOWN if none */
	bool wall_no_year;	/* wall is from a syslog date that prints no year: the year is a guess */
	int level;
	bool prefixed;		/* the physical line had a kernel-log prefix */
	bool continuation;	/* no prefix and indented, after prefixed lines: part of the previous message */
	int64_t caller;		/* printk caller id (struct mw_kmsg), inherited by continuations; 0 if none */
	struct mw_str host;
	const char *raw;	/* the whole physical line (for evidence) */
	size_t raw_len;
};

struct mw_klog;

/*
 * Makes sure a boot is open for boot-level records (opens an implicit one
 * with an unknown release when needed).
 */
int mw_klog_need_boot(struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l);
/* Whether this boot already printed its "Memory:" line (for hash-table placement). */
bool mw_klog_memline_seen(const struct mw_klog *kl);
void mw_klog_set_memline_seen(struct mw_klog *kl);
/* Kernel release of the current boot, or an empty view. */
struct mw_str mw_klog_release(const struct mw_klog *kl);

struct mw_klog_handler {
	const char *name;
	size_t state_size;
	/* 1 = taken, 0 = not mine, < 0 = error. */
	int (*feed)(void *state, struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l);
	/* End of input: emit what is pending (a cut-off block) and free the state. */
	int (*finish)(void *state, struct mw_klog *kl, struct mw_pctx *ctx);
	/* Optional: a new boot is about to open; emit what belongs to the old one. */
	int (*boundary)(void *state, struct mw_klog *kl, struct mw_pctx *ctx);
};

extern const struct mw_klog_handler mw_klog_events;	/* events.c: OOM, allocation failures, show_mem */
extern const struct mw_klog_handler mw_klog_bootfacts;

/* Compiled-pattern cleanup at exit (keeps valgrind quiet). */
void mw_bootfacts_release(void);
void mw_events_release(void);

#endif
