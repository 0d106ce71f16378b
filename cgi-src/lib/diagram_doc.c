/* diagram_doc.c — builds the diagram's compact JSON document (format in
 * diagram_doc.h) from one pass over servers, memberships, connections and
 * current metrics, choosing positions for servers that have none; also
 * "arrange" (positions written back) and the texts the script shows.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cfgfile.h"
#include "diagram_doc.h"
#include "alert_diagram.h"
#include "log.h"
#include "store_pos.h"
#include "types.h"

#define DOC_TEXT_MAX ((size_t)256 * 1024 * 1024) /* joined column bytes */

/* Everything read, before the JSON is built. */
struct model {
    size_t n, cap;
    size_t *id_off; /* where each id starts in id */
    size_t *slot;   /* id hash table: server index + 1, 0 empty */
    size_t mask;
    struct buf id, name, ip; /* joined by '\n' */
    struct buf type, status; /* one digit per server */
    struct buf hand;         /* '1' placed by a person, else '0' */
    int *region;             /* index in regions */
    struct layout_node *node;
    struct cfgmap region_ix; /* region -> index, as decimal text */
    json_t *regions;         /* ["", "eu-west-1", ...] */
    json_t *clusters;        /* [{"name","description","members":[...]}] */
    size_t nclusters;
    int failed; /* out of memory while reading */
};

static int
oom(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
}

static int
index_of(const char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return (int)i;
    return 0; /* the first entry stands in for anything unexpected */
}

static int
type_index(const char *type)
{
    for (size_t i = 0; i < SERVER_TYPE_COUNT; i++)
        if (strcmp(SERVER_TYPES[i].name, type) == 0)
            return (int)i;
    return 0;
}

static int
region_index(struct model *m, const char *region)
{
    const char *v = cfgmap_get(&m->region_ix, region);
    if (v != NULL) {
        int ix = 0; /* digits we wrote ourselves */
        for (; *v >= '0' && *v <= '9'; v++)
            ix = ix * 10 + (*v - '0');
        return ix;
    }
    char num[24];
    int ix = (int)json_array_size(m->regions);
    snprintf(num, sizeof num, "%d", ix);
    if (cfgmap_set(&m->region_ix, region, num) < 0 ||
        json_array_append_new(m->regions, json_string(region)) < 0)
        m->failed = 1;
    return ix;
}

static int
grow(struct model *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    int *region = realloc(m->region, cap * sizeof *region);
    if (region != NULL)
        m->region = region;
    struct layout_node *node = realloc(m->node, cap * sizeof *node);
    if (node != NULL)
        m->node = node;
    size_t *off = realloc(m->id_off, cap * sizeof *off);
    if (off != NULL)
        m->id_off = off;
    if (region == NULL || node == NULL || off == NULL)
        return -1;
    m->cap = cap;
    return 0;
}

/* Appends text to a column joined by newlines; a newline inside (which
 * the validators never let in) becomes a space, so rows stay aligned. */
static int
add_cell(struct buf *b, const char *text)
{
    const char *nl;
    while ((nl = strchr(text, '\n')) != NULL) {
        if (buf_addn(b, text, (size_t)(nl - text)) < 0 || buf_addc(b, ' ') < 0)
            return -1;
        text = nl + 1;
    }
    return buf_add(b, text);
}

static int
add_server(void *ctx, const struct pos_server *s)
{
    struct model *m = ctx;
    if (m->n == m->cap && grow(m) < 0) {
        m->failed = 1;
        return 1;
    }
    size_t i = m->n;
    const char *sep = i ? "\n" : "";
    int t = type_index(s->type);
    int st = index_of(SERVER_STATES, SERVER_STATE_COUNT, s->status);
    if (buf_add(&m->id, sep) < 0 || buf_add(&m->id, s->id) < 0 ||
        buf_add(&m->name, sep) < 0 ||
        (strcmp(s->name, s->id) != 0 && add_cell(&m->name, s->name) < 0) ||
        buf_add(&m->ip, sep) < 0 || add_cell(&m->ip, s->ip) < 0 ||
        buf_addc(&m->type, (char)('0' + t)) < 0 ||
        buf_addc(&m->status, (char)('0' + st)) < 0 ||
        buf_addc(&m->hand, s->by_hand ? '1' : '0') < 0) {
        m->failed = 1;
        return 1;
    }
    m->id_off[i] = m->id.len - strlen(s->id);
    m->region[i] = region_index(m, s->region);
    m->node[i] = (struct layout_node){.type = t,
                                      .group = -1,
                                      .region = m->region[i],
                                      .keep = s->has_pos,
                                      .x = s->x,
                                      .y = s->y};
    m->n++;
    return m->failed;
}

