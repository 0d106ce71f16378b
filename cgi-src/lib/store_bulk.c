/* store_bulk.c — whole-estate reads in a stable order, lookups, and the
 * fast write path for imports (counter triggers set aside and the search
 * index rebuilt once; see store_bulk.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "store_bulk.h"
#include "store_events.h"
#include "store_int.h"

/* ---- reading ---- */

/* Prepares a statement of its own (not the cache), so that a reader's
 * callback may call anything else in the store, this reader included. */
static sqlite3_stmt *
own_prep(struct store *st, const char *sql, struct err *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        store_fail(st, e, "prepare");
        sqlite3_finalize(s);
        return NULL;
    }
    return s;
}

/* Unqualified names: a scoped store's views apply. The probe settings
 * come along (store_probe.h: NULL columns mean "the module's default"). */
static const char SQL_EACH_SERVER[] =
    "SELECT " STORE_SERVER_COLS ", p.node_port, p.http_port, p.http_scheme,"
    " p.http_path, p.http_status, p.maintenance"
    " FROM servers s LEFT JOIN probe_settings p ON p.server = s.id"
    " ORDER BY s.id";
#define PROBE_COL 11 /* after the STORE_SERVER_COLS */

int
store_bulk_each_server_probe(struct store *st, bulk_server_cb cb, void *ctx,
                             struct err *e)
{
    sqlite3_stmt *s = own_prep(st, SQL_EACH_SERVER, e);
    struct server sv;
    struct probe_settings p;
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        store_server_row(s, &sv);
        store_probe_settings_col(s, PROBE_COL, &p);
        if ((ret = cb(ctx, &sv, &p)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "server walk");
    sqlite3_finalize(s);
    return ret;
}

/* Adapts a server_cb to the walk above. */
struct plain {
    server_cb cb;
    void *ctx;
};

static int
plain_server(void *ctx, const struct server *s, const struct probe_settings *p)
{
    const struct plain *k = ctx;
    (void)p;
    return k->cb(k->ctx, s);
}

int
store_bulk_each_server(struct store *st, server_cb cb, void *ctx, struct err *e)
{
    struct plain k = {cb, ctx};
    return store_bulk_each_server_probe(st, plain_server, &k, e);
}

static const char SQL_EACH_CONN[] =
    "SELECT id, from_id, to_id, type, created FROM connections"
    " ORDER BY from_id, to_id";

int
store_bulk_each_conn(struct store *st, conn_cb cb, void *ctx, struct err *e)
{
    sqlite3_stmt *s = own_prep(st, SQL_EACH_CONN, e);
    struct connection c;
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        c.id = sqlite3_column_int64(s, 0);
        store_col_text(s, 1, c.from, sizeof c.from);
        store_col_text(s, 2, c.to, sizeof c.to);
        store_col_text(s, 3, c.type, sizeof c.type);
        c.created = sqlite3_column_int64(s, 4);
        if ((ret = cb(ctx, &c)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "connection walk");
    sqlite3_finalize(s);
    return ret;
}

static const char SQL_EACH_MEMBER[] =
    "SELECT server FROM cluster_members WHERE cluster = ?1 ORDER BY server";

int
store_bulk_each_member(struct store *st, const char *name, name_cb cb,
                       void *ctx, struct err *e)
{
    sqlite3_stmt *s = own_prep(st, SQL_EACH_MEMBER, e);
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, name);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(s, 0);
        if ((ret = cb(ctx, id ? id : "")) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "member walk");
    sqlite3_finalize(s);
    return ret;
}

/* ---- lookups (cached: an import makes one per entry) ---- */

int
store_bulk_server_find(struct store *st, const char *id, struct server *out,
                       struct err *e)
{
    return store_server_lookup(st, id, out, e);
}

static const char SQL_FIND_CONN[] =
    "SELECT type FROM connections WHERE (from_id = ?1 AND to_id = ?2)"
    " OR (from_id = ?2 AND to_id = ?1) LIMIT 1";

int
store_bulk_conn_find(struct store *st, const char *a, const char *b, char *type,
                     struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_FIND_CONN, e);
    int found;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, a);
    store_bind_text(s, 2, b);
    if ((found = store_step_row(st, s, e, "connection find")) == 1)
        store_col_text(s, 0, type, 16);
    store_done(s);
    return found;
}

