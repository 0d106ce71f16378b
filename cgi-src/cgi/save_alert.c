/* save_alert.c — POST what people do to alerts from alerts.cgi: do=ack
 * id=N; do=silence rule= and/or server= duration=4h [reason=]; do=unsilence
 * id=N. Then back to the alerts page. Needs the edit and alerts ACL flags.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "store_alerts.h"
#include "ui.h"

static const struct field fields[] = {{"do", 0},       {"id", 0},
                                      {"rule", 0},     {"server", 0},
                                      {"duration", 0}, {"reason", 0}};
static const struct page page = {
    .script = "save_alert.cgi",
    .flags = PAGE_WRITES | PAGE_ALERTS,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

/* id: 1..18 digits. */
static int
param_id(struct app *a, long long *out, struct err *e)
{
    const char *v = app_param(a, "id");
    size_t n = v ? strlen(v) : 0;
    *out = 0;
    if (n == 0 || n > 18 || strspn(v, "0123456789") != n)
        return err_set(e, ERR_INVALID, "id", "alert_err_id", NULL, NULL);
    for (size_t i = 0; i < n; i++)
        *out = *out * 10 + (v[i] - '0');
    return *out > 0 ? 0
                    : err_set(e, ERR_INVALID, "id", "alert_err_id", NULL, NULL);
}

static int
copy(struct app *a, const char *key, char *out, size_t outlen, struct err *e)
{
    const char *v = app_param(a, key);
    if (v == NULL)
        v = "";
    if (strlen(v) >= outlen)
        return err_set(e, ERR_INVALID, key, "err_too_long", NULL, NULL);
    snprintf(out, outlen, "%s", v);
    return 0;
}

static int
silence(struct app *a, struct err *e)
{
    struct silence s;
    long long seconds;
    const char *d = app_param(a, "duration");
    memset(&s, 0, sizeof s);
    snprintf(s.by, sizeof s.by, "%s", a->user ? a->user : "");
    if (d == NULL || d[0] == '\0')
        return err_set(e, ERR_INVALID, "duration", "err_required", NULL, NULL);
    if (rule_duration_parse("duration", d, ALERT_SILENCE_MAX, &seconds, e) <
            0 ||
        copy(a, "rule", s.rule, sizeof s.rule, e) < 0 ||
        copy(a, "server", s.server, sizeof s.server, e) < 0 ||
        copy(a, "reason", s.reason, sizeof s.reason, e) < 0 ||
        store_silence_add(a->st, &s, seconds, e) < 0)
        return -1;
    app_log_action(a, "silence", "alert", s.server[0] ? s.server : s.rule);
    return 0;
}

static int
handle(struct app *a, struct err *e)
{
    const char *what = app_param(a, "do");
    long long id;
    char n[24];
    if (!a->can_alerts)
        return err_set(e, ERR_FORBIDDEN, "", "alert_err_cannot_alerts", a->user,
                       NULL);
    if (what != NULL && strcmp(what, "ack") == 0) {
        if (param_id(a, &id, e) < 0 ||
            store_alert_ack(a->st, id, a->user ? a->user : "", e) < 0)
            return -1;
        snprintf(n, sizeof n, "%lld", id);
        app_log_action(a, "acknowledge", "alert", n);
    } else if (what != NULL && strcmp(what, "silence") == 0) {
        if (silence(a, e) < 0)
            return -1;
    } else if (what != NULL && strcmp(what, "unsilence") == 0) {
        if (param_id(a, &id, e) < 0 || store_silence_delete(a->st, id, e) < 0)
            return -1;
        snprintf(n, sizeof n, "%lld", id);
        app_log_action(a, "unsilence", "alert", n);
    } else {
        return err_set(e, ERR_INVALID, "do", "err_nothing_to_do", NULL, NULL);
    }
    app_redirect(a, "alerts.cgi");
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
