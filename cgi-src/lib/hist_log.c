/* hist_log.c — the log of the open chunks (tables seg0 and seg1, see
 * hist_int.h): a flush appends one row per server with the bytes its
 * series' chunks gained (the last bytes of the chunks sealed since, under
 * a flush number of their own, then those of the open chunks), after
 * which memory keeps only each chunk's encoder state; it empties the
 * tables no open or unwritten chunk needs; a writer that opens rebuilds
 * its open chunks' state from them (decoding, keeping no bytes).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "hist_int.h"
#include "log.h"

/* A chunk with bytes not yet logged: an open one (hd) or a sealed one
 * waiting in the batch (sl). */
struct dirty {
    int64_t day;
    int table;
    int64_t s, t0;
    struct hist_head *hd;
    struct hist_sealed *sl;
};

/* The entry of series s's chunk starting at t0 (one of hd, sl is set):
 * its day and segment table follow from t0. */
static struct dirty
dirty_at(int64_t s, int64_t t0, struct hist_head *hd, struct hist_sealed *sl)
{
    return (struct dirty){hist_floor(t0, HIST_PARTITION_SECONDS),
                          hist_seg_table(t0),
                          s,
                          t0,
                          hd,
                          sl};
}

static int
dirty_cmp(const void *a, const void *b)
{
    const struct dirty *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->table != y->table)
        return x->table - y->table;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    /* a series' chunks in time order within a row (two sealed ones of
     * the same hour): readers concatenate parts in order */
    return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

static void
seg_day_add(struct hist *h, int64_t day)
{
    for (size_t i = 0; i < h->nseg_days; i++)
        if (h->seg_days[i] == day)
            return;
    /* More than 8 days with open chunks cannot happen with live data;
     * if it does, that day's old segments wait for the next open. */
    if (h->nseg_days < sizeof h->seg_days / sizeof h->seg_days[0])
        h->seg_days[h->nseg_days++] = day;
}

/* The bytes of d not yet logged. */
static size_t
tail_len(const struct dirty *d)
{
    return d->hd ? d->hd->len : d->sl->len - d->sl->saved_len;
}

/* A buffer of at least need bytes in *row (capacity *cap). 0 or -1. */
static int
row_room(unsigned char **row, size_t *cap, size_t need)
{
    unsigned char *b;

    if (need <= *cap)
        return 0;
    if ((b = realloc(*row, need)) == NULL)
        return -1;
    *row = b;
    *cap = need;
    return 0;
}

/* Writes one segment row: the new bytes of the dirty chunks v[0..n) (one
 * server, one table of one day). */
static int
put_segment(struct hist *h, struct hist_part *p, const struct dirty *v,
            size_t n, unsigned char **row, size_t *rowcap, struct err *e)
{
    sqlite3_stmt *st =
        hist_part_stmt(p, v[0].table ? SQL_SEG_PUT1 : SQL_SEG_PUT0, e);
    size_t len = 0, need = 0;

    if (st == NULL)
        return -1;
    for (size_t k = 0; k < n; k++)
        need += 3 * HIST_VARINT_MAX + tail_len(&v[k]);
    if (row_room(row, rowcap, need) < 0)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    for (size_t k = 0; k < n; k++) {
        const unsigned char *tail = v[k].hd ? v[k].hd->buf : v[k].sl->buf;
        len += hist_seg_put(*row + len, hist_series_metric(v[k].s),
                            v[k].t0 - v[k].day, tail, tail_len(&v[k]));
    }
    sqlite3_bind_int64(st, 1, h->seq);
    sqlite3_bind_int64(st, 2, v[0].s / 16);
    if (sqlite3_bind_blob(st, 3, *row, (int)len, SQLITE_STATIC) != SQLITE_OK)
        return hist_part_fail(p, e, "segment");
    return hist_part_run(p, st, e, "segment");
}

