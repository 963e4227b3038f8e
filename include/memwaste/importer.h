/* SPDX-License-Identifier: MIT */
/* importer.h: import paths (files, directories, "-", memory buffers) into a store, one transaction each. */
#ifndef MW_IMPORTER_H
#define MW_IMPORTER_H

#include "memwaste/common.h"
#include "memwaste/diag.h"
#include "memwaste/input.h"
#include "memwaste/parser.h"
#include "memwaste/store.h"

/*
 * The import pipeline shared by `import`, `report PATH...` and the live
 * machine: open (sniff, decompress), parse into records, store them in
 * one transaction per input. Messages go to the diag callback (the
 * command prints them); the importer itself never prints.
 */
struct mw_importer {
	struct mw_store *st;
	struct mw_diag *diag;
	struct mw_session session;
	struct mw_input_limits limits;
	const char *kind;		/* --kind */
	const char *host;		/* --host */
	bool strict;
	unsigned long max_files;	/* directory walk limit */
	/* outcome */
	unsigned long inputs_ok, inputs_failed, inputs_duplicate, inputs_partial;
	uint64_t lines, records, boots, snapshots, snapshots_skipped, events, warnings;
	/* called after each input (for progress and summaries); status MW_EDUPLICATE for content already stored; may be NULL */
	void (*done)(void *userdata, const char *display, int status, const struct mw_parse_stats *ps,
		     const struct mw_store_counts *sc);
	void *userdata;
};

void mw_importer_init(struct mw_importer *im, struct mw_store *st, struct mw_diag *diag);
/*
 * Imports a path: "-" (stdin), a file, or a directory (walked, every
 * regular file imported in sorted order). Returns 0 when everything
 * under the path was imported (or was already there), < 0 otherwise.
 */
int mw_importer_path(struct mw_importer *im, const char *path);
/* Imports a memory buffer named `display` (live capture, explain text). origin/time as in mw_parse_opts. */
int mw_importer_mem(struct mw_importer *im, const void *data, size_t len, const char *display, const char *kind,
		    const char *origin, int64_t time_hint);
/* The exit code for the whole import: OK, ERROR (nothing imported) or PARTIAL. */
enum mw_exit mw_importer_exit(const struct mw_importer *im);

#endif
