/* dns.c — host names resolved off the event loop and cached. getaddrinfo
 * blocks (resolv.conf timeouts, up to tens of seconds), so two worker
 * threads run it from a bounded request ring and post results back
 * through an eventfd; only the loop thread touches the cache. An address
 * is kept dns_ttl seconds (module config, default 300), a failure 30
 * seconds; an expired address is still used while its refresh runs.
 * Servers given by IP address never come here.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"

#define RING        256
#define WORKERS     2
#define NEG_TTL_MS  30000
#define BUCKETS     1024
#define ENTRIES_MAX 100000 /* names cached at most */

struct dns_result {
    char host[VALID_HOST_MAX + 1];
    struct sockaddr_storage ss;
    socklen_t len;
    int ok;
    char err[96];
};

struct dns_entry {
    char host[VALID_HOST_MAX + 1];
    struct sockaddr_storage ss;
    socklen_t len;
    int state;   /* 0 never resolved, 1 address, 2 failed */
    int pending; /* a lookup is queued or running */
    int64_t expires_ms;
    char err[96];
    struct dns_entry *next;
};

struct dns {
    struct evh h;
    int efd;
    pthread_mutex_t mu;
    pthread_cond_t cv_req, cv_space;
    char req[RING][VALID_HOST_MAX + 1];
    size_t req_head, req_n;
    struct dns_result done[RING];
    size_t done_head, done_n;
    int quit, alive;
    struct dns_entry *tab[BUCKETS];
    size_t nentries;
};

static size_t
hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * 1099511628211ULL;
    }
    return (size_t)(h % BUCKETS);
}

static void *
worker(void *arg)
{
    struct dns *dn = arg;
    pthread_mutex_lock(&dn->mu);
    for (;;) {
        while (!dn->quit && dn->req_n == 0)
            pthread_cond_wait(&dn->cv_req, &dn->mu);
        if (dn->quit)
            break;
        struct dns_result r;
        memset(&r, 0, sizeof r);
        memcpy(r.host, dn->req[dn->req_head], sizeof r.host);
        dn->req_head = (dn->req_head + 1) % RING;
        dn->req_n--;
        pthread_mutex_unlock(&dn->mu);

        struct addrinfo hints = {0}, *res = NULL;
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_ADDRCONFIG;
        int rc = getaddrinfo(r.host, NULL, &hints, &res);
        if (rc == 0 && res != NULL && res->ai_addrlen <= sizeof r.ss) {
            memcpy(&r.ss, res->ai_addr, res->ai_addrlen);
            r.len = res->ai_addrlen;
            r.ok = 1;
        } else {
            snprintf(r.err, sizeof r.err, "cannot resolve %.60s: %s", r.host,
                     rc ? gai_strerror(rc) : "no address");
        }
        if (res)
            freeaddrinfo(res);

        pthread_mutex_lock(&dn->mu);
        while (!dn->quit && dn->done_n == RING)
            pthread_cond_wait(&dn->cv_space, &dn->mu);
        if (dn->quit)
            break;
        dn->done[(dn->done_head + dn->done_n) % RING] = r;
        dn->done_n++;
        uint64_t one = 1;
        ssize_t w = write(dn->efd, &one, sizeof one);
        (void)w;
    }
    dn->alive--;
    pthread_mutex_unlock(&dn->mu);
    return NULL;
}

static struct dns_entry *
find(struct dns *dn, const char *host)
{
    for (struct dns_entry *e = dn->tab[hash(host)]; e; e = e->next)
        if (strcasecmp(e->host, host) == 0)
            return e;
    return NULL;
}

/* Results back from the workers into the cache. */
static void
dns_ready(struct daemon *d, struct evh *h, uint32_t events)
{
    struct dns *dn = (struct dns *)h;
    uint64_t n;
    ssize_t r = read(dn->efd, &n, sizeof n);
    (void)r;
    (void)events;
    pthread_mutex_lock(&dn->mu);
    while (dn->done_n > 0) {
        struct dns_result *res = &dn->done[dn->done_head];
        struct dns_entry *e = find(dn, res->host);
        if (e != NULL) {
            e->pending = 0;
            if (res->ok) {
                e->ss = res->ss;
                e->len = res->len;
                e->state = 1;
                e->expires_ms = mono_ms() + (int64_t)d->cf.dns_ttl_s * 1000;
            } else {
                /* A name that stops resolving keeps its last address until
                 * the failure has lasted a TTL; a new one fails now. */
                if (e->state != 1 ||
                    mono_ms() > e->expires_ms + (int64_t)d->cf.dns_ttl_s * 1000)
                    e->state = 2;
                snprintf(e->err, sizeof e->err, "%s", res->err);
                if (e->state == 2)
                    e->expires_ms = mono_ms() + NEG_TTL_MS;
                log_msg("daemon: %s", res->err);
            }
        }
        dn->done_head = (dn->done_head + 1) % RING;
        dn->done_n--;
    }
    pthread_cond_broadcast(&dn->cv_space);
    pthread_mutex_unlock(&dn->mu);
}

