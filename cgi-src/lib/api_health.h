/* api_health.h — the API's monitoring routes: a server's metric series
 * (api_series.c), the Prometheus service-discovery list (api_targets.c)
 * and the health families of GET /metrics (api_metrics_health.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_API_HEALTH_H
#define UC_API_HEALTH_H

#include "app.h"
#include "buf.h"

/* Most points one series request may return. */
#define API_SERIES_POINTS_MAX 2000

/* GET /servers/{id}/series?metric=&from=&to=&step= */
int api_server_series(struct app *a, const char *id, struct err *e);

/* GET /targets: Prometheus HTTP SD, every visible server's node_exporter. */
int api_targets_get(struct app *a, const char *param, struct err *e);

/* /metrics collectors: per-server health gauges, the daemon's counters. */
int api_metrics_health(struct app *a, struct buf *b, struct err *e);
int api_metrics_daemon(struct app *a, struct buf *b, struct err *e);

#endif
