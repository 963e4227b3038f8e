/* SPDX-License-Identifier: MIT */
/* buf.h: growable byte buffer, the strbuf of memwaste. */
#ifndef MW_BUF_H
#define MW_BUF_H

#include <stdarg.h>
#include "memwaste/common.h"

/*
 * Invariants: `buf` is never NULL after mw_buf_init() (it points at a static
 * empty string until the first growth), buf[len] == '\0' always, and
 * alloc > len once memory is owned. The content may hold NUL bytes.
 */
struct mw_buf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define MW_BUF_INIT { .buf = mw_buf_empty, .len = 0, .alloc = 0 }
extern char mw_buf_empty[];

void mw_buf_init(struct mw_buf *b);
/* Frees the memory; the buffer is back to its initial state. */
void mw_buf_release(struct mw_buf *b);
/* Empties the buffer but keeps its memory. */
static inline void mw_buf_reset(struct mw_buf *b) { if (b->alloc) { b->len = 0; b->buf[0] = '\0'; } }
/* Makes room for `extra` more bytes. */
void mw_buf_grow(struct mw_buf *b, size_t extra);
void mw_buf_add(struct mw_buf *b, const void *data, size_t len);
void mw_buf_addstr(struct mw_buf *b, const char *s);
void mw_buf_addch(struct mw_buf *b, int c);
void mw_buf_addf(struct mw_buf *b, const char *fmt, ...) MW_PRINTF(2, 3);
void mw_buf_vaddf(struct mw_buf *b, const char *fmt, va_list ap);
/* Shortens the buffer to `len` bytes. */
void mw_buf_setlen(struct mw_buf *b, size_t len);
/* Hands the memory to the caller (who frees it); the buffer is reset. */
char *mw_buf_detach(struct mw_buf *b, size_t *ret_len);

#endif
