/* save_cluster.c — POST name with one of: description (change it), add=id
 * or remove=id (membership), autoconnect=1 (wire members by role).
 * return=server goes back to the added/removed server's page.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "app.h"
#include "buf.h"
#include "input.h"
#include "ui.h"
#include "valid.h"

static const struct field fields[] = {{"name", 0},        {"description", 0},
                                      {"add", 0},         {"remove", 0},
                                      {"autoconnect", 0}, {"return", 0}};
static const struct page page = {
    .script = "save_cluster.cgi",
    .flags = PAGE_WRITES,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

static int
change(struct app *a, const char *name, const char **server, struct err *e)
{
    const char *desc = app_param(a, "description");
    const char *add = app_param(a, "add"), *rm = app_param(a, "remove");
    const char *ac = app_param(a, "autoconnect");
    long long added;

    if (desc != NULL) {
        if (valid_text("description", desc, e) < 0 ||
            store_cluster_update(a->st, name, desc, e) < 0)
            return -1;
        app_log_action(a, "modify", "cluster", name);
    } else if (add != NULL) {
        if (valid_ident("add", add, e) < 0 ||
            store_cluster_add_member(a->st, name, add, e) < 0)
            return -1;
        app_log_action(a, "join", "cluster", name);
        *server = add;
    } else if (rm != NULL) {
        if (valid_ident("remove", rm, e) < 0 ||
            store_cluster_remove_member(a->st, name, rm, e) < 0)
            return -1;
        app_log_action(a, "leave", "cluster", name);
        *server = rm;
    } else if (ac != NULL && strcmp(ac, "1") == 0) {
        if (store_cluster_get(a->st, name, &(struct cluster){0}, e) < 0 ||
            store_cluster_autoconnect(a->st, name, &added, e) < 0)
            return -1;
        app_log_action(a, "autoconnect", "cluster", name);
    } else {
        return err_set(e, ERR_INVALID, "description", "err_nothing_to_do", NULL,
                       NULL);
    }
    return 0;
}

static int
handle(struct app *a, struct err *e)
{
    const char *name, *server = NULL, *ret = app_param(a, "return");
    if (input_ident(a, "name", &name, e) < 0 || change(a, name, &server, e) < 0)
        return -1;
    if (server != NULL && ret != NULL && strcmp(ret, "server") == 0)
        ui_redirect(a, "edit_server.cgi", "id", server);
    else
        ui_redirect(a, "edit_cluster.cgi", "name", name);
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
