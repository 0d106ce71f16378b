/* xport_resolve.c — an import's second look, once every entry is read:
 * connection ends and cluster members must be servers of the document
 * (or, in merge mode, of the database); then each entry is set against
 * the database (new, changed, the same), absent fields are filled as the
 * mode says, and the report's counts are made.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "store_bulk.h"
#include "store_int.h"
#include "store_probe.h"
#include "types.h"
#include "xport_int.h"

/* Progress every this many entries. */
#define STEP 4096

/* An arena copy of s, or fallback (which must outlive the import) when
 * out of memory: im->oom then makes the import fail. */
static const char *
copy_or(struct xport_imp *im, const char *s, const char *fallback)
{
    char *p = xport_arena_strn(&im->arena, s, strlen(s));
    if (p == NULL) {
        im->oom = 1;
        return fallback;
    }
    return p;
}

static int
same_server(const struct xport_srv *r, const struct server *old)
{
    return strcmp(r->name, old->name) == 0 &&
           strcmp(SERVER_TYPES[r->type].name, old->type) == 0 &&
           strcmp(r->ip, old->ip) == 0 && strcmp(r->region, old->region) == 0 &&
           strcmp(r->ports, old->ports) == 0 &&
           strcmp(SERVER_STATES[r->status], old->status) == 0 &&
           !!(r->flags & SRV_POS_SET) == !!old->has_pos &&
           (!old->has_pos || (r->x == old->x && r->y == old->y));
}

/* Fills what the entry left out: in merge mode an existing server keeps
 * its stored values, anything else gets the defaults. */
static void
fill_server(struct xport_imp *im, struct xport_srv *r, const struct server *old)
{
    int keep = old != NULL && im->mode == XPORT_MERGE;

    if (!(r->flags & SRV_NAME))
        r->name = keep ? copy_or(im, old->name, r->id) : r->id;
    if (!(r->flags & SRV_REGION))
        r->region = keep ? copy_or(im, old->region, "") : "";
    if (!(r->flags & SRV_PORTS))
        r->ports = keep ? copy_or(im, old->ports, "") : "";
    if (!(r->flags & SRV_STATUS) && keep)
        for (size_t k = 0; k < SERVER_STATE_COUNT; k++)
            if (strcmp(SERVER_STATES[k], old->status) == 0)
                r->status = (unsigned char)k;
    if (!(r->flags & SRV_POS) && keep && old->has_pos) {
        r->flags |= SRV_POS_SET;
        r->x = old->x;
        r->y = old->y;
    }
    r->flags |= SRV_NAME | SRV_REGION | SRV_PORTS | SRV_STATUS | SRV_POS;
}

static void
stamps(struct xport_imp *im, struct xport_srv *r, const struct server *old)
{
    if (im->mode == XPORT_MERGE && old != NULL) {
        /* Merge stamps what it changes with the import's time. */
        r->created = old->created;
        r->updated = r->db == DB_CHANGED ? im->now : old->updated;
        return;
    }
    if (!(r->flags & SRV_CREATED))
        r->created = im->now;
    if (!(r->flags & SRV_UPDATED))
        r->updated = im->now;
}

/* Whether the server's probe settings change: a merge touches them only
 * when the entry gives "probe"; a replace sets them to the entry's (the
 * defaults when it gives none). 1 changed, 0 not, -1 error. */
static int
probe_changes(struct xport_imp *im, const struct xport_srv *r, struct err *e)
{
    struct probe_settings old, def;
    if (im->mode == XPORT_MERGE && !(r->flags & SRV_PROBE))
        return 0;
    if (store_probe_settings_get(im->st, r->canon, &old, e) < 0)
        return -1;
    probe_settings_default(&def);
    return !xport_probe_equal(r->probe ? r->probe : &def, &old);
}

static int
servers(struct xport_imp *im, long long in_db, struct err *e)
{
    struct xport_count *n = &im->r->servers;
    struct server old;

    for (size_t i = 0; i < im->nsrv; i++) {
        struct xport_srv *r = &im->srv[i];
        int found = 0;
        if (in_db > 0 &&
            (found = store_bulk_server_find(im->st, r->id, &old, e)) < 0)
            return -1;
        if (found) {
            if (strcmp(old.id, r->id) != 0)
                r->canon = copy_or(im, old.id, r->id);
            fill_server(im, r, &old);
            int probe = probe_changes(im, r, e);
            if (probe < 0)
                return -1;
            r->db = same_server(r, &old) && !probe ? DB_SAME : DB_CHANGED;
        } else {
            fill_server(im, r, NULL);
            r->db = DB_NEW;
        }
        stamps(im, r, found ? &old : NULL);
        if (r->db == DB_NEW)
            n->added++;
        else if (r->db == DB_CHANGED)
            n->updated++;
        else
            n->unchanged++;
        if ((i + 1) % STEP == 0)
            xport_progress(im, XPORT_PHASE_VALIDATE, (long long)i + 1,
                           (long long)im->nsrv);
    }
    if (im->mode == XPORT_REPLACE)
        n->removed = in_db - n->updated - n->unchanged;
    return 0;
}

/* The stored spelling of server id named at path suffix of entry elem:
 * from the document, else (merge) the database. NULL when it is nowhere
 * (an issue) or was an invalid entry (reported already). *in_db says
 * whether the database holds it. */
