/* req_json.c — application/json request bodies: one object whose values
 * are scalars, or arrays of scalars for FIELD_LIST fields, turned into
 * pairs in document order. Depth is bounded by jansson's parser limit.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "req_priv.h"

/* Shortest "%.*g" text that reads back as d (jansson refuses NaN/inf). */
static void
real_text(double d, char *buf, size_t size)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            return;
    }
}

static int
shape_error(struct req_ctx *c, const char *name)
{
    return err_set(c->e, ERR_INVALID, name, "err_json_shape", name, NULL);
}

/* Stores one scalar v as a value of field idx. */
static int
add_scalar(struct req_ctx *c, size_t idx, json_t *v)
{
    char num[48];

    switch (json_typeof(v)) {
    case JSON_STRING:
        return req_ctx_add(c, idx, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
        return req_ctx_add(c, idx, num, strlen(num));
    case JSON_REAL:
        real_text(json_real_value(v), num, sizeof num);
        return req_ctx_add(c, idx, num, strlen(num));
    case JSON_TRUE:
        return req_ctx_add(c, idx, "true", 4);
    case JSON_FALSE:
        return req_ctx_add(c, idx, "false", 5);
    case JSON_NULL:
        return req_ctx_add(c, idx, "", 0);
    case JSON_OBJECT:
    case JSON_ARRAY:
        break;
    }
    return shape_error(c, c->fields[idx].name);
}

/* One member "key": v of the top-level object. Every array element counts
 * as a pair, dropped keys included. */
static int
member(struct req_ctx *c, const char *key, json_t *v)
{
    size_t idx;
    size_t count = json_is_array(v) ? json_array_size(v) : 1;

    if (req_ctx_count(c, count) < 0)
        return -1;
    if (req_ctx_key(c, key, strlen(key), &idx) < 0)
        return -1;
    if (idx == REQ_KEY_DROP)
        return 0;
    const struct field *f = &c->fields[idx];
    if (json_is_object(v))
        return shape_error(c, f->name);
    if (!json_is_array(v)) {
        if (req_ctx_repeat(c, idx) < 0)
            return -1;
        return add_scalar(c, idx, v);
    }
    if (!(f->flags & FIELD_LIST))
        return err_set(c->e, ERR_INVALID, f->name, "err_repeated_param",
                       f->name, NULL);
    for (size_t i = 0; i < count; i++) {
        if (add_scalar(c, idx, json_array_get(v, i)) < 0)
            return -1;
    }
    return 0;
}

/* req_parse_json: see req_priv.h. Keys: err_bad_json (line),
 * err_json_shape (key; "" when the top level is not an object), and those
 * of req_ctx_count, req_ctx_key, req_ctx_repeat and req_ctx_add. */
int
req_parse_json(struct req_ctx *c, const char *body, size_t len)
{
    json_error_t jerr;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        char line[24];
        snprintf(line, sizeof line, "%d", jerr.line > 0 ? jerr.line : 1);
        return err_set(c->e, ERR_INVALID, "", "err_bad_json", line, NULL);
    }
    int rc = 0;
    if (!json_is_object(root)) {
        rc = shape_error(c, "");
    } else {
        const char *key;
        json_t *v;
        json_object_foreach(root, key, v)
        {
            if ((rc = member(c, key, v)) < 0)
                break;
        }
    }
    json_decref(root);
    return rc;
}
