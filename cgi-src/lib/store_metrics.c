/* store_metrics.c — current values per server (the daemon's latest round)
 * and the daemon's own counters and facts.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store_int.h"
#include "store_probe.h"
#include "types.h"

const char *const PROBE_METRIC_NAMES[PM__MAX] = {
    "cpu",       "mem",    "disk",  "net_in", "net_out",
    "tcp_conns", "uptime", "load1", "load5",  "load15"};

void
probe_current_init(struct probe_current *c, const char *id)
{
    memset(c, 0, sizeof *c);
    snprintf(c->server, sizeof c->server, "%s", id ? id : "");
    c->latency_ms = c->tcp_ms = c->http_ms = c->icmp_ms = NAN;
    c->http_code = -1;
    c->http_bytes = -1;
    for (int i = 0; i < PM__MAX; i++)
        c->m[i] = NAN;
}

static void
bind_real(sqlite3_stmt *s, int idx, double v)
{
    if (isnan(v) || isinf(v))
        sqlite3_bind_null(s, idx);
    else
        sqlite3_bind_double(s, idx, v);
}

static void
bind_opt_int64(sqlite3_stmt *s, int idx, long long v)
{
    if (v < 0)
        sqlite3_bind_null(s, idx);
    else
        sqlite3_bind_int64(s, idx, v);
}

/* An integer-valued metric (STRICT INTEGER columns take no fractions). */
static void
bind_count(sqlite3_stmt *s, int idx, double v)
{
    if (isnan(v) || isinf(v) || v < 0 || v > 9e18)
        sqlite3_bind_null(s, idx);
    else
        sqlite3_bind_int64(s, idx, (long long)(v + 0.5)); /* no libm */
}

static const char SQL_CURRENT_PUT[] =
    "INSERT INTO main.probe_current(server, checked, checks, failed,"
    " latency_ms, tcp_ms, http_ms, icmp_ms, http_code, http_bytes, fails,"
    " oks, status_since, error, metrics_at, metrics_source, metrics_error,"
    " cpu, mem, disk, net_in, net_out, tcp_conns, uptime, load1, load5,"
    " load15)"
    " SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
    " ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27"
    " FROM main.servers WHERE id = ?1"
    " ON CONFLICT (server) DO UPDATE SET checked = excluded.checked,"
    " checks = excluded.checks, failed = excluded.failed,"
    " latency_ms = excluded.latency_ms, tcp_ms = excluded.tcp_ms,"
    " http_ms = excluded.http_ms, icmp_ms = excluded.icmp_ms,"
    " http_code = excluded.http_code, http_bytes = excluded.http_bytes,"
    " fails = excluded.fails, oks = excluded.oks,"
    " status_since = excluded.status_since, error = excluded.error,"
    " metrics_at = excluded.metrics_at,"
    " metrics_source = excluded.metrics_source,"
    " metrics_error = excluded.metrics_error, cpu = excluded.cpu,"
    " mem = excluded.mem, disk = excluded.disk, net_in = excluded.net_in,"
    " net_out = excluded.net_out, tcp_conns = excluded.tcp_conns,"
    " uptime = excluded.uptime, load1 = excluded.load1,"
    " load5 = excluded.load5, load15 = excluded.load15";
static const char SQL_STATUS_SET[] =
    "UPDATE main.servers SET status = ?2 WHERE id = ?1 AND status IS NOT ?2";

