/* store_plan.c — choosing how a server query uses the indexes: which
 * filter drives it, from the O(1) counters and a bounded count of search
 * matches, and the search strings bound for q.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <limits.h>
#include <string.h>

#include "store_int.h"

/* Longest q in characters (the UI allows 128 bytes), and the most bytes of
 * any string derived from it. */
#define PLAN_Q_CHARS 1024
#define PLAN_STR_MAX (PLAN_Q_CHARS * 12)

static int
present(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* The byte offsets where each UTF-8 character of s starts, at most max;
 * returns how many characters s has. */
static size_t
char_starts(const char *s, size_t *starts, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; s[i] != '\0'; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n < max)
                starts[n] = i;
            n++;
        }
    return n;
}

/* Appends the characters [from, to) of s as one quoted FTS5 string. */
static int
add_quoted(struct buf *b, const char *s, size_t from, size_t to)
{
    int rc = buf_addc(b, '"');
    for (size_t i = from; i < to && rc == 0; i++)
        rc = s[i] == '"' ? buf_add(b, "\"\"") : buf_addc(b, s[i]);
    return rc == 0 ? buf_add(b, "\" ") : -1;
}

/* The FTS5 query: every third trigram of q and the last one, ANDed. With
 * detail=none the index cannot test adjacency; these trigrams cover every
 * character, and the query re-checks the substring on each row. */
static int
fts_query(struct buf *b, const char *q, const size_t *starts, size_t nc)
{
    size_t len = strlen(q);
    for (size_t i = 0; i + 3 <= nc; i += 3)
        if (add_quoted(b, q, starts[i], i + 3 < nc ? starts[i + 3] : len) <
            0)
            return -1;
    if (nc % 3 != 0 &&
        add_quoted(b, q, starts[nc - 3], len) < 0)
        return -1;
    return 0;
}

/* lq: q in ASCII lower case; like: q with \ % _ escaped, then %. */
static int
fold_and_pattern(struct store_plan *p, const char *q)
{
    int rc = 0;
    for (const char *c = q; *c && rc == 0; c++) {
        char low = (*c >= 'A' && *c <= 'Z') ? (char)(*c - 'A' + 'a') : *c;
        rc = buf_addc(&p->lq, low);
        if (rc == 0 && (*c == '\\' || *c == '%' || *c == '_'))
            rc = buf_addc(&p->like, '\\');
        if (rc == 0)
            rc = buf_addc(&p->like, *c);
    }
    return rc == 0 ? buf_addc(&p->like, '%') : -1;
}

static int
search_strings(struct store_plan *p, const char *q, struct err *e)
{
    size_t starts[PLAN_Q_CHARS];
    size_t nc = char_starts(q, starts, PLAN_Q_CHARS);

    if (nc > PLAN_Q_CHARS || fold_and_pattern(p, q) < 0)
        return err_set(e, ERR_INVALID, "q", "err_too_long", "1024", NULL);
    p->qlong = nc >= 3;
    if (p->qlong && fts_query(&p->fts, q, starts, nc) < 0)
        return err_set(e, ERR_INVALID, "q", "err_too_long", "1024", NULL);
    return 0;
}

int
store_plan_init(struct store *st, struct store_plan *p,
                const struct server_query *q, struct err *e)
{
    memset(p, 0, sizeof *p);
    buf_init(&p->fts, PLAN_STR_MAX);
    buf_init(&p->lq, PLAN_STR_MAX);
    buf_init(&p->like, PLAN_STR_MAX);
    for (int i = 0; i < CAND__MAX; i++)
        p->n[i] = -1;
    if ((present(q->type) &&
         store_stat_get(st, "type", q->type, &p->n[CAND_TYPE], e) < 0) ||
        (present(q->status) &&
         store_stat_get(st, "status", q->status, &p->n[CAND_STATUS], e) < 0) ||
        (present(q->region) &&
         store_stat_get(st, "region", q->region, &p->n[CAND_REGION], e) < 0) ||
        (present(q->cluster) &&
         store_cluster_size(st, q->cluster, &p->n[CAND_CLUSTER], e) < 0))
        return -1;
    if (present(q->q)) {
        p->n[CAND_Q] = LLONG_MAX; /* unknown until estimated */
        return search_strings(p, q->q, e);
    }
    return 0;
}

