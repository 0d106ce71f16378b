/* http.c — the HTTP(S) check of web servers and load balancers, and the
 * node_exporter scrape, as libcurl transfers on the multi handle. Every
 * transfer: http and https only (no file://, ftp://, ...), no redirects
 * followed, no proxy from the environment, libcurl's DNS cache off (the
 * daemon resolves names itself, dns.c), connect and total timeouts, and a
 * cap on the body (the write callback aborts past it).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon.h"
#include "log.h"

static size_t
write_cb(char *p, size_t size, size_t n, void *ud)
{
    struct sink *s = ud;
    size_t len = size * n;

    if (s->bytes + (long long)len > (long long)s->max) {
        len = s->max - (size_t)s->bytes;
        s->capped = 1;
    }
    if (s->keep && len > 0) {
        if (s->len + len + 1 > s->cap) {
            size_t cap = s->cap ? s->cap : 65536;
            while (cap < s->len + len + 1)
                cap *= 2;
            if (cap > s->max + 1)
                cap = s->max + 1;
            char *b = realloc(s->body, cap);
            if (b == NULL)
                return 0;
            s->body = b;
            s->cap = cap;
        }
        memcpy(s->body + s->len, p, len);
        s->len += len;
        s->body[s->len] = '\0';
    }
    s->bytes += (long long)len;
    return s->capped ? 0 : size * n; /* 0 aborts the transfer */
}

void
sink_free(struct sink *s)
{
    free(s->body);
    memset(s, 0, sizeof *s);
}

#define USER_AGENT "unlimited-clusterd/" DAEMON_VERSION

/* The one header list every handle sends (made once, kept to the end:
 * handles point at it). NULL when it cannot be allocated. */
static struct curl_slist *
user_agent_header(void)
{
    static struct curl_slist *ua;
    if (ua == NULL)
        ua = curl_slist_append(NULL, "User-Agent: " USER_AGENT);
    return ua;
}

/* The options that never change between transfers: set once on a new
 * handle (easy_new), or by http_easy_setup for a one-off handle. */
static int
easy_constant(CURL *e)
{
    int rc = 0;
    /* Only http and https, here and for any redirect. */
    rc |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    rc |= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    rc |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    rc |= curl_easy_setopt(e, CURLOPT_MAXREDIRS, 0L);
    rc |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    /* The host-cache prune walks every entry per transfer (O(N^2) over N
     * targets): off; names are resolved by dns.c. */
    rc |= curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
    rc |= curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
    rc |= curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
    /* Every HTTPS check is a full handshake with its certificate checked,
     * never a session resumed from an earlier check. */
    rc |= curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L);
    rc |= curl_easy_setopt(e, CURLOPT_PROXY, "");
    rc |= curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
    /* The User-Agent as a header line of a list shared by every handle:
     * CURLOPT_USERAGENT would cost each transfer an aprintf of the line
     * (libcurl's printf goes a byte at a time) before the request copies
     * it again. Same header, sent after Accept instead of before it. */
    struct curl_slist *ua = user_agent_header();
    if (ua != NULL)
        rc |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, ua);
    else
        rc |= curl_easy_setopt(e, CURLOPT_USERAGENT, USER_AGENT);
    rc |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
    rc |= curl_easy_setopt(e, CURLOPT_NOPROGRESS, 1L);
    return rc;
}

/* The options of one transfer (a pooled handle keeps the last ones). */
static int
easy_transfer(CURL *e, const struct dconf *cf, const char *url, long timeout_ms,
              struct sink *s, char *errbuf)
{
    long connect_ms = cf->timeout_ms < timeout_ms ? cf->timeout_ms : timeout_ms;
    int rc = 0;

    rc |= curl_easy_setopt(e, CURLOPT_URL, url);
    rc |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    rc |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
    rc |= curl_easy_setopt(e, CURLOPT_WRITEDATA, s);
    rc |=
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, (long)cf->http_tls_verify);
    rc |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST,
                           cf->http_tls_verify ? 2L : 0L);
    if (errbuf != NULL)
        errbuf[0] = '\0';
    rc |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
    return rc;
}

