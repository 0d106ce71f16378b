/* test_store_probe.c — schema version 2 and the monitoring daemon's store
 * functions: probe settings, the walk over the estate, current values,
 * status writes, counters and facts.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "store.h"
#include "store_int.h"
#include "store_failover.h"
#include "store_probe.h"
#include "storefx.h"

static int
setup(void **state)
{
    return storefx_open(state, "test_store_probe");
}

/* |x| without libm (the unit tests link without -lm). */
static double
dabs(double x)
{
    return x < 0 ? -x : x;
}

static struct store *
st_of(void **state)
{
    return ((struct fx *)*state)->st;
}

static void
add(struct store *st, const char *id, const char *type, const char *ip,
    const char *status)
{
    struct server s = storefx_server(id, type);
    snprintf(s.ip, sizeof s.ip, "%s", ip);
    snprintf(s.status, sizeof s.status, "%s", status);
    storefx_put(st, &s);
}

static long long
stat_n(struct store *st, const char *dim, const char *key)
{
    long long n;
    struct err e;
    assert_int_equal(store_stat_get(st, dim, key, &n, &e), 0);
    return n;
}

/* ---- schema ---- */

static void
test_schema_is_version_2_with_probe_tables(void **state)
{
    struct fx *f = *state;
    sqlite3 *db;
    sqlite3_stmt *s;
    int n = 0;
    assert_true(store_schema_version(f->st) >= 2);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM sqlite_schema WHERE name IN"
                           " ('probe_settings', 'probe_current',"
                           " 'daemon_counters', 'daemon_state')",
                           -1, &s, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    assert_int_equal(n, 4);
}

/* A file made by the first release (version 1, with data) is migrated in
 * place and keeps its servers. */
