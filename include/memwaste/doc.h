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
 * own syntax (HTML, Markdown, JSON). The replacement rules are at
 * mw_doc_clean_string().
 *
 * Keys are unique within one JSON object, and the document enforces it
 * when a node is added, so every renderer sees the same keys:
 *   - The object of a keyed SECTION, of a LIST item and of the root is one
 *     namespace; a SECTION without key merges into its parent's object, so
 *     its children share the parent's namespace.
 *   - A key already used in that namespace gets a suffix: the second
 *     "hash_tables" becomes "hash_tables_2", the third "hash_tables_3".
 *     The first one keeps its plain key (and its value: tools that look a
 *     key up find the first), nothing is dropped. Callers that mean "get
 *     or create" use mw_child() first.
 *   - Reserved keys, which renderers write themselves, count as used:
 *     schema_version, generator, title, summary, notes, findings,
 *     provenance. Table column keys follow the same rule inside a row
 *     ("source" is reserved there).
 *   - A NULL key means: SECTION without key (merges, see above); LIST
 *     "items"; FIGURE "value"; TABLE "table"; EVIDENCE "evidence"; CHART
 *     "chart".
 *
 * Calling an adder with a NULL parent (or a parent of the wrong type) is a
 * programming error: it asserts in debug builds and otherwise does nothing
 * and returns NULL, so chained calls stay safe.
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

/*
 * MW_VAL_ARRAY: a list of numbers of one unit (a value per buddy order,
 * say); JSON writes an array (NaN elements as null), text the elements
 * formatted in the unit and separated by blanks. Figures only.
 */
enum mw_value_type { MW_VAL_NONE, MW_VAL_INT, MW_VAL_DOUBLE, MW_VAL_STR, MW_VAL_BOOL, MW_VAL_ARRAY };

