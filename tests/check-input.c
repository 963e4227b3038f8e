/* SPDX-License-Identifier: MIT */
/* check-input.c: sniffing, line splitting, zstd decoding, limits and the directory walk. */
#include <fcntl.h>
#include <inttypes.h>
#include <ftw.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zstd.h>
#include <zstd_errors.h>
#include "testlib.h"
#include "memwaste/buf.h"
#include "memwaste/input.h"
#include "memwaste/banned.h"

/* ---- helpers ---- */

#define S(lit) lit, (sizeof(lit) - 1)

struct rline {
	char *text;
	size_t len;
	uint64_t lineno, offset;
	bool too_long, unterminated;
};

struct rlines {
	struct rline *v;
	size_t n, alloc;
	int rc;			/* the value that ended the iteration */
	uint64_t text_bytes;	/* sum of len */
};

static void rlines_free(struct rlines *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* Reads every line; checks the invariants that hold for any line. */
static void collect(struct mw_input *in, struct rlines *r)
{
	struct mw_line l;
	int rc;

	memset(r, 0, sizeof(*r));
	while ((rc = mw_input_next_line(in, &l)) == 1) {
		ck_assert_ptr_nonnull(l.ptr);
		ck_assert_int_eq(l.ptr[l.len], '\0');
		ck_assert_uint_eq(l.lineno, r->n + 1);
		if (l.too_long)
			ck_assert_uint_eq(l.len, 0);
		MW_GROW(r->v, r->alloc, r->n + 1);
		r->v[r->n] = (struct rline){ mw_xstrndup(l.ptr, l.len), l.len, l.lineno, l.offset,
					     l.too_long, l.unterminated };
		r->text_bytes += l.len;
		r->n++;
	}
	r->rc = rc;
	/* the end (or the error) is sticky */
	ck_assert_int_eq(mw_input_next_line(in, &l), rc);
}

static void open_mem_ok(const void *data, size_t len, const struct mw_input_limits *lim, struct mw_input **in)
{
	char *err = NULL;
	int r = mw_input_open_mem(data, len, "t", lim, in, &err);
	ck_assert_msg(r == 0, "open_mem: %d (%s) %s", r, mw_strerror(r), err ? err : "");
	ck_assert_ptr_null(err);
}

static void open_ok(const char *path, const struct mw_input_limits *lim, struct mw_input **in)
{
	char *err = NULL;
	int r = mw_input_open(path, NULL, lim, false, in, &err);
	ck_assert_msg(r == 0, "open %s: %d (%s) %s", path, r, mw_strerror(r), err ? err : "");
	ck_assert_ptr_null(err);
}

static char tmpbase[64], tmpdir[128];

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	chmod(path, 0700);
	remove(path);
	return 0;
}

static void rm_tree(const char *dir)
{
	/* rm_cb() gives locked directories their permissions back first */
	nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * A failed assertion ends a forked test with _exit(), so a test's own
 * teardown does not run: every test directory lives under one base
 * directory per TCase, made and removed by an unchecked fixture (which
 * runs in the parent).
 */
static void base_setup(void)
{
	snprintf(tmpbase, sizeof(tmpbase), "/tmp/mw-check-input-XXXXXX");
	if (!mkdtemp(tmpbase))
		abort();
}

static void base_teardown(void)
{
	rm_tree(tmpbase);
}

static void tmp_setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/tXXXXXX", tmpbase);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void tmp_teardown(void)
{
	rm_tree(tmpdir);
}

/* Path under the test's temporary directory (static buffer, two in rotation). */
static const char *tmp_path(const char *rel)
{
	static char bufs[2][4096];
	static int k;
	char *p = bufs[k++ & 1];
	snprintf(p, 4096, "%s/%s", tmpdir, rel);
	return p;
}

static void write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	const char *p = data;
	ck_assert_msg(fd >= 0, "create %s: %s", path, strerror(errno));
	while (len) {
		ssize_t n = write(fd, p, len);
		ck_assert_int_gt(n, 0);
		p += n;
		len -= (size_t)n;
	}
	close(fd);
}

/* One zstd frame with a content checksum, appended to `out`. */
static void zstd_frame(struct mw_buf *out, const void *data, size_t len, int level)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t bound = ZSTD_compressBound(len), n;

	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	mw_buf_grow(out, bound);
	n = ZSTD_compress2(c, out->buf + out->len, bound, data, len);
	ck_assert_msg(!ZSTD_isError(n), "%s", ZSTD_getErrorName(n));
	out->len += n;
	out->buf[out->len] = '\0';
	ZSTD_freeCCtx(c);
}

static void skippable_frame(struct mw_buf *out, const char *payload)
{
	uint32_t len = (uint32_t)strlen(payload);
	unsigned char hdr[8] = { 0x53, 0x2a, 0x4d, 0x18, (unsigned char)len, (unsigned char)(len >> 8),
				 (unsigned char)(len >> 16), (unsigned char)(len >> 24) };
	mw_buf_add(out, hdr, sizeof(hdr));
	mw_buf_add(out, payload, len);
}

static uint64_t rng_state;

