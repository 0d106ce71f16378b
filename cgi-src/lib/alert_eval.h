/* alert_eval.h — the alert evaluator: a pure, in-memory state machine per
 * (rule, server) and the engine that steps every matching pair when a
 * server's round arrives (docs/alerts.md, "Evaluation").
 *
 * States: inactive -> pending -> firing -> (resolved) inactive.
 * - inactive: the condition "value op threshold" holds -> pending (or
 *   straight to firing when for_s is 0).
 * - pending: the condition no longer holds -> cancelled (inactive); it has
 *   held for for_s seconds (sample times) -> firing.
 * - firing: the value is on the clearing side of the clear level clear_at
 *   (not "value op clear_at"; clear_at NAN = the threshold) and the alert
 *   has fired at least hold_s seconds ago -> resolved. Between the
 *   threshold and the clear level it stays firing (hysteresis); a value
 *   that dips and comes back within hold_s does not resolve (anti-flap).
 * - forecast rules (predict_s > 0): the condition is "the value already
 *   holds, or Holt's forecast (forecast.h) crosses the threshold within
 *   predict_s"; they clear when the value is on the clearing side and the
 *   forecast no longer crosses the clear level within predict_s.
 * A missing value (NAN) changes nothing. Sample times that do not move
 * forward are ignored, so a batch written twice is evaluated once.
 *
 * The engine's hot path (ae_engine_sample) allocates nothing and costs
 * O(rules matching the server); transitions go to an output queue that
 * grows only when more transitions happen at once than ever before.
 * Suppression (alert_topo.h), silences and damping are decided when a
 * batch is settled (ae_engine_settle).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_ALERT_EVAL_H
#define UC_ALERT_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "alert.h"
#include "alert_topo.h"
#include "forecast.h"
#include "valid.h"

enum ae_state { AE_INACTIVE, AE_PENDING, AE_FIRING };

enum ae_event {
    AE_EV_NONE,
    AE_EV_PENDING,   /* inactive -> pending */
    AE_EV_FIRING,    /* pending (or inactive, for_s 0) -> firing */
    AE_EV_RESOLVED,  /* firing -> inactive */
    AE_EV_CANCELLED, /* pending -> inactive before for_s */
    AE_EV_NOTIFY     /* a firing alert notified late: its silence or
                        damping ended, or its root cause recovered */
};

/* What a rule evaluates. */
struct ae_cond {
    enum alert_metric metric;
    enum alert_op op;
    double threshold;
    double clear_at; /* NAN: the threshold */
    int for_s, hold_s, predict_s;
};

/* Slot flags. */
#define AE_F_NOTIFIED 0x01 /* this episode's firing was notified */
#define AE_F_DEFERRED 0x02 /* firing, notification waits (silence/damping) */

/* One (rule, server) pair. */
struct ae_slot {
    int64_t since;     /* episode start (pending), 0 when inactive */
    int64_t fired;     /* firing since, 0 when not firing */
    int64_t predicted; /* forecast crossing time at the last step, 0 none */
    int64_t notified;  /* last notification of this pair (damping), 0 */
    int64_t aid;       /* alerts.aid of the open episode, 0 none */
    int64_t aid_tx;    /* the same inside the store's transaction */
    int64_t cause_ok;  /* suppressed alert: when its cause came back, 0 */
    double value;      /* value at the last step */
    int32_t cause;     /* root-cause server index while suppressed, -1 */
    int32_t holt;      /* forecast model index, -1 for plain rules */
    uint32_t server;   /* index of its server */
    uint16_t rule;     /* index into the engine's rules */
    uint8_t state;     /* enum ae_state */
    uint8_t flags;     /* AE_F_* */
};

/* One step of the state machine for a sample (ts, v); h is the forecast
 * model (already updated with the sample) for predict_s > 0, else
 * ignored (may be NULL). Pure: changes only *s. */
enum ae_event ae_step(const struct ae_cond *c, struct ae_slot *s, int64_t ts,
                      double v, const struct holt *h);

/* ---- the engine ---- */

/* A root's firing notification waits at most this long while servers
 * that depend on it are down but not yet firing (their alerts still
 * pending), so that one notice lists them all (Alertmanager's
 * group_wait). */
#define AE_GROUP_WAIT_S 30

#define AE_NAME_MAX   64
#define AE_TARGET_MAX 1024

struct ae_rule {
    long long rid;
    char name[AE_NAME_MAX + 1];
    struct ae_cond c;
    enum alert_severity severity;
    enum alert_action action;
    char target[AE_TARGET_MAX + 1];
};

struct ae_server {
    char id[VALID_ID_MAX + 1];
    char name[VALID_NAME_MAX + 1];
    char type[16];
    char ip[VALID_HOST_MAX + 1];
    char region[VALID_REGION_MAX + 1];
    char cluster[VALID_ID_MAX + 1]; /* first cluster by name, "" none */
    long long rid;                  /* servers.rid (history key) */
    uint32_t first, n;              /* its slots: [first, first + n) */
    int64_t t_checked, t_metrics;   /* last sample times taken */
    uint32_t open;                  /* slots pending or firing */
    int32_t hnext;                  /* id hash chain, -1 end */
    uint8_t down;                   /* inactive, or its last round failed */
    uint8_t maint;                  /* in maintenance */
};

