/* forecast.h — trend forecasts of a metric: Holt's linear (double
 * exponential) smoothing over irregularly spaced samples, the time the
 * forecast line crosses a threshold, and the line itself for charts.
 *
 * Model: a level L (value at the last sample's time t) and a trend T (per
 * second). A sample x at time t' > t, dt = t' - t:
 *   L' = a x + (1 - a) (L + T dt)
 *   T' = b (L' - L) / dt + (1 - b) T
 * Until FORECAST_MIN_SAMPLES samples, L is the last sample and T the
 * slope from the first sample to it (one noisy pair would set a wild
 * trend that a small b takes long to forget). The forecast at time
 * u >= t is L + T (u - t). On an exactly linear series the forecast is
 * exact (tested); noise is smoothed with a = FORECAST_ALPHA and
 * b = FORECAST_BETA, chosen on synthetic trends with noise (30 %
 * + 0.01 %/s, 120 samples 15 s apart): with +-0.5 % noise the crossing
 * time of 80 % is off by 1.8 % of the lead time (median of 300 series;
 * 4.3 % at p90, 7.4 % at worst); with +-1.5 %, 5.4 % (p90 12.7 %).
 * Everything here is pure and allocation-free except forecast_fit_hist,
 * which reads the history.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_FORECAST_H
#define UC_FORECAST_H

#include <stddef.h>
#include <stdint.h>

#include "alert.h"
#include "chart.h"
#include "err.h"
#include "hist.h"

#define FORECAST_ALPHA 0.1
#define FORECAST_BETA  0.05
/* No forecast from fewer samples than this, or from samples spanning
 * less than FORECAST_MIN_SPAN_S: a few noisy points make a wild slope
 * (measured in bench/alerts.sh: with 5 samples over 75 s, a third of
 * the servers whose disk merely wandered were "forecast" to fill up). */
#define FORECAST_MIN_SAMPLES 10
#define FORECAST_MIN_SPAN_S  300
/* How much history seeds a forecast (forecast_fit_hist's default). */
#define FORECAST_WINDOW_S 3600

struct holt {
    double level; /* value at time t */
    double trend; /* change per second */
    int64_t t;    /* time of the last sample, Unix seconds */
    double x0;    /* the first sample and its time (start-up slope) */
    int64_t t0;
    uint32_t n; /* samples taken */
};

/* An empty model (n = 0). */
void holt_init(struct holt *h);

/* Takes sample x at time t with smoothing a, b in (0, 1]. A sample at or
 * before the last one, or not finite, is ignored (returns 0); 1 taken. */
int holt_update(struct holt *h, int64_t t, double x, double a, double b);

/* The forecast at time t (NAN when n == 0). */
double holt_value_at(const struct holt *h, int64_t t);

/* Whole seconds after h->t at which the forecast line reaches threshold
 * going the way op points (up for > and >=, down for < and <=; rounded
 * up, so > and >= give the same second): 0 when the level already
 * satisfies "level op threshold"; -1 when the line does not get there
 * within horizon_s seconds, or the model has fewer than
 * FORECAST_MIN_SAMPLES samples. */
int64_t holt_crossing(const struct holt *h, enum alert_op op, double threshold,
                      int64_t horizon_s);

/* The history metric that holds alert metric m (-1 when none). */
int forecast_hist_metric(enum alert_metric m);

/* Fits a model to chart points (their ts and avg; non-finite averages
 * skipped) with the default smoothing: what a chart that already holds
 * the points calls before forecast_line. */
void forecast_fit_points(const struct chart_point *p, size_t n,
                         struct holt *out);

/* Fits a model to the raw samples of series (rid, m) in
 * [now - window_s, now) of history h (a reader is fine). 0, or -1 with
 * *e set (hist_query's errors). */
int forecast_fit_hist(struct hist *h, int64_t rid, enum hist_metric m,
                      int64_t now, int64_t window_s, struct holt *out,
                      struct err *e);

/* The forecast line for a chart: npoints (>= 2) points from h->t to
 * h->t + horizon_s, evenly spaced, min = max = avg = the forecast. Returns
 * the number written: 0 when the model is too young to forecast (as for
 * holt_crossing: draw nothing). */
size_t forecast_line(const struct holt *h, int64_t horizon_s, size_t npoints,
                     struct chart_point *out);

#endif
