/* SPDX-License-Identifier: MIT */
/* cli.h: what the subcommands share: global options, messages, the command table. */
#ifndef MW_CLI_H
#define MW_CLI_H

#include <stdio.h>
#include "memwaste/common.h"
#include "memwaste/diag.h"

/*
 * Only src/main.c and src/cmd-*.c print. Messages follow git's style:
 * "memwaste: <file>:<line>: <what is wrong>", lower case, no full stop.
 */
struct mw_cli {
	const char *db;		/* --db, NULL = default */
	bool quiet;
	int color;		/* -1 auto, 0 never, 1 always */
	bool stderr_tty;
	bool stdout_tty;
};

extern struct mw_cli mw_cli;

void mw_error(const char *fmt, ...) MW_PRINTF(1, 2);
void mw_warning(const char *fmt, ...) MW_PRINTF(1, 2);
void mw_note(const char *fmt, ...) MW_PRINTF(1, 2);
/*
 * Prints "memwaste: TEXT" on stderr with control characters escaped
 * (\n, \r, \t, \xNN), so names taken from inputs cannot drive the
 * terminal or forge lines; every message goes through it.
 */
void mw_cli_message(const char *text);
/* Writes s to stderr with the same escaping. */
void mw_cli_eputs(const char *s);
/* "memwaste <cmd>: ...; try 'memwaste <cmd> --help'" and returns MW_EXIT_USAGE. */
int mw_usage_error(const char *cmd, const char *fmt, ...) MW_PRINTF(2, 3);
/* The diag callback commands use: prints diagnostics as "memwaste: file:line: message". */
void mw_cli_diag_print(void *userdata, const struct mw_diag_msg *m);
/* Whether to colour stdout. */
bool mw_cli_color_stdout(void);
/* Whether the database is the default one (no --db, no $MEMWASTE_DB): its folder may be created. */
bool mw_cli_db_is_default(void);
/* Database path: --db, else the default. malloc'ed. */
char *mw_cli_db_path(void);
/* Closes stdout and reports write errors (util-linux close_stdout): returns MW_EXIT_ERROR on failure. */
int mw_cli_close_stdout(void);

/*
 * Progress of long imports: when stderr is a terminal and not --quiet,
 * mw_cli_progress_attach() makes the importer show one status line on
 * stderr (input, files and snapshots done, MB read and MB/s), rewritten
 * in place at most ten times a second and erased before any other
 * message and by mw_cli_progress_end(). Otherwise it does nothing: logs
 * and pipes get no progress.
 */
struct mw_importer;
void mw_cli_progress_attach(struct mw_importer *im);
void mw_cli_progress_end(void);

struct mw_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	bool hidden;
};
extern const struct mw_command mw_commands[];

int cmd_import(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_debug(int argc, char **argv);

/* Live machine: imports this machine's /proc files and kernel log into the importer's store. */
struct mw_importer;
int mw_live_import(struct mw_importer *im);

/* ---- this machine's files, for the live report and `memwaste record` (src/live.c) ---- */
struct mw_buf;
/* Appends a whole file (a /proc file read in one go); false with errno when unreadable or empty. */
bool mw_live_read_file(const char *path, struct mw_buf *b);
/* uid -> user name cache for process listings taken again and again. */
struct mw_live_users {
	unsigned n;
	struct {
		unsigned uid;
		char name[33];
	} e[64];
};
/* Appends a `ps -eo user,pid,rss,comm` listing built from /proc (users may be NULL). */
void mw_live_process_list(struct mw_buf *out, struct mw_live_users *users);
/* /dev/kmsg opened non-blocking at its first record, < 0 (-1, errno) if not readable. */
int mw_live_kmsg_open(void);
/* Appends the records not read yet as "ISO-wall <level>[monotonic] message" lines; returns how many. */
int mw_live_kmsg_read(int fd, struct mw_buf *out);

#endif
