/* SPDX-License-Identifier: MIT */
/* render-text.c: the document for people on a terminal or in a ticket: one screen first, details after. */
#include <stdio.h>
#include <string.h>
#include "memwaste/render.h"
#include "memwaste/banned.h"

/*
 * Layout (opts->width columns, 100 by default):
 *
 *   Title                               the document title, underlined
 *   =====
 *   summary view: the root's summary; then for each top-level section its
 *   title, summary paragraph, MW_F_KEY figures and a one-line headline per
 *   finding; for each top-level list its items the same way (lists of more
 *   than MW_RENDER_SUMMARY_ITEMS items show the first and last few).
 *
 *   details (opts->details), for every section in order:
 *   == Section ==                       depth 1; "=== Sub ===" for depth 2...
 *     Label ............ 16.0 GiB  (exact, dmesg.txt:3)
 *                        how it was obtained, when the figure says
 *     Table title
 *     Name            Entries      Size  Source
 *     ------------  ---------  --------  ------------
 *     Dentry cache  4,194,304  32.0 MiB  dmesg.txt:45
 *     [WARNING] Title (finding-id)
 *         Saw:    ...
 *         Why:    ...
 *         Advice: ...
 *         Evidence:
 *           dmesg.txt:45: the quoted line
 *
 * Prose wraps at the width; table cells that do not fit are cut with "…"
 * (sources from the left, so the file name and line stay visible); numbers
 * are never cut. Quoted evidence lines are printed whole: they are input
 * lines people grep for. Figures in the details say their confidence and
 * source in a suffix and the method on the next line. Colour (ANSI) only
 * with opts->color: bold headings and severity tags.
 */

#define GAP 2			/* between table columns */

struct tr {
	struct mw_render_ctx c;
	size_t width;
	bool blank;		/* something was printed: the next block starts with a blank line */
	struct mw_buf line;	/* the line being built: written without trailing spaces at '\n' */
	struct mw_buf tmp;
};

/* ---- output primitives ---- */

static void end_line(struct tr *t)
{
	size_t n = t->line.len;
	while (n && t->line.buf[n - 1] == ' ')
		n--;
	mw_render_write(&t->c, t->line.buf, n);
	mw_render_write(&t->c, "\n", 1);
	mw_buf_reset(&t->line);
}

static void out(struct tr *t, const char *s, size_t n)
{
	const char *nl;
	while (n && (nl = memchr(s, '\n', n))) {
		mw_buf_add(&t->line, s, (size_t)(nl - s));
		end_line(t);
		n -= (size_t)(nl - s) + 1;
		s = nl + 1;
	}
	mw_buf_add(&t->line, s, n);
}

static void outs(struct tr *t, const char *s)
{
	out(t, s, strlen(s));
}

static void spaces(struct tr *t, size_t n)
{
	static const char sp[] = "                                ";
	while (n) {
		size_t k = MW_MIN(n, sizeof(sp) - 1);
		out(t, sp, k);
		n -= k;
	}
}

static void repeat(struct tr *t, const char *s, size_t n)
{
	while (n--)
		outs(t, s);
}

static void sgr(struct tr *t, const char *code)
{
	if (!t->c.opts.color || !code)
		return;
	outs(t, "\033[");
	outs(t, code);
	outs(t, "m");
}

static void sgr_reset(struct tr *t, const char *code)
{
	if (t->c.opts.color && code)
		outs(t, "\033[0m");
}

static void begin_block(struct tr *t)
{
	if (t->blank)
		outs(t, "\n");
	t->blank = true;
}

static size_t width_of(const char *s)
{
	return mw_render_width(s, strlen(s));
}

/* A redacted copy (malloc'ed) of s, "" for NULL. */
static char *rdup(struct tr *t, const char *s)
{
	struct mw_buf b = MW_BUF_INIT;
	mw_render_addstr(&t->c, &b, s);
	return mw_buf_detach(&b, NULL);
}

static const char *level_color(enum mw_severity_level l)
{
	switch (l) {
	case MW_LEVEL_CRITICAL: return "1;31";
	case MW_LEVEL_WARNING: return "1;33";
	case MW_LEVEL_NOTICE: return "1;36";
	case MW_LEVEL_INFO:
	default: return "1;34";
	}
}

