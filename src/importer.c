/* SPDX-License-Identifier: MIT */
/* importer.c: files, directories and buffers -> parser -> store, one transaction per input. */
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "importer-internal.h"
#include "memwaste/banned.h"

void mw_importer_init(struct mw_importer *im, struct mw_store *st, struct mw_diag *diag)
{
	memset(im, 0, sizeof(*im));
	im->st = st;
	im->diag = diag;
	im->session.pending_time = MW_UNKNOWN;
	im->max_files = 100000;
	mw_input_limits_default(&im->limits);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

struct progress_ctx {
	struct mw_importer *im;
	const char *display;
	uint64_t size;
};

static void report_progress(struct progress_ctx *pc, const struct mw_input *in, bool finished)
{
	struct mw_import_progress p = {
		.display = pc->display,
		.input_bytes = in ? mw_input_bytes_read(in) : 0,
		.input_size = pc->size,
		.inputs_done = pc->im->inputs_seen,
		.bytes_done = pc->im->bytes,
		.snapshots = pc->im->snapshots,
		.input_finished = finished,
	};
	pc->im->progress(pc->im->userdata, &p);
}

static void parse_progress(void *userdata, const struct mw_input *in, uint64_t lines)
{
	(void)lines;
	report_progress(userdata, in, false);
}

/* One opened input through the parser into the store. */
static int import_input(struct mw_importer *im, struct mw_input *in, const char *path, const char *display,
			const char *kind, const char *origin, int64_t time_hint, uint64_t size)
{
	/* a memory buffer (live capture) or stdin has no path: its display name stands in (input.path is NOT NULL) */
	struct mw_input_info info = { .path = path ? path : display, .display = display, .host = im->host, .kind = kind,
				      .size = size };
	struct mw_parse_opts po = { .kind = kind, .strict = im->strict, .name_hint = base_name(display),
				    .host = im->host, .origin = origin, .time_hint = time_hint };
	struct mw_parse_stats ps;
	struct mw_store_counts sc;
	struct progress_ctx pc = { im, display, size };
	int r, rp, re;
	bool keep;
	const char *status = "ok";

	memset(&ps, 0, sizeof(ps));
	mw_diag_reset_input(im->diag);
	if ((r = mw_store_begin_input(im->st, &info)) < 0) {
		mw_diag_add(im->diag, MW_SEV_ERROR, display, 0, NULL, "%s", mw_store_errmsg(im->st));
		im->inputs_failed++;
		return r;
	}
	if (im->progress) {
		po.progress = parse_progress;
		po.progress_userdata = &pc;
		report_progress(&pc, in, false);
	}
	rp = mw_parse_input(in, &po, &im->session, mw_store_sink(im->st), im->diag, &ps);
	/*
	 * A cut compressed stream still gave us every complete line before the
	 * damage (a killed `memwaste record` leaves exactly that): keep it.
	 */
	keep = rp == 0 || rp == MW_ETRUNCATED;
	if (rp == MW_ETRUNCATED) {
		mw_diag_add(im->diag, MW_SEV_ERROR, display, ps.lines, NULL, "%s; kept the %llu lines before it",
			    mw_input_error(in) ? mw_input_error(in) : mw_strerror(rp), (unsigned long long)ps.lines);
		status = "truncated";
	} else if (rp < 0 && rp != MW_ESTRICT) {
		const char *msg = mw_input_error(in) ? mw_input_error(in)
			: rp == MW_ESTORE ? mw_store_errmsg(im->st) : mw_strerror(rp);
		mw_diag_add(im->diag, MW_SEV_ERROR, display, ps.lines ? ps.lines + 1 : 0, NULL, "%s; nothing imported from it", msg);
	} else if (rp == MW_ESTRICT) {
		mw_diag_add(im->diag, MW_SEV_ERROR, display, 0, NULL, "problems found (--strict): nothing imported from it");
	}
	re = mw_store_end_input(im->st, keep, mw_input_hash(in), ps.lines, status);
	mw_store_input_counts(im->st, &sc);
	if (re == MW_EDUPLICATE) {
		mw_diag_add(im->diag, MW_SEV_NOTE, display, 0, NULL, "already imported (same content), skipped");
		im->inputs_duplicate++;
		r = 0;
	} else if (re < 0) {
		if (keep)
			mw_diag_add(im->diag, MW_SEV_ERROR, display, 0, NULL, "%s; nothing imported from it",
				    re == MW_ESTORE ? mw_store_errmsg(im->st) : mw_strerror(re));
		im->inputs_failed++;
		/* a rolled-back input failed for its own reason, not the store's */
		r = keep ? re : rp;
	} else if (rp == MW_ETRUNCATED) {
		im->inputs_partial++;
		r = rp;
	} else {
		im->inputs_ok++;
		r = 0;
	}
	if (re == 0 && (r == 0 || rp == MW_ETRUNCATED)) {
		im->lines += ps.lines;
		im->records += sc.records;
		im->boots += sc.boots;
		im->snapshots += sc.snapshots;
		im->snapshots_skipped += sc.snapshots_skipped;
		im->events += sc.events;
		im->warnings += ps.warnings;
	}
	im->inputs_seen++;
	im->bytes += mw_input_bytes_read(in);
	if (im->progress)
		report_progress(&pc, NULL, true);
	/* a duplicate was rolled back: it added nothing to report */
	if (im->done)
		im->done(im->userdata, display, re == MW_EDUPLICATE ? MW_EDUPLICATE : r, &ps, &sc);
	return r;
}

int mw_import_file(struct mw_importer *im, const char *path, const char *display, const char *origin, bool in_dir)
{
	struct mw_input *in = NULL;
	char *err = NULL;
	struct stat sb;
	bool is_stdin = strcmp(path, "-") == 0;
	int64_t time_hint = MW_UNKNOWN;
	int r;

	if (!is_stdin && stat(path, &sb) == 0)
		time_hint = (int64_t)sb.st_mtime;
	r = mw_input_open(path, display, &im->limits, is_stdin, &in, &err);
	if (r < 0 && in_dir && (r == MW_EBINARY || r == MW_EEMPTY || r == MW_EUNSUPPORTED)) {
		/* a capture directory holds other files too (sosreports do): skip them, say so */
		mw_diag_add(im->diag, MW_SEV_NOTE, display, 0, NULL, "%s, skipped", err ? err : mw_strerror(r));
		free(err);
		return 0;
	}
	if (r < 0) {
		mw_diag_add(im->diag, MW_SEV_ERROR, display, 0, NULL, "%s", err ? err : mw_strerror(r));
		free(err);
		im->inputs_failed++;
		if (im->done)
			im->done(im->userdata, display, r, NULL, NULL);
		return r;
	}
	r = import_input(im, in, is_stdin ? NULL : path, display, im->kind, origin, time_hint, mw_input_size(in));
	mw_input_free(in);
	return r;
}

int mw_importer_path(struct mw_importer *im, const char *path)
{
	struct stat sb;
	if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return mw_import_dir(im, path);
	return mw_import_file(im, path, strcmp(path, "-") == 0 ? "<stdin>" : path, "file", false);
}

int mw_importer_mem(struct mw_importer *im, const void *data, size_t len, const char *display, const char *kind,
		    const char *origin, int64_t time_hint)
{
	struct mw_input *in = NULL;
	char *err = NULL;
	int r = mw_input_open_mem(data, len, display, &im->limits, &in, &err);
	if (r < 0) {
		mw_diag_add(im->diag, MW_SEV_ERROR, display, 0, NULL, "%s", err ? err : mw_strerror(r));
		free(err);
		im->inputs_failed++;
		return r;
	}
	r = import_input(im, in, NULL, display, kind, origin, time_hint, len);
	mw_input_free(in);
	return r;
}

enum mw_exit mw_importer_exit(const struct mw_importer *im)
{
	unsigned long good = im->inputs_ok + im->inputs_duplicate;
	if (!im->inputs_failed && !im->inputs_partial)
		return MW_EXIT_OK;
	if (!good && !im->inputs_partial)
		return MW_EXIT_ERROR;
	return MW_EXIT_PARTIAL;
}
