/* test_chart_forecast.c — a chart's dashed forecast line (chart.h's
 * forecast member, drawn from forecast_line): drawn after the data, in
 * the frame, only when given, and a rising trend's line ends higher.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "chart.h"
#include "forecast.h"

#define N 40

static void
linear(struct chart_point *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[i].ts = 1000 + (int64_t)i * 15;
        p[i].avg = p[i].min = p[i].max = 20.0 + 0.5 * (double)i;
    }
}

/* The y coordinates of the forecast polyline's first and last points. */
static void
forecast_ends(const char *svg, double *y_first, double *y_last)
{
    const char *p = strstr(svg, "uc-chart-forecast");
    assert_non_null(p);
    p = strstr(p, "d=\"M");
    assert_non_null(p);
    p += 4;
    double x, y;
    assert_int_equal(sscanf(p, "%lf,%lf", &x, &y), 2);
    *y_first = y;
    const char *end = strchr(p, '"'), *last = p;
    for (const char *q = p; q < end; q++)
        if (*q == 'L')
            last = q + 1;
    assert_int_equal(sscanf(last, "%lf,%lf", &x, &y), 2);
    *y_last = y;
}

static void
test_forecast_is_dashed_and_rising(void **state)
{
    struct chart_point pts[N], fc[8];
    struct holt h;
    struct buf b;
    double y0, y1;
    (void)state;
    linear(pts, N);
    forecast_fit_points(pts, N, &h);
    size_t n = forecast_line(&h, 600, 8, fc);
    assert_int_equal(n, 8);
    struct chart c = {.pts = pts,
                      .n = N,
                      .from = 1000,
                      .to = fc[n - 1].ts,
                      .title = "cpu",
                      .unit = "%",
                      .decimals = 1,
                      .forecast = fc,
                      .nforecast = n};
    buf_init(&b, 1 << 16);
    assert_int_equal(chart_svg(&b, &c), 0);
    const char *svg = buf_cstr(&b);
    assert_non_null(strstr(svg, "stroke-dasharray=\"4 3\""));
    /* after the data line */
    assert_true(strstr(svg, "uc-chart-forecast") >
                strstr(svg, "uc-chart-line"));
    forecast_ends(svg, &y0, &y1);
    assert_true(y1 < y0); /* SVG y grows downwards: the line rises */
    assert_true(y1 >= 0); /* the value range holds the forecast */
    buf_free(&b);
}

static void
test_no_forecast_without_one(void **state)
{
    struct chart_point pts[N];
    struct buf b;
    (void)state;
    linear(pts, N);
    struct chart c = {.pts = pts,
                      .n = N,
                      .from = 1000,
                      .to = 1600,
                      .title = "cpu",
                      .unit = "%",
                      .decimals = 1};
    buf_init(&b, 1 << 16);
    assert_int_equal(chart_svg(&b, &c), 0);
    assert_null(strstr(buf_cstr(&b), "uc-chart-forecast"));
    buf_free(&b);
}

static void
test_young_model_draws_nothing(void **state)
{
    struct chart_point pts[3], fc[8];
    struct holt h;
    (void)state;
    linear(pts, 3);
    forecast_fit_points(pts, 3, &h);
    assert_int_equal(forecast_line(&h, 600, 8, fc), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forecast_is_dashed_and_rising),
        cmocka_unit_test(test_no_forecast_without_one),
        cmocka_unit_test(test_young_model_draws_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
