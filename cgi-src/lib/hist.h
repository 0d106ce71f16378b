/* hist.h — the metrics history: a time-series store of server metrics in
 * day-partitioned SQLite files under <dir of the main DB>/history/.
 *
 * Layout (details in hist_int.h):
 *   raw-YYYYMMDD.db   one UTC day, WAL: the encoded chunks (one per series
 *                     and hour), the log of the open chunks, and the 5 min
 *                     and 1 h roll-ups of the sealed chunks.
 *   roll-YYYYMMDD.db  the roll-ups of a day whose raw file was retired
 *                     (written once by hist_retain, then never changed).
 * A series is (server rid, metric). One process writes (the daemon, with a
 * writer handle); any number read (CGIs, API, clusterctl) with read-only
 * handles, never blocking the writer and never blocked by it.
 *
 * Accuracy: a value is stored as round(value * 10^decimals) with the
 * metric's decimals (hist_metric_decimals: 0.01 % for cpu, 1 B/s for
 * net_in...), so it comes back within half a unit of the last decimal, and
 * a value that already has at most that many decimals comes back as the
 * same double. |value * 10^decimals| must stay below 2^50. Roll-ups keep
 * min, max, sum and last of those integers: exact, whatever the level.
 *
 * Ordering: per series, timestamps must increase. An append at or before
 * the series' last timestamp (a duplicate or an out-of-order sample) is
 * dropped and counted (hist_append returns 1): the first value written
 * wins. A restarted writer knows the last timestamp of every series whose
 * open chunk it reloads.
 *
 * Durability: appends go to an in-memory head per series (its open chunk:
 * the samples of the current hour). hist_flush appends the new bytes of
 * every open chunk to a log in the day's file, and writes the chunks
 * sealed since (with their roll-ups), rebuilt from that log. A crash (of the
 * process or, with SQLite's synchronous=NORMAL in WAL mode, of the machine)
 * loses at most the samples appended since the last completed flush — at most
 * flush_seconds of sample time with automatic flushing (60 s by default)
 * — and never damages what was flushed; the next writer reloads the open
 * chunks. Readers see the data as of the last flush.
 *
 * Memory (writer): per series an 80-byte head (in an array grown by
 * doubling) and 4 to 16 bytes of index, whatever the length of its open
 * chunk: the bytes a flush logged are not kept, only the encoder's state
 * and the bytes appended since the last flush (a few a sample). When an
 * hour turns, each sealed chunk waits in the batch (48 bytes) until the
 * batch is written, and is then rebuilt from the log in groups of 1 MiB.
 * About 100-130 bytes a series, 10-13 MB for 100,000 series (10,000
 * servers x 10 metrics); it was 450-670 bytes a series (the whole open
 * chunk) before. Readers hold one day's points of one series at a time.
 *
 * A handle is not thread-safe: one thread at a time.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_HIST_H
#define UC_HIST_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* The metrics, with the names the API uses (hist_metric_name). Units:
 * cpu, memory, disk: percent used (0.01); net_in, net_out: bytes per
 * second (1); connections: count (1); uptime: seconds (1); load1: load
 * average (0.01); latency: milliseconds (0.001); up: 1 up, 0 down (1). */
enum hist_metric {
    HIST_CPU,
    HIST_MEMORY,
    HIST_DISK,
    HIST_NET_IN,
    HIST_NET_OUT,
    HIST_CONNECTIONS,
    HIST_UPTIME,
    HIST_LOAD1,
    HIST_LATENCY,
    HIST_UP,
    HIST_METRIC__MAX
};

/* "cpu", "memory", "disk", "net_in", "net_out", "connections", "uptime",
 * "load1", "latency", "up"; NULL when m is out of range. */
const char *hist_metric_name(enum hist_metric m);

/* The metric named name into *out: 0, or -1 (unknown name, or NULL). */
int hist_metric_parse(const char *name, enum hist_metric *out);

/* Decimals kept for metric m (the resolution is 10^-decimals); -1 when m
 * is out of range. */
int hist_metric_decimals(enum hist_metric m);

/* Where data for a query comes from. Steps choose the coarsest level whose
 * bucket divides them: step % 3600 == 0 -> 1 h, step % 300 == 0 -> 5 min,
 * anything else (and step 0) -> raw. A day whose raw file was retired is
 * answered from its 5 min roll-up; a day without roll-ups from raw. */
enum hist_level { HIST_RAW, HIST_5M, HIST_1H, HIST_LEVEL__MAX };

/* Bucket width of a level in seconds (0 for raw). */
int hist_level_seconds(enum hist_level l);

/* Samples of a series are cut into chunks at every HIST_CHUNK_SECONDS
 * boundary (UTC), and earlier when a chunk reaches HIST_CHUNK_MAX_BYTES. */
#define HIST_CHUNK_SECONDS     3600
#define HIST_CHUNK_MAX_BYTES   1024
#define HIST_PARTITION_SECONDS 86400

/* Highest server rid accepted (the series key is rid * 16 + metric). */
#define HIST_RID_MAX ((int64_t)1 << 58)

#define HIST_MAX_SERIES_DEFAULT    1000000
#define HIST_FLUSH_SECONDS_DEFAULT 60

struct hist_options {
    int readonly;      /* 1: a reader: query and stats only */
    size_t max_series; /* writer: series held in memory at most; 0 =
                          HIST_MAX_SERIES_DEFAULT. Bounds memory at about
                          max_series * 150 bytes, plus the samples appended
                          since the last flush */
    int flush_seconds; /* writer: hist_append flushes by itself once the
                          newest timestamp is this far past the last
                          flush; 0 = HIST_FLUSH_SECONDS_DEFAULT, -1 = never
                          (the caller calls hist_flush) */
};

struct hist; /* opaque */