static const char *level_tag(enum mw_severity_level l)
{
	switch (l) {
	case MW_LEVEL_CRITICAL: return "[CRITICAL]";
	case MW_LEVEL_WARNING: return "[WARNING]";
	case MW_LEVEL_NOTICE: return "[NOTICE]";
	case MW_LEVEL_INFO:
	default: return "[INFO]";
	}
}

/*
 * Prints the words of `s` from column `col` (what precedes is already
 * printed) breaking lines before `width`, continuing at column `hang`;
 * ends the line. A word longer than a line stays whole.
 */
static void wrap_at(struct tr *t, size_t col, size_t hang, const char *s)
{
	bool first = true;
	const char *p = s;
	size_t longest = 0;

	for (const char *q = s; *q;) {
		size_t n = strcspn(q, " ");
		longest = MW_MAX(longest, mw_render_width(q, n));
		q += n + (q[n] == ' ');
	}
	/* keep room for a few words per line, and for the longest word when it can fit at all */
	if (hang + 12 > t->width)
		hang = t->width > 12 ? t->width - 12 : 0;
	if (hang + longest > t->width && longest < t->width)
		hang = t->width - longest;
	while (*p) {
		const char *e;
		size_t w;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		for (e = p; *e && *e != ' '; e++)
			;
		w = mw_render_width(p, (size_t)(e - p));
		if ((!first && col + 1 + w > t->width) || (first && col > hang && col + w > t->width)) {
			outs(t, "\n");
			spaces(t, hang);
			col = hang;
			first = true;
		}
		if (!first) {
			outs(t, " ");
			col++;
		}
		out(t, p, (size_t)(e - p));
		col += w;
		first = false;
		p = e;
	}
	outs(t, "\n");
}

/* A redacted paragraph at `indent`. */
static void paragraph(struct tr *t, size_t indent, const char *s)
{
	char *r = rdup(t, s);
	spaces(t, indent);
	wrap_at(t, indent, indent, r);
	free(r);
}

static void heading(struct tr *t, int depth, const char *title)
{
	char *r = rdup(t, title);
	begin_block(t);
	if (depth == 0) {
		sgr(t, "1");
		outs(t, r);
		sgr_reset(t, "1");
		outs(t, "\n");
		repeat(t, "=", MW_MIN(width_of(r), t->width));
		outs(t, "\n");
	} else {
		size_t n = (size_t)MW_MIN(depth + 1, 4);
		sgr(t, "1");
		repeat(t, "=", n);
		outs(t, " ");
		outs(t, r);
		outs(t, " ");
		repeat(t, "=", n);
		sgr_reset(t, "1");
		outs(t, "\n");
	}
	free(r);
}

/* A bold line at `indent` (table, chart and evidence titles, summary headings). */
static void subtitle(struct tr *t, size_t indent, const char *title)
{
	char *r = rdup(t, title);
	spaces(t, indent);
	sgr(t, "1");
	outs(t, r);
	sgr_reset(t, "1");
	outs(t, "\n");
	free(r);
}

static void put_cell(struct tr *t, const char *s, size_t w, bool right, bool cut_left, bool last);

/* ---- figure blocks: "Label ...... value  (suffix)" ---- */

struct fline {
	char *label;
	char *value;
	bool numeric;		/* right-aligned */
	char *suffix;		/* may be NULL */
	char *how;		/* may be NULL */
};

static void fline_free(struct fline *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].label);
		free(f[i].value);
		free(f[i].suffix);
		free(f[i].how);
	}
	free(f);
}

/* A figure as a line; `details` adds the provenance suffix and the method. */
static void fline_from_figure(struct tr *t, struct fline *f, const struct mw_node *n, bool details)
{
	struct mw_buf b = MW_BUF_INIT;
	bool hidden = mw_render_hidden(&t->c, n->flags);

	f->label = rdup(t, mw_render_label(n));
	mw_render_addvalue(&t->c, &b, &n->value, n->unit, n->flags);
	f->value = mw_buf_detach(&b, NULL);
	/* dates read left to right like text; every other number aligns right */
	f->numeric = !hidden && n->unit != MW_UNIT_TIME && (n->value.type == MW_VAL_INT || n->value.type == MW_VAL_DOUBLE);
	f->suffix = NULL;
	f->how = NULL;
	if (!details) {
		if (n->confidence == MW_CONF_ESTIMATED || n->confidence == MW_CONF_LOWER_BOUND)
			f->suffix = mw_xasprintf("(%s)", mw_render_confidence_words(n->confidence));
		return;
	}
	if (n->confidence != MW_CONF_NONE || n->src.file || n->src.line) {
		mw_buf_addch(&b, '(');
		if (n->confidence != MW_CONF_NONE)
			mw_buf_addstr(&b, mw_render_confidence_words(n->confidence));
		if (n->confidence != MW_CONF_NONE && (n->src.file || n->src.line))
			mw_buf_addstr(&b, ", ");
		mw_render_addsource(&t->c, &b, &n->src);
		mw_buf_addch(&b, ')');
		f->suffix = mw_buf_detach(&b, NULL);
	}
	if (n->how && !hidden)
		f->how = rdup(t, n->how);
}

