/* httpget.c — the HTTP check over plain http, on the daemon's own epoll
 * loop without libcurl: a non-blocking connect to the resolved address,
 * one "GET path HTTP/1.1" with Connection: close, the answer read as it
 * arrives by httpresp.c (status, framing, the body counted up to
 * http_max_bytes). libcurl costs about
 * twice the CPU per check for the same exchange (its URL and header
 * handling, docs/monitoring.md); https checks and node_exporter scrapes
 * stay on it (http.c). The rules are http.c's: no redirect is followed,
 * no proxy is used, the name goes in Host, latency is the time to the
 * first byte of the answer.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"

static void
unlist(struct daemon *d, struct check *c)
{
    if (c->listed == 4)
        checkq_remove(&d->hget_connecting, c);
    else if (c->listed == 5)
        checkq_remove(&d->hget_reading, c);
    c->listed = 0;
}

/* Ends the check: closes the socket and reports: complete (http_result
 * judges the status), or failed with err. */
static void
finish(struct daemon *d, struct check *c, int complete, const char *err)
{
    struct hget *g = &c->hg;
    int64_t at = g->first_us ? g->first_us : mono_us();
    double ms = (double)(at - c->start_us) / 1000.0;

    unlist(d, c);
    if (c->fd >= 0)
        close(c->fd); /* also leaves the epoll set */
    c->fd = -1;
    if (complete) {
        c->sink.bytes = g->r.bytes; /* what http_result records */
        c->sink.capped = g->r.capped;
        http_result(d, c, g->r.status, ms);
    } else {
        check_done(d, c, 0, ms, err);
    }
}

static void
fail_errno(struct daemon *d, struct check *c, const char *what, int err)
{
    char why[120];
    snprintf(why, sizeof why, "%s: %s", what, strerror(err));
    finish(d, c, 0, why);
}

static void
put(char **p, const char *s, size_t n)
{
    memcpy(*p, s, n);
    *p += n;
}

/* The request of c into buf (at most REQ_MAX bytes); its length. */
#define REQ_MAX 1024
static size_t
request(const struct daemon *d, const struct check *c, char *buf)
{
    static const char ua[] = "\r\nUser-Agent: unlimited-clusterd/" DAEMON_VERSION
                             "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    const struct target *t = c->t;
    const char *path = t->set.http_path[0] ? t->set.http_path : d->cf.http_path;
    int bracket = strchr(t->host, ':') != NULL; /* IPv6 literal */
    size_t np = strlen(path), nh = strlen(t->host);
    char digits[8];
    size_t nd = 0;
    char *p = buf;

    /* The store only keeps valid paths; another writer of the database
     * might not: nothing but a plain path goes into the request line. */
    if (!probe_path_ok(path) || np + nh + sizeof ua + 40 > REQ_MAX)
        return 0;
    for (int v = c->port; v > 0; v /= 10)
        digits[sizeof digits - 1 - nd++] = (char)('0' + v % 10);
    put(&p, "GET ", 4);
    put(&p, path, np);
    put(&p, " HTTP/1.1\r\nHost: ", 17);
    if (bracket)
        put(&p, "[", 1);
    put(&p, t->host, nh);
    if (bracket)
        put(&p, "]", 1);
    if (c->port != 80) { /* as libcurl: the port unless it is the default */
        put(&p, ":", 1);
        put(&p, digits + sizeof digits - nd, nd);
    }
    put(&p, ua, sizeof ua - 1);
    return (size_t)(p - buf);
}

/* Sends what is left of the request: 1 all sent, 0 wait for EPOLLOUT,
 * -1 the check ended. */
static int
send_rest(struct daemon *d, struct check *c)
{
    char buf[REQ_MAX];
    size_t n = request(d, c, buf);

    if (n == 0) {
        finish(d, c, 0, "the path is no valid URL path");
        return -1;
    }
    while ((size_t)c->hg.sent < n) {
        ssize_t w = send(c->fd, buf + c->hg.sent, n - (size_t)c->hg.sent,
                         MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == ENOTCONN))
            return 0; /* still connecting, or the buffer is full */
        if (w < 0) { /* before any byte went: the connect failed */
            fail_errno(d, c, c->hg.sent == 0 ? "connect" : "send", errno);
            return -1;
        }
        c->hg.sent += (int)w;
    }
    return 1;
}

