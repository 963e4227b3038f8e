/* SPDX-License-Identifier: MIT */
/*
 * demux.c: one input, many formats. Reads lines and hands each to the
 * parser it belongs to (see the flow in parser.h): the active section
 * parser, the snapshot markers, the kernel-log parser for prefixed lines,
 * the best-scoring probe for the first line of a /proc section, and the
 * kernel-log parser for everything else.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "memwaste/buf.h"
#include "memwaste/capture.h"
#include "memwaste/doc.h"
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
	const char *host = ctx->opts->host ? ctx->opts->host : ctx->data_host;
	mw_record_init(&r, MW_REC_SNAPSHOT, line);
	r.u.snapshot.taken = taken;
	r.u.snapshot.taken_frac = frac;
	r.u.snapshot.taken_text = text;
	r.u.snapshot.origin = mw_str_make(origin, strlen(origin));
	r.u.snapshot.implicit = implicit;
	if (host)
		r.u.snapshot.host = mw_str_make(host, strlen(host));
	ctx->session->snapshot_open = true;
	ctx->session->snapshot_implicit = implicit;
	ctx->session->time_from_hint = false;
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
		bool hint = s->pending_time == MW_UNKNOWN && ctx->opts->time_hint != MW_UNKNOWN;
		int64_t t = s->pending_time != MW_UNKNOWN ? s->pending_time : ctx->opts->time_hint;
		int r = emit_snapshot(ctx, t, 0, MW_STR_NULL, line, true);
		s->pending_time = MW_UNKNOWN;
		s->time_from_hint = hint;
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

/* What the lines under the last section header are. */
enum section_mode {
	MODE_CONTENT,		/* recognised by content (the default) */
	MODE_KLOG,		/* a kernel log: every line to the log parser */
	MODE_SKIP,		/* output we know is none of ours (free, vmstat 1 4, sysctl...) */
};

struct demux {
	struct mw_pctx ctx;
	struct mw_parse_opts opts;	/* a copy: the time hint is dropped once the input shows markers */
	const struct mw_parser *active;
	void *active_state;
	size_t active_state_size;
	const struct mw_parser *klog;
	void *klog_state;
	const struct mw_parser *forced;

	/* capture over time (capture.h) */
	bool loop;			/* dates, separators or a record header seen: a capture over time */
	bool dated;			/* a date line seen */
	bool between;			/* after a separator, before the next snapshot */
	bool opened_here;		/* the open snapshot was opened implicitly by this input */
	enum section_mode mode;
	const struct mw_parser *hint;	/* parser named by a section header, for the next lines */
	bool scc_label_next;		/* a supportconfig entry line: the next line is its label */
	char scc_type[32];
	int64_t last_t;			/* time of the last date line, MW_UNKNOWN before the first */
	double last_frac;
	uint64_t last_date_line;
	bool zone_noted;
	uint64_t junk_first, junk_count;	/* unrecognised lines between snapshots (current run) */
	uint64_t unknown_first, unknown_count;	/* unrecognised lines inside snapshots */
	char host[256];			/* from a record header */
	void **memos;			/* by position in mw_parsers[] */
	size_t n_memos;
};

/* The parser's memo for this input (made on first use), NULL if it keeps none. */
static void *memo_of(struct demux *d, const struct mw_parser *p)
{
	size_t i;
	if (!p->memo_size || d->opts.no_memo)
		return NULL;
	for (i = 0; i < d->n_memos && mw_parsers[i] != p; i++)
		;
	if (i == d->n_memos)
		return NULL;	/* not a registered parser */
	if (!d->memos[i])
		d->memos[i] = mw_xcalloc(1, p->memo_size);
	return d->memos[i];
}

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

/* Drops the input's time hint: in a capture over time, a snapshot without a date line has no time. */
static void enter_loop(struct demux *d)
{
	d->loop = true;
	d->opts.time_hint = MW_UNKNOWN;
	d->ctx.session->pending_time = MW_UNKNOWN;	/* nor the time of its name: it has its own */
}

