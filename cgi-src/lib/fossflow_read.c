/* fossflow_read.c — a FossFLOW document (already parsed) into the
 * records of an import: servers from items (fossflow.h says how each field
 * is found), positions from view items, connections from connectors,
 * clusters from descriptions and our rectangles. Every problem becomes an
 * issue with its JSON path; reading goes on so one pass reports all.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fossflow_int.h"
#include "types.h"

#define ANCHOR_HOPS 8 /* anchor -> anchor references followed */

void
ff_issue(struct ff_imp *im, const char *path, enum err_code code,
         const char *key, const char *a1, const char *a2)
{
    struct xport_report *r = im->r;
    r->issues_total++;
    if (r->nissues >= XPORT_ISSUES_MAX)
        return;
    struct xport_issue *is = &r->issues[r->nissues++];
    const char *dot = strrchr(path, '.');
    char field[32] = "";
    if (dot != NULL && strchr(dot, '[') == NULL)
        snprintf(field, sizeof field, "%s", dot + 1);
    snprintf(is->path, sizeof is->path, "%s", path);
    err_set(&is->err, code, field, key, a1, a2);
}

/* An issue from a validator's error, at path. */
static void
issue_from(struct ff_imp *im, const char *path, const struct err *e)
{
    ff_issue(im, path, e->code, e->key, e->arg[0][0] ? e->arg[0] : NULL,
             e->arg[1][0] ? e->arg[1] : NULL);
}

static char *
keep(struct ff_imp *im, const char *s)
{
    char *p = xport_arena_strn(&im->arena, s ? s : "", s ? strlen(s) : 0);
    if (p == NULL)
        im->oom = 1;
    return p;
}

