/* ui.c — HTML widgets shared by the pages; all text from lang/, all values
 * escaped.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "types.h"
#include "ui.h"
#include "ui_table.h"
#include "ui_health.h"
#include "valid.h"

#define UI_MAX_ROWS 500

static const char *const sort_names[SORT__MAX] = {
    [SORT_ID] = "id", [SORT_NAME] = "name",     [SORT_TYPE] = "type",
    [SORT_IP] = "ip", [SORT_REGION] = "region", [SORT_STATUS] = "status",
};

void
ui_type_cell(struct app *a, const char *type)
{
    const struct server_type *t = types_find(type);
    struct buf *b = &a->out;
    html_lit(b, "<span class=\"uc-type\">");
    if (t != NULL) {
        html_lit(b, "<img src=\"images/");
        html_text(b, t->icon);
        html_lit(b, "\" alt=\"\" width=\"20\" height=\"20\">");
        html_text(b, lang_get(&a->lang, t->label_key));
    } else {
        html_text(b, type);
    }
    html_lit(b, "</span>");
}

void
ui_state_badge(struct app *a, const char *state)
{
    char key[40];
    const char *s = server_state_valid(state) ? state : "unknown";
    snprintf(key, sizeof key, "state_%s", s);
    html_lit(&a->out, "<span class=\"uc-badge uc-state-");
    html_text(&a->out, s);
    html_lit(&a->out, "\">");
    html_text(&a->out, lang_get(&a->lang, key));
    html_lit(&a->out, "</span>");
}

static void
option(struct app *a, const char *value, const char *label_key,
       const char *selected)
{
    html_lit(&a->out, "<option value=\"");
    html_text(&a->out, value);
    html_lit(&a->out, "\"");
    if (selected != NULL && strcmp(selected, value) == 0)
        html_lit(&a->out, " selected");
    html_lit(&a->out, ">");
    html_text(&a->out, lang_get(&a->lang, label_key));
    html_lit(&a->out, "</option>");
}

static void
select_open(struct app *a, const char *name)
{
    html_lit(&a->out, "<select class=\"form-control\" name=\"");
    html_text(&a->out, name);
    html_lit(&a->out, "\" id=\"uc-f-");
    html_text(&a->out, name);
    html_lit(&a->out, "\">");
}

void
ui_select_type(struct app *a, const char *name, const char *selected,
               int with_any)
{
    select_open(a, name);
    if (with_any)
        option(a, "", "filter_any_type", selected);
    for (size_t i = 0; i < SERVER_TYPE_COUNT; i++)
        option(a, SERVER_TYPES[i].name, SERVER_TYPES[i].label_key, selected);
    html_lit(&a->out, "</select>");
}

void
ui_select_conn_type(struct app *a, const char *name, const char *selected)
{
    char key[40];
    select_open(a, name);
    for (size_t i = 0; i < CONN_TYPE_COUNT; i++) {
        snprintf(key, sizeof key, "conn_%s", CONN_TYPES[i]);
        option(a, CONN_TYPES[i], key, selected);
    }
    html_lit(&a->out, "</select>");
}

void
ui_select_state(struct app *a, const char *name, const char *selected)
{
    char key[40];
    select_open(a, name);
    option(a, "", "filter_any_state", selected);
    for (size_t i = 0; i < SERVER_STATE_COUNT; i++) {
        snprintf(key, sizeof key, "state_%s", SERVER_STATES[i]);
        option(a, SERVER_STATES[i], key, selected);
    }
    html_lit(&a->out, "</select>");
}

void
ui_hidden(struct app *a, const char *name, const char *value)
{
    html_lit(&a->out, "<input type=\"hidden\" name=\"");
    html_text(&a->out, name);
    html_lit(&a->out, "\" value=\"");
    html_text(&a->out, value ? value : "");
    html_lit(&a->out, "\">");
}

void
ui_input_row(struct app *a, const char *name, const char *value, int required,
             int maxlength, int help)
{
    char key[48];
    struct buf *b = &a->out;
    snprintf(key, sizeof key, "field_%s", name);
    html_lit(b, "<div class=\"uc-row\"><label for=\"uc-f-");
    html_text(b, name);
    html_lit(b, "\">");
    html_text(b, lang_get(&a->lang, key));
    if (help) {
        html_lit(b, " <a class=\"uc-help\" href=\"help.cgi?page=");
        html_url_arg(b, name);
        html_lit(b, "\" target=\"_blank\" rel=\"noopener\">?</a>");
    }
    html_lit(b, "</label><input class=\"form-control\" type=\"text\" "
                "id=\"uc-f-");
    html_text(b, name);
    html_lit(b, "\" name=\"");
    html_text(b, name);
    html_lit(b, "\" value=\"");
    html_text(b, value ? value : "");
    buf_addf(b, "\" maxlength=\"%d\"%s></div>", maxlength,
             required ? " required" : "");
}

void
ui_button_form(struct app *a, const char *action, const char *k1,
               const char *v1, const char *k2, const char *v2,
               const char *button_key, const char *confirm_key)
{
    struct buf *b = &a->out;
    html_lit(b, "<form class=\"uc-inline\" method=\"post\" action=\"");
    html_text(b, action);
    html_lit(b, "\"");
    if (confirm_key != NULL) {
        html_lit(b, " data-uc-confirm=\"");
        html_text(b, lang_get(&a->lang, confirm_key));
        html_lit(b, "\"");
    }
    html_lit(b, ">");
    if (k1 != NULL)
        ui_hidden(a, k1, v1);
    if (k2 != NULL)
        ui_hidden(a, k2, v2);
    ui_submit(a, "default btn-xs", button_key);
    html_lit(b, "</form>");
}

const char UI_CONFIRM_SCRIPT[] =
    "Array.prototype.forEach.call(document.querySelectorAll("
    "'form[data-uc-confirm]'),function(f){f.addEventListener('submit',"
    "function(ev){if(!confirm(f.getAttribute('data-uc-confirm')))"
    "ev.preventDefault();});});";

void
ui_submit(struct app *a, const char *style, const char *label_key)
{
    html_lit(&a->out, "<button class=\"btn btn-");
    html_text(&a->out, style);
    html_lit(&a->out, "\" type=\"submit\">");
    html_text(&a->out, lang_get(&a->lang, label_key));
    html_lit(&a->out, "</button>");
}

void
ui_submit_row(struct app *a, const char *label_key)
{
    html_lit(&a->out, "<div class=\"uc-row\"><span></span>");
    ui_submit(a, "primary", label_key);
    html_lit(&a->out, "</div>");
}

void
ui_redirect(struct app *a, const char *page, const char *key, const char *value)
{
    struct buf loc;
    buf_init(&loc, 512);
    buf_add(&loc, page);
    buf_addc(&loc, '?');
    ui_query_arg(&loc, key, value);
    app_redirect(a, buf_cstr(&loc));
    buf_free(&loc);
}

void
ui_text_input(struct app *a, const char *name, const char *value, int maxlength,
              int required, const char *placeholder_key)
{
    struct buf *b = &a->out;
    html_lit(b, "<input class=\"form-control\" type=\"text\" name=\"");
    html_text(b, name);
    html_lit(b, "\" value=\"");
    html_text(b, value ? value : "");
    buf_addf(b, "\" maxlength=\"%d\"%s placeholder=\"", maxlength,
             required ? " required" : "");
    html_text(b, lang_get(&a->lang, placeholder_key));
    html_lit(b, "\">");
}

void
ui_query_arg(struct buf *b, const char *key, const char *value)
{
    if (value == NULL || value[0] == '\0')
        return;
    html_url_arg(b, key);
    buf_addc(b, '=');
    html_url_arg(b, value);
    buf_addc(b, '&');
}

/* Rows of one page, copied out of the store callback. */
struct rows {
    struct server *v;
    size_t n, max;
};

