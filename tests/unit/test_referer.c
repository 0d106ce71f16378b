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
 * cfg_referer, cfg_referers, cfg_referers_none. The usual request: from
 * Firefox to SELF over http with a Referer ref and no Origin, under the
 * default configuration but for referers_none=1 (no Referer refused);
 * FROM_TO changes the host and https, WITH_ORIGIN adds an Origin, LISTED
 * a referers list. */
/* clang-format off */
#define FROM(ref)                 {ref, NULL, SELF, 0, FF, NULL, NULL, NULL, "1"}
#define FROM_TO(ref, host, https) {ref, NULL, host, https, FF, NULL, NULL, NULL, "1"}
#define WITH_ORIGIN(ref, origin)  {ref, origin, SELF, 0, FF, NULL, NULL, NULL, "1"}
#define LISTED(ref, list)         {ref, NULL, SELF, 0, FF, NULL, NULL, list, "1"}
/* clang-format on */

static const struct row rows[] = {
    /* Same host and port. */
    {"same_host_port", 1, FROM(GOOD)},
    {"both_default_http", 1, FROM_TO("http://example.com/x", "example.com", 0)},
    {"both_default_https", 1,
     FROM_TO("https://example.com/x", "example.com", 1)},
    {"explicit_443_equals_https_default", 1,
     FROM_TO("https://example.com:443/", "example.com", 1)},
    {"http_referer_port_80_vs_https_host", 0,
     FROM_TO("http://example.com/", "example.com", 1)},
    {"other_port_refused", 0, FROM("http://127.0.0.1:10001/")},
    {"host_case_insensitive", 1,
     FROM_TO("http://LocalHost:10000/", "localhost:10000", 0)},
    {"scheme_case_insensitive", 1, FROM("HTTP://127.0.0.1:10000/")},
    {"referer_without_path", 1, FROM("http://127.0.0.1:10000")},
    {"userinfo_then_own_host_ok", 1, FROM("http://u:p@127.0.0.1:10000/")},
    {"ipv6_same", 1, FROM_TO("http://[::1]:10000/x", "[::1]:10000", 0)},
    {"ipv6_case_insensitive", 1,
     FROM_TO("http://[::ABCD]:10000/", "[::abcd]:10000", 0)},
    {"ipv6_other_port", 0, FROM_TO("http://[::1]:10001/", "[::1]:10000", 0)},
    {"ipv6_unclosed", 0, FROM_TO("http://[::1:10000/", "[::1]:10000", 0)},
    /* Attacks. */
    {"port_suffix_domain", 0, FROM("http://127.0.0.1:10000.evil.com/")},
    {"own_url_in_query", 0, FROM("http://evil.com/?http://127.0.0.1:10000/")},
    {"own_host_as_userinfo", 0, FROM("http://127.0.0.1:10000@evil.com/")},
    {"own_host_after_fragment_at", 0,
     FROM("http://evil.com#@127.0.0.1:10000/")},
    {"backslash_userinfo", 0, FROM("http://evil.com\\@127.0.0.1:10000/")},
    {"scheme_relative", 0, FROM("//127.0.0.1:10000/")},
    {"javascript", 0, FROM("javascript:alert(1)//127.0.0.1:10000/")},
    {"ftp_scheme", 0, FROM("ftp://127.0.0.1:10000/")},
    {"leading_space", 0, FROM(" http://127.0.0.1:10000/")},
    {"space_in_authority", 0, FROM("http://127.0.0.1:10000 /")},
    {"empty_host", 0, FROM("http:///127.0.0.1:10000/")},
    {"trailing_dot_host", 0, FROM("http://127.0.0.1.:10000/")},
    {"port_out_of_range", 0,
     FROM_TO("http://127.0.0.1:75536/", "127.0.0.1:75536", 0)},
    {"empty_port", 0, FROM_TO("http://127.0.0.1:/", "127.0.0.1", 0)},
    {"unparsable_refused_even_if_none_allowed",
     0,
     {"not a url", NULL, SELF, 0, FF, NULL, NULL, NULL, "0"}},
    {"no_http_host", 0, FROM_TO(GOOD, NULL, 0)},
    {"http_host_with_userinfo", 0, FROM_TO(GOOD, "x@127.0.0.1:10000", 0)},
    /* No Referer. */
    {"none_allowed_when_referers_none_unset",
     1,
     {NULL, NULL, SELF, 0, FF, NULL, NULL, NULL, NULL}},
    {"none_allowed_when_referers_none_0",
     1,
     {NULL, NULL, SELF, 0, FF, NULL, NULL, NULL, "0"}},
    {"none_refused_when_referers_none_1", 0, FROM(NULL)},
    {"empty_is_none", 0, FROM("")},
    /* The referers list. */
    {"listed_host_trusted", 1,
     LISTED("https://portal.example.com/p", "a.example portal.example.com")},
    {"listed_host_case_insensitive", 1,
     LISTED("https://Portal.Example.com/p", "portal.example.com")},
    {"list_partial_name_refused", 0,
     LISTED("https://portal.example.com/p", "portal.example example.com")},
    {"list_not_fooled_by_userinfo", 0,
     LISTED("http://portal.example.com@evil.com/", "portal.example.com")},
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
    {"origin_same", 1, WITH_ORIGIN(GOOD, "http://127.0.0.1:10000")},
    {"origin_https_default_port",
     1,
     {"https://example.com/", "https://example.com", "example.com", 1, FF, NULL,
      NULL, NULL, "1"}},
    {"origin_evil_with_good_referer", 0, WITH_ORIGIN(GOOD, "http://evil.com")},
    {"origin_other_port", 0, WITH_ORIGIN(GOOD, "http://127.0.0.1:10001")},
    {"origin_null_falls_back_to_referer", 1, WITH_ORIGIN(GOOD, "null")},
    {"origin_with_path_refused", 0,
     WITH_ORIGIN(GOOD, "http://127.0.0.1:10000/x")},
    {"origin_evil_beats_webmin_agent",
     0,
     {GOOD, "http://evil.com", SELF, 0, "Webmin", NULL, NULL, NULL, "1"}},
    {"origin_same_without_referer_still_needs_referer", 0,
     WITH_ORIGIN(NULL, "http://127.0.0.1:10000")},
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
