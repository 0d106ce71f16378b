/* performance.c — the performance page: the estate's load over a range
 * (CPU, memory, disk, load, network: mean with the lowest-highest band,
 * median, 95th percentile and highest of the latest bucket) from the
 * history roll-ups, for the whole estate or a type, region or cluster, and
 * the busiest servers now with their mean and peak over the range.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "html.h"
#include "netview.h"
#include "ui_table.h"

#define BUSIEST_ROWS 20

static const struct field fields[] = {
    {"range", 0}, {"type", 0}, {"region", 0}, {"cluster", 0}, {"sort", 0},
};
static const struct page page = {
    .script = "performance.cgi",
    .flags = 0,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static const struct nv_chart CHARTS[] = {
    {HIST_CPU, "chart_cpu", "%", 1, 0},
    {HIST_MEMORY, "chart_memory", "%", 1, 0},
    {HIST_DISK, "chart_disk", "%", 1, 0},
    {HIST_LOAD1, "chart_load", "", 2, 0},
    {HIST_NET_IN, "chart_net_in", "B/s", 0, 1},
    {HIST_NET_OUT, "chart_net_out", "B/s", 0, 1},
};

/* The busiest table's orders: request name, store order, history metric,
 * lang key of the column, unit, decimals. */
static const struct busy_sort {
    const char *name;
    enum nv_order order;
    enum hist_metric metric;
    const char *key, *unit;
    int decimals;
} SORTS[] = {
    {"cpu", NV_CPU, HIST_CPU, "chart_cpu", "%", 1},
    {"memory", NV_MEM, HIST_MEMORY, "chart_memory", "%", 1},
    {"disk", NV_DISK, HIST_DISK, "chart_disk", "%", 1},
    {"load", NV_LOAD, HIST_LOAD1, "chart_load", "", 2},
};
#define NSORTS (sizeof SORTS / sizeof SORTS[0])

struct perfpage {
    struct app *a;
    struct hist *h;
    struct nv_view v;
    const struct busy_sort *sort;
    size_t n;
    struct nv_server rows[BUSIEST_ROWS];
};

static void
busy_row(struct perfpage *p, const struct nv_server *s, double avg, double max)
{
    struct app *a = p->a;
    html_lit(&a->out, "<tr>");
    nv_server_cells(a, s);
    nv_cell_value(a, s->cpu, "%", 1);
    nv_cell_value(a, s->mem, "%", 1);
    nv_cell_value(a, s->disk, "%", 1);
    nv_cell_value(a, s->load1, "", 2);
    nv_cell_value(a, avg, p->sort->unit, p->sort->decimals);
    nv_cell_value(a, max, p->sort->unit, p->sort->decimals);
    html_lit(&a->out, "</tr>\n");
}

static int
busiest(struct perfpage *p, struct err *e)
{
    static const char *const now_cols[] = {"chart_cpu", "chart_memory",
                                           "chart_disk", "chart_load"};
    struct app *a = p->a;
    html_lit(&a->out, "<h2 id=\"busiest\">");
    html_text(&a->out, app_text(a, "perf_busiest"));
    html_lit(&a->out, "</h2><p>");
    html_text(&a->out, app_text(a, "perf_sort_by"));
    html_lit(&a->out, " ");
    for (size_t i = 0; i < NSORTS; i++) {
        struct nv_view o = p->v;
        o.sort = i == 0 ? NULL : SORTS[i].name;
        nv_order_choice(a, "performance.cgi", &o, "busiest", SORTS[i].key,
                        &SORTS[i] == p->sort);
    }
    html_lit(&a->out, "</p><table class=\"table table-condensed uc-busiest\">"
                      "<thead><tr>");
    nv_server_headings(a);
    ui_heading_cells(a, now_cols, sizeof now_cols / sizeof now_cols[0]);
    html_lit(&a->out, "<th>");
    lang_html(&a->out, &a->lang, "perf_range_mean", app_text(a, p->sort->key),
              NULL);
    html_lit(&a->out, "</th><th>");
    lang_html(&a->out, &a->lang, "perf_range_peak", app_text(a, p->sort->key),
              NULL);
    html_lit(&a->out, "</th></tr></thead><tbody>\n");
    if (nv_top_servers(a, &p->v, p->sort->order, 0, p->rows, BUSIEST_ROWS,
                       &p->n, e) < 0)
        return -1;
    {
        double avg[BUSIEST_ROWS], max[BUSIEST_ROWS];
        nv_server_range_stats(p->h, &p->v, p->rows, p->n, p->sort->metric, avg,
                              max);
        for (size_t i = 0; i < p->n; i++)
            busy_row(p, &p->rows[i], avg[i], max[i]);
    }
    html_lit(&a->out, "</tbody></table>\n");
    if (p->n == 0) {
        html_lit(&a->out, "<p class=\"uc-muted\">");
        html_text(&a->out, app_text(a, "perf_no_current"));
        html_lit(&a->out, "</p>\n");
    }
    return 0;
}

/* The page's own table, below the estate charts. */
static int
tables(void *ctx, struct hist *h, struct err *e)
{
    struct perfpage *p = ctx;
    p->h = h;
    return busiest(p, e);
}

static int
handle(struct app *a, struct err *e)
{
    struct perfpage p = {.a = a, .sort = &SORTS[0]};
    const char *sort = app_param(a, "sort");

    if (nv_view_parse(a, &p.v, e) < 0)
        return -1;
    if (sort != NULL && sort[0] != '\0') {
        p.sort = NULL;
        for (size_t i = 0; i < NSORTS; i++)
            if (strcmp(sort, SORTS[i].name) == 0)
                p.sort = &SORTS[i];
        if (p.sort == NULL)
            return err_set(e, ERR_INVALID, "sort", "err_bad_sort", sort, NULL);
        if (p.sort != &SORTS[0])
            p.v.sort = p.sort->name;
    }
    const struct nv_page pg = {
        .title_key = "perf_title",
        .menu = "performance",
        .script = "performance.cgi",
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
