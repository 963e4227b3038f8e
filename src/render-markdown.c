/* SPDX-License-Identifier: MIT */
/* render-markdown.c: the document as GitHub/GitLab-flavoured Markdown for bug tickets (render.h). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "memwaste/render.h"
#include "memwaste/banned.h"

/*
 * Layout, for a reader of a ticket who scrolls from the top:
 *
 *   # Title
 *   **Verdict:** 1 warning and 1 notice. Most severe: ... (warning).
 *   ## Summary
 *   the root's summary; for each top-level section "### Title", its
 *   summary paragraph, a two-column table of its key figures and one
 *   bullet per finding; a top-level list of at most LIST_ITEMS_FULL items
 *   shows each item the same way, a longer one one table row per item
 *   (key figures as columns, first and last items when very long).
 *   ## Details
 *   every section in order: headings by depth; runs of figures as tables
 *   (Figure | Value | Confidence | Source | How), tables, paragraphs,
 *   findings (saw / why / advice, evidence in a fenced block), evidence
 *   blocks, and charts as small data tables (the drawing is in HTML).
 *
 * Escaping: every string from the document goes through md_inline(),
 * which backslash-escapes the characters Markdown or GFM give a meaning
 * inline (\ ` * _ [ ] < > | ~ & # and a leading list or quote marker),
 * so a '|' or a backtick in a process name cannot break a table and
 * "<script>" shows as text. Text inside <summary> is HTML-escaped; quoted
 * input lines go in fenced blocks whose fence is longer than any run of
 * backticks inside, so nothing in them is interpreted.
 *
 * Size: blocks longer than FOLD_LINES rows or lines are folded in
 * <details> (open with one click, and still searchable); tables keep at
 * most TABLE_ROWS_MAX rows and evidence EVIDENCE_LINES_MAX lines, with a
 * note that the rest is in the JSON/HTML report; strings are cut at
 * STRING_MAX bytes. The whole document is built block by block and stops
 * before the first block that would cross opts->max_bytes (65,000 by
 * default), with a closing note naming what was left out, so it always
 * fits in a ticket comment whatever the document holds.
 */

#define FOLD_LINES 12		/* longer tables and evidence blocks are folded */
#define TABLE_ROWS_MAX 40	/* rows shown per table */
#define EVIDENCE_LINES_MAX 30	/* lines shown per evidence block */
#define STRING_MAX 2000		/* bytes shown of one string (a cell, a paragraph) */
#define LIST_ITEMS_FULL 3	/* lists up to this size show every item in full in the summary */
#define NOTE_RESERVE 1200	/* room kept for the cut note and closing tags */
#define CUT_NAMES_MAX 5		/* headings named in the cut note */

struct md {
	struct mw_render_ctx c;
	struct mw_buf doc;	/* what fits so far */
	struct mw_buf blk;	/* the block being built */
	struct mw_buf tmp;
	struct mw_buf title;	/* item_title() */
	size_t budget;
	bool cut;		/* a block did not fit: nothing more is added */
	size_t cut_blocks;	/* blocks left out */
	size_t cut_headings;	/* headings left out */
	struct mw_buf cut_names;	/* the first of them, for the note */
	struct mw_buf cut_last;		/* the last heading counted */
	int open_details;	/* <details> written but not closed */
};

/* ---- escaping ---- */

/* Appends s[0..len) with Markdown's inline syntax escaped; `at_start`: s starts a line (block markers). */
static void escape_md(struct mw_buf *b, const char *s, size_t len, bool at_start)
{
	size_t i = 0;

	if (at_start) {
		/* "- x", "+ x", "> x", "---", "===" (setext), "1. x", "1) x" would start a block */
		size_t d = 0;
		while (d < len && s[d] >= '0' && s[d] <= '9')
			d++;
		if (d && d < len && (s[d] == '.' || s[d] == ')') && (d + 1 == len || s[d + 1] == ' ')) {
			mw_buf_add(b, s, d);
			mw_buf_addch(b, '\\');
			i = d;
		} else if (len && strchr("-+=", s[0]) && (len == 1 || s[1] == ' ' || s[1] == s[0])) {
			mw_buf_addch(b, '\\');
		}
	}
	for (; i < len; i++) {
		/* an underscore inside a word never emphasises (GFM): "x86_64" stays readable */
		bool intraword = s[i] == '_' && i && i + 1 < len && isalnum((unsigned char)s[i - 1]) &&
				 isalnum((unsigned char)s[i + 1]);
		if (s[i] && strchr("\\`*_[]<>|~&#", s[i]) && !intraword)
			mw_buf_addch(b, '\\');
		mw_buf_addch(b, s[i]);
	}
}

