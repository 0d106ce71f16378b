/* store_plan.c — choosing how a server query uses the indexes: which
 * filter drives it, from the O(1) counters and a bounded count of search
 * matches, and the search strings bound for q.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* Longest q in characters (the UI allows 128 bytes), and the most bytes of
 * any string derived from it. */
#define PLAN_Q_CHARS 1024
#define PLAN_STR_MAX (PLAN_Q_CHARS * 12)

#define PROBE_COMMON                                                  \
    3                 /* probes that find only common trigrams before \
                       * giving up on finding a rare one */
#define PROBE_MAX 6   /* trigrams of q whose frequency is probed */
#define PROBE_CAP 512 /* each counted up to this many rows */
/* Counting search candidates costs as much as fetching them: past this
 * many, walking the sort order (which stops at a full page) is assumed the
 * cheaper way, without counting all of them. */
#define PLAN_DRIVE_MAX 2000
#define FTS_TERMS      3 /* the rarest ones that go into the FTS5 query */

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

/* like: q with \ % _ escaped, then %; sub: the same between two %. */
static int
like_patterns(struct store_plan *p, const char *q)
{
    int rc = buf_addc(&p->sub, '%');
    for (const char *c = q; *c && rc == 0; c++) {
        if (*c == '\\' || *c == '%' || *c == '_')
            rc = buf_addc(&p->like, '\\');
        if (rc == 0)
            rc = buf_addc(&p->like, *c);
    }
    if (rc == 0)
        rc = buf_add(&p->sub, buf_cstr(&p->like));
    return rc == 0 && buf_addc(&p->like, '%') == 0 &&
                   buf_addc(&p->sub, '%') == 0
               ? 0
               : -1;
}

static const char SQL_EST_FTS[] =
    "SELECT count(*) FROM (SELECT 1 FROM servers_fts"
    " WHERE servers_fts MATCH ?1 LIMIT ?2)";
static const char SQL_EST_PREFIX[] =
    "SELECT count(*) FROM (SELECT 1 FROM servers s"
    " WHERE s.id LIKE ?1 ESCAPE '\\' OR s.name LIKE ?1 ESCAPE '\\'"
    " LIMIT ?2)";

/* Rows matching the FTS5 query (or LIKE pattern, when prefix) text,
 * counted up to bound. */
static int
count_upto(struct store *st, int prefix, const char *text, long long bound,
           long long *n, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, prefix ? SQL_EST_PREFIX : SQL_EST_FTS, e);
    int ret = 0;

    if (s == NULL)
        return -1;
    store_bind_text(s, 1, text);
    sqlite3_bind_int64(s, 2, bound);
    if (sqlite3_step(s) == SQLITE_ROW)
        *n = sqlite3_column_int64(s, 0);
    else
        ret = store_fail(st, e, "search estimate");
    store_done(s);
    return ret;
}

/* A trigram of q: its bytes and how many rows hold it (up to PROBE_CAP). */
struct tri {
    size_t from, to;
    long long n;
};

/* Adds the trigram starting at character i unless it is listed. */
static size_t
add_tri(const char *q, const size_t *starts, size_t nc, size_t i, struct tri *t,
        size_t k)
{
    for (size_t j = 0; j < k; j++)
        if (t[j].from == starts[i])
            return k;
    t[k].from = starts[i];
    t[k].to = i + 3 < nc ? starts[i + 3] : strlen(q);
    t[k].n = PROBE_CAP;
    return k + 1;
}

/* Up to PROBE_MAX trigrams in probing order: the last two first (where
 * names usually differ: "web-prod-0421"), then spread from the start. */
static size_t
spread_trigrams(const char *q, const size_t *starts, size_t nc, struct tri *t)
{
    size_t avail = nc - 2, k = 0;
    k = add_tri(q, starts, nc, avail - 1, t, k);
    if (avail >= 2)
        k = add_tri(q, starts, nc, avail - 2, t, k);
    size_t spread = avail < PROBE_MAX ? avail : PROBE_MAX;
    for (size_t j = 0; j < spread && k < PROBE_MAX; j++) {
        size_t i = spread == 1 ? 0 : j * (avail - 1) / (spread - 1);
        k = add_tri(q, starts, nc, i, t, k);
    }
    return k;
}

