/* prom.c — host metrics from a Prometheus server instead of scraping
 * node_exporter (module config prometheus_url). Once per interval, one
 * instant-vector query per metric over /api/v1/query, for every instance
 * at once; a result is a server's when its instance label is
 * "<ip>:<node_exporter port>" ("[v6]:port"). Counter rates come from
 * PromQL's rate() over prometheus_window seconds.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <curl/curl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon.h"
#include "log.h"

struct pq {
    CURL *easy;
    struct sink sink;
    char errbuf[CURL_ERROR_SIZE];
};

struct prom {
    struct pq q[PM__MAX];
    int busy;
    int fetched; /* a full set of queries has completed */
    int failing; /* the last cycle had a failure (logged once) */
    int64_t next_ms;
};

/* The PromQL for metric pm into out. */
static void
expr(const struct dconf *cf, int pm, char *out, size_t n)
{
    int w = cf->prometheus_window_s;
    switch (pm) {
    case PM_CPU:
        snprintf(out, n,
                 "100 * (1 - sum by (instance) (rate(node_cpu_seconds_total"
                 "{mode=\"idle\"}[%ds])) / sum by (instance) "
                 "(rate(node_cpu_seconds_total[%ds])))",
                 w, w);
        break;
    case PM_MEM:
        snprintf(out, n,
                 "100 * (1 - node_memory_MemAvailable_bytes / "
                 "node_memory_MemTotal_bytes)");
        break;
    case PM_DISK:
        snprintf(out, n,
                 "max by (instance) (100 * (1 - node_filesystem_avail_bytes"
                 "{fstype!~\"%s\"} / node_filesystem_size_bytes"
                 "{fstype!~\"%s\"}))",
                 NODEEXP_FS_SKIP_RE, NODEEXP_FS_SKIP_RE);
        break;
    case PM_NET_IN:
    case PM_NET_OUT:
        snprintf(out, n,
                 "sum by (instance) (rate(node_network_%s_bytes_total"
                 "{device!~\"%s\"}[%ds]))",
                 pm == PM_NET_IN ? "receive" : "transmit", NODEEXP_NET_SKIP_RE,
                 w);
        break;
    case PM_TCP_CONNS:
        snprintf(out, n, "node_netstat_Tcp_CurrEstab");
        break;
    case PM_UPTIME:
        snprintf(out, n, "node_time_seconds - node_boot_time_seconds");
        break;
    case PM_LOAD1:
    case PM_LOAD5:
    case PM_LOAD15:
        snprintf(out, n, "node_load%s",
                 pm == PM_LOAD1   ? "1"
                 : pm == PM_LOAD5 ? "5"
                                  : "15");
        break;
    default:
        out[0] = '\0';
    }
}

