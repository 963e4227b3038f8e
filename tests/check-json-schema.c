/* SPDX-License-Identifier: MIT */
/* check-json-schema.c: real JSON reports against memwaste-json(5), and the validator against broken ones. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include "testlib.h"
#include "memwaste/buf.h"
#include "memwaste/report.h"
#include "memwaste/banned.h"

static void assert_valid(const cJSON *doc, const char *what)
{
	struct mw_buf err = MW_BUF_INIT;
	unsigned n = mw_test_json_validate(doc, true, &err);
	/* Check's messages are limited: the first violations say enough */
	ck_assert_msg(n == 0, "%s: %u violations of memwaste-json(5):\n%.1500s", what, n, err.buf);
	mw_buf_release(&err);
}

/* Every fixture through every report, in process: the output must follow the schema. */
static const char *const fixtures[] = {
	"dmesg/firecracker_6.18.44_x86_64_dmesg.txt",
	"dmesg/kleen-2006-paper.txt",
};

START_TEST(test_fixture_reports)
{
	const char *path = mw_test_fixture(fixtures[_i]);
	struct mw_report_opts o = { .installed_bytes = MW_UNKNOWN };
	unsigned long warnings = 0;
	cJSON *j = mw_test_report_json(&path, 1, NULL, &o, &warnings);
	ck_assert_ptr_nonnull(j);
	/* not an empty shell: the boot report is there with its figures */
	ck_assert(mw_test_json_num(j, "boots.0.installed_bytes") > 0);
	assert_valid(j, fixtures[_i]);
	cJSON_Delete(j);
}
END_TEST

