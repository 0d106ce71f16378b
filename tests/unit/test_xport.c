/* test_xport.c — export and import of the native document on a real
 * store: the exact text written, the round trip, merge and replace, dry
 * runs, the bulk path's rebuilt counters/index/journal, and that nothing
 * is written when anything is wrong. (Problems and their paths:
 * test_xport_check.c.)
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
#include "store_events.h"
#include "store_probe.h"
#include "testfs.h"
#include "xport.h"

#define STAMP 1795939200 /* 2026-11-29T08:00:00Z */

struct fx {
    char dir[64], path[128], path2[128];
    struct store *st;
    struct xport_report *r;
};

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    assert_non_null(f);
    assert_int_equal(testfs_mkdtemp(f->dir, sizeof f->dir, "test_xport"), 0);
    snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
    snprintf(f->path2, sizeof f->path2, "%s/b.db", f->dir);
    assert_int_equal(store_open(f->path, &f->st, &e), 0);
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

static int
to_buf(void *ctx, const char *data, size_t len)
{
    return buf_addn(ctx, data, len);
}

/* The export of st (its own read transaction) into b (caller frees). */
static void
export_to(struct store *st, struct buf *b)
{
    struct xport_export_opts o = {.format = XPORT_NATIVE, .exported = STAMP};
    struct err e;
    buf_init(b, 64u * 1024 * 1024);
    assert_int_equal(store_begin(st, 0, &e), 0);
    assert_int_equal(xport_export_as(st, &o, to_buf, b, &e), 0);
    assert_int_equal(store_commit(st, &e), 0);
}

/* Imports doc in one write transaction; commits on success, rolls back
 * otherwise. Returns xport_import's result. */
static int
import(struct store *st, const char *doc, enum xport_mode mode, int dry,
       struct xport_report *r, struct err *e)
{
    assert_int_equal(store_begin(st, 1, e), 0);
    int rc = xport_import(st, doc, strlen(doc), mode, dry, r, NULL, NULL, e);
    if (rc == 0)
        assert_int_equal(store_commit(st, e), 0);
    else
        store_rollback(st);
    return rc;
}

static void
add_server(struct store *st, const char *id, const char *type, const char *ip)
{
    struct server s;
    struct err e;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "%s", id);
    snprintf(s.name, sizeof s.name, "%s", id);
    snprintf(s.type, sizeof s.type, "%s", type);
    snprintf(s.ip, sizeof s.ip, "%s", ip);
    assert_int_equal(store_server_add(st, &s, &e), 0);
}

static struct store_totals
totals(struct store *st)
{
    struct store_totals t;
    struct err e;
    assert_int_equal(store_begin(st, 0, &e), 0);
    assert_int_equal(store_totals(st, &t, &e), 0);
    store_commit(st, &e);
    return t;
}

/* ---- export ---- */

static void
test_export_empty_estate_exact_text(void **state)
{
    struct fx *f = *state;
    struct buf b;
    export_to(f->st, &b);
    assert_string_equal(buf_cstr(&b),
                        "{\"format\":\"unlimited-cluster\",\"version\":1,"
                        "\"exported\":\"2026-11-29T08:00:00Z\",\n"
                        "\"servers\":[],\n\"connections\":[],\n"
                        "\"clusters\":[]}\n");
    buf_free(&b);
}

static const char DOC[] =
    "{\"format\":\"unlimited-cluster\",\"version\":1,"
    "\"exported\":\"2026-11-29T08:00:00Z\",\n"
    "\"servers\":[\n"
    "{\"id\":\"db-1\",\"name\":\"Orders DB\",\"type\":\"database\","
    "\"ip\":\"10.0.0.2\",\"region\":\"eu-west-1\",\"ports\":[5432,5433],"
    "\"status\":\"active\",\"position\":{\"x\":3.0,\"y\":-4.5},"
    "\"probe\":{\"node_port\":9100,\"http_port\":null,\"http_scheme\":"
    "\"https\",\"http_path\":\"/health\",\"http_status\":204,"
    "\"maintenance\":true},"
    "\"created\":\"2026-11-29T08:00:00Z\",\"updated\":\"2026-11-29T08:10:00Z\"}"
    ","
    "\n"
    "{\"id\":\"Web-1\",\"name\":\"Web \\u00e9 1\",\"type\":\"web\","
    "\"ip\":\"web1.example.com\",\"region\":null,\"ports\":null,"
    "\"status\":\"unknown\",\"position\":null,\"probe\":null,"
    "\"created\":\"2026-11-29T08:00:00Z\",\"updated\":\"2026-11-29T08:00:00Z\"}"
    "\n],\n"
    "\"connections\":[\n"
    "{\"from\":\"Web-1\",\"to\":\"db-1\",\"type\":\"database\","
    "\"created\":\"2026-11-29T08:01:00Z\"}\n],\n"
    "\"clusters\":[\n"
    "{\"name\":\"empty\",\"description\":\"\",\"created\":"
    "\"2026-11-29T08:02:00Z\",\"updated\":\"2026-11-29T08:02:00Z\","
    "\"servers\":[]},\n"
    "{\"name\":\"prod\",\"description\":\"Line 1\\nLine 2\",\"created\":"
    "\"2026-11-29T08:02:00Z\",\"updated\":\"2026-11-29T08:03:00Z\","
    "\"servers\":[\"db-1\",\"Web-1\"]}\n]}\n";

