/* SPDX-License-Identifier: MIT */
/* doc.c: the report document tree (doc.h): nodes, copies of cleaned strings, unique keys. */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "memwaste/buf.h"
#include "memwaste/doc.h"
#include "memwaste/banned.h"

const char *mw_confidence_name(enum mw_confidence c)
{
	static const char *const names[] = {
		[MW_CONF_NONE] = "none",
		[MW_CONF_EXACT] = "exact",
		[MW_CONF_DERIVED] = "derived",
		[MW_CONF_ESTIMATED] = "estimated",
		[MW_CONF_LOWER_BOUND] = "lower_bound",
	};
	if ((unsigned)c >= MW_ARRAY_SIZE(names) || !names[c])
		return "none";
	return names[c];
}

const char *mw_level_name(enum mw_severity_level l)
{
	static const char *const names[] = {
		[MW_LEVEL_INFO] = "info",
		[MW_LEVEL_NOTICE] = "notice",
		[MW_LEVEL_WARNING] = "warning",
		[MW_LEVEL_CRITICAL] = "critical",
	};
	if ((unsigned)l >= MW_ARRAY_SIZE(names) || !names[l])
		return "info";
	return names[l];
}

/* ---- string cleaning ---- */

/* Code points we never pass on although they are valid: C1 controls, line/paragraph separators, bidi controls. */
static bool escaped_code_point(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

static void add_replacement(struct mw_buf *b)
{
	mw_buf_add(b, "\xef\xbf\xbd", 3);	/* U+FFFD */
}

/*
 * Decodes one UTF-8 sequence at s[0..n). Returns its length with *cp set,
 * or 0 when ill-formed, with *bad set to the length of the maximal
 * ill-formed subpart (at least 1) to replace by one U+FFFD. The valid
 * second-byte ranges are those of Unicode Table 3-7, which rule out
 * overlong forms, surrogates and values above U+10FFFF.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp, size_t *bad)
{
	unsigned char c = s[0];
	size_t need, i;
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t v;

	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		*bad = 1;
		return 0;
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
		v = (v << 6) | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = v;
	return need + 1;
}

char *mw_doc_clean_string(const char *s, size_t len, bool keep_tabs)
{
	struct mw_buf b = MW_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	if (!s)
		return NULL;
	mw_buf_grow(&b, len);
	while (i < len) {
		unsigned char c = p[i];
		if (c < 0x80) {
			if (c == '\t')
				mw_buf_addch(&b, keep_tabs ? '\t' : ' ');
			else if (c < 0x20 || c == 0x7f)
				mw_buf_addf(&b, "\\x%02x", c);
			else
				mw_buf_addch(&b, c);
			i++;
		} else {
			uint32_t cp = 0;
			size_t bad = 0, n = utf8_decode(p + i, len - i, &cp, &bad);
			if (!n) {
				add_replacement(&b);
				i += bad;
			} else if (escaped_code_point(cp)) {
				mw_buf_addf(&b, "\\u%04x", (unsigned)cp);
				i += n;
			} else {
				mw_buf_add(&b, p + i, n);
				i += n;
			}
		}
	}
	return mw_buf_detach(&b, NULL);
}

static char *clean(const char *s)
{
	return s ? mw_doc_clean_string(s, strlen(s), false) : NULL;
}

static char *clean_vf(const char *fmt, va_list ap)
{
	struct mw_buf b = MW_BUF_INIT;
	char *r;
	mw_buf_vaddf(&b, fmt, ap);
	r = mw_doc_clean_string(b.buf, b.len, false);
	mw_buf_release(&b);
	return r;
}

/* ---- keys ---- */

static const char *const reserved_keys[] = {
	"schema_version", "generator", "title", "summary", "notes", "findings", "provenance",
};

static bool is_reserved(const char *key)
{
	for (size_t i = 0; i < MW_ARRAY_SIZE(reserved_keys); i++)
		if (!strcmp(key, reserved_keys[i]))
			return true;
	return false;
}

/* The node whose JSON object holds the keys of `sec`'s children: sections without key merge upwards. */
static const struct mw_node *namespace_owner(const struct mw_node *sec)
{
	while (sec->type == MW_NODE_SECTION && !sec->key && sec->parent && sec->parent->type == MW_NODE_SECTION)
		sec = sec->parent;
	return sec;
}

/* Whether `key` is used in the namespace of `sec` (which includes its sections without key). */
static bool namespace_has(const struct mw_node *sec, const char *key)
{
	for (size_t i = 0; i < sec->n_children; i++) {
		const struct mw_node *c = sec->children[i];
		if (c->key && !strcmp(c->key, key))
			return true;
		if (c->type == MW_NODE_SECTION && !c->key && namespace_has(c, key))
			return true;
	}
	return false;
}

static bool key_taken(const struct mw_node *owner, const char *key)
{
	return is_reserved(key) || namespace_has(owner, key);
}

/* `key` (cleaned, owned) or, when taken, key_2, key_3, ... (the old string is freed). */
static char *unique_key(char *key, bool (*taken)(const void *ctx, const char *k), const void *ctx)
{
	char *k;
	unsigned n;
	if (!taken(ctx, key))
		return key;
	for (n = 2;; n++) {
		k = mw_xasprintf("%s_%u", key, n);
		if (!taken(ctx, k))
			break;
		free(k);
	}
	free(key);
	return k;
}

static bool node_key_taken(const void *ctx, const char *k)
{
	return key_taken(ctx, k);
}

/* ---- nodes ---- */

static void free_value(struct mw_value *v)
{
	if (v->type == MW_VAL_STR)
		free(v->s);
	if (v->type == MW_VAL_ARRAY)
		free(v->arr);
	v->s = NULL;
	v->arr = NULL;
	v->n_arr = 0;
	v->type = MW_VAL_NONE;
}

static void free_node(struct mw_node *n)
{
	size_t i, j;
	if (!n)
		return;
	for (i = 0; i < n->n_children; i++)
		free_node(n->children[i]);
	free(n->children);
	free(n->key);
	free(n->title);
	free(n->summary);
	free(n->text);
	free_value(&n->value);
	free(n->src.file);
	free(n->how);
	for (i = 0; i < n->n_rows; i++) {
		for (j = 0; j < n->rows[i].n_cells; j++)
			free_value(&n->rows[i].cells[j]);
		free(n->rows[i].cells);
		free(n->rows[i].src.file);
	}
	free(n->rows);
	for (i = 0; i < n->n_columns; i++) {
		free((char *)n->columns[i].key);
		free((char *)n->columns[i].label);
		free((char *)n->columns[i].help);
	}
	free(n->columns);
	free(n->id);
	free(n->why);
	free(n->advice);
	for (i = 0; i < n->n_lines; i++) {
		free(n->lines[i]);
		free(n->line_src[i].file);
	}
	free(n->lines);
	free(n->line_src);
	for (i = 0; i < n->n_series; i++) {
		struct mw_chart_series *s = &n->series[i];
		for (j = 0; j < s->n; j++)
			free(s->labels[j]);
		free(s->labels);
		free(s->x);
		free(s->y);
		free(s->name);
	}
	free(n->series);
	for (i = 0; i < n->n_markers; i++)
		free(n->markers[i].label);
	free(n->markers);
	free(n);
}

struct mw_doc *mw_doc_new(const char *title)
{
	struct mw_doc *doc = mw_xcalloc(1, sizeof(*doc));
	doc->root = mw_xcalloc(1, sizeof(*doc->root));
	doc->root->type = MW_NODE_SECTION;
	doc->title = clean(title);
	doc->root->title = clean(title);
	return doc;
}

struct mw_doc *mw_doc_free(struct mw_doc *doc)
{
	if (!doc)
		return NULL;
	free_node(doc->root);
	free(doc->title);
	free(doc);
	return NULL;
}

static bool parent_ok(const struct mw_node *parent, enum mw_node_type type)
{
	assert(parent && parent->type == type);
	return parent && parent->type == type;
}

/*
 * Adds a node of `type` under `parent` (a SECTION or a LIST). A keyed node
 * gets a key unique in its parent's JSON namespace; `default_key` stands
 * in for a NULL key (NULL: the node stays without key).
 */
static struct mw_node *node_add(struct mw_node *parent, enum mw_node_type type, const char *key,
				const char *default_key, const char *title)
{
	struct mw_node *n = mw_xcalloc(1, sizeof(*n));
	n->type = type;
	n->parent = parent;
	n->title = clean(title);
	if (key || default_key) {
		n->key = clean(key ? key : default_key);
		n->key = unique_key(n->key, node_key_taken, namespace_owner(parent));
	}
	MW_GROW(parent->children, parent->alloc_children, parent->n_children + 1);
	parent->children[parent->n_children++] = n;
	return n;
}

struct mw_node *mw_section(struct mw_node *parent, const char *key, const char *title)
{
	if (!parent_ok(parent, MW_NODE_SECTION))
		return NULL;
	return node_add(parent, MW_NODE_SECTION, key, NULL, title);
}

struct mw_node *mw_child(const struct mw_node *parent, const char *key)
{
	if (!parent || !key)
		return NULL;
	for (size_t i = 0; i < parent->n_children; i++)
		if (parent->children[i]->key && !strcmp(parent->children[i]->key, key))
			return parent->children[i];
	return NULL;
}

void mw_summary(struct mw_node *section, const char *fmt, ...)
{
	va_list ap;
	char *s, *old;
	if (!parent_ok(section, MW_NODE_SECTION))
		return;
	va_start(ap, fmt);
	s = clean_vf(fmt, ap);
	va_end(ap);
	if (!section->summary || !*section->summary) {
		free(section->summary);
		section->summary = s;
		return;
	}
	if (!*s) {
		free(s);
		return;
	}
	old = section->summary;
	section->summary = mw_xasprintf("%s %s", old, s);
	free(old);
	free(s);
}

struct mw_node *mw_list(struct mw_node *parent, const char *key, const char *title)
{
	if (!parent_ok(parent, MW_NODE_SECTION))
		return NULL;
	return node_add(parent, MW_NODE_LIST, key, "items", title);
}

struct mw_node *mw_list_add(struct mw_node *list, const char *title)
{
	if (!parent_ok(list, MW_NODE_LIST))
		return NULL;
	return node_add(list, MW_NODE_SECTION, NULL, NULL, title);
}

static void set_source(struct mw_source *dst, const struct mw_source *src)
{
	if (!src)
		return;
	dst->file = clean(src->file);
	dst->line = src->line;
}

static struct mw_node *fig_add(struct mw_node *sec, const char *key, const char *label, enum mw_unit unit,
			       enum mw_confidence conf, const struct mw_source *src, const char *how)
{
	struct mw_node *n;
	if (!parent_ok(sec, MW_NODE_SECTION))
		return NULL;
	n = node_add(sec, MW_NODE_FIGURE, key, "value", label);
	n->unit = unit;
	n->confidence = conf;
	set_source(&n->src, src);
	n->how = clean(how);
	return n;
}

struct mw_node *mw_fig_int(struct mw_node *sec, const char *key, const char *label, int64_t v,
			   enum mw_unit unit, enum mw_confidence conf, const struct mw_source *src, const char *how)
{
	struct mw_node *n = fig_add(sec, key, label, unit, conf, src, how);
	if (n) {
		n->value.type = MW_VAL_INT;
		n->value.i = v;
	}
	return n;
}

struct mw_node *mw_fig_double(struct mw_node *sec, const char *key, const char *label, double v,
			      enum mw_unit unit, enum mw_confidence conf, const struct mw_source *src, const char *how)
{
	struct mw_node *n = fig_add(sec, key, label, unit, conf, src, how);
	if (n && isfinite(v)) {
		n->value.type = MW_VAL_DOUBLE;
		n->value.d = v;
	}
	return n;
}

struct mw_node *mw_fig_str(struct mw_node *sec, const char *key, const char *label, const char *v,
			   const struct mw_source *src)
{
	struct mw_node *n = fig_add(sec, key, label, MW_UNIT_NONE, MW_CONF_NONE, src, NULL);
	if (n && v) {
		n->value.type = MW_VAL_STR;
		n->value.s = clean(v);
	}
	return n;
}

struct mw_node *mw_fig_bool(struct mw_node *sec, const char *key, const char *label, bool v)
{
	struct mw_node *n = fig_add(sec, key, label, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL);
	if (n) {
		n->value.type = MW_VAL_BOOL;
		n->value.i = v;
	}
	return n;
}

struct mw_node *mw_fig_array(struct mw_node *sec, const char *key, const char *label, const double *v, size_t n,
			     enum mw_unit unit, enum mw_confidence conf, const struct mw_source *src, const char *how)
{
	struct mw_node *n_ = fig_add(sec, key, label, unit, conf, src, how);
	if (n_) {
		n_->value.type = MW_VAL_ARRAY;
		n_->value.arr = mw_xcalloc(n ? n : 1, sizeof(double));
		n_->value.n_arr = n;
		n_->value.arr_int = true;
		for (size_t i = 0; i < n; i++) {
			n_->value.arr[i] = v[i];
			if (!isfinite(v[i]) || v[i] != floor(v[i]) || fabs(v[i]) >= 9007199254740992.0)
				n_->value.arr_int = n_->value.arr_int && !isfinite(v[i]);
		}
	}
	return n_;
}

struct mw_node *mw_fig_null(struct mw_node *sec, const char *key, const char *label, enum mw_unit unit, const char *how)
{
	return fig_add(sec, key, label, unit, MW_CONF_NONE, NULL, how);
}

/* ---- tables ---- */

struct col_ctx {
	const struct mw_column *cols;
	size_t n;
};

static bool col_key_taken(const void *ctx, const char *k)
{
	const struct col_ctx *c = ctx;
	if (!strcmp(k, "source"))
		return true;
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->cols[i].key, k))
			return true;
	return false;
}

