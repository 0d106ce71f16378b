/* api_json.h — JSON in and out for the REST API (nph-api.cgi): the reply
 * body, timestamps, and request bodies checked against a table of keys and
 * JSON types before any value is looked at.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_API_JSON_H
#define UC_API_JSON_H

#include <stddef.h>
#include <jansson.h>

#include "app.h"

/* Renders doc into a->out as compact JSON (stealing the reference; NULL,
 * e.g. from a failed json_pack, is ERR_INTERNAL). Returns 0 or -1. */
int api_reply(struct app *a, json_t *doc, struct err *e);

/* A create succeeded: status 201, the action log line ("create", type,
 * name) and a Location header naming <script>/<collection>/<name> (name is
 * a validated identifier). */
void api_created(struct app *a, const char *type, const char *collection,
                 const char *name);

/* "2026-11-29T08:00:00Z" for unix seconds t (a new reference). */
json_t *api_time(long long t);

/* The JSON type a body key must have. */
enum api_kind {
    API_STRING,       /* "text" */
    API_STRING_NULL,  /* "text" or null */
    API_STRINGS,      /* ["text", ...] */
    API_INTS_NULL,    /* [1, 2, ...] or null */
    API_BOOL,         /* true / false */
    API_POSITION_NULL /* {"x": number, "y": number} or null */
};

struct api_key {
    const char *name;
    enum api_kind kind;
};

/* Most entries an API_STRINGS or API_INTS_NULL list may hold. */
#define API_LIST_MAX 100000

/* Parses a->body as one JSON object (duplicate keys refused) whose every
 * key is in keys with the right kind, and returns it (the caller owns the
 * reference), or NULL with e set, all ERR_INVALID: no body
 * ("api_err_body_required"), bad JSON ("err_bad_json", line), not an
 * object ("api_err_not_object"), a key not in keys (field = the key,
 * "api_err_unknown_key"), a value of another type (field = the key,
 * "api_err_want_<kind>"), a list longer than API_LIST_MAX
 * ("api_err_too_many"). */
json_t *api_body(const struct app *a, const struct api_key *keys, size_t n,
                 struct err *e);

#endif
