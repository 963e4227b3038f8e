/* SPDX-License-Identifier: MIT */
/*
 * demux.c: one input, many formats. Reads lines and hands each to the
 * parser it belongs to (see the flow in parser.h): the active section
 * parser, the snapshot markers, the kernel-log parser for prefixed lines,
 * the best-scoring probe for the first line of a /proc section, and the
 * kernel-log parser for everything else.
 */
#include <stdarg.h>
#include <string.h>
#include "memwaste/buf.h"
#include "memwaste/capture.h"
#include "memwaste/kmsg.h"
#include "memwaste/parser.h"
#include "memwaste/banned.h"

int mw_emit(struct mw_pctx *ctx, const struct mw_record *rec)
{
	ctx->stats->records++;
	if (rec->kind == MW_REC_EVENT)
		ctx->stats->events++;
	return ctx->sink->emit(ctx->sink->userdata, rec);
}

static void vdiag(struct mw_pctx *ctx, enum mw_severity sev, uint64_t line, const char *fmt, va_list ap)
{
	struct mw_buf b = MW_BUF_INIT;
	mw_buf_vaddf(&b, fmt, ap);
	mw_diag_add(ctx->diag, sev, ctx->file, line, ctx->current ? ctx->current->name : NULL, "%s", b.buf);
	mw_buf_release(&b);
}

void mw_pwarn(struct mw_pctx *ctx, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(ctx, ctx->strict ? MW_SEV_ERROR : MW_SEV_WARN, line, fmt, ap);
	va_end(ap);
	ctx->stats->warnings++;
	if (ctx->strict && !ctx->status)
		ctx->status = MW_ESTRICT;
}

void mw_pnote(struct mw_pctx *ctx, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(ctx, MW_SEV_NOTE, line, fmt, ap);
	va_end(ap);
}

static int emit_snapshot(struct mw_pctx *ctx, int64_t taken, double frac, struct mw_str text, uint64_t line,
			 bool implicit)
{
	struct mw_record r;
	const char *origin = ctx->opts->origin ? ctx->opts->origin : "file";
	mw_record_init(&r, MW_REC_SNAPSHOT, line);
	r.u.snapshot.taken = taken;
	r.u.snapshot.taken_frac = frac;
	r.u.snapshot.taken_text = text;
	r.u.snapshot.origin = mw_str_make(origin, strlen(origin));
	if (ctx->opts->host)
		r.u.snapshot.host = mw_str_make(ctx->opts->host, strlen(ctx->opts->host));
	ctx->session->snapshot_open = true;
	ctx->session->snapshot_implicit = implicit;
	ctx->session->kinds_seen = 0;
	ctx->stats->snapshots++;
	return mw_emit(ctx, &r);
}

int mw_open_snapshot(struct mw_pctx *ctx, int64_t taken, double frac, struct mw_str text, uint64_t line)
{
	return emit_snapshot(ctx, taken, frac, text, line, false);
}

void mw_close_snapshot(struct mw_pctx *ctx)
{
	ctx->session->snapshot_open = false;
	ctx->session->kinds_seen = 0;
}

int mw_need_snapshot(struct mw_pctx *ctx, uint32_t kind, uint64_t line)
{
	struct mw_session *s = ctx->session;
	if (!s->snapshot_open || (s->kinds_seen & kind)) {
		int64_t t = s->pending_time != MW_UNKNOWN ? s->pending_time : ctx->opts->time_hint;
		int r = emit_snapshot(ctx, t, 0, MW_STR_NULL, line, true);
		s->pending_time = MW_UNKNOWN;
		if (r < 0)
			return r;
	}
	s->kinds_seen |= kind;
	return 0;
}

/* Cheap test for a kernel-log prefix at the start of a line (the full parse is kmsg.c's). */
static bool looks_like_klog(const char *p, size_t len)
{
	struct mw_kmsg k;
	if (!len)
		return false;
	if (p[0] != '<' && p[0] != '[' && !(p[0] >= 'A' && p[0] <= 'Z') && !(p[0] >= '0' && p[0] <= '9') &&
	    p[0] != 'k')
		return false;
	mw_kmsg_parse(p, len, 2000, &k);
	return k.prefixes != 0;
}

struct demux {
	struct mw_pctx ctx;
	const struct mw_parser *active;
	void *active_state;
	size_t active_state_size;
	const struct mw_parser *klog;
	void *klog_state;
	const struct mw_parser *forced;
};

static int finish_active(struct demux *d)
{
	int r = 0;
	if (d->active) {
		d->ctx.current = d->active;
		if (d->active->finish)
			r = d->active->finish(d->active_state, &d->ctx);
		d->active = NULL;
	}
	return r;
}

static int begin_section(struct demux *d, const struct mw_parser *p, uint64_t line)
{
	int r;
	if (p->flags & MW_PARSER_SNAPSHOT) {
		r = mw_need_snapshot(&d->ctx, p->snapshot_kind, line);
		if (r < 0)
			return r;
	}
	if (p->state_size > d->active_state_size) {
		free(d->active_state);
		d->active_state = mw_xmalloc(p->state_size);
		d->active_state_size = p->state_size;
	}
	memset(d->active_state, 0, d->active_state_size);
	d->active = p;
	d->ctx.current = p;
	return p->begin ? p->begin(d->active_state, &d->ctx) : 0;
}

static int feed_klog(struct demux *d, const struct mw_line *line)
{
	d->ctx.current = d->klog;
	return d->klog->feed(d->klog_state, &d->ctx, line);
}

