/* store.c — opening and closing the graph store, migrations and
 * transactions.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dberr.h"
#include "log.h"
#include "store_int.h"

/* How long a request waits for the write lock before it answers "busy"
 * (503). Long enough for a hundred concurrent writers on a small machine
 * (docs/robustness.md has the figures), short of any HTTP client's
 * patience. The daemon sets its own, shorter wait (store_busy_timeout). */
#define STORE_BUSY_MS 20000

static const char SQL_BEGIN[] = "BEGIN";
static const char SQL_BEGIN_IMMEDIATE[] = "BEGIN IMMEDIATE";
static const char SQL_COMMIT[] = "COMMIT";

/* Runs one fixed statement (or script) without a result. */
static int
exec(struct store *st, const char *sql, struct err *e, const char *what)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(st, e, what);
    return 0;
}

static int
user_version(struct store *st, int *v, struct err *e)
{
    sqlite3_stmt *s = NULL;
    int rc;

    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) !=
        SQLITE_OK)
        return store_fail(st, e, "user_version");
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW)
        return store_fail(st, e, "user_version");
    return 0;
}

/* Applies the migrations past the file's version in one write
 * transaction; the version is read again inside it, so two processes
 * opening a new file at once do not both create the schema. */
static int
migrate(struct store *st, struct err *e)
{
    int v = 0;
    int want = (int)STORE_MIGRATION_COUNT;

    if (user_version(st, &v, e) < 0)
        return -1;
    if (v == want)
        return 0;
    if (exec(st, SQL_BEGIN_IMMEDIATE, e, "migrate begin") < 0)
        return -1;
    if (user_version(st, &v, e) < 0)
        goto fail;
    if (v > want) {
        log_msg("store: schema version %d is newer than this module (%d)", v,
                want);
        err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
        goto fail;
    }
    for (; v < want; v++)
        if (exec(st, STORE_MIGRATIONS[v], e, "migrate") < 0)
            goto fail;
    if (exec(st, SQL_COMMIT, e, "migrate commit") < 0)
        goto fail;
    return 0;
fail:
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

static long long
mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The busy handler: retries for STORE_BUSY_MS in short sleeps of 1-12 ms
 * that differ between processes. SQLite's own handler sleeps longer the
 * longer a connection has waited (up to 100 ms a try), so under many
 * writers the oldest waiter polls least and is the one that times out;
 * with short jittered sleeps every waiter polls about equally often and
 * the lock goes round in roughly random order. One wait at a time per
 * thread (a connection is used by one thread), hence the thread-local. */
static int
busy_wait(void *arg, int count)
{
    static _Thread_local long long started_ms;
    long long now = mono_ms();
    (void)arg;
    if (count == 0)
        started_ms = now;
    if (now - started_ms >= STORE_BUSY_MS)
        return 0;
    uint32_t h = (uint32_t)getpid() * 2654435761u ^ (uint32_t)count * 40503u;
    h ^= h >> 15;
    long span_ms = count < 10 ? 2 + count : 12;
    struct timespec ts = {0, (1 + (long)(h % (uint32_t)span_ms)) * 1000000L};
    nanosleep(&ts, NULL);
    return 1;
}

/* The header's page count and size, and the file's size, read through
 * SQLite's own file handle: opening the file a second time and closing
 * that descriptor would drop every POSIX lock this process holds on it
 * (SQLite's WAL read lock included: another process could then checkpoint
 * and reset the WAL under us). 0, or -1 when they cannot be read. */
static int
read_sizes(sqlite3 *db, uint32_t *pages, unsigned long *page,
           sqlite3_int64 *bytes)
{
    sqlite3_file *f = NULL;
    unsigned char h[100];
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &f) !=
            SQLITE_OK ||
        f == NULL || f->pMethods == NULL ||
        f->pMethods->xFileSize(f, bytes) != SQLITE_OK || *bytes < 100 ||
        f->pMethods->xRead(f, h, sizeof h, 0) != SQLITE_OK)
        return -1;
    /* The size field counts only when "version-valid-for" matches the
     * change counter (older writers left it stale). */
    if (memcmp(h + 24, h + 92, 4) != 0)
        return -1;
    *page = (unsigned long)h[16] << 8 | h[17];
    if (*page == 1)
        *page = 65536;
    *pages = (uint32_t)h[28] << 24 | (uint32_t)h[29] << 16 |
             (uint32_t)h[30] << 8 | h[31];
    return 0;
}

/* A file shorter than its own header says was truncated (a copy cut
 * short, a full disk while copying): SQLite would only notice on reading
 * a missing page, and answer with whatever pages are left until then.
 * Only decided while the WAL is empty (a checkpoint writes page 1, with
 * the new size, before the pages past the old end, but needs WAL frames
 * to copy), and only when it holds on three looks 5 ms apart.
 * 0, or -1 with *e set. */
