/* SPDX-License-Identifier: MIT */
/*
 * live.c: the embedded default, like free(1): with no input, memwaste
 * reads this machine. The kernel log comes from syslog(2) READ_ALL, else
 * /dev/kmsg; the /proc files are read as they are; the process list is
 * built from /proc/<pid>/stat in the shape of `ps -eo user,pid,rss,comm`.
 * Everything goes through the same importer as files do, as one snapshot
 * taken now on this host.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "memwaste/buf.h"
#include "memwaste/cli.h"
#include "memwaste/importer.h"
#include "memwaste/parser.h"
#include "memwaste/banned.h"

bool mw_live_read_file(const char *path, struct mw_buf *b)
{
	char tmp[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	if (fd < 0)
		return false;
	while ((n = read(fd, tmp, sizeof(tmp))) > 0)
		mw_buf_add(b, tmp, (size_t)n);
	if (n < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return false;
	}
	close(fd);
	return b->len > 0;
}

static bool read_kernel_log(struct mw_buf *b, const char **how)
{
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0), n;
	if (size > 0) {
		mw_buf_grow(b, (size_t)size);
		n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, b->buf, size);
		if (n > 0) {
			/* klogctl wrote into the buffer's memory: take its length as is */
			b->len = (size_t)n;
			b->buf[n] = '\0';
			*how = "syslog(2)";
			return true;
		}
	}
	{
		int fd = mw_live_kmsg_open();
		if (fd < 0)
			return false;
		mw_buf_reset(b);
		mw_live_kmsg_read(fd, b);
		close(fd);
		*how = "/dev/kmsg";
		return b->len > 0;
	}
}

int mw_live_kmsg_open(void)
{
	return open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

/*
 * /dev/kmsg records ("6,1234,5678901,-;message\n" and " KEY=value" lines
 * for the device dictionary, kernel/printk/printk.c devkmsg_read()) as
 * lines that carry both clocks, in the shape of `dmesg --time-format iso`
 * plus the level and the monotonic time:
 *
 *   2026-11-21T23:41:57.123456+00:00 <6>[12345.678901] message
 *
 * The wall time is the record's monotonic time plus the offset between
 * CLOCK_REALTIME and CLOCK_MONOTONIC now (printk's clock does not count
 * suspend either).
 */
int mw_live_kmsg_read(int fd, struct mw_buf *out)
{
	char rec[8192];
	struct timespec rt, mono;
	double offset;
	int n = 0;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	offset = (double)(rt.tv_sec - mono.tv_sec) + (double)(rt.tv_nsec - mono.tv_nsec) / 1e9;
	for (;;) {
		ssize_t r = read(fd, rec, sizeof(rec) - 1);
		const char *p, *semi, *nl, *q, *end;
		uint64_t prefix = 0, seq = 0, usec = 0;
		double wall;
		time_t secs;
		struct tm tm;
		if (r < 0 && errno == EPIPE)
			continue;	/* overwritten before we read them: go on with the next */
		if (r <= 0)
			break;
		rec[r] = '\0';
		end = rec + r;
		semi = memchr(rec, ';', (size_t)r);
		if (!semi || !(q = mw_scan_u64(rec, end, &prefix)) || *q != ',' || !(q = mw_scan_u64(q + 1, end, &seq)) ||
		    *q != ',' || !mw_scan_u64(q + 1, end, &usec))
			continue;
		p = semi + 1;
		nl = memchr(p, '\n', (size_t)(rec + r - p));
		if (!nl)
			nl = rec + r;
		wall = offset + (double)usec / 1e6;
		secs = (time_t)wall;
		gmtime_r(&secs, &tm);
		mw_buf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02d.%06ld+00:00 <%llu>[%5llu.%06llu] ", tm.tm_year + 1900,
			    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			    (long)((wall - (double)secs) * 1e6), (unsigned long long)(prefix & 7),
			    (unsigned long long)(usec / 1000000), (unsigned long long)(usec % 1000000));
		mw_buf_add(out, p, (size_t)(nl - p));
		mw_buf_addch(out, '\n');
		n++;
	}
	return n;
}

