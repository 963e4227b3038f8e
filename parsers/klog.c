/* SPDX-License-Identifier: MIT */
/*
 * klog.c: kernel logs of every shape: dmesg, dmesg -T, vmcore-dmesg.txt,
 * /dev/kmsg, /var/log/messages and kern.log (syslog), journalctl in its
 * short, short-iso, short-precise and short-monotonic forms, ChromeOS
 * messages, serial-console captures with boot-loader noise. For example:
 *
 *   Mar 22 18:26:13 capstonealzheimer kernel: [    0.000000] Linux version 3.13.0-57-generic ...
 *   <6>[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x0000000000000fff] reserved
 *   [Wed May 23 16:58:12 2018] Mem-Info:
 *                               active_file:10481 inactive_file:2632612 isolated_file:0
 *
 * The kernel prints these through printk (kernel/printk/printk.c); the
 * prefixes are parsed in kmsg.c. This file turns physical lines into
 * logical kernel messages (struct mw_kline), keeps one boot per "Linux
 * version" line (or per monotonic-clock reset), and offers each message
 * to the handlers: event blocks first, then boot facts.
 */
#include <string.h>
#include <time.h>
#include "klog.h"
#include "memwaste/banned.h"

static const struct mw_klog_handler *const handlers[] = {
	&mw_klog_events,	/* first: a block in progress sees its continuation lines */
	&mw_klog_bootfacts,
};
#define N_HANDLERS (sizeof(handlers) / sizeof(handlers[0]))

struct mw_klog {
	int year;			/* for syslog dates without a year */
	bool year_from_build;
	int64_t ref_time;		/* the file's mtime, else now: syslog dates after it are of the year before */
	bool boot_open;
	bool boot_implicit;
	bool boot_had_events;
	double boot_start_ts;
	bool memline_seen;
	char release[128];
	size_t release_len;
	bool seen_prefixed;
	double last_ts;
	int64_t last_wall;
	bool last_wall_no_year;
	int64_t last_caller;
	struct mw_str last_host;
	char host_buf[256];
	void *hstate[N_HANDLERS];
};

struct klog_state {
	struct mw_klog *kl;
};

bool mw_klog_memline_seen(const struct mw_klog *kl)
{
	return kl->memline_seen;
}

void mw_klog_set_memline_seen(struct mw_klog *kl)
{
	kl->memline_seen = true;
}

struct mw_str mw_klog_release(const struct mw_klog *kl)
{
	return mw_str_make(kl->release, kl->release_len);
}

static int emit_boot(struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l, struct mw_str release,
		     struct mw_str version_line)
{
	struct mw_record r;
	mw_record_init(&r, MW_REC_BOOT, l ? l->line : 0);
	r.ts = l ? l->ts : NAN;
	r.u.boot.release = release;
	r.u.boot.version_line = version_line;
	r.u.boot.host = l ? l->host : MW_STR_NULL;
	kl->boot_open = true;
	kl->boot_implicit = release.len == 0;
	kl->boot_had_events = false;
	kl->boot_start_ts = l ? l->ts : NAN;
	kl->memline_seen = false;
	kl->release_len = MW_MIN(release.len, sizeof(kl->release) - 1);
	if (kl->release_len)
		memcpy(kl->release, release.ptr, kl->release_len);
	kl->release[kl->release_len] = '\0';
	ctx->stats->boots++;
	return mw_emit(ctx, &r);
}

int mw_klog_need_boot(struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l)
{
	if (kl->boot_open)
		return 0;
	return emit_boot(kl, ctx, l, MW_STR_NULL, MW_STR_NULL);
}

static int boot_fact_text(struct mw_pctx *ctx, const struct mw_kline *l, const char *key, struct mw_str text)
{
	struct mw_record r;
	mw_record_init(&r, MW_REC_BOOT_FACT, l->line);
	r.ts = l->ts;
	r.u.boot_fact.key = mw_str_make(key, strlen(key));
	r.u.boot_fact.text = text;
	return mw_emit(ctx, &r);
}

/*
 * The build date at the end of the version line ("... #1 SMP Fri Jun 19
 * 09:28:15 UTC 2015") gives the year for syslog dates, which print none:
 * a log is written after its kernel was built, usually within a year.
 */
