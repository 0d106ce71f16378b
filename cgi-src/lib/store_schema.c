/* store_schema.c — the schema as ordered migrations, each taking PRAGMA
 * user_version from its index to index + 1 (store.c applies them).
 * SPDX-License-Identifier: BSD-3-Clause */
#include "store_int.h"

/* Version 1.
 * - Text columns that sort or compare compare with NOCASE, so one index
 *   per sort order, (column, id), serves both "ORDER BY column, id" and
 *   "column = ?"; ids and cluster names are unique ignoring ASCII case.
 * - servers.rid is an explicit INTEGER PRIMARY KEY so VACUUM keeps the
 *   rowids the external-content FTS index refers to.
 * - servers_fts (trigram, detail=none and columnsize=0: only a candidate
 *   filter, the exact substring test is done on the row, no ranking) is
 *   kept by store_server.c, not by
 *   triggers: SQLite 3.40 refuses FTS5 inside triggers when
 *   trusted_schema=OFF ("unsafe use of virtual table").
 * - stats holds counters kept by triggers so totals and per-type, status
 *   and region counts are one index lookup (TEMP triggers of each writing
 *   connection since version 7). */
static const char V1[] =
    "CREATE TABLE servers ("
    " rid INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    " name TEXT NOT NULL COLLATE NOCASE,"
    " type TEXT NOT NULL COLLATE NOCASE,"
    " ip TEXT NOT NULL COLLATE NOCASE,"
    " region TEXT NOT NULL DEFAULT '' COLLATE NOCASE,"
    " ports TEXT NOT NULL DEFAULT '',"
    " status TEXT NOT NULL DEFAULT 'unknown' COLLATE NOCASE,"
    " x REAL,"
    " y REAL,"
    " created INTEGER NOT NULL,"
    " updated INTEGER NOT NULL,"
    " CHECK ((x IS NULL) = (y IS NULL))"
    ") STRICT;\n"
    "CREATE INDEX servers_name ON servers(name, id);\n"
    "CREATE INDEX servers_type ON servers(type, id);\n"
    "CREATE INDEX servers_ip ON servers(ip, id);\n"
    "CREATE INDEX servers_region ON servers(region, id);\n"
    "CREATE INDEX servers_status ON servers(status, id);\n"
    "CREATE VIRTUAL TABLE servers_fts USING fts5(id, name, ip, region,"
    " content='servers', content_rowid='rid', tokenize='trigram',"
    " detail='none', columnsize=0);\n"

    "CREATE TABLE connections ("
    " id INTEGER PRIMARY KEY,"
    " from_id TEXT NOT NULL COLLATE NOCASE"
    "  REFERENCES servers(id) ON DELETE CASCADE,"
    " to_id TEXT NOT NULL COLLATE NOCASE"
    "  REFERENCES servers(id) ON DELETE CASCADE,"
    " type TEXT NOT NULL,"
    " created INTEGER NOT NULL,"
    " CHECK (from_id <> to_id)"
    ") STRICT;\n"
    /* A pair exists once whatever its direction. */
    "CREATE UNIQUE INDEX connections_pair"
    " ON connections(min(from_id, to_id), max(from_id, to_id));\n"
    "CREATE INDEX connections_from ON connections(from_id, to_id);\n"
    "CREATE INDEX connections_to ON connections(to_id, from_id);\n"

    "CREATE TABLE clusters ("
    " name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,"
    " description TEXT NOT NULL DEFAULT '',"
    " members INTEGER NOT NULL DEFAULT 0,"
    " created INTEGER NOT NULL,"
    " updated INTEGER NOT NULL"
    ") STRICT;\n"
    "CREATE TABLE cluster_members ("
    " cluster TEXT NOT NULL COLLATE NOCASE"
    "  REFERENCES clusters(name) ON DELETE CASCADE,"
    " server TEXT NOT NULL COLLATE NOCASE"
    "  REFERENCES servers(id) ON DELETE CASCADE,"
    " PRIMARY KEY (cluster, server)"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX cluster_members_server"
    " ON cluster_members(server, cluster);\n"

    "CREATE TABLE stats ("
    " dim TEXT NOT NULL,"
    " key TEXT NOT NULL,"
    " n INTEGER NOT NULL,"
    " PRIMARY KEY (dim, key)"
    ") STRICT, WITHOUT ROWID;\n"
    "INSERT INTO stats VALUES ('servers', '', 0), ('connections', '', 0),"
    " ('clusters', '', 0);\n"

    "CREATE TRIGGER servers_ai AFTER INSERT ON servers BEGIN"
    " INSERT INTO stats VALUES ('servers', '', 1), ('type', new.type, 1),"
    "  ('status', new.status, 1), ('region', new.region, 1)"
    "  ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;"
    " END;\n"
    "CREATE TRIGGER servers_ad AFTER DELETE ON servers BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'servers' AND key = '';"
    " UPDATE stats SET n = n - 1 WHERE dim = 'type' AND key = old.type;"
    " UPDATE stats SET n = n - 1 WHERE dim = 'status' AND key = old.status;"
    " UPDATE stats SET n = n - 1 WHERE dim = 'region' AND key = old.region;"
    " END;\n"
    "CREATE TRIGGER servers_au_type AFTER UPDATE OF type ON servers"
    " WHEN old.type IS NOT new.type BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'type' AND key = old.type;"
    " INSERT INTO stats VALUES ('type', new.type, 1)"
    "  ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;"
    " END;\n"
    "CREATE TRIGGER servers_au_status AFTER UPDATE OF status ON servers"
    " WHEN old.status IS NOT new.status BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'status' AND key = old.status;"
    " INSERT INTO stats VALUES ('status', new.status, 1)"
    "  ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;"
    " END;\n"
    "CREATE TRIGGER servers_au_region AFTER UPDATE OF region ON servers"
    " WHEN old.region IS NOT new.region BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'region' AND key = old.region;"
    " INSERT INTO stats VALUES ('region', new.region, 1)"
    "  ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;"
    " END;\n"
    "CREATE TRIGGER connections_ai AFTER INSERT ON connections BEGIN"
    " UPDATE stats SET n = n + 1 WHERE dim = 'connections' AND key = '';"
    " END;\n"
    "CREATE TRIGGER connections_ad AFTER DELETE ON connections BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'connections' AND key = '';"
    " END;\n"
    "CREATE TRIGGER clusters_ai AFTER INSERT ON clusters BEGIN"
    " UPDATE stats SET n = n + 1 WHERE dim = 'clusters' AND key = '';"
    " END;\n"
    "CREATE TRIGGER clusters_ad AFTER DELETE ON clusters BEGIN"
    " UPDATE stats SET n = n - 1 WHERE dim = 'clusters' AND key = '';"
    " END;\n"
    "CREATE TRIGGER cluster_members_ai AFTER INSERT ON cluster_members BEGIN"
    " UPDATE clusters SET members = members + 1 WHERE name = new.cluster;"
    " END;\n"
    "CREATE TRIGGER cluster_members_ad AFTER DELETE ON cluster_members BEGIN"
    " UPDATE clusters SET members = members - 1 WHERE name = old.cluster;"
    " END;\n"
    "PRAGMA user_version = 1;\n";

