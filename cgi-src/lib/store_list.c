/* store_list.c — pages of servers (filters, search, sort, keyset cursors)
 * and their counts.
 * The SQL text is assembled here only from the string constants below, by
 * the plan's choices; every value is bound (?1..?10), never written in.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* Bind slots shared by every assembled statement. */
enum {
    P_KEY = 1,
    P_ID,
    P_TYPE,
    P_STATUS,
    P_REGION,
    P_CLUSTER,
    P_FTS,
    P_SUB,
    P_LIKE,
    P_LIMIT
};

#define SQL_MAX 4096

/* Sort columns; each has an index (column, id), NOCASE like the column. */
static const char *const SORT_COL[SORT__MAX] = {
    "s.id", "s.name", "s.type", "s.ip", "s.region", "s.status",
};

/* Per filter: the form an index can serve, and the form none can. */
static const char *const FILTER_SQL[CAND__MAX][2] = {
    [CAND_TYPE] = {" AND +s.type = ?3", " AND s.type = ?3"},
    [CAND_STATUS] = {" AND +s.status = ?4", " AND s.status = ?4"},
    [CAND_REGION] = {" AND +s.region = ?5", " AND s.region = ?5"},
    [CAND_CLUSTER] = {" AND EXISTS (SELECT 1 FROM cluster_members m"
                      " WHERE m.cluster = ?6 AND m.server = s.id)",
                      " AND s.id IN (SELECT m.server FROM cluster_members m"
                      " WHERE m.cluster = ?6)"},
};

static const char *const PREFIX_SQL[2] = {
    " AND (+s.id LIKE ?9 ESCAPE '\\' OR +s.name LIKE ?9 ESCAPE '\\')",
    " AND (s.id LIKE ?9 ESCAPE '\\' OR s.name LIKE ?9 ESCAPE '\\')",
};
/* Search driving the query: the trigram index is the outer loop (CROSS
 * JOIN fixes the order), so rows stream and a LIMIT stops early; the form
 * "s.rid IN (SELECT rowid ...)" first materialised every candidate (23 ms
 * instead of 0.8 ms for a common q on 100,000 servers). */
static const char FROM_FTS[] = " FROM servers_fts CROSS JOIN servers s"
                               " ON s.rid = servers_fts.rowid"
                               " WHERE servers_fts MATCH ?7";
static const char FROM_ALL[] = " FROM servers s WHERE 1";
/* The exact test behind the trigram candidates; LIKE folds ASCII case. */
static const char SUBSTR_SQL[] =
    " AND (+s.id LIKE ?8 ESCAPE '\\' OR +s.name LIKE ?8 ESCAPE '\\'"
    " OR +s.ip LIKE ?8 ESCAPE '\\' OR +s.region LIKE ?8 ESCAPE '\\')";

static int
filters_sql(struct buf *b, const struct store_plan *p)
{
    int rc = 0;
    for (int c = 0; c < CAND_Q; c++)
        if (p->n[c] >= 0)
            rc |= buf_add(b, FILTER_SQL[c][p->indexed[c]]);
    if (p->n[CAND_Q] < 0)
        return rc;
    if (!p->qlong)
        return rc | buf_add(b, PREFIX_SQL[p->indexed[CAND_Q]]);
    return rc | buf_add(b, SUBSTR_SQL);
}

