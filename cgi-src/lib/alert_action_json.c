/* alert_action_json.c — the JSON body of the webhook action and of hooks
 * given as a URL (docs/alerts.md, "Actions"), built with jansson.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "alert_action_int.h"

#define JSON_BODY_MAX (1024 * 1024)

void
aa_iso_time(long long t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t <= 0 || !gmtime_r(&tt, &tm) ||
        strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        out[0] = '\0';
}

/* A string or, when empty, null (jansson refuses invalid UTF-8: NULL). */
static json_t *
str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *
str_or_empty(const char *s)
{
    return json_string(s ? s : "");
}

static json_t *
num_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *
time_or_null(long long t)
{
    char iso[21];
    aa_iso_time(t, iso);
    return iso[0] ? json_string(iso) : json_null();
}

/* Stores v under key, failing on a NULL v (the _new setter frees it). */
static int
set(json_t *o, const char *key, json_t *v)
{
    return v ? json_object_set_new(o, key, v) : -1;
}

static int
dump_cb(const char *s, size_t len, void *data)
{
    return buf_addn(data, s, len);
}

int
aa_json_body(const struct alert_notice *n, const char *action,
             const char *target, const char *standby, int moved, struct buf *b)
{
    json_t *root = json_object(), *server = json_object(), *deps = json_array();
    int i, bad = 0;
    int rc = -1;

    if (!root || !server || !deps)
        goto out;
    for (i = 0; i < n->ndependants; i++)
        if (json_array_append_new(deps, str_or_empty(n->dependants[i])) != 0)
            bad = 1;
    bad |= set(server, "id", str_or_empty(n->server));
    bad |= set(server, "name", str_or_empty(n->server_name));
    bad |= set(server, "ip", str_or_empty(n->server_ip));
    bad |= set(server, "type", str_or_empty(n->server_type));
    bad |= set(server, "region", str_or_null(n->region));

    bad |= set(root, "version", json_integer(1));
    bad |= set(root, "event", str_or_empty(n->event));
    bad |= set(root, "action", str_or_empty(action));
    bad |= set(root, "alert_id",
               n->alert_id > 0 ? json_integer(n->alert_id) : json_null());
    bad |= set(root, "rule", str_or_empty(n->rule));
    bad |= set(root, "metric", str_or_empty(n->metric));
    bad |= set(root, "op", str_or_empty(n->op));
    bad |= set(root, "threshold", num_or_null(n->threshold));
    bad |= set(root, "value", num_or_null(n->value));
    bad |= set(root, "severity", str_or_empty(n->severity));
    bad |= set(root, "server", server);
    server = NULL;
    bad |= set(root, "cluster", str_or_null(n->cluster));
    bad |= set(root, "cause", str_or_null(n->cause));
    bad |= set(root, "dependants", deps);
    deps = NULL;
    bad |= set(root, "started", time_or_null(n->started));
    bad |= set(root, "at", time_or_null(n->at));
    bad |= set(root, "predicted", time_or_null(n->predicted));
    bad |= set(root, "reason", str_or_empty(n->reason));
    bad |= set(root, "target", str_or_null(target));
    if (standby)
        bad |= set(root, "standby", str_or_null(standby));
    if (moved >= 0)
        bad |= set(root, "moved", json_integer(moved));
    if (bad)
        goto out;
    buf_reset(b);
    if (b->max > JSON_BODY_MAX)
        b->max = JSON_BODY_MAX;
    if (json_dump_callback(root, dump_cb, b,
                           JSON_COMPACT | JSON_ENSURE_ASCII |
                               JSON_ESCAPE_SLASH | JSON_PRESERVE_ORDER |
                               JSON_REAL_PRECISION(15)) != 0)
        goto out;
    rc = 0;
out:
    json_decref(root);
    json_decref(server);
    json_decref(deps);
    return rc;
}
