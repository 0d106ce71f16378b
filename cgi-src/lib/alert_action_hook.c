/* alert_action_hook.c — scale_up, scale_down and failover: the configured
 * hook (Module Config scale_up_hook / scale_down_hook / failover_hook),
 * an http(s) URL sent the alert as JSON (the webhook sender) or a command
 * run with the alert in its environment (the command runner); a firing
 * failover first moves the failed server's connections to its standby.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alert_action_int.h"
#include "store_failover.h"

static const char *
hook_of(const struct alert_action_conf *c, enum alert_action kind,
        const char **key)
{
    switch (kind) {
    case AA_SCALE_UP:
        *key = "scale_up_hook";
        return c->scale_up_hook;
    case AA_SCALE_DOWN:
        *key = "scale_down_hook";
        return c->scale_down_hook;
    default:
        *key = "failover_hook";
        return c->failover_hook;
    }
}

static int
is_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 ||
           strncasecmp(s, "https://", 8) == 0;
}

/* The standby switch-over of a firing failover; a failure is kept in
 * *r (and the hook still runs: it may do the real work). */
static void
switch_over(struct store *st, const struct alert_notice *n,
            struct alert_action_result *r)
{
    struct store_failover_result fr;
    struct err e;
    err_clear(&e);
    if (store_failover(st, n->server, n->cluster, &fr, &e) < 0) {
        aa_fail(r, "action_err_switch",
                "moving the connections of %s to its standby failed (%s)",
                n->server, e.key);
        return;
    }
    snprintf(r->standby, sizeof r->standby, "%s", fr.standby);
    if (fr.standby[0]) {
        r->moved = fr.moved;
        r->skipped = fr.skipped;
    }
}

int
aa_hook_run(const struct alert_action_conf *c, enum alert_action kind,
            const char *target, const struct alert_notice *n, struct store *st,
            long long deadline_ms, struct alert_action_result *r)
{
    const char *key = "";
    const char *hook = hook_of(c, kind, &key);
    const char *action = ALERT_ACTION_NAMES[kind];
    const char *standby = NULL;
    char switch_error[sizeof r->error] = "", switch_key[sizeof r->key] = "";
    int rc;

    if (kind == AA_FAILOVER) {
        standby = "";
        if (st && n->event && strcmp(n->event, "firing") == 0 && n->server &&
            *n->server) {
            switch_over(st, n, r);
            standby = r->standby;
            snprintf(switch_error, sizeof switch_error, "%s", r->error);
            snprintf(switch_key, sizeof switch_key, "%s", r->key);
            r->error[0] = r->key[0] = '\0';
        }
    }
    if (!*hook) {
        if (switch_error[0])
            return aa_fail(r, switch_key, "%s", switch_error);
        if (r->moved >= 0)
            return 0; /* the switch-over was the whole action */
        return aa_fail(r, "action_err_no_hook",
                       "no hook set (Module Config "
                       "%s)",
                       key);
    }
    if (is_url(hook)) {
        struct buf body;
        buf_init(&body, 1024 * 1024);
        if (aa_json_body(n, action, target, standby, r->moved, &body) != 0)
            rc = aa_fail(r, "action_err_json",
                         "the alert could not be written as JSON");
        else
            rc = aa_webhook_post(c, hook, buf_cstr(&body), body.len,
                                 deadline_ms, r);
        buf_free(&body);
    } else {
        struct buf vals;
        char *env[AA_ENV_MAX];
        buf_init(&vals, 64 * 1024);
        if (aa_env_build(n, action, target, standby, r->moved, &vals, env,
                         AA_ENV_MAX) != 0)
            rc = aa_fail(r, "action_err_env",
                         "the alert does not fit in the environment");
        else
            rc = aa_command_run(hook, env, deadline_ms, r);
        buf_free(&vals);
    }
    if (rc == 0 && switch_error[0])
        return aa_fail(r, switch_key, "%s", switch_error);
    return rc;
}
