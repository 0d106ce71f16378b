/* test_fossflow.c — the FossFLOW round trip: what export writes (items,
 * tiles, connectors, cluster areas, icons), filters by cluster and region,
 * export -> import into an empty database -> export giving the same text,
 * importing FossFLOW's own documents (full and compact), and the errors
 * for what cannot be mapped.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "buf.h"
#include "fossflow.h"
#include "store.h"
#include "store_pos.h"
#include "testfs.h"

#ifndef ICON_DIR
#define ICON_DIR "images"
#endif

struct fx {
    char dir[64];
    struct store *st; /* in a write transaction */
    struct buf out;
};

static struct store *
open_db(struct fx *f, const char *name)
{
    char path[160];
    struct store *st;
    struct err e;
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    assert_int_equal(store_open(path, &st, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    return st;
}

static void
add(struct store *st, const char *id, const char *type, const char *ip,
    const char *region, int placed, double x, double y)
{
    struct server s;
    struct err e;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "%s", id);
    snprintf(s.name, sizeof s.name, "Name of %s", id);
    snprintf(s.type, sizeof s.type, "%s", type);
    snprintf(s.ip, sizeof s.ip, "%s", ip);
    snprintf(s.region, sizeof s.region, "%s", region);
    snprintf(s.status, sizeof s.status, "active");
    s.has_pos = placed;
    s.x = x;
    s.y = y;
    assert_int_equal(store_server_add(st, &s, &e), 0);
}

/* web1 (0,0) web2 (4,0) db1 (2,3) in "front"/"data"; cache1 unplaced;
 * lone in another region. */
static void
estate(struct store *st)
{
    struct err e;
    const char *front[] = {"web1", "web2"}, *data[] = {"db1", "cache1"};
    add(st, "web1", "web", "10.0.0.1", "eu-west", 1, 0, 0);
    add(st, "web2", "web", "10.0.0.2", "eu-west", 1, 4, 0);
    add(st, "db1", "database", "10.0.0.3", "eu-west", 1, 2, 3);
    add(st, "cache1", "cache", "cache1.example.org", "eu-west", 0, 0, 0);
    add(st, "lone", "dns", "10.0.9.9", "us-east", 1, -10, -10);
    assert_int_equal(
        store_cluster_create(st, "front", "web tier", front, 2, &e), 0);
    assert_int_equal(store_cluster_create(st, "data", "", data, 2, &e), 0);
    assert_int_equal(store_conn_add(st, "web1", "db1", "database", &e), 0);
    assert_int_equal(store_conn_add(st, "web2", "cache1", "cache", &e), 0);
    assert_int_equal(store_conn_add(st, "lone", "web1", "standard", &e), 0);
}

static int
setup(void **state)
{
    static struct fx f;
    memset(&f, 0, sizeof f);
    assert_int_equal(testfs_mkdtemp(f.dir, sizeof f.dir, "test_fossflow"), 0);
    f.st = open_db(&f, "a.db");
    estate(f.st);
    buf_init(&f.out, 64u * 1024 * 1024);
    *state = &f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->st);
    buf_free(&f->out);
    testfs_rmtree(f->dir);
    return 0;
}

static int
to_buf(void *ctx, const char *d, size_t n)
{
    return buf_addn(ctx, d, n);
}

/* With FF_DUMP_DIR set, each export is also written to <dir>/<name>.json
 * (tests/fossflow/run.sh validates them with FossFLOW's own schema). */
static void
dump(const char *name, const struct buf *b)
{
    const char *dir = getenv("FF_DUMP_DIR");
    char path[512];
    if (dir == NULL || dir[0] == '\0')
        return;
    snprintf(path, sizeof path, "%s/%s.json", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fwrite(b->p, 1, b->len, fp), b->len);
    assert_int_equal(fclose(fp), 0);
}

