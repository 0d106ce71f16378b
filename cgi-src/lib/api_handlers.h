/* api_handlers.h — the API's handlers, one file per resource; the route
 * table (api_route.c) maps paths and methods to them.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_API_HANDLERS_H
#define UC_API_HANDLERS_H

#include "app.h"

/* GET / : the route table itself (api_route.c). */
int api_index_get(struct app *a, const char *param, struct err *e);

/* /servers and /servers/{id} (api_servers.c, api_server.c). */
int api_servers_list(struct app *a, const char *param, struct err *e);
int api_servers_create(struct app *a, const char *param, struct err *e);
int api_server_get(struct app *a, const char *id, struct err *e);
int api_server_put(struct app *a, const char *id, struct err *e);
int api_server_patch(struct app *a, const char *id, struct err *e);
int api_server_delete(struct app *a, const char *id, struct err *e);

/* /connections (api_conns.c). */
int api_conns_list(struct app *a, const char *param, struct err *e);
int api_conns_create(struct app *a, const char *param, struct err *e);
int api_conns_delete(struct app *a, const char *param, struct err *e);

/* /clusters and /clusters/{name} (api_clusters.c). */
int api_clusters_list(struct app *a, const char *param, struct err *e);
int api_clusters_create(struct app *a, const char *param, struct err *e);
int api_cluster_get(struct app *a, const char *name, struct err *e);
int api_cluster_put(struct app *a, const char *name, struct err *e);
int api_cluster_delete(struct app *a, const char *name, struct err *e);

/* /stats (api_stats.c) and /metrics (api_metrics.c). */
int api_stats_get(struct app *a, const char *param, struct err *e);
int api_metrics_get(struct app *a, const char *param, struct err *e);

/* /export and /import: the native document (api_xport.c, over xport.h). */
int api_export_get(struct app *a, const char *param, struct err *e);
int api_import_post(struct app *a, const char *param, struct err *e);

#endif
