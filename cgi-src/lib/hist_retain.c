/* hist_retain.c — retention by whole files (a day's raw file is unlinked
 * once its roll-ups have been copied into a roll-up file if they are kept
 * longer), and the figures for metrics and diagnose.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hist_int.h"
#include "log.h"

static const char ROLL_SCHEMA[] =
    "PRAGMA page_size = 16384;\n"
    "PRAGMA journal_mode = OFF;\n"
    "PRAGMA synchronous = FULL;\n" HIST_SCHEMA_ROLL
    "PRAGMA user_version = 1;\n";
static const char SQL_ATTACH[] = "ATTACH ?1 AS src";
static const char SQL_COPY[] =
    "BEGIN;\n"
    "INSERT INTO main.roll5 SELECT w, s, t0, data FROM src.roll5;\n"
    "INSERT INTO main.roll1h SELECT s, data FROM src.roll1h;\n"
    "COMMIT;\n"
    "DETACH src;\n";

static int
db_fail(sqlite3 *db, struct err *e, const char *what)
{
    log_msg("hist: %s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
    return err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
}

static void
fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Writes roll-DAY.db from raw-DAY.db's roll-up tables: built under a
 * temporary name and renamed, so that a roll-up file is always complete. */
static int
copy_rollups(struct hist *h, int64_t day, struct err *e)
{
    char src[600], tmp[600], dst[600];
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = -1;

    if (hist_part_path(h, day, HIST_KIND_RAW, NULL, src, sizeof src) < 0 ||
        hist_part_path(h, day, HIST_KIND_ROLL, ".tmp", tmp, sizeof tmp) < 0 ||
        hist_part_path(h, day, HIST_KIND_ROLL, NULL, dst, sizeof dst) < 0)
        return err_set(e, ERR_INTERNAL, "", "err_hist_dir", h->dir, NULL);
    unlink(tmp); /* left by a copy that did not finish */
    if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK) {
        db_fail(db, e, tmp);
        goto out;
    }
    sqlite3_busy_timeout(db, 5000);
    if (sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) !=
            SQLITE_OK ||
        sqlite3_exec(db, ROLL_SCHEMA, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, SQL_ATTACH, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_text(st, 1, src, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_DONE ||
        sqlite3_exec(db, SQL_COPY, NULL, NULL, NULL) != SQLITE_OK) {
        db_fail(db, e, "roll-up copy");
        goto out;
    }
    rc = 0;
out:
    sqlite3_finalize(st);
    if (db != NULL && sqlite3_close(db) != SQLITE_OK && rc == 0)
        rc = db_fail(db, e, "roll-up close");
    if (rc == 0 && rename(tmp, dst) < 0) {
        log_msg("hist: rename %s: %s", tmp, strerror(errno));
        rc = err_set(e, ERR_INTERNAL, "", "err_hist_dir", h->dir, NULL);
    }
    if (rc < 0)
        unlink(tmp);
    else
        fsync_dir(h->dir);
    return rc;
}

/* Unlinks a partition with its -wal and -shm. */
static int
drop(struct hist *h, int64_t day, enum hist_kind kind, struct err *e)
{
    static const char *const SFX[] = {"-wal", "-shm", ""};
    char path[600];

    hist_part_forget(h, day, kind);
    for (size_t i = 0; i < 3; i++) {
        if (hist_part_path(h, day, kind, SFX[i], path, sizeof path) < 0)
            return err_set(e, ERR_INTERNAL, "", "err_hist_dir", h->dir, NULL);
        if (unlink(path) < 0 && errno != ENOENT) {
            log_msg("hist: unlink %s: %s", path, strerror(errno));
            return err_set(e, ERR_INTERNAL, "", "err_hist_dir", h->dir, NULL);
        }
    }
    return 0;
}

/* A writer's open chunks in retired days would recreate their files at
 * the next flush: they are let go (the series keep their last timestamp).
 * Sealed ones are dropped by hist_write_batch. */
