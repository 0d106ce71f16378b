/* fossflow_map.c — reading meaning into a FossFLOW item: its server type
 * from icon ids and names (FossFLOW's built-in isoflow icons, AWS/GCP/
 * Azure pack names, or plain words in the item's name), an id from its
 * name, and the "key: value" lines of its description. The keyword table
 * is documented in docs/fossflow.md; keep the two in step.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fossflow_int.h"
#include "types.h"

/* Words per type, most specific types first: the first table entry whose
 * type is found among the words wins, web (generic servers) last. */
static const struct {
    const char *type;
    const char *const *words;
} KEYWORDS[] = {
    {"loadbalancer",
     (const char *const[]){"loadbalancer", "balancer", "lb", "elb", "alb",
                           "nlb", "haproxy", "ingress", "proxy", NULL}},
    {"database",
     (const char *const[]){"database", "databases", "db", "sql", "mysql",
                           "postgres", "postgresql", "mariadb", "mongo",
                           "mongodb", "oracle", "rds", "aurora", "dynamodb",
                           "cassandra", "storage", NULL}},
    {"cache", (const char *const[]){"cache", "redis", "memcache", "memcached",
                                    "elasticache", "varnish", NULL}},
    {"dns", (const char *const[]){"dns", "route53", "nameserver", "bind",
                                  "resolver", NULL}},
    {"filesystem",
     (const char *const[]){"filesystem", "fs", "nfs", "nas", "san", "file",
                           "files", "fileserver", "efs", "s3", "bucket", "disk",
                           "volume", "share", NULL}},
    {"monitoring",
     (const char *const[]){"monitoring", "monitor", "metrics", "prometheus",
                           "grafana", "nagios", "zabbix", "cloudwatch",
                           "observability", "logging", "logs", NULL}},
    {"backup", (const char *const[]){"backup", "backups", "archive", "snapshot",
                                     "glacier", "tape", NULL}},
    {"security", (const char *const[]){"security", "firewall", "waf", "ids",
                                       "ips", "vpn", "shield", "lock", "guard",
                                       "iam", "auth", "bastion", NULL}},
    {"web",
     (const char *const[]){"web",        "www",     "http",      "https",
                           "server",     "servers", "vm",        "instance",
                           "compute",    "ec2",     "app",       "application",
                           "nginx",      "apache",  "frontend",  "cube",
                           "block",      "desktop", "laptop",    "tower",
                           "function",   "lambda",  "container", "docker",
                           "kubernetes", "k8s",     "pod",       NULL}},
};
#define NKEYWORDS (sizeof KEYWORDS / sizeof KEYWORDS[0])

