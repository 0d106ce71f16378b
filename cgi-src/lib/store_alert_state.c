/* store_alert_state.c — loading the evaluator from the database and
 * writing its transitions (store_alert_state.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alert_action.h"
#include "log.h"
#include "store_alert_state.h"
#include "store_int.h"

/* ---- Module Config ---- */

int
alert_duration_parse(const char *s, int *out)
{
    long v = 0, mul = 1;
    size_t n = s ? strlen(s) : 0, digits = 0;
    if (n == 0 || n > 12)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9' && digits == i) {
            v = v * 10 + (c - '0');
            digits++;
        } else if (i == n - 1 && digits > 0 &&
                   (c == 's' || c == 'm' || c == 'h' || c == 'd'))
            mul = c == 's' ? 1 : c == 'm' ? 60 : c == 'h' ? 3600 : 86400;
        else
            return -1;
    }
    if (digits == 0 || v * mul > 86400)
        return -1;
    *out = (int)(v * mul);
    return 0;
}

static void
read_threshold(const struct cfgmap *m, const char *key, double *out)
{
    const char *v = m ? cfgmap_get(m, key) : NULL;
    char *end;
    *out = NAN;
    if (v == NULL || v[0] == '\0')
        return;
    errno = 0;
    double x = strtod(v, &end);
    if (errno != 0 || *end != '\0' || !isfinite(x) || end == v) {
        log_msg("daemon: config %s=%s is not a number; the rule keeps its "
                "stored threshold",
                key, v);
        return;
    }
    *out = x;
}

static void
read_for(const struct cfgmap *m, const char *key, int *out)
{
    const char *v = m ? cfgmap_get(m, key) : NULL;
    *out = -1;
    if (v == NULL || v[0] == '\0')
        return;
    if (alert_duration_parse(v, out) < 0) {
        *out = -1;
        log_msg("daemon: config %s=%s is not a duration (seconds, or 5m, "
                "1h; at most 1 d); the rule keeps its stored duration",
                key, v);
    }
}

void
alert_overrides_read(struct alert_overrides *o, const struct cfgmap *m)
{
    read_threshold(m, "cpu_threshold", &o->cpu_threshold);
    read_threshold(m, "mem_threshold", &o->mem_threshold);
    read_threshold(m, "disk_threshold", &o->disk_threshold);
    read_for(m, "cpu_for", &o->cpu_for);
    read_for(m, "mem_for", &o->mem_for);
    read_for(m, "disk_for", &o->disk_for);
    read_for(m, "down_for", &o->down_for);
}

void
alert_overrides_apply(const struct alert_overrides *o, struct ae_rule *r)
{
    double thr = NAN;
    int f = -1;
    switch (r->c.metric) {
    case AM_CPU:
        thr = o->cpu_threshold;
        f = o->cpu_for;
        break;
    case AM_MEMORY:
        thr = o->mem_threshold;
        f = o->mem_for;
        break;
    case AM_DISK:
        thr = o->disk_threshold;
        f = o->disk_for;
        break;
    case AM_UP:
        f = o->down_for;
        break;
    default:
        break;
    }
    if (!isnan(thr)) {
        if (!isnan(r->c.clear_at))
            r->c.clear_at += thr - r->c.threshold;
        r->c.threshold = thr;
    }
    if (f >= 0)
        r->c.for_s = f;
}

/* ---- loading ---- */

static int
parse_op(const char *s, enum alert_op *op)
{
    static const char *const ops[] = {">", ">=", "<", "<="};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, ops[i]) == 0) {
            *op = (enum alert_op)i;
            return 0;
        }
    return -1;
}

