/* hist_codec.c — the history's encodings: varints, value quantisation, raw
 * chunks (delta-of-delta timestamps, value deltas) and roll-up points.
 * Formats are described in hist_int.h. All arithmetic on deltas is done
 * on uint64_t so that any pair of int64_t values round-trips without
 * overflow.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <string.h>

#include "hist_int.h"

#define QUANT_LIMIT ((int64_t)1 << 50)

static const double SCALE[] = {1.0, 10.0, 100.0, 1000.0};

static size_t
put_varint(unsigned char *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

/* 0, or -1 when the varint is truncated or longer than 10 bytes. */
static int
get_varint(const unsigned char **pp, const unsigned char *end, uint64_t *v)
{
    const unsigned char *p = *pp;
    uint64_t r = 0;

    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (p == end)
            return -1;
        r |= (uint64_t)(*p & 0x7f) << shift;
        if ((*p++ & 0x80) == 0) {
            *v = r;
            *pp = p;
            return 0;
        }
    }
    return -1;
}

static uint64_t
zigzag(uint64_t v) /* v holds an int64_t's bits */
{
    return (v << 1) ^ (uint64_t) - (int64_t)(v >> 63);
}

static uint64_t
unzigzag(uint64_t v)
{
    return (v >> 1) ^ (uint64_t) - (int64_t)(v & 1);
}

static uint64_t
sub(int64_t a, int64_t b)
{
    return (uint64_t)a - (uint64_t)b;
}

static int64_t
add(int64_t a, uint64_t d)
{
    return (int64_t)((uint64_t)a + d);
}

int
hist_quantise(enum hist_metric m, double value, int64_t *q)
{
    int dec = hist_metric_decimals(m);
    double x;

    if (dec < 0 || !isfinite(value))
        return -1;
    x = value * SCALE[dec];
    if (!(x > -(double)QUANT_LIMIT && x < (double)QUANT_LIMIT))
        return -1;
    /* Rounds half away from zero without libm: below 2^50 the fraction
     * x - trunc(x) is exact. */
    *q = (int64_t)x;
    if (x - (double)*q >= 0.5)
        (*q)++;
    else if (x - (double)*q <= -0.5)
        (*q)--;
    if (*q <= -QUANT_LIMIT || *q >= QUANT_LIMIT)
        return -1;
    return 0;
}

double
hist_scale(enum hist_metric m)
{
    int dec = hist_metric_decimals(m);
    return SCALE[dec < 0 ? 0 : dec];
}

double
hist_unquantise(enum hist_metric m, int64_t q)
{
    /* Dividing (not multiplying by 0.01) gives the double nearest to the
     * decimal, so 42.17 comes back as the same double as the literal. */
    return (double)q / hist_scale(m);
}

size_t
hist_enc_sample(struct hist_enc *st, int64_t ts, int64_t q, unsigned char *out)
{
    size_t n;

    if (st->n == 0) {
        n = put_varint(out, (uint64_t)ts);
        n += put_varint(out + n, zigzag((uint64_t)q));
        st->delta = 0;
    } else {
        int64_t delta = (int64_t)sub(ts, st->ts);
        uint64_t dod = sub(delta, st->delta);
        uint64_t dq = zigzag(sub(q, st->q));
        /* The flag takes the low bit; a dq past 2^63 cannot occur because
         * |q| < 2^50 on both sides. */
        n = put_varint(out, dq << 1 | (dod != 0));
        if (dod != 0)
            n += put_varint(out + n, zigzag(dod));
        st->delta = delta;
    }
    st->ts = ts;
    st->q = q;
    st->n++;
    return n;
}

void
hist_dec_init(struct hist_dec *d, const void *data, size_t len)
{
    memset(d, 0, sizeof *d);
    d->p = data;
    d->end = d->p + len;
}

int
hist_dec_next(struct hist_dec *d, int64_t *ts, int64_t *q)
{
    uint64_t a, b;

    if (d->p == d->end)
        return 0;
    if (get_varint(&d->p, d->end, &a) < 0)
        return -1;
    if (d->st.n == 0) {
        if (get_varint(&d->p, d->end, &b) < 0 || a == 0 || a > INT64_MAX)
            return -1;
        d->st.ts = (int64_t)a;
        d->st.q = (int64_t)unzigzag(b);
        d->st.delta = 0;
    } else {
        uint64_t dod = 0;
        if ((a & 1) && get_varint(&d->p, d->end, &dod) < 0)
            return -1;
        d->st.delta = add(d->st.delta, unzigzag(dod));
        if (d->st.delta <= 0 || d->st.ts > INT64_MAX - d->st.delta)
            return -1;
        d->st.ts += d->st.delta;
        d->st.q = add(d->st.q, unzigzag(a >> 1));
    }
    d->st.n++;
    *ts = d->st.ts;
    *q = d->st.q;
    return 1;
}