static uint64_t rng(void)
{
	/* xorshift64*: deterministic test data */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

/* Text of numbered lines "line NNNNNN <pad>\n", about `size` bytes. */
static void numbered_lines(struct mw_buf *b, size_t size)
{
	for (unsigned i = 1; b->len < size; i++)
		mw_buf_addf(b, "line %06u the quick brown fox jumps over the lazy dog %u\n", i, i * 7919u);
}

/* ---- lines from memory: table ---- */

struct xline {
	const char *text;
	size_t len;
	uint64_t offset;
	unsigned flags;
};
#define TL 1	/* too_long */
#define UT 2	/* unterminated */
#define XL(lit, off, fl) { lit, sizeof(lit) - 1, off, fl }

static const struct line_case {
	const char *name;
	const char *data;
	size_t len;
	size_t max_line;	/* 0 = default */
	struct xline lines[6];
	size_t n;
} line_cases[] = {
	{ "lf", S("one\ntwo\n"), 0, { XL("one", 0, 0), XL("two", 4, 0) }, 2 },
	{ "no final newline", S("one\ntwo"), 0, { XL("one", 0, 0), XL("two", 4, UT) }, 2 },
	{ "crlf", S("a\r\nbc\r\n"), 0, { XL("a", 0, 0), XL("bc", 3, 0) }, 2 },
	{ "lone cr at the end", S("a\nb\r"), 0, { XL("a", 0, 0), XL("b", 2, UT) }, 2 },
	{ "only one cr stripped", S("a\r\r\n"), 0, { XL("a\r", 0, 0) }, 1 },
	{ "cr inside a line", S("a\rb\n"), 0, { XL("a\rb", 0, 0) }, 1 },
	{ "nul inside a line", S("a\0b\nc\n"), 0, { XL("a\0b", 0, 0), XL("c", 4, 0) }, 2 },
	{ "invalid utf-8", S("caf\xe9 x\n\xc3\x28\xa0\n"), 0, { XL("caf\xe9 x", 0, 0), XL("\xc3\x28\xa0", 7, 0) }, 2 },
	{ "empty lines", S("\n\n\nx\n"), 0, { XL("", 0, 0), XL("", 1, 0), XL("", 2, 0), XL("x", 3, 0) }, 4 },
	{ "only a newline", S("\n"), 0, { XL("", 0, 0) }, 1 },
	{ "utf-8 bom", S("\xef\xbb\xbfhello\nx\n"), 0, { XL("hello", 3, 0), XL("x", 9, 0) }, 2 },
	{ "max_line: at, above, crlf", S("abcd\nabcde\nab\r\nabcd\r\n"), 4,
	  { XL("abcd", 0, 0), XL("", 5, TL), XL("ab", 11, 0), XL("abcd", 15, 0) }, 4 },
	{ "max_line: unterminated too long", S("ab\nabcdef"), 4, { XL("ab", 0, 0), XL("", 3, TL | UT) }, 2 },
	{ "max_line: cr counts when not before lf", S("abc\r\rd\n"), 4, { XL("", 0, TL) }, 1 },
};

static void check_lines(const struct rlines *got, const struct xline *want, size_t n, const char *name)
{
	ck_assert_msg(got->n == n, "%s: %zu lines, want %zu", name, got->n, n);
	for (size_t i = 0; i < n; i++) {
		const struct rline *g = &got->v[i];
		ck_assert_msg(g->len == want[i].len && memcmp(g->text, want[i].text, g->len) == 0,
			      "%s: line %zu: len %zu, want %zu", name, i + 1, g->len, want[i].len);
		ck_assert_msg(g->offset == want[i].offset, "%s: line %zu: offset %" PRIu64 ", want %" PRIu64,
			      name, i + 1, g->offset, want[i].offset);
		ck_assert_msg(g->too_long == !!(want[i].flags & TL), "%s: line %zu: too_long", name, i + 1);
		ck_assert_msg(g->unterminated == !!(want[i].flags & UT), "%s: line %zu: unterminated", name, i + 1);
	}
}

START_TEST(test_lines_table)
{
	const struct line_case *c = &line_cases[_i];
	struct mw_input_limits lim;
	struct mw_input *in;
	struct rlines got;

	mw_input_limits_default(&lim);
	if (c->max_line)
		lim.max_line = c->max_line;
	open_mem_ok(c->data, c->len, &lim, &in);
	ck_assert_int_eq(mw_input_compression(in), MW_COMP_NONE);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	check_lines(&got, c->lines, c->n, c->name);
	ck_assert_uint_eq(mw_input_bytes_decoded(in), c->len);
	ck_assert_uint_eq(mw_input_bytes_read(in), c->len);
	ck_assert_str_eq(mw_input_name(in), "t");
	ck_assert_ptr_null(mw_input_error(in));
	rlines_free(&got);
	mw_input_free(in);

	/* the same through a file and through zstd */
	tmp_setup();
	write_file(tmp_path("f"), c->data, c->len);
	{
		struct mw_buf z = MW_BUF_INIT;
		zstd_frame(&z, c->data, c->len, 3);
		write_file(tmp_path("f.zst"), z.buf, z.len);
		mw_buf_release(&z);
	}
	open_ok(tmp_path("f"), &lim, &in);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	check_lines(&got, c->lines, c->n, c->name);
	rlines_free(&got);
	mw_input_free(in);
	open_ok(tmp_path("f.zst"), &lim, &in);
	ck_assert_int_eq(mw_input_compression(in), MW_COMP_ZSTD);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	check_lines(&got, c->lines, c->n, c->name);
	rlines_free(&got);
	mw_input_free(in);
	tmp_teardown();
}
END_TEST

/* ---- sniffing: table ---- */

static void gen_elf(struct mw_buf *b)
{
	static const unsigned char hdr[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					     3, 0, 0x3e, 0, 1, 0, 0, 0, 0x40, 0x10, 0, 0, 0, 0, 0, 0 };
	mw_buf_add(b, hdr, sizeof(hdr));
	rng_state = 7;
	while (b->len < 8192) {
		/* section-like data: zeros with small integers and some code bytes */
		uint64_t v = rng();
		unsigned char c = (v & 3) == 0 ? (unsigned char)(v >> 8) : (v & 3) == 1 ? (unsigned char)(v >> 16 & 7) : 0;
		mw_buf_addch(b, c);
	}
}

static void gen_random(struct mw_buf *b)
{
	rng_state = 12345;
	while (b->len < 8192)
		mw_buf_addch(b, (int)(rng() >> 56));
}

static void gen_zeros(struct mw_buf *b)
{
	for (int i = 0; i < 4096; i++)
		mw_buf_addch(b, 0);
}

static void gen_ff(struct mw_buf *b)
{
	for (int i = 0; i < 4096; i++)
		mw_buf_addch(b, 0xff);
}

static void gen_utf16le_nobom(struct mw_buf *b)
{
	const char *s = "[    0.000000] Linux version 6.1.0\n[    0.000000] Command line: ro quiet\n";
	for (int k = 0; k < 20; k++)
		for (const char *p = s; *p; p++) {
			mw_buf_addch(b, *p);
			mw_buf_addch(b, 0);
		}
}

static void gen_text_few_nuls(struct mw_buf *b)
{
	numbered_lines(b, 6000);
	b->buf[100] = 0;
	b->buf[2000] = 0;
	b->buf[2001] = 0;
	b->buf[4000] = 0;
}

/* rsyslog after a power cut: a block of NULs where the last write was lost, then logging resumes */
static void gen_nul_block(struct mw_buf *b)
{
	for (int i = 0; i < 1500; i++)
		mw_buf_addch(b, 0);
	numbered_lines(b, 9000);
}

static void gen_latin1(struct mw_buf *b)
{
	while (b->len < 6000)
		mw_buf_addstr(b, "Ger\xe4t \xfc""berhitzt, d\xe9""faillance m\xe9""moire: 12 kB perdus\n");
}

static void gen_ansi(struct mw_buf *b)
{
	while (b->len < 3000)
		mw_buf_addstr(b, "\x1b[31mOut of memory:\x1b[0m Killed process 1234 (java)\r\n");
}

static void gen_one_long_line(struct mw_buf *b)
{
	while (b->len < 20000)
		mw_buf_addch(b, 'x');
}

#define RAW(lit) { lit, sizeof(lit) - 1 }
static const struct sniff_case {
	const char *name;
	struct { const char *p; size_t len; } raw;
	void (*gen)(struct mw_buf *);
	int rc;
	const char *msg;	/* exact message */
} sniff_cases[] = {
	{ "empty", RAW(""), NULL, MW_EEMPTY, "empty file" },
	{ "gzip", RAW("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\xe7\x02\x00"), NULL, MW_EUNSUPPORTED,
	  "gzip-compressed input is not supported; decompress it first (zcat FILE | memwaste import -)" },
	{ "gzip, 2 bytes", RAW("\x1f\x8b"), NULL, MW_EUNSUPPORTED,
	  "gzip-compressed input is not supported; decompress it first (zcat FILE | memwaste import -)" },
	{ "xz", RAW("\xfd\x37\x7a\x58\x5a\x00\x00\x04\xe6\xd6\xb4\x46"), NULL, MW_EUNSUPPORTED,
	  "xz-compressed input is not supported; decompress it first (xzcat FILE | memwaste import -)" },
	{ "bzip2", RAW("BZh91AY&SY\x4e\xec\xe8\x36\x00\x00"), NULL, MW_EUNSUPPORTED,
	  "bzip2-compressed input is not supported; decompress it first (bzcat FILE | memwaste import -)" },
	{ "bzip2, empty stream", RAW("BZh9\x17\x72\x45\x38\x50\x90\x00\x00\x00\x00"), NULL, MW_EUNSUPPORTED,
	  "bzip2-compressed input is not supported; decompress it first (bzcat FILE | memwaste import -)" },
	{ "lz4", RAW("\x04\x22\x4d\x18\x64\x40\xa7\x06\x00\x00\x80"), NULL, MW_EUNSUPPORTED,
	  "lz4-compressed input is not supported; decompress it first (lz4cat FILE | memwaste import -)" },
	{ "utf-16le bom", RAW("\xff\xfeh\0i\0\n\0"), NULL, MW_EUNSUPPORTED,
	  "UTF-16 text is not supported; convert it with iconv -f UTF-16 -t UTF-8" },
	{ "utf-16be bom", RAW("\xfe\xff\0h\0i\0\n"), NULL, MW_EUNSUPPORTED,
	  "UTF-16 text is not supported; convert it with iconv -f UTF-16 -t UTF-8" },
	{ "utf-16le without bom", RAW(""), gen_utf16le_nobom, MW_EUNSUPPORTED,
	  "UTF-16 text is not supported; convert it with iconv -f UTF-16 -t UTF-8" },
	{ "elf", RAW(""), gen_elf, MW_EBINARY, "binary data, not a text log or /proc capture" },
	{ "random", RAW(""), gen_random, MW_EBINARY, "binary data, not a text log or /proc capture" },
	{ "zeros", RAW(""), gen_zeros, MW_EBINARY, "only NUL bytes, no text (a file whose blocks were allocated but never written, as after a crash?)" },
	{ "0xff bytes", RAW(""), gen_ff, MW_EBINARY, "binary data, not a text log or /proc capture" },
	{ "control bytes", RAW("\x01\x02\x03\x04\x05\x06"), NULL, MW_EBINARY, "binary data, not a text log or /proc capture" },
	{ "short text with a nul", RAW("a\0b\n"), NULL, 0, NULL },
	{ "short text with a bell", RAW("\a\n"), NULL, 0, NULL },
	/* text, even if odd */
	{ "BZh without bzip2 magic", RAW("BZh9 is not a bzip2 file\n"), NULL, 0, NULL },
	{ "text with a few nuls", RAW(""), gen_text_few_nuls, 0, NULL },
	{ "nul block then text", RAW(""), gen_nul_block, 0, NULL },
	{ "latin-1 text", RAW(""), gen_latin1, 0, NULL },
	{ "ansi colours", RAW(""), gen_ansi, 0, NULL },
	{ "one long line", RAW(""), gen_one_long_line, 0, NULL },
	{ "single byte", RAW("x"), NULL, 0, NULL },
};

static void sniff_expect(const struct sniff_case *c, const char *how, int r, struct mw_input *in, char *err)
{
	ck_assert_msg(r == c->rc, "%s (%s): got %d (%s), want %d", c->name, how, r, mw_strerror(r), c->rc);
	if (c->rc < 0) {
		ck_assert_ptr_null(in);
		ck_assert_msg(err && strcmp(err, c->msg) == 0, "%s (%s): message '%s'", c->name, how, err ? err : "(null)");
	} else {
		ck_assert_ptr_nonnull(in);
		ck_assert_ptr_null(err);
	}
}

START_TEST(test_sniff_table)
{
	const struct sniff_case *c = &sniff_cases[_i];
	struct mw_buf b = MW_BUF_INIT, z = MW_BUF_INIT;
	struct mw_input *in;
	char *err;
	int r;

	if (c->gen)
		c->gen(&b);
	else
		mw_buf_add(&b, c->raw.p, c->raw.len);

	r = mw_input_open_mem(b.buf, b.len, NULL, NULL, &in, &err);
	sniff_expect(c, "memory", r, in, err);
	free(err);
	mw_input_free(in);

	tmp_setup();
	write_file(tmp_path("f"), b.buf, b.len);
	r = mw_input_open(tmp_path("f"), NULL, NULL, false, &in, &err);
	sniff_expect(c, "file", r, in, err);
	free(err);
	mw_input_free(in);
	tmp_teardown();

	/* what a zstd stream decodes to is sniffed the same way (an empty frame holds no data) */
	zstd_frame(&z, b.buf, b.len, 1);
	r = mw_input_open_mem(z.buf, z.len, NULL, NULL, &in, &err);
	if (c->rc == MW_EEMPTY) {
		ck_assert_int_eq(r, MW_EEMPTY);
		ck_assert_str_eq(err, "empty file (the zstd stream holds no data)");
	} else {
		sniff_expect(c, "zstd", r, in, err);
	}
	free(err);
	mw_input_free(in);
	mw_buf_release(&z);
	mw_buf_release(&b);
}
END_TEST

/* ---- a reference splitter over random data, through every source ---- */

/* The contract of input.h, written as simply as possible. */
static void model_split(const char *d, size_t len, size_t max_line, struct rlines *r)
{
	size_t start = 0;

	memset(r, 0, sizeof(*r));
	if (len >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0)
		start = 3;
	while (start < len) {
		const char *nl = memchr(d + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - d) : len, n = end - start;
		struct rline *l;

		if (n && d[start + n - 1] == '\r')
			n--;
		MW_GROW(r->v, r->alloc, r->n + 1);
		l = &r->v[r->n];
		l->lineno = ++r->n;
		l->offset = start;
		l->unterminated = !nl;
		l->too_long = n > max_line;
		l->len = l->too_long ? 0 : n;
		l->text = mw_xstrndup(d + start, l->len);
		start = end + 1;
	}
}

static void compare_model(const struct rlines *got, const struct rlines *want, const char *how)
{
	ck_assert_msg(got->n == want->n, "%s: %zu lines, want %zu", how, got->n, want->n);
	for (size_t i = 0; i < got->n; i++) {
		const struct rline *g = &got->v[i], *w = &want->v[i];
		ck_assert_msg(g->len == w->len && memcmp(g->text, w->text, g->len) == 0 && g->offset == w->offset &&
			      g->too_long == w->too_long && g->unterminated == w->unterminated,
			      "%s: line %zu differs: len %zu/%zu off %" PRIu64 "/%" PRIu64 " tl %d/%d ut %d/%d", how,
			      i + 1, g->len, w->len, g->offset, w->offset, g->too_long, w->too_long, g->unterminated,
			      w->unterminated);
	}
}

/*
 * Lines of every length around max_line and the 256 KiB chunk size, "\r"
 * and "\r\n" and NUL bytes everywhere, a line much longer than a chunk,
 * and ends with and without a newline; zstd in frames of random sizes so
 * lines also straddle frames.
 */
static void gen_mixed(struct mw_buf *b, uint64_t seed, bool final_newline)
{
	rng_state = seed;
	mw_buf_addstr(b, "first line\n");
	while (b->len < 3 * 1024 * 1024) {
		uint64_t v = rng();
		size_t n;
		switch (v % 16) {
		case 0: n = 1990 + (size_t)(v >> 8) % 20; break;		/* around max_line */
		case 1: n = (size_t)(v >> 8) % 5000; break;
		case 2: n = 0; break;
		case 3: if ((v >> 8) % 400 == 0) { n = 700 * 1024; break; } /* fall through */
		default: n = (size_t)(v >> 8) % 200; break;
		}
		uint64_t c = 0;
		for (size_t i = 0; i < n; i++) {
			if (i % 8 == 0)
				c = rng();
			unsigned ch = (unsigned)(c >> ((i % 8) * 8)) & 0xff;
			/* mostly printable, sometimes NUL, "\r" or a high byte */
			if (ch < 200)
				ch = ' ' + ch % 95;
			else if (ch < 201)
				ch = 0;
			else if (ch < 215)
				ch = '\r';
			mw_buf_addch(b, (int)ch);
		}
		if ((v >> 40) % 4 == 0)
			mw_buf_addch(b, '\r');
		mw_buf_addch(b, '\n');
	}
	if (!final_newline)
		mw_buf_addstr(b, "last line without newline\r");
}

START_TEST(test_model_random)
{
	const size_t max_line = 2000;
	struct mw_input_limits lim;
	struct mw_buf b = MW_BUF_INIT, z = MW_BUF_INIT;
	struct rlines want, got;
	struct mw_input *in;
	uint64_t hashes[4];

	mw_input_limits_default(&lim);
	lim.max_line = max_line;
	gen_mixed(&b, 0x5eed + (uint64_t)_i, _i == 0);
	model_split(b.buf, b.len, max_line, &want);
	ck_assert_uint_gt(want.n, 3000);

	rng_state = 99 + (uint64_t)_i;
	for (size_t off = 0; off < b.len;) {
		size_t n = MW_MIN(b.len - off, 1 + (size_t)(rng() % (400 * 1024)));
		if (rng() % 5 == 0)
			skippable_frame(&z, "metadata");
		zstd_frame(&z, b.buf + off, n, 1);
		off += n;
	}
	tmp_setup();
	write_file(tmp_path("plain"), b.buf, b.len);
	write_file(tmp_path("z"), z.buf, z.len);

	open_mem_ok(b.buf, b.len, &lim, &in);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	compare_model(&got, &want, "memory");
	hashes[0] = mw_input_hash(in);
	rlines_free(&got);
	mw_input_free(in);

	open_ok(tmp_path("plain"), &lim, &in);
	ck_assert_uint_eq(mw_input_size(in), b.len);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	compare_model(&got, &want, "file");
	ck_assert_uint_eq(mw_input_bytes_read(in), b.len);
	ck_assert_uint_eq(mw_input_bytes_decoded(in), b.len);
	hashes[1] = mw_input_hash(in);
	rlines_free(&got);
	mw_input_free(in);

	open_mem_ok(z.buf, z.len, &lim, &in);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	compare_model(&got, &want, "zstd memory");
	hashes[2] = mw_input_hash(in);
	rlines_free(&got);
	mw_input_free(in);

	open_ok(tmp_path("z"), &lim, &in);
	ck_assert_int_eq(mw_input_compression(in), MW_COMP_ZSTD);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	compare_model(&got, &want, "zstd file");
	ck_assert_uint_eq(mw_input_bytes_read(in), z.len);
	ck_assert_uint_eq(mw_input_bytes_decoded(in), b.len);
	ck_assert_uint_eq(mw_input_size(in), z.len);
	hashes[3] = mw_input_hash(in);
	rlines_free(&got);
	mw_input_free(in);

	for (int i = 1; i < 4; i++)
		ck_assert_uint_eq(hashes[i], hashes[0]);

	rlines_free(&want);
	mw_buf_release(&b);
	mw_buf_release(&z);
	tmp_teardown();
}
END_TEST

/* ---- long lines ---- */

static size_t heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
#else
	return 0;
#endif
}

