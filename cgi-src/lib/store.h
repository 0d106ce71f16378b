/* store.h — the graph store: servers, connections, clusters in one SQLite
 * file (WAL, foreign keys, STRICT tables, migrations by user_version).
 * Every call runs inside a transaction the caller opened with store_begin;
 * nothing here scans all servers: counts come from trigger-kept tables and
 * lists walk indexes.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_H
#define UC_STORE_H

#include <stddef.h>
#include "err.h"
#include "valid.h"

struct store; /* opaque */

struct server {
    char id[VALID_ID_MAX + 1];
    char name[VALID_NAME_MAX + 1];
    char type[16];
    char ip[VALID_HOST_MAX + 1];
    char region[VALID_REGION_MAX + 1]; /* "" when none */
    char ports[128];            /* "" = the type's ports, else "80 443" */
    char status[16];            /* unknown active warning inactive */
    int has_pos;                /* diagram position set */
    double x, y;                /* FossFLOW tile coordinates */
    long long created, updated; /* unix seconds */
};

struct connection {
    long long id;
    char from[VALID_ID_MAX + 1];
    char to[VALID_ID_MAX + 1];
    char type[16];
    long long created;
};

struct cluster {
    char name[VALID_ID_MAX + 1];
    char description[VALID_DESC_MAX + 1];
    long long members; /* kept by triggers */
    long long created, updated;
};

struct store_totals {
    long long servers, connections, clusters;
};

/* For a process that never shares a connection between threads (a CGI,
 * clusterctl): call before the first store_open; turns off SQLite's
 * per-connection mutex and its memory statistics. */
void store_single_thread(void);

/* Opens (creating if needed) the database file at path; the directory must
 * exist. Sets a 20 s busy wait (short jittered retries), foreign_keys=ON,
 * defensive mode, trusted_schema=OFF, journal_mode=WAL, then applies
 * pending migrations in one transaction. A file that is not a database,
 * is shorter than its header says, or whose schema page is damaged gives
 * ERR_INTERNAL with key "robust_db_corrupt" (how to restore; $1 = the
 * file). Caller frees with store_close. */
int store_open(const char *path, struct store **out, struct err *e);

/* NULL-safe; rolls back an open transaction. */
void store_close(struct store *st);

/* PRAGMA quick_check over the whole file: time grows with its size, so
 * for the daemon's start and diagnostics, never per page (store_open's
 * own checks are the header, the schema page and the file's length).
 * Outside a transaction. 0 when it passes, else -1 with *e set (damage:
 * ERR_INTERNAL "robust_db_corrupt" naming the file). */
int store_check_quick(struct store *st, struct err *e);

/* Schema version after open (PRAGMA user_version). */
int store_schema_version(struct store *st);

/* BEGIN (write = 0, a consistent snapshot) or BEGIN IMMEDIATE (write = 1).
 * SQLITE_BUSY past the timeout -> ERR_BUSY "err_db_busy". */
int store_begin(struct store *st, int write, struct err *e);
int store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st); /* no-op without a transaction */

/* ---- scope ---- */

/* Limits this connection to the members of the named clusters (a Webmin
 * user's ACL `clusters`): from then on every read sees only those clusters,
 * their members and the connections between members; other servers,
 * clusters and connections are "not found" for reads and changes alike,
 * and counts count only what is visible. Call once, right after
 * store_open and before any other call; n = 0 hides everything. Creating a
 * cluster is refused (ERR_FORBIDDEN "err_scope_cluster_create"); a new
 * server must join a visible cluster in the same transaction
 * (store_cluster_adopt). */
int store_set_scope(struct store *st, const char *const *clusters, size_t n,
                    struct err *e);

/* 1 after store_set_scope. */
int store_scoped(const struct store *st);

/* ---- estate size ---- */

/* Module Config's max_servers: from then on store_server_add refuses to
 * go past max servers in the whole estate (0 or less = no limit). */
void store_set_max_servers(struct store *st, long long max);

/* For bulk paths that insert first and count after: 0 when the estate plus
 * adding more servers stays within the limit, else ERR_CONFLICT field "id"
 * "err_max_servers" arg1 = the limit. */
int store_check_room(struct store *st, long long adding, struct err *e);

/* ---- servers ---- */

/* Adds a server (fields already validated; created/updated are set here,
 * status "" means "unknown"). Duplicate id -> ERR_CONFLICT field "id" key
 * "err_server_exists" arg1 = id. */
int store_server_add(struct store *st, const struct server *s, struct err *e);

/* Unknown id -> ERR_NOT_FOUND field "id" key "err_server_not_found". */
int store_server_get(struct store *st, const char *id, struct server *out,
                     struct err *e);

/* Replaces name, type, ip, region, ports, status and position of s->id;
 * bumps updated. Unknown id -> ERR_NOT_FOUND as above. */
int store_server_update(struct store *st, const struct server *s,
                        struct err *e);

/* Deletes a server with its connections and memberships. Unknown id ->
 * ERR_NOT_FOUND. */
int store_server_delete(struct store *st, const char *id, struct err *e);

enum server_sort {
    SORT_ID,
    SORT_NAME,
    SORT_TYPE,
    SORT_IP,
    SORT_REGION,
    SORT_STATUS,
    SORT__MAX
};

