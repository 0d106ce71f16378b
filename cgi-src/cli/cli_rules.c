/* cli_rules.c — `clusterctl rules list|show|add|set|delete|test`: alert
 * rules from the command line, with the same checks as the page and the
 * API. Fields are given as key=value (metric=cpu threshold=90 for=5m);
 * --json prints the API's rule object.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "alert_action.h"
#include "alert_json.h"
#include "cli_int.h"
#include "store_alerts.h"
#include "valid.h"

#define MAX_PAIRS 32

/* Short names people type for some fields. */
static const char *
field_name(const char *key)
{
    static const char *const alias[][2] = {{"for", "for_s"},
                                           {"hold", "hold_s"},
                                           {"predict", "predict_s"},
                                           {"clear", "clear_at"},
                                           {"value", "scope_value"}};
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strcmp(key, alias[i][0]) == 0)
            return alias[i][1];
    return key;
}

/* Applies key=value arguments to r; a word without "=" is a usage error. */
static int
apply_pairs(struct cli *c, struct rule *r, const char **pos, size_t n,
            struct err *e, int *usage)
{
    char key[40];
    *usage = 0;
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(pos[i], '=');
        if (eq == NULL || eq == pos[i] || (size_t)(eq - pos[i]) >= sizeof key) {
            *usage = cli_usage(c, "rule_cli_err_pair", pos[i], NULL);
            return -1;
        }
        snprintf(key, sizeof key, "%.*s", (int)(eq - pos[i]), pos[i]);
        if (rule_field_set(r, field_name(key), eq + 1, e) < 0)
            return -1;
    }
    return 0;
}

static void
print_rule(const struct rule *r)
{
    char text[RULE_TARGET_MAX + 1];
    for (size_t i = 0; i < RULE_FIELD_COUNT; i++) {
        rule_field_text(r, RULE_FIELDS[i], text, sizeof text);
        printf("%-12s %s\n", RULE_FIELDS[i], text);
    }
    printf("%-12s %d\n", "from_config", r->from_config);
}

/* ---- list, show ---- */

struct out {
    struct cli *c;
    json_t *list;
};

static int
one_rule(void *ctx, const struct rule *rule)
{
    struct out *o = ctx;
    struct rule shown = *rule;
    const struct rule *r = &shown;
    char clear[32] = "-";
    rule_effective(&shown, &o->c->config);
    if (o->c->json)
        return json_array_append_new(o->list, alert_json_rule(r)) < 0;
    if (r->has_clear)
        snprintf(clear, sizeof clear, "%g", r->clear_at);
    printf("%-20s %-12s %-2s %10g %8s %6lld %-8s %-10s %-8s %s\n", r->name,
           r->metric, r->op, r->threshold, clear, r->for_s, r->severity,
           r->action, r->scope, r->enabled ? "" : "(off)");
    return 0;
}

static int
list(struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    size_t npos;
    struct err e;
    struct out o = {c, json_array()};
    int rc = cli_args(c, argc, argv, NULL, pos, 0, &npos);
    if (rc != 0 || c->help) {
        json_decref(o.list);
        return rc != 0 ? rc : cli_help(c, "rules_list");
    }
    if (!c->json)
        printf("%-20s %-12s %-2s %10s %8s %6s %-8s %-10s %-8s\n", "name",
               "metric", "op", "threshold", "clear_at", "for_s", "severity",
               "action", "scope");
    if (o.list == NULL || cli_db_open(c, 0, &e) < 0 ||
        store_rule_list(c->st, one_rule, &o, &e) != 0 ||
        cli_db_commit(c, &e) < 0) {
        json_decref(o.list);
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    if (c->json)
        return cli_json(c, json_pack("{s:o}", "rules", o.list));
    json_decref(o.list);
    return CLI_OK;
}

static int
show(struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    size_t npos;
    struct err e;
    struct rule r;
    int rc = cli_args(c, argc, argv, NULL, pos, 1, &npos);
    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "rules_show");
    if (npos != 1)
        return cli_usage(c, "cli_err_need_name", NULL, NULL);
    if (valid_ident("name", pos[0], &e) < 0 || cli_db_open(c, 0, &e) < 0 ||
        store_rule_get(c->st, pos[0], &r, &e) < 0 || cli_db_commit(c, &e) < 0) {
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    rule_effective(&r, &c->config);
    if (c->json)
        return cli_json(c, alert_json_rule(&r));
    print_rule(&r);
    return CLI_OK;
}

/* ---- add, set ---- */

static int
write_rule(struct cli *c, int argc, char **argv, int create)
{
    const char *pos[MAX_PAIRS + 1];
    size_t npos;
    struct err e;
    struct rule r;
    int usage = 0;
    int rc = cli_args(c, argc, argv, NULL, pos, MAX_PAIRS + 1, &npos);
    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, create ? "rules_add" : "rules_set");
    if (npos < 1)
        return cli_usage(c, "cli_err_need_name", NULL, NULL);
    if (!create && npos < 2)
        return cli_usage(c, "rule_cli_err_nothing", NULL, NULL);
    if (valid_ident("name", pos[0], &e) < 0)
        return cli_fail(c, &e);
    if (cli_db_open(c, 1, &e) < 0)
        return cli_fail(c, &e);
    rc = 0;
    if (create) {
        rule_defaults(&r);
        snprintf(r.name, sizeof r.name, "%s", pos[0]);
    } else if (store_rule_get(c->st, pos[0], &r, &e) < 0) {
        rc = -1;
    } else {
        rule_effective(&r, &c->config); /* edits start from what is used */
    }
    char old[VALID_ID_MAX + 1];
    snprintf(old, sizeof old, "%s", r.name);
    if (rc == 0 && apply_pairs(c, &r, pos + 1, npos - 1, &e, &usage) < 0)
        rc = -1;
    if (rc == 0 && (create ? store_rule_create(c->st, &r, &e)
                           : store_rule_update(c->st, old, &r, &e)) < 0)
        rc = -1;
    if (rc == 0 && cli_db_commit(c, &e) < 0)
        rc = -1;
    if (rc < 0) {
        cli_db_close(c);
        return usage ? usage : cli_fail(c, &e);
    }
    struct kv params[MAX_PAIRS];
    size_t np = 0;
    for (size_t i = 1; i < npos && np < MAX_PAIRS; i++)
        params[np++] = (struct kv){"field", (char *)pos[i]};
    cli_log(c, create ? "create" : "modify", "rule", r.name, params, np);
    if (c->json)
        return cli_json(c, alert_json_rule(&r));
    cli_say(c, create ? "rule_cli_created" : "rule_cli_changed", r.name, NULL);
    return CLI_OK;
}