static int
type_index(const char *name)
{
    for (size_t i = 0; i < SERVER_TYPE_COUNT; i++)
        if (strcasecmp(SERVER_TYPES[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int
alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* The KEYWORDS entry of word w[0..n), or NKEYWORDS. */
static size_t
keyword_entry(const char *w, size_t n)
{
    for (size_t k = 0; k < NKEYWORDS; k++)
        for (const char *const *p = KEYWORDS[k].words; *p; p++)
            if (strlen(*p) == n && strncasecmp(*p, w, n) == 0)
                return k;
    return NKEYWORDS;
}

int
ff_type_from_words(const char *text)
{
    size_t best = NKEYWORDS;

    for (const char *p = text ? text : ""; *p;) {
        while (*p && !alnum((unsigned char)*p))
            p++;
        const char *w = p;
        while (*p && alnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - w);
        while (n > 0 && w[n - 1] >= '0' && w[n - 1] <= '9')
            n--; /* web01 -> web */
        if (n == 0)
            continue;
        size_t k = keyword_entry(w, n);
        if (k < best)
            best = k;
    }
    return best < NKEYWORDS ? type_index(KEYWORDS[best].type) : -1;
}

int
ff_type_from_icon(const char *id, const char *name)
{
    size_t pre = strlen(FF_ICON_PREFIX);
    int t;

    if (id != NULL && strncmp(id, FF_ICON_PREFIX, pre) == 0 &&
        (t = type_index(id + pre)) >= 0)
        return t;
    if (name != NULL && (t = type_index(name)) >= 0)
        return t;
    if ((t = ff_type_from_words(id)) >= 0)
        return t;
    return ff_type_from_words(name);
}

static int
hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

int
ff_id_generated(const char *id)
{
    static const int groups[] = {8, 4, 4, 4, 12};
    const char *p = id;

    if (strncmp(id, "item_", 5) == 0 && id[5] != '\0' &&
        strspn(id + 5, "0123456789") == strlen(id + 5))
        return 1;
    for (size_t g = 0; g < 5; g++) {
        for (int i = 0; i < groups[g]; i++, p++)
            if (!hex((unsigned char)*p))
                return 0;
        if (g < 4 && *p++ != '-')
            return 0;
    }
    return *p == '\0';
}

void
ff_slug(const char *name, char *out, size_t outlen)
{
    size_t max = VALID_ID_MAX - 8, n = 0;
    int dash = 0;

    if (outlen < 8) {
        if (outlen > 0)
            out[0] = '\0';
        return;
    }
    if (max > outlen - 1)
        max = outlen - 1;
    for (const char *p = name ? name : ""; *p && n < max; p++) {
        unsigned char c = (unsigned char)*p;
        if (alnum(c)) {
            if (dash && n > 0 && n + 1 < max)
                out[n++] = '-';
            dash = 0;
            out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        } else {
            dash = 1;
        }
    }
    out[n] = '\0';
    if (n == 0)
        snprintf(out, outlen, "server");
}

/* ---- descriptions ---- */

/* Decodes the entity at s (after '&') into *c; returns its length past
 * '&' (0: not one we know). */
static size_t
entity(const char *s, char *c)
{
    static const struct {
        const char *name;
        char c;
    } E[] = {{"amp;", '&'},  {"lt;", '<'},    {"gt;", '>'},   {"quot;", '"'},
             {"#39;", '\''}, {"apos;", '\''}, {"nbsp;", ' '}, {"#160;", ' '}};
    for (size_t i = 0; i < sizeof E / sizeof E[0]; i++)
        if (strncmp(s, E[i].name, strlen(E[i].name)) == 0) {
            *c = E[i].c;
            return strlen(E[i].name);
        }
    return 0;
}

/* desc as plain text into out: tags become line ends, entities decoded. */
static void
plain_text(const char *desc, char *out, size_t outlen)
{
    size_t n = 0;
    for (const char *p = desc; *p && n + 1 < outlen; p++) {
        char c = *p;
        size_t k;
        if (c == '<') {
            const char *end = strchr(p, '>');
            if (end == NULL)
                break;
            p = end;
            c = '\n';
        } else if (c == '&' && (k = entity(p + 1, &c)) > 0) {
            p += k;
        } else if (c == '\r' || c == '\t') {
            c = c == '\r' ? '\n' : ' ';
        }
        out[n++] = c;
    }
    out[n] = '\0';
}

static void
trim_copy(char *dst, size_t dstlen, const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= dstlen)
        n = dstlen - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static const struct {
    const char *key;
    unsigned flag;
} KEYS[] = {{"type", FFD_TYPE},       {"ip", FFD_IP},
            {"address", FFD_IP},      {"host", FFD_IP},
            {"region", FFD_REGION},   {"ports", FFD_PORTS},
            {"status", FFD_STATUS},   {"clusters", FFD_CLUSTERS},
            {"cluster", FFD_CLUSTERS}};

static char *
slot(struct ff_desc *d, unsigned flag, size_t *len)
{
    switch (flag) {
    case FFD_TYPE:
        *len = sizeof d->type;
        return d->type;
    case FFD_IP:
        *len = sizeof d->ip;
        return d->ip;
    case FFD_REGION:
        *len = sizeof d->region;
        return d->region;
    case FFD_PORTS:
        *len = sizeof d->ports;
        return d->ports;
    case FFD_STATUS:
        *len = sizeof d->status;
        return d->status;
    default:
        *len = sizeof d->clusters;
        return d->clusters;
    }
}

/* One line "key: value". */
static void
line(struct ff_desc *d, const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    if (colon == NULL)
        return;
    char key[16];
    trim_copy(key, sizeof key, s, (size_t)(colon - s));
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        if (strcasecmp(key, KEYS[i].key) != 0 || (d->have & KEYS[i].flag))
            continue;
        size_t len;
        char *dst = slot(d, KEYS[i].flag, &len);
        trim_copy(dst, len, colon + 1, n - (size_t)(colon + 1 - s));
        d->have |= KEYS[i].flag;
        return;
    }
}

/* The first IPv4 or IPv6 literal in text into d->ip. */
static void
find_address(struct ff_desc *d, const char *text)
{
    static const char chars[] = "0123456789abcdefABCDEF.:";
    unsigned char buf[sizeof(struct in6_addr)];
    char cand[64];

    for (const char *p = text; *p;) {
        size_t n = strspn(p, chars);
        if (n == 0) {
            p++;
            continue;
        }
        if (n >= 7 && n < sizeof cand &&
            (p == text || !alnum((unsigned char)p[-1]))) {
            memcpy(cand, p, n);
            cand[n] = '\0';
            size_t m = n;
            while (m > 0 && (cand[m - 1] == '.' || cand[m - 1] == ':'))
                cand[--m] = '\0'; /* "10.0.0.1." at a sentence's end */
            int v6 = strchr(cand, ':') != NULL;
            if (inet_pton(v6 ? AF_INET6 : AF_INET, cand, buf) == 1) {
                snprintf(d->ip, sizeof d->ip, "%s", cand);
                d->have |= FFD_IP | FFD_IP_FOUND;
                return;
            }
        }
        p += n;
    }
}

void
ff_desc_parse(const char *desc, struct ff_desc *out)
{
    char text[4 * FF_DESC_MAX + 1];

    memset(out, 0, sizeof *out);
    if (desc == NULL)
        return;
    plain_text(desc, text, sizeof text);
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        line(out, p, n);
        p += n;
        if (*p == '\n')
            p++;
    }
    if (!(out->have & FFD_IP))
        find_address(out, text);
}
