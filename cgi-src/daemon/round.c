/* round.c — one round of a server: start its checks (TCP per port, HTTP,
 * ICMP, metrics), collect their results, then decide its status with the
 * confirmation counts (fail_count failed rounds before inactive, ok_count
 * good rounds before it is active again).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon.h"
#include "log.h"

const char *const CHECK_KIND_NAMES[CK__MAX] = {"tcp", "http", "icmp", "scrape"};

/* ---- check objects ---- */

void
checkq_push(struct checkq *q, struct check *c)
{
    c->next = NULL;
    c->prev = q->tail;
    if (q->tail)
        q->tail->next = c;
    else
        q->head = c;
    q->tail = c;
    q->n++;
}

void
checkq_remove(struct checkq *q, struct check *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        q->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        q->tail = c->prev;
    c->prev = c->next = NULL;
    q->n--;
}

struct check *
checkq_pop(struct checkq *q)
{
    struct check *c = q->head;
    if (c != NULL)
        checkq_remove(q, c);
    return c;
}

static struct check *
check_new(struct daemon *d, struct target *t, enum check_kind k, uint16_t port)
{
    struct check *c = d->free_checks;
    if (c != NULL)
        d->free_checks = c->next;
    else if ((c = malloc(sizeof *c)) == NULL)
        return NULL;
    memset(c, 0, sizeof *c);
    c->kind = k;
    c->t = t;
    c->port = port;
    c->fd = -1;
    return c;
}

static void
check_free(struct daemon *d, struct check *c)
{
    sink_free(&c->sink);
    c->next = d->free_checks;
    d->free_checks = c;
}

/* ---- a round ---- */

struct round *
round_get(struct daemon *d, struct target *t)
{
    (void)d;
    if (t->r == NULL)
        t->r = malloc(sizeof *t->r);
    return t->r;
}

void
round_free(struct daemon *d, struct target *t)
{
    (void)d;
    free(t->r);
    t->r = NULL;
}

void
log_transition(struct daemon *d, const struct target *t, const char *from,
               const char *to)
{
    if (d->transitions_logged >= 20) {
        d->transitions_dropped++;
        return;
    }
    d->transitions_logged++;
    const char *why = t->r ? t->r->error : "";
    log_msg("server %s: %s -> %s%s%s", t->id, from, to, why[0] ? ": " : "",
            why);
}

static void
add_error(struct round *r, const char *what)
{
    size_t n = strlen(r->error);
    if (n + 4 >= sizeof r->error)
        return;
    snprintf(r->error + n, sizeof r->error - n, "%s%s", n ? "; " : "", what);
}

static void
round_finish(struct daemon *d, struct target *t)
{
    t->running = 0;
    if (d->rounds_running > 0)
        d->rounds_running--;
    if (t->removed) {
        target_release(d, t);
        return;
    }
    if (d->stopping)
        return; /* an aborted round is not a result */
    if (d->once && d->rounds_running == 0) {
        d->round_t1_us = mono_us();
        d->round_cpu1 = cpu_seconds();
    }
    d->cnt.rounds++;
    d->counters_dirty = 1;
    enum round_result rr = round_result(t->r, d->cf.latency_warn_ms);
    const char *next = status_next(t->status, &t->fails, &t->oks, rr,
                                   d->cf.fail_count, d->cf.ok_count);
    if (strcmp(next, t->status) != 0) {
        log_transition(d, t, t->status, next);
        str_copy(t->status, sizeof t->status, next);
        t->status_since = (long long)time(NULL);
        d->cnt.status_changes++;
        d->flush_soon = 1;
    }
    if (t->fresh) {
        t->fresh = 0;
        d->flush_soon = 1;
    }
    batch_add(d, t, strcmp(t->status, t->db_status) != 0 ? t->status : NULL, 0);
    round_free(d, t);
}

static int
serves_http(const struct target *t)
{
    return strcmp(t->type, "web") == 0 || strcmp(t->type, "loadbalancer") == 0;
}

static void
enqueue(struct daemon *d, struct target *t, enum check_kind k, uint16_t port)
{
    struct check *c = check_new(d, t, k, port);
    if (c == NULL) {
        t->r->checks++;
        t->r->failed++;
        add_error(t->r, "out of memory");
        return;
    }
    t->pending++;
    c->listed = 1;
    checkq_push(k == CK_HTTP || k == CK_SCRAPE ? &d->wait_curl : &d->wait_sock,
                c);
}

/* Maintenance: no checks; the status shows "unknown" and the counters
 * start over when it ends. */
static void
maintenance(struct daemon *d, struct target *t)
{
    if (t->maint_written && strcmp(t->status, "unknown") == 0)
        return;
    if (strcmp(t->status, "unknown") != 0) {
        log_msg("server %s: %s -> unknown (maintenance)", t->id, t->status);
        t->status_since = (long long)time(NULL);
    }
    snprintf(t->status, sizeof t->status, "unknown");
    t->fails = t->oks = 0;
    struct round *r = round_get(d, t);
    if (r != NULL) {
        memset(r, 0, sizeof *r);
        snprintf(r->error, sizeof r->error, "maintenance");
    }
    for (int i = 0; i < PM__MAX; i++)
        t->m[i] = NAN;
    t->metrics_at = 0;
    batch_add(d, t, "unknown", 1);
    round_free(d, t);
    t->maint_written = 1;
    d->flush_soon = 1;
}

