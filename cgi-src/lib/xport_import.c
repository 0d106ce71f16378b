/* xport_import.c — importing a native document: read and check every
 * entry, check the references and count what would change, then (unless a
 * dry run) write it all in the caller's transaction. Nothing is written
 * until the whole document is known to be valid.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fossflow.h"
#include "log.h"
#include "xport_int.h"

static void
imp_free(struct xport_imp *im)
{
    xport_index_free(&im->ids);
    xport_index_free(&im->pairs);
    xport_index_free(&im->names);
    free(im->srv);
    free(im->conn);
    free(im->clu);
    free(im->members);
    xport_arena_free(&im->arena);
}

static int
out_of_memory(struct err *e)
{
    log_msg("import: out of memory");
    return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
}

int
xport_import(struct store *st, const char *json, size_t len,
             enum xport_mode mode, int dry_run, struct xport_report *report,
             xport_progress_fn progress, void *progress_ctx, struct err *e)
{
    static const struct xport_walk walk = {xport_check_top, xport_check_entry};
    struct xport_imp im;
    int rc = -1;

    if (fossflow_sniff(json, len)) /* a FossFLOW diagram, fossflow.h */
        return fossflow_import(st, json, len, mode, dry_run, report, e);
    if (xport_import_start(st, mode, dry_run, report, e) < 0)
        return -1;
    memset(&im, 0, sizeof im);
    im.st = st;
    im.mode = mode;
    im.r = report;
    im.now = (long long)time(NULL);
    im.progress = progress;
    im.progress_ctx = progress_ctx;
    im.doc_len = (long long)len;
    /* About 150 bytes per server and 100 per connection in practice: size
     * the indexes so that a large document seldom regrows them. */
    if (xport_index_init(&im.ids, len / 400) < 0 ||
        xport_index_init(&im.pairs, len / 200) < 0 ||
        xport_index_init(&im.names, 64) < 0) {
        rc = out_of_memory(e);
        goto out;
    }
    if (xport_doc_walk(&im, json, len, &walk) < 0 || im.oom) {
        rc = out_of_memory(e);
        goto out;
    }
    xport_check_required(&im);
    /* After a syntax error the records stop half-way: references to what
     * follows would all look missing. Otherwise check them even when
     * entries had problems, so that one pass reports everything. */
    if (im.broken) {
        rc = xport_err_invalid(report, e);
        goto out;
    }
    if (xport_resolve(&im, e) < 0)
        goto out;
    if (im.oom) {
        rc = out_of_memory(e);
        goto out;
    }
    if (report->issues_total > 0) {
        rc = xport_err_invalid(report, e);
        goto out;
    }
    /* The bulk path counts after writing: Module Config's max_servers. */
    if (!dry_run && (xport_write(&im, e) < 0 || store_check_room(st, 0, e) < 0))
        goto out;
    rc = 0;
out:
    imp_free(&im);
    return rc;
}