static const char SQL_FIND_MEMBER[] =
    "SELECT 1 FROM cluster_members WHERE cluster = ?1 AND server = ?2";

int
store_bulk_member_find(struct store *st, const char *name, const char *id,
                       struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_FIND_MEMBER, e);
    int found;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, name);
    store_bind_text(s, 2, id);
    found = store_step_row(st, s, e, "member find");
    store_done(s);
    return found;
}

/* ---- writing ---- */

/* Schema objects set aside during a rebuild and created again, from the
 * text SQLite stored, at finish (store_schema.c, version 1). Only
 * these: anything a later migration adds keeps working row by row.
 * - The member-count triggers (the counts are recomputed once instead).
 * (The counters' and the change journal's TEMP triggers are disarmed too:
 * the counters are recomputed once and one 'reset' event is written,
 * store_events_journal.c.)
 * - The secondary indexes, rebuilt by one sort each instead of a B-tree
 *   insert per row: the servers' ones always (the write phase looks
 *   servers up by id only), the connections' ones only after a wipe (a
 *   merge looks existing pairs up through them). */
enum aside_group { G_TRIGGERS, G_SERVER_INDEXES, G_CONN_INDEXES };

static const struct aside_obj {
    const char *type, *name, *drop;
    enum aside_group group;
} ASIDE[] = {
    {"trigger", "cluster_members_ai", "DROP TRIGGER main.cluster_members_ai",
     G_TRIGGERS},
    {"trigger", "cluster_members_ad", "DROP TRIGGER main.cluster_members_ad",
     G_TRIGGERS},
    {"index", "servers_name", "DROP INDEX main.servers_name", G_SERVER_INDEXES},
    {"index", "servers_type", "DROP INDEX main.servers_type", G_SERVER_INDEXES},
    {"index", "servers_ip", "DROP INDEX main.servers_ip", G_SERVER_INDEXES},
    {"index", "servers_region", "DROP INDEX main.servers_region",
     G_SERVER_INDEXES},
    {"index", "servers_status", "DROP INDEX main.servers_status",
     G_SERVER_INDEXES},
    {"index", "connections_pair", "DROP INDEX main.connections_pair",
     G_CONN_INDEXES},
    {"index", "connections_from", "DROP INDEX main.connections_from",
     G_CONN_INDEXES},
    {"index", "connections_to", "DROP INDEX main.connections_to",
     G_CONN_INDEXES},
};
#define NASIDE (sizeof ASIDE / sizeof ASIDE[0])

enum bulk_stmt {
    B_SERVER_ADD,
    B_SERVER_UPDATE,
    B_SERVER_ROW,
    B_FTS_ADD,
    B_FTS_DEL,
    B_CONN_ADD,
    B_CONN_TYPE,
    B_CLUSTER_ADD,
    B_CLUSTER_UPDATE,
    B_MEMBER_ADD,
    B__MAX
};

