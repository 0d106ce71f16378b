/* chart.c — inline SVG line charts (chart.h): scaling, segments split at
 * gaps, labels through html_text.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "html.h"

#define PAD_L 70 /* room for the value labels */
#define PAD_R 8
#define PAD_T 8
#define PAD_B 20 /* room for the time labels */

struct frame {
    double x0, y0, w, h; /* plot area */
    double lo, hi;       /* value range */
    int64_t from, to;
};

void
chart_value(char *out, size_t outlen, double v, const char *unit, int decimals)
{
    static const char *const pre[] = {"", "k", "M", "G", "T"};
    size_t i = 0;
    if (!isfinite(v)) {
        snprintf(out, outlen, "\xe2\x80\x94");
        return;
    }
    if (decimals < 0 || decimals > 6)
        decimals = 2;
    if (unit == NULL)
        unit = "";
    if (strcmp(unit, "B/s") == 0) {
        while (fabs(v) >= 1000 && i + 1 < sizeof pre / sizeof pre[0]) {
            v /= 1000;
            i++;
        }
        snprintf(out, outlen, "%.*f %sB/s", i > 0 ? 1 : 0, v, pre[i]);
    } else if (strcmp(unit, "s") == 0 && fabs(v) >= 86400) {
        snprintf(out, outlen, "%.1f d", v / 86400);
    } else if (strcmp(unit, "s") == 0 && fabs(v) >= 3600) {
        snprintf(out, outlen, "%.1f h", v / 3600);
    } else if (unit[0] != '\0') {
        snprintf(out, outlen, "%.*f %s", decimals, v, unit);
    } else {
        snprintf(out, outlen, "%.*f", decimals, v);
    }
}

static double
pmin(const struct chart_point *p)
{
    return isfinite(p->min) ? p->min : p->avg;
}

static double
pmax(const struct chart_point *p)
{
    return isfinite(p->max) ? p->max : p->avg;
}

/* The value range over every drawn point; 0 when there is none. Starts at
 * 0 for non-negative data so that bars of different charts compare. */
static int
value_range(const struct chart *c, double *lo, double *hi)
{
    int any = 0;
    for (size_t i = 0; i < c->n; i++) {
        const struct chart_point *p = &c->pts[i];
        if (!isfinite(p->avg))
            continue;
        double a = pmin(p), z = pmax(p);
        if (!any || a < *lo)
            *lo = a;
        if (!any || z > *hi)
            *hi = z;
        any = 1;
    }
    for (size_t i = 0; c->nforecast >= 2 && i < c->nforecast; i++) {
        double v = c->forecast[i].avg;
        if (!isfinite(v) || !any)
            continue; /* a forecast alone scales nothing */
        if (v < *lo)
            *lo = v;
        if (v > *hi)
            *hi = v;
    }
    if (!any)
        return 0;
    if (*lo > 0)
        *lo = 0;
    if (*hi <= *lo)
        *hi = *lo + 1;
    return 1;
}

static double
xof(const struct frame *f, int64_t ts)
{
    double t = (double)(ts - f->from) / (double)(f->to - f->from);
    if (t < 0)
        t = 0;
    if (t > 1)
        t = 1;
    return f->x0 + t * f->w;
}

static double
yof(const struct frame *f, double v)
{
    return f->y0 + f->h - (v - f->lo) / (f->hi - f->lo) * f->h;
}

/* The end (exclusive) of the segment starting at i: up to a gap. */
static size_t
segment_end(const struct chart *c, size_t i)
{
    size_t j = i + 1;
    while (j < c->n && isfinite(c->pts[j].avg) &&
           (c->gap <= 0 || c->pts[j].ts - c->pts[j - 1].ts <= c->gap))
        j++;
    return j;
}

static int
draw_segment(struct buf *b, const struct frame *f, const struct chart *c,
             size_t i, size_t j, int band)
{
    int rc = 0;
    if (j - i == 1) {
        return buf_addf(b,
                        "<circle class=\"uc-chart-dot\" cx=\"%.1f\" "
                        "cy=\"%.1f\" r=\"1.5\" fill=\"#3182bd\"/>",
                        xof(f, c->pts[i].ts), yof(f, c->pts[i].avg));
    }
    if (band) {
        rc |= html_lit(b, "<polygon class=\"uc-chart-band\" fill=\"#9ecae1\" "
                          "fill-opacity=\"0.5\" stroke=\"none\" points=\"");
        for (size_t k = i; k < j; k++)
            rc |= buf_addf(b, "%s%.1f,%.1f", k > i ? " " : "",
                           xof(f, c->pts[k].ts), yof(f, pmax(&c->pts[k])));
        for (size_t k = j; k-- > i;)
            rc |= buf_addf(b, " %.1f,%.1f", xof(f, c->pts[k].ts),
                           yof(f, pmin(&c->pts[k])));
        rc |= html_lit(b, "\"/>");
    }
    rc |= html_lit(b, "<polyline class=\"uc-chart-line\" fill=\"none\" "
                      "stroke=\"#3182bd\" stroke-width=\"1.5\" points=\"");
    for (size_t k = i; k < j; k++)
        rc |= buf_addf(b, "%s%.1f,%.1f", k > i ? " " : "", xof(f, c->pts[k].ts),
                       yof(f, c->pts[k].avg));
    rc |= html_lit(b, "\"/>");
    return rc;
}

