/* SPDX-License-Identifier: MIT */
/* render-html.c: the document as one self-contained HTML page with inline SVG charts (render.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "memwaste/render.h"
#include "memwaste/banned.h"

/*
 * One file a support engineer attaches to a ticket and anyone opens
 * offline, months later:
 *   - self-contained: inline CSS, inline SVG, system fonts; no script at
 *     all, and a Content-Security-Policy (default-src 'none') so that not
 *     even a string slipped past escaping could load anything;
 *   - readable without JavaScript and printable (@media print drops the
 *     contents list and keeps figures and tables whole on a page);
 *   - every string from the document is escaped for HTML (& < > " '),
 *     after redaction; SVG text is HTML text (inline SVG in HTML).
 *
 * Layout: header (title, verdict), contents, summary (the summary view as
 * cards: summary paragraph, key figures, finding headlines linking to the
 * findings), then the details of every section: figures with confidence,
 * source and method; tables (numbers right-aligned, tabular digits);
 * findings as boxes coloured by severity with their evidence; evidence
 * blocks; charts as SVG with a legend, markers numbered on the chart and
 * listed under it, and the data as a table folded under the drawing.
 *
 * Charts (doc.h gives the meaning of the points):
 *   WATERFALL  horizontal bars, one row per point: totals from zero, each
 *              step floating between the level before and after it;
 *   STACKED    stacked areas over x (time), series in order from the bottom;
 *   LINES      one line per series, dots when there are few points;
 *   BARS       grouped vertical bars, a group per category, a bar per
 *              series; a logarithmic axis when the values span more than
 *              three orders of magnitude (free blocks per order do).
 * Colours are the Okabe-Ito palette (distinguishable with colour blindness);
 * beyond eight series lines also change their dash pattern.
 */

#define FLUSH_AT 65536
#define DATA_ROWS_MAX 500	/* rows of a chart's data table */
#define DOTS_MAX 80		/* points drawn as dots on line charts */

struct hr {
	struct mw_render_ctx c;
	struct mw_buf b;
	struct mw_buf tmp;
	unsigned charts;	/* charts drawn, for unique ids */
	unsigned sections;	/* headings with an id */
	unsigned findings;	/* findings, numbered in document order */
	const struct mw_node **finding_nodes;	/* finding -> its number (index + 1) */
	size_t n_finding_nodes, alloc_finding_nodes;
};

static const char *const palette[] = {
	"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f7f7f", "#f0e442",
};
#define NCOLORS (sizeof(palette) / sizeof(palette[0]))

static const char css[] =
	":root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;"
	"--info:#0969da;--notice:#1a7f37;--warning:#9a6700;--critical:#cf222e}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,'Segoe UI',"
	"Roboto,'Noto Sans','DejaVu Sans',sans-serif}\n"
	"main{max-width:1060px;margin:0 auto;padding:24px 28px 48px}\n"
	"h1{font-size:26px;margin:0 0 6px}h2{font-size:21px;margin:36px 0 10px;padding-bottom:4px;"
	"border-bottom:1px solid var(--line)}h3{font-size:18px;margin:26px 0 8px}h4{font-size:16px;margin:20px 0 6px}"
	"h5,h6{font-size:15px;margin:16px 0 6px}\n"
	".meta{color:var(--muted);margin:0 0 14px;font-size:13px}\n"
	".verdict{font-size:17px;padding:12px 16px;border-left:5px solid var(--muted);background:var(--soft);"
	"margin:0 0 8px}\n"
	".verdict.sev-critical{border-color:var(--critical)}.verdict.sev-warning{border-color:var(--warning)}"
	".verdict.sev-notice{border-color:var(--notice)}.verdict.sev-info{border-color:var(--info)}\n"
	"nav.toc{font-size:14px;margin:10px 0}nav.toc ol{margin:4px 0;padding-left:22px}\n"
	"a{color:var(--info)}\n"
	".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:14px}\n"
	".card{border:1px solid var(--line);border-radius:6px;padding:10px 14px}\n"
	".card h3,.card h4{margin:4px 0 6px}\n"
	".card p{margin:4px 0 8px}\n"
	"dl.kv{display:grid;grid-template-columns:auto auto;gap:2px 16px;margin:6px 0}\n"
	"dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;text-align:right;font-variant-numeric:tabular-nums;"
	"white-space:nowrap}\n"
	"ul.heads{list-style:none;padding:0;margin:6px 0}ul.heads li{margin:3px 0}\n"
	".badge{display:inline-block;font-size:11px;font-weight:700;letter-spacing:.04em;color:#fff;"
	"border-radius:3px;padding:1px 6px;vertical-align:1px;background:var(--muted)}\n"
	".sev-critical .badge,.badge.sev-critical{background:var(--critical)}"
	".sev-warning .badge,.badge.sev-warning{background:var(--warning)}"
	".sev-notice .badge,.badge.sev-notice{background:var(--notice)}"
	".sev-info .badge,.badge.sev-info{background:var(--info)}\n"
	".conf{font-size:12px;color:var(--muted)}\n"
	"table{border-collapse:collapse;margin:8px 0 14px;font-size:14px}\n"
	".tw{overflow-x:auto;max-width:100%}\n"
	"th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}\n"
	"th{background:var(--soft);font-weight:600}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"td.src{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:12px;color:var(--muted);"
	"white-space:nowrap}\n"
	"table.figures{width:100%}table.figures td:first-child{min-width:14em}"
	"table.figures td.s{min-width:12em;overflow-wrap:anywhere}\n"
	".how{font-size:12px;color:var(--muted)}\n"
	".caption{font-weight:600;margin:16px 0 2px}\n"
	".finding{border:1px solid var(--line);border-left:5px solid var(--muted);border-radius:4px;"
	"padding:8px 14px;margin:14px 0;break-inside:avoid}\n"
	".finding.sev-critical{border-left-color:var(--critical)}.finding.sev-warning{border-left-color:var(--warning)}"
	".finding.sev-notice{border-left-color:var(--notice)}.finding.sev-info{border-left-color:var(--info)}\n"
	".finding h4{margin:4px 0 6px}.finding dl{margin:0}.finding dt{font-weight:600;margin-top:4px}"
	".finding dd{margin:0 0 0 0}\n"
	"code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:13px;background:var(--soft);"
	"padding:0 3px;border-radius:3px}\n"
	"pre{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:12.5px;background:var(--soft);"
	"border:1px solid var(--line);border-radius:4px;padding:8px 10px;overflow-x:auto;white-space:pre-wrap;"
	"word-break:break-all;margin:6px 0 12px}\n"
	"pre .src{color:var(--muted)}\n"
	"figure.chart{margin:16px 0 22px;break-inside:avoid}\n"
	"figure.chart figcaption{font-weight:600;margin-bottom:4px}\n"
	"figure.chart svg{width:100%;height:auto;max-width:960px;display:block}\n"
	"svg text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;"
	"fill:#1b1f24}\n"
	"svg .axis{stroke:#8c959f;stroke-width:1}svg .grid{stroke:#eaeef2;stroke-width:1}"
	"svg .tick{font-size:11px;fill:#57606a}svg .mark{stroke:#cf222e;stroke-width:1.2;stroke-dasharray:4 3}"
	"svg .marknum{font-size:10px;font-weight:700;fill:#fff}svg .val{font-size:11px;fill:#1b1f24}"
	"svg .lbl{font-size:12px}\n"
	".legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px;margin:4px 0;padding:0;list-style:none}\n"
	".legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;"
	"vertical-align:-1px}\n"
	"ol.markers{font-size:13px;margin:4px 0;padding-left:22px}\n"
	"details{margin:4px 0 10px}summary{cursor:pointer;color:var(--muted);font-size:13px}\n"
	"footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}\n"
	"@media print{body{font-size:11pt}main{max-width:none;padding:0}nav.toc{display:none}"
	"h2,h3,h4{break-after:avoid}table,pre,.card{break-inside:avoid}a{color:inherit;text-decoration:none}"
	"details>summary{display:none}.tw{overflow:visible}}\n";

/* ---- output ---- */

static void flush(struct hr *h)
{
	mw_render_write(&h->c, h->b.buf, h->b.len);
	mw_buf_reset(&h->b);
}

static void put(struct hr *h, const char *s)
{
	mw_buf_addstr(&h->b, s);
	if (h->b.len >= FLUSH_AT)
		flush(h);
}

static void putf(struct hr *h, const char *fmt, ...) MW_PRINTF(2, 3);
static void putf(struct hr *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mw_buf_vaddf(&h->b, fmt, ap);
	va_end(ap);
	if (h->b.len >= FLUSH_AT)
		flush(h);
}

/* Appends already redacted text, escaped for HTML (text and attribute values alike). */
static void esc_raw(struct mw_buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': mw_buf_addstr(b, "&amp;"); break;
		case '<': mw_buf_addstr(b, "&lt;"); break;
		case '>': mw_buf_addstr(b, "&gt;"); break;
		case '"': mw_buf_addstr(b, "&quot;"); break;
		case '\'': mw_buf_addstr(b, "&#39;"); break;
		default: mw_buf_addch(b, s[i]);
		}
	}
}