/* Writes "<directory of db_path>/history" into out (size outlen): the
 * history directory of a main database. 0, or -1 when it does not fit. */
int hist_dir_for_db(const char *db_path, char *out, size_t outlen);

/* Opens the history in directory dir. A writer creates dir (mode 0750) if
 * missing, reloads the open chunks logged by the last flush, and must be
 * the only writer (a second one gets ERR_BUSY "err_db_busy"; the lock is
 * <dir>/writer.lock); a reader needs nothing to exist (an empty history
 * answers with no points). opt may be NULL (a writer with defaults). 0, or
 * -1 with *e set; the caller closes *out with hist_close. */
int hist_open(const char *dir, const struct hist_options *opt,
              struct hist **out, struct err *e);

/* Flushes a writer (as hist_flush), then frees everything. NULL-safe.
 * Returns 0, or -1 with *e set when the final flush failed (the handle is
 * freed either way; the unflushed samples are lost). */
int hist_close(struct hist *h, struct err *e);

/* Appends one sample of series (rid, m) at ts (Unix seconds, > 0) to its
 * head; cheap (no I/O) except when a batch of sealed chunks is due to be
 * written or an automatic flush is due. Timestamps on a steady grid (the
 * probe schedule rather than the second a probe ended) cost a byte less
 * per sample. Returns 0 stored, 1 dropped (ts
 * not after the series' last timestamp, or in a day already retired), or
 * -1 with *e set: bad rid, metric or ts, non-finite or out-of-range value
 * (ERR_INVALID, field "server", "metric", "ts" or "value"), too many
 * series (ERR_TOO_LARGE), a reader handle, or a write error. */
int hist_append(struct hist *h, int64_t rid, enum hist_metric m, int64_t ts,
                double value, struct err *e);

/* Seals open chunks whose hour ended more than HIST_CHUNK_SECONDS / 12
 * before the newest timestamp appended (series that stopped reporting),
 * logs the new bytes of every open and sealed chunk, and writes the
 * sealed chunks with their roll-ups: at once when they are at most 1,024,
 * else (an hour turning over many series) once their hour ended
 * HIST_CHUNK_SECONDS / 12 before the newest timestamp, in key order, 4 MiB
 * of chunks per flush (an hour's 100,000 take about ten); until then
 * readers see them through the log, at every level.
 * A crash after it returns loses nothing appended before. Costs about
 * 50 ms for 80,000 series with a minute of samples each, up to ~1.5 s
 * for the flush that writes an hour's 80,000 chunks (measured,
 * bench/README.md). Call it about once a minute (or let
 * flush_seconds do it), not after every few samples: each call writes a
 * log row per server with new samples (some 15 bytes of overhead each),
 * the log's high-water mark stays in the day's file as free pages, and a
 * reader looks up every flush of the open hour. 0, or -1 with *e set
 * (nothing is lost from memory; try again later). */
int hist_flush(struct hist *h, struct err *e);

/* One point of a query: the samples of one bucket [ts, ts + step) (or one
 * raw sample when step is 0). avg is the mean of the samples, last the
 * value with the latest timestamp. */
struct hist_point {
    int64_t ts;
    double min, max, avg, last;
    uint32_t n; /* samples in the bucket */
};

struct hist_query {
    int64_t rid;
    enum hist_metric metric;
    int64_t from, to; /* [from, to), Unix seconds; from < to */
    int64_t step;     /* 0: every raw sample; else the bucket width in
                         seconds, buckets aligned on multiples of step */
    /* Called for each non-empty bucket in time order; a non-zero return
       stops the query (hist_query still returns 0). */
    int (*fn)(const struct hist_point *p, void *ctx);
    void *ctx;
    unsigned levels_used; /* out: bit (1u << level) for each level read */
};

/* Runs q. With a roll-up level a bucket of the roll-up counts when its
 * start is in [from, to). A writer handle also sees its unflushed samples.
 * 0, or -1 with *e set (ERR_INVALID for a bad rid, metric, range or step:
 * field "server", "metric", "from" or "step"). */
int hist_query(struct hist *h, struct hist_query *q, struct err *e);

/* Drops partitions: raw days that ended more than raw_days days before
 * now, roll-up days that ended more than rollup_days before now. Before a
 * raw day is dropped its roll-ups are copied into roll-YYYYMMDD.db when
 * rollup_days keeps them longer. Each drop is an unlink (milliseconds);
 * the copy reads and writes a day's roll-ups once (about 1/4 of the raw
 * size). Readers that have a dropped file open finish their query. A
 * writer then drops samples of the retired days (hist_append returns 1)
 * instead of recreating their files: call it from the writer. raw_days
 * >= 1, rollup_days >= 0. 0, or -1 with *e set. */
int hist_retain(struct hist *h, int64_t now, int raw_days, int rollup_days,
                struct err *e);

struct hist_stats {
    int64_t bytes;   /* on disk: every file in the history directory */
    int raw_days;    /* raw partitions */
    int rollup_days; /* roll-up-only partitions */
    int64_t oldest;  /* start of the oldest day held (0 when none) */
    int64_t newest;  /* start of the newest day held (0 when none) */
    int64_t samples; /* raw samples in sealed chunks on disk, plus,
                        in a writer, those it holds in memory */
    /* writer handles only (0 in a reader): */
    size_t series;       /* series held in memory */
    size_t memory_bytes; /* heads, pending chunks and the series index */
    int64_t appended;    /* samples stored by hist_append since open */
    int64_t dropped;     /* samples dropped since open (duplicates, out of
                            order, retired days) */
};

/* Fills *out. Opens each raw partition briefly to read its sample count.
 * 0, or -1 with *e set. */
int hist_stats(struct hist *h, struct hist_stats *out, struct err *e);

#endif
