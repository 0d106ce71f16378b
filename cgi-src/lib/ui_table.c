/* ui_table.c — pieces of the pages' tables (ui_table.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include "ui_table.h"

#include "html.h"

void
ui_server_link(struct app *a, const char *id)
{
    struct buf *b = &a->out;
    html_lit(b, "<a href=\"edit_server.cgi?id=");
    html_url_arg(b, id);
    html_lit(b, "\">");
    html_text(b, id);
    html_lit(b, "</a>");
}

void
ui_heading_cells(struct app *a, const char *const *keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        html_lit(&a->out, "<th>");
        html_text(&a->out, app_text(a, keys[i]));
        html_lit(&a->out, "</th>");
    }
}

void
ui_table_open(struct app *a, const char *cls, const char *const *keys, size_t n)
{
    struct buf *b = &a->out;
    html_lit(b, "<div class=\"table-responsive\"><table class=\"table "
                "table-condensed ");
    html_text(b, cls);
    html_lit(b, "\"><thead><tr>");
    ui_heading_cells(a, keys, n);
    html_lit(b, "</tr></thead><tbody>");
}
