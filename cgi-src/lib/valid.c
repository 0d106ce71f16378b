/* valid.c — field validators: identifiers, display names, hosts, regions,
 * free text, port lists, the fixed vocabularies and diagram coordinates.
 * Each failure sets ERR_INVALID with the caller's field name and a lang key.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types.h"
#include "valid.h"

/* Longest value echoed back in an error argument. */
#define ARG_MAX 32

/* Copies at most ARG_MAX bytes of s into dst, replacing anything but
 * printable ASCII by '?', so that an error argument is always plain text. */
static void
safe_arg(char dst[ARG_MAX + 1], const char *s)
{
    size_t i = 0;
    for (; s != NULL && s[i] != '\0' && i < ARG_MAX; i++) {
        unsigned char c = (unsigned char)s[i];
        dst[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    dst[i] = '\0';
}

static int
is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static int
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int
empty(const char *s)
{
    return s == NULL || s[0] == '\0';
}

static int
too_long(const char *field, size_t max, struct err *e)
{
    char n[24];
    snprintf(n, sizeof n, "%zu", max);
    return err_set(e, ERR_INVALID, field, "err_too_long", n, NULL);
}

/* Decodes one UTF-8 sequence at s[0..n) (n >= 1). Returns its length, or 0
 * when it is invalid, overlong, a surrogate or above U+10FFFF. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xbf; /* bounds of the second byte */

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0)
            lo = 0xa0; /* overlong */
        else if (c == 0xed)
            hi = 0x9f; /* surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0)
            lo = 0x90; /* overlong */
        else if (c == 0xf4)
            hi = 0x8f; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return len;
}

/* valid_utf8: 1 when s[0..n) is well-formed UTF-8; s may be NULL if n is 0. */
int
valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_seq(p + i, n - i);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

/* valid_has_control: 1 when the UTF-8 text s[0..n) holds a control
 * character: C0 (NUL included), DEL or C1 (U+0080..U+009F, the bytes C2 80
 * to C2 9F); \t \n \r are allowed when allow_ws is set. */
int
valid_has_control(const char *s, size_t n, int allow_ws)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c < 0x20) {
            if (!(allow_ws && (c == '\t' || c == '\n' || c == '\r')))
                return 1;
        } else if (c == 0x7f) {
            return 1;
        } else if (c == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
                   p[i + 1] <= 0x9f) {
            return 1;
        }
    }
    return 0;
}

/* valid_ident: required, 1..VALID_ID_MAX of [A-Za-z0-9._-], first char a
 * letter or digit. Keys: err_required, err_too_long, err_bad_ident. */
int
valid_ident(const char *field, const char *s, struct err *e)
{
    if (empty(s))
        return err_set(e, ERR_INVALID, field, "err_required", NULL, NULL);
    size_t n = strnlen(s, VALID_ID_MAX + 1);
    if (n > VALID_ID_MAX)
        return too_long(field, VALID_ID_MAX, e);
    if (!is_alnum((unsigned char)s[0]))
        return err_set(e, ERR_INVALID, field, "err_bad_ident", NULL, NULL);
    for (size_t i = 1; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!is_alnum(c) && c != '.' && c != '_' && c != '-')
            return err_set(e, ERR_INVALID, field, "err_bad_ident", NULL, NULL);
    }
    return 0;
}

/* valid_name: required display name, 1..VALID_NAME_MAX bytes of UTF-8
 * without control characters (tabs and newlines included), not only
 * spaces. Keys: err_required, err_too_long, err_bad_utf8, err_bad_chars. */
int
valid_name(const char *field, const char *s, struct err *e)
{
    if (empty(s))
        return err_set(e, ERR_INVALID, field, "err_required", NULL, NULL);
    size_t n = strnlen(s, VALID_NAME_MAX + 1);
    if (n > VALID_NAME_MAX)
        return too_long(field, VALID_NAME_MAX, e);
    if (!valid_utf8(s, n))
        return err_set(e, ERR_INVALID, field, "err_bad_utf8", NULL, NULL);
    if (valid_has_control(s, n, 0))
        return err_set(e, ERR_INVALID, field, "err_bad_chars", NULL, NULL);
    if (strspn(s, " ") == n)
        return err_set(e, ERR_INVALID, field, "err_required", NULL, NULL);
    return 0;
}

/* 1 when s[0..n) is one RFC 1123 label. */
static int
host_label(const char *s, size_t n)
{
    if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_alnum((unsigned char)s[i]) && s[i] != '-')
            return 0;
    return 1;
}

