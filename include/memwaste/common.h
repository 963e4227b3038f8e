/* SPDX-License-Identifier: MIT */
/* common.h: status codes, exit codes, small macros and the allocation wrappers. */
#ifndef MW_COMMON_H
#define MW_COMMON_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * Error convention (systemd style): functions that can fail return int,
 * 0 (or a positive count) on success, a negative value on failure: either
 * -errno for system errors or one of the MW_E* codes below. Iterators return
 * 1 = got an item, 0 = end, < 0 = error. mw_strerror() names any of them.
 */
enum {
	MW_EFORMAT = -10000,	/* input is not in a format we read */
	MW_EUNSUPPORTED,	/* recognised but not supported (gzip, UTF-16, ...) */
	MW_EEMPTY,		/* input holds nothing */
	MW_EBINARY,		/* input looks like binary data */
	MW_ETRUNCATED,		/* compressed stream ends early */
	MW_ECORRUPT,		/* compressed stream is damaged */
	MW_ELIMIT,		/* a documented limit was exceeded */
	MW_ESTORE,		/* database error */
	MW_ESTRICT,		/* --strict turned a diagnostic into a failure */
	MW_EDUPLICATE,		/* input already imported (not an error for callers) */
	MW_EUSAGE,		/* bad command line */
};

/* Process exit codes, documented in memwaste(1). */
enum mw_exit {
	MW_EXIT_OK = 0,		/* everything worked */
	MW_EXIT_ERROR = 1,	/* nothing imported or a runtime error */
	MW_EXIT_USAGE = 2,	/* bad command line */
	MW_EXIT_PARTIAL = 3,	/* some inputs failed, the others were imported */
};

const char *mw_strerror(int err);

#define MW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MW_MIN(a, b) ((a) < (b) ? (a) : (b))
#define MW_MAX(a, b) ((a) > (b) ? (a) : (b))
#define MW_UNUSED __attribute__((unused))
#define MW_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define MW_NORETURN __attribute__((noreturn))
#define MW_STRLEN(s) (sizeof(s) - 1)

/*
 * Allocation wrappers: on failure they print "memwaste: out of memory" and
 * abort (git wrapper.c). Callers never check for NULL after them.
 */
void *mw_xmalloc(size_t n);
void *mw_xcalloc(size_t nmemb, size_t size);
void *mw_xrealloc(void *p, size_t n);
char *mw_xstrdup(const char *s);
char *mw_xstrndup(const char *s, size_t n);
char *mw_xasprintf(const char *fmt, ...) MW_PRINTF(1, 2);
/* Grow *p (holding *alloc items of `size` bytes) to hold at least `need` items. */
void mw_xgrow(void **p, size_t *alloc, size_t need, size_t size);
#define MW_GROW(p, alloc, need) mw_xgrow((void **)&(p), &(alloc), (need), sizeof(*(p)))

/* Parses a size: "1G", "1GiB", "512M", "1073741824", "1.5T" (binary units); false if unreadable. */
bool mw_parse_size(const char *s, uint64_t *ret);

/* Parses a plain decimal count ("100000"): digits only, no sign, no overflow; false otherwise. */
bool mw_parse_count(const char *s, uint64_t *ret);

/* free() that returns NULL, for `p = mw_free(p);` */
static inline void *mw_free(void *p) { free(p); return NULL; }

#endif
