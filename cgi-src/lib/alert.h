/* alert.h — the shapes every part of alerting shares: the rule and alert
 * vocabularies (as stored by schema version 5, store_schema.c) and the
 * notice an alert hands to its action (alert_action.h runs it; the
 * daemon's evaluator and the alerts page's test-fire build it).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_ALERT_H
#define UC_ALERT_H

/* Rule metrics, in the order of the schema's CHECK list. */
enum alert_metric {
    AM_CPU,         /* % */
    AM_MEMORY,      /* % used */
    AM_DISK,        /* % used */
    AM_LATENCY,     /* ms, the probe's latency */
    AM_UP,          /* 1 up (active), 0 down (inactive) */
    AM_CONNECTIONS, /* TCP connections */
    AM_NET_IN,      /* bytes/s */
    AM_NET_OUT,     /* bytes/s */
    AM_LOAD,        /* load1 */
    AM_UPTIME,      /* seconds */
    AM__COUNT
};

enum alert_op { AO_GT, AO_GE, AO_LT, AO_LE };

enum alert_action {
    AA_RECORD,     /* the alert log only */
    AA_EMAIL,      /* sendmail or SMTP through libcurl */
    AA_WEBHOOK,    /* JSON POST, retries with back-off */
    AA_COMMAND,    /* a command with the alert in its environment */
    AA_SCALE_UP,   /* the configured scale-up hook (command or URL) */
    AA_SCALE_DOWN, /* the configured scale-down hook */
    AA_FAILOVER,   /* the failover hook, and/or standby switch-over */
    AA__COUNT
};

enum alert_severity { AS_INFO, AS_WARNING, AS_CRITICAL };

/* What an action is told. Strings are never NULL ("" when unknown);
 * times are Unix seconds. */
struct alert_notice {
    const char *event;  /* "firing", "resolved" or "test" */
    long long alert_id; /* alerts.aid, 0 for a test without a row */
    const char *rule;   /* rule name */
    const char *metric; /* "cpu", ... */
    const char *op;     /* ">", ... */
    double threshold;
    double value;         /* the value that made the transition */
    const char *severity; /* "info" | "warning" | "critical" */
    const char *server;   /* server id */
    const char *server_name;
    const char *server_ip;
    const char *server_type;
    const char *region;
    const char *cluster; /* the server's first cluster, "" when none */
    const char *cause;   /* root-cause server id, "" when this is the root */
    const char *const *dependants; /* servers folded into this notice */
    int ndependants;
    long long started;   /* episode start (pending) */
    long long at;        /* this transition */
    long long predicted; /* forecast crossing time, 0 when none */
    const char *reason;  /* one readable line */
};

extern const char *const ALERT_METRIC_NAMES[AM__COUNT];

/* 1 when "v op thr" holds (v > thr for AO_GT, ...), else 0. */
int alert_op_holds(enum alert_op op, double v, double thr);
extern const char *const ALERT_ACTION_NAMES[AA__COUNT];

#endif