/* Where a suffix that moved to its own line starts: under the value, or further left if it would not fit. */
static size_t suffix_col(const struct tr *t, size_t indent, size_t valcol, size_t sw)
{
	if (valcol + sw <= t->width)
		return valcol;
	return MW_MAX(indent + 4, t->width > sw ? t->width - sw : 0);
}

static void figure_block(struct tr *t, size_t indent, const struct fline *f, size_t n)
{
	size_t i, lw_max = 0, vw_max = 0, L, V, valcol;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		lw_max = MW_MAX(lw_max, width_of(f[i].label));
	L = MW_MIN(lw_max, (t->width - indent) / 2);
	valcol = indent + L + 4;
	for (i = 0; i < n; i++)	/* numbers align right in a column as wide as the widest number */
		if (f[i].numeric)
			vw_max = MW_MAX(vw_max, width_of(f[i].value));
	V = MW_MIN(vw_max, t->width > valcol ? t->width - valcol : 0);

	for (i = 0; i < n; i++) {
		size_t lw = width_of(f[i].label), vw = width_of(f[i].value);
		size_t sw = f[i].suffix ? width_of(f[i].suffix) : 0;
		size_t dots = L > lw ? L - lw + 2 : 2, col;

		spaces(t, indent);
		if (lw > L) {	/* only on narrow widths: L is half the line */
			put_cell(t, f[i].label, L, false, false, true);
			lw = L;
		} else {
			outs(t, f[i].label);
		}
		outs(t, " ");
		repeat(t, ".", dots);
		outs(t, " ");
		col = indent + lw + dots + 2;
		if (f[i].numeric || col + vw + (sw ? GAP + sw : 0) <= t->width) {
			if (f[i].numeric && vw < V) {
				spaces(t, V - vw);
				col += V - vw;
			}
			outs(t, f[i].value);
			col += vw;
			if (f[i].suffix) {
				size_t pad = !f[i].numeric && vw < V ? V - vw : 0;
				if (col + pad + GAP + sw <= t->width) {
					spaces(t, pad + GAP);
				} else {
					outs(t, "\n");
					spaces(t, suffix_col(t, indent, valcol, sw));
				}
				outs(t, f[i].suffix);
			}
			outs(t, "\n");
		} else {
			/* a long string value wraps under itself; the suffix follows on its own line */
			wrap_at(t, col, valcol, f[i].value);
			if (f[i].suffix) {
				spaces(t, suffix_col(t, indent, valcol, sw));
				outs(t, f[i].suffix);
				outs(t, "\n");
			}
		}
		if (f[i].how) {
			size_t hc = valcol + 20 <= t->width ? valcol : indent + 4;
			spaces(t, hc);
			wrap_at(t, hc, hc, f[i].how);
		}
	}
}

/* ---- tables ---- */

/* Byte offset in s where the longest tail of at most `cols` columns starts. */
static size_t tail_start(const char *s, size_t len, size_t cols)
{
	size_t total = mw_render_width(s, len), skip;
	if (total <= cols)
		return 0;
	skip = mw_render_fit(s, len, total - cols);
	while (skip < len && mw_render_width(s + skip, len - skip) > cols) {
		skip++;
		while (skip < len && ((unsigned char)s[skip] & 0xc0) == 0x80)
			skip++;
	}
	return skip;
}

