/* input.h — turning request parameters into validated values, the same for
 * every page (and later the API).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_INPUT_H
#define UC_INPUT_H

#include "app.h"
#include "store.h"

/* The fields of a server form, for a page's field table. */
#define INPUT_SERVER_FIELDS                                        \
    {"id", 0}, {"name", 0}, {"type", 0}, {"ip", 0}, {"region", 0}, \
        {"ports", 0}, {"status", 0}, {"x", 0},                     \
    {                                                              \
        "y", 0                                                     \
    }

/* Fills *s from id name type ip region ports status x y, every field
 * validated (name defaults to the id; status to "unknown"; x and y must
 * come together). Returns 0 or -1 with e naming the first bad field. */
int input_server(struct app *a, struct server *s, struct err *e);

/* A required identifier parameter (server id, cluster name). */
int input_ident(struct app *a, const char *key, const char **out,
                struct err *e);

/* Up to max server ids from the `servers` list and, if set, `id`, each
 * validated. *n gets the count; at least min are required
 * (err "err_select_servers"). */
int input_server_ids(struct app *a, const char **ids, size_t max, size_t min,
                     size_t *n, struct err *e);

#endif
