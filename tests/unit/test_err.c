/* test_err.c — the error shape and its HTTP mapping.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "err.h"

static void
test_set_fills_and_returns_minus_one(void **state)
{
    struct err e;
    (void)state;
    assert_int_equal(
        err_set(&e, ERR_CONFLICT, "id", "err_server_exists", "web1", NULL), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.field, "id");
    assert_string_equal(e.key, "err_server_exists");
    assert_string_equal(e.arg[0], "web1");
    assert_string_equal(e.arg[1], "");
}

static void
test_long_argument_is_truncated_not_overflowed(void **state)
{
    struct err e;
    char big[400];
    (void)state;
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    err_set(&e, ERR_INVALID, big, big, big, big);
    assert_int_equal(strlen(e.field), sizeof e.field - 1);
    assert_int_equal(strlen(e.arg[1]), sizeof e.arg[1] - 1);
}

static void
test_status_table(void **state)
{
    (void)state;
    assert_int_equal(err_http_status(ERR_OK), 200);
    assert_int_equal(err_http_status(ERR_INVALID), 400);
    assert_int_equal(err_http_status(ERR_FORBIDDEN), 403);
    assert_int_equal(err_http_status(ERR_NOT_FOUND), 404);
    assert_int_equal(err_http_status(ERR_METHOD), 405);
    assert_int_equal(err_http_status(ERR_CONFLICT), 409);
    assert_int_equal(err_http_status(ERR_TOO_LARGE), 413);
    assert_int_equal(err_http_status(ERR_MEDIA_TYPE), 415);
    assert_int_equal(err_http_status(ERR_BUSY), 503);
    assert_int_equal(err_http_status(ERR_INTERNAL), 500);
    assert_int_equal(err_http_status((enum err_code)99), 500);
    assert_string_equal(err_http_reason(415), "Unsupported Media Type");
    assert_string_equal(err_http_reason(201), "Created");
    assert_string_equal(err_code_name(ERR_NOT_FOUND), "not_found");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_fills_and_returns_minus_one),
        cmocka_unit_test(test_long_argument_is_truncated_not_overflowed),
        cmocka_unit_test(test_status_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
