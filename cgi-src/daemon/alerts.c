/* alerts.c — alert rules evaluated by the daemon after each batch of
 * results (docs/alerts.md). flush.c hands every written round to
 * alerts_sample (in memory, no I/O) and calls alerts_flush once the batch
 * is committed: the transitions are written in a second short write
 * transaction, logged, and the notifications queued to one worker thread
 * that runs the actions (alert_action.h: they block for up to
 * action_timeout seconds, so never on the event loop) and records their
 * outcome with its own database connection. Rules, servers, topology and
 * silences are reloaded when another connection commits (PRAGMA
 * data_version) or the module config changes, at most every 5 s.
 * SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE /* pthread_timedjoin_np */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "alert_action.h"
#include "alert_eval.h"
#include "daemon.h"
#include "forecast.h"
#include "hist.h"
#include "log.h"
#include "store_alert_state.h"

#define JOBS_MAX    1024 /* notifications waiting for the worker */
#define DEPS_MAX    1000 /* dependants listed in one notice */
#define STOP_WAIT_S 2    /* how long a stop waits for a running action */
/* Reloads after edits at most this often: the action worker's own log
 * rows count as edits (data_version), and a reload of 10,000 servers
 * costs ~40 ms. */
#define RELOAD_MIN_MS 5000

/* One notification for the worker: a deep copy of the notice. */
/* One notification waiting for the worker: what to send, not how (the
 * action settings, 7.7 KB, are read when it is sent: a storm of 1,024
 * queued jobs held 10 MB with a copy in each). */
struct job {
    struct job *next;
    enum alert_action kind;
    char *target; /* the rule's target, "" for the default */
    char event[12], rule[AE_NAME_MAX + 1], metric[16], op[4], severity[12];
    char server[VALID_ID_MAX + 1], server_name[VALID_NAME_MAX + 1];
    char server_ip[VALID_HOST_MAX + 1], server_type[16];
    char region[VALID_REGION_MAX + 1], cluster[VALID_ID_MAX + 1];
    char reason[512];
    long long aid, started, at, predicted;
    double threshold, value;
    int ndeps;
    char *deps;        /* ndeps NUL-terminated ids, one block */
    const char **depv; /* pointers into deps */
};

struct alerts {
    struct ae_engine en;
    struct alert_topo *topo;
    struct alert_overrides ov;
    struct alert_action_conf conf;    /* written under mu (config_read) */
    struct alert_action_conf sending; /* the worker's copy, per job */
    struct hist *hist;                /* reader: seeds forecast models */
    long long data_version;
    time_t cfg_mtime;
    long cfg_mtime_ns;
    off_t cfg_size;
    int loaded, need_reload;
    int64_t next_reload_ms;
    long write_failures; /* in a row; the log is told 10 times, then
                            every 60th */
    char cfg_path[DCONF_PATH_MAX + 64];
    char db_path[DCONF_PATH_MAX];
    /* the worker */
    pthread_t th;
    int th_started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct job *head, *tail;
    size_t njobs;
    int stop, busy;
};

static const char *const OPS[] = {">", ">=", "<", "<="};
static const char *const SEVERITY_NAMES[] = {"info", "warning", "critical"};

/* ---- configuration ---- */

/* Re-reads the module config when it changed; 1 when it did. */
static int
config_read(struct alerts *a)
{
    struct stat sb;
    struct cfgmap m = {0};
    struct err e;

    if (stat(a->cfg_path, &sb) < 0)
        memset(&sb, 0, sizeof sb);
    if (a->loaded && sb.st_mtim.tv_sec == a->cfg_mtime &&
        sb.st_mtim.tv_nsec == a->cfg_mtime_ns && sb.st_size == a->cfg_size)
        return 0;
    a->cfg_mtime = sb.st_mtim.tv_sec;
    a->cfg_mtime_ns = sb.st_mtim.tv_nsec;
    a->cfg_size = sb.st_size;
    if (cfgmap_read(&m, a->cfg_path) < 0 && errno != ENOENT)
        log_msg("daemon: alerts: cannot read %s", a->cfg_path);
    alert_overrides_read(&a->ov, &m);
    /* The worker reads a->conf under the lock (job_run): load a copy. */
    struct alert_action_conf *fresh = malloc(sizeof *fresh);
    if (fresh != NULL) {
        *fresh = a->conf;
        if (alert_action_conf_load(fresh, &m, &e) < 0)
            log_msg("daemon: alerts: config %s is not valid (%s); its "
                    "default is used",
                    e.field, e.key);
        pthread_mutex_lock(&a->mu);
        a->conf = *fresh;
        pthread_mutex_unlock(&a->mu);
        free(fresh);
    } else {
        log_msg("daemon: alerts: out of memory reading %s", a->cfg_path);
    }
    a->en.notify_interval_s = a->conf.notify_interval_s;
    cfgmap_free(&m);
    return 1;
}

