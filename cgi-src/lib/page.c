/* page.c — the HTML frame of every page: a full document that also works
 * as an Authentic PJAX fragment (the theme keeps only [data-dcontainer]).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "app.h"
#include "html.h"

void
app_page_begin(struct app *a, const char *title_key, const char *help,
               const char *back)
{
    struct buf *b = &a->out;
    const char *title = lang_get(&a->lang, title_key);
    /* Module Config: the estate's name and description under every title,
     * and the colour scheme (static/uc.css: [data-uc-theme=dark]). */
    const char *estate = cfgmap_get_or(&a->config, "cluster_name", "");
    const char *about = cfgmap_get_or(&a->config, "cluster_desc", "");
    int dark = strcmp(cfgmap_get_or(&a->config, "theme", ""), "dark") == 0;

    html_lit(b, "<!DOCTYPE html>\n<html lang=\"");
    html_text(b, a->lang.code);
    html_lit(b, "\" data-module=\"" APP_MODULE "\" data-language=\"");
    html_text(b, a->lang.code);
    html_lit(b, "\" data-title-initial=\"");
    html_text(b, title);
    html_lit(b, "\">\n<head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, "
                "initial-scale=1\"><title>");
    html_text(b, title);
    html_lit(b, "</title></head>\n<body class=\"uc-standalone\">\n"
                "<div class=\"container-fluid col-lg-10 col-lg-offset-1\" "
                "data-dcontainer=\"1\">\n"
                "<link rel=\"stylesheet\" href=\"static/uc.css\">\n");
    buf_add(b, dark ? "<div class=\"uc-page\" data-uc-theme=\"dark\">\n"
                    : "<div class=\"uc-page\">\n");
    html_lit(b, "<div class=\"panel panel-default\">"
                "<div class=\"panel-heading uc-head\">");
    if (back != NULL) {
        html_lit(b, "<a class=\"uc-back\" href=\"");
        html_text(b, back);
        html_lit(b, "\">&#8592; ");
        html_text(b, lang_get(&a->lang, "nav_back"));
        html_lit(b, "</a> ");
    }
    html_lit(b, "<h1 class=\"uc-title\">");
    html_text(b, title);
    if (estate[0] != '\0') {
        html_lit(b, " <small class=\"uc-estate\">");
        html_text(b, estate);
        html_lit(b, "</small>");
    }
    html_lit(b, "</h1><span class=\"uc-links\">");
    if (help != NULL) {
        html_lit(b, "<a href=\"help.cgi?page=");
        html_url_arg(b, help);
        html_lit(b, "\" target=\"_blank\" rel=\"noopener\">");
        html_text(b, lang_get(&a->lang, "nav_help"));
        html_lit(b, "</a>");
    }
    if (a->can_config) {
        html_lit(b, " <a href=\"/config.cgi?" APP_MODULE "\">");
        html_text(b, lang_get(&a->lang, "nav_config"));
        html_lit(b, "</a>");
    }
    html_lit(b, "</span></div>\n<div class=\"panel-body\">\n");
    if (about[0] != '\0') {
        html_lit(b, "<p class=\"uc-muted uc-about\">");
        html_text(b, about);
        html_lit(b, "</p>\n");
    }
}

void
app_page_end(struct app *a, const char *script)
{
    struct buf *b = &a->out;
    html_lit(b, "</div></div>\n</div>\n");
    if (script != NULL) {
        /* A literal from our source; inline so PJAX runs it every visit. */
        html_lit(b, "<script>");
        buf_add(b, script);
        html_lit(b, "</script>\n");
    }
    html_lit(b, "</div>\n</body>\n</html>\n");
}
