/* test_hist.c — the metrics history on real files: values round-trip
 * within the resolution, duplicate and out-of-order samples are dropped,
 * steps choose the right roll-up and every level gives the same
 * aggregates, readers see flushed data only, limits and bad input.
 * (Retention: test_hist_retain.c; crashes: test_hist_crash.c.)
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "hist.h"
#include "testfs.h"

/* 2027-01-15 00:00:00 UTC: a day boundary. */
#define DAY0   ((int64_t)1799971200)
#define MAXPTS 20000

struct fx {
    char dir[64];
    struct hist *w; /* writer, automatic flushing off */
};

struct got {
    struct hist_point p[MAXPTS];
    size_t n;
    size_t stop_after; /* 0: never stop */
};

static int
collect(const struct hist_point *p, void *ctx)
{
    struct got *g = ctx;
    assert_true(g->n < MAXPTS);
    g->p[g->n++] = *p;
    return g->stop_after && g->n == g->stop_after;
}

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct hist_options o = {.flush_seconds = -1};
    struct err e;

    assert_non_null(f);
    assert_int_equal(testfs_mkdtemp(f->dir, sizeof f->dir, "test_hist"), 0);
    assert_int_equal(hist_open(f->dir, &o, &f->w, &e), 0);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(hist_close(f->w, &e), 0);
    testfs_rmtree(f->dir);
    free(f);
    return 0;
}

static struct hist *
reader(const struct fx *f)
{
    struct hist_options o = {.readonly = 1};
    struct hist *r;
    struct err e;
    assert_int_equal(hist_open(f->dir, &o, &r, &e), 0);
    return r;
}

/* Runs a query into g (cleared first); returns levels_used. */
static unsigned
query(struct hist *h, int64_t rid, enum hist_metric m, int64_t from, int64_t to,
      int64_t step, struct got *g)
{
    struct hist_query q = {rid, m, from, to, step, collect, g, 0};
    struct err e;
    g->n = 0;
    assert_int_equal(hist_query(h, &q, &e), 0);
    return q.levels_used;
}

static struct got *
got_new(void)
{
    struct got *g = calloc(1, sizeof *g);
    assert_non_null(g);
    return g;
}

/* A deterministic value of metric m at sample i, with the metric's
 * decimals, so it must come back as the very same double. */
static double
value_of(enum hist_metric m, int64_t rid, int64_t i)
{
    int64_t x = (rid * 7919 + i * 104729 + i * i) % 100000;
    switch (m) {
    case HIST_CPU:
    case HIST_MEMORY:
    case HIST_DISK:
        return (double)(x % 10001) / 100.0;
    case HIST_LOAD1:
        return (double)(x % 3000 - 500) / 100.0;
    case HIST_LATENCY:
        return (double)x / 1000.0;
    case HIST_UP:
        return (double)(x % 2);
    case HIST_UPTIME:
        return (double)(i * 15);
    default:
        return (double)(x * 12345);
    }
}

static void
test_round_trip_every_metric(void **state)
{
    struct fx *f = *state;
    struct got *g = got_new();
    struct hist *r;
    struct err e;
    const int64_t n = 3 * 240 + 17; /* three hours and a bit, at 15 s */

    for (int64_t i = 0; i < n; i++)
        for (int m = 0; m < HIST_METRIC__MAX; m++)
            for (int64_t rid = 1; rid <= 3; rid++)
                assert_int_equal(
                    hist_append(f->w, rid, (enum hist_metric)m, DAY0 + 15 * i,
                                value_of((enum hist_metric)m, rid, i), &e),
                    0);
    assert_int_equal(hist_flush(f->w, &e), 0);
    r = reader(f);
    for (int m = 0; m < HIST_METRIC__MAX; m++)
        for (int64_t rid = 1; rid <= 3; rid++) {
            assert_int_equal(
                query(r, rid, (enum hist_metric)m, DAY0, DAY0 + 86400, 0, g),
                1u << HIST_RAW);
            assert_int_equal(g->n, n);
            for (int64_t i = 0; i < n; i++) {
                double v = value_of((enum hist_metric)m, rid, i);
                assert_int_equal(g->p[i].ts, DAY0 + 15 * i);
                assert_true(g->p[i].min == v && g->p[i].max == v &&
                            g->p[i].avg == v && g->p[i].last == v);
                assert_int_equal(g->p[i].n, 1);
            }
        }
    hist_close(r, &e);
    free(g);
}