/* A 10 MB line with the default 1 MiB limit: reported once, memory bounded by the limit. */
START_TEST(test_huge_line)
{
	const size_t big = 10 * 1000 * 1000;
	char *data = mw_xmalloc(big + 16);
	struct mw_input *in;
	struct mw_line l;
	size_t base, peak = 0;
	int r;

	memset(data, 'x', big);
	memcpy(data + big, "\ntail\n", 6);
	tmp_setup();
	write_file(tmp_path("big"), data, big + 6);
	free(data);

	open_ok(tmp_path("big"), NULL, &in);
	base = heap_in_use();
	r = mw_input_next_line(in, &l);
	peak = MW_MAX(peak, heap_in_use());
	ck_assert_int_eq(r, 1);
	ck_assert(l.too_long);
	ck_assert(!l.unterminated);
	ck_assert_uint_eq(l.len, 0);
	ck_assert_str_eq(l.ptr, "");
	ck_assert_uint_eq(l.lineno, 1);
	ck_assert_uint_eq(l.offset, 0);
	r = mw_input_next_line(in, &l);
	ck_assert_int_eq(r, 1);
	ck_assert(!l.too_long);
	ck_assert_str_eq(l.ptr, "tail");
	ck_assert_uint_eq(l.lineno, 2);
	ck_assert_uint_eq(l.offset, big + 1);
	ck_assert_int_eq(mw_input_next_line(in, &l), 0);
	/* at most the 1 MiB line buffer on top of what open allocated (0 when malloc is not glibc's) */
	ck_assert_msg(peak - base < 2 * 1024 * 1024, "heap grew by %zu bytes", peak - base);
	mw_input_free(in);
	tmp_teardown();
}
END_TEST

