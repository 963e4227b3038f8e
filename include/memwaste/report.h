/* SPDX-License-Identifier: MIT */
/* report.h: the report registry; each report turns the store into a document section. */
#ifndef MW_REPORT_H
#define MW_REPORT_H

#include "memwaste/common.h"
#include "memwaste/doc.h"
#include "memwaste/store.h"

/*
 * A report is one file in reports/ defining `const struct mw_report
 * mw_report_<name>`: it queries the store (SQL and C arithmetic) and adds
 * to the document. It never parses text formats and never prints.
 *
 * Adding a report: reports/<name>.c, one line in reports/reports.def, one
 * source line in reports/CMakeLists.txt, an entry in
 * man/memwaste-reports.7 (the consistency test fails until present) and
 * golden outputs.
 */

struct mw_report_opts {
	int64_t installed_bytes;	/* --installed, MW_UNKNOWN if not given */
	const char *kernel;		/* --kernel release for GFP decoding, NULL if not given */
	const char *host;		/* only this host, NULL = all */
	bool show_commands;
	unsigned max_rows;		/* cap for long tables (0 = default) */
};

struct mw_report {
	const char *name;		/* "boot" */
	const char *summary;		/* one line for --list */
	/* Whether the store holds data for this report (reports with nothing to say are skipped). */
	bool (*applies)(struct mw_store *st, const struct mw_report_opts *o);
	/* Adds this report's part to the document root. */
	int (*run)(struct mw_store *st, const struct mw_report_opts *o, struct mw_node *root);
};

#define MW_REPORT(name) extern const struct mw_report mw_report_##name;
#include "memwaste/reports.def"
#undef MW_REPORT

extern const struct mw_report *const mw_reports[];
const struct mw_report *mw_report_find(const char *name);

#endif
