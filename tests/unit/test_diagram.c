/* test_diagram.c — the diagram's store reads and moves (store_pos), its
 * change fingerprint, the compact document (diagram_doc), "arrange", the
 * HTML snapshot, gzip negotiation, and that every text the script shows
 * exists in lang/en and lang/es.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>

#include "diagram_doc.h"
#include "diagram_gzip.h"
#include "lang.h"
#include "snapshot.h"
#include "store.h"
#include "store_pos.h"
#include "testfs.h"

struct fx {
    char dir[64];
    char path[128];
    struct store *st;
};

static void
add(struct store *st, const char *id, const char *name, const char *type,
    const char *region, int placed, double x, double y)
{
    struct server s;
    struct err e;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "%s", id);
    snprintf(s.name, sizeof s.name, "%s", name ? name : id);
    snprintf(s.type, sizeof s.type, "%s", type);
    snprintf(s.ip, sizeof s.ip, "10.0.0.1");
    snprintf(s.region, sizeof s.region, "%s", region);
    s.has_pos = placed;
    s.x = x;
    s.y = y;
    assert_int_equal(store_server_add(st, &s, &e), 0);
}

/* web-1 (placed at 4,4) web-2 db-1 cache-1 (not placed); web-1 -> db-1,
 * web-2 -> cache-1; cluster "front" = web-1 web-2. */
static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct err e;
    const char *front[] = {"web-1", "web-2"};
    assert_non_null(f);
    assert_int_equal(testfs_mkdtemp(f->dir, sizeof f->dir, "test_diagram"), 0);
    snprintf(f->path, sizeof f->path, "%s/cluster.db", f->dir);
    assert_int_equal(store_open(f->path, &f->st, &e), 0);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    add(f->st, "web-1", "Front <web>", "web", "eu-west-1", 1, 4, 4);
    add(f->st, "web-2", NULL, "web", "eu-west-1", 0, 0, 0);
    add(f->st, "db-1", NULL, "database", "", 0, 0, 0);
    add(f->st, "cache-1", NULL, "cache", "us-east-1", 0, 0, 0);
    assert_int_equal(store_conn_add(f->st, "web-1", "db-1", "database", &e), 0);
    assert_int_equal(store_conn_add(f->st, "WEB-2", "cache-1", "cache", &e), 0);
    assert_int_equal(
        store_cluster_create(f->st, "front", "the web tier", front, 2, &e), 0);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->st);
    testfs_rmtree(f->dir);
    free(f);
    return 0;
}

static struct store *
st_of(void **state)
{
    return ((struct fx *)*state)->st;
}

/* ---- store_pos ---- */

struct seen {
    char ids[8][32];
    int placed[8];
    size_t n;
};

static int
see_server(void *ctx, const struct pos_server *s)
{
    struct seen *v = ctx;
    snprintf(v->ids[v->n], sizeof v->ids[0], "%s", s->id);
    v->placed[v->n++] = s->has_pos;
    return 0;
}

static void
test_servers_in_rid_order(void **state)
{
    struct seen v = {0};
    struct err e;
    assert_int_equal(store_pos_servers(st_of(state), see_server, &v, &e), 0);
    assert_int_equal(v.n, 4);
    assert_string_equal(v.ids[0], "web-1");
    assert_string_equal(v.ids[3], "cache-1");
    assert_int_equal(v.placed[0], 1);
    assert_int_equal(v.placed[1], 0);
}

static int
see_conn(void *ctx, const struct pos_conn *c)
{
    struct buf *b = ctx;
    buf_addf(b, "%s>%s:%s ", c->from, c->to, c->type);
    return 0;
}

static void
test_conns_use_stored_ids(void **state)
{
    struct buf b;
    struct err e;
    buf_init(&b, 1024);
    assert_int_equal(store_pos_conns(st_of(state), see_conn, &b, &e), 0);
    /* "WEB-2" was given; the stored spelling comes back */
    assert_string_equal(buf_cstr(&b),
                        "web-1>db-1:database web-2>cache-1:cache ");
    buf_free(&b);
}

