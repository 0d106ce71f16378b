/* store_alerts.c — reading alerts (active, counts, per server, history)
 * and what people do to them: acknowledge and silence. Reads go through
 * the unqualified tables, which store_scope.c shadows for a user limited
 * to clusters; writes name main.* after reading the row through the view.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store_alerts.h"
#include "store_int.h"

/* Most rows one listing returns: bounded even when the daemon has filled
 * the table (10,000 servers x 20 rules is more than anyone reads). */
#define ALERT_LIST_MAX 10000

#define ALERT_COLS                                                          \
    "a.aid, r.name, r.metric, r.op, r.threshold, r.severity, a.server,"     \
    " coalesce(s.name, a.server), a.state, a.value, a.started, a.fired,"    \
    " a.resolved, a.predicted, a.cause,"                                    \
    " (SELECT count(*) FROM alerts d WHERE d.state IN ('pending','firing')" \
    "  AND d.cause = a.server AND d.aid <> a.aid),"                         \
    " a.acked_by, a.acked_at, a.test"                                       \
    " FROM alerts a JOIN rules r ON r.rid = a.rule"                         \
    " LEFT JOIN servers s ON s.id = a.server"

static void
alert_row_read(sqlite3_stmt *s, struct alert_row *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(s, 0);
    store_col_text(s, 1, a->rule, sizeof a->rule);
    store_col_text(s, 2, a->metric, sizeof a->metric);
    store_col_text(s, 3, a->op, sizeof a->op);
    a->threshold = sqlite3_column_double(s, 4);
    store_col_text(s, 5, a->severity, sizeof a->severity);
    store_col_text(s, 6, a->server, sizeof a->server);
    store_col_text(s, 7, a->server_name, sizeof a->server_name);
    store_col_text(s, 8, a->state, sizeof a->state);
    a->has_value = sqlite3_column_type(s, 9) != SQLITE_NULL;
    a->value = sqlite3_column_double(s, 9);
    a->started = sqlite3_column_int64(s, 10);
    a->fired = sqlite3_column_int64(s, 11);
    a->resolved = sqlite3_column_int64(s, 12);
    a->predicted = sqlite3_column_int64(s, 13);
    store_col_text(s, 14, a->cause, sizeof a->cause);
    a->dependants = sqlite3_column_int64(s, 15);
    store_col_text(s, 16, a->acked_by, sizeof a->acked_by);
    a->acked_at = sqlite3_column_int64(s, 17);
    a->test = sqlite3_column_int(s, 18);
}

/* Steps s, calling cb with each row (at most ALERT_LIST_MAX). */
static int
each_alert(struct store *st, sqlite3_stmt *s, alert_cb cb, void *ctx,
           struct err *e)
{
    struct alert_row a;
    int rc, ret = 0;
    for (int n = 0; n < ALERT_LIST_MAX; n++) {
        if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
            if (rc != SQLITE_DONE)
                ret = store_fail(st, e, "alert list");
            break;
        }
        alert_row_read(s, &a);
        if ((ret = cb(ctx, &a)) != 0)
            break;
    }
    store_done(s);
    return ret;
}

static int
is_set(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static const char SQL_ALERT_LIST[] =
    "SELECT " ALERT_COLS
    " WHERE a.state IN ('pending', 'firing') AND a.test = 0"
    " AND (?1 IS NULL OR a.state = ?1) AND (?2 IS NULL OR r.severity = ?2)"
    " AND (?3 IS NULL OR a.server = ?3)"
    " ORDER BY a.state = 'firing' DESC,"
    " CASE r.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,"
    " a.started, a.aid";

int
store_alert_list(struct store *st, const struct alert_filter *f, alert_cb cb,
                 void *ctx, struct err *e)
{
    const char *state = f && is_set(f->state) ? f->state : NULL;
    const char *sev = f && is_set(f->severity) ? f->severity : NULL;
    const char *server = f && is_set(f->server) ? f->server : NULL;
    if (state && strcmp(state, "pending") && strcmp(state, "firing"))
        return err_set(e, ERR_INVALID, "state", "alert_err_state", state, NULL);
    if (sev && strcmp(sev, "info") && strcmp(sev, "warning") &&
        strcmp(sev, "critical"))
        return err_set(e, ERR_INVALID, "severity", "rule_err_choice", sev,
                       NULL);
    if (server && valid_ident("server", server, e) < 0)
        return -1;
    sqlite3_stmt *s = store_prep(st, SQL_ALERT_LIST, e);
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, state);
    store_bind_text(s, 2, sev);
    store_bind_text(s, 3, server);
    return each_alert(st, s, cb, ctx, e);
}

static const char SQL_ALERT_GET[] = "SELECT " ALERT_COLS " WHERE a.aid = ?1";

static int
copy_alert(void *ctx, const struct alert_row *a)
{
    *(struct alert_row *)ctx = *a;
    return 1;
}

