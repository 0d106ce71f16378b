/* test_netview.c — the reads of the network and performance pages
 * (store_netview.h): top lists in value order with paging and every
 * filter, servers without a value left out, connections paged by id with
 * both ends' latency and a filter matching either end, the rids of a
 * filter, and a cluster-limited scope hiding the rest.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "store.h"
#include "store_netview.h"
#include "storefx.h"

/* Active servers web1 web2 web3 (eu, cluster alpha: web1 web2), db1 (us,
 * alpha), cache1 (us, beta), dns1 (ap, none, never probed). Connections:
 * web1-db1, web2-db1, web3-cache1, cache1-dns1. Committed, with the probe
 * figures written beside the store; f->st then reads. */
static int
setup(void **state)
{
    struct fx *f;
    struct err e;
    static const char *const servers[][3] = {
        {"web1", "web", "eu"},     {"web2", "web", "eu"},
        {"web3", "web", "eu"},     {"db1", "database", "us"},
        {"cache1", "cache", "us"}, {"dns1", "dns", "ap"}};
    static const char *const links[][3] = {{"web1", "db1", "database"},
                                           {"web2", "db1", "database"},
                                           {"web3", "cache1", "cache"},
                                           {"cache1", "dns1", "standard"}};
    const char *alpha[] = {"web1", "web2", "db1"}, *beta[] = {"cache1"};
    storefx_open(state, "test_netview");
    f = *state;
    for (size_t i = 0; i < sizeof servers / sizeof servers[0]; i++) {
        struct server s =
            storefx_active(servers[i][0], servers[i][1], servers[i][2]);
        storefx_put(f->st, &s);
    }
    assert_int_equal(store_cluster_create(f->st, "alpha", "", alpha, 3, &e), 0);
    assert_int_equal(store_cluster_create(f->st, "beta", "", beta, 1, &e), 0);
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
        assert_int_equal(
            store_conn_add(f->st, links[i][0], links[i][1], links[i][2], &e),
            0);
    assert_int_equal(store_commit(f->st, &e), 0);
    /* Traffic web1 300, web2 1000, web3 50, db1 700, cache1 700 (a tie);
       web3 has no cpu. dns1 has no row. */
    storefx_sql(
        f, "UPDATE servers SET status = 'inactive' WHERE id = 'cache1';"
           "INSERT INTO probe_current (server, checked, latency_ms, cpu, mem,"
           " disk, net_in, net_out, tcp_conns, load1) VALUES"
           " ('web1', 100, 1.5, 10, 20, 30, 100, 200, 5, 0.1),"
           " ('web2', 100, 2.5, 90, 20, 30, 400, 600, 50, 0.2),"
           " ('web3', 100, 900, NULL, 20, 30, 25, 25, 1, 0.3),"
           " ('db1', 100, 3.5, 50, 80, 30, 300, 400, 9, 2.5),"
           " ('cache1', 100, NULL, 40, 20, 95, 350, 350, 7, 0.4);");
    assert_int_equal(store_begin(f->st, 0, &e), 0);
    return 0;
}

struct got {
    char ids[16][VALID_ID_MAX + 1];
    double v[16];
    size_t n;
    long long last;
    struct nv_link links[16];
};

static int
take_server(void *ctx, const struct nv_server *s)
{
    struct got *g = ctx;
    assert_true(g->n < 16);
    snprintf(g->ids[g->n], sizeof g->ids[0], "%s", s->id);
    g->v[g->n] = s->net_in + s->net_out;
    g->n++;
    return 0;
}

static int
take_link(void *ctx, const struct nv_link *l)
{
    struct got *g = ctx;
    assert_true(g->n < 16);
    g->links[g->n++] = *l;
    g->last = l->id;
    return 0;
}

static void
top(struct store *st, const struct nv_filter *f, enum nv_order o, size_t skip,
    size_t limit, struct got *g)
{
    struct err e;
    memset(g, 0, sizeof *g);
    assert_int_equal(store_nv_top(st, f, o, skip, limit, take_server, g, &e),
                     0);
}

static void
test_top_by_traffic_with_paging(void **state)
{
    struct fx *f = *state;
    struct nv_filter none = {0};
    struct got g;
    top(f->st, &none, NV_TRAFFIC, 0, 10, &g);
    assert_int_equal(g.n, 5); /* dns1 has no figures */
    assert_string_equal(g.ids[0], "web2");
    assert_true(fabs(g.v[0] - 1000) < 1e-9);
    assert_string_equal(g.ids[1], "cache1"); /* 700, tie broken by id */
    assert_string_equal(g.ids[2], "db1");
    assert_string_equal(g.ids[3], "web1");
    assert_string_equal(g.ids[4], "web3");
    top(f->st, &none, NV_TRAFFIC, 2, 2, &g);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.ids[0], "db1");
    assert_string_equal(g.ids[1], "web1");
}

static void
test_top_other_orders(void **state)
{
    struct fx *f = *state;
    struct nv_filter none = {0};
    struct got g;
    top(f->st, &none, NV_CPU, 0, 10, &g);
    assert_int_equal(g.n, 4); /* web3 has no cpu */
    assert_string_equal(g.ids[0], "web2");
    assert_string_equal(g.ids[3], "web1");
    top(f->st, &none, NV_CONNS, 0, 1, &g);
    assert_string_equal(g.ids[0], "web2");
    top(f->st, &none, NV_LATENCY, 0, 10, &g);
    assert_int_equal(g.n, 4);
    assert_string_equal(g.ids[0], "web3");
    top(f->st, &none, NV_DISK, 0, 1, &g);
    assert_string_equal(g.ids[0], "cache1");
    top(f->st, &none, NV_MEM, 0, 1, &g);
    assert_string_equal(g.ids[0], "db1");
    top(f->st, &none, NV_LOAD, 0, 1, &g);
    assert_string_equal(g.ids[0], "db1");
}

