/* valid.h — one validator per kind of field; each names the field and the
 * reason in *e (ERR_INVALID, field set, a lang key with arguments).
 * Return 0 when valid, -1 otherwise.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_VALID_H
#define UC_VALID_H

#include <stddef.h>
#include "err.h"

#define VALID_ID_MAX     64
#define VALID_NAME_MAX   128
#define VALID_HOST_MAX   253
#define VALID_REGION_MAX 64
#define VALID_DESC_MAX   1024
#define VALID_PORTS_MAX  16

/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
int valid_utf8(const char *s, size_t n);

/* 1 when the UTF-8 text s[0..n) holds a control character: C0 (NUL
 * included), DEL or C1 (U+0080..U+009F); \t \n \r are not counted when
 * allow_ws is non-zero. */
int valid_has_control(const char *s, size_t n, int allow_ws);

/* Required, 1..64 of [A-Za-z0-9._-], starting with a letter or digit. Used
 * for server ids ("web-prod-01") and cluster names. */
int valid_ident(const char *field, const char *s, struct err *e);

/* Required display name: 1..128 bytes of UTF-8, no control characters,
 * not only spaces. */
int valid_name(const char *field, const char *s, struct err *e);

/* Required: IPv4 dotted quad, IPv6 (inet_pton), or an RFC 1123 host name
 * (labels 1..63 of [A-Za-z0-9-], not starting/ending with '-', total
 * <= 253, a trailing dot allowed). */
int valid_host(const char *field, const char *s, struct err *e);

/* Optional (NULL/"" ok): 1..64 of [a-z0-9._-] such as "us-east-1". */
int valid_region(const char *field, const char *s, struct err *e);

/* Optional: up to 1024 bytes of UTF-8, control chars other than \n \r \t
 * refused. */
int valid_text(const char *field, const char *s, struct err *e);

/* Optional port list "80 443" or "80,443" (1..65535, <= 16, no repeats).
 * Writes the canonical form "80 443" into out (size >= 128); "" when s is
 * empty. */
int valid_ports(const char *field, const char *s, char *out, size_t outlen,
                struct err *e);

/* Required member of the vocabularies in types.h. */
int valid_server_type(const char *field, const char *s, struct err *e);
int valid_conn_type(const char *field, const char *s, struct err *e);
int valid_state(const char *field, const char *s, struct err *e);

/* Optional decimal coordinate (diagram tile), -1e6..1e6; *out untouched
 * and *set = 0 when s is NULL or "". */
int valid_coord(const char *field, const char *s, double *out, int *set,
                struct err *e);

#endif
