/* hist_seal.c — writing sealed chunks: each with its 5 min roll-up row
 * and its hour's point in the series' 1 h row, a day's file in one
 * transaction per batch, in key order (window, series) so that a batch
 * appends at the end of the b-trees.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "hist_int.h"
#include "log.h"

#define HOURS_PER_DAY (HIST_PARTITION_SECONDS / HIST_CHUNK_SECONDS)
#define M5_PER_HOUR   (HIST_CHUNK_SECONDS / 300)

void
hist_sort(void *v, size_t n, size_t size,
          int (*cmp)(const void *, const void *))
{
    const char *c = v;
    for (size_t i = 1; i < n; i++)
        if (cmp(c + (i - 1) * size, c + i * size) > 0) {
            qsort(v, n, size, cmp);
            return;
        }
}

static int
sealed_cmp(const void *a, const void *b)
{
    const struct hist_sealed *x = a, *y = b;
    int64_t wx = hist_floor(x->t0, HIST_CHUNK_SECONDS);
    int64_t wy = hist_floor(y->t0, HIST_CHUNK_SECONDS);
    if (wx != wy)
        return wx < wy ? -1 : 1;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

static int
damaged(struct err *e, int64_t s, const char *what)
{
    log_msg("hist: damaged %s of series %lld", what, (long long)s);
    return err_set(e, ERR_INTERNAL, "", "err_db_corrupt", NULL, NULL);
}

/* Stores one encoded blob with a cached statement: (?1..?4 integers
 * already bound by the caller) ?5 = blob. */
static int
put_blob(struct hist_part *p, sqlite3_stmt *st, const void *data, size_t len,
         struct err *e, const char *what)
{
    if (sqlite3_bind_blob(st, 5, data, (int)len, SQLITE_STATIC) != SQLITE_OK)
        return hist_part_fail(p, e, what);
    return hist_part_run(p, st, e, what);
}

/* The 5 min points of a chunk (all in one hour window) into pts. */
static int
points_5m(const struct hist_sealed *sl, struct hist_agg *pts, size_t *np,
          struct err *e)
{
    struct hist_dec d;
    int64_t ts, q;
    int rc;

    *np = 0;
    hist_dec_init(&d, sl->buf, sl->len);
    while ((rc = hist_dec_next(&d, &ts, &q)) == 1) {
        int64_t b = hist_floor(ts, 300);
        if (*np == 0 || pts[*np - 1].ts != b) {
            if (*np == M5_PER_HOUR)
                return damaged(e, sl->s, "chunk");
            memset(&pts[*np], 0, sizeof pts[0]);
            pts[(*np)++].ts = b;
        }
        hist_agg_add(&pts[*np - 1], q);
    }
    return rc < 0 ? damaged(e, sl->s, "chunk") : 0;
}

/* Merges every 5 min point stored for (w, s) into *hour: exact whatever
 * the number of chunks in the hour, and the same if done twice. */
static int
hour_from_5m(struct hist_part *p, int64_t w, int64_t s, struct hist_agg *hour,
             struct err *e)
{
    sqlite3_stmt *st = hist_part_stmt(p, SQL_ROLL5_OF_HOUR, e);
    struct hist_pdec d;
    struct hist_agg a;
    int rc;

    if (st == NULL)
        return -1;
    memset(hour, 0, sizeof *hour);
    hour->ts = w;
    sqlite3_bind_int64(st, 1, w);
    sqlite3_bind_int64(st, 2, s);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        hist_pdec_init(&d, sqlite3_column_blob(st, 0),
                       (size_t)sqlite3_column_bytes(st, 0), 300);
        while ((rc = hist_pdec_next(&d, &a)) == 1)
            hist_agg_merge(hour, &a);
        if (rc < 0) {
            sqlite3_reset(st);
            return damaged(e, s, "5 min roll-up");
        }
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : hist_part_fail(p, e, "roll-up read");
}

