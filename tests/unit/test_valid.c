/* test_valid.c — the field validators: each accepts what valid.h promises
 * and refuses the rest with ERR_INVALID, the caller's field name and the
 * exact lang key and arguments.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "valid.h"

/* Asserts that e holds ERR_INVALID for field with key and arguments. */
static void
check_err(const struct err *e, const char *field, const char *key,
          const char *a1, const char *a2)
{
    assert_int_equal(e->code, ERR_INVALID);
    assert_string_equal(e->field, field);
    assert_string_equal(e->key, key);
    assert_string_equal(e->arg[0], a1 ? a1 : "");
    assert_string_equal(e->arg[1], a2 ? a2 : "");
}

static char *
repeat(char *buf, char c, size_t n)
{
    memset(buf, c, n);
    buf[n] = '\0';
    return buf;
}

/* ---- valid_utf8 ---- */

static void
test_utf8_accepts_ascii_and_multibyte(void **state)
{
    (void)state;
    const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"; /* a é € 😀 */
    assert_int_equal(valid_utf8(s, strlen(s)), 1);
    assert_int_equal(valid_utf8(NULL, 0), 1);
}

static void
test_utf8_refuses_overlong(void **state)
{
    (void)state;
    assert_int_equal(valid_utf8("\xc0\xaf", 2), 0);
    assert_int_equal(valid_utf8("\xe0\x80\xaf", 3), 0);
    assert_int_equal(valid_utf8("\xf0\x80\x80\xaf", 4), 0);
}

static void
test_utf8_refuses_surrogates(void **state)
{
    (void)state;
    assert_int_equal(valid_utf8("\xed\xa0\x80", 3), 0);
    assert_int_equal(valid_utf8("\xed\x9f\xbf", 3), 1); /* U+D7FF */
}

static void
test_utf8_refuses_above_10ffff(void **state)
{
    (void)state;
    assert_int_equal(valid_utf8("\xf4\x90\x80\x80", 4), 0);
    assert_int_equal(valid_utf8("\xf4\x8f\xbf\xbf", 4), 1);
    assert_int_equal(valid_utf8("\xf5\x80\x80\x80", 4), 0);
}

static void
test_utf8_refuses_truncated_sequence(void **state)
{
    (void)state;
    /* Only n bytes are looked at: the continuation after n is ignored. */
    assert_int_equal(valid_utf8("\xc3\xa9", 1), 0);
    assert_int_equal(valid_utf8("\xe2\x82", 2), 0);
    assert_int_equal(valid_utf8("\x80", 1), 0);
}

static void
test_has_control(void **state)
{
    (void)state;
    assert_int_equal(valid_has_control("a\tb", 3, 1), 0);
    assert_int_equal(valid_has_control("a\tb", 3, 0), 1);
    assert_int_equal(valid_has_control("a\0b", 3, 1), 1);
    assert_int_equal(valid_has_control("a\x7f", 2, 1), 1);
    assert_int_equal(valid_has_control("\xc2\x85", 2, 1), 1); /* NEL */
    assert_int_equal(valid_has_control("\xc2\xa0", 2, 1), 0); /* NBSP */
}

/* ---- valid_ident ---- */

static void
test_ident_accepts(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_ident("id", "web-prod-01", &e), 0);
    assert_int_equal(valid_ident("id", "9.a_b", &e), 0);
    assert_int_equal(e.code, ERR_OK);
}

static void
test_ident_required(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_ident("id", "", &e), -1);
    check_err(&e, "id", "err_required", NULL, NULL);
    err_clear(&e);
    assert_int_equal(valid_ident("id", NULL, &e), -1);
    check_err(&e, "id", "err_required", NULL, NULL);
}

static void
test_ident_max_length(void **state)
{
    (void)state;
    struct err e = {0};
    char s[80];
    assert_int_equal(valid_ident("id", repeat(s, 'a', 64), &e), 0);
    assert_int_equal(valid_ident("id", repeat(s, 'a', 65), &e), -1);
    check_err(&e, "id", "err_too_long", "64", NULL);
}