/* The request is out: from now on the whole-check deadline applies. */
static void
now_reading(struct daemon *d, struct check *c)
{
    unlist(d, c);
    c->hg.sending = 0;
    c->deadline_ms = c->start_us / 1000 + d->cf.http_timeout_ms;
    checkq_insert_by_deadline(&d->hget_reading, c);
    c->listed = 5;
}

/* Reads everything there is (edge-triggered: until EAGAIN). */
static void
read_all(struct daemon *d, struct check *c)
{
    static char buf[16384]; /* one thread */
    struct hget *g = &c->hg;
    const char *why = NULL;

    for (;;) {
        ssize_t n = recv(c->fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return;
        if (n < 0) {
            fail_errno(d, c, "recv", errno);
            return;
        }
        if (n == 0) { /* the server closed */
            int rc = hresp_eof(&g->r, &why);
            finish(d, c, rc > 0, why);
            return;
        }
        if (g->first_us == 0)
            g->first_us = mono_us();
        int rc = hresp_feed(&g->r, buf, (size_t)n, &why);
        if (rc != 0) {
            finish(d, c, rc > 0, why);
            return;
        }
    }
}

static void
hget_event(struct daemon *d, struct evh *h, uint32_t events)
{
    struct check *c = (struct check *)h;

    if (c->hg.sending) {
        if (events & (EPOLLERR | EPOLLHUP)) {
            int soerr = 0;
            socklen_t len = sizeof soerr;
            if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
                soerr = errno;
            fail_errno(d, c, "connect", soerr ? soerr : ECONNRESET);
            return;
        }
        int rc = send_rest(d, c);
        if (rc <= 0)
            return;
        now_reading(d, c);
    }
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
        read_all(d, c);
}

void
hget_start(struct daemon *d, struct check *c, int port)
{
    struct epoll_event ev = {0};

    c->hg.sending = 1;
    c->hg.sent = 0;
    c->hg.first_us = 0;
    hresp_init(&c->hg.r, d->cf.http_max_bytes);
    c->port = (uint16_t)port;
    int rc = tcp_connect(c);
    if (rc != 0 && rc != EINPROGRESS) {
        fail_errno(d, c, c->fd < 0 ? "socket" : "connect", rc);
        return;
    }
    /* A nearby server has usually accepted by now (on loopback the
     * handshake happens inside connect()): send at once and wait only
     * for the answer. Otherwise wait to be writable first. */
    int sent = send_rest(d, c);
    if (sent < 0)
        return;
    c->h.fn = hget_event;
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET | (sent ? 0 : EPOLLOUT);
    ev.data.ptr = &c->h;
    if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
        fail_errno(d, c, "epoll", errno);
        return;
    }
    if (sent) {
        now_reading(d, c);
        return;
    }
    int connect_ms = d->cf.timeout_ms < d->cf.http_timeout_ms
                         ? d->cf.timeout_ms
                         : d->cf.http_timeout_ms;
    c->deadline_ms = c->start_us / 1000 + connect_ms;
    checkq_push(&d->hget_connecting, c);
    c->listed = 4;
}

void
hget_expire(struct daemon *d, int64_t now_ms)
{
    static const char *const what[2] = {
        "connect timed out after %d ms",
        "timed out after %d ms without a complete answer"};
    struct checkq *q[2] = {&d->hget_connecting, &d->hget_reading};
    int ms[2] = {d->cf.timeout_ms, d->cf.http_timeout_ms};
    char msg[80];
    struct check *c;

    for (int i = 0; i < 2; i++) {
        if ((c = q[i]->head) == NULL || c->deadline_ms > now_ms)
            continue; /* the common case, every turn of the loop */
        snprintf(msg, sizeof msg, what[i], ms[i]);
        while ((c = q[i]->head) != NULL && c->deadline_ms <= now_ms)
            finish(d, c, 0, msg);
    }
}

int64_t
hget_next_deadline(struct daemon *d)
{
    int64_t a = d->hget_connecting.head ? d->hget_connecting.head->deadline_ms
                                        : -1;
    int64_t b = d->hget_reading.head ? d->hget_reading.head->deadline_ms : -1;
    return a < 0 ? b : b < 0 || a < b ? a : b;
}
