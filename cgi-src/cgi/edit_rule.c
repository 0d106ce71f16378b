/* edit_rule.c — one alert rule's form (every field), or a new rule's when
 * no name is given; with the test-fire and delete buttons for a stored
 * rule. Saving goes to save_rule.cgi, which names any bad field.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "alert.h"
#include "app.h"
#include "html.h"
#include "input.h"
#include "store_rules.h"
#include "ui.h"
#include "ui_alerts.h"

static const struct field fields[] = {{"name", 0}};
static const struct page page = {
    .script = "edit_rule.cgi",
    .flags = 0,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static const char *const OPS[] = {">", ">=", "<", "<="};
static const char *const SCOPES[] = {"all", "type", "region", "cluster",
                                     "server"};
static const char *const SEVERITIES[] = {"info", "warning", "critical"};
static const char *const YES_NO[] = {"1", "0"};

static void
text_row(struct app *a, const struct rule *r, const char *name, int maxlength,
         int required)
{
    char text[RULE_TARGET_MAX + 1];
    rule_field_text(r, name, text, sizeof text);
    ui_input_row(a, name, text, required, maxlength, 0);
}

static void
rule_form(struct app *a, const struct rule *r, int is_new)
{
    struct buf *b = &a->out;
    html_lit(b, "<form class=\"uc-form\" method=\"post\" "
                "action=\"save_rule.cgi\">");
    if (!is_new)
        ui_hidden(a, "old", r->name);
    text_row(a, r, "name", VALID_ID_MAX, 1);
    ui_alert_select_row(a, "metric", "field_metric", "rule_metric_",
                        ALERT_METRIC_NAMES, AM__COUNT, r->metric);
    ui_alert_select_row(a, "op", "field_op", NULL, OPS, 4, r->op);
    text_row(a, r, "threshold", 32, 1);
    text_row(a, r, "clear_at", 32, 0);
    text_row(a, r, "for_s", 16, 0);
    text_row(a, r, "hold_s", 16, 0);
    text_row(a, r, "predict_s", 16, 0);
    ui_alert_select_row(a, "scope", "field_scope", "rule_scope_", SCOPES, 5,
                        r->scope);
    text_row(a, r, "scope_value", VALID_ID_MAX, 0);
    ui_alert_select_row(a, "severity", "field_severity", "alert_sev_",
                        SEVERITIES, 3, r->severity);
    ui_alert_select_row(a, "action", "field_action", "rule_action_",
                        ALERT_ACTION_NAMES, AA__COUNT, r->action);
    text_row(a, r, "target", RULE_TARGET_MAX, 0);
    ui_alert_select_row(a, "enabled", "field_enabled", NULL, YES_NO, 2,
                        r->enabled ? "1" : "0");
    html_lit(b, "<p class=\"uc-muted\">");
    html_text(b, lang_get(&a->lang, "rule_form_hint"));
    html_lit(b, "</p>");
    ui_submit_row(a, is_new ? "rule_create" : "server_save");
    html_lit(b, "</form>");
}

static void
rule_buttons(struct app *a, const struct rule *r)
{
    struct buf *b = &a->out;
    html_lit(b, "<div class=\"uc-actions\"><form class=\"uc-toolbar\" "
                "method=\"post\" action=\"save_rule.cgi\">");
    ui_hidden(a, "old", r->name);
    ui_hidden(a, "test", "1");
    ui_text_input(a, "server", NULL, VALID_ID_MAX, 0, "rule_test_server");
    ui_submit(a, "default", "rule_test");
    html_lit(b, "</form>");
    ui_button_form(a, "delete_rule.cgi", "name", r->name, NULL, NULL,
                   "rule_delete", "rule_confirm_delete");
    html_lit(b, "</div>");
}

static int
handle(struct app *a, struct err *e)
{
    const char *name = app_param(a, "name");
    struct rule r;
    int is_new = name == NULL || name[0] == '\0';
    if (is_new) {
        rule_defaults(&r);
    } else if (input_ident(a, "name", &name, e) < 0 ||
               store_rule_get(a->st, name, &r, e) < 0) {
        return -1;
    }
    rule_effective(&r, &a->config);
    app_page_begin(a, is_new ? "rule_new" : "rule_edit_title", "edit_rule",
                   "rules.cgi");
    if (!is_new) {
        html_lit(&a->out, "<h2>");
        html_text(&a->out, r.name);
        html_lit(&a->out, " ");
        ui_severity_badge(a, r.severity);
        html_lit(&a->out, "</h2><p>");
        ui_rule_condition(a, &r);
        html_lit(&a->out, "</p>");
        if (r.from_config) {
            html_lit(&a->out, "<p class=\"uc-muted\">");
            html_text(&a->out, lang_get(&a->lang, "rule_from_config_hint"));
            html_lit(&a->out, "</p>");
        }
    }
    if (!a->can_alerts) {
        html_lit(&a->out, "<p class=\"uc-muted\">");
        html_text(&a->out, lang_get(&a->lang, "rule_read_only"));
        html_lit(&a->out, "</p>");
        app_page_end(a, NULL);
        return 0;
    }
    rule_form(a, &r, is_new);
    if (!is_new)
        rule_buttons(a, &r);
    app_page_end(a, UI_CONFIRM_SCRIPT);
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
