/* layout.c — the diagram's layouts (automatic, circular, grid, by region)
 * and the placement of servers that have no position yet. Blocks are
 * packed in rows ("shelves") in tile space; a hash set of taken tiles
 * keeps new servers off each other and off the kept ones.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

#define PLACE_NEAR_MAX 500 /* more new nodes than this: arrange as a block */
#define SEARCH_RADIUS  256 /* tiles searched around a cluster for a spot */
#define RING_SINGLE    200 /* up to this many nodes: one circle */
#define RING_FIRST     64  /* radius of the first of several rings */

#define TWO_PI 6.283185307179586

static const char *const NAMES[LAYOUT__MAX] = {"auto", "circular", "grid",
                                               "region"};

int
layout_parse(const char *name, enum layout_kind *out)
{
    for (int k = 0; name != NULL && k < LAYOUT__MAX; k++)
        if (strcmp(name, NAMES[k]) == 0) {
            *out = (enum layout_kind)k;
            return 0;
        }
    return -1;
}

const char *
layout_name(enum layout_kind k)
{
    return k >= 0 && k < LAYOUT__MAX ? NAMES[k] : "auto";
}

/* ---- arithmetic without libm (the unit tests link without -lm) ---- */

/* The nearest integer, halves away from zero. */
static long
round_l(double v)
{
    return (long)(v < 0 ? v - 0.5 : v + 0.5);
}

/* The smallest c with c * c >= n. */
static long
sqrt_ceil(size_t n)
{
    size_t c = 0, step = (size_t)1 << 31;
    for (; step > 0; step >>= 1)
        if ((c + step) * (c + step) <= n)
            c += step;
    return (long)(c * c < n ? c + 1 : c);
}

/* cos and sin of a in [0, 2 pi), by their series after moving a into
 * [-pi, pi] (30 terms: exact to double precision there). */
static void
cos_sin(double a, double *c, double *s)
{
    if (a > TWO_PI / 2)
        a -= TWO_PI;
    double term_c = 1, term_s = a, sum_c = 1, sum_s = a;
    for (int k = 1; k < 30; k++) {
        term_c *= -a * a / ((2.0 * k - 1) * (2.0 * k));
        term_s *= -a * a / ((2.0 * k) * (2.0 * k + 1));
        sum_c += term_c;
        sum_s += term_s;
    }
    *c = sum_c;
    *s = sum_s;
}

/* ---- a set of taken tiles (open addressing, never shrinks) ---- */

struct tiles {
    uint64_t *slot; /* key + 1; 0 = empty */
    size_t mask;
};

static uint64_t
tile_key(long x, long y)
{
    return ((uint64_t)(uint32_t)(int32_t)x << 32 | (uint32_t)(int32_t)y) + 1;
}

static size_t
tile_hash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k;
}

/* Room for n tiles at a load of at most one half. */
static int
tiles_init(struct tiles *t, size_t n)
{
    size_t cap = 64;
    while (cap < 2 * n + 16)
        cap <<= 1;
    t->slot = calloc(cap, sizeof *t->slot);
    t->mask = cap - 1;
    return t->slot ? 0 : -1;
}

static int
tiles_has(const struct tiles *t, long x, long y)
{
    uint64_t k = tile_key(x, y);
    for (size_t i = tile_hash(k) & t->mask;; i = (i + 1) & t->mask) {
        if (t->slot[i] == 0)
            return 0;
        if (t->slot[i] == k)
            return 1;
    }
}

/* The caller sized the set for every insert it makes. */
static void
tiles_add(struct tiles *t, long x, long y)
{
    uint64_t k = tile_key(x, y);
    size_t i = tile_hash(k) & t->mask;
    while (t->slot[i] != 0 && t->slot[i] != k)
        i = (i + 1) & t->mask;
    t->slot[i] = k;
}

/* The tile and its eight neighbours are all free. */
static int
tiles_clear_around(const struct tiles *t, long x, long y)
{
    for (long dx = -1; dx <= 1; dx++)
        for (long dy = -1; dy <= 1; dy++)
            if (tiles_has(t, x + dx, y + dy))
                return 0;
    return 1;
}

/* The nearest tile to (x, y), in rings of growing distance, that is clear
 * around; (x, y) itself when it is. Bounded by SEARCH_RADIUS; -1 when
 * nothing is free within it. */
