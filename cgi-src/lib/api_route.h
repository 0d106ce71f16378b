/* api_route.h — the API's route table and what its handlers share.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_API_ROUTE_H
#define UC_API_ROUTE_H

#include <stddef.h>
#include <jansson.h>

#include "app.h"
#include "req.h"

/* A handler; param is the {id} or {name} of the path (NULL without). */
typedef int (*api_fn)(struct app *a, const char *param, struct err *e);

/* What a method needs beyond module access. */
enum api_need {
    API_READ,   /* any user of the module */
    API_EDIT,   /* acl edit=1 (app: can_edit) */
    API_EXPORT, /* acl export=1 */
    API_IMPORT, /* export=1 and edit=1 */
    API_ALERTS  /* acl alerts=1 (app: can_alerts): rules, ack, silences */
};

struct api_method {
    enum req_method method;
    api_fn fn;
    enum api_need need;
    const char *query; /* query keys it accepts, space-separated */
};

#define API_METHODS_MAX 4

struct api_route {
    const char *path; /* "/servers/{id}": a {param} only as last segment */
    size_t body_max;  /* bytes */
    struct api_method methods[API_METHODS_MAX];
};

extern const struct api_route API_ROUTES[];
extern const size_t API_ROUTE_COUNT;

/* "GET", "PUT", ... */
const char *api_method_name(enum req_method m);

#endif
