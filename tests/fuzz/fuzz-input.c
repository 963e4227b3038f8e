/* SPDX-License-Identifier: MIT */
/*
 * fuzz-input.c: the input layer (src/input.c): magic sniffing, the text
 * and binary checks, the streaming zstd decoder and its limits, and the
 * line splitter, from memory and from a file descriptor.
 *
 * The fuzz data is the text. The last two bytes also choose a
 * configuration (a small max_line, a memfd instead of memory, the data
 * compressed into one or two zstd frames with or without a checksum and a
 * skippable frame, the compressed stream cut short or damaged, a small
 * max_decompressed), so one target reaches every path.
 *
 * Oracles beyond the sanitizers: every line handed out is the exact slice
 * of the decoded text at its offset, NUL-terminated, without "\n", and no
 * longer than max_line; the next line starts right after its terminator;
 * line numbers count up by one; too-long lines are skipped whole; after
 * the end or an error the same value keeps coming back; the plain text
 * and its zstd version give the same lines, the same end and the same
 * content hash.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zstd.h>
#include "memwaste/input.h"
#include "fuzz.h"
#include "memwaste/banned.h"

struct outcome {
	int open_r;		/* mw_input_open*() result */
	int end_r;		/* 0 = clean end, < 0 = the error */
	uint64_t lines, digest, hash, decoded;
};

/* FNV-1a over what the caller saw, to compare two runs. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * UINT64_C(0x100000001b3);
	return h;
}

/*
 * Reads every line of `in`. `text` is the decoded text the lines must
 * come from, or NULL when it is not known (a damaged stream); `whole`
 * says the input holds all of it (a stream cut at a frame boundary ends
 * cleanly with only a prefix).
 */