static json_t *
export_json(struct store *st, struct buf *b, const char *cluster,
            const char *region, const char *name)
{
    struct fossflow_opts o = {ICON_DIR, LAYOUT_AUTO};
    struct err e;
    json_error_t je;
    buf_reset(b);
    assert_int_equal(
        fossflow_export_opts(st, &o, cluster, region, to_buf, b, &e), 0);
    dump(name, b);
    json_t *doc = json_loadb(b->p, b->len, JSON_REJECT_DUPLICATES, &je);
    if (doc == NULL)
        fail_msg("export is not JSON: %s (line %d)", je.text, je.line);
    return doc;
}

/* The view item of id, or NULL. */
static json_t *
view_item(json_t *doc, const char *id)
{
    json_t *v = json_array_get(json_object_get(doc, "views"), 0), *it;
    size_t i;
    json_array_foreach(json_object_get(v, "items"), i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "id")), id) == 0)
            return it;
    }
    return NULL;
}

static long long
tile_of(json_t *doc, const char *id, const char *axis)
{
    json_t *it = view_item(doc, id);
    assert_non_null(it);
    return json_integer_value(
        json_object_get(json_object_get(it, "tile"), axis));
}

static void
test_export_estate(void **state)
{
    struct fx *f = *state;
    json_t *doc = export_json(f->st, &f->out, NULL, NULL, "estate");
    json_t *items = json_object_get(doc, "items");
    json_t *view = json_array_get(json_object_get(doc, "views"), 0);
    json_t *conns = json_object_get(view, "connectors");
    json_t *rects = json_object_get(view, "rectangles");
    json_t *icons = json_object_get(doc, "icons");

    assert_string_equal(json_string_value(json_object_get(doc, "title")),
                        "unlimited-cluster: estate");
    assert_int_equal(json_array_size(items), 5);
    /* id order */
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(items, 0), "id")),
        "cache1");
    json_t *web1 = json_array_get(items, 3);
    assert_string_equal(json_string_value(json_object_get(web1, "id")), "web1");
    assert_string_equal(json_string_value(json_object_get(web1, "name")),
                        "Name of web1");
    assert_string_equal(json_string_value(json_object_get(web1, "icon")),
                        "uc-web");
    assert_string_equal(
        json_string_value(json_object_get(web1, "description")),
        "<p>type: web</p><p>ip: 10.0.0.1</p><p>region: eu-west</p>"
        "<p>status: active</p><p>clusters: front</p>");
    /* Stored positions as tiles; the unplaced one gets a free tile. */
    assert_int_equal(tile_of(doc, "web2", "x"), 4);
    assert_int_equal(tile_of(doc, "db1", "y"), 3);
    long long cx = tile_of(doc, "cache1", "x"),
              cy = tile_of(doc, "cache1", "y");
    assert_false((cx == 0 && cy == 0) || (cx == 4 && cy == 0) ||
                 (cx == 2 && cy == 3) || (cx == -10 && cy == -10));
    /* Connectors by (from, to), with item anchors. */
    assert_int_equal(json_array_size(conns), 3);
    json_t *c0 = json_array_get(conns, 0);
    assert_string_equal(json_string_value(json_object_get(c0, "id")),
                        "link:lone:web1");
    assert_string_equal(json_string_value(json_object_get(c0, "color")),
                        "uc-link-standard");
    json_t *a1 = json_array_get(json_object_get(c0, "anchors"), 1);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(a1, "ref"), "item")),
        "web1");
    /* One rectangle per cluster: members' tiles +-1. */
    assert_int_equal(json_array_size(rects), 2);
    json_t *front = json_array_get(rects, 1);
    assert_string_equal(json_string_value(json_object_get(front, "id")),
                        "uc-cluster:front");
    assert_int_equal(json_integer_value(
                         json_object_get(json_object_get(front, "from"), "x")),
                     -1);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(front, "to"), "x")),
        5);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(front, "to"), "y")),
        1);
    /* Nine embedded icons, from our files. */
    assert_int_equal(json_array_size(icons), 9);
    const char *url =
        json_string_value(json_object_get(json_array_get(icons, 0), "url"));
    assert_int_equal(strncmp(url, "data:image/svg+xml;base64,", 26), 0);
    assert_true(strlen(url) > 500);
    json_decref(doc);
}

