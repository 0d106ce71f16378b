/* test_store_list.c — server pages from the graph store: every sort both
 * ways walked by keyset cursors forward and back, filters, search by
 * substring and by short prefix, capped counts and the query plans.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "store.h"

#define NSERVERS 60

struct fx {
    char dir[64];
    char path[128];
    struct store *st;
    struct server all[NSERVERS];
};

static const char *const TYPES[] = {"web", "database", "cache"};
static const char *const REGIONS[] = {"eu-west-1", "", "us-east-1",
                                      "ap-south-1"};
static const char *const STATES[] = {"active", "unknown", "warning", "inactive",
                                     "active"};
/* Names repeat in different cases so the id tie-break matters. */
static const char *const NAMES[] = {"Alpha", "beta", "alpha",  "Gamma",
                                    "delta", "BETA", "epsilon"};

static void
make_server(struct server *s, int i)
{
    memset(s, 0, sizeof *s);
    snprintf(s->id, sizeof s->id, "%s-%02d", i % 4 == 0 ? "Node" : "node", i);
    snprintf(s->name, sizeof s->name, "%s", NAMES[i % 7]);
    snprintf(s->type, sizeof s->type, "%s", TYPES[i % 3]);
    snprintf(s->ip, sizeof s->ip, "10.%d.0.%d", i % 5, i);
    snprintf(s->region, sizeof s->region, "%s", REGIONS[i % 4]);
    snprintf(s->status, sizeof s->status, "%s", STATES[i % 5]);
}

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    const char *c1[] = {"node-01", "node-02", "Node-04", "node-05"};
    struct err e;
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/test_store_list.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/cluster.db", f->dir);
    assert_int_equal(store_open(f->path, &f->st, &e), 0);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    /* Added in a scrambled order: the sort must not follow insertion. */
    for (int k = 0; k < NSERVERS; k++) {
        int i = (k * 37) % NSERVERS;
        make_server(&f->all[i], i);
        assert_int_equal(store_server_add(f->st, &f->all[i], &e), 0);
    }
    assert_int_equal(store_cluster_create(f->st, "c1", "", c1, 4, &e), 0);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    char p[160];
    const char *sfx[] = {"", "-wal", "-shm"};
    store_close(f->st);
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", f->path, sfx[i]);
        unlink(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* ---- helpers ---- */

struct rows {
    struct server v[NSERVERS];
    size_t n;
};

static int
collect(void *ctx, const struct server *s)
{
    struct rows *r = ctx;
    if (r->n < NSERVERS)
        r->v[r->n++] = *s;
    return 0;
}

static void
list(struct store *st, const struct server_query *q, struct rows *r)
{
    struct err e;
    r->n = 0;
    assert_int_equal(store_server_list(st, q, collect, r, &e), 0);
}

/* "id,id,..." of a result. */
static const char *
ids(const struct rows *r, struct buf *b)
{
    buf_reset(b);
    for (size_t i = 0; i < r->n; i++)
        buf_addf(b, "%s,", r->v[i].id);
    return buf_cstr(b);
}

static enum server_sort cmp_sort;
static int cmp_desc;

static int
cmp_servers(const void *pa, const void *pb)
{
    const struct server *a = pa, *b = pb;
    char ka[300], kb[300];
    int c;
    store_server_sort_key(a, cmp_sort, ka, sizeof ka);
    store_server_sort_key(b, cmp_sort, kb, sizeof kb);
    c = strcasecmp(ka, kb);
    if (c == 0)
        c = strcasecmp(a->id, b->id);
    return cmp_desc ? -c : c;
}

/* The whole table in the expected order, as "id,id,...". */
static const char *
expected(const struct fx *f, enum server_sort sort, int desc, struct buf *b)
{
    struct rows r;
    memcpy(r.v, f->all, sizeof r.v);
    r.n = NSERVERS;
    cmp_sort = sort;
    cmp_desc = desc;
    qsort(r.v, r.n, sizeof r.v[0], cmp_servers);
    return ids(&r, b);
}

static long long
count(struct store *st, const struct server_query *q, long long cap)
{
    long long n = -1;
    struct err e;
    assert_int_equal(store_server_count(st, q, cap, &n, &e), 0);
    return n;
}

/* ---- sort and keyset paging ---- */

static void
walk_forward(struct fx *f, enum server_sort sort, int desc)
{
    struct server_query q = {.sort = sort, .desc = desc, .limit = 7};
    struct buf want, got, page;
    char key[300];
    struct rows r;

    buf_init(&want, 8192);
    buf_init(&got, 8192);
    buf_init(&page, 8192);
    expected(f, sort, desc, &want);
    for (int pages = 0; pages < 20; pages++) {
        list(f->st, &q, &r);
        buf_add(&got, ids(&r, &page));
        if (r.n < 7)
            break;
        store_server_sort_key(&r.v[r.n - 1], sort, key, sizeof key);
        q.after_key = key;
        q.after_id = r.v[r.n - 1].id;
    }
    assert_string_equal(buf_cstr(&got), buf_cstr(&want));
    buf_free(&want);
    buf_free(&got);
    buf_free(&page);
}

/* From past the end back to the start; each page still in sort order. */
static void
walk_backward(struct fx *f, enum server_sort sort, int desc)
{
    struct server_query q = {.sort = sort, .desc = desc, .limit = 7};
    struct buf want, got, page, tmp;
    struct rows all, r;
    char key[300];

    buf_init(&want, 8192);
    buf_init(&got, 8192);
    buf_init(&page, 8192);
    buf_init(&tmp, 8192);
    expected(f, sort, desc, &want);
    q.limit = NSERVERS;
    list(f->st, &q, &all);
    q.limit = 7;
    const struct server *first = &all.v[all.n - 1];
    store_server_sort_key(first, sort, key, sizeof key);
    q.before_key = key;
    q.before_id = first->id;
    buf_add(&got, ids(&(struct rows){.v = {*first}, .n = 1}, &page));
    for (int pages = 0; pages < 20; pages++) {
        list(f->st, &q, &r);
        buf_reset(&tmp);
        buf_add(&tmp, ids(&r, &page));
        buf_add(&tmp, buf_cstr(&got));
        buf_reset(&got);
        buf_add(&got, buf_cstr(&tmp));
        if (r.n < 7)
            break;
        store_server_sort_key(&r.v[0], sort, key, sizeof key);
        q.before_key = key;
        q.before_id = r.v[0].id;
    }
    assert_string_equal(buf_cstr(&got), buf_cstr(&want));
    buf_free(&want);
    buf_free(&got);
    buf_free(&page);
    buf_free(&tmp);
}

static void
test_every_sort_pages_forward(void **state)
{
    for (int s = 0; s < SORT__MAX; s++) {
        walk_forward(*state, (enum server_sort)s, 0);
        walk_forward(*state, (enum server_sort)s, 1);
    }
}

static void
test_every_sort_pages_backward(void **state)
{
    for (int s = 0; s < SORT__MAX; s++) {
        walk_backward(*state, (enum server_sort)s, 0);
        walk_backward(*state, (enum server_sort)s, 1);
    }
}

static void
test_first_page_by_id(void **state)
{
    struct fx *f = *state;
    struct server_query q = {.sort = SORT_ID, .limit = 3};
    struct rows r;
    struct buf b;
    buf_init(&b, 1024);
    list(f->st, &q, &r);
    assert_string_equal(ids(&r, &b), "Node-00,node-01,node-02,");
    buf_free(&b);
}

static void
test_name_desc_ties_by_id(void **state)
{
    struct fx *f = *state;
    struct server_query q = {.sort = SORT_NAME, .desc = 1, .limit = 3};
    struct rows r;
    struct buf b;
    buf_init(&b, 1024);
    list(f->st, &q, &r);
    /* "Gamma" is i % 7 == 3: 3 10 17 24 31 38 45 52 59, highest id first */
    assert_string_equal(ids(&r, &b), "node-59,Node-52,node-45,");
    buf_free(&b);
}

static void
test_previous_of_second_page_is_first(void **state)
{
    struct fx *f = *state;
    struct server_query q = {.sort = SORT_REGION, .limit = 5};
    struct rows p1, p2, back;
    struct buf b1, b2;
    char key[300];
    buf_init(&b1, 1024);
    buf_init(&b2, 1024);
    list(f->st, &q, &p1);
    store_server_sort_key(&p1.v[4], SORT_REGION, key, sizeof key);
    q.after_key = key;
    q.after_id = p1.v[4].id;
    list(f->st, &q, &p2);
    store_server_sort_key(&p2.v[0], SORT_REGION, key, sizeof key);
    q.after_key = q.after_id = NULL;
    q.before_key = key;
    q.before_id = p2.v[0].id;
    list(f->st, &q, &back);
    assert_string_equal(ids(&back, &b1), ids(&p1, &b2));
    buf_free(&b1);
    buf_free(&b2);
}

static void
test_limit_is_clamped(void **state)
{
    struct fx *f = *state;
    struct server_query q = {.sort = SORT_ID, .limit = 0};
    struct rows r;
    list(f->st, &q, &r);
    assert_int_equal(r.n, 1);
}

static int
stop_after_two(void *ctx, const struct server *s)
{
    (void)s;
    return ++*(int *)ctx == 2 ? 42 : 0;
}

static void
test_list_callback_stops(void **state)
{
    struct fx *f = *state;
    struct server_query q = {.sort = SORT_ID, .limit = 10};
    struct err e;
    int n = 0;
    assert_int_equal(store_server_list(f->st, &q, stop_after_two, &n, &e), 42);
    assert_int_equal(n, 2);
}

/* ---- filters ---- */

/* Every row of r satisfies the filters; and their number is want. */
static void
check_filtered(struct fx *f, const struct server_query *q, size_t want)
{
    struct rows r;
    struct server_query all = *q;
    all.limit = NSERVERS;
    list(f->st, &all, &r);
    assert_int_equal(r.n, want);
    for (size_t i = 0; i < r.n; i++) {
        if (q->type)
            assert_string_equal(r.v[i].type, q->type);
        if (q->status)
            assert_string_equal(r.v[i].status, q->status);
        if (q->region)
            assert_string_equal(r.v[i].region, q->region);
    }
    assert_int_equal(count(f->st, q, 1000), (long long)want);
}

static void
test_filter_by_type(void **state)
{
    struct server_query q = {.type = "web", .sort = SORT_NAME};
    check_filtered(*state, &q, 20);
}

static void
test_filter_by_status(void **state)
{
    struct server_query q = {.status = "active", .sort = SORT_IP};
    check_filtered(*state, &q, 24);
}

static void
test_filter_by_region(void **state)
{
    struct server_query q = {
        .region = "us-east-1", .sort = SORT_STATUS, .desc = 1};
    check_filtered(*state, &q, 15);
}

static void
test_filter_by_cluster(void **state)
{
    struct fx *f = *state;
    struct server_query q = {.cluster = "c1", .sort = SORT_ID, .limit = 10};
    struct rows r;
    struct buf b;
    buf_init(&b, 1024);
    list(f->st, &q, &r);
    assert_string_equal(ids(&r, &b), "node-01,node-02,Node-04,node-05,");
    assert_int_equal(count(f->st, &q, 100), 4);
    q.cluster = "nope";
    list(f->st, &q, &r);
    assert_int_equal(r.n, 0);
    buf_free(&b);
}

static void
test_filters_combine(void **state)
{
    /* type i%3==0 and region i%4==2: i%12==6 -> 6 18 30 42 54 */
    struct server_query q = {.type = "web", .region = "us-east-1"};
    check_filtered(*state, &q, 5);
}

static void
test_filter_with_cursor(void **state)
{
    struct fx *f = *state;
    struct server_query q = {
        .type = "cache", .sort = SORT_ID, .limit = 2, .after_id = "node-05"};
    struct rows r;
    struct buf b;
    buf_init(&b, 1024);
    list(f->st, &q, &r);
    assert_string_equal(ids(&r, &b), "Node-08,node-11,");
    buf_free(&b);
}

static void
test_unknown_filter_value_is_empty(void **state)
{
    struct fx *f = *state;
    struct server_query q = {.type = "dns", .region = "eu-west-1"};
    struct rows r;
    list(f->st, &q, &r);
    assert_int_equal(r.n, 0);
    assert_int_equal(count(f->st, &q, 10), 0);
}

/* ---- search ---- */

static const char *
search(struct fx *f, const char *text, struct buf *b)
{
    struct server_query q = {.q = text, .sort = SORT_ID, .limit = NSERVERS};
    struct rows r;
    list(f->st, &q, &r);
    return ids(&r, b);
}

static void
test_search_substring_of_id(void **state)
{
    struct buf b;
    buf_init(&b, 4096);
    assert_string_equal(search(*state, "de-1", &b),
                        "node-10,node-11,Node-12,node-13,node-14,node-15,"
                        "Node-16,node-17,node-18,node-19,");
    assert_string_equal(search(*state, "DE-1", &b), search(*state, "de-1", &b));
    buf_free(&b);
}

static void
test_search_name_ip_region(void **state)
{
    struct buf b;
    buf_init(&b, 4096);
    /* "psilon" is i % 7 == 6 */
    assert_string_equal(search(*state, "PSILON", &b),
                        "node-06,node-13,Node-20,node-27,node-34,node-41,"
                        "Node-48,node-55,");
    assert_string_equal(search(*state, "0.57", &b), "node-57,");
    assert_string_equal(search(*state, "south", &b),
                        "node-03,node-07,node-11,node-15,node-19,node-23,"
                        "node-27,node-31,node-35,node-39,node-43,node-47,"
                        "node-51,node-55,node-59,");
    assert_string_equal(search(*state, "zzz", &b), "");
    buf_free(&b);
}

static void
test_search_is_a_substring_not_trigram_bag(void **state)
{
    struct buf b;
    buf_init(&b, 4096);
    /* "ode" and "e-5" both occur in node-05, but not "ode-5". */
    assert_string_equal(search(*state, "ode-5", &b),
                        "node-50,node-51,Node-52,node-53,node-54,node-55,"
                        "Node-56,node-57,node-58,node-59,");
    assert_string_equal(search(*state, "node-0511", &b), "");
    buf_free(&b);
}

/* Adds one dns server with the given id and name. */
static void
add_dns(struct fx *f, const char *id, const char *name)
{
    struct server s;
    struct err e;
    memset(&s, 0, sizeof s);
    snprintf(s.id, sizeof s.id, "%s", id);
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.type, sizeof s.type, "dns");
    snprintf(s.ip, sizeof s.ip, "192.0.2.1");
    assert_int_equal(store_server_add(f->st, &s, &e), 0);
}

