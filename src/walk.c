/* SPDX-License-Identifier: MIT */
/* walk.c: visit the regular files under a directory in a stable order. */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "memwaste/buf.h"
#include "memwaste/input.h"
#include "memwaste/banned.h"

#define WALK_MAX_DEPTH 64

struct walk {
	mw_walk_fn fn;
	void *userdata;
	unsigned long max_files, files;
	struct mw_buf path;	/* root "/" rel of the entry being visited */
	size_t rel_start;	/* where rel begins in path (just after root's "/") */
};

struct entry {
	char *name;
	unsigned char type;	/* d_type, DT_UNKNOWN when the file system does not say */
};

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int report(struct walk *w, int err)
{
	int r = w->fn(w->userdata, w->path.buf, w->path.buf + w->rel_start, err);
	return r < 0 ? r : 0;
}

/* Reports a problem with the directory whose path (ending in "/") is path[0..base). */
static int report_dir(struct walk *w, size_t base, int err)
{
	size_t len = base > 1 ? base - 1 : base;	/* drop the "/", but keep a root of "/" */
	const char *rel;
	int r;

	mw_buf_setlen(&w->path, len);
	rel = base > w->rel_start ? w->path.buf + w->rel_start : "";
	r = w->fn(w->userdata, w->path.buf, rel, err);
	if (len != base)
		mw_buf_addch(&w->path, '/');
	return r < 0 ? r : 0;
}

/*
 * Reads the whole directory first and sorts it with strcmp(), so the order
 * does not depend on the file system or the locale. Returns < 0 only when
 * the walk must stop (a limit or the callback said so); problems with
 * single entries go to the callback.
 */
static int walk_dir(struct walk *w, int dfd, unsigned depth)
{
	DIR *d = fdopendir(dfd);
	struct entry *ents = NULL;
	size_t n = 0, alloc = 0, base = w->path.len;
	struct dirent *de;
	int r = 0;

	if (!d) {
		r = report_dir(w, base, -errno);
		close(dfd);
		return r;
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		MW_GROW(ents, alloc, n + 1);
		ents[n].name = mw_xstrdup(de->d_name);
		ents[n].type = de->d_type;
		n++;
	}
	if (errno) {
		/* report the directory, then visit what could be listed */
		r = report_dir(w, base, -errno);
		if (r < 0)
			goto out;
	}
	if (n > 1)
		qsort(ents, n, sizeof(*ents), entry_cmp);

	for (size_t i = 0; i < n && r >= 0; i++) {
		const char *name = ents[i].name;
		unsigned char type = ents[i].type;
		struct stat st;

		mw_buf_setlen(&w->path, base);
		mw_buf_addstr(&w->path, name);

		if (type != DT_REG && type != DT_DIR) {
			/* unknown type or a symlink: ask, following links to see what they point at */
			if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
				r = report(w, -errno);
				continue;
			}
			if (S_ISLNK(st.st_mode)) {
				if (fstatat(dirfd(d), name, &st, 0) < 0) {
					r = report(w, -errno);	/* dangling or looping link */
					continue;
				}
				if (S_ISDIR(st.st_mode))
					continue;	/* links to directories are not followed: no loops */
			}
			type = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_UNKNOWN;
		}
		if (type == DT_REG) {
			if (w->max_files && w->files >= w->max_files) {
				r = MW_ELIMIT;
				break;
			}
			w->files++;
			r = report(w, 0);
		} else if (type == DT_DIR) {
			int sub;
			if (depth + 1 >= WALK_MAX_DEPTH) {
				r = report(w, MW_ELIMIT);
				continue;
			}
			/* O_NOFOLLOW: if it became a symlink since readdir, do not enter it */
			sub = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0) {
				r = report(w, -errno);
				continue;
			}
			mw_buf_addch(&w->path, '/');
			r = walk_dir(w, sub, depth + 1);
		} else {
			r = report(w, MW_EUNSUPPORTED);
		}
	}
out:
	for (size_t i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
	closedir(d);
	mw_buf_setlen(&w->path, base);
	return r;
}

int mw_walk(const char *root, unsigned long max_files, mw_walk_fn fn, void *userdata)
{
	struct walk w = { .fn = fn, .userdata = userdata, .max_files = max_files };
	size_t len = strlen(root);
	int dfd, r;

	if (len == 0)
		return -ENOENT;
	dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	/* "dir/" and "dir" give the same paths; "/" stays "/" */
	while (len > 1 && root[len - 1] == '/')
		len--;
	mw_buf_init(&w.path);
	mw_buf_add(&w.path, root, len);
	if (w.path.buf[len - 1] != '/')
		mw_buf_addch(&w.path, '/');
	w.rel_start = w.path.len;
	r = walk_dir(&w, dfd, 0);
	mw_buf_release(&w.path);
	return r;
}