static void
test_migrates_a_version_1_file(void **state)
{
    struct fx *f = *state;
    char path[160];
    sqlite3 *db;
    struct store *st;
    struct server s;
    struct probe_settings p;
    struct err e;
    (void)state;
    snprintf(path, sizeof path, "%s/v1.db", f->dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, STORE_MIGRATIONS[0], NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO servers(id, name, type, ip, status, created,"
                     " updated) VALUES ('old-1', 'old', 'web', '10.0.0.1',"
                     " 'active', 1, 1)",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(path, &st, &e), 0);
    assert_int_equal(store_schema_version(st), (int)STORE_MIGRATION_COUNT);
    assert_int_equal(store_begin(st, 1, &e), 0);
    assert_int_equal(store_server_get(st, "old-1", &s, &e), 0);
    assert_string_equal(s.status, "active");
    assert_int_equal(store_probe_settings_get(st, "old-1", &p, &e), 0);
    assert_int_equal(p.node_port, -1);
    assert_int_equal(store_commit(st, &e), 0);
    store_close(st);
}

/* ---- settings ---- */

static void
test_settings_default_when_none(void **state)
{
    struct probe_settings p;
    struct err e;
    add(st_of(state), "web-1", "web", "10.0.0.1", "");
    memset(&p, 0x55, sizeof p);
    assert_int_equal(store_probe_settings_get(st_of(state), "web-1", &p, &e),
                     0);
    assert_int_equal(p.node_port, -1);
    assert_int_equal(p.http_port, -1);
    assert_int_equal(p.http_status, -1);
    assert_string_equal(p.http_scheme, "");
    assert_string_equal(p.http_path, "");
    assert_int_equal(p.maintenance, 0);
}

static void
test_settings_round_trip(void **state)
{
    struct probe_settings p, q;
    struct err e;
    add(st_of(state), "web-1", "web", "10.0.0.1", "");
    probe_settings_default(&p);
    p.node_port = 9200;
    p.http_port = 8443;
    snprintf(p.http_scheme, sizeof p.http_scheme, "https");
    snprintf(p.http_path, sizeof p.http_path, "/healthz?full=1");
    p.http_status = 204;
    p.maintenance = 1;
    /* ids compare ignoring case, as everywhere in the store */
    assert_int_equal(store_probe_settings_set(st_of(state), "WEB-1", &p, &e),
                     0);
    assert_int_equal(store_probe_settings_get(st_of(state), "web-1", &q, &e),
                     0);
    assert_int_equal(q.node_port, 9200);
    assert_int_equal(q.http_port, 8443);
    assert_string_equal(q.http_scheme, "https");
    assert_string_equal(q.http_path, "/healthz?full=1");
    assert_int_equal(q.http_status, 204);
    assert_int_equal(q.maintenance, 1);
}

/* Settings back to their defaults keep the row while it names a standby
 * (the failover action's), and reset only the probe columns. */
static void
test_settings_default_keeps_standby(void **state)
{
    struct probe_settings p, q;
    struct err e;
    char standby[VALID_ID_MAX + 1];
    add(st_of(state), "db-1", "database", "10.0.0.1", "");
    add(st_of(state), "db-2", "database", "10.0.0.2", "");
    probe_settings_default(&p);
    p.http_status = 204;
    assert_int_equal(store_probe_settings_set(st_of(state), "db-1", &p, &e), 0);
    assert_int_equal(
        store_failover_standby_set(st_of(state), "db-1", "db-2", &e), 0);
    probe_settings_default(&p);
    assert_int_equal(store_probe_settings_set(st_of(state), "db-1", &p, &e), 0);
    assert_int_equal(store_probe_settings_get(st_of(state), "db-1", &q, &e), 0);
    assert_int_equal(q.http_status, p.http_status);
    assert_int_equal(store_failover_standby(st_of(state), "db-1", standby, &e),
                     0);
    assert_string_equal(standby, "db-2");
}

static void
test_settings_node_port_zero_turns_metrics_off(void **state)
{
    struct probe_settings p, q;
    struct err e;
    add(st_of(state), "db-1", "database", "10.0.0.2", "");
    probe_settings_default(&p);
    p.node_port = 0;
    assert_int_equal(store_probe_settings_set(st_of(state), "db-1", &p, &e), 0);
    assert_int_equal(store_probe_settings_get(st_of(state), "db-1", &q, &e), 0);
    assert_int_equal(q.node_port, 0);
}

/* Each bad field is named, and nothing is stored. */
static void
test_settings_invalid_change_nothing(void **state)
{
    static const struct {
        const char *field;
        int node, hport, status, maint;
        const char *scheme, *path;
    } bad[] = {
        {"node_port", 70000, -1, -1, 0, "", ""},
        {"http_port", -1, 0, -1, 0, "", ""},
        {"http_scheme", -1, -1, -1, 0, "file", ""},
        {"http_path", -1, -1, -1, 0, "", "healthz"},
        {"http_path", -1, -1, -1, 0, "", "/a b"},
        {"http_path", -1, -1, -1, 0, "", "/a#frag"},
        {"http_path", -1, -1, -1, 0, "", "file:///etc/passwd"},
        {"http_status", -1, -1, 99, 0, "", ""},
        {"http_status", -1, -1, 600, 0, "", ""},
        {"maintenance", -1, -1, -1, 2, "", ""},
    };
    struct probe_settings p, q;
    struct err e;
    add(st_of(state), "web-1", "web", "10.0.0.1", "");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        probe_settings_default(&p);
        p.node_port = bad[i].node;
        p.http_port = bad[i].hport;
        p.http_status = bad[i].status;
        p.maintenance = bad[i].maint;
        snprintf(p.http_scheme, sizeof p.http_scheme, "%s", bad[i].scheme);
        snprintf(p.http_path, sizeof p.http_path, "%s", bad[i].path);
        assert_int_equal(
            store_probe_settings_set(st_of(state), "web-1", &p, &e), -1);
        assert_int_equal(e.code, ERR_INVALID);
        assert_string_equal(e.field, bad[i].field);
        assert_int_equal(strncmp(e.key, "err_probe_", 10), 0);
        assert_int_equal(
            store_probe_settings_get(st_of(state), "web-1", &q, &e), 0);
        assert_int_equal(q.node_port, -1);
        assert_string_equal(q.http_path, "");
    }
}

