/* alert_diagram.c — the "alerts" member of the diagram document
 * (diagram_doc.h): firing alerts per server and the root causes, by
 * server id, plus the estate's totals:
 *   {"firing":N,"critical":M,"ids":"db1\nweb1","count":[1,1],"root":"10"}
 * count is each server's firing alerts; root is 1 for a server some open
 * alert names as its cause (the diagram marks it).
 * SPDX-License-Identifier: BSD-3-Clause */
#include "alert_diagram.h"
#include "buf.h"
#include "store_alerts.h"

struct collect {
    struct buf ids, root;
    json_t *count;
    int n;
};

static int
one(void *ctx, const char *server, long long firing, int is_root)
{
    struct collect *c = ctx;
    if ((c->n > 0 && buf_addc(&c->ids, '\n') < 0) ||
        buf_add(&c->ids, server) < 0 ||
        buf_addc(&c->root, is_root ? '1' : '0') < 0 ||
        json_array_append_new(c->count, json_integer(firing)) < 0)
        return 1;
    c->n++;
    return 0;
}

json_t *
alert_diagram_json(struct store *st, struct err *e)
{
    struct alert_counts counts;
    struct collect c = {.count = json_array()};
    json_t *doc = NULL;
    buf_init(&c.ids, 16u * 1024 * 1024);
    buf_init(&c.root, 1024u * 1024);
    int rc = c.count ? store_alert_by_server(st, one, &c, e) : 1;
    if (rc == 0)
        rc = store_alert_counts(st, &counts, e);
    if (rc == 0)
        doc = json_pack(
            "{s:I, s:I, s:s, s:O, s:s}", "firing", (json_int_t)counts.firing,
            "critical", (json_int_t)counts.firing_critical, "ids",
            buf_cstr(&c.ids), "count", c.count, "root", buf_cstr(&c.root));
    if (rc > 0 || (rc == 0 && doc == NULL))
        err_set(e, ERR_INTERNAL, "", "err_internal", "diagram alerts", NULL);
    json_decref(c.count);
    buf_free(&c.ids);
    buf_free(&c.root);
    return doc;
}
