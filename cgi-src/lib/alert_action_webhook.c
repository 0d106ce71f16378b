/* alert_action_webhook.c — the webhook action: the alert as JSON, POSTed
 * to an http(s) URL through libcurl; retried with exponential back-off on
 * network errors, 408, 429 and 5xx, all within the action's deadline.
 * No redirects, no proxy, a capped response.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "alert_action_curl.h"
#include "alert_action_int.h"

#define RESPONSE_MAX   (64 * 1024) /* bytes read of a response */
#define CONNECT_MAX_MS 5000
#define BACKOFF_MAX_MS 30000
#define ATTEMPT_MIN_MS 200 /* a retry needs at least this much time left */

struct response {
    char head[512]; /* the start, for the log */
    size_t len;     /* bytes received */
    int capped;     /* more than RESPONSE_MAX arrived: transfer stopped */
};

static size_t
write_cb(char *p, size_t size, size_t nmemb, void *data)
{
    struct response *resp = data;
    size_t n = size * nmemb, room = sizeof resp->head - 1, off, keep;
    if (resp->len + n > RESPONSE_MAX) {
        resp->capped = 1;
        return 0; /* stops the transfer: CURLE_WRITE_ERROR */
    }
    off = resp->len < room ? resp->len : room;
    keep = n < room - off ? n : room - off;
    memcpy(resp->head + off, p, keep); /* head was zeroed: stays a string */
    resp->len += n;
    return n;
}

static void
sleep_ms(long long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* 1 when the URL is http:// or https:// with something after it. */
static int
http_url(const char *u)
{
    return (strncasecmp(u, "http://", 7) == 0 && u[7]) ||
           (strncasecmp(u, "https://", 8) == 0 && u[8]);
}

/* One POST. Returns the curl code; *status the HTTP status (0 none). */
static CURLcode
post_once(const struct aa_curl *c, const char *url, const char *body,
          size_t len, long long left_ms, struct response *resp, int *status,
          char *errbuf)
{
    CURL *e = c->easy_init();
    struct curl_slist *hdr = NULL, *h2;
    CURLcode rc = CURLE_OUT_OF_MEMORY;
    long code = 0;
    long connect_ms = left_ms < CONNECT_MAX_MS ? (long)left_ms : CONNECT_MAX_MS;
    int bad = 0;

    *status = 0;
    errbuf[0] = '\0';
    if (!e)
        return rc;
    h2 = c->slist_append(hdr, "Content-Type: application/json");
    if (h2)
        hdr = h2;
    h2 = h2 ? c->slist_append(hdr, "Expect:") : NULL; /* no 100-continue */
    if (h2)
        hdr = h2;
    if (!h2)
        goto out;
    bad |= c->easy_setopt(e, CURLOPT_URL, url) != CURLE_OK;
    bad |= aa_curl_protocols(c, e, "http,https",
                             CURLPROTO_HTTP | CURLPROTO_HTTPS) != 0;
    bad |= c->easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, connect_ms) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)left_ms) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_PROXY, "") != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_NOPROXY, "*") != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_USERAGENT, "unlimited-cluster-alerts/1") !=
           CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_HTTPHEADER, hdr) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_POST, 1L) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)len) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_POSTFIELDS, body) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_WRITEDATA, resp) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_NOPROGRESS, 1L) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf) != CURLE_OK;
    if (bad) {
        rc = CURLE_FAILED_INIT;
        goto out;
    }
    rc = c->easy_perform(e);
    if (c->easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK)
        *status = (int)code;
out:
    c->slist_free_all(hdr);
    c->easy_cleanup(e);
    return rc;
}

/* Whether an attempt's outcome is worth another try. */
static int
retryable(CURLcode rc, int status)
{
    if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && status))
        return status == 408 || status == 429 || status >= 500;
    switch (rc) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_FAILED_INIT:
    case CURLE_OUT_OF_MEMORY:
    case CURLE_PEER_FAILED_VERIFICATION:
        return 0;
    default:
        return 1;
    }
}

int
aa_webhook_post(const struct alert_action_conf *conf, const char *url,
                const char *body, size_t len, long long deadline_ms,
                struct alert_action_result *r)
{
    const struct aa_curl *c;
    const char *why = "";
    char errbuf[CURL_ERROR_SIZE] = "";
    int tries = 1 + (conf->webhook_retries >= 0 &&
                             conf->webhook_retries <= ALERT_ACTION_RETRIES_MAX
                         ? conf->webhook_retries
                         : ALERT_ACTION_RETRIES_DEFAULT);
    long long delay = conf->backoff_ms > 0 ? conf->backoff_ms : 1000;
    CURLcode rc = CURLE_OK;
    int status = 0, i;

    if (!http_url(url) || strpbrk(url, " \t\r\n"))
        return aa_fail(r, "action_err_url",
                       "the webhook URL must be http:// or https://");
    c = aa_curl_get(&why);
    if (!c)
        return aa_fail(r, "action_err_curl", "%s", why);
    for (i = 0; i < tries; i++) {
        struct response resp;
        long long left = aa_left_ms(deadline_ms);
        if (i > 0) {
            /* Back off, unless the deadline leaves no room to try again. */
            if (left < delay + ATTEMPT_MIN_MS)
                break;
            sleep_ms(delay);
            delay = delay * 2 < BACKOFF_MAX_MS ? delay * 2 : BACKOFF_MAX_MS;
            left = aa_left_ms(deadline_ms);
        }
        if (left <= 0)
            break;
        memset(&resp, 0, sizeof resp);
        r->attempts = i + 1;
        rc = post_once(c, url, body, len, left, &resp, &status, errbuf);
        r->http_status = status;
        aa_set_output(r, resp.head, strlen(resp.head));
        if ((rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && resp.capped)) &&
            status >= 200 && status < 300)
            return 0; /* a 2xx with a long answer is still delivered */
        if (!retryable(rc, status))
            break;
    }
    if (rc == CURLE_OPERATION_TIMEDOUT || aa_left_ms(deadline_ms) <= 0)
        r->timed_out = 1;
    if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && status))
        return aa_fail(r, "action_err_http",
                       "webhook not delivered after %d attempt%s: %s",
                       r->attempts, r->attempts == 1 ? "" : "s",
                       errbuf[0] ? errbuf : c->easy_strerror(rc));
    return aa_fail(r, "action_err_http",
                   "webhook answered HTTP %d after %d attempt%s", status,
                   r->attempts, r->attempts == 1 ? "" : "s");
}
