/* store_events_journal.c — the triggers that write the change journal
 * (events, store_events.h) and keep the counters (stats: totals, per type,
 * status and region), kept as TEMP triggers of each connection that
 * writes instead of in the database's schema: SQLite parses the whole
 * schema on every open, and these 26 triggers were about 2 M of the 6.8 M
 * instructions of a dashboard that never writes. A writer arms them before
 * its first write transaction (store_begin); the bulk import disarms them,
 * counts once (store_bulk.c) and writes one 'reset' event instead. What
 * their bodies read is named main.* (a scoped connection's TEMP views must
 * not be what they read); what they write cannot be qualified in a
 * trigger, and only main has events, events_mark and stats (the scoped
 * counters' view is scope_stats, store_scope.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#include "store_int.h"

#define EVJ_QUIET                                                     \
    " NOT EXISTS (SELECT 1 FROM main.events_mark WHERE key = 'flood'" \
    " AND n > 2000 AND at = unixepoch())"
#define EVJ_VIS(who)                                            \
    "' ' || coalesce((SELECT lower(group_concat(cluster, ' '))" \
    " FROM main.cluster_members WHERE server = " who "), '') || ' '"

static const char SQL_ARM[] =
    /* The counters (schema version 1 had them in main). */
    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " counts_servers_ai AFTER INSERT ON main.servers BEGIN"
    " INSERT INTO stats VALUES ('servers', '', 1), ('type', new.type, 1),"
    "  ('status', new.status, 1), ('region', new.region, 1)"
    "  ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;"
    " END;\n"
    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " counts_servers_ad AFTER DELETE ON main.servers BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'servers' AND key = '';"
    " UPDATE stats SET n = n - 1 WHERE dim = 'type' AND key = old.type;"
    " UPDATE stats SET n = n - 1 WHERE dim = 'status' AND key = old.status;"
    " UPDATE stats SET n = n - 1 WHERE dim = 'region' AND key = old.region;"
    " END;\n"
    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " counts_servers_au_type AFTER UPDATE OF type ON main.servers"
    " WHEN old.type IS NOT new.type BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'type' AND key = old.type;"
    " INSERT INTO stats VALUES ('type', new.type, 1)"
    "  ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;"
    " END;\n"
    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " counts_servers_au_status AFTER UPDATE OF status ON main.servers"
    " WHEN old.status IS NOT new.status BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'status' AND key = old.status;"
    " INSERT INTO stats VALUES ('status', new.status, 1)"
    "  ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;"
    " END;\n"
    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " counts_servers_au_region AFTER UPDATE OF region ON main.servers"
    " WHEN old.region IS NOT new.region BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'region' AND key = old.region;"
    " INSERT INTO stats VALUES ('region', new.region, 1)"
    "  ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;"
    " END;\n"
    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " counts_connections_ai AFTER INSERT ON main.connections BEGIN"
    " UPDATE stats SET n = n + 1 WHERE dim = 'connections' AND key = '';"
    " END;\n"
    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " counts_connections_ad AFTER DELETE ON main.connections BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'connections' AND key = '';"
    " END;\n"
    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " counts_clusters_ai AFTER INSERT ON main.clusters BEGIN"
    " UPDATE stats SET n = n + 1 WHERE dim = 'clusters' AND key = '';"
    " END;\n"
    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " counts_clusters_ad AFTER DELETE ON main.clusters BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'clusters' AND key = '';"
    " END;\n"

    /* The change journal. */
    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " events_flood BEFORE INSERT ON main.events BEGIN"
    " INSERT INTO events_mark(key, at, n) VALUES ('flood', new.at, 1)"
    "  ON CONFLICT (key) DO UPDATE SET"
    "  n = CASE WHEN at = excluded.at THEN n + 1 ELSE 1 END,"
    "  at = excluded.at;"
    " INSERT INTO events(at, kind) SELECT new.at, 'reset'"
    "  WHERE (SELECT n FROM main.events_mark WHERE key = 'flood') = 2001;"
    " SELECT RAISE(IGNORE)"
    "  WHERE (SELECT n FROM main.events_mark WHERE key = 'flood') > 2000;"
    " END;\n"
    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " events_prune AFTER INSERT ON main.events"
    " WHEN new.seq % 256 = 0 BEGIN"
    " DELETE FROM events WHERE seq <= new.seq - 100000;"
    " DELETE FROM events WHERE seq < (SELECT seq FROM main.events"
    "  WHERE at >= new.at - 600 ORDER BY seq LIMIT 1);"
    " END;\n"

    "CREATE TEMP TRIGGER IF NOT EXISTS"
    " events_servers_ai AFTER INSERT ON main.servers"
    " WHEN" EVJ_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, vis)"
    "  VALUES (unixepoch(), 'add', new.id, " EVJ_VIS(
        "new.id") ");"
                  " END;\n"
                  "CREATE TEMP TRIGGER IF NOT EXISTS"
                  " events_servers_au AFTER UPDATE OF name, type, ip, region"
                  " ON main.servers WHEN (old.name IS NOT new.name COLLATE "
                  "BINARY"
                  " OR old.type IS NOT new.type COLLATE BINARY"
                  " OR old.ip IS NOT new.ip COLLATE BINARY"
                  " OR old.region IS NOT new.region COLLATE BINARY) "
                  "AND" EVJ_QUIET " BEGIN"
                  " INSERT INTO events(at, kind, id, vis)"
                  "  VALUES (unixepoch(), 'add', new.id, " EVJ_VIS(
                      "new.id") ");"
                                " END;\n"
                                "CREATE TEMP TRIGGER IF NOT EXISTS"
                                " events_servers_status AFTER UPDATE OF status "
                                "ON main.servers"
                                " WHEN old.status IS NOT new.status "
                                "AND" EVJ_QUIET " BEGIN"
                                " INSERT INTO events(at, kind, id, text, vis)"
                                "  VALUES (unixepoch(), 'status', new.id, "
                                "new.status, " EVJ_VIS("new.id") ");"
                                                                 " END;\n"
                                                                 "CREATE TEMP "
                                                                 "TRIGGER IF "
                                                                 "NOT EXISTS"
                                                                 " events_"
                                                                 "servers_move "
                                                                 "AFTER UPDATE "
                                                                 "OF x, y ON "
                                                                 "main.servers"
                                                                 " WHEN (old.x "
                                                                 "IS NOT new.x "
                                                                 "OR old.y IS "
                                                                 "NOT new.y) "
                                                                 "AND" EVJ_QUIET
                                                                 " BEGIN"
                                                                 " INSERT INTO "
                                                                 "events(at, "
                                                                 "kind, id, x, "
                                                                 "y, vis)"
                                                                 "  VALUES "
                                                                 "(unixepoch(),"
                                                                 " 'move', "
                                                                 "new.id, "
                                                                 "new.x, "
                                                                 "new.y,"
                                                                 " " EVJ_VIS("n"
                                                                             "e"
                                                                             "w"
                                                                             "."
                                                                             "i"
                                                                             "d") ");"
                                                                                  " END;\n"
                                                                                  "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                  " events_servers_bd BEFORE DELETE ON main.servers"
                                                                                  " WHEN" EVJ_QUIET
                                                                                  " BEGIN"
                                                                                  " INSERT INTO events(at, kind, id, vis)"
                                                                                  "  VALUES (unixepoch(), 'remove', old.id, " EVJ_VIS("old.id") ");"
                                                                                                                                                " END;\n"

                                                                                                                                                "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                " events_connections_ai AFTER INSERT ON main.connections"
                                                                                                                                                " WHEN" EVJ_QUIET
                                                                                                                                                " BEGIN"
                                                                                                                                                " INSERT INTO events(at, kind, id, peer, text, vis, vis2)"
                                                                                                                                                "  VALUES (unixepoch(), 'connect', new.from_id, new.to_id, new.type, " EVJ_VIS("new.from_id") ", " EVJ_VIS("new.to_id") ");"
                                                                                                                                                                                                                                                                        " END;\n"
                                                                                                                                                                                                                                                                        "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                        " events_connections_au AFTER UPDATE OF type ON main.connections"
                                                                                                                                                                                                                                                                        " WHEN old.type IS NOT new.type AND" EVJ_QUIET " BEGIN"
                                                                                                                                                                                                                                                                        " INSERT INTO events(at, kind, id, peer, text, vis, vis2)"
                                                                                                                                                                                                                                                                        "  VALUES (unixepoch(), 'connect', new.from_id, new.to_id, new.type, " EVJ_VIS("new.from_id") ", " EVJ_VIS("new.to_id") ");"
                                                                                                                                                                                                                                                                                                                                                                                                " END;\n"
                                                                                                                                                                                                                                                                                                                                                                                                "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                                                                                                                                                " events_connections_ad AFTER DELETE ON main.connections"
                                                                                                                                                                                                                                                                                                                                                                                                " WHEN EXISTS (SELECT 1 FROM main.servers WHERE id = old.from_id)"
                                                                                                                                                                                                                                                                                                                                                                                                " AND EXISTS (SELECT 1 FROM main.servers WHERE id = old.to_id) AND" EVJ_QUIET
                                                                                                                                                                                                                                                                                                                                                                                                " BEGIN"
                                                                                                                                                                                                                                                                                                                                                                                                " INSERT INTO events(at, kind, id, peer, vis, vis2)"
                                                                                                                                                                                                                                                                                                                                                                                                "  VALUES (unixepoch(), 'disconnect', old.from_id, old.to_id, " EVJ_VIS(
                                                                                                                                                                                                                                                                                                                                                                                                    "old.from_id") ", " EVJ_VIS("old.to_id") ");"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " END;\n"

                                                                                                                                                                                                                                                                                                                                                                                                                                             "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " events_clusters_ai AFTER INSERT ON main.clusters"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " WHEN" EVJ_QUIET
                                                                                                                                                                                                                                                                                                                                                                                                                                             " BEGIN"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " INSERT INTO events(at, kind, id, text, vis) VALUES (unixepoch(),"
                                                                                                                                                                                                                                                                                                                                                                                                                                             "  'cluster', new.name, new.description, ' ' || lower(new.name) || ' ');"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " END;\n"
                                                                                                                                                                                                                                                                                                                                                                                                                                             "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " events_clusters_au AFTER UPDATE OF description"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " ON main.clusters WHEN old.description IS NOT new.description AND" EVJ_QUIET
                                                                                                                                                                                                                                                                                                                                                                                                                                             " BEGIN"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " INSERT INTO events(at, kind, id, text, vis) VALUES (unixepoch(),"
                                                                                                                                                                                                                                                                                                                                                                                                                                             "  'cluster_info', new.name, new.description,"
                                                                                                                                                                                                                                                                                                                                                                                                                                             "  ' ' || lower(new.name) || ' ');"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " END;\n"
                                                                                                                                                                                                                                                                                                                                                                                                                                             "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " events_clusters_bd BEFORE DELETE ON main.clusters"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " WHEN" EVJ_QUIET
                                                                                                                                                                                                                                                                                                                                                                                                                                             " BEGIN"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " INSERT INTO events(at, kind, id, vis) VALUES (unixepoch(),"
                                                                                                                                                                                                                                                                                                                                                                                                                                             "  'cluster_remove', old.name, ' ' || lower(old.name) || ' ');"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " END;\n"
                                                                                                                                                                                                                                                                                                                                                                                                                                             "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " events_members_ai AFTER INSERT ON main.cluster_members"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " WHEN" EVJ_QUIET
                                                                                                                                                                                                                                                                                                                                                                                                                                             " BEGIN"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " INSERT INTO events(at, kind, id, peer, vis) VALUES (unixepoch(),"
                                                                                                                                                                                                                                                                                                                                                                                                                                             "  'join', new.server, new.cluster, ' ' || lower(new.cluster) || ' ');"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " END;\n"
                                                                                                                                                                                                                                                                                                                                                                                                                                             "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " events_members_ad AFTER DELETE ON main.cluster_members"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " WHEN EXISTS (SELECT 1 FROM main.servers WHERE id = old.server)"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " AND EXISTS (SELECT 1 FROM main.clusters WHERE name = old.cluster) AND" EVJ_QUIET
                                                                                                                                                                                                                                                                                                                                                                                                                                             " BEGIN"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " INSERT INTO events(at, kind, id, peer, vis) VALUES (unixepoch(),"
                                                                                                                                                                                                                                                                                                                                                                                                                                             "  'leave', old.server, old.cluster, ' ' || lower(old.cluster) || ' ');"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " END;\n"

                                                                                                                                                                                                                                                                                                                                                                                                                                             /* Alerts (schema version 5): one 'alerts' event per transition of
                                                                                                                                                                                                                                                                                                                                                                                                                                              * an alert row (opened, fired, resolved, its root cause changed,
                                                                                                                                                                                                                                                                                                                                                                                                                                              * acknowledged, cancelled), id = the server, text = what happened;
                                                                                                                                                                                                                                                                                                                                                                                                                                              * clients re-read the badges (diagram_data.cgi?part=alerts). Test
                                                                                                                                                                                                                                                                                                                                                                                                                                              * rows and a cascade from a deleted server stay silent. */
                                                                                                                                                                                                                                                                                                                                                                                                                                             "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " events_alerts_ai AFTER INSERT ON main.alerts"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " WHEN new.test = 0 AND" EVJ_QUIET
                                                                                                                                                                                                                                                                                                                                                                                                                                             " BEGIN"
                                                                                                                                                                                                                                                                                                                                                                                                                                             " INSERT INTO events(at, kind, id, text, vis)"
                                                                                                                                                                                                                                                                                                                                                                                                                                             "  VALUES (unixepoch(), 'alerts', new.server, new.state, " EVJ_VIS("new.server") ");"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              " END;\n"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              " events_alerts_au AFTER UPDATE OF state, cause, acked_at ON main.alerts"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              " WHEN new.test = 0 AND (old.state IS NOT new.state"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              " OR old.cause IS NOT new.cause OR old.acked_at IS NOT new.acked_at) AND" EVJ_QUIET
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              " BEGIN"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              " INSERT INTO events(at, kind, id, text, vis)"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              "  VALUES (unixepoch(), 'alerts', new.server,"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              "  CASE WHEN old.state IS NOT new.state THEN new.state"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              "  WHEN old.acked_at IS NOT new.acked_at THEN 'acknowledged'"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              "  ELSE new.state END, " EVJ_VIS("new.server") ");"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             " END;\n"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             " events_alerts_ad AFTER DELETE ON main.alerts"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             " WHEN old.test = 0 AND old.state <> 'resolved'"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             " AND EXISTS (SELECT 1 FROM main.servers WHERE id = old.server) AND" EVJ_QUIET
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             " BEGIN"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             " INSERT INTO events(at, kind, id, text, vis)"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             "  VALUES (unixepoch(), 'alerts', old.server, 'cancelled', " EVJ_VIS(
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 "old.server") ");"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " END;\n"

                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " events_metrics_ai AFTER INSERT ON main.probe_current"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " WHEN NOT EXISTS (SELECT 1 FROM main.events_mark"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               "  WHERE key = 'metrics' AND at > unixepoch() - 2) BEGIN"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " INSERT INTO events_mark(key, at, n) VALUES ('metrics', unixepoch(), 0)"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               "  ON CONFLICT (key) DO UPDATE SET at = excluded.at;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " INSERT INTO events(at, kind) VALUES (unixepoch(), 'metrics');"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " END;\n"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               "CREATE TEMP TRIGGER IF NOT EXISTS"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " events_metrics_au AFTER UPDATE ON main.probe_current"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " WHEN NOT EXISTS (SELECT 1 FROM main.events_mark"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               "  WHERE key = 'metrics' AND at > unixepoch() - 2) BEGIN"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " INSERT INTO events_mark(key, at, n) VALUES ('metrics', unixepoch(), 0)"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               "  ON CONFLICT (key) DO UPDATE SET at = excluded.at;"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " INSERT INTO events(at, kind) VALUES (unixepoch(), 'metrics');"
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                               " END;\n";

