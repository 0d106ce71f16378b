/* rules.c — the alert rules: condition, scope, severity, action, whether
 * the rule follows Module Config; links to edit each and to add one.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "html.h"
#include "store_rules.h"
#include "ui.h"
#include "ui_alerts.h"
#include "ui_table.h"

static const struct page page = {
    .script = "rules.cgi",
    .flags = 0,
    .fields = NULL,
    .nfields = 0,
};

static int
row(void *ctx, const struct rule *r)
{
    struct app *a = ctx;
    struct buf *b = &a->out;
    struct rule shown = *r;
    rule_effective(&shown, &a->config);
    r = &shown;
    html_lit(b, "<tr><td><a href=\"edit_rule.cgi?name=");
    html_url_arg(b, r->name);
    html_lit(b, "\">");
    html_text(b, r->name);
    html_lit(b, "</a>");
    if (r->from_config) {
        html_lit(b, " <small class=\"uc-muted\">");
        html_text(b, lang_get(&a->lang, "rule_from_config"));
        html_lit(b, "</small>");
    }
    html_lit(b, "</td><td>");
    ui_rule_condition(a, r);
    html_lit(b, "</td><td>");
    html_text(b, ui_alert_word(a, "rule_scope_", r->scope));
    if (r->scope_value[0]) {
        html_lit(b, " ");
        html_text(b, r->scope_value);
    }
    html_lit(b, "</td><td>");
    ui_severity_badge(a, r->severity);
    html_lit(b, "</td><td>");
    html_text(b, ui_alert_word(a, "rule_action_", r->action));
    html_lit(b, "</td><td>");
    html_text(b, lang_get(&a->lang, r->enabled ? "rule_on" : "rule_off"));
    html_lit(b, "</td></tr>");
    return 0;
}

static int
handle(struct app *a, struct err *e)
{
    struct buf *b = &a->out;
    static const char *const cols[] = {"field_name",   "rule_condition",
                                       "field_scope",  "field_severity",
                                       "field_action", "field_enabled"};
    app_page_begin(a, "rule_list_title", "rules", "index.cgi");
    html_lit(b, "<p class=\"uc-actions\"><a class=\"btn btn-default\" "
                "href=\"alerts.cgi\">");
    html_text(b, lang_get(&a->lang, "alert_title"));
    html_lit(b, "</a> ");
    if (a->can_alerts) {
        html_lit(b, "<a class=\"btn btn-primary\" href=\"edit_rule.cgi\">");
        html_text(b, lang_get(&a->lang, "rule_new"));
        html_lit(b, "</a>");
    }
    html_lit(b, "</p>");
    ui_table_open(a, "uc-rules", cols, sizeof cols / sizeof cols[0]);
    if (store_rule_list(a->st, row, a, e) != 0)
        return -1;
    html_lit(b, "</tbody></table></div>");
    app_page_end(a, NULL);
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