static const char *const BULK_SQL[B__MAX] = {
    [B_SERVER_ADD] = "INSERT INTO main.servers(id, name, type, ip, region,"
                     " ports, status, x, y, placed, created, updated)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                     " ?8 IS NOT NULL, ?10, ?11)",
    [B_SERVER_UPDATE] = "UPDATE main.servers SET name = ?2, type = ?3,"
                        " ip = ?4, region = ?5, ports = ?6, status = ?7,"
                        " x = ?8, y = ?9, updated = ?11,"
                        " placed = CASE WHEN x IS ?8 AND y IS ?9"
                        "  THEN placed ELSE ?8 IS NOT NULL END"
                        " WHERE rid = ?1",
    [B_SERVER_ROW] = "SELECT rid, id, name, ip, region FROM main.servers"
                     " WHERE id = ?1",
    [B_FTS_ADD] = "INSERT INTO main.servers_fts(rowid, id, name, ip, region)"
                  " VALUES (?1, ?2, ?3, ?4, ?5)",
    [B_FTS_DEL] = "INSERT INTO main.servers_fts(servers_fts, rowid, id, name,"
                  " ip, region) VALUES ('delete', ?1, ?2, ?3, ?4, ?5)",
    [B_CONN_ADD] = "INSERT INTO main.connections(from_id, to_id, type,"
                   " created) VALUES (?1, ?2, ?3, ?4)",
    [B_CONN_TYPE] = "UPDATE main.connections SET type = ?3"
                    " WHERE (from_id = ?1 AND to_id = ?2)"
                    " OR (from_id = ?2 AND to_id = ?1)",
    [B_CLUSTER_ADD] = "INSERT INTO main.clusters(name, description, created,"
                      " updated) VALUES (?1, ?2, ?3, ?4)",
    [B_CLUSTER_UPDATE] = "UPDATE main.clusters SET description ="
                         " coalesce(?2, description), updated = ?3"
                         " WHERE name = ?1",
    [B_MEMBER_ADD] = "INSERT OR IGNORE INTO main.cluster_members(cluster,"
                     " server) VALUES (?1, ?2)",
};

static const char SQL_OBJECT_TEXT[] =
    "SELECT sql FROM main.sqlite_schema WHERE type = ?1 AND name = ?2";

/* The counters and member counts, recomputed from the rows: what the
 * triggers would have left, minus rows whose count fell to zero (readers
 * skip those anyway). */
static const char SQL_RECOUNT[] =
    "DELETE FROM main.stats;"
    "INSERT INTO main.stats SELECT 'servers', '', count(*) FROM main.servers;"
    "INSERT INTO main.stats SELECT 'connections', '', count(*)"
    " FROM main.connections;"
    "INSERT INTO main.stats SELECT 'clusters', '', count(*)"
    " FROM main.clusters;"
    "INSERT INTO main.stats SELECT 'type', type, count(*) FROM main.servers"
    " GROUP BY type;"
    "INSERT INTO main.stats SELECT 'status', status, count(*)"
    " FROM main.servers GROUP BY status;"
    "INSERT INTO main.stats SELECT 'region', region, count(*)"
    " FROM main.servers GROUP BY region;"
    "UPDATE main.clusters SET members = (SELECT count(*)"
    " FROM main.cluster_members m WHERE m.cluster = clusters.name);";

static const char SQL_FTS_REBUILD[] =
    "INSERT INTO main.servers_fts(servers_fts) VALUES ('rebuild')";
static const char SQL_FTS_CLEAR[] =
    "INSERT INTO main.servers_fts(servers_fts) VALUES ('delete-all')";

/* Children first: each DELETE then has nothing left to cascade to. */
static const char SQL_WIPE[] = "DELETE FROM main.cluster_members;"
                               "DELETE FROM main.clusters;"
                               "DELETE FROM main.connections;"
                               "DELETE FROM main.servers;";

/* Page cache for a rebuild (KiB; SQL_CACHE_BULK below): the indexes of
 * a 100,000-server import fit, so pages are not spilled mid-way. */
#define BULK_CACHE_KIB 65536

struct store_bulk {
    struct store *st;
    int rebuild;
    int finished;
    long long old_cache;     /* cache_size to restore */
    char *aside_sql[NASIDE]; /* the text of what was set aside */
    sqlite3_stmt *stmt[B__MAX];
};