static int
parse_name(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static const char *const SEVERITIES[] = {"info", "warning", "critical"};

struct rule_row {
    struct ae_rule r;
    char scope[8];
    char scope_value[VALID_ID_MAX + 1];
    uint8_t *members; /* cluster scope: per server */
};

static const char SQL_RULES[] =
    "SELECT rid, name, metric, op, threshold, clear_at, for_s, hold_s,"
    " predict_s, scope, scope_value, severity, action, target, from_config"
    " FROM rules WHERE enabled = 1 ORDER BY rid";

static int
load_rules(struct store *st, const struct alert_overrides *o,
           struct rule_row **out, size_t *nout, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_RULES, e);
    struct rule_row *v = NULL;
    size_t n = 0, cap = 0;
    char metric[16], op[4], sev[12], act[16];
    int rc;

    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            struct rule_row *w = realloc(v, cap * sizeof *w);
            if (w == NULL) {
                store_done(s);
                free(v);
                return err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL,
                               NULL);
            }
            v = w;
        }
        struct rule_row *rr = &v[n];
        memset(rr, 0, sizeof *rr);
        struct ae_rule *r = &rr->r;
        r->rid = sqlite3_column_int64(s, 0);
        store_col_text(s, 1, r->name, sizeof r->name);
        store_col_text(s, 2, metric, sizeof metric);
        store_col_text(s, 3, op, sizeof op);
        r->c.threshold = sqlite3_column_double(s, 4);
        r->c.clear_at = sqlite3_column_type(s, 5) == SQLITE_NULL
                            ? NAN
                            : sqlite3_column_double(s, 5);
        r->c.for_s = sqlite3_column_int(s, 6);
        r->c.hold_s = sqlite3_column_int(s, 7);
        r->c.predict_s = sqlite3_column_int(s, 8);
        store_col_text(s, 9, rr->scope, sizeof rr->scope);
        store_col_text(s, 10, rr->scope_value, sizeof rr->scope_value);
        store_col_text(s, 11, sev, sizeof sev);
        store_col_text(s, 12, act, sizeof act);
        store_col_text(s, 13, r->target, sizeof r->target);
        int m = parse_name(metric, ALERT_METRIC_NAMES, AM__COUNT);
        int a = parse_name(act, ALERT_ACTION_NAMES, AA__COUNT);
        int sv = parse_name(sev, SEVERITIES, 3);
        if (m < 0 || a < 0 || sv < 0 || parse_op(op, &r->c.op) < 0 ||
            n >= UINT16_MAX)
            continue; /* the schema's CHECKs make this unreachable */
        r->c.metric = (enum alert_metric)m;
        r->action = (enum alert_action)a;
        r->severity = (enum alert_severity)sv;
        if (sqlite3_column_int(s, 14) == 1)
            alert_overrides_apply(o, r);
        n++;
    }
    store_done(s);
    if (rc != SQLITE_DONE) {
        free(v);
        return store_fail(st, e, "alert rules");
    }
    *out = v;
    *nout = n;
    return 0;
}

static const char SQL_NSERVERS[] = "SELECT count(*) FROM servers";
static const char SQL_SERVERS[] =
    "SELECT rid, id, name, type, ip, region FROM servers";
static const char SQL_FIRST_CLUSTER[] =
    "SELECT server, min(cluster) FROM cluster_members GROUP BY server";
static const char SQL_MEMBERS[] =
    "SELECT server FROM cluster_members WHERE cluster = ?";
static const char SQL_CONNS[] = "SELECT from_id, to_id, type FROM connections";
static const char SQL_SILENCES[] =
    "SELECT rule, server, until FROM silences WHERE until > ?";
static const char SQL_OPEN[] =
    "SELECT a.aid, a.rule, a.server, a.state, a.value, a.predicted,"
    " a.started, a.fired, a.cause, a.notified, r.name"
    " FROM alerts a JOIN rules r ON r.rid = a.rule"
    " WHERE a.state <> 'resolved' AND a.test = 0";
static const char SQL_LAST_NOTIFIED[] =
    "SELECT rule, server, max(notified) FROM alerts"
    " WHERE notified >= ? GROUP BY rule, server";
static const char SQL_ORPHAN[] =
    "UPDATE alerts SET state = 'resolved', resolved = ? WHERE aid = ?";

static int
load_servers(struct store *st, struct ae_engine *en, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_SERVERS, e);
    size_t i = 0;
    int rc;
    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && i < en->nservers) {
        struct ae_server *sv = &en->servers[i++];
        sv->rid = sqlite3_column_int64(s, 0);
        store_col_text(s, 1, sv->id, sizeof sv->id);
        store_col_text(s, 2, sv->name, sizeof sv->name);
        store_col_text(s, 3, sv->type, sizeof sv->type);
        store_col_text(s, 4, sv->ip, sizeof sv->ip);
        store_col_text(s, 5, sv->region, sizeof sv->region);
        sv->hnext = -1;
    }
    store_done(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return store_fail(st, e, "alert servers");
    en->nservers = i;
    ae_engine_index(en);
    s = store_prep(st, SQL_FIRST_CLUSTER, e);
    if (s == NULL)
        return -1;
    char id[VALID_ID_MAX + 1];
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        store_col_text(s, 0, id, sizeof id);
        int32_t k = ae_engine_find(en, id);
        if (k >= 0)
            store_col_text(s, 1, en->servers[k].cluster,
                           sizeof en->servers[k].cluster);
    }
    store_done(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, e, "alert clusters");
}

