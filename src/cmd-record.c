/* SPDX-License-Identifier: MIT */
/*
 * cmd-record.c: `memwaste record`, the logging loop of "Can you handle the
 * pressure?" (2005) section 7.2 built in. Every interval it reads
 * /proc/meminfo, vmstat, zoneinfo, buddyinfo and slabinfo, lists the
 * processes (name, pid, RSS: never command lines) and takes the kernel
 * log's new records, and writes them as one snapshot in the shape
 * `memwaste import` reads (capture.h):
 *
 *   # memwaste record 0.1.0 host=db1 kernel=6.18.44 interval=10 page_size=4096
 *   2026-11-21T23:41:57.000123+00:00
 *   ==> /proc/meminfo <==
 *   ...
 *   ==> ps <==
 *   ==> dmesg <==
 *   2026-11-21T23:41:50.118000+00:00 <4>[ 9876.543210] oom-kill:constraint=...
 *   ------------------------
 *
 * Each snapshot is one zstd frame written with one write(): a kill leaves
 * a file that reads up to the last whole snapshot, and files can be
 * concatenated. Output rotates by size. The cost is a few reads of /proc
 * and a level-3 compression per interval.
 */
#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>
#include "memwaste/buf.h"
#include "memwaste/cli.h"
#include "memwaste/parser.h"
#include "memwaste/banned.h"

static const char *const proc_files[] = { "/proc/meminfo", "/proc/vmstat", "/proc/zoneinfo", "/proc/buddyinfo",
					  "/proc/slabinfo" };

