/* api_server_json.c — the API's server object, out and in. A body is
 * flattened into the text fields of the server forms (ports as "80 443",
 * position as x and y) and parsed with req_parse, so input_server checks
 * API and form input alike.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json_alloc.h"
#include "api_json.h"
#include "api_server.h"
#include "input.h"
#include "types.h"

/* The ports of s as a JSON array: its own list, else its type's. */
static json_t *
ports_json(const struct server *s)
{
    json_t *list = json_array();
    if (s->ports[0] == '\0') {
        const struct server_type *t = types_find(s->type);
        for (size_t i = 0; t != NULL && i < t->nports; i++)
            json_array_append_new(list, json_integer(t->ports[i]));
        return list;
    }
    json_int_t n = 0;
    for (const char *p = s->ports;; p++) {
        if (*p >= '0' && *p <= '9') {
            n = n * 10 + (*p - '0');
            continue;
        }
        if (n > 0)
            json_array_append_new(list, json_integer(n));
        n = 0;
        if (*p == '\0')
            break;
    }
    return list;
}

/* o[key] = text. Stored texts were validated as UTF-8 on the way in, so
 * the check is skipped (the dump still refuses invalid UTF-8). */
static int
put_text(json_t *o, const char *key, const char *text)
{
    return json_object_set_new_nocheck(o, key, json_string_nocheck(text));
}

/* Built member by member: json_pack's format parsing was a fifth of a
 * 1,000-server page. */
json_t *
api_server_json(const struct server *s)
{
    json_t *o = json_object();
    json_t *pos = s->has_pos ? json_pack("{s:f, s:f}", "x", s->x, "y", s->y)
                             : json_null();
    int rc = o == NULL;
    rc |= put_text(o, "id", s->id) | put_text(o, "name", s->name) |
          put_text(o, "type", s->type) | put_text(o, "ip", s->ip);
    rc |= json_object_set_new_nocheck(
        o, "region",
        s->region[0] ? json_string_nocheck(s->region) : json_null());
    rc |= json_object_set_new_nocheck(o, "ports", ports_json(s));
    rc |= json_object_set_new_nocheck(o, "ports_override",
                                      json_boolean(s->ports[0] != '\0'));
    rc |= put_text(o, "status", s->status);
    rc |= json_object_set_new_nocheck(o, "position", pos);
    rc |= json_object_set_new_nocheck(o, "created", api_time(s->created));
    rc |= json_object_set_new_nocheck(o, "updated", api_time(s->updated));
    if (rc != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static const struct api_key KEYS[] = {
    {"id", API_STRING},          {"name", API_STRING},
    {"type", API_STRING},        {"ip", API_STRING},
    {"region", API_STRING_NULL}, {"ports", API_INTS_NULL},
    {"status", API_STRING},      {"position", API_POSITION_NULL},
    {"cluster", API_STRING}, /* create only: the last entry */
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

static const struct field FIELDS[] = {INPUT_SERVER_FIELDS, {"cluster", 0}};

/* Sets flat[key] to text (a copy). */
static int
set_text(json_t *flat, const char *key, const char *text)
{
    return json_object_set_new(flat, key, json_string(text));
}

/* [80, 443] as "80 443" (null: ""); the numbers are checked later, as
 * text, by valid_ports. */
static int
set_ports(json_t *flat, json_t *list)
{
    struct buf b;
    size_t i;
    json_t *el;
    int rc = 0;
    buf_init(&b, 4096);
    json_array_foreach(list, i, el)
    {
        rc |= buf_addf(&b, "%s%" JSON_INTEGER_FORMAT, i ? " " : "",
                       json_integer_value(el));
    }
    if (rc == 0)
        rc = set_text(flat, "ports", buf_cstr(&b));
    buf_free(&b);
    return rc;
}

/* One body member into flat, in form terms. */
static int
set_member(json_t *flat, const char *key, json_t *v)
{
    if (strcmp(key, "ports") == 0)
        return set_ports(flat, v);
    if (strcmp(key, "position") == 0 && json_is_null(v))
        return set_text(flat, "x", "") | set_text(flat, "y", "");
    if (strcmp(key, "position") == 0)
        return json_object_set(flat, "x", json_object_get(v, "x")) |
               json_object_set(flat, "y", json_object_get(v, "y"));
    if (json_is_null(v))
        return set_text(flat, key, "");
    return json_object_set(flat, key, v);
}

/* What old contributes before the body is laid over it. */
static int
set_old(json_t *flat, const struct server *old, enum api_server_mode mode)
{
    int rc =
        set_text(flat, "id", old->id) | set_text(flat, "status", old->status);
    if (old->has_pos)
        rc |= json_object_set_new(flat, "x", json_real(old->x)) |
              json_object_set_new(flat, "y", json_real(old->y));
    if (mode == API_SERVER_PATCH)
        rc |= set_text(flat, "name", old->name) |
              set_text(flat, "type", old->type) |
              set_text(flat, "ip", old->ip) |
              set_text(flat, "region", old->region) |
              set_text(flat, "ports", old->ports);
    return rc;
}

/* The flat form of body over old, or NULL with e set. */
static json_t *
flatten(json_t *body, const struct server *old, enum api_server_mode mode,
        struct err *e)
{
    json_t *flat = json_object();
    int rc = flat == NULL || (old != NULL && set_old(flat, old, mode) < 0);
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        rc |= set_member(flat, key, v) < 0;
    }
    if (rc != 0) {
        json_decref(flat);
        err_set(e, ERR_INTERNAL, "", "err_internal", "server body", NULL);
        return NULL;
    }
    return flat;
}

/* Parses flat (a JSON object of texts and numbers) as a form would be, into
 * a->req. */
static int
to_request(struct app *a, json_t *flat, struct err *e)
{
    char *text = json_dumps(flat, JSON_COMPACT);
    if (text == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", "server body",
                       NULL);
    struct req_env env = {.method = a->env.method,
                          .content_type = "application/json"};
    struct req r;
    int rc = req_parse(&env, text, strlen(text), FIELDS,
                       sizeof FIELDS / sizeof FIELDS[0], &r, e);
    json_text_free(text);
    if (rc < 0)
        return -1;
    req_free(&a->req);
    a->req = r;
    return 0;
}

int
api_server_input(struct app *a, const struct server *old,
                 enum api_server_mode mode, struct server *out, struct err *e)
{
    size_t nkeys = mode == API_SERVER_CREATE ? NKEYS : NKEYS - 1;
    json_t *body = api_body(a, KEYS, nkeys, e);
    if (body == NULL)
        return -1;
    const char *id = json_string_value(json_object_get(body, "id"));
    int rc = -1;
    if (old != NULL && id != NULL && strcasecmp(id, old->id) != 0) {
        err_set(e, ERR_INVALID, "id", "api_err_id_mismatch", old->id, NULL);
    } else {
        json_t *flat = flatten(body, old, mode, e);
        if (flat != NULL && old != NULL)
            set_text(flat, "id", old->id);
        rc = flat ? to_request(a, flat, e) : -1;
        json_decref(flat);
    }
    json_decref(body);
    if (rc < 0)
        return -1;
    return input_server(a, out, e);
}