static int
load_members(struct store *st, struct ae_engine *en, struct rule_row *rr,
             struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_MEMBERS, e);
    char id[VALID_ID_MAX + 1];
    int rc;
    if (s == NULL)
        return -1;
    rr->members = calloc(en->nservers ? en->nservers : 1, 1);
    if (rr->members == NULL) {
        store_done(s);
        return err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL, NULL);
    }
    store_bind_text(s, 1, rr->scope_value);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        store_col_text(s, 0, id, sizeof id);
        int32_t k = ae_engine_find(en, id);
        if (k >= 0)
            rr->members[k] = 1;
    }
    store_done(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, e, "alert members");
}

static int
load_topo(struct store *st, struct ae_engine *en, struct alert_topo *topo,
          struct err *e)
{
    sqlite3_stmt *s;
    struct topo_edge *v = NULL;
    const char **types = NULL;
    size_t n = 0, cap = 0;
    char a[VALID_ID_MAX + 1], b[VALID_ID_MAX + 1], type[16];
    int rc, ret = -1;

    if ((s = store_prep(st, SQL_CONNS, e)) == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        store_col_text(s, 0, a, sizeof a);
        store_col_text(s, 1, b, sizeof b);
        store_col_text(s, 2, type, sizeof type);
        int32_t x = ae_engine_find(en, a), y = ae_engine_find(en, b);
        if (x < 0 || y < 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            struct topo_edge *w = realloc(v, cap * sizeof *w);
            if (w == NULL)
                goto oom;
            v = w;
        }
        v[n].from = (uint32_t)x;
        v[n].to = (uint32_t)y;
        v[n].type =
            strcasecmp(type, "monitoring") == 0 ? "monitoring" : "standard";
        n++;
    }
    store_done(s);
    s = NULL;
    if (rc != SQLITE_DONE) {
        ret = store_fail(st, e, "alert connections");
        goto out;
    }
    types = malloc((en->nservers ? en->nservers : 1) * sizeof *types);
    if (types == NULL)
        goto oom;
    for (size_t i = 0; i < en->nservers; i++)
        types[i] = en->servers[i].type;
    if (alert_topo_build(topo, en->nservers, types, v, n) < 0)
        goto oom;
    en->topo = topo;
    ret = 0;
    goto out;
oom:
    ret = err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL, NULL);
out:
    store_done(s);
    free(v);
    free(types);
    return ret;
}

static int32_t
rule_index(const struct ae_engine *en, long long rid)
{
    for (size_t i = 0; i < en->nrules; i++)
        if (en->rules[i].rid == rid)
            return (int32_t)i;
    return -1;
}

static int
load_silences(struct store *st, struct ae_engine *en, int64_t now,
              struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_SILENCES, e);
    size_t cap = 0;
    char id[VALID_ID_MAX + 1];
    int rc;
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, now);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct ae_silence q = {-1, -1, sqlite3_column_int64(s, 2)};
        if (sqlite3_column_type(s, 0) != SQLITE_NULL &&
            (q.rule = rule_index(en, sqlite3_column_int64(s, 0))) < 0)
            continue; /* a disabled rule */
        if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
            store_col_text(s, 1, id, sizeof id);
            if ((q.server = ae_engine_find(en, id)) < 0)
                continue;
        }
        if (en->nsilences == cap) {
            cap = cap ? cap * 2 : 16;
            struct ae_silence *w = realloc(en->silences, cap * sizeof *w);
            if (w == NULL) {
                store_done(s);
                return err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL,
                               NULL);
            }
            en->silences = w;
        }
        en->silences[en->nsilences++] = q;
    }
    store_done(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, e, "alert silences");
}

struct orphan {
    long long aid;
    char rule[AE_NAME_MAX + 1];
    char server[VALID_ID_MAX + 1];
};

