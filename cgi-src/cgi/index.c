/* index.c — the dashboard: counts by status, type and region, clusters,
 * the paged servers table, and the forms to add, connect and group.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "html.h"
#include "types.h"
#include "ui.h"
#include "ui_alerts.h"

#define MAX_REGIONS_SHOWN  30
#define MAX_CLUSTERS_SHOWN 50

static const struct field fields[] = {UI_QUERY_FIELDS};
static const struct page page = {
    .script = "index.cgi",
    .flags = 0,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

/* Counts per key, filled from store_count_by. */
struct counts {
    struct app *a;
    long long total;
    long long type_n[16];
    long long state_n[8];
    size_t shown;
};

static int
count_type(void *ctx, const char *key, long long n)
{
    struct counts *c = ctx;
    for (size_t i = 0; i < SERVER_TYPE_COUNT; i++)
        if (strcmp(SERVER_TYPES[i].name, key) == 0)
            c->type_n[i] = n;
    return 0;
}

static int
count_state(void *ctx, const char *key, long long n)
{
    struct counts *c = ctx;
    for (size_t i = 0; i < SERVER_STATE_COUNT; i++)
        if (strcmp(SERVER_STATES[i], key) == 0)
            c->state_n[i] = n;
    return 0;
}

static void
card(struct app *a, long long n, const char *label_key, const char *cls,
     const char *href)
{
    struct buf *b = &a->out;
    html_lit(b, "<a class=\"uc-card ");
    html_text(b, cls);
    html_lit(b, "\" href=\"");
    html_text(b, href);
    html_lit(b, "\"><span class=\"uc-card-n\">");
    html_int(b, n);
    html_lit(b, "</span><span class=\"uc-card-l\">");
    html_text(b, app_text(a, label_key));
    html_lit(b, "</span></a>");
}

static int
cards(struct app *a, struct counts *c, struct err *e)
{
    struct store_totals t;
    char key[40], href[64];
    if (store_totals(a->st, &t, e) < 0 ||
        store_count_by(a->st, "status", count_state, c, e) < 0)
        return -1;
    c->total = t.servers;
    html_lit(&a->out, "<div class=\"uc-cards\">");
    card(a, t.servers, "index_servers", "", "index.cgi");
    card(a, t.connections, "index_connections", "", "index.cgi");
    card(a, t.clusters, "index_clusters", "", "#uc-clusters");
    for (size_t i = 0; i < SERVER_STATE_COUNT; i++) {
        snprintf(key, sizeof key, "state_%s", SERVER_STATES[i]);
        snprintf(href, sizeof href, "index.cgi?status=%s", SERVER_STATES[i]);
        char cls[40];
        snprintf(cls, sizeof cls, "uc-card-%s", SERVER_STATES[i]);
        card(a, c->state_n[i], key, cls, href);
    }
    html_lit(&a->out, "</div>\n");
    return 0;
}

/* Share of the total as a width class uc-w0..uc-w100 in steps of 5. */
static int
width_class(long long n, long long total)
{
    if (total <= 0 || n <= 0)
        return 0;
    long long w = (n * 100 + total - 1) / total;
    w = (w + 4) / 5 * 5;
    return (int)(w > 100 ? 100 : w);
}