static const char *
str_member(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int
ff_cluster_add(struct ff_imp *im, const char *name)
{
    const char *kept = keep(im, name);
    if (kept == NULL)
        return -1;
    int rc =
        xport_index_add(&im->names, kept, NULL, 0, (int32_t)im->ncluster, NULL);
    if (rc != 0)
        return rc < 0 ? (im->oom = 1, -1) : 0;
    if (im->ncluster == im->capcluster) {
        size_t cap = im->capcluster ? 2 * im->capcluster : 16;
        const char **p = realloc(im->cluster, cap * sizeof *p);
        if (p == NULL)
            return im->oom = 1, -1;
        im->cluster = p;
        im->capcluster = cap;
    }
    im->cluster[im->ncluster++] = kept;
    return 0;
}

/* ---- paths ---- */

static void
item_path(const struct ff_imp *im, char *out, size_t n, size_t k,
          const char *suffix)
{
    snprintf(out, n, im->compact ? "$.i[%zu]%s" : "$.items[%zu]%s", k,
             im->compact ? "" : suffix);
}

static void
view_path(const struct ff_imp *im, char *out, size_t n, size_t v,
          const char *list, size_t k, const char *suffix)
{
    if (im->compact)
        snprintf(out, n, "$.v[%zu][%d][%zu]", v,
                 strcmp(list, "items") == 0 ? 0 : 1, k);
    else
        snprintf(out, n, "$.views[%zu].%s[%zu]%s", v, list, k, suffix);
}

/* ---- items ---- */

/* The fields of item k (an object) from its description, icon and name;
 * srv->id is chosen later. */
static void
read_fields(struct ff_imp *im, json_t *icons, size_t k, json_t *item,
            struct ff_srv *srv)
{
    char path[XPORT_PATH_MAX], ports[128];
    struct ff_desc d;
    struct err e;
    const char *name = str_member(item, "name");
    const char *icon = str_member(item, "icon");
    int type = -1;

    ff_desc_parse(str_member(item, "description"), &d);
    item_path(im, path, sizeof path, k, ".description");
    if (d.have & FFD_TYPE) {
        for (char *c = d.type; *c; c++)
            *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
        const struct server_type *t = types_find(d.type);
        if (t == NULL)
            ff_issue(im, path, ERR_INVALID, "err_bad_type", d.type, NULL);
        else
            type = (int)(t - SERVER_TYPES);
    } else {
        json_t *ic = icon ? json_object_get(icons, icon) : NULL;
        type = ff_type_from_icon(icon, ic ? str_member(ic, "name") : NULL);
        if (type < 0)
            type = ff_type_from_words(name);
        if (type < 0) {
            char ipath[XPORT_PATH_MAX];
            item_path(im, ipath, sizeof ipath, k, icon ? ".icon" : ".name");
            ff_issue(im, ipath, ERR_INVALID, "ff_err_type", icon ? icon : "",
                     name ? name : "");
        }
    }
    srv->type = (unsigned char)(type < 0 ? 0 : type);

    if (d.have & FFD_IP) {
        if (valid_host("ip", d.ip, &e) < 0)
            issue_from(im, path, &e);
        srv->ip = keep(im, d.ip);
    } else if (name != NULL && strchr(name, '.') != NULL &&
               strspn(name, "0123456789.") != strlen(name) &&
               valid_host("ip", name, &e) == 0) {
        srv->ip = keep(im, name); /* a fully qualified host name */
    } else {
        ff_issue(im, path, ERR_INVALID, "ff_err_no_address", name ? name : "",
                 NULL);
        srv->ip = "";
    }
    if ((d.have & FFD_REGION) && valid_region("region", d.region, &e) < 0)
        issue_from(im, path, &e);
    srv->region = keep(im, d.have & FFD_REGION ? d.region : "");
    ports[0] = '\0';
    if ((d.have & FFD_PORTS) &&
        valid_ports("ports", d.ports, ports, sizeof ports, &e) < 0)
        issue_from(im, path, &e);
    srv->ports = keep(im, ports);
    srv->status = 0; /* unknown */
    if (d.have & FFD_STATUS) {
        for (char *c = d.status; *c; c++)
            *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
        if (valid_state("status", d.status, &e) < 0)
            issue_from(im, path, &e);
        for (size_t i = 0; i < SERVER_STATE_COUNT; i++)
            if (strcmp(SERVER_STATES[i], d.status) == 0)
                srv->status = (unsigned char)i;
    }
    /* Clusters: checked names, space-separated. */
    char list[FF_DESC_MAX + 1] = "";
    size_t n = 0;
    for (char *save = NULL, *t = strtok_r(d.clusters, " ,;", &save); t;
         t = strtok_r(NULL, " ,;", &save)) {
        if (valid_ident("clusters", t, &e) < 0) {
            issue_from(im, path, &e);
            continue;
        }
        if (ff_cluster_add(im, t) < 0)
            return;
        n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? " " : "",
                              t);
        if (n >= sizeof list)
            n = sizeof list - 1;
    }
    srv->clusters = keep(im, list);
}

/* A unique id (ignoring case) from the slug of name. */
static const char *
unique_slug(struct ff_imp *im, const char *name)
{
    char base[VALID_ID_MAX + 1], id[VALID_ID_MAX + 16];
    ff_slug(name, base, sizeof base); /* leaves room for "-N" */
    snprintf(id, sizeof id, "%s", base);
    for (int n = 2; xport_index_find(&im->ids, id, NULL) != NULL && n < 1000000;
         n++)
        snprintf(id, sizeof id, "%s-%d", base, n);
    return keep(im, id);
}