struct mw_value {
	enum mw_value_type type;
	int64_t i;		/* INT and BOOL */
	double d;
	char *s;
	double *arr;		/* ARRAY: n_arr numbers */
	size_t n_arr;
	bool arr_int;		/* ARRAY: every element is integral (JSON writes integers) */
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

/*
 * What the points of each kind mean (the renderers draw them so):
 *   WATERFALL  one series of labelled levels: the first and the last points
 *              are totals, drawn from zero (installed RAM; what the page
 *              allocator got); each point between is the level left after
 *              the step its label names, so the step is y[i] - y[i-1]
 *              (negative: memory that went away). x orders the bars.
 *   STACKED    one series per part of a whole (MemFree, Cached, Slab...),
 *              stacked in series order at each x; a series without a point
 *              at some x is interpolated between its points, zero outside.
 *   LINES      one series per line (a slab cache), drawn independently.
 *   BARS       grouped bars: each point is a category (x orders them, the
 *              label names them: "order 3"), each series one bar in every
 *              group (a zone); a missing point is no bar.
 * x is unix seconds when x_is_time; markers (events) are vertical lines at
 * their x on the time charts. y may be NaN: a gap.
 */
enum mw_chart_kind {
	MW_CHART_WATERFALL,	/* totals and steps between them (boot: installed RAM -> page allocator) */
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
	struct mw_value *cells;	/* n_cells cells, MW_VAL_NONE (null) until set */
	size_t n_cells;		/* the table's n_columns */
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
/* Finds a direct child by key (any type), NULL if none. With a duplicate key the first node added wins. */
struct mw_node *mw_child(const struct mw_node *parent, const char *key);
/* Sets the section's summary paragraph; a second call appends to it after a space (one paragraph, built in steps). */
void mw_summary(struct mw_node *section, const char *fmt, ...) MW_PRINTF(2, 3);
struct mw_node *mw_list(struct mw_node *parent, const char *key, const char *title);
/* A new SECTION item at the end of a LIST. */
struct mw_node *mw_list_add(struct mw_node *list, const char *title);

/*
 * Figures. `src` may be NULL; `how` may be NULL. Returns the node, so the
 * caller sets flags: mw_fig_str(...)->flags |= MW_F_HOST. A double that is
 * not finite (NaN, infinity) is stored as an unknown value (JSON null).
 */
struct mw_node *mw_fig_int(struct mw_node *sec, const char *key, const char *label, int64_t v,
			   enum mw_unit unit, enum mw_confidence conf, const struct mw_source *src, const char *how);
struct mw_node *mw_fig_double(struct mw_node *sec, const char *key, const char *label, double v,
			      enum mw_unit unit, enum mw_confidence conf, const struct mw_source *src, const char *how);
struct mw_node *mw_fig_str(struct mw_node *sec, const char *key, const char *label, const char *v,
			   const struct mw_source *src);
struct mw_node *mw_fig_bool(struct mw_node *sec, const char *key, const char *label, bool v);
/* A list of `n` numbers (copied) in one unit, e.g. an index per buddy order; NaN elements are unknown. */
struct mw_node *mw_fig_array(struct mw_node *sec, const char *key, const char *label, const double *v, size_t n,
			     enum mw_unit unit, enum mw_confidence conf, const struct mw_source *src, const char *how);
/* A figure whose value is unknown (JSON null), with the reason in `how`. */
struct mw_node *mw_fig_null(struct mw_node *sec, const char *key, const char *label, enum mw_unit unit, const char *how);

struct mw_node *mw_table(struct mw_node *sec, const char *key, const char *title,
			 const struct mw_column *cols, size_t ncols);
/* A new row, every cell null. The pointer is valid until the next mw_row_add() on the same table. */
struct mw_row *mw_row_add(struct mw_node *table);
/* Cell setters: a column index out of range is ignored; setting a cell twice replaces the value. */
void mw_cell_int(struct mw_row *r, size_t col, int64_t v);
void mw_cell_double(struct mw_row *r, size_t col, double v);
void mw_cell_str(struct mw_row *r, size_t col, const char *s);
void mw_cell_strn(struct mw_row *r, size_t col, const char *s, size_t n);
void mw_cell_bool(struct mw_row *r, size_t col, bool v);
void mw_row_source(struct mw_row *r, const char *file, uint64_t line);

void mw_text(struct mw_node *sec, const char *fmt, ...) MW_PRINTF(2, 3);

struct mw_node *mw_finding(struct mw_node *sec, const char *id, enum mw_severity_level level,
			   const char *title, const char *saw, const char *why, const char *advice);
/*
 * Adds an evidence line to a FINDING or an EVIDENCE node. `file` may be
 * NULL and `line` 0 when unknown. One trailing "\n" or "\r\n" is dropped;
 * tabs are kept.
 */
void mw_evidence_line(struct mw_node *node, const char *file, uint64_t line, const char *text, size_t len);
struct mw_node *mw_evidence(struct mw_node *sec, const char *key, const char *title);

struct mw_node *mw_chart(struct mw_node *sec, const char *key, const char *title, enum mw_chart_kind kind,
			 enum mw_unit unit, bool x_is_time);
/* Returns the new series' index (0, 1, ...) for mw_chart_point(). */
size_t mw_chart_series_add(struct mw_node *chart, const char *name);
/* `label` may be NULL; x and y may be NaN (a gap: JSON null). */
void mw_chart_point(struct mw_node *chart, size_t series, double x, double y, const char *label);
void mw_chart_marker_add(struct mw_node *chart, double x, const char *label);

/*
 * Copies `s` (len bytes, NUL bytes included) making it valid UTF-8
 * without control characters. Returns a malloc'ed string, or NULL when
 * `s` is NULL. The rules:
 *   - Invalid UTF-8 becomes U+FFFD, one per maximal ill-formed subpart
 *     (the Unicode recommended practice): bad lead bytes, stray
 *     continuation bytes, overlong forms (C0 AF, E0 80 AF), surrogates
 *     (ED A0 80), code points above U+10FFFF, truncated sequences.
 *   - Tab is kept when keep_tabs, otherwise it becomes one space.
 *   - Every other control character becomes a visible escape that says
 *     what the byte was, so a hostile or broken input shows up in a
 *     ticket instead of acting on the terminal: C0 controls and DEL as
 *     "\xNN" (NUL -> "\x00", ESC -> "\x1b", newline -> "\x0a"), C1 controls
 *     (U+0080..U+009F) as "\u00NN". The characters that reorder or break
 *     displayed text are escaped the same way ("\uNNNN"): U+2028, U+2029
 *     and the bidirectional controls U+202A..U+202E, U+2066..U+2069.
 *   - A backslash in the input is kept as is (so "\x01" typed literally
 *     and an escaped 0x01 look the same; the escape is for humans).
 * Reports should not put newlines in prose: a new paragraph is a new
 * mw_text().
 */
char *mw_doc_clean_string(const char *s, size_t len, bool keep_tabs);

/* ---- formatting helpers shared by renderers and reports ---- */
/*
 * "1.50 GiB", "512 KiB", "17 B": binary units, 3 significant digits
 * (values of 100..1023 in a unit keep all their integer digits: "1000 KiB").
 * Below 1 KiB whole bytes print exactly ("1023 B"). Negative values get a
 * minus sign; NaN and infinities print "n/a". The output is always
 * NUL-terminated and truncated to outsz.
 */
void mw_format_bytes(char *out, size_t outsz, double bytes);
/*
 * A value in its unit for humans:
 *   BYTES, KB   mw_format_bytes ("1.50 GiB")
 *   PAGES       "1,024 pages" ("1 page")        HUGEPAGES "512 huge pages"
 *   COUNT       "1,234,567" (doubles: up to 2 decimals, "1,234.5")
 *   PCT         "3.22%" (2 decimals below 100, 1 below 1000, then none)
 *   RATIO       "0.125" (3 decimals)
 *   SECONDS     "12.5 s" below a minute, then "20m 34s", "5h 20m", "3d 04h"
 *   PFN         "0x1a2b3" (hex, as the kernel prints PFN ranges)
 *   TIME        unix seconds as UTC "2026-11-21 23:41:57Z"
 *   NONE        as is: "%" PRId64 or the shortest exact-enough double
 * STR values print as is whatever the unit, BOOL as "yes"/"no", an
 * unknown value (MW_VAL_NONE, or a NULL v) as "unknown". Uses the C
 * locale's conventions ("." and ","), independent of setlocale().
 */
void mw_format_value(char *out, size_t outsz, const struct mw_value *v, enum mw_unit unit);

#endif
