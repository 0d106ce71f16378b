/* store_stmt.c — the store's prepared-statement cache, binding and column
 * helpers, and the one mapping of SQLite errors to struct err.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "dberr.h"
#include "log.h"
#include "store_int.h"

int
store_fail(struct store *st, struct err *e, const char *what)
{
    int rc = sqlite3_extended_errcode(st->db);

    log_msg("store: %s: %s (%d)", what, sqlite3_errmsg(st->db), rc);
    return dberr_set(st->db, rc, NULL, e);
}

sqlite3_stmt *
store_prep(struct store *st, const char *sql, struct err *e)
{
    sqlite3_stmt *stmt = NULL;

    for (size_t i = 0; i < st->ncache; i++)
        if (st->cache[i].sql == sql)
            return st->cache[i].stmt;
    if (st->ncache == STORE_CACHE_MAX) {
        log_msg("store: statement cache full");
        err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
        return NULL;
    }
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                           NULL) != SQLITE_OK) {
        store_fail(st, e, "prepare");
        return NULL;
    }
    st->cache[st->ncache].sql = sql;
    st->cache[st->ncache].stmt = stmt;
    st->ncache++;
    return stmt;
}

void
store_done(sqlite3_stmt *stmt)
{
    if (stmt == NULL)
        return;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}

int
store_run(struct store *st, sqlite3_stmt *stmt, struct err *e, const char *what)
{
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        store_fail(st, e, what);
        store_done(stmt);
        return -1;
    }
    store_done(stmt);
    return 0;
}

int
store_step_row(struct store *st, sqlite3_stmt *stmt, struct err *e,
               const char *what)
{
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return store_fail(st, e, what); /* before the reset clears the error */
}

int
store_run_or_conflict(struct store *st, sqlite3_stmt *stmt, const char *field,
                      const char *conflict_key, const char *arg, struct err *e,
                      const char *what)
{
    int ret = 0;
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        if (conflict_key != NULL && store_is_unique_violation(st))
            ret = err_set(e, ERR_CONFLICT, field, conflict_key, arg, NULL);
        else
            ret = store_fail(st, e, what);
    }
    store_done(stmt);
    return ret;
}

int
store_bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
    if (s == NULL)
        return sqlite3_bind_null(stmt, idx);
    return sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT);
}

void
store_col_text(sqlite3_stmt *stmt, int col, char *out, size_t outlen)
{
    const unsigned char *t = sqlite3_column_text(stmt, col);
    size_t n = t ? (size_t)sqlite3_column_bytes(stmt, col) : 0;
    if (outlen == 0)
        return;
    if (n >= outlen)
        n = outlen - 1; /* cut like snprintf would */
    if (n)
        memcpy(out, t, n);
    out[n] = '\0';
}

int
store_is_unique_violation(struct store *st)
{
    int rc = sqlite3_extended_errcode(st->db);
    return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY;
}

static const char SQL_SERVER_CANON[] = "SELECT id FROM servers WHERE id = ?1";

int
store_server_canon(struct store *st, const char *id, char *out, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_SERVER_CANON, e);
    int found;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, id);
    if ((found = store_step_row(st, s, e, "server lookup")) == 1)
        store_col_text(s, 0, out, VALID_ID_MAX + 1);
    store_done(s);
    return found;
}

/* The integer in the first column of sql's first row, bound to up to two
 * keys (NULL = not bound); 0 when there is no row. */
static int
one_int(struct store *st, const char *sql, const char *k1, const char *k2,
        long long *n, struct err *e, const char *what)
{
    sqlite3_stmt *s = store_prep(st, sql, e);
    int found;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, k1);
    if (k2 != NULL)
        store_bind_text(s, 2, k2);
    *n = 0;
    if ((found = store_step_row(st, s, e, what)) == 1)
        *n = sqlite3_column_int64(s, 0);
    store_done(s);
    return found < 0 ? -1 : 0;
}

static const char SQL_STAT_GET[] =
    "SELECT n FROM main.stats WHERE dim = ?1 AND key = ?2";
static const char SQL_STAT_GET_SCOPED[] =
    "SELECT n FROM temp.scope_stats WHERE dim = ?1 AND key = ?2";

int
store_stat_get(struct store *st, const char *dim, const char *key, long long *n,
               struct err *e)
{
    return one_int(st, st->scoped ? SQL_STAT_GET_SCOPED : SQL_STAT_GET, dim,
                   key ? key : "", n, e, "stats");
}

static const char SQL_CLUSTER_SIZE[] =
    "SELECT members FROM clusters WHERE name = ?1";

int
store_cluster_size(struct store *st, const char *name, long long *n,
                   struct err *e)
{
    return one_int(st, SQL_CLUSTER_SIZE, name, NULL, n, e, "cluster size");
}
