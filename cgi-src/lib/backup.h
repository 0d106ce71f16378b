/* backup.h — consistent copies of the database while pages and the
 * daemon keep writing (SQLite's online backup API), checking a copy, and
 * restoring one.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_BACKUP_H
#define UC_BACKUP_H

#include "err.h"

/* What a database file holds (filled by the calls below). */
struct backup_info {
    long long bytes; /* size of the file written or checked */
    int schema;      /* PRAGMA user_version */
    long long servers, connections, clusters;
};

/* Writes a snapshot of the database at db_path into dest: one read
 * transaction copies every page (writers are not blocked: WAL), the copy
 * is switched to a rollback journal (one self-contained file, 0600),
 * checked (integrity_check), then renamed over dest atomically. info may be
 * NULL. Errors: no database at db_path -> ERR_NOT_FOUND "xport_err_no_db"
 * (arg path); dest not writable -> ERR_INVALID "xport_err_backup_dest"
 * (arg dest); busy past ~10 s -> ERR_BUSY "err_db_busy"; else ERR_INTERNAL
 * (details in the module log). */
int backup_create(const char *db_path, const char *dest,
                  struct backup_info *info, struct err *e);

/* Checks that path is a database this module can use: an SQLite file
 * (else ERR_INVALID "xport_err_not_db"), intact (integrity_check, else
 * "xport_err_db_damaged"), holding this module's tables with a schema
 * version it knows (else "xport_err_not_ours", or "xport_err_db_newer"
 * arg version). Opens it read-only. */
int backup_check(const char *path, struct backup_info *info, struct err *e);

/* Restores the database at db_path from src:
 * 1. src is copied (backup API) to a temporary file next to db_path,
 *    which is checked as backup_check does; a bad file changes nothing.
 * 2. The current database, if any, is kept as "<db_path>.before-restore"
 *    (a consistent snapshot, replacing an older one).
 * 3. The copy's pages are written into the live database in one write
 *    transaction through the backup API, so connections other processes
 *    hold (pages, the daemon) simply see the restored data at their next
 *    transaction, and its -wal/-shm stay its own. Only when the live file
 *    is missing or is not a usable database is the copy renamed into place
 *    instead (the old -wal and -shm are moved aside with it first).
 * 4. The restored database is opened once with store_open, which upgrades
 *    an older schema, and one 'reset' event tells the change journal's
 *    readers to reload everything (store_events.h).
 * info (may be NULL) describes the restored database. */
int backup_restore(const char *db_path, const char *src,
                   struct backup_info *info, struct err *e);

#endif
