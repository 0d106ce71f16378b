/* test_chart.c — the inline SVG charts: exact markup for a small series,
 * empty and all-gap series, lines split at NaN and time gaps, labels
 * escaped, value formatting with units, sparklines, a full buffer.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "chart.h"

static size_t
count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL;
         p = strstr(p + 1, needle))
        n++;
    return n;
}

/* A chart of the n points pts over from..to, titled title, values in
 * unit; a test sets the other fields it needs. */
static struct chart
chart_of(const struct chart_point *pts, size_t n, int64_t from, int64_t to,
         const char *title, const char *unit)
{
    struct chart c = {.pts = pts,
                      .n = n,
                      .from = from,
                      .to = to,
                      .title = title,
                      .unit = unit};
    return c;
}

/* Each test gets an empty 64 KiB buffer as its state. */
static int
setup(void **state)
{
    static struct buf b;
    buf_init(&b, 1 << 16);
    *state = &b;
    return 0;
}

static int
teardown(void **state)
{
    buf_free(*state);
    return 0;
}

/* Renders c into b, emptied first; returns the markup. */
static const char *
svg(struct buf *b, const struct chart *c)
{
    buf_reset(b);
    assert_int_equal(chart_svg(b, c), 0);
    return buf_cstr(b);
}

static void
test_two_points_exact(void **state)
{
    static const struct chart_point pts[] = {{0, 0, 2, 1}, {100, 1, 3, 2}};
    struct chart c = chart_of(pts, 2, 0, 100, "CPU", "%");
    c.decimals = 1;
    c.empty = "none";
    struct buf *b = *state;
    const char *out = svg(b, &c);
    assert_string_equal(
        out,
        "<svg class=\"uc-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
        "viewBox=\"0 0 600 140\" width=\"600\" height=\"140\" role=\"img\" "
        "aria-label=\"CPU\"><title>CPU</title>"
        "<rect x=\"70\" y=\"8\" width=\"522\" height=\"112\" fill=\"none\" "
        "stroke=\"#ccc\"/>"
        "<text x=\"70.0\" y=\"134.0\" text-anchor=\"start\" font-size=\"10\" "
        "fill=\"#555\">00:00</text>"
        "<text x=\"331.0\" y=\"134.0\" text-anchor=\"middle\" "
        "font-size=\"10\" fill=\"#555\">00:00</text>"
        "<text x=\"592.0\" y=\"134.0\" text-anchor=\"end\" font-size=\"10\" "
        "fill=\"#555\">00:01 UTC</text>"
        "<text x=\"66.0\" y=\"16.0\" text-anchor=\"end\" font-size=\"10\" "
        "fill=\"#555\">3.0 %</text>"
        "<text x=\"66.0\" y=\"120.0\" text-anchor=\"end\" font-size=\"10\" "
        "fill=\"#555\">0.0 %</text>"
        "<polygon class=\"uc-chart-band\" fill=\"#9ecae1\" "
        "fill-opacity=\"0.5\" stroke=\"none\" "
        "points=\"70.0,45.3 592.0,8.0 592.0,82.7 70.0,120.0\"/>"
        "<polyline class=\"uc-chart-line\" fill=\"none\" stroke=\"#3182bd\" "
        "stroke-width=\"1.5\" points=\"70.0,82.7 592.0,45.3\"/></svg>");
}

static void
test_empty_and_all_nan(void **state)
{
    static const struct chart_point nan1[] = {{10, NAN, NAN, NAN}};
    struct chart c = chart_of(NULL, 0, 0, 86400 * 7, "Disk", "%");
    c.empty = "No data";
    struct buf *b = *state;
    const char *out = svg(b, &c);
    assert_non_null(strstr(out, ">No data</text></svg>"));
    assert_null(strstr(out, "<polyline"));
    /* more than two days: dates in the time labels */
    assert_non_null(strstr(out, ">01-08 00:00 UTC</text>"));
    c.pts = nan1;
    c.n = 1;
    out = svg(b, &c);
    assert_non_null(strstr(out, ">No data</text>"));
    assert_null(strstr(out, "<polyline"));
    assert_null(strstr(out, "<circle"));
}

