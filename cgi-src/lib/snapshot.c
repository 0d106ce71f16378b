/* snapshot.c — one HTML file holding the diagram: style, data (JSON with
 * '<' '>' '&' escaped, so it cannot close its <script> element) and the
 * scripts, each inlined from the module's static folder.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "cfgfile.h"
#include "diagram_doc.h"
#include "html.h"
#include "log.h"
#include "snapshot.h"

const char *const DIAGRAM_SCRIPT_FILES[] = {
    "diagram-core.js",  "diagram-icons.js", "diagram-render.js",
    "diagram-input.js", "diagram-ui.js",    "diagram-export.js",
    "diagram.js"};
const size_t DIAGRAM_SCRIPT_COUNT =
    sizeof DIAGRAM_SCRIPT_FILES / sizeof DIAGRAM_SCRIPT_FILES[0];

#define SNAPSHOT_DOC_MAX ((size_t)1 << 30) /* bytes of embedded data */

struct out {
    snapshot_write_fn write;
    void *ctx;
    int failed;
};

static void
emit(struct out *o, const char *p, size_t n)
{
    if (!o->failed && n > 0 && o->write(o->ctx, p, n) < 0)
        o->failed = 1;
}

static void
emit_s(struct out *o, const char *s)
{
    emit(o, s, strlen(s));
}

/* True when text holds `needle` ignoring ASCII case. */
static int
contains_ci(const char *text, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(text + i, needle, k) == 0)
            return 1;
    return 0;
}

/* Copies static/<name> into the output. A file that could end its element
 * early ("</script", "</style", "<!--") is refused rather than mangled. */
static int
emit_file(struct out *o, const char *dir, const char *name, struct err *e)
{
    char path[1400];
    size_t len;
    snprintf(path, sizeof path, "%s/static/%s", dir, name);
    char *text = cfgfile_read_all(path, &len);
    if (text == NULL) {
        log_msg("snapshot: cannot read %s", path);
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    }
    if (contains_ci(text, len, "</script") ||
        contains_ci(text, len, "</style") || contains_ci(text, len, "<!--")) {
        log_msg("snapshot: %s cannot be inlined", path);
        free(text);
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    }
    emit(o, text, len);
    free(text);
    return 0;
}

/* <script type="application/json" id=...>json</script> */
static int
emit_json(struct out *o, const char *id, json_t *root, struct err *e)
{
    struct buf b;
    buf_init(&b, SNAPSHOT_DOC_MAX);
    int rc = diagram_doc_dump(root, &b, 1);
    if (rc == 0) {
        emit_s(o, "<script type=\"application/json\" id=\"");
        emit_s(o, id);
        emit_s(o, "\">");
        emit(o, b.p ? b.p : "", b.len);
        emit_s(o, "</script>\n");
    }
    buf_free(&b);
    return rc < 0 ? err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL)
                  : 0;
}

static int
emit_head(struct out *o, const struct snapshot_opts *opt, const struct lang *l,
          struct err *e)
{
    struct buf b;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime_r(&now, &tm));
    buf_init(&b, 4096);
    html_lit(&b, "<!DOCTYPE html>\n<html lang=\"");
    html_text(&b, l->code);
    html_lit(&b, "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                 "content=\"width=device-width, initial-scale=1\">"
                 "<meta name=\"generator\" content=\"unlimited-cluster\">"
                 "<title>");
    html_text(&b, opt->title ? opt->title : lang_get(l, "diagram_title"));
    html_lit(&b, " (");
    html_text(&b, when);
    html_lit(&b, ")</title>\n<style>\n");
    emit(o, b.p, b.len);
    buf_free(&b);
    if (emit_file(o, opt->module_dir, DIAGRAM_STYLE_FILE, e) < 0)
        return -1;
    emit_s(o, "</style></head>\n<body class=\"ucd-page-full\">\n"
              "<div class=\"ucd ucd-full\" id=\"ucd-root\" "
              "data-snapshot=\"1\" data-export=\"1\"></div>\n");
    return 0;
}

int
snapshot_html(struct store *st, const struct snapshot_opts *opt,
              snapshot_write_fn write, void *ctx, struct err *e)
{
    struct out o = {write, ctx, 0};
    struct lang own;
    const struct lang *l = opt->lang;
    json_t *doc = NULL, *texts = NULL;
    int rc = -1;

    memset(&own, 0, sizeof own);
    if (l == NULL) {
        if (lang_load(&own, opt->module_dir, "en") < 0) {
            log_msg("snapshot: cannot read %s/lang/en", opt->module_dir);
            return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
        }
        l = &own;
    }
    if ((doc = diagram_doc_build(st, opt->layout, e)) == NULL)
        goto out;
    if (json_object_set_new(doc, "snapshot", json_true()) < 0 ||
        (texts = diagram_doc_texts(l)) == NULL) {
        err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
        goto out;
    }
    if (emit_head(&o, opt, l, e) < 0 || emit_json(&o, "ucd-data", doc, e) < 0 ||
        emit_json(&o, "ucd-texts", texts, e) < 0)
        goto out;
    for (size_t i = 0; i < DIAGRAM_SCRIPT_COUNT; i++) {
        emit_s(&o, "<script>\n");
        if (emit_file(&o, opt->module_dir, DIAGRAM_SCRIPT_FILES[i], e) < 0)
            goto out;
        emit_s(&o, "</script>\n");
    }
    emit_s(&o, "<script>ucDiagram.boot(document.getElementById('ucd-root'));"
               "</script>\n</body>\n</html>\n");
    if (o.failed) {
        err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
        goto out;
    }
    rc = 0;
out:
    json_decref(doc);
    json_decref(texts);
    if (l == &own)
        lang_free(&own);
    return rc;
}
