/* test_store_alerts.c — alerts as people see them: active list with root
 * cause and dependants, filters, counts, per-server badges, history
 * paging, acknowledge, silences, test-fire, and a user limited to
 * clusters seeing only their servers' alerts.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "alert_action.h"
#include "store.h"
#include "store_alerts.h"
#include "storefx.h"

/* A server named "<id> name", so a row's server_name shows it was read. */
static void
add(struct store *st, const char *id, const char *type)
{
    struct server s = storefx_server(id, type);
    snprintf(s.name, sizeof s.name, "%s name", id);
    storefx_put(st, &s);
}

/* What the daemon would have written: db-1 down (critical, the root),
 * web-1..3 with high cpu caused by it, cache-1 pending, one resolved. */
static const char SEED[] =
    "INSERT INTO alerts(aid, rule, server, state, value, started, fired,"
    " cause) VALUES"
    " (1, (SELECT rid FROM rules WHERE name = 'server_down'), 'db-1',"
    "  'firing', 0, 1000, 1030, NULL),"
    " (2, (SELECT rid FROM rules WHERE name = 'cpu_high'), 'web-1',"
    "  'firing', 95, 1001, 1301, 'db-1'),"
    " (3, (SELECT rid FROM rules WHERE name = 'cpu_high'), 'web-2',"
    "  'firing', 96, 1002, 1302, 'db-1'),"
    " (4, (SELECT rid FROM rules WHERE name = 'cpu_high'), 'web-3',"
    "  'firing', 97, 1003, 1303, 'db-1'),"
    " (5, (SELECT rid FROM rules WHERE name = 'memory_high'), 'cache-1',"
    "  'pending', 88, 1004, NULL, NULL),"
    " (6, (SELECT rid FROM rules WHERE name = 'memory_high'), 'web-1',"
    "  'resolved', 70, 900, 950, NULL);"
    "INSERT INTO alert_log(at, alert, rule, server, event, value) VALUES"
    " (1000, 1, 'server_down', 'db-1', 'pending', 0),"
    " (1030, 1, 'server_down', 'db-1', 'firing', 0),"
    " (1301, 2, 'cpu_high', 'web-1', 'firing', 95),"
    " (1302, 3, 'cpu_high', 'web-2', 'suppressed', 96),"
    " (1303, 4, 'cpu_high', 'web-3', 'suppressed', 97);";

static int
setup(void **state)
{
    struct fx *f;
    struct err e;
    const char *front[] = {"web-1"}, *back[] = {"db-1", "web-2"};
    storefx_open(state, "test_alerts");
    f = *state;
    add(f->st, "db-1", "database");
    add(f->st, "web-1", "web");
    add(f->st, "web-2", "web");
    add(f->st, "web-3", "web");
    add(f->st, "cache-1", "cache");
    assert_int_equal(store_cluster_create(f->st, "front", "", front, 1, &e), 0);
    assert_int_equal(store_cluster_create(f->st, "back", "", back, 2, &e), 0);
    assert_int_equal(store_commit(f->st, &e), 0);
    storefx_sql(f, SEED);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    return 0;
}

struct seen {
    int n;
    char ids[16][160];
    struct alert_row rows[16];
};

static int
collect(void *ctx, const struct alert_row *a)
{
    struct seen *s = ctx;
    if (s->n < 16) {
        snprintf(s->ids[s->n], sizeof s->ids[0], "%s/%s", a->rule, a->server);
        s->rows[s->n] = *a;
    }
    s->n++;
    return 0;
}

static void
test_active_list_orders_and_explains(void **state)
{
    struct fx *f = *state;
    struct seen s = {0};
    struct err e;
    assert_int_equal(store_alert_list(f->st, NULL, collect, &s, &e), 0);
    assert_int_equal(s.n, 5); /* the resolved one is not active */
    assert_string_equal(s.ids[0], "server_down/db-1"); /* critical first */
    assert_int_equal(s.rows[0].dependants, 3);
    assert_string_equal(s.rows[0].cause, "");
    assert_string_equal(s.rows[0].server_name, "db-1 name");
    assert_string_equal(s.ids[1], "cpu_high/web-1");
    assert_string_equal(s.rows[1].cause, "db-1");
    assert_string_equal(s.rows[1].severity, "warning");
    assert_string_equal(s.ids[4], "memory_high/cache-1"); /* pending last */
    assert_string_equal(s.rows[4].state, "pending");
}

static void
test_filters(void **state)
{
    struct fx *f = *state;
    struct seen s = {0};
    struct err e;
    struct alert_filter flt = {.state = "pending"};
    assert_int_equal(store_alert_list(f->st, &flt, collect, &s, &e), 0);
    assert_int_equal(s.n, 1);
    memset(&s, 0, sizeof s);
    flt = (struct alert_filter){.severity = "critical"};
    assert_int_equal(store_alert_list(f->st, &flt, collect, &s, &e), 0);
    assert_int_equal(s.n, 1);
    memset(&s, 0, sizeof s);
    flt = (struct alert_filter){.server = "WEB-2"};
    assert_int_equal(store_alert_list(f->st, &flt, collect, &s, &e), 0);
    assert_int_equal(s.n, 1);
    flt = (struct alert_filter){.state = "resolved"};
    assert_int_equal(store_alert_list(f->st, &flt, collect, &s, &e), -1);
    assert_string_equal(e.field, "state");
    flt = (struct alert_filter){.severity = "loud"};
    assert_int_equal(store_alert_list(f->st, &flt, collect, &s, &e), -1);
    assert_string_equal(e.field, "severity");
}