/* A cell in exactly `w` columns (no padding after the last column), cut with "…" when needed. */
static void put_cell(struct tr *t, const char *s, size_t w, bool right, bool cut_left, bool last)
{
	size_t len = strlen(s), sw = mw_render_width(s, len);
	if (sw <= w) {
		if (right)
			spaces(t, w - sw);
		outs(t, s);
		if (!right && !last)
			spaces(t, w - sw);
		return;
	}
	if (w == 0)
		return;
	if (cut_left) {
		size_t k = tail_start(s, len, w - 1);
		outs(t, "…");
		outs(t, s + k);
		sw = 1 + mw_render_width(s + k, len - k);
	} else {
		size_t k = mw_render_fit(s, len, w - 1);
		out(t, s, k);
		outs(t, "…");
		sw = 1 + mw_render_width(s, k);
	}
	if (!last && sw < w)
		spaces(t, w - sw);
}

struct tcol {
	const char *label;
	bool numeric, is_source;
	size_t w, min;
};

static void table(struct tr *t, const struct mw_node *n, size_t indent)
{
	size_t nvis = 0, ncol, i, j, k, total, avail, gap = GAP;
	bool has_src;
	struct tcol *cols;
	size_t *map;		/* visible column -> node column */
	char **cells;		/* n_rows x ncol, formatted and redacted */

	for (j = 0; j < n->n_columns; j++)
		nvis += !(n->columns[j].flags & MW_F_JSON_ONLY);
	has_src = mw_render_table_has_source(n);
	ncol = nvis + has_src;

	begin_block(t);
	if (n->title)
		subtitle(t, indent, n->title);
	if (!n->n_rows || !ncol) {
		spaces(t, indent);
		outs(t, "(no rows)\n");
		return;
	}
	cols = mw_xcalloc(ncol, sizeof(*cols));
	map = mw_xcalloc(ncol, sizeof(*map));
	cells = mw_xcalloc(n->n_rows * ncol, sizeof(*cells));
	for (j = 0, k = 0; j < n->n_columns; j++) {
		if (n->columns[j].flags & MW_F_JSON_ONLY)
			continue;
		map[k] = j;
		cols[k].label = n->columns[j].label ? n->columns[j].label : n->columns[j].key;
		cols[k].numeric = mw_render_column_numeric(n, j);
		k++;
	}
	if (has_src) {
		cols[nvis].label = "Source";
		cols[nvis].is_source = true;
	}
	for (i = 0; i < n->n_rows; i++) {
		const struct mw_row *row = &n->rows[i];
		for (k = 0; k < ncol; k++) {
			struct mw_buf b = MW_BUF_INIT;
			if (cols[k].is_source)
				mw_render_addsource(&t->c, &b, &row->src);
			else
				mw_render_addcell(&t->c, &b, n, row, map[k]);
			cells[i * ncol + k] = mw_buf_detach(&b, NULL);
		}
	}
	/*
	 * Fitting the width: text columns shrink (the widest first) down to 6
	 * columns, then the gaps narrow to one space, then text goes down to
	 * 3 columns. Numbers never shrink below their widest value (only
	 * their header is cut): a long line is better than a wrong number.
	 */
	for (k = 0; k < ncol; k++) {
		size_t cw = 0;
		for (i = 0; i < n->n_rows; i++)
			cw = MW_MAX(cw, width_of(cells[i * ncol + k]));
		cols[k].w = MW_MAX(cw, width_of(cols[k].label));
		cols[k].min = cols[k].numeric ? MW_MAX(cw, 1) : MW_MIN(cols[k].w, 6);
	}
	total = 0;
	for (k = 0; k < ncol; k++)
		total += cols[k].w;
	for (int phase = 0; phase < 3; phase++) {
		if (phase == 1)
			gap = 1;
		if (phase == 2)
			for (k = 0; k < ncol; k++)
				if (!cols[k].numeric)
					cols[k].min = MW_MIN(cols[k].w, 3);
		avail = t->width > indent + gap * (ncol - 1) ? t->width - indent - gap * (ncol - 1) : 0;
		while (total > avail) {
			size_t best = ncol;
			for (k = 0; k < ncol; k++)
				if (cols[k].w > cols[k].min &&
				    (best == ncol || cols[k].w - cols[k].min > cols[best].w - cols[best].min))
					best = k;
			if (best == ncol)
				break;
			cols[best].w--;
			total--;
		}
		if (total <= avail)
			break;
	}

	spaces(t, indent);
	sgr(t, "1");
	for (k = 0; k < ncol; k++) {
		char *label = rdup(t, cols[k].label);
		put_cell(t, label, cols[k].w, cols[k].numeric, false, k + 1 == ncol);
		if (k + 1 < ncol)
			spaces(t, gap);
		free(label);
	}
	sgr_reset(t, "1");
	outs(t, "\n");
	spaces(t, indent);
	for (k = 0; k < ncol; k++) {
		repeat(t, "-", cols[k].w);
		if (k + 1 < ncol)
			spaces(t, gap);
	}
	outs(t, "\n");
	for (i = 0; i < n->n_rows; i++) {
		spaces(t, indent);
		for (k = 0; k < ncol; k++) {
			put_cell(t, cells[i * ncol + k], cols[k].w, cols[k].numeric, cols[k].is_source, k + 1 == ncol);
			if (k + 1 < ncol)
				spaces(t, gap);
		}
		outs(t, "\n");
	}

	for (i = 0; i < n->n_rows * ncol; i++)
		free(cells[i]);
	free(cells);
	free(map);
	free(cols);
}

