/* SPDX-License-Identifier: MIT */
/* cli.c: messages, the diagnostics printer, stdout closing, and the command table. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "memwaste/cli.h"
#include "memwaste/store.h"
#include "memwaste/banned.h"

struct mw_cli mw_cli = { .color = -1 };

const struct mw_command mw_commands[] = {
	{ "import", cmd_import, "read kernel logs and /proc captures into the database", false },
	{ "report", cmd_report, "report where the memory went (files, the database, or this machine)", false },
	{ "record", cmd_record, "record /proc and the kernel log every few seconds into a compressed capture", false },
	{ "debug", cmd_debug, "developer helpers (parse: records as JSON)", true },
	{ NULL, NULL, NULL, false },
};

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("memwaste: ", stderr);
	if (prefix)
		fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void mw_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

void mw_warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void mw_note(const char *fmt, ...)
{
	va_list ap;
	if (mw_cli.quiet)
		return;
	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

int mw_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "memwaste%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'memwaste%s%s --help' for more information.\n", cmd ? " " : "", cmd ? cmd : "");
	return MW_EXIT_USAGE;
}

void mw_cli_diag_print(void *userdata, const struct mw_diag_msg *m)
{
	(void)userdata;
	if (m->severity == MW_SEV_NOTE && mw_cli.quiet)
		return;
	fflush(stdout);
	fputs("memwaste: ", stderr);
	if (m->file) {
		fputs(m->file, stderr);
		if (m->line)
			fprintf(stderr, ":%llu", (unsigned long long)m->line);
		fputs(": ", stderr);
	}
	if (m->severity == MW_SEV_WARN)
		fputs("warning: ", stderr);
	else if (m->severity == MW_SEV_NOTE)
		fputs("note: ", stderr);
	if (m->parser && m->severity != MW_SEV_NOTE)
		fprintf(stderr, "%s: ", m->parser);
	fputs(m->text, stderr);
	fputc('\n', stderr);
}

bool mw_cli_color_stdout(void)
{
	const char *nc = getenv("NO_COLOR");
	if (mw_cli.color == 0 || (nc && *nc))
		return false;
	if (mw_cli.color == 1)
		return true;
	if (!isatty(STDOUT_FILENO))
		return false;
	nc = getenv("TERM");
	return !(nc && strcmp(nc, "dumb") == 0);
}

char *mw_cli_db_path(void)
{
	return mw_cli.db ? mw_xstrdup(mw_cli.db) : mw_store_default_path();
}

int mw_cli_close_stdout(void)
{
	int bad = ferror(stdout);
	if (fflush(stdout) != 0)
		bad = 1;
	if (fclose(stdout) != 0)
		bad = 1;
	if (bad) {
		mw_error("error writing the output: %s", strerror(errno ? errno : EIO));
		return MW_EXIT_ERROR;
	}
	return MW_EXIT_OK;
}
