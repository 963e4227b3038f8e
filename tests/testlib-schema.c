/* SPDX-License-Identifier: MIT */
/* testlib-schema.c: checks a JSON report against the schema of memwaste-json(5), rule by rule. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "testlib.h"
#include "memwaste/buf.h"
#include "memwaste/banned.h"

/*
 * The schema is written down in man/memwaste-json.5; each rule below
 * quotes the section it checks. Violations are collected as
 * "path: what is wrong" lines so that a failing test says everything at
 * once. No JSON Schema engine: the rules that matter (provenance names a
 * member, a chart is recognised by its members, keys are snake_case) are
 * not what JSON Schema says well, and the suite must not depend on Python.
 */

struct val {
	struct mw_buf *err;
	unsigned n;
	bool strict;	/* every number of a section needs a confidence */
};

static void bad(struct val *v, const char *path, const char *fmt, ...) MW_PRINTF(3, 4);
static void bad(struct val *v, const char *path, const char *fmt, ...)
{
	va_list ap;
	v->n++;
	if (v->n > 50)
		return;
	mw_buf_addf(v->err, "%s: ", *path ? path : "(root)");
	va_start(ap, fmt);
	mw_buf_vaddf(v->err, fmt, ap);
	va_end(ap);
	mw_buf_addch(v->err, '\n');
}

static char *sub(const char *path, const char *key)
{
	return mw_xasprintf("%s%s%s", path, *path ? "." : "", key);
}

static char *idx(const char *path, int i)
{
	return mw_xasprintf("%s.%d", path, i);
}

/* KEYS: lower case letters, digits and underscores, starting with a letter. */
static bool snake_case(const char *k)
{
	if (!k || !(*k >= 'a' && *k <= 'z'))
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_'))
			return false;
	return true;
}

static bool is_scalar(const cJSON *j)
{
	return cJSON_IsNumber(j) || cJSON_IsString(j) || cJSON_IsBool(j) || cJSON_IsNull(j);
}

static bool is_integer(const cJSON *j)
{
	return cJSON_IsNumber(j) && j->valuedouble == floor(j->valuedouble);
}

static bool one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

static void string_or_null(struct val *v, const cJSON *o, const char *path, const char *key, bool required)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, key);
	char *p = sub(path, key);
	if (!m) {
		if (required)
			bad(v, p, "missing");
	} else if (!cJSON_IsString(m) && !cJSON_IsNull(m)) {
		bad(v, p, "must be a string or null");
	}
	free(p);
}

/* SOURCES: {"file": string, "line": integer >= 1}, either may be absent, not both, nothing else. */
static void source(struct val *v, const cJSON *s, const char *path)
{
	const cJSON *m;
	if (!cJSON_IsObject(s)) {
		bad(v, path, "a source must be an object");
		return;
	}
	if (!cJSON_GetArraySize(s))
		bad(v, path, "a source names a file, a line or both");
	cJSON_ArrayForEach(m, s) {
		if (!strcmp(m->string, "file")) {
			if (!cJSON_IsString(m) || !*m->valuestring)
				bad(v, path, "source file must be a non-empty string");
		} else if (!strcmp(m->string, "line")) {
			if (!is_integer(m) || m->valuedouble < 1)
				bad(v, path, "source line must be an integer >= 1");
		} else {
			bad(v, path, "unknown member '%s' in a source", m->string);
		}
	}
}

/* EVIDENCE: [{"file"?, "line"?, "text": string}] */
static void evidence(struct val *v, const cJSON *arr, const char *path)
{
	const cJSON *e;
	int i = 0;
	if (!cJSON_IsArray(arr)) {
		bad(v, path, "evidence must be an array");
		return;
	}
	cJSON_ArrayForEach(e, arr) {
		char *p = idx(path, i++);
		const cJSON *m;
		if (!cJSON_IsObject(e) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "text")))
			bad(v, p, "an evidence line is an object with a string \"text\"");
		else
			cJSON_ArrayForEach(m, e) {
				if (!strcmp(m->string, "file") && !cJSON_IsString(m))
					bad(v, p, "evidence file must be a string");
				else if (!strcmp(m->string, "line") && (!is_integer(m) || m->valuedouble < 1))
					bad(v, p, "evidence line must be an integer >= 1");
				else if (strcmp(m->string, "file") && strcmp(m->string, "line") && strcmp(m->string, "text"))
					bad(v, p, "unknown member '%s' in an evidence line", m->string);
			}
		free(p);
	}
}

