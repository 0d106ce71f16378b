/* hist_estate.c — one metric aggregated across servers (hist_estate.h).
 * The range is walked one UTC day at a time, every server read for that
 * day before the next one, so the reader keeps touching the same one or
 * two partition files instead of reopening thirty per server. Within a
 * day, the buckets before the recent boundary come from the day file's
 * roll-ups directly (the file hist_query would choose, at its level), the
 * rest from hist_query.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "hist_estate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hist_int.h"
#include "log.h"

/* Chunks of the hours that ended this long before now have been sealed
 * (with their roll-ups) by a running writer: a flush seals those whose
 * hour ended more than 5 minutes before the newest sample. The boundary
 * also stays at or before the newest hour that has a sealed chunk. */
#define RECENT_SECONDS (2 * HIST_CHUNK_SECONDS)

/* Points of one server in one day's slice: its bucket means, by bucket. */
struct slice {
    int64_t from, step;
    size_t nb;                      /* buckets in the slice */
    size_t nrids;                   /* columns */
    size_t server;                  /* the server being read */
    double *mean;                   /* nb x nrids, NAN where no sample */
    double *min, *max;              /* per bucket, over the servers */
    struct hist_agg *acc;           /* the roll-up path: one server's buckets */
    struct hist_estate_server *per; /* NULL or per server totals */
};

static void
per_add(struct slice *s, double sum, uint64_t n, double max)
{
    struct hist_estate_server *p;
    if (s->per == NULL || n == 0)
        return;
    p = &s->per[s->server];
    if (p->n == 0 || max > p->max)
        p->max = max;
    p->sum += sum;
    p->n += n;
}

