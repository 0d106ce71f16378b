/* layout.h — positions for the diagram, in FossFLOW tile coordinates
 * (integers; one server per tile, with at least one free tile around it):
 * automatic (grouped by cluster, then by type), circular, grid, and by
 * region; and places servers that have no position yet without covering
 * any other.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_LAYOUT_H
#define UC_LAYOUT_H

#include <stddef.h>

enum layout_kind {
    LAYOUT_AUTO,     /* blocks per cluster (servers sorted by type), then
                        one block per type for servers in no cluster */
    LAYOUT_CIRCULAR, /* rings around the origin, by cluster then type */
    LAYOUT_GRID,     /* one square grid in listing order */
    LAYOUT_REGION,   /* one area per region holding its cluster blocks */
    LAYOUT__MAX
};

#define LAYOUT_SPACING 2 /* tiles from one server to the next */
#define LAYOUT_GAP     4 /* tiles between blocks (cluster areas stay apart) */

/* "auto" "circular" "grid" "region" -> 0 and *out; anything else -> -1. */
int layout_parse(const char *name, enum layout_kind *out);
const char *layout_name(enum layout_kind k);

struct layout_node {
    int type;   /* index in SERVER_TYPES (any int; only the order counts) */
    int group;  /* its first cluster's index, -1 for none */
    int region; /* region index, 0 for none */
    int keep;   /* 1: x, y are fixed and stay as they are */
    double x, y;
};

/* Gives every node with keep == 0 a position by kind: the arranged block
 * starts beside the kept nodes (to their +x side), so nothing lands on a
 * kept node's tile. Node order is the tie-break (list them by row id).
 * Deterministic. Returns 0, or -1 when out of memory (positions then
 * unchanged). */
int layout_arrange(struct layout_node *n, size_t count, enum layout_kind kind);

/* Gives every node with keep == 0 a position near what is already there:
 * a few new nodes go to the nearest free tile around their cluster's kept
 * members (or beside everything, for one in no cluster or a cluster with no
 * placed member); many at once are arranged by kind beside the kept ones.
 * A new node never shares a tile, or touches one, with another node.
 * Returns 0 or -1 (out of memory). */
int layout_place_new(struct layout_node *n, size_t count,
                     enum layout_kind kind);

#endif
