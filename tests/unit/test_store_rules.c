/* test_store_rules.c — alert rules in the store: the shipped rules, text
 * fields (durations, numbers, vocabularies), whole-rule validation (clear
 * level side, scope values), create/update/delete, and a user limited to
 * clusters.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "store.h"
#include "store_rules.h"
#include "storefx.h"

static void
add(struct store *st, const char *id, const char *type, const char *region)
{
    struct server s = storefx_server(id, type);
    snprintf(s.region, sizeof s.region, "%s", region);
    storefx_put(st, &s);
}

static int
setup(void **state)
{
    struct fx *f;
    struct err e;
    const char *alpha[] = {"web-1"}, *beta[] = {"db-1"};
    storefx_open(state, "test_rules");
    f = *state;
    add(f->st, "web-1", "web", "eu-west");
    add(f->st, "db-1", "database", "us-east");
    assert_int_equal(store_cluster_create(f->st, "alpha", "", alpha, 1, &e), 0);
    assert_int_equal(store_cluster_create(f->st, "beta", "", beta, 1, &e), 0);
    assert_int_equal(store_commit(f->st, &e), 0);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
    return 0;
}

/* A valid rule named name: memory > 90 clearing at 80. */
static void
valid_rule(struct rule *r, const char *name)
{
    struct err e;
    rule_defaults(r);
    assert_int_equal(rule_field_set(r, "name", name, &e), 0);
    assert_int_equal(rule_field_set(r, "metric", "memory", &e), 0);
    assert_int_equal(rule_field_set(r, "threshold", "90", &e), 0);
    assert_int_equal(rule_field_set(r, "clear_at", "80", &e), 0);
    assert_int_equal(rule_field_set(r, "for_s", "5m", &e), 0);
}

static int
count_rule(void *ctx, const struct rule *r)
{
    (void)r;
    ++*(int *)ctx;
    return 0;
}