int
dns_open(struct daemon *d)
{
    struct dns *dn = calloc(1, sizeof *dn);
    struct epoll_event ev = {.events = EPOLLIN};

    if (dn == NULL)
        return -1;
    dn->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (dn->efd < 0) {
        free(dn);
        return -1;
    }
    dn->h.fn = dns_ready;
    ev.data.ptr = &dn->h;
    epoll_ctl(d->epfd, EPOLL_CTL_ADD, dn->efd, &ev);
    pthread_mutex_init(&dn->mu, NULL);
    pthread_cond_init(&dn->cv_req, NULL);
    pthread_cond_init(&dn->cv_space, NULL);
    d->dns = dn;
    return 0;
}

/* Workers start on the first name: an estate of addresses needs none. */
static void
workers_start(struct dns *dn)
{
    for (int i = dn->alive; i < WORKERS; i++) {
        pthread_t th;
        pthread_attr_t at;
        pthread_attr_init(&at);
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&at, 256 * 1024);
        if (pthread_create(&th, &at, worker, dn) == 0)
            dn->alive++;
        pthread_attr_destroy(&at);
    }
}

static void
enqueue(struct dns *dn, struct dns_entry *e)
{
    pthread_mutex_lock(&dn->mu);
    if (dn->alive == 0)
        workers_start(dn);
    if (dn->req_n < RING && dn->alive > 0) {
        snprintf(dn->req[(dn->req_head + dn->req_n) % RING], sizeof dn->req[0],
                 "%s", e->host);
        dn->req_n++;
        e->pending = 1;
        pthread_cond_signal(&dn->cv_req);
    }
    pthread_mutex_unlock(&dn->mu);
}

int
dns_lookup(struct daemon *d, const char *host, struct sockaddr_storage *ss,
           socklen_t *len, char *err, size_t errlen)
{
    struct dns *dn = d->dns;
    struct dns_entry *e = find(dn, host);
    int64_t now = mono_ms();

    if (e == NULL) {
        if (dn->nentries >= ENTRIES_MAX) {
            snprintf(err, errlen, "too many host names to resolve");
            return -1;
        }
        if ((e = calloc(1, sizeof *e)) == NULL) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        snprintf(e->host, sizeof e->host, "%s", host);
        size_t b = hash(host);
        e->next = dn->tab[b];
        dn->tab[b] = e;
        dn->nentries++;
    }
    if (!e->pending && (e->state == 0 || now >= e->expires_ms))
        enqueue(dn, e);
    if (e->state == 1) {
        *ss = e->ss;
        *len = e->len;
        return 1;
    }
    if (e->state == 2 && !e->pending) {
        snprintf(err, errlen, "%s", e->err);
        return -1;
    }
    return 0;
}

void
dns_close(struct daemon *d)
{
    struct dns *dn = d->dns;
    if (dn == NULL)
        return;
    pthread_mutex_lock(&dn->mu);
    dn->quit = 1;
    pthread_cond_broadcast(&dn->cv_req);
    pthread_cond_broadcast(&dn->cv_space);
    pthread_mutex_unlock(&dn->mu);
    /* A worker inside getaddrinfo cannot be interrupted: wait a little,
     * then leave it (and this memory) to the process exit. */
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&dn->mu);
        int alive = dn->alive;
        pthread_mutex_unlock(&dn->mu);
        if (alive == 0)
            break;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    pthread_mutex_lock(&dn->mu);
    int alive = dn->alive;
    pthread_mutex_unlock(&dn->mu);
    close(dn->efd);
    d->dns = NULL;
    if (alive > 0)
        return;
    for (size_t i = 0; i < BUCKETS; i++)
        for (struct dns_entry *e = dn->tab[i], *next; e; e = next) {
            next = e->next;
            free(e);
        }
    free(dn);
}
