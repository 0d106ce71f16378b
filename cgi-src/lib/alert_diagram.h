/* alert_diagram.h — alert counts for the diagram document.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_ALERT_DIAGRAM_H
#define UC_ALERT_DIAGRAM_H

#include <jansson.h>

#include "err.h"
#include "store.h"

/* {"firing","critical","ids","count","root"} as described in
 * alert_diagram.c; a new reference, or NULL with *e set. */
json_t *alert_diagram_json(struct store *st, struct err *e);

#endif
