/* test_store_limit.c — Module Config's max_servers: the store refuses the
 * server past the limit, counts the whole estate even for a limited user,
 * and 0 means no limit.
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

static int
add(struct store *st, const char *id, struct err *e)
{
    struct server s;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "%s", id);
    snprintf(s.name, sizeof s.name, "%s", id);
    snprintf(s.type, sizeof s.type, "web");
    snprintf(s.ip, sizeof s.ip, "10.0.0.1");
    snprintf(s.status, sizeof s.status, "unknown");
    return store_server_add(st, &s, e);
}

static void
test_limit(void **state)
{
    (void)state;
    char dir[64], path[128];
    struct store *st;
    struct err e;
    struct store_totals t;
    assert_int_equal(testfs_mkdtemp(dir, sizeof dir, "test_limit"), 0);
    snprintf(path, sizeof path, "%s/cluster.db", dir);
    assert_int_equal(store_open(path, &st, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    store_set_max_servers(st, 2);
    assert_int_equal(add(st, "s1", &e), 0);
    assert_int_equal(add(st, "s2", &e), 0);
    assert_int_equal(add(st, "s3", &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.key, "err_max_servers");
    assert_string_equal(e.arg[0], "2");
    assert_int_equal(store_check_room(st, 0, &e), 0);
    assert_int_equal(store_check_room(st, 1, &e), -1);
    assert_int_equal(store_server_delete(st, "s1", &e), 0);
    assert_int_equal(add(st, "s3", &e), 0); /* room again */
    store_set_max_servers(st, 0);
    assert_int_equal(add(st, "s4", &e), 0); /* no limit */
    assert_int_equal(store_totals(st, &t, &e), 0);
    assert_int_equal(t.servers, 3);
    assert_int_equal(store_commit(st, &e), 0);
    store_close(st);

    /* A user limited to an empty scope still counts the whole estate. */
    assert_int_equal(store_open(path, &st, &e), 0);
    assert_int_equal(store_set_scope(st, NULL, 0, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    store_set_max_servers(st, 3);
    assert_int_equal(add(st, "s5", &e), -1);
    assert_string_equal(e.key, "err_max_servers");
    store_close(st);
    assert_int_equal(testfs_rmtree(dir), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_limit)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
