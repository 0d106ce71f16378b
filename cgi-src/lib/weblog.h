/* weblog.h — lines for Webmin's action log ($WEBMIN_VAR/webmin.log), in the
 * format webminlog-lib.pl parses, so module actions show in "Webmin Actions
 * Log".
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_WEBLOG_H
#define UC_WEBLOG_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>
#include "buf.h"
#include "cfgfile.h"

struct weblog_entry {
    time_t when;
    pid_t pid;
    int seq;                 /* per-process counter, 0 for the first line */
    const char *user;        /* NULL or "" -> "-" */
    const char *session;     /* raw SESSION_ID; NULL or "" -> "-" */
    const char *client;      /* REMOTE_HOST */
    const char *module;      /* "unlimited-cluster" */
    const char *script;      /* base name, e.g. "add_server.cgi" */
    const char *action;      /* e.g. "create" */
    const char *type;        /* e.g. "server"; NULL or "" -> "-" */
    const char *object;      /* e.g. "web1"; NULL or "" -> "-" */
    const struct kv *params; /* written sorted by key, values %XX-escaped */
    size_t nparams;
};

/* Appends one line, ending in "\n", in the exact format:
 * <epoch>.<pid>.<seq> [DD/Mon/YYYY HH:MM:SS] user session client module
 * module/script "action" "type" "object" key='value'...
 * Date in local time, English month. In values ' " \ CR LF TAB % become
 * %XX (upper-case hex); in action/type/object '"' and control characters
 * become %XX too; in the bare fields (user ... script) spaces and control
 * characters, and in keys any byte outside [A-Za-z0-9_.-]. A NULL value is
 * written as ''. Returns 0 or -1 (buffer full; out is then unchanged). */
int weblog_format(struct buf *out, const struct weblog_entry *e);

/* Appends e to the log when the global config says so: log=1; the user in
 * `logusers` if that is set; the module in `logmodules` if set; not for a
 * read-only user (readonly_user non-zero). File: global `webmin_log`, else
 * <webmin_var>/webmin.log, created 0600 (then chmod'ed to the global
 * `logperms`, octal, when set, as Webmin does). Returns 0 (also when logging
 * is off), -1 if the file could not be written. */
int weblog_append(const struct cfgmap *global, const char *webmin_var,
                  int readonly_user, const struct weblog_entry *e);

#endif