static int
collect_name(void *ctx, const char *server)
{
    struct seen *s = ctx;
    snprintf(s->ids[s->n++], sizeof s->ids[0], "%s", server);
    return 0;
}

static void
test_dependants_and_counts(void **state)
{
    struct fx *f = *state;
    struct seen s = {0};
    struct alert_counts c;
    struct err e;
    assert_int_equal(
        store_alert_dependants(f->st, "db-1", collect_name, &s, &e), 0);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.ids[0], "web-1");
    assert_string_equal(s.ids[2], "web-3");
    assert_int_equal(store_alert_counts(f->st, &c, &e), 0);
    assert_int_equal(c.firing, 4);
    assert_int_equal(c.pending, 1);
    assert_int_equal(c.firing_critical, 1);
    assert_int_equal(c.firing_warning, 3);
    assert_int_equal(c.root_causes, 1);
}

struct badges {
    int n;
    long long db_firing;
    int db_root, web_root;
};

static int
badge(void *ctx, const char *server, long long firing, int is_root)
{
    struct badges *b = ctx;
    b->n++;
    if (strcmp(server, "db-1") == 0) {
        b->db_firing = firing;
        b->db_root = is_root;
    }
    if (strcmp(server, "web-1") == 0)
        b->web_root = is_root;
    return 0;
}

static void
test_by_server_marks_root_cause(void **state)
{
    struct fx *f = *state;
    struct badges b = {0};
    struct err e;
    assert_int_equal(store_alert_by_server(f->st, badge, &b, &e), 0);
    assert_int_equal(b.n, 5);
    assert_int_equal(b.db_firing, 1);
    assert_int_equal(b.db_root, 1);
    assert_int_equal(b.web_root, 0);
}

struct logs {
    int n;
    long long ids[16];
    char events[16][16];
};

static int
collect_log(void *ctx, const struct alert_log_row *l)
{
    struct logs *s = ctx;
    if (s->n < 16) {
        s->ids[s->n] = l->id;
        snprintf(s->events[s->n], sizeof s->events[0], "%s", l->event);
    }
    s->n++;
    return 0;
}

static void
test_history_pages_newest_first(void **state)
{
    struct fx *f = *state;
    struct logs s = {0};
    struct err e;
    long long next;
    assert_int_equal(store_alert_history(f->st, 0, 2, NULL, NULL, collect_log,
                                         &s, &next, &e),
                     0);
    assert_int_equal(s.n, 2);
    assert_true(s.ids[0] > s.ids[1]);
    assert_string_equal(s.events[0], "suppressed");
    assert_int_equal(next, s.ids[1]);
    long long last = s.ids[1];
    memset(&s, 0, sizeof s);
    assert_int_equal(store_alert_history(f->st, next, 10, NULL, NULL,
                                         collect_log, &s, &next, &e),
                     0);
    assert_int_equal(s.n, 3);
    assert_true(s.ids[0] < last);
    assert_int_equal(next, 0);
    memset(&s, 0, sizeof s);
    assert_int_equal(store_alert_history(f->st, 0, 10, "db-1", NULL,
                                         collect_log, &s, &next, &e),
                     0);
    assert_int_equal(s.n, 2);
    assert_int_equal(store_alert_history(f->st, 0, 0, NULL, NULL, collect_log,
                                         &s, &next, &e),
                     -1);
    assert_string_equal(e.field, "limit");
}