static int dispatch(struct demux *d, const struct mw_line *line)
{
	const struct mw_parser *best = NULL;
	int best_score = 0, r;
	struct mw_date date;

	if (d->forced) {
		if (!d->active && (r = begin_section(d, d->forced, line->lineno)) < 0)
			return r;
		d->ctx.current = d->forced;
		r = d->forced->feed(d->active_state, &d->ctx, line);
		if (r == MW_FEED_REJECT) {
			mw_pwarn(&d->ctx, line->lineno, "line is not %s data, skipped", d->forced->name);
			return 0;
		}
		if (r == MW_FEED_LAST)
			r = finish_active(d);
		return r < 0 ? r : 0;
	}

	switch (mw_capture_marker(line->ptr, line->len, &date)) {
	case MW_MARK_DATE:
		if ((r = finish_active(d)) < 0)
			return r;
		return mw_open_snapshot(&d->ctx, date.t, date.frac, mw_str_make(line->ptr, line->len), line->lineno);
	case MW_MARK_SEPARATOR:
		if ((r = finish_active(d)) < 0)
			return r;
		mw_close_snapshot(&d->ctx);
		return 0;
	case MW_MARK_NONE:
		break;
	}

	if (looks_like_klog(line->ptr, line->len))
		return feed_klog(d, line);

	for (size_t i = 0; mw_parsers[i]; i++) {
		const struct mw_parser *p = mw_parsers[i];
		int score;
		if ((p->flags & MW_PARSER_NO_PROBE) || !p->probe)
			continue;
		score = p->probe(line, d->ctx.opts->name_hint);
		if (score > best_score) {
			best_score = score;
			best = p;
		}
	}
	if (best && best_score >= MW_PROBE_MIN) {
		if ((r = begin_section(d, best, line->lineno)) < 0)
			return r;
		r = best->feed(d->active_state, &d->ctx, line);
		if (r == MW_FEED_REJECT) {
			/* the probe liked it but the parser did not: give it to the log parser */
			if ((r = finish_active(d)) < 0)
				return r;
			return feed_klog(d, line);
		}
		if (r == MW_FEED_LAST)
			return finish_active(d);
		return r < 0 ? r : 0;
	}
	return feed_klog(d, line);
}

int mw_parse_input(struct mw_input *in, const struct mw_parse_opts *opts, struct mw_session *session,
		   struct mw_sink *sink, struct mw_diag *diag, struct mw_parse_stats *ret_stats)
{
	struct demux d;
	struct mw_parse_stats stats;
	struct mw_line line;
	int r, ret = 0;

	memset(&d, 0, sizeof(d));
	memset(&stats, 0, sizeof(stats));
	d.ctx.file = mw_input_name(in);
	d.ctx.strict = opts->strict;
	d.ctx.sink = sink;
	d.ctx.diag = diag;
	d.ctx.session = session;
	d.ctx.opts = opts;
	d.ctx.stats = &stats;
	d.klog = &mw_parser_klog;
	if (opts->kind && !(d.forced = mw_parser_find(opts->kind))) {
		mw_diag_add(diag, MW_SEV_ERROR, d.ctx.file, 0, NULL, "unknown kind '%s'", opts->kind);
		return -EINVAL;
	}
	if (d.forced && (d.forced->flags & MW_PARSER_LOG))
		d.forced = NULL;	/* --kind klog: everything goes to the log parser anyway */
	d.klog_state = mw_xcalloc(1, d.klog->state_size);
	d.ctx.current = d.klog;
	if ((r = d.klog->begin(d.klog_state, &d.ctx)) < 0) {
		free(d.klog_state);
		return r;
	}

	for (;;) {
		r = mw_input_next_line(in, &line);
		if (r == 0)
			break;
		if (r < 0) {
			ret = r;
			break;
		}
		stats.lines++;
		if (opts->progress && stats.lines % MW_PARSE_PROGRESS_LINES == 0)
			opts->progress(opts->progress_userdata, in, stats.lines);
		if (line.too_long) {
			d.ctx.current = d.active;
			mw_pwarn(&d.ctx, line.lineno, "line longer than %zu bytes (the line limit), skipped",
				 mw_input_max_line(in));
			continue;
		}
		if (line.unterminated && line.len)
			mw_pnote(&d.ctx, line.lineno, "last line has no newline (input cut off?)");
		if (d.active && !d.forced) {
			d.ctx.current = d.active;
			r = d.active->feed(d.active_state, &d.ctx, &line);
			if (r == MW_FEED_TAKEN)
				goto next;
			if (r == MW_FEED_LAST) {
				r = finish_active(&d);
				goto next;
			}
			if (r == MW_FEED_REJECT) {
				if ((r = finish_active(&d)) < 0)
					goto next;
				r = dispatch(&d, &line);
				goto next;
			}
		} else {
			r = dispatch(&d, &line);
		}
next:
		if (r < 0) {
			ret = r;
			break;
		}
		if (d.ctx.status) {
			ret = d.ctx.status;
			break;
		}
	}
	r = finish_active(&d);
	if (r < 0 && !ret)
		ret = r;
	d.ctx.current = d.klog;
	r = d.klog->finish(d.klog_state, &d.ctx);
	if (r < 0 && !ret)
		ret = r;
	if (!ret && d.ctx.status)
		ret = d.ctx.status;
	free(d.klog_state);
	free(d.active_state);
	if (ret_stats)
		*ret_stats = stats;
	return ret;
}
