/* alert_action_int.h — what the alert_action*.c files share: the one
 * deadline, the result setters and the per-kind senders.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_ALERT_ACTION_INT_H
#define UC_ALERT_ACTION_INT_H

#include <stddef.h>

#include "alert_action.h"
#include "buf.h"

/* Monotonic milliseconds. */
long long aa_now_ms(void);

/* Milliseconds left before deadline_ms (aa_now_ms based), >= 0. */
long long aa_left_ms(long long deadline_ms);

/* Records a failure: the English text for the log and the lang key.
 * Returns -1. */
int aa_fail(struct alert_action_result *r, const char *key, const char *fmt,
            ...) __attribute__((format(printf, 3, 4)));

/* Copies up to the result's capacity of s (len bytes) into r->output,
 * control characters and invalid bytes as spaces. */
void aa_set_output(struct alert_action_result *r, const char *s, size_t len);

/* Copies s into out (size outlen) replacing every control character
 * (CR, LF, TAB, NUL...) with a space: for header values and the like. */
void aa_clean_line(const char *s, char *out, size_t outlen);

/* ---- environment (alert_action_env.c) ---- */

#define AA_ENV_MAX 40

/* The environment of a command or hook: "NAME=value" strings in *env
 * (NULL-terminated, at most AA_ENV_MAX - 1 entries), the values in *store
 * (freed with buf_free). action names the action ("command", "scale_up"
 * ...), target the rule's target, standby/moved the failover's outcome
 * (NULL/-1 when none). 0, or -1 on overflow. Pure. */
int aa_env_build(const struct alert_notice *n, const char *action,
                 const char *target, const char *standby, int moved,
                 struct buf *store, char **env, size_t envmax);

/* ---- JSON (alert_action_json.c) ---- */

/* The documented webhook / hook body into b (compact, ASCII, slashes
 * escaped). 0, or -1 (OOM, overflow, invalid UTF-8 in n). Pure. */
int aa_json_body(const struct alert_notice *n, const char *action,
                 const char *target, const char *standby, int moved,
                 struct buf *b);

/* Unix seconds as "2026-11-29T08:00:00Z" into out (21 bytes). */
void aa_iso_time(long long t, char out[21]);

/* ---- processes (alert_action_proc.c) ---- */

/* Runs argv[0] (an absolute path) with argv and env in its own process
 * group, stdin fed from in/inlen (may be NULL), stdout+stderr captured
 * into r->output (excess discarded), until it exits or deadline_ms; then
 * SIGTERM to the group, SIGKILL 500 ms later. Fills exit_code/timed_out.
 * 0 when it exited 0, else -1 with the error set. */
int aa_proc_run(char *const argv[], char *const env[], const char *in,
                size_t inlen, long long deadline_ms,
                struct alert_action_result *r);

/* ---- senders ---- */

int aa_mail_send(const struct alert_action_conf *c, const char *to,
                 const struct alert_notice *n, long long deadline_ms,
                 struct alert_action_result *r);
/* POSTs body to url (http/https only) with conf's retries and back-off. */
int aa_webhook_post(const struct alert_action_conf *c, const char *url,
                    const char *body, size_t len, long long deadline_ms,
                    struct alert_action_result *r);
/* Runs /bin/sh -c cmd with env. */
int aa_command_run(const char *cmd, char *const env[], long long deadline_ms,
                   struct alert_action_result *r);
int aa_hook_run(const struct alert_action_conf *c, enum alert_action kind,
                const char *target, const struct alert_notice *n,
                struct store *st, long long deadline_ms,
                struct alert_action_result *r);

/* ---- mail (alert_action_mail.c, alert_action_smtp.c) ---- */

#define AA_RCPT_MAX 16 /* recipients of one message */

/* The whole message (headers, blank line, plain-text UTF-8 body, "\n"
 * line ends) into b. Every header value has its control characters
 * replaced; the subject is ASCII ('?' for anything else); from and the
 * rcpt addresses must have passed aa_addr_valid. now is the Date. 0, or
 * -1 on overflow. Pure but for the time zone (Date is UTC). */
int aa_mail_message(const char *from, char rcpt[][256], int nrcpt,
                    const struct alert_notice *n, long long now, struct buf *b);

/* Sends msg to rcpt through the SMTP URL in c. */
int aa_smtp_send(const struct alert_action_conf *c, char rcpt[][256], int nrcpt,
                 const struct buf *msg, long long deadline_ms,
                 struct alert_action_result *r);

/* ---- mail helpers (alert_action_addr.c), pure ---- */

/* 1 when s is one plain address local@domain: no display name, no
 * quotes, no spaces, no control characters, no "<>,;:", <= 254 bytes. */
int aa_addr_valid(const char *s);

/* Splits a comma/space separated list into at most max addresses (each
 * checked with aa_addr_valid) into the buffer lst as NUL-separated
 * strings. Returns the count (>= 1), or -1 on a bad or missing address. */
int aa_addr_split(const char *list, char out[][256], int max);

#endif