int
http_easy_setup(void *easy, const struct dconf *cf, const char *url,
                long timeout_ms, struct sink *s, char *errbuf)
{
    int rc = easy_constant(easy) |
             easy_transfer(easy, cf, url, timeout_ms, s, errbuf);
    return rc == CURLE_OK ? 0 : -1;
}

/* host for a URL: IPv6 literals in brackets. */
static void
url_host(const char *host, char *out, size_t n)
{
    if (strchr(host, ':') != NULL)
        snprintf(out, n, "[%s]", host);
    else
        snprintf(out, n, "%s", host);
}

/* Appends len bytes of s at out[*at] when they fit in n (with the NUL);
 * *at counts on regardless, so that an overflow shows in the end. */
static void
put(char *out, size_t n, size_t *at, const char *s, size_t len)
{
    if (*at + len < n)
        memcpy(out + *at, s, len);
    *at += len;
}

int
http_url(const struct target *t, const struct dconf *cf, char *out,
         size_t outlen, int *expect)
{
    int port = t->set.http_port > 0 ? t->set.http_port
               : t->nports > 0      ? t->ports[0]
                                    : 80;
    const char *scheme = t->set.http_scheme[0]         ? t->set.http_scheme
                         : port == 443 || port == 8443 ? "https"
                                                       : "http";
    const char *path = t->set.http_path[0] ? t->set.http_path : cf->http_path;
    char digits[8];
    size_t at = 0, nd = 0;
    int bracket = strchr(t->host, ':') != NULL; /* IPv6 literal */

    if (expect != NULL)
        *expect = t->set.http_status > 0 ? t->set.http_status : cf->http_status;
    if (port <= 0 || port > 65535 || outlen == 0)
        return -1;
    /* scheme://host:port/path, by hand: this runs for every check, and
     * snprintf costs several times as much. */
    for (int p = port; p > 0; p /= 10)
        digits[sizeof digits - 1 - nd++] = (char)('0' + p % 10);
    put(out, outlen, &at, scheme, strlen(scheme));
    put(out, outlen, &at, "://[", bracket ? 4 : 3);
    put(out, outlen, &at, t->host, strlen(t->host));
    put(out, outlen, &at, bracket ? "]:" : ":", bracket ? 2 : 1);
    put(out, outlen, &at, digits + sizeof digits - nd, nd);
    put(out, outlen, &at, path, strlen(path));
    if (at >= outlen)
        return -1;
    out[at] = '\0';
    return port;
}

/* "host:port:addr:port" so that libcurl connects to the address we
 * resolved while Host and SNI keep the name. */
static void *
connect_to(const struct target *t, int port)
{
    char addr[INET6_ADDRSTRLEN + 2], ip[INET6_ADDRSTRLEN], line[600];
    if (t->literal || !t->have_addr)
        return NULL;
    if (t->addr.ss_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)&t->addr)->sin6_addr,
                  ip, sizeof ip);
        snprintf(addr, sizeof addr, "[%s]", ip);
    } else {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)&t->addr)->sin_addr,
                  addr, sizeof addr);
    }
    snprintf(line, sizeof line, "%s:%d:%s:%d", t->host, port, addr, port);
    return curl_slist_append(NULL, line);
}

/* Idle easy handles, reused: a new handle per transfer costs allocations
 * (and heap growth and trimming) worth ~10 % of a probe, and setting the
 * constant options again costs more. The pool holds at most as many
 * handles as transfers ran at once (http_max_inflight), each keeping its
 * constant options (easy_constant); every transfer sets its own
 * (easy_transfer, plus PRIVATE, CONNECT_TO and ACCEPT_ENCODING in
 * start()), so nothing of one check leaks into the next. */
#define POOL_MAX 1024
static CURL *pool[POOL_MAX];
static size_t npool;

