/* fossflow_import.c — importing a FossFLOW document: recognise it,
 * parse it (jansson), read it into records (fossflow_read.c), compare
 * them with the database, then write them through store_bulk in the
 * caller's transaction, or nothing when anything cannot be mapped.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fossflow_int.h"
#include "log.h"
#include "store_bulk.h"
#include "types.h"

/* Imports of more servers than this rebuild the counters and search
 * index once at the end (store_bulk.h). */
#define REBUILD_MIN 2000

/* ---- sniffing: a shallow scan of the top level ---- */

static const char *
skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    return p;
}

/* Past the string at p ('"'); NULL when unterminated. */
static const char *
skip_string(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\')
            p++;
        else if (*p == '"')
            return p + 1;
    }
    return NULL;
}

/* Past the value at p (any JSON value, nesting counted). */
static const char *
skip_value(const char *p, const char *end)
{
    int depth = 0;
    while (p < end) {
        char c = *p;
        if (c == '"') {
            if ((p = skip_string(p, end)) == NULL)
                return NULL;
            if (depth == 0)
                return p;
            continue;
        }
        if (c == '{' || c == '[')
            depth++;
        else if (c == '}' || c == ']') {
            if (--depth < 0)
                return p; /* the end of the enclosing object */
            if (depth == 0)
                return p + 1;
        } else if (depth == 0 && (c == ',' || c == '}'))
            return p;
        p++;
    }
    return NULL;
}

static int
key_is(const char *k, const char *end, const char *name)
{
    size_t n = strlen(name);
    return end - k == (long)n + 2 && memcmp(k + 1, name, n) == 0;
}

int
fossflow_sniff(const char *json, size_t len)
{
    const char *p = json, *end = json + len;
    int items = 0, views = 0, compact = 0;

    p = skip_ws(p, end);
    if (p == end || *p != '{')
        return 0;
    for (p++;;) {
        p = skip_ws(p, end);
        if (p == end || *p != '"')
            break;
        const char *k = p, *kend = skip_string(p, end);
        if (kend == NULL)
            return 0;
        p = skip_ws(kend, end);
        if (p == end || *p != ':')
            return 0;
        p = skip_ws(p + 1, end);
        const char *v = p;
        if ((p = skip_value(p, end)) == NULL)
            return 0;
        if (key_is(k, kend, "format"))
            return 0; /* a native document */
        items |= key_is(k, kend, "items");
        views |= key_is(k, kend, "views");
        /* "_": {"f": "compact", ...}: look for the marker inside. */
        if (key_is(k, kend, "_") && *v == '{') {
            const char *m = v;
            while (m + 13 <= p) {
                if (memcmp(m, "\"f\"", 3) == 0) {
                    const char *q = skip_ws(m + 3, p);
                    if (q < p && *q == ':') {
                        q = skip_ws(q + 1, p);
                        if (p - q >= 9 && memcmp(q, "\"compact\"", 9) == 0)
                            compact = 1;
                    }
                }
                m++;
            }
        }
        p = skip_ws(p, end);
        if (p < end && *p == ',')
            p++;
    }
    return (items && views) || compact;
}

/* ---- against the database ---- */

static int
same_server(const struct ff_srv *s, const struct server *o)
{
    return strcmp(s->name, o->name) == 0 &&
           strcmp(SERVER_TYPES[s->type].name, o->type) == 0 &&
           strcmp(s->ip, o->ip) == 0 && strcmp(s->region, o->region) == 0 &&
           strcmp(s->ports, o->ports) == 0 &&
           strcmp(SERVER_STATES[s->status],
                  o->status[0] ? o->status : "unknown") == 0 &&
           (!s->has_pos || (o->has_pos && s->x == o->x && s->y == o->y));
}

