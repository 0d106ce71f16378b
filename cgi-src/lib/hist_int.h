/* hist_int.h — internals shared by the hist_*.c files: the encodings, the
 * handle, the partition files and their SQL.
 *
 * Partition files (one SQLite file per UTC day, STRICT tables):
 *   raw-YYYYMMDD.db (WAL)
 *     chunk(w, s, t0, n, data)   rowid table, UNIQUE INDEX (w, s, t0)
 *         w = start of the hour window, s = series key (rid * 16 +
 *         metric), t0 = first sample's timestamp, data = encoded samples.
 *         Keyed by window first so that sealing a window appends at the
 *         end of the b-trees instead of touching every page of the day.
 *         A rowid table: rows of 0.3-1 KB in a WITHOUT ROWID table would
 *         spill into overflow pages and be copied whole into interior
 *         pages (measured: 46 MB of pages for 6 MB of overflowing data).
 *     seg0, seg1(seq, rid, data)  PK (seq, rid), WITHOUT ROWID
 *         the log of the open chunks: flush number seq appends, for each
 *         server with new samples, one row holding for each of its series
 *         the bytes added to its open chunk since the previous flush
 *         (hist_seg_put); the last bytes of chunks sealed since the
 *         previous flush go first, under a number of their own, so that
 *         a series' chunks follow each other in flush order. The writer
 *         keeps no logged bytes: it reads a sealed chunk's segments back
 *         to write it. Appending (not rewriting whole chunks) keeps a
 *         flush's writes to the new samples; a row per server (not per
 *         series) divides the rows by the number of metrics. The segments
 *         of a chunk, in seq order, concatenate to its encoding: readers
 *         and a restarted writer rebuild the open chunks from them,
 *         ignoring those whose chunk has been written since. Chunks of
 *         even hours log into seg0, odd hours into seg1: once no open
 *         chunk needs a table, a flush empties it with "DELETE FROM" (a
 *         page-by-page clear, not a delete row by row).
 *     roll5(w, s, t0, data)      PK (w, s, t0), WITHOUT ROWID
 *         the 5 min points of one chunk (~100 bytes), keyed as the chunk.
 *     roll1h(s PK, data)         the 1 h points of series s for the day,
 *         rebuilt from its roll5 rows of an hour each time a chunk of that
 *         hour is sealed (so it is exact and idempotent).
 *     meta(k PK, v)              'samples': raw samples sealed here.
 *   roll-YYYYMMDD.db (rollback journal; written once by hist_retain)
 *     roll5, roll1h              copies of the raw file's.
 * A chunk and its roll-ups commit in one transaction of the day's file.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_HIST_INT_H
#define UC_HIST_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sqlite3.h>

#include "hist.h"

/* ---- encodings (hist_codec.c) ---- */

/* Raw chunk: the first sample is varint(ts) then zigzag varint(q); each
 * next one is varint(zigzag(q - previous q) << 1 | (dod != 0)) followed,
 * when the flag is set, by zigzag varint(dod), where dod is the change of
 * the gap between timestamps (the first gap counts from 0). A series
 * sampled at a steady interval whose value moves by at most 31 units costs
 * one byte per sample. */
#define HIST_VARINT_MAX 10
#define HIST_SAMPLE_MAX (2 * HIST_VARINT_MAX)

/* Encoder (and decoder) state: the previous sample of the chunk. */
struct hist_enc {
    int64_t ts;    /* last timestamp */
    int64_t delta; /* last gap between timestamps */
    int64_t q;     /* last quantised value */
    uint32_t n;    /* samples so far (0: the next one is the first) */
};

/* Encodes (ts, q) after *st into out (>= HIST_SAMPLE_MAX bytes) and
 * advances *st; ts must be after st->ts when st->n > 0. Returns the
 * number of bytes written. */
size_t hist_enc_sample(struct hist_enc *st, int64_t ts, int64_t q,
                       unsigned char *out);

/* Walks an encoded chunk. */
struct hist_dec {
    const unsigned char *p, *end;
    struct hist_enc st;
};

void hist_dec_init(struct hist_dec *d, const void *data, size_t len);

/* The next sample into *ts, *q: 1, 0 at the end, -1 when the data is
 * damaged (truncated varint, timestamps not increasing). */
int hist_dec_next(struct hist_dec *d, int64_t *ts, int64_t *q);

