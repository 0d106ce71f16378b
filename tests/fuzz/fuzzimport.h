/* fuzzimport.h — what the two import targets (fuzz_import, fuzz_fossflow)
 * share: one input as an import (the first byte picks merge or replace and
 * whether the import is also written; the rest is the document), the
 * report's promises (xport.h), and that a dry run predicts the written
 * import's counts. A written import runs in a rolled-back transaction on
 * the in-memory store of fuzzstore.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_FUZZIMPORT_H
#define UC_FUZZIMPORT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzstore.h"
#include "xport.h"

/* An importer under test, as xport_import without progress reports. */
typedef int (*fuzz_importer)(struct store *st, const char *doc, size_t len,
                             enum xport_mode mode, int dry_run,
                             struct xport_report *r, struct err *e);

static void
fuzz_check(int ok)
{
    if (!ok)
        abort();
}

/* What xport.h promises of a report after a return of rc. */
static void
fuzz_check_report(int rc, const struct err *e, const struct xport_report *r)
{
    if (rc == 0) {
        fuzz_check(r->issues_total == 0 && r->nissues == 0);
        return;
    }
    fuzz_check(rc == -1 && e->code != ERR_OK && e->key[0] != '\0');
    /* A document is refused as invalid, never as an internal error: the
     * in-memory store cannot fail. */
    fuzz_check(e->code != ERR_INTERNAL);
    if (strcmp(e->key, "xport_err_invalid") != 0)
        return;
    fuzz_check(r->issues_total > 0);
    fuzz_check(r->nissues == (r->issues_total < XPORT_ISSUES_MAX
                                  ? (size_t)r->issues_total
                                  : XPORT_ISSUES_MAX));
    for (size_t i = 0; i < r->nissues; i++) {
        const struct xport_issue *is = &r->issues[i];
        fuzz_check(memchr(is->path, '\0', sizeof is->path) != NULL);
        fuzz_check(is->path[0] == '$');
        fuzz_check(is->err.code != ERR_OK && is->err.key[0] != '\0');
    }
}

static int
fuzz_same_count(const struct xport_count *a, const struct xport_count *b)
{
    return a->added == b->added && a->updated == b->updated &&
           a->unchanged == b->unchanged && a->removed == b->removed;
}

/* Runs one input through imp; check(doc, len) first sees the document. */
static void
fuzz_import_input(const uint8_t *data, size_t size, fuzz_importer imp,
                  void (*check)(const char *doc, size_t len))
{
    static struct xport_report dry, real;
    if (size == 0)
        return;
    struct store *st = fuzz_store();
    enum xport_mode mode = data[0] & 1 ? XPORT_REPLACE : XPORT_MERGE;
    int write = (data[0] & 2) != 0;
    /* A copy of exactly the document's size: reads past it are caught. */
    size_t len = size - 1;
    char *doc = malloc(len ? len : 1);
    fuzz_check(doc != NULL);
    memcpy(doc, data + 1, len);
    if (check != NULL)
        check(doc, len);

    struct err e = {0};
    /* A dry run writes nothing: a transaction only for the real one. */
    if (write)
        fuzz_check(store_begin(st, 1, &e) == 0);
    int rc = imp(st, doc, len, mode, 1, &dry, &e);
    fuzz_check_report(rc, &e, &dry);
    if (rc == 0 && write) {
        struct err e2 = {0};
        int rc2 = imp(st, doc, len, mode, 0, &real, &e2);
        fuzz_check_report(rc2, &e2, &real);
        fuzz_check(rc2 == 0);
        fuzz_check(fuzz_same_count(&dry.servers, &real.servers));
        fuzz_check(fuzz_same_count(&dry.connections, &real.connections));
        fuzz_check(fuzz_same_count(&dry.clusters, &real.clusters));
    }
    if (write)
        store_rollback(st);
    free(doc);
}

#endif