void
round_start(struct daemon *d, struct target *t)
{
    int64_t now = mono_ms();
    char err[160];
    int rc = 1;

    if (!d->once) /* the next round at the same phase, whatever happens */
        sched_put(d, t, sched_aligned(d, t, now));
    if (t->running) {
        d->cnt.overruns++;
        return; /* the last round is still waiting for its checks */
    }
    if (t->set.maintenance) {
        maintenance(d, t);
        return;
    }
    if (!t->literal) {
        rc = dns_lookup(d, t->host, &t->addr, &t->addrlen, err, sizeof err);
        if (rc == 0) {
            /* Never resolved yet: ask again shortly, for a bounded time. */
            if (t->dns_wait_since == 0)
                t->dns_wait_since = now;
            if (now - t->dns_wait_since < d->cf.timeout_ms) {
                sched_put(d, t, now + 50);
                return;
            }
            snprintf(err, sizeof err, "name lookup of %.100s timed out",
                     t->host);
            rc = -1;
        }
        t->dns_wait_since = 0;
    }
    struct round *r = round_get(d, t);
    if (r == NULL) {
        log_msg("daemon: out of memory starting a round of %s", t->id);
        return;
    }
    memset(r, 0, sizeof *r);
    r->http_code = -1;
    r->http_bytes = -1;
    r->http_ms = r->icmp_ms = NAN;
    t->running = 1;
    t->pending = 0;
    d->rounds_running++;
    if (d->round_t0_us == 0) {
        d->round_t0_us = mono_us();
        d->round_cpu0 = cpu_seconds();
    }
    if (rc < 0) {
        d->cnt.dns_failures++;
        r->checks = r->failed = 1;
        add_error(r, err);
        round_finish(d, t);
        return;
    }
    t->have_addr = 1;
    if (d->cf.tcp)
        for (int i = 0; i < t->nports; i++)
            enqueue(d, t, CK_TCP, t->ports[i]);
    if (d->cf.http && serves_http(t))
        enqueue(d, t, CK_HTTP, 0);
    if (d->cf.icmp && d->icmp_fd[t->addr.ss_family == AF_INET6 ? 1 : 0] >= 0)
        enqueue(d, t, CK_ICMP, 0);
    if (d->cf.metrics && t->set.node_port != 0) {
        if (t->local && d->cf.local_metrics)
            metrics_local(d, t);
        else if (d->cf.prometheus_url[0] == '\0')
            enqueue(d, t, CK_SCRAPE, 0);
    }
    if (t->pending == 0)
        round_finish(d, t);
}

void
check_done(struct daemon *d, struct check *c, int ok, double ms,
           const char *err)
{
    struct target *t = c->t;
    struct round *r = t->r;
    char what[200];

    counters_add(d, c->kind, !ok, ms);
    if (c->kind == CK_TCP || c->kind == CK_ICMP) {
        if (d->inflight_sock > 0)
            d->inflight_sock--;
    } else if (d->inflight_curl > 0) {
        d->inflight_curl--;
    }
    if (c->kind != CK_SCRAPE && !t->removed) {
        r->checks++;
        if (ok) {
            if (ms > r->latency_max_ms)
                r->latency_max_ms = ms;
            if (c->kind == CK_TCP) {
                r->tcp_sum_ms += ms;
                r->tcp_ok++;
            } else if (c->kind == CK_HTTP) {
                r->http_ms = ms;
            } else if (c->kind == CK_ICMP) {
                r->icmp_ms = ms;
            }
        } else {
            r->failed++;
            if (c->kind == CK_TCP)
                snprintf(what, sizeof what, "tcp/%u: %s", c->port,
                         err ? err : "failed");
            else
                snprintf(what, sizeof what, "%s: %s", CHECK_KIND_NAMES[c->kind],
                         err ? err : "failed");
            add_error(r, what);
        }
    }
    check_free(d, c);
    if (--t->pending == 0)
        round_finish(d, t);
}

void
checks_pump(struct daemon *d)
{
    struct check *c;
    while (d->inflight_sock < (size_t)d->cf.max_inflight &&
           (c = checkq_pop(&d->wait_sock)) != NULL) {
        c->listed = 0;
        d->inflight_sock++;
        if (c->kind == CK_TCP)
            tcp_start(d, c);
        else
            icmp_start(d, c);
    }
    while (d->inflight_curl < (size_t)d->cf.http_max_inflight &&
           (c = checkq_pop(&d->wait_curl)) != NULL) {
        c->listed = 0;
        d->inflight_curl++;
        if (c->kind == CK_HTTP)
            http_start(d, c);
        else
            scrape_start(d, c);
    }
}
