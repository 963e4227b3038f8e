/* SPDX-License-Identifier: MIT */
/*
 * store.c: the SQLite store. Opens and migrates the database, wraps each
 * input in one transaction (so a failed or killed import never leaves a
 * half input behind and never touches earlier ones), and routes the
 * records of the sink to the domain that keeps them (store-boot.c,
 * store-snapshot.c, store-event.c). All SQL goes through prepared
 * statements with bound parameters.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "store-internal.h"
#include "memwaste/banned.h"

static const struct mw_store_domain *const domains[] = {
	&mw_store_domain_boot,
	&mw_store_domain_snapshot,
	&mw_store_domain_event,
};

/*
 * SQLite says "disk I/O error" for a disk full past a file-size limit
 * (EFBIG), a read-only file system or a failing device alike; the errno
 * behind it tells the user which ("disk I/O error (File too large)").
 * sqlite3_system_errno() is not set on every path (a failed COMMIT of a
 * WAL transaction leaves it 0), so `saved_errno` -- errno right after
 * the call -- stands in when it is one of the write errors.
 */
static void add_system_error(struct mw_store *st, int saved_errno)
{
	int code, e;
	size_t n;

	if (!st->db)
		return;
	code = sqlite3_extended_errcode(st->db) & 0xff;
	if (code != SQLITE_IOERR && code != SQLITE_FULL && code != SQLITE_CANTOPEN && code != SQLITE_READONLY)
		return;
	e = sqlite3_system_errno(st->db);
	if (!e && (saved_errno == EFBIG || saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EROFS ||
		   saved_errno == EIO))
		e = saved_errno;
	if (!e)
		return;
	n = strlen(st->errmsg);
	if (n + 4 < sizeof(st->errmsg))
		snprintf(st->errmsg + n, sizeof(st->errmsg) - n, " (%s)", strerror(e));
}

int mw_store_fail(struct mw_store *st, const char *what)
{
	int saved_errno = errno;
	snprintf(st->errmsg, sizeof(st->errmsg), "%s: %s", what, st->db ? sqlite3_errmsg(st->db) : "no database");
	add_system_error(st, saved_errno);
	return MW_ESTORE;
}

const char *mw_store_errmsg(struct mw_store *st)
{
	return st->errmsg;
}

struct sqlite3 *mw_store_db(struct mw_store *st)
{
	return st->db;
}

sqlite3_stmt *mw_store_stmt(struct mw_store *st, const char *sql)
{
	sqlite3_stmt *s;
	for (size_t i = 0; i < st->n_stmts; i++) {
		if (st->stmts[i].sql == sql) {
			s = st->stmts[i].stmt;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return s;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		mw_store_fail(st, "preparing a statement");
		return NULL;
	}
	if (st->n_stmts < MW_ARRAY_SIZE(st->stmts)) {
		st->stmts[st->n_stmts].sql = sql;
		st->stmts[st->n_stmts].stmt = s;
		st->n_stmts++;
	}
	return s;
}

int mw_store_step_done(struct mw_store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return mw_store_fail(st, "writing to the database");
	return 0;
}

int mw_store_exec(struct mw_store *st, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		int saved_errno = errno;
		snprintf(st->errmsg, sizeof(st->errmsg), "%s", err ? err : sqlite3_errmsg(st->db));
		sqlite3_free(err);
		add_system_error(st, saved_errno);
		return MW_ESTORE;
	}
	return 0;
}

void mw_bind_i64(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == MW_UNKNOWN)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

void mw_bind_str(sqlite3_stmt *s, int i, struct mw_str v)
{
	if (!v.ptr)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v.ptr, (int)MW_MIN(v.len, (size_t)INT32_MAX), SQLITE_TRANSIENT);
}

