/* netview.c — the pieces the network and performance pages share
 * (netview.h): request view, filter form, range buttons, the history
 * reader, the estate charts and the server rows' cells.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "netview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "chart.h"
#include "hist_estate.h"
#include "html.h"
#include "log.h"
#include "ui.h"
#include "ui_table.h"
#include "valid.h"

/* ≤ 300 points each, the same levels as a server's charts: 1 h at 1 min
 * (raw samples bucketed), 24 h at 5 min, 7 d at 1 h, 30 d at 3 h. */
static const struct nv_range RANGES[] = {
    {"1h", 3600, 60},
    {"24h", 86400, 300},
    {"7d", 7 * 86400, 3600},
    {"30d", 30 * 86400, 10800},
};
#define NRANGES       (sizeof RANGES / sizeof RANGES[0])
#define RANGE_DEFAULT 1

static const char *
param(struct app *a, const char *key)
{
    const char *v = app_param(a, key);
    return v != NULL && v[0] != '\0' ? v : NULL;
}

int
nv_view_parse(struct app *a, struct nv_view *v, struct err *e)
{
    const char *r = param(a, "range");
    int64_t now = (int64_t)time(NULL);
    memset(v, 0, sizeof *v);
    v->range = &RANGES[RANGE_DEFAULT];
    if (r != NULL) {
        v->range = NULL;
        for (size_t i = 0; i < NRANGES; i++)
            if (strcmp(r, RANGES[i].name) == 0)
                v->range = &RANGES[i];
        if (v->range == NULL)
            return err_set(e, ERR_INVALID, "range", "chart_err_range", r, NULL);
    }
    v->f.type = param(a, "type");
    v->f.region = param(a, "region");
    v->f.cluster = param(a, "cluster");
    if ((v->f.type && valid_server_type("type", v->f.type, e) < 0) ||
        (v->f.region && valid_region("region", v->f.region, e) < 0) ||
        (v->f.cluster && valid_ident("cluster", v->f.cluster, e) < 0))
        return -1;
    /* The bucket in progress is the last one drawn. */
    v->to = (now / v->range->step + 1) * v->range->step;
    v->from = v->to - v->range->seconds;
    return 0;
}

void
nv_view_query(struct buf *b, const struct nv_view *v)
{
    html_lit(b, "range=");
    html_url_arg(b, v->range->name);
    if (v->f.type) {
        html_lit(b, "&amp;type=");
        html_url_arg(b, v->f.type);
    }
    if (v->f.region) {
        html_lit(b, "&amp;region=");
        html_url_arg(b, v->f.region);
    }
    if (v->f.cluster) {
        html_lit(b, "&amp;cluster=");
        html_url_arg(b, v->f.cluster);
    }
    if (v->sort) {
        html_lit(b, "&amp;sort=");
        html_url_arg(b, v->sort);
    }
}

void
nv_filter_form(struct app *a, const char *page, const struct nv_view *v)
{
    struct buf *b = &a->out;
    html_lit(b, "<form class=\"uc-toolbar\" method=\"get\" action=\"");
    html_text(b, page);
    html_lit(b, "\" role=\"search\">");
    ui_hidden(a, "range", v->range->name);
    if (v->sort)
        ui_hidden(a, "sort", v->sort);
    ui_select_type(a, "type", v->f.type, 1);
    ui_text_input(a, "region", v->f.region, 64, 0, "field_region");
    ui_text_input(a, "cluster", v->f.cluster, 64, 0, "field_cluster");
    ui_submit(a, "primary", "index_filter");
    html_lit(b, " <a class=\"btn btn-default\" href=\"");
    html_text(b, page);
    html_lit(b, "\">");
    html_text(b, app_text(a, "index_reset"));
    html_lit(b, "</a></form>\n");
}