/* The user name of a uid, through a small cache (getpwuid reads /etc/passwd every time). */
static const char *user_name(struct mw_live_users *c, uid_t uid, char *buf, size_t n)
{
	struct passwd *pw;
	if (c) {
		for (unsigned i = 0; i < c->n; i++)
			if (c->e[i].uid == uid)
				return c->e[i].name;
	}
	pw = getpwuid(uid);
	if (pw)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		snprintf(buf, n, "%u", (unsigned)uid);
	if (c && c->n < MW_ARRAY_SIZE(c->e)) {
		c->e[c->n].uid = uid;
		snprintf(c->e[c->n].name, sizeof(c->e[c->n].name), "%.32s", buf);
		c->n++;
	}
	return buf;
}

/* A `ps -eo user,pid,rss,comm` listing from /proc (names only: never command lines). */
void mw_live_process_list(struct mw_buf *out, struct mw_live_users *users)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;
	mw_buf_addstr(out, "USER         PID   RSS COMMAND\n");
	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[300], buf[1024], comm[64], user[64];
		const char *p, *q;
		long rss = 0;
		int fd, field;
		ssize_t n;
		struct stat sb;
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/stat", e->d_name);
		if ((fd = openat(dirfd(d), path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		if (n <= 0 || fstat(fd, &sb) < 0) {
			close(fd);
			continue;
		}
		close(fd);
		buf[n] = '\0';
		p = strchr(buf, '(');
		q = strrchr(buf, ')');
		if (!p || !q || q < p)
			continue;
		snprintf(comm, sizeof(comm), "%.*s", (int)MW_MIN((size_t)(q - p - 1), sizeof(comm) - 1), p + 1);
		for (char *c = comm; *c; c++)
			if (*c == ' ' || (unsigned char)*c < 0x20)
				*c = '_';
		/* fields after the comm: state is field 3, rss is field 24 */
		p = q + 2;
		for (field = 3; field < 24 && p && *p; field++) {
			p = strchr(p, ' ');
			if (p)
				p++;
		}
		if (p)
			rss = strtol(p, NULL, 10);
		/* /proc/PID/stat belongs to the process's real uid */
		mw_buf_addf(out, "%-8s %8s %5ld %s\n", user_name(users, sb.st_uid, user, sizeof(user)), e->d_name,
			    rss * page_kb, comm);
	}
	closedir(d);
}

int mw_live_import(struct mw_importer *im)
{
	static const char *const files[] = { "/proc/meminfo", "/proc/vmstat", "/proc/zoneinfo", "/proc/buddyinfo",
					     "/proc/pagetypeinfo", "/proc/slabinfo" };
	struct mw_buf b = MW_BUF_INIT;
	char host[256];
	const char *how = NULL;
	int64_t now = (int64_t)time(NULL);
	int ok = 0;

	if (!im->host && gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		im->host = host;
	}
	if (read_kernel_log(&b, &how)) {
		if (mw_importer_mem(im, b.buf, b.len, "dmesg", NULL, "live", now) == 0)
			ok++;
	} else {
		mw_diag_add(im->diag, MW_SEV_NOTE, "dmesg", 0, NULL,
			    "the kernel log is not readable (dmesg_restrict?); run as root for the boot report");
	}
	im->session.snapshot_open = false;
	for (size_t i = 0; i < MW_ARRAY_SIZE(files); i++) {
		mw_buf_reset(&b);
		if (!mw_live_read_file(files[i], &b)) {
			mw_diag_add(im->diag, MW_SEV_NOTE, files[i], 0, NULL, "not readable: %s", strerror(errno ? errno : ENOENT));
			continue;
		}
		if (mw_importer_mem(im, b.buf, b.len, files[i], NULL, "live", now) == 0)
			ok++;
	}
	mw_buf_reset(&b);
	mw_live_process_list(&b, NULL);
	if (mw_importer_mem(im, b.buf, b.len, "ps", NULL, "live", now) == 0)
		ok++;
	mw_buf_release(&b);
	if (im->host == host)
		im->host = NULL;
	(void)how;
	return ok ? 0 : -ENOENT;
}
