/* add_server.c — POST id name type ip region ports: adds one server.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "app.h"
#include "input.h"

static const struct field fields[] = {INPUT_SERVER_FIELDS};
static const struct page page = {
    .script = "add_server.cgi",
    .flags = PAGE_WRITES,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static int
handle(struct app *a, struct err *e)
{
    struct server s;
    if (input_server(a, &s, e) < 0 || store_server_add(a->st, &s, e) < 0)
        return -1;
    app_log_action(a, "create", "server", s.id);
    app_redirect(a, "index.cgi");
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
