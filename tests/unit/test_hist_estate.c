/* test_hist_estate.c — aggregates across servers on a real history written
 * through the hist API: mean, sum, lowest, highest, median and 95th
 * percentile per bucket, buckets without data, ranges over a day boundary
 * (1 h and 5 min roll-ups and raw), servers without history, the even
 * sample, and bad queries.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "hist.h"
#include "hist_estate.h"
#include "testfs.h"

/* 2027-01-15 00:00:00 UTC: a day boundary. */
#define DAY0 ((int64_t)1799971200)

struct fx {
    char dir[64];
    struct hist *r; /* reader over what setup wrote */
};

/* Servers 1..20: cpu = rid every 60 s from DAY0 - 2 h to DAY0 + 2 h
 * (across midnight); server 1 also has a spike of 100 at DAY0 + 30 s.
 * Server 3 has net_in = 1000, server 4 net_in = 500 over the same time.
 * Server 99 has nothing. */
static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct hist_options o = {.flush_seconds = -1};
    struct hist_options ro = {.readonly = 1};
    struct hist *w;
    struct err e;
    assert_non_null(f);
    assert_int_equal(testfs_mkdtemp(f->dir, sizeof f->dir, "test_estate"), 0);
    assert_int_equal(hist_open(f->dir, &o, &w, &e), 0);
    for (int64_t ts = DAY0 - 7200; ts < DAY0 + 7200; ts += 60)
        for (int64_t rid = 1; rid <= 20; rid++) {
            assert_int_equal(hist_append(w, rid, HIST_CPU, ts, (double)rid, &e),
                             0);
            if (rid == 1 && ts == DAY0)
                assert_int_equal(
                    hist_append(w, rid, HIST_CPU, ts + 30, 100.0, &e), 0);
            if (rid == 3 || rid == 4)
                assert_int_equal(hist_append(w, rid, HIST_NET_IN, ts,
                                             rid == 3 ? 1000.0 : 500.0, &e),
                                 0);
        }
    /* Closing flushes: the hours that ended are sealed with roll-ups, the
       last one stays in the log, and the reader sees both. */
    assert_int_equal(hist_close(w, &e), 0);
    assert_int_equal(hist_open(f->dir, &ro, &f->r, &e), 0);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    struct err e;
    hist_close(f->r, &e);
    testfs_rmtree(f->dir);
    free(f);
    return 0;
}

static struct hist_estate_point pts[HIST_ESTATE_BUCKETS_MAX];

static size_t
run(struct fx *f, const int64_t *rids, size_t n, enum hist_metric m,
    int64_t from, int64_t to, int64_t step)
{
    struct err e;
    struct hist_estate_query q = {.rids = rids,
                                  .nrids = n,
                                  .metric = m,
                                  .from = from,
                                  .to = to,
                                  .step = step,
                                  .out = pts,
                                  .cap = HIST_ESTATE_BUCKETS_MAX};
    assert_int_equal(hist_estate_query(f->r, &q, &e), 0);
    assert_int_equal(q.failed, 0);
    return q.n;
}

static void
test_hourly_aggregates(void **state)
{
    struct fx *f = *state;
    int64_t rids[20];
    for (int i = 0; i < 20; i++)
        rids[i] = i + 1;
    size_t n = run(f, rids, 20, HIST_CPU, DAY0 - 7200, DAY0 + 7200, 3600);
    assert_int_equal(n, 4);
    /* An hour without the spike: means 1..20. */
    assert_int_equal(pts[0].ts, DAY0 - 7200);
    assert_int_equal(pts[0].servers, 20);
    assert_true(fabs(pts[0].mean - 10.5) < 1e-9);
    assert_true(fabs(pts[0].sum - 210) < 1e-9);
    assert_true(fabs(pts[0].min - 1) < 1e-9);
    assert_true(fabs(pts[0].max - 20) < 1e-9);
    assert_true(fabs(pts[0].p50 - 10) < 1e-9); /* nearest rank: 10th */
    assert_true(fabs(pts[0].p95 - 19) < 1e-9); /* 19th of 20 */
    /* After midnight (another partition): the spike is the highest sample
       and moves server 1's mean, not the others'. */
    assert_int_equal(pts[2].ts, DAY0);
    assert_int_equal(pts[2].servers, 20);
    assert_true(fabs(pts[2].max - 100) < 1e-9);
    double m1 = (60 * 1.0 + 100) / 61;
    assert_true(fabs(pts[2].sum - (209 + m1)) < 1e-6);
    assert_true(fabs(pts[3].max - 20) < 1e-9);
}

