/* store_pos.c — the diagram's compact reads (all servers, connections and
 * memberships, one statement each), its change fingerprint and bulk
 * position writes.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "store_int.h"
#include "store_pos.h"

static const char SQL_POS_SERVERS[] =
    "SELECT rid, id, name, type, ip, region, status, x, y, placed FROM servers"
    " ORDER BY rid";

static const char *
col(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? (const char *)t : "";
}

int
store_pos_servers(struct store *st, pos_server_cb cb, void *ctx, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_POS_SERVERS, e);
    struct pos_server p;
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        p.rid = sqlite3_column_int64(s, 0);
        p.id = col(s, 1);
        p.name = col(s, 2);
        p.type = col(s, 3);
        p.ip = col(s, 4);
        p.region = col(s, 5);
        p.status = col(s, 6);
        p.has_pos = sqlite3_column_type(s, 7) != SQLITE_NULL;
        p.x = p.has_pos ? sqlite3_column_double(s, 7) : 0;
        p.y = p.has_pos ? sqlite3_column_double(s, 8) : 0;
        p.by_hand = p.has_pos && sqlite3_column_int(s, 9) != 0;
        if ((ret = cb(ctx, &p)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "diagram servers");
    store_done(s);
    return ret;
}

/* The ends as text: the reader maps them with a hash table, ten times
 * cheaper than joining each end through the id index. */
static const char SQL_POS_CONNS[] =
    "SELECT from_id, to_id, type FROM connections ORDER BY id";

int
store_pos_conns(struct store *st, pos_conn_cb cb, void *ctx, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_POS_CONNS, e);
    struct pos_conn c;
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        c.from = col(s, 0);
        c.to = col(s, 1);
        c.type = col(s, 2);
        if ((ret = cb(ctx, &c)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "diagram connections");
    store_done(s);
    return ret;
}

static const char SQL_POS_MEMBERS[] =
    "SELECT cluster, server FROM cluster_members ORDER BY cluster";

int
store_pos_members(struct store *st, pos_member_cb cb, void *ctx, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_POS_MEMBERS, e);
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if ((ret = cb(ctx, col(s, 0), col(s, 1))) != 0)
            break;
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "diagram members");
    store_done(s);
    return ret;
}

const char *const POS_METRIC_NAMES[POS_M__MAX] = {
    "cpu", "mem", "disk", "net_in", "net_out", "latency_ms", "uptime"};

/* probe_current is the daemon's table (store_probe.h); its columns are
 * read by name here, in POS_METRIC_NAMES order. Its rows belong to
 * existing servers (ON DELETE CASCADE), so only a user limited to some
 * clusters needs the join that hides the others. */
#define METRICS_COLS                                                  \
    "p.server, p.checked, p.cpu, p.mem, p.disk, p.net_in, p.net_out," \
    " p.latency_ms, p.uptime FROM probe_current p"
static const char SQL_POS_METRICS[] =
    "SELECT " METRICS_COLS " WHERE p.checked > ?1";
static const char SQL_POS_METRICS_SCOPED[] =
    "SELECT " METRICS_COLS " WHERE p.checked > ?1"
    " AND p.server IN (SELECT id FROM servers)";
static const char SQL_POS_METRICS_ONE[] =
    "SELECT " METRICS_COLS " WHERE p.checked > ?1 AND p.server = ?2"
    " AND p.server IN (SELECT id FROM servers)";

int
store_pos_metrics(struct store *st, long long since, const char *id,
                  pos_metrics_cb cb, void *ctx, struct err *e)
{
    sqlite3_stmt *s = store_prep(st,
                                 id           ? SQL_POS_METRICS_ONE
                                 : st->scoped ? SQL_POS_METRICS_SCOPED
                                              : SQL_POS_METRICS,
                                 e);
    struct pos_metrics m;
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, since);
    if (id != NULL)
        store_bind_text(s, 2, id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        m.id = col(s, 0);
        m.checked = sqlite3_column_int64(s, 1);
        for (int i = 0; i < POS_M__MAX; i++)
            m.v[i] = sqlite3_column_type(s, 2 + i) == SQLITE_NULL
                         ? NAN
                         : sqlite3_column_double(s, 2 + i);
        if ((ret = cb(ctx, &m)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "diagram metrics");
    store_done(s);
    return ret;
}

static const char SQL_POS_STATES[] = "SELECT status FROM servers ORDER BY rid";

int
store_pos_states(struct store *st, pos_status_cb cb, void *ctx, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_POS_STATES, e);
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if ((ret = cb(ctx, col(s, 0))) != 0)
            break;
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "diagram states");
    store_done(s);
    return ret;
}

