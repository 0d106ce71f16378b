/* flush.c — results leave the daemon here: finished rounds wait in a batch
 * (no database work on the probe path), and once a second the batch is
 * written in one short write transaction (current values, status
 * changes, the daemon's counters and heartbeat), then appended to the
 * history and flushed. A busy database leaves the batch for the next
 * second; it never waits more than the short busy timeout.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "hist.h"
#include "log.h"

struct batch_entry {
    struct probe_current c;
    char status[16]; /* "" = leave servers.status alone */
    long long rid;
    int up;          /* 1 some check answered, 0 none, -1 no checks */
    int new_metrics; /* c's metrics not yet in the history */
};

struct hist_ctx {
    struct hist *h;
    int64_t next_retain_ms;
    int64_t next_stats_ms;
    int failing;
};

int
batch_add(struct daemon *d, struct target *t, const char *status_write,
          int clear)
{
    if (d->nbatch == d->batchcap) {
        size_t limit = d->ntargets * 4 + 1024;
        if (d->batchcap >= limit) {
            /* The database has refused writes for a long while: keep the
             * newer half. */
            size_t drop = d->nbatch / 2;
            memmove(d->batch, d->batch + drop,
                    (d->nbatch - drop) * sizeof *d->batch);
            d->nbatch -= drop;
            log_msg("daemon: database unavailable, %zu results dropped", drop);
        } else {
            size_t n = d->batchcap ? d->batchcap * 2 : 256;
            struct batch_entry *b = realloc(d->batch, n * sizeof *b);
            if (b == NULL)
                return -1;
            d->batch = b;
            d->batchcap = n;
        }
    }
    struct batch_entry *e = &d->batch[d->nbatch++];
    struct probe_current *c = &e->c;
    static const struct round none;
    const struct round *r = t->r ? t->r : &none;

    probe_current_init(c, t->id);
    e->rid = t->rid;
    c->checked = (long long)time(NULL);
    c->checks = r->checks;
    c->failed = r->failed;
    if (r->checks > r->failed && !clear)
        c->latency_ms = r->latency_max_ms;
    c->tcp_ms = r->tcp_ok ? r->tcp_sum_ms / r->tcp_ok : NAN;
    c->http_ms = r->http_ms;
    c->icmp_ms = r->icmp_ms;
    c->http_code = r->http_code;
    c->http_bytes = r->http_bytes;
    c->fails = t->fails;
    c->oks = t->oks;
    c->status_since = t->status_since;
    str_copy(c->error, sizeof c->error, r->error);
    c->metrics_at = t->metrics_at;
    str_copy(c->metrics_source, sizeof c->metrics_source, t->metrics_source);
    str_copy(c->metrics_error, sizeof c->metrics_error, t->metrics_error);
    for (int i = 0; i < PM__MAX; i++)
        c->m[i] = t->m[i];
    e->up = clear || r->checks == 0 ? -1 : r->failed < r->checks;
    e->new_metrics = t->metrics_at > t->metrics_logged;
    t->metrics_logged = t->metrics_at;
    str_copy(e->status, sizeof e->status, status_write ? status_write : "");
    if (status_write != NULL)
        str_copy(t->db_status, sizeof t->db_status, status_write);
    return 0;
}

void
counters_add(struct daemon *d, enum check_kind k, int failed, double ms)
{
    d->cnt.probes[k]++;
    d->cnt.failures[k] += failed != 0;
    d->cnt.seconds[k] += ms / 1000.0;
    d->counters_dirty = 1;
}

static int
counter(struct daemon *d, const char *family, const char *kind,
        const char *type, const char *help, double v, long long now)
{
    struct daemon_counter c;
    struct err e;
    memset(&c, 0, sizeof c);
    snprintf(c.family, sizeof c.family, "%s", family);
    snprintf(c.kind, sizeof c.kind, "%s", kind);
    snprintf(c.type, sizeof c.type, "%s", type);
    snprintf(c.help, sizeof c.help, "%s", help);
    c.value = v;
    c.updated = now;
    return store_daemon_counter_set(d->st, &c, &e);
}