static int
load_open(struct store *st, struct ae_engine *en, int64_t now, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_OPEN, e);
    struct orphan *orph = NULL;
    size_t norph = 0, cap = 0;
    char id[VALID_ID_MAX + 1], state[12], cause[VALID_ID_MAX + 1];
    int rc, ret = 0;

    if (s == NULL)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        long long aid = sqlite3_column_int64(s, 0);
        long long rid = sqlite3_column_int64(s, 1);
        store_col_text(s, 2, id, sizeof id);
        store_col_text(s, 3, state, sizeof state);
        int32_t si = ae_engine_find(en, id);
        struct ae_slot *sl =
            si >= 0 ? ae_engine_slot(en, (uint32_t)si, rid) : NULL;
        if (sl == NULL) {
            if (norph == cap) {
                cap = cap ? cap * 2 : 16;
                struct orphan *w = realloc(orph, cap * sizeof *w);
                if (w == NULL) {
                    ret = err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL,
                                  NULL);
                    break;
                }
                orph = w;
            }
            orph[norph].aid = aid;
            store_col_text(s, 10, orph[norph].rule, sizeof orph[norph].rule);
            snprintf(orph[norph].server, sizeof orph[norph].server, "%s", id);
            norph++;
            continue;
        }
        int firing = strcmp(state, "firing") == 0;
        sl->state = firing ? AE_FIRING : AE_PENDING;
        sl->aid = aid;
        sl->value = sqlite3_column_type(s, 4) == SQLITE_NULL
                        ? NAN
                        : sqlite3_column_double(s, 4);
        sl->predicted = sqlite3_column_int64(s, 5);
        sl->since = sqlite3_column_int64(s, 6);
        sl->fired = firing ? sqlite3_column_int64(s, 7) : 0;
        store_col_text(s, 8, cause, sizeof cause);
        sl->cause = cause[0] ? ae_engine_find(en, cause) : -1;
        long long notified = sqlite3_column_int64(s, 9);
        if (notified > sl->notified)
            sl->notified = notified;
        en->servers[si].open++;
        if (firing && notified > 0 && notified >= sl->since)
            sl->flags |= AE_F_NOTIFIED;
        else if (firing && sl->cause < 0)
            sl->flags |= AE_F_DEFERRED;
        if (firing && (sl->cause >= 0 || (sl->flags & AE_F_DEFERRED)))
            en->deferred++;
    }
    store_done(s);
    if (ret == 0 && rc != SQLITE_DONE)
        ret = store_fail(st, e, "open alerts");
    for (size_t i = 0; ret == 0 && i < norph; i++) {
        sqlite3_stmt *u = store_prep(st, SQL_ORPHAN, e);
        if (u == NULL) {
            ret = -1;
            break;
        }
        sqlite3_bind_int64(u, 1, now);
        sqlite3_bind_int64(u, 2, orph[i].aid);
        if (store_run(st, u, e, "alert orphan") < 0 ||
            store_alert_log(st, now, orph[i].aid, orph[i].rule, orph[i].server,
                            "resolved", NAN,
                            "the rule no longer applies to this server", e) < 0)
            ret = -1;
        else
            log_msg("alert %s on %s: resolved (the rule no longer applies "
                    "to this server)",
                    orph[i].rule, orph[i].server);
    }
    free(orph);
    return ret;
}

static int
load_last_notified(struct store *st, struct ae_engine *en, int64_t now,
                   struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_LAST_NOTIFIED, e);
    char id[VALID_ID_MAX + 1];
    int rc;
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(
        s, 1, now - (en->notify_interval_s > 0 ? en->notify_interval_s : 0));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        store_col_text(s, 1, id, sizeof id);
        int32_t si = ae_engine_find(en, id);
        struct ae_slot *sl =
            si >= 0
                ? ae_engine_slot(en, (uint32_t)si, sqlite3_column_int64(s, 0))
                : NULL;
        if (sl != NULL && sqlite3_column_int64(s, 2) > sl->notified)
            sl->notified = sqlite3_column_int64(s, 2);
    }
    store_done(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, e, "last notified");
}

static int
count_servers(struct store *st, size_t *n, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_NSERVERS, e);
    if (s == NULL)
        return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(s, 0);
    store_done(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, e, "count servers");
}

