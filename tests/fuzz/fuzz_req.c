/* fuzz_req.c — libFuzzer target for req_parse. The first byte picks the
 * Content-Type (urlencoded, JSON, JSON with a charset, or a refused one);
 * the rest is split at its first NUL byte into QUERY_STRING (before) and
 * the body (after, in a buffer of exactly its size). Accepted requests are
 * checked against req.h's promises; any violation aborts.
 * Build: clang -fsanitize=fuzzer,address,undefined -Icgi-src/lib
 *   tests/fuzz/fuzz_req.c cgi-src/lib/{req,req_json,req_env,valid,types,
 *   err,buf}.c -ljansson
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "req.h"
#include "valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct field FIELDS[] = {
    {"name", 0}, {"host", 0}, {"desc", 0}, {"tag", FIELD_LIST}, {"x", 0},
};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])

static const char *const TYPES[] = {
    "application/x-www-form-urlencoded",
    "application/json",
    "Application/JSON; charset=utf-8",
    "text/plain",
};

static void
check(int ok)
{
    if (!ok)
        abort();
}

static size_t
field_index(const char *key)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if (strcmp(FIELDS[i].name, key) == 0)
            return i;
    abort();
}

/* What req.h promises of an accepted request. */
static void
check_accepted(const struct req *r)
{
    size_t count[NFIELDS] = {0};
    check(r->n <= REQ_MAX_PARAMS);
    for (size_t i = 0; i < r->n; i++) {
        const char *v = r->p[i].val;
        size_t n = strlen(v);
        size_t f = field_index(r->p[i].key);
        count[f]++;
        check(FIELDS[f].flags & FIELD_LIST || count[f] == 1);
        check(n <= REQ_MAX_VALUE);
        check(valid_utf8(v, n));
        check(!valid_has_control(v, n, 1));
        check(req_get_nth(r, r->p[i].key, count[f] - 1) == v);
    }
    for (size_t f = 0; f < NFIELDS; f++)
        check(req_count(r, FIELDS[f].name) == count[f]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *ct = TYPES[data[0] % 4];
    const uint8_t *rest = data + 1;
    size_t n = size - 1;
    const uint8_t *nul = memchr(rest, 0, n);
    size_t qlen = nul ? (size_t)(nul - rest) : n;
    size_t blen = nul ? n - qlen - 1 : 0;

    char *query = malloc(qlen + 1);
    char *body = malloc(blen ? blen : 1);
    if (query == NULL || body == NULL)
        abort();
    memcpy(query, rest, qlen);
    query[qlen] = '\0';
    if (blen)
        memcpy(body, nul + 1, blen);

    struct req_env env = {0};
    env.method = "POST";
    env.query = query;
    env.content_type = ct;
    struct req r;
    struct err e = {0};
    int rc = req_parse(&env, body, blen, FIELDS, NFIELDS, &r, &e);
    if (rc == 0) {
        check(e.code == ERR_OK);
        check_accepted(&r);
    } else {
        check(rc == -1 && e.code != ERR_OK && e.key[0] != '\0');
        check(r.n == 0 && r.p == NULL);
    }
    req_free(&r);
    free(query);
    free(body);
    return 0;
}
