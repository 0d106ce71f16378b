/* ui_alerts.h — HTML pieces of the alert pages: severity and alert-state
 * badges, durations and times as people read them, and the rule's
 * condition in one line.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_UI_ALERTS_H
#define UC_UI_ALERTS_H

#include "app.h"
#include "store_rules.h"

/* A badge coloured by severity (critical red, warning amber, info grey),
 * labelled with lang "alert_sev_<severity>". */
void ui_severity_badge(struct app *a, const char *severity);

/* The label of value in a vocabulary: prefix is "rule_metric_",
 * "rule_scope_", "rule_action_", "alert_sev_", "alert_state_" or
 * "alert_event_" (alert_texts.h); the value itself when unknown. */
const char *ui_alert_word(struct app *a, const char *prefix, const char *value);

/* "5m", "1h 30m", "45s", "2d" for seconds (escaped text). */
void ui_duration(struct buf *b, long long seconds);

/* "2026-11-29 08:00:00 UTC" for unix seconds; "-" for 0. */
void ui_clock(struct buf *b, long long t);

/* "cpu > 80 for 5m, clears at 70" for a rule (escaped text). */
void ui_rule_condition(struct app *a, const struct rule *r);

/* A labelled <select> row (label: lang label_key) of the n values, each
 * shown through ui_alert_word(prefix) (prefix NULL: the value itself). */
void ui_alert_select_row(struct app *a, const char *name, const char *label_key,
                         const char *prefix, const char *const *values,
                         size_t n, const char *selected);

/* The dashboard's line "N alerts firing (M critical)", a link to
 * alerts.cgi coloured by the worst firing severity. 0 or -1 with *e. */
int ui_alert_summary(struct app *a, struct err *e);

#endif
