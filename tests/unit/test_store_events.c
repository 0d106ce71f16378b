/* test_store_events.c — the change journal (schema version 3): which
 * changes write which events, that cascades stay silent, that a user
 * limited to some clusters reads only events about them, metrics markers
 * coalesced, floods turned into one reset, pruning, the resume rule, and
 * the events' JSON.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>

#include "events_json.h"
#include "store.h"
#include "store_events.h"
#include "store_int.h" /* exec_sql writes through a store connection */
#include "store_pos.h"
#include "testfs.h"
#include "storefx.h"

/* Each test starts in a write transaction on a fresh database. */
static int
setup(void **state)
{
    return storefx_open(state, "test_events");
}

/* The events after `after` as "kind:id:peer:text" lines. */
struct seen {
    char text[8192];
    size_t n;
};

static int
collect(void *ctx, const struct store_event *ev)
{
    struct seen *s = ctx;
    size_t len = strlen(s->text);
    snprintf(s->text + len, sizeof s->text - len, "%s%s:%s:%s:%s",
             len ? "\n" : "", ev->kind, ev->id ? ev->id : "",
             ev->peer ? ev->peer : "", ev->text ? ev->text : "");
    s->n++;
    return 0;
}

static long long
read_all(struct store *st, long long after, struct seen *s)
{
    struct err e;
    long long last;
    memset(s, 0, sizeof *s);
    assert_int_equal(store_events_read(st, after, 10000, collect, s, &last, &e),
                     0);
    return last;
}

static void
test_each_change_writes_its_event(void **state)
{
    struct fx *f = *state;
    struct server s;
    struct err e;
    struct seen seen;
    const char *members[] = {"web1"};
    struct pos_move mv = {"web1", 3, 4, 1};

    storefx_add(f->st, "web1", "web");
    storefx_add(f->st, "db1", "database");
    assert_int_equal(store_server_get(f->st, "web1", &s, &e), 0);
    snprintf(s.status, sizeof s.status, "active");
    assert_int_equal(store_server_update(f->st, &s, &e), 0);
    assert_int_equal(store_pos_move(f->st, &mv, 1, &e), 0);
    snprintf(s.name, sizeof s.name, "Web One");
    s.has_pos = 1;
    s.x = 3;
    s.y = 4;
    assert_int_equal(store_server_update(f->st, &s, &e), 0);
    assert_int_equal(store_server_update(f->st, &s, &e), 0); /* no change */
    assert_int_equal(store_cluster_create(f->st, "front", "d", members, 1, &e),
                     0);
    assert_int_equal(store_cluster_update(f->st, "front", "new", &e), 0);
    assert_int_equal(store_conn_add(f->st, "web1", "db1", "database", &e), 0);
    assert_int_equal(store_conn_delete(f->st, "db1", "web1", &e), 0);
    assert_int_equal(store_cluster_remove_member(f->st, "front", "web1", &e),
                     0);
    assert_int_equal(store_cluster_delete(f->st, "front", &e), 0);
    assert_int_equal(store_server_delete(f->st, "db1", &e), 0);

    long long last = read_all(f->st, 0, &seen);
    assert_string_equal(seen.text, "add:web1::\n"
                                   "add:db1::\n"
                                   "status:web1::active\n"
                                   "move:web1::\n"
                                   "add:web1::\n"
                                   "cluster:front::d\n"
                                   "join:web1:front:\n"
                                   "cluster_info:front::new\n"
                                   "connect:web1:db1:database\n"
                                   "disconnect:web1:db1:\n"
                                   "leave:web1:front:\n"
                                   "cluster_remove:front::\n"
                                   "remove:db1::");
    assert_int_equal(last, storefx_newest(f->st));
    /* Reading on from the last seq gives nothing. */
    assert_int_equal(read_all(f->st, last, &seen), last);
    assert_int_equal(seen.n, 0);
}