int
store_probe_current_put(struct store *st, const struct probe_current *c,
                        const char *status, int *written, struct err *e)
{
    sqlite3_stmt *s;

    if (written != NULL)
        *written = 0;
    if (status != NULL && !server_state_valid(status))
        return err_set(e, ERR_INVALID, "status", "err_internal", NULL, NULL);
    if ((s = store_prep(st, SQL_CURRENT_PUT, e)) == NULL)
        return -1;
    store_bind_text(s, 1, c->server);
    sqlite3_bind_int64(s, 2, c->checked);
    sqlite3_bind_int(s, 3, c->checks);
    sqlite3_bind_int(s, 4, c->failed);
    bind_real(s, 5, c->latency_ms);
    bind_real(s, 6, c->tcp_ms);
    bind_real(s, 7, c->http_ms);
    bind_real(s, 8, c->icmp_ms);
    bind_opt_int64(s, 9, c->http_code);
    bind_opt_int64(s, 10, c->http_bytes);
    sqlite3_bind_int(s, 11, c->fails);
    sqlite3_bind_int(s, 12, c->oks);
    bind_opt_int64(s, 13, c->status_since > 0 ? c->status_since : -1);
    store_bind_text(s, 14, c->error);
    bind_opt_int64(s, 15, c->metrics_at > 0 ? c->metrics_at : -1);
    store_bind_text(s, 16, c->metrics_source);
    store_bind_text(s, 17, c->metrics_error);
    for (int i = 0; i < PM__MAX; i++) {
        if (i == PM_TCP_CONNS || i == PM_UPTIME)
            bind_count(s, 18 + i, c->m[i]);
        else
            bind_real(s, 18 + i, c->m[i]);
    }
    if (store_run(st, s, e, "probe current") < 0)
        return -1;
    if (sqlite3_changes(st->db) == 0)
        return 0; /* the server was deleted meanwhile */
    if (written != NULL)
        *written = 1;
    if (status == NULL)
        return 0;
    if ((s = store_prep(st, SQL_STATUS_SET, e)) == NULL)
        return -1;
    store_bind_text(s, 1, c->server);
    store_bind_text(s, 2, status);
    return store_run(st, s, e, "server status");
}

static double
col_real(sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL)
        return NAN;
    return sqlite3_column_double(s, col);
}

static long long
col_opt_int64(sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL)
        return -1;
    return sqlite3_column_int64(s, col);
}

static const char SQL_CURRENT_GET[] =
    "SELECT checked, checks, failed, latency_ms, tcp_ms, http_ms, icmp_ms,"
    " http_code, http_bytes, fails, oks, status_since, error, metrics_at,"
    " metrics_source, metrics_error, cpu, mem, disk, net_in, net_out,"
    " tcp_conns, uptime, load1, load5, load15"
    " FROM probe_current WHERE server = ?1";

int
store_probe_current_get(struct store *st, const char *id,
                        struct probe_current *out, struct err *e)
{
    char canon[VALID_ID_MAX + 1];
    sqlite3_stmt *s;
    int rc, ret = 0, found;

    probe_current_init(out, id);
    found = store_server_canon(st, id, canon, e);
    if (found < 0)
        return -1;
    if (found == 0)
        return err_set(e, ERR_NOT_FOUND, "id", "err_server_not_found", id,
                       NULL);
    snprintf(out->server, sizeof out->server, "%s", canon);
    if ((s = store_prep(st, SQL_CURRENT_GET, e)) == NULL)
        return -1;
    store_bind_text(s, 1, canon);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->checked = sqlite3_column_int64(s, 0);
        out->checks = sqlite3_column_int(s, 1);
        out->failed = sqlite3_column_int(s, 2);
        out->latency_ms = col_real(s, 3);
        out->tcp_ms = col_real(s, 4);
        out->http_ms = col_real(s, 5);
        out->icmp_ms = col_real(s, 6);
        out->http_code = (int)col_opt_int64(s, 7);
        out->http_bytes = col_opt_int64(s, 8);
        out->fails = sqlite3_column_int(s, 9);
        out->oks = sqlite3_column_int(s, 10);
        out->status_since = sqlite3_column_int64(s, 11);
        store_col_text(s, 12, out->error, sizeof out->error);
        out->metrics_at = sqlite3_column_int64(s, 13);
        store_col_text(s, 14, out->metrics_source, sizeof out->metrics_source);
        store_col_text(s, 15, out->metrics_error, sizeof out->metrics_error);
        for (int i = 0; i < PM__MAX; i++)
            out->m[i] = col_real(s, 16 + i);
    } else if (rc != SQLITE_DONE) {
        ret = store_fail(st, e, "probe current get");
    }
    store_done(s);
    return ret;
}

static const char SQL_CURRENT_CLEAR[] =
    "DELETE FROM main.probe_current WHERE server = ?1";