void
nv_range_buttons(struct app *a, const char *page, const struct nv_view *v)
{
    char key[32];
    struct buf *b = &a->out;
    html_lit(b, "<div class=\"btn-group uc-ranges\" role=\"group\">");
    for (size_t i = 0; i < NRANGES; i++) {
        struct nv_view o = *v;
        o.range = &RANGES[i];
        html_lit(b, "<a class=\"btn btn-sm ");
        if (o.range == v->range)
            html_lit(b, "btn-primary\" aria-current=\"true");
        else
            html_lit(b, "btn-default");
        html_lit(b, "\" href=\"");
        html_text(b, page);
        html_lit(b, "?");
        nv_view_query(b, &o);
        html_lit(b, "\">");
        snprintf(key, sizeof key, "chart_range_%s", o.range->name);
        html_text(b, app_text(a, key));
        html_lit(b, "</a>");
    }
    html_lit(b, "</div>\n");
}

static void
note(struct app *a, const char *key)
{
    html_lit(&a->out, "<p class=\"uc-muted\">");
    html_text(&a->out, app_text(a, key));
    html_lit(&a->out, "</p>");
}

struct hist *
nv_hist_open(struct app *a)
{
    char dir[1300];
    struct stat st;
    struct hist *h = NULL;
    struct hist_options o = {.readonly = 1};
    struct err e;
    if (hist_dir_for_db(a->db_path, dir, sizeof dir) < 0 ||
        stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        note(a, "chart_no_history");
        return NULL;
    }
    if (hist_open(dir, &o, &h, &e) < 0) {
        log_msg("netview: cannot read the history in %s (%s)", dir, e.key);
        note(a, "chart_history_error");
        return NULL;
    }
    return h;
}

int
nv_view_rids(struct app *a, const struct nv_view *v, int64_t **rids, size_t *n,
             size_t *total, struct err *e)
{
    /* Every matching rid is read (an index walk of 8 bytes a row), so
     * that the sample spreads over the whole set. */
    if (store_nv_rids(a->st, &v->f, NV_RIDS_MAX, rids, n, e) < 0)
        return -1;
    *total = *n;
    *n = hist_estate_sample(*rids, *n, NV_ESTATE_SERVERS_MAX);
    return 0;
}

void
nv_cell_value(struct app *a, double v, const char *unit, int decimals)
{
    char s[64];
    chart_value(s, sizeof s, v, unit, decimals);
    html_lit(&a->out, "<td class=\"uc-num\">");
    html_text(&a->out, s);
    html_lit(&a->out, "</td>");
}

/* "label value" pair of a chart's figure line. */
static void
figure(struct app *a, const char *key, double v, const struct nv_chart *c)
{
    char s[64];
    chart_value(s, sizeof s, v, c->unit, c->decimals);
    html_lit(&a->out, "<span class=\"uc-fig\">");
    html_text(&a->out, app_text(a, key));
    html_lit(&a->out, " <b>");
    html_text(&a->out, s);
    html_lit(&a->out, "</b></span> ");
}

/* scale: total servers / servers read; a sampled total is estimated as
 * the sample's total times it. */
