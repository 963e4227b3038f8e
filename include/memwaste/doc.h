/* SPDX-License-Identifier: MIT */
/* doc.h: the report document model every report builds and every renderer walks. */
#ifndef MW_DOC_H
#define MW_DOC_H

#include "memwaste/common.h"
#include "memwaste/record.h"	/* enum mw_unit */

/*
 * Reports never print. They build a tree of nodes; renderers (render.h)
 * turn the tree into text, JSON, Markdown or HTML without knowing which
 * report built it (the SQLite QRF idea: renderers consume generic result
 * sets). A new report needs no renderer change; a new format needs no
 * report change.
 *
 * Node types and how formats show them:
 *   SECTION  keyed object; heading + body in text/markdown/html; JSON
 *            object under `key` in its parent. A section may carry a
 *            one-paragraph `summary`: text/markdown print all top-level
 *            summaries first ("one screen first, details after").
 *   LIST     keyed array of SECTION items (one per boot, snapshot,
 *            event); JSON array.
 *   FIGURE   one named value with unit, confidence and source; JSON
 *            "key": value (exact number), with its confidence, source and
 *            method in the section's "provenance" object.
 *   TABLE    columns (key, label, unit, help) and rows; JSON array of
 *            objects keyed by column key (plus "source" when rows have one).
 *   TEXT     a paragraph of prose.
 *   FINDING  id, severity, title, what we saw, why it matters, what to do,
 *            and evidence lines; JSON object in the section's "findings".
 *   EVIDENCE a block of quoted input lines with file:line.
 *   CHART    series of (x, y) points for the HTML renderer's inline SVG;
 *            JSON keeps the data; text shows nothing or a short table.
 *
 * Keys are snake_case with the unit in the name (`_bytes`, `_kb`,
 * `_pages`, `_pct`). Every string given to this API is copied, and
 * invalid UTF-8 and control characters are replaced at that point (so
 * every renderer receives valid UTF-8 without control characters except
 * in EVIDENCE lines, where tabs survive). Renderers still escape for their
 * own syntax (HTML, Markdown, JSON).
 *
 * Memory: nodes belong to the document; mw_doc_free() releases all.
 */

enum mw_node_type {
	MW_NODE_SECTION,
	MW_NODE_LIST,
	MW_NODE_FIGURE,
	MW_NODE_TABLE,
	MW_NODE_TEXT,
	MW_NODE_FINDING,
	MW_NODE_EVIDENCE,
	MW_NODE_CHART,
};

enum mw_confidence {
	MW_CONF_NONE,		/* not stated (plain labels, counts of rows) */
	MW_CONF_EXACT,		/* read from the input as is */
	MW_CONF_DERIVED,	/* computed exactly from exact inputs */
	MW_CONF_ESTIMATED,	/* computed with an assumption (stated in `how`) */
	MW_CONF_LOWER_BOUND,	/* the true value is at least this */
};
const char *mw_confidence_name(enum mw_confidence c);

enum mw_value_type { MW_VAL_NONE, MW_VAL_INT, MW_VAL_DOUBLE, MW_VAL_STR, MW_VAL_BOOL };

struct mw_value {
	enum mw_value_type type;
	int64_t i;		/* INT and BOOL */
	double d;
	char *s;
};

enum mw_severity_level {
	MW_LEVEL_INFO,		/* worth knowing */
	MW_LEVEL_NOTICE,	/* something to look at */
	MW_LEVEL_WARNING,	/* a problem */
	MW_LEVEL_CRITICAL,	/* the cause of an outage */
};
const char *mw_level_name(enum mw_severity_level l);

struct mw_source {
	char *file;		/* NULL when none */
	uint64_t line;		/* 0 when none */
};

/* Figure/column flags. */
enum {
	MW_F_DETAIL = 1 << 0,	/* not in the text/markdown summary view, only in details, JSON and HTML */
	MW_F_JSON_ONLY = 1 << 1,	/* machine-only key (raw duplicates, ids) */
	MW_F_HOST = 1 << 2,	/* value names a host or address: --redact-hosts replaces it */
	MW_F_COMMAND = 1 << 3,	/* value is a command line: shown only with --show-commands */
	MW_F_KEY = 1 << 4,	/* headline figure: shown in the summary view */
};

enum mw_chart_kind {
	MW_CHART_WATERFALL,	/* one series of labelled bars that step down (boot: installed -> MemTotal) */
	MW_CHART_STACKED,	/* stacked areas over time (memory breakdown) */
	MW_CHART_LINES,		/* lines over time (top slab caches) */
	MW_CHART_BARS,		/* grouped bars by category (free blocks per order per zone) */
};

struct mw_column {
	const char *key;	/* JSON key */
	const char *label;	/* header in text/markdown/html */
	enum mw_unit unit;
	enum mw_value_type type;
	unsigned flags;
	const char *help;	/* one line for the man page and `--list-columns` */
};

struct mw_row {
	struct mw_value *cells;	/* ncols cells */
	struct mw_source src;
};

struct mw_chart_series {
	char *name;
	size_t n, alloc;
	double *x, *y;
	char **labels;		/* per point, may be NULL (waterfall/bar labels) */
};

struct mw_chart_marker {
	double x;
	char *label;
};

