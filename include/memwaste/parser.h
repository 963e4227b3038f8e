/* SPDX-License-Identifier: MIT */
/* parser.h: the parser interface, the parser registry and the input demultiplexer. */
#ifndef MW_PARSER_H
#define MW_PARSER_H

#include "memwaste/common.h"
#include "memwaste/diag.h"
#include "memwaste/input.h"
#include "memwaste/record.h"

/*
 * One input may hold many formats: a logging loop prints date lines,
 * meminfo, slabinfo and ps output over and over; a sosreport-style text
 * concatenates several /proc files; a kernel log mixes prefixes. The
 * demultiplexer (parsers/demux.c) reads lines and hands each to a parser:
 *
 *   - the active section parser, while it takes lines (feed returns
 *     MW_FEED_TAKEN; MW_FEED_REJECT ends the section and the line is
 *     dispatched again; MW_FEED_LAST takes it and ends the section);
 *   - snapshot markers (date lines, dashed separators) open and close
 *     snapshots (parsers/capture.c);
 *   - lines with a kernel-log prefix go to the kernel-log parser;
 *   - otherwise every section parser's probe() scores the line (0..100)
 *     and the best one >= MW_PROBE_MIN begins a section;
 *   - anything else goes to the kernel-log parser, which knows kernel
 *     messages without prefixes and ignores the rest.
 *
 * Section parsers flagged MW_PARSER_SNAPSHOT need an open snapshot: the
 * demux opens an implicit one when none is open or when the open one
 * already holds a section of the same kind (a second meminfo means a new
 * moment). The session (struct mw_session) carries that state across the
 * inputs of one import, so `memwaste report meminfo slabinfo` gives one
 * snapshot with both.
 *
 * Adding a parser: parsers/<name>.c defining `const struct mw_parser
 * mw_parser_<name>`, one line in parsers/parsers.def, one source line in
 * parsers/CMakeLists.txt, fixtures under fixtures/ and tests. A file
 * starts with an SPDX line, a paragraph on the format, a real excerpt and
 * the kernel file that prints it.
 */

enum mw_feed {
	MW_FEED_TAKEN = 0,	/* line consumed, section goes on */
	MW_FEED_REJECT = 1,	/* not mine: section ended before this line */
	MW_FEED_LAST = 2,	/* line consumed and section ended */
};

#define MW_PROBE_MIN 50

enum mw_parser_flags {
	MW_PARSER_SNAPSHOT = 1 << 0,	/* a /proc section: belongs to a snapshot */
	MW_PARSER_LOG = 1 << 1,		/* the kernel-log parser */
	MW_PARSER_NO_PROBE = 1 << 2,	/* only by --kind or by name */
};

struct mw_pctx;

struct mw_parser {
	const char *name;		/* "meminfo": also the --kind value */
	const char *summary;		/* one line for `memwaste import --list-kinds` */
	unsigned flags;
	unsigned snapshot_kind;		/* bit in mw_session.kinds_seen (MW_SK_*) */
	size_t state_size;		/* zeroed bytes given to begin/feed/finish */
	/*
	 * Scores `line` as the first line of this format (0 = no, 100 =
	 * certain). `name_hint` is the file's base name or NULL. Must be
	 * cheap and never look past line->len.
	 */
	int (*probe)(const struct mw_line *line, const char *name_hint);
	int (*begin)(void *state, struct mw_pctx *ctx);
	/* MW_FEED_* or < 0 to abort the input. */
	int (*feed)(void *state, struct mw_pctx *ctx, const struct mw_line *line);
	/* Emits what is pending and frees what the state owns; also called after a REJECT. */
	int (*finish)(void *state, struct mw_pctx *ctx);
	/*
	 * Memory that outlives a section: memo_size zeroed bytes, made when
	 * the parser first begins a section of an input and kept until the
	 * input ends, given to begin/feed/finish as ctx->memo (NULL when 0).
	 * A logging loop prints the same lines snapshot after snapshot, so a
	 * parser may keep what it read from each line last time and reuse it
	 * when the bytes are the same; memo_release frees what it allocated.
	 */
	size_t memo_size;
	void (*memo_release)(void *memo);
};

/* Snapshot section kinds (bits). */
enum {
	MW_SK_MEMINFO = 1u << 0,
	MW_SK_ZONEINFO = 1u << 1,
	MW_SK_BUDDYINFO = 1u << 2,
	MW_SK_PAGETYPEINFO = 1u << 3,
	MW_SK_SLABINFO = 1u << 4,
	MW_SK_VMSTAT = 1u << 5,
	MW_SK_PS = 1u << 6,
	MW_SK_OTHER = 1u << 7,
};

#define MW_PARSER(name) extern const struct mw_parser mw_parser_##name;
#include "memwaste/parsers.def"
#undef MW_PARSER

/* All registered parsers, in parsers.def order, NULL-terminated. */
extern const struct mw_parser *const mw_parsers[];
const struct mw_parser *mw_parser_find(const char *name);
/* Frees compiled patterns and other static state of the parsers (call once at exit). */
void mw_parsers_release(void);

/* State that spans the inputs of one import session. */
struct mw_session {
	bool snapshot_open;
	bool snapshot_implicit;		/* opened by the demux, not by a date line */
	bool time_from_hint;		/* the open snapshot's time is the input's time hint (file mtime) */
	uint32_t kinds_seen;		/* MW_SK_* sections in the open snapshot */
	int64_t pending_time;		/* time for the next implicit snapshot (capture directories), MW_UNKNOWN if none */
};

