/* test_alert_topo.c — dependency direction from server and connection
 * types, the root-cause walk (chains, several roots, cycles, nothing
 * down) and the dependants of a root (alert_topo.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "alert_topo.h"

static void
test_direction_rules(void **state)
{
    (void)state;
    /* web depends on its database, either way the line was drawn */
    assert_int_equal(alert_topo_direction("web", "database", "database"), 1);
    assert_int_equal(alert_topo_direction("database", "web", "standard"), -1);
    /* the web tier depends on the load balancer in front of it */
    assert_int_equal(alert_topo_direction("loadbalancer", "web", "http"), -1);
    /* cache on database, everything on dns */
    assert_int_equal(alert_topo_direction("cache", "database", "cache"), 1);
    assert_int_equal(alert_topo_direction("dns", "loadbalancer", "standard"),
                     -1);
    /* watching is not needing */
    assert_int_equal(alert_topo_direction("web", "database", "monitoring"), 0);
    assert_int_equal(alert_topo_direction("monitoring", "web", "standard"), 0);
    assert_int_equal(alert_topo_direction("web", "backup", "standard"), 0);
    /* monitoring and backup depend on infrastructure only */
    assert_int_equal(alert_topo_direction("backup", "database", "standard"), 1);
    assert_int_equal(alert_topo_direction("filesystem", "monitoring", "http"),
                     -1);
    assert_int_equal(alert_topo_direction("monitoring", "backup", "standard"),
                     0);
    /* same tier: from depends on to */
    assert_int_equal(alert_topo_direction("web", "web", "http"), 1);
    assert_int_equal(alert_topo_direction("database", "database", "database"),
                     1);
    /* unknown types rank with web */
    assert_int_equal(alert_topo_tier("appliance"), alert_topo_tier("web"));
    assert_int_equal(alert_topo_tier("DNS"), 5);
}

/* lb(0) -> web1(1), web2(2), web3(3) -> db(4); cache(5) -> db; web1 ->
 * cache; mon(6) watching db. */
static const char *const TYPES[] = {"loadbalancer", "web",   "web",       "web",
                                    "database",     "cache", "monitoring"};
static const struct topo_edge EDGES[] = {
    {0, 1, "http"},     {0, 2, "http"},     {0, 3, "http"},
    {1, 4, "database"}, {2, 4, "database"}, {3, 4, "database"},
    {5, 4, "standard"}, {1, 5, "cache"},    {6, 4, "monitoring"},
};

static void
test_root_of_dead_database(void **state)
{
    struct alert_topo t;
    uint8_t down[7] = {0};
    (void)state;
    assert_int_equal(alert_topo_build(&t, 7, TYPES, EDGES, 9), 0);
    /* nothing down */
    for (uint32_t i = 0; i < 7; i++)
        assert_int_equal(alert_topo_root(&t, i, down), -1);
    down[4] = 1; /* the database dies */
    assert_int_equal(alert_topo_root(&t, 1, down), 4);
    assert_int_equal(alert_topo_root(&t, 2, down), 4);
    assert_int_equal(alert_topo_root(&t, 3, down), 4);
    assert_int_equal(alert_topo_root(&t, 5, down), 4);  /* the cache */
    assert_int_equal(alert_topo_root(&t, 4, down), -1); /* itself: root */
    assert_int_equal(alert_topo_root(&t, 0, down), -1); /* lb: upstream */
    assert_int_equal(alert_topo_root(&t, 6, down), -1); /* monitoring */
    /* web2 down as well: still the database */
    down[2] = 1;
    assert_int_equal(alert_topo_root(&t, 2, down), 4);
    alert_topo_free(&t);
}

static void
test_chain_and_two_roots(void **state)
{
    struct alert_topo t;
    uint8_t down[7] = {0};
    (void)state;
    assert_int_equal(alert_topo_build(&t, 7, TYPES, EDGES, 9), 0);
    /* web1 -> cache -> db: the cache down and the db down: the db */
    down[5] = down[4] = 1;
    assert_int_equal(alert_topo_root(&t, 1, down), 4);
    /* the db back: the cache is the root for web1 */
    down[4] = 0;
    assert_int_equal(alert_topo_root(&t, 1, down), 5);
    assert_int_equal(alert_topo_root(&t, 2, down), -1);
    /* the lb and the db down: web1 depends on both; the higher tier
     * (loadbalancer) comes first */
    memset(down, 0, sizeof down);
    down[0] = down[4] = 1;
    assert_int_equal(alert_topo_root(&t, 1, down), 0);
    alert_topo_free(&t);
}

