/* alert_eval.c — the per-(rule, server) state machine and the engine that
 * runs it after each batch of samples (alert_eval.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alert_action.h"
#include "alert_eval.h"

enum ae_event
ae_step(const struct ae_cond *c, struct ae_slot *s, int64_t ts, double v,
        const struct holt *h)
{
    double clr = isnan(c->clear_at) ? c->threshold : c->clear_at;
    int cond, clear;

    if (!isfinite(v))
        return AE_EV_NONE;
    if (c->predict_s > 0 && h != NULL) {
        int64_t x = holt_crossing(h, c->op, c->threshold, c->predict_s);
        int64_t xc = holt_crossing(h, c->op, clr, c->predict_s);
        cond = alert_op_holds(c->op, v, c->threshold) || x >= 0;
        clear = !alert_op_holds(c->op, v, clr) && xc < 0;
        s->predicted = x >= 0 ? h->t + x : 0;
    } else {
        cond = alert_op_holds(c->op, v, c->threshold);
        clear = !alert_op_holds(c->op, v, clr);
    }
    s->value = v;
    switch ((enum ae_state)s->state) {
    case AE_INACTIVE:
        if (!cond)
            return AE_EV_NONE;
        s->since = ts;
        if (c->for_s <= 0) {
            s->state = AE_FIRING;
            s->fired = ts;
            return AE_EV_FIRING;
        }
        s->state = AE_PENDING;
        return AE_EV_PENDING;
    case AE_PENDING:
        if (!cond) {
            s->state = AE_INACTIVE;
            return AE_EV_CANCELLED;
        }
        if (ts - s->since < c->for_s)
            return AE_EV_NONE;
        s->state = AE_FIRING;
        s->fired = ts;
        return AE_EV_FIRING;
    case AE_FIRING:
        if (!clear || ts - s->fired < c->hold_s)
            return AE_EV_NONE;
        s->state = AE_INACTIVE;
        return AE_EV_RESOLVED;
    }
    return AE_EV_NONE;
}

/* ---- building ---- */

int
ae_engine_init(struct ae_engine *en, size_t nservers, size_t nrules)
{
    memset(en, 0, sizeof *en);
    en->notify_interval_s = ALERT_ACTION_INTERVAL_DEFAULT;
    en->rules = calloc(nrules ? nrules : 1, sizeof *en->rules);
    en->servers = calloc(nservers ? nservers : 1, sizeof *en->servers);
    en->down = calloc(nservers ? nservers : 1, sizeof *en->down);
    size_t h = 16;
    while (h < nservers * 2)
        h *= 2;
    en->hash = malloc(h * sizeof *en->hash);
    en->hmask = h - 1;
    if (!en->rules || !en->servers || !en->down || !en->hash)
        return -1;
    en->nrules = nrules;
    en->nservers = nservers;
    for (size_t i = 0; i < h; i++)
        en->hash[i] = -1;
    return 0;
}

/* FNV-1a over the id folded to lower case (ids compare NOCASE). */
static uint32_t
id_hash(const char *id)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * 16777619u;
    }
    return h;
}

void
ae_engine_index(struct ae_engine *en)
{
    for (size_t i = 0; i < en->nservers; i++) {
        uint32_t b = id_hash(en->servers[i].id) & (uint32_t)en->hmask;
        en->servers[i].hnext = en->hash[b];
        en->hash[b] = (int32_t)i;
    }
}

int32_t
ae_engine_find(const struct ae_engine *en, const char *id)
{
    if (en->hash == NULL)
        return -1;
    int32_t i = en->hash[id_hash(id) & (uint32_t)en->hmask];
    for (; i >= 0; i = en->servers[i].hnext)
        if (strcasecmp(en->servers[i].id, id) == 0)
            return i;
    return -1;
}

int
ae_engine_add_slot(struct ae_engine *en, uint32_t si, uint16_t ri)
{
    if (en->nslots == en->slotcap) {
        size_t n = en->slotcap ? en->slotcap * 2 : 1024;
        struct ae_slot *s = realloc(en->slots, n * sizeof *s);
        if (s == NULL)
            return -1;
        en->slots = s;
        en->slotcap = n;
    }
    struct ae_server *sv = &en->servers[si];
    if (sv->n == 0)
        sv->first = (uint32_t)en->nslots;
    sv->n++;
    struct ae_slot *s = &en->slots[en->nslots++];
    memset(s, 0, sizeof *s);
    s->cause = -1;
    s->holt = -1;
    s->rule = ri;
    s->server = si;
    s->value = NAN;
    if (en->rules[ri].c.predict_s > 0) {
        struct holt *h = realloc(en->holts, (en->nholts + 1) * sizeof *h);
        if (h == NULL)
            return -1;
        en->holts = h;
        holt_init(&en->holts[en->nholts]);
        s->holt = (int32_t)en->nholts++;
    }
    return 0;
}