/* Version 2: what the monitoring daemon (cgi-src/daemon) needs; see
 * docs/monitoring.md and store_probe.h.
 * - probe_settings: a server's own probe settings, NULL = the module
 *   config's default; a row exists only when something is set.
 * - probe_current: the latest results per server (one row, replaced by
 *   each round), so pages read current values without the history.
 * - daemon_counters / daemon_state: the daemon's own counters (exposed
 *   by the API's /metrics) and facts (pid, heartbeat, ICMP mode).
 * Rows of a deleted server go with it (ON DELETE CASCADE); the daemon
 *   writes probe_current only for servers that still exist. */
static const char V2[] =
    "CREATE TABLE probe_settings ("
    " server TEXT NOT NULL PRIMARY KEY COLLATE NOCASE"
    "  REFERENCES servers(id) ON DELETE CASCADE,"
    " node_port INTEGER CHECK (node_port BETWEEN 0 AND 65535),"
    " http_port INTEGER CHECK (http_port BETWEEN 1 AND 65535),"
    " http_scheme TEXT CHECK (http_scheme IN ('http', 'https')),"
    " http_path TEXT CHECK (substr(http_path, 1, 1) = '/'"
    "  AND length(http_path) <= 255),"
    " http_status INTEGER CHECK (http_status BETWEEN 100 AND 599),"
    " maintenance INTEGER NOT NULL DEFAULT 0 CHECK (maintenance IN (0, 1)),"
    " updated INTEGER NOT NULL"
    ") STRICT, WITHOUT ROWID;\n"

    "CREATE TABLE probe_current ("
    " server TEXT NOT NULL PRIMARY KEY COLLATE NOCASE"
    "  REFERENCES servers(id) ON DELETE CASCADE,"
    " checked INTEGER NOT NULL,"
    " checks INTEGER NOT NULL DEFAULT 0,"
    " failed INTEGER NOT NULL DEFAULT 0,"
    " latency_ms REAL,"
    " tcp_ms REAL,"
    " http_ms REAL,"
    " icmp_ms REAL,"
    " http_code INTEGER,"
    " http_bytes INTEGER,"
    " fails INTEGER NOT NULL DEFAULT 0,"
    " oks INTEGER NOT NULL DEFAULT 0,"
    " status_since INTEGER,"
    " error TEXT NOT NULL DEFAULT '',"
    " metrics_at INTEGER,"
    " metrics_source TEXT NOT NULL DEFAULT '',"
    " metrics_error TEXT NOT NULL DEFAULT '',"
    " cpu REAL,"
    " mem REAL,"
    " disk REAL,"
    " net_in REAL,"
    " net_out REAL,"
    " tcp_conns INTEGER,"
    " uptime INTEGER,"
    " load1 REAL,"
    " load5 REAL,"
    " load15 REAL"
    ") STRICT, WITHOUT ROWID;\n"

    "CREATE TABLE daemon_counters ("
    " family TEXT NOT NULL,"
    " kind TEXT NOT NULL DEFAULT '',"
    " type TEXT NOT NULL CHECK (type IN ('counter', 'gauge')),"
    " help TEXT NOT NULL,"
    " value REAL NOT NULL,"
    " updated INTEGER NOT NULL,"
    " PRIMARY KEY (family, kind)"
    ") STRICT, WITHOUT ROWID;\n"

    "CREATE TABLE daemon_state ("
    " key TEXT NOT NULL PRIMARY KEY,"
    " value TEXT NOT NULL,"
    " updated INTEGER NOT NULL"
    ") STRICT, WITHOUT ROWID;\n"
    "PRAGMA user_version = 2;\n";

