/* xport_util.c — the small pieces export and import share: names of
 * formats, modes and phases, UTC time stamps, a string arena, a
 * case-insensitive hash index, recording problems with their path, the
 * exporters' writing end, and steps both importers (native and FossFLOW)
 * take alike.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "types.h"
#include "xport_int.h"

/* ---- names ---- */

static const char *const FORMAT_NAMES[XPORT__MAX] = {"native", "fossflow",
                                                     "html"};

int
xport_format_parse(const char *name, enum xport_format *out, struct err *e)
{
    for (int f = 0; f < XPORT__MAX; f++)
        if (name != NULL && strcmp(name, FORMAT_NAMES[f]) == 0) {
            *out = (enum xport_format)f;
            return 0;
        }
    return err_set(e, ERR_INVALID, "format", "xport_err_format_name",
                   name ? name : "", NULL);
}

const char *
xport_format_name(enum xport_format f)
{
    return f < XPORT__MAX ? FORMAT_NAMES[f] : "native";
}

const char *
xport_format_mime(enum xport_format f)
{
    return f == XPORT_HTML ? "text/html; charset=UTF-8" : "application/json";
}

int
xport_mode_parse(const char *name, enum xport_mode *out, struct err *e)
{
    if (name != NULL && strcmp(name, "merge") == 0) {
        *out = XPORT_MERGE;
        return 0;
    }
    if (name != NULL && strcmp(name, "replace") == 0) {
        *out = XPORT_REPLACE;
        return 0;
    }
    return err_set(e, ERR_INVALID, "mode", "xport_err_mode", name ? name : "",
                   NULL);
}

static const char *const PHASE_NAMES[XPORT_PHASE__MAX] = {
    "parse", "validate", "wipe", "servers", "connections", "clusters", "index",
};

const char *
xport_phase_name(enum xport_phase p)
{
    return p < XPORT_PHASE__MAX ? PHASE_NAMES[p] : "";
}

static const char *const SEC_NAMES[SEC__MAX] = {"servers", "connections",
                                                "clusters"};

const char *
xport_sec_name(enum xport_sec sec)
{
    return SEC_NAMES[sec];
}

/* ---- time stamps ---- */

void
xport_time_format(long long t, char *out, size_t outlen)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL ||
        strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, outlen, "1970-01-01T00:00:00Z");
}

/* Reads n digits at s into *v; 0 or -1. */
static int
digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        *v = *v * 10 + (s[i] - '0');
    }
    return 0;
}

static int
leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
xport_time_parse(const char *s, long long *out)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    int y, mo, d, h, mi, sec;

    if (s == NULL || strlen(s) != XPORT_TIME_LEN || s[4] != '-' ||
        s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
        s[19] != 'Z')
        return -1;
    if (digits(s, 4, &y) < 0 || digits(s + 5, 2, &mo) < 0 ||
        digits(s + 8, 2, &d) < 0 || digits(s + 11, 2, &h) < 0 ||
        digits(s + 14, 2, &mi) < 0 || digits(s + 17, 2, &sec) < 0)
        return -1;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 ||
        d > mdays[mo - 1] + (mo == 2 && leap(y)) || h > 23 || mi > 59 ||
        sec > 59)
        return -1;
    /* Days since 1970-01-01 (Howard Hinnant's days_from_civil): timegm
     * goes through the time zone code, a noticeable cost per entry. */
    long long yy = mo <= 2 ? y - 1 : y;
    long long era = yy / 400;
    long long yoe = yy - era * 400;
    long long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long long days = era * 146097 + doe - 719468;
    *out = days * 86400 + h * 3600 + mi * 60 + sec;
    return 0;
}

/* ---- arena ---- */

#define CHUNK_BYTES (256u * 1024)

struct xport_chunk {
    struct xport_chunk *next;
    size_t used, cap;
    _Alignas(16) char data[];
};

/* Room for n bytes at an offset aligned to align. */
static char *
arena_take(struct xport_arena *a, size_t n, size_t align)
{
    struct xport_chunk *c = a->head;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (c == NULL || at > c->cap || c->cap - at < n) {
        size_t cap = n > CHUNK_BYTES ? n : CHUNK_BYTES;
        c = malloc(sizeof *c + cap);
        if (c == NULL)
            return NULL;
        c->next = a->head;
        c->used = 0;
        c->cap = cap;
        a->head = c;
        at = 0;
    }
    c->used = at + n;
    return c->data + at;
}