static int
same_text(const char *q, const struct tri *a, const struct tri *b)
{
    return a->to - a->from == b->to - b->from &&
           memcmp(q + a->from, q + b->from, a->to - a->from) == 0;
}

/* Index of the rarest trigram not yet used nor a repeat of one used, or
 * k when none is left. */
static size_t
rarest(const char *q, const struct tri *t, size_t k, const int *used)
{
    size_t best = k;
    for (size_t j = 0; j < k; j++) {
        int dup = 0;
        for (size_t u = 0; u < k && !dup; u++)
            dup = used[u] && same_text(q, &t[j], &t[u]);
        if (!used[j] && !dup && (best == k || t[j].n < t[best].n))
            best = j;
    }
    return best;
}

/* Probes how many rows hold each trigram (up to PROBE_CAP) in order, and
 * stops once two are rare (fewer than PROBE_CAP rows) or a common one
 * follows a rare one: a couple of rare trigrams bound the candidates
 * tightly (each is re-checked anyway), while counting common ones costs
 * PROBE_CAP rows each (so it also gives up after PROBE_COMMON of them).
 * Trigrams left unprobed count as common. A trigram in no row empties the
 * result. */
static int
probe(struct store *st, struct store_plan *p, const char *q, struct tri *t,
      size_t k, struct err *e)
{
    struct buf one;
    size_t rare = 0;
    int rc = 0;

    buf_init(&one, 64);
    for (size_t j = 0; j < k && rc == 0; j++) {
        buf_reset(&one);
        if (add_quoted(&one, q, t[j].from, t[j].to) < 0)
            rc = err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
        else
            rc = count_upto(st, 0, buf_cstr(&one), PROBE_CAP, &t[j].n, e);
        if (rc != 0)
            break;
        if (t[j].n == 0) {
            p->n[CAND_Q] = 0;
            break;
        }
        if (t[j].n < PROBE_CAP)
            rare++;
        if (rare == 2 || (rare > 0 && t[j].n >= PROBE_CAP) ||
            (rare == 0 && j + 1 >= PROBE_COMMON))
            break;
    }
    buf_free(&one);
    return rc;
}

/* The FTS5 query, trigrams ANDed: the FTS_TERMS rarest when some are rare
 * (fewer than PROBE_CAP rows), else all those probed. The index
 * (detail=none) cannot test adjacency anyway and each candidate row is
 * re-checked for the substring, so the rare trigrams alone give the same
 * rows while reading only short doclists. */
static int
fts_query(struct store *st, struct store_plan *p, const char *q,
          const size_t *starts, size_t nc, struct err *e)
{
    struct tri t[PROBE_MAX];
    int used[PROBE_MAX] = {0};
    size_t k = spread_trigrams(q, starts, nc, t), terms = k;

    if (probe(st, p, q, t, k, e) < 0)
        return -1;
    for (size_t j = 0; j < k; j++)
        if (t[j].n < PROBE_CAP)
            terms = FTS_TERMS;
    for (size_t j = 0; j < terms; j++) {
        size_t r = rarest(q, t, k, used);
        if (r == k || (terms == FTS_TERMS && t[r].n >= PROBE_CAP))
            break;
        /* One term below the cap: its probe was an exact count. */
        p->fts_n = j == 0 && t[r].n < PROBE_CAP ? t[r].n : -1;
        used[r] = 1;
        if (add_quoted(&p->fts, q, t[r].from, t[r].to) < 0)
            return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    }
    return 0;
}

static int
search_strings(struct store *st, struct store_plan *p, const char *q,
               struct err *e)
{
    size_t starts[PLAN_Q_CHARS];
    size_t nc = char_starts(q, starts, PLAN_Q_CHARS);

    if (nc > PLAN_Q_CHARS || like_patterns(p, q) < 0)
        return err_set(e, ERR_INVALID, "q", "err_too_long", "1024", NULL);
    p->qlong = nc >= 3;
    return p->qlong ? fts_query(st, p, q, starts, nc, e) : 0;
}

