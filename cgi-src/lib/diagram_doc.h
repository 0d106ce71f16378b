/* diagram_doc.h — the diagram's data as one compact JSON document (what
 * diagram_data.cgi sends and an HTML snapshot embeds): columns instead of
 * one object per server, ids joined by newlines, small vocabularies as one
 * digit per server, connections and cluster members as server indexes.
 * docs in help/diagram.html; the reader is module/static/diagram-core.js.
 *
 *   {"format":"uc-diagram","version":1,"fp":"<16 hex>","sfp":"<16 hex>",
 *    "now":<unix s>,
 *    "types":[{"name":"web","color":"#4CAF50"},...],
 *    "states":["unknown","active","warning","inactive"],
 *    "ctypes":["standard","http","database","cache","monitoring"],
 *    "regions":["","eu-west-1",...],
 *    "servers":{"n":N,"id":"a\nb","name":"\nB","ip":"...\n...",
 *               "type":"03","status":"12","region":[0,1],
 *               "x":[0,2],"y":[0,0],"placed":"10"},
 *    "conns":{"n":M,"from":[0],"to":[1],"type":"2"},
 *    "clusters":[{"name":"web","description":"...","members":[0,1]}],
 *    "metrics":{"at":<max checked>,"idx":[1],"checked":[..],
 *               "cpu":[12.5],"mem":[..],...},
 *    "alerts":{"firing":N,"critical":M,"ids":"db1\nweb1","count":[1,2],
 *              "root":"10"}}   (alert_diagram.c)
 *
 * A name equal to its id is sent as "". "placed" is 1 for a stored
 * position, 0 for one chosen here by the layout (not stored). fp and sfp
 * are the topology and state fingerprints (store_pos.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_DIAGRAM_DOC_H
#define UC_DIAGRAM_DOC_H

#include <stddef.h>
#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "lang.h"
#include "layout.h"
#include "store.h"

#define DIAGRAM_FORMAT  "uc-diagram"
#define DIAGRAM_VERSION 1

/* The whole document for what st shows; servers without a position get
 * one from layout_place_new(layout) (not stored). Metrics come from the
 * monitoring daemon's table when it can be read (otherwise "metrics" is
 * null and the reason is logged). Returns a new reference, or NULL with e
 * set. */
json_t *diagram_doc_build(struct store *st, enum layout_kind layout,
                          struct err *e);

/* Only the metrics written after since (unix seconds), of every server
 * or of server id alone (id not NULL), by server id:
 * {"fp":..., "at":<max checked or since>, "ids":"a\nb", "checked":[..],
 *  "cpu":[..], ...}. NULL with e set. */
json_t *diagram_doc_metrics(struct store *st, long long since, const char *id,
                            struct err *e);

/* Only the statuses, one digit per server in the document's order (valid
 * while the topology fingerprint is the one the reader holds):
 * {"fp":..,"sfp":..,"now":..,"status":"0312..."}. NULL with e set. */
json_t *diagram_doc_states(struct store *st, struct err *e);

/* Positions for every server by layout (hand placed ones too when all is
 * non-zero, else only those without a stored position), written to the
 * store; *moved gets how many. 0, or -1 with e set. */
int diagram_doc_arrange(struct store *st, enum layout_kind layout, int all,
                        size_t *moved, struct err *e);

/* Appends root as compact JSON to b. html_safe writes '<', '>' and '&' as
 * \u003c \u003e \u0026 (they only occur inside strings), so the text can
 * sit in an HTML <script> element. 0, or -1 when b is full. */
int diagram_doc_dump(const json_t *root, struct buf *b, int html_safe);

/* {"diagram_fit":"Fit to screen",...}: the texts the script shows. */
json_t *diagram_doc_texts(const struct lang *l);

#endif
