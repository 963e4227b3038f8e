/* SPDX-License-Identifier: MIT */
/* diag.h: per-line diagnostics (file, line, parser, message) collected by library code. */
#ifndef MW_DIAG_H
#define MW_DIAG_H

#include "memwaste/common.h"

/*
 * Library code (parsers, input, store, reports) never prints: it adds
 * diagnostics here. The command that owns the mw_diag decides what to do
 * with them through the `report` callback (print, collect, count). A
 * diagnostic is "file:line: message" with the parser name for context.
 */
enum mw_severity {
	MW_SEV_NOTE,	/* informational: a limitation of the data */
	MW_SEV_WARN,	/* a line was skipped or a value is doubtful; import goes on */
	MW_SEV_ERROR,	/* an input failed */
};

struct mw_diag_msg {
	enum mw_severity severity;
	const char *file;	/* display name of the input, may be NULL */
	uint64_t line;		/* 1-based, 0 when not tied to a line */
	const char *parser;	/* may be NULL */
	const char *text;
};

struct mw_diag {
	void (*report)(void *userdata, const struct mw_diag_msg *msg);
	void *userdata;
	unsigned long counts[3];	/* per severity, including suppressed ones */
	unsigned long limit;		/* stop calling report after this many warnings per input (0 = no limit) */
	unsigned long reported;		/* warnings reported since mw_diag_reset_input() */
};

void mw_diag_init(struct mw_diag *d, void (*report)(void *, const struct mw_diag_msg *), void *userdata);
void mw_diag_add(struct mw_diag *d, enum mw_severity sev, const char *file, uint64_t line,
		 const char *parser, const char *fmt, ...) MW_PRINTF(6, 7);
/* Starts counting the per-input warning limit again. */
void mw_diag_reset_input(struct mw_diag *d);

#endif
