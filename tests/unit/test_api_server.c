/* test_api_server.c — the API's server object: struct server to JSON
 * (effective ports, nulls, times), and JSON bodies through the pages'
 * input_server for a create, a replace and a patch.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_server.h"

static char *
dump(json_t *doc)
{
    char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(doc);
    assert_non_null(text);
    return text;
}

static void
test_json_uses_type_ports_and_nulls(void **state)
{
    struct server s = {.id = "web1",
                       .name = "Web 1",
                       .type = "web",
                       .ip = "10.0.0.1",
                       .status = "unknown",
                       .created = 0,
                       .updated = 60};
    (void)state;
    char *text = dump(api_server_json(&s));
    assert_string_equal(
        text, "{\"created\":\"1970-01-01T00:00:00Z\",\"id\":\"web1\","
              "\"ip\":\"10.0.0.1\",\"name\":\"Web 1\",\"ports\":[80,443,8080],"
              "\"ports_override\":false,\"position\":null,\"region\":null,"
              "\"status\":\"unknown\",\"type\":\"web\","
              "\"updated\":\"1970-01-01T00:01:00Z\"}");
    free(text);
}

static void
test_json_own_ports_region_position(void **state)
{
    struct server s = {.id = "db1",
                       .name = "db1",
                       .type = "database",
                       .ip = "db.internal",
                       .region = "eu-west-1",
                       .ports = "5432 6432",
                       .status = "active",
                       .has_pos = 1,
                       .x = -2.5,
                       .y = 3};
    (void)state;
    json_t *doc = api_server_json(&s);
    char *ports = dump(json_incref(json_object_get(doc, "ports")));
    assert_string_equal(ports, "[5432,6432]");
    assert_true(json_is_true(json_object_get(doc, "ports_override")));
    assert_string_equal(json_string_value(json_object_get(doc, "region")),
                        "eu-west-1");
    json_t *pos = json_object_get(doc, "position");
    assert_true(json_real_value(json_object_get(pos, "x")) == -2.5);
    assert_true(json_real_value(json_object_get(pos, "y")) == 3.0);
    free(ports);
    json_decref(doc);
}

/* A bare app holding text as its body; free with done(). */
static void
app_with(struct app *a, const char *text)
{
    memset(a, 0, sizeof *a);
    a->env.method = "POST";
    a->body = (char *)text;
    a->body_len = strlen(text);
}

static void
done(struct app *a)
{
    req_free(&a->req);
}

static void
test_create_goes_through_input_server(void **state)
{
    struct app a;
    struct server s;
    struct err e;
    (void)state;
    app_with(&a, "{\"id\":\"web1\",\"type\":\"web\",\"ip\":\"10.0.0.1\","
                 "\"ports\":[443,80],\"position\":{\"x\":1,\"y\":2.5},"
                 "\"region\":null,\"cluster\":\"prod\"}");
    assert_int_equal(api_server_input(&a, NULL, API_SERVER_CREATE, &s, &e), 0);
    assert_string_equal(s.name, "web1"); /* the pages' default */
    assert_string_equal(s.ports, "443 80");
    assert_string_equal(s.region, "");
    assert_string_equal(s.status, "unknown");
    assert_int_equal(s.has_pos, 1);
    assert_true(s.y == 2.5);
    /* The values are the request's now, for the action log. */
    assert_string_equal(req_get(&a.req, "cluster"), "prod");
    assert_string_equal(req_get(&a.req, "ip"), "10.0.0.1");
    done(&a);
}

static void
refused(const char *text, const struct server *old, enum api_server_mode mode,
        const char *field, const char *key)
{
    struct app a;
    struct server s;
    struct err e;
    app_with(&a, text);
    err_clear(&e);
    if (api_server_input(&a, old, mode, &s, &e) == 0)
        fail_msg("accepted %s", text);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, field);
    assert_string_equal(e.key, key);
    done(&a);
}

