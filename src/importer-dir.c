/* SPDX-License-Identifier: MIT */
/*
 * importer-dir.c: capture directories. A directory given to `import` may
 * hold, anywhere in its tree:
 *
 *   - sosreports (a directory with sos_commands/): proc/meminfo, vmstat,
 *     zoneinfo, buddyinfo, pagetypeinfo and slabinfo, the ps listing of
 *     sos_commands/process/, as one snapshot at the report's `date` on its
 *     `hostname`; then the kernel log (sos_commands/kernel/dmesg,
 *     sos_commands/general/dmesg or var/log/dmesg) and every
 *     var/crash/STAMP/vmcore-dmesg.txt;
 *   - SUSE supportconfigs (a directory with basic-environment.txt):
 *     memory.txt as one snapshot at the `date` and on the host of
 *     `uname -a` in basic-environment.txt (else of the scc_HOST_YYMMDD_HHMM
 *     name), then boot.txt and messages.txt as kernel logs;
 *   - files named by kind with a timestamp (meminfo.20261121-2341,
 *     slabinfo-1700000000.txt, or any file under a directory so named):
 *     the files of one timestamp are one snapshot at that time;
 *   - anything else: every file imported, the directory being one moment,
 *     on the host of a `hostname` file at its top if there is one.
 *
 * Files may be zstd-compressed (a ".zst" suffix is ignored when names are
 * matched). Everything goes through import_file(), one transaction per
 * file, so re-importing a directory adds nothing.
 */
#include <stdio.h>
#include <string.h>
#include "importer-internal.h"
#include "memwaste/capture.h"
#include "strmap.h"
#include "memwaste/banned.h"

struct file {
	char *path;			/* to open */
	char *rel;			/* relative to the directory given */
	bool used;			/* imported (or deliberately left out) as part of a capture root */
	int64_t t;			/* timestamp from its name or a parent's, MW_UNKNOWN if none */
};

struct tree {
	struct file *files;
	size_t n, alloc;
	struct mw_strmap by_rel;	/* rel without ".zst" -> index */
	int status;
	struct mw_importer *im;
	const char *top;		/* the directory given */
};

/* "DIR/root" for messages about a capture root. */
static char *root_display(const struct tree *t, const char *root)
{
	size_t n = strlen(t->top);
	while (n > 1 && t->top[n - 1] == '/')
		n--;
	return *root ? mw_xasprintf("%.*s/%.*s", (int)n, t->top, (int)(strlen(root) - 1), root)
		     : mw_xasprintf("%.*s", (int)n, t->top);
}

static int collect(void *userdata, const char *path, const char *rel, int err)
{
	struct tree *t = userdata;
	struct file *f;
	size_t n = strlen(rel);
	if (err < 0) {
		/*
		 * What a capture directory normally holds besides data is skipped
		 * with a note, like binary files: sosreports link to files they
		 * did not collect (dangling links), and a FIFO or socket holds no
		 * capture. What may hide data we could not read (a directory we
		 * may not list, a level too deep) is an error.
		 */
		if (err == MW_EUNSUPPORTED || err == -ENOENT || err == -ELOOP) {
			mw_diag_add(t->im->diag, MW_SEV_NOTE, path, 0, NULL, "%s, skipped",
				    err == MW_EUNSUPPORTED ? "not a regular file"
				    : err == -ELOOP ? "symbolic link loop" : "broken symbolic link");
			return 0;
		}
		mw_diag_add(t->im->diag, MW_SEV_ERROR, path, 0, NULL, "%s, skipped",
			    err == MW_ELIMIT ? "directories nested too deep (64 levels)" : mw_strerror(err));
		t->im->inputs_failed++;
		t->status = err;
		return 0;
	}
	MW_GROW(t->files, t->alloc, t->n + 1);
	f = &t->files[t->n];
	f->path = mw_xstrdup(path);
	f->rel = mw_xstrdup(rel);
	f->used = false;
	f->t = MW_UNKNOWN;
	if (n > 4 && strcmp(rel + n - 4, ".zst") == 0)
		n -= 4;
	mw_strmap_put(&t->by_rel, rel, n, (int64_t)t->n);
	t->n++;
	return 0;
}

