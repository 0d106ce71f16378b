/* httpresp.c — a streaming HTTP/1 response reader (httpresp.h): the status
 * line, interim 1xx answers skipped, Content-Length and chunked framing
 * followed so that the end of the response is known without waiting for
 * the connection to close, the body's bytes counted up to a cap.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>
#include <strings.h>

#include "httpresp.h"

enum { CH_SIZE, CH_EXT, CH_DATA, CH_DATA_END, CH_TRAILER };

/* Lengths beyond this are refused (no overflow of long long). */
#define LEN_MAX (1LL << 50)

void
hresp_init(struct hresp *r, long long max)
{
    memset(r, 0, sizeof *r);
    r->clen = -1;
    r->max = max;
}

static int
broken(const char **why, const char *what)
{
    *why = what;
    return -1;
}

/* "HTTP/1.x NNN[ reason]" */
static int
status_line(struct hresp *r, const char *s, size_t n)
{
    if (n < 12 || memcmp(s, "HTTP/1.", 7) != 0 || s[8] != ' ' || s[9] < '1' ||
        s[9] > '5' || s[10] < '0' || s[10] > '9' || s[11] < '0' ||
        s[11] > '9' || (n > 12 && s[12] != ' '))
        return -1;
    r->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
    return 0;
}

/* One complete header line s[0..n) (without its line end). */
static int
header_line(struct hresp *r, const char *s, size_t n, const char **why)
{
    if (r->status == 0)
        return status_line(r, s, n) < 0
                   ? broken(why, "not an HTTP/1 response")
                   : 0;
    if (n >= 15 && strncasecmp(s, "content-length:", 15) == 0) {
        long long v = 0;
        size_t i = 15, digits = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
            if ((v = v * 10 + (s[i] - '0')) > LEN_MAX)
                return broken(why, "bad Content-Length");
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (digits == 0 || i != n || (r->clen >= 0 && r->clen != v))
            return broken(why, "bad Content-Length");
        r->clen = v;
    } else if (n >= 18 && strncasecmp(s, "transfer-encoding:", 18) == 0) {
        for (size_t i = 18; i + 7 <= n; i++)
            if (strncasecmp(s + i, "chunked", 7) == 0)
                r->chunked = 1;
    }
    return 0;
}

/* The blank line after the headers: 1 complete already, 0 a body (or
 * the real answer after a 1xx) follows. */
static int
head_end(struct hresp *r)
{
    if (r->status < 200 && r->status != 101) {
        r->status = 0; /* an interim answer: the real one follows */
        r->clen = -1;
        r->chunked = 0;
        return 0;
    }
    r->in_body = 1;
    if (r->status == 204 || r->status == 304 || r->status == 101)
        return 1; /* no body (101: nothing of ours follows) */
    if (r->chunked)
        r->clen = -1;
    return !r->chunked && r->clen == 0;
}

/* Counts n body bytes; 1 when the cap is reached. */
static int
count(struct hresp *r, size_t n)
{
    if (r->bytes + (long long)n >= r->max) {
        r->capped = r->bytes + (long long)n > r->max;
        r->bytes = r->max;
        return 1;
    }
    r->bytes += (long long)n;
    return 0;
}

static int
hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    ch = (char)(ch | 0x20);
    return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* Chunked framing over p[0..n). */
static int
chunked(struct hresp *r, const char *p, size_t n, const char **why)
{
    for (size_t i = 0; i < n;) {
        char ch = p[i];
        switch (r->chunk_state) {
        case CH_SIZE:
            if (hexval(ch) >= 0) {
                if (r->chunk_left > LEN_MAX)
                    return broken(why, "bad chunk size");
                r->chunk_left = r->chunk_left * 16 + hexval(ch);
                r->line_len++;
                i++;
            } else if (r->line_len == 0) {
                return broken(why, "bad chunk size");
            } else {
                r->chunk_state = CH_EXT; /* this byte may end the line */
            }
            break;
        case CH_EXT:
            if (ch == '\n') {
                r->line_len = 0;
                r->chunk_state = r->chunk_left ? CH_DATA : CH_TRAILER;
            }
            i++;
            break;
        case CH_DATA: {
            size_t take = n - i;
            if ((long long)take > r->chunk_left)
                take = (size_t)r->chunk_left;
            if (count(r, take))
                return 1;
            r->chunk_left -= (long long)take;
            i += take;
            if (r->chunk_left == 0)
                r->chunk_state = CH_DATA_END;
            break;
        }
        case CH_DATA_END: /* the line end after a chunk's data */
            if (ch == '\n')
                r->chunk_state = CH_SIZE;
            i++;
            break;
        default: /* CH_TRAILER: lines up to an empty one */
            if (ch == '\n') {
                if (r->line_len == 0)
                    return 1;
                r->line_len = 0;
            } else if (ch != '\r') {
                r->line_len++;
            }
            i++;
            break;
        }
    }
    return 0;
}

int
hresp_feed(struct hresp *r, const char *p, size_t n, const char **why)
{
    size_t i = 0;

    while (!r->in_body && i < n) {
        char ch = p[i++];
        if (++r->head_bytes > HRESP_HEAD_MAX)
            return broken(why, "response headers over 64 KiB");
        if (ch != '\n') {
            if (r->line_len < sizeof r->line)
                r->line[r->line_len] = ch;
            r->line_len++;
            continue;
        }
        size_t len = r->line_len < sizeof r->line ? r->line_len
                                                  : sizeof r->line;
        if (len > 0 && r->line[len - 1] == '\r')
            len--;
        r->line_len = 0;
        int rc = len == 0 && r->status != 0 ? head_end(r)
                                            : header_line(r, r->line, len, why);
        if (rc != 0)
            return rc;
    }
    if (!r->in_body || i == n)
        return 0;
    if (r->chunked)
        return chunked(r, p + i, n - i, why);
    size_t take = n - i;
    if (r->clen >= 0 && (long long)take > r->clen - r->bytes)
        take = (size_t)(r->clen - r->bytes);
    if (count(r, take))
        return 1;
    return r->clen >= 0 && r->bytes >= r->clen;
}

int
hresp_eof(const struct hresp *r, const char **why)
{
    if (r->in_body && !r->chunked && r->clen < 0)
        return 1; /* the body ran to the end of the connection */
    if (r->in_body)
        return broken(why, "connection closed before the end of the body");
    if (r->head_bytes == 0)
        return broken(why, "empty reply from server");
    return broken(why, "connection closed in the headers");
}
