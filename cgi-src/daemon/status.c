/* status.c — the status rules, pure: a round's result from its checks,
 * and the next status from the current one and the confirmation counts.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "status.h"

enum round_result
round_result(const struct round *r, double warn_ms)
{
    if (r->checks == 0)
        return RR_NONE;
    if (r->failed >= r->checks)
        return RR_FAIL;
    if (r->failed > 0 || r->latency_max_ms > warn_ms)
        return RR_DEGRADED;
    return RR_OK;
}

/* The counters saturate: a server down for years is still "down". */
#define COUNT_MAX 1000000

const char *
status_next(const char *cur, int *fails, int *oks, enum round_result rr,
            int fail_count, int ok_count)
{
    switch (rr) {
    case RR_NONE:
        *fails = *oks = 0;
        return "unknown";
    case RR_FAIL:
        *oks = 0;
        if (*fails < COUNT_MAX)
            (*fails)++;
        if (*fails >= fail_count)
            return "inactive";
        /* Not confirmed yet: keep what it was. */
        if (strcmp(cur, "active") == 0 || strcmp(cur, "warning") == 0 ||
            strcmp(cur, "inactive") == 0)
            return strcmp(cur, "active") == 0    ? "active"
                   : strcmp(cur, "warning") == 0 ? "warning"
                                                 : "inactive";
        return "unknown";
    case RR_OK:
    case RR_DEGRADED:
        *fails = 0;
        if (*oks < COUNT_MAX)
            (*oks)++;
        if (strcmp(cur, "inactive") == 0 && *oks < ok_count)
            return "inactive";
        return rr == RR_OK ? "active" : "warning";
    }
    return "unknown";
}
