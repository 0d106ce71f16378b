/* fuzz_httpresp.c — libFuzzer target over the daemon's HTTP/1 response
 * reader (cgi-src/daemon/httpresp.c: what a hostile server's bytes meet).
 * The first input byte sets the body cap and the size of the pieces the
 * rest is fed in; the outcome must not depend on how the bytes were
 * split (fed whole, in pieces, one byte at a time), must name a reason
 * when it fails, and must keep the counted body within the cap.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cgi-src/daemon/httpresp.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct outcome {
    int rc; /* 1 complete, -1 broken, 0 still open at the end */
    int eof_rc;
    int status;
    long long bytes;
    const char *why;
};

/* Feeds text in pieces of step bytes (0: whole), then the end. */
static struct outcome
run(const char *text, size_t n, size_t step, long long max)
{
    struct hresp r;
    struct outcome o = {0, 0, 0, 0, NULL};
    size_t at = 0;

    hresp_init(&r, max);
    while (at < n && o.rc == 0) {
        size_t k = step == 0 || n - at < step ? n - at : step;
        o.rc = hresp_feed(&r, text + at, k, &o.why);
        at += k;
    }
    if (o.rc == 0)
        o.eof_rc = hresp_eof(&r, &o.why);
    o.status = r.status;
    o.bytes = r.bytes;
    if (r.bytes < 0 || r.bytes > max || (r.capped && r.bytes != max))
        abort();
    if ((o.rc < 0 || o.eof_rc < 0) && (o.why == NULL || o.why[0] == '\0'))
        abort();
    if ((o.rc > 0 || o.eof_rc > 0) && (r.status < 100 || r.status > 599))
        abort();
    return o;
}

static void
same(const struct outcome *a, const struct outcome *b)
{
    if (a->rc != b->rc || a->eof_rc != b->eof_rc || a->status != b->status ||
        a->bytes != b->bytes)
        abort();
    if ((a->why == NULL) != (b->why == NULL) ||
        (a->why != NULL && strcmp(a->why, b->why) != 0))
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    long long max = (long long)(data[0] & 0x0f) * 64; /* 0 .. 960 */
    size_t step = (size_t)(data[0] >> 4) + 1;         /* 1 .. 16 */
    const char *text = (const char *)data + 1;
    size_t n = size - 1;

    struct outcome whole = run(text, n, 0, max);
    struct outcome pieces = run(text, n, step, max);
    same(&whole, &pieces);
    if (n <= 4096) {
        struct outcome bytes = run(text, n, 1, max);
        same(&whole, &bytes);
    }
    return 0;
}
