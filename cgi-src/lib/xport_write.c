/* xport_write.c — an import's last step: the checked records written
 * through store_bulk, servers in id order and connections in (from, to)
 * order (the indexes then grow at their ends), in the caller's write
 * transaction.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store_bulk.h"
#include "store_probe.h"
#include "types.h"
#include "xport_int.h"

/* Progress every this many rows. */
#define STEP 4096

/* Fewer rows than this are written row by row (search index and counters
 * kept as each row goes in); more, and the counters and index are redone
 * once at the end, which costs a pass over the whole estate. */
#define REBUILD_MIN 2000

/* Orders of sorted_refs: x and y point at references to records. */
static int
by_canon(const void *x, const void *y)
{
    const struct xport_srv *a = *(const void *const *)x;
    const struct xport_srv *b = *(const void *const *)y;
    return strcasecmp(a->canon, b->canon);
}

static int
by_ends(const void *x, const void *y)
{
    const struct xport_conn *a = *(const void *const *)x;
    const struct xport_conn *b = *(const void *const *)y;
    int c = strcasecmp(a->from, b->from);
    return c ? c : strcasecmp(a->to, b->to);
}

/* References to the n records of size bytes at base, sorted by cmp: the
 * order to write them in. NULL, with e set, when out of memory; the
 * caller frees the array. */