static void drain(struct mw_input *in, const struct mw_input_limits *lim, const uint8_t *text, size_t text_len,
		  bool whole, struct outcome *o)
{
	struct mw_line line;
	uint64_t next_off = 0, last_lineno = 0;
	bool first = true, ended_unterminated = false, cut_early = false;
	int r;

	o->digest = UINT64_C(0xcbf29ce484222325);
	/* a UTF-8 BOM is not part of line 1 */
	if (text && text_len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		next_off = 3;
	while ((r = mw_input_next_line(in, &line)) == 1) {
		MW_FUZZ_CHECK(!ended_unterminated, "a line after the unterminated last line");
		MW_FUZZ_CHECK(line.lineno == last_lineno + 1, "line %llu after %llu", (unsigned long long)line.lineno,
			      (unsigned long long)last_lineno);
		last_lineno = line.lineno;
		MW_FUZZ_CHECK(line.ptr != NULL, "NULL line");
		MW_FUZZ_CHECK(line.ptr[line.len] == '\0', "line not NUL-terminated");
		MW_FUZZ_CHECK(line.len <= lim->max_line, "line of %zu bytes > max_line %zu", line.len, lim->max_line);
		MW_FUZZ_CHECK(!line.too_long || line.len == 0, "too-long line with bytes");
		MW_FUZZ_CHECK(!memchr(line.ptr, '\n', line.len), "newline inside a line");
		if (text && first && !whole && line.offset == 0)
			next_off = 0;	/* a stream cut inside the BOM: the stump is no BOM */
		if (text) {
			MW_FUZZ_CHECK(first || line.offset >= next_off, "offset went back");
			MW_FUZZ_CHECK(line.offset == next_off, "line %llu at offset %llu, expected %llu",
				      (unsigned long long)line.lineno, (unsigned long long)line.offset,
				      (unsigned long long)next_off);
			MW_FUZZ_CHECK(line.offset + line.len <= text_len, "line beyond the text");
			if (!line.too_long) {
				const uint8_t *after = text + line.offset + line.len;
				size_t rest = text_len - (size_t)(line.offset + line.len);
				MW_FUZZ_CHECK(memcmp(line.ptr, text + line.offset, line.len) == 0, "line bytes differ");
				if (rest >= 1 && after[0] == '\n')
					next_off = line.offset + line.len + 1;
				else if (rest >= 2 && after[0] == '\r' && after[1] == '\n')
					next_off = line.offset + line.len + 2;
				else {
					/* the unterminated last line: nothing, or one "\r", may follow */
					MW_FUZZ_CHECK(line.unterminated, "line %llu ends in mid-text",
						      (unsigned long long)line.lineno);
					/* text may follow only when the stream broke off (checked at the end) */
					if (!(rest == 0 || (rest == 1 && after[0] == '\r')))
						cut_early = true;
					next_off = text_len;
				}
			} else {
				const uint8_t *nl = memchr(text + line.offset, '\n', text_len - (size_t)line.offset);
				size_t n = nl ? (size_t)(nl - (text + line.offset)) : text_len - (size_t)line.offset;
				if (n && text[line.offset + n - 1] == '\r')
					n--;
				/* even when a broken stream cut it, the real line is longer still */
				MW_FUZZ_CHECK(n > lim->max_line, "a line of %zu bytes reported too long (max %zu)", n,
					      lim->max_line);
				if (line.unterminated && nl)
					cut_early = true;
				next_off = nl ? (uint64_t)(nl - text) + 1 : text_len;
			}
		}
		if (line.unterminated)
			ended_unterminated = true;
		first = false;
		o->digest = mix(o->digest, &line.len, sizeof(line.len));
		o->digest = mix(o->digest, line.ptr, line.len);
		o->digest = mix(o->digest, &line.too_long, 1);
		o->digest = mix(o->digest, &line.unterminated, 1);
	}
	MW_FUZZ_CHECK(r <= 0, "next_line returned %d", r);
	MW_FUZZ_CHECK(!whole || !cut_early || r < 0, "the last line was cut but the input ended cleanly");
	if (r < 0)
		MW_FUZZ_CHECK(mw_input_error(in) != NULL, "error %d without a message", r);
	MW_FUZZ_CHECK(mw_input_next_line(in, &line) == r, "a second call after the end differs");
	MW_FUZZ_CHECK(mw_input_next_line(in, &line) == r, "a third call after the end differs");
	o->end_r = r;
	o->lines = last_lineno;
	o->hash = mw_input_hash(in);
	o->decoded = mw_input_bytes_decoded(in);
	if (r == 0 && text && whole)
		MW_FUZZ_CHECK(o->decoded == text_len, "decoded %llu of %zu bytes", (unsigned long long)o->decoded,
			      text_len);
}

/* Opens `raw` from memory or through a memfd (the file path: read(2), the raw zstd buffer). */
static void run(const uint8_t *raw, size_t raw_len, bool use_fd, const struct mw_input_limits *lim,
		const uint8_t *text, size_t text_len, bool whole, struct outcome *o)
{
	struct mw_input *in = NULL;
	char *err = NULL;
	int fd = -1;

	memset(o, 0, sizeof(*o));
	if (use_fd) {
		char path[64];
		fd = memfd_create("fuzz", MFD_CLOEXEC);
		if (fd < 0 || (raw_len && write(fd, raw, raw_len) != (ssize_t)raw_len)) {
			if (fd >= 0)
				close(fd);
			use_fd = false;
		} else {
			snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
			o->open_r = mw_input_open(path, "fuzz", lim, false, &in, &err);
		}
	}
	if (!use_fd)
		o->open_r = mw_input_open_mem(raw, raw_len, "fuzz", lim, &in, &err);
	if (o->open_r < 0) {
		MW_FUZZ_CHECK(in == NULL, "failed open returned an input");
		/* system errors have no message; ours always do */
		MW_FUZZ_CHECK(err != NULL || o->open_r > MW_EFORMAT - 100, "error %d without a message", o->open_r);
		free(err);
	} else {
		MW_FUZZ_CHECK(in != NULL && err == NULL, "open succeeded oddly");
		drain(in, lim, text, text_len, whole, o);
		mw_input_free(in);
	}
	if (fd >= 0)
		close(fd);
}

/* Compresses text into one or two frames, maybe with a skippable frame between them. */
static uint8_t *compress(const uint8_t *text, size_t len, uint8_t a, size_t *ret_len)
{
	size_t cut = (size_t)((uint64_t)len * a / 255), cap = ZSTD_compressBound(len) * 2 + 64, n = 0, z;
	uint8_t *out = mw_xmalloc(cap);
	ZSTD_CCtx *c = ZSTD_createCCtx();

	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 1);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, a & 1);
	if (!(a & 2))
		cut = len;
	z = ZSTD_compress2(c, out, cap, text, cut);
	MW_FUZZ_CHECK(!ZSTD_isError(z), "compress: %s", ZSTD_getErrorName(z));
	n = z;
	if (cut < len) {
		if (a & 4) {
			/* a skippable frame of 3 bytes between the two */
			static const uint8_t skip[] = { 0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'x', 'y', 'z' };
			memcpy(out + n, skip, sizeof(skip));
			n += sizeof(skip);
		}
		ZSTD_CCtx_reset(c, ZSTD_reset_session_only);
		z = ZSTD_compress2(c, out + n, cap - n, text + cut, len - cut);
		MW_FUZZ_CHECK(!ZSTD_isError(z), "compress: %s", ZSTD_getErrorName(z));
		n += z;
	}
	ZSTD_freeCCtx(c);
	*ret_len = n;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mw_input_limits lim;
	struct outcome plain, packed;
	uint8_t a = size >= 2 ? data[size - 2] : 0, b = size >= 1 ? data[size - 1] : 0;
	bool plain_is_zstd = size >= 4 && ((data[0] == 0x28 && data[1] == 0xb5 && data[2] == 0x2f && data[3] == 0xfd) ||
					   ((data[0] & 0xf0) == 0x50 && data[1] == 0x2a && data[2] == 0x4d && data[3] == 0x18));

	mw_input_limits_default(&lim);
	switch (b & 3) {
	case 1: lim.max_line = 1 + a % 64; break;
	case 2: lim.max_line = 100; break;
	case 3: lim.max_line = 9000; break;
	}

	/* the bytes as they are: plain text, or a zstd stream the fuzzer built from a seed */
	run(data, size, b & 4, &lim, plain_is_zstd ? NULL : data, size, true, &plain);

	if ((b & 8) && !plain_is_zstd) {
		size_t zlen;
		uint8_t *z = compress(data, size, a, &zlen);
		unsigned damage = (b >> 4) & 3;

		if (damage == 0) {
			/* the same text through zstd: the same lines, the same end, the same hash */
			run(z, zlen, b & 64, &lim, data, size, true, &packed);
			MW_FUZZ_CHECK(plain.open_r == packed.open_r || (plain.open_r == MW_EEMPTY && packed.open_r == MW_EEMPTY),
				      "open: plain %d, zstd %d", plain.open_r, packed.open_r);
			if (plain.open_r == 0) {
				MW_FUZZ_CHECK(plain.end_r == packed.end_r, "end: plain %d, zstd %d", plain.end_r, packed.end_r);
				MW_FUZZ_CHECK(plain.lines == packed.lines && plain.digest == packed.digest,
					      "plain and zstd give different lines");
				MW_FUZZ_CHECK(plain.hash == packed.hash, "plain and zstd hash differently");
			}
		} else if (damage == 1) {
			/* cut short: the lines before the cut are exact, then a truncation or damage */
			size_t keep = zlen > 1 ? (size_t)((uint64_t)zlen * a / 256) : 0;
			/* under 4 bytes the magic is gone and the stump reads as text: nothing to compare */
			run(z, keep, b & 64, &lim, keep >= 4 ? data : NULL, keep >= 4 ? size : 0, false, &packed);
			if (packed.open_r == 0 && keep < zlen)
				MW_FUZZ_CHECK(packed.end_r == MW_ETRUNCATED || packed.end_r == MW_ECORRUPT ||
					      packed.end_r == 0, "cut stream ended with %d", packed.end_r);
		} else if (damage == 2) {
			/* a byte flipped: anything may come out, but no crash and a clean end or an error */
			if (zlen)
				z[(size_t)a * zlen / 256] ^= (uint8_t)(1u << (a & 7));
			run(z, zlen, b & 64, &lim, NULL, 0, false, &packed);
		} else {
			/* a decompressed-size limit and a small window limit */
			lim.max_decompressed = 1 + (uint64_t)a * 64;
			lim.zstd_window_log_max = 10 + (a & 3);
			run(z, zlen, b & 64, &lim, NULL, 0, false, &packed);
			if (packed.open_r == 0) {
				MW_FUZZ_CHECK(packed.decoded <= lim.max_decompressed, "decoded %llu > limit %llu",
					      (unsigned long long)packed.decoded, (unsigned long long)lim.max_decompressed);
				if (size > lim.max_decompressed)
					MW_FUZZ_CHECK(packed.end_r < 0, "over the limit but a clean end");
			}
		}
		free(z);
	}
	return 0;
}
