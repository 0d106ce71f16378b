/* nodeexp.c — strict Prometheus text-format parser keeping node_exporter's
 * host series, and the metrics computed from two scrapes.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nodeexp.h"
#include "valid.h"

const char NODEEXP_NET_SKIP_RE[] =
    "lo|veth.*|docker.*|br-.*|virbr.*|vnet.*|cni.*|flannel.*|cali.*|"
    "tunl.*|vxlan.*|kube-.*|dummy.*|ifb.*";
const char NODEEXP_FS_SKIP_RE[] =
    "tmpfs|ramfs|devtmpfs|overlay|squashfs|iso9660|nsfs|autofs|"
    "fuse\\\\.lxcfs|rootfs";

static const char *const NET_SKIP_PREFIX[] = {
    "veth", "docker", "br-",   "virbr", "vnet",  "cni", "flannel",
    "cali", "tunl",   "vxlan", "kube-", "dummy", "ifb"};
static const char *const FS_SKIP[] = {
    "tmpfs",   "ramfs", "devtmpfs", "overlay",    "squashfs",
    "iso9660", "nsfs",  "autofs",   "fuse.lxcfs", "rootfs"};

int
nodeexp_net_skipped(const char *dev, size_t n)
{
    if (n == 2 && memcmp(dev, "lo", 2) == 0)
        return 1;
    for (size_t i = 0; i < sizeof NET_SKIP_PREFIX / sizeof *NET_SKIP_PREFIX;
         i++) {
        size_t pn = strlen(NET_SKIP_PREFIX[i]);
        if (n >= pn && memcmp(dev, NET_SKIP_PREFIX[i], pn) == 0)
            return 1;
    }
    return 0;
}

int
nodeexp_fs_skipped(const char *fstype, size_t n)
{
    for (size_t i = 0; i < sizeof FS_SKIP / sizeof *FS_SKIP; i++)
        if (strlen(FS_SKIP[i]) == n && memcmp(fstype, FS_SKIP[i], n) == 0)
            return 1;
    return 0;
}

uint64_t
nodeexp_fs_key(const char *dev, size_t dn, const char *mnt, size_t mn)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < dn; i++)
        h = (h ^ (unsigned char)dev[i]) * 1099511628211ULL;
    h = (h ^ 0) * 1099511628211ULL;
    for (size_t i = 0; i < mn; i++)
        h = (h ^ (unsigned char)mnt[i]) * 1099511628211ULL;
    return h;
}

/* ---- lexing one line ---- */

struct line {
    const char *p, *end;
};

/* The labels a kept series needs, unescaped (longer values truncated:
 * they then match nothing we compare against). */
#define LABEL_VAL_MAX 128
struct want {
    const char *name;
    char val[LABEL_VAL_MAX];
    size_t len;
    int seen;
};

static int
blank(char c)
{
    return c == ' ' || c == '\t';
}

static void
skip_blanks(struct line *l)
{
    while (l->p < l->end && blank(*l->p))
        l->p++;
}

static int
name_start(char c, int metric)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (metric && c == ':');
}

static int
name_char(char c, int metric)
{
    return name_start(c, metric) || (c >= '0' && c <= '9');
}

/* A metric (metric = 1) or label name; its extent in *s, *n. */
static int
lex_name(struct line *l, int metric, const char **s, size_t *n)
{
    const char *start = l->p;
    if (l->p >= l->end || !name_start(*l->p, metric))
        return -1;
    while (l->p < l->end && name_char(*l->p, metric))
        l->p++;
    *s = start;
    *n = (size_t)(l->p - start);
    return 0;
}

/* A quoted label value; unescaped into w when w is set. */
static int
lex_label_value(struct line *l, struct want *w)
{
    if (l->p >= l->end || *l->p != '"')
        return -1;
    l->p++;
    const char *start = l->p;
    size_t out = 0;
    for (;;) {
        if (l->p >= l->end)
            return -1; /* unterminated */
        char c = *l->p++;
        if (c == '"')
            break;
        if (c == '\\') {
            if (l->p >= l->end)
                return -1;
            char x = *l->p++;
            if (x == 'n')
                c = '\n';
            else if (x == '\\' || x == '"')
                c = x;
            else
                return -1;
        }
        if (w != NULL && out < sizeof w->val)
            w->val[out] = c;
        out++;
    }
    if (!valid_utf8(start, (size_t)(l->p - 1 - start)))
        return -1;
    if (w != NULL) {
        w->len = out;
        w->seen = 1;
    }
    return 0;
}