/* ---- findings, evidence, charts ---- */

/* "[WARNING] title (id)" at `indent`, wrapped; the id only in the details. */
static void finding_headline(struct tr *t, const struct mw_node *n, size_t indent, bool with_id)
{
	const char *tag = level_tag(n->level), *color = level_color(n->level);
	struct mw_buf b = MW_BUF_INIT;

	mw_render_addstr(&t->c, &b, n->title ? n->title : n->id);
	if (with_id && n->id && n->title) {
		mw_buf_addstr(&b, " (");
		mw_render_addstr(&t->c, &b, n->id);
		mw_buf_addch(&b, ')');
	}
	spaces(t, indent);
	sgr(t, color);
	outs(t, tag);
	sgr_reset(t, color);
	outs(t, " ");
	wrap_at(t, indent + strlen(tag) + 1, indent + 4, b.buf);
	mw_buf_release(&b);
}

static void evidence_lines(struct tr *t, const struct mw_node *n, size_t indent)
{
	for (size_t i = 0; i < n->n_lines; i++) {
		struct mw_buf b = MW_BUF_INIT;
		mw_render_addsource(&t->c, &b, &n->line_src[i]);
		if (b.len)
			mw_buf_addstr(&b, ": ");
		mw_render_addstr(&t->c, &b, n->lines[i]);
		spaces(t, indent);
		out(t, b.buf, b.len);
		outs(t, "\n");
		mw_buf_release(&b);
	}
}

static void finding_details(struct tr *t, const struct mw_node *n, size_t indent)
{
	static const struct {
		const char *label;
		size_t off;
	} parts[] = {
		{ "Saw:    ", offsetof(struct mw_node, text) },
		{ "Why:    ", offsetof(struct mw_node, why) },
		{ "Advice: ", offsetof(struct mw_node, advice) },
	};

	begin_block(t);
	finding_headline(t, n, indent, true);
	for (size_t i = 0; i < MW_ARRAY_SIZE(parts); i++) {
		const char *s = *(char *const *)((const char *)n + parts[i].off);
		char *r;
		if (!s || !*s)
			continue;
		r = rdup(t, s);
		spaces(t, indent + 4);
		outs(t, parts[i].label);
		wrap_at(t, indent + 4 + strlen(parts[i].label), indent + 4 + strlen(parts[i].label), r);
		free(r);
	}
	if (n->n_lines) {
		spaces(t, indent + 4);
		outs(t, "Evidence:\n");
		evidence_lines(t, n, indent + 6);
	}
}

static char *format_number(double v, enum mw_unit unit)
{
	struct mw_value val = { .type = MW_VAL_DOUBLE, .d = v };
	char tmp[128];
	mw_format_value(tmp, sizeof(tmp), &val, unit);
	return mw_xstrdup(tmp);
}

#define CHART_LINES_MAX 12

/*
 * Charts are for the HTML renderer; text keeps them short: categorical
 * charts (waterfall, bars) list their labelled points, time charts the
 * last value of each series.
 */