static int
add(struct cli *c, int argc, char **argv)
{
    return write_rule(c, argc, argv, 1);
}

static int
set(struct cli *c, int argc, char **argv)
{
    return write_rule(c, argc, argv, 0);
}

/* ---- delete, test ---- */

static int delete (struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    size_t npos;
    struct err e;
    struct rule r;
    int rc = cli_args(c, argc, argv, NULL, pos, 1, &npos);
    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "rules_delete");
    if (npos != 1)
        return cli_usage(c, "cli_err_need_name", NULL, NULL);
    if (valid_ident("name", pos[0], &e) < 0 || cli_db_open(c, 1, &e) < 0 ||
        store_rule_get(c->st, pos[0], &r, &e) < 0 ||
        store_rule_delete(c->st, r.name, &e) < 0 || cli_db_commit(c, &e) < 0) {
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    cli_log(c, "delete", "rule", r.name, NULL, 0);
    if (c->json)
        return cli_json(c, json_pack("{s:s}", "deleted", r.name));
    cli_say(c, "rule_cli_deleted", r.name, NULL);
    return CLI_OK;
}

static int
test(struct cli *c, int argc, char **argv)
{
    const char *pos[1], *server = NULL;
    const struct cli_opt opts[] = {{"server", 's', 1, &server, NULL},
                                   {NULL, 0, 0, NULL, NULL}};
    size_t npos;
    struct err e, ignored;
    struct rule r;
    struct alert_action_conf conf;
    struct alert_test_result res;
    int rc = cli_args(c, argc, argv, opts, pos, 1, &npos);
    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "rules_test");
    if (npos != 1)
        return cli_usage(c, "cli_err_need_name", NULL, NULL);
    /* A bad Module Config key takes its default; the outcome says why. */
    alert_action_conf_load(&conf, &c->config, &ignored);
    if (valid_ident("name", pos[0], &e) < 0 || cli_db_open(c, 1, &e) < 0 ||
        store_rule_get(c->st, pos[0], &r, &e) < 0 ||
        (rule_effective(&r, &c->config), 0) ||
        store_alert_test(c->st, &conf, &r, server, c->user, &res, &e) < 0 ||
        cli_db_commit(c, &e) < 0) {
        cli_db_close(c);
        return cli_fail(c, &e);
    }
    cli_log(c, "test", "rule", r.name, NULL, 0);
    if (c->json)
        return cli_json(c, json_pack("{s:s, s:s, s:s, s:b, s:b, s:s}", "rule",
                                     r.name, "server", res.server, "action",
                                     r.action, "ran", res.ran, "ok", res.ok,
                                     "detail", res.detail));
    cli_say(c, res.ok ? "rule_cli_test_ok" : "rule_cli_test_failed", r.name,
            res.server);
    printf("%s\n", res.detail);
    return res.ok ? CLI_OK : CLI_FAIL;
}

int
cli_cmd_rules(struct cli *c, int argc, char **argv)
{
    static const struct cli_sub SUB[] = {{"list", list},     {"show", show},
                                         {"add", add},       {"set", set},
                                         {"delete", delete}, {"test", test}};
    return cli_subcommand(c, argc, argv, "rules", SUB,
                          sizeof SUB / sizeof SUB[0]);
}
