/* api_conns.c — /connections: GET (all by id, or one server's by the other
 * end, in keyset pages), POST {from, to, type}, DELETE ?from=&to=.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api_cursor.h"
#include "api_handlers.h"
#include "api_json.h"
#include "api_query.h"
#include "input.h"
#include "store_page.h"
#include "valid.h"

#define TAG_ALL    "connections"
#define TAG_SERVER "connections-of"

static json_t *
conn_json(const struct connection *c)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)c->id,
                     "from", c->from, "to", c->to, "type", c->type, "created",
                     api_time(c->created));
}

/* One listing: all connections (server = NULL) or one server's. */
struct listing {
    const char *server; /* stored id */
    long long after_id;
    const char *after_other;
    size_t limit;
};

struct rows {
    json_t *list;
    struct connection last;
    size_t n;
    int oom;
};

static int
add_row(void *ctx, const struct connection *c)
{
    struct rows *r = ctx;
    r->oom |= json_array_append_new(r->list, conn_json(c));
    r->last = *c;
    r->n++;
    return 0;
}

static int
page(struct app *a, const struct listing *l, conn_cb cb, void *ctx,
     struct err *e)
{
    if (l->server == NULL)
        return store_conn_page(a->st, l->after_id, l->limit, cb, ctx, e);
    return store_conn_page_server(a->st, l->server, l->after_other, l->limit,
                                  cb, ctx, e);
}

static int
count_one(void *ctx, const struct connection *c)
{
    (void)c;
    *(int *)ctx = 1;
    return 1;
}

/* The id of the end of c that is not server. */
static const char *
other_end(const struct connection *c, const char *server)
{
    return strcasecmp(c->from, server) == 0 ? c->to : c->from;
}

/* The cursor after r, or JSON null when nothing follows. */
static json_t *
next_cursor(struct app *a, const struct listing *l, const struct rows *r,
            int *rc, struct err *e)
{
    struct listing probe = *l;
    int more = 0;
    if (r->n < l->limit)
        return json_null();
    probe.limit = 1;
    probe.after_id = r->last.id;
    probe.after_other = l->server ? other_end(&r->last, l->server) : NULL;
    if ((*rc = page(a, &probe, count_one, &more, e)) < 0)
        return NULL;
    *rc = 0;
    if (!more)
        return json_null();
    if (l->server == NULL)
        return api_cursor_make(
            json_pack("[s, I]", TAG_ALL, (json_int_t)r->last.id));
    return api_cursor_make(
        json_pack("[s, s, s]", TAG_SERVER, l->server, probe.after_other));
}

/* Where the listing starts, from the cursor parameter. */
static int
resume(const struct app *a, struct listing *l, json_t **cur, struct err *e)
{
    int all = l->server == NULL;
    if (api_cursor_param(a, all ? TAG_ALL : TAG_SERVER, all ? 2 : 3, cur, e) <
        0)
        return -1;
    if (*cur == NULL)
        return 0;
    json_t *v1 = json_array_get(*cur, 1), *v2 = json_array_get(*cur, 2);
    struct err ignored;
    if (all && json_is_integer(v1) && json_integer_value(v1) > 0) {
        l->after_id = (long long)json_integer_value(v1);
        return 0;
    }
    if (!all && json_is_string(v1) && json_is_string(v2) &&
        strcasecmp(json_string_value(v1), l->server) == 0 &&
        valid_ident("cursor", json_string_value(v2), &ignored) == 0) {
        l->after_other = json_string_value(v2);
        return 0;
    }
    return err_set(e, ERR_INVALID, "cursor", "api_err_bad_cursor", NULL, NULL);
}

int
api_conns_list(struct app *a, const char *param, struct err *e)
{
    struct listing l = {.after_other = ""};
    struct server s;
    struct rows r = {.list = json_array()};
    json_t *cur = NULL, *next = NULL;
    const char *server = app_param(a, "server");
    int rc = 0;
    (void)param;

    if (server != NULL && (valid_ident("server", server, e) < 0 ||
                           store_server_get(a->st, server, &s, e) < 0)) {
        snprintf(e->field, sizeof e->field, "server");
        rc = -1;
    }
    l.server = server ? s.id : NULL;
    if (rc == 0 &&
        (api_limit(a, &l.limit, e) < 0 || resume(a, &l, &cur, e) < 0))
        rc = -1;
    if (rc == 0 && (rc = page(a, &l, add_row, &r, e)) == 0)
        next = next_cursor(a, &l, &r, &rc, e);
    json_decref(cur);
    if (rc < 0 || r.oom || next == NULL) {
        json_decref(r.list);
        json_decref(next);
        return rc < 0 ? -1
                      : err_set(e, ERR_INTERNAL, "", "err_internal", "conns",
                                NULL);
    }
    return api_reply(
        a, json_pack("{s:o, s:o}", "connections", r.list, "next_cursor", next),
        e);
}

static const struct api_key KEYS[] = {
    {"from", API_STRING}, {"to", API_STRING}, {"type", API_STRING}};

/* "from->to", as the connect and disconnect pages log it. */
static void
log_pair(struct app *a, const char *action, const char *from, const char *to)
{
    char obj[2 * VALID_ID_MAX + 3];
    snprintf(obj, sizeof obj, "%s->%s", from, to);
    app_log_action(a, action, "connection", obj);
}

int
api_conns_create(struct app *a, const char *param, struct err *e)
{
    struct connection c;
    int rc = -1;
    (void)param;

    json_t *body = api_body(a, KEYS, sizeof KEYS / sizeof KEYS[0], e);
    if (body == NULL)
        return -1;
    const char *from = json_string_value(json_object_get(body, "from"));
    const char *to = json_string_value(json_object_get(body, "to"));
    const char *type = json_string_value(json_object_get(body, "type"));
    if (type == NULL || type[0] == '\0')
        type = "standard";
    if (valid_ident("from", from ? from : "", e) == 0 &&
        valid_ident("to", to ? to : "", e) == 0 &&
        valid_conn_type("type", type, e) == 0 &&
        store_conn_add(a->st, from, to, type, e) == 0 &&
        store_conn_get_pair(a->st, from, to, &c, e) == 0) {
        log_pair(a, "connect", c.from, c.to);
        a->status = 201;
        rc = api_reply(a, conn_json(&c), e);
    }
    json_decref(body);
    return rc;
}

int
api_conns_delete(struct app *a, const char *param, struct err *e)
{
    const char *from, *to;
    (void)param;
    if (input_ident(a, "from", &from, e) < 0 ||
        input_ident(a, "to", &to, e) < 0 ||
        store_conn_delete(a->st, from, to, e) < 0)
        return -1;
    log_pair(a, "disconnect", from, to);
    a->status = 204;
    return 0;
}
