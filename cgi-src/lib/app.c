/* app.c — one request from environment to response: the Webmin security
 * core (module access, module ACL, Referer rule), parsing, one transaction,
 * rendering, headers and the action log.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "acl.h"
#include "app.h"
#include "html.h"
#include "json_alloc.h"
#include "fdio.h"
#include "log.h"
#include "referer.h"
#include "valid.h"
#include "weblog.h"

static int
is_set(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* mkdir -p for a path we build ourselves; mode 0700 (the data is root's). */
static int
make_dirs(const char *path)
{
    char tmp[1024];
    if (mkdir(path, 0700) == 0 || errno == EEXIST)
        return 0; /* every request after the first: one system call */
    int n = snprintf(tmp, sizeof tmp, "%s", path);
    if (n < 0 || (size_t)n >= sizeof tmp)
        return -1;
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
        return -1;
    return 0;
}

/* The module folder: where the CGI binary lives (lang/, defaultacl). */
static void
find_module_dir(struct app *a)
{
    const char *f = a->env.script_filename;
    const char *slash = f ? strrchr(f, '/') : NULL;
    if (slash != NULL && slash != f &&
        (size_t)(slash - f) < sizeof a->module_dir) {
        memcpy(a->module_dir, f, (size_t)(slash - f));
        a->module_dir[slash - f] = '\0';
    } else if (getcwd(a->module_dir, sizeof a->module_dir) == NULL) {
        snprintf(a->module_dir, sizeof a->module_dir, ".");
    }
}

static int load_acls(struct app *a, struct err *e);

/* Reads configs, language and ACLs; checks module access. */
static int
load_context(struct app *a, struct err *e)
{
    char path[1200];
    const char *cfgdir = a->env.webmin_config;

    a->user = is_set(a->env.base_remote_user) ? a->env.base_remote_user
                                              : a->env.remote_user;
    a->under_miniserv = a->env.server_software != NULL &&
                        strncmp(a->env.server_software, "MiniServ", 8) == 0;
    if (is_set(cfgdir)) {
        snprintf(path, sizeof path, "%s/config", cfgdir);
        cfgmap_read(&a->global, path);
    }
    char code[16];
    lang_pick_in(code, &a->global, a->env.remote_user, a->user,
                 a->env.accept_language, a->module_dir);
    /* The JSON API reads its texts only for an error. */
    if ((a->page->flags & PAGE_API)
            ? lang_defer(&a->lang, a->module_dir, code)
            : lang_load(&a->lang, a->module_dir, code)) {
        log_msg("cannot read %s/lang/en", a->module_dir);
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    }
    if (!is_set(cfgdir) || !is_set(a->env.webmin_var))
        return err_set(e, ERR_INTERNAL, "", "err_no_webmin_env", NULL, NULL);
    snprintf(path, sizeof path, "%s/%s/config", cfgdir, APP_MODULE);
    cfgmap_read(&a->config, path);
    return load_acls(a, e);
}

/* Module access and the module ACL, from one read of the user's global
 * ACL ($WEBMIN_CONFIG/<user>.acl: rpc, negative, readonly). */
static int
load_acls(struct app *a, struct err *e)
{
    const char *cfgdir = a->env.webmin_config;
    struct cfgmap gacl = {0};
    int rc = 0;

    if (acl_global_load(&gacl, cfgdir, a->user) < 0)
        rc = err_set(e, ERR_FORBIDDEN, "", "err_no_module_access",
                     a->user ? a->user : "", NULL);
    else if (acl_check_access_with(cfgdir, a->user, APP_MODULE, &gacl, e) < 0)
        rc = -1;
    else if (acl_module_load_with(&a->acl, a->module_dir, cfgdir, APP_MODULE,
                                  a->user, a->env.remote_user, &gacl) < 0)
        rc = err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    int readonly = strcmp(cfgmap_get_or(&gacl, "readonly", "0"), "1") == 0;
    cfgmap_free(&gacl);
    if (rc < 0)
        return -1;
    a->can_edit =
        !readonly && strcmp(cfgmap_get_or(&a->acl, "edit", "1"), "1") == 0;
    a->can_alerts =
        !readonly && strcmp(cfgmap_get_or(&a->acl, "alerts", "1"), "1") == 0;
    a->can_export = strcmp(cfgmap_get_or(&a->acl, "export", "1"), "1") == 0;
    a->can_config = a->under_miniserv &&
                    strcmp(cfgmap_get_or(&a->acl, "noconfig", "0"), "1") != 0;
    return 0;
}

