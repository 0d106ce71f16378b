/* api_cursor.c — opaque paging cursors (base64url of a JSON array).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "json_alloc.h"
#include "api_cursor.h"

static const char ALPHABET[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void
api_b64url_encode(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned long v = (unsigned long)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned long)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = ALPHABET[(v >> 18) & 63];
        out[o++] = ALPHABET[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = ALPHABET[(v >> 6) & 63];
        if (i + 2 < n)
            out[o++] = ALPHABET[v & 63];
    }
    out[o] = '\0';
}

static int
sextet(char c)
{
    const char *p = c ? strchr(ALPHABET, c) : NULL;
    return p ? (int)(p - ALPHABET) : -1;
}

long
api_b64url_decode(const char *in, unsigned char *out, size_t outsize)
{
    size_t n = strlen(in), o = 0;
    if (n % 4 == 1)
        return -1;
    for (size_t i = 0; i < n; i += 4) {
        size_t k = n - i < 4 ? n - i : 4;
        unsigned long v = 0;
        for (size_t j = 0; j < 4; j++) {
            int s = j < k ? sextet(in[i + j]) : 0;
            if (s < 0)
                return -1;
            v = v << 6 | (unsigned long)s;
        }
        /* Bits past the last whole byte must be zero: one text per value. */
        if ((k == 2 && (v & 0xffff)) || (k == 3 && (v & 0xff)))
            return -1;
        for (size_t j = 0; j + 1 < k; j++) {
            if (o == outsize)
                return -1;
            out[o++] = (unsigned char)(v >> (16 - 8 * j));
        }
    }
    return (long)o;
}

json_t *
api_cursor_make(json_t *doc)
{
    char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_t *out = NULL;
    json_decref(doc);
    if (text == NULL)
        return NULL;
    size_t n = strlen(text);
    if (n <= API_CURSOR_MAX / 4 * 3) {
        char enc[API_CURSOR_MAX + 4];
        api_b64url_encode((const unsigned char *)text, n, enc);
        out = json_string(enc);
    }
    json_text_free(text);
    return out;
}

/* 1 when doc dumps back to exactly raw[0..n): the text we would make. */
static int
same_text(const json_t *doc, const unsigned char *raw, size_t n)
{
    char *text = json_dumps(doc, JSON_COMPACT);
    int same = text != NULL && strlen(text) == n && memcmp(text, raw, n) == 0;
    json_text_free(text);
    return same;
}

json_t *
api_cursor_open(const char *text, const char *tag, size_t n, struct err *e)
{
    unsigned char raw[API_CURSOR_MAX];
    json_t *doc = NULL;
    long len = -1;

    if (strlen(text) <= API_CURSOR_MAX)
        len = api_b64url_decode(text, raw, sizeof raw);
    if (len > 0)
        doc = json_loadb((const char *)raw, (size_t)len, JSON_REJECT_DUPLICATES,
                         NULL);
    json_t *first = json_array_get(doc, 0);
    if (json_is_array(doc) && json_array_size(doc) == n &&
        json_is_string(first) && strcmp(json_string_value(first), tag) == 0 &&
        same_text(doc, raw, (size_t)len))
        return doc;
    json_decref(doc);
    err_set(e, ERR_INVALID, "cursor", "api_err_bad_cursor", NULL, NULL);
    return NULL;
}
