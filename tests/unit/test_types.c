/* test_types.c — the fixed vocabularies: the nine server types exactly as
 * the product defines them, connection types and server states.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "types.h"

struct want {
    const char *name, *color;
    int ports[TYPE_MAX_PORTS];
    size_t nports;
};

static const struct want WANT[] = {
    {"web", "#4CAF50", {80, 443, 8080}, 3},
    {"database", "#2196F3", {3306, 5432, 27017}, 3},
    {"dns", "#FF9800", {53}, 1},
    {"cache", "#9C27B0", {6379, 11211}, 2},
    {"loadbalancer", "#F44336", {80, 443, 1936}, 3},
    {"filesystem", "#795548", {22, 445}, 2},
    {"monitoring", "#607D8B", {9090, 3000}, 2},
    {"backup", "#FF5722", {22, 873}, 2},
    {"security", "#E91E63", {22, 443, 8080}, 3},
};

static void
test_type_count_is_nine(void **state)
{
    (void)state;
    assert_int_equal(SERVER_TYPE_COUNT, 9);
}

static void
test_types_in_product_order_with_colors(void **state)
{
    (void)state;
    for (size_t i = 0; i < 9; i++) {
        assert_string_equal(SERVER_TYPES[i].name, WANT[i].name);
        assert_string_equal(SERVER_TYPES[i].color, WANT[i].color);
    }
}

static void
test_types_ports(void **state)
{
    (void)state;
    for (size_t i = 0; i < 9; i++) {
        assert_int_equal(SERVER_TYPES[i].nports, WANT[i].nports);
        for (size_t j = 0; j < WANT[i].nports; j++)
            assert_int_equal(SERVER_TYPES[i].ports[j], WANT[i].ports[j]);
    }
}

static void
test_types_label_key_and_icon(void **state)
{
    (void)state;
    char want[64];
    for (size_t i = 0; i < 9; i++) {
        snprintf(want, sizeof want, "type_%s", WANT[i].name);
        assert_string_equal(SERVER_TYPES[i].label_key, want);
        snprintf(want, sizeof want, "type-%s.svg", WANT[i].name);
        assert_string_equal(SERVER_TYPES[i].icon, want);
    }
}

static void
test_types_find_returns_the_entry(void **state)
{
    (void)state;
    assert_ptr_equal(types_find("loadbalancer"), &SERVER_TYPES[4]);
    assert_ptr_equal(types_find("web"), &SERVER_TYPES[0]);
    assert_ptr_equal(types_find("security"), &SERVER_TYPES[8]);
}

static void
test_types_find_is_case_sensitive(void **state)
{
    (void)state;
    assert_null(types_find("Web"));
}

static void
test_types_find_unknown_empty_null(void **state)
{
    (void)state;
    assert_null(types_find("mail"));
    assert_null(types_find(""));
    assert_null(types_find("web "));
    assert_null(types_find(NULL));
}

static void
test_conn_types_list(void **state)
{
    (void)state;
    static const char *const want[] = {"standard", "http", "database", "cache",
                                       "monitoring"};
    assert_int_equal(CONN_TYPE_COUNT, 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(CONN_TYPES[i], want[i]);
}

static void
test_conn_type_valid(void **state)
{
    (void)state;
    assert_int_equal(conn_type_valid("standard"), 1);
    assert_int_equal(conn_type_valid("monitoring"), 1);
    assert_int_equal(conn_type_valid("HTTP"), 0);
    assert_int_equal(conn_type_valid("web"), 0);
    assert_int_equal(conn_type_valid(""), 0);
    assert_int_equal(conn_type_valid(NULL), 0);
}

static void
test_states_list(void **state)
{
    (void)state;
    static const char *const want[] = {"unknown", "active", "warning",
                                       "inactive"};
    assert_int_equal(SERVER_STATE_COUNT, 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(SERVER_STATES[i], want[i]);
}

static void
test_server_state_valid(void **state)
{
    (void)state;
    assert_int_equal(server_state_valid("unknown"), 1);
    assert_int_equal(server_state_valid("inactive"), 1);
    assert_int_equal(server_state_valid("down"), 0);
    assert_int_equal(server_state_valid("Active"), 0);
    assert_int_equal(server_state_valid(NULL), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_count_is_nine),
        cmocka_unit_test(test_types_in_product_order_with_colors),
        cmocka_unit_test(test_types_ports),
        cmocka_unit_test(test_types_label_key_and_icon),
        cmocka_unit_test(test_types_find_returns_the_entry),
        cmocka_unit_test(test_types_find_is_case_sensitive),
        cmocka_unit_test(test_types_find_unknown_empty_null),
        cmocka_unit_test(test_conn_types_list),
        cmocka_unit_test(test_conn_type_valid),
        cmocka_unit_test(test_states_list),
        cmocka_unit_test(test_server_state_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