struct mw_node *mw_table(struct mw_node *sec, const char *key, const char *title,
			 const struct mw_column *cols, size_t ncols)
{
	struct mw_node *n;
	if (!parent_ok(sec, MW_NODE_SECTION))
		return NULL;
	n = node_add(sec, MW_NODE_TABLE, key, "table", title);
	n->columns = mw_xcalloc(ncols ? ncols : 1, sizeof(*n->columns));
	for (size_t i = 0; i < ncols; i++) {
		struct mw_column *c = &n->columns[i];
		struct col_ctx ctx = { n->columns, i };
		char *k = clean(cols[i].key ? cols[i].key : "column");
		c->key = unique_key(k, col_key_taken, &ctx);
		c->label = cols[i].label ? clean(cols[i].label) : mw_xstrdup(c->key);
		c->help = clean(cols[i].help);
		c->unit = cols[i].unit;
		c->type = cols[i].type;
		c->flags = cols[i].flags;
	}
	n->n_columns = ncols;
	return n;
}

struct mw_row *mw_row_add(struct mw_node *table)
{
	struct mw_row *r;
	if (!parent_ok(table, MW_NODE_TABLE))
		return NULL;
	MW_GROW(table->rows, table->alloc_rows, table->n_rows + 1);
	r = &table->rows[table->n_rows++];
	memset(r, 0, sizeof(*r));
	r->cells = mw_xcalloc(table->n_columns ? table->n_columns : 1, sizeof(*r->cells));
	r->n_cells = table->n_columns;
	return r;
}

