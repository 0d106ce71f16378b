/* hist_part.c — the history's partition files: names, schema, the small
 * cache of open connections with their prepared statements, and listing
 * the days present.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dberr.h"
#include "hist_int.h"
#include "log.h"

static const char *const SQL[SQL__MAX] = {
    [SQL_CHUNK_PUT] = "INSERT OR REPLACE INTO chunk (w, s, t0, n, data)"
                      " VALUES (?1, ?2, ?3, ?4, ?5)",
    [SQL_CHUNK_HAS] = "SELECT 1 FROM chunk"
                      " WHERE w = ?1 AND s = ?2 AND t0 = ?3",
    [SQL_ROLL5_PUT] = "INSERT OR REPLACE INTO roll5 (w, s, t0, data)"
                      " VALUES (?1, ?2, ?3, ?5)",
    [SQL_ROLL1H_PUT] = "INSERT OR REPLACE INTO roll1h (s, data)"
                       " VALUES (?1, ?5)",
    [SQL_ROLL5_OF_HOUR] = "SELECT data FROM roll5"
                          " WHERE w = ?1 AND s = ?2 ORDER BY t0",
    [SQL_ROLL1H_GET] = "SELECT data FROM roll1h WHERE s = ?1",
    [SQL_SEG_PUT0] = "INSERT OR REPLACE INTO seg0 (seq, rid, data)"
                     " VALUES (?1, ?2, ?3)",
    [SQL_SEG_PUT1] = "INSERT OR REPLACE INTO seg1 (seq, rid, data)"
                     " VALUES (?1, ?2, ?3)",
    [SQL_SEG_CLEAR0] = "DELETE FROM seg0",
    [SQL_SEG_CLEAR1] = "DELETE FROM seg1",
    /* One lookup per flush still in the table (the key starts with seq). */
    [SQL_SEG_OF0] = "WITH RECURSIVE q(seq) AS ("
                    " SELECT (SELECT min(seq) FROM seg0) UNION ALL"
                    " SELECT seq + 1 FROM q"
                    " WHERE seq < (SELECT max(seq) FROM seg0))"
                    " SELECT g.data FROM q CROSS JOIN seg0 g"
                    " WHERE g.seq = q.seq AND g.rid = ?1",
    [SQL_SEG_OF1] = "WITH RECURSIVE q(seq) AS ("
                    " SELECT (SELECT min(seq) FROM seg1) UNION ALL"
                    " SELECT seq + 1 FROM q"
                    " WHERE seq < (SELECT max(seq) FROM seg1))"
                    " SELECT g.data FROM q CROSS JOIN seg1 g"
                    " WHERE g.seq = q.seq AND g.rid = ?1",
    /* The segments of servers ?1..?2 from flush ?3 on: one range of the
     * key per flush. */
    [SQL_SEG_RANGE0] = "WITH RECURSIVE q(seq) AS ("
                       " SELECT ?3 UNION ALL SELECT seq + 1 FROM q"
                       " WHERE seq < (SELECT max(seq) FROM seg0))"
                       " SELECT g.seq, g.rid, g.data FROM q CROSS JOIN seg0 g"
                       " WHERE g.seq = q.seq AND g.rid BETWEEN ?1 AND ?2",
    [SQL_SEG_RANGE1] = "WITH RECURSIVE q(seq) AS ("
                       " SELECT ?3 UNION ALL SELECT seq + 1 FROM q"
                       " WHERE seq < (SELECT max(seq) FROM seg1))"
                       " SELECT g.seq, g.rid, g.data FROM q CROSS JOIN seg1 g"
                       " WHERE g.seq = q.seq AND g.rid BETWEEN ?1 AND ?2",
    [SQL_SEG_ALL] = "SELECT seq, rid, data FROM seg0 UNION ALL"
                    " SELECT seq, rid, data FROM seg1 ORDER BY 1, 2",
    [SQL_SAMPLES_ADD] = "INSERT INTO meta (k, v) VALUES ('samples', ?1)"
                        " ON CONFLICT (k) DO UPDATE SET v = v + excluded.v",
    [SQL_SAMPLES] = "SELECT coalesce(sum(v), 0) FROM meta"
                    " WHERE k = 'samples'",
    /* One lookup per hour window of the range (the key starts with the
     * window, so a plain range on w would read every series). */
    [SQL_Q_CHUNKS] = "WITH RECURSIVE ws(w) AS (SELECT ?1 UNION ALL"
                     " SELECT w + ?4 FROM ws WHERE w + ?4 <= ?2)"
                     " SELECT c.t0, c.data FROM ws CROSS JOIN chunk c"
                     " WHERE c.w = ws.w AND c.s = ?3",
    [SQL_Q_ROLL5] = "WITH RECURSIVE ws(w) AS (SELECT ?1 UNION ALL"
                    " SELECT w + ?4 FROM ws WHERE w + ?4 <= ?2)"
                    " SELECT r.t0, r.data FROM ws CROSS JOIN roll5 r"
                    " WHERE r.w = ws.w AND r.s = ?3",
    [SQL_BEGIN_READ] = "BEGIN",
    [SQL_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [SQL_COMMIT] = "COMMIT",
};

