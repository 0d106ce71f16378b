/* fossflow.h — the estate (or one cluster or region) as a FossFLOW
 * diagram, and FossFLOW diagrams back into servers, connections,
 * positions and clusters. The format, the mapping of icons to server
 * types and every rule are in docs/fossflow.md; the file format itself is
 * FossFLOW's (the fossflow npm package's modelSchema accepts what
 * fossflow_export writes: tests/fossflow).
 *
 * Typical use (REST API, clusterctl), like xport.h:
 *
 *   export:  store_begin(st, 0, e);
 *            fossflow_export(st, cluster, region, write_cb, ctx, e);
 *            store_commit(st, e);
 *
 *   import:  if (fossflow_sniff(body, len)) {     a FossFLOW document
 *                store_begin(st, 1, e);
 *                struct xport_report *r = calloc(1, sizeof *r);
 *                if (fossflow_import(st, body, len, XPORT_MERGE, dry_run,
 *                                    r, e) == 0)
 *                    store_commit(st, e);
 *                else
 *                    store_rollback(st);        r->issues: what and where
 *            }
 *
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_FOSSFLOW_H
#define UC_FOSSFLOW_H

#include <stddef.h>

#include "err.h"
#include "layout.h"
#include "store.h"
#include "xport.h"

/* The icon collection and id prefix of our icons ("uc-web"...). */
#define FOSSFLOW_COLLECTION "unlimited-cluster"

struct fossflow_opts {
    /* Folder holding type-<type>.svg (the module's images/); NULL = the
     * images/ folder beside this program (/proc/self/exe: uc.bin and
     * clusterctl live in the module folder). A missing file gets a drawn
     * stand-in, so the export never fails for an icon. */
    const char *icon_dir;
    /* How servers without a stored position are placed (not stored):
     * layout_place_new with this kind. LAYOUT_AUTO by default. */
    enum layout_kind layout;
};

/* Writes the whole estate, or only the members of cluster (when not
 * NULL/""), or only the servers of region (when not NULL/""; both given:
 * members of the cluster in that region) as one FossFLOW document through
 * write: an item and a view item (tile = the position, rounded) per
 * server, a connector per connection between two exported servers, a
 * rectangle (and a text box with its name) per cluster with exported
 * members, our nine icons as data: URLs. Servers, connections and clusters
 * come in id / (from, to) / name order, so the same estate always gives
 * the same text. Memory: about 50 bytes per server (the layout), never the
 * document. Run it in a read transaction. Returns 0, or -1 with e set:
 * unknown or hidden cluster -> ERR_NOT_FOUND field "cluster"
 * "err_cluster_not_found"; a region no visible server is in ->
 * ERR_NOT_FOUND field "region" "ff_err_region_not_found"; a bad name ->
 * ERR_INVALID; write failure -> ERR_INTERNAL "xport_err_write". */
int fossflow_export(struct store *st, const char *cluster, const char *region,
                    xport_write_fn write, void *ctx, struct err *e);

/* The same with options (NULL = defaults). */
int fossflow_export_opts(struct store *st, const struct fossflow_opts *opts,
                         const char *cluster, const char *region,
                         xport_write_fn write, void *ctx, struct err *e);

/* 1 when json[0..len) looks like a FossFLOW document, full ("items" and
 * "views" at the top level) or compact ("_": {"f": "compact"}), and is
 * not a native document ("format"); else 0. A shallow scan of the top
 * level: no allocation, O(len). */
int fossflow_sniff(const char *json, size_t len);

/* Imports a FossFLOW document (full or compact form) as xport_import does
 * with a native one: the whole document is checked first, every problem
 * recorded in report->issues with its JSON path ("$.items[3].icon"), and
 * nothing is written unless all of it can be mapped (docs/fossflow.md):
 *   item           -> server: id = the item's id when it is a valid id
 *                     and not a generated one (UUID, item_N), else the
 *                     slug of its name (made unique); name = its name;
 *                     type, ip, region, ports, status and clusters from
 *                     "key: value" lines of its description; the type
 *                     otherwise from its icon or name (the mapping
 *                     table); the address otherwise the first IP address
 *                     in the description, else the name when it is a
 *                     fully qualified host name, else an error.
 *   view item tile -> position (the first view that places the item)
 *   connector      -> connection between the first and last anchors that
 *                     reach items; type from our colour ids, its
 *                     description, else standard; a pair joined twice is
 *                     kept once
 *   "clusters: a b" in descriptions and our rectangles ("uc-cluster:a")
 *                  -> clusters and memberships
 * Text boxes and other rectangles are decoration: ignored.
 * mode, dry_run and the report as xport.h (report->connections.updated:
 * retyped). A scoped store is refused (ERR_FORBIDDEN
 * "xport_err_scoped"). Returns 0, or -1 with e set: ERR_INVALID
 * "xport_err_invalid" arg1 = issues_total when the document cannot be
 * imported (nothing written), a store error otherwise (roll back). */
int fossflow_import(struct store *st, const char *json, size_t len,
                    enum xport_mode mode, int dry_run,
                    struct xport_report *report, struct err *e);

#endif
