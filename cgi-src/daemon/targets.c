/* targets.c — the servers the daemon probes: a hash table by id, the
 * schedule (a min-heap of due times, each server at its own phase of the
 * interval) and the cheap diff against the store when it changes.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "log.h"
#include "procfs.h"
#include "types.h"

static uint64_t
fnv(const void *p, size_t n, uint64_t h)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

static uint64_t
fnv_str(const char *s, uint64_t h)
{
    return fnv(s, strlen(s) + 1, h);
}

#define FNV_INIT 1469598103934665603ULL

uint32_t
target_phase(const char *id, uint32_t interval_ms)
{
    uint64_t h = fnv_str(id, FNV_INIT);
    h ^= h >> 29; /* FNV's low bits mix poorly for short keys */
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return interval_ms ? (uint32_t)(h % interval_ms) : 0;
}

/* ---- the table ---- */

static size_t
bucket(const struct daemon *d, const char *id)
{
    return (size_t)fnv_str(id, FNV_INIT) & (d->tabsize - 1);
}

struct target *
targets_find(struct daemon *d, const char *id)
{
    if (d->tabsize == 0)
        return NULL;
    for (struct target *t = d->tab[bucket(d, id)]; t; t = t->hnext)
        if (strcmp(t->id, id) == 0)
            return t;
    return NULL;
}

static int
tab_grow(struct daemon *d)
{
    size_t n = d->tabsize ? d->tabsize * 2 : 1024;
    struct target **tab = calloc(n, sizeof *tab);
    if (tab == NULL)
        return -1;
    struct target **old = d->tab;
    size_t oldn = d->tabsize;
    d->tab = tab;
    d->tabsize = n;
    for (size_t i = 0; i < oldn; i++)
        for (struct target *t = old[i], *next; t; t = next) {
            next = t->hnext;
            size_t b = bucket(d, t->id);
            t->hnext = d->tab[b];
            d->tab[b] = t;
        }
    free(old);
    return 0;
}

static int
tab_insert(struct daemon *d, struct target *t)
{
    if (d->ntargets + 1 > d->tabsize && tab_grow(d) < 0)
        return -1;
    size_t b = bucket(d, t->id);
    t->hnext = d->tab[b];
    d->tab[b] = t;
    d->ntargets++;
    return 0;
}

static void
tab_remove(struct daemon *d, struct target *t)
{
    struct target **pp = &d->tab[bucket(d, t->id)];
    for (; *pp; pp = &(*pp)->hnext)
        if (*pp == t) {
            *pp = t->hnext;
            d->ntargets--;
            return;
        }
}

/* ---- the schedule heap ---- */

static void
heap_set(struct daemon *d, size_t i, struct target *t)
{
    d->heap[i] = t;
    t->heap_i = i;
}

static void
sift_up(struct daemon *d, size_t i)
{
    struct target *t = d->heap[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (d->heap[p]->due_ms <= t->due_ms)
            break;
        heap_set(d, i, d->heap[p]);
        i = p;
    }
    heap_set(d, i, t);
}

static void
sift_down(struct daemon *d, size_t i)
{
    struct target *t = d->heap[i];
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        int64_t best = t->due_ms;
        if (l < d->nheap && d->heap[l]->due_ms < best)
            m = l, best = d->heap[l]->due_ms;
        if (r < d->nheap && d->heap[r]->due_ms < best)
            m = r;
        if (m == i)
            break;
        heap_set(d, i, d->heap[m]);
        i = m;
    }
    heap_set(d, i, t);
}

void
sched_remove(struct daemon *d, struct target *t)
{
    size_t i = t->heap_i;
    if (i == SIZE_MAX)
        return;
    t->heap_i = SIZE_MAX;
    d->nheap--;
    if (i == d->nheap)
        return;
    struct target *m = d->heap[d->nheap];
    heap_set(d, i, m);
    sift_up(d, i);
    sift_down(d, m->heap_i);
}

void
sched_put(struct daemon *d, struct target *t, int64_t due_ms)
{
    if (t->heap_i != SIZE_MAX)
        sched_remove(d, t);
    if (d->nheap == d->heapcap) {
        size_t n = d->heapcap ? d->heapcap * 2 : 1024;
        struct target **h = realloc(d->heap, n * sizeof *h);
        if (h == NULL) {
            log_msg("daemon: out of memory scheduling %s", t->id);
            return;
        }
        d->heap = h;
        d->heapcap = n;
    }
    t->due_ms = due_ms;
    heap_set(d, d->nheap++, t);
    sift_up(d, t->heap_i);
}

struct target *
sched_pop_due(struct daemon *d, int64_t now_ms)
{
    if (d->nheap == 0 || d->heap[0]->due_ms > now_ms)
        return NULL;
    struct target *t = d->heap[0];
    sched_remove(d, t);
    return t;
}

