/* SPDX-License-Identifier: MIT */
/* render.h: output formats and the renderer interface (systemd output-mode shape). */
#ifndef MW_RENDER_H
#define MW_RENDER_H

#include <stdio.h>
#include "memwaste/buf.h"
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

/* Writes `doc` to `out` and flushes it; returns 0, -EINVAL for a bad format, or -errno when writing failed. */
int mw_render(enum mw_format f, const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out);

struct mw_renderer {
	const char *name;
	int (*render)(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out);
};

/*
 * Both take opts == NULL as the defaults (details on, width 100, no
 * colour, commands hidden, hosts shown). They flush `out` and return 0 or
 * the first write error as -errno (-ENOSPC, -EPIPE; -EIO when the stream
 * failed without errno), like mw_render(). The text layout is described
 * at the top of src/render-text.c, the JSON shape (schema_version 1) at
 * the top of src/render-json.c; in short:
 *   {"schema_version": 1, "generator": "memwaste X.Y.Z", "title": "...",
 *    "boot": {"summary": "...", "installed_bytes": 17179869184, ...,
 *             "hash_tables": [{"name": "Dentry cache", ..., "source": {"file": "dmesg", "line": 45}}],
 *             "notes": ["..."], "findings": [{"id", "severity", "title", "saw", "why", "advice",
 *             "evidence": [{"file", "line", "text"}]}],
 *             "provenance": {"installed_bytes": {"confidence": "exact", "source": {...}, "how": "..."}}},
 *    "snapshots": [{"title": "...", ...}, ...]}
 */
int mw_render_text(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out);
int mw_render_json(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out);

/*
 * ---- shared by the renderers (src/render.c) ----
 *
 * A new format uses these so that every format hides, redacts and
 * formats values the same way. A renderer starts with
 * mw_render_ctx_init(), writes through mw_render_write() (which remembers
 * the first error and stops writing after it) and ends with
 * mw_render_ctx_finish(), whose value it returns.
 */
struct mw_redactor;

struct mw_render_ctx {
	const struct mw_doc *doc;
	struct mw_render_opts opts;	/* a copy with defaults applied: width >= 20 */
	struct mw_redactor *redactor;	/* NULL unless opts.redact_hosts */
	FILE *out;
	int err;			/* first write error (-errno), 0 if none */
};

/*
 * With opts.redact_hosts, registers the document's host values
 * (MW_F_HOST figures and columns) and the addresses in every string
 * (keys, titles, prose, values, cells, sources, evidence, chart labels)
 * in document order, skipping hidden commands, so that all formats
 * number placeholders the same way whatever order they print in.
 */
void mw_render_ctx_init(struct mw_render_ctx *c, const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out);
/* Flushes, checks the stream, frees the redactor; returns c->err (0 or -errno). */
int mw_render_ctx_finish(struct mw_render_ctx *c);
void mw_render_write(struct mw_render_ctx *c, const void *data, size_t len);

/* Whether a value with `flags` must be hidden (MW_F_COMMAND without show_commands). */
bool mw_render_hidden(const struct mw_render_ctx *c, unsigned flags);
#define MW_RENDER_HIDDEN_HOW "hidden; use --show-commands"
/* Appends `s` (may be NULL) with addresses and known host names redacted when asked. */
void mw_render_addstr(const struct mw_render_ctx *c, struct mw_buf *out, const char *s);
/*
 * Appends a value as people read it (mw_format_value()) with the flags
 * applied: a hidden command as "(hidden; use --show-commands)", a
 * MW_F_HOST string as its placeholder when redacting, any other string
 * redacted.
 */
void mw_render_addvalue(const struct mw_render_ctx *c, struct mw_buf *out, const struct mw_value *v,
			enum mw_unit unit, unsigned flags);

/* Whether a figure belongs in the summary view: MW_F_KEY without MW_F_DETAIL or MW_F_JSON_ONLY. */
bool mw_render_in_summary(const struct mw_node *n);
/* The label people see for a node: its title, else its key, else "". */
const char *mw_render_label(const struct mw_node *n);

/*
 * Display width of valid UTF-8 (what the document holds): one column per
 * character, two for East Asian wide characters and emoji, none for
 * combining marks and zero-width characters. Independent of the locale.
 */
size_t mw_render_width(const char *s, size_t len);
/* The length in bytes of the longest prefix of s[0..len) that fits in `cols` columns. */
size_t mw_render_fit(const char *s, size_t len, size_t cols);

#endif
