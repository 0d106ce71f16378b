/* storefx.h — the fixture of the store tests that work on a fresh database
 * file: struct fx, storefx_open (for a test's setup: a write transaction)
 * and storefx_teardown; servers to add (storefx_add, or storefx_server or
 * storefx_active and storefx_put for a test that sets more fields); storefx_sql (SQL written
 * through a connection of its own, as the daemon writes beside the pages);
 * storefx_scoped (a second connection limited to some clusters);
 * storefx_newest (the change journal's newest event). Include
 * after cmocka.h. Everything is static inline, so an includer uses only
 * what it needs.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STOREFX_H
#define UC_STOREFX_H

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store_events.h"
#include "testfs.h"

struct fx {
    char dir[64];
    char path[128];
    struct store *st; /* in the transaction storefx_open began */
};

/* A server named after its id, of a type, at 10.0.0.1 (no region, the
 * store's default status), for a test to change before storefx_put. */
static inline struct server
storefx_server(const char *id, const char *type)
{
    struct server s;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "%s", id);
    snprintf(s.name, sizeof s.name, "%s", id);
    snprintf(s.type, sizeof s.type, "%s", type);
    snprintf(s.ip, sizeof s.ip, "10.0.0.1");
    return s;
}

/* storefx_server in region ("" for none), with the status "active". */
static inline struct server
storefx_active(const char *id, const char *type, const char *region)
{
    struct server s = storefx_server(id, type);
    snprintf(s.region, sizeof s.region, "%s", region);
    snprintf(s.status, sizeof s.status, "active");
    return s;
}

/* Adds s; a refusal fails the test, naming the server and the reason. */
static inline void
storefx_put(struct store *st, const struct server *s)
{
    struct err e;
    if (store_server_add(st, s, &e) != 0)
        fail_msg("add server %s: %s", s->id, e.key);
}

static inline void
storefx_add(struct store *st, const char *id, const char *type)
{
    struct server s = storefx_server(id, type);
    storefx_put(st, &s);
}

/* A fresh database in its own folder, named after prefix, in a write
 * transaction. */
static inline int
storefx_open(void **state, const char *prefix)
{
    static struct fx f;
    struct err e;
    memset(&f, 0, sizeof f);
    assert_int_equal(testfs_mkdtemp(f.dir, sizeof f.dir, prefix), 0);
    snprintf(f.path, sizeof f.path, "%s/cluster.db", f.dir);
    assert_int_equal(store_open(f.path, &f.st, &e), 0);
    assert_int_equal(store_begin(f.st, 1, &e), 0);
    *state = &f;
    return 0;
}

static inline int
storefx_teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->st);
    return testfs_rmtree(f->dir);
}

/* Runs text on f's database through a connection of its own (f->st must
 * hold no write transaction then). */
static inline void
storefx_sql(const struct fx *f, const char *text)
{
    sqlite3 *db;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    if (sqlite3_exec(db, text, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("SQL refused: %s", msg ? msg : "?");
    sqlite3_close(db);
}

/* A second connection to f's database that sees only the n clusters
 * named (none when n is 0), in a transaction, a write one when write.
 * The caller closes it with store_close. */
static inline struct store *
storefx_scoped(const struct fx *f, const char *const *clusters, size_t n,
               int write)
{
    struct store *st;
    struct err e;
    assert_int_equal(store_open(f->path, &st, &e), 0);
    assert_int_equal(store_set_scope(st, clusters, n, &e), 0);
    assert_int_equal(store_begin(st, write, &e), 0);
    return st;
}

/* The seq of the newest event in the change journal. */
static inline long long
storefx_newest(struct store *st)
{
    long long oldest, newest;
    struct err e;
    assert_int_equal(store_events_bounds(st, &oldest, &newest, &e), 0);
    return newest;
}

#endif