/* Replaces the point of hour->ts in the series' 1 h row of the day. */
static int
put_hour(struct hist_part *p, int64_t s, const struct hist_agg *hour,
         struct err *e)
{
    struct hist_agg pts[HOURS_PER_DAY + 1];
    unsigned char buf[(HOURS_PER_DAY + 1) * HIST_POINT_MAX];
    sqlite3_stmt *st = hist_part_stmt(p, SQL_ROLL1H_GET, e);
    struct hist_pdec d;
    struct hist_agg a;
    size_t np = 0, len;
    int rc, placed = 0;

    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, s);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        hist_pdec_init(&d, sqlite3_column_blob(st, 0),
                       (size_t)sqlite3_column_bytes(st, 0), 3600);
        while ((rc = hist_pdec_next(&d, &a)) == 1 && np < HOURS_PER_DAY) {
            if (!placed && a.ts >= hour->ts) {
                pts[np++] = *hour;
                placed = 1;
            }
            if (a.ts != hour->ts)
                pts[np++] = a;
        }
        if (rc < 0)
            log_msg("hist: 1 h roll-up of series %lld rebuilt", (long long)s);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return hist_part_fail(p, e, "roll-up read");
    if (!placed)
        pts[np++] = *hour;
    len = hist_points_encode(pts, np, 3600, buf);
    if ((st = hist_part_stmt(p, SQL_ROLL1H_PUT, e)) == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, s);
    return put_blob(p, st, buf, len, e, "1 h roll-up");
}

/* One sealed chunk: the chunk, its 5 min row and the 1 h point of its
 * hour. */
static int
write_chunk(struct hist_part *p, const struct hist_sealed *sl, struct err *e)
{
    struct hist_agg pts[M5_PER_HOUR], hour;
    unsigned char buf[M5_PER_HOUR * HIST_POINT_MAX];
    int64_t w = hist_floor(sl->t0, HIST_CHUNK_SECONDS);
    sqlite3_stmt *st;
    size_t np, len;

    if ((st = hist_part_stmt(p, SQL_CHUNK_PUT, e)) == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, w);
    sqlite3_bind_int64(st, 2, sl->s);
    sqlite3_bind_int64(st, 3, sl->t0);
    sqlite3_bind_int64(st, 4, sl->n);
    if (put_blob(p, st, sl->buf, sl->len, e, "chunk") < 0)
        return -1;
    if (points_5m(sl, pts, &np, e) < 0)
        return -1;
    len = hist_points_encode(pts, np, 300, buf);
    if ((st = hist_part_stmt(p, SQL_ROLL5_PUT, e)) == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, w);
    sqlite3_bind_int64(st, 2, sl->s);
    sqlite3_bind_int64(st, 3, sl->t0);
    if (put_blob(p, st, buf, len, e, "5 min roll-up") < 0 ||
        hour_from_5m(p, w, sl->s, &hour, e) < 0 ||
        put_hour(p, sl->s, &hour, e) < 0)
        return -1;
    return 0;
}

/* Writes v[0..n), all of one day, in one transaction. */
static int
write_day(struct hist *h, int64_t day, const struct hist_sealed *v, size_t n,
          struct err *e)
{
    struct hist_part *p;
    sqlite3_stmt *st;
    int64_t samples = 0;

    if (hist_part_begin(h, day, &p, e) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (write_chunk(p, &v[i], e) < 0)
            goto fail;
        samples += v[i].n;
    }
    if ((st = hist_part_stmt(p, SQL_SAMPLES_ADD, e)) == NULL)
        goto fail;
    sqlite3_bind_int64(st, 1, samples);
    if (hist_part_run(p, st, e, "samples") < 0)
        goto fail;
    return hist_part_commit(p, e);
fail:
    hist_part_rollback(p);
    return -1;
}

int
hist_write_batch(struct hist *h, struct err *e)
{
    size_t i = 0, j = 0;

    /* A chunk of a day already retired would recreate its file. */
    for (size_t k = 0; k < h->nbatch; k++) {
        if (h->batch[k].t0 >= h->retired_before) {
            h->batch[j++] = h->batch[k];
            continue;
        }
        h->dropped += h->batch[k].n;
        h->buf_bytes -= h->batch[k].cap;
        free(h->batch[k].buf);
    }
    h->nbatch = j;
    hist_sort(h->batch, h->nbatch, sizeof *h->batch, sealed_cmp);
    while (i < h->nbatch) {
        int64_t day = hist_floor(h->batch[i].t0, HIST_PARTITION_SECONDS);
        for (j = i; j < h->nbatch &&
                    hist_floor(h->batch[j].t0, HIST_PARTITION_SECONDS) == day;
             j++)
            ;
        if (write_day(h, day, &h->batch[i], j - i, e) < 0) {
            memmove(h->batch, &h->batch[i], (h->nbatch - i) * sizeof *h->batch);
            h->nbatch -= i;
            return -1;
        }
        for (; i < j; i++) {
            h->buf_bytes -= h->batch[i].cap;
            free(h->batch[i].buf);
        }
    }
    h->nbatch = 0;
    return 0;
}