/* ---- ids -> server index (ids compare ignoring ASCII case) ---- */

static size_t
id_hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s && *s != '\n'; s++) {
        unsigned char c = (unsigned char)*s;
        h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32 : c)) * 1099511628211ULL;
    }
    return h;
}

static int
id_map_build(struct model *m)
{
    size_t cap = 64;
    while (cap < 2 * m->n + 16)
        cap <<= 1;
    if ((m->slot = calloc(cap, sizeof *m->slot)) == NULL)
        return -1;
    m->mask = cap - 1;
    for (size_t i = 0; i < m->n; i++) {
        size_t k = id_hash(m->id.p + m->id_off[i]) & m->mask;
        while (m->slot[k] != 0)
            k = (k + 1) & m->mask;
        m->slot[k] = i + 1;
    }
    return 0;
}

/* The index of server id, or -1 (not visible to this user). */
static long
find_id(const struct model *m, const char *id)
{
    size_t len = strlen(id);
    if (m->slot == NULL)
        return -1;
    for (size_t k = id_hash(id) & m->mask; m->slot[k] != 0;
         k = (k + 1) & m->mask) {
        const char *s = m->id.p + m->id_off[m->slot[k] - 1];
        if (strncasecmp(s, id, len) == 0 && (s[len] == '\n' || s[len] == '\0'))
            return (long)m->slot[k] - 1;
    }
    return -1;
}

static int
add_cluster(void *ctx, const struct cluster *c)
{
    struct model *m = ctx;
    json_t *o = json_pack("{s:s, s:s, s:[]}", "name", c->name, "description",
                          c->description, "members");
    if (o == NULL || json_array_append_new(m->clusters, o) < 0) {
        m->failed = 1;
        return 1;
    }
    m->nclusters++;
    return 0;
}

/* Memberships come ordered by cluster name, like the cluster list, so the
 * current cluster only ever moves forward. */
struct member_walk {
    struct model *m;
    size_t at;
};

static int
add_member(void *ctx, const char *cluster, const char *server)
{
    struct member_walk *w = ctx;
    struct model *m = w->m;
    while (w->at < m->nclusters) {
        json_t *c = json_array_get(m->clusters, w->at);
        if (strcasecmp(json_string_value(json_object_get(c, "name")),
                       cluster) == 0)
            break;
        w->at++;
    }
    long i = find_id(m, server);
    if (w->at >= m->nclusters || i < 0)
        return 0; /* cannot happen inside one transaction */
    json_t *members =
        json_object_get(json_array_get(m->clusters, w->at), "members");
    if (json_array_append_new(members, json_integer(i)) < 0) {
        m->failed = 1;
        return 1;
    }
    if (m->node[i].group < 0)
        m->node[i].group = (int)w->at;
    return 0;
}

static void
model_free(struct model *m)
{
    free(m->id_off);
    free(m->slot);
    free(m->region);
    free(m->node);
    buf_free(&m->id);
    buf_free(&m->name);
    buf_free(&m->ip);
    buf_free(&m->type);
    buf_free(&m->status);
    buf_free(&m->hand);
    cfgmap_free(&m->region_ix);
    json_decref(m->regions);
    json_decref(m->clusters);
}