static void
test_search_short_prefix(void **state)
{
    struct fx *f = *state;
    struct buf b;
    buf_init(&b, 4096);
    add_dns(f, "zz-top", "Quux");
    assert_string_equal(search(f, "ZZ", &b), "zz-top,");
    assert_string_equal(search(f, "q", &b), "zz-top,"); /* name prefix */
    assert_string_equal(search(f, "op", &b), "");       /* not a prefix */
    assert_string_equal(search(f, "%", &b), "");        /* no wildcards */
    assert_string_equal(search(f, "_", &b), "");
    buf_free(&b);
}

static void
test_search_special_characters(void **state)
{
    struct fx *f = *state;
    struct buf b;
    buf_init(&b, 4096);
    add_dns(f, "odd", "say \"hi\" 100% Zürich");
    assert_string_equal(search(f, "\"hi\"", &b), "odd,");
    assert_string_equal(search(f, "0% z", &b), "odd,");
    assert_string_equal(search(f, "ürich", &b), "odd,");
    assert_string_equal(search(f, "NOT AND OR", &b), "");
    assert_string_equal(search(f, "*)(", &b), "");
    buf_free(&b);
}

static void
test_search_follows_update_and_delete(void **state)
{
    struct fx *f = *state;
    struct server s = f->all[3];
    struct err e;
    struct buf b;
    buf_init(&b, 4096);
    snprintf(s.name, sizeof s.name, "Renamed box");
    assert_int_equal(store_server_update(f->st, &s, &e), 0);
    assert_string_equal(search(f, "renamed", &b), "node-03,");
    assert_string_equal(search(f, "gamma", &b),
                        "node-10,node-17,Node-24,node-31,node-38,node-45,"
                        "Node-52,node-59,");
    assert_int_equal(store_server_delete(f->st, "node-03", &e), 0);
    assert_string_equal(search(f, "renamed", &b), "");
    buf_free(&b);
}

