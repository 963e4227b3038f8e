/* SPDX-License-Identifier: MIT */
/* render.h: output formats and the renderer interface (systemd output-mode shape). */
#ifndef MW_RENDER_H
#define MW_RENDER_H

#include <stdio.h>
#include "memwaste/doc.h"

/*
 * Adding a format: a value in enum mw_format, a row in the name table and
 * the renderer table in src/render.c (designated initialisers indexed by
 * the enum), src/render-<fmt>.c, goldens regenerated. Renderers know node
 * types, never reports.
 */
enum mw_format {
	MW_FORMAT_TEXT,
	MW_FORMAT_JSON,
	MW_FORMAT__MAX
};

struct mw_render_opts {
	bool color;		/* ANSI colour (text only): a terminal and no NO_COLOR */
	int width;		/* text width, 0 = 100 */
	bool show_commands;	/* print MW_F_COMMAND values */
	bool redact_hosts;	/* replace MW_F_HOST values and IP addresses with placeholders */
	bool details;		/* text: print details after the summary (default true) */
};

const char *mw_format_name(enum mw_format f);
/* 0 and *ret set, or -EINVAL for an unknown name. */
int mw_format_parse(const char *name, enum mw_format *ret);
/* Comma-separated list of the format names, for --help. */
const char *mw_format_list(void);

/* Writes `doc` to `out`; returns 0 or -errno when writing failed. */
int mw_render(enum mw_format f, const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out);

struct mw_renderer {
	const char *name;
	int (*render)(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out);
};

int mw_render_text(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out);
int mw_render_json(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out);

#endif