static sqlite3_stmt *
bulk_prep(struct store_bulk *b, enum bulk_stmt k, struct err *e)
{
    if (b->stmt[k] == NULL &&
        sqlite3_prepare_v3(b->st->db, BULK_SQL[k], -1,
                           SQLITE_PREPARE_PERSISTENT, &b->stmt[k],
                           NULL) != SQLITE_OK) {
        store_fail(b->st, e, "bulk prepare");
        return NULL;
    }
    return b->stmt[k];
}

static int
exec_script(struct store *st, const char *sql, struct err *e, const char *what)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(st, e, what);
    return 0;
}

static int
cache_size(struct store *st, long long *out, struct err *e)
{
    sqlite3_stmt *s = own_prep(st, "PRAGMA main.cache_size", e);
    if (s == NULL)
        return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, e, "cache_size");
}

/* PRAGMA takes no bound parameters, so the two values are fixed texts:
 * the bulk size, and SQLite's default, which the store never changes. */
#define CACHE_DEFAULT (-2000)
static const char SQL_CACHE_BULK[] = "PRAGMA main.cache_size = -65536";
static const char SQL_CACHE_DEFAULT[] = "PRAGMA main.cache_size = -2000";

/* Sets the objects of group aside: reads each one's text, then drops
 * it (an object the schema does not have is skipped). */
static int
set_aside(struct store_bulk *b, enum aside_group group, struct err *e)
{
    sqlite3_stmt *s = own_prep(b->st, SQL_OBJECT_TEXT, e);
    if (s == NULL)
        return -1;
    for (size_t i = 0; i < NASIDE; i++) {
        if (ASIDE[i].group != group || b->aside_sql[i] != NULL)
            continue;
        sqlite3_reset(s);
        store_bind_text(s, 1, ASIDE[i].type);
        store_bind_text(s, 2, ASIDE[i].name);
        int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(s, 0);
            if (t == NULL || (b->aside_sql[i] = strdup(t)) == NULL) {
                sqlite3_finalize(s);
                return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
            }
        } else if (rc != SQLITE_DONE) {
            sqlite3_finalize(s);
            return store_fail(b->st, e, "schema read");
        }
    }
    sqlite3_finalize(s);
    for (size_t i = 0; i < NASIDE; i++)
        if (ASIDE[i].group == group && b->aside_sql[i] != NULL &&
            exec_script(b->st, ASIDE[i].drop, e, "set aside") < 0)
            return -1;
    return 0;
}

/* Creates the objects of group again (same transaction, same text). */
static int
restore(struct store_bulk *b, enum aside_group group, struct err *e)
{
    for (size_t i = 0; i < NASIDE; i++) {
        if (ASIDE[i].group != group || b->aside_sql[i] == NULL)
            continue;
        if (exec_script(b->st, b->aside_sql[i], e, "restore") < 0)
            return -1;
        free(b->aside_sql[i]);
        b->aside_sql[i] = NULL;
    }
    return 0;
}

int
store_bulk_begin(struct store *st, int rebuild, struct store_bulk **out,
                 struct err *e)
{
    struct store_bulk *b;

