/* test_api_json.c — typed JSON bodies of the API (every kind accepted and
 * refused, unknown keys named, malformed input), timestamps and replies.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_json.h"

static const struct api_key KEYS[] = {
    {"s", API_STRING},     {"sn", API_STRING_NULL}, {"ss", API_STRINGS},
    {"in", API_INTS_NULL}, {"b", API_BOOL},         {"p", API_POSITION_NULL},
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

/* api_body on text; returns the object or NULL with *e set. */
static json_t *
body(const char *text, struct err *e)
{
    struct app a;
    memset(&a, 0, sizeof a);
    a.body = (char *)text;
    a.body_len = text ? strlen(text) : 0;
    err_clear(e);
    return api_body(&a, KEYS, NKEYS, e);
}

static void
accepted(const char *text)
{
    struct err e;
    json_t *doc = body(text, &e);
    if (doc == NULL)
        fail_msg("refused %s: %s %s", text, e.field, e.key);
    json_decref(doc);
}

static void
refused(const char *text, const char *field, const char *key)
{
    struct err e;
    json_t *doc = body(text, &e);
    if (doc != NULL)
        fail_msg("accepted %s", text);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, field);
    assert_string_equal(e.key, key);
}

static void
test_body_accepts_each_kind(void **state)
{
    (void)state;
    accepted("{}");
    accepted("{\"s\":\"x\",\"sn\":null,\"ss\":[],\"in\":null,\"b\":false,"
             "\"p\":null}");
    accepted("{\"sn\":\"x\",\"ss\":[\"a\",\"b\"],\"in\":[1,-2],\"b\":true,"
             "\"p\":{\"y\":1.5,\"x\":-3}}");
}

static void
test_body_refuses_wrong_kinds(void **state)
{
    (void)state;
    refused("{\"s\":1}", "s", "api_err_want_string");
    refused("{\"s\":null}", "s", "api_err_want_string");
    refused("{\"sn\":[]}", "sn", "api_err_want_string_null");
    refused("{\"ss\":[\"a\",1]}", "ss", "api_err_want_strings");
    refused("{\"ss\":\"a\"}", "ss", "api_err_want_strings");
    refused("{\"in\":[1.5]}", "in", "api_err_want_ints_null");
    refused("{\"in\":[\"80\"]}", "in", "api_err_want_ints_null");
    refused("{\"b\":1}", "b", "api_err_want_bool");
    refused("{\"b\":\"true\"}", "b", "api_err_want_bool");
    refused("{\"p\":{\"x\":1}}", "p", "api_err_want_position_null");
    refused("{\"p\":{\"x\":1,\"y\":2,\"z\":3}}", "p",
            "api_err_want_position_null");
    refused("{\"p\":{\"x\":\"1\",\"y\":2}}", "p", "api_err_want_position_null");
    refused("{\"p\":[1,2]}", "p", "api_err_want_position_null");
}

static void
test_body_names_unknown_keys(void **state)
{
    (void)state;
    refused("{\"s\":\"x\",\"colour\":\"red\"}", "colour",
            "api_err_unknown_key");
    /* A key that could not be echoed safely is named "?". */
    refused("{\"caf\\u00e9\":1}", "?", "api_err_unknown_key");
    refused("{\"a b\":1}", "?", "api_err_unknown_key");
    refused("{\"abcdefghijklmnopqrstuvwxyz0123456789\":1}", "?",
            "api_err_unknown_key");
}

static void
test_body_refuses_malformed(void **state)
{
    (void)state;
    refused(NULL, "", "api_err_body_required");
    refused("", "", "api_err_body_required");
    refused("{\"s\":", "", "err_bad_json");
    refused("{\"s\":\"a\",\"s\":\"b\"}", "", "err_bad_json");
    refused("[]", "", "api_err_not_object");
    refused("\"s\"", "", "err_bad_json");
}

static void
test_body_limits_list_length(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 16u * 1024 * 1024);
    buf_add(&b, "{\"in\":[");
    for (int i = 0; i <= API_LIST_MAX; i++)
        buf_add(&b, i ? ",1" : "1");
    buf_add(&b, "]}");
    refused(buf_cstr(&b), "in", "api_err_too_many");
    buf_free(&b);
}

static void
test_time_is_utc_iso8601(void **state)
{
    (void)state;
    json_t *t = api_time(0);
    assert_string_equal(json_string_value(t), "1970-01-01T00:00:00Z");
    json_decref(t);
    t = api_time(1795939200);
    assert_string_equal(json_string_value(t), "2026-11-29T08:00:00Z");
    json_decref(t);
}

static void
test_reply_renders_compact_json(void **state)
{
    struct app a;
    struct err e;
    (void)state;
    memset(&a, 0, sizeof a);
    buf_init(&a.out, 1024);
    buf_add(&a.out, "old");
    assert_int_equal(api_reply(&a, json_pack("{s:s}", "k", "a/b"), &e), 0);
    assert_string_equal(buf_cstr(&a.out), "{\"k\":\"a\\/b\"}\n");
    assert_int_equal(api_reply(&a, NULL, &e), -1);
    assert_int_equal(e.code, ERR_INTERNAL);
    buf_free(&a.out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_accepts_each_kind),
        cmocka_unit_test(test_body_refuses_wrong_kinds),
        cmocka_unit_test(test_body_names_unknown_keys),
        cmocka_unit_test(test_body_refuses_malformed),
        cmocka_unit_test(test_body_limits_list_length),
        cmocka_unit_test(test_time_is_utc_iso8601),
        cmocka_unit_test(test_reply_renders_compact_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
