/* dberr.h — the one mapping of an SQLite failure to struct err, shared by
 * the store, the history files and backups: what the user reads for a
 * locked, full or damaged database.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_DBERR_H
#define UC_DBERR_H

#include <sqlite3.h>

#include "err.h"

/* Fills *e for db's last error (db may be NULL: then rc alone decides):
 *   BUSY, LOCKED                    -> ERR_BUSY "err_db_busy" (503)
 *   FULL, or any I/O error of ENOSPC/EDQUOT
 *                                   -> ERR_BUSY "robust_disk_full" (503:
 *                                      retry once space is freed)
 *   CORRUPT, NOTADB                 -> ERR_INTERNAL "robust_db_corrupt"
 *                                      with the file as $1 (how to restore)
 *   anything else                   -> ERR_INTERNAL "err_db"
 * corrupt_key overrides the key for a damaged file (NULL: the default).
 * Always returns -1. */
int dberr_set(sqlite3 *db, int rc, const char *corrupt_key, struct err *e);

/* 1 when rc (a primary or extended SQLite code) or db's last system errno
 * means the disk is full. */
int dberr_is_full(sqlite3 *db, int rc);

#endif
