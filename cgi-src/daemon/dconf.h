/* dconf.h — the daemon's settings: command-line paths plus the module
 * config keys it reads ($WEBMIN_CONFIG/unlimited-cluster/config), each
 * with a default and a range (docs/monitoring.md lists them).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_DCONF_H
#define UC_DCONF_H

#include <stddef.h>

#define DCONF_PATH_MAX 4096
#define DCONF_DIR_MAX  2048 /* folders: room for the names added */

struct dconf {
    /* paths (options, environment) */
    char config_dir[DCONF_DIR_MAX]; /* WEBMIN_CONFIG */
    char var_dir[DCONF_DIR_MAX];    /* WEBMIN_VAR */
    char db_path[DCONF_PATH_MAX];
    char db_opt[DCONF_PATH_MAX]; /* --db, "" when not given */
    char log_path[DCONF_PATH_MAX];
    char pidfile[DCONF_PATH_MAX];
    /* module config */
    int interval_s;      /* interval: seconds between rounds of a server */
    int timeout_ms;      /* timeout_ms: TCP connect and ICMP echo */
    int http_timeout_ms; /* http_timeout_ms: whole HTTP check / scrape */
    int tcp, http, icmp, metrics; /* which checks run (1/0) */
    char http_path[256];          /* http_path */
    int http_status;              /* http_status: 0 = any 200..399 */
    long http_max_bytes;          /* http_max_bytes: body cap per check */
    int http_tls_verify;          /* http_tls_verify */
    int node_port;                /* node_exporter_port */
    long metrics_max_bytes;       /* metrics_max_bytes: scrape cap */
    int local_metrics;            /* local_metrics: /proc for this host */
    int fail_count, ok_count;     /* fail_count, ok_count */
    int latency_warn_ms;          /* latency_warn_ms */
    int max_inflight;             /* max_inflight: TCP + ICMP at once */
    int http_max_inflight;        /* http_max_inflight: transfers */
    int dns_ttl_s;                /* dns_ttl */
    char prometheus_url[512];     /* prometheus_url, "" = scrape directly */
    int prometheus_window_s;      /* prometheus_window: rate() range */
    long prometheus_max_bytes;    /* prometheus_max_bytes */
    int history;                  /* history: samples to the history */
    int history_raw_days;         /* history_raw_days: raw samples kept */
    int history_days;             /* history_days: roll-ups kept */
};

/* Defaults for every module-config field (paths untouched). */
void dconf_defaults(struct dconf *cf);

/* Reads config_dir/unlimited-cluster/config over the defaults. A missing
 * file is not an error; a value out of range or malformed keeps the
 * default and is logged. Sets db_path (db_opt, else the config's db_path,
 * else var_dir/modules/unlimited-cluster/cluster.db). 0, or -1 when the
 * file exists but cannot be read. */
int dconf_load(struct dconf *cf);

/* A decimal integer in [min, max] (no sign, no spaces): 0 or -1. */
int dconf_int(const char *s, long min, long max, long *out);

#endif