/* ---- loading ---- */

static void
seed_forecasts(struct alerts *a, int64_t now)
{
    struct ae_engine *en = &a->en;
    struct err e;
    int failed = 0;

    if (en->nholts == 0)
        return;
    if (a->hist == NULL) {
        char dir[DCONF_PATH_MAX + 16];
        struct hist_options opt = {.readonly = 1};
        if (hist_dir_for_db(a->db_path, dir, sizeof dir) < 0 ||
            hist_open(dir, &opt, &a->hist, &e) < 0) {
            a->hist = NULL;
            return; /* the models learn from the samples that come */
        }
    }
    for (size_t k = 0; k < en->nslots; k++) {
        const struct ae_slot *s = &en->slots[k];
        if (s->holt < 0 || en->holts[s->holt].n > 0)
            continue;
        int hm = forecast_hist_metric(en->rules[s->rule].c.metric);
        const struct ae_server *sv = &en->servers[s->server];
        if (hm < 0 || sv->rid <= 0)
            continue;
        if (forecast_fit_hist(a->hist, sv->rid, (enum hist_metric)hm, now,
                              FORECAST_WINDOW_S, &en->holts[s->holt], &e) < 0)
            failed++;
    }
    if (failed)
        log_msg("daemon: alerts: %d forecasts could not read the history",
                failed);
}

/* Loads a fresh engine; the old one's soft state carries over. */
static int
reload(struct daemon *d, struct alerts *a, int64_t now)
{
    struct ae_engine fresh;
    struct alert_topo *topo = calloc(1, sizeof *topo);
    struct err e;
    int64_t t0 = mono_us();

    if (topo == NULL)
        return -1;
    memset(&fresh, 0, sizeof fresh);
    fresh.notify_interval_s = a->conf.notify_interval_s;
    if (store_begin(d->st, 1, &e) < 0)
        goto fail;
    if (store_alert_load(d->st, &a->ov, &fresh, topo, now, !a->loaded, &e) <
            0 ||
        store_commit(d->st, &e) < 0) {
        store_rollback(d->st);
        goto fail;
    }
    if (a->loaded)
        ae_engine_carry(&fresh, &a->en);
    ae_engine_free(&a->en);
    if (a->topo != NULL) {
        alert_topo_free(a->topo);
        free(a->topo);
    }
    a->en = fresh;
    a->topo = topo;
    if (!a->loaded)
        log_msg("daemon: alerts: %zu rules, %zu rule-server pairs, "
                "%zu forecast models (%.1f ms)",
                a->en.nrules, a->en.nslots, a->en.nholts,
                (double)(mono_us() - t0) / 1000.0);
    a->loaded = 1;
    a->need_reload = 0;
    seed_forecasts(a, now);
    return 0;
fail:
    log_msg("daemon: alerts: cannot load the rules (%s); retrying", e.key);
    ae_engine_free(&fresh);
    alert_topo_free(topo);
    free(topo);
    a->need_reload = 1;
    return -1;
}

/* ---- the worker ---- */

static void
job_free(struct job *j)
{
    if (j == NULL)
        return;
    free(j->target);
    free(j->deps);
    free(j->depv);
    free(j);
}