static void
test_create_refusals(void **state)
{
    (void)state;
    refused("{\"type\":\"web\",\"ip\":\"10.0.0.1\"}", NULL, API_SERVER_CREATE,
            "id", "err_required");
    refused("{\"id\":\"a\",\"type\":\"web\",\"ip\":\"999.1.1.1\"}", NULL,
            API_SERVER_CREATE, "ip", "err_bad_host");
    refused("{\"id\":\"a\",\"type\":\"web\",\"ip\":\"h\",\"ports\":[0]}", NULL,
            API_SERVER_CREATE, "ports", "err_bad_port");
    refused("{\"id\":\"a\",\"type\":\"web\",\"ip\":\"h\",\"ports\":[80,80]}",
            NULL, API_SERVER_CREATE, "ports", "err_dup_port");
    refused("{\"id\":\"a\",\"type\":\"web\",\"ip\":\"h\",\"name\":\"\\u0001\"}",
            NULL, API_SERVER_CREATE, "name", "err_control_chars");
    /* jansson refuses \u0000 unless asked (JSON_ALLOW_NUL): bad JSON. */
    refused(
        "{\"id\":\"a\",\"type\":\"web\",\"ip\":\"h\",\"name\":\"a\\u0000b\"}",
        NULL, API_SERVER_CREATE, "", "err_bad_json");
    refused("{\"id\":\"a\",\"type\":\"web\",\"ip\":\"h\",\"status\":\"on\"}",
            NULL, API_SERVER_CREATE, "status", "err_bad_state");
    refused("{\"id\":\"a\",\"type\":\"web\",\"ip\":\"h\",\"x\":1}", NULL,
            API_SERVER_CREATE, "x", "api_err_unknown_key");
}

static const struct server OLD = {.id = "Web1",
                                  .name = "Old name",
                                  .type = "web",
                                  .ip = "10.0.0.1",
                                  .region = "eu-west-1",
                                  .ports = "8080",
                                  .status = "warning",
                                  .has_pos = 1,
                                  .x = 0.1,
                                  .y = 7};

static void
test_replace_keeps_status_and_position(void **state)
{
    struct app a;
    struct server s;
    struct err e;
    (void)state;
    app_with(&a, "{\"id\":\"web1\",\"type\":\"cache\",\"ip\":\"c.internal\"}");
    assert_int_equal(api_server_input(&a, &OLD, API_SERVER_REPLACE, &s, &e), 0);
    assert_string_equal(s.id, "Web1"); /* the stored id, whatever the case */
    assert_string_equal(s.name, "Web1");
    assert_string_equal(s.type, "cache");
    assert_string_equal(s.region, "");
    assert_string_equal(s.ports, "");
    assert_string_equal(s.status, "warning");
    assert_int_equal(s.has_pos, 1);
    assert_true(s.x == 0.1 && s.y == 7);
    done(&a);
    refused("{\"id\":\"web2\",\"type\":\"web\",\"ip\":\"h\"}", &OLD,
            API_SERVER_REPLACE, "id", "api_err_id_mismatch");
    refused("{\"type\":\"web\",\"ip\":\"h\",\"cluster\":\"c\"}", &OLD,
            API_SERVER_REPLACE, "cluster", "api_err_unknown_key");
    refused("{\"type\":\"web\"}", &OLD, API_SERVER_REPLACE, "ip",
            "err_required");
}

static void
test_patch_changes_only_what_it_names(void **state)
{
    struct app a;
    struct server s;
    struct err e;
    (void)state;
    app_with(&a, "{\"status\":\"active\",\"position\":null}");
    assert_int_equal(api_server_input(&a, &OLD, API_SERVER_PATCH, &s, &e), 0);
    assert_string_equal(s.name, "Old name");
    assert_string_equal(s.region, "eu-west-1");
    assert_string_equal(s.ports, "8080");
    assert_string_equal(s.status, "active");
    assert_int_equal(s.has_pos, 0);
    done(&a);
    app_with(&a, "{\"ports\":null,\"region\":null,\"name\":\"New\"}");
    assert_int_equal(api_server_input(&a, &OLD, API_SERVER_PATCH, &s, &e), 0);
    assert_string_equal(s.ports, "");
    assert_string_equal(s.region, "");
    assert_string_equal(s.name, "New");
    assert_true(s.x == 0.1);
    done(&a);
    refused("{\"ip\":\"\"}", &OLD, API_SERVER_PATCH, "ip", "err_required");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_uses_type_ports_and_nulls),
        cmocka_unit_test(test_json_own_ports_region_position),
        cmocka_unit_test(test_create_goes_through_input_server),
        cmocka_unit_test(test_create_refusals),
        cmocka_unit_test(test_replace_keeps_status_and_position),
        cmocka_unit_test(test_patch_changes_only_what_it_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
