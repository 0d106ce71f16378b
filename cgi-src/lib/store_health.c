/* store_health.c — a server's history key, the database file name, and
 * the walk over servers with their settings and current values that
 * /metrics and /targets read (store_health.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store_health.h"
#include "store_int.h"

static const char SQL_RID[] = "SELECT rid, id FROM servers WHERE id = ?1";

int
store_server_rid(struct store *st, const char *id, long long *rid, char *canon,
                 struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_RID, e);
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *rid = sqlite3_column_int64(s, 0);
        store_col_text(s, 1, canon, VALID_ID_MAX + 1);
    } else if (rc == SQLITE_DONE) {
        ret = err_set(e, ERR_NOT_FOUND, "id", "err_server_not_found", id, NULL);
    } else {
        ret = store_fail(st, e, "server rid");
    }
    store_done(s);
    return ret;
}

int
store_db_file(struct store *st, char *out, size_t outlen)
{
    const char *f = sqlite3_db_filename(st->db, "main");
    if (f == NULL || f[0] == '\0')
        return -1;
    int n = snprintf(out, outlen, "%s", f);
    return (n < 0 || (size_t)n >= outlen) ? -1 : 0;
}

static const char SQL_WALK[] =
    "SELECT s.id, s.type, s.ip, s.region, s.status,"
    " (SELECT m.cluster FROM cluster_members m WHERE m.server = s.id"
    "  ORDER BY m.cluster LIMIT 1),"
    " p.node_port, coalesce(p.maintenance, 0), c.checked, c.latency_ms,"
    " c.cpu, c.mem, c.disk, c.net_in, c.net_out, c.tcp_conns, c.uptime,"
    " c.load1, c.load5, c.load15"
    " FROM servers s"
    " LEFT JOIN probe_settings p ON p.server = s.id"
    " LEFT JOIN probe_current c ON c.server = s.id"
    " ORDER BY s.id";

static double
real_or_nan(sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL)
        return NAN;
    return sqlite3_column_double(s, col);
}

static void
walk_row(sqlite3_stmt *s, struct health_row *r)
{
    memset(r, 0, sizeof *r);
    store_col_text(s, 0, r->id, sizeof r->id);
    store_col_text(s, 1, r->type, sizeof r->type);
    store_col_text(s, 2, r->ip, sizeof r->ip);
    store_col_text(s, 3, r->region, sizeof r->region);
    store_col_text(s, 4, r->status, sizeof r->status);
    store_col_text(s, 5, r->cluster, sizeof r->cluster);
    r->node_port = sqlite3_column_type(s, 6) == SQLITE_NULL
                       ? -1
                       : sqlite3_column_int(s, 6);
    r->maintenance = sqlite3_column_int(s, 7);
    r->checked = sqlite3_column_int64(s, 8);
    r->latency_ms = real_or_nan(s, 9);
    for (int i = 0; i < PM__MAX; i++)
        r->m[i] = real_or_nan(s, 10 + i);
}

int
store_health_walk(struct store *st, health_row_cb cb, void *ctx, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_WALK, e);
    struct health_row r;
    int rc;

    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        walk_row(s, &r);
        int stop = cb(ctx, &r);
        if (stop != 0) {
            store_done(s);
            return stop;
        }
    }
    if (rc != SQLITE_DONE) {
        store_fail(st, e, "health walk");
        store_done(s);
        return -1;
    }
    store_done(s);
    return 0;
}
