/* xport_int.h — internals shared by the xport_*.c files: a string arena,
 * a case-insensitive index, the compact records an import keeps of the
 * document, and the steps of an import.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_XPORT_INT_H
#define UC_XPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "store_probe.h"
#include "xport.h"

/* ---- arena: many small strings, freed at once ---- */

struct xport_chunk;
struct xport_arena {
    struct xport_chunk *head;
};

/* A NUL-terminated copy of s[0..n) that lives until xport_arena_free;
 * NULL on OOM. */
char *xport_arena_strn(struct xport_arena *a, const char *s, size_t n);

/* n bytes aligned for any type, zeroed; NULL on OOM. */
void *xport_arena_alloc(struct xport_arena *a, size_t n);
void xport_arena_free(struct xport_arena *a);

/* ---- index: keys of one or two strings, compared ignoring ASCII case
 * (as ids and cluster names compare in the store) ---- */

struct xport_slot {
    const char *a, *b; /* borrowed: must outlive the index; b may be NULL */
    uint32_t hash;
    int32_t elem; /* the entry's position in its document list */
    int32_t rec;  /* its record, or -1 when the entry is invalid */
};

struct xport_index {
    struct xport_slot *slot;
    size_t mask, n;
};

/* 0, or -1 on OOM. */
int xport_index_init(struct xport_index *ix, size_t expect);
void xport_index_free(struct xport_index *ix);

/* The slot of key (a, b), or NULL. */
struct xport_slot *xport_index_find(const struct xport_index *ix, const char *a,
                                    const char *b);

/* Adds (a, b) -> (elem, rec) unless present. Returns 0 added, 1 present
 * (*old points at the existing slot), -1 on OOM. */
int xport_index_add(struct xport_index *ix, const char *a, const char *b,
                    int32_t elem, int32_t rec, struct xport_slot **old);

/* ---- time stamps: "2026-11-29T08:00:00Z" (UTC, seconds) ---- */

#define XPORT_TIME_LEN 20

/* Writes t into out (size >= XPORT_TIME_LEN + 1). */
void xport_time_format(long long t, char *out, size_t outlen);

/* Parses exactly that shape (1970..9999); 0 or -1. */
int xport_time_parse(const char *s, long long *out);

/* ---- the writing end of both exporters ---- */

/* The writing end of an exporter (xport_export.c, fossflow_export.c):
 * after the first failed write, or once out of memory, nothing more is
 * written and the exporter reports the first cause. */
struct xport_out {
    xport_write_fn write;
    void *ctx;
    int write_failed, oom;
};

/* Writes s[0..n); 0, or -1 (and write_failed) when the writer refuses. */
int xport_out_raw(struct xport_out *o, const char *s, size_t n);

/* Writes v (stolen; NULL means out of memory: oom) as compact JSON. */
int xport_out_json(struct xport_out *o, json_t *v);

/* An exporter's failure as the one error the caller sees: out of memory
 * or a refused write (our side), else the store's error already in e, or
 * "err_db" when e holds none. Always returns -1. */
int xport_out_failed(const struct xport_out *o, struct err *e);

/* ---- shared by both importers (native and FossFLOW) ---- */

/* The start of either import: an empty report for mode and dry_run, and
 * the refusal ("xport_err_scoped") of an account that sees only some
 * clusters, since an import works on the whole estate. 0, or -1 with e
 * set. */
int xport_import_start(struct store *st, enum xport_mode mode, int dry_run,
                       struct xport_report *report, struct err *e);

/* The document's problems as the one error the caller sees:
 * "xport_err_invalid" with the report's issue count. Always returns -1. */
int xport_err_invalid(const struct xport_report *r, struct err *e);

/* 1 when cluster name is stored (*out filled), 0 when it is not, -1 on a
 * store failure (e set). e is cleared unless -1. */
int xport_cluster_find(struct store *st, const char *name, struct cluster *out,
                       struct err *e);

/* Fills the text columns of s from a checked record (each string fits
 * its column); type and status are SERVER_TYPES / SERVER_STATES indexes.
 * The other members of s are left as they are. */
void xport_server_text(struct server *s, const char *id, const char *name,
                       size_t type, const char *ip, const char *region,
                       const char *ports, size_t status);

/* ---- the document as records ---- */

enum xport_sec { SEC_SERVERS, SEC_CONNECTIONS, SEC_CLUSTERS, SEC__MAX };

/* Where an entry stands against the database. */
enum xport_db { DB_NEW, DB_CHANGED, DB_SAME };

/* Fields a server entry gave (absent ones: defaults for a new server,
 * the stored value for an existing one in merge mode). */
#define SRV_NAME      0x01u
#define SRV_REGION    0x02u
#define SRV_PORTS     0x04u
#define SRV_STATUS    0x08u
#define SRV_POS       0x10u /* "position" given... */
#define SRV_POS_SET   0x20u /* ...and not null */
#define SRV_CREATED   0x40u
#define SRV_UPDATED   0x80u
#define SRV_PROBE     0x100u /* "probe" given... */
#define SRV_PROBE_SET 0x200u /* ...and not null */

