/* hist_estate.h — aggregates of one metric across many servers over time
 * (the performance and network pages): per bucket the mean, the sum, the
 * lowest and highest server and the median and 95th percentile of the
 * servers' bucket means, computed from the ordinary per-server queries
 * (hist_query, so roll-ups are used for 5 min and 1 h steps).
 *
 * Cost: buckets older than two hours, and older than the newest hour with
 * a sealed chunk (both rounded down to the step), are read
 * straight from the roll-ups of each day file (one lookup per server and
 * day at 1 h steps, one per server and hour at 5 min steps: no directory
 * listing per server); the recent part, and raw steps, go through one
 * hist_query per server and day. Callers still bound the servers they pass
 * (hist_estate_sample picks an even sample of a larger set): exact figures
 * for a very large estate belong in series the daemon writes itself.
 * The roll-up path relies on every hour before the newest sealed one being
 * sealed, as a writer does it (in hour order, all series within minutes);
 * a stopped writer's open hours come after that and go through hist_query.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_HIST_ESTATE_H
#define UC_HIST_ESTATE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "hist.h"

/* Buckets one query may ask for. */
#define HIST_ESTATE_BUCKETS_MAX 2000

/* One bucket [ts, ts + step). servers = 0: no server had a sample (every
 * value is then NAN). */
struct hist_estate_point {
    int64_t ts;
    uint32_t servers; /* servers with at least one sample in the bucket */
    double mean;      /* mean of the servers' bucket means */
    double sum;       /* sum of the servers' bucket means (a total rate) */
    double min, max;  /* lowest sample and highest sample of any server */
    double p50, p95;  /* of the servers' bucket means (nearest rank) */
};

/* One server's samples over the whole range (optional output). */
struct hist_estate_server {
    double sum; /* of the samples' values */
    uint64_t n; /* samples; 0: none (mean and max unknown) */
    double max; /* highest sample */
};

struct hist_estate_query {
    const int64_t *rids; /* servers, any order, duplicates counted twice */
    size_t nrids;
    enum hist_metric metric;
    int64_t from, to; /* [from, to): from is rounded down to a step */
    int64_t step;     /* > 0; (to - from) / step <= HIST_ESTATE_BUCKETS_MAX */
    struct hist_estate_point *out;         /* caller's array of cap points */
    struct hist_estate_server *per_server; /* NULL, or nrids entries,
                                              filled (zeroed first) */
    size_t cap;
    int64_t now;   /* the "recent" boundary is now - 2 h; 0 = time(NULL) */
    size_t n;      /* out: buckets written, every one of [from, to) */
    size_t failed; /* out: servers whose query failed (logged, skipped) */
};

/* Runs q against h. 0, or -1 with *e set: ERR_INVALID for a bad metric,
 * range or step (field "metric", "from" or "step"), too few points in
 * out (ERR_INVALID field "step"), ERR_INTERNAL when out of memory. A
 * server whose own query fails is skipped and counted in q->failed. */
int hist_estate_query(struct hist *h, struct hist_estate_query *q,
                      struct err *e);

/* Chooses at most max of the n rids (sorted or not) evenly spaced through
 * the array, in place at its start; returns how many are kept (n when
 * n <= max). max 0 keeps none. */
size_t hist_estate_sample(int64_t *rids, size_t n, size_t max);

#endif
