/* types.c — the fixed vocabularies: server types with their colours, icons
 * and typical ports; connection types; server states.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "types.h"

/* One entry: name, colour, then its typical ports (nports counted). */
#define TYPE(n, c, ...)                                   \
    {                                                     \
        n, "type_" n, c, "type-" n ".svg", {__VA_ARGS__}, \
            sizeof((int[]){__VA_ARGS__}) / sizeof(int)    \
    }

const struct server_type SERVER_TYPES[] = {
    TYPE("web", "#4CAF50", 80, 443, 8080),
    TYPE("database", "#2196F3", 3306, 5432, 27017),
    TYPE("dns", "#FF9800", 53),
    TYPE("cache", "#9C27B0", 6379, 11211),
    TYPE("loadbalancer", "#F44336", 80, 443, 1936),
    TYPE("filesystem", "#795548", 22, 445),
    TYPE("monitoring", "#607D8B", 9090, 3000),
    TYPE("backup", "#FF5722", 22, 873),
    TYPE("security", "#E91E63", 22, 443, 8080),
};

const size_t SERVER_TYPE_COUNT = sizeof SERVER_TYPES / sizeof SERVER_TYPES[0];

/* types_find: the entry whose name is exactly name (case-sensitive), or
 * NULL (also for NULL). */
const struct server_type *
types_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < SERVER_TYPE_COUNT; i++)
        if (strcmp(SERVER_TYPES[i].name, name) == 0)
            return &SERVER_TYPES[i];
    return NULL;
}

const char *const CONN_TYPES[] = {"standard", "http", "database", "cache",
                                  "monitoring"};
const size_t CONN_TYPE_COUNT = sizeof CONN_TYPES / sizeof CONN_TYPES[0];

const char *const SERVER_STATES[] = {"unknown", "active", "warning",
                                     "inactive"};
const size_t SERVER_STATE_COUNT =
    sizeof SERVER_STATES / sizeof SERVER_STATES[0];

static int
member(const char *const *list, size_t n, const char *name)
{
    if (name == NULL)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

/* conn_type_valid: 1 when name is one of CONN_TYPES (exact case), else 0. */
int
conn_type_valid(const char *name)
{
    return member(CONN_TYPES, CONN_TYPE_COUNT, name);
}

/* server_state_valid: 1 when name is one of SERVER_STATES, else 0. */
int
server_state_valid(const char *name)
{
    return member(SERVER_STATES, SERVER_STATE_COUNT, name);
}