/* The file at root/rel (rel without ".zst"), or NULL. */
static struct file *find(struct tree *t, const char *root, const char *rel)
{
	char key[4096];
	int64_t *i;
	int n = snprintf(key, sizeof(key), "%s%s", root, rel);
	if (n < 0 || (size_t)n >= sizeof(key))
		return NULL;
	i = mw_strmap_get(&t->by_rel, key, (size_t)n);
	return i ? &t->files[*i] : NULL;
}

/* The first non-blank line of a (possibly compressed) file, trimmed, into buf. */
static bool first_line(struct mw_importer *im, const char *path, char *buf, size_t n)
{
	struct mw_input *in = NULL;
	struct mw_line line;
	bool ok = false;
	if (mw_input_open(path, NULL, &im->limits, false, &in, NULL) < 0)
		return false;
	while (mw_input_next_line(in, &line) == 1) {
		struct mw_str s = mw_str_trim(mw_str_make(line.ptr, line.len));
		if (!s.len)
			continue;
		snprintf(buf, n, "%.*s", (int)MW_MIN(s.len, n - 1), s.ptr);
		ok = true;
		break;
	}
	mw_input_free(in);
	return ok;
}

/* A host name from a file's first line: one word of host-name characters. */
static bool host_from_file(struct mw_importer *im, struct file *f, char *buf, size_t n)
{
	if (!f || !first_line(im, f->path, buf, n))
		return false;
	for (char *p = buf; *p; p++)
		if (*p == ' ' || *p == '\t' || (unsigned char)*p < 0x21)
			return false;
	return true;
}

static bool time_from_file(struct mw_importer *im, struct file *f, int64_t *ret)
{
	char buf[128];
	struct mw_date d;
	if (!f || !first_line(im, f->path, buf, sizeof(buf)) || !mw_parse_date(buf, strlen(buf), &d))
		return false;
	*ret = d.t;
	return true;
}

/*
 * Imports the files of one moment as one snapshot at `t` (MW_UNKNOWN:
 * the first file's time), on `host` unless --host was given.
 */
static int import_group(struct mw_importer *im, struct file *const *files, size_t n, int64_t t, const char *host,
			const char *origin)
{
	const char *saved = im->host;
	int ret = 0;
	im->session.snapshot_open = false;
	im->session.pending_time = t;
	if (!im->host && host && *host)
		im->host = host;
	for (size_t i = 0; i < n; i++) {
		int r = mw_import_file(im, files[i]->path, files[i]->path, origin, true);
		files[i]->used = true;
		if (r < 0 && r != MW_ETRUNCATED)
			ret = r;
	}
	im->host = saved;
	im->session.snapshot_open = false;
	im->session.pending_time = MW_UNKNOWN;
	return ret;
}

/* Marks every file under root as handled (a capture root's other files are not kernel memory data). */
static size_t claim(struct tree *t, const char *root)
{
	size_t len = strlen(root), n = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (!t->files[i].used && strncmp(t->files[i].rel, root, len) == 0) {
			t->files[i].used = true;
			n++;
		}
	}
	return n;
}

