/* alert.c — the names of alert metrics and actions, as stored.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "alert.h"

const char *const ALERT_METRIC_NAMES[AM__COUNT] = {
    "cpu",         "memory", "disk",    "latency", "up",
    "connections", "net_in", "net_out", "load",    "uptime",
};

const char *const ALERT_ACTION_NAMES[AA__COUNT] = {
    "record",   "email",      "webhook",  "command",
    "scale_up", "scale_down", "failover",
};

int
alert_op_holds(enum alert_op op, double v, double thr)
{
    switch (op) {
    case AO_GT:
        return v > thr;
    case AO_GE:
        return v >= thr;
    case AO_LT:
        return v < thr;
    case AO_LE:
        return v <= thr;
    }
    return 0;
}
