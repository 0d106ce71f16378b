/* hist_bench.c — benchmark of the metrics history (bench/history.sh runs
 * it). Three commands:
 *   hist_bench ingest DIR SERVERS SAMPLES [realistic|noise [FLUSH]]
 *       appends SERVERS x 8 metrics x SAMPLES samples, 15 s apart from
 *       2027-01-15 00:00 UTC, in the daemon's order (every series for one
 *       timestamp, then the next), with realistic values (random walks,
 *       slow counters) or uniform noise at full resolution (the worst
 *       case), calling hist_flush every FLUSH timestamps (4 = once a
 *       minute of sample time, as the daemon does; 0 = only at the end);
 *       prints samples/s (flushes included), bytes per sample on disk,
 *       memory per series, the time of a flush.
 *   hist_bench query DIR SERVERS SAMPLES RUNS
 *       for RUNS random series, times a 1 h raw query, a 24 h query at
 *       5 min, a 24 h raw one, a 30 d query at 1 h ending at the last
 *       sample; each opens a reader, queries and closes it, as a CGI does.
 *   hist_bench retain DIR NOW RAW_DAYS ROLLUP_DAYS
 *       times hist_retain.
 * Output: one "key=value" line per figure.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include "hist.h"
#include "xorshift.h"

#define START    ((int64_t)1799971200) /* 2027-01-15 00:00:00 UTC */
#define INTERVAL 15
#define METRICS  8 /* cpu .. load1: what a node_exporter scrape gives */

static uint64_t rng = XORSHIFT_SEED;

static uint64_t
next_rand(void)
{
    return xorshift_next(&rng);
}

/* Uniform in [0, 1). */
static double
uniform(void)
{
    return xorshift_uniform(&rng);
}

/* Roughly normal, mean 0, deviation 1 (sum of three uniforms). */
static double
gauss(void)
{
    return (uniform() + uniform() + uniform() - 1.5) * 2.0;
}

