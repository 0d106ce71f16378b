/* store_events.h — the change journal (schema version 3, written by
 * triggers in store_schema.c): every change to servers, connections,
 * clusters and memberships, and a marker when the monitoring daemon has
 * written metrics, numbered by an ever-growing seq. events.cgi streams it
 * (Server-Sent Events, docs/events.md). Like store.h, every call runs
 * inside a transaction the caller opened, and a scoped store (a user
 * limited to some clusters) reads only the events about what that user
 * could see when the change happened.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_EVENTS_H
#define UC_STORE_EVENTS_H

#include <stddef.h>

#include "err.h"
#include "store.h"

/* Kinds, and what id/peer/text/x,y hold:
 *   add            id = server (new, or name/type/ip/region changed)
 *   status         id = server, text = the new status
 *   move           id = server, x/y = the new position (has_xy 0: none)
 *   remove         id = server
 *   connect        id = from, peer = to, text = type (new or retyped)
 *   disconnect     id = from, peer = to
 *   cluster        id = name, text = description (a new cluster)
 *   cluster_info   id = name, text = the new description
 *   cluster_remove id = name
 *   join / leave   id = server, peer = cluster
 *   alerts         id = server, text = pending, firing, resolved,
 *                  acknowledged or cancelled (an alert of it changed)
 *   metrics        (the daemon wrote measurements; at most one per 2 s)
 *   reset          (too many changes at once: reload everything) */
struct store_event {
    long long seq, at;     /* at: unix seconds */
    const char *kind;      /* borrowed for the callback, like the strings */
    const char *id, *peer; /* NULL when the kind has none */
    const char *text;
    int has_xy;
    double x, y;
};

/* Reads at most limit (1..10000) journal rows with seq > after, in
 * order, calling cb for each one this connection may see; stops early
 * when cb returns non-zero (returned). *last gets the seq of the last row
 * read, seen or not (after when none): the next call's after, so rows
 * hidden from a scoped user are passed over once. Returns 0, cb's value,
 * or -1 with e set. cb may call other store functions. */
typedef int (*store_event_cb)(void *ctx, const struct store_event *ev);
int store_events_read(struct store *st, long long after, size_t limit,
                      store_event_cb cb, void *ctx, long long *last,
                      struct err *e);

/* *oldest: the smallest seq still kept (0 when the journal is empty);
 * *newest: the largest seq ever written (0 when none). 0 or -1. */
int store_events_bounds(struct store *st, long long *oldest, long long *newest,
                        struct err *e);

/* 1 when a reader that has everything up to since cannot resume from the
 * journal (events after since were pruned, or since is from another
 * database: larger than newest), else 0. Pure. */
int store_events_gap(long long since, long long oldest, long long newest);

/* Writes one 'reset' event (clients reload everything), for a writer
 * that replaced the estate behind the triggers' back (a restore). Needs a
 * write transaction. 0 or -1. */
int store_events_reset(struct store *st, struct err *e);

#endif