int
store_alert_load(struct store *st, const struct alert_overrides *o,
                 struct ae_engine *en, struct alert_topo *topo, int64_t now,
                 int first, struct err *e)
{
    struct rule_row *rr = NULL;
    size_t nr = 0, ns = 0;
    int ret = -1, interval = en->notify_interval_s;

    memset(topo, 0, sizeof *topo);
    if (load_rules(st, o, &rr, &nr, e) < 0 || count_servers(st, &ns, e) < 0)
        goto out;
    if (ae_engine_init(en, ns, nr) < 0) {
        err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL, NULL);
        goto out;
    }
    en->notify_interval_s = interval;
    for (size_t i = 0; i < nr; i++)
        en->rules[i] = rr[i].r;
    if (load_servers(st, en, e) < 0)
        goto out;
    for (size_t i = 0; i < nr; i++)
        if (strcmp(rr[i].scope, "cluster") == 0 &&
            load_members(st, en, &rr[i], e) < 0)
            goto out;
    for (size_t si = 0; si < en->nservers; si++)
        for (size_t ri = 0; ri < nr; ri++) {
            int match = rr[ri].members != NULL
                            ? rr[ri].members[si]
                            : ae_scope_match(rr[ri].scope, rr[ri].scope_value,
                                             &en->servers[si], NULL, 0);
            if (match &&
                ae_engine_add_slot(en, (uint32_t)si, (uint16_t)ri) < 0) {
                err_set(e, ERR_INTERNAL, NULL, "err_internal", NULL, NULL);
                goto out;
            }
        }
    if (load_topo(st, en, topo, e) < 0 || load_silences(st, en, now, e) < 0 ||
        load_open(st, en, now, e) < 0 ||
        (first && load_last_notified(st, en, now, e) < 0))
        goto out;
    ret = 0;
out:
    for (size_t i = 0; i < nr; i++)
        free(rr[i].members);
    free(rr);
    return ret;
}

/* ---- writing ---- */

static const char SQL_INSERT[] =
    "INSERT INTO alerts (rule, server, state, value, predicted, started,"
    " fired, cause) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (rule, server) WHERE state <> 'resolved' DO UPDATE SET"
    " state = excluded.state, value = excluded.value,"
    " predicted = excluded.predicted, started = excluded.started,"
    " fired = excluded.fired, cause = excluded.cause, resolved = NULL,"
    " test = 0"
    " RETURNING aid";
static const char SQL_FIRE[] =
    "UPDATE alerts SET state = 'firing', fired = ?, value = ?,"
    " predicted = ?, cause = ? WHERE aid = ? AND state <> 'resolved'";
static const char SQL_RESOLVE[] =
    "UPDATE alerts SET state = 'resolved', resolved = ?, value = ?"
    " WHERE aid = ?";
static const char SQL_CANCEL[] = "DELETE FROM alerts WHERE aid = ?";
static const char SQL_NOTIFIED[] =
    "UPDATE alerts SET notified = ?, cause = NULL WHERE aid = ?";
static const char SQL_LOG[] =
    "INSERT INTO alert_log (at, alert, rule, server, event, value, detail)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";

static void
bind_real(sqlite3_stmt *s, int i, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

static void
bind_time(sqlite3_stmt *s, int i, int64_t t)
{
    if (t > 0)
        sqlite3_bind_int64(s, i, t);
    else
        sqlite3_bind_null(s, i);
}

int
store_alert_log(struct store *st, int64_t at, long long alert, const char *rule,
                const char *server, const char *event, double value,
                const char *detail, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_LOG, e);
    if (s == NULL)
        return -1;
    sqlite3_bind_int64(s, 1, at);
    bind_time(s, 2, alert);
    store_bind_text(s, 3, rule);
    store_bind_text(s, 4, server);
    store_bind_text(s, 5, event);
    bind_real(s, 6, value);
    store_bind_text(s, 7, detail ? detail : "");
    return store_run(st, s, e, "alert log");
}

static const char *const OPS[] = {">", ">=", "<", "<="};

