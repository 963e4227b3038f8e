/* SPDX-License-Identifier: MIT */
/* input.c: open a file, stdin or a memory buffer, sniff it, decode zstd, split it into lines. */
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>
#include <zstd_errors.h>
#include "memwaste/input.h"
#include "memwaste/banned.h"

/*
 * Layout: a "source" turns the raw input (fd or memory, plain or zstd) into
 * decoded text, one chunk at a time, into `buf`; the line splitter scans
 * `buf` with memchr and hands out pointers into it. Only a line that
 * straddles two chunks is copied, into `line` (at most max_line + 3 bytes:
 * beyond that the line is known to be too long and its bytes are dropped).
 * So memory is BUF_SIZE (+ RAW_SIZE for zstd from a file) + the line buffer
 * + the zstd context, whatever the input size.
 */
#ifndef MW_INPUT_BUF_SIZE
#define MW_INPUT_BUF_SIZE (256 * 1024)	/* fuzz builds make it small (CMakeLists.txt) */
#endif
#define BUF_SIZE MW_INPUT_BUF_SIZE	/* decoded text per chunk */
#define SNIFF_SIZE (8 * 1024)		/* bytes examined to tell text from the rest */
_Static_assert(BUF_SIZE >= SNIFF_SIZE, "the first chunk must hold the sniff sample");
#define RATIO_FLOOR (UINT64_C(1) << 30)	/* the ratio limit applies above this much output */

/*
 * XXH64 (seed 0), streaming, reading words as little-endian so the value is
 * the same on every machine. It runs at memory speed where byte-wise
 * FNV-1a would cost ~1 ns per byte, and it is the function zstd uses for
 * its frame checksums (whose low 32 bits the tests compare against).
 */
#define XXH_P1 UINT64_C(0x9E3779B185EBCA87)
#define XXH_P2 UINT64_C(0xC2B2AE3D27D4EB4F)
#define XXH_P3 UINT64_C(0x165667B19E3779F9)
#define XXH_P4 UINT64_C(0x85EBCA77C2B2AE63)
#define XXH_P5 UINT64_C(0x27D4EB2F165667C5)

struct xxh64 {
	uint64_t total;
	uint64_t v[4];
	unsigned char mem[32];
	size_t memsize;
};

