/* save_rule.c — POST a rule's form: creates it (no "old"), or changes the
 * rule named "old" (fields not sent keep their value); test=1 with "old"
 * test-fires that rule instead (optional "server") and shows what the
 * action did. Needs the edit and alerts ACL flags.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "alert_action.h"
#include "app.h"
#include "html.h"
#include "input.h"
#include "log.h"
#include "store_alerts.h"
#include "ui.h"

static const struct field fields[] = {
    {"old", 0},       {"name", 0},     {"metric", 0},      {"op", 0},
    {"threshold", 0}, {"clear_at", 0}, {"for_s", 0},       {"hold_s", 0},
    {"predict_s", 0}, {"scope", 0},    {"scope_value", 0}, {"severity", 0},
    {"action", 0},    {"target", 0},   {"enabled", 0},     {"test", 0},
    {"server", 0}};
static const struct page page = {
    .script = "save_rule.cgi",
    .flags = PAGE_WRITES | PAGE_ALERTS,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static int
test_fire(struct app *a, const char *name, struct err *e)
{
    struct rule r;
    struct alert_action_conf conf;
    struct alert_test_result res;
    struct err ignored;
    const char *server = app_param(a, "server");
    if (store_rule_get(a->st, name, &r, e) < 0)
        return -1;
    rule_effective(&r, &a->config);
    if (alert_action_conf_load(&conf, &a->config, &ignored) < 0)
        log_msg("test-fire: Module Config: %s %s", ignored.field, ignored.key);
    if (store_alert_test(a->st, &conf, &r, server, a->user ? a->user : "", &res,
                         e) < 0)
        return -1;
    app_log_action(a, "test", "rule", r.name);
    struct buf *b = &a->out;
    app_page_begin(a, "rule_test_title", "edit_rule", "rules.cgi");
    html_lit(b, "<div class=\"");
    buf_add(b, res.ok ? "uc-ok" : "uc-error");
    html_lit(b, "\" role=\"status\"><p>");
    lang_html(b, &a->lang, res.ok ? "rule_test_ok" : "rule_test_failed", r.name,
              res.server);
    html_lit(b, "</p><p><code>");
    html_text(b, res.detail);
    html_lit(b, "</code></p></div><p><a href=\"edit_rule.cgi?name=");
    html_url_arg(b, r.name);
    html_lit(b, "\">");
    html_text(b, r.name);
    html_lit(b, "</a> &middot; <a href=\"alerts.cgi\">");
    html_text(b, lang_get(&a->lang, "alert_title"));
    html_lit(b, "</a></p>");
    app_page_end(a, NULL);
    return 0;
}

static int
save(struct app *a, const char *old, struct err *e)
{
    struct rule r;
    if (old != NULL) {
        if (store_rule_get(a->st, old, &r, e) < 0)
            return -1;
        rule_effective(&r, &a->config); /* the numbers in force */
    } else {
        rule_defaults(&r);
        if (app_param(a, "name") == NULL)
            return err_set(e, ERR_INVALID, "name", "err_required", NULL, NULL);
        if (app_param(a, "threshold") == NULL)
            return err_set(e, ERR_INVALID, "threshold", "err_required", NULL,
                           NULL);
    }
    for (size_t i = 0; i < RULE_FIELD_COUNT; i++) {
        const char *v = app_param(a, RULE_FIELDS[i]);
        if (v != NULL && rule_field_set(&r, RULE_FIELDS[i], v, e) < 0)
            return -1;
    }
    if (old != NULL ? store_rule_update(a->st, old, &r, e) < 0
                    : store_rule_create(a->st, &r, e) < 0)
        return -1;
    app_log_action(a, old != NULL ? "modify" : "create", "rule", r.name);
    ui_redirect(a, "edit_rule.cgi", "name", r.name);
    return 0;
}

static int
handle(struct app *a, struct err *e)
{
    const char *old = NULL, *test = app_param(a, "test");
    if (!a->can_alerts)
        return err_set(e, ERR_FORBIDDEN, "", "alert_err_cannot_alerts", a->user,
                       NULL);
    if (app_param(a, "old") != NULL && input_ident(a, "old", &old, e) < 0)
        return -1;
    if (test != NULL && strcmp(test, "1") == 0) {
        if (old == NULL)
            return err_set(e, ERR_INVALID, "old", "err_required", NULL, NULL);
        return test_fire(a, old, e);
    }
    return save(a, old, e);
}

int
main(void)
{
    return app_run(&page, handle);
}
