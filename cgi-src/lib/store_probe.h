/* store_probe.h — what the monitoring daemon keeps in the graph store:
 * per-server probe settings, the latest results per server (current
 * values), and the daemon's own counters and facts for /metrics and
 * status pages (schema version 2, docs/monitoring.md).
 * Like store.h: every call runs inside a transaction the caller opened
 * with store_begin; reads go through the caller's scope (a limited user
 * sees only their servers), the daemon's own connection is not scoped.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_PROBE_H
#define UC_STORE_PROBE_H

#include "store.h"

#define PROBE_PATH_MAX  255
#define PROBE_ERROR_MAX 255

/* A server's own probe settings; "use the module config's default" is -1
 * for numbers and "" for text. */
struct probe_settings {
    int node_port;       /* node_exporter port; 0 = no metrics */
    int http_port;       /* port of the HTTP check; -1 = automatic */
    char http_scheme[8]; /* "" automatic (https on 443/8443), http, https */
    char http_path[PROBE_PATH_MAX + 1]; /* starts with '/' */
    int http_status;                    /* expected status 100..599 */
    int maintenance;                    /* 1: not probed, status "unknown" */
};

/* Every field "default", maintenance off. */
void probe_settings_default(struct probe_settings *p);

/* 0, or -1 with ERR_INVALID, field (node_port, http_port, http_scheme,
 * http_path, http_status, maintenance) and a lang key err_probe_*. A path
 * is 1..255 bytes, starts with '/', printable ASCII without spaces,
 * backslashes or '#' (percent-encode anything else). */
int probe_settings_valid(const struct probe_settings *p, struct err *e);
/* An HTTP check's path: '/' then printable ASCII without space, '\\' or
 * '#', at most PROBE_PATH_MAX bytes. 1 yes, 0 no. */
int probe_path_ok(const char *s);

/* The settings of server id (all defaults when it has none). Unknown or
 * hidden id -> ERR_NOT_FOUND field "id" "err_server_not_found". */
int store_probe_settings_get(struct store *st, const char *id,
                             struct probe_settings *out, struct err *e);

/* Replaces the settings of server id (validated here first; bad settings
 * change nothing). Unknown or hidden id -> ERR_NOT_FOUND as above. All
 * defaults removes the row. */
int store_probe_settings_set(struct store *st, const char *id,
                             const struct probe_settings *p, struct err *e);

/* Turns maintenance on (1) or off (0), keeping the other settings. */
int store_probe_maintenance_set(struct store *st, const char *id, int on,
                                struct err *e);

/* ---- the daemon's view of the estate ---- */

struct probe_target {
    long long rid; /* servers.rid: the history's series key */
    char id[VALID_ID_MAX + 1];
    char type[16];
    char ip[VALID_HOST_MAX + 1];
    char ports[128]; /* "" = the type's ports */
    char status[16]; /* as stored in servers.status */
    struct probe_settings set;
    int fails, oks;         /* consecutive failed / good rounds so far */
    long long status_since; /* unix seconds; 0 unknown */
};

/* Calls cb for every server (unscoped connections: all of them) with its
 * settings and counters, in id order. A non-zero return from cb stops the
 * walk and is returned. */
typedef int (*probe_target_cb)(void *ctx, const struct probe_target *t);
int store_probe_targets(struct store *st, probe_target_cb cb, void *ctx,
                        struct err *e);

/* PRAGMA data_version: changes when another connection commits. Cheap;
 * call outside a transaction once a second to notice edits. */
int store_data_version(struct store *st, long long *v, struct err *e);

/* Sets this connection's busy timeout (the daemon keeps it short so that
 * its event loop never waits long for the write lock). */
void store_busy_timeout(struct store *st, int ms);

/* ---- current values (store_metrics.c) ---- */

