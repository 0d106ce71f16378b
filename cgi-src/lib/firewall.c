/* firewall.c — ufw and nftables rules for one server from its ports and the
 * addresses of the servers connected to it (see firewall.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firewall.h"
#include "types.h"

/* Ports that are not (only) TCP; every other port is TCP. */
static const struct {
    int port;
    unsigned protos;
} PROTOCOLS[] = {
    {53, FW_TCP | FW_UDP},   /* DNS: UDP, and TCP for large answers/AXFR */
    {123, FW_UDP},           /* NTP */
    {161, FW_UDP},           /* SNMP */
    {500, FW_UDP},           /* IPsec IKE */
    {514, FW_TCP | FW_UDP},  /* syslog */
    {1194, FW_TCP | FW_UDP}, /* OpenVPN: UDP by default, TCP possible */
    {4500, FW_UDP},          /* IPsec NAT traversal */
    {51820, FW_UDP},         /* WireGuard */
};

static const int PUBLIC_PORTS[] = {80, 443}; /* TCP */

int
fw_format_parse(const char *s, enum fw_format *out)
{
    if (s != NULL && strcmp(s, "ufw") == 0)
        *out = FW_UFW;
    else if (s != NULL && strcmp(s, "nft") == 0)
        *out = FW_NFT;
    else
        return -1;
    return 0;
}

unsigned
fw_port_protocols(int port)
{
    for (size_t i = 0; i < sizeof PROTOCOLS / sizeof PROTOCOLS[0]; i++)
        if (PROTOCOLS[i].port == port)
            return PROTOCOLS[i].protos;
    return FW_TCP;
}

int
fw_public_allowed(const char *type)
{
    return type != NULL &&
           (strcmp(type, "web") == 0 || strcmp(type, "loadbalancer") == 0);
}

static int
has_port(const int *ports, size_t n, int port)
{
    for (size_t i = 0; i < n; i++)
        if (ports[i] == port)
            return 1;
    return 0;
}

size_t
fw_server_ports(const struct server *s, int *ports)
{
    size_t n = 0;
    if (s->ports[0] == '\0') {
        const struct server_type *t = types_find(s->type);
        for (size_t i = 0; t != NULL && i < t->nports && n < FW_MAX_PORTS; i++)
            if (!has_port(ports, n, t->ports[i]))
                ports[n++] = t->ports[i];
        return n;
    }
    /* Stored in canonical form by valid_ports; parsed strictly anyway. */
    const char *p = s->ports;
    const char *end = s->ports + strnlen(s->ports, sizeof s->ports);
    while (p < end && n < FW_MAX_PORTS) {
        size_t len = strcspn(p, " ,");
        long v = 0;
        int ok = len > 0 && len <= 5;
        for (size_t i = 0; ok && i < len; i++) {
            if (p[i] < '0' || p[i] > '9')
                ok = 0;
            else
                v = v * 10 + (p[i] - '0');
        }
        if (ok && v >= 1 && v <= 65535 && !has_port(ports, n, (int)v))
            ports[n++] = (int)v;
        p += len;
        if (p < end)
            p++; /* the separator */
    }
    return n;
}

/* Copies s into out keeping ASCII letters, digits and the bytes in extra;
 * anything else (quotes, spaces, newlines, UTF-8) becomes '_'. Empty or
 * NULL gives "-". */
static void
safe(char *out, size_t outlen, const char *s, const char *extra)
{
    size_t j = 0;
    for (; s != NULL && s[j] != '\0' && j + 1 < outlen; j++) {
        unsigned char c = (unsigned char)s[j];
        int keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                   (c >= '0' && c <= '9') || strchr(extra, c) != NULL;
        out[j] = keep ? (char)c : '_';
    }
    out[j] = '\0';
    if (j == 0)
        snprintf(out, outlen, "-");
}

void
fw_filename(char *out, size_t outlen, enum fw_format f, const char *id)
{
    char name[VALID_ID_MAX + 1];
    safe(name, sizeof name, id, "._-");
    if (name[0] == '.')
        name[0] = '_';
    snprintf(out, outlen, "firewall-%s.%s", name, f == FW_UFW ? "sh" : "nft");
}

enum peer_kind { PEER_V4, PEER_V6, PEER_NAME, PEER_UNSPECIFIED };

struct peer_addr {
    enum peer_kind kind;
    unsigned char bin[16];
    char text[INET6_ADDRSTRLEN];
    size_t idx;    /* position in the caller's peers */
    size_t dup_of; /* the first peer with the same address, or SIZE_MAX */
};