struct ae_slot *
ae_engine_slot(struct ae_engine *en, uint32_t si, long long rid)
{
    const struct ae_server *sv = &en->servers[si];
    for (uint32_t k = sv->first; k < sv->first + sv->n; k++)
        if (en->rules[en->slots[k].rule].rid == rid)
            return &en->slots[k];
    return NULL;
}

void
ae_engine_carry(struct ae_engine *en, const struct ae_engine *old)
{
    for (size_t i = 0; i < en->nservers; i++) {
        struct ae_server *sv = &en->servers[i];
        int32_t o = ae_engine_find(old, sv->id);
        if (o < 0)
            continue;
        const struct ae_server *ov = &old->servers[o];
        sv->t_checked = ov->t_checked;
        sv->t_metrics = ov->t_metrics;
        sv->down = ov->down;
        sv->maint = ov->maint;
        en->down[i] = ov->down;
        for (uint32_t k = sv->first; k < sv->first + sv->n; k++) {
            struct ae_slot *s = &en->slots[k];
            const struct ae_rule *r = &en->rules[s->rule];
            for (uint32_t j = ov->first; j < ov->first + ov->n; j++) {
                const struct ae_slot *os = &old->slots[j];
                const struct ae_rule *orl = &old->rules[os->rule];
                if (orl->rid != r->rid)
                    continue;
                if (s->notified < os->notified)
                    s->notified = os->notified;
                if (s->holt >= 0 && os->holt >= 0 &&
                    orl->c.metric == r->c.metric)
                    en->holts[s->holt] = old->holts[os->holt];
                break;
            }
        }
    }
}

