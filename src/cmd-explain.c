/* SPDX-License-Identifier: MIT */
/*
 * cmd-explain.c: `memwaste explain TEXT|FILE|-`: what an OOM report, a page
 * allocation failure or a bare "order:3, mode:0x20" means, in plain words.
 * The text or file goes through the normal import into a memory database
 * and the events report explains every event in it; text that holds no
 * whole report but an order or a GFP mask is answered as a request
 * (events.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "memwaste/buf.h"
#include "memwaste/cli.h"
#include "memwaste/events.h"
#include "memwaste/importer.h"
#include "memwaste/render.h"
#include "memwaste/report.h"
#include "memwaste/banned.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: memwaste explain [--kernel RELEASE] [--format FORMAT] [-o FILE] TEXT...|FILE|-\n"
		"\n"
		"Explains kernel memory reports in plain words: OOM kills, page allocation\n"
		"failures and stalls, show_mem (sysrq-m) dumps. Give a log FILE, - for stdin, or\n"
		"the text itself: a whole report, one line of it, or only an order and a mask\n"
		"('page allocation failure. order:3, mode:0x20', 'mode:0x20', 'gfp_mask=0xcc0').\n"
		"Each answer says what was requested, what the GFP flags allow, why it failed,\n"
		"what to do, and quotes the lines it is based on.\n"
		"\n"
		"Options:\n"
		"  -k, --kernel RELEASE  kernel release for the GFP flags when the text does not\n"
		"                        name it (uname -r of the machine, e.g. 2.6.18 or 5.15.0-91)\n"
		"  -f, --format FORMAT   %s (default text)\n"
		"  -o, --output FILE     write to FILE instead of stdout\n"
		"  -q, --quiet           only errors on stderr\n"
		"  -h, --help            this help\n"
		"\n"
		"Exit status: 0 ok, 1 nothing to explain or an error, 2 usage error.\n",
		mw_format_list());
}

static bool is_path(const char *arg)
{
	struct stat sb;
	return strcmp(arg, "-") == 0 || (strchr(arg, '\n') == NULL && stat(arg, &sb) == 0);
}

static bool hexdigit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * An order and a mask in free text: "order:3", "order=0", "mode:0x20",
 * "gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP)", a bare "0xd0", or
 * names only ("GFP_KERNEL|__GFP_COMP"). Returns false when it has none.
 */
static bool parse_request(const char *text, struct mw_event_request *rq, char *mask, size_t mask_n, char *names,
			  size_t names_n)
{
	const char *p;
	bool any = false;

	rq->order = MW_UNKNOWN;
	rq->gfp_mask = rq->gfp_names = NULL;
	mask[0] = names[0] = '\0';
	if ((p = strstr(text, "order")) != NULL) {
		const char *q = p + 5;
		long long v;
		char *end;
		while (*q == ' ')
			q++;
		if (*q == ':' || *q == '=') {
			q++;
			while (*q == ' ')
				q++;
			v = strtoll(q, &end, 10);
			if (end != q && v >= -1 && v < 64) {
				rq->order = v;
				any = true;
			}
		}
	}
	for (p = text; (p = strstr(p, "0x")) != NULL; p += 2) {
		size_t n = 0;
		while (hexdigit(p[2 + n]))
			n++;
		if (!n || (p > text && (hexdigit(p[-1]) || p[-1] == '_')))
			continue;
		snprintf(mask, mask_n, "%.*s", (int)MW_MIN(n + 2, mask_n - 1), p);
		rq->gfp_mask = mask;
		any = true;
		p += 2 + n;
		if (*p == '(') {
			size_t m = strcspn(p + 1, ")");
			snprintf(names, names_n, "%.*s", (int)MW_MIN(m, names_n - 1), p + 1);
			rq->gfp_names = names;
		}
		break;
	}
	if (!rq->gfp_names && (p = strstr(text, "GFP_")) != NULL) {
		/* names alone: back to the start of the name list ("__GFP_...") */
		const char *s = p;
		size_t m;
		while (s > text && (s[-1] == '_' || s[-1] == '|'))
			s--;
		m = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_|x");
		snprintf(names, names_n, "%.*s", (int)MW_MIN(m, names_n - 1), s);
		rq->gfp_names = names;
		any = true;
	}
	return any;
}

