/* store_alert_test.c — test-firing a rule: the notice an alert of the rule
 * on one server would send, run through the rule's action now, with the
 * outcome in the alert log. The action may wait on the network for up to
 * action_timeout, so the caller's transaction ends before it runs and a
 * new write transaction holds the log row: no lock is held across the
 * wait (the daemon's batches keep flowing).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alert_action.h"
#include "store_alerts.h"
#include "store_int.h"

static const char SQL_SCOPE_FIRST[] =
    "SELECT s.id FROM servers s WHERE ?1 = 'all'"
    " OR (?1 = 'type' AND s.type = ?2) OR (?1 = 'region' AND s.region = ?2)"
    " OR (?1 = 'server' AND s.id = ?2)"
    " OR (?1 = 'cluster' AND s.id IN"
    "  (SELECT server FROM cluster_members WHERE cluster = ?2))"
    " ORDER BY s.id LIMIT 1";

/* The first server r reaches into out: 1, 0 none, -1 error. */
static int
first_server(struct store *st, const struct rule *r, char *out, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_SCOPE_FIRST, e);
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, r->scope);
    store_bind_text(s, 2, r->scope_value);
    int rc = sqlite3_step(s), found = 0;
    if (rc == SQLITE_ROW) {
        store_col_text(s, 0, out, VALID_ID_MAX + 1);
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = store_fail(st, e, "rule scope");
    }
    store_done(s);
    return found;
}

static int
first_name(void *ctx, const char *name)
{
    snprintf(ctx, VALID_ID_MAX + 1, "%s", name);
    return 1;
}

static enum alert_action
action_kind(const char *name)
{
    for (int i = 0; i < AA__COUNT; i++)
        if (strcmp(ALERT_ACTION_NAMES[i], name) == 0)
            return (enum alert_action)i;
    return AA_RECORD;
}

int
store_alert_test(struct store *st, const struct alert_action_conf *conf,
                 const struct rule *r, const char *server, const char *who,
                 struct alert_test_result *out, struct err *e)
{
    char id[VALID_ID_MAX + 1], cluster[VALID_ID_MAX + 1] = "";
    char reason[200];
    struct server sv;
    memset(out, 0, sizeof *out);
    if (server != NULL && server[0] != '\0') {
        if (valid_ident("server", server, e) < 0)
            return -1;
        snprintf(id, sizeof id, "%s", server);
    } else {
        int found = first_server(st, r, id, e);
        if (found < 0)
            return -1;
        if (found == 0)
            return err_set(e, ERR_INVALID, "server", "rule_err_no_server",
                           r->name, NULL);
    }
    if (store_server_get(st, id, &sv, e) < 0) {
        snprintf(e->field, sizeof e->field, "server");
        return -1;
    }
    int rc = store_server_clusters(st, sv.id, first_name, cluster, e);
    if (rc < 0)
        return -1;
    long long now = (long long)time(NULL);
    snprintf(reason, sizeof reason, "test of rule %s: %s %s %.15g", r->name,
             r->metric, r->op, r->threshold);
    struct alert_notice n = {
        .event = "test",
        .alert_id = 0,
        .rule = r->name,
        .metric = r->metric,
        .op = r->op,
        .threshold = r->threshold,
        .value = r->threshold,
        .severity = r->severity,
        .server = sv.id,
        .server_name = sv.name,
        .server_ip = sv.ip,
        .server_type = sv.type,
        .region = sv.region,
        .cluster = cluster,
        .cause = "",
        .dependants = NULL,
        .ndependants = 0,
        .started = now,
        .at = now,
        .predicted = 0,
        .reason = reason,
    };
    enum alert_action kind = action_kind(r->action);
    struct alert_action_result res;
    int in_tx = !sqlite3_get_autocommit(st->db);
    if (in_tx && store_commit(st, e) < 0)
        return -1;
    alert_action_run(conf, kind, r->target, &n, NULL, &res);
    if (in_tx && store_begin(st, 1, e) < 0)
        return -1;
    out->ran = kind != AA_RECORD;
    snprintf(out->server, sizeof out->server, "%s", sv.id);
    out->ok = res.ok;
    alert_action_summary(kind, &res, out->detail, sizeof out->detail);
    return store_alert_log_add(st, now, 0, r->name, sv.id, "test", 1,
                               r->threshold, who, out->detail, e);
}
