/* alert_topo.h — topology-aware suppression: which servers depend on
 * which through their connections, and the root cause of a dependant's
 * alert when servers upstream of it are down (docs/alerts.md,
 * "Suppression").
 *
 * Dependency direction. A connection has no meaningful direction in the
 * store (a pair is connected once, either way), so the direction comes
 * from the server types first, then the connection:
 * 1. A "monitoring" connection never makes a dependency (watching a
 *    server is not needing it).
 * 2. Servers of type monitoring or backup depend on the infrastructure
 *    they are connected to (dns, security, loadbalancer, database,
 *    filesystem) and on nothing else; nothing depends on them.
 * 3. Otherwise the server of the more fundamental tier is upstream:
 *      dns 5 > security, loadbalancer 4 > database, filesystem 3 >
 *      cache 2 > web (and unknown types) 1
 *    so a web server depends on its database, its cache and the load
 *    balancer in front of it; a cache depends on its database.
 * 4. Same tier: the connection's "from" end depends on its "to" end (the
 *    client as drawn, web-1 -> web-2 = web-1 calls web-2).
 *
 * Root cause. For a server s, walk upstream through servers that are
 * down; the root is the first one reached (breadth first, upstreams in
 * tier order) none of whose own upstreams is down; in a cycle of down
 * servers, the one with the smallest index. The walk is bounded by the
 * number of servers and allocates nothing (stamps, queue preallocated).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_ALERT_TOPO_H
#define UC_ALERT_TOPO_H

#include <stddef.h>
#include <stdint.h>

struct topo_edge {
    uint32_t from, to; /* server indices */
    const char *type;  /* connection type */
};

struct alert_topo {
    size_t n;
    uint32_t *up_first;   /* n + 1 offsets into up */
    uint32_t *up;         /* upstream server indices */
    uint32_t *down_first; /* n + 1 offsets into dn: the reverse edges */
    uint32_t *dn;
    uint32_t *stamp; /* walk stamps */
    uint32_t gen;
    uint32_t *queue; /* n */
};

/* The tier of a server type (rule 3); 0 for monitoring and backup. */
int alert_topo_tier(const char *type);

/* Direction of a connection from -> to of type conn between servers of
 * types ft and tt: 1 "from depends on to", -1 "to depends on from", 0 no
 * dependency. */
int alert_topo_direction(const char *ft, const char *tt, const char *conn);

/* Builds the graph of n servers (types[i] their types) from the
 * connections. 0, or -1 on OOM (free with alert_topo_free either way). */
int alert_topo_build(struct alert_topo *t, size_t n, const char *const *types,
                     const struct topo_edge *e, size_t ne);

/* The root cause for server s given down[i] (1 = down): -1 when none of
 * s's upstream servers is down. */
int32_t alert_topo_root(struct alert_topo *t, uint32_t s, const uint8_t *down);

/* Calls fn for every server that depends on root, directly or through
 * other servers (each once, root excluded); a non-zero return stops. */
void alert_topo_dependants(struct alert_topo *t, uint32_t root,
                           int (*fn)(void *ctx, uint32_t s), void *ctx);

void alert_topo_free(struct alert_topo *t);

#endif