static void
forget_retired(struct hist *h)
{
    for (size_t i = 0; i < h->nheads; i++) {
        struct hist_head *hd = &h->heads[i];
        if (hd->enc.n == 0 || hd->t0 >= h->retired_before)
            continue;
        h->dropped += hd->enc.n;
        h->buf_bytes -= hd->cap;
        free(hd->buf);
        hd->buf = NULL;
        hd->cap = hd->len = 0;
        hd->enc.n = 0;
        hd->first_seq = 0;
        hd->saved_len = hd->saved_n = 0;
    }
}

int
hist_retain(struct hist *h, int64_t now, int raw_days, int rollup_days,
            struct err *e)
{
    struct hist_file *f;
    size_t n;
    int64_t raw_cut, roll_cut;
    int rc = 0;

    if (raw_days < 1 || raw_days > 100000)
        return err_set(e, ERR_INVALID, "raw_days", "err_out_of_range", "1",
                       "100000");
    if (rollup_days < 0 || rollup_days > 100000)
        return err_set(e, ERR_INVALID, "rollup_days", "err_out_of_range", "0",
                       "100000");
    raw_cut = now - (int64_t)raw_days * HIST_PARTITION_SECONDS;
    roll_cut = now - (int64_t)rollup_days * HIST_PARTITION_SECONDS;
    if (raw_cut > 0 &&
        hist_floor(raw_cut, HIST_PARTITION_SECONDS) > h->retired_before)
        h->retired_before = hist_floor(raw_cut, HIST_PARTITION_SECONDS);
    forget_retired(h);
    if (hist_part_list(h, &f, &n, e) < 0)
        return -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int64_t end = f[i].day + HIST_PARTITION_SECONDS;
        int has_roll = i + 1 < n && f[i + 1].day == f[i].day;
        if (f[i].kind == HIST_KIND_ROLL) {
            if (end <= roll_cut)
                rc = drop(h, f[i].day, HIST_KIND_ROLL, e);
            continue;
        }
        if (end > raw_cut)
            continue;
        if (end > roll_cut && !has_roll)
            rc = copy_rollups(h, f[i].day, e);
        if (rc == 0)
            rc = drop(h, f[i].day, HIST_KIND_RAW, e);
    }
    free(f);
    return rc;
}

/* Bytes of every file in the directory. */
static int64_t
dir_bytes(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    struct stat sb;
    char path[600];
    int64_t total = 0;

    if (d == NULL)
        return 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
            total += sb.st_size;
    }
    closedir(d);
    return total;
}

/* Raw samples sealed in one day file. */
static int
day_samples(struct hist *h, int64_t day, int64_t *n, struct err *e)
{
    struct hist_part *p = hist_part_get(h, day, HIST_KIND_RAW, 0, e);
    sqlite3_stmt *st;
    int rc;

    *n = 0;
    if (p == NULL)
        return e->code == ERR_OK ? 0 : -1;
    if ((st = hist_part_stmt(p, SQL_SAMPLES, e)) == NULL)
        return -1;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : hist_part_fail(p, e, "samples");
}

int
hist_stats(struct hist *h, struct hist_stats *out, struct err *e)
{
    struct hist_file *f;
    size_t n;
    int rc = 0;

    memset(out, 0, sizeof *out);
    out->bytes = dir_bytes(h->dir);
    if (hist_part_list(h, &f, &n, e) < 0)
        return -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int64_t k = 0;
        if (out->oldest == 0)
            out->oldest = f[i].day;
        out->newest = f[i].day;
        if (f[i].kind == HIST_KIND_ROLL) {
            out->rollup_days++;
            continue;
        }
        out->raw_days++;
        rc = day_samples(h, f[i].day, &k, e);
        out->samples += k;
    }
    free(f);
    if (!h->readonly) {
        out->series = h->nheads;
        out->memory_bytes = h->buf_bytes + h->capheads * sizeof *h->heads +
                            h->nslots * sizeof *h->slots +
                            h->capbatch * sizeof *h->batch;
        out->appended = h->appended;
        out->dropped = h->dropped;
        for (size_t i = 0; i < h->nheads; i++)
            out->samples += h->heads[i].enc.n;
        for (size_t i = 0; i < h->nbatch; i++)
            out->samples += h->batch[i].n;
    }
    return rc;
}
