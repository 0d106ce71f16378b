/* weblog.c — lines for Webmin's action log in web-lib-funcs.pl webmin_log's
 * format, so that webminlog-lib.pl parse_logline reads them.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "weblog.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#define WEBLOG_LINE_MAX (1024 * 1024)

static const char hexd[] = "0123456789ABCDEF";

static int
add_hex(struct buf *b, unsigned char c)
{
    char enc[3] = {'%', hexd[c >> 4], hexd[c & 15]};
    return buf_addn(b, enc, 3);
}

/* Appends s, writing the bytes for which esc() is true as %XX. */
static int
add_escaped(struct buf *b, const char *s, int (*esc)(unsigned char))
{
    const char *run = s;
    for (; *s; s++) {
        if (!esc((unsigned char)*s))
            continue;
        if (buf_addn(b, run, (size_t)(s - run)) < 0 ||
            add_hex(b, (unsigned char)*s) < 0)
            return -1;
        run = s + 1;
    }
    return buf_addn(b, run, (size_t)(s - run));
}

/* Exactly webmin_log's set for parameter values. */
static int
esc_value(unsigned char c)
{
    return c == '\'' || c == '"' || c == '\\' || c == '\r' || c == '\n' ||
           c == '\t' || c == '%';
}

/* Inside "..." fields: a quote or a control character would break the
 * line's parse (or start a new line). */
static int
esc_quoted(unsigned char c)
{
    return c == '"' || c < 0x20 || c == 0x7f;
}

/* Space-separated bare fields (user, session, client, module, script). */
static int
esc_bare(unsigned char c)
{
    return c <= 0x20 || c == 0x7f;
}

/* Keys are written unquoted before '='; keep them to a safe alphabet. */
static int
esc_key(unsigned char c)
{
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.');
}

static const char *
or_dash(const char *s)
{
    return (s == NULL || *s == '\0') ? "-" : s;
}

static int
cmp_kv(const void *a, const void *b)
{
    const struct kv *x = *(const struct kv *const *)a;
    const struct kv *y = *(const struct kv *const *)b;
    int c = strcmp(x->key ? x->key : "", y->key ? y->key : "");
    if (c != 0)
        return c;
    /* Same key: keep the caller's order (all point into one array). */
    return (x > y) - (x < y);
}

static int
format_line(struct buf *out, const struct weblog_entry *e)
{
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr",
                                        "May", "Jun", "Jul", "Aug",
                                        "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    time_t when = e->when;

    if (localtime_r(&when, &tm) == NULL || tm.tm_mon < 0 || tm.tm_mon > 11)
        return -1;
    if (buf_addf(out, "%lld.%ld.%d [%02d/%s/%04d %02d:%02d:%02d] ",
                 (long long)e->when, (long)e->pid, e->seq, tm.tm_mday,
                 mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                 tm.tm_sec) < 0)
        return -1;
    const char *bare[] = {or_dash(e->user), or_dash(e->session),
                          or_dash(e->client), or_dash(e->module)};
    for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++)
        if (add_escaped(out, bare[i], esc_bare) < 0 || buf_addc(out, ' ') < 0)
            return -1;
    if (add_escaped(out, or_dash(e->module), esc_bare) < 0 ||
        buf_addc(out, '/') < 0 ||
        add_escaped(out, or_dash(e->script), esc_bare) < 0)
        return -1;
    const char *quoted[] = {e->action ? e->action : "", or_dash(e->type),
                            or_dash(e->object)};
    for (size_t i = 0; i < sizeof quoted / sizeof quoted[0]; i++)
        if (buf_add(out, " \"") < 0 ||
            add_escaped(out, quoted[i], esc_quoted) < 0 ||
            buf_addc(out, '"') < 0)
            return -1;

    if (e->nparams == 0)
        return buf_addc(out, '\n');
    if (e->params == NULL)
        return -1;
    const struct kv **order = malloc(e->nparams * sizeof *order);
    if (order == NULL)
        return -1;
    for (size_t i = 0; i < e->nparams; i++)
        order[i] = &e->params[i];
    qsort(order, e->nparams, sizeof *order, cmp_kv);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < e->nparams; i++) {
        const char *k = order[i]->key ? order[i]->key : "";
        const char *v = order[i]->val ? order[i]->val : "";
        if (buf_addc(out, ' ') < 0 || add_escaped(out, k, esc_key) < 0 ||
            buf_add(out, "='") < 0 || add_escaped(out, v, esc_value) < 0 ||
            buf_addc(out, '\'') < 0)
            rc = -1;
    }
    free(order);
    return rc < 0 ? -1 : buf_addc(out, '\n');
}