static void
test_search_with_filter_and_sort(void **state)
{
    struct fx *f = *state;
    struct server_query q = {
        .q = "node", .type = "cache", .sort = SORT_NAME, .desc = 1, .limit = 3};
    struct rows r;
    struct buf b;
    buf_init(&b, 1024);
    list(f->st, &q, &r);
    /* cache: i%3==2; names desc: Gamma(17,38,59), epsilon... */
    assert_string_equal(ids(&r, &b), "node-59,node-38,node-17,");
    assert_int_equal(count(f->st, &q, 100), 20);
    buf_free(&b);
}

/* ---- counts ---- */

static void
test_count_without_filter(void **state)
{
    struct server_query q = {0};
    assert_int_equal(count(((struct fx *)*state)->st, &q, 10), NSERVERS);
}

static void
test_count_is_capped(void **state)
{
    struct fx *f = *state;
    struct server_query q = {.q = "node"};
    assert_int_equal(count(f->st, &q, 1000), NSERVERS);
    assert_int_equal(count(f->st, &q, 10), 11);
    q.q = NULL;
    q.type = "web";
    q.status = "active";
    assert_int_equal(count(f->st, &q, 3), 4);
}

/* ---- plans ---- */

static int
plan_collect(void *ctx, const char *line)
{
    buf_addf(ctx, "%s|", line);
    return 0;
}