/* A document string: redacted, then escaped. */
static void esc(struct hr *h, const char *s)
{
	if (!s)
		return;
	mw_buf_reset(&h->tmp);
	mw_render_addstr(&h->c, &h->tmp, s);
	esc_raw(&h->b, h->tmp.buf, h->tmp.len);
}

static void esc_value(struct hr *h, const struct mw_value *v, enum mw_unit unit, unsigned flags)
{
	mw_buf_reset(&h->tmp);
	mw_render_addvalue(&h->c, &h->tmp, v, unit, flags);
	esc_raw(&h->b, h->tmp.buf, h->tmp.len);
}

/* A source; long paths may break after each '/' (the cell does not wrap otherwise). */
static void esc_source(struct hr *h, const struct mw_source *src)
{
	const char *p, *q;
	mw_buf_reset(&h->tmp);
	mw_render_addsource(&h->c, &h->tmp, src);
	for (p = h->tmp.buf; (q = strchr(p, '/')); p = q + 1) {
		esc_raw(&h->b, p, (size_t)(q - p) + 1);
		mw_buf_addstr(&h->b, "<wbr>");
	}
	esc_raw(&h->b, p, strlen(p));
}

/* A number in its unit, escaped. */
static void esc_num(struct hr *h, double v, enum mw_unit unit)
{
	struct mw_value val = { .type = MW_VAL_DOUBLE, .d = v };
	char tmp[128];
	mw_format_value(tmp, sizeof(tmp), &val, unit);
	esc_raw(&h->b, tmp, strlen(tmp));
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

/* The number of a finding (1, 2...) in document order, given on first sight. */
static unsigned finding_number(struct hr *h, const struct mw_node *n)
{
	for (size_t i = 0; i < h->n_finding_nodes; i++)
		if (h->finding_nodes[i] == n)
			return (unsigned)i + 1;
	MW_GROW(h->finding_nodes, h->alloc_finding_nodes, h->n_finding_nodes + 1);
	h->finding_nodes[h->n_finding_nodes++] = n;
	return (unsigned)h->n_finding_nodes;
}

static void badge(struct hr *h, enum mw_severity_level l)
{
	putf(h, "<span class=\"badge sev-%s\">%s</span>", mw_level_name(l), level_tag(l));
}

/* ---- charts: scales and axes ---- */

struct axis {
	double lo, hi;		/* data range shown */
	double px0, px1;	/* pixels it maps to */
	bool log;
};

static double map(const struct axis *a, double v)
{
	double t;
	if (a->log) {
		double l0 = log10(a->lo), l1 = log10(a->hi);
		t = (log10(fmax(v, a->lo)) - l0) / (l1 - l0);
	} else {
		t = (v - a->lo) / (a->hi - a->lo);
	}
	return a->px0 + t * (a->px1 - a->px0);
}

/* A step of 1, 2 or 5 times a power of `base` (10, or 1024-scaled bytes) giving at most `max` intervals. */
static double nice_step(double span, int max)
{
	double raw = span / max, p = pow(10, floor(log10(raw))), m = raw / p;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/* Byte-like units tick at round binary sizes: "2 GiB", "512 MiB". */
static bool is_bytes(enum mw_unit u)
{
	return u == MW_UNIT_BYTES || u == MW_UNIT_KB;
}

static double unit_factor(enum mw_unit u)
{
	return u == MW_UNIT_KB ? 1024.0 : 1.0;
}

/* Sets the axis range to nice ticks around [lo, hi]; returns the step (0 for log axes). */
static double nice_axis(struct axis *a, double lo, double hi, enum mw_unit unit, int max)
{
	double step, f = unit_factor(unit);
	if (a->log) {
		/* from 0.5 so that a count of 1 is a visible bar; ticks from 1 */
		a->lo = 0.5;
		a->hi = pow(10, ceil(log10(fmax(hi, 10))));
		return 0;
	}
	if (!(hi > lo)) {
		hi = lo + (lo ? fabs(lo) : 1);
	}
	if (is_bytes(unit)) {
		/* steps in the unit of the largest value: 23.2 GiB, 23.4 GiB rather than 23.0469 GiB */
		double span = (hi - lo) * f, scale = 1, top = fmax(fabs(lo), fabs(hi)) * f;
		while (top / scale >= 1024 && scale < 1152921504606846976.0)
			scale *= 1024;
		step = nice_step(span / scale, max) * scale / f;
	} else {
		step = nice_step(hi - lo, max);
	}
	a->lo = floor(lo / step) * step;
	a->hi = ceil(hi / step) * step;
	if (a->hi == a->lo)
		a->hi = a->lo + step;
	return step;
}

/* A tick label: compact binary sizes, else the unit's usual form. */
static void tick_label(char *out, size_t sz, double v, enum mw_unit unit)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	if (is_bytes(unit)) {
		double b = v * unit_factor(unit), a = fabs(b);
		size_t k = 0;
		while (a >= 1024 && k + 1 < MW_ARRAY_SIZE(units)) {
			a /= 1024;
			b /= 1024;
			k++;
		}
		snprintf(out, sz, "%g %s", fabs(b) < 1e-9 ? 0 : b, units[k]);
		return;
	}
	mw_format_value(out, sz, &(struct mw_value){ .type = MW_VAL_DOUBLE, .d = v }, unit);
}

static const double time_steps[] = {
	1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
	86400, 172800, 604800, 1209600, 2592000, 7776000, 31536000,
};

static double time_step(double span, int max)
{
	for (size_t i = 0; i < MW_ARRAY_SIZE(time_steps); i++)
		if (span / time_steps[i] <= max)
			return time_steps[i];
	return nice_step(span, max);
}

static void time_label(char *out, size_t sz, double t, double step, double span)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, sz, "%g", t);
		return;
	}
	if (step >= 86400)
		strftime(out, sz, "%Y-%m-%d", &tm);
	else if (span >= 86400)
		strftime(out, sz, "%m-%d %H:%M", &tm);
	else if (step < 60)
		strftime(out, sz, "%H:%M:%S", &tm);
	else
		strftime(out, sz, "%H:%M", &tm);
}