static const void **
sorted_refs(const void *base, size_t n, size_t size,
            int (*cmp)(const void *, const void *), struct err *e)
{
    const void **ref = malloc((n + 1) * sizeof *ref);

    if (ref == NULL) {
        err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        ref[i] = (const char *)base + i * size;
    qsort(ref, n, sizeof *ref, cmp);
    return ref;
}

/* Progress after the row at position i of n, every STEP rows. */
static void
step_progress(struct xport_imp *im, enum xport_phase p, size_t i, size_t n)
{
    if ((i + 1) % STEP == 0)
        xport_progress(im, p, (long long)i + 1, (long long)n);
}

static void
to_server(const struct xport_srv *r, struct server *s)
{
    /* Every string was checked against its column's size. */
    xport_server_text(s, r->canon, r->name, r->type, r->ip, r->region, r->ports,
                      r->status);
    s->has_pos = (r->flags & SRV_POS_SET) != 0;
    s->x = s->has_pos ? r->x : 0;
    s->y = s->has_pos ? r->y : 0;
    s->created = r->created;
    s->updated = r->updated;
}

/* Probe settings, once their servers exist: a replace writes those the
 * document gives (the wipe removed the old ones); a merge those of the
 * entries that give "probe" (null: back to the defaults). */
static int
write_probes(struct xport_imp *im, struct err *e)
{
    struct probe_settings def;
    probe_settings_default(&def);
    for (size_t i = 0; i < im->nsrv; i++) {
        const struct xport_srv *r = &im->srv[i];
        int want = im->mode == XPORT_REPLACE
                       ? (r->flags & SRV_PROBE_SET) != 0
                       : (r->flags & SRV_PROBE) && r->db != DB_SAME;
        if (want && store_probe_settings_set(im->st, r->canon,
                                             r->probe ? r->probe : &def, e) < 0)
            return -1;
    }
    return 0;
}

static int
write_servers(struct xport_imp *im, struct store_bulk *b, struct err *e)
{
    const void **order =
        sorted_refs(im->srv, im->nsrv, sizeof *im->srv, by_canon, e);
    struct server s;
    int rc = 0;

    if (order == NULL)
        return -1;
    xport_progress(im, XPORT_PHASE_SERVERS, 0, (long long)im->nsrv);
    for (size_t i = 0; i < im->nsrv && rc == 0; i++) {
        const struct xport_srv *r = order[i];
        if (im->mode == XPORT_MERGE && r->db == DB_SAME)
            continue;
        to_server(r, &s);
        if (im->mode == XPORT_MERGE && r->db == DB_CHANGED)
            rc = store_bulk_server_update(b, &s, e);
        else
            rc = store_bulk_server_add(b, &s, e);
        step_progress(im, XPORT_PHASE_SERVERS, i, im->nsrv);
    }
    free(order);
    xport_progress(im, XPORT_PHASE_SERVERS, (long long)im->nsrv,
                   (long long)im->nsrv);
    return rc < 0 ? -1 : write_probes(im, e);
}

static int
write_connections(struct xport_imp *im, struct store_bulk *b, struct err *e)
{
    const void **order =
        sorted_refs(im->conn, im->nconn, sizeof *im->conn, by_ends, e);
    int rc = 0;

    if (order == NULL)
        return -1;
    xport_progress(im, XPORT_PHASE_CONNECTIONS, 0, (long long)im->nconn);
    for (size_t i = 0; i < im->nconn && rc == 0; i++) {
        const struct xport_conn *c = order[i];
        const char *type = CONN_TYPES[c->type];
        if (im->mode == XPORT_MERGE && c->db == DB_SAME)
            continue;
        if (im->mode == XPORT_MERGE && c->db == DB_CHANGED)
            rc = store_bulk_conn_set_type(b, c->from, c->to, type, e);
        else
            rc = store_bulk_conn_add(b, c->from, c->to, type, c->created, e);
        step_progress(im, XPORT_PHASE_CONNECTIONS, i, im->nconn);
    }
    free(order);
    xport_progress(im, XPORT_PHASE_CONNECTIONS, (long long)im->nconn,
                   (long long)im->nconn);
    return rc;
}

static int
write_clusters(struct xport_imp *im, struct store_bulk *b, struct err *e)
{
    xport_progress(im, XPORT_PHASE_CLUSTERS, 0, (long long)im->nclu);
    for (size_t i = 0; i < im->nclu; i++) {
        const struct xport_clu *k = &im->clu[i];
        int rc = 0;
        if (im->mode == XPORT_MERGE && k->db == DB_SAME)
            continue;
        if (im->mode == XPORT_MERGE && k->db == DB_CHANGED)
            rc = store_bulk_cluster_update(
                b, k->canon, (k->flags & CLU_DESC) ? k->description : NULL,
                k->updated, e);
        else
            rc = store_bulk_cluster_add(b, k->canon, k->description, k->created,
                                        k->updated, e);
        for (size_t j = 0; j < k->n && rc == 0; j++)
            rc = store_bulk_member_add(b, k->canon, im->members[k->first + j],
                                       e);
        if (rc < 0)
            return -1;
    }
    xport_progress(im, XPORT_PHASE_CLUSTERS, (long long)im->nclu,
                   (long long)im->nclu);
    return 0;
}

int
xport_write(struct xport_imp *im, struct err *e)
{
    const struct xport_report *r = im->r;
    struct store_bulk *b = NULL;
    long long rows = r->servers.added + r->servers.updated +
                     r->connections.added + r->connections.updated;
    long long existing =
        r->servers.updated + r->servers.unchanged + r->servers.removed;
    /* Replace always rebuilds (the old estate goes in one DELETE pass);
     * a merge when it writes a good share of what will be there. */
    int rebuild = im->mode == XPORT_REPLACE ||
                  (rows >= REBUILD_MIN && rows * 4 >= existing);
    int rc = -1;

    if (store_bulk_begin(im->st, rebuild, &b, e) < 0)
        return -1;
    if (im->mode == XPORT_REPLACE) {
        xport_progress(im, XPORT_PHASE_WIPE, 0, 1);
        if (store_bulk_wipe(b, e) < 0)
            goto out;
        xport_progress(im, XPORT_PHASE_WIPE, 1, 1);
    }
    if (write_servers(im, b, e) < 0 || write_connections(im, b, e) < 0 ||
        write_clusters(im, b, e) < 0)
        goto out;
    xport_progress(im, XPORT_PHASE_INDEX, 0, 1);
    if (store_bulk_finish(b, e) < 0)
        goto out;
    xport_progress(im, XPORT_PHASE_INDEX, 1, 1);
    rc = 0;
out:
    store_bulk_free(b);
    return rc;
}
