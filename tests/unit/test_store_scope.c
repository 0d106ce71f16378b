/* test_store_scope.c — a user limited to some clusters: every read sees
 * only their members, every change to anything else is "not found", counts
 * count only what is visible, and the unlimited store is unchanged.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "store.h"
#include "storefx.h"

/* An active server named "name of <id>" (what the search looks for). */
static void
add(struct store *st, const char *id, const char *type, const char *region)
{
    struct server s = storefx_active(id, type, region);
    snprintf(s.name, sizeof s.name, "name of %s", id);
    snprintf(s.ip, sizeof s.ip, "10.0.0.%zu", strlen(id));
    storefx_put(st, &s);
}

/* a1 a2 in cluster "alpha", b1 b2 in "beta", lone in none; a1-a2, a1-b1,
 * b1-b2 connected. f->st is then limited to "alpha" unless a test
 * reopens. */
static int
setup(void **state)
{
    struct fx *f;
    struct err e;
    const char *alpha[] = {"a1", "a2"}, *beta[] = {"b1", "b2"};
    const char *only[] = {"ALPHA"}; /* names compare ignoring case */
    storefx_open(state, "test_scope");
    f = *state;
    add(f->st, "a1", "web", "eu");
    add(f->st, "a2", "database", "eu");
    add(f->st, "b1", "web", "us");
    add(f->st, "b2", "cache", "us");
    add(f->st, "lone", "dns", "ap");
    assert_int_equal(store_cluster_create(f->st, "alpha", "", alpha, 2, &e), 0);
    assert_int_equal(store_cluster_create(f->st, "beta", "", beta, 2, &e), 0);
    assert_int_equal(store_conn_add(f->st, "a1", "a2", "database", &e), 0);
    assert_int_equal(store_conn_add(f->st, "a1", "b1", "http", &e), 0);
    assert_int_equal(store_conn_add(f->st, "b1", "b2", "cache", &e), 0);
    assert_int_equal(store_commit(f->st, &e), 0);
    store_close(f->st);
    f->st = storefx_scoped(f, only, 1, 1);
    return 0;
}

static int
collect(void *ctx, const struct server *s)
{
    char *out = ctx;
    strcat(out, s->id);
    strcat(out, " ");
    return 0;
}

static void
list_ids(struct store *st, const char *q, char *out)
{
    struct server_query sq = {.q = q, .limit = 100};
    struct err e;
    out[0] = '\0';
    assert_int_equal(store_server_list(st, &sq, collect, out, &e), 0);
}

static void
test_lists_only_members(void **state)
{
    struct fx *f = *state;
    char ids[256];
    list_ids(f->st, NULL, ids);
    assert_string_equal(ids, "a1 a2 ");
    list_ids(f->st, "name of", ids); /* the search index is scoped too */
    assert_string_equal(ids, "a1 a2 ");
    list_ids(f->st, "b1", ids);
    assert_string_equal(ids, "");
}

