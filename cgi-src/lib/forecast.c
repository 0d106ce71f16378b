/* forecast.c — Holt's linear smoothing for trend forecasts (forecast.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>

#include "forecast.h"

void
holt_init(struct holt *h)
{
    h->level = 0;
    h->trend = 0;
    h->t = 0;
    h->x0 = 0;
    h->t0 = 0;
    h->n = 0;
}

int
holt_update(struct holt *h, int64_t t, double x, double a, double b)
{
    if (!isfinite(x))
        return 0;
    if (h->n == 0) {
        h->level = h->x0 = x;
        h->trend = 0;
        h->t = h->t0 = t;
        h->n = 1;
        return 1;
    }
    if (t <= h->t)
        return 0;
    double dt = (double)(t - h->t);
    if (h->n < FORECAST_MIN_SAMPLES) {
        h->trend = (x - h->x0) / (double)(t - h->t0);
        h->level = x;
    } else {
        double prev = h->level;
        h->level = a * x + (1 - a) * (h->level + h->trend * dt);
        h->trend = b * (h->level - prev) / dt + (1 - b) * h->trend;
    }
    h->t = t;
    if (h->n < UINT32_MAX)
        h->n++;
    return 1;
}

double
holt_value_at(const struct holt *h, int64_t t)
{
    if (h->n == 0)
        return NAN;
    return h->level + h->trend * (double)(t - h->t);
}

/* Enough samples over a long enough time to trust the trend. */
static int
mature(const struct holt *h)
{
    return h->n >= FORECAST_MIN_SAMPLES && h->t - h->t0 >= FORECAST_MIN_SPAN_S;
}

int64_t
holt_crossing(const struct holt *h, enum alert_op op, double threshold,
              int64_t horizon_s)
{
    if (!mature(h) || !isfinite(threshold))
        return -1;
    if (alert_op_holds(op, h->level, threshold))
        return 0;
    int up = op == AO_GT || op == AO_GE;
    if ((up && !(h->trend > 0)) || (!up && !(h->trend < 0)))
        return -1;
    double s = (threshold - h->level) / h->trend; /* > 0 here */
    if (!(s <= (double)horizon_s))
        return -1;
    /* The whole second the line reaches the threshold (the forecast is
     * no finer than that: > and >= cross at the same second). */
    double lim = s - 1e-6; /* > 0 and <= horizon_s: fits */
    int64_t at = (int64_t)lim;
    if ((double)at < lim)
        at++; /* ceil without libm (the unit tests do not link it) */
    return at <= horizon_s ? at : -1;
}

int
forecast_hist_metric(enum alert_metric m)
{
    switch (m) {
    case AM_CPU:
        return HIST_CPU;
    case AM_MEMORY:
        return HIST_MEMORY;
    case AM_DISK:
        return HIST_DISK;
    case AM_LATENCY:
        return HIST_LATENCY;
    case AM_UP:
        return HIST_UP;
    case AM_CONNECTIONS:
        return HIST_CONNECTIONS;
    case AM_NET_IN:
        return HIST_NET_IN;
    case AM_NET_OUT:
        return HIST_NET_OUT;
    case AM_LOAD:
        return HIST_LOAD1;
    case AM_UPTIME:
        return HIST_UPTIME;
    case AM__COUNT:
        break;
    }
    return -1;
}

void
forecast_fit_points(const struct chart_point *p, size_t n, struct holt *out)
{
    holt_init(out);
    for (size_t i = 0; i < n; i++)
        holt_update(out, p[i].ts, p[i].avg, FORECAST_ALPHA, FORECAST_BETA);
}

static int
fit_cb(const struct hist_point *p, void *ctx)
{
    holt_update(ctx, p->ts, p->last, FORECAST_ALPHA, FORECAST_BETA);
    return 0;
}

int
forecast_fit_hist(struct hist *h, int64_t rid, enum hist_metric m, int64_t now,
                  int64_t window_s, struct holt *out, struct err *e)
{
    struct hist_query q = {0};

    holt_init(out);
    q.rid = rid;
    q.metric = m;
    q.from = now - (window_s > 0 ? window_s : FORECAST_WINDOW_S);
    q.to = now;
    q.step = 0;
    q.fn = fit_cb;
    q.ctx = out;
    return hist_query(h, &q, e);
}

size_t
forecast_line(const struct holt *h, int64_t horizon_s, size_t npoints,
              struct chart_point *out)
{
    if (!mature(h) || npoints < 2 || horizon_s <= 0)
        return 0;
    for (size_t i = 0; i < npoints; i++) {
        int64_t t = h->t + (int64_t)((double)horizon_s * (double)i /
                                     (double)(npoints - 1));
        double v = holt_value_at(h, t);
        out[i].ts = t;
        out[i].min = out[i].max = out[i].avg = v;
    }
    return npoints;
}
