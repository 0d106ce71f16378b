/* store_netview.c — SQL of the network and performance pages
 * (store_netview.h). Each read exists in four forms, one per way a filter
 * is driven (everything, type index, region index, cluster members), so
 * that the planner always has an index for the selective part; the other
 * filters are checked on the rows found. Parameters: ?1 the order or the
 * cursor, ?2 type, ?3 region, ?4 cluster, ?5 limit, ?6 offset.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "store_netview.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* FROM and WHERE parts of each way in; s is the server. */
#define FROM_ALL     "servers s"
#define WHERE_ALL    "1"
#define FROM_TYPE    "servers s"
#define WHERE_TYPE   "s.type = ?2"
#define FROM_REGION  "servers s"
#define WHERE_REGION "s.region = ?3 AND (?2 IS NULL OR s.type = ?2)"
#define FROM_CLUSTER "cluster_members cm JOIN servers s ON s.id = cm.server"
#define WHERE_CLUSTER                                 \
    "cm.cluster = ?4 AND (?2 IS NULL OR s.type = ?2)" \
    " AND (?3 IS NULL OR s.region = ?3)"

enum drive { DRIVE_ALL, DRIVE_TYPE, DRIVE_REGION, DRIVE_CLUSTER, DRIVE__MAX };

/* The value ordered by, chosen by ?1 (enum nv_order). */
#define ORDER_VALUE                                                     \
    "(CASE ?1 WHEN 0 THEN p.net_in + p.net_out WHEN 1 THEN p.tcp_conns" \
    " WHEN 2 THEN p.latency_ms WHEN 3 THEN p.cpu WHEN 4 THEN p.mem"     \
    " WHEN 5 THEN p.disk ELSE p.load1 END)"

#define TOP_SQL(F, W)                                                       \
    "SELECT s.id, s.name, s.type, s.region, s.status, s.rid, p.net_in,"     \
    " p.net_out, p.tcp_conns, p.latency_ms, p.cpu, p.mem, p.disk, p.load1," \
    " p.checked FROM " F " JOIN probe_current p ON p.server = s.id"         \
    " WHERE " W " AND " ORDER_VALUE " IS NOT NULL"                          \
    " ORDER BY " ORDER_VALUE " DESC, s.id LIMIT ?5 OFFSET ?6"

static const char *const SQL_TOP[DRIVE__MAX] = {
    TOP_SQL(FROM_ALL, WHERE_ALL),
    TOP_SQL(FROM_TYPE, WHERE_TYPE),
    TOP_SQL(FROM_REGION, WHERE_REGION),
    TOP_SQL(FROM_CLUSTER, WHERE_CLUSTER),
};

#define LINK_COLS                                                          \
    "c.id, c.from_id, c.to_id, c.type, a.status, b.status, pa.latency_ms," \
    " pb.latency_ms, a.rid, b.rid"
#define LINK_JOINS                                                         \
    " JOIN servers a ON a.id = c.from_id JOIN servers b ON b.id = c.to_id" \
    " LEFT JOIN probe_current pa ON pa.server = c.from_id"                 \
    " LEFT JOIN probe_current pb ON pb.server = c.to_id"

/* Two ways to a page of connections with a filter:
 * - from the matching servers (an index) through connections_from and
 *   connections_to, the page's ids chosen before anything is joined: cost
 *   grows with the connections of the matching servers (a small set);
 * - along the primary key, checking each connection's ends: cost grows
 *   with the connections walked to fill a page, i.e. with the inverse of
 *   the share that matches (a large set). */
#define LINK_SQL(F, W)                                                 \
    "WITH m(id) AS MATERIALIZED (SELECT s.id FROM " F " WHERE " W ")," \
    " k(cid) AS (SELECT c.id FROM m JOIN connections c"                \
    "  ON c.from_id = m.id WHERE c.id > ?1"                            \
    "  UNION SELECT c.id FROM m JOIN connections c"                    \
    "  ON c.to_id = m.id WHERE c.id > ?1 ORDER BY 1 LIMIT ?5)"         \
    " SELECT " LINK_COLS                                               \
    " FROM k JOIN connections c ON c.id = k.cid" LINK_JOINS " ORDER BY c.id"

static const char *const SQL_LINKS[DRIVE__MAX] = {
    "SELECT " LINK_COLS " FROM connections c" LINK_JOINS
    " WHERE c.id > ?1 ORDER BY c.id LIMIT ?5",
    LINK_SQL(FROM_TYPE, WHERE_TYPE),
    LINK_SQL(FROM_REGION, WHERE_REGION),
    LINK_SQL(FROM_CLUSTER, WHERE_CLUSTER),
};

#define END_MATCHES(x)                                                       \
    "((?2 IS NULL OR " x ".type = ?2) AND (?3 IS NULL OR " x ".region = ?3)" \
    " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM cluster_members cm"           \
    "  WHERE cm.cluster = ?4 AND cm.server = " x ".id)))"

static const char SQL_LINKS_WALK[] =
    "SELECT " LINK_COLS " FROM connections c" LINK_JOINS
    " WHERE c.id > ?1 AND (" END_MATCHES("a") " OR " END_MATCHES(
        "b") ")"
             " ORDER BY c.id LIMIT ?5";

/* A filter matching at least 1 server in WALK_SHARE is walked. */
#define WALK_SHARE 20

#define RID_SQL(F, W) \
    "SELECT s.rid FROM " F " WHERE " W " ORDER BY s.rid LIMIT ?5"

