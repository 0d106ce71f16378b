/* hist_seal.c — writing sealed chunks: their bytes rebuilt from the log
 * (one range of servers per 1 MiB of chunks) and the tail in memory, then
 * each with its 5 min roll-up row and its hour's point in the series' 1 h
 * row, a day's file in one transaction per batch (or per part of one), in
 * key order (window, series) so that a batch appends at the end of the
 * b-trees.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

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
points_5m(const struct hist_sealed *sl, const unsigned char *data,
          struct hist_agg *pts, size_t *np, struct err *e)
{
    struct hist_dec d;
    int64_t ts, q;
    int rc;

    *np = 0;
    hist_dec_init(&d, data, sl->len);
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

/* One sealed chunk (its bytes in data): the chunk, its 5 min row and the
 * 1 h point of its hour. */
static int
write_chunk(struct hist_part *p, const struct hist_sealed *sl,
            const unsigned char *data, struct err *e)
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
    if (put_blob(p, st, data, sl->len, e, "chunk") < 0)
        return -1;
    if (points_5m(sl, data, pts, &np, e) < 0)
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

/* The chunk of v[0..n) (sorted by sealed_cmp) with series s and first
 * sample t0, or -1. */
static ssize_t
find_sealed(const struct hist_sealed *v, size_t n, int64_t s, int64_t t0)
{
    struct hist_sealed key = {.s = s, .t0 = t0};
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = sealed_cmp(&v[mid], &key);
        if (c == 0)
            return (ssize_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Copies the logged bytes of the chunks v[0..n) of one table of day from
 * the segments: one range of servers, read from the first flush any of
 * them needs. got[i] counts the bytes found (UINT32_MAX: too many). */
static int
gather_table(struct hist_part *p, int64_t day, int table,
             const struct hist_sealed *v, size_t n, unsigned char **full,
             uint32_t *got, struct err *e)
{
    int64_t lo = INT64_MAX, hi = 0, from = INT64_MAX;
    sqlite3_stmt *st;
    int rc;

    for (size_t i = 0; i < n; i++)
        if (v[i].saved_len > 0 && hist_seg_table(v[i].t0) == table) {
            if (v[i].s / 16 < lo)
                lo = v[i].s / 16;
            if (v[i].s / 16 > hi)
                hi = v[i].s / 16;
            if (v[i].first_seq < from)
                from = v[i].first_seq;
        }
    if (hi == 0)
        return 0;
    st = hist_part_stmt(p, table ? SQL_SEG_RANGE1 : SQL_SEG_RANGE0, e);
    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, lo);
    sqlite3_bind_int64(st, 2, hi);
    sqlite3_bind_int64(st, 3, from);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(st, 0);
        int64_t rid = sqlite3_column_int64(st, 1);
        struct hist_seg_walk w = hist_seg_walk_col(st, 2);
        struct hist_seg_part pt;
        while (hist_seg_next(&w, &pt) == 1) {
            ssize_t i =
                find_sealed(v, n, hist_series(rid, pt.m), day + pt.t0_off);
            if (i < 0 || v[i].saved_len == 0 || seq < v[i].first_seq ||
                got[i] == UINT32_MAX)
                continue;
            if (got[i] + pt.len > v[i].saved_len) {
                got[i] = UINT32_MAX;
                continue;
            }
            memcpy(full[i] + got[i], pt.data, pt.len);
            got[i] += (uint32_t)pt.len;
        }
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : hist_part_fail(p, e, "segment read");
}

/* Writes the chunks v[0..n) of day: their bytes rebuilt into one buffer
 * (the logged part from the segments, then the tail), then each chunk
 * with its roll-ups. A chunk whose bytes do not add up or decode is
 * logged and dropped (*dropped += its samples). */
static int
write_group(struct hist_part *p, int64_t day, const struct hist_sealed *v,
            size_t n, int64_t *samples, int64_t *dropped, struct err *e)
{
    unsigned char *arena, **full;
    uint32_t *got;
    size_t bytes = 0;
    int rc = -1;

    for (size_t i = 0; i < n; i++)
        bytes += v[i].len;
    arena = malloc(bytes ? bytes : 1);
    full = malloc(n * sizeof *full);
    got = calloc(n, sizeof *got);
    if (arena == NULL || full == NULL || got == NULL) {
        err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
        goto out;
    }
    bytes = 0;
    for (size_t i = 0; i < n; i++) {
        full[i] = arena + bytes;
        bytes += v[i].len;
    }
    if (gather_table(p, day, 0, v, n, full, got, e) < 0 ||
        gather_table(p, day, 1, v, n, full, got, e) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        struct hist_enc st;
        if (got[i] == v[i].saved_len && v[i].len > v[i].saved_len)
            memcpy(full[i] + v[i].saved_len, v[i].buf,
                   v[i].len - v[i].saved_len);
        if (got[i] != v[i].saved_len ||
            hist_dec_state(full[i], v[i].len, &st) < 0 || st.n != v[i].n) {
            log_msg("hist: damaged segments of series %lld: chunk at %lld "
                    "dropped",
                    (long long)v[i].s, (long long)v[i].t0);
            *dropped += v[i].n;
            continue;
        }
        if (write_chunk(p, &v[i], full[i], e) < 0)
            goto out;
        *samples += v[i].n;
    }
    rc = 0;
out:
    free(arena);
    free(full);
    free(got);
    return rc;
}

/* Writes v[0..n), all of one day, in one transaction, in groups of at
 * most HIST_GATHER_BYTES of chunks (one read of the segments each). */
static int
write_day(struct hist *h, int64_t day, const struct hist_sealed *v, size_t n,
          struct err *e)
{
    struct hist_part *p;
    sqlite3_stmt *st;
    int64_t samples = 0, dropped = 0;
    size_t i = 0, j;

    if (hist_part_begin(h, day, &p, e) < 0)
        return -1;
    for (; i < n; i = j) {
        size_t bytes = v[i].len;
        for (j = i + 1; j < n && bytes + v[j].len <= HIST_GATHER_BYTES; j++)
            bytes += v[j].len;
        if (write_group(p, day, &v[i], j - i, &samples, &dropped, e) < 0)
            goto fail;
    }
    if ((st = hist_part_stmt(p, SQL_SAMPLES_ADD, e)) == NULL)
        goto fail;
    sqlite3_bind_int64(st, 1, samples);
    if (hist_part_run(p, st, e, "samples") < 0)
        goto fail;
    if (hist_part_commit(p, e) < 0)
        return -1;
    h->dropped += dropped;
    return 0;
fail:
    hist_part_rollback(p);
    return -1;
}

/* Frees the tail of a sealed chunk. */
static void
sealed_free(struct hist *h, struct hist_sealed *sl)
{
    h->buf_bytes -= sl->cap;
    free(sl->buf);
    sl->buf = NULL;
    sl->cap = 0;
}

int
hist_write_batch(struct hist *h, size_t max_bytes, struct err *e)
{
    size_t i = 0, j = 0, bytes = 0;
    int rc = 0;

    /* A chunk of a day already retired would recreate its file. */
    for (size_t k = 0; k < h->nbatch; k++) {
        if (h->batch[k].t0 >= h->retired_before) {
            h->batch[j++] = h->batch[k];
            continue;
        }
        h->dropped += h->batch[k].n;
        sealed_free(h, &h->batch[k]);
    }
    h->nbatch = j;
    hist_sort(h->batch, h->nbatch, sizeof *h->batch, sealed_cmp);
    /* One transaction per day, or per max_bytes of chunks of a day. */
    while (i < h->nbatch && (max_bytes == 0 || bytes < max_bytes)) {
        int64_t day = hist_floor(h->batch[i].t0, HIST_PARTITION_SECONDS);
        size_t part = 0;
        for (j = i; j < h->nbatch &&
                    hist_floor(h->batch[j].t0, HIST_PARTITION_SECONDS) == day &&
                    (max_bytes == 0 || part < max_bytes - bytes);
             j++)
            part += h->batch[j].len;
        if (write_day(h, day, &h->batch[i], j - i, e) < 0) {
            rc = -1; /* the chunks not committed stay in the batch */
            break;
        }
        bytes += part;
        for (; i < j; i++)
            sealed_free(h, &h->batch[i]);
    }
    memmove(h->batch, &h->batch[i], (h->nbatch - i) * sizeof *h->batch);
    h->nbatch -= i;
    if (h->nbatch == 0 && h->capbatch > 1024) {
        /* an hour's seals can be every series: give that back */
        free(h->batch);
        h->batch = NULL;
        h->capbatch = 0;
    }
    return rc;
}
