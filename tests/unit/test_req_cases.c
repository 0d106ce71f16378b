/* test_req_cases.c — runs req_parse over the data cases under
 * tests/cases/req/{valid,invalid}/<name>/ (or $UC_CASES), one cmocka test
 * per case; the format is described in tests/cases/req/README.md.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "req.h"

#define MIN_CASES  25
#define MAX_FIELDS 64

struct rcase {
    char dir[1024];
    char title[300];
    int valid;
};

static const struct field DEFAULT_FIELDS[] = {
    {"name", 0},
    {"host", 0},
    {"desc", 0},
    {"tag", FIELD_LIST},
};

/* Reads a whole file into a malloc'd buffer of exactly its size (NULL for
 * an empty file); returns 0, or -1 when it cannot be read. */
static int
slurp(const char *path, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        char *p = realloc(*data, *len + n);
        assert_non_null(p);
        memcpy(p + *len, chunk, n);
        *data = p;
        *len += n;
    }
    fclose(f);
    return 0;
}

/* As slurp, plus a NUL; a missing file gives "" (and returns -1). */
static int
slurp_text(const char *path, char **text)
{
    char *d;
    size_t n;
    int rc = slurp(path, &d, &n);
    *text = malloc(n + 1);
    assert_non_null(*text);
    if (n > 0)
        memcpy(*text, d, n);
    (*text)[n] = '\0';
    free(d);
    return rc;
}

static void
path_of(char *out, size_t size, const struct rcase *c, const char *file)
{
    int n = snprintf(out, size, "%s/%s", c->dir, file);
    assert_true(n > 0 && (size_t)n < size);
}

