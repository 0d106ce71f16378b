/* store_server.c — adding, reading, changing and deleting one server, and
 * keeping its row in the search index (servers_fts) in step.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store_int.h"

void
store_fts_row_col(sqlite3_stmt *s, struct store_fts_row *r)
{
    r->rid = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, r->id, sizeof r->id);
    store_col_text(s, 2, r->name, sizeof r->name);
    store_col_text(s, 3, r->ip, sizeof r->ip);
    store_col_text(s, 4, r->region, sizeof r->region);
}

void
store_server_row(sqlite3_stmt *stmt, struct server *out)
{
    memset(out, 0, sizeof *out);
    store_col_text(stmt, 0, out->id, sizeof out->id);
    store_col_text(stmt, 1, out->name, sizeof out->name);
    store_col_text(stmt, 2, out->type, sizeof out->type);
    store_col_text(stmt, 3, out->ip, sizeof out->ip);
    store_col_text(stmt, 4, out->region, sizeof out->region);
    store_col_text(stmt, 5, out->ports, sizeof out->ports);
    store_col_text(stmt, 6, out->status, sizeof out->status);
    out->has_pos = sqlite3_column_type(stmt, 7) != SQLITE_NULL;
    if (out->has_pos) {
        out->x = sqlite3_column_double(stmt, 7);
        out->y = sqlite3_column_double(stmt, 8);
    }
    out->created = sqlite3_column_int64(stmt, 9);
    out->updated = sqlite3_column_int64(stmt, 10);
}

static const char SQL_FTS_ADD[] =
    "INSERT INTO servers_fts(rowid, id, name, ip, region)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_FTS_DEL[] =
    "INSERT INTO servers_fts(servers_fts, rowid, id, name, ip, region)"
    " VALUES ('delete', ?1, ?2, ?3, ?4, ?5)";

/* Adds (sql = SQL_FTS_ADD) or removes (SQL_FTS_DEL) r in the index; an
 * external-content FTS5 table must be told the exact old text. */
static int
fts_apply(struct store *st, const char *sql, const struct store_fts_row *r,
          struct err *e)
{
    sqlite3_stmt *s = store_prep(st, sql, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, r->rid);
    store_bind_text(s, 2, r->id);
    store_bind_text(s, 3, r->name);
    store_bind_text(s, 4, r->ip);
    store_bind_text(s, 5, r->region);
    return store_run(st, s, e, "search index");
}

static void
fts_from_server(struct store_fts_row *r, long long rid, const struct server *sv)
{
    r->rid = rid;
    snprintf(r->id, sizeof r->id, "%s", sv->id);
    snprintf(r->name, sizeof r->name, "%s", sv->name);
    snprintf(r->ip, sizeof r->ip, "%s", sv->ip);
    snprintf(r->region, sizeof r->region, "%s", sv->region);
}

static const char SQL_FTS_ROW[] =
    "SELECT rid, id, name, ip, region FROM servers WHERE id = ?1";

/* The stored row of id: 1 found, 0 not found (*e set), -1 error. */
static int
fts_row_get(struct store *st, const char *id, struct store_fts_row *r,
            struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_FTS_ROW, e);
    int found;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, id);
    found = store_step_row(st, s, e, "server read");
    if (found == 1)
        store_fts_row_col(s, r);
    else if (found == 0)
        err_set(e, ERR_NOT_FOUND, "id", "err_server_not_found", id, NULL);
    store_done(s);
    return found;
}

static const char *
status_or_unknown(const char *status)
{
    return status[0] ? status : "unknown";
}

/* Binds name..updated of sv at 2..10 (the order of both statements). */
static void
bind_fields(sqlite3_stmt *s, const struct server *sv, long long now)
{
    store_bind_text(s, 2, sv->name);
    store_bind_text(s, 3, sv->type);
    store_bind_text(s, 4, sv->ip);
    store_bind_text(s, 5, sv->region);
    store_bind_text(s, 6, sv->ports);
    store_bind_text(s, 7, status_or_unknown(sv->status));
    if (sv->has_pos) {
        sqlite3_bind_double(s, 8, sv->x);
        sqlite3_bind_double(s, 9, sv->y);
    }
    sqlite3_bind_int64(s, 10, now);
}

