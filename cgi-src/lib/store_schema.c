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
 *   and region counts are one index lookup. */
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

const char *const STORE_MIGRATIONS[] = {V1};
const size_t STORE_MIGRATION_COUNT =
    sizeof STORE_MIGRATIONS / sizeof STORE_MIGRATIONS[0];