static int
check_truncated(sqlite3 *db, const char *path, struct err *e)
{
    char wal[1100];
    struct stat wb;
    uint32_t pages = 0;
    unsigned long page = 0;
    sqlite3_int64 bytes = 0;
    int n = snprintf(wal, sizeof wal, "%s-wal", path);
    if (n < 0 || (size_t)n >= sizeof wal)
        return 0;
    for (int look = 0; look < 3; look++) {
        if (look > 0) {
            struct timespec ts = {0, 5000000L};
            nanosleep(&ts, NULL);
        }
        if (stat(wal, &wb) == 0 && wb.st_size > 0)
            return 0;
        if (read_sizes(db, &pages, &page, &bytes) < 0 || pages == 0 ||
            (unsigned long long)bytes >= (unsigned long long)pages * page)
            return 0;
        if (stat(wal, &wb) == 0 && wb.st_size > 0)
            return 0; /* a writer came in meanwhile: no verdict */
    }
    log_msg("store: %s is %lld bytes, its header says %u pages of %lu: "
            "truncated",
            path, (long long)bytes, pages, page);
    return err_set(e, ERR_INTERNAL, "", "robust_db_corrupt", path, NULL);
}

/* Connection settings, then a read of the schema: SQLite opens files
 * lazily, so a non-database or a damaged first page shows up here. */
static int
configure(struct store *st, struct err *e)
{
    int persist = 1;
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_handler(st->db, busy_wait, NULL);
    /* Every CGI is the database's only connection for a moment: without
     * this, each one would create the -wal and -shm files on open and
     * delete them on close (measured: 8 writes and 2 unlinks per page). */
    sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    if (sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) !=
        SQLITE_OK)
        return store_fail(st, e, "defensive");
    if (exec(st, "PRAGMA foreign_keys = ON", e, "foreign_keys") < 0 ||
        exec(st, "PRAGMA trusted_schema = OFF", e, "trusted_schema") < 0)
        return -1;
    if (exec(st, "SELECT count(*) FROM sqlite_schema", e, "schema") < 0)
        return -1; /* store_fail maps NOTADB/CORRUPT to err_db_corrupt */
    if (exec(st, "PRAGMA journal_mode = WAL", e, "journal_mode") < 0 ||
        exec(st, "PRAGMA synchronous = NORMAL", e, "synchronous") < 0 ||
        /* ...and the kept WAL is emptied (truncated, not unlinked) when the
         * last connection closes, so the next open does not re-read it. */
        exec(st, "PRAGMA journal_size_limit = 0", e, "journal_size_limit") < 0)
        return -1;
    return 0;
}

int
store_open(const char *path, struct store **out, struct err *e)
{
    struct store *st = calloc(1, sizeof *st);
    int rc;

    *out = NULL;
    if (st == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    /* SQLite takes a file shorter than a page for an empty database and
     * writes a new one over it (measured: a 1-byte file); only a file of
     * 0 bytes is new. The smallest database is one 512-byte page. */
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        sb.st_size < 512) {
        log_msg("store: %s is %lld bytes: not a database", path,
                (long long)sb.st_size);
        free(st);
        return err_set(e, ERR_INTERNAL, "", "robust_db_corrupt", path, NULL);
    }
    rc = sqlite3_open_v2(path, &st->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        if (st->db != NULL)
            store_fail(st, e, "open");
        else
            err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
        store_close(st);
        return -1;
    }
    if (configure(st, e) < 0 || check_truncated(st->db, path, e) < 0 ||
        migrate(st, e) < 0) {
        store_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

void
store_close(struct store *st)
{
    if (st == NULL)
        return;
    if (st->db != NULL)
        store_rollback(st);
    for (size_t i = 0; i < st->ncache; i++)
        sqlite3_finalize(st->cache[i].stmt);
    store_qcache_clear(st);
    sqlite3_close(st->db);
    free(st);
}

int
store_schema_version(struct store *st)
{
    struct err e;
    int v = -1;

    if (user_version(st, &v, &e) < 0)
        return -1;
    return v;
}

int
store_begin(struct store *st, int write, struct err *e)
{
    /* Outside the transaction, so that a rollback cannot undo it. */
    if (write && store_events_arm(st, e) < 0)
        return -1;
    sqlite3_stmt *s =
        store_prep(st, write ? SQL_BEGIN_IMMEDIATE : SQL_BEGIN, e);
    if (s == NULL)
        return -1;
    store_qcache_clear(st);
    return store_run(st, s, e, "begin");
}

int
store_commit(struct store *st, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_COMMIT, e);
    if (s == NULL)
        return -1;
    store_qcache_clear(st);
    if (store_run(st, s, e, "commit") < 0)
        return -1;
    if (st->journal == 2)
        st->journal = 1;
    return 0;
}

void
store_rollback(struct store *st)
{
    if (st == NULL || st->db == NULL)
        return;
    store_qcache_clear(st);
    if (st->journal == 2) /* made inside: the rollback undoes them */
        st->journal = 0;
    if (sqlite3_get_autocommit(st->db))
        return;
    /* Pending statements would keep their read locks; reset them all. */
    for (size_t i = 0; i < st->ncache; i++)
        sqlite3_reset(st->cache[i].stmt);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int
store_check_quick(struct store *st, struct err *e)
{
    sqlite3_stmt *s = NULL;
    const char *file = sqlite3_db_filename(st->db, "main");
    int rc, first = 1, fine = 0;

    if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check(5)", -1, &s, NULL) !=
        SQLITE_OK)
        return store_fail(st, e, "quick_check");
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        if (first && t != NULL && strcmp((const char *)t, "ok") == 0)
            fine = 1;
        else
            log_msg("store: quick_check %s: %s", file ? file : "",
                    t ? (const char *)t : "");
        first = 0;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return store_fail(st, e, "quick_check");
    if (!fine)
        return err_set(e, ERR_INTERNAL, "", "robust_db_corrupt",
                       file ? file : "", NULL);
    return 0;
}