void
alert_transition_text(const struct ae_engine *en, const struct ae_transition *t,
                      char *out, size_t outlen)
{
    const struct ae_slot *s = &en->slots[t->slot];
    const struct ae_rule *r = &en->rules[s->rule];
    const char *m = ALERT_METRIC_NAMES[r->c.metric];
    const char *op = OPS[r->c.op];
    double clr = isnan(r->c.clear_at) ? r->c.threshold : r->c.clear_at;
    char pred[64] = "";

    if (t->predicted > 0 && r->c.predict_s > 0)
        snprintf(pred, sizeof pred, ", forecast to cross in %lld s",
                 (long long)(t->predicted - t->at));
    switch ((enum ae_event)t->event) {
    case AE_EV_PENDING:
        snprintf(out, outlen, "%s %g %s %g%s; fires after %d s", m, t->value,
                 op, r->c.threshold, pred, r->c.for_s);
        break;
    case AE_EV_FIRING:
        snprintf(out, outlen, "%s %g %s %g%s for %lld s%s", m, t->value, op,
                 r->c.threshold, pred, (long long)(t->at - t->started),
                 t->suppressed ? "; suppressed: root cause is down"
                 : t->silenced ? "; silenced"
                 : t->damped   ? "; notification damped"
                 : t->grouping ? "; notification waits for its dependants"
                               : "");
        break;
    case AE_EV_RESOLVED:
        if (isnan(t->value))
            snprintf(out, outlen, "ended (maintenance)");
        else
            snprintf(out, outlen, "%s %g, clear level %s %g passed", m,
                     t->value, op, clr);
        break;
    case AE_EV_CANCELLED:
        snprintf(out, outlen, "%s %g no longer %s %g before %d s", m, t->value,
                 op, r->c.threshold, r->c.for_s);
        break;
    case AE_EV_NOTIFY:
        snprintf(out, outlen, "%s %g %s %g, still firing", m, t->value, op,
                 r->c.threshold);
        break;
    default:
        snprintf(out, outlen, "%s", "");
    }
}

static const char *const EVENT_NAMES[] = {"",         "pending",   "firing",
                                          "resolved", "cancelled", "notified"};

/* The 'notified' detail: the action and the dependants folded in. */
static void
notified_text(const struct ae_engine *en, const struct ae_transition *t,
              char *out, size_t outlen)
{
    const struct ae_slot *s = &en->slots[t->slot];
    const struct ae_rule *r = &en->rules[s->rule];
    const char *ids[8];
    size_t n = 0, shown;
    int len;

    if (t->event != AE_EV_RESOLVED)
        n = ae_engine_dependants(en, (int32_t)s->server, ids, 8);
    len = snprintf(
        out, outlen, "%s %s", ALERT_ACTION_NAMES[r->action],
        EVENT_NAMES[t->event == AE_EV_NOTIFY ? AE_EV_FIRING : t->event]);
    if (n == 0 || len < 0 || (size_t)len >= outlen)
        return;
    len += snprintf(out + len, outlen - (size_t)len, "; %zu dependant%s:", n,
                    n == 1 ? "" : "s");
    shown = n < 8 ? n : 8;
    for (size_t i = 0; i < shown && len > 0 && (size_t)len < outlen; i++)
        len += snprintf(out + len, outlen - (size_t)len, " %s", ids[i]);
    if (n > shown && len > 0 && (size_t)len < outlen)
        snprintf(out + len, outlen - (size_t)len, " and %zu more", n - shown);
}

static int
insert_alert(struct store *st, struct ae_engine *en, struct ae_transition *t,
             const char *state, struct err *e)
{
    struct ae_slot *s = &en->slots[t->slot];
    sqlite3_stmt *q = store_prep(st, SQL_INSERT, e);
    if (q == NULL)
        return -1;
    sqlite3_bind_int64(q, 1, en->rules[s->rule].rid);
    store_bind_text(q, 2, en->servers[s->server].id);
    store_bind_text(q, 3, state);
    bind_real(q, 4, t->value);
    bind_time(q, 5, t->predicted);
    sqlite3_bind_int64(q, 6, t->started);
    bind_time(q, 7, t->event == AE_EV_FIRING ? t->at : 0);
    store_bind_text(q, 8, t->cause >= 0 ? en->servers[t->cause].id : NULL);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        s->aid_tx = t->aid = sqlite3_column_int64(q, 0);
    store_done(q);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        /* The rule or the server was deleted since the sample: nothing
         * to record (the statement failed alone, the transaction goes on;
         * the next reload drops the slot). */
        s->aid_tx = t->aid = 0;
        return 0;
    }
    if (rc != SQLITE_ROW)
        return store_fail(st, e, "alert insert");
    return 0;
}

static int
write_one(struct store *st, struct ae_engine *en, struct ae_transition *t,
          struct err *e)
{
    struct ae_slot *s = &en->slots[t->slot];
    sqlite3_stmt *q;