/* max_line larger than the 256 KiB chunk: a line assembled from several chunks is returned whole. */
START_TEST(test_line_across_chunks)
{
	const size_t n = 600 * 1024 + 3;
	struct mw_buf b = MW_BUF_INIT;
	struct mw_input *in;
	struct rlines got;

	mw_buf_addstr(&b, "a\n");
	for (size_t i = 0; i < n; i++)
		mw_buf_addch(&b, 'a' + (int)(i % 26));
	mw_buf_addstr(&b, "\r\nb");
	open_mem_ok(b.buf, b.len, NULL, &in);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	ck_assert_uint_eq(got.n, 3);
	ck_assert_uint_eq(got.v[1].len, n);
	ck_assert(memcmp(got.v[1].text, b.buf + 2, n) == 0);
	ck_assert_uint_eq(got.v[1].offset, 2);
	ck_assert_str_eq(got.v[2].text, "b");
	ck_assert(got.v[2].unterminated);
	ck_assert_uint_eq(got.v[2].offset, 2 + n + 2);
	rlines_free(&got);
	mw_input_free(in);
	mw_buf_release(&b);
}
END_TEST

/* ---- zstd ---- */

START_TEST(test_zstd_frames)
{
	struct mw_buf z = MW_BUF_INIT;
	struct mw_input *in;
	struct rlines got;
	static const struct xline want[] = {
		XL("hello world", 0, 0), XL("second", 12, 0), XL("third", 19, 0), XL("last", 25, UT),
	};

	/* a capture tool appends one frame per snapshot; frames may cut lines */
	skippable_frame(&z, "capture v1");
	zstd_frame(&z, S("hello wo"), 3);
	zstd_frame(&z, S("rld\nsecond\n"), 19);
	zstd_frame(&z, "", 0, 3);
	skippable_frame(&z, "");
	zstd_frame(&z, S("third\nlast"), 1);
	open_mem_ok(z.buf, z.len, NULL, &in);
	ck_assert_int_eq(mw_input_compression(in), MW_COMP_ZSTD);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	check_lines(&got, want, MW_ARRAY_SIZE(want), "frames");
	ck_assert_uint_eq(mw_input_bytes_read(in), z.len);
	ck_assert_uint_eq(mw_input_bytes_decoded(in), 29);
	rlines_free(&got);
	mw_input_free(in);
	mw_buf_release(&z);
}
END_TEST