/* The tail of a chunk is logged: memory keeps only its state. */
static void
logged(struct hist *h, const struct dirty *d)
{
    if (d->hd != NULL) {
        struct hist_head *hd = d->hd;
        if (hd->first_seq == 0)
            hd->first_seq = h->seq;
        hd->saved_len += hd->len;
        hd->saved_n = hd->enc.n;
        h->buf_bytes -= hd->cap;
        free(hd->buf);
        hd->buf = NULL;
        hd->len = hd->cap = 0;
    } else {
        struct hist_sealed *sl = d->sl;
        if (sl->first_seq == 0)
            sl->first_seq = h->seq;
        sl->saved_len = sl->len;
        h->buf_bytes -= sl->cap;
        free(sl->buf);
        sl->buf = NULL;
        sl->cap = 0;
    }
}

/* Appends segments numbered h->seq for v[0..n) (one day) in one
 * transaction. */
static int
write_day_segments(struct hist *h, struct dirty *v, size_t n,
                   unsigned char **row, size_t *rowcap, struct err *e)
{
    struct hist_part *p;
    size_t i, j;

    if (hist_part_begin(h, v[0].day, &p, e) < 0)
        return -1;
    for (i = 0; i < n; i = j) {
        for (j = i;
             j < n && v[j].table == v[i].table && v[j].s / 16 == v[i].s / 16;
             j++)
            ;
        if (put_segment(h, p, &v[i], j - i, row, rowcap, e) < 0) {
            hist_part_rollback(p);
            return -1;
        }
    }
    if (hist_part_commit(p, e) < 0)
        return -1;
    seg_day_add(h, v[0].day);
    for (i = 0; i < n; i++)
        logged(h, &v[i]);
    return 0;
}

/* Whether an open or unwritten chunk of (day, table) has segments. */
static int
seg_needed(const struct hist *h, int64_t day, int table)
{
    for (size_t k = 0; k < h->nheads; k++) {
        const struct hist_head *hd = &h->heads[k];
        if (hd->enc.n > 0 && hd->first_seq != 0 &&
            hist_floor(hd->t0, HIST_PARTITION_SECONDS) == day &&
            hist_seg_table(hd->t0) == table)
            return 1;
    }
    for (size_t k = 0; k < h->nbatch; k++) {
        const struct hist_sealed *sl = &h->batch[k];
        if (sl->first_seq != 0 &&
            hist_floor(sl->t0, HIST_PARTITION_SECONDS) == day &&
            hist_seg_table(sl->t0) == table)
            return 1;
    }
    return 0;
}

int
hist_trim_segments(struct hist *h, struct err *e)
{
    size_t i = 0;

    while (i < h->nseg_days) {
        int64_t day = h->seg_days[i];
        int live = 0;
        struct hist_part *p = NULL;
        for (int t = 0; t < 2; t++) {
            sqlite3_stmt *st;
            if (seg_needed(h, day, t)) {
                live = 1;
                continue;
            }
            if (p == NULL &&
                (p = hist_part_get(h, day, HIST_KIND_RAW, 0, e)) == NULL) {
                if (e->code != ERR_OK)
                    return -1;
                break; /* the file is gone (retired) */
            }
            if ((st = hist_part_stmt(p, t ? SQL_SEG_CLEAR1 : SQL_SEG_CLEAR0,
                                     e)) == NULL ||
                hist_part_run(p, st, e, "segment clear") < 0)
                return -1;
        }
        if (live)
            i++;
        else
            h->seg_days[i] = h->seg_days[--h->nseg_days];
    }
    return 0;
}

