/* test_buf.c — the bounded buffer: growth, limits, formatting, stealing.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"

static void
test_empty_buffer_is_empty_string(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 16);
    assert_string_equal(buf_cstr(&b), "");
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

static void
test_adds_concatenate(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 64);
    assert_int_equal(buf_add(&b, "ab"), 0);
    assert_int_equal(buf_addc(&b, 'c'), 0);
    assert_int_equal(buf_addn(&b, "dexyz", 2), 0);
    assert_int_equal(buf_addf(&b, "-%d-%s", 42, "z"), 0);
    assert_string_equal(buf_cstr(&b), "abcde-42-z");
    buf_free(&b);
}

static void
test_max_is_enforced_and_buffer_unchanged(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 5);
    assert_int_equal(buf_add(&b, "12345"), 0);
    assert_int_equal(buf_add(&b, "6"), -1);
    assert_int_equal(buf_addf(&b, "%s", "x"), -1);
    assert_string_equal(buf_cstr(&b), "12345");
    buf_free(&b);
}

static void
test_long_format_grows(void **state)
{
    struct buf b;
    char big[1000];
    (void)state;
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    buf_init(&b, 4096);
    assert_int_equal(buf_addf(&b, "<%s>", big), 0);
    assert_int_equal(b.len, 1001);
    assert_int_equal(buf_cstr(&b)[1000], '>');
    buf_free(&b);
}

static void
test_reset_keeps_working(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 64);
    buf_add(&b, "old");
    buf_reset(&b);
    buf_add(&b, "new");
    assert_string_equal(buf_cstr(&b), "new");
    buf_free(&b);
    buf_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_buffer_is_empty_string),
        cmocka_unit_test(test_adds_concatenate),
        cmocka_unit_test(test_max_is_enforced_and_buffer_unchanged),
        cmocka_unit_test(test_long_format_grows),
        cmocka_unit_test(test_reset_keeps_working),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
