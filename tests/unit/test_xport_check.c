/* test_xport_check.c — what an import says about a bad document: every
 * problem with its JSONPath, lang key and field, in one pass; syntax
 * errors with line and column; the cap on the list; and the small pieces
 * (time stamps, mode and format names).
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

#include "buf.h"
#include "store.h"
#include "testfs.h"
#include "xport.h"
#include "xport_int.h"

struct fx {
    char dir[64], path[128];
    struct store *st;
    struct xport_report *r;
};

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    struct server s;
    assert_non_null(f);
    assert_int_equal(testfs_mkdtemp(f->dir, sizeof f->dir, "test_xcheck"), 0);
    snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
    assert_int_equal(store_open(f->path, &f->st, &e), 0);
    /* One server in the database, for merge-mode references. */
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "in-db");
    snprintf(s.name, sizeof s.name, "in-db");
    snprintf(s.type, sizeof s.type, "web");
    snprintf(s.ip, sizeof s.ip, "127.0.0.1");
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    assert_int_equal(store_server_add(f->st, &s, &e), 0);
    assert_int_equal(store_commit(f->st, &e), 0);
    f->r = calloc(1, sizeof *f->r);
    assert_non_null(f->r);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->st);
    free(f->r);
    testfs_rmtree(f->dir);
    free(f);
    return 0;
}

/* Imports doc (rolled back whatever happens); returns the result. */
static int
run(struct fx *f, const char *doc, enum xport_mode mode)
{
    struct err e;
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    int rc =
        xport_import(f->st, doc, strlen(doc), mode, 0, f->r, NULL, NULL, &e);
    store_rollback(f->st);
    if (rc < 0 && f->r->issues_total > 0) {
        assert_int_equal(e.code, ERR_INVALID);
        assert_string_equal(e.key, "xport_err_invalid");
    }
    return rc;
}

/* Asserts that issue i is at path with key (and field, when not NULL). */
static void
issue(const struct fx *f, size_t i, const char *path, const char *key,
      const char *field)
{
    assert_true(i < f->r->nissues);
    assert_string_equal(f->r->issues[i].path, path);
    assert_string_equal(f->r->issues[i].err.key, key);
    if (field != NULL)
        assert_string_equal(f->r->issues[i].err.field, field);
}

#define HEAD "{\"format\":\"unlimited-cluster\",\"version\":1,"

static void
test_server_fields_each_reported_with_path(void **state)
{
    struct fx *f = *state;
    const char *doc =
        HEAD "\"servers\":["
             "{\"id\":\"ok-1\",\"type\":\"web\",\"ip\":\"10.0.0.1\"},"
             "{\"id\":\"-bad\",\"type\":\"webz\",\"ip\":\"300.1.1.1\","
             "\"region\":\"US-East\",\"ports\":[80,\"x\"],\"status\":\"up\","
             "\"position\":{\"x\":1},\"created\":\"yesterday\",\"colour\":1},"
             "{\"type\":\"web\",\"ip\":\"10.0.0.3\",\"name\":\"\\u0007\"}]}";
    assert_int_equal(run(f, doc, XPORT_MERGE), -1);
    issue(f, 0, "$.servers[1].colour", "xport_err_unknown_key", "colour");
    issue(f, 1, "$.servers[1].id", "err_bad_ident", "id");
    issue(f, 2, "$.servers[1].type", "err_bad_type", "type");
    issue(f, 3, "$.servers[1].ip", "err_bad_host", "ip");
    issue(f, 4, "$.servers[1].region", "err_bad_region", "region");
    issue(f, 5, "$.servers[1].ports[1]", "err_bad_port", "ports");
    issue(f, 6, "$.servers[1].status", "err_bad_state", "status");
    issue(f, 7, "$.servers[1].position.y", "err_required", "y");
    issue(f, 8, "$.servers[1].created", "xport_err_bad_time", "created");
    issue(f, 9, "$.servers[2].id", "err_required", "id");
    issue(f, 10, "$.servers[2].name", "err_bad_chars", "name");
    assert_int_equal(f->r->issues_total, 11);
    assert_string_equal(f->r->issues[2].err.arg[0], "webz");
    assert_string_equal(f->r->issues[5].err.arg[0], "\"x\"");
}

