/* SPDX-License-Identifier: MIT */
/* render-json.c: the document as one JSON object for tools (render.h, shape in doc.h). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "memwaste/redact.h"
#include "memwaste/render.h"
#include "memwaste/banned.h"

/*
 * Shape (schema_version 1):
 *   {"schema_version": 1, "generator": "memwaste X.Y.Z", "title": ...,
 *    "summary": ..., <children of the root>, "notes": [...],
 *    "findings": [...], "provenance": {...}}
 * A keyed SECTION is an object under its key; a SECTION without key merges
 * into its parent's object; a LIST is an array of item objects (each with
 * "title" when it has one). Every object holds, in order: "title" (root
 * and list items), "summary", its children in document order, then
 * "notes" (TEXT paragraphs and summaries of merged sections), "findings"
 * and "provenance" when there are any. Keys are unique (doc.h); should
 * a document built by hand hold a duplicate, it gets the same "_2"
 * suffix here.
 *
 * Numbers: integers are written from their int64 text (cJSON keeps
 * doubles, which lose 2^53 + 1 and print 1e+15 in exponent form);
 * non-finite doubles are null.
 */

static const char *const chart_kinds[] = {
	[MW_CHART_WATERFALL] = "waterfall",
	[MW_CHART_STACKED] = "stacked",
	[MW_CHART_LINES] = "lines",
	[MW_CHART_BARS] = "bars",
};

struct jr {
	struct mw_render_ctx c;
	struct mw_buf tmp;
};

/* cJSON returns NULL when malloc fails: abort like mw_xmalloc() does (common.h). */
static cJSON *chk(cJSON *item)
{
	if (!item)
		mw_xmalloc(SIZE_MAX);	/* reports and aborts */
	return item;
}

/* A string after redaction. */
static cJSON *jstr(struct jr *r, const char *s)
{
	if (!s)
		return chk(cJSON_CreateNull());
	mw_buf_reset(&r->tmp);
	mw_render_addstr(&r->c, &r->tmp, s);
	return chk(cJSON_CreateString(r->tmp.buf));
}

static cJSON *jint(int64_t v)
{
	char num[32];
	snprintf(num, sizeof(num), "%" PRId64, v);
	return chk(cJSON_CreateRaw(num));
}

/* Integral doubles below 2^53 print as integers, others as cJSON prints them (%.15g/%.17g). */
static cJSON *jdouble(double d)
{
	if (!isfinite(d))
		return chk(cJSON_CreateNull());
	if (d == floor(d) && fabs(d) < 9007199254740992.0)
		return jint((int64_t)d);
	return chk(cJSON_CreateNumber(d));
}

static void jpush(cJSON *arr, cJSON *item);

static cJSON *jvalue(struct jr *r, const struct mw_value *v, unsigned flags)
{
	if (mw_render_hidden(&r->c, flags))
		return chk(cJSON_CreateNull());
	switch (v->type) {
	case MW_VAL_INT:
		return jint(v->i);
	case MW_VAL_DOUBLE:
		return jdouble(v->d);
	case MW_VAL_BOOL:
		return chk(cJSON_CreateBool(v->i != 0));
	case MW_VAL_ARRAY: {
		cJSON *a = chk(cJSON_CreateArray());
		for (size_t k = 0; k < v->n_arr; k++)
			jpush(a, jdouble(v->arr[k]));
		return a;
	}
	case MW_VAL_STR:
		if (v->s && (flags & MW_F_HOST) && r->c.redactor)
			return chk(cJSON_CreateString(mw_redactor_host(r->c.redactor, v->s)));
		return jstr(r, v->s);
	case MW_VAL_NONE:
	default:
		return chk(cJSON_CreateNull());
	}
}

/* Adds under the (redacted) key, or key_2, key_3... when the object has it already; returns the key used. */
static const char *jadd(struct jr *r, cJSON *obj, const char *key, cJSON *item)
{
	char *k;
	mw_buf_reset(&r->tmp);
	mw_render_addstr(&r->c, &r->tmp, key ? key : "");
	k = mw_xstrdup(r->tmp.buf);
	if (cJSON_GetObjectItemCaseSensitive(obj, k)) {
		for (unsigned n = 2;; n++) {
			char *s = mw_xasprintf("%s_%u", k, n);
			if (!cJSON_GetObjectItemCaseSensitive(obj, s)) {
				free(k);
				k = s;
				break;
			}
			free(s);
		}
	}
	if (!cJSON_AddItemToObject(obj, k, item))
		mw_xmalloc(SIZE_MAX);
	free(k);
	return item->string;
}

static void jpush(cJSON *arr, cJSON *item)
{
	if (!cJSON_AddItemToArray(arr, item))
		mw_xmalloc(SIZE_MAX);
}