static void
test_shipped_rules_follow_config(void **state)
{
    struct fx *f = *state;
    struct rule r;
    struct err e;
    int n = 0;
    assert_int_equal(store_rule_list(f->st, count_rule, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_int_equal(store_rule_get(f->st, "CPU_HIGH", &r, &e), 0);
    assert_string_equal(r.name, "cpu_high");
    assert_int_equal(r.from_config, 1);
    assert_int_equal(r.for_s, 300);
    assert_true(r.has_clear);
    assert_int_equal(store_rule_get(f->st, "server_down", &r, &e), 0);
    assert_false(r.has_clear);
    assert_string_equal(r.op, "<");
}

static void
test_durations_parse_units_and_limits(void **state)
{
    struct rule r;
    struct err e;
    (void)state;
    rule_defaults(&r);
    assert_int_equal(rule_field_set(&r, "for_s", "90", &e), 0);
    assert_int_equal(r.for_s, 90);
    assert_int_equal(rule_field_set(&r, "for_s", "5m", &e), 0);
    assert_int_equal(r.for_s, 300);
    assert_int_equal(rule_field_set(&r, "hold_s", "1d", &e), 0);
    assert_int_equal(r.hold_s, 86400);
    assert_int_equal(rule_field_set(&r, "predict_s", "7d", &e), 0);
    assert_int_equal(r.predict_s, 604800);
    assert_int_equal(rule_field_set(&r, "for_s", "2d", &e), -1);
    assert_string_equal(e.key, "rule_err_duration");
    assert_string_equal(e.field, "for_s");
    assert_int_equal(rule_field_set(&r, "for_s", "-1", &e), -1);
    assert_int_equal(rule_field_set(&r, "for_s", "5x", &e), -1);
    assert_int_equal(rule_field_set(&r, "for_s", "", &e), -1);
    assert_int_equal(r.for_s, 300); /* a refused value changes nothing */
}

static void
test_numbers_refuse_nan_inf_hex(void **state)
{
    struct rule r;
    struct err e;
    (void)state;
    rule_defaults(&r);
    assert_int_equal(rule_field_set(&r, "threshold", "85.5", &e), 0);
    assert_true(r.threshold == 85.5);
    assert_int_equal(rule_field_set(&r, "threshold", "nan", &e), -1);
    assert_string_equal(e.key, "rule_err_number");
    assert_int_equal(rule_field_set(&r, "threshold", "inf", &e), -1);
    assert_int_equal(rule_field_set(&r, "threshold", "0x10", &e), -1);
    assert_int_equal(rule_field_set(&r, "threshold", "1e400", &e), -1);
    assert_int_equal(rule_field_set(&r, "threshold", "12abc", &e), -1);
    assert_int_equal(rule_field_set(&r, "clear_at", "", &e), 0);
    assert_false(r.has_clear);
}

static void
test_vocabularies_are_checked(void **state)
{
    struct rule r;
    struct err e;
    (void)state;
    rule_defaults(&r);
    assert_int_equal(rule_field_set(&r, "metric", "latency", &e), 0);
    assert_int_equal(rule_field_set(&r, "metric", "temperature", &e), -1);
    assert_string_equal(e.key, "rule_err_choice");
    assert_int_equal(rule_field_set(&r, "op", "==", &e), -1);
    assert_int_equal(rule_field_set(&r, "action", "reboot", &e), -1);
    assert_int_equal(rule_field_set(&r, "severity", "fatal", &e), -1);
    assert_int_equal(rule_field_set(&r, "enabled", "maybe", &e), -1);
    assert_int_equal(rule_field_set(&r, "enabled", "false", &e), 0);
    assert_int_equal(r.enabled, 0);
    assert_int_equal(rule_field_set(&r, "name", "bad name", &e), -1);
    assert_int_equal(rule_field_set(&r, "target", "a\x01", &e), -1);
    assert_int_equal(rule_field_set(&r, "colour", "x", &e), -1);
    assert_string_equal(e.key, "rule_err_unknown_field");
    assert_string_equal(r.metric, "latency");
}

static void
test_clear_level_must_be_on_clearing_side(void **state)
{
    struct fx *f = *state;
    struct rule r;
    struct err e;
    valid_rule(&r, "mem");
    r.clear_at = 95; /* above a ">" threshold: would never clear */
    assert_int_equal(store_rule_create(f->st, &r, &e), -1);
    assert_string_equal(e.field, "clear_at");
    assert_string_equal(e.key, "rule_err_clear_above");
    r.clear_at = 90; /* equal is allowed */
    assert_int_equal(store_rule_create(f->st, &r, &e), 0);
    valid_rule(&r, "lat");
    r.op[0] = '<';
    r.op[1] = '\0';
    r.clear_at = 80; /* below a "<" threshold */
    assert_int_equal(store_rule_create(f->st, &r, &e), -1);
    assert_string_equal(e.key, "rule_err_clear_below");
}

static void
test_scope_values_must_exist(void **state)
{
    struct fx *f = *state;
    struct rule r;
    struct err e;
    valid_rule(&r, "scoped");
    snprintf(r.scope, sizeof r.scope, "all");
    snprintf(r.scope_value, sizeof r.scope_value, "web");
    assert_int_equal(store_rule_check(f->st, &r, &e), -1);
    assert_string_equal(e.key, "rule_err_scope_all");
    snprintf(r.scope, sizeof r.scope, "type");
    assert_int_equal(store_rule_check(f->st, &r, &e), 0);
    snprintf(r.scope_value, sizeof r.scope_value, "mainframe");
    assert_int_equal(store_rule_check(f->st, &r, &e), -1);
    assert_string_equal(e.field, "scope_value");
    snprintf(r.scope, sizeof r.scope, "region");
    snprintf(r.scope_value, sizeof r.scope_value, "eu-west");
    assert_int_equal(store_rule_check(f->st, &r, &e), 0);
    snprintf(r.scope_value, sizeof r.scope_value, "mars-1");
    assert_int_equal(store_rule_check(f->st, &r, &e), -1);
    snprintf(r.scope, sizeof r.scope, "cluster");
    snprintf(r.scope_value, sizeof r.scope_value, "ALPHA");
    assert_int_equal(store_rule_check(f->st, &r, &e), 0);
    assert_string_equal(r.scope_value, "alpha");
    snprintf(r.scope_value, sizeof r.scope_value, "gamma");
    assert_int_equal(store_rule_check(f->st, &r, &e), -1);
    assert_string_equal(e.key, "rule_err_scope_value");
    snprintf(r.scope, sizeof r.scope, "server");
    snprintf(r.scope_value, sizeof r.scope_value, "WEB-1");
    assert_int_equal(store_rule_check(f->st, &r, &e), 0);
    assert_string_equal(r.scope_value, "web-1");
    snprintf(r.scope_value, sizeof r.scope_value, "nope");
    assert_int_equal(store_rule_check(f->st, &r, &e), -1);
    r.scope_value[0] = '\0';
    assert_int_equal(store_rule_check(f->st, &r, &e), -1);
    assert_string_equal(e.key, "err_required");
}

static void
test_create_get_and_duplicate(void **state)
{
    struct fx *f = *state;
    struct rule r, got;
    struct err e;
    valid_rule(&r, "mem-hi");
    assert_int_equal(store_rule_create(f->st, &r, &e), 0);
    assert_true(r.id > 0);
    assert_int_equal(store_rule_get(f->st, "MEM-HI", &got, &e), 0);
    assert_string_equal(got.metric, "memory");
    assert_int_equal(got.for_s, 300);
    assert_true(got.clear_at == 80);
    assert_int_equal(got.from_config, 0);
    valid_rule(&r, "Mem-Hi");
    assert_int_equal(store_rule_create(f->st, &r, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_string_equal(e.key, "rule_err_exists");
}

static void
test_update_clears_from_config(void **state)
{
    struct fx *f = *state;
    struct rule r;
    struct err e;
    assert_int_equal(store_rule_get(f->st, "cpu_high", &r, &e), 0);
    assert_int_equal(rule_field_set(&r, "threshold", "95", &e), 0);
    assert_int_equal(store_rule_update(f->st, "cpu_high", &r, &e), 0);
    assert_int_equal(store_rule_get(f->st, "cpu_high", &r, &e), 0);
    assert_int_equal(r.from_config, 0);
    assert_true(r.threshold == 95);
    /* a refused change leaves the row as it was */
    r.clear_at = 99;
    assert_int_equal(store_rule_update(f->st, "cpu_high", &r, &e), -1);
    assert_int_equal(store_rule_get(f->st, "cpu_high", &r, &e), 0);
    assert_true(r.clear_at == 70);
    /* rename onto another rule is a conflict */
    snprintf(r.name, sizeof r.name, "memory_high");
    assert_int_equal(store_rule_update(f->st, "cpu_high", &r, &e), -1);
    assert_int_equal(e.code, ERR_CONFLICT);
    assert_int_equal(store_rule_update(f->st, "nope", &r, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void
test_delete(void **state)
{
    struct fx *f = *state;
    struct rule r;
    struct err e;
    assert_int_equal(store_rule_delete(f->st, "memory_high", &e), 0);
    assert_int_equal(store_rule_get(f->st, "memory_high", &r, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.key, "rule_err_not_found");
    assert_int_equal(store_rule_delete(f->st, "memory_high", &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void
test_scoped_user_writes_only_own_scope(void **state)
{
    struct fx *f = *state;
    struct store *st;
    struct rule r;
    struct err e;
    const char *only[] = {"alpha"};
    assert_int_equal(store_commit(f->st, &e), 0);
    st = storefx_scoped(f, only, 1, 1);
    valid_rule(&r, "mine");
    assert_int_equal(store_rule_create(st, &r, &e), -1); /* scope all */
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_string_equal(e.key, "rule_err_scoped");
    snprintf(r.scope, sizeof r.scope, "cluster");
    snprintf(r.scope_value, sizeof r.scope_value, "beta"); /* hidden */
    assert_int_equal(store_rule_create(st, &r, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    snprintf(r.scope_value, sizeof r.scope_value, "alpha");
    assert_int_equal(store_rule_create(st, &r, &e), 0);
    snprintf(r.scope, sizeof r.scope, "server");
    snprintf(r.scope_value, sizeof r.scope_value, "db-1"); /* hidden */
    assert_int_equal(store_rule_update(st, "mine", &r, &e), -1);
    assert_int_equal(store_rule_delete(st, "cpu_high", &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(store_rule_delete(st, "mine", &e), 0);
    store_close(st);
    assert_int_equal(store_begin(f->st, 1, &e), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, storefx_teardown)
        T(test_shipped_rules_follow_config),
        T(test_durations_parse_units_and_limits),
        T(test_numbers_refuse_nan_inf_hex),
        T(test_vocabularies_are_checked),
        T(test_clear_level_must_be_on_clearing_side),
        T(test_scope_values_must_exist),
        T(test_create_get_and_duplicate),
        T(test_update_clears_from_config),
        T(test_delete),
        T(test_scoped_user_writes_only_own_scope),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
