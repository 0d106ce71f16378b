/* ui_health.c — the "Health" section of a server page (ui_health.h):
 * current values in a table, range buttons, one SVG chart per metric from
 * the history (one read-only handle, one query per metric).
 * SPDX-License-Identifier: BSD-3-Clause */
#include "ui_health.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "chart.h"
#include "forecast.h"
#include "hist.h"
#include "html.h"
#include "log.h"
#include "store_int.h"
#include "store_probe.h"
#include "ui.h"

#define HEALTH_POINTS_MAX 2000 /* per chart; a raw hour of 2 s samples */
#define SPARK_POINTS      13   /* an hour at 5 min, both ends */

struct range {
    const char *name;
    int64_t seconds, step;
};

/* ≤ ~300 points each: raw (15 s samples: 240), 5 min (288), 1 h (168),
 * 3 h (240; still answered from the 1 h roll-ups). */
static const struct range RANGES[] = {
    {"1h", 3600, 0},
    {"24h", 86400, 300},
    {"7d", 7 * 86400, 3600},
    {"30d", 30 * 86400, 10800},
};
#define RANGE_DEFAULT 1

struct metric_view {
    enum hist_metric m;
    const char *label; /* lang key */
    const char *unit;
    int decimals;
};

#define HEALTH_FORECAST_POINTS 16 /* of a chart's dashed forecast */

static const struct metric_view VIEWS[] = {
    {HIST_CPU, "chart_cpu", "%", 1},
    {HIST_MEMORY, "chart_memory", "%", 1},
    {HIST_DISK, "chart_disk", "%", 1},
    {HIST_NET_IN, "chart_net_in", "B/s", 0},
    {HIST_NET_OUT, "chart_net_out", "B/s", 0},
    {HIST_CONNECTIONS, "chart_connections", "", 0},
    {HIST_UPTIME, "chart_uptime", "s", 0},
    {HIST_LOAD1, "chart_load", "", 2},
    {HIST_LATENCY, "chart_latency", "ms", 1},
    {HIST_UP, "chart_up", "", 0},
};

struct series {
    struct chart_point *pts;
    size_t n, cap;
};

static int
range_parse(struct app *a, const struct range **out, struct err *e)
{
    const char *v = app_param(a, "range");
    if (v == NULL || v[0] == '\0') {
        *out = &RANGES[RANGE_DEFAULT];
        return 0;
    }
    for (size_t i = 0; i < sizeof RANGES / sizeof RANGES[0]; i++)
        if (strcmp(v, RANGES[i].name) == 0) {
            *out = &RANGES[i];
            return 0;
        }
    return err_set(e, ERR_INVALID, "range", "chart_err_range", v, NULL);
}

/* servers.rid of a server already read through the scope. 0 when gone. */
static int
server_rid(struct app *a, const char *id, int64_t *rid, struct err *e)
{
    sqlite3_stmt *s =
        store_prep(a->st, "SELECT rid FROM servers WHERE id = ?1", e);
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, id);
    int rc = sqlite3_step(s);
    *rid = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    store_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(a->st, e, "server rid");
    return 0;
}

/* The history directory beside the main database. */
static int
history_dir(struct app *a, char *out, size_t outlen)
{
    return hist_dir_for_db(a->db_path, out, outlen);
}

static void
row(struct app *a, const char *key, const char *value)
{
    html_lit(&a->out, "<tr><th>");
    html_text(&a->out, app_text(a, key));
    html_lit(&a->out, "</th><td>");
    html_text(&a->out, value);
    html_lit(&a->out, "</td></tr>");
}

static void
row_value(struct app *a, const char *key, double v, const char *unit,
          int decimals)
{
    char s[64];
    chart_value(s, sizeof s, v, unit, decimals);
    row(a, key, s);
}

