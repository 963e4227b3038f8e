/* SPDX-License-Identifier: MIT */
/* check-doc.c: the document model (tree, keys, cleaning) and the value formatting helpers. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "testlib.h"
#include "memwaste/doc.h"
#include "memwaste/banned.h"

#define FFFD "\xef\xbf\xbd"

/* ---- tree ---- */

START_TEST(test_tree)
{
	struct mw_doc *doc = mw_doc_new("Memory report");
	struct mw_node *boot, *hash, *list, *i1, *i2;

	ck_assert_str_eq(doc->title, "Memory report");
	ck_assert_int_eq(doc->root->type, MW_NODE_SECTION);
	ck_assert_ptr_null(doc->root->key);
	boot = mw_section(doc->root, "boot", "Boot");
	hash = mw_section(boot, "hash_tables", "Hash tables");
	list = mw_list(doc->root, "snapshots", "Snapshots");
	i1 = mw_list_add(list, "Snapshot 1");
	i2 = mw_list_add(list, "Snapshot 2");

	ck_assert_ptr_eq(boot->parent, doc->root);
	ck_assert_ptr_eq(hash->parent, boot);
	ck_assert_ptr_eq(i2->parent, list);
	ck_assert_int_eq(list->type, MW_NODE_LIST);
	ck_assert_int_eq(i1->type, MW_NODE_SECTION);
	ck_assert_ptr_null(i1->key);
	ck_assert_str_eq(i2->title, "Snapshot 2");
	ck_assert_uint_eq(doc->root->n_children, 2);
	ck_assert_uint_eq(list->n_children, 2);
	ck_assert_ptr_eq(mw_child(doc->root, "boot"), boot);
	ck_assert_ptr_eq(mw_child(boot, "hash_tables"), hash);
	ck_assert_ptr_eq(mw_child(doc->root, "snapshots"), list);
	ck_assert_ptr_null(mw_child(doc->root, "hash_tables"));	/* direct children only */
	ck_assert_ptr_null(mw_child(doc->root, "nope"));
	ck_assert_ptr_null(mw_child(NULL, "boot"));

	mw_summary(boot, "Lost %d MiB.", 512);
	mw_summary(boot, "Mostly %s.", "hash tables");
	ck_assert_str_eq(boot->summary, "Lost 512 MiB. Mostly hash tables.");
	mw_text(boot, "%s has %d entries", "Dentry cache", 4194304);
	ck_assert_int_eq(boot->children[1]->type, MW_NODE_TEXT);
	ck_assert_str_eq(boot->children[1]->text, "Dentry cache has 4194304 entries");
	ck_assert_ptr_null(mw_doc_free(doc));
	ck_assert_ptr_null(mw_doc_free(NULL));
}
END_TEST

START_TEST(test_titles_cleaned)
{
	struct mw_doc *doc = mw_doc_new("bad \xff title\x1b[2J");
	struct mw_node *s = mw_section(doc->root, "k\xc0", "t\x01");
	ck_assert_str_eq(doc->title, "bad " FFFD " title\\x1b[2J");
	ck_assert_str_eq(s->key, "k" FFFD);
	ck_assert_str_eq(s->title, "t\\x01");
	mw_doc_free(doc);
}
END_TEST

/* ---- UTF-8 cleaning ---- */

