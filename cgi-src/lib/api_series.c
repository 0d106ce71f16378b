/* api_series.c — GET /servers/{id}/series: one metric of one server over
 * [from, to) in buckets of step seconds, read from the history next to the
 * database (read-only; no history yet is an empty series).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api_health.h"
#include "api_json.h"
#include "hist.h"
#include "store_health.h"
#include "valid.h"

#define TIME_MAX  4102444800LL /* 2100-01-01: far enough */
#define STEP_MAX  (30LL * 86400)
#define RANGE_DEF 3600
#define STEP_DEF  60

/* Digits only into *out, min..max; absent or empty keeps *out. */
static int
number(const struct app *a, const char *key, long long min, long long max,
       long long *out, struct err *e)
{
    const char *v = app_param(a, key);
    long long n = 0;
    if (v == NULL || v[0] == '\0')
        return 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9' || n > max)
            n = max + 1;
        else
            n = n * 10 + (*p - '0');
    }
    if (n < min || n > max) {
        char lo[24], hi[24];
        snprintf(lo, sizeof lo, "%lld", min);
        snprintf(hi, sizeof hi, "%lld", max);
        return err_set(e, ERR_INVALID, key, "err_out_of_range", lo, hi);
    }
    *out = n;
    return 0;
}

struct range {
    enum hist_metric metric;
    long long from, to, step;
};

static int
parse(const struct app *a, struct range *r, struct err *e)
{
    const char *m = app_param(a, "metric");
    if (m == NULL || m[0] == '\0')
        return err_set(e, ERR_INVALID, "metric", "api_err_series_metric", "",
                       NULL);
    if (hist_metric_parse(m, &r->metric) < 0)
        return err_set(e, ERR_INVALID, "metric", "api_err_series_metric", m,
                       NULL);
    r->to = (long long)time(NULL);
    r->step = STEP_DEF;
    if (number(a, "to", 1, TIME_MAX, &r->to, e) < 0)
        return -1;
    r->from = r->to > RANGE_DEF ? r->to - RANGE_DEF : 0;
    if (number(a, "from", 0, TIME_MAX, &r->from, e) < 0 ||
        number(a, "step", 1, STEP_MAX, &r->step, e) < 0)
        return -1;
    if (r->from >= r->to)
        return err_set(e, ERR_INVALID, "from", "api_err_series_range", NULL,
                       NULL);
    long long points = (r->to - r->from + r->step - 1) / r->step;
    if (points > API_SERIES_POINTS_MAX) {
        char n[24], max[24];
        snprintf(n, sizeof n, "%lld", points);
        snprintf(max, sizeof max, "%d", API_SERIES_POINTS_MAX);
        return err_set(e, ERR_INVALID, "step", "api_err_series_points", n, max);
    }
    return 0;
}

struct collect {
    json_t *points;
    int full; /* a point could not be added */
};

static int
add_point(const struct hist_point *p, void *ctx)
{
    struct collect *c = ctx;
    json_t *row = json_pack("[I, f, f, f, f, I]", (json_int_t)p->ts, p->min,
                            p->max, p->avg, p->last, (json_int_t)p->n);
    if (row == NULL || json_array_size(c->points) >= API_SERIES_POINTS_MAX ||
        json_array_append_new(c->points, row) < 0) {
        c->full = 1;
        return 1;
    }
    return 0;
}

/* The points of rid into c (none when there is no history). */
static int
query(struct app *a, long long rid, const struct range *r, struct collect *c,
      struct err *e)
{
    char db[1200], dir[1300];
    struct hist_options opt = {.readonly = 1};
    struct hist *h = NULL;
    struct err ignored;

    if (store_db_file(a->st, db, sizeof db) < 0 ||
        hist_dir_for_db(db, dir, sizeof dir) < 0)
        return err_set(e, ERR_INTERNAL, "", "err_internal", "history", NULL);
    if (hist_open(dir, &opt, &h, e) < 0)
        return -1;
    struct hist_query q = {.rid = rid,
                           .metric = r->metric,
                           .from = r->from,
                           .to = r->to,
                           .step = r->step,
                           .fn = add_point,
                           .ctx = c};
    int rc = hist_query(h, &q, e);
    hist_close(h, &ignored);
    if (rc == 0 && c->full)
        return err_set(e, ERR_INTERNAL, "", "err_internal", "series", NULL);
    return rc;
}

int
api_server_series(struct app *a, const char *id, struct err *e)
{
    char canon[VALID_ID_MAX + 1];
    struct range r;
    long long rid;

    /* Checked first: the id from the path is echoed in a not-found error,
     * and raw bytes there would not make valid JSON. */
    if (valid_ident("id", id, e) < 0 ||
        store_server_rid(a->st, id, &rid, canon, e) < 0 || parse(a, &r, e) < 0)
        return -1;
    struct collect c = {json_array(), 0};
    if (c.points == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", "series", NULL);
    if (query(a, rid, &r, &c, e) < 0) {
        json_decref(c.points);
        return -1;
    }
    return api_reply(a,
                     json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}", "server",
                               canon, "metric", hist_metric_name(r.metric),
                               "from", (json_int_t)r.from, "to",
                               (json_int_t)r.to, "step", (json_int_t)r.step,
                               "points", c.points),
                     e);
}