static const char SCHEMA_RAW[] =
    "CREATE TABLE chunk (w INTEGER NOT NULL, s INTEGER NOT NULL,"
    " t0 INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL) STRICT;\n"
    "CREATE UNIQUE INDEX chunk_key ON chunk (w, s, t0);\n"
    "CREATE TABLE seg0 (seq INTEGER NOT NULL, rid INTEGER NOT NULL,"
    " data BLOB NOT NULL, PRIMARY KEY (seq, rid)) STRICT, WITHOUT ROWID;\n"
    "CREATE TABLE seg1 (seq INTEGER NOT NULL, rid INTEGER NOT NULL,"
    " data BLOB NOT NULL, PRIMARY KEY (seq, rid)) STRICT, WITHOUT "
    "ROWID;\n" HIST_SCHEMA_ROLL
    "CREATE TABLE meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL)"
    " STRICT, WITHOUT ROWID;\n"
    "PRAGMA user_version = 1;\n";

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's
 * algorithms), so that file names need neither timegm nor a time zone. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

int64_t
hist_day_parse(const char *ymd)
{
    unsigned v[8];
    int64_t y;
    unsigned m, d;

    for (size_t i = 0; i < 8; i++) {
        if (ymd[i] < '0' || ymd[i] > '9')
            return -1;
        v[i] = (unsigned)(ymd[i] - '0');
    }
    y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    m = v[4] * 10 + v[5];
    d = v[6] * 10 + v[7];
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    int64_t day = days_from_civil(y, m, d);
    int64_t cy;
    unsigned cm, cd;
    civil_from_days(day, &cy, &cm, &cd);
    if (cy != y || cm != m || cd != d)
        return -1; /* 31 February */
    return day * HIST_PARTITION_SECONDS;
}