/* Reads servers, clusters and memberships; every server gets a position. */
static int
model_read(struct store *st, struct model *m, enum layout_kind layout,
           struct err *e)
{
    memset(m, 0, sizeof *m);
    buf_init(&m->id, DOC_TEXT_MAX);
    buf_init(&m->name, DOC_TEXT_MAX);
    buf_init(&m->ip, DOC_TEXT_MAX);
    buf_init(&m->type, DOC_TEXT_MAX);
    buf_init(&m->status, DOC_TEXT_MAX);
    buf_init(&m->hand, DOC_TEXT_MAX);
    m->regions = json_array();
    m->clusters = json_array();
    if (m->regions == NULL || m->clusters == NULL)
        return oom(e);
    struct member_walk w = {m, 0};
    region_index(m, ""); /* index 0 is "no region" */
    if (store_pos_servers(st, add_server, m, e) < 0)
        return -1;
    if (m->failed || id_map_build(m) < 0)
        return oom(e);
    if (store_cluster_list(st, add_cluster, m, e) < 0 ||
        store_pos_members(st, add_member, &w, e) < 0)
        return -1;
    if (m->failed || layout_place_new(m->node, m->n, layout) < 0)
        return oom(e);
    return 0;
}

/* ---- JSON ---- */

static json_t *
number(double v)
{
    if (isnan(v) || isinf(v))
        return json_null();
    if (fabs(v) < 1e15 && v == (double)(long long)v)
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* Sets key to a new value; a NULL value (out of memory) fails. */
static int
put(json_t *o, const char *key, json_t *v)
{
    return v == NULL ? -1 : json_object_set_new(o, key, v);
}

static json_t *
vocabularies(void)
{
    json_t *types = json_array(), *states = json_array(),
           *ctypes = json_array();
    json_t *o = json_object();
    if (o == NULL || put(o, "types", types) < 0 ||
        put(o, "states", states) < 0 || put(o, "ctypes", ctypes) < 0) {
        json_decref(o);
        return NULL;
    }
    for (size_t i = 0; i < SERVER_TYPE_COUNT; i++)
        json_array_append_new(types, json_pack("{s:s, s:s}", "name",
                                               SERVER_TYPES[i].name, "color",
                                               SERVER_TYPES[i].color));
    for (size_t i = 0; i < SERVER_STATE_COUNT; i++)
        json_array_append_new(states, json_string(SERVER_STATES[i]));
    for (size_t i = 0; i < CONN_TYPE_COUNT; i++)
        json_array_append_new(ctypes, json_string(CONN_TYPES[i]));
    return o;
}

static json_t *
servers_json(const struct model *m)
{
    json_t *o = json_object(), *reg = json_array(), *x = json_array(),
           *y = json_array();
    struct buf placed;
    buf_init(&placed, DOC_TEXT_MAX);
    int rc = o && reg && x && y ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < m->n; i++) {
        if (json_array_append_new(reg, json_integer(m->region[i])) < 0 ||
            json_array_append_new(x, number(m->node[i].x)) < 0 ||
            json_array_append_new(y, number(m->node[i].y)) < 0 ||
            buf_addc(&placed, m->node[i].keep ? '1' : '0') < 0)
            rc = -1;
    }
    if (rc == 0 &&
        (put(o, "n", json_integer((json_int_t)m->n)) < 0 ||
         put(o, "id", json_stringn(m->id.p ? m->id.p : "", m->id.len)) < 0 ||
         put(o, "name", json_stringn(m->name.p ? m->name.p : "", m->name.len)) <
             0 ||
         put(o, "ip", json_stringn(m->ip.p ? m->ip.p : "", m->ip.len)) < 0 ||
         put(o, "type", json_string(buf_cstr(&m->type))) < 0 ||
         put(o, "status", json_string(buf_cstr(&m->status))) < 0 ||
         put(o, "placed", json_string(buf_cstr(&placed))) < 0))
        rc = -1;
    buf_free(&placed);
    if (rc == 0 && put(o, "region", reg) == 0) {
        reg = NULL;
        if (put(o, "x", x) == 0) {
            x = NULL;
            if (put(o, "y", y) == 0)
                return o;
        }
    }
    json_decref(reg);
    json_decref(x);
    json_decref(y);
    json_decref(o);
    return NULL;
}

