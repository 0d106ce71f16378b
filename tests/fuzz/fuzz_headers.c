/* fuzz_headers.c — libFuzzer target over the request headers the module
 * parses itself: the Referer/Origin rule (referer_trusted, referer.c) and
 * the Accept-Language choice (lang_pick, lang.c). Input: the first byte
 * holds switches (HTTPS, referers_none, referer=1, a "Webmin" user agent);
 * the rest is split at NUL bytes into Referer, Origin, Host, the
 * `referers` list and Accept-Language (a missing part is an absent
 * header). Checked: the rule answers 0 or 1, the same each time, and 1
 * whenever Webmin's referer=1 switch is on; the chosen language is a
 * well-formed code.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfgfile.h"
#include "lang.h"
#include "referer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NPARTS 5

static void
check(int ok)
{
    if (!ok)
        abort();
}

/* [a-z0-9_.-], 1..15 characters, not starting with '.'. */
static int
code_ok(const char *c)
{
    size_t n = strlen(c);
    if (n == 0 || n > 15 || c[0] == '.')
        return 0;
    return strspn(c, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned sw = data[0];
    /* One copy; its NUL bytes end the parts. */
    char *text = malloc(size);
    check(text != NULL);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    const char *part[NPARTS] = {NULL};
    const char *p = text, *end = text + size - 1;
    for (size_t i = 0; i < NPARTS && p <= end; i++) {
        part[i] = p;
        p += strlen(p) + 1;
    }

    struct referer_in in = {
        .referer = part[0],
        .origin = part[1],
        .http_host = part[2] ? part[2] : "example.com",
        .https = (int)(sw & 1),
        .user_agent = sw & 2 ? "Webmin" : "Mozilla/5.0 Firefox/128.0",
        .cfg_referers = part[3],
        .cfg_referers_none = sw & 4 ? "1" : NULL,
        .cfg_referer = sw & 8 ? "1" : NULL,
    };
    int r = referer_trusted(&in);
    check(r == 0 || r == 1);
    check(referer_trusted(&in) == r);
    if (sw & 8)
        check(r == 1);

    struct cfgmap global = {0};
    check(cfgmap_set(&global, "acceptlang", "1") == 0);
    if (sw & 16)
        check(cfgmap_set(&global, "lang", "es") == 0);
    char code[16];
    lang_pick(code, &global, "admin", NULL, part[4]);
    check(code_ok(code));
    cfgmap_free(&global);
    free(text);
    return 0;
}
