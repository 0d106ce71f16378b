/* snapshot.h — the diagram as one self-contained HTML file: the diagram's
 * script and style inlined, the estate's data embedded, read-only but
 * interactive (zoom, pan, hover, search, PNG/SVG export), opens offline.
 * What `clusterctl export --format html`, the SDK and diagram_data.cgi's
 * "HTML snapshot" produce.
 *
 *   struct snapshot_opts o = {.module_dir =
 * "/usr/share/webmin/unlimited-cluster"}; store_begin(st, 0, e); a consistent
 * read snapshot_html(st, &o, write_cb, ctx, e); store_commit(st, e);
 *
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_SNAPSHOT_H
#define UC_SNAPSHOT_H

#include <stddef.h>

#include "err.h"
#include "lang.h"
#include "layout.h"
#include "store.h"

/* The diagram's scripts under <module_dir>/static/, in load order. */
extern const char *const DIAGRAM_SCRIPT_FILES[];
extern const size_t DIAGRAM_SCRIPT_COUNT;
#define DIAGRAM_STYLE_FILE "diagram.css"

struct snapshot_opts {
    const char *module_dir;  /* holds static/diagram*.js, diagram.css and
                                lang/ */
    const struct lang *lang; /* texts; NULL: lang/en of module_dir */
    const char *title;       /* NULL: the lang text "diagram_title" */
    enum layout_kind layout; /* for servers that have no position */
};

/* Receives the document in pieces; returns 0, or -1 to stop (snapshot_html
 * then fails with ERR_INTERNAL "err_internal"). */
typedef int (*snapshot_write_fn)(void *ctx, const char *p, size_t n);

/* Writes the HTML document for what st shows (inside the caller's
 * transaction). Errors: a store error as the store reports it; a missing
 * or unreadable script or style file -> ERR_INTERNAL "err_internal"
 * (logged). Memory: the data document once (about 70 bytes per server
 * plus 15 per connection). Returns 0 or -1 with e set. */
int snapshot_html(struct store *st, const struct snapshot_opts *o,
                  snapshot_write_fn write, void *ctx, struct err *e);

#endif