static void
test_values_between_units_come_back_within_half_a_unit(void **state)
{
    struct fx *f = *state;
    struct got *g = got_new();
    struct err e;
    double v[] = {12.3456, 0.004999, 99.995001, 50.125};

    for (size_t i = 0; i < 4; i++)
        assert_int_equal(
            hist_append(f->w, 9, HIST_CPU, DAY0 + 10 * (int64_t)i, v[i], &e),
            0);
    query(f->w, 9, HIST_CPU, DAY0, DAY0 + 100, 0, g);
    assert_int_equal(g->n, 4);
    for (size_t i = 0; i < 4; i++)
        assert_true(g->p[i].last - v[i] <= 0.005 + 1e-12 &&
                    v[i] - g->p[i].last <= 0.005 + 1e-12);
    free(g);
}

static void
test_duplicate_and_out_of_order_are_dropped(void **state)
{
    struct fx *f = *state;
    struct got *g = got_new();
    struct hist_stats st;
    struct err e;

    assert_int_equal(hist_append(f->w, 1, HIST_CPU, DAY0 + 100, 1, &e), 0);
    assert_int_equal(hist_append(f->w, 1, HIST_CPU, DAY0 + 115, 2, &e), 0);
    assert_int_equal(hist_append(f->w, 1, HIST_CPU, DAY0 + 115, 3, &e), 1);
    assert_int_equal(hist_append(f->w, 1, HIST_CPU, DAY0 + 110, 4, &e), 1);
    assert_int_equal(hist_append(f->w, 1, HIST_CPU, DAY0 + 130, 5, &e), 0);
    /* another series is not affected by the first one's clock */
    assert_int_equal(hist_append(f->w, 2, HIST_CPU, DAY0 + 50, 6, &e), 0);
    /* across a seal: the last timestamp is kept */
    assert_int_equal(hist_append(f->w, 1, HIST_CPU, DAY0 + 3700, 7, &e), 0);
    assert_int_equal(hist_flush(f->w, &e), 0);
    assert_int_equal(hist_append(f->w, 1, HIST_CPU, DAY0 + 3600, 8, &e), 1);
    query(f->w, 1, HIST_CPU, DAY0, DAY0 + 86400, 0, g);
    assert_int_equal(g->n, 4);
    assert_int_equal(g->p[0].ts, DAY0 + 100);
    assert_int_equal(g->p[1].ts, DAY0 + 115);
    assert_true(g->p[1].last == 2); /* the first value written wins */
    assert_int_equal(g->p[2].ts, DAY0 + 130);
    assert_int_equal(g->p[3].ts, DAY0 + 3700);
    assert_int_equal(hist_stats(f->w, &st, &e), 0);
    assert_int_equal(st.appended, 5);
    assert_int_equal(st.dropped, 3);
    assert_int_equal(st.series, 2);
    free(g);
}

/* Expected buckets of step computed from the raw samples. */
static void
expect_buckets(const struct got *raw, int64_t step, const struct got *got)
{
    size_t k = 0;
    for (size_t i = 0; i < raw->n;) {
        int64_t b = raw->p[i].ts - raw->p[i].ts % step;
        double mn = raw->p[i].min, mx = mn, sum = 0, last = 0;
        uint32_t n = 0;
        for (; i < raw->n && raw->p[i].ts - raw->p[i].ts % step == b; i++) {
            if (raw->p[i].min < mn)
                mn = raw->p[i].min;
            if (raw->p[i].max > mx)
                mx = raw->p[i].max;
            sum += raw->p[i].avg;
            last = raw->p[i].last;
            n++;
        }
        assert_true(k < got->n);
        assert_int_equal(got->p[k].ts, b);
        assert_int_equal(got->p[k].n, n);
        assert_true(got->p[k].min == mn);
        assert_true(got->p[k].max == mx);
        assert_true(got->p[k].last == last);
        assert_float_equal(got->p[k].avg, sum / n, 1e-9);
        k++;
    }
    assert_int_equal(k, got->n);
}

/* Where check_levels expects the data to come from. */
enum where {
    ALL_RAW,        /* the writer's memory: raw samples only */
    LEVEL_PLUS_RAW, /* roll-ups of sealed hours, the open hour raw */
    LEVEL_ONLY,     /* roll-ups only */
};

