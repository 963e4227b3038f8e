/* SPDX-License-Identifier: MIT */
/*
 * main.c: global options and dispatch to the subcommands (git.c shape).
 *
 * Adding a subcommand: src/cmd-<name>.c with cmd_<name>(argc, argv), a row
 * in mw_commands[] (src/cli.c), its declaration in include/memwaste/cli.h,
 * one source line in src/CMakeLists.txt, man/memwaste-<name>.1 and a
 * tests/cli/ case. The consistency test checks the man pages against the
 * table.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "memwaste/cli.h"
#include "memwaste/parser.h"
#include "memwaste/banned.h"

static void usage(FILE *out)
{
	fputs("Usage: memwaste [--db FILE] [--quiet] [--color WHEN] <command> [options] [args]\n"
	      "\n"
	      "Post-mortem analysis of Linux kernel memory from text: kernel logs, /proc\n"
	      "captures, logging-loop output. With no command, `memwaste report` on this machine.\n"
	      "\n"
	      "Commands:\n", out);
	for (const struct mw_command *c = mw_commands; c->name; c++)
		if (!c->hidden)
			fprintf(out, "  %-9s %s\n", c->name, c->summary);
	fputs("\n"
	      "Global options:\n"
	      "  --db FILE        database (default $MEMWASTE_DB, else $XDG_DATA_HOME/memwaste/memwaste.db)\n"
	      "  -q, --quiet      only errors on stderr\n"
	      "      --color WHEN auto, always or never (NO_COLOR is honoured)\n"
	      "  -h, --help       this help; `memwaste <command> --help` for a command\n"
	      "  -V, --version    print the version\n"
	      "\n"
	      "Exit status: 0 ok, 1 error, 2 usage error, 3 partial (some inputs failed).\n"
	      "See memwaste(1).\n", out);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct mw_command *cmd = NULL;
	int c, r;
	char *report_argv[] = { (char *)"report", NULL };

	/*
	 * Past a file-size limit (ulimit -f) write(2) fails with EFBIG and we
	 * say so, instead of being killed by SIGXFSZ with half a sentence
	 * written; SQLite rolls the input back.
	 */
	signal(SIGXFSZ, SIG_IGN);
	mw_cli.stderr_tty = isatty(STDERR_FILENO);
	mw_cli.stdout_tty = isatty(STDOUT_FILENO);
	/* "+": stop at the first non-option, which is the command */
	while ((c = getopt_long(argc, argv, "+qhV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			mw_cli.db = optarg;
			break;
		case 'q':
			mw_cli.quiet = true;
			break;
		case 'c':
			if (strcmp(optarg, "auto") == 0)
				mw_cli.color = -1;
			else if (strcmp(optarg, "always") == 0)
				mw_cli.color = 1;
			else if (strcmp(optarg, "never") == 0)
				mw_cli.color = 0;
			else
				return mw_usage_error(NULL, "--color takes auto, always or never, not '%s'", optarg);
			break;
		case 'h':
			usage(stdout);
			return mw_cli_close_stdout();
		case 'V':
			printf("memwaste %s\n", MW_VERSION);
			return mw_cli_close_stdout();
		default:
			return mw_usage_error(NULL, "unknown option");
		}
	}
	if (optind >= argc) {
		/* the embedded default, like free(1): report on this machine */
		optind = 0;
		r = cmd_report(1, report_argv);
		mw_parsers_release();
		return r;
	}
	for (const struct mw_command *k = mw_commands; k->name; k++)
		if (strcmp(k->name, argv[optind]) == 0)
			cmd = k;
	if (!cmd)
		return mw_usage_error(NULL, "'%s' is not a memwaste command", argv[optind]);
	argc -= optind;
	argv += optind;
	optind = 0;	/* glibc: full reinitialisation for the command's getopt */
	r = cmd->fn(argc, argv);
	mw_parsers_release();
	return r;
}
