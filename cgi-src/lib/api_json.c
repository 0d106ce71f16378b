/* api_json.c — JSON replies, timestamps, and typed request bodies.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api_json.h"

/* doc as compact JSON into b (empty), straight into its memory: one
 * json_dumpb, a second only when the first guess of room was short. */
static int
dump_into(struct buf *b, const json_t *doc)
{
    const size_t flags = JSON_COMPACT | JSON_ESCAPE_SLASH;
    size_t room = b->max < 64 * 1024 ? b->max : 64 * 1024;
    for (int pass = 0; pass < 2; pass++) {
        if (buf_reserve(b, room) < 0)
            return -1;
        size_t n = json_dumpb(doc, b->p, room, flags);
        if (n == 0)
            return -1;
        if (n <= room) {
            b->len = n;
            b->p[n] = '\0';
            return 0;
        }
        room = n;
    }
    return -1;
}

int
api_reply(struct app *a, json_t *doc, struct err *e)
{
    int rc = -1;
    buf_reset(&a->out);
    if (doc != NULL && dump_into(&a->out, doc) == 0 &&
        buf_addc(&a->out, '\n') == 0)
        rc = 0;
    json_decref(doc);
    if (rc < 0)
        return err_set(e, ERR_INTERNAL, "", "err_internal", "json reply", NULL);
    return 0;
}

void
api_created(struct app *a, const char *type, const char *collection,
            const char *name)
{
    char location[256];
    app_log_action(a, "create", type, name);
    snprintf(location, sizeof location, "%s/%s/%s",
             a->env.script_name ? a->env.script_name : "", collection, name);
    app_header(a, "Location", location);
    a->status = 201;
}

/* Writes n digits of v into p. */
static void
digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
}

json_t *
api_time(long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    /* By hand: strftime was a tenth of a 1,000-server page's cost. */
    char text[] = "YYYY-MM-DDTHH:MM:SSZ";
    if (gmtime_r(&tt, &tm) == NULL || tm.tm_year < -1900 ||
        tm.tm_year > 9999 - 1900)
        return json_null();
    digits(text, tm.tm_year + 1900, 4);
    digits(text + 5, tm.tm_mon + 1, 2);
    digits(text + 8, tm.tm_mday, 2);
    digits(text + 11, tm.tm_hour, 2);
    digits(text + 14, tm.tm_min, 2);
    digits(text + 17, tm.tm_sec, 2);
    return json_stringn_nocheck(text, sizeof text - 1);
}

static const char *const WANT_KEY[] = {
    [API_STRING] = "api_err_want_string",
    [API_STRING_NULL] = "api_err_want_string_null",
    [API_STRINGS] = "api_err_want_strings",
    [API_INTS_NULL] = "api_err_want_ints_null",
    [API_BOOL] = "api_err_want_bool",
    [API_POSITION_NULL] = "api_err_want_position_null",
};

/* 1 when every element of list has type t (and the list is not too long). */
static int
list_of(json_t *v, json_type t, struct err *e, const char *name)
{
    size_t i;
    json_t *el;
    if (json_array_size(v) > API_LIST_MAX) {
        char m[24];
        snprintf(m, sizeof m, "%d", API_LIST_MAX);
        err_set(e, ERR_INVALID, name, "api_err_too_many", m, NULL);
        return -1;
    }
    json_array_foreach(v, i, el)
    {
        if (json_typeof(el) != t)
            return 0;
    }
    return 1;
}

static int
position(json_t *v)
{
    if (json_object_size(v) != 2)
        return 0;
    return json_is_number(json_object_get(v, "x")) &&
           json_is_number(json_object_get(v, "y"));
}

/* 1 when v has the kind, 0 when not, -1 with e set (a list too long). */
static int
has_kind(json_t *v, enum api_kind kind, struct err *e, const char *name)
{
    switch (kind) {
    case API_STRING:
        return json_is_string(v);
    case API_STRING_NULL:
        return json_is_string(v) || json_is_null(v);
    case API_STRINGS:
        return json_is_array(v) ? list_of(v, JSON_STRING, e, name) : 0;
    case API_INTS_NULL:
        if (json_is_null(v))
            return 1;
        return json_is_array(v) ? list_of(v, JSON_INTEGER, e, name) : 0;
    case API_BOOL:
        return json_is_boolean(v);
    case API_POSITION_NULL:
        return json_is_null(v) || (json_is_object(v) && position(v));
    }
    return 0;
}

/* A client's key as it may be echoed in an error: printable ASCII that
 * fits struct err's field, else "?" (a cut could split a UTF-8 character,
 * and the error must stay valid JSON). */
static const char *
echo_key(const char *key)
{
    size_t n = strlen(key);
    if (n == 0 || n >= sizeof(((struct err *)0)->field))
        return "?";
    for (size_t i = 0; i < n; i++)
        if (key[i] <= ' ' || key[i] > '~')
            return "?";
    return key;
}

static int
check_member(const char *key, json_t *v, const struct api_key *keys, size_t n,
             struct err *e)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(keys[i].name, key) != 0)
            continue;
        int ok = has_kind(v, keys[i].kind, e, key);
        if (ok == 0)
            return err_set(e, ERR_INVALID, key, WANT_KEY[keys[i].kind], key,
                           NULL);
        return ok < 0 ? -1 : 0;
    }
    key = echo_key(key);
    return err_set(e, ERR_INVALID, key, "api_err_unknown_key", key, NULL);
}

json_t *
api_body(const struct app *a, const struct api_key *keys, size_t n,
         struct err *e)
{
    json_error_t jerr;
    if (a->body == NULL || a->body_len == 0) {
        err_set(e, ERR_INVALID, "", "api_err_body_required", NULL, NULL);
        return NULL;
    }
    json_t *doc =
        json_loadb(a->body, a->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        char line[24];
        snprintf(line, sizeof line, "%d", jerr.line > 0 ? jerr.line : 1);
        err_set(e, ERR_INVALID, "", "err_bad_json", line, NULL);
        return NULL;
    }
    if (!json_is_object(doc)) {
        err_set(e, ERR_INVALID, "", "api_err_not_object", NULL, NULL);
        json_decref(doc);
        return NULL;
    }
    const char *key;
    json_t *v;
    json_object_foreach(doc, key, v)
    {
        if (check_member(key, v, keys, n, e) < 0) {
            json_decref(doc);
            return NULL;
        }
    }
    return doc;
}
