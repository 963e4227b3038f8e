/* SPDX-License-Identifier: MIT */
/* testlib.h: helpers shared by the Check suites. */
#ifndef MW_TESTLIB_H
#define MW_TESTLIB_H

#include <check.h>
#include <cjson/cJSON.h>
#include "memwaste/common.h"
#include "memwaste/record.h"

/* Absolute path of a file under fixtures/ (static buffer, valid until the next call). */
const char *mw_test_fixture(const char *rel);
/* Reads a whole file (malloc'ed, NUL-terminated); fails the test if missing. */
char *mw_test_read_file(const char *path, size_t *ret_len);

/*
 * Records collected from a parse, each turned into JSON by
 * mw_record_to_json() (the same form `memwaste debug parse` prints), so
 * tests look fields up by name: mw_test_int(mw_test_nth(&r, "memline", 0), "total_kb").
 */
struct mw_test_records {
	cJSON *all;			/* array of record objects, each with "kind" */
	unsigned long warnings;		/* diagnostics of severity warning or error */
	char *last_warning;		/* text of the last one, for assertions */
	cJSON *diags;			/* every diagnostic as "warning|error|note FILE:LINE: TEXT" */
};
/* The first diagnostic containing `needle`, NULL if none. */
const char *mw_test_diag(const struct mw_test_records *r, const char *needle);
void mw_test_records_init(struct mw_test_records *r);
void mw_test_records_free(struct mw_test_records *r);
/* Parses `len` bytes of `text` as input `name` (kind NULL = detect); returns mw_parse_input()'s value. */
int mw_test_parse(const char *name, const char *text, size_t len, const char *kind, struct mw_test_records *r);
int mw_test_parse_file(const char *path, const char *kind, struct mw_test_records *r);
/* The same from an open input, optionally without parsers' memos, with the parse statistics (may be NULL). */
struct mw_input;
struct mw_parse_stats;
int mw_test_parse_input(struct mw_input *in, const char *name, const char *kind, bool no_memo, struct mw_test_records *r,
			struct mw_parse_stats *ret_stats);
/* The i-th record (0-based) of kind `kind` ("boot", "range", ... as mw_rec_kind_name()), NULL if fewer. */
cJSON *mw_test_nth(const struct mw_test_records *r, const char *kind, size_t i);
size_t mw_test_count(const struct mw_test_records *r, const char *kind);
/* Field access; missing fields fail the test. */
int64_t mw_test_int(const cJSON *rec, const char *field);
const char *mw_test_str(const cJSON *rec, const char *field);

/*
 * Imports `paths` into a memory store, runs the reports (only `only`
 * when not NULL) and returns the JSON document (cJSON_Delete it).
 * Diagnostics other than notes are counted in *ret_warnings.
 */
struct mw_report_opts;
cJSON *mw_test_report_json(const char *const *paths, size_t n, const char *only,
			   const struct mw_report_opts *opts, unsigned long *ret_warnings);
/*
 * mw_test_report_json() over `text` written to a temporary file (removed
 * after), whose modification time is set to `mtime` when it is not
 * negative (syslog dates take their year from it).
 */
cJSON *mw_test_report_text(const char *text, const char *only, const struct mw_report_opts *opts, int64_t mtime);
/* Looks up "boots.0.installed_bytes" (object keys and array indices separated by dots). */
const cJSON *mw_test_json_path(const cJSON *root, const char *path);
double mw_test_json_num(const cJSON *root, const char *path);
const char *mw_test_json_str(const cJSON *root, const char *path);

/*
 * Checks a JSON report against memwaste-json(5). Returns the number of
 * violations and appends one "path: problem" line per violation to
 * `errors`. `strict`: every number of a section (a figure) must have a
 * confidence in its object's provenance, as every report's figures do.
 */
struct mw_buf;
unsigned mw_test_json_validate(const cJSON *doc, bool strict, struct mw_buf *errors);

/* Runs the suite built by `make`; returns an exit status for main(). */
int mw_test_run(Suite *(*make)(void));

#endif