/* Files made by the zstd command line tool (frame content size, checksum, two frames). */
START_TEST(test_zstd_cli_fixture)
{
	static const struct xline want[] = {
		XL("[    0.000000] Linux version 6.1.0-18-amd64", 0, 0),
		XL("[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet", 44, 0),
		XL("MemTotal:        8039712 kB", 117, 0),
		XL("MemFree:          512340 kB", 145, 0),
	};
	struct mw_input *in;
	struct rlines got;
	size_t plain_len;
	char *plain = mw_test_read_file(mw_test_fixture("input/two-frames.txt"), &plain_len);
	uint64_t h;

	open_ok(mw_test_fixture("input/two-frames.txt"), NULL, &in);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	check_lines(&got, want, MW_ARRAY_SIZE(want), "plain fixture");
	h = mw_input_hash(in);
	rlines_free(&got);
	mw_input_free(in);

	open_ok(mw_test_fixture("input/two-frames.txt.zst"), NULL, &in);
	ck_assert_int_eq(mw_input_compression(in), MW_COMP_ZSTD);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	check_lines(&got, want, MW_ARRAY_SIZE(want), "zstd fixture");
	ck_assert_uint_eq(mw_input_hash(in), h);
	ck_assert_uint_eq(mw_input_bytes_decoded(in), plain_len);
	rlines_free(&got);
	mw_input_free(in);
	free(plain);
}
END_TEST

/* Every complete line before the cut comes back, then a partial line, then MW_ETRUNCATED. */
START_TEST(test_zstd_truncated)
{
	struct mw_buf b = MW_BUF_INIT, z = MW_BUF_INIT;
	struct mw_input *in;
	struct rlines got;
	char *err, want_msg[128];
	size_t cut, nfull;
	int r;

	numbered_lines(&b, 2 * 1024 * 1024);
	zstd_frame(&z, b.buf, b.len, 1);
	cut = z.len / 2;
	tmp_setup();
	write_file(tmp_path("cut.zst"), z.buf, cut);

	open_ok(tmp_path("cut.zst"), NULL, &in);
	collect(in, &got);
	ck_assert_int_eq(got.rc, MW_ETRUNCATED);
	snprintf(want_msg, sizeof(want_msg), "truncated zstd stream after %zu bytes", cut);
	ck_assert_str_eq(mw_input_error(in), want_msg);
	ck_assert_uint_gt(got.n, 1000);
	/* lines are exactly the original ones; only the last may be cut */
	nfull = got.n - (got.v[got.n - 1].unterminated ? 1 : 0);
	for (size_t i = 0, off = 0; i < got.n; i++) {
		const char *nl = memchr(b.buf + off, '\n', b.len - off);
		size_t n = (size_t)(nl - (b.buf + off));
		ck_assert_uint_eq(got.v[i].offset, off);
		if (i < nfull) {
			ck_assert_uint_eq(got.v[i].len, n);
			ck_assert(!got.v[i].unterminated);
		} else {
			ck_assert_uint_lt(got.v[i].len, n + 1);
		}
		ck_assert(memcmp(got.v[i].text, b.buf + off, got.v[i].len) == 0);
		off += n + 1;
	}
	ck_assert_uint_eq(mw_input_bytes_read(in), cut);
	ck_assert_uint_eq(got.text_bytes + nfull, mw_input_bytes_decoded(in));
	rlines_free(&got);
	mw_input_free(in);

	/* cut right after the magic: nothing decoded, open fails */
	write_file(tmp_path("magic.zst"), z.buf, 4);
	r = mw_input_open(tmp_path("magic.zst"), NULL, NULL, false, &in, &err);
	ck_assert_int_eq(r, MW_ETRUNCATED);
	ck_assert_ptr_null(in);
	ck_assert_str_eq(err, "truncated zstd stream after 4 bytes");
	free(err);

	mw_buf_release(&b);
	mw_buf_release(&z);
	tmp_teardown();
}
END_TEST

START_TEST(test_zstd_corrupt)
{
	struct mw_buf b = MW_BUF_INIT, z = MW_BUF_INIT;
	struct mw_input *in;
	struct rlines got;

	numbered_lines(&b, 1024 * 1024);
	zstd_frame(&z, b.buf, b.len, 3);
	for (size_t i = z.len / 2; i < z.len / 2 + 16; i++)
		z.buf[i] ^= 0x5a;
	open_mem_ok(z.buf, z.len, NULL, &in);
	collect(in, &got);
	ck_assert_msg(got.rc == MW_ECORRUPT || got.rc == MW_ETRUNCATED, "rc %d", got.rc);
	if (got.rc == MW_ECORRUPT)
		ck_assert_msg(strncmp(mw_input_error(in), "damaged zstd stream ", 20) == 0, "%s",
			      mw_input_error(in));
	rlines_free(&got);
	mw_input_free(in);

	/* garbage after a valid frame: the frame's lines, then the damage */
	mw_buf_reset(&z);
	zstd_frame(&z, S("one\ntwo\n"), 3);
	mw_buf_addstr(&z, "garbage!");
	open_mem_ok(z.buf, z.len, NULL, &in);
	collect(in, &got);
	ck_assert_int_eq(got.rc, MW_ECORRUPT);
	ck_assert_uint_eq(got.n, 2);
	ck_assert_str_eq(got.v[1].text, "two");
	{
		/* the damage is the 8 bytes after the frame: say exactly where */
		char *want = mw_xasprintf("damaged zstd stream between bytes %zu and %zu: %s", z.len - 8, z.len,
					  ZSTD_getErrorString(ZSTD_error_prefix_unknown));
		ck_assert_str_eq(mw_input_error(in), want);
		free(want);
	}
	rlines_free(&got);
	mw_input_free(in);

	/* a wrong frame checksum is named as such (it used to say "after 0 bytes") */
	mw_buf_reset(&z);
	zstd_frame(&z, S("one\ntwo\n"), 3);
	z.buf[z.len - 1] ^= 0x01;
	{
		struct mw_input *bad;
		char *err = NULL;
		int r = mw_input_open_mem(z.buf, z.len, NULL, NULL, &bad, &err);
		char *want = mw_xasprintf("damaged zstd stream: the checksum of the frame ending by byte %zu does not "
					  "match its data", z.len);
		ck_assert_int_eq(r, MW_ECORRUPT);
		ck_assert_str_eq(err, want);
		free(want);
		free(err);
	}
	mw_buf_release(&b);
	mw_buf_release(&z);
}
END_TEST

