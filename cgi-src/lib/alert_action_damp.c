/* alert_action_damp.c — notification damping: at most one notification
 * per rule and server per interval (the evaluator keeps alerts.notified).
 * SPDX-License-Identifier: BSD-3-Clause */
#include "alert_action.h"

int
alert_action_may_notify(long long last_notified, long long now, int interval_s)
{
    if (interval_s <= 0 || last_notified <= 0)
        return 1;
    /* The clock went back further than an interval: the stored time
     * cannot be trusted to mean "recently", and waiting for the clock to
     * catch up could silence an alert for hours. */
    if (now < last_notified - interval_s)
        return 1;
    return now - last_notified >= interval_s;
}

long long
alert_action_next_notify(long long last_notified, long long now, int interval_s)
{
    if (alert_action_may_notify(last_notified, now, interval_s))
        return now;
    return last_notified + interval_s;
}
