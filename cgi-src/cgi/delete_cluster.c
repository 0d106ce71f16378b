/* delete_cluster.c — POST name: deletes a cluster (its servers stay).
 * SPDX-License-Identifier: BSD-3-Clause */
#include "app.h"
#include "input.h"

static const struct field fields[] = {{"name", 0}};
static const struct page page = {
    .script = "delete_cluster.cgi",
    .flags = PAGE_WRITES,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static int
handle(struct app *a, struct err *e)
{
    const char *name;
    if (input_ident(a, "name", &name, e) < 0 ||
        store_cluster_delete(a->st, name, e) < 0)
        return -1;
    app_log_action(a, "delete", "cluster", name);
    app_redirect(a, "index.cgi");
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
