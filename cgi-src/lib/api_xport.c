/* api_xport.c — the whole estate as one document through the API:
 * GET /export (streamed from the store by xport into the reply) and
 * POST /import (validated whole by xport, then written in this request's
 * transaction; a document with problems answers 400 with every problem's
 * JSON path and writes nothing).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "api_json.h"
#include "api_route.h"
#include "fossflow.h"
#include "valid.h"
#include "xport.h"

/* The largest export rendered (the reply is written after COMMIT, so it is
 * held whole: about 30 MiB for 100,000 servers and 200,000 connections). */
#define EXPORT_MAX (512u * 1024 * 1024)
/* A FossFLOW document is read as one tree (about 13 times its size in
 * memory), unlike a native one, which is read entry by entry: its own,
 * smaller cap (a diagram of some 10,000 items fits). */
#define FOSSFLOW_BODY_MAX (16u * 1024 * 1024)

static int
to_reply(void *ctx, const char *data, size_t len)
{
    return buf_addn(ctx, data, len);
}

int
api_export_get(struct app *a, const char *param, struct err *e)
{
    char icons[sizeof a->module_dir + 8];
    snprintf(icons, sizeof icons, "%s/images", a->module_dir);
    struct xport_export_opts opts = {.format = XPORT_NATIVE,
                                     .cluster = app_param(a, "cluster"),
                                     .region = app_param(a, "region"),
                                     .icon_dir = icons,
                                     .module_dir = a->module_dir,
                                     .lang = &a->lang};
    const char *name = app_param(a, "format");
    (void)param;
    /* The module config's layout places servers with no position (an
     * odd value there means auto). */
    if (layout_parse(cfgmap_get_or(&a->config, "layout", "auto"),
                     &opts.layout) < 0)
        opts.layout = LAYOUT_AUTO;
    if (name != NULL && name[0] != '\0' &&
        xport_format_parse(name, &opts.format, e) < 0)
        return -1;
    if ((opts.cluster != NULL && opts.cluster[0] != '\0' &&
         valid_ident("cluster", opts.cluster, e) < 0) ||
        valid_region("region", opts.region, e) < 0)
        return -1;
    buf_reset(&a->out);
    a->out.max = EXPORT_MAX; /* past app.h's page limit: a whole estate */
    if (xport_export_as(a->st, &opts, to_reply, &a->out, e) < 0)
        return -1;
    a->content_type = xport_format_mime(opts.format);
    if (opts.format == XPORT_HTML)
        app_header(a, "Content-Disposition",
                   "attachment; filename=\"unlimited-cluster-diagram.html\"");
    app_log_action(a, "export", "estate", "api");
    return 0;
}

/* dry_run: absent, 0 or 1. */
static int
flag(const struct app *a, const char *key, int *out, struct err *e)
{
    const char *v = app_param(a, key);
    *out = v != NULL && strcmp(v, "1") == 0;
    if (v == NULL || v[0] == '\0' || strcmp(v, "0") == 0 || *out)
        return 0;
    return err_set(e, ERR_INVALID, key, "api_err_bad_flag", v, NULL);
}

static json_t *
counts(const struct xport_count *c)
{
    return json_pack("{s:I, s:I, s:I, s:I}", "added", (json_int_t)c->added,
                     "updated", (json_int_t)c->updated, "unchanged",
                     (json_int_t)c->unchanged, "removed",
                     (json_int_t)c->removed);
}

/* {"errors":[{"path","code","field","message","key"}...],"errors_total"} */
static json_t *
issues(struct app *a, const struct xport_report *r)
{
    json_t *list = json_array();
    struct buf msg;
    buf_init(&msg, 4096);
    for (size_t i = 0; i < r->nissues; i++) {
        const struct xport_issue *is = &r->issues[i];
        buf_reset(&msg);
        lang_plain(&msg, &a->lang, is->err.key, is->err.arg[0], is->err.arg[1]);
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s, s:s, s:s}", "path", is->path, "code",
                      err_code_name(is->err.code), "field", is->err.field,
                      "message", buf_cstr(&msg), "key", is->err.key));
    }
    buf_free(&msg);
    return json_pack("{s:o, s:I}", "errors", list, "errors_total",
                     (json_int_t)r->issues_total);
}

static int
report(struct app *a, const struct xport_report *r, struct err *e)
{
    return api_reply(
        a,
        json_pack("{s:b, s:s, s:o, s:o, s:o, s:I}", "dry_run", r->dry_run,
                  "mode", r->mode == XPORT_REPLACE ? "replace" : "merge",
                  "servers", counts(&r->servers), "connections",
                  counts(&r->connections), "clusters", counts(&r->clusters),
                  "members_added", (json_int_t)r->members_added),
        e);
}

int
api_import_post(struct app *a, const char *param, struct err *e)
{
    enum xport_mode mode = XPORT_MERGE;
    const char *name = app_param(a, "mode");
    int dry_run, rc;
    (void)param;
    if ((name != NULL && name[0] != '\0' &&
         xport_mode_parse(name, &mode, e) < 0) ||
        flag(a, "dry_run", &dry_run, e) < 0)
        return -1;
    if (a->body == NULL || a->body_len == 0)
        return err_set(e, ERR_INVALID, "", "api_err_body_required", NULL, NULL);
    if (a->body_len > FOSSFLOW_BODY_MAX &&
        fossflow_sniff(a->body, a->body_len)) {
        char m[24];
        snprintf(m, sizeof m, "%u", FOSSFLOW_BODY_MAX);
        return err_set(e, ERR_TOO_LARGE, "", "err_body_too_large", m, NULL);
    }
    struct xport_report *r = calloc(1, sizeof *r);
    if (r == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", "import", NULL);
    rc = xport_import(a->st, a->body, a->body_len, mode, dry_run, r, NULL, NULL,
                      e);
    if (rc < 0 && r->nissues > 0) { /* nothing written; say what is wrong */
        app_error_extra(a, issues(a, r));
    } else if (rc == 0) {
        if (!dry_run)
            app_log_action(a, "import", "estate", "api");
        rc = report(a, r, e);
    }
    free(r);
    return rc;
}
