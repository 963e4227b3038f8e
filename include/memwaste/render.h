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
	MW_FORMAT_MARKDOWN,
	MW_FORMAT_HTML,
	MW_FORMAT__MAX
};

struct mw_render_opts {
	bool color;		/* ANSI colour (text only): a terminal and no NO_COLOR */
	int width;		/* text width, 0 = 100 */
	bool show_commands;	/* print MW_F_COMMAND values */
	bool redact_hosts;	/* replace MW_F_HOST values and IP addresses with placeholders */
	bool details;		/* text: print details after the summary (default true) */
	size_t max_bytes;	/* markdown: size budget, 0 = MW_MARKDOWN_MAX_BYTES; SIZE_MAX = none */
};

/*
 * Ticket systems cut long comments (GitHub at 65,536 characters): the
 * Markdown report stays under this many bytes (bytes >= characters)
 * unless told otherwise; the JSON and HTML reports are never cut.
 */
#define MW_MARKDOWN_MAX_BYTES 65000

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
 * GitHub/GitLab-flavoured Markdown for tickets (layout at the top of
 * src/render-markdown.c): a verdict, the summary view, then the details
 * with long blocks folded in <details>; every string escaped; long tables
 * and evidence cut with a note, and the whole cut at opts->max_bytes.
 */
int mw_render_markdown(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out);
/*
 * One self-contained HTML file (src/render-html.c): inline CSS and SVG
 * charts, no script, no external resource (a Content-Security-Policy
 * forbids them), readable without JavaScript and printable.
 */
int mw_render_html(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out);

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
/* A confidence as people read it: "exact", "derived", "estimated", "lower bound"; "" for none. */
const char *mw_render_confidence_words(enum mw_confidence conf);
/* "file:line", "file" or "line N" (redacted when asked); nothing when the source is empty. */
void mw_render_addsource(const struct mw_render_ctx *c, struct mw_buf *out, const struct mw_source *src);
/*
 * Table cell `col` of `row` as people read it: mw_render_addvalue(), or
 * "-" for an unknown value that is not a hidden command.
 */
void mw_render_addcell(const struct mw_render_ctx *c, struct mw_buf *out, const struct mw_node *table,
		       const struct mw_row *row, size_t col);
/* Whether a table column holds numbers (aligned right): its type, or every cell when untyped. */
bool mw_render_column_numeric(const struct mw_node *table, size_t col);
/* Whether any row of the table has a source (the renderers add a Source column). */
bool mw_render_table_has_source(const struct mw_node *table);

/* A growable array of borrowed node pointers. */
struct mw_render_nodes {
	const struct mw_node **v;
	size_t n, alloc;
};
void mw_render_nodes_push(struct mw_render_nodes *ns, const struct mw_node *n);
void mw_render_nodes_release(struct mw_render_nodes *ns);
/*
 * The summary view of a section: its key figures (mw_render_in_summary())
 * and its findings, in document order; with `deep`, those of nested
 * keyed or unkeyed sections too (never of lists: they summarise
 * themselves item by item).
 */
void mw_render_collect_summary(const struct mw_node *sec, bool deep, struct mw_render_nodes *figs,
			       struct mw_render_nodes *finds);
/* Whether the summary view has anything of the section: its summary, key figures or findings. */
bool mw_render_has_summary(const struct mw_node *sec, bool deep);
/*
 * The run of consecutive FIGURE children of `sec` starting at child i,
 * without the MW_F_JSON_ONLY ones, pushed on `run` (renderers show a run
 * as one block); returns the index of the first child after the run.
 */
size_t mw_render_figure_run(const struct mw_node *sec, size_t i, struct mw_render_nodes *run);
/* Every finding of the document, most severe first (document order within a level). */
void mw_render_collect_findings(const struct mw_node *root, struct mw_render_nodes *finds);
/*
 * The verdict in one or two sentences for the top of a ticket: how many
 * findings of each level and the title of the most severe, e.g. "1
 * warning and 1 notice. Most severe: The dentry cache ... (warning)."
 * or "No findings: nothing looked wrong in what was read." Redacted.
 */
void mw_render_verdict(const struct mw_render_ctx *c, struct mw_buf *out);

/* Lists in the summary view show at most this many items, the first and last MW_RENDER_SUMMARY_EDGE. */
#define MW_RENDER_SUMMARY_ITEMS 12
#define MW_RENDER_SUMMARY_EDGE 5
/* Whether the summary view shows item i of a list of n. */
bool mw_render_item_shown(size_t i, size_t n);

/*
 * Waterfall charts (doc.h): the first and last points are totals, drawn
 * from zero; each point between is the level after its step. Whether
 * point i of a series of n is a total.
 */
bool mw_render_waterfall_total(size_t i, size_t n);
/*
 * A chart's data as a TABLE node in `scratch` (a document the caller
 * frees), for the formats that show numbers rather than drawings:
 *   WATERFALL  Step | Change | Level (no change on the totals)
 *   BARS       one row per category, one column per series
 *   STACKED/LINES with `stats`: Series | First | Last | Lowest | Highest;
 *              without: one row per x (time), one column per series.
 * Markers are not in it (the renderer lists them). NULL for an empty chart.
 */
struct mw_node *mw_render_chart_table(struct mw_doc *scratch, const struct mw_node *chart, bool stats);
/* The sorted distinct finite x values of every series of a chart (malloc'ed in *ret); returns how many. */
size_t mw_render_chart_xs(const struct mw_node *chart, double **ret);

/*
 * Display width of valid UTF-8 (what the document holds): one column per
 * character, two for East Asian wide characters and emoji, none for
 * combining marks and zero-width characters. Independent of the locale.
 */
size_t mw_render_width(const char *s, size_t len);
/* The length in bytes of the longest prefix of s[0..len) that fits in `cols` columns. */
size_t mw_render_fit(const char *s, size_t len, size_t cols);

#endif
