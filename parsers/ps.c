/* SPDX-License-Identifier: MIT */
/*
 * ps.c: process listings, for "who ate all my memory?": ps(1) with any
 * -o column list, BSD and System V forms, and top(1)'s process table. The
 * columns are taken from the header, whatever their order:
 *
 *   USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
 *   root           1  0.0  0.0 167536 12412 ?        Ss   Nov21   0:03 /sbin/init splash
 *   root           2  0.0  0.0      0     0 ?        S    Nov21   0:00 [kthreadd]
 *
 *   USER       PID   RSS COMMAND                  (ps ef -o user,pid,rss,command)
 *   root      4242  3588 \_ -bash HOME=/root LANG=C.UTF-8 PATH=/usr/bin ...
 *
 * The loop of "Can you handle the pressure?" 7.2 runs `ps ef -o
 * user,pid,rss,command`: BSD "e" appends each process's environment to
 * its command line and "f" draws the process forest. Only the process
 * name (comm, or the base name of argv[0]) is kept, never the arguments
 * or the environment: they hold secrets. BSD syntax without "a" and "x"
 * lists only the processes of the current terminal, and a loop run from
 * cron, nohup or a systemd unit has none: the paper's own script prints
 * the header and nothing else. An empty listing is recorded (snapshot
 * fact ps_empty) and explained, with the fix (`ps -eo user,pid,rss,comm`).
 *
 * RSS and VSZ are KiB; top prints them with k/m/g/t suffixes. No kernel
 * file prints this: procps reads /proc/<pid>/stat and statm.
 */
#include <stdio.h>
#include <string.h>
#include "memwaste/kmsg.h"
#include "memwaste/parser.h"
#include "memwaste/banned.h"

enum col {
	COL_OTHER,		/* a column we skip */
	COL_USER,
	COL_PID,
	COL_RSS,
	COL_VSZ,
	COL_CMD,		/* COMMAND, CMD, ARGS: the command line, or comm (ps prints both as COMMAND) */
	COL_COMM,		/* COMM, UCOMM, UCMD: the name */
	COL_STARTED,		/* STARTED: lstart's five words, start's one or two */
};

/* Header words ps(1) and top(1) print, sorted for bsearch. */
static const struct {
	const char *name;
	enum col col;
} header_words[] = {
	{ "%CPU", COL_OTHER }, { "%MEM", COL_OTHER }, { "ADDR", COL_OTHER }, { "ARGS", COL_CMD },
	{ "C", COL_OTHER }, { "CLS", COL_OTHER }, { "CMD", COL_CMD }, { "COMM", COL_COMM },
	{ "COMMAND", COL_CMD }, { "CPU", COL_OTHER }, { "ELAPSED", COL_OTHER }, { "ETIME", COL_OTHER },
	{ "ETIMES", COL_OTHER }, { "EUID", COL_USER }, { "EUSER", COL_USER }, { "F", COL_OTHER },
	{ "LABEL", COL_OTHER }, { "LWP", COL_OTHER }, { "MAJFL", COL_OTHER }, { "MINFL", COL_OTHER },
	{ "NI", COL_OTHER }, { "NLWP", COL_OTHER }, { "PGID", COL_OTHER }, { "PGRP", COL_OTHER },
	{ "PID", COL_PID }, { "POL", COL_OTHER }, { "PPID", COL_OTHER }, { "PR", COL_OTHER },
	{ "PRI", COL_OTHER }, { "PSR", COL_OTHER }, { "RES", COL_RSS }, { "RSS", COL_RSS },
	{ "RSZ", COL_RSS }, { "RUID", COL_USER }, { "RUSER", COL_USER }, { "S", COL_OTHER },
	{ "SESS", COL_OTHER }, { "SHR", COL_OTHER }, { "SID", COL_OTHER }, { "SIZE", COL_OTHER },
	{ "SPID", COL_OTHER }, { "START", COL_OTHER }, { "STARTED", COL_STARTED }, { "STAT", COL_OTHER },
	{ "STIME", COL_OTHER }, { "SZ", COL_OTHER }, { "TID", COL_OTHER }, { "TIME", COL_OTHER },
	{ "TIME+", COL_OTHER }, { "TPGID", COL_OTHER }, { "TT", COL_OTHER }, { "TTY", COL_OTHER },
	{ "UCMD", COL_COMM }, { "UCOMM", COL_COMM }, { "UID", COL_USER }, { "UNAME", COL_USER },
	{ "USER", COL_USER }, { "VIRT", COL_VSZ }, { "VSIZE", COL_VSZ }, { "VSZ", COL_VSZ },
	{ "WCHAN", COL_OTHER },
};

