/* SPDX-License-Identifier: MIT */
/* testlib-report.c: import paths into a memory store, run reports, get the JSON document back. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testlib.h"
#include "memwaste/importer.h"
#include "memwaste/render.h"
#include "memwaste/report.h"

static void quiet_diag(void *userdata, const struct mw_diag_msg *m)
{
	unsigned long *warnings = userdata;
	if (m->severity != MW_SEV_NOTE && warnings)
		(*warnings)++;
}

cJSON *mw_test_report_json(const char *const *paths, size_t n, const char *only,
			   const struct mw_report_opts *opts_in, unsigned long *ret_warnings)
{
	struct mw_store *st = NULL;
	struct mw_importer im;
	struct mw_diag diag;
	struct mw_report_opts ro = { .installed_bytes = MW_UNKNOWN };
	struct mw_render_opts rend = { .details = true };
	struct mw_doc *doc;
	char *err = NULL, *buf = NULL;
	size_t len = 0;
	FILE *f;
	cJSON *json;
	unsigned long warnings = 0;

	if (opts_in)
		ro = *opts_in;
	ck_assert_int_eq(mw_store_open(NULL, MW_STORE_MEMORY, &st, &err), 0);
	mw_diag_init(&diag, quiet_diag, &warnings);
	mw_importer_init(&im, st, &diag);
	for (size_t i = 0; i < n; i++)
		mw_importer_path(&im, paths[i]);
	doc = mw_doc_new("test");
	for (size_t i = 0; mw_reports[i]; i++) {
		if (only && strcmp(only, mw_reports[i]->name) != 0)
			continue;
		if (mw_reports[i]->applies && !mw_reports[i]->applies(st, &ro))
			continue;
		ck_assert_int_eq(mw_reports[i]->run(st, &ro, doc->root), 0);
	}
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(mw_render(MW_FORMAT_JSON, doc, &rend, f), 0);
	fclose(f);
	json = cJSON_Parse(buf);
	ck_assert_msg(json != NULL, "report JSON does not parse");
	free(buf);
	mw_doc_free(doc);
	mw_store_close(st);
	if (ret_warnings)
		*ret_warnings = warnings;
	return json;
}

const cJSON *mw_test_json_path(const cJSON *root, const char *path)
{
	char buf[256];
	const cJSON *cur = root;
	char *p, *save = NULL;
	snprintf(buf, sizeof(buf), "%s", path);
	for (p = strtok_r(buf, ".", &save); p && cur; p = strtok_r(NULL, ".", &save)) {
		char *end;
		long idx = strtol(p, &end, 10);
		if (*end == '\0' && end != p)
			cur = cJSON_GetArrayItem(cur, (int)idx);
		else
			cur = cJSON_GetObjectItemCaseSensitive(cur, p);
	}
	return cur;
}

double mw_test_json_num(const cJSON *root, const char *path)
{
	const cJSON *v = mw_test_json_path(root, path);
	ck_assert_msg(cJSON_IsNumber(v), "'%s' missing or not a number", path);
	return v->valuedouble;
}

const char *mw_test_json_str(const cJSON *root, const char *path)
{
	const cJSON *v = mw_test_json_path(root, path);
	ck_assert_msg(cJSON_IsString(v), "'%s' missing or not a string", path);
	return v->valuestring;
}

cJSON *mw_test_report_text(const char *text, const char *only, const struct mw_report_opts *opts, int64_t mtime)
{
	char path[] = "/tmp/mw-check-report-XXXXXX";
	int fd = mkstemp(path);
	const char *paths[1] = { path };
	cJSON *j;
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	if (mtime >= 0) {
		struct timespec ts[2] = { { .tv_sec = (time_t)mtime }, { .tv_sec = (time_t)mtime } };
		ck_assert_int_eq(futimens(fd, ts), 0);
	}
	close(fd);
	j = mw_test_report_json(paths, 1, only, opts, NULL);
	unlink(path);
	return j;
}