/* Decodes a whole chunk to check it and rebuild the encoder state after
 * its last sample into *st. 0, or -1 when damaged or empty. */
int hist_dec_state(const void *data, size_t len, struct hist_enc *st);

/* value * 10^decimals of metric m rounded, into *q: 0, or -1 when value
 * is not finite or |*q| would reach 2^50. */
int hist_quantise(enum hist_metric m, double value, int64_t *q);
double hist_unquantise(enum hist_metric m, int64_t q);

/* 10^decimals of metric m. */
double hist_scale(enum hist_metric m);

/* One series' part of a segment row: varint(metric), varint(t0 - day),
 * varint(len), then len bytes of its chunk. Writes it into out (>= 3 *
 * HIST_VARINT_MAX + len bytes) and returns its length. */
size_t hist_seg_put(unsigned char *out, enum hist_metric m, int64_t t0_off,
                    const unsigned char *data, size_t len);

/* One series' part of a segment row, as hist_seg_next reads it. */
struct hist_seg_part {
    enum hist_metric m;
    int64_t t0_off;            /* the chunk's start minus the day */
    const unsigned char *data; /* len bytes of the chunk, in the row */
    size_t len;
};

/* A walk over the parts of one segment row: p moves on toward end. */
struct hist_seg_walk {
    const unsigned char *p, *end;
};

/* The walk over the segment row in column col of a stepped statement. */
static inline struct hist_seg_walk
hist_seg_walk_col(sqlite3_stmt *st, int col)
{
    const unsigned char *p = sqlite3_column_blob(st, col);
    struct hist_seg_walk w = {p, p + sqlite3_column_bytes(st, col)};
    return w;
}

/* The next part of the walk into *out: 1, 0 at the end, -1 when
 * damaged. */
int hist_seg_next(struct hist_seg_walk *w, struct hist_seg_part *out);

/* The segment table of the chunks of window w: 0 or 1. */
static inline int
hist_seg_table(int64_t w)
{
    return (int)((w / HIST_CHUNK_SECONDS) % 2);
}

/* Aggregate of quantised samples in one bucket starting at ts. */
struct hist_agg {
    int64_t ts;
    int64_t min, max, sum, last;
    uint32_t n;
};

/* Adds one sample (later than those already in a). */
void hist_agg_add(struct hist_agg *a, int64_t q);

/* Merges b (data later than a's) into a. */
void hist_agg_merge(struct hist_agg *a, const struct hist_agg *b);

/* Roll-up points: per point varint(bucket number, as a gap from the
 * previous point's), varint(n), zigzag varint(min - previous last),
 * varint(max - min), varint(last - min), varint(sum - n * min). */
#define HIST_POINT_MAX (6 * HIST_VARINT_MAX)

/* Encodes pts[0..n) (ascending ts, multiples of width) into out (>= n *
 * HIST_POINT_MAX bytes). Returns the length. */
size_t hist_points_encode(const struct hist_agg *pts, size_t n, int64_t width,
                          unsigned char *out);

struct hist_pdec {
    const unsigned char *p, *end;
    int64_t width, bucket, last;
    int started;
};

void hist_pdec_init(struct hist_pdec *d, const void *data, size_t len,
                    int64_t width);

/* The next point into *a: 1, 0 at the end, -1 when damaged. */
int hist_pdec_next(struct hist_pdec *d, struct hist_agg *a);

/* ---- partitions (hist_part.c) ---- */

/* The roll-up tables, in raw and roll-up files alike. */
#define HIST_SCHEMA_ROLL                                              \
    "CREATE TABLE roll5 (w INTEGER NOT NULL, s INTEGER NOT NULL,"     \
    " t0 INTEGER NOT NULL, data BLOB NOT NULL,"                       \
    " PRIMARY KEY (w, s, t0)) STRICT, WITHOUT ROWID;\n"               \
    "CREATE TABLE roll1h (s INTEGER PRIMARY KEY, data BLOB NOT NULL)" \
    " STRICT;\n"

enum hist_kind { HIST_KIND_RAW, HIST_KIND_ROLL };

