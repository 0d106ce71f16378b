/* test_events_alerts.c — the change journal's 'alerts' events
 * (store_events_journal.c, docs/events.md): an alert opening, firing,
 * resolving, being acknowledged or cancelled writes one event naming its
 * server, whatever wrote it (the daemon's statements, the store's ack);
 * edits that change nothing shown, test rows and cascades from a deleted
 * server write none; the daemon's own writer is heard; a user limited
 * to some clusters reads only their servers' alert events; the event's
 * JSON; disarming drops the triggers.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <math.h>

#include <jansson.h>
#include <sqlite3.h>

#include "alert_eval.h"
#include "alert_topo.h"
#include "events_json.h"
#include "store.h"
#include "store_alert_state.h"
#include "store_alerts.h"
#include "store_events.h"
#include "store_int.h" /* sql() writes through the store's connection */
#include "store_rules.h"
#include "testfs.h"
#include "storefx.h"

static void
add(struct store *st, const char *id)
{
    storefx_add(st, id, "web");
}

/* Each test starts in a write transaction on a fresh database. */
static int
setup(void **state)
{
    return storefx_open(state, "test_evalerts");
}

/* SQL on the store's own connection (armed by store_begin), as the
 * daemon's prepared statements write. */
static void
sql(struct store *st, const char *q)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, q, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", q, msg ? msg : "?");
}

struct seen {
    char text[4096];
    size_t n;
};

static int
collect(void *ctx, const struct store_event *ev)
{
    struct seen *s = ctx;
    size_t len = strlen(s->text);
    snprintf(s->text + len, sizeof s->text - len, "%s%s:%s:%s", len ? "\n" : "",
             ev->kind, ev->id ? ev->id : "", ev->text ? ev->text : "");
    s->n++;
    return 0;
}

static void
read_after(struct store *st, long long after, struct seen *s)
{
    struct err e;
    long long last;
    memset(s, 0, sizeof *s);
    assert_int_equal(store_events_read(st, after, 10000, collect, s, &last, &e),
                     0);
}

/* The daemon's statements (store_alert_state.c): open, fire with a
 * cause, notify (clears the cause), resolve; the store's ack. */
static void
test_each_transition_writes_one_event(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct seen seen;

    add(f->st, "web1");
    add(f->st, "db1");
    long long mark = storefx_newest(f->st);
    sql(f->st, "INSERT INTO alerts (aid, rule, server, state, value, started)"
               " VALUES (1, (SELECT rid FROM rules WHERE name = 'cpu_high'),"
               " 'web1', 'pending', 91, 1000)");
    /* The daemon's re-open of a pending alert (the upsert): no change of
     * state, no event. */
    sql(f->st, "INSERT INTO alerts (rule, server, state, value, started)"
               " VALUES ((SELECT rid FROM rules WHERE name = 'cpu_high'),"
               " 'web1', 'pending', 92, 1001) ON CONFLICT (rule, server)"
               " WHERE state <> 'resolved' DO UPDATE SET"
               " state = excluded.state, value = excluded.value,"
               " started = excluded.started");
    sql(f->st, "UPDATE alerts SET state = 'firing', fired = 1300, value = 95,"
               " cause = 'db1' WHERE aid = 1");
    sql(f->st, "UPDATE alerts SET value = 96 WHERE aid = 1"); /* silent */
    sql(f->st, "UPDATE alerts SET notified = 1310, cause = NULL WHERE aid = 1");
    sql(f->st, "UPDATE alerts SET notified = 1320, cause = NULL"
               " WHERE aid = 1"); /* nothing shown changed: silent */
    assert_int_equal(store_alert_ack(f->st, 1, "admin", &e), 0);
    sql(f->st, "UPDATE alerts SET state = 'resolved', resolved = 1400,"
               " value = 50 WHERE aid = 1");
    read_after(f->st, mark, &seen);
    assert_string_equal(seen.text, "alerts:web1:pending\n"
                                   "alerts:web1:firing\n"
                                   "alerts:web1:firing\n"
                                   "alerts:web1:acknowledged\n"
                                   "alerts:web1:resolved");

    /* A pending alert cancelled (its row deleted) is news; deleting a
     * resolved one (history) is not; test rows never are. */
    mark = storefx_newest(f->st);
    sql(f->st, "INSERT INTO alerts (aid, rule, server, state, started)"
               " VALUES (2, (SELECT rid FROM rules WHERE name = 'memory_high'),"
               " 'db1', 'pending', 1500);"
               "DELETE FROM alerts WHERE aid = 2;"
               "DELETE FROM alerts WHERE aid = 1;"
               "INSERT INTO alerts (aid, rule, server, state, started, test)"
               " VALUES (3, (SELECT rid FROM rules WHERE name = 'cpu_high'),"
               " 'db1', 'firing', 1500, 1);"
               "UPDATE alerts SET state = 'resolved' WHERE aid = 3;");
    read_after(f->st, mark, &seen);
    assert_string_equal(seen.text, "alerts:db1:pending\n"
                                   "alerts:db1:cancelled");
}

