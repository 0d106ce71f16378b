/* api_clusters.c — /clusters (GET all, POST one) and /clusters/{name}
 * (GET with its member ids, PUT description and members, DELETE).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_cursor.h"
#include "api_handlers.h"
#include "api_json.h"
#include "api_query.h"
#include "valid.h"

static json_t *
cluster_json(const struct cluster *c)
{
    return json_pack("{s:s, s:s, s:I, s:o, s:o}", "name", c->name,
                     "description", c->description, "members",
                     (json_int_t)c->members, "created", api_time(c->created),
                     "updated", api_time(c->updated));
}

/* One page of GET /clusters: the clusters after `after` (by name, as the
 * store lists them), at most limit of them. The store walks every cluster
 * (there are far fewer clusters than servers); the page and its reply stay
 * bounded. */
#define CLUSTERS_TAG "clusters"

struct cluster_page {
    json_t *list;
    const char *after; /* "" = from the first */
    size_t limit, n;
    char last[VALID_ID_MAX + 1];
    int more; /* a cluster past the page exists */
    int oom;
};

static int
add_cluster(void *ctx, const struct cluster *c)
{
    struct cluster_page *p = ctx;
    if (p->after[0] != '\0' && strcasecmp(c->name, p->after) <= 0)
        return 0;
    if (p->n == p->limit) {
        p->more = 1;
        return 1; /* stops the walk */
    }
    p->oom |= json_array_append_new(p->list, cluster_json(c)) < 0;
    snprintf(p->last, sizeof p->last, "%s", c->name);
    p->n++;
    return 0;
}

/* limit (1..API_LIMIT_MAX, all of that by default: the listing had no
 * limit before) and cursor (["clusters", last name]). */
static int
clusters_query(const struct app *a, struct cluster_page *p, json_t **cur,
               struct err *e)
{
    const char *limit = app_param(a, "limit");
    struct err ignored;
    if (api_limit(a, &p->limit, e) < 0 ||
        api_cursor_param(a, CLUSTERS_TAG, 2, cur, e) < 0)
        return -1;
    if (limit == NULL || limit[0] == '\0')
        p->limit = API_LIMIT_MAX;
    if (*cur == NULL)
        return 0;
    p->after = json_string_value(json_array_get(*cur, 1));
    if (p->after == NULL || valid_ident("cursor", p->after, &ignored) < 0)
        return err_set(e, ERR_INVALID, "cursor", "api_err_bad_cursor", NULL,
                       NULL);
    return 0;
}

int
api_clusters_list(struct app *a, const char *param, struct err *e)
{
    struct cluster_page p = {.list = json_array(), .after = ""};
    json_t *cur = NULL, *next = NULL;
    (void)param;
    int rc = clusters_query(a, &p, &cur, e);
    if (rc == 0)
        rc = store_cluster_list(a->st, add_cluster, &p, e);
    if (rc > 0 && p.more)
        rc = 0;
    if (rc == 0)
        next = p.more
                   ? api_cursor_make(json_pack("[s, s]", CLUSTERS_TAG, p.last))
                   : json_null();
    json_decref(cur);
    if (rc != 0 || p.oom || next == NULL) {
        json_decref(p.list);
        json_decref(next);
        return rc < 0 ? -1
                      : err_set(e, ERR_INTERNAL, "", "err_internal", "clusters",
                                NULL);
    }
    return api_reply(
        a, json_pack("{s:o, s:o}", "clusters", p.list, "next_cursor", next), e);
}

/* The member ids of a cluster, in id order. */
struct members {
    char (*ids)[VALID_ID_MAX + 1];
    size_t n, cap;
};

static int
add_member_id(void *ctx, const struct server *s)
{
    struct members *m = ctx;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        void *p = realloc(m->ids, cap * sizeof *m->ids);
        if (p == NULL)
            return 1;
        m->ids = p;
        m->cap = cap;
    }
    snprintf(m->ids[m->n++], sizeof m->ids[0], "%s", s->id);
    return 0;
}