#define MAX_COLS 40

struct ps_state {
	unsigned n_cols;
	enum col cols[MAX_COLS];
	bool header_done;
	uint64_t header_line;
	uint64_t rows;
	unsigned nth;			/* lines fed in this section */
	char header[128];
};

/*
 * The memo (mw_parser.memo_size): for each position of the last listing
 * under the same header, a process line and what was read from it (the
 * user and the name as offsets into the line). Between two snapshots of a
 * loop most processes print the same line.
 */
struct ps_memo {
	struct mw_memo_line header;	/* the header the lines were read under */
	uint64_t gen;			/* bumped when the header changes */
	struct {
		struct mw_memo_line line;
		uint64_t gen;
		int64_t pid, rss_kb, vsz_kb;
		int64_t user_off;	/* -1: no user */
		size_t user_len;
		int64_t name_off;	/* -1: "?" */
		size_t name_len;
	} e[MW_MEMO_LINES];
};

static void ps_memo_release(void *memo)
{
	struct ps_memo *m = memo;
	mw_memo_free(&m->header);
	for (size_t i = 0; i < MW_MEMO_LINES; i++)
		mw_memo_free(&m->e[i].line);
}

/* The column a header word names; -1 if it is not a word ps or top prints. */
static int header_word(const char *p, size_t n)
{
	size_t lo = 0, hi = MW_ARRAY_SIZE(header_words);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *w = header_words[mid].name;
		int c = -mw_str_cmp(mw_str_make(p, n), w);
		if (c == 0)
			return (int)header_words[mid].col;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Reads a header line into columns; returns the number of words ps or top would not print. */
static unsigned parse_header(const struct mw_line *line, struct ps_state *s, bool *ret_pid, bool *ret_useful)
{
	const char *p = line->ptr, *end = line->ptr + line->len;
	unsigned unknown = 0;
	*ret_pid = *ret_useful = false;
	s->n_cols = 0;
	for (;;) {
		size_t n;
		const char *after, *w = mw_next_token(p, end, &n, &after);
		int c;
		if (!n)
			break;
		c = header_word(w, n);
		if (c < 0) {
			unknown++;
			c = COL_OTHER;
		}
		if (s->n_cols == MAX_COLS)
			return unknown + 1;
		if (c == COL_PID && *ret_pid)
			c = COL_OTHER;	/* only the first PID column */
		s->cols[s->n_cols++] = (enum col)c;
		if (c == COL_PID)
			*ret_pid = true;
		if (c == COL_RSS || c == COL_CMD || c == COL_COMM)
			*ret_useful = true;
		p = after;
	}
	return unknown;
}

static int ps_probe(const struct mw_line *line, const char *name_hint)
{
	struct ps_state s;
	bool pid, useful;
	unsigned unknown;
	(void)name_hint;
	if (line->len < 7 || line->len > 400 || !mw_find(line->ptr, line->ptr + line->len, "PID"))
		return 0;
	unknown = parse_header(line, &s, &pid, &useful);
	if (!pid || !useful || s.n_cols < 2 || unknown > 1)
		return 0;
	return unknown ? 60 : 95;
}

/* "12412", "1.2g" (top), "812m": KiB; "-" (a zombie, a kernel thread in some ps): unknown. */
static bool scan_kb(const char *p, size_t n, int64_t *ret)
{
	const char *end = p + n, *q;
	uint64_t whole, frac = 0, scale = 1;
	int64_t mult = 1;
	if (n == 1 && p[0] == '-') {
		*ret = MW_UNKNOWN;
		return true;
	}
	if (!(q = mw_scan_u64(p, end, &whole)))
		return false;
	if (q < end && *q == '.') {
		const char *f = ++q;
		while (q < end && *q >= '0' && *q <= '9' && scale < 1000000) {
			frac = frac * 10 + (uint64_t)(*q - '0');
			scale *= 10;
			q++;
		}
		if (q == f)
			return false;
	}
	if (q < end) {
		switch (*q | 0x20) {
		case 'k': mult = 1; break;
		case 'm': mult = 1024; break;
		case 'g': mult = 1024 * 1024; break;
		case 't': mult = (int64_t)1024 * 1024 * 1024; break;
		default: return false;
		}
		if (++q != end)
			return false;
	}
	if (whole > (uint64_t)INT64_MAX / (uint64_t)mult / 2)
		return false;
	*ret = (int64_t)whole * mult + (int64_t)(frac * (uint64_t)mult / scale);
	return true;
}

/*
 * The process name from a command column: the forest drawing ("\_ ",
 * "|") is dropped; "[kthreadd]" is a kernel thread; a path's base name
 * ("/usr/sbin/sshd" -> "sshd"); a login shell's "-bash" -> "bash"; a
 * retitled "sshd: root@pts/0" or "postgres: checkpointer" -> the word
 * before the colon. `comm` columns (and COMMAND columns holding comm,
 * as `ps -o comm` prints them) are names already: "kworker/0:1-events"
 * keeps its slash because it does not start like a path.
 */
static struct mw_str process_name(struct mw_str v, bool comm)
{
	const char *p, *end, *w, *close;
	if (!v.ptr)
		return MW_STR_NULL;	/* a row without a command column */
	p = v.ptr;
	end = v.ptr + v.len;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '|'))
			p++;
		if (end - p >= 2 && p[0] == '\\' && p[1] == '_')
			p += 2;
		else
			break;
	}
	if (p == end)
		return MW_STR_NULL;
	if (*p == '[' && (close = memchr(p, ']', (size_t)(end - p))) && close > p + 1)
		return mw_str_make(p + 1, (size_t)(close - p - 1));
	if (comm)
		return mw_str_trim(mw_str_make(p, (size_t)(end - p)));
	w = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	if (*w == '/' || *w == '.' || *w == '~') {
		const char *slash = w;
		for (const char *q = w; q < p; q++)
			if (*q == '/')
				slash = q + 1;
		if (slash < p)
			w = slash;
	}
	if (*w == '-' && p - w > 1)
		w++;
	if (p - w > 1 && p[-1] == ':')
		p--;
	return mw_str_make(w, (size_t)(p - w));
}

