/* api_stats.c — GET /stats: totals and counts by type, status, region,
 * from the store's trigger-kept counters (O(1) in the number of servers).
 * SPDX-License-Identifier: BSD-3-Clause */
#include "api_handlers.h"
#include "api_json.h"
#include "api_stats.h"
#include "types.h"

static int
put_count(void *ctx, const char *key, long long n)
{
    return json_object_set_new(ctx, key, json_integer(n)) < 0;
}

/* Counts by dim into a new object. Each of the n names starts at 0: they
 * are read stride bytes apart, so a table of structs can give the `name`
 * member of each entry. */
static json_t *
counts(struct app *a, const char *dim, const char *const *names, size_t n,
       size_t stride, struct err *e)
{
    json_t *obj = json_object();
    int rc = obj == NULL;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *name =
            *(const char *const *)((const char *)names + i * stride);
        rc = put_count(obj, name, 0);
    }
    if (rc == 0)
        rc = store_count_by(a->st, dim, put_count, obj, e);
    if (rc != 0) {
        json_decref(obj);
        if (rc > 0)
            err_set(e, ERR_INTERNAL, "", "err_internal", "stats", NULL);
        return NULL;
    }
    return obj;
}

json_t *
api_stats_doc(struct app *a, struct err *e)
{
    struct store_totals t;
    if (store_totals(a->st, &t, e) < 0)
        return NULL;
    json_t *type = counts(a, "type", &SERVER_TYPES[0].name, SERVER_TYPE_COUNT,
                          sizeof SERVER_TYPES[0], e);
    json_t *status =
        type ? counts(a, "status", SERVER_STATES, SERVER_STATE_COUNT,
                      sizeof SERVER_STATES[0], e)
             : NULL;
    json_t *region = status ? counts(a, "region", NULL, 0, 0, e) : NULL;
    if (region == NULL) {
        json_decref(type);
        json_decref(status);
        return NULL;
    }
    json_t *doc =
        json_pack("{s:I, s:I, s:I, s:o, s:o, s:o}", "servers",
                  (json_int_t)t.servers, "connections",
                  (json_int_t)t.connections, "clusters", (json_int_t)t.clusters,
                  "by_type", type, "by_status", status, "by_region", region);
    if (doc == NULL)
        err_set(e, ERR_INTERNAL, "", "err_internal", "stats", NULL);
    return doc;
}

int
api_stats_get(struct app *a, const char *param, struct err *e)
{
    (void)param;
    json_t *doc = api_stats_doc(a, e);
    return doc ? api_reply(a, doc, e) : -1;
}
