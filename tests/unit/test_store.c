/* test_store.c — the graph store on a real SQLite file: opening and
 * migrations, servers, connections, clusters, counters, autoconnect.
 * (Listing, paging and search are in test_store_list.c.)
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "store.h"
#include "store_int.h" /* STORE_MIGRATION_COUNT */
#include "storefx.h"

/* A fresh file store in a new temporary folder, inside a write
 * transaction (as a POST request runs). */
static int
setup(void **state)
{
    return storefx_open(state, "test_store");
}

static struct store *
st_of(void **state)
{
    return ((struct fx *)*state)->st;
}

static void
fill_server(struct server *s, const char *id, const char *type,
            const char *region, const char *status)
{
    *s = storefx_server(id, type);
    snprintf(s->name, sizeof s->name, "Name of %s", id);
    snprintf(s->ip, sizeof s->ip, "10.0.0.%zu", strlen(id));
    snprintf(s->region, sizeof s->region, "%s", region);
    snprintf(s->status, sizeof s->status, "%s", status);
}

static void
add(struct store *st, const char *id, const char *type, const char *region,
    const char *status)
{
    struct server s;
    fill_server(&s, id, type, region, status);
    storefx_put(st, &s);
}

static void
connect2(struct store *st, const char *from, const char *to)
{
    struct err e;
    assert_int_equal(store_conn_add(st, from, to, "standard", &e), 0);
}

static void
assert_err(const struct err *e, enum err_code code, const char *field,
           const char *key)
{
    assert_int_equal(e->code, code);
    assert_string_equal(e->field, field);
    assert_string_equal(e->key, key);
}

/* Counter lookups through the public API. */
struct kv {
    const char *key;
    long long n;
};

static int
find_key(void *ctx, const char *key, long long n)
{
    struct kv *kv = ctx;
    if (strcmp(key, kv->key) == 0)
        kv->n = n;
    return 0;
}

static long long
count_of(struct store *st, const char *dim, const char *key)
{
    struct kv kv = {key, 0};
    struct err e;
    assert_int_equal(store_count_by(st, dim, find_key, &kv, &e), 0);
    return kv.n;
}

static struct store_totals
totals(struct store *st)
{
    struct store_totals t;
    struct err e;
    assert_int_equal(store_totals(st, &t, &e), 0);
    return t;
}

static long long
members(struct store *st, const char *name)
{
    struct cluster c;
    struct err e;
    assert_int_equal(store_cluster_get(st, name, &c, &e), 0);
    return c.members;
}

/* Collects "a>b:type," for each connection of a server. */
static int
conn_collect(void *ctx, const struct connection *c)
{
    buf_addf(ctx, "%s>%s:%s,", c->from, c->to, c->type);
    return 0;
}

static const char *
conns_of(struct store *st, const char *id, struct buf *b)
{
    struct err e;
    buf_reset(b);
    assert_int_equal(store_conn_list_server(st, id, 100, conn_collect, b, &e),
                     0);
    return buf_cstr(b);
}

static int
name_collect(void *ctx, const char *name)
{
    buf_addf(ctx, "%s,", name);
    return 0;
}

/* ---- open, migrations ---- */

static void
test_open_sets_schema_version(void **state)
{
    assert_int_equal(store_schema_version(st_of(state)),
                     (int)STORE_MIGRATION_COUNT);
}

static void
test_reopen_keeps_data(void **state)
{
    struct fx *f = *state;
    struct server s;
    struct err e;
    add(f->st, "web-1", "web", "eu", "active");
    assert_int_equal(store_commit(f->st, &e), 0);
    store_close(f->st);
    assert_int_equal(store_open(f->path, &f->st, &e), 0);
    assert_int_equal(store_schema_version(f->st), (int)STORE_MIGRATION_COUNT);
    assert_int_equal(store_begin(f->st, 0, &e), 0);
    assert_int_equal(store_server_get(f->st, "web-1", &s, &e), 0);
    assert_string_equal(s.status, "active");
    assert_int_equal(totals(f->st).servers, 1);
}