/* A page of servers. All filters optional (NULL or ""), combined with AND.
 * q: case-insensitive substring of id, name, ip or region (ASCII case
 * folding). Order: sort key then id, descending when desc. Keyset paging:
 * give after_key+after_id (the last row's sort key and id) for the next
 * page, or before_key+before_id for the previous page; rows still come in
 * the requested order. limit 1..1000.
 * (store.c: q of 1-2 characters matches a prefix of id or name instead; the
 * trigram index needs 3. Ids and cluster names are unique ignoring ASCII
 * case, and compare and sort that way everywhere.) */
struct server_query {
    const char *q, *type, *region, *status, *cluster;
    enum server_sort sort;
    int desc;
    const char *after_key, *after_id;
    const char *before_key, *before_id;
    size_t limit;
};

/* Calls cb for each row (stop early by returning non-zero, which is then
 * returned). Returns 0, the callback's value, or -1 with e set.
 * (store.c: a callback may call other store functions, but not the listing
 * function that is calling it.) */
typedef int (*server_cb)(void *ctx, const struct server *s);
int store_server_list(struct store *st, const struct server_query *q,
                      server_cb cb, void *ctx, struct err *e);

/* The sort key text of s for sort (what after_key/before_key take). */
void store_server_sort_key(const struct server *s, enum server_sort sort,
                           char *out, size_t outlen);

/* Number of servers matching q's filters (cursor and limit ignored).
 * Exact and O(1) with no filter or one of type/status/region/cluster;
 * otherwise counts at most cap+1 rows, so *out > cap means "more than cap".
 */
int store_server_count(struct store *st, const struct server_query *q,
                       long long cap, long long *out, struct err *e);

/* Diagnostics: calls cb with each line of SQLite's EXPLAIN QUERY PLAN for
 * the statement store_server_list (count = 0) or store_server_count
 * (count = 1, when it has to count rows) would run for q. */
typedef int (*line_cb)(void *ctx, const char *line);
int store_server_explain(struct store *st, const struct server_query *q,
                         int count, line_cb cb, void *ctx, struct err *e);

/* Servers per type, status or region (dim = "type" | "status" | "region"),
 * from trigger-kept counters, keys in ascending order, zero counts
 * omitted. */
typedef int (*count_cb)(void *ctx, const char *key, long long n);
int store_count_by(struct store *st, const char *dim, count_cb cb, void *ctx,
                   struct err *e);

int store_totals(struct store *st, struct store_totals *out, struct err *e);

/* ---- connections ---- */

/* Connects two servers. Errors: from == to -> ERR_INVALID field "to"
 * "err_self_connection"; unknown from/to -> ERR_NOT_FOUND field "from" or
 * "to" "err_server_not_found"; the pair already connected in either
 * direction -> ERR_CONFLICT field "to" "err_connection_exists". */
int store_conn_add(struct store *st, const char *from, const char *to,
                   const char *type, struct err *e);

/* Removes the connection between two servers, in either direction.
 * None -> ERR_NOT_FOUND field "to" "err_connection_not_found". */
int store_conn_delete(struct store *st, const char *from, const char *to,
                      struct err *e);

/* Connections touching a server, ordered by the other end's id, at most
 * limit (1..10000). */
typedef int (*conn_cb)(void *ctx, const struct connection *c);
int store_conn_list_server(struct store *st, const char *id, size_t limit,
                           conn_cb cb, void *ctx, struct err *e);

/* ---- clusters ---- */

/* Creates a cluster with members (may be n = 0). Duplicate name ->
 * ERR_CONFLICT field "name" "err_cluster_exists"; an unknown member ->
 * ERR_NOT_FOUND field "servers" "err_server_not_found" arg1 = id; a member
 * named twice is kept once. */
int store_cluster_create(struct store *st, const char *name,
                         const char *description, const char *const *members,
                         size_t n, struct err *e);

/* Unknown name -> ERR_NOT_FOUND field "name" "err_cluster_not_found". */
int store_cluster_get(struct store *st, const char *name, struct cluster *out,
                      struct err *e);
int store_cluster_update(struct store *st, const char *name,
                         const char *description, struct err *e);
int store_cluster_delete(struct store *st, const char *name, struct err *e);

/* Makes the server just added in this transaction (store_server_add, id
 * as stored) a member of a visible cluster; for a limited user, whose new
 * server is not visible until it belongs to one of their clusters.
 * Unknown or hidden cluster -> ERR_NOT_FOUND field "cluster". */
int store_cluster_adopt(struct store *st, const char *name, const char *id,
                        struct err *e);

/* Adds/removes one member. Already a member / not a member -> ERR_CONFLICT /
 * ERR_NOT_FOUND field "servers". */
int store_cluster_add_member(struct store *st, const char *name, const char *id,
                             struct err *e);
int store_cluster_remove_member(struct store *st, const char *name,
                                const char *id, struct err *e);

/* All clusters by name (member counts included). */
typedef int (*cluster_cb)(void *ctx, const struct cluster *c);
int store_cluster_list(struct store *st, cluster_cb cb, void *ctx,
                       struct err *e);

/* Cluster names a server belongs to, by name. */
typedef int (*name_cb)(void *ctx, const char *name);
int store_server_clusters(struct store *st, const char *id, name_cb cb,
                          void *ctx, struct err *e);

/* Wires a cluster's members by role, skipping pairs already connected:
 * loadbalancer -> web (http); web -> database (database); web -> cache
 * (cache); monitoring -> every other member (monitoring); then any member
 * still without a connection inside the cluster is joined to the first
 * member by id (standard). *added gets the number of new connections.
 * (store.c: should the first member itself be the one left alone, it is
 * joined to the second member by id.) */
int store_cluster_autoconnect(struct store *st, const char *name,
                              long long *added, struct err *e);

#endif