/* Both fingerprints side by side (topology then states). */
static void
fp(void **state, char out[2 * STORE_POS_FP_LEN + 2])
{
    struct err e;
    struct pos_fp f;
    assert_int_equal(store_pos_fingerprint(st_of(state), &f, &e), 0);
    assert_int_equal(strlen(f.topo), STORE_POS_FP_LEN);
    assert_int_equal(strlen(f.state), STORE_POS_FP_LEN);
    snprintf(out, 2 * STORE_POS_FP_LEN + 2, "%s %s", f.topo, f.state);
}

/* The topology half changed, the state half did not (or the reverse). */
static void
assert_changed(const char *a, const char *b, int topo, int states)
{
    assert_int_equal(strncmp(a, b, STORE_POS_FP_LEN) != 0, topo);
    assert_int_equal(
        strcmp(a + STORE_POS_FP_LEN + 1, b + STORE_POS_FP_LEN + 1) != 0,
        states);
}

static void
test_fingerprint_follows_every_change(void **state)
{
    struct store *st = st_of(state);
    char a[34], b[34];
    struct err e;
    struct server s;
    struct pos_move mv = {"db-1", 8, 2, 1};
    const char *late[] = {"db-1"};

    fp(state, a);
    fp(state, b);
    assert_string_equal(a, b); /* nothing changed */

    assert_int_equal(store_pos_move(st, &mv, 1, &e), 0);
    fp(state, b);
    assert_changed(a, b, 1, 0);

    memcpy(a, b, sizeof a);
    assert_int_equal(store_server_get(st, "web-2", &s, &e), 0);
    snprintf(s.status, sizeof s.status, "inactive");
    assert_int_equal(store_server_update(st, &s, &e), 0);
    fp(state, b);
    /* (the topology half moves too when a second has passed since the
     * server was added: the edit bumps `updated`) */
    assert_string_not_equal(a + STORE_POS_FP_LEN + 1, b + STORE_POS_FP_LEN + 1);

    /* the daemon writes statuses without touching updated */
    memcpy(a, b, sizeof a);
    struct fx *f = *state;
    assert_int_equal(store_commit(st, &e), 0);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE servers SET status = 'active'"
                                  " WHERE id = 'db-1'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_begin(st, 1, &e), 0);
    fp(state, b);
    assert_changed(a, b, 0, 1);

    /* one connection replaced by another: same count, new id */
    memcpy(a, b, sizeof a);
    assert_int_equal(store_conn_delete(st, "web-1", "db-1", &e), 0);
    assert_int_equal(store_conn_add(st, "web-1", "cache-1", "standard", &e), 0);
    fp(state, b);
    assert_string_not_equal(a, b);

    memcpy(a, b, sizeof a);
    assert_int_equal(store_cluster_add_member(st, "front", "db-1", &e), 0);
    fp(state, b);
    assert_string_not_equal(a, b);

    memcpy(a, b, sizeof a);
    assert_int_equal(store_cluster_create(st, "late", "", late, 1, &e), 0);
    fp(state, b);
    assert_string_not_equal(a, b);

    memcpy(a, b, sizeof a);
    assert_int_equal(store_server_delete(st, "cache-1", &e), 0);
    fp(state, b);
    assert_string_not_equal(a, b);
}

