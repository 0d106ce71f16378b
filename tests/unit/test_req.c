/* test_req.c — request parsing: urlencoded and JSON data, every limit and
 * rejection of req.h with its exact code, field and lang key, the
 * accessors, req_read_body on a pipe and req_env_load.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "req.h"

static const struct field FIELDS[] = {
    {"name", 0},
    {"host", 0},
    {"tag", FIELD_LIST},
    {"desc", 0},
};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])

#define FORM "application/x-www-form-urlencoded"
#define JSON "application/json"

/* Parses query and a copy of body[0..len) in a buffer of exactly len bytes
 * (no NUL after it, so that reading past len is caught by ASan). */
static int
parse(const char *query, const char *ct, const char *body, size_t len,
      struct req *r, struct err *e)
{
    struct req_env env = {0};
    env.method = "POST";
    env.query = query;
    env.content_type = ct;
    char *copy = NULL;
    if (len > 0) {
        copy = malloc(len);
        assert_non_null(copy);
        memcpy(copy, body, len);
    }
    err_clear(e);
    int rc = req_parse(&env, copy, len, FIELDS, NFIELDS, r, e);
    free(copy);
    return rc;
}

static int
parse_body(const char *ct, const char *body, struct req *r, struct err *e)
{
    return parse(NULL, ct, body, strlen(body), r, e);
}

/* Asserts a failed parse: code, field, key, first argument, empty out. */
static void
check_fail(int rc, const struct req *r, const struct err *e, enum err_code code,
           const char *field, const char *key, const char *arg)
{
    assert_int_equal(rc, -1);
    assert_int_equal(e->code, code);
    assert_string_equal(e->field, field);
    assert_string_equal(e->key, key);
    assert_string_equal(e->arg[0], arg ? arg : "");
    assert_int_equal(r->n, 0);
    assert_null(r->p);
}

static void
check_pair(const struct req *r, size_t i, const char *key, const char *val)
{
    assert_true(i < r->n);
    assert_string_equal(r->p[i].key, key);
    assert_string_equal(r->p[i].val, val);
}

/* Fills buf with n copies of the pattern pat and a NUL. */
static char *
fill(char *buf, const char *pat, size_t n)
{
    size_t k = strlen(pat);
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * k, pat, k);
    buf[n * k] = '\0';
    return buf;
}

/* ---- req_method_parse ---- */

static void
test_method_parse(void **state)
{
    (void)state;
    assert_int_equal(req_method_parse(NULL), METHOD_GET);
    assert_int_equal(req_method_parse("GET"), METHOD_GET);
    assert_int_equal(req_method_parse("HEAD"), METHOD_HEAD);
    assert_int_equal(req_method_parse("POST"), METHOD_POST);
    assert_int_equal(req_method_parse("PUT"), METHOD_PUT);
    assert_int_equal(req_method_parse("PATCH"), METHOD_PATCH);
    assert_int_equal(req_method_parse("DELETE"), METHOD_DELETE);
    assert_int_equal(req_method_parse("post"), METHOD_OTHER);
    assert_int_equal(req_method_parse(""), METHOD_OTHER);
}

static void
test_parse_sets_method(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("name=a", NULL, NULL, 0, &r, &e), 0);
    assert_int_equal(r.method, METHOD_POST);
    req_free(&r);
}

/* ---- urlencoded ---- */

static void
test_query_pairs_in_order(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("host=h1&name=web", NULL, NULL, 0, &r, &e), 0);
    assert_int_equal(r.n, 2);
    check_pair(&r, 0, "host", "h1");
    check_pair(&r, 1, "name", "web");
    req_free(&r);
}

static void
test_plus_is_space_and_pct2b_is_plus(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("name=a+b%2Bc%20d", NULL, NULL, 0, &r, &e), 0);
    assert_string_equal(req_get(&r, "name"), "a b+c d");
    req_free(&r);
}

static void
test_key_without_equals_is_empty_value(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("name", NULL, NULL, 0, &r, &e), 0);
    assert_int_equal(r.n, 1);
    check_pair(&r, 0, "name", "");
    req_free(&r);
}

