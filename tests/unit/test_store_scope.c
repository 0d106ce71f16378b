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
#include "testfs.h"

/* a1 a2 in cluster "alpha", b1 b2 in "beta", lone in none; a1-a2, a1-b1,
 * b1-b2 connected. */
struct fx {
    char dir[64];
    char path[128];
    struct store *st; /* limited to "alpha" unless a test reopens */
};

static void
add(struct store *st, const char *id, const char *type, const char *region)
{
    struct server s;
    struct err e;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "%s", id);
    snprintf(s.name, sizeof s.name, "name of %s", id);
    snprintf(s.type, sizeof s.type, "%s", type);
    snprintf(s.ip, sizeof s.ip, "10.0.0.%zu", strlen(id));
    snprintf(s.region, sizeof s.region, "%s", region);
    snprintf(s.status, sizeof s.status, "active");
    assert_int_equal(store_server_add(st, &s, &e), 0);
}

static struct store *
open_scoped(struct fx *f, const char *const *names, size_t n)
{
    struct store *st;
    struct err e;
    assert_int_equal(store_open(f->path, &st, &e), 0);
    assert_int_equal(store_set_scope(st, names, n, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    return st;
}

static int
setup(void **state)
{
    static struct fx f;
    struct err e;
    struct store *st;
    const char *alpha[] = {"a1", "a2"}, *beta[] = {"b1", "b2"};
    memset(&f, 0, sizeof f);
    assert_int_equal(testfs_mkdtemp(f.dir, sizeof f.dir, "test_scope"), 0);
    snprintf(f.path, sizeof f.path, "%s/cluster.db", f.dir);
    assert_int_equal(store_open(f.path, &st, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    add(st, "a1", "web", "eu");
    add(st, "a2", "database", "eu");
    add(st, "b1", "web", "us");
    add(st, "b2", "cache", "us");
    add(st, "lone", "dns", "ap");
    assert_int_equal(store_cluster_create(st, "alpha", "", alpha, 2, &e), 0);
    assert_int_equal(store_cluster_create(st, "beta", "", beta, 2, &e), 0);
    assert_int_equal(store_conn_add(st, "a1", "a2", "database", &e), 0);
    assert_int_equal(store_conn_add(st, "a1", "b1", "http", &e), 0);
    assert_int_equal(store_conn_add(st, "b1", "b2", "cache", &e), 0);
    assert_int_equal(store_commit(st, &e), 0);
    store_close(st);
    const char *only[] = {"ALPHA"}; /* names compare ignoring case */
    f.st = open_scoped(&f, only, 1);
    *state = &f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->st);
    return testfs_rmtree(f->dir);
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
    assert_int_equal(store_conn_list_server(f->st, "a1", 100, count_conn, &n,
                                            &e),
                     0);
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
    struct store *none = open_scoped(f, NULL, 0);
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
    assert_int_equal(t.servers, 5); /* 5 + a3 - a2 */
    assert_int_equal(t.connections, 2); /* a1-a2 went with a2 */
    assert_int_equal(store_count_by(all, "type", collect_count, out, &e), 0);
    assert_string_equal(out, "cache=2 dns=1 web=2 ");
    store_close(all);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lists_only_members, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_hidden_server_not_found, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_connections_between_members_only,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_clusters_limited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts_scoped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_adopt_new_server, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_scope_sees_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unscoped_sees_all, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_scoped_writes_keep_counters,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
