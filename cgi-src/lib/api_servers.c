/* api_servers.c — GET /servers (filtered, sorted, keyset-paged, with a
 * capped total) and POST /servers.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "api_handlers.h"
#include "api_json.h"
#include "api_query.h"
#include "api_server.h"
#include "input.h"

/* Past this many matches a filtered total is given as "at least". */
#define COUNT_CAP 10000

struct page_rows {
    json_t *list;
    struct server last;
    size_t n, want;
    int more; /* a row past the page was seen */
    int oom;
};

static int
add_row(void *ctx, const struct server *s)
{
    struct page_rows *r = ctx;
    if (r->n == r->want) {
        r->more = 1;
        return 1; /* the extra row only says that a next page exists */
    }
    r->oom |= json_array_append_new(r->list, api_server_json(s));
    r->last = *s;
    r->n++;
    return 0;
}

/* Reads one page into r. A page below the store's maximum asks for one
 * row more, which tells whether another page follows; a full-size page
 * asks afterwards, with a one-row listing after its last row. */
static int
read_page(struct app *a, struct server_query *q, struct page_rows *r,
          struct err *e)
{
    char key[VALID_HOST_MAX + 1];
    r->want = q->limit;
    if (q->limit < API_LIMIT_MAX)
        q->limit++;
    int rc = store_server_list(a->st, q, add_row, r, e);
    q->limit = r->want;
    if (rc < 0 || r->more || r->n < r->want)
        return rc < 0 ? -1 : 0;
    struct server_query probe = *q;
    store_server_sort_key(&r->last, q->sort, key, sizeof key);
    probe.after_key = key;
    probe.after_id = r->last.id;
    probe.limit = 1;
    r->want = r->n; /* any row now is the extra one */
    return store_server_list(a->st, &probe, add_row, r, e) < 0 ? -1 : 0;
}

int
api_servers_list(struct app *a, const char *param, struct err *e)
{
    struct server_query q;
    json_t *cursor;
    struct page_rows r = {.list = json_array()};
    long long total = 0;
    int rc;
    (void)param;

    if ((rc = api_server_query(a, &q, &cursor, e)) == 0)
        rc = read_page(a, &q, &r, e);
    json_t *next = r.more ? api_server_cursor(&q, &r.last) : json_null();
    /* A first page that holds every match is its own count. */
    if (rc == 0 && cursor == NULL && !r.more)
        total = (long long)r.n;
    else if (rc == 0)
        rc = store_server_count(a->st, &q, COUNT_CAP, &total, e);
    json_decref(cursor);
    if (rc < 0 || r.oom || next == NULL) {
        json_decref(r.list);
        json_decref(next);
        return rc < 0
                   ? -1
                   : err_set(e, ERR_INTERNAL, "", "err_internal", "list", NULL);
    }
    return api_reply(
        a,
        json_pack("{s:o, s:o, s:I, s:b}", "servers", r.list, "next_cursor",
                  next, "total",
                  (json_int_t)(total > COUNT_CAP ? COUNT_CAP : total),
                  "total_exact", total <= COUNT_CAP),
        e);
}

int
api_servers_create(struct app *a, const char *param, struct err *e)
{
    struct server s;
    const char *cluster = NULL;
    (void)param;

    if (api_server_input(a, NULL, API_SERVER_CREATE, &s, e) < 0)
        return -1;
    int into = app_param(a, "cluster") != NULL;
    if (!into && a->scoped)
        return err_set(e, ERR_INVALID, "cluster", "err_scope_cluster_required",
                       NULL, NULL);
    if ((into && input_ident(a, "cluster", &cluster, e) < 0) ||
        store_server_add(a->st, &s, e) < 0 ||
        (into && store_cluster_adopt(a->st, cluster, s.id, e) < 0) ||
        store_server_get(a->st, s.id, &s, e) < 0)
        return -1;
    api_created(a, "server", "servers", s.id);
    return api_reply(a, api_server_json(&s), e);
}