static void
test_rollback_discards_changes(void **state)
{
    struct fx *f = *state;
    struct server s;
    struct err e;
    add(f->st, "web-1", "web", "", "");
    store_rollback(f->st);
    store_rollback(f->st); /* no transaction: a no-op */
    assert_int_equal(store_begin(f->st, 0, &e), 0);
    assert_int_equal(store_server_get(f->st, "web-1", &s, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void
write_file(const char *path, const void *data, size_t n, long offset)
{
    FILE *fp = fopen(path, offset < 0 ? "wb" : "r+b");
    assert_non_null(fp);
    if (offset >= 0)
        assert_int_equal(fseek(fp, offset, SEEK_SET), 0);
    assert_int_equal(fwrite(data, 1, n, fp), n);
    fclose(fp);
}

static void
test_open_not_a_database(void **state)
{
    struct fx *f = *state;
    struct store *st = NULL;
    struct err e;
    char junk[4096];
    char path[160];
    memset(junk, 'x', sizeof junk);
    snprintf(path, sizeof path, "%s/junk.db", f->dir);
    write_file(path, junk, sizeof junk, -1);
    assert_int_equal(store_open(path, &st, &e), -1);
    assert_null(st);
    assert_err(&e, ERR_INTERNAL, "", "robust_db_corrupt");
    unlink(path);
}

static void
test_open_corrupt_schema_page(void **state)
{
    struct fx *f = *state;
    struct store *st = NULL;
    struct err e;
    char junk[1024];
    assert_int_equal(store_commit(f->st, &e), 0);
    store_close(f->st);
    f->st = NULL;
    /* Page 1 past the 100-byte header holds the schema's b-tree. */
    memset(junk, 0xA5, sizeof junk);
    write_file(f->path, junk, sizeof junk, 100);
    assert_int_equal(store_open(f->path, &st, &e), -1);
    assert_null(st);
    assert_err(&e, ERR_INTERNAL, "", "robust_db_corrupt");
}

static void
test_open_newer_schema_refused(void **state)
{
    struct fx *f = *state;
    struct store *st = NULL;
    struct err e;
    assert_int_equal(store_commit(f->st, &e), 0);
    store_close(f->st);
    f->st = NULL;
    storefx_sql(f, "PRAGMA user_version = 99");
    assert_int_equal(store_open(f->path, &st, &e), -1);
    assert_null(st);
    assert_err(&e, ERR_INTERNAL, "", "err_db");
}

static void
test_open_missing_directory(void **state)
{
    struct store *st = NULL;
    struct err e;
    (void)state;
    assert_int_equal(store_open("/nonexistent-dir/x/cluster.db", &st, &e), -1);
    assert_null(st);
    assert_err(&e, ERR_INTERNAL, "", "err_db");
}

/* ---- servers ---- */

static void
test_server_add_get_roundtrip(void **state)
{
    struct store *st = st_of(state);
    struct server s, got;
    struct err e;
    fill_server(&s, "web-prod-01", "web", "us-east-1", "");
    snprintf(s.ports, sizeof s.ports, "80 443");
    s.has_pos = 1;
    s.x = 2.5;
    s.y = -3;
    assert_int_equal(store_server_add(st, &s, &e), 0);
    assert_int_equal(store_server_get(st, "web-prod-01", &got, &e), 0);
    assert_string_equal(got.id, "web-prod-01");
    assert_string_equal(got.name, "Name of web-prod-01");
    assert_string_equal(got.type, "web");
    assert_string_equal(got.ip, s.ip);
    assert_string_equal(got.region, "us-east-1");
    assert_string_equal(got.ports, "80 443");
    assert_string_equal(got.status, "unknown"); /* "" means unknown */
    assert_int_equal(got.has_pos, 1);
    assert_true(got.x == 2.5 && got.y == -3);
    assert_true(got.created > 0 && got.updated == got.created);
}

static void
test_server_without_position(void **state)
{
    struct store *st = st_of(state);
    struct server got;
    struct err e;
    add(st, "db1", "database", "", "active");
    assert_int_equal(store_server_get(st, "db1", &got, &e), 0);
    assert_int_equal(got.has_pos, 0);
    assert_string_equal(got.region, "");
}

static void
test_server_duplicate_id_conflict(void **state)
{
    struct store *st = st_of(state);
    struct server s;
    struct err e;
    add(st, "web-1", "web", "", "");
    fill_server(&s, "web-1", "dns", "", "");
    assert_int_equal(store_server_add(st, &s, &e), -1);
    assert_err(&e, ERR_CONFLICT, "id", "err_server_exists");
    assert_string_equal(e.arg[0], "web-1");
    assert_int_equal(totals(st).servers, 1);
}

static void
test_server_ids_ignore_case(void **state)
{
    struct store *st = st_of(state);
    struct server s;
    struct err e;
    add(st, "Web-1", "web", "", "");
    fill_server(&s, "WEB-1", "web", "", "");
    assert_int_equal(store_server_add(st, &s, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_int_equal(store_server_get(st, "web-1", &s, &e), 0);
    assert_string_equal(s.id, "Web-1");
}

static void
test_server_get_unknown(void **state)
{
    struct server s;
    struct err e;
    assert_int_equal(store_server_get(st_of(state), "ghost", &s, &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "id", "err_server_not_found");
    assert_string_equal(e.arg[0], "ghost");
}

static void
test_server_update_replaces_fields(void **state)
{
    struct store *st = st_of(state);
    struct server s, got;
    struct err e;
    add(st, "web-1", "web", "eu", "active");
    fill_server(&s, "web-1", "loadbalancer", "us", "warning");
    snprintf(s.name, sizeof s.name, "Front");
    snprintf(s.ports, sizeof s.ports, "443");
    s.has_pos = 1;
    s.x = 4;
    s.y = 5;
    assert_int_equal(store_server_update(st, &s, &e), 0);
    assert_int_equal(store_server_get(st, "web-1", &got, &e), 0);
    assert_string_equal(got.name, "Front");
    assert_string_equal(got.type, "loadbalancer");
    assert_string_equal(got.region, "us");
    assert_string_equal(got.status, "warning");
    assert_string_equal(got.ports, "443");
    assert_true(got.has_pos && got.x == 4 && got.y == 5);
    assert_true(got.updated >= got.created);
}

static void
test_server_update_clears_position(void **state)
{
    struct store *st = st_of(state);
    struct server s, got;
    struct err e;
    fill_server(&s, "web-1", "web", "", "");
    s.has_pos = 1;
    assert_int_equal(store_server_add(st, &s, &e), 0);
    s.has_pos = 0;
    assert_int_equal(store_server_update(st, &s, &e), 0);
    assert_int_equal(store_server_get(st, "web-1", &got, &e), 0);
    assert_int_equal(got.has_pos, 0);
}

static void
test_server_update_unknown(void **state)
{
    struct server s;
    struct err e;
    fill_server(&s, "ghost", "web", "", "");
    assert_int_equal(store_server_update(st_of(state), &s, &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "id", "err_server_not_found");
}

static void
test_server_delete_cascades(void **state)
{
    struct store *st = st_of(state);
    const char *m[] = {"a", "b", "c"};
    struct buf b;
    struct err e;
    add(st, "a", "web", "eu", "active");
    add(st, "b", "database", "eu", "active");
    add(st, "c", "cache", "us", "active");
    connect2(st, "a", "b");
    connect2(st, "c", "a");
    connect2(st, "b", "c");
    assert_int_equal(store_cluster_create(st, "prod", "", m, 3, &e), 0);
    assert_int_equal(store_server_delete(st, "a", &e), 0);
    assert_int_equal(store_server_get(st, "a", &(struct server){0}, &e), -1);
    assert_int_equal(totals(st).servers, 2);
    assert_int_equal(totals(st).connections, 1);
    assert_int_equal(members(st, "prod"), 2);
    assert_int_equal(count_of(st, "type", "web"), 0);
    assert_int_equal(count_of(st, "region", "eu"), 1);
    assert_int_equal(count_of(st, "status", "active"), 2);
    buf_init(&b, 1024);
    assert_string_equal(conns_of(st, "b", &b), "b>c:standard,");
    buf_reset(&b);
    assert_int_equal(store_server_clusters(st, "b", name_collect, &b, &e), 0);
    assert_string_equal(buf_cstr(&b), "prod,");
    buf_free(&b);
}

static void
test_server_delete_unknown(void **state)
{
    struct err e;
    assert_int_equal(store_server_delete(st_of(state), "ghost", &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "id", "err_server_not_found");
}

/* ---- counters ---- */

static void
test_counts_follow_adds_updates_deletes(void **state)
{
    struct store *st = st_of(state);
    struct server s;
    struct err e;
    add(st, "w1", "web", "eu", "active");
    add(st, "w2", "web", "us", "");
    add(st, "d1", "database", "eu", "warning");
    assert_int_equal(count_of(st, "type", "web"), 2);
    assert_int_equal(count_of(st, "type", "database"), 1);
    assert_int_equal(count_of(st, "status", "unknown"), 1);
    assert_int_equal(count_of(st, "region", "eu"), 2);
    fill_server(&s, "w2", "dns", "eu", "inactive");
    assert_int_equal(store_server_update(st, &s, &e), 0);
    assert_int_equal(count_of(st, "type", "web"), 1);
    assert_int_equal(count_of(st, "type", "dns"), 1);
    assert_int_equal(count_of(st, "status", "unknown"), 0);
    assert_int_equal(count_of(st, "status", "inactive"), 1);
    assert_int_equal(count_of(st, "region", "us"), 0);
    assert_int_equal(count_of(st, "region", "eu"), 3);
    assert_int_equal(store_server_delete(st, "d1", &e), 0);
    assert_int_equal(count_of(st, "type", "database"), 0);
    assert_int_equal(count_of(st, "region", "eu"), 2);
    assert_int_equal(totals(st).servers, 2);
}

static int
key_collect(void *ctx, const char *key, long long n)
{
    buf_addf(ctx, "%s=%lld,", key, n);
    return 0;
}

static void
test_count_by_sorted_without_zeros(void **state)
{
    struct store *st = st_of(state);
    struct buf b;
    struct err e;
    add(st, "x1", "web", "us", "");
    add(st, "x2", "dns", "", "");
    add(st, "x3", "web", "eu", "");
    assert_int_equal(store_server_delete(st, "x2", &e), 0);
    buf_init(&b, 1024);
    assert_int_equal(store_count_by(st, "type", key_collect, &b, &e), 0);
    assert_string_equal(buf_cstr(&b), "web=2,");
    buf_reset(&b);
    assert_int_equal(store_count_by(st, "region", key_collect, &b, &e), 0);
    assert_string_equal(buf_cstr(&b), "eu=1,us=1,");
    buf_free(&b);
}

static void
test_totals_count_everything(void **state)
{
    struct store *st = st_of(state);
    struct store_totals t;
    struct err e;
    add(st, "a", "web", "", "");
    add(st, "b", "web", "", "");
    connect2(st, "a", "b");
    assert_int_equal(store_cluster_create(st, "c1", "", NULL, 0, &e), 0);
    assert_int_equal(store_cluster_create(st, "c2", "", NULL, 0, &e), 0);
    t = totals(st);
    assert_int_equal(t.servers, 2);
    assert_int_equal(t.connections, 1);
    assert_int_equal(t.clusters, 2);
    assert_int_equal(store_cluster_delete(st, "c1", &e), 0);
    assert_int_equal(store_conn_delete(st, "a", "b", &e), 0);
    t = totals(st);
    assert_int_equal(t.connections, 0);
    assert_int_equal(t.clusters, 1);
}

/* ---- connections ---- */

static void
test_conn_self_loop(void **state)
{
    struct store *st = st_of(state);
    struct err e;
    add(st, "a", "web", "", "");
    assert_int_equal(store_conn_add(st, "a", "a", "standard", &e), -1);
    assert_err(&e, ERR_INVALID, "to", "err_self_connection");
    assert_int_equal(store_conn_add(st, "a", "A", "standard", &e), -1);
    assert_err(&e, ERR_INVALID, "to", "err_self_connection");
}

static void
test_conn_unknown_ends(void **state)
{
    struct store *st = st_of(state);
    struct err e;
    add(st, "a", "web", "", "");
    assert_int_equal(store_conn_add(st, "ghost", "a", "standard", &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "from", "err_server_not_found");
    assert_string_equal(e.arg[0], "ghost");
    assert_int_equal(store_conn_add(st, "a", "ghost", "standard", &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "to", "err_server_not_found");
    assert_int_equal(totals(st).connections, 0);
}

static void
test_conn_duplicate_either_direction(void **state)
{
    struct store *st = st_of(state);
    struct err e;
    add(st, "a", "web", "", "");
    add(st, "b", "database", "", "");
    connect2(st, "a", "b");
    assert_int_equal(store_conn_add(st, "a", "b", "http", &e), -1);
    assert_err(&e, ERR_CONFLICT, "to", "err_connection_exists");
    assert_int_equal(store_conn_add(st, "b", "a", "http", &e), -1);
    assert_err(&e, ERR_CONFLICT, "to", "err_connection_exists");
    assert_int_equal(store_conn_add(st, "B", "A", "http", &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_int_equal(totals(st).connections, 1);
}

static void
test_conn_delete_either_direction(void **state)
{
    struct store *st = st_of(state);
    struct err e;
    add(st, "a", "web", "", "");
    add(st, "b", "database", "", "");
    connect2(st, "a", "b");
    assert_int_equal(store_conn_delete(st, "b", "a", &e), 0);
    assert_int_equal(totals(st).connections, 0);
    connect2(st, "a", "b");
    assert_int_equal(store_conn_delete(st, "a", "b", &e), 0);
    assert_int_equal(store_conn_delete(st, "a", "b", &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "to", "err_connection_not_found");
}

static void
test_conn_list_by_other_end(void **state)
{
    struct store *st = st_of(state);
    struct buf b;
    add(st, "m", "monitoring", "", "");
    add(st, "z", "web", "", "");
    add(st, "a", "web", "", "");
    add(st, "k", "web", "", "");
    connect2(st, "m", "z");
    connect2(st, "a", "m");
    connect2(st, "m", "k");
    buf_init(&b, 1024);
    assert_string_equal(conns_of(st, "m", &b),
                        "a>m:standard,m>k:standard,m>z:standard,");
    assert_string_equal(conns_of(st, "z", &b), "m>z:standard,");
    buf_free(&b);
}

static void
test_conn_list_limit(void **state)
{
    struct store *st = st_of(state);
    struct buf b;
    struct err e;
    add(st, "m", "monitoring", "", "");
    add(st, "a", "web", "", "");
    add(st, "b", "web", "", "");
    connect2(st, "m", "a");
    connect2(st, "b", "m");
    buf_init(&b, 1024);
    assert_int_equal(store_conn_list_server(st, "m", 1, conn_collect, &b, &e),
                     0);
    assert_string_equal(buf_cstr(&b), "m>a:standard,");
    buf_free(&b);
}

/* ---- clusters ---- */

static void
test_cluster_create_keeps_duplicates_once(void **state)
{
    struct store *st = st_of(state);
    const char *m[] = {"a", "b", "a", "B"};
    struct cluster c;
    struct err e;
    add(st, "a", "web", "", "");
    add(st, "b", "web", "", "");
    assert_int_equal(store_cluster_create(st, "prod", "Live", m, 4, &e), 0);
    assert_int_equal(store_cluster_get(st, "prod", &c, &e), 0);
    assert_string_equal(c.name, "prod");
    assert_string_equal(c.description, "Live");
    assert_int_equal(c.members, 2);
    assert_true(c.created > 0);
}

static void
test_cluster_duplicate_name(void **state)
{
    struct store *st = st_of(state);
    struct err e;
    assert_int_equal(store_cluster_create(st, "prod", "", NULL, 0, &e), 0);
    assert_int_equal(store_cluster_create(st, "prod", "", NULL, 0, &e), -1);
    assert_err(&e, ERR_CONFLICT, "name", "err_cluster_exists");
    assert_string_equal(e.arg[0], "prod");
}

static void
test_cluster_unknown_member_stores_nothing(void **state)
{
    struct store *st = st_of(state);
    const char *m[] = {"a", "ghost"};
    struct cluster c;
    struct err e;
    add(st, "a", "web", "", "");
    assert_int_equal(store_commit(st, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    assert_int_equal(store_cluster_create(st, "other", "", m, 2, &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "servers", "err_server_not_found");
    assert_string_equal(e.arg[0], "ghost");
    store_rollback(st);
    assert_int_equal(store_begin(st, 0, &e), 0);
    assert_int_equal(store_cluster_get(st, "other", &c, &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "name", "err_cluster_not_found");
    assert_int_equal(totals(st).clusters, 0);
    assert_int_equal(totals(st).servers, 1);
}

static void
test_cluster_update_and_delete(void **state)
{
    struct store *st = st_of(state);
    const char *m[] = {"a"};
    struct cluster c;
    struct err e;
    add(st, "a", "web", "", "");
    assert_int_equal(store_cluster_create(st, "prod", "x", m, 1, &e), 0);
    assert_int_equal(store_cluster_update(st, "prod", "Live site", &e), 0);
    assert_int_equal(store_cluster_get(st, "prod", &c, &e), 0);
    assert_string_equal(c.description, "Live site");
    assert_int_equal(store_cluster_delete(st, "prod", &e), 0);
    assert_int_equal(totals(st).servers, 1); /* servers stay */
    assert_int_equal(store_cluster_delete(st, "prod", &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "name", "err_cluster_not_found");
    assert_int_equal(store_cluster_update(st, "prod", "y", &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "name", "err_cluster_not_found");
}

static void
test_cluster_member_add_remove(void **state)
{
    struct store *st = st_of(state);
    struct err e;
    add(st, "a", "web", "", "");
    add(st, "b", "web", "", "");
    assert_int_equal(store_cluster_create(st, "prod", "", NULL, 0, &e), 0);
    assert_int_equal(store_cluster_add_member(st, "prod", "a", &e), 0);
    assert_int_equal(members(st, "prod"), 1);
    assert_int_equal(store_cluster_add_member(st, "prod", "a", &e), -1);
    assert_err(&e, ERR_CONFLICT, "servers", "err_already_member");
    assert_int_equal(store_cluster_add_member(st, "prod", "ghost", &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "servers", "err_server_not_found");
    assert_int_equal(store_cluster_add_member(st, "nope", "a", &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "name", "err_cluster_not_found");
    assert_int_equal(store_cluster_remove_member(st, "prod", "b", &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "servers", "err_not_member");
    assert_int_equal(store_cluster_remove_member(st, "prod", "a", &e), 0);
    assert_int_equal(members(st, "prod"), 0);
}

static int
cluster_collect(void *ctx, const struct cluster *c)
{
    buf_addf(ctx, "%s:%lld,", c->name, c->members);
    return 0;
}

static void
test_cluster_list_and_server_clusters(void **state)
{
    struct store *st = st_of(state);
    const char *m[] = {"a", "b"};
    struct buf b;
    struct err e;
    add(st, "a", "web", "", "");
    add(st, "b", "web", "", "");
    assert_int_equal(store_cluster_create(st, "zeta", "", m, 1, &e), 0);
    assert_int_equal(store_cluster_create(st, "alpha", "", m, 2, &e), 0);
    buf_init(&b, 1024);
    assert_int_equal(store_cluster_list(st, cluster_collect, &b, &e), 0);
    assert_string_equal(buf_cstr(&b), "alpha:2,zeta:1,");
    buf_reset(&b);
    assert_int_equal(store_server_clusters(st, "a", name_collect, &b, &e), 0);
    assert_string_equal(buf_cstr(&b), "alpha,zeta,");
    buf_free(&b);
}

static int
stop_at_first(void *ctx, const struct cluster *c)
{
    (void)c;
    (*(int *)ctx)++;
    return 7;
}

static void
test_callback_stops_early(void **state)
{
    struct store *st = st_of(state);
    struct err e;
    int calls = 0;
    assert_int_equal(store_cluster_create(st, "a", "", NULL, 0, &e), 0);
    assert_int_equal(store_cluster_create(st, "b", "", NULL, 0, &e), 0);
    assert_int_equal(store_cluster_list(st, stop_at_first, &calls, &e), 7);
    assert_int_equal(calls, 1);
}

/* ---- autoconnect ---- */

static void
make_cluster(struct store *st, const char *name, const char *const *ids,
             size_t n)
{
    struct err e;
    assert_int_equal(store_cluster_create(st, name, "", ids, n, &e), 0);
}

static void
test_autoconnect_by_role(void **state)
{
    struct store *st = st_of(state);
    const char *m[] = {"lb1", "web1", "web2", "db1", "cache1", "mon1", "bk1"};
    struct buf b;
    struct err e;
    long long added = -1;
    add(st, "lb1", "loadbalancer", "", "");
    add(st, "web1", "web", "", "");
    add(st, "web2", "web", "", "");
    add(st, "db1", "database", "", "");
    add(st, "cache1", "cache", "", "");
    add(st, "mon1", "monitoring", "", "");
    add(st, "bk1", "backup", "", "");
    make_cluster(st, "prod", m, 7);
    assert_int_equal(store_cluster_autoconnect(st, "prod", &added, &e), 0);
    /* lb->web 2, web->db 2, web->cache 2, mon->others 6 */
    assert_int_equal(added, 12);
    buf_init(&b, 2048);
    assert_string_equal(conns_of(st, "lb1", &b),
                        "mon1>lb1:monitoring,lb1>web1:http,lb1>web2:http,");
    assert_string_equal(conns_of(st, "web1", &b),
                        "web1>cache1:cache,web1>db1:database,"
                        "lb1>web1:http,mon1>web1:monitoring,");
    buf_free(&b);
    assert_int_equal(store_cluster_autoconnect(st, "prod", &added, &e), 0);
    assert_int_equal(added, 0);
}

static void
test_autoconnect_skips_existing_reverse(void **state)
{
    struct store *st = st_of(state);
    const char *m[] = {"lb1", "web1"};
    struct buf b;
    struct err e;
    long long added = -1;
    add(st, "lb1", "loadbalancer", "", "");
    add(st, "web1", "web", "", "");
    connect2(st, "web1", "lb1");
    make_cluster(st, "prod", m, 2);
    assert_int_equal(store_cluster_autoconnect(st, "prod", &added, &e), 0);
    assert_int_equal(added, 0);
    buf_init(&b, 1024);
    assert_string_equal(conns_of(st, "lb1", &b), "web1>lb1:standard,");
    buf_free(&b);
}

static void
test_autoconnect_monitoring_pair_once(void **state)
{
    struct store *st = st_of(state);
    const char *m[] = {"mon2", "mon1"};
    struct buf b;
    struct err e;
    long long added = -1;
    add(st, "mon1", "monitoring", "", "");
    add(st, "mon2", "monitoring", "", "");
    make_cluster(st, "ops", m, 2);
    assert_int_equal(store_cluster_autoconnect(st, "ops", &added, &e), 0);
    assert_int_equal(added, 1);
    buf_init(&b, 1024);
    assert_string_equal(conns_of(st, "mon1", &b), "mon1>mon2:monitoring,");
    buf_free(&b);
}

static void
test_autoconnect_joins_loners_to_first(void **state)
{
    struct store *st = st_of(state);
    const char *m[] = {"dns1", "bk1", "fs1"};
    struct buf b;
    struct err e;
    long long added = -1;
    add(st, "dns1", "dns", "", "");
    add(st, "bk1", "backup", "", "");
    add(st, "fs1", "filesystem", "", "");
    make_cluster(st, "misc", m, 3);
    assert_int_equal(store_cluster_autoconnect(st, "misc", &added, &e), 0);
    assert_int_equal(added, 2);
    buf_init(&b, 1024);
    assert_string_equal(conns_of(st, "bk1", &b),
                        "dns1>bk1:standard,fs1>bk1:standard,");
    buf_free(&b);
}

static void
test_autoconnect_lone_first_joins_second(void **state)
{
    struct store *st = st_of(state);
    const char *m[] = {"a-dns", "web1", "db1"};
    struct buf b;
    struct err e;
    long long added = -1;
    add(st, "a-dns", "dns", "", "");
    add(st, "web1", "web", "", "");
    add(st, "db1", "database", "", "");
    make_cluster(st, "c", m, 3);
    assert_int_equal(store_cluster_autoconnect(st, "c", &added, &e), 0);
    assert_int_equal(added, 2);
    buf_init(&b, 1024);
    assert_string_equal(conns_of(st, "a-dns", &b), "a-dns>db1:standard,");
    buf_free(&b);
}

static void
test_autoconnect_ignores_outside_connections(void **state)
{
    struct store *st = st_of(state);
    const char *m[] = {"a", "b"};
    struct err e;
    long long added = -1;
    add(st, "a", "dns", "", "");
    add(st, "b", "backup", "", "");
    add(st, "out", "backup", "", "");
    connect2(st, "b", "out");
    make_cluster(st, "c", m, 2);
    assert_int_equal(store_cluster_autoconnect(st, "c", &added, &e), 0);
    assert_int_equal(added, 1); /* b's link to out is not inside */
}

static void
test_autoconnect_unknown_cluster(void **state)
{
    struct err e;
    long long added;
    assert_int_equal(
        store_cluster_autoconnect(st_of(state), "nope", &added, &e), -1);
    assert_err(&e, ERR_NOT_FOUND, "name", "err_cluster_not_found");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, storefx_teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_open_sets_schema_version),
        T(test_reopen_keeps_data),
        T(test_rollback_discards_changes),
        T(test_open_not_a_database),
        T(test_open_corrupt_schema_page),
        T(test_open_newer_schema_refused),
        T(test_open_missing_directory),
        T(test_server_add_get_roundtrip),
        T(test_server_without_position),
        T(test_server_duplicate_id_conflict),
        T(test_server_ids_ignore_case),
        T(test_server_get_unknown),
        T(test_server_update_replaces_fields),
        T(test_server_update_clears_position),
        T(test_server_update_unknown),
        T(test_server_delete_cascades),
        T(test_server_delete_unknown),
        T(test_counts_follow_adds_updates_deletes),
        T(test_count_by_sorted_without_zeros),
        T(test_totals_count_everything),
        T(test_conn_self_loop),
        T(test_conn_unknown_ends),
        T(test_conn_duplicate_either_direction),
        T(test_conn_delete_either_direction),
        T(test_conn_list_by_other_end),
        T(test_conn_list_limit),
        T(test_cluster_create_keeps_duplicates_once),
        T(test_cluster_duplicate_name),
        T(test_cluster_unknown_member_stores_nothing),
        T(test_cluster_update_and_delete),
        T(test_cluster_member_add_remove),
        T(test_cluster_list_and_server_clusters),
        T(test_callback_stops_early),
        T(test_autoconnect_by_role),
        T(test_autoconnect_skips_existing_reverse),
        T(test_autoconnect_monitoring_pair_once),
        T(test_autoconnect_joins_loners_to_first),
        T(test_autoconnect_lone_first_joins_second),
        T(test_autoconnect_ignores_outside_connections),
        T(test_autoconnect_unknown_cluster),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