static int
read_items(struct ff_imp *im, json_t *root, json_t *icons)
{
    json_t *items = json_object_get(root, "items");
    char path[XPORT_PATH_MAX];
    struct err e;
    size_t k;
    json_t *item;

    if (!json_is_array(items)) {
        ff_issue(im, im->compact ? "$.i" : "$.items", ERR_INVALID,
                 "ff_err_list", NULL, NULL);
        return 0;
    }
    im->nsrv = json_array_size(items);
    if ((im->srv = calloc(im->nsrv + 1, sizeof *im->srv)) == NULL)
        return im->oom = 1, -1;
    /* First the fields and the ids the document chose itself... */
    json_array_foreach(items, k, item)
    {
        struct ff_srv *s = &im->srv[k];
        const char *id = str_member(item, "id");
        const char *name = str_member(item, "name");
        s->elem = k;
        s->item = s->id = s->name = s->ip = s->region = s->ports = s->clusters =
            "";
        item_path(im, path, sizeof path, k, "");
        if (!json_is_object(item) || id == NULL || id[0] == '\0') {
            ff_issue(im, path, ERR_INVALID, "ff_err_item", NULL, NULL);
            continue;
        }
        s->item = keep(im, id);
        if (xport_index_add(&im->items, s->item, NULL, (int32_t)k, (int32_t)k,
                            NULL) == 1) {
            item_path(im, path, sizeof path, k, ".id");
            ff_issue(im, path, ERR_CONFLICT, "ff_err_item_twice", id, NULL);
            continue;
        }
        item_path(im, path, sizeof path, k, ".name");
        if (name == NULL || valid_name("name", name, &e) < 0) {
            if (name == NULL)
                ff_issue(im, path, ERR_INVALID, "err_required", NULL, NULL);
            else
                issue_from(im, path, &e);
            name = id;
        }
        s->name = keep(im, name);
        read_fields(im, icons, k, item, s);
        if (valid_ident("id", id, &e) == 0 && !ff_id_generated(id)) {
            s->id = s->item;
            if (xport_index_add(&im->ids, s->id, NULL, (int32_t)k, (int32_t)k,
                                NULL) == 1) {
                item_path(im, path, sizeof path, k, ".id");
                ff_issue(im, path, ERR_CONFLICT, "err_server_exists", id, NULL);
            }
        } else {
            s->id = NULL; /* from its name, below */
        }
        if (im->oom)
            return -1;
    }
    /* ...then ids from names, around those. */
    for (k = 0; k < im->nsrv; k++) {
        struct ff_srv *s = &im->srv[k];
        if (s->id != NULL)
            continue;
        s->id = unique_slug(im, s->name);
        if (s->id == NULL || xport_index_add(&im->ids, s->id, NULL, (int32_t)k,
                                             (int32_t)k, NULL) < 0)
            return im->oom = 1, -1;
    }
    return 0;
}

/* ---- views ---- */

static struct ff_srv *
srv_of_item(struct ff_imp *im, const char *item)
{
    struct xport_slot *sl =
        item ? xport_index_find(&im->items, item, NULL) : NULL;
    return sl ? &im->srv[sl->rec] : NULL;
}

static void
read_tiles(struct ff_imp *im, size_t v, json_t *list)
{
    char path[XPORT_PATH_MAX];
    size_t k;
    json_t *vi;

    json_array_foreach(list, k, vi)
    {
        const char *id = str_member(vi, "id");
        json_t *t = json_object_get(vi, "tile");
        json_t *jx = json_object_get(t, "x"), *jy = json_object_get(t, "y");
        struct ff_srv *s = srv_of_item(im, id);
        view_path(im, path, sizeof path, v, "items", k, "");
        if (s == NULL) {
            ff_issue(im, path, ERR_NOT_FOUND, "ff_err_unknown_item",
                     id ? id : "", NULL);
            continue;
        }
        double x = json_number_value(jx), y = json_number_value(jy);
        if (!json_is_number(jx) || !json_is_number(jy) || !isfinite(x) ||
            !isfinite(y) || x > 1e6 || x < -1e6 || y > 1e6 || y < -1e6) {
            view_path(im, path, sizeof path, v, "items", k, ".tile");
            ff_issue(im, path, ERR_INVALID, "ff_err_tile", NULL, NULL);
            continue;
        }
        if (!s->has_pos) { /* the first view that places it wins */
            s->x = x;
            s->y = y;
            s->has_pos = 1;
        }
    }
}

/* The item an anchor reaches (following anchor references), or NULL. */
static const char *
anchor_item(json_t *anchors_by_id, json_t *anchor)
{
    for (int hop = 0; hop < ANCHOR_HOPS && json_is_object(anchor); hop++) {
        json_t *ref = json_object_get(anchor, "ref");
        const char *item = str_member(ref, "item");
        if (item != NULL)
            return item;
        const char *next = str_member(ref, "anchor");
        if (next == NULL)
            return NULL;
        anchor = json_object_get(anchors_by_id, next);
    }
    return NULL;
}