int64_t
sched_next_due(struct daemon *d)
{
    return d->nheap ? d->heap[0]->due_ms : -1;
}

/* The first time after now at the server's phase of the interval. */
int64_t
sched_aligned(const struct daemon *d, const struct target *t, int64_t now)
{
    int64_t iv = (int64_t)d->cf.interval_s * 1000;
    int64_t k = (now - t->phase_ms) / iv + 1;
    return k * iv + t->phase_ms;
}

void
sched_rephase(struct daemon *d)
{
    int64_t now = mono_ms();
    uint32_t iv = (uint32_t)d->cf.interval_s * 1000;
    for (size_t i = 0; i < d->tabsize; i++)
        for (struct target *t = d->tab[i]; t; t = t->hnext) {
            t->phase_ms = target_phase(t->id, iv);
            if (t->heap_i != SIZE_MAX)
                sched_put(d, t, sched_aligned(d, t, now));
        }
}

/* ---- configuring a target from its row ---- */

static uint64_t
fingerprint(const struct probe_target *p)
{
    uint64_t h = FNV_INIT;
    h = fnv_str(p->type, h);
    h = fnv_str(p->ip, h);
    h = fnv_str(p->ports, h);
    h = fnv(&p->set.node_port, sizeof p->set.node_port, h);
    h = fnv(&p->set.http_port, sizeof p->set.http_port, h);
    h = fnv_str(p->set.http_scheme, h);
    h = fnv_str(p->set.http_path, h);
    h = fnv(&p->set.http_status, sizeof p->set.http_status, h);
    h = fnv(&p->set.maintenance, sizeof p->set.maintenance, h);
    return h;
}

/* "80 443" (or the type's ports when empty) into t->ports. */
static void
parse_ports(struct target *t, const char *txt)
{
    t->nports = 0;
    if (txt[0] == '\0') {
        const struct server_type *ty = types_find(t->type);
        for (size_t i = 0; ty && i < ty->nports && t->nports < VALID_PORTS_MAX;
             i++)
            t->ports[t->nports++] = (uint16_t)ty->ports[i];
        return;
    }
    long v = -1;
    for (const char *s = txt;; s++) {
        if (*s >= '0' && *s <= '9') {
            v = (v < 0 ? 0 : v) * 10 + (*s - '0');
            if (v > 65535)
                v = 65536;
            continue;
        }
        if (v >= 1 && v <= 65535 && t->nports < VALID_PORTS_MAX)
            t->ports[t->nports++] = (uint16_t)v;
        v = -1;
        if (*s == '\0')
            break;
    }
}

/* A copy of s, or "" (never freed) when s is empty; NULL: out of memory. */
static const char *
str_own(const char *s)
{
    return s[0] ? strdup(s) : "";
}

static void
str_free(const char *s)
{
    if (s != NULL && s[0] != '\0')
        free((char *)s);
}

void
target_metrics_error(struct target *t, const char *msg)
{
    char buf[PROBE_ERROR_MAX + 1];
    if (msg != NULL && strcmp(t->metrics_error, msg) == 0)
        return;
    str_free(t->metrics_error);
    snprintf(buf, sizeof buf, "%s", msg ? msg : "");
    t->metrics_error = str_own(buf);
    if (t->metrics_error == NULL)
        t->metrics_error = "";
}

/* The settings of row p into t (the path allocated to its size). -1 out
 * of memory (t keeps its previous settings). */
static int
settings_copy(struct target *t, const struct probe_settings *s)
{
    const char *path = str_own(s->http_path);
    if (path == NULL)
        return -1;
    str_free(t->set.http_path);
    t->set.node_port = s->node_port;
    t->set.http_port = s->http_port;
    t->set.http_status = s->http_status;
    t->set.maintenance = s->maintenance;
    snprintf(t->set.http_scheme, sizeof t->set.http_scheme, "%s",
             s->http_scheme);
    t->set.http_path = path;
    return 0;
}

