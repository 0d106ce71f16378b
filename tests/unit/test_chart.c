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

static void
test_two_points_exact(void **state)
{
    static const struct chart_point pts[] = {{0, 0, 2, 1}, {100, 1, 3, 2}};
    struct chart c = {.pts = pts,
                      .n = 2,
                      .from = 0,
                      .to = 100,
                      .title = "CPU",
                      .unit = "%",
                      .decimals = 1,
                      .empty = "none"};
    struct buf b;
    (void)state;
    buf_init(&b, 1 << 16);
    assert_int_equal(chart_svg(&b, &c), 0);
    assert_string_equal(
        buf_cstr(&b),
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
    buf_free(&b);
}

static void
test_empty_and_all_nan(void **state)
{
    static const struct chart_point nan1[] = {{10, NAN, NAN, NAN}};
    struct chart c = {.pts = NULL,
                      .n = 0,
                      .from = 0,
                      .to = 86400 * 7,
                      .title = "Disk",
                      .unit = "%",
                      .empty = "No data"};
    struct buf b;
    (void)state;
    buf_init(&b, 1 << 16);
    assert_int_equal(chart_svg(&b, &c), 0);
    assert_non_null(strstr(buf_cstr(&b), ">No data</text></svg>"));
    assert_null(strstr(buf_cstr(&b), "<polyline"));
    /* more than two days: dates in the time labels */
    assert_non_null(strstr(buf_cstr(&b), ">01-08 00:00 UTC</text>"));
    buf_reset(&b);
    c.pts = nan1;
    c.n = 1;
    assert_int_equal(chart_svg(&b, &c), 0);
    assert_non_null(strstr(buf_cstr(&b), ">No data</text>"));
    assert_null(strstr(buf_cstr(&b), "<polyline"));
    assert_null(strstr(buf_cstr(&b), "<circle"));
    buf_free(&b);
}

static void
test_gaps_split_the_line(void **state)
{
    static const struct chart_point pts[] = {
        {0, 1, 1, 1},  {10, 2, 2, 2},   {20, NAN, NAN, NAN}, {30, 3, 3, 3},
        {40, 4, 4, 4}, {50, 5, NAN, 5}, {200, 6, 6, 6}, /* after a time gap,
                                                           alone: a dot */
    };
    struct chart c = {.pts = pts,
                      .n = 7,
                      .from = 0,
                      .to = 200,
                      .gap = 20,
                      .title = "t",
                      .unit = "",
                      .empty = ""};
    struct buf b;
    (void)state;
    buf_init(&b, 1 << 16);
    assert_int_equal(chart_svg(&b, &c), 0);
    assert_int_equal(count(buf_cstr(&b), "<polyline"), 2);
    assert_int_equal(count(buf_cstr(&b), "<polygon"), 2);
    assert_int_equal(count(buf_cstr(&b), "<circle"), 1);
    assert_null(strstr(buf_cstr(&b), "nan"));
    /* without a gap limit the time jump is joined */
    buf_reset(&b);
    c.gap = 0;
    assert_int_equal(chart_svg(&b, &c), 0);
    assert_int_equal(count(buf_cstr(&b), "<polyline"), 2);
    assert_int_equal(count(buf_cstr(&b), "<circle"), 0);
    buf_free(&b);
}

static void
test_labels_escaped(void **state)
{
    static const struct chart_point pts[] = {{0, 1, 1, 1}, {5, 1, 1, 1}};
    struct chart c = {.pts = pts,
                      .n = 2,
                      .from = 0,
                      .to = 10,
                      .title = "<b>\"x\"&'",
                      .unit = "<u>",
                      .decimals = 0,
                      .empty = "<i>"};
    struct buf b;
    (void)state;
    buf_init(&b, 1 << 16);
    assert_int_equal(chart_svg(&b, &c), 0);
    assert_non_null(strstr(buf_cstr(&b),
                           "aria-label=\"&lt;b&gt;&quot;x&quot;&amp;&#39;\">"
                           "<title>&lt;b&gt;&quot;x&quot;&amp;&#39;</title>"));
    assert_non_null(strstr(buf_cstr(&b), ">1 &lt;u&gt;</text>"));
    assert_null(strstr(buf_cstr(&b), "<b>"));
    assert_null(strstr(buf_cstr(&b), "<u>"));
    buf_reset(&b);
    c.n = 0;
    assert_int_equal(chart_svg(&b, &c), 0);
    assert_non_null(strstr(buf_cstr(&b), ">&lt;i&gt;</text>"));
    buf_free(&b);
}

static void
test_values_with_units(void **state)
{
    char s[64];
    (void)state;
    chart_value(s, sizeof s, 12.345, "%", 2);
    assert_string_equal(s, "12.35 %");
    chart_value(s, sizeof s, 999, "B/s", 0);
    assert_string_equal(s, "999 B/s");
    chart_value(s, sizeof s, 2500000, "B/s", 0);
    assert_string_equal(s, "2.5 MB/s");
    chart_value(s, sizeof s, 1500, "B/s", 0);
    assert_string_equal(s, "1.5 kB/s");
    chart_value(s, sizeof s, 7200, "s", 0);
    assert_string_equal(s, "2.0 h");
    chart_value(s, sizeof s, 172800, "s", 0);
    assert_string_equal(s, "2.0 d");
    chart_value(s, sizeof s, 59, "s", 0);
    assert_string_equal(s, "59 s");
    chart_value(s, sizeof s, 0.5, "", 2);
    assert_string_equal(s, "0.50");
    chart_value(s, sizeof s, NAN, "%", 1);
    assert_string_equal(s, "\xe2\x80\x94");
}

static void
test_spark(void **state)
{
    static const struct chart_point pts[] = {
        {0, 1, 9, 5}, {300, 2, 8, 4}, {600, 3, 7, 6}};
    struct chart c = {
        .pts = pts, .n = 3, .from = 0, .to = 600, .title = "CPU", .unit = "%"};
    struct buf b;
    (void)state;
    buf_init(&b, 1 << 16);
    assert_int_equal(chart_spark(&b, &c), 0);
    assert_non_null(strstr(buf_cstr(&b), "<svg class=\"uc-spark\""));
    assert_non_null(strstr(buf_cstr(&b), "points=\"1.0,"));
    assert_int_equal(count(buf_cstr(&b), "<polyline"), 1);
    assert_int_equal(count(buf_cstr(&b), "<polygon"), 0);
    assert_int_equal(count(buf_cstr(&b), "<text"), 0);
    buf_free(&b);
}

static void
test_full_buffer_fails(void **state)
{
    static const struct chart_point pts[] = {{0, 1, 1, 1}, {5, 2, 2, 2}};
    struct chart c = {
        .pts = pts, .n = 2, .from = 0, .to = 10, .title = "t", .unit = ""};
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
        cmocka_unit_test(test_two_points_exact),
        cmocka_unit_test(test_empty_and_all_nan),
        cmocka_unit_test(test_gaps_split_the_line),
        cmocka_unit_test(test_labels_escaped),
        cmocka_unit_test(test_values_with_units),
        cmocka_unit_test(test_spark),
        cmocka_unit_test(test_full_buffer_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
