/* test_html.c — escaping for HTML text and URL arguments.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "html.h"

static void
test_text_escapes_all_five(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 256);
    assert_int_equal(html_text(&b, "<a href=\"x\">&'"), 0);
    assert_string_equal(buf_cstr(&b), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    buf_free(&b);
}

static void
test_text_keeps_utf8_and_plain_text(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 256);
    assert_int_equal(html_text(&b, "Clúster ñ 1"), 0);
    assert_int_equal(html_text(&b, NULL), 0);
    assert_string_equal(buf_cstr(&b), "Clúster ñ 1");
    buf_free(&b);
}

static void
test_text_fails_cleanly_when_full(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 6);
    assert_int_equal(html_text(&b, "<<"), -1);
    buf_free(&b);
}

static void
test_url_arg_encodes_reserved(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 256);
    assert_int_equal(html_url_arg(&b, "a b&c=d/é\"<~._-"), 0);
    assert_string_equal(buf_cstr(&b), "a%20b%26c%3Dd%2F%C3%A9%22%3C~._-");
    buf_free(&b);
}

static void
test_lit_and_int(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 256);
    html_lit(&b, "<td>");
    html_int(&b, -12345678901LL);
    assert_string_equal(buf_cstr(&b), "<td>-12345678901");
    buf_free(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_escapes_all_five),
        cmocka_unit_test(test_text_keeps_utf8_and_plain_text),
        cmocka_unit_test(test_text_fails_cleanly_when_full),
        cmocka_unit_test(test_url_arg_encodes_reserved),
        cmocka_unit_test(test_lit_and_int),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