void mw_bind_cstr(sqlite3_stmt *s, int i, const char *v)
{
	if (!v)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

void mw_bind_double(sqlite3_stmt *s, int i, double v)
{
	if (v != v)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

int64_t mw_store_host_id(struct mw_store *st, const char *name, size_t len)
{
	int64_t *cached = mw_strmap_get(&st->hosts, name, len);
	sqlite3_stmt *s;
	int64_t id = 0;

	if (cached)
		return *cached;
	s = mw_store_stmt(st, "INSERT INTO host(name) VALUES (?1) ON CONFLICT(name) DO UPDATE SET name = name RETURNING id");
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, name, (int)len, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	else
		mw_store_fail(st, "adding a host");
	sqlite3_reset(s);
	if (id)
		mw_strmap_put(&st->hosts, name, len, id);
	return id;
}

int64_t mw_store_kv_key(struct mw_store *st, struct mw_str source, struct mw_str name, enum mw_unit unit)
{
	char buf[256];
	size_t n;
	int64_t *cached, id = 0;
	sqlite3_stmt *s;

	if (source.len + name.len + 1 > sizeof(buf))
		return 0;
	memcpy(buf, source.ptr, source.len);
	buf[source.len] = '\0';
	memcpy(buf + source.len + 1, name.ptr, name.len);
	n = source.len + 1 + name.len;
	if ((cached = mw_strmap_get(&st->kv_keys, buf, n)))
		return *cached;
	s = mw_store_stmt(st, "INSERT INTO kv_key(source, name, unit) VALUES (?1, ?2, ?3) "
			      "ON CONFLICT(source, name) DO UPDATE SET unit = unit RETURNING id");
	if (!s)
		return 0;
	mw_bind_str(s, 1, source);
	mw_bind_str(s, 2, name);
	mw_bind_cstr(s, 3, mw_unit_name(unit));
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	else
		mw_store_fail(st, "adding a key");
	sqlite3_reset(s);
	if (id)
		mw_strmap_put(&st->kv_keys, buf, n, id);
	return id;
}

int64_t mw_store_name_id(struct mw_store *st, struct mw_strmap *cache, const char *table, struct mw_str name)
{
	int64_t *cached = mw_strmap_get(cache, name.ptr ? name.ptr : "", name.len), id = 0;
	sqlite3_stmt *s;
	const char *sql;

	if (cached)
		return *cached;
	if (strcmp(table, "slab_name") == 0)
		sql = "INSERT INTO slab_name(name) VALUES (?1) ON CONFLICT(name) DO UPDATE SET name = name RETURNING id";
	else
		sql = "INSERT INTO proc_name(name) VALUES (?1) ON CONFLICT(name) DO UPDATE SET name = name RETURNING id";
	s = mw_store_stmt(st, sql);
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, name.ptr ? name.ptr : "", (int)name.len, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	else
		mw_store_fail(st, "adding a name");
	sqlite3_reset(s);
	if (id)
		mw_strmap_put(cache, name.ptr ? name.ptr : "", name.len, id);
	return id;
}

/* Rolls the input back; the id caches may name rows that are gone now. */
static void rollback_input(struct mw_store *st)
{
	char saved[sizeof(st->errmsg)];
	memcpy(saved, st->errmsg, sizeof(saved));
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	memcpy(st->errmsg, saved, sizeof(saved));
	mw_store_reset_context(st);
	mw_store_snapshot_rollback(st);
	mw_strmap_release(&st->hosts);
	mw_strmap_release(&st->kv_keys);
	mw_strmap_release(&st->slab_names);
	mw_strmap_release(&st->proc_names);
	st->host_id = 0;
}

static int sink_emit(void *userdata, const struct mw_record *rec)
{
	struct mw_store *st = userdata;
	int r;
	if (!st->in_input)
		return -EINVAL;
	st->counts.records++;
	for (size_t i = 0; i < MW_ARRAY_SIZE(domains); i++) {
		r = domains[i]->emit(st, rec);
		if (r != 0) {
			if (r < 0 && !st->status)
				st->status = r;
			return r < 0 ? r : 0;
		}
	}
	return 0;
}

struct mw_sink *mw_store_sink(struct mw_store *st)
{
	return &st->sink;
}

char *mw_store_default_path(void)
{
	const char *e = getenv("MEMWASTE_DB");
	if (e && *e)
		return mw_xstrdup(e);
	e = getenv("XDG_DATA_HOME");
	if (e && *e == '/')
		return mw_xasprintf("%s/memwaste/memwaste.db", e);
	e = getenv("HOME");
	return mw_xasprintf("%s/.local/share/memwaste/memwaste.db", e && *e ? e : ".");
}

int mw_store_prepare_dir(const char *path, bool create, char **ret_error)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	struct stat sb;
	int r = 0;

	if (!slash || slash == path)
		return 0;
	dir = mw_xstrndup(path, (size_t)(slash - path));
	if (stat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode)) {
			*ret_error = mw_xasprintf("database folder '%s' is not a directory", dir);
			r = -ENOTDIR;
		}
	} else if (!create) {
		/* an explicit --db or $MEMWASTE_DB: a missing folder is most likely a typo */
		r = -errno;
		*ret_error = mw_xasprintf("database folder '%s' does not exist", dir);
	} else {
		/* the default location: create it like `mkdir -p` (a fresh account has no ~/.local/share) */
		for (char *p = dir + 1; r == 0; p++) {
			if (*p == '/' || *p == '\0') {
				char c = *p;
				*p = '\0';
				if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
					r = -errno;
					*ret_error = mw_xasprintf("cannot create '%s': %s", dir, strerror(errno));
				}
				*p = c;
				if (!c)
					break;
			}
		}
	}
	free(dir);
	return r;
}

