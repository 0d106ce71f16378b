/* alert_action_addr.c — e-mail addresses as the mail action accepts them:
 * bare local@domain only, so nothing a rule or Module Config says can add a
 * header or a recipient to a message.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "alert_action_int.h"

/* Characters allowed in the local part (RFC 5322 atext and '.'), without
 * quoting; the domain is letters, digits, '-', '.' (or an IP literal is
 * refused: nobody alerts to one). */
static int
local_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80 ||
           strchr("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

static int
domain_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.';
}

int
aa_addr_valid(const char *s)
{
    const char *at;
    size_t i, n;
    if (!s || !*s)
        return 0;
    n = strlen(s);
    if (n > 254 || !valid_utf8(s, n))
        return 0;
    at = strrchr(s, '@');
    if (!at || at == s || !at[1] || strchr(s, '@') != at)
        return 0;
    for (i = 0; s + i < at; i++)
        if (!local_char((unsigned char)s[i]))
            return 0;
    if (s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
        return 0;
    /* A leading '-' would read as an option to sendmail. */
    if (s[0] == '-')
        return 0;
    for (i = 1; at[i]; i++)
        if (!domain_char((unsigned char)at[i]))
            return 0;
    if (at[1] == '.' || at[1] == '-' || at[i - 1] == '.' || at[i - 1] == '-')
        return 0;
    return 1;
}

int
aa_addr_split(const char *list, char out[][256], int max)
{
    int n = 0;
    const char *p = list ? list : "";
    while (*p) {
        size_t len;
        while (*p == ',' || *p == ' ')
            p++;
        if (!*p)
            break;
        len = strcspn(p, ", ");
        if (n >= max || len >= 256)
            return -1;
        memcpy(out[n], p, len);
        out[n][len] = '\0';
        if (!aa_addr_valid(out[n]))
            return -1;
        n++;
        p += len;
    }
    return n > 0 ? n : -1;
}
