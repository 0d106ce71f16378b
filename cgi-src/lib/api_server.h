/* api_server.h — the API's server object: a struct server as JSON, and a
 * JSON body turned into a struct server through the pages' own checks.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_API_SERVER_H
#define UC_API_SERVER_H

#include <jansson.h>

#include "app.h"
#include "store.h"

/* {"id","name","type","ip","region" (null when none),"ports" (the
 * effective ports: its own, else its type's),"ports_override","status",
 * "position" ({"x","y"} or null),"created","updated"}; a new reference,
 * NULL on OOM. */
json_t *api_server_json(const struct server *s);

/* How a body is applied. */
enum api_server_mode {
    API_SERVER_CREATE,  /* POST: id name type ip region ports status
                           position cluster */
    API_SERVER_REPLACE, /* PUT: all but id and cluster as for POST (id
                           may repeat old's); status and position, when
                           absent, are kept from old */
    API_SERVER_PATCH    /* PATCH: only the keys given change */
};

/* Reads a->body (api_body: unknown keys and wrong types refused), lays it
 * over old (NULL for API_SERVER_CREATE) as mode says, and validates the
 * whole with input_server, so every value gets the pages' checks and
 * messages. The values become a->req (the action log records them; also
 * "cluster" for a create). Returns 0 with *out filled, or -1 with e set
 * (a body id other than old's: ERR_INVALID "id" "api_err_id_mismatch"). */
int api_server_input(struct app *a, const struct server *old,
                     enum api_server_mode mode, struct server *out,
                     struct err *e);

#endif
