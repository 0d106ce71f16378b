/* test_layout.c — the diagram layouts: every kind gives integer tiles with
 * a free tile between any two servers, keeps what it is told to keep,
 * groups clusters and regions, and places newcomers near their cluster.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "layout.h"

/* n nodes: groups of 10 (the last tenth in none), 9 types, 3 regions. */
static struct layout_node *
make_nodes(size_t n)
{
    struct layout_node *v = calloc(n ? n : 1, sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < n; i++) {
        v[i].type = (int)(i * 7 % 9);
        v[i].group = i >= n - n / 10 ? -1 : (int)(i / 10);
        v[i].region = (int)(i % 3);
    }
    return v;
}

static long
dist(const struct layout_node *a, const struct layout_node *b)
{
    long dx = labs((long)a->x - (long)b->x), dy = labs((long)a->y - (long)b->y);
    return dx > dy ? dx : dy;
}

/* Integer tiles, and no two nodes on or next to each other. */
static void
assert_apart(const struct layout_node *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_true(v[i].x == (double)(long)v[i].x);
        assert_true(v[i].y == (double)(long)v[i].y);
        for (size_t j = i + 1; j < n; j++)
            if (dist(&v[i], &v[j]) < 2) {
                print_error("nodes %zu (%g,%g) and %zu (%g,%g) touch\n", i,
                            v[i].x, v[i].y, j, v[j].x, v[j].y);
                fail();
            }
    }
}

static void
test_parse_names(void **state)
{
    enum layout_kind k;
    (void)state;
    for (int i = 0; i < LAYOUT__MAX; i++) {
        assert_int_equal(layout_parse(layout_name((enum layout_kind)i), &k), 0);
        assert_int_equal(k, i);
    }
    assert_int_equal(layout_parse("circular", &k), 0);
    assert_int_equal(k, LAYOUT_CIRCULAR);
    assert_int_equal(layout_parse("spiral", &k), -1);
    assert_int_equal(layout_parse("", &k), -1);
    assert_int_equal(layout_parse(NULL, &k), -1);
}

static void
test_every_kind_keeps_servers_apart(void **state)
{
    static const size_t sizes[] = {1, 2, 7, 100, 450};
    (void)state;
    for (int k = 0; k < LAYOUT__MAX; k++)
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            struct layout_node *v = make_nodes(sizes[s]);
            assert_int_equal(layout_arrange(v, sizes[s], (enum layout_kind)k),
                             0);
            assert_apart(v, sizes[s]);
            free(v);
        }
}

static void
test_circle_is_round(void **state)
{
    struct layout_node *v = make_nodes(40);
    double cx = 0, cy = 0, rmin = 1e9, rmax = 0;
    (void)state;
    assert_int_equal(layout_arrange(v, 40, LAYOUT_CIRCULAR), 0);
    for (int i = 0; i < 40; i++) {
        cx += v[i].x / 40;
        cy += v[i].y / 40;
    }
    for (int i = 0; i < 40; i++) {
        double dx = v[i].x - cx, dy = v[i].y - cy, r2 = dx * dx + dy * dy;
        if (r2 < rmin)
            rmin = r2;
        if (r2 > rmax)
            rmax = r2;
    }
    /* radius about 40 * 2 / (2 pi) = 12.7: all within a tile or so */
    assert_true(rmin > 10.5 * 10.5);
    assert_true(rmax < 14.5 * 14.5);
    free(v);
}

/* In the automatic layout, each cluster's members form a block that no
 * other server enters. */
static void
test_auto_groups_clusters(void **state)
{
    size_t n = 200;
    struct layout_node *v = make_nodes(n);
    (void)state;
    assert_int_equal(layout_arrange(v, n, LAYOUT_AUTO), 0);
    for (int g = 0; g < 18; g++) {
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
        for (size_t i = 0; i < n; i++) {
            if (v[i].group != g)
                continue;
            x0 = v[i].x < x0 ? v[i].x : x0;
            x1 = v[i].x > x1 ? v[i].x : x1;
            y0 = v[i].y < y0 ? v[i].y : y0;
            y1 = v[i].y > y1 ? v[i].y : y1;
        }
        for (size_t i = 0; i < n; i++)
            if (v[i].group != g)
                /* outside the area (members +1), so cluster areas part */
                assert_false(v[i].x >= x0 - 1 && v[i].x <= x1 + 1 &&
                             v[i].y >= y0 - 1 && v[i].y <= y1 + 1);
    }
    free(v);
}

