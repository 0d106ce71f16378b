/* xport.h — the estate as one document: export (streamed, memory bounded)
 * and import (whole document validated first, then written in the caller's
 * transaction, or nothing). The native format is docs/format.md; other
 * formats (FossFLOW, HTML) have names here but are not written yet.
 *
 * Typical use (REST API, clusterctl):
 *
 *   export:  store_begin(st, 0, e);            a consistent snapshot
 *            xport_export(st, write_cb, ctx, e);
 *            store_commit(st, e);
 *
 *   import:  store_begin(st, 1, e);            the one write transaction
 *            struct xport_report *r = calloc(1, sizeof *r);
 *            if (xport_import(st, body, len, XPORT_MERGE, dry_run, r,
 *                             NULL, NULL, e) == 0)
 *                store_commit(st, e);          (a dry run wrote nothing)
 *            else
 *                store_rollback(st);           r->issues says what is wrong
 *
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_XPORT_H
#define UC_XPORT_H

#include <stddef.h>
#include <time.h>

#include "err.h"
#include "lang.h"
#include "layout.h"
#include "store.h"

/* The value of "format" and the one version this module reads and writes. */
#define XPORT_FORMAT_NAME "unlimited-cluster"
#define XPORT_VERSION     1

enum xport_format {
    XPORT_NATIVE,   /* docs/format.md */
    XPORT_FOSSFLOW, /* a FossFLOW diagram (fossflow.h) */
    XPORT_HTML,     /* the diagram as one offline HTML page (snapshot.h) */
    XPORT__MAX
};

/* "native" | "fossflow" | "html" -> *out; 0, or -1 with e = ERR_INVALID
 * field "format" "xport_err_format_name" arg1 = name. */
int xport_format_parse(const char *name, enum xport_format *out, struct err *e);

/* The name of f ("native"...), and the Content-Type an HTTP answer should
 * carry ("application/json" for native and fossflow, "text/html;
 * charset=UTF-8" for html). */
const char *xport_format_name(enum xport_format f);
const char *xport_format_mime(enum xport_format f);

/* Where a long operation is, for a progress bar. done counts items of the
 * phase (servers, connections, clusters; bytes for XPORT_PHASE_PARSE),
 * total is their number (-1 when unknown). Called at the start and end of
 * each phase and every few thousand items in between. */
enum xport_phase {
    XPORT_PHASE_PARSE,       /* reading the JSON text */
    XPORT_PHASE_VALIDATE,    /* checking every entry (items: all entries) */
    XPORT_PHASE_WIPE,        /* replace mode: removing the old estate */
    XPORT_PHASE_SERVERS,     /* writing (import) or reading (export) */
    XPORT_PHASE_CONNECTIONS, /* idem */
    XPORT_PHASE_CLUSTERS,    /* idem */
    XPORT_PHASE_INDEX,       /* rebuilding the search index and counters */
    XPORT_PHASE__MAX
};
typedef void (*xport_progress_fn)(void *ctx, enum xport_phase phase,
                                  long long done, long long total);

/* "parse", "validate", ... (stable, for logs and JSON); the lang key of
 * its label is "xport_phase_<name>". */
const char *xport_phase_name(enum xport_phase p);

/* ---- export ---- */

/* Receives the document in pieces, in order; returns 0, or non-zero to
 * stop (xport_export then fails with ERR_INTERNAL "xport_err_write"). */
typedef int (*xport_write_fn)(void *ctx, const char *data, size_t len);

struct xport_export_opts {
    enum xport_format format;   /* XPORT_NATIVE */
    const char *cluster;        /* FossFLOW: only this cluster (NULL: all) */
    const char *region;         /* FossFLOW: only this region (NULL: all) */
    const char *icon_dir;       /* FossFLOW: the module's images/ (NULL:
                                   beside this program) */
    const char *module_dir;     /* HTML: the module (static/, lang/) */
    const struct lang *lang;    /* HTML: its texts (NULL: lang/en) */
    enum layout_kind layout;    /* HTML: for servers with no position */
    time_t exported;            /* the "exported" stamp; 0 = now */
    xport_progress_fn progress; /* may be NULL */
    void *progress_ctx;
};