/* {"file": ..., "line": ...} with the absent parts left out; NULL when both are absent. */
static cJSON *jsource(struct jr *r, const struct mw_source *src)
{
	cJSON *o;
	if (!src->file && !src->line)
		return NULL;
	o = chk(cJSON_CreateObject());
	if (src->file)
		jadd(r, o, "file", jstr(r, src->file));
	if (src->line)
		jadd(r, o, "line", jint((int64_t)src->line));
	return o;
}

/* An object being filled, with the arrays that go at its end. */
struct jobj {
	cJSON *obj;
	cJSON *notes, *findings, *prov;
};

static cJSON *lazy(cJSON **p, bool object)
{
	if (!*p)
		*p = chk(object ? cJSON_CreateObject() : cJSON_CreateArray());
	return *p;
}

static void fill(struct jr *r, struct jobj *o, const struct mw_node *sec);
static cJSON *section_object(struct jr *r, const struct mw_node *sec, bool titled);

static void add_figure(struct jr *r, struct jobj *o, const struct mw_node *n)
{
	bool hidden = mw_render_hidden(&r->c, n->flags);
	const char *key;
	cJSON *p, *src;

	key = jadd(r, o->obj, n->key, jvalue(r, &n->value, n->flags));
	if (n->confidence == MW_CONF_NONE && !n->src.file && !n->src.line && !n->how && !hidden)
		return;
	p = chk(cJSON_CreateObject());
	if (n->confidence != MW_CONF_NONE)
		jadd(r, p, "confidence", chk(cJSON_CreateString(mw_confidence_name(n->confidence))));
	src = jsource(r, &n->src);
	if (src)
		jadd(r, p, "source", src);
	if (hidden)
		jadd(r, p, "how", chk(cJSON_CreateString(MW_RENDER_HIDDEN_HOW)));
	else if (n->how)
		jadd(r, p, "how", jstr(r, n->how));
	/* under the key the figure got in its object; already redacted, so no second pass */
	if (!cJSON_AddItemToObject(lazy(&o->prov, true), key, p))
		mw_xmalloc(SIZE_MAX);
}

static cJSON *table_array(struct jr *r, const struct mw_node *n)
{
	cJSON *arr = chk(cJSON_CreateArray());
	for (size_t i = 0; i < n->n_rows; i++) {
		const struct mw_row *row = &n->rows[i];
		cJSON *o = chk(cJSON_CreateObject()), *src;
		for (size_t j = 0; j < n->n_columns && j < row->n_cells; j++)
			jadd(r, o, n->columns[j].key, jvalue(r, &row->cells[j], n->columns[j].flags));
		src = jsource(r, &row->src);
		if (src)
			jadd(r, o, "source", src);
		jpush(arr, o);
	}
	return arr;
}

static cJSON *evidence_array(struct jr *r, const struct mw_node *n)
{
	cJSON *arr = chk(cJSON_CreateArray());
	for (size_t i = 0; i < n->n_lines; i++) {
		cJSON *o = chk(cJSON_CreateObject());
		if (n->line_src[i].file)
			jadd(r, o, "file", jstr(r, n->line_src[i].file));
		if (n->line_src[i].line)
			jadd(r, o, "line", jint((int64_t)n->line_src[i].line));
		jadd(r, o, "text", jstr(r, n->lines[i]));
		jpush(arr, o);
	}
	return arr;
}

static cJSON *finding_object(struct jr *r, const struct mw_node *n)
{
	cJSON *o = chk(cJSON_CreateObject());
	jadd(r, o, "id", jstr(r, n->id));
	jadd(r, o, "severity", chk(cJSON_CreateString(mw_level_name(n->level))));
	jadd(r, o, "title", jstr(r, n->title));
	jadd(r, o, "saw", jstr(r, n->text));
	jadd(r, o, "why", jstr(r, n->why));
	jadd(r, o, "advice", jstr(r, n->advice));
	jadd(r, o, "evidence", evidence_array(r, n));
	return o;
}

