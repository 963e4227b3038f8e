/* SPDX-License-Identifier: MIT */
/* render.c: the format tables, mw_render() and what every renderer shares (render.h). */
#include <stdio.h>
#include <string.h>
#include "memwaste/redact.h"
#include "memwaste/render.h"
#include "memwaste/banned.h"

/* Adding a format: see render.h. Indexed by enum mw_format so order mistakes are impossible. */
static const struct mw_renderer renderers[MW_FORMAT__MAX] = {
	[MW_FORMAT_TEXT] = { .name = "text", .render = mw_render_text },
	[MW_FORMAT_JSON] = { .name = "json", .render = mw_render_json },
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