static int
eq(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

int
ae_scope_match(const char *scope, const char *value, const struct ae_server *s,
               const char *const *clusters, size_t nclusters)
{
    if (eq(scope, "all"))
        return 1;
    if (eq(scope, "type"))
        return eq(s->type, value);
    if (eq(scope, "region"))
        return eq(s->region, value);
    if (eq(scope, "server"))
        return eq(s->id, value);
    if (eq(scope, "cluster")) {
        for (size_t i = 0; i < nclusters; i++)
            if (eq(clusters[i], value))
                return 1;
    }
    return 0;
}

void
ae_engine_free(struct ae_engine *en)
{
    free(en->rules);
    free(en->servers);
    free(en->hash);
    free(en->slots);
    free(en->holts);
    free(en->silences);
    free(en->down);
    free(en->out);
    memset(en, 0, sizeof *en);
}

/* ---- evaluating ---- */

static struct ae_transition *
push(struct ae_engine *en, uint32_t slot, enum ae_event ev, int64_t at,
     int64_t started)
{
    if (en->nout == en->outcap) {
        size_t n = en->outcap ? en->outcap * 2 : 256;
        struct ae_transition *o = realloc(en->out, n * sizeof *o);
        if (o == NULL) {
            en->overflow++;
            return NULL;
        }
        en->out = o;
        en->outcap = n;
    }
    const struct ae_slot *s = &en->slots[slot];
    struct ae_transition *t = &en->out[en->nout++];
    memset(t, 0, sizeof *t);
    t->slot = slot;
    t->event = (uint8_t)ev;
    t->cause = -1;
    t->at = at;
    t->started = started;
    t->predicted = s->predicted;
    t->value = s->value;
    return t;
}

/* Ends an open episode without a sample (maintenance). */
static void
end_episode(struct ae_engine *en, struct ae_server *sv, uint32_t k, int64_t at)
{
    struct ae_slot *s = &en->slots[k];
    if (s->state == AE_INACTIVE)
        return;
    enum ae_event ev =
        s->state == AE_PENDING ? AE_EV_CANCELLED : AE_EV_RESOLVED;
    struct ae_transition *t = push(en, k, ev, at, s->since);
    if (t != NULL) {
        t->notify = ev == AE_EV_RESOLVED && (s->flags & AE_F_NOTIFIED);
        t->value = NAN; /* no sample ended it: maintenance */
    }
    s->state = AE_INACTIVE;
    s->flags = 0;
    s->cause = -1;
    s->cause_ok = 0;
    if (sv->open > 0)
        sv->open--;
}

void
ae_engine_sample(struct ae_engine *en, uint32_t si, const double v[AM__COUNT],
                 int64_t t_checked, int64_t t_metrics, int down, int maint)
{
    struct ae_server *sv = &en->servers[si];
    int newc = t_checked > sv->t_checked, newm = t_metrics > sv->t_metrics;

    sv->down = (uint8_t)(down != 0);
    en->down[si] = sv->down;
    if (maint) {
        if (!sv->maint)
            for (uint32_t k = sv->first; k < sv->first + sv->n; k++)
                end_episode(en, sv, k, t_checked > 0 ? t_checked : t_metrics);
        sv->maint = 1;
        sv->down = 0;
        en->down[si] = 0;
        if (newc)
            sv->t_checked = t_checked;
        if (newm)
            sv->t_metrics = t_metrics;
        return;
    }
    sv->maint = 0;
    if (!newc && !newm)
        return;
    for (uint32_t k = sv->first; k < sv->first + sv->n; k++) {
        struct ae_slot *s = &en->slots[k];
        const struct ae_rule *r = &en->rules[s->rule];
        enum alert_metric m = r->c.metric;
        int by_round = m == AM_LATENCY || m == AM_UP;
        int64_t ts = by_round ? t_checked : t_metrics;
        if (!(by_round ? newc : newm))
            continue;
        double x = v[m];
        const struct holt *h = NULL;
        if (s->holt >= 0) {
            struct holt *hm = &en->holts[s->holt];
            holt_update(hm, ts, x, FORECAST_ALPHA, FORECAST_BETA);
            h = hm;
        }
        int64_t since = s->since;
        int was_open = s->state != AE_INACTIVE;
        enum ae_event ev = ae_step(&r->c, s, ts, x, h);
        if (ev == AE_EV_NONE)
            continue;
        int is_open = s->state != AE_INACTIVE;
        if (is_open && !was_open)
            sv->open++;
        else if (!is_open && was_open && sv->open > 0)
            sv->open--;
        struct ae_transition *t = push(
            en, k, ev, ts,
            ev == AE_EV_RESOLVED || ev == AE_EV_CANCELLED ? since : s->since);
        if (ev == AE_EV_RESOLVED) {
            if (t != NULL)
                t->notify = (s->flags & AE_F_NOTIFIED) != 0;
            s->flags = 0;
            s->cause = -1;
            s->cause_ok = 0;
        }
    }
    if (newc)
        sv->t_checked = t_checked;
    if (newm)
        sv->t_metrics = t_metrics;
}

/* ---- settling: suppression, silences, damping ---- */

static int
silenced(const struct ae_engine *en, const struct ae_slot *s, uint32_t si,
         int64_t now)
{
    for (size_t i = 0; i < en->nsilences; i++) {
        const struct ae_silence *q = &en->silences[i];
        if (q->until > now && (q->rule < 0 || q->rule == (int32_t)s->rule) &&
            (q->server < 0 || q->server == (int32_t)si))
            return 1;
    }
    return 0;
}

/* Silence, then damping: notify now (1) or defer (0). */
static int
may_notify_now(struct ae_engine *en, struct ae_slot *s, uint32_t si,
               int64_t now, struct ae_transition *t)
{
    if (silenced(en, s, si, now)) {
        if (t != NULL)
            t->silenced = 1;
        return 0;
    }
    if (!alert_action_may_notify(s->notified, now, en->notify_interval_s)) {
        if (t != NULL)
            t->damped = 1;
        return 0;
    }
    return 1;
}

struct settling {
    const struct ae_engine *en;
    int found;
};

static int
settling_cb(void *ctx, uint32_t c)
{
    struct settling *w = ctx;
    const struct ae_server *sv = &w->en->servers[c];
    if (w->en->down[c] && sv->open == 0)
        return w->found = 1; /* down, its alert not even pending yet */
    for (uint32_t k = sv->first; k < sv->first + sv->n; k++)
        if (w->en->slots[k].state == AE_PENDING)
            return w->found = 1;
    return 0;
}

/* 1 while a fired root should wait for its dependants to fire. */
static int
dependants_settling(struct ae_engine *en, const struct ae_slot *s, int64_t now)
{
    struct settling w = {en, 0};
    if (en->topo == NULL || now - s->fired >= AE_GROUP_WAIT_S)
        return 0;
    alert_topo_dependants(en->topo, s->server, settling_cb, &w);
    return w.found;
}

static void
notify_slot(struct ae_slot *s, int64_t now)
{
    s->flags = (uint8_t)((s->flags | AE_F_NOTIFIED) & ~AE_F_DEFERRED);
    s->notified = now;
}

/* Late notifications: deferred alerts and suppressed ones whose cause is
 * back up. Only walks the slots when some need it. */
static void
settle_deferred(struct ae_engine *en, int64_t now)
{
    size_t need = 0;
    if (en->deferred == 0)
        return;
    for (uint32_t si = 0; si < en->nservers; si++) {
        const struct ae_server *sv = &en->servers[si];
        if (sv->open == 0)
            continue;
        for (uint32_t k = sv->first; k < sv->first + sv->n; k++) {
            struct ae_slot *s = &en->slots[k];
            if (s->state != AE_FIRING)
                continue;
            if (s->cause >= 0) {
                if (en->down[s->cause]) {
                    s->cause_ok = 0;
                    need++;
                    continue;
                }
                if (s->cause_ok == 0)
                    s->cause_ok = now;
                int grace = en->rules[s->rule].c.for_s;
                if (grace < 30)
                    grace = 30;
                if (now - s->cause_ok < grace) {
                    need++;
                    continue;
                }
                s->cause = -1; /* its own problem now */
                s->cause_ok = 0;
                s->flags |= AE_F_DEFERRED;
            }
            if (!(s->flags & AE_F_DEFERRED))
                continue;
            if (!may_notify_now(en, s, si, now, NULL) ||
                dependants_settling(en, s, now)) {
                need++;
                continue;
            }
            struct ae_transition *t = push(en, k, AE_EV_NOTIFY, now, s->since);
            if (t == NULL) {
                need++;
                continue;
            }
            t->notify = 1;
            t->value = s->value;
            notify_slot(s, now);
        }
    }
    en->deferred = need;
}

void
ae_engine_settle(struct ae_engine *en, int64_t now)
{
    size_t end = en->nout;
    settle_deferred(en, now);
    for (size_t i = en->nsettled; i < end; i++) {
        struct ae_transition *t = &en->out[i];
        if (t->event != AE_EV_FIRING)
            continue;
        struct ae_slot *s = &en->slots[t->slot];
        if (s->state != AE_FIRING || s->fired != t->at)
            continue; /* resolved again within the batch */
        uint32_t si = s->server;
        int32_t root =
            en->topo != NULL ? alert_topo_root(en->topo, si, en->down) : -1;
        if (root >= 0 && en->servers[root].open > 0) {
            t->suppressed = 1;
            t->cause = root;
            s->cause = root;
            s->cause_ok = 0;
            en->deferred++;
        } else if (may_notify_now(en, s, si, now, t) &&
                   !(t->grouping = (uint8_t)dependants_settling(en, s, now))) {
            t->notify = 1;
            notify_slot(s, now);
        } else {
            s->flags |= AE_F_DEFERRED;
            en->deferred++;
        }
    }
    en->nsettled = en->nout;
}

struct dep_walk {
    const struct ae_engine *en;
    int32_t root;
    const char **ids;
    size_t max, n;
};

static int
dep_cb(void *ctx, uint32_t c)
{
    struct dep_walk *w = ctx;
    const struct ae_server *sv = &w->en->servers[c];
    if (sv->open == 0)
        return 0;
    for (uint32_t k = sv->first; k < sv->first + sv->n; k++)
        if (w->en->slots[k].state != AE_INACTIVE &&
            w->en->slots[k].cause == w->root) {
            if (w->n < w->max)
                w->ids[w->n] = sv->id;
            w->n++;
            break;
        }
    return 0;
}

static int
by_id(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t
ae_engine_dependants(const struct ae_engine *en, int32_t root, const char **ids,
                     size_t max)
{
    struct dep_walk w = {en, root, ids, max, 0};
    /* Only servers downstream of root can name it as their cause: walk
     * the topology, not the estate. */
    if (en->topo == NULL || root < 0 || (size_t)root >= en->nservers)
        return 0;
    alert_topo_dependants(en->topo, (uint32_t)root, dep_cb, &w);
    qsort(ids, w.n < max ? w.n : max, sizeof *ids, by_id);
    return w.n;
}

void
ae_engine_clear_out(struct ae_engine *en)
{
    en->nout = 0;
    en->nsettled = 0;
}
