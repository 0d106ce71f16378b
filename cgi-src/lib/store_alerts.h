/* store_alerts.h — alerts as people see them: the active ones with their
 * root cause and dependants, the history (alert_log, paged), counts,
 * acknowledging, silences, and test-firing a rule. The daemon's evaluator
 * (alerts-core) writes alerts; this file reads them and records what
 * people do to them.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_ALERTS_H
#define UC_STORE_ALERTS_H

#include <stddef.h>

#include "err.h"
#include "store.h"
#include "store_rules.h"
#include "valid.h"

#define ALERT_WHO_MAX     64
#define ALERT_REASON_MAX  255
#define ALERT_SILENCE_MAX (30LL * 86400) /* longest silence, seconds */
#define ALERT_PAGE_MAX    1000

struct alert_row {
    long long id;
    char rule[VALID_ID_MAX + 1];
    char metric[16];
    char op[3];
    double threshold;
    char severity[10];
    char server[VALID_ID_MAX + 1];
    char server_name[VALID_NAME_MAX + 1];
    char state[10]; /* pending firing resolved */
    int has_value;
    double value;
    long long started, fired, resolved, predicted; /* 0 = not yet/none */
    char cause[VALID_ID_MAX + 1]; /* root-cause server, "" = this is one */
    long long dependants;         /* open alerts whose cause is this server */
    char acked_by[ALERT_WHO_MAX + 1];
    long long acked_at;
    int test;
};

/* Filters of the active list; NULL or "" = any. */
struct alert_filter {
    const char *state;    /* pending | firing */
    const char *severity; /* info | warning | critical */
    const char *server;
};

/* Open (pending or firing) alerts, firing first, then by severity
 * (critical first) and start time. A bad filter value is ERR_INVALID
 * naming it. cb's non-zero stops and is returned. */
typedef int (*alert_cb)(void *ctx, const struct alert_row *a);
int store_alert_list(struct store *st, const struct alert_filter *f,
                     alert_cb cb, void *ctx, struct err *e);

/* One alert by id (open or not); ERR_NOT_FOUND "id" "alert_err_not_found". */
int store_alert_get(struct store *st, long long id, struct alert_row *out,
                    struct err *e);

/* The servers whose open alerts name server as their root cause, by id. */
typedef int (*alert_name_cb)(void *ctx, const char *server);
int store_alert_dependants(struct store *st, const char *server,
                           alert_name_cb cb, void *ctx, struct err *e);

struct alert_counts {
    long long pending, firing;
    long long firing_critical, firing_warning, firing_info;
    long long acknowledged; /* open and acknowledged */
    long long root_causes;  /* firing with no cause */
};
int store_alert_counts(struct store *st, struct alert_counts *out,
                       struct err *e);

/* Open alerts per server, for the diagram: cb(server, firing, is_root)
 * with is_root 1 when some open alert names server as its cause. */
typedef int (*alert_server_cb)(void *ctx, const char *server, long long firing,
                               int is_root);
int store_alert_by_server(struct store *st, alert_server_cb cb, void *ctx,
                          struct err *e);

struct alert_log_row {
    long long id, at, alert; /* alert 0 when none */
    char rule[VALID_ID_MAX + 1];
    char server[VALID_ID_MAX + 1];
    char event[16];
    int has_value;
    double value;
    char who[ALERT_WHO_MAX + 1];
    char detail[256];
};

/* The history, newest first: rows with id < before (0 = from the newest),
 * at most limit (1..ALERT_PAGE_MAX); server and rule filter when set.
 * *next gets the id to pass as before for the next page, 0 at the end. */
typedef int (*alert_log_cb)(void *ctx, const struct alert_log_row *l);
int store_alert_history(struct store *st, long long before, size_t limit,
                        const char *server, const char *rule, alert_log_cb cb,
                        void *ctx, long long *next, struct err *e);

/* Acknowledges open alert id for who (1..64 bytes), logging
 * 'acknowledged'. Unknown -> ERR_NOT_FOUND; resolved -> ERR_CONFLICT
 * "alert_err_resolved"; already acknowledged -> ERR_CONFLICT
 * "alert_err_acked". */
int store_alert_ack(struct store *st, long long id, const char *who,
                    struct err *e);

struct silence {
    long long id;
    char rule[VALID_ID_MAX + 1];   /* "" = every rule */
    char server[VALID_ID_MAX + 1]; /* "" = every server */
    long long until, created;
    char by[ALERT_WHO_MAX + 1];
    char reason[ALERT_REASON_MAX + 1];
};

/* Silences rule and/or server (at least one; names as stored are written
 * back into s) for seconds (60..ALERT_SILENCE_MAX), by who, with an
 * optional reason; logs 'silenced'. Sets s->id, until, created. A limited
 * user must name a server (ERR_FORBIDDEN "alert_err_silence_scoped"). */
int store_silence_add(struct store *st, struct silence *s, long long seconds,
                      struct err *e);

/* Silences still in force, soonest end first. */
typedef int (*silence_cb)(void *ctx, const struct silence *s);
int store_silence_list(struct store *st, silence_cb cb, void *ctx,
                       struct err *e);

/* Ends silence id. Unknown -> ERR_NOT_FOUND "id" "alert_err_silence_not_found".
 */
int store_silence_delete(struct store *st, long long id, struct err *e);

/* Appends one alert_log row (alert 0 = none; value NULL when !has_value;
 * detail may be NULL). 0, or -1 with *e set. */
int store_alert_log_add(struct store *st, long long at, long long alert,
                        const char *rule, const char *server, const char *event,
                        int has_value, double value, const char *who,
                        const char *detail, struct err *e);

/* What a test-fire did. */
struct alert_test_result {
    int ran;                       /* the action ran (0: "record" only) */
    int ok;                        /* it succeeded */
    char server[VALID_ID_MAX + 1]; /* the server it was fired for */
    char detail[256];
};

struct alert_action_conf;

/* Test-fires rule r on server (NULL or "" = the first server, by id, that
 * the rule's scope reaches): builds the notice with event "test" and the
 * threshold as its value, runs the rule's action synchronously with conf
 * (alert_action.h; blocks up to conf->timeout_s; never a failover
 * switch-over) and logs 'test' with the outcome. A rule reaching no
 * server -> ERR_INVALID "server" "rule_err_no_server"; an unknown server
 * -> ERR_NOT_FOUND "server". A failed action is not an error: out says. */
int store_alert_test(struct store *st, const struct alert_action_conf *conf,
                     const struct rule *r, const char *server, const char *who,
                     struct alert_test_result *out, struct err *e);

#endif
