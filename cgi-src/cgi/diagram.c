/* diagram.c — GET: the isometric diagram of the estate (one canvas drawn
 * by static/diagram*.js from diagram_data.cgi) in the module's frame, or
 * full=1 alone on the page for a wall display. poll=N seconds between
 * checks for changes (module config auto_refresh=0 turns them off),
 * live=0 leaves the live event stream (static/live.js) out and relies on
 * polling alone, focus=ID centres a server.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "diagram_doc.h"
#include "html.h"
#include "layout.h"
#include "snapshot.h"
#include "valid.h"

#define POLL_DEFAULT 5 /* seconds */

static const struct field fields[] = {
    {"full", 0}, {"poll", 0}, {"focus", 0}, {"live", 0}};
static const struct page page = {
    .script = "diagram.cgi",
    .flags = 0,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

/* Cache-busting for the static files: the newest mtime among them, so a
 * new module version is fetched at once (and PJAX, which loads a script
 * URL only once per page, still gets the new one). */
static long long
static_version(const struct app *a)
{
    char path[1400];
    struct stat st;
    long long v = 0;
    for (size_t i = 0; i <= DIAGRAM_SCRIPT_COUNT; i++) {
        snprintf(path, sizeof path, "%s/static/%s", a->module_dir,
                 i < DIAGRAM_SCRIPT_COUNT ? DIAGRAM_SCRIPT_FILES[i]
                                          : DIAGRAM_STYLE_FILE);
        if (stat(path, &st) == 0 && (long long)st.st_mtime > v)
            v = (long long)st.st_mtime;
    }
    return v;
}

/* poll: 1..3600 seconds, or the default; 0 when the admin turned
 * refreshing off. */
static int
poll_seconds(struct app *a, int *out, struct err *e)
{
    const char *p = app_param(a, "poll");
    *out = POLL_DEFAULT;
    if (strcmp(cfgmap_get_or(&a->config, "auto_refresh", "1"), "0") == 0)
        *out = 0;
    if (p == NULL || p[0] == '\0')
        return 0;
    int n = 0;
    for (const char *c = p; *c; c++) {
        if (*c < '0' || *c > '9' || n > 3600)
            return err_set(e, ERR_INVALID, "poll", "err_out_of_range", "1",
                           "3600");
        n = n * 10 + (*c - '0');
    }
    if (n < 1 || n > 3600)
        return err_set(e, ERR_INVALID, "poll", "err_out_of_range", "1", "3600");
    *out = n;
    return 0;
}

static void
attr(struct buf *b, const char *name, const char *value)
{
    buf_add(b, " ");
    buf_add(b, name);
    html_lit(b, "=\"");
    html_text(b, value);
    html_lit(b, "\"");
}

/* The root the script fills, the texts it shows and the scripts. */
static int
body(struct app *a, int full, int poll, const char *focus, struct err *e)
{
    const char *live_p = app_param(a, "live");
    int want_live = live_p == NULL || strcmp(live_p, "0") != 0;
    struct buf *b = &a->out;
    char num[32];
    enum layout_kind layout;
    long long ver = static_version(a);

    if (layout_parse(cfgmap_get_or(&a->config, "layout", "auto"), &layout) < 0)
        layout = LAYOUT_AUTO;
    html_lit(b, "<div class=\"ucd");
    if (full)
        html_lit(b, " ucd-full");
    html_lit(b, "\" id=\"ucd-root\" data-src=\"diagram_data.cgi\"");
    attr(b, "data-edit", a->can_edit ? "1" : "0");
    attr(b, "data-export", a->can_export ? "1" : "0");
    snprintf(num, sizeof num, "%d", poll);
    attr(b, "data-poll", num);
    attr(b, "data-full", full ? "1" : "0");
    attr(b, "data-scoped", a->scoped ? "1" : "0");
    attr(b, "data-layout", layout_name(layout));
    if (focus != NULL)
        attr(b, "data-focus", focus);
    html_lit(b, "><noscript>");
    html_text(b, app_text(a, "diagram_noscript"));
    html_lit(b, "</noscript></div>\n");

    snprintf(num, sizeof num, "%lld", ver);
    html_lit(b, "<link rel=\"stylesheet\" href=\"static/" DIAGRAM_STYLE_FILE
                "?v=");
    html_text(b, num);
    html_lit(b, "\">\n<script type=\"application/json\" id=\"ucd-texts\">");
    json_t *texts = diagram_doc_texts(&a->lang);
    int rc = texts == NULL || diagram_doc_dump(texts, b, 1) < 0;
    json_decref(texts);
    if (rc)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    html_lit(b, "</script>\n");
    for (size_t i = 0; i < DIAGRAM_SCRIPT_COUNT; i++) {
        html_lit(b, "<script src=\"static/");
        html_text(b, DIAGRAM_SCRIPT_FILES[i]);
        html_lit(b, "?v=");
        html_text(b, num);
        html_lit(b, "\"></script>\n");
    }
    /* The live event stream's client (events.cgi), when the module has
     * it: it calls ucDiagram.applyChanges(); the diagram's own polling
     * stays as the fallback. */
    char live[1400];
    struct stat st;
    snprintf(live, sizeof live, "%s/static/live.js", a->module_dir);
    if (want_live && poll > 0 && stat(live, &st) == 0) {
        snprintf(num, sizeof num, "%lld", (long long)st.st_mtime);
        html_lit(b, "<script src=\"static/live.js?v=");
        html_text(b, num);
        html_lit(b, "\" data-uc-live=\"diagram\"></script>\n");
    }
    return 0;
}

/* Inline, so that it runs on every PJAX visit; waits for the scripts,
 * which the loader may still be fetching. */
static const char INIT[] =
    "(function(){var n=0;function go(){var r=document.getElementById("
    "'ucd-root');if(!r)return;var u=window.ucDiagram;if(u&&u.ready){"
    "u.boot(r);}else if(n++<400){setTimeout(go,25);}}go();})();";

static int
handle(struct app *a, struct err *e)
{
    const char *full_p = app_param(a, "full");
    const char *focus = app_param(a, "focus");
    int full = full_p != NULL && strcmp(full_p, "1") == 0, poll;
    struct buf *b = &a->out;

    if (poll_seconds(a, &poll, e) < 0)
        return -1;
    if (focus != NULL && focus[0] == '\0')
        focus = NULL;
    if (focus != NULL && valid_ident("focus", focus, e) < 0)
        return -1;
    if (!full) {
        app_page_begin(a, "diagram_title", "diagram", "index.cgi");
        if (body(a, 0, poll, focus, e) < 0)
            return -1;
        app_page_end(a, INIT);
        return 0;
    }
    /* Full screen: the diagram alone (still a PJAX fragment, should the
     * theme load it). */
    html_lit(b, "<!DOCTYPE html>\n<html lang=\"");
    html_text(b, a->lang.code);
    html_lit(b,
             "\" data-module=\"" APP_MODULE "\"><head><meta charset=\"utf-8\">"
             "<meta name=\"viewport\" content=\"width=device-width, "
             "initial-scale=1\"><title>");
    html_text(b, app_text(a, "diagram_title"));
    html_lit(b, "</title></head>\n<body class=\"ucd-page-full\">\n"
                "<div data-dcontainer=\"1\">\n");
    if (body(a, 1, poll, focus, e) < 0)
        return -1;
    html_lit(b, "<script>");
    buf_add(b, INIT);
    html_lit(b, "</script>\n</div>\n</body>\n</html>\n");
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
