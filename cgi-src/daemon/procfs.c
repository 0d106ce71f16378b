/* procfs.c — this machine's metrics from /proc, shaped like a
 * node_exporter scrape (same counters, same device and filesystem rules).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"

/* This machine's name, asked again at most once a minute: a reload
 * looks at every server (one system call each was 10,000 at 10,000
 * servers). "" when unknown. */
static const char *
host_name(void)
{
    static char name[256];
    static time_t asked;
    time_t now = time(NULL);

    if (asked == 0 || now - asked >= 60 || now < asked) {
        if (gethostname(name, sizeof name) != 0)
            name[0] = '\0';
        name[sizeof name - 1] = '\0';
        asked = now;
    }
    return name;
}

int
procfs_is_local(const char *host)
{
    if (strcmp(host, "127.0.0.1") == 0 || strcmp(host, "::1") == 0 ||
        strcasecmp(host, "localhost") == 0 ||
        strcasecmp(host, "localhost.") == 0)
        return 1;
    const char *name = host_name();
    if (name[0] == '\0')
        return 0;
    size_t hn = strlen(host);
    if (hn > 0 && host[hn - 1] == '.')
        hn--; /* a trailing root dot */
    size_t nn = strlen(name);
    if (hn == nn && strncasecmp(host, name, nn) == 0)
        return 1;
    /* "web1.example.org" for a machine named "web1", and the reverse. */
    const char *dot = memchr(name, '.', nn);
    size_t short_n = dot ? (size_t)(dot - name) : nn;
    if (hn > short_n && host[short_n] == '.' &&
        strncasecmp(host, name, short_n) == 0 && dot == NULL)
        return 1;
    if (dot != NULL && hn == short_n && strncasecmp(host, name, hn) == 0)
        return 1;
    return 0;
}

/* ---- tokenising ---- */

struct cur {
    const char *p, *end;
};

static int
space(char c)
{
    return c == ' ' || c == '\t';
}

/* The next whitespace-separated field of the current line (not past
 * '\n'); 0 when the line has no more. */
static int
field(struct cur *c, const char **s, size_t *n)
{
    while (c->p < c->end && space(*c->p))
        c->p++;
    if (c->p >= c->end || *c->p == '\n')
        return 0;
    *s = c->p;
    while (c->p < c->end && !space(*c->p) && *c->p != '\n')
        c->p++;
    *n = (size_t)(c->p - *s);
    return 1;
}

/* Moves to the start of the next line; 0 at the end. */
static int
next_line(struct cur *c)
{
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    if (nl == NULL) {
        c->p = c->end;
        return 0;
    }
    c->p = nl + 1;
    return c->p < c->end;
}

static int
parse_u64(const char *s, size_t n, uint64_t *v)
{
    uint64_t x = 0;
    if (n == 0 || n > 19)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = x * 10 + (uint64_t)(s[i] - '0');
    }
    *v = x;
    return 0;
}

/* A decimal like "0.83" or "12345.67" (loadavg, uptime). */
static int
parse_dec(const char *s, size_t n, double *v)
{
    double x = 0, scale = 0;
    size_t digits = 0;
    if (n == 0 || n > 30)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' && scale == 0) {
            scale = 1;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return -1;
        digits++;
        if (scale > 0) {
            scale /= 10;
            x += (s[i] - '0') * scale;
        } else {
            x = x * 10 + (s[i] - '0');
        }
    }
    if (digits == 0)
        return -1;
    *v = x;
    return 0;
}

static void
set(struct nodeexp_raw *r, int f, double v)
{
    r->v[f] = v;
    r->have |= 1u << f;
}

/* "cpu  user nice system idle iowait irq softirq steal guest guest_nice":
 * node_exporter's modes are the first eight (guest time is already in
 * user and nice). */
int
procfs_parse_stat(const char *buf, size_t len, double clk_tck,
                  struct nodeexp_raw *r)
{
    struct cur c = {buf, buf + len};
    const char *s;
    size_t n;

