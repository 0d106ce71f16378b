/* network.c — the network page: estate traffic, TCP connections and
 * latency over a range (charts from the history), the top talkers (by
 * current traffic or connections, with their figures over the range) and
 * every connection with the probe latency of both ends, paged; for the
 * whole estate or a type, region or cluster.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cfgfile.h"
#include "chart.h"
#include "html.h"
#include "netview.h"
#include "ui_table.h"

#define TALKERS_PAGE       25
#define LINKS_PAGE         50
#define TALKERS_MAX_OFFSET 10000 /* pages of a top list reach this far */

static const struct field fields[] = {
    {"range", 0}, {"type", 0}, {"region", 0}, {"cluster", 0},
    {"sort", 0},  {"skip", 0}, {"after", 0},
};
static const struct page page = {
    .script = "network.cgi",
    .flags = 0,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static const struct nv_chart CHARTS[] = {
    {HIST_NET_IN, "chart_net_in", "B/s", 0, 1},
    {HIST_NET_OUT, "chart_net_out", "B/s", 0, 1},
    {HIST_CONNECTIONS, "chart_connections", "", 0, 1},
    {HIST_LATENCY, "chart_latency", "ms", 1, 0},
};

struct netpage {
    struct app *a;
    struct hist *h;
    struct nv_view v;
    enum nv_order order; /* NV_TRAFFIC or NV_CONNS */
    size_t skip;         /* talkers skipped */
    long long after;     /* links after this connection id */
    size_t n;
    long long last_id;
    double warn_ms;
    struct nv_server rows[TALKERS_PAGE + 1]; /* a page, and one more */
};

/* A non-negative integer parameter (default 0) up to max. */
static int
count_param(struct app *a, const char *name, long long max, long long *out,
            struct err *e)
{
    const char *v = app_param(a, name);
    long long n = 0;
    *out = 0;
    if (v == NULL || v[0] == '\0')
        return 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9' || n > (max - (*p - '0')) / 10)
            goto bad;
        n = n * 10 + (*p - '0');
    }
    *out = n;
    return 0;
bad : {
    char hi[24];
    snprintf(hi, sizeof hi, "%lld", max);
    return err_set(e, ERR_INVALID, name, "err_out_of_range", "0", hi);
}
}

/* A pager button: the link back to this page with the view and sort (and
 * arg=value unless arg is NULL) at #anchor, labelled with label_key's
 * text. */
static void
pager_button(struct netpage *p, const char *arg, long long value,
             const char *anchor, const char *label_key)
{
    struct buf *b = &p->a->out;
    html_lit(b, "<a class=\"btn btn-default btn-sm\" href=\"network.cgi?");
    nv_view_query(b, &p->v);
    if (arg != NULL)
        buf_addf(b, "&amp;%s=%lld", arg, value);
    html_lit(b, "#");
    html_text(b, anchor);
    html_lit(b, "\">");
    html_text(b, app_text(p->a, label_key));
    html_lit(b, "</a>");
}

static void
talker_row(struct netpage *p, const struct nv_server *s, double in_avg,
           double out_avg, double peak)
{
    struct app *a = p->a;
    html_lit(&a->out, "<tr>");
    nv_server_cells(a, s);
    nv_cell_value(a, s->net_in, "B/s", 0);
    nv_cell_value(a, s->net_out, "B/s", 0);
    nv_cell_value(a, s->conns, "", 0);
    nv_cell_value(a, in_avg, "B/s", 0);
    nv_cell_value(a, out_avg, "B/s", 0);
    nv_cell_value(a, peak, "B/s", 0);
    html_lit(&a->out, "</tr>\n");
}

/* The page's rows with their range figures (two passes over the days,
 * one per metric, for all the rows at once). */
