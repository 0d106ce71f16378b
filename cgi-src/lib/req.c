/* req.c — request parsing: the req_parse driver (limits, media type, query
 * then body), application/x-www-form-urlencoded data, the checks every
 * pair goes through, and the accessors of struct req. Pure: no getenv, no
 * I/O; safe on any bytes (nothing is read past a given length).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "req.h"
#include "req_priv.h"
#include "valid.h"

#define FORM_TYPE     "application/x-www-form-urlencoded"
#define JSON_TYPE     "application/json"
#define MEDIA_ARG_MAX 64 /* bytes of a refused Content-Type echoed back */

enum media { MEDIA_OTHER, MEDIA_FORM, MEDIA_JSON };
enum dec { DEC_OK, DEC_BAD, DEC_LONG };

/* req_method_parse: REQUEST_METHOD (case-sensitive, as HTTP) to the enum;
 * NULL is METHOD_GET, anything unknown (and "") METHOD_OTHER. */
enum req_method
req_method_parse(const char *method)
{
    static const struct {
        const char *name;
        enum req_method m;
    } map[] = {{"GET", METHOD_GET},     {"HEAD", METHOD_HEAD},
               {"POST", METHOD_POST},   {"PUT", METHOD_PUT},
               {"PATCH", METHOD_PATCH}, {"DELETE", METHOD_DELETE}};
    if (method == NULL)
        return METHOD_GET;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(method, map[i].name) == 0)
            return map[i].m;
    return METHOD_OTHER;
}

static int
lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* 1 when s[0..n) equals the lower-case word w, ignoring ASCII case. */
static int
word_eq(const char *s, size_t n, const char *w)
{
    if (strlen(w) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != w[i])
            return 0;
    return 1;
}

/* The media type of a Content-Type header: its type/subtype, ignoring case,
 * surrounding blanks and any ";" parameters. */
static enum media
media_kind(const char *ct)
{
    if (ct == NULL)
        return MEDIA_OTHER;
    size_t i = 0;
    while (ct[i] == ' ' || ct[i] == '\t')
        i++;
    size_t start = i;
    while (ct[i] != '\0' && ct[i] != ';' && ct[i] != ' ' && ct[i] != '\t')
        i++;
    size_t n = i - start;
    while (ct[i] == ' ' || ct[i] == '\t')
        i++;
    if (ct[i] != '\0' && ct[i] != ';')
        return MEDIA_OTHER;
    if (word_eq(ct + start, n, FORM_TYPE))
        return MEDIA_FORM;
    if (word_eq(ct + start, n, JSON_TYPE))
        return MEDIA_JSON;
    return MEDIA_OTHER;
}