struct conn_walk {
    const struct model *m;
    json_t *from, *to;
    struct buf type;
    size_t n;
    int failed;
};

static int
add_conn(void *ctx, const struct pos_conn *c)
{
    struct conn_walk *w = ctx;
    long a = find_id(w->m, c->from), b = find_id(w->m, c->to);
    if (a < 0 || b < 0)
        return 0;
    int t = index_of(CONN_TYPES, CONN_TYPE_COUNT, c->type);
    if (json_array_append_new(w->from, json_integer(a)) < 0 ||
        json_array_append_new(w->to, json_integer(b)) < 0 ||
        buf_addc(&w->type, (char)('0' + t)) < 0) {
        w->failed = 1;
        return 1;
    }
    w->n++;
    return 0;
}

static json_t *
conns_json(struct store *st, const struct model *m, struct err *e)
{
    struct conn_walk w = {.m = m, .from = json_array(), .to = json_array()};
    json_t *o = NULL;
    buf_init(&w.type, DOC_TEXT_MAX);
    if (w.from == NULL || w.to == NULL) {
        oom(e);
    } else if (store_pos_conns(st, add_conn, &w, e) < 0) {
        /* e is set */
    } else if (w.failed || (o = json_object()) == NULL ||
               put(o, "n", json_integer((json_int_t)w.n)) < 0 ||
               put(o, "type", json_string(buf_cstr(&w.type))) < 0) {
        oom(e);
    } else if (json_object_set_new(o, "from", w.from) == 0) {
        w.from = NULL;
        if (json_object_set_new(o, "to", w.to) == 0) {
            buf_free(&w.type);
            return o;
        }
        w.to = NULL;
        oom(e);
    }
    json_decref(w.from);
    json_decref(w.to);
    json_decref(o);
    buf_free(&w.type);
    return NULL;
}

/* Metrics columns: "idx" (full document) or "ids" (incremental). */
struct metrics_walk {
    const struct model *m; /* NULL: by id */
    json_t *o;
    json_t *key, *checked, *col[POS_M__MAX];
    struct buf ids;
    long long at;
    int failed;
};

static int
add_metrics(void *ctx, const struct pos_metrics *pm)
{
    struct metrics_walk *w = ctx;
    int rc = 0;
    if (w->m != NULL) {
        long i = find_id(w->m, pm->id);
        if (i < 0)
            return 0;
        rc = json_array_append_new(w->key, json_integer(i));
    } else {
        rc = (w->ids.len && buf_addc(&w->ids, '\n') < 0) ||
             buf_add(&w->ids, pm->id) < 0;
    }
    rc = rc || json_array_append_new(w->checked, json_integer(pm->checked)) < 0;
    for (int k = 0; k < POS_M__MAX && !rc; k++)
        rc = json_array_append_new(w->col[k], number(pm->v[k])) < 0;
    if (pm->checked > w->at)
        w->at = pm->checked;
    w->failed = rc != 0;
    return w->failed;
}

/* Builds the empty columns into w->o; 0 or -1 (out of memory). */
static int
metrics_columns(struct metrics_walk *w)
{
    if ((w->o = json_object()) == NULL ||
        put(w->o, "checked", w->checked = json_array()) < 0 ||
        (w->m != NULL && put(w->o, "idx", w->key = json_array()) < 0))
        return -1;
    for (int k = 0; k < POS_M__MAX; k++)
        if (put(w->o, POS_METRIC_NAMES[k], w->col[k] = json_array()) < 0)
            return -1;
    return 0;
}

/* The metrics object, or json null when the daemon's table cannot be
 * read (older database, schema in flux): the diagram works without. */