static int
take(const struct hist_point *p, void *ctx)
{
    struct slice *s = ctx;
    if (p->ts < s->from || p->n == 0)
        return 0;
    size_t b = (size_t)((p->ts - s->from) / s->step);
    if (b >= s->nb)
        return 1;
    s->mean[b * s->nrids + s->server] = p->avg;
    per_add(s, p->avg * p->n, p->n, p->max);
    if (isnan(s->min[b]) || p->min < s->min[b])
        s->min[b] = p->min;
    if (isnan(s->max[b]) || p->max > s->max[b])
        s->max[b] = p->max;
    return 0;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile pct of sorted v[0..n), n > 0. */
static double
rank(const double *v, size_t n, unsigned pct)
{
    size_t r = (n * pct + 99) / 100;
    return v[r > 0 ? r - 1 : 0];
}

static void
finish_bucket(struct hist_estate_point *o, const struct slice *s, size_t b,
              double *tmp)
{
    size_t k = 0;
    double sum = 0;
    for (size_t i = 0; i < s->nrids; i++) {
        double v = s->mean[b * s->nrids + i];
        if (!isnan(v)) {
            tmp[k++] = v;
            sum += v;
        }
    }
    o->servers = (uint32_t)k;
    if (k == 0) {
        o->mean = o->sum = o->min = o->max = o->p50 = o->p95 = NAN;
        return;
    }
    qsort(tmp, k, sizeof *tmp, cmp_double);
    o->sum = sum;
    o->mean = sum / (double)k;
    o->min = s->min[b];
    o->max = s->max[b];
    o->p50 = rank(tmp, k, 50);
    o->p95 = rank(tmp, k, 95);
}

/* Adds a roll-up point of the server being read to its bucket. */
static void
acc_add(struct slice *s, int64_t a, int64_t z, const struct hist_agg *p)
{
    struct hist_agg *b;
    if (p->ts < a || p->ts >= z || p->n == 0)
        return;
    b = &s->acc[(p->ts - s->from) / s->step];
    if (b->n == 0) {
        *b = *p;
        return;
    }
    if (p->min < b->min)
        b->min = p->min;
    if (p->max > b->max)
        b->max = p->max;
    b->sum += p->sum;
    b->n += p->n;
}

static void
acc_points(struct slice *s, int64_t a, int64_t z, const void *data, size_t len,
           int64_t width)
{
    struct hist_pdec d;
    struct hist_agg p;
    int rc;
    hist_pdec_init(&d, data, len, width);
    while ((rc = hist_pdec_next(&d, &p)) == 1)
        acc_add(s, a, z, &p);
    if (rc < 0)
        log_msg("estate: damaged roll-up skipped");
}

/* Moves the server's buckets of [a, z) into the slice, as take() does. */
static void
acc_flush(struct slice *s, enum hist_metric m, int64_t a, int64_t z)
{
    size_t b0 = (size_t)((a - s->from) / s->step);
    size_t b1 = (size_t)((z - s->from) / s->step);
    for (size_t b = b0; b < b1 && b < s->nb; b++) {
        struct hist_agg *g = &s->acc[b];
        double lo, hi;
        if (g->n == 0)
            continue;
        lo = hist_unquantise(m, g->min);
        hi = hist_unquantise(m, g->max);
        s->mean[b * s->nrids + s->server] =
            (double)g->sum / g->n / hist_scale(m);
        per_add(s, (double)g->sum / hist_scale(m), g->n, hi);
        if (isnan(s->min[b]) || lo < s->min[b])
            s->min[b] = lo;
        if (isnan(s->max[b]) || hi > s->max[b])
            s->max[b] = hi;
        memset(g, 0, sizeof *g);
    }
}

/* One server's points of [a, z) within day from the open file p at
 * level width lw (3600: the day's 1 h row; 300: the 5 min rows of each
 * hour). 0 or -1. */
static int
roll_server(struct hist_part *p, struct slice *s, int64_t series, int64_t a,
            int64_t z, int64_t lw, struct err *e)
{
    sqlite3_stmt *st;
    int rc;
    if (lw == 3600) {
        if ((st = hist_part_stmt(p, SQL_ROLL1H_GET, e)) == NULL)
            return -1;
        sqlite3_bind_int64(st, 1, series);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            acc_points(s, a, z, sqlite3_column_blob(st, 0),
                       (size_t)sqlite3_column_bytes(st, 0), lw);
            rc = SQLITE_DONE;
        }
    } else {
        if ((st = hist_part_stmt(p, SQL_Q_ROLL5, e)) == NULL)
            return -1;
        sqlite3_bind_int64(st, 1, hist_floor(a, HIST_CHUNK_SECONDS));
        sqlite3_bind_int64(st, 2, hist_floor(z - 1, HIST_CHUNK_SECONDS));
        sqlite3_bind_int64(st, 3, series);
        sqlite3_bind_int64(st, 4, HIST_CHUNK_SECONDS);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            acc_points(s, a, z, sqlite3_column_blob(st, 1),
                       (size_t)sqlite3_column_bytes(st, 1), lw);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return hist_part_fail(p, e, "estate query");
    return 0;
}

/* The buckets of [a, z) (inside one day) of every server from the day's
 * roll-ups: the raw file when there is one, else the roll-up file. 0, or
 * -1 with *e set. */
static int
roll_slice(struct hist *h, const struct hist_estate_query *q, struct slice *s,
           int64_t day, int has_raw, int has_roll, int64_t a, int64_t z,
           struct err *e)
{
    enum hist_kind kind = has_raw ? HIST_KIND_RAW : HIST_KIND_ROLL;
    int64_t lw = q->step % 3600 == 0 ? 3600 : 300;
    struct hist_part *p;
    sqlite3_stmt *st;
    if (!has_raw && !has_roll)
        return 0;
    p = hist_part_get(h, day, kind, 0, e);
    if (p == NULL)
        return e->code == ERR_OK ? 0 : -1;
    if ((st = hist_part_stmt(p, SQL_BEGIN_READ, e)) == NULL ||
        hist_part_run(p, st, e, "begin") < 0)
        return -1;
    for (size_t i = 0; i < q->nrids; i++) {
        if (q->rids[i] < 1 || q->rids[i] > HIST_RID_MAX)
            continue; /* counted by the hist_query path */
        s->server = i;
        if (roll_server(p, s, hist_series(q->rids[i], q->metric), a, z, lw, e) <
            0)
            goto fail;
        acc_flush(s, q->metric, a, z);
    }
    if ((st = hist_part_stmt(p, SQL_COMMIT, e)) == NULL ||
        hist_part_run(p, st, e, "commit") < 0)
        goto fail;
    return 0;
fail:
    hist_part_rollback(p);
    return -1;
}

/* Every server's buckets of [a, z) through hist_query. */
static void
query_slice(struct hist *h, struct hist_estate_query *q, struct slice *s,
            int64_t a, int64_t z)
{
    for (size_t i = 0; i < q->nrids; i++) {
        struct err qe;
        struct hist_query hq = {.rid = q->rids[i],
                                .metric = q->metric,
                                .from = a,
                                .to = z,
                                .step = q->step,
                                .fn = take,
                                .ctx = s};
        s->server = i;
        if (hist_query(h, &hq, &qe) < 0 && q->failed++ == 0)
            log_msg("estate: query of server %lld failed (%s)",
                    (long long)q->rids[i], qe.key);
    }
}

/* The start of the newest hour with a sealed chunk into *w (0 when none):
 * every hour before it is sealed, that one maybe in part. Reads the
 * newest raw files, newest first, until one has a chunk. 0 or -1. */
static int
newest_sealed(struct hist *h, const struct hist_file *files, size_t nfiles,
              int64_t *w, struct err *e)
{
    static const char sql[] = "SELECT max(w) FROM chunk";
    *w = 0;
    for (size_t i = nfiles, tried = 0; i > 0 && tried < 3; i--) {
        struct hist_part *p;
        sqlite3_stmt *st = NULL;
        int rc;
        if (files[i - 1].kind != HIST_KIND_RAW)
            continue;
        tried++;
        p = hist_part_get(h, files[i - 1].day, HIST_KIND_RAW, 0, e);
        if (p == NULL) {
            if (e->code != ERR_OK)
                return -1;
            continue;
        }
        if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK)
            return hist_part_fail(p, e, "estate sealed");
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            *w = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW)
            return hist_part_fail(p, e, "estate sealed");
        if (*w > 0)
            return 0;
    }
    return 0;
}

