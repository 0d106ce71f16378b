/* store_alert_state.h — the evaluator's view of the database (schema
 * version 5): enabled rules with their scopes resolved to servers, the
 * topology, silences and the open alerts loaded into an engine
 * (alert_eval.h); the engine's transitions written into alerts and
 * alert_log. The daemon's calls; its connection is not scoped.
 *
 * Rules shipped with from_config = 1 take their numbers from Module
 * Config when the key is set, else keep their stored values:
 *   metric cpu:    cpu_threshold, cpu_for
 *   metric memory: mem_threshold, mem_for
 *   metric disk:   disk_threshold, disk_for
 *   metric up:     down_for (the threshold stays "< 1")
 * A threshold from the config moves the clear level by the same amount
 * (cpu_high: threshold 80, clear 70; cpu_threshold=90 -> clear 80).
 * Durations are seconds, or a number with s, m, h or d ("5m"), 0..86400;
 * thresholds a decimal number. A malformed value is logged once per load
 * and the stored value used.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_ALERT_STATE_H
#define UC_STORE_ALERT_STATE_H

#include <stdint.h>

#include "alert_eval.h"
#include "alert_topo.h"
#include "cfgfile.h"
#include "err.h"
#include "store.h"

/* Module Config numbers for from_config rules: NAN / -1 when unset. */
struct alert_overrides {
    double cpu_threshold, mem_threshold, disk_threshold;
    int cpu_for, mem_for, disk_for, down_for;
};

/* Reads the keys above from m (m may be NULL: nothing set). Malformed
 * values are logged (log_msg) and left unset. */
void alert_overrides_read(struct alert_overrides *o, const struct cfgmap *m);

/* A duration as Module Config and rules take it: digits with an optional
 * s, m, h or d; 0..86400 seconds. 0 and *out, or -1. */
int alert_duration_parse(const char *s, int *out);

/* Applies the overrides to a from_config rule (metric and numbers). */
void alert_overrides_apply(const struct alert_overrides *o, struct ae_rule *r);

/* Fills a fresh engine en (ae_engine_init'ed inside) and topo from the
 * database inside the caller's WRITE transaction: every server, the
 * enabled rules (overrides applied) matched against them, the
 * connections as topology (en->topo = topo), the silences still running
 * at now, and the open alerts into their slots. An open alert whose
 * rule no longer applies to its server (scope or rule changed, rule
 * disabled) is resolved here with a log row. first = 1 also reads the
 * last notification time of every pair notified within the damping
 * interval (later loads carry it over from the previous engine). 0, or
 * -1 with *e set (en and topo then need freeing all the same). */
int store_alert_load(struct store *st, const struct alert_overrides *o,
                     struct ae_engine *en, struct alert_topo *topo, int64_t now,
                     int first, struct err *e);

/* Writes en's queued transitions into alerts and alert_log inside the
 * caller's write transaction, filling each transition's aid; a
 * transition that notifies also gets alerts.notified and a 'notified'
 * log row (detail: the action and the dependants folded into it). Call
 * store_alert_committed after COMMIT. 0, or -1 with *e set (roll back:
 * the queue is kept and written next time). */
int store_alert_write(struct store *st, struct ae_engine *en, struct err *e);

/* After the transaction of store_alert_write committed: the slots take
 * the alert ids written. */
void store_alert_committed(struct ae_engine *en);

/* One alert_log row (the action's outcome: event "action" or
 * "action_failed"); alert may be 0. 0, or -1 with *e set. */
int store_alert_log(struct store *st, int64_t at, long long alert,
                    const char *rule, const char *server, const char *event,
                    double value, const char *detail, struct err *e);

/* The log line detail of a transition (English, one line) into out. */
void alert_transition_text(const struct ae_engine *en,
                           const struct ae_transition *t, char *out,
                           size_t outlen);

#endif