/* 1 when s (length n, no trailing dot) is an RFC 1123 host name whose last
 * label is not all digits (that would be a malformed IPv4 address). */
static int
host_name(const char *s, size_t n)
{
    size_t start = 0, last = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '.') {
            if (!host_label(s + start, i - start))
                return 0;
            last = start;
            start = i + 1;
        }
    }
    for (size_t i = last; i < n; i++)
        if (!is_digit((unsigned char)s[i]))
            return 1;
    return 0;
}

/* valid_host: required; an IPv4 dotted quad (inet_pton AF_INET), an IPv6
 * address without zone or brackets (inet_pton AF_INET6), or an RFC 1123
 * host name of at most VALID_HOST_MAX bytes plus an optional trailing dot.
 * Keys: err_required, err_too_long, err_bad_host. */
int
valid_host(const char *field, const char *s, struct err *e)
{
    unsigned char addr[sizeof(struct in6_addr)];

    if (empty(s))
        return err_set(e, ERR_INVALID, field, "err_required", NULL, NULL);
    size_t n = strnlen(s, VALID_HOST_MAX + 2);
    if (n > VALID_HOST_MAX && !(n == VALID_HOST_MAX + 1 && s[n - 1] == '.'))
        return too_long(field, VALID_HOST_MAX, e);
    if (strchr(s, ':') != NULL) {
        if (inet_pton(AF_INET6, s, addr) == 1)
            return 0;
        return err_set(e, ERR_INVALID, field, "err_bad_host", NULL, NULL);
    }
    if (strspn(s, "0123456789.") == n) {
        if (inet_pton(AF_INET, s, addr) == 1)
            return 0;
        return err_set(e, ERR_INVALID, field, "err_bad_host", NULL, NULL);
    }
    if (s[n - 1] == '.')
        n--;
    if (!host_name(s, n))
        return err_set(e, ERR_INVALID, field, "err_bad_host", NULL, NULL);
    return 0;
}

/* valid_region: optional (NULL or "" pass); else 1..VALID_REGION_MAX of
 * [a-z0-9._-] (upper case refused, not folded). Keys: err_too_long,
 * err_bad_region. */
int
valid_region(const char *field, const char *s, struct err *e)
{
    if (empty(s))
        return 0;
    size_t n = strnlen(s, VALID_REGION_MAX + 1);
    if (n > VALID_REGION_MAX)
        return too_long(field, VALID_REGION_MAX, e);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(c >= 'a' && c <= 'z') && !is_digit(c) && c != '.' && c != '_' &&
            c != '-')
            return err_set(e, ERR_INVALID, field, "err_bad_region", NULL, NULL);
    }
    return 0;
}

/* valid_text: optional; up to VALID_DESC_MAX bytes of UTF-8 whose only
 * control characters are \t \n \r. Keys: err_too_long, err_bad_utf8,
 * err_bad_chars. */
int
valid_text(const char *field, const char *s, struct err *e)
{
    if (empty(s))
        return 0;
    size_t n = strnlen(s, VALID_DESC_MAX + 1);
    if (n > VALID_DESC_MAX)
        return too_long(field, VALID_DESC_MAX, e);
    if (!valid_utf8(s, n))
        return err_set(e, ERR_INVALID, field, "err_bad_utf8", NULL, NULL);
    if (valid_has_control(s, n, 1))
        return err_set(e, ERR_INVALID, field, "err_bad_chars", NULL, NULL);
    return 0;
}

static int
port_sep(char c)
{
    return c == ' ' || c == ',' || c == '\t';
}

/* Parses the token s[0..n) as a port: 1..65535 in decimal without leading
 * zeros. Returns the port or 0. */
static int
port_value(const char *s, size_t n)
{
    if (n == 0 || n > 5 || s[0] == '0')
        return 0;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit((unsigned char)s[i]))
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    return v <= 65535 ? (int)v : 0;
}

/* valid_ports: optional list of ports separated by spaces, commas or tabs
 * (runs of separators count as one). Each port 1..65535 without leading
 * zeros, at most VALID_PORTS_MAX, no repeats. out receives them in the
 * order given, separated by one space ("" for an empty list, and "" on
 * error). Keys: err_bad_port (token), err_too_many_ports (max),
 * err_dup_port (port); ERR_INTERNAL err_internal when out is too small. */
int
valid_ports(const char *field, const char *s, char *out, size_t outlen,
            struct err *e)
{
    int ports[VALID_PORTS_MAX];
    size_t np = 0;