static inline uint64_t rotl64(uint64_t x, unsigned r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t read64le(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline uint32_t read32le(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline uint64_t xxh_round(uint64_t acc, uint64_t input)
{
	acc += input * XXH_P2;
	acc = rotl64(acc, 31);
	return acc * XXH_P1;
}

static inline uint64_t xxh_merge(uint64_t acc, uint64_t val)
{
	acc ^= xxh_round(0, val);
	return acc * XXH_P1 + XXH_P4;
}

static void xxh_init(struct xxh64 *s)
{
	memset(s, 0, sizeof(*s));
	s->v[0] = XXH_P1 + XXH_P2;
	s->v[1] = XXH_P2;
	s->v[2] = 0;
	s->v[3] = -XXH_P1;
}

static void xxh_update(struct xxh64 *s, const void *data, size_t len)
{
	const unsigned char *p = data, *end = p + len;

	s->total += len;
	if (s->memsize + len < 32) {
		if (len)
			memcpy(s->mem + s->memsize, p, len);
		s->memsize += len;
		return;
	}
	if (s->memsize) {
		size_t take = 32 - s->memsize;
		memcpy(s->mem + s->memsize, p, take);
		p += take;
		for (int i = 0; i < 4; i++)
			s->v[i] = xxh_round(s->v[i], read64le(s->mem + 8 * i));
		s->memsize = 0;
	}
	if (end - p >= 32) {
		uint64_t v0 = s->v[0], v1 = s->v[1], v2 = s->v[2], v3 = s->v[3];
		const unsigned char *limit = end - 32;
		do {
			v0 = xxh_round(v0, read64le(p));
			v1 = xxh_round(v1, read64le(p + 8));
			v2 = xxh_round(v2, read64le(p + 16));
			v3 = xxh_round(v3, read64le(p + 24));
			p += 32;
		} while (p <= limit);
		s->v[0] = v0, s->v[1] = v1, s->v[2] = v2, s->v[3] = v3;
	}
	if (p < end) {
		memcpy(s->mem, p, (size_t)(end - p));
		s->memsize = (size_t)(end - p);
	}
}

static uint64_t xxh_digest(const struct xxh64 *s)
{
	const unsigned char *p = s->mem, *end = p + s->memsize;
	uint64_t h;

	if (s->total >= 32) {
		h = rotl64(s->v[0], 1) + rotl64(s->v[1], 7) + rotl64(s->v[2], 12) + rotl64(s->v[3], 18);
		for (int i = 0; i < 4; i++)
			h = xxh_merge(h, s->v[i]);
	} else {
		h = s->v[2] + XXH_P5;
	}
	h += s->total;
	for (; end - p >= 8; p += 8) {
		h ^= xxh_round(0, read64le(p));
		h = rotl64(h, 27) * XXH_P1 + XXH_P4;
	}
	if (end - p >= 4) {
		h ^= (uint64_t)read32le(p) * XXH_P1;
		h = rotl64(h, 23) * XXH_P2 + XXH_P3;
		p += 4;
	}
	for (; p < end; p++) {
		h ^= (uint64_t)*p * XXH_P5;
		h = rotl64(h, 11) * XXH_P1;
	}
	h ^= h >> 33;
	h *= XXH_P2;
	h ^= h >> 29;
	h *= XXH_P3;
	h ^= h >> 32;
	return h;
}

struct mw_input {
	char *name;
	struct mw_input_limits limits;
	enum mw_compression comp;

	/* raw side: either an fd or a memory buffer */
	int fd;
	bool close_fd;
	const unsigned char *mem;
	size_t mem_len, mem_pos;
	uint64_t size;			/* raw size if known */
	uint64_t raw_bytes;		/* raw bytes consumed */
	bool raw_eof;

	/* zstd */
	ZSTD_DCtx *dctx;
	unsigned char *raw;		/* RAW buffer for zstd from an fd (BUF_SIZE bytes) */
	ZSTD_inBuffer zin;
	size_t zstd_hint;		/* last ZSTD_decompressStream() result that made progress: 0 = between frames */

	/* decoded side */
	char *buf;			/* BUF_SIZE + 1 bytes: room for the NUL after an unterminated line */
	size_t pos, end;		/* unconsumed text is buf[pos..end) */
	uint64_t buf_off;		/* decoded-stream offset of buf[0] */
	uint64_t decoded;		/* text bytes produced */
	struct xxh64 hash;
	int deferred;			/* error to return from the next source call */
	bool eof;			/* no more text will come; `err` says why */
	int err;			/* 0 = clean end */
	bool done;			/* every line has been returned */

	/* the line being assembled across chunks */
	char *line;
	size_t line_len, line_alloc;
	bool in_line;			/* a line started in an earlier chunk */
	bool skipping;			/* ... and it is too long: its bytes are dropped */
	uint64_t line_off;
	uint64_t lineno;

	char *error;
};

void mw_input_limits_default(struct mw_input_limits *l)
{
	l->max_line = 1024 * 1024;
	l->max_decompressed = UINT64_C(64) << 30;
	l->max_ratio = 2000;
	l->zstd_window_log_max = 27;
}

static int set_error(struct mw_input *in, int err, const char *fmt, ...) MW_PRINTF(3, 4);
static int set_error(struct mw_input *in, int err, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = mw_xstrdup(mw_strerror(err));
	va_end(ap);
	free(in->error);
	in->error = msg;
	return err;
}

/* ---- raw input ---- */

/* read() that retries on EINTR and waits when a non-blocking stdin says EAGAIN. */
static ssize_t read_fd(int fd, void *dst, size_t cap)
{
	for (;;) {
		ssize_t n = read(fd, dst, cap);
		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			if (poll(&p, 1, -1) < 0 && errno != EINTR)
				return -1;
			continue;
		}
		return -1;
	}
}

/* Plain text source: copies or reads up to `cap` bytes into dst; *ret_n = 0 at the end. */
static int plain_fill(struct mw_input *in, char *dst, size_t cap, size_t *ret_n)
{
	ssize_t n;

	if (in->mem) {
		size_t k = MW_MIN(cap, in->mem_len - in->mem_pos);
		memcpy(dst, in->mem + in->mem_pos, k);
		in->mem_pos += k;
		in->raw_bytes += k;
		*ret_n = k;
		return 0;
	}
	n = read_fd(in->fd, dst, cap);
	if (n < 0) {
		int err = -errno;
		return set_error(in, err, "read error: %s", strerror(-err));
	}
	in->raw_bytes += (uint64_t)n;
	*ret_n = (size_t)n;
	return 0;
}

/* Refills zin from the fd (memory inputs hand zstd the whole buffer at once). */
static int zstd_read_raw(struct mw_input *in)
{
	ssize_t n;

	if (in->mem) {
		in->raw_eof = true;
		return 0;
	}
	n = read_fd(in->fd, in->raw, BUF_SIZE);
	if (n < 0) {
		int err = -errno;
		return set_error(in, err, "read error: %s", strerror(-err));
	}
	in->zin.src = in->raw;
	in->zin.size = (size_t)n;
	in->zin.pos = 0;
	if (n == 0)
		in->raw_eof = true;
	return 0;
}

/*
 * `span` is how many raw bytes the failing call was given: zstd reports
 * neither how far it got nor the output of that call, so the damage lies
 * somewhere in [raw_bytes, raw_bytes + span).
 */
static int zstd_error(struct mw_input *in, size_t z, size_t span)
{
	ZSTD_ErrorCode code = ZSTD_getErrorCode(z);

	if (code == ZSTD_error_frameParameter_windowTooLarge)
		return set_error(in, MW_ELIMIT,
				 "zstd frame needs a window larger than 2^%u bytes (zstd_window_log_max); "
				 "it was compressed with --long or a very high level",
				 in->limits.zstd_window_log_max);
	if (code == ZSTD_error_memory_allocation)
		return set_error(in, -ENOMEM, "zstd: %s", ZSTD_getErrorName(z));
	if (code == ZSTD_error_checksum_wrong)
		return set_error(in, MW_ECORRUPT, "damaged zstd stream: the checksum of the frame ending by byte %" PRIu64
				 " does not match its data", in->raw_bytes + span);
	return set_error(in, MW_ECORRUPT, "damaged zstd stream between bytes %" PRIu64 " and %" PRIu64 ": %s",
			 in->raw_bytes, in->raw_bytes + span, ZSTD_getErrorName(z));
}

/*
 * Decodes into dst until it is full or the input read so far is used up
 * (so a pipe delivers lines as they come). Concatenated frames and
 * skippable frames are handled by ZSTD_decompressStream() itself; the end
 * of the input inside a frame (zstd_hint != 0) is a truncation.
 */
static int zstd_fill(struct mw_input *in, char *dst, size_t cap, size_t *ret_n)
{
	ZSTD_outBuffer out = { dst, cap, 0 };

	for (;;) {
		size_t in0, out0, z;
		int r;

		if (in->zin.pos == in->zin.size && !in->raw_eof) {
			r = zstd_read_raw(in);
			if (r < 0) {
				if (out.pos == 0)
					return r;
				in->deferred = r;
				break;
			}
		}
		in0 = in->zin.pos;
		out0 = out.pos;
		z = ZSTD_decompressStream(in->dctx, &out, &in->zin);
		in->raw_bytes += in->zin.pos - in0;
		if (ZSTD_isError(z)) {
			r = zstd_error(in, z, in->zin.size - in0);
			if (out.pos == 0)
				return r;
			in->deferred = r;	/* hand out what was decoded first */
			break;
		}
		if (in->zin.pos != in0 || out.pos != out0)
			in->zstd_hint = z;
		if (out.pos == out.size)
			break;
		if (in->zin.pos < in->zin.size)
			continue;
		if (!in->raw_eof) {
			if (out.pos > 0)
				break;
			continue;
		}
		if (out.pos != out0)
			continue;	/* flush whatever the decoder still holds */
		if (out.pos == 0 && in->zstd_hint != 0)
			return set_error(in, MW_ETRUNCATED, "truncated zstd stream after %" PRIu64 " bytes",
					 in->raw_bytes);
		break;
	}
	*ret_n = out.pos;
	return 0;
}

/*
 * Produces the next chunk of text into buf[end..BUF_SIZE) and hashes it.
 * An error found after some text was produced is deferred to the next call,
 * so the caller sees every byte decoded before the damage.
 */
static int source_fill(struct mw_input *in, size_t *ret_n)
{
	size_t cap = BUF_SIZE - in->end, n = 0;
	int r;

	*ret_n = 0;
	if (in->deferred)
		return in->deferred;
	if (in->comp == MW_COMP_ZSTD) {
		r = zstd_fill(in, in->buf + in->end, cap, &n);
		if (r < 0)
			return r;
		if (in->limits.max_decompressed && in->decoded + n > in->limits.max_decompressed) {
			n = (size_t)(in->limits.max_decompressed - in->decoded);
			in->deferred = set_error(in, MW_ELIMIT,
						 "decompressed data exceeds the limit of %" PRIu64 " bytes (max_decompressed)",
						 in->limits.max_decompressed);
		} else if (in->limits.max_ratio && in->decoded + n > RATIO_FLOOR &&
			   (in->decoded + n) / MW_MAX(in->raw_bytes, 1) > in->limits.max_ratio) {
			in->deferred = set_error(in, MW_ELIMIT,
						 "decompression ratio above %u:1 after %" PRIu64 " bytes of output "
						 "(max_ratio); the input looks like a decompression bomb",
						 in->limits.max_ratio, in->decoded + n);
		}
		if (n == 0 && in->deferred)
			return in->deferred;
	} else {
		r = plain_fill(in, in->buf + in->end, cap, &n);
		if (r < 0)
			return r;
	}
	xxh_update(&in->hash, in->buf + in->end, n);
	in->decoded += n;
	in->end += n;
	*ret_n = n;
	return 0;
}

/* ---- sniffing ---- */

/* Number of bytes that are not part of a well-formed UTF-8 sequence (a sequence cut by the end is fine). */
static size_t utf8_invalid(const unsigned char *p, size_t n)
{
	size_t bad = 0, i = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t need;
		unsigned lo = 0x80, hi = 0xBF;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			bad++;
			i++;
			continue;
		}
		if (i + need >= n)
			break;	/* cut by the end of the sample: not evidence either way */
		{
			size_t k;
			bool ok = true;
			for (k = 1; k <= need; k++) {
				unsigned d = p[i + k];
				if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xBF)) {
					ok = false;
					break;
				}
			}
			if (ok)
				i += need + 1;
			else {
				bad++;
				i++;
			}
		}
	}
	return bad;
}