/* The host metrics, in the order of probe_current's columns. */
enum probe_metric {
    PM_CPU,       /* % busy over the last interval */
    PM_MEM,       /* % used: 1 - MemAvailable / MemTotal */
    PM_DISK,      /* % used of the fullest real filesystem */
    PM_NET_IN,    /* bytes/s received, physical interfaces */
    PM_NET_OUT,   /* bytes/s sent */
    PM_TCP_CONNS, /* established TCP connections */
    PM_UPTIME,    /* seconds since boot */
    PM_LOAD1,
    PM_LOAD5,
    PM_LOAD15,
    PM__MAX
};

/* Column / series names: "cpu" "mem" "disk" "net_in" "net_out"
 * "tcp_conns" "uptime" "load1" "load5" "load15". */
extern const char *const PROBE_METRIC_NAMES[PM__MAX];

/* One server's latest round. Numbers unknown or not measured are NAN
 * (doubles) or -1 (integers). */
struct probe_current {
    char server[VALID_ID_MAX + 1];
    long long checked;      /* unix seconds the round ended; 0 = never */
    int checks, failed;     /* checks run in that round, how many failed */
    double latency_ms;      /* slowest successful check */
    double tcp_ms;          /* mean TCP connect time over the ports */
    double http_ms;         /* HTTP check: time to the response headers */
    double icmp_ms;         /* ICMP echo round trip */
    int http_code;          /* HTTP status received */
    long long http_bytes;   /* body bytes read (capped) */
    int fails, oks;         /* consecutive failed / good rounds */
    long long status_since; /* when the status last changed */
    char error[PROBE_ERROR_MAX + 1]; /* "" or why checks failed */
    long long metrics_at;            /* unix seconds of the metrics; 0 = none */
    char metrics_source[16];         /* node_exporter prometheus local "" */
    char metrics_error[PROBE_ERROR_MAX + 1];
    double m[PM__MAX];
};

/* All unknown (NAN / -1 / ""), server set to id. */
void probe_current_init(struct probe_current *c, const char *id);

/* Writes c as the server's current values, and status (NULL = leave it)
 * into servers.status without touching servers.updated. A server deleted
 * meanwhile is skipped: *written (may be NULL) is then 0, else 1. The
 * daemon's call; no scope. */
int store_probe_current_put(struct store *st, const struct probe_current *c,
                            const char *status, int *written, struct err *e);

/* The current values of server id (checked = 0 when never probed).
 * Unknown or hidden id -> ERR_NOT_FOUND field "id" "err_server_not_found".
 */
int store_probe_current_get(struct store *st, const char *id,
                            struct probe_current *out, struct err *e);

/* Forgets a server's current values (the daemon, when maintenance starts
 * or the server's address changes). No row is not an error. */
int store_probe_current_clear(struct store *st, const char *id, struct err *e);

/* ---- the daemon's counters and facts ---- */

/* One Prometheus sample: family{kind="..."} value (no label when kind is
 * ""). family matches [a-z_][a-z0-9_]*, kind [a-z0-9_]*, type "counter" or
 * "gauge". */
struct daemon_counter {
    char family[64];
    char kind[32];
    char type[8];
    char help[160];
    double value;
    long long updated; /* unix seconds */
};

/* Sets one sample (insert or replace). Names are checked as above:
 * ERR_INVALID "err_internal" otherwise. */
int store_daemon_counter_set(struct store *st, const struct daemon_counter *c,
                             struct err *e);

/* Every sample ordered by family, kind: what GET /metrics prints, one
 * "# HELP"/"# TYPE" pair per family. */
typedef int (*daemon_counter_cb)(void *ctx, const struct daemon_counter *c);
int store_daemon_counters(struct store *st, daemon_counter_cb cb, void *ctx,
                          struct err *e);

/* Facts as text (keys in docs/monitoring.md: pid, started, heartbeat,
 * interval, icmp, metrics_source, version). */
int store_daemon_state_set(struct store *st, const char *key, const char *value,
                           struct err *e);

/* 1 found (value copied, always NUL-terminated), 0 not set, -1 error. */
int store_daemon_state_get(struct store *st, const char *key, char *out,
                           size_t outlen, long long *updated, struct err *e);

#endif
