/* test_hist_codec.c — the history's encodings: chunks and roll-up points
 * round-trip exactly, quantisation keeps the documented resolution, bad
 * data is refused, and the metric vocabulary.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "hist_int.h"
#include "xorshift.h"

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static uint64_t
next_rand(void)
{
    return xorshift_next(&rng);
}

/* A value in (-2^49, 2^49), or a small one half of the time. */
static int64_t
rand_q(void)
{
    int64_t v = (int64_t)(next_rand() >> 15) - ((int64_t)1 << 48);
    return next_rand() & 1 ? v : v % 100;
}

static void
test_chunk_round_trip_is_exact(void **state)
{
    enum { N = 2000 };
    static int64_t ts[N], q[N];
    static unsigned char buf[N * HIST_SAMPLE_MAX];
    struct hist_enc st = {0};
    struct hist_dec d;
    size_t len = 0;
    int64_t t = 1;
    (void)state;

    for (size_t i = 0; i < N; i++) {
        /* steady gaps, jitter, and the odd huge jump */
        uint64_t r = next_rand() % 10;
        t += r < 6   ? 15
             : r < 9 ? (int64_t)(next_rand() % 30) + 1
                     : (int64_t)(next_rand() % 100000000) + 1;
        ts[i] = t;
        q[i] = rand_q();
        len += hist_enc_sample(&st, ts[i], q[i], buf + len);
    }
    hist_dec_init(&d, buf, len);
    for (size_t i = 0; i < N; i++) {
        int64_t a, b;
        assert_int_equal(hist_dec_next(&d, &a, &b), 1);
        assert_int_equal(a, ts[i]);
        assert_int_equal(b, q[i]);
    }
    int64_t a, b;
    assert_int_equal(hist_dec_next(&d, &a, &b), 0);
}

static void
test_steady_series_costs_one_byte_per_sample(void **state)
{
    unsigned char buf[240 * HIST_SAMPLE_MAX];
    struct hist_enc st = {0};
    size_t first, len;
    (void)state;

    first = hist_enc_sample(&st, 1800000000, 5000, buf);
    len = first;
    for (int i = 1; i < 240; i++)
        len +=
            hist_enc_sample(&st, 1800000000 + 15 * i, 5000 + i % 7, buf + len);
    /* the first gap (15 from 0) costs one more byte, then 1 byte each */
    assert_int_equal(len - first, 239 + 1);
}

static void
test_damaged_chunk_is_refused(void **state)
{
    unsigned char buf[64];
    struct hist_enc st = {0}, out;
    size_t len = 0;
    (void)state;

    for (int i = 0; i < 4; i++)
        len += hist_enc_sample(&st, 1000 + 10 * i, 300000 * i, buf + len);
    assert_int_equal(hist_dec_state(buf, len, &out), 0);
    assert_int_equal(out.n, 4);
    assert_int_equal(out.ts, 1030);
    assert_int_equal(out.q, 900000);
    /* cut inside the last varint */
    assert_int_equal(hist_dec_state(buf, len - 1, &out), -1);
    /* empty */
    assert_int_equal(hist_dec_state(buf, 0, &out), -1);
    /* a continuation byte with nothing after it */
    buf[0] = 0x80;
    assert_int_equal(hist_dec_state(buf, 1, &out), -1);
}