static void
job_notice(const struct job *j, struct alert_notice *n)
{
    memset(n, 0, sizeof *n);
    n->event = j->event;
    n->alert_id = j->aid;
    n->rule = j->rule;
    n->metric = j->metric;
    n->op = j->op;
    n->threshold = j->threshold;
    n->value = j->value;
    n->severity = j->severity;
    n->server = j->server;
    n->server_name = j->server_name;
    n->server_ip = j->server_ip;
    n->server_type = j->server_type;
    n->region = j->region;
    n->cluster = j->cluster;
    n->cause = "";
    n->dependants = j->depv;
    n->ndependants = j->ndeps;
    n->started = j->started;
    n->at = j->at;
    n->predicted = j->predicted;
    n->reason = j->reason;
}

/* Sends j with the action settings conf (the worker's copy of a->conf). */
static void
job_run(struct alerts *a, struct store **wst, struct job *j,
        const struct alert_action_conf *conf)
{
    struct alert_notice n;
    struct alert_action_result r;
    char sum[768];
    struct err e;

    if (*wst == NULL && store_open(a->db_path, wst, &e) < 0) {
        log_msg("daemon: alerts: the action worker cannot open %s (%s)",
                a->db_path, e.key);
        *wst = NULL;
    }
    job_notice(j, &n);
    alert_action_run(conf, j->kind, j->target, &n, *wst, &r);
    alert_action_summary(j->kind, &r, sum, sizeof sum);
    log_msg("alert %s on %s: %s %s", j->rule, j->server, j->event, sum);
    if (*wst == NULL)
        return;
    if (store_begin(*wst, 1, &e) < 0 ||
        store_alert_log(*wst, (int64_t)time(NULL), j->aid, j->rule, j->server,
                        r.ok ? "action" : "action_failed", j->value, sum,
                        &e) < 0 ||
        store_commit(*wst, &e) < 0) {
        store_rollback(*wst);
        log_msg("daemon: alerts: cannot record the action of %s on %s (%s)",
                j->rule, j->server, e.key);
    }
}

static void *
worker(void *arg)
{
    struct alerts *a = arg;
    struct store *wst = NULL;

    pthread_mutex_lock(&a->mu);
    for (;;) {
        while (a->head == NULL && !a->stop)
            pthread_cond_wait(&a->cv, &a->mu);
        if (a->stop)
            break;
        struct job *j = a->head;
        a->head = j->next;
        if (a->head == NULL)
            a->tail = NULL;
        a->njobs--;
        a->busy = 1;
        a->sending = a->conf;
        pthread_mutex_unlock(&a->mu);
        job_run(a, &wst, j, &a->sending);
        job_free(j);
        pthread_mutex_lock(&a->mu);
        a->busy = 0;
        pthread_cond_broadcast(&a->cv);
    }
    pthread_mutex_unlock(&a->mu);
    store_close(wst);
    return NULL;
}

static void
enqueue(struct alerts *a, struct job *j)
{
    pthread_mutex_lock(&a->mu);
    if (a->njobs >= JOBS_MAX || !a->th_started) {
        pthread_mutex_unlock(&a->mu);
        log_msg("alert %s on %s: %s not sent: %s", j->rule, j->server, j->event,
                a->th_started ? "too many notifications waiting"
                              : "no action worker");
        job_free(j);
        return;
    }
    j->next = NULL;
    if (a->tail != NULL)
        a->tail->next = j;
    else
        a->head = j;
    a->tail = j;
    a->njobs++;
    pthread_cond_signal(&a->cv);
    pthread_mutex_unlock(&a->mu);
}