/* The document above, written by jansson as the exporter writes it (é as
 * UTF-8, "\n" escaped). */
static const char *
doc_as_exported(char *out, size_t outlen)
{
    const char *from = "Web \\u00e9 1";
    const char *at = strstr(DOC, from);
    snprintf(out, outlen, "%.*sWeb \xc3\xa9 1%s", (int)(at - DOC), DOC,
             at + strlen(from));
    return out;
}

static void
test_round_trip_replace_gives_the_same_bytes(void **state)
{
    struct fx *f = *state;
    char want[sizeof DOC + 16];
    struct buf a, b;
    struct err e;
    struct store *other;

    assert_int_equal(import(f->st, DOC, XPORT_REPLACE, 0, f->r, &e), 0);
    export_to(f->st, &a);
    assert_string_equal(buf_cstr(&a), doc_as_exported(want, sizeof want));
    /* Into another database, and into the same one again. */
    assert_int_equal(store_open(f->path2, &other, &e), 0);
    assert_int_equal(import(other, buf_cstr(&a), XPORT_REPLACE, 0, f->r, &e),
                     0);
    export_to(other, &b);
    assert_string_equal(buf_cstr(&a), buf_cstr(&b));
    buf_free(&b);
    assert_int_equal(import(f->st, buf_cstr(&a), XPORT_REPLACE, 0, f->r, &e),
                     0);
    assert_int_equal(f->r->servers.unchanged, 2);
    export_to(f->st, &b);
    assert_string_equal(buf_cstr(&a), buf_cstr(&b));
    store_close(other);
    buf_free(&a);
    buf_free(&b);
}

static void
test_import_keeps_probe_settings(void **state)
{
    struct fx *f = *state;
    struct probe_settings p;
    struct err e;
    assert_int_equal(import(f->st, DOC, XPORT_REPLACE, 0, f->r, &e), 0);
    assert_int_equal(store_begin(f->st, 0, &e), 0);
    assert_int_equal(store_probe_settings_get(f->st, "db-1", &p, &e), 0);
    store_commit(f->st, &e);
    assert_int_equal(p.node_port, 9100);
    assert_int_equal(p.http_port, -1);
    assert_string_equal(p.http_scheme, "https");
    assert_string_equal(p.http_path, "/health");
    assert_int_equal(p.http_status, 204);
    assert_int_equal(p.maintenance, 1);
}

static void
test_export_stops_when_the_writer_fails(void **state)
{
    struct fx *f = *state;
    struct buf small;
    struct err e;
    assert_int_equal(import(f->st, DOC, XPORT_REPLACE, 0, f->r, &e), 0);
    buf_init(&small, 100);
    assert_int_equal(store_begin(f->st, 0, &e), 0);
    assert_int_equal(xport_export(f->st, to_buf, &small, &e), -1);
    store_rollback(f->st);
    assert_int_equal(e.code, ERR_INTERNAL);
    assert_string_equal(e.key, "xport_err_write");
    buf_free(&small);
}

