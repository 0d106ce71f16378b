/* fossflow_export.c — the estate, a cluster or a region as a FossFLOW
 * document (docs/fossflow.md), streamed: one pass collects what the
 * layout needs (type, first cluster, region, position: ~50 bytes per
 * server), then the items, view items, connectors and cluster areas are
 * written one small jansson value at a time. Only the fixed punctuation
 * between entries is written here; every key and value goes through
 * jansson.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "fossflow_int.h"
#include "store_bulk.h"
#include "types.h"
#include "valid.h"
#include "xport_int.h"

struct area {
    char *name;
    int has; /* an exported member was seen */
    long long x0, y0, x1, y1;
};

struct exporter {
    struct store *st;
    struct xport_out o; /* the writer, write_failed, oom */
    struct err *e;
    const char *cluster, *region; /* filters, NULL for none */
    struct area *area;            /* every visible cluster, by name */
    size_t narea, caparea;
    struct layout_node *node; /* every visible server, by id */
    unsigned char *inc;       /* 1: exported */
    size_t n, cap, ninc;
    char **region_name; /* region index -> name; 0 is "" */
    size_t nregion, capregion;
    struct xport_index ids; /* exported ids, when filtered */
    struct xport_arena arena;
    size_t i;       /* server index during a pass */
    size_t entries; /* in the current list */
    /* per server, during a pass */
    int first_group, in_cluster;
    struct buf clusters; /* its cluster names, space-separated */
    char icon_dir[1024];
    enum layout_kind layout;
};

/* ---- output ---- */

#define out(x, s, n)   xport_out_raw(&(x)->o, (s), (n))
#define OUT_LIT(x, s)  out((x), "" s "", sizeof(s) - 1)
#define out_json(x, v) xport_out_json(&(x)->o, (v))

/* ",\n" between entries, "\n" before the first. */
static int
entry(struct exporter *x)
{
    return x->entries++ == 0 ? OUT_LIT(x, "\n") : OUT_LIT(x, ",\n");
}

/* "key":[ (after a member when not first) */
static int
list_open(struct exporter *x, const char *key, int first)
{
    x->entries = 0;
    if (!first && OUT_LIT(x, ",") < 0)
        return -1;
    if (out_json(x, json_string(key)) < 0)
        return -1;
    return OUT_LIT(x, ":[");
}

static int
list_close(struct exporter *x)
{
    return x->entries ? OUT_LIT(x, "\n]") : OUT_LIT(x, "]");
}

/* Bytes of s that fit in max UTF-16 code units (FossFLOW counts those),
 * cut at a character boundary. */
static size_t
utf16_cut(const char *s, size_t max)
{
    size_t units = 0, i = 0;
    while (s[i] != '\0') {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        size_t u = len == 4 ? 2 : 1;
        if (units + u > max)
            break;
        units += u;
        i += len;
    }
    return i;
}

/* The nearest tile, halves up (floor(v + 0.5) without libm: the unit
 * tests do not link it). Positions are within +-1e6. */
static long long
tile(double v)
{
    double w = v + 0.5;
    long long t = (long long)w;
    return (double)t > w ? t - 1 : t;
}

/* ---- lookups ---- */

static int
area_cmp(const void *key, const void *elem)
{
    return strcasecmp(key, ((const struct area *)elem)->name);
}

static struct area *
area_find(struct exporter *x, const char *name)
{
    return bsearch(name, x->area, x->narea, sizeof *x->area, area_cmp);
}

static int
region_index(struct exporter *x, const char *region)
{
    if (region[0] == '\0')
        return 0;
    for (size_t i = x->nregion; i-- > 1;)
        if (strcmp(x->region_name[i], region) == 0)
            return (int)i;
    if (x->nregion == x->capregion) {
        size_t cap = x->capregion ? 2 * x->capregion : 16;
        char **p = realloc(x->region_name, cap * sizeof *p);
        if (p == NULL)
            return -1;
        x->region_name = p;
        x->capregion = cap;
    }
    if (x->nregion == 0)
        x->region_name[x->nregion++] = "";
    x->region_name[x->nregion] =
        xport_arena_strn(&x->arena, region, strlen(region));
    if (x->region_name[x->nregion] == NULL)
        return -1;
    return (int)x->nregion++;
}

/* ---- pass 1: what the layout needs ---- */