static int import_sosreport(struct tree *t, const char *root)
{
	static const char *const procs[] = { "proc/meminfo", "proc/vmstat", "proc/zoneinfo", "proc/buddyinfo",
					     "proc/pagetypeinfo", "proc/slabinfo" };
	static const char *const ps[] = { "sos_commands/process/ps_auxwww", "sos_commands/process/ps_auxfwww",
					  "sos_commands/process/ps_aux", "sos_commands/process/ps_alxwww", "ps" };
	static const char *const hosts[] = { "hostname", "sos_commands/host/hostname", "sos_commands/general/hostname",
					     "etc/hostname" };
	static const char *const dates[] = { "date", "sos_commands/date/date", "sos_commands/general/date" };
	static const char *const dmesgs[] = { "sos_commands/kernel/dmesg", "sos_commands/general/dmesg", "dmesg",
					      "var/log/dmesg" };
	struct mw_importer *im = t->im;
	struct file *snap[MW_ARRAY_SIZE(procs) + 1], *f;
	size_t n = 0;
	char host[256] = "";
	int64_t when = MW_UNKNOWN;
	int ret = 0, r;

	for (size_t i = 0; i < MW_ARRAY_SIZE(hosts) && !*host; i++)
		if (!host_from_file(im, find(t, root, hosts[i]), host, sizeof(host)))
			host[0] = '\0';
	for (size_t i = 0; i < MW_ARRAY_SIZE(dates) && when == MW_UNKNOWN; i++)
		time_from_file(im, find(t, root, dates[i]), &when);
	for (size_t i = 0; i < MW_ARRAY_SIZE(procs); i++)
		if ((f = find(t, root, procs[i])))
			snap[n++] = f;
	for (size_t i = 0; i < MW_ARRAY_SIZE(ps); i++) {
		if ((f = find(t, root, ps[i]))) {
			snap[n++] = f;
			break;
		}
	}
	{
		char *disp = root_display(t, root);
		mw_diag_add(im->diag, MW_SEV_NOTE, disp, 0, NULL, "sosreport of %s%s: %zu files of its snapshot",
			    *host ? host : "an unnamed host", when == MW_UNKNOWN ? " (no date: the files' time is used)" : "", n);
		free(disp);
	}
	if (n && (r = import_group(im, snap, n, when, host, "sosreport")) < 0)
		ret = r;
	/* the kernel log of the running system, then every crash kernel's */
	for (size_t i = 0; i < MW_ARRAY_SIZE(dmesgs); i++) {
		if ((f = find(t, root, dmesgs[i]))) {
			if ((r = import_group(im, &f, 1, MW_UNKNOWN, host, "sosreport")) < 0)
				ret = r;
			break;
		}
	}
	for (size_t i = 0; i < t->n; i++) {
		struct file *c = &t->files[i];
		size_t rl = strlen(root);
		const char *rest = c->rel + rl;
		if (c->used || strncmp(c->rel, root, rl) != 0 || strncmp(rest, "var/crash/", 10) != 0)
			continue;
		if (strstr(rest + 10, "/vmcore-dmesg.txt") && (r = import_group(im, &c, 1, MW_UNKNOWN, host, "sosreport")) < 0)
			ret = r;
	}
	claim(t, root);
	return ret;
}

/* supportconfig's basic-environment.txt: the output of date and of uname -a, each after its "# /bin/..." label. */
static void scc_environment(struct mw_importer *im, struct file *f, char *host, size_t hn, int64_t *when)
{
	struct mw_input *in = NULL;
	struct mw_line line;
	int want = 0;	/* 1: date output next, 2: uname output next */
	if (!f || mw_input_open(f->path, NULL, &im->limits, false, &in, NULL) < 0)
		return;
	while (mw_input_next_line(in, &line) == 1 && line.lineno < 5000) {
		struct mw_str s = mw_str_trim(mw_str_make(line.ptr, line.len));
		if (!s.len)
			continue;
		if (s.ptr[0] == '#') {
			const char *end = s.ptr + s.len;
			want = 0;
			if (s.len > 2 && s.ptr[1] == ' ') {
				size_t n;
				const char *after, *w = mw_next_token(s.ptr + 2, end, &n, &after);
				const char *base = w;
				for (const char *q = w; q < w + n; q++)
					if (*q == '/')
						base = q + 1;
				if ((size_t)(w + n - base) == 4 && memcmp(base, "date", 4) == 0)
					want = 1;
				else if ((size_t)(w + n - base) == 5 && memcmp(base, "uname", 5) == 0)
					want = 2;
			}
			continue;
		}
		if (want == 1) {
			struct mw_date d;
			if (*when == MW_UNKNOWN && mw_parse_date(s.ptr, s.len, &d))
				*when = d.t;
		} else if (want == 2 && !*host) {
			/* "Linux db1 5.14.21-150500.55.39-default #1 SMP ..." */
			size_t n;
			const char *after, *w = mw_next_token(s.ptr, s.ptr + s.len, &n, &after);
			w = mw_next_token(after, s.ptr + s.len, &n, &after);
			if (n)
				snprintf(host, hn, "%.*s", (int)MW_MIN(n, hn - 1), w);
		}
		want = 0;
	}
	mw_input_free(in);
}