/* Webmin's Referer rule (and our Origin check) for a request that writes. */
static int
check_referer(struct app *a, struct err *e)
{
    struct referer_in in = {
        .referer = a->env.referer,
        .origin = a->env.origin,
        .http_host = a->env.http_host,
        .https = a->env.https != NULL && strcmp(a->env.https, "ON") == 0,
        .user_agent = a->env.user_agent,
        .disable_check = a->env.disable_referers_check,
        .cfg_referer = cfgmap_get(&a->global, "referer"),
        .cfg_referers = cfgmap_get(&a->global, "referers"),
        .cfg_referers_none = cfgmap_get(&a->global, "referers_none"),
    };
    if (!referer_trusted(&in)) {
        log_msg("refused %s from user %s: referer '%s' origin '%s'",
                a->page->script, a->user ? a->user : "-",
                a->env.referer ? a->env.referer : "",
                a->env.origin ? a->env.origin : "");
        return err_set(e, ERR_FORBIDDEN, "", "err_referer", NULL, NULL);
    }
    return 0;
}

/* Rules for a page that changes data. */
static int
check_write(struct app *a, struct err *e)
{
    if (req_method_parse(a->env.method) != METHOD_POST)
        return err_set(e, ERR_METHOD, "", "err_post_only", NULL, NULL);
    if (a->page->flags & PAGE_ALERTS) {
        if (!a->can_alerts)
            return err_set(e, ERR_FORBIDDEN, "", "alert_err_cannot_alerts",
                           a->user, NULL);
    } else if (!a->can_edit) {
        return err_set(e, ERR_FORBIDDEN, "", "err_cannot_edit", a->user, NULL);
    }
    return check_referer(a, e);
}

/* Rules for an API request that writes: a browser always sends Origin or
 * Referer with a cross-site request, so when either is present the Referer
 * rule applies; a script sends neither. A body must be JSON, which a
 * cross-site form cannot send without a CORS preflight we never grant. */
static int
check_api_write(struct app *a, struct err *e)
{
    if ((is_set(a->env.referer) || is_set(a->env.origin)) &&
        check_referer(a, e) < 0)
        return -1;
    if (is_set(a->env.content_length) &&
        strcmp(a->env.content_length, "0") != 0) {
        const char *ct = a->env.content_type ? a->env.content_type : "";
        size_t n = strcspn(ct, "; \t");
        if (n != 16 || strncasecmp(ct, "application/json", 16) != 0)
            return err_set(e, ERR_MEDIA_TYPE, "", "err_json_only", NULL, NULL);
    }
    return 0;
}

/* ACL `clusters`: "*" (the default) sees everything; otherwise the
 * space-separated cluster names are all this user sees. */
static int
apply_scope(struct app *a, struct err *e)
{
    const char *list = cfgmap_get_or(&a->acl, "clusters", "*");
    if (strcmp(list, "*") == 0)
        return 0;
    char copy[APP_SCOPE_TEXT];
    const char *names[APP_SCOPE_MAX];
    size_t n = 0;
    snprintf(copy, sizeof copy, "%s", list);
    struct err ignored;
    char *save = NULL;
    for (char *t = strtok_r(copy, " \t,", &save);
         t != NULL && n < APP_SCOPE_MAX; t = strtok_r(NULL, " \t,", &save))
        if (valid_ident("clusters", t, &ignored) == 0)
            names[n++] = t;
    a->scoped = 1;
    return store_set_scope(a->st, names, n, e);
}

/* The database file: module config db_path, else under WEBMIN_VAR. */
static int
open_store(struct app *a, struct err *e)
{
    const char *p = cfgmap_get(&a->config, "db_path");
    if (is_set(p)) {
        snprintf(a->db_path, sizeof a->db_path, "%s", p);
    } else {
        snprintf(a->db_path, sizeof a->db_path, "%s/cluster.db", a->var_dir);
    }
    if (store_open(a->db_path, &a->st, e) < 0)
        return -1;
    store_set_max_servers(a->st,
                          atoll(cfgmap_get_or(&a->config, "max_servers", "0")));
    return apply_scope(a, e);
}

