/* cli_logs.c — `clusterctl logs [-n N] [-f]`: the last lines of the
 * module's log ($WEBMIN_VAR/modules/unlimited-cluster/module.log), and
 * with -f what is appended after them until interrupted (a truncated or
 * replaced file is read again from its start).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_int.h"
#include "fdio.h"

#define BLOCK     65536
#define POLL_MS   250
#define MAX_LINES 100000

static volatile sig_atomic_t stop_follow;

static void
on_signal(int sig)
{
    (void)sig;
    stop_follow = 1;
}

/* The offset where the last `lines` lines of fd (size bytes) start,
 * reading backwards a block at a time. */
static off_t
tail_start(int fd, off_t size, long long lines)
{
    char block[BLOCK];
    off_t pos = size;
    long long seen = 0;

    if (lines == 0)
        return size;
    while (pos > 0) {
        off_t from = pos > BLOCK ? pos - BLOCK : 0;
        ssize_t n = pread(fd, block, (size_t)(pos - from), from);
        if (n <= 0)
            return 0;
        for (ssize_t i = n - 1; i >= 0; i--) {
            /* The newline ending the file does not start a line. */
            if (block[i] == '\n' && from + i != size - 1 && ++seen == lines)
                return from + i + 1;
        }
        pos = from;
    }
    return 0;
}

/* Copies fd from *pos to its end onto stdout; -1 when stdout is gone. */
static int
copy_from(int fd, off_t *pos)
{
    char block[BLOCK];
    for (;;) {
        ssize_t n = pread(fd, block, sizeof block, *pos);
        if (n <= 0)
            return 0;
        if (fd_write_all(STDOUT_FILENO, block, (size_t)n) < 0)
            return -1;
        *pos += n;
    }
}

static void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Follows path until a signal or stdout closes (the loop waits for the
 * file when it is missing). */
static int
follow(const char *path, int fd, off_t pos)
{
    struct stat sb, now;

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    if (fd >= 0 && fstat(fd, &sb) < 0)
        sb.st_ino = 0;
    while (!stop_follow) {
        if (fd >= 0 && copy_from(fd, &pos) < 0)
            break;
        sleep_ms(POLL_MS);
        if (stat(path, &now) < 0)
            continue; /* gone for a moment (rotation) */
        if (fd < 0 || now.st_ino != sb.st_ino || now.st_size < pos) {
            /* Replaced or truncated: read the new file from its start. */
            if (fd >= 0)
                close(fd);
            fd = open(path, O_RDONLY | O_CLOEXEC);
            pos = 0;
            if (fd >= 0 && fstat(fd, &sb) < 0)
                sb.st_ino = 0;
        }
    }
    if (fd >= 0)
        close(fd);
    return CLI_OK;
}

int
cli_cmd_logs(struct cli *c, int argc, char **argv)
{
    const char *lines_opt = NULL, *pos[1];
    int follow_flag = 0;
    const struct cli_opt opts[] = {{"lines", 'n', 1, &lines_opt, NULL},
                                   {"follow", 'f', 0, NULL, &follow_flag},
                                   {NULL, 0, 0, NULL, NULL}};
    char path[CLI_PATH_MAX + 16];
    long long lines = 20;
    size_t npos;
    struct stat sb;
    int rc = cli_args(c, argc, argv, opts, pos, 0, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "logs");
    if (lines_opt != NULL &&
        (rc = cli_number(c, "-n", lines_opt, 0, MAX_LINES, &lines)) != 0)
        return rc;
    snprintf(path, sizeof path, "%s/module.log", c->var_dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && !follow_flag) {
        fprintf(stderr, "%s\n", cli_text(c, "cli_logs_none", path, NULL));
        return CLI_OK;
    }
    off_t at = 0;
    if (fd >= 0 && fstat(fd, &sb) == 0) {
        at = tail_start(fd, sb.st_size, lines);
        if (!follow_flag) {
            copy_from(fd, &at);
            close(fd);
            return CLI_OK;
        }
    }
    return follow(path, fd, at);
}
