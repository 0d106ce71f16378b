/* api_query.c — limit, cursor, filters and order of the API's listings.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "api_cursor.h"
#include "api_query.h"
#include "valid.h"

#define CURSOR_TAG "servers"

static const char *const SORT_NAMES[SORT__MAX] = {
    [SORT_ID] = "id", [SORT_NAME] = "name",     [SORT_TYPE] = "type",
    [SORT_IP] = "ip", [SORT_REGION] = "region", [SORT_STATUS] = "status",
};

/* The parameter's value, NULL when absent or empty. */
static const char *
param(const struct app *a, const char *key)
{
    const char *v = app_param(a, key);
    return (v != NULL && v[0] != '\0') ? v : NULL;
}

int
api_limit(const struct app *a, size_t *out, struct err *e)
{
    const char *v = param(a, "limit");
    size_t n = 0;
    *out = API_LIMIT_DEFAULT;
    if (v == NULL)
        return 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9' || n > API_LIMIT_MAX)
            n = API_LIMIT_MAX + 1;
        else
            n = n * 10 + (size_t)(*p - '0');
    }
    if (n < 1 || n > API_LIMIT_MAX)
        return err_set(e, ERR_INVALID, "limit", "err_out_of_range", "1",
                       "1000");
    *out = n;
    return 0;
}

int
api_cursor_param(const struct app *a, const char *tag, size_t n, json_t **out,
                 struct err *e)
{
    const char *v = param(a, "cursor");
    *out = NULL;
    if (v == NULL)
        return 0;
    *out = api_cursor_open(v, tag, n, e);
    return *out ? 0 : -1;
}

static int
filters(const struct app *a, struct server_query *q, struct err *e)
{
    q->q = param(a, "q");
    q->type = param(a, "type");
    q->status = param(a, "status");
    q->region = param(a, "region");
    q->cluster = param(a, "cluster");
    if (q->q != NULL && strlen(q->q) > VALID_NAME_MAX)
        return err_set(e, ERR_INVALID, "q", "err_too_long", "128", NULL);
    if ((q->type && valid_server_type("type", q->type, e) < 0) ||
        (q->status && valid_state("status", q->status, e) < 0) ||
        (q->region && valid_region("region", q->region, e) < 0) ||
        (q->cluster && valid_ident("cluster", q->cluster, e) < 0))
        return -1;
    return 0;
}

static int
order(const struct app *a, struct server_query *q, struct err *e)
{
    const char *sort = param(a, "sort"), *ord = param(a, "order");
    q->sort = SORT__MAX;
    for (int s = 0; s < SORT__MAX; s++)
        if (strcmp(sort ? sort : "id", SORT_NAMES[s]) == 0)
            q->sort = (enum server_sort)s;
    if (q->sort == SORT__MAX)
        return err_set(e, ERR_INVALID, "sort", "err_bad_sort", sort, NULL);
    if (ord != NULL && strcmp(ord, "asc") != 0 && strcmp(ord, "desc") != 0)
        return err_set(e, ERR_INVALID, "order", "api_err_bad_order", ord, NULL);
    q->desc = ord != NULL && strcmp(ord, "desc") == 0;
    return 0;
}

/* ["servers", sort, order, key, id], from a listing in the same order. */
static int
resume(struct server_query *q, json_t *cur, struct err *e)
{
    const char *sort = json_string_value(json_array_get(cur, 1));
    const char *ord = json_string_value(json_array_get(cur, 2));
    const char *key = json_string_value(json_array_get(cur, 3));
    const char *id = json_string_value(json_array_get(cur, 4));
    struct err ignored;
    if (sort == NULL || ord == NULL || key == NULL || id == NULL ||
        strcmp(sort, SORT_NAMES[q->sort]) != 0 ||
        strcmp(ord, q->desc ? "desc" : "asc") != 0 ||
        strlen(key) > VALID_HOST_MAX || valid_ident("id", id, &ignored) < 0)
        return err_set(e, ERR_INVALID, "cursor", "api_err_bad_cursor", NULL,
                       NULL);
    q->after_key = key;
    q->after_id = id;
    return 0;
}

int
api_server_query(const struct app *a, struct server_query *q, json_t **cursor,
                 struct err *e)
{
    memset(q, 0, sizeof *q);
    *cursor = NULL;
    if (filters(a, q, e) < 0 || order(a, q, e) < 0 ||
        api_limit(a, &q->limit, e) < 0 ||
        api_cursor_param(a, CURSOR_TAG, 5, cursor, e) < 0)
        return -1;
    if (*cursor != NULL && resume(q, *cursor, e) < 0) {
        json_decref(*cursor);
        *cursor = NULL;
        return -1;
    }
    return 0;
}

json_t *
api_server_cursor(const struct server_query *q, const struct server *s)
{
    char key[VALID_HOST_MAX + 1];
    store_server_sort_key(s, q->sort, key, sizeof key);
    return api_cursor_make(json_pack("[s, s, s, s, s]", CURSOR_TAG,
                                     SORT_NAMES[q->sort],
                                     q->desc ? "desc" : "asc", key, s->id));
}