struct magic {
	const char *what;
	const char *cat;
	size_t len;
	const unsigned char bytes[10];
};

/* Compressed formats we recognise but do not decode, with the tool that does. */
static const struct magic unsupported_magic[] = {
	{ "gzip", "zcat", 2, { 0x1f, 0x8b } },
	{ "xz", "xzcat", 6, { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00 } },
	{ "lz4", "lz4cat", 4, { 0x04, 0x22, 0x4d, 0x18 } },
	{ "lz4", "lz4cat", 4, { 0x02, 0x21, 0x4c, 0x18 } },	/* legacy frame */
	/* "BZh", the block size digit (checked in magic_match()), then a block or end-of-stream magic */
	{ "bzip2", "bzcat", 10, { 'B', 'Z', 'h', '1', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59 } },
	{ "bzip2", "bzcat", 10, { 'B', 'Z', 'h', '1', 0x17, 0x72, 0x45, 0x38, 0x50, 0x90 } },
};

static bool is_zstd_magic(const unsigned char *p, size_t n)
{
	uint32_t m;

	if (n < 4)
		return false;
	m = read32le(p);
	return m == ZSTD_MAGICNUMBER || (m & ZSTD_MAGIC_SKIPPABLE_MASK) == ZSTD_MAGIC_SKIPPABLE_START;
}