static void
test_export_cluster(void **state)
{
    struct fx *f = *state;
    json_t *doc = export_json(f->st, &f->out, "DATA", NULL, "cluster");
    json_t *view = json_array_get(json_object_get(doc, "views"), 0);
    assert_int_equal(json_array_size(json_object_get(doc, "items")), 2);
    assert_non_null(view_item(doc, "db1"));
    assert_null(view_item(doc, "web1"));
    /* web2-cache1 leaves the cluster: no connector. */
    assert_int_equal(json_array_size(json_object_get(view, "connectors")), 0);
    assert_int_equal(json_array_size(json_object_get(view, "rectangles")), 1);
    assert_string_equal(json_string_value(json_object_get(doc, "title")),
                        "unlimited-cluster: cluster DATA");
    json_decref(doc);
}

static void
test_export_region(void **state)
{
    struct fx *f = *state;
    struct err e;
    json_t *doc = export_json(f->st, &f->out, NULL, "eu-west", "region");
    assert_int_equal(json_array_size(json_object_get(doc, "items")), 4);
    assert_null(view_item(doc, "lone"));
    json_decref(doc);
    buf_reset(&f->out);
    assert_int_equal(fossflow_export(f->st, "nope", NULL, to_buf, &f->out, &e),
                     -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.field, "cluster");
    assert_int_equal(fossflow_export(f->st, NULL, "mars", to_buf, &f->out, &e),
                     -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.key, "ff_err_region_not_found");
    assert_int_equal(f->out.len, 0); /* nothing written before the check */
}

static void
test_round_trip(void **state)
{
    struct fx *f = *state;
    struct xport_report *r = calloc(1, sizeof *r);
    struct buf again;
    struct err e;
    json_decref(export_json(f->st, &f->out, NULL, NULL, "first"));

    struct store *empty = open_db(f, "b.db");
    assert_non_null(r);
    if (fossflow_import(empty, f->out.p, f->out.len, XPORT_MERGE, 0, r, &e) < 0)
        fail_msg("import: %s at %s (%s)", e.key,
                 r->nissues ? r->issues[0].path : "-",
                 r->nissues ? r->issues[0].err.key : "-");
    assert_int_equal(r->servers.added, 5);
    assert_int_equal(r->connections.added, 3);
    assert_int_equal(r->clusters.added, 2);
    assert_int_equal(r->members_added, 4);
    buf_init(&again, 64u * 1024 * 1024);
    json_decref(export_json(empty, &again, NULL, NULL, "again"));
    assert_int_equal(again.len, f->out.len);
    assert_memory_equal(again.p, f->out.p, f->out.len);

    /* The same document again: nothing changes. */
    assert_int_equal(
        fossflow_import(empty, f->out.p, f->out.len, XPORT_MERGE, 0, r, &e), 0);
    assert_int_equal(r->servers.added, 0);
    assert_int_equal(r->servers.unchanged, 5);
    assert_int_equal(r->connections.unchanged, 3);
    assert_int_equal(r->members_added, 0);
    buf_free(&again);
    store_close(empty);
    free(r);
}

