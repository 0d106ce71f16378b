/* tcp.c — TCP connect checks: a non-blocking connect() watched by epoll,
 * closed as soon as it is established (or refused, or timed out); one
 * established at once is settled without epoll. Checks
 * all share one timeout, so the live list is in deadline order.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"

static void
finish(struct daemon *d, struct check *c, int ok, const char *err)
{
    double ms = (double)(mono_us() - c->start_us) / 1000.0;
    if (c->listed == 2) {
        checkq_remove(&d->tcp_live, c);
        c->listed = 0;
    }
    if (c->fd >= 0)
        close(c->fd); /* also leaves the epoll set */
    c->fd = -1;
    check_done(d, c, ok, ms, err);
}

/* Ends a check whose socket became ready: writable and nothing else is
 * connected (a pending socket error always shows as an error event);
 * anything else asks the socket for its error, as a failed connect does. */
static void
settle(struct daemon *d, struct check *c, int only_writable)
{
    int soerr = 0;
    socklen_t len = sizeof soerr;

    if (!only_writable &&
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
        soerr = errno;
    finish(d, c, soerr == 0, soerr ? strerror(soerr) : NULL);
}

static void
tcp_event(struct daemon *d, struct evh *h, uint32_t events)
{
    settle(d, (struct check *)h, events == EPOLLOUT);
}

/* Starts a non-blocking connect of c->fd to c->t at c->port (start_us
 * set): 0 connected, EINPROGRESS under way, else the errno. */
static int
tcp_connect(struct check *c)
{
    struct sockaddr_storage ss = c->t->addr;

    if (ss.ss_family == AF_INET6)
        ((struct sockaddr_in6 *)&ss)->sin6_port = htons(c->port);
    else
        ((struct sockaddr_in *)&ss)->sin_port = htons(c->port);
    c->start_us = mono_us();
    c->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        return errno;
    if (connect(c->fd, (struct sockaddr *)&ss, c->t->addrlen) == 0)
        return 0;
    return errno;
}

void
tcp_start(struct daemon *d, struct check *c)
{
    struct epoll_event ev = {0};
    int rc = tcp_connect(c);

    if (rc != EINPROGRESS) {
        finish(d, c, rc == 0, rc ? strerror(rc) : NULL);
        return;
    }
    /* A nearby target has usually answered by now (on loopback the
     * handshake happens inside connect()): one poll() then settles the
     * check without an epoll registration. */
    struct pollfd p = {.fd = c->fd, .events = POLLOUT};
    if (poll(&p, 1, 0) == 1) {
        settle(d, c, p.revents == POLLOUT);
        return;
    }
    c->h.fn = tcp_event;
    ev.events = EPOLLOUT;
    ev.data.ptr = &c->h;
    if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
        finish(d, c, 0, strerror(errno));
        return;
    }
    c->deadline_ms = mono_ms() + d->cf.timeout_ms;
    checkq_push(&d->tcp_live, c);
    c->listed = 2;
}

void
tcp_expire(struct daemon *d, int64_t now_ms)
{
    char msg[64];
    struct check *c;
    if ((c = d->tcp_live.head) == NULL || c->deadline_ms > now_ms)
        return; /* the common case, every turn of the loop */
    snprintf(msg, sizeof msg, "no answer within %d ms", d->cf.timeout_ms);
    while ((c = d->tcp_live.head) != NULL && c->deadline_ms <= now_ms)
        finish(d, c, 0, msg);
}

int64_t
tcp_next_deadline(struct daemon *d)
{
    return d->tcp_live.head ? d->tcp_live.head->deadline_ms : -1;
}
