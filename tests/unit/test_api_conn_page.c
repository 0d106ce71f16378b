/* test_api_conn_page.c — connections in keyset pages for the API
 * (store_page.h): all of them by id, one server's by the other end (in
 * either direction, ids ignoring case), and one pair.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "store_page.h"
#include "storefx.h"

/* hub connected to 7 others, half of them pointing at it; b-1 -- b-2. */
static int
setup(void **state)
{
    struct fx *f;
    struct err e;
    const char *others[] = {"Spoke-3", "spoke-1", "spoke-7", "spoke-2",
                            "spoke-5", "spoke-4", "spoke-6"};
    storefx_open(state, "test_api_conn");
    f = *state;
    storefx_add(f->st, "hub", "web");
    storefx_add(f->st, "b-1", "web");
    storefx_add(f->st, "b-2", "web");
    for (size_t i = 0; i < 7; i++) {
        storefx_add(f->st, others[i], "web");
        if (i % 2)
            assert_int_equal(
                store_conn_add(f->st, others[i], "hub", "standard", &e), 0);
        else
            assert_int_equal(
                store_conn_add(f->st, "hub", others[i], "http", &e), 0);
    }
    assert_int_equal(store_conn_add(f->st, "b-1", "b-2", "cache", &e), 0);
    return 0;
}

/* Appends text to dst (size 512). */
static void
append(char *dst, const char *text)
{
    size_t n = strlen(dst);
    snprintf(dst + n, 512 - n, "%s", text);
}

struct seen {
    char text[512];
    struct connection last;
    size_t n;
    const char *server;
};

static int
collect(void *ctx, const struct connection *c)
{
    struct seen *s = ctx;
    const char *show = c->from;
    if (s->server != NULL)
        show = strcasecmp(c->from, s->server) == 0 ? c->to : c->from;
    else
        snprintf(s->text + strlen(s->text), sizeof s->text - strlen(s->text),
                 "%lld:", c->id);
    snprintf(s->text + strlen(s->text), sizeof s->text - strlen(s->text), "%s ",
             show);
    s->last = *c;
    s->n++;
    return 0;
}

static void
test_page_all_by_id(void **state)
{
    struct fx *f = *state;
    struct seen s = {0};
    struct err e;
    long long after = 0;
    size_t pages = 0;
    char all[512] = "";
    do {
        struct seen page = {0};
        assert_int_equal(store_conn_page(f->st, after, 3, collect, &page, &e),
                         0);
        append(all, page.text);
        after = page.last.id;
        s.n += page.n;
        pages++;
        if (page.n < 3)
            break;
    } while (pages < 10);
    assert_int_equal(s.n, 8);
    assert_int_equal(pages, 3);
    assert_string_equal(all, "1:hub 2:spoke-1 3:hub 4:spoke-2 5:hub 6:spoke-4 "
                             "7:hub 8:b-1 ");
}

static void
test_page_server_by_other_end(void **state)
{
    struct fx *f = *state;
    struct err e;
    char all[512] = "", after[VALID_ID_MAX + 1] = "";
    size_t pages = 0;
    for (;;) {
        struct seen page = {.server = "HUB"};
        assert_int_equal(
            store_conn_page_server(f->st, "HUB", after, 2, collect, &page, &e),
            0);
        append(all, page.text);
        pages++;
        if (page.n < 2 || pages > 10)
            break;
        snprintf(after, sizeof after, "%s",
                 strcasecmp(page.last.from, "hub") == 0 ? page.last.to
                                                        : page.last.from);
    }
    assert_int_equal(pages, 4);
    assert_string_equal(all, "spoke-1 spoke-2 Spoke-3 spoke-4 spoke-5 spoke-6 "
                             "spoke-7 ");
}

static void
test_page_limits_and_stops(void **state)
{
    struct fx *f = *state;
    struct seen s = {0};
    struct err e;
    assert_int_equal(store_conn_page(f->st, 0, 0, collect, &s, &e), 0);
    assert_int_equal(s.n, 1); /* limit 0 reads as 1 */
    memset(&s, 0, sizeof s);
    assert_int_equal(store_conn_page(f->st, 0, 5000, collect, &s, &e), 0);
    assert_int_equal(s.n, 8);
    memset(&s, 0, sizeof s);
    s.server = "nobody";
    assert_int_equal(
        store_conn_page_server(f->st, "nobody", "", 10, collect, &s, &e), 0);
    assert_int_equal(s.n, 0);
}

static void
test_get_pair_either_direction(void **state)
{
    struct fx *f = *state;
    struct connection c;
    struct err e;
    assert_int_equal(store_conn_get_pair(f->st, "B-2", "b-1", &c, &e), 0);
    assert_string_equal(c.from, "b-1");
    assert_string_equal(c.to, "b-2");
    assert_string_equal(c.type, "cache");
    assert_int_equal(store_conn_get_pair(f->st, "b-1", "hub", &c, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.key, "err_connection_not_found");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, storefx_teardown)
        T(test_page_all_by_id),
        T(test_page_server_by_other_end),
        T(test_page_limits_and_stops),
        T(test_get_pair_either_direction),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