/* One transition for the store and the notifier. */
struct ae_transition {
    uint32_t slot;
    uint8_t event;      /* enum ae_event */
    uint8_t notify;     /* 1: hand to the action */
    uint8_t suppressed; /* firing folded into cause's notification */
    uint8_t silenced;   /* firing during a silence (notified when it ends) */
    uint8_t damped;     /* firing within the damping interval */
    uint8_t grouping;   /* notification waits for dependants to fire */
    int32_t cause;      /* root-cause server index, -1 none */
    int64_t at;
    int64_t started;
    int64_t predicted;
    int64_t aid; /* the alert row, filled by the store when written */
    double value;
};

/* A silence as loaded: rule index or -1 (all), server index or -1. */
struct ae_silence {
    int32_t rule, server;
    int64_t until;
};

struct ae_engine {
    struct ae_rule *rules;
    size_t nrules;
    struct ae_server *servers;
    size_t nservers;
    int32_t *hash; /* id hash heads, size hmask + 1 */
    size_t hmask;
    struct ae_slot *slots;
    size_t nslots, slotcap;
    struct holt *holts;
    size_t nholts;
    struct ae_silence *silences;
    size_t nsilences;
    struct alert_topo *topo; /* may be NULL: no suppression */
    uint8_t *down;           /* per server, what alert_topo reads */
    int notify_interval_s;   /* damping, <= 0 none */
    /* output queue */
    struct ae_transition *out;
    size_t nout, outcap;
    size_t nsettled; /* out[0..nsettled) went through ae_engine_settle */
    size_t deferred; /* slots with AE_F_DEFERRED or a cleared cause */
    int overflow;    /* the queue could not grow: transitions lost */
};

/* Empty engine with room for nservers servers and nrules rules (fill
 * en->servers[0..nservers) and en->rules[..] then call ae_engine_index
 * and ae_engine_add_slot in server order). 0, or -1 on OOM (free with
 * ae_engine_free either way). */
int ae_engine_init(struct ae_engine *en, size_t nservers, size_t nrules);

/* Builds the id hash once the servers are filled. */
void ae_engine_index(struct ae_engine *en);

/* Adds the slot (server si, rule ri); servers in increasing order, each
 * server's rules together. 0, or -1 on OOM. */
int ae_engine_add_slot(struct ae_engine *en, uint32_t si, uint16_t ri);

/* The server index of id (ASCII case-insensitive), or -1. */
int32_t ae_engine_find(const struct ae_engine *en, const char *id);

/* The slot of (server si, rule rid), or NULL. */
struct ae_slot *ae_engine_slot(struct ae_engine *en, uint32_t si,
                               long long rid);

/* Takes the soft state of old (sample times, down flags, forecast
 * models) for servers and rules that still exist. */
void ae_engine_carry(struct ae_engine *en, const struct ae_engine *old);

/* 1 when rule r's scope takes server s, given s's clusters. */
int ae_scope_match(const char *scope, const char *value,
                   const struct ae_server *s, const char *const *clusters,
                   size_t nclusters);

/* Feeds server si's latest round: v[] indexed by alert_metric (NAN =
 * unknown), t_checked the round's time (latency, up), t_metrics the
 * metrics' time (the rest), down = inactive or every check failed,
 * maint = in maintenance (pending alerts are cancelled and firing ones
 * resolved; nothing starts). Steps every slot of the server whose sample
 * time moved forward. Allocation-free unless the output queue must
 * grow. */
void ae_engine_sample(struct ae_engine *en, uint32_t si,
                      const double v[AM__COUNT], int64_t t_checked,
                      int64_t t_metrics, int down, int maint);

/* After a batch of samples: decides for each firing transition queued
 * whether it is suppressed (its server depends on a down server that has
 * an open alert: cause = the root), silenced or damped, waits for its
 * dependants (AE_GROUP_WAIT_S), else notified;
 * queues late notifications (AE_EV_NOTIFY) for deferred alerts whose
 * silence or damping ended and for suppressed alerts whose cause has
 * been back for the rule's for_s (at least 30 s). now: Unix seconds. */
void ae_engine_settle(struct ae_engine *en, int64_t now);

/* The servers whose open alerts have cause == root (at most max ids into
 * ids, sorted, borrowed from the engine); returns how many there are in
 * all. Walks only the servers downstream of root. */
size_t ae_engine_dependants(const struct ae_engine *en, int32_t root,
                            const char **ids, size_t max);

/* Empties the output queue (after the store wrote it). */
void ae_engine_clear_out(struct ae_engine *en);

void ae_engine_free(struct ae_engine *en);

#endif
