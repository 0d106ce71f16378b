/* test_alert_eval.c — the alert state machine (fires once after for_s,
 * cancels, hysteresis at the clear level, hold_s anti-flap, forecast
 * rules, missing values), the engine (sample times, suppression through
 * the topology, silences, damping, maintenance, late notifications) and
 * the store side (loading rules with scopes and Module Config overrides,
 * writing transitions into alerts and alert_log).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "alert_eval.h"
#include "store_alert_state.h"
#include "store_int.h"
#include "testfs.h"

#define T0 1700000000LL

static struct ae_cond
cond(enum alert_op op, double thr, double clr, int for_s, int hold_s)
{
    struct ae_cond c = {AM_CPU, op, thr, clr, for_s, hold_s, 0};
    return c;
}

static struct ae_slot
slot0(void)
{
    struct ae_slot s;
    memset(&s, 0, sizeof s);
    s.cause = -1;
    s.holt = -1;
    return s;
}

/* ---- the state machine ---- */

static void
test_fires_once_after_duration(void **state)
{
    struct ae_cond c = cond(AO_GT, 80, NAN, 60, 0);
    struct ae_slot s = slot0();
    int fired = 0;
    (void)state;
    assert_int_equal(ae_step(&c, &s, T0, 70, NULL), AE_EV_NONE);
    assert_int_equal(ae_step(&c, &s, T0 + 15, 85, NULL), AE_EV_PENDING);
    for (int i = 2; i <= 20; i++) {
        enum ae_event ev = ae_step(&c, &s, T0 + 15 * i, 90, NULL);
        if (ev == AE_EV_FIRING) {
            fired++;
            /* pending since T0 + 15: fires at the first sample 60 s on */
            assert_int_equal(T0 + 15 * i, T0 + 75);
        } else
            assert_int_equal(ev, AE_EV_NONE);
    }
    assert_int_equal(fired, 1);
    assert_int_equal(s.state, AE_FIRING);
    assert_int_equal(s.since, T0 + 15);
    assert_int_equal(s.fired, T0 + 75);
}

static void
test_zero_duration_fires_at_once(void **state)
{
    struct ae_cond c = cond(AO_LT, 1, NAN, 0, 0);
    struct ae_slot s = slot0();
    (void)state;
    c.metric = AM_UP;
    assert_int_equal(ae_step(&c, &s, T0, 1, NULL), AE_EV_NONE);
    assert_int_equal(ae_step(&c, &s, T0 + 1, 0, NULL), AE_EV_FIRING);
    assert_int_equal(ae_step(&c, &s, T0 + 2, 0, NULL), AE_EV_NONE);
    assert_int_equal(ae_step(&c, &s, T0 + 3, 1, NULL), AE_EV_RESOLVED);
}

static void
test_pending_cancelled(void **state)
{
    struct ae_cond c = cond(AO_GT, 80, NAN, 60, 0);
    struct ae_slot s = slot0();
    (void)state;
    assert_int_equal(ae_step(&c, &s, T0, 81, NULL), AE_EV_PENDING);
    assert_int_equal(ae_step(&c, &s, T0 + 30, 81, NULL), AE_EV_NONE);
    assert_int_equal(ae_step(&c, &s, T0 + 45, 80, NULL), AE_EV_CANCELLED);
    assert_int_equal(s.state, AE_INACTIVE);
    /* a new episode starts over */
    assert_int_equal(ae_step(&c, &s, T0 + 60, 81, NULL), AE_EV_PENDING);
    assert_int_equal(ae_step(&c, &s, T0 + 105, 81, NULL), AE_EV_NONE);
    assert_int_equal(ae_step(&c, &s, T0 + 120, 81, NULL), AE_EV_FIRING);
}

static void
test_no_flap_around_threshold(void **state)
{
    /* Values alternate just above and below the threshold. */
    struct ae_cond c = cond(AO_GT, 80, 70, 60, 0);
    struct ae_slot s = slot0();
    int counts[6] = {0};
    (void)state;
    for (int i = 0; i < 100; i++)
        counts[ae_step(&c, &s, T0 + 15 * i, i % 2 ? 79 : 81, NULL)]++;
    /* with a duration: pending and cancelled, never firing */
    assert_int_equal(counts[AE_EV_FIRING], 0);
    /* without a duration it fires once and, the clear level being 70,
     * stays firing */
    c.for_s = 0;
    s = slot0();
    memset(counts, 0, sizeof counts);
    for (int i = 0; i < 100; i++)
        counts[ae_step(&c, &s, T0 + 15 * i, i % 2 ? 79 : 81, NULL)]++;
    assert_int_equal(counts[AE_EV_FIRING], 1);
    assert_int_equal(counts[AE_EV_RESOLVED], 0);
    assert_int_equal(s.state, AE_FIRING);
}

