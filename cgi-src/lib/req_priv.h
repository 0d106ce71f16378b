/* req_priv.h — internals shared by req.c (driver, urlencoded data) and
 * req_json.c (JSON bodies). Not for use outside the request parser.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_REQ_PRIV_H
#define UC_REQ_PRIV_H

#include <stddef.h>
#include "err.h"
#include "req.h"

/* The state of one req_parse call. */
struct req_ctx {
    const struct field *fields;
    size_t nfields;
    size_t *seen;  /* values stored so far, per field */
    size_t npairs; /* pairs received so far, dropped ones included */
    size_t cap;    /* allocated entries of out->p */
    struct req *out;
    struct err *e;
};

/* Outcome of req_ctx_key for an accepted key. */
#define REQ_KEY_DROP ((size_t)-1) /* '_'-prefixed or "xnavigation" */

/* Counts n more received pairs; -1 (ERR_INVALID err_too_many_params) once
 * the total passes REQ_MAX_PARAMS. */
int req_ctx_count(struct req_ctx *c, size_t n);

/* Checks the decoded key k[0..n) (1..REQ_MAX_KEY bytes, UTF-8, no control
 * characters) and looks it up: *idx is its index in fields, or
 * REQ_KEY_DROP for a key dropped silently. Returns 0 or -1 with c->e set
 * (err_key_too_long, err_bad_utf8, err_control_chars, err_unknown_param).
 * k need not be NUL-terminated. */
int req_ctx_key(struct req_ctx *c, const char *k, size_t n, size_t *idx);

/* Checks that field idx may take one more value (err_repeated_param). */
int req_ctx_repeat(struct req_ctx *c, size_t idx);

/* Checks the decoded value v[0..n) of field idx (<= REQ_MAX_VALUE bytes,
 * UTF-8, no control characters but \t \n \r, no NUL) and appends a copy
 * of the pair to c->out. Returns 0 or -1 with c->e set. */
int req_ctx_add(struct req_ctx *c, size_t idx, const char *v, size_t n);

/* Parses a JSON body (len >= 1) into c. Returns 0 or -1 with c->e set. */
int req_parse_json(struct req_ctx *c, const char *body, size_t len);

#endif