static int
resolve(struct ff_imp *im, struct err *e)
{
    struct xport_report *r = im->r;
    struct store_totals tot;
    long long kept_srv = 0, kept_conn = 0, kept_clu = 0;

    for (size_t i = 0; i < im->nsrv; i++) {
        struct ff_srv *s = &im->srv[i];
        int found = store_bulk_server_find(im->st, s->id, &s->old, e);
        if (found < 0)
            return -1;
        s->db =
            found ? (same_server(s, &s->old) ? DB_SAME : DB_CHANGED) : DB_NEW;
        if (found) {
            s->id = s->old.id; /* as stored */
            kept_srv++;
        }
        r->servers.added += s->db == DB_NEW;
        r->servers.updated += s->db == DB_CHANGED;
        r->servers.unchanged += s->db == DB_SAME;
    }
    for (size_t i = 0; i < im->nconn; i++) {
        struct ff_conn *c = &im->conn[i];
        char type[16];
        int found = store_bulk_conn_find(im->st, im->srv[c->a].id,
                                         im->srv[c->b].id, type, e);
        if (found < 0)
            return -1;
        c->db = !found                                   ? DB_NEW
                : strcmp(type, CONN_TYPES[c->type]) == 0 ? DB_SAME
                                                         : DB_CHANGED;
        kept_conn += found;
        r->connections.added += c->db == DB_NEW;
        r->connections.updated += c->db == DB_CHANGED;
        r->connections.unchanged += c->db == DB_SAME;
    }
    for (size_t i = 0; i < im->ncluster; i++) {
        struct cluster cl;
        int found = xport_cluster_find(im->st, im->cluster[i], &cl, e);
        if (found < 0)
            return -1;
        kept_clu += found;
        r->clusters.added += !found;
        r->clusters.unchanged += found;
    }
    /* Memberships to write (the clusters exist by now in the counting). */
    for (size_t i = 0; i < im->nsrv; i++) {
        char list[FF_DESC_MAX + 1];
        snprintf(list, sizeof list, "%s", im->srv[i].clusters);
        for (char *save = NULL, *t = strtok_r(list, " ", &save); t;
             t = strtok_r(NULL, " ", &save)) {
            int had = im->mode == XPORT_MERGE
                          ? store_bulk_member_find(im->st, t, im->srv[i].id, e)
                          : 0;
            if (had < 0)
                return -1;
            r->members_added += !had;
        }
    }
    if (im->mode == XPORT_REPLACE) {
        if (store_totals(im->st, &tot, e) < 0)
            return -1;
        r->servers.removed = tot.servers - kept_srv;
        r->connections.removed = tot.connections - kept_conn;
        r->clusters.removed = tot.clusters - kept_clu;
    }
    return 0;
}

/* ---- writing ---- */

static void
to_server(const struct ff_srv *r, long long now, struct server *s)
{
    memset(s, 0, sizeof *s);
    xport_server_text(s, r->id, r->name, r->type, r->ip, r->region, r->ports,
                      r->status);
    s->has_pos = r->has_pos || (r->db != DB_NEW && r->old.has_pos);
    s->x = r->has_pos ? r->x : r->old.x;
    s->y = r->has_pos ? r->y : r->old.y;
    s->created = r->db != DB_NEW ? r->old.created : now;
    s->updated = r->db == DB_SAME ? r->old.updated : now;
}

/* Cluster descriptions survive a replace (the document has none). */
static int
cluster_descriptions(struct ff_imp *im, char **desc, struct err *e)
{
    for (size_t i = 0; i < im->ncluster; i++) {
        struct cluster cl;
        int found = xport_cluster_find(im->st, im->cluster[i], &cl, e);
        if (found < 0)
            return -1;
        if (found && (desc[i] = strdup(cl.description)) == NULL)
            return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    }
    return 0;
}