/* Version 3: the change journal read by events.cgi (store_events.h,
 * docs/events.md).
 * - events: one row per change, written by the triggers below, so every
 *   writer (pages, API, clusterctl, imports, the daemon) is covered. seq
 *   is AUTOINCREMENT: never reused, even when pruning empties the table,
 *   so a client's Last-Event-ID stays meaningful. The row names what
 *   changed (kind, id, peer, text, x, y); readers build the JSON (jansson)
 *   and read current server fields at read time. vis (and vis2, the other
 *   end of a connection) are the lower-cased cluster names of the server
 *   when the change happened, " a b " ("  " = none; NULL = everyone): a
 *   user limited to some clusters sees an event only when both name one
 *   of theirs (a deleted server still had its clusters at BEFORE DELETE).
 * - Changes caused by a cascade (connections and memberships of a deleted
 *   server or cluster) write nothing: the delete's own event says it.
 * - events_mark: tiny state. 'flood' counts events in the current second:
 *   past 2000 one 'reset' event is written and the rest of that second is
 *   dropped (a bulk import or wipe tells clients to reload instead of
 *   writing 100,000 rows); meanwhile the triggers' WHEN skips their work.
 *   'metrics': probe_current writes (the daemon's rounds) give at most one
 *   'metrics' event per 2 seconds; clients then fetch the values
 *   (diagram_data.cgi?msince=).
 * - Pruning is cheap and bounded: every 256th event deletes rows more
 *   than 100,000 behind it and rows older than 10 minutes (a walk from the
 *   oldest row, which stops at the first young one).
 * - No JSON functions: SQLite 3.40 refuses them in triggers when
 *   trusted_schema=OFF.
 * (clang-format cannot lay out string pieces joined with macros.) */
/* clang-format off */
/* Skips a trigger's whole body while the current second is flooded. */
#define EV_QUIET                                                      \
    " NOT EXISTS (SELECT 1 FROM events_mark WHERE key = 'flood'"      \
    " AND n > 2000 AND at = unixepoch())"
#define EV_VIS(who)                                                   \
    "' ' || coalesce((SELECT lower(group_concat(cluster, ' '))"       \
    " FROM cluster_members WHERE server = " who "), '') || ' '"