/* Checks every step against raw through h. */
static void
check_levels(struct hist *h, int64_t from, int64_t to, enum where where)
{
    struct got *raw = got_new(), *g = got_new();
    static const struct {
        int64_t step;
        enum hist_level lvl;
    } CASES[] = {
        {15, HIST_RAW},  {60, HIST_RAW},  {450, HIST_RAW},
        {300, HIST_5M},  {600, HIST_5M},  {900, HIST_5M},
        {3600, HIST_1H}, {7200, HIST_1H}, {86400, HIST_1H},
    };

    assert_int_equal(query(h, 5, HIST_LOAD1, from, to, 0, raw), 1u << HIST_RAW);
    assert_true(raw->n > 0);
    for (size_t c = 0; c < sizeof CASES / sizeof CASES[0]; c++) {
        unsigned used = query(h, 5, HIST_LOAD1, from, to, CASES[c].step, g);
        unsigned want = 1u << CASES[c].lvl;
        if (where == ALL_RAW)
            want = 1u << HIST_RAW;
        else if (where == LEVEL_PLUS_RAW)
            want |= 1u << HIST_RAW;
        assert_int_equal(used, want);
        expect_buckets(raw, CASES[c].step, g);
    }
    free(raw);
    free(g);
}

static void
append_hours(struct hist *w, int64_t start, int64_t hours)
{
    struct err e;
    for (int64_t i = 0; i < hours * 240; i++)
        assert_int_equal(hist_append(w, 5, HIST_LOAD1, start + 15 * i,
                                     value_of(HIST_LOAD1, 5, i), &e),
                         0);
}

static void
test_steps_choose_the_level_and_agree(void **state)
{
    struct fx *f = *state;
    struct hist *r;
    struct err e;
    int64_t start = DAY0 + 22 * 3600;

    /* 30 hours over two days */
    append_hours(f->w, start, 30);
    /* writer before any flush: everything in memory */
    check_levels(f->w, start, start + 30 * 3600, ALL_RAW);
    assert_int_equal(hist_flush(f->w, &e), 0);
    r = reader(f);
    /* sealed hours from roll-ups, the open one from its log */
    check_levels(r, start, start + 30 * 3600, LEVEL_PLUS_RAW);
    check_levels(f->w, start, start + 30 * 3600, LEVEL_PLUS_RAW);
    /* sealed hours only */
    check_levels(r, start, start + 29 * 3600, LEVEL_ONLY);
    check_levels(f->w, start, start + 29 * 3600, LEVEL_ONLY);
    hist_close(r, &e);
}

static void
test_unaligned_range_edges(void **state)
{
    struct fx *f = *state;
    struct got *g = got_new();
    struct err e;

    append_hours(f->w, DAY0, 2);
    assert_int_equal(hist_flush(f->w, &e), 0);
    /* raw: exactly [from, to) */
    query(f->w, 5, HIST_LOAD1, DAY0 + 100, DAY0 + 400, 0, g);
    assert_int_equal(g->n, 20);
    assert_int_equal(g->p[0].ts, DAY0 + 105);
    assert_int_equal(g->p[19].ts, DAY0 + 390);
    /* 5 min roll-up: buckets whose start is in [from, to) */
    query(f->w, 5, HIST_LOAD1, DAY0 + 100, DAY0 + 1000, 300, g);
    assert_int_equal(g->n, 3);
    assert_int_equal(g->p[0].ts, DAY0 + 300);
    assert_int_equal(g->p[2].ts, DAY0 + 900);
    assert_int_equal(g->p[2].n, 20);
    /* stopping early */
    g->stop_after = 2;
    query(f->w, 5, HIST_LOAD1, DAY0, DAY0 + 7200, 60, g);
    assert_int_equal(g->n, 2);
    free(g);
}

static void
test_reader_sees_flushed_data_only(void **state)
{
    struct fx *f = *state;
    struct got *g = got_new();
    struct hist *r;
    struct err e;

    r = reader(f);
    query(r, 1, HIST_UP, DAY0, DAY0 + 86400, 0, g);
    assert_int_equal(g->n, 0); /* empty history: no points, no error */
    for (int i = 0; i < 10; i++)
        assert_int_equal(hist_append(f->w, 1, HIST_UP, DAY0 + 15 * i, 1, &e),
                         0);
    query(r, 1, HIST_UP, DAY0, DAY0 + 86400, 0, g);
    assert_int_equal(g->n, 0);
    query(f->w, 1, HIST_UP, DAY0, DAY0 + 86400, 0, g);
    assert_int_equal(g->n, 10);
    assert_int_equal(hist_flush(f->w, &e), 0);
    query(r, 1, HIST_UP, DAY0, DAY0 + 86400, 0, g);
    assert_int_equal(g->n, 10);
    /* a reader cannot append */
    assert_int_equal(hist_append(r, 1, HIST_UP, DAY0 + 1000, 1, &e), -1);
    hist_close(r, &e);
    free(g);
}

