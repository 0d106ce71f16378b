/* storefx.h — the fixture of the store tests that work inside one write
 * transaction on a fresh database file: struct fx, storefx_open (for a
 * test's setup) and teardown, storefx_add (a server with an id, a type and
 * a fixed address). Include after cmocka.h; every function here is used
 * by each includer (test_store_events.c, test_events_alerts.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STOREFX_H
#define UC_STOREFX_H

#include <stdio.h>
#include <string.h>

#include "store.h"
#include "testfs.h"

struct fx {
    char dir[64];
    char path[128];
    struct store *st; /* in a write transaction */
};

static void
storefx_add(struct store *st, const char *id, const char *type)
{
    struct server s;
    struct err e;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "%s", id);
    snprintf(s.name, sizeof s.name, "%s", id);
    snprintf(s.type, sizeof s.type, "%s", type);
    snprintf(s.ip, sizeof s.ip, "10.0.0.1");
    assert_int_equal(store_server_add(st, &s, &e), 0);
}

/* A fresh database in its own folder, named after prefix, in a write
 * transaction. */
static int
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

static int
teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->st);
    testfs_rmtree(f->dir);
    return 0;
}

#endif