#define C(lit) lit, sizeof(lit) - 1
static const struct {
	const char *in;
	size_t len;
	bool keep_tabs;
	const char *out;
} clean_cases[] = {
	{ C("plain ascii"), false, "plain ascii" },
	{ C(""), false, "" },
	{ C("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), false, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
	{ C("a\tb"), true, "a\tb" },
	{ C("a\tb"), false, "a b" },
	{ C("a\x01z"), false, "a\\x01z" },
	{ C("a\x01z"), true, "a\\x01z" },
	{ C("nul\0inside"), false, "nul\\x00inside" },
	{ C("line\nbreak\r"), false, "line\\x0abreak\\x0d" },
	{ C("\x1b[31mred"), false, "\\x1b[31mred" },
	{ C("del\x7f"), false, "del\\x7f" },
	{ C("c1 \xc2\x9b csi"), false, "c1 \\u009b csi" },
	{ C("c1 \xc2\x80"), false, "c1 \\u0080" },
	{ C("nbsp \xc2\xa0"), false, "nbsp \xc2\xa0" },
	{ C("bidi \xe2\x80\xae!"), false, "bidi \\u202e!" },
	{ C("ls \xe2\x80\xa8"), false, "ls \\u2028" },
	{ C("iso \xe2\x81\xa6"), false, "iso \\u2066" },
	{ C("lone \xff"), false, "lone " FFFD },
	{ C("cont \x80\xbf"), false, "cont " FFFD FFFD },
	/* overlong forms: every byte is its own ill-formed subpart */
	{ C("\xc0\xaf"), false, FFFD FFFD },
	{ C("\xc1\xbf"), false, FFFD FFFD },
	{ C("\xe0\x80\xaf"), false, FFFD FFFD FFFD },
	{ C("\xf0\x80\x80\xaf"), false, FFFD FFFD FFFD FFFD },
	/* surrogates */
	{ C("\xed\xa0\x80"), false, FFFD FFFD FFFD },
	{ C("\xed\xbf\xbf"), false, FFFD FFFD FFFD },
	{ C("\xed\x9f\xbf"), false, "\xed\x9f\xbf" },	/* U+D7FF is fine */
	/* above U+10FFFF */
	{ C("\xf4\x90\x80\x80"), false, FFFD FFFD FFFD FFFD },
	{ C("\xf4\x8f\xbf\xbf"), false, "\xf4\x8f\xbf\xbf" },	/* U+10FFFF is fine */
	{ C("\xf5\x80\x80\x80"), false, FFFD FFFD FFFD FFFD },
	/* truncated sequences: one U+FFFD for the maximal subpart */
	{ C("end \xe2\x82"), false, "end " FFFD },
	{ C("\xe2\x82z"), false, FFFD "z" },
	{ C("\xf0\x9f\x98"), false, FFFD },
	{ C("\xf0\x9f\x98\x80\xf0\x9f"), false, "\xf0\x9f\x98\x80" FFFD },
	/* len shorter than the string: only len bytes */
	{ "abcdef", 3, false, "abc" },
	{ "\xe2\x82\xac", 2, false, FFFD },
	/* hostile but printable: unchanged */
	{ C("<script>|`'; DROP TABLE x; --\"\\"), false, "<script>|`'; DROP TABLE x; --\"\\" },
};

START_TEST(test_clean_string)
{
	char *s = mw_doc_clean_string(clean_cases[_i].in, clean_cases[_i].len, clean_cases[_i].keep_tabs);
	ck_assert_msg(!strcmp(s, clean_cases[_i].out), "case %d: got '%s', want '%s'", _i, s, clean_cases[_i].out);
	free(s);
}
END_TEST

START_TEST(test_clean_string_null)
{
	ck_assert_ptr_null(mw_doc_clean_string(NULL, 0, false));
}
END_TEST

/* Every byte value alone and in pairs comes out as valid UTF-8 without C0 controls. */
static bool valid_utf8_no_controls(const char *s, bool tabs)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p < 0x80) {
			if ((*p < 0x20 && !(tabs && *p == '\t')) || *p == 0x7f)
				return false;
			p++;
			continue;
		}
		int n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc2 ? 2 : 0;
		if (!n || *p > 0xf4)
			return false;
		for (int i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

START_TEST(test_clean_string_all_bytes)
{
	char in[3];
	for (int a = 0; a < 256; a++) {
		for (int b = 0; b < 256; b += 7) {
			char *s;
			in[0] = (char)a;
			in[1] = (char)b;
			in[2] = (char)0xe2;
			s = mw_doc_clean_string(in, 3, true);
			ck_assert_msg(valid_utf8_no_controls(s, true), "bytes %02x %02x", a, b);
			free(s);
		}
	}
}
END_TEST

/* ---- keys ---- */

START_TEST(test_keys_unique)
{
	struct mw_doc *doc = mw_doc_new("t");
	struct mw_node *s = mw_section(doc->root, "boot", "Boot");
	struct mw_node *a = mw_fig_int(s, "total_kb", "Total", 1, MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL);
	struct mw_node *b = mw_fig_int(s, "total_kb", "Total again", 2, MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL);
	struct mw_node *c = mw_fig_int(s, "total_kb", "Total thrice", 3, MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL);
	struct mw_node *d = mw_fig_int(s, "total_kb_2", "Clash with a suffix", 4, MW_UNIT_KB, MW_CONF_EXACT, NULL, NULL);
	struct mw_node *s2 = mw_section(doc->root, "boot", "Boot again");

	ck_assert_str_eq(a->key, "total_kb");
	ck_assert_str_eq(b->key, "total_kb_2");
	ck_assert_str_eq(c->key, "total_kb_3");
	ck_assert_str_eq(d->key, "total_kb_2_2");
	ck_assert_str_eq(s2->key, "boot_2");
	ck_assert_ptr_eq(mw_child(s, "total_kb"), a);	/* the first one keeps the plain key */
	ck_assert_ptr_eq(mw_child(doc->root, "boot"), s);
	/* different types share one namespace */
	ck_assert_str_eq(mw_table(s, "total_kb", "T", NULL, 0)->key, "total_kb_4");
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_keys_reserved)
{
	static const char *const reserved[] = { "schema_version", "generator", "title", "summary",
						"notes", "findings", "provenance" };
	struct mw_doc *doc = mw_doc_new("t");
	for (size_t i = 0; i < MW_ARRAY_SIZE(reserved); i++) {
		struct mw_node *f = mw_fig_int(doc->root, reserved[i], "x", 1, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL);
		char want[64];
		snprintf(want, sizeof(want), "%s_2", reserved[i]);
		ck_assert_str_eq(f->key, want);
	}
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_keys_merged_namespace)
{
	struct mw_doc *doc = mw_doc_new("t");
	struct mw_node *s = mw_section(doc->root, "boot", "Boot");
	struct mw_node *anon = mw_section(s, NULL, "Part without key");
	struct mw_node *deeper = mw_section(anon, NULL, NULL);
	struct mw_node *f1 = mw_fig_int(s, "pages", "P", 1, MW_UNIT_PAGES, MW_CONF_NONE, NULL, NULL);
	struct mw_node *f2 = mw_fig_int(anon, "pages", "P", 2, MW_UNIT_PAGES, MW_CONF_NONE, NULL, NULL);
	struct mw_node *f3 = mw_fig_int(deeper, "pages", "P", 3, MW_UNIT_PAGES, MW_CONF_NONE, NULL, NULL);
	struct mw_node *keyed = mw_section(anon, "inner", "Inner");
	struct mw_node *f4 = mw_fig_int(keyed, "pages", "P", 4, MW_UNIT_PAGES, MW_CONF_NONE, NULL, NULL);
	struct mw_node *list = mw_list(s, "items", "Items");
	struct mw_node *it1 = mw_list_add(list, "one"), *it2 = mw_list_add(list, "two");

	ck_assert_str_eq(f1->key, "pages");
	ck_assert_str_eq(f2->key, "pages_2");	/* merges into "boot" */
	ck_assert_str_eq(f3->key, "pages_3");
	ck_assert_str_eq(f4->key, "pages");	/* its own object */
	/* list items are objects of their own */
	ck_assert_str_eq(mw_fig_int(it1, "pages", "P", 5, MW_UNIT_PAGES, MW_CONF_NONE, NULL, NULL)->key, "pages");
	ck_assert_str_eq(mw_fig_int(it2, "pages", "P", 6, MW_UNIT_PAGES, MW_CONF_NONE, NULL, NULL)->key, "pages");
	/* a section without key in an item merges into the item */
	ck_assert_str_eq(mw_fig_int(mw_section(it2, NULL, NULL), "pages", "P", 7, MW_UNIT_PAGES, MW_CONF_NONE, NULL,
				    NULL)->key, "pages_2");
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_keys_default)
{
	struct mw_doc *doc = mw_doc_new("t");
	struct mw_node *r = doc->root;
	ck_assert_str_eq(mw_list(r, NULL, "L")->key, "items");
	ck_assert_str_eq(mw_fig_int(r, NULL, "F", 1, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL)->key, "value");
	ck_assert_str_eq(mw_fig_int(r, NULL, "F", 1, MW_UNIT_NONE, MW_CONF_NONE, NULL, NULL)->key, "value_2");
	ck_assert_str_eq(mw_table(r, NULL, "T", NULL, 0)->key, "table");
	ck_assert_str_eq(mw_evidence(r, NULL, "E")->key, "evidence");
	ck_assert_str_eq(mw_chart(r, NULL, "C", MW_CHART_LINES, MW_UNIT_KB, true)->key, "chart");
	ck_assert_ptr_null(mw_section(r, NULL, "S")->key);
	mw_doc_free(doc);
}
END_TEST

/* ---- figures ---- */

START_TEST(test_figures)
{
	struct mw_doc *doc = mw_doc_new("t");
	struct mw_node *s = mw_section(doc->root, "s", "S");
	char file[] = "dmesg.txt";
	struct mw_source src = { file, 12 };
	struct mw_node *fi, *fd, *fn, *fs, *fb, *fz, *fnan, *finf;

	fi = mw_fig_int(s, "installed_bytes", "Installed", INT64_C(9007199254740993), MW_UNIT_BYTES, MW_CONF_EXACT,
			&src, "from the e820 map");
	file[0] = 'X';	/* the document kept a copy */
	fd = mw_fig_double(s, "waste_pct", "Waste", 3.2249, MW_UNIT_PCT, MW_CONF_ESTIMATED, NULL, NULL);
	fnan = mw_fig_double(s, "nan_pct", "NaN", NAN, MW_UNIT_PCT, MW_CONF_DERIVED, NULL, "0/0");
	finf = mw_fig_double(s, "inf_pct", "Inf", INFINITY, MW_UNIT_PCT, MW_CONF_DERIVED, NULL, NULL);
	fs = mw_fig_str(s, "release", "Release", "6.1.0-13-amd64\x01", &src);
	fb = mw_fig_bool(s, "kaslr", "KASLR", true);
	fz = mw_fig_bool(s, "numa", "NUMA", false);
	fn = mw_fig_null(s, "crash_bytes", "Crash kernel", MW_UNIT_BYTES, "not printed");

	ck_assert_int_eq(fi->type, MW_NODE_FIGURE);
	ck_assert_int_eq(fi->value.type, MW_VAL_INT);
	ck_assert(fi->value.i == INT64_C(9007199254740993));
	ck_assert_int_eq(fi->unit, MW_UNIT_BYTES);
	ck_assert_int_eq(fi->confidence, MW_CONF_EXACT);
	ck_assert_str_eq(fi->src.file, "dmesg.txt");
	ck_assert_uint_eq(fi->src.line, 12);
	ck_assert_str_eq(fi->how, "from the e820 map");
	ck_assert_str_eq(fi->title, "Installed");

	ck_assert_int_eq(fd->value.type, MW_VAL_DOUBLE);
	ck_assert(fd->value.d == 3.2249);
	ck_assert_ptr_null(fd->src.file);
	ck_assert_uint_eq(fd->src.line, 0);
	ck_assert_ptr_null(fd->how);
	ck_assert_int_eq(fnan->value.type, MW_VAL_NONE);
	ck_assert_int_eq(finf->value.type, MW_VAL_NONE);
	ck_assert_str_eq(fnan->how, "0/0");

	ck_assert_int_eq(fs->value.type, MW_VAL_STR);
	ck_assert_str_eq(fs->value.s, "6.1.0-13-amd64\\x01");
	ck_assert_str_eq(fs->src.file, "Xmesg.txt");	/* copied when fs was added */
	ck_assert_int_eq(fb->value.type, MW_VAL_BOOL);
	ck_assert_int_eq(fb->value.i, 1);
	ck_assert_int_eq(fz->value.i, 0);
	ck_assert_int_eq(fn->value.type, MW_VAL_NONE);
	ck_assert_int_eq(fn->unit, MW_UNIT_BYTES);
	ck_assert_str_eq(fn->how, "not printed");

	fs->flags |= MW_F_HOST | MW_F_KEY;
	ck_assert_uint_eq(fs->flags, MW_F_HOST | MW_F_KEY);
	ck_assert_ptr_null(mw_fig_str(s, "nothing", "Nothing", NULL, NULL)->value.s);
	mw_doc_free(doc);
}
END_TEST

/* ---- tables ---- */

static const struct mw_column hash_cols[] = {
	{ .key = "name", .label = "Name", .type = MW_VAL_STR, .help = "hash table name" },
	{ .key = "entries", .label = "Entries", .unit = MW_UNIT_COUNT, .type = MW_VAL_INT },
	{ .key = "bytes", .label = "Size", .unit = MW_UNIT_BYTES, .type = MW_VAL_INT },
	{ .key = "share_pct", .label = "Share", .unit = MW_UNIT_PCT, .type = MW_VAL_DOUBLE },
	{ .key = "linear", .label = "Linear", .type = MW_VAL_BOOL },
};

START_TEST(test_table_many_rows)
{
	struct mw_doc *doc = mw_doc_new("t");
	struct mw_node *s = mw_section(doc->root, "s", "S");
	struct mw_node *t = mw_table(s, "hash_tables", "Hash tables", hash_cols, MW_ARRAY_SIZE(hash_cols));
	const size_t n = 20000;

	ck_assert_uint_eq(t->n_columns, 5);
	ck_assert_str_eq(t->columns[2].key, "bytes");
	ck_assert_str_eq(t->columns[0].help, "hash table name");
	ck_assert_ptr_ne(t->columns[0].key, hash_cols[0].key);	/* copied */
	for (size_t i = 0; i < n; i++) {
		struct mw_row *r = mw_row_add(t);
		char name[32];
		snprintf(name, sizeof(name), "table-%zu", i);
		mw_cell_str(r, 0, name);
		mw_cell_int(r, 1, (int64_t)i);
		mw_cell_int(r, 2, (int64_t)i * 8);
		mw_cell_double(r, 3, (double)i / 100);
		mw_cell_bool(r, 4, i % 2);
		mw_cell_int(r, 5, 1);	/* out of range: ignored */
		if (i % 3 == 0)
			mw_row_source(r, "dmesg", i + 1);
	}
	ck_assert_uint_eq(t->n_rows, n);
	for (size_t i = 0; i < n; i += 997) {
		const struct mw_row *r = &t->rows[i];
		char name[32];
		snprintf(name, sizeof(name), "table-%zu", i);
		ck_assert_uint_eq(r->n_cells, 5);
		ck_assert_str_eq(r->cells[0].s, name);
		ck_assert(r->cells[1].i == (int64_t)i);
		ck_assert(r->cells[2].i == (int64_t)i * 8);
		ck_assert(r->cells[3].d == (double)i / 100);
		ck_assert_int_eq(r->cells[4].type, MW_VAL_BOOL);
		ck_assert(r->cells[4].i == (int64_t)(i % 2));
		if (i % 3 == 0) {
			ck_assert_str_eq(r->src.file, "dmesg");
			ck_assert_uint_eq(r->src.line, i + 1);
		} else {
			ck_assert_ptr_null(r->src.file);
		}
	}
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_table_cells)
{
	struct mw_doc *doc = mw_doc_new("t");
	struct mw_node *t = mw_table(doc->root, "t", "T", hash_cols, MW_ARRAY_SIZE(hash_cols));
	struct mw_row *r = mw_row_add(t);

	for (size_t j = 0; j < 5; j++)
		ck_assert_int_eq(r->cells[j].type, MW_VAL_NONE);
	mw_cell_str(r, 0, "first");
	mw_cell_str(r, 0, "second");	/* replaces, no leak */
	ck_assert_str_eq(r->cells[0].s, "second");
	mw_cell_int(r, 0, 7);		/* a string cell becomes an int */
	ck_assert_int_eq(r->cells[0].type, MW_VAL_INT);
	mw_cell_strn(r, 0, "ab\0cd-not-this", 5);
	ck_assert_str_eq(r->cells[0].s, "ab\\x00cd");
	mw_cell_double(r, 3, NAN);
	ck_assert_int_eq(r->cells[3].type, MW_VAL_NONE);
	mw_cell_str(r, 1, NULL);
	ck_assert_int_eq(r->cells[1].type, MW_VAL_NONE);
	mw_row_source(r, "a", 1);
	mw_row_source(r, "b", 2);
	ck_assert_str_eq(r->src.file, "b");
	mw_cell_int(NULL, 0, 1);	/* no-ops */
	mw_row_source(NULL, "x", 1);
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_table_column_keys)
{
	static const struct mw_column cols[] = {
		{ .key = "name", .label = "Name" },
		{ .key = "name", .label = "Name again" },
		{ .key = "source", .label = "Source" },
		{ .key = NULL, .label = NULL },
	};
	struct mw_doc *doc = mw_doc_new("t");
	struct mw_node *t = mw_table(doc->root, "t", "T", cols, MW_ARRAY_SIZE(cols));
	ck_assert_str_eq(t->columns[0].key, "name");
	ck_assert_str_eq(t->columns[1].key, "name_2");
	ck_assert_str_eq(t->columns[2].key, "source_2");	/* "source" is the row's provenance */
	ck_assert_str_eq(t->columns[3].key, "column");
	ck_assert_str_eq(t->columns[3].label, "column");
	mw_doc_free(doc);
}
END_TEST

/* ---- findings, evidence, charts ---- */

START_TEST(test_finding_evidence)
{
	struct mw_doc *doc = mw_doc_new("t");
	struct mw_node *s = mw_section(doc->root, "s", "S");
	struct mw_node *f = mw_finding(s, "hash-table-oversized", MW_LEVEL_WARNING, "Dentry hash table is oversized",
				       "It has 4M entries.", "It wastes memory.", "Boot with dhash_entries=1M.");
	static const char line1[] = "[    0.000000] Dentry cache hash table entries: 4194304\r\n";
	static const char line2[] = "col1\tcol2\x01\xff\n";
	struct mw_node *e;

	ck_assert_int_eq(f->type, MW_NODE_FINDING);
	ck_assert_str_eq(f->id, "hash-table-oversized");
	ck_assert_int_eq(f->level, MW_LEVEL_WARNING);
	ck_assert_str_eq(f->title, "Dentry hash table is oversized");
	ck_assert_str_eq(f->text, "It has 4M entries.");
	ck_assert_str_eq(f->why, "It wastes memory.");
	ck_assert_str_eq(f->advice, "Boot with dhash_entries=1M.");
	ck_assert_ptr_null(f->key);

	mw_evidence_line(f, "dmesg.txt", 45, line1, strlen(line1));
	mw_evidence_line(f, NULL, 0, line2, strlen(line2));
	mw_evidence_line(f, "x", 1, line1, 5);	/* only len bytes */
	for (int i = 0; i < 100; i++)
		mw_evidence_line(f, "many", (uint64_t)i + 1, "x", 1);
	ck_assert_uint_eq(f->n_lines, 103);
	ck_assert_str_eq(f->lines[0], "[    0.000000] Dentry cache hash table entries: 4194304");
	ck_assert_str_eq(f->line_src[0].file, "dmesg.txt");
	ck_assert_uint_eq(f->line_src[0].line, 45);
	ck_assert_str_eq(f->lines[1], "col1\tcol2\\x01" FFFD);	/* tabs survive in evidence */
	ck_assert_ptr_null(f->line_src[1].file);
	ck_assert_uint_eq(f->line_src[1].line, 0);
	ck_assert_str_eq(f->lines[2], "[    ");
	ck_assert_uint_eq(f->line_src[102].line, 100);

	e = mw_evidence(s, "e820", "Firmware memory map");
	ck_assert_int_eq(e->type, MW_NODE_EVIDENCE);
	mw_evidence_line(e, "dmesg.txt", 3, "BIOS-e820: [mem 0x0-0x9fbff] usable", 35);
	mw_evidence_line(e, "dmesg.txt", 4, NULL, 0);
	ck_assert_uint_eq(e->n_lines, 2);
	ck_assert_str_eq(e->lines[0], "BIOS-e820: [mem 0x0-0x9fbff] usable");
	ck_assert_str_eq(e->lines[1], "");

	f = mw_finding(s, "bare", MW_LEVEL_INFO, "Bare", NULL, NULL, NULL);
	ck_assert_ptr_null(f->text);
	ck_assert_ptr_null(f->why);
	ck_assert_uint_eq(s->n_children, 3);
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_chart)
{
	struct mw_doc *doc = mw_doc_new("t");
	struct mw_node *c = mw_chart(doc->root, "trend", "Memory over time", MW_CHART_LINES, MW_UNIT_KB, true);
	size_t a = mw_chart_series_add(c, "MemFree"), b = mw_chart_series_add(c, "Slab");

	ck_assert_uint_eq(a, 0);
	ck_assert_uint_eq(b, 1);
	for (int i = 0; i < 50; i++) {
		mw_chart_point(c, a, 1700000000.0 + i, 1000.0 * i, NULL);
		mw_chart_point(c, b, 1700000000.0 + i, 10.0 * i, i == 3 ? "spike" : NULL);
	}
	mw_chart_point(c, 7, 0, 0, NULL);	/* no such series: ignored */
	mw_chart_marker_add(c, 1700000010.0, "OOM kill");
	ck_assert_int_eq(c->chart_kind, MW_CHART_LINES);
	ck_assert_int_eq(c->unit, MW_UNIT_KB);
	ck_assert(c->x_is_time);
	ck_assert_uint_eq(c->n_series, 2);
	ck_assert_str_eq(c->series[1].name, "Slab");
	ck_assert_uint_eq(c->series[0].n, 50);
	ck_assert(c->series[0].y[49] == 49000.0);
	ck_assert(c->series[1].x[3] == 1700000003.0);
	ck_assert_str_eq(c->series[1].labels[3], "spike");
	ck_assert_ptr_null(c->series[1].labels[4]);
	ck_assert_uint_eq(c->n_markers, 1);
	ck_assert_str_eq(c->markers[0].label, "OOM kill");
	mw_doc_free(doc);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(mw_confidence_name(MW_CONF_NONE), "none");
	ck_assert_str_eq(mw_confidence_name(MW_CONF_EXACT), "exact");
	ck_assert_str_eq(mw_confidence_name(MW_CONF_DERIVED), "derived");
	ck_assert_str_eq(mw_confidence_name(MW_CONF_ESTIMATED), "estimated");
	ck_assert_str_eq(mw_confidence_name(MW_CONF_LOWER_BOUND), "lower_bound");
	ck_assert_str_eq(mw_confidence_name((enum mw_confidence)99), "none");
	ck_assert_str_eq(mw_level_name(MW_LEVEL_INFO), "info");
	ck_assert_str_eq(mw_level_name(MW_LEVEL_NOTICE), "notice");
	ck_assert_str_eq(mw_level_name(MW_LEVEL_WARNING), "warning");
	ck_assert_str_eq(mw_level_name(MW_LEVEL_CRITICAL), "critical");
	ck_assert_str_eq(mw_level_name((enum mw_severity_level)-1), "info");
}
END_TEST

/* ---- formatting ---- */

static const struct {
	double in;
	const char *out;
} bytes_cases[] = {
	{ 0, "0 B" },
	{ 17, "17 B" },
	{ 1023, "1023 B" },
	{ 1024, "1.00 KiB" },
	{ 1536, "1.50 KiB" },
	{ 524288, "512 KiB" },
	{ 1610612736, "1.50 GiB" },
	{ 17179869184.0, "16.0 GiB" },
	{ 10235, "10.0 KiB" },		/* 9.995 rounds up to 10.0, not "10.00" */
	{ 102348, "99.9 KiB" },
	{ 102349, "100 KiB" },		/* 99.95 rounds to 100 */
	{ 1048063, "1023 KiB" },
	{ 1048064, "1.00 MiB" },	/* 1023.5 KiB is not "1024 KiB" */
	{ 1099511627776.0, "1.00 TiB" },
	{ 9007199254740993.0, "8.00 PiB" },
	{ 9223372036854775807.0, "8.00 EiB" },
	{ 1e30, "867361737988 EiB" },
	{ -1610612736, "-1.50 GiB" },
	{ -17, "-17 B" },
	{ 0.5, "0.50 B" },
	{ NAN, "n/a" },
	{ INFINITY, "n/a" },
};

START_TEST(test_format_bytes)
{
	char out[32];
	mw_format_bytes(out, sizeof(out), bytes_cases[_i].in);
	ck_assert_msg(!strcmp(out, bytes_cases[_i].out), "%g: got '%s', want '%s'", bytes_cases[_i].in, out,
		      bytes_cases[_i].out);
}
END_TEST

START_TEST(test_format_bytes_truncates)
{
	char out[5];
	mw_format_bytes(out, sizeof(out), 1610612736);
	ck_assert_str_eq(out, "1.50");
	mw_format_bytes(out, 0, 1);	/* no write */
}
END_TEST

#define VI(x) { .type = MW_VAL_INT, .i = (x) }
#define VD(x) { .type = MW_VAL_DOUBLE, .d = (x) }

static const struct {
	struct mw_value v;
	enum mw_unit unit;
	const char *out;
} value_cases[] = {
	{ VI(1610612736), MW_UNIT_BYTES, "1.50 GiB" },
	{ VD(1610612736.0), MW_UNIT_BYTES, "1.50 GiB" },
	{ VI(16239428), MW_UNIT_KB, "15.5 GiB" },
	{ VI(512), MW_UNIT_KB, "512 KiB" },
	{ VI(1), MW_UNIT_PAGES, "1 page" },
	{ VI(262144), MW_UNIT_PAGES, "262,144 pages" },
	{ VI(512), MW_UNIT_HUGEPAGES, "512 huge pages" },
	{ VI(0), MW_UNIT_COUNT, "0" },
	{ VI(999), MW_UNIT_COUNT, "999" },
	{ VI(1000), MW_UNIT_COUNT, "1,000" },
	{ VI(1234567), MW_UNIT_COUNT, "1,234,567" },
	{ VI(-1234567), MW_UNIT_COUNT, "-1,234,567" },
	{ VI(INT64_C(9007199254740993)), MW_UNIT_COUNT, "9,007,199,254,740,993" },
	{ VI(INT64_MIN), MW_UNIT_COUNT, "-9,223,372,036,854,775,808" },
	{ VD(1234.5), MW_UNIT_COUNT, "1,234.5" },
	{ VD(1234.567), MW_UNIT_COUNT, "1,234.57" },
	{ VD(1234.0), MW_UNIT_COUNT, "1,234" },
	{ VD(-0.004), MW_UNIT_COUNT, "0" },
	{ VD(3.2249), MW_UNIT_PCT, "3.22%" },
	{ VD(0), MW_UNIT_PCT, "0.00%" },
	{ VD(45.678), MW_UNIT_PCT, "45.68%" },
	{ VD(99.999), MW_UNIT_PCT, "100.0%" },
	{ VD(123.456), MW_UNIT_PCT, "123.5%" },
	{ VD(12345.6), MW_UNIT_PCT, "12,346%" },
	{ VI(3), MW_UNIT_PCT, "3.00%" },
	{ VD(-2.5), MW_UNIT_PCT, "-2.50%" },
	{ VD(0.12345), MW_UNIT_RATIO, "0.123" },
	{ VI(1), MW_UNIT_RATIO, "1.000" },
	{ VD(12.5), MW_UNIT_SECONDS, "12.5 s" },
	{ VI(42), MW_UNIT_SECONDS, "42 s" },
	{ VD(0.00123), MW_UNIT_SECONDS, "0.00123 s" },
	{ VD(1234.567), MW_UNIT_SECONDS, "20m 35s" },
	{ VI(19200), MW_UNIT_SECONDS, "5h 20m" },
	{ VI(273600), MW_UNIT_SECONDS, "3d 04h" },
	{ VD(-90), MW_UNIT_SECONDS, "-1m 30s" },
	{ VI(0x1a2b3), MW_UNIT_PFN, "0x1a2b3" },
	{ VI(1795304517), MW_UNIT_TIME, "2026-11-21 23:41:57Z" },
	{ VD(1795304517.75), MW_UNIT_TIME, "2026-11-21 23:41:57Z" },
	{ VI(0), MW_UNIT_TIME, "1970-01-01 00:00:00Z" },
	{ VI(1234567), MW_UNIT_NONE, "1234567" },
	{ VD(0.1), MW_UNIT_NONE, "0.1" },
	{ VD(2.0), MW_UNIT_NONE, "2" },
	{ VD(1.0 / 3), MW_UNIT_NONE, "0.333333" },
	{ VD(1e20), MW_UNIT_NONE, "1e+20" },
	{ VD(-0.0), MW_UNIT_NONE, "0" },
	{ { .type = MW_VAL_STR, .s = (char *)"6.1.0-13-amd64" }, MW_UNIT_BYTES, "6.1.0-13-amd64" },
	{ { .type = MW_VAL_BOOL, .i = 1 }, MW_UNIT_NONE, "yes" },
	{ { .type = MW_VAL_BOOL, .i = 0 }, MW_UNIT_NONE, "no" },
	{ { .type = MW_VAL_NONE }, MW_UNIT_BYTES, "unknown" },
	{ VD(NAN), MW_UNIT_PCT, "unknown" },
};

START_TEST(test_format_value)
{
	char out[64];
	mw_format_value(out, sizeof(out), &value_cases[_i].v, value_cases[_i].unit);
	ck_assert_msg(!strcmp(out, value_cases[_i].out), "case %d: got '%s', want '%s'", _i, out, value_cases[_i].out);
}
END_TEST

START_TEST(test_format_value_null)
{
	char out[16];
	mw_format_value(out, sizeof(out), NULL, MW_UNIT_BYTES);
	ck_assert_str_eq(out, "unknown");
}
END_TEST

static Suite *make_doc_suite(void)
{
	Suite *s = suite_create("doc");
	TCase *tc = tcase_create("tree");
	tcase_add_test(tc, test_tree);
	tcase_add_test(tc, test_titles_cleaned);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("clean");
	tcase_add_loop_test(tc, test_clean_string, 0, (int)MW_ARRAY_SIZE(clean_cases));
	tcase_add_test(tc, test_clean_string_null);
	tcase_add_test(tc, test_clean_string_all_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("keys");
	tcase_add_test(tc, test_keys_unique);
	tcase_add_test(tc, test_keys_reserved);
	tcase_add_test(tc, test_keys_merged_namespace);
	tcase_add_test(tc, test_keys_default);
	suite_add_tcase(s, tc);

	tc = tcase_create("nodes");
	tcase_add_test(tc, test_figures);
	tcase_add_test(tc, test_table_many_rows);
	tcase_add_test(tc, test_table_cells);
	tcase_add_test(tc, test_table_column_keys);
	tcase_add_test(tc, test_finding_evidence);
	tcase_add_test(tc, test_chart);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_loop_test(tc, test_format_bytes, 0, (int)MW_ARRAY_SIZE(bytes_cases));
	tcase_add_test(tc, test_format_bytes_truncates);
	tcase_add_loop_test(tc, test_format_value, 0, (int)MW_ARRAY_SIZE(value_cases));
	tcase_add_test(tc, test_format_value_null);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mw_test_run(make_doc_suite);
}
