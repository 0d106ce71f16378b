/* hist_query.c — reading a series back: choosing the level for a step,
 * gathering one day at a time the points of that level (chunks, roll-ups,
 * the logged or in-memory open chunks), and merging them into buckets of
 * the step, in time order, through the caller's callback.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "hist_int.h"
#include "log.h"

#define TS_END ((int64_t)253402300800)

/* A point of the day's level with where it came from, for ordering. */
struct item {
    struct hist_agg a; /* a.ts: sample time (raw) or bucket start */
    int64_t t0;        /* the source chunk's first sample (0: 1 h row) */
    size_t seq;
};

struct items {
    struct item *v;
    size_t n, cap;
};

/* The step's running bucket. */
struct bucket {
    int open;
    int64_t ts, min, max, last;
    double sum;
    uint32_t n;
};

struct run {
    struct hist *h;
    struct hist_query *q;
    int64_t s, from, to;
    int64_t seg_from;    /* the oldest day that may hold segments */
    enum hist_level lvl; /* the day's level */
    int64_t lw;          /* its width (0: raw) */
    struct items it;
    struct bucket b;
    int64_t last_raw; /* latest raw sample passed on (duplicates drop) */
    int stopped;
};

static int
oom(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
}

static int
push(struct run *r, const struct hist_agg *a, int64_t t0, struct err *e)
{
    struct items *it = &r->it;

    if (a->ts < r->from || a->ts >= r->to)
        return 0;
    if (it->n == it->cap) {
        size_t cap = it->cap ? it->cap * 2 : 1024;
        struct item *v = realloc(it->v, cap * sizeof *v);
        if (v == NULL)
            return oom(e);
        it->v = v;
        it->cap = cap;
    }
    it->v[it->n].a = *a;
    it->v[it->n].t0 = t0;
    it->v[it->n].seq = it->n;
    it->n++;
    return 0;
}

/* Raw samples of an encoded chunk, as points of the day's level. */
static int
push_chunk(struct run *r, int64_t t0, const void *data, size_t len,
           struct err *e)
{
    struct hist_dec d;
    struct hist_agg a = {0};
    int64_t ts, q;
    int rc;

    hist_dec_init(&d, data, len);
    while ((rc = hist_dec_next(&d, &ts, &q)) == 1) {
        a.ts = r->lw ? hist_floor(ts, r->lw) : ts;
        a.n = 1;
        a.min = a.max = a.sum = a.last = q;
        if (push(r, &a, t0, e) < 0)
            return -1;
        if (a.ts >= r->from && a.ts < r->to)
            r->q->levels_used |= 1u << HIST_RAW;
    }
    if (rc < 0)
        log_msg("hist: damaged chunk of series %lld skipped", (long long)r->s);
    return 0;
}

static int
push_points(struct run *r, int64_t t0, const void *data, size_t len,
            struct err *e)
{
    struct hist_pdec d;
    struct hist_agg a;
    int rc;

    hist_pdec_init(&d, data, len, r->lw);
    while ((rc = hist_pdec_next(&d, &a)) == 1) {
        if (push(r, &a, t0, e) < 0)
            return -1;
        if (a.ts >= r->from && a.ts < r->to)
            r->q->levels_used |= 1u << r->lvl;
    }
    if (rc < 0)
        log_msg("hist: damaged roll-up of series %lld skipped",
                (long long)r->s);
    return 0;
}

/* Rows (t0, data) of a range statement already bound. */
static int
push_rows(struct run *r, struct hist_part *p, sqlite3_stmt *st, int points,
          struct err *e)
{
    int rc, ret = 0;

    while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t t0 = sqlite3_column_int64(st, 0);
        const void *data = sqlite3_column_blob(st, 1);
        size_t len = (size_t)sqlite3_column_bytes(st, 1);
        ret = points ? push_points(r, t0, data, len, e)
                     : push_chunk(r, t0, data, len, e);
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = hist_part_fail(p, e, "query");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return ret;
}

