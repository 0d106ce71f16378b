/* api_server.c — /servers/{id}: GET (with its clusters and connections),
 * PUT (replace), PATCH (change the keys given), DELETE.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "api_handlers.h"
#include "api_json.h"
#include "api_server.h"
#include "store_page.h"
#include "valid.h"

/* Connections shown with one server; GET /connections?server= pages them
 * all. */
#define DETAIL_CONNS 1000

struct detail {
    json_t *clusters, *conns;
    size_t nconns;
    int oom;
};

static int
add_cluster(void *ctx, const char *name)
{
    struct detail *d = ctx;
    d->oom |= json_array_append_new(d->clusters, json_string(name));
    return 0;
}

static int
add_conn(void *ctx, const struct connection *c)
{
    struct detail *d = ctx;
    if (d->nconns++ == DETAIL_CONNS)
        return 1; /* one more than shown: the list is cut */
    d->oom |= json_array_append_new(
        d->conns, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)c->id,
                            "from", c->from, "to", c->to, "type", c->type));
    return 0;
}

/* The server named by the path, or ERR_INVALID/ERR_NOT_FOUND "id". */
static int
load(struct app *a, const char *id, struct server *s, struct err *e)
{
    if (valid_ident("id", id, e) < 0)
        return -1;
    return store_server_get(a->st, id, s, e);
}

int
api_server_get(struct app *a, const char *id, struct err *e)
{
    struct server s;
    struct detail d = {.clusters = json_array(), .conns = json_array()};
    int rc = load(a, id, &s, e);
    if (rc == 0)
        rc = store_server_clusters(a->st, s.id, add_cluster, &d, e);
    if (rc == 0 && store_conn_page_server(a->st, s.id, "", DETAIL_CONNS + 1,
                                          add_conn, &d, e) < 0)
        rc = -1;
    json_t *doc = rc == 0 && !d.oom ? api_server_json(&s) : NULL;
    if (doc == NULL) {
        json_decref(d.clusters);
        json_decref(d.conns);
        return rc < 0 ? -1
                      : err_set(e, ERR_INTERNAL, "", "err_internal", "server",
                                NULL);
    }
    json_object_set_new(doc, "clusters", d.clusters);
    json_object_set_new(doc, "connections", d.conns);
    json_object_set_new(doc, "connections_truncated",
                        json_boolean(d.nconns > DETAIL_CONNS));
    return api_reply(a, doc, e);
}

static int
change(struct app *a, const char *id, enum api_server_mode mode, struct err *e)
{
    struct server old, s;
    if (load(a, id, &old, e) < 0 ||
        api_server_input(a, &old, mode, &s, e) < 0 ||
        store_server_update(a->st, &s, e) < 0 ||
        store_server_get(a->st, s.id, &s, e) < 0)
        return -1;
    app_log_action(a, "modify", "server", s.id);
    return api_reply(a, api_server_json(&s), e);
}

int
api_server_put(struct app *a, const char *id, struct err *e)
{
    return change(a, id, API_SERVER_REPLACE, e);
}

int
api_server_patch(struct app *a, const char *id, struct err *e)
{
    return change(a, id, API_SERVER_PATCH, e);
}

int
api_server_delete(struct app *a, const char *id, struct err *e)
{
    struct server s;
    if (load(a, id, &s, e) < 0 || store_server_delete(a->st, s.id, e) < 0)
        return -1;
    app_log_action(a, "delete", "server", s.id);
    a->status = 204;
    return 0;
}
