/* SPDX-License-Identifier: MIT */
/* render.c: the format tables, mw_render() and what every renderer shares (render.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "memwaste/redact.h"
#include "memwaste/render.h"
#include "memwaste/banned.h"

/* Adding a format: see render.h. Indexed by enum mw_format so order mistakes are impossible. */
static const struct mw_renderer renderers[MW_FORMAT__MAX] = {
	[MW_FORMAT_TEXT] = { .name = "text", .render = mw_render_text },
	[MW_FORMAT_JSON] = { .name = "json", .render = mw_render_json },
	[MW_FORMAT_MARKDOWN] = { .name = "markdown", .render = mw_render_markdown },
	[MW_FORMAT_HTML] = { .name = "html", .render = mw_render_html },
};

const char *mw_format_name(enum mw_format f)
{
	if ((unsigned)f >= MW_FORMAT__MAX)
		return NULL;
	return renderers[f].name;
}

int mw_format_parse(const char *name, enum mw_format *ret)
{
	if (!name)
		return -EINVAL;
	for (unsigned f = 0; f < MW_FORMAT__MAX; f++) {
		if (renderers[f].name && !strcmp(renderers[f].name, name)) {
			*ret = (enum mw_format)f;
			return 0;
		}
	}
	return -EINVAL;
}

const char *mw_format_list(void)
{
	static char list[256];
	if (!list[0]) {
		size_t len = 0;
		for (unsigned f = 0; f < MW_FORMAT__MAX; f++) {
			if (!renderers[f].name)
				continue;
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", len ? ", " : "",
						renderers[f].name);
			if (len >= sizeof(list))
				break;
		}
	}
	return list;
}

int mw_render(enum mw_format f, const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out)
{
	if ((unsigned)f >= MW_FORMAT__MAX || !renderers[f].render || !doc || !out)
		return -EINVAL;
	return renderers[f].render(doc, opts, out);
}

/* ---- the render context ---- */

static void scan_str(struct mw_redactor *r, const char *s)
{
	mw_redactor_scan(r, s);
}

static void scan_value(const struct mw_render_ctx *c, const struct mw_value *v, unsigned flags)
{
	if (v->type != MW_VAL_STR || !v->s || mw_render_hidden(c, flags))
		return;
	if (flags & MW_F_HOST)
		mw_redactor_host(c->redactor, v->s);
	else
		mw_redactor_scan(c->redactor, v->s);
}

/* Registers placeholders in document order (see render.h). */
static void scan_node(const struct mw_render_ctx *c, const struct mw_node *n)
{
	struct mw_redactor *r = c->redactor;
	size_t i, j;

	scan_str(r, n->key);
	scan_str(r, n->title);
	scan_str(r, n->summary);
	scan_str(r, n->text);
	if (n->type == MW_NODE_FIGURE)
		scan_value(c, &n->value, n->flags);
	scan_str(r, n->src.file);
	scan_str(r, n->how);
	for (i = 0; i < n->n_columns; i++) {
		scan_str(r, n->columns[i].key);
		scan_str(r, n->columns[i].label);
	}
	for (i = 0; i < n->n_rows; i++) {
		for (j = 0; j < n->rows[i].n_cells && j < n->n_columns; j++)
			scan_value(c, &n->rows[i].cells[j], n->columns[j].flags);
		scan_str(r, n->rows[i].src.file);
	}
	scan_str(r, n->id);
	scan_str(r, n->why);
	scan_str(r, n->advice);
	for (i = 0; i < n->n_lines; i++) {
		scan_str(r, n->line_src[i].file);
		scan_str(r, n->lines[i]);
	}
	for (i = 0; i < n->n_series; i++) {
		scan_str(r, n->series[i].name);
		for (j = 0; j < n->series[i].n; j++)
			scan_str(r, n->series[i].labels ? n->series[i].labels[j] : NULL);
	}
	for (i = 0; i < n->n_markers; i++)
		scan_str(r, n->markers[i].label);
	for (i = 0; i < n->n_children; i++)
		scan_node(c, n->children[i]);
}

