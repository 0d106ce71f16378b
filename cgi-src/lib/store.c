/* store.c — opening and closing the graph store, migrations and
 * transactions.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "log.h"
#include "store_int.h"

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

/* Connection settings, then a read of the schema: SQLite opens files
 * lazily, so a non-database or a damaged first page shows up here. */
static int
configure(struct store *st, struct err *e)
{
    int persist = 1;
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 5000);
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
    if (configure(st, e) < 0 || migrate(st, e) < 0) {
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
    return store_run(st, s, e, "commit");
}

void
store_rollback(struct store *st)
{
    if (st == NULL || st->db == NULL)
        return;
    store_qcache_clear(st);
    st->journal = 0; /* a rollback may undo TEMP triggers made inside */
    if (sqlite3_get_autocommit(st->db))
        return;
    /* Pending statements would keep their read locks; reset them all. */
    for (size_t i = 0; i < st->ncache; i++)
        sqlite3_reset(st->cache[i].stmt);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}
