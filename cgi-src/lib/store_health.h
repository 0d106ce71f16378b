/* store_health.h — the reads behind the API's monitoring routes: a
 * server's history key (GET /servers/{id}/series), the database file (to
 * find the history next to it), and one walk over every visible server
 * with its settings and current values (/metrics health, /targets).
 * Like store.h: inside a transaction the caller opened; scoped reads.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_HEALTH_H
#define UC_STORE_HEALTH_H

#include <stddef.h>

#include "store.h"
#include "store_probe.h"

/* The rid (history series key) of server id into *rid, and its canonical
 * id into canon (VALID_ID_MAX + 1 bytes). Unknown or hidden id ->
 * ERR_NOT_FOUND field "id" "err_server_not_found". 0, or -1. */
int store_server_rid(struct store *st, const char *id, long long *rid,
                     char *canon, struct err *e);

/* The main database's file name into out (size outlen). 0, or -1 when it
 * has none (in memory) or it does not fit. */
int store_db_file(struct store *st, char *out, size_t outlen);

/* One visible server for the monitoring routes. */
struct health_row {
    char id[VALID_ID_MAX + 1];
    char type[16];
    char ip[VALID_HOST_MAX + 1];
    char region[VALID_ID_MAX + 1];
    char status[16];
    char cluster[VALID_ID_MAX + 1]; /* first cluster by name, "" none */
    int node_port;                  /* -1 = the module config's default */
    int maintenance;
    long long checked; /* 0 = never probed */
    double latency_ms; /* NAN when unknown */
    double m[PM__MAX]; /* NAN when unknown */
};

/* Calls cb for every visible server in id order; a non-zero return from
 * cb stops the walk and is returned. Reads one row at a time (bounded
 * memory whatever the estate's size). 0, or -1 with *e set. */
typedef int (*health_row_cb)(void *ctx, const struct health_row *r);
int store_health_walk(struct store *st, health_row_cb cb, void *ctx,
                      struct err *e);

#endif
