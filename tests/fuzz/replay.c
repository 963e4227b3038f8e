/* SPDX-License-Identifier: MIT */
/*
 * replay.c: a main() for the fuzz targets in builds without libFuzzer (gcc,
 * the ordinary test build): runs LLVMFuzzerTestOneInput() once on every
 * file named, or under every directory named, in sorted order. CTest uses
 * it to replay the regression inputs (tests/fuzz/regress/) and the seed
 * fixtures under ASan and UBSan on every CI run, so a fixed finding stays
 * fixed even where clang is not available.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "memwaste/common.h"
#include "fuzz.h"
#include "memwaste/banned.h"

static unsigned long n_files;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, alloc = 0, n;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == alloc) {
			alloc = alloc ? alloc * 2 : 65536;
			data = mw_xrealloc(data, alloc);
		}
		n = fread(data + len, 1, alloc - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	/* an exactly sized copy, so ASan sees a read one byte past the input */
	{
		unsigned char *exact = mw_xmalloc(len ? len : 1);
		if (len)
			memcpy(exact, data, len);
		free(data);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	n_files++;
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0;
	int ret = 0;

	if (stat(path, &sb) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return run_file(path);
	if (!(d = opendir(path))) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			names = mw_xrealloc(names, alloc * sizeof(*names));
		}
		names[n] = mw_xasprintf("%s/%s", path, de->d_name);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	for (size_t i = 0; i < n; i++) {
		if (run_path(names[i]) < 0)
			ret = -1;
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	int ret = 0;

	for (int i = 1; i < argc; i++)
		if (run_path(argv[i]) < 0)
			ret = 1;
	printf("%s: %lu inputs replayed, no finding\n", argv[0], n_files);
	return ret;
}