static bool magic_match(const struct magic *m, const unsigned char *p, size_t n)
{
	if (n < m->len)
		return false;
	for (size_t i = 0; i < m->len; i++) {
		bool bzip2_level = m->bytes[0] == 'B' && i == 3;
		if (bzip2_level ? p[i] < '1' || p[i] > '9' : p[i] != m->bytes[i])
			return false;
	}
	return true;
}

/* Refuses compressed formats other than zstd by their magic. */
static int sniff_magic(struct mw_input *in, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < MW_ARRAY_SIZE(unsupported_magic); i++) {
		const struct magic *m = &unsupported_magic[i];
		if (magic_match(m, p, n))
			return set_error(in, MW_EUNSUPPORTED,
					 "%s-compressed input is not supported; decompress it first "
					 "(%s FILE | memwaste import -)", m->what, m->cat);
	}
	return 0;
}

/*
 * UTF-16 without a BOM: ASCII characters leave a NUL in every other byte.
 * `zero` is the position of the NUL in each pair (1: little-endian). At
 * least 40% of the pairs must be such printable characters, and almost
 * none may hold a NUL on the other side (binary formats with 16-bit
 * fields, like the big-endian offsets of an ar symbol table, fail this).
 */
static bool looks_utf16(const unsigned char *p, size_t n, unsigned zero)
{
	size_t pairs = n / 2, printable = 0, other_nul = 0;

	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned c = p[i + (zero ^ 1)], z = p[i + zero];
		if (z == 0 && c >= 0x20 && c < 0x7f)
			printable++;
		else if (c == 0)
			other_nul++;
	}
	return pairs >= 4 && printable * 10 >= pairs * 4 && other_nul * 50 <= pairs;
}

