/* rule_field.c — a rule's fields as text: defaults, setting one field from
 * a form, a command line or a JSON value, and printing it back.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "store_rules.h"

const char *const RULE_FIELDS[] = {
    "name",     "metric", "op",        "threshold", "clear_at",
    "for_s",    "hold_s", "predict_s", "scope",     "scope_value",
    "severity", "action", "target",    "enabled",
};
const size_t RULE_FIELD_COUNT = sizeof RULE_FIELDS / sizeof RULE_FIELDS[0];

static const char *const OPS[] = {">", ">=", "<", "<="};
static const char *const SCOPES[] = {"all", "type", "region", "cluster",
                                     "server"};
static const char *const SEVERITIES[] = {"info", "warning", "critical"};

void
rule_defaults(struct rule *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->metric, sizeof r->metric, "cpu");
    snprintf(r->op, sizeof r->op, ">");
    snprintf(r->scope, sizeof r->scope, "all");
    snprintf(r->severity, sizeof r->severity, "warning");
    snprintf(r->action, sizeof r->action, "record");
    r->enabled = 1;
}

/* Copies text into out when it is one of the n words of list. */
static int
pick(const char *field, const char *text, const char *const *list, size_t n,
     char *out, size_t outlen, struct err *e)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(text, list[i]) == 0) {
            snprintf(out, outlen, "%s", list[i]);
            return 0;
        }
    return err_set(e, ERR_INVALID, field, "rule_err_choice", text, NULL);
}

/* A finite decimal number (no hex, no inf/nan), |v| <= 1e15. */
static int
number(const char *field, const char *text, double *out, struct err *e)
{
    char *end;
    if (text[0] == '\0')
        return err_set(e, ERR_INVALID, field, "err_required", NULL, NULL);
    if (strpbrk(text, "xXnNiI") != NULL)
        return err_set(e, ERR_INVALID, field, "rule_err_number", NULL, NULL);
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || *end != '\0' || end == text || !isfinite(v) ||
        fabs(v) > 1e15)
        return err_set(e, ERR_INVALID, field, "rule_err_number", NULL, NULL);
    *out = v;
    return 0;
}

int
rule_duration_parse(const char *field, const char *text, long long max,
                    long long *out, struct err *e)
{
    char maxs[24];
    long long v = 0, unit = 1;
    size_t i = 0, n = strlen(text);
    snprintf(maxs, sizeof maxs, "%lld", max);
    if (n > 0 && strchr("smhd", text[n - 1]) != NULL) {
        unit = text[n - 1] == 's'   ? 1
               : text[n - 1] == 'm' ? 60
               : text[n - 1] == 'h' ? 3600
                                    : 86400;
        n--;
    }
    if (n == 0 || n > 9)
        return err_set(e, ERR_INVALID, field, "rule_err_duration", maxs, NULL);
    for (; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return err_set(e, ERR_INVALID, field, "rule_err_duration", maxs,
                           NULL);
        v = v * 10 + (text[i] - '0');
    }
    if (v * unit > max)
        return err_set(e, ERR_INVALID, field, "rule_err_duration", maxs, NULL);
    *out = v * unit;
    return 0;
}

static int
boolean(const char *field, const char *text, int *out, struct err *e)
{
    if (!strcmp(text, "1") || !strcmp(text, "true") || !strcmp(text, "yes") ||
        !strcmp(text, "on")) {
        *out = 1;
        return 0;
    }
    if (!strcmp(text, "0") || !strcmp(text, "false") || !strcmp(text, "no") ||
        !strcmp(text, "off")) {
        *out = 0;
        return 0;
    }
    return err_set(e, ERR_INVALID, field, "rule_err_bool", NULL, NULL);
}

#define NWORDS(a) (sizeof(a) / sizeof(a)[0])