static void text_at(struct hr *h, double x, double y, const char *cls, const char *anchor, const char *s)
{
	putf(h, "<text x=\"%.1f\" y=\"%.1f\" class=\"%s\" text-anchor=\"%s\">", x, y, cls, anchor);
	esc_raw(&h->b, s, strlen(s));
	put(h, "</text>");
}

/* Horizontal grid lines and labels of a value axis drawn vertically. */
static void y_axis(struct hr *h, const struct axis *a, double step, enum mw_unit unit, double x0, double x1)
{
	char lab[64];
	if (a->log) {
		for (double v = 1; v <= a->hi * 1.0001; v *= 10) {
			double y = map(a, v);
			putf(h, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, y, x1, y);
			tick_label(lab, sizeof(lab), v, unit);
			text_at(h, x0 - 6, y + 4, "tick", "end", lab);
		}
		return;
	}
	for (int i = 0; i <= 40; i++) {
		double v = a->lo + i * step, y;
		if (v > a->hi + step / 1e6)
			break;
		y = map(a, v);
		putf(h, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, y, x1, y);
		tick_label(lab, sizeof(lab), v, unit);
		text_at(h, x0 - 6, y + 4, "tick", "end", lab);
	}
}

/* Ticks of an x axis (time or number) under the plot at y. */
static void x_axis(struct hr *h, const struct axis *a, bool is_time, double y)
{
	double span = a->hi - a->lo, step = is_time ? time_step(span, 7) : nice_step(span, 8);
	double first = ceil(a->lo / step) * step;
	char lab[64];
	for (int i = 0; i < 60; i++) {
		double v = first + i * step, x;
		if (v > a->hi + step / 1e6)
			break;
		x = map(a, v);
		putf(h, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x, y, x, y + 4);
		if (is_time)
			time_label(lab, sizeof(lab), v, step, span);
		else
			tick_label(lab, sizeof(lab), v, MW_UNIT_NONE);
		text_at(h, x, y + 17, "tick", "middle", lab);
	}
}

static void svg_open(struct hr *h, double w, double ht, const struct mw_node *n)
{
	unsigned id = ++h->charts;
	putf(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		"aria-labelledby=\"chart%u-t\"><title id=\"chart%u-t\">", w, ht, id, id);
	esc(h, n->title ? n->title : "Chart");
	put(h, "</title>");
}

static void legend(struct hr *h, const struct mw_node *n)
{
	if (n->n_series < 2)
		return;
	put(h, "<ul class=\"legend\">");
	for (size_t i = 0; i < n->n_series; i++) {
		putf(h, "<li><i style=\"background:%s\"></i>", palette[i % NCOLORS]);
		esc(h, n->series[i].name ? n->series[i].name : "");
		put(h, "</li>");
	}
	put(h, "</ul>");
}

/* ---- the four kinds ---- */