static int refuse_utf16(struct mw_input *in)
{
	return set_error(in, MW_EUNSUPPORTED, "UTF-16 text is not supported; convert it with iconv -f UTF-16 -t UTF-8");
}

static int refuse_binary(struct mw_input *in)
{
	return set_error(in, MW_EBINARY, "binary data, not a text log or /proc capture");
}

/*
 * Tells text from the rest on the first SNIFF_SIZE decoded bytes. Real
 * logs hold the odd NUL byte and invalid UTF-8, and a crash mid-write can
 * leave a block of NULs, so those alone do not make binary data. What
 * does:
 * - control characters (not tab, CR, FF, VT or ESC) and NULs outside long
 *   runs: more than 4 and over 2% of the sample (random or compressed
 *   data ~10%, ELF, string tables; ANSI-coloured logs have none);
 * - a sample that is mostly invalid UTF-8;
 * - over 10% NULs without clean lines between them.
 */
static int sniff_text(struct mw_input *in, const unsigned char *p, size_t n)
{
	size_t nul = 0, run = 0, ctrl = 0, odd_nul = 0, nl = 0, bad, m;

	if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
		return refuse_utf16(in);
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];
		if (c == 0) {
			nul++;
			run++;
			continue;
		}
		if (run && run < 16)
			odd_nul += run;	/* a NUL or a few: data, not a hole in a log file */
		run = 0;
		if (c == '\n')
			nl++;
		else if ((c < 0x20 && c != '\t' && c != '\v' && c != '\f' && c != '\r' && c != 0x1b) || c == 0x7f)
			ctrl++;
	}
	if (run && run < 16)
		odd_nul += run;
	if (nul * 10 >= n * 2 && (looks_utf16(p, n, 1) || looks_utf16(p, n, 0)))
		return refuse_utf16(in);
	m = n - nul;
	if (m == 0)
		return set_error(in, MW_EBINARY, "only NUL bytes, no text (a file whose blocks were allocated but never "
				 "written, as after a crash?)");
	if (ctrl + odd_nul > 4 && (ctrl + odd_nul) * 50 > n)
		return refuse_binary(in);
	bad = utf8_invalid(p, n);
	if (bad * 2 > m)			/* mostly not UTF-8 */
		return refuse_binary(in);
	/* > 10% NUL: only text (a NUL block in a log) if the rest is clean lines */
	if (nul > 4 && nul * 10 > n && !(ctrl == 0 && bad * 10 < m && nl * 200 >= m))
		return refuse_binary(in);
	return 0;
}

