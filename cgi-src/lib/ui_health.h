/* ui_health.h — a server page's "Health" section: the latest probe
 * results and metrics (store_probe_current_get) and a history chart per
 * metric over a chosen range (range=1h|24h|7d|30d, default 24h).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_UI_HEALTH_H
#define UC_UI_HEALTH_H

#include "app.h"
#include "err.h"
#include "store.h"

/* Renders the section for server s (already fetched through the user's
 * scope) into a->out. The range comes from the request parameter "range":
 * anything else is ERR_INVALID field "range" "chart_err_range" (400). A
 * missing history directory shows a "no history yet" note. 0 or -1. */
int ui_health(struct app *a, const struct server *s, struct err *e);

/* Appends a sparkline of server id's CPU over the last hour (5 min steps)
 * to a->out, for a row of a server table; nothing when there is no
 * history or no sample. The history is opened once per process. */
void ui_health_spark(struct app *a, const char *id);

#endif