/* A writer's unlogged tail of the chunk (s, t0): 1 with *tail, *len (the
 * bytes after those in the segments), or 0. */
static int
memory_tail(const struct hist *h, int64_t s, int64_t t0,
            const unsigned char **tail, size_t *len)
{
    const struct hist_head *hd = hist_head_find((struct hist *)h, s);

    if (hd != NULL && hd->enc.n > 0 && hd->t0 == t0) {
        *tail = hd->buf;
        *len = hd->len;
        return 1;
    }
    for (size_t i = 0; i < h->nbatch; i++)
        if (h->batch[i].s == s && h->batch[i].t0 == t0) {
            *tail = h->batch[i].buf;
            *len = h->batch[i].len - h->batch[i].saved_len;
            return 1;
        }
    return 0;
}

/* Whether the writer has a chunk of series s in day with logged bytes. */
static int
memory_logged(const struct hist *h, int64_t s, int64_t day)
{
    const struct hist_head *hd = hist_head_find((struct hist *)h, s);

    if (hd != NULL && hd->enc.n > 0 && hd->first_seq != 0 &&
        hist_floor(hd->t0, HIST_PARTITION_SECONDS) == day)
        return 1;
    for (size_t i = 0; i < h->nbatch; i++)
        if (h->batch[i].s == s && h->batch[i].first_seq != 0 &&
            hist_floor(h->batch[i].t0, HIST_PARTITION_SECONDS) == day)
            return 1;
    return 0;
}

/* Pushes one open chunk rebuilt from its segments (and, in a writer, its
 * tail in memory), unless the chunk was written meanwhile (then it was
 * read already, and its segments only wait to be trimmed). */
static int
push_open(struct run *r, struct hist_part *p, int64_t t0,
          const unsigned char *buf, size_t len, struct err *e)
{
    sqlite3_stmt *st = hist_part_stmt(p, SQL_CHUNK_HAS, e);
    const unsigned char *tail;
    size_t tlen;
    int rc;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, hist_floor(t0, HIST_CHUNK_SECONDS));
    sqlite3_bind_int64(st, 2, r->s);
    sqlite3_bind_int64(st, 3, t0);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == SQLITE_DONE && !r->h->readonly &&
        memory_tail(r->h, r->s, t0, &tail, &tlen) && tlen > 0 &&
        len + tlen <= HIST_CHUNK_MAX_BYTES) {
        unsigned char whole[HIST_CHUNK_MAX_BYTES];
        memcpy(whole, buf, len);
        memcpy(whole + len, tail, tlen);
        return push_chunk(r, t0, whole, len + tlen, e);
    }
    if (rc == SQLITE_DONE)
        return push_chunk(r, t0, buf, len, e);
    return rc == SQLITE_ROW ? 0 : hist_part_fail(p, e, "query");
}

/* The series' open chunks logged in one segment table: its parts of the
 * rows in flush order, concatenated per chunk. */
static int
gather_table(struct run *r, struct hist_part *p, int64_t day, enum hist_sql sql,
             struct err *e)
{
    unsigned char buf[HIST_CHUNK_MAX_BYTES];
    sqlite3_stmt *st = hist_part_stmt(p, sql, e);
    enum hist_metric want = hist_series_metric(r->s);
    struct hist_seg_walk w;
    struct hist_seg_part pt;
    size_t len = 0;
    int64_t t0 = 0;
    int rc, ret = 0;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, r->s / 16);
    while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        w = hist_seg_walk_col(st, 0);
        while (ret == 0 && hist_seg_next(&w, &pt) == 1) {
            if (pt.m != want)
                continue;
            if (day + pt.t0_off != t0) {
                if (len > 0)
                    ret = push_open(r, p, t0, buf, len, e);
                t0 = day + pt.t0_off;
                len = 0;
            }
            if (len + pt.len > sizeof buf) {
                log_msg("hist: damaged segments of series %lld skipped",
                        (long long)r->s);
                len = 0;
                continue;
            }
            memcpy(buf + len, pt.data, pt.len);
            len += pt.len;
        }
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = hist_part_fail(p, e, "query");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (ret == 0 && len > 0)
        ret = push_open(r, p, t0, buf, len, e);
    return ret;
}

