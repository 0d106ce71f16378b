/* diagram_data.c — the diagram's data and its writes, as JSON.
 *   GET                 the whole estate (diagram_doc.h); gzip when the
 *                       browser accepts it. ?layout= picks the layout for
 *                       servers without a position (module config
 *                       `layout` by default).
 *   GET ?since=FP&ssince=SFP
 *                       the poller's cheap question: {"same":true} while
 *                       nothing changed; only the statuses
 *                       ({"status":"0312..."}) when only they changed;
 *                       else the whole estate.
 *   GET ?msince=T[&id=ID]  the metrics written after unix time T (of
 *                       server ID alone).
 *   GET ?format=html    a self-contained HTML snapshot (ACL export).
 *   GET ?part=alerts    only the document's "alerts" member
 *                       (alert_diagram.h), for the live stream's
 *                       'alerts' events: the badges without the estate.
 *   POST (JSON, edit ACL, from a page of this server)
 *     {"action":"move","moves":[["web-01",3,4],...]} sets positions;
 *     {"action":"arrange","layout":"circular","all":false} lays out the
 *       servers without a stored position (all: every server) and stores
 *       the result.
 *     Both answer {"moved":N,"fp":after,"sfp":states,"fp_before":before}.
 * Errors are {"error":{...}} with the HTTP status (the API's shape).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "alert_diagram.h"
#include "app.h"
#include "diagram_doc.h"
#include "diagram_gzip.h"
#include "layout.h"
#include "snapshot.h"
#include "store_pos.h"
#include "valid.h"

#define DATA_MAX_BYTES  ((size_t)512 * 1024 * 1024) /* one response */
#define MOVES_MAX       200000                      /* moves per request */
#define MOVES_MAX_BYTES ((size_t)16 * 1024 * 1024)  /* their JSON */
#define GZIP_MIN_BYTES  1024 /* smaller answers are sent as they are */

static const struct field fields[] = {
    {"since", 0},  {"ssince", 0}, {"msince", 0}, {"id", 0},
    {"layout", 0}, {"format", 0}, {"part", 0}};
static const struct page page = {
    .script = "diagram_data.cgi",
    .flags = PAGE_API,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
    .body_max = MOVES_MAX_BYTES,
};

/* The answer may be far larger than a page: give a->out room. */
static void
big_output(struct app *a)
{
    buf_free(&a->out);
    buf_init(&a->out, DATA_MAX_BYTES);
}

static int
oom(struct err *e)
{
    return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
}

/* Sends root, gzipped when that is accepted, possible and worth it. */
static int
send_json(struct app *a, json_t *root, struct err *e)
{
    big_output(a);
    if (root == NULL || diagram_doc_dump(root, &a->out, 0) < 0)
        return oom(e);
    const char *ae = a->env.accept_encoding;
    if (a->out.len >= GZIP_MIN_BYTES && diagram_gzip_available() &&
        diagram_gzip_accepted(ae)) {
        struct buf z;
        buf_init(&z, DATA_MAX_BYTES);
        if (diagram_gzip(a->out.p, a->out.len, &z) == 0) {
            buf_free(&a->out);
            a->out = z;
            app_header(a, "Content-Encoding", "gzip");
        } else {
            buf_free(&z);
        }
    }
    app_header(a, "Vary", "Accept-Encoding");
    a->content_type = "application/json";
    return 0;
}

static int
layout_param(struct app *a, enum layout_kind *out, struct err *e)
{
    const char *l = app_param(a, "layout");
    if (l == NULL || l[0] == '\0') {
        /* The module config's choice; an odd value there means auto. */
        if (layout_parse(cfgmap_get_or(&a->config, "layout", "auto"), out) < 0)
            *out = LAYOUT_AUTO;
        return 0;
    }
    if (layout_parse(l, out) < 0)
        return err_set(e, ERR_INVALID, "layout", "diagram_err_layout", l, NULL);
    return 0;
}

