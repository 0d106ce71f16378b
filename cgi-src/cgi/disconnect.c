/* disconnect.c — POST from to: removes the connection between two servers
 * (either direction), then back to the first server's page.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include "app.h"
#include "buf.h"
#include "input.h"
#include "ui.h"

static const struct field fields[] = {{"from", 0}, {"to", 0}};
static const struct page page = {
    .script = "disconnect.cgi",
    .flags = PAGE_WRITES,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static int
handle(struct app *a, struct err *e)
{
    const char *from, *to;
    if (input_ident(a, "from", &from, e) < 0 ||
        input_ident(a, "to", &to, e) < 0 ||
        store_conn_delete(a->st, from, to, e) < 0)
        return -1;
    char obj[2 * VALID_ID_MAX + 3];
    snprintf(obj, sizeof obj, "%s->%s", from, to);
    app_log_action(a, "disconnect", "connection", obj);
    ui_redirect(a, "edit_server.cgi", "id", from);
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