static cJSON *chart_object(struct jr *r, const struct mw_node *n)
{
	cJSON *o = chk(cJSON_CreateObject()), *series = chk(cJSON_CreateArray()), *markers = chk(cJSON_CreateArray());
	const char *kind = (unsigned)n->chart_kind < MW_ARRAY_SIZE(chart_kinds) ? chart_kinds[n->chart_kind] : NULL;

	jadd(r, o, "kind", kind ? chk(cJSON_CreateString(kind)) : chk(cJSON_CreateNull()));
	jadd(r, o, "title", jstr(r, n->title));
	jadd(r, o, "unit", chk(cJSON_CreateString(mw_unit_name(n->unit))));
	jadd(r, o, "x_is_time", chk(cJSON_CreateBool(n->x_is_time)));
	for (size_t i = 0; i < n->n_series; i++) {
		const struct mw_chart_series *s = &n->series[i];
		cJSON *so = chk(cJSON_CreateObject()), *points = chk(cJSON_CreateArray());
		jadd(r, so, "name", jstr(r, s->name));
		for (size_t j = 0; j < s->n; j++) {
			cJSON *pt = chk(cJSON_CreateArray());
			jpush(pt, jdouble(s->x[j]));
			jpush(pt, jdouble(s->y[j]));
			if (s->labels && s->labels[j])
				jpush(pt, jstr(r, s->labels[j]));
			jpush(points, pt);
		}
		jadd(r, so, "points", points);
		jpush(series, so);
	}
	jadd(r, o, "series", series);
	for (size_t i = 0; i < n->n_markers; i++) {
		cJSON *m = chk(cJSON_CreateObject());
		jadd(r, m, "x", jdouble(n->markers[i].x));
		jadd(r, m, "label", jstr(r, n->markers[i].label));
		jpush(markers, m);
	}
	jadd(r, o, "markers", markers);
	return o;
}

/* Adds the children of `sec` to the object `o` (sections without key recurse into the same object). */
static void fill(struct jr *r, struct jobj *o, const struct mw_node *sec)
{
	for (size_t i = 0; i < sec->n_children; i++) {
		const struct mw_node *n = sec->children[i];
		switch (n->type) {
		case MW_NODE_SECTION:
			if (n->key) {
				jadd(r, o->obj, n->key, section_object(r, n, false));
			} else {
				if (n->summary)
					jpush(lazy(&o->notes, false), jstr(r, n->summary));
				fill(r, o, n);
			}
			break;
		case MW_NODE_LIST: {
			cJSON *arr = chk(cJSON_CreateArray());
			for (size_t j = 0; j < n->n_children; j++)
				if (n->children[j]->type == MW_NODE_SECTION)
					jpush(arr, section_object(r, n->children[j], true));
			jadd(r, o->obj, n->key, arr);
			break;
		}
		case MW_NODE_FIGURE:
			add_figure(r, o, n);
			break;
		case MW_NODE_TABLE:
			jadd(r, o->obj, n->key, table_array(r, n));
			break;
		case MW_NODE_TEXT:
			jpush(lazy(&o->notes, false), jstr(r, n->text));
			break;
		case MW_NODE_FINDING:
			jpush(lazy(&o->findings, false), finding_object(r, n));
			break;
		case MW_NODE_EVIDENCE:
			jadd(r, o->obj, n->key, evidence_array(r, n));
			break;
		case MW_NODE_CHART:
			jadd(r, o->obj, n->key, chart_object(r, n));
			break;
		}
	}
}

static void finish_object(struct jr *r, struct jobj *o)
{
	if (o->notes)
		jadd(r, o->obj, "notes", o->notes);
	if (o->findings)
		jadd(r, o->obj, "findings", o->findings);
	if (o->prov)
		jadd(r, o->obj, "provenance", o->prov);
}

static cJSON *section_object(struct jr *r, const struct mw_node *sec, bool titled)
{
	struct jobj o = { .obj = chk(cJSON_CreateObject()) };
	if (titled && sec->title)
		jadd(r, o.obj, "title", jstr(r, sec->title));
	if (sec->summary)
		jadd(r, o.obj, "summary", jstr(r, sec->summary));
	fill(r, &o, sec);
	finish_object(r, &o);
	return o.obj;
}

int mw_render_json(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out)
{
	struct jr r = { .tmp = MW_BUF_INIT };
	struct jobj root;
	char *text;

	if (!doc || !out)
		return -EINVAL;
	memset(&root, 0, sizeof(root));
	mw_render_ctx_init(&r.c, doc, opts, out);
	root.obj = chk(cJSON_CreateObject());
	jadd(&r, root.obj, "schema_version", jint(1));
	jadd(&r, root.obj, "generator", chk(cJSON_CreateString("memwaste " MW_VERSION)));
	jadd(&r, root.obj, "title", jstr(&r, doc->title));
	if (doc->root) {
		if (doc->root->summary)
			jadd(&r, root.obj, "summary", jstr(&r, doc->root->summary));
		fill(&r, &root, doc->root);
	}
	finish_object(&r, &root);

	text = cJSON_Print(root.obj);
	if (!text)
		mw_xmalloc(SIZE_MAX);
	mw_render_write(&r.c, text, strlen(text));
	mw_render_write(&r.c, "\n", 1);
	cJSON_free(text);
	cJSON_Delete(root.obj);
	mw_buf_release(&r.tmp);
	return mw_render_ctx_finish(&r.c);
}