static void
test_resolves_at_clear_level(void **state)
{
    struct ae_cond c = cond(AO_GT, 80, 70, 0, 0);
    struct ae_slot s = slot0();
    (void)state;
    assert_int_equal(ae_step(&c, &s, T0, 90, NULL), AE_EV_FIRING);
    assert_int_equal(ae_step(&c, &s, T0 + 15, 79, NULL), AE_EV_NONE);
    assert_int_equal(ae_step(&c, &s, T0 + 30, 70.5, NULL), AE_EV_NONE);
    assert_int_equal(ae_step(&c, &s, T0 + 45, 70, NULL), AE_EV_RESOLVED);
    /* no clear level: the threshold clears */
    c.clear_at = NAN;
    s = slot0();
    assert_int_equal(ae_step(&c, &s, T0, 90, NULL), AE_EV_FIRING);
    assert_int_equal(ae_step(&c, &s, T0 + 15, 80, NULL), AE_EV_RESOLVED);
    /* the other way round: memory free < 10, clear at 20 */
    c = cond(AO_LT, 10, 20, 0, 0);
    s = slot0();
    assert_int_equal(ae_step(&c, &s, T0, 5, NULL), AE_EV_FIRING);
    assert_int_equal(ae_step(&c, &s, T0 + 15, 15, NULL), AE_EV_NONE);
    assert_int_equal(ae_step(&c, &s, T0 + 30, 20, NULL), AE_EV_RESOLVED);
}

static void
test_hold_keeps_firing(void **state)
{
    struct ae_cond c = cond(AO_GT, 80, 70, 0, 120);
    struct ae_slot s = slot0();
    (void)state;
    assert_int_equal(ae_step(&c, &s, T0, 90, NULL), AE_EV_FIRING);
    assert_int_equal(ae_step(&c, &s, T0 + 15, 50, NULL), AE_EV_NONE);
    assert_int_equal(ae_step(&c, &s, T0 + 30, 90, NULL), AE_EV_NONE);
    assert_int_equal(ae_step(&c, &s, T0 + 105, 50, NULL), AE_EV_NONE);
    assert_int_equal(ae_step(&c, &s, T0 + 120, 50, NULL), AE_EV_RESOLVED);
}

static void
test_missing_values_change_nothing(void **state)
{
    struct ae_cond c = cond(AO_GT, 80, NAN, 30, 0);
    struct ae_slot s = slot0();
    (void)state;
    assert_int_equal(ae_step(&c, &s, T0, 90, NULL), AE_EV_PENDING);
    assert_int_equal(ae_step(&c, &s, T0 + 15, NAN, NULL), AE_EV_NONE);
    assert_int_equal(s.state, AE_PENDING);
    assert_int_equal(ae_step(&c, &s, T0 + 30, 90, NULL), AE_EV_FIRING);
}

static void
test_forecast_rule_fires_before_crossing(void **state)
{
    struct ae_cond c = cond(AO_GT, 90, 80, 0, 0);
    struct ae_slot s = slot0();
    struct holt h;
    int fired_at = -1;
    (void)state;
    c.metric = AM_DISK;
    c.predict_s = 3600; /* act when predicted to cross within the hour */
    holt_init(&h);
    /* disk 50 % growing 0.01 %/s: 90 % at T0 + 4000 */
    for (int i = 0; i < 300 && fired_at < 0; i++) {
        int64_t t = T0 + 15 * i;
        double v = 50 + 0.01 * (double)(t - T0);
        holt_update(&h, t, v, FORECAST_ALPHA, FORECAST_BETA);
        if (ae_step(&c, &s, t, v, &h) == AE_EV_FIRING)
            fired_at = (int)(t - T0);
    }
    /* fires at the first sample within an hour of 4000 s (400 s), with
     * the predicted crossing near T0 + 4000 */
    assert_true(fired_at >= 390 && fired_at <= 420);
    assert_true(llabs(s.predicted - (T0 + 4000)) <= 5);
    /* it clears once the forecast no longer reaches the clear level: a
     * falling disk */
    int resolved = 0;
    for (int i = 0; i < 200 && !resolved; i++) {
        int64_t t = T0 + 500 + 15 * i;
        double v = 55 - 0.01 * 15 * i;
        holt_update(&h, t, v, FORECAST_ALPHA, FORECAST_BETA);
        resolved = ae_step(&c, &s, t, v, &h) == AE_EV_RESOLVED;
    }
    assert_true(resolved);
}

/* ---- the engine ---- */

