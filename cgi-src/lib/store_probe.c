/* store_probe.c — per-server probe settings and the daemon's walk over the
 * estate (servers with their settings and round counters).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store_int.h"
#include "store_probe.h"

void
probe_settings_default(struct probe_settings *p)
{
    memset(p, 0, sizeof *p);
    p->node_port = -1;
    p->http_port = -1;
    p->http_status = -1;
}

int
probe_path_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > PROBE_PATH_MAX || s[0] != '/')
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '#')
            return 0;
    }
    return 1;
}

int
probe_settings_valid(const struct probe_settings *p, struct err *e)
{
    if (p->node_port < -1 || p->node_port > 65535)
        return err_set(e, ERR_INVALID, "node_port", "err_probe_port", NULL,
                       NULL);
    if (p->http_port == 0 || p->http_port < -1 || p->http_port > 65535)
        return err_set(e, ERR_INVALID, "http_port", "err_probe_port", NULL,
                       NULL);
    if (p->http_scheme[0] != '\0' && strcmp(p->http_scheme, "http") != 0 &&
        strcmp(p->http_scheme, "https") != 0)
        return err_set(e, ERR_INVALID, "http_scheme", "err_probe_scheme", NULL,
                       NULL);
    if (p->http_path[0] != '\0' && !probe_path_ok(p->http_path))
        return err_set(e, ERR_INVALID, "http_path", "err_probe_path", NULL,
                       NULL);
    if (p->http_status != -1 && (p->http_status < 100 || p->http_status > 599))
        return err_set(e, ERR_INVALID, "http_status", "err_probe_status", NULL,
                       NULL);
    if (p->maintenance != 0 && p->maintenance != 1)
        return err_set(e, ERR_INVALID, "maintenance", "err_probe_flag", NULL,
                       NULL);
    return 0;
}

/* The stored id of a visible server into canon, or ERR_NOT_FOUND. */
static int
visible(struct store *st, const char *id, char *canon, struct err *e)
{
    int found = store_server_canon(st, id, canon, e);
    if (found < 0)
        return -1;
    if (found == 0)
        return err_set(e, ERR_NOT_FOUND, "id", "err_server_not_found", id,
                       NULL);
    return 0;
}

void
store_probe_settings_col(sqlite3_stmt *s, int col, struct probe_settings *p)
{
    probe_settings_default(p);
    if (sqlite3_column_type(s, col) != SQLITE_NULL)
        p->node_port = sqlite3_column_int(s, col);
    if (sqlite3_column_type(s, col + 1) != SQLITE_NULL)
        p->http_port = sqlite3_column_int(s, col + 1);
    store_col_text(s, col + 2, p->http_scheme, sizeof p->http_scheme);
    store_col_text(s, col + 3, p->http_path, sizeof p->http_path);
    if (sqlite3_column_type(s, col + 4) != SQLITE_NULL)
        p->http_status = sqlite3_column_int(s, col + 4);
    p->maintenance = sqlite3_column_int(s, col + 5) != 0;
}

static const char SQL_SETTINGS_GET[] =
    "SELECT node_port, http_port, http_scheme, http_path, http_status,"
    " maintenance FROM probe_settings WHERE server = ?1";

int
store_probe_settings_get(struct store *st, const char *id,
                         struct probe_settings *out, struct err *e)
{
    char canon[VALID_ID_MAX + 1];
    sqlite3_stmt *s;
    int found;

    probe_settings_default(out);
    if (visible(st, id, canon, e) < 0)
        return -1;
    if ((s = store_prep(st, SQL_SETTINGS_GET, e)) == NULL)
        return -1;
    store_bind_text(s, 1, canon);
    if ((found = store_step_row(st, s, e, "probe settings")) == 1)
        store_probe_settings_col(s, 0, out);
    store_done(s);
    return found < 0 ? -1 : 0;
}

static const char SQL_SETTINGS_PUT[] =
    "INSERT INTO main.probe_settings(server, node_port, http_port,"
    " http_scheme, http_path, http_status, maintenance, updated)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (server) DO UPDATE SET node_port = ?2, http_port = ?3,"
    " http_scheme = ?4, http_path = ?5, http_status = ?6, maintenance = ?7,"
    " updated = ?8";
/* Settings back to the defaults drop the row, unless it still names the
 * server's standby (failover, store_failover.h): then only they reset. */
static const char SQL_SETTINGS_DEL[] =
    "DELETE FROM main.probe_settings WHERE server = ?1 AND standby IS NULL";
static const char SQL_SETTINGS_RESET[] =
    "UPDATE main.probe_settings SET node_port = NULL, http_port = NULL,"
    " http_scheme = NULL, http_path = NULL, http_status = NULL,"
    " maintenance = 0, updated = ?2 WHERE server = ?1";

