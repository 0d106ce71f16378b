/* cfgfile.h — Webmin's name=value files (config, *.acl, defaultacl, lang/
 * files). SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_CFGFILE_H
#define UC_CFGFILE_H

#include <stddef.h>

struct kv {
    char *key;
    char *val;
};

/* An ordered map; a later set of the same key replaces the value in place. */
struct cfgmap {
    struct kv *v;
    size_t n;
    size_t cap;
    size_t *slot; /* hash index over keys: entry index + 1, 0 = empty */
    size_t mask;  /* slots - 1 */
    struct cfgblock *strings; /* keys and values, in blocks that never move
                                 (one malloc per ~16 KiB, not two per line) */
};

#define CFGFILE_MAX_BYTES (1024 * 1024) /* larger files are refused */

/* Parses text as Webmin's read_file does: lines split at the FIRST '=',
 * lines starting with '#' skipped, lines without '=' ignored, "\r\n" and
 * "\n" both end a line, no quoting. Each pair is merged into m (later wins).
 * Pure and fuzzable. Returns 0, or -1 on OOM. */
int cfgmap_parse(struct cfgmap *m, const char *text, size_t len);

/* Reads and merges a file. Returns 0, or -1 if it is missing, unreadable or
 * over CFGFILE_MAX_BYTES (m is then unchanged). On -1 errno says why: ENOENT
 * for a missing file (callers may skip those and fail closed on the rest),
 * EFBIG over the cap, EINVAL for a non-regular file, ENOMEM. A line holding a
 * NUL byte is dropped (a C string cannot carry it). */
int cfgmap_read(struct cfgmap *m, const char *path);

/* The whole regular file at path, NUL-terminated; *len excludes the NUL.
 * Caller frees. NULL with errno set (as cfgmap_read) when missing, not a
 * regular file, unreadable or over CFGFILE_MAX_BYTES. */
char *cfgfile_read_all(const char *path, size_t *len);

/* Value for key, or NULL. Borrowed from m. */
const char *cfgmap_get(const struct cfgmap *m, const char *key);

/* Value for key, or def when missing. */
const char *cfgmap_get_or(const struct cfgmap *m, const char *key,
                          const char *def);

/* Sets or replaces a key (both copied). Returns 0 or -1 on OOM. */
int cfgmap_set(struct cfgmap *m, const char *key, const char *val);

/* Frees every entry; m is then empty and reusable. NULL-safe. */
void cfgmap_free(struct cfgmap *m);

#endif