/* ---- opening ---- */

static struct mw_input *input_new(const char *display, const struct mw_input_limits *limits)
{
	struct mw_input *in = mw_xcalloc(1, sizeof(*in));

	in->name = mw_xstrdup(display);
	if (limits)
		in->limits = *limits;
	else
		mw_input_limits_default(&in->limits);
	in->fd = -1;
	in->buf = mw_xmalloc(BUF_SIZE + 1);
	xxh_init(&in->hash);
	return in;
}

/*
 * Common tail of both opens: the first raw bytes are in buf[0..end) (fd)
 * or in mem (memory). Picks the decoder, decodes the first SNIFF_SIZE
 * bytes of text and checks that they look like text.
 */
static int input_start(struct mw_input *in, bool raw_eof)
{
	const unsigned char *head = in->mem ? in->mem : (const unsigned char *)in->buf;
	size_t head_len = in->mem ? in->mem_len : in->end;
	int r;

	if (head_len == 0)
		return set_error(in, MW_EEMPTY, "empty file");
	if (is_zstd_magic(head, head_len)) {
		size_t zr;

		in->comp = MW_COMP_ZSTD;
		in->dctx = ZSTD_createDCtx();
		if (!in->dctx)
			mw_xmalloc(SIZE_MAX);	/* reports and aborts like every allocation */
		zr = ZSTD_DCtx_setParameter(in->dctx, ZSTD_d_windowLogMax, (int)in->limits.zstd_window_log_max);
		if (ZSTD_isError(zr))
			return set_error(in, -EINVAL, "zstd_window_log_max %u: %s",
					 in->limits.zstd_window_log_max, ZSTD_getErrorName(zr));
		if (in->mem) {
			in->zin.src = in->mem;
			in->zin.size = in->mem_len;
			in->raw_eof = true;
		} else {
			/* what was read becomes the first raw chunk; no copy */
			in->raw = (unsigned char *)in->buf;
			in->buf = mw_xmalloc(BUF_SIZE + 1);
			in->zin.src = in->raw;
			in->zin.size = in->end;
			in->raw_eof = raw_eof;
			in->raw_bytes = 0;
			in->end = 0;
		}
		in->zin.pos = 0;
	} else {
		r = sniff_magic(in, head, head_len);
		if (r < 0)
			return r;
		if (in->mem) {
			size_t n;
			(void)source_fill(in, &n);	/* cannot fail on memory */
		} else {
			xxh_update(&in->hash, in->buf, in->end);
			in->decoded = in->end;
			in->eof = raw_eof;
		}
	}
	if (in->comp == MW_COMP_ZSTD) {
		while (in->end < SNIFF_SIZE) {
			size_t n;
			r = source_fill(in, &n);
			if (r < 0) {
				if (in->end == 0)
					return r;
				in->eof = true;
				in->err = r;
				break;
			}
			if (n == 0) {
				in->eof = true;
				break;
			}
		}
		if (in->end == 0 && !in->err)
			return set_error(in, MW_EEMPTY, "empty file (the zstd stream holds no data)");
		r = sniff_magic(in, (const unsigned char *)in->buf, in->end);
		if (r < 0)
			return r;
	}
	r = sniff_text(in, (const unsigned char *)in->buf, MW_MIN(in->end, (size_t)SNIFF_SIZE));
	if (r < 0)
		return r;
	/* a UTF-8 byte order mark is not part of the first line (it stays in the hash) */
	if (in->end >= 3 && memcmp(in->buf, "\xef\xbb\xbf", 3) == 0)
		in->pos = 3;
	return 0;
}

static int finish_open(struct mw_input *in, int r, struct mw_input **ret, char **ret_error)
{
	if (r < 0) {
		if (ret_error) {
			*ret_error = in->error;
			in->error = NULL;
		}
		mw_input_free(in);
		*ret = NULL;
		return r;
	}
	*ret = in;
	return 0;
}