static void
urlenc(const char *s, char *out, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (; *s && o + 4 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
            c == '~') {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
}

int
prom_open(struct daemon *d)
{
    d->prom = calloc(1, sizeof *d->prom);
    return d->prom ? 0 : -1;
}

int
prom_owns(struct daemon *d, void *easy)
{
    for (int i = 0; d->prom && i < PM__MAX; i++)
        if (d->prom->q[i].easy == easy)
            return 1;
    return 0;
}

int
prom_busy(struct daemon *d)
{
    return d->cf.prometheus_url[0] != '\0' && d->prom &&
           (d->prom->busy > 0 || !d->prom->fetched);
}

void
prom_abort_all(struct daemon *d)
{
    struct prom *p = d->prom;
    for (int i = 0; p && i < PM__MAX; i++) {
        if (p->q[i].easy == NULL)
            continue;
        curl_multi_remove_handle(d->multi, p->q[i].easy);
        curl_easy_cleanup(p->q[i].easy);
        p->q[i].easy = NULL;
        sink_free(&p->q[i].sink);
    }
    if (p)
        p->busy = 0;
}

void
prom_reset(struct daemon *d)
{
    prom_abort_all(d);
    if (d->prom) {
        d->prom->next_ms = 0;
        d->prom->fetched = 0;
    }
}

void
prom_close(struct daemon *d)
{
    prom_abort_all(d);
    free(d->prom);
    d->prom = NULL;
}

void
prom_tick(struct daemon *d, int64_t now_ms)
{
    struct prom *p = d->prom;
    char e[1024], enc[3200], url[4096];

    if (p == NULL || d->cf.prometheus_url[0] == '\0' || p->busy > 0 ||
        now_ms < p->next_ms || !d->cf.metrics)
        return;
    p->next_ms = now_ms + (int64_t)d->cf.interval_s * 1000;
    for (int i = 0; i < PM__MAX; i++) {
        struct pq *q = &p->q[i];
        expr(&d->cf, i, e, sizeof e);
        urlenc(e, enc, sizeof enc);
        snprintf(url, sizeof url, "%s/api/v1/query?query=%s",
                 d->cf.prometheus_url, enc);
        memset(&q->sink, 0, sizeof q->sink);
        q->sink.keep = 1;
        q->sink.max = (size_t)d->cf.prometheus_max_bytes;
        q->easy = curl_easy_init();
        if (q->easy == NULL ||
            http_easy_setup(q->easy, &d->cf, url, d->cf.http_timeout_ms * 2L,
                            &q->sink, q->errbuf) < 0 ||
            curl_easy_setopt(q->easy, CURLOPT_ACCEPT_ENCODING, "") !=
                CURLE_OK ||
            curlm_add(d, q->easy) < 0) {
            if (q->easy)
                curl_easy_cleanup(q->easy);
            q->easy = NULL;
            d->cnt.prom_failures++;
            continue;
        }
        d->cnt.prom_queries++;
        p->busy++;
    }
}

/* "host:port" as Prometheus labels the instance. */
static void
instance_of(const struct daemon *d, const struct target *t, char *out, size_t n)
{
    int port = t->set.node_port > 0 ? t->set.node_port : d->cf.node_port;
    if (strchr(t->host, ':') != NULL)
        snprintf(out, n, "[%s]:%d", t->host, port);
    else
        snprintf(out, n, "%s:%d", t->host, port);
}

static int
eligible(const struct daemon *d, const struct target *t)
{
    return t->set.node_port != 0 && !t->set.maintenance &&
           !(t->local && d->cf.local_metrics);
}

/* A small open-addressing index instance -> target, built per result
 * from the live table (targets come and go between queries). */
struct idx {
    struct target **slot;
    size_t mask;
};

static uint64_t
hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int
idx_build(struct daemon *d, struct idx *x, int pm)
{
    size_t cap = 16;
    while (cap < d->ntargets * 2)
        cap *= 2;
    x->slot = calloc(cap, sizeof *x->slot);
    if (x->slot == NULL)
        return -1;
    x->mask = cap - 1;
    for (size_t i = 0; i < d->tabsize; i++)
        for (struct target *t = d->tab[i]; t; t = t->hnext) {
            char key[VALID_HOST_MAX + 16];
            if (!eligible(d, t))
                continue;
            t->m[pm] = NAN; /* unless this result has it */
            instance_of(d, t, key, sizeof key);
            size_t h = (size_t)hash(key) & x->mask;
            while (x->slot[h] != NULL)
                h = (h + 1) & x->mask;
            x->slot[h] = t;
        }
    return 0;
}

static struct target *
idx_find(const struct daemon *d, const struct idx *x, const char *inst)
{
    char key[VALID_HOST_MAX + 16];
    for (size_t h = (size_t)hash(inst) & x->mask; x->slot[h];
         h = (h + 1) & x->mask) {
        instance_of(d, x->slot[h], key, sizeof key);
        if (strcmp(key, inst) == 0)
            return x->slot[h];
    }
    return NULL;
}

/* Applies one query's vector; 0, or -1 with why. */
static int
apply(struct daemon *d, int pm, const char *body, size_t len, char *why,
      size_t wn)
{
    json_error_t jerr;
    json_t *root = json_loadb(body, len, 0, &jerr);
    struct idx x;
    int rc = -1;

    if (root == NULL) {
        snprintf(why, wn, "not JSON: %s", jerr.text);
        return -1;
    }
    const char *status = json_string_value(json_object_get(root, "status"));
    json_t *data = json_object_get(root, "data");
    json_t *result = json_object_get(data, "result");
    const char *rtype = json_string_value(json_object_get(data, "resultType"));
    if (status == NULL || strcmp(status, "success") != 0 || rtype == NULL ||
        strcmp(rtype, "vector") != 0 || !json_is_array(result)) {
        const char *err = json_string_value(json_object_get(root, "error"));
        snprintf(why, wn, "query failed: %s", err ? err : "no vector");
        goto out;
    }
    if (idx_build(d, &x, pm) < 0) {
        snprintf(why, wn, "out of memory");
        goto out;
    }
    size_t i;
    json_t *s;
    json_array_foreach(result, i, s)
    {
        const char *inst = json_string_value(
            json_object_get(json_object_get(s, "metric"), "instance"));
        const char *val =
            json_string_value(json_array_get(json_object_get(s, "value"), 1));
        struct target *t;
        char *end;
        if (inst == NULL || val == NULL || (t = idx_find(d, &x, inst)) == NULL)
            continue;
        double v = strtod(val, &end);
        if (*end == '\0' && isfinite(v))
            t->m[pm] = v;
    }
    free(x.slot);
    rc = 0;
out:
    json_decref(root);
    return rc;
}

/* After the last query of a cycle: which servers got values. */
static void
cycle_done(struct daemon *d)
{
    long long now = (long long)time(NULL);
    for (size_t i = 0; i < d->tabsize; i++)
        for (struct target *t = d->tab[i]; t; t = t->hnext) {
            if (!eligible(d, t))
                continue;
            int any = 0;
            for (int m = 0; m < PM__MAX; m++)
                any |= !isnan(t->m[m]);
            if (any) {
                t->metrics_at = now;
                snprintf(t->metrics_source, sizeof t->metrics_source,
                         "prometheus");
                target_metrics_error(t, NULL);
            } else {
                char inst[VALID_HOST_MAX + 16], why[PROBE_ERROR_MAX + 1];
                instance_of(d, t, inst, sizeof inst);
                snprintf(why, sizeof why,
                         "Prometheus has no node_exporter data for instance "
                         "%.150s",
                         inst);
                target_metrics_error(t, why);
            }
        }
}

void
prom_easy_done(struct daemon *d, void *easy, int code)
{
    struct prom *p = d->prom;
    long status = 0;
    char why[300] = "";
    int pm;

    for (pm = 0; pm < PM__MAX && p->q[pm].easy != easy; pm++)
        ;
    if (pm == PM__MAX)
        return;
    struct pq *q = &p->q[pm];
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK)
        snprintf(why, sizeof why, "%s",
                 q->errbuf[0] ? q->errbuf : curl_easy_strerror((CURLcode)code));
    else if (status != 200 && status != 400 && status != 422)
        snprintf(why, sizeof why, "HTTP status %ld", status);
    else
        apply(d, pm, q->sink.body ? q->sink.body : "", q->sink.len, why,
              sizeof why);
    curl_easy_cleanup(easy);
    q->easy = NULL;
    sink_free(&q->sink);
    if (why[0] != '\0') {
        d->cnt.prom_failures++;
        if (!p->failing)
            log_msg("daemon: Prometheus %s: %s: %s", d->cf.prometheus_url,
                    PROBE_METRIC_NAMES[pm], why);
        p->failing = 1;
    }
    if (--p->busy == 0) {
        if (why[0] == '\0' && p->failing) {
            log_msg("daemon: Prometheus %s answers again",
                    d->cf.prometheus_url);
            p->failing = 0;
        }
        cycle_done(d);
        p->fetched = 1;
    }
}