static struct mw_value *cell(struct mw_row *r, size_t col)
{
	if (!r || col >= r->n_cells)
		return NULL;
	free_value(&r->cells[col]);
	return &r->cells[col];
}

void mw_cell_int(struct mw_row *r, size_t col, int64_t v)
{
	struct mw_value *c = cell(r, col);
	if (c) {
		c->type = MW_VAL_INT;
		c->i = v;
	}
}

void mw_cell_double(struct mw_row *r, size_t col, double v)
{
	struct mw_value *c = cell(r, col);
	if (c && isfinite(v)) {
		c->type = MW_VAL_DOUBLE;
		c->d = v;
	}
}

void mw_cell_str(struct mw_row *r, size_t col, const char *s)
{
	mw_cell_strn(r, col, s, s ? strlen(s) : 0);
}

void mw_cell_strn(struct mw_row *r, size_t col, const char *s, size_t n)
{
	struct mw_value *c = cell(r, col);
	if (c && s) {
		c->type = MW_VAL_STR;
		c->s = mw_doc_clean_string(s, n, false);
	}
}

void mw_cell_bool(struct mw_row *r, size_t col, bool v)
{
	struct mw_value *c = cell(r, col);
	if (c) {
		c->type = MW_VAL_BOOL;
		c->i = v;
	}
}