static int
counters_write(struct daemon *d, long long now)
{
    const struct counters *n = &d->cnt;
    int rc = 0;
    for (int k = 0; k < CK__MAX; k++) {
        const char *kind = CHECK_KIND_NAMES[k];
        rc |= counter(d, "daemon_probes_total", kind, "counter",
                      "Checks the monitoring daemon ran since it started.",
                      n->probes[k], now);
        rc |= counter(d, "daemon_probe_failures_total", kind, "counter",
                      "Checks that failed since the daemon started.",
                      n->failures[k], now);
        rc |= counter(d, "daemon_probe_seconds_total", kind, "counter",
                      "Time the checks took, summed, in seconds.",
                      n->seconds[k], now);
    }
    rc |=
        counter(d, "daemon_rounds_total", "", "counter",
                "Rounds (all checks of one server) completed.", n->rounds, now);
    rc |= counter(d, "daemon_round_overruns_total", "", "counter",
                  "Rounds skipped because the last one had not finished.",
                  n->overruns, now);
    rc |= counter(d, "daemon_status_changes_total", "", "counter",
                  "Server status changes decided by the daemon.",
                  n->status_changes, now);
    rc |= counter(d, "daemon_dns_failures_total", "", "counter",
                  "Rounds that failed because a name did not resolve.",
                  n->dns_failures, now);
    rc |= counter(d, "daemon_prometheus_queries_total", "", "counter",
                  "Queries sent to Prometheus (prometheus_url).",
                  n->prom_queries, now);
    rc |= counter(d, "daemon_prometheus_failures_total", "", "counter",
                  "Prometheus queries that failed.", n->prom_failures, now);
    rc |=
        counter(d, "daemon_flushes_total", "", "counter",
                "Batches of results written to the database.", n->flushes, now);
    rc |= counter(d, "daemon_flush_failures_total", "", "counter",
                  "Batch writes that failed (kept for the next try).",
                  n->flush_failures, now);
    rc |= counter(d, "daemon_flush_seconds", "", "gauge",
                  "Duration of the last batch write, in seconds.",
                  n->flush_seconds, now);
    rc |= counter(d, "daemon_queue_checks", "", "gauge",
                  "Checks due but waiting for a free slot.",
                  (double)(d->wait_sock.n + d->wait_curl.n), now);
    rc |=
        counter(d, "daemon_inflight_checks", "", "gauge", "Checks running now.",
                (double)(d->inflight_sock + d->inflight_curl), now);
    rc |= counter(d, "daemon_targets", "", "gauge",
                  "Servers the daemon probes.", (double)d->ntargets, now);
    rc |= counter(d, "daemon_interval_seconds", "", "gauge",
                  "Seconds between two rounds of a server.",
                  (double)d->cf.interval_s, now);
    rc |=
        counter(d, "daemon_start_time_seconds", "", "gauge",
                "When the daemon started, Unix time.", (double)d->started, now);
    if (d->hist != NULL && d->hist->h != NULL) {
        rc |=
            counter(d, "daemon_history_series", "", "gauge",
                    "Series the history holds in memory.", n->hist_series, now);
        rc |= counter(d, "daemon_history_memory_bytes", "", "gauge",
                      "Memory of the history's open heads and index.",
                      n->hist_memory, now);
        rc |= counter(d, "daemon_history_disk_bytes", "", "gauge",
                      "Size of the history files.", n->hist_disk, now);
        rc |= counter(d, "daemon_history_samples_total", "", "counter",
                      "Samples appended to the history since the start.",
                      n->hist_appended, now);
        rc |= counter(d, "daemon_history_dropped_total", "", "counter",
                      "Samples the history refused (duplicate times).",
                      n->hist_dropped, now);
    }
    rc |= counter(d, "daemon_heartbeat_seconds", "", "gauge",
                  "When the daemon last wrote, Unix time (stale = stopped).",
                  (double)now, now);
    return rc ? -1 : 0;
}

static void
hist_write(struct daemon *d)
{
    static const int map[PM__MAX] = {[PM_CPU] = HIST_CPU,
                                     [PM_MEM] = HIST_MEMORY,
                                     [PM_DISK] = HIST_DISK,
                                     [PM_NET_IN] = HIST_NET_IN,
                                     [PM_NET_OUT] = HIST_NET_OUT,
                                     [PM_TCP_CONNS] = HIST_CONNECTIONS,
                                     [PM_UPTIME] = HIST_UPTIME,
                                     [PM_LOAD1] = HIST_LOAD1,
                                     [PM_LOAD5] = -1,
                                     [PM_LOAD15] = -1};
    struct hist_ctx *hc = d->hist;
    struct err e;
    int failed = 0;

    if (hc == NULL || hc->h == NULL)
        return;
    for (size_t i = 0; i < d->nbatch; i++) {
        const struct batch_entry *b = &d->batch[i];
        const struct probe_current *c = &b->c;
        if (b->rid <= 0)
            continue;
        if (!isnan(c->latency_ms))
            failed |= hist_append(hc->h, b->rid, HIST_LATENCY, c->checked,
                                  c->latency_ms, &e) < 0;
        if (b->up >= 0)
            failed |=
                hist_append(hc->h, b->rid, HIST_UP, c->checked, b->up, &e) < 0;
        if (!b->new_metrics || c->metrics_at <= 0)
            continue;
        for (int m = 0; m < PM__MAX; m++)
            if (map[m] >= 0 && !isnan(c->m[m]))
                failed |= hist_append(hc->h, b->rid, (enum hist_metric)map[m],
                                      c->metrics_at, c->m[m], &e) < 0;
    }
    if (hist_flush(hc->h, &e) < 0)
        failed = 1;
    if (failed && !hc->failing)
        log_msg("daemon: history: cannot store samples (%s)", e.key);
    hc->failing = failed;
}