static void
test_cascades_are_silent(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct seen seen;
    const char *members[] = {"a", "b"};

    storefx_add(f->st, "a", "web");
    storefx_add(f->st, "b", "web");
    assert_int_equal(store_cluster_create(f->st, "c", "", members, 2, &e), 0);
    assert_int_equal(store_conn_add(f->st, "a", "b", "http", &e), 0);
    long long mark = storefx_newest(f->st);
    assert_int_equal(store_server_delete(f->st, "a", &e), 0);
    read_all(f->st, mark, &seen);
    assert_string_equal(seen.text, "remove:a::"); /* no disconnect, leave */
    mark = storefx_newest(f->st);
    assert_int_equal(store_cluster_delete(f->st, "c", &e), 0);
    read_all(f->st, mark, &seen);
    assert_string_equal(seen.text, "cluster_remove:c::");
}

static void
test_scoped_reader_sees_its_clusters_only(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct seen seen;
    const char *alpha[] = {"a1"}, *beta[] = {"b1"};
    struct store *scoped;
    const char *only[] = {"ALPHA"};

    storefx_add(f->st, "a1", "web");
    storefx_add(f->st, "b1", "web");
    storefx_add(f->st, "lone", "web");
    assert_int_equal(store_cluster_create(f->st, "alpha", "", alpha, 1, &e), 0);
    assert_int_equal(store_cluster_create(f->st, "beta", "", beta, 1, &e), 0);
    long long mark = storefx_newest(f->st);
    struct pos_move mv[] = {
        {"a1", 1, 1, 1}, {"b1", 2, 2, 1}, {"lone", 3, 3, 1}};
    assert_int_equal(store_pos_move(f->st, mv, 3, &e), 0);
    assert_int_equal(store_conn_add(f->st, "a1", "b1", "http", &e), 0);
    assert_int_equal(store_server_delete(f->st, "b1", &e), 0);
    assert_int_equal(store_server_delete(f->st, "a1", &e), 0);
    assert_int_equal(store_commit(f->st, &e), 0);

    assert_int_equal(store_open(f->path, &scoped, &e), 0);
    assert_int_equal(store_set_scope(scoped, only, 1, &e), 0);
    assert_int_equal(store_begin(scoped, 0, &e), 0);
    long long last = read_all(scoped, 0, &seen);
    /* Before the mark: a1's creation is not visible (no cluster yet) but
     * joining alpha is; beta and b1 never are. */
    assert_string_equal(seen.text, "cluster:alpha::\n"
                                   "join:a1:alpha:\n"
                                   "move:a1::\n"
                                   "remove:a1::");
    /* The cursor passes the hidden rows too. */
    assert_int_equal(last, storefx_newest(scoped));
    assert_true(last > mark);
    store_close(scoped);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
}