static const char *
end_of(struct xport_imp *im, enum xport_sec sec, int32_t elem,
       const char *suffix, const char *id, int *in_db, struct err *e,
       int *failed)
{
    struct xport_slot *s = xport_index_find(&im->ids, id, NULL);
    char canon[VALID_ID_MAX + 1];

    *in_db = 0;
    if (s != NULL) {
        if (s->rec < 0)
            return NULL;
        *in_db = im->srv[s->rec].db != DB_NEW;
        return im->srv[s->rec].canon;
    }
    if (im->mode == XPORT_MERGE) {
        int found = store_server_canon(im->st, id, canon, e);
        if (found < 0) {
            *failed = 1;
            return NULL;
        }
        if (found) {
            *in_db = 1;
            return copy_or(im, canon, id);
        }
    }
    xport_issue_at(im, sec, (size_t)elem, suffix, ERR_NOT_FOUND,
                   im->mode == XPORT_MERGE ? "xport_err_no_server"
                                           : "xport_err_no_server_doc",
                   id, NULL);
    return NULL;
}

static int
connections(struct xport_imp *im, long long in_db, struct err *e)
{
    struct xport_count *n = &im->r->connections;
    int failed = 0;

    for (size_t i = 0; i < im->nconn; i++) {
        struct xport_conn *c = &im->conn[i];
        int a_db, b_db;
        const char *a = end_of(im, SEC_CONNECTIONS, c->elem, ".from", c->from,
                               &a_db, e, &failed);
        const char *b = end_of(im, SEC_CONNECTIONS, c->elem, ".to", c->to,
                               &b_db, e, &failed);
        if (failed)
            return -1;
        if (a == NULL || b == NULL)
            continue; /* an issue: nothing will be written */
        c->from = a;
        c->to = b;
        c->db = DB_NEW;
        if (a_db && b_db && in_db > 0) {
            char type[16];
            int found = store_bulk_conn_find(im->st, a, b, type, e);
            if (found < 0)
                return -1;
            if (found)
                c->db = strcmp(type, CONN_TYPES[c->type]) == 0 ? DB_SAME
                                                               : DB_CHANGED;
        }
        if (!c->has_created)
            c->created = im->now;
        if (c->db == DB_NEW)
            n->added++;
        else if (c->db == DB_CHANGED)
            n->updated++;
        else
            n->unchanged++;
        if ((i + 1) % STEP == 0)
            xport_progress(im, XPORT_PHASE_VALIDATE, (long long)i + 1,
                           (long long)im->nconn);
    }
    if (im->mode == XPORT_REPLACE)
        n->removed = in_db - n->updated - n->unchanged;
    return 0;
}

/* Resolves the members of cluster k; counts those the database does not
 * have yet (all of them for a new cluster). */
static int
cluster_members(struct xport_imp *im, struct xport_clu *k, int exists,
                struct err *e)
{
    int failed = 0;
    for (size_t j = 0; j < k->n; j++) {
        const char **m = &im->members[k->first + j];
        char suffix[40];
        int in_db;
        snprintf(suffix, sizeof suffix, ".servers[%zu]", j);
        const char *id =
            end_of(im, SEC_CLUSTERS, k->elem, suffix, *m, &in_db, e, &failed);
        if (failed)
            return -1;
        if (id == NULL)
            continue;
        *m = id;
        int member = 0;
        if (exists && in_db &&
            (member = store_bulk_member_find(im->st, k->canon, id, e)) < 0)
            return -1;
        if (!member)
            k->new_members++;
    }
    return 0;
}

static int
clusters(struct xport_imp *im, long long in_db, struct err *e)
{
    struct xport_count *n = &im->r->clusters;
    struct cluster old;

    for (size_t i = 0; i < im->nclu; i++) {
        struct xport_clu *k = &im->clu[i];
        int exists = 0;
        if (in_db > 0 &&
            (exists = xport_cluster_find(im->st, k->name, &old, e)) < 0)
            return -1;
        if (exists && strcmp(old.name, k->name) != 0)
            k->canon = copy_or(im, old.name, k->name);
        if (cluster_members(im, k, exists, e) < 0)
            return -1;
        if (!exists) {
            k->db = DB_NEW;
        } else {
            int desc = (k->flags & CLU_DESC) || im->mode == XPORT_REPLACE;
            int differs = desc && strcmp(k->description, old.description) != 0;
            if (im->mode == XPORT_REPLACE)
                /* The same set: as many, none of them new. */
                differs |= k->new_members > 0 || (long long)k->n != old.members;
            else
                differs |= k->new_members > 0;
            k->db = differs ? DB_CHANGED : DB_SAME;
        }
        if (im->mode == XPORT_MERGE && exists) {
            k->created = old.created;
            k->updated = k->db == DB_CHANGED ? im->now : old.updated;
        } else {
            if (!(k->flags & CLU_CREATED))
                k->created = im->now;
            if (!(k->flags & CLU_UPDATED))
                k->updated = im->now;
        }
        im->r->members_added +=
            im->mode == XPORT_REPLACE ? (long long)k->n : k->new_members;
        if (k->db == DB_NEW)
            n->added++;
        else if (k->db == DB_CHANGED)
            n->updated++;
        else
            n->unchanged++;
    }
    if (im->mode == XPORT_REPLACE)
        n->removed = in_db - n->updated - n->unchanged;
    return 0;
}

int
xport_resolve(struct xport_imp *im, struct err *e)
{
    struct store_totals t;

    if (store_totals(im->st, &t, e) < 0)
        return -1;
    if (servers(im, t.servers, e) < 0 ||
        connections(im, t.connections, e) < 0 ||
        clusters(im, t.clusters, e) < 0)
        return -1;
    xport_progress(im, XPORT_PHASE_VALIDATE,
                   (long long)(im->nsrv + im->nconn + im->nclu),
                   (long long)(im->nsrv + im->nconn + im->nclu));
    return 0;
}