static json_t *
metrics_json(struct store *st, const struct model *m, long long since,
             const char *id, struct err *e)
{
    struct metrics_walk w = {.m = m, .at = since};
    struct err me;
    json_t *out = NULL;

    buf_init(&w.ids, DOC_TEXT_MAX);
    err_clear(&me);
    if (metrics_columns(&w) < 0) {
        oom(e);
    } else if (store_pos_metrics(st, since, id, add_metrics, &w, &me) < 0) {
        log_msg("diagram: no metrics (%s %s)", me.key, me.arg[0]);
        out = json_null();
    } else if (w.failed || put(w.o, "at", json_integer(w.at)) < 0 ||
               (m == NULL &&
                put(w.o, "ids",
                    json_stringn(w.ids.p ? w.ids.p : "", w.ids.len)) < 0)) {
        oom(e);
    } else {
        out = w.o;
        w.o = NULL;
    }
    buf_free(&w.ids);
    json_decref(w.o);
    return out;
}

static json_t *
header(struct store *st, struct err *e)
{
    struct pos_fp fp;
    if (store_pos_fingerprint(st, &fp, e) < 0)
        return NULL;
    json_t *o = json_pack("{s:s, s:i, s:s, s:s, s:I}", "format", DIAGRAM_FORMAT,
                          "version", DIAGRAM_VERSION, "fp", fp.topo, "sfp",
                          fp.state, "now", (json_int_t)time(NULL));
    if (o == NULL)
        oom(e);
    return o;
}

json_t *
diagram_doc_build(struct store *st, enum layout_kind layout, struct err *e)
{
    struct model m;
    json_t *doc = NULL, *voc = NULL;
    if (model_read(st, &m, layout, e) < 0 || (doc = header(st, e)) == NULL)
        goto fail;
    if ((voc = vocabularies()) == NULL || json_object_update(doc, voc) < 0 ||
        put(doc, "servers", servers_json(&m)) < 0 ||
        json_object_set(doc, "regions", m.regions) < 0 ||
        json_object_set(doc, "clusters", m.clusters) < 0) {
        oom(e);
        goto fail;
    }
    json_t *conns = conns_json(st, &m, e);
    if (conns == NULL || put(doc, "conns", conns) < 0)
        goto fail;
    json_t *metrics = metrics_json(st, &m, 0, NULL, e);
    if (metrics == NULL || put(doc, "metrics", metrics) < 0)
        goto fail;
    json_t *alerts = alert_diagram_json(st, e); /* alert_diagram.h */
    if (alerts == NULL || put(doc, "alerts", alerts) < 0)
        goto fail;
    json_decref(voc);
    model_free(&m);
    return doc;
fail:
    json_decref(voc);
    json_decref(doc);
    model_free(&m);
    return NULL;
}

json_t *
diagram_doc_metrics(struct store *st, long long since, const char *id,
                    struct err *e)
{
    json_t *doc = header(st, e), *metrics = NULL;
    if (doc == NULL)
        return NULL;
    metrics = metrics_json(st, NULL, since, id, e);
    if (metrics == NULL) {
        json_decref(doc);
        return NULL;
    }
    if (json_is_null(metrics)) {
        json_decref(metrics);
        if (put(doc, "at", json_integer(since)) < 0)
            goto oom;
        return doc;
    }
    if (json_object_update(doc, metrics) < 0)
        goto oom;
    json_decref(metrics);
    return doc;
oom:
    json_decref(metrics);
    json_decref(doc);
    oom(e);
    return NULL;
}

static int
add_state(void *ctx, const char *status)
{
    return buf_addc(
        ctx, (char)('0' + index_of(SERVER_STATES, SERVER_STATE_COUNT, status)));
}