int mw_store_open(const char *path, enum mw_store_mode mode, struct mw_store **ret, char **ret_error)
{
	struct mw_store *st = mw_xcalloc(1, sizeof(*st));
	int flags, r;

	st->mode = mode;
	st->path = mw_xstrdup(mode == MW_STORE_MEMORY ? ":memory:" : path);
	st->sink.emit = sink_emit;
	st->sink.userdata = st;
	mw_strmap_init(&st->hosts);
	mw_strmap_init(&st->kv_keys);
	mw_strmap_init(&st->slab_names);
	mw_strmap_init(&st->proc_names);

	if (mode == MW_STORE_READONLY) {
		struct stat sb;
		if (stat(path, &sb) != 0) {
			*ret_error = mw_xasprintf("cannot open database '%s': %s", path, strerror(errno));
			mw_store_close(st);
			return -errno;
		}
		flags = SQLITE_OPEN_READONLY;
	} else {
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	}
	if (sqlite3_open_v2(st->path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		*ret_error = mw_xasprintf("cannot open database '%s': %s", st->path,
					  st->db ? sqlite3_errmsg(st->db) : "out of memory");
		mw_store_close(st);
		return MW_ESTORE;
	}
	sqlite3_busy_timeout(st->db, 30000);
	sqlite3_extended_result_codes(st->db, 1);
	if (mw_store_register_packs(st) < 0) {
		*ret_error = mw_xasprintf("database '%s': %s", st->path, st->errmsg);
		mw_store_close(st);
		return MW_ESTORE;
	}
	if (mode == MW_STORE_MEMORY) {
		r = mw_store_exec(st, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;");
	} else if (mode == MW_STORE_READWRITE) {
		/*
		 * A capture of a day is one input, so one transaction: a page
		 * cache of 32 MiB keeps its working set (the leaves the change
		 * rows append to) in memory instead of spilling to the WAL and
		 * reading it back.
		 */
		r = mw_store_exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
				      "PRAGMA cache_size=-32768;");
	} else {
		r = 0;
	}
	if (r >= 0)
		r = mw_schema_migrate(st);
	/*
	 * Sorts and statement journals in memory, but only after the
	 * migration: a step that drops a large table would journal every
	 * page of it in memory.
	 */
	if (r >= 0 && mode == MW_STORE_READWRITE)
		r = mw_store_exec(st, "PRAGMA temp_store=MEMORY;");
	if (r < 0) {
		*ret_error = mw_xasprintf("database '%s': %s", st->path, st->errmsg);
		mw_store_close(st);
		return r;
	}
	*ret = st;
	return 0;
}

struct mw_store *mw_store_close(struct mw_store *st)
{
	if (!st)
		return NULL;
	if (st->in_input)
		mw_store_end_input(st, false, 0, 0, "aborted");
	for (size_t i = 0; i < MW_ARRAY_SIZE(domains); i++)
		if (domains[i]->release)
			domains[i]->release(st);
	for (size_t i = 0; i < st->n_stmts; i++)
		sqlite3_finalize(st->stmts[i].stmt);
	if (st->db) {
		if (st->mode == MW_STORE_READWRITE)
			sqlite3_exec(st->db, "PRAGMA optimize", NULL, NULL, NULL);
		sqlite3_close_v2(st->db);
	}
	mw_strmap_release(&st->hosts);
	mw_strmap_release(&st->kv_keys);
	mw_strmap_release(&st->slab_names);
	mw_strmap_release(&st->proc_names);
	free(st->host);
	free(st->path);
	free(st);
	return NULL;
}

void mw_store_set_host(struct mw_store *st, const char *host)
{
	free(st->host);
	st->host = host && *host ? mw_xstrdup(host) : NULL;
	st->host_id = 0;
}

void mw_store_reset_context(struct mw_store *st)
{
	st->boot_id = 0;
	st->snapshot_id = 0;
	st->snapshot_skipped = false;
	st->zone_id = 0;
	st->event_id = 0;
}

int mw_store_begin_input(struct mw_store *st, const struct mw_input_info *info)
{
	sqlite3_stmt *s;
	int r;

	if (st->mode == MW_STORE_READONLY) {
		snprintf(st->errmsg, sizeof(st->errmsg), "database is open read-only");
		return MW_ESTORE;
	}
	if ((r = mw_store_exec(st, "BEGIN IMMEDIATE")) < 0)
		return r;
	st->in_input = true;
	st->status = 0;
	st->input_seq = 0;
	memset(&st->counts, 0, sizeof(st->counts));
	/* each input's own: a sosreport's host must not stick to the loop capture imported after it */
	if (!info->host || !st->host || strcmp(info->host, st->host) != 0)
		mw_store_set_host(st, info->host);
	if (!st->host)
		st->host_id = 0;	/* learnt from each input's data (a record header, a syslog prefix) */
	if (st->host && !st->host_id)
		st->host_id = mw_store_host_id(st, st->host, strlen(st->host));
	s = mw_store_stmt(st, "INSERT INTO input(path, display, kind, host_id, size, imported_at) "
			      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!s)
		goto fail;
	/* stdin and memory buffers have no path: input.path is NOT NULL, so they keep their display name */
	mw_bind_cstr(s, 1, info->path ? info->path : info->display ? info->display : "");
	mw_bind_cstr(s, 2, info->display ? info->display : info->path ? info->path : "");
	mw_bind_cstr(s, 3, info->kind);
	mw_bind_i64(s, 4, st->host_id ? st->host_id : MW_UNKNOWN);
	mw_bind_i64(s, 5, info->size ? (int64_t)info->size : MW_UNKNOWN);
	sqlite3_bind_int64(s, 6, (int64_t)time(NULL));
	if ((r = mw_store_step_done(st, s)) < 0)
		goto fail;
	st->input_id = sqlite3_last_insert_rowid(st->db);
	/* a boot or snapshot never spans two inputs, except the implicit snapshot of /proc files */
	st->boot_id = 0;
	st->event_id = 0;
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_input = false;
	return MW_ESTORE;
}

int mw_store_end_input(struct mw_store *st, bool ok, uint64_t content_hash, uint64_t lines, const char *status)
{
	sqlite3_stmt *s;
	char hex[17];
	int r = 0;

	if (!st->in_input)
		return -EINVAL;
	st->in_input = false;
	if (ok && st->status)
		ok = false;
	if (ok) {
		/* closing the snapshot writes its summary; the domains flush what they accumulated */
		for (size_t i = 0; r >= 0 && i < MW_ARRAY_SIZE(domains); i++)
			if (domains[i]->end_input)
				r = domains[i]->end_input(st);
		if (r < 0)
			ok = false;
	}
	if (ok && content_hash) {
		snprintf(hex, sizeof(hex), "%016" PRIx64, content_hash);
		s = mw_store_stmt(st, "SELECT id FROM input WHERE content_hash = ?1");
		if (s) {
			sqlite3_bind_text(s, 1, hex, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(s) == SQLITE_ROW) {
				sqlite3_reset(s);
				rollback_input(st);
				return MW_EDUPLICATE;
			}
			sqlite3_reset(s);
		}
	}
	if (ok) {
		s = mw_store_stmt(st, "UPDATE input SET content_hash = ?1, lines = ?2, status = ?3, host_id = "
				      "coalesce(host_id, ?5) WHERE id = ?4");
		if (!s) {
			ok = false;
		} else {
			if (content_hash)
				sqlite3_bind_text(s, 1, hex, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(s, 2, (int64_t)lines);
			mw_bind_cstr(s, 3, status ? status : "ok");
			sqlite3_bind_int64(s, 4, st->input_id);
			mw_bind_i64(s, 5, st->host_id ? st->host_id : MW_UNKNOWN);
			if (mw_store_step_done(st, s) < 0)
				ok = false;
		}
	}
	if (ok && mw_store_exec(st, "COMMIT") < 0)
		ok = false;
	if (!ok) {
		rollback_input(st);
		return st->status ? st->status : (r < 0 ? r : MW_ESTORE);
	}
	return 0;
}

void mw_store_input_counts(struct mw_store *st, struct mw_store_counts *ret)
{
	*ret = st->counts;
}
