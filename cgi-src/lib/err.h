/* err.h — the one error shape: a code, the field it concerns, a lang key.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_ERR_H
#define UC_ERR_H

enum err_code {
    ERR_OK = 0,
    ERR_INVALID,    /* 400: a field or the request is malformed */
    ERR_FORBIDDEN,  /* 403: ACL, Referer, module access */
    ERR_NOT_FOUND,  /* 404 */
    ERR_METHOD,     /* 405 */
    ERR_CONFLICT,   /* 409: duplicate id, duplicate connection */
    ERR_TOO_LARGE,  /* 413 */
    ERR_MEDIA_TYPE, /* 415 */
    ERR_BUSY,       /* 503: database locked past the busy timeout */
    ERR_INTERNAL,   /* 500 */
    ERR__MAX
};

/* Caller-owned, usually on the stack. `key` names a message in lang/ (e.g.
 * "err_required"); its $1 and $2 are replaced by arg[0] and arg[1]. The user
 * only ever sees the lang text, never library or errno text. */
struct err {
    enum err_code code;
    char field[32];
    char key[48];
    char arg[2][128];
};

/* Fills *e (any pointer may be NULL except e). Always returns -1, so that
 * `return err_set(...)` reads naturally. Long values are truncated. */
int err_set(struct err *e, enum err_code code, const char *field,
            const char *key, const char *arg1, const char *arg2);

/* Clears *e to ERR_OK. */
void err_clear(struct err *e);

/* The single code -> HTTP status table (200 for ERR_OK). */
int err_http_status(enum err_code code);

/* The reason phrase for an HTTP status ("Bad Request"); "Unknown" if none. */
const char *err_http_reason(int status);

/* Stable machine name of a code for JSON ("invalid", "not_found", ...). */
const char *err_code_name(enum err_code code);

#endif