/* The document of the notes (FossFLOW's own icons, plain descriptions). */
static const char NOTE_DOC[] =
    "{\"version\":\"1.0\",\"title\":\"Web stack\",\"icons\":["
    "{\"id\":\"server\",\"name\":\"server\",\"collection\":\"isoflow\","
    "\"isIsometric\":true,\"url\":\"x\"},"
    "{\"id\":\"storage\",\"name\":\"storage\",\"url\":\"x\"},"
    "{\"id\":\"cache\",\"name\":\"cache\",\"url\":\"x\"}],"
    "\"colors\":[{\"id\":\"c\",\"value\":\"#a5b8f3\"}],"
    "\"items\":["
    "{\"id\":\"srv-web-01\",\"name\":\"web-01\","
    "\"description\":\"nginx 1.24, 10.0.0.10\",\"icon\":\"server\"},"
    "{\"id\":\"srv-db-01\",\"name\":\"db-01\","
    "\"description\":\"<p>PostgreSQL 16</p><p>IP: 10.0.0.20</p>\","
    "\"icon\":\"storage\"},"
    "{\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\",\"name\":\"Cache 01\","
    "\"description\":\"Redis 7, 10.0.0.30\",\"icon\":\"cache\"}],"
    "\"views\":[{\"id\":\"v\",\"name\":\"Production\",\"items\":["
    "{\"id\":\"srv-web-01\",\"tile\":{\"x\":0,\"y\":0}},"
    "{\"id\":\"srv-db-01\",\"tile\":{\"x\":4,\"y\":1},\"labelHeight\":80},"
    "{\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\","
    "\"tile\":{\"x\":4,\"y\":-1}}],"
    "\"connectors\":[{\"id\":\"k1\",\"color\":\"c\",\"description\":"
    "\"database\",\"anchors\":[{\"id\":\"a\",\"ref\":{\"item\":\"srv-web-01\"}}"
    ","
    "{\"id\":\"bend\",\"ref\":{\"tile\":{\"x\":2,\"y\":0}}},"
    "{\"id\":\"b\",\"ref\":{\"item\":\"srv-db-01\"}}]},"
    "{\"id\":\"k2\",\"anchors\":[{\"id\":\"c\",\"ref\":{\"anchor\":\"a\"}},"
    "{\"id\":\"d\",\"ref\":{\"item\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"}}"
    "]}],"
    "\"rectangles\":[{\"id\":\"r\",\"color\":\"c\",\"from\":{\"x\":3,\"y\":2},"
    "\"to\":{\"x\":5,\"y\":-2}}],"
    "\"textBoxes\":[{\"id\":\"t\",\"tile\":{\"x\":3,\"y\":-3},"
    "\"content\":\"data\"}]}],\"fitToView\":true}";