int
flush_all(struct daemon *d)
{
    static int64_t last_beat;
    long long now = (long long)time(NULL);
    int64_t t0 = mono_us();
    struct err e;

    if (d->nbatch == 0 && !d->counters_dirty && mono_ms() - last_beat < 10000)
        return 0;
    if (store_begin(d->st, 1, &e) < 0)
        goto fail;
    for (size_t i = 0; i < d->nbatch; i++) {
        const struct batch_entry *b = &d->batch[i];
        if (store_probe_current_put(
                d->st, &b->c, b->status[0] ? b->status : NULL, NULL, &e) < 0)
            goto fail_tx;
        alerts_sample(d, &b->c);
    }
    d->cnt.flushes++;
    d->cnt.flush_seconds = (double)(mono_us() - t0) / 1e6;
    char beat[32];
    snprintf(beat, sizeof beat, "%lld", now);
    if (counters_write(d, now) < 0 ||
        store_daemon_state_set(d->st, "heartbeat", beat, &e) < 0)
        goto fail_tx;
    if (store_commit(d->st, &e) < 0)
        goto fail_tx;
    last_beat = mono_ms();
    d->counters_dirty = 0;
    d->flush_soon = 0;
    d->last_flush_ms = last_beat;
    hist_write(d);
    d->nbatch = 0;
    alerts_flush(d);
    return 0;
fail_tx:
    store_rollback(d->st);
fail:
    d->cnt.flush_failures++;
    if (d->cnt.flush_failures < 10 || (long)d->cnt.flush_failures % 60 == 0)
        log_msg("daemon: cannot write results (%s); %zu kept for the next "
                "try",
                e.key, d->nbatch);
    return -1;
}

int
hist_open_d(struct daemon *d)
{
    char dir[DCONF_PATH_MAX + 16];
    struct hist_options opt = {0};
    struct err e;

    if (!d->cf.history)
        return 0;
    if ((d->hist = calloc(1, sizeof *d->hist)) == NULL)
        return -1;
    if (hist_dir_for_db(d->cf.db_path, dir, sizeof dir) < 0)
        return -1;
    opt.flush_seconds = -1; /* we flush after each batch */
    if (hist_open(dir, &opt, &d->hist->h, &e) < 0) {
        log_msg("daemon: cannot open the history in %s (%s); samples are not "
                "kept",
                dir, e.key);
        d->hist->h = NULL;
        return 0;
    }
    d->hist->next_retain_ms = mono_ms() + 60000;
    d->hist->next_stats_ms = mono_ms() + 5000;
    return 0;
}

void
hist_tick(struct daemon *d, int64_t now_ms)
{
    struct hist_ctx *hc = d->hist;
    struct hist_stats hs;
    struct err e;
    if (hc == NULL || hc->h == NULL)
        return;
    if (now_ms >= hc->next_stats_ms) {
        hc->next_stats_ms = now_ms + 60000;
        if (hist_stats(hc->h, &hs, &e) == 0) {
            d->cnt.hist_series = (double)hs.series;
            d->cnt.hist_memory = (double)hs.memory_bytes;
            d->cnt.hist_disk = (double)hs.bytes;
            d->cnt.hist_appended = (double)hs.appended;
            d->cnt.hist_dropped = (double)hs.dropped;
            d->counters_dirty = 1;
        }
    }
    if (now_ms < hc->next_retain_ms)
        return;
    hc->next_retain_ms = now_ms + 3600 * 1000;
    if (hist_retain(hc->h, (int64_t)time(NULL), d->cf.history_raw_days,
                    d->cf.history_days, &e) < 0)
        log_msg("daemon: history retention failed (%s)", e.key);
}

void
hist_close_d(struct daemon *d)
{
    struct err e;
    if (d->hist == NULL)
        return;
    if (d->hist->h != NULL && hist_close(d->hist->h, &e) < 0)
        log_msg("daemon: history: last flush failed (%s)", e.key);
    free(d->hist);
    d->hist = NULL;
}
