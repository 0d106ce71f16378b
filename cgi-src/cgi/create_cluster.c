/* create_cluster.c — POST name description servers…: creates a cluster
 * from the selected servers and wires its members by role (autoconnect=0
 * to skip), then opens the cluster.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "app.h"
#include "buf.h"
#include "input.h"
#include "ui.h"
#include "valid.h"

#define MAX_MEMBERS 1000

static const struct field fields[] = {{"name", 0},
                                      {"description", 0},
                                      {"servers", FIELD_LIST},
                                      {"autoconnect", 0}};
static const struct page page = {
    .script = "create_cluster.cgi",
    .flags = PAGE_WRITES,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static int
handle(struct app *a, struct err *e)
{
    const char *name, *ids[MAX_MEMBERS];
    const char *desc = app_param(a, "description");
    const char *autoconnect = app_param(a, "autoconnect");
    size_t n;
    long long added = 0;

    if (input_ident(a, "name", &name, e) < 0 ||
        valid_text("description", desc, e) < 0 ||
        input_server_ids(a, ids, MAX_MEMBERS, 0, &n, e) < 0)
        return -1;
    if (store_cluster_create(a->st, name, desc ? desc : "", ids, n, e) < 0)
        return -1;
    if ((autoconnect == NULL || strcmp(autoconnect, "0") != 0) &&
        store_cluster_autoconnect(a->st, name, &added, e) < 0)
        return -1;
    app_log_action(a, "create", "cluster", name);
    ui_redirect(a, "edit_cluster.cgi", "name", name);
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