static void
test_ident_bad_first_char(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_ident("cluster", "-web", &e), -1);
    check_err(&e, "cluster", "err_bad_ident", NULL, NULL);
}

static void
test_ident_bad_char(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_ident("id", "web 1", &e), -1);
    check_err(&e, "id", "err_bad_ident", NULL, NULL);
}

/* ---- valid_name ---- */

static void
test_name_accepts_utf8(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_name("name", "Serveur \xc3\xa9t\xc3\xa9 #1", &e), 0);
}

static void
test_name_only_spaces_is_required(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_name("name", "   ", &e), -1);
    check_err(&e, "name", "err_required", NULL, NULL);
}

static void
test_name_too_long(void **state)
{
    (void)state;
    struct err e = {0};
    char s[200];
    assert_int_equal(valid_name("name", repeat(s, 'x', 128), &e), 0);
    assert_int_equal(valid_name("name", repeat(s, 'x', 129), &e), -1);
    check_err(&e, "name", "err_too_long", "128", NULL);
}

static void
test_name_bad_utf8(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_name("name", "ab\xff", &e), -1);
    check_err(&e, "name", "err_bad_utf8", NULL, NULL);
}

static void
test_name_refuses_newline(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_name("name", "a\nb", &e), -1);
    check_err(&e, "name", "err_bad_chars", NULL, NULL);
}

/* ---- valid_host ---- */

static void
test_host_accepts_ipv4(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_host("host", "192.168.1.10", &e), 0);
}

static void
test_host_refuses_bad_ipv4(void **state)
{
    (void)state;
    struct err e = {0};
    static const char *bad[] = {"256.1.1.1", "1.2.3",  "01.2.3.4",
                                "1.2.3.4.",  "1..2.3", "12345"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&e);
        assert_int_equal(valid_host("host", bad[i], &e), -1);
        check_err(&e, "host", "err_bad_host", NULL, NULL);
    }
}

static void
test_host_accepts_ipv6(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_host("host", "::1", &e), 0);
    assert_int_equal(valid_host("host", "2001:db8::10", &e), 0);
    assert_int_equal(valid_host("host", "::ffff:10.0.0.1", &e), 0);
}

static void
test_host_refuses_ipv6_zone_brackets_port(void **state)
{
    (void)state;
    struct err e = {0};
    static const char *bad[] = {"fe80::1%eth0", "[::1]", "host:80",
                                "2001:db8:::1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&e);
        assert_int_equal(valid_host("host", bad[i], &e), -1);
        check_err(&e, "host", "err_bad_host", NULL, NULL);
    }
}

static void
test_host_accepts_names(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_host("host", "localhost", &e), 0);
    assert_int_equal(valid_host("host", "db-1.example.com", &e), 0);
    assert_int_equal(valid_host("host", "db-1.example.com.", &e), 0);
    assert_int_equal(valid_host("host", "3com.com", &e), 0);
}

static void
test_host_refuses_bad_names(void **state)
{
    (void)state;
    struct err e = {0};
    static const char *bad[] = {"-a.com", "a-.com",       "a..com",
                                ".a.com", "a_b.com",      "a.com..",
                                ".",      "h\xc3\xa9.fr", "a b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&e);
        assert_int_equal(valid_host("server", bad[i], &e), -1);
        check_err(&e, "server", "err_bad_host", NULL, NULL);
    }
}

static void
test_host_label_63_ok_64_bad(void **state)
{
    (void)state;
    struct err e = {0};
    char s[100];
    repeat(s, 'a', 63);
    memcpy(s + 63, ".com", 5);
    assert_int_equal(valid_host("host", s, &e), 0);
    repeat(s, 'a', 64);
    memcpy(s + 64, ".com", 5);
    assert_int_equal(valid_host("host", s, &e), -1);
    check_err(&e, "host", "err_bad_host", NULL, NULL);
}

/* A name of n bytes made of 9-byte labels "aaaaaaaa." ending in a letter. */
static char *
long_name(char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        s[i] = (i % 9 == 8) ? '.' : 'a';
    s[n - 1] = 'b';
    s[n] = '\0';
    return s;
}

