/* alert_action.h — runs the action of an alert transition (docs/alerts.md,
 * "Actions"): record, e-mail (sendmail or SMTP), webhook (JSON POST with
 * retries), a configured command, the scale-up/scale-down/failover hooks
 * and the failover switch-over to a standby; plus the notification damping
 * rule. The daemon's evaluator and the alerts page's test-fire call it.
 *
 * BLOCKING: alert_action_run blocks the caller. It returns within
 * conf->timeout_s seconds (Module Config action_timeout, 1..300, default
 * 30) plus at most ~1 s to reap a killed command: every attempt, retry
 * back-off, child process and connection is bounded by that one deadline.
 * libcurl is loaded with dlopen on first use (the pages do not link it;
 * their static binary hands test-fires to uc-dyn.bin, see multicall.c);
 * without it the e-mail-by-SMTP and webhook actions fail with a clear
 * error. Not thread-safe (one action at a time per process).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_ALERT_ACTION_H
#define UC_ALERT_ACTION_H

#include "alert.h"
#include "cfgfile.h"
#include "err.h"
#include "valid.h"

struct store;

#define ALERT_ACTION_TIMEOUT_DEFAULT  30  /* s, action_timeout */
#define ALERT_ACTION_TIMEOUT_MAX      300 /* s */
#define ALERT_ACTION_RETRIES_DEFAULT  3   /* webhook_retries: extra tries */
#define ALERT_ACTION_RETRIES_MAX      10
#define ALERT_ACTION_INTERVAL_DEFAULT 300   /* s, notify_interval */
#define ALERT_ACTION_INTERVAL_MAX     86400 /* s */
#define ALERT_ACTION_VALUE_MAX        1024  /* longest Module Config value */

/* The actions' Module Config (keys in parentheses), read once by
 * alert_action_conf_load. Strings are "" when unset. */
struct alert_action_conf {
    /* (notify_email) default recipients, comma- or space-separated */
    char notify_email[ALERT_ACTION_VALUE_MAX + 1];
    /* (mail_from) sender; default "unlimited-cluster@<hostname>" */
    char mail_from[256];
    /* (smtp_url) smtp:// or smtps://, optionally with user:password@;
     * "" = use sendmail */
    char smtp_url[ALERT_ACTION_VALUE_MAX + 1];
    /* (sendmail) absolute path, default /usr/sbin/sendmail; run as
     * "sendmail -oi -t" with the message on stdin */
    char sendmail[256];
    /* (webhook_url) the webhook action's default http(s) URL */
    char webhook_url[ALERT_ACTION_VALUE_MAX + 1];
    /* (webhook_retries) 0..10 tries after the first, default 3 */
    int webhook_retries;
    /* (command) the command action's command, run by /bin/sh -c */
    char command[ALERT_ACTION_VALUE_MAX + 1];
    /* (scale_up_hook, scale_down_hook, failover_hook) each an http:// or
     * https:// URL (sent the JSON, as a webhook) or a command (run as the
     * command action); "" = none */
    char scale_up_hook[ALERT_ACTION_VALUE_MAX + 1];
    char scale_down_hook[ALERT_ACTION_VALUE_MAX + 1];
    char failover_hook[ALERT_ACTION_VALUE_MAX + 1];
    /* (action_timeout) total bound of one run, seconds */
    int timeout_s;
    /* (notify_interval) damping interval, seconds; 0 = no damping */
    int notify_interval_s;
    /* first retry delay, doubled per retry: 1000 (not in Module Config;
     * tests lower it) */
    int backoff_ms;
};

/* What one run did. Filled completely by alert_action_run. */
struct alert_action_result {
    /* 1: delivered / ran and exited 0 */
    int ok;
    /* tries made (webhook); 1 for a command or a mail; 0 when nothing
     * was sent (record, not configured) */
    int attempts;
    /* last HTTP status (webhook, hook URL); 0 none */
    int http_status;
    /* command / sendmail exit status; -1 when it did not run or was
     * killed by a signal */
    int exit_code;
    /* 1 when the deadline stopped it */
    int timed_out;
    long long elapsed_ms;
    /* failover: connections moved to the standby, -1 when no switch-over
     * was attempted; those the standby already had (removed, not
     * copied); the standby, "" none */
    int moved;
    int skipped;
    char standby[VALID_ID_MAX + 1];
    /* start of the response body or of the command's stdout+stderr,
     * control characters replaced by spaces; for the log, never shown
     * unescaped */
    char output[512];
    /* readable English reason for the log, "" when ok */
    char error[256];
    /* the error's lang key (action_err_*, in lang/en and lang/es), "" when
     * ok */
    char key[48];
};

/* Reads the keys above from the module config m (missing keys take their
 * defaults) and validates them: out-of-range numbers, a smtp_url that is
 * not smtp:// or smtps://, a webhook_url or hook URL that is not http(s),
 * a relative sendmail path, bad addresses in notify_email / mail_from, a
 * value with a control character. 0, or -1 with *e set (field = the
 * config key, key = an action_err_* lang key); *conf then holds the
 * defaults for the keys that were bad, so a caller may still run. */
int alert_action_conf_load(struct alert_action_conf *conf,
                           const struct cfgmap *m, struct err *e);

/* The defaults, without reading anything. */
void alert_action_conf_default(struct alert_action_conf *conf);

/* Runs action kind for notice n and fills *out (always).
 * target: the rule's target, "" = the Module Config default:
 *   AA_EMAIL   recipients (comma/space separated), else notify_email;
 *   AA_WEBHOOK an http(s) URL, else webhook_url;
 *   AA_COMMAND, AA_SCALE_UP, AA_SCALE_DOWN, AA_FAILOVER: NEVER executed
 *   (rules are editable with the alerts ACL, commands only by whoever may
 *   edit Module Config); passed to the command as UC_TARGET and in the
 *   JSON as "target".
 *   AA_RECORD: ignored; nothing is run, ok = 1.
 * st: for AA_FAILOVER when n->event is "firing": when the failed server
 *   (n->server) has a standby, its connections in cluster n->cluster are
 *   moved first (store_failover, its own write transaction, so st must
 *   not be inside one); NULL = no switch-over. "test" and "resolved"
 *   never switch.
 * Returns 0 when out->ok, else -1. */
int alert_action_run(const struct alert_action_conf *conf,
                     enum alert_action kind, const char *target,
                     const struct alert_notice *n, struct store *st,
                     struct alert_action_result *out);

/* One line for alert_log.detail / the module log, e.g.
 * "webhook ok: HTTP 200 after 3 attempts in 3012 ms" or
 * "command failed: exit 2: <output excerpt>". Always NUL-terminated. */
void alert_action_summary(enum alert_action kind,
                          const struct alert_action_result *r, char *out,
                          size_t outlen);

/* Notification damping (pure): 1 when a notification for a rule and
 * server may be sent at now, given the last one at last_notified (0 =
 * never) and interval_s (<= 0 = no damping). A clock that went back by
 * more than the interval counts as elapsed. */
int alert_action_may_notify(long long last_notified, long long now,
                            int interval_s);

/* The earliest time the next notification may be sent (now when
 * alert_action_may_notify would say 1). */
long long alert_action_next_notify(long long last_notified, long long now,
                                   int interval_s);

#endif