static int
has(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* The cursor condition and ORDER BY; reverse walks the other way (for a
 * previous page). */
static int
order_sql(struct buf *b, const struct server_query *q, int reverse)
{
    int desc = q->desc != 0;
    int down = desc != reverse;
    int after = has(q->after_id), before = !after && has(q->before_id);
    const char *col = SORT_COL[q->sort < SORT__MAX ? q->sort : SORT_ID];
    int rc = 0;

    if (after || before) {
        const char *op = (after != desc) ? " > " : " < ";
        if (q->sort == SORT_ID || q->sort >= SORT__MAX) {
            rc |= buf_add(b, " AND s.id");
            rc |= buf_add(b, op);
            rc |= buf_add(b, "?2");
        } else {
            rc |= buf_add(b, " AND (");
            rc |= buf_add(b, col);
            rc |= buf_add(b, ", s.id)");
            rc |= buf_add(b, op);
            rc |= buf_add(b, "(?1, ?2)");
        }
    }
    rc |= buf_add(b, " ORDER BY ");
    rc |= buf_add(b, col);
    rc |= buf_add(b, down ? " DESC" : "");
    if (strcmp(col, "s.id") != 0) {
        rc |= buf_add(b, ", s.id");
        rc |= buf_add(b, down ? " DESC" : "");
    }
    return rc;
}

static void
bind_query(sqlite3_stmt *s, const struct server_query *q,
           const struct store_plan *p, long long limit)
{
    int before = !has(q->after_id) && has(q->before_id);
    const char *key = before ? q->before_key : q->after_key;
    store_bind_text(s, P_KEY, key ? key : "");
    store_bind_text(s, P_ID, before ? q->before_id : q->after_id);
    store_bind_text(s, P_TYPE, q->type);
    store_bind_text(s, P_STATUS, q->status);
    store_bind_text(s, P_REGION, q->region);
    store_bind_text(s, P_CLUSTER, q->cluster);
    store_bind_text(s, P_FTS, buf_cstr(&p->fts));
    store_bind_text(s, P_SUB, buf_cstr(&p->sub));
    store_bind_text(s, P_LIKE, buf_cstr(&p->like));
    sqlite3_bind_int64(s, P_LIMIT, limit);
}

enum { PREP_COUNT = 1, PREP_REVERSE = 2, PREP_EXPLAIN = 4 };

/* Prepares the page query, or the capped count (PREP_COUNT), walking the
 * sort backwards (PREP_REVERSE), as EXPLAIN QUERY PLAN (PREP_EXPLAIN). */
static sqlite3_stmt *
prepare(struct store *st, const struct server_query *q,
        const struct store_plan *p, int flags, struct err *e)
{
    int count = (flags & PREP_COUNT) != 0;
    sqlite3_stmt *s = NULL;
    struct buf b;
    int rc;

    buf_init(&b, SQL_MAX);
    rc = buf_add(&b, (flags & PREP_EXPLAIN) ? "EXPLAIN QUERY PLAN " : "");
    rc |= buf_add(&b, count ? "SELECT count(*) FROM (SELECT 1"
                            : "SELECT " STORE_SERVER_COLS);
    rc |= buf_add(&b, p->n[CAND_Q] >= 0 && p->qlong && p->indexed[CAND_Q]
                          ? FROM_FTS
                          : FROM_ALL);
    rc |= filters_sql(&b, p);
    if (!count)
        rc |= order_sql(&b, q, (flags & PREP_REVERSE) != 0);
    rc |= buf_add(&b, count ? " LIMIT ?10)" : " LIMIT ?10");
    if (rc != 0)
        err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    else if (sqlite3_prepare_v2(st->db, buf_cstr(&b), -1, &s, NULL) !=
             SQLITE_OK)
        store_fail(st, e, "server query");
    buf_free(&b);
    return s;
}

/* Steps through a previous page (read in reverse) and hands the rows out
 * in the requested order. */
static int
emit_reversed(struct store *st, sqlite3_stmt *s, size_t limit, server_cb cb,
              void *ctx, struct err *e)
{
    struct server *rows = calloc(limit, sizeof *rows);
    size_t n = 0;
    int rc = SQLITE_DONE, ret = 0;

    if (rows == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    while (n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW)
        store_server_row(s, &rows[n++]);
    if (n < limit && rc != SQLITE_DONE)
        ret = store_fail(st, e, "server list");
    while (ret == 0 && n > 0)
        ret = cb(ctx, &rows[--n]);
    free(rows);
    return ret;
}

static int
emit(struct store *st, sqlite3_stmt *s, server_cb cb, void *ctx, struct err *e)
{
    struct server row;
    int rc, ret = 0;

    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        store_server_row(s, &row);
        if ((ret = cb(ctx, &row)) != 0)
            return ret;
    }
    return rc == SQLITE_DONE ? 0 : store_fail(st, e, "server list");
}

/* 1 when a filter can match nothing (its counter is 0). */
static int
plan_empty(const struct store_plan *p)
{
    for (int c = 0; c < CAND__MAX; c++)
        if (p->n[c] == 0)
            return 1;
    return 0;
}

static size_t
clamp_limit(size_t limit)
{
    return limit < 1 ? 1 : limit > 1000 ? 1000 : limit;
}

int
store_server_list(struct store *st, const struct server_query *q, server_cb cb,
                  void *ctx, struct err *e)
{
    struct store_plan p;
    size_t limit = clamp_limit(q->limit);
    int reverse = !has(q->after_id) && has(q->before_id);
    sqlite3_stmt *s = NULL;
    int ret = -1;

    if (store_plan_init(st, &p, q, e) < 0)
        goto out;
    if (plan_empty(&p)) {
        ret = 0;
        goto out;
    }
    if (store_plan_list(st, &p, q, e) < 0 ||
        (s = prepare(st, q, &p, reverse ? PREP_REVERSE : 0, e)) == NULL)
        goto out;
    bind_query(s, q, &p, (long long)limit);
    ret = reverse ? emit_reversed(st, s, limit, cb, ctx, e)
                  : emit(st, s, cb, ctx, e);
out:
    sqlite3_finalize(s);
    store_plan_free(&p);
    return ret;
}

/* Filters present other than q; sets *one to the last found. */
static int
count_filters(const struct store_plan *p, int *one)
{
    int k = 0;
    for (int c = 0; c < CAND_Q; c++)
        if (p->n[c] >= 0) {
            k++;
            *one = c;
        }
    return k;
}

static int
count_rows(struct store *st, const struct server_query *q, struct store_plan *p,
           long long cap, long long *out, struct err *e)
{
    sqlite3_stmt *s;
    int ret = 0;

    if (store_plan_count(st, p, e) < 0 ||
        (s = prepare(st, q, p, PREP_COUNT, e)) == NULL)
        return -1;
    bind_query(s, q, p, cap < 0 ? 1 : cap + 1);
    if (sqlite3_step(s) == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else
        ret = store_fail(st, e, "server count");
    sqlite3_finalize(s);
    return ret;
}

int
store_server_count(struct store *st, const struct server_query *q,
                   long long cap, long long *out, struct err *e)
{
    struct store_plan p;
    int one = -1, ret = 0;

    *out = 0;
    if (store_plan_init(st, &p, q, e) < 0) {
        store_plan_free(&p);
        return -1;
    }
    int k = count_filters(&p, &one);
    if (plan_empty(&p))
        *out = 0;
    else if (k == 0 && p.n[CAND_Q] < 0)
        ret = store_stat_get(st, "servers", "", out, e);
    else if (k == 1 && p.n[CAND_Q] < 0)
        *out = p.n[one];
    else
        ret = count_rows(st, q, &p, cap, out, e);
    store_plan_free(&p);
    return ret;
}

int
store_server_explain(struct store *st, const struct server_query *q, int count,
                     line_cb cb, void *ctx, struct err *e)
{
    struct store_plan p;
    size_t limit = clamp_limit(q->limit);
    int flags = PREP_EXPLAIN | (count ? PREP_COUNT : 0) |
                (!has(q->after_id) && has(q->before_id) ? PREP_REVERSE : 0);
    sqlite3_stmt *s = NULL;
    int rc, ret = -1;

    if (store_plan_init(st, &p, q, e) < 0 ||
        (count ? store_plan_count(st, &p, e) : store_plan_list(st, &p, q, e)) <
            0 ||
        (s = prepare(st, q, &p, flags, e)) == NULL)
        goto out;
    /* Bound first: a LIKE prefix is planned from its value. */
    bind_query(s, q, &p, (long long)limit);
    ret = 0;
    while (ret == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(s, 3);
        ret = cb(ctx, d ? d : "");
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "explain");
out:
    sqlite3_finalize(s);
    store_plan_free(&p);
    return ret;
}
