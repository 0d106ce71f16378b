/* fossflow_icons.c — what a FossFLOW export draws with: our nine server
 * icons as base64 data: URLs (so the file opens offline), a colour and
 * line style per connection type, and a palette for cluster areas.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fossflow_int.h"
#include "types.h"

#define ICON_MAX_BYTES (64 * 1024)

/* CONN_TYPES order: standard http database cache monitoring. */
static const char *const LINK_COLORS[] = {"#78909c", "#1e88e5", "#8e24aa",
                                          "#f4511e", "#43a047"};
static const char *const LINK_STYLES[] = {"SOLID", "SOLID", "SOLID", "DASHED",
                                          "DOTTED"};
/* Light tints that keep the icons readable on top of them. */
static const char *const CLUSTER_COLORS[FF_CLUSTER_COLORS] = {
    "#a5b8f3", "#b5e3c3", "#f6d6a8", "#e8b9d9",
    "#b9e0ee", "#e6e3a1", "#d2c4f0", "#f3bcb6"};

const char *
ff_link_color(size_t i)
{
    return i < sizeof LINK_COLORS / sizeof LINK_COLORS[0] ? LINK_COLORS[i]
                                                          : LINK_COLORS[0];
}

const char *
ff_link_style(size_t i)
{
    return i < sizeof LINK_STYLES / sizeof LINK_STYLES[0] ? LINK_STYLES[i]
                                                          : LINK_STYLES[0];
}

const char *
ff_cluster_color(size_t k)
{
    return CLUSTER_COLORS[k % FF_CLUSTER_COLORS];
}

void
ff_default_icon_dir(char *out, size_t outlen)
{
    char exe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;

    if (n <= 0) {
        snprintf(out, outlen, "images");
        return;
    }
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (slash != NULL)
        *slash = '\0';
    snprintf(out, outlen, "%s/images", exe);
}

static int
base64(struct buf *out, const unsigned char *p, size_t n)
{
    static const char A[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char q[4];
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        q[0] = A[(v >> 18) & 63];
        q[1] = A[(v >> 12) & 63];
        q[2] = i + 1 < n ? A[(v >> 6) & 63] : '=';
        q[3] = i + 2 < n ? A[v & 63] : '=';
        if (buf_addn(out, q, 4) < 0)
            return -1;
    }
    return 0;
}

/* dir/type-<name>.svg into data (size ICON_MAX_BYTES); its length, or -1
 * when it cannot be read whole. */
static ssize_t
read_icon(const char *dir, const char *file, unsigned char *data)
{
    char path[1200];
    ssize_t n = 0, r;
    int fd;

    if (dir == NULL ||
        snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path)
        return -1;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return -1;
    while ((r = read(fd, data + n, ICON_MAX_BYTES - (size_t)n)) > 0)
        n += r;
    close(fd);
    if (r < 0 || n == 0 || n == ICON_MAX_BYTES)
        return -1;
    return n;
}

int
ff_icon_url(const char *dir, size_t t, struct buf *out)
{
    static unsigned char data[ICON_MAX_BYTES];
    const struct server_type *ty = &SERVER_TYPES[t];
    char iso[64];
    ssize_t n;

    /* The diagram's isometric drawing when there is one, else ours. */
    snprintf(iso, sizeof iso, "iso-%s.svg", ty->name);
    if ((n = read_icon(dir, iso, data)) < 0)
        n = read_icon(dir, ty->icon, data);

    if (n < 0) {
        /* A block in the type's colour, in the same 64 x 64 isometric
         * frame as our icons. */
        n = snprintf((char *)data, ICON_MAX_BYTES,
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                     "viewBox=\"0 0 64 64\" width=\"64\" height=\"64\">"
                     "<path fill=\"%s\" d=\"M32 8L56 22L32 36L8 22Z\"/>"
                     "<path fill=\"%s\" opacity=\".8\" "
                     "d=\"M8 22L32 36V52L8 38Z\"/>"
                     "<path fill=\"%s\" opacity=\".6\" "
                     "d=\"M56 22L32 36V52L56 38Z\"/></svg>",
                     ty->color, ty->color, ty->color);
    }
    if (buf_add(out, "data:image/svg+xml;base64,") < 0)
        return -1;
    return base64(out, data, (size_t)n);
}
