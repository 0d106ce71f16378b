/* alert_action.c — runs one alert action under one deadline and says what
 * happened (the kinds themselves are in alert_action_*.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alert_action_int.h"

long long
aa_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long
aa_left_ms(long long deadline_ms)
{
    long long left = deadline_ms - aa_now_ms();
    return left > 0 ? left : 0;
}

int
aa_fail(struct alert_action_result *r, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
    snprintf(r->key, sizeof r->key, "%s", key);
    r->ok = 0;
    return -1;
}

void
aa_clean_line(const char *s, char *out, size_t outlen)
{
    size_t i;
    if (outlen == 0)
        return;
    for (i = 0; s && s[i] && i + 1 < outlen; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    out[i] = '\0';
}

void
aa_set_output(struct alert_action_result *r, const char *s, size_t len)
{
    size_t i, n = len < sizeof r->output - 1 ? len : sizeof r->output - 1;
    /* Whole UTF-8 sequences only matter to readers; bytes >= 0x80 are
     * kept, so an excerpt may end inside one: the log is bytes. */
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        r->output[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    r->output[n] = '\0';
}

static void
result_init(struct alert_action_result *r)
{
    memset(r, 0, sizeof *r);
    r->exit_code = -1;
    r->moved = -1;
}

int
alert_action_run(const struct alert_action_conf *conf, enum alert_action kind,
                 const char *target, const struct alert_notice *n,
                 struct store *st, struct alert_action_result *out)
{
    long long start = aa_now_ms(), deadline;
    int timeout_s, rc = -1;

    result_init(out);
    if (!conf || !n) {
        aa_fail(out, "action_err_failed", "no configuration or no notice");
        return -1;
    }
    timeout_s = conf->timeout_s;
    if (timeout_s < 1 || timeout_s > ALERT_ACTION_TIMEOUT_MAX)
        timeout_s = ALERT_ACTION_TIMEOUT_DEFAULT;
    deadline = start + (long long)timeout_s * 1000;
    if (!target)
        target = "";

    switch (kind) {
    case AA_RECORD:
        out->ok = 1; /* the caller's alert_log row is the whole action */
        rc = 0;
        break;
    case AA_EMAIL:
        rc = aa_mail_send(conf, *target ? target : conf->notify_email, n,
                          deadline, out);
        break;
    case AA_WEBHOOK: {
        const char *url = *target ? target : conf->webhook_url;
        struct buf b;
        buf_init(&b, 64 * 1024);
        if (!*url)
            rc = aa_fail(out, "action_err_no_webhook",
                         "no webhook URL (rule target or webhook_url)");
        /* "target": null — the target is the URL the body goes to. */
        else if (aa_json_body(n, "webhook", NULL, NULL, -1, &b) != 0)
            rc = aa_fail(out, "action_err_json",
                         "the alert could not be written as JSON");
        else
            rc = aa_webhook_post(conf, url, buf_cstr(&b), b.len, deadline, out);
        buf_free(&b);
        break;
    }
    case AA_COMMAND: {
        struct buf vals;
        char *env[AA_ENV_MAX];
        buf_init(&vals, 64 * 1024);
        if (!conf->command[0])
            rc = aa_fail(out, "action_err_no_command",
                         "no command set (Module Config command)");
        else if (aa_env_build(n, "command", target, NULL, -1, &vals, env,
                              AA_ENV_MAX) != 0)
            rc = aa_fail(out, "action_err_env",
                         "the alert does not fit in the environment");
        else
            rc = aa_command_run(conf->command, env, deadline, out);
        buf_free(&vals);
        break;
    }
    case AA_SCALE_UP:
    case AA_SCALE_DOWN:
    case AA_FAILOVER:
        rc = aa_hook_run(conf, kind, target, n, st, deadline, out);
        break;
    default:
        rc = aa_fail(out, "action_err_kind", "unknown action %d", (int)kind);
        break;
    }
    out->elapsed_ms = aa_now_ms() - start;
    if (rc == 0 && !out->error[0]) {
        out->ok = 1;
        return 0;
    }
    out->ok = 0;
    if (!out->error[0])
        aa_fail(out, "action_err_failed", "the action failed");
    return -1;
}

void
alert_action_summary(enum alert_action kind,
                     const struct alert_action_result *r, char *out,
                     size_t outlen)
{
    const char *name =
        (unsigned)kind < AA__COUNT ? ALERT_ACTION_NAMES[kind] : "action";
    struct buf b;
    buf_init(&b, 4096);
    if (outlen == 0)
        return;
    buf_addf(&b, "%s %s", name, r->ok ? "ok" : "failed");
    if (r->moved >= 0)
        buf_addf(&b, ", %d connections moved to %s (%d skipped)", r->moved,
                 r->standby, r->skipped);
    if (r->http_status)
        buf_addf(&b, ", HTTP %d", r->http_status);
    if (r->exit_code >= 0 && kind != AA_WEBHOOK)
        buf_addf(&b, ", exit %d", r->exit_code);
    if (r->attempts > 1)
        buf_addf(&b, ", %d attempts", r->attempts);
    buf_addf(&b, ", %lld ms", r->elapsed_ms);
    if (r->error[0])
        buf_addf(&b, ": %s", r->error);
    if (r->output[0])
        buf_addf(&b, " [%s]", r->output);
    /* A piece that did not fit is dropped whole; copy what did. */
    snprintf(out, outlen, "%s", buf_cstr(&b));
    buf_free(&b);
}