static void year_from_version(struct mw_klog *kl, const char *p, size_t len)
{
	const char *end = p + len;
	int year = 0;
	for (const char *q = end; q - 4 >= p; q--) {
		if (q - 4 >= p && q[-1] >= '0' && q[-1] <= '9' && q[-2] >= '0' && q[-2] <= '9' && q[-3] >= '0' &&
		    q[-3] <= '9' && (q[-4] == '1' || q[-4] == '2') && (q - 4 == p || q[-5] == ' ')) {
			if (q == end || *q == ' ' || *q == ')') {
				year = (q[-4] - '0') * 1000 + (q[-3] - '0') * 100 + (q[-2] - '0') * 10 + (q[-1] - '0');
				if (year >= 1991 && year <= 2100)
					break;
				year = 0;
			}
		}
	}
	if (year) {
		kl->year = year;
		kl->year_from_build = true;
	}
}

/* "Linux version 6.1.0 (...) ..." opens a boot, or names the implicit one the early lines opened. */
static int handle_version(struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l)
{
	const char *p = l->msg + MW_STRLEN("Linux version "), *end = l->msg + l->len;
	const char *rel = p;
	struct mw_str release, line = mw_str_make(l->msg, l->len);

	while (p < end && *p != ' ')
		p++;
	release = mw_str_make(rel, (size_t)(p - rel));
	year_from_version(kl, l->msg, l->len);
	if (kl->boot_open && kl->boot_implicit && !kl->boot_had_events &&
	    (kl->boot_start_ts != kl->boot_start_ts || l->ts != l->ts ||
	     (l->ts - kl->boot_start_ts < 5.0 && l->ts >= kl->boot_start_ts - 0.001))) {
		int r = boot_fact_text(ctx, l, "release", release);
		if (r < 0)
			return r;
		r = boot_fact_text(ctx, l, "version_line", line);
		kl->boot_implicit = false;
		kl->release_len = MW_MIN(release.len, sizeof(kl->release) - 1);
		memcpy(kl->release, release.ptr, kl->release_len);
		kl->release[kl->release_len] = '\0';
		return r;
	}
	return emit_boot(kl, ctx, l, release, line);
}

