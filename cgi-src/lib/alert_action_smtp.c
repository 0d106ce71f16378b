/* alert_action_smtp.c — sends an alert message by SMTP through libcurl:
 * smtps:// (TLS from the start) or smtp:// (STARTTLS when offered, and
 * required when the URL carries a user name), one attempt within the
 * action's deadline.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alert_action_curl.h"
#include "alert_action_int.h"

#define CONNECT_MAX_MS 10000

struct upload {
    const char *p;
    size_t left;
};

static size_t
read_cb(char *out, size_t size, size_t nmemb, void *data)
{
    struct upload *u = data;
    size_t n = size * nmemb;
    if (n > u->left)
        n = u->left;
    memcpy(out, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

/* 1 when the URL's authority holds "user@" (credentials). */
static int
has_userinfo(const char *url)
{
    const char *host = strstr(url, "://");
    size_t auth;
    if (!host)
        return 0;
    host += 3;
    auth = strcspn(host, "/?#");
    return memchr(host, '@', auth) != NULL;
}

int
aa_smtp_send(const struct alert_action_conf *conf, char rcpt[][256], int nrcpt,
             const struct buf *msg, long long deadline_ms,
             struct alert_action_result *r)
{
    const struct aa_curl *c;
    const char *why = "";
    struct curl_slist *to = NULL, *t2;
    struct upload up = {msg->p, msg->len};
    char from[260], addr[260], errbuf[CURL_ERROR_SIZE] = "";
    long long left = aa_left_ms(deadline_ms);
    long code = 0, ssl;
    CURLcode rc = CURLE_FAILED_INIT;
    CURL *e = NULL;
    int i, bad = 0;

    c = aa_curl_get(&why);
    if (!c)
        return aa_fail(r, "action_err_curl", "%s", why);
    for (i = 0; i < nrcpt; i++) {
        snprintf(addr, sizeof addr, "<%s>", rcpt[i]);
        t2 = c->slist_append(to, addr);
        if (!t2)
            goto out;
        to = t2;
    }
    snprintf(from, sizeof from, "<%s>", conf->mail_from);
    e = c->easy_init();
    if (!e || left <= 0)
        goto out;
    ssl = strncasecmp(conf->smtp_url, "smtps://", 8) == 0 ||
                  has_userinfo(conf->smtp_url)
              ? (long)CURLUSESSL_ALL
              : (long)CURLUSESSL_TRY;
    r->attempts = 1;
    bad |= c->easy_setopt(e, CURLOPT_URL, conf->smtp_url) != CURLE_OK;
    bad |= aa_curl_protocols(c, e, "smtp,smtps",
                             CURLPROTO_SMTP | CURLPROTO_SMTPS) != 0;
    bad |= c->easy_setopt(e, CURLOPT_USE_SSL, ssl) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_MAIL_FROM, from) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_MAIL_RCPT, to) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_UPLOAD, 1L) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_READFUNCTION, read_cb) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_READDATA, &up) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg->len) !=
           CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_CRLF, 1L) != CURLE_OK; /* \n -> \r\n */
    bad |= c->easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_PROXY, "") != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                          left < CONNECT_MAX_MS
                              ? (long)left
                              : (long)CONNECT_MAX_MS) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)left) != CURLE_OK;
    bad |= c->easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf) != CURLE_OK;
    if (bad)
        goto out;
    rc = c->easy_perform(e);
    if (c->easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK)
        snprintf(r->output, sizeof r->output, "SMTP reply %ld", code);
out:
    if (e)
        c->easy_cleanup(e);
    if (to)
        c->slist_free_all(to);
    if (rc == CURLE_OK)
        return 0;
    if (rc == CURLE_OPERATION_TIMEDOUT)
        r->timed_out = 1;
    return aa_fail(r, "action_err_smtp", "SMTP: %s",
                   errbuf[0] ? errbuf : c->easy_strerror(rc));
}