/* tests/expected/report/<group>/<file>.json: the command's own output, as the golden test keeps it. */
static const char *expected_dir(void)
{
	static char dir[4096];
	const char *slash = strrchr(__FILE__, '/');
	snprintf(dir, sizeof(dir), "%.*s/expected/report", slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	return dir;
}

START_TEST(test_golden_json)
{
	char group[4400];
	unsigned checked = 0;
	DIR *top = opendir(expected_dir()), *d;
	struct dirent *g, *e;
	ck_assert_ptr_nonnull(top);
	while ((g = readdir(top))) {
		if (g->d_name[0] == '.')
			continue;
		snprintf(group, sizeof(group), "%s/%s", expected_dir(), g->d_name);
		if (!(d = opendir(group)))
			continue;
		while ((e = readdir(d))) {
			size_t len = strlen(e->d_name);
			char path[8800];
			char *text;
			cJSON *j;
			if (len < 5 || strcmp(e->d_name + len - 5, ".json"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", group, e->d_name);
			text = mw_test_read_file(path, NULL);
			j = cJSON_Parse(text);
			ck_assert_msg(j != NULL, "%s is not JSON", path);
			assert_valid(j, path);
			cJSON_Delete(j);
			free(text);
			checked++;
		}
		closedir(d);
	}
	closedir(top);
	ck_assert_uint_ge(checked, 2);
}
END_TEST

/* ---- the validator finds what is wrong (so the tests above can fail) ---- */

#define HEAD "{\"schema_version\": 1, \"generator\": \"memwaste 0\", \"title\": \"t\", "

static const struct {
	const char *json;
	const char *error;	/* part of the message */
} broken[] = {
	{ "{\"generator\": \"memwaste 0\", \"title\": null}", "schema_version: must be the integer 1" },
	{ "{\"schema_version\": 2, \"generator\": \"memwaste 0\", \"title\": null}", "must be the integer 1" },
	{ "{\"schema_version\": 1, \"generator\": \"other\", \"title\": null}", "generator: must be" },
	{ "{\"title\": null, \"schema_version\": 1, \"generator\": \"memwaste 0\"}", "must come first" },
	{ HEAD "\"Installed\": 1}", "Installed: key is not snake_case" },
	{ HEAD "\"boot\": {\"total_kb\": 5}}", "boot.total_kb: a numeric figure without a confidence" },
	{ HEAD "\"boot\": {\"total_kb\": 5, \"provenance\": {\"total_kb\": {\"confidence\": \"sure\"}}}}",
	  "confidence must be exact" },
	{ HEAD "\"boot\": {\"provenance\": {\"gone_kb\": {\"confidence\": \"exact\"}}}}",
	  "boot.provenance.gone_kb: provenance for a member that is not a figure" },
	{ HEAD "\"a\": 1, \"provenance\": {\"a\": {\"confidence\": \"exact\", \"source\": {\"line\": 0}}}}",
	  "source line must be an integer >= 1" },
	{ HEAD "\"a\": 1, \"provenance\": {\"a\": {\"confidence\": \"exact\", \"source\": {}}}}",
	  "a source names a file, a line or both" },
	{ HEAD "\"findings\": [{\"id\": \"X y\", \"severity\": \"warning\", \"title\": \"t\", \"saw\": null, "
	  "\"why\": null, \"advice\": null, \"evidence\": []}]}", "finding id must be lower case" },
	{ HEAD "\"findings\": [{\"id\": \"x\", \"severity\": \"fatal\", \"title\": \"t\", \"saw\": null, "
	  "\"why\": null, \"advice\": null, \"evidence\": []}]}", "severity must be info" },
	{ HEAD "\"findings\": [{\"id\": \"x\", \"severity\": \"info\", \"title\": \"t\", \"saw\": null, "
	  "\"why\": null, \"advice\": null}]}", "findings.0.evidence: missing" },
	{ HEAD "\"findings\": [{\"id\": \"x\", \"severity\": \"info\", \"title\": \"t\", \"saw\": null, "
	  "\"why\": null, \"advice\": null, \"evidence\": [{\"line\": 3}]}]}", "with a string \"text\"" },
	{ HEAD "\"c\": {\"kind\": \"pie\", \"title\": null, \"unit\": \"\", \"x_is_time\": false, \"series\": [], "
	  "\"markers\": []}}", "chart kind must be" },
	{ HEAD "\"c\": {\"kind\": \"lines\", \"title\": null, \"unit\": \"\", \"x_is_time\": false, "
	  "\"series\": [{\"name\": \"a\", \"points\": [[1]]}], \"markers\": []}}", "a point is [x, y]" },
	{ HEAD "\"t\": [{\"Name\": \"x\"}]}", "t.0.Name: column key is not snake_case" },
	{ HEAD "\"t\": [1, \"x\"]}", "arrays in a report hold objects" },
	{ HEAD "\"notes\": [1]}", "notes must be an array of strings" },
};

START_TEST(test_validator_catches)
{
	struct mw_buf err = MW_BUF_INIT;
	cJSON *j = cJSON_Parse(broken[_i].json);
	unsigned n;
	ck_assert_msg(j != NULL, "case %d is not JSON", _i);
	n = mw_test_json_validate(j, true, &err);
	ck_assert_msg(n > 0, "case %d passed: %s", _i, broken[_i].json);
	ck_assert_msg(strstr(err.buf, broken[_i].error) != NULL, "case %d: want '%s' in:\n%s", _i, broken[_i].error,
		      err.buf);
	cJSON_Delete(j);
	mw_buf_release(&err);
}
END_TEST

/* The smallest valid report, and one with every kind of member, pass. */
START_TEST(test_validator_accepts)
{
	static const char *const good[] = {
		"{\"schema_version\": 1, \"generator\": \"memwaste 0.1.0\", \"title\": null}",
		HEAD "\"summary\": \"s\", \"boots\": [{\"title\": \"Boot 1\", \"installed_bytes\": 17179869184, "
		"\"release\": \"6.1\", \"kaslr\": true, \"crash_bytes\": null, "
		"\"hash_tables\": [{\"name\": \"Dentry cache\", \"bytes\": 1, \"source\": {\"file\": \"d\", \"line\": 4}}], "
		"\"e820\": [{\"file\": \"d\", \"line\": 3, \"text\": \"BIOS-e820: ...\"}], "
		"\"w\": {\"kind\": \"waterfall\", \"title\": \"w\", \"unit\": \"bytes\", \"x_is_time\": false, "
		"\"series\": [{\"name\": \"b\", \"points\": [[0, 5, \"installed\"], [1, null]]}], "
		"\"markers\": [{\"x\": 1, \"label\": \"m\"}]}, \"notes\": [\"n\"], "
		"\"findings\": [{\"id\": \"a-b\", \"severity\": \"notice\", \"title\": \"t\", \"saw\": \"s\", "
		"\"why\": \"w\", \"advice\": \"a\", \"evidence\": [{\"text\": \"x\"}]}], "
		"\"provenance\": {\"installed_bytes\": {\"confidence\": \"estimated\", \"how\": \"rounded\"}, "
		"\"release\": {\"source\": {\"file\": \"d\", \"line\": 1}}}}]}",
	};
	for (size_t i = 0; i < MW_ARRAY_SIZE(good); i++) {
		cJSON *j = cJSON_Parse(good[i]);
		ck_assert_ptr_nonnull(j);
		assert_valid(j, good[i]);
		cJSON_Delete(j);
	}
}
END_TEST

static Suite *make_json_schema_suite(void)
{
	Suite *s = suite_create("json-schema");
	TCase *tc = tcase_create("reports");
	tcase_add_loop_test(tc, test_fixture_reports, 0, (int)MW_ARRAY_SIZE(fixtures));
	tcase_add_test(tc, test_golden_json);
	suite_add_tcase(s, tc);
	tc = tcase_create("validator");
	tcase_add_loop_test(tc, test_validator_catches, 0, (int)MW_ARRAY_SIZE(broken));
	tcase_add_test(tc, test_validator_accepts);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_json_schema_suite);
}
