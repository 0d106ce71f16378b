/* fuzz_cfgfile.c — libFuzzer target over cfgmap_parse and
 * acl_webmin_line_allows, with invariant checks on the parsed map.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "cfgfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every key is unique, holds no CR, LF or '=', never starts with '#', and
 * finds its own value. */
static void
check_map(const struct cfgmap *m)
{
    for (size_t i = 0; i < m->n; i++) {
        const char *k = m->v[i].key;
        if (strpbrk(k, "\r\n=") != NULL || k[0] == '#' ||
            strpbrk(m->v[i].val, "\r\n") != NULL ||
            cfgmap_get(m, k) != m->v[i].val)
            abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct cfgmap m = {0};

    if (cfgmap_parse(&m, text, size) == 0) {
        check_map(&m);
        /* Parsing the same text again must change no value or count. */
        size_t n = m.n;
        if (cfgmap_parse(&m, text, size) == 0 && m.n != n)
            abort();
    }
    cfgmap_free(&m);

    /* "user\0module\0acl text": user and module come from the input too. */
    const char *u_end = memchr(text, '\0', size);
    if (u_end != NULL) {
        const char *mod = u_end + 1;
        size_t rest = size - (size_t)(mod - text);
        const char *m_end = memchr(mod, '\0', rest);
        if (m_end != NULL) {
            const char *acl = m_end + 1;
            size_t alen = size - (size_t)(acl - text);
            int r = acl_webmin_line_allows(acl, alen, text, mod);
            if (r != 0 && r != 1)
                abort();
            /* A user never matches when the text lacks "user:". */
            if (r == 1 && alen < strlen(text) + 1)
                abort();
        }
    } else {
        (void)acl_webmin_line_allows(text, size, "admin", "unlimited-cluster");
    }
    return 0;
}
