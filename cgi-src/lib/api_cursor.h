/* api_cursor.h — opaque paging cursors: a small JSON array (a tag naming
 * the listing, then where the last page ended) in base64url without
 * padding. Decoding is strict: anything we did not make is refused.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_API_CURSOR_H
#define UC_API_CURSOR_H

#include <stddef.h>
#include <jansson.h>

#include "err.h"

#define API_CURSOR_MAX 1024 /* characters of a cursor */

/* The cursor for the array doc (stolen; NULL gives NULL) as a new JSON
 * string, or NULL (out of memory, too long). */
json_t *api_cursor_make(json_t *doc);

/* The array inside cursor text when it is canonical base64url of compact
 * JSON, an array of exactly n elements whose first is the string tag.
 * Returns a new reference, or NULL with e = ERR_INVALID field "cursor"
 * "api_err_bad_cursor". The caller checks the other elements' types. */
json_t *api_cursor_open(const char *text, const char *tag, size_t n,
                        struct err *e);

/* Encoding and decoding alone (exposed for tests). api_b64url_encode
 * writes a NUL-terminated text into out (size >= 4 * ceil(n / 3) + 1);
 * api_b64url_decode returns the decoded length, or -1 for a character
 * outside the alphabet, a length of 1 mod 4, or non-zero padding bits. */
void api_b64url_encode(const unsigned char *in, size_t n, char *out);
long api_b64url_decode(const char *in, unsigned char *out, size_t outsize);

#endif
