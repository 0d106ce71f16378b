/* icmp.c — ICMP echo checks on one socket per address family: the
 * unprivileged ping socket (SOCK_DGRAM, allowed when the daemon's group is
 * in net.ipv4.ping_group_range) or, failing that, a raw socket (root or
 * CAP_NET_RAW). Replies are matched by sequence number, source address
 * and a nonce in the payload. When neither socket can be opened, ping
 * checks are off and the log and daemon_state say why.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"

#define ECHO_REQUEST4   8
#define ECHO_REPLY4     0
#define ECHO_REQUEST6   128
#define ECHO_REPLY6     129
#define PAYLOAD         16
#define RAW_ICMP_FILTER 1 /* Linux SOL_RAW option: block ICMP types */

struct echo {
    uint8_t type, code;
    uint16_t cksum, id, seq;
    uint8_t data[PAYLOAD];
};

static int raw_v4; /* the v4 socket is raw: replies carry the IP header */
static int raw_sock[2];

static uint16_t
checksum(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)(b[i] << 8 | b[i + 1]);
    if (n & 1)
        sum += (uint32_t)(b[n - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return htons((uint16_t)~sum);
}

static void icmp_read(struct daemon *d, struct evh *h, uint32_t events);

/* Opens family's socket: ping socket first, raw second. */
static int
open_one(int family, int *raw, int *dgram_errno)
{
    int proto = family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
    int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
    *raw = 0;
    *dgram_errno = fd < 0 ? errno : 0;
    if (fd >= 0)
        return fd;
    fd = socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
    if (fd < 0)
        return -1;
    *raw = 1;
    if (family == AF_INET) {
        uint32_t mask = ~(1u << ECHO_REPLY4);
        setsockopt(fd, SOL_RAW, RAW_ICMP_FILTER, &mask, sizeof mask);
    } else {
        struct icmp6_filter f;
        ICMP6_FILTER_SETBLOCKALL(&f);
        ICMP6_FILTER_SETPASS(ECHO_REPLY6, &f);
        setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof f);
    }
    return fd;
}

static void
ping_range(char *out, size_t n)
{
    char buf[64] = "";
    int fd = open("/proc/sys/net/ipv4/ping_group_range", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t r = read(fd, buf, sizeof buf - 1);
        buf[r > 0 ? r : 0] = '\0';
        close(fd);
    }
    for (char *p = buf; *p; p++)
        if (*p == '\t' || *p == '\n')
            *p = *p == '\n' ? '\0' : ' ';
    snprintf(out, n, "%s", buf[0] ? buf : "?");
}

int
icmp_open(struct daemon *d)
{
    static const char *const fam_name[2] = {"IPv4", "IPv6"};
    int errs[2] = {0, 0};
    char kinds[2][8];

    d->icmp_fd[0] = d->icmp_fd[1] = -1;
    if (!d->cf.icmp) {
        snprintf(d->icmp_mode, sizeof d->icmp_mode,
                 "disabled (module config icmp=0)");
        return 0;
    }
    if (d->icmp_slot == NULL &&
        (d->icmp_slot = calloc(65536, sizeof *d->icmp_slot)) == NULL)
        return -1;
    d->icmp_ident = (uint16_t)(getpid() & 0xffff);
    for (int i = 0; i < 2; i++) {
        int fd = open_one(i ? AF_INET6 : AF_INET, &raw_sock[i], &errs[i]);
        snprintf(kinds[i], sizeof kinds[i], "%s",
                 fd < 0        ? "none"
                 : raw_sock[i] ? "raw"
                               : "dgram");
        if (fd < 0)
            continue;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &d->icmp_h[i]};
        d->icmp_h[i].fn = icmp_read;
        int sz = 1 << 20;
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
        if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            close(fd);
            continue;
        }
        d->icmp_fd[i] = fd;
    }
    raw_v4 = raw_sock[0];
    if (d->icmp_fd[0] < 0 && d->icmp_fd[1] < 0) {
        char range[64];
        ping_range(range, sizeof range);
        snprintf(d->icmp_mode, sizeof d->icmp_mode,
                 "unavailable: no ping socket (ping_group_range %.20s) and no "
                 "raw socket (needs root or CAP_NET_RAW)",
                 range);
        log_msg("daemon: ICMP echo is not allowed: net.ipv4.ping_group_range "
                "is \"%s\" and excludes group %u (%s), and a raw socket needs "
                "root or CAP_NET_RAW (%s). Ping checks are OFF; TCP and HTTP "
                "checks still run.",
                range, (unsigned)getgid(), strerror(errs[0]), strerror(errno));
        return 0;
    }
    snprintf(d->icmp_mode, sizeof d->icmp_mode, "%s (IPv4 %s, IPv6 %s)",
             raw_sock[0] || raw_sock[1] ? "raw" : "dgram", kinds[0], kinds[1]);
    for (int i = 0; i < 2; i++)
        if (d->icmp_fd[i] < 0)
            log_msg("daemon: ICMP echo over %s is not available", fam_name[i]);
    log_msg("daemon: ICMP echo: %s", d->icmp_mode);
    return 0;
}

