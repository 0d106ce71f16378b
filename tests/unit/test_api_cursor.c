/* test_api_cursor.c — the API's opaque cursors: base64url both ways, and a
 * cursor opens only when it is exactly what api_cursor_make wrote.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_cursor.h"

static void
test_b64url_known_values(void **state)
{
    char out[32];
    (void)state;
    api_b64url_encode((const unsigned char *)"", 0, out);
    assert_string_equal(out, "");
    api_b64url_encode((const unsigned char *)"f", 1, out);
    assert_string_equal(out, "Zg");
    api_b64url_encode((const unsigned char *)"fo", 2, out);
    assert_string_equal(out, "Zm8");
    api_b64url_encode((const unsigned char *)"foo", 3, out);
    assert_string_equal(out, "Zm9v");
    /* 0xfb 0xff: the two characters that differ from base64 */
    api_b64url_encode((const unsigned char *)"\xfb\xff", 2, out);
    assert_string_equal(out, "-_8");
}

static void
test_b64url_round_trip_every_byte(void **state)
{
    unsigned char in[256], back[256];
    char text[400];
    (void)state;
    for (int i = 0; i < 256; i++)
        in[i] = (unsigned char)i;
    for (size_t n = 0; n <= sizeof in; n += 37) {
        api_b64url_encode(in, n, text);
        assert_int_equal(api_b64url_decode(text, back, sizeof back), (long)n);
        assert_memory_equal(in, back, n);
    }
}

static void
test_b64url_decode_refuses(void **state)
{
    unsigned char out[16];
    (void)state;
    assert_int_equal(api_b64url_decode("Zm9v=", out, sizeof out), -1);
    assert_int_equal(api_b64url_decode("Zm+v", out, sizeof out), -1);
    assert_int_equal(api_b64url_decode("Zm/v", out, sizeof out), -1);
    assert_int_equal(api_b64url_decode("Z", out, sizeof out), -1);
    /* "Zh" decodes to 'f' with non-zero padding bits: not canonical */
    assert_int_equal(api_b64url_decode("Zh", out, sizeof out), -1);
    assert_int_equal(api_b64url_decode("Zm9vZm9v", out, 3), -1);
}

static void
test_cursor_round_trip(void **state)
{
    struct err e;
    (void)state;
    json_t *c = api_cursor_make(json_pack("[s, s, I]", "t", "é/\"x", 42));
    assert_non_null(c);
    json_t *doc = api_cursor_open(json_string_value(c), "t", 3, &e);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_array_get(doc, 1)), "é/\"x");
    assert_int_equal(json_integer_value(json_array_get(doc, 2)), 42);
    json_decref(doc);
    json_decref(c);
}

/* Opens text as base64url of raw, expecting a refusal. */
static void
refused(const char *raw, const char *tag, size_t n)
{
    char text[256];
    struct err e;
    err_clear(&e);
    api_b64url_encode((const unsigned char *)raw, strlen(raw), text);
    assert_null(api_cursor_open(text, tag, n, &e));
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, "cursor");
    assert_string_equal(e.key, "api_err_bad_cursor");
}

static void
test_cursor_refuses_what_it_did_not_make(void **state)
{
    (void)state;
    refused("[\"t\",1]", "other", 2); /* another listing's tag */
    refused("[\"t\",1]", "t", 3);     /* another shape */
    refused("[\"t\", 1]", "t", 2);    /* not the compact text */
    refused("{\"t\":1}", "t", 1);     /* not an array */
    refused("[1,\"t\"]", "t", 2);     /* tag not first */
    refused("[\"t\",1", "t", 2);      /* not JSON */
    refused("", "t", 1);              /* empty */
    refused("[\"t\",1,1]", "t", 2);
}

static void
test_cursor_refuses_bad_text(void **state)
{
    struct err e;
    char big[API_CURSOR_MAX + 8];
    (void)state;
    assert_null(api_cursor_open("not a cursor!", "t", 1, &e));
    assert_string_equal(e.key, "api_err_bad_cursor");
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_null(api_cursor_open(big, "t", 1, &e));
}

static void
test_cursor_make_refuses_too_long(void **state)
{
    char big[API_CURSOR_MAX];
    (void)state;
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_null(api_cursor_make(json_pack("[s, s]", "t", big)));
    assert_null(api_cursor_make(NULL));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_b64url_known_values),
        cmocka_unit_test(test_b64url_round_trip_every_byte),
        cmocka_unit_test(test_b64url_decode_refuses),
        cmocka_unit_test(test_cursor_round_trip),
        cmocka_unit_test(test_cursor_refuses_what_it_did_not_make),
        cmocka_unit_test(test_cursor_refuses_bad_text),
        cmocka_unit_test(test_cursor_make_refuses_too_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
