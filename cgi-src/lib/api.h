/* api.h — the REST API (nph-api.cgi): routes on PATH_INFO and the method,
 * JSON in and out; docs/api.md and docs/openapi.yaml describe it.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_API_H
#define UC_API_H

#include <stddef.h>
#include "app.h"

/* Every query key some route accepts, for the page's field table (each
 * route then refuses the keys it does not take). */
#define API_QUERY_FIELDS                                                   \
    {"limit", 0}, {"cursor", 0}, {"q", 0}, {"type", 0}, {"status", 0},     \
        {"region", 0}, {"cluster", 0}, {"sort", 0}, {"order", 0},          \
        {"server", 0}, {"from", 0}, {"to", 0}, {"format", 0}, {"mode", 0}, \
        {"metric", 0}, {"step", 0}, {"state", 0}, {"severity", 0},         \
        {"rule", 0},                                                       \
    {                                                                      \
        "dry_run", 0                                                       \
    }

/* The body limit of the route at path_info (NULL = "/"), so that app_run
 * refuses a larger body with 413 before reading it. */
size_t api_body_max(const char *path_info);

/* The app_handler of nph-api.cgi: finds the route (404), the method (405
 * with Allow), checks the route's query keys (400) and ACL (403), then
 * runs it. */
int api_dispatch(struct app *a, struct err *e);

#endif