static int
gather_segments(struct run *r, struct hist_part *p, int64_t day, struct err *e)
{
    if (gather_table(r, p, day, SQL_SEG_OF0, e) < 0)
        return -1;
    return gather_table(r, p, day, SQL_SEG_OF1, e);
}

/* The stored points of one day file at the run's level, in one read
 * transaction so that a chunk sealed meanwhile is seen exactly once. */
static int
gather_file(struct run *r, struct hist_part *p, int64_t day, struct err *e)
{
    int64_t wlo = hist_floor(r->from, HIST_CHUNK_SECONDS);
    int64_t whi = hist_floor(r->to - 1, HIST_CHUNK_SECONDS);
    sqlite3_stmt *st;
    int rc = 0;

    if (wlo < day)
        wlo = day;
    if (whi > day + HIST_PARTITION_SECONDS - HIST_CHUNK_SECONDS)
        whi = day + HIST_PARTITION_SECONDS - HIST_CHUNK_SECONDS;
    if ((st = hist_part_stmt(p, SQL_BEGIN_READ, e)) == NULL ||
        hist_part_run(p, st, e, "begin") < 0)
        return -1;
    if (r->lw == 3600) {
        if ((st = hist_part_stmt(p, SQL_ROLL1H_GET, e)) == NULL)
            goto fail;
        sqlite3_bind_int64(st, 1, r->s);
        /* The 1 h row has no t0: order it before the day's raw data. */
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            rc = push_points(r, 0, sqlite3_column_blob(st, 0),
                             (size_t)sqlite3_column_bytes(st, 0), e);
        else
            rc = rc == SQLITE_DONE ? 0 : hist_part_fail(p, e, "query");
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    } else {
        st = hist_part_stmt(p, r->lw ? SQL_Q_ROLL5 : SQL_Q_CHUNKS, e);
        if (st == NULL)
            goto fail;
        sqlite3_bind_int64(st, 1, wlo);
        sqlite3_bind_int64(st, 2, whi);
        sqlite3_bind_int64(st, 3, r->s);
        sqlite3_bind_int64(st, 4, HIST_CHUNK_SECONDS);
        rc = push_rows(r, p, st, r->lw != 0, e);
    }
    /* A reader sees the writer's open chunks through their segments, the
     * writer too, adding the tails it holds (gather_memory has those of
     * chunks not logged at all). A flush seals chunks whose hour ended
     * more than 5 minutes before, so segments are only in the two newest
     * days (after a crash, older ones wait for the next writer, which
     * seals them when it opens). */
    if (rc == 0 && p->kind == HIST_KIND_RAW &&
        (r->h->readonly ? day >= r->seg_from : memory_logged(r->h, r->s, day)))
        rc = gather_segments(r, p, day, e);
    if (rc < 0)
        goto fail;
    if ((st = hist_part_stmt(p, SQL_COMMIT, e)) == NULL ||
        hist_part_run(p, st, e, "commit") < 0)
        goto fail;
    return 0;
fail:
    hist_part_rollback(p);
    return -1;
}

/* A writer's own unwritten chunks of the day that are in memory only
 * (nothing of them logged yet): the open chunk and sealed chunks of the
 * series still in the batch. */
static int
gather_memory(struct run *r, int64_t day, struct err *e)
{
    struct hist_head *hd = hist_head_find(r->h, r->s);

    if (hd != NULL && hd->enc.n > 0 && hd->first_seq == 0 &&
        hist_floor(hd->t0, HIST_PARTITION_SECONDS) == day &&
        push_chunk(r, hd->t0, hd->buf, hd->len, e) < 0)
        return -1;
    for (size_t i = 0; i < r->h->nbatch; i++) {
        const struct hist_sealed *sl = &r->h->batch[i];
        if (sl->s == r->s && sl->first_seq == 0 &&
            hist_floor(sl->t0, HIST_PARTITION_SECONDS) == day &&
            push_chunk(r, sl->t0, sl->buf, sl->len, e) < 0)
            return -1;
    }
    return 0;
}

