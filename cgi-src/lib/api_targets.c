/* api_targets.c — GET /targets: the Prometheus HTTP service-discovery list
 * (prometheus.io/docs/prometheus/latest/http_sd/) of every visible
 * server's node_exporter, [{"targets":["ip:port"],"labels":{"id","type",
 * "region","cluster"}}, ...]. The port is the server's node_port, else the
 * module config's node_exporter_port (9100); node_port 0 and servers in
 * maintenance are left out. One server is built and dumped at a time, so
 * memory beyond the response body itself stays constant.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api_health.h"
#include "cfgfile.h"
#include "store_health.h"

#define TARGETS_MAX       (256u * 1024 * 1024) /* body of a huge estate */
#define NODE_PORT_DEFAULT 9100

struct list {
    struct buf *b;
    int port; /* the module's default node_exporter port */
    int n;    /* entries written */
    int rc;
};

static int
to_buf(const char *p, size_t n, void *ctx)
{
    return buf_addn(ctx, p, n);
}

static int
one(void *ctx, const struct health_row *r)
{
    struct list *l = ctx;
    int port = r->node_port < 0 ? l->port : r->node_port;
    char addr[VALID_HOST_MAX + 16];

    if (port == 0 || r->maintenance)
        return 0;
    /* An IPv6 literal needs brackets before the port. */
    snprintf(addr, sizeof addr, strchr(r->ip, ':') ? "[%s]:%d" : "%s:%d", r->ip,
             port);
    json_t *t = json_pack("{s:[s], s:{s:s, s:s, s:s, s:s}}", "targets", addr,
                          "labels", "id", r->id, "type", r->type, "region",
                          r->region, "cluster", r->cluster);
    if (t == NULL || (l->n > 0 && buf_addc(l->b, ',') < 0) ||
        json_dump_callback(t, to_buf, l->b, JSON_COMPACT | JSON_ESCAPE_SLASH) <
            0)
        l->rc = -1;
    json_decref(t);
    l->n++;
    return l->rc != 0;
}

/* The module's node_exporter_port, 1..65535, else 9100. */
static int
default_port(const struct app *a)
{
    const char *v = cfgmap_get(&a->config, "node_exporter_port");
    int n = 0;
    if (v == NULL || v[0] == '\0' || strlen(v) > 5)
        return NODE_PORT_DEFAULT;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9')
            return NODE_PORT_DEFAULT;
        n = n * 10 + (*p - '0');
    }
    return (n >= 1 && n <= 65535) ? n : NODE_PORT_DEFAULT;
}

int
api_targets_get(struct app *a, const char *param, struct err *e)
{
    (void)param;
    struct list l = {&a->out, default_port(a), 0, 0};

    buf_reset(&a->out);
    a->out.max = TARGETS_MAX;
    if (buf_addc(&a->out, '[') < 0)
        return err_set(e, ERR_INTERNAL, "", "err_internal", "targets", NULL);
    int rc = store_health_walk(a->st, one, &l, e);
    if (rc < 0)
        return -1;
    if (rc != 0 || l.rc != 0 || buf_add(&a->out, "]\n") < 0)
        return err_set(e, ERR_TOO_LARGE, "", "err_internal", "targets", NULL);
    return 0;
}