static void
test_hidden_server_not_found(void **state)
{
    struct fx *f = *state;
    struct server s;
    struct err e;
    assert_int_equal(store_server_get(f->st, "a1", &s, &e), 0);
    assert_int_equal(store_server_get(f->st, "b1", &s, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(store_server_get(f->st, "lone", &s, &e), -1);
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "b1");
    snprintf(s.name, sizeof s.name, "taken over");
    snprintf(s.type, sizeof s.type, "web");
    snprintf(s.ip, sizeof s.ip, "10.9.9.9");
    snprintf(s.status, sizeof s.status, "active");
    assert_int_equal(store_server_update(f->st, &s, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(store_server_delete(f->st, "b2", &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
}

static int
count_conn(void *ctx, const struct connection *c)
{
    (void)c;
    ++*(int *)ctx;
    return 0;
}

static void
test_connections_between_members_only(void **state)
{
    struct fx *f = *state;
    struct err e;
    int n = 0;
    assert_int_equal(
        store_conn_list_server(f->st, "a1", 100, count_conn, &n, &e), 0);
    assert_int_equal(n, 1); /* a1-a2; a1-b1 is hidden */
    assert_int_equal(store_conn_delete(f->st, "a1", "b1", &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(store_conn_add(f->st, "a2", "b2", "standard", &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(store_conn_delete(f->st, "a2", "a1", &e), 0);
}

static int
collect_cluster(void *ctx, const struct cluster *c)
{
    strcat(ctx, c->name);
    strcat(ctx, " ");
    return 0;
}

static void
test_clusters_limited(void **state)
{
    struct fx *f = *state;
    struct cluster c;
    struct err e;
    char names[64] = "";
    assert_int_equal(store_cluster_list(f->st, collect_cluster, names, &e), 0);
    assert_string_equal(names, "alpha ");
    assert_int_equal(store_cluster_get(f->st, "beta", &c, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(store_cluster_delete(f->st, "beta", &e), -1);
    assert_int_equal(store_cluster_update(f->st, "beta", "x", &e), -1);
    assert_int_equal(store_cluster_remove_member(f->st, "beta", "b1", &e), -1);
    assert_int_equal(store_cluster_add_member(f->st, "alpha", "lone", &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(store_cluster_create(f->st, "mine", "", NULL, 0, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
}

static int
collect_count(void *ctx, const char *key, long long n)
{
    char *out = ctx;
    char one[64];
    snprintf(one, sizeof one, "%s=%lld ", key, n);
    strcat(out, one);
    return 0;
}

static void
test_counts_scoped(void **state)
{
    struct fx *f = *state;
    struct store_totals t;
    struct err e;
    char out[128] = "";
    assert_int_equal(store_totals(f->st, &t, &e), 0);
    assert_int_equal(t.servers, 2);
    assert_int_equal(t.connections, 1);
    assert_int_equal(t.clusters, 1);
    assert_int_equal(store_count_by(f->st, "type", collect_count, out, &e), 0);
    assert_string_equal(out, "database=1 web=1 ");
    struct server_query q = {.type = "web"};
    long long n = -1;
    assert_int_equal(store_server_count(f->st, &q, 1000, &n, &e), 0);
    assert_int_equal(n, 1);
}

static void
test_adopt_new_server(void **state)
{
    struct fx *f = *state;
    struct server s;
    struct err e;
    char ids[256];
    add(f->st, "a3", "cache", "eu");
    assert_int_equal(store_server_get(f->st, "a3", &s, &e), -1);
    assert_int_equal(store_cluster_adopt(f->st, "beta", "a3", &e), -1);
    assert_string_equal(e.field, "cluster");
    assert_int_equal(store_cluster_adopt(f->st, "alpha", "a3", &e), 0);
    list_ids(f->st, NULL, ids);
    assert_string_equal(ids, "a1 a2 a3 ");
}

static void
test_empty_scope_sees_nothing(void **state)
{
    struct fx *f = *state;
    struct store_totals t;
    struct err e;
    char ids[256];
    store_rollback(f->st); /* release the write lock */
    struct store *none = storefx_scoped(f, NULL, 0, 1);
    list_ids(none, NULL, ids);
    assert_string_equal(ids, "");
    assert_int_equal(store_totals(none, &t, &e), 0);
    assert_int_equal(t.servers + t.connections + t.clusters, 0);
    store_close(none);
}

static void
test_unscoped_sees_all(void **state)
{
    struct fx *f = *state;
    struct store *all;
    struct store_totals t;
    struct err e;
    char ids[256];
    store_rollback(f->st); /* release the write lock */
    assert_int_equal(store_open(f->path, &all, &e), 0);
    assert_int_equal(store_begin(all, 0, &e), 0);
    list_ids(all, NULL, ids);
    assert_string_equal(ids, "a1 a2 b1 b2 lone ");
    assert_int_equal(store_totals(all, &t, &e), 0);
    assert_int_equal(t.servers, 5);
    assert_int_equal(t.connections, 3);
    store_close(all);
}

/* A limited user's writes keep the estate's counters (schema 7: TEMP
 * triggers that write main.stats, which the scoped view must not shadow). */
static void
test_scoped_writes_keep_counters(void **state)
{
    struct fx *f = *state;
    struct store *all;
    struct store_totals t;
    struct err e;
    char out[128] = "";
    add(f->st, "a3", "cache", "eu");
    assert_int_equal(store_cluster_adopt(f->st, "alpha", "a3", &e), 0);
    assert_int_equal(store_server_delete(f->st, "a2", &e), 0);
    assert_int_equal(store_commit(f->st, &e), 0);
    assert_int_equal(store_open(f->path, &all, &e), 0);
    assert_int_equal(store_begin(all, 0, &e), 0);
    assert_int_equal(store_totals(all, &t, &e), 0);
    assert_int_equal(t.servers, 5);     /* 5 + a3 - a2 */
    assert_int_equal(t.connections, 2); /* a1-a2 went with a2 */
    assert_int_equal(store_count_by(all, "type", collect_count, out, &e), 0);
    assert_string_equal(out, "cache=2 dns=1 web=2 ");
    store_close(all);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, storefx_teardown)
        T(test_lists_only_members),
        T(test_hidden_server_not_found),
        T(test_connections_between_members_only),
        T(test_clusters_limited),
        T(test_counts_scoped),
        T(test_adopt_new_server),
        T(test_empty_scope_sees_nothing),
        T(test_unscoped_sees_all),
        T(test_scoped_writes_keep_counters),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