/* FINDINGS */
static void finding(struct val *v, const cJSON *f, const char *path)
{
	static const char *const levels[] = { "info", "notice", "warning", "critical", NULL };
	static const char *const known[] = { "id", "severity", "title", "saw", "why", "advice", "evidence", NULL };
	const cJSON *id, *sev, *m;
	char *p;
	if (!cJSON_IsObject(f)) {
		bad(v, path, "a finding must be an object");
		return;
	}
	id = cJSON_GetObjectItemCaseSensitive(f, "id");
	if (!cJSON_IsString(id) || !*id->valuestring || strspn(id->valuestring, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
	    strlen(id->valuestring))
		bad(v, path, "finding id must be lower case words joined by '-'");
	sev = cJSON_GetObjectItemCaseSensitive(f, "severity");
	if (!cJSON_IsString(sev) || !one_of(sev->valuestring, levels))
		bad(v, path, "finding severity must be info, notice, warning or critical");
	string_or_null(v, f, path, "title", true);
	string_or_null(v, f, path, "saw", true);
	string_or_null(v, f, path, "why", true);
	string_or_null(v, f, path, "advice", true);
	p = sub(path, "evidence");
	m = cJSON_GetObjectItemCaseSensitive(f, "evidence");
	if (!m)
		bad(v, p, "missing");
	else
		evidence(v, m, p);
	free(p);
	cJSON_ArrayForEach(m, f)
		if (!one_of(m->string, known))
			bad(v, path, "unknown member '%s' in a finding", m->string);
}

/* CHARTS: recognised by having all of kind, unit, x_is_time, series and markers. */
static bool is_chart(const cJSON *o)
{
	return cJSON_IsObject(o) && cJSON_GetObjectItemCaseSensitive(o, "kind") &&
	       cJSON_GetObjectItemCaseSensitive(o, "unit") && cJSON_GetObjectItemCaseSensitive(o, "x_is_time") &&
	       cJSON_GetObjectItemCaseSensitive(o, "series") && cJSON_GetObjectItemCaseSensitive(o, "markers");
}

static void chart(struct val *v, const cJSON *c, const char *path)
{
	static const char *const kinds[] = { "waterfall", "stacked", "lines", "bars", NULL };
	static const char *const known[] = { "kind", "title", "unit", "x_is_time", "series", "markers", NULL };
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(c, "kind"), *s, *m;
	int i = 0;
	if (!cJSON_IsString(kind) || !one_of(kind->valuestring, kinds))
		bad(v, path, "chart kind must be waterfall, stacked, lines or bars");
	string_or_null(v, c, path, "title", true);
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "unit")))
		bad(v, path, "chart unit must be a string");
	if (!cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(c, "x_is_time")))
		bad(v, path, "x_is_time must be true or false");
	s = cJSON_GetObjectItemCaseSensitive(c, "series");
	if (!cJSON_IsArray(s))
		bad(v, path, "series must be an array");
	cJSON_ArrayForEach(m, s) {
		char *p = idx(path, i++);
		const cJSON *pts = cJSON_GetObjectItemCaseSensitive(m, "points"), *pt;
		string_or_null(v, m, p, "name", true);
		if (!cJSON_IsArray(pts))
			bad(v, p, "points must be an array");
		cJSON_ArrayForEach(pt, pts) {
			int n = cJSON_GetArraySize(pt);
			if (!cJSON_IsArray(pt) || n < 2 || n > 3 ||
			    !(cJSON_IsNumber(cJSON_GetArrayItem(pt, 0)) || cJSON_IsNull(cJSON_GetArrayItem(pt, 0))) ||
			    !(cJSON_IsNumber(cJSON_GetArrayItem(pt, 1)) || cJSON_IsNull(cJSON_GetArrayItem(pt, 1))) ||
			    (n == 3 && !cJSON_IsString(cJSON_GetArrayItem(pt, 2)))) {
				bad(v, p, "a point is [x, y] or [x, y, \"label\"] with numbers or null");
				break;
			}
		}
		free(p);
	}
	if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(c, "markers")))
		bad(v, path, "markers must be an array");
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(c, "markers"))
		if (!cJSON_IsObject(m) || !(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(m, "x")) ||
					    cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(m, "x"))))
			bad(v, path, "a marker is {\"x\": number, \"label\": string}");
	cJSON_ArrayForEach(m, c)
		if (!one_of(m->string, known))
			bad(v, path, "unknown member '%s' in a chart", m->string);
}