static void
finish(struct daemon *d, struct check *c, int ok, const char *err)
{
    double ms = (double)(mono_us() - c->start_us) / 1000.0;
    if (c->listed == 2) {
        checkq_remove(&d->icmp_live, c);
        c->listed = 0;
        d->icmp_slot[c->seq] = NULL;
    }
    check_done(d, c, ok, ms, err);
}

void
icmp_close(struct daemon *d)
{
    struct check *c;
    while ((c = d->icmp_live.head) != NULL)
        finish(d, c, 0, "stopped");
    for (int i = 0; i < 2; i++) {
        if (d->icmp_fd[i] >= 0)
            close(d->icmp_fd[i]);
        d->icmp_fd[i] = -1;
    }
    free(d->icmp_slot);
    d->icmp_slot = NULL;
}

void
icmp_start(struct daemon *d, struct check *c)
{
    struct target *t = c->t;
    int v6 = t->addr.ss_family == AF_INET6;
    int fd = d->icmp_fd[v6];
    struct echo e;
    uint16_t seq = 0;

    c->start_us = mono_us();
    if (fd < 0) {
        finish(d, c, 0, "ICMP echo not available");
        return;
    }
    for (int i = 0; i < 65536; i++) {
        seq = ++d->icmp_seq;
        if (d->icmp_slot[seq] == NULL)
            break;
    }
    if (d->icmp_slot[seq] != NULL) {
        finish(d, c, 0, "too many echo requests in flight");
        return;
    }
    memset(&e, 0, sizeof e);
    e.type = v6 ? ECHO_REQUEST6 : ECHO_REQUEST4;
    e.id = htons(d->icmp_ident);
    e.seq = htons(seq);
    memcpy(e.data, "uclustrd", 8);
    memcpy(e.data + 8, &c->start_us, sizeof c->start_us);
    if (!v6)
        e.cksum = checksum(&e, sizeof e);
    if (sendto(fd, &e, sizeof e, 0, (struct sockaddr *)&t->addr, t->addrlen) <
        0) {
        finish(d, c, 0, strerror(errno));
        return;
    }
    c->seq = seq;
    d->icmp_slot[seq] = c;
    c->deadline_ms = mono_ms() + d->cf.timeout_ms;
    checkq_push(&d->icmp_live, c);
    c->listed = 2;
}

static int
same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    if (a->ss_family != b->ss_family)
        return 0;
    if (a->ss_family == AF_INET)
        return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
               ((const struct sockaddr_in *)b)->sin_addr.s_addr;
    return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
                  &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
}

static void
icmp_read(struct daemon *d, struct evh *h, uint32_t events)
{
    int v6 = h == &d->icmp_h[1];
    int fd = d->icmp_fd[v6];
    uint8_t buf[1500];

    (void)events;
    for (int n = 0; n < 10000; n++) { /* bounded: the socket may be busy */
        struct sockaddr_storage from;
        socklen_t flen = sizeof from;
        ssize_t len =
            recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
        if (len < 0)
            return; /* EAGAIN, or an error the next read reports again */
        size_t off = 0;
        if (!v6 && raw_v4) {
            if (len < 20)
                continue;
            off = (size_t)(buf[0] & 0x0f) * 4;
        }
        if ((size_t)len < off + sizeof(struct echo))
            continue;
        struct echo e;
        memcpy(&e, buf + off, sizeof e);
        if (e.type != (v6 ? ECHO_REPLY6 : ECHO_REPLY4))
            continue;
        if (raw_sock[v6] && ntohs(e.id) != d->icmp_ident)
            continue; /* someone else's ping (a raw socket sees them all) */
        struct check *c = d->icmp_slot[ntohs(e.seq)];
        if (c == NULL || !same_addr(&from, &c->t->addr) ||
            memcmp(e.data + 8, &c->start_us, sizeof c->start_us) != 0)
            continue;
        finish(d, c, 1, NULL);
    }
}

void
icmp_expire(struct daemon *d, int64_t now_ms)
{
    char msg[64];
    struct check *c;
    snprintf(msg, sizeof msg, "no echo reply within %d ms", d->cf.timeout_ms);
    while ((c = d->icmp_live.head) != NULL && c->deadline_ms <= now_ms)
        finish(d, c, 0, msg);
}

int64_t
icmp_next_deadline(struct daemon *d)
{
    return d->icmp_live.head ? d->icmp_live.head->deadline_ms : -1;
}