static int
conn_type(json_t *c)
{
    const char *color = str_member(c, "color");
    const char *desc = str_member(c, "description");
    size_t pre = strlen(FF_LINK_PREFIX);
    for (size_t t = 0; t < CONN_TYPE_COUNT; t++) {
        if (color && strncmp(color, FF_LINK_PREFIX, pre) == 0 &&
            strcmp(color + pre, CONN_TYPES[t]) == 0)
            return (int)t;
    }
    for (size_t t = 0; t < CONN_TYPE_COUNT; t++)
        if (desc && strcasecmp(desc, CONN_TYPES[t]) == 0)
            return (int)t;
    return 0; /* standard */
}

static int
add_conn(struct ff_imp *im, size_t a, size_t b, int type)
{
    const char *lo = im->srv[a].id, *hi = im->srv[b].id;
    if (strcasecmp(lo, hi) > 0) {
        lo = im->srv[b].id;
        hi = im->srv[a].id;
    }
    int rc = xport_index_add(&im->pairs, lo, hi, 0, 0, NULL);
    if (rc != 0)
        return rc < 0 ? (im->oom = 1, -1) : 0; /* joined twice: once */
    if (im->nconn == im->capconn) {
        size_t cap = im->capconn ? 2 * im->capconn : 64;
        struct ff_conn *p = realloc(im->conn, cap * sizeof *p);
        if (p == NULL)
            return im->oom = 1, -1;
        im->conn = p;
        im->capconn = cap;
    }
    im->conn[im->nconn++] =
        (struct ff_conn){.a = a, .b = b, .type = (unsigned char)type};
    return 0;
}

static int
read_connectors(struct ff_imp *im, size_t v, json_t *list)
{
    char path[XPORT_PATH_MAX];
    json_t *by_id = json_object(), *c, *an;
    size_t k, j;

    if (by_id == NULL)
        return im->oom = 1, -1;
    json_array_foreach(list, k, c)
    {
        json_array_foreach(json_object_get(c, "anchors"), j, an)
        {
            const char *id = str_member(an, "id");
            if (id != NULL)
                json_object_set(by_id, id, an);
        }
    }
    json_array_foreach(list, k, c)
    {
        json_t *anchors = json_object_get(c, "anchors");
        struct ff_srv *first = NULL, *last = NULL;
        json_array_foreach(anchors, j, an)
        {
            struct ff_srv *s = srv_of_item(im, anchor_item(by_id, an));
            if (s != NULL && first == NULL)
                first = s;
            if (s != NULL)
                last = s;
        }
        view_path(im, path, sizeof path, v, "connectors", k, ".anchors");
        if (first == NULL || first == last) {
            ff_issue(im, path, ERR_INVALID, "ff_err_connector_ends", NULL,
                     NULL);
            continue;
        }
        if (add_conn(im, (size_t)(first - im->srv), (size_t)(last - im->srv),
                     conn_type(c)) < 0)
            break;
    }
    json_decref(by_id);
    return im->oom ? -1 : 0;
}

static void
read_rectangles(struct ff_imp *im, size_t v, json_t *list)
{
    char path[XPORT_PATH_MAX];
    size_t k, pre = strlen(FF_CLUSTER_RECT);
    json_t *rect;
    struct err e;

    json_array_foreach(list, k, rect)
    {
        const char *id = str_member(rect, "id");
        if (id == NULL || strncmp(id, FF_CLUSTER_RECT, pre) != 0)
            continue; /* decoration */
        if (valid_ident("name", id + pre, &e) < 0) {
            snprintf(path, sizeof path, "$.views[%zu].rectangles[%zu].id", v,
                     k);
            issue_from(im, path, &e);
            continue;
        }
        if (ff_cluster_add(im, id + pre) < 0)
            return;
    }
}

