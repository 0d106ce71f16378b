/* api_route.c — the route table of nph-api.cgi and the dispatch: path,
 * method (405 with Allow), the route's query keys, its ACL, then the
 * handler. GET / lists the table (the OpenAPI test compares it with
 * docs/openapi.yaml).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_alerts.h"
#include "api_handlers.h"
#include "api_health.h"
#include "api_json.h"
#include "api_route.h"

#define BODY_SMALL   REQ_MAX_BODY         /* one server, one connection */
#define BODY_CLUSTER (2u * 1024 * 1024)   /* a cluster with its members */
#define BODY_IMPORT  (256u * 1024 * 1024) /* a whole estate */

#define SERVER_LIST_KEYS "limit cursor q type status region cluster sort order"

const struct api_route API_ROUTES[] = {
    {"/", BODY_SMALL, {{METHOD_GET, api_index_get, API_READ, ""}}},
    {"/servers",
     BODY_SMALL,
     {{METHOD_GET, api_servers_list, API_READ, SERVER_LIST_KEYS},
      {METHOD_POST, api_servers_create, API_EDIT, ""}}},
    {"/servers/{id}",
     BODY_SMALL,
     {{METHOD_GET, api_server_get, API_READ, ""},
      {METHOD_PUT, api_server_put, API_EDIT, ""},
      {METHOD_PATCH, api_server_patch, API_EDIT, ""},
      {METHOD_DELETE, api_server_delete, API_EDIT, ""}}},
    {"/servers/{id}/series",
     BODY_SMALL,
     {{METHOD_GET, api_server_series, API_READ, "metric from to step"}}},
    {"/connections",
     BODY_SMALL,
     {{METHOD_GET, api_conns_list, API_READ, "server limit cursor"},
      {METHOD_POST, api_conns_create, API_EDIT, ""},
      {METHOD_DELETE, api_conns_delete, API_EDIT, "from to"}}},
    {"/clusters",
     BODY_CLUSTER,
     {{METHOD_GET, api_clusters_list, API_READ, "limit cursor"},
      {METHOD_POST, api_clusters_create, API_EDIT, ""}}},
    {"/clusters/{name}",
     BODY_CLUSTER,
     {{METHOD_GET, api_cluster_get, API_READ, ""},
      {METHOD_PUT, api_cluster_put, API_EDIT, ""},
      {METHOD_DELETE, api_cluster_delete, API_EDIT, ""}}},
    {"/stats", BODY_SMALL, {{METHOD_GET, api_stats_get, API_READ, ""}}},
    {"/metrics", BODY_SMALL, {{METHOD_GET, api_metrics_get, API_READ, ""}}},
    {"/targets", BODY_SMALL, {{METHOD_GET, api_targets_get, API_READ, ""}}},
    {"/rules",
     BODY_SMALL,
     {{METHOD_GET, api_rules_list, API_READ, ""},
      {METHOD_POST, api_rules_create, API_ALERTS, ""}}},
    {"/rules/{name}",
     BODY_SMALL,
     {{METHOD_GET, api_rule_get, API_READ, ""},
      {METHOD_PUT, api_rule_put, API_ALERTS, ""},
      {METHOD_PATCH, api_rule_patch, API_ALERTS, ""},
      {METHOD_DELETE, api_rule_delete, API_ALERTS, ""}}},
    {"/rules/{name}/test",
     BODY_SMALL,
     {{METHOD_POST, api_rule_test, API_ALERTS, ""}}},
    {"/alerts",
     BODY_SMALL,
     {{METHOD_GET, api_alerts_list, API_READ, "state severity server"}}},
    {"/alerts/history",
     BODY_SMALL,
     {{METHOD_GET, api_alerts_history, API_READ, "limit cursor server rule"}}},
    {"/alerts/{id}/ack",
     BODY_SMALL,
     {{METHOD_POST, api_alert_ack, API_ALERTS, ""}}},
    {"/silences",
     BODY_SMALL,
     {{METHOD_GET, api_silences_list, API_READ, ""},
      {METHOD_POST, api_silences_create, API_ALERTS, ""}}},
    {"/silences/{id}",
     BODY_SMALL,
     {{METHOD_DELETE, api_silence_delete, API_ALERTS, ""}}},
    {"/export",
     BODY_SMALL,
     {{METHOD_GET, api_export_get, API_EXPORT, "format cluster region"}}},
    {"/import",
     BODY_IMPORT,
     {{METHOD_POST, api_import_post, API_IMPORT, "mode dry_run"}}},
};
const size_t API_ROUTE_COUNT = sizeof API_ROUTES / sizeof API_ROUTES[0];

const char *
api_method_name(enum req_method m)
{
    static const char *const names[] = {
        [METHOD_GET] = "GET",     [METHOD_HEAD] = "HEAD",
        [METHOD_POST] = "POST",   [METHOD_PUT] = "PUT",
        [METHOD_PATCH] = "PATCH", [METHOD_DELETE] = "DELETE",
        [METHOD_OTHER] = "OTHER"};
    return (unsigned)m <= METHOD_OTHER ? names[m] : "OTHER";
}

/* Does path match the pattern? A "{...}" segment (the only one, last or
 * followed by a fixed tail such as "/series") matches one non-empty
 * segment, copied into param (size VALID_ID_MAX + 2: a longer one still
 * matches, truncated, and fails validation as too long). */