static int
write_all(struct ff_imp *im, struct err *e)
{
    long long now = (long long)time(NULL);
    struct store_bulk *b = NULL;
    char **desc = calloc(im->ncluster + 1, sizeof *desc);
    int rc = -1;
    struct server s;

    if (desc == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    if (cluster_descriptions(im, desc, e) < 0 ||
        store_bulk_begin(im->st, im->nsrv >= REBUILD_MIN, &b, e) < 0)
        goto out;
    if (im->mode == XPORT_REPLACE && store_bulk_wipe(b, e) < 0)
        goto out;
    for (size_t i = 0; i < im->nsrv; i++) {
        const struct ff_srv *r = &im->srv[i];
        to_server(r, now, &s);
        if (im->mode == XPORT_MERGE && r->db == DB_SAME)
            continue;
        if (im->mode == XPORT_MERGE && r->db == DB_CHANGED
                ? store_bulk_server_update(b, &s, e) < 0
                : store_bulk_server_add(b, &s, e) < 0)
            goto out;
    }
    for (size_t i = 0; i < im->ncluster; i++) {
        int exists = desc[i] != NULL && im->mode == XPORT_MERGE;
        if (!exists &&
            store_bulk_cluster_add(b, im->cluster[i], desc[i] ? desc[i] : "",
                                   now, now, e) < 0)
            goto out;
    }
    for (size_t i = 0; i < im->nsrv; i++) {
        const struct ff_srv *r = &im->srv[i];
        char list[FF_DESC_MAX + 1];
        snprintf(list, sizeof list, "%s", r->clusters);
        for (char *save = NULL, *t = strtok_r(list, " ", &save); t;
             t = strtok_r(NULL, " ", &save)) {
            int had = im->mode == XPORT_MERGE
                          ? store_bulk_member_find(im->st, t, r->id, e)
                          : 0;
            if (had < 0 || (!had && store_bulk_member_add(b, t, r->id, e) < 0))
                goto out;
        }
    }
    for (size_t i = 0; i < im->nconn; i++) {
        const struct ff_conn *c = &im->conn[i];
        const char *a = im->srv[c->a].id, *bb = im->srv[c->b].id;
        const char *t = CONN_TYPES[c->type];
        if (im->mode == XPORT_MERGE && c->db == DB_SAME)
            continue;
        if (im->mode == XPORT_MERGE && c->db == DB_CHANGED
                ? store_bulk_conn_set_type(b, a, bb, t, e) < 0
                : store_bulk_conn_add(b, a, bb, t, now, e) < 0)
            goto out;
    }
    rc = store_bulk_finish(b, e);
out:
    store_bulk_free(b);
    for (size_t i = 0; i < im->ncluster; i++)
        free(desc[i]);
    free(desc);
    return rc;
}

/* ---- the whole import ---- */

static void
imp_free(struct ff_imp *im)
{
    xport_index_free(&im->items);
    xport_index_free(&im->ids);
    xport_index_free(&im->pairs);
    xport_index_free(&im->names);
    free(im->srv);
    free(im->conn);
    free(im->cluster);
    xport_arena_free(&im->arena);
}

static int
parse(struct ff_imp *im, const char *json, size_t len, json_t **out)
{
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    char line[24], col[24];

    *out = NULL;
    if (root == NULL) {
        snprintf(line, sizeof line, "%d", je.line);
        snprintf(col, sizeof col, "%d", je.column);
        ff_issue(im, "$", ERR_INVALID, "ff_err_json", line, col);
        return 0;
    }
    if (!json_is_object(root)) {
        ff_issue(im, "$", ERR_INVALID, "ff_err_not_diagram", NULL, NULL);
        json_decref(root);
        return 0;
    }
    json_t *marker = json_object_get(root, "_");
    const char *f = json_string_value(json_object_get(marker, "f"));
    if (f != NULL && strcmp(f, "compact") == 0) {
        im->compact = 1;
        json_t *full = ff_from_compact(im, root);
        json_decref(root);
        if (full == NULL)
            return -1;
        root = full;
    } else if (!json_is_array(json_object_get(root, "items"))) {
        ff_issue(im, "$", ERR_INVALID, "ff_err_not_diagram", NULL, NULL);
        json_decref(root);
        return 0;
    }
    *out = root;
    return 0;
}

int
fossflow_import(struct store *st, const char *json, size_t len,
                enum xport_mode mode, int dry_run, struct xport_report *report,
                struct err *e)
{
    struct ff_imp im;
    json_t *root = NULL;
    int rc = -1;

    err_clear(e);
    if (xport_import_start(st, mode, dry_run, report, e) < 0)
        return -1;
    memset(&im, 0, sizeof im);
    im.st = st;
    im.mode = mode;
    im.r = report;
    if (xport_index_init(&im.items, len / 200) < 0 ||
        xport_index_init(&im.ids, len / 200) < 0 ||
        xport_index_init(&im.pairs, len / 200) < 0 ||
        xport_index_init(&im.names, 64) < 0 || parse(&im, json, len, &root) < 0)
        goto oom;
    if (root != NULL && ff_read(&im, root) < 0)
        goto oom;
    json_decref(root);
    root = NULL;
    if (report->issues_total > 0) {
        rc = xport_err_invalid(report, e);
        goto out;
    }
    if (resolve(&im, e) < 0)
        goto out;
    if (!dry_run && write_all(&im, e) < 0)
        goto out;
    rc = 0;
    goto out;
oom:
    log_msg("fossflow import: out of memory");
    rc = err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
out:
    json_decref(root);
    imp_free(&im);
    return rc;
}