static int
collect_area(void *ctx, const struct cluster *c)
{
    struct exporter *x = ctx;
    if (x->narea == x->caparea) {
        size_t cap = x->caparea ? 2 * x->caparea : 16;
        struct area *p = realloc(x->area, cap * sizeof *p);
        if (p == NULL)
            return x->o.oom = 1, -1;
        x->area = p;
        x->caparea = cap;
    }
    struct area *a = &x->area[x->narea];
    memset(a, 0, sizeof *a);
    a->name = xport_arena_strn(&x->arena, c->name, strlen(c->name));
    if (a->name == NULL)
        return x->o.oom = 1, -1;
    x->narea++;
    return 0;
}

/* Store order may differ from strcasecmp's for names with '_' or '.':
 * sort once so that lookups can bisect. */
static int
area_sort_cmp(const void *a, const void *b)
{
    return strcasecmp(((const struct area *)a)->name,
                      ((const struct area *)b)->name);
}

static int
one_membership(void *ctx, const char *name)
{
    struct exporter *x = ctx;
    struct area *a = area_find(x, name);
    if (a != NULL && x->first_group < 0)
        x->first_group = (int)(a - x->area);
    if (x->cluster != NULL && strcasecmp(name, x->cluster) == 0)
        x->in_cluster = 1;
    if (x->clusters.len > 0 && buf_addc(&x->clusters, ' ') < 0)
        return x->o.oom = 1, -1;
    if (buf_add(&x->clusters, name) < 0)
        return x->o.oom = 1, -1;
    return 0;
}

/* Reads s's clusters into x->first_group, in_cluster and clusters. */
static int
memberships(struct exporter *x, const struct server *s)
{
    x->first_group = -1;
    x->in_cluster = 0;
    buf_reset(&x->clusters);
    return store_server_clusters(x->st, s->id, one_membership, x, x->e);
}

static int
collect_server(void *ctx, const struct server *s)
{
    struct exporter *x = ctx;
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 1024;
        struct layout_node *p = realloc(x->node, cap * sizeof *p);
        unsigned char *q = p ? realloc(x->inc, cap) : NULL;
        if (p != NULL)
            x->node = p;
        if (q == NULL)
            return x->o.oom = 1, -1;
        x->inc = q;
        x->cap = cap;
    }
    if (memberships(x, s) != 0)
        return -1;
    const struct server_type *t = types_find(s->type);
    int region = region_index(x, s->region);
    if (region < 0)
        return x->o.oom = 1, -1;
    struct layout_node *nd = &x->node[x->n];
    nd->type = t ? (int)(t - SERVER_TYPES) : 0;
    nd->group = x->first_group;
    nd->region = region;
    nd->keep = s->has_pos;
    nd->x = s->has_pos ? s->x : 0;
    nd->y = s->has_pos ? s->y : 0;
    int inc = (x->cluster == NULL || x->in_cluster) &&
              (x->region == NULL || strcmp(x->region, s->region) == 0);
    x->inc[x->n++] = (unsigned char)inc;
    if (inc) {
        x->ninc++;
        if (x->cluster != NULL || x->region != NULL) {
            const char *id = xport_arena_strn(&x->arena, s->id, strlen(s->id));
            if (id == NULL ||
                xport_index_add(&x->ids, id, NULL, 0, 0, NULL) < 0)
                return x->o.oom = 1, -1;
        }
    }
    return 0;
}

/* ---- the document ---- */

