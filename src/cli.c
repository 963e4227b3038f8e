/* SPDX-License-Identifier: MIT */
/* cli.c: messages, the diagnostics printer, stdout closing, and the command table. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "memwaste/buf.h"
#include "memwaste/cli.h"
#include "memwaste/importer.h"
#include "memwaste/store.h"
#include "memwaste/banned.h"

struct mw_cli mw_cli = { .color = -1 };

const struct mw_command mw_commands[] = {
	{ "import", cmd_import, "read kernel logs and /proc captures into the database", false },
	{ "report", cmd_report, "report where the memory went (files, the database, or this machine)", false },
	{ "explain", cmd_explain, "explain OOM kills, allocation failures and GFP masks in plain words", false },
	{ "record", cmd_record, "record /proc and the kernel log every few seconds into a compressed capture", false },
	{ "debug", cmd_debug, "developer helpers (parse: records as JSON)", true },
	{ NULL, NULL, NULL, false },
};

/* ---- progress on a terminal ---- */

static struct {
	bool shown;		/* a progress line is on the screen */
	double start, last;	/* monotonic seconds */
} progress;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Erases the progress line so that a message starts on a clean line. */
static void progress_clear(void)
{
	if (!progress.shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress.shown = false;
}

static void progress_cb(void *userdata, const struct mw_import_progress *p)
{
	double t = now(), secs, mb;
	unsigned long files = p->inputs_done + !p->input_finished;
	struct winsize ws;
	int cols = 80, room;
	char head[160];
	const char *name = p->display ? p->display : "";

	(void)userdata;
	/* the first call shows at once; then ten times a second */
	if (progress.shown && t - progress.last < 0.1)
		return;
	progress.last = t;
	secs = t - progress.start;
	mb = (double)(p->bytes_done + p->input_bytes) / 1e6;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		cols = ws.ws_col;
	if (p->input_size && !p->input_finished)
		snprintf(head, sizeof(head), " %3.0f%% | %lu file%s, %llu snapshot%s, %.1f MB",
			 100.0 * (double)p->input_bytes / (double)p->input_size, files, files == 1 ? "" : "s",
			 (unsigned long long)p->snapshots, p->snapshots == 1 ? "" : "s", mb);
	else
		snprintf(head, sizeof(head), " | %lu file%s, %llu snapshot%s, %.1f MB", files, files == 1 ? "" : "s",
			 (unsigned long long)p->snapshots, p->snapshots == 1 ? "" : "s", mb);
	if (secs >= 0.5) {
		size_t n = strlen(head);
		snprintf(head + n, sizeof(head) - n, " at %.1f MB/s", mb / secs);
	}
	/* "memwaste: reading " + name + head in one terminal line: the name gives way, from the left */
	room = cols - 1 - (int)strlen("memwaste: reading ") - (int)strlen(head);
	if (room < 8)
		room = 8;
	fputs("\r\033[Kmemwaste: reading ", stderr);
	if ((int)strlen(name) > room)
		fprintf(stderr, "...%s", name + strlen(name) - (size_t)(room - 3));
	else
		fputs(name, stderr);
	fputs(head, stderr);
	fflush(stderr);
	progress.shown = true;
}

void mw_cli_progress_attach(struct mw_importer *im)
{
	if (!mw_cli.stderr_tty || mw_cli.quiet)
		return;
	progress.start = now();
	progress.last = 0;
	im->progress = progress_cb;
}

void mw_cli_progress_end(void)
{
	progress_clear();
}

/*
 * Messages carry file names, host names and bits of input: a name made
 * of control characters (an escape sequence, a newline, a carriage
 * return) must not drive the terminal or forge a line of output, so every
 * byte below 0x20 and DEL is written as \n, \r, \t or \xNN.
 */
static void put_escaped(FILE *f, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7f)
			fputc(c, f);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '\t')
			fputs("\\t", f);
		else
			fprintf(f, "\\x%02x", c);
	}
}

void mw_cli_eputs(const char *s)
{
	put_escaped(stderr, s, strlen(s));
}

void mw_cli_message(const char *text)
{
	fflush(stdout);
	progress_clear();
	fputs("memwaste: ", stderr);
	mw_cli_eputs(text);
	fputc('\n', stderr);
}

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	struct mw_buf b = MW_BUF_INIT;
	if (prefix)
		mw_buf_addstr(&b, prefix);
	mw_buf_vaddf(&b, fmt, ap);
	mw_cli_message(b.buf);
	mw_buf_release(&b);
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
	struct mw_buf b = MW_BUF_INIT;
	if (m->file) {
		mw_buf_addstr(&b, m->file);
		if (m->line)
			mw_buf_addf(&b, ":%llu", (unsigned long long)m->line);
		mw_buf_addstr(&b, ": ");
	}
	if (m->severity == MW_SEV_WARN)
		mw_buf_addstr(&b, "warning: ");
	else if (m->severity == MW_SEV_NOTE)
		mw_buf_addstr(&b, "note: ");
	if (m->parser && m->severity != MW_SEV_NOTE)
		mw_buf_addf(&b, "%s: ", m->parser);
	mw_buf_addstr(&b, m->text);
	mw_cli_message(b.buf);
	mw_buf_release(&b);
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

bool mw_cli_db_is_default(void)
{
	const char *e = getenv("MEMWASTE_DB");
	return !mw_cli.db && !(e && *e);
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
