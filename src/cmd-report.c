/* SPDX-License-Identifier: MIT */
/* cmd-report.c: `memwaste report [PATH...]` on files, on the database, or on this machine. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "memwaste/cli.h"
#include "memwaste/importer.h"
#include "memwaste/render.h"
#include "memwaste/report.h"
#include "memwaste/banned.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: memwaste report [--db FILE] [--format FORMAT] [-o FILE] [--installed SIZE] [--redact-hosts] [PATH...]\n"
		"\n"
		"Where did the memory go? With PATHs, imports them into a temporary database and\n"
		"reports on them; with --db and no PATH, reports on what was imported; with neither,\n"
		"reports on this machine (its /proc files and kernel log).\n"
		"\n"
		"Options:\n"
		"      --db FILE         report on this database (see memwaste-import(1))\n"
		"  -f, --format FORMAT   %s (default text)\n"
		"  -o, --output FILE     write to FILE (atomically) instead of stdout\n"
		"  -r, --report NAMES    only these reports, comma-separated (see --list)\n"
		"      --installed SIZE  installed RAM, e.g. 16G, 16GiB or 17179869184 (default: estimated)\n"
		"      --kernel RELEASE  kernel release for GFP masks when a report does not name it (e.g. 2.6.32)\n"
		"  -H, --host NAME       only this host (database), or the host of PATHs\n"
		"  -k, --kind KIND       read every PATH as KIND (see memwaste import --list-kinds)\n"
		"      --strict          any malformed line fails its input\n"
		"      --show-commands   show process command lines (hidden by default: they may hold secrets)\n"
		"      --redact-hosts    replace host names and IP addresses with host-N and ip-N\n"
		"      --max-size SIZE   markdown: cut the report to SIZE bytes (default 65000; 0: no limit)\n"
		"      --list            list the reports\n"
		"  -q, --quiet           only errors on stderr\n"
		"  -h, --help            this help\n"
		"\n"
		"Exit status: 0 ok, 1 error or nothing to report, 2 usage error, 3 some inputs failed.\n",
		mw_format_list());
}

/* Writes to a temporary file beside `path` and renames it into place, so readers never see half a report. */
static int render_to_file(enum mw_format fmt, const struct mw_doc *doc, const struct mw_render_opts *ro, const char *path)
{
	char *tmp = mw_xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp), r;
	FILE *f;
	if (fd < 0) {
		mw_error("cannot create '%s': %s", tmp, strerror(errno));
		free(tmp);
		return MW_EXIT_ERROR;
	}
	fchmod(fd, 0644 & ~(mode_t)0);
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return MW_EXIT_ERROR;
	}
	r = mw_render(fmt, doc, ro, f);
	if (fflush(f) != 0 && r == 0)
		r = -errno;
	if (r == 0 && fsync(fileno(f)) != 0)
		r = -errno;
	if (fclose(f) != 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) != 0)
		r = -errno;
	if (r < 0) {
		mw_error("cannot write '%s': %s", path, strerror(-r));
		unlink(tmp);
		free(tmp);
		return MW_EXIT_ERROR;
	}
	free(tmp);
	return MW_EXIT_OK;
}

