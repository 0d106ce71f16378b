/* edit_cluster.c — one cluster: description, members (paged), add and
 * remove members, wire by role, delete.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "html.h"
#include "input.h"
#include "ui.h"

static const struct field fields[] = {{"name", 0}, UI_QUERY_FIELDS};
static const struct page page = {
    .script = "edit_cluster.cgi",
    .flags = 0,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static void
forms(struct app *a, const struct cluster *c)
{
    struct buf *b = &a->out;
    html_lit(b, "<form class=\"uc-form\" method=\"post\" "
                "action=\"save_cluster.cgi\">");
    ui_hidden(a, "name", c->name);
    ui_input_row(a, "description", c->description, 0, 1024, 0);
    ui_submit_row(a, "server_save");
    html_lit(b, "</form>");
}

static void
member_forms(struct app *a, const struct cluster *c)
{
    struct buf *b = &a->out;
    html_lit(b, "<div class=\"uc-actions\"><form class=\"uc-toolbar\" "
                "method=\"post\" action=\"save_cluster.cgi\">");
    ui_hidden(a, "name", c->name);
    ui_text_input(a, "add", NULL, 64, 1, "field_id");
    ui_submit(a, "default", "cluster_add_member");
    html_lit(b, "</form><form class=\"uc-toolbar\" method=\"post\" "
                "action=\"save_cluster.cgi\">");
    ui_hidden(a, "name", c->name);
    ui_text_input(a, "remove", NULL, 64, 1, "field_id");
    ui_submit(a, "default", "cluster_remove_member");
    html_lit(b, "</form>");
    ui_button_form(a, "save_cluster.cgi", "name", c->name, "autoconnect", "1",
                   "cluster_autoconnect", NULL);
    ui_button_form(a, "delete_cluster.cgi", "name", c->name, NULL, NULL,
                   "cluster_delete", "cluster_confirm_delete");
    html_lit(b, "</div>");
}

static int
handle(struct app *a, struct err *e)
{
    const char *name;
    struct cluster c;
    struct server_query q;
    struct buf extra;
    char n[24];

    if (input_ident(a, "name", &name, e) < 0 ||
        store_cluster_get(a->st, name, &c, e) < 0 ||
        ui_query_parse(a, &q, e) < 0)
        return -1;
    q.cluster = c.name;
    app_page_begin(a, "cluster_title", "edit_cluster", "index.cgi");
    html_lit(&a->out, "<h2>");
    html_text(&a->out, c.name);
    html_lit(&a->out, "</h2>");
    if (a->can_edit)
        forms(a, &c);
    else {
        html_lit(&a->out, "<p>");
        html_text(&a->out, c.description);
        html_lit(&a->out, "</p>");
    }
    snprintf(n, sizeof n, "%lld", c.members);
    html_lit(&a->out, "<p class=\"uc-count\">");
    lang_html(&a->out, &a->lang, "cluster_member_count", n, NULL);
    html_lit(&a->out, "</p>");
    buf_init(&extra, 256);
    buf_add(&extra, "name=");
    html_url_arg(&extra, c.name);
    buf_addc(&extra, '&');
    int rc = ui_server_table(a, &q, "edit_cluster.cgi", buf_cstr(&extra), e);
    buf_free(&extra);
    if (rc < 0)
        return -1;
    if (a->can_edit)
        member_forms(a, &c);
    app_page_end(a, UI_CONFIRM_SCRIPT);
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