static int
one_chart(struct app *a, struct hist *h, const struct nv_view *v,
          const int64_t *rids, size_t n, double scale, const struct nv_chart *c,
          struct hist_estate_point *pts, struct chart_point *cp, struct err *e)
{
    struct err qe;
    const struct hist_estate_point *last = NULL;
    struct hist_estate_query q = {.rids = rids,
                                  .nrids = n,
                                  .metric = c->metric,
                                  .from = v->from,
                                  .to = v->to,
                                  .step = v->range->step,
                                  .out = pts,
                                  .cap = HIST_ESTATE_BUCKETS_MAX};
    struct chart ch = {.pts = cp,
                       .from = v->from,
                       .to = v->to,
                       .gap = v->range->step * 2,
                       .title = app_text(a, c->title_key),
                       .unit = c->unit,
                       .decimals = c->decimals,
                       .empty = app_text(a, "chart_no_data")};
    if (h == NULL || n == 0 || hist_estate_query(h, &q, &qe) < 0) {
        if (h != NULL && n > 0)
            log_msg("netview: estate query failed (%s)", qe.key);
        q.n = 0;
    }
    for (size_t i = 0; i < q.n; i++) {
        /* Only buckets with data are points: the chart leaves gaps. */
        if (pts[i].servers == 0)
            continue;
        cp[ch.n].ts = pts[i].ts;
        if (c->total) {
            pts[i].sum *= scale;
            cp[ch.n].avg = cp[ch.n].min = cp[ch.n].max = pts[i].sum;
        } else {
            cp[ch.n].avg = pts[i].mean;
            cp[ch.n].min = pts[i].min;
            cp[ch.n].max = pts[i].max;
        }
        ch.n++;
        last = &pts[i];
    }
    html_lit(&a->out, "<figure class=\"uc-chart-box\" data-metric=\"");
    html_text(&a->out, hist_metric_name(c->metric));
    html_lit(&a->out, "\"><figcaption>");
    html_text(&a->out, app_text(a, c->title_key));
    html_lit(&a->out, "</figcaption>");
    if (chart_svg(&a->out, &ch) < 0)
        return err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL, NULL);
    if (last != NULL) {
        html_lit(&a->out, "<p class=\"uc-figs\">");
        if (c->total) {
            figure(a, scale > 1 ? "perf_total_est" : "perf_total", last->sum,
                   c);
            figure(a, "perf_mean", last->mean, c);
        } else {
            figure(a, "perf_mean", last->mean, c);
            figure(a, "perf_p50", last->p50, c);
            figure(a, "perf_p95", last->p95, c);
        }
        figure(a, "perf_max", last->max, c);
        html_lit(&a->out, "</p>");
    }
    html_lit(&a->out, "</figure>\n");
    return 0;
}

int
nv_estate_charts(struct app *a, struct hist *h, const struct nv_view *v,
                 const int64_t *rids, size_t n, size_t total,
                 const struct nv_chart *charts, size_t ncharts, struct err *e)
{
    struct hist_estate_point *pts = NULL;
    struct chart_point *cp = NULL;
    char num[64];
    int rc = -1;
    html_lit(&a->out, "<p class=\"uc-muted uc-sample\">");
    if (n < total) {
        snprintf(num, sizeof num, "%zu", n);
        char all[32];
        snprintf(all, sizeof all, "%zu", total);
        lang_html(&a->out, &a->lang, "perf_sampled", num, all);
    } else {
        snprintf(num, sizeof num, "%zu", total);
        lang_html(&a->out, &a->lang, "perf_servers", num, NULL);
    }
    html_lit(&a->out, "</p>");
    pts = calloc(HIST_ESTATE_BUCKETS_MAX, sizeof *pts);
    cp = calloc(HIST_ESTATE_BUCKETS_MAX, sizeof *cp);
    if (pts == NULL || cp == NULL) {
        err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL, NULL);
        goto out;
    }
    html_lit(&a->out, "<div class=\"uc-charts\">");
    for (size_t i = 0; i < ncharts; i++)
        if (one_chart(a, h, v, rids, n,
                      n > 0 && n < total ? (double)total / (double)n : 1,
                      &charts[i], pts, cp, e) < 0)
            goto out;
    html_lit(&a->out, "</div>\n");
    rc = 0;
out:
    free(pts);
    free(cp);
    return rc;
}

void
nv_range_stats(struct hist *h, const struct nv_view *v, const int64_t *rids,
               size_t n, enum hist_metric m, double *avg, double *max)
{
    struct hist_estate_server *per = NULL;
    struct hist_estate_point *pts = NULL;
    struct err e;
    for (size_t i = 0; i < n; i++)
        avg[i] = max[i] = NAN;
    if (h == NULL || n == 0)
        return;
    per = calloc(n, sizeof *per);
    pts = calloc(HIST_ESTATE_BUCKETS_MAX, sizeof *pts);
    if (per != NULL && pts != NULL) {
        struct hist_estate_query q = {.rids = rids,
                                      .nrids = n,
                                      .metric = m,
                                      .from = v->from,
                                      .to = v->to,
                                      .step = v->range->step,
                                      .out = pts,
                                      .cap = HIST_ESTATE_BUCKETS_MAX,
                                      .per_server = per};
        if (hist_estate_query(h, &q, &e) < 0)
            log_msg("netview: range figures failed (%s)", e.key);
        else
            for (size_t i = 0; i < n; i++)
                if (per[i].n > 0) {
                    avg[i] = per[i].sum / (double)per[i].n;
                    max[i] = per[i].max;
                }
    }
    free(per);
    free(pts);
}