/* The length of s cut to STRING_MAX bytes on a character boundary (the caller adds "…"). */
static size_t cut_len(const char *s, size_t len)
{
	size_t n = len;
	if (n <= STRING_MAX)
		return n;
	n = STRING_MAX;
	while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* A document string, redacted, cut and escaped. */
static void md_str(struct md *m, struct mw_buf *b, const char *s, bool at_start)
{
	size_t n;
	if (!s)
		return;
	mw_buf_reset(&m->tmp);
	mw_render_addstr(&m->c, &m->tmp, s);
	n = cut_len(m->tmp.buf, m->tmp.len);
	escape_md(b, m->tmp.buf, n, at_start);
	if (n < m->tmp.len)
		mw_buf_addstr(b, "…");
}

/* A value (already formatted and redacted in `v`), cut and escaped. */
static void md_raw(struct mw_buf *b, const char *v, size_t len)
{
	size_t n = cut_len(v, len);
	escape_md(b, v, n, false);
	if (n < len)
		mw_buf_addstr(b, "…");
}

static void md_value(struct md *m, struct mw_buf *b, const struct mw_value *v, enum mw_unit unit, unsigned flags)
{
	struct mw_buf t = MW_BUF_INIT;
	mw_render_addvalue(&m->c, &t, v, unit, flags);
	md_raw(b, t.buf, t.len);
	mw_buf_release(&t);
}

/* HTML text (for <summary>), redacted. */
static void html_str(struct md *m, struct mw_buf *b, const char *s)
{
	if (!s)
		return;
	mw_buf_reset(&m->tmp);
	mw_render_addstr(&m->c, &m->tmp, s);
	for (size_t i = 0; i < m->tmp.len; i++) {
		switch (m->tmp.buf[i]) {
		case '&': mw_buf_addstr(b, "&amp;"); break;
		case '<': mw_buf_addstr(b, "&lt;"); break;
		case '>': mw_buf_addstr(b, "&gt;"); break;
		case '"': mw_buf_addstr(b, "&quot;"); break;
		/* Markdown still reads inline syntax after the tag on the same line */
		case '*': case '_': case '`': case '\\': case '[': case ']': case '|': case '~':
			mw_buf_addf(b, "&#%d;", m->tmp.buf[i]);
			break;
		default: mw_buf_addch(b, m->tmp.buf[i]);
		}
	}
}

/* `s` as a code span: a fence of backticks longer than any run inside. */
static void md_code(struct mw_buf *b, const char *s)
{
	size_t run = 0, longest = 0, len = strlen(s);
	for (size_t i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		longest = MW_MAX(longest, run);
	}
	for (size_t i = 0; i <= longest; i++)
		mw_buf_addch(b, '`');
	if (len && (s[0] == '`' || s[len - 1] == '`' || s[0] == ' '))
		mw_buf_addch(b, ' ');
	mw_buf_add(b, s, len);
	if (len && (s[0] == '`' || s[len - 1] == '`' || s[len - 1] == ' '))
		mw_buf_addch(b, ' ');
	for (size_t i = 0; i <= longest; i++)
		mw_buf_addch(b, '`');
}

/* ---- blocks and the size budget ---- */

/*
 * Ends the block being built: adds it to the document when it fits in
 * the budget (keeping room for the cut note), else starts the cut.
 * `heading`: the block is a heading, named in the cut note.
 */
static void end_block(struct md *m, const char *heading)
{
	if (!m->blk.len)
		return;
	if (!m->cut && m->doc.len + m->blk.len + NOTE_RESERVE > m->budget)
		m->cut = true;
	if (m->cut) {
		m->cut_blocks++;
		if (heading && strcmp(heading, m->cut_last.len ? m->cut_last.buf : "\x01")) {
			/* named once per run of alike headings ("Boot 3.2.0-4" x 20) */
			mw_buf_reset(&m->cut_last);
			mw_buf_addstr(&m->cut_last, heading);
			if (m->cut_headings < CUT_NAMES_MAX) {
				if (m->cut_headings)
					mw_buf_addstr(&m->cut_names, ", ");
				mw_buf_addch(&m->cut_names, '*');
				md_str(m, &m->cut_names, heading, false);
				mw_buf_addch(&m->cut_names, '*');
			}
			m->cut_headings++;
		}
	} else {
		mw_buf_add(&m->doc, m->blk.buf, m->blk.len);
		if (!strncmp(m->blk.buf, "<details>", 9))
			m->open_details++;
		else if (!strncmp(m->blk.buf, "</details>", 10))
			m->open_details--;
	}
	mw_buf_reset(&m->blk);
}

static void heading(struct md *m, int level, const char *title)
{
	for (int i = 0; i < MW_MIN(MW_MAX(level, 1), 6); i++)
		mw_buf_addch(&m->blk, '#');
	mw_buf_addch(&m->blk, ' ');
	md_str(m, &m->blk, title, false);
	mw_buf_addstr(&m->blk, "\n\n");
	end_block(m, title);
}

static void paragraph(struct md *m, const char *s)
{
	if (!s || !*s)
		return;
	md_str(m, &m->blk, s, true);
	mw_buf_addstr(&m->blk, "\n\n");
	end_block(m, NULL);
}

/* Opens a fold when `lines` is long; returns whether it did (close with fold_end()). */
static bool fold_begin(struct md *m, size_t lines, const char *what)
{
	if (lines <= FOLD_LINES)
		return false;
	mw_buf_addstr(&m->blk, "<details><summary>");
	html_str(m, &m->blk, what);
	mw_buf_addstr(&m->blk, "</summary>\n\n");
	end_block(m, NULL);
	return true;
}

static void fold_end(struct md *m, bool folded)
{
	if (!folded)
		return;
	mw_buf_addstr(&m->blk, "</details>\n\n");
	end_block(m, NULL);
}

/* "*… N more rows in the JSON/HTML report.*" */
static void more_note(struct md *m, size_t n, const char *what)
{
	if (!n)
		return;
	mw_buf_addf(&m->blk, "*… %zu more %s%s in the JSON and HTML reports.*\n\n", n, what, n == 1 ? "" : "s");
	end_block(m, NULL);
}

/* A table header; `right[i]` aligns column i right. */
static void table_head(struct md *m, const char *const *labels, const bool *right, size_t n)
{
	mw_buf_addch(&m->blk, '|');
	for (size_t i = 0; i < n; i++) {
		mw_buf_addch(&m->blk, ' ');
		md_str(m, &m->blk, labels[i], false);
		mw_buf_addstr(&m->blk, " |");
	}
	mw_buf_addstr(&m->blk, "\n|");
	for (size_t i = 0; i < n; i++)
		mw_buf_addstr(&m->blk, right && right[i] ? " --: |" : " :-- |");
	mw_buf_addch(&m->blk, '\n');
}

/* ---- figures ---- */

/* A figure's value with "(estimated)" or "(lower bound)" when it is not exact, as the summary shows it. */
static void figure_value(struct md *m, struct mw_buf *b, const struct mw_node *n, bool with_confidence)
{
	md_value(m, b, &n->value, n->unit, n->flags);
	if (with_confidence && (n->confidence == MW_CONF_ESTIMATED || n->confidence == MW_CONF_LOWER_BOUND))
		mw_buf_addf(b, " (%s)", mw_render_confidence_words(n->confidence));
}

/* The summary's two-column table of key figures. */
static void key_figures(struct md *m, const struct mw_render_nodes *figs)
{
	static const char *const labels[] = { "Figure", "Value" };
	static const bool right[] = { false, true };
	if (!figs->n)
		return;
	table_head(m, labels, right, 2);
	for (size_t i = 0; i < figs->n; i++) {
		mw_buf_addstr(&m->blk, "| ");
		md_str(m, &m->blk, mw_render_label(figs->v[i]), false);
		mw_buf_addstr(&m->blk, " | ");
		figure_value(m, &m->blk, figs->v[i], true);
		mw_buf_addstr(&m->blk, " |\n");
	}
	mw_buf_addch(&m->blk, '\n');
	end_block(m, NULL);
}

/* The details' table of a run of figures, with provenance; columns without content are left out. */
static void figure_table(struct md *m, const struct mw_node *const *figs, size_t n)
{
	const char *labels[5] = { "Figure", "Value" };
	bool right[5] = { false, true };
	bool has_conf = false, has_src = false, has_how = false, folded;
	size_t ncol = 2;

	for (size_t i = 0; i < n; i++) {
		has_conf |= figs[i]->confidence != MW_CONF_NONE;
		has_src |= figs[i]->src.file || figs[i]->src.line;
		has_how |= figs[i]->how != NULL;
	}
	if (has_conf)
		labels[ncol++] = "Confidence";
	if (has_src)
		labels[ncol++] = "Source";
	if (has_how)
		labels[ncol++] = "How";
	{
		char what[48];
		snprintf(what, sizeof(what), "%zu figures", n);
		folded = fold_begin(m, n, what);
	}
	table_head(m, labels, right, ncol);
	for (size_t i = 0; i < n; i++) {
		const struct mw_node *f = figs[i];
		struct mw_buf src = MW_BUF_INIT;
		mw_buf_addstr(&m->blk, "| ");
		md_str(m, &m->blk, mw_render_label(f), false);
		mw_buf_addstr(&m->blk, " | ");
		figure_value(m, &m->blk, f, false);
		if (has_conf)
			mw_buf_addf(&m->blk, " | %s", mw_render_confidence_words(f->confidence));
		if (has_src) {
			mw_render_addsource(&m->c, &src, &f->src);
			mw_buf_addstr(&m->blk, " | ");
			md_raw(&m->blk, src.buf, src.len);
		}
		if (has_how) {
			mw_buf_addstr(&m->blk, " | ");
			if (!mw_render_hidden(&m->c, f->flags))	/* the value says it already */
				md_str(m, &m->blk, f->how, false);
		}
		mw_buf_addstr(&m->blk, " |\n");
		mw_buf_release(&src);
	}
	mw_buf_addch(&m->blk, '\n');
	end_block(m, NULL);
	fold_end(m, folded);
}

/* ---- tables ---- */

static void table(struct md *m, const struct mw_node *n)
{
	const char **labels;
	bool *right, has_src = mw_render_table_has_source(n), folded;
	size_t *map, ncol = 0, shown = MW_MIN(n->n_rows, TABLE_ROWS_MAX);
	struct mw_buf cell = MW_BUF_INIT;

	if (n->title) {
		mw_buf_addstr(&m->blk, "**");
		md_str(m, &m->blk, n->title, false);
		mw_buf_addstr(&m->blk, "**\n\n");
		end_block(m, NULL);
	}
	labels = mw_xcalloc(n->n_columns + 1, sizeof(*labels));
	right = mw_xcalloc(n->n_columns + 1, sizeof(*right));
	map = mw_xcalloc(n->n_columns + 1, sizeof(*map));
	for (size_t j = 0; j < n->n_columns; j++) {
		if (n->columns[j].flags & MW_F_JSON_ONLY)
			continue;
		map[ncol] = j;
		labels[ncol] = n->columns[j].label ? n->columns[j].label : n->columns[j].key;
		right[ncol++] = mw_render_column_numeric(n, j);
	}
	if (has_src)
		labels[ncol++] = "Source";
	if (!n->n_rows || !ncol) {
		mw_buf_addstr(&m->blk, "*(no rows)*\n\n");
		end_block(m, NULL);
		goto out;
	}
	mw_buf_reset(&cell);
	mw_buf_addf(&cell, "%zu rows", n->n_rows);
	folded = fold_begin(m, shown, cell.buf);
	table_head(m, labels, right, ncol);
	for (size_t i = 0; i < shown; i++) {
		const struct mw_row *row = &n->rows[i];
		mw_buf_addch(&m->blk, '|');
		for (size_t k = 0; k < ncol; k++) {
			mw_buf_reset(&cell);
			if (has_src && k + 1 == ncol)
				mw_render_addsource(&m->c, &cell, &row->src);
			else
				mw_render_addcell(&m->c, &cell, n, row, map[k]);
			mw_buf_addch(&m->blk, ' ');
			md_raw(&m->blk, cell.buf, cell.len);
			mw_buf_addstr(&m->blk, " |");
		}
		mw_buf_addch(&m->blk, '\n');
	}
	mw_buf_addch(&m->blk, '\n');
	end_block(m, NULL);
	more_note(m, n->n_rows - shown, "row");
	fold_end(m, folded);
out:
	mw_buf_release(&cell);
	free(labels);
	free(right);
	free(map);
}

/* ---- findings and evidence ---- */

static void fenced(struct md *m, const struct mw_node *n)
{
	size_t shown = MW_MIN(n->n_lines, EVIDENCE_LINES_MAX), longest = 0, fence;
	struct mw_buf lines = MW_BUF_INIT;
	bool folded;

	for (size_t i = 0; i < shown; i++) {
		size_t start = lines.len, run = 0, len;
		mw_render_addsource(&m->c, &lines, &n->line_src[i]);
		if (lines.len > start)
			mw_buf_addstr(&lines, ": ");
		mw_render_addstr(&m->c, &lines, n->lines[i]);
		len = cut_len(lines.buf + start, lines.len - start);
		if (len < lines.len - start) {
			mw_buf_setlen(&lines, start + len);
			mw_buf_addstr(&lines, "…");
		}
		mw_buf_addch(&lines, '\n');
		for (size_t k = start; k < lines.len; k++) {
			run = lines.buf[k] == '`' ? run + 1 : 0;
			longest = MW_MAX(longest, run);
		}
	}
	fence = MW_MAX(3, longest + 1);
	{
		char what[48];
		snprintf(what, sizeof(what), "%zu lines", n->n_lines);
		folded = fold_begin(m, shown, what);
	}
	for (size_t i = 0; i < fence; i++)
		mw_buf_addch(&m->blk, '`');
	mw_buf_addstr(&m->blk, "text\n");
	mw_buf_add(&m->blk, lines.buf, lines.len);
	for (size_t i = 0; i < fence; i++)
		mw_buf_addch(&m->blk, '`');
	mw_buf_addstr(&m->blk, "\n\n");
	end_block(m, NULL);
	more_note(m, n->n_lines - shown, "line");
	fold_end(m, folded);
	mw_buf_release(&lines);
}

static const char *level_tag(enum mw_severity_level l)
{
	switch (l) {
	case MW_LEVEL_CRITICAL: return "CRITICAL";
	case MW_LEVEL_WARNING: return "WARNING";
	case MW_LEVEL_NOTICE: return "NOTICE";
	case MW_LEVEL_INFO:
	default: return "INFO";
	}
}

/* "**WARNING** title" (with the id in code in the details). */
static void finding_line(struct md *m, struct mw_buf *b, const struct mw_node *n, bool with_id)
{
	mw_buf_addf(b, "**%s** ", level_tag(n->level));
	md_str(m, b, n->title ? n->title : n->id, false);
	if (with_id && n->id && n->title) {
		struct mw_buf id = MW_BUF_INIT;
		mw_render_addstr(&m->c, &id, n->id);
		mw_buf_addstr(b, " (");
		md_code(b, id.buf);
		mw_buf_addch(b, ')');
		mw_buf_release(&id);
	}
}

static void finding(struct md *m, const struct mw_node *n)
{
	static const struct {
		const char *label;
		size_t off;
	} parts[] = {
		{ "Saw", offsetof(struct mw_node, text) },
		{ "Why it matters", offsetof(struct mw_node, why) },
		{ "What to do", offsetof(struct mw_node, advice) },
	};
	finding_line(m, &m->blk, n, true);
	mw_buf_addstr(&m->blk, "\n\n");
	for (size_t i = 0; i < MW_ARRAY_SIZE(parts); i++) {
		const char *s = *(char *const *)((const char *)n + parts[i].off);
		if (!s || !*s)
			continue;
		mw_buf_addf(&m->blk, "- **%s:** ", parts[i].label);
		md_str(m, &m->blk, s, false);
		mw_buf_addch(&m->blk, '\n');
	}
	mw_buf_addch(&m->blk, '\n');
	end_block(m, NULL);
	if (n->n_lines)
		fenced(m, n);
}

/* ---- charts: their data as a small table (the HTML report draws them) ---- */

static void num(struct mw_buf *b, double v, enum mw_unit unit)
{
	struct mw_value val = { .type = MW_VAL_DOUBLE, .d = v };
	char tmp[128];
	mw_format_value(tmp, sizeof(tmp), &val, unit);
	md_raw(b, tmp, strlen(tmp));
}

static void chart(struct md *m, const struct mw_node *n)
{
	struct mw_doc *scratch = mw_doc_new(NULL);
	const struct mw_node *t = mw_render_chart_table(scratch, n, true);
	enum mw_unit xu = n->x_is_time ? MW_UNIT_TIME : MW_UNIT_NONE;
	double lo = INFINITY, hi = -INFINITY;

	if (t) {
		mw_buf_addstr(&m->blk, "**");
		md_str(m, &m->blk, n->title ? n->title : "Chart", false);
		mw_buf_addstr(&m->blk, "** *(drawn in the HTML report)*\n\n");
		end_block(m, NULL);
		table(m, t);
	}
	if (n->chart_kind == MW_CHART_STACKED || n->chart_kind == MW_CHART_LINES) {
		for (size_t i = 0; i < n->n_series; i++)
			for (size_t j = 0; j < n->series[i].n; j++)
				if (isfinite(n->series[i].x[j])) {
					lo = fmin(lo, n->series[i].x[j]);
					hi = fmax(hi, n->series[i].x[j]);
				}
		if (lo <= hi) {
			mw_buf_addstr(&m->blk, "From ");
			num(&m->blk, lo, xu);
			mw_buf_addstr(&m->blk, " to ");
			num(&m->blk, hi, xu);
			mw_buf_addstr(&m->blk, ".\n\n");
			end_block(m, NULL);
		}
	}
	if (n->n_markers) {
		size_t shown = MW_MIN(n->n_markers, TABLE_ROWS_MAX);
		mw_buf_addstr(&m->blk, "Marked on the timeline:\n\n");
		for (size_t i = 0; i < shown; i++) {
			mw_buf_addstr(&m->blk, "- ");
			num(&m->blk, n->markers[i].x, xu);
			mw_buf_addstr(&m->blk, ": ");
			md_str(m, &m->blk, n->markers[i].label, false);
			mw_buf_addch(&m->blk, '\n');
		}
		mw_buf_addch(&m->blk, '\n');
		end_block(m, NULL);
		more_note(m, n->n_markers - shown, "marker");
	}
	mw_doc_free(scratch);
}

/* ---- summary ---- */

static void summary_body(struct md *m, const struct mw_node *sec, bool deep)
{
	struct mw_render_nodes figs = { 0 }, finds = { 0 };
	paragraph(m, sec->summary);
	mw_render_collect_summary(sec, deep, &figs, &finds);
	key_figures(m, &figs);
	for (size_t i = 0; i < finds.n; i++) {
		mw_buf_addstr(&m->blk, "- ");
		finding_line(m, &m->blk, finds.v[i], false);
		mw_buf_addch(&m->blk, '\n');
	}
	if (finds.n) {
		mw_buf_addch(&m->blk, '\n');
		end_block(m, NULL);
	}
	mw_render_nodes_release(&figs);
	mw_render_nodes_release(&finds);
}

static const char *item_title(struct md *m, const struct mw_node *item, size_t i)
{
	if (item->title)
		return item->title;
	mw_buf_reset(&m->title);
	mw_buf_addf(&m->title, "#%zu", i + 1);
	return m->title.buf;
}

/* A long list in the summary: one row per item, its key figures as columns (by key, in order of appearance). */
static void summary_list_table(struct md *m, const struct mw_node *list)
{
	struct mw_render_nodes cols = { 0 };
	size_t n = list->n_children, skipped = 0;

	for (size_t i = 0; i < n; i++) {
		struct mw_render_nodes figs = { 0 }, finds = { 0 };
		mw_render_collect_summary(list->children[i], true, &figs, &finds);
		for (size_t k = 0; k < figs.n; k++) {
			size_t c;
			for (c = 0; c < cols.n && strcmp(cols.v[c]->key, figs.v[k]->key); c++)
				;
			if (c == cols.n)
				mw_render_nodes_push(&cols, figs.v[k]);
		}
		mw_render_nodes_release(&figs);
		mw_render_nodes_release(&finds);
	}
	mw_buf_addstr(&m->blk, "| Item |");
	for (size_t c = 0; c < cols.n; c++) {
		mw_buf_addch(&m->blk, ' ');
		md_str(m, &m->blk, mw_render_label(cols.v[c]), false);
		mw_buf_addstr(&m->blk, " |");
	}
	mw_buf_addstr(&m->blk, " Findings |\n| :-- |");
	for (size_t c = 0; c < cols.n; c++)
		mw_buf_addstr(&m->blk, " --: |");
	mw_buf_addstr(&m->blk, " :-- |\n");
	for (size_t i = 0; i < n; i++) {
		const struct mw_node *item = list->children[i];
		struct mw_render_nodes figs = { 0 }, finds = { 0 };
		if (!mw_render_item_shown(i, n)) {
			skipped++;
			continue;
		}
		if (skipped) {
			mw_buf_addf(&m->blk, "| *… %zu more* |", skipped);
			for (size_t c = 0; c <= cols.n; c++)
				mw_buf_addstr(&m->blk, " |");
			mw_buf_addch(&m->blk, '\n');
			skipped = 0;
		}
		mw_render_collect_summary(item, true, &figs, &finds);
		mw_buf_addstr(&m->blk, "| ");
		md_str(m, &m->blk, item_title(m, item, i), false);
		mw_buf_addstr(&m->blk, " |");
		for (size_t c = 0; c < cols.n; c++) {
			size_t k;
			for (k = 0; k < figs.n && strcmp(figs.v[k]->key, cols.v[c]->key); k++)
				;
			mw_buf_addch(&m->blk, ' ');
			if (k < figs.n)
				figure_value(m, &m->blk, figs.v[k], true);
			mw_buf_addstr(&m->blk, " |");
		}
		mw_buf_addch(&m->blk, ' ');
		for (size_t k = 0; k < finds.n; k++) {
			if (k)
				mw_buf_addstr(&m->blk, "; ");
			finding_line(m, &m->blk, finds.v[k], false);
		}
		mw_buf_addstr(&m->blk, " |\n");
		mw_render_nodes_release(&figs);
		mw_render_nodes_release(&finds);
	}
	mw_buf_addch(&m->blk, '\n');
	end_block(m, NULL);
	mw_render_nodes_release(&cols);
}

static void summary_view(struct md *m, const struct mw_node *root)
{
	heading(m, 2, "Summary");
	summary_body(m, root, false);
	for (size_t i = 0; i < root->n_children; i++) {
		const struct mw_node *n = root->children[i];
		if (n->type == MW_NODE_LIST && n->n_children) {
			heading(m, 3, mw_render_label(n));
			if (n->n_children > LIST_ITEMS_FULL) {
				summary_list_table(m, n);
				continue;
			}
			for (size_t j = 0; j < n->n_children; j++) {
				heading(m, 4, item_title(m, n->children[j], j));
				summary_body(m, n->children[j], true);
			}
		} else if (n->type == MW_NODE_SECTION && mw_render_has_summary(n, true)) {
			if (n->title || n->key)
				heading(m, 3, mw_render_label(n));
			summary_body(m, n, true);
		}
	}
}

/* ---- details ---- */

static void details_children(struct md *m, const struct mw_node *sec, int depth, bool top)
{
	size_t i = 0;
	while (i < sec->n_children) {
		const struct mw_node *n = sec->children[i];
		if (n->type == MW_NODE_FIGURE) {
			struct mw_render_nodes run = { 0 };
			i = mw_render_figure_run(sec, i, &run);
			if (run.n)
				figure_table(m, run.v, run.n);
			mw_render_nodes_release(&run);
			continue;
		}
		switch (n->type) {
		case MW_NODE_SECTION:
			if (n->title || n->key)
				heading(m, depth + 1, mw_render_label(n));
			/* top-level summaries are in the summary view already */
			if (!top || !mw_render_has_summary(n, true))
				paragraph(m, n->summary);
			details_children(m, n, depth + 1, false);
			break;
		case MW_NODE_LIST:
			heading(m, depth + 1, mw_render_label(n));
			for (size_t j = 0; j < n->n_children; j++) {
				const struct mw_node *item = n->children[j];
				heading(m, depth + 2, item_title(m, item, j));
				if (!top || n->n_children > LIST_ITEMS_FULL)
					paragraph(m, item->summary);
				details_children(m, item, depth + 2, false);
			}
			break;
		case MW_NODE_TABLE:
			table(m, n);
			break;
		case MW_NODE_TEXT:
			paragraph(m, n->text);
			break;
		case MW_NODE_FINDING:
			finding(m, n);
			break;
		case MW_NODE_EVIDENCE:
			if (n->title) {
				mw_buf_addstr(&m->blk, "**");
				md_str(m, &m->blk, n->title, false);
				mw_buf_addstr(&m->blk, "**\n\n");
				end_block(m, NULL);
			}
			fenced(m, n);
			break;
		case MW_NODE_CHART:
			chart(m, n);
			break;
		case MW_NODE_FIGURE:
			break;
		}
		i++;
	}
}

/* The note at the end of a cut report, and the <details> left open. */
static void cut_note(struct md *m)
{
	struct mw_buf b = MW_BUF_INIT;
	char limit[32];
	for (; m->open_details > 0; m->open_details--)
		mw_buf_addstr(&b, "</details>\n\n");
	mw_format_value(limit, sizeof(limit), &(struct mw_value){ .type = MW_VAL_INT, .i = (int64_t)m->budget },
			MW_UNIT_COUNT);
	mw_buf_addf(&b, "---\n\n> **This report was cut at %s bytes** to fit in a ticket comment: %zu more block%s",
		    limit, m->cut_blocks, m->cut_blocks == 1 ? " was" : "s were");
	if (m->cut_headings) {
		mw_buf_addf(&b, " left out, in %zu part%s (%s%s)", m->cut_headings, m->cut_headings == 1 ? "" : "s",
			    m->cut_names.buf, m->cut_headings > CUT_NAMES_MAX ? ", …" : "");
	} else {
		mw_buf_addstr(&b, " left out");
	}
	mw_buf_addstr(&b, ". The JSON and HTML reports hold everything: attach the output of "
			  "`memwaste report --format html -o report.html` with the same input.\n");
	/* the reserve is sized for this; should the names be long, the note still goes in whole */
	mw_buf_add(&m->doc, b.buf, b.len);
	mw_buf_release(&b);
}

int mw_render_markdown(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out)
{
	struct md m = { .doc = MW_BUF_INIT, .blk = MW_BUF_INIT, .tmp = MW_BUF_INIT, .title = MW_BUF_INIT,
			.cut_names = MW_BUF_INIT, .cut_last = MW_BUF_INIT };

	if (!doc || !out)
		return -EINVAL;
	mw_render_ctx_init(&m.c, doc, opts, out);
	m.budget = m.c.opts.max_bytes ? m.c.opts.max_bytes : MW_MARKDOWN_MAX_BYTES;
	if (m.budget < 2 * NOTE_RESERVE)
		m.budget = 2 * NOTE_RESERVE;
	if (doc->title || (doc->root && doc->root->n_children)) {
		heading(&m, 1, doc->title ? doc->title : "memwaste report");
		mw_buf_addstr(&m.blk, "**Verdict:** ");
		{
			struct mw_buf v = MW_BUF_INIT;
			mw_render_verdict(&m.c, &v);
			escape_md(&m.blk, v.buf, v.len, false);	/* already redacted */
			mw_buf_release(&v);
		}
		mw_buf_addstr(&m.blk, "\n\n");
		end_block(&m, NULL);
	}
	if (doc->root && doc->root->n_children) {
		summary_view(&m, doc->root);
		heading(&m, 2, "Details");
		details_children(&m, doc->root, 2, true);
	}
	if (m.cut)
		cut_note(&m);
	/* no blank line at the very end */
	while (m.doc.len >= 2 && m.doc.buf[m.doc.len - 1] == '\n' && m.doc.buf[m.doc.len - 2] == '\n')
		mw_buf_setlen(&m.doc, m.doc.len - 1);
	mw_render_write(&m.c, m.doc.buf, m.doc.len);
	mw_buf_release(&m.doc);
	mw_buf_release(&m.blk);
	mw_buf_release(&m.tmp);
	mw_buf_release(&m.cut_names);
	mw_buf_release(&m.title);
	mw_buf_release(&m.cut_last);
	return mw_render_ctx_finish(&m.c);
}
