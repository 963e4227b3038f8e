/* SPDX-License-Identifier: MIT */
/* input.h: open a path or "-", sniff compression by magic bytes, iterate lines, walk directories. */
#ifndef MW_INPUT_H
#define MW_INPUT_H

#include "memwaste/common.h"

/*
 * Data flow: mw_input_open() sniffs the first bytes (magic numbers, never
 * the file name): a zstd frame or skippable-frame magic selects the
 * streaming zstd decoder (any number of concatenated frames); gzip, xz,
 * bzip2 and lz4 are refused with MW_EUNSUPPORTED and a message saying how
 * to decompress them; an empty input gives MW_EEMPTY ("empty file").
 * The first 8 KiB of text (after zstd decoding) are then checked: UTF-16
 * (BOM, or a NUL in every other byte) gives MW_EUNSUPPORTED, binary data
 * (many control bytes, mostly invalid UTF-8, or NUL-heavy without
 * newlines: ELF, images, random data) MW_EBINARY. A few NUL bytes or some
 * invalid UTF-8 do not make a log binary. mw_input_next_line() then yields
 * lines. Every failure leaves a message without the file name in
 * mw_input_error() / *ret_error; the caller prefixes "memwaste: FILE: ".
 *
 * Lines: a line ends at "\n", which is stripped together with one "\r"
 * just before it ("\r\n"); one "\r" at the very end of an unterminated
 * last line is stripped too. Other "\r" bytes are content. A UTF-8 byte
 * order mark at the start of the text is not part of line 1. The line is
 * NUL-terminated but may contain NUL bytes and invalid UTF-8 (len is
 * authoritative). Lines longer than limits.max_line (counted without the
 * terminator) are not truncated silently: they come back once with
 * `too_long` set, ptr "" and len 0, their bytes skipped unbuffered, so the
 * caller can say "file:line: line longer than N bytes, skipped". The last
 * line need not end in a newline (`unterminated` is then set, so "capture
 * cut mid-line" can be reported).
 *
 * Errors in the middle of a stream (damaged or truncated zstd, a limit, a
 * read error) are reported only after every line decoded before them has
 * been returned, the final partial one with `unterminated` set; callers
 * keep what they read. After an error or the end, mw_input_next_line()
 * keeps returning the same value.
 *
 * Memory stays flat: one 256 KiB text buffer (plus one raw buffer and the
 * zstd context for a compressed file) and one line buffer of at most
 * max_line + 3 bytes per input, whatever the input size.
 */

/*
 * Exceeding max_decompressed, max_ratio or zstd_window_log_max stops the
 * input with MW_ELIMIT and a message naming the limit. Output beyond
 * max_decompressed is never returned.
 */
struct mw_input_limits {
	size_t max_line;		/* default 1 MiB */
	uint64_t max_decompressed;	/* total output of a compressed input; default 64 GiB, 0 = none */
	unsigned max_ratio;		/* decompressed/compressed above which (and above 1 GiB) we stop: default 2000, 0 = none */
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
 * (NULL = path, "<stdin>" for "-"). `limits` NULL = the defaults. Special
 * files (FIFO, device, socket) are refused with MW_EUNSUPPORTED ("not a
 * regular file (FIFO); use - to read from a pipe") unless path is "-" or
 * allow_special is set; a directory gives -EISDIR (the caller walks it).
 * Open and sniffing read the first 8 KiB, so from a pipe or an allowed
 * FIFO this waits for that much data or the end. On failure returns < 0
 * and, when ret_error is not NULL, sets it to a malloc'ed message for the
 * user without the file name ("gzip-compressed input is not supported
 * ..."), or NULL for plain system errors (-ENOENT, -EACCES, -EISDIR: use
 * mw_strerror()).
 */
int mw_input_open(const char *path, const char *display, const struct mw_input_limits *limits,
		  bool allow_special, struct mw_input **ret, char **ret_error);
/* Same over a memory buffer (not copied; must outlive the input). display NULL = "<memory>". */
int mw_input_open_mem(const void *data, size_t len, const char *display,
		      const struct mw_input_limits *limits, struct mw_input **ret, char **ret_error);

/* 1 = line, 0 = end of input, < 0 = error (message in mw_input_error()). */
int mw_input_next_line(struct mw_input *in, struct mw_line *ret);

const char *mw_input_name(const struct mw_input *in);
const char *mw_input_error(const struct mw_input *in);	/* last error text or NULL */
enum mw_compression mw_input_compression(const struct mw_input *in);
uint64_t mw_input_bytes_read(const struct mw_input *in);	/* raw (compressed) bytes consumed */
uint64_t mw_input_bytes_decoded(const struct mw_input *in);	/* text bytes produced */
/*
 * The content hash for de-duplication: XXH64 (seed 0) of the decoded text
 * read so far, the same for a file and its zstd version and on every
 * machine; it covers the whole input once mw_input_next_line() returned 0.
 * (XXH64 rather than FNV-1a: FNV-1a goes byte by byte at ~1 GB/s, XXH64
 * runs at memory speed; it is also what zstd frame checksums use.)
 */
uint64_t mw_input_hash(const struct mw_input *in);
/* Size of the raw file (0 for a pipe or when unknown), for progress reports. */
uint64_t mw_input_size(const struct mw_input *in);
/* limits.max_line of this input, for the "line longer than N bytes" message. */
size_t mw_input_max_line(const struct mw_input *in);
struct mw_input *mw_input_free(struct mw_input *in);

/*
 * Directory walk: calls `fn` for every regular file under `root` with
 * err = 0, `path` the path to open (root "/" rel) and `rel` the path
 * relative to root; both are valid during the call only. Order: depth
 * first, the entries of each directory sorted by strcmp() on their bytes
 * (independent of locale and file system); dot files are included.
 * Symlinks to files are followed (reported under the link's name);
 * symlinks to directories are skipped silently (no loops).
 * Problems are passed to `fn` and the walk goes on:
 *   err = -errno           a directory that cannot be opened or read, an
 *                          entry that cannot be stat'ed, a dangling link
 *                          (rel "" means root itself);
 *   err = MW_EUNSUPPORTED  a FIFO, socket or device: "not a regular file,
 *                          skipped";
 *   err = MW_ELIMIT        a directory nested 64 levels deep, not entered.
 * Files are passed with err = 0 even when unreadable: opening them says
 * so. After max_files files (0 = no limit) the walk stops at the next one
 * and returns MW_ELIMIT. If fn returns < 0 the walk stops and returns that
 * value. Otherwise returns 0, or -errno when root cannot be opened as a
 * directory (-ENOTDIR for a file).
 */
typedef int (*mw_walk_fn)(void *userdata, const char *path, const char *rel, int err);
int mw_walk(const char *root, unsigned long max_files, mw_walk_fn fn, void *userdata);

#endif