static int
collect(void *ctx, const struct server *s)
{
    struct rows *r = ctx;
    if (r->n < r->max)
        r->v[r->n++] = *s;
    return 0;
}

/* The query string that reproduces q's filters (not its cursor). */
static void
filters(struct buf *qs, const struct server_query *q, const char *extra)
{
    buf_add(qs, extra);
    ui_query_arg(qs, "q", q->q);
    ui_query_arg(qs, "type", q->type);
    ui_query_arg(qs, "status", q->status);
    ui_query_arg(qs, "region", q->region);
    ui_query_arg(qs, "cluster", q->cluster);
}

static void
sort_header(struct app *a, const struct server_query *q, const char *base,
            const char *extra, enum server_sort sort)
{
    char key[40];
    struct buf *b = &a->out;
    struct buf qs;
    buf_init(&qs, 4096);
    filters(&qs, q, extra);
    int desc = q->sort == sort && !q->desc;
    buf_addf(&qs, "sort=%s%s", sort_names[sort], desc ? "&desc=1" : "");
    snprintf(key, sizeof key, "field_%s", sort_names[sort]);
    html_lit(b, "<th><a href=\"");
    html_text(b, base);
    buf_addc(b, '?');
    html_text(b, buf_cstr(&qs));
    html_lit(b, "\">");
    html_text(b, lang_get(&a->lang, key));
    if (q->sort == sort)
        buf_add(b, q->desc ? " &#9660;" : " &#9650;");
    html_lit(b, "</a></th>");
    buf_free(&qs);
}