/* Writes the whole estate in the native format through write: servers by
 * id, connections by (from, to), clusters by name with their member ids.
 * Memory stays bounded (one entry at a time) whatever the estate's size.
 * Run it inside a transaction (store_begin(st, 0, e)) so the document is one
 * consistent snapshot. Returns 0, or -1 with e set (store errors as store.h,
 * write failure ERR_INTERNAL "xport_err_write"). */
int xport_export(struct store *st, xport_write_fn write, void *ctx,
                 struct err *e);

/* The same with options (opts NULL = defaults). XPORT_FOSSFLOW writes a
 * FossFLOW document (fossflow.h: the estate, or opts->cluster / region);
 * XPORT_HTML the diagram as a self-contained page (snapshot.h: the whole
 * estate the store shows; it needs opts->module_dir, else ERR_INVALID
 * field "format" "xport_err_unsupported" before anything is written). */
int xport_export_as(struct store *st, const struct xport_export_opts *opts,
                    xport_write_fn write, void *ctx, struct err *e);

/* ---- import ---- */

enum xport_mode {
    XPORT_MERGE,   /* add what is new, update what exists, remove nothing */
    XPORT_REPLACE, /* the document becomes the whole estate */
};

/* "merge" | "replace" -> *out; 0, or -1 with e = ERR_INVALID field "mode"
 * "xport_err_mode" arg1 = name. */
int xport_mode_parse(const char *name, enum xport_mode *out, struct err *e);

/* What an import did (or, for a dry run, would do). "updated" counts
 * entries that exist and differ; "unchanged" those that exist and match;
 * "removed" (replace mode only) those in the database but not in the
 * document. */
struct xport_count {
    long long added, updated, unchanged, removed;
};

/* One problem in the document: where (a JSONPath such as
 * "$.servers[3].ip", "$" for the document itself) and what (err.key with
 * err.arg, as every other error: the lang text of the key, with $1 $2).
 * err.code is ERR_INVALID, or ERR_NOT_FOUND / ERR_CONFLICT for a missing
 * or repeated server/cluster; err.field is the last name of the path
 * ("ip"), or "" for an array element or the document. */
#define XPORT_PATH_MAX 96
struct xport_issue {
    char path[XPORT_PATH_MAX];
    struct err err;
};

/* The first XPORT_ISSUES_MAX problems found, in document order, are kept;
 * issues_total counts all of them. */
#define XPORT_ISSUES_MAX 100

/* Caller-owned (about 45 KiB: allocate it rather than put it on a small
 * stack); xport_import clears it first. */
struct xport_report {
    enum xport_mode mode;
    int dry_run;
    struct xport_count servers, connections, clusters;
    long long members_added; /* cluster memberships written */
    long long issues_total;
    size_t nissues;
    struct xport_issue issues[XPORT_ISSUES_MAX];
};

/* Imports the native document json[0..len) (need not be NUL-terminated).
 *
 * 1. Parses it (jansson; duplicate keys refused) and validates the WHOLE
 *    document with the same rules as the pages (valid.h): every field of
 *    every server, connection and cluster; duplicate ids, pairs and names;
 *    connection ends and cluster members must be servers of the document
 *    or, in merge mode, of the database. Every problem is recorded in
 *    report->issues (see above).
 * 2. Counts what would change (report counts).
 * 3. Unless dry_run, writes it all in the caller's write transaction
 *    (store_begin(st, 1, e)): replace removes the old estate first.
 *    Large imports take the bulk path (store_bulk.h): the search index and
 *    counters are rebuilt once at the end.
 *
 * progress may be NULL. Returns 0 (report filled; with dry_run nothing was
 * written), or -1 with e set: an invalid document gives ERR_INVALID field
 * "" key "xport_err_invalid" arg1 = issues_total (report->issues holds the
 * details; nothing was written); a store failure gives the store's error
 * (the caller must then roll back: part may have been written). */
int xport_import(struct store *st, const char *json, size_t len,
                 enum xport_mode mode, int dry_run, struct xport_report *report,
                 xport_progress_fn progress, void *progress_ctx, struct err *e);

#endif