static void
test_big_chunks_split_within_the_hour(void **state)
{
    struct fx *f = *state;
    struct got *raw = got_new(), *g = got_new();
    struct hist *r;
    struct err e;
    sqlite3 *db;
    sqlite3_stmt *st;
    char path[128];

    /* one sample a second with large jumps: several 1 KiB chunks an hour */
    for (int64_t i = 0; i < 3600; i++)
        assert_int_equal(hist_append(f->w, 3, HIST_NET_IN, DAY0 + i,
                                     (double)((i * 7777777) % 1000000007), &e),
                         0);
    assert_int_equal(hist_append(f->w, 3, HIST_NET_IN, DAY0 + 3600, 1, &e), 0);
    assert_int_equal(hist_flush(f->w, &e), 0);
    snprintf(path, sizeof path, "%s/raw-20270115.db", f->dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM chunk"
                                        " WHERE w = ?1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, DAY0);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(sqlite3_column_int(st, 0) > 3);
    sqlite3_finalize(st);
    sqlite3_close(db);
    r = reader(f);
    query(r, 3, HIST_NET_IN, DAY0, DAY0 + 3600, 0, raw);
    assert_int_equal(raw->n, 3600);
    for (int64_t i = 0; i < 3600; i++)
        assert_true(raw->p[i].last == (double)((i * 7777777) % 1000000007));
    assert_int_equal(query(r, 3, HIST_NET_IN, DAY0, DAY0 + 3600, 300, g),
                     1u << HIST_5M);
    expect_buckets(raw, 300, g);
    assert_int_equal(query(r, 3, HIST_NET_IN, DAY0, DAY0 + 3600, 3600, g),
                     1u << HIST_1H);
    expect_buckets(raw, 3600, g);
    hist_close(r, &e);
    free(raw);
    free(g);
}

static void
test_silent_series_is_sealed_by_flush(void **state)
{
    struct fx *f = *state;
    struct got *g = got_new();
    struct hist *r;
    struct err e;

    for (int i = 0; i < 40; i++)
        assert_int_equal(hist_append(f->w, 7, HIST_DISK, DAY0 + 15 * i, i, &e),
                         0);
    /* another series goes on for an hour and ten minutes */
    for (int i = 0; i < 280; i++)
        assert_int_equal(hist_append(f->w, 8, HIST_DISK, DAY0 + 15 * i, i, &e),
                         0);
    assert_int_equal(hist_flush(f->w, &e), 0);
    r = reader(f);
    /* series 7's hour is now rolled up: the 1 h level answers from the
     * roll-up alone, nothing left in the log */
    assert_int_equal(query(r, 7, HIST_DISK, DAY0, DAY0 + 7200, 3600, g),
                     1u << HIST_1H);
    assert_int_equal(g->n, 1);
    assert_int_equal(g->p[0].n, 40);
    assert_true(g->p[0].max == 39 && g->p[0].last == 39);
    assert_float_equal(g->p[0].avg, 19.5, 1e-12);
    hist_close(r, &e);
    free(g);
}

static void
test_logged_and_written_chunk_counts_once(void **state)
{
    struct fx *f = *state;
    struct got *g = got_new();
    struct hist *r;
    struct err e;

    /* both series log hour 0, then series 1 moves on to hour 1 while
     * series 2 is late: hour 0's log is still needed (by series 2) after
     * series 1's chunk of hour 0 is written */
    for (int i = 0; i < 200; i++) {
        assert_int_equal(hist_append(f->w, 1, HIST_CPU, DAY0 + 15 * i, i, &e),
                         0);
        assert_int_equal(hist_append(f->w, 2, HIST_CPU, DAY0 + 15 * i, i, &e),
                         0);
    }
    assert_int_equal(hist_flush(f->w, &e), 0);
    assert_int_equal(hist_append(f->w, 1, HIST_CPU, DAY0 + 3600, 1, &e), 0);
    assert_int_equal(hist_flush(f->w, &e), 0);
    r = reader(f);
    query(r, 1, HIST_CPU, DAY0, DAY0 + 7200, 0, g);
    assert_int_equal(g->n, 201);
    assert_int_equal(query(r, 1, HIST_CPU, DAY0, DAY0 + 7200, 3600, g),
                     1u << HIST_1H | 1u << HIST_RAW);
    assert_int_equal(g->n, 2);
    assert_int_equal(g->p[0].n, 200);
    query(r, 2, HIST_CPU, DAY0, DAY0 + 7200, 0, g);
    assert_int_equal(g->n, 200);
    hist_close(r, &e);
    free(g);
}

static void
test_bad_input_is_refused(void **state)
{
    struct fx *f = *state;
    struct got *g = got_new();
    struct hist_query q = {1, HIST_CPU, DAY0, DAY0, 0, collect, g, 0};
    struct err e;

    assert_int_equal(hist_append(f->w, 1, HIST_CPU, DAY0, 0.0 / 0.0, &e), -1);
    assert_string_equal(e.field, "value");
    assert_int_equal(hist_append(f->w, 1, HIST_CPU, DAY0, 1e300, &e), -1);
    assert_int_equal(hist_append(f->w, 0, HIST_CPU, DAY0, 1, &e), -1);
    assert_string_equal(e.field, "server");
    assert_int_equal(hist_append(f->w, 1, HIST_METRIC__MAX, DAY0, 1, &e), -1);
    assert_string_equal(e.field, "metric");
    assert_string_equal(e.key, "err_hist_metric");
    assert_int_equal(hist_append(f->w, 1, HIST_CPU, 0, 1, &e), -1);
    assert_string_equal(e.field, "ts");
    assert_int_equal(hist_query(f->w, &q, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "from");
    q.to = DAY0 + 10;
    q.step = -1;
    assert_int_equal(hist_query(f->w, &q, &e), -1);
    assert_string_equal(e.field, "step");
    q.step = 0;
    q.metric = (enum hist_metric)42;
    assert_int_equal(hist_query(f->w, &q, &e), -1);
    assert_string_equal(e.field, "metric");
    free(g);
}

static void
test_series_limit_and_single_writer(void **state)
{
    struct fx *f = *state;
    struct hist_options o = {.max_series = 2, .flush_seconds = -1};
    struct hist *w2;
    struct err e;
    char dir[64];

    assert_int_equal(hist_open(f->dir, NULL, &w2, &e), -1);
    assert_int_equal(e.code, ERR_BUSY);
    assert_int_equal(testfs_mkdtemp(dir, sizeof dir, "test_hist_lim"), 0);
    assert_int_equal(hist_open(dir, &o, &w2, &e), 0);
    assert_int_equal(hist_append(w2, 1, HIST_CPU, DAY0, 1, &e), 0);
    assert_int_equal(hist_append(w2, 1, HIST_MEMORY, DAY0, 1, &e), 0);
    assert_int_equal(hist_append(w2, 2, HIST_CPU, DAY0, 1, &e), -1);
    assert_int_equal(e.code, ERR_TOO_LARGE);
    assert_int_equal(hist_append(w2, 1, HIST_CPU, DAY0 + 1, 1, &e), 0);
    assert_int_equal(hist_close(w2, &e), 0);
    testfs_rmtree(dir);
}

static void
test_automatic_flush(void **state)
{
    struct fx *f = *state;
    struct hist_options o = {.flush_seconds = 60};
    struct got *g = got_new();
    struct hist *w, *r;
    struct err e;
    char dir[64];

    assert_int_equal(testfs_mkdtemp(dir, sizeof dir, "test_hist_auto"), 0);
    assert_int_equal(hist_open(dir, &o, &w, &e), 0);
    (void)f;
    for (int i = 0; i <= 4; i++) /* 0 .. 60 s */
        assert_int_equal(hist_append(w, 1, HIST_CPU, DAY0 + 15 * i, i, &e), 0);
    assert_int_equal(hist_append(w, 1, HIST_CPU, DAY0 + 75, 5, &e), 0);
    assert_int_equal(
        hist_open(dir, &(struct hist_options){.readonly = 1}, &r, &e), 0);
    query(r, 1, HIST_CPU, DAY0, DAY0 + 3600, 0, g);
    assert_int_equal(g->n, 5); /* flushed when 60 s had passed */
    hist_close(r, &e);
    assert_int_equal(hist_close(w, &e), 0);
    testfs_rmtree(dir);
    free(g);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip_every_metric, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_values_between_units_come_back_within_half_a_unit, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_duplicate_and_out_of_order_are_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_steps_choose_the_level_and_agree,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_unaligned_range_edges, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reader_sees_flushed_data_only,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_big_chunks_split_within_the_hour,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_silent_series_is_sealed_by_flush,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_logged_and_written_chunk_counts_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_series_limit_and_single_writer,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_automatic_flush, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
