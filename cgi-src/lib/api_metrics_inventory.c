/* api_metrics_inventory.c — the inventory gauges of GET /metrics, from the
 * same figures as GET /stats plus the size of each cluster.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <jansson.h>

#include "api_metrics.h"
#include "api_stats.h"

static int
total(struct buf *b, json_t *doc, const char *name, const char *help)
{
    return api_metric_family(b, name, "gauge", help) |
           api_metric_sample(b, name, NULL, NULL,
                             json_integer_value(json_object_get(doc, name)));
}

/* One family with a sample per key of doc[member]. */
static int
by(struct buf *b, json_t *doc, const char *member, const char *label,
   const char *help)
{
    char name[48];
    const char *key;
    json_t *v;
    int rc;
    snprintf(name, sizeof name, "servers_%s", member);
    rc = api_metric_family(b, name, "gauge", help);
    json_object_foreach(json_object_get(doc, member), key, v)
    {
        rc |= api_metric_sample(b, name, label, key, json_integer_value(v));
    }
    return rc;
}

struct members {
    struct buf *b;
    int rc;
};

static int
cluster_size(void *ctx, const struct cluster *c)
{
    struct members *m = ctx;
    m->rc |= api_metric_sample(m->b, "cluster_members", "cluster", c->name,
                               c->members);
    return 0;
}

int
api_metrics_inventory(struct app *a, struct buf *b, struct err *e)
{
    json_t *doc = api_stats_doc(a, e);
    if (doc == NULL)
        return -1;
    int rc = total(b, doc, "servers", "Servers in the inventory.") |
             total(b, doc, "connections", "Connections between servers.") |
             total(b, doc, "clusters", "Clusters.") |
             by(b, doc, "by_type", "type", "Servers by type.") |
             by(b, doc, "by_status", "status", "Servers by status.") |
             by(b, doc, "by_region", "region",
                "Servers by region (\"\": no region).");
    json_decref(doc);
    struct members m = {b, 0};
    rc |= api_metric_family(b, "cluster_members", "gauge",
                            "Servers in each cluster.");
    if (store_cluster_list(a->st, cluster_size, &m, e) < 0)
        return -1;
    if ((rc | m.rc) != 0)
        return err_set(e, ERR_INTERNAL, "", "err_internal", "metrics", NULL);
    return 0;
}
