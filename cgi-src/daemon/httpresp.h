/* httpresp.h — a streaming reader of one HTTP/1 response (status line,
 * headers, body framing), fed bytes as they arrive: the daemon's plain
 * http check (httpget.c) uses it; no I/O here, so it is fuzzed on its
 * own (tests/fuzz/fuzz_httpresp.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_HTTPRESP_H
#define UC_HTTPRESP_H

#include <stddef.h>

/* Response headers larger than this fail (libcurl's limit is 100 KB). */
#define HRESP_HEAD_MAX (64 * 1024)

struct hresp {
    int in_body;
    int chunk_state;
    int status;      /* 0 until the status line */
    int chunked;     /* Transfer-Encoding: chunked */
    size_t line_len; /* of the header line (or chunk size) being read */
    long long clen;  /* Content-Length, -1 none */
    long long chunk_left, head_bytes;
    long long bytes; /* body bytes counted, at most max */
    long long max;   /* the cap: counting ends there */
    int capped;      /* the body went on past max */
    char line[256];  /* the header line being read (longer ones cut) */
};

/* Ready to read a response whose body counts up to max bytes. */
void hresp_init(struct hresp *r, long long max);

/* Bytes p[0..n) of the answer: 1 the response is complete (or its body
 * reached max), 0 more to come, -1 it is broken (*why says how). After 1
 * or -1 the reader must not be fed again. */
int hresp_feed(struct hresp *r, const char *p, size_t n, const char **why);

/* The server closed the connection: 1 the response is complete (a body
 * that runs to the end), -1 it was cut short (*why). */
int hresp_eof(const struct hresp *r, const char **why);

#endif