int
hist_part_path(const struct hist *h, int64_t day, enum hist_kind kind,
               const char *suffix, char *out, size_t outlen)
{
    int64_t y;
    unsigned m, d;
    int n;

    civil_from_days(day / HIST_PARTITION_SECONDS, &y, &m, &d);
    n = snprintf(out, outlen, "%s/%s-%04lld%02u%02u.db%s", h->dir,
                 kind == HIST_KIND_RAW ? "raw" : "roll", (long long)y, m, d,
                 suffix ? suffix : "");
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

int
hist_part_fail(struct hist_part *p, struct err *e, const char *what)
{
    int rc = sqlite3_extended_errcode(p->db);

    log_msg("hist: %s: %s (%d)", what, sqlite3_errmsg(p->db), rc);
    /* The shared mapping (dberr.h): a full disk reads "robust_disk_full";
     * a damaged history file keeps its own, generic key. */
    return dberr_set(p->db, rc, "err_db_corrupt", e);
}

sqlite3_stmt *
hist_part_stmt(struct hist_part *p, enum hist_sql which, struct err *e)
{
    if (p->stmt[which] == NULL &&
        sqlite3_prepare_v3(p->db, SQL[which], -1, SQLITE_PREPARE_PERSISTENT,
                           &p->stmt[which], NULL) != SQLITE_OK) {
        hist_part_fail(p, e, "prepare");
        return NULL;
    }
    return p->stmt[which];
}

int
hist_part_run(struct hist_part *p, sqlite3_stmt *s, struct err *e,
              const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return hist_part_fail(p, e, what);
    return 0;
}

int
hist_part_begin(struct hist *h, int64_t day, struct hist_part **out,
                struct err *e)
{
    struct hist_part *p = hist_part_get(h, day, HIST_KIND_RAW, 1, e);
    sqlite3_stmt *st;

    *out = p;
    if (p == NULL || (st = hist_part_stmt(p, SQL_BEGIN_WRITE, e)) == NULL)
        return -1;
    return hist_part_run(p, st, e, "begin");
}

int
hist_part_commit(struct hist_part *p, struct err *e)
{
    sqlite3_stmt *st = hist_part_stmt(p, SQL_COMMIT, e);
    if (st == NULL || hist_part_run(p, st, e, "commit") < 0) {
        hist_part_rollback(p);
        return -1;
    }
    return 0;
}

void
hist_part_rollback(struct hist_part *p)
{
    if (p == NULL || p->db == NULL || sqlite3_get_autocommit(p->db))
        return;
    for (size_t i = 0; i < SQL__MAX; i++)
        if (p->stmt[i] != NULL)
            sqlite3_reset(p->stmt[i]);
    sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
}

static void
part_close(struct hist_part *p)
{
    hist_part_rollback(p);
    for (size_t i = 0; i < SQL__MAX; i++)
        sqlite3_finalize(p->stmt[i]);
    sqlite3_close(p->db);
    memset(p, 0, sizeof *p);
}

void
hist_part_forget(struct hist *h, int64_t day, enum hist_kind kind)
{
    for (size_t i = 0; i < HIST_PARTS_MAX; i++)
        if (h->parts[i].db != NULL && h->parts[i].day == day &&
            h->parts[i].kind == kind)
            part_close(&h->parts[i]);
}

void
hist_part_close_all(struct hist *h)
{
    for (size_t i = 0; i < HIST_PARTS_MAX; i++)
        if (h->parts[i].db != NULL)
            part_close(&h->parts[i]);
}

static int
exec(struct hist_part *p, const char *sql, struct err *e, const char *what)
{
    if (sqlite3_exec(p->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return hist_part_fail(p, e, what);
    return 0;
}

static int
user_version(struct hist_part *p, int *v, struct err *e)
{
    sqlite3_stmt *s = NULL;
    int rc;

    if (sqlite3_prepare_v2(p->db, "PRAGMA user_version", -1, &s, NULL) !=
        SQLITE_OK)
        return hist_part_fail(p, e, "user_version");
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW)
        return hist_part_fail(p, e, "user_version");
    return 0;
}

/* Settings, then the schema: created by a writer on a new raw file;
 * *ready = 0 when a reader finds a file whose schema is not committed
 * yet (it holds no data). */
static int
configure(struct hist *h, struct hist_part *p, struct err *e, int *ready)
{
    int v = 0, persist = 1;

    *ready = 1;
    sqlite3_extended_result_codes(p->db, 1);
    sqlite3_busy_timeout(p->db, 5000);
    if (sqlite3_db_config(p->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) !=
            SQLITE_OK ||
        exec(p, "PRAGMA trusted_schema = OFF", e, "trusted_schema") < 0)
        return hist_part_fail(p, e, "configure");
    if (user_version(p, &v, e) < 0)
        return -1;
    if (v > 1) {
        log_msg("hist: partition format %d is newer than this module", v);
        return err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
    }
    if (h->readonly || p->kind != HIST_KIND_RAW) {
        *ready = v == 1;
        return 0;
    }
    /* Kept WAL and -shm: readers of a day being written never have to
     * create them, and the writer does not recreate them on each open. */
    sqlite3_file_control(p->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    /* 16 KiB pages (for a new file; ignored by an existing one): a chunk
     * row is 0.3-1 KB, and a 4 KiB page wastes up to one row at its end
     * (measured: 8 % of the chunk table). */
    if (exec(p, "PRAGMA page_size = 16384", e, "page_size") < 0 ||
        exec(p, "PRAGMA journal_mode = WAL", e, "journal_mode") < 0 ||
        exec(p, "PRAGMA synchronous = NORMAL", e, "synchronous") < 0 ||
        /* 4 MiB of page cache (SQLite's default is 2): the writer appends
         * at the end of its b-trees, so a bigger cache buys little speed
         * (measured with hist_bench: 16 MiB was not measurably faster)
         * and costs the daemon's memory. */
        exec(p, "PRAGMA cache_size = -4096", e, "cache_size") < 0 ||
        /* a big batch grows the WAL; give the space back afterwards */
        exec(p, "PRAGMA journal_size_limit = 16777216", e, "wal limit") < 0)
        return -1;
    if (v == 1)
        return 0;
    if (exec(p, "BEGIN IMMEDIATE", e, "schema") < 0)
        return -1;
    if (user_version(p, &v, e) < 0 ||
        (v == 0 && exec(p, SCHEMA_RAW, e, "schema") < 0) ||
        exec(p, "COMMIT", e, "schema") < 0) {
        hist_part_rollback(p);
        return -1;
    }
    return 0;
}

/* The cached entry for (day, kind), checking that a reader's file is
 * still the one it opened. */
static struct hist_part *
cached(struct hist *h, int64_t day, enum hist_kind kind, const char *path)
{
    struct stat sb;

    for (size_t i = 0; i < HIST_PARTS_MAX; i++) {
        struct hist_part *p = &h->parts[i];
        if (p->db == NULL || p->day != day || p->kind != kind)
            continue;
        if (h->readonly && (stat(path, &sb) < 0 || sb.st_dev != p->dev ||
                            sb.st_ino != p->ino)) {
            part_close(p);
            return NULL;
        }
        p->used = ++h->clock;
        return p;
    }
    return NULL;
}

static struct hist_part *
free_slot(struct hist *h)
{
    struct hist_part *lru = NULL;
    for (size_t i = 0; i < HIST_PARTS_MAX; i++) {
        if (h->parts[i].db == NULL)
            return &h->parts[i];
        if (!h->parts[i].pinned &&
            (lru == NULL || h->parts[i].used < lru->used))
            lru = &h->parts[i];
    }
    part_close(lru);
    return lru;
}

struct hist_part *
hist_part_get(struct hist *h, int64_t day, enum hist_kind kind, int create,
              struct err *e)
{
    char path[600];
    struct stat sb;
    struct hist_part *p;
    int flags, ready;

    err_clear(e);
    if (hist_part_path(h, day, kind, NULL, path, sizeof path) < 0) {
        err_set(e, ERR_INTERNAL, "", "err_hist_dir", h->dir, NULL);
        return NULL;
    }
    if ((p = cached(h, day, kind, path)) != NULL)
        return p;
    if (stat(path, &sb) < 0 && !create)
        return NULL;
    p = free_slot(h);
    p->day = day;
    p->kind = kind;
    /* A handle is used by one thread at a time: no SQLite mutexes. */
    flags = SQLITE_OPEN_NOMUTEX |
            (h->readonly || kind != HIST_KIND_RAW
                 ? SQLITE_OPEN_READONLY
                 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path, &p->db, flags, NULL) != SQLITE_OK) {
        if (p->db != NULL)
            hist_part_fail(p, e, path);
        else
            err_set(e, ERR_INTERNAL, "", "err_db", NULL, NULL);
        part_close(p);
        return NULL;
    }
    if (configure(h, p, e, &ready) < 0 || !ready || stat(path, &sb) < 0) {
        part_close(p);
        return NULL;
    }
    p->dev = sb.st_dev;
    p->ino = sb.st_ino;
    p->used = ++h->clock;
    return p;
}

static int
file_cmp(const void *a, const void *b)
{
    const struct hist_file *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

/* (day, kind) of a partition file name "raw-YYYYMMDD.db"; -1 if it is
 * not one. */
static int
name_parse(const char *name, struct hist_file *f)
{
    const char *ymd;

    if (strncmp(name, "raw-", 4) == 0) {
        f->kind = HIST_KIND_RAW;
        ymd = name + 4;
    } else if (strncmp(name, "roll-", 5) == 0) {
        f->kind = HIST_KIND_ROLL;
        ymd = name + 5;
    } else {
        return -1;
    }
    if (strlen(ymd) != 11 || strcmp(ymd + 8, ".db") != 0)
        return -1;
    f->day = hist_day_parse(ymd);
    return f->day < 0 ? -1 : 0;
}

int
hist_part_list(const struct hist *h, struct hist_file **out, size_t *n,
               struct err *e)
{
    DIR *d = opendir(h->dir);
    struct dirent *de;
    struct hist_file *v = NULL, f;
    size_t cap = 0;

    *out = NULL;
    *n = 0;
    if (d == NULL)
        return 0; /* no history yet */
    while ((de = readdir(d)) != NULL) {
        if (name_parse(de->d_name, &f) < 0)
            continue;
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct hist_file *nv = realloc(v, ncap * sizeof *v);
            if (nv == NULL) {
                free(v);
                closedir(d);
                return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
            }
            v = nv;
            cap = ncap;
        }
        v[(*n)++] = f;
    }
    closedir(d);
    if (*n > 1)
        qsort(v, *n, sizeof *v, file_cmp);
    *out = v;
    return 0;
}