static void
test_host_total_length(void **state)
{
    (void)state;
    struct err e = {0};
    char s[300];
    assert_int_equal(valid_host("host", long_name(s, 253), &e), 0);
    s[253] = '.';
    s[254] = '\0';
    assert_int_equal(valid_host("host", s, &e), 0); /* trailing dot */
    assert_int_equal(valid_host("host", long_name(s, 254), &e), -1);
    check_err(&e, "host", "err_too_long", "253", NULL);
}

static void
test_host_required(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_host("host", "", &e), -1);
    check_err(&e, "host", "err_required", NULL, NULL);
}

/* ---- valid_region ---- */

static void
test_region_optional(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_region("region", NULL, &e), 0);
    assert_int_equal(valid_region("region", "", &e), 0);
    assert_int_equal(valid_region("region", "us-east-1", &e), 0);
    assert_int_equal(e.code, ERR_OK);
}

static void
test_region_refuses_upper_case(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_region("region", "US-east-1", &e), -1);
    check_err(&e, "region", "err_bad_region", NULL, NULL);
}

static void
test_region_too_long(void **state)
{
    (void)state;
    struct err e = {0};
    char s[80];
    assert_int_equal(valid_region("region", repeat(s, 'r', 64), &e), 0);
    assert_int_equal(valid_region("region", repeat(s, 'r', 65), &e), -1);
    check_err(&e, "region", "err_too_long", "64", NULL);
}

/* ---- valid_text ---- */

static void
test_text_accepts_newlines_tabs(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_text("desc", "line 1\r\n\tline 2", &e), 0);
    assert_int_equal(valid_text("desc", NULL, &e), 0);
}

static void
test_text_refuses_escape(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_text("desc", "red \x1b[31m", &e), -1);
    check_err(&e, "desc", "err_bad_chars", NULL, NULL);
}

static void
test_text_too_long(void **state)
{
    (void)state;
    struct err e = {0};
    char s[1100];
    assert_int_equal(valid_text("desc", repeat(s, 'd', 1024), &e), 0);
    assert_int_equal(valid_text("desc", repeat(s, 'd', 1025), &e), -1);
    check_err(&e, "desc", "err_too_long", "1024", NULL);
}

static void
test_text_bad_utf8(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_text("desc", "\xed\xa0\x80", &e), -1);
    check_err(&e, "desc", "err_bad_utf8", NULL, NULL);
}

/* ---- valid_ports ---- */

static void
test_ports_canonical(void **state)
{
    (void)state;
    struct err e = {0};
    char out[128];
    assert_int_equal(
        valid_ports("ports", " 80, 443,,8080 ", out, sizeof out, &e), 0);
    assert_string_equal(out, "80 443 8080");
}

static void
test_ports_empty(void **state)
{
    (void)state;
    struct err e = {0};
    char out[128] = "junk";
    assert_int_equal(valid_ports("ports", "", out, sizeof out, &e), 0);
    assert_string_equal(out, "");
    memcpy(out, "junk", 5);
    assert_int_equal(valid_ports("ports", NULL, out, sizeof out, &e), 0);
    assert_string_equal(out, "");
}

static void
test_ports_bounds(void **state)
{
    (void)state;
    struct err e = {0};
    char out[128];
    assert_int_equal(valid_ports("ports", "1 65535", out, sizeof out, &e), 0);
    assert_string_equal(out, "1 65535");
    assert_int_equal(valid_ports("ports", "80 65536", out, sizeof out, &e), -1);
    check_err(&e, "ports", "err_bad_port", "65536", NULL);
    assert_string_equal(out, "");
}

static void
test_ports_zero_and_leading_zero(void **state)
{
    (void)state;
    struct err e = {0};
    char out[128];
    assert_int_equal(valid_ports("ports", "0", out, sizeof out, &e), -1);
    check_err(&e, "ports", "err_bad_port", "0", NULL);
    assert_int_equal(valid_ports("ports", "080", out, sizeof out, &e), -1);
    check_err(&e, "ports", "err_bad_port", "080", NULL);
}

