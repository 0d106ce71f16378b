/* metrics.c — a target's host metrics from a node_exporter scrape or from
 * /proc: the raw counters of this read against those of the last one.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "daemon.h"
#include "procfs.h"

/* The counters needed for rates, kept between reads. */
static void
save_prev(struct prev_raw *p, const struct nodeexp_raw *r)
{
    static const int fields[] = {NX_CPU_IDLE, NX_CPU_TOTAL, NX_NET_RX,
                                 NX_NET_TX, NX_TIME};
    double *dst[] = {&p->cpu_idle, &p->cpu_total, &p->rx, &p->tx, &p->time};
    p->have = 0;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (r->have & (1u << fields[i])) {
            *dst[i] = r->v[fields[i]];
            p->have |= 1u << fields[i];
        }
    p->mono_ms = mono_ms();
}

static void
load_prev(const struct prev_raw *p, struct nodeexp_raw *r)
{
    memset(r, 0, sizeof *r);
    r->have = p->have;
    r->v[NX_CPU_IDLE] = p->cpu_idle;
    r->v[NX_CPU_TOTAL] = p->cpu_total;
    r->v[NX_NET_RX] = p->rx;
    r->v[NX_NET_TX] = p->tx;
    r->v[NX_TIME] = p->time;
}

void
metrics_from_raw(struct target *t, const struct nodeexp_raw *raw,
                 const char *source)
{
    struct nodeexp_raw prev;
    int have_prev = t->prev.mono_ms != 0;
    double dt = have_prev ? (double)(mono_ms() - t->prev.mono_ms) / 1000.0 : 0;

    if (have_prev)
        load_prev(&t->prev, &prev);
    nodeexp_metrics(have_prev ? &prev : NULL, raw, dt, t->m);
    save_prev(&t->prev, raw);
    t->metrics_at = (long long)time(NULL);
    snprintf(t->metrics_source, sizeof t->metrics_source, "%s", source);
    target_metrics_error(t, NULL);
}

void
metrics_local(struct daemon *d, struct target *t)
{
    struct nodeexp_raw raw;
    char err[128];
    (void)d;
    if (procfs_read(&raw, err, sizeof err) < 0) {
        target_metrics_error(t, err);
        return;
    }
    metrics_from_raw(t, &raw, "local");
}
