/* store_bulk.h — the store's whole-estate paths, for export and import:
 * reading every server, connection and membership in a stable order, and
 * writing many rows fast with the stored timestamps kept.
 *
 * Writing: store_bulk_begin inside the caller's write transaction; then
 * any number of the put/wipe calls; then store_bulk_finish, and only then
 * commit. In "rebuild" mode the counter triggers are dropped at begin and
 * recreated, from their stored text, at finish (in the same transaction),
 * the counters and member counts recomputed once, the search index
 * rebuilt once ('rebuild' of the external-content FTS5 table) and the
 * servers' secondary indexes built by one sort each, instead of row by
 * row; the change journal's per-row triggers are set aside too and one
 * 'reset' event written instead (store_events.h): about 3x faster for a large
 * import, but O(estate) at finish, so small merges write row by row instead.
 * Should anything fail before finish, the caller must roll back (the schema is
 * then restored with everything else).
 *
 * Writes name main.* tables: the caller refuses a scoped store first.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_BULK_H
#define UC_STORE_BULK_H

#include <stddef.h>

#include "err.h"
#include "store.h"
#include "store_probe.h"

/* ---- reading (also through a scoped store: only what it shows) ---- */

/* Every server by id (ignoring case). cb as store_server_list's; it may
 * call other store functions, including the other readers here. */
int store_bulk_each_server(struct store *st, server_cb cb, void *ctx,
                           struct err *e);

/* The same with each server's probe settings (all defaults when it has
 * none). */
typedef int (*bulk_server_cb)(void *ctx, const struct server *s,
                              const struct probe_settings *p);
int store_bulk_each_server_probe(struct store *st, bulk_server_cb cb, void *ctx,
                                 struct err *e);

/* Every connection by (from, to), ignoring case. */
int store_bulk_each_conn(struct store *st, conn_cb cb, void *ctx,
                         struct err *e);

/* The member ids of cluster name, by id. */
int store_bulk_each_member(struct store *st, const char *name, name_cb cb,
                           void *ctx, struct err *e);

/* ---- lookups (for an import's "what would change") ---- */

/* The stored server id (any case) into *out: 1 found, 0 not, -1 error. */
int store_bulk_server_find(struct store *st, const char *id, struct server *out,
                           struct err *e);

/* The connection between a and b in either direction: 1 found (*type,
 * size 16, gets its type), 0 not, -1 error. */
int store_bulk_conn_find(struct store *st, const char *a, const char *b,
                         char *type, struct err *e);

/* 1 when server id is a member of cluster name, 0 not, -1 error. */
int store_bulk_member_find(struct store *st, const char *name, const char *id,
                           struct err *e);

/* ---- writing ---- */

struct store_bulk; /* opaque */

/* Starts bulk writing in the open write transaction (rebuild: see above).
 * *out freed with store_bulk_free. */
int store_bulk_begin(struct store *st, int rebuild, struct store_bulk **out,
                     struct err *e);

/* Removes every server, connection and cluster (replace mode). */
int store_bulk_wipe(struct store_bulk *b, struct err *e);

/* Inserts s with its own created/updated (s->status "" = unknown). The id
 * must be new: a duplicate gives ERR_CONFLICT "err_server_exists". */
int store_bulk_server_add(struct store_bulk *b, const struct server *s,
                          struct err *e);

/* Replaces every field of the stored server s->id (the id keeps its
 * stored spelling) but created, which stays. Unknown id -> ERR_NOT_FOUND
 * "err_server_not_found". */
int store_bulk_server_update(struct store_bulk *b, const struct server *s,
                             struct err *e);

/* Inserts a connection; from and to as stored (canonical spelling). */
int store_bulk_conn_add(struct store_bulk *b, const char *from, const char *to,
                        const char *type, long long created, struct err *e);

/* Sets the type of the connection between a and b (either direction). */
int store_bulk_conn_set_type(struct store_bulk *b, const char *a,
                             const char *b_id, const char *type, struct err *e);

/* Inserts a cluster with its stamps. Duplicate -> ERR_CONFLICT
 * "err_cluster_exists". */
int store_bulk_cluster_add(struct store_bulk *b, const char *name,
                           const char *description, long long created,
                           long long updated, struct err *e);

/* Sets description (NULL keeps it) and updated of an existing cluster. */
int store_bulk_cluster_update(struct store_bulk *b, const char *name,
                              const char *description, long long updated,
                              struct err *e);

/* Makes server id (as stored) a member of cluster name; already one is
 * not an error. */
int store_bulk_member_add(struct store_bulk *b, const char *name,
                          const char *id, struct err *e);

/* Rebuild mode: rebuilds the indexes set aside, recomputes counters and
 * member counts, rebuilds the search index, recreates the triggers and
 * writes one 'reset' event. Row mode: nothing to do. */
int store_bulk_finish(struct store_bulk *b, struct err *e);

/* Finalizes the statements. NULL-safe. Does not roll back. */
void store_bulk_free(struct store_bulk *b);

#endif