/* Splits text in place into lines (without the '\n'); returns the count. */
static size_t
split_lines(char *text, char **lines, size_t max)
{
    size_t n = 0;
    char *p = text;
    while (*p != '\0') {
        char *nl = strchr(p, '\n');
        if (nl != NULL)
            *nl = '\0';
        assert_true(n < max);
        lines[n++] = p;
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    return n;
}

/* Fills env from the case's env file. The strings point into text. */
static void
load_env(struct req_env *env, char *text)
{
    char *lines[16];
    size_t n = split_lines(text, lines, 16);
    for (size_t i = 0; i < n; i++) {
        char *eq = strchr(lines[i], '=');
        assert_non_null(eq);
        *eq = '\0';
        const char *v = eq + 1;
        if (strcmp(lines[i], "QUERY_STRING") == 0)
            env->query = v;
        else if (strcmp(lines[i], "CONTENT_TYPE") == 0)
            env->content_type = v;
        else if (strcmp(lines[i], "REQUEST_METHOD") == 0)
            env->method = v;
        else
            fail_msg("env: unknown key '%s'", lines[i]);
    }
}

/* Fields from the optional fields file, else the default set. */
static size_t
load_fields(const struct rcase *c, struct field *fields, char **text)
{
    char path[1200];
    path_of(path, sizeof path, c, "fields");
    if (slurp_text(path, text) < 0) {
        memcpy(fields, DEFAULT_FIELDS, sizeof DEFAULT_FIELDS);
        return sizeof DEFAULT_FIELDS / sizeof DEFAULT_FIELDS[0];
    }
    char *lines[MAX_FIELDS];
    size_t n = split_lines(*text, lines, MAX_FIELDS);
    for (size_t i = 0; i < n; i++) {
        char *sp = strchr(lines[i], ' ');
        fields[i].flags = 0;
        if (sp != NULL) {
            assert_string_equal(sp, " list");
            *sp = '\0';
            fields[i].flags = FIELD_LIST;
        }
        fields[i].name = lines[i];
    }
    return n;
}

/* key=value with \ \n \r \t escaped as in expect files. */
static void
render(const struct param *p, char *out, size_t size)
{
    size_t o = 0;
    int n = snprintf(out, size, "%s=", p->key);
    assert_true(n > 0 && (size_t)n < size);
    o = (size_t)n;
    for (const char *s = p->val; *s != '\0'; s++) {
        const char *esc = NULL;
        switch (*s) {
        case '\\':
            esc = "\\\\";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        default:
            break;
        }
        size_t k = esc ? 2 : 1;
        assert_true(o + k < size);
        memcpy(out + o, esc ? esc : s, k);
        o += k;
    }
    out[o] = '\0';
}

static void
check_valid(const struct rcase *c, int rc, const struct req *r,
            const struct err *e, char *expect)
{
    if (rc != 0)
        fail_msg("%s: refused: %d field '%s' key %s", c->title,
                 err_http_status(e->code), e->field, e->key);
    char *lines[REQ_MAX_PARAMS];
    size_t n = split_lines(expect, lines, REQ_MAX_PARAMS);
    assert_int_equal(r->n, n);
    static char got[REQ_MAX_KEY + 2 * REQ_MAX_VALUE + 8];
    for (size_t i = 0; i < n; i++) {
        render(&r->p[i], got, sizeof got);
        assert_string_equal(got, lines[i]);
    }
}

static void
check_invalid(const struct rcase *c, int rc, const struct req *r,
              const struct err *e, char *expect)
{
    char *lines[4];
    assert_int_equal(split_lines(expect, lines, 4), 1);
    char *tok[3] = {NULL, NULL, NULL};
    size_t nt = 0;
    for (char *p = lines[0]; *p != '\0' && nt < 3;) {
        tok[nt++] = p;
        char *sp = strchr(p, ' ');
        if (sp == NULL)
            break;
        *sp = '\0';
        p = sp + 1;
    }
    assert_true(nt >= 2);
    if (rc != -1)
        fail_msg("%s: accepted", c->title);
    char status[16];
    snprintf(status, sizeof status, "%d", err_http_status(e->code));
    assert_string_equal(status, tok[0]);
    assert_string_equal(e->field, strcmp(tok[1], "-") == 0 ? "" : tok[1]);
    if (nt == 3)
        assert_string_equal(e->key, tok[2]);
    assert_int_equal(r->n, 0);
    assert_null(r->p);
}

static void
run_case(void **state)
{
    const struct rcase *c = *state;
    char path[1200];
    char *envtext, *expect, *ftext = NULL, *body;
    size_t len;
    struct field fields[MAX_FIELDS];
    struct req_env env = {0};
    struct req r;
    struct err e = {0};

    path_of(path, sizeof path, c, "env");
    assert_int_equal(slurp_text(path, &envtext), 0);
    load_env(&env, envtext);
    path_of(path, sizeof path, c, "body");
    slurp(path, &body, &len);
    path_of(path, sizeof path, c, "expect");
    assert_int_equal(slurp_text(path, &expect), 0);
    size_t nfields = load_fields(c, fields, &ftext);

    int rc = req_parse(&env, body, len, fields, nfields, &r, &e);
    if (c->valid)
        check_valid(c, rc, &r, &e, expect);
    else
        check_invalid(c, rc, &r, &e, expect);
    req_free(&r);
    free(envtext);
    free(expect);
    free(ftext);
    free(body);
}

static int
by_title(const void *a, const void *b)
{
    return strcmp(((const struct rcase *)a)->title,
                  ((const struct rcase *)b)->title);
}

/* Appends the cases of root/kind to *cases. */
static void
collect(const char *root, const char *kind, struct rcase **cases, size_t *n)
{
    char dir[700];
    int k = snprintf(dir, sizeof dir, "%s/%s", root, kind);
    if (k < 0 || (size_t)k >= sizeof dir)
        abort();
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "test_req_cases: cannot open %s\n", dir);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        struct rcase *p = realloc(*cases, (*n + 1) * sizeof *p);
        if (p == NULL)
            abort();
        *cases = p;
        struct rcase *c = &p[(*n)++];
        int k1 = snprintf(c->dir, sizeof c->dir, "%s/%s", dir, de->d_name);
        int k2 = snprintf(c->title, sizeof c->title, "%s/%s", kind, de->d_name);
        if (k1 < 0 || (size_t)k1 >= sizeof c->dir || k2 < 0 ||
            (size_t)k2 >= sizeof c->title)
            abort();
        c->valid = strcmp(kind, "valid") == 0;
    }
    closedir(d);
}

int
main(void)
{
    const char *root = getenv("UC_CASES");
    struct rcase *cases = NULL;
    size_t n = 0;

    if (root == NULL || root[0] == '\0')
        root = "tests/cases/req";
    collect(root, "valid", &cases, &n);
    collect(root, "invalid", &cases, &n);
    if (n < MIN_CASES) {
        fprintf(stderr, "test_req_cases: %zu cases under %s, want >= %d\n", n,
                root, MIN_CASES);
        free(cases);
        return 1;
    }
    qsort(cases, n, sizeof *cases, by_title);
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    if (tests == NULL)
        abort();
    for (size_t i = 0; i < n; i++) {
        tests[i].name = cases[i].title;
        tests[i].test_func = run_case;
        tests[i].initial_state = &cases[i];
    }
    int rc = _cmocka_run_group_tests("req_cases", tests, n, NULL, NULL);
    free(tests);
    free(cases);
    return rc;
}
