/* hist_metric.c — the history's vocabulary: metric names and resolutions,
 * roll-up levels, and where the history of a main database lives.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "hist.h"

static const struct {
    const char *name;
    int decimals;
} METRICS[HIST_METRIC__MAX] = {
    [HIST_CPU] = {"cpu", 2},         [HIST_MEMORY] = {"memory", 2},
    [HIST_DISK] = {"disk", 2},       [HIST_NET_IN] = {"net_in", 0},
    [HIST_NET_OUT] = {"net_out", 0}, [HIST_CONNECTIONS] = {"connections", 0},
    [HIST_UPTIME] = {"uptime", 0},   [HIST_LOAD1] = {"load1", 2},
    [HIST_LATENCY] = {"latency", 3}, [HIST_UP] = {"up", 0},
};

const char *
hist_metric_name(enum hist_metric m)
{
    if ((unsigned)m >= HIST_METRIC__MAX)
        return NULL;
    return METRICS[m].name;
}

int
hist_metric_parse(const char *name, enum hist_metric *out)
{
    if (name == NULL)
        return -1;
    for (int i = 0; i < HIST_METRIC__MAX; i++)
        if (strcmp(name, METRICS[i].name) == 0) {
            *out = (enum hist_metric)i;
            return 0;
        }
    return -1;
}

int
hist_metric_decimals(enum hist_metric m)
{
    if ((unsigned)m >= HIST_METRIC__MAX)
        return -1;
    return METRICS[m].decimals;
}

int
hist_level_seconds(enum hist_level l)
{
    static const int SECONDS[HIST_LEVEL__MAX] = {0, 300, 3600};
    if ((unsigned)l >= HIST_LEVEL__MAX)
        return 0;
    return SECONDS[l];
}

int
hist_dir_for_db(const char *db_path, char *out, size_t outlen)
{
    const char *slash = strrchr(db_path, '/');
    int n;

    if (slash == NULL)
        n = snprintf(out, outlen, "history");
    else if (slash == db_path)
        n = snprintf(out, outlen, "/history");
    else
        n = snprintf(out, outlen, "%.*s/history", (int)(slash - db_path),
                     db_path);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}
