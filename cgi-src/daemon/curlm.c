/* curlm.c — libcurl's multi interface driven by our epoll loop
 * (curl_multi_socket_action): curl tells us which sockets to watch and
 * when its next timeout is; finished transfers go to http.c or prom.c.
 * Curl sockets are registered by number (data.u64 tagged with CURL_TAG),
 * never by pointer, because curl may close a socket while its event is
 * still in the batch epoll_wait returned.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <curl/curl.h>
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>

#include "daemon.h"
#include "log.h"

static int
sock_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
    struct daemon *d = userp;
    struct epoll_event ev = {0};

    (void)easy;
    ev.data.u64 = CURL_TAG | (uint64_t)(unsigned)s;
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(d->epfd, EPOLL_CTL_DEL, s, NULL);
        curl_multi_assign(d->multi, s, NULL);
        return 0;
    }
    ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0) |
                ((what & CURL_POLL_OUT) ? EPOLLOUT : 0);
    int op = socketp ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(d->epfd, op, s, &ev) < 0) {
        op = errno == EEXIST ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
        if (epoll_ctl(d->epfd, op, s, &ev) < 0)
            log_msg("daemon: epoll_ctl for a transfer: %s", strerror(errno));
    }
    if (socketp == NULL)
        curl_multi_assign(d->multi, s, d); /* any non-NULL: "registered" */
    return 0;
}

static int
timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
    struct daemon *d = userp;
    (void)multi;
    d->curl_deadline_ms = timeout_ms < 0 ? -1 : mono_ms() + timeout_ms;
    return 0;
}

int
curlm_open(struct daemon *d)
{
    CURLM *m = curl_multi_init();
    if (m == NULL)
        return -1;
    curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, sock_cb);
    curl_multi_setopt(m, CURLMOPT_SOCKETDATA, d);
    curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, timer_cb);
    curl_multi_setopt(m, CURLMOPT_TIMERDATA, d);
    /* Every transfer is a fresh connection to a different host. */
    curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, 16L);
    d->multi = m;
    d->curl_deadline_ms = -1;
    return 0;
}

/* Hands every finished transfer to its owner. */
static void
drain(struct daemon *d)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(d->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CURL *easy = msg->easy_handle;
        int code = (int)msg->data.result;
        curl_multi_remove_handle(d->multi, easy);
        if (prom_owns(d, easy))
            prom_easy_done(d, easy, code);
        else
            http_easy_done(d, easy, code);
    }
}

void
curlm_event(struct daemon *d, int fd, uint32_t events)
{
    int mask = 0, running;
    if (events & EPOLLIN)
        mask |= CURL_CSELECT_IN;
    if (events & EPOLLOUT)
        mask |= CURL_CSELECT_OUT;
    if (events & (EPOLLERR | EPOLLHUP))
        mask |= CURL_CSELECT_ERR;
    curl_multi_socket_action(d->multi, fd, mask, &running);
    drain(d);
}

int
curlm_add(struct daemon *d, void *easy)
{
    if (curl_multi_add_handle(d->multi, easy) != CURLM_OK)
        return -1;
    return 0;
}

void
curlm_timeout(struct daemon *d, int64_t now_ms)
{
    int running;
    if (d->curl_deadline_ms < 0 || d->curl_deadline_ms > now_ms)
        return;
    d->curl_deadline_ms = -1;
    curl_multi_socket_action(d->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    drain(d);
}

int64_t
curlm_next_deadline(struct daemon *d)
{
    return d->curl_deadline_ms;
}

void
curlm_close(struct daemon *d)
{
    if (d->multi == NULL)
        return;
    http_abort_all(d);
    prom_abort_all(d);
    curl_multi_cleanup(d->multi);
    d->multi = NULL;
    http_pool_free();
}