static int
by_type(struct app *a, struct counts *c, struct err *e)
{
    struct buf *b = &a->out;
    if (store_count_by(a->st, "type", count_type, c, e) < 0)
        return -1;
    html_lit(b, "<div class=\"uc-box\"><h2>");
    html_text(b, app_text(a, "index_by_type"));
    html_lit(b, "</h2><table class=\"table table-condensed uc-types\">"
                "<tbody>");
    for (size_t i = 0; i < SERVER_TYPE_COUNT; i++) {
        const struct server_type *t = &SERVER_TYPES[i];
        html_lit(b, "<tr><td><a href=\"index.cgi?type=");
        html_url_arg(b, t->name);
        html_lit(b, "\">");
        ui_type_cell(a, t->name);
        html_lit(b, "</a></td><td class=\"uc-num\">");
        html_int(b, c->type_n[i]);
        html_lit(b, "</td><td class=\"uc-barcell\"><span class=\"uc-bar "
                    "uc-c-");
        html_text(b, t->name);
        buf_addf(b, " uc-w%d\"></span></td><td class=\"uc-muted\">",
                 width_class(c->type_n[i], c->total));
        for (size_t p = 0; p < t->nports; p++)
            buf_addf(b, "%s%d", p ? " " : "", t->ports[p]);
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody></table></div>\n");
    return 0;
}

static int
region_row(void *ctx, const char *key, long long n)
{
    struct counts *c = ctx;
    struct buf *b = &c->a->out;
    if (c->shown++ >= MAX_REGIONS_SHOWN)
        return 0;
    if (key[0] == '\0') { /* "no region" cannot be a filter value */
        html_lit(b, "<li>");
        html_text(b, app_text(c->a, "index_no_region"));
    } else {
        html_lit(b, "<li><a href=\"index.cgi?region=");
        html_url_arg(b, key);
        html_lit(b, "\">");
        html_text(b, key);
        html_lit(b, "</a>");
    }
    html_lit(b, " <span class=\"uc-muted\">");
    html_int(b, n);
    html_lit(b, "</span></li>");
    return 0;
}

static int
cluster_row(void *ctx, const struct cluster *cl)
{
    struct counts *c = ctx;
    struct buf *b = &c->a->out;
    if (c->shown++ >= MAX_CLUSTERS_SHOWN)
        return 1; /* enough: stop the listing */
    html_lit(b, "<li><a href=\"edit_cluster.cgi?name=");
    html_url_arg(b, cl->name);
    html_lit(b, "\">");
    html_text(b, cl->name);
    html_lit(b, "</a> <span class=\"uc-muted\">");
    char n[24];
    snprintf(n, sizeof n, "%lld", cl->members);
    lang_html(b, &c->a->lang, "index_members", n, NULL);
    html_lit(b, "</span> ");
    html_text(b, cl->description);
    html_lit(b, "</li>");
    return 0;
}

static int
regions_and_clusters(struct app *a, struct counts *c, struct err *e)
{
    struct buf *b = &a->out;
    html_lit(b, "<div class=\"uc-box\"><h2>");
    html_text(b, app_text(a, "index_by_region"));
    html_lit(b, "</h2><ul class=\"uc-list\">");
    c->shown = 0;
    if (store_count_by(a->st, "region", region_row, c, e) < 0)
        return -1;
    html_lit(b, "</ul>");
    if (c->shown > MAX_REGIONS_SHOWN) {
        char n[24];
        snprintf(n, sizeof n, "%zu", c->shown - MAX_REGIONS_SHOWN);
        lang_html(b, &a->lang, "index_more", n, NULL);
    }
    html_lit(b, "<h2 id=\"uc-clusters\">");
    html_text(b, app_text(a, "index_clusters"));
    html_lit(b, "</h2><ul class=\"uc-list\">");
    c->shown = 0;
    if (store_cluster_list(a->st, cluster_row, c, e) < 0)
        return -1;
    html_lit(b, "</ul>");
    if (c->shown > MAX_CLUSTERS_SHOWN) {
        html_lit(b, "<p class=\"uc-muted\">");
        lang_html(b, &a->lang, "index_more_clusters", NULL, NULL);
        html_lit(b, "</p>");
    }
    if (c->shown == 0) {
        html_lit(b, "<p class=\"uc-muted\">");
        html_text(b, app_text(a, "index_no_clusters"));
        html_lit(b, "</p>");
    }
    html_lit(b, "</div>\n");
    return 0;
}

static void
toolbar(struct app *a, const struct server_query *q)
{
    struct buf *b = &a->out;
    html_lit(b, "<form class=\"uc-toolbar\" method=\"get\" "
                "action=\"index.cgi\" role=\"search\">"
                "<input class=\"form-control\" type=\"search\" name=\"q\" "
                "maxlength=\"128\" placeholder=\"");
    html_text(b, app_text(a, "index_search"));
    html_lit(b, "\" value=\"");
    html_text(b, q->q);
    html_lit(b, "\">");
    ui_select_type(a, "type", q->type, 1);
    ui_select_state(a, "status", q->status);
    ui_text_input(a, "region", q->region, 64, 0, "field_region");
    ui_text_input(a, "cluster", q->cluster, 64, 0, "field_cluster");
    ui_submit(a, "primary", "index_filter");
    html_lit(b, " <a class=\"btn btn-default\" href=\"index.cgi\">");
    html_text(b, app_text(a, "index_reset"));
    html_lit(b, "</a> <a class=\"btn btn-default\" href=\"diagram.cgi\">");
    html_text(b, app_text(a, "diagram_link"));
    html_lit(b, "</a> <a class=\"btn btn-default\" href=\"alerts.cgi\">");
    html_text(b, app_text(a, "alert_title"));
    html_lit(b, "</a> <a class=\"btn btn-default\" href=\"network.cgi\">");
    html_text(b, app_text(a, "net_link"));
    html_lit(b, "</a> <a class=\"btn btn-default\" "
                "href=\"performance.cgi\">");
    html_text(b, app_text(a, "perf_link"));
    html_lit(b, "</a></form>\n");
}

static int
match_count(struct app *a, const struct server_query *q,
            const struct ui_table_info *shown, struct err *e)
{
    long long n = (long long)shown->rows;
    char num[24];
    const long long cap = 1000;
    /* A first page that holds every match is its own count. */
    if (!shown->complete && store_server_count(a->st, q, cap, &n, e) < 0)
        return -1;
    html_lit(&a->out, "<p class=\"uc-count\">");
    /* A count past cap + 1 is exact (from the counters); cap + 1 means
     * the capped count stopped. */
    int more = n == cap + 1;
    snprintf(num, sizeof num, "%lld", more ? cap : n);
    lang_html(&a->out, &a->lang, more ? "index_count_more" : "index_count", num,
              NULL);
    html_lit(&a->out, "</p>\n");
    return 0;
}

/* Forms that act on the servers ticked in the table (the inline script
 * copies the selection into each form as `servers` fields). */
static void
selection_forms(struct app *a)
{
    struct buf *b = &a->out;
    html_lit(b, "<div class=\"uc-actions\">"
                "<form method=\"post\" action=\"connect.cgi\" "
                "data-uc-sel=\"2\" data-uc-need=\"");
    html_text(b, app_text(a, "index_select_two"));
    html_lit(b, "\"><label>");
    html_text(b, app_text(a, "index_connect_selected"));
    html_lit(b, "</label> ");
    ui_select_conn_type(a, "type", "standard");
    ui_text_input(a, "to", NULL, 64, 0, "index_connect_to");
    ui_submit(a, "default", "index_connect");
    html_lit(b, "</form>\n");
    if (!a->scoped) { /* only a user who sees every cluster creates one */
        html_lit(b, "<form method=\"post\" action=\"create_cluster.cgi\" "
                    "data-uc-sel=\"1\" data-uc-need=\"");
        html_text(b, app_text(a, "index_select_one"));
        html_lit(b, "\"><label>");
        html_text(b, app_text(a, "index_cluster_selected"));
        html_lit(b, "</label> ");
        ui_text_input(a, "name", NULL, 64, 1, "field_name");
        ui_text_input(a, "description", NULL, 1024, 0, "field_description");
        ui_submit(a, "default", "index_create_cluster");
        html_lit(b, "</form>\n");
    }
    html_lit(b, "<form method=\"post\" "
                "action=\"delete_server.cgi\" data-uc-sel=\"1\" "
                "data-uc-need=\"");
    html_text(b, app_text(a, "index_select_one"));
    html_lit(b, "\" data-uc-confirm=\"");
    html_text(b, app_text(a, "index_confirm_delete"));
    html_lit(b, "\">");
    ui_submit(a, "danger", "index_delete_selected");
    html_lit(b, "</form></div>\n");
}

static int
cluster_option(void *ctx, const struct cluster *c)
{
    struct buf *b = ctx;
    html_lit(b, "<option>");
    html_text(b, c->name);
    html_lit(b, "</option>");
    return 0;
}

/* The cluster the new server joins: optional, required for a user limited
 * to some clusters (a server outside them would be hidden from them). */
static int
cluster_choice_row(struct app *a, struct err *e)
{
    struct buf *b = &a->out;
    html_lit(b, "<div class=\"uc-row\"><label for=\"uc-f-cluster\">");
    html_text(b, app_text(a, "field_cluster"));
    html_lit(b, "</label><select id=\"uc-f-cluster\" name=\"cluster\"");
    buf_add(b, a->scoped ? " required>" : ">");
    html_lit(b, "<option value=\"\">");
    html_text(b, app_text(a, a->scoped ? "index_choose_cluster"
                                       : "index_no_cluster"));
    html_lit(b, "</option>");
    if (store_cluster_list(a->st, cluster_option, b, e) < 0)
        return -1;
    html_lit(b, "</select></div>");
    return 0;
}

static int
add_server_form(struct app *a, struct err *e)
{
    struct buf *b = &a->out;
    html_lit(b, "<div class=\"uc-box\"><h2>");
    html_text(b, app_text(a, "index_add_server"));
    html_lit(b, "</h2><form class=\"uc-form\" method=\"post\" "
                "action=\"add_server.cgi\">");
    ui_input_row(a, "id", "", 1, 64, 1);
    ui_input_row(a, "name", "", 0, 128, 0);
    html_lit(b, "<div class=\"uc-row\"><label for=\"uc-f-type\">");
    html_text(b, app_text(a, "field_type"));
    html_lit(b, "</label>");
    ui_select_type(a, "type", "web", 0);
    html_lit(b, "</div>");
    ui_input_row(a, "ip", "", 1, 253, 1);
    ui_input_row(a, "region", "", 0, 64, 1);
    ui_input_row(a, "ports", "", 0, 100, 1);
    if (cluster_choice_row(a, e) < 0)
        return -1;
    ui_submit_row(a, "index_add");
    html_lit(b, "</form></div>\n");
    return 0;
}

/* Copies ticked ids into a form as hidden `servers` inputs on submit, with
 * a select-all box and confirmations. Runs on every PJAX visit. */
static const char script[] =
    "(function(){var d=document;"
    "function sel(){return Array.prototype.slice.call("
    "d.querySelectorAll('.uc-sel:checked'));}"
    "Array.prototype.forEach.call(d.querySelectorAll('.uc-selall'),"
    "function(all){all.addEventListener('change',function(){"
    "Array.prototype.forEach.call(d.querySelectorAll('.uc-sel'),"
    "function(c){c.checked=all.checked;});});});"
    "Array.prototype.forEach.call(d.querySelectorAll('form[data-uc-sel],"
    "form[data-uc-confirm]'),function(f){f.addEventListener('submit',"
    "function(ev){var need=+(f.getAttribute('data-uc-sel')||0),s=sel();"
    "Array.prototype.forEach.call(f.querySelectorAll('.uc-selh'),"
    "function(h){h.remove();});"
    "if(need&&s.length<need&&!(need==2&&s.length==1&&f.to&&f.to.value)){"
    "ev.preventDefault();alert(f.getAttribute('data-uc-need'));return;}"
    "if(f.getAttribute('data-uc-confirm')&&"
    "!confirm(f.getAttribute('data-uc-confirm'))){ev.preventDefault();"
    "return;}s.forEach(function(c){var h=d.createElement('input');"
    "h.type='hidden';h.name='servers';h.value=c.value;h.className='uc-selh';"
    "f.appendChild(h);});});});})();"
    /* Live updates (static/live.js: events.cgi, polling as the fallback). */
    "(function(){if(window.ucLive){ucLive.start('index');return;}"
    "var s=document.createElement('script');s.src='static/live.js';"
    "s.setAttribute('data-uc-live','index');document.head.appendChild(s);})();";

static int
handle(struct app *a, struct err *e)
{
    struct server_query q;
    struct counts c = {.a = a};
    if (ui_query_parse(a, &q, e) < 0)
        return -1;
    app_page_begin(a, "index_title", "index", NULL);
    if (cards(a, &c, e) < 0 || ui_alert_summary(a, e) < 0)
        return -1;
    html_lit(&a->out, "<div class=\"uc-grid2\">");
    if (by_type(a, &c, e) < 0 || regions_and_clusters(a, &c, e) < 0)
        return -1;
    html_lit(&a->out, "</div>\n<h2>");
    html_text(&a->out, app_text(a, "index_servers"));
    html_lit(&a->out, "</h2>");
    toolbar(a, &q);
    struct buf rows;
    struct ui_table_info shown;
    buf_init(&rows, APP_PAGE_MAX);
    int rc = ui_server_table_into(a, &rows, &q, "index.cgi", "", &shown, e);
    if (rc == 0)
        rc = match_count(a, &q, &shown, e);
    if (rc == 0)
        rc = buf_addn(&a->out, buf_cstr(&rows), rows.len) < 0
                 ? err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL)
                 : 0;
    buf_free(&rows);
    if (rc < 0)
        return -1;
    if (a->can_edit) {
        selection_forms(a);
        if (add_server_form(a, e) < 0)
            return -1;
    } else {
        html_lit(&a->out, "<p class=\"uc-muted\">");
        html_text(&a->out, app_text(a, "index_read_only"));
        html_lit(&a->out, "</p>");
    }
    app_page_end(a, script);
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
