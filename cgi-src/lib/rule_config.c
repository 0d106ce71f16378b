/* rule_config.c — what a shipped rule (from_config = 1) really uses: its
 * threshold and duration from Module Config, as the daemon's evaluator
 * reads them (store_alert_state.h: alert_overrides_read/apply), so that
 * the pages, the API and clusterctl show the numbers in force and an edit
 * starts from them.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <string.h>

#include "store_alert_state.h"
#include "store_rules.h"

void
rule_effective(struct rule *r, const struct cfgmap *config)
{
    struct alert_overrides o;
    double thr = NAN;
    int f = -1;
    if (!r->from_config)
        return;
    memset(&o, 0, sizeof o);
    o.cpu_threshold = o.mem_threshold = o.disk_threshold = NAN;
    o.cpu_for = o.mem_for = o.disk_for = o.down_for = -1;
    alert_overrides_read(&o, config);
    if (strcmp(r->metric, "cpu") == 0) {
        thr = o.cpu_threshold;
        f = o.cpu_for;
    } else if (strcmp(r->metric, "memory") == 0) {
        thr = o.mem_threshold;
        f = o.mem_for;
    } else if (strcmp(r->metric, "disk") == 0) {
        thr = o.disk_threshold;
        f = o.disk_for;
    } else if (strcmp(r->metric, "up") == 0) {
        f = o.down_for;
    }
    /* The same arithmetic as alert_overrides_apply: the clear level
     * moves with the threshold. */
    if (!isnan(thr)) {
        if (r->has_clear)
            r->clear_at += thr - r->threshold;
        r->threshold = thr;
    }
    if (f >= 0)
        r->for_s = f;
}