/* The statements of a partition, prepared on first use. */
enum hist_sql {
    SQL_CHUNK_PUT,
    SQL_CHUNK_HAS,
    SQL_ROLL5_PUT,
    SQL_ROLL1H_PUT,
    SQL_ROLL5_OF_HOUR,
    SQL_ROLL1H_GET,
    SQL_SEG_PUT0,
    SQL_SEG_PUT1,
    SQL_SEG_CLEAR0,
    SQL_SEG_CLEAR1,
    SQL_SEG_OF0,
    SQL_SEG_OF1,
    SQL_SEG_ALL,
    SQL_SEG_RANGE0,
    SQL_SEG_RANGE1,
    SQL_SAMPLES_ADD,
    SQL_SAMPLES,
    SQL_Q_CHUNKS,
    SQL_Q_ROLL5,
    SQL_BEGIN_READ,
    SQL_BEGIN_WRITE,
    SQL_COMMIT,
    SQL__MAX
};

struct hist_part {
    int64_t day; /* start of the UTC day; 0 = free slot */
    enum hist_kind kind;
    sqlite3 *db;
    sqlite3_stmt *stmt[SQL__MAX];
    dev_t dev; /* the file opened: a dropped and recreated file is */
    ino_t ino; /* noticed and reopened */
    uint64_t used;
    int pinned; /* a statement is being stepped: not to be evicted */
};

#define HIST_PARTS_MAX 8

/* ---- the handle ---- */

/* The open chunk of one series. Its bytes already logged (saved_len of
 * them, saved_n samples) live only in the segment tables; memory holds
 * the encoder state and the tail not yet logged, so a series costs the
 * writer this struct (plus a few bytes between two flushes) whatever the
 * length of its chunk. */
struct hist_head {
    int64_t s;           /* series key */
    int64_t t0;          /* first sample of the open chunk */
    struct hist_enc enc; /* enc.n == 0: no open chunk; enc.ts stays the
                            series' last timestamp across seals */
    int64_t first_seq;   /* the open chunk's first segment (0: none) */
    unsigned char *buf;  /* the tail: bytes after saved_len (NULL: none) */
    uint32_t len, cap;   /* the tail's length and allocation */
    uint32_t saved_len, saved_n; /* bytes and samples in segments */
};

/* A chunk sealed and waiting to be written: its first saved_len bytes
 * are in the segments from first_seq on, the rest in buf. */
struct hist_sealed {
    int64_t s, t0;
    int64_t first_seq; /* its segments must stay until it is written */
    uint32_t n, len;   /* samples and bytes of the whole chunk */
    uint32_t saved_len, cap;
    unsigned char *buf; /* bytes [saved_len, len), NULL when none */
};

/* A flush writes the batch when it holds at most HIST_BATCH_EAGER chunks;
 * a longer one (an hour turning over many series) waits until its hour
 * ended HIST_CHUNK_SECONDS / 12 before the newest sample (then every
 * series of that hour that still reports has sealed it), so that one pass
 * over the segment tables rebuilds them all, HIST_FLUSH_BYTES of chunks
 * per flush. A batch of HIST_BATCH_MAX is written at once. While written, the
 * chunks' bytes are rebuilt in groups of at most HIST_GATHER_BYTES. */
#define HIST_BATCH_EAGER  1024
#define HIST_BATCH_MAX    (1 << 17)
#define HIST_GATHER_BYTES (1 << 20)
/* A flush writes at most this much of a due batch (a pause of some 0.2 s
 * for the caller; an hour's 100,000 chunks take about ten flushes). */
#define HIST_FLUSH_BYTES (4 << 20)

struct hist {
    char dir[512];
    int readonly;
    int lock_fd;
    size_t max_series;
    int flush_seconds;
    /* series index: open addressing on s, slots hold head index + 1 */
    struct hist_head *heads;
    size_t nheads, capheads;
    uint32_t *slots;
    size_t nslots; /* power of two */
    struct hist_sealed *batch;
    size_t nbatch, capbatch;
    size_t buf_bytes;    /* bytes allocated for head and batch buffers */
    int64_t seq;         /* number of the next flush's segments */
    int64_t seg_days[8]; /* raw days that may hold segments */
    size_t nseg_days;
    int64_t newest;     /* newest timestamp appended */
    int64_t flushed_at; /* newest when the last flush ran */
    int64_t retired_before;
    int64_t appended, dropped;
    struct hist_part parts[HIST_PARTS_MAX];
    uint64_t clock;
};

/* Series key of (rid, m). */
static inline int64_t
hist_series(int64_t rid, enum hist_metric m)
{
    return rid * 16 + (int64_t)m;
}

