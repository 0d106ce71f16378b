/* diagram_gzip.c — Accept-Encoding parsing and gzip through zlib (when the
 * build has it: UC_HAVE_ZLIB).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>
#include <strings.h>

#include "diagram_gzip.h"

#ifdef UC_HAVE_ZLIB
#include <stdint.h>
#include <zlib.h>
#endif

/* Is the q parameter in p[0..n) (";q=0.5") zero? Absent means 1. */
static int
q_is_zero(const char *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if ((p[i] != 'q' && p[i] != 'Q') || p[i + 1] != '=')
            continue;
        if (i > 0 && p[i - 1] != ';' && p[i - 1] != ' ' && p[i - 1] != '\t')
            continue;
        for (size_t j = i + 2; j < n; j++) {
            if (p[j] >= '1' && p[j] <= '9')
                return 0;
            if (p[j] != '0' && p[j] != '.')
                break;
        }
        return 1;
    }
    return 0;
}

int
diagram_gzip_accepted(const char *ae)
{
    while (ae != NULL && *ae != '\0') {
        size_t len = strcspn(ae, ",");
        const char *p = ae;
        size_t n = len;
        while (n > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            n--;
        }
        size_t name = 0;
        while (name < n && p[name] != ';' && p[name] != ' ' && p[name] != '\t')
            name++;
        int is_gzip = (name == 4 && strncasecmp(p, "gzip", 4) == 0) ||
                      (name == 6 && strncasecmp(p, "x-gzip", 6) == 0) ||
                      (name == 1 && p[0] == '*');
        if (is_gzip && !q_is_zero(p + name, n - name))
            return 1;
        ae += len;
        if (*ae == ',')
            ae++;
    }
    return 0;
}

#ifdef UC_HAVE_ZLIB

int
diagram_gzip_available(void)
{
    return 1;
}

int
diagram_gzip(const char *in, size_t n, struct buf *out)
{
    z_stream z;
    unsigned char chunk[65536];
    int rc;

    memset(&z, 0, sizeof z);
    /* 15 + 16: a gzip header and trailer; level 1: fastest. */
    if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    z.next_in = (unsigned char *)(uintptr_t)in;
    z.avail_in = 0;
    size_t left = n;
    do {
        if (z.avail_in == 0 && left > 0) {
            uInt take = left > (1u << 30) ? (1u << 30) : (uInt)left;
            z.avail_in = take;
            left -= take;
        }
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        rc = deflate(&z, left == 0 ? Z_FINISH : Z_NO_FLUSH);
        if (rc == Z_STREAM_ERROR || buf_addn(out, (const char *)chunk,
                                             sizeof chunk - z.avail_out) < 0) {
            deflateEnd(&z);
            return -1;
        }
    } while (rc != Z_STREAM_END);
    deflateEnd(&z);
    return 0;
}

#else

int
diagram_gzip_available(void)
{
    return 0;
}

int
diagram_gzip(const char *in, size_t n, struct buf *out)
{
    (void)in;
    (void)n;
    (void)out;
    return -1;
}

#endif
