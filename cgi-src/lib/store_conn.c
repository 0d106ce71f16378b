/* store_conn.c — connections between two servers: add, delete (either
 * direction), and the connections of one server.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <strings.h>
#include <time.h>

#include "store_int.h"

/* The stored id of server id, or ERR_NOT_FOUND naming field. */
static int
resolve(struct store *st, const char *id, const char *field, char *out,
        struct err *e)
{
    int found = store_server_canon(st, id, out, e);
    if (found == 0)
        return err_set(e, ERR_NOT_FOUND, field, "err_server_not_found", id,
                       NULL);
    return found < 0 ? -1 : 0;
}

static const char SQL_CONN_ADD[] =
    "INSERT INTO main.connections(from_id, to_id, type, created)"
    " VALUES (?1, ?2, ?3, ?4)";

int
store_conn_add(struct store *st, const char *from, const char *to,
               const char *type, struct err *e)
{
    char a[VALID_ID_MAX + 1], b[VALID_ID_MAX + 1];
    sqlite3_stmt *s;

    /* Ids compare ignoring ASCII case, like the id column. */
    if (strcasecmp(from, to) == 0)
        return err_set(e, ERR_INVALID, "to", "err_self_connection", NULL, NULL);
    if (resolve(st, from, "from", a, e) < 0 || resolve(st, to, "to", b, e) < 0)
        return -1;
    if ((s = store_prep(st, SQL_CONN_ADD, e)) == NULL)
        return -1;
    /* Stored ids, so the pair index compares like with like. */
    store_bind_text(s, 1, a);
    store_bind_text(s, 2, b);
    store_bind_text(s, 3, type);
    sqlite3_bind_int64(s, 4, (long long)time(NULL));
    if (sqlite3_step(s) != SQLITE_DONE) {
        if (store_is_unique_violation(st))
            err_set(e, ERR_CONFLICT, "to", "err_connection_exists", NULL, NULL);
        else
            store_fail(st, e, "connection add");
        store_done(s);
        return -1;
    }
    store_done(s);
    return 0;
}

static const char SQL_CONN_DELETE[] =
    "DELETE FROM main.connections WHERE id IN (SELECT id FROM"
    " connections WHERE (from_id = ?1 AND to_id = ?2)"
    " OR (from_id = ?2 AND to_id = ?1))";

int
store_conn_delete(struct store *st, const char *from, const char *to,
                  struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_CONN_DELETE, e);

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, from);
    store_bind_text(s, 2, to);
    if (store_run(st, s, e, "connection delete") < 0)
        return -1;
    if (sqlite3_changes(st->db) == 0)
        return err_set(e, ERR_NOT_FOUND, "to", "err_connection_not_found", NULL,
                       NULL);
    return 0;
}

/* Both halves walk an index ordered by the other end, so SQLite merges
 * them without sorting. */
static const char SQL_CONN_LIST[] =
    "SELECT id, from_id, to_id, type, created, to_id AS other"
    " FROM connections WHERE from_id = ?1"
    " UNION ALL"
    " SELECT id, from_id, to_id, type, created, from_id AS other"
    " FROM connections WHERE to_id = ?1"
    " ORDER BY 6 LIMIT ?2";

static void
conn_row(sqlite3_stmt *s, struct connection *c)
{
    c->id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, c->from, sizeof c->from);
    store_col_text(s, 2, c->to, sizeof c->to);
    store_col_text(s, 3, c->type, sizeof c->type);
    c->created = sqlite3_column_int64(s, 4);
}

int
store_conn_list_server(struct store *st, const char *id, size_t limit,
                       conn_cb cb, void *ctx, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_CONN_LIST, e);
    struct connection c;
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, id);
    sqlite3_bind_int64(s, 2, (long long)(limit > 10000 ? 10000 : limit));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        conn_row(s, &c);
        if ((ret = cb(ctx, &c)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "connection list");
    store_done(s);
    return ret;
}