/* Reads every member of cluster name into *m (free m->ids). */
static int
members_read(struct app *a, const char *name, struct members *m, struct err *e)
{
    char last[VALID_ID_MAX + 1];
    struct server_query q = {
        .cluster = name, .sort = SORT_ID, .limit = API_LIMIT_MAX};
    for (;;) { /* bounded: each page moves past the last id */
        size_t before = m->n;
        int rc = store_server_list(a->st, &q, add_member_id, m, e);
        if (rc != 0)
            return rc < 0 ? -1
                          : err_set(e, ERR_INTERNAL, "", "err_internal",
                                    "members", NULL);
        if (m->n - before < API_LIMIT_MAX)
            return 0;
        /* A copy: the next page may move m->ids. */
        snprintf(last, sizeof last, "%s", m->ids[m->n - 1]);
        q.after_key = q.after_id = last;
    }
}

static int
by_id(const void *x, const void *y)
{
    return strcasecmp(*(const char *const *)x, *(const char *const *)y);
}

static int
by_row(const void *key, const void *row)
{
    return strcasecmp(*(const char *const *)key, (const char *)row);
}

/* The "servers" list of a body, validated, sorted, without repeats:
 * *ids (free it) borrows the strings of body. */
static int
body_members(json_t *body, const char ***ids, size_t *n, struct err *e)
{
    json_t *list = json_object_get(body, "servers");
    size_t count = json_array_size(list), i, k = 0;
    json_t *v;
    *n = 0;
    *ids = calloc(count ? count : 1, sizeof **ids);
    if (*ids == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", "members", NULL);
    json_array_foreach(list, i, v)
    {
        if (valid_ident("servers", json_string_value(v), e) < 0)
            return -1;
        (*ids)[i] = json_string_value(v);
    }
    qsort(*ids, count, sizeof **ids, by_id);
    for (i = 0; i < count; i++)
        if (k == 0 || strcasecmp((*ids)[k - 1], (*ids)[i]) != 0)
            (*ids)[k++] = (*ids)[i];
    *n = k;
    return 0;
}

/* {cluster..., "servers": [ids]} for cluster name, or NULL with e set. */
static json_t *
detail_json(struct app *a, const char *name, struct err *e)
{
    struct cluster c;
    struct members m = {0};
    if (store_cluster_get(a->st, name, &c, e) < 0 ||
        members_read(a, c.name, &m, e) < 0) {
        free(m.ids);
        return NULL;
    }
    json_t *ids = json_array();
    int rc = ids == NULL;
    for (size_t i = 0; rc == 0 && i < m.n; i++)
        rc = json_array_append_new(ids, json_string(m.ids[i]));
    free(m.ids);
    json_t *doc = rc == 0 ? cluster_json(&c) : NULL;
    if (doc == NULL)
        json_decref(ids);
    if (doc == NULL || json_object_set_new(doc, "servers", ids) < 0) {
        json_decref(doc);
        err_set(e, ERR_INTERNAL, "", "err_internal", "cluster", NULL);
        return NULL;
    }
    return doc;
}

static int
cluster_detail(struct app *a, const char *name, struct err *e)
{
    json_t *doc = detail_json(a, name, e);
    return doc ? api_reply(a, doc, e) : -1;
}

static int
check_name(const char *name, struct err *e)
{
    return valid_ident("name", name ? name : "", e);
}

int
api_cluster_get(struct app *a, const char *name, struct err *e)
{
    if (check_name(name, e) < 0)
        return -1;
    return cluster_detail(a, name, e);
}

static const struct api_key CREATE_KEYS[] = {{"name", API_STRING},
                                             {"description", API_STRING},
                                             {"servers", API_STRINGS},
                                             {"autoconnect", API_BOOL}};
static const struct api_key PUT_KEYS[] = {{"description", API_STRING},
                                          {"servers", API_STRINGS}};

static const char *
text(json_t *body, const char *key)
{
    return json_string_value(json_object_get(body, key));
}

static int
create(struct app *a, json_t *body, struct err *e)
{
    const char *name = text(body, "name"), *desc = text(body, "description");
    const char **ids = NULL;
    size_t n;
    long long added;
    int rc = check_name(name, e);
    if (rc == 0 &&
        (valid_text("description", desc, e) < 0 ||
         body_members(body, &ids, &n, e) < 0 ||
         store_cluster_create(a->st, name, desc ? desc : "", ids, n, e) < 0))
        rc = -1;
    free(ids);
    if (rc == 0 && json_is_true(json_object_get(body, "autoconnect")) &&
        store_cluster_autoconnect(a->st, name, &added, e) < 0)
        rc = -1;
    return rc;
}

int
api_clusters_create(struct app *a, const char *param, struct err *e)
{
    (void)param;
    json_t *body =
        api_body(a, CREATE_KEYS, sizeof CREATE_KEYS / sizeof CREATE_KEYS[0], e);
    if (body == NULL || create(a, body, e) < 0) {
        json_decref(body);
        return -1;
    }
    struct cluster c;
    int rc = store_cluster_get(a->st, text(body, "name"), &c, e);
    json_decref(body);
    if (rc < 0)
        return -1;
    api_created(a, "cluster", "clusters", c.name);
    return cluster_detail(a, c.name, e);
}

/* Makes the members of cluster name exactly ids (sorted, no repeats). */
static int
members_replace(struct app *a, const char *name, const char **ids, size_t n,
                struct err *e)
{
    struct members m = {0};
    int rc = members_read(a, name, &m, e);
    for (size_t i = 0; rc == 0 && i < m.n; i++) {
        const char *id = m.ids[i];
        if (bsearch(&id, ids, n, sizeof *ids, by_id) == NULL)
            rc = store_cluster_remove_member(a->st, name, id, e);
    }
    /* m.ids is in the same order: the listing sorts by id, NOCASE. */
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (bsearch(&ids[i], m.ids, m.n, sizeof m.ids[0], by_row) == NULL)
            rc = store_cluster_add_member(a->st, name, ids[i], e);
    free(m.ids);
    return rc;
}

int
api_cluster_put(struct app *a, const char *name, struct err *e)
{
    struct cluster c;
    const char **ids = NULL;
    size_t n;
    if (check_name(name, e) < 0 || store_cluster_get(a->st, name, &c, e) < 0)
        return -1;
    json_t *body =
        api_body(a, PUT_KEYS, sizeof PUT_KEYS / sizeof PUT_KEYS[0], e);
    if (body == NULL)
        return -1;
    const char *desc = text(body, "description");
    int rc = -1;
    if (desc == NULL)
        err_set(e, ERR_INVALID, "description", "err_required", NULL, NULL);
    else if (json_object_get(body, "servers") == NULL)
        err_set(e, ERR_INVALID, "servers", "err_required", NULL, NULL);
    else if (valid_text("description", desc, e) == 0 &&
             body_members(body, &ids, &n, e) == 0 &&
             store_cluster_update(a->st, c.name, desc, e) == 0)
        rc = members_replace(a, c.name, ids, n, e);
    free(ids);
    json_decref(body);
    if (rc < 0)
        return -1;
    app_log_action(a, "modify", "cluster", c.name);
    return cluster_detail(a, c.name, e);
}

int
api_cluster_delete(struct app *a, const char *name, struct err *e)
{
    struct cluster c;
    if (check_name(name, e) < 0 || store_cluster_get(a->st, name, &c, e) < 0 ||
        store_cluster_delete(a->st, c.name, e) < 0)
        return -1;
    app_log_action(a, "delete", "cluster", c.name);
    a->status = 204;
    return 0;
}