static void
test_duplicates_and_references(void **state)
{
    struct fx *f = *state;
    const char *doc =
        HEAD "\"servers\":["
             "{\"id\":\"a\",\"type\":\"web\",\"ip\":\"10.0.0.1\"},"
             "{\"id\":\"b\",\"type\":\"web\",\"ip\":\"10.0.0.2\"},"
             "{\"id\":\"A\",\"type\":\"web\",\"ip\":\"10.0.0.3\"}],"
             "\"connections\":["
             "{\"from\":\"a\",\"to\":\"b\"},"
             "{\"from\":\"B\",\"to\":\"a\",\"type\":\"http\"},"
             "{\"from\":\"a\",\"to\":\"a\"},"
             "{\"from\":\"a\",\"to\":\"in-db\"},"
             "{\"from\":\"b\",\"to\":\"ghost\"}],"
             "\"clusters\":["
             "{\"name\":\"c1\",\"servers\":[\"a\",\"in-db\",\"a\"]},"
             "{\"name\":\"C1\"},"
             "{\"name\":\"c2\",\"servers\":[\"phantom\"]}]}";
    assert_int_equal(run(f, doc, XPORT_MERGE), -1);
    issue(f, 0, "$.servers[2].id", "xport_err_dup_id", "id");
    assert_string_equal(f->r->issues[0].err.arg[1], "$.servers[0]");
    assert_int_equal(f->r->issues[0].err.code, ERR_CONFLICT);
    issue(f, 1, "$.connections[1]", "xport_err_dup_connection", "");
    assert_string_equal(f->r->issues[1].err.arg[0], "$.connections[0]");
    issue(f, 2, "$.connections[2].to", "err_self_connection", "to");
    issue(f, 3, "$.clusters[0].servers[2]", "xport_err_dup_member", "servers");
    issue(f, 4, "$.clusters[1].name", "xport_err_dup_cluster", "name");
    /* References come after the entries: in-db exists (merge), ghost and
     * phantom nowhere. */
    issue(f, 5, "$.connections[4].to", "xport_err_no_server", "to");
    assert_int_equal(f->r->issues[5].err.code, ERR_NOT_FOUND);
    issue(f, 6, "$.clusters[2].servers[0]", "xport_err_no_server", "servers");
    assert_int_equal(f->r->issues_total, 7);
    /* In replace mode the database's servers do not count. (References
     * are checked for entries without other problems: c1's in-db member is
     * not reported again.) */
    assert_int_equal(run(f, doc, XPORT_REPLACE), -1);
    issue(f, 5, "$.connections[3].to", "xport_err_no_server_doc", "to");
    issue(f, 6, "$.connections[4].to", "xport_err_no_server_doc", "to");
    issue(f, 7, "$.clusters[2].servers[0]", "xport_err_no_server_doc",
          "servers");
    assert_int_equal(f->r->issues_total, 8);
}

static void
test_document_level_problems(void **state)
{
    struct fx *f = *state;
    assert_int_equal(run(f, "[1,2]", XPORT_MERGE), -1);
    issue(f, 0, "$", "xport_err_not_object", "");
    assert_int_equal(run(f, "{\"servers\":{}}", XPORT_MERGE), -1);
    issue(f, 0, "$.servers", "xport_err_not_array", "servers");
    issue(f, 1, "$.format", "err_required", "format");
    issue(f, 2, "$.version", "err_required", "version");
    assert_int_equal(run(f,
                         "{\"format\":\"other\",\"version\":2,\"x y\":1,"
                         "\"exported\":\"now\"}",
                         XPORT_MERGE),
                     -1);
    issue(f, 0, "$.format", "xport_err_format", "format");
    assert_string_equal(f->r->issues[0].err.arg[0], "\"other\"");
    issue(f, 1, "$.version", "xport_err_version", "version");
    issue(f, 2, "$.exported", "xport_err_bad_time", "exported");
    issue(f, 3, "$[\"x y\"]", "xport_err_unknown_key", NULL);
    assert_int_equal(run(f, HEAD "\"servers\":[],\"servers\":[]}", XPORT_MERGE),
                     -1);
    issue(f, 0, "$.servers", "xport_err_dup_key", "servers");
}