static const char *
plan(struct fx *f, const struct server_query *q, int count_only, struct buf *b)
{
    struct err e;
    buf_reset(b);
    assert_int_equal(
        store_server_explain(f->st, q, count_only, plan_collect, b, &e), 0);
    return buf_cstr(b);
}

static void
test_plan_first_page_walks_sort_index(void **state)
{
    static const char *const want[SORT__MAX] = {
        "servers_id", "servers_name",   "servers_type",
        "servers_ip", "servers_region", "servers_status"};
    struct buf b;
    buf_init(&b, 4096);
    for (int s = 0; s < SORT__MAX; s++) {
        struct server_query q = {.sort = (enum server_sort)s, .limit = 50};
        const char *p = plan(*state, &q, 0, &b);
        if (s == SORT_ID)
            assert_non_null(strstr(p, "sqlite_autoindex_servers"));
        else
            assert_non_null(strstr(p, want[s]));
        assert_null(strstr(p, "TEMP B-TREE"));
    }
    buf_free(&b);
}

static void
test_plan_search_uses_fts(void **state)
{
    struct server_query q = {.q = "node-1", .sort = SORT_NAME, .limit = 5};
    struct buf b;
    buf_init(&b, 4096);
    assert_non_null(strstr(plan(*state, &q, 0, &b), "servers_fts"));
    q.q = "no";
    assert_non_null(strstr(plan(*state, &q, 1, &b), "id>? AND id<?"));
    buf_free(&b);
}