/* A new boot is about to open: handlers emit what belongs to the old one first. */
static int boundary(struct mw_klog *kl, struct mw_pctx *ctx)
{
	for (size_t i = 0; i < N_HANDLERS; i++) {
		if (handlers[i]->boundary) {
			int r = handlers[i]->boundary(kl->hstate[i], kl, ctx);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

static int dispatch(struct mw_klog *kl, struct mw_pctx *ctx, const struct mw_kline *l)
{
	struct mw_str m = mw_str_trim(mw_str_make(l->msg, l->len));
	int r;

	if (!l->continuation && m.len > 14 && memcmp(m.ptr, "Linux version ", 14) == 0) {
		if ((r = boundary(kl, ctx)) < 0)
			return r;
		r = handle_version(kl, ctx, &(struct mw_kline){ .msg = m.ptr, .len = m.len, .line = l->line,
								 .ts = l->ts, .wall = l->wall, .level = l->level,
								 .prefixed = l->prefixed, .host = l->host,
								 .raw = l->raw, .raw_len = l->raw_len });
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < N_HANDLERS; i++) {
		r = handlers[i]->feed(kl->hstate[i], kl, ctx, l);
		if (r < 0)
			return r;
		if (r > 0) {
			if (i + 1 < N_HANDLERS)	/* event handlers come before the boot facts */
				kl->boot_had_events = true;
			return 0;
		}
	}
	ctx->stats->ignored_lines++;
	return 0;
}

static int klog_begin(void *state, struct mw_pctx *ctx)
{
	struct klog_state *s = state;
	struct mw_klog *kl = mw_xcalloc(1, sizeof(*kl));
	time_t t = ctx->opts && ctx->opts->time_hint != MW_UNKNOWN ? (time_t)ctx->opts->time_hint : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	kl->year = tm.tm_year + 1900;
	kl->ref_time = (int64_t)t;
	kl->last_ts = NAN;
	kl->boot_start_ts = NAN;
	kl->last_wall = MW_UNKNOWN;
	for (size_t i = 0; i < N_HANDLERS; i++)
		kl->hstate[i] = handlers[i]->state_size ? mw_xcalloc(1, handlers[i]->state_size) : NULL;
	s->kl = kl;
	return 0;
}

static int klog_feed(void *state, struct mw_pctx *ctx, const struct mw_line *line)
{
	struct mw_klog *kl = ((struct klog_state *)state)->kl;
	struct mw_kmsg k;
	struct mw_kline l;
	const char *p, *end, *hash;

	mw_kmsg_parse(line->ptr, line->len, kl->year, &k);
	/*
	 * "Dec 05 22:20:29" read in November is last December's: a log is not
	 * written after the file was (a day's slack for time zones). The year
	 * of a kernel's build date is left alone.
	 */
	if (k.wall != MW_UNKNOWN && !k.wall_has_year && !kl->year_from_build && k.wall > kl->ref_time + 86400)
		mw_kmsg_parse(line->ptr, line->len, kl->year - 1, &k);
	if (!k.kernel) {
		ctx->stats->ignored_lines++;
		return MW_FEED_TAKEN;
	}
	memset(&l, 0, sizeof(l));
	l.line = line->lineno;
	l.raw = line->ptr;
	l.raw_len = line->len;
	l.level = k.level;
	l.ts = k.ts;
	l.wall = k.wall;
	l.wall_no_year = k.wall != MW_UNKNOWN && !k.wall_has_year;
	l.host = k.host;
	l.prefixed = k.prefixes != 0;
	l.caller = k.caller;
	if (l.prefixed) {
		kl->seen_prefixed = true;
		kl->last_caller = k.caller;
		if (k.host.len) {
			size_t n = MW_MIN(k.host.len, sizeof(kl->host_buf) - 1);
			memcpy(kl->host_buf, k.host.ptr, n);
			kl->host_buf[n] = '\0';
			kl->last_host = mw_str_make(kl->host_buf, n);
		}
		if (k.ts == k.ts) {
			/* the monotonic clock went back to ~0: a new boot started */
			if (kl->last_ts == kl->last_ts && k.ts < 10.0 && k.ts + 1.0 < kl->last_ts) {
				int r = boundary(kl, ctx);
				if (r < 0)
					return r;
				kl->boot_open = false;
			}
			kl->last_ts = k.ts;
		}
		if (k.wall != MW_UNKNOWN) {
			kl->last_wall = k.wall;
			kl->last_wall_no_year = l.wall_no_year;
		}
	} else if (kl->seen_prefixed && line->len && (line->ptr[0] == ' ' || line->ptr[0] == '\t')) {
		l.continuation = true;
		l.ts = kl->last_ts;
		l.wall = kl->last_wall;
		l.wall_no_year = kl->last_wall_no_year;
		l.host = kl->last_host;
		l.caller = kl->last_caller;
	}
	if (!l.host.len)
		l.host = kl->last_host;

	/* rsyslog escapes embedded newlines as "#012": one logical line per piece */
	p = k.msg;
	end = k.msg + k.len;
	while ((hash = mw_find(p, end, "#012")) != NULL) {
		int r;
		l.msg = p;
		l.len = (size_t)(hash - p);
		r = dispatch(kl, ctx, &l);
		if (r < 0)
			return r;
		p = hash + 4;
		l.continuation = true;
	}
	l.msg = p;
	l.len = (size_t)(end - p);
	{
		int r = dispatch(kl, ctx, &l);
		if (r < 0)
			return r;
	}
	return MW_FEED_TAKEN;
}

static int klog_finish(void *state, struct mw_pctx *ctx)
{
	struct mw_klog *kl = ((struct klog_state *)state)->kl;
	int ret = 0;
	if (!kl)
		return 0;
	for (size_t i = 0; i < N_HANDLERS; i++) {
		if (handlers[i]->finish) {
			int r = handlers[i]->finish(kl->hstate[i], kl, ctx);
			if (r < 0 && !ret)
				ret = r;
		}
		free(kl->hstate[i]);
	}
	free(kl);
	((struct klog_state *)state)->kl = NULL;
	return ret;
}

const struct mw_parser mw_parser_klog = {
	.name = "klog",
	.summary = "kernel log: dmesg, journalctl, syslog, vmcore-dmesg.txt, /dev/kmsg, console captures",
	.flags = MW_PARSER_LOG | MW_PARSER_NO_PROBE,
	.state_size = sizeof(struct klog_state),
	.begin = klog_begin,
	.feed = klog_feed,
	.finish = klog_finish,
};
