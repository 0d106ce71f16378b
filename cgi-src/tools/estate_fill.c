/* estate_fill.c — writes a history for many servers at once, for timing
 * the estate pages: `estate_fill DIR RIDFILE SECONDS INTERVAL [END]`
 * appends every metric of each server rid listed in RIDFILE (one per
 * line) every INTERVAL seconds from END - SECONDS (exclusive) to END
 * (default now), in the daemon's order (all series for one timestamp,
 * then the next), with values that differ between servers (cpu follows a
 * per-server level plus a daily wave), flushing once an hour of sample
 * time. Exit 0 ok, 1 failure, 2 usage.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hist.h"

#define RIDS_MAX 100000

static double
value(enum hist_metric m, int64_t rid, int64_t ts)
{
    double level = (double)(rid % 97) / 97.0; /* 0..1 per server */
    double wave = sin((double)(ts % 86400) / 86400.0 * 6.283185307);
    switch (m) {
    case HIST_CPU:
        return 5 + 60 * level + 20 * (wave + 1) / 2;
    case HIST_MEMORY:
        return 30 + 50 * level;
    case HIST_DISK:
        return 20 + 70 * level;
    case HIST_NET_IN:
        return round(1e6 * level * (1.5 + wave));
    case HIST_NET_OUT:
        return round(2e6 * level * (1.5 + wave));
    case HIST_CONNECTIONS:
        return round(10 + 500 * level);
    case HIST_UPTIME:
        return (double)(ts % 10000000);
    case HIST_LOAD1:
        return round(100 * (0.2 + 4 * level * (wave + 1))) / 100;
    case HIST_LATENCY:
        return round(1000 * (1 + 20 * level)) / 1000;
    default:
        return 1;
    }
}

int
main(int argc, char **argv)
{
    struct hist_options o = {.flush_seconds = -1};
    static int64_t rids[RIDS_MAX];
    size_t n = 0;
    struct hist *h;
    struct err e;
    int64_t secs, step, end;
    long long v;
    FILE *f;

    if (argc != 5 && argc != 6) {
        fprintf(stderr,
                "usage: estate_fill DIR RIDFILE SECONDS INTERVAL [END]\n");
        return 2;
    }
    secs = atoll(argv[3]);
    step = atoll(argv[4]);
    end = argc == 6 ? atoll(argv[5]) : (int64_t)time(NULL);
    if (secs <= 0 || step <= 0 || end <= secs) {
        fprintf(stderr, "estate_fill: bad arguments\n");
        return 2;
    }
    if ((f = fopen(argv[2], "r")) == NULL) {
        perror("estate_fill: rid file");
        return 1;
    }
    while (n < RIDS_MAX && fscanf(f, "%lld", &v) == 1)
        if (v > 0)
            rids[n++] = v;
    fclose(f);
    if (hist_open(argv[1], &o, &h, &e) < 0) {
        fprintf(stderr, "estate_fill: open: %s\n", e.key);
        return 1;
    }
    for (int64_t ts = end - secs + step; ts <= end; ts += step) {
        for (size_t i = 0; i < n; i++)
            for (int m = 0; m < HIST_METRIC__MAX; m++)
                if (hist_append(h, rids[i], (enum hist_metric)m, ts,
                                value((enum hist_metric)m, rids[i], ts),
                                &e) < 0) {
                    fprintf(stderr, "estate_fill: append: %s\n", e.key);
                    hist_close(h, &e);
                    return 1;
                }
        if (ts % 3600 < step && hist_flush(h, &e) < 0) {
            fprintf(stderr, "estate_fill: flush: %s\n", e.key);
            hist_close(h, &e);
            return 1;
        }
    }
    if (hist_close(h, &e) < 0) {
        fprintf(stderr, "estate_fill: close: %s\n", e.key);
        return 1;
    }
    printf("estate_fill: %zu servers, %lld samples each a metric\n", n,
           (long long)(secs / step));
    return 0;
}