static int begin_section(struct demux *d, const struct mw_parser *p, uint64_t line)
{
	struct mw_session *s = d->ctx.session;
	int r;
	if (p->flags & MW_PARSER_SNAPSHOT) {
		bool opens = !s->snapshot_open || (s->kinds_seen & p->snapshot_kind);
		if (opens && d->loop && !d->forced && s->pending_time == MW_UNKNOWN) {
			d->ctx.current = p;
			if (s->snapshot_open)
				mw_pwarn(&d->ctx, line, "a second %s section before the separator: a new snapshot without a "
					 "date line, its time is unknown", p->name);
			else
				mw_pwarn(&d->ctx, line, "snapshot without a date line before it: its time is unknown");
		}
		r = mw_need_snapshot(&d->ctx, p->snapshot_kind, line);
		if (r < 0)
			return r;
		if (opens)
			d->opened_here = true;
		d->between = false;
	}
	if (p->state_size > d->active_state_size) {
		free(d->active_state);
		d->active_state = mw_xmalloc(p->state_size);
		d->active_state_size = p->state_size;
	}
	memset(d->active_state, 0, d->active_state_size);
	d->active = p;
	d->ctx.current = p;
	d->ctx.memo = memo_of(d, p);
	return p->begin ? p->begin(d->active_state, &d->ctx) : 0;
}

static int feed_klog(struct demux *d, const struct mw_line *line)
{
	d->ctx.current = d->klog;
	return d->klog->feed(d->klog_state, &d->ctx, line);
}

/* Says once what a run of unrecognised lines between two snapshots was. */
static void flush_junk(struct demux *d)
{
	if (!d->junk_count)
		return;
	d->ctx.current = NULL;
	if (d->junk_count == 1)
		mw_pwarn(&d->ctx, d->junk_first, "unrecognised line between snapshots, skipped");
	else
		mw_pwarn(&d->ctx, d->junk_first, "%llu unrecognised lines between snapshots (from here), skipped",
			 (unsigned long long)d->junk_count);
	d->junk_count = 0;
}

static void fmt_time(char *buf, size_t n, int64_t t)
{
	struct mw_value v = { .type = MW_VAL_INT, .i = t };
	mw_format_value(buf, n, &v, MW_UNIT_TIME);
}

/* A date line: checks its order against the previous one, then opens the snapshot. */
static int on_date(struct demux *d, const struct mw_line *line, const struct mw_date *date)
{
	struct mw_session *s = d->ctx.session;
	double t = (double)date->t + date->frac, last = (double)d->last_t + d->last_frac;
	char a[48], b[48];
	int r;

	d->ctx.current = NULL;
	if (!d->dated && s->snapshot_open && s->snapshot_implicit && s->time_from_hint && d->opened_here) {
		/* the capture starts inside a snapshot (cut at the start): its time is not the file's */
		struct mw_record rec;
		mw_record_init(&rec, MW_REC_SNAPSHOT_FACT, line->lineno);
		rec.u.snapshot_fact.key = MW_STR("undated");
		rec.u.snapshot_fact.value = 1;
		if ((r = mw_emit(&d->ctx, &rec)) < 0)
			return r;
		mw_pwarn(&d->ctx, line->lineno, "the lines before the first date line are a snapshot without a date "
			 "(capture cut at the start?): its time is unknown");
	}
	if (d->last_t != MW_UNKNOWN && t < last) {
		fmt_time(a, sizeof(a), date->t);
		fmt_time(b, sizeof(b), d->last_t);
		mw_pwarn(&d->ctx, line->lineno, "date goes backwards (%s after %s at line %llu): the snapshot is kept at "
			 "its own time", a, b, (unsigned long long)d->last_date_line);
	} else if (d->last_t != MW_UNKNOWN && t == last) {
		mw_pwarn(&d->ctx, line->lineno, "same time as the snapshot at line %llu: only the first of them is kept",
			 (unsigned long long)d->last_date_line);
	}
	if (!date->zone_known && !d->zone_noted) {
		mw_pnote(&d->ctx, line->lineno, "date lines without a time zone (or with one memwaste does not know) "
			 "are read as UTC");
		d->zone_noted = true;
	}
	d->last_t = date->t;
	d->last_frac = date->frac;
	d->last_date_line = line->lineno;
	d->dated = true;
	d->between = false;
	d->opened_here = false;
	enter_loop(d);
	return mw_open_snapshot(&d->ctx, date->t, date->frac, mw_str_make(line->ptr, line->len), line->lineno);
}