static int
media_error(const char *ct, struct err *e)
{
    char arg[MEDIA_ARG_MAX + 1];
    size_t i = 0;
    for (; ct != NULL && ct[i] != '\0' && i < MEDIA_ARG_MAX; i++) {
        unsigned char c = (unsigned char)ct[i];
        arg[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    arg[i] = '\0';
    return err_set(e, ERR_MEDIA_TYPE, "", "err_media_type", arg, NULL);
}

static int
oom(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
}

/* req_ctx_count: see req_priv.h. */
int
req_ctx_count(struct req_ctx *c, size_t n)
{
    if (n > REQ_MAX_PARAMS - c->npairs) {
        char m[16];
        snprintf(m, sizeof m, "%d", REQ_MAX_PARAMS);
        return err_set(c->e, ERR_INVALID, "", "err_too_many_params", m, NULL);
    }
    c->npairs += n;
    return 0;
}

/* req_ctx_key: see req_priv.h. Keys are only named in errors once known to
 * be plain text (valid UTF-8 without control characters). */
int
req_ctx_key(struct req_ctx *c, const char *k, size_t n, size_t *idx)
{
    char name[REQ_MAX_KEY + 1];

    if (n > REQ_MAX_KEY)
        return err_set(c->e, ERR_INVALID, "", "err_key_too_long", NULL, NULL);
    if (!valid_utf8(k, n))
        return err_set(c->e, ERR_INVALID, "", "err_bad_utf8", NULL, NULL);
    if (valid_has_control(k, n, 0))
        return err_set(c->e, ERR_INVALID, "", "err_control_chars", "", NULL);
    for (size_t i = 0; i < c->nfields; i++) {
        const char *f = c->fields[i].name;
        if (strlen(f) == n && memcmp(f, k, n) == 0) {
            *idx = i;
            return 0;
        }
    }
    if (n > 0)
        memcpy(name, k, n);
    name[n] = '\0';
    if (name[0] == '_' || strcmp(name, "xnavigation") == 0) {
        *idx = REQ_KEY_DROP;
        return 0;
    }
    return err_set(c->e, ERR_INVALID, name, "err_unknown_param", name, NULL);
}

/* req_ctx_repeat: see req_priv.h. */
int
req_ctx_repeat(struct req_ctx *c, size_t idx)
{
    const struct field *f = &c->fields[idx];
    if (!(f->flags & FIELD_LIST) && c->seen[idx] > 0)
        return err_set(c->e, ERR_INVALID, f->name, "err_repeated_param",
                       f->name, NULL);
    return 0;
}

/* req_ctx_add: see req_priv.h. */
int
req_ctx_add(struct req_ctx *c, size_t idx, const char *v, size_t n)
{
    const char *name = c->fields[idx].name;
    struct req *r = c->out;

    if (n > REQ_MAX_VALUE)
        return err_set(c->e, ERR_INVALID, name, "err_value_too_long", name,
                       NULL);
    if (!valid_utf8(v, n))
        return err_set(c->e, ERR_INVALID, name, "err_bad_utf8", NULL, NULL);
    if (valid_has_control(v, n, 1))
        return err_set(c->e, ERR_INVALID, name, "err_control_chars", name,
                       NULL);
    if (r->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        struct param *p = realloc(r->p, cap * sizeof *p);
        if (p == NULL)
            return oom(c->e);
        r->p = p;
        c->cap = cap;
    }
    char *key = strdup(name);
    char *val = malloc(n + 1);
    if (key == NULL || val == NULL) {
        free(key);
        free(val);
        return oom(c->e);
    }
    if (n > 0)
        memcpy(val, v, n);
    val[n] = '\0';
    r->p[r->n].key = key;
    r->p[r->n].val = val;
    r->n++;
    c->seen[idx]++;
    return 0;
}

static int
hex(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes urlencoded s[0..n) ('+' is a space, %XX a byte) into dst, which
 * holds max bytes (no NUL is added); *outlen receives the length. */
static enum dec
decode(const char *s, size_t n, char *dst, size_t max, size_t *outlen)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '+') {
            ch = ' ';
        } else if (ch == '%') {
            if (n - i < 3)
                return DEC_BAD;
            int hi = hex((unsigned char)s[i + 1]);
            int lo = hex((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0)
                return DEC_BAD;
            ch = (unsigned char)(hi * 16 + lo);
            i += 2;
        }
        if (o == max)
            return DEC_LONG;
        dst[o++] = (char)ch;
    }
    *outlen = o;
    return DEC_OK;
}

/* One urlencoded pair s[0..n) (n >= 1): "key=value" or "key". */
static int
form_pair(struct req_ctx *c, const char *s, size_t n)
{
    char key[REQ_MAX_KEY];
    char val[REQ_MAX_VALUE];
    size_t klen = 0, vlen = 0, idx;

    const char *eq = memchr(s, '=', n);
    size_t kraw = eq ? (size_t)(eq - s) : n;
    switch (decode(s, kraw, key, sizeof key, &klen)) {
    case DEC_BAD:
        return err_set(c->e, ERR_INVALID, "", "err_bad_encoding", "", NULL);
    case DEC_LONG:
        return err_set(c->e, ERR_INVALID, "", "err_key_too_long", NULL, NULL);
    case DEC_OK:
        break;
    }
    if (req_ctx_key(c, key, klen, &idx) < 0)
        return -1;
    if (idx == REQ_KEY_DROP)
        return 0;
    if (req_ctx_repeat(c, idx) < 0)
        return -1;
    const char *name = c->fields[idx].name;
    size_t vstart = eq ? kraw + 1 : n;
    switch (decode(s + vstart, n - vstart, val, sizeof val, &vlen)) {
    case DEC_BAD:
        return err_set(c->e, ERR_INVALID, name, "err_bad_encoding", name, NULL);
    case DEC_LONG:
        return err_set(c->e, ERR_INVALID, name, "err_value_too_long", name,
                       NULL);
    case DEC_OK:
        break;
    }
    return req_ctx_add(c, idx, val, vlen);
}

/* urlencoded data s[0..n): pairs split on '&', empty pairs skipped. */
static int
parse_form(struct req_ctx *c, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        const char *amp = memchr(s + i, '&', n - i);
        size_t end = amp ? (size_t)(amp - s) : n;
        i = amp ? end + 1 : n;
        if (end == start)
            continue;
        if (req_ctx_count(c, 1) < 0 || form_pair(c, s + start, end - start) < 0)
            return -1;
    }
    return 0;
}

