/* cli_out.c — clusterctl's output: lang text for people (English or
 * Spanish), one line of JSON for scripts (--json), errors on stderr (and
 * as {"error":{...}} on stdout in JSON mode), help, and a progress line on
 * a terminal.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_int.h"
#include "types.h"
#include "xport.h"

#define TEXT_MAX 8192

const char *
cli_text(struct cli *c, const char *key, const char *a1, const char *a2)
{
    static struct buf b;
    if (b.max == 0)
        buf_init(&b, TEXT_MAX);
    buf_reset(&b);
    if (lang_plain(&b, &c->lang, key, a1, a2) < 0)
        return key;
    return buf_cstr(&b);
}

void
cli_say(struct cli *c, const char *key, const char *a1, const char *a2)
{
    if (!c->json)
        printf("%s\n", cli_text(c, key, a1, a2));
}

void
cli_line(struct cli *c, const char *fmt, ...)
{
    va_list ap;
    if (c->json)
        return;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

/* The label of a field ("Address" for ip), or the field itself. */
static const char *
field_label(struct cli *c, const char *field, char *out, size_t outlen)
{
    char key[48];
    snprintf(key, sizeof key, "field_%s", field);
    const char *label = lang_get(&c->lang, key);
    snprintf(out, outlen, "%s", strcmp(label, key) == 0 ? field : label);
    return out;
}

int
cli_fail(struct cli *c, const struct err *e)
{
    char label[128], msg[TEXT_MAX];

    snprintf(msg, sizeof msg, "%s",
             cli_text(c, e->key, e->arg[0][0] ? e->arg[0] : NULL,
                      e->arg[1][0] ? e->arg[1] : NULL));
    if (e->field[0] != '\0')
        fprintf(stderr, "clusterctl: %s: %s\n",
                field_label(c, e->field, label, sizeof label), msg);
    else
        fprintf(stderr, "clusterctl: %s\n", msg);
    if (c->json)
        cli_json(c, json_pack("{s:{s:s, s:s, s:s, s:s}}", "error", "code",
                              err_code_name(e->code), "field", e->field,
                              "message", msg, "key", e->key));
    return CLI_FAIL;
}

int
cli_usage(struct cli *c, const char *key, const char *a1, const char *a2)
{
    fprintf(stderr, "clusterctl: %s\n", cli_text(c, key, a1, a2));
    fprintf(stderr, "%s\n",
            cli_text(c, c->cmd ? "cli_see_help_cmd" : "cli_see_help",
                     c->cmd ? c->cmd : "", NULL));
    return CLI_USAGE;
}

int
cli_help(struct cli *c, const char *name)
{
    char key[64], usage[64];
    /* cli_text's buffer is reused: one call per argument list. */
    snprintf(usage, sizeof usage, "%s", cli_text(c, "cli_usage", NULL, NULL));
    snprintf(key, sizeof key, "cli_usage_%s", name);
    printf("%s %s\n", usage, cli_text(c, key, NULL, NULL));
    snprintf(key, sizeof key, "cli_help_%s", name);
    printf("%s\n", cli_text(c, key, NULL, NULL));
    printf("%s\n", cli_text(c, "cli_help_common", NULL, NULL));
    return CLI_OK;
}

int
cli_json(struct cli *c, json_t *v)
{
    (void)c;
    if (v == NULL)
        return CLI_FAIL;
    int rc = json_dumpf(v, stdout, JSON_COMPACT);
    json_decref(v);
    if (rc < 0 || putchar('\n') == EOF || fflush(stdout) != 0)
        return CLI_FAIL;
    return CLI_OK;
}

json_t *
cli_json_time(long long t)
{
    char s[32];
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL ||
        strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return json_null();
    return json_string(s);
}

void
cli_ports_text(const struct server *s, char *out, size_t outlen)
{
    const struct server_type *t = types_find(s->type);
    size_t used = 0;
    if (s->ports[0] != '\0' || t == NULL) {
        snprintf(out, outlen, "%s", s->ports);
        return;
    }
    out[0] = '\0';
    for (size_t i = 0; i < t->nports && used < outlen; i++) {
        int w =
            snprintf(out + used, outlen - used, i ? " %d" : "%d", t->ports[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

json_t *
cli_json_server(const struct server *s)
{
    char ports[128];
    json_t *list = json_array();

    cli_ports_text(s, ports, sizeof ports);
    /* Stored lists are canonical: numbers separated by one space. */
    for (const char *p = ports; list != NULL && *p >= '0' && *p <= '9';) {
        long n = 0;
        for (; *p >= '0' && *p <= '9'; p++)
            n = n * 10 + (*p - '0');
        json_array_append_new(list, json_integer(n));
        p += strspn(p, " ");
    }
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:o, s:o, s:o}",
                     "id", s->id, "name", s->name, "type", s->type, "ip", s->ip,
                     "region",
                     s->region[0] ? json_string(s->region) : json_null(),
                     "ports", list ? list : json_null(), "ports_override",
                     s->ports[0] != '\0', "status", s->status, "position",
                     s->has_pos ? json_pack("{s:f, s:f}", "x", s->x, "y", s->y)
                                : json_null(),
                     "created", cli_json_time(s->created), "updated",
                     cli_json_time(s->updated));
}

/* ---- progress ---- */

static double
now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void
cli_progress_init(struct cli_progress *p, struct cli *c)
{
    memset(p, 0, sizeof *p);
    p->c = c;
    p->tty = isatty(STDERR_FILENO);
    p->phase = -1;
}

void
cli_progress_cb(void *ctx, enum xport_phase phase, long long done,
                long long total)
{
    struct cli_progress *p = ctx;
    char key[48];
    double t = now_s();

    if (!p->tty ||
        ((int)phase == p->phase && t - p->last < 0.1 && done != total))
        return;
    p->phase = (int)phase;
    p->last = t;
    snprintf(key, sizeof key, "xport_phase_%s", xport_phase_name(phase));
    if (phase == XPORT_PHASE_PARSE && total > 0)
        fprintf(stderr, "\r%s: %lld%%          ",
                cli_text(p->c, key, NULL, NULL), done * 100 / total);
    else if (total > 0)
        fprintf(stderr, "\r%s: %lld/%lld          ",
                cli_text(p->c, key, NULL, NULL), done, total);
    else
        fprintf(stderr, "\r%s: %lld          ", cli_text(p->c, key, NULL, NULL),
                done);
    fflush(stderr);
    p->shown = 1;
}

void
cli_progress_end(struct cli_progress *p)
{
    if (p->shown)
        fputc('\n', stderr);
    p->shown = 0;
}
