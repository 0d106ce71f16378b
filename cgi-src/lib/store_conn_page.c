/* store_conn_page.c — connections in keyset pages (all of them by id, or
 * one server's by the other end) and one pair, for the API.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "store_int.h"
#include "store_page.h"

#define CONN_COLS "id, from_id, to_id, type, created"

static const char SQL_PAGE_ALL[] = "SELECT " CONN_COLS " FROM connections"
                                   " WHERE id > ?1 ORDER BY id LIMIT ?2";
/* Both halves walk an index ordered by the other end (connections_from,
 * connections_to), so the merge needs no sort; the compound's ORDER BY
 * takes NOCASE from to_id, the column of its first SELECT. */
static const char SQL_PAGE_SERVER[] =
    "SELECT " CONN_COLS ", to_id AS other FROM connections"
    " WHERE from_id = ?1 AND to_id > ?2"
    " UNION ALL"
    " SELECT " CONN_COLS ", from_id AS other FROM connections"
    " WHERE to_id = ?1 AND from_id > ?2"
    " ORDER BY 6 LIMIT ?3";
static const char SQL_PAIR[] = "SELECT " CONN_COLS " FROM connections"
                               " WHERE (from_id = ?1 AND to_id = ?2)"
                               " OR (from_id = ?2 AND to_id = ?1)";

static long long
page_limit(size_t limit)
{
    return (long long)(limit < 1                ? 1
                       : limit > STORE_PAGE_MAX ? STORE_PAGE_MAX
                                                : limit);
}

/* Reads a row selected with CONN_COLS first. */
static void
read_conn(sqlite3_stmt *s, struct connection *c)
{
    c->id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, c->from, sizeof c->from);
    store_col_text(s, 2, c->to, sizeof c->to);
    store_col_text(s, 3, c->type, sizeof c->type);
    c->created = sqlite3_column_int64(s, 4);
}

/* Steps a bound statement, handing each row to cb. */
static int
walk(struct store *st, sqlite3_stmt *s, conn_cb cb, void *ctx, struct err *e)
{
    struct connection c;
    int rc, ret = 0;

    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        read_conn(s, &c);
        if ((ret = cb(ctx, &c)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "connection page");
    store_done(s);
    return ret;
}

int
store_conn_page(struct store *st, long long after_id, size_t limit, conn_cb cb,
                void *ctx, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_PAGE_ALL, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, after_id);
    sqlite3_bind_int64(s, 2, page_limit(limit));
    return walk(st, s, cb, ctx, e);
}

int
store_conn_page_server(struct store *st, const char *id,
                       const char *after_other, size_t limit, conn_cb cb,
                       void *ctx, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_PAGE_SERVER, e);
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, id);
    store_bind_text(s, 2, after_other ? after_other : "");
    sqlite3_bind_int64(s, 3, page_limit(limit));
    return walk(st, s, cb, ctx, e);
}

static int
copy_first(void *ctx, const struct connection *c)
{
    *(struct connection *)ctx = *c;
    return 1;
}

int
store_conn_get_pair(struct store *st, const char *a, const char *b,
                    struct connection *out, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_PAIR, e);
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, a);
    store_bind_text(s, 2, b);
    int rc = walk(st, s, copy_first, out, e);
    if (rc == 0)
        return err_set(e, ERR_NOT_FOUND, "to", "err_connection_not_found", NULL,
                       NULL);
    return rc < 0 ? -1 : 0;
}
