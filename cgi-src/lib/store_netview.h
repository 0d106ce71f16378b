/* store_netview.h — the reads behind the network and performance pages:
 * the servers a filter selects (their history rids), the top servers by a
 * current value (probe_current), and the connections with the latency of
 * both ends, paged by connection id. Everything goes through the caller's
 * cluster scope (unqualified table names) inside its transaction.
 *
 * A filter is driven by its most selective part through an index
 * (cluster members, then region, then type); with no filter the top lists
 * read every probe_current row once (a top-N sort, no index orders by a
 * metric in schema 6) and the connection pages walk the primary key.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_NETVIEW_H
#define UC_STORE_NETVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h"
#include "valid.h"

/* Any field NULL or "" = not filtered. Values already validated. */
struct nv_filter {
    const char *type, *region, *cluster;
};

/* The current value a top list is ordered by (highest first; servers
 * without that value are left out). */
enum nv_order {
    NV_TRAFFIC, /* net_in + net_out */
    NV_CONNS,   /* tcp_conns */
    NV_LATENCY, /* latency_ms */
    NV_CPU,
    NV_MEM,
    NV_DISK,
    NV_LOAD, /* load1 */
    NV_ORDER__MAX
};

/* One server of a top list: NAN for an unknown value. */
struct nv_server {
    char id[VALID_ID_MAX + 1];
    char name[VALID_NAME_MAX + 1];
    char type[16];
    char region[VALID_REGION_MAX + 1];
    char status[16];
    int64_t rid;
    double net_in, net_out, conns, latency_ms, cpu, mem, disk, load1;
    int64_t checked; /* last probe, Unix seconds */
};

typedef int (*nv_server_cb)(void *ctx, const struct nv_server *s);

/* Calls cb for up to limit servers matching f that have a value for
 * order, highest first (ties by id), skipping the first offset. A non-zero
 * return from cb stops the walk and is returned. 0, or -1 with *e set. */
int store_nv_top(struct store *st, const struct nv_filter *f,
                 enum nv_order order, size_t offset, size_t limit,
                 nv_server_cb cb, void *ctx, struct err *e);

/* One connection with both ends' state; NAN latency when unknown. */
struct nv_link {
    long long id;
    char from[VALID_ID_MAX + 1], to[VALID_ID_MAX + 1];
    char type[16];
    char from_status[16], to_status[16];
    double from_ms, to_ms; /* each end's probe latency */
    int64_t from_rid, to_rid;
};

typedef int (*nv_link_cb)(void *ctx, const struct nv_link *l);

/* Calls cb for up to limit connections with id > after_id, in id order,
 * that have at least one end matching f (every visible connection when f
 * is empty). Return values as store_nv_top. */
int store_nv_links(struct store *st, const struct nv_filter *f,
                   long long after_id, size_t limit, nv_link_cb cb, void *ctx,
                   struct err *e);

/* The history rids of the servers matching f, ascending, into a malloc'd
 * array *out (caller frees; NULL when none) of *n. At most max are read
 * (*n == max may mean more). 0, or -1 with *e set. */
int store_nv_rids(struct store *st, const struct nv_filter *f, size_t max,
                  int64_t **out, size_t *n, struct err *e);

#endif