void mw_row_source(struct mw_row *r, const char *file, uint64_t line)
{
	if (!r)
		return;
	free(r->src.file);
	r->src.file = clean(file);
	r->src.line = line;
}

/* ---- prose, findings, evidence ---- */

void mw_text(struct mw_node *sec, const char *fmt, ...)
{
	va_list ap;
	struct mw_node *n;
	if (!parent_ok(sec, MW_NODE_SECTION))
		return;
	n = node_add(sec, MW_NODE_TEXT, NULL, NULL, NULL);
	va_start(ap, fmt);
	n->text = clean_vf(fmt, ap);
	va_end(ap);
}

struct mw_node *mw_finding(struct mw_node *sec, const char *id, enum mw_severity_level level,
			   const char *title, const char *saw, const char *why, const char *advice)
{
	struct mw_node *n;
	if (!parent_ok(sec, MW_NODE_SECTION))
		return NULL;
	n = node_add(sec, MW_NODE_FINDING, NULL, NULL, title);
	n->id = clean(id);
	n->level = level;
	n->text = clean(saw);
	n->why = clean(why);
	n->advice = clean(advice);
	return n;
}

void mw_evidence_line(struct mw_node *node, const char *file, uint64_t line, const char *text, size_t len)
{
	size_t alloc;
	assert(node && (node->type == MW_NODE_FINDING || node->type == MW_NODE_EVIDENCE));
	if (!node || (node->type != MW_NODE_FINDING && node->type != MW_NODE_EVIDENCE))
		return;
	if (!text)
		len = 0;
	if (len && text[len - 1] == '\n') {
		len--;
		if (len && text[len - 1] == '\r')
			len--;
	}
	alloc = node->alloc_lines;
	MW_GROW(node->lines, node->alloc_lines, node->n_lines + 1);
	if (alloc != node->alloc_lines)	/* line_src grows in step with lines */
		node->line_src = mw_xrealloc(node->line_src, node->alloc_lines * sizeof(*node->line_src));
	node->lines[node->n_lines] = mw_doc_clean_string(text ? text : "", len, true);
	node->line_src[node->n_lines].file = clean(file);
	node->line_src[node->n_lines].line = line;
	node->n_lines++;
}

