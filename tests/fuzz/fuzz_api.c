/* fuzz_api.c — libFuzzer target over the REST API past app_run: the route
 * and method (api_dispatch), the query string (req_parse with the API's
 * fields, then each route's keys, limit, filters, order and cursor), and
 * the JSON bodies of every handler (api_body, api_server_input for
 * POST/PUT/PATCH /servers, /connections, /clusters, /import). Input: the
 * first byte picks the method; then "PATH_INFO[?QUERY]" up to the first
 * NUL byte; the rest is the body. Each request runs in a rolled-back
 * write transaction on an in-memory store holding a small estate
 * (fuzzstore.h), with every ACL flag granted. Checked: a success renders
 * valid JSON (but a 204, and the text of /metrics); a failure has a code and
 * a lang key, and is never ERR_INTERNAL (500). The HTML export inlines the
 * module's scripts, styles and language: the module folder is a private
 * folder of links to the checkout's module/static, lang and images (run
 * from the repository's root, as tests/fuzz/run.sh does).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "api.h"
#include "app.h"
#include "fuzzstore.h"
#include "req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct field FIELDS[] = {API_QUERY_FIELDS};
static const struct page PAGE = {
    .script = "nph-api.cgi",
    .flags = PAGE_API,
    .fields = FIELDS,
    .nfields = sizeof FIELDS / sizeof FIELDS[0],
};
static const char *const METHODS[] = {"GET",   "POST",   "PUT",
                                      "PATCH", "DELETE", "HEAD"};

static void
check(int ok)
{
    if (!ok)
        abort();
}

/* FUZZ_VERBOSE=1 prints each request's outcome (to triage a finding). */
static int
verbose(void)
{
    static int v = -1;
    if (v < 0)
        v = getenv("FUZZ_VERBOSE") != NULL;
    return v;
}

/* The module folder (see above), made once; removed at exit. */
static char module_dir[64];

static void
module_dir_remove(void)
{
    static const char *const LINKS[] = {"static", "lang", "images"};
    char path[128];
    for (size_t i = 0; i < sizeof LINKS / sizeof LINKS[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", module_dir, LINKS[i]);
        unlink(path);
    }
    rmdir(module_dir);
}

static const char *
fuzz_module_dir(void)
{
    static const char *const LINKS[][2] = {
        {"module/static", "static"}, {"lang", "lang"}, {"images", "images"}};
    char cwd[1024], target[1100], link[128];
    if (module_dir[0] != '\0')
        return module_dir;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(module_dir, sizeof module_dir, "%s/uc-fuzz-api-XXXXXX", base);
    check(getcwd(cwd, sizeof cwd) != NULL && mkdtemp(module_dir) != NULL);
    atexit(module_dir_remove);
    for (size_t i = 0; i < sizeof LINKS / sizeof LINKS[0]; i++) {
        snprintf(target, sizeof target, "%s/%s", cwd, LINKS[i][0]);
        snprintf(link, sizeof link, "%s/%s", module_dir, LINKS[i][1]);
        if (access(target, R_OK) != 0) {
            fprintf(stderr, "fuzz_api: no %s: run from the repository's "
                            "root\n", target);
            abort();
        }
        check(symlink(target, link) == 0);
    }
    return module_dir;
}

/* A copy of p[0..n) as a C string (the path and query may hold no NUL). */
static char *
dup_text(const uint8_t *p, size_t n)
{
    char *s = malloc(n + 1);
    check(s != NULL);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct app a;
    memset(&a, 0, sizeof a);
    a.page = &PAGE;
    a.st = fuzz_store();
    snprintf(a.module_dir, sizeof a.module_dir, "%s", fuzz_module_dir());
    a.user = "admin";
    a.can_edit = a.can_export = a.can_alerts = 1;
    a.write = 1;
    a.env.method = METHODS[data[0] % 6];
    a.env.content_type = "application/json";
    a.env.remote_user = "admin";

    const uint8_t *rest = data + 1;
    size_t n = size - 1;
    const uint8_t *nul = memchr(rest, 0, n);
    size_t line = nul ? (size_t)(nul - rest) : n;
    char *path = dup_text(rest, line);
    char *q = strchr(path, '?');
    if (q != NULL)
        *q++ = '\0';
    a.env.path_info = path;
    a.env.query = q;
    if (nul != NULL) {
        /* As req_read_body leaves it: exactly the body, NUL-terminated. */
        a.body_len = n - line - 1;
        a.body = dup_text(nul + 1, a.body_len);
    }
    buf_init(&a.out, APP_PAGE_MAX);
    buf_init(&a.headers, 4096);

    struct err e = {0};
    check(store_begin(a.st, 1, &e) == 0);
    int rc = req_parse(&a.env, NULL, 0, PAGE.fields, PAGE.nfields, &a.req, &e);
    if (rc == 0)
        rc = api_dispatch(&a, &e);
    if (verbose())
        fprintf(stderr, "%s %s?%s -> rc %d status %d code %d key %s (%s)\n",
                a.env.method, path, q ? q : "", rc, a.status, (int)e.code,
                e.key, e.arg[0]);
    if (rc == 0) {
        check(e.code == ERR_OK);
        if (a.status != 204 &&
            (a.content_type == NULL ||
             strcmp(a.content_type, "application/json") == 0)) {
            json_t *doc = json_loadb(buf_cstr(&a.out), a.out.len, 0, NULL);
            check(doc != NULL);
            json_decref(doc);
        }
    } else {
        check(rc == -1 && e.code != ERR_OK && e.key[0] != '\0');
        check(memchr(e.field, '\0', sizeof e.field) != NULL);
        /* Client input is a 4xx, never a 500; but a history series needs
         * a database file (store_db_file), which :memory: is not. */
        check(e.code != ERR_INTERNAL || strstr(path, "/series") != NULL);
    }
    store_rollback(a.st);

    json_decref(a.error_extra);
    req_free(&a.req);
    buf_free(&a.out);
    buf_free(&a.headers);
    free(a.body);
    free(path);
    return 0;
}