static void
test_top_filters(void **state)
{
    struct fx *f = *state;
    struct got g;
    struct nv_filter type = {.type = "web"};
    struct nv_filter region = {.region = "us"};
    struct nv_filter cluster = {.cluster = "ALPHA"};
    struct nv_filter both = {.type = "web", .cluster = "alpha"};
    struct nv_filter all3 = {.type = "web", .region = "us", .cluster = "alpha"};
    top(f->st, &type, NV_TRAFFIC, 0, 10, &g);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.ids[0], "web2");
    top(f->st, &region, NV_TRAFFIC, 0, 10, &g);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.ids[0], "cache1");
    top(f->st, &cluster, NV_TRAFFIC, 0, 10, &g);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.ids[1], "db1");
    top(f->st, &both, NV_TRAFFIC, 0, 10, &g);
    assert_int_equal(g.n, 2);
    top(f->st, &all3, NV_TRAFFIC, 0, 10, &g);
    assert_int_equal(g.n, 0);
}

static void
links(struct store *st, const struct nv_filter *f, long long after,
      size_t limit, struct got *g)
{
    struct err e;
    memset(g, 0, sizeof *g);
    assert_int_equal(store_nv_links(st, f, after, limit, take_link, g, &e), 0);
}

static void
test_links_paged_with_latency(void **state)
{
    struct fx *f = *state;
    struct nv_filter none = {0};
    struct got g;
    links(f->st, &none, 0, 3, &g);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.links[0].from, "web1");
    assert_string_equal(g.links[0].to, "db1");
    assert_true(fabs(g.links[0].from_ms - 1.5) < 1e-9);
    assert_true(fabs(g.links[0].to_ms - 3.5) < 1e-9);
    assert_string_equal(g.links[2].to, "cache1");
    assert_true(isnan(g.links[2].to_ms)); /* no latency */
    assert_string_equal(g.links[2].to_status, "inactive");
    assert_true(g.links[0].from_rid > 0);
    links(f->st, &none, g.last, 3, &g);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.links[0].to, "dns1");
    assert_true(isnan(g.links[0].to_ms)); /* never probed */
    links(f->st, &none, g.last, 3, &g);
    assert_int_equal(g.n, 0);
}

static void
test_links_filter_either_end(void **state)
{
    struct fx *f = *state;
    struct got g;
    struct nv_filter beta = {.cluster = "beta"};
    struct nv_filter db = {.type = "database"};
    struct nv_filter ap = {.region = "ap"};
    links(f->st, &beta, 0, 10, &g);
    assert_int_equal(g.n, 2); /* web3-cache1 and cache1-dns1 */
    assert_true(g.links[0].id < g.links[1].id);
    links(f->st, &beta, g.links[0].id, 10, &g);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.links[0].to, "dns1");
    links(f->st, &db, 0, 10, &g);
    assert_int_equal(g.n, 2);
    links(f->st, &ap, 0, 10, &g);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.links[0].from, "cache1");
}

static void
test_rids(void **state)
{
    struct fx *f = *state;
    struct nv_filter none = {0}, web = {.type = "web"};
    int64_t *r;
    size_t n;
    struct err e;
    assert_int_equal(store_nv_rids(f->st, &none, 100, &r, &n, &e), 0);
    assert_int_equal(n, 6);
    for (size_t i = 1; i < n; i++)
        assert_true(r[i] > r[i - 1]);
    free(r);
    assert_int_equal(store_nv_rids(f->st, &web, 2, &r, &n, &e), 0);
    assert_int_equal(n, 2);
    free(r);
}

static void
test_scope_hides_other_clusters(void **state)
{
    struct fx *f = *state;
    struct nv_filter none = {0}, beta = {.cluster = "beta"};
    const char *alpha = "alpha";
    struct store *st = storefx_scoped(f, &alpha, 1, 0);
    struct got g;
    int64_t *r;
    size_t n;
    struct err e;
    top(st, &none, NV_TRAFFIC, 0, 10, &g);
    assert_int_equal(g.n, 3);
    for (size_t i = 0; i < g.n; i++)
        assert_true(strcmp(g.ids[i], "cache1") && strcmp(g.ids[i], "web3"));
    top(st, &beta, NV_TRAFFIC, 0, 10, &g);
    assert_int_equal(g.n, 0);
    links(st, &none, 0, 10, &g);
    assert_int_equal(g.n, 2); /* web1-db1, web2-db1 */
    links(st, &beta, 0, 10, &g);
    assert_int_equal(g.n, 0);
    assert_int_equal(store_nv_rids(st, &none, 100, &r, &n, &e), 0);
    assert_int_equal(n, 3);
    free(r);
    store_close(st);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_top_by_traffic_with_paging),
        cmocka_unit_test(test_top_other_orders),
        cmocka_unit_test(test_top_filters),
        cmocka_unit_test(test_links_paged_with_latency),
        cmocka_unit_test(test_links_filter_either_end),
        cmocka_unit_test(test_rids),
        cmocka_unit_test(test_scope_hides_other_clusters),
    };
    return cmocka_run_group_tests(tests, setup, storefx_teardown);
}