/* req_parse: see req.h. out is overwritten (not freed) and on error left
 * empty with only method set. Checks, in order: query size, body size,
 * body media type (only when len > 0), then the query pairs and the body
 * pairs in order. Keys: err_query_too_large, err_body_too_large (max),
 * err_media_type (Content-Type, printable, cut to 64 bytes),
 * err_bad_encoding (key, "" inside a key), err_bad_utf8,
 * err_control_chars (key, "" inside a key), err_too_many_params (max),
 * err_key_too_long, err_value_too_long (key), err_unknown_param (key),
 * err_repeated_param (key), err_bad_json (line), err_json_shape (key, ""
 * for the top level), ERR_INTERNAL err_internal on OOM. */
int
req_parse(const struct req_env *env, const char *body, size_t len,
          const struct field *fields, size_t nfields, struct req *out,
          struct err *e)
{
    const char *q = env ? env->query : NULL;
    size_t qlen = q ? strnlen(q, REQ_MAX_QUERY + 1) : 0;
    enum media kind = MEDIA_OTHER;

    out->method = req_method_parse(env ? env->method : NULL);
    out->p = NULL;
    out->n = 0;
    if (body == NULL)
        len = 0;
    if (qlen > REQ_MAX_QUERY)
        return err_set(e, ERR_TOO_LARGE, "", "err_query_too_large", NULL, NULL);
    if (len > REQ_MAX_BODY) {
        char m[24];
        snprintf(m, sizeof m, "%d", REQ_MAX_BODY);
        return err_set(e, ERR_TOO_LARGE, "", "err_body_too_large", m, NULL);
    }
    if (len > 0) {
        const char *ct = env ? env->content_type : NULL;
        kind = media_kind(ct);
        if (kind == MEDIA_OTHER)
            return media_error(ct, e);
    }

    struct req_ctx c = {
        .fields = fields, .nfields = fields ? nfields : 0, .out = out, .e = e};
    c.seen = calloc(c.nfields ? c.nfields : 1, sizeof *c.seen);
    if (c.seen == NULL)
        return oom(e);
    int rc = parse_form(&c, q, qlen);
    if (rc == 0 && kind == MEDIA_FORM)
        rc = parse_form(&c, body, len);
    else if (rc == 0 && kind == MEDIA_JSON)
        rc = req_parse_json(&c, body, len);
    free(c.seen);
    if (rc < 0)
        req_free(out);
    return rc;
}

/* req_get: the first value of key, or NULL (also for NULL r or key). */
const char *
req_get(const struct req *r, const char *key)
{
    return req_get_nth(r, key, 0);
}

/* req_count: how many values key has (0 for NULL r or key). */
size_t
req_count(const struct req *r, const char *key)
{
    size_t n = 0;
    if (r == NULL || key == NULL)
        return 0;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->p[i].key, key) == 0)
            n++;
    return n;
}

/* req_get_nth: the i-th value (from 0, in request order) of key, or NULL. */
const char *
req_get_nth(const struct req *r, const char *key, size_t i)
{
    if (r == NULL || key == NULL)
        return NULL;
    for (size_t j = 0; j < r->n; j++)
        if (strcmp(r->p[j].key, key) == 0 && i-- == 0)
            return r->p[j].val;
    return NULL;
}

/* req_free: frees every pair and the array; r is then empty (method kept).
 * NULL-safe. */
void
req_free(struct req *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->p[i].key);
        free(r->p[i].val);
    }
    free(r->p);
    r->p = NULL;
    r->n = 0;
}