/* Appends e's line to out; on -1 out is as it was. See weblog.h. Beyond
 * Webmin: bare fields get whitespace/control bytes as %XX and keys anything
 * outside [A-Za-z0-9_.-], so no input can split or forge a line. */
int
weblog_format(struct buf *out, const struct weblog_entry *e)
{
    size_t mark = out->len;
    if (e != NULL && format_line(out, e) == 0)
        return 0;
    if (out->p != NULL) {
        out->len = mark;
        out->p[mark] = '\0';
    }
    return -1;
}

static int
truthy(const char *v)
{
    return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

/* Perl's indexof(x, split(/\s+/, list)) >= 0. */
static int
in_list(const char *list, const char *x)
{
    size_t xlen = strlen(x);
    const char *p = list;
    for (;;) {
        p += strspn(p, " \t\r\n\f\v");
        size_t n = strcspn(p, " \t\r\n\f\v");
        if (n == 0)
            return 0;
        if (n == xlen && memcmp(p, x, n) == 0)
            return 1;
        p += n;
    }
}

/* logperms: an octal mode (e.g. "640"), or -1 when unset or malformed. */
static int
octal_mode(const char *v)
{
    int m = 0;
    if (v == NULL || *v == '\0' || strlen(v) > 4)
        return -1;
    for (; *v; v++) {
        if (*v < '0' || *v > '7')
            return -1;
        m = m * 8 + (*v - '0');
    }
    return m & 0777;
}

/* Appends e to Webmin's action log when the global config asks for it; see
 * weblog.h. The line goes out in one write() on an O_APPEND descriptor so
 * that lines from concurrent CGIs never interleave. */
int
weblog_append(const struct cfgmap *global, const char *webmin_var,
              int readonly_user, const struct weblog_entry *e)
{
    if (global == NULL || e == NULL)
        return -1;
    if (!truthy(cfgmap_get(global, "log")) || readonly_user)
        return 0;
    const char *users = cfgmap_get(global, "logusers");
    if (truthy(users) && !in_list(users, e->user ? e->user : ""))
        return 0;
    const char *mods = cfgmap_get(global, "logmodules");
    if (truthy(mods) && !in_list(mods, e->module ? e->module : ""))
        return 0;

    char path[PATH_MAX];
    const char *file = cfgmap_get(global, "webmin_log");
    if (file == NULL || *file == '\0') {
        if (webmin_var == NULL || *webmin_var == '\0')
            return -1;
        int n = snprintf(path, sizeof path, "%s/webmin.log", webmin_var);
        if (n < 0 || (size_t)n >= sizeof path)
            return -1;
        file = path;
    }

    struct buf line;
    buf_init(&line, WEBLOG_LINE_MAX);
    if (weblog_format(&line, e) < 0) {
        buf_free(&line);
        return -1;
    }
    int fd =
        open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
    if (fd < 0) {
        buf_free(&line);
        return -1;
    }
    int mode = octal_mode(cfgmap_get(global, "logperms"));
    if (mode >= 0)
        (void)fchmod(fd, (mode_t)mode); /* as webmin_log's chmod; best effort */
    ssize_t w;
    do {
        w = write(fd, line.p, line.len);
    } while (w < 0 && errno == EINTR);
    int rc = (w >= 0 && (size_t)w == line.len) ? 0 : -1;
    if (close(fd) < 0)
        rc = -1;
    buf_free(&line);
    return rc;
}
