/* delete_rule.c — POST name: deletes the rule with its alerts and
 * silences, then back to the rules. Needs the edit and alerts ACL flags.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "app.h"
#include "input.h"
#include "store_rules.h"
#include "ui.h"

static const struct field fields[] = {{"name", 0}};
static const struct page page = {
    .script = "delete_rule.cgi",
    .flags = PAGE_WRITES | PAGE_ALERTS,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static int
handle(struct app *a, struct err *e)
{
    const char *name;
    struct rule r;
    if (!a->can_alerts)
        return err_set(e, ERR_FORBIDDEN, "", "alert_err_cannot_alerts", a->user,
                       NULL);
    if (input_ident(a, "name", &name, e) < 0 ||
        store_rule_get(a->st, name, &r, e) < 0 ||
        store_rule_delete(a->st, r.name, e) < 0)
        return -1;
    app_log_action(a, "delete", "rule", r.name);
    app_redirect(a, "rules.cgi");
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
