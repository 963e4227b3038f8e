/* SPDX-License-Identifier: MIT */
/* testlib-parse.c: parse text into JSON records for assertions. */
#include <string.h>
#include "testlib.h"
#include "memwaste/input.h"
#include "memwaste/parser.h"
#include "memwaste/record-json.h"

void mw_test_records_init(struct mw_test_records *r)
{
	r->all = cJSON_CreateArray();
	r->warnings = 0;
	r->last_warning = NULL;
	r->diags = cJSON_CreateArray();
}

const char *mw_test_diag(const struct mw_test_records *r, const char *needle)
{
	const cJSON *d;
	cJSON_ArrayForEach(d, r->diags)
		if (cJSON_IsString(d) && strstr(d->valuestring, needle))
			return d->valuestring;
	return NULL;
}

void mw_test_records_free(struct mw_test_records *r)
{
	cJSON_Delete(r->all);
	cJSON_Delete(r->diags);
	free(r->last_warning);
	r->all = NULL;
	r->diags = NULL;
	r->last_warning = NULL;
}

static int collect(void *userdata, const struct mw_record *rec)
{
	struct mw_test_records *r = userdata;
	cJSON_AddItemToArray(r->all, mw_record_to_json(rec));
	return 0;
}

static void on_diag(void *userdata, const struct mw_diag_msg *m)
{
	struct mw_test_records *r = userdata;
	char *all = mw_xasprintf("%s %s:%llu: %s", m->severity == MW_SEV_NOTE ? "note" : m->severity == MW_SEV_WARN ?
				 "warning" : "error", m->file ? m->file : "", (unsigned long long)m->line, m->text);
	cJSON_AddItemToArray(r->diags, cJSON_CreateString(all));
	free(all);
	if (m->severity == MW_SEV_NOTE)
		return;
	r->warnings++;
	free(r->last_warning);
	r->last_warning = mw_xasprintf("%s:%llu: %s", m->file ? m->file : "", (unsigned long long)m->line, m->text);
}

static int parse(struct mw_input *in, const char *name, const char *kind, struct mw_test_records *r)
{
	return mw_test_parse_input(in, name, kind, false, r, NULL);
}

int mw_test_parse_input(struct mw_input *in, const char *name, const char *kind, bool no_memo, struct mw_test_records *r,
			struct mw_parse_stats *ret_stats)
{
	struct mw_session session = { .pending_time = MW_UNKNOWN };
	struct mw_sink sink = { collect, r };
	struct mw_diag diag;
	const char *base = strrchr(name, '/');
	struct mw_parse_opts po = { .kind = kind, .name_hint = base ? base + 1 : name, .origin = "file",
				    .time_hint = MW_UNKNOWN, .no_memo = no_memo };
	mw_diag_init(&diag, on_diag, r);
	return mw_parse_input(in, &po, &session, &sink, &diag, ret_stats);
}

int mw_test_parse(const char *name, const char *text, size_t len, const char *kind, struct mw_test_records *r)
{
	struct mw_input_limits limits;
	struct mw_input *in;
	char *err = NULL;
	int ret;
	mw_input_limits_default(&limits);
	ret = mw_input_open_mem(text, len, name, &limits, &in, &err);
	free(err);
	if (ret < 0)
		return ret;
	ret = parse(in, name, kind, r);
	mw_input_free(in);
	return ret;
}

int mw_test_parse_file(const char *path, const char *kind, struct mw_test_records *r)
{
	struct mw_input_limits limits;
	struct mw_input *in;
	char *err = NULL;
	int ret;
	mw_input_limits_default(&limits);
	ret = mw_input_open(path, NULL, &limits, false, &in, &err);
	free(err);
	if (ret < 0)
		return ret;
	ret = parse(in, path, kind, r);
	mw_input_free(in);
	return ret;
}

cJSON *mw_test_nth(const struct mw_test_records *r, const char *kind, size_t i)
{
	cJSON *rec;
	cJSON_ArrayForEach(rec, r->all) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(rec, "kind");
		if (cJSON_IsString(k) && strcmp(k->valuestring, kind) == 0) {
			if (i == 0)
				return rec;
			i--;
		}
	}
	return NULL;
}

size_t mw_test_count(const struct mw_test_records *r, const char *kind)
{
	size_t n = 0;
	cJSON *rec;
	cJSON_ArrayForEach(rec, r->all) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(rec, "kind");
		if (cJSON_IsString(k) && strcmp(k->valuestring, kind) == 0)
			n++;
	}
	return n;
}

int64_t mw_test_int(const cJSON *rec, const char *field)
{
	const cJSON *v;
	ck_assert_msg(rec != NULL, "record missing (looking for field '%s')", field);
	v = cJSON_GetObjectItemCaseSensitive(rec, field);
	ck_assert_msg(cJSON_IsNumber(v) || cJSON_IsRaw(v), "field '%s' missing or not a number", field);
	if (cJSON_IsRaw(v))
		return strtoll(v->valuestring, NULL, 10);
	return (int64_t)v->valuedouble;
}

const char *mw_test_str(const cJSON *rec, const char *field)
{
	const cJSON *v;
	ck_assert_msg(rec != NULL, "record missing (looking for field '%s')", field);
	v = cJSON_GetObjectItemCaseSensitive(rec, field);
	ck_assert_msg(cJSON_IsString(v), "field '%s' missing or not a string", field);
	return v->valuestring;
}