static void waterfall(struct hr *h, const struct mw_node *n)
{
	const struct mw_chart_series *s = &n->series[0];
	const double W = 760, row = 28, top = 10;
	double labw = 80, hi = 0, lo = INFINITY, H, x0, x1, tick, start = 0;
	bool broken;
	struct axis a;
	char lab[64];

	for (size_t j = 0; j < s->n; j++) {
		mw_buf_reset(&h->tmp);
		mw_render_addstr(&h->c, &h->tmp, s->labels && s->labels[j] ? s->labels[j] : "");
		labw = fmax(labw, 7.0 * (double)mw_render_width(h->tmp.buf, h->tmp.len) + 14);
		if (isfinite(s->y[j])) {
			hi = fmax(hi, s->y[j]);
			lo = fmin(lo, s->y[j]);
		}
	}
	/*
	 * Boot steps are MiB out of GiB: on an axis from zero they vanish. When
	 * every level is above half the largest, the axis starts near the
	 * lowest level instead, the totals are drawn cut (a break mark) and a
	 * note says so.
	 */
	broken = hi > 0 && lo > 0.5 * hi && hi > lo;
	if (broken)
		start = fmax(0, lo - (hi - lo) * 0.6);
	labw = fmin(labw, 300);
	x0 = labw;
	x1 = W - 100;
	H = top + row * (double)s->n + 30;
	a = (struct axis){ .px0 = x0, .px1 = x1 };
	tick = nice_axis(&a, start, hi, n->unit, 6);
	if (!broken)
		a.lo = 0;
	svg_open(h, W, H, n);
	for (int i = 0; i <= 40; i++) {	/* vertical grid */
		double v = a.lo + tick * i, x = map(&a, v);
		if (v > a.hi + tick / 1e6)
			break;
		putf(h, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x, top, x,
		     top + row * (double)s->n);
		tick_label(lab, sizeof(lab), v, n->unit);
		text_at(h, x, top + row * (double)s->n + 16, "tick", "middle", lab);
	}
	for (size_t j = 0; j < s->n; j++) {
		bool total = mw_render_waterfall_total(j, s->n);
		double y = top + row * (double)j, from, to, step = 0, bx0, bx1;
		const char *color;
		if (!isfinite(s->y[j]) || (!total && !isfinite(s->y[j - 1])))
			continue;
		from = total ? a.lo : s->y[j - 1];
		to = s->y[j];
		step = total ? 0 : to - from;
		bx0 = map(&a, fmin(from, to));
		bx1 = map(&a, fmax(from, to));
		if (bx1 - bx0 < 1.5)	/* a step too small to see still shows */
			bx1 = bx0 + 1.5;
		color = total ? "#0072b2" : step < 0 ? "#d55e00" : "#009e73";
		mw_buf_reset(&h->tmp);
		mw_render_addstr(&h->c, &h->tmp, s->labels && s->labels[j] ? s->labels[j] : "");
		put(h, "<g>");
		putf(h, "<text x=\"%.1f\" y=\"%.1f\" class=\"lbl\" text-anchor=\"end\">", x0 - 8, y + row / 2 + 4);
		esc_raw(&h->b, h->tmp.buf, h->tmp.len);
		put(h, "</text>");
		putf(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>", bx0, y + 5,
		     bx1 - bx0, row - 10, color);
		esc_raw(&h->b, h->tmp.buf, h->tmp.len);
		put(h, ": ");
		if (!total) {
			esc_num(h, step, n->unit);
			put(h, ", leaving ");
		}
		esc_num(h, to, n->unit);
		put(h, "</title></rect>");
		if (total && broken)	/* the break mark: this bar does not start at zero */
			putf(h, "<path d=\"M%.1f,%.1fl6,%.1fM%.1f,%.1fl6,%.1f\" stroke=\"#fff\" stroke-width=\"2.5\"/>",
			     bx0 + 8, y + row - 3, -(row - 6), bx0 + 14, y + row - 3, -(row - 6));
		if (j + 1 < s->n)	/* connector to the next bar */
			putf(h, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8c959f\" "
				"stroke-dasharray=\"2 2\"/>", map(&a, to), y + row - 5, map(&a, to), y + row + 5);
		mw_format_value(lab, sizeof(lab), &(struct mw_value){ .type = MW_VAL_DOUBLE, .d = total ? to : step },
				n->unit);
		putf(h, "<text x=\"%.1f\" y=\"%.1f\" class=\"val\">%s%s</text>", fmax(bx1, map(&a, from)) + 6,
		     y + row / 2 + 4, !total && step > 0 ? "+" : "", lab);
		put(h, "</g>");
	}
	putf(h, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, top, x0,
	     top + row * (double)s->n);
	put(h, "</svg>");
	if (broken) {
		tick_label(lab, sizeof(lab), a.lo, n->unit);
		put(h, "<div class=\"how\">The axis starts at ");
		esc_raw(&h->b, lab, strlen(lab));
		put(h, ", not at zero, so that the steps show; the bars of the totals are cut (the white break).</div>");
	}
}

/* y of series s at x: its point, else interpolated between its neighbours, else 0 (stacked charts). */
static double value_at(const struct mw_chart_series *s, double x)
{
	size_t before = s->n, after = s->n;
	for (size_t j = 0; j < s->n; j++) {
		if (!isfinite(s->y[j]))
			continue;
		if (s->x[j] == x)
			return s->y[j];
		if (s->x[j] < x && (before == s->n || s->x[j] > s->x[before]))
			before = j;
		if (s->x[j] > x && (after == s->n || s->x[j] < s->x[after]))
			after = j;
	}
	if (before == s->n || after == s->n)
		return 0;
	return s->y[before] + (s->y[after] - s->y[before]) * (x - s->x[before]) / (s->x[after] - s->x[before]);
}

/* The markers' indices in time order (stable): they are numbered 1, 2... along the axis. */
static size_t *marker_order(const struct mw_node *n)
{
	size_t *o = mw_xcalloc(n->n_markers + 1, sizeof(*o));
	for (size_t i = 0; i < n->n_markers; i++) {
		size_t j = i;
		while (j && n->markers[o[j - 1]].x > n->markers[i].x) {
			o[j] = o[j - 1];
			j--;
		}
		o[j] = i;
	}
	return o;
}