static void
test_region_layout_separates_regions(void **state)
{
    size_t n = 300;
    struct layout_node *v = make_nodes(n);
    double b[3][4];
    (void)state;
    assert_int_equal(layout_arrange(v, n, LAYOUT_REGION), 0);
    for (int r = 0; r < 3; r++) {
        b[r][0] = b[r][1] = 1e9;
        b[r][2] = b[r][3] = -1e9;
    }
    for (size_t i = 0; i < n; i++) {
        double *q = b[v[i].region];
        q[0] = v[i].x < q[0] ? v[i].x : q[0];
        q[1] = v[i].y < q[1] ? v[i].y : q[1];
        q[2] = v[i].x > q[2] ? v[i].x : q[2];
        q[3] = v[i].y > q[3] ? v[i].y : q[3];
    }
    for (int a = 0; a < 3; a++)
        for (int c = a + 1; c < 3; c++) /* the zones (+2) do not overlap */
            assert_true(b[a][2] + 2 < b[c][0] - 2 ||
                        b[c][2] + 2 < b[a][0] - 2 ||
                        b[a][3] + 2 < b[c][1] - 2 || b[c][3] + 2 < b[a][1] - 2);
    free(v);
}

static void
test_arrange_keeps_kept_nodes(void **state)
{
    size_t n = 60;
    struct layout_node *v = make_nodes(n);
    (void)state;
    for (size_t i = 0; i < n; i += 3) {
        v[i].keep = 1;
        v[i].x = (double)(i % 6) * 2;
        v[i].y = (double)(i / 6) * 2;
    }
    for (int k = 0; k < LAYOUT__MAX; k++) {
        assert_int_equal(layout_arrange(v, n, (enum layout_kind)k), 0);
        for (size_t i = 0; i < n; i += 3) {
            assert_true(v[i].x == (double)(i % 6) * 2);
            assert_true(v[i].y == (double)(i / 6) * 2);
        }
        assert_apart(v, n);
    }
    free(v);
}

static void
test_new_nodes_join_their_cluster(void **state)
{
    size_t n = 40;
    struct layout_node *v = make_nodes(n);
    (void)state;
    assert_int_equal(layout_arrange(v, n, LAYOUT_AUTO), 0);
    for (size_t i = 0; i < n; i++)
        v[i].keep = 1;
    /* Two newcomers in group 1, one in no group. */
    v[12].keep = v[15].keep = v[39].keep = 0;
    v[12].x = v[15].x = v[39].x = 0;
    assert_int_equal(layout_place_new(v, n, LAYOUT_AUTO), 0);
    assert_apart(v, n);
    for (size_t i = 10; i < 20; i++) {
        if (i == 12 || i == 15)
            continue;
        /* somewhere around the cluster's other members */
        assert_true(dist(&v[12], &v[i]) < 12);
        assert_true(dist(&v[15], &v[i]) < 12);
    }
    free(v);
}

static void
test_many_new_nodes_become_a_block(void **state)
{
    size_t n = 1400;
    struct layout_node *v = make_nodes(n);
    (void)state;
    for (size_t i = 0; i < 100; i++) {
        v[i].keep = 1;
        v[i].x = (double)i; /* hand placed, side by side */
        v[i].y = 0;
    }
    assert_int_equal(layout_place_new(v, n, LAYOUT_GRID), 0);
    for (size_t i = 0; i < 100; i++)
        assert_true(v[i].x == (double)i && v[i].y == 0);
    assert_apart(v + 100, n - 100);
    for (size_t i = 100; i < n; i++)
        for (size_t j = 0; j < 100; j++)
            assert_true(dist(&v[i], &v[j]) >= 2);
    free(v);
}

static void
test_deterministic(void **state)
{
    struct layout_node *a = make_nodes(300), *b = make_nodes(300);
    (void)state;
    for (int k = 0; k < LAYOUT__MAX; k++) {
        assert_int_equal(layout_arrange(a, 300, (enum layout_kind)k), 0);
        assert_int_equal(layout_arrange(b, 300, (enum layout_kind)k), 0);
        assert_memory_equal(a, b, 300 * sizeof *a);
    }
    free(a);
    free(b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_names),
        cmocka_unit_test(test_every_kind_keeps_servers_apart),
        cmocka_unit_test(test_circle_is_round),
        cmocka_unit_test(test_auto_groups_clusters),
        cmocka_unit_test(test_region_layout_separates_regions),
        cmocka_unit_test(test_arrange_keeps_kept_nodes),
        cmocka_unit_test(test_new_nodes_join_their_cluster),
        cmocka_unit_test(test_many_new_nodes_become_a_block),
        cmocka_unit_test(test_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