static void
talker_rows(struct netpage *p)
{
    double in_avg[TALKERS_PAGE], in_max[TALKERS_PAGE];
    double out_avg[TALKERS_PAGE], out_max[TALKERS_PAGE];
    size_t n = p->n < TALKERS_PAGE ? p->n : TALKERS_PAGE;
    nv_server_range_stats(p->h, &p->v, p->rows, n, HIST_NET_IN, in_avg, in_max);
    nv_server_range_stats(p->h, &p->v, p->rows, n, HIST_NET_OUT, out_avg,
                          out_max);
    for (size_t i = 0; i < n; i++)
        talker_row(p, &p->rows[i], in_avg[i], out_avg[i],
                   isnan(out_max[i]) || in_max[i] > out_max[i] ? in_max[i]
                                                               : out_max[i]);
}

static int
talkers(struct netpage *p, struct err *e)
{
    static const char *const cols[] = {"net_in_now",    "net_out_now",
                                       "net_conns_now", "net_in_avg",
                                       "net_out_avg",   "net_peak"};
    struct app *a = p->a;
    html_lit(&a->out, "<h2 id=\"talkers\">");
    html_text(&a->out, app_text(a, "net_talkers"));
    html_lit(&a->out, "</h2><p>");
    for (int i = 0; i < 2; i++) {
        enum nv_order o = i == 0 ? NV_TRAFFIC : NV_CONNS;
        struct nv_view v = p->v;
        v.sort = o == NV_CONNS ? "connections" : NULL;
        nv_order_choice(a, "network.cgi", &v, "talkers",
                        i ? "net_by_conns" : "net_by_traffic", o == p->order);
    }
    html_lit(&a->out, "</p><table class=\"table table-condensed uc-talkers\">"
                      "<thead><tr>");
    nv_server_headings(a);
    ui_heading_cells(a, cols, sizeof cols / sizeof cols[0]);
    html_lit(&a->out, "</tr></thead><tbody>\n");
    if (nv_top_servers(a, &p->v, p->order, p->skip, p->rows, TALKERS_PAGE + 1,
                       &p->n, e) < 0)
        return -1;
    talker_rows(p);
    html_lit(&a->out, "</tbody></table>\n");
    if (p->n == 0) {
        html_lit(&a->out, "<p class=\"uc-muted\">");
        lang_html(&a->out, &a->lang, "net_no_talkers", NULL, NULL);
        html_lit(&a->out, "</p>");
    }
    html_lit(&a->out, "<p class=\"uc-pager\">");
    if (p->skip > 0) {
        long long prev = (long long)p->skip - TALKERS_PAGE;
        pager_button(p, "skip", prev > 0 ? prev : 0, "talkers", "net_prev");
        html_lit(&a->out, " ");
    }
    if (p->n > TALKERS_PAGE && p->skip + TALKERS_PAGE <= TALKERS_MAX_OFFSET)
        pager_button(p, "skip", (long long)(p->skip + TALKERS_PAGE), "talkers",
                     "net_next");
    html_lit(&a->out, "</p>\n");
    return 0;
}

/* A latency with its health colour: the end's status first (an inactive
 * end is down whatever its last latency), then the warning threshold. */
static void
latency_cell(struct netpage *p, double ms, const char *status)
{
    struct app *a = p->a;
    char s[64];
    const char *cls, *title;
    if (strcmp(status, "inactive") == 0) {
        cls = "inactive";
        title = "net_lat_down";
    } else if (isnan(ms)) {
        cls = "unknown";
        title = "net_lat_none";
    } else if (ms > p->warn_ms || strcmp(status, "warning") == 0) {
        cls = "warning";
        title = "net_lat_slow";
    } else {
        cls = "active";
        title = "net_lat_ok";
    }
    chart_value(s, sizeof s, ms, "ms", 1);
    /* The status badge's colours (uc.css), so both look alike. */
    html_lit(&a->out, "<td><span class=\"uc-badge uc-state-");
    html_text(&a->out, cls);
    html_lit(&a->out, "\" title=\"");
    html_text(&a->out, app_text(a, title));
    html_lit(&a->out, "\">");
    html_text(&a->out, s);
    html_lit(&a->out, "</span></td>");
}