static void
test_ports_bad_token_is_made_printable(void **state)
{
    (void)state;
    struct err e = {0};
    char out[128];
    assert_int_equal(valid_ports("ports", "22 h\x01ttp", out, sizeof out, &e),
                     -1);
    check_err(&e, "ports", "err_bad_port", "h?ttp", NULL);
}

static void
test_ports_too_many(void **state)
{
    (void)state;
    struct err e = {0};
    char out[128];
    const char *s16 = "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16";
    assert_int_equal(valid_ports("ports", s16, out, sizeof out, &e), 0);
    assert_string_equal(out, s16);
    assert_int_equal(valid_ports("ports",
                                 "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
                                 out, sizeof out, &e),
                     -1);
    check_err(&e, "ports", "err_too_many_ports", "16", NULL);
}

static void
test_ports_duplicate(void **state)
{
    (void)state;
    struct err e = {0};
    char out[128];
    assert_int_equal(valid_ports("ports", "80,443,80", out, sizeof out, &e),
                     -1);
    check_err(&e, "ports", "err_dup_port", "80", NULL);
}

static void
test_ports_longest_fits_128(void **state)
{
    (void)state;
    struct err e = {0};
    char out[128];
    const char *s = "65520 65521 65522 65523 65524 65525 65526 65527 65528 "
                    "65529 65530 65531 65532 65533 65534 65535";
    assert_int_equal(valid_ports("ports", s, out, sizeof out, &e), 0);
    assert_string_equal(out, s);
}

static void
test_ports_small_out_is_internal(void **state)
{
    (void)state;
    struct err e = {0};
    char out[4];
    assert_int_equal(valid_ports("ports", "80 443", out, sizeof out, &e), -1);
    assert_int_equal(e.code, ERR_INTERNAL);
    assert_string_equal(e.key, "err_internal");
    assert_string_equal(out, "");
}

/* ---- vocabularies ---- */

static void
test_server_type(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_server_type("type", "loadbalancer", &e), 0);
    assert_int_equal(valid_server_type("type", "mail", &e), -1);
    check_err(&e, "type", "err_bad_type", "mail", NULL);
}

static void
test_server_type_required(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_server_type("type", NULL, &e), -1);
    check_err(&e, "type", "err_required", NULL, NULL);
}

static void
test_server_type_echo_is_cut_and_printable(void **state)
{
    (void)state;
    struct err e = {0};
    char s[100];
    repeat(s, 'z', 90);
    s[0] = '<';
    s[1] = '\n';
    assert_int_equal(valid_server_type("type", s, &e), -1);
    assert_int_equal(strlen(e.arg[0]), 32);
    assert_memory_equal(e.arg[0], "<?zzz", 5);
}

static void
test_conn_type(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_conn_type("conn_type", "http", &e), 0);
    assert_int_equal(valid_conn_type("conn_type", "ftp", &e), -1);
    check_err(&e, "conn_type", "err_bad_conn_type", "ftp", NULL);
}

static void
test_state(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(valid_state("status", "warning", &e), 0);
    assert_int_equal(valid_state("status", "down", &e), -1);
    check_err(&e, "status", "err_bad_state", "down", NULL);
}

/* ---- valid_coord ---- */

static void
test_coord_parses(void **state)
{
    (void)state;
    struct err e = {0};
    double v = 0;
    int set = 0;
    assert_int_equal(valid_coord("x", "-12.5", &v, &set, &e), 0);
    assert_int_equal(set, 1);
    assert_true(v == -12.5);
    assert_int_equal(valid_coord("x", "1e3", &v, &set, &e), 0);
    assert_true(v == 1000.0);
}

static void
test_coord_empty_leaves_out(void **state)
{
    (void)state;
    struct err e = {0};
    double v = 7;
    int set = 1;
    assert_int_equal(valid_coord("x", "", &v, &set, &e), 0);
    assert_int_equal(set, 0);
    assert_true(v == 7);
    set = 1;
    assert_int_equal(valid_coord("x", NULL, &v, &set, &e), 0);
    assert_int_equal(set, 0);
}

