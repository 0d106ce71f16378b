/* api_alerts.c — /alerts (GET the active ones, ?state= &severity=
 * &server=), /alerts/history (GET, paged), /alerts/{id}/ack (POST),
 * /silences (GET, POST) and /silences/{id} (DELETE).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "alert_json.h"
#include "api_alerts.h"
#include "api_cursor.h"
#include "api_json.h"
#include "api_query.h"
#include "valid.h"

#define HISTORY_TAG "alert_log"

static const char *
who(const struct app *a)
{
    return a->user && a->user[0] ? a->user : "api";
}

struct list_ctx {
    struct store *st;
    json_t *list;
    struct err *e;
};

static int
add_alert(void *ctx, const struct alert_row *row)
{
    struct list_ctx *c = ctx;
    json_t *doc = alert_json_alert(c->st, row, c->e);
    if (doc == NULL)
        return -1;
    return json_array_append_new(c->list, doc) < 0 ? -1 : 0;
}

int
api_alerts_list(struct app *a, const char *param, struct err *e)
{
    (void)param;
    struct alert_filter f = {.state = app_param(a, "state"),
                             .severity = app_param(a, "severity"),
                             .server = app_param(a, "server")};
    struct alert_counts counts;
    struct list_ctx c = {a->st, json_array(), e};
    if (c.list == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", "alerts", NULL);
    if (store_alert_list(a->st, &f, add_alert, &c, e) != 0 ||
        store_alert_counts(a->st, &counts, e) < 0) {
        json_decref(c.list);
        return -1;
    }
    return api_reply(a,
                     json_pack("{s:o, s:o}", "alerts", c.list, "counts",
                               alert_json_counts(&counts)),
                     e);
}

static int
add_log(void *ctx, const struct alert_log_row *l)
{
    return json_array_append_new(ctx, alert_json_log(l)) < 0;
}

int
api_alerts_history(struct app *a, const char *param, struct err *e)
{
    (void)param;
    size_t limit;
    json_t *cursor = NULL;
    long long before = 0, next = 0;
    if (api_limit(a, &limit, e) < 0 ||
        api_cursor_param(a, HISTORY_TAG, 2, &cursor, e) < 0)
        return -1;
    if (cursor != NULL) {
        json_t *v = json_array_get(cursor, 1);
        before = json_is_integer(v) ? json_integer_value(v) : 0;
        json_decref(cursor);
        if (before <= 0)
            return err_set(e, ERR_INVALID, "cursor", "api_err_bad_cursor", NULL,
                           NULL);
    }
    json_t *list = json_array();
    int rc =
        list
            ? store_alert_history(a->st, before, limit, app_param(a, "server"),
                                  app_param(a, "rule"), add_log, list, &next, e)
            : 1;
    if (rc != 0) {
        json_decref(list);
        return rc < 0 ? -1
                      : err_set(e, ERR_INTERNAL, "", "err_internal", "history",
                                NULL);
    }
    json_t *nc = next > 0 ? api_cursor_make(json_pack("[s, I]", HISTORY_TAG,
                                                      (json_int_t)next))
                          : json_null();
    return api_reply(
        a, json_pack("{s:o, s:o}", "events", list, "next_cursor", nc), e);
}

/* A path id: 1..18 digits. */
static int
path_id(const char *text, long long *out, struct err *e)
{
    size_t n = text ? strlen(text) : 0;
    long long v = 0;
    if (n == 0 || n > 18)
        return err_set(e, ERR_INVALID, "id", "alert_err_id", NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return err_set(e, ERR_INVALID, "id", "alert_err_id", NULL, NULL);
        v = v * 10 + (text[i] - '0');
    }
    if (v < 1)
        return err_set(e, ERR_INVALID, "id", "alert_err_id", NULL, NULL);
    *out = v;
    return 0;
}

int
api_alert_ack(struct app *a, const char *id, struct err *e)
{
    long long aid;
    struct alert_row row;
    if (a->body_len > 0)
        return err_set(e, ERR_INVALID, "", "alert_err_no_body", NULL, NULL);
    if (path_id(id, &aid, e) < 0 ||
        store_alert_ack(a->st, aid, who(a), e) < 0 ||
        store_alert_get(a->st, aid, &row, e) < 0)
        return -1;
    app_log_action(a, "acknowledge", "alert", id);
    json_t *doc = alert_json_alert(a->st, &row, e);
    return doc ? api_reply(a, doc, e) : -1;
}

static int
add_silence(void *ctx, const struct silence *s)
{
    return json_array_append_new(ctx, alert_json_silence(s)) < 0;
}

int
api_silences_list(struct app *a, const char *param, struct err *e)
{
    (void)param;
    json_t *list = json_array();
    int rc = list ? store_silence_list(a->st, add_silence, list, e) : 1;
    if (rc != 0) {
        json_decref(list);
        return rc < 0 ? -1
                      : err_set(e, ERR_INTERNAL, "", "err_internal", "silences",
                                NULL);
    }
    return api_reply(a, json_pack("{s:o}", "silences", list), e);
}

static const struct api_key SILENCE_KEYS[] = {{"rule", API_STRING_NULL},
                                              {"server", API_STRING_NULL},
                                              {"duration", API_STRING},
                                              {"reason", API_STRING}};

static int
copy_text(json_t *body, const char *key, char *out, size_t outlen,
          struct err *e)
{
    const char *v = json_string_value(json_object_get(body, key));
    if (v == NULL)
        v = "";
    if (strlen(v) >= outlen)
        return err_set(e, ERR_INVALID, key, "err_too_long", NULL, NULL);
    snprintf(out, outlen, "%s", v);
    return 0;
}

int
api_silences_create(struct app *a, const char *param, struct err *e)
{
    (void)param;
    struct silence s;
    long long seconds = 0;
    char loc[32];
    json_t *body = api_body(a, SILENCE_KEYS,
                            sizeof SILENCE_KEYS / sizeof SILENCE_KEYS[0], e);
    if (body == NULL)
        return -1;
    memset(&s, 0, sizeof s);
    snprintf(s.by, sizeof s.by, "%s", who(a));
    const char *d = json_string_value(json_object_get(body, "duration"));
    int rc = 0;
    if (d == NULL)
        rc = err_set(e, ERR_INVALID, "duration", "err_required", NULL, NULL);
    else if (rule_duration_parse("duration", d, ALERT_SILENCE_MAX, &seconds,
                                 e) < 0 ||
             copy_text(body, "rule", s.rule, sizeof s.rule, e) < 0 ||
             copy_text(body, "server", s.server, sizeof s.server, e) < 0 ||
             copy_text(body, "reason", s.reason, sizeof s.reason, e) < 0 ||
             store_silence_add(a->st, &s, seconds, e) < 0)
        rc = -1;
    json_decref(body);
    if (rc < 0)
        return -1;
    char location[300];
    snprintf(loc, sizeof loc, "%lld", s.id);
    snprintf(location, sizeof location, "%s/silences/%s",
             a->env.script_name ? a->env.script_name : "", loc);
    app_header(a, "Location", location);
    a->status = 201;
    app_log_action(a, "silence", "alert", s.server[0] ? s.server : s.rule);
    return api_reply(a, alert_json_silence(&s), e);
}

int
api_silence_delete(struct app *a, const char *id, struct err *e)
{
    long long sid;
    if (path_id(id, &sid, e) < 0 || store_silence_delete(a->st, sid, e) < 0)
        return -1;
    app_log_action(a, "unsilence", "alert", id);
    a->status = 204;
    return 0;
}