static void
test_move_unknown_id_is_not_found(void **state)
{
    struct store *st = st_of(state);
    struct pos_move mv[2] = {{"web-2", 10, 10, 1}, {"nope", 1, 1, 1}};
    struct err e;
    struct server s;
    assert_int_equal(store_commit(st, &e), 0); /* the estate, then a request */
    assert_int_equal(store_begin(st, 1, &e), 0);
    assert_int_equal(store_pos_move(st, mv, 2, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.field, "moves");
    assert_string_equal(e.arg[0], "nope");
    /* the request rolls back: nothing of it stays */
    store_rollback(st);
    assert_int_equal(store_begin(st, 0, &e), 0);
    assert_int_equal(store_server_get(st, "web-2", &s, &e), 0);
    assert_int_equal(s.has_pos, 0);
}

struct hand_probe {
    const char *id;
    int by_hand;
};

static int
read_hand(void *ctx, const struct pos_server *s)
{
    struct hand_probe *h = ctx;
    if (strcasecmp(s->id, h->id) == 0)
        h->by_hand = s->by_hand;
    return 0;
}

/* servers.placed of one server as the diagram reads it; -1 if absent. */
static int
hand_of(void **state, const char *id)
{
    struct hand_probe h = {id, -1};
    struct err e;
    assert_int_equal(store_pos_servers(st_of(state), read_hand, &h, &e), 0);
    return h.by_hand;
}

static void
test_move_sets_position(void **state)
{
    struct pos_move mv = {"WEB-2", -3, 7.5, 1};
    struct err e;
    struct server s;
    assert_int_equal(store_pos_move(st_of(state), &mv, 1, &e), 0);
    assert_int_equal(store_server_get(st_of(state), "web-2", &s, &e), 0);
    assert_int_equal(s.has_pos, 1);
    assert_true(s.x == -3 && s.y == 7.5);
    assert_int_equal(hand_of(state, "web-2"), 1);
    mv.by_hand = 0; /* a layout's move */
    assert_int_equal(store_pos_move(st_of(state), &mv, 1, &e), 0);
    assert_int_equal(hand_of(state, "web-2"), 0);
}

/* ---- the document ---- */

static json_t *
build(void **state)
{
    struct err e;
    json_t *doc = diagram_doc_build(st_of(state), LAYOUT_AUTO, &e);
    assert_non_null(doc);
    return doc;
}

static void
test_doc_columns(void **state)
{
    json_t *doc = build(state), *s = json_object_get(doc, "servers");
    json_t *c = json_object_get(doc, "conns");
    assert_string_equal(json_string_value(json_object_get(doc, "format")),
                        DIAGRAM_FORMAT);
    assert_int_equal(json_integer_value(json_object_get(s, "n")), 4);
    assert_string_equal(json_string_value(json_object_get(s, "id")),
                        "web-1\nweb-2\ndb-1\ncache-1");
    /* a name equal to the id is sent empty */
    assert_string_equal(json_string_value(json_object_get(s, "name")),
                        "Front <web>\n\n\n");
    assert_string_equal(json_string_value(json_object_get(s, "type")), "0013");
    assert_string_equal(json_string_value(json_object_get(s, "placed")),
                        "1000");
    assert_string_equal(json_string_value(json_object_get(s, "status")),
                        "0000");
    assert_int_equal(
        json_integer_value(json_array_get(json_object_get(s, "x"), 0)), 4);
    assert_int_equal(json_integer_value(json_object_get(c, "n")), 2);
    assert_int_equal(
        json_integer_value(json_array_get(json_object_get(c, "to"), 1)), 3);
    assert_string_equal(json_string_value(json_object_get(c, "type")), "23");
    json_t *cl = json_array_get(json_object_get(doc, "clusters"), 0);
    assert_string_equal(json_string_value(json_object_get(cl, "name")),
                        "front");
    assert_int_equal(json_array_size(json_object_get(cl, "members")), 2);
    json_t *regions = json_object_get(doc, "regions");
    assert_int_equal(json_array_size(regions), 3);
    assert_string_equal(json_string_value(json_array_get(regions, 0)), "");
    json_decref(doc);
}

/* Unplaced servers get tiles, none on or beside another. */
static void
test_doc_places_everyone_apart(void **state)
{
    json_t *doc = build(state), *s = json_object_get(doc, "servers");
    json_t *x = json_object_get(s, "x"), *y = json_object_get(s, "y");
    for (size_t i = 0; i < 4; i++)
        for (size_t j = i + 1; j < 4; j++) {
            double dx = json_number_value(json_array_get(x, i)) -
                        json_number_value(json_array_get(x, j));
            double dy = json_number_value(json_array_get(y, i)) -
                        json_number_value(json_array_get(y, j));
            assert_true(dx * dx >= 4 || dy * dy >= 4);
        }
    json_decref(doc);
}

static void
test_dump_html_safe(void **state)
{
    json_t *doc = build(state);
    struct buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(diagram_doc_dump(doc, &b, 1), 0);
    assert_null(strchr(buf_cstr(&b), '<'));
    assert_null(strchr(buf_cstr(&b), '>'));
    assert_non_null(strstr(buf_cstr(&b), "Front \\u003cweb\\u003e"));
    /* and it still parses back to the same document */
    json_t *back = json_loads(buf_cstr(&b), 0, NULL);
    assert_non_null(back);
    assert_true(json_equal(back, doc));
    json_decref(back);
    json_decref(doc);
    buf_free(&b);
}

static int
read_xy(void *ctx, const struct pos_server *s)
{
    struct seen *v = ctx;
    v->placed[v->n++] = s->has_pos;
    return 0;
}

static void
test_arrange_keeps_hand_placed(void **state)
{
    struct err e;
    size_t moved;
    struct server s;
    struct seen v = {0};
    assert_int_equal(
        diagram_doc_arrange(st_of(state), LAYOUT_GRID, 0, &moved, &e), 0);
    assert_int_equal(moved, 3);
    assert_int_equal(store_server_get(st_of(state), "web-1", &s, &e), 0);
    assert_true(s.x == 4 && s.y == 4);
    assert_int_equal(store_pos_servers(st_of(state), read_xy, &v, &e), 0);
    for (size_t i = 0; i < v.n; i++)
        assert_int_equal(v.placed[i], 1);
    /* A layout's positions are not a person's: arranging again lays them
     * out again, and still keeps web-1. */
    assert_int_equal(
        diagram_doc_arrange(st_of(state), LAYOUT_CIRCULAR, 0, &moved, &e), 0);
    assert_int_equal(moved, 3);
    assert_int_equal(store_server_get(st_of(state), "web-1", &s, &e), 0);
    assert_true(s.x == 4 && s.y == 4);
    /* all = 1 moves the hand-placed one too */
    assert_int_equal(
        diagram_doc_arrange(st_of(state), LAYOUT_CIRCULAR, 1, &moved, &e), 0);
    assert_int_equal(moved, 4);
    assert_int_equal(store_server_get(st_of(state), "web-1", &s, &e), 0);
    assert_false(s.x == 4 && s.y == 4);
}

static void
test_metrics_of_the_daemon(void **state)
{
    struct fx *f = *state;
    struct err e;
    sqlite3 *db;
    /* The daemon's table, written as the daemon would (another
     * connection, after our transaction). */
    assert_int_equal(store_commit(f->st, &e), 0);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO probe_current(server, checked, latency_ms,"
                     " cpu, mem, disk, net_in, net_out, uptime) VALUES"
                     " ('db-1', 1700000000, 1.5, 12.5, 40, 71, 1000, 2000,"
                     " 86400)",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_begin(f->st, 0, &e), 0);
    json_t *doc = build(state), *m = json_object_get(doc, "metrics");
    assert_true(json_is_object(m));
    assert_int_equal(
        json_integer_value(json_array_get(json_object_get(m, "idx"), 0)), 2);
    assert_true(json_number_value(
                    json_array_get(json_object_get(m, "cpu"), 0)) == 12.5);
    assert_int_equal(json_integer_value(json_object_get(m, "at")), 1700000000);
    json_decref(doc);
    /* the poller's question: only what is newer */
    json_t *later = diagram_doc_metrics(f->st, 1700000000, NULL, &e);
    assert_non_null(later);
    assert_int_equal(json_array_size(json_object_get(later, "cpu")), 0);
    json_decref(later);
    json_t *all = diagram_doc_metrics(f->st, 0, NULL, &e);
    assert_string_equal(json_string_value(json_object_get(all, "ids")), "db-1");
    json_decref(all);
    json_t *one = diagram_doc_metrics(f->st, 0, "web-1", &e);
    assert_int_equal(json_array_size(json_object_get(one, "cpu")), 0);
    json_decref(one);
    json_t *states = diagram_doc_states(f->st, &e);
    assert_string_equal(json_string_value(json_object_get(states, "status")),
                        "0000");
    json_decref(states);
}

/* ---- texts, gzip, snapshot ---- */

static const char *const KEYS[] = {
#include "diagram_texts.h"
};

static void
test_every_text_is_translated(void **state)
{
    static const char *const codes[] = {"en", "es"};
    (void)state;
    for (size_t c = 0; c < 2; c++) {
        struct lang l;
        char path[64];
        /* lang/es alone, not overlaid on English */
        snprintf(path, sizeof path, "lang/%s", codes[c]);
        struct cfgmap m = {0};
        assert_int_equal(cfgmap_read(&m, path), 0);
        for (size_t i = 0; i < sizeof KEYS / sizeof *KEYS; i++)
            if (cfgmap_get(&m, KEYS[i]) == NULL) {
                print_error("%s lacks %s\n", path, KEYS[i]);
                fail();
            }
        cfgmap_free(&m);
        assert_int_equal(lang_load(&l, ".", codes[c]), 0);
        json_t *t = diagram_doc_texts(&l);
        assert_string_equal(json_string_value(json_object_get(t, "type_web")),
                            lang_get(&l, "type_web"));
        json_decref(t);
        lang_free(&l);
    }
}

static void
test_gzip_accepted(void **state)
{
    (void)state;
    assert_true(diagram_gzip_accepted("gzip"));
    assert_true(diagram_gzip_accepted("deflate, gzip;q=0.8, br"));
    assert_true(diagram_gzip_accepted("br, *"));
    assert_true(diagram_gzip_accepted("X-GZIP"));
    assert_false(diagram_gzip_accepted(NULL));
    assert_false(diagram_gzip_accepted(""));
    assert_false(diagram_gzip_accepted("identity, br"));
    assert_false(diagram_gzip_accepted("gzip;q=0, deflate"));
    assert_false(diagram_gzip_accepted("gzip ; q=0.0"));
    assert_false(diagram_gzip_accepted("gzipx"));
}

#ifdef UC_HAVE_ZLIB
#include <zlib.h>

static void
test_gzip_round_trip(void **state)
{
    struct buf in, out;
    unsigned char back[70000];
    z_stream z;
    (void)state;
    buf_init(&in, 1 << 20);
    buf_init(&out, 1 << 20);
    for (int i = 0; i < 5000; i++)
        buf_addf(&in, "web-%05d\n", i);
    assert_true(diagram_gzip_available());
    assert_int_equal(diagram_gzip(in.p, in.len, &out), 0);
    assert_true(out.len < in.len / 3);
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, 16 + 15), Z_OK);
    z.next_in = (unsigned char *)out.p;
    z.avail_in = (uInt)out.len;
    z.next_out = back;
    z.avail_out = sizeof back;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, in.len);
    assert_memory_equal(back, in.p, in.len);
    inflateEnd(&z);
    buf_free(&in);
    buf_free(&out);
}
#endif

