/* SPDX-License-Identifier: MIT */
/* xalloc.c: allocation wrappers that abort on out-of-memory (git wrapper.c). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "memwaste/common.h"
#include "memwaste/banned.h"

static MW_NORETURN void oom(size_t n)
{
	fprintf(stderr, "memwaste: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *mw_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *mw_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		oom(nmemb * size);
	return p;
}

void *mw_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *mw_xstrdup(const char *s)
{
	return mw_xstrndup(s, strlen(s));
}

char *mw_xstrndup(const char *s, size_t n)
{
	char *p = mw_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *mw_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) < 0)
		oom(strlen(fmt));
	va_end(ap);
	return p;
}

void mw_xgrow(void **p, size_t *alloc, size_t need, size_t size)
{
	size_t n;
	if (need <= *alloc)
		return;
	n = *alloc ? *alloc : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			oom(SIZE_MAX);
		n *= 2;
	}
	*p = mw_xrealloc(*p, n * size);
	*alloc = n;
}