void *
xport_arena_alloc(struct xport_arena *a, size_t n)
{
    char *p = arena_take(a, n, 16);
    if (p != NULL)
        memset(p, 0, n);
    return p;
}

char *
xport_arena_strn(struct xport_arena *a, const char *s, size_t n)
{
    char *p = arena_take(a, n + 1, 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

int
xport_probe_equal(const struct probe_settings *a,
                  const struct probe_settings *b)
{
    return a->node_port == b->node_port && a->http_port == b->http_port &&
           strcmp(a->http_scheme, b->http_scheme) == 0 &&
           strcmp(a->http_path, b->http_path) == 0 &&
           a->http_status == b->http_status && a->maintenance == b->maintenance;
}

void
xport_arena_free(struct xport_arena *a)
{
    while (a->head != NULL) {
        struct xport_chunk *next = a->head->next;
        free(a->head);
        a->head = next;
    }
}

/* ---- index ---- */

static unsigned char
fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* FNV-1a over the folded bytes of a, a separator, then b. */
static uint32_t
hash_key(const char *a, const char *b)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        h = (h ^ fold(*p)) * 16777619u;
    if (b != NULL) {
        h = (h ^ 0xffu) * 16777619u;
        for (const unsigned char *p = (const unsigned char *)b; *p; p++)
            h = (h ^ fold(*p)) * 16777619u;
    }
    return h;
}

static int
same(const char *x, const char *y)
{
    if (x == NULL || y == NULL)
        return x == y;
    for (; *x && fold((unsigned char)*x) == fold((unsigned char)*y); x++, y++)
        ;
    return *x == '\0' && *y == '\0';
}

int
xport_index_init(struct xport_index *ix, size_t expect)
{
    size_t cap = 64;
    while (cap < expect * 2)
        cap *= 2;
    ix->slot = calloc(cap, sizeof *ix->slot);
    ix->mask = cap - 1;
    ix->n = 0;
    return ix->slot ? 0 : -1;
}

void
xport_index_free(struct xport_index *ix)
{
    free(ix->slot);
    ix->slot = NULL;
    ix->mask = ix->n = 0;
}

static struct xport_slot *
probe(const struct xport_index *ix, const char *a, const char *b, uint32_t h)
{
    for (size_t i = h & ix->mask;; i = (i + 1) & ix->mask) {
        struct xport_slot *s = &ix->slot[i];
        if (s->a == NULL || (s->hash == h && same(s->a, a) && same(s->b, b)))
            return s;
    }
}

struct xport_slot *
xport_index_find(const struct xport_index *ix, const char *a, const char *b)
{
    struct xport_slot *s = probe(ix, a, b, hash_key(a, b));
    return s->a ? s : NULL;
}

/* Doubles the table (kept at most half full). */
static int
grow(struct xport_index *ix)
{
    struct xport_index big;
    if (xport_index_init(&big, (ix->mask + 1)) < 0)
        return -1;
    for (size_t i = 0; i <= ix->mask; i++)
        if (ix->slot[i].a != NULL)
            *probe(&big, ix->slot[i].a, ix->slot[i].b, ix->slot[i].hash) =
                ix->slot[i];
    big.n = ix->n;
    free(ix->slot);
    *ix = big;
    return 0;
}

int
xport_index_add(struct xport_index *ix, const char *a, const char *b,
                int32_t elem, int32_t rec, struct xport_slot **old)
{
    uint32_t h = hash_key(a, b);
    struct xport_slot *s = probe(ix, a, b, h);
    if (s->a != NULL) {
        if (old != NULL)
            *old = s;
        return 1;
    }
    if ((ix->n + 1) * 2 > ix->mask + 1) {
        if (grow(ix) < 0)
            return -1;
        s = probe(ix, a, b, h);
    }
    s->a = a;
    s->b = b;
    s->hash = h;
    s->elem = elem;
    s->rec = rec;
    ix->n++;
    return 0;
}

/* ---- problems ---- */

void
xport_key_path(char *out, size_t outlen, const char *prefix, const char *key)
{
    char safe[33];
    size_t n = 0;
    int plain = key[0] != '\0';
    for (; key[n] != '\0' && n < sizeof safe - 1; n++) {
        unsigned char c = (unsigned char)key[n];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '_' || c == '-';
        plain &= ok;
        safe[n] = ok || (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
                      ? (char)c
                      : '?';
    }
    safe[n] = '\0';
    if (plain && key[n] == '\0')
        snprintf(out, outlen, "%s.%s", prefix, safe);
    else
        snprintf(out, outlen, "%s[\"%s\"]", prefix, safe);
}

void
xport_issue(struct xport_imp *im, const char *path, const struct err *e)
{
    struct xport_report *r = im->r;
    r->issues_total++;
    if (r->nissues >= XPORT_ISSUES_MAX)
        return;
    struct xport_issue *is = &r->issues[r->nissues++];
    snprintf(is->path, sizeof is->path, "%s", path);
    is->err = *e;
    /* The field is the path's last name below an entry: "$.servers[3].ip"
     * and "$.servers[3].ports[2]" -> "ip", "ports"; "$.servers[3]" and
     * "$.version" (no entry) -> "" and "version". */
    const char *dot = strrchr(path, '.');
    const char *name = dot ? dot + 1 : "";
    size_t n = strcspn(name, "[");
    if (dot == strchr(path, '.') && name[n] == '[')
        n = 0; /* "$.servers[3]": the entry itself */
    snprintf(is->err.field, sizeof is->err.field, "%.*s", (int)n, name);
}

void
xport_issue_at(struct xport_imp *im, enum xport_sec sec, size_t i,
               const char *suffix, enum err_code code, const char *key,
               const char *a1, const char *a2)
{
    char path[XPORT_PATH_MAX];
    struct err e;
    snprintf(path, sizeof path, "$.%s[%zu]%s", xport_sec_name(sec), i, suffix);
    err_set(&e, code, "", key, a1, a2);
    xport_issue(im, path, &e);
}

void
xport_progress(struct xport_imp *im, enum xport_phase p, long long done,
               long long total)
{
    if (im->progress != NULL)
        im->progress(im->progress_ctx, p, done, total);
}

int
xport_out_raw(struct xport_out *o, const char *s, size_t n)
{
    if (o->write_failed || o->write(o->ctx, s, n) != 0) {
        o->write_failed = 1;
        return -1;
    }
    return 0;
}

static int
dump_cb(const char *buffer, size_t size, void *data)
{
    return xport_out_raw(data, buffer, size);
}

int
xport_out_json(struct xport_out *o, json_t *v)
{
    if (v == NULL) {
        o->oom = 1;
        return -1;
    }
    int rc = json_dump_callback(v, dump_cb, o, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(v);
    return rc;
}

int
xport_out_failed(const struct xport_out *o, struct err *e)
{
    if (o->oom)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    if (o->write_failed)
        return err_set(e, ERR_INTERNAL, "", "xport_err_write", NULL, NULL);
    if (e->code == ERR_OK)
        return err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
    return -1;
}

/* ---- shared by both importers ---- */

int
xport_import_start(struct store *st, enum xport_mode mode, int dry_run,
                   struct xport_report *report, struct err *e)
{
    memset(report, 0, sizeof *report);
    report->mode = mode;
    report->dry_run = dry_run;
    if (store_scoped(st))
        return err_set(e, ERR_FORBIDDEN, "", "xport_err_scoped", NULL, NULL);
    return 0;
}

int
xport_err_invalid(const struct xport_report *r, struct err *e)
{
    char n[24];
    snprintf(n, sizeof n, "%lld", r->issues_total);
    return err_set(e, ERR_INVALID, "", "xport_err_invalid", n, NULL);
}

int
xport_cluster_find(struct store *st, const char *name, struct cluster *out,
                   struct err *e)
{
    int rc = store_cluster_get(st, name, out, e);
    if (rc < 0 && e->code != ERR_NOT_FOUND)
        return -1;
    err_clear(e);
    return rc == 0;
}

void
xport_server_text(struct server *s, const char *id, const char *name,
                  size_t type, const char *ip, const char *region,
                  const char *ports, size_t status)
{
    snprintf(s->id, sizeof s->id, "%s", id);
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->type, sizeof s->type, "%s", SERVER_TYPES[type].name);
    snprintf(s->ip, sizeof s->ip, "%s", ip);
    snprintf(s->region, sizeof s->region, "%s", region);
    snprintf(s->ports, sizeof s->ports, "%s", ports);
    snprintf(s->status, sizeof s->status, "%s", SERVER_STATES[status]);
}