static int
write_buf(void *ctx, const char *p, size_t n)
{
    return buf_addn(ctx, p, n);
}

/* A module folder with our lang/en and stand-in scripts. */
static void
fake_module(const char *dir, const char *script_text)
{
    char path[256], cmd[512];
    snprintf(path, sizeof path, "%s/static", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/lang' && cp lang/en '%s/lang/'",
             dir, dir);
    assert_int_equal(system(cmd), 0);
    testfs_put(path, DIAGRAM_STYLE_FILE, ".ucd{color:red}");
    for (size_t i = 0; i < DIAGRAM_SCRIPT_COUNT; i++)
        testfs_put(path, DIAGRAM_SCRIPT_FILES[i], script_text);
}

static void
test_snapshot_embeds_everything(void **state)
{
    struct fx *f = *state;
    char mod[128];
    struct buf b;
    struct err e;
    snprintf(mod, sizeof mod, "%s/mod", f->dir);
    assert_int_equal(mkdir(mod, 0700), 0);
    fake_module(mod, "var x = 1 < 2;");
    struct snapshot_opts o = {.module_dir = mod, .layout = LAYOUT_AUTO};
    buf_init(&b, 1 << 22);
    assert_int_equal(snapshot_html(f->st, &o, write_buf, &b, &e), 0);
    const char *h = buf_cstr(&b);
    assert_non_null(strstr(h, "<!DOCTYPE html>"));
    assert_non_null(strstr(h, ".ucd{color:red}"));
    assert_non_null(strstr(h, "id=\"ucd-data\""));
    assert_non_null(strstr(h, "\"snapshot\":true"));
    assert_non_null(strstr(h, "Front \\u003cweb\\u003e")); /* escaped */
    assert_null(strstr(h, "Front <web>"));
    assert_non_null(strstr(h, "var x = 1 < 2;"));
    assert_non_null(strstr(h, "ucDiagram.boot("));
    buf_free(&b);
}

