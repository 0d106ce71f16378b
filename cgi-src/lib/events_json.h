/* events_json.h — one change-journal event (store_events.h) as the JSON
 * object clients apply (docs/events.md): {"seq","at","kind", ...}; for
 * "add" and "join" with the server as it is now.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_EVENTS_JSON_H
#define UC_EVENTS_JSON_H

#include <jansson.h>

#include "err.h"
#include "store_events.h"

/* 0 with *out a new object (caller decrefs), or 0 with *out NULL when the
 * event is to be skipped: an "add" whose server is gone or hidden from
 * this store's scope (a later "remove" says why). -1 with e set on a
 * store failure or when out of memory. */
int events_json(struct store *st, const struct store_event *ev, json_t **out,
                struct err *e);

/* The server as "add" and "join" carry it: {"id","name","type","ip",
 * "region" (null for none),"status","x","y" (null when not placed),
 * "placed"}. NULL when out of memory. */
json_t *events_json_server(const struct server *s);

#endif
