/* store_stats.c — totals and per-type, status and region counts, read
 * from the trigger-kept stats table.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "store_int.h"

static const char SQL_COUNT_BY[] =
    "SELECT key, n FROM main.stats WHERE dim = ?1 AND n > 0 ORDER BY key";
static const char SQL_COUNT_BY_SCOPED[] =
    "SELECT key, n FROM temp.scope_stats WHERE dim = ?1 AND n > 0"
    " ORDER BY key";

int
store_count_by(struct store *st, const char *dim, count_cb cb, void *ctx,
               struct err *e)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    if (strcmp(dim, "type") != 0 && strcmp(dim, "status") != 0 &&
        strcmp(dim, "region") != 0)
        return err_set(e, ERR_INTERNAL, "dim", "err_internal", dim, NULL);
    if ((s = store_prep(st, st->scoped ? SQL_COUNT_BY_SCOPED : SQL_COUNT_BY,
                        e)) == NULL)
        return -1;
    store_bind_text(s, 1, dim);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(s, 0);
        ret = cb(ctx, key ? key : "", sqlite3_column_int64(s, 1));
        if (ret != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "count by");
    store_done(s);
    return ret;
}

int
store_totals(struct store *st, struct store_totals *out, struct err *e)
{
    if (store_stat_get(st, "servers", "", &out->servers, e) < 0 ||
        store_stat_get(st, "connections", "", &out->connections, e) < 0 ||
        store_stat_get(st, "clusters", "", &out->clusters, e) < 0)
        return -1;
    return 0;
}