void mw_render_ctx_init(struct mw_render_ctx *c, const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out)
{
	memset(c, 0, sizeof(*c));
	c->doc = doc;
	c->out = out;
	if (opts)
		c->opts = *opts;
	else
		c->opts.details = true;
	if (c->opts.width <= 0)
		c->opts.width = 100;
	else if (c->opts.width < 20)
		c->opts.width = 20;
	if (c->opts.redact_hosts) {
		c->redactor = mw_redactor_new();
		scan_str(c->redactor, doc->title);
		if (doc->root)
			scan_node(c, doc->root);
	}
}

int mw_render_ctx_finish(struct mw_render_ctx *c)
{
	if (c->out) {
		errno = 0;
		if (fflush(c->out) != 0 && !c->err)
			c->err = errno ? -errno : -EIO;
		if (ferror(c->out) && !c->err)
			c->err = -EIO;
	}
	c->redactor = mw_redactor_free(c->redactor);
	return c->err;
}

void mw_render_write(struct mw_render_ctx *c, const void *data, size_t len)
{
	if (c->err || !len)
		return;
	errno = 0;
	if (fwrite(data, 1, len, c->out) != len)
		c->err = errno ? -errno : -EIO;
}

bool mw_render_hidden(const struct mw_render_ctx *c, unsigned flags)
{
	return (flags & MW_F_COMMAND) && !c->opts.show_commands;
}

void mw_render_addstr(const struct mw_render_ctx *c, struct mw_buf *out, const char *s)
{
	if (!s)
		return;
	if (c->redactor)
		mw_redactor_add(c->redactor, out, s);
	else
		mw_buf_addstr(out, s);
}

void mw_render_addvalue(const struct mw_render_ctx *c, struct mw_buf *out, const struct mw_value *v,
			enum mw_unit unit, unsigned flags)
{
	char tmp[128];
	if (mw_render_hidden(c, flags)) {
		mw_buf_addstr(out, "(" MW_RENDER_HIDDEN_HOW ")");
		return;
	}
	if (v && v->type == MW_VAL_STR) {
		if (!v->s)
			return;
		if ((flags & MW_F_HOST) && c->redactor)
			mw_buf_addstr(out, mw_redactor_host(c->redactor, v->s));
		else
			mw_render_addstr(c, out, v->s);
		return;
	}
	mw_format_value(tmp, sizeof(tmp), v, unit);
	mw_buf_addstr(out, tmp);
}

bool mw_render_in_summary(const struct mw_node *n)
{
	return n->type == MW_NODE_FIGURE && (n->flags & MW_F_KEY) && !(n->flags & (MW_F_DETAIL | MW_F_JSON_ONLY));
}

const char *mw_render_label(const struct mw_node *n)
{
	if (n->title && *n->title)
		return n->title;
	return n->key ? n->key : "";
}

const char *mw_render_confidence_words(enum mw_confidence conf)
{
	if (conf == MW_CONF_NONE)
		return "";
	return conf == MW_CONF_LOWER_BOUND ? "lower bound" : mw_confidence_name(conf);
}

void mw_render_addsource(const struct mw_render_ctx *c, struct mw_buf *out, const struct mw_source *src)
{
	if (src->file) {
		mw_render_addstr(c, out, src->file);
		if (src->line)
			mw_buf_addf(out, ":%llu", (unsigned long long)src->line);
	} else if (src->line) {
		mw_buf_addf(out, "line %llu", (unsigned long long)src->line);
	}
}

void mw_render_addcell(const struct mw_render_ctx *c, struct mw_buf *out, const struct mw_node *table,
		       const struct mw_row *row, size_t col)
{
	const struct mw_value *v = col < row->n_cells ? &row->cells[col] : NULL;
	const struct mw_column *k = &table->columns[col];
	if (!v || (v->type == MW_VAL_NONE && !mw_render_hidden(c, k->flags)))
		mw_buf_addstr(out, "-");
	else
		mw_render_addvalue(c, out, v, k->unit, k->flags);
}

bool mw_render_column_numeric(const struct mw_node *n, size_t j)
{
	if (n->columns[j].flags & MW_F_COMMAND)
		return false;
	if (n->columns[j].type == MW_VAL_INT || n->columns[j].type == MW_VAL_DOUBLE)
		return true;
	if (n->columns[j].type != MW_VAL_NONE)
		return false;
	for (size_t i = 0; i < n->n_rows; i++) {
		enum mw_value_type ty = j < n->rows[i].n_cells ? n->rows[i].cells[j].type : MW_VAL_NONE;
		if (ty != MW_VAL_NONE && ty != MW_VAL_INT && ty != MW_VAL_DOUBLE)
			return false;
	}
	return true;
}