static const char *const SQL_RIDS[DRIVE__MAX] = {
    RID_SQL(FROM_ALL, WHERE_ALL),
    RID_SQL(FROM_TYPE, WHERE_TYPE),
    RID_SQL(FROM_REGION, WHERE_REGION),
    RID_SQL(FROM_CLUSTER, WHERE_CLUSTER),
};

static int
set(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static enum drive
drive_of(const struct nv_filter *f)
{
    if (set(f->cluster))
        return DRIVE_CLUSTER;
    if (set(f->region))
        return DRIVE_REGION;
    if (set(f->type))
        return DRIVE_TYPE;
    return DRIVE_ALL;
}

/* Binds the filter (unset parts as NULL) and the limit. */
static void
bind_filter(sqlite3_stmt *s, const struct nv_filter *f, size_t limit)
{
    /* Parameters a form does not use are out of range: ignored. */
    store_bind_text(s, 2, set(f->type) ? f->type : NULL);
    store_bind_text(s, 3, set(f->region) ? f->region : NULL);
    store_bind_text(s, 4, set(f->cluster) ? f->cluster : NULL);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)limit);
}

static double
col_num(sqlite3_stmt *s, int col)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL
               ? NAN
               : sqlite3_column_double(s, col);
}

int
store_nv_top(struct store *st, const struct nv_filter *f, enum nv_order order,
             size_t offset, size_t limit, nv_server_cb cb, void *ctx,
             struct err *e)
{
    sqlite3_stmt *s;
    int rc;
    if ((unsigned)order >= NV_ORDER__MAX)
        return err_set(e, ERR_INVALID, "sort", "err_bad_sort", "?", NULL);
    s = store_prep(st, SQL_TOP[drive_of(f)], e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int(s, 1, (int)order);
    bind_filter(s, f, limit);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)offset);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct nv_server v;
        int stop;
        store_col_text(s, 0, v.id, sizeof v.id);
        store_col_text(s, 1, v.name, sizeof v.name);
        store_col_text(s, 2, v.type, sizeof v.type);
        store_col_text(s, 3, v.region, sizeof v.region);
        store_col_text(s, 4, v.status, sizeof v.status);
        v.rid = sqlite3_column_int64(s, 5);
        v.net_in = col_num(s, 6);
        v.net_out = col_num(s, 7);
        v.conns = col_num(s, 8);
        v.latency_ms = col_num(s, 9);
        v.cpu = col_num(s, 10);
        v.mem = col_num(s, 11);
        v.disk = col_num(s, 12);
        v.load1 = col_num(s, 13);
        v.checked = sqlite3_column_int64(s, 14);
        if ((stop = cb(ctx, &v)) != 0) {
            store_done(s);
            return stop;
        }
    }
    store_done(s);
    if (rc != SQLITE_DONE)
        return store_fail(st, e, "netview top");
    return 0;
}

int
store_nv_links(struct store *st, const struct nv_filter *f, long long after_id,
               size_t limit, nv_link_cb cb, void *ctx, struct err *e)
{
    sqlite3_stmt *s;
    enum drive d = drive_of(f);
    long long all = 0, some = 0;
    int rc;
    /* The driving filter's size, from the counters (or the scope). */
    if (d != DRIVE_ALL &&
        (store_stat_get(st, "servers", "", &all, e) < 0 ||
         (d == DRIVE_TYPE &&
          store_stat_get(st, "type", f->type, &some, e) < 0) ||
         (d == DRIVE_REGION &&
          store_stat_get(st, "region", f->region, &some, e) < 0) ||
         (d == DRIVE_CLUSTER &&
          store_cluster_size(st, f->cluster, &some, e) < 0)))
        return -1;
    s = store_prep(st,
                   d != DRIVE_ALL && some * WALK_SHARE >= all ? SQL_LINKS_WALK
                                                              : SQL_LINKS[d],
                   e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, after_id);
    bind_filter(s, f, limit);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct nv_link l;
        int stop;
        l.id = sqlite3_column_int64(s, 0);
        store_col_text(s, 1, l.from, sizeof l.from);
        store_col_text(s, 2, l.to, sizeof l.to);
        store_col_text(s, 3, l.type, sizeof l.type);
        store_col_text(s, 4, l.from_status, sizeof l.from_status);
        store_col_text(s, 5, l.to_status, sizeof l.to_status);
        l.from_ms = col_num(s, 6);
        l.to_ms = col_num(s, 7);
        l.from_rid = sqlite3_column_int64(s, 8);
        l.to_rid = sqlite3_column_int64(s, 9);
        if ((stop = cb(ctx, &l)) != 0) {
            store_done(s);
            return stop;
        }
    }
    store_done(s);
    if (rc != SQLITE_DONE)
        return store_fail(st, e, "netview links");
    return 0;
}

int
store_nv_rids(struct store *st, const struct nv_filter *f, size_t max,
              int64_t **out, size_t *n, struct err *e)
{
    sqlite3_stmt *s;
    int64_t *v = NULL;
    size_t cap = 0, k = 0;
    int rc;
    *out = NULL;
    *n = 0;
    s = store_prep(st, SQL_RIDS[drive_of(f)], e);
    if (s == NULL)
        return -1;
    bind_filter(s, f, max);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (k == cap) {
            size_t nc = cap ? cap * 2 : 256;
            int64_t *nv = realloc(v, nc * sizeof *v);
            if (nv == NULL) {
                store_done(s);
                free(v);
                return err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL,
                               NULL);
            }
            v = nv;
            cap = nc;
        }
        v[k++] = sqlite3_column_int64(s, 0);
    }
    store_done(s);
    if (rc != SQLITE_DONE) {
        free(v);
        return store_fail(st, e, "netview rids");
    }
    *out = v;
    *n = k;
    return 0;
}