static void
test_five_minutes_and_raw_agree(void **state)
{
    struct fx *f = *state;
    int64_t rids[] = {2, 5, 11};
    size_t n = run(f, rids, 3, HIST_CPU, DAY0 - 600, DAY0 + 600, 300);
    assert_int_equal(n, 4);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(pts[i].ts, DAY0 - 600 + (int64_t)i * 300);
        assert_int_equal(pts[i].servers, 3);
        assert_true(fabs(pts[i].mean - 6) < 1e-9);
        assert_true(fabs(pts[i].p50 - 5) < 1e-9);
        assert_true(fabs(pts[i].p95 - 11) < 1e-9);
    }
    /* The open last hour (from the log) at 1 min: raw samples. */
    n = run(f, rids, 3, HIST_CPU, DAY0 + 7200 - 600, DAY0 + 7200, 60);
    assert_int_equal(n, 10);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(pts[i].servers, 3);
        assert_true(fabs(pts[i].sum - 18) < 1e-9);
    }
}

static void
test_empty_buckets_and_missing_servers(void **state)
{
    struct fx *f = *state;
    int64_t rids[] = {3, 4, 99};
    /* Two hours before the data, then its first hour. */
    size_t n = run(f, rids, 3, HIST_NET_IN, DAY0 - 4 * 3600, DAY0 - 3600, 3600);
    assert_int_equal(n, 3);
    assert_int_equal(pts[0].servers, 0);
    assert_true(isnan(pts[0].mean) && isnan(pts[0].sum) && isnan(pts[0].max));
    assert_int_equal(pts[1].servers, 0);
    /* Server 99 has no history: only the two others count. */
    assert_int_equal(pts[2].servers, 2);
    assert_true(fabs(pts[2].sum - 1500) < 1e-9);
    assert_true(fabs(pts[2].mean - 750) < 1e-9);
    assert_true(fabs(pts[2].min - 500) < 1e-9);
    /* No server at all: every bucket empty, no error. */
    n = run(f, NULL, 0, HIST_NET_IN, DAY0, DAY0 + 3600, 300);
    assert_int_equal(n, 12);
    assert_int_equal(pts[11].servers, 0);
}

static void
test_from_rounded_down(void **state)
{
    struct fx *f = *state;
    int64_t rids[] = {7};
    size_t n = run(f, rids, 1, HIST_CPU, DAY0 + 100, DAY0 + 900, 300);
    assert_int_equal(n, 3);
    assert_int_equal(pts[0].ts, DAY0);
    assert_true(fabs(pts[2].mean - 7) < 1e-9);
}