    *out = NULL;
    if (st->scoped)
        return err_set(e, ERR_FORBIDDEN, "", "xport_err_scoped", NULL, NULL);
    if (sqlite3_get_autocommit(st->db)) {
        log_msg("store: bulk write outside a transaction");
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    }
    if ((b = calloc(1, sizeof *b)) == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    b->st = st;
    b->rebuild = rebuild;
    if (rebuild) {
        if (cache_size(st, &b->old_cache, e) < 0 ||
            set_aside(b, G_TRIGGERS, e) < 0 || store_events_disarm(st, e) < 0 ||
            set_aside(b, G_SERVER_INDEXES, e) < 0) {
            store_bulk_free(b);
            return -1;
        }
        exec_script(st, SQL_CACHE_BULK, e, "cache_size");
    }
    *out = b;
    return 0;
}

int
store_bulk_wipe(struct store_bulk *b, struct err *e)
{
    if (!b->rebuild)
        return exec_script(b->st, SQL_FTS_CLEAR, e, "search index clear") < 0
                   ? -1
                   : exec_script(b->st, SQL_WIPE, e, "wipe");
    /* Nothing left to look up: the connections' indexes can go too, and
     * the DELETEs have fewer indexes to keep. */
    if (set_aside(b, G_CONN_INDEXES, e) < 0)
        return -1;
    return exec_script(b->st, SQL_WIPE, e, "wipe");
}

static const char *
status_or_unknown(const char *status)
{
    return status[0] ? status : "unknown";
}

/* Binds name..updated of sv at 2..11 (both server statements). */
static void
bind_server(sqlite3_stmt *s, const struct server *sv)
{
    /* Static binding: every value outlives the step that uses it. */
    sqlite3_bind_text(s, 2, sv->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, sv->type, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, sv->ip, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, sv->region, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, sv->ports, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, status_or_unknown(sv->status), -1, SQLITE_STATIC);
    if (sv->has_pos) {
        sqlite3_bind_double(s, 8, sv->x);
        sqlite3_bind_double(s, 9, sv->y);
    } else {
        sqlite3_bind_null(s, 8);
        sqlite3_bind_null(s, 9);
    }
    sqlite3_bind_int64(s, 10, sv->created);
    sqlite3_bind_int64(s, 11, sv->updated);
}

/* Runs s to completion and resets it; 0, or -1 with e set (a UNIQUE
 * violation as ERR_CONFLICT key/arg, with no field). */
static int
step_done(struct store_bulk *b, sqlite3_stmt *s, const char *conflict_key,
          const char *arg, struct err *e, const char *what)
{
    return store_run_or_conflict(b->st, s, "", conflict_key, arg, e, what);
}

static int
fts_put(struct store_bulk *b, enum bulk_stmt k, long long rid, const char *id,
        const char *name, const char *ip, const char *region, struct err *e)
{
    sqlite3_stmt *s = bulk_prep(b, k, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, rid);
    store_bind_text(s, 2, id);
    store_bind_text(s, 3, name);
    store_bind_text(s, 4, ip);
    store_bind_text(s, 5, region);
    return step_done(b, s, NULL, NULL, e, "search index");
}

int
store_bulk_server_add(struct store_bulk *b, const struct server *sv,
                      struct err *e)
{
    sqlite3_stmt *s = bulk_prep(b, B_SERVER_ADD, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_text(s, 1, sv->id, -1, SQLITE_STATIC);
    bind_server(s, sv);
    if (step_done(b, s, "err_server_exists", sv->id, e, "server add") < 0)
        return -1;
    if (b->rebuild)
        return 0;
    return fts_put(b, B_FTS_ADD, sqlite3_last_insert_rowid(b->st->db), sv->id,
                   sv->name, sv->ip, sv->region, e);
}

/* The stored row's id and indexed text (row mode needs the old text to
 * take it out of the search index). 1 found, 0 not, -1 error. */
static int
old_row(struct store_bulk *b, const char *id, struct store_fts_row *o,
        struct err *e)
{
    sqlite3_stmt *s = bulk_prep(b, B_SERVER_ROW, e);
    int found;
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, id);
    if ((found = store_step_row(b->st, s, e, "server row")) == 1)
        store_fts_row_col(s, o);
    store_done(s);
    return found;
}

int
store_bulk_server_update(struct store_bulk *b, const struct server *sv,
                         struct err *e)
{
    struct store_fts_row o;
    sqlite3_stmt *s;
    int found = old_row(b, sv->id, &o, e);