static int
clusters_cell(void *ctx, const char *name)
{
    struct app *a = ctx;
    html_lit(&a->out, "<a class=\"uc-chip\" href=\"edit_cluster.cgi?name=");
    html_url_arg(&a->out, name);
    html_lit(&a->out, "\">");
    html_text(&a->out, name);
    html_lit(&a->out, "</a> ");
    return 0;
}

static int
row(struct app *a, const struct server *s, struct err *e)
{
    struct buf *b = &a->out;
    html_lit(b, "<tr><td><input type=\"checkbox\" class=\"uc-sel\" value=\"");
    html_text(b, s->id);
    html_lit(b, "\" aria-label=\"");
    html_text(b, s->id);
    html_lit(b, "\"></td><td>");
    ui_server_link(a, s->id);
    html_lit(b, "</td><td>");
    html_text(b, s->name);
    html_lit(b, "</td><td>");
    ui_type_cell(a, s->type);
    html_lit(b, "</td><td class=\"uc-nowrap\">");
    html_text(b, s->ip);
    html_lit(b, "</td><td>");
    html_text(b, s->region);
    html_lit(b, "</td><td>");
    ui_state_badge(a, s->status);
    ui_health_spark(a, s->id);
    html_lit(b, "</td><td>");
    if (store_server_clusters(a->st, s->id, clusters_cell, a, e) < 0)
        return -1;
    html_lit(b, "</td></tr>\n");
    return 0;
}

/* A pager link carrying a cursor: dir is "after" or "before". */
static void
pager_link(struct app *a, const struct server_query *q, const char *base,
           const char *extra, const struct server *s, const char *dir,
           const char *label_key)
{
    char key[300];
    struct buf qs;
    buf_init(&qs, 4096);
    filters(&qs, q, extra);
    buf_addf(&qs, "sort=%s%s&", sort_names[q->sort], q->desc ? "&desc=1" : "");
    if (s != NULL) {
        char kname[24], iname[24];
        store_server_sort_key(s, q->sort, key, sizeof key);
        snprintf(kname, sizeof kname, "%s_key", dir);
        snprintf(iname, sizeof iname, "%s_id", dir);
        ui_query_arg(&qs, kname, key);
        ui_query_arg(&qs, iname, s->id);
    }
    html_lit(&a->out, "<a class=\"btn btn-default btn-sm\" href=\"");
    html_text(&a->out, base);
    buf_addc(&a->out, '?');
    html_text(&a->out, buf_cstr(&qs));
    html_lit(&a->out, "\">");
    html_text(&a->out, lang_get(&a->lang, label_key));
    html_lit(&a->out, "</a> ");
    buf_free(&qs);
}

int
ui_server_table(struct app *a, const struct server_query *q, const char *base,
                const char *extra, struct err *e)
{
    struct ui_table_info info;
    return ui_server_table_into(a, &a->out, q, base, extra, &info, e);
}

static int table(struct app *a, const struct server_query *q, const char *base,
                 const char *extra, struct ui_table_info *info, struct err *e);

int
ui_server_table_into(struct app *a, struct buf *into,
                     const struct server_query *q, const char *base,
                     const char *extra, struct ui_table_info *info,
                     struct err *e)
{
    if (into == &a->out)
        return table(a, q, base, extra, info, e);
    /* The widgets write to a->out: lend them the target buffer. */
    struct buf saved = a->out;
    a->out = *into;
    int rc = table(a, q, base, extra, info, e);
    *into = a->out;
    a->out = saved;
    return rc;
}