static int
tiles_nearest(const struct tiles *t, long x, long y, int parity, long *ox,
              long *oy)
{
    for (long r = 0; r <= SEARCH_RADIUS; r++)
        for (long dx = -r; dx <= r; dx++)
            for (long dy = -r; dy <= r; dy++) {
                if (labs(dx) != r && labs(dy) != r)
                    continue; /* inside: already tried */
                if (parity && ((dx & 1) || (dy & 1)))
                    continue;
                if (tiles_clear_around(t, x + dx, y + dy)) {
                    *ox = x + dx;
                    *oy = y + dy;
                    return 0;
                }
            }
    return -1;
}

/* ---- ordering ---- */

/* qsort has no context argument: the nodes being sorted. */
static const struct layout_node *sort_nodes;
static enum layout_kind sort_kind;

static int
cmp_int(int a, int b)
{
    return a < b ? -1 : a > b;
}

/* Servers in no cluster (-1) come after every cluster. */
static int
cmp_group(int a, int b)
{
    if (a < 0 || b < 0)
        return cmp_int(a < 0, b < 0);
    return cmp_int(a, b);
}

static int
cmp_nodes(const void *pa, const void *pb)
{
    size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
    const struct layout_node *a = &sort_nodes[ia], *b = &sort_nodes[ib];
    int c = 0;
    if (sort_kind == LAYOUT_REGION)
        c = cmp_int(a->region, b->region);
    if (c == 0 && sort_kind != LAYOUT_GRID)
        c = cmp_group(a->group, b->group);
    if (c == 0 && sort_kind != LAYOUT_GRID)
        c = cmp_int(a->type, b->type);
    return c ? c : (ia < ib ? -1 : ia > ib);
}

/* ---- shelf packing of blocks ---- */

struct block {
    size_t first, count; /* a run of the sorted index */
    long w, h;           /* size in tiles */
    long x, y;           /* where its first tile goes */
};

static void
block_size(struct block *b)
{
    long cols = sqrt_ceil(b->count);
    long rows = ((long)b->count + cols - 1) / cols;
    b->w = (cols - 1) * LAYOUT_SPACING + 1;
    b->h = (rows - 1) * LAYOUT_SPACING + 1;
}

/* Places blocks left to right in rows about as wide as the square root of
 * their total area (a roughly square result); *w and *h get the extent. */
static void
pack(struct block *b, size_t nb, long gap, long *w, long *h)
{
    double area = 0;
    long widest = 1;
    for (size_t i = 0; i < nb; i++) {
        area += (double)(b[i].w + gap) * (double)(b[i].h + gap);
        if (b[i].w > widest)
            widest = b[i].w;
    }
    long row_w = sqrt_ceil((size_t)area);
    if (row_w < widest)
        row_w = widest;
    long x = 0, y = 0, shelf = 0;
    *w = 0;
    for (size_t i = 0; i < nb; i++) {
        if (x > 0 && x + b[i].w > row_w) {
            y += shelf + gap;
            x = 0;
            shelf = 0;
        }
        b[i].x = x;
        b[i].y = y;
        x += b[i].w + gap;
        if (b[i].h > shelf)
            shelf = b[i].h;
        if (x - gap > *w)
            *w = x - gap;
    }
    *h = y + shelf;
}

/* Splits the sorted index into blocks where same() changes. */
static size_t
split(const size_t *idx, size_t m, struct block *out,
      int (*same)(const struct layout_node *, const struct layout_node *))
{
    size_t nb = 0;
    for (size_t i = 0; i < m; i++) {
        if (i == 0 || !same(&sort_nodes[idx[i - 1]], &sort_nodes[idx[i]])) {
            out[nb].first = i;
            out[nb].count = 0;
            nb++;
        }
        out[nb - 1].count++;
    }
    for (size_t i = 0; i < nb; i++)
        block_size(&out[i]);
    return nb;
}

/* A block per cluster (per cluster and region, by region); servers in
 * none get a block per type. */
static int
same_block(const struct layout_node *a, const struct layout_node *b)
{
    if ((sort_kind == LAYOUT_REGION && a->region != b->region) ||
        a->group != b->group)
        return 0;
    return a->group >= 0 || a->type == b->type;
}

static int
same_region(const struct layout_node *a, const struct layout_node *b)
{
    return a->region == b->region;
}

/* Writes the positions of the servers of one block. */
static void
fill_block(struct layout_node *n, const size_t *idx, const struct block *b,
           long ox, long oy)
{
    long cols = (b->w - 1) / LAYOUT_SPACING + 1;
    for (size_t k = 0; k < b->count; k++) {
        struct layout_node *p = &n[idx[b->first + k]];
        p->x = (double)(ox + b->x + ((long)k % cols) * LAYOUT_SPACING);
        p->y = (double)(oy + b->y + ((long)k / cols) * LAYOUT_SPACING);
    }
}

