/* SPDX-License-Identifier: MIT */
/* testlib.c: fixture paths, file reading and the suite runner. */
#include <stdio.h>
#include <string.h>
#include "testlib.h"

const char *mw_test_fixture(const char *rel)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/%s", MW_FIXTURES, rel);
	return path;
}

char *mw_test_read_file(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, alloc = 0, n;

	ck_assert_msg(f != NULL, "cannot open '%s'", path);
	for (;;) {
		MW_GROW(data, alloc, len + 65536 + 1);
		n = fread(data + len, 1, 65536, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	data[len] = '\0';
	if (ret_len)
		*ret_len = len;
	return data;
}

int mw_test_run(Suite *(*make)(void))
{
	SRunner *sr = srunner_create(make());
	int failed;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
