/* store_pos.h — the store as the diagram reads and moves it: every server,
 * connection and cluster membership in one compact pass each (100,000
 * servers in a few hundred milliseconds), a fingerprint of everything the
 * diagram shows, and many position changes in one call. Like store.h,
 * every call runs inside the caller's transaction and sees only what the
 * user's scope shows.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_POS_H
#define UC_STORE_POS_H

#include <stddef.h>
#include "err.h"
#include "store.h"

/* One server as the diagram needs it. The strings are borrowed from the
 * statement and valid only during the callback. */
struct pos_server {
    long long rid; /* the row id: ascending in a listing */
    const char *id, *name, *type, *ip, *region, *status;
    int has_pos; /* a stored position: placed by a person or "arrange" */
    int by_hand; /* that position was placed by a person (a drag, the API,
                    an import), not by "arrange" (servers.placed) */
    double x, y; /* FossFLOW tile coordinates when has_pos */
};

/* Calls cb for every visible server in ascending rid order (stop early by
 * returning non-zero, which is then returned). Returns 0, the callback's
 * value, or -1 with e set. */
typedef int (*pos_server_cb)(void *ctx, const struct pos_server *s);
int store_pos_servers(struct store *st, pos_server_cb cb, void *ctx,
                      struct err *e);

/* One connection: its ends' ids as stored (the servers' own spelling)
 * and its type, borrowed for the callback. */
struct pos_conn {
    const char *from, *to, *type;
};

/* Calls cb for every visible connection, in id order. Same returns. */
typedef int (*pos_conn_cb)(void *ctx, const struct pos_conn *c);
int store_pos_conns(struct store *st, pos_conn_cb cb, void *ctx, struct err *e);

/* Calls cb for every membership (cluster name and member id borrowed),
 * ordered by cluster name. Same returns. */
typedef int (*pos_member_cb)(void *ctx, const char *cluster,
                             const char *server);
int store_pos_members(struct store *st, pos_member_cb cb, void *ctx,
                      struct err *e);

/* The latest values the monitoring daemon wrote for a server
 * (probe_current); NAN when not measured. */
enum pos_metric {
    POS_M_CPU,     /* % */
    POS_M_MEM,     /* % */
    POS_M_DISK,    /* % */
    POS_M_NET_IN,  /* bytes/s */
    POS_M_NET_OUT, /* bytes/s */
    POS_M_LATENCY, /* ms */
    POS_M_UPTIME,  /* s */
    POS_M__MAX
};

/* Names of the values above, as the diagram's data carries them: "cpu"
 * "mem" "disk" "net_in" "net_out" "latency_ms" "uptime". */
extern const char *const POS_METRIC_NAMES[POS_M__MAX];

struct pos_metrics {
    const char *id;    /* as stored; borrowed for the callback */
    long long checked; /* unix seconds of the round */
    double v[POS_M__MAX];
};

/* Calls cb for every visible server probed after since (unix seconds;
 * 0 = all), or only for server id when id is not NULL, in no particular
 * order. Same returns as store_pos_servers. */
typedef int (*pos_metrics_cb)(void *ctx, const struct pos_metrics *m);
int store_pos_metrics(struct store *st, long long since, const char *id,
                      pos_metrics_cb cb, void *ctx, struct err *e);

/* Calls cb with the status of every visible server, in ascending rid
 * order (the order of store_pos_servers). Same returns. */
typedef int (*pos_status_cb)(void *ctx, const char *status);
int store_pos_states(struct store *st, pos_status_cb cb, void *ctx,
                     struct err *e);

#define STORE_POS_FP_LEN 16 /* hex digits of a fingerprint */

/* Two fingerprints of what the diagram shows, 16 hex digits each: topo
 * for servers with their names, types, addresses, regions and positions,
 * connections, clusters and their members; state for the servers'
 * statuses alone (the monitoring daemon changes those all the time, and a
 * poller then needs only the statuses, not the estate). Each changes when
 * what it covers changes: a server's edits bump its `updated` time, a
 * move its x and y, the daemon its status; a connection is never edited,
 * only added (a new, larger id) or deleted; a cluster's description
 * bumps its `updated`. (Heuristic sums: two changes could cancel out in
 * theory, and two edits of one server's name within one second look like
 * one; a poller still sees the next change.) One scan of each table, a
 * few ms for 10,000 servers. */
struct pos_fp {
    char topo[STORE_POS_FP_LEN + 1];
    char state[STORE_POS_FP_LEN + 1];
};

/* Returns 0 or -1 with e set. */
int store_pos_fingerprint(struct store *st, struct pos_fp *out, struct err *e);

/* One position change. */
struct pos_move {
    const char *id;
    double x, y;
    int by_hand; /* 1: a person's move; 0: a layout's ("arrange") */
};

/* Sets the positions of n servers (ids as given, any case), records who
 * placed them (servers.placed = by_hand) and bumps their updated time. All or
 * nothing inside the caller's transaction: an unknown or hidden id ->
 * ERR_NOT_FOUND field "moves" "err_server_not_found" with the id; the caller
 * rolls back. Returns 0 or -1. */
int store_pos_move(struct store *st, const struct pos_move *m, size_t n,
                   struct err *e);

#endif
