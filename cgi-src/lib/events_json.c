/* events_json.c — a journal event as the JSON object events.cgi sends:
 * the journal's columns under the names the diagram's changes use
 * (module/static/diagram-core.js, Model.apply), built with jansson.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "events_json.h"

static json_t *
str_or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

json_t *
events_json_server(const struct server *s)
{
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:b}", "id", s->id, "name",
        s->name, "type", s->type, "ip", s->ip, "region", str_or_null(s->region),
        "status", s->status[0] ? s->status : "unknown", "x",
        s->has_pos ? json_real(s->x) : json_null(), "y",
        s->has_pos ? json_real(s->y) : json_null(), "placed", s->has_pos);
}

/* Adds key: value (stolen) to o; -1 when value is NULL or on OOM. */
static int
put(json_t *o, const char *key, json_t *value)
{
    return value == NULL ? -1 : json_object_set_new(o, key, value);
}

/* The server id as it is now into o["server"]: 1 added, 0 gone or
 * hidden, -1 failure. */
static int
put_server(struct store *st, json_t *o, const char *id, const char *cluster,
           struct err *e)
{
    struct server s;
    json_t *v;

    if (id == NULL || store_server_get(st, id, &s, e) < 0) {
        if (id != NULL && e->code != ERR_NOT_FOUND)
            return -1;
        err_clear(e);
        return 0;
    }
    if ((v = events_json_server(&s)) == NULL)
        return -1;
    if (cluster != NULL && put(v, "clusters", json_pack("[s]", cluster)) < 0) {
        json_decref(v);
        return -1;
    }
    return put(o, "server", v) < 0 ? -1 : 1;
}

static int
oom(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
}

int
events_json(struct store *st, const struct store_event *ev, json_t **out,
            struct err *e)
{
    const char *k = ev->kind;
    json_t *o = json_pack("{s:I, s:I, s:s}", "seq", (json_int_t)ev->seq, "at",
                          (json_int_t)ev->at, "kind", k);
    int rc = 0;

    *out = NULL;
    if (o == NULL)
        return oom(e);
    if (strcmp(k, "add") == 0) {
        rc = put_server(st, o, ev->id, NULL, e);
        if (rc == 0) { /* gone or hidden: nothing to add */
            json_decref(o);
            return 0;
        }
        rc = rc < 0 ? -1 : 0;
    } else if (strcmp(k, "status") == 0) {
        rc = put(o, "id", str_or_null(ev->id)) |
             put(o, "status", str_or_null(ev->text));
    } else if (strcmp(k, "move") == 0) {
        rc = put(o, "id", str_or_null(ev->id)) |
             put(o, "x", ev->has_xy ? json_real(ev->x) : json_null()) |
             put(o, "y", ev->has_xy ? json_real(ev->y) : json_null());
    } else if (strcmp(k, "remove") == 0) {
        rc = put(o, "id", str_or_null(ev->id));
    } else if (strcmp(k, "connect") == 0 || strcmp(k, "disconnect") == 0) {
        rc = put(o, "from", str_or_null(ev->id)) |
             put(o, "to", str_or_null(ev->peer));
        if (k[0] == 'c')
            rc |= put(o, "type", str_or_null(ev->text));
    } else if (strcmp(k, "cluster") == 0) {
        rc = put(o, "name", str_or_null(ev->id)) |
             put(o, "description", json_string(ev->text ? ev->text : "")) |
             put(o, "members", json_array());
    } else if (strcmp(k, "cluster_info") == 0) {
        rc = put(o, "name", str_or_null(ev->id)) |
             put(o, "description", json_string(ev->text ? ev->text : ""));
    } else if (strcmp(k, "cluster_remove") == 0) {
        rc = put(o, "name", str_or_null(ev->id));
    } else if (strcmp(k, "join") == 0) {
        rc = put(o, "cluster", str_or_null(ev->peer)) |
             put(o, "id", str_or_null(ev->id));
        if (rc == 0 && put_server(st, o, ev->id, ev->peer, e) < 0)
            rc = -1;
    } else if (strcmp(k, "leave") == 0) {
        rc = put(o, "cluster", str_or_null(ev->peer)) |
             put(o, "id", str_or_null(ev->id));
    } else if (strcmp(k, "alerts") == 0) {
        /* The client re-reads the badges (diagram_data.cgi?part=alerts). */
        rc = put(o, "id", str_or_null(ev->id)) |
             put(o, "state", str_or_null(ev->text));
    }
    /* metrics, reset: the kind says it all. */
    if (rc != 0) {
        json_decref(o);
        return e->code != ERR_OK ? -1 : oom(e);
    }
    *out = o;
    return 0;
}