/* Servers db, web1..web3 (web depends on db), and lone; rules: 0 "down"
 * up < 1 for 30 s; 1 "cpu" cpu > 80 clear 70 for 0. */
static void
engine_make(struct ae_engine *en, struct alert_topo *topo)
{
    static const char *const ids[] = {"db", "web1", "web2", "web3", "lone"};
    static const char *const types[] = {"database", "web", "web", "web", "web"};
    static const struct topo_edge e[] = {
        {1, 0, "database"}, {0, 2, "standard"}, {3, 0, "database"}};
    assert_int_equal(ae_engine_init(en, 5, 2), 0);
    for (int i = 0; i < 5; i++) {
        snprintf(en->servers[i].id, sizeof en->servers[i].id, "%s", ids[i]);
        snprintf(en->servers[i].type, sizeof en->servers[i].type, "%s",
                 types[i]);
        en->servers[i].rid = i + 1;
    }
    en->rules[0].rid = 10;
    snprintf(en->rules[0].name, sizeof en->rules[0].name, "down");
    en->rules[0].c = cond(AO_LT, 1, NAN, 30, 0);
    en->rules[0].c.metric = AM_UP;
    en->rules[1].rid = 11;
    snprintf(en->rules[1].name, sizeof en->rules[1].name, "cpu");
    en->rules[1].c = cond(AO_GT, 80, 70, 0, 0);
    ae_engine_index(en);
    for (uint32_t si = 0; si < 5; si++)
        for (uint16_t ri = 0; ri < 2; ri++)
            assert_int_equal(ae_engine_add_slot(en, si, ri), 0);
    assert_int_equal(alert_topo_build(topo, 5, types, e, 3), 0);
    en->topo = topo;
    en->notify_interval_s = 300;
}

static void
feed(struct ae_engine *en, uint32_t si, int64_t t, double up, double cpu)
{
    double v[AM__COUNT];
    for (int i = 0; i < AM__COUNT; i++)
        v[i] = NAN;
    v[AM_UP] = up;
    v[AM_CPU] = cpu;
    ae_engine_sample(en, si, v, t, t, up == 0, 0);
}

static size_t
count(const struct ae_engine *en, enum ae_event ev, int notify)
{
    size_t n = 0;
    for (size_t i = 0; i < en->nout; i++)
        n += en->out[i].event == ev &&
             (notify < 0 || en->out[i].notify == notify);
    return n;
}

static void
test_engine_one_notification_for_an_outage(void **state)
{
    struct ae_engine en;
    struct alert_topo topo;
    const char *deps[8];
    (void)state;
    engine_make(&en, &topo);
    assert_int_equal(ae_engine_find(&en, "WEB2"), 2);
    assert_int_equal(ae_engine_find(&en, "nope"), -1);
    /* everyone up, then the database and its three web servers down */
    for (uint32_t si = 0; si < 5; si++)
        feed(&en, si, T0, 1, 10);
    for (int64_t t = T0 + 10; t <= T0 + 60; t += 10)
        for (uint32_t si = 0; si < 4; si++)
            feed(&en, si, t, 0, 10);
    ae_engine_settle(&en, T0 + 60);
    assert_int_equal(count(&en, AE_EV_PENDING, -1), 4);
    assert_int_equal(count(&en, AE_EV_FIRING, -1), 4);
    assert_int_equal(count(&en, AE_EV_FIRING, 1), 1);
    for (size_t i = 0; i < en.nout; i++) {
        const struct ae_transition *t = &en.out[i];
        if (t->event != AE_EV_FIRING)
            continue;
        uint32_t si = en.slots[t->slot].server;
        if (si == 0) {
            assert_int_equal(t->notify, 1);
            assert_int_equal(t->cause, -1);
        } else {
            assert_int_equal(t->suppressed, 1);
            assert_int_equal(t->cause, 0);
        }
    }
    assert_int_equal(ae_engine_dependants(&en, 0, deps, 8), 3);
    assert_string_equal(deps[0], "web1");
    assert_string_equal(deps[2], "web3");
    ae_engine_clear_out(&en);
    /* the same samples again (a batch written twice) change nothing */
    for (uint32_t si = 0; si < 4; si++)
        feed(&en, si, T0 + 60, 0, 10);
    assert_int_equal(en.nout, 0);
    /* all back: the database's resolution notifies, the webs' do not */
    for (uint32_t si = 0; si < 4; si++)
        feed(&en, si, T0 + 70, 1, 10);
    ae_engine_settle(&en, T0 + 70);
    assert_int_equal(count(&en, AE_EV_RESOLVED, -1), 4);
    assert_int_equal(count(&en, AE_EV_RESOLVED, 1), 1);
    ae_engine_free(&en);
    alert_topo_free(&topo);
}