static int
draw_lines(struct buf *b, const struct frame *f, const struct chart *c,
           int band)
{
    int rc = 0;
    size_t i = 0;
    while (i < c->n) {
        if (!isfinite(c->pts[i].avg)) {
            i++;
            continue;
        }
        size_t j = segment_end(c, i);
        rc |= draw_segment(b, f, c, i, j, band);
        i = j;
    }
    return rc;
}

/* The forecast as a dashed line (its non-finite points skipped). */
static int
draw_forecast(struct buf *b, const struct frame *f, const struct chart *c)
{
    int rc = 0, first = 1;
    if (c->forecast == NULL || c->nforecast < 2)
        return 0;
    /* A path, not a polyline: the data's polylines stay the only ones. */
    rc |= html_lit(b, "<path class=\"uc-chart-forecast\" fill=\"none\" "
                      "stroke=\"#e6550d\" stroke-width=\"1.5\" "
                      "stroke-dasharray=\"4 3\" d=\"");
    for (size_t k = 0; k < c->nforecast; k++) {
        if (!isfinite(c->forecast[k].avg))
            continue;
        rc |= buf_addf(b, "%s%.1f,%.1f", first ? "M" : " L",
                       xof(f, c->forecast[k].ts), yof(f, c->forecast[k].avg));
        first = 0;
    }
    rc |= html_lit(b, "\"/>");
    return rc;
}

static int
text_at(struct buf *b, double x, double y, const char *anchor, const char *s)
{
    int rc = buf_addf(b,
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
                      "font-size=\"10\" fill=\"#555\">",
                      x, y, anchor);
    rc |= html_text(b, s);
    rc |= html_lit(b, "</text>");
    return rc;
}

static void
time_label(char *out, size_t outlen, int64_t ts, int64_t span, int utc)
{
    struct tm tm;
    time_t t = (time_t)ts;
    if (gmtime_r(&t, &tm) == NULL) {
        snprintf(out, outlen, "?");
        return;
    }
    strftime(out, outlen, span <= 2 * 86400 ? "%H:%M" : "%m-%d %H:%M", &tm);
    if (utc)
        strncat(out, " UTC", outlen - strlen(out) - 1);
}

static int
open_svg(struct buf *b, const char *cls, int w, int h, const char *title)
{
    int rc = buf_addf(b,
                      "<svg class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
                      "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                      "role=\"img\" aria-label=\"",
                      cls, w, h, w, h);
    rc |= html_text(b, title);
    rc |= html_lit(b, "\"><title>");
    rc |= html_text(b, title);
    rc |= html_lit(b, "</title>");
    return rc;
}

int
chart_svg(struct buf *b, const struct chart *c)
{
    struct frame f = {
        PAD_L,   PAD_T, CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B, 0, 1,
        c->from, c->to};
    char s[64];
    int rc = 0;
    if (f.to <= f.from)
        f.to = f.from + 1;
    rc |= open_svg(b, "uc-chart", CHART_W, CHART_H, c->title);
    rc |= buf_addf(b,
                   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                   "fill=\"none\" stroke=\"#ccc\"/>",
                   PAD_L, PAD_T, CHART_W - PAD_L - PAD_R,
                   CHART_H - PAD_T - PAD_B);
    int64_t span = f.to - f.from;
    double ty = CHART_H - 6;
    time_label(s, sizeof s, f.from, span, 0);
    rc |= text_at(b, f.x0, ty, "start", s);
    time_label(s, sizeof s, f.from + span / 2, span, 0);
    rc |= text_at(b, f.x0 + f.w / 2, ty, "middle", s);
    time_label(s, sizeof s, f.to, span, 1);
    rc |= text_at(b, f.x0 + f.w, ty, "end", s);
    if (!value_range(c, &f.lo, &f.hi)) {
        rc |= text_at(b, f.x0 + f.w / 2, f.y0 + f.h / 2, "middle",
                      c->empty != NULL ? c->empty : "");
        return rc | html_lit(b, "</svg>");
    }
    chart_value(s, sizeof s, f.hi, c->unit, c->decimals);
    rc |= text_at(b, f.x0 - 4, f.y0 + 8, "end", s);
    chart_value(s, sizeof s, f.lo, c->unit, c->decimals);
    rc |= text_at(b, f.x0 - 4, f.y0 + f.h, "end", s);
    rc |= draw_lines(b, &f, c, 1);
    rc |= draw_forecast(b, &f, c);
    return rc | html_lit(b, "</svg>");
}

int
chart_spark(struct buf *b, const struct chart *c)
{
    struct frame f = {1, 1, CHART_SPARK_W - 2, CHART_SPARK_H - 2,
                      0, 1, c->from,           c->to};
    int rc = 0;
    if (f.to <= f.from)
        f.to = f.from + 1;
    rc |= open_svg(b, "uc-spark", CHART_SPARK_W, CHART_SPARK_H, c->title);
    if (value_range(c, &f.lo, &f.hi))
        rc |= draw_lines(b, &f, c, 0);
    return rc | html_lit(b, "</svg>");
}
