/* SPDX-License-Identifier: MIT */
/* buf.c: growable byte buffer (see buf.h for the invariants). */
#include <stdio.h>
#include <string.h>
#include "memwaste/buf.h"
#include "memwaste/banned.h"

char mw_buf_empty[1];

void mw_buf_init(struct mw_buf *b)
{
	b->buf = mw_buf_empty;
	b->len = 0;
	b->alloc = 0;
}

void mw_buf_release(struct mw_buf *b)
{
	if (b->alloc)
		free(b->buf);
	mw_buf_init(b);
}

void mw_buf_grow(struct mw_buf *b, size_t extra)
{
	size_t need;
	if (extra > SIZE_MAX - b->len - 1)
		mw_xmalloc(SIZE_MAX);	/* reports and aborts */
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return;
	if (!b->alloc)
		b->buf = NULL;
	{
		size_t n = b->alloc ? b->alloc : 64;
		while (n < need)
			n = n < SIZE_MAX / 2 ? n * 2 : need;
		b->buf = mw_xrealloc(b->buf, n);
		b->alloc = n;
	}
	if (b->len == 0)
		b->buf[0] = '\0';
}

void mw_buf_add(struct mw_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	mw_buf_grow(b, len);
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void mw_buf_addstr(struct mw_buf *b, const char *s)
{
	mw_buf_add(b, s, strlen(s));
}

void mw_buf_addch(struct mw_buf *b, int c)
{
	mw_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void mw_buf_vaddf(struct mw_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	mw_buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->alloc - b->len) {
		mw_buf_grow(b, (size_t)n);
		va_copy(cp, ap);
		n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, cp);
		va_end(cp);
	}
	b->len += (size_t)n;
}

void mw_buf_addf(struct mw_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mw_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void mw_buf_setlen(struct mw_buf *b, size_t len)
{
	if (!b->alloc || len > b->len)
		return;
	b->len = len;
	b->buf[len] = '\0';
}

char *mw_buf_detach(struct mw_buf *b, size_t *ret_len)
{
	char *p;
	if (!b->alloc)
		mw_buf_grow(b, 0);
	p = b->buf;
	if (ret_len)
		*ret_len = b->len;
	mw_buf_init(b);
	return p;
}
