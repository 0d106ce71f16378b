/* store_scope.c — a user limited to some clusters (module ACL `clusters`)
 * sees only their members, everywhere. store_set_scope shadows the tables
 * (the alert tables too: their servers' alerts only) with TEMP views of
 * the same names (SQLite resolves an unqualified name in temp first), so
 * every read in the store — lists, searches, counts, clusters, connections,
 * alerts — is limited without a second code path. Writes name main.*
 * explicitly and first read the row through the view, so a hidden server,
 * cluster or connection is "not found" for changes too. The views live in
 * this connection only and vanish when it closes.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "store_int.h"

static const char SQL_SCOPE[] =
    "PRAGMA temp_store = MEMORY;"
    "CREATE TEMP TABLE scope(name TEXT PRIMARY KEY COLLATE NOCASE)"
    " WITHOUT ROWID;"
    "CREATE TEMP VIEW clusters AS SELECT * FROM main.clusters"
    " WHERE name IN (SELECT name FROM temp.scope);"
    "CREATE TEMP VIEW cluster_members AS SELECT * FROM main.cluster_members"
    " WHERE cluster IN (SELECT name FROM temp.scope);"
    "CREATE TEMP VIEW servers AS SELECT * FROM main.servers"
    " WHERE id IN (SELECT server FROM temp.cluster_members);"
    "CREATE TEMP VIEW connections AS SELECT * FROM main.connections"
    " WHERE from_id IN (SELECT id FROM temp.servers)"
    " AND to_id IN (SELECT id FROM temp.servers);"
    /* The counters, counted: a limited user's share is small. Not named
     * stats: the counters' TEMP triggers (store_events_journal.c) write
     * stats unqualified, which must stay main's table. */
    "CREATE TEMP VIEW scope_stats(dim, key, n) AS"
    " SELECT 'servers', '', count(*) FROM temp.servers"
    " UNION ALL SELECT 'connections', '', count(*) FROM temp.connections"
    " UNION ALL SELECT 'clusters', '', count(*) FROM temp.clusters"
    " UNION ALL SELECT 'type', type, count(*) FROM temp.servers GROUP BY 2"
    " UNION ALL SELECT 'status', status, count(*) FROM temp.servers"
    "  GROUP BY 2"
    " UNION ALL SELECT 'region', region, count(*) FROM temp.servers"
    "  GROUP BY 2;"
    /* Alerts (schema 5) of visible servers only; a silence without a
     * server reaches everyone's servers, so it is hidden too. */
    "CREATE TEMP VIEW alerts AS SELECT * FROM main.alerts"
    " WHERE server IN (SELECT id FROM temp.servers);"
    "CREATE TEMP VIEW alert_log AS SELECT * FROM main.alert_log"
    " WHERE server IN (SELECT id FROM temp.servers);"
    "CREATE TEMP VIEW silences AS SELECT * FROM main.silences"
    " WHERE server IN (SELECT id FROM temp.servers);";

static const char SQL_SCOPE_ADD[] =
    "INSERT OR IGNORE INTO temp.scope(name) VALUES (?1)";

int
store_set_scope(struct store *st, const char *const *clusters, size_t n,
                struct err *e)
{
    if (st->scoped)
        return 0;
    if (sqlite3_exec(st->db, SQL_SCOPE, NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(st, e, "scope");
    st->scoped = 1;
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *s = store_prep(st, SQL_SCOPE_ADD, e);
        if (s == NULL)
            return -1;
        store_bind_text(s, 1, clusters[i]);
        if (store_run(st, s, e, "scope add") < 0)
            return -1;
    }
    return 0;
}

int
store_scoped(const struct store *st)
{
    return st->scoped;
}
