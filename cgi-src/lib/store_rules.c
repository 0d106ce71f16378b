/* store_rules.c — alert rules in the database: whole-rule validation
 * against the store, and list/get/create/update/delete.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store_int.h"
#include "store_rules.h"
#include "types.h"

#define RULE_COLS                                                            \
    "rid, name, metric, op, threshold, clear_at, for_s, hold_s, "            \
    "predict_s, scope, scope_value, severity, action, target, from_config, " \
    "enabled, created, updated"

static void
rule_row(sqlite3_stmt *s, struct rule *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, r->name, sizeof r->name);
    store_col_text(s, 2, r->metric, sizeof r->metric);
    store_col_text(s, 3, r->op, sizeof r->op);
    r->threshold = sqlite3_column_double(s, 4);
    r->has_clear = sqlite3_column_type(s, 5) != SQLITE_NULL;
    r->clear_at = r->has_clear ? sqlite3_column_double(s, 5) : 0;
    r->for_s = sqlite3_column_int64(s, 6);
    r->hold_s = sqlite3_column_int64(s, 7);
    r->predict_s = sqlite3_column_int64(s, 8);
    store_col_text(s, 9, r->scope, sizeof r->scope);
    store_col_text(s, 10, r->scope_value, sizeof r->scope_value);
    store_col_text(s, 11, r->severity, sizeof r->severity);
    store_col_text(s, 12, r->action, sizeof r->action);
    store_col_text(s, 13, r->target, sizeof r->target);
    r->from_config = sqlite3_column_int(s, 14);
    r->enabled = sqlite3_column_int(s, 15);
    r->created = sqlite3_column_int64(s, 16);
    r->updated = sqlite3_column_int64(s, 17);
}

/* The scope value names something that exists; canonical spelling. */
static int
check_scope(struct store *st, struct rule *r, struct err *e)
{
    const char *v = r->scope_value;
    if (strcmp(r->scope, "all") == 0) {
        if (v[0] != '\0')
            return err_set(e, ERR_INVALID, "scope_value", "rule_err_scope_all",
                           NULL, NULL);
        return 0;
    }
    if (v[0] == '\0')
        return err_set(e, ERR_INVALID, "scope_value", "err_required", NULL,
                       NULL);
    if (strcmp(r->scope, "type") == 0) {
        char lower[sizeof r->scope_value];
        size_t i = 0;
        for (; v[i] != '\0' && i + 1 < sizeof lower; i++)
            lower[i] = (v[i] >= 'A' && v[i] <= 'Z') ? (char)(v[i] + 32) : v[i];
        lower[i] = '\0';
        const struct server_type *t = types_find(lower);
        if (t == NULL)
            return err_set(e, ERR_INVALID, "scope_value",
                           "rule_err_scope_value", v, NULL);
        snprintf(r->scope_value, sizeof r->scope_value, "%s", t->name);
        return 0;
    }
    if (strcmp(r->scope, "region") == 0) {
        long long n = 0;
        if (valid_region("scope_value", v, e) < 0)
            return -1;
        if (store_stat_get(st, "region", v, &n, e) < 0)
            return -1;
        if (n <= 0)
            return err_set(e, ERR_INVALID, "scope_value",
                           "rule_err_scope_value", v, NULL);
        return 0;
    }
    if (valid_ident("scope_value", v, e) < 0)
        return -1;
    if (strcmp(r->scope, "cluster") == 0) {
        struct cluster c;
        if (store_cluster_get(st, v, &c, e) < 0) {
            if (e->code != ERR_NOT_FOUND)
                return -1;
            return err_set(e, ERR_INVALID, "scope_value",
                           "rule_err_scope_value", v, NULL);
        }
        snprintf(r->scope_value, sizeof r->scope_value, "%s", c.name);
        return 0;
    }
    char canon[VALID_ID_MAX + 1];
    int found = store_server_canon(st, v, canon, e);
    if (found < 0)
        return -1;
    if (found == 0)
        return err_set(e, ERR_INVALID, "scope_value", "rule_err_scope_value", v,
                       NULL);
    snprintf(r->scope_value, sizeof r->scope_value, "%s", canon);
    return 0;
}

/* A limited user writes only rules that reach no server outside their
 * clusters: scoped to one of their clusters or servers. */
static int
check_reach(struct store *st, const struct rule *r, struct err *e)
{
    if (!store_scoped(st))
        return 0;
    if (strcmp(r->scope, "cluster") == 0 || strcmp(r->scope, "server") == 0)
        return 0; /* check_scope found it through the scope's views */
    return err_set(e, ERR_FORBIDDEN, "scope", "rule_err_scoped", NULL, NULL);
}

int
store_rule_check(struct store *st, struct rule *r, struct err *e)
{
    struct rule copy = *r;
    /* Every vocabulary again: r may not have come through rule_field_set. */
    static const char *const texts[] = {
        "name",      "metric", "op",       "for_s",  "hold_s",
        "predict_s", "scope",  "severity", "action", "target"};
    char text[RULE_TARGET_MAX + 1];
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        rule_field_text(r, texts[i], text, sizeof text);
        if (rule_field_set(&copy, texts[i], text, e) < 0)
            return -1;
    }
    int above = r->op[0] == '>';
    if (r->has_clear &&
        (above ? r->clear_at > r->threshold : r->clear_at < r->threshold)) {
        char t[32];
        snprintf(t, sizeof t, "%.15g", r->threshold);
        return err_set(e, ERR_INVALID, "clear_at",
                       above ? "rule_err_clear_above" : "rule_err_clear_below",
                       t, NULL);
    }
    if (r->enabled != 0 && r->enabled != 1)
        return err_set(e, ERR_INVALID, "enabled", "rule_err_bool", NULL, NULL);
    if (check_scope(st, r, e) < 0)
        return -1;
    return check_reach(st, r, e);
}