struct xport_srv {
    const char *id;    /* as written in the document */
    const char *canon; /* as stored: the database's spelling if it exists */
    const char *name;  /* "" when absent */
    const char *ip;
    const char *region; /* "" for none */
    const char *ports;  /* canonical "80 443", "" for the type's ports */
    const struct probe_settings *probe; /* SRV_PROBE_SET: in the arena */
    double x, y;
    long long created, updated;
    unsigned short flags;
    unsigned char type, status; /* SERVER_TYPES / SERVER_STATES index */
    unsigned char db;
};

/* 1 when a and b are the same settings. */
int xport_probe_equal(const struct probe_settings *a,
                      const struct probe_settings *b);

struct xport_conn {
    const char *from, *to; /* document spelling, then the stored one */
    long long created;
    int32_t elem;       /* position in the document's list */
    unsigned char type; /* CONN_TYPES index */
    unsigned char has_created, db;
};

#define CLU_DESC    0x01u
#define CLU_CREATED 0x02u
#define CLU_UPDATED 0x04u

struct xport_clu {
    const char *name;  /* as written in the document */
    const char *canon; /* as stored: the database's spelling if it exists */
    int32_t elem;
    const char *description; /* "" when absent */
    long long created, updated;
    size_t first, n; /* its members: imp->members[first .. first + n) */
    unsigned char flags, db;
    long long new_members; /* members not yet in the database */
};

/* The state of one import. */
struct xport_imp {
    struct store *st;
    enum xport_mode mode;
    struct xport_report *r;
    long long now;
    struct xport_arena arena;
    struct xport_srv *srv;
    size_t nsrv, capsrv;
    struct xport_conn *conn;
    size_t nconn, capconn;
    struct xport_clu *clu;
    size_t nclu, capclu;
    const char **members;
    size_t nmem, capmem;
    struct xport_index ids;   /* server id -> record */
    struct xport_index pairs; /* connection (from, to) in canonical order */
    struct xport_index names; /* cluster name */
    long long seen[SEC__MAX]; /* entries read per list */
    int broken; /* a syntax error ended the walk: the records are partial */
    int has_format, has_version;
    int fossflow;                    /* saw "items" (1) and "views" (2) */
    char unknown[8][XPORT_PATH_MAX]; /* unknown members, reported last */
    size_t nunknown;
    int oom;
    xport_progress_fn progress;
    void *progress_ctx;
    long long doc_len;
};

/* Records a problem at path (copied) with e's code, key and arguments;
 * field = path's last name. Keeps the first XPORT_ISSUES_MAX. */
void xport_issue(struct xport_imp *im, const char *path, const struct err *e);

/* Same, building the path "$.<list>[i]" + suffix (suffix "" or ".ip",
 * ".ports[2]"...). */
void xport_issue_at(struct xport_imp *im, enum xport_sec sec, size_t i,
                    const char *suffix, enum err_code code, const char *key,
                    const char *a1, const char *a2);

/* The path of member key below prefix: prefix ".key" when key is made of
 * [A-Za-z0-9_-], else prefix ["key"] with other bytes shown as '?' (at
 * most 32 of them). */
void xport_key_path(char *out, size_t outlen, const char *prefix,
                    const char *key);

/* The list's name ("servers"...). */
const char *xport_sec_name(enum xport_sec sec);

/* Calls im->progress when set. */
void xport_progress(struct xport_imp *im, enum xport_phase p, long long done,
                    long long total);

/* xport_doc.c: walks json[0..len) (a native document), handing each
 * top-level member other than the three lists to top(), and each entry of
 * the lists to entry(), one parsed value at a time (the caller decrefs
 * nothing: values are freed after the call). Syntax errors become issues
 * (path, line, column) and end the walk. Returns 0, or -1 on OOM. */
struct xport_walk {
    void (*top)(struct xport_imp *im, const char *key, json_t *value);
    void (*entry)(struct xport_imp *im, enum xport_sec sec, size_t i,
                  json_t *value);
};
int xport_doc_walk(struct xport_imp *im, const char *json, size_t len,
                   const struct xport_walk *w);

/* xport_check.c: the checks of one top-level member or list entry; a
 * valid entry becomes a record, every problem an issue. */
void xport_check_top(struct xport_imp *im, const char *key, json_t *value);
void xport_check_entry(struct xport_imp *im, enum xport_sec sec, size_t i,
                       json_t *value);

/* After the walk: "format" and "version" were given, unknown members
 * (issues), or the document is a FossFLOW one (one issue saying that
 * format cannot be imported yet). */
void xport_check_required(struct xport_imp *im);

/* xport_resolve.c: connection ends and cluster members against the
 * document's servers and (merge) the database, then where each entry
 * stands against the database (counts into im->r). 0, or -1 with e set on
 * a store failure. */
int xport_resolve(struct xport_imp *im, struct err *e);

/* xport_write.c: writes the records through store_bulk. 0 or -1. */
int xport_write(struct xport_imp *im, struct err *e);

#endif