/* {a="x",b="y",} — the wanted labels captured. */
static int
lex_labels(struct line *l, struct want *want, size_t nwant)
{
    l->p++; /* '{' */
    for (;;) {
        skip_blanks(l);
        if (l->p < l->end && *l->p == '}') {
            l->p++;
            return 0;
        }
        const char *ln;
        size_t lnn;
        if (lex_name(l, 0, &ln, &lnn) < 0)
            return -1;
        skip_blanks(l);
        if (l->p >= l->end || *l->p != '=')
            return -1;
        l->p++;
        skip_blanks(l);
        struct want *w = NULL;
        for (size_t i = 0; i < nwant; i++)
            if (strlen(want[i].name) == lnn &&
                memcmp(want[i].name, ln, lnn) == 0)
                w = &want[i];
        if (lex_label_value(l, w) < 0)
            return -1;
        skip_blanks(l);
        if (l->p < l->end && *l->p == ',') {
            l->p++;
            continue;
        }
        if (l->p < l->end && *l->p == '}') {
            l->p++;
            return 0;
        }
        return -1;
    }
}

/* The extent of the next blank-separated token. */
static void
lex_token(struct line *l, const char **s, size_t *n)
{
    const char *start = l->p;
    while (l->p < l->end && !blank(*l->p))
        l->p++;
    *s = start;
    *n = (size_t)(l->p - start);
}

static int
word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* A Go-style float: [+-]digits[.digits][e[+-]digits], .5, NaN, [+-]Inf. */
static int
parse_value(const char *s, size_t n, double *out)
{
    char tmp[64];
    size_t i = 0, digits = 0;

    if (word_is(s, n, "NaN")) {
        *out = NAN;
        return 0;
    }
    if (word_is(s, n, "+Inf") || word_is(s, n, "Inf")) {
        *out = INFINITY;
        return 0;
    }
    if (word_is(s, n, "-Inf")) {
        *out = -INFINITY;
        return 0;
    }
    if (n == 0 || n >= sizeof tmp)
        return -1;
    if (s[i] == '+' || s[i] == '-')
        i++;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (digits == 0)
        return -1;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t exp = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, exp++;
        if (exp == 0)
            return -1;
    }
    if (i != n)
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    char *end;
    *out = strtod(tmp, &end);
    return end == tmp + n ? 0 : -1;
}

static int
parse_timestamp(const char *s, size_t n)
{
    size_t i = 0;
    if (n > 0 && s[0] == '-')
        i++;
    if (i == n || n - i > 19)
        return -1;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return -1;
    return 0;
}

/* "# HELP name text" / "# TYPE name type" / any other comment. */
static int
parse_comment(struct line *l)
{
    const char *w, *name;
    size_t wn, nn;

    l->p++; /* '#' */
    skip_blanks(l);
    lex_token(l, &w, &wn);
    int help = word_is(w, wn, "HELP"), type = word_is(w, wn, "TYPE");
    if (!help && !type)
        return 0;
    if (l->p >= l->end)
        return -1;
    skip_blanks(l);
    if (lex_name(l, 1, &name, &nn) < 0)
        return -1;
    if (l->p < l->end && !blank(*l->p))
        return -1;
    skip_blanks(l);
    if (help) {
        /* Docstring: escapes \\ and \n only, valid UTF-8. */
        const char *start = l->p;
        for (; l->p < l->end; l->p++)
            if (*l->p == '\\') {
                if (l->p + 1 >= l->end || (l->p[1] != '\\' && l->p[1] != 'n'))
                    return -1;
                l->p++;
            }
        return valid_utf8(start, (size_t)(l->end - start)) ? 0 : -1;
    }
    lex_token(l, &w, &wn);
    if (!word_is(w, wn, "counter") && !word_is(w, wn, "gauge") &&
        !word_is(w, wn, "histogram") && !word_is(w, wn, "summary") &&
        !word_is(w, wn, "untyped"))
        return -1;
    skip_blanks(l);
    return l->p == l->end ? 0 : -1;
}

/* ---- keeping the series we use ---- */

enum kept {
    K_NONE,
    K_CPU,
    K_FS_SIZE,
    K_FS_AVAIL,
    K_NET_RX,
    K_NET_TX,
    K_SCALAR /* one of the NX_ values, in field */
};