/* The unix time of msince: digits only. */
static int
time_param(const char *s, long long *out, struct err *e)
{
    long long v = 0;
    if (s[0] == '\0' || strlen(s) > 12)
        return err_set(e, ERR_INVALID, "msince", "err_bad_number", NULL, NULL);
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return err_set(e, ERR_INVALID, "msince", "err_bad_number", NULL,
                           NULL);
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

static int
write_buf(void *ctx, const char *p, size_t n)
{
    return buf_addn(ctx, p, n);
}

static int
snapshot(struct app *a, enum layout_kind layout, struct err *e)
{
    if (!a->can_export)
        return err_set(e, ERR_FORBIDDEN, "", "api_err_cannot_export", a->user,
                       NULL);
    struct snapshot_opts o = {
        .module_dir = a->module_dir, .lang = &a->lang, .layout = layout};
    big_output(a);
    if (snapshot_html(a->st, &o, write_buf, &a->out, e) < 0)
        return -1;
    a->content_type = "text/html; charset=UTF-8";
    app_header(a, "Content-Disposition",
               "attachment; filename=\"unlimited-cluster-diagram.html\"");
    app_log_action(a, "export", "estate", "html");
    return 0;
}

/* ?part=alerts: the "alerts" member alone, read through the same
 * (possibly scoped) store as the whole document. */
static int
alerts_part(struct app *a, const char *part, struct err *e)
{
    if (strcmp(part, "alerts") != 0)
        return err_set(e, ERR_INVALID, "part", "livealert_err_part", part,
                       NULL);
    json_t *doc = alert_diagram_json(a->st, e);
    if (doc == NULL)
        return -1;
    int rc = send_json(a, doc, e);
    json_decref(doc);
    return rc;
}

static int
get(struct app *a, struct err *e)
{
    enum layout_kind layout;
    const char *format = app_param(a, "format");
    const char *since = app_param(a, "since");
    const char *msince = app_param(a, "msince");
    const char *ssince = app_param(a, "ssince");
    const char *id = app_param(a, "id");
    const char *part = app_param(a, "part");
    struct pos_fp fp;

    if (layout_param(a, &layout, e) < 0)
        return -1;
    if (format != NULL && format[0] != '\0') {
        if (strcmp(format, "html") != 0)
            return err_set(e, ERR_INVALID, "format", "diagram_err_format",
                           format, NULL);
        return snapshot(a, layout, e);
    }
    if (part != NULL)
        return alerts_part(a, part, e);
    if (msince != NULL) {
        long long t = 0;
        if (time_param(msince, &t, e) < 0)
            return -1;
        if (id != NULL && valid_ident("id", id, e) < 0)
            return -1;
        json_t *m = diagram_doc_metrics(a->st, t, id, e);
        if (m == NULL)
            return -1;
        int rc = send_json(a, m, e);
        json_decref(m);
        return rc;
    }
    if (since != NULL && since[0] != '\0') {
        if (store_pos_fingerprint(a->st, &fp, e) < 0)
            return -1;
        if (strcmp(since, fp.topo) == 0) {
            json_t *ans;
            if (ssince == NULL || strcmp(ssince, fp.state) == 0)
                ans = json_pack("{s:s, s:s, s:b}", "fp", fp.topo, "sfp",
                                fp.state, "same", 1);
            else if ((ans = diagram_doc_states(a->st, e)) == NULL)
                return -1;
            int rc = send_json(a, ans, e);
            json_decref(ans);
            return rc;
        }
    }
    json_t *doc = diagram_doc_build(a->st, layout, e);
    if (doc == NULL)
        return -1;
    int rc =
        json_object_set_new(doc, "can_edit", json_boolean(a->can_edit)) < 0 ||
                json_object_set_new(doc, "can_export",
                                    json_boolean(a->can_export)) < 0 ||
                json_object_set_new(doc, "layout",
                                    json_string(layout_name(layout))) < 0
            ? oom(e)
            : send_json(a, doc, e);
    json_decref(doc);
    return rc;
}

/* moves: [[id, x, y], ...] -> m (ids borrowed from the JSON). */
static int
parse_moves(json_t *moves, struct pos_move **out, size_t *n, struct err *e)
{
    if (!json_is_array(moves) || json_array_size(moves) == 0)
        return err_set(e, ERR_INVALID, "moves", "diagram_err_moves", NULL,
                       NULL);
    if (json_array_size(moves) > MOVES_MAX) {
        char max[24];
        snprintf(max, sizeof max, "%d", MOVES_MAX);
        return err_set(e, ERR_INVALID, "moves", "api_err_too_many", max, NULL);
    }
    struct pos_move *m = calloc(json_array_size(moves), sizeof *m);
    if (m == NULL)
        return oom(e);
    size_t i;
    json_t *item;
    json_array_foreach(moves, i, item)
    {
        json_t *id = json_array_get(item, 0), *x = json_array_get(item, 1),
               *y = json_array_get(item, 2);
        if (!json_is_array(item) || json_array_size(item) != 3 ||
            !json_is_string(id) || !json_is_number(x) || !json_is_number(y)) {
            free(m);
            return err_set(e, ERR_INVALID, "moves", "diagram_err_moves", NULL,
                           NULL);
        }
        m[i].id = json_string_value(id);
        m[i].x = json_number_value(x);
        m[i].y = json_number_value(y);
        m[i].by_hand = 1; /* a person dragged it */
        if (valid_ident("moves", m[i].id, e) < 0) {
            free(m);
            return -1;
        }
        if (!isfinite(m[i].x) || !isfinite(m[i].y) || fabs(m[i].x) > 1e6 ||
            fabs(m[i].y) > 1e6) {
            free(m);
            return err_set(e, ERR_INVALID, "moves", "err_out_of_range",
                           "-1000000", "1000000");
        }
    }
    *out = m;
    *n = json_array_size(moves);
    return 0;
}

/* Every key of body is "action" or a word of allowed (space separated). */
static int
only_keys(json_t *body, const char *allowed, struct err *e)
{
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        size_t n = strlen(key);
        const char *p = allowed;
        int ok = strcmp(key, "action") == 0;
        while (!ok && (p = strstr(p, key)) != NULL) {
            ok = (p == allowed || p[-1] == ' ') && (p[n] == ' ' || !p[n]);
            p += n;
        }
        if (!ok)
            return err_set(e, ERR_INVALID, key, "api_err_unknown_key", NULL,
                           NULL);
    }
    return 0;
}