static void
test_empty_pairs_skipped(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("&&name=a&&", NULL, NULL, 0, &r, &e), 0);
    assert_int_equal(r.n, 1);
    check_pair(&r, 0, "name", "a");
    req_free(&r);
}

static void
test_encoded_key(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("%6eame=x", NULL, NULL, 0, &r, &e), 0);
    check_pair(&r, 0, "name", "x");
    req_free(&r);
}

static void
test_query_then_body(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("tag=q", FORM, "name=b&tag=b", 12, &r, &e), 0);
    assert_int_equal(r.n, 3);
    check_pair(&r, 0, "tag", "q");
    check_pair(&r, 1, "name", "b");
    check_pair(&r, 2, "tag", "b");
    req_free(&r);
}

static void
test_list_field_repeats(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("tag=a&name=n&tag=b", NULL, NULL, 0, &r, &e), 0);
    assert_int_equal(req_count(&r, "tag"), 2);
    assert_string_equal(req_get_nth(&r, "tag", 0), "a");
    assert_string_equal(req_get_nth(&r, "tag", 1), "b");
    assert_null(req_get_nth(&r, "tag", 2));
    req_free(&r);
}

static void
test_accessors_missing_key(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("name=a", NULL, NULL, 0, &r, &e), 0);
    assert_null(req_get(&r, "host"));
    assert_int_equal(req_count(&r, "host"), 0);
    assert_null(req_get(NULL, "name"));
    assert_null(req_get(&r, NULL));
    req_free(&r);
}

static void
test_repeated_param(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("name=a&name=b", NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "name", "err_repeated_param", "name");
}

static void
test_repeated_across_query_and_body(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("host=a", FORM, "host=b", 6, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "host", "err_repeated_param", "host");
}

static void
test_unknown_param(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("name=a&colour=red", NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "colour", "err_unknown_param",
               "colour");
}