bool mw_render_table_has_source(const struct mw_node *n)
{
	for (size_t i = 0; i < n->n_rows; i++)
		if (n->rows[i].src.file || n->rows[i].src.line)
			return true;
	return false;
}

void mw_render_nodes_push(struct mw_render_nodes *ns, const struct mw_node *n)
{
	MW_GROW(ns->v, ns->alloc, ns->n + 1);
	ns->v[ns->n++] = n;
}

void mw_render_nodes_release(struct mw_render_nodes *ns)
{
	free(ns->v);
	memset(ns, 0, sizeof(*ns));
}

void mw_render_collect_summary(const struct mw_node *sec, bool deep, struct mw_render_nodes *figs,
			       struct mw_render_nodes *finds)
{
	for (size_t i = 0; i < sec->n_children; i++) {
		const struct mw_node *n = sec->children[i];
		if (mw_render_in_summary(n))
			mw_render_nodes_push(figs, n);
		else if (n->type == MW_NODE_FINDING)
			mw_render_nodes_push(finds, n);
		else if (deep && n->type == MW_NODE_SECTION)
			mw_render_collect_summary(n, deep, figs, finds);
	}
}

bool mw_render_has_summary(const struct mw_node *sec, bool deep)
{
	struct mw_render_nodes figs = { 0 }, finds = { 0 };
	bool any;
	mw_render_collect_summary(sec, deep, &figs, &finds);
	any = (sec->summary && *sec->summary) || figs.n || finds.n;
	mw_render_nodes_release(&figs);
	mw_render_nodes_release(&finds);
	return any;
}

size_t mw_render_figure_run(const struct mw_node *sec, size_t i, struct mw_render_nodes *run)
{
	for (; i < sec->n_children && sec->children[i]->type == MW_NODE_FIGURE; i++)
		if (!(sec->children[i]->flags & MW_F_JSON_ONLY))
			mw_render_nodes_push(run, sec->children[i]);
	return i;
}

static void collect_level(const struct mw_node *n, enum mw_severity_level level, struct mw_render_nodes *finds)
{
	if (n->type == MW_NODE_FINDING && n->level == level)
		mw_render_nodes_push(finds, n);
	for (size_t i = 0; i < n->n_children; i++)
		collect_level(n->children[i], level, finds);
}

void mw_render_collect_findings(const struct mw_node *root, struct mw_render_nodes *finds)
{
	if (!root)
		return;
	for (int l = MW_LEVEL_CRITICAL; l >= MW_LEVEL_INFO; l--)
		collect_level(root, (enum mw_severity_level)l, finds);
}

void mw_render_verdict(const struct mw_render_ctx *c, struct mw_buf *out)
{
	struct mw_render_nodes all = { 0 };
	size_t count[MW_LEVEL_CRITICAL + 1] = { 0 }, parts = 0, done = 0;

	mw_render_collect_findings(c->doc->root, &all);
	if (!all.n) {
		mw_buf_addstr(out, "No findings: nothing looked wrong in what was read.");
		return;
	}
	for (size_t i = 0; i < all.n; i++)
		count[all.v[i]->level]++;
	for (int l = MW_LEVEL_CRITICAL; l >= MW_LEVEL_INFO; l--)
		parts += count[l] != 0;
	for (int l = MW_LEVEL_CRITICAL; l >= MW_LEVEL_INFO; l--) {
		if (!count[l])
			continue;
		if (done)
			mw_buf_addstr(out, done + 1 == parts ? " and " : ", ");
		/* "1 warning", "2 warnings"; info has no plural */
		mw_buf_addf(out, "%zu %s%s", count[l], l == MW_LEVEL_INFO ? "informational finding" : mw_level_name(l),
			    count[l] > 1 ? "s" : "");
		done++;
	}
	mw_buf_addstr(out, ". Most severe: ");
	mw_render_addstr(c, out, all.v[0]->title ? all.v[0]->title : all.v[0]->id);
	mw_buf_addf(out, " (%s).", mw_level_name(all.v[0]->level));
	mw_render_nodes_release(&all);
}

