/* alert_topo.c — the dependency graph and root-cause walk (alert_topo.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alert_topo.h"

struct tier {
    const char *type;
    int tier;
};

static const struct tier TIERS[] = {
    {"dns", 5},      {"security", 4},   {"loadbalancer", 4},
    {"database", 3}, {"filesystem", 3}, {"cache", 2},
    {"web", 1},      {"monitoring", 0}, {"backup", 0},
};

int
alert_topo_tier(const char *type)
{
    for (size_t i = 0; i < sizeof TIERS / sizeof TIERS[0]; i++)
        if (type != NULL && strcasecmp(TIERS[i].type, type) == 0)
            return TIERS[i].tier;
    return 1;
}

int
alert_topo_direction(const char *ft, const char *tt, const char *conn)
{
    if (conn != NULL && strcasecmp(conn, "monitoring") == 0)
        return 0;
    int a = alert_topo_tier(ft), b = alert_topo_tier(tt);
    if (a == 0 && b == 0)
        return 0;
    if (a == 0)
        return b >= 3 ? 1 : 0;
    if (b == 0)
        return a >= 3 ? -1 : 0;
    if (a != b)
        return a < b ? 1 : -1;
    return 1;
}

void
alert_topo_free(struct alert_topo *t)
{
    free(t->up_first);
    free(t->up);
    free(t->down_first);
    free(t->dn);
    free(t->stamp);
    free(t->queue);
    memset(t, 0, sizeof *t);
}

/* Upstream lists sorted by tier (highest first), then index. */
static const char *const *sort_types;

static int
by_tier(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int tx = alert_topo_tier(sort_types[x]),
        ty = alert_topo_tier(sort_types[y]);
    if (tx != ty)
        return ty - tx;
    return x < y ? -1 : x > y;
}

int
alert_topo_build(struct alert_topo *t, size_t n, const char *const *types,
                 const struct topo_edge *e, size_t ne)
{
    memset(t, 0, sizeof *t);
    t->n = n;
    t->up_first = calloc(n + 1, sizeof *t->up_first);
    t->down_first = calloc(n + 1, sizeof *t->down_first);
    t->up = malloc((ne ? ne : 1) * sizeof *t->up);
    t->dn = malloc((ne ? ne : 1) * sizeof *t->dn);
    t->stamp = calloc(n ? n : 1, sizeof *t->stamp);
    t->queue = malloc((n ? n : 1) * sizeof *t->queue);
    if (!t->up_first || !t->down_first || !t->up || !t->dn || !t->stamp ||
        !t->queue)
        return -1;
    /* Count, then place (two passes, CSR). */
    for (size_t i = 0; i < ne; i++) {
        if (e[i].from >= n || e[i].to >= n || e[i].from == e[i].to)
            continue;
        int d =
            alert_topo_direction(types[e[i].from], types[e[i].to], e[i].type);
        if (d == 0)
            continue;
        uint32_t child = d > 0 ? e[i].from : e[i].to;
        uint32_t parent = d > 0 ? e[i].to : e[i].from;
        t->up_first[child + 1]++;
        t->down_first[parent + 1]++;
    }
    for (size_t i = 0; i < n; i++) {
        t->up_first[i + 1] += t->up_first[i];
        t->down_first[i + 1] += t->down_first[i];
    }
    uint32_t *ufill = calloc(n ? n : 1, sizeof *ufill);
    uint32_t *dfill = calloc(n ? n : 1, sizeof *dfill);
    if (ufill == NULL || dfill == NULL) {
        free(ufill);
        free(dfill);
        return -1;
    }
    for (size_t i = 0; i < ne; i++) {
        if (e[i].from >= n || e[i].to >= n || e[i].from == e[i].to)
            continue;
        int d =
            alert_topo_direction(types[e[i].from], types[e[i].to], e[i].type);
        if (d == 0)
            continue;
        uint32_t child = d > 0 ? e[i].from : e[i].to;
        uint32_t parent = d > 0 ? e[i].to : e[i].from;
        t->up[t->up_first[child] + ufill[child]++] = parent;
        t->dn[t->down_first[parent] + dfill[parent]++] = child;
    }
    free(ufill);
    free(dfill);
    sort_types = types;
    for (size_t i = 0; i < n; i++)
        if (t->up_first[i + 1] - t->up_first[i] > 1)
            qsort(t->up + t->up_first[i], t->up_first[i + 1] - t->up_first[i],
                  sizeof *t->up, by_tier);
    sort_types = NULL;
    return 0;
}

/* A fresh stamp for a walk (clears the stamps when the counter wraps). */
static uint32_t
next_gen(struct alert_topo *t)
{
    if (++t->gen == 0) {
        memset(t->stamp, 0, t->n * sizeof *t->stamp);
        t->gen = 1;
    }
    return t->gen;
}

static int
has_down_upstream(const struct alert_topo *t, uint32_t u, const uint8_t *down)
{
    for (uint32_t k = t->up_first[u]; k < t->up_first[u + 1]; k++)
        if (down[t->up[k]])
            return 1;
    return 0;
}

int32_t
alert_topo_root(struct alert_topo *t, uint32_t s, const uint8_t *down)
{
    if (t->n == 0 || s >= t->n || !has_down_upstream(t, s, down))
        return -1;
    uint32_t g = next_gen(t);
    size_t head = 0, tail = 0;
    int32_t smallest = -1;
    t->stamp[s] = g;
    t->queue[tail++] = s;
    while (head < tail) {
        uint32_t u = t->queue[head++];
        for (uint32_t k = t->up_first[u]; k < t->up_first[u + 1]; k++) {
            uint32_t p = t->up[k];
            if (!down[p] || t->stamp[p] == g)
                continue;
            t->stamp[p] = g;
            if (!has_down_upstream(t, p, down))
                return (int32_t)p;
            if (smallest < 0 || p < (uint32_t)smallest)
                smallest = (int32_t)p;
            t->queue[tail++] = p; /* each server at most once: tail <= n */
        }
    }
    return smallest; /* only cycles of down servers left */
}

void
alert_topo_dependants(struct alert_topo *t, uint32_t root,
                      int (*fn)(void *ctx, uint32_t s), void *ctx)
{
    if (root >= t->n)
        return;
    uint32_t g = next_gen(t);
    size_t head = 0, tail = 0;
    t->stamp[root] = g;
    t->queue[tail++] = root;
    while (head < tail) {
        uint32_t u = t->queue[head++];
        for (uint32_t k = t->down_first[u]; k < t->down_first[u + 1]; k++) {
            uint32_t c = t->dn[k];
            if (t->stamp[c] == g)
                continue;
            t->stamp[c] = g;
            if (fn(ctx, c) != 0)
                return;
            t->queue[tail++] = c;
        }
    }
}