static void
test_empty_key_is_unknown(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("=x", NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_unknown_param", "");
}

static void
test_authentic_keys_dropped(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(
        parse("_=1&xnavigation=1&name=a&_pjax=%23c&_=2", NULL, NULL, 0, &r, &e),
        0);
    assert_int_equal(r.n, 1);
    check_pair(&r, 0, "name", "a");
    req_free(&r);
}

static void
test_bad_escape_in_value(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("name=a%G1", NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "name", "err_bad_encoding", "name");
}

static void
test_bad_escape_in_key(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("na%zme=a", NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_bad_encoding", "");
}

static void
test_escape_cut_by_length_not_read_past(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    /* The bytes "41" follow in memory but lie past len. */
    int rc = parse(NULL, FORM, "name=a%41", 7, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "name", "err_bad_encoding", "name");
}

static void
test_decoded_nul_refused(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("name=a%00b", NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "name", "err_control_chars", "name");
}

static void
test_raw_nul_in_body_refused(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse(NULL, FORM, "name=a\0b", 8, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "name", "err_control_chars", "name");
}

static void
test_control_char_refused(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("desc=a%1Bb", NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "desc", "err_control_chars", "desc");
}

static void
test_c1_control_refused(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("desc=%C2%85", NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "desc", "err_control_chars", "desc");
}

static void
test_tab_cr_lf_allowed(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("desc=a%09b%0D%0Ac", NULL, NULL, 0, &r, &e), 0);
    assert_string_equal(req_get(&r, "desc"), "a\tb\r\nc");
    req_free(&r);
}

static void
test_control_char_in_key(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("na%0Ame=a", NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_control_chars", "");
}

static void
test_bad_utf8_value(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("name=%C3%28", NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "name", "err_bad_utf8", NULL);
}

static void
test_bad_utf8_key(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("%FF=a", NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_bad_utf8", NULL);
}

static void
test_utf8_value_kept(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("name=%C3%A9t%C3%A9", NULL, NULL, 0, &r, &e), 0);
    assert_string_equal(req_get(&r, "name"), "\xc3\xa9t\xc3\xa9");
    req_free(&r);
}

static void
test_key_too_long(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    char q[64];
    fill(q, "k", 33);
    int rc = parse(q, NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_key_too_long", NULL);
}

static void
test_key_of_32_is_looked_up(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    char q[64];
    fill(q, "k", 32);
    int rc = parse(q, NULL, NULL, 0, &r, &e);
    /* err.field holds 31 bytes; the argument holds the whole key. */
    assert_int_equal(rc, -1);
    assert_string_equal(e.key, "err_unknown_param");
    assert_string_equal(e.arg[0], q);
}

static void
test_value_max(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    static char q[4200];
    memcpy(q, "desc=", 5);
    fill(q + 5, "v", 4096);
    assert_int_equal(parse(q, NULL, NULL, 0, &r, &e), 0);
    assert_int_equal(strlen(req_get(&r, "desc")), 4096);
    req_free(&r);
}

static void
test_value_too_long(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    static char q[4200];
    memcpy(q, "desc=", 5);
    fill(q + 5, "v", 4097);
    int rc = parse(q, NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "desc", "err_value_too_long", "desc");
}

static void
test_value_limit_is_decoded_length(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    static char b[13000];
    memcpy(b, "desc=", 5);
    fill(b + 5, "%41", 4096); /* 12288 bytes decoding to 4096 */
    assert_int_equal(parse_body(FORM, b, &r, &e), 0);
    assert_int_equal(strlen(req_get(&r, "desc")), 4096);
    req_free(&r);
}

static void
test_params_max(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    static char b[8000];
    fill(b, "tag=1&", 1024);
    assert_int_equal(parse_body(FORM, b, &r, &e), 0);
    assert_int_equal(r.n, 1024);
    req_free(&r);
}

static void
test_too_many_params(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    static char b[8000];
    fill(b, "tag=1&", 1024);
    int rc = parse("tag=0", FORM, b, strlen(b), &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_too_many_params", "1024");
}

static void
test_dropped_pairs_count_too(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    static char b[4200];
    fill(b, "_=1&", 1025);
    int rc = parse_body(FORM, b, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_too_many_params", "1024");
}

static void
test_query_max(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    static char q[REQ_MAX_QUERY + 2];
    memcpy(q, "desc=", 5);
    fill(q + 5, "%41", (REQ_MAX_QUERY - 5) / 3);
    size_t n = strlen(q);
    memset(q + n, '+', REQ_MAX_QUERY - n);
    q[REQ_MAX_QUERY] = '\0';
    assert_int_equal(parse(q, NULL, NULL, 0, &r, &e), 0);
    req_free(&r);
}

static void
test_query_too_large(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    static char q[REQ_MAX_QUERY + 2];
    memcpy(q, "desc=", 5);
    memset(q + 5, 'a', REQ_MAX_QUERY - 4);
    q[REQ_MAX_QUERY + 1] = '\0';
    int rc = parse(q, NULL, NULL, 0, &r, &e);
    check_fail(rc, &r, &e, ERR_TOO_LARGE, "", "err_query_too_large", NULL);
}

static void
test_body_too_large(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    char *b = calloc(1, REQ_MAX_BODY + 1);
    assert_non_null(b);
    int rc = parse(NULL, FORM, b, REQ_MAX_BODY + 1, &r, &e);
    free(b);
    check_fail(rc, &r, &e, ERR_TOO_LARGE, "", "err_body_too_large", "65536");
}

static void
test_body_max_accepted(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    char *b = malloc(REQ_MAX_BODY);
    assert_non_null(b);
    memcpy(b, "desc=x&", 7);
    memset(b + 7, '&', REQ_MAX_BODY - 7);
    int rc = parse(NULL, FORM, b, REQ_MAX_BODY, &r, &e);
    free(b);
    assert_int_equal(rc, 0);
    assert_string_equal(req_get(&r, "desc"), "x");
    req_free(&r);
}

static void
test_error_after_pairs_leaves_out_empty(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("name=a&tag=1&tag=2", FORM, "host=h&bogus=1", 14, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "bogus", "err_unknown_param", "bogus");
}

/* ---- media types ---- */

static void
test_media_text_plain(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body("text/plain", "name=a", &r, &e);
    check_fail(rc, &r, &e, ERR_MEDIA_TYPE, "", "err_media_type", "text/plain");
}

static void
test_media_multipart(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body("multipart/form-data; boundary=x", "--x--", &r, &e);
    check_fail(rc, &r, &e, ERR_MEDIA_TYPE, "", "err_media_type",
               "multipart/form-data; boundary=x");
}

static void
test_media_missing(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body(NULL, "name=a", &r, &e);
    check_fail(rc, &r, &e, ERR_MEDIA_TYPE, "", "err_media_type", "");
}

static void
test_media_prefix_not_enough(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body("application/jsonp", "{}", &r, &e);
    check_fail(rc, &r, &e, ERR_MEDIA_TYPE, "", "err_media_type",
               "application/jsonp");
}

static void
test_media_arg_cut_and_printable(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    char ct[200];
    fill(ct, "x", 150);
    ct[0] = '\n';
    int rc = parse_body(ct, "a", &r, &e);
    assert_int_equal(rc, -1);
    assert_int_equal(e.code, ERR_MEDIA_TYPE);
    assert_int_equal(strlen(e.arg[0]), 64);
    assert_memory_equal(e.arg[0], "?xx", 3);
}

static void
test_media_case_and_parameters(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse_body(" Application/X-WWW-Form-URLencoded ;"
                                " charset=UTF-8",
                                "name=a", &r, &e),
                     0);
    assert_string_equal(req_get(&r, "name"), "a");
    req_free(&r);
    assert_int_equal(parse_body("APPLICATION/JSON;charset=utf-8",
                                "{\"name\":\"j\"}", &r, &e),
                     0);
    assert_string_equal(req_get(&r, "name"), "j");
    req_free(&r);
}

static void
test_empty_body_content_type_not_checked(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("name=a", "text/plain", "", 0, &r, &e), 0);
    assert_int_equal(r.n, 1);
    req_free(&r);
}

/* ---- JSON ---- */

static void
test_json_strings_in_order(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(
        parse_body(JSON, "{\"host\":\"h\",\"name\":\"n\"}", &r, &e), 0);
    assert_int_equal(r.n, 2);
    check_pair(&r, 0, "host", "h");
    check_pair(&r, 1, "name", "n");
    req_free(&r);
}

static void
test_json_scalars_as_text(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(
        parse_body(JSON, "{\"tag\":[-42,0.1,true,false,null,1e300,\"s\",2.50]}",
                   &r, &e),
        0);
    assert_int_equal(r.n, 8);
    check_pair(&r, 0, "tag", "-42");
    check_pair(&r, 1, "tag", "0.1");
    check_pair(&r, 2, "tag", "true");
    check_pair(&r, 3, "tag", "false");
    check_pair(&r, 4, "tag", "");
    check_pair(&r, 5, "tag", "1e+300");
    check_pair(&r, 6, "tag", "s");
    check_pair(&r, 7, "tag", "2.5");
    req_free(&r);
}

static void
test_json_empty_array(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse_body(JSON, "{\"tag\":[],\"name\":\"a\"}", &r, &e),
                     0);
    assert_int_equal(r.n, 1);
    assert_int_equal(req_count(&r, "tag"), 0);
    req_free(&r);
}

static void
test_json_array_for_scalar_field(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body(JSON, "{\"name\":[\"a\"]}", &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "name", "err_repeated_param", "name");
}

static void
test_json_nested_object(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body(JSON, "{\"name\":{\"a\":1}}", &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "name", "err_json_shape", "name");
}

static void
test_json_array_of_arrays(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body(JSON, "{\"tag\":[\"a\",[\"b\"]]}", &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "tag", "err_json_shape", "tag");
}

static void
test_json_top_level_array(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body(JSON, "[\"name\",\"a\"]", &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_json_shape", "");
}

static void
test_json_top_level_string(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    /* jansson refuses a bare scalar without JSON_DECODE_ANY. */
    int rc = parse_body(JSON, "\"name\"", &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_bad_json", "1");
}

static void
test_json_malformed_line(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body(JSON, "{\"name\":\"a\",\n\n\"host\":}", &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_bad_json", "3");
}

static void
test_json_duplicate_keys(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body(JSON, "{\"tag\":\"a\",\"tag\":\"b\"}", &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_bad_json", "1");
}

static void
test_json_escaped_nul(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body(JSON, "{\"name\":\"a\\u0000b\"}", &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_bad_json", "1");
}

static void
test_json_control_char(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body(JSON, "{\"desc\":\"a\\u001bb\"}", &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "desc", "err_control_chars", "desc");
}

static void
test_json_newline_kept(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse_body(JSON, "{\"desc\":\"a\\nb\"}", &r, &e), 0);
    assert_string_equal(req_get(&r, "desc"), "a\nb");
    req_free(&r);
}

static void
test_json_unknown_key(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse_body(JSON, "{\"name\":\"a\",\"admin\":true}", &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "admin", "err_unknown_param", "admin");
}

static void
test_json_dropped_keys_any_shape(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(
        parse_body(JSON, "{\"_\":{\"x\":[1]},\"xnavigation\":1,\"name\":\"a\"}",
                   &r, &e),
        0);
    assert_int_equal(r.n, 1);
    check_pair(&r, 0, "name", "a");
    req_free(&r);
}

static void
test_json_repeats_query_key(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    int rc = parse("name=q", JSON, "{\"name\":\"b\"}", 12, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "name", "err_repeated_param", "name");
}

static void
test_json_list_adds_to_query(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    assert_int_equal(parse("tag=q", JSON, "{\"tag\":[\"b\"]}", 13, &r, &e), 0);
    assert_int_equal(req_count(&r, "tag"), 2);
    assert_string_equal(req_get_nth(&r, "tag", 1), "b");
    req_free(&r);
}

static void
test_json_array_elements_count(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    static char b[4000];
    memcpy(b, "{\"tag\":[", 8);
    fill(b + 8, "1,", 1024);
    memcpy(b + 8 + 2047, "]}", 3);
    assert_int_equal(parse_body(JSON, b, &r, &e), 0);
    assert_int_equal(r.n, 1024);
    req_free(&r);
    int rc = parse("tag=0", JSON, b, strlen(b), &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_too_many_params", "1024");
}

static void
test_json_value_too_long(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    static char b[4200];
    memcpy(b, "{\"desc\":\"", 9);
    fill(b + 9, "v", 4097);
    memcpy(b + 9 + 4097, "\"}", 3);
    int rc = parse_body(JSON, b, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "desc", "err_value_too_long", "desc");
}

static void
test_json_key_too_long(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    char b[100];
    memcpy(b, "{\"", 2);
    fill(b + 2, "k", 33);
    memcpy(b + 35, "\":1}", 5);
    int rc = parse_body(JSON, b, &r, &e);
    check_fail(rc, &r, &e, ERR_INVALID, "", "err_key_too_long", NULL);
}

static void
test_json_deep_nesting_refused(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    static char b[REQ_MAX_BODY];
    memcpy(b, "{\"tag\":", 7);
    memset(b + 7, '[', sizeof b - 7);
    int rc = parse(NULL, JSON, b, sizeof b, &r, &e);
    assert_int_equal(rc, -1);
    assert_string_equal(e.key, "err_bad_json");
    assert_int_equal(r.n, 0);
}

/* ---- req_free ---- */

static void
test_free_null_and_twice(void **state)
{
    (void)state;
    struct req r;
    struct err e;
    req_free(NULL);
    assert_int_equal(parse("name=a", NULL, NULL, 0, &r, &e), 0);
    req_free(&r);
    assert_int_equal(r.n, 0);
    assert_null(r.p);
    req_free(&r);
}

/* ---- req_read_body ---- */

/* Runs req_read_body with CONTENT_LENGTH cl and data on fd 0; *left gets
 * how many bytes remained unread. */
static int
read_with(const char *cl, const char *data, size_t max, char **body,
          size_t *len, size_t *left, struct err *e)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    size_t n = strlen(data);
    assert_int_equal(write(fds[1], data, n), (ssize_t)n);
    close(fds[1]);
    int saved = dup(0);
    assert_true(saved >= 0);
    assert_int_equal(dup2(fds[0], 0), 0);
    close(fds[0]);
    struct req_env env = {0};
    env.content_length = cl;
    err_clear(e);
    int rc = req_read_body(&env, max, body, len, e);
    char rest[256];
    ssize_t k = read(0, rest, sizeof rest);
    *left = k > 0 ? (size_t)k : 0;
    assert_int_equal(dup2(saved, 0), 0);
    close(saved);
    return rc;
}

static void
test_read_body_exact(void **state)
{
    (void)state;
    struct err e;
    char *b = (char *)1;
    size_t len = 9, left;
    assert_int_equal(read_with("5", "name=abc", 100, &b, &len, &left, &e), 0);
    assert_int_equal(len, 5);
    assert_string_equal(b, "name=");
    assert_int_equal(left, 3);
    free(b);
}

static void
test_read_body_none(void **state)
{
    (void)state;
    struct err e;
    static const char *cls[] = {NULL, "", "0", "000"};
    for (size_t i = 0; i < 4; i++) {
        char *b = (char *)1;
        size_t len = 9, left;
        assert_int_equal(read_with(cls[i], "xy", 100, &b, &len, &left, &e), 0);
        assert_null(b);
        assert_int_equal(len, 0);
        assert_int_equal(left, 2);
    }
}

static void
test_read_body_bad_length(void **state)
{
    (void)state;
    static const char *cls[] = {"12a", "-1", " 5", "+5", "5 ", "0x10"};
    for (size_t i = 0; i < 6; i++) {
        struct err e;
        char *b = (char *)1;
        size_t len = 9, left;
        int rc =
            read_with(cls[i], "abcdefghijklmnopq", 100, &b, &len, &left, &e);
        assert_int_equal(rc, -1);
        assert_int_equal(e.code, ERR_INVALID);
        assert_string_equal(e.key, "err_bad_length");
        assert_null(b);
        assert_int_equal(len, 0);
    }
}

static void
test_read_body_too_large_reads_nothing(void **state)
{
    (void)state;
    struct err e;
    char *b = (char *)1;
    size_t len = 9, left;
    int rc = read_with("11", "hello world", 10, &b, &len, &left, &e);
    assert_int_equal(rc, -1);
    assert_int_equal(e.code, ERR_TOO_LARGE);
    assert_string_equal(e.key, "err_body_too_large");
    assert_string_equal(e.arg[0], "10");
    assert_null(b);
    assert_int_equal(left, 11);
}

static void
test_read_body_huge_length(void **state)
{
    (void)state;
    struct err e;
    char *b = NULL;
    size_t len, left;
    int rc = read_with("999999999999999999999999999999", "x", REQ_MAX_BODY, &b,
                       &len, &left, &e);
    assert_int_equal(rc, -1);
    assert_int_equal(e.code, ERR_TOO_LARGE);
    assert_string_equal(e.arg[0], "65536");
}

static void
test_read_body_at_max(void **state)
{
    (void)state;
    struct err e;
    char *b = NULL;
    size_t len, left;
    assert_int_equal(read_with("10", "0123456789", 10, &b, &len, &left, &e), 0);
    assert_int_equal(len, 10);
    assert_string_equal(b, "0123456789");
    free(b);
}

static void
test_read_body_short(void **state)
{
    (void)state;
    struct err e;
    char *b = (char *)1;
    size_t len = 9, left;
    int rc = read_with("20", "only ten b", 100, &b, &len, &left, &e);
    assert_int_equal(rc, -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.key, "err_short_body");
    assert_null(b);
    assert_int_equal(len, 0);
}

/* ---- req_env_load ---- */

static void
test_env_load(void **state)
{
    (void)state;
    struct req_env env;
    setenv("REQUEST_METHOD", "POST", 1);
    setenv("QUERY_STRING", "a=1", 1);
    setenv("HTTP_REFERER", "https://h/", 1);
    setenv("BASE_REMOTE_USER", "root", 1);
    setenv("WEBMIN_VAR", "/var/webmin", 1);
    setenv("HTTP_X_PJAX", "true", 1);
    unsetenv("CONTENT_TYPE");
    req_env_load(&env);
    assert_string_equal(env.method, "POST");
    assert_string_equal(env.query, "a=1");
    assert_string_equal(env.referer, "https://h/");
    assert_string_equal(env.base_remote_user, "root");
    assert_string_equal(env.webmin_var, "/var/webmin");
    assert_string_equal(env.x_pjax, "true");
    assert_null(env.content_type);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_method_parse),
        cmocka_unit_test(test_parse_sets_method),
        cmocka_unit_test(test_query_pairs_in_order),
        cmocka_unit_test(test_plus_is_space_and_pct2b_is_plus),
        cmocka_unit_test(test_key_without_equals_is_empty_value),
        cmocka_unit_test(test_empty_pairs_skipped),
        cmocka_unit_test(test_encoded_key),
        cmocka_unit_test(test_query_then_body),
        cmocka_unit_test(test_list_field_repeats),
        cmocka_unit_test(test_accessors_missing_key),
        cmocka_unit_test(test_repeated_param),
        cmocka_unit_test(test_repeated_across_query_and_body),
        cmocka_unit_test(test_unknown_param),
        cmocka_unit_test(test_empty_key_is_unknown),
        cmocka_unit_test(test_authentic_keys_dropped),
        cmocka_unit_test(test_bad_escape_in_value),
        cmocka_unit_test(test_bad_escape_in_key),
        cmocka_unit_test(test_escape_cut_by_length_not_read_past),
        cmocka_unit_test(test_decoded_nul_refused),
        cmocka_unit_test(test_raw_nul_in_body_refused),
        cmocka_unit_test(test_control_char_refused),
        cmocka_unit_test(test_c1_control_refused),
        cmocka_unit_test(test_tab_cr_lf_allowed),
        cmocka_unit_test(test_control_char_in_key),
        cmocka_unit_test(test_bad_utf8_value),
        cmocka_unit_test(test_bad_utf8_key),
        cmocka_unit_test(test_utf8_value_kept),
        cmocka_unit_test(test_key_too_long),
        cmocka_unit_test(test_key_of_32_is_looked_up),
        cmocka_unit_test(test_value_max),
        cmocka_unit_test(test_value_too_long),
        cmocka_unit_test(test_value_limit_is_decoded_length),
        cmocka_unit_test(test_params_max),
        cmocka_unit_test(test_too_many_params),
        cmocka_unit_test(test_dropped_pairs_count_too),
        cmocka_unit_test(test_query_max),
        cmocka_unit_test(test_query_too_large),
        cmocka_unit_test(test_body_too_large),
        cmocka_unit_test(test_body_max_accepted),
        cmocka_unit_test(test_error_after_pairs_leaves_out_empty),
        cmocka_unit_test(test_media_text_plain),
        cmocka_unit_test(test_media_multipart),
        cmocka_unit_test(test_media_missing),
        cmocka_unit_test(test_media_prefix_not_enough),
        cmocka_unit_test(test_media_arg_cut_and_printable),
        cmocka_unit_test(test_media_case_and_parameters),
        cmocka_unit_test(test_empty_body_content_type_not_checked),
        cmocka_unit_test(test_json_strings_in_order),
        cmocka_unit_test(test_json_scalars_as_text),
        cmocka_unit_test(test_json_empty_array),
        cmocka_unit_test(test_json_array_for_scalar_field),
        cmocka_unit_test(test_json_nested_object),
        cmocka_unit_test(test_json_array_of_arrays),
        cmocka_unit_test(test_json_top_level_array),
        cmocka_unit_test(test_json_top_level_string),
        cmocka_unit_test(test_json_malformed_line),
        cmocka_unit_test(test_json_duplicate_keys),
        cmocka_unit_test(test_json_escaped_nul),
        cmocka_unit_test(test_json_control_char),
        cmocka_unit_test(test_json_newline_kept),
        cmocka_unit_test(test_json_unknown_key),
        cmocka_unit_test(test_json_dropped_keys_any_shape),
        cmocka_unit_test(test_json_repeats_query_key),
        cmocka_unit_test(test_json_list_adds_to_query),
        cmocka_unit_test(test_json_array_elements_count),
        cmocka_unit_test(test_json_value_too_long),
        cmocka_unit_test(test_json_key_too_long),
        cmocka_unit_test(test_json_deep_nesting_refused),
        cmocka_unit_test(test_free_null_and_twice),
        cmocka_unit_test(test_read_body_exact),
        cmocka_unit_test(test_read_body_none),
        cmocka_unit_test(test_read_body_bad_length),
        cmocka_unit_test(test_read_body_too_large_reads_nothing),
        cmocka_unit_test(test_read_body_huge_length),
        cmocka_unit_test(test_read_body_at_max),
        cmocka_unit_test(test_read_body_short),
        cmocka_unit_test(test_env_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