int
store_alert_get(struct store *st, long long id, struct alert_row *out,
                struct err *e)
{
    char n[24];
    sqlite3_stmt *s = store_prep(st, SQL_ALERT_GET, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = each_alert(st, s, copy_alert, out, e);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        snprintf(n, sizeof n, "%lld", id);
        return err_set(e, ERR_NOT_FOUND, "id", "alert_err_not_found", n, NULL);
    }
    return 0;
}

static const char SQL_ALERT_DEPS[] =
    "SELECT DISTINCT server FROM alerts WHERE state IN ('pending', 'firing')"
    " AND cause = ?1 AND server <> ?1 ORDER BY server LIMIT 10000";

int
store_alert_dependants(struct store *st, const char *server, alert_name_cb cb,
                       void *ctx, struct err *e)
{
    char id[VALID_ID_MAX + 1];
    sqlite3_stmt *s = store_prep(st, SQL_ALERT_DEPS, e);
    int rc, ret = 0;
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, server);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) { /* LIMIT bounds it */
        store_col_text(s, 0, id, sizeof id);
        if ((ret = cb(ctx, id)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
        ret = store_fail(st, e, "alert dependants");
    store_done(s);
    return ret;
}

static const char SQL_ALERT_COUNTS[] =
    "SELECT coalesce(sum(a.state = 'pending'), 0),"
    " coalesce(sum(a.state = 'firing'), 0),"
    " coalesce(sum(a.state = 'firing' AND r.severity = 'critical'), 0),"
    " coalesce(sum(a.state = 'firing' AND r.severity = 'warning'), 0),"
    " coalesce(sum(a.state = 'firing' AND r.severity = 'info'), 0),"
    " coalesce(sum(a.acked_at IS NOT NULL), 0),"
    " coalesce(sum(a.state = 'firing' AND coalesce(a.cause, '') = ''), 0)"
    " FROM alerts a JOIN rules r ON r.rid = a.rule"
    " WHERE a.state IN ('pending', 'firing') AND a.test = 0";

int
store_alert_counts(struct store *st, struct alert_counts *out, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_ALERT_COUNTS, e);
    int ret = 0;
    memset(out, 0, sizeof *out);
    if (s == NULL)
        return -1;
    if (sqlite3_step(s) == SQLITE_ROW) {
        out->pending = sqlite3_column_int64(s, 0);
        out->firing = sqlite3_column_int64(s, 1);
        out->firing_critical = sqlite3_column_int64(s, 2);
        out->firing_warning = sqlite3_column_int64(s, 3);
        out->firing_info = sqlite3_column_int64(s, 4);
        out->acknowledged = sqlite3_column_int64(s, 5);
        out->root_causes = sqlite3_column_int64(s, 6);
    } else {
        ret = store_fail(st, e, "alert counts");
    }
    store_done(s);
    return ret;
}

static const char SQL_ALERT_BY_SERVER[] =
    "SELECT x.server, sum(x.firing), max(x.root) FROM ("
    " SELECT server, state = 'firing' AS firing, 0 AS root FROM alerts"
    "  WHERE state IN ('pending', 'firing') AND test = 0"
    " UNION ALL SELECT cause, 0, 1 FROM alerts"
    "  WHERE state IN ('pending', 'firing') AND test = 0"
    "  AND coalesce(cause, '') <> '' AND cause IN (SELECT id FROM servers)"
    ") x GROUP BY x.server ORDER BY x.server LIMIT 100000";

int
store_alert_by_server(struct store *st, alert_server_cb cb, void *ctx,
                      struct err *e)
{
    char id[VALID_ID_MAX + 1];
    sqlite3_stmt *s = store_prep(st, SQL_ALERT_BY_SERVER, e);
    int rc, ret = 0;
    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) { /* LIMIT bounds it */
        store_col_text(s, 0, id, sizeof id);
        ret = cb(ctx, id, sqlite3_column_int64(s, 1), sqlite3_column_int(s, 2));
        if (ret != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "alerts by server");
    store_done(s);
    return ret;
}

static const char SQL_ALERT_HISTORY[] =
    "SELECT id, at, alert, rule, server, event, value, who, detail"
    " FROM alert_log WHERE (?1 = 0 OR id < ?1)"
    " AND (?2 IS NULL OR server = ?2) AND (?3 IS NULL OR rule = ?3)"
    " ORDER BY id DESC LIMIT ?4";

int
store_alert_history(struct store *st, long long before, size_t limit,
                    const char *server, const char *rule, alert_log_cb cb,
                    void *ctx, long long *next, struct err *e)
{
    struct alert_log_row l;
    int rc, ret = 0;
    size_t n = 0;
    memset(&l, 0, sizeof l);
    *next = 0;
    if (limit < 1 || limit > ALERT_PAGE_MAX)
        return err_set(e, ERR_INVALID, "limit", "err_out_of_range", "1",
                       "1000");
    if (is_set(server) && valid_ident("server", server, e) < 0)
        return -1;
    if (is_set(rule) && valid_ident("rule", rule, e) < 0)
        return -1;
    sqlite3_stmt *s = store_prep(st, SQL_ALERT_HISTORY, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, before > 0 ? before : 0);
    store_bind_text(s, 2, is_set(server) ? server : NULL);
    store_bind_text(s, 3, is_set(rule) ? rule : NULL);
    sqlite3_bind_int64(s, 4, (long long)limit + 1); /* one more: a next? */
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == limit) {
            *next = l.id;
            break;
        }
        memset(&l, 0, sizeof l);
        l.id = sqlite3_column_int64(s, 0);
        l.at = sqlite3_column_int64(s, 1);
        l.alert = sqlite3_column_int64(s, 2);
        store_col_text(s, 3, l.rule, sizeof l.rule);
        store_col_text(s, 4, l.server, sizeof l.server);
        store_col_text(s, 5, l.event, sizeof l.event);
        l.has_value = sqlite3_column_type(s, 6) != SQLITE_NULL;
        l.value = sqlite3_column_double(s, 6);
        store_col_text(s, 7, l.who, sizeof l.who);
        store_col_text(s, 8, l.detail, sizeof l.detail);
        n++;
        if ((ret = cb(ctx, &l)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
        ret = store_fail(st, e, "alert history");
    store_done(s);
    return ret;
}

/* who: 1..64 bytes of UTF-8 without control characters. */
static int
check_who(const char *who, struct err *e)
{
    size_t n = who ? strlen(who) : 0;
    if (n == 0 || n > ALERT_WHO_MAX || !valid_utf8(who, n) ||
        valid_has_control(who, n, 0))
        return err_set(e, ERR_INVALID, "who", "alert_err_who", NULL, NULL);
    return 0;
}

static const char SQL_LOG_ADD[] =
    "INSERT INTO main.alert_log(at, alert, rule, server, event, value, who,"
    " detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

int
store_alert_log_add(struct store *st, long long at, long long alert,
                    const char *rule, const char *server, const char *event,
                    int has_value, double value, const char *who,
                    const char *detail, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_LOG_ADD, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, at);
    if (alert > 0)
        sqlite3_bind_int64(s, 2, alert);
    else
        sqlite3_bind_null(s, 2);
    store_bind_text(s, 3, rule ? rule : "");
    store_bind_text(s, 4, server ? server : "");
    store_bind_text(s, 5, event);
    if (has_value)
        sqlite3_bind_double(s, 6, value);
    else
        sqlite3_bind_null(s, 6);
    store_bind_text(s, 7, who);
    store_bind_text(s, 8, detail ? detail : "");
    return store_run(st, s, e, "alert log");
}

static const char SQL_ALERT_ACK[] =
    "UPDATE main.alerts SET acked_by = ?1, acked_at = ?2 WHERE aid = ?3";

int
store_alert_ack(struct store *st, long long id, const char *who, struct err *e)
{
    struct alert_row a;
    char n[24];
    if (check_who(who, e) < 0 || store_alert_get(st, id, &a, e) < 0)
        return -1;
    snprintf(n, sizeof n, "%lld", id);
    if (strcmp(a.state, "resolved") == 0)
        return err_set(e, ERR_CONFLICT, "id", "alert_err_resolved", n, NULL);
    if (a.acked_at != 0)
        return err_set(e, ERR_CONFLICT, "id", "alert_err_acked", n, a.acked_by);
    sqlite3_stmt *s = store_prep(st, SQL_ALERT_ACK, e);
    if (s == NULL)
        return -1;
    long long now = (long long)time(NULL);
    store_bind_text(s, 1, who);
    sqlite3_bind_int64(s, 2, now);
    sqlite3_bind_int64(s, 3, id);
    if (store_run(st, s, e, "alert ack") < 0)
        return -1;
    return store_alert_log_add(st, now, id, a.rule, a.server, "acknowledged",
                               a.has_value, a.value, who, "", e);
}

static const char SQL_SILENCE_ADD[] =
    "INSERT INTO main.silences(rule, server, until, by, reason, created)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* Fills rid (0 = none) and the stored spellings of s->rule, s->server. */
static int
silence_targets(struct store *st, struct silence *s, long long *rid,
                struct err *e)
{
    *rid = 0;
    if (s->rule[0] == '\0' && s->server[0] == '\0')
        return err_set(e, ERR_INVALID, "rule", "alert_err_silence_what", NULL,
                       NULL);
    if (s->rule[0] != '\0') {
        struct rule r;
        if (valid_ident("rule", s->rule, e) < 0 ||
            store_rule_get(st, s->rule, &r, e) < 0) {
            snprintf(e->field, sizeof e->field, "rule");
            return -1;
        }
        *rid = r.id;
        snprintf(s->rule, sizeof s->rule, "%s", r.name);
    }
    if (s->server[0] != '\0') {
        char canon[VALID_ID_MAX + 1];
        if (valid_ident("server", s->server, e) < 0)
            return -1;
        int found = store_server_canon(st, s->server, canon, e);
        if (found < 0)
            return -1;
        if (found == 0)
            return err_set(e, ERR_NOT_FOUND, "server", "err_server_not_found",
                           s->server, NULL);
        snprintf(s->server, sizeof s->server, "%s", canon);
    } else if (store_scoped(st)) {
        return err_set(e, ERR_FORBIDDEN, "server", "alert_err_silence_scoped",
                       NULL, NULL);
    }
    return 0;
}

int
store_silence_add(struct store *st, struct silence *s, long long seconds,
                  struct err *e)
{
    long long rid;
    char d[24];
    size_t rn = strlen(s->reason);
    if (seconds < 60 || seconds > ALERT_SILENCE_MAX) {
        snprintf(d, sizeof d, "%lld", ALERT_SILENCE_MAX / 86400);
        return err_set(e, ERR_INVALID, "duration", "alert_err_silence_time", d,
                       NULL);
    }
    if (!valid_utf8(s->reason, rn) || valid_has_control(s->reason, rn, 0))
        return err_set(e, ERR_INVALID, "reason", "alert_err_reason", NULL,
                       NULL);
    if (check_who(s->by, e) < 0 || silence_targets(st, s, &rid, e) < 0)
        return -1;
    sqlite3_stmt *q = store_prep(st, SQL_SILENCE_ADD, e);
    if (q == NULL)
        return -1;
    long long now = (long long)time(NULL);
    if (rid > 0)
        sqlite3_bind_int64(q, 1, rid);
    else
        sqlite3_bind_null(q, 1);
    store_bind_text(q, 2, s->server[0] ? s->server : NULL);
    sqlite3_bind_int64(q, 3, now + seconds);
    store_bind_text(q, 4, s->by);
    store_bind_text(q, 5, s->reason);
    sqlite3_bind_int64(q, 6, now);
    if (store_run(st, q, e, "silence add") < 0)
        return -1;
    s->id = sqlite3_last_insert_rowid(st->db);
    s->until = now + seconds;
    s->created = now;
    snprintf(d, sizeof d, "%lld", seconds);
    return store_alert_log_add(st, now, 0, s->rule, s->server, "silenced", 0, 0,
                               s->by, s->reason[0] ? s->reason : d, e);
}

static const char SQL_SILENCE_LIST[] =
    "SELECT s.sid, coalesce(r.name, ''), coalesce(s.server, ''), s.until,"
    " s.created, s.by, s.reason FROM silences s"
    " LEFT JOIN rules r ON r.rid = s.rule WHERE s.until > ?1"
    " ORDER BY s.until, s.sid LIMIT 10000";

int
store_silence_list(struct store *st, silence_cb cb, void *ctx, struct err *e)
{
    struct silence v;
    int rc, ret = 0;
    sqlite3_stmt *s = store_prep(st, SQL_SILENCE_LIST, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, (long long)time(NULL));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) { /* LIMIT bounds it */
        memset(&v, 0, sizeof v);
        v.id = sqlite3_column_int64(s, 0);
        store_col_text(s, 1, v.rule, sizeof v.rule);
        store_col_text(s, 2, v.server, sizeof v.server);
        v.until = sqlite3_column_int64(s, 3);
        v.created = sqlite3_column_int64(s, 4);
        store_col_text(s, 5, v.by, sizeof v.by);
        store_col_text(s, 6, v.reason, sizeof v.reason);
        if ((ret = cb(ctx, &v)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
        ret = store_fail(st, e, "silence list");
    store_done(s);
    return ret;
}

static const char SQL_SILENCE_FIND[] = "SELECT 1 FROM silences WHERE sid = ?1";
static const char SQL_SILENCE_DEL[] =
    "DELETE FROM main.silences WHERE sid = ?1";

int
store_silence_delete(struct store *st, long long id, struct err *e)
{
    char n[24];
    sqlite3_stmt *s = store_prep(st, SQL_SILENCE_FIND, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    store_done(s);
    if (rc == SQLITE_DONE) {
        snprintf(n, sizeof n, "%lld", id);
        return err_set(e, ERR_NOT_FOUND, "id", "alert_err_silence_not_found", n,
                       NULL);
    }
    if (rc != SQLITE_ROW)
        return store_fail(st, e, "silence find");
    if ((s = store_prep(st, SQL_SILENCE_DEL, e)) == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return store_run(st, s, e, "silence delete");
}