static void
test_fossflow_dispatch_and_html_not_yet(void **state)
{
    struct fx *f = *state;
    struct xport_export_opts o = {.format = XPORT_FOSSFLOW};
    enum xport_format fmt;
    struct buf b;
    struct err e;

    buf_init(&b, 1024 * 1024);
    assert_int_equal(store_begin(f->st, 0, &e), 0);
    /* FossFLOW goes to fossflow.h (its own tests check the document). */
    assert_int_equal(xport_export_as(f->st, &o, to_buf, &b, &e), 0);
    assert_non_null(strstr(buf_cstr(&b), "\"items\""));
    buf_reset(&b);
    o.format = XPORT_HTML; /* without the module's scripts it cannot */
    assert_int_equal(xport_export_as(f->st, &o, to_buf, &b, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.key, "xport_err_unsupported");
    assert_string_equal(e.arg[0], "html");
    store_rollback(f->st);
    assert_int_equal(b.len, 0); /* nothing written */
    assert_int_equal(xport_format_parse("html", &fmt, &e), 0);
    assert_int_equal(fmt, XPORT_HTML);
    assert_string_equal(xport_format_mime(fmt), "text/html; charset=UTF-8");
    assert_int_equal(xport_format_parse("pdf", &fmt, &e), -1);
    assert_string_equal(e.key, "xport_err_format_name");
    buf_free(&b);
}

/* ---- merge, replace, dry run ---- */

static void
test_merge_adds_updates_and_keeps_absent_fields(void **state)
{
    struct fx *f = *state;
    struct server s;
    struct err e;
    const char *doc =
        "{\"format\":\"unlimited-cluster\",\"version\":1,\"servers\":["
        "{\"id\":\"DB-1\",\"type\":\"database\",\"ip\":\"10.9.9.9\"},"
        "{\"id\":\"new-1\",\"type\":\"dns\",\"ip\":\"10.0.0.53\"}],"
        "\"connections\":[{\"from\":\"new-1\",\"to\":\"web-1\"}],"
        "\"clusters\":[{\"name\":\"PROD\",\"servers\":[\"new-1\"]}]}";

    assert_int_equal(import(f->st, DOC, XPORT_REPLACE, 0, f->r, &e), 0);
    assert_int_equal(import(f->st, doc, XPORT_MERGE, 0, f->r, &e), 0);
    assert_int_equal(f->r->servers.added, 1);
    assert_int_equal(f->r->servers.updated, 1);
    assert_int_equal(f->r->servers.unchanged, 0);
    assert_int_equal(f->r->connections.added, 1);
    assert_int_equal(f->r->clusters.updated, 1);
    assert_int_equal(f->r->members_added, 1);
    assert_int_equal(store_begin(f->st, 0, &e), 0);
    assert_int_equal(store_server_get(f->st, "db-1", &s, &e), 0);
    assert_string_equal(s.id, "db-1");        /* stored spelling kept */
    assert_string_equal(s.ip, "10.9.9.9");    /* given: updated */
    assert_string_equal(s.name, "Orders DB"); /* absent: kept */
    assert_string_equal(s.region, "eu-west-1");
    assert_string_equal(s.ports, "5432 5433");
    assert_string_equal(s.status, "active");
    assert_int_equal(s.has_pos, 1);
    assert_int_equal(s.created, STAMP);
    assert_true(s.updated > STAMP + 600);
    struct cluster k;
    assert_int_equal(store_cluster_get(f->st, "prod", &k, &e), 0);
    assert_int_equal(k.members, 3);
    assert_string_equal(k.description, "Line 1\nLine 2");
    store_commit(f->st, &e);
}

static void
test_merge_of_the_same_document_changes_nothing(void **state)
{
    struct fx *f = *state;
    struct buf a, b;
    struct err e;
    assert_int_equal(import(f->st, DOC, XPORT_REPLACE, 0, f->r, &e), 0);
    export_to(f->st, &a);
    assert_int_equal(import(f->st, DOC, XPORT_MERGE, 0, f->r, &e), 0);
    assert_int_equal(f->r->servers.unchanged, 2);
    assert_int_equal(f->r->servers.updated, 0);
    assert_int_equal(f->r->connections.unchanged, 1);
    assert_int_equal(f->r->clusters.unchanged, 2);
    export_to(f->st, &b);
    assert_string_equal(buf_cstr(&a), buf_cstr(&b));
    buf_free(&a);
    buf_free(&b);
}

static void
test_replace_removes_what_the_document_lacks(void **state)
{
    struct fx *f = *state;
    struct store_totals t;
    struct err e;
    const char *doc = "{\"format\":\"unlimited-cluster\",\"version\":1,"
                      "\"servers\":[{\"id\":\"only\",\"type\":\"web\","
                      "\"ip\":\"127.0.0.1\"}]}";
    assert_int_equal(import(f->st, DOC, XPORT_REPLACE, 0, f->r, &e), 0);
    assert_int_equal(import(f->st, doc, XPORT_REPLACE, 0, f->r, &e), 0);
    assert_int_equal(f->r->servers.added, 1);
    assert_int_equal(f->r->servers.removed, 2);
    assert_int_equal(f->r->connections.removed, 1);
    assert_int_equal(f->r->clusters.removed, 2);
    t = totals(f->st);
    assert_int_equal(t.servers, 1);
    assert_int_equal(t.connections, 0);
    assert_int_equal(t.clusters, 0);
}

static void
test_dry_run_counts_and_writes_nothing(void **state)
{
    struct fx *f = *state;
    struct store_totals t;
    struct err e;
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    add_server(f->st, "web-1", "web", "10.0.0.1");
    assert_int_equal(store_commit(f->st, &e), 0);
    assert_int_equal(import(f->st, DOC, XPORT_MERGE, 1, f->r, &e), 0);
    assert_int_equal(f->r->dry_run, 1);
    assert_int_equal(f->r->servers.added, 1);
    assert_int_equal(f->r->servers.updated, 1); /* Web-1 is web-1 */
    assert_int_equal(f->r->connections.added, 1);
    assert_int_equal(f->r->clusters.added, 2);
    t = totals(f->st);
    assert_int_equal(t.servers, 1);
    assert_int_equal(t.connections, 0);
    assert_int_equal(t.clusters, 0);
}

static void
test_invalid_document_writes_nothing(void **state)
{
    struct fx *f = *state;
    struct buf before, after;
    struct err e;
    /* Valid servers first, a bad connection last: nothing of it lands. */
    const char *doc = "{\"format\":\"unlimited-cluster\",\"version\":1,"
                      "\"servers\":[{\"id\":\"n1\",\"type\":\"web\","
                      "\"ip\":\"127.0.0.1\"}],\"connections\":["
                      "{\"from\":\"n1\",\"to\":\"nowhere\"}]}";
    assert_int_equal(import(f->st, DOC, XPORT_REPLACE, 0, f->r, &e), 0);
    export_to(f->st, &before);
    assert_int_equal(import(f->st, doc, XPORT_REPLACE, 0, f->r, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.key, "xport_err_invalid");
    assert_string_equal(e.arg[0], "1");
    assert_int_equal(f->r->nissues, 1);
    assert_string_equal(f->r->issues[0].path, "$.connections[0].to");
    assert_string_equal(f->r->issues[0].err.key, "xport_err_no_server_doc");
    export_to(f->st, &after);
    assert_string_equal(buf_cstr(&before), buf_cstr(&after));
    buf_free(&before);
    buf_free(&after);
}

static void
test_scoped_store_may_not_import(void **state)
{
    struct fx *f = *state;
    const char *names[] = {"prod"};
    struct err e;
    assert_int_equal(store_set_scope(f->st, names, 1, &e), 0);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    assert_int_equal(xport_import(f->st, DOC, strlen(DOC), XPORT_MERGE, 0, f->r,
                                  NULL, NULL, &e),
                     -1);
    store_rollback(f->st);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_string_equal(e.key, "xport_err_scoped");
}

static void
test_a_scoped_export_holds_only_what_the_user_sees(void **state)
{
    struct fx *f = *state;
    const char *names[] = {"empty"};
    struct store *scoped;
    struct buf b;
    struct err e;

    assert_int_equal(import(f->st, DOC, XPORT_REPLACE, 0, f->r, &e), 0);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    assert_int_equal(store_cluster_add_member(f->st, "empty", "db-1", &e), 0);
    assert_int_equal(store_commit(f->st, &e), 0);
    assert_int_equal(store_open(f->path, &scoped, &e), 0);
    assert_int_equal(store_set_scope(scoped, names, 1, &e), 0);
    export_to(scoped, &b);
    store_close(scoped);
    /* db-1 and its cluster only: not Web-1, its connection, or prod. */
    assert_non_null(strstr(buf_cstr(&b), "\"id\":\"db-1\""));
    assert_null(strstr(buf_cstr(&b), "Web-1"));
    assert_null(strstr(buf_cstr(&b), "\"prod\""));
    assert_non_null(strstr(buf_cstr(&b), "\"connections\":[],"));
    assert_non_null(strstr(buf_cstr(&b), "\"servers\":[\"db-1\"]"));
    buf_free(&b);
}

/* ---- the bulk path ---- */

struct counted {
    long long n, resets, adds;
};

static int
count_rows(void *ctx, const struct server *s)
{
    (void)s;
    ((struct counted *)ctx)->n++;
    return 0;
}

static int
count_events(void *ctx, const struct store_event *ev)
{
    struct counted *c = ctx;
    c->resets += strcmp(ev->kind, "reset") == 0;
    c->adds += strcmp(ev->kind, "add") == 0;
    return 0;
}

static char *
big_document(size_t n)
{
    struct buf b;
    buf_init(&b, 64u * 1024 * 1024);
    buf_add(&b, "{\"format\":\"unlimited-cluster\",\"version\":1,"
                "\"servers\":[");
    for (size_t i = 0; i < n; i++)
        buf_addf(&b,
                 "%s{\"id\":\"bulk-%05zu\",\"type\":\"%s\",\"ip\":"
                 "\"10.1.%zu.%zu\",\"region\":\"r%zu\",\"status\":\"%s\"}",
                 i ? "," : "", i, i % 2 ? "web" : "cache", i / 250, i % 250,
                 i % 3, i % 4 ? "active" : "warning");
    buf_add(&b, "],\"connections\":[");
    for (size_t i = 1; i < n; i++)
        buf_addf(&b, "%s{\"from\":\"bulk-%05zu\",\"to\":\"bulk-%05zu\"}",
                 i > 1 ? "," : "", i - 1, i);
    buf_add(&b, "]}");
    char *doc = strdup(buf_cstr(&b));
    buf_free(&b);
    return doc;
}

static void
test_bulk_merge_rebuilds_counters_index_and_journal(void **state)
{
    struct fx *f = *state;
    struct server_query q = {0};
    struct counted c = {0};
    long long n, last;
    struct err e;
    char *doc = big_document(3000);

    assert_int_equal(store_begin(f->st, 1, &e), 0);
    add_server(f->st, "pre-existing", "dns", "10.0.0.53");
    assert_int_equal(store_commit(f->st, &e), 0);
    assert_int_equal(import(f->st, doc, XPORT_MERGE, 0, f->r, &e), 0);
    assert_int_equal(f->r->servers.added, 3000);
    assert_int_equal(f->r->connections.added, 2999);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    /* Counters recomputed from the rows. */
    struct store_totals t;
    assert_int_equal(store_totals(f->st, &t, &e), 0);
    assert_int_equal(t.servers, 3001);
    assert_int_equal(t.connections, 2999);
    q.type = "web";
    q.limit = 1000;
    assert_int_equal(store_server_count(f->st, &q, 10000, &n, &e), 0);
    assert_int_equal(n, 1500);
    q.type = NULL;
    q.status = "warning";
    assert_int_equal(store_server_count(f->st, &q, 10000, &n, &e), 0);
    assert_int_equal(n, 750);
    /* The search index was rebuilt: a trigram search finds one server. */
    q.status = NULL;
    q.q = "bulk-01234";
    assert_int_equal(store_server_list(f->st, &q, count_rows, &c, &e), 0);
    assert_int_equal(c.n, 1);
    /* The triggers are back: a new server counts. */
    add_server(f->st, "after", "web", "10.0.0.2");
    assert_int_equal(store_totals(f->st, &t, &e), 0);
    assert_int_equal(t.servers, 3002);
    assert_int_equal(store_commit(f->st, &e), 0);
    /* The journal: the first server's add, one reset for the whole import
     * (not 6,000 rows), then the new server's add. */
    assert_int_equal(store_begin(f->st, 0, &e), 0);
    assert_int_equal(
        store_events_read(f->st, 0, 10000, count_events, &c, &last, &e), 0);
    store_commit(f->st, &e);
    assert_int_equal(c.resets, 1);
    assert_int_equal(c.adds, 2);
    free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_export_empty_estate_exact_text,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_round_trip_replace_gives_the_same_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_keeps_probe_settings, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_export_stops_when_the_writer_fails,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_fossflow_dispatch_and_html_not_yet,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_merge_adds_updates_and_keeps_absent_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_merge_of_the_same_document_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_replace_removes_what_the_document_lacks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dry_run_counts_and_writes_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_document_writes_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_scoped_store_may_not_import, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_a_scoped_export_holds_only_what_the_user_sees, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_bulk_merge_rebuilds_counters_index_and_journal, setup,
            teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