static void section(struct val *v, const cJSON *o, const char *path, bool root);

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * Numbers that name or place something rather than measure it need no
 * provenance: identifiers (node, pid, uid, order...), input line numbers,
 * the moment of an event, and oom_score_adj settings.
 */
static bool is_identifier(const char *k)
{
	static const char *const ids[] = { "node", "pid", "uid", "tgid", "order", "cpu", "seq", "line", "time",
					   "uptime_seconds", NULL };
	return one_of(k, ids) || ends_with(k, "_pid") || ends_with(k, "_uid") || ends_with(k, "_line") ||
	       ends_with(k, "oom_score_adj");
}

/* "x_pages" may leave its provenance to a twin "x_bytes" of the same object that has one. */
static bool has_bytes_twin(const cJSON *o, const cJSON *prov, const char *k)
{
	char twin[128];
	size_t n = strlen(k);
	const cJSON *e;
	if (n < 7 || n > 100 || strcmp(k + n - 6, "_pages"))
		return false;
	snprintf(twin, sizeof(twin), "%.*s_bytes", (int)(n - 6), k);
	e = cJSON_GetObjectItemCaseSensitive(prov, twin);
	return cJSON_GetObjectItemCaseSensitive(o, twin) && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "confidence"));
}

/* A table row: scalars under column keys, and "source". */
static bool is_row(const cJSON *o)
{
	const cJSON *m;
	if (!cJSON_IsObject(o))
		return false;
	cJSON_ArrayForEach(m, o)
		if (!is_scalar(m) && strcmp(m->string, "source"))
			return false;
	return true;
}

/* A vector figure: an array of numbers or nulls (a value per buddy order, say). */
static bool is_vector(const cJSON *a)
{
	const cJSON *e;
	if (!cJSON_IsArray(a) || !cJSON_GetArraySize(a))
		return false;
	cJSON_ArrayForEach(e, a)
		if (!cJSON_IsNumber(e) && !cJSON_IsNull(e) && !cJSON_IsRaw(e))
			return false;
	return true;
}

/* An array member: a vector figure, a table (rows), a list (section items) or evidence lines. */
static void array_member(struct val *v, const cJSON *arr, const char *path)
{
	const cJSON *e, *m;
	int i = 0;
	if (is_vector(arr))
		return;
	cJSON_ArrayForEach(e, arr) {
		char *p = idx(path, i++);
		if (!cJSON_IsObject(e)) {
			bad(v, p, "arrays in a report hold objects (table rows, list items, evidence lines)");
		} else if (is_row(e)) {
			cJSON_ArrayForEach(m, e) {
				char *q = sub(p, m->string);
				if (!strcmp(m->string, "source"))
					source(v, m, q);
				else if (!snake_case(m->string))
					bad(v, q, "column key is not snake_case");
				free(q);
			}
		} else {
			section(v, e, p, false);
		}
		free(p);
	}
}

