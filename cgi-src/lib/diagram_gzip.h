/* diagram_gzip.h — gzip for the diagram's data when the browser accepts
 * it (built with zlib when UC_HAVE_ZLIB is defined; otherwise the data is
 * sent as is).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_DIAGRAM_GZIP_H
#define UC_DIAGRAM_GZIP_H

#include <stddef.h>
#include "buf.h"

/* 1 when an Accept-Encoding value (may be NULL) accepts gzip: a "gzip",
 * "x-gzip" or "*" coding whose q is not 0. */
int diagram_gzip_accepted(const char *accept_encoding);

/* 1 when this build can compress. */
int diagram_gzip_available(void);

/* Appends the gzip member of in[0..n) to out (fast level: the data is
 * made again for every request). 0, or -1 (no zlib, out full, OOM). */
int diagram_gzip(const char *in, size_t n, struct buf *out);

#endif