static struct job *
job_make(struct alerts *a, const struct ae_transition *t, const char *reason)
{
    const struct ae_engine *en = &a->en;
    const struct ae_slot *s = &en->slots[t->slot];
    const struct ae_rule *r = &en->rules[s->rule];
    const struct ae_server *sv = &en->servers[s->server];
    struct job *j = calloc(1, sizeof *j);

    if (j == NULL)
        return NULL;
    j->kind = r->action;
    if ((j->target = strdup(r->target)) == NULL) {
        free(j);
        return NULL;
    }
    snprintf(j->event, sizeof j->event, "%s",
             t->event == AE_EV_RESOLVED ? "resolved" : "firing");
    snprintf(j->rule, sizeof j->rule, "%s", r->name);
    snprintf(j->metric, sizeof j->metric, "%s",
             ALERT_METRIC_NAMES[r->c.metric]);
    snprintf(j->op, sizeof j->op, "%s", OPS[r->c.op]);
    snprintf(j->severity, sizeof j->severity, "%s",
             SEVERITY_NAMES[r->severity]);
    snprintf(j->server, sizeof j->server, "%s", sv->id);
    snprintf(j->server_name, sizeof j->server_name, "%s", sv->name);
    snprintf(j->server_ip, sizeof j->server_ip, "%s", sv->ip);
    snprintf(j->server_type, sizeof j->server_type, "%s", sv->type);
    snprintf(j->region, sizeof j->region, "%s", sv->region);
    snprintf(j->cluster, sizeof j->cluster, "%s", sv->cluster);
    snprintf(j->reason, sizeof j->reason, "%s", reason);
    j->aid = t->aid;
    j->started = t->started;
    j->at = t->at;
    j->predicted = t->predicted;
    j->threshold = r->c.threshold;
    j->value = t->value;
    if (t->event == AE_EV_RESOLVED)
        return j;
    /* The dependants folded into this notice (their own alerts name this
     * server as the cause). */
    const char *ids[DEPS_MAX];
    size_t n = ae_engine_dependants(en, (int32_t)s->server, ids, DEPS_MAX);
    if (n > DEPS_MAX)
        n = DEPS_MAX;
    if (n == 0)
        return j;
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(ids[i]) + 1;
    j->deps = malloc(len);
    j->depv = malloc(n * sizeof *j->depv);
    if (j->deps == NULL || j->depv == NULL) {
        job_free(j);
        return NULL;
    }
    char *p = j->deps;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(ids[i]) + 1;
        memcpy(p, ids[i], l);
        j->depv[i] = p;
        p += l;
    }
    j->ndeps = (int)n;
    return j;
}

/* ---- the daemon's calls ---- */

int
alerts_init(struct daemon *d)
{
    struct alerts *a = calloc(1, sizeof *a);
    if (a == NULL)
        return -1;
    snprintf(a->cfg_path, sizeof a->cfg_path, "%s/unlimited-cluster/config",
             d->cf.config_dir);
    snprintf(a->db_path, sizeof a->db_path, "%s", d->cf.db_path);
    alert_action_conf_default(&a->conf);
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->cv, NULL);
    d->alerts = a;
    struct err e;
    config_read(a);
    store_data_version(d->st, &a->data_version, &e);
    reload(d, a, (int64_t)time(NULL));
    if (pthread_create(&a->th, NULL, worker, a) == 0)
        a->th_started = 1;
    else
        log_msg("daemon: alerts: cannot start the action worker; "
                "notifications are recorded but not sent");
    return 0;
}

void
alerts_sample(struct daemon *d, const struct probe_current *c)
{
    struct alerts *a = d->alerts;
    double v[AM__COUNT];

    if (a == NULL || !a->loaded || a->en.nslots == 0)
        return;
    int32_t si = ae_engine_find(&a->en, c->server);
    struct target *t = si >= 0 ? targets_find(d, c->server) : NULL;
    if (t == NULL)
        return;
    int inactive = strcmp(t->status, "inactive") == 0;
    v[AM_CPU] = c->m[PM_CPU];
    v[AM_MEMORY] = c->m[PM_MEM];
    v[AM_DISK] = c->m[PM_DISK];
    v[AM_LATENCY] = c->latency_ms;
    v[AM_UP] = inactive ? 0 : strcmp(t->status, "unknown") == 0 ? NAN : 1;
    v[AM_CONNECTIONS] = c->m[PM_TCP_CONNS];
    v[AM_NET_IN] = c->m[PM_NET_IN];
    v[AM_NET_OUT] = c->m[PM_NET_OUT];
    v[AM_LOAD] = c->m[PM_LOAD1];
    v[AM_UPTIME] = c->m[PM_UPTIME];
    int down = inactive || (c->checks > 0 && c->failed >= c->checks);
    ae_engine_sample(&a->en, (uint32_t)si, v, c->checked, c->metrics_at, down,
                     t->set.maintenance);
}