static int
head(struct exporter *x)
{
    char title[FF_NAME_MAX + 64];
    if (x->cluster && x->region)
        snprintf(title, sizeof title, "unlimited-cluster: cluster %s, %s",
                 x->cluster, x->region);
    else if (x->cluster)
        snprintf(title, sizeof title, "unlimited-cluster: cluster %s",
                 x->cluster);
    else if (x->region)
        snprintf(title, sizeof title, "unlimited-cluster: region %s",
                 x->region);
    else
        snprintf(title, sizeof title, "unlimited-cluster: estate");
    title[utf16_cut(title, FF_NAME_MAX)] = '\0';

    if (OUT_LIT(x, "{\"title\":") < 0 || out_json(x, json_string(title)) < 0 ||
        OUT_LIT(x, ",\"version\":\"1.0\",\"description\":") < 0 ||
        out_json(
            x, json_string("Exported by unlimited-cluster. Server details are "
                           "the \"key: value\" lines of each description; "
                           "tiles are positions.")) < 0 ||
        OUT_LIT(x, ",\n") < 0 || list_open(x, "icons", 1) < 0)
        return -1;

    struct buf url;
    buf_init(&url, 1u << 20);
    for (size_t t = 0; t < SERVER_TYPE_COUNT; t++) {
        char id[32];
        buf_reset(&url);
        snprintf(id, sizeof id, FF_ICON_PREFIX "%s", SERVER_TYPES[t].name);
        if (ff_icon_url(x->icon_dir, t, &url) < 0) {
            buf_free(&url);
            return x->o.oom = 1, -1;
        }
        json_t *v =
            json_pack("{s:s, s:s, s:s%, s:s, s:b}", "id", id, "name",
                      SERVER_TYPES[t].name, "url", buf_cstr(&url), url.len,
                      "collection", FOSSFLOW_COLLECTION, "isIsometric", 1);
        if (entry(x) < 0 || out_json(x, v) < 0) {
            buf_free(&url);
            return -1;
        }
    }
    buf_free(&url);
    if (list_close(x) < 0 || OUT_LIT(x, ",\n") < 0 ||
        list_open(x, "colors", 1) < 0)
        return -1;
    for (size_t c = 0; c < CONN_TYPE_COUNT; c++) {
        char id[48];
        snprintf(id, sizeof id, FF_LINK_PREFIX "%s", CONN_TYPES[c]);
        if (entry(x) < 0 ||
            out_json(x, json_pack("{s:s, s:s}", "id", id, "value",
                                  ff_link_color(c))) < 0)
            return -1;
    }
    for (size_t k = 0; k < FF_CLUSTER_COLORS; k++) {
        char id[48];
        snprintf(id, sizeof id, FF_CLUSTER_COLOR "%zu", k);
        if (entry(x) < 0 ||
            out_json(x, json_pack("{s:s, s:s}", "id", id, "value",
                                  ff_cluster_color(k))) < 0)
            return -1;
    }
    return list_close(x);
}

/* "<p>type: web</p><p>ip: ...</p>..." within FossFLOW's 1000 units;
 * every value is ASCII without markup (checked fields). */
static int
describe(struct exporter *x, const struct server *s, struct buf *d)
{
    buf_reset(d);
    buf_addf(d, "<p>type: %s</p><p>ip: %s</p>", s->type, s->ip);
    if (s->region[0])
        buf_addf(d, "<p>region: %s</p>", s->region);
    if (s->ports[0])
        buf_addf(d, "<p>ports: %s</p>", s->ports);
    if (buf_addf(d, "<p>status: %s</p>", s->status[0] ? s->status : "unknown") <
        0)
        return x->o.oom = 1, -1;
    if (x->clusters.len == 0)
        return 0;
    /* As many whole names as fit. */
    const char *names = buf_cstr(&x->clusters);
    size_t room = FF_DESC_MAX - d->len - strlen("<p>clusters: </p>");
    size_t n = x->clusters.len;
    if (n > room) {
        n = room;
        while (n > 0 && names[n] != ' ')
            n--;
    }
    if (n == 0)
        return 0;
    if (buf_add(d, "<p>clusters: ") < 0 || buf_addn(d, names, n) < 0 ||
        buf_add(d, "</p>") < 0)
        return x->o.oom = 1, -1;
    return 0;
}