static int
link_row(void *ctx, const struct nv_link *l)
{
    struct netpage *p = ctx;
    struct app *a = p->a;
    char key[40];
    if (++p->n > LINKS_PAGE)
        return 1;
    p->last_id = l->id;
    html_lit(&a->out, "<tr><td>");
    ui_server_link(a, l->from);
    html_lit(&a->out, "</td>");
    latency_cell(p, l->from_ms, l->from_status);
    html_lit(&a->out, "<td>\xe2\x86\x94</td><td>");
    ui_server_link(a, l->to);
    html_lit(&a->out, "</td>");
    latency_cell(p, l->to_ms, l->to_status);
    snprintf(key, sizeof key, "conn_%s", l->type);
    html_lit(&a->out, "<td>");
    html_text(&a->out, app_text(a, key));
    html_lit(&a->out, "</td></tr>\n");
    return 0;
}

static int
links(struct netpage *p, struct err *e)
{
    static const char *const cols[] = {
        "net_from", "net_latency", "",
        "net_to",   "net_latency", "net_conn_type"};
    struct app *a = p->a;
    html_lit(&a->out, "<h2 id=\"links\">");
    html_text(&a->out, app_text(a, "net_links"));
    html_lit(&a->out, "</h2><table class=\"table table-condensed uc-links\">"
                      "<thead><tr>");
    ui_heading_cells(a, cols, sizeof cols / sizeof cols[0]);
    html_lit(&a->out, "</tr></thead><tbody>\n");
    p->n = 0;
    p->last_id = 0;
    if (store_nv_links(a->st, &p->v.f, p->after, LINKS_PAGE + 1, link_row, p,
                       e) < 0)
        return -1;
    html_lit(&a->out, "</tbody></table>\n");
    if (p->n == 0) {
        html_lit(&a->out, "<p class=\"uc-muted\">");
        lang_html(&a->out, &a->lang, "net_no_links", NULL, NULL);
        html_lit(&a->out, "</p>");
    }
    html_lit(&a->out, "<p class=\"uc-pager\">");
    if (p->after > 0) {
        pager_button(p, NULL, 0, "links", "net_first");
        html_lit(&a->out, " ");
    }
    if (p->n > LINKS_PAGE)
        pager_button(p, "after", p->last_id, "links", "net_next");
    html_lit(&a->out, "</p>\n");
    return 0;
}

/* The page's own tables, below the estate charts. */
static int
tables(void *ctx, struct hist *h, struct err *e)
{
    struct netpage *p = ctx;
    p->h = h;
    return talkers(p, e) < 0 || links(p, e) < 0 ? -1 : 0;
}

static int
handle(struct app *a, struct err *e)
{
    struct netpage p = {.a = a, .order = NV_TRAFFIC};
    const char *sort = app_param(a, "sort");
    const char *w = cfgmap_get(&a->config, "latency_warn_ms");
    long long skip, after;

    if (nv_view_parse(a, &p.v, e) < 0 ||
        count_param(a, "skip", TALKERS_MAX_OFFSET, &skip, e) < 0 ||
        count_param(a, "after", (long long)1 << 62, &after, e) < 0)
        return -1;
    if (sort != NULL && sort[0] != '\0') {
        if (strcmp(sort, "connections") == 0) {
            p.order = NV_CONNS;
            p.v.sort = "connections";
        } else if (strcmp(sort, "traffic") != 0)
            return err_set(e, ERR_INVALID, "sort", "err_bad_sort", sort, NULL);
    }
    p.skip = (size_t)skip;
    p.after = after;
    p.warn_ms = 500;
    if (w != NULL && w[0] != '\0') {
        char *end;
        double d = strtod(w, &end);
        if (*end == '\0' && d >= 1 && d <= 600000)
            p.warn_ms = d;
    }
    const struct nv_page pg = {
        .title_key = "net_title",
        .menu = "network",
        .script = "network.cgi",
        .charts = CHARTS,
        .ncharts = sizeof CHARTS / sizeof CHARTS[0],
        .body = tables,
        .ctx = &p,
    };
    return nv_estate_page(a, &p.v, &pg, e);
}

int
main(void)
{
    return app_run(&page, handle);
}