static int
check(const struct hist_estate_query *q, struct err *e)
{
    if (hist_metric_name(q->metric) == NULL)
        return err_set(e, ERR_INVALID, "metric", "err_hist_metric", NULL, NULL);
    if (q->step <= 0 || HIST_PARTITION_SECONDS % q->step != 0)
        return err_set(e, ERR_INVALID, "step", "err_out_of_range", "1",
                       "86400");
    if (q->from <= 0 || q->to <= q->from)
        return err_set(e, ERR_INVALID, "from", "err_hist_range", NULL, NULL);
    return 0;
}

int
hist_estate_query(struct hist *h, struct hist_estate_query *q, struct err *e)
{
    struct slice s = {0};
    struct hist_file *files = NULL;
    size_t nfiles = 0;
    double *tmp = NULL;
    int64_t from, per_day, day, recent, unit;
    size_t nb, cols, rows;
    int rc = -1;

    q->n = 0;
    q->failed = 0;
    if (check(q, e) < 0)
        return -1;
    from = q->from - q->from % q->step;
    nb = (size_t)((q->to - from + q->step - 1) / q->step);
    if (nb > HIST_ESTATE_BUCKETS_MAX || nb > q->cap)
        return err_set(e, ERR_INVALID, "step", "perf_err_buckets", NULL, NULL);
    /* Buckets before this come from the roll-ups; it is a multiple of the
     * step and of an hour, so no bucket is read both ways. */
    unit = q->step > HIST_CHUNK_SECONDS ? q->step : HIST_CHUNK_SECONDS;
    recent = (q->now > 0 ? q->now : (int64_t)time(NULL)) - RECENT_SECONDS;
    recent = recent > 0 ? recent - recent % unit : 0;
    if (q->step % 300 != 0) /* raw steps have no roll-up */
        recent = 0;
    per_day = HIST_PARTITION_SECONDS / q->step;
    cols = q->nrids > 0 ? q->nrids : 1;
    rows = nb < (size_t)per_day ? nb : (size_t)per_day;
    s.step = q->step;
    s.nrids = q->nrids;
    s.per = q->per_server;
    if (s.per != NULL)
        memset(s.per, 0, q->nrids * sizeof *s.per);
    if (rows > SIZE_MAX / sizeof(double) / cols)
        return err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL, NULL);
    s.mean = malloc(rows * cols * sizeof(double));
    s.min = malloc(rows * sizeof(double));
    s.max = malloc(rows * sizeof(double));
    s.acc = calloc(rows, sizeof *s.acc);
    tmp = malloc(cols * sizeof(double));
    if (s.mean == NULL || s.min == NULL || s.max == NULL || s.acc == NULL ||
        tmp == NULL) {
        err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL, NULL);
        goto out;
    }
    if (recent > from) {
        int64_t w;
        if (hist_part_list(h, &files, &nfiles, e) < 0 ||
            newest_sealed(h, files, nfiles, &w, e) < 0)
            goto out;
        /* A stopped writer leaves its last hours open: they, and the
           newest sealed hour (maybe sealed in part), go through
           hist_query, which reads the log. */
        if (w < recent)
            recent = w - w % unit;
    }
    /* One slice per UTC day (a step divides a day, so no bucket is cut). */
    for (day = from - from % HIST_PARTITION_SECONDS; q->n < nb;
         day += HIST_PARTITION_SECONDS) {
        int64_t a = day > from ? day : from;
        int64_t end = from + (int64_t)nb * q->step;
        int64_t z = day + HIST_PARTITION_SECONDS < end
                        ? day + HIST_PARTITION_SECONDS
                        : end;
        int64_t mid = recent < a ? a : recent > z ? z : recent;
        int has_raw = 0, has_roll = 0;
        s.from = a;
        s.nb = (size_t)((z - a) / q->step);
        for (size_t i = 0; i < s.nb * s.nrids; i++)
            s.mean[i] = NAN;
        for (size_t b = 0; b < s.nb; b++)
            s.min[b] = s.max[b] = NAN;
        for (size_t i = 0; i < nfiles; i++)
            if (files[i].day == day) {
                has_raw |= files[i].kind == HIST_KIND_RAW;
                has_roll |= files[i].kind == HIST_KIND_ROLL;
            }
        if (mid > a &&
            roll_slice(h, q, &s, day, has_raw, has_roll, a, mid, e) < 0)
            goto out;
        if (mid < z)
            query_slice(h, q, &s, mid, z);
        for (size_t b = 0; b < s.nb; b++) {
            struct hist_estate_point *o = &q->out[q->n++];
            o->ts = a + (int64_t)b * q->step;
            finish_bucket(o, &s, b, tmp);
        }
    }
    rc = 0;
out:
    free(files);
    free(s.mean);
    free(s.min);
    free(s.max);
    free(s.acc);
    free(tmp);
    return rc;
}

size_t
hist_estate_sample(int64_t *rids, size_t n, size_t max)
{
    if (n <= max)
        return n;
    /* i * n / max for i < max: strictly increasing, the first is 0. */
    for (size_t i = 0; i < max; i++)
        rids[i] = rids[(size_t)(((unsigned long long)i * n) / max)];
    return max;
}