/* The table refuses what the validator refuses, whoever writes it. */
static void
test_settings_table_checks(void **state)
{
    struct fx *f = *state;
    struct err e;
    sqlite3 *db;
    add(f->st, "web-1", "web", "10.0.0.1", "");
    assert_int_equal(store_commit(f->st, &e), 0);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db,
                     "INSERT INTO probe_settings(server, http_path, updated)"
                     " VALUES ('web-1', 'file:///etc/passwd', 0)",
                     NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db,
                     "INSERT INTO probe_settings(server, http_scheme, updated)"
                     " VALUES ('web-1', 'ftp', 0)",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
}

static void
test_settings_unknown_server(void **state)
{
    struct probe_settings p;
    struct err e;
    probe_settings_default(&p);
    assert_int_equal(store_probe_settings_set(st_of(state), "nope", &p, &e),
                     -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.key, "err_server_not_found");
    assert_int_equal(store_probe_settings_get(st_of(state), "nope", &p, &e),
                     -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void
test_maintenance_keeps_other_settings(void **state)
{
    struct probe_settings p, q;
    struct err e;
    add(st_of(state), "web-1", "web", "10.0.0.1", "");
    probe_settings_default(&p);
    p.http_status = 401;
    assert_int_equal(store_probe_settings_set(st_of(state), "web-1", &p, &e),
                     0);
    assert_int_equal(store_probe_maintenance_set(st_of(state), "web-1", 1, &e),
                     0);
    assert_int_equal(store_probe_settings_get(st_of(state), "web-1", &q, &e),
                     0);
    assert_int_equal(q.maintenance, 1);
    assert_int_equal(q.http_status, 401);
    assert_int_equal(store_probe_maintenance_set(st_of(state), "web-1", 7, &e),
                     -1);
    assert_string_equal(e.field, "maintenance");
}

/* ---- the daemon's walk ---- */

struct walk {
    int n;
    struct probe_target t[4];
};

static int
walk_cb(void *ctx, const struct probe_target *t)
{
    struct walk *w = ctx;
    if (w->n < 4)
        w->t[w->n] = *t;
    w->n++;
    return 0;
}

static void
test_targets_have_settings_rid_and_counters(void **state)
{
    struct store *st = st_of(state);
    struct probe_settings p;
    struct probe_current c;
    struct walk w = {0};
    struct err e;
    add(st, "b-db", "database", "10.0.0.2", "active");
    add(st, "a-web", "web", "10.0.0.1", "");
    probe_settings_default(&p);
    p.node_port = 9111;
    assert_int_equal(store_probe_settings_set(st, "b-db", &p, &e), 0);
    probe_current_init(&c, "b-db");
    c.checked = 100;
    c.fails = 2;
    c.status_since = 90;
    assert_int_equal(store_probe_current_put(st, &c, NULL, NULL, &e), 0);
    assert_int_equal(store_probe_targets(st, walk_cb, &w, &e), 0);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.t[0].id, "a-web");
    assert_string_equal(w.t[0].status, "unknown");
    assert_int_equal(w.t[0].set.node_port, -1);
    assert_true(w.t[0].rid > 0);
    assert_string_equal(w.t[1].id, "b-db");
    assert_string_equal(w.t[1].ip, "10.0.0.2");
    assert_int_equal(w.t[1].set.node_port, 9111);
    assert_int_equal(w.t[1].fails, 2);
    assert_int_equal(w.t[1].status_since, 90);
    assert_true(w.t[1].rid != w.t[0].rid);
}

/* ---- current values ---- */

static void
test_current_round_trip_keeps_unknowns(void **state)
{
    struct store *st = st_of(state);
    struct probe_current c, g;
    struct err e;
    int written = 0;
    add(st, "web-1", "web", "10.0.0.1", "");
    assert_int_equal(store_probe_current_get(st, "web-1", &g, &e), 0);
    assert_int_equal(g.checked, 0); /* never probed */
    probe_current_init(&c, "web-1");
    c.checked = 1700000000;
    c.checks = 4;
    c.failed = 1;
    c.latency_ms = 12.5;
    c.tcp_ms = 0.25;
    c.http_code = 200;
    c.http_bytes = 65536;
    c.fails = 0;
    c.oks = 3;
    snprintf(c.error, sizeof c.error, "tcp/8080: Connection refused");
    c.metrics_at = 1700000000;
    snprintf(c.metrics_source, sizeof c.metrics_source, "node_exporter");
    c.m[PM_MEM] = 42.25;
    c.m[PM_TCP_CONNS] = 17;
    c.m[PM_UPTIME] = 3600.4;
    assert_int_equal(store_probe_current_put(st, &c, "warning", &written, &e),
                     0);
    assert_int_equal(written, 1);
    assert_int_equal(store_probe_current_get(st, "WEB-1", &g, &e), 0);
    assert_string_equal(g.server, "web-1");
    assert_int_equal(g.checked, 1700000000);
    assert_int_equal(g.checks, 4);
    assert_int_equal(g.failed, 1);
    assert_true(dabs(g.latency_ms - 12.5) < 1e-9);
    assert_true(isnan(g.http_ms));
    assert_true(isnan(g.icmp_ms));
    assert_int_equal(g.http_code, 200);
    assert_int_equal(g.http_bytes, 65536);
    assert_int_equal(g.oks, 3);
    assert_string_equal(g.error, "tcp/8080: Connection refused");
    assert_string_equal(g.metrics_source, "node_exporter");
    assert_true(dabs(g.m[PM_MEM] - 42.25) < 1e-9);
    assert_true(dabs(g.m[PM_TCP_CONNS] - 17) < 1e-9);
    assert_true(dabs(g.m[PM_UPTIME] - 3600) < 1e-9); /* whole seconds */
    assert_true(isnan(g.m[PM_CPU]));
    assert_true(isnan(g.m[PM_LOAD15]));
}

/* The status goes to servers.status (and its counters), but the row's
 * "updated" time, which means "edited", stays. */
static void
test_current_status_updates_counters_not_updated(void **state)
{
    struct store *st = st_of(state);
    struct probe_current c;
    struct server s, s2;
    struct err e;
    add(st, "web-1", "web", "10.0.0.1", "active");
    assert_int_equal(store_server_get(st, "web-1", &s, &e), 0);
    assert_int_equal(stat_n(st, "status", "active"), 1);
    probe_current_init(&c, "web-1");
    c.checked = 5;
    assert_int_equal(store_probe_current_put(st, &c, "inactive", NULL, &e), 0);
    assert_int_equal(store_server_get(st, "web-1", &s2, &e), 0);
    assert_string_equal(s2.status, "inactive");
    assert_int_equal(s2.updated, s.updated);
    assert_int_equal(stat_n(st, "status", "active"), 0);
    assert_int_equal(stat_n(st, "status", "inactive"), 1);
    /* NULL leaves it */
    assert_int_equal(store_probe_current_put(st, &c, NULL, NULL, &e), 0);
    assert_int_equal(store_server_get(st, "web-1", &s2, &e), 0);
    assert_string_equal(s2.status, "inactive");
    /* only the four states */
    assert_int_equal(store_probe_current_put(st, &c, "maintenance", NULL, &e),
                     -1);
    assert_int_equal(e.code, ERR_INVALID);
}

/* A server deleted between the probe and the write is skipped, and its
 * rows go with it when it is deleted. */
static void
test_current_deleted_server(void **state)
{
    struct store *st = st_of(state);
    struct probe_current c;
    struct probe_settings p;
    struct walk w = {0};
    struct err e;
    int written = 1;
    add(st, "web-1", "web", "10.0.0.1", "");
    probe_settings_default(&p);
    p.maintenance = 1;
    assert_int_equal(store_probe_settings_set(st, "web-1", &p, &e), 0);
    probe_current_init(&c, "web-1");
    c.checked = 5;
    assert_int_equal(store_probe_current_put(st, &c, "active", NULL, &e), 0);
    assert_int_equal(store_server_delete(st, "web-1", &e), 0);
    probe_current_init(&c, "web-1");
    assert_int_equal(store_probe_current_put(st, &c, "active", &written, &e),
                     0);
    assert_int_equal(written, 0);
    add(st, "web-1", "web", "10.0.0.1", "");
    assert_int_equal(store_probe_targets(st, walk_cb, &w, &e), 0);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.t[0].set.maintenance, 0); /* settings went too */
    assert_int_equal(w.t[0].fails, 0);
    assert_int_equal(store_probe_current_get(st, "web-1", &c, &e), 0);
    assert_int_equal(c.checked, 0);
}

