/* api_rules.c — /rules (GET all, POST one), /rules/{name} (GET, PUT,
 * PATCH, DELETE) and /rules/{name}/test (POST: test-fire). Writes need the
 * alerts ACL (the route table checks it).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "alert_action.h"
#include "alert_json.h"
#include "api_alerts.h"
#include "api_json.h"
#include "log.h"
#include "valid.h"

struct list_ctx {
    const struct app *a;
    json_t *list;
};

static int
add_rule(void *ctx, const struct rule *r)
{
    struct list_ctx *c = ctx;
    struct rule shown = *r;
    rule_effective(&shown, &c->a->config);
    return json_array_append_new(c->list, alert_json_rule(&shown)) < 0;
}

int
api_rules_list(struct app *a, const char *param, struct err *e)
{
    (void)param;
    json_t *list = json_array();
    struct list_ctx c = {a, list};
    int rc = list ? store_rule_list(a->st, add_rule, &c, e) : 1;
    if (rc != 0) {
        json_decref(list);
        return rc < 0 ? -1
                      : err_set(e, ERR_INTERNAL, "", "err_internal", "rules",
                                NULL);
    }
    return api_reply(a, json_pack("{s:o}", "rules", list), e);
}

/* The body as a JSON object (keys are checked by alert_json_rule_apply). */
static json_t *
body_object(const struct app *a, int required, struct err *e)
{
    json_error_t jerr;
    if (a->body == NULL || a->body_len == 0) {
        if (required)
            err_set(e, ERR_INVALID, "", "api_err_body_required", NULL, NULL);
        return required ? NULL : json_object();
    }
    json_t *doc =
        json_loadb(a->body, a->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        char line[24];
        snprintf(line, sizeof line, "%d", jerr.line > 0 ? jerr.line : 1);
        err_set(e, ERR_INVALID, "", "err_bad_json", line, NULL);
        return NULL;
    }
    if (!json_is_object(doc)) {
        json_decref(doc);
        err_set(e, ERR_INVALID, "", "api_err_not_object", NULL, NULL);
        return NULL;
    }
    return doc;
}

static int
need(json_t *body, const char *key, struct err *e)
{
    if (json_object_get(body, key) == NULL)
        return err_set(e, ERR_INVALID, key, "err_required", NULL, NULL);
    return 0;
}

static int
reply_rule(struct app *a, const struct rule *r, struct err *e)
{
    return api_reply(a, alert_json_rule(r), e);
}

int
api_rules_create(struct app *a, const char *param, struct err *e)
{
    (void)param;
    struct rule r;
    json_t *body = body_object(a, 1, e);
    if (body == NULL)
        return -1;
    rule_defaults(&r);
    int rc = need(body, "name", e) < 0 || need(body, "metric", e) < 0 ||
                     need(body, "threshold", e) < 0 ||
                     alert_json_rule_apply(&r, body, e) < 0 ||
                     store_rule_create(a->st, &r, e) < 0
                 ? -1
                 : 0;
    json_decref(body);
    if (rc < 0)
        return -1;
    api_created(a, "rule", "rules", r.name);
    return reply_rule(a, &r, e);
}

static int
check_name(const char *name, struct err *e)
{
    return valid_ident("name", name ? name : "", e);
}

int
api_rule_get(struct app *a, const char *name, struct err *e)
{
    struct rule r;
    if (check_name(name, e) < 0 || store_rule_get(a->st, name, &r, e) < 0)
        return -1;
    rule_effective(&r, &a->config);
    return reply_rule(a, &r, e);
}

/* PUT (replace: every field not given takes its default) or PATCH (change
 * the given fields). The name in the path is the rule; "name" renames. */
static int
change(struct app *a, const char *name, int replace, struct err *e)
{
    struct rule old, r;
    if (check_name(name, e) < 0 || store_rule_get(a->st, name, &old, e) < 0)
        return -1;
    json_t *body = body_object(a, 1, e);
    if (body == NULL)
        return -1;
    if (replace) {
        rule_defaults(&r);
        snprintf(r.name, sizeof r.name, "%s", old.name);
    } else {
        r = old; /* a shipped rule: from the numbers in force */
        rule_effective(&r, &a->config);
    }
    int rc = (replace && (need(body, "metric", e) < 0 ||
                          need(body, "threshold", e) < 0)) ||
                     alert_json_rule_apply(&r, body, e) < 0 ||
                     store_rule_update(a->st, old.name, &r, e) < 0
                 ? -1
                 : 0;
    json_decref(body);
    if (rc < 0)
        return -1;
    app_log_action(a, "modify", "rule", r.name);
    return reply_rule(a, &r, e);
}

int
api_rule_put(struct app *a, const char *name, struct err *e)
{
    return change(a, name, 1, e);
}

int
api_rule_patch(struct app *a, const char *name, struct err *e)
{
    return change(a, name, 0, e);
}

int
api_rule_delete(struct app *a, const char *name, struct err *e)
{
    struct rule r;
    if (check_name(name, e) < 0 || store_rule_get(a->st, name, &r, e) < 0 ||
        store_rule_delete(a->st, r.name, e) < 0)
        return -1;
    app_log_action(a, "delete", "rule", r.name);
    a->status = 204;
    return 0;
}

int
api_rule_test(struct app *a, const char *name, struct err *e)
{
    struct rule r;
    struct alert_action_conf conf;
    struct alert_test_result res;
    struct err ignored;
    const char *server = NULL;
    if (check_name(name, e) < 0 || store_rule_get(a->st, name, &r, e) < 0)
        return -1;
    rule_effective(&r, &a->config);
    json_t *body = body_object(a, 0, e);
    if (body == NULL)
        return -1;
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "server") != 0) {
            /* key lives in body: copy it into e before letting go. */
            const char *shown = strlen(key) < sizeof e->field ? key : "?";
            err_set(e, ERR_INVALID, shown, "api_err_unknown_key", shown, NULL);
            json_decref(body);
            return -1;
        }
        if (!json_is_string(v)) {
            json_decref(body);
            return err_set(e, ERR_INVALID, "server", "api_err_want_string",
                           "server", NULL);
        }
        server = json_string_value(v);
    }
    /* A bad Module Config key takes its default; the action says why. */
    if (alert_action_conf_load(&conf, &a->config, &ignored) < 0)
        log_msg("test-fire: Module Config: %s %s", ignored.field, ignored.key);
    int rc = store_alert_test(a->st, &conf, &r, server,
                              a->user ? a->user : "api", &res, e);
    json_t *doc =
        rc < 0 ? NULL
               : json_pack("{s:s, s:s, s:s, s:b, s:b, s:s}", "rule", r.name,
                           "server", res.server, "action", r.action, "ran",
                           res.ran, "ok", res.ok, "detail", res.detail);
    json_decref(body);
    if (rc < 0)
        return -1;
    app_log_action(a, "test", "rule", r.name);
    return api_reply(a, doc, e);
}