static void
test_import_fossflow_doc(void **state)
{
    struct fx *f = *state;
    struct xport_report *r = calloc(1, sizeof *r);
    struct store *st = open_db(f, "c.db");
    struct server s;
    struct err e;
    char type[16];

    assert_true(fossflow_sniff(NOTE_DOC, strlen(NOTE_DOC)));
    if (fossflow_import(st, NOTE_DOC, strlen(NOTE_DOC), XPORT_MERGE, 0, r, &e) <
        0)
        fail_msg("import: %s at %s (%s)", e.key,
                 r->nissues ? r->issues[0].path : "-",
                 r->nissues ? r->issues[0].err.key : "-");
    assert_int_equal(store_server_get(st, "srv-web-01", &s, &e), 0);
    assert_string_equal(s.type, "web");
    assert_string_equal(s.ip, "10.0.0.10");
    assert_string_equal(s.name, "web-01");
    assert_int_equal(store_server_get(st, "srv-db-01", &s, &e), 0);
    assert_string_equal(s.type, "database");
    assert_string_equal(s.ip, "10.0.0.20");
    assert_true(s.has_pos);
    assert_true(s.x == 4 && s.y == 1);
    /* A generated (UUID) id: the slug of the name instead. */
    assert_int_equal(store_server_get(st, "cache-01", &s, &e), 0);
    assert_string_equal(s.type, "cache");
    /* Through a bend tile; and through another connector's anchor. */
    assert_int_equal(store_conn_add(st, "srv-web-01", "srv-db-01", "http", &e),
                     -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_int_equal(r->connections.added, 2);
    assert_int_equal(r->clusters.added, 0); /* their rectangle: decoration */
    (void)type;
    json_decref(export_json(st, &f->out, NULL, NULL, "from-fossflow"));
    store_close(st);
    free(r);
}

static void
test_import_compact(void **state)
{
    struct fx *f = *state;
    static const char doc[] =
        "{\"t\":\"Small\",\"i\":[[\"Web 1\",\"server\",\"ip: 10.1.0.1\"],"
        "[\"db\",\"storage\",\"<p>ip: 10.1.0.2</p><p>region: eu</p>\"],"
        "[\"api.example.com\",\"vm\",\"\"]],"
        "\"v\":[[[[0,1,2],[1,5,6],[2,9,9]],[[0,1],[2,0]]]],"
        "\"_\":{\"f\":\"compact\",\"v\":\"1.0\"}}";
    struct xport_report *r = calloc(1, sizeof *r);
    struct store *st = open_db(f, "d.db");
    struct server s;
    struct err e;

    assert_true(fossflow_sniff(doc, strlen(doc)));
    if (fossflow_import(st, doc, strlen(doc), XPORT_MERGE, 0, r, &e) < 0)
        fail_msg("import: %s at %s (%s)", e.key,
                 r->nissues ? r->issues[0].path : "-",
                 r->nissues ? r->issues[0].err.key : "-");
    assert_int_equal(store_server_get(st, "web-1", &s, &e), 0);
    assert_true(s.x == 1 && s.y == 2);
    assert_int_equal(store_server_get(st, "db", &s, &e), 0);
    assert_string_equal(s.region, "eu");
    /* No address in the text: a fully qualified name is the host. */
    assert_int_equal(store_server_get(st, "api-example-com", &s, &e), 0);
    assert_string_equal(s.ip, "api.example.com");
    assert_int_equal(r->connections.added, 2);
    json_decref(export_json(st, &f->out, NULL, NULL, "from-compact"));
    store_close(st);
    free(r);
}

static void
test_import_errors_name_paths(void **state)
{
    struct fx *f = *state;
    static const char doc[] =
        "{\"title\":\"x\",\"icons\":[{\"id\":\"user\",\"name\":\"user\","
        "\"url\":\"u\"}],\"colors\":[],\"items\":["
        "{\"id\":\"alice\",\"name\":\"Alice\",\"icon\":\"user\","
        "\"description\":\"ip: 10.0.0.1\"},"
        "{\"id\":\"web\",\"name\":\"web\",\"icon\":\"user\"},"
        "{\"id\":\"db\",\"name\":\"db\",\"description\":\"ip: 999.1.1.1\"}],"
        "\"views\":[{\"id\":\"v\",\"name\":\"v\",\"items\":["
        "{\"id\":\"ghost\",\"tile\":{\"x\":0,\"y\":0}}],"
        "\"connectors\":[{\"id\":\"k\",\"anchors\":["
        "{\"id\":\"a\",\"ref\":{\"item\":\"web\"}},"
        "{\"id\":\"b\",\"ref\":{\"tile\":{\"x\":1,\"y\":1}}}]}]}]}";
    struct xport_report *r = calloc(1, sizeof *r);
    struct store *st = open_db(f, "e.db");
    struct store_totals t;
    struct err e;

    assert_int_equal(
        fossflow_import(st, doc, strlen(doc), XPORT_MERGE, 0, r, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.key, "xport_err_invalid");
    assert_int_equal(r->issues_total, 5);
    assert_string_equal(r->issues[0].path, "$.items[0].icon");
    assert_string_equal(r->issues[0].err.key, "ff_err_type");
    assert_string_equal(r->issues[0].err.field, "icon");
    assert_string_equal(r->issues[1].path, "$.items[1].description");
    assert_string_equal(r->issues[1].err.key, "ff_err_no_address");
    assert_string_equal(r->issues[2].path, "$.items[2].description");
    assert_string_equal(r->issues[2].err.key, "err_bad_host");
    assert_string_equal(r->issues[3].path, "$.views[0].items[0]");
    assert_string_equal(r->issues[3].err.key, "ff_err_unknown_item");
    assert_string_equal(r->issues[4].path, "$.views[0].connectors[0].anchors");
    assert_string_equal(r->issues[4].err.key, "ff_err_connector_ends");
    /* Nothing written. */
    assert_int_equal(store_totals(st, &t, &e), 0);
    assert_int_equal(t.servers, 0);
    store_close(st);
    free(r);
}

static void
test_import_bad_json_and_scope(void **state)
{
    struct fx *f = *state;
    struct xport_report *r = calloc(1, sizeof *r);
    struct store *st = open_db(f, "g.db");
    struct err e;

    assert_int_equal(
        fossflow_import(st, "{\"items\": [", 11, XPORT_MERGE, 0, r, &e), -1);
    assert_string_equal(r->issues[0].err.key, "ff_err_json");
    assert_int_equal(fossflow_import(st, "[1]", 3, XPORT_MERGE, 0, r, &e), -1);
    assert_string_equal(r->issues[0].err.key, "ff_err_not_diagram");
    store_close(st);

    char path[160];
    const char *only[] = {"front"};
    snprintf(path, sizeof path, "%s/a.db", f->dir);
    assert_int_equal(store_commit(f->st, &e), 0);
    assert_int_equal(store_open(path, &st, &e), 0);
    assert_int_equal(store_set_scope(st, only, 1, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    assert_int_equal(
        fossflow_import(st, NOTE_DOC, strlen(NOTE_DOC), XPORT_MERGE, 0, r, &e),
        -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    store_close(st);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    free(r);
}

static void
test_replace_and_dry_run(void **state)
{
    struct fx *f = *state;
    struct xport_report *r = calloc(1, sizeof *r);
    struct store_totals t;
    struct err e;

    /* Dry run: counts, no change. */
    assert_int_equal(fossflow_import(f->st, NOTE_DOC, strlen(NOTE_DOC),
                                     XPORT_REPLACE, 1, r, &e),
                     0);
    assert_int_equal(r->servers.added, 3);
    assert_int_equal(r->servers.removed, 5);
    assert_int_equal(store_totals(f->st, &t, &e), 0);
    assert_int_equal(t.servers, 5);
    assert_int_equal(fossflow_import(f->st, NOTE_DOC, strlen(NOTE_DOC),
                                     XPORT_REPLACE, 0, r, &e),
                     0);
    assert_int_equal(store_totals(f->st, &t, &e), 0);
    assert_int_equal(t.servers, 3);
    assert_int_equal(t.clusters, 0);
    free(r);
}

static void
test_sniff(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "{\"title\":\"t\",\"items\":[],\"views\":[]}",
        " {\"views\":[{\"items\":[\"x}\"]}], \"items\":[{\"a\":\"]\"}]}",
        "{\"t\":\"x\",\"i\":[],\"_\":{\"f\":\"compact\",\"v\":\"1\"}}",
    };
    static const char *const no[] = {
        "{\"format\":\"unlimited-cluster\",\"items\":[],\"views\":[]}",
        "{\"items\":[]}",
        "[]",
        "",
        "{\"servers\":[]}",
        "{\"_\":{\"f\":\"full\"},\"i\":[]}",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(fossflow_sniff(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(fossflow_sniff(no[i], strlen(no[i])));
}

/* 20,000 servers: streamed, and the output parses. */
static void
test_export_many(void **state)
{
    struct fx *f = *state;
    char id[32], ip[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(id, sizeof id, "n%05d", i);
        snprintf(ip, sizeof ip, "10.%d.%d.%d", i / 65536, (i / 256) % 256,
                 i % 256);
        add(f->st, id, i % 3 ? "web" : "database", ip, "", i % 2, i % 200,
            i / 200);
    }
    json_t *doc = export_json(f->st, &f->out, NULL, NULL, "many");
    assert_int_equal(json_array_size(json_object_get(doc, "items")), 20005);
    json_decref(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_export_estate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_cluster, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_region, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_fossflow_doc, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_import_compact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_errors_name_paths, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_import_bad_json_and_scope, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_replace_and_dry_run, setup,
                                        teardown),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test_setup_teardown(test_export_many, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