static const char *const EVENT_LOG[] = {
    "", "pending", "firing", "resolved", "cancelled", "firing (notified late)"};

void
alerts_flush(struct daemon *d)
{
    struct alerts *a = d->alerts;
    struct ae_engine *en;
    struct err e;
    char text[512];
    long long v;
    int64_t now = (int64_t)time(NULL);

    if (a == NULL)
        return;
    en = &a->en;
    if (a->loaded)
        ae_engine_settle(en, now);
    if (en->nout > 0) {
        if (store_begin(d->st, 1, &e) < 0)
            return; /* busy: the queue waits for the next batch */
        if (store_alert_write(d->st, en, &e) < 0 ||
            store_commit(d->st, &e) < 0) {
            store_rollback(d->st);
            if (++a->write_failures <= 10 || a->write_failures % 60 == 0)
                log_msg("daemon: alerts: cannot write %zu transitions (%s); "
                        "kept for the next try",
                        en->nout, e.key);
            return;
        }
        a->write_failures = 0;
        store_alert_committed(en);
        for (size_t i = 0; i < en->nout; i++) {
            const struct ae_transition *t = &en->out[i];
            const struct ae_slot *s = &en->slots[t->slot];
            alert_transition_text(en, t, text, sizeof text);
            log_msg("alert %s on %s: %s (%s)%s%s", en->rules[s->rule].name,
                    en->servers[s->server].id, EVENT_LOG[t->event], text,
                    t->cause >= 0 ? "; root cause " : "",
                    t->cause >= 0 ? en->servers[t->cause].id : "");
            if (!t->notify || en->rules[s->rule].action == AA_RECORD)
                continue;
            struct job *j = job_make(a, t, text);
            if (j != NULL)
                enqueue(a, j);
        }
        if (en->overflow) {
            log_msg("daemon: alerts: %d transitions lost (out of memory)",
                    en->overflow);
            en->overflow = 0;
        }
        ae_engine_clear_out(en);
    }
    /* Edits by others (rules, silences, servers, connections) and Module
     * Config: reload once the queue is written. */
    if (config_read(a))
        a->need_reload = 1;
    if (store_data_version(d->st, &v, &e) == 0 && v != a->data_version) {
        a->data_version = v;
        a->need_reload = 1;
    }
    if (a->need_reload && mono_ms() >= a->next_reload_ms) {
        a->next_reload_ms = mono_ms() + RELOAD_MIN_MS;
        reload(d, a, now);
    }
}

void
alerts_close(struct daemon *d)
{
    struct alerts *a = d->alerts;
    if (a == NULL)
        return;
    pthread_mutex_lock(&a->mu);
    if (a->th_started && d->once) {
        /* --once: let the queued notifications go (each is bounded). */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec +=
            (time_t)(a->conf.timeout_s + 2) * (time_t)(a->njobs + 1);
        while ((a->head != NULL || a->busy) &&
               pthread_cond_timedwait(&a->cv, &a->mu, &until) == 0)
            ;
    }
    a->stop = 1;
    size_t dropped = a->njobs;
    struct job *j = a->head;
    a->head = a->tail = NULL;
    a->njobs = 0;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    while (j != NULL) {
        struct job *next = j->next;
        job_free(j);
        j = next;
    }
    if (dropped > 0)
        log_msg("daemon: alerts: %zu notifications not sent (stopping)",
                dropped);
    if (a->th_started) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += STOP_WAIT_S;
        if (pthread_timedjoin_np(a->th, NULL, &until) != 0) {
            log_msg("daemon: alerts: an action is still running; left to "
                    "end with the process");
            d->alerts = NULL;
            return; /* the worker still uses a: do not free it */
        }
    }
    ae_engine_free(&a->en);
    if (a->topo != NULL) {
        alert_topo_free(a->topo);
        free(a->topo);
    }
    struct err e;
    hist_close(a->hist, &e);
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->cv);
    free(a);
    d->alerts = NULL;
}
