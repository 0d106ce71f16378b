/* alert_texts.h — the lang keys of the alert vocabularies, each
 * "<prefix><value>"; ui_alert_word (ui_alerts.c) finds a value's label by
 * prefix and value. Only keys here: tests/lang checks each exists.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_ALERT_TEXTS_H
#define UC_ALERT_TEXTS_H

static const char *const ALERT_TEXTS[] = {
    "rule_metric_cpu",          "rule_metric_memory",
    "rule_metric_disk",         "rule_metric_latency",
    "rule_metric_up",           "rule_metric_connections",
    "rule_metric_net_in",       "rule_metric_net_out",
    "rule_metric_load",         "rule_metric_uptime",
    "rule_scope_all",           "rule_scope_type",
    "rule_scope_region",        "rule_scope_cluster",
    "rule_scope_server",        "rule_action_record",
    "rule_action_email",        "rule_action_webhook",
    "rule_action_command",      "rule_action_scale_up",
    "rule_action_scale_down",   "rule_action_failover",
    "alert_sev_info",           "alert_sev_warning",
    "alert_sev_critical",       "alert_state_pending",
    "alert_state_firing",       "alert_state_resolved",
    "alert_event_pending",      "alert_event_firing",
    "alert_event_resolved",     "alert_event_cancelled",
    "alert_event_suppressed",   "alert_event_notified",
    "alert_event_acknowledged", "alert_event_silenced",
    "alert_event_action",       "alert_event_action_failed",
    "alert_event_test",
};

#endif