struct recorder {
	/* options */
	double interval;		/* seconds */
	uint64_t count;			/* snapshots, 0 = no limit */
	double duration;		/* seconds, 0 = no limit */
	const char *output;		/* FILE, DIR or "-" */
	bool dir_mode;
	uint64_t rotate;		/* bytes per file, 0 = never */
	unsigned long keep;		/* rotated files kept, 0 = all */
	char host[256];
	char kernel[128];
	long page_size;
	/* state */
	int fd;
	char *path;			/* the file being written, NULL for stdout */
	uint64_t file_bytes;
	bool header_done;		/* this file has its header line */
	ZSTD_CCtx *cctx;
	struct mw_buf text, frame;
	int kmsg;
	struct mw_live_users users;
	bool noted[MW_ARRAY_SIZE(proc_files)];
	uint64_t snapshots, bytes;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void usage(FILE *out)
{
	fputs("Usage: memwaste record [--interval 10s] [--count N | --duration 2h] [-o FILE.zst | DIR | -]\n"
	      "                       [--rotate SIZE] [--keep N] [--host NAME]\n"
	      "\n"
	      "The logging loop of \"Can you handle the pressure?\" built in: every interval, writes\n"
	      "/proc/meminfo, vmstat, zoneinfo, buddyinfo, slabinfo, the process list (name, pid,\n"
	      "RSS) and the kernel log's new lines as one zstd frame, so the file stays readable up\n"
	      "to the last whole snapshot when the recorder is killed. `memwaste import` reads it.\n"
	      "Stops after --count snapshots, after --duration, or on SIGINT/SIGTERM.\n"
	      "\n"
	      "Options:\n"
	      "  -i, --interval TIME  time between snapshots: 10s (default), 500ms, 1m, 1h\n"
	      "  -n, --count N        stop after N snapshots\n"
	      "  -d, --duration TIME  stop after this long (2h, 1d, 90m)\n"
	      "  -o, --output PATH    FILE (appended to), DIR (one file per start or rotation) or -\n"
	      "                       for stdout; default memwaste-HOST-TIME.zst here\n"
	      "      --rotate SIZE    start a new file when this one reaches SIZE (default 256M, 0 never)\n"
	      "      --keep N         keep N rotated files, delete older ones (default 0: keep all)\n"
	      "  -H, --host NAME      the host name written in the capture (default: this host's)\n"
	      "  -q, --quiet          only errors on stderr\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "Exit status: 0 ok, 1 error, 2 usage error.\n", out);
}

/* "10s", "500ms", "1.5m", "2h", "1d", "30": seconds. */
static bool parse_duration(const char *s, double *ret)
{
	char *end;
	double v;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || !(v >= 0))
		return false;
	if (*end == '\0' || strcmp(end, "s") == 0)
		;
	else if (strcmp(end, "ms") == 0)
		v /= 1000;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		v *= 60;
	else if (strcmp(end, "h") == 0)
		v *= 3600;
	else if (strcmp(end, "d") == 0)
		v *= 86400;
	else
		return false;
	*ret = v;
	return true;
}

static void stamp(char *buf, size_t n, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y%m%dT%H%M%SZ", &tm);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int open_output(struct recorder *r)
{
	struct stat sb;
	r->header_done = false;
	r->file_bytes = 0;
	if (strcmp(r->output, "-") == 0) {
		r->fd = STDOUT_FILENO;
		return 0;
	}
	free(r->path);
	if (r->dir_mode) {
		char st[32];
		stamp(st, sizeof(st), time(NULL));
		r->path = mw_xasprintf("%s/memwaste-%s-%s.zst", r->output, r->host, st);
		for (int i = 1; stat(r->path, &sb) == 0; i++) {
			free(r->path);
			r->path = mw_xasprintf("%s/memwaste-%s-%s-%d.zst", r->output, r->host, st, i);
		}
	} else {
		r->path = mw_xstrdup(r->output);
	}
	r->fd = open(r->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (r->fd < 0) {
		mw_error("cannot open '%s': %s", r->path, strerror(errno));
		return -errno;
	}
	if (fstat(r->fd, &sb) == 0)
		r->file_bytes = (uint64_t)sb.st_size;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* DIR mode: deletes this host's oldest record files beyond --keep (names sort by time). */
static void prune_dir(struct recorder *r)
{
	char prefix[300], **names = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *e;
	DIR *d = opendir(r->output);
	if (!d)
		return;
	snprintf(prefix, sizeof(prefix), "memwaste-%s-", r->host);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && l > 4 && strcmp(e->d_name + l - 4, ".zst") == 0) {
			MW_GROW(names, alloc, n + 1);
			names[n++] = mw_xstrdup(e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	/* the current file is the newest and is not a rotated one */
	for (size_t i = 0; i + r->keep + 1 < n; i++) {
		char *p = mw_xasprintf("%s/%s", r->output, names[i]);
		if (unlink(p) == 0 && !mw_cli.quiet)
			mw_note("removed '%s' (--keep %lu)", p, r->keep);
		free(p);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* FILE mode: FILE -> FILE.1 -> FILE.2 ..., the oldest beyond --keep removed. */
static void shift_files(struct recorder *r)
{
	unsigned long top = 0;
	struct stat sb;
	for (;;) {
		char *p = mw_xasprintf("%s.%lu", r->path, top + 1);
		bool there = stat(p, &sb) == 0;
		free(p);
		if (!there)
			break;
		top++;
	}
	for (unsigned long i = top; i >= 1; i--) {
		char *from = mw_xasprintf("%s.%lu", r->path, i), *to = mw_xasprintf("%s.%lu", r->path, i + 1);
		if (r->keep && i + 1 > r->keep)
			unlink(from);
		else
			rename(from, to);
		free(from);
		free(to);
	}
	{
		char *to = mw_xasprintf("%s.1", r->path);
		rename(r->path, to);
		free(to);
	}
}

static int rotate(struct recorder *r)
{
	if (!r->path)
		return 0;
	if (close(r->fd) != 0) {
		mw_error("cannot write '%s': %s", r->path, strerror(errno));
		return -EIO;
	}
	r->fd = -1;
	if (r->dir_mode) {
		int ret = open_output(r);
		if (ret == 0 && r->keep)
			prune_dir(r);
		return ret;
	}
	shift_files(r);
	return open_output(r);
}

/* One snapshot as text: the header line in a file's first frame, the date, the sections, the separator. */
static void build(struct recorder *r)
{
	struct timespec now;
	struct tm tm;
	struct mw_buf *t = &r->text;

	mw_buf_reset(t);
	if (!r->header_done) {
		mw_buf_addf(t, "# memwaste record %s host=%s kernel=%s interval=%g page_size=%ld\n", MW_VERSION, r->host,
			    r->kernel, r->interval, r->page_size);
		r->header_done = true;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	mw_buf_addf(t, "%04d-%02d-%02dT%02d:%02d:%02d.%06ld+00:00\n", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec, now.tv_nsec / 1000);
	for (size_t i = 0; i < MW_ARRAY_SIZE(proc_files); i++) {
		size_t before = t->len;
		mw_buf_addf(t, "==> %s <==\n", proc_files[i]);
		if (!mw_live_read_file(proc_files[i], t)) {
			if (!r->noted[i])
				mw_warning("%s: not readable (%s): recorded without it", proc_files[i],
					   strerror(errno ? errno : ENOENT));
			r->noted[i] = true;
			mw_buf_setlen(t, before);
			continue;
		}
		if (t->buf[t->len - 1] != '\n')
			mw_buf_addch(t, '\n');
	}
	mw_buf_addstr(t, "==> ps <==\n");
	mw_live_process_list(t, &r->users);
	if (r->kmsg >= 0) {
		size_t before = t->len;
		mw_buf_addstr(t, "==> dmesg <==\n");
		if (mw_live_kmsg_read(r->kmsg, t) == 0)
			mw_buf_setlen(t, before);
	}
	mw_buf_addstr(t, "------------------------\n");
}

static int take(struct recorder *r)
{
	size_t n;
	int ret;
	/* rotate before a snapshot, not after one: no empty file is left behind at the end */
	if (r->rotate && r->file_bytes >= r->rotate && (ret = rotate(r)) < 0)
		return ret;
	build(r);
	mw_buf_grow(&r->frame, ZSTD_compressBound(r->text.len));
	n = ZSTD_compress2(r->cctx, r->frame.buf, r->frame.alloc, r->text.buf, r->text.len);
	if (ZSTD_isError(n)) {
		mw_error("compressing a snapshot: %s", ZSTD_getErrorName(n));
		return -EIO;
	}
	if ((ret = write_all(r->fd, r->frame.buf, n)) < 0) {
		mw_error("cannot write '%s': %s", r->path ? r->path : "<stdout>", strerror(-ret));
		return ret;
	}
	r->file_bytes += n;
	r->bytes += n;
	r->snapshots++;
	return 0;
}

static void add_time(struct timespec *t, double s)
{
	double ns = (double)t->tv_nsec + s * 1e9;
	t->tv_sec += (time_t)(ns / 1e9);
	t->tv_nsec = (long)(ns - (double)(time_t)(ns / 1e9) * 1e9);
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static double elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static int run(struct recorder *r)
{
	struct timespec start, next, now;
	int ret = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	next = start;
	for (;;) {
		if ((ret = take(r)) < 0)
			break;
		if ((r->count && r->snapshots >= r->count) || stop_signal)
			break;
		/* the next tick after now (ticks missed while a snapshot took too long are skipped) */
		clock_gettime(CLOCK_MONOTONIC, &now);
		do
			add_time(&next, r->interval);
		while (elapsed(&next, &now) >= 0);
		if (r->duration > 0 && elapsed(&start, &next) > r->duration + 1e-6)
			break;
		while (!stop_signal && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
		if (stop_signal)
			break;
	}
	return ret;
}

int cmd_record(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ "duration", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "rotate", required_argument, NULL, 'R' },
		{ "keep", required_argument, NULL, 'K' },
		{ "host", required_argument, NULL, 'H' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct recorder r;
	struct utsname u;
	struct sigaction sa;
	struct stat sb;
	const char *host = NULL;
	char *end, *def = NULL;
	int c, ret;

	memset(&r, 0, sizeof(r));
	r.interval = 10;
	r.rotate = UINT64_C(256) << 20;
	r.fd = -1;
	r.kmsg = -1;
	mw_buf_init(&r.text);
	mw_buf_init(&r.frame);
	while ((c = getopt_long(argc, argv, "i:n:d:o:H:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (!parse_duration(optarg, &r.interval) || r.interval < 0.1)
				return mw_usage_error("record", "--interval takes a time of at least 100ms (10s, 1m), not '%s'", optarg);
			break;
		case 'n':
			if (!(end = (char *)mw_scan_u64(optarg, optarg + strlen(optarg), &r.count)) || *end || !r.count)
				return mw_usage_error("record", "--count takes a number of snapshots, not '%s'", optarg);
			break;
		case 'd':
			if (!parse_duration(optarg, &r.duration) || r.duration <= 0)
				return mw_usage_error("record", "--duration takes a time such as 2h or 90m, not '%s'", optarg);
			break;
		case 'o': r.output = optarg; break;
		case 'R':
			if (!mw_parse_size(optarg, &r.rotate))
				return mw_usage_error("record", "--rotate takes a size such as 64M, not '%s'", optarg);
			break;
		case 'K': {
			uint64_t k;
			if (!(end = (char *)mw_scan_u64(optarg, optarg + strlen(optarg), &k)) || *end || k > 1000000)
				return mw_usage_error("record", "--keep takes a number of files, not '%s'", optarg);
			r.keep = (unsigned long)k;
			break;
		}
		case 'H': host = optarg; break;
		case 'q': mw_cli.quiet = true; break;
		case 'h': usage(stdout); return mw_cli_close_stdout();
		default: return mw_usage_error("record", "unknown option");
		}
	}
	if (optind < argc)
		return mw_usage_error("record", "unexpected argument '%s'", argv[optind]);

	if (host)
		snprintf(r.host, sizeof(r.host), "%s", host);
	else if (gethostname(r.host, sizeof(r.host)) != 0 || !r.host[0])
		snprintf(r.host, sizeof(r.host), "unknown");
	r.host[sizeof(r.host) - 1] = '\0';
	for (char *p = r.host; *p; p++)
		if (*p == ' ' || *p == '/' || (unsigned char)*p < 0x21)
			*p = '_';
	snprintf(r.kernel, sizeof(r.kernel), "%s", uname(&u) == 0 ? u.release : "unknown");
	r.page_size = sysconf(_SC_PAGESIZE);
	if (!r.output) {
		char st[32];
		stamp(st, sizeof(st), time(NULL));
		r.output = def = mw_xasprintf("memwaste-%s-%s.zst", r.host, st);
	}
	r.dir_mode = stat(r.output, &sb) == 0 && S_ISDIR(sb.st_mode);
	if (strcmp(r.output, "-") == 0 && isatty(STDOUT_FILENO)) {
		free(def);
		return mw_usage_error("record", "will not write compressed data to a terminal; use -o FILE or a pipe");
	}

	r.cctx = ZSTD_createCCtx();
	if (!r.cctx) {
		free(def);
		return MW_EXIT_ERROR;
	}
	ZSTD_CCtx_setParameter(r.cctx, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(r.cctx, ZSTD_c_checksumFlag, 1);
	if ((r.kmsg = mw_live_kmsg_open()) < 0)
		mw_warning("/dev/kmsg: not readable (%s): recorded without the kernel log", strerror(errno));

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	ret = open_output(&r);
	if (ret == 0) {
		if (!mw_cli.quiet)
			mw_note("recording every %gs into %s%s", r.interval, r.dir_mode ? "files in " : "",
				r.path ? (r.dir_mode ? r.output : r.path) : "<stdout>");
		ret = run(&r);
	}
	if (r.fd >= 0 && r.path && close(r.fd) != 0 && ret == 0) {
		mw_error("cannot write '%s': %s", r.path, strerror(errno));
		ret = -EIO;
	}
	if (!mw_cli.quiet && r.snapshots)
		mw_note("recorded %llu snapshots (%llu KiB compressed)%s", (unsigned long long)r.snapshots,
			(unsigned long long)(r.bytes >> 10), stop_signal ? ", stopped by a signal" : "");
	if (r.kmsg >= 0)
		close(r.kmsg);
	ZSTD_freeCCtx(r.cctx);
	mw_buf_release(&r.text);
	mw_buf_release(&r.frame);
	free(r.path);
	free(def);
	return ret < 0 ? MW_EXIT_ERROR : MW_EXIT_OK;
}