struct top_rows {
    struct nv_server *rows;
    size_t cap, n;
};

static int
top_take(void *ctx, const struct nv_server *s)
{
    struct top_rows *t = ctx;
    if (t->n >= t->cap)
        return 1;
    t->rows[t->n++] = *s;
    return 0;
}

int
nv_top_servers(struct app *a, const struct nv_view *v, enum nv_order order,
               size_t skip, struct nv_server *rows, size_t cap, size_t *n,
               struct err *e)
{
    struct top_rows t = {rows, cap, 0};
    int rc = store_nv_top(a->st, &v->f, order, skip, cap, top_take, &t, e);
    *n = t.n;
    return rc < 0 ? -1 : 0;
}

void
nv_server_range_stats(struct hist *h, const struct nv_view *v,
                      const struct nv_server *rows, size_t n,
                      enum hist_metric m, double *avg, double *max)
{
    int64_t *rids = calloc(n > 0 ? n : 1, sizeof *rids);
    if (rids == NULL) {
        for (size_t i = 0; i < n; i++)
            avg[i] = max[i] = NAN;
        return;
    }
    for (size_t i = 0; i < n; i++)
        rids[i] = rows[i].rid;
    nv_range_stats(h, v, rids, n, m, avg, max);
    free(rids);
}

int
nv_estate_page(struct app *a, const struct nv_view *v, const struct nv_page *pg,
               struct err *e)
{
    int64_t *rids = NULL;
    size_t n = 0, total = 0;
    struct err he;
    int rc = -1;

    if (nv_view_rids(a, v, &rids, &n, &total, e) < 0)
        return -1;
    app_page_begin(a, pg->title_key, pg->menu, "index.cgi");
    nv_filter_form(a, pg->script, v);
    nv_range_buttons(a, pg->script, v);
    struct hist *h = nv_hist_open(a);
    if ((h == NULL || nv_estate_charts(a, h, v, rids, n, total, pg->charts,
                                       pg->ncharts, e) == 0) &&
        pg->body(pg->ctx, h, e) == 0) {
        app_page_end(a, NULL);
        rc = 0;
    }
    hist_close(h, &he);
    free(rids);
    return rc;
}

void
nv_server_headings(struct app *a)
{
    static const char *const keys[] = {"field_id", "field_type", "field_region",
                                       "field_status"};
    ui_heading_cells(a, keys, sizeof keys / sizeof keys[0]);
}

void
nv_server_cells(struct app *a, const struct nv_server *s)
{
    html_lit(&a->out, "<td>");
    ui_server_link(a, s->id);
    html_lit(&a->out, "</td><td>");
    ui_type_cell(a, s->type);
    html_lit(&a->out, "</td><td>");
    html_text(&a->out, s->region);
    html_lit(&a->out, "</td><td>");
    ui_state_badge(a, s->status);
    html_lit(&a->out, "</td>");
}

void
nv_order_choice(struct app *a, const char *script, const struct nv_view *o,
                const char *anchor, const char *label_key, int current)
{
    struct buf *b = &a->out;
    if (current) {
        html_lit(b, "<b>");
        html_text(b, app_text(a, label_key));
        html_lit(b, "</b> ");
        return;
    }
    html_lit(b, "<a href=\"");
    html_text(b, script);
    html_lit(b, "?");
    nv_view_query(b, o);
    html_lit(b, "#");
    html_text(b, anchor);
    html_lit(b, "\">");
    html_text(b, app_text(a, label_key));
    html_lit(b, "</a> ");
}