/* The monitoring daemon's own writer (store_alert_load, the evaluator,
 * store_alert_write in its write transaction): a database and the web
 * server that depends on it go down for server_down's 30 s, then come
 * back. Each alert's pending, firing and resolved is one event; the
 * notification (alerts.notified) is none. */
static void
test_the_daemons_writer_is_heard(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct seen seen;
    struct ae_engine en;
    struct alert_topo topo;
    struct alert_overrides o;
    const int64_t t0 = 1700000000;
    double v[AM__COUNT];

    add(f->st, "db");
    add(f->st, "web1");
    assert_int_equal(store_conn_add(f->st, "web1", "db", "database", &e), 0);
    assert_int_equal(store_commit(f->st, &e), 0);
    long long mark = storefx_newest(f->st);
    alert_overrides_read(&o, NULL);
    memset(&en, 0, sizeof en);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    assert_int_equal(store_alert_load(f->st, &o, &en, &topo, t0, 1, &e), 0);
    assert_int_equal(store_commit(f->st, &e), 0);
    int32_t db = ae_engine_find(&en, "db"), web1 = ae_engine_find(&en, "web1");
    for (int i = 0; i < AM__COUNT; i++)
        v[i] = NAN;
    for (int round = 0; round < 2; round++) {
        int64_t from = t0 + round * 100;
        v[AM_UP] = round == 0 ? 0 : 1;
        for (int64_t t = from; t <= from + (round == 0 ? 30 : 0); t += 10) {
            ae_engine_sample(&en, (uint32_t)db, v, t, 0, round == 0, 0);
            ae_engine_sample(&en, (uint32_t)web1, v, t, 0, round == 0, 0);
        }
        ae_engine_settle(&en, from + 30);
        assert_int_equal(store_begin(f->st, 1, &e), 0);
        assert_int_equal(store_alert_write(f->st, &en, &e), 0);
        assert_int_equal(store_commit(f->st, &e), 0);
        store_alert_committed(&en);
        ae_engine_clear_out(&en);
    }
    ae_engine_free(&en);
    alert_topo_free(&topo);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    read_after(f->st, mark, &seen);
    /* The order within a round is the evaluator's; each line once. */
    assert_int_equal(seen.n, 6);
    assert_non_null(strstr(seen.text, "alerts:db:pending"));
    assert_non_null(strstr(seen.text, "alerts:web1:pending"));
    assert_non_null(strstr(seen.text, "alerts:db:firing"));
    assert_non_null(strstr(seen.text, "alerts:web1:firing"));
    assert_non_null(strstr(seen.text, "alerts:db:resolved"));
    assert_non_null(strstr(seen.text, "alerts:web1:resolved"));
}

/* A rule deleted takes its open alerts with it: their servers hear of
 * it. A server deleted says so itself: its alerts go silently. */