static void chart(struct tr *t, const struct mw_node *n, size_t indent)
{
	struct fline *f = NULL;
	size_t nf = 0, alloc = 0, more = 0;
	bool categorical = n->chart_kind == MW_CHART_WATERFALL || n->chart_kind == MW_CHART_BARS;

	for (size_t i = 0; i < n->n_series; i++) {
		const struct mw_chart_series *s = &n->series[i];
		for (size_t j = categorical ? 0 : s->n ? s->n - 1 : 0; j < s->n; j++) {
			struct mw_buf b = MW_BUF_INIT;
			if (nf == CHART_LINES_MAX) {
				more++;
				continue;
			}
			MW_GROW(f, alloc, nf + 1);
			memset(&f[nf], 0, sizeof(f[nf]));
			if (categorical && s->labels && s->labels[j]) {
				if (n->n_series > 1 && s->name) {
					mw_render_addstr(&t->c, &b, s->name);
					mw_buf_addstr(&b, ": ");
				}
				mw_render_addstr(&t->c, &b, s->labels[j]);
			} else if (s->name) {
				mw_render_addstr(&t->c, &b, s->name);
			} else {
				mw_buf_addf(&b, "series %zu", i + 1);
			}
			f[nf].label = mw_buf_detach(&b, NULL);
			if (n->chart_kind == MW_CHART_WATERFALL && !mw_render_waterfall_total(j, s->n)) {
				/* a step: how much it took (or gave), not the level it left */
				double step = s->y[j] - (j ? s->y[j - 1] : 0);
				char *v = format_number(step, n->unit);
				f[nf].value = step > 0 ? mw_xasprintf("+%s", v) : mw_xstrdup(v);
				free(v);
			} else {
				f[nf].value = format_number(s->y[j], n->unit);
			}
			f[nf].numeric = true;
			if (!categorical) {
				char *x = format_number(s->x[j], n->x_is_time ? MW_UNIT_TIME : MW_UNIT_NONE);
				f[nf].suffix = mw_xasprintf("(last, at %s)", x);
				free(x);
			}
			nf++;
		}
	}
	if (!nf)
		return;
	begin_block(t);
	if (n->title)
		subtitle(t, indent, n->title);
	figure_block(t, indent + 2, f, nf);
	if (more) {
		spaces(t, indent + 2);
		mw_buf_reset(&t->tmp);
		mw_buf_addf(&t->tmp, "… %zu more\n", more);
		outs(t, t->tmp.buf);
	}
	fline_free(f, nf);
}

/* ---- summary view ---- */

/* Summary, key figures and finding headlines of one section at `indent`; false when it has none. */
static bool summary_body(struct tr *t, const struct mw_node *sec, size_t indent, bool deep)
{
	struct mw_render_nodes figs = { 0 }, finds = { 0 };
	struct fline *f;
	bool any;

	mw_render_collect_summary(sec, deep, &figs, &finds);
	any = (sec->summary && *sec->summary) || figs.n || finds.n;
	if (sec->summary && *sec->summary)
		paragraph(t, indent, sec->summary);
	if (figs.n) {
		f = mw_xcalloc(figs.n, sizeof(*f));
		for (size_t i = 0; i < figs.n; i++)
			fline_from_figure(t, &f[i], figs.v[i], false);
		figure_block(t, indent, f, figs.n);
		fline_free(f, figs.n);
	}
	for (size_t i = 0; i < finds.n; i++)
		finding_headline(t, finds.v[i], indent, false);
	mw_render_nodes_release(&figs);
	mw_render_nodes_release(&finds);
	return any;
}

static void summary_list(struct tr *t, const struct mw_node *list)
{
	bool rich = false;
	size_t n = list->n_children;

	for (size_t i = 0; i < n; i++)
		rich |= mw_render_item_shown(i, n) && mw_render_has_summary(list->children[i], true);
	begin_block(t);
	subtitle(t, 0, mw_render_label(list));
	for (size_t i = 0; i < n; i++) {
		const struct mw_node *item = list->children[i];
		if (!mw_render_item_shown(i, n)) {
			if (i == MW_RENDER_SUMMARY_EDGE) {
				if (rich)
					outs(t, "\n");
				spaces(t, 2);
				mw_buf_reset(&t->tmp);
				mw_buf_addf(&t->tmp, "… %zu more%s\n", n - 2 * MW_RENDER_SUMMARY_EDGE,
					    t->c.opts.details ? " (see the details)" : "");
				outs(t, t->tmp.buf);
			}
			continue;
		}
		if (rich && i)
			outs(t, "\n");
		if (item->title)
			subtitle(t, 2, item->title);
		else {
			mw_buf_reset(&t->tmp);
			mw_buf_addf(&t->tmp, "#%zu", i + 1);
			subtitle(t, 2, t->tmp.buf);
		}
		summary_body(t, item, 4, true);
	}
}

