/* alert_action_curl.h — libcurl for the actions, loaded with dlopen on
 * first use: the pages link no libcurl (resolving its symbols would cost
 * every request), yet a test-fire from a page can send a webhook or a
 * mail. The daemon, which links libcurl, gets the same library back.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_ALERT_ACTION_CURL_H
#define UC_ALERT_ACTION_CURL_H

#define CURL_DISABLE_TYPECHECK
#define CURL_DISABLE_DEPRECATION /* CURLOPT_PROTOCOLS, for libcurl < 7.85 */
#include <curl/curl.h>

struct aa_curl {
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
};

/* The loaded functions (curl_global_init done), or NULL when libcurl
 * cannot be loaded (then *why says so). Loaded once per process. */
const struct aa_curl *aa_curl_get(const char **why);

/* Limits handle e to the protocols in list ("http,https"), or to mask
 * (CURLPROTO_HTTP | ...) on a libcurl older than 7.85. 0, or -1. */
int aa_curl_protocols(const struct aa_curl *c, CURL *e, const char *list,
                      long mask);

#endif