/* A section header names what follows: a parser, the kernel log, or output to skip. */
static void on_section(struct demux *d, struct mw_str label, struct mw_str scc_type)
{
	const char *kind = mw_capture_section_kind(label, scc_type);
	d->hint = NULL;
	if (kind == MW_SECTION_UNKNOWN)
		d->mode = MODE_CONTENT;
	else if (strcmp(kind, MW_SECTION_SKIP) == 0)
		d->mode = MODE_SKIP;
	else if (strcmp(kind, "klog") == 0)
		d->mode = MODE_KLOG;
	else {
		d->mode = MODE_CONTENT;
		d->hint = mw_parser_find(kind);	/* NULL when this build has no such parser: content decides */
	}
}

/*
 * Markers are looked at before any section parser sees the line: a date
 * line or a separator always ends the section, whatever the parser makes
 * of it. Returns 1 when the line was a marker (consumed), 0 if not.
 */
static int markers(struct demux *d, const struct mw_line *line)
{
	struct mw_marker_info mi;
	int r;

	if (d->scc_label_next) {
		d->scc_label_next = false;
		if (line->len >= 2 && line->ptr[0] == '#' && line->ptr[1] == ' ') {
			on_section(d, mw_str_make(line->ptr + 2, line->len - 2), mw_str_make(d->scc_type, strlen(d->scc_type)));
			return 1;
		}
	}
	switch (mw_capture_marker(line->ptr, line->len, &mi)) {
	case MW_MARK_NONE:
		return 0;
	case MW_MARK_DATE:
		if ((r = finish_active(d)) < 0)
			return r;
		flush_junk(d);
		d->mode = MODE_CONTENT;
		d->hint = NULL;
		r = on_date(d, line, &mi.date);
		return r < 0 ? r : 1;
	case MW_MARK_SEPARATOR:
		if ((r = finish_active(d)) < 0)
			return r;
		flush_junk(d);
		mw_close_snapshot(&d->ctx);
		enter_loop(d);
		d->between = true;
		d->opened_here = false;
		d->mode = MODE_CONTENT;
		d->hint = NULL;
		return 1;
	case MW_MARK_SECTION:
		if ((r = finish_active(d)) < 0)
			return r;
		flush_junk(d);
		on_section(d, mi.name, MW_STR_NULL);
		return 1;
	case MW_MARK_SCC_ENTRY:
		if ((r = finish_active(d)) < 0)
			return r;
		flush_junk(d);
		snprintf(d->scc_type, sizeof(d->scc_type), "%.*s", (int)mi.name.len, mi.name.ptr);
		d->scc_label_next = true;
		d->mode = MODE_SKIP;
		d->hint = NULL;
		return 1;
	case MW_MARK_META:
		if ((r = finish_active(d)) < 0)
			return r;
		flush_junk(d);
		if (mi.host.len) {
			snprintf(d->host, sizeof(d->host), "%.*s", (int)MW_MIN(mi.host.len, sizeof(d->host) - 1), mi.host.ptr);
			d->ctx.data_host = d->host;
		}
		if (!d->opts.origin || strcmp(d->opts.origin, "file") == 0 || strcmp(d->opts.origin, "dir") == 0)
			d->opts.origin = "record";
		enter_loop(d);
		return 1;
	}
	return 0;
}