static int import_supportconfig(struct tree *t, const char *root)
{
	struct mw_importer *im = t->im;
	struct file *f;
	char host[256] = "";
	int64_t when = MW_UNKNOWN;
	int ret = 0, r;
	const char *name = root;
	size_t rl = strlen(root);

	scc_environment(im, find(t, root, "basic-environment.txt"), host, sizeof(host), &when);
	/* else the directory's name: scc_HOST_YYMMDD_HHMM */
	if (rl > 1) {
		const char *slash;
		char dir[512];
		snprintf(dir, sizeof(dir), "%.*s", (int)(rl - 1), root);
		slash = strrchr(dir, '/');
		name = slash ? slash + 1 : dir;
		if (!*host && strncmp(name, "scc_", 4) == 0) {
			size_t at;
			int64_t tt;
			if (mw_capture_name_time(name, strlen(name), &tt, &at, NULL) && at > 5) {
				snprintf(host, sizeof(host), "%.*s", (int)(at - 5), name + 4);
				if (when == MW_UNKNOWN)
					when = tt;
			}
		}
	}
	{
		char *disp = root_display(t, root);
		mw_diag_add(im->diag, MW_SEV_NOTE, disp, 0, NULL, "supportconfig of %s%s", *host ? host : "an unnamed host",
			    when == MW_UNKNOWN ? " (no date: the files' time is used)" : "");
		free(disp);
	}
	if ((f = find(t, root, "memory.txt")) && (r = import_group(im, &f, 1, when, host, "supportconfig")) < 0)
		ret = r;
	if ((f = find(t, root, "boot.txt")) && (r = import_group(im, &f, 1, MW_UNKNOWN, host, "supportconfig")) < 0)
		ret = r;
	if ((f = find(t, root, "messages.txt")) && (r = import_group(im, &f, 1, MW_UNKNOWN, host, "supportconfig")) < 0)
		ret = r;
	claim(t, root);
	return ret;
}

/* Directory prefixes (with their "/", "" for the top) that are capture roots, each once, sorted. */
static void roots(struct tree *t, const char *marker, bool marker_is_dir, char ***ret, size_t *ret_n)
{
	size_t ml = strlen(marker);
	for (size_t i = 0; i < t->n; i++) {
		const char *rel = t->files[i].rel, *p = rel, *hit = NULL;
		char *root;
		bool dup = false;
		while ((p = strstr(p, marker))) {
			bool at_start = p == rel || p[-1] == '/';
			bool at_end = marker_is_dir ? p[ml] == '/' : (p[ml] == '\0' || strcmp(p + ml, ".zst") == 0);
			if (at_start && at_end) {
				hit = p;
				break;
			}
			p++;
		}
		if (!hit)
			continue;
		root = mw_xstrndup(rel, (size_t)(hit - rel));
		for (size_t k = 0; k < *ret_n; k++)
			if (strcmp((*ret)[k], root) == 0)
				dup = true;
		if (dup) {
			free(root);
			continue;
		}
		*ret = mw_xrealloc(*ret, (*ret_n + 1) * sizeof(**ret));
		(*ret)[(*ret_n)++] = root;
	}
}