int
rule_field_set(struct rule *r, const char *key, const char *text, struct err *e)
{
    if (text == NULL)
        text = "";
    if (!strcmp(key, "name")) {
        if (valid_ident("name", text, e) < 0)
            return -1;
        snprintf(r->name, sizeof r->name, "%s", text);
        return 0;
    }
    if (!strcmp(key, "metric"))
        return pick(key, text, ALERT_METRIC_NAMES, AM__COUNT, r->metric,
                    sizeof r->metric, e);
    if (!strcmp(key, "op"))
        return pick(key, text, OPS, NWORDS(OPS), r->op, sizeof r->op, e);
    if (!strcmp(key, "threshold"))
        return number(key, text, &r->threshold, e);
    if (!strcmp(key, "clear_at")) {
        if (text[0] == '\0') {
            r->has_clear = 0;
            return 0;
        }
        if (number(key, text, &r->clear_at, e) < 0)
            return -1;
        r->has_clear = 1;
        return 0;
    }
    if (!strcmp(key, "for_s"))
        return rule_duration_parse(key, text, RULE_FOR_MAX, &r->for_s, e);
    if (!strcmp(key, "hold_s"))
        return rule_duration_parse(key, text, RULE_FOR_MAX, &r->hold_s, e);
    if (!strcmp(key, "predict_s"))
        return rule_duration_parse(key, text, RULE_PREDICT_MAX, &r->predict_s,
                                   e);
    if (!strcmp(key, "scope"))
        return pick(key, text, SCOPES, NWORDS(SCOPES), r->scope,
                    sizeof r->scope, e);
    if (!strcmp(key, "scope_value")) {
        if (strlen(text) > VALID_ID_MAX)
            return err_set(e, ERR_INVALID, key, "rule_err_scope_value", text,
                           NULL);
        snprintf(r->scope_value, sizeof r->scope_value, "%s", text);
        return 0;
    }
    if (!strcmp(key, "severity"))
        return pick(key, text, SEVERITIES, NWORDS(SEVERITIES), r->severity,
                    sizeof r->severity, e);
    if (!strcmp(key, "action"))
        return pick(key, text, ALERT_ACTION_NAMES, AA__COUNT, r->action,
                    sizeof r->action, e);
    if (!strcmp(key, "target")) {
        if (strlen(text) > RULE_TARGET_MAX)
            return err_set(e, ERR_INVALID, key, "rule_err_target", NULL, NULL);
        if (!valid_utf8(text, strlen(text)) ||
            valid_has_control(text, strlen(text), 0))
            return err_set(e, ERR_INVALID, key, "rule_err_target", NULL, NULL);
        snprintf(r->target, sizeof r->target, "%s", text);
        return 0;
    }
    if (!strcmp(key, "enabled"))
        return boolean(key, text, &r->enabled, e);
    return err_set(e, ERR_INVALID, "", "rule_err_unknown_field", key, NULL);
}

void
rule_field_text(const struct rule *r, const char *key, char *out, size_t outlen)
{
    out[0] = '\0';
    if (!strcmp(key, "name"))
        snprintf(out, outlen, "%s", r->name);
    else if (!strcmp(key, "metric"))
        snprintf(out, outlen, "%s", r->metric);
    else if (!strcmp(key, "op"))
        snprintf(out, outlen, "%s", r->op);
    else if (!strcmp(key, "threshold"))
        snprintf(out, outlen, "%.15g", r->threshold);
    else if (!strcmp(key, "clear_at") && r->has_clear)
        snprintf(out, outlen, "%.15g", r->clear_at);
    else if (!strcmp(key, "for_s"))
        snprintf(out, outlen, "%lld", r->for_s);
    else if (!strcmp(key, "hold_s"))
        snprintf(out, outlen, "%lld", r->hold_s);
    else if (!strcmp(key, "predict_s"))
        snprintf(out, outlen, "%lld", r->predict_s);
    else if (!strcmp(key, "scope"))
        snprintf(out, outlen, "%s", r->scope);
    else if (!strcmp(key, "scope_value"))
        snprintf(out, outlen, "%s", r->scope_value);
    else if (!strcmp(key, "severity"))
        snprintf(out, outlen, "%s", r->severity);
    else if (!strcmp(key, "action"))
        snprintf(out, outlen, "%s", r->action);
    else if (!strcmp(key, "target"))
        snprintf(out, outlen, "%s", r->target);
    else if (!strcmp(key, "enabled"))
        snprintf(out, outlen, "%d", r->enabled);
}
