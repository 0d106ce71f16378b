/* backup.c — snapshots of the database through SQLite's online backup
 * API (consistent while others write), checking a database file, and
 * restoring one without pulling the file from under other processes.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "backup.h"
#include "dberr.h"
#include "log.h"
#include "store.h"
#include "store_events.h"
#include "store_int.h"

#define BUSY_MS    5000
#define STEP_TRIES 100 /* backup steps retried while busy, 100 ms apart */
#define PATH_BYTES 4096

/* ---- small helpers ---- */

/* Maps db's last error as store_fail does; always -1. */
static int
db_fail(sqlite3 *db, struct err *e, const char *what)
{
    int rc = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    log_msg("backup: %s: %s (%d)", what, db ? sqlite3_errmsg(db) : "", rc);
    /* One mapping (dberr.h); a damaged file keeps the generic key here:
     * it may be the copy being read, not the live database. */
    return dberr_set(db, rc, "err_db_corrupt", e);
}

static int
db_open(const char *path, int flags, sqlite3 **out, struct err *e)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    if (rc != SQLITE_OK) {
        db_fail(db, e, "open");
        sqlite3_close(db);
        *out = NULL;
        return -1;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, BUSY_MS);
    *out = db;
    return 0;
}

/* The first column of sql's first row as an integer (0 without a row);
 * -1 when the statement fails. */
static int
one_int(sqlite3 *db, const char *sql, long long *out)
{
    sqlite3_stmt *s = NULL;
    int rc;
    *out = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return -1;
    }
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Copies every page of src's main database into dst's, in one step (one
 * read transaction on src: a consistent snapshot); retried while a
 * writer holds dst or a checkpoint holds src. */
static int
copy_pages(sqlite3 *src, sqlite3 *dst, struct err *e)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    int rc = SQLITE_OK;

    if (b == NULL)
        return db_fail(dst, e, "backup init");
    for (int i = 0; i < STEP_TRIES; i++) {
        rc = sqlite3_backup_step(b, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        sqlite3_sleep(100);
    }
    sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE)
        return 0;
    log_msg("backup: copy: %s (%d)", sqlite3_errstr(rc), rc);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return err_set(e, ERR_BUSY, "", "err_db_busy", NULL, NULL);
    if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
        return err_set(e, ERR_INVALID, "", "xport_err_db_damaged", NULL, NULL);
    if (dberr_is_full(NULL, rc))
        return err_set(e, ERR_BUSY, "", "robust_disk_full", NULL, NULL);
    return err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
}

/* One self-contained file: no -wal to carry along. */
static int
rollback_journal(sqlite3 *db, struct err *e)
{
    if (sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) !=
        SQLITE_OK)
        return db_fail(db, e, "journal_mode");
    return 0;
}

static void
describe(sqlite3 *db, struct backup_info *info)
{
    long long v = 0;
    one_int(db, "PRAGMA user_version", &v);
    info->schema = (int)v;
    one_int(db, "SELECT n FROM stats WHERE dim = 'servers' AND key = ''",
            &info->servers);
    one_int(db, "SELECT n FROM stats WHERE dim = 'connections' AND key = ''",
            &info->connections);
    one_int(db, "SELECT n FROM stats WHERE dim = 'clusters' AND key = ''",
            &info->clusters);
}

/* The tables a database of this module has (servers_fts included). */
static const char SQL_OUR_TABLES[] =
    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
    " ('servers', 'servers_fts', 'connections', 'clusters',"
    " 'cluster_members', 'stats')";
#define OUR_TABLES 6