static int ps_feed(void *state, struct mw_pctx *ctx, const struct mw_line *line)
{
	struct ps_state *s = state;
	const char *p = line->ptr, *end = line->ptr + line->len;
	struct mw_record rec;
	struct mw_rec_proc *pr = &rec.u.proc;
	bool pid_seen = false, comm = false, unnamed;
	struct mw_str cmd = MW_STR_NULL;
	struct ps_memo *memo = ctx->memo;
	unsigned nth = s->nth++;

	if (!s->header_done) {
		bool pid, useful;
		parse_header(line, s, &pid, &useful);
		s->header_done = true;
		s->header_line = line->lineno;
		snprintf(s->header, sizeof(s->header), "%.*s", (int)MW_MIN(line->len, sizeof(s->header) - 1), line->ptr);
		if (memo && !mw_memo_same(&memo->header, line)) {
			mw_memo_keep(&memo->header, line);
			memo->gen++;	/* other columns: what the memo read is not what these lines say */
		}
		return MW_FEED_TAKEN;
	}
	mw_record_init(&rec, MW_REC_PROC, line->lineno);
	if (memo && nth < MW_MEMO_LINES && memo->header.len && memo->e[nth].gen == memo->gen &&
	    mw_memo_same(&memo->e[nth].line, line)) {
		pr->pid = memo->e[nth].pid;
		pr->rss_kb = memo->e[nth].rss_kb;
		pr->vsz_kb = memo->e[nth].vsz_kb;
		if (memo->e[nth].user_off >= 0)
			pr->user = mw_str_make(line->ptr + memo->e[nth].user_off, memo->e[nth].user_len);
		pr->name = memo->e[nth].name_off >= 0 ? mw_str_make(line->ptr + memo->e[nth].name_off, memo->e[nth].name_len)
						      : MW_STR("?");
		ctx->stats->memo_lines++;
		goto emit;
	}
	for (unsigned c = 0; c < s->n_cols; c++) {
		size_t n;
		const char *after, *w;
		bool last = c + 1 == s->n_cols;
		if ((s->cols[c] == COL_CMD || s->cols[c] == COL_COMM) && last) {
			/* the last command column takes the rest of the line */
			cmd = mw_str_trim(mw_str_make(p, (size_t)(end - p)));
			comm = s->cols[c] == COL_COMM;
			p = end;
			break;
		}
		w = mw_next_token(p, end, &n, &after);
		if (!n)
			return MW_FEED_REJECT;	/* fewer words than columns: not a process line */
		switch (s->cols[c]) {
		case COL_USER:
			pr->user = mw_str_make(w, n);
			break;
		case COL_PID: {
			const char *q = mw_scan_i64(w, w + n, &pr->pid);
			if (q != w + n || pr->pid < 0)
				return MW_FEED_REJECT;
			pid_seen = true;
			break;
		}
		case COL_RSS:
			if (!scan_kb(w, n, &pr->rss_kb))
				return MW_FEED_REJECT;
			break;
		case COL_VSZ:
			if (!scan_kb(w, n, &pr->vsz_kb))
				return MW_FEED_REJECT;
			break;
		case COL_CMD:
		case COL_COMM:
			cmd = mw_str_make(w, n);
			comm = s->cols[c] == COL_COMM;
			break;
		case COL_STARTED:
			/* -o lstart: "Sat Nov 21 23:41:57 2026"; -o start: "23:41:57" or "Nov 21" */
			if (n == 3 && strchr("MTWFS", w[0]) && mw_month_from_name(w, 3) == 0) {
				for (int k = 0; k < 4; k++)
					mw_next_token(after, end, &n, &after);
			} else if (n == 3 && mw_month_from_name(w, 3)) {
				mw_next_token(after, end, &n, &after);
			}
			break;
		case COL_OTHER:
			break;
		}
		p = after;
	}
	if (!pid_seen)
		return MW_FEED_REJECT;
	pr->name = process_name(cmd, comm);
	unnamed = !pr->name.len;
	if (unnamed)
		pr->name = MW_STR("?");
	if (memo && nth < MW_MEMO_LINES && memo->header.len) {
		mw_memo_keep(&memo->e[nth].line, line);
		memo->e[nth].gen = memo->gen;
		memo->e[nth].pid = pr->pid;
		memo->e[nth].rss_kb = pr->rss_kb;
		memo->e[nth].vsz_kb = pr->vsz_kb;
		memo->e[nth].user_off = pr->user.ptr ? pr->user.ptr - line->ptr : -1;
		memo->e[nth].user_len = pr->user.len;
		memo->e[nth].name_off = unnamed ? -1 : pr->name.ptr - line->ptr;
		memo->e[nth].name_len = pr->name.len;
	}
emit:
	s->rows++;
	{
		int r = mw_emit(ctx, &rec);
		return r < 0 ? r : MW_FEED_TAKEN;
	}
}