static const char SQL_DISARM[] =
    "DROP TRIGGER IF EXISTS temp.counts_servers_ai;"
    "DROP TRIGGER IF EXISTS temp.counts_servers_ad;"
    "DROP TRIGGER IF EXISTS temp.counts_servers_au_type;"
    "DROP TRIGGER IF EXISTS temp.counts_servers_au_status;"
    "DROP TRIGGER IF EXISTS temp.counts_servers_au_region;"
    "DROP TRIGGER IF EXISTS temp.counts_connections_ai;"
    "DROP TRIGGER IF EXISTS temp.counts_connections_ad;"
    "DROP TRIGGER IF EXISTS temp.counts_clusters_ai;"
    "DROP TRIGGER IF EXISTS temp.counts_clusters_ad;"
    "DROP TRIGGER IF EXISTS temp.events_flood;"
    "DROP TRIGGER IF EXISTS temp.events_prune;"
    "DROP TRIGGER IF EXISTS temp.events_servers_ai;"
    "DROP TRIGGER IF EXISTS temp.events_servers_au;"
    "DROP TRIGGER IF EXISTS temp.events_servers_status;"
    "DROP TRIGGER IF EXISTS temp.events_servers_move;"
    "DROP TRIGGER IF EXISTS temp.events_servers_bd;"
    "DROP TRIGGER IF EXISTS temp.events_connections_ai;"
    "DROP TRIGGER IF EXISTS temp.events_connections_au;"
    "DROP TRIGGER IF EXISTS temp.events_connections_ad;"
    "DROP TRIGGER IF EXISTS temp.events_clusters_ai;"
    "DROP TRIGGER IF EXISTS temp.events_clusters_au;"
    "DROP TRIGGER IF EXISTS temp.events_clusters_bd;"
    "DROP TRIGGER IF EXISTS temp.events_members_ai;"
    "DROP TRIGGER IF EXISTS temp.events_members_ad;"
    "DROP TRIGGER IF EXISTS temp.events_alerts_ai;"
    "DROP TRIGGER IF EXISTS temp.events_alerts_au;"
    "DROP TRIGGER IF EXISTS temp.events_alerts_ad;"
    "DROP TRIGGER IF EXISTS temp.events_metrics_ai;"
    "DROP TRIGGER IF EXISTS temp.events_metrics_au;";

int
store_events_arm(struct store *st, struct err *e)
{
    if (st->journal)
        return 0;
    if (sqlite3_exec(st->db, SQL_ARM, NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(st, e, "journal arm");
    st->journal = sqlite3_get_autocommit(st->db) ? 1 : 2;
    return 0;
}

int
store_events_disarm(struct store *st, struct err *e)
{
    if (sqlite3_exec(st->db, SQL_DISARM, NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(st, e, "journal disarm");
    st->journal = 0;
    return 0;
}
