/* save_server.c — POST id name type ip region ports [status x y]: changes a
 * server; the id itself never changes.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include "app.h"
#include "buf.h"
#include "input.h"
#include "ui.h"

static const struct field fields[] = {INPUT_SERVER_FIELDS};
static const struct page page = {
    .script = "save_server.cgi",
    .flags = PAGE_WRITES,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static int
handle(struct app *a, struct err *e)
{
    struct server s, old;
    if (input_server(a, &s, e) < 0 ||
        store_server_get(a->st, s.id, &old, e) < 0)
        return -1;
    if (app_param(a, "status") == NULL)
        snprintf(s.status, sizeof s.status, "%s", old.status);
    if (app_param(a, "x") == NULL) {
        s.has_pos = old.has_pos;
        s.x = old.x;
        s.y = old.y;
    }
    if (store_server_update(a->st, &s, e) < 0)
        return -1;
    app_log_action(a, "modify", "server", s.id);
    ui_redirect(a, "edit_server.cgi", "id", s.id);
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