static int
write_item(void *ctx, const struct server *s)
{
    struct exporter *x = ctx;
    size_t i = x->i++;
    struct buf d;
    int rc;

    if (i >= x->n || !x->inc[i])
        return 0;
    if (memberships(x, s) != 0)
        return -1;
    /* Grow the areas of its clusters by its tile. */
    long long tx = tile(x->node[i].x), ty = tile(x->node[i].y);
    const char *p = buf_cstr(&x->clusters);
    while (*p) {
        char name[VALID_ID_MAX + 1];
        size_t len = strcspn(p, " ");
        snprintf(name, sizeof name, "%.*s", (int)len, p);
        struct area *a = area_find(x, name);
        if (a != NULL) {
            if (!a->has || tx < a->x0)
                a->x0 = tx;
            if (!a->has || ty < a->y0)
                a->y0 = ty;
            if (!a->has || tx > a->x1)
                a->x1 = tx;
            if (!a->has || ty > a->y1)
                a->y1 = ty;
            a->has = 1;
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    buf_init(&d, 4 * FF_DESC_MAX);
    char icon[32];
    snprintf(icon, sizeof icon, FF_ICON_PREFIX "%s",
             SERVER_TYPES[x->node[i].type].name);
    rc = describe(x, s, &d);
    if (rc == 0)
        rc = entry(x) < 0 ||
                     out_json(x, json_pack("{s:s, s:s%, s:s, s:s}", "id", s->id,
                                           "name", s->name,
                                           utf16_cut(s->name, FF_NAME_MAX),
                                           "description", buf_cstr(&d), "icon",
                                           icon)) < 0
                 ? -1
                 : 0;
    buf_free(&d);
    return rc;
}

static int
write_view_item(void *ctx, const struct server *s)
{
    struct exporter *x = ctx;
    size_t i = x->i++;
    if (i >= x->n || !x->inc[i])
        return 0;
    json_t *v = json_pack("{s:s, s:{s:I, s:I}}", "id", s->id, "tile", "x",
                          (json_int_t)tile(x->node[i].x), "y",
                          (json_int_t)tile(x->node[i].y));
    if (entry(x) < 0)
        return -1;
    return out_json(x, v);
}

static int
exported(struct exporter *x, const char *id)
{
    if (x->cluster == NULL && x->region == NULL)
        return 1;
    return xport_index_find(&x->ids, id, NULL) != NULL;
}

static int
write_connector(void *ctx, const struct connection *c)
{
    struct exporter *x = ctx;
    char id[2 * VALID_ID_MAX + 16], a[sizeof id + 2], b[sizeof id + 2],
        color[48];
    size_t t = 0;

    if (!exported(x, c->from) || !exported(x, c->to))
        return 0;
    while (t < CONN_TYPE_COUNT && strcmp(CONN_TYPES[t], c->type) != 0)
        t++;
    if (t == CONN_TYPE_COUNT)
        t = 0;
    snprintf(id, sizeof id, "link:%s:%s", c->from, c->to);
    snprintf(a, sizeof a, "%s:a", id);
    snprintf(b, sizeof b, "%s:b", id);
    snprintf(color, sizeof color, FF_LINK_PREFIX "%s", CONN_TYPES[t]);
    json_t *v = json_pack("{s:s, s:s, s:i, s:s, s:[{s:s, s:{s:s}}, "
                          "{s:s, s:{s:s}}]}",
                          "id", id, "color", color, "width", 10, "style",
                          ff_link_style(t), "anchors", "id", a, "ref", "item",
                          c->from, "id", b, "ref", "item", c->to);
    if (entry(x) < 0)
        return -1;
    return out_json(x, v);
}

static int
write_areas(struct exporter *x)
{
    char id[VALID_ID_MAX + 32], color[48];
    size_t k = 0;

    if (OUT_LIT(x, ",\n") < 0 || list_open(x, "rectangles", 1) < 0)
        return -1;
    for (size_t i = 0; i < x->narea; i++) {
        const struct area *a = &x->area[i];
        if (!a->has)
            continue;
        snprintf(id, sizeof id, FF_CLUSTER_RECT "%s", a->name);
        snprintf(color, sizeof color, FF_CLUSTER_COLOR "%zu",
                 k++ % FF_CLUSTER_COLORS);
        if (entry(x) < 0 ||
            out_json(x, json_pack("{s:s, s:s, s:{s:I, s:I}, s:{s:I, s:I}}",
                                  "id", id, "color", color, "from", "x",
                                  (json_int_t)(a->x0 - 1), "y",
                                  (json_int_t)(a->y0 - 1), "to", "x",
                                  (json_int_t)(a->x1 + 1), "y",
                                  (json_int_t)(a->y1 + 1))) < 0)
            return -1;
    }
    if (list_close(x) < 0 || OUT_LIT(x, ",\n") < 0 ||
        list_open(x, "textBoxes", 1) < 0)
        return -1;
    for (size_t i = 0; i < x->narea; i++) {
        const struct area *a = &x->area[i];
        if (!a->has)
            continue;
        snprintf(id, sizeof id, FF_CLUSTER_LABEL "%s", a->name);
        /* Along the area's far +y edge, where nothing of it is drawn. */
        if (entry(x) < 0 ||
            out_json(x, json_pack("{s:s, s:{s:I, s:I}, s:s, s:f, s:s}", "id",
                                  id, "tile", "x", (json_int_t)(a->x0 - 1), "y",
                                  (json_int_t)(a->y1 + 2), "content", a->name,
                                  "fontSize", 0.6, "orientation", "X")) < 0)
            return -1;
    }
    return list_close(x);
}

static int
document(struct exporter *x)
{
    struct err *e = x->e;
    if (head(x) < 0 || OUT_LIT(x, ",\n") < 0 || list_open(x, "items", 1) < 0)
        return -1;
    x->i = 0;
    if (store_bulk_each_server(x->st, write_item, x, e) != 0 ||
        list_close(x) < 0)
        return -1;
    if (OUT_LIT(x, ",\n\"views\":[{\"id\":\"uc-view\",\"name\":") < 0 ||
        out_json(x, json_string("unlimited-cluster")) < 0 ||
        OUT_LIT(x, ",\n") < 0 || list_open(x, "items", 1) < 0)
        return -1;
    x->i = 0;
    if (store_bulk_each_server(x->st, write_view_item, x, e) != 0 ||
        list_close(x) < 0 || OUT_LIT(x, ",\n") < 0 ||
        list_open(x, "connectors", 1) < 0 ||
        store_bulk_each_conn(x->st, write_connector, x, e) != 0 ||
        list_close(x) < 0 || write_areas(x) < 0)
        return -1;
    return OUT_LIT(x, "}],\n\"fitToView\":true}\n");
}

static int
check_filters(struct exporter *x, struct err *e)
{
    struct cluster c;
    if (x->cluster != NULL) {
        if (valid_ident("cluster", x->cluster, e) < 0)
            return -1;
        if (store_cluster_get(x->st, x->cluster, &c, e) < 0) {
            if (e->code == ERR_NOT_FOUND) /* the caller's name for it */
                snprintf(e->field, sizeof e->field, "cluster");
            return -1;
        }
    }
    if (x->region != NULL && valid_region("region", x->region, e) < 0)
        return -1;
    return 0;
}

int
fossflow_export_opts(struct store *st, const struct fossflow_opts *opts,
                     const char *cluster, const char *region,
                     xport_write_fn write, void *ctx, struct err *e)
{
    struct exporter x;
    int rc = -1;

    memset(&x, 0, sizeof x);
    x.st = st;
    x.o.write = write;
    x.o.ctx = ctx;
    x.e = e;
    x.cluster = cluster && cluster[0] ? cluster : NULL;
    x.region = region && region[0] ? region : NULL;
    x.layout = opts ? opts->layout : LAYOUT_AUTO;
    if (opts != NULL && opts->icon_dir != NULL)
        snprintf(x.icon_dir, sizeof x.icon_dir, "%s", opts->icon_dir);
    else
        ff_default_icon_dir(x.icon_dir, sizeof x.icon_dir);
    buf_init(&x.clusters, 64u * 1024 * 1024);
    err_clear(e);
    if (check_filters(&x, e) < 0)
        goto out;
    if (xport_index_init(&x.ids, 1024) < 0) {
        x.o.oom = 1;
        rc = xport_out_failed(&x.o, e);
        goto out;
    }
    if (store_cluster_list(st, collect_area, &x, e) != 0) {
        rc = xport_out_failed(&x.o, e);
        goto out;
    }
    if (x.area != NULL)
        qsort(x.area, x.narea, sizeof *x.area, area_sort_cmp);
    if (store_bulk_each_server(st, collect_server, &x, e) != 0) {
        rc = xport_out_failed(&x.o, e);
        goto out;
    }
    if (x.region != NULL && x.ninc == 0) {
        rc = err_set(e, ERR_NOT_FOUND, "region", "ff_err_region_not_found",
                     x.region, NULL);
        goto out;
    }
    /* Room for the positions the layout chooses (not stored). */
    if (x.n > 0 && layout_place_new(x.node, x.n, x.layout) < 0) {
        x.o.oom = 1;
        rc = xport_out_failed(&x.o, e);
        goto out;
    }
    rc = document(&x) < 0 ? xport_out_failed(&x.o, e) : 0;
out:
    free(x.node);
    free(x.inc);
    free(x.area);
    free(x.region_name);
    xport_index_free(&x.ids);
    xport_arena_free(&x.arena);
    buf_free(&x.clusters);
    return rc;
}

int
fossflow_export(struct store *st, const char *cluster, const char *region,
                xport_write_fn write, void *ctx, struct err *e)
{
    return fossflow_export_opts(st, NULL, cluster, region, write, ctx, e);
}
