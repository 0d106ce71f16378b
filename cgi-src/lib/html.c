/* html.c — escaping for HTML text, attributes and URL arguments.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "html.h"

int
html_text(struct buf *b, const char *s)
{
    if (s == NULL)
        return 0;
    const char *run = s;
    for (; *s; s++) {
        const char *rep;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        if (buf_addn(b, run, (size_t)(s - run)) < 0 || buf_add(b, rep) < 0)
            return -1;
        run = s + 1;
    }
    return buf_addn(b, run, (size_t)(s - run));
}

int
html_int(struct buf *b, long long n)
{
    return buf_addf(b, "%lld", n);
}

int
html_url_arg(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (s == NULL)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
            (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL) {
            if (buf_addc(b, (char)*p) < 0)
                return -1;
        } else {
            char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            if (buf_addn(b, enc, 3) < 0)
                return -1;
        }
    }
    return 0;
}
