/* hist.c — opening and closing a history (one writer, guarded by a lock
 * file; any number of readers) and flushing the writer's memory.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hist_int.h"
#include "log.h"

/* Takes the writer lock <dir>/writer.lock (held until close; released by
 * the kernel if the process dies). */
static int
lock_writer(struct hist *h, struct err *e)
{
    char path[600];

    if (mkdir(h->dir, 0750) < 0 && errno != EEXIST) {
        log_msg("hist: mkdir %s: %s", h->dir, strerror(errno));
        return err_set(e, ERR_INTERNAL, "", "err_hist_dir", h->dir, NULL);
    }
    snprintf(path, sizeof path, "%s/writer.lock", h->dir);
    h->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (h->lock_fd < 0) {
        log_msg("hist: open %s: %s", path, strerror(errno));
        return err_set(e, ERR_INTERNAL, "", "err_hist_dir", h->dir, NULL);
    }
    if (flock(h->lock_fd, LOCK_EX | LOCK_NB) < 0) {
        log_msg("hist: %s is locked by another writer", path);
        return err_set(e, ERR_BUSY, "", "err_db_busy", NULL, NULL);
    }
    return 0;
}

static void
free_all(struct hist *h)
{
    hist_part_close_all(h);
    for (size_t i = 0; i < h->nheads; i++)
        free(h->heads[i].buf);
    for (size_t i = 0; i < h->nbatch; i++)
        free(h->batch[i].buf);
    free(h->heads);
    free(h->slots);
    free(h->batch);
    if (h->lock_fd >= 0)
        close(h->lock_fd);
    free(h);
}

int
hist_open(const char *dir, const struct hist_options *opt, struct hist **out,
          struct err *e)
{
    struct hist_options def = {0};
    struct hist *h;
    int n;

    *out = NULL;
    if (opt == NULL)
        opt = &def;
    if ((h = calloc(1, sizeof *h)) == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    h->lock_fd = -1;
    n = snprintf(h->dir, sizeof h->dir, "%s", dir);
    if (n <= 0 || (size_t)n >= sizeof h->dir - 32) {
        free(h);
        return err_set(e, ERR_INTERNAL, "", "err_hist_dir", dir, NULL);
    }
    h->readonly = opt->readonly;
    h->max_series = opt->max_series ? opt->max_series : HIST_MAX_SERIES_DEFAULT;
    if (h->max_series > UINT32_MAX / 4)
        h->max_series = UINT32_MAX / 4;
    h->flush_seconds = opt->flush_seconds == 0 ? HIST_FLUSH_SECONDS_DEFAULT
                                               : opt->flush_seconds;
    if (!h->readonly) {
        if (lock_writer(h, e) < 0 || hist_load_segments(h, e) < 0) {
            free_all(h);
            return -1;
        }
    }
    *out = h;
    return 0;
}

/* Whether a long batch is due: its oldest hour ended HIST_CHUNK_SECONDS /
 * 12 before the newest sample (every series of that hour that still
 * reports has sealed it by then, and the stale ones are sealed just
 * before): the many chunks sealed as an hour turns are then rebuilt in
 * one pass over the log, a few MiB per flush. A short batch is written at
 * once (rebuilding it from the log is cheap). */
static int
batch_due(const struct hist *h)
{
    int64_t oldest = INT64_MAX;

    for (size_t i = 0; i < h->nbatch; i++)
        if (h->batch[i].t0 < oldest)
            oldest = h->batch[i].t0;
    return h->nbatch > 0 &&
           hist_floor(oldest, HIST_CHUNK_SECONDS) + HIST_CHUNK_SECONDS <=
               h->newest - HIST_CHUNK_SECONDS / 12;
}

static int
flush(struct hist *h, int all, struct err *e)
{
    int64_t stale;

    if (h->readonly)
        return 0;
    /* Even when this fails: retried after another flush_seconds, not on
     * every append. */
    h->flushed_at = h->newest;
    /* Heads whose hour ended a while ago belong to series that stopped
     * reporting: seal them so that their hour is rolled up. */
    stale = h->newest - HIST_CHUNK_SECONDS / 12;
    for (size_t i = 0; i < h->nheads; i++) {
        struct hist_head *hd = &h->heads[i];
        if (hd->enc.n > 0 &&
            hist_floor(hd->t0, HIST_CHUNK_SECONDS) + HIST_CHUNK_SECONDS <=
                stale &&
            hist_head_seal(h, hd, e) < 0)
            return -1;
    }
    /* The segments first: a sealed chunk's tail is then logged too, and
     * the batch is rebuilt from the segments alone. */
    if (hist_write_segments(h, e) < 0)
        return -1;
    if (all || h->nbatch <= HIST_BATCH_EAGER) {
        if (h->nbatch > 0 &&
            (hist_write_batch(h, 0, e) < 0 || hist_trim_segments(h, e) < 0))
            return -1;
    } else if (batch_due(h) && (hist_write_batch(h, HIST_FLUSH_BYTES, e) < 0 ||
                                hist_trim_segments(h, e) < 0))
        return -1;
    return 0;
}

int
hist_close(struct hist *h, struct err *e)
{
    int rc = 0;

    if (h == NULL)
        return 0;
    if (!h->readonly)
        rc = flush(h, 1, e);
    free_all(h);
    return rc;
}

int
hist_flush(struct hist *h, struct err *e)
{
    return flush(h, 0, e);
}