static void
test_coord_bad_number(void **state)
{
    (void)state;
    static const char *bad[] = {"abc", "1.2.3", " 1", "0x10", "inf",
                                "nan", "1e",    "-",  "1,5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct err e = {0};
        double v = 7;
        int set = 1;
        assert_int_equal(valid_coord("y", bad[i], &v, &set, &e), -1);
        check_err(&e, "y", "err_bad_number", NULL, NULL);
        assert_int_equal(set, 0);
        assert_true(v == 7);
    }
}

static void
test_coord_range(void **state)
{
    (void)state;
    struct err e = {0};
    double v = 0;
    int set = 0;
    assert_int_equal(valid_coord("x", "1000000", &v, &set, &e), 0);
    assert_int_equal(valid_coord("x", "-1000000.5", &v, &set, &e), -1);
    check_err(&e, "x", "err_out_of_range", "-1000000", "1000000");
    assert_int_equal(valid_coord("x", "1e999", &v, &set, &e), -1);
    check_err(&e, "x", "err_out_of_range", "-1000000", "1000000");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_accepts_ascii_and_multibyte),
        cmocka_unit_test(test_utf8_refuses_overlong),
        cmocka_unit_test(test_utf8_refuses_surrogates),
        cmocka_unit_test(test_utf8_refuses_above_10ffff),
        cmocka_unit_test(test_utf8_refuses_truncated_sequence),
        cmocka_unit_test(test_has_control),
        cmocka_unit_test(test_ident_accepts),
        cmocka_unit_test(test_ident_required),
        cmocka_unit_test(test_ident_max_length),
        cmocka_unit_test(test_ident_bad_first_char),
        cmocka_unit_test(test_ident_bad_char),
        cmocka_unit_test(test_name_accepts_utf8),
        cmocka_unit_test(test_name_only_spaces_is_required),
        cmocka_unit_test(test_name_too_long),
        cmocka_unit_test(test_name_bad_utf8),
        cmocka_unit_test(test_name_refuses_newline),
        cmocka_unit_test(test_host_accepts_ipv4),
        cmocka_unit_test(test_host_refuses_bad_ipv4),
        cmocka_unit_test(test_host_accepts_ipv6),
        cmocka_unit_test(test_host_refuses_ipv6_zone_brackets_port),
        cmocka_unit_test(test_host_accepts_names),
        cmocka_unit_test(test_host_refuses_bad_names),
        cmocka_unit_test(test_host_label_63_ok_64_bad),
        cmocka_unit_test(test_host_total_length),
        cmocka_unit_test(test_host_required),
        cmocka_unit_test(test_region_optional),
        cmocka_unit_test(test_region_refuses_upper_case),
        cmocka_unit_test(test_region_too_long),
        cmocka_unit_test(test_text_accepts_newlines_tabs),
        cmocka_unit_test(test_text_refuses_escape),
        cmocka_unit_test(test_text_too_long),
        cmocka_unit_test(test_text_bad_utf8),
        cmocka_unit_test(test_ports_canonical),
        cmocka_unit_test(test_ports_empty),
        cmocka_unit_test(test_ports_bounds),
        cmocka_unit_test(test_ports_zero_and_leading_zero),
        cmocka_unit_test(test_ports_bad_token_is_made_printable),
        cmocka_unit_test(test_ports_too_many),
        cmocka_unit_test(test_ports_duplicate),
        cmocka_unit_test(test_ports_longest_fits_128),
        cmocka_unit_test(test_ports_small_out_is_internal),
        cmocka_unit_test(test_server_type),
        cmocka_unit_test(test_server_type_required),
        cmocka_unit_test(test_server_type_echo_is_cut_and_printable),
        cmocka_unit_test(test_conn_type),
        cmocka_unit_test(test_state),
        cmocka_unit_test(test_coord_parses),
        cmocka_unit_test(test_coord_empty_leaves_out),
        cmocka_unit_test(test_coord_bad_number),
        cmocka_unit_test(test_coord_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