struct mw_node *mw_evidence(struct mw_node *sec, const char *key, const char *title)
{
	if (!parent_ok(sec, MW_NODE_SECTION))
		return NULL;
	return node_add(sec, MW_NODE_EVIDENCE, key, "evidence", title);
}

/* ---- charts ---- */

struct mw_node *mw_chart(struct mw_node *sec, const char *key, const char *title, enum mw_chart_kind kind,
			 enum mw_unit unit, bool x_is_time)
{
	struct mw_node *n;
	if (!parent_ok(sec, MW_NODE_SECTION))
		return NULL;
	n = node_add(sec, MW_NODE_CHART, key, "chart", title);
	n->chart_kind = kind;
	n->unit = unit;
	n->x_is_time = x_is_time;
	return n;
}

size_t mw_chart_series_add(struct mw_node *chart, const char *name)
{
	struct mw_chart_series *s;
	if (!parent_ok(chart, MW_NODE_CHART))
		return SIZE_MAX;
	chart->series = mw_xrealloc(chart->series, (chart->n_series + 1) * sizeof(*chart->series));
	s = &chart->series[chart->n_series];
	memset(s, 0, sizeof(*s));
	s->name = clean(name);
	return chart->n_series++;
}

void mw_chart_point(struct mw_node *chart, size_t series, double x, double y, const char *label)
{
	struct mw_chart_series *s;
	size_t alloc;
	if (!parent_ok(chart, MW_NODE_CHART) || series >= chart->n_series)
		return;
	s = &chart->series[series];
	alloc = s->alloc;
	MW_GROW(s->x, s->alloc, s->n + 1);
	if (alloc != s->alloc) {
		s->y = mw_xrealloc(s->y, s->alloc * sizeof(*s->y));
		s->labels = mw_xrealloc(s->labels, s->alloc * sizeof(*s->labels));
	}
	s->x[s->n] = x;
	s->y[s->n] = y;
	s->labels[s->n] = clean(label);
	s->n++;
}

void mw_chart_marker_add(struct mw_node *chart, double x, const char *label)
{
	if (!parent_ok(chart, MW_NODE_CHART))
		return;
	chart->markers = mw_xrealloc(chart->markers, (chart->n_markers + 1) * sizeof(*chart->markers));
	chart->markers[chart->n_markers].x = x;
	chart->markers[chart->n_markers].label = clean(label);
	chart->n_markers++;
}