static int render(struct mw_doc *doc, enum mw_format fmt, const char *output)
{
	struct mw_render_opts ro = { .details = true };
	FILE *f = stdout;
	int r;
	ro.color = !output && mw_cli_color_stdout();
	if (output && !(f = fopen(output, "w"))) {
		mw_error("cannot create '%s': %s", output, strerror(errno));
		return MW_EXIT_ERROR;
	}
	r = mw_render(fmt, doc, &ro, f);
	if (output && fclose(f) != 0 && r == 0)
		r = -errno;
	if (r < 0) {
		mw_error("cannot write %s: %s", output ? output : "the answer", strerror(-r));
		return MW_EXIT_ERROR;
	}
	return MW_EXIT_OK;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum mw_format fmt = MW_FORMAT_TEXT;
	struct mw_report_opts ro = { .installed_bytes = MW_UNKNOWN };
	const char *output = NULL;
	struct mw_store *st = NULL;
	struct mw_importer im;
	struct mw_diag diag;
	struct mw_doc *doc = NULL;
	struct mw_buf text = MW_BUF_INIT;
	bool files = true;
	char *err = NULL;
	int c, ret = MW_EXIT_OK;

	while ((c = getopt_long(argc, argv, "k:f:o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'k': ro.kernel = optarg; break;
		case 'f':
			if (mw_format_parse(optarg, &fmt) < 0)
				return mw_usage_error("explain", "unknown format '%s' (%s)", optarg, mw_format_list());
			break;
		case 'o': output = optarg; break;
		case 'q': mw_cli.quiet = true; break;
		case 'h': usage(stdout); return mw_cli_close_stdout();
		default: return mw_usage_error("explain", "unknown option");
		}
	}
	if (optind >= argc)
		return mw_usage_error("explain", "nothing to explain: give the text, a FILE or - for stdin");
	if (ro.kernel && (ro.kernel[0] < '0' || ro.kernel[0] > '9'))
		return mw_usage_error("explain", "--kernel takes a release such as 2.6.18 or 6.1.0-13-amd64, not '%s'", ro.kernel);
	for (int i = optind; i < argc; i++)
		if (!is_path(argv[i]))
			files = false;
	if (!files) {
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				mw_buf_addch(&text, ' ');
			mw_buf_addstr(&text, argv[i]);
		}
		mw_buf_addch(&text, '\n');
	}

	if (mw_store_open(NULL, MW_STORE_MEMORY, &st, &err) < 0) {
		mw_error("%s", err);
		free(err);
		mw_buf_release(&text);
		return MW_EXIT_ERROR;
	}
	mw_diag_init(&diag, mw_cli_diag_print, NULL);
	diag.limit = 20;
	mw_importer_init(&im, st, &diag);
	if (files) {
		for (int i = optind; i < argc; i++)
			mw_importer_path(&im, argv[i]);
	} else {
		mw_importer_mem(&im, text.buf, text.len, "<command line>", NULL, "text", MW_UNKNOWN);
	}
	if (mw_importer_exit(&im) == MW_EXIT_ERROR && files) {
		ret = MW_EXIT_ERROR;
		goto out;
	}

	doc = mw_doc_new("memwaste explain");
	if (mw_report_events.applies(st, &ro)) {
		int r = mw_report_events.run(st, &ro, doc->root);
		if (r < 0) {
			mw_error("explain: %s", r == MW_ESTORE ? mw_store_errmsg(st) : mw_strerror(r));
			ret = MW_EXIT_ERROR;
			goto out;
		}
	} else {
		struct mw_event_request rq;
		char mask[32], names[256];
		if (files || !parse_request(text.buf, &rq, mask, sizeof(mask), names, sizeof(names))) {
			mw_error("nothing to explain: %s holds no OOM report, allocation failure, show_mem dump, order or GFP mask",
				 files ? "the input" : "the text");
			ret = MW_EXIT_ERROR;
			goto out;
		}
		while (text.len && (text.buf[text.len - 1] == '\n' || text.buf[text.len - 1] == ' '))
			mw_buf_setlen(&text, text.len - 1);
		rq.text = text.buf;
		mw_events_explain_request(&rq, &ro, doc->root);
	}
	ret = render(doc, fmt, output);
out:
	mw_doc_free(doc);
	mw_store_close(st);
	mw_buf_release(&text);
	if (mw_cli_close_stdout() != MW_EXIT_OK)
		ret = MW_EXIT_ERROR;
	return ret;
}