/* Automatic and by-region layouts of the sorted index. */
static int
arrange_blocks(struct layout_node *n, const size_t *idx, size_t m,
               enum layout_kind kind, long ox, long oy)
{
    struct block *b = calloc(m, sizeof *b);
    struct block *reg = kind == LAYOUT_REGION ? calloc(m, sizeof *reg) : NULL;
    long w, h;
    if (b == NULL || (kind == LAYOUT_REGION && reg == NULL)) {
        free(b);
        free(reg);
        return -1;
    }
    size_t nb = split(idx, m, b, same_block);
    if (kind != LAYOUT_REGION) {
        pack(b, nb, LAYOUT_GAP, &w, &h);
        for (size_t i = 0; i < nb; i++)
            fill_block(n, idx, &b[i], ox, oy);
        free(b);
        return 0;
    }
    /* Regions: pack each region's blocks, then the regions themselves. */
    size_t nr = split(idx, m, reg, same_region);
    size_t bi = 0;
    for (size_t r = 0; r < nr; r++) {
        size_t first = bi;
        while (bi < nb && b[bi].first < reg[r].first + reg[r].count)
            bi++;
        pack(b + first, bi - first, LAYOUT_GAP, &reg[r].w, &reg[r].h);
        reg[r].first = first; /* now: the region's first block */
        reg[r].count = bi - first;
    }
    pack(reg, nr, 2 * LAYOUT_GAP, &w, &h);
    for (size_t r = 0; r < nr; r++)
        for (size_t i = reg[r].first; i < reg[r].first + reg[r].count; i++)
            fill_block(n, idx, &b[i], ox + reg[r].x, oy + reg[r].y);
    free(b);
    free(reg);
    return 0;
}

static void
arrange_grid(struct layout_node *n, const size_t *idx, size_t m, long ox,
             long oy)
{
    struct block b = {.first = 0, .count = m};
    block_size(&b);
    fill_block(n, idx, &b, ox, oy);
}

/* Rings: one circle for a few nodes, else rings RING_FIRST, +SPACING, ...
 * each holding as many as fit SPACING apart. The circle's left edge is at
 * ox. Rounding to tiles can bring two nodes together: taken settles those
 * on the nearest clear tile. */
static void
arrange_circle(struct layout_node *n, const size_t *idx, size_t m, long ox,
               long oy, struct tiles *taken)
{
    double r_last;
    size_t k = 0;
    if (m <= RING_SINGLE) {
        r_last = (double)m * LAYOUT_SPACING / TWO_PI;
        if (r_last < 3)
            r_last = 3;
    } else {
        size_t left = m;
        r_last = RING_FIRST;
        for (;;) {
            size_t cap = (size_t)(TWO_PI * r_last / LAYOUT_SPACING);
            if (cap >= left)
                break;
            left -= cap;
            r_last += LAYOUT_SPACING;
        }
    }
    long cx = ox + (long)r_last + 2, cy = oy + (long)r_last + 2;
    double r = m <= RING_SINGLE ? r_last : RING_FIRST;
    while (k < m) {
        size_t cap = (size_t)(TWO_PI * r / LAYOUT_SPACING);
        size_t here = m - k < cap ? m - k : cap;
        if (here == 0)
            here = 1;
        for (size_t j = 0; j < here; j++, k++) {
            double c, sn;
            cos_sin(TWO_PI * (double)j / (double)here, &c, &sn);
            long x = cx + round_l(r * c), y = cy + round_l(r * sn);
            if (!tiles_clear_around(taken, x, y))
                tiles_nearest(taken, x, y, 0, &x, &y);
            tiles_add(taken, x, y);
            n[idx[k]].x = (double)x;
            n[idx[k]].y = (double)y;
        }
        r += LAYOUT_SPACING;
    }
}

/* The extent of the kept nodes; 0 when there is none. */
static int
kept_bounds(const struct layout_node *n, size_t count, long *minx, long *maxx,
            long *miny)
{
    int any = 0;
    for (size_t i = 0; i < count; i++) {
        if (!n[i].keep)
            continue;
        long x = round_l(n[i].x), y = round_l(n[i].y);
        if (!any || x < *minx)
            *minx = x;
        if (!any || x > *maxx)
            *maxx = x;
        if (!any || y < *miny)
            *miny = y;
        any = 1;
    }
    return any;
}

