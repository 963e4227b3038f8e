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
#include <time.h>
#include <unistd.h>
#include "memwaste/buf.h"
#include "memwaste/cli.h"
#include "memwaste/importer.h"
#include "memwaste/banned.h"

static bool read_all(const char *path, struct mw_buf *b)
{
	char tmp[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	if (fd < 0)
		return false;
	while ((n = read(fd, tmp, sizeof(tmp))) > 0)
		mw_buf_add(b, tmp, (size_t)n);
	close(fd);
	return n == 0 && b->len > 0;
}

static bool read_kernel_log(struct mw_buf *b, const char **how)
{
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0), n;
	if (size > 0) {
		mw_buf_grow(b, (size_t)size);
		n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, b->buf, size);
		if (n > 0) {
			mw_buf_setlen(b, 0);
			b->len = (size_t)n;
			b->buf[n] = '\0';
			*how = "syslog(2)";
			return true;
		}
	}
	{
		int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		char rec[8192];
		ssize_t r;
		if (fd < 0)
			return false;
		mw_buf_reset(b);
		for (;;) {
			r = read(fd, rec, sizeof(rec));
			if (r < 0 && errno == EPIPE)
				continue;	/* overwritten records */
			if (r <= 0)
				break;
			mw_buf_add(b, rec, (size_t)r);
		}
		close(fd);
		*how = "/dev/kmsg";
		return b->len > 0;
	}
}

/* A `ps -eo user,pid,rss,comm` listing from /proc. */
static void process_list(struct mw_buf *out)
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
		uid_t uid = 0;
		struct passwd *pw;
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
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
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		{
			FILE *f = fopen(path, "re");
			char line[256];
			while (f && fgets(line, sizeof(line), f))
				if (strncmp(line, "Uid:", 4) == 0) {
					uid = (uid_t)strtoul(line + 4, NULL, 10);
					break;
				}
			if (f)
				fclose(f);
		}
		pw = getpwuid(uid);
		snprintf(user, sizeof(user), "%s", pw ? pw->pw_name : "?");
		mw_buf_addf(out, "%-8s %8s %5ld %s\n", user, e->d_name, rss * page_kb, comm);
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
		if (!read_all(files[i], &b)) {
			mw_diag_add(im->diag, MW_SEV_NOTE, files[i], 0, NULL, "not readable: %s", strerror(errno ? errno : ENOENT));
			continue;
		}
		if (mw_importer_mem(im, b.buf, b.len, files[i], NULL, "live", now) == 0)
			ok++;
	}
	mw_buf_reset(&b);
	process_list(&b);
	if (mw_importer_mem(im, b.buf, b.len, "ps", NULL, "live", now) == 0)
		ok++;
	mw_buf_release(&b);
	if (im->host == host)
		im->host = NULL;
	(void)how;
	return ok ? 0 : -ENOENT;
}