static CURL *
easy_get(void)
{
    if (npool > 0)
        return pool[--npool];
    CURL *e = curl_easy_init();
    if (e != NULL && easy_constant(e) != CURLE_OK) {
        curl_easy_cleanup(e);
        return NULL;
    }
    return e;
}

static void
easy_put(CURL *e)
{
    if (npool == POOL_MAX) {
        curl_easy_cleanup(e);
        return;
    }
    /* Nothing of the finished check stays reachable from an idle handle. */
    curl_easy_setopt(e, CURLOPT_PRIVATE, NULL);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, NULL);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(e, CURLOPT_CONNECT_TO, NULL);
    pool[npool++] = e;
}

void
http_pool_free(void)
{
    while (npool > 0)
        curl_easy_cleanup(pool[--npool]);
}

static void
fail_now(struct daemon *d, struct check *c, const char *why)
{
    check_done(d, c, 0, 0, why);
}

/* Starts a transfer of url for check c. */
static void
start(struct daemon *d, struct check *c, const char *url, int port,
      long timeout_ms, size_t max, int keep)
{
    CURL *e = easy_get();
    if (e == NULL) {
        fail_now(d, c, "out of memory");
        return;
    }
    c->sink.max = max;
    c->sink.keep = keep;
    c->easy = e;
    c->start_us = mono_us();
    c->connect_to = connect_to(c->t, port);
    if (easy_transfer(e, &d->cf, url, timeout_ms, &c->sink, c->errbuf) !=
            CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_PRIVATE, c) != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_CONNECT_TO, c->connect_to) != CURLE_OK ||
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, keep ? "" : NULL) !=
            CURLE_OK) {
        easy_put(e);
        curl_slist_free_all(c->connect_to);
        c->easy = c->connect_to = NULL;
        fail_now(d, c, "libcurl refused an option (needs 7.85 or later)");
        return;
    }
    if (curlm_add(d, e) < 0) {
        easy_put(e);
        curl_slist_free_all(c->connect_to);
        c->easy = c->connect_to = NULL;
        fail_now(d, c, "cannot start a transfer");
        return;
    }
    checkq_push(&d->curl_live, c);
    c->listed = 3;
}

void
http_start(struct daemon *d, struct check *c)
{
    char url[600];
    int expect;
    int port = http_url(c->t, &d->cf, url, sizeof url, &expect);
    if (port < 0) {
        fail_now(d, c, "URL too long");
        return;
    }
    start(d, c, url, port, d->cf.http_timeout_ms, (size_t)d->cf.http_max_bytes,
          0);
}

void
scrape_start(struct daemon *d, struct check *c)
{
    char url[600], host[VALID_HOST_MAX + 3];
    int port = c->t->set.node_port > 0 ? c->t->set.node_port : d->cf.node_port;
    url_host(c->t->host, host, sizeof host);
    snprintf(url, sizeof url, "http://%s:%d/metrics", host, port);
    start(d, c, url, port, d->cf.http_timeout_ms,
          (size_t)d->cf.metrics_max_bytes, 1);
}

static int
status_ok(long code, int expect)
{
    return expect > 0 ? code == expect : code >= 200 && code <= 399;
}

static void
scrape_done(struct daemon *d, struct check *c, int code, long status, double ms)
{
    struct target *t = c->t;
    char why[200];

    if (code != CURLE_OK || status != 200) {
        if (c->sink.capped)
            snprintf(why, sizeof why, "node_exporter: more than %zu bytes",
                     c->sink.max);
        else if (code != CURLE_OK)
            snprintf(why, sizeof why, "node_exporter: %.150s",
                     c->errbuf[0] ? c->errbuf
                                  : curl_easy_strerror((CURLcode)code));
        else
            snprintf(why, sizeof why, "node_exporter: HTTP status %ld", status);
        target_metrics_error(t, why);
        check_done(d, c, 0, ms, why);
        return;
    }
    struct nodeexp_raw raw;
    struct nodeexp_error perr;
    if (nodeexp_parse(c->sink.body ? c->sink.body : "", c->sink.len, &raw,
                      &perr) < 0) {
        snprintf(why, sizeof why, "node_exporter: line %zu: %s", perr.line,
                 perr.what);
        target_metrics_error(t, why);
        check_done(d, c, 0, ms, why);
        return;
    }
    metrics_from_raw(t, &raw, "node_exporter");
    check_done(d, c, 1, ms, NULL);
}