    t->aid = s->aid_tx;
    switch ((enum ae_event)t->event) {
    case AE_EV_PENDING:
        if (insert_alert(st, en, t, "pending", e) < 0)
            return -1;
        break;
    case AE_EV_FIRING:
        if (t->aid == 0)
            return insert_alert(st, en, t, "firing", e) < 0 ? -1 : 0;
        if ((q = store_prep(st, SQL_FIRE, e)) == NULL)
            return -1;
        sqlite3_bind_int64(q, 1, t->at);
        bind_real(q, 2, t->value);
        bind_time(q, 3, t->predicted);
        store_bind_text(q, 4, t->cause >= 0 ? en->servers[t->cause].id : NULL);
        sqlite3_bind_int64(q, 5, t->aid);
        if (store_run(st, q, e, "alert fire") < 0)
            return -1;
        if (sqlite3_changes(st->db) == 0 &&
            insert_alert(st, en, t, "firing", e) < 0)
            return -1; /* the row went away meanwhile: a new one */
        break;
    case AE_EV_RESOLVED:
        if (t->aid == 0)
            break;
        if ((q = store_prep(st, SQL_RESOLVE, e)) == NULL)
            return -1;
        sqlite3_bind_int64(q, 1, t->at);
        bind_real(q, 2, t->value);
        sqlite3_bind_int64(q, 3, t->aid);
        if (store_run(st, q, e, "alert resolve") < 0)
            return -1;
        if (sqlite3_changes(st->db) == 0)
            t->aid = 0; /* deleted meanwhile (rule or server gone) */
        s->aid_tx = 0;
        break;
    case AE_EV_CANCELLED:
        if (t->aid == 0)
            break;
        if ((q = store_prep(st, SQL_CANCEL, e)) == NULL)
            return -1;
        sqlite3_bind_int64(q, 1, t->aid);
        if (store_run(st, q, e, "alert cancel") < 0)
            return -1;
        t->aid = 0; /* the row is gone either way */
        s->aid_tx = 0;
        break;
    default:
        break;
    }
    return 0;
}

int
store_alert_write(struct store *st, struct ae_engine *en, struct err *e)
{
    char detail[512];
    for (size_t i = 0; i < en->nout; i++)
        en->slots[en->out[i].slot].aid_tx = en->slots[en->out[i].slot].aid;
    for (size_t i = 0; i < en->nout; i++) {
        struct ae_transition *t = &en->out[i];
        const struct ae_slot *s = &en->slots[t->slot];
        const char *rule = en->rules[s->rule].name;
        const char *server = en->servers[s->server].id;
        if (t->event != AE_EV_NOTIFY) {
            if (write_one(st, en, t, e) < 0)
                return -1;
            alert_transition_text(en, t, detail, sizeof detail);
            if (store_alert_log(st, t->at, t->aid, rule, server,
                                EVENT_NAMES[t->event], t->value, detail, e) < 0)
                return -1;
            if (t->suppressed) {
                char why[160];
                snprintf(why, sizeof why, "root cause %s is down",
                         t->cause >= 0 ? en->servers[t->cause].id : "?");
                if (store_alert_log(st, t->at, t->aid, rule, server,
                                    "suppressed", t->value, why, e) < 0)
                    return -1;
            }
            if (t->silenced &&
                store_alert_log(st, t->at, t->aid, rule, server, "silenced",
                                t->value, "notified when the silence ends",
                                e) < 0)
                return -1;
        } else {
            t->aid = s->aid_tx;
        }
        if (!t->notify)
            continue;
        if (t->aid == 0) {
            t->notify = 0; /* its row is gone: rule or server deleted */
            continue;
        }
        sqlite3_stmt *q = store_prep(st, SQL_NOTIFIED, e);
        if (q == NULL)
            return -1;
        sqlite3_bind_int64(q, 1, t->at);
        sqlite3_bind_int64(q, 2, t->aid);
        if (store_run(st, q, e, "alert notified") < 0)
            return -1;
        if (sqlite3_changes(st->db) == 0) {
            t->notify = 0;
            continue;
        }
        notified_text(en, t, detail, sizeof detail);
        if (store_alert_log(st, t->at, t->aid, rule, server, "notified",
                            t->value, detail, e) < 0)
            return -1;
    }
    return 0;
}

void
store_alert_committed(struct ae_engine *en)
{
    for (size_t i = 0; i < en->nout; i++)
        en->slots[en->out[i].slot].aid = en->slots[en->out[i].slot].aid_tx;
}