static int
item_cmp(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (x->a.ts != y->a.ts)
        return x->a.ts < y->a.ts ? -1 : 1;
    if (x->t0 != y->t0)
        return x->t0 < y->t0 ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
emit(struct run *r)
{
    struct hist_point pt;
    enum hist_metric m = r->q->metric;

    if (!r->b.open || r->stopped)
        return;
    pt.ts = r->b.ts;
    pt.min = hist_unquantise(m, r->b.min);
    pt.max = hist_unquantise(m, r->b.max);
    pt.last = hist_unquantise(m, r->b.last);
    pt.avg = r->b.sum / r->b.n / hist_scale(m);
    pt.n = r->b.n;
    r->b.open = 0;
    if (r->q->fn(&pt, r->q->ctx) != 0)
        r->stopped = 1;
}

/* Feeds the day's sorted items into the step's buckets. */
static void
drain(struct run *r)
{
    int raw = r->lw == 0;

    if (r->it.n > 1)
        qsort(r->it.v, r->it.n, sizeof *r->it.v, item_cmp);
    for (size_t i = 0; i < r->it.n && !r->stopped; i++) {
        const struct hist_agg *a = &r->it.v[i].a;
        int64_t bts = r->q->step ? hist_floor(a->ts, r->q->step) : a->ts;
        if (raw) {
            if (a->ts <= r->last_raw)
                continue; /* the same sample written twice */
            r->last_raw = a->ts;
        }
        if (r->b.open && r->b.ts != bts)
            emit(r);
        if (!r->b.open) {
            memset(&r->b, 0, sizeof r->b);
            r->b.open = 1;
            r->b.ts = bts;
            r->b.min = a->min;
            r->b.max = a->max;
        }
        if (a->min < r->b.min)
            r->b.min = a->min;
        if (a->max > r->b.max)
            r->b.max = a->max;
        r->b.sum += (double)a->sum;
        r->b.last = a->last;
        r->b.n += a->n;
        if (r->q->step == 0)
            emit(r);
    }
    r->it.n = 0;
}

static enum hist_level
level_for(int64_t step)
{
    if (step > 0 && step % 3600 == 0)
        return HIST_1H;
    if (step > 0 && step % 300 == 0)
        return HIST_5M;
    return HIST_RAW;
}

/* Whether the writer holds unwritten data of series s in day. */
static int
memory_has(struct hist *h, int64_t s, int64_t day)
{
    struct hist_head *hd;

    if (h->readonly)
        return 0;
    hd = hist_head_find(h, s);
    if (hd != NULL && hd->enc.n > 0 &&
        hist_floor(hd->t0, HIST_PARTITION_SECONDS) == day)
        return 1;
    for (size_t i = 0; i < h->nbatch; i++)
        if (h->batch[i].s == s &&
            hist_floor(h->batch[i].t0, HIST_PARTITION_SECONDS) == day)
            return 1;
    return 0;
}

/* One day: the level (the step's, or 5 min when only the roll-up file is
 * left), then its points from the file and from memory. */
static int
run_day(struct run *r, int64_t day, int has_raw, int has_roll, struct err *e)
{
    enum hist_level want = level_for(r->q->step), lvl = want;
    int mem = memory_has(r->h, r->s, day);
    struct hist_part *p = NULL;
    enum hist_kind kind = HIST_KIND_RAW;

    if (!has_raw && !mem) {
        if (!has_roll)
            return 0;
        kind = HIST_KIND_ROLL;
        if (lvl == HIST_RAW)
            lvl = HIST_5M;
    }
    r->lvl = lvl;
    r->lw = hist_level_seconds(lvl);
    if (has_raw || kind == HIST_KIND_ROLL) {
        p = hist_part_get(r->h, day, kind, 0, e);
        if (p == NULL && e->code != ERR_OK)
            return -1;
    }
    if (p != NULL && gather_file(r, p, day, e) < 0)
        return -1;
    if (mem && gather_memory(r, day, e) < 0)
        return -1;
    drain(r);
    return 0;
}

static int
check(const struct hist_query *q, struct err *e)
{
    if (q->rid < 1 || q->rid > HIST_RID_MAX)
        return err_set(e, ERR_INVALID, "server", "err_out_of_range", "1",
                       "2^58");
    if ((unsigned)q->metric >= HIST_METRIC__MAX)
        return err_set(e, ERR_INVALID, "metric", "err_hist_metric", NULL, NULL);
    if (q->from < 0 || q->to > TS_END || q->from >= q->to)
        return err_set(e, ERR_INVALID, "from", "err_hist_range", NULL, NULL);
    if (q->step < 0 || q->step > 10 * 366 * 86400LL)
        return err_set(e, ERR_INVALID, "step", "err_out_of_range", "0",
                       "316224000");
    if (q->fn == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    return 0;
}

/* The days of [first, last] to visit: those with a file, plus the
 * writer's days in memory, ascending and unique, into *out. */
static int
days_to_visit(struct run *r, const struct hist_file *f, size_t nf,
              int64_t first, int64_t last, int64_t **out, size_t *n,
              struct err *e)
{
    int64_t *v = malloc((nf + r->h->nbatch + 1) * sizeof *v);
    struct hist_head *hd;
    size_t k = 0;

    if (v == NULL)
        return oom(e);
    for (size_t i = 0; i < nf; i++)
        if (f[i].day >= first && f[i].day <= last &&
            (k == 0 || v[k - 1] != f[i].day))
            v[k++] = f[i].day;
    if (!r->h->readonly) {
        hd = hist_head_find(r->h, r->s);
        if (hd != NULL && hd->enc.n > 0)
            v[k++] = hist_floor(hd->t0, HIST_PARTITION_SECONDS);
        for (size_t i = 0; i < r->h->nbatch; i++)
            if (r->h->batch[i].s == r->s)
                v[k++] = hist_floor(r->h->batch[i].t0, HIST_PARTITION_SECONDS);
    }
    *out = v;
    *n = k;
    return 0;
}

static int
day_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int
hist_query(struct hist *h, struct hist_query *q, struct err *e)
{
    struct run r = {0};
    struct hist_file *files = NULL;
    int64_t *days = NULL, first, last;
    size_t nfiles = 0, ndays = 0, i, k;
    int rc = -1;

    q->levels_used = 0;
    if (check(q, e) < 0)
        return -1;
    r.h = h;
    r.q = q;
    r.s = hist_series(q->rid, q->metric);
    r.from = q->from;
    r.to = q->to;
    first = hist_floor(q->from, HIST_PARTITION_SECONDS);
    last = hist_floor(q->to - 1, HIST_PARTITION_SECONDS);
    if (hist_part_list(h, &files, &nfiles, e) < 0 ||
        days_to_visit(&r, files, nfiles, first, last, &days, &ndays, e) < 0)
        goto out;
    if (ndays > 1)
        qsort(days, ndays, sizeof *days, day_cmp);
    for (i = 0; i < nfiles; i++)
        if (files[i].kind == HIST_KIND_RAW)
            r.seg_from = files[i].day - HIST_PARTITION_SECONDS;
    for (i = 0, k = 0; i < ndays && !r.stopped; i++) {
        int has_raw = 0, has_roll = 0;
        if (days[i] < first || days[i] > last ||
            (i > 0 && days[i] == days[i - 1]))
            continue;
        for (; k < nfiles && files[k].day <= days[i]; k++)
            if (files[k].day == days[i]) {
                has_raw |= files[k].kind == HIST_KIND_RAW;
                has_roll |= files[k].kind == HIST_KIND_ROLL;
            }
        if (run_day(&r, days[i], has_raw, has_roll, e) < 0)
            goto out;
    }
    emit(&r);
    rc = 0;
out:
    free(r.it.v);
    free(days);
    free(files);
    return rc;
}