static const char *file_type_name(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "FIFO";
	if (S_ISCHR(mode))
		return "character device";
	if (S_ISBLK(mode))
		return "block device";
	if (S_ISSOCK(mode))
		return "socket";
	return "special file";
}

/*
 * Opens with O_NONBLOCK so that a FIFO without a writer cannot hang us
 * before we know it is a FIFO (a refused one must not block); reading is
 * blocking again afterwards. Reopening an accepted FIFO instead would lose
 * the data of a writer that came and went in between.
 */
int mw_input_open(const char *path, const char *display, const struct mw_input_limits *limits,
		  bool allow_special, struct mw_input **ret, char **ret_error)
{
	bool is_stdin = strcmp(path, "-") == 0, raw_eof = false;
	struct mw_input *in;
	struct stat st;
	ssize_t n;
	int r = 0;

	*ret = NULL;
	if (ret_error)
		*ret_error = NULL;
	in = input_new(display ? display : is_stdin ? "<stdin>" : path, limits);
	if (is_stdin) {
		in->fd = STDIN_FILENO;
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (in->fd < 0) {
			r = -errno;
			goto out;
		}
		in->close_fd = true;
	}
	if (fstat(in->fd, &st) < 0) {
		r = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = -EISDIR;
		goto out;
	}
	if (S_ISREG(st.st_mode)) {
		in->size = (uint64_t)st.st_size;
		(void)posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	} else if (!is_stdin && !allow_special) {
		r = set_error(in, MW_EUNSUPPORTED, "not a regular file (%s)%s", file_type_name(st.st_mode),
			      S_ISFIFO(st.st_mode) ? "; use - to read from a pipe" : "");
		goto out;
	}
	if (!is_stdin) {
		int fl;
		if (S_ISFIFO(st.st_mode)) {
			/*
			 * Wait for a writer like a blocking open would: until one
			 * has connected, a read would see end of file. Linux
			 * reports POLLHUP only after a writer came and left.
			 */
			struct pollfd p = { .fd = in->fd, .events = POLLIN };
			while (poll(&p, 1, -1) < 0) {
				if (errno != EINTR) {
					r = -errno;
					goto out;
				}
			}
		}
		fl = fcntl(in->fd, F_GETFL);
		if (fl < 0 || fcntl(in->fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
			r = -errno;
			goto out;
		}
	}

	/* read at least SNIFF_SIZE bytes (or to the end) so the sniffing sees a full sample */
	while (in->end < SNIFF_SIZE) {
		n = read_fd(in->fd, in->buf + in->end, BUF_SIZE - in->end);
		if (n < 0) {
			r = -errno;
			set_error(in, r, "read error: %s", strerror(-r));
			goto out;
		}
		if (n == 0) {
			raw_eof = true;
			break;
		}
		in->end += (size_t)n;
	}
	in->raw_bytes = in->end;
	r = input_start(in, raw_eof);
out:
	return finish_open(in, r, ret, ret_error);
}

int mw_input_open_mem(const void *data, size_t len, const char *display,
		      const struct mw_input_limits *limits, struct mw_input **ret, char **ret_error)
{
	struct mw_input *in = input_new(display ? display : "<memory>", limits);

	*ret = NULL;
	if (ret_error)
		*ret_error = NULL;
	in->mem = data;
	in->mem_len = len;
	in->size = len;
	return finish_open(in, input_start(in, true), ret, ret_error);
}

/* ---- lines ---- */

/* Appends to the straddling-line buffer, which never needs more than max_line + 2 bytes. */
static void line_add(struct mw_input *in, const char *p, size_t n)
{
	size_t need = in->line_len + n + 1;

	if (need > in->line_alloc) {
		size_t cap = in->limits.max_line > SIZE_MAX - 3 ? SIZE_MAX : in->limits.max_line + 3;
		size_t a = in->line_alloc ? in->line_alloc * 2 : 256;
		if (a > cap)
			a = cap;
		if (a < need)
			a = need;
		in->line = mw_xrealloc(in->line, a);
		in->line_alloc = a;
	}
	memcpy(in->line + in->line_len, p, n);
	in->line_len += n;
	in->line[in->line_len] = '\0';
}

static int emit(struct mw_input *in, struct mw_line *ret, char *p, size_t len, uint64_t off, bool unterminated)
{
	ret->lineno = ++in->lineno;
	ret->offset = off;
	ret->unterminated = unterminated;
	if (len && p[len - 1] == '\r')
		len--;
	if (len > in->limits.max_line) {
		ret->ptr = "";
		ret->len = 0;
		ret->too_long = true;
	} else {
		p[len] = '\0';
		ret->ptr = p;
		ret->len = len;
		ret->too_long = false;
	}
	return 1;
}

static int emit_too_long(struct mw_input *in, struct mw_line *ret, uint64_t off, bool unterminated)
{
	ret->lineno = ++in->lineno;
	ret->offset = off;
	ret->unterminated = unterminated;
	ret->ptr = "";
	ret->len = 0;
	ret->too_long = true;
	return 1;
}

int mw_input_next_line(struct mw_input *in, struct mw_line *ret)
{
	/* a line longer than this (terminator included) cannot fit once "\r" is stripped */
	size_t keep = in->limits.max_line > SIZE_MAX - 2 ? SIZE_MAX - 1 : in->limits.max_line + 1;

	if (in->done)
		return in->err;
	for (;;) {
		if (in->pos < in->end) {
			char *s = in->buf + in->pos;
			size_t avail = in->end - in->pos;
			char *nl = memchr(s, '\n', avail);

			if (nl) {
				size_t n = (size_t)(nl - s);
				uint64_t off = in->buf_off + in->pos;

				in->pos += n + 1;
				if (!in->in_line)
					return emit(in, ret, s, n, off, false);
				in->in_line = false;
				if (in->skipping || in->line_len + n > keep) {
					in->skipping = false;
					in->line_len = 0;
					return emit_too_long(in, ret, in->line_off, false);
				}
				line_add(in, s, n);
				n = in->line_len;
				in->line_len = 0;	/* the bytes stay valid until the next call */
				return emit(in, ret, in->line, n, in->line_off, false);
			}
			if (!in->in_line) {
				in->in_line = true;
				in->line_off = in->buf_off + in->pos;
				in->line_len = 0;
			}
			if (!in->skipping) {
				if (in->line_len + avail > keep) {
					in->skipping = true;
					in->line_len = 0;
				} else {
					line_add(in, s, avail);
				}
			}
			in->pos = in->end;
		}
		if (in->eof) {
			in->done = true;
			if (in->in_line) {
				in->in_line = false;
				if (in->skipping)
					return emit_too_long(in, ret, in->line_off, true);
				size_t n = in->line_len;
				in->line_len = 0;
				return emit(in, ret, in->line, n, in->line_off, true);
			}
			return in->err;
		}
		{
			size_t n;
			int r;
			in->buf_off += in->end;
			in->pos = in->end = 0;
			r = source_fill(in, &n);
			if (r < 0 || n == 0) {
				in->eof = true;
				in->err = r < 0 ? r : 0;
			}
		}
	}
}

const char *mw_input_name(const struct mw_input *in)
{
	return in->name;
}

const char *mw_input_error(const struct mw_input *in)
{
	return in->error;
}

enum mw_compression mw_input_compression(const struct mw_input *in)
{
	return in->comp;
}

uint64_t mw_input_bytes_read(const struct mw_input *in)
{
	return in->raw_bytes;
}

uint64_t mw_input_bytes_decoded(const struct mw_input *in)
{
	return in->decoded;
}

uint64_t mw_input_hash(const struct mw_input *in)
{
	return xxh_digest(&in->hash);
}

uint64_t mw_input_size(const struct mw_input *in)
{
	return in->size;
}

size_t mw_input_max_line(const struct mw_input *in)
{
	return in->limits.max_line;
}

struct mw_input *mw_input_free(struct mw_input *in)
{
	if (!in)
		return NULL;
	if (in->close_fd && in->fd >= 0)
		close(in->fd);
	ZSTD_freeDCtx(in->dctx);
	free(in->raw);
	free(in->buf);
	free(in->line);
	free(in->error);
	free(in->name);
	free(in);
	return NULL;
}
