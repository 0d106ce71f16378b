/* api_metrics_health.c — the health families of GET /metrics: per server
 * up, probe latency and the host metrics from the daemon's latest round
 * (Prometheus base units: ratios 0..1, bytes, seconds), labelled id, type,
 * region and cluster (the first of its clusters by name, "" for none), and
 * the daemon's own counters. A server never probed, in maintenance or of
 * unknown status has no up sample; an unmeasured value has no sample.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <string.h>

#include "api_health.h"
#include "api_metrics.h"
#include "store_health.h"

/* A per-server family; value() returns NAN for "no sample". */
struct family {
    const char *name, *help;
    double (*value)(const struct health_row *r);
};

static double
up(const struct health_row *r)
{
    if (r->checked <= 0 || r->maintenance)
        return NAN;
    if (strcmp(r->status, "active") == 0 || strcmp(r->status, "warning") == 0)
        return 1;
    return strcmp(r->status, "inactive") == 0 ? 0 : NAN;
}

static double
latency(const struct health_row *r)
{
    return r->latency_ms / 1000.0;
}

static double
cpu(const struct health_row *r)
{
    return r->m[PM_CPU] / 100.0;
}

static double
mem(const struct health_row *r)
{
    return r->m[PM_MEM] / 100.0;
}

static double
disk(const struct health_row *r)
{
    return r->m[PM_DISK] / 100.0;
}

static double
net_in(const struct health_row *r)
{
    return r->m[PM_NET_IN];
}

static double
net_out(const struct health_row *r)
{
    return r->m[PM_NET_OUT];
}

static double
conns(const struct health_row *r)
{
    return r->m[PM_TCP_CONNS];
}

static double
uptime(const struct health_row *r)
{
    return r->m[PM_UPTIME];
}

static double
load1(const struct health_row *r)
{
    return r->m[PM_LOAD1];
}

static const struct family FAMILIES[] = {
    {"server_up",
     "1 when the server's checks pass (active or warning), 0 "
     "when inactive; absent when unknown or in maintenance.",
     up},
    {"probe_latency_seconds", "Slowest successful check of the last round.",
     latency},
    {"cpu_ratio", "CPU busy, 0..1, over the last interval.", cpu},
    {"memory_used_ratio", "Memory used, 0..1 (1 - available / total).", mem},
    {"disk_used_ratio", "Space used on the fullest real filesystem, 0..1.",
     disk},
    {"network_receive_bytes_per_second",
     "Bytes received per second, physical interfaces.", net_in},
    {"network_transmit_bytes_per_second",
     "Bytes sent per second, physical interfaces.", net_out},
    {"tcp_connections", "Established TCP connections.", conns},
    {"uptime_seconds", "Seconds since the server booted.", uptime},
    {"load_average", "Load average over the last minute.", load1},
};
#define NFAMILIES (sizeof FAMILIES / sizeof FAMILIES[0])

/* Some 110 bytes per sample, 10 samples per server: 11 MB at 10,000
 * servers, past app.h's page limit, so the body may grow to this. */
#define HEALTH_BODY_MAX (256u * 1024 * 1024)

/* A label value: backslash, double quote and newline escaped. */
static int
label(struct buf *b, const char *key, const char *v, int first)
{
    int rc = buf_addf(b, "%s%s=\"", first ? "" : ",", key);
    for (; *v && rc == 0; v++) {
        if (*v == '\\' || *v == '"')
            rc = buf_addc(b, '\\') | buf_addc(b, *v);
        else if (*v == '\n')
            rc = buf_add(b, "\\n");
        else
            rc = buf_addc(b, *v);
    }
    return rc | buf_addc(b, '"');
}

struct walk {
    struct buf fam[NFAMILIES]; /* each family's samples, joined at the end */
    int rc;
};

static int
server_samples(void *ctx, const struct health_row *r)
{
    struct walk *w = ctx;
    for (size_t i = 0; i < NFAMILIES; i++) {
        double v = FAMILIES[i].value(r);
        if (isnan(v) || isinf(v))
            continue;
        struct buf *b = &w->fam[i];
        w->rc |= buf_addf(b, API_METRICS_PREFIX "%s{", FAMILIES[i].name);
        w->rc |= label(b, "id", r->id, 1) | label(b, "type", r->type, 0) |
                 label(b, "region", r->region, 0) |
                 label(b, "cluster", r->cluster, 0);
        w->rc |= buf_addf(b, "} %.10g\n", v);
    }
    return w->rc != 0; /* a full buffer stops the walk */
}

int
api_metrics_health(struct app *a, struct buf *b, struct err *e)
{
    struct walk w;
    int rc;

    memset(&w, 0, sizeof w);
    if (b->max < HEALTH_BODY_MAX)
        b->max = HEALTH_BODY_MAX;
    for (size_t i = 0; i < NFAMILIES; i++)
        buf_init(&w.fam[i], HEALTH_BODY_MAX);
    rc = store_health_walk(a->st, server_samples, &w, e);
    int full = rc > 0;
    for (size_t i = 0; i < NFAMILIES && rc == 0; i++) {
        full |= api_metric_family(b, FAMILIES[i].name, "gauge",
                                  FAMILIES[i].help) != 0;
        if (w.fam[i].len > 0)
            full |= buf_addn(b, w.fam[i].p, w.fam[i].len) != 0;
    }
    for (size_t i = 0; i < NFAMILIES; i++)
        buf_free(&w.fam[i]);
    if (rc < 0)
        return -1;
    if (full)
        return err_set(e, ERR_TOO_LARGE, "", "err_internal", "metrics", NULL);
    return 0;
}

struct counters {
    struct buf *b;
    char last[64]; /* the family whose HELP/TYPE was written last */
    int rc;
};

static int
counter_sample(void *ctx, const struct daemon_counter *c)
{
    struct counters *k = ctx;
    if (strcmp(k->last, c->family) != 0) {
        k->rc |= api_metric_family(k->b, c->family, c->type, c->help);
        memcpy(k->last, c->family, sizeof k->last);
    }
    k->rc |= buf_addf(k->b, API_METRICS_PREFIX "%s", c->family);
    if (c->kind[0] != '\0')
        k->rc |= buf_add(k->b, "{") | label(k->b, "kind", c->kind, 1) |
                 buf_add(k->b, "}");
    k->rc |= buf_addf(k->b, " %.17g\n", c->value);
    return k->rc != 0;
}

int
api_metrics_daemon(struct app *a, struct buf *b, struct err *e)
{
    struct counters k = {b, "", 0};
    int rc = store_daemon_counters(a->st, counter_sample, &k, e);
    if (rc < 0)
        return -1;
    if (rc != 0 || k.rc != 0)
        return err_set(e, ERR_TOO_LARGE, "", "err_internal", "metrics", NULL);
    return 0;
}