static void
utc_time(char *out, size_t outlen, long long t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (t <= 0 || gmtime_r(&tt, &tm) == NULL)
        snprintf(out, outlen, "\xe2\x80\x94");
    else
        strftime(out, outlen, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static void
current_table(struct app *a, const struct server *s,
              const struct probe_current *c)
{
    char t[96];
    html_lit(&a->out, "<table class=\"table table-condensed uc-health\">"
                      "<tbody><tr><th>");
    html_text(&a->out, app_text(a, "field_status"));
    html_lit(&a->out, "</th><td>");
    ui_state_badge(a, s->status);
    html_lit(&a->out, "</td></tr>");
    if (c->checked > 0)
        utc_time(t, sizeof t, c->checked);
    else
        snprintf(t, sizeof t, "%s", app_text(a, "chart_never"));
    row(a, "chart_checked", t);
    row_value(a, "chart_latency", c->latency_ms, "ms", 1);
    row_value(a, "chart_cpu", c->m[PM_CPU], "%", 1);
    row_value(a, "chart_memory", c->m[PM_MEM], "%", 1);
    row_value(a, "chart_disk", c->m[PM_DISK], "%", 1);
    row_value(a, "chart_net_in", c->m[PM_NET_IN], "B/s", 0);
    row_value(a, "chart_net_out", c->m[PM_NET_OUT], "B/s", 0);
    row_value(a, "chart_connections", c->m[PM_TCP_CONNS], "", 0);
    row_value(a, "chart_uptime", c->m[PM_UPTIME], "s", 0);
    {
        char l1[24], l5[24], l15[24];
        chart_value(l1, sizeof l1, c->m[PM_LOAD1], "", 2);
        chart_value(l5, sizeof l5, c->m[PM_LOAD5], "", 2);
        chart_value(l15, sizeof l15, c->m[PM_LOAD15], "", 2);
        snprintf(t, sizeof t, "%s / %s / %s", l1, l5, l15);
        row(a, "chart_load", t);
    }
    row(a, "chart_error",
        c->error[0] != '\0'           ? c->error
        : c->metrics_error[0] != '\0' ? c->metrics_error
                                      : "\xe2\x80\x94");
    html_lit(&a->out, "</tbody></table>");
}

static void
range_buttons(struct app *a, const char *id, const struct range *cur)
{
    char key[32];
    html_lit(&a->out, "<div class=\"btn-group uc-ranges\" role=\"group\">");
    for (size_t i = 0; i < sizeof RANGES / sizeof RANGES[0]; i++) {
        const struct range *r = &RANGES[i];
        html_lit(&a->out, "<a class=\"btn btn-sm ");
        if (r == cur)
            html_lit(&a->out, "btn-primary\" aria-current=\"true");
        else
            html_lit(&a->out, "btn-default");
        html_lit(&a->out, "\" href=\"edit_server.cgi?id=");
        html_url_arg(&a->out, id);
        html_lit(&a->out, "&amp;range=");
        html_url_arg(&a->out, r->name);
        html_lit(&a->out, "\">");
        snprintf(key, sizeof key, "chart_range_%s", r->name);
        html_text(&a->out, app_text(a, key));
        html_lit(&a->out, "</a>");
    }
    html_lit(&a->out, "</div>");
}

static int
collect(const struct hist_point *p, void *ctx)
{
    struct series *sr = ctx;
    if (sr->n >= sr->cap)
        return 1;
    sr->pts[sr->n].ts = p->ts;
    sr->pts[sr->n].min = p->min;
    sr->pts[sr->n].max = p->max;
    sr->pts[sr->n].avg = p->avg;
    sr->n++;
    return 0;
}

static void
note(struct app *a, const char *key)
{
    html_lit(&a->out, "<p class=\"uc-muted\">");
    html_text(&a->out, app_text(a, key));
    html_lit(&a->out, "</p>");
}

static int
charts(struct app *a, int64_t rid, const struct range *r, struct err *e)
{
    static struct chart_point pts[HEALTH_POINTS_MAX]; /* not on the stack */
    struct series sr = {pts, 0, HEALTH_POINTS_MAX};
    char dir[1300];
    struct stat stt;
    struct hist *h = NULL;
    struct hist_options o = {.readonly = 1};
    struct err he;
    int64_t now = (int64_t)time(NULL);
    int64_t gran = r->step > 0 ? r->step : 60;
    int64_t to = (now / gran + 1) * gran;

    if (history_dir(a, dir, sizeof dir) < 0 || stat(dir, &stt) != 0 ||
        !S_ISDIR(stt.st_mode) || rid <= 0) {
        note(a, "chart_no_history");
        return 0;
    }
    if (hist_open(dir, &o, &h, &he) < 0) {
        log_msg("health: cannot read the history in %s (%s)", dir, he.key);
        note(a, "chart_history_error");
        return 0;
    }
    html_lit(&a->out, "<div class=\"uc-charts\">");
    for (size_t i = 0; i < sizeof VIEWS / sizeof VIEWS[0]; i++) {
        const struct metric_view *v = &VIEWS[i];
        struct hist_query q = {.rid = rid,
                               .metric = v->m,
                               .from = to - r->seconds,
                               .to = to,
                               .step = r->step,
                               .fn = collect,
                               .ctx = &sr};
        struct chart c = {.pts = pts,
                          .from = q.from,
                          .to = q.to,
                          .title = app_text(a, v->label),
                          .unit = v->unit,
                          .decimals = v->decimals,
                          .empty = app_text(a, "chart_no_data")};
        sr.n = 0;
        if (hist_query(h, &q, &he) < 0) {
            log_msg("health: history query failed (%s)", he.key);
            sr.n = 0;
        }
        c.n = sr.n;
        /* a missing sample or bucket and a half breaks the line */
        c.gap = r->step > 0 ? r->step * 2 : 120;
        /* Percentages get a dashed forecast (alerts-ui): Holt's trend
         * over the points shown, a quarter of the range ahead. */
        struct chart_point fc[HEALTH_FORECAST_POINTS];
        if (strcmp(v->unit, "%") == 0) {
            struct holt hm;
            forecast_fit_points(pts, sr.n, &hm);
            c.nforecast =
                forecast_line(&hm, r->seconds / 4, HEALTH_FORECAST_POINTS, fc);
            c.forecast = fc;
            if (c.nforecast >= 2 && fc[c.nforecast - 1].ts > c.to)
                c.to = fc[c.nforecast - 1].ts;
        }
        html_lit(&a->out, "<figure class=\"uc-chart-box\" data-metric=\"");
        html_text(&a->out, hist_metric_name(v->m));
        html_lit(&a->out, "\"><figcaption>");
        html_text(&a->out, app_text(a, v->label));
        html_lit(&a->out, "</figcaption>");
        if (chart_svg(&a->out, &c) < 0) {
            hist_close(h, &he);
            return err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL, NULL);
        }
        html_lit(&a->out, "</figure>");
    }
    html_lit(&a->out, "</div>");
    hist_close(h, &he);
    return 0;
}

int
ui_health(struct app *a, const struct server *s, struct err *e)
{
    const struct range *r = &RANGES[RANGE_DEFAULT];
    struct probe_current c;
    int64_t rid = 0;
    if (range_parse(a, &r, e) < 0 ||
        store_probe_current_get(a->st, s->id, &c, e) < 0 ||
        server_rid(a, s->id, &rid, e) < 0)
        return -1;
    html_lit(&a->out, "<h2 id=\"health\">");
    html_text(&a->out, app_text(a, "chart_health"));
    html_lit(&a->out, "</h2>");
    current_table(a, s, &c);
    range_buttons(a, s->id, r);
    return charts(a, rid, r, e);
}

/* ---- the dashboard's sparklines ---- */

static struct hist *spark_hist; /* one read-only handle per process */
static int spark_tried;

static void
spark_close(void)
{
    struct err e;
    hist_close(spark_hist, &e);
    spark_hist = NULL;
}

static struct hist *
spark_open(struct app *a)
{
    char dir[1300];
    struct stat stt;
    struct hist_options o = {.readonly = 1};
    struct err e;
    if (spark_tried)
        return spark_hist;
    spark_tried = 1;
    if (history_dir(a, dir, sizeof dir) < 0 || stat(dir, &stt) != 0 ||
        !S_ISDIR(stt.st_mode))
        return NULL;
    if (hist_open(dir, &o, &spark_hist, &e) < 0) {
        log_msg("health: cannot read the history in %s (%s)", dir, e.key);
        spark_hist = NULL;
        return NULL;
    }
    atexit(spark_close);
    return spark_hist;
}

void
ui_health_spark(struct app *a, const char *id)
{
    struct chart_point pts[SPARK_POINTS];
    struct series sr = {pts, 0, SPARK_POINTS};
    struct hist *h = spark_open(a);
    struct err e;
    int64_t rid = 0;
    int64_t to = ((int64_t)time(NULL) / 300 + 1) * 300;
    if (h == NULL || server_rid(a, id, &rid, &e) < 0 || rid <= 0)
        return;
    struct hist_query q = {.rid = rid,
                           .metric = HIST_CPU,
                           .from = to - 3600,
                           .to = to,
                           .step = 300,
                           .fn = collect,
                           .ctx = &sr};
    if (hist_query(h, &q, &e) < 0 || sr.n == 0)
        return;
    struct chart c = {.pts = pts,
                      .n = sr.n,
                      .from = q.from,
                      .to = q.to,
                      .gap = 600,
                      .title = app_text(a, "chart_spark_cpu"),
                      .unit = "%"};
    html_lit(&a->out, " ");
    chart_spark(&a->out, &c);
}
