/* SPDX-License-Identifier: MIT */
/*
 * fuzz-parse.c: the parsers. Compiled once per parser of parsers.def with
 * MW_FUZZ_KIND set to its name (fuzz-parse-<name>: the whole input read
 * as that kind, as `--kind` does), and once without it (fuzz-parse: the
 * demultiplexer detects formats line by line and hands lines to every
 * parser's probe and feed). A parser added to parsers.def gets its target
 * at the next cmake run, with no change here.
 *
 * The data is parsed twice in one session (as two inputs of one import
 * are), the second time under --strict. Every record goes through
 * mw_record_to_json(), which reads every field and string view of it, so
 * ASan sees a view that points outside the line; every diagnostic is
 * formatted. Oracles: records and warnings are counted consistently, a
 * failed strict parse says why, and the lenient parse gives the same
 * records and diagnostics, in the same order, when parsers read every
 * line from scratch (no memo: mw_parse_opts.no_memo).
 */
#include <stdio.h>
#include <string.h>
#include "memwaste/input.h"
#include "memwaste/parser.h"
#include "memwaste/record-json.h"
#include "fuzz.h"
#include "memwaste/banned.h"

#ifdef MW_FUZZ_KIND
static const char *const kind = MW_FUZZ_KIND;
#else
static const char *const kind = NULL;
#endif

struct counts {
	uint64_t records, warnings, errors;
	uint64_t hash;			/* of every record's JSON and every diagnostic, in order */
};

static void hash_add(struct counts *c, const char *s)
{
	/* FNV-1a, with a separator so that "ab","c" differs from "a","bc" */
	for (; *s; s++)
		c->hash = (c->hash ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
	c->hash = (c->hash ^ 0xff) * UINT64_C(0x100000001b3);
}

static int sink_emit(void *userdata, const struct mw_record *rec)
{
	struct counts *c = userdata;
	cJSON *o = mw_record_to_json(rec);
	char *s = cJSON_PrintUnformatted(o);
	MW_FUZZ_CHECK(s != NULL, "record kind %d does not print", (int)rec->kind);
	hash_add(c, s);
	cJSON_free(s);
	cJSON_Delete(o);
	c->records++;
	return 0;
}

static void on_diag(void *userdata, const struct mw_diag_msg *m)
{
	struct counts *c = userdata;
	MW_FUZZ_CHECK(m->text != NULL && m->text[0], "empty diagnostic");
	hash_add(c, m->text);
	if (m->severity == MW_SEV_WARN)
		c->warnings++;
	else if (m->severity == MW_SEV_ERROR)
		c->errors++;
}

static bool parse_once(const uint8_t *data, size_t size, struct mw_session *session, bool strict, const char *name,
		       bool no_memo, struct counts *ret)
{
	struct mw_input *in = NULL;
	struct counts c = { 0 };
	struct mw_sink sink = { sink_emit, &c };
	struct mw_diag diag;
	struct mw_parse_stats ps;
	struct mw_parse_opts po = { .kind = kind, .strict = strict, .name_hint = name, .origin = "file",
				    .time_hint = 1700000000, .no_memo = no_memo };
	char *err = NULL;
	int r;

	if (mw_input_open_mem(data, size, name, NULL, &in, &err) < 0) {
		free(err);
		return false;
	}
	mw_diag_init(&diag, on_diag, &c);
	memset(&ps, 0xff, sizeof(ps));
	r = mw_parse_input(in, &po, session, &sink, &diag, &ps);
	MW_FUZZ_CHECK(ps.records == c.records, "stats say %llu records, the sink saw %llu",
		      (unsigned long long)ps.records, (unsigned long long)c.records);
	/* a compressed input decodes to more bytes than it has: count lines against what was decoded */
	MW_FUZZ_CHECK(ps.lines <= mw_input_bytes_decoded(in) + 1, "%llu lines from %llu bytes", (unsigned long long)ps.lines,
		      (unsigned long long)mw_input_bytes_decoded(in));
	if (!strict) {
		/* lenient: only the input itself can fail (a limit), never a line */
		MW_FUZZ_CHECK(r == 0 || mw_input_error(in) != NULL, "lenient parse failed with %d (%s)", r,
			      mw_strerror(r));
		MW_FUZZ_CHECK(c.warnings == ps.warnings, "%llu warnings counted, %llu reported",
			      (unsigned long long)ps.warnings, (unsigned long long)c.warnings);
	} else if (r == MW_ESTRICT) {
		MW_FUZZ_CHECK(c.errors > 0, "--strict failed without saying why");
	}
	mw_input_free(in);
	*ret = c;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mw_session session = { .pending_time = MW_UNKNOWN }, fresh = { .pending_time = MW_UNKNOWN };
	struct counts a, b;

	/* the name hint matters to probes: the seed's own shape decides nothing here */
	if (parse_once(data, size, &session, false, "fuzz.txt", false, &a) &&
	    parse_once(data, size, &fresh, false, "fuzz.txt", true, &b))
		MW_FUZZ_CHECK(a.hash == b.hash && a.records == b.records,
			      "memos change what is read: %llu records with them, %llu without",
			      (unsigned long long)a.records, (unsigned long long)b.records);
	parse_once(data, size, &session, true, "meminfo", false, &b);
	return 0;
}
