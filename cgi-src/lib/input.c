/* input.c — validated values from request parameters.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "valid.h"

static const char *
param(struct app *a, const char *key)
{
    const char *v = app_param(a, key);
    return v ? v : "";
}

/* Copies a validated value; the caller checked it fits. */
static void
put(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

int
input_server(struct app *a, struct server *s, struct err *e)
{
    const char *id = param(a, "id"), *name = param(a, "name");
    const char *type = param(a, "type"), *ip = param(a, "ip");
    const char *region = param(a, "region"), *status = param(a, "status");
    int xset = 0, yset = 0;

    memset(s, 0, sizeof *s);
    if (valid_ident("id", id, e) < 0)
        return -1;
    if (name[0] == '\0')
        name = id;
    if (valid_name("name", name, e) < 0 ||
        valid_server_type("type", type, e) < 0 || valid_host("ip", ip, e) < 0 ||
        valid_region("region", region, e) < 0 ||
        valid_ports("ports", param(a, "ports"), s->ports, sizeof s->ports, e) <
            0)
        return -1;
    if (status[0] == '\0')
        status = "unknown";
    if (valid_state("status", status, e) < 0 ||
        valid_coord("x", param(a, "x"), &s->x, &xset, e) < 0 ||
        valid_coord("y", param(a, "y"), &s->y, &yset, e) < 0)
        return -1;
    if (xset != yset)
        return err_set(e, ERR_INVALID, xset ? "y" : "x", "err_required", NULL,
                       NULL);
    s->has_pos = xset;
    put(s->id, sizeof s->id, id);
    put(s->name, sizeof s->name, name);
    put(s->type, sizeof s->type, type);
    put(s->ip, sizeof s->ip, ip);
    put(s->region, sizeof s->region, region);
    put(s->status, sizeof s->status, status);
    return 0;
}

int
input_ident(struct app *a, const char *key, const char **out, struct err *e)
{
    const char *v = param(a, key);
    if (valid_ident(key, v, e) < 0)
        return -1;
    *out = v;
    return 0;
}

int
input_server_ids(struct app *a, const char **ids, size_t max, size_t min,
                 size_t *n, struct err *e)
{
    size_t count = 0;
    const char *one = app_param(a, "id");
    if (one != NULL && one[0] != '\0') {
        if (valid_ident("id", one, e) < 0)
            return -1;
        ids[count++] = one;
    }
    size_t total = req_count(&a->req, "servers");
    for (size_t i = 0; i < total; i++) {
        const char *v = req_get_nth(&a->req, "servers", i);
        if (count >= max) {
            char m[24];
            snprintf(m, sizeof m, "%zu", max);
            return err_set(e, ERR_INVALID, "servers", "err_too_many_servers", m,
                           NULL);
        }
        if (valid_ident("servers", v, e) < 0)
            return -1;
        ids[count++] = v;
    }
    if (count < min) {
        char m[24];
        snprintf(m, sizeof m, "%zu", min);
        return err_set(e, ERR_INVALID, "servers", "err_select_servers", m,
                       NULL);
    }
    *n = count;
    return 0;
}