static int
do_move(struct app *a, json_t *body, size_t *moved, struct err *e)
{
    struct pos_move *m = NULL;
    size_t n = 0;
    char obj[VALID_ID_MAX + 24];
    if (only_keys(body, "moves", e) < 0)
        return -1;
    if (parse_moves(json_object_get(body, "moves"), &m, &n, e) < 0)
        return -1;
    int rc = store_pos_move(a->st, m, n, e);
    if (rc == 0) {
        if (n == 1)
            snprintf(obj, sizeof obj, "%s", m[0].id);
        else
            snprintf(obj, sizeof obj, "%zu", n);
        app_log_action(a, "move", "server", obj);
        *moved = n;
    }
    free(m);
    return rc;
}

static int
do_arrange(struct app *a, json_t *body, size_t *moved, struct err *e)
{
    json_t *l = json_object_get(body, "layout"),
           *all = json_object_get(body, "all");
    enum layout_kind kind;
    if (only_keys(body, "layout all", e) < 0)
        return -1;
    if (!json_is_string(l) || layout_parse(json_string_value(l), &kind) < 0)
        return err_set(e, ERR_INVALID, "layout", "diagram_err_layout",
                       json_is_string(l) ? json_string_value(l) : "", NULL);
    if (all != NULL && !json_is_boolean(all))
        return err_set(e, ERR_INVALID, "all", "api_err_want_bool", NULL, NULL);
    if (diagram_doc_arrange(a->st, kind, json_is_true(all), moved, e) < 0)
        return -1;
    app_log_action(a, "arrange", "diagram", layout_name(kind));
    return 0;
}

static int
post(struct app *a, struct err *e)
{
    json_error_t jerr;
    struct pos_fp before, after;
    size_t moved = 0;
    int rc;

    if (req_method_parse(a->env.method) != METHOD_POST)
        return err_set(e, ERR_METHOD, "", "err_post_only", NULL, NULL);
    if (!a->can_edit)
        return err_set(e, ERR_FORBIDDEN, "", "err_cannot_edit", a->user, NULL);
    /* app checked Referer/Origin when present; a page always sends them. */
    if ((a->env.referer == NULL || a->env.referer[0] == '\0') &&
        (a->env.origin == NULL || a->env.origin[0] == '\0'))
        return err_set(e, ERR_FORBIDDEN, "", "err_referer", NULL, NULL);
    if (a->body == NULL)
        return err_set(e, ERR_INVALID, "", "api_err_body_required", NULL, NULL);
    json_t *body =
        json_loadb(a->body, a->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (body == NULL) {
        char line[24];
        snprintf(line, sizeof line, "%d", jerr.line);
        return err_set(e, ERR_INVALID, "", "err_bad_json", line, NULL);
    }
    const char *action = json_string_value(json_object_get(body, "action"));
    if (!json_is_object(body)) {
        rc = err_set(e, ERR_INVALID, "", "api_err_not_object", NULL, NULL);
    } else if (store_pos_fingerprint(a->st, &before, e) < 0) {
        rc = -1;
    } else if (action != NULL && strcmp(action, "move") == 0) {
        rc = do_move(a, body, &moved, e);
    } else if (action != NULL && strcmp(action, "arrange") == 0) {
        rc = do_arrange(a, body, &moved, e);
    } else {
        rc = err_set(e, ERR_INVALID, "action", "diagram_err_action",
                     action ? action : "", NULL);
    }
    json_decref(body);
    if (rc < 0 || store_pos_fingerprint(a->st, &after, e) < 0)
        return -1;
    json_t *res =
        json_pack("{s:I, s:s, s:s, s:s}", "moved", (json_int_t)moved, "fp",
                  after.topo, "sfp", after.state, "fp_before", before.topo);
    rc = send_json(a, res, e);
    json_decref(res);
    return rc;
}

static int
handle(struct app *a, struct err *e)
{
    return a->write ? post(a, e) : get(a, e);
}

int
main(void)
{
    return app_run(&page, handle);
}
