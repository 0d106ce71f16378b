/* alert_json.c — JSON shapes of rules, alerts, silences and alert-log
 * rows, and a rule's fields read from a JSON body.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "alert_json.h"
#include "api_json.h"

/* A time, or null for 0 (not yet). */
static json_t *
time_or_null(long long t)
{
    return t > 0 ? api_time(t) : json_null();
}

static json_t *
text_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

json_t *
alert_json_rule(const struct rule *r)
{
    return json_pack(
        "{s:s, s:s, s:s, s:f, s:o, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s,"
        " s:b, s:b, s:o, s:o}",
        "name", r->name, "metric", r->metric, "op", r->op, "threshold",
        r->threshold, "clear_at",
        r->has_clear ? json_real(r->clear_at) : json_null(), "for_s",
        (json_int_t)r->for_s, "hold_s", (json_int_t)r->hold_s, "predict_s",
        (json_int_t)r->predict_s, "scope", r->scope, "scope_value",
        r->scope_value, "severity", r->severity, "action", r->action, "target",
        r->target, "enabled", r->enabled, "from_config", r->from_config,
        "created", api_time(r->created), "updated", api_time(r->updated));
}

json_t *
alert_json_silence(const struct silence *s)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:s}", "id",
                     (json_int_t)s->id, "rule", text_or_null(s->rule), "server",
                     text_or_null(s->server), "until", api_time(s->until),
                     "created", api_time(s->created), "by", s->by, "reason",
                     s->reason);
}

json_t *
alert_json_log(const struct alert_log_row *l)
{
    return json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:o, s:s, s:s}", "id",
                     (json_int_t)l->id, "at", api_time(l->at), "alert",
                     l->alert > 0 ? json_integer(l->alert) : json_null(),
                     "rule", l->rule, "server", l->server, "event", l->event,
                     "value", l->has_value ? json_real(l->value) : json_null(),
                     "who", l->who, "detail", l->detail);
}

json_t *
alert_json_counts(const struct alert_counts *c)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "firing",
                     (json_int_t)c->firing, "pending", (json_int_t)c->pending,
                     "critical", (json_int_t)c->firing_critical, "warning",
                     (json_int_t)c->firing_warning, "info",
                     (json_int_t)c->firing_info, "acknowledged",
                     (json_int_t)c->acknowledged, "root_causes",
                     (json_int_t)c->root_causes);
}

static int
add_name(void *ctx, const char *server)
{
    return json_array_append_new(ctx, json_string(server)) < 0;
}

json_t *
alert_json_alert(struct store *st, const struct alert_row *a, struct err *e)
{
    json_t *deps = json_array();
    if (deps == NULL) {
        err_set(e, ERR_INTERNAL, "", "err_internal", "alert", NULL);
        return NULL;
    }
    if (a->dependants > 0) {
        int rc = store_alert_dependants(st, a->server, add_name, deps, e);
        if (rc != 0) {
            json_decref(deps);
            if (rc > 0)
                err_set(e, ERR_INTERNAL, "", "err_internal", "alert", NULL);
            return NULL;
        }
    }
    json_t *ack = a->acked_at > 0 ? json_pack("{s:s, s:o}", "by", a->acked_by,
                                              "at", api_time(a->acked_at))
                                  : json_null();
    json_t *doc = json_pack(
        "{s:I, s:s, s:s, s:s, s:f, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o,"
        " s:o, s:o, s:o, s:o}",
        "id", (json_int_t)a->id, "rule", a->rule, "metric", a->metric, "op",
        a->op, "threshold", a->threshold, "severity", a->severity, "server",
        a->server, "server_name", a->server_name, "state", a->state, "value",
        a->has_value ? json_real(a->value) : json_null(), "started",
        api_time(a->started), "fired", time_or_null(a->fired), "resolved",
        time_or_null(a->resolved), "predicted", time_or_null(a->predicted),
        "cause", text_or_null(a->cause), "dependants", deps, "acknowledged",
        ack);
    if (doc == NULL)
        err_set(e, ERR_INTERNAL, "", "err_internal", "alert", NULL);
    return doc;
}

/* The kind a rule field takes in JSON, and the lang key naming it. */
static const char *
want(const char *key, const char **wkey)
{
    if (!strcmp(key, "threshold") || !strcmp(key, "clear_at")) {
        *wkey = "rule_err_want_number";
        return "number";
    }
    if (!strcmp(key, "for_s") || !strcmp(key, "hold_s") ||
        !strcmp(key, "predict_s")) {
        *wkey = "rule_err_want_duration";
        return "duration";
    }
    if (!strcmp(key, "enabled")) {
        *wkey = "rule_err_want_bool";
        return "bool";
    }
    *wkey = "rule_err_want_string";
    return "string";
}

int
alert_json_rule_text(const char *key, json_t *v, char *out, size_t outlen,
                     struct err *e)
{
    const char *wkey;
    const char *kind = want(key, &wkey);
    out[0] = '\0';
    if (!strcmp(kind, "string") && json_is_string(v))
        snprintf(out, outlen, "%s", json_string_value(v));
    else if (!strcmp(kind, "number") && json_is_number(v))
        snprintf(out, outlen, "%.17g", json_number_value(v));
    else if (!strcmp(key, "clear_at") && json_is_null(v))
        out[0] = '\0';
    else if (!strcmp(kind, "duration") && json_is_integer(v))
        snprintf(out, outlen, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (!strcmp(kind, "duration") && json_is_string(v))
        snprintf(out, outlen, "%s", json_string_value(v));
    else if (!strcmp(kind, "bool") && json_is_boolean(v))
        snprintf(out, outlen, "%d", json_is_true(v) ? 1 : 0);
    else
        return err_set(e, ERR_INVALID, key, wkey, key, NULL);
    /* A negative integer is refused by the duration parser ("-"). */
    return 0;
}

int
alert_json_rule_apply(struct rule *r, json_t *body, struct err *e)
{
    const char *key;
    json_t *v;
    char text[RULE_TARGET_MAX + 2];
    json_object_foreach(body, key, v)
    {
        size_t i = 0;
        while (i < RULE_FIELD_COUNT && strcmp(RULE_FIELDS[i], key) != 0)
            i++;
        if (i == RULE_FIELD_COUNT) {
            const char *shown = strlen(key) < sizeof e->field ? key : "?";
            return err_set(e, ERR_INVALID, shown, "api_err_unknown_key", shown,
                           NULL);
        }
        if (alert_json_rule_text(key, v, text, sizeof text, e) < 0 ||
            rule_field_set(r, key, text, e) < 0)
            return -1;
    }
    return 0;
}