static int
prepare(struct app *a, struct err *e)
{
    find_module_dir(a);
    if (is_set(a->env.webmin_var)) {
        snprintf(a->var_dir, sizeof a->var_dir, "%s/modules/%s",
                 a->env.webmin_var, APP_MODULE);
        if (make_dirs(a->var_dir) == 0) {
            char logp[1200];
            snprintf(logp, sizeof logp, "%s/module.log", a->var_dir);
            log_set_path(logp);
        }
    }
    if (load_context(a, e) < 0)
        return -1;
    int api = (a->page->flags & PAGE_API) != 0;
    enum req_method m = req_method_parse(a->env.method);
    a->write = api ? m != METHOD_GET && m != METHOD_HEAD
                   : (a->page->flags & PAGE_WRITES) != 0;
    if (a->write && (api ? check_api_write(a, e) : check_write(a, e)) < 0)
        return -1;
    size_t max = a->page->body_max ? a->page->body_max : REQ_MAX_BODY;
    if (req_read_body(&a->env, max, &a->body, &a->body_len, e) < 0)
        return -1;
    if (req_parse(&a->env, api ? NULL : a->body, api ? 0 : a->body_len,
                  a->page->fields, a->page->nfields, &a->req, e) < 0)
        return -1;
    if (a->page->flags & PAGE_NO_DB)
        return 0;
    if (open_store(a, e) < 0)
        return -1;
    return store_begin(a->st, a->write, e);
}

static void
security_headers(struct app *a, struct buf *h)
{
    buf_add(h, "X-Frame-Options: SAMEORIGIN\r\n"
               "X-Content-Type-Options: nosniff\r\n"
               "Referrer-Policy: same-origin\r\n"
               "Cache-Control: no-store\r\n"
               "Content-Security-Policy: default-src 'self'; "
               "script-src 'self' 'unsafe-inline'; "
               "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "connect-src 'self'; frame-ancestors 'self'; "
               "form-action 'self'; base-uri 'self'\r\n");
    if (a->env.https != NULL && strcmp(a->env.https, "ON") == 0)
        buf_add(h, "Strict-Transport-Security: max-age=31536000\r\n");
}

/* Headers miniserv accepts: "Name: value", a Content-type always. An
 * nph-*.cgi writes the status line itself (miniserv then copies the output
 * raw; lighttpd reads the line as the status); other pages send Status:,
 * which miniserv ignores and other servers honour. */
static void
send_response(struct app *a)
{
    struct buf h;
    buf_init(&h, 8192);
    int status = a->location[0] != '\0' ? 302 : a->status;
    if (a->nph) {
        const char *proto = a->env.server_protocol;
        buf_addf(&h, "%s %d %s\r\n",
                 proto && strncmp(proto, "HTTP/1.", 7) == 0 ? proto
                                                            : "HTTP/1.0",
                 status, err_http_reason(status));
    }
    if (a->location[0] != '\0') {
        buf_addf(&h, "Location: %s\r\n", a->location);
        buf_reset(&a->out);
    } else if (a->status != 200 && !a->nph) {
        buf_addf(&h, "Status: %d %s\r\n", a->status,
                 err_http_reason(a->status));
    }
    if (status == 204)
        buf_reset(&a->out);
    const char *ct = a->content_type;
    if (ct == NULL)
        ct = (a->page->flags & PAGE_API) ? "application/json"
                                         : "text/html; charset=UTF-8";
    buf_addf(&h, "Content-type: %s\r\n", ct);
    if (a->headers.len > 0)
        buf_add(&h, buf_cstr(&a->headers));
    security_headers(a, &h);
    buf_addf(&h, "Content-Length: %zu\r\n\r\n", a->out.len);
    /* A client gone leaves nothing useful to do: the results are unused. */
    (void)fd_write_all(STDOUT_FILENO, buf_cstr(&h), h.len);
    if (req_method_parse(a->env.method) != METHOD_HEAD)
        (void)fd_write_all(STDOUT_FILENO, buf_cstr(&a->out), a->out.len);
    buf_free(&h);
}

static void
error_html(struct app *a, const struct err *e)
{
    char fkey[48];
    buf_reset(&a->out);
    app_page_begin(a, "error_title", NULL, "index.cgi");
    html_lit(&a->out, "<div class=\"uc-error\" role=\"alert\"><p>");
    if (e->field[0] != '\0') {
        snprintf(fkey, sizeof fkey, "field_%s", e->field);
        const char *label = lang_get(&a->lang, fkey);
        html_lit(&a->out, "<strong class=\"uc-field\">");
        html_text(&a->out, strcmp(label, fkey) == 0 ? e->field : label);
        html_lit(&a->out, "</strong>: ");
    }
    lang_html(&a->out, &a->lang, e->key, e->arg[0], e->arg[1]);
    html_lit(&a->out, "</p>");
    if (a->page->flags & PAGE_WRITES)
        lang_html(&a->out, &a->lang, "error_nothing_saved", NULL, NULL);
    html_lit(&a->out, "</div>");
    app_page_end(a, NULL);
    a->content_type = NULL;
}