/* integrity_check, then schema version and tables. */
static int
check_db(sqlite3 *db, struct backup_info *info, struct err *e)
{
    sqlite3_stmt *s = NULL;
    long long v = 0, tables = 0;
    int ok = 0;

    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        ok = t != NULL && strcmp(t, "ok") == 0;
        if (!ok)
            log_msg("backup: integrity_check: %s", t ? t : "");
    } else {
        log_msg("backup: integrity_check: %s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(s);
    if (!ok)
        return err_set(e, ERR_INVALID, "", "xport_err_db_damaged", NULL, NULL);
    if (one_int(db, "PRAGMA user_version", &v) < 0 ||
        one_int(db, SQL_OUR_TABLES, &tables) < 0)
        return err_set(e, ERR_INVALID, "", "xport_err_db_damaged", NULL, NULL);
    if (v > (long long)STORE_MIGRATION_COUNT) {
        char n[24];
        snprintf(n, sizeof n, "%lld", v);
        return err_set(e, ERR_INVALID, "", "xport_err_db_newer", n, NULL);
    }
    if (v < 1 || tables != OUR_TABLES)
        return err_set(e, ERR_INVALID, "", "xport_err_not_ours", NULL, NULL);
    if (info != NULL)
        describe(db, info);
    return 0;
}

/* "SQLite format 3\0": anything else is refused before SQLite sees it. */
static int
sqlite_magic(const char *path, struct err *e)
{
    static const char magic[16] = "SQLite format 3";
    char head[16];
    struct stat sb;
    int fd;
    ssize_t n;

    if (stat(path, &sb) < 0)
        return err_set(e, ERR_NOT_FOUND, "", "xport_err_no_file", path, NULL);
    if (!S_ISREG(sb.st_mode))
        return err_set(e, ERR_INVALID, "", "xport_err_not_db", path, NULL);
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return err_set(e, ERR_INVALID, "", "xport_err_unreadable", path, NULL);
    n = read(fd, head, sizeof head);
    close(fd);
    if (n != (ssize_t)sizeof head || memcmp(head, magic, sizeof magic) != 0)
        return err_set(e, ERR_INVALID, "", "xport_err_not_db", path, NULL);
    return 0;
}

/* A new empty file "<path><tag>XXXXXX" (0600) in path's folder; its name
 * into out. */
static int
temp_beside(const char *path, const char *tag, char *out, size_t outlen)
{
    int n = snprintf(out, outlen, "%s%sXXXXXX", path, tag);
    if (n < 0 || (size_t)n >= outlen)
        return -1;
    int fd = mkstemp(out);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static void
fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* fsync of path's folder, so that a rename survives a crash. */
static void
fsync_dir_of(const char *path)
{
    char dir[PATH_BYTES];
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    fsync_path(dir);
}

static void
unlink_db(const char *path)
{
    char p[PATH_BYTES + 16];
    unlink(path);
    snprintf(p, sizeof p, "%s-journal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* Copies the open database src into a new self-contained file that then
 * replaces dest atomically. */
static int
snapshot_to(sqlite3 *src, const char *dest, int check, struct backup_info *info,
            struct err *e)
{
    char tmp[PATH_BYTES];
    sqlite3 *dst = NULL;
    struct stat sb;
    int rc = -1;

    if (temp_beside(dest, ".tmp-", tmp, sizeof tmp) < 0) {
        log_msg("backup: cannot create a file beside %s: %s", dest,
                strerror(errno));
        return err_set(e, ERR_INVALID, "", "xport_err_backup_dest", dest, NULL);
    }
    if (db_open(tmp, SQLITE_OPEN_READWRITE, &dst, e) < 0)
        goto out;
    if (copy_pages(src, dst, e) < 0 || rollback_journal(dst, e) < 0)
        goto out;
    if (check && check_db(dst, info, e) < 0)
        goto out;
    sqlite3_close(dst);
    dst = NULL;
    chmod(tmp, 0600);
    fsync_path(tmp);
    if (rename(tmp, dest) < 0) {
        log_msg("backup: rename to %s: %s", dest, strerror(errno));
        err_set(e, ERR_INVALID, "", "xport_err_backup_dest", dest, NULL);
        goto out;
    }
    fsync_dir_of(dest);
    if (info != NULL && stat(dest, &sb) == 0)
        info->bytes = (long long)sb.st_size;
    rc = 0;
out:
    sqlite3_close(dst);
    if (rc < 0)
        unlink_db(tmp);
    return rc;
}

/* ---- public ---- */

int
backup_create(const char *db_path, const char *dest, struct backup_info *info,
              struct err *e)
{
    struct backup_info tmp_info;
    struct stat sb;
    sqlite3 *src = NULL;
    int rc;

    if (info == NULL)
        info = &tmp_info;
    memset(info, 0, sizeof *info);
    if (stat(db_path, &sb) < 0)
        return err_set(e, ERR_NOT_FOUND, "", "xport_err_no_db", db_path, NULL);
    /* Read-write (never create): a WAL reader may need to set up -shm. */
    if (db_open(db_path, SQLITE_OPEN_READWRITE, &src, e) < 0)
        return -1;
    rc = snapshot_to(src, dest, 1, info, e);
    sqlite3_close(src);
    return rc;
}

int
backup_check(const char *path, struct backup_info *info, struct err *e)
{
    struct backup_info tmp_info;
    struct stat sb;
    sqlite3 *db = NULL;
    int rc;

    if (info == NULL)
        info = &tmp_info;
    memset(info, 0, sizeof *info);
    if (sqlite_magic(path, e) < 0)
        return -1;
    if (db_open(path, SQLITE_OPEN_READONLY, &db, e) < 0) {
        err_set(e, ERR_INVALID, "", "xport_err_db_damaged", NULL, NULL);
        return -1;
    }
    rc = check_db(db, info, e);
    sqlite3_close(db);
    if (rc == 0 && stat(path, &sb) == 0)
        info->bytes = (long long)sb.st_size;
    return rc;
}

/* Page sizes SQLite accepts, as fixed PRAGMA texts (PRAGMA takes no
 * bound parameters). */
static const struct {
    long long size;
    const char *sql;
} PAGE_SIZES[] = {
    {512, "PRAGMA page_size = 512"},     {1024, "PRAGMA page_size = 1024"},
    {2048, "PRAGMA page_size = 2048"},   {4096, "PRAGMA page_size = 4096"},
    {8192, "PRAGMA page_size = 8192"},   {16384, "PRAGMA page_size = 16384"},
    {32768, "PRAGMA page_size = 32768"}, {65536, "PRAGMA page_size = 65536"},
};

/* A WAL database only takes pages of its own size: give the copy (in
 * rollback mode, so VACUUM may change it) the live database's size. */
static int
match_page_size(sqlite3 *live, sqlite3 *copy, struct err *e)
{
    long long want = 0, have = 0;
    if (one_int(live, "PRAGMA page_size", &want) < 0 ||
        one_int(copy, "PRAGMA page_size", &have) < 0)
        return db_fail(live, e, "page_size");
    if (want == have)
        return 0;
    for (size_t i = 0; i < sizeof PAGE_SIZES / sizeof PAGE_SIZES[0]; i++)
        if (PAGE_SIZES[i].size == want) {
            if (sqlite3_exec(copy, PAGE_SIZES[i].sql, NULL, NULL, NULL) !=
                    SQLITE_OK ||
                sqlite3_exec(copy, "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
                return db_fail(copy, e, "page size");
            return 0;
        }
    return err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
}

/* Moves path (and its -wal, -shm) to "<path>.before-restore[...]". */
static int
move_aside(const char *path, struct err *e)
{
    static const char *const sfx[] = {"", "-wal", "-shm"};
    char from[PATH_BYTES + 8], to[PATH_BYTES + 32];
    for (size_t i = 0; i < 3; i++) {
        snprintf(from, sizeof from, "%s%s", path, sfx[i]);
        snprintf(to, sizeof to, "%s.before-restore%s", path, sfx[i]);
        if (rename(from, to) < 0 && errno != ENOENT) {
            log_msg("restore: cannot move %s aside: %s", from, strerror(errno));
            return err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
        }
    }
    return 0;
}

/* The live database is there and reads as a database. */
static int
usable(sqlite3 *live)
{
    long long n;
    return one_int(live, "SELECT count(*) FROM sqlite_schema", &n) == 0;
}

/* Writes the checked copy into the live database (or renames it into
 * place when there is no usable live database). */
static int
swap_in(const char *db_path, const char *tmp, sqlite3 *copy, struct err *e)
{
    char keep[PATH_BYTES + 32];
    struct stat sb;
    sqlite3 *live = NULL;
    int rc = -1;

    snprintf(keep, sizeof keep, "%s.before-restore", db_path);
    if (stat(db_path, &sb) == 0 &&
        db_open(db_path, SQLITE_OPEN_READWRITE, &live, e) == 0 &&
        usable(live)) {
        if (snapshot_to(live, keep, 0, NULL, e) < 0 ||
            match_page_size(live, copy, e) < 0 || copy_pages(copy, live, e) < 0)
            goto out;
        rc = 0;
        goto out;
    }
    /* Missing, or not a database any more: nothing can be using it. */
    sqlite3_close(live);
    live = NULL;
    sqlite3_close(copy);
    if (stat(db_path, &sb) == 0 && move_aside(db_path, e) < 0)
        return -1;
    if (rename(tmp, db_path) < 0) {
        log_msg("restore: rename into %s: %s", db_path, strerror(errno));
        return err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
    }
    fsync_dir_of(db_path);
    return 1; /* renamed: copy is closed */
out:
    sqlite3_close(live);
    return rc;
}

int
backup_restore(const char *db_path, const char *src, struct backup_info *info,
               struct err *e)
{
    struct backup_info tmp_info;
    char tmp[PATH_BYTES];
    struct stat sb;
    sqlite3 *from = NULL, *copy = NULL;
    struct store *st = NULL;
    int rc = -1, swapped;

    if (info == NULL)
        info = &tmp_info;
    memset(info, 0, sizeof *info);
    if (sqlite_magic(src, e) < 0)
        return -1;
    if (stat(src, &sb) == 0)
        info->bytes = (long long)sb.st_size;
    if (temp_beside(db_path, ".restore-", tmp, sizeof tmp) < 0) {
        log_msg("restore: cannot create a file beside %s: %s", db_path,
                strerror(errno));
        return err_set(e, ERR_INTERNAL, "", "xport_err_backup_dest", db_path,
                       NULL);
    }
    /* 1. A private, checked copy: src may change or be damaged. */
    if (db_open(src, SQLITE_OPEN_READONLY, &from, e) < 0 ||
        db_open(tmp, SQLITE_OPEN_READWRITE, &copy, e) < 0) {
        err_set(e, ERR_INVALID, "", "xport_err_db_damaged", NULL, NULL);
        goto out;
    }
    if (copy_pages(from, copy, e) < 0) {
        if (e->code != ERR_BUSY)
            err_set(e, ERR_INVALID, "", "xport_err_db_damaged", NULL, NULL);
        goto out;
    }
    sqlite3_close(from);
    from = NULL;
    if (rollback_journal(copy, e) < 0 || check_db(copy, info, e) < 0)
        goto out;
    /* 2 and 3. Keep the old one, bring the new one in. */
    if ((swapped = swap_in(db_path, tmp, copy, e)) < 0)
        goto out;
    if (swapped == 1)
        copy = NULL; /* closed and renamed into place */
    err_clear(e);
    /* 4. Upgrade an older schema now rather than on the next page, and
     * tell the change journal's readers to reload everything. */
    if (store_open(db_path, &st, e) < 0 || store_begin(st, 1, e) < 0 ||
        store_events_reset(st, e) < 0 || store_commit(st, e) < 0)
        goto out;
    rc = 0;
out:
    store_close(st);
    sqlite3_close(from);
    sqlite3_close(copy);
    unlink_db(tmp);
    return rc;
}