/* 64 MiB of lines, compressed to a few hundred KiB, with max_decompressed = 1 MiB. */
START_TEST(test_zstd_max_decompressed)
{
	struct mw_input_limits lim;
	struct mw_buf b = MW_BUF_INIT, z = MW_BUF_INIT;
	struct mw_input *in;
	struct rlines got;

	numbered_lines(&b, 1024 * 1024);
	for (int i = 0; i < 64; i++)
		zstd_frame(&z, b.buf, b.len, 1);
	mw_input_limits_default(&lim);
	lim.max_decompressed = 1024 * 1024;
	open_mem_ok(z.buf, z.len, &lim, &in);
	collect(in, &got);
	ck_assert_int_eq(got.rc, MW_ELIMIT);
	ck_assert_str_eq(mw_input_error(in), "decompressed data exceeds the limit of 1048576 bytes (max_decompressed)");
	/* output stops exactly at the limit: never more is handed out */
	ck_assert_uint_eq(mw_input_bytes_decoded(in), 1024 * 1024);
	ck_assert_uint_gt(got.n, 10000);
	/* every byte up to the limit came out: lines plus their newlines, the last one cut */
	ck_assert(got.v[got.n - 1].unterminated);
	ck_assert_uint_eq(got.text_bytes + got.n - 1, 1024 * 1024);
	rlines_free(&got);
	mw_input_free(in);
	mw_buf_release(&b);
	mw_buf_release(&z);
}
END_TEST

/* 1100 frames of 1 MiB each, ~150 bytes compressed: above 1 GiB the 2000:1 ratio stops it. */
START_TEST(test_zstd_ratio_bomb)
{
	struct mw_buf b = MW_BUF_INIT, frame = MW_BUF_INIT, z = MW_BUF_INIT;
	struct mw_input *in;
	struct mw_line l;
	uint64_t lines = 0;
	int r;

	while (b.len < 1024 * 1024)
		mw_buf_addstr(&b, "Node 0 DMA free:15892kB min:20kB low:32kB high:44kB\n");
	mw_buf_setlen(&b, 1024 * 1024 - 1);
	mw_buf_addch(&b, '\n');
	zstd_frame(&frame, b.buf, b.len, 19);
	for (int i = 0; i < 1100; i++)
		mw_buf_add(&z, frame.buf, frame.len);
	open_mem_ok(z.buf, z.len, NULL, &in);
	while ((r = mw_input_next_line(in, &l)) == 1)
		lines++;
	ck_assert_int_eq(r, MW_ELIMIT);
	ck_assert_msg(strstr(mw_input_error(in), "(max_ratio)") != NULL, "%s", mw_input_error(in));
	ck_assert_msg(strncmp(mw_input_error(in), "decompression ratio above 2000:1 after ", 39) == 0, "%s",
		      mw_input_error(in));
	ck_assert_uint_gt(mw_input_bytes_decoded(in), UINT64_C(1) << 30);
	ck_assert_uint_lt(mw_input_bytes_decoded(in), (UINT64_C(1) << 30) + 1024 * 1024);
	ck_assert_uint_gt(lines, 1000);
	mw_input_free(in);
	mw_buf_release(&b);
	mw_buf_release(&frame);
	mw_buf_release(&z);
}
END_TEST

/* A frame whose window is above zstd_window_log_max is refused before any memory is spent on it. */
START_TEST(test_zstd_window_limit)
{
	struct mw_input_limits lim;
	struct mw_buf b = MW_BUF_INIT, z = MW_BUF_INIT;
	struct mw_input *in;
	ZSTD_CCtx *c = ZSTD_createCCtx();
	ZSTD_inBuffer zi;
	ZSTD_outBuffer zo;
	char *err;
	size_t rem;
	int r;

	numbered_lines(&b, 64 * 1024);
	/* streaming without a pledged size keeps the 2^20 window in the header */
	ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, 20);
	mw_buf_grow(&z, ZSTD_compressBound(b.len) + 1024);
	zi = (ZSTD_inBuffer){ b.buf, b.len, 0 };
	zo = (ZSTD_outBuffer){ z.buf, z.alloc - 1, 0 };
	ck_assert(!ZSTD_isError(ZSTD_compressStream2(c, &zo, &zi, ZSTD_e_continue)));
	do {
		rem = ZSTD_compressStream2(c, &zo, &zi, ZSTD_e_end);
		ck_assert(!ZSTD_isError(rem));
	} while (rem);
	z.len = zo.pos;
	ZSTD_freeCCtx(c);

	mw_input_limits_default(&lim);
	lim.zstd_window_log_max = 19;
	r = mw_input_open_mem(z.buf, z.len, NULL, &lim, &in, &err);
	ck_assert_int_eq(r, MW_ELIMIT);
	ck_assert_str_eq(err, "zstd frame needs a window larger than 2^19 bytes (zstd_window_log_max); "
			      "it was compressed with --long or a very high level");
	free(err);
	/* the default limit accepts it */
	open_mem_ok(z.buf, z.len, NULL, &in);
	mw_input_free(in);
	mw_buf_release(&b);
	mw_buf_release(&z);
}
END_TEST

/* ---- hash ---- */

/*
 * zstd's frame checksum is the low 32 bits of XXH64 (seed 0) of the
 * content: an independent check of our XXH64 at every tail length and
 * across chunk boundaries. The full 64-bit values were computed with the
 * reference libxxhash 0.8.1 and pin the function forever (stored hashes).
 */
