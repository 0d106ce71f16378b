/* test_referer.c — the Referer/Origin rule, one table row per test.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "referer.h"

#define SELF "127.0.0.1:10000"
#define GOOD "http://127.0.0.1:10000/unlimited-cluster/"
#define FF   "Mozilla/5.0 Firefox/128.0"

struct row {
    const char *name;
    int expect;
    struct referer_in in;
};

/* Fields: referer, origin, http_host, https, user_agent, disable_check,
 * cfg_referer, cfg_referers, cfg_referers_none. */
static const struct row rows[] = {
    /* Same host and port. */
    {"same_host_port", 1, {GOOD, NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"both_default_http",
     1,
     {"http://example.com/x", NULL, "example.com", 0, FF, NULL, NULL, NULL,
      "1"}},
    {"both_default_https",
     1,
     {"https://example.com/x", NULL, "example.com", 1, FF, NULL, NULL, NULL,
      "1"}},
    {"explicit_443_equals_https_default",
     1,
     {"https://example.com:443/", NULL, "example.com", 1, FF, NULL, NULL, NULL,
      "1"}},
    {"http_referer_port_80_vs_https_host",
     0,
     {"http://example.com/", NULL, "example.com", 1, FF, NULL, NULL, NULL,
      "1"}},
    {"other_port_refused",
     0,
     {"http://127.0.0.1:10001/", NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"host_case_insensitive",
     1,
     {"http://LocalHost:10000/", NULL, "localhost:10000", 0, FF, NULL, NULL,
      NULL, "1"}},
    {"scheme_case_insensitive",
     1,
     {"HTTP://127.0.0.1:10000/", NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"referer_without_path",
     1,
     {"http://127.0.0.1:10000", NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"userinfo_then_own_host_ok",
     1,
     {"http://u:p@127.0.0.1:10000/", NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"ipv6_same",
     1,
     {"http://[::1]:10000/x", NULL, "[::1]:10000", 0, FF, NULL, NULL, NULL,
      "1"}},
    {"ipv6_case_insensitive",
     1,
     {"http://[::ABCD]:10000/", NULL, "[::abcd]:10000", 0, FF, NULL, NULL, NULL,
      "1"}},
    {"ipv6_other_port",
     0,
     {"http://[::1]:10001/", NULL, "[::1]:10000", 0, FF, NULL, NULL, NULL,
      "1"}},
    {"ipv6_unclosed",
     0,
     {"http://[::1:10000/", NULL, "[::1]:10000", 0, FF, NULL, NULL, NULL, "1"}},
    /* Attacks. */
    {"port_suffix_domain",
     0,
     {"http://127.0.0.1:10000.evil.com/", NULL, SELF, 0, FF, NULL, NULL, NULL,
      "1"}},
    {"own_url_in_query",
     0,
     {"http://evil.com/?http://127.0.0.1:10000/", NULL, SELF, 0, FF, NULL, NULL,
      NULL, "1"}},
    {"own_host_as_userinfo",
     0,
     {"http://127.0.0.1:10000@evil.com/", NULL, SELF, 0, FF, NULL, NULL, NULL,
      "1"}},
    {"own_host_after_fragment_at",
     0,
     {"http://evil.com#@127.0.0.1:10000/", NULL, SELF, 0, FF, NULL, NULL, NULL,
      "1"}},
    {"backslash_userinfo",
     0,
     {"http://evil.com\\@127.0.0.1:10000/", NULL, SELF, 0, FF, NULL, NULL, NULL,
      "1"}},
    {"scheme_relative",
     0,
     {"//127.0.0.1:10000/", NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"javascript",
     0,
     {"javascript:alert(1)//127.0.0.1:10000/", NULL, SELF, 0, FF, NULL, NULL,
      NULL, "1"}},
    {"ftp_scheme",
     0,
     {"ftp://127.0.0.1:10000/", NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"leading_space",
     0,
     {" http://127.0.0.1:10000/", NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"space_in_authority",
     0,
     {"http://127.0.0.1:10000 /", NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"empty_host",
     0,
     {"http:///127.0.0.1:10000/", NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"trailing_dot_host",
     0,
     {"http://127.0.0.1.:10000/", NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"port_out_of_range",
     0,
     {"http://127.0.0.1:75536/", NULL, "127.0.0.1:75536", 0, FF, NULL, NULL,
      NULL, "1"}},
    {"empty_port",
     0,
     {"http://127.0.0.1:/", NULL, "127.0.0.1", 0, FF, NULL, NULL, NULL, "1"}},
    {"unparsable_refused_even_if_none_allowed",
     0,
     {"not a url", NULL, SELF, 0, FF, NULL, NULL, NULL, "0"}},
    {"no_http_host", 0, {GOOD, NULL, NULL, 0, FF, NULL, NULL, NULL, "1"}},
    {"http_host_with_userinfo",
     0,
     {GOOD, NULL, "x@127.0.0.1:10000", 0, FF, NULL, NULL, NULL, "1"}},
    /* No Referer. */
    {"none_allowed_when_referers_none_unset",
     1,
     {NULL, NULL, SELF, 0, FF, NULL, NULL, NULL, NULL}},
    {"none_allowed_when_referers_none_0",
     1,
     {NULL, NULL, SELF, 0, FF, NULL, NULL, NULL, "0"}},
    {"none_refused_when_referers_none_1",
     0,
     {NULL, NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"empty_is_none", 0, {"", NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}},
    /* The referers list. */
    {"listed_host_trusted",
     1,
     {"https://portal.example.com/p", NULL, SELF, 0, FF, NULL, NULL,
      "a.example portal.example.com", "1"}},
    {"listed_host_case_insensitive",
     1,
     {"https://Portal.Example.com/p", NULL, SELF, 0, FF, NULL, NULL,
      "portal.example.com", "1"}},
    {"list_partial_name_refused",
     0,
     {"https://portal.example.com/p", NULL, SELF, 0, FF, NULL, NULL,
      "portal.example example.com", "1"}},
    {"list_not_fooled_by_userinfo",
     0,
     {"http://portal.example.com@evil.com/", NULL, SELF, 0, FF, NULL, NULL,
      "portal.example.com", "1"}},
    /* Switches. */
    {"cfg_referer_1_trusts",
     1,
     {"http://evil.com/", NULL, SELF, 0, FF, NULL, "1", NULL, "1"}},
    {"cfg_referer_0_checks",
     0,
     {"http://evil.com/", NULL, SELF, 0, FF, NULL, "0", NULL, "1"}},
    {"disable_env_trusts",
     1,
     {"http://evil.com/", NULL, SELF, 0, FF, "1", NULL, NULL, "1"}},
    {"webmin_agent_trusts",
     1,
     {"http://evil.com/", NULL, SELF, 0, "Webmin", NULL, NULL, NULL, "1"}},
    {"webmin_agent_case_insensitive",
     1,
     {NULL, NULL, SELF, 0, "webmin-rpc", NULL, NULL, NULL, "1"}},
    {"webmin_not_at_start",
     0,
     {"http://evil.com/", NULL, SELF, 0, "Mozilla Webmin", NULL, NULL, NULL,
      "1"}},
    /* Origin. */
    {"origin_same",
     1,
     {GOOD, "http://127.0.0.1:10000", SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"origin_https_default_port",
     1,
     {"https://example.com/", "https://example.com", "example.com", 1, FF, NULL,
      NULL, NULL, "1"}},
    {"origin_evil_with_good_referer",
     0,
     {GOOD, "http://evil.com", SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"origin_other_port",
     0,
     {GOOD, "http://127.0.0.1:10001", SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"origin_null_falls_back_to_referer",
     1,
     {GOOD, "null", SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"origin_with_path_refused",
     0,
     {GOOD, "http://127.0.0.1:10000/x", SELF, 0, FF, NULL, NULL, NULL, "1"}},
    {"origin_evil_beats_webmin_agent",
     0,
     {GOOD, "http://evil.com", SELF, 0, "Webmin", NULL, NULL, NULL, "1"}},
    {"origin_same_without_referer_still_needs_referer",
     0,
     {NULL, "http://127.0.0.1:10000", SELF, 0, FF, NULL, NULL, NULL, "1"}},
};

static void
run_row(void **state)
{
    const struct row *r = *state;
    assert_int_equal(referer_trusted(&r->in), r->expect);
}

static void
test_null_input_refused(void **state)
{
    (void)state;
    assert_int_equal(referer_trusted(NULL), 0);
}

int
main(void)
{
    enum { N = sizeof rows / sizeof rows[0] };
    struct CMUnitTest tests[N + 1];
    for (size_t i = 0; i < N; i++) {
        tests[i] = (struct CMUnitTest){.name = rows[i].name,
                                       .test_func = run_row,
                                       .initial_state = (void *)&rows[i]};
    }
    tests[N] = (struct CMUnitTest)cmocka_unit_test(test_null_input_refused);
    return _cmocka_run_group_tests("referer", tests, N + 1, NULL, NULL);
}