/* {"error":{"code":"invalid","field":"ip","message":"..."}} */
static void
error_json(struct app *a, const struct err *e)
{
    struct buf msg;
    buf_init(&msg, 4096);
    lang_plain(&msg, &a->lang, e->key, e->arg[0], e->arg[1]);
    json_t *doc = json_pack("{s:{s:s, s:s, s:s, s:s}}", "error", "code",
                            err_code_name(e->code), "field", e->field,
                            "message", buf_cstr(&msg), "key", e->key);
    if (doc != NULL && a->error_extra != NULL)
        json_object_update(doc, a->error_extra);
    char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    buf_reset(&a->out);
    buf_add(&a->out, text ? text : "{\"error\":{\"code\":\"internal\"}}");
    buf_add(&a->out, "\n");
    json_text_free(text);
    json_decref(doc);
    buf_free(&msg);
    a->content_type = "application/json";
}

static void
send_error(struct app *a, const struct err *e)
{
    a->status = err_http_status(e->code);
    a->location[0] = '\0';
    if (a->page->flags & PAGE_API) {
        error_json(a, e);
    } else {
        buf_reset(&a->headers);
        error_html(a, e);
    }
    send_response(a);
}

static void
cleanup(struct app *a)
{
    store_close(a->st);
    req_free(&a->req);
    free(a->body);
    cfgmap_free(&a->global);
    cfgmap_free(&a->config);
    cfgmap_free(&a->acl);
    lang_free(&a->lang);
    buf_free(&a->out);
    buf_free(&a->headers);
    json_decref(a->error_extra);
}

int
app_run(const struct page *page, app_handler handler)
{
    struct app a;
    struct err e;

    memset(&a, 0, sizeof a);
    err_clear(&e);
    a.page = page;
    a.status = 200;
    store_single_thread();
    json_alloc_small();
    buf_init(&a.out, APP_PAGE_MAX);
    buf_init(&a.headers, 4096);
    req_env_load(&a.env);
    const char *slash =
        a.env.script_name ? strrchr(a.env.script_name, '/') : NULL;
    a.nph = strncmp(slash ? slash + 1 : page->script, "nph-", 4) == 0;

    int rc = prepare(&a, &e);
    if (rc == 0)
        rc = handler(&a, &e);
    if (rc == 0 && a.st != NULL)
        rc = store_commit(a.st, &e);
    if (rc < 0) {
        if (a.st != NULL)
            store_rollback(a.st);
        if (e.code == ERR_INTERNAL || e.code == ERR_BUSY)
            log_msg("%s: %s (%s)", page->script, e.key, e.arg[0]);
        send_error(&a, &e);
    } else {
        send_response(&a);
    }
    cleanup(&a);
    return 0;
}

const char *
app_param(const struct app *a, const char *key)
{
    return req_get(&a->req, key);
}

void
app_error_extra(struct app *a, json_t *extra)
{
    json_decref(a->error_extra);
    a->error_extra = extra;
}

void
app_header(struct app *a, const char *name, const char *value)
{
    if (strpbrk(name, "\r\n:") != NULL || strpbrk(value, "\r\n") != NULL)
        return; /* never split a header */
    buf_addf(&a->headers, "%s: %s\r\n", name, value);
}

void
app_redirect(struct app *a, const char *location)
{
    snprintf(a->location, sizeof a->location, "%s", location);
}

const char *
app_text(const struct app *a, const char *key)
{
    return lang_get(&a->lang, key);
}

void
app_log_action(struct app *a, const char *action, const char *type,
               const char *object)
{
    struct kv params[REQ_MAX_PARAMS];
    size_t n = 0;
    for (size_t i = 0; i < a->req.n && n < REQ_MAX_PARAMS; i++) {
        params[n].key = a->req.p[i].key;
        params[n].val = a->req.p[i].val;
        n++;
    }
    const char *slash =
        a->env.script_name ? strrchr(a->env.script_name, '/') : NULL;
    struct weblog_entry le = {
        .when = time(NULL),
        .pid = getpid(),
        .seq = a->log_seq++,
        .user = a->env.remote_user,
        .session = a->env.session_id,
        .client = is_set(a->env.remote_host) ? a->env.remote_host
                                             : a->env.remote_addr,
        .module = APP_MODULE,
        .script = slash ? slash + 1 : a->page->script,
        .action = action,
        .type = type,
        .object = object,
        .params = params,
        .nparams = n,
    };
    if (weblog_append(&a->global, a->env.webmin_var, !a->can_edit, &le) < 0)
        log_msg("cannot append to the Webmin action log");
}