/* Raw SQL on the same file, as the monitoring daemon writes. */
static void
exec_sql(const char *path, const char *sql)
{
    /* A writer of the store (the daemon's connection, say): the journal's
     * TEMP triggers are armed by its first write transaction. */
    struct store *st;
    struct err e;
    assert_int_equal(store_open(path, &st, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
    assert_int_equal(store_commit(st, &e), 0);
    store_close(st);
}

static void
test_metrics_coalesced(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct seen seen;
    char id[16];

    for (int i = 0; i < 50; i++) {
        snprintf(id, sizeof id, "s%d", i);
        storefx_add(f->st, id, "web");
    }
    assert_int_equal(store_commit(f->st, &e), 0);
    long long mark = storefx_newest(f->st);
    /* A whole round, then a second one right after. */
    exec_sql(f->path, "INSERT INTO probe_current(server, checked, cpu)"
                      " SELECT id, 1, 5 FROM servers;"
                      "UPDATE probe_current SET cpu = 6, checked = 2;");
    assert_int_equal(store_begin(f->st, 0, &e), 0);
    read_all(f->st, mark, &seen);
    assert_string_equal(seen.text, "metrics:::");
    assert_int_equal(store_commit(f->st, &e), 0);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
}

struct tally {
    size_t rows, resets;
};

static int
tally_cb(void *ctx, const struct store_event *ev)
{
    struct tally *t = ctx;
    t->rows++;
    t->resets += strcmp(ev->kind, "reset") == 0;
    return 0;
}

static void
test_flood_becomes_one_reset(void **state)
{
    struct fx *f = *state;
    struct tally t = {0, 0};
    struct err e;
    long long after = 0, last;

    /* 4500 changes stamped with the same second (what a bulk import
     * does within one second; a fixed stamp keeps the test independent of
     * the machine's speed). */
    assert_int_equal(store_commit(f->st, &e), 0);
    exec_sql(f->path, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                      " SELECT i + 1 FROM n WHERE i < 4500)"
                      " INSERT INTO events(at, kind)"
                      " SELECT unixepoch(), 'metrics' FROM n;");
    assert_int_equal(store_begin(f->st, 0, &e), 0);
    for (int round = 0; round < 100; round++, after = last) {
        assert_int_equal(
            store_events_read(f->st, after, 10000, tally_cb, &t, &last, &e), 0);
        if (last == after)
            break;
    }
    /* 2000 events, then one reset for the rest of that second. */
    assert_int_equal(t.resets, 1);
    assert_int_equal(t.rows, 2001);
}

static void
test_reset_and_gap_rules(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct seen seen;
    long long mark = storefx_newest(f->st);

    assert_int_equal(store_events_reset(f->st, &e), 0);
    read_all(f->st, mark, &seen);
    assert_string_equal(seen.text, "reset:::");
    /* since == newest: nothing missed; pruned or foreign: reset */
    assert_int_equal(store_events_gap(10, 5, 10), 0);
    assert_int_equal(store_events_gap(4, 5, 10), 0);
    assert_int_equal(store_events_gap(3, 5, 10), 1);
    assert_int_equal(store_events_gap(11, 5, 10), 1);
    assert_int_equal(store_events_gap(0, 0, 0), 0);
    assert_int_equal(store_events_gap(2, 0, 10), 1); /* all pruned */
}

static void
test_pruning_keeps_seq_growing(void **state)
{
    struct fx *f = *state;
    struct err e;
    long long oldest, last;

    assert_int_equal(store_commit(f->st, &e), 0);
    /* 300 events from an hour ago, then fresh ones up to a multiple of
     * 256, which prunes. */
    exec_sql(f->path, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                      " SELECT i + 1 FROM n WHERE i < 300)"
                      " INSERT INTO events(at, kind)"
                      " SELECT unixepoch() - 3600, 'metrics' FROM n;"
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                      " SELECT i + 1 FROM n WHERE i < 300)"
                      " INSERT INTO events(at, kind)"
                      " SELECT unixepoch(), 'metrics' FROM n;");
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    assert_int_equal(store_events_bounds(f->st, &oldest, &last, &e), 0);
    assert_int_equal(last, 600);
    assert_true(oldest > 300); /* the old ones are gone */
    assert_int_equal(store_commit(f->st, &e), 0);
    exec_sql(f->path, "DELETE FROM events;");
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    storefx_add(f->st, "after", "web");
    assert_int_equal(store_events_bounds(f->st, &oldest, &last, &e), 0);
    assert_int_equal(last, 601); /* never reused */
    assert_int_equal(oldest, 601);
}

static void
test_event_json(void **state)
{
    struct fx *f = *state;
    struct err e;
    const char *members[] = {"web1"};
    json_t *v;
    char *text;

    storefx_add(f->st, "web1", "web");
    assert_int_equal(store_cluster_create(f->st, "front", "", members, 1, &e),
                     0);
    struct store_event add_ev = {
        .seq = 7, .at = 100, .kind = "add", .id = "WEB1"};
    assert_int_equal(events_json(f->st, &add_ev, &v, &e), 0);
    text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(text,
                        "{\"at\":100,\"kind\":\"add\",\"seq\":7,\"server\":"
                        "{\"id\":\"web1\",\"ip\":\"10.0.0.1\",\"name\":"
                        "\"web1\",\"placed\":false,\"region\":null,"
                        "\"status\":\"unknown\",\"type\":\"web\",\"x\":null,"
                        "\"y\":null}}");
    free(text);
    json_decref(v);
    struct store_event join = {
        .seq = 8, .at = 100, .kind = "join", .id = "web1", .peer = "front"};
    assert_int_equal(events_json(f->st, &join, &v, &e), 0);
    assert_string_equal(
        json_string_value(json_array_get(
            json_object_get(json_object_get(v, "server"), "clusters"), 0)),
        "front");
    json_decref(v);
    struct store_event conn = {.seq = 9,
                               .at = 1,
                               .kind = "connect",
                               .id = "a",
                               .peer = "b",
                               .text = "http"};
    assert_int_equal(events_json(f->st, &conn, &v, &e), 0);
    text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(text, "{\"at\":1,\"from\":\"a\",\"kind\":\"connect\","
                              "\"seq\":9,\"to\":\"b\",\"type\":\"http\"}");
    free(text);
    json_decref(v);
    /* A server that is gone: skipped, not an error. */
    struct store_event gone = {.seq = 10, .at = 1, .kind = "add", .id = "x"};
    assert_int_equal(events_json(f->st, &gone, &v, &e), 0);
    assert_null(v);
}

/* Triggers made before a transaction outlive its rollback: the next write
 * is journalled and counted without arming again (a rollback used to make
 * every later transaction re-create them all). */
static void
test_triggers_outlive_a_rollback(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct seen s;
    long long n = -1, after = storefx_newest(f->st);
    storefx_add(f->st, "gone", "web");
    store_rollback(f->st);
    assert_int_equal(f->st->journal, 1); /* still armed */
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    storefx_add(f->st, "kept", "dns");
    assert_int_equal(store_stat_get(f->st, "servers", "", &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(store_stat_get(f->st, "type", "dns", &n, &e), 0);
    assert_int_equal(n, 1);
    read_all(f->st, after, &s);
    assert_string_equal(s.text, "add:kept::");
}

/* Triggers made inside a transaction (the bulk import re-arms there) go
 * with its rollback, and the next writer makes them again. */
static void
test_triggers_made_inside_go_with_the_rollback(void **state)
{
    struct fx *f = *state;
    struct err e;
    struct seen s;
    long long n = -1, after = storefx_newest(f->st);
    assert_int_equal(store_events_disarm(f->st, &e), 0);
    assert_int_equal(store_events_arm(f->st, &e), 0);
    assert_int_equal(f->st->journal, 2);
    store_rollback(f->st);
    assert_int_equal(f->st->journal, 0);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    assert_int_equal(f->st->journal, 1);
    storefx_add(f->st, "once", "web");
    assert_int_equal(store_stat_get(f->st, "servers", "", &n, &e), 0);
    assert_int_equal(n, 1);
    read_all(f->st, after, &s);
    assert_string_equal(s.text, "add:once::");
}

/* The schema itself keeps only the member-count triggers (version 7):
 * what every open parses. */
static void
test_schema_has_no_writer_triggers(void **state)
{
    struct fx *f = *state;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(f->st->db,
                                        "SELECT group_concat(name, ' ') FROM"
                                        " (SELECT name FROM main.sqlite_schema"
                                        " WHERE type = 'trigger' ORDER BY 1)",
                                        -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0),
                        "cluster_members_ad cluster_members_ai");
    sqlite3_finalize(q);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, storefx_teardown)
        T(test_each_change_writes_its_event),
        T(test_cascades_are_silent),
        T(test_scoped_reader_sees_its_clusters_only),
        T(test_metrics_coalesced),
        T(test_flood_becomes_one_reset),
        T(test_reset_and_gap_rules),
        T(test_pruning_keeps_seq_growing),
        T(test_event_json),
        T(test_triggers_outlive_a_rollback),
        T(test_triggers_made_inside_go_with_the_rollback),
        T(test_schema_has_no_writer_triggers),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
