/* alerts.c — the alerts page: counts, active alerts (severity colours,
 * root cause and the servers it explains, acknowledge, silence for 1h, 4h,
 * 24h or a custom time), the silences in force, and the alert history a
 * page at a time (before=ID continues).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "html.h"
#include "store_alerts.h"
#include "ui.h"
#include "ui_alerts.h"
#include "ui_table.h"
#include "valid.h"

#define HISTORY_PAGE 50

static const struct field fields[] = {{"before", 0}, {"server", 0}};
static const struct page page = {
    .script = "alerts.cgi",
    .flags = 0,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static void
silence_form(struct app *a, const struct alert_row *r)
{
    static const char *const quick[] = {"1h", "4h", "24h"};
    struct buf *b = &a->out;
    for (size_t i = 0; i < 3; i++) {
        html_lit(b, "<form class=\"uc-inline\" method=\"post\" "
                    "action=\"save_alert.cgi\">");
        ui_hidden(a, "do", "silence");
        ui_hidden(a, "rule", r->rule);
        ui_hidden(a, "server", r->server);
        ui_hidden(a, "duration", quick[i]);
        html_lit(b, "<button class=\"btn btn-default btn-xs\" "
                    "type=\"submit\">");
        html_text(b, lang_get(&a->lang, "alert_silence"));
        html_lit(b, " ");
        html_text(b, quick[i]);
        html_lit(b, "</button></form>");
    }
    html_lit(b, "<form class=\"uc-inline\" method=\"post\" "
                "action=\"save_alert.cgi\">");
    ui_hidden(a, "do", "silence");
    ui_hidden(a, "rule", r->rule);
    ui_hidden(a, "server", r->server);
    ui_text_input(a, "duration", NULL, 8, 1, "alert_custom_duration");
    ui_submit(a, "default btn-xs", "alert_silence");
    html_lit(b, "</form>");
}

struct dep_ctx {
    struct app *a;
    int n;
};

static int
dep_link(void *ctx, const char *server)
{
    struct dep_ctx *d = ctx;
    if (d->n++ > 0)
        html_lit(&d->a->out, ", ");
    ui_server_link(d->a, server);
    return 0;
}

static int
alert_row(void *ctx, const struct alert_row *r)
{
    struct app *a = ctx;
    struct buf *b = &a->out;
    struct err e;
    char v[64];
    html_lit(b, "<tr class=\"uc-alert\"><td>");
    ui_severity_badge(a, r->severity);
    html_lit(b, "</td><td>");
    html_text(b, ui_alert_word(a, "alert_state_", r->state));
    html_lit(b, "</td><td><a href=\"edit_rule.cgi?name=");
    html_url_arg(b, r->rule);
    html_lit(b, "\">");
    html_text(b, r->rule);
    html_lit(b, "</a></td><td>");
    ui_server_link(a, r->server);
    html_lit(b, "</td><td>");
    snprintf(v, sizeof v, "%g %s %g", r->value, r->op, r->threshold);
    if (r->has_value)
        html_text(b, v);
    html_lit(b, "</td><td>");
    ui_clock(b, r->fired ? r->fired : r->started);
    html_lit(b, "</td><td>");
    if (r->cause[0]) {
        html_lit(b, "<span class=\"uc-muted\">");
        html_text(b, lang_get(&a->lang, "alert_caused_by"));
        html_lit(b, "</span> ");
        ui_server_link(a, r->cause);
    } else if (r->dependants > 0) {
        struct dep_ctx d = {a, 0};
        html_lit(b, "<strong>");
        html_text(b, lang_get(&a->lang, "alert_root_cause"));
        html_lit(b, "</strong> ");
        html_text(b, lang_get(&a->lang, "alert_explains"));
        html_lit(b, " ");
        if (store_alert_dependants(a->st, r->server, dep_link, &d, &e) < 0)
            html_lit(b, "?");
    }
    html_lit(b, "</td><td>");
    if (r->acked_at) {
        lang_html(b, &a->lang, "alert_acked_by", r->acked_by, NULL);
    } else if (a->can_alerts && a->can_edit) {
        snprintf(v, sizeof v, "%lld", r->id);
        ui_button_form(a, "save_alert.cgi", "do", "ack", "id", v, "alert_ack",
                       NULL);
    }
    html_lit(b, "</td><td class=\"uc-toolbar\">");
    if (a->can_alerts && a->can_edit)
        silence_form(a, r);
    html_lit(b, "</td></tr>");
    return 0;
}

static int
active(struct app *a, const char *server, struct err *e)
{
    static const char *const cols[] = {
        "field_severity", "field_state", "field_rule",
        "field_server",   "alert_value", "alert_since",
        "alert_cause",    "alert_ack",   ""};
    struct alert_counts c;
    struct alert_filter f = {.server = server};
    char n1[24], n2[24];
    struct buf *b = &a->out;
    if (store_alert_counts(a->st, &c, e) < 0)
        return -1;
    snprintf(n1, sizeof n1, "%lld", c.firing);
    snprintf(n2, sizeof n2, "%lld", c.firing_critical);
    html_lit(b, "<p class=\"uc-count\">");
    lang_html(b, &a->lang, "alert_firing_count", n1, n2);
    snprintf(n1, sizeof n1, "%lld", c.pending);
    html_lit(b, " ");
    lang_html(b, &a->lang, "alert_pending_count", n1, NULL);
    html_lit(b, "</p>");
    if (c.firing + c.pending == 0 && (server == NULL || !server[0])) {
        html_lit(b, "<p class=\"uc-muted\">");
        html_text(b, lang_get(&a->lang, "alert_none"));
        html_lit(b, "</p>");
        return 0;
    }
    ui_table_open(a, "uc-alerts", cols, sizeof cols / sizeof cols[0]);
    if (store_alert_list(a->st, &f, alert_row, a, e) != 0)
        return -1;
    html_lit(b, "</tbody></table></div>");
    return 0;
}

static int
silence_row(void *ctx, const struct silence *s)
{
    struct app *a = ctx;
    struct buf *b = &a->out;
    char id[24];
    html_lit(b, "<tr><td>");
    html_text(b, s->rule[0] ? s->rule : lang_get(&a->lang, "alert_any"));
    html_lit(b, "</td><td>");
    if (s->server[0])
        ui_server_link(a, s->server);
    else
        html_text(b, lang_get(&a->lang, "alert_any"));
    html_lit(b, "</td><td>");
    ui_clock(b, s->until);
    html_lit(b, "</td><td>");
    html_text(b, s->by);
    html_lit(b, "</td><td>");
    html_text(b, s->reason);
    html_lit(b, "</td><td>");
    if (a->can_alerts && a->can_edit) {
        snprintf(id, sizeof id, "%lld", s->id);
        ui_button_form(a, "save_alert.cgi", "do", "unsilence", "id", id,
                       "alert_unsilence", NULL);
    }
    html_lit(b, "</td></tr>");
    return 0;
}

static int
silences(struct app *a, struct err *e)
{
    static const char *const cols[] = {"field_rule",   "field_server",
                                       "alert_until",  "alert_by",
                                       "field_reason", ""};
    struct buf *b = &a->out;
    html_lit(b, "<h2>");
    html_text(b, lang_get(&a->lang, "alert_silences"));
    html_lit(b, "</h2>");
    ui_table_open(a, "uc-silences", cols, sizeof cols / sizeof cols[0]);
    if (store_silence_list(a->st, silence_row, a, e) != 0)
        return -1;
    html_lit(b, "</tbody></table></div>");
    return 0;
}

static int
event_row(void *ctx, const struct alert_log_row *l)
{
    struct app *a = ctx;
    struct buf *b = &a->out;
    char v[32];
    html_lit(b, "<tr><td>");
    ui_clock(b, l->at);
    html_lit(b, "</td><td>");
    html_text(b, ui_alert_word(a, "alert_event_", l->event));
    html_lit(b, "</td><td>");
    html_text(b, l->rule);
    html_lit(b, "</td><td>");
    if (l->server[0])
        ui_server_link(a, l->server);
    html_lit(b, "</td><td>");
    snprintf(v, sizeof v, "%g", l->value);
    if (l->has_value)
        html_text(b, v);
    html_lit(b, "</td><td>");
    html_text(b, l->who);
    html_lit(b, "</td><td>");
    html_text(b, l->detail);
    html_lit(b, "</td></tr>");
    return 0;
}

static int
history(struct app *a, long long before, const char *server, struct err *e)
{
    static const char *const cols[] = {
        "alert_when",  "alert_event", "field_rule",  "field_server",
        "alert_value", "alert_by",    "alert_detail"};
    struct buf *b = &a->out;
    long long next = 0;
    html_lit(b, "<h2 id=\"history\">");
    html_text(b, lang_get(&a->lang, "alert_history"));
    html_lit(b, "</h2>");
    ui_table_open(a, "uc-history", cols, sizeof cols / sizeof cols[0]);
    if (store_alert_history(a->st, before, HISTORY_PAGE, server, NULL,
                            event_row, a, &next, e) != 0)
        return -1;
    html_lit(b, "</tbody></table></div><p class=\"uc-pager\">");
    if (before > 0) {
        html_lit(b, "<a href=\"alerts.cgi");
        if (server && server[0]) {
            html_lit(b, "?server=");
            html_url_arg(b, server);
        }
        html_lit(b, "#history\">");
        html_text(b, lang_get(&a->lang, "alert_newest"));
        html_lit(b, "</a> ");
    }
    if (next > 0) {
        html_lit(b, "<a href=\"alerts.cgi?");
        ui_query_arg(b, "server", server);
        buf_addf(b, "before=%lld#history\">", next);
        html_text(b, lang_get(&a->lang, "alert_older"));
        html_lit(b, "</a>");
    }
    html_lit(b, "</p>");
    return 0;
}

/* before: empty or 1..18 digits. */
static int
parse_before(const char *v, long long *out, struct err *e)
{
    *out = 0;
    if (v == NULL || v[0] == '\0')
        return 0;
    size_t n = strlen(v);
    if (n > 18 || strspn(v, "0123456789") != n)
        return err_set(e, ERR_INVALID, "before", "alert_err_id", NULL, NULL);
    for (size_t i = 0; i < n; i++)
        *out = *out * 10 + (v[i] - '0');
    return 0;
}

static int
handle(struct app *a, struct err *e)
{
    long long before;
    const char *server = app_param(a, "server");
    if (parse_before(app_param(a, "before"), &before, e) < 0)
        return -1;
    if (server != NULL && server[0] && valid_ident("server", server, e) < 0)
        return -1;
    app_page_begin(a, "alert_title", "alerts", "index.cgi");
    html_lit(&a->out, "<p class=\"uc-actions\"><a class=\"btn btn-default\" "
                      "href=\"rules.cgi\">");
    html_text(&a->out, lang_get(&a->lang, "rule_list_title"));
    html_lit(&a->out, "</a> <a class=\"btn btn-default\" "
                      "href=\"diagram.cgi\">");
    html_text(&a->out, lang_get(&a->lang, "alert_diagram"));
    html_lit(&a->out, "</a></p>");
    if (active(a, server, e) < 0 || silences(a, e) < 0 ||
        history(a, before, server, e) < 0)
        return -1;
    app_page_end(a, NULL);
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