static const char SQL_SERVER_ADD[] =
    "INSERT INTO main.servers(id, name, type, ip, region, ports, status, x, y,"
    " placed, updated, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
    " ?8 IS NOT NULL, ?10, ?10)";

int
store_server_add(struct store *st, const struct server *sv, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_SERVER_ADD, e);
    struct store_fts_row r;

    if (s == NULL || store_check_room(st, 1, e) < 0)
        return -1;
    store_bind_text(s, 1, sv->id);
    bind_fields(s, sv, (long long)time(NULL));
    if (store_run_or_conflict(st, s, "id", "err_server_exists", sv->id, e,
                              "server add") < 0)
        return -1;
    fts_from_server(&r, sqlite3_last_insert_rowid(st->db), sv);
    return fts_apply(st, SQL_FTS_ADD, &r, e);
}

static const char SQL_SERVER_GET[] =
    "SELECT " STORE_SERVER_COLS " FROM servers s WHERE s.id = ?1";

int
store_server_lookup(struct store *st, const char *id, struct server *out,
                    struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_SERVER_GET, e);
    int found;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, id);
    if ((found = store_step_row(st, s, e, "server get")) == 1)
        store_server_row(s, out);
    store_done(s);
    return found;
}

int
store_server_get(struct store *st, const char *id, struct server *out,
                 struct err *e)
{
    int found = store_server_lookup(st, id, out, e);

    if (found == 0)
        return err_set(e, ERR_NOT_FOUND, "id", "err_server_not_found", id,
                       NULL);
    return found < 0 ? -1 : 0;
}

/* A position given with the server is one placed by hand (servers.placed)
 * unless it is the one already stored. */
static const char SQL_SERVER_UPDATE[] =
    "UPDATE main.servers SET name = ?2, type = ?3, ip = ?4, region = ?5,"
    " ports = ?6, status = ?7, x = ?8, y = ?9, updated = ?10,"
    " placed = CASE WHEN x IS ?8 AND y IS ?9 THEN placed"
    "  ELSE ?8 IS NOT NULL END"
    " WHERE rid = ?1";

static int
text_changed(const struct store_fts_row *old, const struct server *sv)
{
    return strcmp(old->name, sv->name) != 0 || strcmp(old->ip, sv->ip) != 0 ||
           strcmp(old->region, sv->region) != 0;
}

int
store_server_update(struct store *st, const struct server *sv, struct err *e)
{
    struct store_fts_row old, now;
    sqlite3_stmt *s;

    if (fts_row_get(st, sv->id, &old, e) != 1)
        return -1;
    if ((s = store_prep(st, SQL_SERVER_UPDATE, e)) == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, old.rid);
    bind_fields(s, sv, (long long)time(NULL));
    if (store_run(st, s, e, "server update") < 0)
        return -1;
    if (!text_changed(&old, sv))
        return 0;
    fts_from_server(&now, old.rid, sv);
    snprintf(now.id, sizeof now.id, "%s", old.id); /* the id never changes */
    if (fts_apply(st, SQL_FTS_DEL, &old, e) < 0)
        return -1;
    return fts_apply(st, SQL_FTS_ADD, &now, e);
}

static const char SQL_SERVER_DELETE[] =
    "DELETE FROM main.servers WHERE rid = ?1";

int
store_server_delete(struct store *st, const char *id, struct err *e)
{
    struct store_fts_row old;
    sqlite3_stmt *s;

    if (fts_row_get(st, id, &old, e) != 1)
        return -1;
    if (fts_apply(st, SQL_FTS_DEL, &old, e) < 0)
        return -1;
    if ((s = store_prep(st, SQL_SERVER_DELETE, e)) == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, old.rid);
    /* Foreign keys cascade to connections and memberships; triggers fix
     * the counters. */
    return store_run(st, s, e, "server delete");
}

void
store_server_sort_key(const struct server *s, enum server_sort sort, char *out,
                      size_t outlen)
{
    const char *k;

    switch (sort) {
    case SORT_NAME:
        k = s->name;
        break;
    case SORT_TYPE:
        k = s->type;
        break;
    case SORT_IP:
        k = s->ip;
        break;
    case SORT_REGION:
        k = s->region;
        break;
    case SORT_STATUS:
        k = s->status;
        break;
    default:
        k = s->id;
        break;
    }
    snprintf(out, outlen, "%s", k);
}
