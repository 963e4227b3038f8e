/* SPDX-License-Identifier: MIT */
/*
 * cmd-debug.c: hidden helpers: `memwaste debug parse [--kind K] FILE`
 * prints records as JSON lines; `memwaste debug sql QUERY...` runs SQL on
 * the database with memwaste's own functions (kv_rows() and friends, which
 * the views kv, slab and proc read; plain sqlite3 has none).
 */
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "memwaste/cli.h"
#include "memwaste/input.h"
#include "memwaste/parser.h"
#include "memwaste/record-json.h"
#include "memwaste/store.h"
#include "memwaste/banned.h"

static int print_record(void *userdata, const struct mw_record *rec)
{
	cJSON *o = mw_record_to_json(rec);
	char *s = cJSON_PrintUnformatted(o);
	(void)userdata;
	fputs(s, stdout);
	fputc('\n', stdout);
	free(s);
	cJSON_Delete(o);
	return 0;
}

static int debug_parse(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kind = NULL;
	struct mw_input_limits limits;
	struct mw_session session = { .pending_time = MW_UNKNOWN };
	struct mw_sink sink = { print_record, NULL };
	struct mw_diag diag;
	int c, ret = MW_EXIT_OK;

	while ((c = getopt_long(argc, argv, "k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kind = optarg; break;
		case 'h':
			puts("Usage: memwaste debug parse [--kind KIND] FILE...\nPrints the records parsed from each FILE as JSON lines.");
			return mw_cli_close_stdout();
		default: return mw_usage_error("debug parse", "unknown option");
		}
	}
	if (optind >= argc)
		return mw_usage_error("debug parse", "no FILE given");
	mw_input_limits_default(&limits);
	mw_diag_init(&diag, mw_cli_diag_print, NULL);
	for (int i = optind; i < argc; i++) {
		struct mw_input *in;
		char *err = NULL;
		const char *base = strrchr(argv[i], '/');
		struct mw_parse_opts po = { .kind = kind, .name_hint = base ? base + 1 : argv[i], .origin = "file",
					    .time_hint = MW_UNKNOWN };
		int r = mw_input_open(argv[i], NULL, &limits, strcmp(argv[i], "-") == 0, &in, &err);
		if (r < 0) {
			mw_error("%s: %s", argv[i], err ? err : mw_strerror(r));
			free(err);
			ret = MW_EXIT_ERROR;
			continue;
		}
		r = mw_parse_input(in, &po, &session, &sink, &diag, NULL);
		if (r < 0) {
			mw_error("%s: %s", argv[i], mw_input_error(in) ? mw_input_error(in) : mw_strerror(r));
			ret = MW_EXIT_ERROR;
		}
		mw_input_free(in);
	}
	if (mw_cli_close_stdout() != MW_EXIT_OK)
		ret = MW_EXIT_ERROR;
	return ret;
}

/* Rows as sqlite3 prints them by default: columns joined by '|', NULL as nothing. */
static int debug_sql(int argc, char **argv)
{
	struct mw_store *st;
	char *path, *err = NULL;
	int ret = MW_EXIT_OK;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		puts("Usage: memwaste [--db DB] debug sql QUERY...\nRuns each QUERY on the database (read only) and prints "
		     "its rows, columns separated by '|'.");
		return argc < 2 ? MW_EXIT_USAGE : mw_cli_close_stdout();
	}
	path = mw_cli_db_path();
	if (mw_store_open(path, MW_STORE_READONLY, &st, &err) < 0) {
		mw_error("%s", err ? err : "cannot open the database");
		free(err);
		free(path);
		return MW_EXIT_ERROR;
	}
	free(path);
	for (int i = 1; i < argc && ret == MW_EXIT_OK; i++) {
		sqlite3 *db = mw_store_db(st);
		const char *tail = argv[i];
		while (ret == MW_EXIT_OK && tail && *tail) {
			sqlite3_stmt *s = NULL;
			int rc;
			if (sqlite3_prepare_v2(db, tail, -1, &s, &tail) != SQLITE_OK) {
				mw_error("%s", sqlite3_errmsg(db));
				ret = MW_EXIT_ERROR;
				break;
			}
			if (!s)
				break;	/* blanks or a comment */
			while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
				for (int c = 0; c < sqlite3_column_count(s); c++) {
					const unsigned char *t = sqlite3_column_text(s, c);
					if (c)
						putchar('|');
					if (t)
						fputs((const char *)t, stdout);
				}
				putchar('\n');
			}
			if (rc != SQLITE_DONE) {
				mw_error("%s", sqlite3_errmsg(db));
				ret = MW_EXIT_ERROR;
			}
			sqlite3_finalize(s);
		}
	}
	mw_store_close(st);
	if (mw_cli_close_stdout() != MW_EXIT_OK)
		ret = MW_EXIT_ERROR;
	return ret;
}

int cmd_debug(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		puts("Usage: memwaste debug parse [--kind KIND] FILE...\n       memwaste [--db DB] debug sql QUERY...");
		return argc < 2 ? MW_EXIT_USAGE : mw_cli_close_stdout();
	}
	if (strcmp(argv[1], "parse") == 0)
		return debug_parse(argc - 1, argv + 1);
	if (strcmp(argv[1], "sql") == 0)
		return debug_sql(argc - 1, argv + 1);
	return mw_usage_error("debug", "unknown helper '%s'", argv[1]);
}
