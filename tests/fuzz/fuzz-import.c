/* SPDX-License-Identifier: MIT */
/*
 * fuzz-import.c: the whole pipeline on a temporary in-memory database, as
 * `memwaste report FILE` runs it: input -> demux -> parsers -> store (one
 * transaction per input, content-hash de-duplication) -> every report ->
 * every output format.
 *
 * Oracles: the same content imported twice is stored once; a report never
 * fails on what the store accepted; every format renders; the JSON output
 * parses; the text output (without colour) carries no control character
 * but the newline, so nothing from an input can drive the terminal of the
 * person reading the report.
 */
#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "memwaste/importer.h"
#include "memwaste/render.h"
#include "memwaste/report.h"
#include "fuzz.h"
#include "memwaste/banned.h"

static void quiet(void *userdata, const struct mw_diag_msg *m)
{
	(void)userdata;
	MW_FUZZ_CHECK(m->text != NULL, "diagnostic without text");
}

static void check_output(enum mw_format f, const char *buf, size_t len)
{
	MW_FUZZ_CHECK(strlen(buf) == len, "%s output holds a NUL byte", mw_format_name(f));
	if (f == MW_FORMAT_JSON) {
		cJSON *j = cJSON_ParseWithLength(buf, len);
		MW_FUZZ_CHECK(j != NULL, "JSON output does not parse near: %.80s", cJSON_GetErrorPtr());
		cJSON_Delete(j);
	} else if (f == MW_FORMAT_TEXT) {
		for (size_t i = 0; i < len; i++)
			/* evidence lines keep the input's tabs on purpose (doc.h): harmless on a terminal */
			MW_FUZZ_CHECK((unsigned char)buf[i] >= 0x20 || buf[i] == '\n' || buf[i] == '\t',
				      "text output holds control byte 0x%02x at %zu: %.60s", (unsigned char)buf[i], i,
				      buf + (i > 30 ? i - 30 : 0));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mw_store *st = NULL;
	struct mw_importer im;
	struct mw_diag diag;
	struct mw_report_opts ro = { .installed_bytes = MW_UNKNOWN };
	struct mw_doc *doc;
	char *err = NULL;
	int r1, r2;

	MW_FUZZ_CHECK(mw_store_open(NULL, MW_STORE_MEMORY, &st, &err) == 0, "store: %s", err);
	mw_diag_init(&diag, quiet, NULL);
	mw_importer_init(&im, st, &diag);
	r1 = mw_importer_mem(&im, data, size, "fuzz.log", NULL, "file", 1700000000);
	/* the store never refuses what the input layer and the parsers accepted */
	MW_FUZZ_CHECK(r1 != MW_ESTORE, "the store failed: %s", mw_store_errmsg(st));
	r2 = mw_importer_mem(&im, data, size, "again.log", NULL, "file", 1700000000);
	if (r1 == 0)
		MW_FUZZ_CHECK(r2 == 0 && im.inputs_duplicate == 1, "the same content imported twice (r2 %d)", r2);
	MW_FUZZ_CHECK(mw_importer_exit(&im) != MW_EXIT_OK || r1 == 0, "exit OK after a failure");

	doc = mw_doc_new("fuzz");
	for (size_t i = 0; mw_reports[i]; i++) {
		const struct mw_report *rep = mw_reports[i];
		int r;
		if (rep->applies && !rep->applies(st, &ro))
			continue;
		r = rep->run(st, &ro, doc->root);
		MW_FUZZ_CHECK(r == 0, "report %s failed: %s (%s)", rep->name, mw_strerror(r), mw_store_errmsg(st));
	}
	for (unsigned f = 0; f < MW_FORMAT__MAX; f++) {
		struct mw_render_opts rend = { .details = true, .redact_hosts = (size & 1) != 0 };
		char *buf = NULL;
		size_t len = 0;
		FILE *out;
		if (!mw_format_name((enum mw_format)f))
			continue;
		out = open_memstream(&buf, &len);
		MW_FUZZ_CHECK(out != NULL, "open_memstream");
		MW_FUZZ_CHECK(mw_render((enum mw_format)f, doc, &rend, out) == 0, "render %s failed",
			      mw_format_name((enum mw_format)f));
		fclose(out);
		check_output((enum mw_format)f, buf, len);
		free(buf);
	}
	mw_doc_free(doc);
	mw_store_close(st);
	return 0;
}
