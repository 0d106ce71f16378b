/* netview.h — what the network and performance pages share: the request's
 * range and filters, the filter form and range buttons, the history
 * reader, estate-wide charts (hist_estate over an even sample of the
 * servers the user sees), one server's figures over the range and the
 * cells of the server tables.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_NETVIEW_H
#define UC_NETVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "hist.h"
#include "store_netview.h"

/* Servers whose history an estate chart reads at most; more are sampled
 * evenly (by rid) and the chart says so. */
#define NV_ESTATE_SERVERS_MAX 500

/* Servers a view reads the rids of at most (the sample is taken from
 * them). */
#define NV_RIDS_MAX 1000000

struct nv_range {
    const char *name; /* "1h" "24h" "7d" "30d" */
    int64_t seconds, step;
};

/* A page's validated view: range, filters, and the time axis. */
struct nv_view {
    const struct nv_range *range;
    struct nv_filter f;
    const char *sort; /* the page's order (validated by the page), or
                         NULL; kept by the range buttons and filter form */
    int64_t from, to; /* [from, to), aligned on range->step */
};

/* Reads range (default 24h), type, region and cluster from the request,
 * each validated (ERR_INVALID naming the field). 0 or -1. */
int nv_view_parse(struct app *a, struct nv_view *v, struct err *e);

/* The filter form (GET to page, keeping the range) and the range buttons
 * (links keeping the filters). */
void nv_filter_form(struct app *a, const char *page, const struct nv_view *v);
void nv_range_buttons(struct app *a, const char *page, const struct nv_view *v);

/* Appends the view's range, filters and sort as a query string for an
 * HTML attribute ("range=24h&amp;type=web"; no leading '&') to b. */
void nv_view_query(struct buf *b, const struct nv_view *v);

/* A read-only history handle, or NULL after writing a note to the page
 * (no history yet / cannot be read). Close with hist_close. */
struct hist *nv_hist_open(struct app *a);

/* One estate chart. */
struct nv_chart {
    enum hist_metric metric;
    const char *title_key; /* lang key */
    const char *unit;      /* as chart.h */
    int decimals;
    int total; /* 1: the line is the sum over servers (traffic,
                  connections), else the mean with a min-max band */
};

/* The servers of the view: their rids (sampled to NV_ESTATE_SERVERS_MAX)
 * and how many there are. Caller frees *rids. 0 or -1. */
int nv_view_rids(struct app *a, const struct nv_view *v, int64_t **rids,
                 size_t *n, size_t *total, struct err *e);

/* Draws the charts for rids (n of total servers) as a row of figures,
 * each with a line of figures for the latest bucket (mean, median, 95th
 * percentile, highest; or the total). 0 or -1 (only when the page buffer
 * is full or memory runs out). */
int nv_estate_charts(struct app *a, struct hist *h, const struct nv_view *v,
                     const int64_t *rids, size_t n, size_t total,
                     const struct nv_chart *charts, size_t ncharts,
                     struct err *e);

/* One estate page (network.cgi, performance.cgi): the view's servers,
 * the page head (title_key, menu entry), the filter form and range
 * buttons (links to script), the estate charts, then the page's own
 * tables by body(ctx, h, e) with the history (NULL when there is none
 * yet: nv_hist_open noted it), and the page end. 0 or -1. */
struct nv_page {
    const char *title_key, *menu, *script;
    const struct nv_chart *charts;
    size_t ncharts;
    int (*body)(void *ctx, struct hist *h, struct err *e);
    void *ctx;
};
int nv_estate_page(struct app *a, const struct nv_view *v,
                   const struct nv_page *pg, struct err *e);

/* Mean and highest value of metric m over the view's range for each of
 * the n rids into avg[i] and max[i] (NAN when no sample; all NAN when h
 * is NULL): one pass over the days for all of them. */
void nv_range_stats(struct hist *h, const struct nv_view *v,
                    const int64_t *rids, size_t n, enum hist_metric m,
                    double *avg, double *max);

/* Up to cap servers of the view that have a value for order, highest
 * first, skipping the first skip, into rows; *n tells how many. 0, or -1
 * with *e set. */
int nv_top_servers(struct app *a, const struct nv_view *v, enum nv_order order,
                   size_t skip, struct nv_server *rows, size_t cap, size_t *n,
                   struct err *e);

/* As nv_range_stats for the n servers rows (by their rids). */
void nv_server_range_stats(struct hist *h, const struct nv_view *v,
                           const struct nv_server *rows, size_t n,
                           enum hist_metric m, double *avg, double *max);

/* A table cell with v formatted as chart_value does. */
void nv_cell_value(struct app *a, double v, const char *unit, int decimals);

/* The headings and the cells of a server's identity in a table: id (a
 * link to its page), type, region and status, as four <th> / <td>. */
void nv_server_headings(struct app *a);
void nv_server_cells(struct app *a, const struct nv_server *s);

/* One entry of a table's order switch: label_key's text in bold when it
 * is the current order, else a link to script with the view o (o->sort
 * set to that order) at #anchor; a space follows either. */
void nv_order_choice(struct app *a, const char *script, const struct nv_view *o,
                     const char *anchor, const char *label_key, int current);

#endif