static const char V3[] =
    "CREATE TABLE events ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " at INTEGER NOT NULL,"
    " kind TEXT NOT NULL,"
    " id TEXT,"
    " peer TEXT,"
    " text TEXT,"
    " x REAL,"
    " y REAL,"
    " vis TEXT,"
    " vis2 TEXT"
    ") STRICT;\n"
    "CREATE TABLE events_mark ("
    " key TEXT NOT NULL PRIMARY KEY,"
    " at INTEGER NOT NULL,"
    " n INTEGER NOT NULL"
    ") STRICT, WITHOUT ROWID;\n"

    "CREATE TRIGGER events_flood BEFORE INSERT ON events BEGIN"
    " INSERT INTO events_mark(key, at, n) VALUES ('flood', new.at, 1)"
    "  ON CONFLICT (key) DO UPDATE SET"
    "  n = CASE WHEN at = excluded.at THEN n + 1 ELSE 1 END,"
    "  at = excluded.at;"
    " INSERT INTO events(at, kind) SELECT new.at, 'reset'"
    "  WHERE (SELECT n FROM events_mark WHERE key = 'flood') = 2001;"
    " SELECT RAISE(IGNORE)"
    "  WHERE (SELECT n FROM events_mark WHERE key = 'flood') > 2000;"
    " END;\n"
    "CREATE TRIGGER events_prune AFTER INSERT ON events"
    " WHEN new.seq % 256 = 0 BEGIN"
    " DELETE FROM events WHERE seq <= new.seq - 100000;"
    " DELETE FROM events WHERE seq < (SELECT seq FROM events"
    "  WHERE at >= new.at - 600 ORDER BY seq LIMIT 1);"
    " END;\n"

    "CREATE TRIGGER events_servers_ai AFTER INSERT ON servers"
    " WHEN" EV_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, vis)"
    "  VALUES (unixepoch(), 'add', new.id, " EV_VIS("new.id") ");"
    " END;\n"
    "CREATE TRIGGER events_servers_au AFTER UPDATE OF name, type, ip, region"
    " ON servers WHEN (old.name IS NOT new.name COLLATE BINARY"
    " OR old.type IS NOT new.type COLLATE BINARY"
    " OR old.ip IS NOT new.ip COLLATE BINARY"
    " OR old.region IS NOT new.region COLLATE BINARY) AND" EV_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, vis)"
    "  VALUES (unixepoch(), 'add', new.id, " EV_VIS("new.id") ");"
    " END;\n"
    "CREATE TRIGGER events_servers_status AFTER UPDATE OF status ON servers"
    " WHEN old.status IS NOT new.status AND" EV_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, text, vis)"
    "  VALUES (unixepoch(), 'status', new.id, new.status, "
    EV_VIS("new.id") ");"
    " END;\n"
    "CREATE TRIGGER events_servers_move AFTER UPDATE OF x, y ON servers"
    " WHEN (old.x IS NOT new.x OR old.y IS NOT new.y) AND" EV_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, x, y, vis)"
    "  VALUES (unixepoch(), 'move', new.id, new.x, new.y, "
    EV_VIS("new.id") ");"
    " END;\n"
    "CREATE TRIGGER events_servers_bd BEFORE DELETE ON servers"
    " WHEN" EV_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, vis)"
    "  VALUES (unixepoch(), 'remove', old.id, " EV_VIS("old.id") ");"
    " END;\n"

    "CREATE TRIGGER events_connections_ai AFTER INSERT ON connections"
    " WHEN" EV_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, peer, text, vis, vis2)"
    "  VALUES (unixepoch(), 'connect', new.from_id, new.to_id, new.type, "
    EV_VIS("new.from_id") ", " EV_VIS("new.to_id") ");"
    " END;\n"
    "CREATE TRIGGER events_connections_au AFTER UPDATE OF type ON connections"
    " WHEN old.type IS NOT new.type AND" EV_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, peer, text, vis, vis2)"
    "  VALUES (unixepoch(), 'connect', new.from_id, new.to_id, new.type, "
    EV_VIS("new.from_id") ", " EV_VIS("new.to_id") ");"
    " END;\n"
    "CREATE TRIGGER events_connections_ad AFTER DELETE ON connections"
    " WHEN EXISTS (SELECT 1 FROM servers WHERE id = old.from_id)"
    " AND EXISTS (SELECT 1 FROM servers WHERE id = old.to_id) AND" EV_QUIET
    " BEGIN"
    " INSERT INTO events(at, kind, id, peer, vis, vis2)"
    "  VALUES (unixepoch(), 'disconnect', old.from_id, old.to_id, "
    EV_VIS("old.from_id") ", " EV_VIS("old.to_id") ");"
    " END;\n"

    "CREATE TRIGGER events_clusters_ai AFTER INSERT ON clusters"
    " WHEN" EV_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, text, vis) VALUES (unixepoch(),"
    "  'cluster', new.name, new.description, ' ' || lower(new.name) || ' ');"
    " END;\n"
    "CREATE TRIGGER events_clusters_au AFTER UPDATE OF description"
    " ON clusters WHEN old.description IS NOT new.description AND" EV_QUIET
    " BEGIN"
    " INSERT INTO events(at, kind, id, text, vis) VALUES (unixepoch(),"
    "  'cluster_info', new.name, new.description,"
    "  ' ' || lower(new.name) || ' ');"
    " END;\n"
    "CREATE TRIGGER events_clusters_bd BEFORE DELETE ON clusters"
    " WHEN" EV_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, vis) VALUES (unixepoch(),"
    "  'cluster_remove', old.name, ' ' || lower(old.name) || ' ');"
    " END;\n"
    "CREATE TRIGGER events_members_ai AFTER INSERT ON cluster_members"
    " WHEN" EV_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, peer, vis) VALUES (unixepoch(),"
    "  'join', new.server, new.cluster, ' ' || lower(new.cluster) || ' ');"
    " END;\n"
    "CREATE TRIGGER events_members_ad AFTER DELETE ON cluster_members"
    " WHEN EXISTS (SELECT 1 FROM servers WHERE id = old.server)"
    " AND EXISTS (SELECT 1 FROM clusters WHERE name = old.cluster) AND"
    EV_QUIET " BEGIN"
    " INSERT INTO events(at, kind, id, peer, vis) VALUES (unixepoch(),"
    "  'leave', old.server, old.cluster, ' ' || lower(old.cluster) || ' ');"
    " END;\n"

    "CREATE TRIGGER events_metrics_ai AFTER INSERT ON probe_current"
    " WHEN NOT EXISTS (SELECT 1 FROM events_mark"
    "  WHERE key = 'metrics' AND at > unixepoch() - 2) BEGIN"
    " INSERT INTO events_mark(key, at, n) VALUES ('metrics', unixepoch(), 0)"
    "  ON CONFLICT (key) DO UPDATE SET at = excluded.at;"
    " INSERT INTO events(at, kind) VALUES (unixepoch(), 'metrics');"
    " END;\n"
    "CREATE TRIGGER events_metrics_au AFTER UPDATE ON probe_current"
    " WHEN NOT EXISTS (SELECT 1 FROM events_mark"
    "  WHERE key = 'metrics' AND at > unixepoch() - 2) BEGIN"
    " INSERT INTO events_mark(key, at, n) VALUES ('metrics', unixepoch(), 0)"
    "  ON CONFLICT (key) DO UPDATE SET at = excluded.at;"
    " INSERT INTO events(at, kind) VALUES (unixepoch(), 'metrics');"
    " END;\n"
    "PRAGMA user_version = 3;\n";
#undef EV_VIS
#undef EV_QUIET
/* clang-format on */

/* Version 4: the change journal's triggers leave the schema (every open
 * parsed them: 1.5 M instructions per page); each writing connection now
 * keeps them as TEMP triggers (store_events_journal.c). */
static const char V4[] = "DROP TRIGGER IF EXISTS events_flood;\n"
                         "DROP TRIGGER IF EXISTS events_prune;\n"
                         "DROP TRIGGER IF EXISTS events_servers_ai;\n"
                         "DROP TRIGGER IF EXISTS events_servers_au;\n"
                         "DROP TRIGGER IF EXISTS events_servers_status;\n"
                         "DROP TRIGGER IF EXISTS events_servers_move;\n"
                         "DROP TRIGGER IF EXISTS events_servers_bd;\n"
                         "DROP TRIGGER IF EXISTS events_connections_ai;\n"
                         "DROP TRIGGER IF EXISTS events_connections_au;\n"
                         "DROP TRIGGER IF EXISTS events_connections_ad;\n"
                         "DROP TRIGGER IF EXISTS events_clusters_ai;\n"
                         "DROP TRIGGER IF EXISTS events_clusters_au;\n"
                         "DROP TRIGGER IF EXISTS events_clusters_bd;\n"
                         "DROP TRIGGER IF EXISTS events_members_ai;\n"
                         "DROP TRIGGER IF EXISTS events_members_ad;\n"
                         "DROP TRIGGER IF EXISTS events_metrics_ai;\n"
                         "DROP TRIGGER IF EXISTS events_metrics_au;\n"
                         "PRAGMA user_version = 4;\n";

/* Version 5: alert rules and alerts (docs/alerts.md).
 * - rules: what to watch (metric, comparison, threshold), for how long
 *   (for_s), when to clear (clear_at: hysteresis; NULL = the threshold),
 *   how long to stay firing at least (hold_s: anti-flap), forecast rules
 *   (predict_s > 0: fire when predicted to cross within predict_s), the
 *   scope (all | type | region | cluster | server, with scope_value),
 *   severity and action (target: an address, URL or command; '' = the
 *   Module Config default). from_config = 1 takes threshold and for_s
 *   from Module Config (the shipped rules, until edited).
 * - alerts: one row per episode of a rule on a server; at most one open
 *   (pending or firing) per pair. cause names the root-cause server when
 *   the alert is suppressed by topology; notified is the last
 *   notification (damping).
 * - alert_log: every transition and action (who, what, when, value).
 * - silences: no notification for a rule and/or server until a time.
 * - probe_settings.standby: the server a failover moves connections to. */
static const char V5[] =
    "CREATE TABLE rules ("
    " rid INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE COLLATE NOCASE"
    "  CHECK (length(name) BETWEEN 1 AND 64),"
    " metric TEXT NOT NULL CHECK (metric IN ('cpu', 'memory', 'disk',"
    "  'latency', 'up', 'connections', 'net_in', 'net_out', 'load',"
    "  'uptime')),"
    " op TEXT NOT NULL CHECK (op IN ('>', '>=', '<', '<=')),"
    " threshold REAL NOT NULL,"
    " clear_at REAL,"
    " for_s INTEGER NOT NULL DEFAULT 0 CHECK (for_s BETWEEN 0 AND 86400),"
    " hold_s INTEGER NOT NULL DEFAULT 0 CHECK (hold_s BETWEEN 0 AND 86400),"
    " predict_s INTEGER NOT NULL DEFAULT 0"
    "  CHECK (predict_s BETWEEN 0 AND 604800),"
    " scope TEXT NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'type',"
    "  'region', 'cluster', 'server')),"
    " scope_value TEXT NOT NULL DEFAULT '' COLLATE NOCASE,"
    " severity TEXT NOT NULL DEFAULT 'warning'"
    "  CHECK (severity IN ('info', 'warning', 'critical')),"
    " action TEXT NOT NULL DEFAULT 'record' CHECK (action IN ('record',"
    "  'email', 'webhook', 'command', 'scale_up', 'scale_down',"
    "  'failover')),"
    " target TEXT NOT NULL DEFAULT '' CHECK (length(target) <= 1024),"
    " from_config INTEGER NOT NULL DEFAULT 0 CHECK (from_config IN (0, 1)),"
    " enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
    " created INTEGER NOT NULL,"
    " updated INTEGER NOT NULL"
    ") STRICT;\n"

    "CREATE TABLE alerts ("
    " aid INTEGER PRIMARY KEY,"
    " rule INTEGER NOT NULL REFERENCES rules(rid) ON DELETE CASCADE,"
    " server TEXT NOT NULL COLLATE NOCASE"
    "  REFERENCES servers(id) ON DELETE CASCADE,"
    " state TEXT NOT NULL"
    "  CHECK (state IN ('pending', 'firing', 'resolved')),"
    " value REAL,"
    " predicted INTEGER,"
    " started INTEGER NOT NULL,"
    " fired INTEGER,"
    " resolved INTEGER,"
    " cause TEXT COLLATE NOCASE,"
    " notified INTEGER,"
    " acked_by TEXT,"
    " acked_at INTEGER,"
    " test INTEGER NOT NULL DEFAULT 0 CHECK (test IN (0, 1))"
    ") STRICT;\n"
    "CREATE UNIQUE INDEX alerts_open ON alerts(rule, server)"
    " WHERE state <> 'resolved';\n"
    "CREATE INDEX alerts_state ON alerts(state, started);\n"
    "CREATE INDEX alerts_server ON alerts(server, started);\n"
    "CREATE INDEX alerts_started ON alerts(started);\n"

    "CREATE TABLE alert_log ("
    " id INTEGER PRIMARY KEY,"
    " at INTEGER NOT NULL,"
    " alert INTEGER REFERENCES alerts(aid) ON DELETE SET NULL,"
    " rule TEXT NOT NULL,"
    " server TEXT NOT NULL COLLATE NOCASE,"
    " event TEXT NOT NULL CHECK (event IN ('pending', 'firing',"
    "  'resolved', 'cancelled', 'suppressed', 'notified', 'acknowledged',"
    "  'silenced', 'action', 'action_failed', 'test')),"
    " value REAL,"
    " who TEXT NOT NULL DEFAULT 'daemon',"
    " detail TEXT NOT NULL DEFAULT ''"
    ") STRICT;\n"
    "CREATE INDEX alert_log_at ON alert_log(at);\n"
    "CREATE INDEX alert_log_alert ON alert_log(alert);\n"

    "CREATE TABLE silences ("
    " sid INTEGER PRIMARY KEY,"
    " rule INTEGER REFERENCES rules(rid) ON DELETE CASCADE,"
    " server TEXT COLLATE NOCASE REFERENCES servers(id) ON DELETE CASCADE,"
    " until INTEGER NOT NULL,"
    " by TEXT NOT NULL,"
    " reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 255),"
    " created INTEGER NOT NULL"
    ") STRICT;\n"
    "CREATE INDEX silences_until ON silences(until);\n"

    "ALTER TABLE probe_settings ADD COLUMN standby TEXT COLLATE NOCASE"
    " REFERENCES servers(id) ON DELETE SET NULL;\n"

    /* The three promised rules; thresholds and durations from Module
     * Config (cpu_threshold/cpu_for, mem_threshold/mem_for, down_for). */
    "INSERT INTO rules (name, metric, op, threshold, clear_at, for_s,"
    " hold_s, severity, action, from_config, created, updated) VALUES"
    " ('cpu_high', 'cpu', '>', 80, 70, 300, 60, 'warning', 'scale_up', 1,"
    "  unixepoch(), unixepoch()),"
    " ('memory_high', 'memory', '>', 85, 75, 180, 60, 'warning', 'email',"
    "  1, unixepoch(), unixepoch()),"
    " ('server_down', 'up', '<', 1, NULL, 30, 0, 'critical', 'failover',"
    "  1, unixepoch(), unixepoch());\n"
    "PRAGMA user_version = 5;\n";

/* Version 6: servers.placed marks a position set by hand (a drag, the
 * API, an import), which Arrange keeps; a layout's own positions are 0. */
static const char V6[] =
    "ALTER TABLE servers ADD COLUMN placed INTEGER NOT NULL DEFAULT 0"
    " CHECK (placed IN (0, 1));\n"
    "UPDATE servers SET placed = 1 WHERE x IS NOT NULL;\n"
    "PRAGMA user_version = 6;\n";

/* Version 7: the counters' triggers of version 1 (stats: totals, per
 * type, status and region) leave the schema as the journal's did in
 * version 4: every open parsed them, about a tenth of a read-only API
 * page. Each writing connection keeps them as TEMP triggers
 * (store_events_journal.c). The cluster_members ones stay: they update
 * clusters, which a scoped connection shadows with a TEMP view. */
static const char V7[] = "DROP TRIGGER IF EXISTS servers_ai;\n"
                         "DROP TRIGGER IF EXISTS servers_ad;\n"
                         "DROP TRIGGER IF EXISTS servers_au_type;\n"
                         "DROP TRIGGER IF EXISTS servers_au_status;\n"
                         "DROP TRIGGER IF EXISTS servers_au_region;\n"
                         "DROP TRIGGER IF EXISTS connections_ai;\n"
                         "DROP TRIGGER IF EXISTS connections_ad;\n"
                         "DROP TRIGGER IF EXISTS clusters_ai;\n"
                         "DROP TRIGGER IF EXISTS clusters_ad;\n"
                         "PRAGMA user_version = 7;\n";

const char *const STORE_MIGRATIONS[] = {V1, V2, V3, V4, V5, V6, V7};
const size_t STORE_MIGRATION_COUNT =
    sizeof STORE_MIGRATIONS / sizeof STORE_MIGRATIONS[0];