static int
fill_taken(struct tiles *t, const struct layout_node *n, size_t count)
{
    if (tiles_init(t, count) < 0)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (n[i].keep)
            tiles_add(t, round_l(n[i].x), round_l(n[i].y));
    return 0;
}

int
layout_arrange(struct layout_node *n, size_t count, enum layout_kind kind)
{
    size_t m = 0;
    size_t *idx = malloc((count ? count : 1) * sizeof *idx);
    long minx = 0, maxx = 0, miny = 0, ox = 0, oy = 0;
    struct tiles taken = {0};
    int rc = 0;

    if (idx == NULL)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (!n[i].keep)
            idx[m++] = i;
    if (m == 0) {
        free(idx);
        return 0;
    }
    if (kept_bounds(n, count, &minx, &maxx, &miny)) {
        ox = maxx + LAYOUT_GAP + 1;
        oy = miny;
    }
    sort_nodes = n;
    sort_kind = kind == LAYOUT_CIRCULAR ? LAYOUT_AUTO : kind;
    qsort(idx, m, sizeof *idx, cmp_nodes);
    switch (kind) {
    case LAYOUT_GRID:
        arrange_grid(n, idx, m, ox, oy);
        break;
    case LAYOUT_CIRCULAR:
        if (fill_taken(&taken, n, count) < 0) {
            rc = -1;
            break;
        }
        arrange_circle(n, idx, m, ox, oy, &taken);
        break;
    default:
        rc = arrange_blocks(n, idx, m, kind, ox, oy);
        break;
    }
    free(taken.slot);
    free(idx);
    return rc;
}

/* One cluster's kept members: where a newcomer goes. */
struct anchor {
    double sx, sy;
    long n;
    long x0, y0; /* the first kept member: the grid parity to follow */
};

static int
place_near(struct layout_node *n, size_t count)
{
    long minx = 0, maxx = 0, miny = 0, groups = 0;
    struct tiles taken;
    int rc = -1;

    kept_bounds(n, count, &minx, &maxx, &miny);
    for (size_t i = 0; i < count; i++)
        if (n[i].group + 1 > groups)
            groups = n[i].group + 1;
    struct anchor *an = calloc((size_t)groups + 1, sizeof *an);
    if (an == NULL || fill_taken(&taken, n, count) < 0) {
        free(an);
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        if (!n[i].keep || n[i].group < 0)
            continue;
        struct anchor *a = &an[n[i].group];
        if (a->n++ == 0) {
            a->x0 = round_l(n[i].x);
            a->y0 = round_l(n[i].y);
        }
        a->sx += n[i].x;
        a->sy += n[i].y;
    }
    /* Nodes with nowhere better to go start beside everything. */
    long spare_x = maxx + 2, spare_y = miny;
    for (size_t i = 0; i < count; i++) {
        if (n[i].keep)
            continue;
        const struct anchor *a = n[i].group >= 0 ? &an[n[i].group] : NULL;
        long x, y, tx = spare_x, ty = spare_y;
        int parity = 0;
        if (a != NULL && a->n > 0) {
            /* Snap the centre onto the members' grid. */
            tx =
                a->x0 + 2 * round_l((a->sx / (double)a->n - (double)a->x0) / 2);
            ty =
                a->y0 + 2 * round_l((a->sy / (double)a->n - (double)a->y0) / 2);
            parity = 1;
        }
        if (tiles_nearest(&taken, tx, ty, parity, &x, &y) < 0 &&
            tiles_nearest(&taken, tx, ty, 0, &x, &y) < 0) {
            /* Crowded within the search radius: a fresh column far out. */
            x = maxx + 2 + SEARCH_RADIUS;
            y = spare_y;
            while (!tiles_clear_around(&taken, x, y))
                y += LAYOUT_SPACING; /* bounded: taken holds count tiles */
        }
        tiles_add(&taken, x, y);
        n[i].x = (double)x;
        n[i].y = (double)y;
    }
    rc = 0;
    free(taken.slot);
    free(an);
    return rc;
}

int
layout_place_new(struct layout_node *n, size_t count, enum layout_kind kind)
{
    size_t fresh = 0, kept = 0;
    for (size_t i = 0; i < count; i++) {
        if (n[i].keep)
            kept++;
        else
            fresh++;
    }
    if (fresh == 0)
        return 0;
    if (kept == 0 || fresh > PLACE_NEAR_MAX)
        return layout_arrange(n, count, kind);
    return place_near(n, count);
}
