/* store_int.h — internals shared by the store*.c files: the handle, the
 * prepared-statement cache and the SQLite error mapping.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_INT_H
#define UC_STORE_INT_H

#include <stddef.h>
#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "store.h"

/* Distinct cached SQL texts; store_prep falls back to an error past it. */
#define STORE_CACHE_MAX 64

struct store_stmt {
    const char *sql; /* the static SQL text, compared by address */
    sqlite3_stmt *stmt;
};

/* The search strings chosen for the last q in this transaction, so that a
 * page and its count probe the trigram index once, not twice. */
struct store_qcache {
    char *q;         /* NULL when empty */
    char *fts;       /* the FTS5 query chosen for q */
    int no_match;    /* a trigram of q is in no row */
    long long fts_n; /* as store_plan.fts_n */
};

struct store {
    sqlite3 *db;
    struct store_stmt cache[STORE_CACHE_MAX];
    size_t ncache;
    struct store_qcache qcache;
    int scoped;            /* store_set_scope was called */
    long long max_servers; /* store_set_max_servers; 0 = no limit */
    int journal;           /* the change journal's TEMP triggers exist:
                            * 1, or 2 when made inside the open
                            * transaction (a rollback undoes them) */
};

/* Creates this connection's TEMP triggers that write the change journal
 * (store_events_journal.c), once; store_begin does it before a write
 * transaction. disarm drops them (the bulk import, which writes one
 * 'reset' event instead). 0, or -1 with *e set. */
int store_events_arm(struct store *st, struct err *e);
int store_events_disarm(struct store *st, struct err *e);

/* Forgets the cached search strings (at every transaction boundary: they
 * describe the data as this transaction sees it). */
void store_qcache_clear(struct store *st);

/* The migration scripts, index i taking user_version i to i + 1. */
extern const char *const STORE_MIGRATIONS[];
extern const size_t STORE_MIGRATION_COUNT;

/* The cached statement for the static text sql (prepared on first use with
 * SQLITE_PREPARE_PERSISTENT), reset and with no bindings; NULL with *e set
 * on failure. Borrowed: finish with store_done, never finalize. */
sqlite3_stmt *store_prep(struct store *st, const char *sql, struct err *e);

/* Resets a cached statement and clears its bindings. NULL-safe. */
void store_done(sqlite3_stmt *stmt);

/* Maps the connection's last error through dberr_set (dberr.h: busy,
 * disk full, damaged file, else "err_db"); logs what and sqlite3_errmsg.
 * Always returns -1. */
int store_fail(struct store *st, struct err *e, const char *what);

/* Runs a cached statement that returns no rows. 0, or -1 with *e set. */
int store_run(struct store *st, sqlite3_stmt *stmt, struct err *e,
              const char *what);

/* Steps a cached statement once: 1 a row is ready to read, 0 no row, -1
 * with *e set (store_fail with what). Never resets: finish with
 * store_done, after reading the row. */
int store_step_row(struct store *st, sqlite3_stmt *stmt, struct err *e,
                   const char *what);

/* Runs a write that returns no rows, then resets it. A broken UNIQUE or
 * PRIMARY KEY is ERR_CONFLICT (field, conflict_key, arg) when conflict_key
 * is not NULL; any other failure goes through store_fail with what.
 * 0, or -1 with *e set. */
int store_run_or_conflict(struct store *st, sqlite3_stmt *stmt,
                          const char *field, const char *conflict_key,
                          const char *arg, struct err *e, const char *what);

/* Binds s (NULL binds NULL) as a transient text; returns the SQLite code. */
int store_bind_text(sqlite3_stmt *stmt, int idx, const char *s);

/* Copies text column col into out (size outlen, always NUL-terminated;
 * "" for NULL). */
void store_col_text(sqlite3_stmt *stmt, int col, char *out, size_t outlen);

/* 1 when the last failed statement broke a UNIQUE or PRIMARY KEY. */
int store_is_unique_violation(struct store *st);