static void
test_points_round_trip_is_exact(void **state)
{
    enum { N = 300 };
    static struct hist_agg in[N];
    static unsigned char buf[N * HIST_POINT_MAX];
    struct hist_pdec d;
    struct hist_agg a;
    int64_t b = 6000000;
    size_t len;
    (void)state;

    for (size_t i = 0; i < N; i++) {
        int64_t x = rand_q(), y = rand_q();
        b += 1 + (int64_t)(next_rand() % 3);
        in[i].ts = b * 300;
        in[i].n = 1 + (uint32_t)(next_rand() % 3600);
        in[i].min = x < y ? x : y;
        in[i].max = x < y ? y : x;
        in[i].last = in[i].min + (in[i].max - in[i].min) / 3;
        in[i].sum = in[i].min * in[i].n + (in[i].max - in[i].min) / 2;
    }
    len = hist_points_encode(in, N, 300, buf);
    hist_pdec_init(&d, buf, len, 300);
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(hist_pdec_next(&d, &a), 1);
        assert_int_equal(a.ts, in[i].ts);
        assert_int_equal(a.n, in[i].n);
        assert_int_equal(a.min, in[i].min);
        assert_int_equal(a.max, in[i].max);
        assert_int_equal(a.last, in[i].last);
        assert_int_equal(a.sum, in[i].sum);
    }
    assert_int_equal(hist_pdec_next(&d, &a), 0);
    hist_pdec_init(&d, buf, len - 1, 300);
    int rc;
    while ((rc = hist_pdec_next(&d, &a)) == 1)
        ;
    assert_int_equal(rc, -1);
}

static void
test_segment_parts_round_trip(void **state)
{
    unsigned char row[3 * (3 * HIST_VARINT_MAX + 8)];
    const unsigned char a[] = {1, 2, 3}, b[] = {0x80, 0x81, 7, 8, 9};
    struct hist_seg_walk w;
    struct hist_seg_part pt;
    size_t len = 0;
    (void)state;

    len += hist_seg_put(row + len, HIST_CPU, 0, a, sizeof a);
    len += hist_seg_put(row + len, HIST_UP, 86399, b, sizeof b);
    len += hist_seg_put(row + len, HIST_LOAD1, 3600, b, 0);
    w = (struct hist_seg_walk){row, row + len};
    assert_int_equal(hist_seg_next(&w, &pt), 1);
    assert_int_equal(pt.m, HIST_CPU);
    assert_int_equal(pt.t0_off, 0);
    assert_int_equal(pt.len, 3);
    assert_memory_equal(pt.data, a, 3);
    assert_int_equal(hist_seg_next(&w, &pt), 1);
    assert_int_equal(pt.m, HIST_UP);
    assert_int_equal(pt.t0_off, 86399);
    assert_memory_equal(pt.data, b, 5);
    assert_int_equal(hist_seg_next(&w, &pt), 1);
    assert_int_equal(pt.m, HIST_LOAD1);
    assert_int_equal(pt.len, 0);
    assert_int_equal(hist_seg_next(&w, &pt), 0);
    /* a length past the end of the row */
    w = (struct hist_seg_walk){row, row + 5};
    assert_int_equal(hist_seg_next(&w, &pt), -1);
    /* an offset past the day */
    len = hist_seg_put(row, HIST_CPU, 86400, a, 1);
    w = (struct hist_seg_walk){row, row + len};
    assert_int_equal(hist_seg_next(&w, &pt), -1);
}

static void
test_aggregates_merge(void **state)
{
    struct hist_agg a = {.ts = 300}, b = {.ts = 300};
    (void)state;

    hist_agg_add(&a, 5);
    hist_agg_add(&a, -2);
    hist_agg_add(&b, 9);
    hist_agg_add(&b, 1);
    hist_agg_merge(&a, &b);
    assert_int_equal(a.n, 4);
    assert_int_equal(a.min, -2);
    assert_int_equal(a.max, 9);
    assert_int_equal(a.sum, 13);
    assert_int_equal(a.last, 1);
    assert_int_equal(a.ts, 300);
}

