/* store_page.h — connections in pages for the API: every connection by id,
 * the connections of one server by the other end, and one pair. Same rules
 * as store.h: inside the caller's transaction, limited by the user's
 * cluster scope like every other read.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_PAGE_H
#define UC_STORE_PAGE_H

#include <stddef.h>
#include "err.h"
#include "store.h"

#define STORE_PAGE_MAX 1000 /* rows of one page */

/* Calls cb for up to limit (1..STORE_PAGE_MAX) connections with an id
 * greater than after_id (0 = from the first), by id. Stops early when cb
 * returns non-zero, which is then returned; else 0, or -1 with e set. */
int store_conn_page(struct store *st, long long after_id, size_t limit,
                    conn_cb cb, void *ctx, struct err *e);

/* As store_conn_page for the connections touching server id, ordered by
 * the other end's id (ignoring ASCII case, like ids), after the other end
 * after_other ("" = from the first). */
int store_conn_page_server(struct store *st, const char *id,
                           const char *after_other, size_t limit, conn_cb cb,
                           void *ctx, struct err *e);

/* The connection between a and b in either direction into *out; none ->
 * ERR_NOT_FOUND field "to" "err_connection_not_found". */
int store_conn_get_pair(struct store *st, const char *a, const char *b,
                        struct connection *out, struct err *e);

#endif
