/* fuzz_import.c — libFuzzer target over xport_import, the native import
 * (docs/format.md): parsing, the whole-document check (xport_check.c),
 * reference resolution and, for some inputs, the writes. The first byte
 * picks merge or replace and whether the import is also written; the rest
 * is the document. A written import runs in a rolled-back transaction
 * on an in-memory store (fuzzstore.h). Checked: the report agrees with the
 * return value, and a dry run predicts the real import's counts.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzstore.h"
#include "xport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok)
{
    if (!ok)
        abort();
}

/* What xport.h promises of a report after a return of rc. */
static void
check_report(int rc, const struct err *e, const struct xport_report *r)
{
    if (rc == 0) {
        check(r->issues_total == 0 && r->nissues == 0);
        return;
    }
    check(rc == -1 && e->code != ERR_OK && e->key[0] != '\0');
    /* A document is refused as invalid, never as an internal error: the
     * in-memory store cannot fail. */
    check(e->code != ERR_INTERNAL);
    if (strcmp(e->key, "xport_err_invalid") != 0)
        return;
    check(r->issues_total > 0);
    check(r->nissues == (r->issues_total < XPORT_ISSUES_MAX
                             ? (size_t)r->issues_total
                             : XPORT_ISSUES_MAX));
    for (size_t i = 0; i < r->nissues; i++) {
        const struct xport_issue *is = &r->issues[i];
        check(memchr(is->path, '\0', sizeof is->path) != NULL);
        check(is->path[0] == '$');
        check(is->err.code != ERR_OK && is->err.key[0] != '\0');
    }
}

static int
same_count(const struct xport_count *a, const struct xport_count *b)
{
    return a->added == b->added && a->updated == b->updated &&
           a->unchanged == b->unchanged && a->removed == b->removed;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct xport_report dry, real;
    if (size == 0)
        return 0;
    struct store *st = fuzz_store();
    enum xport_mode mode = data[0] & 1 ? XPORT_REPLACE : XPORT_MERGE;
    int write = (data[0] & 2) != 0;
    /* A copy of exactly the document's size: reads past it are caught. */
    size_t len = size - 1;
    char *doc = malloc(len ? len : 1);
    check(doc != NULL);
    memcpy(doc, data + 1, len);

    struct err e = {0};
    /* A dry run writes nothing: a transaction only for the real one. */
    if (write)
        check(store_begin(st, 1, &e) == 0);
    int rc = xport_import(st, doc, len, mode, 1, &dry, NULL, NULL, &e);
    check_report(rc, &e, &dry);
    if (rc == 0 && write) {
        struct err e2 = {0};
        int rc2 = xport_import(st, doc, len, mode, 0, &real, NULL, NULL, &e2);
        check_report(rc2, &e2, &real);
        check(rc2 == 0);
        check(same_count(&dry.servers, &real.servers));
        check(same_count(&dry.connections, &real.connections));
        check(same_count(&dry.clusters, &real.clusters));
    }
    if (write)
        store_rollback(st);
    free(doc);
    return 0;
}