static void
test_engine_root_waits_for_dependants(void **state)
{
    struct ae_engine en;
    struct alert_topo topo;
    const char *deps[8];
    (void)state;
    engine_make(&en, &topo);
    /* the database and two web servers down from T0, the third from
     * T0 + 20: when the database fires (T0 + 30) web3 is still pending */
    for (int64_t t = T0; t <= T0 + 30; t += 10) {
        for (uint32_t si = 0; si < 3; si++)
            feed(&en, si, t, 0, 10);
        feed(&en, 3, t, t >= T0 + 20 ? 0 : 1, 10);
        ae_engine_settle(&en, t);
    }
    assert_int_equal(count(&en, AE_EV_FIRING, 1), 0);
    for (size_t i = 0; i < en.nout; i++)
        if (en.out[i].event == AE_EV_FIRING &&
            en.slots[en.out[i].slot].server == 0)
            assert_int_equal(en.out[i].grouping, 1);
    ae_engine_clear_out(&en);
    for (int64_t t = T0 + 40; t <= T0 + 50; t += 10) {
        for (uint32_t si = 0; si < 4; si++)
            feed(&en, si, t, 0, 10);
        ae_engine_settle(&en, t);
    }
    /* web3 fired (suppressed) at T0 + 50; the database's notice goes
     * with all three */
    assert_int_equal(count(&en, AE_EV_NOTIFY, 1), 1);
    assert_int_equal(count(&en, AE_EV_FIRING, 1), 0);
    assert_int_equal(ae_engine_dependants(&en, 0, deps, 8), 3);
    ae_engine_free(&en);
    alert_topo_free(&topo);
}

static void
test_engine_lone_server_notifies(void **state)
{
    struct ae_engine en;
    struct alert_topo topo;
    (void)state;
    engine_make(&en, &topo);
    /* a web server down while its database is fine: its own alert */
    feed(&en, 1, T0, 0, 10);
    feed(&en, 1, T0 + 30, 0, 10);
    ae_engine_settle(&en, T0 + 30);
    assert_int_equal(count(&en, AE_EV_FIRING, 1), 1);
    ae_engine_free(&en);
    alert_topo_free(&topo);
}

static void
test_engine_silence_then_late_notice(void **state)
{
    struct ae_engine en;
    struct alert_topo topo;
    struct ae_silence q = {1, 4, T0 + 100}; /* cpu on lone until +100 */
    (void)state;
    engine_make(&en, &topo);
    en.silences = malloc(sizeof q);
    en.silences[0] = q;
    en.nsilences = 1;
    feed(&en, 4, T0, 1, 95);
    ae_engine_settle(&en, T0);
    assert_int_equal(count(&en, AE_EV_FIRING, 0), 1);
    assert_int_equal(en.out[0].silenced, 1);
    ae_engine_clear_out(&en);
    ae_engine_settle(&en, T0 + 50);
    assert_int_equal(en.nout, 0);
    ae_engine_settle(&en, T0 + 100); /* the silence ended, still firing */
    assert_int_equal(count(&en, AE_EV_NOTIFY, 1), 1);
    ae_engine_clear_out(&en);
    ae_engine_settle(&en, T0 + 200);
    assert_int_equal(en.nout, 0);
    ae_engine_free(&en);
    alert_topo_free(&topo);
}

static void
test_engine_damping(void **state)
{
    struct ae_engine en;
    struct alert_topo topo;
    (void)state;
    engine_make(&en, &topo);
    feed(&en, 4, T0, 1, 95);
    ae_engine_settle(&en, T0);
    feed(&en, 4, T0 + 10, 1, 50);
    ae_engine_settle(&en, T0 + 10);
    feed(&en, 4, T0 + 20, 1, 95); /* fires again 20 s later */
    ae_engine_settle(&en, T0 + 20);
    assert_int_equal(count(&en, AE_EV_FIRING, -1), 2);
    assert_int_equal(count(&en, AE_EV_FIRING, 1), 1);
    assert_int_equal(count(&en, AE_EV_RESOLVED, 1), 1);
    assert_int_equal(en.out[2].damped, 1);
    ae_engine_clear_out(&en);
    ae_engine_settle(&en, T0 + 299);
    assert_int_equal(en.nout, 0);
    ae_engine_settle(&en, T0 + 300); /* one interval after the first */
    assert_int_equal(count(&en, AE_EV_NOTIFY, 1), 1);
    ae_engine_free(&en);
    alert_topo_free(&topo);
}

