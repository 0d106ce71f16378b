/* xport_doc.c — reads a native document one entry at a time. jansson
 * decodes every key and value (JSON_DISABLE_EOF_CHECK tells where each
 * ends); this file only steps over the punctuation of the two outer
 * levels ({ "key": value, ... } and the [ entry, ... ] lists), so the
 * document is never held as one tree: a 100,000-server estate as a tree
 * takes ~400 MB, one entry at a time a few KB.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "xport_int.h"

/* Bytes between two progress reports while parsing. */
#define PARSE_STEP (1u << 20)

struct walker {
    struct xport_imp *im;
    const struct xport_walk *w;
    const char *json;
    size_t len, pos, reported;
    int failed; /* a syntax error ended the walk */
};

static size_t
skip_ws(const struct walker *k, size_t pos)
{
    while (pos < k->len && (k->json[pos] == ' ' || k->json[pos] == '\t' ||
                            k->json[pos] == '\n' || k->json[pos] == '\r'))
        pos++;
    return pos;
}

/* Records the syntax error at byte offset off as an issue at path, with
 * its line and column in the whole document (both from 1). */
static void
syntax_error(struct walker *k, const char *path, size_t off)
{
    char line[24], col[24];
    size_t ln = 1, start = 0;
    struct err e;

    if (off > k->len)
        off = k->len;
    for (size_t i = 0; i < off; i++)
        if (k->json[i] == '\n') {
            ln++;
            start = i + 1;
        }
    snprintf(line, sizeof line, "%zu", ln);
    snprintf(col, sizeof col, "%zu", off - start + 1);
    err_set(&e, ERR_INVALID, "", "xport_err_json", line, col);
    xport_issue(k->im, path, &e);
    k->failed = 1;
    k->im->broken = 1;
}

/* Decodes the one value at k->pos (any JSON value), advancing past it.
 * NULL after recording a syntax error at path. */
static json_t *
value_at(struct walker *k, const char *path)
{
    json_error_t jerr;
    json_t *v = json_loadb(k->json + k->pos, k->len - k->pos,
                           JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK |
                               JSON_REJECT_DUPLICATES,
                           &jerr);
    if (v == NULL) {
        size_t at = k->pos + (jerr.position > 0 ? (size_t)jerr.position : 0);
        syntax_error(k, path, at);
        return NULL;
    }
    k->pos += (size_t)jerr.position;
    if (k->pos - k->reported >= PARSE_STEP) {
        k->reported = k->pos;
        xport_progress(k->im, XPORT_PHASE_PARSE, (long long)k->pos,
                       (long long)k->len);
    }
    return v;
}

/* Walks the list at k->pos ('[' already seen there) entry by entry. */
static void
walk_list(struct walker *k, enum xport_sec sec, const char *path)
{
    char epath[XPORT_PATH_MAX + 24];
    size_t i = 0;

    k->pos = skip_ws(k, k->pos + 1);
    if (k->pos < k->len && k->json[k->pos] == ']') {
        k->pos++;
        return;
    }
    for (;;) {
        snprintf(epath, sizeof epath, "%s[%zu]", path, i);
        json_t *v = value_at(k, epath);
        if (v == NULL)
            return;
        k->w->entry(k->im, sec, i, v);
        json_decref(v);
        i++;
        k->pos = skip_ws(k, k->pos);
        if (k->pos < k->len && k->json[k->pos] == ']') {
            k->pos++;
            return;
        }
        if (k->pos >= k->len || k->json[k->pos] != ',') {
            syntax_error(k, path, k->pos);
            return;
        }
        k->pos = skip_ws(k, k->pos + 1);
    }
}

static int
list_of(const char *key, enum xport_sec *sec)
{
    for (int s = 0; s < SEC__MAX; s++)
        if (strcmp(key, xport_sec_name((enum xport_sec)s)) == 0) {
            *sec = (enum xport_sec)s;
            return 1;
        }
    return 0;
}

/* Keys seen so far, to refuse a repeated one. */
#define SEEN_MAX 64

/* One "key": value member at k->pos. */
static void
member(struct walker *k, char seen[SEEN_MAX][40], size_t *nseen)
{
    char path[XPORT_PATH_MAX];
    enum xport_sec sec;
    json_t *key;
    int repeated = 0;

    if (k->pos >= k->len || k->json[k->pos] != '"') {
        syntax_error(k, "$", k->pos);
        return;
    }
    if ((key = value_at(k, "$")) == NULL)
        return;
    const char *name = json_string_value(key);
    xport_key_path(path, sizeof path, "$", name);
    for (size_t i = 0; i < *nseen; i++)
        repeated |= strcmp(seen[i], name) == 0;
    if (!repeated && *nseen < SEEN_MAX && strlen(name) < sizeof seen[0])
        snprintf(seen[(*nseen)++], sizeof seen[0], "%s", name);
    k->pos = skip_ws(k, k->pos);
    if (k->pos >= k->len || k->json[k->pos] != ':') {
        json_decref(key);
        syntax_error(k, path, k->pos);
        return;
    }
    k->pos = skip_ws(k, k->pos + 1);
    if (repeated) {
        struct err e;
        err_set(&e, ERR_INVALID, "", "xport_err_dup_key", NULL, NULL);
        xport_issue(k->im, path, &e);
    }
    if (!repeated && list_of(name, &sec) && k->pos < k->len &&
        k->json[k->pos] == '[') {
        walk_list(k, sec, path);
    } else {
        json_t *v = value_at(k, path);
        if (v != NULL && !repeated)
            k->w->top(k->im, name, v);
        json_decref(v);
    }
    json_decref(key);
}

int
xport_doc_walk(struct xport_imp *im, const char *json, size_t len,
               const struct xport_walk *w)
{
    struct walker k = {.im = im, .w = w, .json = json, .len = len};
    char seen[SEEN_MAX][40];
    size_t nseen = 0;

    xport_progress(im, XPORT_PHASE_PARSE, 0, (long long)len);
    k.pos = skip_ws(&k, 0);
    if (k.pos >= len || json[k.pos] != '{') {
        /* Not an object: a syntax error, or valid JSON of another kind. */
        json_t *v = value_at(&k, "$");
        if (v != NULL) {
            struct err e;
            err_set(&e, ERR_INVALID, "", "xport_err_not_object", NULL, NULL);
            xport_issue(im, "$", &e);
            json_decref(v);
        }
        return im->oom ? -1 : 0;
    }
    k.pos = skip_ws(&k, k.pos + 1);
    if (k.pos < len && json[k.pos] == '}') {
        k.pos++;
    } else {
        for (;;) {
            member(&k, seen, &nseen);
            if (k.failed)
                return im->oom ? -1 : 0;
            k.pos = skip_ws(&k, k.pos);
            if (k.pos < len && json[k.pos] == '}') {
                k.pos++;
                break;
            }
            if (k.pos >= len || json[k.pos] != ',') {
                syntax_error(&k, "$", k.pos);
                return im->oom ? -1 : 0;
            }
            k.pos = skip_ws(&k, k.pos + 1);
        }
    }
    k.pos = skip_ws(&k, k.pos);
    if (k.pos != len)
        syntax_error(&k, "$", k.pos); /* text after the document */
    xport_progress(im, XPORT_PHASE_PARSE, (long long)len, (long long)len);
    return im->oom ? -1 : 0;
}