int
hist_dec_state(const void *data, size_t len, struct hist_enc *st)
{
    struct hist_dec d;
    int64_t ts, q;
    int rc;

    hist_dec_init(&d, data, len);
    while ((rc = hist_dec_next(&d, &ts, &q)) == 1)
        ;
    if (rc < 0 || d.st.n == 0)
        return -1;
    *st = d.st;
    return 0;
}

void
hist_agg_add(struct hist_agg *a, int64_t q)
{
    if (a->n == 0) {
        a->min = a->max = a->sum = a->last = q;
        a->n = 1;
        return;
    }
    if (q < a->min)
        a->min = q;
    if (q > a->max)
        a->max = q;
    a->sum += q;
    a->last = q;
    a->n++;
}

void
hist_agg_merge(struct hist_agg *a, const struct hist_agg *b)
{
    if (b->n == 0)
        return;
    if (a->n == 0) {
        int64_t ts = a->ts;
        *a = *b;
        a->ts = ts;
        return;
    }
    if (b->min < a->min)
        a->min = b->min;
    if (b->max > a->max)
        a->max = b->max;
    a->sum += b->sum;
    a->last = b->last;
    a->n += b->n;
}

size_t
hist_points_encode(const struct hist_agg *pts, size_t n, int64_t width,
                   unsigned char *out)
{
    size_t len = 0;
    int64_t bucket = 0, last = 0;

    for (size_t i = 0; i < n; i++) {
        const struct hist_agg *a = &pts[i];
        int64_t b = a->ts / width;
        len += put_varint(out + len, sub(b, bucket));
        len += put_varint(out + len, a->n);
        len += put_varint(out + len, zigzag(sub(a->min, last)));
        len += put_varint(out + len, sub(a->max, a->min));
        len += put_varint(out + len, sub(a->last, a->min));
        len += put_varint(out + len,
                          sub(a->sum, (int64_t)((uint64_t)a->min * a->n)));
        bucket = b;
        last = a->last;
    }
    return len;
}

void
hist_pdec_init(struct hist_pdec *d, const void *data, size_t len, int64_t width)
{
    memset(d, 0, sizeof *d);
    d->p = data;
    d->end = d->p + len;
    d->width = width;
}

int
hist_pdec_next(struct hist_pdec *d, struct hist_agg *a)
{
    uint64_t v[6];

    if (d->p == d->end)
        return 0;
    for (size_t i = 0; i < 6; i++)
        if (get_varint(&d->p, d->end, &v[i]) < 0)
            return -1;
    if ((d->started && v[0] == 0) || v[1] == 0 || v[1] > UINT32_MAX)
        return -1; /* buckets must increase and hold samples */
    d->bucket = add(d->bucket, v[0]);
    if (d->bucket <= 0 || d->bucket > INT64_MAX / d->width)
        return -1;
    d->started = 1;
    a->ts = d->bucket * d->width;
    a->n = (uint32_t)v[1];
    a->min = add(d->last, unzigzag(v[2]));
    a->max = add(a->min, v[3]);
    a->last = add(a->min, v[4]);
    a->sum = add((int64_t)((uint64_t)a->min * a->n), v[5]);
    d->last = a->last;
    return 1;
}

size_t
hist_seg_put(unsigned char *out, enum hist_metric m, int64_t t0_off,
             const unsigned char *data, size_t len)
{
    size_t n = put_varint(out, (uint64_t)m);
    n += put_varint(out + n, (uint64_t)t0_off);
    n += put_varint(out + n, len);
    memcpy(out + n, data, len);
    return n + len;
}

int
hist_seg_next(struct hist_seg_walk *w, struct hist_seg_part *out)
{
    uint64_t v[3];

    if (w->p == w->end)
        return 0;
    for (size_t i = 0; i < 3; i++)
        if (get_varint(&w->p, w->end, &v[i]) < 0)
            return -1;
    if (v[0] >= HIST_METRIC__MAX || v[1] >= HIST_PARTITION_SECONDS ||
        v[2] > (uint64_t)(w->end - w->p))
        return -1;
    out->m = (enum hist_metric)v[0];
    out->t0_off = (int64_t)v[1];
    out->data = w->p;
    out->len = (size_t)v[2];
    w->p += v[2];
    return 1;
}