int
ff_read(struct ff_imp *im, json_t *root)
{
    json_t *icons = json_object(), *ic, *views, *view;
    size_t k;

    if (icons == NULL)
        return im->oom = 1, -1;
    json_array_foreach(json_object_get(root, "icons"), k, ic)
    {
        const char *id = str_member(ic, "id");
        if (id != NULL)
            json_object_set(icons, id, ic);
    }
    if (read_items(im, root, icons) < 0) {
        json_decref(icons);
        return -1;
    }
    json_decref(icons);
    views = json_object_get(root, "views");
    if (views != NULL && !json_is_array(views))
        ff_issue(im, "$.views", ERR_INVALID, "ff_err_list", NULL, NULL);
    json_array_foreach(views, k, view)
    {
        read_tiles(im, k, json_object_get(view, "items"));
        if (read_connectors(im, k, json_object_get(view, "connectors")) < 0)
            return -1;
        read_rectangles(im, k, json_object_get(view, "rectangles"));
    }
    return im->oom ? -1 : 0;
}

/* ---- the compact form ---- */

json_t *
ff_from_compact(struct ff_imp *im, json_t *root)
{
    json_t *full = json_pack("{s:[], s:[], s:[]}", "icons", "items", "views");
    json_t *items = json_object_get(full, "items");
    json_t *views = json_object_get(full, "views");
    json_t *entry;
    char path[XPORT_PATH_MAX], id[32];
    size_t k, v;

    if (full == NULL)
        return im->oom = 1, NULL;
    json_array_foreach(json_object_get(root, "i"), k, entry)
    {
        json_t *name = json_array_get(entry, 0);
        json_t *icon = json_array_get(entry, 1);
        json_t *desc = json_array_get(entry, 2);
        snprintf(id, sizeof id, "item_%zu", k);
        json_t *it = json_pack("{s:s}", "id", id);
        if (it == NULL)
            goto oom;
        if (json_is_string(name))
            json_object_set(it, "name", name);
        if (json_is_string(icon))
            json_object_set(it, "icon", icon);
        if (json_is_string(desc))
            json_object_set(it, "description", desc);
        if (json_array_append_new(items, it) < 0)
            goto oom;
    }
    if (!json_is_array(json_object_get(root, "i")))
        ff_issue(im, "$.i", ERR_INVALID, "ff_err_list", NULL, NULL);
    json_array_foreach(json_object_get(root, "v"), v, entry)
    {
        json_t *tiles = json_array(), *conns = json_array(), *t;
        json_t *view = json_pack("{s:s, s:o, s:o}", "id", "view", "items",
                                 tiles, "connectors", conns);
        if (view == NULL || json_array_append_new(views, view) < 0)
            goto oom;
        json_array_foreach(json_array_get(entry, 0), k, t)
        {
            json_t *idx = json_array_get(t, 0);
            snprintf(id, sizeof id, "item_%lld",
                     json_is_integer(idx) ? (long long)json_integer_value(idx)
                                          : -1LL);
            if (json_array_append_new(
                    tiles, json_pack("{s:s, s:{s:O?, s:O?}}", "id", id, "tile",
                                     "x", json_array_get(t, 1), "y",
                                     json_array_get(t, 2))) < 0)
                goto oom;
        }
        json_array_foreach(json_array_get(entry, 1), k, t)
        {
            json_t *a = json_array_get(t, 0), *b = json_array_get(t, 1);
            char ia[32], ib[32];
            if (!json_is_integer(a) || !json_is_integer(b)) {
                snprintf(path, sizeof path, "$.v[%zu][1][%zu]", v, k);
                ff_issue(im, path, ERR_INVALID, "ff_err_connector_ends", NULL,
                         NULL);
                continue;
            }
            snprintf(ia, sizeof ia, "item_%lld",
                     (long long)json_integer_value(a));
            snprintf(ib, sizeof ib, "item_%lld",
                     (long long)json_integer_value(b));
            if (json_array_append_new(
                    conns, json_pack("{s:[{s:{s:s}}, {s:{s:s}}]}", "anchors",
                                     "ref", "item", ia, "ref", "item", ib)) < 0)
                goto oom;
        }
    }
    return full;
oom:
    json_decref(full);
    im->oom = 1;
    return NULL;
}