static int
by_address(const void *pa, const void *pb)
{
    const struct peer_addr *a = pa, *b = pb;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    int c = memcmp(a->bin, b->bin, sizeof a->bin);
    if (c != 0)
        return c;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void
classify(struct peer_addr *pa, const char *addr, size_t idx)
{
    static const unsigned char zero[16];
    memset(pa, 0, sizeof *pa);
    pa->idx = idx;
    pa->dup_of = SIZE_MAX;
    if (addr != NULL && inet_pton(AF_INET, addr, pa->bin) == 1) {
        pa->kind = PEER_V4;
        inet_ntop(AF_INET, pa->bin, pa->text, sizeof pa->text);
    } else if (addr != NULL && inet_pton(AF_INET6, addr, pa->bin) == 1) {
        static const unsigned char mapped[12] = {[10] = 0xff, [11] = 0xff};
        if (memcmp(pa->bin, mapped, sizeof mapped) == 0) {
            /* ::ffff:a.b.c.d arrives as IPv4: match it as IPv4. */
            memmove(pa->bin, pa->bin + 12, 4);
            memset(pa->bin + 4, 0, 12);
            pa->kind = PEER_V4;
            inet_ntop(AF_INET, pa->bin, pa->text, sizeof pa->text);
        } else {
            pa->kind = PEER_V6;
            inet_ntop(AF_INET6, pa->bin, pa->text, sizeof pa->text);
        }
    } else {
        pa->kind = PEER_NAME;
        return;
    }
    if (memcmp(pa->bin, zero, pa->kind == PEER_V4 ? 4 : 16) == 0)
        pa->kind = PEER_UNSPECIFIED;
}

/* Classifies every peer and marks repeated addresses; *out is indexed like
 * peers (caller frees). Returns 0 or -1 (out of memory). */
static int
classify_all(const struct fw_peer *peers, size_t n, struct peer_addr **out)
{
    struct peer_addr *v = calloc(n ? n : 1, sizeof *v);
    struct peer_addr *sorted = calloc(n ? n : 1, sizeof *sorted);
    if (v == NULL || sorted == NULL) {
        free(v);
        free(sorted);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        classify(&v[i], peers[i].addr, i);
    memcpy(sorted, v, n * sizeof *v);
    qsort(sorted, n, sizeof *sorted, by_address);
    for (size_t i = 1; i < n; i++) {
        const struct peer_addr *a = &sorted[i - 1], *b = &sorted[i];
        if ((b->kind == PEER_V4 || b->kind == PEER_V6) && a->kind == b->kind &&
            memcmp(a->bin, b->bin, sizeof a->bin) == 0) {
            size_t first = a->dup_of != SIZE_MAX ? a->dup_of : a->idx;
            sorted[i].dup_of = first;
            v[b->idx].dup_of = first;
        }
    }
    free(sorted);
    *out = v;
    return 0;
}

/* What the rules open, worked out once for both formats. */
struct plan {
    int pub[2];
    size_t npub; /* public TCP ports */
    int tcp[FW_MAX_PORTS];
    size_t ntcp; /* TCP ports open to peers only */
    int udp[FW_MAX_PORTS];
    size_t nudp;        /* UDP ports open to peers only */
    int public_refused; /* asked for, but not a web/lb server */
    size_t usable;      /* peers that get rules */
};

static void
make_plan(struct plan *p, const struct server *s, const struct fw_options *o,
          const struct peer_addr *pa, size_t n)
{
    int ports[FW_MAX_PORTS];
    size_t np = fw_server_ports(s, ports);
    int pub = o != NULL && o->public_web;
    memset(p, 0, sizeof *p);
    if (pub && !fw_public_allowed(s->type))
        p->public_refused = 1;
    pub = pub && fw_public_allowed(s->type);
    for (size_t i = 0; i < np; i++) {
        unsigned protos = fw_port_protocols(ports[i]);
        if (pub && has_port(PUBLIC_PORTS, 2, ports[i])) {
            p->pub[p->npub++] = ports[i];
            continue;
        }
        if (protos & FW_TCP)
            p->tcp[p->ntcp++] = ports[i];
        if (protos & FW_UDP)
            p->udp[p->nudp++] = ports[i];
    }
    for (size_t i = 0; i < n; i++)
        if ((pa[i].kind == PEER_V4 || pa[i].kind == PEER_V6) &&
            pa[i].dup_of == SIZE_MAX)
            p->usable++;
}

struct out {
    struct buf *b;
    int fail;
};

#define PUT(o, ...) ((o)->fail |= buf_addf((o)->b, __VA_ARGS__) < 0)

/* "80/tcp 443/tcp" */
static void
put_port_names(struct out *o, const int *ports, size_t n, const char *proto,
               int *first)
{
    for (size_t i = 0; i < n; i++) {
        PUT(o, "%s%d/%s", *first ? "" : " ", ports[i], proto);
        *first = 0;
    }
}

/* "3306,5432" (ufw) or "{ 3306, 5432 }" (nft). */
static void
put_ports(struct out *o, enum fw_format f, const int *ports, size_t n)
{
    if (f == FW_NFT)
        PUT(o, "{ ");
    for (size_t i = 0; i < n; i++)
        PUT(o, "%s%d", i == 0 ? "" : f == FW_NFT ? ", " : ",", ports[i]);
    if (f == FW_NFT)
        PUT(o, " }");
}

static void
put_header(struct out *o, enum fw_format f, const struct server *s,
           const struct plan *p)
{
    char id[VALID_ID_MAX + 1], type[sizeof s->type], addr[VALID_HOST_MAX + 1];
    char file[128];
    safe(id, sizeof id, s->id, "._-");
    safe(type, sizeof type, s->type, "._-");
    safe(addr, sizeof addr, s->ip, ".:-");
    fw_filename(file, sizeof file, f, s->id);
    if (f == FW_UFW)
        PUT(o,
            "#!/bin/sh\n"
            "# ufw rules for server %s (%s, %s),\n"
            "# made by Unlimited Cluster. Review them, then run this "
            "script as root on\n"
            "# that server: sh %s\n"
            "# It only adds \"allow\" rules and changes nothing else: "
            "keep ufw's default\n"
            "# incoming policy at deny (ufw default deny incoming) so "
            "that no one else\n"
            "# gets in. Running it again skips the rules that already "
            "exist.\n",
            id, type, addr, file);
    else
        PUT(o,
            "#!/usr/sbin/nft -f\n"
            "# nftables rules for server %s (%s, %s),\n"
            "# made by Unlimited Cluster. Review them, then load them "
            "as root on that\n"
            "# server: nft -f %s\n"
            "# They live in their own table, inet " FW_TABLE ", which "
            "loading this\n"
            "# file again replaces; the rest of the ruleset is left "
            "alone. A drop policy\n"
            "# in another chain still applies: allow these ports there "
            "too.\n",
            id, type, addr, file);
    int first = 1;
    if (p->npub > 0) {
        PUT(o, "# Open to everyone: ");
        put_port_names(o, p->pub, p->npub, "tcp", &first);
        PUT(o, "\n");
    }
    if (p->public_refused)
        PUT(o, "# Public web ports were asked for, but only 80 and 443 of "
               "web and load\n# balancer servers are made public.\n");
    first = 1;
    if (p->ntcp + p->nudp > 0) {
        PUT(o, "# Open only to the connected servers: ");
        put_port_names(o, p->tcp, p->ntcp, "tcp", &first);
        put_port_names(o, p->udp, p->nudp, "udp", &first);
        PUT(o, "\n");
        if (f == FW_NFT)
            PUT(o, "# Anyone else is dropped on these ports.\n");
        if (p->usable == 0)
            PUT(o, "# No connected server has an IP address: no one else "
                   "may reach these ports.\n");
    }
    if (p->npub + p->ntcp + p->nudp == 0)
        PUT(o, "# This server has no ports to open.\n");
}

/* The comment line for a peer that gets no rule. */
static void
put_skipped(struct out *o, enum fw_format f, const struct fw_peer *peers,
            const struct peer_addr *pa, const char *indent)
{
    char id[VALID_ID_MAX + 1], addr[VALID_HOST_MAX + 1],
        first[VALID_ID_MAX + 1];
    safe(id, sizeof id, peers[pa->idx].id, "._-");
    safe(addr, sizeof addr, peers[pa->idx].addr, ".:-");
    if (pa->kind == PEER_NAME)
        PUT(o,
            "%s# %s (%s): %s needs an IP address, not a host name; add "
            "this rule by hand.\n",
            indent, id, addr, f == FW_UFW ? "ufw" : "nft");
    else if (pa->kind == PEER_UNSPECIFIED)
        PUT(o, "%s# %s (%s): not a usable source address; no rule was made.\n",
            indent, id, pa->text);
    else {
        safe(first, sizeof first, peers[pa->dup_of].id, "._-");
        PUT(o, "%s# %s (%s): same address as %s, allowed above.\n", indent, id,
            pa->text, first);
    }
}

static void
ufw_rule(struct out *o, const char *from, const int *ports, size_t n,
         const char *proto, const char *comment)
{
    for (size_t i = 0; i < n; i += FW_UFW_MAX_PORTS) {
        size_t k = n - i < FW_UFW_MAX_PORTS ? n - i : FW_UFW_MAX_PORTS;
        PUT(o, "ufw allow from %s to any port ", from);
        put_ports(o, FW_UFW, ports + i, k);
        PUT(o, " proto %s comment 'uc %s'\n", proto, comment);
    }
}

static void
render_ufw(struct out *o, const struct plan *p, const struct fw_peer *peers,
           const struct peer_addr *pa, size_t n)
{
    PUT(o, "set -e\n"
           "command -v ufw >/dev/null 2>&1 || "
           "{ echo \"ufw is not installed\" >&2; exit 1; }\n");
    ufw_rule(o, "any", p->pub, p->npub, "tcp", "public web");
    if (p->ntcp + p->nudp == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        if ((pa[i].kind != PEER_V4 && pa[i].kind != PEER_V6) ||
            pa[i].dup_of != SIZE_MAX) {
            put_skipped(o, FW_UFW, peers, &pa[i], "");
            continue;
        }
        char id[VALID_ID_MAX + 1];
        safe(id, sizeof id, peers[i].id, "._-");
        ufw_rule(o, pa[i].text, p->tcp, p->ntcp, "tcp", id);
        ufw_rule(o, pa[i].text, p->udp, p->nudp, "udp", id);
    }
}

static void
nft_rule(struct out *o, const struct peer_addr *pa, const int *ports, size_t n,
         const char *proto, const char *verdict, const char *comment)
{
    if (n == 0)
        return;
    PUT(o, "\t\t");
    if (pa != NULL)
        PUT(o, "%s saddr %s ", pa->kind == PEER_V4 ? "ip" : "ip6", pa->text);
    PUT(o, "%s dport ", proto);
    put_ports(o, FW_NFT, ports, n);
    PUT(o, " %s", verdict);
    if (comment != NULL)
        PUT(o, " comment \"%s\"", comment);
    PUT(o, "\n");
}

static void
render_nft(struct out *o, const struct plan *p, const struct fw_peer *peers,
           const struct peer_addr *pa, size_t n)
{
    /* Creating then deleting the table first makes loading the file again
     * replace it (nft has no "replace table"; "destroy" is too new). */
    PUT(o, "table inet " FW_TABLE "\n"
           "delete table inet " FW_TABLE "\n"
           "table inet " FW_TABLE " {\n"
           "\tchain input {\n"
           "\t\ttype filter hook input priority 0; policy accept;\n"
           "\t\tiifname \"lo\" accept\n"
           "\t\tct state established,related accept\n");
    nft_rule(o, NULL, p->pub, p->npub, "tcp", "accept", "public web");
    if (p->ntcp + p->nudp > 0) {
        for (size_t i = 0; i < n; i++) {
            if ((pa[i].kind != PEER_V4 && pa[i].kind != PEER_V6) ||
                pa[i].dup_of != SIZE_MAX) {
                put_skipped(o, FW_NFT, peers, &pa[i], "\t\t");
                continue;
            }
            char id[VALID_ID_MAX + 1];
            safe(id, sizeof id, peers[i].id, "._-");
            nft_rule(o, &pa[i], p->tcp, p->ntcp, "tcp", "accept", id);
            nft_rule(o, &pa[i], p->udp, p->nudp, "udp", "accept", id);
        }
        nft_rule(o, NULL, p->tcp, p->ntcp, "tcp", "drop", NULL);
        nft_rule(o, NULL, p->udp, p->nudp, "udp", "drop", NULL);
    }
    PUT(o, "\t}\n}\n");
}

int
fw_render(struct buf *b, enum fw_format f, const struct server *s,
          const struct fw_peer *peers, size_t n, const struct fw_options *o)
{
    struct peer_addr *pa = NULL;
    struct plan p;
    struct out out = {b, 0};
    if (classify_all(peers, n, &pa) < 0)
        return -1;
    make_plan(&p, s, o, pa, n);
    put_header(&out, f, s, &p);
    if (f == FW_UFW)
        render_ufw(&out, &p, peers, pa, n);
    else
        render_nft(&out, &p, peers, pa, n);
    free(pa);
    return out.fail ? -1 : 0;
}