    if (found < 0)
        return -1;
    if (found == 0)
        return err_set(e, ERR_NOT_FOUND, "id", "err_server_not_found", sv->id,
                       NULL);
    if ((s = bulk_prep(b, B_SERVER_UPDATE, e)) == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, o.rid);
    bind_server(s, sv);
    if (step_done(b, s, NULL, NULL, e, "server update") < 0)
        return -1;
    if (b->rebuild ||
        (strcmp(o.name, sv->name) == 0 && strcmp(o.ip, sv->ip) == 0 &&
         strcmp(o.region, sv->region) == 0))
        return 0;
    if (fts_put(b, B_FTS_DEL, o.rid, o.id, o.name, o.ip, o.region, e) < 0)
        return -1;
    return fts_put(b, B_FTS_ADD, o.rid, o.id, sv->name, sv->ip, sv->region, e);
}

int
store_bulk_conn_add(struct store_bulk *b, const char *from, const char *to,
                    const char *type, long long created, struct err *e)
{
    sqlite3_stmt *s = bulk_prep(b, B_CONN_ADD, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, created);
    return step_done(b, s, "err_connection_exists", NULL, e, "connection add");
}

int
store_bulk_conn_set_type(struct store_bulk *b, const char *a, const char *b_id,
                         const char *type, struct err *e)
{
    sqlite3_stmt *s = bulk_prep(b, B_CONN_TYPE, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, b_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, type, -1, SQLITE_STATIC);
    return step_done(b, s, NULL, NULL, e, "connection type");
}

int
store_bulk_cluster_add(struct store_bulk *b, const char *name,
                       const char *description, long long created,
                       long long updated, struct err *e)
{
    sqlite3_stmt *s = bulk_prep(b, B_CLUSTER_ADD, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, description ? description : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, created);
    sqlite3_bind_int64(s, 4, updated);
    return step_done(b, s, "err_cluster_exists", name, e, "cluster add");
}

int
store_bulk_cluster_update(struct store_bulk *b, const char *name,
                          const char *description, long long updated,
                          struct err *e)
{
    sqlite3_stmt *s = bulk_prep(b, B_CLUSTER_UPDATE, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    store_bind_text(s, 2, description);
    sqlite3_bind_int64(s, 3, updated);
    if (step_done(b, s, NULL, NULL, e, "cluster update") < 0)
        return -1;
    if (sqlite3_changes(b->st->db) == 0)
        return err_set(e, ERR_NOT_FOUND, "name", "err_cluster_not_found", name,
                       NULL);
    return 0;
}

int
store_bulk_member_add(struct store_bulk *b, const char *name, const char *id,
                      struct err *e)
{
    sqlite3_stmt *s = bulk_prep(b, B_MEMBER_ADD, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
    return step_done(b, s, NULL, NULL, e, "member add");
}

int
store_bulk_finish(struct store_bulk *b, struct err *e)
{
    if (b->finished)
        return 0;
    if (b->rebuild) {
        /* Index builds sort; SQLite may sort with helper threads. */
        sqlite3_exec(b->st->db, "PRAGMA threads = 2", NULL, NULL, NULL);
        int rc = restore(b, G_SERVER_INDEXES, e) < 0 ||
                 restore(b, G_CONN_INDEXES, e) < 0;
        sqlite3_exec(b->st->db, "PRAGMA threads = 0", NULL, NULL, NULL);
        if (rc || exec_script(b->st, SQL_RECOUNT, e, "recount") < 0 ||
            exec_script(b->st, SQL_FTS_REBUILD, e, "search index rebuild") <
                0 ||
            restore(b, G_TRIGGERS, e) < 0 || store_events_arm(b->st, e) < 0 ||
            store_events_reset(b->st, e) < 0)
            return -1;
    }
    b->finished = 1;
    return 0;
}

void
store_bulk_free(struct store_bulk *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < B__MAX; i++)
        sqlite3_finalize(b->stmt[i]);
    for (size_t i = 0; i < NASIDE; i++)
        free(b->aside_sql[i]);
    if (b->rebuild && b->old_cache == CACHE_DEFAULT)
        sqlite3_exec(b->st->db, SQL_CACHE_DEFAULT, NULL, NULL, NULL);
    else if (b->rebuild)
        log_msg("store: bulk left cache_size at %d KiB", BULK_CACHE_KIB);
    free(b);
}