static void
test_a_fossflow_diagram_goes_to_its_importer(void **state)
{
    struct fx *f = *state;
    /* An empty diagram: the FossFLOW importer takes it, adding nothing. */
    assert_int_equal(run(f,
                         "{\"title\":\"x\",\"icons\":[],\"colors\":[],"
                         "\"items\":[],\"views\":[]}",
                         XPORT_MERGE),
                     0);
    assert_int_equal(f->r->issues_total, 0);
    assert_int_equal(f->r->servers.added, 0);
}

static void
test_syntax_errors_give_line_and_column(void **state)
{
    struct fx *f = *state;
    const char *doc = HEAD "\n\"servers\":[\n{\"id\":\"a\",\"type\":\"web\","
                           "\"ip\":\"10.0.0.1\"},\n{\"id\":\"b\" \"type\"}\n]}";
    assert_int_equal(run(f, doc, XPORT_MERGE), -1);
    assert_int_equal(f->r->issues_total, 1);
    issue(f, 0, "$.servers[1]", "xport_err_json", "");
    /* Line 4; jansson's column is just past the unexpected token. */
    assert_string_equal(f->r->issues[0].err.arg[0], "4");
    assert_string_equal(f->r->issues[0].err.arg[1], "17");
    /* A trailing comma, text after the end, an empty input. */
    assert_int_equal(run(f,
                         HEAD "\"servers\":[{\"id\":\"a\",\"type\":\"web\","
                              "\"ip\":\"1.2.3.4\"},]}",
                         XPORT_MERGE),
                     -1);
    issue(f, 0, "$.servers[1]", "xport_err_json", "");
    assert_int_equal(run(f, HEAD "\"servers\":[]} x", XPORT_MERGE), -1);
    issue(f, 0, "$", "xport_err_json", "");
    assert_int_equal(run(f, "", XPORT_MERGE), -1);
    issue(f, 0, "$", "xport_err_json", "");
    /* Invalid UTF-8 and NUL are syntax errors to jansson. */
    assert_int_equal(
        run(f, HEAD "\"servers\":[{\"id\":\"\xff\"}]}", XPORT_MERGE), -1);
    issue(f, 0, "$.servers[0]", "xport_err_json", "");
}

static void
test_probe_settings_are_checked(void **state)
{
    struct fx *f = *state;
    const char *doc =
        HEAD "\"servers\":[{\"id\":\"a\",\"type\":\"web\",\"ip\":\"10.0.0.1\","
             "\"probe\":{\"http_port\":0,\"maintenance\":1}},"
             "{\"id\":\"b\",\"type\":\"web\",\"ip\":\"10.0.0.2\","
             "\"probe\":{\"http_path\":\"no-slash\",\"extra\":true}}]}";
    assert_int_equal(run(f, doc, XPORT_MERGE), -1);
    issue(f, 0, "$.servers[0].probe.maintenance", "xport_err_not_bool",
          "maintenance");
    issue(f, 1, "$.servers[1].probe.extra", "xport_err_unknown_key", "extra");
    assert_int_equal(f->r->issues_total, 2);
    doc = HEAD "\"servers\":[{\"id\":\"a\",\"type\":\"web\",\"ip\":\"1.2.3.4\","
               "\"probe\":{\"http_port\":0}}]}";
    assert_int_equal(run(f, doc, XPORT_MERGE), -1);
    issue(f, 0, "$.servers[0].probe.http_port", "err_probe_port", "http_port");
}