START_TEST(test_hash)
{
	static const size_t sizes[] = { 1, 3, 4, 5, 7, 8, 9, 31, 32, 33, 63, 64, 65, 100, 1000,
					256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 777777 };
	struct mw_buf b = MW_BUF_INIT, z = MW_BUF_INIT;
	struct mw_input *in;
	struct rlines got;

	numbered_lines(&b, 800000);
	for (size_t i = 0; i < MW_ARRAY_SIZE(sizes); i++) {
		uint32_t want;
		mw_buf_reset(&z);
		zstd_frame(&z, b.buf, sizes[i], 1);
		want = (uint32_t)(unsigned char)z.buf[z.len - 4] | (uint32_t)(unsigned char)z.buf[z.len - 3] << 8 |
		       (uint32_t)(unsigned char)z.buf[z.len - 2] << 16 | (uint32_t)(unsigned char)z.buf[z.len - 1] << 24;
		open_mem_ok(b.buf, sizes[i], NULL, &in);
		collect(in, &got);
		ck_assert_msg((uint32_t)mw_input_hash(in) == want, "size %zu: %08x, want %08x", sizes[i],
			      (uint32_t)mw_input_hash(in), want);
		rlines_free(&got);
		mw_input_free(in);
	}

	open_mem_ok(S("abc"), NULL, &in);
	collect(in, &got);
	ck_assert_uint_eq(mw_input_hash(in), UINT64_C(0x44bc2cf5ad770999));
	rlines_free(&got);
	mw_input_free(in);
	open_mem_ok(S("Nobody inspects the spammish repetition\n"), NULL, &in);
	collect(in, &got);
	ck_assert_uint_eq(mw_input_hash(in), UINT64_C(0x2907d1b6ef2d9604));
	rlines_free(&got);
	mw_input_free(in);

	/* one changed byte changes the hash */
	open_mem_ok(S("abd"), NULL, &in);
	collect(in, &got);
	ck_assert_uint_ne(mw_input_hash(in), UINT64_C(0x44bc2cf5ad770999));
	rlines_free(&got);
	mw_input_free(in);
	mw_buf_release(&b);
	mw_buf_release(&z);
}
END_TEST

/* ---- files: opening rules ---- */

START_TEST(test_open_errors)
{
	struct mw_input *in = (void *)1;
	char *err = (void *)1;
	int r;

	tmp_setup();
	r = mw_input_open(tmp_path("missing"), NULL, NULL, false, &in, &err);
	ck_assert_int_eq(r, -ENOENT);
	ck_assert_ptr_null(in);
	ck_assert_ptr_null(err);

	r = mw_input_open(tmpdir, NULL, NULL, false, &in, &err);
	ck_assert_int_eq(r, -EISDIR);
	ck_assert_ptr_null(err);

	write_file(tmp_path("empty"), "", 0);
	r = mw_input_open(tmp_path("empty"), NULL, NULL, false, &in, &err);
	ck_assert_int_eq(r, MW_EEMPTY);
	ck_assert_str_eq(err, "empty file");
	free(err);

	/* a real ELF file: this test program */
	r = mw_input_open("/proc/self/exe", NULL, NULL, false, &in, NULL);
	ck_assert_int_eq(r, MW_EBINARY);
	ck_assert_ptr_null(in);

	/* character devices are refused, or read when allowed */
	r = mw_input_open("/dev/null", NULL, NULL, false, &in, &err);
	ck_assert_int_eq(r, MW_EUNSUPPORTED);
	ck_assert_str_eq(err, "not a regular file (character device)");
	free(err);
	r = mw_input_open("/dev/null", NULL, NULL, true, &in, &err);
	ck_assert_int_eq(r, MW_EEMPTY);
	free(err);
	tmp_teardown();
}
END_TEST

START_TEST(test_fifo)
{
	struct mw_input *in;
	struct rlines got;
	char *err;
	pid_t pid;
	int r, status;

	tmp_setup();
	ck_assert_int_eq(mkfifo(tmp_path("fifo"), 0600), 0);
	/* refused at once, even without a writer (no hang) */
	r = mw_input_open(tmp_path("fifo"), NULL, NULL, false, &in, &err);
	ck_assert_int_eq(r, MW_EUNSUPPORTED);
	ck_assert_str_eq(err, "not a regular file (FIFO); use - to read from a pipe");
	free(err);

	/* allowed: waits for the writer and reads to its end */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = open(tmp_path("fifo"), O_WRONLY);
		if (fd < 0 || write(fd, "one\ntwo\n", 8) != 8)
			_exit(1);
		usleep(100 * 1000);	/* the reader must not take a pause for the end */
		if (write(fd, "three\n", 6) != 6)
			_exit(1);
		_exit(0);
	}
	alarm(20);
	r = mw_input_open(tmp_path("fifo"), "pipe", NULL, true, &in, &err);
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(mw_input_name(in), "pipe");
	ck_assert_uint_eq(mw_input_size(in), 0);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	ck_assert_uint_eq(got.n, 3);
	ck_assert_str_eq(got.v[2].text, "three");
	rlines_free(&got);
	mw_input_free(in);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	alarm(0);
	tmp_teardown();
}
END_TEST

START_TEST(test_stdin)
{
	struct mw_buf z = MW_BUF_INIT;
	struct mw_input *in;
	struct rlines got;
	int saved = dup(STDIN_FILENO), fd;

	tmp_setup();
	zstd_frame(&z, S("from stdin\n"), 3);
	write_file(tmp_path("in.zst"), z.buf, z.len);
	fd = open(tmp_path("in.zst"), O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);

	open_ok("-", NULL, &in);
	ck_assert_str_eq(mw_input_name(in), "<stdin>");
	ck_assert_int_eq(mw_input_compression(in), MW_COMP_ZSTD);
	collect(in, &got);
	ck_assert_int_eq(got.rc, 0);
	ck_assert_uint_eq(got.n, 1);
	ck_assert_str_eq(got.v[0].text, "from stdin");
	rlines_free(&got);
	mw_input_free(in);
	/* stdin is not closed by mw_input_free() */
	ck_assert_int_ne(fcntl(STDIN_FILENO, F_GETFD), -1);

	dup2(saved, STDIN_FILENO);
	close(saved);
	mw_buf_release(&z);
	tmp_teardown();
}
END_TEST

START_TEST(test_getters)
{
	struct mw_input *in;
	char *err = (void *)1;

	ck_assert_int_eq(mw_input_open_mem(S("x\n"), NULL, NULL, &in, &err), 0);
	ck_assert_ptr_null(err);
	ck_assert_str_eq(mw_input_name(in), "<memory>");
	ck_assert_uint_eq(mw_input_size(in), 2);
	mw_input_free(in);
	ck_assert_ptr_null(mw_input_free(NULL));
	/* ret_error may be NULL */
	ck_assert_int_eq(mw_input_open_mem("", 0, NULL, NULL, &in, NULL), MW_EEMPTY);
	ck_assert_ptr_null(in);
	{
		struct mw_input_limits l;
		mw_input_limits_default(&l);
		ck_assert_uint_eq(l.max_line, 1024 * 1024);
		ck_assert_uint_eq(l.max_decompressed, UINT64_C(64) << 30);
		ck_assert_uint_eq(l.max_ratio, 2000);
		ck_assert_uint_eq(l.zstd_window_log_max, 27);
	}
}
END_TEST

/* ---- directory walk ---- */

struct visit {
	char rel[256];
	int err;
};

struct visits {
	struct visit v[64];
	size_t n;
	const char *root;
	int stop_at;		/* fn returns -42 on this visit (1-based), 0 = never */
};

static int visit_cb(void *userdata, const char *path, const char *rel, int err)
{
	struct visits *vs = userdata;
	char want[4096];

	snprintf(want, sizeof(want), "%s%s%s", vs->root, *rel ? "/" : "", rel);
	ck_assert_str_eq(path, want);
	ck_assert_uint_lt(vs->n, MW_ARRAY_SIZE(vs->v));
	snprintf(vs->v[vs->n].rel, sizeof(vs->v[0].rel), "%s", rel);
	vs->v[vs->n].err = err;
	vs->n++;
	if (vs->stop_at && (int)vs->n == vs->stop_at)
		return -42;
	return 0;
}

