/* store_failover.h — the failover switch-over: a failed server's
 * connections move to its standby (probe_settings.standby).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_FAILOVER_H
#define UC_STORE_FAILOVER_H

#include "err.h"
#include "valid.h"

struct store;

struct store_failover_result {
    char standby[VALID_ID_MAX + 1]; /* the standby used, "" when none set */
    int moved;   /* connections re-pointed from the failed server */
    int skipped; /* connections the standby already had (or that joined
                    the failed server to its standby): removed, not copied */
};

/* The standby of server id into out (VALID_ID_MAX + 1 bytes), "" when none.
 * Runs inside the caller's transaction. 0, or -1 with *e set. */
int store_failover_standby(struct store *st, const char *id, char *out,
                           struct err *e);

/* Sets (or, with standby NULL or "", clears) the standby of server id,
 * inside the caller's write transaction. Unknown id or standby ->
 * ERR_NOT_FOUND "err_server_not_found" (field "id" / "standby"); a server
 * as its own standby -> ERR_INVALID "action_err_standby_self". 0, or -1
 * with *e set and nothing changed. */
int store_failover_standby_set(struct store *st, const char *id,
                               const char *standby, struct err *e);

/* Moves the connections of the failed server to its standby in ONE write
 * transaction of its own (st must not be inside one): every connection
 * failed—X (either direction) whose other end X is a member of cluster
 * (every connection when cluster is "" or NULL) becomes standby—X with the
 * same direction and type; a pair the standby already has in either
 * direction, and the failed—standby connection itself, is removed without
 * a copy (counted in skipped). Each move is written to the module log.
 * No standby set: *r->standby = "" and nothing changes (returns 0).
 * Unknown server -> ERR_NOT_FOUND "err_server_not_found". 0, or -1 with
 * *e set and nothing changed. */
int store_failover(struct store *st, const char *failed, const char *cluster,
                   struct store_failover_result *r, struct err *e);

#endif
