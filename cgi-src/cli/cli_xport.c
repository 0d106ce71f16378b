/* cli_xport.c — `clusterctl export [--format F] [-o FILE]` and
 * `clusterctl import FILE [--mode merge|replace] [--dry-run]`, through
 * xport.h; progress on stderr when it is a terminal. SOURCE_DATE_EPOCH,
 * when set, is the export's "exported" stamp (reproducible documents).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_int.h"
#include "log.h"
#include "xport.h"

#define DOC_MAX (1024LL * 1024 * 1024) /* largest document read, bytes */

/* ---- export ---- */

static int
to_file(void *ctx, const char *data, size_t len)
{
    return fwrite(data, 1, len, ctx) == len ? 0 : -1;
}

static time_t
export_stamp(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    long long v = 0;
    for (size_t i = 0; s != NULL && s[i] >= '0' && s[i] <= '9' && i < 15; i++)
        v = v * 10 + (s[i] - '0');
    return (time_t)v; /* 0 = now */
}

/* Opens a temporary file beside path (renamed over it when complete). */
static FILE *
open_temp(const char *path, char *tmp, size_t tmplen)
{
    int n = snprintf(tmp, tmplen, "%s.tmp-XXXXXX", path);
    if (n < 0 || (size_t)n >= tmplen)
        return NULL;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        close(fd);
        unlink(tmp);
    }
    return f;
}

int
cli_cmd_export(struct cli *c, int argc, char **argv)
{
    const char *format = "native", *out = NULL, *pos[1];
    struct xport_export_opts xo = {.format = XPORT_NATIVE};
    const struct cli_opt opts[] = {{"format", 0, 1, &format, NULL},
                                   {"output", 'o', 1, &out, NULL},
                                   {"cluster", 0, 1, &xo.cluster, NULL},
                                   {"region", 0, 1, &xo.region, NULL},
                                   {NULL, 0, 0, NULL, NULL}};
    struct cli_progress prog;
    struct store_totals t = {0};
    char tmp[CLI_PATH_MAX + 32];
    size_t npos;
    struct err e;
    FILE *f = stdout;
    int rc = cli_args(c, argc, argv, opts, pos, 0, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "export");
    if (xport_format_parse(format, &xo.format, &e) < 0)
        return cli_usage(c, e.key, e.arg[0], NULL);
    xo.module_dir = c->module_dir;
    xo.lang = &c->lang;
    if (layout_parse(cfgmap_get_or(&c->config, "layout", "auto"), &xo.layout) <
        0)
        xo.layout = LAYOUT_AUTO;
    if (out != NULL && strcmp(out, "-") == 0)
        out = NULL;
    xo.exported = export_stamp();
    cli_progress_init(&prog, c);
    xo.progress = cli_progress_cb;
    xo.progress_ctx = &prog;
    if (cli_db_open(c, 0, &e) < 0 || store_totals(c->st, &t, &e) < 0)
        return cli_fail(c, &e);
    if (out != NULL && (f = open_temp(out, tmp, sizeof tmp)) == NULL) {
        log_msg("export: cannot write beside %s: %s", out, strerror(errno));
        err_set(&e, ERR_INVALID, "", "xport_err_backup_dest", out, NULL);
        return cli_fail(c, &e);
    }
    rc = xport_export_as(c->st, &xo, to_file, f, &e);
    cli_progress_end(&prog);
    if (rc == 0 && fflush(f) != 0)
        rc = err_set(&e, ERR_INTERNAL, "", "xport_err_write", NULL, NULL);
    if (out != NULL) {
        if (fclose(f) != 0 && rc == 0)
            rc = err_set(&e, ERR_INTERNAL, "", "xport_err_write", NULL, NULL);
        if (rc == 0 && rename(tmp, out) < 0)
            rc = err_set(&e, ERR_INVALID, "", "xport_err_backup_dest", out,
                         NULL);
        if (rc < 0)
            unlink(tmp);
    }
    if (rc < 0 || cli_db_commit(c, &e) < 0)
        return cli_fail(c, &e);
    const struct kv param = {"format", (char *)format};
    cli_log(c, "export", "estate", out ? out : "-", &param, 1);
    if (out == NULL)
        return CLI_OK; /* stdout held the document */
    if (c->json)
        return cli_json(c, json_pack("{s:s, s:s, s:I, s:I, s:I}", "file", out,
                                     "format", format, "servers",
                                     (json_int_t)t.servers, "connections",
                                     (json_int_t)t.connections, "clusters",
                                     (json_int_t)t.clusters));
    char n[24];
    snprintf(n, sizeof n, "%lld", t.servers);
    cli_say(c, "cli_exported", n, out);
    return CLI_OK;
}