static bool selected(const char *only, const char *name)
{
	size_t n = strlen(name);
	const char *p = only;
	if (!only)
		return true;
	while ((p = strstr(p, name))) {
		if ((p == only || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return true;
		p += n;
	}
	return false;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "report", required_argument, NULL, 'r' },
		{ "installed", required_argument, NULL, 'I' },
		{ "kernel", required_argument, NULL, 'K' },
		{ "host", required_argument, NULL, 'H' },
		{ "kind", required_argument, NULL, 'k' },
		{ "strict", no_argument, NULL, 's' },
		{ "show-commands", no_argument, NULL, 'C' },
		{ "redact-hosts", no_argument, NULL, 'R' },
		{ "max-size", required_argument, NULL, 'M' },
		{ "list", no_argument, NULL, 'L' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum mw_format fmt = MW_FORMAT_TEXT;
	struct mw_report_opts ro = { .installed_bytes = MW_UNKNOWN };
	struct mw_render_opts rend = { .details = true };
	const char *output = NULL, *only = NULL, *kind = NULL, *host = NULL;
	bool strict = false, db_given = mw_cli.db != NULL, any = false;
	struct mw_store *st = NULL;
	struct mw_diag diag;
	struct mw_importer im;
	struct mw_doc *doc;
	char *err = NULL, *path = NULL;
	int c, ret = MW_EXIT_OK;
	uint64_t sz;

	while ((c = getopt_long(argc, argv, "f:o:r:H:k:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': mw_cli.db = optarg; db_given = true; break;
		case 'f':
			if (mw_format_parse(optarg, &fmt) < 0)
				return mw_usage_error("report", "unknown format '%s' (%s)", optarg, mw_format_list());
			break;
		case 'o': output = optarg; break;
		case 'r': only = optarg; break;
		case 'I':
			if (!mw_parse_size(optarg, &sz) || !sz)
				return mw_usage_error("report", "--installed takes a size such as 16G, 16GiB or 17179869184, not '%s'", optarg);
			ro.installed_bytes = (int64_t)sz;
			break;
		case 'K':
			if (!optarg[0] || optarg[0] < '0' || optarg[0] > '9')
				return mw_usage_error("report", "--kernel takes a release such as 2.6.32 or 5.15.0-91-generic, not '%s'", optarg);
			ro.kernel = optarg;
			break;
		case 'H': host = optarg; break;
		case 'k': kind = optarg; break;
		case 's': strict = true; break;
		case 'C': ro.show_commands = true; rend.show_commands = true; break;
		case 'R': rend.redact_hosts = true; break;
		case 'M':
			if (!mw_parse_size(optarg, &sz) || (sz && sz < 4096))
				return mw_usage_error("report", "--max-size takes 0 (no limit) or a size of at least 4096 bytes "
							"such as 65000 or 1M, not '%s'", optarg);
			rend.max_bytes = sz ? (size_t)sz : SIZE_MAX;
			break;
		case 'L':
			for (size_t i = 0; mw_reports[i]; i++)
				printf("%-10s %s\n", mw_reports[i]->name, mw_reports[i]->summary);
			return mw_cli_close_stdout();
		case 'q': mw_cli.quiet = true; break;
		case 'h': usage(stdout); return mw_cli_close_stdout();
		default: return mw_usage_error("report", "unknown option");
		}
	}
	if (only) {
		const char *p = only;
		while (*p) {
			size_t n = strcspn(p, ",");
			bool found = false;
			for (size_t i = 0; mw_reports[i]; i++)
				if (strlen(mw_reports[i]->name) == n && strncmp(mw_reports[i]->name, p, n) == 0)
					found = true;
			if (!found)
				return mw_usage_error("report", "unknown report '%.*s' (see --list)", (int)n, p);
			p += n;
			if (*p)
				p++;
		}
	}
	if (kind && !mw_parser_find(kind))
		return mw_usage_error("report", "unknown kind '%s'", kind);

	mw_diag_init(&diag, mw_cli_diag_print, NULL);
	diag.limit = 20;
	if (optind < argc || !db_given) {
		if (mw_store_open(NULL, MW_STORE_MEMORY, &st, &err) < 0) {
			mw_error("%s", err);
			free(err);
			return MW_EXIT_ERROR;
		}
		mw_importer_init(&im, st, &diag);
		im.kind = kind;
		im.host = host;
		im.strict = strict;
		if (optind < argc) {
			mw_cli_progress_attach(&im);
			for (int i = optind; i < argc; i++)
				mw_importer_path(&im, argv[i]);
			mw_cli_progress_end();
		} else {
			mw_live_import(&im);
		}
		ret = mw_importer_exit(&im);
		if (ret == MW_EXIT_ERROR) {
			mw_store_close(st);
			return ret;
		}
	} else {
		path = mw_cli_db_path();
		if (mw_store_open(path, MW_STORE_READONLY, &st, &err) < 0) {
			mw_error("%s", err);
			free(err);
			free(path);
			return MW_EXIT_ERROR;
		}
		ro.host = host;
	}

	doc = mw_doc_new("memwaste report");
	for (size_t i = 0; mw_reports[i]; i++) {
		const struct mw_report *rep = mw_reports[i];
		int r;
		if (!selected(only, rep->name) || (rep->applies && !rep->applies(st, &ro)))
			continue;
		r = rep->run(st, &ro, doc->root);
		if (r < 0) {
			mw_error("report %s: %s", rep->name, r == MW_ESTORE ? mw_store_errmsg(st) : mw_strerror(r));
			ret = MW_EXIT_ERROR;
		}
		any = true;
	}
	if (!any) {
		mw_error("nothing to report: the %s holds no kernel memory data memwaste understands",
			 path ? "database" : "input");
		ret = MW_EXIT_ERROR;
	} else {
		rend.color = !output && mw_cli_color_stdout();
		if (output) {
			int r = render_to_file(fmt, doc, &rend, output);
			if (r != MW_EXIT_OK)
				ret = r;
		} else {
			int r = mw_render(fmt, doc, &rend, stdout);
			if (r < 0) {
				mw_error("error writing the report: %s", strerror(-r));
				ret = MW_EXIT_ERROR;
			}
		}
	}
	mw_doc_free(doc);
	mw_store_close(st);
	free(path);
	if (mw_cli_close_stdout() != MW_EXIT_OK)
		ret = MW_EXIT_ERROR;
	return ret;
}
