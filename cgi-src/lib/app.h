/* app.h — the life of one CGI request, shared by every page: environment,
 * Webmin access rules, module ACL, language, body parsing, one database
 * transaction, headers with the security set, the action log, and error
 * pages. Each CGI declares a struct page and a handler, and calls app_run.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_APP_H
#define UC_APP_H

#include <stddef.h>
#include "buf.h"
#include "cfgfile.h"
#include "err.h"
#include "lang.h"
#include "req.h"
#include "store.h"

#define APP_MODULE     "unlimited-cluster"
#define APP_PAGE_MAX   (8u * 1024 * 1024) /* bytes of one response body */
#define APP_SCOPE_MAX  256  /* cluster names in the ACL `clusters` */
#define APP_SCOPE_TEXT 8192 /* bytes of that list */

/* Page flags. */
#define PAGE_WRITES 0x1 /* changes data: POST only, Referer rule, edit ACL */
#define PAGE_NO_DB  0x4 /* does not open the store */
/* With PAGE_WRITES: changes alert rules or alerts, so the alerts ACL
 * stands in for the edit ACL (an alerts-only user may act on alerts). */
#define PAGE_ALERTS 0x10
/* A JSON API (nph-api.cgi): errors are JSON; any method but GET and HEAD
 * writes (a write transaction, the Referer/Origin rule when a browser sends
 * either, and a JSON Content-Type when there is a body; the handler checks
 * the ACL each route needs); only the query string goes through req_parse
 * (with fields), the body is left raw in a->body for the handler. */
#define PAGE_API 0x8

struct page {
    const char *script; /* "add_server.cgi", for the action log */
    unsigned flags;
    const struct field *fields;
    size_t nfields;
    size_t body_max; /* bytes; 0 = REQ_MAX_BODY */
};

struct app {
    const struct page *page;
    struct req_env env;
    struct req req;
    char *body;
    size_t body_len;
    char module_dir[1024];
    char var_dir[1024];   /* $WEBMIN_VAR/modules/unlimited-cluster */
    char db_path[1200];   /* the database file (module config db_path, else
                             <var_dir>/cluster.db); set before the store
                             opens, "" for PAGE_NO_DB pages */
    const char *user;     /* BASE_REMOTE_USER or REMOTE_USER */
    struct cfgmap global; /* $WEBMIN_CONFIG/config */
    struct cfgmap config; /* module config */
    struct cfgmap acl;    /* merged module ACL */
    struct lang lang;
    struct store *st;
    int can_edit;   /* acl edit=1 and not a read-only Webmin user */
    int can_alerts; /* acl alerts=1 and not a read-only Webmin user */
    int can_export; /* acl export=1 (import also needs can_edit) */
    int can_config; /* acl noconfig != 1 and running under miniserv */
    int scoped;     /* acl clusters is not "*": sees only those clusters */
    int under_miniserv;
    int nph;   /* started as nph-*.cgi: we write the HTTP status line */
    int write; /* this request may change data (write transaction) */
    int log_seq;
    struct buf out;             /* the response body being rendered */
    char location[512];         /* set by app_redirect */
    struct buf headers;         /* extra header lines (app_header); an API error
                                   keeps them (Allow), a page's error drops them */
    struct json_t *error_extra; /* PAGE_API: members added to the error
                                   body (owned; app_error_extra) */
    const char *content_type;
    int status; /* 200 unless a handler sets it */
};

/* The handler renders into a->out (or calls app_redirect) and returns 0,
 * or returns -1 with e set; the transaction is then rolled back and an
 * error page (PAGE_API: {"error":{"code","field","message"}}) with the
 * mapped status is sent instead. An API handler sets a->status (201, 204)
 * and a->content_type ("application/json" is the default for PAGE_API). */
typedef int (*app_handler)(struct app *a, struct err *e);

/* Runs the whole request; returns main()'s exit status. */
int app_run(const struct page *page, app_handler handler);

/* PAGE_API: members merged into the error body should the request fail
 * (e.g. an import's list of problems); takes ownership of extra (a JSON
 * object). */
void app_error_extra(struct app *a, struct json_t *extra);

/* Adds one response header line ("Location: /x"; no CR or LF inside). */
void app_header(struct app *a, const char *name, const char *value);

/* A parameter of the request, or NULL. */
const char *app_param(const struct app *a, const char *key);

/* Asks for a redirect to a page of the module (a fixed script name plus an
 * optional query built by the caller from validated values). */
void app_redirect(struct app *a, const char *location);

/* Text for a lang key (borrowed). */
const char *app_text(const struct app *a, const char *key);

/* Appends one line to Webmin's action log for this request, with the
 * request's parameters. */
void app_log_action(struct app *a, const char *action, const char *type,
                    const char *object);

/* Opens the page frame: <html> with data-module/data-language, the
 * Authentic data-dcontainer wrapper, our stylesheet, a title bar with the
 * title text (lang key) and links (help page, Module Config when allowed,
 * back link when back is non-NULL: a page of the module). */
void app_page_begin(struct app *a, const char *title_key, const char *help,
                    const char *back);

/* Closes what app_page_begin opened; script (may be NULL) is inline init
 * code, a literal from the source, run on every PJAX visit. */
void app_page_end(struct app *a, const char *script);

#endif