bool mw_render_item_shown(size_t i, size_t n)
{
	return n <= MW_RENDER_SUMMARY_ITEMS || i < MW_RENDER_SUMMARY_EDGE || i >= n - MW_RENDER_SUMMARY_EDGE;
}

bool mw_render_waterfall_total(size_t i, size_t n)
{
	return i == 0 || i + 1 == n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

size_t mw_render_chart_xs(const struct mw_node *n, double **ret)
{
	size_t total = 0, k = 0;
	double *xs;
	for (size_t i = 0; i < n->n_series; i++)
		total += n->series[i].n;
	xs = mw_xcalloc(total + 1, sizeof(*xs));
	for (size_t i = 0; i < n->n_series; i++)
		for (size_t j = 0; j < n->series[i].n; j++)
			if (isfinite(n->series[i].x[j]))
				xs[k++] = n->series[i].x[j];
	qsort(xs, k, sizeof(*xs), cmp_double);
	total = 0;
	for (size_t j = 0; j < k; j++)
		if (!total || xs[j] != xs[total - 1])
			xs[total++] = xs[j];
	*ret = xs;
	return total;
}

/* The index of the point of `s` at x, or s->n. */
static size_t point_at(const struct mw_chart_series *s, double x)
{
	for (size_t j = 0; j < s->n; j++)
		if (s->x[j] == x)
			return j;
	return s->n;
}

static void cell_num(struct mw_row *r, size_t col, double v)
{
	if (isfinite(v))
		mw_cell_double(r, col, v);
}

struct mw_node *mw_render_chart_table(struct mw_doc *scratch, const struct mw_node *n, bool stats)
{
	struct mw_column *cols;
	struct mw_node *t = NULL;
	size_t ncols, nx;
	double *xs;
	char key[32];

	if (!n->n_series)
		return NULL;
	if (n->chart_kind == MW_CHART_WATERFALL) {
		const struct mw_chart_series *s = &n->series[0];
		struct mw_column wc[] = {
			{ .key = "step", .label = "Step", .type = MW_VAL_STR },
			{ .key = "change", .label = "Change", .type = MW_VAL_DOUBLE, .unit = n->unit },
			{ .key = "level", .label = "Level", .type = MW_VAL_DOUBLE, .unit = n->unit },
		};
		if (!s->n)
			return NULL;
		t = mw_table(scratch->root, NULL, NULL, wc, MW_ARRAY_SIZE(wc));
		for (size_t j = 0; j < s->n; j++) {
			struct mw_row *r = mw_row_add(t);
			if (s->labels && s->labels[j])
				mw_cell_str(r, 0, s->labels[j]);
			else
				mw_cell_double(r, 0, s->x[j]);
			if (!mw_render_waterfall_total(j, s->n))
				cell_num(r, 1, s->y[j] - s->y[j - 1]);
			cell_num(r, 2, s->y[j]);
		}
		return t;
	}
	nx = mw_render_chart_xs(n, &xs);
	if (!nx) {
		free(xs);
		return NULL;
	}
	if (stats && n->chart_kind != MW_CHART_BARS) {
		static const char *const labels[] = { "Series", "First", "Last", "Lowest", "Highest" };
		struct mw_column sc[5];
		memset(sc, 0, sizeof(sc));
		for (size_t k = 0; k < 5; k++) {
			sc[k].key = labels[k];
			sc[k].label = labels[k];
			sc[k].type = k ? MW_VAL_DOUBLE : MW_VAL_STR;
			sc[k].unit = k ? n->unit : MW_UNIT_NONE;
		}
		t = mw_table(scratch->root, NULL, NULL, sc, 5);
		for (size_t i = 0; i < n->n_series; i++) {
			const struct mw_chart_series *s = &n->series[i];
			struct mw_row *r = mw_row_add(t);
			size_t cnt = 0;
			double lo = 0, hi = 0, first = 0, last = 0;
			mw_cell_str(r, 0, s->name ? s->name : "");
			for (size_t j = 0; j < s->n; j++) {
				if (!isfinite(s->y[j]))
					continue;
				if (!cnt++)
					lo = hi = first = s->y[j];
				lo = fmin(lo, s->y[j]);
				hi = fmax(hi, s->y[j]);
				last = s->y[j];
			}
			if (cnt) {
				mw_cell_double(r, 1, first);
				mw_cell_double(r, 2, last);
				mw_cell_double(r, 3, lo);
				mw_cell_double(r, 4, hi);
			}
		}
		free(xs);
		return t;
	}
	/* one row per x (category or time), one column per series */
	ncols = n->n_series + 1;
	cols = mw_xcalloc(ncols, sizeof(*cols));
	cols[0].key = n->x_is_time ? "time" : "x";
	cols[0].label = n->x_is_time ? "Time" : "";
	cols[0].type = n->chart_kind == MW_CHART_BARS ? MW_VAL_STR : MW_VAL_DOUBLE;
	cols[0].unit = n->x_is_time ? MW_UNIT_TIME : MW_UNIT_NONE;
	for (size_t i = 0; i < n->n_series; i++) {
		snprintf(key, sizeof(key), "s%zu", i);
		cols[i + 1].key = mw_xstrdup(key);
		cols[i + 1].label = n->series[i].name ? n->series[i].name : "";
		cols[i + 1].type = MW_VAL_DOUBLE;
		cols[i + 1].unit = n->unit;
	}
	t = mw_table(scratch->root, NULL, NULL, cols, ncols);
	for (size_t i = 0; i < n->n_series; i++)
		free((char *)cols[i + 1].key);
	free(cols);
	for (size_t j = 0; j < nx; j++) {
		struct mw_row *r = mw_row_add(t);
		const char *label = NULL;
		for (size_t i = 0; i < n->n_series; i++) {
			const struct mw_chart_series *s = &n->series[i];
			size_t k = point_at(s, xs[j]);
			if (k == s->n)
				continue;
			cell_num(r, i + 1, s->y[k]);
			if (!label && s->labels && s->labels[k])
				label = s->labels[k];
		}
		if (n->chart_kind != MW_CHART_BARS)
			mw_cell_double(r, 0, xs[j]);
		else if (label)
			mw_cell_str(r, 0, label);
		else {
			snprintf(key, sizeof(key), "%g", xs[j]);
			mw_cell_str(r, 0, key);
		}
	}
	free(xs);
	return t;
}

/* ---- display width ---- */

struct range {
	uint32_t lo, hi;
};

static const struct range zero_width[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd }, { 0x0610, 0x061a }, { 0x064b, 0x065f },
	{ 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a }, { 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x200b, 0x200f },
	{ 0x2060, 0x2064 }, { 0x20d0, 0x20ff }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xe0100, 0xe01ef },
};