static bool blank(const struct mw_line *line)
{
	for (size_t i = 0; i < line->len; i++)
		if (line->ptr[i] != ' ' && line->ptr[i] != '\t')
			return false;
	return true;
}

/* The kernel-log parser as the last resort; counts what nobody recognised in a capture over time. */
static int fallback(struct demux *d, const struct mw_line *line)
{
	uint64_t ignored = d->ctx.stats->ignored_lines;
	int r = feed_klog(d, line);
	if (r >= 0 && d->loop && d->ctx.stats->ignored_lines != ignored && !blank(line)) {
		if (d->between || !d->ctx.session->snapshot_open) {
			if (!d->junk_count++)
				d->junk_first = line->lineno;
		} else if (!d->unknown_count++) {
			d->unknown_first = line->lineno;
		}
	}
	return r;
}

static int dispatch(struct demux *d, const struct mw_line *line)
{
	const struct mw_parser *best = NULL;
	int best_score = 0, r;

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

	switch (d->mode) {
	case MODE_SKIP:
		d->ctx.stats->ignored_lines++;
		return 0;
	case MODE_KLOG:
		return feed_klog(d, line);
	case MODE_CONTENT:
		break;
	}

	if (d->hint) {
		const struct mw_parser *p = d->hint;
		if (blank(line))
			return 0;
		d->hint = NULL;
		if ((r = begin_section(d, p, line->lineno)) < 0)
			return r;
		r = p->feed(d->active_state, &d->ctx, line);
		if (r == MW_FEED_TAKEN)
			return 0;
		if (r == MW_FEED_LAST)
			return finish_active(d);
		if (r < 0)
			return r;
		/* the header said p, the line says otherwise: decide by content */
		if ((r = finish_active(d)) < 0)
			return r;
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
			return fallback(d, line);
		}
		if (r == MW_FEED_LAST)
			return finish_active(d);
		return r < 0 ? r : 0;
	}
	return fallback(d, line);
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
	d.opts = *opts;
	d.last_t = MW_UNKNOWN;
	d.ctx.file = mw_input_name(in);
	d.ctx.strict = opts->strict;
	d.ctx.sink = sink;
	d.ctx.diag = diag;
	d.ctx.session = session;
	d.ctx.opts = &d.opts;
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
	while (mw_parsers[d.n_memos])
		d.n_memos++;
	d.memos = mw_xcalloc(d.n_memos ? d.n_memos : 1, sizeof(*d.memos));

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
		if (line.unterminated && line.len) {
			if (d.loop) {
				/* a partial number would be a wrong number: a capture keeps whole lines only */
				d.ctx.current = d.active;
				mw_pwarn(&d.ctx, line.lineno, "capture cut mid-line: the partial last line is skipped");
				continue;
			}
			mw_pnote(&d.ctx, line.lineno, "last line has no newline (input cut off?)");
		}
		if (!d.forced && (r = markers(&d, &line)) != 0)
			goto next;
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
	flush_junk(&d);
	if (d.unknown_count) {
		d.ctx.current = NULL;
		mw_pnote(&d.ctx, d.unknown_first, "%llu lines inside snapshots were not recognised (the first is this one)",
			 (unsigned long long)d.unknown_count);
	}
	d.ctx.current = d.klog;
	r = d.klog->finish(d.klog_state, &d.ctx);
	if (r < 0 && !ret)
		ret = r;
	if (!ret && d.ctx.status)
		ret = d.ctx.status;
	free(d.klog_state);
	free(d.active_state);
	for (size_t i = 0; i < d.n_memos; i++) {
		if (d.memos[i] && mw_parsers[i]->memo_release)
			mw_parsers[i]->memo_release(d.memos[i]);
		free(d.memos[i]);
	}
	free(d.memos);
	if (ret_stats)
		*ret_stats = stats;
	return ret;
}
