/* api_stats.h — the inventory in numbers, shared by GET /stats and the
 * inventory gauges of GET /metrics.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_API_STATS_H
#define UC_API_STATS_H

#include <jansson.h>

#include "app.h"

/* {"servers","connections","clusters","by_type":{every type: n},
 * "by_status":{every status: n},"by_region":{region: n, "" for servers
 * without one; only regions in use}} as the user sees them (cluster
 * scope applies). A new reference, or NULL with e set. */
json_t *api_stats_doc(struct app *a, struct err *e);

#endif