static void
test_the_list_is_capped_but_counted(void **state)
{
    struct fx *f = *state;
    struct buf b;
    buf_init(&b, 1 << 20);
    buf_add(&b, HEAD "\"servers\":[");
    for (int i = 0; i < 150; i++)
        buf_addf(&b, "%s{\"id\":\"s%d\",\"type\":\"web\",\"ip\":\"bad ip\"}",
                 i ? "," : "", i);
    buf_add(&b, "]}");
    assert_int_equal(run(f, buf_cstr(&b), XPORT_MERGE), -1);
    assert_int_equal(f->r->nissues, XPORT_ISSUES_MAX);
    assert_int_equal(f->r->issues_total, 150);
    issue(f, 99, "$.servers[99].ip", "err_bad_host", "ip");
    buf_free(&b);
}

static void
test_valid_document_with_odd_but_legal_values(void **state)
{
    struct fx *f = *state;
    /* Whitespace anywhere, [] ports, null optionals, IPv6, a trailing-dot
     * host, integer coordinates, an empty cluster. */
    const char *doc =
        " \r\n\t{ \"version\" : 1 , \"format\" : \"unlimited-cluster\" ,"
        " \"clusters\" : [ { \"name\" : \"x\" } ] ,"
        " \"servers\" : [ { \"id\" : \"v6\" , \"type\" : \"dns\" ,"
        " \"ip\" : \"fe80::1\" , \"ports\" : [ ] , \"region\" : null ,"
        " \"position\" : { \"x\" : 1 , \"y\" : -1e3 } } ,"
        " {\"id\":\"h\",\"type\":\"web\",\"ip\":\"host.example.\"} ] } \n";
    assert_int_equal(run(f, doc, XPORT_MERGE), 0);
    assert_int_equal(f->r->servers.added, 2);
    assert_int_equal(f->r->clusters.added, 1);
}

static void
test_time_stamps(void **state)
{
    long long t;
    char s[32];
    (void)state;
    assert_int_equal(xport_time_parse("2026-11-29T08:00:00Z", &t), 0);
    assert_int_equal(t, 1795939200LL);
    assert_int_equal(xport_time_parse("2000-02-29T23:59:59Z", &t), 0);
    assert_int_equal(t, 951868799LL);
    xport_time_format(t, s, sizeof s);
    assert_string_equal(s, "2000-02-29T23:59:59Z");
    assert_int_equal(xport_time_parse("1970-01-01T00:00:00Z", &t), 0);
    assert_int_equal(t, 0);
    assert_int_equal(xport_time_parse("2001-02-29T00:00:00Z", &t), -1);
    assert_int_equal(xport_time_parse("1969-12-31T23:59:59Z", &t), -1);
    assert_int_equal(xport_time_parse("2026-11-29 08:00:00Z", &t), -1);
    assert_int_equal(xport_time_parse("2026-11-29T08:00:00", &t), -1);
    assert_int_equal(xport_time_parse("2026-11-29T24:00:00Z", &t), -1);
    assert_int_equal(xport_time_parse("2026-1a-29T08:00:00Z", &t), -1);
}

static void
test_mode_and_phase_names(void **state)
{
    enum xport_mode m;
    struct err e;
    (void)state;
    assert_int_equal(xport_mode_parse("replace", &m, &e), 0);
    assert_int_equal(m, XPORT_REPLACE);
    assert_int_equal(xport_mode_parse("merge", &m, &e), 0);
    assert_int_equal(m, XPORT_MERGE);
    assert_int_equal(xport_mode_parse("Merge", &m, &e), -1);
    assert_string_equal(e.key, "xport_err_mode");
    assert_string_equal(e.field, "mode");
    assert_string_equal(xport_phase_name(XPORT_PHASE_INDEX), "index");
    assert_string_equal(xport_format_name(XPORT_FOSSFLOW), "fossflow");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_server_fields_each_reported_with_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates_and_references, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_document_level_problems, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_a_fossflow_diagram_goes_to_its_importer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_syntax_errors_give_line_and_column,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_probe_settings_are_checked, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_the_list_is_capped_but_counted,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_valid_document_with_odd_but_legal_values, setup, teardown),
        cmocka_unit_test(test_time_stamps),
        cmocka_unit_test(test_mode_and_phase_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
