/* ui_alerts.c — badges, durations, times and rule conditions for the
 * alert pages (alerts.cgi, rules.cgi, edit_rule.cgi).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alert_texts.h"
#include "html.h"
#include "store_alerts.h"
#include "ui_alerts.h"

const char *
ui_alert_word(struct app *a, const char *prefix, const char *value)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < sizeof ALERT_TEXTS / sizeof ALERT_TEXTS[0]; i++)
        if (strncmp(ALERT_TEXTS[i], prefix, n) == 0 &&
            strcmp(ALERT_TEXTS[i] + n, value) == 0)
            return lang_get(&a->lang, ALERT_TEXTS[i]);
    return value;
}

void
ui_severity_badge(struct app *a, const char *severity)
{
    /* The state colours of uc.css: no inline styles (CSP note there). */
    const char *cls = "unknown";
    if (strcmp(severity, "critical") == 0)
        cls = "inactive";
    else if (strcmp(severity, "warning") == 0)
        cls = "warning";
    html_lit(&a->out, "<span class=\"uc-badge uc-sev uc-state-");
    html_text(&a->out, cls);
    html_lit(&a->out, "\">");
    html_text(&a->out, ui_alert_word(a, "alert_sev_", severity));
    html_lit(&a->out, "</span>");
}

void
ui_duration(struct buf *b, long long s)
{
    if (s <= 0) {
        buf_add(b, "0s");
        return;
    }
    if (s % 86400 == 0)
        buf_addf(b, "%lldd", s / 86400);
    else if (s % 3600 == 0)
        buf_addf(b, "%lldh", s / 3600);
    else if (s >= 3600 && s % 60 == 0)
        buf_addf(b, "%lldh %lldm", s / 3600, (s % 3600) / 60);
    else if (s % 60 == 0)
        buf_addf(b, "%lldm", s / 60);
    else
        buf_addf(b, "%llds", s);
}

void
ui_clock(struct buf *b, long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char text[40];
    if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
        strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) {
        buf_add(b, "-");
        return;
    }
    html_text(b, text);
}

void
ui_rule_condition(struct app *a, const struct rule *r)
{
    struct buf *b = &a->out;
    char n[32];
    html_text(b, ui_alert_word(a, "rule_metric_", r->metric));
    buf_addc(b, ' ');
    html_text(b, r->op);
    snprintf(n, sizeof n, " %g", r->threshold);
    html_text(b, n);
    if (r->for_s > 0) {
        buf_addc(b, ' ');
        html_text(b, lang_get(&a->lang, "rule_for"));
        buf_addc(b, ' ');
        ui_duration(b, r->for_s);
    }
    if (r->has_clear) {
        snprintf(n, sizeof n, "%g", r->clear_at);
        html_lit(b, ", ");
        lang_html(b, &a->lang, "rule_clears_at", n, NULL);
    }
    if (r->predict_s > 0) {
        html_lit(b, ", ");
        html_text(b, lang_get(&a->lang, "rule_predicted_within"));
        buf_addc(b, ' ');
        ui_duration(b, r->predict_s);
    }
}

void
ui_alert_select_row(struct app *a, const char *name, const char *label_key,
                    const char *prefix, const char *const *values, size_t n,
                    const char *selected)
{
    struct buf *b = &a->out;
    html_lit(b, "<div class=\"uc-row\"><label for=\"uc-f-");
    html_text(b, name);
    html_lit(b, "\">");
    html_text(b, lang_get(&a->lang, label_key));
    html_lit(b, "</label><select class=\"form-control\" name=\"");
    html_text(b, name);
    html_lit(b, "\" id=\"uc-f-");
    html_text(b, name);
    html_lit(b, "\">");
    for (size_t i = 0; i < n; i++) {
        html_lit(b, "<option value=\"");
        html_text(b, values[i]);
        html_lit(b, "\"");
        if (selected != NULL && strcmp(selected, values[i]) == 0)
            html_lit(b, " selected");
        html_lit(b, ">");
        html_text(b, prefix ? ui_alert_word(a, prefix, values[i]) : values[i]);
        html_lit(b, "</option>");
    }
    html_lit(b, "</select></div>");
}

int
ui_alert_summary(struct app *a, struct err *e)
{
    struct alert_counts c;
    char n1[24], n2[24];
    if (store_alert_counts(a->st, &c, e) < 0)
        return -1;
    snprintf(n1, sizeof n1, "%lld", c.firing);
    snprintf(n2, sizeof n2, "%lld", c.firing_critical);
    html_lit(&a->out, "<p class=\"uc-alert-line\"><a class=\"uc-badge");
    if (c.firing_critical > 0)
        html_lit(&a->out, " uc-state-inactive");
    else if (c.firing > 0)
        html_lit(&a->out, " uc-state-warning");
    else
        html_lit(&a->out, " uc-state-active");
    html_lit(&a->out, "\" href=\"alerts.cgi\">");
    lang_html(&a->out, &a->lang, "alert_firing_count", n1, n2);
    html_lit(&a->out, "</a></p>\n");
    return 0;
}
