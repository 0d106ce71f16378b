/* alert_action_curl.c — loads libcurl for the actions on first use.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

#include "alert_action_curl.h"

static struct aa_curl fns;
static int state; /* 0 not tried, 1 loaded, -1 failed */
static const char *failure = "";

/* dlsym's void * to a function pointer, through memcpy (ISO C has no
 * cast between the two). */
static int
sym(void *lib, const char *name, void *fnp, size_t size)
{
    void *p = dlsym(lib, name);
    if (!p)
        return -1;
    memcpy(fnp, &p, size);
    return 0;
}

#define SYM(lib, name, field) sym(lib, name, &fns.field, sizeof fns.field)

const struct aa_curl *
aa_curl_get(const char **why)
{
    static const char *const NAMES[] = {"libcurl.so.4", "libcurl-gnutls.so.4",
                                        "libcurl.so"};
    CURLcode (*global_init)(long) = NULL;
    void *lib = NULL;
    size_t i;

    if (state == 0) {
        state = -1;
        failure = "libcurl could not be loaded (is libcurl4 installed?)";
        for (i = 0; i < sizeof NAMES / sizeof NAMES[0] && !lib; i++)
            lib = dlopen(NAMES[i], RTLD_NOW | RTLD_LOCAL);
        if (lib) {
            failure = "libcurl lacks a function the actions need";
            if (SYM(lib, "curl_easy_init", easy_init) == 0 &&
                SYM(lib, "curl_easy_setopt", easy_setopt) == 0 &&
                SYM(lib, "curl_easy_perform", easy_perform) == 0 &&
                SYM(lib, "curl_easy_getinfo", easy_getinfo) == 0 &&
                SYM(lib, "curl_easy_cleanup", easy_cleanup) == 0 &&
                SYM(lib, "curl_easy_strerror", easy_strerror) == 0 &&
                SYM(lib, "curl_slist_append", slist_append) == 0 &&
                SYM(lib, "curl_slist_free_all", slist_free_all) == 0 &&
                sym(lib, "curl_global_init", &global_init,
                    sizeof global_init) == 0) {
                /* Reference-counted inside libcurl: harmless in the
                 * daemon, which already called it. */
                if (global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK)
                    state = 1;
                else
                    failure = "libcurl could not start";
            }
            /* Never dlclose: the library stays for the process. */
        }
    }
    if (state == 1)
        return &fns;
    if (why)
        *why = failure;
    return NULL;
}

int
aa_curl_protocols(const struct aa_curl *c, CURL *e, const char *list, long mask)
{
    if (c->easy_setopt(e, CURLOPT_PROTOCOLS_STR, list) == CURLE_OK)
        return 0;
    return c->easy_setopt(e, CURLOPT_PROTOCOLS, mask) == CURLE_OK ? 0 : -1;
}
