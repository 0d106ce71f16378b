/* api_query.h — the query strings of the API's listings: limit, cursor,
 * and the servers' filters and order.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_API_QUERY_H
#define UC_API_QUERY_H

#include <stddef.h>
#include <jansson.h>

#include "app.h"
#include "store.h"

#define API_LIMIT_DEFAULT 100
#define API_LIMIT_MAX     1000 /* also store_server_list's most (store.h) */

/* limit: digits, 1..API_LIMIT_MAX; API_LIMIT_DEFAULT when absent. 0, or
 * -1 with e = ERR_INVALID "limit" "err_out_of_range". */
int api_limit(const struct app *a, size_t *out, struct err *e);

/* The cursor parameter opened as a tag's array of n elements
 * (api_cursor_open), or *out = NULL when there is none. 0 or -1. */
int api_cursor_param(const struct app *a, const char *tag, size_t n,
                     json_t **out, struct err *e);

/* Fills q from q type status region cluster sort (id name type ip region
 * status) order (asc desc) limit cursor, each validated as the dashboard
 * validates it. A cursor must come from the same sort and order. The
 * strings in q are borrowed from a->req and from *cursor, which the caller
 * releases (json_decref) after the listing. 0, or -1 with e set. */
int api_server_query(const struct app *a, struct server_query *q,
                     json_t **cursor, struct err *e);

/* The cursor after server s in the listing q (a new JSON string). */
json_t *api_server_cursor(const struct server_query *q, const struct server *s);

#endif