void
store_plan_free(struct store_plan *p)
{
    buf_free(&p->fts);
    buf_free(&p->lq);
    buf_free(&p->like);
}

static const char SQL_EST_FTS[] =
    "SELECT count(*) FROM (SELECT 1 FROM servers_fts"
    " WHERE servers_fts MATCH ?1 LIMIT ?2)";
static const char SQL_EST_PREFIX[] =
    "SELECT count(*) FROM (SELECT 1 FROM servers s"
    " WHERE s.id LIKE ?1 ESCAPE '\\' OR s.name LIKE ?1 ESCAPE '\\'"
    " LIMIT ?2)";

/* Counts search candidates up to bound; bound or more -> LLONG_MAX. */
static int
estimate_q(struct store *st, struct store_plan *p, long long bound,
           struct err *e)
{
    sqlite3_stmt *s =
        store_prep(st, p->qlong ? SQL_EST_FTS : SQL_EST_PREFIX, e);
    long long n = 0;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, buf_cstr(p->qlong ? &p->fts : &p->like));
    sqlite3_bind_int64(s, 2, bound);
    if (sqlite3_step(s) != SQLITE_ROW) {
        store_fail(st, e, "search estimate");
        store_done(s);
        return -1;
    }
    n = sqlite3_column_int64(s, 0);
    store_done(s);
    p->n[CAND_Q] = n >= bound ? LLONG_MAX : n;
    return 0;
}

/* The present filter with the fewest matches, or -1. */
static int
most_selective(const struct store_plan *p)
{
    int best = -1;
    for (int i = 0; i < CAND__MAX; i++)
        if (p->n[i] >= 0 && (best < 0 || p->n[i] < p->n[best]))
            best = i;
    return best;
}

static long long
isqrt(long long x)
{
    long long r = 0;
    while ((r + 1) * (r + 1) <= x)
        r++;
    return r;
}

/* 1 when the equality index of filter c is ordered like the sort: (col,
 * id) gives id order within one value, and the sort column's own order. */
static int
ordered_like_sort(int c, enum server_sort sort)
{
    static const enum server_sort own[] = {SORT_TYPE, SORT_STATUS,
                                           SORT_REGION};
    return c <= CAND_REGION && (sort == SORT_ID || sort == own[c]);
}

int
store_plan_list(struct store *st, struct store_plan *p,
                const struct server_query *q, size_t limit, struct err *e)
{
    long long total, walk_rows, cost_walk;
    int best, walk = -1;

    if (store_stat_get(st, "servers", "", &total, e) < 0)
        return -1;
    /* Past about sqrt(limit * total) matches, walking the sort order
     * reads fewer rows than fetching every match and sorting them. */
    if (p->n[CAND_Q] >= 0 &&
        estimate_q(st, p, isqrt((long long)limit * total) + (long long)limit,
                   e) < 0)
        return -1;
    if ((best = most_selective(p)) < 0)
        return 0;
    walk_rows = total;
    for (int c = 0; c <= CAND_REGION; c++)
        if (p->n[c] >= 0 && ordered_like_sort(c, q->sort) &&
            p->n[c] < walk_rows) {
            walk_rows = p->n[c];
            walk = c;
        }
    cost_walk = p->n[best] > 0 && p->n[best] != LLONG_MAX
                    ? (long long)limit * walk_rows / p->n[best]
                    : (long long)limit;
    if (p->n[best] <= cost_walk)
        p->indexed[best] = 1;
    else if (walk >= 0)
        p->indexed[walk] = 1;
    return 0;
}

int
store_plan_count(struct store *st, struct store_plan *p, struct err *e)
{
    long long q_n = p->n[CAND_Q];
    int best;

    p->n[CAND_Q] = -1;
    best = most_selective(p);
    p->n[CAND_Q] = q_n;
    /* Search alone drives itself; beside another filter it drives only
     * when it has fewer candidates. */
    if (q_n >= 0 && best >= 0 && estimate_q(st, p, p->n[best] + 1, e) < 0)
        return -1;
    if ((best = most_selective(p)) >= 0)
        p->indexed[best] = 1;
    return 0;
}
