/* types.h — the fixed vocabularies: the nine server types (label key,
 * colour, typical ports, icon), connection types and server states.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_TYPES_H
#define UC_TYPES_H

#include <stddef.h>

#define TYPE_MAX_PORTS 4

struct server_type {
    const char *name;      /* "web", stored in the database */
    const char *label_key; /* lang key, "type_web" */
    const char *color;     /* "#4CAF50" */
    const char *icon;      /* file under images/, "type-web.svg" */
    int ports[TYPE_MAX_PORTS];
    size_t nports;
};

/* In product order: web database dns cache loadbalancer filesystem
 * monitoring backup security. */
extern const struct server_type SERVER_TYPES[];
extern const size_t SERVER_TYPE_COUNT;

/* The type named name, or NULL. */
const struct server_type *types_find(const char *name);

/* standard http database cache monitoring */
extern const char *const CONN_TYPES[];
extern const size_t CONN_TYPE_COUNT;
int conn_type_valid(const char *name); /* 1/0 */

/* unknown (never probed) active warning inactive */
extern const char *const SERVER_STATES[];
extern const size_t SERVER_STATE_COUNT;
int server_state_valid(const char *name); /* 1/0 */

#endif
