/* hist_fill.c — puts a history into the state the daemon's writer reaches
 * late in an hour, for bench/rss_nodeexp.sh: appends, for servers (rids)
 * 1..SERVERS and every metric the daemon writes (cpu .. load1, latency,
 * up), samples at FROM, FROM + STEP, ... before TO, with realistic values
 * (random walks, slowly filling disks, noisy rates, counting uptime), then
 * closes the writer, which logs the open chunks; the daemon's writer
 * reloads them at start. All samples are in the same hour as FROM.
 *   hist_fill DIR SERVERS FROM TO STEP
 * Prints "series=N samples=N per_series=N".
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hist.h"
#include "xorshift.h"

static uint64_t rng = XORSHIFT_SEED;

static double
uniform(void)
{
    return xorshift_uniform(&rng);
}

static double
clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

struct server {
    double cpu, mem, disk, rate_in, rate_out, conns, load, lat;
    int64_t boot;
};

int
main(int argc, char **argv)
{
    struct hist *h;
    struct err e;
    struct hist_options opt = {0};
    if (argc != 6) {
        fprintf(stderr, "usage: hist_fill DIR SERVERS FROM TO STEP\n");
        return 2;
    }
    long n = atol(argv[2]);
    int64_t from = atoll(argv[3]), to = atoll(argv[4]), step = atoll(argv[5]);
    if (n < 1 || n > 1000000 || from < 1 || to <= from || step < 1 ||
        (to - 1) / 3600 != from / 3600) {
        fprintf(stderr, "hist_fill: bad arguments (FROM and TO - 1 must be "
                        "in the same hour)\n");
        return 2;
    }
    struct server *sv = calloc((size_t)n, sizeof *sv);
    if (sv == NULL)
        return 1;
    for (long i = 0; i < n; i++) {
        sv[i].cpu = 5 + 60 * uniform();
        sv[i].mem = 20 + 60 * uniform();
        sv[i].disk = 10 + 80 * uniform();
        sv[i].rate_in = 1e4 * (1 + 1e4 * uniform());
        sv[i].rate_out = 1e4 * (1 + 1e4 * uniform());
        sv[i].conns = 1 + 500 * uniform();
        sv[i].load = 4 * uniform();
        sv[i].lat = 0.2 + 5 * uniform();
        sv[i].boot = from - (int64_t)(86400 * 30 * uniform()) - 60;
    }
    opt.flush_seconds = 60;
    if (hist_open(argv[1], &opt, &h, &e) < 0) {
        fprintf(stderr, "hist_fill: cannot open %s (%s)\n", argv[1], e.key);
        return 1;
    }
    long long samples = 0;
    for (int64_t ts = from; ts < to; ts += step) {
        for (long i = 0; i < n; i++) {
            struct server *s = &sv[i];
            int64_t rid = i + 1;
            s->cpu = clamp(s->cpu + (uniform() - 0.5) * 4, 0, 100);
            s->mem = clamp(s->mem + (uniform() - 0.5) * 0.5, 0, 100);
            s->disk = clamp(s->disk + uniform() * 0.002, 0, 100);
            s->conns = clamp(s->conns + (uniform() - 0.5) * 6, 0, 1e6);
            s->load = clamp(s->load + (uniform() - 0.5) * 0.1, 0, 64);
            double v[HIST_METRIC__MAX] = {
                [HIST_CPU] = s->cpu,
                [HIST_MEMORY] = s->mem,
                [HIST_DISK] = s->disk,
                [HIST_NET_IN] = s->rate_in * (0.9 + 0.2 * uniform()),
                [HIST_NET_OUT] = s->rate_out * (0.9 + 0.2 * uniform()),
                [HIST_CONNECTIONS] = (double)(int64_t)s->conns,
                [HIST_UPTIME] = (double)(ts - s->boot),
                [HIST_LOAD1] = s->load,
                [HIST_LATENCY] = s->lat * (0.8 + 0.4 * uniform()),
                [HIST_UP] = 1};
            for (int m = 0; m < HIST_METRIC__MAX; m++) {
                if (hist_append(h, rid, (enum hist_metric)m, ts, v[m], &e) < 0) {
                    fprintf(stderr, "hist_fill: append failed (%s)\n", e.key);
                    return 1;
                }
                samples++;
            }
        }
    }
    if (hist_close(h, &e) < 0) {
        fprintf(stderr, "hist_fill: close failed (%s)\n", e.key);
        return 1;
    }
    printf("series=%ld samples=%lld per_series=%lld\n",
           n * HIST_METRIC__MAX, samples, samples / (n * HIST_METRIC__MAX));
    free(sv);
    return 0;
}
