/* connect.c — POST from to type: connects two servers; or servers (several)
 * with type: each selected server to `to` when given, else one after the
 * other in the order selected (pairs already connected are skipped).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "input.h"
#include "ui.h"
#include "valid.h"

#define MAX_SELECTED 1000

static const struct field fields[] = {{"from", 0},
                                      {"to", 0},
                                      {"type", 0},
                                      {"servers", FIELD_LIST},
                                      {"return", 0}};
static const struct page page = {
    .script = "connect.cgi",
    .flags = PAGE_WRITES,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

/* Connects a pair; in bulk mode an existing pair is not an error. */
static int
link_pair(struct app *a, const char *from, const char *to, const char *type,
          int bulk, long long *added, struct err *e)
{
    if (store_conn_add(a->st, from, to, type, e) == 0) {
        (*added)++;
        return 0;
    }
    if (bulk && e->code == ERR_CONFLICT) {
        err_clear(e);
        return 0;
    }
    return -1;
}

static int
bulk(struct app *a, const char *to, const char *type, long long *added,
     struct err *e)
{
    const char *ids[MAX_SELECTED];
    size_t n;
    if (input_server_ids(a, ids, MAX_SELECTED, to ? 1 : 2, &n, e) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *dst = to ? to : (i + 1 < n ? ids[i + 1] : NULL);
        if (dst == NULL || strcmp(ids[i], dst) == 0)
            continue;
        if (link_pair(a, ids[i], dst, type, 1, added, e) < 0)
            return -1;
    }
    return 0;
}

static int
handle(struct app *a, struct err *e)
{
    const char *type = app_param(a, "type");
    const char *from = app_param(a, "from"), *to = app_param(a, "to");
    long long added = 0;
    char count[24];

    if (type == NULL || type[0] == '\0')
        type = "standard";
    if (valid_conn_type("type", type, e) < 0)
        return -1;
    if (to != NULL && to[0] == '\0')
        to = NULL;
    if (to != NULL && valid_ident("to", to, e) < 0)
        return -1;
    if (from != NULL && from[0] != '\0') {
        if (valid_ident("from", from, e) < 0)
            return -1;
        if (to == NULL)
            return err_set(e, ERR_INVALID, "to", "err_required", NULL, NULL);
        if (link_pair(a, from, to, type, 0, &added, e) < 0)
            return -1;
        char obj[2 * VALID_ID_MAX + 3];
        snprintf(obj, sizeof obj, "%s->%s", from, to);
        app_log_action(a, "connect", "connection", obj);
    } else {
        if (bulk(a, to, type, &added, e) < 0)
            return -1;
        snprintf(count, sizeof count, "%lld", added);
        app_log_action(a, "connect", "connection", count);
    }
    const char *ret = app_param(a, "return");
    if (ret != NULL && strcmp(ret, "server") == 0 && from != NULL) {
        ui_redirect(a, "edit_server.cgi", "id", from);
    } else {
        app_redirect(a, "index.cgi");
    }
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