struct mw_parse_opts {
	const char *kind;		/* --kind: force one parser for the whole input */
	bool strict;			/* any diagnostic fails the input */
	const char *name_hint;		/* base name of the file, for probes */
	const char *host;		/* --host or from the directory; may be NULL */
	const char *origin;		/* snapshot origin for implicit snapshots ("file", "dir", ...) */
	int64_t time_hint;		/* time for implicit snapshots (file mtime), MW_UNKNOWN if none */
	bool no_memo;			/* read every line from scratch (tests: memos must change nothing) */
	/*
	 * Called every MW_PARSE_PROGRESS_LINES lines with the input (for
	 * mw_input_bytes_read()) and the lines read so far; may be NULL. Only
	 * for progress displays: it must not touch the input.
	 */
	void (*progress)(void *userdata, const struct mw_input *in, uint64_t lines);
	void *progress_userdata;
};
#define MW_PARSE_PROGRESS_LINES 16384

struct mw_parse_stats {
	uint64_t lines;
	uint64_t records;
	uint64_t snapshots;
	uint64_t boots;
	uint64_t events;
	uint64_t ignored_lines;		/* lines nobody recognised */
	uint64_t warnings;
	uint64_t ps_empty;		/* ps sections that listed no process (ps ef without a terminal) */
	uint64_t memo_lines;		/* lines read again from a parser's memo (mw_parser.memo_size) */
};

/*
 * The context a parser works in: where records go, where problems go.
 * Parsers use the helpers below, never the fields directly, except
 * `file` and `strict`.
 */
struct mw_pctx {
	const char *file;
	bool strict;
	struct mw_sink *sink;
	struct mw_diag *diag;
	struct mw_session *session;
	const struct mw_parse_opts *opts;
	struct mw_parse_stats *stats;
	const struct mw_parser *current;	/* the parser being fed, for messages */
	void *memo;				/* the section parser's memo (mw_parser.memo_size), or NULL */
	int status;				/* first fatal error (strict), 0 if none */
	const char *data_host;			/* host named by the data (a record header), NULL if none */
};

/* Emits a record to the sink and counts it. */
int mw_emit(struct mw_pctx *ctx, const struct mw_record *rec);
/* Adds a warning "file:line: msg" for the current parser; fails the input under --strict. */
void mw_pwarn(struct mw_pctx *ctx, uint64_t line, const char *fmt, ...) MW_PRINTF(3, 4);
/* A note: a limitation of the data rather than a problem of the line. */
void mw_pnote(struct mw_pctx *ctx, uint64_t line, const char *fmt, ...) MW_PRINTF(3, 4);
/*
 * Makes sure a snapshot is open that has no section of `kind` yet; opens
 * an implicit one (MW_REC_SNAPSHOT with the session's pending time or the
 * time hint) when needed, and marks `kind` as seen.
 */
int mw_need_snapshot(struct mw_pctx *ctx, uint32_t kind, uint64_t line);
/* Opens an explicit snapshot at `taken` (from a date line; MW_UNKNOWN for none). */
int mw_open_snapshot(struct mw_pctx *ctx, int64_t taken, double frac, struct mw_str text, uint64_t line);
void mw_close_snapshot(struct mw_pctx *ctx);

/*
 * Parses one input into records. Returns 0 when the input was read to the
 * end (warnings may have been added), < 0 when it failed (I/O error, a
 * damaged compressed stream, --strict); the sink may already have received
 * records, which is why the store wraps each input in one transaction.
 */
int mw_parse_input(struct mw_input *in, const struct mw_parse_opts *opts, struct mw_session *session,
		   struct mw_sink *sink, struct mw_diag *diag, struct mw_parse_stats *ret_stats);

/* ---- helpers for parsers (parsers/util.c) ---- */

/* Skips blanks (space, tab) from p; returns the new position (<= end). */
const char *mw_skip_ws(const char *p, const char *end);
/* Reads an unsigned decimal; returns the position after it, or NULL if none / overflow. */
const char *mw_scan_u64(const char *p, const char *end, uint64_t *ret);
/* Signed decimal (leading '-' allowed). */
const char *mw_scan_i64(const char *p, const char *end, int64_t *ret);
/* Hex with optional 0x prefix. */
const char *mw_scan_hex(const char *p, const char *end, uint64_t *ret);
/* Next whitespace-separated token: returns its start and sets *ret_len (0 at end). */
const char *mw_next_token(const char *p, const char *end, size_t *ret_len, const char **ret_after);
/* Whether [p, end) starts with the literal s. */
bool mw_starts_with(const char *p, const char *end, const char *s);
/* memmem over [p, end) for s; NULL if absent. */
const char *mw_find(const char *p, const char *end, const char *s);
/* Trims blanks at both ends of the view. */
struct mw_str mw_str_trim(struct mw_str s);

/*
 * Lines for memos (mw_parser.memo_size): the bytes of the line a parser
 * read at one position of its last section. A parser keeps one per
 * position with what it read from the line, and reuses that when the line
 * at the same position of the next section has the same bytes. Keep only
 * lines whose reading depends on nothing but their bytes (and on what
 * the memo also checks, such as a header).
 */
#define MW_MEMO_LINES 2048		/* positions kept */
#define MW_MEMO_MAX_LEN 512		/* longer lines are not kept */
struct mw_memo_line {
	char *bytes;
	uint32_t len;			/* 0: nothing kept */
};
/* Whether the line has the bytes kept in m. */
static inline bool mw_memo_same(const struct mw_memo_line *m, const struct mw_line *line)
{
	return m->len && m->len == line->len && __builtin_memcmp(m->bytes, line->ptr, line->len) == 0;
}
/* Keeps the line's bytes in m (when not too long; m is emptied otherwise). */
void mw_memo_keep(struct mw_memo_line *m, const struct mw_line *line);
void mw_memo_free(struct mw_memo_line *m);

#endif