static enum kept
classify(const char *n, size_t len, int *field)
{
    static const struct {
        const char *name;
        int field;
    } scalars[] = {
        {"node_memory_MemTotal_bytes", NX_MEM_TOTAL},
        {"node_memory_MemAvailable_bytes", NX_MEM_AVAIL},
        {"node_netstat_Tcp_CurrEstab", NX_TCP_ESTAB},
        {"node_time_seconds", NX_TIME},
        {"node_boot_time_seconds", NX_BOOT},
        {"node_load1", NX_LOAD1},
        {"node_load5", NX_LOAD5},
        {"node_load15", NX_LOAD15},
    };
    if (len < 5 || memcmp(n, "node_", 5) != 0)
        return K_NONE;
    if (word_is(n, len, "node_cpu_seconds_total"))
        return K_CPU;
    if (word_is(n, len, "node_filesystem_size_bytes"))
        return K_FS_SIZE;
    if (word_is(n, len, "node_filesystem_avail_bytes"))
        return K_FS_AVAIL;
    if (word_is(n, len, "node_network_receive_bytes_total"))
        return K_NET_RX;
    if (word_is(n, len, "node_network_transmit_bytes_total"))
        return K_NET_TX;
    for (size_t i = 0; i < sizeof scalars / sizeof *scalars; i++)
        if (word_is(n, len, scalars[i].name)) {
            *field = scalars[i].field;
            return K_SCALAR;
        }
    return K_NONE;
}

static void
add(struct nodeexp_raw *r, int field, double v)
{
    if (!(r->have & (1u << field)))
        r->v[field] = 0;
    r->v[field] += v;
    r->have |= 1u << field;
}

static struct nodeexp_fs *
fs_slot(struct nodeexp_raw *r, uint64_t key)
{
    for (size_t i = 0; i < r->nfs; i++)
        if (r->fs[i].key == key)
            return &r->fs[i];
    if (r->nfs == NODEEXP_FS_MAX)
        return NULL;
    struct nodeexp_fs *f = &r->fs[r->nfs++];
    memset(f, 0, sizeof *f);
    f->key = key;
    return f;
}

static void
keep(struct nodeexp_raw *r, enum kept k, int field, const struct want *w,
     double v)
{
    /* w: [0] mode, [1] device, [2] fstype, [3] mountpoint */
    if (!isfinite(v))
        return;
    switch (k) {
    case K_CPU:
        add(r, NX_CPU_TOTAL, v);
        if (w[0].seen && word_is(w[0].val, w[0].len, "idle"))
            add(r, NX_CPU_IDLE, v);
        break;
    case K_FS_SIZE:
    case K_FS_AVAIL: {
        if (!w[1].seen || !w[3].seen ||
            (w[2].seen && nodeexp_fs_skipped(w[2].val, w[2].len)))
            break;
        size_t dn = w[1].len < LABEL_VAL_MAX ? w[1].len : LABEL_VAL_MAX;
        size_t mn = w[3].len < LABEL_VAL_MAX ? w[3].len : LABEL_VAL_MAX;
        struct nodeexp_fs *f =
            fs_slot(r, nodeexp_fs_key(w[1].val, dn, w[3].val, mn));
        if (f == NULL)
            break;
        if (k == K_FS_SIZE) {
            f->size = v;
            f->have |= 1;
        } else {
            f->avail = v;
            f->have |= 2;
        }
        break;
    }
    case K_NET_RX:
    case K_NET_TX: {
        size_t dn = w[1].len < LABEL_VAL_MAX ? w[1].len : LABEL_VAL_MAX;
        if (!w[1].seen || nodeexp_net_skipped(w[1].val, dn))
            break;
        add(r, k == K_NET_RX ? NX_NET_RX : NX_NET_TX, v);
        break;
    }
    case K_SCALAR:
        r->v[field] = v;
        r->have |= 1u << field;
        break;
    case K_NONE:
        break;
    }
}

static int
parse_sample(struct line *l, struct nodeexp_raw *r)
{
    const char *name, *tok;
    size_t nn, tn;
    int field = 0;
    double v;
    struct want want[4] = {{.name = "mode"},
                           {.name = "device"},
                           {.name = "fstype"},
                           {.name = "mountpoint"}};

    if (lex_name(l, 1, &name, &nn) < 0)
        return -1;
    enum kept k = classify(name, nn, &field);
    skip_blanks(l);
    if (l->p < l->end && *l->p == '{') {
        if (lex_labels(l, want, k == K_NONE ? 0 : 4) < 0)
            return -1;
        skip_blanks(l);
    }
    if (l->p == l->end || l->p == name + nn)
        return -1; /* no value, or no blank between name and value */
    lex_token(l, &tok, &tn);
    if (parse_value(tok, tn, &v) < 0)
        return -1;
    skip_blanks(l);
    if (l->p < l->end) {
        lex_token(l, &tok, &tn);
        if (parse_timestamp(tok, tn) < 0)
            return -1;
        skip_blanks(l);
        if (l->p != l->end)
            return -1;
    }
    r->samples++;
    keep(r, k, field, want, v);
    return 0;
}

