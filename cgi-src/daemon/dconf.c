/* dconf.c — reading the module config keys the daemon uses.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cfgfile.h"
#include "dconf.h"
#include "log.h"
#include "store_probe.h"

void
dconf_defaults(struct dconf *cf)
{
    cf->interval_s = 30;
    cf->timeout_ms = 3000;
    cf->http_timeout_ms = 5000;
    cf->tcp = cf->http = cf->icmp = cf->metrics = 1;
    snprintf(cf->http_path, sizeof cf->http_path, "/");
    cf->http_status = 0;
    cf->http_max_bytes = 65536;
    cf->http_tls_verify = 1;
    cf->node_port = 9100;
    cf->metrics_max_bytes = 8L * 1024 * 1024;
    cf->local_metrics = 1;
    cf->fail_count = 3;
    cf->ok_count = 2;
    cf->latency_warn_ms = 500;
    cf->max_inflight = 1000;
    cf->http_max_inflight = 128;
    cf->dns_ttl_s = 300;
    cf->prometheus_url[0] = '\0';
    cf->prometheus_window_s = 120;
    cf->prometheus_max_bytes = 64L * 1024 * 1024;
    cf->history = 1;
    cf->history_raw_days = 2;
    cf->history_days = 30;
}

int
dconf_int(const char *s, long min, long max, long *out)
{
    long v = 0;
    size_t n = strlen(s);
    if (n == 0 || n > 12)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

struct num_key {
    const char *key;
    long min, max;
    size_t off;
    int is_long;
};

#define INT_KEY(k, lo, hi, f)                   \
    {                                           \
        k, lo, hi, offsetof(struct dconf, f), 0 \
    }
#define LONG_KEY(k, lo, hi, f)                  \
    {                                           \
        k, lo, hi, offsetof(struct dconf, f), 1 \
    }

static const struct num_key NUM_KEYS[] = {
    INT_KEY("check_interval", 1, 86400, interval_s),
    INT_KEY("timeout_ms", 50, 60000, timeout_ms),
    INT_KEY("http_timeout_ms", 50, 120000, http_timeout_ms),
    INT_KEY("tcp", 0, 1, tcp),
    INT_KEY("http", 0, 1, http),
    INT_KEY("icmp", 0, 1, icmp),
    INT_KEY("metrics", 0, 1, metrics),
    INT_KEY("http_status", 0, 599, http_status),
    LONG_KEY("http_max_bytes", 0, 64L * 1024 * 1024, http_max_bytes),
    INT_KEY("http_tls_verify", 0, 1, http_tls_verify),
    INT_KEY("node_exporter_port", 1, 65535, node_port),
    LONG_KEY("metrics_max_bytes", 4096, 256L * 1024 * 1024, metrics_max_bytes),
    INT_KEY("local_metrics", 0, 1, local_metrics),
    INT_KEY("fail_count", 1, 1000, fail_count),
    INT_KEY("ok_count", 1, 1000, ok_count),
    INT_KEY("latency_warn_ms", 1, 600000, latency_warn_ms),
    INT_KEY("max_inflight", 1, 65000, max_inflight),
    INT_KEY("http_max_inflight", 1, 10000, http_max_inflight),
    INT_KEY("dns_ttl", 1, 86400, dns_ttl_s),
    INT_KEY("prometheus_window", 2, 86400, prometheus_window_s),
    LONG_KEY("prometheus_max_bytes", 4096, 1024L * 1024 * 1024,
             prometheus_max_bytes),
    INT_KEY("history", 0, 1, history),
    INT_KEY("history_raw_days", 1, 3650, history_raw_days),
    INT_KEY("history_days", 0, 3650, history_days),
};

/* http(s)://host[:port][/prefix], printable, no spaces, quotes, '?' or
 * '#' (the daemon appends /api/v1/query?query=...). */
static int
prom_url_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= 480)
        return 0;
    if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '?' ||
            c == '#' || c == '<' || c == '>')
            return 0;
    }
    return 1;
}

int
dconf_load(struct dconf *cf)
{
    struct cfgmap m = {0};
    char path[DCONF_PATH_MAX + 64];
    int rc = 0;

    dconf_defaults(cf);
    snprintf(path, sizeof path, "%s/unlimited-cluster/config", cf->config_dir);
    if (cfgmap_read(&m, path) < 0 && errno != ENOENT) {
        log_msg("daemon: cannot read %s: %s", path, strerror(errno));
        rc = -1;
    }
    for (size_t i = 0; i < sizeof NUM_KEYS / sizeof *NUM_KEYS; i++) {
        const struct num_key *k = &NUM_KEYS[i];
        const char *v = cfgmap_get(&m, k->key);
        long x;
        if (v == NULL || v[0] == '\0')
            continue;
        if (dconf_int(v, k->min, k->max, &x) < 0) {
            log_msg("daemon: config %s=%s is not a number in %ld..%ld; "
                    "using the default",
                    k->key, v, k->min, k->max);
            continue;
        }
        if (k->is_long)
            *(long *)(void *)((char *)cf + k->off) = x;
        else
            *(int *)(void *)((char *)cf + k->off) = (int)x;
    }
    if (cf->http_status != 0 && cf->http_status < 100) {
        log_msg("daemon: config http_status=%d is not 0 or 100..599; "
                "using 0 (any 200..399)",
                cf->http_status);
        cf->http_status = 0;
    }
    const char *hp = cfgmap_get(&m, "http_path");
    if (hp != NULL && hp[0] != '\0') {
        if (probe_path_ok(hp))
            snprintf(cf->http_path, sizeof cf->http_path, "%s", hp);
        else
            log_msg("daemon: config http_path must start with / and hold "
                    "no spaces; using /");
    }
    const char *pu = cfgmap_get(&m, "prometheus_url");
    if (pu != NULL && pu[0] != '\0') {
        if (prom_url_ok(pu)) {
            snprintf(cf->prometheus_url, sizeof cf->prometheus_url, "%s", pu);
            size_t n = strlen(cf->prometheus_url);
            while (n > 0 && cf->prometheus_url[n - 1] == '/')
                cf->prometheus_url[--n] = '\0';
        } else {
            log_msg("daemon: config prometheus_url is not an http(s) URL; "
                    "scraping node_exporter directly");
        }
    }
    if (cf->db_opt[0] != '\0')
        snprintf(cf->db_path, sizeof cf->db_path, "%s", cf->db_opt);
    else if (cfgmap_get(&m, "db_path") != NULL &&
             cfgmap_get(&m, "db_path")[0] == '/')
        snprintf(cf->db_path, sizeof cf->db_path, "%s",
                 cfgmap_get(&m, "db_path"));
    else
        snprintf(cf->db_path, sizeof cf->db_path,
                 "%s/modules/unlimited-cluster/cluster.db", cf->var_dir);
    cfgmap_free(&m);
    return rc;
}