static double
now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Non-negative decimal integer, or -1. */
static int64_t
parse_count(const char *s)
{
    int64_t v = 0;
    if (s == NULL || *s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > INT64_MAX / 10 - 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* A server's state for the realistic generator. */
struct server {
    double cpu, mem, disk, net_base, conns_base, load, uptime;
    int idle;
};

static double
clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void
server_init(struct server *s)
{
    s->idle = uniform() < 0.3;
    s->cpu = s->idle ? 1 + uniform() * 2 : 10 + uniform() * 60;
    s->mem = 20 + uniform() * 60;
    s->disk = 10 + uniform() * 70;
    s->net_base = 1e4 * (1 + uniform() * 9999); /* 10 kB/s .. 100 MB/s */
    s->conns_base = 10 + uniform() * 2000;
    s->load = uniform() * 8;
    s->uptime = (double)(int64_t)(uniform() * 1e7);
}

/* The next value of metric m of server s. */
static double
realistic(struct server *s, enum hist_metric m)
{
    switch (m) {
    case HIST_CPU:
        s->cpu = clamp(s->cpu + gauss() * (s->idle ? 0.2 : 1.5), 0, 100);
        return s->cpu;
    case HIST_MEMORY:
        s->mem = clamp(s->mem + gauss() * 0.05, 0, 100);
        return s->mem;
    case HIST_DISK:
        s->disk = clamp(s->disk + 0.0005, 0, 100);
        return s->disk;
    case HIST_NET_IN:
        return s->net_base * (1 + gauss() * 0.1);
    case HIST_NET_OUT:
        return s->net_base * 0.3 * (1 + gauss() * 0.1);
    case HIST_CONNECTIONS:
        return (double)(int64_t)(s->conns_base * (1 + gauss() * 0.03));
    case HIST_UPTIME:
        s->uptime += INTERVAL;
        return s->uptime;
    default:
        s->load = clamp(s->load + gauss() * 0.05, 0, 64);
        return s->load;
    }
}

/* Uniform noise at full resolution: the worst case for the encoding. */
static double
noise(enum hist_metric m)
{
    switch (m) {
    case HIST_CPU:
    case HIST_MEMORY:
    case HIST_DISK:
        return uniform() * 100;
    case HIST_NET_IN:
    case HIST_NET_OUT:
        return uniform() * 1.25e9;
    case HIST_CONNECTIONS:
        return (double)(int64_t)(uniform() * 65536);
    case HIST_UPTIME:
        return (double)(int64_t)(uniform() * 1e8);
    default:
        return uniform() * 64;
    }
}

static long
peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* CPU seconds used so far (user + system): on a shared machine the rate
 * per CPU second is the figure that does not depend on the neighbours. */
static double
cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int
fail(const char *what, const struct err *e)
{
    fprintf(stderr, "hist_bench: %s failed: %s %s\n", what, e->key, e->arg[0]);
    return 1;
}

static int
ingest(const char *dir, int64_t servers, int64_t samples, int noisy,
       int64_t flush_every)
{
    struct hist_options o = {.flush_seconds = -1,
                             .max_series = (size_t)(servers * METRICS)};
    struct server *sv = calloc((size_t)servers, sizeof *sv);
    struct hist_stats st, mid = {0};
    struct hist *h;
    struct err e;
    double t0, t1, t2, c0, c1, tflush = 0, tmax = 0;
    int64_t n = 0, flushes = 0;

    if (sv == NULL || hist_open(dir, &o, &h, &e) < 0)
        return fail("open", &e);
    for (int64_t r = 0; r < servers; r++)
        server_init(&sv[r]);
    t0 = now_s();
    c0 = cpu_s();
    for (int64_t i = 0; i < samples; i++) {
        int64_t ts = START + i * INTERVAL;
        for (int64_t r = 0; r < servers; r++)
            for (int m = 0; m < METRICS; m++) {
                double v = noisy ? noise((enum hist_metric)m)
                                 : realistic(&sv[r], (enum hist_metric)m);
                if (hist_append(h, r + 1, (enum hist_metric)m, ts, v, &e) != 0)
                    return fail("append", &e);
                n++;
            }
        if (flush_every > 0 && (i + 1) % flush_every == 0) {
            double f0 = now_s(), c;
            if (hist_flush(h, &e) < 0)
                return fail("flush", &e);
            c = now_s() - f0;
            tflush += c;
            tmax = c > tmax ? c : tmax;
            flushes++;
        }
        /* Heads are fullest just before an hour ends: measure memory then
         * (not timed); the last hour measured is the steady state. */
        if ((i + 1) % 240 == 0) {
            double w0 = now_s();
            double u0 = cpu_s();
            if (hist_stats(h, &mid, &e) < 0)
                return fail("stats", &e);
            t0 += now_s() - w0;
            c0 += cpu_s() - u0;
        }
    }
    t1 = now_s();
    if (hist_close(h, &e) < 0)
        return fail("close", &e);
    t2 = now_s();
    c1 = cpu_s();
    o.readonly = 1;
    if (hist_open(dir, &o, &h, &e) < 0 || hist_stats(h, &st, &e) < 0)
        return fail("stats", &e);
    hist_close(h, &e);
    printf("servers=%lld metrics=%d samples_per_series=%lld samples=%lld "
           "values=%s\n",
           (long long)servers, METRICS, (long long)samples, (long long)n,
           noisy ? "noise" : "realistic");
    printf("ingest_seconds=%.3f (flushes %.3f) close_seconds=%.3f\n", t1 - t0,
           tflush, t2 - t1);
    printf("samples_per_second=%.0f cpu_seconds=%.3f "
           "samples_per_cpu_second=%.0f\n",
           (double)n / (t2 - t0), c1 - c0, (double)n / (c1 - c0));
    if (flushes > 0)
        printf("flushes=%lld flush_avg_ms=%.1f flush_max_ms=%.1f\n",
               (long long)flushes, tflush * 1000 / (double)flushes,
               tmax * 1000);
    printf("disk_bytes=%lld samples_on_disk=%lld bytes_per_sample=%.3f\n",
           (long long)st.bytes, (long long)st.samples,
           (double)st.bytes / (double)(st.samples ? st.samples : 1));
    if (mid.series > 0)
        printf("series=%zu memory_bytes=%zu memory_per_series=%.0f\n",
               mid.series, mid.memory_bytes,
               (double)mid.memory_bytes / (double)mid.series);
    printf("peak_rss_kib=%ld\n", peak_rss_kib());
    free(sv);
    return 0;
}

static int
count_points(const struct hist_point *p, void *ctx)
{
    (void)p;
    (*(size_t *)ctx)++;
    return 0;
}

static int
dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Times RUNS queries of one shape, each with its own reader handle. */
static int
time_queries(const char *dir, const char *name, int64_t servers, int64_t end,
             int64_t span, int64_t step, int64_t runs)
{
    struct hist_options o = {.readonly = 1};
    double *ms = calloc((size_t)runs, sizeof *ms);
    size_t points = 0;
    struct err e;

    if (ms == NULL)
        return 1;
    for (int64_t k = 0; k < runs; k++) {
        struct hist *h;
        struct hist_query q = {0};
        double t0 = now_s();
        q.rid = 1 + (int64_t)(next_rand() % (uint64_t)servers);
        q.metric = (enum hist_metric)(next_rand() % METRICS);
        q.from = end - span;
        q.to = end;
        q.step = step;
        q.fn = count_points;
        q.ctx = &points;
        if (hist_open(dir, &o, &h, &e) < 0 || hist_query(h, &q, &e) < 0)
            return fail("query", &e);
        hist_close(h, &e);
        ms[k] = (now_s() - t0) * 1000;
    }
    qsort(ms, (size_t)runs, sizeof *ms, dbl_cmp);
    printf("query=%s step=%lld points=%.0f median_ms=%.3f p90_ms=%.3f "
           "max_ms=%.3f\n",
           name, (long long)step, (double)points / (double)runs, ms[runs / 2],
           ms[runs * 9 / 10], ms[runs - 1]);
    free(ms);
    return 0;
}

static int
query(const char *dir, int64_t servers, int64_t samples, int64_t runs)
{
    int64_t end = START + samples * INTERVAL;
    return time_queries(dir, "1h_raw", servers, end, 3600, 0, runs) ||
           time_queries(dir, "24h_5m", servers, end, 86400, 300, runs) ||
           time_queries(dir, "24h_raw", servers, end, 86400, 0, runs) ||
           time_queries(dir, "30d_1h", servers, end, 30 * 86400, 3600, runs) ||
           time_queries(dir, "30d_5m", servers, end, 30 * 86400, 300, runs);
}

static int
retain(const char *dir, int64_t now, int64_t raw_days, int64_t rollup_days)
{
    struct hist_options o = {.flush_seconds = -1};
    struct hist_stats a, b;
    struct hist *h;
    struct err e;
    double t0;

    if (hist_open(dir, &o, &h, &e) < 0 || hist_stats(h, &a, &e) < 0)
        return fail("open", &e);
    t0 = now_s();
    if (hist_retain(h, now, (int)raw_days, (int)rollup_days, &e) < 0)
        return fail("retain", &e);
    printf("retain_ms=%.1f raw_days=%d->", (now_s() - t0) * 1000, a.raw_days);
    if (hist_stats(h, &b, &e) < 0)
        return fail("stats", &e);
    printf("%d rollup_days=%d->%d disk_bytes=%lld->%lld\n", b.raw_days,
           a.rollup_days, b.rollup_days, (long long)a.bytes,
           (long long)b.bytes);
    hist_close(h, &e);
    return 0;
}

static int
usage(void)
{
    fprintf(stderr, "usage: hist_bench ingest DIR SERVERS SAMPLES "
                    "[realistic|noise [FLUSH]]\n"
                    "       hist_bench query DIR SERVERS SAMPLES RUNS\n"
                    "       hist_bench retain DIR NOW RAW_DAYS ROLLUP_DAYS\n");
    return 2;
}

int
main(int argc, char **argv)
{
    int64_t a, b, c;

    if (argc < 5)
        return usage();
    a = parse_count(argv[3]);
    b = parse_count(argv[4]);
    if (a <= 0 || b <= 0)
        return usage();
    if (strcmp(argv[1], "ingest") == 0 && argc <= 7) {
        int noisy = argc > 5 && strcmp(argv[5], "noise") == 0;
        if (argc > 5 && !noisy && strcmp(argv[5], "realistic") != 0)
            return usage();
        c = argc > 6 ? parse_count(argv[6]) : 0;
        return c < 0 ? usage() : ingest(argv[2], a, b, noisy, c);
    }
    if (argc != 6 || (c = parse_count(argv[5])) < 0)
        return usage();
    if (strcmp(argv[1], "query") == 0 && c > 0)
        return query(argv[2], a, b, c);
    if (strcmp(argv[1], "retain") == 0)
        return retain(argv[2], a, b, c);
    return usage();
}