static void
test_ack_once_and_logged(void **state)
{
    struct fx *f = *state;
    struct alert_row a;
    struct logs s = {0};
    struct err e;
    long long next;
    assert_int_equal(store_alert_ack(f->st, 2, "alice", &e), 0);
    assert_int_equal(store_alert_get(f->st, 2, &a, &e), 0);
    assert_string_equal(a.acked_by, "alice");
    assert_true(a.acked_at > 0);
    assert_int_equal(store_alert_ack(f->st, 2, "bob", &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.key, "alert_err_acked");
    assert_int_equal(store_alert_ack(f->st, 6, "bob", &e), -1);
    assert_string_equal(e.key, "alert_err_resolved");
    assert_int_equal(store_alert_ack(f->st, 99, "bob", &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(store_alert_ack(f->st, 3, "", &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(store_alert_history(f->st, 0, 1, NULL, NULL, collect_log,
                                         &s, &next, &e),
                     0);
    assert_string_equal(s.events[0], "acknowledged");
}

static int
collect_silence(void *ctx, const struct silence *v)
{
    struct seen *s = ctx;
    snprintf(s->ids[s->n++], sizeof s->ids[0], "%s/%s", v->rule, v->server);
    return 0;
}

static void
test_silences(void **state)
{
    struct fx *f = *state;
    struct silence v;
    struct seen s = {0};
    struct err e;
    memset(&v, 0, sizeof v);
    snprintf(v.by, sizeof v.by, "alice");
    assert_int_equal(store_silence_add(f->st, &v, 3600, &e), -1);
    assert_string_equal(e.key, "alert_err_silence_what");
    snprintf(v.rule, sizeof v.rule, "CPU_HIGH");
    assert_int_equal(store_silence_add(f->st, &v, 30, &e), -1);
    assert_string_equal(e.field, "duration");
    assert_int_equal(store_silence_add(f->st, &v, 31 * 86400LL, &e), -1);
    assert_int_equal(store_silence_add(f->st, &v, 3600, &e), 0);
    assert_string_equal(v.rule, "cpu_high");
    long long first = v.id;
    assert_true(v.until >= (long long)time(NULL) + 3599);
    memset(&v, 0, sizeof v);
    snprintf(v.by, sizeof v.by, "alice");
    snprintf(v.server, sizeof v.server, "WEB-1");
    assert_int_equal(store_silence_add(f->st, &v, 7200, &e), 0);
    assert_string_equal(v.server, "web-1");
    snprintf(v.rule, sizeof v.rule, "nope");
    assert_int_equal(store_silence_add(f->st, &v, 7200, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.field, "rule");
    assert_int_equal(store_silence_list(f->st, collect_silence, &s, &e), 0);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.ids[0], "cpu_high/");
    assert_string_equal(s.ids[1], "/web-1");
    assert_int_equal(store_silence_delete(f->st, first, &e), 0);
    assert_int_equal(store_silence_delete(f->st, first, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    memset(&s, 0, sizeof s);
    assert_int_equal(store_silence_list(f->st, collect_silence, &s, &e), 0);
    assert_int_equal(s.n, 1);
}

static void
test_test_fire_records_outcome(void **state)
{
    struct fx *f = *state;
    struct alert_action_conf conf;
    struct alert_test_result res;
    struct rule r;
    struct logs s = {0};
    struct err e;
    long long next;
    alert_action_conf_default(&conf);
    assert_int_equal(store_rule_get(f->st, "cpu_high", &r, &e), 0);
    snprintf(r.action, sizeof r.action, "record");
    assert_int_equal(
        store_alert_test(f->st, &conf, &r, NULL, "alice", &res, &e), 0);
    assert_int_equal(res.ran, 0);
    assert_int_equal(res.ok, 1);
    assert_int_equal(store_alert_history(f->st, 0, 1, NULL, NULL, collect_log,
                                         &s, &next, &e),
                     0);
    assert_string_equal(s.events[0], "test");
    assert_int_equal(
        store_alert_test(f->st, &conf, &r, "ghost", "alice", &res, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.field, "server");
    snprintf(r.scope, sizeof r.scope, "type");
    snprintf(r.scope_value, sizeof r.scope_value, "dns");
    assert_int_equal(
        store_alert_test(f->st, &conf, &r, NULL, "alice", &res, &e), -1);
    assert_string_equal(e.key, "rule_err_no_server");
}

static void
test_scoped_user_sees_own_servers_only(void **state)
{
    struct fx *f = *state;
    struct store *st;
    struct seen s = {0};
    struct logs l = {0};
    struct silence v;
    struct alert_counts c;
    struct err e;
    long long next;
    const char *only[] = {"front"};
    assert_int_equal(store_commit(f->st, &e), 0);
    st = storefx_scoped(f, only, 1, 1);
    assert_int_equal(store_alert_list(st, NULL, collect, &s, &e), 0);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.ids[0], "cpu_high/web-1");
    assert_int_equal(store_alert_counts(st, &c, &e), 0);
    assert_int_equal(c.firing, 1);
    assert_int_equal(
        store_alert_history(st, 0, 100, NULL, NULL, collect_log, &l, &next, &e),
        0);
    assert_int_equal(l.n, 1);
    assert_int_equal(store_alert_ack(st, 1, "eve", &e), -1); /* db-1 hidden */
    assert_int_equal(e.code, ERR_NOT_FOUND);
    memset(&v, 0, sizeof v);
    snprintf(v.by, sizeof v.by, "eve");
    snprintf(v.rule, sizeof v.rule, "cpu_high");
    assert_int_equal(store_silence_add(st, &v, 3600, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    snprintf(v.server, sizeof v.server, "db-1");
    assert_int_equal(store_silence_add(st, &v, 3600, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    snprintf(v.server, sizeof v.server, "web-1");
    assert_int_equal(store_silence_add(st, &v, 3600, &e), 0);
    store_close(st);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, storefx_teardown)
        T(test_active_list_orders_and_explains),
        T(test_filters),
        T(test_dependants_and_counts),
        T(test_by_server_marks_root_cause),
        T(test_history_pages_newest_first),
        T(test_ack_once_and_logged),
        T(test_silences),
        T(test_test_fire_records_outcome),
        T(test_scoped_user_sees_own_servers_only),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