/* Markers: a dashed line and a numbered tag each; listed under the chart. */
static void markers(struct hr *h, const struct mw_node *n, const struct axis *xa, double top, double bottom)
{
	char num[24];
	size_t *order = marker_order(n);
	for (size_t k = 0; k < n->n_markers; k++) {
		size_t i = order[k];
		double x = map(xa, n->markers[i].x);
		if (!isfinite(x) || x < xa->px0 - 0.5 || x > xa->px1 + 0.5)
			continue;
		put(h, "<g>");
		putf(h, "<line class=\"mark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x, top + 8, x, bottom);
		putf(h, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"8\" fill=\"#cf222e\"><title>", x, top + 1);
		esc(h, n->markers[i].label);
		put(h, "</title></circle>");
		snprintf(num, sizeof(num), "%zu", k + 1);
		text_at(h, x, top + 4.5, "marknum", "middle", num);
		put(h, "</g>");
	}
	free(order);
}

static void marker_list(struct hr *h, const struct mw_node *n)
{
	if (!n->n_markers)
		return;
	size_t *order = marker_order(n);
	put(h, "<ol class=\"markers\">");
	for (size_t k = 0; k < n->n_markers; k++) {
		size_t i = order[k];
		put(h, "<li>");
		esc_num(h, n->markers[i].x, n->x_is_time ? MW_UNIT_TIME : MW_UNIT_NONE);
		put(h, ": ");
		esc(h, n->markers[i].label);
		put(h, "</li>");
	}
	put(h, "</ol>");
	free(order);
}

/* STACKED and LINES: values over x (time). */
static void over_x(struct hr *h, const struct mw_node *n)
{
	const double W = 760, H = 320, L = 86, R = 20, T = 22, B = 40;
	struct axis xa = { .px0 = L, .px1 = W - R }, ya = { .px0 = H - B, .px1 = T };
	bool stacked = n->chart_kind == MW_CHART_STACKED;
	size_t total = 0, nx = 0;
	double *xs, *base, xlo = INFINITY, xhi = -INFINITY, ylo = 0, yhi = 0, step;

	for (size_t i = 0; i < n->n_series; i++)
		total += n->series[i].n;
	nx = mw_render_chart_xs(n, &xs);
	base = mw_xcalloc(nx + 1, sizeof(*base));
	for (size_t j = 0; j < nx; j++) {
		xlo = fmin(xlo, xs[j]);
		xhi = fmax(xhi, xs[j]);
	}
	for (size_t i = 0; i < n->n_markers; i++)
		if (isfinite(n->markers[i].x)) {
			xlo = fmin(xlo, n->markers[i].x);
			xhi = fmax(xhi, n->markers[i].x);
		}
	if (stacked) {
		for (size_t j = 0; j < nx; j++) {
			double sum = 0;
			for (size_t i = 0; i < n->n_series; i++)
				sum += fmax(0, value_at(&n->series[i], xs[j]));
			yhi = fmax(yhi, sum);
		}
	} else {
		bool any = false;
		for (size_t i = 0; i < n->n_series; i++)
			for (size_t j = 0; j < n->series[i].n; j++)
				if (isfinite(n->series[i].y[j])) {
					ylo = any ? fmin(ylo, n->series[i].y[j]) : fmin(0, n->series[i].y[j]);
					yhi = any ? fmax(yhi, n->series[i].y[j]) : n->series[i].y[j];
					any = true;
				}
	}
	if (!(xhi > xlo)) {
		double pad = n->x_is_time ? 60 : 1;
		xlo = isfinite(xlo) ? xlo - pad : 0;
		xhi = isfinite(xhi) ? xhi + pad : 1;
	}
	xa.lo = xlo;
	xa.hi = xhi;
	step = nice_axis(&ya, ylo, yhi, n->unit, 5);
	svg_open(h, W, H, n);
	y_axis(h, &ya, step, n->unit, L, W - R);
	x_axis(h, &xa, n->x_is_time, H - B);
	if (stacked) {
		for (size_t i = 0; i < n->n_series; i++) {
			putf(h, "<path fill=\"%s\" fill-opacity=\"0.85\" stroke=\"#fff\" stroke-width=\"0.5\" d=\"",
			     palette[i % NCOLORS]);
			for (size_t j = 0; j < nx; j++)
				putf(h, "%s%.1f,%.1f", j ? "L" : "M", map(&xa, xs[j]),
				     map(&ya, base[j] + fmax(0, value_at(&n->series[i], xs[j]))));
			for (size_t j = nx; j-- > 0;)
				putf(h, "L%.1f,%.1f", map(&xa, xs[j]), map(&ya, base[j]));
			put(h, "Z\"><title>");
			esc(h, n->series[i].name);
			put(h, "</title></path>");
			for (size_t j = 0; j < nx; j++)
				base[j] += fmax(0, value_at(&n->series[i], xs[j]));
		}
	} else {
		for (size_t i = 0; i < n->n_series; i++) {
			const struct mw_chart_series *s = &n->series[i];
			bool pen = false;
			putf(h, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s d=\"", palette[i % NCOLORS],
			     i >= NCOLORS ? " stroke-dasharray=\"6 3\"" : "");
			for (size_t j = 0; j < s->n; j++) {
				if (!isfinite(s->y[j]) || !isfinite(s->x[j])) {
					pen = false;
					continue;
				}
				putf(h, "%s%.1f,%.1f", pen ? "L" : "M", map(&xa, s->x[j]), map(&ya, s->y[j]));
				pen = true;
			}
			put(h, "\"/>");
			if (total > DOTS_MAX)
				continue;
			for (size_t j = 0; j < s->n; j++) {
				if (!isfinite(s->y[j]) || !isfinite(s->x[j]))
					continue;
				putf(h, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>", map(&xa, s->x[j]),
				     map(&ya, s->y[j]), palette[i % NCOLORS]);
				esc(h, s->name);
				put(h, ": ");
				esc_num(h, s->y[j], n->unit);
				put(h, " at ");
				esc_num(h, s->x[j], n->x_is_time ? MW_UNIT_TIME : MW_UNIT_NONE);
				if (s->labels && s->labels[j]) {
					put(h, " (");
					esc(h, s->labels[j]);
					put(h, ")");
				}
				put(h, "</title></circle>");
			}
		}
	}
	markers(h, n, &xa, T, H - B);
	putf(h, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", L, H - B, W - R, H - B);
	putf(h, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", L, T, L, H - B);
	put(h, "</svg>");
	legend(h, n);
	if (n->x_is_time && nx) {
		put(h, "<div class=\"how\">Times in UTC, from ");
		esc_num(h, xs[0], MW_UNIT_TIME);
		put(h, " to ");
		esc_num(h, xs[nx - 1], MW_UNIT_TIME);
		put(h, ".</div>");
	}
	marker_list(h, n);
	free(xs);
	free(base);
}

/* BARS: a group per category (x), a bar per series. */
static void bars(struct hr *h, const struct mw_node *n)
{
	const double W = 760, H = 300, L = 86, R = 16, T = 16, B = 44;
	struct mw_doc *scratch = mw_doc_new(NULL);
	const struct mw_node *t = mw_render_chart_table(scratch, n, false);
	struct axis ya = { .px0 = H - B, .px1 = T };
	double lo = INFINITY, hi = 0, step, gw, bw;
	size_t ncat = t ? t->n_rows : 0;

	for (size_t r = 0; r < ncat; r++)
		for (size_t i = 1; i < t->n_columns; i++)
			if (t->rows[r].cells[i].type == MW_VAL_DOUBLE && t->rows[r].cells[i].d > 0) {
				lo = fmin(lo, t->rows[r].cells[i].d);
				hi = fmax(hi, t->rows[r].cells[i].d);
			}
	ya.log = hi > 0 && hi / lo > 1000;
	step = nice_axis(&ya, 0, hi, n->unit, 5);
	svg_open(h, W, H, n);
	y_axis(h, &ya, step, n->unit, L, W - R);
	gw = ncat ? (W - L - R) / (double)ncat : 0;
	bw = n->n_series ? gw * 0.8 / (double)n->n_series : 0;
	for (size_t r = 0; r < ncat; r++) {
		double gx = L + gw * (double)r;
		mw_buf_reset(&h->tmp);
		mw_render_addvalue(&h->c, &h->tmp, &t->rows[r].cells[0], MW_UNIT_NONE, 0);
		put(h, "<g>");
		putf(h, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">", gx + gw / 2, H - B + 16);
		esc_raw(&h->b, h->tmp.buf, h->tmp.len);
		put(h, "</text>");
		for (size_t i = 1; i < t->n_columns; i++) {
			const struct mw_value *v = &t->rows[r].cells[i];
			double y0, y1;
			if (v->type != MW_VAL_DOUBLE || (ya.log && v->d < 1))
				continue;
			y0 = map(&ya, ya.log ? ya.lo : 0);
			y1 = map(&ya, v->d);
			putf(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>",
			     gx + gw * 0.1 + bw * (double)(i - 1), fmin(y0, y1), fmax(bw - 1, 1), fabs(y0 - y1),
			     palette[(i - 1) % NCOLORS]);
			esc(h, n->series[i - 1].name);
			put(h, ", ");
			esc_raw(&h->b, h->tmp.buf, h->tmp.len);
			put(h, ": ");
			esc_num(h, v->d, n->unit);
			put(h, "</title></rect>");
		}
		put(h, "</g>");
	}
	putf(h, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", L, H - B, W - R, H - B);
	if (ya.log)
		text_at(h, W - R, T - 4, "tick", "end", "logarithmic scale");
	put(h, "</svg>");
	legend(h, n);
	mw_doc_free(scratch);
}

/* ---- tables ---- */

static void table_node(struct hr *h, const struct mw_node *n, size_t max_rows)
{
	bool has_src = mw_render_table_has_source(n);
	bool *numeric = mw_xcalloc(n->n_columns + 1, sizeof(*numeric));
	size_t shown = MW_MIN(n->n_rows, max_rows);

	put(h, "<div class=\"tw\"><table><thead><tr>");
	for (size_t j = 0; j < n->n_columns; j++) {
		if (n->columns[j].flags & MW_F_JSON_ONLY)
			continue;
		numeric[j] = mw_render_column_numeric(n, j);
		put(h, numeric[j] ? "<th class=\"n\">" : "<th>");
		esc(h, n->columns[j].label ? n->columns[j].label : n->columns[j].key);
		put(h, "</th>");
	}
	if (has_src)
		put(h, "<th>Source</th>");
	put(h, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < shown; i++) {
		const struct mw_row *row = &n->rows[i];
		put(h, "<tr>");
		for (size_t j = 0; j < n->n_columns; j++) {
			if (n->columns[j].flags & MW_F_JSON_ONLY)
				continue;
			put(h, numeric[j] ? "<td class=\"n\">" : "<td>");
			mw_buf_reset(&h->tmp);
			mw_render_addcell(&h->c, &h->tmp, n, row, j);
			esc_raw(&h->b, h->tmp.buf, h->tmp.len);
			put(h, "</td>");
		}
		if (has_src) {
			put(h, "<td class=\"src\">");
			esc_source(h, &row->src);
			put(h, "</td>");
		}
		put(h, "</tr>\n");
	}
	put(h, "</tbody></table></div>\n");
	if (shown < n->n_rows)
		putf(h, "<p class=\"how\">%zu more rows are in the JSON report.</p>\n", n->n_rows - shown);
	free(numeric);
}

static void table(struct hr *h, const struct mw_node *n)
{
	if (n->title) {
		put(h, "<div class=\"caption\">");
		esc(h, n->title);
		put(h, "</div>\n");
	}
	if (!n->n_rows) {
		put(h, "<p class=\"how\">(no rows)</p>\n");
		return;
	}
	table_node(h, n, SIZE_MAX);
}

static void chart(struct hr *h, const struct mw_node *n)
{
	struct mw_doc *scratch;
	const struct mw_node *t;
	bool empty = true;

	for (size_t i = 0; i < n->n_series; i++)
		empty &= n->series[i].n == 0;
	if (empty)
		return;
	put(h, "<figure class=\"chart\"><figcaption>");
	esc(h, n->title ? n->title : "Chart");
	put(h, "</figcaption>\n");
	switch (n->chart_kind) {
	case MW_CHART_WATERFALL:
		waterfall(h, n);
		break;
	case MW_CHART_STACKED:
	case MW_CHART_LINES:
		over_x(h, n);
		break;
	case MW_CHART_BARS:
		bars(h, n);
		break;
	}
	scratch = mw_doc_new(NULL);
	t = mw_render_chart_table(scratch, n, false);
	if (t) {
		put(h, "\n<details><summary>Data</summary>\n");
		table_node(h, t, DATA_ROWS_MAX);
		put(h, "</details>");
	}
	mw_doc_free(scratch);
	put(h, "</figure>\n");
}

/* ---- figures, findings, evidence ---- */

static void figure_rows(struct hr *h, const struct mw_node *const *figs, size_t n)
{
	put(h, "<div class=\"tw\"><table class=\"figures\"><thead><tr><th>Figure</th><th class=\"n\">Value</th><th>Confidence</th>"
	       "<th>Source</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct mw_node *f = figs[i];
		bool numeric = f->unit != MW_UNIT_TIME && (f->value.type == MW_VAL_INT || f->value.type == MW_VAL_DOUBLE);
		put(h, "<tr><td>");
		esc(h, mw_render_label(f));
		if (f->how && !mw_render_hidden(&h->c, f->flags)) {	/* a hidden value says why already */
			put(h, "<div class=\"how\">");
			esc(h, f->how);
			put(h, "</div>");
		}
		put(h, numeric ? "</td><td class=\"n\">" : "</td><td class=\"s\">");
		esc_value(h, &f->value, f->unit, f->flags);
		putf(h, "</td><td class=\"conf\">%s</td><td class=\"src\">", mw_render_confidence_words(f->confidence));
		esc_source(h, &f->src);
		put(h, "</td></tr>\n");
	}
	put(h, "</tbody></table></div>\n");
}

static void evidence(struct hr *h, const struct mw_node *n)
{
	put(h, "<pre class=\"evidence\">");
	for (size_t i = 0; i < n->n_lines; i++) {
		mw_buf_reset(&h->tmp);
		mw_render_addsource(&h->c, &h->tmp, &n->line_src[i]);
		if (h->tmp.len) {
			put(h, "<span class=\"src\">");
			esc_raw(&h->b, h->tmp.buf, h->tmp.len);
			put(h, ":</span> ");
		}
		esc(h, n->lines[i]);
		put(h, "\n");
	}
	put(h, "</pre>\n");
}

static void finding(struct hr *h, const struct mw_node *n)
{
	static const struct {
		const char *label;
		size_t off;
	} parts[] = {
		{ "What we saw", offsetof(struct mw_node, text) },
		{ "Why it matters", offsetof(struct mw_node, why) },
		{ "What to do", offsetof(struct mw_node, advice) },
	};
	putf(h, "<div class=\"finding sev-%s\" id=\"finding-%u\"><h4>", mw_level_name(n->level), finding_number(h, n));
	badge(h, n->level);
	put(h, " ");
	esc(h, n->title ? n->title : n->id);
	if (n->id && n->title) {
		put(h, " <code>");
		esc(h, n->id);
		put(h, "</code>");
	}
	put(h, "</h4><dl>");
	for (size_t i = 0; i < MW_ARRAY_SIZE(parts); i++) {
		const char *s = *(char *const *)((const char *)n + parts[i].off);
		if (!s || !*s)
			continue;
		putf(h, "<dt>%s</dt><dd>", parts[i].label);
		esc(h, s);
		put(h, "</dd>");
	}
	put(h, "</dl>\n");
	if (n->n_lines) {
		put(h, "<div class=\"caption\">Evidence</div>");
		evidence(h, n);
	}
	put(h, "</div>\n");
}

/* ---- summary ---- */

static void summary_body(struct hr *h, const struct mw_node *sec, bool deep)
{
	struct mw_render_nodes figs = { 0 }, finds = { 0 };
	mw_render_collect_summary(sec, deep, &figs, &finds);
	if (sec->summary && *sec->summary) {
		put(h, "<p>");
		esc(h, sec->summary);
		put(h, "</p>");
	}
	if (figs.n) {
		put(h, "<dl class=\"kv\">");
		for (size_t i = 0; i < figs.n; i++) {
			const struct mw_node *f = figs.v[i];
			put(h, "<dt>");
			esc(h, mw_render_label(f));
			put(h, "</dt><dd>");
			esc_value(h, &f->value, f->unit, f->flags);
			if (f->confidence == MW_CONF_ESTIMATED || f->confidence == MW_CONF_LOWER_BOUND)
				putf(h, " <span class=\"conf\">(%s)</span>", mw_render_confidence_words(f->confidence));
			put(h, "</dd>");
		}
		put(h, "</dl>");
	}
	if (finds.n) {
		put(h, "<ul class=\"heads\">");
		for (size_t i = 0; i < finds.n; i++) {
			putf(h, "<li><a href=\"#finding-%u\">", finding_number(h, finds.v[i]));
			badge(h, finds.v[i]->level);
			put(h, "</a> ");
			esc(h, finds.v[i]->title ? finds.v[i]->title : finds.v[i]->id);
			put(h, "</li>");
		}
		put(h, "</ul>");
	}
	mw_render_nodes_release(&figs);
	mw_render_nodes_release(&finds);
}

static void item_title(struct hr *h, const struct mw_node *item, size_t i)
{
	if (item->title)
		esc(h, item->title);
	else
		putf(h, "#%zu", i + 1);
}

static void summary_view(struct hr *h, const struct mw_node *root)
{
	bool any = mw_render_has_summary(root, false);
	for (size_t i = 0; i < root->n_children; i++)
		any |= root->children[i]->type == MW_NODE_LIST ||
		       (root->children[i]->type == MW_NODE_SECTION && mw_render_has_summary(root->children[i], true));
	if (!any)
		return;
	put(h, "<section class=\"summary\"><h2 id=\"summary\">Summary</h2>\n");
	if (mw_render_has_summary(root, false)) {
		put(h, "<div class=\"card\">");
		summary_body(h, root, false);
		put(h, "</div>\n");
	}
	for (size_t i = 0; i < root->n_children; i++) {
		const struct mw_node *n = root->children[i];
		if (n->type == MW_NODE_LIST && n->n_children) {
			size_t cnt = n->n_children;
			put(h, "<h3>");
			esc(h, mw_render_label(n));
			put(h, "</h3><div class=\"cards\">\n");
			for (size_t j = 0; j < cnt; j++) {
				if (!mw_render_item_shown(j, cnt)) {
					if (j == MW_RENDER_SUMMARY_EDGE)
						putf(h, "<div class=\"card how\">… %zu more in the details</div>\n",
						     cnt - 2 * MW_RENDER_SUMMARY_EDGE);
					continue;
				}
				put(h, "<div class=\"card\"><h4>");
				item_title(h, n->children[j], j);
				put(h, "</h4>");
				summary_body(h, n->children[j], true);
				put(h, "</div>\n");
			}
			put(h, "</div>\n");
		} else if (n->type == MW_NODE_SECTION && mw_render_has_summary(n, true)) {
			put(h, "<div class=\"card\">");
			if (n->title || n->key) {
				put(h, "<h3>");
				esc(h, mw_render_label(n));
				put(h, "</h3>");
			}
			summary_body(h, n, true);
			put(h, "</div>\n");
		}
	}
	put(h, "</section>\n");
}

/* ---- details ---- */

static void heading(struct hr *h, int depth, const char *title, bool with_id)
{
	int l = MW_MIN(MW_MAX(depth, 2), 6);
	if (with_id)
		putf(h, "<h%d id=\"s%u\">", l, ++h->sections);
	else
		putf(h, "<h%d>", l);
	esc(h, title);
	putf(h, "</h%d>\n", l);
}

static void details_children(struct hr *h, const struct mw_node *sec, int depth)
{
	size_t i = 0;
	while (i < sec->n_children) {
		const struct mw_node *n = sec->children[i];
		if (n->type == MW_NODE_FIGURE) {
			struct mw_render_nodes run = { 0 };
			i = mw_render_figure_run(sec, i, &run);
			if (run.n)
				figure_rows(h, run.v, run.n);
			mw_render_nodes_release(&run);
			continue;
		}
		switch (n->type) {
		case MW_NODE_SECTION:
			put(h, "<section>");
			if (n->title || n->key)
				heading(h, depth + 1, mw_render_label(n), depth == 1);
			if (n->summary && *n->summary) {
				put(h, "<p>");
				esc(h, n->summary);
				put(h, "</p>\n");
			}
			details_children(h, n, depth + 1);
			put(h, "</section>\n");
			break;
		case MW_NODE_LIST:
			put(h, "<section>");
			heading(h, depth + 1, mw_render_label(n), depth == 1);
			for (size_t j = 0; j < n->n_children; j++) {
				const struct mw_node *item = n->children[j];
				int l = MW_MIN(depth + 2, 6);
				putf(h, "<section><h%d>", l);
				item_title(h, item, j);
				putf(h, "</h%d>\n", l);
				if (item->summary && *item->summary) {
					put(h, "<p>");
					esc(h, item->summary);
					put(h, "</p>\n");
				}
				details_children(h, item, depth + 2);
				put(h, "</section>\n");
			}
			put(h, "</section>\n");
			break;
		case MW_NODE_TABLE:
			table(h, n);
			break;
		case MW_NODE_TEXT:
			put(h, "<p>");
			esc(h, n->text);
			put(h, "</p>\n");
			break;
		case MW_NODE_FINDING:
			finding(h, n);
			break;
		case MW_NODE_EVIDENCE:
			if (n->title) {
				put(h, "<div class=\"caption\">");
				esc(h, n->title);
				put(h, "</div>");
			}
			evidence(h, n);
			break;
		case MW_NODE_CHART:
			chart(h, n);
			break;
		case MW_NODE_FIGURE:
			break;
		}
		i++;
	}
}

static void contents(struct hr *h, const struct mw_node *root)
{
	unsigned id = 0;
	size_t n = 0;
	for (size_t i = 0; i < root->n_children; i++)
		n += (root->children[i]->type == MW_NODE_SECTION && (root->children[i]->title || root->children[i]->key)) ||
		     root->children[i]->type == MW_NODE_LIST;
	if (n < 2)
		return;
	put(h, "<nav class=\"toc\"><strong>Contents</strong><ol><li><a href=\"#summary\">Summary</a></li>");
	for (size_t i = 0; i < root->n_children; i++) {
		const struct mw_node *c = root->children[i];
		if (!((c->type == MW_NODE_SECTION && (c->title || c->key)) || c->type == MW_NODE_LIST))
			continue;
		putf(h, "<li><a href=\"#s%u\">", ++id);
		esc(h, mw_render_label(c));
		put(h, "</a></li>");
	}
	put(h, "</ol></nav>\n");
}

int mw_render_html(const struct mw_doc *doc, const struct mw_render_opts *opts, FILE *out)
{
	struct hr h = { .b = MW_BUF_INIT, .tmp = MW_BUF_INIT };
	struct mw_render_nodes all = { 0 };
	const char *title;

	if (!doc || !out)
		return -EINVAL;
	mw_render_ctx_init(&h.c, doc, opts, out);
	title = doc->title ? doc->title : "memwaste report";
	put(&h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
		"img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"memwaste " MW_VERSION "\">\n<title>");
	esc(&h, title);
	put(&h, "</title>\n<style>\n");
	put(&h, css);
	put(&h, "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>");
	esc(&h, title);
	put(&h, "</h1>\n<p class=\"meta\">Generated by memwaste " MW_VERSION
		". Every figure says how it is known (exact, derived, estimated, lower bound) and where it was read.</p>\n");
	mw_render_collect_findings(doc->root, &all);
	putf(&h, "<p class=\"verdict sev-%s\"><strong>Verdict:</strong> ", all.n ? mw_level_name(all.v[0]->level) : "none");
	mw_buf_reset(&h.tmp);
	{
		struct mw_buf v = MW_BUF_INIT;
		mw_render_verdict(&h.c, &v);
		esc_raw(&h.b, v.buf, v.len);	/* already redacted */
		mw_buf_release(&v);
	}
	put(&h, "</p>\n</header>\n");
	mw_render_nodes_release(&all);
	if (doc->root) {
		contents(&h, doc->root);
		summary_view(&h, doc->root);
		details_children(&h, doc->root, 1);
	}
	put(&h, "<footer>memwaste " MW_VERSION ": post-mortem analysis of Linux kernel memory. The JSON report "
		"(<code>--format json</code>) holds the same figures with exact numbers; see memwaste-report(1).</footer>\n"
		"</main>\n</body>\n</html>\n");
	flush(&h);
	free(h.finding_nodes);
	mw_buf_release(&h.b);
	mw_buf_release(&h.tmp);
	return mw_render_ctx_finish(&h.c);
}
