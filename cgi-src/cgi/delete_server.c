/* delete_server.c — POST id, or servers (several): deletes servers with
 * their connections and memberships, all or none.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include "app.h"
#include "input.h"

#define MAX_DELETE 1000

static const struct field fields[] = {{"id", 0}, {"servers", FIELD_LIST}};
static const struct page page = {
    .script = "delete_server.cgi",
    .flags = PAGE_WRITES,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static int
handle(struct app *a, struct err *e)
{
    const char *ids[MAX_DELETE];
    size_t n;
    char count[24];
    if (input_server_ids(a, ids, MAX_DELETE, 1, &n, e) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (store_server_delete(a->st, ids[i], e) < 0)
            return -1;
    snprintf(count, sizeof count, "%zu", n);
    app_log_action(a, "delete", "server", n == 1 ? ids[0] : count);
    app_redirect(a, "index.cgi");
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