struct mw_node {
	enum mw_node_type type;
	char *key;		/* JSON key (SECTION in a SECTION, LIST, FIGURE, TABLE, CHART) */
	char *title;		/* heading, figure label, finding title, chart title */
	char *summary;		/* SECTION: one paragraph for the summary view */
	char *text;		/* TEXT: paragraph; FINDING: what we saw */
	unsigned flags;
	struct mw_node *parent;
	struct mw_node **children;
	size_t n_children, alloc_children;

	/* FIGURE */
	struct mw_value value;
	enum mw_unit unit;
	enum mw_confidence confidence;
	struct mw_source src;
	char *how;		/* how the figure was obtained, one line */

	/* TABLE */
	struct mw_column *columns;	/* copied */
	size_t n_columns;
	struct mw_row *rows;
	size_t n_rows, alloc_rows;

	/* FINDING */
	char *id;		/* stable identifier: "slab-waste-high" */
	enum mw_severity_level level;
	char *why;		/* why it matters */
	char *advice;		/* what to do */

	/* EVIDENCE (and FINDING evidence): lines with their sources */
	char **lines;
	struct mw_source *line_src;
	size_t n_lines, alloc_lines;

	/* CHART */
	enum mw_chart_kind chart_kind;
	bool x_is_time;		/* x values are unix times */
	struct mw_chart_series *series;
	size_t n_series;
	struct mw_chart_marker *markers;
	size_t n_markers;
};

struct mw_doc {
	struct mw_node *root;	/* a SECTION without key */
	char *title;
};

/* Adds MW_F_* flags to a node (NULL-safe); returns the node, for chaining. */
static inline struct mw_node *mw_node_set_flags(struct mw_node *n, unsigned flags)
{
	if (n)
		n->flags |= flags;
	return n;
}

struct mw_doc *mw_doc_new(const char *title);
struct mw_doc *mw_doc_free(struct mw_doc *doc);

struct mw_node *mw_section(struct mw_node *parent, const char *key, const char *title);
/* Finds a direct child by key (any type), NULL if none. */
struct mw_node *mw_child(const struct mw_node *parent, const char *key);
void mw_summary(struct mw_node *section, const char *fmt, ...) MW_PRINTF(2, 3);
struct mw_node *mw_list(struct mw_node *parent, const char *key, const char *title);
/* A new SECTION item at the end of a LIST. */
struct mw_node *mw_list_add(struct mw_node *list, const char *title);

/* Figures. `src` may be NULL; `how` may be NULL. Returns the node. */
struct mw_node *mw_fig_int(struct mw_node *sec, const char *key, const char *label, int64_t v,
			   enum mw_unit unit, enum mw_confidence conf, const struct mw_source *src, const char *how);
struct mw_node *mw_fig_double(struct mw_node *sec, const char *key, const char *label, double v,
			      enum mw_unit unit, enum mw_confidence conf, const struct mw_source *src, const char *how);
struct mw_node *mw_fig_str(struct mw_node *sec, const char *key, const char *label, const char *v,
			   const struct mw_source *src);
struct mw_node *mw_fig_bool(struct mw_node *sec, const char *key, const char *label, bool v);
/* A figure whose value is unknown (JSON null), with the reason in `how`. */
struct mw_node *mw_fig_null(struct mw_node *sec, const char *key, const char *label, enum mw_unit unit, const char *how);

struct mw_node *mw_table(struct mw_node *sec, const char *key, const char *title,
			 const struct mw_column *cols, size_t ncols);
struct mw_row *mw_row_add(struct mw_node *table);
void mw_cell_int(struct mw_row *r, size_t col, int64_t v);
void mw_cell_double(struct mw_row *r, size_t col, double v);
void mw_cell_str(struct mw_row *r, size_t col, const char *s);
void mw_cell_strn(struct mw_row *r, size_t col, const char *s, size_t n);
void mw_cell_bool(struct mw_row *r, size_t col, bool v);
void mw_row_source(struct mw_row *r, const char *file, uint64_t line);

void mw_text(struct mw_node *sec, const char *fmt, ...) MW_PRINTF(2, 3);

struct mw_node *mw_finding(struct mw_node *sec, const char *id, enum mw_severity_level level,
			   const char *title, const char *saw, const char *why, const char *advice);
/* Adds an evidence line to a FINDING or an EVIDENCE node. */
void mw_evidence_line(struct mw_node *node, const char *file, uint64_t line, const char *text, size_t len);
struct mw_node *mw_evidence(struct mw_node *sec, const char *key, const char *title);

struct mw_node *mw_chart(struct mw_node *sec, const char *key, const char *title, enum mw_chart_kind kind,
			 enum mw_unit unit, bool x_is_time);
size_t mw_chart_series_add(struct mw_node *chart, const char *name);
void mw_chart_point(struct mw_node *chart, size_t series, double x, double y, const char *label);
void mw_chart_marker_add(struct mw_node *chart, double x, const char *label);

/* Copies `s` (len bytes) making it valid UTF-8 without control characters (tabs kept if keep_tabs). */
char *mw_doc_clean_string(const char *s, size_t len, bool keep_tabs);

/* ---- formatting helpers shared by renderers and reports ---- */
/* "1.50 GiB", "512 KiB", "17 B": binary units, 3 significant digits. */
void mw_format_bytes(char *out, size_t outsz, double bytes);
/* A value in its unit for humans: bytes/kB via mw_format_bytes, pct with "%", counts with thousands separators. */
void mw_format_value(char *out, size_t outsz, const struct mw_value *v, enum mw_unit unit);

#endif