int
store_probe_current_clear(struct store *st, const char *id, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_CURRENT_CLEAR, e);
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, id);
    return store_run(st, s, e, "probe current clear");
}

/* 1 when s is 1..max-1 bytes of [a-z0-9_] (first: not a digit, when
 * name is set), or empty and allowed. */
static int
ident_ok(const char *s, size_t max, int name, int empty_ok)
{
    size_t n = strlen(s);
    if (n == 0)
        return empty_ok;
    if (n >= max || (name && s[0] >= '0' && s[0] <= '9'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '_'))
            return 0;
    return 1;
}

static const char SQL_COUNTER_SET[] =
    "INSERT INTO main.daemon_counters(family, kind, type, help, value,"
    " updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT (family, kind) DO UPDATE SET type = ?3, help = ?4,"
    " value = ?5, updated = ?6";

int
store_daemon_counter_set(struct store *st, const struct daemon_counter *c,
                         struct err *e)
{
    sqlite3_stmt *s;

    if (!ident_ok(c->family, sizeof c->family, 1, 0) ||
        !ident_ok(c->kind, sizeof c->kind, 0, 1) ||
        (strcmp(c->type, "counter") != 0 && strcmp(c->type, "gauge") != 0) ||
        isnan(c->value) || strchr(c->help, '\n') != NULL ||
        strchr(c->help, '\\') != NULL)
        return err_set(e, ERR_INVALID, "family", "err_internal", NULL, NULL);
    if ((s = store_prep(st, SQL_COUNTER_SET, e)) == NULL)
        return -1;
    store_bind_text(s, 1, c->family);
    store_bind_text(s, 2, c->kind);
    store_bind_text(s, 3, c->type);
    store_bind_text(s, 4, c->help);
    sqlite3_bind_double(s, 5, c->value);
    sqlite3_bind_int64(s, 6, c->updated ? c->updated : (long long)time(NULL));
    return store_run(st, s, e, "daemon counter");
}

static const char SQL_COUNTERS[] =
    "SELECT family, kind, type, help, value, updated FROM daemon_counters"
    " ORDER BY family, kind";

int
store_daemon_counters(struct store *st, daemon_counter_cb cb, void *ctx,
                      struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_COUNTERS, e);
    struct daemon_counter c;
    int rc;

    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        memset(&c, 0, sizeof c);
        store_col_text(s, 0, c.family, sizeof c.family);
        store_col_text(s, 1, c.kind, sizeof c.kind);
        store_col_text(s, 2, c.type, sizeof c.type);
        store_col_text(s, 3, c.help, sizeof c.help);
        c.value = sqlite3_column_double(s, 4);
        c.updated = sqlite3_column_int64(s, 5);
        int stop = cb(ctx, &c);
        if (stop != 0) {
            store_done(s);
            return stop;
        }
    }
    if (rc != SQLITE_DONE) {
        store_fail(st, e, "daemon counters");
        store_done(s);
        return -1;
    }
    store_done(s);
    return 0;
}

static const char SQL_STATE_SET[] =
    "INSERT INTO main.daemon_state(key, value, updated) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (key) DO UPDATE SET value = ?2, updated = ?3";
static const char SQL_STATE_GET[] =
    "SELECT value, updated FROM daemon_state WHERE key = ?1";

int
store_daemon_state_set(struct store *st, const char *key, const char *value,
                       struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_STATE_SET, e);
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, key);
    store_bind_text(s, 2, value ? value : "");
    sqlite3_bind_int64(s, 3, (long long)time(NULL));
    return store_run(st, s, e, "daemon state");
}

int
store_daemon_state_get(struct store *st, const char *key, char *out,
                       size_t outlen, long long *updated, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_STATE_GET, e);
    int rc, ret = 0;

    if (outlen > 0)
        out[0] = '\0';
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, key);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        store_col_text(s, 0, out, outlen);
        if (updated != NULL)
            *updated = sqlite3_column_int64(s, 1);
        ret = 1;
    } else if (rc != SQLITE_DONE) {
        ret = store_fail(st, e, "daemon state get");
    }
    store_done(s);
    return ret;
}
