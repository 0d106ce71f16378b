/* dberr.c — SQLite result codes to struct err (see dberr.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stddef.h>

#include "dberr.h"

int
dberr_is_full(sqlite3 *db, int rc)
{
    if ((rc & 0xff) == SQLITE_FULL)
        return 1;
    /* A failed fsync, truncate or shm mapping reports an I/O error; the
     * system errno says whether the disk was full. */
    if ((rc & 0xff) == SQLITE_IOERR && db != NULL) {
        int sys = sqlite3_system_errno(db);
        return sys == ENOSPC || sys == EDQUOT;
    }
    return 0;
}

int
dberr_set(sqlite3 *db, int rc, const char *corrupt_key, struct err *e)
{
    int primary = rc & 0xff;

    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return err_set(e, ERR_BUSY, "", "err_db_busy", NULL, NULL);
    if (dberr_is_full(db, rc))
        return err_set(e, ERR_BUSY, "", "robust_disk_full", NULL, NULL);
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
        const char *file = db ? sqlite3_db_filename(db, "main") : NULL;
        return err_set(e, ERR_INTERNAL, "",
                       corrupt_key ? corrupt_key : "robust_db_corrupt",
                       file ? file : "", NULL);
    }
    return err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
}