static void mkdir_ok(const char *p)
{
	ck_assert_msg(mkdir(p, 0755) == 0, "mkdir %s: %s", p, strerror(errno));
}

static void make_tree(void)
{
	mkdir_ok(tmp_path("root"));
	write_file(tmp_path("root/b.log"), S("b\n"));
	write_file(tmp_path("root/a.log"), S("a\n"));
	write_file(tmp_path("root/A.log"), S("A\n"));
	mkdir_ok(tmp_path("root/sub"));
	write_file(tmp_path("root/sub/z.txt"), S("z\n"));
	mkdir_ok(tmp_path("root/sub/deeper"));
	write_file(tmp_path("root/sub/deeper/x"), S("x\n"));
	mkdir_ok(tmp_path("root/empty"));
	mkdir_ok(tmp_path("root/locked"));
	write_file(tmp_path("root/locked/secret"), S("s\n"));
	chmod(tmp_path("root/locked"), 0);
	ck_assert_int_eq(symlink("..", tmp_path("root/sub/loop")), 0);
	ck_assert_int_eq(symlink("a.log", tmp_path("root/link.log")), 0);
	ck_assert_int_eq(symlink("nowhere", tmp_path("root/dangling")), 0);
	ck_assert_int_eq(mkfifo(tmp_path("root/fifo"), 0600), 0);
}

START_TEST(test_walk_order)
{
	struct visits vs = { 0 };
	char root[4096];
	bool privileged = geteuid() == 0;
	struct visit want[] = {
		{ "A.log", 0 }, { "a.log", 0 }, { "b.log", 0 }, { "dangling", -ENOENT },
		{ "fifo", MW_EUNSUPPORTED }, { "link.log", 0 },
		{ "locked", -EACCES },	/* root reads it anyway: then "locked/secret", 0 */
		{ "sub/deeper/x", 0 }, { "sub/z.txt", 0 },
	};
	int r;

	tmp_setup();
	make_tree();
	/* root can open a mode 000 directory; whoever runs the tests, the walk must go on */
	if (privileged) {
		snprintf(want[6].rel, sizeof(want[6].rel), "locked/secret");
		want[6].err = 0;
	}
	snprintf(root, sizeof(root), "%s", tmp_path("root"));
	vs.root = root;
	r = mw_walk(root, 0, visit_cb, &vs);
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(vs.n, MW_ARRAY_SIZE(want));
	for (size_t i = 0; i < vs.n; i++) {
		ck_assert_str_eq(vs.v[i].rel, want[i].rel);
		ck_assert_int_eq(vs.v[i].err, want[i].err);
	}

	/* trailing slashes give the same paths */
	memset(&vs, 0, sizeof(vs));
	vs.root = root;
	{
		char slashed[4200];
		snprintf(slashed, sizeof(slashed), "%s//", root);
		r = mw_walk(slashed, 0, visit_cb, &vs);
	}
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(vs.n, MW_ARRAY_SIZE(want));
	tmp_teardown();
}
END_TEST

START_TEST(test_walk_limits)
{
	struct visits vs = { 0 };
	char root[4096], path[8192];
	size_t len;
	int r;

	tmp_setup();
	make_tree();
	snprintf(root, sizeof(root), "%s", tmp_path("root"));
	vs.root = root;

	/* max_files: two files, then MW_ELIMIT before the third */
	r = mw_walk(root, 2, visit_cb, &vs);
	ck_assert_int_eq(r, MW_ELIMIT);
	ck_assert_uint_eq(vs.n, 2);
	ck_assert_str_eq(vs.v[1].rel, "a.log");

	/* the callback stops the walk */
	memset(&vs, 0, sizeof(vs));
	vs.root = root;
	vs.stop_at = 3;
	r = mw_walk(root, 0, visit_cb, &vs);
	ck_assert_int_eq(r, -42);
	ck_assert_uint_eq(vs.n, 3);

	ck_assert_int_eq(mw_walk(tmp_path("missing"), 0, visit_cb, &vs), -ENOENT);
	ck_assert_int_eq(mw_walk(tmp_path("root/a.log"), 0, visit_cb, &vs), -ENOTDIR);

	/* 70 nested directories: the 64th level is reported and not entered */
	snprintf(path, sizeof(path), "%s", tmp_path("deep"));
	mkdir_ok(path);
	for (int i = 0; i < 70; i++) {
		len = strlen(path);
		snprintf(path + len, sizeof(path) - len, "/d");
		mkdir_ok(path);
	}
	len = strlen(path);
	snprintf(path + len, sizeof(path) - len, "/bottom.log");
	write_file(path, S("x\n"));
	memset(&vs, 0, sizeof(vs));
	snprintf(root, sizeof(root), "%s", tmp_path("deep"));
	vs.root = root;
	r = mw_walk(root, 0, visit_cb, &vs);
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(vs.n, 1);
	ck_assert_int_eq(vs.v[0].err, MW_ELIMIT);
	ck_assert_uint_eq(strlen(vs.v[0].rel), 64 * 2 - 1);	/* "d/d/.../d", 64 levels */
	tmp_teardown();
}
END_TEST

static Suite *make_input_suite(void)
{
	Suite *s = suite_create("input");
	TCase *tc;

	tc = tcase_create("lines");
	tcase_add_loop_test(tc, test_lines_table, 0, MW_ARRAY_SIZE(line_cases));
	tcase_add_test(tc, test_line_across_chunks);
	tcase_add_test(tc, test_huge_line);
	tcase_add_loop_test(tc, test_model_random, 0, 3);
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	suite_add_tcase(s, tc);

	tc = tcase_create("sniff");
	tcase_add_loop_test(tc, test_sniff_table, 0, MW_ARRAY_SIZE(sniff_cases));
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	suite_add_tcase(s, tc);

	tc = tcase_create("zstd");
	tcase_add_test(tc, test_zstd_frames);
	tcase_add_test(tc, test_zstd_cli_fixture);
	tcase_add_test(tc, test_zstd_truncated);
	tcase_add_test(tc, test_zstd_corrupt);
	tcase_add_test(tc, test_zstd_max_decompressed);
	tcase_add_test(tc, test_zstd_ratio_bomb);
	tcase_add_test(tc, test_zstd_window_limit);
	tcase_set_timeout(tc, 300);
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	suite_add_tcase(s, tc);

	tc = tcase_create("hash");
	tcase_add_test(tc, test_hash);
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	suite_add_tcase(s, tc);

	tc = tcase_create("open");
	tcase_add_test(tc, test_open_errors);
	tcase_add_test(tc, test_fifo);
	tcase_add_test(tc, test_stdin);
	tcase_add_test(tc, test_getters);
	tcase_set_timeout(tc, 30);
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	suite_add_tcase(s, tc);

	tc = tcase_create("walk");
	tcase_add_test(tc, test_walk_order);
	tcase_add_test(tc, test_walk_limits);
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_input_suite);
}