/* Integer sums only (total() would lose small changes in a large sum).
 * A server's term is multiplied by a factor of its row id, so changes to
 * two different servers do not cancel each other out; the modulus keeps
 * every product, and the sum of 10^6 of them, in 64 bits. Columns 0-7
 * make the topology fingerprint, column 8 the states'. */
static const char SQL_POS_FP[] =
    "SELECT"
    " (SELECT count(*) FROM servers),"
    " (SELECT coalesce(sum(((length(name) * 41"
    "  + coalesce(CAST(x * 16 AS INTEGER), 7777777) * 67"
    "  + coalesce(CAST(y * 16 AS INTEGER), 3333333) * 71"
    "  + updated * 73) % 1000003) * (rid % 1000003 * 2 + 1)), 0)"
    "  FROM servers),"
    " (SELECT count(*) FROM connections),"
    " (SELECT coalesce(sum(id), 0) FROM connections),"
    " (SELECT count(*) FROM clusters),"
    " (SELECT coalesce(sum(updated % 1000003 + members * 7), 0)"
    "  FROM clusters),"
    " (SELECT count(*) FROM cluster_members),"
    " (SELECT coalesce(sum(length(server) * 31 + unicode(server) * 37"
    "  + unicode(substr(server, -1)) * 41 + unicode(substr(server, -2)) * 43"
    "  + length(cluster) * 47 + unicode(substr(cluster, -1)) * 53), 0)"
    "  FROM cluster_members),"
    " (SELECT coalesce(sum(unicode(status) * (rid % 1000003 * 2 + 1)), 0)"
    "  FROM servers)";

/* FNV-1a over the bytes of columns first..last, as 16 hex digits. */
static void
hash_cols(sqlite3_stmt *s, int first, int last, char *out)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = first; i <= last; i++) {
        uint64_t v = (uint64_t)sqlite3_column_int64(s, i);
        for (int b = 0; b < 8; b++) {
            h ^= (v >> (8 * b)) & 0xffu;
            h *= 0x100000001b3ULL;
        }
    }
    snprintf(out, STORE_POS_FP_LEN + 1, "%016llx", (unsigned long long)h);
}

int
store_pos_fingerprint(struct store *st, struct pos_fp *out, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_POS_FP, e);
    int ret = 0;

    if (s == NULL)
        return -1;
    if (sqlite3_step(s) == SQLITE_ROW) {
        hash_cols(s, 0, 7, out->topo);
        hash_cols(s, 8, 8, out->state);
    } else {
        ret = store_fail(st, e, "diagram fingerprint");
    }
    store_done(s);
    return ret;
}

/* The row is found through the (possibly scoped) servers view, written
 * through main: a hidden server is "not found" here too. */
static const char SQL_POS_MOVE[] =
    "UPDATE main.servers SET x = ?2, y = ?3, updated = ?4, placed = ?5"
    " WHERE rid = (SELECT rid FROM servers WHERE id = ?1)";

int
store_pos_move(struct store *st, const struct pos_move *m, size_t n,
               struct err *e)
{
    long long now = (long long)time(NULL);
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *s = store_prep(st, SQL_POS_MOVE, e);
        if (s == NULL)
            return -1;
        store_bind_text(s, 1, m[i].id);
        sqlite3_bind_double(s, 2, m[i].x);
        sqlite3_bind_double(s, 3, m[i].y);
        sqlite3_bind_int64(s, 4, now);
        sqlite3_bind_int(s, 5, m[i].by_hand != 0);
        if (store_run(st, s, e, "diagram move") < 0)
            return -1;
        if (sqlite3_changes(st->db) == 0)
            return err_set(e, ERR_NOT_FOUND, "moves", "err_server_not_found",
                           m[i].id, NULL);
    }
    return 0;
}