static void summary_view(struct tr *t, const struct mw_node *root)
{
	if (t->c.doc->title)
		heading(t, 0, t->c.doc->title);
	if (mw_render_has_summary(root, false)) {
		begin_block(t);
		summary_body(t, root, 0, false);
	}
	for (size_t i = 0; i < root->n_children; i++) {
		const struct mw_node *n = root->children[i];
		if (n->type == MW_NODE_LIST) {
			summary_list(t, n);
		} else if (n->type == MW_NODE_SECTION && mw_render_has_summary(n, true)) {
			begin_block(t);
			if (n->title || n->key)
				subtitle(t, 0, mw_render_label(n));
			summary_body(t, n, 2, true);
		}
	}
}

/* ---- details ---- */

static void details_children(struct tr *t, const struct mw_node *sec, int depth);

/* `summary_shown`: the summary view printed this section's summary already. */
static void section_details(struct tr *t, const struct mw_node *sec, int depth, bool summary_shown)
{
	if (sec->title || sec->key)
		heading(t, depth, mw_render_label(sec));
	if (sec->summary && *sec->summary && !summary_shown) {
		begin_block(t);
		paragraph(t, 2, sec->summary);
	}
	details_children(t, sec, depth);
}

static void details_children(struct tr *t, const struct mw_node *sec, int depth)
{
	size_t i = 0;
	while (i < sec->n_children) {
		const struct mw_node *n = sec->children[i];
		if (n->type == MW_NODE_FIGURE) {
			/* consecutive figures align as one block */
			struct fline *f = NULL;
			size_t nf = 0, alloc = 0;
			for (; i < sec->n_children && sec->children[i]->type == MW_NODE_FIGURE; i++) {
				if (sec->children[i]->flags & MW_F_JSON_ONLY)
					continue;
				MW_GROW(f, alloc, nf + 1);
				fline_from_figure(t, &f[nf++], sec->children[i], true);
			}
			if (nf) {
				begin_block(t);
				figure_block(t, 2, f, nf);
			}
			fline_free(f, nf);
			continue;
		}
		switch (n->type) {
		case MW_NODE_SECTION:
			section_details(t, n, depth + 1, depth == 0);
			break;
		case MW_NODE_LIST:
			heading(t, depth + 1, mw_render_label(n));
			for (size_t j = 0; j < n->n_children; j++) {
				const struct mw_node *item = n->children[j];
				if (item->title)
					heading(t, depth + 2, item->title);
				else {
					mw_buf_reset(&t->tmp);
					mw_buf_addf(&t->tmp, "#%zu", j + 1);
					heading(t, depth + 2, t->tmp.buf);
				}
				if (item->summary && *item->summary && (depth > 0 || !mw_render_item_shown(j, n->n_children))) {
					begin_block(t);
					paragraph(t, 2, item->summary);
				}
				details_children(t, item, depth + 2);
			}
			break;
		case MW_NODE_TABLE:
			table(t, n, 2);
			break;
		case MW_NODE_TEXT:
			begin_block(t);
			paragraph(t, 2, n->text);
			break;
		case MW_NODE_FINDING:
			finding_details(t, n, 2);
			break;
		case MW_NODE_EVIDENCE:
			begin_block(t);
			if (n->title)
				subtitle(t, 2, n->title);
			evidence_lines(t, n, 4);
			break;
		case MW_NODE_CHART:
			chart(t, n, 2);
			break;
		case MW_NODE_FIGURE:
			break;
		}
		i++;
	}
}

int mw_render_text(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out)
{
	struct tr t = { .line = MW_BUF_INIT, .tmp = MW_BUF_INIT };

	if (!doc || !out)
		return -EINVAL;
	mw_render_ctx_init(&t.c, doc, opts, out);
	t.width = (size_t)t.c.opts.width;
	if (doc->root) {
		summary_view(&t, doc->root);
		if (t.c.opts.details)
			details_children(&t, doc->root, 0);
	}
	if (t.line.len)
		mw_render_write(&t.c, t.line.buf, t.line.len);
	mw_buf_release(&t.line);
	mw_buf_release(&t.tmp);
	return mw_render_ctx_finish(&t.c);
}