static int
path_match(const char *pattern, const char *path, char *param, size_t size)
{
    const char *brace = strchr(pattern, '{');
    if (brace == NULL)
        return strcmp(pattern, path) == 0;
    size_t prefix = (size_t)(brace - pattern);
    if (strncmp(pattern, path, prefix) != 0)
        return 0;
    const char *tail = strchr(brace, '}') + 1;
    const char *rest = path + prefix;
    size_t seg = strcspn(rest, "/");
    if (seg == 0 || strcmp(rest + seg, tail) != 0)
        return 0;
    snprintf(param, size, "%.*s", (int)seg, rest);
    return 1;
}

static const struct api_route *
find_route(const char *path_info, char *param, size_t size)
{
    const char *path = (path_info && path_info[0]) ? path_info : "/";
    for (size_t i = 0; i < API_ROUTE_COUNT; i++)
        if (path_match(API_ROUTES[i].path, path, param, size))
            return &API_ROUTES[i];
    return NULL;
}

size_t
api_body_max(const char *path_info)
{
    char param[VALID_ID_MAX + 2];
    const struct api_route *r = find_route(path_info, param, sizeof param);
    return r ? r->body_max : BODY_SMALL;
}

static const struct api_method *
find_method(const struct api_route *r, enum req_method m)
{
    if (m == METHOD_HEAD)
        m = METHOD_GET;
    for (size_t i = 0; i < API_METHODS_MAX && r->methods[i].fn; i++)
        if (r->methods[i].method == m)
            return &r->methods[i];
    return NULL;
}

/* "GET, HEAD, POST" for r. */
static void
allow_list(const struct api_route *r, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < API_METHODS_MAX && r->methods[i].fn; i++) {
        enum req_method m = r->methods[i].method;
        n += (size_t)snprintf(out + n, size - n, "%s%s", n ? ", " : "",
                              api_method_name(m));
        if (m == METHOD_GET && n < size)
            n += (size_t)snprintf(out + n, size - n, ", HEAD");
        if (n >= size)
            return;
    }
}

static int
method_not_allowed(struct app *a, const struct api_route *r, struct err *e)
{
    char allow[80];
    allow_list(r, allow, sizeof allow);
    app_header(a, "Allow", allow); /* an API error keeps its headers */
    enum req_method m = req_method_parse(a->env.method);
    return err_set(e, ERR_METHOD, "", "api_err_method",
                   m == METHOD_OTHER ? "" : api_method_name(m), allow);
}

/* 1 when key is one of the space-separated words of list. */
static int
word_in(const char *key, const char *list)
{
    size_t n = strlen(key);
    for (const char *p = list; *p;) {
        size_t w = strcspn(p, " ");
        if (w == n && strncmp(p, key, n) == 0)
            return 1;
        p += w;
        p += strspn(p, " ");
    }
    return 0;
}

static int
check_query(const struct app *a, const struct api_method *m, struct err *e)
{
    for (size_t i = 0; i < a->req.n; i++) {
        const char *key = a->req.p[i].key;
        if (!word_in(key, m->query))
            return err_set(e, ERR_INVALID, key, "api_err_unknown_key", key,
                           NULL);
    }
    return 0;
}

static int
check_acl(const struct app *a, enum api_need need, struct err *e)
{
    int edit = need == API_EDIT || need == API_IMPORT;
    int export = need == API_EXPORT || need == API_IMPORT;
    if (edit && !a->can_edit)
        return err_set(e, ERR_FORBIDDEN, "", "err_cannot_edit", a->user, NULL);
    if (need == API_ALERTS && !a->can_alerts)
        return err_set(e, ERR_FORBIDDEN, "", "alert_err_cannot_alerts", a->user,
                       NULL);
    if (export && !a->can_export)
        return err_set(e, ERR_FORBIDDEN, "", "api_err_cannot_export", a->user,
                       NULL);
    return 0;
}

int
api_dispatch(struct app *a, struct err *e)
{
    char param[VALID_ID_MAX + 2];
    const struct api_route *r =
        find_route(a->env.path_info, param, sizeof param);
    if (r == NULL)
        return err_set(e, ERR_NOT_FOUND, "", "api_err_no_route", NULL, NULL);
    const struct api_method *m =
        find_method(r, req_method_parse(a->env.method));
    if (m == NULL)
        return method_not_allowed(a, r, e);
    if (check_query(a, m, e) < 0 || check_acl(a, m->need, e) < 0)
        return -1;
    return m->fn(a, strchr(r->path, '{') ? param : NULL, e);
}

int
api_index_get(struct app *a, const char *param, struct err *e)
{
    (void)param;
    json_t *routes = json_array();
    for (size_t i = 0; i < API_ROUTE_COUNT; i++) {
        const struct api_route *r = &API_ROUTES[i];
        json_t *methods = json_array();
        for (size_t k = 0; k < API_METHODS_MAX && r->methods[k].fn; k++)
            json_array_append_new(
                methods, json_string(api_method_name(r->methods[k].method)));
        json_array_append_new(routes, json_pack("{s:s, s:o}", "path", r->path,
                                                "methods", methods));
    }
    return api_reply(a, json_pack("{s:o}", "routes", routes), e);
}