static void
bind_opt_int(sqlite3_stmt *s, int idx, int v)
{
    if (v < 0)
        sqlite3_bind_null(s, idx);
    else
        sqlite3_bind_int(s, idx, v);
}

static void
bind_opt_text(sqlite3_stmt *s, int idx, const char *v)
{
    store_bind_text(s, idx, v[0] ? v : NULL);
}

int
store_probe_settings_set(struct store *st, const char *id,
                         const struct probe_settings *p, struct err *e)
{
    char canon[VALID_ID_MAX + 1];
    struct probe_settings def;
    sqlite3_stmt *s;

    if (probe_settings_valid(p, e) < 0 || visible(st, id, canon, e) < 0)
        return -1;
    probe_settings_default(&def);
    if (p->node_port == def.node_port && p->http_port == def.http_port &&
        p->http_scheme[0] == '\0' && p->http_path[0] == '\0' &&
        p->http_status == def.http_status && p->maintenance == 0) {
        if ((s = store_prep(st, SQL_SETTINGS_DEL, e)) == NULL)
            return -1;
        store_bind_text(s, 1, canon);
        if (store_run(st, s, e, "probe settings delete") < 0 ||
            (s = store_prep(st, SQL_SETTINGS_RESET, e)) == NULL)
            return -1;
        store_bind_text(s, 1, canon);
        sqlite3_bind_int64(s, 2, (long long)time(NULL));
        return store_run(st, s, e, "probe settings reset");
    }
    if ((s = store_prep(st, SQL_SETTINGS_PUT, e)) == NULL)
        return -1;
    store_bind_text(s, 1, canon);
    bind_opt_int(s, 2, p->node_port);
    bind_opt_int(s, 3, p->http_port);
    bind_opt_text(s, 4, p->http_scheme);
    bind_opt_text(s, 5, p->http_path);
    bind_opt_int(s, 6, p->http_status);
    sqlite3_bind_int(s, 7, p->maintenance);
    sqlite3_bind_int64(s, 8, (long long)time(NULL));
    return store_run(st, s, e, "probe settings");
}

int
store_probe_maintenance_set(struct store *st, const char *id, int on,
                            struct err *e)
{
    struct probe_settings p;

    if (on != 0 && on != 1)
        return err_set(e, ERR_INVALID, "maintenance", "err_probe_flag", NULL,
                       NULL);
    if (store_probe_settings_get(st, id, &p, e) < 0)
        return -1;
    p.maintenance = on;
    return store_probe_settings_set(st, id, &p, e);
}

static const char SQL_TARGETS[] =
    "SELECT s.id, s.type, s.ip, s.ports, s.status,"
    " p.node_port, p.http_port, p.http_scheme, p.http_path, p.http_status,"
    " coalesce(p.maintenance, 0), c.fails, c.oks, c.status_since, s.rid"
    " FROM servers s"
    " LEFT JOIN probe_settings p ON p.server = s.id"
    " LEFT JOIN probe_current c ON c.server = s.id"
    " ORDER BY s.id";

int
store_probe_targets(struct store *st, probe_target_cb cb, void *ctx,
                    struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_TARGETS, e);
    struct probe_target t;
    int rc;

    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        memset(&t, 0, sizeof t);
        store_col_text(s, 0, t.id, sizeof t.id);
        store_col_text(s, 1, t.type, sizeof t.type);
        store_col_text(s, 2, t.ip, sizeof t.ip);
        store_col_text(s, 3, t.ports, sizeof t.ports);
        store_col_text(s, 4, t.status, sizeof t.status);
        store_probe_settings_col(s, 5, &t.set);
        t.fails = sqlite3_column_int(s, 11);
        t.oks = sqlite3_column_int(s, 12);
        t.status_since = sqlite3_column_int64(s, 13);
        t.rid = sqlite3_column_int64(s, 14);
        int stop = cb(ctx, &t);
        if (stop != 0) {
            store_done(s);
            return stop;
        }
    }
    if (rc != SQLITE_DONE) {
        store_fail(st, e, "probe targets");
        store_done(s);
        return -1;
    }
    store_done(s);
    return 0;
}

static const char SQL_DATA_VERSION[] = "PRAGMA data_version";

int
store_data_version(struct store *st, long long *v, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_DATA_VERSION, e);
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int64(s, 0);
    else
        ret = store_fail(st, e, "data_version");
    store_done(s);
    return ret;
}

void
store_busy_timeout(struct store *st, int ms)
{
    sqlite3_busy_timeout(st->db, ms);
}