int
hist_write_segments(struct hist *h, struct err *e)
{
    struct dirty *v;
    unsigned char *row = NULL;
    size_t n = 0, i = 0, j, rowcap = 0;
    int rc = 0;

    /* Two numbers when chunks were sealed since the last flush: first
     * the tails of the sealed chunks, then the open ones, so that a
     * series' chunks follow each other in flush order. */
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        n = i = 0;
        if (pass == 0)
            for (size_t k = 0; k < h->nbatch; k++)
                n += h->batch[k].len > h->batch[k].saved_len;
        else
            for (size_t k = 0; k < h->nheads; k++)
                n += h->heads[k].len > 0;
        if (n == 0)
            continue;
        if ((v = malloc(n * sizeof *v)) == NULL) {
            rc = err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
            break;
        }
        n = 0;
        for (size_t k = 0; pass == 0 && k < h->nbatch; k++) {
            struct hist_sealed *sl = &h->batch[k];
            if (sl->len > sl->saved_len)
                v[n++] = dirty_at(sl->s, sl->t0, NULL, sl);
        }
        for (size_t k = 0; pass == 1 && k < h->nheads; k++) {
            struct hist_head *hd = &h->heads[k];
            if (hd->len > 0)
                v[n++] = dirty_at(hd->s, hd->t0, hd, NULL);
        }
        /* In key order: a flush appends at the end of the b-tree. */
        hist_sort(v, n, sizeof *v, dirty_cmp);
        for (; i < n && rc == 0; i = j) {
            for (j = i; j < n && v[j].day == v[i].day; j++)
                ;
            rc = write_day_segments(h, &v[i], j - i, &row, &rowcap, e);
        }
        free(v);
        h->seq++;
    }
    free(row);
    return rc < 0 ? -1 : hist_trim_segments(h, e);
}

/* 1 when the chunk (s, t0) was written (its segments are only waiting
 * to be trimmed), 0 if not, -1 with *e set. */
static int
chunk_written(struct hist *h, int64_t s, int64_t t0, struct err *e)
{
    struct hist_part *p = hist_part_get(
        h, hist_floor(t0, HIST_PARTITION_SECONDS), HIST_KIND_RAW, 0, e);
    sqlite3_stmt *st;
    int rc;

    if (p == NULL || (st = hist_part_stmt(p, SQL_CHUNK_HAS, e)) == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, hist_floor(t0, HIST_CHUNK_SECONDS));
    sqlite3_bind_int64(st, 2, s);
    sqlite3_bind_int64(st, 3, t0);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return hist_part_fail(p, e, "chunk lookup");
    return rc == SQLITE_ROW;
}

/* Which heads are loading a chunk from the segments (by head index):
 * their enc is the decoder's state after the parts read so far,
 * saved_len the bytes read, first_seq -1 when a part was damaged. */
struct loader {
    unsigned char *on;
    size_t n;
};

/* Lets the chunk being loaded go (written meanwhile, or damaged). The
 * series keeps its last timestamp. */
static void
drop_loaded(struct hist_head *hd)
{
    if (hd->enc.ts < hd->t0)
        hd->enc.ts = hd->t0;
    hd->enc.n = 0;
    hd->first_seq = 0;
    hd->saved_len = hd->saved_n = 0;
    hd->t0 = 0;
}

/* Makes the loaded chunk of head k the series' open chunk, or drops it
 * when it was written meanwhile or did not decode. */
static int
finish_loaded(struct hist *h, struct loader *ld, size_t k, struct err *e)
{
    struct hist_head *hd = &h->heads[k];
    int written;

    if (k >= ld->n || !ld->on[k])
        return 0; /* nothing loading */
    ld->on[k] = 0;
    if (hd->first_seq < 0 || hd->enc.n == 0) {
        log_msg("hist: damaged segments of series %lld ignored",
                (long long)hd->s);
        drop_loaded(hd);
        return 0;
    }
    if (hd->enc.ts > h->newest)
        h->newest = hd->enc.ts;
    if ((written = chunk_written(h, hd->s, hd->t0, e)) < 0)
        return -1;
    if (written) {
        drop_loaded(hd);
        return 0;
    }
    hd->saved_n = hd->enc.n;
    return 0;
}

/* Adds one series' part of a segment row to its head: decodes it on from
 * the state of the parts before (parts end on sample boundaries), keeping
 * no bytes. */
