/* store_cluster.c — clusters and their members: create, read, change,
 * delete, membership and listings.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <time.h>

#include "store_int.h"

static int
cluster_not_found(const char *name, struct err *e)
{
    return err_set(e, ERR_NOT_FOUND, "name", "err_cluster_not_found", name,
                   NULL);
}

static const char SQL_CLUSTER_ADD[] =
    "INSERT INTO main.clusters(name, description, updated, created)"
    " VALUES (?1, ?2, ?3, ?3)";
static const char SQL_MEMBER_ADD[] =
    "INSERT OR IGNORE INTO main.cluster_members(cluster, server)"
    " SELECT c.name, ?2 FROM clusters c WHERE c.name = ?1";

/* Adds stored server id to cluster name: 1 added, 0 already a member. */
static int
member_insert(struct store *st, const char *name, const char *id, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_MEMBER_ADD, e);
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, name);
    store_bind_text(s, 2, id);
    if (store_run(st, s, e, "member add") < 0)
        return -1;
    return sqlite3_changes(st->db) > 0;
}

/* Adds member id by its stored id; unknown -> ERR_NOT_FOUND "servers". */
static int
member_add(struct store *st, const char *name, const char *id, struct err *e)
{
    char canon[VALID_ID_MAX + 1];
    int found = store_server_canon(st, id, canon, e);

    if (found == 0)
        return err_set(e, ERR_NOT_FOUND, "servers", "err_server_not_found", id,
                       NULL);
    if (found < 0)
        return -1;
    return member_insert(st, name, canon, e);
}

int
store_cluster_adopt(struct store *st, const char *name, const char *id,
                    struct err *e)
{
    struct cluster c;
    if (store_cluster_get(st, name, &c, e) < 0) {
        snprintf(e->field, sizeof e->field, "cluster");
        return -1;
    }
    return member_insert(st, c.name, id, e) < 0 ? -1 : 0;
}

int
store_cluster_create(struct store *st, const char *name,
                     const char *description, const char *const *members,
                     size_t n, struct err *e)
{
    if (st->scoped)
        return err_set(e, ERR_FORBIDDEN, "name", "err_scope_cluster_create",
                       NULL, NULL);
    sqlite3_stmt *s = store_prep(st, SQL_CLUSTER_ADD, e);

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, name);
    store_bind_text(s, 2, description ? description : "");
    sqlite3_bind_int64(s, 3, (long long)time(NULL));
    if (store_run_or_conflict(st, s, "name", "err_cluster_exists", name, e,
                              "cluster add") < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (member_add(st, name, members[i], e) < 0)
            return -1; /* the caller rolls back the transaction */
    return 0;
}

static const char SQL_CLUSTER_GET[] =
    "SELECT name, description, members, created, updated FROM clusters"
    " WHERE name = ?1";
static const char SQL_CLUSTER_LIST[] =
    "SELECT name, description, members, created, updated FROM clusters"
    " ORDER BY name";

static void
cluster_row(sqlite3_stmt *s, struct cluster *c)
{
    store_col_text(s, 0, c->name, sizeof c->name);
    store_col_text(s, 1, c->description, sizeof c->description);
    c->members = sqlite3_column_int64(s, 2);
    c->created = sqlite3_column_int64(s, 3);
    c->updated = sqlite3_column_int64(s, 4);
}

int
store_cluster_get(struct store *st, const char *name, struct cluster *out,
                  struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_CLUSTER_GET, e);
    int found;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, name);
    found = store_step_row(st, s, e, "cluster get");
    if (found == 1)
        cluster_row(s, out);
    else if (found == 0)
        cluster_not_found(name, e);
    store_done(s);
    return found == 1 ? 0 : -1;
}

static const char SQL_CLUSTER_UPDATE[] =
    "UPDATE main.clusters SET description = coalesce(?2, description),"
    " updated = ?3 WHERE name = ?1 AND name IN (SELECT name FROM clusters)";

/* Sets the description (NULL keeps it) and bumps updated. */
static int
touch(struct store *st, const char *name, const char *description,
      struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_CLUSTER_UPDATE, e);

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, name);
    store_bind_text(s, 2, description);
    sqlite3_bind_int64(s, 3, (long long)time(NULL));
    if (store_run(st, s, e, "cluster update") < 0)
        return -1;
    if (sqlite3_changes(st->db) == 0)
        return cluster_not_found(name, e);
    return 0;
}

int
store_cluster_update(struct store *st, const char *name,
                     const char *description, struct err *e)
{
    return touch(st, name, description ? description : "", e);
}

static const char SQL_CLUSTER_DELETE[] =
    "DELETE FROM main.clusters WHERE name = ?1"
    " AND name IN (SELECT name FROM clusters)";

int
store_cluster_delete(struct store *st, const char *name, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_CLUSTER_DELETE, e);

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, name);
    if (store_run(st, s, e, "cluster delete") < 0)
        return -1;
    if (sqlite3_changes(st->db) == 0)
        return cluster_not_found(name, e);
    return 0;
}

int
store_cluster_add_member(struct store *st, const char *name, const char *id,
                         struct err *e)
{
    int added;

    if (touch(st, name, NULL, e) < 0)
        return -1;
    if ((added = member_add(st, name, id, e)) < 0)
        return -1;
    if (added == 0)
        return err_set(e, ERR_CONFLICT, "servers", "err_already_member", id,
                       NULL);
    return 0;
}

static const char SQL_MEMBER_DELETE[] =
    "DELETE FROM main.cluster_members WHERE cluster = ?1 AND server = ?2"
    " AND cluster IN (SELECT name FROM clusters)";

int
store_cluster_remove_member(struct store *st, const char *name, const char *id,
                            struct err *e)
{
    sqlite3_stmt *s;

    if (touch(st, name, NULL, e) < 0)
        return -1;
    if ((s = store_prep(st, SQL_MEMBER_DELETE, e)) == NULL)
        return -1;
    store_bind_text(s, 1, name);
    store_bind_text(s, 2, id);
    if (store_run(st, s, e, "member delete") < 0)
        return -1;
    if (sqlite3_changes(st->db) == 0)
        return err_set(e, ERR_NOT_FOUND, "servers", "err_not_member", id, NULL);
    return 0;
}

int
store_cluster_list(struct store *st, cluster_cb cb, void *ctx, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_CLUSTER_LIST, e);
    struct cluster c;
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    while ((rc = store_step_row(st, s, e, "cluster list")) == 1) {
        cluster_row(s, &c);
        if ((ret = cb(ctx, &c)) != 0)
            break;
    }
    store_done(s);
    return rc < 0 ? -1 : ret;
}

static const char SQL_SERVER_CLUSTERS[] =
    "SELECT cluster FROM cluster_members WHERE server = ?1 ORDER BY cluster";

int
store_server_clusters(struct store *st, const char *id, name_cb cb, void *ctx,
                      struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_SERVER_CLUSTERS, e);
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, id);
    while ((rc = store_step_row(st, s, e, "server clusters")) == 1) {
        const char *name = (const char *)sqlite3_column_text(s, 0);
        if ((ret = cb(ctx, name ? name : "")) != 0)
            break;
    }
    store_done(s);
    return rc < 0 ? -1 : ret;
}