static void
test_cascades(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct seen seen;

    add(f->st, "web1");
    add(f->st, "web2");
    sql(f->st, "INSERT INTO alerts (rule, server, state, started) VALUES"
               " ((SELECT rid FROM rules WHERE name = 'cpu_high'), 'web1',"
               "  'firing', 1000),"
               " ((SELECT rid FROM rules WHERE name = 'memory_high'), 'web2',"
               "  'firing', 1000)");
    long long mark = storefx_newest(f->st);
    assert_int_equal(store_rule_delete(f->st, "cpu_high", &e), 0);
    read_after(f->st, mark, &seen);
    assert_string_equal(seen.text, "alerts:web1:cancelled");
    mark = storefx_newest(f->st);
    assert_int_equal(store_server_delete(f->st, "web2", &e), 0);
    read_after(f->st, mark, &seen);
    assert_string_equal(seen.text, "remove:web2:");
}

static void
test_scoped_reader_hears_of_its_servers_only(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct seen seen;
    const char *alpha[] = {"a1"}, *beta[] = {"b1"}, *only[] = {"Alpha"};
    struct store *scoped;

    add(f->st, "a1");
    add(f->st, "b1");
    add(f->st, "lone");
    assert_int_equal(store_cluster_create(f->st, "alpha", "", alpha, 1, &e), 0);
    assert_int_equal(store_cluster_create(f->st, "beta", "", beta, 1, &e), 0);
    long long mark = storefx_newest(f->st);
    sql(f->st, "INSERT INTO alerts (rule, server, state, started)"
               " SELECT rid, s.id, 'pending', 1000 FROM rules,"
               " (SELECT 'a1' AS id UNION ALL SELECT 'b1' UNION ALL"
               "  SELECT 'lone') s WHERE name = 'server_down';"
               "UPDATE alerts SET state = 'firing', fired = 1030;");
    read_after(f->st, mark, &seen);
    assert_int_equal(seen.n, 6); /* everyone's, for an unlimited reader */
    assert_int_equal(store_commit(f->st, &e), 0);

    assert_int_equal(store_open(f->path, &scoped, &e), 0);
    assert_int_equal(store_set_scope(scoped, only, 1, &e), 0);
    assert_int_equal(store_begin(scoped, 0, &e), 0);
    read_after(scoped, mark, &seen);
    assert_string_equal(seen.text, "alerts:a1:pending\n"
                                   "alerts:a1:firing");
    store_close(scoped);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
}

static void
test_event_json(void **state)
{
    struct fx *f = *state;
    struct err e;
    json_t *v;
    struct store_event ev = {
        .seq = 12, .at = 100, .kind = "alerts", .id = "web1", .text = "firing"};

    assert_int_equal(events_json(f->st, &ev, &v, &e), 0);
    assert_non_null(v);
    char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(text, "{\"at\":100,\"id\":\"web1\",\"kind\":\"alerts\","
                              "\"seq\":12,\"state\":\"firing\"}");
    free(text);
    json_decref(v);
}

/* The triggers are TEMP like the journal's others, and disarming (the
 * bulk import) drops them with the rest. */
static void
test_armed_and_disarmed_with_the_journal(void **state)
{
    struct fx *f = *state;
    struct err e;
    sqlite3_stmt *q;
    static const char count[] =
        "SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger'"
        " AND name LIKE 'events_alerts_%' AND tbl_name = 'alerts'";

    assert_int_equal(sqlite3_prepare_v2(f->st->db, count, -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 3);
    sqlite3_reset(q);
    assert_int_equal(store_events_disarm(f->st, &e), 0);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 0);
    sqlite3_finalize(q);
    assert_int_equal(store_events_arm(f->st, &e), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, storefx_teardown)
        T(test_each_transition_writes_one_event),
        T(test_the_daemons_writer_is_heard),
        T(test_cascades),
        T(test_scoped_reader_hears_of_its_servers_only),
        T(test_event_json),
        T(test_armed_and_disarmed_with_the_journal),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
