/* SPDX-License-Identifier: MIT */
/* input.h: open a path or "-", sniff compression by magic bytes, iterate lines, walk directories. */
#ifndef MW_INPUT_H
#define MW_INPUT_H

#include "memwaste/common.h"

/*
 * Data flow: mw_input_open() sniffs the first bytes: a zstd frame magic
 * selects the streaming zstd decoder; gzip, xz, bzip2, lz4, UTF-16 text and
 * binary data are refused with MW_EUNSUPPORTED / MW_EBINARY and a message in
 * mw_input_error(); an empty input gives MW_EEMPTY; anything else is read as
 * plain text. mw_input_next_line() then yields lines.
 *
 * Lines: the terminator ("\n", "\r\n" or a lone "\r" before "\n") is
 * stripped; the line is NUL-terminated but may contain NUL bytes and invalid
 * UTF-8 (len is authoritative). Lines longer than limits.max_line are not
 * truncated silently: they come back with `too_long` set, len 0, and their
 * bytes skipped, so the caller can say "file:line: line longer than N bytes,
 * skipped". The last line need not end in a newline (`unterminated` is then
 * set, so "capture cut mid-line" can be reported).
 *
 * Memory stays flat: one read buffer and one line buffer per input,
 * whatever the input size.
 */

struct mw_input_limits {
	size_t max_line;		/* default 1 MiB */
	uint64_t max_decompressed;	/* total output of a compressed input; default 64 GiB */
	unsigned max_ratio;		/* decompressed/compressed above which (and above 1 GiB) we stop: default 2000 */
	unsigned zstd_window_log_max;	/* default 27 (128 MiB window) */
};

void mw_input_limits_default(struct mw_input_limits *l);

enum mw_compression { MW_COMP_NONE, MW_COMP_ZSTD };

struct mw_line {
	const char *ptr;	/* valid until the next mw_input_next_line() or mw_input_free() */
	size_t len;
	uint64_t lineno;	/* 1-based */
	uint64_t offset;	/* byte offset of the line start in the decoded stream */
	bool too_long;
	bool unterminated;
};

struct mw_input;

/*
 * Opens `path` ("-" = stdin). `display` is the name used in messages
 * (NULL = path, "<stdin>" for "-"). Special files (FIFO, device, socket)
 * are refused unless path is "-" or allow_special is set. On failure
 * returns < 0 and, when ret_error is not NULL, a malloc'ed message for the
 * user without the file name ("gzip-compressed input is not supported ...").
 */
int mw_input_open(const char *path, const char *display, const struct mw_input_limits *limits,
		  bool allow_special, struct mw_input **ret, char **ret_error);
/* Same over a memory buffer (not copied; must outlive the input). */
int mw_input_open_mem(const void *data, size_t len, const char *display,
		      const struct mw_input_limits *limits, struct mw_input **ret, char **ret_error);

/* 1 = line, 0 = end of input, < 0 = error (message in mw_input_error()). */
int mw_input_next_line(struct mw_input *in, struct mw_line *ret);

const char *mw_input_name(const struct mw_input *in);
const char *mw_input_error(const struct mw_input *in);	/* last error text or NULL */
enum mw_compression mw_input_compression(const struct mw_input *in);
uint64_t mw_input_bytes_read(const struct mw_input *in);	/* raw bytes consumed */
uint64_t mw_input_bytes_decoded(const struct mw_input *in);	/* text bytes produced */
/* 64-bit FNV-1a over the decoded text read so far: the content hash for de-duplication. */
uint64_t mw_input_hash(const struct mw_input *in);
/* Size of the raw file (0 for stdin or when unknown), for progress reports. */
uint64_t mw_input_size(const struct mw_input *in);
struct mw_input *mw_input_free(struct mw_input *in);

/*
 * Directory walk: calls `fn` for every regular file under `root` in a
 * stable (sorted) order, with `rel` the path relative to root. Symlinks to
 * directories are not followed (no loops); symlinks to files are. At most
 * max_files files are visited (MW_ELIMIT after that). Unreadable entries
 * are passed to `fn` with err < 0 so the caller can report them; the walk
 * goes on. If fn returns < 0 the walk stops and returns that value.
 */
typedef int (*mw_walk_fn)(void *userdata, const char *path, const char *rel, int err);
int mw_walk(const char *root, unsigned long max_files, mw_walk_fn fn, void *userdata);

#endif