/* -1 when out of memory (logged; the target keeps its old settings). */
static int
configure(struct daemon *d, struct target *t, const struct probe_target *p)
{
    int host_changed = t->host == NULL || strcmp(t->host, p->ip) != 0;
    if (host_changed) {
        char *host = strdup(p->ip);
        if (host == NULL || settings_copy(t, &p->set) < 0) {
            free(host);
            log_msg("daemon: out of memory configuring %s", p->id);
            return -1;
        }
        free(t->host);
        t->host = host;
    } else if (settings_copy(t, &p->set) < 0) {
        log_msg("daemon: out of memory configuring %s", p->id);
        return -1;
    }
    snprintf(t->type, sizeof t->type, "%s", p->type);
    t->fp = fingerprint(p);
    parse_ports(t, p->ports);
    if (host_changed) {
        struct sockaddr_in *a4 = (struct sockaddr_in *)&t->addr;
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&t->addr;
        memset(&t->addr, 0, sizeof t->addr);
        t->have_addr = t->literal = 0;
        t->dns_wait_since = 0;
        if (inet_pton(AF_INET, t->host, &a4->sin_addr) == 1) {
            a4->sin_family = AF_INET;
            t->addrlen = sizeof *a4;
            t->literal = t->have_addr = 1;
        } else if (inet_pton(AF_INET6, t->host, &a6->sin6_addr) == 1) {
            a6->sin6_family = AF_INET6;
            t->addrlen = sizeof *a6;
            t->literal = t->have_addr = 1;
        }
        t->local = procfs_is_local(t->host);
        memset(&t->prev, 0, sizeof t->prev);
        for (int i = 0; i < PM__MAX; i++)
            t->m[i] = NAN;
        t->metrics_at = 0;
        t->metrics_source[0] = '\0';
        target_metrics_error(t, NULL);
    }
    (void)d;
    return 0;
}

struct reload {
    struct daemon *d;
    int first;
    int64_t now;
    int gen;
    size_t added, changed;
};

static int
reload_row(void *ctx, const struct probe_target *p)
{
    struct reload *r = ctx;
    struct daemon *d = r->d;
    struct target *t = targets_find(d, p->id);

    if (t == NULL) {
        if ((t = calloc(1, sizeof *t)) == NULL) {
            log_msg("daemon: out of memory adding %s", p->id);
            return 0;
        }
        snprintf(t->id, sizeof t->id, "%s", p->id);
        t->heap_i = SIZE_MAX;
        t->phase_ms = target_phase(t->id, (uint32_t)d->cf.interval_s * 1000);
        t->set.http_path = t->metrics_error = "";
        if (configure(d, t, p) < 0) {
            target_release(d, t);
            return 0;
        }
        snprintf(t->status, sizeof t->status, "%s",
                 p->status[0] ? p->status : "unknown");
        t->fails = p->fails;
        t->oks = p->oks;
        t->status_since = p->status_since;
        t->maint_written =
            p->set.maintenance && strcmp(p->status, "unknown") == 0;
        if (tab_insert(d, t) < 0) {
            target_release(d, t);
            return 0;
        }
        /* At start the estate is spread over the interval; a server added
         * later is probed now. */
        sched_put(d, t,
                  r->first && !d->once ? sched_aligned(d, t, r->now) : r->now);
        t->fresh = !r->first;
        r->added++;
    } else if (t->fp != fingerprint(p)) {
        int was_maint = t->set.maintenance;
        if (configure(d, t, p) < 0)
            return 0; /* tried again at the next change */
        if (was_maint && !t->set.maintenance) {
            t->maint_written = 0;
            t->fails = t->oks = 0;
        }
        if (!t->running)
            sched_put(d, t, r->now);
        t->fresh = 1;
        r->changed++;
    }
    snprintf(t->db_status, sizeof t->db_status, "%s", p->status);
    t->rid = p->rid;
    t->seen = r->gen;
    return 0;
}

void
target_release(struct daemon *d, struct target *t)
{
    (void)d;
    free(t->r);
    free(t->host);
    str_free(t->set.http_path);
    str_free(t->metrics_error);
    free(t);
}

static void
drop(struct daemon *d, struct target *t)
{
    tab_remove(d, t);
    sched_remove(d, t);
    if (t->running) {
        t->removed = 1; /* freed when its last check ends */
        return;
    }
    target_release(d, t);
}

int
targets_reload(struct daemon *d, int first)
{
    static int gen;
    struct reload r = {d, first, mono_ms(), ++gen, 0, 0};
    struct err e;
    size_t removed = 0;

    if (store_begin(d->st, 0, &e) < 0)
        return -1;
    if (store_probe_targets(d->st, reload_row, &r, &e) < 0) {
        store_rollback(d->st);
        return -1;
    }
    store_commit(d->st, &e);
    for (size_t i = 0; i < d->tabsize; i++)
        for (struct target *t = d->tab[i], *next; t; t = next) {
            next = t->hnext;
            if (t->seen != r.gen) {
                drop(d, t);
                removed++;
            }
        }
    if (first)
        log_msg("daemon: %zu servers to probe", d->ntargets);
    else if (r.added || r.changed || removed)
        log_msg("daemon: estate changed: %zu added, %zu changed, %zu removed",
                r.added, r.changed, removed);
    return 0;
}

void
targets_free_all(struct daemon *d)
{
    for (size_t i = 0; i < d->tabsize; i++)
        for (struct target *t = d->tab[i], *next; t; t = next) {
            next = t->hnext;
            target_release(d, t);
        }
    free(d->tab);
    free(d->heap);
    d->tab = NULL;
    d->heap = NULL;
    d->tabsize = d->ntargets = d->nheap = d->heapcap = 0;
}