static int
load_part(struct hist *h, struct loader *ld, int64_t seq, int64_t s, int64_t t0,
          const unsigned char *data, size_t len, struct err *e)
{
    struct hist_head *hd = hist_head_get(h, s, e);
    struct hist_dec d;
    int64_t ts, q;
    size_t k;
    int rc;

    if (hd == NULL)
        return -1;
    k = (size_t)(hd - h->heads);
    if (k >= ld->n) {
        size_t n = ld->n ? ld->n * 2 : 1024;
        unsigned char *on;
        while (n <= k)
            n *= 2;
        if ((on = realloc(ld->on, n)) == NULL)
            return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
        memset(on + ld->n, 0, n - ld->n);
        ld->on = on;
        ld->n = n;
    }
    if (ld->on[k] && hd->t0 != t0) {
        /* the segments of the series' previous chunk are all read */
        if (finish_loaded(h, ld, k, e) < 0)
            return -1;
        hd = &h->heads[k];
        if (hd->enc.n > 0 && hist_head_seal(h, hd, e) < 0)
            return -1;
    }
    if (!ld->on[k]) {
        ld->on[k] = 1;
        memset(&hd->enc, 0, sizeof hd->enc);
        hd->t0 = t0;
        hd->first_seq = seq;
        hd->saved_len = hd->saved_n = 0;
    }
    if (hd->first_seq < 0)
        return 0;
    hist_dec_init(&d, data, len);
    d.st = hd->enc;
    while ((rc = hist_dec_next(&d, &ts, &q)) == 1)
        ;
    if (rc < 0 || hd->saved_len + len > HIST_CHUNK_MAX_BYTES) {
        hd->first_seq = -1;
        return 0;
    }
    hd->enc = d.st;
    hd->saved_len += (uint32_t)len;
    return 0;
}

/* Adds every series' part of one segment row. */
static int
load_row(struct hist *h, struct loader *ld, int64_t day, sqlite3_stmt *st,
         struct err *e)
{
    int64_t seq = sqlite3_column_int64(st, 0);
    int64_t rid = sqlite3_column_int64(st, 1);
    struct hist_seg_walk w = hist_seg_walk_col(st, 2);
    struct hist_seg_part pt;
    int rc;

    if (seq >= h->seq)
        h->seq = seq + 1;
    if (rid < 1 || rid > HIST_RID_MAX)
        return 0;
    while ((rc = hist_seg_next(&w, &pt)) == 1)
        if (load_part(h, ld, seq, hist_series(rid, pt.m), day + pt.t0_off,
                      pt.data, pt.len, e) < 0)
            return -1;
    if (rc < 0)
        log_msg("hist: damaged segment %lld of server %lld ignored",
                (long long)seq, (long long)rid);
    return 0;
}

/* Streams every segment of one raw day, in key (flush) order, into the
 * heads. The partition is pinned: sealing may write other days. */
static int
load_day(struct hist *h, struct loader *ld, int64_t day, struct err *e)
{
    struct hist_part *p = hist_part_get(h, day, HIST_KIND_RAW, 0, e);
    sqlite3_stmt *st;
    int rc, ret = 0, any = 0;

    if (p == NULL)
        return e->code == ERR_OK ? 0 : -1;
    if ((st = hist_part_stmt(p, SQL_SEG_ALL, e)) == NULL)
        return -1;
    p->pinned = 1;
    while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        ret = load_row(h, ld, day, st, e);
        any = 1;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = hist_part_fail(p, e, "segment read");
    sqlite3_reset(st);
    p->pinned = 0;
    if (any)
        seg_day_add(h, day);
    return ret;
}

int
hist_load_segments(struct hist *h, struct err *e)
{
    struct hist_file *files;
    struct loader ld = {0};
    size_t nfiles;
    int rc = 0;

    h->seq = 1;
    if (hist_part_list(h, &files, &nfiles, e) < 0)
        return -1;
    for (size_t i = 0; i < nfiles && rc == 0; i++)
        if (files[i].kind == HIST_KIND_RAW)
            rc = load_day(h, &ld, files[i].day, e);
    free(files);
    for (size_t k = 0; k < h->nheads && rc == 0; k++)
        rc = finish_loaded(h, &ld, k, e);
    free(ld.on);
    h->flushed_at = h->newest;
    return rc;
}
