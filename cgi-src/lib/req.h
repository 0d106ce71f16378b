/* req.h — CGI request parsing: QUERY_STRING and the body merged for every
 * method (Authentic sends link clicks as POST), urlencoded or JSON bodies,
 * explicit limits. req_parse is pure and fuzzable; req_env_load is the only
 * getenv() caller in the library.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_REQ_H
#define UC_REQ_H

#include <stddef.h>
#include "err.h"

#define REQ_MAX_QUERY  8192  /* bytes of QUERY_STRING */
#define REQ_MAX_BODY   65536 /* bytes of body; more -> ERR_TOO_LARGE */
#define REQ_MAX_PARAMS 1024  /* key=value pairs, query + body */
#define REQ_MAX_KEY    32    /* bytes of a key */
#define REQ_MAX_VALUE  4096  /* bytes of one decoded value */

enum req_method {
    METHOD_GET,
    METHOD_HEAD,
    METHOD_POST,
    METHOD_PUT,
    METHOD_PATCH,
    METHOD_DELETE,
    METHOD_OTHER
};

/* The CGI environment, borrowed from environ (NULL when unset). */
struct req_env {
    const char *method, *query, *content_type, *content_length;
    const char *script_name, *script_filename, *path_info, *request_uri;
    const char *remote_user, *base_remote_user, *session_id;
    const char *remote_host, *remote_addr;
    const char *http_host, *referer, *origin, *user_agent;
    const char *accept_language, *x_pjax, *x_requested_with;
    const char *https, *disable_referers_check;
    const char *webmin_config, *webmin_var;
    const char *server_software; /* "MiniServ/2.660" under Webmin */
    const char *server_protocol; /* "HTTP/1.0" */
    const char *accept_encoding; /* "gzip, deflate" */
};

/* Fills env from getenv(). */
void req_env_load(struct req_env *env);

/* One accepted parameter. */
#define FIELD_LIST 0x1 /* may repeat (multi-select, JSON array) */

struct field {
    const char *name;
    unsigned flags;
};

struct param {
    char *key;
    char *val; /* decoded, valid UTF-8, no NUL, no control chars but \t\r\n */
};

struct req {
    enum req_method method;
    struct param *p;
    size_t n;
};

/* Parses env->query and, when len > 0, the body (Content-Type
 * application/x-www-form-urlencoded, or application/json holding one object
 * whose values are strings, numbers, booleans, null or arrays of those;
 * numbers and booleans become their text, null becomes ""). Query pairs
 * come first, then body pairs.
 * Rejected with e set and out left empty:
 *   query over REQ_MAX_QUERY, body over REQ_MAX_BODY        -> ERR_TOO_LARGE
 *   body with another Content-Type (multipart, text/plain…) -> ERR_MEDIA_TYPE
 *   bad %XX, decoded NUL, invalid UTF-8, control characters,
 *   over REQ_MAX_PARAMS/KEY/VALUE, malformed or nested JSON  -> ERR_INVALID
 *   a key not in fields                                     -> ERR_INVALID
 *     (field = that key) — except keys starting with '_' and "xnavigation",
 *     which Authentic adds and are dropped silently
 *   a key without FIELD_LIST given twice                    -> ERR_INVALID
 * Returns 0 or -1. */
int req_parse(const struct req_env *env, const char *body, size_t len,
              const struct field *fields, size_t nfields, struct req *out,
              struct err *e);

/* Reads exactly CONTENT_LENGTH bytes from fd 0 into a malloc'd buffer (NUL
 * terminated; *body = NULL and *len = 0 when there is no body).
 * CONTENT_LENGTH must be digits only (ERR_INVALID) and <= max
 * (ERR_TOO_LARGE, nothing read); a short body is ERR_INVALID. */
int req_read_body(const struct req_env *env, size_t max, char **body,
                  size_t *len, struct err *e);

/* Maps REQUEST_METHOD to the enum (NULL -> METHOD_GET). */
enum req_method req_method_parse(const char *method);

/* First value of key, or NULL. Borrowed from r. */
const char *req_get(const struct req *r, const char *key);

/* Number of values of key, and the i-th of them (NULL past the end). */
size_t req_count(const struct req *r, const char *key);
const char *req_get_nth(const struct req *r, const char *key, size_t i);

/* Frees all pairs; r is then empty. NULL-safe. */
void req_free(struct req *r);

#endif