json_t *
diagram_doc_states(struct store *st, struct err *e)
{
    struct buf digits;
    json_t *doc = header(st, e);
    if (doc == NULL)
        return NULL;
    buf_init(&digits, DOC_TEXT_MAX);
    int rc = store_pos_states(st, add_state, &digits, e);
    if (rc == 0 && put(doc, "status", json_string(buf_cstr(&digits))) < 0)
        rc = oom(e);
    buf_free(&digits);
    if (rc != 0) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

int
diagram_doc_arrange(struct store *st, enum layout_kind layout, int all,
                    size_t *moved, struct err *e)
{
    struct model m;
    struct pos_move *mv = NULL;
    const char **ids = NULL;
    size_t k = 0;
    int rc = -1;

    *moved = 0;
    if (model_read(st, &m, layout, e) < 0)
        goto out;
    /* What a person placed stays unless "all" is asked; everything else
     * (a layout's positions, and the newcomers model_read placed) is laid
     * out again beside it. */
    for (size_t i = 0; i < m.n; i++)
        m.node[i].keep = !all && m.hand.p[i] == '1';
    if (layout_arrange(m.node, m.n, layout) < 0) {
        oom(e);
        goto out;
    }
    mv = malloc((m.n ? m.n : 1) * sizeof *mv);
    ids = malloc((m.n ? m.n : 1) * sizeof *ids);
    if (mv == NULL || ids == NULL) {
        oom(e);
        goto out;
    }
    /* The joined ids, split in place (model_free frees the buffer). */
    char *p = m.id.p;
    for (size_t i = 0; i < m.n && p != NULL; i++) {
        ids[i] = p;
        p = strchr(p, '\n');
        if (p != NULL)
            *p++ = '\0';
    }
    /* Every server not kept moves, and is now placed by the layout. */
    for (size_t i = 0; i < m.n; i++)
        if (!m.node[i].keep)
            mv[k++] = (struct pos_move){ids[i], m.node[i].x, m.node[i].y, 0};
    if (store_pos_move(st, mv, k, e) < 0)
        goto out;
    *moved = k;
    rc = 0;
out:
    free(mv);
    free(ids);
    model_free(&m);
    return rc;
}

/* Writes '<' '>' '&' as escapes while copying jansson's output. */
struct dump_ctx {
    struct buf *b;
    int html_safe;
};

static int
dump_cb(const char *p, size_t n, void *data)
{
    struct dump_ctx *d = data;
    if (!d->html_safe)
        return buf_addn(d->b, p, n);
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *esc = p[i] == '<'   ? "\\u003c"
                          : p[i] == '>' ? "\\u003e"
                          : p[i] == '&' ? "\\u0026"
                                        : NULL;
        if (esc == NULL)
            continue;
        if (buf_addn(d->b, p + start, i - start) < 0 || buf_add(d->b, esc) < 0)
            return -1;
        start = i + 1;
    }
    return buf_addn(d->b, p + start, n - start);
}

int
diagram_doc_dump(const json_t *root, struct buf *b, int html_safe)
{
    struct dump_ctx d = {b, html_safe};
    return json_dump_callback(root, dump_cb, &d,
                              JSON_COMPACT | JSON_ENSURE_ASCII |
                                  JSON_ESCAPE_SLASH);
}

/* The lang keys the script looks up (module/static/diagram-*.js). */
static const char *const TEXT_KEYS[] = {
#include "diagram_texts.h"
};

json_t *
diagram_doc_texts(const struct lang *l)
{
    json_t *o = json_object();
    char key[48];
    for (size_t i = 0; o != NULL && i < sizeof TEXT_KEYS / sizeof *TEXT_KEYS;
         i++)
        json_object_set_new(o, TEXT_KEYS[i],
                            json_string(lang_get(l, TEXT_KEYS[i])));
    /* The vocabularies' labels. */
    for (size_t i = 0; o != NULL && i < SERVER_TYPE_COUNT; i++)
        json_object_set_new(
            o, SERVER_TYPES[i].label_key,
            json_string(lang_get(l, SERVER_TYPES[i].label_key)));
    for (size_t i = 0; o != NULL && i < SERVER_STATE_COUNT; i++) {
        snprintf(key, sizeof key, "state_%s", SERVER_STATES[i]);
        json_object_set_new(o, key, json_string(lang_get(l, key)));
    }
    for (size_t i = 0; o != NULL && i < CONN_TYPE_COUNT; i++) {
        snprintf(key, sizeof key, "conn_%s", CONN_TYPES[i]);
        json_object_set_new(o, key, json_string(lang_get(l, key)));
    }
    return o;
}
