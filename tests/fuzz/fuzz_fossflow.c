/* fuzz_fossflow.c — libFuzzer target over the FossFLOW import
 * (docs/fossflow.md): fossflow_sniff, then fossflow_import, whose reader
 * (fossflow_read.c) maps items, views, connectors and rectangles and
 * checks the whole document. The first byte picks merge or replace and
 * whether the import is also written; the rest is the document. Runs in
 * a rolled-back transaction on an in-memory store (fuzzstore.h). Checked:
 * the report agrees with the return value; a dry run predicts the real
 * import's counts.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fossflow.h"
#include "fuzzstore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok)
{
    if (!ok)
        abort();
}

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
        check(memchr(r->issues[i].path, '\0', XPORT_PATH_MAX) != NULL);
        check(r->issues[i].path[0] == '$');
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
    size_t len = size - 1;
    char *doc = malloc(len ? len : 1);
    check(doc != NULL);
    memcpy(doc, data + 1, len);

    int sniff = fossflow_sniff(doc, len);
    check(sniff == 0 || sniff == 1);
    struct err e = {0};
    /* A dry run writes nothing: a transaction only for the real one. */
    if (write)
        check(store_begin(st, 1, &e) == 0);
    int rc = fossflow_import(st, doc, len, mode, 1, &dry, &e);
    check_report(rc, &e, &dry);
    if (rc == 0 && write) {
        struct err e2 = {0};
        int rc2 = fossflow_import(st, doc, len, mode, 0, &real, &e2);
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