static inline enum hist_metric
hist_series_metric(int64_t s)
{
    return (enum hist_metric)(s % 16);
}

static inline int64_t
hist_floor(int64_t t, int64_t width)
{
    return t - t % width; /* timestamps are > 0 */
}

/* "<dir>/raw-YYYYMMDD.db" or "roll-..." for day into out. 0, or -1 when it
 * does not fit. */
int hist_part_path(const struct hist *h, int64_t day, enum hist_kind kind,
                   const char *suffix, char *out, size_t outlen);

/* The open partition (day, kind): opened (created with its schema when
 * create is set; writers open read-write, readers read-only) and cached.
 * NULL with *e clear when the file does not exist and create is 0; NULL
 * with *e set on failure. Valid until the next hist_part_get. */
struct hist_part *hist_part_get(struct hist *h, int64_t day,
                                enum hist_kind kind, int create, struct err *e);

/* The statement which of p, reset with no bindings; NULL with *e set. */
sqlite3_stmt *hist_part_stmt(struct hist_part *p, enum hist_sql which,
                             struct err *e);

/* Runs a statement that returns no rows and resets it; 0 or -1 + *e. */
int hist_part_run(struct hist_part *p, sqlite3_stmt *s, struct err *e,
                  const char *what);

/* Logs p's last SQLite error and sets *e (err_db, err_db_busy or
 * err_db_corrupt). Always -1. */
int hist_part_fail(struct hist_part *p, struct err *e, const char *what);

/* The raw file of day (created if needed) in *out, with a write
 * transaction begun. 0, or -1 with *e set. */
int hist_part_begin(struct hist *h, int64_t day, struct hist_part **out,
                    struct err *e);

/* Commits p's transaction (rolled back if that fails). 0 or -1 + *e. */
int hist_part_commit(struct hist_part *p, struct err *e);

/* Rolls back p's transaction if one is open. */
void hist_part_rollback(struct hist_part *p);

/* Closes the cached connection to (day, kind), if any. */
void hist_part_forget(struct hist *h, int64_t day, enum hist_kind kind);

/* Closes every cached connection. */
void hist_part_close_all(struct hist *h);

/* The days present in h->dir as (day, kind) pairs, sorted by day then
 * kind, into a malloc'd array *out (caller frees) of *n entries. 0, or
 * -1 with *e set. */
struct hist_file {
    int64_t day;
    enum hist_kind kind;
};
int hist_part_list(const struct hist *h, struct hist_file **out, size_t *n,
                   struct err *e);

/* Parses "YYYYMMDD" into the day's first second; -1 when malformed. */
int64_t hist_day_parse(const char *ymd);

/* ---- heads and writing (hist_head.c, hist_seal.c, hist_log.c) ---- */

/* qsort, skipped when v is already in order (the usual case: series are
 * sealed and flushed in the order they were created, the daemon's). */
void hist_sort(void *v, size_t n, size_t size,
               int (*cmp)(const void *, const void *));

/* The head of series s, or NULL. */
struct hist_head *hist_head_find(struct hist *h, int64_t s);

/* The head of series s, created empty when missing; NULL with *e set
 * (series limit, out of memory). */
struct hist_head *hist_head_get(struct hist *h, int64_t s, struct err *e);

/* Moves the open chunk of hd into the batch (writing the batch first when
 * it holds HIST_BATCH_MAX chunks). 0, or -1 with *e set (hd unchanged). */
int hist_head_seal(struct hist *h, struct hist_head *hd, struct err *e);

/* Writes the batch of sealed chunks with their roll-ups, their logged
 * bytes read back from the segments: all of it (max_bytes 0), or in key
 * order until about max_bytes of chunks were written. The chunks not
 * written (or not committed, on failure) stay in the batch. 0, or -1
 * with *e set. */
int hist_write_batch(struct hist *h, size_t max_bytes, struct err *e);

/* Appends a segment for every open chunk that changed, then deletes the
 * segments no open chunk needs. 0 or -1 + *e. */
int hist_write_segments(struct hist *h, struct err *e);

/* Empties the segment tables no open or unwritten chunk needs. 0 or
 * -1 + *e. */
int hist_trim_segments(struct hist *h, struct err *e);

/* Rebuilds the open chunks from the segments of every raw partition
 * (writer open). 0 or -1 + *e. */
int hist_load_segments(struct hist *h, struct err *e);

#endif