static void
test_bad_queries(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t rids[] = {1};
    struct hist_estate_query q = {.rids = rids,
                                  .nrids = 1,
                                  .metric = HIST_CPU,
                                  .from = DAY0,
                                  .to = DAY0 + 3600,
                                  .step = 7, /* does not divide a day */
                                  .out = pts,
                                  .cap = HIST_ESTATE_BUCKETS_MAX};
    assert_int_equal(hist_estate_query(f->r, &q, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "step");
    q.step = 60;
    q.to = DAY0 + 30 * 86400; /* 43,200 buckets */
    assert_int_equal(hist_estate_query(f->r, &q, &e), -1);
    assert_string_equal(e.field, "step");
    q.to = DAY0 + 3600;
    q.cap = 10; /* 60 buckets do not fit */
    assert_int_equal(hist_estate_query(f->r, &q, &e), -1);
    q.cap = HIST_ESTATE_BUCKETS_MAX;
    q.to = DAY0;
    assert_int_equal(hist_estate_query(f->r, &q, &e), -1);
    assert_string_equal(e.field, "from");
    q.to = DAY0 + 3600;
    q.metric = HIST_METRIC__MAX;
    assert_int_equal(hist_estate_query(f->r, &q, &e), -1);
    assert_string_equal(e.field, "metric");
}

static void
test_bad_rid_is_counted(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t rids[] = {0, 5};
    struct hist_estate_query q = {.rids = rids,
                                  .nrids = 2,
                                  .metric = HIST_CPU,
                                  .from = DAY0,
                                  .to = DAY0 + 3600,
                                  .step = 3600,
                                  .out = pts,
                                  .cap = HIST_ESTATE_BUCKETS_MAX};
    assert_int_equal(hist_estate_query(f->r, &q, &e), 0);
    assert_int_equal(q.failed, 1);
    assert_int_equal(pts[0].servers, 1);
    assert_true(fabs(pts[0].mean - 5) < 1e-9);
}

/* Per-server totals: the same whichever path reads the buckets. */
static void
test_per_server_totals(void **state)
{
    struct fx *f = *state;
    struct err e;
    int64_t rids[] = {1, 3, 99};
    struct hist_estate_server per[3];
    for (int recent_path = 0; recent_path < 2; recent_path++) {
        struct hist_estate_query q = {.rids = rids,
                                      .nrids = 3,
                                      .metric = HIST_CPU,
                                      .from = DAY0 - 7200,
                                      .to = DAY0 + 7200,
                                      .step = 3600,
                                      .out = pts,
                                      .cap = HIST_ESTATE_BUCKETS_MAX,
                                      .per_server = per,
                                      /* far after the data: the roll-ups;
                                         before it: hist_query */
                                      .now = recent_path ? DAY0 - 86400
                                                         : DAY0 + 30 * 86400};
        assert_int_equal(hist_estate_query(f->r, &q, &e), 0);
        assert_int_equal(per[0].n, 241); /* 240 samples and the spike */
        assert_true(fabs(per[0].sum - 340) < 1e-6);
        assert_true(fabs(per[0].max - 100) < 1e-9);
        assert_int_equal(per[1].n, 240);
        assert_true(fabs(per[1].sum / per[1].n - 3) < 1e-9);
        assert_true(fabs(per[1].max - 3) < 1e-9);
        assert_int_equal(per[2].n, 0);
    }
}

/* The roll-up path and the hist_query path give the same buckets. */
static void
test_rollup_path_matches_query_path(void **state)
{
    struct fx *f = *state;
    static struct hist_estate_point a[HIST_ESTATE_BUCKETS_MAX];
    int64_t rids[20];
    int64_t steps[] = {300, 3600, 10800};
    for (int i = 0; i < 20; i++)
        rids[i] = i + 1;
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        struct err e;
        struct hist_estate_query q = {.rids = rids,
                                      .nrids = 20,
                                      .metric = HIST_CPU,
                                      .from = DAY0 - 3 * 3600,
                                      .to = DAY0 + 3 * 3600,
                                      .step = steps[k],
                                      .out = a,
                                      .cap = HIST_ESTATE_BUCKETS_MAX,
                                      .now = DAY0 - 86400};
        assert_int_equal(hist_estate_query(f->r, &q, &e), 0);
        q.out = pts;
        q.now = DAY0 + 30 * 86400;
        assert_int_equal(hist_estate_query(f->r, &q, &e), 0);
        for (size_t i = 0; i < q.n; i++) {
            assert_int_equal(a[i].servers, pts[i].servers);
            if (a[i].servers == 0)
                continue;
            assert_true(fabs(a[i].mean - pts[i].mean) < 1e-9);
            assert_true(fabs(a[i].sum - pts[i].sum) < 1e-9);
            assert_true(fabs(a[i].max - pts[i].max) < 1e-9);
            assert_true(fabs(a[i].min - pts[i].min) < 1e-9);
            assert_true(fabs(a[i].p95 - pts[i].p95) < 1e-9);
        }
    }
}

static void
test_sample_even(void **state)
{
    int64_t v[10];
    (void)state;
    for (int i = 0; i < 10; i++)
        v[i] = 100 + i;
    assert_int_equal(hist_estate_sample(v, 10, 20), 10);
    assert_int_equal(v[9], 109);
    assert_int_equal(hist_estate_sample(v, 10, 5), 5);
    int64_t want[] = {100, 102, 104, 106, 108};
    for (int i = 0; i < 5; i++)
        assert_int_equal(v[i], want[i]);
    for (int i = 0; i < 10; i++)
        v[i] = i;
    assert_int_equal(hist_estate_sample(v, 10, 3), 3);
    assert_int_equal(v[0], 0);
    assert_int_equal(v[1], 3);
    assert_int_equal(v[2], 6);
    assert_int_equal(hist_estate_sample(v, 10, 0), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hourly_aggregates, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_five_minutes_and_raw_agree, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_buckets_and_missing_servers,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_from_rounded_down, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bad_queries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_rid_is_counted, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_per_server_totals, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rollup_path_matches_query_path,
                                        setup, teardown),
        cmocka_unit_test(test_sample_even),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
