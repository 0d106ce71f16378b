/* store_failover.c — the failover switch-over: a failed server's
 * connections move to its standby (probe_settings.standby), in one
 * transaction, keeping direction and type; each move goes to the log.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "log.h"
#include "store_failover.h"
#include "store_int.h"

#define FAILOVER_MAX 10000 /* connections moved at once */

static const char SQL_STANDBY[] =
    "SELECT standby FROM probe_settings WHERE server = ?1";

int
store_failover_standby(struct store *st, const char *id, char *out,
                       struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_STANDBY, e);
    int rc;
    out[0] = '\0';
    if (!s)
        return -1;
    store_bind_text(s, 1, id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        store_col_text(s, 0, out, VALID_ID_MAX + 1);
    store_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(st, e, "failover standby");
    return 0;
}

static const char SQL_STANDBY_SET[] =
    "INSERT INTO main.probe_settings(server, standby, updated)"
    " VALUES (?1, ?2, ?3)"
    " ON CONFLICT (server) DO UPDATE SET standby = ?2, updated = ?3";

int
store_failover_standby_set(struct store *st, const char *id,
                           const char *standby, struct err *e)
{
    char a[VALID_ID_MAX + 1], b[VALID_ID_MAX + 1] = "";
    sqlite3_stmt *s;
    int found = store_server_canon(st, id, a, e);

    if (found == 0)
        return err_set(e, ERR_NOT_FOUND, "id", "err_server_not_found", id,
                       NULL);
    if (found < 0)
        return -1;
    if (standby && *standby) {
        found = store_server_canon(st, standby, b, e);
        if (found == 0)
            return err_set(e, ERR_NOT_FOUND, "standby", "err_server_not_found",
                           standby, NULL);
        if (found < 0)
            return -1;
        if (strcasecmp(a, b) == 0)
            return err_set(e, ERR_INVALID, "standby", "action_err_standby_self",
                           NULL, NULL);
    }
    if ((s = store_prep(st, SQL_STANDBY_SET, e)) == NULL)
        return -1;
    store_bind_text(s, 1, a);
    store_bind_text(s, 2, b[0] ? b : NULL);
    sqlite3_bind_int64(s, 3, (long long)time(NULL));
    return store_run(st, s, e, "failover standby set");
}

/* The failed server's connections, limited to those whose other end is a
 * member of ?2 unless ?2 is ''. Read through the (possibly scoped)
 * connections view. */
static const char SQL_CONNS[] =
    "SELECT id, from_id, to_id, type FROM connections"
    " WHERE (from_id = ?1 OR to_id = ?1)"
    " AND (?2 = '' OR EXISTS (SELECT 1 FROM cluster_members m"
    "  WHERE m.cluster = ?2 AND m.server ="
    "  CASE WHEN from_id = ?1 THEN to_id ELSE from_id END))"
    " ORDER BY id LIMIT ?3";

static const char SQL_DELETE[] = "DELETE FROM main.connections WHERE id = ?1";

static const char SQL_INSERT[] =
    "INSERT INTO main.connections(from_id, to_id, type, created)"
    " VALUES (?1, ?2, ?3, ?4)";

struct moving {
    long long id;
    char from[VALID_ID_MAX + 1];
    char to[VALID_ID_MAX + 1];
    char type[16];
};

static int
list_conns(struct store *st, const char *failed, const char *cluster,
           struct moving **out, size_t *n, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_CONNS, e);
    struct moving *v = NULL;
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (!s)
        return -1;
    store_bind_text(s, 1, failed);
    store_bind_text(s, 2, cluster);
    sqlite3_bind_int(s, 3, FAILOVER_MAX);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct moving *nv = realloc(v, ncap * sizeof *v);
            if (!nv) {
                store_done(s);
                free(v);
                return err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL,
                               NULL);
            }
            v = nv;
            cap = ncap;
        }
        v[*n].id = sqlite3_column_int64(s, 0);
        store_col_text(s, 1, v[*n].from, sizeof v[*n].from);
        store_col_text(s, 2, v[*n].to, sizeof v[*n].to);
        store_col_text(s, 3, v[*n].type, sizeof v[*n].type);
        (*n)++;
    }
    store_done(s);
    if (rc != SQLITE_DONE) {
        free(v);
        *n = 0;
        return store_fail(st, e, "failover list");
    }
    *out = v;
    return 0;
}

/* Moves one connection; 1 moved, 0 skipped (the standby has the pair
 * already, or it joined the failed server to the standby), -1 error. */
static int
move_one(struct store *st, const struct moving *c, const char *failed,
         const char *standby, struct err *e)
{
    int from_failed = strcasecmp(c->from, failed) == 0;
    const char *other = from_failed ? c->to : c->from;
    sqlite3_stmt *s = store_prep(st, SQL_DELETE, e);
    int rc;

    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, c->id);
    if (store_run(st, s, e, "failover delete") < 0)
        return -1;
    if (strcasecmp(other, standby) == 0) {
        log_msg("failover: dropped %s -> %s (%s): it joined %s to its "
                "standby",
                c->from, c->to, c->type, failed);
        return 0;
    }
    if ((s = store_prep(st, SQL_INSERT, e)) == NULL)
        return -1;
    store_bind_text(s, 1, from_failed ? standby : other);
    store_bind_text(s, 2, from_failed ? other : standby);
    store_bind_text(s, 3, c->type);
    sqlite3_bind_int64(s, 4, (long long)time(NULL));
    rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) {
        int dup = store_is_unique_violation(st);
        if (!dup)
            store_fail(st, e, "failover insert");
        store_done(s);
        if (!dup)
            return -1;
        log_msg("failover: removed %s -> %s (%s): %s already connects %s",
                c->from, c->to, c->type, standby, other);
        return 0;
    }
    store_done(s);
    log_msg("failover: moved %s -> %s (%s) to %s -> %s", c->from, c->to,
            c->type, from_failed ? standby : other,
            from_failed ? other : standby);
    return 1;
}

int
store_failover(struct store *st, const char *failed, const char *cluster,
               struct store_failover_result *r, struct err *e)
{
    char id[VALID_ID_MAX + 1];
    struct moving *v = NULL;
    size_t n = 0, i;
    int found;

    memset(r, 0, sizeof *r);
    if (store_begin(st, 1, e) < 0)
        return -1;
    found = store_server_canon(st, failed, id, e);
    if (found == 0)
        err_set(e, ERR_NOT_FOUND, "server", "err_server_not_found", failed,
                NULL);
    if (found <= 0)
        goto fail;
    if (store_failover_standby(st, id, r->standby, e) < 0)
        goto fail;
    if (!r->standby[0])
        return store_commit(st, e); /* nothing to switch to */
    if (list_conns(st, id, cluster ? cluster : "", &v, &n, e) < 0)
        goto fail;
    for (i = 0; i < n; i++) {
        int m = move_one(st, &v[i], id, r->standby, e);
        if (m < 0)
            goto fail;
        if (m)
            r->moved++;
        else
            r->skipped++;
    }
    free(v);
    v = NULL;
    if (store_commit(st, e) < 0)
        goto fail;
    log_msg("failover: %s -> standby %s%s%s: %d moved, %d skipped", id,
            r->standby, cluster && *cluster ? " in cluster " : "",
            cluster ? cluster : "", r->moved, r->skipped);
    return 0;
fail:
    free(v);
    store_rollback(st);
    r->moved = r->skipped = 0;
    return -1;
}