    if (!(clk_tck > 0))
        return -1;
    do {
        if (!field(&c, &s, &n) || n != 3 || memcmp(s, "cpu", 3) != 0)
            continue;
        double total = 0, idle = 0;
        int i;
        for (i = 0; i < 8 && field(&c, &s, &n); i++) {
            uint64_t v;
            if (parse_u64(s, n, &v) < 0)
                return -1;
            total += (double)v;
            if (i == 3)
                idle = (double)v;
        }
        if (i < 4)
            return -1;
        set(r, NX_CPU_TOTAL, total / clk_tck);
        set(r, NX_CPU_IDLE, idle / clk_tck);
        return 0;
    } while (next_line(&c));
    return -1;
}

/* "MemTotal:  24684092 kB" */
int
procfs_parse_meminfo(const char *buf, size_t len, struct nodeexp_raw *r)
{
    struct cur c = {buf, buf + len};
    const char *s;
    size_t n;

    do {
        if (!field(&c, &s, &n))
            continue;
        int f = -1;
        if (n == 9 && memcmp(s, "MemTotal:", 9) == 0)
            f = NX_MEM_TOTAL;
        else if (n == 13 && memcmp(s, "MemAvailable:", 13) == 0)
            f = NX_MEM_AVAIL;
        if (f < 0)
            continue;
        uint64_t v;
        if (!field(&c, &s, &n) || parse_u64(s, n, &v) < 0)
            return -1;
        set(r, f, (double)v * 1024.0);
    } while (next_line(&c));
    return (r->have & (1u << NX_MEM_TOTAL)) && (r->have & (1u << NX_MEM_AVAIL))
               ? 0
               : -1;
}

/* Two header lines, then "  eth0: rxbytes p e d f f c m txbytes ...". */
int
procfs_parse_netdev(const char *buf, size_t len, struct nodeexp_raw *r)
{
    struct cur c = {buf, buf + len};
    double rx = 0, tx = 0;
    const char *s;
    size_t n;
    int lines = 0;

    do {
        const char *line = c.p;
        const char *nl = memchr(line, '\n', (size_t)(c.end - line));
        const char *eol = nl ? nl : c.end;
        const char *colon = memchr(line, ':', (size_t)(eol - line));
        if (colon == NULL)
            continue;
        const char *dev = line;
        while (dev < colon && space(*dev))
            dev++;
        c.p = colon + 1;
        uint64_t v[9];
        int i;
        for (i = 0; i < 9 && field(&c, &s, &n); i++)
            if (parse_u64(s, n, &v[i]) < 0)
                return -1;
        if (i < 9)
            return -1;
        lines++;
        if (nodeexp_net_skipped(dev, (size_t)(colon - dev)))
            continue;
        rx += (double)v[0];
        tx += (double)v[8];
    } while (next_line(&c));
    if (lines == 0)
        return -1;
    set(r, NX_NET_RX, rx);
    set(r, NX_NET_TX, tx);
    return 0;
}

/* "Tcp: RtoAlgorithm ... CurrEstab ..." then "Tcp: 1 200 ... 5 ...". */
int
procfs_parse_snmp(const char *buf, size_t len, struct nodeexp_raw *r)
{
    struct cur c = {buf, buf + len};
    const char *s;
    size_t n;
    int col = -1;

    do {
        if (!field(&c, &s, &n) || n != 4 || memcmp(s, "Tcp:", 4) != 0)
            continue;
        if (col < 0) {
            for (int i = 0; field(&c, &s, &n); i++)
                if (n == 9 && memcmp(s, "CurrEstab", 9) == 0)
                    col = i;
            if (col < 0)
                return -1;
            continue;
        }
        for (int i = 0; field(&c, &s, &n); i++) {
            uint64_t v;
            if (i != col)
                continue;
            if (parse_u64(s, n, &v) < 0)
                return -1;
            set(r, NX_TCP_ESTAB, (double)v);
            return 0;
        }
        return -1;
    } while (next_line(&c));
    return -1;
}

/* "0.83 1.19 0.80 2/345 6789" */
int
procfs_parse_loadavg(const char *buf, size_t len, struct nodeexp_raw *r)
{
    struct cur c = {buf, buf + len};
    static const int f[3] = {NX_LOAD1, NX_LOAD5, NX_LOAD15};
    const char *s;
    size_t n;

    for (int i = 0; i < 3; i++) {
        double v;
        if (!field(&c, &s, &n) || parse_dec(s, n, &v) < 0)
            return -1;
        set(r, f[i], v);
    }
    return 0;
}

