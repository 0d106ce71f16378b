/* add_server.c — POST id name type ip region ports [cluster]: adds one
 * server, optionally into a cluster (required for a user limited to some
 * clusters: the new server must land inside them).
 * SPDX-License-Identifier: BSD-3-Clause */
#include "app.h"
#include "input.h"

static const struct field fields[] = {INPUT_SERVER_FIELDS, {"cluster", 0}};
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
    const char *cluster = app_param(a, "cluster");
    int into = cluster != NULL && cluster[0] != '\0';
    if (!into && a->scoped)
        return err_set(e, ERR_INVALID, "cluster", "err_scope_cluster_required",
                       NULL, NULL);
    if (input_server(a, &s, e) < 0 ||
        (into && input_ident(a, "cluster", &cluster, e) < 0) ||
        store_server_add(a->st, &s, e) < 0 ||
        (into && store_cluster_adopt(a->st, cluster, s.id, e) < 0))
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