static void
test_engine_cause_recovers(void **state)
{
    struct ae_engine en;
    struct alert_topo topo;
    (void)state;
    engine_make(&en, &topo);
    for (int64_t t = T0; t <= T0 + 30; t += 10) {
        feed(&en, 0, t, 0, 10);
        feed(&en, 1, t, 0, 10);
    }
    ae_engine_settle(&en, T0 + 30);
    assert_int_equal(count(&en, AE_EV_FIRING, 1), 1);
    ae_engine_clear_out(&en);
    /* the database comes back, web1 stays down: after a grace of the
     * rule's for_s (at least 30 s) web1 is its own problem */
    feed(&en, 0, T0 + 40, 1, 10);
    feed(&en, 1, T0 + 40, 0, 10);
    ae_engine_settle(&en, T0 + 40);
    assert_int_equal(count(&en, AE_EV_NOTIFY, -1), 0);
    ae_engine_clear_out(&en);
    ae_engine_settle(&en, T0 + 69);
    assert_int_equal(en.nout, 0);
    ae_engine_settle(&en, T0 + 70);
    assert_int_equal(count(&en, AE_EV_NOTIFY, 1), 1);
    assert_int_equal(en.slots[en.out[0].slot].server, 1);
    ae_engine_free(&en);
    alert_topo_free(&topo);
}

static void
test_engine_maintenance_ends_episodes(void **state)
{
    struct ae_engine en;
    struct alert_topo topo;
    double v[AM__COUNT];
    (void)state;
    engine_make(&en, &topo);
    feed(&en, 4, T0, 0, 95); /* cpu firing (notified), down pending */
    ae_engine_settle(&en, T0);
    ae_engine_clear_out(&en);
    for (int i = 0; i < AM__COUNT; i++)
        v[i] = NAN;
    ae_engine_sample(&en, 4, v, T0 + 10, T0 + 10, 0, 1);
    assert_int_equal(count(&en, AE_EV_CANCELLED, -1), 1);
    assert_int_equal(count(&en, AE_EV_RESOLVED, 1), 1);
    assert_int_equal(en.servers[4].open, 0);
    ae_engine_clear_out(&en);
    feed(&en, 4, T0 + 20, 1, 95); /* back from maintenance */
    assert_int_equal(count(&en, AE_EV_FIRING, -1), 1);
    ae_engine_free(&en);
    alert_topo_free(&topo);
}

static void
test_engine_carry_keeps_models(void **state)
{
    struct ae_engine a, b;
    struct alert_topo ta, tb;
    (void)state;
    engine_make(&a, &ta);
    engine_make(&b, &tb);
    feed(&a, 2, T0 + 5, 1, 10);
    a.slots[a.servers[2].first + 1].notified = T0 + 3;
    ae_engine_carry(&b, &a);
    assert_int_equal(b.servers[2].t_checked, T0 + 5);
    assert_int_equal(b.slots[b.servers[2].first + 1].notified, T0 + 3);
    ae_engine_free(&a);
    ae_engine_free(&b);
    alert_topo_free(&ta);
    alert_topo_free(&tb);
}

static void
test_scope_match(void **state)
{
    struct ae_server s;
    const char *cl[] = {"prod", "eu"};
    (void)state;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "web-1");
    snprintf(s.type, sizeof s.type, "web");
    snprintf(s.region, sizeof s.region, "eu-west");
    assert_true(ae_scope_match("all", "", &s, NULL, 0));
    assert_true(ae_scope_match("type", "WEB", &s, NULL, 0));
    assert_false(ae_scope_match("type", "database", &s, NULL, 0));
    assert_true(ae_scope_match("region", "eu-west", &s, NULL, 0));
    assert_true(ae_scope_match("server", "Web-1", &s, NULL, 0));
    assert_true(ae_scope_match("cluster", "eu", &s, cl, 2));
    assert_false(ae_scope_match("cluster", "us", &s, cl, 2));
    assert_false(ae_scope_match("bogus", "", &s, NULL, 0));
}

/* ---- the store ---- */

struct db {
    char dir[64];
    char path[128];
    struct store *st;
};

static void
sql(struct store *st, const char *text)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, text, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("%s: %s", text, msg ? msg : "?");
}

