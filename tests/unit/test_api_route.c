/* test_api_route.c — the API's route table (every route has a method, a
 * body limit, known query keys) and the Prometheus text helpers.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "api.h"
#include "api_metrics.h"
#include "api_route.h"

static void
test_body_limit_per_route(void **state)
{
    (void)state;
    assert_int_equal(api_body_max("/servers"), REQ_MAX_BODY);
    assert_int_equal(api_body_max("/servers/web1"), REQ_MAX_BODY);
    assert_int_equal(api_body_max("/clusters"), 2u * 1024 * 1024);
    assert_int_equal(api_body_max("/clusters/prod"), 2u * 1024 * 1024);
    /* Unknown routes (404 later) and nested paths read little. */
    assert_int_equal(api_body_max("/clusters/prod/x"), REQ_MAX_BODY);
    assert_int_equal(api_body_max(NULL), REQ_MAX_BODY);
    assert_int_equal(api_body_max("/nowhere"), REQ_MAX_BODY);
}

/* Every query key a route names must be a field of the page, or req_parse
 * would refuse it before the route is found. */
static void
test_route_query_keys_are_page_fields(void **state)
{
    static const struct field fields[] = {API_QUERY_FIELDS};
    (void)state;
    for (size_t i = 0; i < API_ROUTE_COUNT; i++) {
        const struct api_route *r = &API_ROUTES[i];
        assert_non_null(r->methods[0].fn);
        assert_true(r->body_max >= REQ_MAX_BODY);
        for (size_t k = 0; k < API_METHODS_MAX && r->methods[k].fn; k++) {
            const char *p = r->methods[k].query;
            while (*p) {
                size_t n = strcspn(p, " "), found = 0;
                for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
                    found |= strlen(fields[f].name) == n &&
                             strncmp(fields[f].name, p, n) == 0;
                if (!found)
                    fail_msg("%s: query key %.*s is not a page field", r->path,
                             (int)n, p);
                p += n;
                p += strspn(p, " ");
            }
        }
    }
}

static void
test_method_names(void **state)
{
    (void)state;
    assert_string_equal(api_method_name(METHOD_PATCH), "PATCH");
    assert_string_equal(api_method_name(METHOD_OTHER), "OTHER");
}

static void
test_metric_lines(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, 4096);
    assert_int_equal(
        api_metric_family(&b, "servers", "gauge", "All\\ of\nthem"), 0);
    assert_int_equal(api_metric_sample(&b, "servers", NULL, NULL, 12), 0);
    assert_int_equal(
        api_metric_sample(&b, "servers_by_region", "region", "a\"b\\c\nd", -1),
        0);
    assert_string_equal(
        buf_cstr(&b),
        "# HELP unlimited_cluster_servers All\\\\ of\\nthem\n"
        "# TYPE unlimited_cluster_servers gauge\n"
        "unlimited_cluster_servers 12\n"
        "unlimited_cluster_servers_by_region{region=\"a\\\"b\\\\c\\nd\"} -1\n");
    buf_free(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_limit_per_route),
        cmocka_unit_test(test_route_query_keys_are_page_fields),
        cmocka_unit_test(test_method_names),
        cmocka_unit_test(test_metric_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