static void
test_current_clear(void **state)
{
    struct store *st = st_of(state);
    struct probe_current c;
    struct err e;
    add(st, "web-1", "web", "10.0.0.1", "");
    probe_current_init(&c, "web-1");
    c.checked = 5;
    assert_int_equal(store_probe_current_put(st, &c, NULL, NULL, &e), 0);
    assert_int_equal(store_probe_current_clear(st, "web-1", &e), 0);
    assert_int_equal(store_probe_current_get(st, "web-1", &c, &e), 0);
    assert_int_equal(c.checked, 0);
    assert_int_equal(store_probe_current_clear(st, "web-1", &e), 0);
}

/* A user limited to a cluster does not see another server's values. */
static void
test_current_scoped(void **state)
{
    struct fx *f = *state;
    struct store *st2;
    struct probe_current c;
    struct probe_settings p;
    const char *members[] = {"web-1"};
    const char *scope[] = {"mine"};
    struct err e;
    add(f->st, "web-1", "web", "10.0.0.1", "");
    add(f->st, "web-2", "web", "10.0.0.2", "");
    assert_int_equal(store_cluster_create(f->st, "mine", "", members, 1, &e),
                     0);
    probe_current_init(&c, "web-2");
    c.checked = 5;
    assert_int_equal(store_probe_current_put(f->st, &c, NULL, NULL, &e), 0);
    assert_int_equal(store_commit(f->st, &e), 0);
    st2 = storefx_scoped(f, scope, 1, 1);
    assert_int_equal(store_probe_current_get(st2, "web-1", &c, &e), 0);
    assert_int_equal(store_probe_current_get(st2, "web-2", &c, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    probe_settings_default(&p);
    p.maintenance = 1;
    assert_int_equal(store_probe_settings_set(st2, "web-2", &p, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    store_close(st2);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
}

/* ---- counters and facts ---- */

struct clist {
    int n;
    char line[8][128];
};

static int
clist_cb(void *ctx, const struct daemon_counter *c)
{
    struct clist *l = ctx;
    if (l->n < 8)
        snprintf(l->line[l->n], sizeof l->line[0], "%s{%s} %s %g", c->family,
                 c->kind, c->type, c->value);
    l->n++;
    return 0;
}

static void
counter(struct daemon_counter *c, const char *family, const char *kind,
        const char *type, double v)
{
    memset(c, 0, sizeof *c);
    snprintf(c->family, sizeof c->family, "%s", family);
    snprintf(c->kind, sizeof c->kind, "%s", kind);
    snprintf(c->type, sizeof c->type, "%s", type);
    snprintf(c->help, sizeof c->help, "help text");
    c->value = v;
}

static void
test_counters_set_replace_and_list(void **state)
{
    struct store *st = st_of(state);
    struct daemon_counter c;
    struct clist l = {0};
    struct err e;
    counter(&c, "daemon_probes_total", "tcp", "counter", 5);
    assert_int_equal(store_daemon_counter_set(st, &c, &e), 0);
    counter(&c, "daemon_probes_total", "http", "counter", 2);
    assert_int_equal(store_daemon_counter_set(st, &c, &e), 0);
    counter(&c, "daemon_queue_checks", "", "gauge", 0);
    assert_int_equal(store_daemon_counter_set(st, &c, &e), 0);
    counter(&c, "daemon_probes_total", "tcp", "counter", 9);
    assert_int_equal(store_daemon_counter_set(st, &c, &e), 0);
    assert_int_equal(store_daemon_counters(st, clist_cb, &l, &e), 0);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.line[0], "daemon_probes_total{http} counter 2");
    assert_string_equal(l.line[1], "daemon_probes_total{tcp} counter 9");
    assert_string_equal(l.line[2], "daemon_queue_checks{} gauge 0");
}

static void
test_counters_refuse_bad_names(void **state)
{
    struct store *st = st_of(state);
    struct daemon_counter c;
    struct clist l = {0};
    struct err e;
    counter(&c, "bad name", "", "gauge", 1);
    assert_int_equal(store_daemon_counter_set(st, &c, &e), -1);
    counter(&c, "ok_name", "x\"y", "gauge", 1);
    assert_int_equal(store_daemon_counter_set(st, &c, &e), -1);
    counter(&c, "ok_name", "", "histogram", 1);
    assert_int_equal(store_daemon_counter_set(st, &c, &e), -1);
    counter(&c, "ok_name", "", "gauge", NAN);
    assert_int_equal(store_daemon_counter_set(st, &c, &e), -1);
    counter(&c, "ok_name", "", "gauge", 1);
    snprintf(c.help, sizeof c.help, "two\nlines");
    assert_int_equal(store_daemon_counter_set(st, &c, &e), -1);
    assert_int_equal(store_daemon_counters(st, clist_cb, &l, &e), 0);
    assert_int_equal(l.n, 0);
}

static void
test_state_set_get(void **state)
{
    struct store *st = st_of(state);
    char v[64];
    long long upd = 0;
    struct err e;
    assert_int_equal(store_daemon_state_get(st, "pid", v, sizeof v, &upd, &e),
                     0);
    assert_string_equal(v, "");
    assert_int_equal(store_daemon_state_set(st, "pid", "4242", &e), 0);
    assert_int_equal(store_daemon_state_set(st, "icmp", "raw", &e), 0);
    assert_int_equal(store_daemon_state_set(st, "pid", "4243", &e), 0);
    assert_int_equal(store_daemon_state_get(st, "pid", v, sizeof v, &upd, &e),
                     1);
    assert_string_equal(v, "4243");
    assert_true(upd > 0);
}

/* Another connection's commit changes data_version; our own does not. */
static void
test_data_version_sees_other_connections(void **state)
{
    struct fx *f = *state;
    struct store *other;
    long long v1, v2, v3;
    struct err e;
    assert_int_equal(store_commit(f->st, &e), 0);
    assert_int_equal(store_data_version(f->st, &v1, &e), 0);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    add(f->st, "web-1", "web", "10.0.0.1", "");
    assert_int_equal(store_commit(f->st, &e), 0);
    assert_int_equal(store_data_version(f->st, &v2, &e), 0);
    assert_true(v2 == v1);
    assert_int_equal(store_open(f->path, &other, &e), 0);
    assert_int_equal(store_begin(other, 1, &e), 0);
    add(other, "web-2", "web", "10.0.0.2", "");
    assert_int_equal(store_commit(other, &e), 0);
    store_close(other);
    assert_int_equal(store_data_version(f->st, &v3, &e), 0);
    assert_true(v3 != v2);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, storefx_teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_schema_is_version_2_with_probe_tables),
        T(test_migrates_a_version_1_file),
        T(test_settings_default_when_none),
        T(test_settings_round_trip),
        T(test_settings_default_keeps_standby),
        T(test_settings_node_port_zero_turns_metrics_off),
        T(test_settings_invalid_change_nothing),
        T(test_settings_table_checks),
        T(test_settings_unknown_server),
        T(test_maintenance_keeps_other_settings),
        T(test_targets_have_settings_rid_and_counters),
        T(test_current_round_trip_keeps_unknowns),
        T(test_current_status_updates_counters_not_updated),
        T(test_current_deleted_server),
        T(test_current_clear),
        T(test_current_scoped),
        T(test_counters_set_replace_and_list),
        T(test_counters_refuse_bad_names),
        T(test_state_set_get),
        T(test_data_version_sees_other_connections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