/* search_strings, reusing what this transaction chose for the same q. */
static int
cached_search_strings(struct store *st, struct store_plan *p, const char *q,
                      struct err *e)
{
    struct store_qcache *c = &st->qcache;
    if (c->q != NULL && strcmp(c->q, q) == 0) {
        size_t starts[PLAN_Q_CHARS];
        p->qlong = char_starts(q, starts, PLAN_Q_CHARS) >= 3;
        if (like_patterns(p, q) < 0 || buf_add(&p->fts, c->fts) < 0)
            return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
        if (c->no_match)
            p->n[CAND_Q] = 0;
        p->fts_n = c->fts_n;
        return 0;
    }
    if (search_strings(st, p, q, e) < 0)
        return -1;
    store_qcache_clear(st);
    c->q = strdup(q);
    c->fts = strdup(buf_cstr(&p->fts));
    c->no_match = p->n[CAND_Q] == 0;
    c->fts_n = p->fts_n;
    if (c->q == NULL || c->fts == NULL)
        store_qcache_clear(st); /* only a lost shortcut */
    return 0;
}

int
store_plan_init(struct store *st, struct store_plan *p,
                const struct server_query *q, struct err *e)
{
    memset(p, 0, sizeof *p);
    p->fts_n = -1;
    buf_init(&p->fts, PLAN_STR_MAX);
    buf_init(&p->sub, PLAN_STR_MAX);
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
        return cached_search_strings(st, p, q->q, e);
    }
    return 0;
}

void
store_qcache_clear(struct store *st)
{
    free(st->qcache.q);
    free(st->qcache.fts);
    memset(&st->qcache, 0, sizeof st->qcache);
}

void
store_plan_free(struct store_plan *p)
{
    buf_free(&p->fts);
    buf_free(&p->sub);
    buf_free(&p->like);
}

/* Counts search candidates up to bound; bound or more -> LLONG_MAX. */
static int
estimate_q(struct store *st, struct store_plan *p, long long bound,
           struct err *e)
{
    long long n = 0;

    if (p->n[CAND_Q] == 0)
        return 0; /* a trigram of q is in no row */
    if (p->fts_n >= 0 && p->qlong) {
        p->n[CAND_Q] = p->fts_n >= bound ? LLONG_MAX : p->fts_n;
        return 0; /* counted while probing */
    }
    if (count_upto(st, !p->qlong, buf_cstr(p->qlong ? &p->fts : &p->like),
                   bound, &n, e) < 0)
        return -1;
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

/* 1 when the equality index of filter c is ordered like the sort: (col,
 * id) gives id order within one value, and the sort column's own order. */
static int
ordered_like_sort(int c, enum server_sort sort)
{
    static const enum server_sort own[] = {SORT_TYPE, SORT_STATUS, SORT_REGION};
    return c <= CAND_REGION && (sort == SORT_ID || sort == own[c]);
}

/* The filter with the fewest matches whose index is ordered like the sort,
 * or -1. */
static int
ordered_filter(const struct store_plan *p, enum server_sort sort)
{
    int best = -1;
    for (int c = 0; c <= CAND_REGION; c++)
        if (p->n[c] >= 0 && ordered_like_sort(c, sort) &&
            (best < 0 || p->n[c] < p->n[best]))
            best = c;
    return best;
}

/* Fetching and sorting the n matches of a filter costs n rows; walking the
 * sort order until a page is full costs about limit * total / n rows when
 * matches are spread evenly, but up to total - n when the sort clusters
 * them at the end (ids and names often start with the type). Driving by
 * the filter when n < total / 2 keeps the worst case below either. */
int
store_plan_list(struct store *st, struct store_plan *p,
                const struct server_query *q, struct err *e)
{
    long long total;
    int best, walk;

    if (store_stat_get(st, "servers", "", &total, e) < 0)
        return -1;
    if (p->n[CAND_Q] >= 0 &&
        estimate_q(st, p,
                   (total / 2 < PLAN_DRIVE_MAX ? total / 2 : PLAN_DRIVE_MAX) +
                       1,
                   e) < 0)
        return -1;
    if ((best = most_selective(p)) < 0)
        return 0;
    walk = ordered_filter(p, q->sort);
    if (ordered_like_sort(best, q->sort) ||
        (p->n[best] != LLONG_MAX && p->n[best] < total - p->n[best]))
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