/* The indexed text of one server, as the search index (servers_fts)
 * holds it, and its rid. */
struct store_fts_row {
    long long rid;
    char id[VALID_ID_MAX + 1];
    char name[VALID_NAME_MAX + 1];
    char ip[VALID_HOST_MAX + 1];
    char region[VALID_REGION_MAX + 1];
};

/* Reads r from columns 0-4 (rid, id, name, ip, region) of s's row. */
void store_fts_row_col(sqlite3_stmt *s, struct store_fts_row *r);

/* The canonical id (as stored) of server id into out (VALID_ID_MAX + 1
 * bytes). 1 found, 0 not found, -1 with *e set. */
int store_server_canon(struct store *st, const char *id, char *out,
                       struct err *e);

/* Server id's row (STORE_SERVER_COLS) into *out: 1 found, 0 not found
 * (*e untouched), -1 with *e set. */
int store_server_lookup(struct store *st, const char *id, struct server *out,
                        struct err *e);

struct probe_settings;

/* Reads the six probe settings columns (node_port, http_port, http_scheme,
 * http_path, http_status, maintenance) starting at col into *p; NULL
 * columns keep probe_settings_default's values. */
void store_probe_settings_col(sqlite3_stmt *stmt, int col,
                              struct probe_settings *p);

/* Reads the counter (dim, key) of the stats table into *n (0 when
 * absent). 0, or -1 with *e set. */
int store_stat_get(struct store *st, const char *dim, const char *key,
                   long long *n, struct err *e);

/* The server columns in the order store_server_row reads them, for
 * "SELECT " STORE_SERVER_COLS " FROM servers s ...". */
#define STORE_SERVER_COLS                                                 \
    "s.id, s.name, s.type, s.ip, s.region, s.ports, s.status, s.x, s.y, " \
    "s.created, s.updated"

/* Fills *out from a row selected with STORE_SERVER_COLS first. */
void store_server_row(sqlite3_stmt *stmt, struct server *out);

/* Number of members of cluster name (0 if there is no such cluster). */
int store_cluster_size(struct store *st, const char *name, long long *n,
                       struct err *e);

/* ---- server queries (store_plan.c, store_list.c) ---- */

/* The filters of a server_query an index could drive. */
enum store_cand {
    CAND_TYPE,
    CAND_STATUS,
    CAND_REGION,
    CAND_CLUSTER,
    CAND_Q,
    CAND__MAX
};

/* How one query runs: which filter, if any, is written in its indexable
 * form (the others are written so that no index serves them), and the
 * search strings bound for q. */
struct store_plan {
    long long n[CAND__MAX]; /* estimated matches; -1 = no such filter */
    int indexed[CAND__MAX];
    int qlong;       /* q has >= 3 characters: trigram index, else prefix */
    struct buf fts;  /* FTS5 query: rare trigrams of q, each quoted */
    struct buf like; /* q as a LIKE prefix pattern, escaped with '\' */
    struct buf sub;  /* q as a LIKE substring pattern */
    long long fts_n; /* rows matching fts when the probe counted them
                        exactly (one rare trigram), else -1 */
};

/* Fills the search strings (probing the trigram index for which trigrams
 * of q are rare) and the counts known in O(1). 0, or -1 with *e set; free
 * with store_plan_free either way. */
int store_plan_init(struct store *st, struct store_plan *p,
                    const struct server_query *q, struct err *e);
void store_plan_free(struct store_plan *p);

/* Chooses the indexed filter for a page: drive by the most selective
 * filter (fetch its matches and sort them), or walk the sort order
 * (through an equality filter's index when that is ordered the same way)
 * when the filter matches most rows anyway. */
int store_plan_list(struct store *st, struct store_plan *p,
                    const struct server_query *q, struct err *e);

/* Chooses the indexed filter for counting: the most selective one. */
int store_plan_count(struct store *st, struct store_plan *p, struct err *e);

#endif