static void
test_gaps_split_the_line(void **state)
{
    static const struct chart_point pts[] = {
        {0, 1, 1, 1},  {10, 2, 2, 2},   {20, NAN, NAN, NAN}, {30, 3, 3, 3},
        {40, 4, 4, 4}, {50, 5, NAN, 5}, {200, 6, 6, 6}, /* after a time gap,
                                                           alone: a dot */
    };
    struct chart c = chart_of(pts, 7, 0, 200, "t", "");
    c.gap = 20;
    c.empty = "";
    struct buf *b = *state;
    const char *out = svg(b, &c);
    assert_int_equal(count(out, "<polyline"), 2);
    assert_int_equal(count(out, "<polygon"), 2);
    assert_int_equal(count(out, "<circle"), 1);
    assert_null(strstr(out, "nan"));
    /* without a gap limit the time jump is joined */
    c.gap = 0;
    out = svg(b, &c);
    assert_int_equal(count(out, "<polyline"), 2);
    assert_int_equal(count(out, "<circle"), 0);
}

static void
test_labels_escaped(void **state)
{
    static const struct chart_point pts[] = {{0, 1, 1, 1}, {5, 1, 1, 1}};
    struct chart c = chart_of(pts, 2, 0, 10, "<b>\"x\"&'", "<u>");
    c.decimals = 0;
    c.empty = "<i>";
    struct buf *b = *state;
    const char *out = svg(b, &c);
    assert_non_null(strstr(out,
                           "aria-label=\"&lt;b&gt;&quot;x&quot;&amp;&#39;\">"
                           "<title>&lt;b&gt;&quot;x&quot;&amp;&#39;</title>"));
    assert_non_null(strstr(out, ">1 &lt;u&gt;</text>"));
    assert_null(strstr(out, "<b>"));
    assert_null(strstr(out, "<u>"));
    c.n = 0;
    out = svg(b, &c);
    assert_non_null(strstr(out, ">&lt;i&gt;</text>"));
}

static void
test_values_with_units(void **state)
{
    static const struct {
        double v;
        const char *unit;
        int decimals;
        const char *want;
    } cases[] = {{12.345, "%", 2, "12.35 %"},
                 {999, "B/s", 0, "999 B/s"},
                 {2500000, "B/s", 0, "2.5 MB/s"},
                 {1500, "B/s", 0, "1.5 kB/s"},
                 {7200, "s", 0, "2.0 h"},
                 {172800, "s", 0, "2.0 d"},
                 {59, "s", 0, "59 s"},
                 {0.5, "", 2, "0.50"},
                 {NAN, "%", 1, "\xe2\x80\x94"}};
    char s[64];
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        chart_value(s, sizeof s, cases[i].v, cases[i].unit, cases[i].decimals);
        assert_string_equal(s, cases[i].want);
    }
}

static void
test_spark(void **state)
{
    static const struct chart_point pts[] = {
        {0, 1, 9, 5}, {300, 2, 8, 4}, {600, 3, 7, 6}};
    struct chart c = chart_of(pts, 3, 0, 600, "CPU", "%");
    struct buf *b = *state;
    const char *out;
    assert_int_equal(chart_spark(b, &c), 0);
    out = buf_cstr(b);
    assert_non_null(strstr(out, "<svg class=\"uc-spark\""));
    assert_non_null(strstr(out, "points=\"1.0,"));
    assert_int_equal(count(out, "<polyline"), 1);
    assert_int_equal(count(out, "<polygon"), 0);
    assert_int_equal(count(out, "<text"), 0);
}

static void
test_full_buffer_fails(void **state)
{
    static const struct chart_point pts[] = {{0, 1, 1, 1}, {5, 2, 2, 2}};
    struct chart c = chart_of(pts, 2, 0, 10, "t", "");
    struct buf b;
    (void)state;
    buf_init(&b, 100);
    assert_int_equal(chart_svg(&b, &c), -1);
    buf_free(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_two_points_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_all_nan, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_gaps_split_the_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_labels_escaped, setup, teardown),
        cmocka_unit_test(test_values_with_units),
        cmocka_unit_test_setup_teardown(test_spark, setup, teardown),
        cmocka_unit_test(test_full_buffer_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
