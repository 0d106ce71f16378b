/* chart.h — line charts drawn server-side as inline SVG: the average of
 * each point as a polyline over a min–max band, a frame, value labels with
 * their unit and time labels in UTC. Pure: points in, markup out (every
 * label escaped), no JavaScript, nothing fetched.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_CHART_H
#define UC_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Drawing size (the viewBox; the page may scale it). */
#define CHART_W       600
#define CHART_H       140
#define CHART_SPARK_W 80
#define CHART_SPARK_H 18

/* One point: a bucket's start and its min, max and mean. A non-finite avg
 * is a gap; a non-finite min or max is drawn as avg. */
struct chart_point {
    int64_t ts;
    double min, max, avg;
};

struct chart {
    const struct chart_point *pts; /* in time order */
    size_t n;
    int64_t from, to;  /* the time axis, Unix seconds, from < to */
    int64_t gap;       /* consecutive points further apart than this are
                          not joined (a missing stretch); 0 = always join */
    const char *title; /* accessible name (aria-label and <title>) */
    const char *unit;  /* "%", "B/s", "ms", "s" or "" (see chart_value) */
    int decimals;      /* of the value labels */
    const char *empty; /* text shown when no point has a value */
    /* Optional forecast (forecast_line, forecast.h): drawn by chart_svg
     * as a dashed line in time order, after the data; the caller widens
     * the time axis (to) to hold it. NULL or nforecast < 2 = none. */
    const struct chart_point *forecast;
    size_t nforecast;
};

/* Formats v with its unit into out: "12.50 %", "3.2 MB/s" (B/s scaled by
 * 1000s), "2.0 d" / "5.0 h" for "s" from an hour up, "—" when not finite. */
void chart_value(char *out, size_t outlen, double v, const char *unit,
                 int decimals);

/* Appends the chart as <svg class="uc-chart">…</svg>. 0, or -1 when the
 * buffer is full (what was appended may be cut short). */
int chart_svg(struct buf *b, const struct chart *c);

/* Appends a tiny chart (polyline of avg only, no labels) of size
 * CHART_SPARK_W x CHART_SPARK_H, class "uc-spark"; nothing drawn but an
 * empty frame when no point has a value. 0 or -1. */
int chart_spark(struct buf *b, const struct chart *c);

#endif
