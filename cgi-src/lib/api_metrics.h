/* api_metrics.h — GET /metrics in the Prometheus text exposition format
 * 0.0.4. The route asks each collector of a fixed table in turn (the
 * inventory gauges now; another issue adds health): a collector writes its
 * families with the two helpers below.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_API_METRICS_H
#define UC_API_METRICS_H

#include "app.h"
#include "buf.h"

#define API_METRICS_PREFIX "unlimited_cluster_"

/* Writes a collector's metrics into b. 0, or -1 with e set. */
typedef int (*api_metrics_fn)(struct app *a, struct buf *b, struct err *e);

/* "# HELP <prefix>name help" and "# TYPE <prefix>name type" (type is
 * "gauge", "counter", ...). help is escaped as the format asks. */
int api_metric_family(struct buf *b, const char *name, const char *type,
                      const char *help);

/* "<prefix>name value" or, with label non-NULL,
 * "<prefix>name{label=\"value\"} n"; the label value is escaped. */
int api_metric_sample(struct buf *b, const char *name, const char *label,
                      const char *label_value, long long n);

/* The inventory: servers, connections, clusters, servers by type, status
 * and region, members per cluster (api_metrics_inventory.c). */
int api_metrics_inventory(struct app *a, struct buf *b, struct err *e);

#endif