/* The whole small file into buf (NUL-terminated); its length or -1. */
static ssize_t
slurp(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    size_t got = 0;
    if (fd < 0)
        return -1;
    while (got + 1 < size) {
        ssize_t n = read(fd, buf + got, size - 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    buf[got] = '\0';
    return (ssize_t)got;
}

static const char *const DISK_FS[] = {
    "ext2", "ext3",  "ext4", "xfs",      "btrfs", "zfs",  "f2fs",
    "vfat", "exfat", "jfs",  "reiserfs", "ntfs",  "ntfs3"};

static int
disk_fs(const char *t, size_t n)
{
    for (size_t i = 0; i < sizeof DISK_FS / sizeof *DISK_FS; i++)
        if (strlen(DISK_FS[i]) == n && memcmp(DISK_FS[i], t, n) == 0)
            return 1;
    return 0;
}

/* /proc/mounts escapes space, tab, newline and backslash as \ooo. */
static size_t
unescape_mount(const char *s, size_t n, char *out, size_t outlen)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < outlen; i++) {
        if (s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' &&
            s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' &&
            s[i + 3] <= '7') {
            out[o++] = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 +
                              (s[i + 3] - '0'));
            i += 3;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return o;
}

static void
read_disks(struct nodeexp_raw *r, const char *buf, size_t len)
{
    struct cur c = {buf, buf + len};
    const char *dev, *mnt, *type;
    size_t dn, mn, tn;
    char path[4096];

    do {
        if (!field(&c, &dev, &dn) || !field(&c, &mnt, &mn) ||
            !field(&c, &type, &tn) || !disk_fs(type, tn))
            continue;
        size_t pn = unescape_mount(mnt, mn, path, sizeof path);
        struct statvfs sv;
        if (statvfs(path, &sv) != 0 || sv.f_blocks == 0)
            continue;
        uint64_t key = nodeexp_fs_key(dev, dn, path, pn);
        size_t i;
        for (i = 0; i < r->nfs && r->fs[i].key != key; i++)
            ;
        if (i == r->nfs) {
            if (r->nfs == NODEEXP_FS_MAX)
                continue;
            r->nfs++;
        }
        r->fs[i].key = key;
        r->fs[i].size = (double)sv.f_blocks * (double)sv.f_frsize;
        r->fs[i].avail = (double)sv.f_bavail * (double)sv.f_frsize;
        r->fs[i].have = 3;
    } while (next_line(&c));
}

int
procfs_read(struct nodeexp_raw *r, char *errbuf, size_t errlen)
{
    static char *buf;
    const size_t size = 256 * 1024;
    ssize_t n;
    struct timespec now;
    double up;

    memset(r, 0, sizeof *r);
    if (buf == NULL && (buf = malloc(size)) == NULL) {
        snprintf(errbuf, errlen, "out of memory");
        return -1;
    }
    n = slurp("/proc/stat", buf, size);
    if (n < 0 || procfs_parse_stat(buf, (size_t)n, (double)sysconf(_SC_CLK_TCK),
                                   r) < 0) {
        snprintf(errbuf, errlen, "cannot read /proc/stat");
        return -1;
    }
    if ((n = slurp("/proc/meminfo", buf, size)) >= 0)
        procfs_parse_meminfo(buf, (size_t)n, r);
    if ((n = slurp("/proc/net/dev", buf, size)) >= 0)
        procfs_parse_netdev(buf, (size_t)n, r);
    if ((n = slurp("/proc/net/snmp", buf, size)) >= 0)
        procfs_parse_snmp(buf, (size_t)n, r);
    if ((n = slurp("/proc/loadavg", buf, size)) >= 0)
        procfs_parse_loadavg(buf, (size_t)n, r);
    if ((n = slurp("/proc/self/mounts", buf, size)) >= 0)
        read_disks(r, buf, (size_t)n);
    clock_gettime(CLOCK_REALTIME, &now);
    set(r, NX_TIME, (double)now.tv_sec + (double)now.tv_nsec / 1e9);
    if ((n = slurp("/proc/uptime", buf, size)) >= 0) {
        struct cur c = {buf, buf + n};
        const char *s;
        size_t sn;
        if (field(&c, &s, &sn) && parse_dec(s, sn, &up) == 0)
            set(r, NX_BOOT, r->v[NX_TIME] - up);
    }
    return 0;
}