int
nodeexp_parse(const char *buf, size_t len, struct nodeexp_raw *out,
              struct nodeexp_error *err)
{
    size_t lineno = 0;

    memset(out, 0, sizeof *out);
    err->line = 0;
    err->what = NULL;
    if (memchr(buf, '\0', len) != NULL || memchr(buf, '\r', len) != NULL) {
        err->what = "NUL or CR in the text";
        return -1;
    }
    for (size_t start = 0; start < len;) {
        const char *nl = memchr(buf + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - buf) : len;
        struct line l = {buf + start, buf + end};
        lineno++;
        start = end + 1;
        skip_blanks(&l);
        if (l.p == l.end)
            continue;
        int comment = *l.p == '#';
        int rc = comment ? parse_comment(&l) : parse_sample(&l, out);
        if (rc < 0) {
            err->line = lineno;
            err->what = comment ? "malformed HELP or TYPE line"
                                : "malformed sample line";
            return -1;
        }
    }
    return 0;
}

double
nodeexp_disk_used(const struct nodeexp_raw *r)
{
    double worst = NAN;
    for (size_t i = 0; i < r->nfs; i++) {
        const struct nodeexp_fs *f = &r->fs[i];
        if (f->have != 3 || !(f->size > 0) || f->avail < 0)
            continue;
        double used = 100.0 * (1.0 - f->avail / f->size);
        if (used < 0)
            used = 0;
        if (isnan(worst) || used > worst)
            worst = used;
    }
    return worst;
}

static int
has(const struct nodeexp_raw *r, int field)
{
    return r != NULL && (r->have & (1u << field)) != 0;
}

/* (cur - prev) / dt for a counter, NAN when unknown or reset. */
static double
rate(const struct nodeexp_raw *prev, const struct nodeexp_raw *cur, int field,
     double dt)
{
    if (!has(prev, field) || !has(cur, field) || !(dt > 0))
        return NAN;
    double d = cur->v[field] - prev->v[field];
    return d < 0 ? NAN : d / dt;
}

void
nodeexp_metrics(const struct nodeexp_raw *prev, const struct nodeexp_raw *cur,
                double dt_s, double out[PM__MAX])
{
    for (int i = 0; i < PM__MAX; i++)
        out[i] = NAN;
    if (has(prev, NX_CPU_TOTAL) && has(cur, NX_CPU_TOTAL) &&
        has(prev, NX_CPU_IDLE) && has(cur, NX_CPU_IDLE)) {
        double total = cur->v[NX_CPU_TOTAL] - prev->v[NX_CPU_TOTAL];
        double idle = cur->v[NX_CPU_IDLE] - prev->v[NX_CPU_IDLE];
        if (total > 0 && idle >= 0 && idle <= total)
            out[PM_CPU] = 100.0 * (1.0 - idle / total);
    }
    if (has(cur, NX_MEM_TOTAL) && has(cur, NX_MEM_AVAIL) &&
        cur->v[NX_MEM_TOTAL] > 0) {
        double used =
            100.0 * (1.0 - cur->v[NX_MEM_AVAIL] / cur->v[NX_MEM_TOTAL]);
        out[PM_MEM] = used < 0 ? 0 : used;
    }
    out[PM_DISK] = nodeexp_disk_used(cur);
    double dt = dt_s;
    if (has(prev, NX_TIME) && has(cur, NX_TIME) &&
        cur->v[NX_TIME] > prev->v[NX_TIME])
        dt = cur->v[NX_TIME] - prev->v[NX_TIME];
    out[PM_NET_IN] = rate(prev, cur, NX_NET_RX, dt);
    out[PM_NET_OUT] = rate(prev, cur, NX_NET_TX, dt);
    if (has(cur, NX_TCP_ESTAB) && cur->v[NX_TCP_ESTAB] >= 0)
        out[PM_TCP_CONNS] = cur->v[NX_TCP_ESTAB];
    if (has(cur, NX_TIME) && has(cur, NX_BOOT) &&
        cur->v[NX_TIME] >= cur->v[NX_BOOT])
        out[PM_UPTIME] = cur->v[NX_TIME] - cur->v[NX_BOOT];
    if (has(cur, NX_LOAD1))
        out[PM_LOAD1] = cur->v[NX_LOAD1];
    if (has(cur, NX_LOAD5))
        out[PM_LOAD5] = cur->v[NX_LOAD5];
    if (has(cur, NX_LOAD15))
        out[PM_LOAD15] = cur->v[NX_LOAD15];
}
