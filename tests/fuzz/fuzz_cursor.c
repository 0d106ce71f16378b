/* fuzz_cursor.c — libFuzzer target over the API's paging cursors
 * (api_cursor.c): base64url decoding and api_cursor_open, which must
 * accept exactly what api_cursor_make writes. Input: the first byte picks
 * the listing (servers: 5 elements; connections of a server: 3; all
 * connections: 2); the rest is tried both as cursor text and as raw bytes
 * to encode. Checked: encode/decode round trip; an opened cursor is the
 * tag's array and makes the same text again; a cursor made from a JSON
 * array opens to an equal array.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api_cursor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
    const char *tag;
    size_t n;
} LISTINGS[] = {{"servers", 5}, {"connections-of", 3}, {"connections", 2}};

static void
check(int ok)
{
    if (!ok)
        abort();
}

/* base64url both ways over raw bytes. */
static void
round_trip(const uint8_t *p, size_t n)
{
    char *text = malloc(4 * (n / 3 + 1) + 1);
    unsigned char *back = malloc(n ? n : 1);
    check(text != NULL && back != NULL);
    api_b64url_encode(p, n, text);
    check(strlen(text) == (n * 8 + 5) / 6);
    check(api_b64url_decode(text, back, n) == (long)n);
    check(memcmp(p, back, n) == 0);
    free(text);
    free(back);
}

/* text as a cursor of the listing. */
static void
open_text(const char *text, const char *tag, size_t n)
{
    struct err e = {0};
    json_t *doc = api_cursor_open(text, tag, n, &e);
    if (doc == NULL) {
        check(e.code == ERR_INVALID && strcmp(e.field, "cursor") == 0);
        return;
    }
    check(json_is_array(doc) && json_array_size(doc) == n);
    check(strcmp(json_string_value(json_array_get(doc, 0)), tag) == 0);
    json_t *again = api_cursor_make(json_incref(doc));
    check(again != NULL && strcmp(json_string_value(again), text) == 0);
    json_decref(again);
    json_decref(doc);
}

/* p as a JSON array made into a cursor, which then opens equal. */
static void
make_from(const uint8_t *p, size_t n)
{
    json_t *doc = json_loadb((const char *)p, n, JSON_DECODE_ANY, NULL);
    if (!json_is_array(doc) || json_array_size(doc) == 0 ||
        !json_is_string(json_array_get(doc, 0))) {
        json_decref(doc);
        return;
    }
    const char *tag = json_string_value(json_array_get(doc, 0));
    json_t *cur = api_cursor_make(json_incref(doc));
    if (cur != NULL) {
        struct err e = {0};
        json_t *back = api_cursor_open(json_string_value(cur), tag,
                                       json_array_size(doc), &e);
        /* A tag holding a NUL cannot be compared as a C string. */
        if (json_string_length(json_array_get(doc, 0)) == strlen(tag))
            check(back != NULL && json_equal(back, doc));
        json_decref(back);
    }
    json_decref(cur);
    json_decref(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t k = data[0] % 3;
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    round_trip(p, n);
    make_from(p, n);
    char *text = malloc(n + 1);
    check(text != NULL);
    memcpy(text, p, n);
    text[n] = '\0';
    open_text(text, LISTINGS[k].tag, LISTINGS[k].n);
    free(text);
    return 0;
}
