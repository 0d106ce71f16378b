/* hist_head.c — the writer's in-memory heads: the series index, appending
 * a sample to its series' open chunk, and sealing chunks into the batch.
 * Memory per series: one struct hist_head (80 bytes) and a slot of the
 * index (4 bytes, kept at most half full); between two flushes also the
 * tail of its open chunk (the bytes not yet logged, a few per sample).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "hist_int.h"

/* Latest timestamp accepted: the last second of year 9999. */
#define TS_MAX ((int64_t)253402300799)

/* The series of one server hash next to each other (a block of 16 slots
 * per server, probed linearly): the daemon appends a server's metrics
 * together, and they then share a cache line of the index. */
static size_t
slot_of(int64_t s, size_t nslots)
{
    uint64_t block = ((uint64_t)(s / 16) * 0x9E3779B97F4A7C15ULL) >> 32;
    return (size_t)(block * 16 + (uint64_t)(s % 16)) & (nslots - 1);
}

struct hist_head *
hist_head_find(struct hist *h, int64_t s)
{
    if (h->nslots == 0)
        return NULL;
    for (size_t i = slot_of(s, h->nslots);; i = (i + 1) & (h->nslots - 1)) {
        uint32_t v = h->slots[i];
        if (v == 0)
            return NULL;
        if (h->heads[v - 1].s == s)
            return &h->heads[v - 1];
    }
}

/* Rebuilds the index at twice the size. */
static int
grow_index(struct hist *h)
{
    size_t n = h->nslots ? h->nslots * 2 : 1024;
    uint32_t *slots = calloc(n, sizeof *slots);

    if (slots == NULL)
        return -1;
    for (size_t k = 0; k < h->nheads; k++) {
        size_t i = slot_of(h->heads[k].s, n);
        while (slots[i] != 0)
            i = (i + 1) & (n - 1);
        slots[i] = (uint32_t)(k + 1);
    }
    free(h->slots);
    h->slots = slots;
    h->nslots = n;
    return 0;
}

struct hist_head *
hist_head_get(struct hist *h, int64_t s, struct err *e)
{
    struct hist_head *hd = hist_head_find(h, s);
    size_t i;

    if (hd != NULL)
        return hd;
    if (h->nheads >= h->max_series) {
        err_set(e, ERR_TOO_LARGE, "server", "err_hist_series_limit", NULL,
                NULL);
        return NULL;
    }
    if ((h->nheads + 1) * 2 > h->nslots && grow_index(h) < 0)
        goto oom;
    if (h->nheads == h->capheads) {
        size_t cap = h->capheads ? h->capheads * 2 : 1024;
        struct hist_head *v = realloc(h->heads, cap * sizeof *v);
        if (v == NULL)
            goto oom;
        h->heads = v;
        h->capheads = cap;
    }
    hd = &h->heads[h->nheads];
    memset(hd, 0, sizeof *hd);
    hd->s = s;
    for (i = slot_of(s, h->nslots); h->slots[i] != 0;
         i = (i + 1) & (h->nslots - 1))
        ;
    h->slots[i] = (uint32_t)++h->nheads;
    return hd;
oom:
    err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    return NULL;
}

int
hist_head_seal(struct hist *h, struct hist_head *hd, struct err *e)
{
    struct hist_sealed *sl;

    if (hd->enc.n == 0)
        return 0;
    if (h->nbatch == HIST_BATCH_MAX && hist_write_batch(h, 0, e) < 0)
        return -1;
    if (h->nbatch == h->capbatch) {
        size_t cap = h->capbatch ? h->capbatch * 2 : 1024;
        struct hist_sealed *v = realloc(h->batch, cap * sizeof *v);
        if (v == NULL)
            return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
        h->batch = v;
        h->capbatch = cap;
    }
    sl = &h->batch[h->nbatch++];
    sl->s = hd->s;
    sl->t0 = hd->t0;
    sl->n = hd->enc.n;
    sl->len = hd->saved_len + hd->len;
    sl->saved_len = hd->saved_len;
    sl->cap = hd->cap;
    sl->buf = hd->buf;
    sl->first_seq = hd->first_seq;
    hd->buf = NULL;
    hd->len = hd->cap = 0;
    hd->enc.n = 0; /* enc.ts stays: the series' last timestamp */
    hd->first_seq = 0;
    hd->saved_len = hd->saved_n = 0;
    hd->t0 = 0;
    return 0;
}

/* Room for one more sample in hd's tail. 0 or -1 (out of memory). */
static int
reserve(struct hist *h, struct hist_head *hd)
{
    uint32_t cap;
    unsigned char *b;

    if (hd->buf != NULL && hd->len + HIST_SAMPLE_MAX <= hd->cap)
        return 0;
    cap = hd->buf == NULL ? 2 * HIST_SAMPLE_MAX
                          : hd->cap + hd->cap / 2 + HIST_SAMPLE_MAX;
    if (cap > HIST_CHUNK_MAX_BYTES)
        cap = HIST_CHUNK_MAX_BYTES;
    if ((b = realloc(hd->buf, cap)) == NULL)
        return -1;
    h->buf_bytes += cap - (hd->buf ? hd->cap : 0);
    hd->buf = b;
    hd->cap = cap;
    return 0;
}

static int
check(int64_t rid, enum hist_metric m, int64_t ts, double value, int64_t *q,
      struct err *e)
{
    if (rid < 1 || rid > HIST_RID_MAX)
        return err_set(e, ERR_INVALID, "server", "err_out_of_range", "1",
                       "2^58");
    if ((unsigned)m >= HIST_METRIC__MAX)
        return err_set(e, ERR_INVALID, "metric", "err_hist_metric", NULL, NULL);
    if (ts < 1 || ts > TS_MAX)
        return err_set(e, ERR_INVALID, "ts", "err_out_of_range", "1",
                       "253402300799");
    if (hist_quantise(m, value, q) < 0)
        return err_set(e, ERR_INVALID, "value", "err_bad_number", NULL, NULL);
    return 0;
}

int
hist_append(struct hist *h, int64_t rid, enum hist_metric m, int64_t ts,
            double value, struct err *e)
{
    struct hist_head *hd;
    int64_t q;

    if (h->readonly)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    if (check(rid, m, ts, value, &q, e) < 0)
        return -1;
    if ((hd = hist_head_get(h, hist_series(rid, m), e)) == NULL)
        return -1;
    if ((hd->enc.ts != 0 && ts <= hd->enc.ts) || ts < h->retired_before) {
        h->dropped++;
        return 1;
    }
    if (hd->enc.n > 0 &&
        (hist_floor(ts, HIST_CHUNK_SECONDS) !=
             hist_floor(hd->t0, HIST_CHUNK_SECONDS) ||
         hd->saved_len + hd->len + HIST_SAMPLE_MAX > HIST_CHUNK_MAX_BYTES) &&
        hist_head_seal(h, hd, e) < 0)
        return -1;
    if (reserve(h, hd) < 0)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    if (hd->enc.n == 0)
        hd->t0 = ts;
    hd->len += (uint32_t)hist_enc_sample(&hd->enc, ts, q, hd->buf + hd->len);
    h->appended++;
    if (ts > h->newest)
        h->newest = ts;
    if (h->flushed_at == 0)
        h->flushed_at = ts;
    if (h->flush_seconds > 0 && h->newest - h->flushed_at >= h->flush_seconds)
        return hist_flush(h, e);
    return 0;
}
