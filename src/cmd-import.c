/* SPDX-License-Identifier: MIT */
/* cmd-import.c: `memwaste import [options] PATH...` into the database. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "memwaste/buf.h"
#include "memwaste/cli.h"
#include "memwaste/importer.h"
#include "memwaste/parser.h"
#include "memwaste/banned.h"

static void usage(FILE *out)
{
	fputs("Usage: memwaste import [--db FILE] [--kind KIND] [--host NAME] [--strict] [--max-files N] PATH...\n"
	      "\n"
	      "Reads kernel logs (dmesg, journalctl, syslog, vmcore-dmesg.txt), /proc captures\n"
	      "(meminfo, zoneinfo, buddyinfo, pagetypeinfo, slabinfo, vmstat), logging-loop output\n"
	      "and capture directories into the database. PATH may be a file, a directory (walked)\n"
	      "or - for stdin; plain text or zstd-compressed. Each input is one transaction: a\n"
	      "failed input leaves the database as it was; the same content is imported once.\n"
	      "\n"
	      "Options:\n"
	      "      --db FILE      database (default $MEMWASTE_DB, else $XDG_DATA_HOME/memwaste/memwaste.db)\n"
	      "  -k, --kind KIND    read every input as KIND (see --list-kinds)\n"
	      "  -H, --host NAME    the host the data comes from (default: from the data)\n"
	      "      --strict       any malformed line fails its input\n"
	      "      --max-files N  stop a directory walk after N files (default 100000)\n"
	      "  -q, --quiet        only errors on stderr\n"
	      "      --list-kinds   list the input kinds\n"
	      "  -h, --help         this help\n"
	      "\n"
	      "Exit status: 0 ok, 1 nothing imported, 2 usage error, 3 some inputs failed.\n", out);
}

/* "1 line", "2 lines" */
static const char *s_(uint64_t n)
{
	return n == 1 ? "" : "s";
}

static void done(void *userdata, const char *display, int status, const struct mw_parse_stats *ps,
		 const struct mw_store_counts *sc)
{
	struct mw_buf b = MW_BUF_INIT;
	(void)userdata;
	if (mw_cli.quiet || !ps || !sc || status < 0)
		return;
	mw_buf_addf(&b, "%s: %llu line%s: %llu boot%s, %llu snapshot%s%s, %llu event%s", display,
		    (unsigned long long)ps->lines, s_(ps->lines), (unsigned long long)sc->boots, s_(sc->boots),
		    (unsigned long long)sc->snapshots, s_(sc->snapshots), sc->snapshots_skipped ? " (some already stored)" : "",
		    (unsigned long long)sc->events, s_(sc->events));
	if (ps->warnings)
		mw_buf_addf(&b, ", %llu line%s skipped", (unsigned long long)ps->warnings, s_(ps->warnings));
	mw_cli_message(b.buf);
	mw_buf_release(&b);
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "kind", required_argument, NULL, 'k' },
		{ "host", required_argument, NULL, 'H' },
		{ "strict", no_argument, NULL, 's' },
		{ "max-files", required_argument, NULL, 'M' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "list-kinds", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct mw_importer im;
	struct mw_diag diag;
	struct mw_store *st = NULL;
	const char *kind = NULL, *host = NULL;
	bool strict = false;
	unsigned long max_files = 100000;
	uint64_t n;
	char *path, *err = NULL;
	int c, r;

	while ((c = getopt_long(argc, argv, "k:H:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': mw_cli.db = optarg; break;
		case 'k': kind = optarg; break;
		case 'H': host = optarg; break;
		case 's': strict = true; break;
		case 'M':
			if (!mw_parse_count(optarg, &n) || n == 0 || n > ULONG_MAX)
				return mw_usage_error("import", "--max-files takes a positive number, not '%s'", optarg);
			max_files = (unsigned long)n;
			break;
		case 'q': mw_cli.quiet = true; break;
		case 'L':
			for (size_t i = 0; mw_parsers[i]; i++)
				printf("%-14s %s\n", mw_parsers[i]->name, mw_parsers[i]->summary);
			return mw_cli_close_stdout();
		case 'h': usage(stdout); return mw_cli_close_stdout();
		default: return mw_usage_error("import", "unknown option");
		}
	}
	if (optind >= argc)
		return mw_usage_error("import", "no PATH given (use - for stdin)");
	if (kind && !mw_parser_find(kind))
		return mw_usage_error("import", "unknown kind '%s' (see --list-kinds)", kind);

	path = mw_cli_db_path();
	if (mw_store_prepare_dir(path, mw_cli_db_is_default(), &err) < 0 || mw_store_open(path, MW_STORE_READWRITE, &st, &err) < 0) {
		mw_error("%s", err ? err : "cannot open the database");
		free(err);
		free(path);
		return MW_EXIT_ERROR;
	}
	mw_diag_init(&diag, mw_cli_diag_print, NULL);
	diag.limit = 20;
	mw_importer_init(&im, st, &diag);
	im.kind = kind;
	im.host = host;
	im.strict = strict;
	im.max_files = max_files;
	im.done = done;
	mw_cli_progress_attach(&im);
	for (int i = optind; i < argc; i++)
		mw_importer_path(&im, argv[i]);
	mw_cli_progress_end();
	r = mw_importer_exit(&im);
	if (!mw_cli.quiet && argc - optind > 1)
		mw_note("imported %lu of %lu inputs into %s (%lu already there, %lu failed)",
			im.inputs_ok + im.inputs_partial, im.inputs_ok + im.inputs_partial + im.inputs_failed + im.inputs_duplicate,
			path, im.inputs_duplicate, im.inputs_failed);
	mw_store_close(st);
	free(path);
	return r;
}