static int ps_finish(void *state, struct mw_pctx *ctx)
{
	struct ps_state *s = state;
	struct mw_record rec;
	if (!s->header_done || s->rows)
		return 0;
	/* the header and nothing else: `ps ef` run without a terminal */
	mw_record_init(&rec, MW_REC_SNAPSHOT_FACT, s->header_line);
	rec.u.snapshot_fact.key = MW_STR("ps_empty");
	rec.u.snapshot_fact.value = 1;
	rec.u.snapshot_fact.text = mw_str_make(s->header, strlen(s->header));
	if (!ctx->stats->ps_empty++)
		mw_pnote(ctx, s->header_line, "the process listing is empty: `ps ef` (BSD options without 'a' and 'x') "
			 "lists only the processes of its terminal, and a loop run without one gets none; use "
			 "`ps -eo user,pid,rss,comm` in the loop");
	return mw_emit(ctx, &rec);
}

const struct mw_parser mw_parser_ps = {
	.name = "ps",
	.summary = "process listings: ps with any -o columns (aux, -ef, ef -o user,pid,rss,command), top",
	.flags = MW_PARSER_SNAPSHOT,
	.snapshot_kind = MW_SK_PS,
	.state_size = sizeof(struct ps_state),
	.probe = ps_probe,
	.feed = ps_feed,
	.finish = ps_finish,
	.memo_size = sizeof(struct ps_memo),
	.memo_release = ps_memo_release,
};