    if (out == NULL || outlen == 0)
        return err_set(e, ERR_INTERNAL, field, "err_internal", NULL, NULL);
    out[0] = '\0';
    if (empty(s))
        return 0;
    size_t i = 0;
    for (;;) {
        while (s[i] != '\0' && port_sep(s[i]))
            i++;
        if (s[i] == '\0')
            break;
        size_t start = i;
        while (s[i] != '\0' && !port_sep(s[i]))
            i++;
        size_t n = i - start;
        int p = port_value(s + start, n);
        if (p == 0) {
            char tok[ARG_MAX + 1], arg[ARG_MAX + 1];
            size_t k = n < ARG_MAX ? n : ARG_MAX;
            memcpy(tok, s + start, k);
            tok[k] = '\0';
            safe_arg(arg, tok);
            return err_set(e, ERR_INVALID, field, "err_bad_port", arg, NULL);
        }
        if (np == VALID_PORTS_MAX) {
            char m[8];
            snprintf(m, sizeof m, "%d", VALID_PORTS_MAX);
            return err_set(e, ERR_INVALID, field, "err_too_many_ports", m,
                           NULL);
        }
        for (size_t j = 0; j < np; j++) {
            if (ports[j] == p) {
                char d[8];
                snprintf(d, sizeof d, "%d", p);
                return err_set(e, ERR_INVALID, field, "err_dup_port", d, NULL);
            }
        }
        ports[np++] = p;
    }
    size_t used = 0;
    for (size_t j = 0; j < np; j++) {
        int w = snprintf(out + used, outlen - used, j ? " %d" : "%d", ports[j]);
        if (w < 0 || (size_t)w >= outlen - used) {
            out[0] = '\0';
            return err_set(e, ERR_INTERNAL, field, "err_internal", NULL, NULL);
        }
        used += (size_t)w;
    }
    return 0;
}

/* Shared shape of the three vocabulary checks. */
static int
vocab(const char *field, const char *s, int ok, const char *key, struct err *e)
{
    char arg[ARG_MAX + 1];
    if (empty(s))
        return err_set(e, ERR_INVALID, field, "err_required", NULL, NULL);
    if (ok)
        return 0;
    safe_arg(arg, s);
    return err_set(e, ERR_INVALID, field, key, arg, NULL);
}

/* valid_server_type: required member of SERVER_TYPES. Keys: err_required,
 * err_bad_type (value, made printable and cut to 32 bytes). */
int
valid_server_type(const char *field, const char *s, struct err *e)
{
    return vocab(field, s, types_find(s) != NULL, "err_bad_type", e);
}

/* valid_conn_type: required member of CONN_TYPES. Keys: err_required,
 * err_bad_conn_type (value). */
int
valid_conn_type(const char *field, const char *s, struct err *e)
{
    return vocab(field, s, conn_type_valid(s), "err_bad_conn_type", e);
}

/* valid_state: required member of SERVER_STATES. Keys: err_required,
 * err_bad_state (value). */
int
valid_state(const char *field, const char *s, struct err *e)
{
    return vocab(field, s, server_state_valid(s), "err_bad_state", e);
}

/* Longest coordinate text accepted. */
#define COORD_TEXT_MAX 32
#define COORD_LIMIT    1e6

/* valid_coord: optional decimal number [-+]digits[.digits][e[-+]digits]
 * (no hex, inf, nan or spaces; at most 32 bytes) within -1e6..1e6.
 * NULL or "": *set = 0, *out untouched. Valid: *out = value, *set = 1.
 * Error: *set = 0, *out untouched. Keys: err_bad_number,
 * err_out_of_range ("-1000000", "1000000"). */
int
valid_coord(const char *field, const char *s, double *out, int *set,
            struct err *e)
{
    *set = 0;
    if (empty(s))
        return 0;
    size_t n = strnlen(s, COORD_TEXT_MAX + 1);
    if (n > COORD_TEXT_MAX || strspn(s, "0123456789.+-eE") != n)
        return err_set(e, ERR_INVALID, field, "err_bad_number", NULL, NULL);
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end != s + n || end == s)
        return err_set(e, ERR_INVALID, field, "err_bad_number", NULL, NULL);
    /* Overflow gives +-HUGE_VAL, caught here; underflow is a tiny value. */
    if (!(v >= -COORD_LIMIT && v <= COORD_LIMIT))
        return err_set(e, ERR_INVALID, field, "err_out_of_range", "-1000000",
                       "1000000");
    *out = v;
    *set = 1;
    return 0;
}