static int cmp_time(const void *a, const void *b)
{
	const struct file *x = *(struct file *const *)a, *y = *(struct file *const *)b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return strcmp(x->rel, y->rel);
}

/* A timestamp in the file's name, else in the nearest directory's name below the top. */
static int64_t name_time(const char *rel)
{
	const char *end = rel + strlen(rel);
	while (end > rel) {
		const char *start = end;
		int64_t t;
		while (start > rel && start[-1] != '/')
			start--;
		if (mw_capture_name_time(start, (size_t)(end - start), &t, NULL, NULL))
			return t;
		end = start > rel ? start - 1 : rel;
	}
	return MW_UNKNOWN;
}

int mw_import_dir(struct mw_importer *im, const char *path)
{
	struct tree t;
	char **sos = NULL, **scc = NULL, host[256] = "";
	size_t n_sos = 0, n_scc = 0, n_timed = 0;
	struct file **timed = NULL, **rest = NULL, *hf;
	size_t n_rest = 0;
	int r, ret = 0;

	memset(&t, 0, sizeof(t));
	t.im = im;
	t.top = path;
	mw_strmap_init(&t.by_rel);
	r = mw_walk(path, im->max_files, collect, &t);
	if (r == MW_ELIMIT) {
		/* the files found up to the limit are still imported: the error says what was left out */
		mw_diag_add(im->diag, MW_SEV_ERROR, path, 0, NULL,
			    "more than %lu files, stopped after the first %lu (--max-files)", im->max_files, im->max_files);
		im->inputs_failed++;
	} else if (r < 0) {
		mw_diag_add(im->diag, MW_SEV_ERROR, path, 0, NULL, "%s", mw_strerror(r));
		im->inputs_failed++;
		ret = r;
		goto out;
	}
	ret = r < 0 ? r : t.status;

	roots(&t, "sos_commands", true, &sos, &n_sos);
	roots(&t, "basic-environment.txt", false, &scc, &n_scc);
	for (size_t i = 0; i < n_sos; i++)
		if ((r = import_sosreport(&t, sos[i])) < 0)
			ret = r;
	for (size_t i = 0; i < n_scc; i++)
		if ((r = import_supportconfig(&t, scc[i])) < 0)
			ret = r;

	/* the rest: a hostname file at the top names the host; timestamped files make one snapshot per time */
	if ((hf = find(&t, "", "hostname")) && !hf->used) {
		if (!host_from_file(im, hf, host, sizeof(host)))
			host[0] = '\0';
		hf->used = true;
	}
	timed = mw_xcalloc(t.n + 1, sizeof(*timed));
	rest = mw_xcalloc(t.n + 1, sizeof(*rest));
	for (size_t i = 0; i < t.n; i++) {
		struct file *f = &t.files[i];
		if (f->used)
			continue;
		f->t = name_time(f->rel);
		if (f->t != MW_UNKNOWN)
			timed[n_timed++] = f;
		else
			rest[n_rest++] = f;
	}
	if (n_timed > 1)
		qsort(timed, n_timed, sizeof(*timed), cmp_time);
	for (size_t i = 0; i < n_timed;) {
		size_t j = i;
		while (j < n_timed && timed[j]->t == timed[i]->t)
			j++;
		if ((r = import_group(im, timed + i, j - i, timed[i]->t, host, "dir")) < 0)
			ret = r;
		i = j;
	}
	/* a directory of files without times is one capture: its files are one moment */
	if (n_rest && (r = import_group(im, rest, n_rest, MW_UNKNOWN, host, "dir")) < 0)
		ret = r;
out:
	for (size_t i = 0; i < n_sos; i++)
		free(sos[i]);
	for (size_t i = 0; i < n_scc; i++)
		free(scc[i]);
	free(sos);
	free(scc);
	free(timed);
	free(rest);
	for (size_t i = 0; i < t.n; i++) {
		free(t.files[i].path);
		free(t.files[i].rel);
	}
	free(t.files);
	mw_strmap_release(&t.by_rel);
	return ret;
}
