/* buf.h — a growable byte buffer with a mandatory maximum (after curl's
 * dynbuf). SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_BUF_H
#define UC_BUF_H

#include <stddef.h>

struct buf {
    char *p;
    size_t len;
    size_t cap;
    size_t max; /* adds that would exceed this fail with -1 */
};

/* Empty buffer that will never hold more than max bytes (plus the NUL). */
void buf_init(struct buf *b, size_t max);

/* Each add returns 0, or -1 (buffer unchanged) on overflow of max or OOM. */
int buf_add(struct buf *b, const char *s);
int buf_addn(struct buf *b, const char *s, size_t n);
/* Room for n more bytes and a NUL without growing again; 0 or -1. */
int buf_reserve(struct buf *b, size_t n);
int buf_addc(struct buf *b, char c);
int buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* NUL-terminated contents; "" for an empty buffer, never NULL. Borrowed. */
const char *buf_cstr(const struct buf *b);

/* Drops the contents, keeps the allocation. */
void buf_reset(struct buf *b);

/* Frees the storage; the buffer is then empty and reusable. NULL-safe. */
void buf_free(struct buf *b);

#endif
