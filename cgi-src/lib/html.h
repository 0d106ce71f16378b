/* html.h — HTML output: everything escaped unless it is a literal.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_HTML_H
#define UC_HTML_H

#include "buf.h"

/* Appends markup written in the source; only string literals compile. */
#define html_lit(b, s) buf_add((b), "" s "")

/* Appends s with & < > " ' escaped (safe in text and quoted attributes).
 * NULL appends nothing. Returns 0 or -1. */
int html_text(struct buf *b, const char *s);

/* Appends a decimal integer. */
int html_int(struct buf *b, long long n);

/* Appends s percent-encoded for a URL query component (RFC 3986 unreserved
 * characters kept, everything else %XX). The result is also HTML-safe. */
int html_url_arg(struct buf *b, const char *s);

#endif
