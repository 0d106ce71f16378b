/* fuzzstore.h — one in-memory store per fuzz process, made once and kept
 * small: every input runs in its own write transaction, rolled back after,
 * so inputs cannot influence each other and no file is touched.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_FUZZSTORE_H
#define UC_FUZZSTORE_H

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "xport.h"

/* The estate every input starts from (merge imports and the API's
 * handlers refer to it): two servers, a connection and a cluster. */
static const char FUZZ_ESTATE[] =
    "{\"format\":\"unlimited-cluster\",\"version\":1,\"servers\":["
    "{\"id\":\"db-1\",\"type\":\"database\",\"ip\":\"10.0.0.2\","
    "\"region\":\"eu-west-1\",\"ports\":[5432],\"position\":{\"x\":3,"
    "\"y\":4}},"
    "{\"id\":\"web-1\",\"type\":\"web\",\"ip\":\"web1.example.com\"}],"
    "\"connections\":[{\"from\":\"web-1\",\"to\":\"db-1\","
    "\"type\":\"database\"}],"
    "\"clusters\":[{\"name\":\"prod\",\"description\":\"Production\","
    "\"servers\":[\"db-1\"]}]}";

/* The process's store, seeded with FUZZ_ESTATE on first use; aborts when
 * that fails (the target cannot run). */
static struct store *
fuzz_store(void)
{
    static struct store *st;
    static struct xport_report report;
    struct err e = {0};
    if (st != NULL)
        return st;
    if (store_open(":memory:", &st, &e) < 0 || store_begin(st, 1, &e) < 0 ||
        xport_import(st, FUZZ_ESTATE, strlen(FUZZ_ESTATE), XPORT_MERGE, 0,
                     &report, NULL, NULL, &e) < 0 ||
        store_commit(st, &e) < 0)
        abort();
    return st;
}

#endif
