/* log.c — append-only module log; failures are silent by design (a CGI
 * must never block on stderr under miniserv).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static char log_path[4096];

void
log_set_path(const char *path)
{
    snprintf(log_path, sizeof log_path, "%s", path ? path : "");
}

void
log_msg(const char *fmt, ...)
{
    char line[2048];
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    va_list ap;

    if (log_path[0] == '\0')
        return;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int n = snprintf(line, sizeof line, "%s [%ld] ", stamp, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof line)
        return;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (m < 0)
        return;
    size_t len = strlen(line);
    for (size_t i = (size_t)n; i < len; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' '; /* one message, one line */
    line[len++] = '\n';
    int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    ssize_t w = write(fd, line, len);
    (void)w;
    close(fd);
}