static void
test_cycle_of_down_servers(void **state)
{
    static const char *const types[] = {"web", "web", "web", "web"};
    /* 1 -> 2 -> 3 -> 1, and 0 -> 1 */
    static const struct topo_edge e[] = {
        {1, 2, "http"}, {2, 3, "http"}, {3, 1, "http"}, {0, 1, "http"}};
    struct alert_topo t;
    uint8_t down[4] = {0, 1, 1, 1};
    (void)state;
    assert_int_equal(alert_topo_build(&t, 4, types, e, 4), 0);
    assert_int_equal(alert_topo_root(&t, 0, down), 1); /* smallest index */
    assert_int_equal(alert_topo_root(&t, 2, down), 1);
    assert_int_equal(alert_topo_root(&t, 1, down), 2);
    alert_topo_free(&t);
}

static int
collect(void *ctx, uint32_t s)
{
    uint8_t *seen = ctx;
    seen[s]++;
    return 0;
}

static void
test_dependants(void **state)
{
    struct alert_topo t;
    uint8_t seen[7] = {0};
    (void)state;
    assert_int_equal(alert_topo_build(&t, 7, TYPES, EDGES, 9), 0);
    alert_topo_dependants(&t, 4, collect, seen);
    /* webs and cache directly or through the cache; not the lb, not the
     * monitoring server, each once */
    static const uint8_t want[7] = {0, 1, 1, 1, 0, 1, 0};
    assert_memory_equal(seen, want, 7);
    alert_topo_free(&t);
}

static void
test_long_chain_is_bounded(void **state)
{
    enum { N = 20000 };
    const char **types = malloc(N * sizeof *types);
    struct topo_edge *e = malloc(N * sizeof *e);
    uint8_t *down = calloc(N, 1);
    struct alert_topo t;
    (void)state;
    assert_non_null(types);
    assert_non_null(e);
    assert_non_null(down);
    for (uint32_t i = 0; i < N; i++) {
        types[i] = "web";
        down[i] = 1;
        e[i].from = i;
        e[i].to = (i + 1) % N; /* one big cycle */
        e[i].type = "http";
    }
    down[0] = 0;
    assert_int_equal(alert_topo_build(&t, N, types, e, N), 0);
    /* from 0 the walk goes around; N - 1's upstream is 0 (up): root */
    assert_int_equal(alert_topo_root(&t, 0, down), N - 1);
    /* the stamp counter survives many walks */
    for (int k = 0; k < 1000; k++)
        assert_int_equal(alert_topo_root(&t, N - 2, down), N - 1);
    alert_topo_free(&t);
    free(types);
    free(e);
    free(down);
}

static void
test_bad_edges_ignored(void **state)
{
    static const char *const types[] = {"web", "database"};
    static const struct topo_edge e[] = {
        {0, 0, "http"}, {0, 7, "http"}, {0, 1, "database"}};
    struct alert_topo t;
    uint8_t down[2] = {0, 1};
    (void)state;
    assert_int_equal(alert_topo_build(&t, 2, types, e, 3), 0);
    assert_int_equal(alert_topo_root(&t, 0, down), 1);
    assert_int_equal(alert_topo_root(&t, 9, down), -1);
    alert_topo_free(&t);
    assert_int_equal(alert_topo_build(&t, 0, NULL, NULL, 0), 0);
    alert_topo_free(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direction_rules),
        cmocka_unit_test(test_root_of_dead_database),
        cmocka_unit_test(test_chain_and_two_roots),
        cmocka_unit_test(test_cycle_of_down_servers),
        cmocka_unit_test(test_dependants),
        cmocka_unit_test(test_long_chain_is_bounded),
        cmocka_unit_test(test_bad_edges_ignored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