void
http_easy_done(struct daemon *d, void *easy, int code)
{
    struct check *c = NULL;
    long status = 0;
    curl_off_t ttfb = 0;
    char why[300];

    curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&c);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(easy, CURLINFO_STARTTRANSFER_TIME_T, &ttfb);
    double ms = ttfb > 0 ? (double)ttfb / 1000.0
                         : (double)(mono_us() - c->start_us) / 1000.0;
    if (c->listed == 3) {
        checkq_remove(&d->curl_live, c);
        c->listed = 0;
    }
    easy_put(easy);
    curl_slist_free_all(c->connect_to);
    c->easy = c->connect_to = NULL;
    if (c->kind == CK_SCRAPE) {
        scrape_done(d, c, code, status, ms);
        return;
    }
    /* A body over the cap aborts the transfer; the status line came
     * first, so the check still counts. */
    int done =
        code == CURLE_OK || (code == CURLE_WRITE_ERROR && c->sink.capped);
    struct target *t = c->t;
    int expect =
        t->set.http_status > 0 ? t->set.http_status : d->cf.http_status;
    if (!t->removed && done) {
        t->r->http_code = (int)status;
        t->r->http_bytes = c->sink.bytes;
    }
    if (!done) {
        snprintf(why, sizeof why, "%s",
                 c->errbuf[0] ? c->errbuf : curl_easy_strerror((CURLcode)code));
        check_done(d, c, 0, ms, why);
    } else if (!status_ok(status, expect)) {
        if (expect > 0)
            snprintf(why, sizeof why, "status %ld, expected %d", status,
                     expect);
        else
            snprintf(why, sizeof why, "status %ld, expected 200-399", status);
        check_done(d, c, 0, ms, why);
    } else {
        check_done(d, c, 1, ms, NULL);
    }
}

void
http_abort_all(struct daemon *d)
{
    struct check *c;
    while ((c = d->curl_live.head) != NULL) {
        checkq_remove(&d->curl_live, c);
        c->listed = 0;
        curl_multi_remove_handle(d->multi, c->easy);
        curl_easy_cleanup(c->easy);
        curl_slist_free_all(c->connect_to);
        c->easy = c->connect_to = NULL;
        check_done(d, c, 0, 0, "stopped");
    }
}

/* --check URL: one transfer with the daemon's own options, reported on
 * stdout. Exit status 0 when the status is what the config expects. */
int
http_check_url(const struct dconf *cf, const char *url, int verbose)
{
    struct sink s = {0};
    char errbuf[CURL_ERROR_SIZE];
    long status = 0;
    curl_off_t total = 0;
    CURL *e = curl_easy_init();
    int ok;

    (void)verbose;
    if (e == NULL)
        return 1;
    s.max = (size_t)cf->http_max_bytes;
    if (http_easy_setup(e, cf, url, cf->http_timeout_ms, &s, errbuf) < 0) {
        printf("url=%s result=error error=\"libcurl refused an option\"\n",
               url);
        curl_easy_cleanup(e);
        return 1;
    }
    CURLcode code = curl_easy_perform(e);
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &total);
    int done = code == CURLE_OK || (code == CURLE_WRITE_ERROR && s.capped);
    ok = done && status_ok(status, cf->http_status);
    printf("url=%s result=%s status=%ld bytes=%lld capped=%d ms=%.3f", url,
           ok ? "ok" : "fail", status, s.bytes, s.capped,
           (double)total / 1000.0);
    if (!done)
        printf(" error=\"%s\"", errbuf[0] ? errbuf : curl_easy_strerror(code));
    printf("\n");
    curl_easy_cleanup(e);
    sink_free(&s);
    return ok ? 0 : 1;
}