static void
test_plan_type_filter_by_id_needs_no_sort(void **state)
{
    struct server_query q = {.type = "web", .sort = SORT_ID, .limit = 5};
    struct buf b;
    buf_init(&b, 4096);
    const char *p = plan(*state, &q, 0, &b);
    assert_non_null(strstr(p, "servers_type (type=?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    buf_free(&b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_every_sort_pages_forward),
        T(test_every_sort_pages_backward),
        T(test_first_page_by_id),
        T(test_name_desc_ties_by_id),
        T(test_previous_of_second_page_is_first),
        T(test_limit_is_clamped),
        T(test_list_callback_stops),
        T(test_filter_by_type),
        T(test_filter_by_status),
        T(test_filter_by_region),
        T(test_filter_by_cluster),
        T(test_filters_combine),
        T(test_filter_with_cursor),
        T(test_unknown_filter_value_is_empty),
        T(test_search_substring_of_id),
        T(test_search_name_ip_region),
        T(test_search_is_a_substring_not_trigram_bag),
        T(test_search_short_prefix),
        T(test_search_special_characters),
        T(test_search_follows_update_and_delete),
        T(test_search_with_filter_and_sort),
        T(test_count_without_filter),
        T(test_count_is_capped),
        T(test_plan_first_page_walks_sort_index),
        T(test_plan_search_uses_fts),
        T(test_plan_type_filter_by_id_needs_no_sort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