static long long
num(struct store *st, const char *text)
{
    sqlite3_stmt *s;
    long long v = -1;
    assert_int_equal(sqlite3_prepare_v2(st->db, text, -1, &s, NULL), SQLITE_OK);
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static void
db_open(struct db *d)
{
    struct err e;
    assert_int_equal(testfs_mkdtemp(d->dir, sizeof d->dir, "uc-alerts"), 0);
    snprintf(d->path, sizeof d->path, "%s/cluster.db", d->dir);
    assert_int_equal(store_open(d->path, &d->st, &e), 0);
    sql(d->st,
        "INSERT INTO servers (id, name, type, ip, region, created, updated)"
        " VALUES ('db', 'db', 'database', '10.0.0.1', 'eu', 1, 1),"
        " ('web1', 'web1', 'web', '10.0.0.2', 'eu', 1, 1),"
        " ('web2', 'web2', 'web', '10.0.0.3', 'us', 1, 1);"
        "INSERT INTO connections (from_id, to_id, type, created) VALUES"
        " ('web1', 'db', 'database', 1), ('db', 'web2', 'standard', 1);"
        "INSERT INTO clusters (name, created, updated) VALUES ('shop', 1, 1);"
        "INSERT INTO cluster_members VALUES ('shop', 'web2');"
        "INSERT INTO rules (name, metric, op, threshold, scope, scope_value,"
        " created, updated) VALUES"
        " ('eu_latency', 'latency', '>', 100, 'region', 'eu', 1, 1),"
        " ('shop_load', 'load', '>', 4, 'cluster', 'shop', 1, 1);");
}

static void
db_close(struct db *d)
{
    store_close(d->st);
    assert_int_equal(testfs_rmtree(d->dir), 0);
}

static void
test_store_load_scopes_and_overrides(void **state)
{
    struct db d;
    struct ae_engine en;
    struct alert_topo topo;
    struct alert_overrides o;
    struct cfgmap m = {0};
    struct err e;
    (void)state;
    db_open(&d);
    assert_int_equal(cfgmap_set(&m, "cpu_threshold", "90"), 0);
    assert_int_equal(cfgmap_set(&m, "cpu_for", "2m"), 0);
    assert_int_equal(cfgmap_set(&m, "down_for", "45"), 0);
    assert_int_equal(cfgmap_set(&m, "mem_for", "soon"), 0); /* ignored */
    alert_overrides_read(&o, &m);
    cfgmap_free(&m);
    memset(&en, 0, sizeof en);
    assert_int_equal(store_begin(d.st, 1, &e), 0);
    assert_int_equal(store_alert_load(d.st, &o, &en, &topo, T0, 1, &e), 0);
    assert_int_equal(store_commit(d.st, &e), 0);
    assert_int_equal(en.nservers, 3);
    assert_int_equal(en.nrules, 5); /* 3 shipped + 2 */
    /* shipped: every server; eu_latency: db, web1; shop_load: web2 */
    assert_int_equal(en.nslots, 3 * 3 + 2 + 1);
    for (size_t i = 0; i < en.nrules; i++) {
        const struct ae_rule *r = &en.rules[i];
        if (strcmp(r->name, "cpu_high") == 0) {
            assert_true(r->c.threshold == 90);
            assert_true(r->c.clear_at == 80); /* moved with it */
            assert_int_equal(r->c.for_s, 120);
            assert_int_equal(r->action, AA_SCALE_UP);
        } else if (strcmp(r->name, "memory_high") == 0) {
            assert_true(r->c.threshold == 85);
            assert_int_equal(r->c.for_s, 180); /* stored value kept */
        } else if (strcmp(r->name, "server_down") == 0) {
            assert_int_equal(r->c.for_s, 45);
            assert_int_equal(r->c.metric, AM_UP);
        }
    }
    int32_t web1 = ae_engine_find(&en, "web1");
    int32_t web2 = ae_engine_find(&en, "web2");
    int32_t db = ae_engine_find(&en, "db");
    assert_int_equal(en.servers[web2].n, 4);
    assert_string_equal(en.servers[web2].cluster, "shop");
    uint8_t down[3] = {0};
    down[db] = 1;
    assert_int_equal(alert_topo_root(&topo, (uint32_t)web1, down), db);
    assert_int_equal(alert_topo_root(&topo, (uint32_t)web2, down), db);
    ae_engine_free(&en);
    alert_topo_free(&topo);
    db_close(&d);
    int s;
    assert_int_equal(alert_duration_parse("1h", &s), 0);
    assert_int_equal(s, 3600);
    assert_int_equal(alert_duration_parse("2d", &s), -1);
    assert_int_equal(alert_duration_parse("m", &s), -1);
    assert_int_equal(alert_duration_parse("5 m", &s), -1);
}

static void
test_store_writes_transitions(void **state)
{
    struct db d;
    struct ae_engine en;
    struct alert_topo topo;
    struct alert_overrides o;
    struct err e;
    (void)state;
    db_open(&d);
    alert_overrides_read(&o, NULL);
    memset(&en, 0, sizeof en);
    en.notify_interval_s = 300;
    assert_int_equal(store_begin(d.st, 1, &e), 0);
    assert_int_equal(store_alert_load(d.st, &o, &en, &topo, T0, 1, &e), 0);
    assert_int_equal(store_commit(d.st, &e), 0);
    int32_t db = ae_engine_find(&en, "db"), web1 = ae_engine_find(&en, "web1");
    /* db and web1 down for 30 s (server_down: for 30 s) */
    double v[AM__COUNT];
    for (int i = 0; i < AM__COUNT; i++)
        v[i] = NAN;
    v[AM_UP] = 0;
    for (int64_t t = T0; t <= T0 + 30; t += 10) {
        ae_engine_sample(&en, (uint32_t)db, v, t, 0, 1, 0);
        ae_engine_sample(&en, (uint32_t)web1, v, t, 0, 1, 0);
    }
    ae_engine_settle(&en, T0 + 30);
    assert_int_equal(store_begin(d.st, 1, &e), 0);
    assert_int_equal(store_alert_write(d.st, &en, &e), 0);
    assert_int_equal(store_commit(d.st, &e), 0);
    store_alert_committed(&en);
    ae_engine_clear_out(&en);
    assert_int_equal(
        num(d.st, "SELECT count(*) FROM alerts WHERE state = 'firing'"), 2);
    assert_int_equal(num(d.st, "SELECT count(*) FROM alerts WHERE server ="
                               " 'web1' AND cause = 'db' AND notified IS"
                               " NULL"),
                     1);
    assert_int_equal(num(d.st, "SELECT count(*) FROM alerts WHERE server ="
                               " 'db' AND cause IS NULL AND notified = "
                               "1700000030"),
                     1);
    assert_int_equal(num(d.st, "SELECT count(*) FROM alert_log WHERE"
                               " event = 'notified'"),
                     1);
    assert_int_equal(num(d.st, "SELECT count(*) FROM alert_log WHERE"
                               " event = 'notified' AND server = 'db' AND"
                               " detail LIKE '%1 dependant: web1%'"),
                     1);
    assert_int_equal(num(d.st, "SELECT count(*) FROM alert_log WHERE"
                               " event = 'suppressed' AND server = 'web1'"),
                     1);
    assert_int_equal(num(d.st, "SELECT count(*) FROM alert_log WHERE"
                               " event IN ('pending', 'firing')"),
                     4);
    /* a reload finds the open alerts again, suppressed one included */
    struct ae_engine en2;
    struct alert_topo topo2;
    memset(&en2, 0, sizeof en2);
    assert_int_equal(store_begin(d.st, 1, &e), 0);
    assert_int_equal(store_alert_load(d.st, &o, &en2, &topo2, T0 + 40, 0, &e),
                     0);
    assert_int_equal(store_commit(d.st, &e), 0);
    struct ae_slot *s1 = ae_engine_slot(&en2, (uint32_t)web1, en.rules[0].rid);
    int32_t r_down = -1;
    for (size_t i = 0; i < en2.nrules; i++)
        if (strcmp(en2.rules[i].name, "server_down") == 0)
            r_down = (int32_t)i;
    s1 = ae_engine_slot(&en2, (uint32_t)web1, en2.rules[r_down].rid);
    assert_non_null(s1);
    assert_int_equal(s1->state, AE_FIRING);
    assert_int_equal(s1->cause, db);
    assert_true(s1->aid > 0);
    /* both back up: two resolutions, one notified */
    ae_engine_carry(&en2, &en);
    v[AM_UP] = 1;
    ae_engine_sample(&en2, (uint32_t)db, v, T0 + 50, 0, 0, 0);
    ae_engine_sample(&en2, (uint32_t)web1, v, T0 + 50, 0, 0, 0);
    ae_engine_settle(&en2, T0 + 50);
    assert_int_equal(store_begin(d.st, 1, &e), 0);
    assert_int_equal(store_alert_write(d.st, &en2, &e), 0);
    assert_int_equal(store_commit(d.st, &e), 0);
    assert_int_equal(num(d.st,
                         "SELECT count(*) FROM alerts WHERE state = 'resolved'"
                         " AND resolved = 1700000050"),
                     2);
    assert_int_equal(num(d.st, "SELECT count(*) FROM alert_log WHERE"
                               " event = 'notified'"),
                     2);
    ae_engine_free(&en);
    ae_engine_free(&en2);
    alert_topo_free(&topo);
    alert_topo_free(&topo2);
    db_close(&d);
}

static void
test_store_orphans_resolved(void **state)
{
    struct db d;
    struct ae_engine en;
    struct alert_topo topo;
    struct alert_overrides o;
    struct err e;
    (void)state;
    db_open(&d);
    alert_overrides_read(&o, NULL);
    /* an open alert of eu_latency on web2 (not in its scope) */
    sql(d.st, "INSERT INTO alerts (rule, server, state, started) SELECT rid,"
              " 'web2', 'firing', 5 FROM rules WHERE name = 'eu_latency'");
    memset(&en, 0, sizeof en);
    assert_int_equal(store_begin(d.st, 1, &e), 0);
    assert_int_equal(store_alert_load(d.st, &o, &en, &topo, T0, 1, &e), 0);
    assert_int_equal(store_commit(d.st, &e), 0);
    assert_int_equal(
        num(d.st, "SELECT count(*) FROM alerts WHERE state = 'resolved'"), 1);
    assert_int_equal(num(d.st, "SELECT count(*) FROM alert_log WHERE"
                               " event = 'resolved' AND server = 'web2'"),
                     1);
    ae_engine_free(&en);
    alert_topo_free(&topo);
    db_close(&d);
}

static void
test_store_server_deleted_meanwhile(void **state)
{
    struct db d;
    struct ae_engine en;
    struct alert_topo topo;
    struct alert_overrides o;
    struct err e;
    double v[AM__COUNT];
    (void)state;
    db_open(&d);
    alert_overrides_read(&o, NULL);
    memset(&en, 0, sizeof en);
    assert_int_equal(store_begin(d.st, 1, &e), 0);
    assert_int_equal(store_alert_load(d.st, &o, &en, &topo, T0, 1, &e), 0);
    assert_int_equal(store_commit(d.st, &e), 0);
    for (int i = 0; i < AM__COUNT; i++)
        v[i] = NAN;
    v[AM_UP] = 0;
    int32_t web1 = ae_engine_find(&en, "web1");
    int32_t web2 = ae_engine_find(&en, "web2");
    /* web1 pending and written; then web1 and web2 deleted by a user
     * while web1 fires and web2 goes pending */
    ae_engine_sample(&en, (uint32_t)web1, v, T0, 0, 1, 0);
    ae_engine_settle(&en, T0);
    assert_int_equal(store_begin(d.st, 1, &e), 0);
    assert_int_equal(store_alert_write(d.st, &en, &e), 0);
    assert_int_equal(store_commit(d.st, &e), 0);
    store_alert_committed(&en);
    ae_engine_clear_out(&en);
    sql(d.st, "DELETE FROM servers WHERE id IN ('web1', 'web2')");
    ae_engine_sample(&en, (uint32_t)web1, v, T0 + 40, 0, 1, 0);
    ae_engine_sample(&en, (uint32_t)web2, v, T0 + 40, 0, 1, 0);
    ae_engine_settle(&en, T0 + 40);
    assert_true(en.nout >= 2);
    /* the write goes through: nothing to record for deleted servers */
    assert_int_equal(store_begin(d.st, 1, &e), 0);
    assert_int_equal(store_alert_write(d.st, &en, &e), 0);
    assert_int_equal(store_commit(d.st, &e), 0);
    for (size_t i = 0; i < en.nout; i++) {
        assert_int_equal(en.out[i].aid, 0);
        assert_int_equal(en.out[i].notify, 0);
    }
    assert_int_equal(num(d.st, "SELECT count(*) FROM alerts"), 0);
    ae_engine_free(&en);
    alert_topo_free(&topo);
    db_close(&d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fires_once_after_duration),
        cmocka_unit_test(test_zero_duration_fires_at_once),
        cmocka_unit_test(test_pending_cancelled),
        cmocka_unit_test(test_no_flap_around_threshold),
        cmocka_unit_test(test_resolves_at_clear_level),
        cmocka_unit_test(test_hold_keeps_firing),
        cmocka_unit_test(test_missing_values_change_nothing),
        cmocka_unit_test(test_forecast_rule_fires_before_crossing),
        cmocka_unit_test(test_engine_one_notification_for_an_outage),
        cmocka_unit_test(test_engine_root_waits_for_dependants),
        cmocka_unit_test(test_engine_lone_server_notifies),
        cmocka_unit_test(test_engine_silence_then_late_notice),
        cmocka_unit_test(test_engine_damping),
        cmocka_unit_test(test_engine_cause_recovers),
        cmocka_unit_test(test_engine_maintenance_ends_episodes),
        cmocka_unit_test(test_engine_carry_keeps_models),
        cmocka_unit_test(test_scope_match),
        cmocka_unit_test(test_store_load_scopes_and_overrides),
        cmocka_unit_test(test_store_writes_transitions),
        cmocka_unit_test(test_store_orphans_resolved),
        cmocka_unit_test(test_store_server_deleted_meanwhile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