static const struct range wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a }, { 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 },
	{ 0x23f3, 0x23f3 }, { 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 }, { 0x267f, 0x267f },
	{ 0x2693, 0x2693 }, { 0x26a1, 0x26a1 }, { 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea }, { 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 },
	{ 0x26fa, 0x26fa }, { 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b }, { 0x2728, 0x2728 },
	{ 0x274c, 0x274c }, { 0x274e, 0x274e }, { 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c }, { 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 },
	{ 0x2e80, 0x303e }, { 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
	{ 0xa960, 0xa97f }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e },
	{ 0x1f191, 0x1f19a }, { 0x1f200, 0x1f2ff }, { 0x1f300, 0x1f64f }, { 0x1f680, 0x1f6ff }, { 0x1f900, 0x1f9ff },
	{ 0x1fa70, 0x1faff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* One character at s: its byte length (1 for anything malformed) and its width. */
static size_t char_at(const unsigned char *s, size_t len, size_t *ret_width)
{
	uint32_t cp;
	size_t n, i;
	if (s[0] < 0x80) {
		*ret_width = 1;
		return 1;
	}
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
	if (n == 1 || n > len) {
		*ret_width = 1;
		return 1;
	}
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*ret_width = 1;
			return 1;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (in_ranges(cp, zero_width, MW_ARRAY_SIZE(zero_width)))
		*ret_width = 0;
	else if (in_ranges(cp, wide, MW_ARRAY_SIZE(wide)))
		*ret_width = 2;
	else
		*ret_width = 1;
	return n;
}

size_t mw_render_width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0, cw;
	while (i < len) {
		i += char_at(p + i, len - i, &cw);
		w += cw;
	}
	return w;
}

size_t mw_render_fit(const char *s, size_t len, size_t cols)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0, cw, n;
	while (i < len) {
		n = char_at(p + i, len - i, &cw);
		if (w + cw > cols)
			break;
		w += cw;
		i += n;
	}
	return i;
}