static void
test_quantise_keeps_the_resolution(void **state)
{
    int64_t q;
    (void)state;

    /* a value with the metric's decimals comes back as the same double */
    assert_int_equal(hist_quantise(HIST_CPU, 42.17, &q), 0);
    assert_int_equal(q, 4217);
    assert_true(hist_unquantise(HIST_CPU, q) == 42.17);
    assert_int_equal(hist_quantise(HIST_LATENCY, 0.123, &q), 0);
    assert_true(hist_unquantise(HIST_LATENCY, q) == 0.123);
    assert_int_equal(hist_quantise(HIST_LOAD1, -3.5, &q), 0);
    assert_true(hist_unquantise(HIST_LOAD1, q) == -3.5);
    /* others come back within half a unit */
    assert_int_equal(hist_quantise(HIST_CPU, 12.3456, &q), 0);
    assert_true(fabs(hist_unquantise(HIST_CPU, q) - 12.3456) <= 0.005);
    assert_int_equal(hist_quantise(HIST_NET_IN, 1234567.6, &q), 0);
    assert_int_equal(q, 1234568);
    /* refused: not finite, or past 2^50 units */
    assert_int_equal(hist_quantise(HIST_CPU, NAN, &q), -1);
    assert_int_equal(hist_quantise(HIST_CPU, INFINITY, &q), -1);
    assert_int_equal(hist_quantise(HIST_NET_IN, 1.2e15, &q), -1);
    assert_int_equal(hist_quantise(HIST_NET_IN, 1.1e15, &q), 0);
    assert_int_equal(hist_quantise(HIST_METRIC__MAX, 1, &q), -1);
}

static void
test_metric_names(void **state)
{
    static const char *const NAMES[] = {
        "cpu",         "memory", "disk",  "net_in",  "net_out",
        "connections", "uptime", "load1", "latency", "up"};
    enum hist_metric m;
    (void)state;

    assert_int_equal(HIST_METRIC__MAX, 10);
    for (int i = 0; i < HIST_METRIC__MAX; i++) {
        assert_string_equal(hist_metric_name((enum hist_metric)i), NAMES[i]);
        assert_int_equal(hist_metric_parse(NAMES[i], &m), 0);
        assert_int_equal(m, i);
    }
    assert_null(hist_metric_name(HIST_METRIC__MAX));
    assert_int_equal(hist_metric_parse("CPU", &m), -1);
    assert_int_equal(hist_metric_parse("", &m), -1);
    assert_int_equal(hist_metric_parse(NULL, &m), -1);
    assert_int_equal(hist_metric_decimals(HIST_CPU), 2);
    assert_int_equal(hist_metric_decimals(HIST_LATENCY), 3);
    assert_int_equal(hist_metric_decimals(HIST_UP), 0);
    assert_int_equal(hist_level_seconds(HIST_RAW), 0);
    assert_int_equal(hist_level_seconds(HIST_5M), 300);
    assert_int_equal(hist_level_seconds(HIST_1H), 3600);
}

static void
test_dir_for_db(void **state)
{
    char out[64];
    (void)state;

    assert_int_equal(
        hist_dir_for_db("/var/webmin/m/cluster.db", out, sizeof out), 0);
    assert_string_equal(out, "/var/webmin/m/history");
    assert_int_equal(hist_dir_for_db("cluster.db", out, sizeof out), 0);
    assert_string_equal(out, "history");
    assert_int_equal(hist_dir_for_db("/cluster.db", out, sizeof out), 0);
    assert_string_equal(out, "/history");
    assert_int_equal(hist_dir_for_db("/a/very/long/path/that/does/not/fit/"
                                     "in/sixty/four/bytes/at/all/x.db",
                                     out, sizeof out),
                     -1);
}

static void
test_day_names(void **state)
{
    (void)state;
    assert_int_equal(hist_day_parse("19700101"), 0);
    assert_int_equal(hist_day_parse("20270115"), 1799971200);
    assert_int_equal(hist_day_parse("20240229"), 1709164800);
    assert_int_equal(hist_day_parse("20230229"), -1);
    assert_int_equal(hist_day_parse("2027011x"), -1);
    assert_int_equal(hist_day_parse("20271301"), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunk_round_trip_is_exact),
        cmocka_unit_test(test_steady_series_costs_one_byte_per_sample),
        cmocka_unit_test(test_damaged_chunk_is_refused),
        cmocka_unit_test(test_points_round_trip_is_exact),
        cmocka_unit_test(test_segment_parts_round_trip),
        cmocka_unit_test(test_aggregates_merge),
        cmocka_unit_test(test_quantise_keeps_the_resolution),
        cmocka_unit_test(test_metric_names),
        cmocka_unit_test(test_dir_for_db),
        cmocka_unit_test(test_day_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