static const char SQL_RULE_LIST[] =
    "SELECT " RULE_COLS " FROM rules ORDER BY name";
static const char SQL_RULE_GET[] =
    "SELECT " RULE_COLS " FROM rules WHERE name = ?1";

int
store_rule_list(struct store *st, rule_cb cb, void *ctx, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_RULE_LIST, e);
    struct rule r;
    int rc, ret = 0;
    if (s == NULL)
        return -1;
    /* Bounded by the table: each step moves to the next row. */
    while ((rc = store_step_row(st, s, e, "rule list")) == 1) {
        rule_row(s, &r);
        if ((ret = cb(ctx, &r)) != 0)
            break;
    }
    store_done(s);
    return rc < 0 ? -1 : ret;
}

int
store_rule_get(struct store *st, const char *name, struct rule *out,
               struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_RULE_GET, e);
    int found;
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, name);
    found = store_step_row(st, s, e, "rule get");
    if (found == 1)
        rule_row(s, out);
    else if (found == 0)
        err_set(e, ERR_NOT_FOUND, "name", "rule_err_not_found", name, NULL);
    store_done(s);
    return found == 1 ? 0 : -1;
}

static void
bind_rule(sqlite3_stmt *s, const struct rule *r)
{
    store_bind_text(s, 1, r->name);
    store_bind_text(s, 2, r->metric);
    store_bind_text(s, 3, r->op);
    sqlite3_bind_double(s, 4, r->threshold);
    if (r->has_clear)
        sqlite3_bind_double(s, 5, r->clear_at);
    else
        sqlite3_bind_null(s, 5);
    sqlite3_bind_int64(s, 6, r->for_s);
    sqlite3_bind_int64(s, 7, r->hold_s);
    sqlite3_bind_int64(s, 8, r->predict_s);
    store_bind_text(s, 9, r->scope);
    store_bind_text(s, 10, r->scope_value);
    store_bind_text(s, 11, r->severity);
    store_bind_text(s, 12, r->action);
    store_bind_text(s, 13, r->target);
    sqlite3_bind_int(s, 14, r->enabled);
}

/* Steps a write of rule r; a UNIQUE break is "rule_err_exists". */
static int
write_rule(struct store *st, sqlite3_stmt *s, const struct rule *r,
           struct err *e, const char *what)
{
    return store_run_or_conflict(st, s, "name", "rule_err_exists", r->name, e,
                                 what);
}

static const char SQL_RULE_ADD[] =
    "INSERT INTO main.rules(name, metric, op, threshold, clear_at, for_s,"
    " hold_s, predict_s, scope, scope_value, severity, action, target,"
    " enabled, from_config, created, updated)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
    " 0, ?15, ?15)";

int
store_rule_create(struct store *st, struct rule *r, struct err *e)
{
    if (store_rule_check(st, r, e) < 0)
        return -1;
    sqlite3_stmt *s = store_prep(st, SQL_RULE_ADD, e);
    if (s == NULL)
        return -1;
    long long now = (long long)time(NULL);
    bind_rule(s, r);
    sqlite3_bind_int64(s, 15, now);
    if (write_rule(st, s, r, e, "rule add") < 0)
        return -1;
    r->id = sqlite3_last_insert_rowid(st->db);
    r->created = r->updated = now;
    r->from_config = 0;
    return 0;
}

static const char SQL_RULE_SET[] =
    "UPDATE main.rules SET name = ?1, metric = ?2, op = ?3, threshold = ?4,"
    " clear_at = ?5, for_s = ?6, hold_s = ?7, predict_s = ?8, scope = ?9,"
    " scope_value = ?10, severity = ?11, action = ?12, target = ?13,"
    " enabled = ?14, from_config = 0, updated = ?15 WHERE rid = ?16";

int
store_rule_update(struct store *st, const char *name, struct rule *r,
                  struct err *e)
{
    struct rule old;
    if (store_rule_get(st, name, &old, e) < 0 || check_reach(st, &old, e) < 0)
        return -1;
    if (store_rule_check(st, r, e) < 0)
        return -1;
    sqlite3_stmt *s = store_prep(st, SQL_RULE_SET, e);
    if (s == NULL)
        return -1;
    long long now = (long long)time(NULL);
    bind_rule(s, r);
    sqlite3_bind_int64(s, 15, now);
    sqlite3_bind_int64(s, 16, old.id);
    if (write_rule(st, s, r, e, "rule update") < 0)
        return -1;
    r->id = old.id;
    r->created = old.created;
    r->updated = now;
    r->from_config = 0;
    return 0;
}

static const char SQL_RULE_DEL[] = "DELETE FROM main.rules WHERE rid = ?1";

int
store_rule_delete(struct store *st, const char *name, struct err *e)
{
    struct rule old;
    if (store_rule_get(st, name, &old, e) < 0 || check_reach(st, &old, e) < 0)
        return -1;
    sqlite3_stmt *s = store_prep(st, SQL_RULE_DEL, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, old.id);
    return store_run(st, s, e, "rule delete");
}
