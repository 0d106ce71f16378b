/* referer.c — Webmin's Referer rule (init_config) plus an Origin check, for
 * CGIs that miniserv runs without either. Pure.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "referer.h"

#define HOST_MAX 256

/* A host (without IPv6 brackets) and a port, as compared. */
struct hostport {
    char host[HOST_MAX];
    unsigned port;
};

static int
truthy(const char *v)
{
    return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

static int
is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* RFC 3986 reg-name characters we accept (no pct-encoding, no sub-delims:
 * browsers send punycode, and anything odd is refused). */
static int
host_char(unsigned char c)
{
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* RFC 3986 userinfo characters (pct-encoded allowed as its three bytes). */
static int
userinfo_char(unsigned char c)
{
    return is_alnum(c) || strchr("-._~!$&'()*+,;=:%", c) != NULL;
}

/* Port: 1..5 digits, 1..65535. */
static int
parse_port(const char *p, size_t n, unsigned *out)
{
    unsigned v = 0;
    if (n == 0 || n > 5)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(p[i] - '0');
    }
    if (v == 0 || v > 65535)
        return -1;
    *out = v;
    return 0;
}

/* Parses "host", "host:port", "[v6]" or "[v6]:port" (exactly n bytes).
 * A missing port becomes def_port. */
static int
parse_hostport(const char *p, size_t n, unsigned def_port, struct hostport *hp)
{
    const char *end = p + n;
    const char *h, *he, *rest;

    if (n == 0)
        return -1;
    if (*p == '[') {
        h = p + 1;
        he = memchr(h, ']', (size_t)(end - h));
        if (he == NULL || he == h)
            return -1;
        for (const char *q = h; q < he; q++)
            if (!(is_alnum((unsigned char)*q) || *q == ':' || *q == '.'))
                return -1;
        if (memchr(h, ':', (size_t)(he - h)) == NULL)
            return -1;
        rest = he + 1;
    } else {
        h = p;
        he = memchr(p, ':', n);
        if (he == NULL)
            he = end;
        if (he == h)
            return -1;
        for (const char *q = h; q < he; q++)
            if (!host_char((unsigned char)*q))
                return -1;
        rest = he;
    }
    if ((size_t)(he - h) >= sizeof hp->host)
        return -1;
    if (rest == end) {
        hp->port = def_port;
    } else if (*rest != ':' ||
               parse_port(rest + 1, (size_t)(end - rest - 1), &hp->port) < 0) {
        return -1;
    }
    memcpy(hp->host, h, (size_t)(he - h));
    hp->host[he - h] = '\0';
    return 0;
}

/* Parses an absolute http(s) URL's authority. With origin_only, nothing
 * may follow it (an Origin is "scheme://host[:port]"). */
static int
parse_url(const char *url, int origin_only, struct hostport *hp)
{
    unsigned def_port;
    const char *p;

    if (strncasecmp(url, "http://", 7) == 0) {
        def_port = 80;
        p = url + 7;
    } else if (strncasecmp(url, "https://", 8) == 0) {
        def_port = 443;
        p = url + 8;
    } else {
        return -1;
    }
    size_t n = strcspn(p, "/?#");
    if (origin_only && p[n] != '\0')
        return -1;
    /* userinfo ends at the LAST '@' of the authority; it is checked for
     * characters (a '\' or space would make browsers split differently)
     * and then ignored, so "http://127.0.0.1:10000@evil.com/" is evil.com. */
    const char *at = NULL;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '@')
            at = p + i;
    if (at != NULL) {
        if (origin_only)
            return -1;
        for (const char *q = p; q < at; q++)
            if (!userinfo_char((unsigned char)*q))
                return -1;
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    return parse_hostport(p, n, def_port, hp);
}

static int
same_site(const struct hostport *a, const struct hostport *b)
{
    return a->port == b->port && strcasecmp(a->host, b->host) == 0;
}

/* Is host in the space-separated list ("[v6]" entries match "v6")? */
static int
in_list(const char *list, const char *host)
{
    size_t hlen = strlen(host);
    if (list == NULL)
        return 0;
    const char *p = list;
    for (;;) {
        p += strspn(p, " \t\r\n\f\v");
        size_t n = strcspn(p, " \t\r\n\f\v");
        if (n == 0)
            return 0;
        const char *w = p;
        size_t wn = n;
        if (wn >= 2 && w[0] == '[' && w[wn - 1] == ']') {
            w++;
            wn -= 2;
        }
        if (wn == hlen && strncasecmp(w, host, hlen) == 0)
            return 1;
        p += n;
    }
}

/* 1 = may proceed, 0 = refuse. Order: referer=1 and DISABLE_REFERERS_CHECK
 * switch every check off; then our Origin check (before the "Webmin" user
 * agent trust, which a browser request carrying an Origin never deserves);
 * then Webmin's rule as in referer.h. */
int
referer_trusted(const struct referer_in *in)
{
    struct hostport self, other;
    int have_self;

    if (in == NULL)
        return 0;
    if (truthy(in->cfg_referer) || truthy(in->disable_check))
        return 1;
    have_self = in->http_host != NULL &&
                parse_hostport(in->http_host, strlen(in->http_host),
                               in->https ? 443 : 80, &self) == 0;

    if (in->origin != NULL && *in->origin != '\0' &&
        strcmp(in->origin, "null") != 0) {
        if (!have_self || parse_url(in->origin, 1, &other) < 0 ||
            !same_site(&other, &self))
            return 0;
    }
    if (in->user_agent != NULL && strncasecmp(in->user_agent, "Webmin", 6) == 0)
        return 1;
    if (in->referer == NULL || *in->referer == '\0')
        return !truthy(in->cfg_referers_none);
    if (parse_url(in->referer, 0, &other) < 0)
        return 0;
    if (in_list(in->cfg_referers, other.host))
        return 1;
    return have_self && same_site(&other, &self);
}