static int
table(struct app *a, const struct server_query *q, const char *base,
      const char *extra, struct ui_table_info *info, struct err *e)
{
    struct server_query pq = *q;
    size_t limit = q->limit ? q->limit : 50;
    if (limit > UI_MAX_ROWS)
        limit = UI_MAX_ROWS;
    struct rows r = {calloc(limit + 1, sizeof(struct server)), 0, limit + 1};
    if (r.v == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    pq.limit = limit + 1; /* one more tells whether another page exists */
    if (store_server_list(a->st, &pq, collect, &r, e) < 0) {
        free(r.v);
        return -1;
    }
    int backward = q->before_id != NULL && q->before_id[0] != '\0';
    int forward = q->after_id != NULL && q->after_id[0] != '\0';
    int more = r.n > limit;
    struct server *first = r.v;
    size_t n = r.n;
    if (more) {
        n = limit;
        if (backward)
            first = r.v + 1; /* the extra row is the furthest back */
    }
    int has_prev = forward || (backward && more);
    int has_next = backward || (!backward && more);
    info->rows = n;
    info->complete = !forward && !backward && !more;

    struct buf *b = &a->out;
    html_lit(b, "<div class=\"table-responsive\"><table class=\"table "
                "table-striped table-condensed uc-servers\"><thead><tr>"
                "<th><input type=\"checkbox\" class=\"uc-selall\" "
                "aria-label=\"all\"></th>");
    for (int s = 0; s < SORT__MAX; s++)
        sort_header(a, q, base, extra, (enum server_sort)s);
    html_lit(b, "<th>");
    html_text(b, lang_get(&a->lang, "field_clusters"));
    html_lit(b, "</th></tr></thead><tbody>\n");
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = row(a, &first[i], e);
    if (n == 0) {
        html_lit(b, "<tr><td colspan=\"8\" class=\"uc-muted\">");
        html_text(b, lang_get(&a->lang, "index_no_servers"));
        html_lit(b, "</td></tr>");
    }
    html_lit(b, "</tbody></table></div>\n<div class=\"uc-pager\">");
    if (has_prev) {
        pager_link(a, q, base, extra, NULL, "", "nav_first");
        pager_link(a, q, base, extra, &first[0], "before", "nav_prev");
    }
    if (has_next && n > 0)
        pager_link(a, q, base, extra, &first[n - 1], "after", "nav_next");
    html_lit(b, "</div>\n");
    free(r.v);
    return rc;
}

static int
optional(struct app *a, const char *key, const char **out)
{
    const char *v = app_param(a, key);
    *out = (v != NULL && v[0] != '\0') ? v : NULL;
    return *out != NULL;
}

/* Rows per page from the module config (10..500), 50 by default. */
static size_t
page_size(const struct app *a)
{
    const char *v = cfgmap_get(&a->config, "page_size");
    size_t n = 0;
    for (; v != NULL && *v >= '0' && *v <= '9' && n <= UI_MAX_ROWS; v++)
        n = n * 10 + (size_t)(*v - '0');
    return (v != NULL && *v == '\0' && n >= 10 && n <= UI_MAX_ROWS) ? n : 50;
}

int
ui_query_parse(struct app *a, struct server_query *q, struct err *e)
{
    const char *v;
    memset(q, 0, sizeof *q);
    q->limit = page_size(a);
    if (optional(a, "q", &q->q) && strlen(q->q) > VALID_NAME_MAX)
        return err_set(e, ERR_INVALID, "q", "err_too_long", "128", NULL);
    if (optional(a, "type", &q->type) &&
        valid_server_type("type", q->type, e) < 0)
        return -1;
    if (optional(a, "status", &q->status) &&
        valid_state("status", q->status, e) < 0)
        return -1;
    if (optional(a, "region", &q->region) &&
        valid_region("region", q->region, e) < 0)
        return -1;
    if (optional(a, "cluster", &q->cluster) &&
        valid_ident("cluster", q->cluster, e) < 0)
        return -1;
    if (optional(a, "sort", &v)) {
        int found = 0;
        for (int s = 0; s < SORT__MAX; s++)
            if (strcmp(v, sort_names[s]) == 0) {
                q->sort = (enum server_sort)s;
                found = 1;
            }
        if (!found)
            return err_set(e, ERR_INVALID, "sort", "err_bad_sort", v, NULL);
    }
    if (optional(a, "desc", &v))
        q->desc = strcmp(v, "1") == 0;
    if (optional(a, "after_id", &q->after_id)) {
        if (valid_ident("after_id", q->after_id, e) < 0)
            return -1;
        optional(a, "after_key", &q->after_key);
        if (q->after_key == NULL)
            q->after_key = "";
    }
    if (optional(a, "before_id", &q->before_id)) {
        if (valid_ident("before_id", q->before_id, e) < 0)
            return -1;
        optional(a, "before_key", &q->before_key);
        if (q->before_key == NULL)
            q->before_key = "";
    }
    if (optional(a, "limit", &v)) {
        size_t n = 0;
        for (const char *p = v; *p; p++) {
            if (*p < '0' || *p > '9' || n > UI_MAX_ROWS)
                return err_set(e, ERR_INVALID, "limit", "err_out_of_range", "1",
                               "500");
            n = n * 10 + (size_t)(*p - '0');
        }
        if (n < 1 || n > UI_MAX_ROWS)
            return err_set(e, ERR_INVALID, "limit", "err_out_of_range", "1",
                           "500");
        q->limit = n;
    }
    return 0;
}
