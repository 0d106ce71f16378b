/* edit_server.c — one server: its settings form, connections, clusters and
 * delete button (forms only for users who may edit).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "html.h"
#include "input.h"
#include "ui.h"
#include "ui_table.h"
#include "ui_health.h"

#define MAX_CONNS_SHOWN 500

static const struct field fields[] = {{"id", 0}, {"range", 0}};
static const struct page page = {
    .script = "edit_server.cgi",
    .flags = 0,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

struct ctx {
    struct app *a;
    const char *id;
    size_t n;
};

static int
conn_row(void *p, const struct connection *c)
{
    struct ctx *x = p;
    struct app *a = x->a;
    const char *other = strcmp(c->from, x->id) == 0 ? c->to : c->from;
    char key[40];
    snprintf(key, sizeof key, "conn_%s", c->type);
    x->n++;
    html_lit(&a->out, "<tr><td>");
    html_text(&a->out,
              strcmp(c->from, x->id) == 0 ? "\xe2\x86\x92" : "\xe2\x86\x90");
    html_lit(&a->out, "</td><td>");
    ui_server_link(a, other);
    html_lit(&a->out, "</td><td>");
    html_text(&a->out, app_text(a, key));
    html_lit(&a->out, "</td><td>");
    if (a->can_edit)
        ui_button_form(a, "disconnect.cgi", "from", x->id, "to", other,
                       "server_disconnect", "server_confirm_disconnect");
    html_lit(&a->out, "</td></tr>");
    return 0;
}

static int
cluster_row(void *p, const char *name)
{
    struct ctx *x = p;
    struct app *a = x->a;
    x->n++;
    html_lit(&a->out, "<li><a href=\"edit_cluster.cgi?name=");
    html_url_arg(&a->out, name);
    html_lit(&a->out, "\">");
    html_text(&a->out, name);
    html_lit(&a->out, "</a> ");
    if (a->can_edit) {
        html_lit(&a->out, "<form class=\"uc-inline\" method=\"post\" "
                          "action=\"save_cluster.cgi\">");
        ui_hidden(a, "name", name);
        ui_hidden(a, "remove", x->id);
        ui_hidden(a, "return", "server");
        ui_submit(a, "default btn-xs", "server_leave_cluster");
        html_lit(&a->out, "</form>");
    }
    html_lit(&a->out, "</li>");
    return 0;
}

static void
settings(struct app *a, const struct server *s)
{
    struct buf *b = &a->out;
    html_lit(b, "<form class=\"uc-form\" method=\"post\" "
                "action=\"save_server.cgi\">");
    ui_hidden(a, "id", s->id);
    html_lit(b, "<div class=\"uc-row\"><label>");
    html_text(b, app_text(a, "field_id"));
    html_lit(b, "</label><code>");
    html_text(b, s->id);
    html_lit(b, "</code></div>");
    ui_input_row(a, "name", s->name, 1, 128, 0);
    html_lit(b, "<div class=\"uc-row\"><label for=\"uc-f-type\">");
    html_text(b, app_text(a, "field_type"));
    html_lit(b, "</label>");
    ui_select_type(a, "type", s->type, 0);
    html_lit(b, "</div>");
    ui_input_row(a, "ip", s->ip, 1, 253, 1);
    ui_input_row(a, "region", s->region, 0, 64, 1);
    ui_input_row(a, "ports", s->ports, 0, 100, 1);
    html_lit(b, "<div class=\"uc-row\"><label>");
    html_text(b, app_text(a, "field_status"));
    html_lit(b, "</label>");
    ui_state_badge(a, s->status);
    html_lit(b, "</div>");
    if (a->can_edit)
        ui_submit_row(a, "server_save");
    html_lit(b, "</form>");
}

static void
connect_form(struct app *a, const char *id)
{
    struct buf *b = &a->out;
    html_lit(b, "<form class=\"uc-toolbar\" method=\"post\" "
                "action=\"connect.cgi\">");
    ui_hidden(a, "from", id);
    ui_hidden(a, "return", "server");
    ui_text_input(a, "to", NULL, 64, 1, "index_connect_to");
    ui_select_conn_type(a, "type", "standard");
    ui_submit(a, "default", "index_connect");
    html_lit(b, "</form>");
}

static void
join_form(struct app *a, const char *id)
{
    struct buf *b = &a->out;
    html_lit(b, "<form class=\"uc-toolbar\" method=\"post\" "
                "action=\"save_cluster.cgi\">");
    ui_hidden(a, "add", id);
    ui_hidden(a, "return", "server");
    ui_text_input(a, "name", NULL, 64, 1, "field_cluster");
    ui_submit(a, "default", "server_join_cluster");
    html_lit(b, "</form>");
}

static int
handle(struct app *a, struct err *e)
{
    const char *id;
    struct server s;
    struct ctx x = {a, NULL, 0};
    if (input_ident(a, "id", &id, e) < 0 ||
        store_server_get(a->st, id, &s, e) < 0)
        return -1;
    x.id = s.id;
    app_page_begin(a, "server_title", "edit_server", "index.cgi");
    settings(a, &s);
    if (ui_health(a, &s, e) < 0)
        return -1;
    html_lit(&a->out, "<p><a class=\"btn btn-default btn-sm\" "
                      "href=\"firewall.cgi?id=");
    html_url_arg(&a->out, s.id);
    html_lit(&a->out, "\">");
    html_text(&a->out, app_text(a, "fw_link"));
    html_lit(&a->out, "</a> <a class=\"btn btn-default btn-sm\" "
                      "href=\"diagram.cgi?focus=");
    html_url_arg(&a->out, s.id);
    html_lit(&a->out, "\">");
    html_text(&a->out, app_text(a, "server_show_in_diagram"));
    html_lit(&a->out, "</a></p>");
    html_lit(&a->out, "<h2>");
    html_text(&a->out, app_text(a, "server_connections"));
    html_lit(&a->out, "</h2><table class=\"table table-condensed\"><tbody>");
    if (store_conn_list_server(a->st, s.id, MAX_CONNS_SHOWN, conn_row, &x, e) <
        0)
        return -1;
    html_lit(&a->out, "</tbody></table>");
    if (x.n == 0) {
        html_lit(&a->out, "<p class=\"uc-muted\">");
        html_text(&a->out, app_text(a, "server_no_connections"));
        html_lit(&a->out, "</p>");
    }
    if (a->can_edit)
        connect_form(a, s.id);
    html_lit(&a->out, "<h2>");
    html_text(&a->out, app_text(a, "index_clusters"));
    html_lit(&a->out, "</h2><ul class=\"uc-list\">");
    x.n = 0;
    if (store_server_clusters(a->st, s.id, cluster_row, &x, e) < 0)
        return -1;
    html_lit(&a->out, "</ul>");
    if (a->can_edit) {
        join_form(a, s.id);
        html_lit(&a->out, "<div class=\"uc-actions\">");
        ui_button_form(a, "delete_server.cgi", "id", s.id, NULL, NULL,
                       "server_delete", "index_confirm_delete");
        html_lit(&a->out, "</div>");
    }
    app_page_end(a, UI_CONFIRM_SCRIPT);
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