/* PROVENANCE: each key names a scalar member of the same object; confidence, source, how. */
static void provenance(struct val *v, const cJSON *obj, const cJSON *prov, const char *path)
{
	static const char *const confs[] = { "exact", "derived", "estimated", "lower_bound", NULL };
	const cJSON *e, *m;
	if (!cJSON_IsObject(prov)) {
		bad(v, path, "provenance must be an object");
		return;
	}
	cJSON_ArrayForEach(e, prov) {
		char *p = sub(path, e->string);
		const cJSON *fig = cJSON_GetObjectItemCaseSensitive(obj, e->string);
		if (!fig || !(is_scalar(fig) || is_vector(fig)))
			bad(v, p, "provenance for a member that is not a figure of this object");
		if (!cJSON_IsObject(e) || !cJSON_GetArraySize(e))
			bad(v, p, "a provenance entry is a non-empty object");
		cJSON_ArrayForEach(m, e) {
			if (!strcmp(m->string, "confidence")) {
				if (!cJSON_IsString(m) || !one_of(m->valuestring, confs))
					bad(v, p, "confidence must be exact, derived, estimated or lower_bound");
			} else if (!strcmp(m->string, "source")) {
				char *q = sub(p, "source");
				source(v, m, q);
				free(q);
			} else if (!strcmp(m->string, "how")) {
				if (!cJSON_IsString(m))
					bad(v, p, "how must be a string");
			} else {
				bad(v, p, "unknown member '%s' in provenance", m->string);
			}
		}
		free(p);
	}
}

/* SECTIONS (the root, keyed sections and list items). */
static void section(struct val *v, const cJSON *o, const char *path, bool root)
{
	const cJSON *m, *prov = cJSON_GetObjectItemCaseSensitive(o, "provenance");
	cJSON_ArrayForEach(m, o) {
		char *p = sub(path, m->string);
		const char *k = m->string;
		if (!snake_case(k)) {
			bad(v, p, "key is not snake_case");
		} else if (root && (!strcmp(k, "schema_version") || !strcmp(k, "generator"))) {
			/* checked by the caller */
		} else if (!strcmp(k, "title") || !strcmp(k, "summary")) {
			if (!cJSON_IsString(m) && !(root && cJSON_IsNull(m)))
				bad(v, p, "must be a string");
		} else if (!strcmp(k, "notes")) {
			const cJSON *n;
			if (!cJSON_IsArray(m))
				bad(v, p, "notes must be an array of strings");
			cJSON_ArrayForEach(n, m)
				if (!cJSON_IsString(n))
					bad(v, p, "notes must be an array of strings");
		} else if (!strcmp(k, "findings")) {
			const cJSON *f;
			int i = 0;
			if (!cJSON_IsArray(m))
				bad(v, p, "findings must be an array");
			cJSON_ArrayForEach(f, m) {
				char *q = idx(p, i++);
				finding(v, f, q);
				free(q);
			}
		} else if (!strcmp(k, "provenance")) {
			provenance(v, o, m, p);
		} else if (is_chart(m)) {
			chart(v, m, p);
		} else if (cJSON_IsObject(m)) {
			section(v, m, p, false);
		} else if (cJSON_IsArray(m)) {
			array_member(v, m, p);
		} else if (cJSON_IsNumber(m) && v->strict && !is_identifier(k) && !has_bytes_twin(o, prov, k)) {
			/* FIGURES: every number says how it is known */
			const cJSON *e = cJSON_GetObjectItemCaseSensitive(prov, k);
			if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "confidence")))
				bad(v, p, "a numeric figure without a confidence in provenance");
		}
		free(p);
	}
}

unsigned mw_test_json_validate(const cJSON *doc, bool strict, struct mw_buf *errors)
{
	struct val v = { .err = errors, .strict = strict };
	const cJSON *sv, *gen;
	if (!cJSON_IsObject(doc)) {
		bad(&v, "", "a report is a JSON object");
		return v.n;
	}
	/* TOP LEVEL: schema_version 1, generator "memwaste X.Y.Z", title first */
	sv = cJSON_GetObjectItemCaseSensitive(doc, "schema_version");
	if (!is_integer(sv) || sv->valuedouble != 1)
		bad(&v, "schema_version", "must be the integer 1");
	gen = cJSON_GetObjectItemCaseSensitive(doc, "generator");
	if (!cJSON_IsString(gen) || strncmp(gen->valuestring, "memwaste ", 9))
		bad(&v, "generator", "must be \"memwaste VERSION\"");
	if (!cJSON_GetObjectItemCaseSensitive(doc, "title"))
		bad(&v, "title", "missing");
	if (!doc->child || strcmp(doc->child->string, "schema_version"))
		bad(&v, "", "schema_version must come first");
	section(&v, doc, "", true);
	return v.n;
}
