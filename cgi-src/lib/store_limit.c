/* store_limit.c — Module Config's "most servers allowed" (max_servers,
 * 0 = no limit), checked by the store itself so that the pages, the API,
 * imports and clusterctl all obey it. It counts the whole estate, also for
 * a user limited to some clusters (main.stats, not the scoped view).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include "store_int.h"

void
store_set_max_servers(struct store *st, long long max)
{
    st->max_servers = max > 0 ? max : 0;
}

static const char SQL_ESTATE_SIZE[] =
    "SELECT n FROM main.stats WHERE dim = 'servers' AND key = ''";

int
store_check_room(struct store *st, long long adding, struct err *e)
{
    if (st->max_servers <= 0)
        return 0;
    sqlite3_stmt *s = store_prep(st, SQL_ESTATE_SIZE, e);
    if (s == NULL)
        return -1;
    long long n = 0;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    store_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(st, e, "estate size");
    if (n + adding <= st->max_servers)
        return 0;
    char max[24];
    snprintf(max, sizeof max, "%lld", st->max_servers);
    return err_set(e, ERR_CONFLICT, "id", "err_max_servers", max, NULL);
}
