/* hist_fill.c — writes a test history: `hist_fill DIR RID SECONDS INTERVAL
 * [END]` appends every metric of server rid RID every INTERVAL seconds
 * from END - SECONDS (exclusive) to END (default: now, inclusive) with
 * known values (cpu 10 + i % 50, memory 40, disk 55.5, net_in 1500,
 * net_out 2500, connections 12, uptime from 86400 up, load1 0.5, latency
 * 2.25, up 1; i counts back from END), then closes (flushes) the history.
 * For the server page's chart tests. Exit 0 ok, 1 failure, 2 usage.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hist.h"

static double
value(enum hist_metric m, int64_t i, int64_t ts, int64_t end)
{
    switch (m) {
    case HIST_CPU:
        return 10 + (double)(i % 50);
    case HIST_MEMORY:
        return 40;
    case HIST_DISK:
        return 55.5;
    case HIST_NET_IN:
        return 1500;
    case HIST_NET_OUT:
        return 2500;
    case HIST_CONNECTIONS:
        return 12;
    case HIST_UPTIME:
        return (double)(86400 + ts - (end - 30 * 86400));
    case HIST_LOAD1:
        return 0.5;
    case HIST_LATENCY:
        return 2.25;
    default:
        return 1;
    }
}

int
main(int argc, char **argv)
{
    struct hist_options o = {.flush_seconds = -1};
    struct hist *h;
    struct err e;
    int64_t rid, secs, step, end, n;

    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: hist_fill DIR RID SECONDS INTERVAL [END]\n");
        return 2;
    }
    rid = atoll(argv[2]);
    secs = atoll(argv[3]);
    step = atoll(argv[4]);
    end = argc == 6 ? atoll(argv[5]) : (int64_t)time(NULL);
    if (rid <= 0 || secs <= 0 || step <= 0 || end <= secs) {
        fprintf(stderr, "hist_fill: bad arguments\n");
        return 2;
    }
    if (hist_open(argv[1], &o, &h, &e) < 0) {
        fprintf(stderr, "hist_fill: open: %s\n", e.key);
        return 1;
    }
    n = secs / step;
    for (int64_t i = n - 1; i >= 0; i--) {
        int64_t ts = end - i * step;
        if (ts <= end - secs)
            continue;
        for (int m = 0; m < HIST_METRIC__MAX; m++)
            if (hist_append(h, rid, (enum hist_metric)m, ts,
                            value((enum hist_metric)m, i, ts, end), &e) < 0) {
                fprintf(stderr, "hist_fill: append: %s\n", e.key);
                hist_close(h, &e);
                return 1;
            }
    }
    if (hist_close(h, &e) < 0) {
        fprintf(stderr, "hist_fill: close: %s\n", e.key);
        return 1;
    }
    printf("hist_fill: %lld samples a metric\n", (long long)n);
    return 0;
}