static void
test_snapshot_refuses_script_that_closes_early(void **state)
{
    struct fx *f = *state;
    char mod[128];
    struct buf b;
    struct err e;
    snprintf(mod, sizeof mod, "%s/bad", f->dir);
    assert_int_equal(mkdir(mod, 0700), 0);
    fake_module(mod, "var s = '</SCRIPT><script>alert(1)';");
    struct snapshot_opts o = {.module_dir = mod};
    buf_init(&b, 1 << 22);
    assert_int_equal(snapshot_html(f->st, &o, write_buf, &b, &e), -1);
    assert_int_equal(e.code, ERR_INTERNAL);
    buf_free(&b);
}

/* The shipped scripts can be inlined. */
static void
test_shipped_scripts_inline_cleanly(void **state)
{
    struct fx *f = *state;
    struct snapshot_opts o = {.module_dir = "module", .layout = LAYOUT_AUTO};
    struct buf b;
    struct err e;
    char cmd[256];
    /* module/ lacks lang/: give it the repository's through a copy */
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s/m' && cp -r module/static lang '%s/m/'", f->dir,
             f->dir);
    assert_int_equal(system(cmd), 0);
    char dir[128];
    snprintf(dir, sizeof dir, "%s/m", f->dir);
    o.module_dir = dir;
    buf_init(&b, 1 << 24);
    assert_int_equal(snapshot_html(f->st, &o, write_buf, &b, &e), 0);
    assert_non_null(strstr(buf_cstr(&b), "U.boot = function"));
    buf_free(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_servers_in_rid_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_conns_use_stored_ids, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_fingerprint_follows_every_change,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_move_unknown_id_is_not_found,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_move_sets_position, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_doc_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_doc_places_everyone_apart, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dump_html_safe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arrange_keeps_hand_placed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_metrics_of_the_daemon, setup,
                                        teardown),
        cmocka_unit_test(test_every_text_is_translated),
        cmocka_unit_test(test_gzip_accepted),
#ifdef UC_HAVE_ZLIB
        cmocka_unit_test(test_gzip_round_trip),
#endif
        cmocka_unit_test_setup_teardown(test_snapshot_embeds_everything, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_snapshot_refuses_script_that_closes_early, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shipped_scripts_inline_cleanly,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