/* ---- import ---- */

/* The whole of path ("-" = stdin), at most DOC_MAX bytes. */
static char *
slurp(const char *path, size_t *len, struct err *e)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    size_t cap = 1 << 20, n = 0;
    char *p = NULL;

    if (f == NULL) {
        err_set(e, ERR_NOT_FOUND, "", "xport_err_no_file", path, NULL);
        return NULL;
    }
    for (;;) {
        if (p == NULL || n == cap) {
            if (p != NULL)
                cap *= 2;
            char *q = (long long)cap > DOC_MAX + 1 ? NULL : realloc(p, cap);
            if (q == NULL) {
                free(p);
                p = NULL;
                err_set(e, ERR_TOO_LARGE, "", "cli_err_doc_too_large", path,
                        NULL);
                break;
            }
            p = q;
        }
        size_t r = fread(p + n, 1, cap - n, f);
        n += r;
        if (r == 0) {
            if (ferror(f)) {
                free(p);
                p = NULL;
                err_set(e, ERR_INVALID, "", "xport_err_unreadable", path, NULL);
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    *len = n;
    return p;
}

static json_t *
count_json(const struct xport_count *k)
{
    return json_pack("{s:I, s:I, s:I, s:I}", "added", (json_int_t)k->added,
                     "updated", (json_int_t)k->updated, "unchanged",
                     (json_int_t)k->unchanged, "removed",
                     (json_int_t)k->removed);
}

static void
count_text(struct cli *c, const char *label_key, const struct xport_count *k,
           int replace)
{
    char line[512], n[24];
    size_t used = 0;
    const char *keys[] = {"cli_count_added", "cli_count_updated",
                          "cli_count_unchanged", "cli_count_removed"};
    const long long vals[] = {k->added, k->updated, k->unchanged, k->removed};

    used = (size_t)snprintf(line, sizeof line,
                            "  %s:", cli_text(c, label_key, NULL, NULL));
    for (int i = 0; i < (replace ? 4 : 3) && used < sizeof line; i++) {
        snprintf(n, sizeof n, "%lld", vals[i]);
        used += (size_t)snprintf(line + used, sizeof line - used, "%s %s",
                                 i ? "," : "", cli_text(c, keys[i], n, NULL));
    }
    printf("%s\n", line);
}

static int
report_ok(struct cli *c, const char *path, const struct xport_report *r)
{
    const char *mode = r->mode == XPORT_REPLACE ? "replace" : "merge";
    if (c->json)
        return cli_json(c,
                        json_pack("{s:b, s:s, s:o, s:o, s:o, s:I}", "dry_run",
                                  r->dry_run, "mode", mode, "servers",
                                  count_json(&r->servers), "connections",
                                  count_json(&r->connections), "clusters",
                                  count_json(&r->clusters), "members_added",
                                  (json_int_t)r->members_added));
    cli_say(c, r->dry_run ? "cli_import_dry" : "cli_import_done", path, mode);
    count_text(c, "index_servers", &r->servers, r->mode == XPORT_REPLACE);
    count_text(c, "index_connections", &r->connections,
               r->mode == XPORT_REPLACE);
    count_text(c, "index_clusters", &r->clusters, r->mode == XPORT_REPLACE);
    return CLI_OK;
}

/* Every problem found, then the one error. */
static int
report_invalid(struct cli *c, const struct xport_report *r, const struct err *e)
{
    json_t *list = c->json ? json_array() : NULL;
    char msg[1024];

    for (size_t i = 0; i < r->nissues; i++) {
        const struct xport_issue *is = &r->issues[i];
        snprintf(msg, sizeof msg, "%s",
                 cli_text(c, is->err.key,
                          is->err.arg[0][0] ? is->err.arg[0] : NULL,
                          is->err.arg[1][0] ? is->err.arg[1] : NULL));
        fprintf(stderr, "  %s: %s\n", is->path, msg);
        if (list != NULL)
            json_array_append_new(
                list, json_pack("{s:s, s:s, s:s, s:s}", "path", is->path,
                                "code", err_code_name(is->err.code), "message",
                                msg, "key", is->err.key));
    }
    if ((long long)r->nissues < r->issues_total) {
        char more[24];
        snprintf(more, sizeof more, "%lld",
                 r->issues_total - (long long)r->nissues);
        fprintf(stderr, "  %s\n", cli_text(c, "cli_more_problems", more, NULL));
    }
    int json = c->json;
    c->json = 0; /* the error line only; the JSON follows with the list */
    cli_fail(c, e);
    c->json = json;
    if (!json)
        return CLI_FAIL;
    snprintf(msg, sizeof msg, "%s", cli_text(c, e->key, e->arg[0], NULL));
    cli_json(c, json_pack("{s:{s:s, s:s, s:s, s:s}, s:o, s:I}", "error", "code",
                          err_code_name(e->code), "field", "", "message", msg,
                          "key", e->key, "errors", list, "errors_total",
                          (json_int_t)r->issues_total));
    return CLI_FAIL;
}

int
cli_cmd_import(struct cli *c, int argc, char **argv)
{
    const char *mode_opt = "merge", *pos[1];
    int dry = 0;
    const struct cli_opt opts[] = {{"mode", 0, 1, &mode_opt, NULL},
                                   {"dry-run", 'n', 0, NULL, &dry},
                                   {NULL, 0, 0, NULL, NULL}};
    struct xport_report *r = NULL;
    struct cli_progress prog;
    enum xport_mode mode;
    size_t npos, len = 0;
    struct err e;
    char *doc = NULL;
    int rc = cli_args(c, argc, argv, opts, pos, 1, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "import");
    if (npos != 1)
        return cli_usage(c, "cli_err_need_file", NULL, NULL);
    if (xport_mode_parse(mode_opt, &mode, &e) < 0)
        return cli_usage(c, e.key, e.arg[0], NULL);
    if ((doc = slurp(pos[0], &len, &e)) == NULL)
        return cli_fail(c, &e);
    if ((r = calloc(1, sizeof *r)) == NULL) {
        free(doc);
        return CLI_FAIL;
    }
    cli_progress_init(&prog, c);
    if (cli_db_open(c, !dry, &e) < 0) {
        rc = cli_fail(c, &e);
    } else if (xport_import(c->st, doc, len, mode, dry, r, cli_progress_cb,
                            &prog, &e) < 0) {
        cli_progress_end(&prog);
        cli_db_close(c);
        rc = r->issues_total > 0 ? report_invalid(c, r, &e) : cli_fail(c, &e);
    } else if (cli_progress_end(&prog), cli_db_commit(c, &e) < 0) {
        rc = cli_fail(c, &e);
    } else {
        if (!dry) {
            const struct kv params[] = {
                {"mode", mode == XPORT_REPLACE ? "replace" : "merge"}};
            cli_log(c, "import", "estate", pos[0], params, 1);
        }
        rc = report_ok(c, pos[0], r);
    }
    free(r);
    free(doc);
    return rc;
}
